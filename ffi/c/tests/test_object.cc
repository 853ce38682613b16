// ffi/c/tests/test_object.cc: reference counting, deleter flags, weak counts,
// opaque objects and the custom object allocator.
#include <gtest/gtest.h>
#include <tvm/ffi/c_api.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "test_helpers.h"

namespace {

using namespace tvm_ffi_test;

// ---------------------------------------------------------------------------
// Reference counts
// ---------------------------------------------------------------------------

// SPEC: OBJ-REFCOUNT-BITS, OBJ-INCREF, OBJ-INCREF-API
TEST(ObjectRefCount, IncRefAddsOneToStrongLowBitsAndLeavesWeakBits) {
  DeleterLog log;
  RecordingObject* obj = NewRecordingObject(&log);
  ASSERT_EQ(CombinedCount(obj), kFreshCount);
  ASSERT_EQ(TVMFFIObjectIncRef(obj), 0);
  EXPECT_EQ(CombinedCount(obj), (uint64_t{1} << 32) | 2u);
  ASSERT_EQ(TVMFFIObjectIncRef(obj), 0);
  EXPECT_EQ(CombinedCount(obj), (uint64_t{1} << 32) | 3u);
  ASSERT_EQ(TVMFFIObjectDecRef(obj), 0);
  ASSERT_EQ(TVMFFIObjectDecRef(obj), 0);
  EXPECT_EQ(CombinedCount(obj), kFreshCount);
  EXPECT_TRUE(log.Snapshot().empty()) << "deleter must not run while a strong ref remains";
  ASSERT_EQ(TVMFFIObjectDecRef(obj), 0);
  EXPECT_EQ(log.Snapshot().size(), 1u);
}

// SPEC: OBJ-REFCOUNT-BITS
TEST(ObjectRefCount, ConcurrentIncRefDecRefFromEightThreadsKeepsExactCount) {
  DeleterLog log;
  RecordingObject* obj = NewRecordingObject(&log);
  constexpr int kThreads = 8, kIters = 20000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([obj] {
      for (int i = 0; i < kIters; ++i) {
        TVMFFIObjectIncRef(obj);
        TVMFFIObjectIncRef(obj);
        TVMFFIObjectDecRef(obj);
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(CombinedCount(obj), (uint64_t{1} << 32) | (1u + kThreads * kIters));
  threads.clear();
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([obj] {
      for (int i = 0; i < kIters; ++i) TVMFFIObjectDecRef(obj);
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(CombinedCount(obj), kFreshCount);
  EXPECT_TRUE(log.Snapshot().empty());
  TVMFFIObjectDecRef(obj);
  EXPECT_EQ(log.Snapshot(), std::vector<int>{kTVMFFIObjectDeleterFlagBitMaskBoth});
}

// SPEC: EXT-NULL-ARGS
TEST(ObjectRefCount, IncRefOnNullHandleReturnsMinusOneWithValueError) {
  EXPECT_EQ(TVMFFIObjectIncRef(nullptr), -1);
  EXPECT_RAISED("ValueError", "");
}

// SPEC: EXT-NULL-ARGS
TEST(ObjectRefCount, DecRefOnNullHandleReturnsMinusOneWithValueError) {
  EXPECT_EQ(TVMFFIObjectDecRef(nullptr), -1);
  EXPECT_RAISED("ValueError", "");
}

// ---------------------------------------------------------------------------
// Deleter flags and weak references
// ---------------------------------------------------------------------------

// SPEC: OBJ-DELETER-FLAGS, OBJ-DECREF
TEST(ObjectDeleter, FreshObjectReleasedByDecRefGetsDeleterBothExactlyOnce) {
  DeleterLog log;
  RecordingObject* obj = NewRecordingObject(&log);
  ASSERT_EQ(TVMFFIObjectDecRef(obj), 0);  // frees obj
  EXPECT_EQ(log.Snapshot(), std::vector<int>{kTVMFFIObjectDeleterFlagBitMaskBoth});
  EXPECT_EQ(static_cast<int>(kTVMFFIObjectDeleterFlagBitMaskBoth), 3);
  EXPECT_NOTHING_RAISED();
}

// SPEC: OBJ-DELETER-FLAGS
TEST(ObjectDeleter, DecRefWithAnotherStrongRefLeftDoesNotCallDeleter) {
  DeleterLog log;
  RecordingObject* obj = NewRecordingObject(&log);
  obj->header.combined_ref_count = (uint64_t{1} << 32) | 2u;
  ASSERT_EQ(TVMFFIObjectDecRef(obj), 0);
  EXPECT_TRUE(log.Snapshot().empty());
  EXPECT_EQ(CombinedCount(obj), kFreshCount);
  ASSERT_EQ(TVMFFIObjectDecRef(obj), 0);
  EXPECT_EQ(log.Snapshot(), std::vector<int>{kTVMFFIObjectDeleterFlagBitMaskBoth});
}

// SPEC: OBJ-WEAK, OBJ-DECREF
TEST(ObjectWeak, DecRefWithExtraWeakRefCallsDeleterStrongOnlyAndLeavesOneWeak) {
  DeleterLog log;
  RecordingObject* obj = NewRecordingObject(&log);
  obj->header.combined_ref_count += kOneWeak;  // a manual weak reference: 1 | 2<<32
  ASSERT_EQ(TVMFFIObjectDecRef(obj), 0);
  EXPECT_EQ(log.Snapshot(), std::vector<int>{kTVMFFIObjectDeleterFlagBitMaskStrong});
  // The runtime released the implicit weak ref; ours is the only one left.
  EXPECT_EQ(CombinedCount(obj), kOneWeak);
  // Release our weak ref the way inline SDK code does (fetch_sub of 1<<32);
  // the last weak reference frees the memory with the Weak flag.
  uint64_t prev = __atomic_fetch_sub(&obj->header.combined_ref_count, kOneWeak, __ATOMIC_ACQ_REL);
  ASSERT_EQ(prev, kOneWeak);
  obj->header.deleter(obj, kTVMFFIObjectDeleterFlagBitMaskWeak);
  EXPECT_EQ(log.Snapshot(), (std::vector<int>{kTVMFFIObjectDeleterFlagBitMaskStrong,
                                              kTVMFFIObjectDeleterFlagBitMaskWeak}));
}

// SPEC: OBJ-WEAK
TEST(ObjectWeak, WeakRefDroppedDuringStrongDeleterMakesRuntimeCallDeleterWeakAfterStrong) {
  DeleterLog log;
  RecordingObject* obj = NewRecordingObject(&log);
  obj->header.combined_ref_count += kOneWeak;  // 1 | 2<<32
  // A weak pointer owned by the object's contents goes away during destruction.
  obj->on_strong = [](RecordingObject* self) {
    __atomic_fetch_sub(&self->header.combined_ref_count, kOneWeak, __ATOMIC_ACQ_REL);
  };
  ASSERT_EQ(TVMFFIObjectDecRef(obj), 0);  // Strong, then the runtime drops the last weak: Weak
  EXPECT_EQ(log.Snapshot(), (std::vector<int>{kTVMFFIObjectDeleterFlagBitMaskStrong,
                                              kTVMFFIObjectDeleterFlagBitMaskWeak}));
}

// SPEC: OBJ-DELETER-FLAGS, OBJ-DELETER-NULL
TEST(ObjectDeleter, NullDeleterIsAllowedAndNothingIsFreed) {
  TVMFFIObject obj;
  obj.combined_ref_count = kFreshCount;
  obj.type_index = kTVMFFIObject;
  obj.__padding = 0;
  obj.deleter = nullptr;
  EXPECT_EQ(TVMFFIObjectDecRef(&obj), 0);
  EXPECT_NOTHING_RAISED();
}

// ---------------------------------------------------------------------------
// Opaque objects
// ---------------------------------------------------------------------------

std::atomic<int> g_opaque_deleter_calls{0};
std::atomic<void*> g_opaque_deleter_arg{nullptr};
void OpaqueDeleter(void* handle) {
  g_opaque_deleter_calls.fetch_add(1);
  g_opaque_deleter_arg.store(handle);
}

// SPEC: OBJ-OPAQUE
TEST(ObjectOpaque, PyObjectIndexWrapsHandleInCellAndLastDecRefCallsDeleterWithHandle) {
  g_opaque_deleter_calls = 0;
  g_opaque_deleter_arg = nullptr;
  int payload = 0;
  TVMFFIObjectHandle out = nullptr;
  ASSERT_EQ(TVMFFIObjectCreateOpaque(&payload, kTVMFFIOpaquePyObject, OpaqueDeleter, &out), 0);
  ASSERT_NE(out, nullptr);
  EXPECT_EQ(TypeIndexOf(out), kTVMFFIOpaquePyObject);
  EXPECT_EQ(TypeIndexOf(out), 74);
  EXPECT_EQ(CombinedCount(out), kFreshCount);
  // The cell sits right after the 24-byte header.
  EXPECT_EQ(reinterpret_cast<char*>(TVMFFIOpaqueObjectGetCellPtr(out)),
            reinterpret_cast<char*>(out) + 24);
  EXPECT_EQ(*reinterpret_cast<void**>(reinterpret_cast<char*>(out) + 24), &payload);
  EXPECT_EQ(TVMFFIOpaqueObjectGetCellPtr(out)->handle, &payload);
  ASSERT_EQ(TVMFFIObjectIncRef(out), 0);
  ASSERT_EQ(TVMFFIObjectDecRef(out), 0);
  EXPECT_EQ(g_opaque_deleter_calls.load(), 0);
  ASSERT_EQ(TVMFFIObjectDecRef(out), 0);
  EXPECT_EQ(g_opaque_deleter_calls.load(), 1);
  EXPECT_EQ(g_opaque_deleter_arg.load(), &payload);
}

// SPEC: OBJ-OPAQUE
TEST(ObjectOpaque, NullDeleterIsAcceptedAndReleaseDoesNotCrash) {
  int payload = 0;
  TVMFFIObjectHandle out = nullptr;
  ASSERT_EQ(TVMFFIObjectCreateOpaque(&payload, kTVMFFIOpaquePyObject, nullptr, &out), 0);
  ASSERT_NE(out, nullptr);
  EXPECT_EQ(TVMFFIOpaqueObjectGetCellPtr(out)->handle, &payload);
  EXPECT_EQ(TVMFFIObjectDecRef(out), 0);
}

// SPEC: OBJ-OPAQUE
TEST(ObjectOpaque, TypeIndexOtherThanOpaquePyObjectReturnsMinusOneWithTypeError) {
  g_opaque_deleter_calls = 0;
  int payload = 0;
  for (int32_t tindex : {static_cast<int32_t>(kTVMFFINone), static_cast<int32_t>(kTVMFFIObject),
                         static_cast<int32_t>(kTVMFFIStr), static_cast<int32_t>(kTVMFFIFunction),
                         static_cast<int32_t>(kTVMFFIDynObjectBegin)}) {
    SCOPED_TRACE("type_index=" + std::to_string(tindex));
    TVMFFIObjectHandle out = reinterpret_cast<TVMFFIObjectHandle>(0x1);
    EXPECT_EQ(TVMFFIObjectCreateOpaque(&payload, tindex, OpaqueDeleter, &out), -1);
    EXPECT_RAISED("TypeError", "");
    EXPECT_EQ(out, reinterpret_cast<TVMFFIObjectHandle>(0x1)) << "out must be left untouched";
  }
  EXPECT_EQ(g_opaque_deleter_calls.load(), 0) << "ownership passes only on success";
}

// SPEC: EXT-NULL-ARGS
TEST(ObjectOpaque, NullOutReturnsMinusOneWithValueError) {
  int payload = 0;
  EXPECT_EQ(TVMFFIObjectCreateOpaque(&payload, kTVMFFIOpaquePyObject, nullptr, nullptr), -1);
  EXPECT_RAISED("ValueError", "");
}

// ---------------------------------------------------------------------------
// Custom allocator
// ---------------------------------------------------------------------------

// A counting allocator. Each block is laid out as
//   [base ... | base pointer (8) | TVMFFIObjectAllocHeader (8) | body ...]
// with the body aligned to max(alignment, 16).
struct CountingAllocatorState {
  std::atomic<int> allocs{0};
  std::atomic<int> frees{0};
  std::mutex mu;
  std::vector<int32_t> type_indices;
  std::vector<size_t> sizes;
};
CountingAllocatorState g_alloc_state;
int g_alloc_context_tag = 0;
std::atomic<bool> g_alloc_bad_context{false};

void CountingDeleteSpace(void* body) {
  g_alloc_state.frees.fetch_add(1);
  void* base = reinterpret_cast<void**>(body)[-2];
  std::free(base);
}

void* CountingAllocate(size_t size, size_t alignment, int32_t type_index, void* context) {
  if (context != &g_alloc_context_tag) g_alloc_bad_context = true;
  size_t pad = alignment < 16 ? 16 : alignment;
  void* base = nullptr;
  if (posix_memalign(&base, pad, pad + size) != 0) return nullptr;
  char* body = static_cast<char*>(base) + pad;
  reinterpret_cast<void**>(body)[-2] = base;
  reinterpret_cast<TVMFFIObjectAllocHeader*>(body)[-1].delete_space = CountingDeleteSpace;
  g_alloc_state.allocs.fetch_add(1);
  {
    std::lock_guard<std::mutex> lock(g_alloc_state.mu);
    g_alloc_state.type_indices.push_back(type_index);
    g_alloc_state.sizes.push_back(size);
  }
  return body;
}

int ForwardFirstArg(void*, const TVMFFIAny*, int32_t, TVMFFIAny*) { return 0; }

// SPEC: OBJ-ALLOC-CUSTOM, OBJ-ALLOC-DEFAULT
TEST(ObjectCustomAllocator, GetCustomAllocatorIsNeverNullAndHasAllocateFunction) {
  TVMFFICustomAllocator* a = TVMFFIGetCustomAllocator();
  ASSERT_NE(a, nullptr);
  EXPECT_NE(a->allocate, nullptr);
  EXPECT_EQ(TVMFFIGetCustomAllocator(), a) << "stable while nothing is installed";
}

// SPEC: OBJ-ALLOC-CUSTOM, OBJ-ALLOC-HEADER, OBJ-DELETER-OWNER, OBJ-ALLOC-DEFAULT
TEST(ObjectCustomAllocator, InstalledCountingAllocatorServesRuntimeObjectsAndNullRestoresBuiltin) {
  TVMFFICustomAllocator* builtin = TVMFFIGetCustomAllocator();
  ASSERT_NE(builtin, nullptr);
  static TVMFFICustomAllocator counting{CountingAllocate, &g_alloc_context_tag};
  g_alloc_state.allocs = 0;
  g_alloc_state.frees = 0;
  g_alloc_state.type_indices.clear();
  g_alloc_state.sizes.clear();

  ASSERT_EQ(TVMFFISetCustomAllocator(&counting), 0);
  TVMFFICustomAllocator* current = TVMFFIGetCustomAllocator();
  ASSERT_NE(current, nullptr);
  EXPECT_EQ(current->allocate, CountingAllocate);
  EXPECT_EQ(current->context, &g_alloc_context_tag);

  // A 20-byte string: a heap String object.
  TVMFFIAny str = MakeStringAny("abcdefghijklmnopqrst");
  EXPECT_EQ(str.type_index, kTVMFFIStr);
  EXPECT_EQ(StringContent(str), "abcdefghijklmnopqrst");
  // An Error and a Function.
  TVMFFIObjectHandle err = MakeError("ValueError", "from the counting allocator");
  ASSERT_NE(err, nullptr);
  TVMFFIObjectHandle fn = nullptr;
  ASSERT_EQ(TVMFFIFunctionCreate(nullptr, ForwardFirstArg, nullptr, &fn), 0);
  int allocs = g_alloc_state.allocs.load();
  EXPECT_GE(allocs, 3);
  {
    std::lock_guard<std::mutex> lock(g_alloc_state.mu);
    auto has = [&](int32_t t) {
      for (int32_t x : g_alloc_state.type_indices)
        if (x == t) return true;
      return false;
    };
    EXPECT_TRUE(has(kTVMFFIStr)) << "String not allocated through the custom allocator";
    EXPECT_TRUE(has(kTVMFFIError)) << "Error not allocated through the custom allocator";
    EXPECT_TRUE(has(kTVMFFIFunction)) << "Function not allocated through the custom allocator";
    for (size_t i = 0; i < g_alloc_state.type_indices.size(); ++i) {
      if (g_alloc_state.type_indices[i] == kTVMFFIStr) {
        EXPECT_GE(g_alloc_state.sizes[i], 40u + 20u) << "String object must hold its 20 chars";
      }
    }
  }
  EXPECT_FALSE(g_alloc_bad_context.load()) << "context must be passed through to allocate";

  // Restore the builtin allocator; objects made before keep their own delete_space.
  ASSERT_EQ(TVMFFISetCustomAllocator(nullptr), 0);
  TVMFFICustomAllocator* restored = TVMFFIGetCustomAllocator();
  ASSERT_NE(restored, nullptr);
  EXPECT_NE(restored->allocate, CountingAllocate);

  ReleaseAny(&str);
  TVMFFIObjectDecRef(err);
  TVMFFIObjectDecRef(fn);
  EXPECT_EQ(g_alloc_state.frees.load(), allocs)
      << "every object from the counting allocator is freed through its delete_space";

  // New objects no longer use the counting allocator.
  TVMFFIAny str2 = MakeStringAny("abcdefghijklmnopqrstuvwxyz");
  EXPECT_EQ(g_alloc_state.allocs.load(), allocs);
  ReleaseAny(&str2);
  EXPECT_NOTHING_RAISED();
}

// SPEC: OBJ-ALLOC-CUSTOM, OBJ-ALLOC-DEFAULT
TEST(ObjectCustomAllocator, AllocatorWithNullAllocateReturnsMinusOneWithValueErrorAndKeepsCurrent) {
  TVMFFICustomAllocator* before = TVMFFIGetCustomAllocator();
  ASSERT_NE(before, nullptr);
  auto before_fn = before->allocate;
  static TVMFFICustomAllocator broken{nullptr, nullptr};
  EXPECT_EQ(TVMFFISetCustomAllocator(&broken), -1);
  EXPECT_RAISED("ValueError", "");
  TVMFFICustomAllocator* after = TVMFFIGetCustomAllocator();
  ASSERT_NE(after, nullptr);
  EXPECT_EQ(after->allocate, before_fn);
  // Runtime objects can still be made.
  TVMFFIAny s = MakeStringAny("still allocating fine");
  EXPECT_EQ(s.type_index, kTVMFFIStr);
  ReleaseAny(&s);
}

}  // namespace
