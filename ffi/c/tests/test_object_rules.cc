// ffi/c/tests/test_object_rules.cc: §3 object rules: the fixed type index, the initial count,
// the exact DecRef algorithm, NULL deleters, who frees memory, and the custom allocator
// (alloc header, failures, default, concurrent use).
#include <gtest/gtest.h>
#include <tvm/ffi/c_api.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "test_helpers.h"

namespace {

using namespace tvm_ffi_test;

int NoopCall(void*, const TVMFFIAny*, int32_t, TVMFFIAny*) { return 0; }

// ---------------------------------------------------------------------------
// A custom allocator with private data before the alloc header, counters,
// and an optional failure for one type index.
// ---------------------------------------------------------------------------

struct TestAllocator {
  std::atomic<int> allocs{0};
  std::atomic<int> frees{0};
  std::atomic<int> fail_type{-1000};  // type index for which allocate returns NULL
  std::atomic<bool> fail_all{false};
  std::atomic<bool> raise_on_fail{false};
  std::atomic<bool> null_delete_space{false};
  std::mutex mu;
  std::vector<void*> freed_bodies;
  std::vector<void*> leaked_blocks;  // blocks whose delete_space is NULL
};
TestAllocator g_test_alloc;
constexpr uint64_t kPrivateMagic = 0x5afe5afe5afe5afeull;

// Block layout: [magic (8)] [block base (8)] [TVMFFIObjectAllocHeader (8)] [body ...]
void TestDeleteSpace(void* body) {
  char* b = static_cast<char*>(body);
  EXPECT_EQ(*reinterpret_cast<uint64_t*>(b - 24), kPrivateMagic) << "private data was preserved";
  {
    std::lock_guard<std::mutex> lock(g_test_alloc.mu);
    g_test_alloc.freed_bodies.push_back(body);
  }
  g_test_alloc.frees.fetch_add(1);
  std::free(*reinterpret_cast<void**>(b - 16));
}

void* TestAllocate(size_t size, size_t alignment, int32_t type_index, void* context) {
  EXPECT_EQ(context, &g_test_alloc);
  if (g_test_alloc.fail_all.load() || type_index == g_test_alloc.fail_type.load()) {
    if (g_test_alloc.raise_on_fail.load()) {
      TVMFFIErrorSetRaisedFromCStr("RuntimeError", "test allocator: pool exhausted");
    }
    return nullptr;
  }
  size_t prefix = 32;  // >= 24 and a multiple of 16
  if (alignment > prefix) return nullptr;
  char* base = static_cast<char*>(std::malloc(prefix + size));
  if (base == nullptr) return nullptr;
  char* body = base + prefix;
  *reinterpret_cast<uint64_t*>(body - 24) = kPrivateMagic;
  *reinterpret_cast<void**>(body - 16) = base;
  bool null_ds = g_test_alloc.null_delete_space.load();
  reinterpret_cast<TVMFFIObjectAllocHeader*>(body)[-1].delete_space =
      null_ds ? nullptr : TestDeleteSpace;
  if (null_ds) {
    std::lock_guard<std::mutex> lock(g_test_alloc.mu);
    g_test_alloc.leaked_blocks.push_back(base);
  }
  g_test_alloc.allocs.fetch_add(1);
  return body;
}

TVMFFICustomAllocator g_test_allocator_struct{TestAllocate, &g_test_alloc};

// Installs the test allocator for the scope and restores the builtin one.
class ScopedTestAllocator {
 public:
  ScopedTestAllocator() {
    g_test_alloc.allocs = 0;
    g_test_alloc.frees = 0;
    g_test_alloc.fail_type = -1000;
    g_test_alloc.fail_all = false;
    g_test_alloc.raise_on_fail = false;
    g_test_alloc.null_delete_space = false;
    {
      std::lock_guard<std::mutex> lock(g_test_alloc.mu);
      g_test_alloc.freed_bodies.clear();
    }
    EXPECT_EQ(TVMFFISetCustomAllocator(&g_test_allocator_struct), 0);
  }
  ~ScopedTestAllocator() {
    g_test_alloc.fail_type = -1000;
    g_test_alloc.fail_all = false;
    TVMFFISetCustomAllocator(nullptr);
    std::lock_guard<std::mutex> lock(g_test_alloc.mu);
    for (void* block : g_test_alloc.leaked_blocks) std::free(block);
    g_test_alloc.leaked_blocks.clear();
  }
};

// ---------------------------------------------------------------------------
// §3.1 the type index is fixed
// ---------------------------------------------------------------------------

int PassThroughFirst(void*, const TVMFFIAny* args, int32_t, TVMFFIAny* result) {
  return TVMFFIAnyViewToOwnedAny(&args[0], result);
}

// SPEC: OBJ-TYPE-INDEX-FIXED
TEST(ObjectTypeIndexFixed, TypeIndexStaysTheSameThroughCountsCallsRaisingAndExport) {
  TVMFFIObjectHandle fn = nullptr;
  ASSERT_EQ(TVMFFIFunctionCreate(nullptr, PassThroughFirst, nullptr, &fn), 0);
  TVMFFIObjectHandle err = MakeError("ValueError", "fixed");
  TVMFFIAny str = MakeStringAny("a heap string for this test");
  DeleterLog log;
  int32_t dyn = kTVMFFIDynObjectBegin + 3;
  RecordingObject* rec = NewRecordingObject(&log, dyn);
  struct Obj {
    TVMFFIObjectHandle h;
    int32_t index;
  } objs[] = {{fn, kTVMFFIFunction}, {err, kTVMFFIError}, {str.v_obj, kTVMFFIStr}, {rec, dyn}};
  for (const Obj& o : objs) {
    SCOPED_TRACE(o.index);
    TVMFFIObjectIncRef(o.h);
    TVMFFIObjectDecRef(o.h);
    TVMFFIAny arg = ObjectAny(o.h);
    TVMFFIAny result = NoneAny();
    ASSERT_EQ(TVMFFIFunctionCall(fn, &arg, 1, &result), 0);
    EXPECT_EQ(result.type_index, o.index);
    ReleaseAny(&result);
    EXPECT_EQ(TypeIndexOf(o.h), o.index);
  }
  TVMFFIErrorSetRaised(err);
  TVMFFIObjectHandle back = nullptr;
  TVMFFIErrorMoveFromRaised(&back);
  EXPECT_EQ(back, err);
  EXPECT_EQ(TypeIndexOf(err), kTVMFFIError);
  TVMFFIObjectDecRef(back);
  TVMFFIByteArray name = ByteArray("test.object_rules.type_index_fixed");
  ASSERT_EQ(TVMFFIFunctionSetGlobal(&name, fn, 1), 0);
  EXPECT_EQ(TypeIndexOf(fn), kTVMFFIFunction);
  for (const Obj& o : objs) TVMFFIObjectDecRef(o.h);
}

// ---------------------------------------------------------------------------
// §3.2 counts
// ---------------------------------------------------------------------------

// SPEC: OBJ-REFCOUNT-INIT
TEST(ObjectRefCountInit, ObjectsFromEveryRuntimeCreatorStartAtOneStrongAndOneWeak) {
  std::vector<TVMFFIObjectHandle> made;
  TVMFFIAny s = MakeStringAny("a heap string object for the count");
  made.push_back(s.v_obj);
  made.push_back(MakeError("ValueError", "count"));
  TVMFFIObjectHandle fn = nullptr, closure = nullptr;
  int self = 0;
  ASSERT_EQ(TVMFFIFunctionCreate(nullptr, NoopCall, nullptr, &fn), 0);
  ASSERT_EQ(TVMFFIFunctionCreate(&self, NoopCall, nullptr, &closure), 0);
  made.push_back(fn);
  made.push_back(closure);
  TVMFFIObjectHandle opaque = nullptr;
  ASSERT_EQ(TVMFFIObjectCreateOpaque(&self, kTVMFFIOpaquePyObject, nullptr, &opaque), 0);
  made.push_back(opaque);
  const int64_t words[2] = {0, 7};
  TVMFFIByteArray in{reinterpret_cast<const char*>(words), 16};
  TVMFFIAny big = NoneAny();
  ASSERT_EQ(TVMFFIBigIntFromByteArray(&in, &big), 0);
  made.push_back(big.v_obj);
  // Errors raised by the runtime itself, once taken from the slot.
  TVMFFIErrorSetRaisedFromCStr("TypeError", "raised");
  TVMFFIObjectHandle raised = nullptr;
  TVMFFIErrorMoveFromRaised(&raised);
  made.push_back(raised);
  for (TVMFFIObjectHandle h : made) {
    ASSERT_NE(h, nullptr);
    EXPECT_EQ(CombinedCount(h), (uint64_t{1} << 32) | 1u) << "type " << TypeIndexOf(h);
    TVMFFIObjectDecRef(h);
  }
}

// SPEC: OBJ-INCREF, OBJ-INCREF-API, OBJ-REFCOUNT-BITS
TEST(ObjectIncRef, IncRefAddsExactlyOneToTheWholeWordAndReturnsZeroWhateverTheWeakCount) {
  DeleterLog log;
  RecordingObject* obj = NewRecordingObject(&log);
  obj->header.combined_ref_count = (uint64_t{5} << 32) | 0xFFFFFFFEu;
  EXPECT_EQ(TVMFFIObjectIncRef(obj), 0);
  EXPECT_EQ(CombinedCount(obj), (uint64_t{5} << 32) | 0xFFFFFFFFu);
  EXPECT_EQ(TVMFFIObjectIncRef(obj), 0);
  EXPECT_EQ(CombinedCount(obj), uint64_t{6} << 32)
      << "a plain 64-bit fetch_add(1): the carry goes into the weak half";
  EXPECT_TRUE(log.Snapshot().empty());
  EXPECT_NOTHING_RAISED();
  std::free(obj);
}

// Records the counter value each time the deleter runs.
struct CountAtDeleter {
  TVMFFIObject header;
  std::vector<std::pair<int, uint64_t>>* seen;
};
void CountAtDeleterFn(void* self, int flags) {
  auto* o = static_cast<CountAtDeleter*>(self);
  o->seen->push_back({flags, __atomic_load_n(&o->header.combined_ref_count, __ATOMIC_ACQUIRE)});
}

// SPEC: OBJ-DECREF, OBJ-INCREF-API
TEST(ObjectDecRef, LastStrongAndWeakTogetherCallsBothOnceWithTheCountLeftAtOneWeak) {
  std::vector<std::pair<int, uint64_t>> seen;
  CountAtDeleter o{{kFreshCount, kTVMFFIObject, 0, {nullptr}}, &seen};
  o.header.deleter = CountAtDeleterFn;
  EXPECT_EQ(TVMFFIObjectDecRef(&o), 0);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].first, kTVMFFIObjectDeleterFlagBitMaskBoth);
  EXPECT_EQ(seen[0].second, uint64_t{1} << 32) << "only fetch_sub(1) happened before deleter(3)";
}

// SPEC: OBJ-DECREF
TEST(ObjectDecRef, LastStrongWithWeaksLeftCallsStrongBeforeDroppingTheImplicitWeak) {
  std::vector<std::pair<int, uint64_t>> seen;
  CountAtDeleter o{{(uint64_t{3} << 32) | 1u, kTVMFFIObject, 0, {nullptr}}, &seen};
  o.header.deleter = CountAtDeleterFn;
  EXPECT_EQ(TVMFFIObjectDecRef(&o), 0);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].first, kTVMFFIObjectDeleterFlagBitMaskStrong);
  EXPECT_EQ(seen[0].second, uint64_t{3} << 32) << "deleter(1) runs before fetch_sub(1 << 32)";
  EXPECT_EQ(o.header.combined_ref_count, uint64_t{2} << 32) << "then the implicit weak is dropped";
  // Two weak references remain (held by inline code); the runtime does nothing more.
  o.header.combined_ref_count = (uint64_t{1} << 32) | 2u;  // revive for the next case
  seen.clear();
  EXPECT_EQ(TVMFFIObjectDecRef(&o), 0);
  EXPECT_TRUE(seen.empty()) << "strong count 2 -> 1 does not call the deleter";
  EXPECT_EQ(o.header.combined_ref_count, kFreshCount);
}

// SPEC: OBJ-DECREF, OBJ-WEAK
TEST(ObjectDecRef, WeakReleasedInsideStrongActionMakesTheRuntimeCallWeakExactlyOnce) {
  std::vector<std::pair<int, uint64_t>> seen;
  struct SelfWeak {
    TVMFFIObject header;
    std::vector<std::pair<int, uint64_t>>* seen;
  };
  static auto deleter = [](void* self, int flags) {
    auto* o = static_cast<SelfWeak*>(self);
    o->seen->push_back({flags, __atomic_load_n(&o->header.combined_ref_count, __ATOMIC_ACQUIRE)});
    if (flags == kTVMFFIObjectDeleterFlagBitMaskStrong) {
      // The contents held a weak pointer to the object itself.
      __atomic_fetch_sub(&o->header.combined_ref_count, uint64_t{1} << 32, __ATOMIC_RELEASE);
    }
  };
  SelfWeak o{{(uint64_t{2} << 32) | 1u, kTVMFFIObject, 0, {nullptr}}, &seen};
  o.header.deleter = +deleter;
  EXPECT_EQ(TVMFFIObjectDecRef(&o), 0);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].first, kTVMFFIObjectDeleterFlagBitMaskStrong);
  EXPECT_EQ(seen[1].first, kTVMFFIObjectDeleterFlagBitMaskWeak);
  EXPECT_EQ(seen[1].second, 0u);
}

// ---------------------------------------------------------------------------
// §3.3 NULL deleters and who frees
// ---------------------------------------------------------------------------

// SPEC: OBJ-DELETER-NULL
TEST(ObjectDeleterNull, StaticObjectWithNullDeleterSurvivesReachingZeroOnBothPaths) {
  static TVMFFIObject singleton;
  singleton.combined_ref_count = kFreshCount;
  singleton.type_index = kTVMFFIObject;
  singleton.__padding = 0;
  singleton.deleter = nullptr;
  EXPECT_EQ(TVMFFIObjectDecRef(&singleton), 0);  // Both path
  EXPECT_EQ(singleton.combined_ref_count, uint64_t{1} << 32);
  singleton.combined_ref_count = (uint64_t{2} << 32) | 1u;
  EXPECT_EQ(TVMFFIObjectDecRef(&singleton), 0);  // Strong then the weak drop
  EXPECT_EQ(singleton.combined_ref_count, uint64_t{1} << 32);
  EXPECT_NOTHING_RAISED();
  // Used as the extra context of an Error: the Error's death releases it safely too.
  singleton.combined_ref_count = kFreshCount;
  TVMFFIByteArray k = ByteArray("ValueError"), m = ByteArray("m"), bt = ByteArray("");
  TVMFFIObjectHandle err = nullptr;
  ASSERT_EQ(TVMFFIErrorCreateWithCauseAndExtraContext(&k, &m, &bt, nullptr, &singleton, &err), 0);
  EXPECT_EQ(StrongCount(&singleton), 2u);
  TVMFFIObjectDecRef(err);
  EXPECT_EQ(StrongCount(&singleton), 1u);
}

// An object living in static storage: freeing it with free() would crash or
// be reported by ASan, so only its own deleter may dispose of it.
struct StaticStorageObject {
  TVMFFIObject header;
  std::vector<int>* flags;
};
void StaticStorageDeleter(void* self, int flags) {
  static_cast<StaticStorageObject*>(self)->flags->push_back(flags);
}

// SPEC: OBJ-DELETER-OWNER
TEST(ObjectDeleterOwner, ForeignObjectsHeldByRuntimeObjectsAreReleasedOnlyThroughTheirDeleter) {
  static std::vector<int> flags;
  flags.clear();
  static StaticStorageObject ctx{{kFreshCount, kTVMFFIDynObjectBegin + 11, 0, {nullptr}}, &flags};
  ctx.header.combined_ref_count = kFreshCount;
  ctx.header.deleter = StaticStorageDeleter;
  // Held as an Error's extra context, as a type attribute's source... then released.
  TVMFFIByteArray k = ByteArray("ValueError"), m = ByteArray("m"), bt = ByteArray("");
  TVMFFIObjectHandle err = nullptr;
  ASSERT_EQ(TVMFFIErrorCreateWithCauseAndExtraContext(&k, &m, &bt, nullptr, &ctx, &err), 0);
  TVMFFIAny view = ObjectAny(&ctx);
  TVMFFIAny owned = NoneAny();
  ASSERT_EQ(TVMFFIAnyViewToOwnedAny(&view, &owned), 0);
  int64_t shape[1] = {1};
  static float data[1];
  DLTensor proto;
  std::memset(&proto, 0, sizeof(proto));
  proto.data = data;
  proto.device = TVMFFIDLDeviceFromIntPair(kDLCPU, 0);
  proto.ndim = 1;
  proto.dtype = DLDataType{kDLFloat, 32, 1};
  proto.shape = shape;
  proto.strides = shape;
  TVMFFIObjectHandle view_tensor = nullptr;
  ASSERT_EQ(TVMFFITensorCreateUnsafeView(&ctx, &proto, &view_tensor), 0);
  EXPECT_EQ(StrongCount(&ctx), 4u);
  TVMFFIObjectDecRef(err);
  ReleaseAny(&owned);
  TVMFFIObjectDecRef(view_tensor);
  EXPECT_TRUE(flags.empty()) << "our own reference is still alive";
  TVMFFIObjectDecRef(&ctx);
  EXPECT_EQ(flags, std::vector<int>{kTVMFFIObjectDeleterFlagBitMaskBoth});
}

// SPEC: OBJ-DELETER-OWNER, OBJ-ALLOC-HEADER
TEST(ObjectDeleterOwner, RuntimeObjectsMadeUnderACustomAllocatorGoBackThroughItsDeleteSpace) {
  std::vector<TVMFFIObjectHandle> made;
  {
    ScopedTestAllocator scoped;
    TVMFFIAny s = MakeStringAny("a heap string from the test allocator");
    made.push_back(s.v_obj);
    made.push_back(MakeError("ValueError", "from the test allocator"));
    TVMFFIObjectHandle fn = nullptr;
    ASSERT_EQ(TVMFFIFunctionCreate(nullptr, NoopCall, nullptr, &fn), 0);
    made.push_back(fn);
    EXPECT_EQ(g_test_alloc.allocs.load(), 3);
  }  // the builtin allocator is current again; the objects still belong to ours
  EXPECT_EQ(g_test_alloc.frees.load(), 0);
  for (TVMFFIObjectHandle h : made) TVMFFIObjectDecRef(h);
  EXPECT_EQ(g_test_alloc.frees.load(), 3);
  std::lock_guard<std::mutex> lock(g_test_alloc.mu);
  for (TVMFFIObjectHandle h : made) {
    int hits = 0;
    for (void* body : g_test_alloc.freed_bodies) hits += body == h;
    EXPECT_EQ(hits, 1) << "delete_space(body) runs exactly once, with the body allocate returned";
  }
}

// ---------------------------------------------------------------------------
// §3.5 the custom allocator
// ---------------------------------------------------------------------------

// SPEC: OBJ-ALLOC-HEADER, OBJ-WEAK-INLINE
TEST(ObjectAllocHeader, DeleteSpaceRunsOnlyWhenTheLastWeakReferenceGoes) {
  ScopedTestAllocator scoped;
  TVMFFIAny s = MakeStringAny("kept alive by a weak reference for a while");
  ASSERT_EQ(s.type_index, kTVMFFIStr);
  TVMFFIObject* obj = s.v_obj;
  // Inline code takes a weak reference.
  __atomic_fetch_add(&obj->combined_ref_count, uint64_t{1} << 32, __ATOMIC_RELAXED);
  TVMFFIObjectDecRef(obj);  // Strong action: contents destroyed, memory kept
  EXPECT_EQ(g_test_alloc.frees.load(), 0);
  EXPECT_EQ(CombinedCount(obj), uint64_t{1} << 32);
  // Inline code drops its weak reference: previous weak count 1 -> deleter(Weak).
  uint64_t prev = __atomic_fetch_sub(&obj->combined_ref_count, uint64_t{1} << 32, __ATOMIC_RELEASE);
  ASSERT_EQ(prev >> 32, 1u);
  obj->deleter(obj, kTVMFFIObjectDeleterFlagBitMaskWeak);
  EXPECT_EQ(g_test_alloc.frees.load(), 1);
}

// SPEC: OBJ-ALLOC-HEADER
TEST(ObjectAllocHeader, NullDeleteSpaceIsNotCalled) {
  ScopedTestAllocator scoped;
  g_test_alloc.null_delete_space = true;
  TVMFFIAny s = MakeStringAny("memory the allocator reclaims by itself");
  TVMFFIObjectHandle err = MakeError("ValueError", "no delete_space");
  EXPECT_EQ(g_test_alloc.allocs.load(), 2);
  ReleaseAny(&s);
  TVMFFIObjectDecRef(err);
  EXPECT_EQ(g_test_alloc.frees.load(), 0);
  EXPECT_NOTHING_RAISED();
}

std::atomic<int> g_fn_deleter_calls{0};
void CountFnDeleter(void*) { g_fn_deleter_calls.fetch_add(1); }
std::atomic<int> g_opaque_deleter_calls{0};
void CountOpaqueDeleter(void*) { g_opaque_deleter_calls.fetch_add(1); }
std::atomic<int> g_dlpack_deleter_calls{0};
void CountDLPackDeleter(DLManagedTensor*) { g_dlpack_deleter_calls.fetch_add(1); }

// SPEC: OBJ-ALLOC-FAILURE, CALL-CREATE-FAILURE, ABI-FAILED-CALL, DLPACK-IMPORT-OWNERSHIP, OBJ-OPAQUE
TEST(ObjectAllocFailure, AllocatorReturningNullWithoutRaisingMakesEachCreatorFailWithMemoryError) {
  ScopedTestAllocator scoped;
  TVMFFIObjectHandle sentinel = reinterpret_cast<TVMFFIObjectHandle>(0x1);
  int self = 0;
  // Function: the deleter is not called and the caller keeps self.
  g_test_alloc.fail_type = kTVMFFIFunction;
  g_fn_deleter_calls = 0;
  TVMFFIObjectHandle out = sentinel;
  EXPECT_EQ(TVMFFIFunctionCreate(&self, NoopCall, CountFnDeleter, &out), -1);
  EXPECT_RAISED("MemoryError", "");
  EXPECT_EQ(out, sentinel);
  EXPECT_EQ(g_fn_deleter_calls.load(), 0);
  // String / Bytes.
  g_test_alloc.fail_type = kTVMFFIStr;
  TVMFFIByteArray text = ByteArray("long enough for a heap object");
  TVMFFIAny any_out = IntAny(9);
  EXPECT_EQ(TVMFFIStringFromByteArray(&text, &any_out), -1);
  EXPECT_RAISED("MemoryError", "");
  EXPECT_EQ(any_out.type_index, kTVMFFIInt);
  // BigInt.
  g_test_alloc.fail_type = kTVMFFIBigInt;
  const int64_t words[2] = {0, 3};
  TVMFFIByteArray big{reinterpret_cast<const char*>(words), 16};
  EXPECT_EQ(TVMFFIBigIntFromByteArray(&big, &any_out), -1);
  EXPECT_RAISED("MemoryError", "");
  EXPECT_EQ(any_out.type_index, kTVMFFIInt);
  // Opaque: the caller keeps the handle.
  g_test_alloc.fail_type = kTVMFFIOpaquePyObject;
  g_opaque_deleter_calls = 0;
  out = sentinel;
  EXPECT_EQ(TVMFFIObjectCreateOpaque(&self, kTVMFFIOpaquePyObject, CountOpaqueDeleter, &out), -1);
  EXPECT_RAISED("MemoryError", "");
  EXPECT_EQ(out, sentinel);
  EXPECT_EQ(g_opaque_deleter_calls.load(), 0);
  // Tensor import: the managed tensor stays with the caller.
  g_test_alloc.fail_type = kTVMFFITensor;
  static float data[2];
  int64_t shape[1] = {2};
  DLManagedTensor mt = CpuFloatVector(data, shape);
  mt.deleter = CountDLPackDeleter;
  g_dlpack_deleter_calls = 0;
  out = sentinel;
  EXPECT_EQ(TVMFFITensorFromDLPack(&mt, 0, 0, &out), -1);
  EXPECT_RAISED("MemoryError", "");
  EXPECT_EQ(out, sentinel);
  EXPECT_EQ(g_dlpack_deleter_calls.load(), 0);
  // Error objects: TVMFFIErrorCreate reports by return code only.
  g_test_alloc.fail_type = kTVMFFIError;
  TVMFFIByteArray k = ByteArray("ValueError"), m = ByteArray("m"), bt = ByteArray("");
  out = sentinel;
  EXPECT_EQ(TVMFFIErrorCreate(&k, &m, &bt, &out), -1);
  EXPECT_EQ(out, sentinel);
  EXPECT_NOTHING_RAISED();
}

// SPEC: OBJ-ALLOC-FAILURE, CALL-CREATE-FAILURE
TEST(ObjectAllocFailure, AllocatorThatRaisedAnErrorHasThatErrorReportedInsteadOfMemoryError) {
  ScopedTestAllocator scoped;
  g_test_alloc.fail_type = kTVMFFIFunction;
  g_test_alloc.raise_on_fail = true;
  g_fn_deleter_calls = 0;
  int self = 0;
  TVMFFIObjectHandle out = nullptr;
  EXPECT_EQ(TVMFFIFunctionCreate(&self, NoopCall, CountFnDeleter, &out), -1);
  EXPECT_RAISED("RuntimeError", "test allocator: pool exhausted");
  EXPECT_EQ(g_fn_deleter_calls.load(), 0);
  // An unrelated error already in the slot is not mistaken for the allocator's.
  g_test_alloc.raise_on_fail = false;
  TVMFFIErrorSetRaisedFromCStr("KeyError", "stale, raised before the call");
  EXPECT_EQ(TVMFFIFunctionCreate(&self, NoopCall, CountFnDeleter, &out), -1);
  EXPECT_RAISED("MemoryError", "");
}

// SPEC: OBJ-ALLOC-FAILURE, EXT-NO-ABORT
TEST(ObjectAllocFailure, AllocatorFailingForEveryTypeStillYieldsAMemoryErrorAndNoCrash) {
  ScopedTestAllocator scoped;
  g_test_alloc.fail_all = true;
  TVMFFIByteArray text = ByteArray("long enough for a heap object");
  TVMFFIAny out = IntAny(1);
  EXPECT_EQ(TVMFFIStringFromByteArray(&text, &out), -1);
  TVMFFIObjectHandle err = nullptr;
  TVMFFIErrorMoveFromRaised(&err);
  g_test_alloc.fail_all = false;
  ASSERT_NE(err, nullptr) << "a preallocated MemoryError must be raised";
  EXPECT_EQ(ErrorKind(err), "MemoryError");
  TVMFFIObjectDecRef(err);
  EXPECT_EQ(out.type_index, kTVMFFIInt);
}

// SPEC: OBJ-ALLOC-DEFAULT, OBJ-ALLOC-CUSTOM
TEST(ObjectAllocDefault, BuiltinAllocatorIsCurrentUntilReplacedAndSetNullRestoresIt) {
  TVMFFICustomAllocator* builtin = TVMFFIGetCustomAllocator();
  ASSERT_NE(builtin, nullptr);
  ASSERT_NE(builtin->allocate, nullptr);
  // The builtin allocator honours the header contract too.
  void* body = builtin->allocate(40, alignof(std::max_align_t), kTVMFFIObject, builtin->context);
  ASSERT_NE(body, nullptr);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(body) % alignof(std::max_align_t), 0u);
  auto* header = static_cast<TVMFFIObjectAllocHeader*>(body) - 1;
  ASSERT_NE(header->delete_space, nullptr);
  header->delete_space(body);
  {
    ScopedTestAllocator scoped;
    EXPECT_EQ(TVMFFIGetCustomAllocator(), &g_test_allocator_struct);
    static TVMFFICustomAllocator broken{nullptr, nullptr};
    EXPECT_EQ(TVMFFISetCustomAllocator(&broken), -1);
    EXPECT_RAISED("ValueError", "allocate");
    EXPECT_EQ(TVMFFIGetCustomAllocator(), &g_test_allocator_struct) << "rejected, not installed";
  }
  TVMFFICustomAllocator* restored = TVMFFIGetCustomAllocator();
  ASSERT_NE(restored, nullptr);
  EXPECT_EQ(restored->allocate, builtin->allocate);
  EXPECT_EQ(restored->context, builtin->context);
}

// SPEC: OBJ-ALLOC-LIFETIME, OBJ-ALLOC-CUSTOM
TEST(ObjectAllocLifetime, AllocateIsCalledConcurrentlyFromEightThreadsAndEveryObjectIsFreedOnce) {
  ScopedTestAllocator scoped;
  constexpr int kThreads = 8, kPerThread = 500;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&failures, t] {
      std::string text = "thread " + std::to_string(t) + " makes a heap string";
      TVMFFIByteArray in = ByteArray(text);
      for (int i = 0; i < kPerThread; ++i) {
        TVMFFIAny out = NoneAny();
        if (TVMFFIStringFromByteArray(&in, &out) != 0 || out.type_index != kTVMFFIStr) {
          failures.fetch_add(1);
          continue;
        }
        TVMFFIObjectHandle fn = nullptr;
        if (TVMFFIFunctionCreate(nullptr, NoopCall, nullptr, &fn) != 0) failures.fetch_add(1);
        TVMFFIObjectDecRef(out.v_obj);
        if (fn != nullptr) TVMFFIObjectDecRef(fn);
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(g_test_alloc.allocs.load(), kThreads * kPerThread * 2);
  EXPECT_EQ(g_test_alloc.frees.load(), kThreads * kPerThread * 2);
}

}  // namespace
