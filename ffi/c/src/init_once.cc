// ffi/c/src/init_once.cc: TVMFFIHandleInitOnce / TVMFFIHandleDeinitOnce.
#include <tvm/ffi/c_api.h>

#include <mutex>

#include "error_internal.h"

namespace {
// Recursive: an init_func may itself initialise another handle.
std::recursive_mutex& init_mutex() {
  static std::recursive_mutex* m = new std::recursive_mutex();
  return *m;
}
}  // namespace

using namespace tvm_ffi_rt;

extern "C" {

int TVMFFIHandleInitOnce(void** handle_addr, int (*init_func)(void** result)) {
  TVM_FFI_RT_API_BEGIN();
  require_non_null(handle_addr, "TVMFFIHandleInitOnce", "handle_addr");
  if (__atomic_load_n(handle_addr, __ATOMIC_ACQUIRE) != nullptr) return 0;
  if (init_func == nullptr) fail("ValueError", "TVMFFIHandleInitOnce: `init_func` must not be NULL");
  std::lock_guard<std::recursive_mutex> lock(init_mutex());
  if (__atomic_load_n(handle_addr, __ATOMIC_ACQUIRE) != nullptr) return 0;
  void* result = nullptr;
  if (init_func(&result) != 0) return -1;
  if (result == nullptr) {
    fail("RuntimeError", "TVMFFIHandleInitOnce: init_func must return a non-NULL handle");
  }
  __atomic_store_n(handle_addr, result, __ATOMIC_RELEASE);
  TVM_FFI_RT_API_END();
}

int TVMFFIHandleDeinitOnce(void** handle_addr, int (*deinit_func)(void* handle)) {
  TVM_FFI_RT_API_BEGIN();
  require_non_null(handle_addr, "TVMFFIHandleDeinitOnce", "handle_addr");
  void* old = __atomic_exchange_n(handle_addr, nullptr, __ATOMIC_ACQ_REL);
  if (old != nullptr && deinit_func != nullptr) return deinit_func(old);
  TVM_FFI_RT_API_END();
}

}  // extern "C"
