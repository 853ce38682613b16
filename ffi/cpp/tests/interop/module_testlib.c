/* ffi/cpp/tests/interop/module_testlib.c: a C module for test_module.cc, built in three variants.
 *
 *   (plain)                   functions, doc/metadata symbols and __tvm_ffi__library_ctx
 *   -DMODULE_TEST_LIBRARY_BIN also an embedded __tvm_ffi__library_bin import tree
 *   -DMODULE_TEST_BAD_ABI     declares ABI 0.99 and aborts if its initializers ever run
 */
#include <stdlib.h>
#include <string.h>
#include <tvm/ffi/c_api.h>
#include <tvm/ffi/extra/c_env_api.h>

#ifdef MODULE_TEST_BAD_ABI
TVM_FFI_DLL_EXPORT const TVMFFIVersion __tvm_ffi__abi_version = {0, 99, 0};
/* The loader must refuse this module before dlopen runs this (SPEC VER-MODULE-CHECK). */
__attribute__((constructor)) static void must_not_run(void) { abort(); }
#endif

TVM_FFI_DLL_EXPORT void* __tvm_ffi__library_ctx = NULL;
/* Written by the loader when registered with TVMFFIEnvModRegisterContextSymbol. */
TVM_FFI_DLL_EXPORT void* module_test_context_symbol = NULL;

static void set_int(TVMFFIAny* out, int64_t v) {
  memset(out, 0, sizeof(*out));
  out->type_index = kTVMFFIInt;
  out->v_int64 = v;
}

static int set_str(TVMFFIAny* out, const char* s) {
  TVMFFIByteArray bytes = {s, strlen(s)};
  return TVMFFIStringFromByteArray(&bytes, out);
}

/* add_one(x) -> x + 1 */
TVM_FFI_DLL_EXPORT int __tvm_ffi_add_one(void* self, const TVMFFIAny* args, int32_t n,
                                         TVMFFIAny* out) {
  if (self != NULL) {
    TVMFFIErrorSetRaisedFromCStr("ValueError", "handle must be NULL");
    return -1;
  }
  if (n != 1 || args[0].type_index != kTVMFFIInt) {
    TVMFFIErrorSetRaisedFromCStr("TypeError", "add_one expects one int");
    return -1;
  }
  set_int(out, args[0].v_int64 + 1);
  return 0;
}

TVM_FFI_DLL_EXPORT int __tvm_ffi__doc_add_one(void* self, const TVMFFIAny* args, int32_t n,
                                              TVMFFIAny* out) {
  (void)self; (void)args; (void)n;
  return set_str(out, "Adds one to an integer.");
}

TVM_FFI_DLL_EXPORT int __tvm_ffi__metadata_add_one(void* self, const TVMFFIAny* args, int32_t n,
                                                   TVMFFIAny* out) {
  (void)self; (void)args; (void)n;
  return set_str(out, "{\"type_schema\":\"{\\\"type\\\":\\\"ffi.Function\\\"}\"}");
}

/* ctx() -> the library_ctx value the loader stored, as an opaque pointer. */
TVM_FFI_DLL_EXPORT int __tvm_ffi_ctx(void* self, const TVMFFIAny* args, int32_t n,
                                     TVMFFIAny* out) {
  (void)self; (void)args; (void)n;
  memset(out, 0, sizeof(*out));
  out->type_index = kTVMFFIOpaquePtr;
  out->v_ptr = __tvm_ffi__library_ctx;
  return 0;
}

/* context_symbol() -> the value of module_test_context_symbol. */
TVM_FFI_DLL_EXPORT int __tvm_ffi_context_symbol(void* self, const TVMFFIAny* args, int32_t n,
                                                TVMFFIAny* out) {
  (void)self; (void)args; (void)n;
  memset(out, 0, sizeof(*out));
  out->type_index = kTVMFFIOpaquePtr;
  out->v_ptr = module_test_context_symbol;
  return 0;
}

/* call_import(name: str, x) -> imports' `name`(x), through TVMFFIEnvModLookupFromImports. */
TVM_FFI_DLL_EXPORT int __tvm_ffi_call_import(void* self, const TVMFFIAny* args, int32_t n,
                                             TVMFFIAny* out) {
  (void)self;
  char name[64];
  TVMFFIObjectHandle f = NULL;
  if (n != 2) {
    TVMFFIErrorSetRaisedFromCStr("TypeError", "call_import expects (name, x)");
    return -1;
  }
  if (args[0].type_index == kTVMFFIRawStr) {
    strncpy(name, args[0].v_c_str, sizeof(name) - 1);
    name[sizeof(name) - 1] = '\0';
  } else if (args[0].type_index == kTVMFFISmallStr) {
    memcpy(name, args[0].v_bytes, 8);
    name[args[0].small_str_len] = '\0';
  } else if (args[0].type_index == kTVMFFIStr) {
    const TVMFFIByteArray* s = (const TVMFFIByteArray*)((const char*)args[0].v_obj + sizeof(TVMFFIObject));
    size_t len = s->size < sizeof(name) - 1 ? s->size : sizeof(name) - 1;
    memcpy(name, s->data, len);
    name[len] = '\0';
  } else {
    TVMFFIErrorSetRaisedFromCStr("TypeError", "call_import: name must be a str");
    return -1;
  }
  if (TVMFFIEnvModLookupFromImports(__tvm_ffi__library_ctx, name, &f) != 0) return -1;
  return TVMFFIFunctionCall(f, (TVMFFIAny*)&args[1], 1, out);
}

#ifdef MODULE_TEST_LIBRARY_BIN
/* SPEC MOD-LIBRARY-BIN: modules [_lib, test("child-a"), test("child-b")];
 * _lib imports 1, and 1 imports 2. */
#define U64(x) (unsigned char)(x), 0, 0, 0, 0, 0, 0, 0
#define BODY                                         \
  U64(4), U64(0), U64(1), U64(2), U64(2),   /* indptr */ \
  U64(2), U64(1), U64(2),                   /* child_indices */ \
  U64(4), '_', 'l', 'i', 'b',                                   \
  U64(4), 't', 'e', 's', 't', U64(7), 'c', 'h', 'i', 'l', 'd', '-', 'a', \
  U64(4), 't', 'e', 's', 't', U64(7), 'c', 'h', 'i', 'l', 'd', '-', 'b'
static const unsigned char kBody[] = {BODY};
TVM_FFI_DLL_EXPORT const unsigned char __tvm_ffi__library_bin[8 + sizeof(kBody)] = {U64(sizeof(kBody)), BODY};
#endif
