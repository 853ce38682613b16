// docs/snippets/cpp/values.cc: JSON and value semantics from tvm/ffi/extra (docs/cpp.md).
#include <tvm/ffi/container/array.h>
#include <tvm/ffi/extra/dataclass.h>
#include <tvm/ffi/extra/json.h>
#include <tvm/ffi/function.h>
#include <tvm/ffi/string.h>

namespace snippets {

// [json-begin]
// Re-indents a JSON document: Parse gives Map / Array / String / int / float / bool / None.
tvm::ffi::String Reformat(tvm::ffi::String text, int indent) {
  namespace json = tvm::ffi::json;
  json::Value value = json::Parse(text);  // throws ValueError on bad input
  return json::Stringify(value, indent);  // indent 0: compact
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(reformat, Reformat);

// With an out-parameter, Parse reports a failure instead of throwing.
tvm::ffi::String JsonProblem(tvm::ffi::String text) {
  tvm::ffi::String message;
  tvm::ffi::json::Parse(text, &message);
  return message;  // "" when the text parses
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(json_problem, JsonProblem);
// [json-end]

// [values-begin]
// Deep-copies any value and reports whether the copy equals the original and how it prints.
tvm::ffi::String CopyAndDescribe(tvm::ffi::Any value) {
  tvm::ffi::Any copy = tvm::ffi::DeepCopy(value);
  bool equal = tvm::ffi::RecursiveEq(copy, value);
  return tvm::ffi::ReprPrint(copy) + (equal ? " (an equal copy)" : " (differs)");
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(copy_and_describe, CopyAndDescribe);
// [values-end]

}  // namespace snippets
