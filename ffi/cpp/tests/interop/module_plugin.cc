// ffi/cpp/tests/interop/module_plugin.cc: a C++ module that uses tvm::ffi::Module / ModuleObj, built
// once with our headers and once with the reference headers (module_test.cmake).
//
// It calls virtual functions of Modules the host made, calls the runtime's
// exported ModuleObj members, reads imports inline, and returns a ModuleObj
// subclass of its own whose vtable the host then calls (SPEC MODULE-VTABLE).
#include <tvm/ffi/c_api.h>
#include <tvm/ffi/error.h>
#include <tvm/ffi/extra/c_env_api.h>
#include <tvm/ffi/extra/module.h>
#include <tvm/ffi/function.h>
#include <tvm/ffi/memory.h>
#include <tvm/ffi/string.h>

#include <cstring>
#include <string>

using namespace tvm::ffi;  // NOLINT(build/namespaces)

extern "C" {
TVM_FFI_DLL_EXPORT void* __tvm_ffi__library_ctx = nullptr;
}

namespace {

std::string Str(const String& s) { return std::string(s.data(), s.size()); }

class PluginModuleObj : public ModuleObj {
 public:
  const char* kind() const final { return "plugin"; }
  int GetPropertyMask() const final { return Module::kRunnable; }
  Optional<Function> GetFunction(const String& name) final {
    if (Str(name) == "mul2") return Function::FromTyped([](int64_t x) { return x * 2; });
    return std::nullopt;
  }
  Optional<String> GetFunctionDoc(const String& name) final {
    if (Str(name) == "mul2") return String("Doubles an integer.");
    return std::nullopt;
  }
  String InspectSource(const String& format) const final { return String("src:" + Str(format)); }
};

// Calls a host-made module through its vtable (GetFunction(name)).
int64_t CallModuleFn(Module mod, String name, int64_t x) {
  Optional<Function> f = mod->GetFunction(name);
  if (!f.has_value()) TVM_FFI_THROW(AttributeError) << "module has no function " << Str(name);
  return (*f)(x).cast<int64_t>();
}

String ModuleKind(Module mod) { return String(mod->kind()); }

// The runtime's exported non-virtual members.
bool ModuleImplements(Module mod, String name) { return mod->ImplementsFunction(name, true); }
int64_t CallViaImports(Module mod, String name, int64_t x) {
  Optional<Function> f = mod->GetFunction(name, true);
  if (!f.has_value()) TVM_FFI_THROW(AttributeError) << "not found: " << Str(name);
  return (*f)(x).cast<int64_t>();
}

Module MakePlugin() { return Module(make_object<PluginModuleObj>()); }
void ImportInto(Module parent, Module child) { parent->ImportModule(child); }
int64_t ImportCount(Module mod) { return static_cast<int64_t>(mod->imports().size()); }

// SPEC MOD-LOOKUP-IMPORTS from C++ code, through this library's ctx.
int64_t CallImport(String name, int64_t x) {
  TVMFFIObjectHandle f = nullptr;
  std::string n = Str(name);
  if (TVMFFIEnvModLookupFromImports(__tvm_ffi__library_ctx, n.c_str(), &f) != 0) {
    TVMFFIObjectHandle err = nullptr;
    TVMFFIErrorMoveFromRaised(&err);
    TVMFFIObjectDecRef(err);
    TVM_FFI_THROW(AttributeError) << "lookup from imports failed: " << n;
  }
  TVMFFIAny arg;
  std::memset(&arg, 0, sizeof(arg));
  arg.type_index = kTVMFFIInt;
  arg.v_int64 = x;
  TVMFFIAny result;
  std::memset(&result, 0, sizeof(result));
  if (TVMFFIFunctionCall(f, &arg, 1, &result) != 0 || result.type_index != kTVMFFIInt) {
    TVM_FFI_THROW(RuntimeError) << "imported function failed";
  }
  return result.v_int64;
}

}  // namespace

TVM_FFI_DLL_EXPORT_TYPED_FUNC(call_module_fn, CallModuleFn);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(module_kind, ModuleKind);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(module_implements, ModuleImplements);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(call_via_imports, CallViaImports);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(make_plugin, MakePlugin);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(import_into, ImportInto);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(import_count, ImportCount);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(call_import, CallImport);
