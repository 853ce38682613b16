// conformance/cuda/kernels.cu: the CUDA half of the conformance suite (conformance/cuda.py).
// Kernels run on the stream the caller set through the env API (torch's current stream when the
// call comes from Python) and allocate results with the env allocator, as a real module must.
#include <cuda_runtime.h>
#include <tvm/ffi/extra/c_env_api.h>
#include <tvm/ffi/tvm_ffi.h>

namespace {
using tvm::ffi::Tensor;

__global__ void AddOneKernel(const float* x, float* y, int64_t n) {
  int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i < n) y[i] = x[i] + 1.0f;
}

void CheckCudaFloat32(const Tensor& t, const char* name) {
  const DLTensor* dl = t.GetDLTensorPtr();
  if (dl->device.device_type != kDLCUDA || dl->dtype.code != kDLFloat || dl->dtype.bits != 32 ||
      dl->dtype.lanes != 1 || dl->ndim != 1 || !t.IsContiguous()) {
    TVM_FFI_THROW(TypeError) << "conformance.cuda.add_one: `" << name
                             << "` must be a contiguous 1-d float32 CUDA tensor";
  }
}

void AddOne(Tensor x, Tensor y) {
  CheckCudaFloat32(x, "x");
  CheckCudaFloat32(y, "y");
  const DLTensor* dx = x.GetDLTensorPtr();
  const DLTensor* dy = y.GetDLTensorPtr();
  if (dx->shape[0] != dy->shape[0] || dx->device.device_id != dy->device.device_id) {
    TVM_FFI_THROW(ValueError) << "conformance.cuda.add_one: x and y differ in size or device";
  }
  int64_t n = dx->shape[0];
  auto stream = static_cast<cudaStream_t>(TVMFFIEnvGetStream(kDLCUDA, dx->device.device_id));
  const float* in = reinterpret_cast<const float*>(static_cast<char*>(dx->data) + dx->byte_offset);
  float* out = reinterpret_cast<float*>(static_cast<char*>(dy->data) + dy->byte_offset);
  if (n > 0) AddOneKernel<<<static_cast<unsigned>((n + 255) / 256), 256, 0, stream>>>(in, out, n);
  cudaError_t err = cudaGetLastError();
  if (err != cudaSuccess) {
    TVM_FFI_THROW(RuntimeError) << "conformance.cuda.add_one: launch failed: "
                                << cudaGetErrorString(err);
  }
}

Tensor AddOneAlloc(Tensor x) {
  CheckCudaFloat32(x, "x");
  const DLTensor* dx = x.GetDLTensorPtr();
  Tensor y = Tensor::FromEnvAlloc(TVMFFIEnvTensorAlloc, tvm::ffi::Shape({dx->shape[0]}), dx->dtype,
                                  dx->device);
  AddOne(x, y);
  return y;
}
}  // namespace

TVM_FFI_DLL_EXPORT_TYPED_FUNC(add_one, AddOne);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(add_one_alloc, AddOneAlloc);
