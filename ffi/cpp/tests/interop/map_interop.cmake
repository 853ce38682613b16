# ffi/cpp/tests/interop/map_interop.cmake: Map/Dict binary compatibility, map_module built with our / the reference C++ headers, on our / the reference runtime.
#
# interop_map_ours            module (our headers) + our runtime
# With TVM_FFI_REFERENCE_INCLUDE and <include>/../lib/libtvm_ffi.so:
# interop_map_modref_rtours   module built with the reference headers + our runtime (the main check)
# interop_map_modours_rtref   module built with our headers + the reference runtime
# interop_map_modref_rtref    both reference (sanity check of the host itself)
# The targets and tests come from interop_targets.cmake.

include(${CMAKE_CURRENT_LIST_DIR}/interop_targets.cmake)

tvm_ffi_interop_host(tvm_ffi_map_host map_host.cc)
tvm_ffi_interop_matrix(interop_map tvm_ffi_map_host tvm_ffi_map_module map_module.cc map_module)
