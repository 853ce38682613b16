// ffi/c/tests/test_env_rules.cc: §11 environment rules: the stream table's ranges, setting
// the DLPack allocator (opt_out never reports the global one), and TVMFFIHandleDeinitOnce.
#include <gtest/gtest.h>
#include <tvm/ffi/c_api.h>
#include <tvm/ffi/extra/c_env_api.h>

#include <atomic>
#include <cstdint>
#include <string>
#include <thread>
#include <utility>

#include "test_helpers.h"

namespace {

using namespace tvm_ffi_test;

TVMFFIStreamHandle Stream(uintptr_t n) { return reinterpret_cast<TVMFFIStreamHandle>(n); }

// SPEC: ENV-STREAM-RANGE, ENV-STREAM-TLS
TEST(EnvStreamRange, EveryDeviceTypeUpTo255AndDeviceIdsUpTo1023Work) {
  for (int32_t type = 0; type <= 255; ++type) {
    for (int32_t id : {0, 1, 511, 1023}) {
      ASSERT_EQ(TVMFFIEnvGetStream(type, id), nullptr) << "entries start as NULL";
      TVMFFIStreamHandle prev = Stream(1);
      ASSERT_EQ(TVMFFIEnvSetStream(type, id, Stream(0x1000 + type * 2048 + id), &prev), 0)
          << type << "/" << id << ": " << TakeRaisedDescription();
      EXPECT_EQ(prev, nullptr);
    }
  }
  for (int32_t type = 0; type <= 255; ++type) {
    for (int32_t id : {0, 1, 511, 1023}) {
      EXPECT_EQ(TVMFFIEnvGetStream(type, id), Stream(0x1000 + type * 2048 + id));
      ASSERT_EQ(TVMFFIEnvSetStream(type, id, nullptr, nullptr), 0);
    }
  }
  EXPECT_NOTHING_RAISED();
}

// SPEC: ENV-STREAM-RANGE, EXT-KIND-CHOICES
TEST(EnvStreamRange, OutOfRangeSetIsValueErrorAndOutOfRangeGetIsNullWithoutError) {
  const std::pair<int32_t, int32_t> bad[] = {{-1, 0}, {256, 0}, {1 << 20, 0}, {INT32_MIN, 0},
                                             {0, -1}, {2, INT32_MIN}};
  for (const auto& d : bad) {
    SCOPED_TRACE(std::to_string(d.first) + "/" + std::to_string(d.second));
    TVMFFIStreamHandle prev = Stream(7);
    EXPECT_EQ(TVMFFIEnvSetStream(d.first, d.second, Stream(0x99), &prev), -1);
    EXPECT_RAISED("ValueError", "TVMFFIEnvSetStream");
    EXPECT_EQ(prev, Stream(7)) << "opt_out untouched";
    EXPECT_EQ(TVMFFIEnvGetStream(d.first, d.second), nullptr);
    EXPECT_NOTHING_RAISED();
  }
}

int AllocA(DLTensor*, DLManagedTensorVersioned**, void*, void (*)(void*, const char*, const char*)) {
  return -1;
}
int AllocB(DLTensor*, DLManagedTensorVersioned**, void*, void (*)(void*, const char*, const char*)) {
  return -1;
}

// SPEC: ENV-ALLOC-SET, ENV-ALLOC-LOOKUP
TEST(EnvAllocSet, OptOutReceivesTheThreadsPreviousAllocatorNeverTheGlobalOne) {
  ASSERT_EQ(TVMFFIEnvSetDLPackManagedTensorAllocator(AllocA, 1, nullptr), 0);  // global + thread
  DLPackManagedTensorAllocator seen_before = AllocB, prev = AllocB, seen_after = nullptr,
                               prev_after_global = AllocB, global_seen_here = AllocB;
  std::thread other([&] {
    seen_before = TVMFFIEnvGetDLPackManagedTensorAllocator();  // falls back to the global A
    // This thread never set one: opt_out is NULL although the global is A.
    TVMFFIEnvSetDLPackManagedTensorAllocator(AllocB, 0, &prev);
    seen_after = TVMFFIEnvGetDLPackManagedTensorAllocator();
    // Setting the global from here reports this thread's previous (B) and changes both.
    TVMFFIEnvSetDLPackManagedTensorAllocator(nullptr, 1, &prev_after_global);
  });
  other.join();
  EXPECT_EQ(seen_before, AllocA);
  EXPECT_EQ(prev, nullptr) << "opt_out must not report the global allocator";
  EXPECT_EQ(seen_after, AllocB);
  EXPECT_EQ(prev_after_global, AllocB);
  // This thread still has its own A; the global is now NULL.
  EXPECT_EQ(TVMFFIEnvGetDLPackManagedTensorAllocator(), AllocA);
  std::thread third([&] { global_seen_here = TVMFFIEnvGetDLPackManagedTensorAllocator(); });
  third.join();
  EXPECT_EQ(global_seen_here, nullptr);
  TVMFFIEnvSetDLPackManagedTensorAllocator(nullptr, 1, nullptr);
}

std::atomic<int> g_deinit_calls{0};
std::atomic<void*> g_deinit_arg{nullptr};
int RecordDeinit(void* h) {
  g_deinit_calls.fetch_add(1);
  g_deinit_arg = h;
  return 0;
}
int FailingDeinit(void*) {
  TVMFFIErrorSetRaisedFromCStr("ValueError", "deinit failed");
  return -1;
}

// SPEC: ENV-DEINIT-ONCE
TEST(EnvDeinitOnce, SwapsWithNullThenCallsDeinitOnlyForANonNullOldValue) {
  static int target = 0;
  void* handle = &target;
  g_deinit_calls = 0;
  ASSERT_EQ(TVMFFIHandleDeinitOnce(&handle, RecordDeinit), 0);
  EXPECT_EQ(handle, nullptr);
  EXPECT_EQ(g_deinit_calls.load(), 1);
  EXPECT_EQ(g_deinit_arg.load(), &target);
  ASSERT_EQ(TVMFFIHandleDeinitOnce(&handle, RecordDeinit), 0) << "already NULL: nothing to do";
  EXPECT_EQ(g_deinit_calls.load(), 1);
  // deinit's failure is returned, and the handle is cleared regardless.
  handle = &target;
  EXPECT_EQ(TVMFFIHandleDeinitOnce(&handle, FailingDeinit), -1);
  EXPECT_RAISED("ValueError", "deinit failed");
  EXPECT_EQ(handle, nullptr);
  // A NULL deinit only clears the handle.
  handle = &target;
  EXPECT_EQ(TVMFFIHandleDeinitOnce(&handle, nullptr), 0);
  EXPECT_EQ(handle, nullptr);
}

}  // namespace
