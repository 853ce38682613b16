# ffi/cpp/tests/interop/module_test.cmake: the C test modules loaded by test_module.cc, and the
# module interop tests (a C++ module using Module/ModuleObj across header sets and runtimes).

set(_module_test_dir ${CMAKE_CURRENT_LIST_DIR})
set(_module_test_out ${CMAKE_CURRENT_BINARY_DIR}/module_test)

function(_tvm_ffi_module_testlib target defs)
  add_library(${target} MODULE ${_module_test_dir}/module_testlib.c)
  target_include_directories(${target} PRIVATE ${PROJECT_SOURCE_DIR}/ffi/c/include)
  target_compile_definitions(${target} PRIVATE ${defs})
  # Symbols are left undefined and bound to whichever runtime the host loaded.
  set_target_properties(${target} PROPERTIES PREFIX "" OUTPUT_NAME ${target}
    C_VISIBILITY_PRESET hidden LIBRARY_OUTPUT_DIRECTORY ${_module_test_out})
  add_dependencies(tvm_ffi_cpp_tests ${target})
endfunction()

_tvm_ffi_module_testlib(module_testlib "")
_tvm_ffi_module_testlib(module_testlib_bin "MODULE_TEST_LIBRARY_BIN")
_tvm_ffi_module_testlib(module_testlib_bad_abi "MODULE_TEST_BAD_ABI")
target_compile_definitions(tvm_ffi_cpp_tests PRIVATE
  TVM_FFI_MODULE_TEST_DIR="${_module_test_out}")

# Module interop: module_plugin.cc (built with our or the reference headers) receives Modules
# from the host and returns its own ModuleObj subclass; module_host.cc (our headers) drives it.
function(_tvm_ffi_module_plugin target include_dirs)
  add_library(${target} MODULE ${_module_test_dir}/module_plugin.cc)
  target_include_directories(${target} PRIVATE ${include_dirs})
  target_compile_features(${target} PRIVATE cxx_std_17)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wno-unused-parameter)
  target_link_options(${target} PRIVATE -L$<TARGET_FILE_DIR:tvm_ffi_shared>)
  target_link_libraries(${target} PRIVATE -ltvm_ffi)
  add_dependencies(${target} tvm_ffi_shared)
  set_target_properties(${target} PROPERTIES PREFIX "" CXX_VISIBILITY_PRESET hidden
    SKIP_BUILD_RPATH ON LIBRARY_OUTPUT_DIRECTORY ${_module_test_out})
endfunction()

_tvm_ffi_module_plugin(module_plugin
  "${PROJECT_SOURCE_DIR}/ffi/cpp/include;${PROJECT_SOURCE_DIR}/ffi/c/include")

add_executable(module_host ${_module_test_dir}/module_host.cc)
target_link_libraries(module_host PRIVATE tvm_ffi_shared tvm_ffi_header)
target_compile_options(module_host PRIVATE -Wall -Wextra)
set_target_properties(module_host PROPERTIES SKIP_BUILD_RPATH ON)

function(_tvm_ffi_module_interop_test name runtime_dir plugin_target)
  add_test(NAME ${name} COMMAND module_host $<TARGET_FILE:${plugin_target}> ${ARGN})
  set_tests_properties(${name} PROPERTIES
    ENVIRONMENT "LD_LIBRARY_PATH=${runtime_dir}"
    PASS_REGULAR_EXPRESSION "module interop: all passed"
    FAIL_REGULAR_EXPRESSION "FAIL;ERROR: [A-Za-z]+Sanitizer;runtime error:")
endfunction()

_tvm_ffi_module_interop_test(module_interop_ours $<TARGET_FILE_DIR:tvm_ffi_shared> module_plugin)

if(TVM_FFI_REFERENCE_INCLUDE)
  get_filename_component(_module_ref_lib "${TVM_FFI_REFERENCE_INCLUDE}/../lib/libtvm_ffi.so"
                         ABSOLUTE)
  if(EXISTS "${_module_ref_lib}")
    get_filename_component(_module_ref_dir "${_module_ref_lib}" DIRECTORY)
    _tvm_ffi_module_plugin(module_plugin_ref "${TVM_FFI_REFERENCE_INCLUDE}")
    # Reference-header module on our runtime, our-header module on the reference runtime.
    _tvm_ffi_module_interop_test(module_interop_modref_rtours $<TARGET_FILE_DIR:tvm_ffi_shared>
                                 module_plugin_ref)
    # The reference runtime closes a library before releasing its import cache: keep it open.
    _tvm_ffi_module_interop_test(module_interop_modours_rtref ${_module_ref_dir} module_plugin)
    _tvm_ffi_module_interop_test(module_interop_modref_rtref ${_module_ref_dir} module_plugin_ref
                                 --keep-library)
  endif()
endif()
