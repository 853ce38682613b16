/* ffi/c/tests/internal/abi_version_module.c: a module declaring an ABI version, for the load-time check. */
#include <stdlib.h>
#include <tvm/ffi/c_api.h>

#if defined(ABI_VARIANT_CURRENT)
TVM_FFI_DLL_EXPORT const TVMFFIVersion __tvm_ffi__abi_version = {
    TVM_FFI_VERSION_MAJOR, TVM_FFI_VERSION_MINOR, TVM_FFI_VERSION_PATCH + 7};
#elif defined(ABI_VARIANT_FUTURE_MINOR)
TVM_FFI_DLL_EXPORT const TVMFFIVersion __tvm_ffi__abi_version = {TVM_FFI_VERSION_MAJOR,
                                                                 TVM_FFI_VERSION_MINOR + 1, 0};
#elif defined(ABI_VARIANT_FUTURE_MAJOR)
TVM_FFI_DLL_EXPORT const TVMFFIVersion __tvm_ffi__abi_version = {TVM_FFI_VERSION_MAJOR + 1, 0, 0};
#endif

/* Written by the loader through TVMFFIEnvModRegisterContextSymbol. */
TVM_FFI_DLL_EXPORT void* __tvm_ffi_test_context_slot = NULL;

/* An incompatible module must be refused before this runs. */
__attribute__((constructor)) static void abi_module_init(void) {
#if defined(ABI_VARIANT_FUTURE_MINOR) || defined(ABI_VARIANT_FUTURE_MAJOR)
  abort();
#endif
}

TVM_FFI_DLL_EXPORT int __tvm_ffi_answer(void* handle, const TVMFFIAny* args, int32_t num_args,
                                        TVMFFIAny* result) {
  (void)handle;
  (void)args;
  (void)num_args;
  result->type_index = kTVMFFIInt;
  result->v_int64 = 42;
  return 0;
}
