// ffi/c/src/function_internal.h: making Function objects and managing globals inside the runtime.
#ifndef TVM_FFI_SRC_FUNCTION_INTERNAL_H_
#define TVM_FFI_SRC_FUNCTION_INTERNAL_H_

#include <tvm/ffi/c_api.h>

#include <string>
#include <vector>

namespace tvm_ffi_rt {

// A new Function (one strong reference) calling safe_call(self, ...); throws on failure.
TVMFFIObjectHandle function_new(void* self, TVMFFISafeCallType safe_call,
                                void (*deleter)(void* self));

// Names of all global functions, sorted.
std::vector<std::string> global_list_names();

// Removes a global; returns false when the name is not registered.
bool global_remove(const std::string& name);

// Copies the metadata JSON of a global into *out; false when not registered.
bool global_metadata(const std::string& name, std::string* out);

// Registers a runtime-provided global implemented by a C callback (no closure).
void global_register_builtin(const char* name, TVMFFISafeCallType safe_call);

}  // namespace tvm_ffi_rt

#endif  // TVM_FFI_SRC_FUNCTION_INTERNAL_H_
