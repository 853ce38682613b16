# ffi/c/tests/docs_snippets/docs_snippets.cmake: compiles the C++ guide's snippets
# (docs/snippets/cpp/*.cc) into one module, which test_docs_snippets.cc loads and calls, so that
# every snippet shown in docs/cpp.md builds against our headers and does what the page says.
file(GLOB TVM_FFI_DOCS_SNIPPETS CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/docs/snippets/cpp/*.cc)
add_library(tvm_ffi_docs_snippets MODULE ${TVM_FFI_DOCS_SNIPPETS})
target_link_libraries(tvm_ffi_docs_snippets PRIVATE tvm_ffi_shared)
target_compile_options(tvm_ffi_docs_snippets PRIVATE -Wall -Wextra -Werror)
add_dependencies(tvm_ffi_c_tests tvm_ffi_docs_snippets)
# Only the one test file needs the path; a target-wide define would rebuild every test.
set_source_files_properties(${CMAKE_CURRENT_SOURCE_DIR}/test_docs_snippets.cc PROPERTIES
  COMPILE_DEFINITIONS "TVM_FFI_DOCS_SNIPPETS_MODULE=\"$<TARGET_FILE:tvm_ffi_docs_snippets>\"")
