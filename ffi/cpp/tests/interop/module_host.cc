// ffi/cpp/tests/interop/module_host.cc: drives module_plugin through tvm::ffi::Module (our headers).
//
// Usage: module_host <module_plugin.so> [--keep-library]. --keep-library leaks
// the library module at exit: the reference runtime unloads a library before
// it releases that module's import cache, which may hold module-made objects. The runtime is whichever libtvm_ffi.so
// the dynamic linker finds (ctest sets LD_LIBRARY_PATH): ours or the
// reference's, so Module::LoadFromFile and the ModuleObj vtable/typeinfo bind
// to either. Prints FAIL and exits 1 when a check fails.
#include <tvm/ffi/error.h>
#include <tvm/ffi/extra/module.h>
#include <tvm/ffi/function.h>
#include <tvm/ffi/memory.h>
#include <tvm/ffi/string.h>

#include <cstdio>
#include <string>

#include "host_open.h"

using namespace tvm::ffi;  // NOLINT(build/namespaces)

namespace {

int failures = 0;
void Check(bool ok, const char* what) {
  std::printf("  %s %s\n", ok ? "ok  " : "FAIL", what);
  if (!ok) ++failures;
}

class HostModuleObj : public ModuleObj {
 public:
  const char* kind() const override { return "hostmod"; }
  Optional<Function> GetFunction(const String& name) override {
    if (std::string(name) == "host_add") {
      return Function::FromTyped([](int64_t x) { return x + 100; });
    }
    return std::nullopt;
  }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2 && argc != 3) {
    std::printf("usage: module_host <module_plugin.so> [--keep-library]\n");
    return 2;
  }
  std::printf("runtime %s\nmodule  %s\n", host_open::RuntimePath(), argv[1]);
  try {
    // SPEC: MOD-LOAD-FILE (the exported Module::LoadFromFile of either runtime)
    Module lib = Module::LoadFromFile(argv[1]);
    Check(std::string(lib->kind()) == "library", "LoadFromFile gives a library module");
    Module host(make_object<HostModuleObj>());
    auto fn = [&](const char* name) { return lib->GetFunction(name).value(); };

    // SPEC: MODULE-VTABLE (the module calls the host's vtable)
    Check(fn("call_module_fn")(host, "host_add", 1).cast<int64_t>() == 101,
          "module calls GetFunction on a host-made Module");
    Check(fn("module_kind")(host).cast<String>() == "hostmod", "module calls kind()");
    try {
      fn("call_module_fn")(host, "nope", 1);
      Check(false, "missing function raises");
    } catch (const Error& e) {
      Check(e.kind() == "AttributeError", "missing function raises AttributeError");
    }

    // SPEC: MODULE-VTABLE (the host calls the module's vtable)
    Module plugin = fn("make_plugin")().cast<Module>();
    Check(std::string(plugin->kind()) == "plugin", "host calls kind() of a module-made Module");
    Check(plugin->GetPropertyMask() == Module::kRunnable, "GetPropertyMask");
    Check(plugin->GetFunction("mul2").value()(21).cast<int64_t>() == 42, "GetFunction");
    Check(plugin->ImplementsFunction("mul2") && !plugin->ImplementsFunction("x"),
          "ImplementsFunction (default virtual)");
    Check(plugin->GetFunctionDoc("mul2").value() == "Doubles an integer.", "GetFunctionDoc");
    Check(!plugin->GetFunctionMetadata("mul2").has_value(), "GetFunctionMetadata default");
    Check(plugin->InspectSource("c") == "src:c", "InspectSource");

    // SPEC: MODULE-ACCESS (the soft-ABI globals reach a module-made Module)
    Function get = Function::GetGlobalRequired("ffi.ModuleGetFunction");
    Check(get(plugin, "mul2", false).cast<Function>()(5).cast<int64_t>() == 10,
          "ffi.ModuleGetFunction on a module-made Module");
    Check(Function::GetGlobalRequired("ffi.ModuleGetKind")(plugin).cast<String>() == "plugin",
          "ffi.ModuleGetKind");

    // Imports: the runtime's ImportModule, read back inline on both sides.
    fn("import_into")(lib, host);
    host->ImportModule(plugin);
    Check(fn("import_count")(lib).cast<int64_t>() == 1, "module reads the library's imports");
    Check(fn("import_count")(host).cast<int64_t>() == 1, "module reads a host module's imports");
    Check(lib->imports().size() == 1 && host->imports().size() == 1, "host reads imports");
    Check(fn("module_implements")(lib, "mul2").cast<bool>(), "ImplementsFunction(name, true)");
    Check(fn("call_via_imports")(lib, "mul2", 4).cast<int64_t>() == 8,
          "GetFunction(name, true) through two levels");
    Check(lib->GetFunction("host_add", true).value()(1).cast<int64_t>() == 101,
          "host GetFunction(name, true)");
    // SPEC: MOD-LIBRARY-CTX, MOD-LOOKUP-IMPORTS
    Check(fn("call_import")("host_add", 2).cast<int64_t>() == 102,
          "TVMFFIEnvModLookupFromImports from the module");
    Check(fn("call_import")("mul2", 3).cast<int64_t>() == 6, "lookup is recursive");
    host->ClearImports();
    Check(host->imports().empty(), "ClearImports");
    if (argc == 3 && std::string(argv[2]) == "--keep-library") new Module(lib);
  } catch (const Error& e) {
    std::printf("FAIL uncaught %s: %s\n", e.kind().c_str(), e.message().c_str());
    return 1;
  }
  if (failures != 0) return 1;
  std::printf("module interop: all passed\n");
  return 0;
}
