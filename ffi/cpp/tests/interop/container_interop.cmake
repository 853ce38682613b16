# ffi/cpp/tests/interop/container_interop.cmake: Array/List/Shape/Tensor binary-compat tests.
#
# container_module.cc is compiled against the REFERENCE C++ headers and loaded by
# container_host.cc (our SDK + our runtime), which checks both directions through
# the data: in-place layout reads, refcounts, copy-on-write, foreign List buffers.
# Skipped when TVM_FFI_REFERENCE_INCLUDE is unset.
if(NOT TVM_FFI_REFERENCE_INCLUDE)
  return()
endif()

set(_container_interop_dir ${CMAKE_CURRENT_LIST_DIR})

add_library(tvm_ffi_container_module_ref MODULE ${_container_interop_dir}/container_module.cc)
target_include_directories(tvm_ffi_container_module_ref PRIVATE ${TVM_FFI_REFERENCE_INCLUDE})
target_compile_features(tvm_ffi_container_module_ref PRIVATE cxx_std_17)
target_compile_options(tvm_ffi_container_module_ref PRIVATE -Wall -Wno-unused-parameter)
target_link_options(tvm_ffi_container_module_ref PRIVATE -L$<TARGET_FILE_DIR:tvm_ffi_shared>)
target_link_libraries(tvm_ffi_container_module_ref PRIVATE -ltvm_ffi)
add_dependencies(tvm_ffi_container_module_ref tvm_ffi_shared)
set_target_properties(tvm_ffi_container_module_ref PROPERTIES PREFIX "" OUTPUT_NAME container_module_ref
  CXX_VISIBILITY_PRESET hidden SKIP_BUILD_RPATH ON
  LIBRARY_OUTPUT_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/interop)

add_executable(tvm_ffi_container_host ${_container_interop_dir}/container_host.cc)
target_link_libraries(tvm_ffi_container_host PRIVATE tvm_ffi_shared tvm_ffi_header ${CMAKE_DL_LIBS})
target_compile_options(tvm_ffi_container_host PRIVATE -Wall -Wextra)

add_test(NAME interop_container_modref_rtours
         COMMAND tvm_ffi_container_host $<TARGET_FILE:tvm_ffi_container_module_ref>)
set_tests_properties(interop_container_modref_rtours PROPERTIES
  ENVIRONMENT "LD_LIBRARY_PATH=$<TARGET_FILE_DIR:tvm_ffi_shared>"
  PASS_REGULAR_EXPRESSION "container interop OK"
  FAIL_REGULAR_EXPRESSION "FAIL;ERROR: [A-Za-z]+Sanitizer;runtime error:")

# The same host (our SDK) on the reference runtime, when the wheel's library is next to its headers.
get_filename_component(_container_ref_lib "${TVM_FFI_REFERENCE_INCLUDE}/../lib/libtvm_ffi.so" ABSOLUTE)
if(EXISTS "${_container_ref_lib}")
  get_filename_component(_container_ref_dir "${_container_ref_lib}" DIRECTORY)
  add_test(NAME interop_container_modref_rtref_hostours
           COMMAND tvm_ffi_container_host $<TARGET_FILE:tvm_ffi_container_module_ref>)
  set_tests_properties(interop_container_modref_rtref_hostours PROPERTIES
    ENVIRONMENT "LD_LIBRARY_PATH=${_container_ref_dir}"
    PASS_REGULAR_EXPRESSION "container interop OK"
    FAIL_REGULAR_EXPRESSION "FAIL;ERROR: [A-Za-z]+Sanitizer;runtime error:")
endif()
