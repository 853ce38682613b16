// ffi/c/tests/test_dlpack.cc: §8.3 / §9 DLPack rules: import never copies, NULL strides,
// accepted versions and flags, the exported struct (version, flags, deleter from any
// thread), non-Tensor exports, and Tensor metadata that never changes.
#include <gtest/gtest.h>
#include <tvm/ffi/c_api.h>

#include <atomic>
#include <cstdint>
#include <cstring>
#include <memory>
#include <thread>
#include <vector>

#include "test_helpers.h"

namespace {

using namespace tvm_ffi_test;

alignas(64) float g_data[64];

DLTensor Describe(void* data, int32_t ndim, int64_t* shape, int64_t* strides,
                  DLDeviceType device = kDLCPU, uint64_t byte_offset = 0) {
  DLTensor t;
  std::memset(&t, 0, sizeof(t));
  t.data = data;
  t.device = TVMFFIDLDeviceFromIntPair(device, 0);
  t.ndim = ndim;
  t.dtype = DLDataType{kDLFloat, 32, 1};
  t.shape = shape;
  t.strides = strides;
  t.byte_offset = byte_offset;
  return t;
}

std::atomic<int> g_versioned_deletes{0};
void CountVersioned(DLManagedTensorVersioned*) { g_versioned_deletes.fetch_add(1); }
std::atomic<int> g_legacy_deletes{0};
void CountLegacy(DLManagedTensor*) { g_legacy_deletes.fetch_add(1); }

DLManagedTensorVersioned Versioned(const DLTensor& t, uint32_t major = 1, uint32_t minor = 3,
                                   uint64_t flags = 0) {
  DLManagedTensorVersioned m;
  std::memset(&m, 0, sizeof(m));
  m.version = DLPackVersion{major, minor};
  m.dl_tensor = t;
  m.flags = flags;
  m.deleter = CountVersioned;
  return m;
}

DLManagedTensor Legacy(const DLTensor& t) {
  DLManagedTensor m;
  std::memset(&m, 0, sizeof(m));
  m.dl_tensor = t;
  m.deleter = CountLegacy;
  return m;
}

const DLTensor& DL(TVMFFIObjectHandle t) { return *TVMFFITensorGetDLTensorPtr(t); }

// ---------------------------------------------------------------------------
// Import
// ---------------------------------------------------------------------------

// SPEC: DLPACK-IMPORT-NO-COPY
TEST(DLPackImport, TensorDataAndByteOffsetAreTheSourcesOnEveryDeviceAndNothingIsCopied) {
  int64_t shape[1] = {8};
  for (DLDeviceType device : {kDLCPU, kDLCUDA, kDLOpenCL, kDLExtDev}) {
    SCOPED_TRACE(static_cast<int>(device));
    // On non-CPU devices the pointer is opaque; the runtime must not touch it.
    void* data = device == kDLCPU ? static_cast<void*>(g_data) : reinterpret_cast<void*>(0xdead0000);
    DLManagedTensor legacy = Legacy(Describe(data, 1, shape, nullptr, device, 12));
    DLManagedTensorVersioned versioned = Versioned(Describe(data, 1, shape, nullptr, device, 20));
    TVMFFIObjectHandle a = nullptr, b = nullptr;
    ASSERT_EQ(TVMFFITensorFromDLPack(&legacy, 0, 0, &a), 0);
    ASSERT_EQ(TVMFFITensorFromDLPackVersioned(&versioned, 0, 0, &b), 0);
    EXPECT_EQ(DL(a).data, data);
    EXPECT_EQ(DL(a).byte_offset, 12u);
    EXPECT_EQ(DL(b).data, data);
    EXPECT_EQ(DL(b).byte_offset, 20u);
    EXPECT_EQ(DL(a).device.device_type, device);
    TVMFFIObjectDecRef(a);
    TVMFFIObjectDecRef(b);
  }
  // Writes through the Tensor land in the producer's buffer.
  DLManagedTensor m = Legacy(Describe(g_data, 1, shape, nullptr));
  TVMFFIObjectHandle t = nullptr;
  ASSERT_EQ(TVMFFITensorFromDLPack(&m, 0, 0, &t), 0);
  static_cast<float*>(DL(t).data)[3] = 42.5f;
  EXPECT_EQ(g_data[3], 42.5f);
  TVMFFIObjectDecRef(t);
}

// SPEC: DLPACK-IMPORT-NULL-STRIDES, TENSOR-STRIDES, DLPACK-IMPORT-CONTIGUOUS
TEST(DLPackImport, NullStridesAreReadAsCompactRowMajorAndTheTensorGetsRealStrides) {
  int64_t shape[4] = {2, 3, 1, 5};
  DLManagedTensorVersioned m = Versioned(Describe(g_data, 4, shape, nullptr));
  TVMFFIObjectHandle t = nullptr;
  ASSERT_EQ(TVMFFITensorFromDLPackVersioned(&m, 0, /*require_contiguous=*/1, &t), 0)
      << "NULL strides count as contiguous";
  const DLTensor& dl = DL(t);
  ASSERT_NE(dl.strides, nullptr);
  const int64_t expect[4] = {15, 5, 5, 1};
  for (int i = 0; i < 4; ++i) EXPECT_EQ(dl.strides[i], expect[i]) << "dim " << i;
  EXPECT_EQ(m.dl_tensor.strides, nullptr) << "the producer's struct is not modified";
  TVMFFIObjectDecRef(t);
  // A 0-d tensor needs no strides at all.
  DLManagedTensor scalar = Legacy(Describe(g_data, 0, nullptr, nullptr));
  ASSERT_EQ(TVMFFITensorFromDLPack(&scalar, 0, 1, &t), 0);
  EXPECT_EQ(DL(t).ndim, 0);
  TVMFFIObjectDecRef(t);
}

// SPEC: DLPACK-IMPORT-VERSION, DLPACK-IMPORT-OWNERSHIP
TEST(DLPackImport, EveryMajorOneVersionAndTheReadOnlyAndIsCopiedFlagsAreAccepted) {
  int64_t shape[1] = {4};
  const uint64_t flag_sets[] = {0, DLPACK_FLAG_BITMASK_READ_ONLY, DLPACK_FLAG_BITMASK_IS_COPIED,
                                DLPACK_FLAG_BITMASK_READ_ONLY | DLPACK_FLAG_BITMASK_IS_COPIED};
  for (uint32_t minor : {0u, 1u, 2u, 3u, 4u, 9u}) {
    for (uint64_t flags : flag_sets) {
      SCOPED_TRACE("1." + std::to_string(minor) + " flags " + std::to_string(flags));
      DLManagedTensorVersioned m = Versioned(Describe(g_data, 1, shape, nullptr), 1, minor, flags);
      g_versioned_deletes = 0;
      TVMFFIObjectHandle t = nullptr;
      ASSERT_EQ(TVMFFITensorFromDLPackVersioned(&m, 16, 1, &t), 0) << TakeRaisedDescription();
      TVMFFIObjectDecRef(t);
      EXPECT_EQ(g_versioned_deletes.load(), 1);
    }
  }
  EXPECT_EQ(DLPACK_FLAG_BITMASK_READ_ONLY, 1u);
  EXPECT_EQ(DLPACK_FLAG_BITMASK_IS_COPIED, 2u);
  EXPECT_EQ(DLPACK_FLAG_BITMASK_IS_SUBBYTE_TYPE_PADDED, 4u);
}

// ---------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------

// SPEC: DLPACK-EXPORT-VERSIONED, DLPACK-EXPORT
TEST(DLPackExport, VersionedExportIsVersionOneThreeWithZeroFlagsWhateverTheSourceFlags) {
  int64_t shape[1] = {4};
  DLManagedTensorVersioned m =
      Versioned(Describe(g_data, 1, shape, nullptr), 1, 1,
                DLPACK_FLAG_BITMASK_READ_ONLY | DLPACK_FLAG_BITMASK_IS_COPIED);
  TVMFFIObjectHandle t = nullptr;
  ASSERT_EQ(TVMFFITensorFromDLPackVersioned(&m, 0, 0, &t), 0);
  DLManagedTensorVersioned* ex = nullptr;
  ASSERT_EQ(TVMFFITensorToDLPackVersioned(t, &ex), 0);
  ASSERT_NE(ex, nullptr);
  EXPECT_EQ(ex->version.major, 1u);
  EXPECT_EQ(ex->version.minor, 3u);
  EXPECT_EQ(ex->flags, 0u);
  EXPECT_NE(static_cast<void*>(ex), static_cast<void*>(&m)) << "a new managed struct";
  EXPECT_EQ(ex->manager_ctx, t);
  ex->deleter(ex);
  TVMFFIObjectDecRef(t);
}

// SPEC: DLPACK-EXPORT-DELETER, DLPACK-EXPORT
TEST(DLPackExport, DeleterCalledOnAnotherThreadDropsTheReferenceAndFreesTheStruct) {
  int64_t shape[1] = {4};
  DLManagedTensor m = Legacy(Describe(g_data, 1, shape, nullptr));
  g_legacy_deletes = 0;
  TVMFFIObjectHandle t = nullptr;
  ASSERT_EQ(TVMFFITensorFromDLPack(&m, 0, 0, &t), 0);
  std::vector<DLManagedTensor*> legacy(4, nullptr);
  std::vector<DLManagedTensorVersioned*> versioned(4, nullptr);
  for (auto& ex : legacy) ASSERT_EQ(TVMFFITensorToDLPack(t, &ex), 0);
  for (auto& ex : versioned) ASSERT_EQ(TVMFFITensorToDLPackVersioned(t, &ex), 0);
  EXPECT_EQ(StrongCount(t), 9u) << "each export holds one strong reference";
  TVMFFIObjectDecRef(t);  // the exports keep the Tensor alive
  EXPECT_EQ(g_legacy_deletes.load(), 0);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < 4; ++i) {
    threads.emplace_back([ex = legacy[i]] { ex->deleter(ex); });
    threads.emplace_back([ex = versioned[i]] { ex->deleter(ex); });
  }
  for (auto& th : threads) th.join();
  // The last deleter dropped the last reference: the Tensor died and released the source.
  EXPECT_EQ(g_legacy_deletes.load(), 1);
  // (LeakSanitizer reports the managed structs if a deleter failed to free them.)
}

int NoopCall(void*, const TVMFFIAny*, int32_t, TVMFFIAny*) { return 0; }

// SPEC: DLPACK-EXPORT-TYPE, EXT-TYPE-CHECKED-HANDLES
TEST(DLPackExport, ExportingAnyNonTensorObjectIsTypeErrorAndTakesNoReference) {
  std::vector<TVMFFIObjectHandle> others;
  others.push_back(MakeHeapString("a String is not a Tensor"));
  others.push_back(MakeError("ValueError", "an Error is not a Tensor"));
  TVMFFIObjectHandle fn = nullptr;
  ASSERT_EQ(TVMFFIFunctionCreate(nullptr, NoopCall, nullptr, &fn), 0);
  others.push_back(fn);
  int payload = 0;
  TVMFFIObjectHandle opaque = nullptr;
  ASSERT_EQ(TVMFFIObjectCreateOpaque(&payload, kTVMFFIOpaquePyObject, nullptr, &opaque), 0);
  others.push_back(opaque);
  for (TVMFFIObjectHandle h : others) {
    SCOPED_TRACE(TypeIndexOf(h));
    DLManagedTensor* legacy = nullptr;
    DLManagedTensorVersioned* versioned = nullptr;
    EXPECT_EQ(TVMFFITensorToDLPack(h, &legacy), -1);
    EXPECT_RAISED("TypeError", "TVMFFITensorToDLPack: `from`");
    EXPECT_EQ(TVMFFITensorToDLPackVersioned(h, &versioned), -1);
    EXPECT_RAISED("TypeError", "TVMFFITensorToDLPackVersioned: `from`");
    EXPECT_EQ(legacy, nullptr);
    EXPECT_EQ(versioned, nullptr);
    EXPECT_EQ(StrongCount(h), 1u);
    TVMFFIObjectDecRef(h);
  }
}

// ---------------------------------------------------------------------------
// Tensor metadata lifetime
// ---------------------------------------------------------------------------

bool SameDLTensor(const DLTensor& a, const DLTensor& b) {
  if (a.data != b.data || a.ndim != b.ndim || a.byte_offset != b.byte_offset ||
      a.shape != b.shape || a.strides != b.strides || a.dtype.code != b.dtype.code ||
      a.dtype.bits != b.dtype.bits || a.dtype.lanes != b.dtype.lanes ||
      a.device.device_type != b.device.device_type || a.device.device_id != b.device.device_id) {
    return false;
  }
  for (int32_t i = 0; i < a.ndim; ++i) {
    if (a.shape[i] != b.shape[i] || a.strides[i] != b.strides[i]) return false;
  }
  return true;
}

// SPEC: TENSOR-METADATA-LIFETIME, TENSOR-UNSAFE-VIEW
TEST(TensorMetadataLifetime, ShapeAndStridesOfAViewOutliveTheFreedPrototypeArrays) {
  TVMFFIObjectHandle owner = MakeHeapString("stands in for the memory owner");
  TVMFFIObjectHandle view = nullptr;
  {
    auto shape = std::make_unique<int64_t[]>(3);
    auto strides = std::make_unique<int64_t[]>(3);
    shape[0] = 2, shape[1] = 3, shape[2] = 4;
    strides[0] = 12, strides[1] = 4, strides[2] = 1;
    DLTensor proto = Describe(g_data, 3, shape.get(), strides.get());
    ASSERT_EQ(TVMFFITensorCreateUnsafeView(owner, &proto, &view), 0);
  }  // freed: reading them through the view now would be a use-after-free (ASan)
  TVMFFIObjectDecRef(owner);  // the view keeps it alive
  const DLTensor& dl = DL(view);
  ASSERT_EQ(dl.ndim, 3);
  EXPECT_EQ(dl.shape[0], 2);
  EXPECT_EQ(dl.shape[2], 4);
  EXPECT_EQ(dl.strides[0], 12);
  EXPECT_EQ(dl.strides[2], 1);
  TVMFFIObjectDecRef(view);
}

// SPEC: TENSOR-METADATA-LIFETIME, DLPACK-EXPORT
TEST(TensorMetadataLifetime, NoDLTensorFieldChangesThroughExportsViewsAndReImports) {
  int64_t shape[2] = {4, 4};
  DLManagedTensorVersioned m = Versioned(Describe(g_data, 2, shape, nullptr, kDLCPU, 16));
  TVMFFIObjectHandle t = nullptr;
  ASSERT_EQ(TVMFFITensorFromDLPackVersioned(&m, 0, 0, &t), 0);
  const DLTensor before = DL(t);
  ASSERT_NE(before.strides, nullptr);
  const int64_t* shape_ptr = before.shape;
  const int64_t* strides_ptr = before.strides;
  const int64_t s0 = before.strides[0], s1 = before.strides[1];
  DLManagedTensorVersioned* ex = nullptr;
  ASSERT_EQ(TVMFFITensorToDLPackVersioned(t, &ex), 0);
  // The consumer may mutate its copy of the DLTensor; the Tensor's own fields stay.
  ex->dl_tensor.ndim = 1;
  ex->dl_tensor.byte_offset = 0;
  ex->dl_tensor.data = nullptr;
  TVMFFIObjectHandle view = nullptr;
  DLTensor proto = before;
  ASSERT_EQ(TVMFFITensorCreateUnsafeView(t, &proto, &view), 0);
  EXPECT_TRUE(SameDLTensor(DL(t), before));
  EXPECT_EQ(DL(t).shape, shape_ptr);
  EXPECT_EQ(DL(t).strides, strides_ptr);
  EXPECT_EQ(DL(t).strides[0], s0);
  EXPECT_EQ(DL(t).strides[1], s1);
  // The export's shape/strides point into the Tensor and stay valid while the export lives.
  EXPECT_EQ(ex->dl_tensor.shape, shape_ptr);
  EXPECT_EQ(ex->dl_tensor.strides, strides_ptr);
  TVMFFIObjectDecRef(view);
  TVMFFIObjectDecRef(t);
  EXPECT_EQ(ex->dl_tensor.shape[1], 4) << "still alive through the export's reference";
  EXPECT_EQ(ex->dl_tensor.strides[0], s0);
  ex->deleter(ex);
}

}  // namespace
