// ffi/cpp/tests/test_error.cc: Error objects, throw/check macros, backtraces and the safe-call boundary.
#include <new>
#include <stdexcept>
#include <thread>

#include "cpp_test_helpers.h"

namespace cpptest {
namespace {

// A C entry point in the style of a module export.
template <typename F>
int GuardedCall(F&& body) {
  TVM_FFI_SAFE_CALL_BEGIN();
  body();
  TVM_FFI_SAFE_CALL_END();
}

TEST(Error, ThrowBuildsKindMessageAndBacktrace) {
  // SPEC: ERR-BACKTRACE-FORMAT, ERR-KIND-NAMES
  try {
    TVM_FFI_THROW(ValueError) << "bad value " << 42;
    FAIL();
  } catch (const Error& err) {
    EXPECT_EQ(err.kind(), "ValueError");
    EXPECT_EQ(err.message(), "bad value 42");
    EXPECT_STREQ(err.what(), "bad value 42");
    std::string bt = err.backtrace();
    EXPECT_EQ(bt.rfind("  File \"", 0), 0u) << bt;
    EXPECT_NE(bt.find("test_error.cc\", line "), std::string::npos) << bt;
    EXPECT_EQ(bt.back(), '\n');
  }
}

TEST(Error, ObjectLayoutMatchesTheCell) {
  // SPEC: ERR-LAYOUT, ERR-CELL-OWNS, OBJ-CELL-OFFSET
  Error err("TypeError", "message text", "  File \"f.py\", line 1, in g\n");
  const TVMFFIObject* handle = detail::ObjectUnsafe::TVMFFIObjectPtrFromObjectRef(err);
  EXPECT_EQ(handle->type_index, TypeIndex::kTVMFFIError);
  const TVMFFIErrorCell* cell = TVMFFIErrorGetCellPtr(const_cast<TVMFFIObject*>(handle));
  EXPECT_EQ(std::string(cell->kind.data, cell->kind.size), "TypeError");
  EXPECT_EQ(std::string(cell->message.data, cell->message.size), "message text");
  EXPECT_EQ(cell->message.data[cell->message.size], '\0');
  EXPECT_NE(cell->update_backtrace, nullptr);
  EXPECT_EQ(cell->cause_chain, nullptr);
  EXPECT_EQ(cell->extra_context, nullptr);
}

TEST(Error, CauseAndContextAreOwnedByTheError) {
  // SPEC: ERR-CAUSE-CONTEXT, ERR-CELL-OWNS
  Error cause("KeyError", "root cause", "");
  BaseRef context(3);
  {
    Error err("RuntimeError", "outer", "", cause, context);
    EXPECT_EQ(cause.use_count(), 2);
    EXPECT_EQ(context.use_count(), 2);
    ASSERT_TRUE(err.cause_chain().has_value());
    EXPECT_EQ(err.cause_chain()->message(), "root cause");
    EXPECT_TRUE(err.extra_context()->same_as(context));
  }
  EXPECT_EQ(cause.use_count(), 1);
  EXPECT_EQ(context.use_count(), 1);
}

TEST(Error, UpdateBacktraceReplacesOrAppends) {
  // SPEC: ERR-UPDATE-BACKTRACE, ERR-BACKTRACE-APPEND
  Error err("RuntimeError", "m", "  File \"a\", line 1, in f\n");
  std::string more = "  File \"b\", line 2, in g\n";
  TVMFFIByteArray more_bytes{more.data(), more.size()};
  err.UpdateBacktrace(&more_bytes, kTVMFFIBacktraceUpdateModeAppend);
  EXPECT_EQ(err.backtrace(), "  File \"a\", line 1, in f\n" + more);
  err.UpdateBacktrace(&more_bytes, kTVMFFIBacktraceUpdateModeReplace);
  EXPECT_EQ(err.backtrace(), more);
}

TEST(Error, FullMessagePrintsOldestFrameFirst) {
  // SPEC: ERR-BACKTRACE-ORDER, ERR-BACKTRACE-PRINT
  Error err("IndexError", "out of range",
            "  File \"inner.cc\", line 3, in inner\n  File \"outer.cc\", line 9, in outer\n");
  EXPECT_EQ(err.TracebackMostRecentCallLast(),
            "  File \"outer.cc\", line 9, in outer\n  File \"inner.cc\", line 3, in inner\n");
  EXPECT_EQ(err.FullMessage(),
            "Traceback (most recent call last):\n"
            "  File \"outer.cc\", line 9, in outer\n"
            "  File \"inner.cc\", line 3, in inner\n"
            "IndexError: out of range\n");
  EXPECT_EQ(Error("E", "m", "").TracebackMostRecentCallLast(), "");
}

TEST(Error, CheckMacrosFormatTheirMessages) {
  ExpectError([] { TVM_FFI_ICHECK(1 + 1 == 3) << "math"; }, "InternalError",
              "Check failed: (1 + 1 == 3) is false: math");
  ExpectError([] { TVM_FFI_ICHECK_EQ(1, 2) << "ints"; }, "InternalError",
              "Check failed: 1 == 2 (1 vs. 2) : ints");
  ExpectError([] { TVM_FFI_ICHECK_LT(5u, 2) << "mixed signs"; }, "InternalError", "(5 vs. 2)");
  ExpectError([] { TVM_FFI_CHECK_GE(1, 2, ValueError); }, "ValueError", "Check failed: 1 >= 2");
  ExpectError(
      [] {
        int* p = nullptr;
        TVM_FFI_ICHECK_NOTNULL(p);
      },
      "InternalError", "Check not null: p");
  int value = 7;
  int* q = TVM_FFI_ICHECK_NOTNULL(&value);
  EXPECT_EQ(*q, 7);
  TVM_FFI_ICHECK(true) << "not evaluated";
  TVM_FFI_ICHECK_NE(1, 2);
  TVM_FFI_DCHECK_LE(1, 2);
}

TEST(Error, CheckMacroDoesNotCaptureAFollowingElse) {
  bool else_taken = false;
  if (false)
    TVM_FFI_ICHECK(true) << "unused";
  else
    else_taken = true;
  EXPECT_TRUE(else_taken);
}

TEST(Error, ExceptionWhileFormattingPropagatesUnchanged) {
  auto fail = []() -> int { throw std::logic_error("formatting failed"); };
  EXPECT_THROW(TVM_FFI_THROW(ValueError) << "value " << fail(), std::logic_error);
}

TEST(SafeCall, ErrorBecomesMinusOneWithItsKind) {
  // SPEC: CALL-RETURN-CODES, ERR-MOVE-FROM-RAISED, ERR-TLS-SLOT
  EXPECT_EQ(GuardedCall([] {}), 0);
  EXPECT_EQ(GuardedCall([] { TVM_FFI_THROW(AttributeError) << "no attr"; }), -1);
  Error err = TakeRaised();
  EXPECT_EQ(err.kind(), "AttributeError");
  EXPECT_EQ(err.message(), "no attr");
  TVMFFIObjectHandle empty = nullptr;
  TVMFFIErrorMoveFromRaised(&empty);
  EXPECT_EQ(empty, nullptr);  // the slot was emptied
}

TEST(SafeCall, ForeignExceptionsAreTranslated) {
  // SPEC: ERR-FOREIGN-EXCEPTION
  EXPECT_EQ(GuardedCall([] { throw std::runtime_error("std failure"); }), -1);
  Error internal = TakeRaised();
  EXPECT_EQ(internal.kind(), "InternalError");
  EXPECT_EQ(internal.message(), "std failure");
  EXPECT_EQ(GuardedCall([] { throw std::bad_alloc(); }), -1);
  EXPECT_EQ(TakeRaised().kind(), "MemoryError");
  EXPECT_EQ(GuardedCall([] { throw 17; }), -1);
  EXPECT_EQ(TakeRaised().kind(), "InternalError");
}

TEST(SafeCall, ErrorSlotIsPerThread) {
  // SPEC: ERR-TLS-SLOT
  EXPECT_EQ(GuardedCall([] { TVM_FFI_THROW(ValueError) << "main thread"; }), -1);
  std::thread other([] {
    TVMFFIObjectHandle seen = nullptr;
    TVMFFIErrorMoveFromRaised(&seen);
    EXPECT_EQ(seen, nullptr);
  });
  other.join();
  EXPECT_EQ(TakeRaised().message(), "main thread");
}

TEST(SafeCall, CheckSafeCallRethrowsRuntimeErrors) {
  // SPEC: EXT-KIND-CHOICES, REG-KEY-TO-INDEX
  ExpectError([] { TypeKeyToIndex("cpptest.NoSuchType"); }, "KeyError", "cpptest.NoSuchType");
  TVMFFIErrorSetRaisedFromCStr("ValueError", "raised by the runtime");
  Error err = TakeRaised();
  EXPECT_EQ(err.kind(), "ValueError");
  EXPECT_STREQ(err.what(), "raised by the runtime");
  EXPECT_FALSE(err.backtrace().empty());  // SPEC: ERR-SET-FROM-CSTR
}

TEST(SafeCall, MissingErrorAfterFailureIsReported) {
  // SPEC: ERR-RETURN-PAIRING
  try {
    TVM_FFI_CHECK_SAFE_CALL(-1);
    FAIL();
  } catch (const Error& err) {
    EXPECT_EQ(err.kind(), "InternalError");
  }
}

TEST(Error, EnvErrorAlreadySetHasItsKind) {
  // SPEC: ERR-ENV-ALREADY-SET
  Error err = EnvErrorAlreadySet();
  EXPECT_EQ(err.kind(), "EnvErrorAlreadySet");
  EXPECT_EQ(err.message(), "");
}

TEST(Error, IsAnExceptionAndAnObjectRef) {
  Error err("RuntimeError", "both", "");
  const std::exception& as_exception = err;
  EXPECT_STREQ(as_exception.what(), "both");
  Any held = err;
  EXPECT_EQ(held.type_index(), TypeIndex::kTVMFFIError);
  EXPECT_EQ(held.cast<Error>().message(), "both");
  EXPECT_EQ(held.GetTypeKey(), "ffi.Error");
}

}  // namespace
}  // namespace cpptest
