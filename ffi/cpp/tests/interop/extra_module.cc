// ffi/cpp/tests/interop/extra_module.cc: a module that calls the C++ functions the runtime
// exports for tvm/ffi/extra (ReprPrint, DeepCopy, Recursive*, json::Parse/Stringify,
// ToJSONGraph/FromJSONGraph, StructuralEqual/StructuralHash).
// Built with our headers and with the reference headers, and loaded on either runtime, it
// checks that both runtimes export the same mangled names with the same behaviour.
#include <tvm/ffi/container/array.h>
#include <tvm/ffi/extra/dataclass.h>
#include <tvm/ffi/extra/json.h>
#include <tvm/ffi/extra/serialization.h>
#include <tvm/ffi/extra/structural_equal.h>
#include <tvm/ffi/extra/structural_hash.h>
#include <tvm/ffi/function.h>
#include <tvm/ffi/optional.h>
#include <tvm/ffi/string.h>

#include <cstdint>

namespace ffi = ::tvm::ffi;

namespace {

ffi::String Repr(ffi::Any value) { return ffi::ReprPrint(value); }

// One bit per relation: 1 eq, 2 lt, 4 le, 8 gt, 16 ge.
int64_t Compare(ffi::Any lhs, ffi::Any rhs) {
  return (ffi::RecursiveEq(lhs, rhs) ? 1 : 0) | (ffi::RecursiveLt(lhs, rhs) ? 2 : 0) |
         (ffi::RecursiveLe(lhs, rhs) ? 4 : 0) | (ffi::RecursiveGt(lhs, rhs) ? 8 : 0) |
         (ffi::RecursiveGe(lhs, rhs) ? 16 : 0);
}

int64_t Hash(ffi::Any value) { return ffi::RecursiveHash(value); }

ffi::Any Copy(ffi::Any value) { return ffi::DeepCopy(value); }

// Stringify(Parse(text)) with `indent` (none when <= 0).
ffi::String JsonRoundTrip(ffi::String text, int64_t indent) {
  ffi::Optional<int> opt_indent;
  if (indent > 0) opt_indent = static_cast<int>(indent);
  return ffi::json::Stringify(ffi::json::Parse(text), opt_indent);
}

// The message of a failed parse, reported through the out-parameter ("" when it parses).
ffi::String JsonError(ffi::String text) {
  ffi::String message;
  ffi::json::Parse(text, &message);
  return message;
}

// The compact JSON-graph text of `value`.
ffi::String GraphText(ffi::Any value) { return ffi::json::Stringify(ffi::ToJSONGraph(value)); }

// The value a JSON-graph text describes.
ffi::Any GraphRead(ffi::String text) { return ffi::FromJSONGraph(ffi::json::Parse(text)); }

bool StructEqual(ffi::Any lhs, ffi::Any rhs, bool map_free_vars) {
  return ffi::StructuralEqual::Equal(lhs, rhs, map_free_vars);
}

int64_t StructHash(ffi::Any value) {
  return static_cast<int64_t>(ffi::StructuralHash::Hash(value));
}

// The depth of the left-hand path of the first mismatch, or -1 for equal values.
int64_t StructMismatchDepth(ffi::Any lhs, ffi::Any rhs) {
  auto mismatch = ffi::StructuralEqual::GetFirstMismatch(lhs, rhs);
  if (!mismatch.has_value()) return -1;
  return mismatch.value().get<0>()->depth;
}

}  // namespace

TVM_FFI_DLL_EXPORT_TYPED_FUNC(struct_equal, StructEqual);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(struct_hash, StructHash);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(struct_mismatch_depth, StructMismatchDepth);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(graph_text, GraphText);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(graph_read, GraphRead);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(repr, Repr);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(compare, Compare);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(hash, Hash);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(copy, Copy);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(json_round_trip, JsonRoundTrip);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(json_error, JsonError);
