// ffi/c/tests/test_error.cc: the thread-local error slot, Error object
// layout, backtrace updates and format, cause chains.
#include <gtest/gtest.h>
#include <tvm/ffi/c_api.h>

#include <atomic>
#include <cstring>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "test_helpers.h"

namespace {

using namespace tvm_ffi_test;

// ---------------------------------------------------------------------------
// The thread-local slot
// ---------------------------------------------------------------------------

// SPEC: ERR-TLS-SLOT
TEST(ErrorSlot, SetRaisedFromCStrThenMoveFromRaisedGivesErrorWithKindMessageAndBacktrace) {
  ClearRaised();
  TVMFFIErrorSetRaisedFromCStr("ValueError", "the message text");
  TVMFFIObjectHandle err = nullptr;
  TVMFFIErrorMoveFromRaised(&err);
  ASSERT_NE(err, nullptr);
  EXPECT_EQ(TypeIndexOf(err), kTVMFFIError);
  EXPECT_EQ(ErrorKind(err), "ValueError");
  EXPECT_EQ(ErrorMessage(err), "the message text");
  const TVMFFIErrorCell* cell = TVMFFIErrorGetCellPtr(err);
  EXPECT_NE(cell->backtrace.data, nullptr);
  EXPECT_NE(cell->update_backtrace, nullptr);
  EXPECT_EQ(cell->cause_chain, nullptr);
  EXPECT_EQ(cell->extra_context, nullptr);
  EXPECT_EQ(StrongCount(err), 1u) << "the caller owns the only reference after the move";
  TVMFFIObjectDecRef(err);
}

// SPEC: ERR-TLS-SLOT
TEST(ErrorSlot, MoveFromRaisedWithNothingRaisedGivesNull) {
  ClearRaised();
  TVMFFIObjectHandle err = reinterpret_cast<TVMFFIObjectHandle>(0x1);
  TVMFFIErrorMoveFromRaised(&err);
  EXPECT_EQ(err, nullptr);
}

// SPEC: ERR-MOVE-FROM-RAISED
TEST(ErrorSlot, SecondMoveFromRaisedAfterAMoveGivesNull) {
  TVMFFIErrorSetRaisedFromCStr("TypeError", "once");
  TVMFFIObjectHandle first = nullptr, second = reinterpret_cast<TVMFFIObjectHandle>(0x1);
  TVMFFIErrorMoveFromRaised(&first);
  TVMFFIErrorMoveFromRaised(&second);
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(second, nullptr);
  EXPECT_EQ(ErrorKind(first), "TypeError");
  TVMFFIObjectDecRef(first);
}

// SPEC: ERR-SET-RAISED
TEST(ErrorSlot, SetRaisedBorrowsItsArgumentAndTheSlotKeepsItsOwnReference) {
  ClearRaised();
  TVMFFIObjectHandle err = MakeError("KeyError", "borrowed");
  ASSERT_NE(err, nullptr);
  ASSERT_EQ(StrongCount(err), 1u);
  TVMFFIErrorSetRaised(err);
  EXPECT_EQ(StrongCount(err), 2u) << "the slot takes its own reference";
  TVMFFIObjectDecRef(err);  // drop ours; the slot keeps the error alive
  EXPECT_EQ(StrongCount(err), 1u);
  TVMFFIObjectHandle moved = nullptr;
  TVMFFIErrorMoveFromRaised(&moved);
  EXPECT_EQ(moved, err) << "the same object comes back";
  ASSERT_NE(moved, nullptr);
  EXPECT_EQ(StrongCount(moved), 1u) << "the move transfers the slot's reference";
  EXPECT_EQ(ErrorMessage(moved), "borrowed");
  TVMFFIObjectDecRef(moved);
}

// SPEC: ERR-SET-RAISED
TEST(ErrorSlot, RaisingASecondErrorReleasesTheSlotsReferenceToTheFirst) {
  ClearRaised();
  TVMFFIObjectHandle e1 = MakeError("ValueError", "first");
  TVMFFIObjectHandle e2 = MakeError("TypeError", "second");
  TVMFFIErrorSetRaised(e1);
  ASSERT_EQ(StrongCount(e1), 2u);
  TVMFFIErrorSetRaised(e2);
  EXPECT_EQ(StrongCount(e1), 1u) << "replaced error is released by the slot";
  EXPECT_EQ(StrongCount(e2), 2u);
  EXPECT_RAISED("TypeError", "second");
  EXPECT_EQ(StrongCount(e2), 1u);
  TVMFFIObjectDecRef(e1);
  TVMFFIObjectDecRef(e2);
}

// SPEC: ERR-TLS-SLOT, ERR-CSTR-PARTS
TEST(ErrorSlot, SetRaisedFromCStrPartsJoinsOnlyTheNonNullParts) {
  const char* parts[] = {"alpha", nullptr, "-beta", "", nullptr, "-gamma"};
  TVMFFIErrorSetRaisedFromCStrParts("AttributeError", parts, 6);
  TVMFFIObjectHandle err = nullptr;
  TVMFFIErrorMoveFromRaised(&err);
  ASSERT_NE(err, nullptr);
  EXPECT_EQ(ErrorKind(err), "AttributeError");
  EXPECT_EQ(ErrorMessage(err), "alpha-beta-gamma");
  TVMFFIObjectDecRef(err);
  TVMFFIErrorSetRaisedFromCStrParts("IndexError", parts, 0);
  EXPECT_RAISED("IndexError", "");
}

// SPEC: EXT-NULL-ARGS, ERR-SET-FROM-CSTR, EXT-NON-INT-RETURNS
TEST(ErrorSlot, SetRaisedFromCStrNullKindMeansRuntimeErrorAndNullMessageMeansEmpty) {
  TVMFFIErrorSetRaisedFromCStr(nullptr, nullptr);
  TVMFFIObjectHandle err = nullptr;
  TVMFFIErrorMoveFromRaised(&err);
  ASSERT_NE(err, nullptr);
  EXPECT_EQ(ErrorKind(err), "RuntimeError");
  EXPECT_EQ(ErrorMessage(err), "");
  TVMFFIObjectDecRef(err);
}

// SPEC: ERR-TLS-SLOT
TEST(ErrorThreads, ErrorRaisedInOneThreadIsNotVisibleInAnother) {
  ClearRaised();
  TVMFFIErrorSetRaisedFromCStr("ValueError", "main thread error");
  std::atomic<bool> other_saw_error{true};
  std::atomic<bool> other_own_ok{false};
  std::thread t([&] {
    TVMFFIObjectHandle err = nullptr;
    TVMFFIErrorMoveFromRaised(&err);
    other_saw_error = (err != nullptr);
    if (err != nullptr) TVMFFIObjectDecRef(err);
    // The other thread raises its own error and takes it back.
    TVMFFIErrorSetRaisedFromCStr("TypeError", "worker thread error");
    TVMFFIErrorMoveFromRaised(&err);
    other_own_ok = err != nullptr && ErrorKind(err) == "TypeError";
    if (err != nullptr) TVMFFIObjectDecRef(err);
    // And leaves one raised that must die with the thread.
    TVMFFIErrorSetRaisedFromCStr("KeyError", "left behind in the worker");
  });
  t.join();
  EXPECT_FALSE(other_saw_error.load());
  EXPECT_TRUE(other_own_ok.load());
  // The main thread still has exactly its own error.
  EXPECT_RAISED("ValueError", "main thread error");
  EXPECT_NOTHING_RAISED();
}

// ---------------------------------------------------------------------------
// Error objects
// ---------------------------------------------------------------------------

// SPEC: ERR-LAYOUT, ERR-CELL-OWNS
TEST(ErrorLayout, ErrorCreatePutsKindMessageBacktraceInTheCellAt24) {
  TVMFFIByteArray kind = ByteArray("ValueError");
  std::string msg_storage = "message with an embedded";
  msg_storage.push_back('\0');
  msg_storage += "nul";
  TVMFFIByteArray msg = ByteArray(msg_storage);
  TVMFFIByteArray bt = ByteArray("  File \"x.cc\", line 1, in f\n");
  TVMFFIObjectHandle err = nullptr;
  ASSERT_EQ(TVMFFIErrorCreate(&kind, &msg, &bt, &err), 0);
  ASSERT_NE(err, nullptr);
  EXPECT_EQ(TypeIndexOf(err), kTVMFFIError);
  EXPECT_EQ(CombinedCount(err), kFreshCount);
  const TVMFFIErrorCell* cell =
      reinterpret_cast<const TVMFFIErrorCell*>(static_cast<char*>(err) + 24);
  EXPECT_EQ(cell, TVMFFIErrorGetCellPtr(err));
  EXPECT_EQ(ToStdString(cell->kind), "ValueError");
  EXPECT_EQ(ToStdString(cell->message), msg_storage);
  EXPECT_EQ(cell->message.size, msg_storage.size());
  EXPECT_EQ(ToStdString(cell->backtrace), "  File \"x.cc\", line 1, in f\n");
  EXPECT_NE(cell->kind.data, kind.data) << "the error owns a copy of kind";
  EXPECT_NE(cell->message.data, msg.data) << "the error owns a copy of the message";
  EXPECT_NE(cell->update_backtrace, nullptr);
  EXPECT_EQ(cell->cause_chain, nullptr);
  EXPECT_EQ(cell->extra_context, nullptr);
  TVMFFIObjectDecRef(err);
}

// SPEC: ERR-LAYOUT, ERR-CREATE-NO-TLS
TEST(ErrorLayout, ErrorCreateDoesNotTouchTheRaisedSlot) {
  ClearRaised();
  TVMFFIErrorSetRaisedFromCStr("KeyError", "already raised");
  TVMFFIObjectHandle err = MakeError("ValueError", "created, not raised");
  ASSERT_NE(err, nullptr);
  EXPECT_RAISED("KeyError", "already raised");
  TVMFFIObjectDecRef(err);
  EXPECT_NOTHING_RAISED();
}

// SPEC: EXT-NULL-ARGS, ERR-CREATE-NO-TLS
TEST(ErrorLayout, ErrorCreateWithNullOutputReturnsMinusOneAndLeavesTheSlotEmpty) {
  ClearRaised();
  TVMFFIByteArray kind = ByteArray("ValueError"), msg = ByteArray("m"), bt = ByteArray("");
  EXPECT_EQ(TVMFFIErrorCreate(&kind, &msg, &bt, nullptr), -1);
  EXPECT_NOTHING_RAISED();
}

// SPEC: EXT-NULL-ARGS, ERR-CREATE-NO-TLS
TEST(ErrorLayout, ErrorCreateWithAnyNullArgumentReturnsMinusOneAndLeavesTheSlotEmpty) {
  ClearRaised();
  TVMFFIByteArray kind = ByteArray("ValueError"), msg = ByteArray("m"), bt = ByteArray("");
  TVMFFIObjectHandle out = reinterpret_cast<TVMFFIObjectHandle>(0x1);
  EXPECT_EQ(TVMFFIErrorCreate(nullptr, &msg, &bt, &out), -1) << "NULL kind";
  EXPECT_EQ(TVMFFIErrorCreate(&kind, nullptr, &bt, &out), -1) << "NULL message";
  EXPECT_EQ(TVMFFIErrorCreate(&kind, &msg, nullptr, &out), -1) << "NULL backtrace";
  EXPECT_EQ(out, reinterpret_cast<TVMFFIObjectHandle>(0x1)) << "out untouched";
  if (out != reinterpret_cast<TVMFFIObjectHandle>(0x1)) TVMFFIObjectDecRef(out);
  EXPECT_NOTHING_RAISED();
}

// SPEC: ERR-LAYOUT, ERR-UPDATE-BACKTRACE, ERR-BACKTRACE-APPEND
TEST(ErrorBacktraceUpdate, ReplaceModeOverwritesAndAppendModeConcatenates) {
  TVMFFIObjectHandle err = MakeError("RuntimeError", "m", "  File \"a.cc\", line 1, in a\n");
  ASSERT_NE(err, nullptr);
  TVMFFIErrorCell* cell = TVMFFIErrorGetCellPtr(err);
  TVMFFIByteArray outer = ByteArray("  File \"b.cc\", line 2, in b\n");
  cell->update_backtrace(err, &outer, kTVMFFIBacktraceUpdateModeAppend);
  EXPECT_EQ(ToStdString(cell->backtrace),
            "  File \"a.cc\", line 1, in a\n  File \"b.cc\", line 2, in b\n");
  TVMFFIByteArray repl = ByteArray("  File \"c.cc\", line 3, in c\n");
  cell->update_backtrace(err, &repl, kTVMFFIBacktraceUpdateModeReplace);
  EXPECT_EQ(ToStdString(cell->backtrace), "  File \"c.cc\", line 3, in c\n");
  cell->update_backtrace(err, &outer, kTVMFFIBacktraceUpdateModeAppend);
  EXPECT_EQ(ToStdString(cell->backtrace),
            "  File \"c.cc\", line 3, in c\n  File \"b.cc\", line 2, in b\n");
  EXPECT_EQ(ToStdString(cell->kind), "RuntimeError") << "kind untouched";
  EXPECT_EQ(ToStdString(cell->message), "m") << "message untouched";
  TVMFFIObjectDecRef(err);
}

// SPEC: ERR-CAUSE-CONTEXT
TEST(ErrorCause, CreateWithCauseAndExtraContextKeepsAReferenceToEach) {
  TVMFFIObjectHandle cause = MakeError("KeyError", "the root cause");
  TVMFFIObjectHandle ctx = MakeHeapString("some extra context object");
  ASSERT_NE(cause, nullptr);
  ASSERT_NE(ctx, nullptr);
  TVMFFIByteArray kind = ByteArray("RuntimeError"), msg = ByteArray("wrapper"), bt = ByteArray("");
  TVMFFIObjectHandle err = nullptr;
  ASSERT_EQ(TVMFFIErrorCreateWithCauseAndExtraContext(&kind, &msg, &bt, cause, ctx, &err), 0);
  ASSERT_NE(err, nullptr);
  EXPECT_EQ(StrongCount(cause), 2u);
  EXPECT_EQ(StrongCount(ctx), 2u);
  const TVMFFIErrorCell* cell = TVMFFIErrorGetCellPtr(err);
  EXPECT_EQ(cell->cause_chain, cause);
  EXPECT_EQ(cell->extra_context, ctx);
  EXPECT_EQ(ToStdString(cell->kind), "RuntimeError");
  EXPECT_EQ(ToStdString(cell->message), "wrapper");
  TVMFFIObjectDecRef(err);
  EXPECT_EQ(StrongCount(cause), 1u) << "the dying error releases its cause";
  EXPECT_EQ(StrongCount(ctx), 1u) << "the dying error releases its context";
  TVMFFIObjectDecRef(cause);
  TVMFFIObjectDecRef(ctx);
}

// SPEC: ERR-CAUSE-CONTEXT
TEST(ErrorCause, NullCauseAndNullContextAreAllowed) {
  TVMFFIByteArray kind = ByteArray("ValueError"), msg = ByteArray("plain"), bt = ByteArray("");
  TVMFFIObjectHandle err = nullptr;
  ASSERT_EQ(TVMFFIErrorCreateWithCauseAndExtraContext(&kind, &msg, &bt, nullptr, nullptr, &err), 0);
  ASSERT_NE(err, nullptr);
  EXPECT_EQ(TVMFFIErrorGetCellPtr(err)->cause_chain, nullptr);
  EXPECT_EQ(TVMFFIErrorGetCellPtr(err)->extra_context, nullptr);
  TVMFFIObjectDecRef(err);
}

// SPEC: ERR-CAUSE-CONTEXT
TEST(ErrorCause, NonErrorCauseReturnsMinusOneAndCreatesNothing) {
  TVMFFIObjectHandle not_an_error = MakeHeapString("i am a string, not an error");
  ASSERT_NE(not_an_error, nullptr);
  TVMFFIByteArray kind = ByteArray("ValueError"), msg = ByteArray("m"), bt = ByteArray("");
  TVMFFIObjectHandle err = reinterpret_cast<TVMFFIObjectHandle>(0x1);
  EXPECT_EQ(
      TVMFFIErrorCreateWithCauseAndExtraContext(&kind, &msg, &bt, not_an_error, nullptr, &err), -1);
  EXPECT_EQ(err, reinterpret_cast<TVMFFIObjectHandle>(0x1)) << "out must be left untouched";
  EXPECT_EQ(StrongCount(not_an_error), 1u);
  EXPECT_NOTHING_RAISED() << "fails as TVMFFIErrorCreate does: by return code only";
  TVMFFIObjectDecRef(not_an_error);
}

// ---------------------------------------------------------------------------
// Backtraces
// ---------------------------------------------------------------------------

std::vector<std::string> SplitLines(const std::string& s) {
  std::vector<std::string> lines;
  std::istringstream in(s);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

// True when line is `  File "<file>", line <digits>, in <func>` with a non-empty func.
bool IsFrameLine(const std::string& line) {
  const std::string head = "  File \"";
  if (line.compare(0, head.size(), head) != 0) return false;
  size_t pos = line.rfind("\", line ");
  if (pos == std::string::npos || pos < head.size()) return false;
  pos += 8;  // past `", line `
  size_t digits = 0;
  while (pos + digits < line.size() && line[pos + digits] >= '0' && line[pos + digits] <= '9') {
    ++digits;
  }
  if (digits == 0) return false;
  pos += digits;
  const std::string in = ", in ";
  return line.compare(pos, in.size(), in) == 0 && line.size() > pos + in.size();
}

// SPEC: ERR-BACKTRACE-ORDER, ERR-BACKTRACE-API
TEST(ErrorBacktrace, GivenLocationIsTheFirstMostRecentFrame) {
  const TVMFFIByteArray* bt = TVMFFIBacktrace("my_file.cc", 42, "MyFunction", 0);
  ASSERT_NE(bt, nullptr);
  std::string text = ToStdString(*bt);
  std::vector<std::string> lines = SplitLines(text);
  ASSERT_FALSE(lines.empty()) << text;
  EXPECT_EQ(lines[0], "  File \"my_file.cc\", line 42, in MyFunction") << text;
}

// SPEC: ERR-BACKTRACE-FORMAT
TEST(ErrorBacktrace, EveryFrameIsFormattedAsPythonStyleFileLineIn) {
  const TVMFFIByteArray* bt = TVMFFIBacktrace("fmt.cc", 7, "FormatCheck", 1);
  ASSERT_NE(bt, nullptr);
  std::string text = ToStdString(*bt);
  std::vector<std::string> lines = SplitLines(text);
  ASSERT_FALSE(lines.empty());
  for (const std::string& line : lines) {
    EXPECT_TRUE(IsFrameLine(line)) << "bad frame line: [" << line << "]";
  }
  EXPECT_EQ(text.back(), '\n') << "each frame ends with a newline";
}

// SPEC: ERR-BACKTRACE-FORMAT, ERR-BACKTRACE-API
TEST(ErrorBacktrace, ReturnedBufferIsPerThread) {
  const TVMFFIByteArray* mine = TVMFFIBacktrace("main_thread.cc", 1, "MainThread", 0);
  std::string before = ToStdString(*mine);
  const TVMFFIByteArray* theirs = nullptr;
  std::thread t([&] { theirs = TVMFFIBacktrace("worker.cc", 2, "Worker", 0); });
  t.join();
  EXPECT_NE(theirs, mine) << "each thread has its own buffer";
  EXPECT_EQ(ToStdString(*mine), before) << "another thread must not overwrite ours";
}

// SPEC: ERR-BACKTRACE-ORDER
TEST(ErrorBacktrace, RaisedFromCStrCarriesACapturedBacktraceInFrameFormat) {
  TVMFFIErrorSetRaisedFromCStr("ValueError", "with backtrace");
  TVMFFIObjectHandle err = nullptr;
  TVMFFIErrorMoveFromRaised(&err);
  ASSERT_NE(err, nullptr);
  std::string bt = ErrorBacktrace(err);
  for (const std::string& line : SplitLines(bt)) {
    EXPECT_TRUE(IsFrameLine(line)) << "bad frame line: [" << line << "]";
  }
  TVMFFIObjectDecRef(err);
}

}  // namespace
