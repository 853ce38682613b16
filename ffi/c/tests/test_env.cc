// ffi/c/tests/test_env.cc: per-thread streams, the DLPack allocator, env tensor allocation and host C-API hooks.
#include <gtest/gtest.h>
#include <tvm/ffi/c_api.h>
#include <tvm/ffi/extra/c_env_api.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "test_helpers.h"

namespace {

using namespace tvm_ffi_test;

TVMFFIStreamHandle FakeStream(uintptr_t n) { return reinterpret_cast<TVMFFIStreamHandle>(n); }

// Restores the calling thread's and the global allocator to "none" on exit.
struct AllocatorReset {
  ~AllocatorReset() {
    TVMFFIEnvSetDLPackManagedTensorAllocator(nullptr, 1, nullptr);
  }
};

// ---------------------------------------------------------------------------
// Streams
// ---------------------------------------------------------------------------

// SPEC: ENV-STREAM-TLS
TEST(EnvStream, SetReturnsThePreviousStreamAndGetSeesTheNewOne) {
  TVMFFIStreamHandle prev = FakeStream(1);
  ASSERT_EQ(TVMFFIEnvSetStream(kDLCUDA, 3, FakeStream(0x1000), &prev), 0);
  EXPECT_EQ(prev, nullptr) << "an unset slot reads as NULL";
  EXPECT_EQ(TVMFFIEnvGetStream(kDLCUDA, 3), FakeStream(0x1000));
  EXPECT_EQ(TVMFFIEnvGetStream(kDLCUDA, 0), nullptr) << "other device ids are independent";
  EXPECT_EQ(TVMFFIEnvGetStream(kDLROCM, 3), nullptr) << "other device types are independent";
  ASSERT_EQ(TVMFFIEnvSetStream(kDLCUDA, 3, FakeStream(0x2000), &prev), 0);
  EXPECT_EQ(prev, FakeStream(0x1000));
  ASSERT_EQ(TVMFFIEnvSetStream(kDLCUDA, 3, nullptr, nullptr), 0);
  EXPECT_EQ(TVMFFIEnvGetStream(kDLCUDA, 3), nullptr);
}

// SPEC: ENV-STREAM-TLS
TEST(EnvStream, StreamsAreThreadLocal) {
  ASSERT_EQ(TVMFFIEnvSetStream(kDLCUDA, 1, FakeStream(0xAAA0), nullptr), 0);
  TVMFFIStreamHandle seen_before = FakeStream(1);
  TVMFFIStreamHandle seen_after = FakeStream(1);
  std::thread other([&] {
    seen_before = TVMFFIEnvGetStream(kDLCUDA, 1);
    TVMFFIEnvSetStream(kDLCUDA, 1, FakeStream(0xBBB0), nullptr);
    seen_after = TVMFFIEnvGetStream(kDLCUDA, 1);
  });
  other.join();
  EXPECT_EQ(seen_before, nullptr) << "a new thread starts with no streams";
  EXPECT_EQ(seen_after, FakeStream(0xBBB0));
  EXPECT_EQ(TVMFFIEnvGetStream(kDLCUDA, 1), FakeStream(0xAAA0))
      << "the other thread's Set does not leak here";
  TVMFFIEnvSetStream(kDLCUDA, 1, nullptr, nullptr);
}

// SPEC: ENV-STREAM-TLS, ENV-STREAM-RANGE
TEST(EnvStream, TableGrowsOnDemandForLargeDeviceIds) {
  ASSERT_EQ(TVMFFIEnvSetStream(kDLCUDA, 1000, FakeStream(0x3000), nullptr), 0);
  EXPECT_EQ(TVMFFIEnvGetStream(kDLCUDA, 1000), FakeStream(0x3000));
  EXPECT_EQ(TVMFFIEnvGetStream(kDLCUDA, 999), nullptr);
  ASSERT_EQ(TVMFFIEnvSetStream(255, 0, FakeStream(0x4000), nullptr), 0);
  EXPECT_EQ(TVMFFIEnvGetStream(255, 0), FakeStream(0x4000));
  TVMFFIEnvSetStream(kDLCUDA, 1000, nullptr, nullptr);
  TVMFFIEnvSetStream(255, 0, nullptr, nullptr);
}

// SPEC: ENV-STREAM-TLS, ENV-STREAM-RANGE
TEST(EnvStream, NegativeOrAbsurdDevicesAreValueErrorsAndGetReturnsNull) {
  TVMFFIStreamHandle prev = FakeStream(7);
  EXPECT_EQ(TVMFFIEnvSetStream(-1, 0, FakeStream(0x10), &prev), -1);
  EXPECT_RAISED("ValueError", "TVMFFIEnvSetStream: `device_type`");
  EXPECT_EQ(TVMFFIEnvSetStream(kDLCUDA, -1, FakeStream(0x10), &prev), -1);
  EXPECT_RAISED("ValueError", "TVMFFIEnvSetStream: `device_id`");
  EXPECT_EQ(TVMFFIEnvSetStream(256, 0, FakeStream(0x10), &prev), -1);
  EXPECT_RAISED("ValueError", "`device_type`");
  EXPECT_EQ(TVMFFIEnvSetStream(kDLCUDA, 1 << 30, FakeStream(0x10), &prev), -1);
  EXPECT_RAISED("ValueError", "`device_id`");
  EXPECT_EQ(prev, FakeStream(7)) << "outputs are untouched on failure";
  EXPECT_EQ(TVMFFIEnvGetStream(-1, 0), nullptr);
  EXPECT_EQ(TVMFFIEnvGetStream(kDLCUDA, -5), nullptr);
  EXPECT_EQ(TVMFFIEnvGetStream(1 << 20, 1 << 20), nullptr);
  EXPECT_NOTHING_RAISED();
}

// ---------------------------------------------------------------------------
// DLPack allocator selection
// ---------------------------------------------------------------------------

int AllocA(DLTensor*, DLManagedTensorVersioned**, void*, void (*)(void*, const char*, const char*)) {
  return -1;
}
int AllocB(DLTensor*, DLManagedTensorVersioned**, void*, void (*)(void*, const char*, const char*)) {
  return -1;
}

// SPEC: ENV-ALLOC-LOOKUP, ENV-ALLOC-SET
TEST(EnvAllocator, ThreadLocalAllocatorWinsOverGlobalAndOptOutReturnsPreviousThreadLocal) {
  AllocatorReset reset;
  TVMFFIEnvSetDLPackManagedTensorAllocator(nullptr, 1, nullptr);
  EXPECT_EQ(TVMFFIEnvGetDLPackManagedTensorAllocator(), nullptr);

  DLPackManagedTensorAllocator prev = AllocB;
  ASSERT_EQ(TVMFFIEnvSetDLPackManagedTensorAllocator(AllocA, 1, &prev), 0);
  EXPECT_EQ(prev, nullptr);
  EXPECT_EQ(TVMFFIEnvGetDLPackManagedTensorAllocator(), AllocA);

  ASSERT_EQ(TVMFFIEnvSetDLPackManagedTensorAllocator(AllocB, 0, &prev), 0);
  EXPECT_EQ(prev, AllocA) << "writing the global also set this thread's allocator";
  EXPECT_EQ(TVMFFIEnvGetDLPackManagedTensorAllocator(), AllocB) << "thread-local wins";

  ASSERT_EQ(TVMFFIEnvSetDLPackManagedTensorAllocator(nullptr, 0, &prev), 0);
  EXPECT_EQ(prev, AllocB);
  EXPECT_EQ(TVMFFIEnvGetDLPackManagedTensorAllocator(), AllocA) << "falls back to the global";
}

// SPEC: ENV-ALLOC-LOOKUP
TEST(EnvAllocator, OtherThreadsSeeOnlyTheGlobalAllocator) {
  AllocatorReset reset;
  ASSERT_EQ(TVMFFIEnvSetDLPackManagedTensorAllocator(AllocA, 1, nullptr), 0);
  ASSERT_EQ(TVMFFIEnvSetDLPackManagedTensorAllocator(AllocB, 0, nullptr), 0);
  DLPackManagedTensorAllocator seen = nullptr;
  DLPackManagedTensorAllocator seen_after_local = nullptr;
  std::thread other([&] {
    seen = TVMFFIEnvGetDLPackManagedTensorAllocator();
    TVMFFIEnvSetDLPackManagedTensorAllocator(AllocB, 0, nullptr);
    seen_after_local = TVMFFIEnvGetDLPackManagedTensorAllocator();
  });
  other.join();
  EXPECT_EQ(seen, AllocA);
  EXPECT_EQ(seen_after_local, AllocB);
  EXPECT_EQ(TVMFFIEnvGetDLPackManagedTensorAllocator(), AllocB);
}

// ---------------------------------------------------------------------------
// TVMFFIEnvTensorAlloc
// ---------------------------------------------------------------------------

std::atomic<int> g_alloc_calls{0};
std::atomic<int> g_alloc_frees{0};
void* g_seen_error_ctx = reinterpret_cast<void*>(1);

void FreeManaged(DLManagedTensorVersioned* self) {
  g_alloc_frees++;
  std::free(self->dl_tensor.data);
  delete[] self->dl_tensor.shape;
  delete self;
}

// Allocates a compact CPU tensor and leaves strides NULL, as DLPack allows.
int MallocAllocator(DLTensor* proto, DLManagedTensorVersioned** out, void* error_ctx,
                    void (*)(void*, const char*, const char*)) {
  g_alloc_calls++;
  g_seen_error_ctx = error_ctx;
  auto* m = new DLManagedTensorVersioned{};
  m->version.major = DLPACK_MAJOR_VERSION;
  m->version.minor = DLPACK_MINOR_VERSION;
  m->dl_tensor = *proto;
  m->dl_tensor.shape = new int64_t[proto->ndim];
  int64_t count = 1;
  for (int i = 0; i < proto->ndim; ++i) {
    m->dl_tensor.shape[i] = proto->shape[i];
    count *= proto->shape[i];
  }
  m->dl_tensor.strides = nullptr;
  m->dl_tensor.byte_offset = 0;
  m->dl_tensor.data = std::malloc(static_cast<size_t>(count) * proto->dtype.bits / 8);
  m->deleter = FreeManaged;
  *out = m;
  return 0;
}

int FailingAllocator(DLTensor*, DLManagedTensorVersioned**, void* error_ctx,
                     void (*set_error)(void*, const char*, const char*)) {
  set_error(error_ctx, "MemoryError", "device is full");
  return -1;
}

int SilentFailingAllocator(DLTensor*, DLManagedTensorVersioned**, void*,
                           void (*)(void*, const char*, const char*)) {
  return -1;
}

DLTensor Prototype(int64_t* shape) {
  DLTensor t{};
  t.ndim = 2;
  t.shape = shape;
  t.dtype.code = kDLFloat;
  t.dtype.bits = 32;
  t.dtype.lanes = 1;
  t.device.device_type = kDLCPU;
  return t;
}

// SPEC: ENV-TENSOR-ALLOC
TEST(EnvTensorAlloc, NoAllocatorIsRuntimeErrorWithTheReferenceMessage) {
  AllocatorReset reset;
  TVMFFIEnvSetDLPackManagedTensorAllocator(nullptr, 1, nullptr);
  int64_t shape[2] = {2, 3};
  DLTensor proto = Prototype(shape);
  TVMFFIObjectHandle out = nullptr;
  EXPECT_EQ(TVMFFIEnvTensorAlloc(&proto, &out), -1);
  EXPECT_RAISED("RuntimeError",
                "TVMFFIEnvTensorAlloc: allocator is nullptr, likely because "
                "TVMFFIEnvSetDLPackManagedTensorAllocator has not been called.");
  EXPECT_EQ(out, nullptr);
}

// SPEC: ENV-TENSOR-ALLOC
TEST(EnvTensorAlloc, AllocatorResultIsWrappedAsTensorWithStridesAndFreedAtDeath) {
  AllocatorReset reset;
  ASSERT_EQ(TVMFFIEnvSetDLPackManagedTensorAllocator(MallocAllocator, 0, nullptr), 0);
  g_alloc_calls = 0;
  g_alloc_frees = 0;
  int64_t shape[2] = {2, 3};
  DLTensor proto = Prototype(shape);
  TVMFFIObjectHandle out = nullptr;
  ASSERT_EQ(TVMFFIEnvTensorAlloc(&proto, &out), 0);
  EXPECT_EQ(g_alloc_calls.load(), 1);
  EXPECT_EQ(g_seen_error_ctx, nullptr) << "the allocator gets a NULL error context";
  EXPECT_EQ(TypeIndexOf(out), kTVMFFITensor);
  const DLTensor* dl = TVMFFITensorGetDLTensorPtr(out);
  EXPECT_EQ(dl->ndim, 2);
  EXPECT_EQ(dl->shape[0], 2);
  EXPECT_EQ(dl->shape[1], 3);
  ASSERT_NE(dl->strides, nullptr);
  EXPECT_EQ(dl->strides[0], 3);
  EXPECT_EQ(dl->strides[1], 1);
  EXPECT_EQ(g_alloc_frees.load(), 0);
  TVMFFIObjectDecRef(out);
  EXPECT_EQ(g_alloc_frees.load(), 1);
}

// SPEC: ENV-TENSOR-ALLOC
TEST(EnvTensorAlloc, AllocatorErrorReportedThroughSetErrorPropagates) {
  AllocatorReset reset;
  ASSERT_EQ(TVMFFIEnvSetDLPackManagedTensorAllocator(FailingAllocator, 0, nullptr), 0);
  int64_t shape[2] = {2, 3};
  DLTensor proto = Prototype(shape);
  TVMFFIObjectHandle out = nullptr;
  EXPECT_EQ(TVMFFIEnvTensorAlloc(&proto, &out), -1);
  EXPECT_RAISED("MemoryError", "device is full");
}

// SPEC: ENV-TENSOR-ALLOC
TEST(EnvTensorAlloc, SilentAllocatorFailureStillRaisesAnError) {
  AllocatorReset reset;
  ASSERT_EQ(TVMFFIEnvSetDLPackManagedTensorAllocator(SilentFailingAllocator, 0, nullptr), 0);
  int64_t shape[2] = {2, 3};
  DLTensor proto = Prototype(shape);
  TVMFFIObjectHandle out = nullptr;
  EXPECT_EQ(TVMFFIEnvTensorAlloc(&proto, &out), -1);
  EXPECT_RAISED("RuntimeError", "TVMFFIEnvTensorAlloc");
}

// SPEC: ENV-TENSOR-ALLOC
TEST(EnvTensorAlloc, NullOrMalformedPrototypeIsValueError) {
  AllocatorReset reset;
  ASSERT_EQ(TVMFFIEnvSetDLPackManagedTensorAllocator(MallocAllocator, 0, nullptr), 0);
  g_alloc_calls = 0;
  int64_t shape[2] = {2, 3};
  DLTensor proto = Prototype(shape);
  TVMFFIObjectHandle out = nullptr;
  EXPECT_EQ(TVMFFIEnvTensorAlloc(nullptr, &out), -1);
  EXPECT_RAISED("ValueError", "TVMFFIEnvTensorAlloc: `prototype`");
  EXPECT_EQ(TVMFFIEnvTensorAlloc(&proto, nullptr), -1);
  EXPECT_RAISED("ValueError", "TVMFFIEnvTensorAlloc: `out`");
  proto.shape = nullptr;
  EXPECT_EQ(TVMFFIEnvTensorAlloc(&proto, &out), -1);
  EXPECT_RAISED("ValueError", "TVMFFIEnvTensorAlloc");
  EXPECT_EQ(g_alloc_calls.load(), 0);
}

// ---------------------------------------------------------------------------
// Host C-API registration and signal checks
// ---------------------------------------------------------------------------

std::vector<std::string> g_calls;
int g_signal_result = 0;

int FakeCheckSignals() {
  g_calls.push_back("check");
  return g_signal_result;
}
int FakeGILEnsure() {
  g_calls.push_back("ensure");
  return 42;
}
void FakeGILRelease(int state) { g_calls.push_back("release:" + std::to_string(state)); }

void* AsSymbol(int (*fn)()) { return reinterpret_cast<void*>(fn); }

// Unregisters the fake hooks so later tests see a host without Python.
struct CAPIReset {
  ~CAPIReset() {
    TVMFFIEnvRegisterCAPI("PyErr_CheckSignals", nullptr);
    TVMFFIEnvRegisterCAPI("PyGILState_Ensure", nullptr);
    TVMFFIEnvRegisterCAPI("PyGILState_Release", nullptr);
  }
};

// SPEC: ENV-CAPI-NAMES
TEST(EnvRegisterCAPI, UnknownNameIsValueErrorAndNullNameIsValueError) {
  EXPECT_EQ(TVMFFIEnvRegisterCAPI("PyErr_SetString", reinterpret_cast<void*>(0x1)), -1);
  EXPECT_RAISED("ValueError", "Unknown env API PyErr_SetString");
  EXPECT_EQ(TVMFFIEnvRegisterCAPI(nullptr, reinterpret_cast<void*>(0x1)), -1);
  EXPECT_RAISED("ValueError", "TVMFFIEnvRegisterCAPI: `name`");
}

// SPEC: ENV-SIGNALS
TEST(EnvCheckSignals, WithoutRegisteredHookReturnsZero) {
  CAPIReset reset;
  TVMFFIEnvRegisterCAPI("PyErr_CheckSignals", nullptr);
  EXPECT_EQ(TVMFFIEnvCheckSignals(), 0);
  EXPECT_NOTHING_RAISED();
}

// SPEC: ENV-SIGNALS
TEST(EnvCheckSignals, CallsHookUnderGILAndReportsFailureWithoutRaising) {
  CAPIReset reset;
  ASSERT_EQ(TVMFFIEnvRegisterCAPI("PyErr_CheckSignals", AsSymbol(FakeCheckSignals)), 0);
  ASSERT_EQ(TVMFFIEnvRegisterCAPI("PyGILState_Ensure", AsSymbol(FakeGILEnsure)), 0);
  ASSERT_EQ(TVMFFIEnvRegisterCAPI("PyGILState_Release",
                                  reinterpret_cast<void*>(FakeGILRelease)),
            0);
  g_calls.clear();
  g_signal_result = 0;
  EXPECT_EQ(TVMFFIEnvCheckSignals(), 0);
  EXPECT_EQ(g_calls, (std::vector<std::string>{"ensure", "check", "release:42"}));

  g_calls.clear();
  g_signal_result = -1;
  EXPECT_EQ(TVMFFIEnvCheckSignals(), -1);
  EXPECT_NOTHING_RAISED() << "the host keeps its own pending exception";
  g_signal_result = 0;
}

// SPEC: ENV-SIGNALS
TEST(EnvCheckSignals, WithoutGILHooksCallsCheckDirectly) {
  CAPIReset reset;
  TVMFFIEnvRegisterCAPI("PyGILState_Ensure", nullptr);
  TVMFFIEnvRegisterCAPI("PyGILState_Release", nullptr);
  ASSERT_EQ(TVMFFIEnvRegisterCAPI("PyErr_CheckSignals", AsSymbol(FakeCheckSignals)), 0);
  g_calls.clear();
  g_signal_result = 3;
  EXPECT_EQ(TVMFFIEnvCheckSignals(), -1);
  EXPECT_EQ(g_calls, (std::vector<std::string>{"check"}));
  g_signal_result = 0;
}

}  // namespace
