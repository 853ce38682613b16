// ffi/c/src/builtin_globals.cc: the `ffi.*` global functions the runtime itself provides (soft ABI).
//
// SDKs (ours and the reference's) call these by name instead of linking
// symbols, so they are part of the compatibility surface (SPEC §5.5).
//   ffi.FunctionListGlobalNamesFunctor()   ffi.FunctionRemoveGlobal(name) -> bool
//   ffi.GetGlobalFuncMetadata(name) -> str  ffi.String(s)   ffi.Bytes(b)
//   ffi.FunctionFromExternC(safe_call, self, deleter) -> Function
#include <tvm/ffi/c_api.h>

#include <memory>
#include <string>
#include <vector>

#include "any_internal.h"
#include "error_internal.h"
#include "function_internal.h"
#include "object_internal.h"
#include "string_internal.h"

namespace tvm_ffi_rt {
namespace {

void set_bool(TVMFFIAny* result, bool value) {
  result->type_index = kTVMFFIBool;
  result->zero_padding = 0;
  result->v_int64 = value ? 1 : 0;
}

// The functor returned by ffi.FunctionListGlobalNamesFunctor: f(-1) is the
// count, f(i) is name i of a snapshot taken when the functor was made.
int list_names_functor_call(void* self, const TVMFFIAny* args, int32_t num_args,
                            TVMFFIAny* result) {
  TVM_FFI_RT_API_BEGIN();
  constexpr const char* kFn = "ffi.FunctionListGlobalNamesFunctor()";
  require_num_args(num_args, 1, kFn);
  auto* names = static_cast<const std::vector<std::string>*>(self);
  int64_t i = any_view_int(args[0], kFn, 0);
  if (i == -1) {
    result->type_index = kTVMFFIInt;
    result->v_int64 = static_cast<int64_t>(names->size());
    return 0;
  }
  if (i < 0 || i >= static_cast<int64_t>(names->size())) {
    fail("IndexError", std::string(kFn) + ": index " + std::to_string(i) + " out of range [0, " +
                           std::to_string(names->size()) + ")");
  }
  const std::string& name = (*names)[static_cast<size_t>(i)];
  string_make(name.data(), name.size(), false, result);
  TVM_FFI_RT_API_END();
}

void delete_names(void* self) { delete static_cast<std::vector<std::string>*>(self); }

int list_global_names_functor(void*, const TVMFFIAny*, int32_t num_args, TVMFFIAny* result) {
  TVM_FFI_RT_API_BEGIN();
  require_num_args(num_args, 0, "ffi.FunctionListGlobalNamesFunctor");
  auto names = std::make_unique<std::vector<std::string>>(global_list_names());
  TVMFFIObjectHandle fn = function_new(names.get(), list_names_functor_call, delete_names);
  names.release();
  result->type_index = kTVMFFIFunction;
  result->zero_padding = 0;
  result->v_obj = static_cast<TVMFFIObject*>(fn);
  TVM_FFI_RT_API_END();
}

int remove_global(void*, const TVMFFIAny* args, int32_t num_args, TVMFFIAny* result) {
  TVM_FFI_RT_API_BEGIN();
  require_num_args(num_args, 1, "ffi.FunctionRemoveGlobal");
  set_bool(result, global_remove(any_view_text(args[0], "ffi.FunctionRemoveGlobal", 0)));
  TVM_FFI_RT_API_END();
}

int global_func_metadata(void*, const TVMFFIAny* args, int32_t num_args, TVMFFIAny* result) {
  TVM_FFI_RT_API_BEGIN();
  constexpr const char* kFn = "ffi.GetGlobalFuncMetadata";
  require_num_args(num_args, 1, kFn);
  std::string name = any_view_text(args[0], kFn, 0);
  std::string metadata;
  if (!global_metadata(name, &metadata)) {
    fail("KeyError", std::string(kFn) + ": no global function named `" + name + "`");
  }
  string_make(metadata.data(), metadata.size(), false, result);
  TVM_FFI_RT_API_END();
}

// ffi.String / ffi.Bytes: turn any string-like argument into an owned value.
int to_string(void*, const TVMFFIAny* args, int32_t num_args, TVMFFIAny* result) {
  TVM_FFI_RT_API_BEGIN();
  require_num_args(num_args, 1, "ffi.String");
  std::string text = any_view_text(args[0], "ffi.String", 0);
  string_make(text.data(), text.size(), false, result);
  TVM_FFI_RT_API_END();
}

int to_bytes(void*, const TVMFFIAny* args, int32_t num_args, TVMFFIAny* result) {
  TVM_FFI_RT_API_BEGIN();
  require_num_args(num_args, 1, "ffi.Bytes");
  std::string text = any_view_text(args[0], "ffi.Bytes", 0);
  string_make(text.data(), text.size(), true, result);
  TVM_FFI_RT_API_END();
}

// A pointer argument of ffi.FunctionFromExternC: an opaque pointer, or None for NULL.
void* pointer_arg(const TVMFFIAny& arg, const char* fn, int index) {
  if (arg.type_index == kTVMFFINone) return nullptr;
  if (arg.type_index != kTVMFFIOpaquePtr) {
    fail("TypeError", std::string(fn) + ": argument " + std::to_string(index) +
                          " must be a pointer (void*) or None, got type index " +
                          std::to_string(arg.type_index));
  }
  return arg.v_ptr;
}

// ffi.FunctionFromExternC(safe_call, self, deleter): a Function over a C safe-call function
// that some library exports, as TVMFFIFunctionCreate makes it (deleter(self) runs when the
// Function dies; self and deleter may be None).
int function_from_extern_c(void*, const TVMFFIAny* args, int32_t num_args, TVMFFIAny* result) {
  TVM_FFI_RT_API_BEGIN();
  constexpr const char* kFn = "ffi.FunctionFromExternC";
  require_num_args(num_args, 3, kFn);
  void* safe_call = pointer_arg(args[0], kFn, 0);
  void* self = pointer_arg(args[1], kFn, 1);
  void* deleter = pointer_arg(args[2], kFn, 2);
  if (safe_call == nullptr) fail("ValueError", std::string(kFn) + ": `safe_call` must not be NULL");
  TVMFFIObjectHandle handle = nullptr;
  if (TVMFFIFunctionCreate(self, reinterpret_cast<TVMFFISafeCallType>(safe_call),
                           reinterpret_cast<void (*)(void*)>(deleter), &handle) != 0) {
    return -1;
  }
  result->type_index = kTVMFFIFunction;
  result->zero_padding = 0;
  result->v_obj = static_cast<TVMFFIObject*>(handle);
  TVM_FFI_RT_API_END();
}

// Registered while libtvm_ffi loads, before any module can look them up.
__attribute__((constructor)) void register_builtin_globals() {
  try {
    global_register_builtin("ffi.FunctionListGlobalNamesFunctor", list_global_names_functor);
    global_register_builtin("ffi.FunctionRemoveGlobal", remove_global);
    global_register_builtin("ffi.GetGlobalFuncMetadata", global_func_metadata);
    global_register_builtin("ffi.String", to_string);
    global_register_builtin("ffi.Bytes", to_bytes);
    global_register_builtin("ffi.FunctionFromExternC", function_from_extern_c);
  } catch (...) {
    // Out of memory while loading: the C API still works without these.
  }
}

}  // namespace
}  // namespace tvm_ffi_rt
