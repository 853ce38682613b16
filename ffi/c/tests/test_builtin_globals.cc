// ffi/c/tests/test_builtin_globals.cc: the ffi.* functions the runtime registers itself.
#include <gtest/gtest.h>
#include <tvm/ffi/c_api.h>

#include <set>
#include <string>

#include "test_helpers.h"

namespace {

using namespace tvm_ffi_test;

// Calls global `name` with `args`; returns the rc and fills *result.
int CallGlobal(const char* name, std::initializer_list<TVMFFIAny> args, TVMFFIAny* result) {
  TVMFFIObjectHandle fn = nullptr;
  TVMFFIByteArray key = ByteArray(name);
  EXPECT_EQ(TVMFFIFunctionGetGlobal(&key, &fn), 0);
  EXPECT_NE(fn, nullptr) << name << " is not registered";
  if (fn == nullptr) return -1;
  *result = NoneAny();
  std::vector<TVMFFIAny> argv(args);
  int rc = TVMFFIFunctionCall(fn, argv.data(), static_cast<int32_t>(argv.size()), result);
  TVMFFIObjectDecRef(fn);
  return rc;
}

int Noop(void*, const TVMFFIAny*, int32_t, TVMFFIAny*) { return 0; }

// SPEC: CALL-GLOBAL-SOFT-ABI
TEST(BuiltinGlobals, ListGlobalNamesFunctorCountsAndNamesEveryGlobal) {
  TVMFFIObjectHandle fn = nullptr;
  ASSERT_EQ(TVMFFIFunctionCreate(nullptr, Noop, nullptr, &fn), 0);
  TVMFFIByteArray name = ByteArray("testing.builtin_globals.listed");
  ASSERT_EQ(TVMFFIFunctionSetGlobal(&name, fn, 1), 0);
  TVMFFIObjectDecRef(fn);

  TVMFFIAny functor;
  ASSERT_EQ(CallGlobal("ffi.FunctionListGlobalNamesFunctor", {}, &functor), 0);
  ASSERT_EQ(functor.type_index, kTVMFFIFunction);
  TVMFFIAny arg = IntAny(-1), count = NoneAny();
  ASSERT_EQ(TVMFFIFunctionCall(functor.v_obj, &arg, 1, &count), 0);
  ASSERT_EQ(count.type_index, kTVMFFIInt);
  std::set<std::string> names;
  for (int64_t i = 0; i < count.v_int64; ++i) {
    TVMFFIAny idx = IntAny(i), out = NoneAny();
    ASSERT_EQ(TVMFFIFunctionCall(functor.v_obj, &idx, 1, &out), 0);
    names.insert(StringContent(out));
    ReleaseAny(&out);
  }
  EXPECT_TRUE(names.count("testing.builtin_globals.listed"));
  EXPECT_TRUE(names.count("ffi.FunctionRemoveGlobal"));
  TVMFFIAny bad = IntAny(count.v_int64), out = NoneAny();
  EXPECT_EQ(TVMFFIFunctionCall(functor.v_obj, &bad, 1, &out), -1);
  EXPECT_RAISED("IndexError", "out of range");
  ReleaseAny(&functor);
}

// SPEC: CALL-GLOBAL-SOFT-ABI
TEST(BuiltinGlobals, RemoveGlobalReturnsWhetherTheNameExisted) {
  TVMFFIObjectHandle fn = nullptr;
  ASSERT_EQ(TVMFFIFunctionCreate(nullptr, Noop, nullptr, &fn), 0);
  TVMFFIByteArray name = ByteArray("testing.builtin_globals.removed");
  ASSERT_EQ(TVMFFIFunctionSetGlobal(&name, fn, 1), 0);
  TVMFFIObjectDecRef(fn);
  TVMFFIAny result;
  ASSERT_EQ(CallGlobal("ffi.FunctionRemoveGlobal", {RawStrAny("testing.builtin_globals.removed")},
                       &result), 0);
  EXPECT_EQ(result.type_index, kTVMFFIBool);
  EXPECT_EQ(result.v_int64, 1);
  TVMFFIObjectHandle gone = reinterpret_cast<TVMFFIObjectHandle>(1);
  ASSERT_EQ(TVMFFIFunctionGetGlobal(&name, &gone), 0);
  EXPECT_EQ(gone, nullptr);
  ASSERT_EQ(CallGlobal("ffi.FunctionRemoveGlobal", {RawStrAny("testing.builtin_globals.removed")},
                       &result), 0);
  EXPECT_EQ(result.v_int64, 0);
}

// SPEC: CALL-GLOBAL-SOFT-ABI, EXT-ERROR-MESSAGE
TEST(BuiltinGlobals, WrongArgumentTypesAndCountsAreTypeErrorsNamingTheFunction) {
  TVMFFIAny result;
  EXPECT_EQ(CallGlobal("ffi.FunctionRemoveGlobal", {IntAny(3)}, &result), -1);
  EXPECT_RAISED("TypeError", "ffi.FunctionRemoveGlobal: argument #0 must be a str");
  EXPECT_EQ(CallGlobal("ffi.String", {}, &result), -1);
  EXPECT_RAISED("TypeError", "ffi.String expects 1 argument(s) but got 0");
  EXPECT_EQ(CallGlobal("ffi.GetGlobalFuncMetadata", {RawStrAny("no.such.global")}, &result), -1);
  EXPECT_RAISED("KeyError", "no.such.global");
}

// SPEC: CALL-GLOBAL-SOFT-ABI, STR-SMALL, STR-HEAP
TEST(BuiltinGlobals, StringAndBytesMakeOwnedValuesFromAnyStringForm) {
  TVMFFIAny result;
  ASSERT_EQ(CallGlobal("ffi.String", {RawStrAny("short")}, &result), 0);
  EXPECT_EQ(result.type_index, kTVMFFISmallStr);
  EXPECT_EQ(StringContent(result), "short");
  ASSERT_EQ(CallGlobal("ffi.Bytes", {RawStrAny("a longer byte string")}, &result), 0);
  EXPECT_EQ(result.type_index, kTVMFFIBytes);
  EXPECT_EQ(StringContent(result), "a longer byte string");
  ReleaseAny(&result);
}

// A C safe call exported by "some library": returns its first argument plus the int at *self.
int AddSelf(void* self, const TVMFFIAny* args, int32_t num_args, TVMFFIAny* result) {
  if (num_args != 1 || args[0].type_index != kTVMFFIInt) {
    TVMFFIErrorSetRaisedFromCStr("TypeError", "add_self expects one int");
    return -1;
  }
  *result = IntAny(args[0].v_int64 + *static_cast<int64_t*>(self));
  return 0;
}

void CountDelete(void* self) { ++*static_cast<int64_t*>(self); }

// SPEC: CALL-GLOBAL-SOFT-ABI
TEST(BuiltinGlobals, FunctionFromExternCWrapsACSafeCall) {
  int64_t state = 10;
  TVMFFIAny fn;
  ASSERT_EQ(CallGlobal("ffi.FunctionFromExternC",
                       {PtrAny(reinterpret_cast<void*>(&AddSelf)), PtrAny(&state),
                        PtrAny(reinterpret_cast<void*>(&CountDelete))},
                       &fn),
            0);
  ASSERT_EQ(fn.type_index, kTVMFFIFunction);
  TVMFFIAny arg = IntAny(5);
  TVMFFIAny out = NoneAny();
  ASSERT_EQ(TVMFFIFunctionCall(fn.v_obj, &arg, 1, &out), 0);
  EXPECT_EQ(out.v_int64, 15);
  TVMFFIObjectDecRef(fn.v_obj);  // runs the deleter: state 10 -> 11
  EXPECT_EQ(state, 11);
  // self and deleter may be None.
  ASSERT_EQ(CallGlobal("ffi.FunctionFromExternC",
                       {PtrAny(reinterpret_cast<void*>(&Noop)), NoneAny(), NoneAny()}, &fn),
            0);
  TVMFFIObjectDecRef(fn.v_obj);
  TVMFFIAny result;
  EXPECT_EQ(CallGlobal("ffi.FunctionFromExternC", {NoneAny(), NoneAny(), NoneAny()}, &result), -1);
  EXPECT_RAISED("ValueError", "ffi.FunctionFromExternC: `safe_call` must not be NULL");
  EXPECT_EQ(CallGlobal("ffi.FunctionFromExternC", {IntAny(1), NoneAny(), NoneAny()}, &result), -1);
  EXPECT_RAISED("TypeError", "ffi.FunctionFromExternC: argument 0 must be a pointer");
  EXPECT_EQ(CallGlobal("ffi.FunctionFromExternC", {NoneAny()}, &result), -1);
  EXPECT_RAISED("TypeError", "ffi.FunctionFromExternC expects 3 argument(s)");
}

}  // namespace
