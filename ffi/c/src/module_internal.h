// ffi/c/src/module_internal.h: symbol tables the module loader reads.
#ifndef TVM_FFI_SRC_MODULE_INTERNAL_H_
#define TVM_FFI_SRC_MODULE_INTERNAL_H_

#include <tvm/ffi/c_api.h>

#include <string>
#include <utility>
#include <vector>

namespace tvm_ffi_rt {

// Values registered with TVMFFIEnvModRegisterContextSymbol, in order.
std::vector<std::pair<std::string, void*>> module_context_symbols();

// A symbol registered with TVMFFIEnvModRegisterSystemLibSymbol, or nullptr.
void* module_system_lib_symbol(const std::string& name);

// Resolves `name` in the imports of the module behind library_ctx and returns
// a borrowed Function (nullptr when absent). Installed by the module loader.
using ImportLookupFn = TVMFFIObjectHandle (*)(TVMFFIObjectHandle library_ctx,
                                              const std::string& name);
void module_set_import_lookup(ImportLookupFn fn);

}  // namespace tvm_ffi_rt

#endif  // TVM_FFI_SRC_MODULE_INTERNAL_H_
