// ffi/cpp/tests/test_tuple.cc: Tuple<Types...>, a fixed-size typed ffi.Array.
#include <tvm/ffi/container/tuple.h>

#include "cpp_test_helpers.h"

namespace {

using namespace tvm::ffi;  // NOLINT(build/namespaces)
using cpptest::ExpectError;

// SPEC: ARRAY-LAYOUT
TEST(Tuple, BackedByArray) {
  Tuple<int, String, double> t(1, "two", 3.0);
  EXPECT_EQ(t.get()->type_index(), kTVMFFIArray);
  EXPECT_EQ(t.get()->size(), 3u);
  EXPECT_EQ(t.get<0>(), 1);
  EXPECT_EQ(t.get<1>(), "two");
  EXPECT_DOUBLE_EQ(t.get<2>(), 3.0);
  Tuple<int, String, double> shared = t;
  shared.Set<0>(5);  // copy-on-write
  EXPECT_EQ(t.get<0>(), 1);
  EXPECT_EQ(shared.get<0>(), 5);
  Tuple<int, int> d;
  EXPECT_EQ(d.get<1>(), 0);
}

TEST(Tuple, AnyConversion) {
  Any boxed = Tuple<int, String>(1, "x");
  EXPECT_EQ(boxed.type_index(), kTVMFFIArray);
  auto back = boxed.cast<Tuple<int, String>>();
  EXPECT_EQ(back.get<1>(), "x");
  Array<Any> arr = boxed.cast<Array<Any>>();
  EXPECT_EQ(arr.size(), 2u);
  // int -> double converts element-wise into a new Tuple.
  auto converted = boxed.cast<Tuple<double, String>>();
  EXPECT_DOUBLE_EQ(converted.get<0>(), 1.0);
  ExpectError([&] { (void)boxed.cast<Tuple<int, int>>(); }, "TypeError", "Array[index 1: ");
  ExpectError([&] { (void)boxed.cast<Tuple<int>>(); }, "TypeError", "Array[size=2]");
  Function swap = Function::FromTyped(
      [](Tuple<int, String> in) { return Tuple<String, int>(in.get<1>(), in.get<0>()); });
  auto swapped = swap(Array<Any>{Any(3), Any(String("y"))}).cast<Tuple<String, int>>();
  EXPECT_EQ(swapped.get<0>(), "y");
  EXPECT_EQ(swapped.get<1>(), 3);
}

}  // namespace
