// ffi/c/src/module_symbols.cc: context symbols, the system-lib table and lookups in module imports.
#include <tvm/ffi/extra/c_env_api.h>

#include <cstdio>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "error_internal.h"
#include "module_internal.h"

namespace tvm_ffi_rt {
namespace {

struct SymbolTables {
  std::mutex mutex;
  std::vector<std::pair<std::string, void*>> context;
  std::unordered_map<std::string, void*> system_lib;
  ImportLookupFn import_lookup = nullptr;
};

SymbolTables& tables() {
  static SymbolTables* t = new SymbolTables();
  return *t;
}

}  // namespace

std::vector<std::pair<std::string, void*>> module_context_symbols() {
  std::lock_guard<std::mutex> lock(tables().mutex);
  return tables().context;
}

void* module_system_lib_symbol(const std::string& name) {
  std::lock_guard<std::mutex> lock(tables().mutex);
  auto it = tables().system_lib.find(name);
  return it == tables().system_lib.end() ? nullptr : it->second;
}

void module_set_import_lookup(ImportLookupFn fn) {
  std::lock_guard<std::mutex> lock(tables().mutex);
  tables().import_lookup = fn;
}

}  // namespace tvm_ffi_rt

using namespace tvm_ffi_rt;

extern "C" {

int TVMFFIEnvModRegisterContextSymbol(const char* name, void* symbol) {
  TVM_FFI_RT_API_BEGIN();
  require_non_null(name, "TVMFFIEnvModRegisterContextSymbol", "name");
  std::lock_guard<std::mutex> lock(tables().mutex);
  for (auto& entry : tables().context) {
    if (entry.first == name) {
      entry.second = symbol;
      return 0;
    }
  }
  tables().context.emplace_back(name, symbol);
  TVM_FFI_RT_API_END();
}

int TVMFFIEnvModRegisterSystemLibSymbol(const char* name, void* symbol) {
  TVM_FFI_RT_API_BEGIN();
  require_non_null(name, "TVMFFIEnvModRegisterSystemLibSymbol", "name");
  require_non_null(symbol, "TVMFFIEnvModRegisterSystemLibSymbol", "symbol");
  std::lock_guard<std::mutex> lock(tables().mutex);
  auto [it, inserted] = tables().system_lib.emplace(name, symbol);
  if (!inserted && it->second != symbol) {
    std::fprintf(stderr, "tvm-ffi: warning: system-lib symbol `%s` re-registered at a new address\n",
                 name);
    it->second = symbol;
  }
  TVM_FFI_RT_API_END();
}

int TVMFFIEnvModLookupFromImports(TVMFFIObjectHandle library_ctx, const char* func_name,
                                  TVMFFIObjectHandle* out) {
  TVM_FFI_RT_API_BEGIN();
  constexpr const char* kFn = "TVMFFIEnvModLookupFromImports";
  require_non_null(library_ctx, kFn, "library_ctx");
  require_non_null(func_name, kFn, "func_name");
  require_non_null(out, kFn, "out");
  ImportLookupFn lookup;
  {
    std::lock_guard<std::mutex> lock(tables().mutex);
    lookup = tables().import_lookup;
  }
  if (lookup == nullptr) {
    fail("RuntimeError", std::string(kFn) + ": no module loader is active, so `library_ctx` "
                                            "cannot be a loaded module");
  }
  TVMFFIObjectHandle found = lookup(library_ctx, func_name);
  if (found == nullptr) {
    fail("AttributeError", std::string(kFn) + ": function `" + func_name +
                               "` is not found in the imports of the module");
  }
  *out = found;
  TVM_FFI_RT_API_END();
}

}  // extern "C"
