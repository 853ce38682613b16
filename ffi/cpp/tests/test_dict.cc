// ffi/cpp/tests/test_dict.cc: Dict<K, V> (shared, mutated in place), its in-place layout switches, TypeTraits and the ffi.Dict* globals.
#include <tvm/ffi/container/dict.h>
#include <tvm/ffi/container/map.h>

#include <string>
#include <vector>

#include "cpp_test_helpers.h"
#include "map_test_support.h"

namespace {

using namespace cpptest;  // NOLINT(build/namespaces)
using namespace maptest;  // NOLINT(build/namespaces)

std::vector<std::string> Keys(const Dict<String, int64_t>& d) {
  std::vector<std::string> keys;
  for (auto kv : d) keys.push_back(kv.first);
  return keys;
}

TEST(Dict, EmptyDictIsSmall) {
  // SPEC: MAP-LAYOUT, MAP-SMALL
  Dict<String, int64_t> d;
  EXPECT_EQ(Raw(d)->header.type_index, TypeIndex::kTVMFFIDict);
  EXPECT_EQ(Raw(d)->slots, kSmallTag | 2);
  EXPECT_EQ(Raw(d)->data_deleter, nullptr);
  EXPECT_EQ(Raw(d)->data, reinterpret_cast<const uint8_t*>(Raw(d)) + 56);
}

TEST(Dict, GrowsInPlaceAndSharesMutations) {
  // SPEC: MAP-LAYOUT, MAP-SMALL, MAP-DENSE-BLOCK
  Dict<String, int64_t> d;
  Dict<String, int64_t> alias = d;
  const Object* address = d.get();
  d.Set("a", 1);
  d.Set("b", 2);
  d.Set("c", 3);  // small 2 -> small 4: the entries now live in another object
  EXPECT_EQ(d.get(), address);
  EXPECT_EQ(Raw(d)->slots, kSmallTag | 4);
  EXPECT_NE(Raw(d)->data_deleter, nullptr);
  EXPECT_NE(Raw(d)->data, reinterpret_cast<const uint8_t*>(address) + 56);
  d.Set("d", 4);
  d.Set("e", 5);  // small -> dense, still in place
  EXPECT_EQ(d.get(), address);
  EXPECT_EQ(Raw(d)->slots, 8u);
  EXPECT_EQ(Raw(d)->fib_shift, 61u);
  for (int64_t i = 0; i < 100; ++i) alias.Set("k" + std::to_string(i), i);
  EXPECT_EQ(d.get(), address);
  EXPECT_EQ(d.size(), 105u);
  EXPECT_EQ(d["k42"], 42);
  EXPECT_EQ(Keys(d)[0], "a");
  EXPECT_EQ(Keys(d)[5], "k0");
  alias.erase("a");
  EXPECT_EQ(d.count("a"), 0u);
  d.clear();
  EXPECT_EQ(alias.size(), 0u);
  EXPECT_EQ(Raw(d)->slots & kSmallTag, 0u) << "clear keeps the dense layout";
  EXPECT_GE(Raw(d)->slots, 128u) << "clear keeps the capacity";
  alias.Set("again", 1);
  EXPECT_EQ(Keys(d), std::vector<std::string>{"again"});
}

TEST(Dict, DestroysWhateverLayoutItHasAtTheEnd) {
  // SPEC: MAP-DESTROY
  int live = LiveObjects();
  {
    Dict<Any, Any> small_switched;
    for (int64_t i = 0; i < 3; ++i) small_switched.Set(i, BaseRef(i));
    Dict<Any, Any> dense_switched;
    for (int64_t i = 0; i < 50; ++i) dense_switched.Set(i, BaseRef(i));
    for (int64_t i = 0; i < 50; i += 3) dense_switched.erase(i);
    Dict<Any, Any> cleared;
    for (int64_t i = 0; i < 10; ++i) cleared.Set(BaseRef(i), BaseRef(i));
    cleared.clear();
    EXPECT_EQ(LiveObjects(), live + 3 + 33);
  }
  EXPECT_EQ(LiveObjects(), live);
}

TEST(Dict, LookupErrorsAndUpdates) {
  Dict<String, int64_t> d{{"x", 1}, {"y", 2}, {"x", 3}};
  EXPECT_EQ(d.size(), 2u);
  EXPECT_EQ(d.at("x"), 3);
  EXPECT_FALSE(d.Get("q").has_value());
  ExpectError([&] { d.at("q"); }, "KeyError", "key is not in Map");
  d.Set("y", 20);
  EXPECT_EQ(d["y"], 20);
  EXPECT_EQ(Keys(d), (std::vector<std::string>{"x", "y"}));
  d.erase("not-there");
  EXPECT_EQ(d.size(), 2u);
}

TEST(Dict, TypeTraits) {
  Dict<String, int64_t> d{{"a", 1}};
  Any any = d;
  EXPECT_EQ(any.type_index(), TypeIndex::kTVMFFIDict);
  EXPECT_TRUE(any.as<DictSI>().has_value());
  EXPECT_FALSE(any.as<DictII>().has_value());
  // A cast of the exact type shares the object, so mutations are visible.
  Dict<String, int64_t> same = any.cast<Dict<String, int64_t>>();
  same.Set("b", 2);
  EXPECT_EQ(d.size(), 2u);
  // A Map converts to a new Dict.
  Map<String, int64_t> m{{"m", 1}};
  Dict<String, int64_t> from_map = Any(m).cast<Dict<String, int64_t>>();
  EXPECT_EQ(from_map.get()->type_index(), TypeIndex::kTVMFFIDict);
  ExpectError([&] { Any(d).cast<Dict<int64_t, int64_t>>(); }, "TypeError", "Dict[some key is");
  Function add = Function::FromTyped([](Dict<String, int64_t> x) { x.Set("added", 1); });
  add(d);
  EXPECT_EQ(d["added"], 1);
  EXPECT_EQ(TypeTraits<DictSI>::TypeStr(), "Dict<str, int>");
}

TEST(Dict, SoftAbiGlobals) {
  // SPEC: CALL-GLOBAL-SOFT-ABI
  Dict<Any, Any> d = Function::GetGlobalRequired("ffi.Dict")("a", 1, "b", 2).cast<Dict<Any, Any>>();
  Dict<Any, Any> alias = d;
  EXPECT_EQ(Function::GetGlobalRequired("ffi.DictSize")(d).cast<int64_t>(), 2);
  EXPECT_EQ(Function::GetGlobalRequired("ffi.DictGetItem")(d, "b").cast<int64_t>(), 2);
  EXPECT_EQ(Function::GetGlobalRequired("ffi.DictCount")(d, "a").cast<int64_t>(), 1);
  Function set_item = Function::GetGlobalRequired("ffi.DictSetItem");
  for (int64_t i = 0; i < 20; ++i) set_item(d, i, i * i);
  EXPECT_EQ(alias.size(), 22u);
  EXPECT_EQ(alias.at(Any(int64_t{7})).cast<int64_t>(), 49);
  Function::GetGlobalRequired("ffi.DictErase")(d, "a");
  EXPECT_EQ(alias.count(Any(String("a"))), 0u);
  Any got = Function::GetGlobalRequired("ffi.DictGetItemOrMissing")(d, "a");
  EXPECT_GE(got.type_index(), TypeIndex::kTVMFFIStaticObjectBegin);
  if (auto get_missing = Function::GetGlobal("ffi.GetInvalidObject")) {
    EXPECT_TRUE(got.same_as((*get_missing)()));
  }
  Function iter = Function::GetGlobalRequired("ffi.DictForwardIterFunctor")(d).cast<Function>();
  EXPECT_EQ(iter(0).cast<String>(), "b");
  EXPECT_TRUE(iter(2).cast<bool>());
  EXPECT_EQ(iter(0).cast<int64_t>(), 0);
  Function::GetGlobalRequired("ffi.DictClear")(d);
  EXPECT_EQ(alias.size(), 0u);
  Map<Any, Any> m{{Any(1), Any(1)}};
  ExpectError([&] { set_item(m, 2, 2); }, "TypeError", "ffi.Dict");
  ExpectError([&] { Function::GetGlobalRequired("ffi.DictSize")(m); }, "TypeError", "ffi.Dict");
}

}  // namespace
