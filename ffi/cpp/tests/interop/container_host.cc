// ffi/cpp/tests/interop/container_host.cc: our SDK + runtime against container_module (reference headers).
//
// Usage: container_host <module.so>. Prints "FAIL ..." on any mismatch (ctest matches it).
// Each check reads or mutates, in place, objects that the other SDK's inline code built.
#include <dlfcn.h>
#include <tvm/ffi/container/array.h>
#include <tvm/ffi/container/list.h>
#include <tvm/ffi/container/shape.h>
#include <tvm/ffi/container/tensor.h>
#include <tvm/ffi/function.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using namespace tvm::ffi;  // NOLINT(build/namespaces)

namespace {

int g_failures = 0;
#define CHECK_TRUE(cond)                                                   \
  do {                                                                     \
    if (!(cond)) {                                                         \
      std::printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);          \
      ++g_failures;                                                        \
    }                                                                      \
  } while (0)

int g_live_counted = 0;
class CountedObj : public Object {
 public:
  CountedObj() { ++g_live_counted; }
  ~CountedObj() { --g_live_counted; }
  TVM_FFI_DECLARE_OBJECT_INFO_FINAL("container_host.Counted", CountedObj, Object);
};

uint32_t Strong(const ObjectRef& ref) {
  return static_cast<uint32_t>(
      detail::ObjectUnsafe::TVMFFIObjectPtrFromObjectRef(ref)->combined_ref_count);
}

const TVMFFISeqCell* Cell(const ObjectRef& ref) {
  return reinterpret_cast<const TVMFFISeqCell*>(
      reinterpret_cast<const char*>(detail::ObjectUnsafe::TVMFFIObjectPtrFromObjectRef(ref)) + 24);
}

void* g_lib = nullptr;
Function Load(const char* name) {
  std::string sym = std::string("__tvm_ffi_") + name;
  void* fn = dlsym(g_lib, sym.c_str());
  if (fn == nullptr) {
    std::printf("FAIL missing symbol %s\n", sym.c_str());
    std::exit(1);
  }
  return Function::FromExternC(nullptr, reinterpret_cast<TVMFFISafeCallType>(fn), nullptr);
}

template <typename F>
bool ThrowsKind(F&& f, const char* kind, const char* fragment) {
  try {
    f();
  } catch (const Error& err) {
    std::printf("  (raised %s: %s)\n", err.kind().c_str(), err.message().c_str());
    return err.kind() == kind && err.message().find(fragment) != std::string::npos;
  }
  return false;
}

// SPEC: ARRAY-LAYOUT
// SPEC: ARRAY-INPLACE-MUTATION
void TestArray() {
  // Reference-built Array read and mutated in place by our inline code.
  Array<int64_t> ref_made = Load("make_array")(5).cast<Array<int64_t>>();
  const TVMFFISeqCell* cell = Cell(ref_made);
  CHECK_TRUE(ref_made->type_index() == kTVMFFIArray);
  CHECK_TRUE(cell->data == reinterpret_cast<const char*>(cell) + 32);
  CHECK_TRUE(cell->size == 5 && cell->capacity == 8 && cell->data_deleter == nullptr);
  CHECK_TRUE(ref_made[4] == 40);
  Array<Any> any_view = Any(ref_made).cast<Array<Any>>();
  const ArrayObj* before = any_view.get();
  ref_made = Array<int64_t>();  // drop our second reference so any_view is unique
  any_view.push_back(ObjectRef(make_object<CountedObj>()));
  CHECK_TRUE(any_view.get() == before);  // capacity 8: appended in place
  CHECK_TRUE(g_live_counted == 1);
  any_view = Array<Any>();  // the reference deleter must release [0, 6)
  CHECK_TRUE(g_live_counted == 0);

  // Our Array consumed by reference code.
  Array<int64_t> ours{1, 2, 3};
  CHECK_TRUE(Load("sum_array")(ours).cast<int64_t>() == 6);
  CHECK_TRUE(Strong(ours) == 1);
  CHECK_TRUE(Load("sum_array")(Array<Any>{Any(4), Any(true)}).cast<int64_t>() == 5);
  CHECK_TRUE(ThrowsKind([&] { Load("sum_array")(Array<Any>{Any(1), Any(String("x"))}); },
                        "TypeError", "index 1"));
  // Copy-on-write inside the reference code: our object must not change.
  Array<int64_t> pushed = Load("array_push")(ours, 9).cast<Array<int64_t>>();
  CHECK_TRUE(!pushed.same_as(ours));
  CHECK_TRUE(ours.size() == 3 && pushed.size() == 4 && pushed[3] == 9);
  CHECK_TRUE(Strong(ours) == 1);
}

// SPEC: LIST-LAYOUT
// SPEC: LIST-DATA-DELETER
void TestList() {
  List<int64_t> ref_made = Load("make_list")(3).cast<List<int64_t>>();
  const TVMFFISeqCell* cell = Cell(ref_made);
  CHECK_TRUE(ref_made->type_index() == kTVMFFIList);
  CHECK_TRUE(cell->data != reinterpret_cast<const char*>(cell) + 32);
  CHECK_TRUE(cell->data_deleter != nullptr && cell->size == 3);
  for (int i = 0; i < 20; ++i) ref_made.push_back(1);  // we regrow their buffer
  CHECK_TRUE(Load("list_sum")(ref_made).cast<int64_t>() == 3 + 20);

  List<int64_t> ours{1};
  const void* our_buffer = Cell(ours)->data;
  Load("list_append")(ours, 7, 10);  // they regrow our buffer in the shared object
  CHECK_TRUE(ours.size() == 11 && ours[10] == 7);
  CHECK_TRUE(Cell(ours)->data != our_buffer && Cell(ours)->capacity >= 11);
  CHECK_TRUE(Cell(ours)->data_deleter != nullptr);  // ours frees through whatever they set
  ours.push_back(8);
  CHECK_TRUE(Load("list_sum")(ours).cast<int64_t>() == 1 + 70 + 8);
  CHECK_TRUE(Strong(ours) == 1);
}

// SPEC: SHAPE-LAYOUT
void TestShape() {
  Shape s = Load("make_shape")(2, 3, 4).cast<Shape>();
  const auto* cell = TVMFFIShapeGetCellPtr(detail::ObjectUnsafe::TVMFFIObjectPtrFromObjectRef(s));
  CHECK_TRUE(cell->size == 3 && cell->data[2] == 4 && s.Product() == 24);
  CHECK_TRUE(Load("shape_product")(Shape({5, 6})).cast<int64_t>() == 30);
  CHECK_TRUE(Load("shape_product")(Array<int64_t>{2, 2}).cast<int64_t>() == 4);
}

struct HostAlloc {
  void AllocData(DLTensor* t) {
    t->data = std::malloc(GetDataSize(*t));
    for (int64_t i = 0; i < t->shape[0] * t->shape[1]; ++i) static_cast<float*>(t->data)[i] = 1.0f;
  }
  void FreeData(DLTensor* t) { std::free(t->data); }
};

// SPEC: TENSOR-LAYOUT
// SPEC: TENSOR-STRIDES
void TestTensor() {
  Tensor t = Load("make_tensor")(2, 3).cast<Tensor>();
  CHECK_TRUE(t->type_index() == kTVMFFITensor);
  CHECK_TRUE(t.ndim() == 2 && t.size(1) == 3 && t.stride(0) == 3 && t.stride(1) == 1);
  CHECK_TRUE(static_cast<const float*>(t.data_ptr())[5] == 5.0f);
  CHECK_TRUE(Load("tensor_sum")(t).cast<double>() == 15.0);
  Tensor ours = Tensor::FromNDAlloc(HostAlloc(), {4, 2}, DLDataType{kDLFloat, 32, 1},
                                    DLDevice{kDLCPU, 0});
  CHECK_TRUE(Load("tensor_sum")(ours).cast<double>() == 8.0);
  DLTensor raw = *ours.GetDLTensorPtr();
  CHECK_TRUE(Load("tensor_sum")(&raw).cast<double>() == 8.0);
  CHECK_TRUE(Load("tensor_stride0")(ours).cast<int64_t>() == 2);
  CHECK_TRUE(Strong(ours) == 1);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::printf("FAIL usage: container_host <module.so>\n");
    return 1;
  }
  g_lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
  if (g_lib == nullptr) {
    std::printf("FAIL dlopen: %s\n", dlerror());
    return 1;
  }
  try {
    TestArray();
    TestList();
    TestShape();
    TestTensor();
  } catch (const Error& err) {
    std::printf("FAIL uncaught %s: %s\n", err.kind().c_str(), err.message().c_str());
    return 1;
  }
  if (g_failures != 0) return 1;
  std::printf("container interop OK\n");
  return 0;
}
