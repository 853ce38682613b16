# ffi/cpp/tests/interop/interop.cmake: C++ interop tests, cross_module built with our / the reference C++ headers, on our / the reference runtime.
#
# interop_cpp_ours              module (our headers) + our runtime
# With TVM_FFI_REFERENCE_INCLUDE (ffi/c/tests/layout/layout.cmake) and <include>/../lib/libtvm_ffi.so:
# interop_cpp_modref_rtours     module built with the reference headers + our runtime
# interop_cpp_modours_rtref     module built with our headers + the reference runtime
# interop_cpp_modref_rtref      both reference (sanity check of the host itself)
# The targets and tests come from interop_targets.cmake.

include(${CMAKE_CURRENT_LIST_DIR}/interop_targets.cmake)

tvm_ffi_interop_host(tvm_ffi_cpp_cross_host cross_host.cc)
tvm_ffi_interop_matrix(interop_cpp tvm_ffi_cpp_cross_host tvm_ffi_cpp_cross_module
                       cross_module.cc cross_module)
