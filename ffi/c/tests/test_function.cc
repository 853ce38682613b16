// ffi/c/tests/test_function.cc: Function objects, the packed calling
// convention, the global function registry and AnyView -> Any conversion.
#include <gtest/gtest.h>
#include <tvm/ffi/c_api.h>

#include <atomic>
#include <cstring>
#include <string>

#include "test_helpers.h"

namespace {

using namespace tvm_ffi_test;

// ---------------------------------------------------------------------------
// Callees
// ---------------------------------------------------------------------------

struct Closure {
  int tag;
  std::atomic<int> calls{0};
  std::atomic<void*> last_handle{nullptr};
};
std::atomic<int> g_closure_deleter_calls{0};
std::atomic<void*> g_closure_deleter_arg{nullptr};
void ClosureDeleter(void* self) {
  g_closure_deleter_calls.fetch_add(1);
  g_closure_deleter_arg.store(self);
}

int RecordHandle(void* handle, const TVMFFIAny*, int32_t, TVMFFIAny* result) {
  Closure* c = static_cast<Closure*>(handle);
  c->calls.fetch_add(1);
  c->last_handle.store(handle);
  *result = IntAny(c->tag);
  return 0;
}

std::atomic<void*> g_bare_handle{nullptr};
int RecordBareHandle(void* handle, const TVMFFIAny*, int32_t, TVMFFIAny* result) {
  g_bare_handle.store(handle);
  *result = IntAny(1);
  return 0;
}

// Checks the calling convention inside the callee: the result is pre-set to
// None and the arguments arrive as given. Returns the sum of int args.
std::atomic<int> g_result_type_on_entry{-100};
int SumInts(void*, const TVMFFIAny* args, int32_t num_args, TVMFFIAny* result) {
  g_result_type_on_entry = result->type_index;
  int64_t sum = 0;
  for (int32_t i = 0; i < num_args; ++i) {
    if (args[i].type_index != kTVMFFIInt) {
      TVMFFIErrorSetRaisedFromCStr("TypeError", "SumInts expects ints");
      return -1;
    }
    sum += args[i].v_int64;
  }
  *result = IntAny(sum);
  return 0;
}

// Returns a new heap string built from the RawStr argument.
int EchoAsString(void*, const TVMFFIAny* args, int32_t num_args, TVMFFIAny* result) {
  if (num_args != 1 || args[0].type_index != kTVMFFIRawStr) {
    TVMFFIErrorSetRaisedFromCStr("TypeError", "EchoAsString expects one const char*");
    return -1;
  }
  TVMFFIByteArray b = ByteArray(args[0].v_c_str);
  return TVMFFIStringFromByteArray(&b, result);
}

// Returns its first argument (an object) as a new owned reference.
int ReturnFirstObject(void*, const TVMFFIAny* args, int32_t, TVMFFIAny* result) {
  TVMFFIObjectIncRef(args[0].v_obj);
  *result = args[0];
  return 0;
}

int AlwaysFails(void*, const TVMFFIAny*, int32_t, TVMFFIAny*) {
  TVMFFIErrorSetRaisedFromCStr("ValueError", "callee failed on purpose");
  return -1;
}

int ReturnsTag(void* handle, const TVMFFIAny*, int32_t, TVMFFIAny* result) {
  *result = IntAny(reinterpret_cast<intptr_t>(handle));
  return 0;
}

TVMFFIObjectHandle MakeFunction(TVMFFISafeCallType fn, void* self = nullptr,
                                void (*deleter)(void*) = nullptr) {
  TVMFFIObjectHandle out = nullptr;
  EXPECT_EQ(TVMFFIFunctionCreate(self, fn, deleter, &out), 0);
  return out;
}

int64_t CallForInt(TVMFFIObjectHandle f) {
  TVMFFIAny result = NoneAny();
  EXPECT_EQ(TVMFFIFunctionCall(f, nullptr, 0, &result), 0);
  EXPECT_EQ(result.type_index, kTVMFFIInt);
  return result.v_int64;
}

// ---------------------------------------------------------------------------
// Function objects
// ---------------------------------------------------------------------------

// SPEC: CALL-HANDLE, CALL-CREATE-CLOSURE
TEST(FunctionCreate, WithSelfAndDeleterCalleeGetsSelfAsHandleAndDeleterRunsOnceOnDeath) {
  g_closure_deleter_calls = 0;
  g_closure_deleter_arg = nullptr;
  Closure closure;
  closure.tag = 31;
  TVMFFIObjectHandle f = MakeFunction(RecordHandle, &closure, ClosureDeleter);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(TypeIndexOf(f), kTVMFFIFunction);
  EXPECT_EQ(CombinedCount(f), kFreshCount);
  EXPECT_EQ(CallForInt(f), 31);
  EXPECT_EQ(CallForInt(f), 31);
  EXPECT_EQ(closure.calls.load(), 2);
  EXPECT_EQ(closure.last_handle.load(), &closure);
  TVMFFIObjectIncRef(f);
  TVMFFIObjectDecRef(f);
  EXPECT_EQ(g_closure_deleter_calls.load(), 0);
  TVMFFIObjectDecRef(f);
  EXPECT_EQ(g_closure_deleter_calls.load(), 1);
  EXPECT_EQ(g_closure_deleter_arg.load(), &closure);
}

// SPEC: CALL-HANDLE, CALL-CREATE-CLOSURE
TEST(FunctionCreate, WithSelfAndNullDeleterCalleeStillGetsSelfAsHandle) {
  Closure closure;
  closure.tag = 5;
  TVMFFIObjectHandle f = MakeFunction(RecordHandle, &closure, nullptr);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(CallForInt(f), 5);
  EXPECT_EQ(closure.last_handle.load(), &closure);
  TVMFFIObjectDecRef(f);
}

// SPEC: CALL-HANDLE, CALL-CREATE-DIRECT
TEST(FunctionCreate, WithNullSelfAndNullDeleterCalleeGetsTheFunctionObjectAsHandle) {
  g_bare_handle = nullptr;
  TVMFFIObjectHandle f = MakeFunction(RecordBareHandle);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(CallForInt(f), 1);
  EXPECT_EQ(g_bare_handle.load(), f);
  TVMFFIObjectDecRef(f);
}

// SPEC: CALL-CPP-CALL-NULL
TEST(FunctionCreate, CreatedFunctionHasNullCppCallAndNonNullSafeCallInCellAt24) {
  Closure closure;
  closure.tag = 0;
  TVMFFIObjectHandle f1 = MakeFunction(RecordBareHandle);
  TVMFFIObjectHandle f2 = MakeFunction(RecordHandle, &closure, nullptr);
  for (TVMFFIObjectHandle f : {f1, f2}) {
    ASSERT_NE(f, nullptr);
    const TVMFFIFunctionCell* cell =
        reinterpret_cast<const TVMFFIFunctionCell*>(static_cast<char*>(f) + 24);
    EXPECT_EQ(cell, TVMFFIFunctionGetCellPtr(f));
    EXPECT_NE(cell->safe_call, nullptr);
    EXPECT_EQ(cell->cpp_call, nullptr);
  }
  // With self == NULL and deleter == NULL the callback is stored as is.
  EXPECT_EQ(TVMFFIFunctionGetCellPtr(f1)->safe_call, &RecordBareHandle);
  TVMFFIObjectDecRef(f1);
  TVMFFIObjectDecRef(f2);
}

// SPEC: EXT-NULL-ARGS, CALL-CREATE-FAILURE
TEST(FunctionCreate, NullSafeCallReturnsMinusOneWithValueErrorAndDoesNotTakeSelf) {
  g_closure_deleter_calls = 0;
  Closure closure;
  TVMFFIObjectHandle out = reinterpret_cast<TVMFFIObjectHandle>(0x1);
  EXPECT_EQ(TVMFFIFunctionCreate(&closure, nullptr, ClosureDeleter, &out), -1);
  EXPECT_RAISED("ValueError", "");
  EXPECT_EQ(out, reinterpret_cast<TVMFFIObjectHandle>(0x1));
  EXPECT_EQ(g_closure_deleter_calls.load(), 0) << "self is owned only on success";
}

// ---------------------------------------------------------------------------
// Calls
// ---------------------------------------------------------------------------

// SPEC: CALL-RESULT-NONE
TEST(FunctionCall, ArgumentsArePassedAndIntResultIsReturnedIntoANonePresetResult) {
  TVMFFIObjectHandle f = MakeFunction(SumInts);
  ASSERT_NE(f, nullptr);
  TVMFFIAny args[3] = {IntAny(1), IntAny(20), IntAny(300)};
  TVMFFIAny result = NoneAny();
  g_result_type_on_entry = -100;
  ASSERT_EQ(TVMFFIFunctionCall(f, args, 3, &result), 0);
  EXPECT_EQ(g_result_type_on_entry.load(), kTVMFFINone);
  EXPECT_EQ(result.type_index, kTVMFFIInt);
  EXPECT_EQ(result.v_int64, 321);
  EXPECT_EQ(args[1].v_int64, 20) << "arguments are not modified";
  ASSERT_EQ(TVMFFIFunctionCall(f, nullptr, 0, &result), 0) << "zero arguments";
  EXPECT_EQ(result.v_int64, 0);
  EXPECT_NOTHING_RAISED();
  TVMFFIObjectDecRef(f);
}

// SPEC: CALL-RESULT-NONE
TEST(FunctionCall, CalleeReturningStringHandsCallerAnOwnedValue) {
  TVMFFIObjectHandle f = MakeFunction(EchoAsString);
  ASSERT_NE(f, nullptr);
  TVMFFIAny arg = RawStrAny("a long enough string to live on the heap");
  TVMFFIAny result = NoneAny();
  ASSERT_EQ(TVMFFIFunctionCall(f, &arg, 1, &result), 0);
  ASSERT_EQ(result.type_index, kTVMFFIStr);
  EXPECT_EQ(StrongCount(result.v_obj), 1u) << "the caller owns the only reference";
  EXPECT_EQ(StringContent(result), "a long enough string to live on the heap");
  ReleaseAny(&result);
  TVMFFIAny short_arg = RawStrAny("tiny");
  ASSERT_EQ(TVMFFIFunctionCall(f, &short_arg, 1, &result), 0);
  EXPECT_EQ(result.type_index, kTVMFFISmallStr);
  EXPECT_EQ(StringContent(result), "tiny");
  TVMFFIObjectDecRef(f);
}

// SPEC: CALL-RESULT-NONE
TEST(FunctionCall, ObjectArgumentsAreBorrowedAndReturnedObjectIsANewReference) {
  TVMFFIObjectHandle f = MakeFunction(ReturnFirstObject);
  TVMFFIObjectHandle s = MakeHeapString("the object passed through the call");
  ASSERT_NE(f, nullptr);
  ASSERT_NE(s, nullptr);
  TVMFFIAny arg = ObjectAny(s);
  TVMFFIAny result = NoneAny();
  ASSERT_EQ(TVMFFIFunctionCall(f, &arg, 1, &result), 0);
  ASSERT_EQ(result.type_index, kTVMFFIStr);
  EXPECT_EQ(result.v_obj, s);
  EXPECT_EQ(StrongCount(s), 2u) << "one for us, one for the result";
  ReleaseAny(&result);
  EXPECT_EQ(StrongCount(s), 1u) << "the call itself kept no reference";
  TVMFFIObjectDecRef(s);
  TVMFFIObjectDecRef(f);
}

// SPEC: CALL-RETURN-CODES
TEST(FunctionCall, CalleeReturningMinusOnePropagatesMinusOneAndItsRaisedError) {
  TVMFFIObjectHandle f = MakeFunction(AlwaysFails);
  ASSERT_NE(f, nullptr);
  TVMFFIAny result = NoneAny();
  EXPECT_EQ(TVMFFIFunctionCall(f, nullptr, 0, &result), -1);
  EXPECT_RAISED("ValueError", "callee failed on purpose");
  EXPECT_EQ(result.type_index, kTVMFFINone);
  TVMFFIAny bad_arg = RawStrAny("not an int");
  EXPECT_EQ(TVMFFIFunctionCall(f, &bad_arg, 1, &result), -1);
  ClearRaised();
  TVMFFIObjectDecRef(f);
}

// SPEC: CALL-RETURN-CODES, EXT-TYPE-CHECKED-HANDLES
TEST(FunctionCall, CallingANonFunctionObjectReturnsMinusOneWithTypeError) {
  TVMFFIObjectHandle s = MakeHeapString("definitely not a function object");
  ASSERT_NE(s, nullptr);
  TVMFFIAny result = NoneAny();
  EXPECT_EQ(TVMFFIFunctionCall(s, nullptr, 0, &result), -1);
  EXPECT_RAISED("TypeError", "");
  EXPECT_EQ(result.type_index, kTVMFFINone);
  TVMFFIObjectDecRef(s);
}

// SPEC: EXT-NULL-ARGS
TEST(FunctionCall, CallingANullHandleReturnsMinusOneWithAnError) {
  TVMFFIAny result = NoneAny();
  EXPECT_EQ(TVMFFIFunctionCall(nullptr, nullptr, 0, &result), -1);
  EXPECT_SOMETHING_RAISED();
}

// ---------------------------------------------------------------------------
// Global registry
// ---------------------------------------------------------------------------

// SPEC: CALL-GLOBAL-GET
TEST(FunctionGlobal, SetGlobalKeepsAReferenceAndGetGlobalReturnsANewReference) {
  TVMFFIObjectHandle f = MakeFunction(ReturnsTag, reinterpret_cast<void*>(11), nullptr);
  ASSERT_NE(f, nullptr);
  TVMFFIByteArray name = ByteArray("test.function.global.get_new_ref");
  ASSERT_EQ(TVMFFIFunctionSetGlobal(&name, f, 0), 0);
  EXPECT_EQ(StrongCount(f), 2u) << "the registry keeps a reference";
  TVMFFIObjectHandle got = nullptr;
  ASSERT_EQ(TVMFFIFunctionGetGlobal(&name, &got), 0);
  EXPECT_EQ(got, f);
  EXPECT_EQ(StrongCount(f), 3u) << "GetGlobal hands out a new reference";
  EXPECT_EQ(CallForInt(got), 11);
  TVMFFIObjectDecRef(got);
  EXPECT_EQ(StrongCount(f), 2u);
  TVMFFIObjectDecRef(f);
}

// SPEC: CALL-GLOBAL-GET
TEST(FunctionGlobal, GetGlobalOfUnknownNameReturnsZeroWithNullOutput) {
  TVMFFIByteArray name = ByteArray("test.function.global.no_such_function");
  TVMFFIObjectHandle got = reinterpret_cast<TVMFFIObjectHandle>(0x1);
  EXPECT_EQ(TVMFFIFunctionGetGlobal(&name, &got), 0);
  EXPECT_EQ(got, nullptr);
  EXPECT_NOTHING_RAISED();
}

// SPEC: CALL-GLOBAL-SET
TEST(FunctionGlobal, DuplicateNameWithoutOverrideReturnsMinusOneNamingTheFunction) {
  TVMFFIObjectHandle f1 = MakeFunction(ReturnsTag, reinterpret_cast<void*>(1), nullptr);
  TVMFFIObjectHandle f2 = MakeFunction(ReturnsTag, reinterpret_cast<void*>(2), nullptr);
  TVMFFIByteArray name = ByteArray("test.function.global.duplicate");
  ASSERT_EQ(TVMFFIFunctionSetGlobal(&name, f1, 0), 0);
  EXPECT_EQ(TVMFFIFunctionSetGlobal(&name, f2, 0), -1);
  EXPECT_RAISED("RuntimeError", "test.function.global.duplicate");
  EXPECT_EQ(StrongCount(f2), 1u) << "the rejected function is not retained";
  TVMFFIObjectHandle got = nullptr;
  ASSERT_EQ(TVMFFIFunctionGetGlobal(&name, &got), 0);
  EXPECT_EQ(got, f1) << "the first registration stays";
  TVMFFIObjectDecRef(got);
  TVMFFIObjectDecRef(f1);
  TVMFFIObjectDecRef(f2);
}

// SPEC: CALL-GLOBAL-SET
TEST(FunctionGlobal, DuplicateNameErrorMessageSaysAlreadyRegistered) {
  TVMFFIObjectHandle f = MakeFunction(ReturnsTag, reinterpret_cast<void*>(1), nullptr);
  TVMFFIByteArray name = ByteArray("test.function.global.duplicate_msg");
  ASSERT_EQ(TVMFFIFunctionSetGlobal(&name, f, 0), 0);
  EXPECT_EQ(TVMFFIFunctionSetGlobal(&name, f, 0), -1);
  TVMFFIObjectHandle err = nullptr;
  TVMFFIErrorMoveFromRaised(&err);
  ASSERT_NE(err, nullptr);
  EXPECT_NE(ErrorMessage(err).find("already registered"), std::string::npos) << ErrorMessage(err);
  EXPECT_NE(ErrorMessage(err).find("test.function.global.duplicate_msg"), std::string::npos);
  TVMFFIObjectDecRef(err);
  TVMFFIObjectDecRef(f);
}

// SPEC: CALL-GLOBAL-SET
TEST(FunctionGlobal, DuplicateNameWithOverrideReplacesAndReleasesTheOldFunction) {
  TVMFFIObjectHandle f1 = MakeFunction(ReturnsTag, reinterpret_cast<void*>(1), nullptr);
  TVMFFIObjectHandle f2 = MakeFunction(ReturnsTag, reinterpret_cast<void*>(2), nullptr);
  TVMFFIByteArray name = ByteArray("test.function.global.override");
  ASSERT_EQ(TVMFFIFunctionSetGlobal(&name, f1, 0), 0);
  ASSERT_EQ(StrongCount(f1), 2u);
  ASSERT_EQ(TVMFFIFunctionSetGlobal(&name, f2, 1), 0);
  EXPECT_EQ(StrongCount(f1), 1u) << "the replaced function is released";
  EXPECT_EQ(StrongCount(f2), 2u);
  TVMFFIObjectHandle got = nullptr;
  ASSERT_EQ(TVMFFIFunctionGetGlobal(&name, &got), 0);
  EXPECT_EQ(got, f2);
  EXPECT_EQ(CallForInt(got), 2);
  TVMFFIObjectDecRef(got);
  TVMFFIObjectDecRef(f1);
  TVMFFIObjectDecRef(f2);
}

// SPEC: CALL-GLOBAL-SET
TEST(FunctionGlobal, SetGlobalWithNonFunctionObjectReturnsMinusOneWithTypeError) {
  TVMFFIObjectHandle s = MakeHeapString("a string pretending to be a function");
  TVMFFIByteArray name = ByteArray("test.function.global.not_a_function");
  EXPECT_EQ(TVMFFIFunctionSetGlobal(&name, s, 0), -1);
  EXPECT_RAISED("TypeError", "");
  TVMFFIObjectHandle got = reinterpret_cast<TVMFFIObjectHandle>(0x1);
  ASSERT_EQ(TVMFFIFunctionGetGlobal(&name, &got), 0);
  EXPECT_EQ(got, nullptr);
  TVMFFIObjectDecRef(s);
}

// SPEC: EXT-NULL-ARGS
TEST(FunctionGlobal, NullNameOrOutputReturnsMinusOneWithValueError) {
  TVMFFIObjectHandle got = nullptr;
  EXPECT_EQ(TVMFFIFunctionGetGlobal(nullptr, &got), -1);
  EXPECT_RAISED("ValueError", "");
  TVMFFIByteArray name = ByteArray("test.function.global.null_out");
  EXPECT_EQ(TVMFFIFunctionGetGlobal(&name, nullptr), -1);
  EXPECT_RAISED("ValueError", "");
}

// SPEC: CALL-GLOBAL-GET
TEST(FunctionGlobal, SetGlobalFromMethodInfoRegistersACallableFunctionAndRetainsIt) {
  TVMFFIObjectHandle f = MakeFunction(ReturnsTag, reinterpret_cast<void*>(77), nullptr);
  ASSERT_NE(f, nullptr);
  char name_buf[64];
  std::strcpy(name_buf, "test.function.global.from_method_info");
  TVMFFIMethodInfo info;
  std::memset(&info, 0, sizeof(info));
  info.name = ByteArray(name_buf);
  info.doc = ByteArray("returns 77");
  info.metadata = ByteArray("{}");
  info.flags = kTVMFFIFieldFlagBitMaskIsStaticMethod;
  info.method = ObjectAny(f);
  ASSERT_EQ(TVMFFIFunctionSetGlobalFromMethodInfo(&info, 0), 0);
  EXPECT_EQ(StrongCount(f), 2u);
  std::strcpy(name_buf, "clobbered.name.after.the.registration");
  TVMFFIByteArray name = ByteArray("test.function.global.from_method_info");
  TVMFFIObjectHandle got = nullptr;
  ASSERT_EQ(TVMFFIFunctionGetGlobal(&name, &got), 0);
  EXPECT_EQ(got, f);
  if (got != nullptr) {
    EXPECT_EQ(CallForInt(got), 77);
    TVMFFIObjectDecRef(got);
  }
  // A second registration of the same name without override fails.
  std::strcpy(name_buf, "test.function.global.from_method_info");
  info.name = ByteArray(name_buf);
  EXPECT_EQ(TVMFFIFunctionSetGlobalFromMethodInfo(&info, 0), -1);
  ClearRaised();
  TVMFFIObjectDecRef(f);
}

// ---------------------------------------------------------------------------
// AnyView -> owned Any
// ---------------------------------------------------------------------------

// SPEC: ANY-VIEW-TO-OWNED
TEST(AnyViewToOwned, ObjectViewBecomesAnOwningReferenceWithIncRef) {
  TVMFFIObjectHandle s = MakeHeapString("an object seen through a view");
  ASSERT_NE(s, nullptr);
  TVMFFIAny view = ObjectAny(s);
  TVMFFIAny owned = NoneAny();
  ASSERT_EQ(TVMFFIAnyViewToOwnedAny(&view, &owned), 0);
  EXPECT_EQ(owned.type_index, kTVMFFIStr);
  EXPECT_EQ(owned.v_obj, s);
  EXPECT_EQ(StrongCount(s), 2u);
  ReleaseAny(&owned);
  EXPECT_EQ(StrongCount(s), 1u);
  TVMFFIObjectDecRef(s);
}

// SPEC: ANY-VIEW-TO-OWNED
TEST(AnyViewToOwned, RawStrOfAtMostSevenBytesBecomesSmallStrAndLongerBecomesHeapStr) {
  TVMFFIAny view = RawStrAny("seven!!");
  TVMFFIAny owned = NoneAny();
  ASSERT_EQ(TVMFFIAnyViewToOwnedAny(&view, &owned), 0);
  EXPECT_EQ(owned.type_index, kTVMFFISmallStr);
  EXPECT_EQ(owned.small_str_len, 7u);
  EXPECT_EQ(StringContent(owned), "seven!!");

  TVMFFIAny view8 = RawStrAny("eight!!!");
  ASSERT_EQ(TVMFFIAnyViewToOwnedAny(&view8, &owned), 0);
  ASSERT_EQ(owned.type_index, kTVMFFIStr);
  EXPECT_EQ(StringContent(owned), "eight!!!");
  EXPECT_EQ(StrongCount(owned.v_obj), 1u);
  ReleaseAny(&owned);

  TVMFFIAny empty = RawStrAny("");
  ASSERT_EQ(TVMFFIAnyViewToOwnedAny(&empty, &owned), 0);
  EXPECT_EQ(owned.type_index, kTVMFFISmallStr);
  EXPECT_EQ(owned.small_str_len, 0u);
}

// SPEC: ANY-VIEW-TO-OWNED
TEST(AnyViewToOwned, ByteArrayPtrBecomesOwnedBytes) {
  std::string data("by\0tes", 6);
  TVMFFIByteArray small = ByteArray(data);
  TVMFFIAny view = NoneAny();
  view.type_index = kTVMFFIByteArrayPtr;
  view.v_ptr = &small;
  TVMFFIAny owned = NoneAny();
  ASSERT_EQ(TVMFFIAnyViewToOwnedAny(&view, &owned), 0);
  EXPECT_EQ(owned.type_index, kTVMFFISmallBytes);
  EXPECT_EQ(StringContent(owned), data);

  std::string long_data("a longer\0byte payload", 21);
  TVMFFIByteArray big = ByteArray(long_data);
  view.v_ptr = &big;
  ASSERT_EQ(TVMFFIAnyViewToOwnedAny(&view, &owned), 0);
  ASSERT_EQ(owned.type_index, kTVMFFIBytes);
  EXPECT_EQ(StringContent(owned), long_data);
  EXPECT_NE(TVMFFIBytesGetByteArrayPtr(owned.v_obj)->data, long_data.data()) << "copied";
  ReleaseAny(&owned);
}

// SPEC: ANY-RVALUE-MOVED
TEST(AnyViewToOwned, ObjectRValueRefStealsTheReferenceAndNullsTheSlot) {
  TVMFFIObjectHandle s = MakeHeapString("an object that gets moved");
  ASSERT_NE(s, nullptr);
  TVMFFIObjectHandle slot = s;
  TVMFFIAny view = NoneAny();
  view.type_index = kTVMFFIObjectRValueRef;
  view.v_ptr = &slot;
  TVMFFIAny owned = NoneAny();
  ASSERT_EQ(TVMFFIAnyViewToOwnedAny(&view, &owned), 0);
  EXPECT_EQ(slot, nullptr) << "the moved-from slot is cleared";
  EXPECT_EQ(owned.type_index, kTVMFFIStr);
  EXPECT_EQ(owned.v_obj, s);
  EXPECT_EQ(StrongCount(s), 1u) << "moved, not copied";
  ReleaseAny(&owned);
}

// SPEC: ANY-RVALUE-MOVED
TEST(AnyViewToOwned, SecondMoveOfTheSameRValueRefReturnsMinusOneAlreadyMoved) {
  TVMFFIObjectHandle s = MakeHeapString("moved exactly once, not twice");
  TVMFFIObjectHandle slot = s;
  TVMFFIAny view = NoneAny();
  view.type_index = kTVMFFIObjectRValueRef;
  view.v_ptr = &slot;
  TVMFFIAny first = NoneAny();
  ASSERT_EQ(TVMFFIAnyViewToOwnedAny(&view, &first), 0);
  TVMFFIAny second = IntAny(99);
  EXPECT_EQ(TVMFFIAnyViewToOwnedAny(&view, &second), -1);
  EXPECT_RAISED("RuntimeError", "already moved");
  EXPECT_EQ(second.type_index, kTVMFFIInt) << "output untouched on failure";
  EXPECT_EQ(second.v_int64, 99);
  ReleaseAny(&first);
}

// SPEC: ANY-VIEW-TO-OWNED
TEST(AnyViewToOwned, PodValuesAreCopiedVerbatim) {
  DLDataType dt;
  dt.code = kDLFloat;
  dt.bits = 16;
  dt.lanes = 4;
  TVMFFIAny dtype_view = NoneAny();
  dtype_view.type_index = kTVMFFIDataType;
  dtype_view.v_dtype = dt;
  TVMFFIAny device_view = NoneAny();
  device_view.type_index = kTVMFFIDevice;
  device_view.v_device = TVMFFIDLDeviceFromIntPair(kDLCUDA, 3);
  TVMFFIAny small = MakeStringAny("abc");
  int local = 0;
  const TVMFFIAny views[] = {NoneAny(),      IntAny(-123456789012345), BoolAny(true),
                             FloatAny(2.5),  PtrAny(&local),           dtype_view,
                             device_view,    small};
  for (const TVMFFIAny& v : views) {
    SCOPED_TRACE("type_index " + std::to_string(v.type_index));
    TVMFFIAny owned;
    std::memset(&owned, 0xAB, sizeof(owned));
    ASSERT_EQ(TVMFFIAnyViewToOwnedAny(&v, &owned), 0);
    EXPECT_EQ(std::memcmp(&owned, &v, sizeof(TVMFFIAny)), 0) << "all 16 bytes copied";
  }
}

}  // namespace
