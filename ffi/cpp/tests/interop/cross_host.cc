// ffi/cpp/tests/interop/cross_host.cc: loads cross_module and checks that errors and objects cross it intact.
//
// Usage: cross_host <module.so>. The runtime is whichever libtvm_ffi.so the
// dynamic linker finds (ctest sets LD_LIBRARY_PATH), ours or the reference's.
// Prints FAIL and exits 1 when a check fails.
#include <dlfcn.h>
#include <tvm/ffi/error.h>
#include <tvm/ffi/function.h>
#include <tvm/ffi/memory.h>
#include <tvm/ffi/string.h>

#include <cstdio>
#include <string>
#include <typeinfo>

#include "host_open.h"

using namespace tvm::ffi;  // NOLINT(build/namespaces)

class CrossObj : public Object {
 public:
  int64_t value = 0;
  explicit CrossObj(int64_t v) : value(v) {}
  TVM_FFI_DECLARE_OBJECT_INFO("cpptest.interop.CrossObj", CrossObj, Object);
};

namespace {
int failures = 0;
void Check(bool ok, const char* what) {
  std::printf("  %s %s\n", ok ? "ok  " : "FAIL", what);
  if (!ok) ++failures;
}
}  // namespace

int main(int argc, char** argv) {
  int exit_code = 0;
  void* lib = host_open::OpenModuleArg(argc, argv, "cross_host <module.so>", &exit_code);
  if (lib == nullptr) return exit_code;
  auto symbol = [&](const char* name) {
    auto* f = reinterpret_cast<TVMFFISafeCallType>(dlsym(lib, name));
    if (f == nullptr) std::printf("FAIL missing %s\n", name);
    return Function::FromExternC(nullptr, f, nullptr);
  };
  try {
    // SPEC: ERR-FOREIGN-EXCEPTION, CALL-RETURN-CODES (exercised across libraries)
    Check(symbol("__tvm_ffi_throw_and_catch")(7).cast<String>() == "ValueError:inner 7",
          "Error thrown and caught inside the module");
    try {
      symbol("__tvm_ffi_throw_out")(5);
      Check(false, "module error reaches the host");
    } catch (const Error& e) {
      Check(e.kind() == "IndexError" && e.message() == "out of range 5",
            "module error reaches the host with its kind and message");
      Check(e.backtrace().find("cross_module.cc") != std::string::npos,
            "module error keeps its backtrace");
    }
    Function host_callback = Function::FromTyped([](int x) -> int {
      TVM_FFI_THROW(KeyError) << "from host " << x;
      TVM_FFI_UNREACHABLE();
    });
    Check(symbol("__tvm_ffi_call_back")(host_callback).cast<String>() ==
              "caught KeyError: from host 1",
          "host error caught as tvm::ffi::Error inside the module");
    ObjectRef made = symbol("__tvm_ffi_make_obj")(41).cast<ObjectRef>();
    Check(made.as<CrossObj>() != nullptr && made.as<CrossObj>()->value == 41,
          "module-made object is an instance of the host's class");
    Check(symbol("__tvm_ffi_read_obj")(ObjectRef(make_object<CrossObj>(9))).cast<int64_t>() == 9,
          "host-made object is an instance of the module's class");
  } catch (const Error& e) {
    std::printf("FAIL unexpected error: %s\n", e.FullMessage().c_str());
    return 1;
  }

  auto throw_cxx = reinterpret_cast<void (*)()>(dlsym(lib, "cross_throw_cxx"));
  try {
    throw_cxx();
    Check(false, "C++ exception crosses the library boundary");
  } catch (const Error& e) {
    Check(e.kind() == "TypeError" && std::string(e.what()) == "thrown across libraries" &&
              e.FullMessage().find("cross_module.cc") != std::string::npos,
          "an Error thrown by the module is caught as tvm::ffi::Error by the host");
  } catch (...) {
    Check(false, "an Error thrown by the module is caught as tvm::ffi::Error by the host");
  }

  void* runtime = dlopen(host_open::RuntimePath(), RTLD_NOW | RTLD_NOLOAD);
  Check(runtime != nullptr && dlsym(runtime, "_ZTIN3tvm3ffi5ErrorE") != nullptr &&
            dlsym(runtime, "_ZTVN3tvm3ffi5ErrorE") != nullptr,
        "the runtime exports typeinfo and vtable for tvm::ffi::Error");
  auto module_typeinfo = reinterpret_cast<const void* (*)()>(dlsym(lib, "cross_error_typeinfo"))();
  Check(module_typeinfo == static_cast<const void*>(&typeid(Error)),
        "the module's typeinfo for tvm::ffi::Error is the process-wide one");
  if (runtime != nullptr) dlclose(runtime);
  std::printf("%s\n", failures == 0 ? "cross_host: all checks passed" : "cross_host: FAIL");
  return failures == 0 ? 0 : 1;
}
