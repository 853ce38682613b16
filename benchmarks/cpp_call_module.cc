// benchmarks/cpp_call_module.cc: the shared module that benchmarks/cpp_call.cc loads through the
// Module API, so that its typed add_one is a call across a DSO boundary.
#include <tvm/ffi/function.h>

#include <cstdint>

namespace {
int64_t AddOne(int64_t x) { return x + 1; }
}  // namespace

TVM_FFI_DLL_EXPORT_TYPED_FUNC(add_one, AddOne);
