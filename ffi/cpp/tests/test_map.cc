// ffi/cpp/tests/test_map.cc: Map<K, V> (copy-on-write), its two storage layouts, TypeTraits and the ffi.Map* globals.
#include <tvm/ffi/container/dict.h>
#include <tvm/ffi/container/map.h>

#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "cpp_test_helpers.h"
#include "map_test_support.h"

namespace {

using namespace cpptest;  // NOLINT(build/namespaces)
using namespace maptest;  // NOLINT(build/namespaces)

constexpr uint64_t kNoSlot = ~uint64_t{0};
uint64_t JumpAt(int k) {
  // SPEC MAP-DENSE-PROBE, computed from its definition rather than copied.
  static const uint64_t kTail[] = {130, 195, 292, 438, 657, 986, 1478, 2217, 3326, 4988, 7482,
                                   11223, 16835, 25252, 37877, 56816, 85223, 127835, 191752,
                                   287627, 431440, 647160, 970740, 1456110, 2184165, 3276247,
                                   4914370, 7371555, 11057333, 16585999, 24878998, 37318497,
                                   55977745, 83966618, 125949926, 188924889, 283387334, 425081001,
                                   637621501, 956432251, 1434648376, 2151972564, 3227958845};
  auto tri = [](uint64_t n) { return n * (n + 1) / 2; };
  if (k < 16) return static_cast<uint64_t>(k);
  if (k <= 82) return tri(static_cast<uint64_t>(k - 10));
  return tri(kTail[k - 83]);
}

// Finds `key` in a dense table by following the SPEC rules by hand.
bool SpecLookup(const RawMap* m, const Any& key, uint64_t* slot_out) {
  uint64_t slot = (11400714819323198485ull * AnyHash()(key)) >> m->fib_shift;
  uint8_t meta = MetaAt(m, slot);
  if (meta == 0xFF || meta == 0xFE || (meta & 0x80) != 0) return false;
  while (true) {
    Any stored = AnyView::CopyFromTVMFFIAny(*ItemAt(m, slot));
    if (AnyEqual()(stored, key)) {
      *slot_out = slot;
      return true;
    }
    uint64_t jump = JumpAt(MetaAt(m, slot) & 0x7F);
    if (jump == 0) return false;
    slot = (slot + jump) % m->slots;
  }
}

std::vector<int64_t> IntKeys(const Map<int64_t, int64_t>& m) {
  std::vector<int64_t> keys;
  for (auto kv : m) keys.push_back(kv.first);
  return keys;
}

TEST(Map, EmptyMapIsSmallWithInlineEntries) {
  // SPEC: MAP-LAYOUT, MAP-SMALL
  Map<String, int64_t> m;
  const RawMap* raw = Raw(m);
  EXPECT_EQ(raw->header.type_index, TypeIndex::kTVMFFIMap);
  EXPECT_EQ(raw->slots, kSmallTag | 2);
  EXPECT_EQ(raw->size, 0u);
  EXPECT_EQ(raw->data, reinterpret_cast<const uint8_t*>(raw) + 56);
  EXPECT_EQ(raw->data_deleter, nullptr);
  EXPECT_TRUE(m.empty());
  EXPECT_EQ(m.begin(), m.end());
}

TEST(Map, SmallGrowsToFourThenTurnsDense) {
  // SPEC: MAP-SMALL, MAP-DENSE-BLOCK, MAP-FIB-HASH
  Map<int64_t, int64_t> m;
  m.Set(1, 10);
  m.Set(2, 20);
  EXPECT_EQ(Raw(m)->slots, kSmallTag | 2);
  m.Set(3, 30);
  EXPECT_EQ(Raw(m)->slots, kSmallTag | 4);
  m.Set(4, 40);
  EXPECT_EQ(Raw(m)->slots, kSmallTag | 4);
  const TVMFFIAny* entries = reinterpret_cast<const TVMFFIAny*>(Raw(m)->data);
  EXPECT_EQ(entries[0].type_index, TypeIndex::kTVMFFIInt);
  EXPECT_EQ(entries[0].v_int64, 1);
  EXPECT_EQ(entries[1].v_int64, 10);
  EXPECT_EQ(entries[6].v_int64, 4);
  m.Set(5, 50);
  const RawMap* raw = Raw(m);
  EXPECT_EQ(raw->slots, 8u);
  EXPECT_EQ(raw->fib_shift, 61u);
  EXPECT_NE(raw->data_deleter, nullptr);
  EXPECT_EQ(raw->size, 5u);
  EXPECT_EQ(IntKeys(m), (std::vector<int64_t>{1, 2, 3, 4, 5}));
  // Built in one go from 4 or more pairs, a map is dense from the start.
  Map<int64_t, int64_t> ranged{{1, 1}, {2, 2}, {3, 3}, {4, 4}};
  EXPECT_EQ(Raw(ranged)->slots, 8u);
  Map<int64_t, int64_t> ranged5{{1, 1}, {2, 2}, {3, 3}, {4, 4}, {5, 5}};
  EXPECT_EQ(Raw(ranged5)->slots, 16u);
  EXPECT_EQ(Raw(ranged5)->fib_shift, 60u);
}

TEST(Map, DenseTableFollowsSpecRules) {
  // SPEC: MAP-DENSE-BLOCK, MAP-DENSE-META, MAP-FIB-HASH, MAP-DENSE-PROBE, MAP-HASH-AGREEMENT
  Map<Any, Any> m;
  for (int64_t i = 0; i < 3000; ++i) {
    m.Set(i % 2 ? Any(String("key-" + std::to_string(i))) : Any(i * 31), Any(i));
  }
  const RawMap* raw = Raw(m);
  ASSERT_EQ(raw->slots & kSmallTag, 0u);
  EXPECT_EQ(raw->slots, uint64_t{1} << (64 - raw->fib_shift));
  EXPECT_LE(static_cast<double>(raw->size), 0.99 * static_cast<double>(raw->slots));
  uint64_t live = 0;
  for (uint64_t s = 0; s < raw->slots; ++s) {
    uint8_t meta = MetaAt(raw, s);
    EXPECT_NE(meta, 0xFE) << "no protected slot survives an insertion";
    if (meta == 0xFF) continue;
    ++live;
    EXPECT_LT(meta & 0x7F, 126);
    uint64_t found = kNoSlot;
    Any key = AnyView::CopyFromTVMFFIAny(*ItemAt(raw, s));
    ASSERT_TRUE(SpecLookup(raw, key, &found));
    EXPECT_EQ(found, s);
  }
  EXPECT_EQ(live, raw->size);
  for (int64_t i = 0; i < 3000; i += 97) {
    Any key = i % 2 ? Any(String("key-" + std::to_string(i))) : Any(i * 31);
    EXPECT_EQ(m.at(key).cast<int64_t>(), i);
  }
}

TEST(Map, IterationFollowsInsertionOrder) {
  // SPEC: MAP-ITER-ORDER
  Map<int64_t, int64_t> m;
  std::vector<int64_t> expected;
  for (int64_t i = 0; i < 200; ++i) {
    m.Set(i * 13 % 211, i);
    expected.push_back(i * 13 % 211);
  }
  EXPECT_EQ(IntKeys(m), expected);
  const RawMap* raw = Raw(m);
  EXPECT_EQ(ItemAt(raw, raw->iter_head)->v_int64, expected.front());
  EXPECT_EQ(ItemAt(raw, raw->iter_tail)->v_int64, expected.back());
  // Erasing keeps the order of the rest.
  m.erase(expected[5]);
  expected.erase(expected.begin() + 5);
  EXPECT_EQ(IntKeys(m), expected);
  // In a dense table an updated key moves to the end (the reference's order).
  m.Set(expected[0], -1);
  expected.push_back(expected[0]);
  expected.erase(expected.begin());
  EXPECT_EQ(IntKeys(m), expected);
  // In a small table it stays in place.
  Map<int64_t, int64_t> small{{1, 1}, {2, 2}};
  small.Set(1, 5);
  EXPECT_EQ(IntKeys(small), (std::vector<int64_t>{1, 2}));
  // Backward iteration.
  auto it = m.end();
  --it;
  EXPECT_EQ((*it).first, expected.back());
}

TEST(Map, LookupAndErrors) {
  Map<String, int64_t> m{{"a", 1}, {"bb", 2}, {"a-long-key-on-the-heap", 3}};
  EXPECT_EQ(m.size(), 3u);
  EXPECT_EQ(m["bb"], 2);
  EXPECT_EQ(m.at("a-long-key-on-the-heap"), 3);
  EXPECT_EQ(m.count("zz"), 0u);
  EXPECT_FALSE(m.Get("zz").has_value());
  EXPECT_EQ(m.Get("a").value(), 1);
  EXPECT_EQ(m.find("zz"), m.end());
  EXPECT_EQ((*m.find("a")).second, 1);
  ExpectError([&] { m.at("zz"); }, "KeyError", "key is not in Map");
  // Later duplicates win.
  Map<String, int64_t> dup{{"x", 1}, {"x", 2}};
  EXPECT_EQ(dup.size(), 1u);
  EXPECT_EQ(dup["x"], 2);
  std::unordered_map<String, int64_t> src{{"p", 1}, {"q", 2}};
  Map<String, int64_t> from_std(src);
  EXPECT_EQ(from_std.size(), 2u);
  EXPECT_EQ(from_std["q"], 2);
}

TEST(Map, SmallAndHeapStringsAreOneKey) {
  // SPEC: ANY-HASH, ANY-EQUAL
  // A heap string object whose content would also fit the small form (as
  // another SDK may make one); it never dies, so its deleter does nothing.
  Any heap_key = String("abc");
  ASSERT_EQ(heap_key.type_index(), TypeIndex::kTVMFFISmallStr);
  struct HeapStr {
    TVMFFIObject header;
    TVMFFIByteArray bytes;
  };
  static HeapStr heap_str{{(uint64_t{1} << 32) | (1u << 20), TypeIndex::kTVMFFIStr, 0, {[](void*, int) {}}}, {"abc", 3}};
  TVMFFIAny view;
  view.type_index = TypeIndex::kTVMFFIStr;
  view.zero_padding = 0;
  view.v_obj = &heap_str.header;
  Any from_runtime = AnyView::CopyFromTVMFFIAny(view);
  Map<Any, int64_t> m;
  m.Set(heap_key, 1);
  EXPECT_EQ(m.count(from_runtime), 1u);
  EXPECT_EQ(AnyHash()(heap_key), AnyHash()(from_runtime));
}

TEST(Map, CopyOnWrite) {
  Map<int64_t, int64_t> a{{1, 1}, {2, 2}};
  a.Set(3, 3);  // full small table: grows into a new object
  const Object* before = a.get();
  a.Set(1, 1);  // unique and with room: mutated in place
  EXPECT_EQ(a.get(), before);
  Map<int64_t, int64_t> b = a;
  b.Set(4, 4);  // shared: b copies
  EXPECT_NE(b.get(), a.get());
  EXPECT_EQ(a.size(), 3u);
  EXPECT_EQ(b.size(), 4u);
  Map<int64_t, int64_t> c = b;
  c.erase(1);
  EXPECT_EQ(b.count(1), 1u);
  EXPECT_EQ(c.count(1), 0u);
  Map<int64_t, int64_t> big;
  for (int64_t i = 0; i < 100; ++i) big.Set(i, i);
  Map<int64_t, int64_t> big2 = big;
  big2.Set(5, -5);
  EXPECT_EQ(big[5], 5);
  EXPECT_EQ(big2[5], -5);
  EXPECT_EQ(IntKeys(big2).back(), 5);
  big2.clear();
  EXPECT_EQ(big2.size(), 0u);
  EXPECT_EQ(big.size(), 100u);
  Map<int64_t, int64_t> merged = Merge(a, Map<int64_t, int64_t>{{9, 9}, {1, -1}});
  EXPECT_EQ(merged.size(), 4u);
  EXPECT_EQ(merged[1], -1);
}

TEST(Map, ReleasesEveryReference) {
  // SPEC: MAP-DESTROY
  int live = LiveObjects();
  {
    Map<Any, Any> m;
    for (int64_t i = 0; i < 300; ++i) m.Set(i, BaseRef(i));
    Map<Any, Any> copy = m;
    copy.Set(int64_t{1000}, BaseRef(1000));
    for (int64_t i = 0; i < 300; i += 2) m.erase(i);
    EXPECT_EQ(LiveObjects(), live + 301);
    BaseRef key(7);
    m.Set(key, BaseRef(8));
    EXPECT_EQ(StrongCount(key.get()), 2u);
  }
  EXPECT_EQ(LiveObjects(), live);
}

TEST(Map, RandomizedAgainstStdUnorderedMap) {
  // SPEC: MAP-HASH-AGREEMENT
  std::mt19937_64 rng(42);
  Map<int64_t, int64_t> m;
  std::unordered_map<int64_t, int64_t> expect;
  for (int step = 0; step < 20000; ++step) {
    int64_t key = static_cast<int64_t>(rng() % 3000);
    if (rng() % 3 == 0) {
      m.erase(key);
      expect.erase(key);
    } else {
      m.Set(key, step);
      expect[key] = step;
    }
  }
  ASSERT_EQ(m.size(), expect.size());
  for (const auto& kv : expect) ASSERT_EQ(m.at(kv.first), kv.second);
  size_t n = 0;
  for (auto kv : m) {
    ++n;
    EXPECT_EQ(expect.at(kv.first), kv.second);
  }
  EXPECT_EQ(n, expect.size());
}

TEST(Map, TypeTraits) {
  Map<String, int64_t> m{{"a", 1}};
  Any any = m;
  EXPECT_EQ(any.type_index(), TypeIndex::kTVMFFIMap);
  EXPECT_TRUE(any.as<MapSI>().has_value());
  EXPECT_TRUE(any.as<MapAA>().has_value());
  EXPECT_FALSE(any.as<MapII>().has_value());
  EXPECT_EQ(any.cast<MapSD>()["a"], 1.0);  // converts element-wise
  ExpectError([&] { any.cast<Map<int64_t, int64_t>>(); }, "TypeError", "Map[some key is");
  ExpectError([&] { Any(1).cast<Map<Any, Any>>(); }, "TypeError", "Map<Any, Any>");
  // A Dict converts to a Map by copying.
  Dict<String, int64_t> d{{"x", 1}};
  Map<String, int64_t> from_dict = Any(d).cast<Map<String, int64_t>>();
  EXPECT_EQ(from_dict.get()->type_index(), TypeIndex::kTVMFFIMap);
  EXPECT_EQ(from_dict["x"], 1);
  EXPECT_FALSE(Any(d).as<MapSI>().has_value());
  Function size = Function::FromTyped([](Map<String, int64_t> x) { return x.size(); }, "size");
  EXPECT_EQ(size(m).cast<int64_t>(), 1);
  ExpectError([&] { size(1); }, "TypeError", "Map<str, int>");
  Function make = Function::FromTyped([]() { return Map<String, int64_t>{{"z", 26}}; });
  EXPECT_EQ(make().cast<MapSI>()["z"], 26);
  EXPECT_EQ(TypeTraits<MapSI>::TypeSchema(),
            R"({"type":"ffi.Map","args":[{"type":"ffi.String"},{"type":"int"}]})");
}

TEST(Map, SoftAbiGlobals) {
  // SPEC: CALL-GLOBAL-SOFT-ABI
  Function make = Function::GetGlobalRequired("ffi.Map");
  Map<Any, Any> m = make("a", 1, "b", 2, "a", 3).cast<Map<Any, Any>>();
  EXPECT_EQ(Function::GetGlobalRequired("ffi.MapSize")(m).cast<int64_t>(), 2);
  EXPECT_EQ(Function::GetGlobalRequired("ffi.MapGetItem")(m, "a").cast<int64_t>(), 3);
  EXPECT_EQ(Function::GetGlobalRequired("ffi.MapCount")(m, "zz").cast<int64_t>(), 0);
  ExpectError([&] { Function::GetGlobalRequired("ffi.MapGetItem")(m, "zz"); }, "KeyError",
              "key is not in Map");
  Any got = Function::GetGlobalRequired("ffi.MapGetItemOrMissing")(m, "zz");
  EXPECT_GE(got.type_index(), TypeIndex::kTVMFFIStaticObjectBegin);
  if (auto get_missing = Function::GetGlobal("ffi.GetInvalidObject")) {
    EXPECT_TRUE(got.same_as((*get_missing)()));
  }
  EXPECT_EQ(Function::GetGlobalRequired("ffi.MapGetItemOrMissing")(m, "b").cast<int64_t>(), 2);
  Function iter = Function::GetGlobalRequired("ffi.MapForwardIterFunctor")(m).cast<Function>();
  EXPECT_EQ(iter(0).cast<String>(), "a");
  EXPECT_EQ(iter(1).cast<int64_t>(), 3);
  EXPECT_TRUE(iter(2).cast<bool>());
  EXPECT_EQ(iter(0).cast<String>(), "b");
  EXPECT_FALSE(iter(2).cast<bool>());
  ExpectError([&] { iter(0); }, "IndexError", "at the end");
  ExpectError([&] { make("odd"); }, "ValueError", "alternating");
  Dict<Any, Any> d{{Any(1), Any(1)}};
  ExpectError([&] { Function::GetGlobalRequired("ffi.MapSize")(d); }, "TypeError", "ffi.Map");
  Map<Any, Any> big = make().cast<Map<Any, Any>>();
  EXPECT_EQ(big.size(), 0u);
}

}  // namespace
