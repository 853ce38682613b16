// ffi/c/src/function.cc: Function objects, the packed call and AnyView-to-Any conversion.
#include <tvm/ffi/c_api.h>

#include <cstring>
#include <string>

#include "error_internal.h"
#include "function_internal.h"
#include "object_internal.h"
#include "string_internal.h"
#include "type_registry_internal.h"

namespace tvm_ffi_rt {
namespace {

// {TVMFFIObject; TVMFFIFunctionCell} plus the C closure it forwards to.
struct FunctionObj {
  TVMFFIObject header;
  TVMFFIFunctionCell cell;
  void* self;
  TVMFFISafeCallType user_call;
  void (*self_deleter)(void*);
  ~FunctionObj() {
    if (self_deleter != nullptr) self_deleter(self);
  }
};

// Installed as safe_call when there is a closure: the caller passes the
// FunctionObj as handle, the user callback wants its own `self`.
int closure_trampoline(void* handle, const TVMFFIAny* args, int32_t num_args, TVMFFIAny* result) {
  auto* fn = static_cast<FunctionObj*>(handle);
  return fn->user_call(fn->self, args, num_args, result);
}

}  // namespace

TVMFFIObjectHandle function_new(void* self, TVMFFISafeCallType safe_call,
                                void (*deleter)(void* self)) {
  FunctionObj* fn = object_new<FunctionObj>(kTVMFFIFunction, 0);
  bool plain = self == nullptr && deleter == nullptr;
  fn->cell.safe_call = plain ? safe_call : closure_trampoline;
  fn->cell.cpp_call = nullptr;  // we follow no C++ exception ABI on this path
  fn->self = self;
  fn->user_call = safe_call;
  fn->self_deleter = deleter;
  return fn;
}

}  // namespace tvm_ffi_rt

using namespace tvm_ffi_rt;

extern "C" {

int TVMFFIFunctionCreate(void* self, TVMFFISafeCallType safe_call, void (*deleter)(void* self),
                         TVMFFIObjectHandle* out) {
  TVM_FFI_RT_API_BEGIN();
  require_non_null(out, "TVMFFIFunctionCreate", "out");
  if (safe_call == nullptr) fail("ValueError", "TVMFFIFunctionCreate: `safe_call` must not be NULL");
  *out = function_new(self, safe_call, deleter);
  TVM_FFI_RT_API_END();
}

int TVMFFIFunctionCall(TVMFFIObjectHandle func, TVMFFIAny* args, int32_t num_args,
                       TVMFFIAny* result) {
  constexpr const char* kFn = "TVMFFIFunctionCall";
  try {
    require_non_null(func, kFn, "func");
    require_non_null(result, kFn, "result");
    int32_t type_index = object_type_index(func);
    if (type_index != kTVMFFIFunction && !type_is_instance(type_index, kTVMFFIFunction)) {
      fail("TypeError", std::string(kFn) + ": `func` must be a Function, got type index " +
                            std::to_string(type_index));
    }
    if (num_args < 0 || (num_args > 0 && args == nullptr)) {
      fail("ValueError", std::string(kFn) + ": `args` must hold `num_args` (" +
                             std::to_string(num_args) + ") values");
    }
    if (result->type_index >= kTVMFFIStaticObjectBegin) {
      fail("ValueError", std::string(kFn) + ": `result` must be pre-set to None, not an object");
    }
    TVMFFIFunctionCell* cell = TVMFFIFunctionGetCellPtr(func);
    return cell->safe_call(func, args, num_args, result);
  } catch (...) {
    // Also catches a C++ callee that let an exception escape its safe call.
    return error_set_from_current_exception();
  }
}

int TVMFFIAnyViewToOwnedAny(const TVMFFIAny* any_view, TVMFFIAny* out) {
  TVM_FFI_RT_API_BEGIN();
  require_non_null(any_view, "TVMFFIAnyViewToOwnedAny", "any_view");
  require_non_null(out, "TVMFFIAnyViewToOwnedAny", "out");
  switch (any_view->type_index) {
    case kTVMFFIRawStr: {
      const char* s = any_view->v_c_str;
      if (s == nullptr) {
        fail("ValueError",
             "TVMFFIAnyViewToOwnedAny: `any_view->v_c_str` (a raw string) must not be NULL");
      }
      string_make(s, std::strlen(s), false, out);
      return 0;
    }
    case kTVMFFIByteArrayPtr: {
      auto* bytes = static_cast<const TVMFFIByteArray*>(any_view->v_ptr);
      if (bytes == nullptr) {
        fail("ValueError",
             "TVMFFIAnyViewToOwnedAny: `any_view->v_ptr` (a byte array) must not be NULL");
      }
      string_make(bytes->data, bytes->size, true, out);
      return 0;
    }
    case kTVMFFIObjectRValueRef: {
      auto** slot = static_cast<TVMFFIObject**>(any_view->v_ptr);
      if (slot == nullptr || *slot == nullptr) {
        fail("RuntimeError", "TVMFFIAnyViewToOwnedAny: `any_view` is an RValueRef already moved");
      }
      TVMFFIObject* obj = *slot;
      *slot = nullptr;  // the reference moves out of the caller's slot
      *out = TVMFFIAny{};
      out->type_index = obj->type_index;
      out->v_obj = obj;
      return 0;
    }
    default:
      // kTVMFFIAny (-1) and other negative indices are never values (SPEC ANY-ANY-INDEX).
      if (any_view->type_index < 0) {
        fail("TypeError", "TVMFFIAnyViewToOwnedAny: `any_view` has type index " +
                              std::to_string(any_view->type_index) + ", which is not a value");
      }
      if (any_view->type_index >= kTVMFFIStaticObjectBegin) {
        // "No object" is None, never an object index with a NULL pointer (ANY-OBJECT-NONNULL).
        if (any_view->v_obj == nullptr) {
          fail("ValueError", "TVMFFIAnyViewToOwnedAny: `any_view` has object type index " +
                                 std::to_string(any_view->type_index) + " but a NULL `v_obj`");
        }
        object_inc_ref(any_view->v_obj);
      }
      *out = *any_view;
      return 0;
  }
  TVM_FFI_RT_API_END();
}

}  // extern "C"
