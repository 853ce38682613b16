// ffi/c/tests/test_module_symbols.cc: §12 what can be checked of module symbols without a
// module loader: system-lib registration and the error paths of TVMFFIEnvModLookupFromImports.
#include <gtest/gtest.h>
#include <tvm/ffi/c_api.h>
#include <tvm/ffi/extra/c_env_api.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "test_helpers.h"

namespace {

using namespace tvm_ffi_test;

int SysLibA(void*, const TVMFFIAny*, int32_t, TVMFFIAny* result) {
  *result = IntAny(1);
  return 0;
}
int SysLibB(void*, const TVMFFIAny*, int32_t, TVMFFIAny* result) {
  *result = IntAny(2);
  return 0;
}
int SysLibPrefixed(void*, const TVMFFIAny*, int32_t, TVMFFIAny* result) {
  *result = IntAny(3);
  return 0;
}

// Calls `mod`'s function `name` through ffi.ModuleGetFunction; returns its int result or -1.
int64_t CallModuleFunction(TVMFFIObjectHandle get_function, TVMFFIObjectHandle mod,
                           const char* name) {
  TVMFFIAny args[3] = {ObjectAny(mod), RawStrAny(name), BoolAny(false)};
  TVMFFIAny fn = NoneAny();
  if (TVMFFIFunctionCall(get_function, args, 3, &fn) != 0 || fn.type_index != kTVMFFIFunction) {
    ClearRaised();
    ReleaseAny(&fn);
    return -1;
  }
  TVMFFIAny result = NoneAny();
  int rc = TVMFFIFunctionCall(fn.v_obj, nullptr, 0, &result);
  ReleaseAny(&fn);
  if (rc != 0) {
    ClearRaised();
    return -1;
  }
  return result.v_int64;
}

// SPEC: MOD-SYSTEM-LIB, EXT-THREADSAFE-REGISTRY
TEST(SystemLib, RegistrationOfASymbolAndReRegistrationAtANewAddressBothSucceed) {
  void* a = reinterpret_cast<void*>(&SysLibA);
  void* b = reinterpret_cast<void*>(&SysLibB);
  ASSERT_EQ(TVMFFIEnvModRegisterSystemLibSymbol("__tvm_ffi_test_syslib_f", a), 0);
  ASSERT_EQ(TVMFFIEnvModRegisterSystemLibSymbol("__tvm_ffi_test_syslib_f", a), 0) << "same again";
  ASSERT_EQ(TVMFFIEnvModRegisterSystemLibSymbol("__tvm_ffi_test_syslib_f", b), 0)
      << "the last registration wins; it is not an error";
  ASSERT_EQ(TVMFFIEnvModRegisterSystemLibSymbol("__tvm_ffi_testpfx_f",
                                                reinterpret_cast<void*>(&SysLibPrefixed)),
            0);
  EXPECT_NOTHING_RAISED();
  // Concurrent registrations are safe.
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([t, a, &failures] {
      for (int i = 0; i < 200; ++i) {
        std::string name = "__tvm_ffi_test_syslib_t" + std::to_string(t) + "_" + std::to_string(i);
        if (TVMFFIEnvModRegisterSystemLibSymbol(name.c_str(), a) != 0) failures.fetch_add(1);
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  // Resolution through ffi.SystemLib, where the runtime provides the module loader.
  TVMFFIByteArray sys_name = ByteArray("ffi.SystemLib");
  TVMFFIByteArray get_name = ByteArray("ffi.ModuleGetFunction");
  TVMFFIObjectHandle system_lib = nullptr, get_function = nullptr;
  ASSERT_EQ(TVMFFIFunctionGetGlobal(&sys_name, &system_lib), 0);
  ASSERT_EQ(TVMFFIFunctionGetGlobal(&get_name, &get_function), 0);
  if (system_lib != nullptr && get_function != nullptr) {
    TVMFFIAny prefix = RawStrAny("testpfx_");
    TVMFFIAny m1 = NoneAny(), m2 = NoneAny(), plain = NoneAny();
    ASSERT_EQ(TVMFFIFunctionCall(system_lib, &prefix, 1, &m1), 0) << TakeRaisedDescription();
    ASSERT_EQ(TVMFFIFunctionCall(system_lib, &prefix, 1, &m2), 0);
    EXPECT_EQ(m1.v_obj, m2.v_obj) << "one module per prefix for the whole process";
    EXPECT_EQ(CallModuleFunction(get_function, m1.v_obj, "f"), 3) << "__tvm_ffi_<prefix><name>";
    EXPECT_EQ(CallModuleFunction(get_function, m1.v_obj, "test_syslib_f"), 2)
        << "then __tvm_ffi_<name>, with the last registration winning";
    TVMFFIAny no_prefix = RawStrAny("");
    ASSERT_EQ(TVMFFIFunctionCall(system_lib, &no_prefix, 1, &plain), 0);
    EXPECT_EQ(CallModuleFunction(get_function, plain.v_obj, "test_syslib_f"), 2);
    ReleaseAny(&m1);
    ReleaseAny(&m2);
    ReleaseAny(&plain);
  }
  if (system_lib != nullptr) TVMFFIObjectDecRef(system_lib);
  if (get_function != nullptr) TVMFFIObjectDecRef(get_function);
}

// SPEC: MOD-LOOKUP-IMPORTS, EXT-NULL-ARGS, EXT-NO-ABORT
TEST(ModLookupFromImports, NullArgumentsAreValueErrorsAndAContextThatIsNoLoadedModuleFails) {
  TVMFFIObjectHandle out = reinterpret_cast<TVMFFIObjectHandle>(0x77);
  EXPECT_EQ(TVMFFIEnvModLookupFromImports(nullptr, "f", &out), -1);
  EXPECT_RAISED("ValueError", "TVMFFIEnvModLookupFromImports: `library_ctx` must not be NULL");
  int fake_ctx = 0;
  EXPECT_EQ(TVMFFIEnvModLookupFromImports(&fake_ctx, nullptr, &out), -1);
  EXPECT_RAISED("ValueError", "TVMFFIEnvModLookupFromImports: `func_name` must not be NULL");
  EXPECT_EQ(TVMFFIEnvModLookupFromImports(&fake_ctx, "f", nullptr), -1);
  EXPECT_RAISED("ValueError", "TVMFFIEnvModLookupFromImports: `out` must not be NULL");
  EXPECT_EQ(out, reinterpret_cast<TVMFFIObjectHandle>(0x77));
}

}  // namespace
