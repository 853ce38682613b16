# ffi/c/tests/interop/interop.cmake: builds interop_module/interop_host and registers the C interop ctests (our runtime; plus the reference combinations when available).
#
# interop_c_ours                module (our headers) + our runtime
# With TVM_FFI_REFERENCE_INCLUDE (see layout.cmake) and <include>/../lib/libtvm_ffi.so:
# interop_c_modref_rtours       module built with the reference headers + our runtime
# interop_c_modours_rtref       module built with our headers + the reference runtime
# interop_c_modref_rtref        both reference (sanity check of the host itself)
# The host resolves the runtime by path with dlsym; the module links -ltvm_ffi
# and binds, through the SONAME, to whichever runtime the host loaded first.
# ci/interop_c.sh runs the same four combinations outside CMake.

set(_interop_dir ${CMAKE_CURRENT_LIST_DIR})

function(_tvm_ffi_interop_module target include_dir)
  add_library(${target} MODULE ${_interop_dir}/interop_module.c)
  target_include_directories(${target} PRIVATE ${include_dir})
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror)
  # Link by name only (no rpath): the host has already loaded the runtime.
  target_link_options(${target} PRIVATE -L$<TARGET_FILE_DIR:tvm_ffi_shared>)
  target_link_libraries(${target} PRIVATE -ltvm_ffi)
  add_dependencies(${target} tvm_ffi_shared)
  set_target_properties(${target} PROPERTIES PREFIX "" C_VISIBILITY_PRESET default
    SKIP_BUILD_RPATH ON LIBRARY_OUTPUT_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/interop)
endfunction()

_tvm_ffi_interop_module(tvm_ffi_interop_module ${PROJECT_SOURCE_DIR}/ffi/c/include)
set_target_properties(tvm_ffi_interop_module PROPERTIES OUTPUT_NAME interop_module)

# The host never links the runtime.
add_executable(tvm_ffi_interop_host ${_interop_dir}/interop_host.c)
target_include_directories(tvm_ffi_interop_host PRIVATE ${PROJECT_SOURCE_DIR}/ffi/c/include)
target_compile_options(tvm_ffi_interop_host PRIVATE -Wall -Wextra -Werror)
find_package(Threads REQUIRED)
target_link_libraries(tvm_ffi_interop_host PRIVATE ${CMAKE_DL_LIBS} Threads::Threads)

function(_tvm_ffi_interop_test name runtime module_target)
  add_test(NAME ${name}
    COMMAND tvm_ffi_interop_host ${runtime} $<TARGET_FILE:${module_target}>)
  # Pass = exit status 0 (the host exits 1 on any failed check); also fail on
  # sanitizer reports, which may come after the summary line.
  set_tests_properties(${name} PROPERTIES
    FAIL_REGULAR_EXPRESSION "FAIL;ERROR: [A-Za-z]+Sanitizer;runtime error:")
endfunction()

_tvm_ffi_interop_test(interop_c_ours $<TARGET_FILE:tvm_ffi_shared> tvm_ffi_interop_module)

if(TVM_FFI_REFERENCE_INCLUDE)
  get_filename_component(_interop_ref_lib "${TVM_FFI_REFERENCE_INCLUDE}/../lib/libtvm_ffi.so" ABSOLUTE)
  if(EXISTS "${_interop_ref_lib}")
    _tvm_ffi_interop_module(tvm_ffi_interop_module_reference ${TVM_FFI_REFERENCE_INCLUDE})
    set_target_properties(tvm_ffi_interop_module_reference PROPERTIES OUTPUT_NAME interop_module_ref)
    _tvm_ffi_interop_test(interop_c_modref_rtours $<TARGET_FILE:tvm_ffi_shared>
                          tvm_ffi_interop_module_reference)
    _tvm_ffi_interop_test(interop_c_modours_rtref ${_interop_ref_lib} tvm_ffi_interop_module)
    _tvm_ffi_interop_test(interop_c_modref_rtref ${_interop_ref_lib}
                          tvm_ffi_interop_module_reference)
  endif()
endif()
