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
include(${CMAKE_CURRENT_LIST_DIR}/interop_targets.cmake)

set(_module_ours $<TARGET_FILE_DIR:tvm_ffi_shared>)
set(_module_pass "module interop: all passed")
tvm_ffi_interop_module(module_plugin module_plugin.cc module_plugin OUTPUT_DIR ${_module_test_out})
tvm_ffi_interop_host(module_host module_host.cc)
tvm_ffi_interop_test(module_interop_ours module_host module_plugin ${_module_ours}
                     PASS "${_module_pass}")

tvm_ffi_reference_runtime_dir(_module_ref_dir)
if(_module_ref_dir)
  tvm_ffi_interop_module(module_plugin_ref module_plugin.cc module_plugin_ref REFERENCE
                         OUTPUT_DIR ${_module_test_out})
  # Reference-header module on our runtime, our-header module on the reference runtime.
  tvm_ffi_interop_test(module_interop_modref_rtours module_host module_plugin_ref ${_module_ours}
                       PASS "${_module_pass}")
  tvm_ffi_interop_test(module_interop_modours_rtref module_host module_plugin ${_module_ref_dir}
                       PASS "${_module_pass}")
  # The reference runtime closes a library before releasing its import cache: keep it open.
  tvm_ffi_interop_test(module_interop_modref_rtref module_host module_plugin_ref ${_module_ref_dir}
                       PASS "${_module_pass}" ARGS --keep-library)
endif()
