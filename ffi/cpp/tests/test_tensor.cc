// ffi/cpp/tests/test_tensor.cc: Tensor (DLPack import/export, NDAlloc, env alloc, views) and TensorView.
#include <tvm/ffi/container/tensor.h>
#include <tvm/ffi/extra/c_env_api.h>

#include <cstdlib>
#include <vector>

#include "cpp_test_helpers.h"

namespace {

using namespace tvm::ffi;  // NOLINT(build/namespaces)
using cpptest::ExpectError;
using cpptest::StrongCount;

struct Managed {
  DLManagedTensor mt;
  std::vector<float> storage;
  std::vector<int64_t> shape;
  int* deleted;
};

DLManagedTensor* MakeManaged(std::vector<int64_t> shape, int* deleted) {
  auto* m = new Managed();
  m->shape = std::move(shape);
  size_t n = 1;
  for (int64_t d : m->shape) n *= static_cast<size_t>(d);
  m->storage.assign(n, 1.5f);
  m->deleted = deleted;
  m->mt.dl_tensor.data = m->storage.data();
  m->mt.dl_tensor.device = DLDevice{kDLCPU, 0};
  m->mt.dl_tensor.ndim = static_cast<int32_t>(m->shape.size());
  m->mt.dl_tensor.dtype = DLDataType{kDLFloat, 32, 1};
  m->mt.dl_tensor.shape = m->shape.data();
  m->mt.dl_tensor.strides = nullptr;
  m->mt.dl_tensor.byte_offset = 0;
  m->mt.manager_ctx = m;
  m->mt.deleter = [](DLManagedTensor* self) {
    auto* owner = static_cast<Managed*>(self->manager_ctx);
    ++*owner->deleted;
    delete owner;
  };
  return &m->mt;
}

// SPEC: TENSOR-LAYOUT
// SPEC: TENSOR-STRIDES
// SPEC: DLPACK-IMPORT-OWNERSHIP
TEST(Tensor, FromDLPackLayoutAndStrides) {
  int deleted = 0;
  {
    DLManagedTensor* mt = MakeManaged({2, 3}, &deleted);
    void* data = mt->dl_tensor.data;
    Tensor t = Tensor::FromDLPack(mt);
    const char* base = reinterpret_cast<const char*>(t.get());
    EXPECT_EQ(t->type_index(), kTVMFFITensor);
    EXPECT_EQ(reinterpret_cast<const char*>(TVMFFITensorGetDLTensorPtr(
                  detail::ObjectUnsafe::TVMFFIObjectPtrFromObjectRef(t))),
              base + 24);
    EXPECT_EQ(t.data_ptr(), data);
    EXPECT_EQ(t.ndim(), 2);
    EXPECT_EQ(t.numel(), 6);
    EXPECT_EQ(t.size(-1), 3);
    ASSERT_EQ(t.strides().size(), 2u);
    EXPECT_EQ(t.stride(0), 3);
    EXPECT_EQ(t.stride(1), 1);
    EXPECT_TRUE(t.IsContiguous());
    EXPECT_EQ(t.dtype().bits, 32);
    EXPECT_EQ(t.device().device_type, kDLCPU);
    EXPECT_EQ(GetDataSize(t), 24u);
    EXPECT_EQ(deleted, 0);
  }
  EXPECT_EQ(deleted, 1);
}

// SPEC: DLPACK-IMPORT-OWNERSHIP
TEST(Tensor, FromDLPackFailureLeavesOwnership) {
  int deleted = 0;
  DLManagedTensor* mt = MakeManaged({4}, &deleted);
  mt->dl_tensor.byte_offset = 1;
  ExpectError([&] { (void)Tensor::FromDLPack(mt, 64); }, "RuntimeError", "");
  EXPECT_EQ(deleted, 0);
  mt->deleter(mt);
  EXPECT_EQ(deleted, 1);
}

// SPEC: DLPACK-EXPORT
// SPEC: DLPACK-EXPORT-DELETER
// SPEC: DLPACK-EXPORT-VERSIONED
TEST(Tensor, ToDLPackRoundTrip) {
  int deleted = 0;
  Tensor t = Tensor::FromDLPack(MakeManaged({3}, &deleted));
  DLManagedTensor* out = t.ToDLPack();
  EXPECT_EQ(StrongCount(t.get()), 2u);
  EXPECT_EQ(out->dl_tensor.data, t.data_ptr());
  EXPECT_EQ(out->dl_tensor.shape, t.shape().data());
  out->deleter(out);
  EXPECT_EQ(StrongCount(t.get()), 1u);
  DLManagedTensorVersioned* outv = t.ToDLPackVersioned();
  EXPECT_EQ(outv->version.major, 1u);
  EXPECT_EQ(outv->flags, 0u);
  Tensor back = Tensor::FromDLPackVersioned(outv);
  EXPECT_EQ(back.data_ptr(), t.data_ptr());
  EXPECT_EQ(StrongCount(t.get()), 2u);
  back = Tensor();
  EXPECT_EQ(StrongCount(t.get()), 1u);
  t = Tensor();
  EXPECT_EQ(deleted, 1);
}

struct CountingAlloc {
  int* live;
  void AllocData(DLTensor* tensor, float fill) {
    size_t n = GetDataSize(*tensor);
    tensor->data = std::malloc(n);
    for (size_t i = 0; i < n / sizeof(float); ++i) static_cast<float*>(tensor->data)[i] = fill;
    ++*live;
  }
  void FreeData(DLTensor* tensor) {
    std::free(tensor->data);
    --*live;
  }
};

// SPEC: TENSOR-STRIDES
// SPEC: TENSOR-UNSAFE-VIEW
TEST(Tensor, FromNDAllocAndAsStrided) {
  int live = 0;
  {
    Tensor t = Tensor::FromNDAlloc(CountingAlloc{&live}, {2, 4}, DLDataType{kDLFloat, 32, 1},
                                   DLDevice{kDLCPU, 0}, 2.0f);
    EXPECT_EQ(live, 1);
    EXPECT_EQ(t->type_index(), kTVMFFITensor);
    EXPECT_EQ(t.stride(0), 4);
    EXPECT_EQ(static_cast<float*>(t.data_ptr())[7], 2.0f);
    Tensor col = t.as_strided({2}, {4}, 1);
    EXPECT_EQ(col.byte_offset(), 4u);
    EXPECT_FALSE(col.IsContiguous());
    EXPECT_EQ(col.data_ptr(), t.data_ptr());
    t = Tensor();
    EXPECT_EQ(live, 1);  // the view keeps the source alive
  }
  EXPECT_EQ(live, 0);
  Tensor scalar = Tensor::FromNDAlloc(CountingAlloc{&live}, ShapeView(), DLDataType{kDLFloat, 32, 1},
                                      DLDevice{kDLCPU, 0}, 1.0f);
  EXPECT_EQ(scalar.ndim(), 0);
  EXPECT_EQ(scalar.numel(), 1);
}

int EnvAlloc(DLTensor* prototype, DLManagedTensorVersioned** out, void*,
             void (*)(void*, const char*, const char*)) {
  int* dummy = new int(0);
  struct Holder {
    DLManagedTensorVersioned mt;
    std::vector<int64_t> shape;
    std::vector<char> data;
    int* counter;
  };
  auto* h = new Holder();
  h->counter = dummy;
  h->shape.assign(prototype->shape, prototype->shape + prototype->ndim);
  h->data.resize(GetDataSize(*prototype));
  h->mt.version = {1, 3};
  h->mt.flags = 0;
  h->mt.dl_tensor = *prototype;
  h->mt.dl_tensor.shape = h->shape.data();
  h->mt.dl_tensor.strides = nullptr;
  h->mt.dl_tensor.data = h->data.data();
  h->mt.manager_ctx = h;
  h->mt.deleter = [](DLManagedTensorVersioned* self) {
    auto* holder = static_cast<Holder*>(self->manager_ctx);
    delete holder->counter;
    delete holder;
  };
  *out = &h->mt;
  return 0;
}

TEST(Tensor, FromEnvAlloc) {
  DLPackManagedTensorAllocator old = nullptr;
  TVMFFIEnvSetDLPackManagedTensorAllocator(EnvAlloc, 0, &old);
  Tensor t = Tensor::FromEnvAlloc(TVMFFIEnvTensorAlloc, {3, 2}, DLDataType{kDLInt, 8, 1},
                                  DLDevice{kDLCPU, 0});
  EXPECT_EQ(t.numel(), 6);
  EXPECT_EQ(t.stride(0), 2);
  TVMFFIEnvSetDLPackManagedTensorAllocator(old, 0, nullptr);
}

TEST(TensorView, KernelArguments) {
  int deleted = 0;
  Tensor t = Tensor::FromDLPack(MakeManaged({5}, &deleted));
  Function numel = Function::FromTyped([](TensorView v) { return v.numel(); }, "numel");
  EXPECT_EQ(numel(t).cast<int64_t>(), 5);
  DLTensor raw = *t.GetDLTensorPtr();
  EXPECT_EQ(numel(&raw).cast<int64_t>(), 5);
  TensorView view = t;
  EXPECT_EQ(numel(view).cast<int64_t>(), 5);
  // A caller's DLTensor without strides is read as compact row-major.
  int64_t dims[2] = {2, 3};
  DLTensor bare = raw;
  bare.ndim = 2;
  bare.shape = dims;
  bare.strides = nullptr;
  TensorView bare_view(&bare);
  EXPECT_EQ(bare_view.stride(0), 3);
  EXPECT_EQ(bare_view.stride(-1), 1);
  EXPECT_TRUE(bare_view.IsContiguous());
  EXPECT_EQ(numel(&bare).cast<int64_t>(), 6);
  ExpectError([&] { (void)numel(1); }, "TypeError", "DLTensor*");
  Function take = Function::FromTyped([](Tensor x) { return x.ndim(); }, "take");
  EXPECT_EQ(take(t).cast<int>(), 1);
  Any boxed = t;
  EXPECT_TRUE(boxed.cast<Tensor>().same_as(t));
  EXPECT_EQ(boxed.cast<DLTensor*>(), t.GetDLTensorPtr());
}

}  // namespace

namespace {

// A view of `t` relabelled as living on `device` (its data is never read).
Tensor OnDevice(const Tensor& t, DLDevice device) {
  Tensor view = t.as_strided({1}, {1}, 0);
  const_cast<DLTensor*>(view.GetDLTensorPtr())->device = device;
  return view;
}

// SPEC: CALL-GLOBAL-SOFT-ABI
TEST(TensorGlobals, ContainerFindFirstNonCPUDevice) {
  Function find = Function::GetGlobalRequired("ffi.ContainerFindFirstNonCPUDevice");
  int live = 0;
  Tensor cpu = Tensor::FromNDAlloc(CountingAlloc{&live}, {2}, DLDataType{kDLFloat, 32, 1},
                                   DLDevice{kDLCPU, 0}, 0.0f);
  Tensor gpu1 = OnDevice(cpu, DLDevice{kDLCUDA, 1});
  Tensor gpu2 = OnDevice(cpu, DLDevice{kDLCUDA, 2});
  auto device_of = [&](const Any& v) {
    DLDevice d = find(v).cast<DLDevice>();
    return std::to_string(d.device_type) + ":" + std::to_string(d.device_id);
  };
  EXPECT_EQ(device_of(Array<Any>{1, cpu}), "1:0");
  EXPECT_EQ(device_of(5), "1:0");
  EXPECT_EQ(device_of(Any()), "1:0");
  EXPECT_EQ(device_of(gpu1), "2:1");
  EXPECT_EQ(device_of(Array<Any>{cpu, Array<Any>{gpu2}, gpu1}), "2:2");  // depth first
  EXPECT_EQ(device_of(Map<Any, Any>{{String("k"), gpu1}}), "2:1");
  EXPECT_EQ(device_of(Dict<Any, Any>{{String("k"), List<Any>{cpu, gpu2}}}), "2:2");
  // A List that contains itself is entered once.
  List<Any> self_ref{cpu};
  self_ref.push_back(self_ref);
  EXPECT_EQ(device_of(self_ref), "1:0");
  self_ref.push_back(gpu1);
  EXPECT_EQ(device_of(self_ref), "2:1");
  self_ref.clear();  // break the cycle so the list can be freed
  // Deep nesting does not overflow the stack.
  Any deep = Array<Any>{gpu2};
  for (int i = 0; i < 3000; ++i) deep = Array<Any>{deep};
  EXPECT_EQ(device_of(deep), "2:2");
}

}  // namespace
