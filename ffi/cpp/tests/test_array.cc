// ffi/cpp/tests/test_array.cc: Array<T> and ArrayObj (layout, copy-on-write, conversions).
#include <tvm/ffi/container/array.h>
#include <tvm/ffi/container/list.h>

#include <cstddef>
#include <vector>

#include "cpp_test_helpers.h"

namespace {

using namespace tvm::ffi;  // NOLINT(build/namespaces)
using cpptest::ExpectError;
using cpptest::StrongCount;

// SPEC: ARRAY-LAYOUT
TEST(Array, LayoutInlineElements) {
  Array<int64_t> arr{1, 2, 3};
  const ArrayObj* obj = arr.get();
  const char* base = reinterpret_cast<const char*>(obj);
  EXPECT_EQ(obj->type_index(), kTVMFFIArray);
  EXPECT_EQ(offsetof(TVMFFISeqCell, data), 0u);
  const auto* cell = reinterpret_cast<const TVMFFISeqCell*>(base + 24);
  EXPECT_EQ(cell->data, base + 56);
  EXPECT_EQ(cell->size, 3);
  EXPECT_EQ(cell->capacity, 3);
  EXPECT_EQ(cell->data_deleter, nullptr);
  const auto* elems = reinterpret_cast<const TVMFFIAny*>(base + 56);
  EXPECT_EQ(elems[1].type_index, kTVMFFIInt);
  EXPECT_EQ(elems[1].v_int64, 2);
  EXPECT_EQ(Array<int>().capacity(), static_cast<size_t>(ArrayObj::kInitSize));
}

// SPEC: ARRAY-INPLACE-MUTATION
TEST(Array, CopyOnWrite) {
  Array<int> a{1, 2};
  Array<int> b = a;
  EXPECT_EQ(StrongCount(a.get()), 2u);
  b.push_back(3);
  EXPECT_FALSE(a.same_as(b));
  EXPECT_EQ(a.size(), 2u);
  EXPECT_EQ(b.size(), 3u);
  EXPECT_EQ(StrongCount(a.get()), 1u);
  // Unique: in place until capacity runs out, then ×2 growth.
  Array<int> c;
  const ArrayObj* before = c.get();
  for (int i = 0; i < 4; ++i) c.push_back(i);
  EXPECT_EQ(c.get(), before);
  c.push_back(4);
  EXPECT_NE(c.get(), before);
  EXPECT_EQ(c.capacity(), 8u);
  EXPECT_EQ(c.size(), 5u);
  c.Set(0, 10);
  EXPECT_EQ(c[0], 10);
}

// SPEC: ARRAY-INPLACE-MUTATION
TEST(Array, DestructorHonoursInlineSize) {
  ObjectRef held(make_object<cpptest::BaseObj>(7));
  int live = cpptest::LiveObjects();
  {
    Array<ObjectRef> arr;
    arr.reserve(4);
    // Emulate inline code appending in [size, capacity) while unique.
    ArrayObj* obj = arr.GetArrayObj();
    TVMFFIAny* slot = static_cast<TVMFFIAny*>(obj->data) + obj->TVMFFISeqCell::size;
    TVMFFIObject* handle = detail::ObjectUnsafe::TVMFFIObjectPtrFromObjectRef(held);
    TVMFFIObjectIncRef(handle);
    detail::WriteObjectToAny(handle, slot);
    obj->TVMFFISeqCell::size += 1;
    EXPECT_EQ(StrongCount(held.get()), 2u);
    EXPECT_TRUE(arr[0].same_as(held));
  }
  EXPECT_EQ(StrongCount(held.get()), 1u);
  EXPECT_EQ(cpptest::LiveObjects(), live);
}

TEST(Array, Mutators) {
  Array<int> a{1, 2, 3, 4, 5};
  a.insert(a.begin() + 1, 9);
  EXPECT_EQ(a.to_vector(), (std::vector<int>{1, 9, 2, 3, 4, 5}));
  a.erase(a.begin());
  EXPECT_EQ(a.to_vector(), (std::vector<int>{9, 2, 3, 4, 5}));
  a.erase(a.begin() + 1, a.begin() + 3);
  EXPECT_EQ(a.to_vector(), (std::vector<int>{9, 4, 5}));
  std::vector<int> more{7, 8};
  a.insert(a.end(), more.begin(), more.end());
  EXPECT_EQ(a.to_vector(), (std::vector<int>{9, 4, 5, 7, 8}));
  a.pop_back();
  a.resize(6);
  EXPECT_EQ(a.to_vector(), (std::vector<int>{9, 4, 5, 7, 0, 0}));
  a.resize(2);
  EXPECT_EQ(a.back(), 4);
  a.clear();
  EXPECT_TRUE(a.empty());
  Array<int> m = Array<int>{1, 2, 3}.Map([](int x) { return x * 2; });
  EXPECT_EQ(static_cast<std::vector<int>>(m), (std::vector<int>{2, 4, 6}));
  int sum = 0;
  for (int v : m) sum += v;
  EXPECT_EQ(sum, 12);
  Array<int> agg = Array<int>::Agregate(Array<int>{1}, 2, Array<int>{3, 4});
  EXPECT_EQ(agg.size(), 4u);
  Array<String> s(3, String("x"));
  EXPECT_EQ(s[2], "x");
}

TEST(Array, IndexErrors) {
  Array<int> a{1};
  ExpectError([&] { (void)a[1]; }, "IndexError", "out of bounds");
  ExpectError([&] { (void)a[-1]; }, "IndexError", "out of bounds");
  ExpectError([&] { a.Set(3, 1); }, "IndexError", "out of bounds");
  Array<int> empty;
  ExpectError([&] { empty.pop_back(); }, "IndexError", "empty");
  Array<int> moved = std::move(a);
  EXPECT_EQ(a.size(), 0u);  // NOLINT(bugprone-use-after-move)
}

TEST(Array, AnyConversion) {
  Array<Any> mixed{Any(1), Any(2.5), Any(String("s"))};
  Any boxed = mixed;
  EXPECT_EQ(boxed.type_index(), kTVMFFIArray);
  // Strict hit: shares the object.
  Array<Any> back = boxed.cast<Array<Any>>();
  EXPECT_TRUE(back.same_as(mixed));
  // Wrong element type: the error names the index.
  ExpectError([&] { (void)boxed.cast<Array<int>>(); }, "TypeError", "Array[index 1: float]");
  // Convertible elements give a fresh typed Array.
  Any ints = Array<Any>{Any(1), Any(true)};
  Array<int64_t> typed = ints.cast<Array<int64_t>>();
  EXPECT_EQ(typed[1], 1);
  Array<double> as_double = ints.cast<Array<double>>();
  EXPECT_DOUBLE_EQ(as_double[0], 1.0);
  // A List converts to an Array by copying.
  Any list = List<int>{4, 5};
  Array<int> from_list = list.cast<Array<int>>();
  EXPECT_EQ(from_list.size(), 2u);
  EXPECT_EQ(from_list[1], 5);
  ExpectError([&] { (void)Any(1).cast<Array<int>>(); }, "TypeError", "Array<int>");
  EXPECT_FALSE(Any(1).as<Array<int>>().has_value());
}

TEST(Array, FunctionArgumentConversion) {
  Function sum = Function::FromTyped([](Array<int> xs) {
    int total = 0;
    for (int x : xs) total += x;
    return total;
  }, "sum");
  EXPECT_EQ(sum(Array<int>{1, 2, 3}).cast<int>(), 6);
  EXPECT_EQ(sum(Array<Any>{Any(1), Any(2)}).cast<int>(), 3);
  ExpectError([&] { (void)sum(Array<Any>{Any(1), Any(String("x"))}); }, "TypeError",
              "Array[index 1: ");
  Function make = Function::FromTyped([](int n) { return Array<int>(n, 7); });
  Array<int> made = make(3).cast<Array<int>>();
  EXPECT_EQ(made.size(), 3u);
  EXPECT_EQ(made[2], 7);
}

}  // namespace
