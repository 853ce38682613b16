// docs/snippets/cpp/tensors.cc: a CPU kernel that takes tensors (docs/cpp.md).
#include <tvm/ffi/container/tensor.h>
#include <tvm/ffi/dtype.h>
#include <tvm/ffi/error.h>
#include <tvm/ffi/function.h>

#include <cstdint>

namespace snippets {

// [tensor-begin]
// y[i] = x[i] + 1 for float32 CPU tensors of the same 1-D shape. TensorView is a non-owning
// view: the caller keeps the tensors alive for the duration of the call.
void AddOneTensor(tvm::ffi::TensorView x, tvm::ffi::TensorView y) {
  DLDataType f32{kDLFloat, 32, 1};
  TVM_FFI_CHECK(x.ndim() == 1 && y.ndim() == 1, ValueError)
      << "add_one_tensor: expects 1-D tensors";
  TVM_FFI_CHECK(x.dtype() == f32 && y.dtype() == f32, TypeError)
      << "add_one_tensor: expects float32 tensors";
  TVM_FFI_CHECK(x.size(0) == y.size(0), ValueError) << "add_one_tensor: shapes differ";
  TVM_FFI_CHECK(x.device().device_type == kDLCPU && y.device().device_type == kDLCPU, ValueError)
      << "add_one_tensor: expects CPU tensors";
  TVM_FFI_CHECK(x.IsContiguous() && y.IsContiguous(), ValueError)
      << "add_one_tensor: expects contiguous tensors";
  const float* in = static_cast<const float*>(x.data_ptr());
  float* out = static_cast<float*>(y.data_ptr());
  for (int64_t i = 0; i < x.size(0); ++i) out[i] = in[i] + 1.0f;
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(add_one_tensor, AddOneTensor);
// [tensor-end]

}  // namespace snippets
