// ffi/cpp/tests/interop/container_module.cc: a module that makes and consumes Array/List/Shape/Tensor.
//
// Built against the REFERENCE C++ headers (apache-tvm-ffi 0.1.15.post2), so every
// container operation below is the reference's inline code acting on objects our
// runtime/SDK made, and vice versa. Loaded by container_host.cc.
#include <tvm/ffi/container/array.h>
#include <tvm/ffi/container/list.h>
#include <tvm/ffi/container/shape.h>
#include <tvm/ffi/container/tensor.h>
#include <tvm/ffi/function.h>

#include <cstdlib>

namespace {

using namespace tvm::ffi;  // NOLINT(build/namespaces)

Array<int64_t> make_array(int64_t n) {
  Array<int64_t> out;
  for (int64_t i = 0; i < n; ++i) out.push_back(i * 10);
  return out;
}

int64_t sum_array(Array<int64_t> xs) {
  int64_t total = 0;
  for (int64_t x : xs) total += x;
  return total;
}

// Copy-on-write push: the caller still holds its reference, so this must copy.
Array<int64_t> array_push(Array<int64_t> xs, int64_t v) {
  xs.push_back(v);
  return xs;
}

List<int64_t> make_list(int64_t n) {
  List<int64_t> out;
  for (int64_t i = 0; i < n; ++i) out.push_back(i);
  return out;
}

// Appends in place; growing replaces the buffer with the reference's own.
void list_append(List<int64_t> xs, int64_t v, int64_t times) {
  for (int64_t i = 0; i < times; ++i) xs.push_back(v);
}

int64_t list_sum(List<int64_t> xs) {
  int64_t total = 0;
  for (int64_t x : xs) total += x;
  return total;
}

Shape make_shape(int64_t a, int64_t b, int64_t c) { return Shape({a, b, c}); }

int64_t shape_product(Shape s) { return s.Product(); }

struct MallocAlloc {
  void AllocData(DLTensor* t) {
    t->data = std::malloc(GetDataSize(*t));
    float* p = static_cast<float*>(t->data);
    for (size_t i = 0; i < GetDataSize(*t) / sizeof(float); ++i) p[i] = static_cast<float>(i);
  }
  void FreeData(DLTensor* t) { std::free(t->data); }
};

Tensor make_tensor(int64_t rows, int64_t cols) {
  return Tensor::FromNDAlloc(MallocAlloc(), {rows, cols}, DLDataType{kDLFloat, 32, 1},
                             DLDevice{kDLCPU, 0});
}

double tensor_sum(TensorView t) {
  const float* p = static_cast<const float*>(t.data_ptr());
  double total = 0;
  for (int64_t i = 0; i < t.numel(); ++i) total += p[i];
  return total;
}

int64_t tensor_stride0(Tensor t) { return t.strides()[0]; }

}  // namespace

TVM_FFI_DLL_EXPORT_TYPED_FUNC(make_array, make_array);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(sum_array, sum_array);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(array_push, array_push);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(make_list, make_list);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(list_append, list_append);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(list_sum, list_sum);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(make_shape, make_shape);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(shape_product, shape_product);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(make_tensor, make_tensor);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(tensor_sum, tensor_sum);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(tensor_stride0, tensor_stride0);
