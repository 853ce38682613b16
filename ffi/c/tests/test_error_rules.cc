// ffi/c/tests/test_error_rules.cc: §6 error rules: raising from C strings, TVMFFIErrorCreate
// never touching the slot, succeeding calls keeping a pending error, what an Error owns,
// update_backtrace, appending frames across layers, and the TVMFFIBacktrace contract.
#include <dlfcn.h>
#include <gtest/gtest.h>
#include <tvm/ffi/c_api.h>
#include <tvm/ffi/extra/c_env_api.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "test_helpers.h"

namespace {

using namespace tvm_ffi_test;

std::vector<std::string> FrameLines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

// The file name backtraces use for frames of this test executable.
std::string ThisBinary() {
  Dl_info info;
  std::memset(&info, 0, sizeof(info));
  dladdr(reinterpret_cast<void*>(&ThisBinary), &info);
  return info.dli_fname != nullptr ? info.dli_fname : "";
}

TVMFFIObjectHandle TakeRaised() {
  TVMFFIObjectHandle err = nullptr;
  TVMFFIErrorMoveFromRaised(&err);
  return err;
}

// ---------------------------------------------------------------------------
// §6.1 raising
// ---------------------------------------------------------------------------

// SPEC: ERR-SET-FROM-CSTR, EXT-NON-INT-RETURNS
TEST(ErrorFromCStr, RaisedErrorCarriesABacktraceCapturedAtTheCallSite) {
  TVMFFIErrorSetRaisedFromCStr("ValueError", "with a backtrace");
  TVMFFIObjectHandle err = TakeRaised();
  ASSERT_NE(err, nullptr);
  EXPECT_EQ(ErrorKind(err), "ValueError");
  EXPECT_EQ(ErrorMessage(err), "with a backtrace");
  std::vector<std::string> frames = FrameLines(ErrorBacktrace(err));
  ASSERT_FALSE(frames.empty()) << "a backtrace was captured";
  // The most recent frame is the caller in this executable, not runtime internals.
  std::string binary = ThisBinary();
  ASSERT_FALSE(binary.empty());
  EXPECT_EQ(frames[0].rfind("  File \"" + binary + "\"", 0), 0u) << frames[0];
  for (const std::string& f : frames) {
    EXPECT_EQ(f.find("TVMFFIErrorSetRaisedFromCStr"), std::string::npos) << f;
  }
  TVMFFIObjectDecRef(err);
  // NULL kind means RuntimeError, NULL message means empty.
  TVMFFIErrorSetRaisedFromCStr(nullptr, "no kind");
  EXPECT_RAISED("RuntimeError", "no kind");
  TVMFFIErrorSetRaisedFromCStr("KeyError", nullptr);
  err = TakeRaised();
  ASSERT_NE(err, nullptr);
  EXPECT_EQ(ErrorKind(err), "KeyError");
  EXPECT_EQ(ErrorMessage(err), "");
  EXPECT_FALSE(ErrorBacktrace(err).empty());
  TVMFFIObjectDecRef(err);
}

// SPEC: ERR-CSTR-PARTS, ERR-SET-FROM-CSTR, EXT-NON-INT-RETURNS
TEST(ErrorFromCStrParts, MessageIsTheConcatenationOfTheNonNullPartsWithABacktrace) {
  const char* parts[] = {"TVMFFIFoo: `", "arg", nullptr, "` is bad", ""};
  TVMFFIErrorSetRaisedFromCStrParts("TypeError", parts, 5);
  TVMFFIObjectHandle err = TakeRaised();
  ASSERT_NE(err, nullptr);
  EXPECT_EQ(ErrorKind(err), "TypeError");
  EXPECT_EQ(ErrorMessage(err), "TVMFFIFoo: `arg` is bad");
  EXPECT_FALSE(FrameLines(ErrorBacktrace(err)).empty());
  TVMFFIObjectDecRef(err);
  // Only the first n parts count.
  TVMFFIErrorSetRaisedFromCStrParts("TypeError", parts, 2);
  EXPECT_RAISED("TypeError", "TVMFFIFoo: `arg");
  // NULL kind and a NULL parts array.
  TVMFFIErrorSetRaisedFromCStrParts(nullptr, nullptr, 3);
  err = TakeRaised();
  ASSERT_NE(err, nullptr);
  EXPECT_EQ(ErrorKind(err), "RuntimeError");
  EXPECT_EQ(ErrorMessage(err), "");
  TVMFFIObjectDecRef(err);
}

// SPEC: ERR-CREATE-NO-TLS, ERR-CAUSE-CONTEXT
TEST(ErrorCreateNoTls, CreateSucceedingOrFailingLeavesAPendingErrorInTheSlotUntouched) {
  TVMFFIObjectHandle pending = MakeError("KeyError", "pending in the slot");
  TVMFFIErrorSetRaised(pending);
  TVMFFIByteArray k = ByteArray("ValueError"), m = ByteArray("m"), bt = ByteArray("");
  TVMFFIObjectHandle made = nullptr;
  ASSERT_EQ(TVMFFIErrorCreate(&k, &m, &bt, &made), 0);
  TVMFFIObjectDecRef(made);
  ASSERT_EQ(TVMFFIErrorCreateWithCauseAndExtraContext(&k, &m, &bt, pending, pending, &made), 0);
  TVMFFIObjectDecRef(made);
  EXPECT_EQ(TVMFFIErrorCreate(nullptr, &m, &bt, &made), -1);
  EXPECT_EQ(TVMFFIErrorCreate(&k, nullptr, &bt, &made), -1);
  EXPECT_EQ(TVMFFIErrorCreate(&k, &m, nullptr, &made), -1);
  EXPECT_EQ(TVMFFIErrorCreate(&k, &m, &bt, nullptr), -1);
  TVMFFIObjectHandle not_error = MakeHeapString("not an error object at all");
  EXPECT_EQ(TVMFFIErrorCreateWithCauseAndExtraContext(&k, &m, &bt, not_error, nullptr, &made), -1);
  EXPECT_EQ(StrongCount(not_error), 1u);
  TVMFFIObjectDecRef(not_error);
  // The slot still holds exactly the error raised before.
  TVMFFIObjectHandle still = TakeRaised();
  EXPECT_EQ(still, pending);
  if (still != nullptr) TVMFFIObjectDecRef(still);
  EXPECT_EQ(StrongCount(pending), 1u);
  TVMFFIObjectDecRef(pending);
}

int AddOne(void*, const TVMFFIAny* args, int32_t, TVMFFIAny* result) {
  *result = IntAny(args[0].v_int64 + 1);
  return 0;
}

// SPEC: ERR-RETURN-PAIRING
TEST(ErrorReturnPairing, SucceedingCallsDoNotClearAnErrorTheyDidNotConsume) {
  TVMFFIObjectHandle pending = MakeError("KeyError", "raised earlier, not yet handled");
  TVMFFIErrorSetRaised(pending);
  // A broad sample of successful calls.
  TVMFFIAny s = MakeStringAny("a heap string to make and drop");
  ReleaseAny(&s);
  TVMFFIObjectHandle fn = nullptr;
  ASSERT_EQ(TVMFFIFunctionCreate(nullptr, AddOne, nullptr, &fn), 0);
  TVMFFIAny arg = IntAny(1), result = NoneAny();
  ASSERT_EQ(TVMFFIFunctionCall(fn, &arg, 1, &result), 0);
  TVMFFIByteArray gname = ByteArray("test.error_rules.pairing.f");
  ASSERT_EQ(TVMFFIFunctionSetGlobal(&gname, fn, 1), 0);
  TVMFFIObjectHandle got = nullptr;
  ASSERT_EQ(TVMFFIFunctionGetGlobal(&gname, &got), 0);
  TVMFFIObjectDecRef(got);
  TVMFFIByteArray missing = ByteArray("test.error_rules.pairing.missing");
  ASSERT_EQ(TVMFFIFunctionGetGlobal(&missing, &got), 0);
  TVMFFIObjectIncRef(fn);
  TVMFFIObjectDecRef(fn);
  TVMFFIObjectDecRef(fn);
  TVMFFIByteArray key = ByteArray("ffi.Function");
  int32_t index = 0;
  ASSERT_EQ(TVMFFITypeKeyToIndex(&key, &index), 0);
  ASSERT_NE(TVMFFIGetTypeInfo(kTVMFFIStr), nullptr);
  TVMFFIByteArray qkey = ByteArray("test.error_rules.pairing.NoSuchType");
  ASSERT_EQ(TVMFFITypeGetOrAllocIndex(&qkey, -1, 0, 0, 0, -2), -2);
  TVMFFIByteArray col = ByteArray("__test_error_rules_no_such_column__");
  ASSERT_EQ(TVMFFIGetTypeAttrColumn(&col), nullptr);
  TVMFFIByteArray dt = ByteArray("float32x4");
  DLDataType dtype;
  ASSERT_EQ(TVMFFIDataTypeFromString(&dt, &dtype), 0);
  ASSERT_EQ(TVMFFIDataTypeToString(&dtype, &result), 0);
  ReleaseAny(&result);
  ASSERT_EQ(TVMFFIEnvSetStream(kDLCUDA, 0, nullptr, nullptr), 0);
  (void)TVMFFIEnvGetStream(kDLCUDA, 0);
  const int64_t word = 3;
  TVMFFIByteArray w{reinterpret_cast<const char*>(&word), 8};
  ASSERT_EQ(TVMFFIBigIntFromByteArray(&w, &result), 0);
  (void)TVMFFIBacktrace(nullptr, 0, nullptr, 0);
  TVMFFIVersion version;
  TVMFFIGetVersion(&version);
  TVMFFIAny view = IntAny(5), owned = NoneAny();
  ASSERT_EQ(TVMFFIAnyViewToOwnedAny(&view, &owned), 0);
  EXPECT_EQ(TVMFFIEnvCheckSignals(), 0);
  // The error raised before is still the one in the slot.
  TVMFFIObjectHandle still = TakeRaised();
  EXPECT_EQ(still, pending);
  if (still != nullptr) TVMFFIObjectDecRef(still);
  TVMFFIObjectDecRef(pending);
}

// ---------------------------------------------------------------------------
// §6.2 the Error object
// ---------------------------------------------------------------------------

// SPEC: ERR-CELL-OWNS
TEST(ErrorCellOwns, KindMessageAndBacktraceAreCopiesThatLiveAsLongAsTheError) {
  TVMFFIObjectHandle err = nullptr;
  {
    auto kind = std::make_unique<std::string>("AttributeError");
    auto msg = std::make_unique<std::string>("a message that is freed right after the call");
    auto bt = std::make_unique<std::string>("  File \"x.py\", line 3, in f\n");
    TVMFFIByteArray k = ByteArray(*kind), m = ByteArray(*msg), b = ByteArray(*bt);
    ASSERT_EQ(TVMFFIErrorCreate(&k, &m, &b, &err), 0);
  }  // freed: a cell that pointed into them would now dangle (ASan reports reads)
  ASSERT_NE(err, nullptr);
  EXPECT_EQ(ErrorKind(err), "AttributeError");
  EXPECT_EQ(ErrorMessage(err), "a message that is freed right after the call");
  EXPECT_EQ(ErrorBacktrace(err), "  File \"x.py\", line 3, in f\n");
  // Raising and taking it back keeps the same bytes alive.
  TVMFFIErrorSetRaised(err);
  TVMFFIObjectDecRef(err);
  err = TakeRaised();
  ASSERT_NE(err, nullptr);
  EXPECT_EQ(ErrorMessage(err), "a message that is freed right after the call");
  // Cause and context references die with the error, not before.
  TVMFFIObjectHandle cause = MakeError("KeyError", "cause");
  TVMFFIObjectHandle context = MakeHeapString("context object for the error");
  TVMFFIByteArray k = ByteArray("RuntimeError"), m = ByteArray("wrapper"), b = ByteArray("");
  TVMFFIObjectHandle outer = nullptr;
  ASSERT_EQ(TVMFFIErrorCreateWithCauseAndExtraContext(&k, &m, &b, cause, context, &outer), 0);
  TVMFFIObjectDecRef(cause);
  TVMFFIObjectDecRef(context);
  EXPECT_EQ(StrongCount(cause), 1u) << "now owned by the outer error only";
  EXPECT_EQ(ErrorMessage(TVMFFIErrorGetCellPtr(outer)->cause_chain), "cause");
  EXPECT_EQ(StringContent(ObjectAny(TVMFFIErrorGetCellPtr(outer)->extra_context)),
            "context object for the error");
  TVMFFIObjectDecRef(outer);  // releases both (ASan/LSan report a leak otherwise)
  TVMFFIObjectDecRef(err);
}

// Every way the runtime makes an Error.
std::vector<TVMFFIObjectHandle> ErrorsFromEveryPath() {
  std::vector<TVMFFIObjectHandle> out;
  out.push_back(MakeError("ValueError", "created"));
  TVMFFIErrorSetRaisedFromCStr("TypeError", "from cstr");
  out.push_back(TakeRaised());
  const char* parts[] = {"from ", "parts"};
  TVMFFIErrorSetRaisedFromCStrParts("KeyError", parts, 2);
  out.push_back(TakeRaised());
  EXPECT_EQ(TVMFFIObjectIncRef(nullptr), -1);  // the runtime's own failure
  out.push_back(TakeRaised());
  TVMFFIByteArray unknown = ByteArray("test.error_rules.unknown_type_key");
  int32_t index = 0;
  EXPECT_EQ(TVMFFITypeKeyToIndex(&unknown, &index), -1);
  out.push_back(TakeRaised());
  return out;
}

// SPEC: ERR-UPDATE-BACKTRACE, OBJ-CELL-LAYOUTS
TEST(ErrorUpdateBacktrace, EveryRuntimeErrorHasUpdateBacktraceThatReplacesOrAppends) {
  EXPECT_EQ(static_cast<int>(kTVMFFIBacktraceUpdateModeReplace), 0);
  EXPECT_EQ(static_cast<int>(kTVMFFIBacktraceUpdateModeAppend), 1);
  for (TVMFFIObjectHandle err : ErrorsFromEveryPath()) {
    ASSERT_NE(err, nullptr);
    SCOPED_TRACE(ErrorKind(err) + ": " + ErrorMessage(err));
    TVMFFIErrorCell* cell = TVMFFIErrorGetCellPtr(err);
    ASSERT_NE(cell->update_backtrace, nullptr);
    std::string kind = ErrorKind(err), message = ErrorMessage(err);
    TVMFFIByteArray first = ByteArray("  File \"a.cc\", line 1, in a\n");
    TVMFFIByteArray second = ByteArray("  File \"b.cc\", line 2, in b\n");
    cell->update_backtrace(err, &first, kTVMFFIBacktraceUpdateModeReplace);
    EXPECT_EQ(ErrorBacktrace(err), ToStdString(first));
    cell->update_backtrace(err, &second, kTVMFFIBacktraceUpdateModeAppend);
    EXPECT_EQ(ErrorBacktrace(err), ToStdString(first) + ToStdString(second));
    cell->update_backtrace(err, &second, kTVMFFIBacktraceUpdateModeReplace);
    EXPECT_EQ(ErrorBacktrace(err), ToStdString(second));
    EXPECT_EQ(ErrorKind(err), kind);
    EXPECT_EQ(ErrorMessage(err), message);
    TVMFFIObjectDecRef(err);
  }
}

int InnerRaises(void*, const TVMFFIAny*, int32_t, TVMFFIAny*) {
  TVMFFIByteArray k = ByteArray("ValueError"), m = ByteArray("from the inner layer");
  TVMFFIByteArray bt = ByteArray("  File \"inner.cc\", line 10, in Inner\n");
  TVMFFIObjectHandle err = nullptr;
  if (TVMFFIErrorCreate(&k, &m, &bt, &err) != 0) return -1;
  TVMFFIErrorSetRaised(err);
  TVMFFIObjectDecRef(err);
  return -1;
}

// SPEC: ERR-BACKTRACE-APPEND, ERR-BACKTRACE-ORDER
TEST(ErrorBacktraceAppend, OuterLayersAppendTheirOlderFramesAfterTheInnerOnes) {
  TVMFFIObjectHandle inner = nullptr;
  ASSERT_EQ(TVMFFIFunctionCreate(nullptr, InnerRaises, nullptr, &inner), 0);
  TVMFFIAny result = NoneAny();
  ASSERT_EQ(TVMFFIFunctionCall(inner, nullptr, 0, &result), -1);
  // The middle layer catches it, appends its own frame, and re-raises it.
  TVMFFIObjectHandle err = TakeRaised();
  ASSERT_NE(err, nullptr);
  const TVMFFIByteArray* mine = TVMFFIBacktrace("middle.py", 20, "Middle", 0);
  TVMFFIByteArray first_frame{mine->data, std::string(mine->data, mine->size).find('\n') + 1};
  TVMFFIErrorGetCellPtr(err)->update_backtrace(err, &first_frame, kTVMFFIBacktraceUpdateModeAppend);
  TVMFFIErrorSetRaised(err);
  TVMFFIObjectDecRef(err);
  // The outermost layer does the same.
  err = TakeRaised();
  ASSERT_NE(err, nullptr);
  TVMFFIByteArray outer = ByteArray("  File \"outer.py\", line 30, in <module>\n");
  TVMFFIErrorGetCellPtr(err)->update_backtrace(err, &outer, kTVMFFIBacktraceUpdateModeAppend);
  std::vector<std::string> frames = FrameLines(ErrorBacktrace(err));
  ASSERT_EQ(frames.size(), 3u) << ErrorBacktrace(err);
  EXPECT_EQ(frames[0], "  File \"inner.cc\", line 10, in Inner") << "most recent first";
  EXPECT_EQ(frames[1], "  File \"middle.py\", line 20, in Middle");
  EXPECT_EQ(frames[2], "  File \"outer.py\", line 30, in <module>");
  EXPECT_EQ(ErrorMessage(err), "from the inner layer");
  TVMFFIObjectDecRef(err);
  TVMFFIObjectDecRef(inner);
}

// ---------------------------------------------------------------------------
// §6.4 TVMFFIBacktrace
// ---------------------------------------------------------------------------

// SPEC: ERR-BACKTRACE-API
TEST(BacktraceApi, NeverNullGivenLocationFirstAndTheBufferIsReusedPerThread) {
  const TVMFFIByteArray* a = TVMFFIBacktrace(nullptr, 0, nullptr, 0);
  ASSERT_NE(a, nullptr);
  const TVMFFIByteArray* b = TVMFFIBacktrace("given.cc", 77, "GivenFunc", 0);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(a, b) << "one thread-local buffer, valid until the next call";
  std::vector<std::string> frames = FrameLines(ToStdString(*b));
  ASSERT_FALSE(frames.empty());
  EXPECT_EQ(frames[0], "  File \"given.cc\", line 77, in GivenFunc");
  const TVMFFIByteArray* c = TVMFFIBacktrace("no_func.cc", 5, nullptr, 1);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(FrameLines(ToStdString(*c)).at(0).rfind("  File \"no_func.cc\", line 5, in ", 0), 0u);
  std::string kept = ToStdString(*c);
  std::thread([] { (void)TVMFFIBacktrace("other_thread.cc", 1, "Other", 0); }).join();
  EXPECT_EQ(ToStdString(*c), kept) << "another thread's call does not touch this buffer";
}

struct BoundaryCapture {
  std::string without_crossing;
  std::string with_crossing;
};
int CaptureInsideCall(void* self, const TVMFFIAny*, int32_t, TVMFFIAny*) {
  auto* capture = static_cast<BoundaryCapture*>(self);
  capture->without_crossing = ToStdString(*TVMFFIBacktrace(nullptr, 0, nullptr, 0));
  capture->with_crossing = ToStdString(*TVMFFIBacktrace(nullptr, 0, nullptr, 1));
  return 0;
}

bool HasFrameNamed(const std::string& text, const std::string& func) {
  const std::string suffix = ", in " + func;
  for (const std::string& line : FrameLines(text)) {
    if (line.size() >= suffix.size() &&
        line.compare(line.size() - suffix.size(), suffix.size(), suffix) == 0) {
      return true;
    }
  }
  return false;
}

// SPEC: ERR-BACKTRACE-API
TEST(BacktraceApi, CaptureStopsAtTheFunctionCallFrameUnlessAskedToCrossIt) {
  BoundaryCapture capture;
  TVMFFIObjectHandle fn = nullptr;
  ASSERT_EQ(TVMFFIFunctionCreate(&capture, CaptureInsideCall, nullptr, &fn), 0);
  TVMFFIAny result = NoneAny();
  ASSERT_EQ(TVMFFIFunctionCall(fn, nullptr, 0, &result), 0);
  TVMFFIObjectDecRef(fn);
  EXPECT_FALSE(HasFrameNamed(capture.without_crossing, "TVMFFIFunctionCall"))
      << capture.without_crossing;
  EXPECT_TRUE(HasFrameNamed(capture.with_crossing, "TVMFFIFunctionCall"))
      << capture.with_crossing;
  EXPECT_LT(FrameLines(capture.without_crossing).size(),
            FrameLines(capture.with_crossing).size());
}

// In a child started by FramesInChild (marked by TVM_FFI_TEST_BACKTRACE_CHILD), print the
// number of frames TVMFFIBacktrace captures and exit before any test runs.
const bool kBacktraceChild = [] {
  if (std::getenv("TVM_FFI_TEST_BACKTRACE_CHILD") == nullptr) return false;
  const TVMFFIByteArray* bt = TVMFFIBacktrace(nullptr, 0, nullptr, 1);
  std::printf("TVM_FFI_TEST_FRAMES=%zu\n", FrameLines(ToStdString(*bt)).size());
  std::fflush(stdout);
  _exit(0);
  return true;
}();

// Runs this executable again with TVM_TRACEBACK_LIMIT=limit ("" = unset); returns the count.
int FramesInChild(const char* limit) {
  char exe[4096];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
  if (n <= 0) return -1;
  exe[n] = '\0';
  std::string cmd = limit[0] == '\0' ? "env -u TVM_TRACEBACK_LIMIT "
                                     : std::string("env TVM_TRACEBACK_LIMIT=") + limit + " ";
  cmd += std::string("TVM_FFI_TEST_BACKTRACE_CHILD=1 '") + exe + "' 2>&1";
  FILE* pipe = popen(cmd.c_str(), "r");
  if (pipe == nullptr) return -1;
  char line[1024];
  int frames = -1;
  while (std::fgets(line, sizeof(line), pipe) != nullptr) {
    std::sscanf(line, "TVM_FFI_TEST_FRAMES=%d", &frames);
  }
  pclose(pipe);
  return frames;
}

// SPEC: ERR-BACKTRACE-API
TEST(BacktraceApi, TracebackLimitEnvironmentVariableCapsTheNumberOfFrames) {
  int unlimited = FramesInChild("");
  ASSERT_GE(unlimited, 2) << "the child did not run or captured almost nothing";
  EXPECT_EQ(FramesInChild("2"), 2);
  EXPECT_EQ(FramesInChild("1"), 1);
}

}  // namespace
