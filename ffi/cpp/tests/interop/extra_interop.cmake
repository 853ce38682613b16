# ffi/cpp/tests/interop/extra_interop.cmake: the C++ functions of tvm/ffi/extra that the
# runtime exports (ReprPrint, DeepCopy, Recursive*, json::Parse/Stringify, ToJSONGraph,
# FromJSONGraph, StructuralEqual and StructuralHash), called from a module built with our / the reference headers, on our / the
# reference runtime.
#
# extra_interop_ours, and with the reference: extra_interop_modref_rtours,
# extra_interop_modours_rtref, extra_interop_modref_rtref.

include(${CMAKE_CURRENT_LIST_DIR}/interop_targets.cmake)

tvm_ffi_interop_host(tvm_ffi_extra_host extra_host.cc)
tvm_ffi_interop_matrix(extra_interop tvm_ffi_extra_host tvm_ffi_extra_module extra_module.cc
                       extra_module)
set_tests_properties(extra_interop_ours PROPERTIES PASS_REGULAR_EXPRESSION "all checks passed")
