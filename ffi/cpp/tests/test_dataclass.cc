// ffi/cpp/tests/test_dataclass.cc: the C++ API of tvm/ffi/extra/dataclass.h (DeepCopy,
// ReprPrint, Recursive*), which the ffi.DeepCopy / ffi.ReprPrint / ffi.Recursive* globals call.
#include <tvm/ffi/container/array.h>
#include <tvm/ffi/container/list.h>
#include <tvm/ffi/container/map.h>
#include <tvm/ffi/extra/dataclass.h>
#include <tvm/ffi/function.h>

#include "cpp_test_helpers.h"

namespace {

namespace ffi = ::tvm::ffi;

TEST(Dataclass, ReprPrintOfValuesAndContainers) {
  EXPECT_EQ(std::string(ffi::ReprPrint(ffi::Any())), "None");
  EXPECT_EQ(std::string(ffi::ReprPrint(ffi::Any(true))), "True");
  EXPECT_EQ(std::string(ffi::ReprPrint(ffi::Any(2.5))), "2.5");
  ffi::Array<ffi::Any> value{1, ffi::String("a"), ffi::Map<ffi::String, int>{{"k", 2}}};
  EXPECT_EQ(std::string(ffi::ReprPrint(value)), "(1, \"a\", {\"k\": 2})");
  ffi::List<ffi::Any> list{1, 2};
  list.push_back(list);  // a cycle prints as "..."
  EXPECT_EQ(std::string(ffi::ReprPrint(list)), "[1, 2, ...]");
  list.pop_back();  // break the cycle, which reference counting would leak
}

TEST(Dataclass, RecursiveComparisonIsByValue) {
  ffi::Array<ffi::Any> a{1, ffi::Array<ffi::Any>{2, ffi::String("x")}};
  ffi::Array<ffi::Any> b{1, ffi::Array<ffi::Any>{2, ffi::String("x")}};
  ffi::Array<ffi::Any> c{1, ffi::Array<ffi::Any>{3}};
  EXPECT_TRUE(ffi::RecursiveEq(a, b));
  EXPECT_FALSE(ffi::RecursiveEq(a, c));
  EXPECT_TRUE(ffi::RecursiveLt(a, c));
  EXPECT_TRUE(ffi::RecursiveLe(a, b));
  EXPECT_TRUE(ffi::RecursiveGt(c, a));
  EXPECT_TRUE(ffi::RecursiveGe(a, b));
  EXPECT_FALSE(ffi::RecursiveGt(a, b));
  EXPECT_EQ(ffi::RecursiveHash(a), ffi::RecursiveHash(b));
}

TEST(Dataclass, DeepCopySharesNothingMutable) {
  ffi::List<ffi::Any> inner{1, 2};
  ffi::List<ffi::Any> outer{inner, inner};
  ffi::List<ffi::Any> copied = ffi::DeepCopy(outer).cast<ffi::List<ffi::Any>>();
  EXPECT_FALSE(copied.same_as(outer));
  EXPECT_TRUE(ffi::RecursiveEq(copied, outer));
  auto first = copied[0].cast<ffi::List<ffi::Any>>();
  EXPECT_FALSE(first.same_as(inner));
  // Sharing inside the value is kept: both slots hold the same copy.
  EXPECT_TRUE(first.same_as(copied[1].cast<ffi::List<ffi::Any>>()));
}

TEST(Dataclass, BadInputThrowsTypeError) {
  ffi::Function fn = ffi::Function::FromTyped([](int x) { return x; });
  // A function has no fields to copy: a clear TypeError, not a crash.
  try {
    ffi::DeepCopy(fn);
    ADD_FAILURE() << "DeepCopy of a Function did not throw";
  } catch (const ffi::Error& e) {
    EXPECT_EQ(e.kind(), "TypeError");
    EXPECT_NE(e.message().find("ffi.DeepCopy"), std::string::npos) << e.message();
  }
}

}  // namespace
