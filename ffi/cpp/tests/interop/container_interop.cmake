# ffi/cpp/tests/interop/container_interop.cmake: Array/List/Shape/Tensor binary-compat tests.
#
# container_module.cc is compiled against the REFERENCE C++ headers and loaded by
# container_host.cc (our SDK + our runtime), which checks both directions through
# the data: in-place layout reads, refcounts, copy-on-write, foreign List buffers.
# Skipped when TVM_FFI_REFERENCE_INCLUDE is unset.
if(NOT TVM_FFI_REFERENCE_INCLUDE)
  return()
endif()

include(${CMAKE_CURRENT_LIST_DIR}/interop_targets.cmake)

tvm_ffi_interop_module(tvm_ffi_container_module_ref container_module.cc container_module_ref
                       REFERENCE)
tvm_ffi_interop_host(tvm_ffi_container_host container_host.cc)
tvm_ffi_interop_test(interop_container_modref_rtours tvm_ffi_container_host
                     tvm_ffi_container_module_ref $<TARGET_FILE_DIR:tvm_ffi_shared>
                     PASS "container interop OK")

# The same host (our SDK) on the reference runtime, when the wheel's library is next to its headers.
tvm_ffi_reference_runtime_dir(_container_ref_dir)
if(_container_ref_dir)
  tvm_ffi_interop_test(interop_container_modref_rtref_hostours tvm_ffi_container_host
                       tvm_ffi_container_module_ref ${_container_ref_dir}
                       PASS "container interop OK")
endif()
