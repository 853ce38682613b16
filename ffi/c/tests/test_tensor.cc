// ffi/c/tests/test_tensor.cc: Tensor objects: DLPack import/export, checks and unsafe views.
#include <gtest/gtest.h>
#include <tvm/ffi/c_api.h>

#include <atomic>
#include <cstdint>
#include <cstring>
#include <string>

#include "test_helpers.h"

namespace {

using namespace tvm_ffi_test;

std::atomic<int> legacy_deletes{0};
std::atomic<int> versioned_deletes{0};

void CountLegacyDelete(DLManagedTensor*) { legacy_deletes++; }
void CountVersionedDelete(DLManagedTensorVersioned*) { versioned_deletes++; }

alignas(256) char g_buffer[4096];

// A 2x3x4 float32 CPU tensor over g_buffer; the caller owns shape/strides.
DLTensor MakeDLTensor(void* data, int32_t ndim, int64_t* shape, int64_t* strides,
                      uint64_t byte_offset = 0) {
  DLTensor t;
  std::memset(&t, 0, sizeof(t));
  t.data = data;
  t.device.device_type = kDLCPU;
  t.device.device_id = 0;
  t.ndim = ndim;
  t.dtype.code = kDLFloat;
  t.dtype.bits = 32;
  t.dtype.lanes = 1;
  t.shape = shape;
  t.strides = strides;
  t.byte_offset = byte_offset;
  return t;
}

DLManagedTensor MakeLegacy(const DLTensor& t) {
  DLManagedTensor m;
  std::memset(&m, 0, sizeof(m));
  m.dl_tensor = t;
  m.deleter = CountLegacyDelete;
  return m;
}

DLManagedTensorVersioned MakeVersioned(const DLTensor& t, uint64_t flags = 0) {
  DLManagedTensorVersioned m;
  std::memset(&m, 0, sizeof(m));
  m.version.major = DLPACK_MAJOR_VERSION;
  m.version.minor = DLPACK_MINOR_VERSION;
  m.dl_tensor = t;
  m.deleter = CountVersionedDelete;
  m.flags = flags;
  return m;
}

const DLTensor* TensorOf(TVMFFIObjectHandle obj) { return TVMFFITensorGetDLTensorPtr(obj); }

// True when p lies inside the allocation that starts at obj (first `bytes` bytes).
bool PointsInto(const void* p, TVMFFIObjectHandle obj, size_t bytes) {
  const char* base = static_cast<const char*>(obj);
  const char* q = static_cast<const char*>(p);
  return q >= base && q <= base + bytes;
}

// ---------------------------------------------------------------------------
// Import: layout and strides
// ---------------------------------------------------------------------------

// SPEC: TENSOR-LAYOUT, DLPACK-IMPORT-NO-COPY
TEST(TensorFromDLPack, ImportedTensorHasTensorTypeIndexAndDLTensorAtOffset24) {
  int64_t shape[3] = {2, 3, 4};
  int64_t strides[3] = {12, 4, 1};
  DLManagedTensor m = MakeLegacy(MakeDLTensor(g_buffer, 3, shape, strides, 16));
  ObjectHolder t;
  ASSERT_EQ(TVMFFITensorFromDLPack(&m, 0, 0, t.out()), 0);
  EXPECT_EQ(TypeIndexOf(t.get()), kTVMFFITensor);
  EXPECT_EQ(reinterpret_cast<const char*>(TensorOf(t.get())),
            static_cast<const char*>(t.get()) + sizeof(TVMFFIObject));
  const DLTensor* dl = TensorOf(t.get());
  EXPECT_EQ(dl->data, static_cast<void*>(g_buffer));
  EXPECT_EQ(dl->device.device_type, kDLCPU);
  EXPECT_EQ(dl->ndim, 3);
  EXPECT_EQ(dl->dtype.code, kDLFloat);
  EXPECT_EQ(dl->dtype.bits, 32);
  EXPECT_EQ(dl->dtype.lanes, 1);
  EXPECT_EQ(dl->byte_offset, 16u);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(dl->shape[i], shape[i]);
  EXPECT_EQ(StrongCount(t.get()), 1u);
}

// SPEC: TENSOR-STRIDES, DLPACK-IMPORT-NULL-STRIDES
TEST(TensorFromDLPack, NullStridesAreReplacedByCompactRowMajorStridesOwnedByTheTensor) {
  int64_t shape[3] = {2, 3, 4};
  DLManagedTensor m = MakeLegacy(MakeDLTensor(g_buffer, 3, shape, nullptr));
  ObjectHolder t;
  ASSERT_EQ(TVMFFITensorFromDLPack(&m, 0, 0, t.out()), 0);
  const DLTensor* dl = TensorOf(t.get());
  ASSERT_NE(dl->strides, nullptr);
  EXPECT_EQ(dl->strides[0], 12);
  EXPECT_EQ(dl->strides[1], 4);
  EXPECT_EQ(dl->strides[2], 1);
  EXPECT_TRUE(PointsInto(dl->strides, t.get(), 256)) << "strides live inline after the object";
}

// SPEC: TENSOR-STRIDES, DLPACK-IMPORT-NULL-STRIDES
TEST(TensorFromDLPack, NullStridesWithZeroAndOneExtentsGetPlainRowMajorProducts) {
  int64_t shape[4] = {3, 0, 1, 5};
  DLManagedTensorVersioned m = MakeVersioned(MakeDLTensor(g_buffer, 4, shape, nullptr));
  ObjectHolder t;
  ASSERT_EQ(TVMFFITensorFromDLPackVersioned(&m, 0, 1, t.out()), 0);
  const DLTensor* dl = TensorOf(t.get());
  ASSERT_NE(dl->strides, nullptr);
  EXPECT_EQ(dl->strides[0], 0);
  EXPECT_EQ(dl->strides[1], 5);
  EXPECT_EQ(dl->strides[2], 5);
  EXPECT_EQ(dl->strides[3], 1);
}

// SPEC: TENSOR-STRIDES
TEST(TensorFromDLPack, GivenStridesAreKeptAsIs) {
  int64_t shape[2] = {3, 4};
  int64_t strides[2] = {1, 3};  // column-major, allowed without require_contiguous
  DLManagedTensor m = MakeLegacy(MakeDLTensor(g_buffer, 2, shape, strides));
  ObjectHolder t;
  ASSERT_EQ(TVMFFITensorFromDLPack(&m, 0, 0, t.out()), 0);
  const DLTensor* dl = TensorOf(t.get());
  ASSERT_NE(dl->strides, nullptr);
  EXPECT_EQ(dl->strides[0], 1);
  EXPECT_EQ(dl->strides[1], 3);
}

// SPEC: TENSOR-STRIDES
TEST(TensorFromDLPack, ScalarWithNullShapeAndStridesImports) {
  DLManagedTensor m = MakeLegacy(MakeDLTensor(g_buffer, 0, nullptr, nullptr));
  ObjectHolder t;
  ASSERT_EQ(TVMFFITensorFromDLPack(&m, 0, 1, t.out()), 0);
  EXPECT_EQ(TensorOf(t.get())->ndim, 0);
}

// ---------------------------------------------------------------------------
// Import: ownership
// ---------------------------------------------------------------------------

// SPEC: DLPACK-IMPORT-OWNERSHIP
TEST(TensorFromDLPack, SuccessTakesOwnershipAndDeleterRunsOnceAtLastDecRef) {
  int64_t shape[1] = {8};
  DLManagedTensor m = MakeLegacy(MakeDLTensor(g_buffer, 1, shape, nullptr));
  legacy_deletes = 0;
  TVMFFIObjectHandle t = nullptr;
  ASSERT_EQ(TVMFFITensorFromDLPack(&m, 0, 0, &t), 0);
  EXPECT_EQ(legacy_deletes.load(), 0);
  ASSERT_EQ(TVMFFIObjectIncRef(t), 0);
  ASSERT_EQ(TVMFFIObjectDecRef(t), 0);
  EXPECT_EQ(legacy_deletes.load(), 0);
  ASSERT_EQ(TVMFFIObjectDecRef(t), 0);
  EXPECT_EQ(legacy_deletes.load(), 1);
}

// SPEC: DLPACK-IMPORT-OWNERSHIP
TEST(TensorFromDLPack, VersionedSuccessCallsVersionedDeleterOnceAtDeath) {
  int64_t shape[1] = {8};
  DLManagedTensorVersioned m = MakeVersioned(MakeDLTensor(g_buffer, 1, shape, nullptr));
  versioned_deletes = 0;
  TVMFFIObjectHandle t = nullptr;
  ASSERT_EQ(TVMFFITensorFromDLPackVersioned(&m, 0, 0, &t), 0);
  EXPECT_EQ(versioned_deletes.load(), 0);
  ASSERT_EQ(TVMFFIObjectDecRef(t), 0);
  EXPECT_EQ(versioned_deletes.load(), 1);
}

// SPEC: DLPACK-IMPORT-OWNERSHIP
TEST(TensorFromDLPack, NullDeleterIsAllowed) {
  int64_t shape[1] = {8};
  DLManagedTensor m = MakeLegacy(MakeDLTensor(g_buffer, 1, shape, nullptr));
  m.deleter = nullptr;
  TVMFFIObjectHandle t = nullptr;
  ASSERT_EQ(TVMFFITensorFromDLPack(&m, 0, 0, &t), 0);
  EXPECT_EQ(TVMFFIObjectDecRef(t), 0);
}

// SPEC: DLPACK-IMPORT-OWNERSHIP
TEST(TensorFromDLPack, FailureLeavesManagedTensorWithCallerAndOutUntouched) {
  int64_t shape[1] = {8};
  DLManagedTensor m = MakeLegacy(MakeDLTensor(g_buffer + 4, 1, shape, nullptr));
  legacy_deletes = 0;
  TVMFFIObjectHandle sentinel = reinterpret_cast<TVMFFIObjectHandle>(0x1234);
  TVMFFIObjectHandle t = sentinel;
  EXPECT_EQ(TVMFFITensorFromDLPack(&m, 64, 0, &t), -1);
  EXPECT_RAISED("RuntimeError", "FromDLPack: Data is not aligned to 64 bytes.");
  EXPECT_EQ(legacy_deletes.load(), 0) << "the caller keeps ownership on failure";
  EXPECT_EQ(t, sentinel);
  // The caller may still hand the same managed tensor over successfully.
  ASSERT_EQ(TVMFFITensorFromDLPack(&m, 0, 0, &t), 0);
  TVMFFIObjectDecRef(t);
  EXPECT_EQ(legacy_deletes.load(), 1);
}

// ---------------------------------------------------------------------------
// Import: alignment, contiguity, sub-byte padding
// ---------------------------------------------------------------------------

// SPEC: DLPACK-IMPORT-ALIGNMENT
TEST(TensorFromDLPack, MisalignedCpuDataIsRuntimeErrorNamingTheAlignment) {
  int64_t shape[1] = {8};
  DLManagedTensor m = MakeLegacy(MakeDLTensor(g_buffer + 4, 1, shape, nullptr));
  TVMFFIObjectHandle t = nullptr;
  EXPECT_EQ(TVMFFITensorFromDLPack(&m, 64, 0, &t), -1);
  EXPECT_RAISED("RuntimeError", "FromDLPack: Data is not aligned to 64 bytes.");
}

// SPEC: DLPACK-IMPORT-ALIGNMENT
TEST(TensorFromDLPack, CpuAlignmentIsCheckedOnDataPlusByteOffset) {
  int64_t shape[1] = {8};
  TVMFFIObjectHandle t = nullptr;
  DLManagedTensor bad = MakeLegacy(MakeDLTensor(g_buffer, 1, shape, nullptr, 4));
  EXPECT_EQ(TVMFFITensorFromDLPack(&bad, 64, 0, &t), -1);
  EXPECT_RAISED("RuntimeError", "FromDLPack: Data is not aligned to 64 bytes.");
  // data misaligned by 4, offset 60: the sum is 64-aligned.
  DLManagedTensor good = MakeLegacy(MakeDLTensor(g_buffer + 4, 1, shape, nullptr, 60));
  ASSERT_EQ(TVMFFITensorFromDLPack(&good, 64, 0, &t), 0);
  TVMFFIObjectDecRef(t);
}

// SPEC: DLPACK-IMPORT-ALIGNMENT
TEST(TensorFromDLPack, CudaDataIsTreatedAsAnAddressForAlignment) {
  int64_t shape[1] = {8};
  const int32_t direct[] = {kDLCUDA, kDLCUDAHost, kDLCUDAManaged, kDLROCM, kDLROCMHost};
  for (int32_t device : direct) {
    DLManagedTensor m = MakeLegacy(MakeDLTensor(g_buffer + 4, 1, shape, nullptr));
    m.dl_tensor.device.device_type = static_cast<DLDeviceType>(device);
    TVMFFIObjectHandle t = nullptr;
    EXPECT_EQ(TVMFFITensorFromDLPack(&m, 64, 0, &t), -1) << "device " << device;
    EXPECT_RAISED("RuntimeError", "FromDLPack: Data is not aligned to 64 bytes.");
  }
}

// SPEC: DLPACK-IMPORT-ALIGNMENT
TEST(TensorFromDLPack, OpaqueHandleDevicesCheckOnlyTheByteOffset) {
  int64_t shape[1] = {8};
  TVMFFIObjectHandle t = nullptr;
  DLManagedTensor handle_ok = MakeLegacy(MakeDLTensor(g_buffer + 4, 1, shape, nullptr));
  handle_ok.dl_tensor.device.device_type = kDLOpenCL;
  ASSERT_EQ(TVMFFITensorFromDLPack(&handle_ok, 64, 0, &t), 0) << "data is an opaque handle";
  TVMFFIObjectDecRef(t);
  DLManagedTensor offset_bad = MakeLegacy(MakeDLTensor(g_buffer, 1, shape, nullptr, 4));
  offset_bad.dl_tensor.device.device_type = kDLVulkan;
  EXPECT_EQ(TVMFFITensorFromDLPack(&offset_bad, 64, 0, &t), -1);
  EXPECT_RAISED("RuntimeError", "FromDLPack: Data is not aligned to 64 bytes.");
}

// SPEC: DLPACK-IMPORT-ALIGNMENT
TEST(TensorFromDLPack, ZeroAlignmentDisablesTheCheckAndNegativeIsValueError) {
  int64_t shape[1] = {8};
  TVMFFIObjectHandle t = nullptr;
  DLManagedTensor m = MakeLegacy(MakeDLTensor(g_buffer + 1, 1, shape, nullptr));
  ASSERT_EQ(TVMFFITensorFromDLPack(&m, 0, 0, &t), 0);
  TVMFFIObjectDecRef(t);
  DLManagedTensor n = MakeLegacy(MakeDLTensor(g_buffer, 1, shape, nullptr));
  EXPECT_EQ(TVMFFITensorFromDLPack(&n, -8, 0, &t), -1);
  EXPECT_RAISED("ValueError", "require_alignment");
}

// SPEC: DLPACK-IMPORT-CONTIGUOUS
TEST(TensorFromDLPack, NonCompactStridesWithRequireContiguousIsRuntimeError) {
  int64_t shape[2] = {3, 4};
  int64_t strides[2] = {1, 3};
  DLManagedTensorVersioned m = MakeVersioned(MakeDLTensor(g_buffer, 2, shape, strides));
  versioned_deletes = 0;
  TVMFFIObjectHandle t = nullptr;
  EXPECT_EQ(TVMFFITensorFromDLPackVersioned(&m, 0, 1, &t), -1);
  EXPECT_RAISED("RuntimeError", "FromDLPack: Tensor is not contiguous.");
  EXPECT_EQ(versioned_deletes.load(), 0);
}

// SPEC: DLPACK-IMPORT-CONTIGUOUS
TEST(TensorFromDLPack, ExtentOneDimensionsMayHaveAnyStride) {
  int64_t shape[3] = {2, 1, 4};
  int64_t strides[3] = {4, 999, 1};
  DLManagedTensor m = MakeLegacy(MakeDLTensor(g_buffer, 3, shape, strides));
  TVMFFIObjectHandle t = nullptr;
  ASSERT_EQ(TVMFFITensorFromDLPack(&m, 0, 1, &t), 0);
  TVMFFIObjectDecRef(t);
}

// SPEC: DLPACK-IMPORT-CONTIGUOUS
TEST(TensorFromDLPack, ZeroSizeTensorIsContiguousWhateverItsStrides) {
  int64_t shape[3] = {2, 0, 4};
  int64_t strides[3] = {7, 9, 3};
  DLManagedTensor m = MakeLegacy(MakeDLTensor(g_buffer, 3, shape, strides));
  TVMFFIObjectHandle t = nullptr;
  ASSERT_EQ(TVMFFITensorFromDLPack(&m, 0, 1, &t), 0);
  TVMFFIObjectDecRef(t);
}

// SPEC: DLPACK-IMPORT-CONTIGUOUS
TEST(TensorFromDLPack, AlignmentIsCheckedBeforeContiguity) {
  int64_t shape[2] = {3, 4};
  int64_t strides[2] = {1, 3};
  DLManagedTensor m = MakeLegacy(MakeDLTensor(g_buffer + 1, 2, shape, strides));
  TVMFFIObjectHandle t = nullptr;
  EXPECT_EQ(TVMFFITensorFromDLPack(&m, 16, 1, &t), -1);
  EXPECT_RAISED("RuntimeError", "not aligned");
}

// SPEC: DLPACK-IMPORT-SUBBYTE-PADDED
TEST(TensorFromDLPackVersioned, SubbyteTypePaddedFlagIsRuntimeErrorAndCallerKeepsTensor) {
  int64_t shape[1] = {8};
  DLManagedTensorVersioned m = MakeVersioned(MakeDLTensor(g_buffer, 1, shape, nullptr),
                                             DLPACK_FLAG_BITMASK_IS_SUBBYTE_TYPE_PADDED);
  versioned_deletes = 0;
  TVMFFIObjectHandle t = nullptr;
  EXPECT_EQ(TVMFFITensorFromDLPackVersioned(&m, 0, 0, &t), -1);
  EXPECT_RAISED("RuntimeError", "Subbyte type padded is not yet supported");
  EXPECT_EQ(versioned_deletes.load(), 0);
}

// SPEC: DLPACK-IMPORT-SUBBYTE-PADDED, DLPACK-IMPORT-VERSION
TEST(TensorFromDLPackVersioned, ReadOnlyFlagAndForeignVersionAreNotChecked) {
  int64_t shape[1] = {8};
  DLManagedTensorVersioned m = MakeVersioned(
      MakeDLTensor(g_buffer, 1, shape, nullptr),
      DLPACK_FLAG_BITMASK_READ_ONLY | DLPACK_FLAG_BITMASK_IS_COPIED);
  m.version.major = 99;
  TVMFFIObjectHandle t = nullptr;
  ASSERT_EQ(TVMFFITensorFromDLPackVersioned(&m, 0, 0, &t), 0);
  TVMFFIObjectDecRef(t);
}

// ---------------------------------------------------------------------------
// Import: bad input
// ---------------------------------------------------------------------------

// SPEC: EXT-NULL-ARGS
TEST(TensorFromDLPack, NullArgumentsAreValueErrorsNamingFunctionAndArgument) {
  int64_t shape[1] = {8};
  DLManagedTensor m = MakeLegacy(MakeDLTensor(g_buffer, 1, shape, nullptr));
  DLManagedTensorVersioned v = MakeVersioned(MakeDLTensor(g_buffer, 1, shape, nullptr));
  TVMFFIObjectHandle t = nullptr;
  EXPECT_EQ(TVMFFITensorFromDLPack(nullptr, 0, 0, &t), -1);
  EXPECT_RAISED("ValueError", "TVMFFITensorFromDLPack: `from`");
  EXPECT_EQ(TVMFFITensorFromDLPack(&m, 0, 0, nullptr), -1);
  EXPECT_RAISED("ValueError", "TVMFFITensorFromDLPack: `out`");
  EXPECT_EQ(TVMFFITensorFromDLPackVersioned(nullptr, 0, 0, &t), -1);
  EXPECT_RAISED("ValueError", "TVMFFITensorFromDLPackVersioned: `from`");
  EXPECT_EQ(TVMFFITensorFromDLPackVersioned(&v, 0, 0, nullptr), -1);
  EXPECT_RAISED("ValueError", "TVMFFITensorFromDLPackVersioned: `out`");
}

// SPEC: EXT-NULL-ARGS
TEST(TensorFromDLPack, NegativeNdimNullShapeOrNegativeExtentIsValueError) {
  int64_t shape[2] = {3, -1};
  TVMFFIObjectHandle t = nullptr;
  legacy_deletes = 0;
  DLManagedTensor neg = MakeLegacy(MakeDLTensor(g_buffer, -1, nullptr, nullptr));
  EXPECT_EQ(TVMFFITensorFromDLPack(&neg, 0, 0, &t), -1);
  EXPECT_RAISED("ValueError", "ndim");
  DLManagedTensor no_shape = MakeLegacy(MakeDLTensor(g_buffer, 2, nullptr, nullptr));
  EXPECT_EQ(TVMFFITensorFromDLPack(&no_shape, 0, 0, &t), -1);
  EXPECT_RAISED("ValueError", "shape");
  DLManagedTensor neg_extent = MakeLegacy(MakeDLTensor(g_buffer, 2, shape, nullptr));
  EXPECT_EQ(TVMFFITensorFromDLPack(&neg_extent, 0, 0, &t), -1);
  EXPECT_RAISED("ValueError", "shape[1]");
  EXPECT_EQ(legacy_deletes.load(), 0);
}

// ---------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------

// SPEC: DLPACK-EXPORT, DLPACK-EXPORT-VERSIONED, DLPACK-EXPORT-DELETER
TEST(TensorToDLPackVersioned, ExportHasCurrentVersionZeroFlagsAndHoldsAReference) {
  int64_t shape[2] = {3, 4};
  DLManagedTensor m = MakeLegacy(MakeDLTensor(g_buffer, 2, shape, nullptr, 8));
  ObjectHolder t;
  ASSERT_EQ(TVMFFITensorFromDLPack(&m, 0, 0, t.out()), 0);
  DLManagedTensorVersioned* ex = nullptr;
  ASSERT_EQ(TVMFFITensorToDLPackVersioned(t.get(), &ex), 0);
  ASSERT_NE(ex, nullptr);
  EXPECT_EQ(ex->version.major, static_cast<uint32_t>(DLPACK_MAJOR_VERSION));
  EXPECT_EQ(ex->version.minor, static_cast<uint32_t>(DLPACK_MINOR_VERSION));
  EXPECT_EQ(ex->flags, 0u);
  EXPECT_EQ(ex->manager_ctx, t.get());
  ASSERT_NE(ex->deleter, nullptr);
  EXPECT_EQ(StrongCount(t.get()), 2u);
  const DLTensor* dl = TensorOf(t.get());
  EXPECT_EQ(ex->dl_tensor.data, dl->data);
  EXPECT_EQ(ex->dl_tensor.ndim, 2);
  EXPECT_EQ(ex->dl_tensor.byte_offset, 8u);
  EXPECT_EQ(ex->dl_tensor.shape, dl->shape);
  EXPECT_EQ(ex->dl_tensor.strides, dl->strides);
  ASSERT_NE(ex->dl_tensor.strides, nullptr);
  ex->deleter(ex);
  EXPECT_EQ(StrongCount(t.get()), 1u);
}

// SPEC: DLPACK-EXPORT, DLPACK-EXPORT-DELETER
TEST(TensorToDLPack, LegacyExportHoldsAReferenceUntilItsDeleterRuns) {
  int64_t shape[1] = {8};
  DLManagedTensor m = MakeLegacy(MakeDLTensor(g_buffer, 1, shape, nullptr));
  legacy_deletes = 0;
  TVMFFIObjectHandle t = nullptr;
  ASSERT_EQ(TVMFFITensorFromDLPack(&m, 0, 0, &t), 0);
  DLManagedTensor* ex = nullptr;
  ASSERT_EQ(TVMFFITensorToDLPack(t, &ex), 0);
  EXPECT_EQ(ex->manager_ctx, t);
  TVMFFIObjectDecRef(t);
  EXPECT_EQ(legacy_deletes.load(), 0) << "the export keeps the tensor alive";
  EXPECT_EQ(ex->dl_tensor.shape[0], 8);
  ex->deleter(ex);
  EXPECT_EQ(legacy_deletes.load(), 1);
}

// SPEC: DLPACK-EXPORT
TEST(TensorToDLPackVersioned, ExportCanBeImportedAgainAndOwnershipChains) {
  int64_t shape[1] = {8};
  DLManagedTensorVersioned m = MakeVersioned(MakeDLTensor(g_buffer, 1, shape, nullptr));
  versioned_deletes = 0;
  TVMFFIObjectHandle first = nullptr;
  ASSERT_EQ(TVMFFITensorFromDLPackVersioned(&m, 0, 0, &first), 0);
  DLManagedTensorVersioned* ex = nullptr;
  ASSERT_EQ(TVMFFITensorToDLPackVersioned(first, &ex), 0);
  TVMFFIObjectHandle second = nullptr;
  ASSERT_EQ(TVMFFITensorFromDLPackVersioned(ex, 0, 1, &second), 0);
  EXPECT_NE(second, first);
  EXPECT_EQ(TensorOf(second)->data, TensorOf(first)->data);
  TVMFFIObjectDecRef(first);
  EXPECT_EQ(versioned_deletes.load(), 0);
  TVMFFIObjectDecRef(second);
  EXPECT_EQ(versioned_deletes.load(), 1);
}

// SPEC: DLPACK-EXPORT, DLPACK-EXPORT-TYPE, EXT-TYPE-CHECKED-HANDLES
TEST(TensorToDLPack, NonTensorHandleIsTypeErrorAndNullIsValueError) {
  ObjectHolder str(MakeHeapString("definitely not a tensor"));
  DLManagedTensor* ex = nullptr;
  DLManagedTensorVersioned* exv = nullptr;
  EXPECT_EQ(TVMFFITensorToDLPack(str.get(), &ex), -1);
  EXPECT_RAISED("TypeError", "TVMFFITensorToDLPack");
  EXPECT_EQ(TVMFFITensorToDLPackVersioned(str.get(), &exv), -1);
  EXPECT_RAISED("TypeError", "TVMFFITensorToDLPackVersioned");
  EXPECT_EQ(ex, nullptr);
  EXPECT_EQ(exv, nullptr);
  EXPECT_EQ(StrongCount(str.get()), 1u);
  EXPECT_EQ(TVMFFITensorToDLPack(nullptr, &ex), -1);
  EXPECT_RAISED("ValueError", "`from`");
  EXPECT_EQ(TVMFFITensorToDLPackVersioned(str.get(), nullptr), -1);
  EXPECT_RAISED("ValueError", "`out`");
}

// ---------------------------------------------------------------------------
// Unsafe views
// ---------------------------------------------------------------------------

// SPEC: TENSOR-UNSAFE-VIEW, TENSOR-METADATA-LIFETIME
TEST(TensorCreateUnsafeView, ViewCopiesMetadataOwnsShapeAndStridesAndRetainsSource) {
  int64_t shape[1] = {64};
  DLManagedTensor m = MakeLegacy(MakeDLTensor(g_buffer, 1, shape, nullptr));
  legacy_deletes = 0;
  TVMFFIObjectHandle source = nullptr;
  ASSERT_EQ(TVMFFITensorFromDLPack(&m, 0, 0, &source), 0);

  int64_t view_shape[2] = {3, 4};
  int64_t view_strides[2] = {8, 2};
  DLTensor proto = MakeDLTensor(g_buffer + 32, 2, view_shape, view_strides, 24);
  proto.dtype.bits = 16;
  TVMFFIObjectHandle view = nullptr;
  ASSERT_EQ(TVMFFITensorCreateUnsafeView(source, &proto, &view), 0);
  EXPECT_EQ(TypeIndexOf(view), kTVMFFITensor);
  EXPECT_EQ(StrongCount(source), 2u);

  // The prototype's arrays may die right after the call.
  view_shape[0] = view_shape[1] = view_strides[0] = view_strides[1] = -7;
  const DLTensor* dl = TensorOf(view);
  EXPECT_EQ(dl->data, static_cast<void*>(g_buffer + 32));
  EXPECT_EQ(dl->byte_offset, 24u);
  EXPECT_EQ(dl->dtype.bits, 16);
  EXPECT_EQ(dl->ndim, 2);
  EXPECT_EQ(dl->shape[0], 3);
  EXPECT_EQ(dl->shape[1], 4);
  EXPECT_EQ(dl->strides[0], 8);
  EXPECT_EQ(dl->strides[1], 2);
  EXPECT_TRUE(PointsInto(dl->shape, view, 256));
  EXPECT_TRUE(PointsInto(dl->strides, view, 256));

  TVMFFIObjectDecRef(source);
  EXPECT_EQ(legacy_deletes.load(), 0) << "the view keeps its source alive";
  TVMFFIObjectDecRef(view);
  EXPECT_EQ(legacy_deletes.load(), 1);
}

// SPEC: TENSOR-UNSAFE-VIEW
TEST(TensorCreateUnsafeView, SourceMayBeAnyObject) {
  ObjectHolder owner(MakeHeapString("memory owner stand-in"));
  int64_t shape[1] = {4};
  int64_t strides[1] = {1};
  DLTensor proto = MakeDLTensor(g_buffer, 1, shape, strides);
  ObjectHolder view;
  ASSERT_EQ(TVMFFITensorCreateUnsafeView(owner.get(), &proto, view.out()), 0);
  EXPECT_EQ(StrongCount(owner.get()), 2u);
  view.reset();
  EXPECT_EQ(StrongCount(owner.get()), 1u);
}

// SPEC: TENSOR-UNSAFE-VIEW
TEST(TensorCreateUnsafeView, PrototypeWithoutStridesIsValueErrorUnlessScalar) {
  ObjectHolder owner(MakeHeapString("memory owner stand-in"));
  int64_t shape[1] = {4};
  DLTensor proto = MakeDLTensor(g_buffer, 1, shape, nullptr);
  TVMFFIObjectHandle view = nullptr;
  EXPECT_EQ(TVMFFITensorCreateUnsafeView(owner.get(), &proto, &view), -1);
  EXPECT_RAISED("ValueError", "TVMFFITensorCreateUnsafeView: `prototype.strides`");
  EXPECT_EQ(StrongCount(owner.get()), 1u);

  DLTensor scalar = MakeDLTensor(g_buffer, 0, nullptr, nullptr);
  ASSERT_EQ(TVMFFITensorCreateUnsafeView(owner.get(), &scalar, &view), 0);
  EXPECT_EQ(TensorOf(view)->ndim, 0);
  TVMFFIObjectDecRef(view);
}

// SPEC: TENSOR-UNSAFE-VIEW
TEST(TensorCreateUnsafeView, NullArgumentsAndNegativeNdimAreValueErrors) {
  ObjectHolder owner(MakeHeapString("memory owner stand-in"));
  int64_t shape[1] = {4};
  int64_t strides[1] = {1};
  DLTensor proto = MakeDLTensor(g_buffer, 1, shape, strides);
  TVMFFIObjectHandle view = nullptr;
  EXPECT_EQ(TVMFFITensorCreateUnsafeView(nullptr, &proto, &view), -1);
  EXPECT_RAISED("ValueError", "`source`");
  EXPECT_EQ(TVMFFITensorCreateUnsafeView(owner.get(), nullptr, &view), -1);
  EXPECT_RAISED("ValueError", "`prototype`");
  EXPECT_EQ(TVMFFITensorCreateUnsafeView(owner.get(), &proto, nullptr), -1);
  EXPECT_RAISED("ValueError", "`out`");
  proto.ndim = -2;
  EXPECT_EQ(TVMFFITensorCreateUnsafeView(owner.get(), &proto, &view), -1);
  EXPECT_RAISED("ValueError", "ndim");
  EXPECT_EQ(StrongCount(owner.get()), 1u);
}

}  // namespace
