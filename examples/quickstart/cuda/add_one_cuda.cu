// examples/quickstart/cuda/add_one_cuda.cu: add_one as a CUDA kernel, with the C++ SDK.
//
// The kernel runs on the stream the caller is using: Python sets it from torch's current
// stream (TVMFFIEnvSetStream), and TVMFFIEnvGetStream reads it here; it is NULL, the default
// stream, when nobody set one.
#include <tvm/ffi/extra/c_env_api.h>
#include <tvm/ffi/function.h>

#include <cuda_runtime.h>

#include "../cpp/check_vector.h"

namespace {

__global__ void AddOneKernel(const float* in, float* out, int64_t n) {
  int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i < n) out[i] = in[i] + 1.0f;
}

/*! \brief y[i] = x[i] + 1 for float32 CUDA vectors of the same length, on the same GPU. */
void AddOne(tvm::ffi::TensorView x, tvm::ffi::TensorView y) {
  quickstart::CheckArgs(x, y, kDLCUDA);
  if (x.device().device_id != y.device().device_id) {
    TVM_FFI_THROW(ValueError) << "add_one: x is on cuda:" << x.device().device_id
                              << " but y is on cuda:" << y.device().device_id;
  }
  int64_t n = x.size(0);
  if (n == 0) return;
  const float* in = reinterpret_cast<const float*>(static_cast<char*>(x.data_ptr()) +
                                                   x.byte_offset());
  float* out = reinterpret_cast<float*>(static_cast<char*>(y.data_ptr()) + y.byte_offset());
  auto stream = static_cast<cudaStream_t>(TVMFFIEnvGetStream(kDLCUDA, x.device().device_id));
  constexpr int kThreads = 256;
  int64_t blocks = (n + kThreads - 1) / kThreads;
  AddOneKernel<<<static_cast<unsigned>(blocks), kThreads, 0, stream>>>(in, out, n);
  cudaError_t err = cudaGetLastError();
  if (err != cudaSuccess) {
    TVM_FFI_THROW(RuntimeError) << "add_one: CUDA launch failed: " << cudaGetErrorString(err);
  }
}

}  // namespace

TVM_FFI_DLL_EXPORT_TYPED_FUNC(add_one, AddOne);
