# ffi/c/tests/internal/internal.cmake: white-box tests of runtime internals, linked from its objects.
add_executable(tvm_ffi_internal_tests
  ${CMAKE_CURRENT_LIST_DIR}/test_library.cc
  $<TARGET_OBJECTS:tvm_ffi_objs>)
target_include_directories(tvm_ffi_internal_tests PRIVATE ${PROJECT_SOURCE_DIR}/ffi/c/src)
target_link_libraries(tvm_ffi_internal_tests PRIVATE tvm_ffi_header GTest::gtest GTest::gtest_main
  ${CMAKE_DL_LIBS} pthread)
target_compile_definitions(tvm_ffi_internal_tests PRIVATE
  TVM_FFI_TEST_MODULE_DIR="$<TARGET_FILE_DIR:tvm_ffi_test_abi_current>")

# Tiny modules that export different __tvm_ffi__abi_version constants. Their static
# initialiser aborts, so a test passes only if the check refuses them before dlopen.
foreach(variant current future_minor future_major none)
  add_library(tvm_ffi_test_abi_${variant} SHARED ${CMAKE_CURRENT_LIST_DIR}/abi_version_module.c)
  target_link_libraries(tvm_ffi_test_abi_${variant} PRIVATE tvm_ffi_header)
  set_target_properties(tvm_ffi_test_abi_${variant} PROPERTIES
    PREFIX "" OUTPUT_NAME "abi_${variant}"
    LIBRARY_OUTPUT_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/abi_modules)
  string(TOUPPER ${variant} _upper)
  target_compile_definitions(tvm_ffi_test_abi_${variant} PRIVATE ABI_VARIANT_${_upper})
  add_dependencies(tvm_ffi_internal_tests tvm_ffi_test_abi_${variant})
endforeach()
gtest_discover_tests(tvm_ffi_internal_tests DISCOVERY_MODE PRE_TEST)
