// examples/kernel_wheel/src/kernels.cc: the kernels of the example-kernels wheel.
//
// Written with the header-only C++ SDK; the compiled library calls nothing but the C functions
// of libtvm_ffi (ci/examples.sh checks its undefined symbols), which is what lets one binary
// work with any runtime that implements the C ABI and any Python version.
#include <tvm/ffi/container/tensor.h>
#include <tvm/ffi/dtype.h>
#include <tvm/ffi/error.h>
#include <tvm/ffi/function.h>

#include <cstdlib>
#include <vector>

namespace {

using tvm::ffi::Tensor;
using tvm::ffi::TensorView;

/*! \brief Throws unless `t` is a contiguous 1-D float32 CPU tensor. */
void CheckVector(const TensorView& t, const char* name) {
  if (t.device().device_type != kDLCPU) {
    TVM_FFI_THROW(ValueError) << "add_one: " << name << " must be a CPU tensor";
  }
  DLDataType dtype = t.dtype();
  if (dtype.code != kDLFloat || dtype.bits != 32 || dtype.lanes != 1) {
    TVM_FFI_THROW(TypeError) << "add_one: " << name << " must be float32, got " << dtype;
  }
  if (t.ndim() != 1 || !t.IsContiguous()) {
    TVM_FFI_THROW(ValueError) << "add_one: " << name << " must be a contiguous 1-D tensor, got "
                              << t.ndim() << " dimensions";
  }
}

const float* Data(const TensorView& t) {
  return reinterpret_cast<const float*>(static_cast<const char*>(t.data_ptr()) + t.byte_offset());
}

/*! \brief y[i] = x[i] + 1, writing into the caller's tensor y. */
void AddOne(TensorView x, TensorView y) {
  CheckVector(x, "x");
  CheckVector(y, "y");
  if (x.size(0) != y.size(0)) {
    TVM_FFI_THROW(ValueError) << "add_one: x has " << x.size(0) << " elements but y has "
                              << y.size(0);
  }
  const float* in = Data(x);
  float* out = const_cast<float*>(Data(y));
  for (int64_t i = 0; i < x.size(0); ++i) out[i] = in[i] + 1.0f;
}

/*! \brief Host memory for tensors this library creates; freed when the last owner lets go. */
struct HostAlloc {
  void AllocData(DLTensor* t) {
    size_t bytes = static_cast<size_t>(t->shape[0]) * sizeof(float);
    t->data = std::malloc(bytes == 0 ? 1 : bytes);
    if (t->data == nullptr) TVM_FFI_THROW(RuntimeError) << "add_one_new: out of memory";
  }
  void FreeData(DLTensor* t) { std::free(t->data); }
};

/*! \brief x + 1 in a new tensor, which any framework can take over through DLPack. */
Tensor AddOneNew(TensorView x) {
  CheckVector(x, "x");
  std::vector<int64_t> shape = {x.size(0)};
  Tensor y = Tensor::FromNDAlloc(HostAlloc(), shape, x.dtype(), x.device());
  AddOne(x, y);
  return y;
}

}  // namespace

TVM_FFI_DLL_EXPORT_TYPED_FUNC(add_one, AddOne);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(add_one_new, AddOneNew);
