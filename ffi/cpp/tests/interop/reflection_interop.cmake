# ffi/cpp/tests/interop/reflection_interop.cmake: a module that reflects a class with ObjectDef,
# loaded by a host that reads it through the C registry, on our runtime.
#
# reflection_interop_ours     module built with our headers
# reflection_interop_modref   module built with the reference headers (TVM_FFI_REFERENCE_INCLUDE)

set(_refl_interop_dir ${CMAKE_CURRENT_LIST_DIR})

function(_tvm_ffi_refl_interop_module target include_dirs)
  add_library(${target} MODULE ${_refl_interop_dir}/reflection_module.cc)
  target_include_directories(${target} PRIVATE ${include_dirs})
  target_compile_features(${target} PRIVATE cxx_std_17)
  target_compile_options(${target} PRIVATE -Wall -Wextra)
  target_link_options(${target} PRIVATE -L$<TARGET_FILE_DIR:tvm_ffi_shared>)
  target_link_libraries(${target} PRIVATE -ltvm_ffi)
  add_dependencies(${target} tvm_ffi_shared)
  set_target_properties(${target} PROPERTIES PREFIX "" CXX_VISIBILITY_PRESET hidden
    SKIP_BUILD_RPATH ON LIBRARY_OUTPUT_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/interop)
endfunction()

add_executable(tvm_ffi_reflection_host ${_refl_interop_dir}/reflection_host.cc)
target_link_libraries(tvm_ffi_reflection_host PRIVATE tvm_ffi_shared tvm_ffi_header ${CMAKE_DL_LIBS})
target_compile_options(tvm_ffi_reflection_host PRIVATE -Wall -Wextra)

function(_tvm_ffi_refl_interop_test name module_target)
  add_test(NAME ${name} COMMAND tvm_ffi_reflection_host $<TARGET_FILE:${module_target}>)
  set_tests_properties(${name} PROPERTIES
    ENVIRONMENT "LD_LIBRARY_PATH=$<TARGET_FILE_DIR:tvm_ffi_shared>"
    FAIL_REGULAR_EXPRESSION "FAIL;ERROR: [A-Za-z]+Sanitizer;runtime error:")
endfunction()

_tvm_ffi_refl_interop_module(tvm_ffi_reflection_module
  "${PROJECT_SOURCE_DIR}/ffi/cpp/include;${PROJECT_SOURCE_DIR}/ffi/c/include")
set_target_properties(tvm_ffi_reflection_module PROPERTIES OUTPUT_NAME reflection_module)
_tvm_ffi_refl_interop_test(reflection_interop_ours tvm_ffi_reflection_module)

if(TVM_FFI_REFERENCE_INCLUDE)
  _tvm_ffi_refl_interop_module(tvm_ffi_reflection_module_reference "${TVM_FFI_REFERENCE_INCLUDE}")
  # The reference headers name parameters they never use.
  target_compile_options(tvm_ffi_reflection_module_reference PRIVATE -Wno-unused-parameter)
  set_target_properties(tvm_ffi_reflection_module_reference PROPERTIES
    OUTPUT_NAME reflection_module_ref)
  _tvm_ffi_refl_interop_test(reflection_interop_modref tvm_ffi_reflection_module_reference)
endif()

# test_reflection.cc loads libtvm_ffi_testing (ffi/cpp/testing) by path.
if(TARGET tvm_ffi_testing)
  target_compile_definitions(tvm_ffi_cpp_tests PRIVATE
    TVM_FFI_TESTING_LIB="$<TARGET_FILE:tvm_ffi_testing>")
  add_dependencies(tvm_ffi_cpp_tests tvm_ffi_testing)
  target_link_libraries(tvm_ffi_cpp_tests PRIVATE ${CMAKE_DL_LIBS})
endif()
