# ffi/c/tests/seed/seed.cmake: builds the seed's C example module and its C host, registers ctest seed_add_one_c (and the C interop tests).

# The seed's module, compiled the way the seed compiles it:
#   gcc -shared -fPIC `tvm-ffi-config --cflags` src/add_one_c.c -o build/add_one_c.so \
#       `tvm-ffi-config --ldflags` `tvm-ffi-config --libs`
# i.e. the SDK include path and -ltvm_ffi, no warning flags: the seed text is
# kept verbatim and has an unused variable and unused parameters on purpose.
add_library(tvm_ffi_seed_add_one_c MODULE ${CMAKE_CURRENT_LIST_DIR}/add_one_c.c)
target_link_libraries(tvm_ffi_seed_add_one_c PRIVATE tvm_ffi_shared)
set_target_properties(tvm_ffi_seed_add_one_c PROPERTIES
  PREFIX ""
  OUTPUT_NAME add_one_c
  LIBRARY_OUTPUT_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/seed
  C_VISIBILITY_PRESET default)

# The host links the runtime under test and dlopens the module.
add_executable(tvm_ffi_seed_host ${CMAKE_CURRENT_LIST_DIR}/seed_host.c)
target_link_libraries(tvm_ffi_seed_host PRIVATE tvm_ffi_shared ${CMAKE_DL_LIBS})
target_compile_options(tvm_ffi_seed_host PRIVATE -Wall -Wextra -Werror)
add_dependencies(tvm_ffi_seed_host tvm_ffi_seed_add_one_c)

add_test(NAME seed_add_one_c
  COMMAND tvm_ffi_seed_host $<TARGET_FILE:tvm_ffi_seed_add_one_c>)
# Pass = exit status 0; a sanitizer report after the summary also fails it.
set_tests_properties(seed_add_one_c PROPERTIES
  FAIL_REGULAR_EXPRESSION "FAIL;ERROR: [A-Za-z]+Sanitizer;runtime error:")

# C-level interop module + host (ffi/c/tests/interop), run against our runtime.
include(${CMAKE_CURRENT_LIST_DIR}/../interop/interop.cmake OPTIONAL)
