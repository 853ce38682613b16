// ffi/cpp/tests/test_object.cc: Object header, reference counting, weak pointers, registration and instance checks.
#include <thread>
#include <vector>

#include "cpp_test_helpers.h"

namespace cpptest {
namespace {

// An object whose deleter records the flags it receives.
struct FlagLog {
  std::vector<int> flags;
};
class RecordedObj : public Object {
 public:
  FlagLog* log = nullptr;
};
void RecordingDeleter(void* self, int flags) {
  auto* obj = static_cast<RecordedObj*>(reinterpret_cast<Object*>(self));
  obj->log->flags.push_back(flags);
  if (flags & kTVMFFIObjectDeleterFlagBitMaskWeak) delete obj;
}
ObjectPtr<RecordedObj> MakeRecorded(FlagLog* log) {
  auto* obj = new RecordedObj();
  obj->log = log;
  TVMFFIObject* header = detail::ObjectUnsafe::GetHeader(obj);
  header->combined_ref_count = detail::kCombinedRefCountBothOne;
  header->type_index = TypeIndex::kTVMFFIObject;
  header->deleter = RecordingDeleter;
  return detail::ObjectUnsafe::ObjectPtrFromOwned<RecordedObj>(static_cast<Object*>(obj));
}

// SPEC: REG-INSTANCE-CHECK, written out independently from the SDK's version.
bool SpecIsInstance(int32_t i, int32_t t, bool is_final, int32_t slots, bool overflow) {
  if (t == TypeIndex::kTVMFFIObject) return true;
  if (is_final) return i == t;
  if (t <= i && i < t + slots + 1) return true;
  if (!overflow || i <= t) return false;
  const TVMFFITypeInfo* info = TVMFFIGetTypeInfo(i);
  const TVMFFITypeInfo* target = TVMFFIGetTypeInfo(t);
  return info->type_depth > target->type_depth &&
         info->type_ancestors[target->type_depth]->type_index == t;
}

TEST(Object, MakeObjectWritesTheHeader) {
  // SPEC: OBJ-REFCOUNT-INIT, OBJ-HEADER-LAYOUT, OBJ-TYPE-INDEX-FIXED
  ObjectPtr<BaseObj> obj = make_object<BaseObj>(7);
  const TVMFFIObject* header = detail::ObjectUnsafe::GetHeader(obj.get());
  EXPECT_EQ(header->combined_ref_count, (uint64_t{1} << 32) | 1);
  EXPECT_EQ(header->type_index, BaseObj::RuntimeTypeIndex());
  EXPECT_EQ(header->__padding, 0u);
  EXPECT_NE(header->deleter, nullptr);
  EXPECT_EQ(obj->value, 7);
  EXPECT_EQ(obj->type_index(), BaseObj::RuntimeTypeIndex());
  EXPECT_EQ(obj->GetTypeKey(), "cpptest.Base");
  EXPECT_TRUE(obj.unique());
}

TEST(Object, StrongCountFollowsCopiesAndMoves) {
  // SPEC: OBJ-INCREF, OBJ-DECREF, OBJ-REFCOUNT-BITS
  int before = LiveObjects();
  {
    ObjectPtr<BaseObj> a = make_object<BaseObj>();
    ObjectPtr<BaseObj> b = a;
    EXPECT_EQ(a.use_count(), 2);
    EXPECT_EQ(WeakCount(a.get()), 1u);
    ObjectPtr<Object> c = std::move(b);
    EXPECT_EQ(b, nullptr);
    EXPECT_EQ(a.use_count(), 2);
    c.reset();
    EXPECT_EQ(a.use_count(), 1);
    EXPECT_EQ(LiveObjects(), before + 1);
  }
  EXPECT_EQ(LiveObjects(), before);
}

TEST(Object, LastStrongReferenceCallsDeleterWithBoth) {
  // SPEC: OBJ-DECREF, OBJ-DELETER-FLAGS
  FlagLog log;
  MakeRecorded(&log).reset();
  EXPECT_EQ(log.flags, (std::vector<int>{kTVMFFIObjectDeleterFlagBitMaskBoth}));
}

TEST(Object, WeakReferenceSplitsStrongAndWeakActions) {
  // SPEC: OBJ-DECREF, OBJ-WEAK, OBJ-DELETER-FLAGS, OBJ-WEAK-INLINE
  FlagLog log;
  ObjectPtr<RecordedObj> strong = MakeRecorded(&log);
  WeakObjectPtr<RecordedObj> weak(strong);
  EXPECT_EQ(WeakCount(strong.get()), 2u);
  strong.reset();
  EXPECT_EQ(log.flags, (std::vector<int>{kTVMFFIObjectDeleterFlagBitMaskStrong}));
  EXPECT_TRUE(weak.expired());
  EXPECT_EQ(weak.lock(), nullptr);
  weak.reset();
  EXPECT_EQ(log.flags, (std::vector<int>{kTVMFFIObjectDeleterFlagBitMaskStrong,
                                         kTVMFFIObjectDeleterFlagBitMaskWeak}));
}

TEST(Object, WeakPointerPromotesWhileAlive) {
  // SPEC: OBJ-WEAK
  ObjectPtr<BaseObj> strong = make_object<BaseObj>(3);
  WeakObjectPtr<BaseObj> weak = strong;
  ObjectPtr<BaseObj> promoted = weak.lock();
  ASSERT_NE(promoted, nullptr);
  EXPECT_EQ(promoted->value, 3);
  EXPECT_EQ(strong.use_count(), 2);
  EXPECT_EQ(weak.use_count(), 2);
  EXPECT_FALSE(strong.unique());  // a weak reference exists
}

TEST(Object, ConcurrentPromotionNeverResurrects) {
  // SPEC: OBJ-WEAK
  for (int round = 0; round < 20; ++round) {
    int before = LiveObjects();
    ObjectPtr<BaseObj> strong = make_object<BaseObj>();
    WeakObjectPtr<BaseObj> weak = strong;
    std::atomic<bool> go{false};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&] {
        while (!go) {
        }
        for (int k = 0; k < 200; ++k) {
          ObjectPtr<BaseObj> p = weak.lock();
          if (p != nullptr) {
            EXPECT_GE(p->value, 0);
          }
        }
      });
    }
    go = true;
    strong.reset();
    for (auto& t : threads) t.join();
    EXPECT_EQ(weak.lock(), nullptr);
    EXPECT_EQ(LiveObjects(), before);
  }
}

TEST(Object, NullDeleterMarksAnImmortalObject) {
  // SPEC: OBJ-DELETER-NULL
  static RecordedObj immortal;
  TVMFFIObject* header = detail::ObjectUnsafe::GetHeader(&immortal);
  header->combined_ref_count = detail::kCombinedRefCountBothOne;
  header->type_index = TypeIndex::kTVMFFIObject;
  header->deleter = nullptr;
  detail::ObjectUnsafe::ObjectPtrFromOwned<Object>(static_cast<Object*>(&immortal)).reset();
  // Both counts would have dropped to zero; with no deleter nothing else happens.
  EXPECT_EQ(header->combined_ref_count, uint64_t{1} << 32);
}

TEST(Object, RuntimeIncRefAndDecRefWorkOnSdkObjects) {
  // SPEC: OBJ-INCREF-API, OBJ-DELETER-OWNER
  int before = LiveObjects();
  ObjectPtr<BaseObj> obj = make_object<BaseObj>();
  TVMFFIObject* handle = detail::ObjectUnsafe::MoveObjectPtrToTVMFFIObjectPtr(std::move(obj));
  EXPECT_EQ(TVMFFIObjectIncRef(handle), 0);
  EXPECT_EQ(TVMFFIObjectDecRef(handle), 0);
  EXPECT_EQ(LiveObjects(), before + 1);
  EXPECT_EQ(TVMFFIObjectDecRef(handle), 0);
  EXPECT_EQ(LiveObjects(), before);
}

TEST(Object, PolymorphicObjectKeepsHeaderInsideTheAllocation) {
  // SPEC: ABI-HANDLE-HEADER
  int before = LiveObjects();
  {
    ObjectPtr<PolyObj> obj = make_object<PolyObj>();
    const TVMFFIObject* header = detail::ObjectUnsafe::GetHeader(obj.get());
    EXPECT_EQ(reinterpret_cast<const char*>(header) - reinterpret_cast<const char*>(obj.get()),
              static_cast<ptrdiff_t>(sizeof(void*)));
    EXPECT_EQ(header->type_index, PolyObj::RuntimeTypeIndex());
    Any held = obj;
    EXPECT_EQ(held.as<PolyObj>()->Answer(), 42);
  }
  EXPECT_EQ(LiveObjects(), before);
}

TEST(Object, RegistrationFollowsTheChildSlotPolicy) {
  // SPEC: REG-ALLOC-SLOTS, REG-ALLOC-OVERFLOW, REG-ALLOC-MONOTONIC, REG-TYPE-ANCESTORS
  int32_t base = BaseObj::RuntimeTypeIndex();
  EXPECT_GE(base, TypeIndex::kTVMFFIDynObjectBegin);
  EXPECT_EQ(DerivedObj::RuntimeTypeIndex(), base + 1);  // the reserved slot
  EXPECT_GT(Derived2Obj::RuntimeTypeIndex(), base + 1);  // overflow
  EXPECT_EQ(TypeKeyToIndex("cpptest.Derived2"), Derived2Obj::RuntimeTypeIndex());
  const TVMFFITypeInfo* info = TVMFFIGetTypeInfo(GrandChildObj::RuntimeTypeIndex());
  ASSERT_NE(info, nullptr);
  EXPECT_EQ(info->type_depth, 3);
  EXPECT_EQ(GrandChildObj::_type_depth, 3);
  EXPECT_EQ(info->type_ancestors[0]->type_index, TypeIndex::kTVMFFIObject);
  EXPECT_EQ(info->type_ancestors[1]->type_index, base);
  EXPECT_EQ(info->type_ancestors[2]->type_index, Derived2Obj::RuntimeTypeIndex());
}

TEST(Object, InstanceChecksAgreeWithTheSpecProcedure) {
  // SPEC: REG-INSTANCE-CHECK
  struct Entry {
    int32_t index;
    bool is_final;
    int32_t slots;
    bool overflow;
    bool (*check)(const Object*);
  };
  const Entry types[] = {
      {BaseObj::RuntimeTypeIndex(), false, 1, true, [](const Object* o) { return o->IsInstance<BaseObj>(); }},
      {DerivedObj::RuntimeTypeIndex(), false, 0, true,
       [](const Object* o) { return o->IsInstance<DerivedObj>(); }},
      {Derived2Obj::RuntimeTypeIndex(), false, 0, true,
       [](const Object* o) { return o->IsInstance<Derived2Obj>(); }},
      {GrandChildObj::RuntimeTypeIndex(), true, 0, false,
       [](const Object* o) { return o->IsInstance<GrandChildObj>(); }},
      {FinalObj::RuntimeTypeIndex(), true, 0, false,
       [](const Object* o) { return o->IsInstance<FinalObj>(); }},
      {TypeIndex::kTVMFFIObject, false, 0, true, [](const Object* o) { return o->IsInstance<Object>(); }},
  };
  std::vector<ObjectPtr<Object>> objects = {make_object<BaseObj>(), make_object<DerivedObj>(),
                                            make_object<Derived2Obj>(), make_object<GrandChildObj>(),
                                            make_object<FinalObj>()};
  for (const ObjectPtr<Object>& obj : objects) {
    for (const Entry& t : types) {
      EXPECT_EQ(t.check(obj.get()),
                SpecIsInstance(obj->type_index(), t.index, t.is_final, t.slots, t.overflow))
          << obj->GetTypeKey() << " vs " << Object::TypeIndex2Key(t.index);
    }
  }
  EXPECT_TRUE(objects[3]->IsInstance<BaseObj>());
  EXPECT_FALSE(objects[1]->IsInstance<Derived2Obj>());
}

TEST(Object, RuntimeTypeIndexMatchHandlesBuiltinsAndAncestors) {
  // SPEC: REG-INSTANCE-CHECK
  EXPECT_TRUE(detail::RuntimeTypeIndexMatch(TypeIndex::kTVMFFISmallStr, TypeIndex::kTVMFFIStr));
  EXPECT_TRUE(detail::RuntimeTypeIndexMatch(TypeIndex::kTVMFFIInt, TypeIndex::kTVMFFIAny));
  EXPECT_FALSE(detail::RuntimeTypeIndexMatch(TypeIndex::kTVMFFIInt, TypeIndex::kTVMFFIObject));
  EXPECT_TRUE(
      detail::RuntimeTypeIndexMatch(GrandChildObj::RuntimeTypeIndex(), BaseObj::RuntimeTypeIndex()));
  EXPECT_FALSE(
      detail::RuntimeTypeIndexMatch(BaseObj::RuntimeTypeIndex(), DerivedObj::RuntimeTypeIndex()));
}

TEST(ObjectRef, NullableReferenceAccessors) {
  BaseRef empty;
  EXPECT_FALSE(empty.defined());
  EXPECT_EQ(empty.type_index(), TypeIndex::kTVMFFINone);
  EXPECT_EQ(empty.GetTypeKey(), "None");
  BaseRef ref(5);
  EXPECT_EQ(ref->value, 5);
  ref->value = 6;  // BaseObj is mutable, so the pointer is non-const
  EXPECT_EQ(ref.get()->value, 6);
  BaseRef alias = ref;
  EXPECT_TRUE(alias.same_as(ref));
  EXPECT_EQ(ref.use_count(), 2);
  EXPECT_NE(ref.as<BaseObj>(), nullptr);
  EXPECT_EQ(ref.as<DerivedObj>(), nullptr);
}

TEST(ObjectRef, CheckedConversionBetweenReferenceTypes) {
  ObjectRef base = BaseRef(1);
  ObjectRef derived = DerivedRef(2);
  EXPECT_FALSE(base.as<DerivedRef>().has_value());
  std::optional<DerivedRef> as_derived = derived.as<DerivedRef>();
  ASSERT_TRUE(as_derived.has_value());
  EXPECT_EQ((*as_derived)->value, 2);
  EXPECT_TRUE(ObjectRef().as<BaseRef>().has_value());      // nullable accepts null
  EXPECT_FALSE(ObjectRef().as<DerivedRef>().has_value());  // not nullable
  EXPECT_EQ(derived.as_or_throw<BaseRef>()->value, 2);
  ExpectError([&] { base.as_or_throw<DerivedRef>(); }, "TypeError",
              "Cannot treat type `cpptest.Base` as type `cpptest.Derived`");
  ExpectError([] { ObjectRef().as_or_throw<DerivedRef>(); }, "TypeError",
              "Cannot treat type `None`");
}

TEST(ObjectRef, GetRefAndGetObjectPtrShareTheObject) {
  BaseRef ref(9);
  const BaseObj* raw = ref.get();
  BaseRef again = GetRef<BaseRef>(raw);
  EXPECT_TRUE(again.same_as(ref));
  Optional<BaseRef> opt = GetRef<Optional<BaseRef>>(static_cast<const BaseObj*>(nullptr));
  EXPECT_FALSE(opt.has_value());
  ObjectPtr<Object> ptr = GetObjectPtr<Object>(const_cast<BaseObj*>(raw));
  EXPECT_EQ(ptr.get(), static_cast<const Object*>(raw));
  EXPECT_EQ(ref.use_count(), 3);
}

TEST(ObjectRef, IdentityHashAndEqual) {
  BaseRef a(1), b(1);
  EXPECT_TRUE(ObjectPtrEqual()(a, BaseRef(a)));
  EXPECT_FALSE(ObjectPtrEqual()(a, b));
  EXPECT_EQ(ObjectPtrHash()(a), ObjectPtrHash()(ObjectRef(a)));
  EXPECT_TRUE(a < b || b < a);
}

TEST(Arc, NeverNullAndConvertsUpward) {
  Arc<DerivedObj> arc = make_arc<DerivedObj>(4);
  Arc<BaseObj> base = arc;
  EXPECT_EQ(base->value, 4);
  Any held = arc;
  EXPECT_EQ(held.cast<Arc<BaseObj>>()->value, 4);
  EXPECT_FALSE(Any().try_cast<Arc<BaseObj>>().has_value());
}

}  // namespace
}  // namespace cpptest
