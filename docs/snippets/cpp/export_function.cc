// docs/snippets/cpp/export_function.cc: exporting functions from a module (docs/cpp.md).
#include <tvm/ffi/function.h>
#include <tvm/ffi/reflection/registry.h>

#include <cstdint>

namespace snippets {

// [export-begin]
int64_t AddOne(int64_t x) { return x + 1; }

// Exports the C symbol `__tvm_ffi_add_one`. A runtime that loads this library with
// Module::LoadFromFile (or the ffi.ModuleLoadFromFile global) finds it as "add_one".
TVM_FFI_DLL_EXPORT_TYPED_FUNC(add_one, AddOne);
// [export-end]

}  // namespace snippets

// [global-begin]
// Registers a global function while the library loads; any language can then look it up by name.
TVM_FFI_STATIC_INIT_BLOCK() {
  namespace refl = tvm::ffi::reflection;
  refl::GlobalDef().def("snippets.mul", [](int64_t a, int64_t b) { return a * b; },
                        "Multiplies two integers.");
}
// [global-end]
