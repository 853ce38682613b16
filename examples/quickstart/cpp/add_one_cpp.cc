// examples/quickstart/cpp/add_one_cpp.cc: add_one with the C++ SDK.
//
// A plain typed C++ function; TVM_FFI_DLL_EXPORT_TYPED_FUNC exports it as `__tvm_ffi_add_one`,
// converts the packed arguments (a wrong count or type is a TypeError naming the argument) and
// turns a C++ exception into an error for the caller.
#include <tvm/ffi/function.h>

#include "check_vector.h"

namespace {

/*! \brief y[i] = x[i] + 1 for float32 CPU vectors of the same length. */
void AddOne(tvm::ffi::TensorView x, tvm::ffi::TensorView y) {
  quickstart::CheckArgs(x, y, kDLCPU);
  const float* in = reinterpret_cast<const float*>(static_cast<char*>(x.data_ptr()) +
                                                   x.byte_offset());
  float* out = reinterpret_cast<float*>(static_cast<char*>(y.data_ptr()) + y.byte_offset());
  for (int64_t i = 0; i < x.size(0); ++i) out[i] = in[i] + 1.0f;
}

}  // namespace

TVM_FFI_DLL_EXPORT_TYPED_FUNC(add_one, AddOne);
