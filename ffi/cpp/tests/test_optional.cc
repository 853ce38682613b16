// ffi/cpp/tests/test_optional.cc: Optional<T> in its three storage forms and its Any conversions.
#include "cpp_test_helpers.h"

namespace cpptest {
namespace {

TEST(Optional, AnyBackedValues) {
  // SPEC: ANY-NONE
  Optional<int> empty;
  EXPECT_FALSE(empty.has_value());
  EXPECT_TRUE(empty == std::nullopt);
  EXPECT_EQ(empty.value_or(5), 5);
  Optional<int> three = 3;
  EXPECT_TRUE(three.has_value());
  EXPECT_EQ(*three, 3);
  EXPECT_TRUE(three == 3);
  EXPECT_TRUE(three != 4);
  EXPECT_FALSE(empty == 3);
  EXPECT_TRUE(three == Optional<int>(3));
  EXPECT_TRUE(empty == Optional<int>());
  EXPECT_TRUE(three == std::optional<int>(3));
  three = std::nullopt;
  EXPECT_FALSE(three.has_value());
  Optional<String> text = String("hello");
  EXPECT_EQ(text.value(), "hello");
  EXPECT_EQ(text.as<String>().value(), "hello");
  ExpectError([&] { empty.value(); }, "RuntimeError", "Bad optional access");
}

TEST(Optional, ObjectReferencesArePointerSized) {
  // SPEC: OBJ-BUILTIN-SIZES
  Optional<BaseRef> empty;
  EXPECT_FALSE(empty.has_value());
  BaseRef ref(4);
  Optional<BaseRef> held = ref;
  EXPECT_EQ(held->value, 4);
  EXPECT_TRUE(held.same_as(ref));
  EXPECT_TRUE(held == ref);
  EXPECT_EQ(ref.use_count(), 2);
  BaseRef out = *std::move(held);
  EXPECT_EQ(out->value, 4);
  EXPECT_TRUE(Optional<BaseRef>(std::nullopt) == Optional<BaseRef>(nullptr));
  EXPECT_EQ(empty.value_or(BaseRef(9))->value, 9);
  ExpectError([&] { empty.value(); }, "RuntimeError", "Bad optional access");
}

TEST(Optional, ObjectPtrAndStdOptionalForms) {
  Optional<ObjectPtr<BaseObj>> ptr = make_object<BaseObj>(2);
  EXPECT_EQ(ptr.value()->value, 2);
  EXPECT_EQ(ptr.get()->value, 2);
  ptr = nullptr;
  EXPECT_FALSE(ptr.has_value());
  Optional<std::string> plain = std::string("view only");
  EXPECT_EQ(plain.value(), "view only");
  EXPECT_FALSE(Optional<std::string>().has_value());
}

TEST(Optional, TravelsAsValueOrNone) {
  // SPEC: ANY-NONE, ANY-BYTE-EQUALITY
  Any none = Optional<int>();
  EXPECT_EQ(none.type_index(), TypeIndex::kTVMFFINone);
  Any five = Optional<int>(5);
  EXPECT_EQ(five.type_index(), TypeIndex::kTVMFFIInt);
  EXPECT_EQ(Any(Optional<BaseRef>()).type_index(), TypeIndex::kTVMFFINone);
  EXPECT_EQ(Any(Optional<BaseRef>(BaseRef(1))).type_index(), BaseObj::RuntimeTypeIndex());
  EXPECT_FALSE(Any().cast<Optional<int>>().has_value());
  EXPECT_EQ(Any(true).cast<Optional<int>>().value(), 1);  // converts like int
  EXPECT_EQ(Any(7).cast<Optional<double>>().value(), 7.0);
  EXPECT_FALSE(Any(1).as<Optional<String>>().has_value());
  ExpectError([] { Any(1.5).cast<Optional<BaseRef>>(); }, "TypeError",
              "Cannot convert from type `float` to `Optional<cpptest.Base>`");
  Function f = Function::FromTyped([](Optional<int> x) { return x.has_value() ? *x : -1; });
  EXPECT_EQ(f(nullptr).cast<int>(), -1);
  EXPECT_EQ(f(3).cast<int>(), 3);
}

}  // namespace
}  // namespace cpptest
