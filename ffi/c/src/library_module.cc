// ffi/c/src/library_module.cc: modules over dlopen'ed libraries and the system-lib table (SPEC §12).
//
// A LibraryModule resolves function `<name>` as the SafeCall symbol
// `__tvm_ffi_<name>`, called with handle NULL; each Function it hands out
// holds the library, so the code stays mapped while the Function lives
// (SPEC MOD-SYMBOL-NAME). Loading writes the module handle into
// `__tvm_ffi__library_ctx` (MOD-LIBRARY-CTX) and builds the import tree of
// `__tvm_ffi__library_bin` (MOD-LIBRARY-BIN); TVMFFIEnvModLookupFromImports
// resolves through the imports with a per-module cache (MOD-LOOKUP-IMPORTS).
#include <dlfcn.h>
#include <link.h>
#include <tvm/ffi/extra/c_env_api.h>
#include <tvm/ffi/extra/module.h>

#include <limits>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "error_internal.h"
#include "library_internal.h"
#include "module_internal.h"

namespace tvm_ffi_rt {

using ::tvm::ffi::Any;
using ::tvm::ffi::AnyView;
using ::tvm::ffi::Bytes;
using ::tvm::ffi::Error;
using ::tvm::ffi::Function;
using ::tvm::ffi::make_object;
using ::tvm::ffi::Module;
using ::tvm::ffi::ModuleObj;
using ::tvm::ffi::Object;
using ::tvm::ffi::ObjectPtr;
using ::tvm::ffi::ObjectRef;
using ::tvm::ffi::Optional;
using ::tvm::ffi::String;

// Defined in module.cc.
[[noreturn]] void module_rethrow_failure(const RuntimeFailure& failure);

namespace {

constexpr const char* kSymbolPrefix = "__tvm_ffi_";
constexpr const char* kDocPrefix = "__tvm_ffi__doc_";
constexpr const char* kMetadataPrefix = "__tvm_ffi__metadata_";

// A module whose functions are SafeCall symbols found by name.
class SymbolModuleObj : public ModuleObj {
 public:
  int GetPropertyMask() const override {
    return Module::kBinarySerializable | Module::kRunnable;
  }
  Optional<Function> GetFunction(const String& name) override {
    void* sym = FindSymbol(kSymbolPrefix, name);
    if (sym == nullptr) return std::nullopt;
    return WrapSymbol(reinterpret_cast<TVMFFISafeCallType>(sym));
  }
  bool ImplementsFunction(const String& name) override {
    return FindSymbol(kSymbolPrefix, name) != nullptr;
  }
  Optional<String> GetFunctionDoc(const String& name) override {
    return CallStringSymbol(kDocPrefix, name);
  }
  Optional<String> GetFunctionMetadata(const String& name) override {
    return CallStringSymbol(kMetadataPrefix, name);
  }

  // SPEC MOD-LOOKUP-IMPORTS: `name` in the imports, recursively; cached for
  // the module's lifetime. Returns a borrowed handle, or nullptr.
  TVMFFIObjectHandle LookupFromImports(const std::string& name) {
    {
      std::lock_guard<std::mutex> lock(cache_mutex_);
      auto it = import_cache_.find(name);
      if (it != import_cache_.end()) {
        return ::tvm::ffi::detail::ObjectUnsafe::TVMFFIObjectPtrFromObjectRef(it->second);
      }
    }
    for (const Any& item : imports()) {
      if (auto mod = item.try_cast<Module>()) {
        Optional<Function> f = (*mod)->GetFunction(name, true);
        if (f.has_value()) {
          std::lock_guard<std::mutex> lock(cache_mutex_);
          auto [it, inserted] = import_cache_.emplace(name, *f);
          (void)inserted;
          return ::tvm::ffi::detail::ObjectUnsafe::TVMFFIObjectPtrFromObjectRef(it->second);
        }
      }
    }
    return nullptr;
  }

 protected:
  // Drops the cached Functions and the imports: they may hold objects whose
  // deleters live in this module's library, so they go before it is closed.
  void ReleaseImports() {
    {
      std::lock_guard<std::mutex> lock(cache_mutex_);
      import_cache_.clear();
    }
    imports_ = ::tvm::ffi::Array<Any>();
  }
  // Address of `<sym_prefix><name>` (with any module-specific rule), or nullptr.
  virtual void* FindSymbol(const char* sym_prefix, const std::string& name) const = 0;
  // A Function calling `f(NULL, ...)`, keeping whatever `f` needs alive.
  virtual Function WrapSymbol(TVMFFISafeCallType f) const = 0;

 private:
  Optional<String> CallStringSymbol(const char* sym_prefix, const std::string& name) const {
    void* sym = FindSymbol(sym_prefix, name);
    if (sym == nullptr) return std::nullopt;
    Any result = Function::InvokeExternC(nullptr, reinterpret_cast<TVMFFISafeCallType>(sym));
    return result.cast<String>();
  }

  std::mutex cache_mutex_;
  std::unordered_map<std::string, Function> import_cache_;
};

// A Function calling a module symbol with handle NULL (SPEC MOD-SYMBOL-NAME), keeping `owner_` (the
// library) mapped for as long as it lives. Its safe_call is a tail call into the symbol: the
// symbol already follows the safe-call contract, so no C++ frame, try block or error re-raise is
// needed in between, and a call costs one extra jump (benchmarks/cpp_call.cc).
class SymbolFunctionObj : public ::tvm::ffi::FunctionObj {
 public:
  SymbolFunctionObj(TVMFFISafeCallType symbol, std::shared_ptr<void> owner)
      : symbol_(symbol), owner_(std::move(owner)) {
    this->safe_call = Call;
  }

 private:
  static int Call(void* handle, const TVMFFIAny* args, int32_t num_args, TVMFFIAny* result) {
    auto* self = static_cast<SymbolFunctionObj*>(reinterpret_cast<::tvm::ffi::Object*>(handle));
    return self->symbol_(nullptr, args, num_args, result);
  }

  TVMFFISafeCallType symbol_;
  std::shared_ptr<void> owner_;
};

Function WrapWithOwner(TVMFFISafeCallType f, std::shared_ptr<void> owner) {
  return Function(::tvm::ffi::ObjectPtr<::tvm::ffi::FunctionObj>(
      ::tvm::ffi::make_object<SymbolFunctionObj>(f, std::move(owner))));
}

class LibraryModuleObj final : public SymbolModuleObj {
 public:
  explicit LibraryModuleObj(std::shared_ptr<Library> lib) : lib_(std::move(lib)) {}
  ~LibraryModuleObj() {
    // Functions may keep the library mapped after the module is gone; make
    // its lookups fail cleanly instead of reading a freed module.
    if (ctx_slot_ != nullptr && *ctx_slot_ == ::tvm::ffi::detail::ObjectUnsafe::GetHeader(this)) {
      *ctx_slot_ = nullptr;
    }
    ReleaseImports();
  }
  const char* kind() const override { return "library"; }
  const std::shared_ptr<Library>& library() const { return lib_; }
  void set_ctx_slot(void** slot) { ctx_slot_ = slot; }

 protected:
  void* FindSymbol(const char* sym_prefix, const std::string& name) const override {
    return lib_->symbol(sym_prefix + name);
  }
  Function WrapSymbol(TVMFFISafeCallType f) const override { return WrapWithOwner(f, lib_); }

 private:
  std::shared_ptr<Library> lib_;
  void** ctx_slot_ = nullptr;
};

// SPEC MOD-SYSTEM-LIB: `<prefix><name>`, then `<name>`, in the system-lib table.
class SystemLibModuleObj final : public SymbolModuleObj {
 public:
  explicit SystemLibModuleObj(std::string prefix) : prefix_(std::move(prefix)) {}
  const char* kind() const override { return "library"; }

 protected:
  void* FindSymbol(const char* sym_prefix, const std::string& name) const override {
    if (!prefix_.empty()) {
      if (void* sym = module_system_lib_symbol(sym_prefix + prefix_ + name)) return sym;
    }
    return module_system_lib_symbol(sym_prefix + name);
  }
  Function WrapSymbol(TVMFFISafeCallType f) const override { return WrapWithOwner(f, nullptr); }

 private:
  std::string prefix_;
};

// Size of the data object at `addr` from the dynamic symbol table, or 0.
size_t symbol_size(const void* addr) {
  Dl_info info;
  ElfW(Sym)* sym = nullptr;
  if (dladdr1(addr, &info, reinterpret_cast<void**>(&sym), RTLD_DL_SYMENT) == 0 || sym == nullptr) {
    return 0;
  }
  return static_cast<size_t>(sym->st_size);
}

// SPEC MOD-LIBRARY-BIN: builds the import tree and returns its root.
Module ProcessLibraryBin(const char* blob, const Module& lib_module, const std::string& path) {
  size_t capacity = symbol_size(blob);
  if (capacity == 0) capacity = std::numeric_limits<size_t>::max() / 2;
  LibraryBin bin;
  try {
    bin = library_parse_bin(blob, capacity);
  } catch (const RuntimeFailure& failure) {
    throw Error(failure.kind, "cannot load `" + path + "`: " + failure.message, "");
  }
  if (bin.modules.empty()) return lib_module;
  std::vector<Module> modules;
  for (const LibraryBin::Entry& entry : bin.modules) {
    if (entry.kind == "_lib") {
      modules.push_back(lib_module);
      continue;
    }
    std::string loader_name = "ffi.Module.load_from_bytes." + entry.kind;
    std::optional<Function> loader = Function::GetGlobal(loader_name);
    if (!loader.has_value()) {
      TVM_FFI_THROW(RuntimeError) << "cannot load `" << path << "`: its __tvm_ffi__library_bin "
                                  << "holds a `" << entry.kind << "` module, and the loader `"
                                  << loader_name << "` is not registered";
    }
    modules.push_back((*loader)(Bytes(entry.payload)).cast<Module>());
  }
  const auto& row_ptr = bin.import_tree_row_ptr;
  const auto& children = bin.import_tree_child_indices;
  if (row_ptr.size() != modules.size() + 1) {
    TVM_FFI_THROW(ValueError) << "cannot load `" << path << "`: __tvm_ffi__library_bin has "
                              << modules.size() << " modules but " << row_ptr.size()
                              << " import-tree row pointers";
  }
  for (size_t i = 0; i < modules.size(); ++i) {
    if (row_ptr[i] > row_ptr[i + 1] || row_ptr[i + 1] > children.size()) {
      TVM_FFI_THROW(ValueError) << "cannot load `" << path
                                << "`: __tvm_ffi__library_bin has a malformed import tree";
    }
    for (uint64_t j = row_ptr[i]; j < row_ptr[i + 1]; ++j) {
      if (children[j] >= modules.size()) {
        TVM_FFI_THROW(ValueError) << "cannot load `" << path
                                  << "`: __tvm_ffi__library_bin imports module " << children[j]
                                  << " of " << modules.size();
      }
      modules[i]->ImportModule(modules[children[j]]);
    }
  }
  return modules[0];
}

Module LoadLibraryModule(const std::string& path) {
  std::shared_ptr<Library> lib;
  try {
    lib = library_open(path);  // SPEC VER-MODULE-CHECK, MOD-CONTEXT-SYMBOLS
  } catch (const RuntimeFailure& failure) {
    module_rethrow_failure(failure);
  }
  ObjectPtr<LibraryModuleObj> node = make_object<LibraryModuleObj>(lib);
  if (void** slot = static_cast<void**>(lib->symbol("__tvm_ffi__library_ctx"))) {
    *slot = ::tvm::ffi::detail::ObjectUnsafe::GetHeader(node.get());
    node->set_ctx_slot(slot);
  }
  Module module(node);
  if (const char* blob = static_cast<const char*>(lib->symbol("__tvm_ffi__library_bin"))) {
    return ProcessLibraryBin(blob, module, path);
  }
  return module;
}

Module SystemLib(const std::string& prefix) {
  static std::mutex* mutex = new std::mutex();
  static auto* libs = new std::unordered_map<std::string, Module>();
  std::lock_guard<std::mutex> lock(*mutex);
  auto it = libs->find(prefix);
  if (it == libs->end()) {
    it = libs->emplace(prefix, Module(make_object<SystemLibModuleObj>(prefix))).first;
  }
  return it->second;
}

TVMFFIObjectHandle LookupFromImports(TVMFFIObjectHandle library_ctx, const std::string& name) {
  // Only runtime-made symbol modules are ever written into a library_ctx.
  auto* module = static_cast<SymbolModuleObj*>(
      static_cast<ModuleObj*>(reinterpret_cast<Object*>(library_ctx)));
  try {
    return module->LookupFromImports(name);
  } catch (const Error& error) {
    TVMFFIErrorSetRaised(::tvm::ffi::detail::ObjectUnsafe::TVMFFIObjectPtrFromObjectRef(error));
    throw ErrorAlreadyRaised{};
  }
}

__attribute__((constructor)) void register_library_module() {
  module_set_import_lookup(LookupFromImports);
  try {
    // SPEC MOD-LOAD-FILE: (path, fmt) -> Module.
    Function::SetGlobal(
        "ffi.Module.load_from_file.so",
        Function::FromPacked([](const AnyView* args, int32_t num_args, Any* rv) {
          if (num_args < 1) {
            TVM_FFI_THROW(TypeError) << "ffi.Module.load_from_file.so expects (path, fmt), got "
                                     << num_args << " arguments";
          }
          *rv = LoadLibraryModule(args[0].cast<String>());
        }),
        true);
    // SPEC MOD-SYSTEM-LIB: ffi.SystemLib(prefix="").
    Function::SetGlobal("ffi.SystemLib",
                        Function::FromPacked([](const AnyView* args, int32_t num_args, Any* rv) {
                          std::string prefix;
                          if (num_args > 0) prefix = args[0].cast<String>();
                          *rv = SystemLib(prefix);
                        }),
                        true);
  } catch (...) {
    // Only out-of-memory gets here; the globals are then absent.
  }
}

}  // namespace
}  // namespace tvm_ffi_rt
