// ffi/c/src/module.cc: the out-of-line members of tvm::ffi::ModuleObj / Module and the ffi.Module* globals.
//
// ModuleObj::ImportModule is the class's key function, so this file emits
// `vtable for tvm::ffi::ModuleObj` and its typeinfo; the class is TVM_FFI_DLL
// and libtvm_ffi.map exports them, together with the non-virtual members that
// code built from the reference headers calls (SPEC MODULE-VTABLE).
#include <tvm/ffi/extra/module.h>
#include <tvm/ffi/function_typed.h>
#include <tvm/ffi/reflection/registry.h>

#include <algorithm>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "error_internal.h"
#include "module_internal.h"

namespace tvm_ffi_rt {

using ::tvm::ffi::Any;
using ::tvm::ffi::Error;
using ::tvm::ffi::Module;
using ::tvm::ffi::ModuleObj;
using ::tvm::ffi::Object;
using ::tvm::ffi::ObjectPtr;
using ::tvm::ffi::ObjectRef;

// Rethrows a runtime-internal failure as the tvm::ffi::Error it stands for.
[[noreturn]] void module_rethrow_failure(const RuntimeFailure& failure) {
  throw Error(failure.kind, failure.message, "");
}

}  // namespace tvm_ffi_rt

namespace tvm {
namespace ffi {

namespace {

bool ImportsReach(const ModuleObj* from, const ModuleObj* target) {
  if (from == target) return true;
  for (const Any& item : from->imports()) {
    if (auto mod = item.try_cast<Module>()) {
      if (ImportsReach(mod->get(), target)) return true;
    }
  }
  return false;
}

}  // namespace

void ModuleObj::ImportModule(const Module& other) {
  if (ImportsReach(other.get(), this)) {
    TVM_FFI_THROW(ValueError) << "Module::ImportModule: importing a `" << other->kind()
                              << "` module into a `" << kind()
                              << "` module would create a cyclic dependency";
  }
  imports_.push_back(other);
}

void ModuleObj::ClearImports() { imports_ = Array<Any>(); }

// The imports are a read-only reflected field (`imports_`): bindings that reach modules only
// through reflection and the ffi.Module* globals read them this way.
struct ModuleObj::InternalUnsafe {
  static void RegisterReflection() {
    reflection::ObjectDef<ModuleObj>().def_ro("imports_", &ModuleObj::imports_,
                                              "The imported modules, in lookup order.");
  }
};

Optional<Function> ModuleObj::GetFunction(const String& name, bool query_imports) {
  Optional<Function> found = this->GetFunction(name);
  if (found.has_value() || !query_imports) return found;
  for (const Any& item : imports()) {
    if (auto mod = item.try_cast<Module>()) {
      found = (*mod)->GetFunction(name, true);
      if (found.has_value()) return found;
    }
  }
  return std::nullopt;
}

bool ModuleObj::ImplementsFunction(const String& name, bool query_imports) {
  if (this->ImplementsFunction(name)) return true;
  if (!query_imports) return false;
  for (const Any& item : imports()) {
    if (auto mod = item.try_cast<Module>()) {
      if ((*mod)->ImplementsFunction(name, true)) return true;
    }
  }
  return false;
}

Optional<String> ModuleObj::GetFunctionDoc(const String& name, bool query_imports) {
  Optional<String> found = this->GetFunctionDoc(name);
  if (found.has_value() || !query_imports) return found;
  for (const Any& item : imports()) {
    if (auto mod = item.try_cast<Module>()) {
      found = (*mod)->GetFunctionDoc(name, true);
      if (found.has_value()) return found;
    }
  }
  return std::nullopt;
}

Optional<String> ModuleObj::GetFunctionMetadata(const String& name, bool query_imports) {
  Optional<String> found = this->GetFunctionMetadata(name);
  if (found.has_value() || !query_imports) return found;
  for (const Any& item : imports()) {
    if (auto mod = item.try_cast<Module>()) {
      found = (*mod)->GetFunctionMetadata(name, true);
      if (found.has_value()) return found;
    }
  }
  return std::nullopt;
}

Module Module::LoadFromFile(const String& file_name) {
  std::string path = file_name;
  size_t dot = path.rfind('.');
  if (dot == std::string::npos) {
    TVM_FFI_THROW(RuntimeError) << "Module::LoadFromFile: cannot get the file format of `" << path
                                << "`: the name has no extension";
  }
  std::string fmt = path.substr(dot + 1);
  if (fmt == "dll" || fmt == "dylib" || fmt == "dso") fmt = "so";
  std::string loader_name = "ffi.Module.load_from_file." + fmt;
  std::optional<Function> loader = Function::GetGlobal(loader_name);
  if (!loader.has_value()) {
    TVM_FFI_THROW(RuntimeError) << "Module::LoadFromFile: cannot load `" << path
                                << "`: no loader for `." << fmt << "` files (global `"
                                << loader_name << "` is not registered)";
  }
  return (*loader)(file_name, String(fmt)).cast<Module>();
}

void Module::VisitContextSymbols(const TypedFunction<void(String, void*)>& callback) {
  for (const auto& [name, value] : tvm_ffi_rt::module_context_symbols()) {
    callback(String(name), value);
  }
}

}  // namespace ffi
}  // namespace tvm

namespace tvm_ffi_rt {
namespace {

using ::tvm::ffi::Bytes;
using ::tvm::ffi::Function;
using ::tvm::ffi::Optional;
using ::tvm::ffi::String;

// Modules kept alive for the whole process by ffi.ModuleGlobalsAdd.
struct KeptModules {
  std::mutex mutex;
  std::vector<Module> modules;
};
KeptModules& kept_modules() {
  static KeptModules* kept = new KeptModules();  // outlives static destructors
  return *kept;
}

void set_global(const char* name, Function f) { Function::SetGlobal(name, std::move(f), true); }

__attribute__((constructor)) void register_module_globals() {
  try {
    ModuleObj::InternalUnsafe::RegisterReflection();
    // SPEC MOD-LOAD-FILE.
    set_global("ffi.ModuleLoadFromFile",
               Function::FromTyped([](String path) { return Module::LoadFromFile(path); }));
    set_global("ffi.ModuleGetFunction",
               Function::FromTyped([](Module mod, String name, bool query_imports) {
                 return mod->GetFunction(name, query_imports);
               }));
    set_global("ffi.ModuleImplementsFunction",
               Function::FromTyped([](Module mod, String name, bool query_imports) {
                 return mod->ImplementsFunction(name, query_imports);
               }));
    set_global("ffi.ModuleGetFunctionMetadata",
               Function::FromTyped([](Module mod, String name, bool query_imports) {
                 return mod->GetFunctionMetadata(name, query_imports);
               }));
    set_global("ffi.ModuleGetFunctionDoc",
               Function::FromTyped([](Module mod, String name, bool query_imports) {
                 return mod->GetFunctionDoc(name, query_imports);
               }));
    set_global("ffi.ModuleGetKind",
               Function::FromTyped([](Module mod) { return String(mod->kind()); }));
    set_global("ffi.ModuleGetPropertyMask",
               Function::FromTyped([](Module mod) { return mod->GetPropertyMask(); }));
    set_global("ffi.ModuleInspectSource", Function::FromTyped([](Module mod, String fmt) {
                 return mod->InspectSource(fmt);
               }));
    set_global("ffi.ModuleGetWriteFormats", Function::FromTyped([](Module mod) {
                 return mod->GetWriteFormats();
               }));
    set_global("ffi.ModuleWriteToFile",
               Function::FromTyped([](Module mod, String file_name, String fmt) {
                 mod->WriteToFile(file_name, fmt);
               }));
    set_global("ffi.ModuleImportModule", Function::FromTyped([](Module mod, Module other) {
                 mod->ImportModule(other);
               }));
    set_global("ffi.ModuleClearImports",
               Function::FromTyped([](Module mod) { mod->ClearImports(); }));
    set_global("ffi.ModuleGlobalsAdd", Function::FromTyped([](Module mod) {
                 std::lock_guard<std::mutex> lock(kept_modules().mutex);
                 kept_modules().modules.push_back(mod);
               }));
    set_global("ffi.ModuleGlobalsRemove", Function::FromTyped([](Module mod) {
                 std::lock_guard<std::mutex> lock(kept_modules().mutex);
                 auto& mods = kept_modules().modules;
                 auto it = std::find_if(mods.begin(), mods.end(),
                                        [&](const Module& m) { return m.same_as(mod); });
                 if (it != mods.end()) mods.erase(it);
               }));
  } catch (...) {
    // Registration only fails when memory runs out; the globals are then absent.
  }
}

}  // namespace
}  // namespace tvm_ffi_rt
