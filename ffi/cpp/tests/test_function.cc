// ffi/cpp/tests/test_function.cc: Function creation, calling conventions, argument errors, globals and exports.
#include <algorithm>
#include <cstdlib>
#include <functional>

#include "cpp_test_helpers.h"

namespace {
double AddIntFloat(int a, double b) { return a + b; }
tvm::ffi::String Concat(tvm::ffi::String a, tvm::ffi::String b) { return a + b; }
}  // namespace

// Exported like module functions (twice in one file); called below through their C symbols.
TVM_FFI_DLL_EXPORT_TYPED_FUNC(cpptest_add, AddIntFloat);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(cpptest_concat, Concat);

extern "C" const TVMFFIVersion __tvm_ffi__abi_version;

namespace cpptest {
namespace {

Any CallThroughC(const Function& f, std::vector<AnyView> args, int* rc) {
  TVMFFIAny result;
  detail::WriteNoneToAny(&result);
  *rc = TVMFFIFunctionCall(detail::ObjectUnsafe::TVMFFIObjectPtrFromObjectRef(f),
                           reinterpret_cast<TVMFFIAny*>(args.data()),
                           static_cast<int32_t>(args.size()), &result);
  return detail::AnyUnsafe::MoveTVMFFIAnyRawToAny(result);
}

TEST(Function, TypedFunctionConvertsArgumentsAndResult) {
  Function add = Function::FromTyped(AddIntFloat, "add");
  EXPECT_EQ(add(1, 2.5).cast<double>(), 3.5);
  EXPECT_EQ(add(true, 2).cast<double>(), 3.0);  // bool -> int, int -> float
  Function join = Function::FromTyped([](const String& a, std::string b) { return a + b; });
  EXPECT_EQ(join("ab", std::string("cd")).cast<String>(), "abcd");
  int calls = 0;
  Function counter = Function::FromTyped([&calls]() { ++calls; });
  EXPECT_TRUE(counter() == nullptr);
  EXPECT_EQ(calls, 1);
}

TEST(Function, ArgumentTypeErrorsNameFunctionIndexAndTypes) {
  Function add = Function::FromTyped(AddIntFloat, "add");
  ExpectError([&] { add(1, "x"); }, "TypeError",
              "Mismatched type on argument #1 when calling: `add(0: int, 1: float) -> float`. "
              "Expected `float` but got `const char*`");
  ExpectError([&] { add(1, String("ab")); }, "TypeError", "but got `ffi.SmallStr`");
  Function anonymous = Function::FromTyped(
      [](String, Optional<int>, ObjectRef) {});
  ExpectError([&] { anonymous("s", 1, 2); }, "TypeError",
              "Mismatched type on argument #2 when calling: `(0: str, 1: Optional<int>, 2: "
              "ffi.Object) -> void`. Expected `ffi.Object` but got `int`");
}

TEST(Function, WrongArgumentCountIsATypeError) {
  Function add = Function::FromTyped(AddIntFloat, "add");
  ExpectError([&] { add(1); }, "TypeError",
              "Mismatched number of arguments when calling: `add(0: int, 1: float) -> float`. "
              "Expected 2 but got 1 arguments");
  ExpectError([&] { add(1, 2, 3); }, "TypeError", "Expected 2 but got 3 arguments");
}

TEST(Function, PackedFormsAndPackedArgs) {
  Function sum = Function::FromPacked([](PackedArgs args, Any* rv) {
    int64_t total = 0;
    for (int i = 0; i < args.size(); ++i) total += args[i].cast<int64_t>();
    *rv = total;
  });
  EXPECT_EQ(sum(1, 2, 3).cast<int>(), 6);
  EXPECT_EQ(sum().cast<int>(), 0);
  Function tail = Function([](const AnyView* args, int32_t n, Any* rv) {
    *rv = PackedArgs(args, n).Slice(1).size();
  });
  EXPECT_EQ(tail(1, 2, 3).cast<int>(), 2);
  auto [inplace, callable] = Function::FromPackedInplace<std::function<void(const AnyView*, int32_t, Any*)>>(
      [](const AnyView*, int32_t, Any* rv) { *rv = 5; });
  EXPECT_NE(callable, nullptr);
  EXPECT_EQ(inplace().cast<int>(), 5);
}

TEST(Function, ObjectLayoutAndNullCppCall) {
  // SPEC: CALL-FUNCTION-LAYOUT, CALL-CPP-CALL-NULL, OBJ-CELL-OFFSET
  Function f = Function::FromTyped([](int x) { return x; });
  const TVMFFIObject* handle = detail::ObjectUnsafe::TVMFFIObjectPtrFromObjectRef(f);
  EXPECT_EQ(handle->type_index, TypeIndex::kTVMFFIFunction);
  const TVMFFIFunctionCell* cell = TVMFFIFunctionGetCellPtr(const_cast<TVMFFIObject*>(handle));
  EXPECT_NE(cell->safe_call, nullptr);
  EXPECT_EQ(cell->cpp_call, nullptr);
  EXPECT_EQ(Function::FromExternC(nullptr, [](void*, const TVMFFIAny*, int32_t, TVMFFIAny*) {
              return 0;
            }, nullptr)->cpp_call, nullptr);
}

TEST(Function, CallableFromTheCApi) {
  // SPEC: CALL-FUNCTION-CALL, CALL-RETURN-CODES, CALL-RESULT-OWNED, CALL-BORROWED-ARGS
  Function concat = Function::FromTyped([](String a, String b) { return a + b; });
  String left(std::string(20, 'l'));
  int rc = -7;
  Any result = CallThroughC(concat, {AnyView(left), AnyView("r")}, &rc);
  EXPECT_EQ(rc, 0);
  EXPECT_EQ(result.cast<String>(), std::string(20, 'l') + "r");
  const Object* left_obj = reinterpret_cast<const Object*>(AnyView(left).CopyToTVMFFIAny().v_obj);
  EXPECT_EQ(left_obj->use_count(), 1u);  // the callee kept nothing
}

TEST(Function, FailedCallLeavesNoResultAndRaises) {
  // SPEC: CALL-RESULT-ON-ERROR, CALL-RETURN-CODES, ERR-RETURN-PAIRING
  Function fails = Function::FromPacked([](PackedArgs, Any* rv) {
    *rv = BaseRef(1);  // an owned value is written before the failure
    TVM_FFI_THROW(ValueError) << "late failure";
  });
  int before = LiveObjects();
  int rc = 0;
  Any result = CallThroughC(fails, {}, &rc);
  EXPECT_EQ(rc, -1);
  EXPECT_EQ(result.type_index(), TypeIndex::kTVMFFINone);
  EXPECT_EQ(LiveObjects(), before);
  Error err = TakeRaised();
  EXPECT_EQ(err.kind(), "ValueError");
  EXPECT_EQ(err.message(), "late failure");
}

TEST(Function, ForeignExceptionsCrossAsInternalError) {
  // SPEC: ERR-FOREIGN-EXCEPTION
  Function f = Function::FromPacked([](PackedArgs, Any*) { throw std::out_of_range("oops"); });
  ExpectError([&] { f(); }, "InternalError", "oops");
}

TEST(Function, ResultMustStartAsNone) {
  // SPEC: CALL-RESULT-NONE
  Function f = Function::FromTyped([]() { return 1; });
  BaseRef keep(1);
  Any result = keep;
  f.CallPacked(nullptr, 0, &result);  // the SDK hands the callee a None result
  EXPECT_EQ(result.cast<int>(), 1);
  EXPECT_EQ(keep.use_count(), 1);
  // Called directly (TVMFFIFunctionCall would reject it first), the SDK's safe_call
  // refuses a result that still holds an object rather than leak it.
  TVMFFIAny dirty = detail::AnyUnsafe::MoveAnyToTVMFFIAny(Any(keep));
  EXPECT_EQ(f->safe_call(detail::ObjectUnsafe::TVMFFIObjectPtrFromObjectRef(f), nullptr, 0, &dirty),
            -1);
  EXPECT_EQ(TakeRaised().kind(), "InternalError");
  EXPECT_EQ(keep.use_count(), 2);
  Any release = detail::AnyUnsafe::MoveTVMFFIAnyRawToAny(dirty);
}

int DirectCallback(void* handle, const TVMFFIAny* args, int32_t num_args, TVMFFIAny* result) {
  // Created with self == deleter == NULL, so `handle` is the FunctionObj (SPEC CALL-CREATE-DIRECT).
  result->type_index = TypeIndex::kTVMFFIInt;
  result->zero_padding = 0;
  bool from_function = handle != nullptr && TVMFFIObjectGetTypeIndex(handle) == kTVMFFIFunction;
  result->v_int64 = (from_function ? 100 : 0) + (num_args > 0 ? args[0].v_int64 : 0);
  return 0;
}

struct Closure {
  int64_t offset;
  int* deleted;
};
int ClosureCallback(void* self, const TVMFFIAny* args, int32_t, TVMFFIAny* result) {
  result->type_index = TypeIndex::kTVMFFIInt;
  result->zero_padding = 0;
  result->v_int64 = static_cast<Closure*>(self)->offset + args[0].v_int64;
  return 0;
}
void DeleteClosure(void* self) {
  auto* closure = static_cast<Closure*>(self);
  ++*closure->deleted;
  delete closure;
}

TEST(Function, FromExternCDirectAndClosure) {
  // SPEC: CALL-CREATE-DIRECT, CALL-CREATE-CLOSURE, CALL-HANDLE
  EXPECT_EQ(Function::FromExternC(nullptr, DirectCallback, nullptr)(5).cast<int>(), 105);
  int deleted = 0;
  {
    Function f = Function::FromExternC(new Closure{10, &deleted}, ClosureCallback, DeleteClosure);
    EXPECT_EQ(f(5).cast<int>(), 15);
    Function copy = f;
    EXPECT_EQ(deleted, 0);
  }
  EXPECT_EQ(deleted, 1);
  // A module symbol is called with a NULL handle (SPEC CALL-HANDLE).
  EXPECT_EQ(Function::InvokeExternC(nullptr, DirectCallback, 1).cast<int>(), 1);
}

TEST(Function, CallsRuntimeCreatedFunctions) {
  // SPEC: CALL-CREATE-CLOSURE, CALL-FUNCTION-CALL
  int deleted = 0;
  TVMFFIObjectHandle handle = nullptr;
  ASSERT_EQ(TVMFFIFunctionCreate(new Closure{1, &deleted}, ClosureCallback, DeleteClosure, &handle),
            0);
  Function f = detail::ObjectUnsafe::ObjectRefFromObjectPtr<Function>(
      detail::ObjectUnsafe::ObjectPtrFromOwned<Object>(static_cast<TVMFFIObject*>(handle)));
  EXPECT_EQ(f(41).cast<int>(), 42);
  f = nullptr;
  EXPECT_EQ(deleted, 1);
}

int MustNotRun(const void*, const TVMFFIAny*, int32_t, TVMFFIAny*) { std::abort(); }

TEST(Function, IgnoresAForeignCppCall) {
  // SPEC: CALL-CPP-CALL-NULL
  Function f = Function::FromTyped([](int x) { return x * 2; });
  auto* obj = const_cast<FunctionObj*>(f.get());
  obj->cpp_call = reinterpret_cast<void*>(&MustNotRun);  // as another SDK build might set it
  EXPECT_EQ(f(21).cast<int>(), 42);
  EXPECT_EQ(f.CallExpected<int>(1).value(), 2);
  obj->cpp_call = nullptr;
}

TEST(Function, NestedCallsAndErrorsPropagate) {
  // SPEC: CALL-REENTRANT
  Function inner = Function::FromTyped([](int x) -> int {
    if (x < 0) TVM_FFI_THROW(IndexError) << "negative " << x;
    return x + 1;
  });
  Function outer = Function::FromTyped([inner](int x) { return inner(x).cast<int>() * 10; });
  EXPECT_EQ(outer(1).cast<int>(), 20);
  ExpectError([&] { outer(-4); }, "IndexError", "negative -4");
}

TEST(Function, GlobalRegistry) {
  // SPEC: CALL-GLOBAL-GET, CALL-GLOBAL-SET, CALL-GLOBAL-SOFT-ABI
  const char* name = "cpptest.global.square";
  EXPECT_FALSE(Function::GetGlobal(name).has_value());
  ExpectError([&] { Function::GetGlobalRequired(name); }, "ValueError",
              "Function cpptest.global.square not found");
  Function::SetGlobal(name, Function::FromTyped([](int x) { return x * x; }));
  EXPECT_EQ(Function::GetGlobalRequired(String(name))(7).cast<int>(), 49);
  ExpectError([&] { Function::SetGlobal(name, Function::FromTyped([]() {})); }, "RuntimeError",
              "cpptest.global.square");
  Function::SetGlobal(name, Function::FromTyped([](int x) { return -x; }), /*override=*/true);
  EXPECT_EQ(Function::GetGlobal(std::string(name)).value()(7).cast<int>(), -7);
  std::vector<String> names = Function::ListGlobalNames();
  EXPECT_NE(std::find(names.begin(), names.end(), String(name)), names.end());
  Function::RemoveGlobal(name);
  EXPECT_FALSE(Function::GetGlobal(name).has_value());
}

TEST(Function, ExportedSymbolsAreSafeCalls) {
  // SPEC: MOD-SYMBOL-NAME, CALL-HANDLE, ABI-C-LINKAGE
  TVMFFIAny args[2];
  TypeTraits<int>::CopyToAnyView(2, &args[0]);
  TypeTraits<double>::CopyToAnyView(0.5, &args[1]);
  TVMFFIAny result;
  detail::WriteNoneToAny(&result);
  ASSERT_EQ(__tvm_ffi_cpptest_add(nullptr, args, 2, &result), 0);
  EXPECT_EQ(result.v_float64, 2.5);
  TypeTraits<const char*>::CopyToAnyView("x", &args[1]);
  EXPECT_EQ(__tvm_ffi_cpptest_add(nullptr, args, 2, &result), -1);
  Error err = TakeRaised();
  EXPECT_EQ(err.message(),
            "Mismatched type on argument #1 when calling: `cpptest_add(0: int, 1: float) -> "
            "float`. Expected `float` but got `const char*`");
  EXPECT_EQ(__tvm_ffi_cpptest_add(nullptr, args, 1, &result), -1);
  EXPECT_NE(TakeRaised().message().find("Expected 2 but got 1 arguments"), std::string::npos);
  TypeTraits<const char*>::CopyToAnyView("ab", &args[0]);
  TypeTraits<const char*>::CopyToAnyView("cd", &args[1]);
  detail::WriteNoneToAny(&result);
  ASSERT_EQ(__tvm_ffi_cpptest_concat(nullptr, args, 2, &result), 0);
  EXPECT_EQ(detail::AnyUnsafe::MoveTVMFFIAnyRawToAny(result).cast<String>(), "abcd");
}

TEST(Function, ExportsDeclareTheAbiVersion) {
  // SPEC: VER-ABI-SYMBOL, VER-HEADER-MACROS
  EXPECT_EQ(__tvm_ffi__abi_version.major, static_cast<uint32_t>(TVM_FFI_VERSION_MAJOR));
  EXPECT_EQ(__tvm_ffi__abi_version.minor, static_cast<uint32_t>(TVM_FFI_VERSION_MINOR));
  EXPECT_EQ(__tvm_ffi__abi_version.patch, static_cast<uint32_t>(TVM_FFI_VERSION_PATCH));
  TVMFFIVersion runtime;
  TVMFFIGetVersion(&runtime);
  EXPECT_EQ(runtime.major, __tvm_ffi__abi_version.major);
  EXPECT_EQ(runtime.minor, __tvm_ffi__abi_version.minor);
}

TEST(TypedFunction, CallsAndConvertsTheResult) {
  TypedFunction<int(int, int)> add = [](int a, int b) { return a + b; };
  EXPECT_EQ(add(2, 3), 5);
  TypedFunction<String(int)> wrong(Function::FromTyped([](int x) { return x; }));
  ExpectError([&] { wrong(1); }, "TypeError", "Cannot convert from type `int` to `str`");
  TypedFunction<void(int)> sink([](int) {}, "sink");
  sink(1);
  Function packed = add;
  EXPECT_EQ(packed(1, 1).cast<int>(), 2);
  Any held = add;
  EXPECT_EQ(held.cast<TypedFunction<int(int, int)>>()(4, 4), 8);
  EXPECT_EQ(TypeTraits<TypedFunction<int(int, String)>>::TypeStr(), "(0: int, 1: str) -> int");
  EXPECT_TRUE(TypedFunction<void()>() == nullptr);
}

TEST(Function, CallExpectedReturnsErrorsInsteadOfThrowing) {
  Function f = Function::FromTyped([](int x) -> int {
    if (x == 0) TVM_FFI_THROW(ValueError) << "zero";
    return 10 / x;
  });
  Expected<int> ok = f.CallExpected<int>(2);
  ASSERT_TRUE(ok.is_ok());
  EXPECT_EQ(ok.value(), 5);
  Expected<int> err = f.CallExpected<int>(0);
  ASSERT_TRUE(err.is_err());
  EXPECT_EQ(err.error().kind(), "ValueError");
  Expected<String> mismatch = f.CallExpected<String>(1);
  ASSERT_TRUE(mismatch.is_err());
  EXPECT_EQ(mismatch.error().kind(), "TypeError");
  EXPECT_TRUE(Function::FromTyped([]() {}).CallExpected<void>().is_ok());
  ExpectError([] { Function(nullptr)(); }, "RuntimeError", "null Function");
}

TEST(Function, MetadataTypeSchema) {
  // SPEC: MOD-METADATA-SYMBOL
  using Info = detail::FunctionInfo<decltype(&AddIntFloat)>;
  EXPECT_EQ(Info::TypeSchema(),
            R"({"type":"ffi.Function","named_args":{"return":[{"type":"float"}],)"
            R"("params":[{"type":"int"},{"type":"float"}]}})");
}

}  // namespace
}  // namespace cpptest
