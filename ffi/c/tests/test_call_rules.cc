// ffi/c/tests/test_call_rules.cc: §5 calling convention rules: owned results, results on
// error, TVMFFIFunctionCall as a plain forward to the cell, re-entrant callees, the two
// TVMFFIFunctionCreate forms, and globals registered from a TVMFFIMethodInfo.
#include <gtest/gtest.h>
#include <tvm/ffi/c_api.h>

#include <atomic>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <string>
#include <vector>

#include "test_helpers.h"

namespace {

using namespace tvm_ffi_test;

TVMFFIObjectHandle GetGlobal(const std::string& name) {
  TVMFFIByteArray key = ByteArray(name);
  TVMFFIObjectHandle fn = nullptr;
  EXPECT_EQ(TVMFFIFunctionGetGlobal(&key, &fn), 0);
  return fn;
}

TVMFFIObjectHandle NewFunction(TVMFFISafeCallType call, void* self = nullptr,
                               void (*deleter)(void*) = nullptr) {
  TVMFFIObjectHandle fn = nullptr;
  EXPECT_EQ(TVMFFIFunctionCreate(self, call, deleter, &fn), 0);
  return fn;
}

void SetGlobal(const std::string& name, TVMFFIObjectHandle fn) {
  TVMFFIByteArray key = ByteArray(name);
  ASSERT_EQ(TVMFFIFunctionSetGlobal(&key, fn, 1), 0);
}

bool IsViewKind(int32_t t) {
  return t == kTVMFFIRawStr || t == kTVMFFIByteArrayPtr || t == kTVMFFIObjectRValueRef;
}

// ---------------------------------------------------------------------------
// Results
// ---------------------------------------------------------------------------

// SPEC: CALL-RESULT-OWNED, CALL-BORROWED-ARGS
TEST(CallResultOwned, RuntimeProvidedFunctionsReturnOwnedValuesThatTheCallerReleases) {
  struct Case {
    const char* global;
    TVMFFIAny arg;
    int32_t expect_index;
  };
  std::string long_text = "a string argument long enough for the heap";
  const Case cases[] = {
      {"ffi.String", RawStrAny("short"), kTVMFFISmallStr},
      {"ffi.String", RawStrAny(long_text.c_str()), kTVMFFIStr},
      {"ffi.Bytes", RawStrAny(long_text.c_str()), kTVMFFIBytes},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.global);
    TVMFFIObjectHandle fn = GetGlobal(c.global);
    ASSERT_NE(fn, nullptr);
    TVMFFIAny arg = c.arg;
    TVMFFIAny result = NoneAny();
    ASSERT_EQ(TVMFFIFunctionCall(fn, &arg, 1, &result), 0) << TakeRaisedDescription();
    EXPECT_FALSE(IsViewKind(result.type_index)) << "a view kind in a result";
    EXPECT_EQ(result.type_index, c.expect_index);
    if (result.type_index >= kTVMFFIStaticObjectBegin) {
      EXPECT_EQ(StrongCount(result.v_obj), 1u) << "the caller owns the only reference";
      EXPECT_NE(TVMFFIBytesGetByteArrayPtr(result.v_obj)->data, long_text.data()) << "not a view";
    }
    ReleaseAny(&result);
    TVMFFIObjectDecRef(fn);
  }
  // A Function result (the names functor) is owned too.
  TVMFFIObjectHandle list = GetGlobal("ffi.FunctionListGlobalNamesFunctor");
  ASSERT_NE(list, nullptr);
  TVMFFIAny functor = NoneAny();
  ASSERT_EQ(TVMFFIFunctionCall(list, nullptr, 0, &functor), 0);
  ASSERT_EQ(functor.type_index, kTVMFFIFunction);
  EXPECT_EQ(StrongCount(functor.v_obj), 1u);
  TVMFFIAny first = IntAny(0);
  TVMFFIAny name = NoneAny();
  ASSERT_EQ(TVMFFIFunctionCall(functor.v_obj, &first, 1, &name), 0);
  EXPECT_FALSE(IsViewKind(name.type_index));
  EXPECT_TRUE(name.type_index == kTVMFFISmallStr || name.type_index == kTVMFFIStr);
  ReleaseAny(&name);
  ReleaseAny(&functor);
  TVMFFIObjectDecRef(list);
}

// The custom dtype hooks let us observe the runtime acting as a caller.
TVMFFIObjectHandle g_name_result = nullptr;  // what the hook returns (we keep one reference)
std::atomic<int> g_name_hook_calls{0};
std::atomic<int> g_result_type_on_entry{-100};

int NameHookReturningHeldString(void*, const TVMFFIAny*, int32_t, TVMFFIAny* result) {
  g_name_hook_calls.fetch_add(1);
  g_result_type_on_entry = result->type_index;
  TVMFFIObjectIncRef(g_name_result);
  result->type_index = kTVMFFIStr;
  result->zero_padding = 0;
  result->v_obj = static_cast<TVMFFIObject*>(g_name_result);
  return 0;
}

// SPEC: CALL-RESULT-OWNED, CALL-RESULT-NONE
TEST(CallResultOwned, RuntimeAsCallerPresetsNoneAndReleasesTheResultItReceives) {
  g_name_result = MakeHeapString("my_custom_dtype_name");
  ASSERT_NE(g_name_result, nullptr);
  TVMFFIObjectHandle hook = NewFunction(NameHookReturningHeldString);
  SetGlobal("dtype.get_custom_type_name", hook);
  TVMFFIObjectDecRef(hook);
  g_name_hook_calls = 0;
  DLDataType t{200, 16, 1};
  TVMFFIAny printed = NoneAny();
  ASSERT_EQ(TVMFFIDataTypeToString(&t, &printed), 0) << TakeRaisedDescription();
  EXPECT_EQ(g_name_hook_calls.load(), 1);
  EXPECT_EQ(g_result_type_on_entry.load(), kTVMFFINone) << "the caller pre-sets None";
  EXPECT_EQ(StringContent(printed).rfind("custom[my_custom_dtype_name]", 0), 0u)
      << StringContent(printed);
  ReleaseAny(&printed);
  EXPECT_EQ(StrongCount(g_name_result), 1u) << "the runtime released the owned result";
  TVMFFIObjectDecRef(g_name_result);
  TVMFFIObjectHandle remove = GetGlobal("ffi.FunctionRemoveGlobal");
  TVMFFIAny arg = RawStrAny("dtype.get_custom_type_name");
  TVMFFIAny removed = NoneAny();
  ASSERT_EQ(TVMFFIFunctionCall(remove, &arg, 1, &removed), 0);
  TVMFFIObjectDecRef(remove);
}

// A misbehaving callee that fails but leaves an object in *result.
DeleterLog g_garbage_log;
RecordingObject* g_garbage = nullptr;
int FailingHookLeavingGarbage(void*, const TVMFFIAny*, int32_t, TVMFFIAny* result) {
  result->type_index = kTVMFFIStr;
  result->zero_padding = 0;
  result->v_obj = &g_garbage->header;
  TVMFFIErrorSetRaisedFromCStr("ValueError", "hook failed");
  return -1;
}

// SPEC: CALL-RESULT-ON-ERROR, CALL-FUNCTION-CALL
TEST(CallResultOnError, CallersDoNotReadOrReleaseTheResultOfAFailedCall) {
  {
    std::lock_guard<std::mutex> lock(g_garbage_log.mu);
    g_garbage_log.flags.clear();
  }
  g_garbage = NewRecordingObject(&g_garbage_log, kTVMFFIStr);
  TVMFFIObjectHandle hook = NewFunction(FailingHookLeavingGarbage);
  // TVMFFIFunctionCall hands back -1 and leaves *result as the callee wrote it.
  TVMFFIAny result = NoneAny();
  EXPECT_EQ(TVMFFIFunctionCall(hook, nullptr, 0, &result), -1);
  EXPECT_RAISED("ValueError", "hook failed");
  EXPECT_EQ(CombinedCount(g_garbage), kFreshCount);
  // The runtime as a caller (custom dtype parsing) must not release it either.
  SetGlobal("dtype.get_custom_type_code", hook);
  TVMFFIByteArray text = ByteArray("custom[whatever]32");
  DLDataType t{0, 0, 0};
  EXPECT_EQ(TVMFFIDataTypeFromString(&text, &t), -1);
  EXPECT_RAISED("ValueError", "hook failed");
  SetGlobal("dtype.get_custom_type_name", hook);
  DLDataType custom{150, 8, 1};
  TVMFFIAny printed = IntAny(4);
  EXPECT_EQ(TVMFFIDataTypeToString(&custom, &printed), -1);
  EXPECT_RAISED("ValueError", "hook failed");
  EXPECT_EQ(printed.type_index, kTVMFFIInt) << "the failed call's output is untouched";
  EXPECT_EQ(CombinedCount(g_garbage), kFreshCount) << "nobody released the garbage result";
  EXPECT_TRUE(g_garbage_log.Snapshot().empty());
  TVMFFIObjectHandle remove = GetGlobal("ffi.FunctionRemoveGlobal");
  for (const char* name : {"dtype.get_custom_type_code", "dtype.get_custom_type_name"}) {
    TVMFFIAny arg = RawStrAny(name);
    TVMFFIAny removed = NoneAny();
    ASSERT_EQ(TVMFFIFunctionCall(remove, &arg, 1, &removed), 0);
  }
  TVMFFIObjectDecRef(remove);
  TVMFFIObjectDecRef(hook);
  TVMFFIObjectDecRef(g_garbage);
}

// ---------------------------------------------------------------------------
// TVMFFIFunctionCall
// ---------------------------------------------------------------------------

std::atomic<void*> g_seen_handle{nullptr};
int ReturnsArgAsCode(void* handle, const TVMFFIAny* args, int32_t, TVMFFIAny*) {
  g_seen_handle = handle;
  return static_cast<int>(args[0].v_int64);
}
int ReturnsMarker(void* handle, const TVMFFIAny*, int32_t, TVMFFIAny* result) {
  g_seen_handle = handle;
  *result = IntAny(4242);
  return 0;
}

// SPEC: CALL-FUNCTION-CALL, CALL-RETURN-CODES
TEST(FunctionCallForward, ReturnsTheCalleesCodeUnchangedAndCallsWhateverTheCellHolds) {
  TVMFFIObjectHandle fn = NewFunction(ReturnsArgAsCode);
  for (int code : {0, -1, -2, 1, 7}) {
    if (code == -1) TVMFFIErrorSetRaisedFromCStr("ValueError", "paired with -1");
    TVMFFIAny arg = IntAny(code);
    TVMFFIAny result = NoneAny();
    EXPECT_EQ(TVMFFIFunctionCall(fn, &arg, 1, &result), code) << "forwarded, not normalized";
    EXPECT_EQ(g_seen_handle.load(), fn) << "handle is the FunctionObj";
    ClearRaised();
  }
  // Inline code may replace safe_call in the cell; the call follows the cell.
  TVMFFIFunctionGetCellPtr(fn)->safe_call = ReturnsMarker;
  TVMFFIAny result = NoneAny();
  ASSERT_EQ(TVMFFIFunctionCall(fn, nullptr, 0, &result), 0);
  EXPECT_EQ(result.v_int64, 4242);
  EXPECT_EQ(g_seen_handle.load(), fn);
  TVMFFIObjectDecRef(fn);
}

// ---------------------------------------------------------------------------
// Re-entrancy
// ---------------------------------------------------------------------------

int Depth3(void*, const TVMFFIAny* args, int32_t, TVMFFIAny* result) {
  *result = IntAny(args[0].v_int64 + 1);
  return 0;
}
int Depth2(void*, const TVMFFIAny* args, int32_t, TVMFFIAny* result) {
  // Register a type and a global, look one up and call it, all from inside a call.
  std::string key = PerIteration("test.call_rules.reentrant.TypeMadeInsideACall");
  TVMFFIByteArray kb = ByteArray(key);
  if (TVMFFITypeGetOrAllocIndex(&kb, -1, 1, 0, 1, kTVMFFIObject) < 0) return -1;
  TVMFFIObjectHandle inner = nullptr;
  if (TVMFFIFunctionCreate(nullptr, Depth3, nullptr, &inner) != 0) return -1;
  TVMFFIByteArray name = ByteArray("test.call_rules.reentrant.depth3");
  int rc = TVMFFIFunctionSetGlobal(&name, inner, 1);
  TVMFFIObjectDecRef(inner);
  if (rc != 0) return -1;
  TVMFFIObjectHandle again = nullptr;
  if (TVMFFIFunctionGetGlobal(&name, &again) != 0 || again == nullptr) return -1;
  TVMFFIAny arg = IntAny(args[0].v_int64 + 1);
  rc = TVMFFIFunctionCall(again, &arg, 1, result);
  TVMFFIObjectDecRef(again);
  return rc;
}
int Depth1(void* self, const TVMFFIAny* args, int32_t num_args, TVMFFIAny* result) {
  TVMFFIAny arg = IntAny(args[0].v_int64 + 1);
  (void)num_args;
  return TVMFFIFunctionCall(self, &arg, 1, result);
}
int FailsDeepInside(void*, const TVMFFIAny*, int32_t, TVMFFIAny*) {
  TVMFFIErrorSetRaisedFromCStr("KeyError", "raised three calls deep");
  return -1;
}

// SPEC: CALL-REENTRANT
TEST(CallReentrant, CalleesCallBackIntoTheRuntimeIncludingOtherFunctionsOnTheSameThread) {
  TVMFFIObjectHandle depth2 = NewFunction(Depth2);
  TVMFFIObjectHandle depth1 = NewFunction(Depth1, depth2);
  TVMFFIAny arg = IntAny(10);
  TVMFFIAny result = NoneAny();
  ASSERT_EQ(TVMFFIFunctionCall(depth1, &arg, 1, &result), 0) << TakeRaisedDescription();
  EXPECT_EQ(result.type_index, kTVMFFIInt);
  EXPECT_EQ(result.v_int64, 13);
  // An error raised in the innermost call reaches the outermost caller.
  TVMFFIObjectHandle fails = NewFunction(FailsDeepInside);
  TVMFFIObjectHandle outer = NewFunction(Depth1, fails);
  result = NoneAny();
  EXPECT_EQ(TVMFFIFunctionCall(outer, &arg, 1, &result), -1);
  EXPECT_RAISED("KeyError", "raised three calls deep");
  TVMFFIObjectDecRef(outer);
  TVMFFIObjectDecRef(fails);
  TVMFFIObjectDecRef(depth1);
  TVMFFIObjectDecRef(depth2);
}

std::atomic<int> g_reentrant_deleter_ok{0};
void DeleterThatUsesTheRegistry(void*) {
  // Runs when the global that owned us is replaced: the registry must not be locked.
  TVMFFIByteArray name = ByteArray("test.call_rules.reentrant.replaced");
  TVMFFIObjectHandle current = nullptr;
  if (TVMFFIFunctionGetGlobal(&name, &current) == 0 && current != nullptr) {
    TVMFFIObjectDecRef(current);
    TVMFFIByteArray other = ByteArray("test.call_rules.reentrant.from_deleter");
    TVMFFIObjectHandle fn = nullptr;
    if (TVMFFIFunctionCreate(nullptr, Depth3, nullptr, &fn) == 0) {
      if (TVMFFIFunctionSetGlobal(&other, fn, 1) == 0) g_reentrant_deleter_ok.fetch_add(1);
      TVMFFIObjectDecRef(fn);
    }
  }
}

// SPEC: CALL-REENTRANT, EXT-THREADSAFE-REGISTRY
TEST(CallReentrant, DeleterOfAReplacedGlobalCanUseTheGlobalRegistry) {
  static int self_tag = 0;
  TVMFFIObjectHandle first = NewFunction(Depth3, &self_tag, DeleterThatUsesTheRegistry);
  SetGlobal("test.call_rules.reentrant.replaced", first);
  TVMFFIObjectDecRef(first);  // the registry holds the last reference
  TVMFFIObjectHandle second = NewFunction(Depth3);
  g_reentrant_deleter_ok = 0;
  SetGlobal("test.call_rules.reentrant.replaced", second);  // runs the deleter, no deadlock
  TVMFFIObjectDecRef(second);
  EXPECT_EQ(g_reentrant_deleter_ok.load(), 1);
  TVMFFIObjectHandle made = GetGlobal("test.call_rules.reentrant.from_deleter");
  EXPECT_NE(made, nullptr);
  if (made != nullptr) TVMFFIObjectDecRef(made);
}

// ---------------------------------------------------------------------------
// TVMFFIFunctionCreate
// ---------------------------------------------------------------------------

std::atomic<int> g_deleter_calls{0};
std::atomic<void*> g_deleter_arg{reinterpret_cast<void*>(0x1)};
void RecordDeleter(void* self) {
  g_deleter_calls.fetch_add(1);
  g_deleter_arg = self;
}

// SPEC: CALL-CREATE-DIRECT, CALL-HANDLE
TEST(FunctionCreateForms, NullSelfAndNullDeleterStoreTheCallbackItselfAndPassTheFunctionAsHandle) {
  TVMFFIObjectHandle fn = NewFunction(ReturnsMarker);
  EXPECT_EQ(TVMFFIFunctionGetCellPtr(fn)->safe_call, &ReturnsMarker);
  g_seen_handle = nullptr;
  TVMFFIAny result = NoneAny();
  ASSERT_EQ(TVMFFIFunctionCall(fn, nullptr, 0, &result), 0);
  EXPECT_EQ(g_seen_handle.load(), fn);
  // Called directly through the cell, as inline code does, it is the same.
  g_seen_handle = nullptr;
  ASSERT_EQ(TVMFFIFunctionGetCellPtr(fn)->safe_call(fn, nullptr, 0, &result), 0);
  EXPECT_EQ(g_seen_handle.load(), fn);
  TVMFFIObjectDecRef(fn);
}

// SPEC: CALL-CREATE-CLOSURE, CALL-HANDLE
TEST(FunctionCreateForms, ClosureGetsSelfAsHandleAndItsDeleterRunsExactlyOnceAtDeath) {
  int self = 0;
  struct Case {
    void* self;
    void (*deleter)(void*);
  } cases[] = {{&self, RecordDeleter}, {&self, nullptr}, {nullptr, RecordDeleter}};
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.self ? "self" : "NULL self") + ", " +
                 (c.deleter ? "deleter" : "NULL deleter"));
    g_deleter_calls = 0;
    g_deleter_arg = reinterpret_cast<void*>(0x1);
    TVMFFIObjectHandle fn = NewFunction(ReturnsMarker, c.self, c.deleter);
    g_seen_handle = reinterpret_cast<void*>(0x2);
    TVMFFIAny result = NoneAny();
    // Through TVMFFIFunctionCall and through the cell pointer alike.
    ASSERT_EQ(TVMFFIFunctionCall(fn, nullptr, 0, &result), 0);
    EXPECT_EQ(g_seen_handle.load(), c.self);
    g_seen_handle = reinterpret_cast<void*>(0x2);
    ASSERT_EQ(TVMFFIFunctionGetCellPtr(fn)->safe_call(fn, nullptr, 0, &result), 0);
    EXPECT_EQ(g_seen_handle.load(), c.self);
    TVMFFIObjectIncRef(fn);
    TVMFFIObjectDecRef(fn);
    EXPECT_EQ(g_deleter_calls.load(), 0);
    TVMFFIObjectDecRef(fn);
    EXPECT_EQ(g_deleter_calls.load(), c.deleter ? 1 : 0);
    if (c.deleter) {
      EXPECT_EQ(g_deleter_arg.load(), c.self);
    }
  }
}

// SPEC: CALL-CREATE-FAILURE, EXT-NULL-ARGS, ABI-FAILED-CALL
TEST(FunctionCreateForms, FailedCreateNeverCallsTheDeleterAndLeavesOutUnchanged) {
  int self = 0;
  g_deleter_calls = 0;
  TVMFFIObjectHandle out = reinterpret_cast<TVMFFIObjectHandle>(0x7);
  EXPECT_EQ(TVMFFIFunctionCreate(&self, nullptr, RecordDeleter, &out), -1);
  EXPECT_RAISED("ValueError", "TVMFFIFunctionCreate: `safe_call`");
  EXPECT_EQ(TVMFFIFunctionCreate(&self, ReturnsMarker, RecordDeleter, nullptr), -1);
  EXPECT_RAISED("ValueError", "TVMFFIFunctionCreate: `out`");
  EXPECT_EQ(out, reinterpret_cast<TVMFFIObjectHandle>(0x7));
  EXPECT_EQ(g_deleter_calls.load(), 0) << "the caller keeps self";
}

// ---------------------------------------------------------------------------
// TVMFFIFunctionSetGlobalFromMethodInfo
// ---------------------------------------------------------------------------

TVMFFIMethodInfo MethodInfo(const std::string& name, TVMFFIObjectHandle fn, const char* doc,
                            const char* metadata) {
  TVMFFIMethodInfo info;
  std::memset(&info, 0, sizeof(info));
  info.name = ByteArray(name);
  info.doc = ByteArray(doc);
  info.metadata = ByteArray(metadata);
  info.method = ObjectAny(fn);
  return info;
}

// SPEC: CALL-GLOBAL-METHODINFO, CALL-GLOBAL-SET
TEST(GlobalFromMethodInfo, BehavesLikeSetGlobalAndKeepsTheMetadataForGetGlobalFuncMetadata) {
  std::string name = PerIteration("test.call_rules.method_info.f");
  TVMFFIObjectHandle f1 = NewFunction(ReturnsMarker);
  TVMFFIObjectHandle f2 = NewFunction(Depth3);
  std::string meta = "{\"type_schema\": \"x\"}";
  {
    std::string doc = "the doc";
    TVMFFIMethodInfo info = MethodInfo(name, f1, doc.c_str(), meta.c_str());
    ASSERT_EQ(TVMFFIFunctionSetGlobalFromMethodInfo(&info, 0), 0);
    EXPECT_EQ(StrongCount(f1), 2u) << "retained";
    // Same name without override: RuntimeError naming the global, nothing retained.
    TVMFFIMethodInfo dup = MethodInfo(name, f2, "", "");
    EXPECT_EQ(TVMFFIFunctionSetGlobalFromMethodInfo(&dup, 0), -1);
    EXPECT_RAISED("RuntimeError", name.c_str());
    EXPECT_EQ(StrongCount(f2), 1u);
  }
  // The metadata was copied and is served by ffi.GetGlobalFuncMetadata.
  TVMFFIObjectHandle get_meta = GetGlobal("ffi.GetGlobalFuncMetadata");
  ASSERT_NE(get_meta, nullptr);
  TVMFFIAny arg = RawStrAny(name.c_str());
  TVMFFIAny result = NoneAny();
  ASSERT_EQ(TVMFFIFunctionCall(get_meta, &arg, 1, &result), 0) << TakeRaisedDescription();
  EXPECT_EQ(StringContent(result), meta);
  ReleaseAny(&result);
  // With override the entry and its metadata are replaced and the old Function released.
  TVMFFIMethodInfo repl = MethodInfo(name, f2, "", "{}");
  ASSERT_EQ(TVMFFIFunctionSetGlobalFromMethodInfo(&repl, 1), 0);
  EXPECT_EQ(StrongCount(f1), 1u);
  EXPECT_EQ(StrongCount(f2), 2u);
  ASSERT_EQ(TVMFFIFunctionCall(get_meta, &arg, 1, &result), 0);
  EXPECT_EQ(StringContent(result), "{}");
  ReleaseAny(&result);
  TVMFFIObjectHandle got = GetGlobal(name);
  EXPECT_EQ(got, f2);
  if (got != nullptr) TVMFFIObjectDecRef(got);
  // A method that is not a Function is a TypeError, POD or object.
  TVMFFIObjectHandle s = MakeHeapString("a string, not a function");
  std::string bad_name = name + ".bad";
  TVMFFIMethodInfo bad = MethodInfo(bad_name, s, "", "");
  EXPECT_EQ(TVMFFIFunctionSetGlobalFromMethodInfo(&bad, 1), -1);
  EXPECT_RAISED("TypeError", "");
  bad.method = IntAny(3);
  EXPECT_EQ(TVMFFIFunctionSetGlobalFromMethodInfo(&bad, 1), -1);
  EXPECT_RAISED("TypeError", "TVMFFIFunctionSetGlobalFromMethodInfo");
  EXPECT_EQ(StrongCount(s), 1u);
  TVMFFIObjectDecRef(s);
  TVMFFIObjectDecRef(get_meta);
  TVMFFIObjectDecRef(f1);
  TVMFFIObjectDecRef(f2);
}

}  // namespace
