# ffi/cpp/tests/interop/interop_targets.cmake: the functions every C++ interop test file uses.
#
# An interop test loads a module (built with our headers or with the reference
# headers in TVM_FFI_REFERENCE_INCLUDE) into a host built with our headers. The
# host links -ltvm_ffi without an rpath, so the test's LD_LIBRARY_PATH picks the
# runtime (ours, or the reference wheel's library next to its headers).

set(_tvm_ffi_interop_dir ${CMAKE_CURRENT_LIST_DIR})
set(_tvm_ffi_interop_fail "FAIL;ERROR: [A-Za-z]+Sanitizer;runtime error:")

# A loadable module `target` (file OUTPUT_NAME.so) from interop/<source>, built with
# our headers, or with the reference headers when REFERENCE is given. OUTPUT_DIR <dir>
# replaces the default <binary dir>/interop.
function(tvm_ffi_interop_module target source output_name)
  cmake_parse_arguments(ARG "REFERENCE" "OUTPUT_DIR" "" ${ARGN})
  if(NOT ARG_OUTPUT_DIR)
    set(ARG_OUTPUT_DIR ${CMAKE_CURRENT_BINARY_DIR}/interop)
  endif()
  add_library(${target} MODULE ${_tvm_ffi_interop_dir}/${source})
  if(ARG_REFERENCE)
    target_include_directories(${target} PRIVATE ${TVM_FFI_REFERENCE_INCLUDE})
    # The reference headers name parameters they never use.
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wno-unused-parameter)
  else()
    target_include_directories(${target} PRIVATE ${PROJECT_SOURCE_DIR}/ffi/cpp/include
                                                 ${PROJECT_SOURCE_DIR}/ffi/c/include)
    target_compile_options(${target} PRIVATE -Wall -Wextra)
  endif()
  target_compile_features(${target} PRIVATE cxx_std_17)
  target_link_options(${target} PRIVATE -L$<TARGET_FILE_DIR:tvm_ffi_shared>)
  target_link_libraries(${target} PRIVATE -ltvm_ffi)
  add_dependencies(${target} tvm_ffi_shared)
  set_target_properties(${target} PROPERTIES PREFIX "" OUTPUT_NAME ${output_name}
    CXX_VISIBILITY_PRESET hidden SKIP_BUILD_RPATH ON
    LIBRARY_OUTPUT_DIRECTORY ${ARG_OUTPUT_DIR})
endfunction()

# A host executable `target` from interop/<source>, built with our headers.
function(tvm_ffi_interop_host target source)
  add_executable(${target} ${_tvm_ffi_interop_dir}/${source})
  target_link_libraries(${target} PRIVATE tvm_ffi_shared tvm_ffi_header ${CMAKE_DL_LIBS})
  target_compile_options(${target} PRIVATE -Wall -Wextra)
  set_target_properties(${target} PROPERTIES SKIP_BUILD_RPATH ON)
endfunction()

# Test `name`: `host` loads `module_target` with the runtime found in `runtime_dir`.
# PASS <regex> additionally requires that output; ARGS <arg>... follow the module path.
function(tvm_ffi_interop_test name host module_target runtime_dir)
  cmake_parse_arguments(ARG "" "PASS" "ARGS" ${ARGN})
  add_test(NAME ${name} COMMAND ${host} $<TARGET_FILE:${module_target}> ${ARG_ARGS})
  set_tests_properties(${name} PROPERTIES ENVIRONMENT "LD_LIBRARY_PATH=${runtime_dir}"
    FAIL_REGULAR_EXPRESSION "${_tvm_ffi_interop_fail}")
  if(ARG_PASS)
    set_tests_properties(${name} PROPERTIES PASS_REGULAR_EXPRESSION "${ARG_PASS}")
  endif()
endfunction()

# Sets `out_var` to the directory of the reference runtime library, or to "" when
# TVM_FFI_REFERENCE_INCLUDE is unset or has no <include>/../lib/libtvm_ffi.so.
function(tvm_ffi_reference_runtime_dir out_var)
  set(dir "")
  if(TVM_FFI_REFERENCE_INCLUDE)
    get_filename_component(lib "${TVM_FFI_REFERENCE_INCLUDE}/../lib/libtvm_ffi.so" ABSOLUTE)
    if(EXISTS "${lib}")
      get_filename_component(dir "${lib}" DIRECTORY)
    endif()
  endif()
  set(${out_var} "${dir}" PARENT_SCOPE)
endfunction()

# The four-way check of one module source: tests <prefix>_ours (our headers, our
# runtime) and, with the reference runtime, <prefix>_modref_rtours,
# <prefix>_modours_rtref and <prefix>_modref_rtref (the host's own sanity check).
# Module targets are <module_target> and <module_target>_reference.
function(tvm_ffi_interop_matrix prefix host module_target source output_name)
  set(ours $<TARGET_FILE_DIR:tvm_ffi_shared>)
  tvm_ffi_interop_module(${module_target} ${source} ${output_name})
  tvm_ffi_interop_test(${prefix}_ours ${host} ${module_target} ${ours})
  tvm_ffi_reference_runtime_dir(ref)
  if(ref)
    set(module_ref ${module_target}_reference)
    tvm_ffi_interop_module(${module_ref} ${source} ${output_name}_ref REFERENCE)
    tvm_ffi_interop_test(${prefix}_modref_rtours ${host} ${module_ref} ${ours})
    tvm_ffi_interop_test(${prefix}_modours_rtref ${host} ${module_target} ${ref})
    tvm_ffi_interop_test(${prefix}_modref_rtref ${host} ${module_ref} ${ref})
  endif()
endfunction()
