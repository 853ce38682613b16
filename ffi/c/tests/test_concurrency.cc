// ffi/c/tests/test_concurrency.cc: thread safety of the type registry and
// the global function table, and one-time initialization.
#include <gtest/gtest.h>
#include <tvm/ffi/c_api.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "test_helpers.h"

namespace {

using namespace tvm_ffi_test;

// Releases all waiting threads at once so that they really race.
class StartGate {
 public:
  void Wait() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [this] { return open_; });
  }
  void Open() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      open_ = true;
    }
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool open_ = false;
};

int32_t Alloc(const std::string& key, int32_t depth, int32_t child_slots, int32_t can_overflow,
              int32_t parent) {
  TVMFFIByteArray b = ByteArray(key);
  return TVMFFITypeGetOrAllocIndex(&b, -1, depth, child_slots, can_overflow, parent);
}

// ---------------------------------------------------------------------------
// Type registry
// ---------------------------------------------------------------------------

// SPEC: EXT-THREADSAFE-REGISTRY
TEST(RegistryConcurrency, EightThreadsRegisteringDistinctKeysGetUniqueIndicesWhileReadersLookUp) {
  constexpr int kWriters = 8, kPerWriter = 200, kReaders = 3, kParentSlots = 50;
  const int32_t P =
      Alloc(PerIteration("test.concurrency.reg.Parent"), 1, kParentSlots, 1, kTVMFFIObject);
  ASSERT_GE(P, kTVMFFIDynObjectBegin);

  auto key_of = [](int w, int i) {
    return PerIteration("test.concurrency.reg.W" + std::to_string(w) + ".K" + std::to_string(i));
  };
  std::vector<std::vector<std::atomic<int32_t>>> indices(kWriters);
  for (auto& v : indices) v = std::vector<std::atomic<int32_t>>(kPerWriter);
  std::vector<std::atomic<int>> published(kWriters);
  for (auto& p : published) p = 0;
  std::atomic<int> writer_errors{0}, reader_errors{0}, reader_checks{0};
  std::atomic<bool> writers_done{false};
  StartGate gate;

  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      gate.Wait();
      for (int i = 0; i < kPerWriter; ++i) {
        int32_t idx = Alloc(key_of(w, i), 2, 0, 0, P);
        if (idx < 0) {
          writer_errors.fetch_add(1);
          ClearRaised();
        }
        indices[w][i].store(idx, std::memory_order_relaxed);
        published[w].store(i + 1, std::memory_order_release);
      }
    });
  }
  for (int r = 0; r < kReaders; ++r) {
    threads.emplace_back([&, r] {
      gate.Wait();
      const TVMFFITypeInfo* str_info = nullptr;
      uint32_t rng = 12345u + static_cast<uint32_t>(r);
      while (!writers_done.load(std::memory_order_acquire)) {
        // Existing builtin entries stay stable.
        const TVMFFITypeInfo* si = TVMFFIGetTypeInfo(kTVMFFIStr);
        if (si == nullptr || ToStdString(si->type_key) != "ffi.String") reader_errors.fetch_add(1);
        if (str_info != nullptr && si != str_info) reader_errors.fetch_add(1);
        str_info = si;
        const TVMFFITypeInfo* pi = TVMFFIGetTypeInfo(P);
        if (pi == nullptr || pi->type_index != P) reader_errors.fetch_add(1);
        // A published new entry is fully visible by index and by key.
        rng = rng * 1664525u + 1013904223u;
        int w = static_cast<int>(rng % kWriters);
        int n = published[w].load(std::memory_order_acquire);
        if (n == 0) continue;
        int i = static_cast<int>((rng >> 8) % static_cast<uint32_t>(n));
        int32_t idx = indices[w][i].load(std::memory_order_relaxed);
        if (idx < 0) continue;
        std::string key = key_of(w, i);
        const TVMFFITypeInfo* info = TVMFFIGetTypeInfo(idx);
        if (info == nullptr || ToStdString(info->type_key) != key || info->type_index != idx ||
            info->type_depth != 2 || info->type_ancestors[1]->type_index != P) {
          reader_errors.fetch_add(1);
        }
        TVMFFIByteArray kb = ByteArray(key);
        int32_t by_key = -1;
        if (TVMFFITypeKeyToIndex(&kb, &by_key) != 0 || by_key != idx) reader_errors.fetch_add(1);
        // Query-only lookups of the same key agree.
        if (TVMFFITypeGetOrAllocIndex(&kb, -1, 0, 0, 0, -2) != idx) reader_errors.fetch_add(1);
        reader_checks.fetch_add(1);
      }
    });
  }
  gate.Open();
  for (int w = 0; w < kWriters; ++w) threads[w].join();
  writers_done = true;
  for (size_t t = kWriters; t < threads.size(); ++t) threads[t].join();

  EXPECT_EQ(writer_errors.load(), 0);
  EXPECT_EQ(reader_errors.load(), 0);
  std::set<int32_t> seen;
  int in_parent_range = 0;
  for (int w = 0; w < kWriters; ++w) {
    for (int i = 0; i < kPerWriter; ++i) {
      int32_t idx = indices[w][i].load();
      ASSERT_GE(idx, 0);
      EXPECT_TRUE(seen.insert(idx).second) << "index " << idx << " handed out twice";
      if (idx > P && idx <= P + kParentSlots) {
        ++in_parent_range;
      } else {
        EXPECT_GE(idx, kTVMFFIDynObjectBegin);
      }
      const TVMFFITypeInfo* info = TVMFFIGetTypeInfo(idx);
      ASSERT_NE(info, nullptr);
      std::string key = key_of(w, i);
      EXPECT_EQ(ToStdString(info->type_key), key);
      TVMFFIByteArray kb = ByteArray(key);
      int32_t by_key = -1;
      int rc = TVMFFITypeKeyToIndex(&kb, &by_key);
      ASSERT_EQ(rc, 0) << key << ": " << TakeRaisedDescription();
      EXPECT_EQ(by_key, idx);
    }
  }
  EXPECT_EQ(in_parent_range, kParentSlots) << "every reserved slot used exactly once";
  EXPECT_EQ(static_cast<int>(seen.size()), kWriters * kPerWriter);
}

// SPEC: EXT-THREADSAFE-REGISTRY
TEST(RegistryConcurrency, SameKeyRegisteredConcurrentlyFromSixteenThreadsGetsOneIndex) {
  constexpr int kThreads = 16;
  const int32_t P = Alloc(PerIteration("test.concurrency.same.Parent"), 1, 4, 1, kTVMFFIObject);
  ASSERT_GE(P, kTVMFFIDynObjectBegin);
  for (int round = 0; round < 20; ++round) {
    std::string key = PerIteration("test.concurrency.same.K" + std::to_string(round));
    std::vector<int32_t> got(kThreads, -100);
    StartGate gate;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        gate.Wait();
        got[t] = Alloc(key, 2, 0, 0, P);
      });
    }
    gate.Open();
    for (auto& th : threads) th.join();
    for (int t = 0; t < kThreads; ++t) {
      EXPECT_EQ(got[t], got[0]) << key << " thread " << t;
    }
    EXPECT_GT(got[0], 0);
    TVMFFIByteArray kb = ByteArray(key);
    EXPECT_EQ(TVMFFITypeGetOrAllocIndex(&kb, -1, 0, 0, 0, -2), got[0]);
  }
  // 20 keys registered once each: 4 in the parent's slots, 16 overflowed.
  int in_range = 0;
  for (int round = 0; round < 20; ++round) {
    std::string key = PerIteration("test.concurrency.same.K" + std::to_string(round));
    TVMFFIByteArray kb = ByteArray(key);
    int32_t idx = TVMFFITypeGetOrAllocIndex(&kb, -1, 0, 0, 0, -2);
    if (idx > P && idx <= P + 4) ++in_range;
  }
  EXPECT_EQ(in_range, 4) << "a key registered by many threads consumes one slot";
}

// ---------------------------------------------------------------------------
// Global functions
// ---------------------------------------------------------------------------

int ReturnsSelfTag(void* handle, const TVMFFIAny*, int32_t, TVMFFIAny* result) {
  *result = IntAny(reinterpret_cast<intptr_t>(handle));
  return 0;
}

// SPEC: EXT-THREADSAFE-REGISTRY
TEST(GlobalConcurrency, SetGlobalFromFourThreadsWhileFourThreadsGetGlobalIsConsistent) {
  constexpr int kWriters = 4, kPerWriter = 200, kReaders = 4;
  auto name_of = [](int w, int i) {
    return PerIteration("test.concurrency.global.W" + std::to_string(w) + ".F" +
                        std::to_string(i));
  };
  auto tag_of = [](int w, int i) { return static_cast<intptr_t>(w * 1000 + i + 1); };
  std::vector<std::atomic<int>> published(kWriters);
  for (auto& p : published) p = 0;
  std::atomic<int> errors{0};
  std::atomic<bool> writers_done{false};
  StartGate gate;
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      gate.Wait();
      for (int i = 0; i < kPerWriter; ++i) {
        TVMFFIObjectHandle f = nullptr;
        if (TVMFFIFunctionCreate(reinterpret_cast<void*>(tag_of(w, i)), ReturnsSelfTag, nullptr,
                                 &f) != 0) {
          errors.fetch_add(1);
          continue;
        }
        std::string name = name_of(w, i);
        TVMFFIByteArray nb = ByteArray(name);
        if (TVMFFIFunctionSetGlobal(&nb, f, 0) != 0) {
          errors.fetch_add(1);
          ClearRaised();
        }
        TVMFFIObjectDecRef(f);
        published[w].store(i + 1, std::memory_order_release);
      }
    });
  }
  for (int r = 0; r < kReaders; ++r) {
    threads.emplace_back([&, r] {
      gate.Wait();
      uint32_t rng = 777u + static_cast<uint32_t>(r);
      while (!writers_done.load(std::memory_order_acquire)) {
        rng = rng * 1664525u + 1013904223u;
        int w = static_cast<int>(rng % kWriters);
        int n = published[w].load(std::memory_order_acquire);
        // Names never registered always miss.
        TVMFFIByteArray miss = ByteArray("test.concurrency.global.never");
        TVMFFIObjectHandle h = reinterpret_cast<TVMFFIObjectHandle>(0x1);
        if (TVMFFIFunctionGetGlobal(&miss, &h) != 0 || h != nullptr) errors.fetch_add(1);
        if (n == 0) continue;
        int i = static_cast<int>((rng >> 8) % static_cast<uint32_t>(n));
        std::string name = name_of(w, i);
        TVMFFIByteArray nb = ByteArray(name);
        TVMFFIObjectHandle f = nullptr;
        if (TVMFFIFunctionGetGlobal(&nb, &f) != 0 || f == nullptr) {
          errors.fetch_add(1);
          ClearRaised();
          continue;
        }
        TVMFFIAny result = NoneAny();
        if (TVMFFIFunctionCall(f, nullptr, 0, &result) != 0 || result.type_index != kTVMFFIInt ||
            result.v_int64 != tag_of(w, i)) {
          errors.fetch_add(1);
          ClearRaised();
        }
        TVMFFIObjectDecRef(f);
      }
    });
  }
  gate.Open();
  for (int w = 0; w < kWriters; ++w) threads[w].join();
  writers_done = true;
  for (size_t t = kWriters; t < threads.size(); ++t) threads[t].join();
  EXPECT_EQ(errors.load(), 0);
  for (int w = 0; w < kWriters; ++w) {
    for (int i = 0; i < kPerWriter; ++i) {
      std::string name = name_of(w, i);
      TVMFFIByteArray nb = ByteArray(name);
      TVMFFIObjectHandle f = nullptr;
      ASSERT_EQ(TVMFFIFunctionGetGlobal(&nb, &f), 0);
      ASSERT_NE(f, nullptr) << name;
      EXPECT_EQ(StrongCount(f), 2u) << "registry + our lookup";
      TVMFFIObjectDecRef(f);
    }
  }
}

// SPEC: EXT-THREADSAFE-REGISTRY
TEST(GlobalConcurrency, ConcurrentOverridesOfOneNameLeaveOneWinnerAndReleaseTheRest) {
  constexpr int kThreads = 8, kPerThread = 100;
  const std::string name_str = PerIteration("test.concurrency.global.contended");
  TVMFFIByteArray name = ByteArray(name_str);
  std::vector<TVMFFIObjectHandle> fns(kThreads * kPerThread, nullptr);
  for (size_t k = 0; k < fns.size(); ++k) {
    ASSERT_EQ(TVMFFIFunctionCreate(reinterpret_cast<void*>(k + 1), ReturnsSelfTag, nullptr,
                                   &fns[k]),
              0);
  }
  std::atomic<int> errors{0};
  StartGate gate;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      gate.Wait();
      for (int i = 0; i < kPerThread; ++i) {
        if (TVMFFIFunctionSetGlobal(&name, fns[t * kPerThread + i], 1) != 0) {
          errors.fetch_add(1);
          ClearRaised();
        }
        TVMFFIObjectHandle got = nullptr;
        if (TVMFFIFunctionGetGlobal(&name, &got) != 0 || got == nullptr) {
          errors.fetch_add(1);
        } else {
          TVMFFIObjectDecRef(got);
        }
      }
    });
  }
  gate.Open();
  for (auto& th : threads) th.join();
  EXPECT_EQ(errors.load(), 0);
  TVMFFIObjectHandle winner = nullptr;
  ASSERT_EQ(TVMFFIFunctionGetGlobal(&name, &winner), 0);
  ASSERT_NE(winner, nullptr);
  int winners = 0;
  for (TVMFFIObjectHandle f : fns) {
    if (f == winner) {
      ++winners;
      EXPECT_EQ(StrongCount(f), 3u) << "ours + registry + the lookup";
    } else {
      EXPECT_EQ(StrongCount(f), 1u) << "replaced functions are released exactly once";
    }
  }
  EXPECT_EQ(winners, 1);
  TVMFFIObjectDecRef(winner);
  // The registry keeps the winner alive after we drop ours; leave it there.
  for (TVMFFIObjectHandle f : fns) TVMFFIObjectDecRef(f);
}

// ---------------------------------------------------------------------------
// One-time initialization
// ---------------------------------------------------------------------------

std::atomic<int> g_init_calls{0};
int g_init_target = 0;
int SlowInit(void** result) {
  g_init_calls.fetch_add(1);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  *result = &g_init_target;
  return 0;
}

// SPEC: ENV-INIT-ONCE
TEST(InitOnce, SixteenThreadsRacingCallInitExactlyOnceAndAllSeeTheSameHandle) {
  constexpr int kThreads = 16;
  g_init_calls = 0;
  void* handle = nullptr;
  std::vector<void*> seen(kThreads, nullptr);
  std::vector<int> rcs(kThreads, -100);
  StartGate gate;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      gate.Wait();
      rcs[t] = TVMFFIHandleInitOnce(&handle, SlowInit);
      seen[t] = __atomic_load_n(&handle, __ATOMIC_ACQUIRE);
    });
  }
  gate.Open();
  for (auto& th : threads) th.join();
  EXPECT_EQ(g_init_calls.load(), 1);
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(rcs[t], 0) << "thread " << t;
    EXPECT_EQ(seen[t], &g_init_target) << "thread " << t;
  }
  // Already initialized: init is not called again.
  EXPECT_EQ(TVMFFIHandleInitOnce(&handle, SlowInit), 0);
  EXPECT_EQ(g_init_calls.load(), 1);
}

int InitToNull(void** result) {
  *result = nullptr;
  return 0;
}

// SPEC: ENV-INIT-ONCE
TEST(InitOnce, InitFuncProducingNullReturnsMinusOneWithRuntimeErrorAndLeavesHandleNull) {
  void* handle = nullptr;
  EXPECT_EQ(TVMFFIHandleInitOnce(&handle, InitToNull), -1);
  EXPECT_RAISED("RuntimeError", "");
  EXPECT_EQ(handle, nullptr);
}

int InitFails(void**) {
  TVMFFIErrorSetRaisedFromCStr("ValueError", "init failed on purpose");
  return -1;
}

// SPEC: ENV-INIT-ONCE
TEST(InitOnce, FailingInitFuncPropagatesItsErrorAndALaterInitCanStillSucceed) {
  g_init_calls = 0;
  void* handle = nullptr;
  EXPECT_EQ(TVMFFIHandleInitOnce(&handle, InitFails), -1);
  EXPECT_RAISED("ValueError", "init failed on purpose");
  EXPECT_EQ(handle, nullptr);
  EXPECT_EQ(TVMFFIHandleInitOnce(&handle, SlowInit), 0);
  EXPECT_EQ(handle, &g_init_target);
  EXPECT_EQ(g_init_calls.load(), 1);
}

std::atomic<int> g_deinit_calls{0};
std::atomic<void*> g_deinit_arg{nullptr};
int CountingDeinit(void* h) {
  g_deinit_calls.fetch_add(1);
  g_deinit_arg.store(h);
  return 0;
}

// SPEC: ENV-INIT-ONCE, ENV-DEINIT-ONCE
TEST(DeinitOnce, ClearsTheHandleAndCallsDeinitOnceWithTheOldValue) {
  g_deinit_calls = 0;
  int target = 0;
  void* handle = &target;
  EXPECT_EQ(TVMFFIHandleDeinitOnce(&handle, CountingDeinit), 0);
  EXPECT_EQ(handle, nullptr);
  EXPECT_EQ(g_deinit_calls.load(), 1);
  EXPECT_EQ(g_deinit_arg.load(), &target);
  // Already NULL: nothing to do.
  EXPECT_EQ(TVMFFIHandleDeinitOnce(&handle, CountingDeinit), 0);
  EXPECT_EQ(g_deinit_calls.load(), 1);
}

// SPEC: ENV-INIT-ONCE, ENV-DEINIT-ONCE
TEST(DeinitOnce, SixteenThreadsRacingCallDeinitExactlyOnce) {
  constexpr int kThreads = 16;
  g_deinit_calls = 0;
  int target = 0;
  void* handle = &target;
  StartGate gate;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      gate.Wait();
      if (TVMFFIHandleDeinitOnce(&handle, CountingDeinit) != 0) failures.fetch_add(1);
    });
  }
  gate.Open();
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(g_deinit_calls.load(), 1);
  EXPECT_EQ(handle, nullptr);
}

int DeinitFails(void*) {
  TVMFFIErrorSetRaisedFromCStr("RuntimeError", "deinit failed on purpose");
  return -1;
}

// SPEC: ENV-INIT-ONCE, ENV-DEINIT-ONCE
TEST(DeinitOnce, FailingDeinitFuncReturnsMinusOneWithItsError) {
  int target = 0;
  void* handle = &target;
  EXPECT_EQ(TVMFFIHandleDeinitOnce(&handle, DeinitFails), -1);
  EXPECT_RAISED("RuntimeError", "deinit failed on purpose");
  EXPECT_EQ(handle, nullptr);
}

}  // namespace
