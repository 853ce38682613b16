// ffi/cpp/tests/test_expected.cc: Expected<T>, Unexpected and the TVM_FFI_RET_CHECK macros.
#include "cpp_test_helpers.h"

namespace cpptest {
namespace {

Expected<int> Half(int x) {
  TVM_FFI_RET_CHECK(x % 2 == 0, ValueError) << "odd input " << x;
  return x / 2;
}

Expected<int> Positive(int x) {
  TVM_FFI_RET_CHECK_GT(x, 0, ValueError) << "need a positive value";
  return x;
}

Expected<void> Validate(bool ok) {
  if (!ok) return Unexpected(Error("RuntimeError", "invalid", ""));
  return {};
}

TEST(Expected, ValueOrError) {
  Expected<int> ok = Half(8);
  EXPECT_TRUE(ok.is_ok());
  EXPECT_TRUE(ok.has_value());
  EXPECT_EQ(ok.value(), 4);
  EXPECT_EQ(ok.value_or(-1), 4);
  Expected<int> bad = Half(3);
  EXPECT_TRUE(bad.is_err());
  EXPECT_EQ(bad.type_index(), TypeIndex::kTVMFFIError);
  EXPECT_EQ(bad.error().kind(), "ValueError");
  EXPECT_EQ(bad.error().message(), "Check failed: (x % 2 == 0) is false: odd input 3");
  EXPECT_EQ(bad.value_or(-1), -1);
  ExpectError([&] { bad.value(); }, "ValueError", "odd input 3");
  ExpectError([&] { ok.error(); }, "RuntimeError", "Bad expected access");
  EXPECT_NE(Positive(-2).error().message().find("Check failed: x > 0 (-2 vs. 0) : need a positive"),
            std::string::npos);
  EXPECT_NE(bad.error().backtrace().find("test_expected.cc"), std::string::npos);
}

TEST(Expected, VoidForm) {
  EXPECT_TRUE(Validate(true).is_ok());
  Expected<void> failed = Validate(false);
  EXPECT_TRUE(failed.is_err());
  ExpectError([&] { failed.value(); }, "RuntimeError", "invalid");
}

TEST(Expected, ConversionsAndAnyRoundTrip) {
  // SPEC: ANY-POD-VS-OBJECT
  Expected<DerivedRef> derived = DerivedRef(1);
  Expected<BaseRef> base = derived;
  EXPECT_EQ(base.value()->value, 1);
  Expected<Any> any = Expected<int>(5);
  EXPECT_EQ(any.value().cast<int>(), 5);
  Expected<int> typed = any.as_or_error<int>();
  EXPECT_EQ(typed.value(), 5);
  EXPECT_EQ(any.as_or_error<String>().error().kind(), "TypeError");
  Any held = Expected<int>(Error("KeyError", "k", ""));
  EXPECT_EQ(held.type_index(), TypeIndex::kTVMFFIError);
  Expected<int> back = held.cast<Expected<int>>();
  EXPECT_EQ(back.error().kind(), "KeyError");
  EXPECT_EQ(Any(9).cast<Expected<int>>().value(), 9);
  EXPECT_FALSE(Any(String("s")).try_cast<Expected<int>>().has_value());
  EXPECT_EQ(TypeTraits<Expected<int>>::TypeStr(), "Expected<int>");
}

}  // namespace
}  // namespace cpptest
