// docs/snippets/cpp/errors.cc: raising and catching errors (docs/cpp.md).
#include <tvm/ffi/error.h>
#include <tvm/ffi/function.h>
#include <tvm/ffi/string.h>

#include <cstdint>
#include <string>

namespace snippets {

// [throw-begin]
int64_t CheckedDivide(int64_t a, int64_t b) {
  if (b == 0) {
    // The kind (ValueError) becomes the Python exception class on the other side.
    TVM_FFI_THROW(ValueError) << "checked_divide: `b` must not be 0 (a=" << a << ")";
  }
  return a / b;
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(checked_divide, CheckedDivide);
// [throw-end]

// [catch-begin]
// Calls `fn(a, b)`; returns the error's kind and message instead of letting it propagate.
tvm::ffi::String TryCall(tvm::ffi::Function fn, int64_t a, int64_t b) {
  try {
    return tvm::ffi::String(std::to_string(fn(a, b).cast<int64_t>()));
  } catch (const tvm::ffi::Error& err) {
    return tvm::ffi::String(err.kind() + ": " + err.message());
  }
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(try_call, TryCall);
// [catch-end]

}  // namespace snippets
