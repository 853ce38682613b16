// ffi/cpp/tests/test_variant.cc: Variant<V...> storage, access and conversion.
#include <unordered_set>

#include "cpp_test_helpers.h"

namespace cpptest {
namespace {

TEST(Variant, HoldsAnyAlternative) {
  Variant<int, String> v = 3;
  EXPECT_EQ(v.get<int>(), 3);
  EXPECT_FALSE(v.as<String>().has_value());
  v = String("text");
  EXPECT_EQ(v.get<String>(), "text");
  EXPECT_EQ(v.as<String>().value(), "text");
  EXPECT_EQ(v.GetTypeKey(), "ffi.SmallStr");
  ExpectError([&] { v.get<int>(); }, "TypeError", "Cannot convert from type `ffi.SmallStr` to `int`");
  Variant<int, String> copy = v;
  EXPECT_TRUE(copy.same_as(v));
}

TEST(Variant, ConvertsFromAnyWithExactMatchesFirst) {
  // SPEC: ANY-BYTE-EQUALITY
  using IntOrFloat = Variant<int64_t, double>;
  EXPECT_EQ(Any(2.5).cast<IntOrFloat>().get<double>(), 2.5);
  IntOrFloat from_int = Any(2).cast<IntOrFloat>();
  EXPECT_TRUE(from_int.as<int64_t>().has_value());  // not turned into a float
  Variant<double, String> widened = Any(4).cast<Variant<double, String>>();
  EXPECT_EQ(widened.get<double>(), 4.0);  // the first alternative that converts
  ExpectError([] { Any(BaseRef(1)).cast<Variant<int, String>>(); }, "TypeError",
              "to `Variant<int, str>`");
  Any back = from_int;
  EXPECT_EQ(back.type_index(), TypeIndex::kTVMFFIInt);
}

TEST(Variant, ObjectAlternativesAndIdentityHashing) {
  using Refs = Variant<BaseRef, Function>;
  BaseRef ref(5);
  Refs v = ref;
  EXPECT_EQ(v.as<BaseObj>()->value, 5);
  EXPECT_EQ(v.as<FunctionObj>(), nullptr);
  std::unordered_set<Refs, ObjectPtrHash, ObjectPtrEqual> set;
  set.insert(v);
  set.insert(Refs(ref));
  EXPECT_EQ(set.size(), 1u);
  EXPECT_EQ(sizeof(Refs), 16u);
}

}  // namespace
}  // namespace cpptest
