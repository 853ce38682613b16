// ffi/cpp/tests/test_rvalue_ref.cc: RValueRef arguments that hand the only reference to the callee.
#include "cpp_test_helpers.h"

namespace cpptest {
namespace {

TEST(RValueRef, CalleeStealsTheReference) {
  // SPEC: ANY-VIEW-TO-OWNED, ANY-TYPE-INDEX-VALUES
  Function take = Function::FromTyped([](RValueRef<BaseRef> ref) {
    BaseRef owned = *std::move(ref);
    return owned.unique();  // the caller gave up its reference
  });
  BaseRef ref(1);
  AnyView view = RValueRef<BaseRef>(std::move(ref));
  EXPECT_EQ(view.type_index(), TypeIndex::kTVMFFIObjectRValueRef);
  EXPECT_TRUE(take(RValueRef<BaseRef>(BaseRef(2))).cast<bool>());
}

TEST(RValueRef, PlainValuesAreCopiedAndMismatchesReported) {
  Function take = Function::FromTyped([](RValueRef<BaseRef> ref) { return (*std::move(ref))->value; });
  BaseRef kept(3);
  EXPECT_EQ(take(kept).cast<int>(), 3);  // a normal argument is copied
  EXPECT_EQ(kept.use_count(), 1);
  ExpectError([&] { take(RValueRef<ObjectRef>(ObjectRef(make_object<FinalObj>()))); },
              "TypeError", "Expected `RValueRef<cpptest.Base>` but got `RValueRef<cpptest.Final>`");
  Function take_derived =
      Function::FromTyped([](RValueRef<DerivedRef> ref) { return (*std::move(ref))->value; });
  BaseRef base(4);
  ExpectError([&] { take_derived(RValueRef<BaseRef>(std::move(base))); }, "TypeError",
              "RValueRef<cpptest.Base>");
}

}  // namespace
}  // namespace cpptest
