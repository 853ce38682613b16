# ffi/cpp/tests/interop/reflection_interop.cmake: a module that reflects a class with ObjectDef,
# loaded by a host that reads it through the C registry, on our runtime.
#
# reflection_interop_ours     module built with our headers
# reflection_interop_modref   module built with the reference headers (TVM_FFI_REFERENCE_INCLUDE)

include(${CMAKE_CURRENT_LIST_DIR}/interop_targets.cmake)

set(_refl_ours $<TARGET_FILE_DIR:tvm_ffi_shared>)
tvm_ffi_interop_host(tvm_ffi_reflection_host reflection_host.cc)
tvm_ffi_interop_module(tvm_ffi_reflection_module reflection_module.cc reflection_module)
tvm_ffi_interop_test(reflection_interop_ours tvm_ffi_reflection_host tvm_ffi_reflection_module
                     ${_refl_ours})

if(TVM_FFI_REFERENCE_INCLUDE)
  tvm_ffi_interop_module(tvm_ffi_reflection_module_reference reflection_module.cc
                         reflection_module_ref REFERENCE)
  tvm_ffi_interop_test(reflection_interop_modref tvm_ffi_reflection_host
                       tvm_ffi_reflection_module_reference ${_refl_ours})
endif()

# test_reflection.cc loads libtvm_ffi_testing (ffi/cpp/testing) by path.
if(TARGET tvm_ffi_testing)
  target_compile_definitions(tvm_ffi_cpp_tests PRIVATE
    TVM_FFI_TESTING_LIB="$<TARGET_FILE:tvm_ffi_testing>")
  add_dependencies(tvm_ffi_cpp_tests tvm_ffi_testing)
  target_link_libraries(tvm_ffi_cpp_tests PRIVATE ${CMAKE_DL_LIBS})
endif()
