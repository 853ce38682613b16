/* ffi/c/tests/interop/interop_host.c: C host that dlopens a libtvm_ffi.so and interop_module.so by path and checks every module function. */
/*
 * Usage: interop_host <libtvm_ffi.so> <interop_module.so>
 *
 * The host never links libtvm_ffi: every TVMFFI* function it uses is
 * resolved with dlsym from the runtime given on the command line (loaded
 * RTLD_GLOBAL so the module binds to the same copy). The same binary thus
 * runs against our runtime or the reference wheel's, with a module built
 * against either header set. Prints one line per failed check, INFO lines
 * for observed behaviour worth comparing across runtimes, and a final
 * "N passed, M failed" line; exits nonzero on any failure.
 *
 * SPEC rule IDs cited here and their ffi/c/SPEC.md names: CALL-BORROWED-ARGS =
 * CALL-BORROWED-ARGS; STR-SMALL = STR-SMALL, STR-SMALL-ZERO (heap strings:
 * STR-HEAP, STR-HEAP-NUL); TENSOR-LAYOUT = TENSOR-LAYOUT,
 * TENSOR-STRIDES, DLPACK-IMPORT-NULL-STRIDES; ABI-EXPORT-SET = ABI-EXPORT-SET;
 * CALL-RESULT-NONE, CALL-RETURN-CODES, ERR-TLS-SLOT, OBJ-HEADER-LAYOUT,
 * DLPACK-IMPORT-OWNERSHIP = same; exports: DLPACK-EXPORT-VERSIONED.
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tvm/ffi/c_api.h>
#include <tvm/ffi/extra/c_env_api.h>

#include "../c_check.h"

/* ------------------------------------------------------------------------ */
/* the runtime, resolved by dlsym                                           */
/* ------------------------------------------------------------------------ */

/* All 50 exported C functions (SPEC: ABI-EXPORT-SET). */
static const char* const kExports[] = {
    "TVMFFIAnyViewToOwnedAny", "TVMFFIBacktrace", "TVMFFIBigIntFromByteArray",
    "TVMFFIBigIntGetContentByteArray", "TVMFFIBytesFromByteArray", "TVMFFIDataTypeFromString",
    "TVMFFIDataTypeToString", "TVMFFIEnvCheckSignals", "TVMFFIEnvGetDLPackManagedTensorAllocator",
    "TVMFFIEnvGetStream", "TVMFFIEnvModLookupFromImports", "TVMFFIEnvModRegisterContextSymbol",
    "TVMFFIEnvModRegisterSystemLibSymbol", "TVMFFIEnvRegisterCAPI",
    "TVMFFIEnvSetDLPackManagedTensorAllocator", "TVMFFIEnvSetStream", "TVMFFIEnvTensorAlloc",
    "TVMFFIErrorCreate", "TVMFFIErrorCreateWithCauseAndExtraContext", "TVMFFIErrorMoveFromRaised",
    "TVMFFIErrorSetRaised", "TVMFFIErrorSetRaisedFromCStr", "TVMFFIErrorSetRaisedFromCStrParts",
    "TVMFFIFunctionCall", "TVMFFIFunctionCreate", "TVMFFIFunctionGetGlobal",
    "TVMFFIFunctionSetGlobal", "TVMFFIFunctionSetGlobalFromMethodInfo", "TVMFFIGetCustomAllocator",
    "TVMFFIGetTypeAttrColumn", "TVMFFIGetTypeInfo", "TVMFFIGetVersion", "TVMFFIHandleDeinitOnce",
    "TVMFFIHandleInitOnce", "TVMFFIObjectCreateOpaque", "TVMFFIObjectDecRef", "TVMFFIObjectIncRef",
    "TVMFFISetCustomAllocator", "TVMFFIStringFromByteArray", "TVMFFITensorCreateUnsafeView",
    "TVMFFITensorFromDLPack", "TVMFFITensorFromDLPackVersioned", "TVMFFITensorToDLPack",
    "TVMFFITensorToDLPackVersioned", "TVMFFITypeGetOrAllocIndex", "TVMFFITypeKeyToIndex",
    "TVMFFITypeRegisterAttr", "TVMFFITypeRegisterField", "TVMFFITypeRegisterMetadata",
    "TVMFFITypeRegisterMethod"};

/* Pointers typed after the header declarations (no link-time reference). */
#define RT_FUNCTIONS(X)            \
  X(TVMFFIGetVersion)              \
  X(TVMFFIObjectIncRef)            \
  X(TVMFFIObjectDecRef)            \
  X(TVMFFIFunctionCreate)          \
  X(TVMFFIFunctionCall)            \
  X(TVMFFIErrorMoveFromRaised)     \
  X(TVMFFIErrorSetRaisedFromCStr)  \
  X(TVMFFIStringFromByteArray)     \
  X(TVMFFITensorFromDLPack)        \
  X(TVMFFITensorToDLPackVersioned) \
  X(TVMFFIEnvGetStream)

#define RT_DECLARE(name) static __typeof__(&name) p_##name;
RT_FUNCTIONS(RT_DECLARE)

static void* g_runtime;
static void* g_module;

static int load_runtime(const char* path) {
  size_t i;
  int missing = 0;
  g_runtime = dlopen(path, RTLD_NOW | RTLD_GLOBAL);
  if (g_runtime == NULL) {
    printf("FAIL dlopen(%s): %s\n", path, dlerror());
    return -1;
  }
  for (i = 0; i < sizeof(kExports) / sizeof(kExports[0]); ++i) {
    if (dlsym(g_runtime, kExports[i]) == NULL) {
      printf("FAIL [exports] runtime does not export %s\n", kExports[i]);
      ++missing;
    }
  }
  CHECK(missing == 0, "%d of the 50 C functions are missing", missing);
#define RT_RESOLVE(name)                                       \
  *(void**)(&p_##name) = dlsym(g_runtime, #name);              \
  if (p_##name == NULL) {                                      \
    printf("FAIL dlsym(%s) in %s\n", #name, path);             \
    return -1;                                                 \
  }
  RT_FUNCTIONS(RT_RESOLVE)
#undef RT_RESOLVE
  return 0;
}

/* ------------------------------------------------------------------------ */
/* small helpers                                                            */
/* ------------------------------------------------------------------------ */

static TVMFFIAny none_any(void) {
  TVMFFIAny a;
  memset(&a, 0, sizeof(a));
  a.type_index = kTVMFFINone;
  return a;
}
static TVMFFIAny int_any(int64_t v) {
  TVMFFIAny a = none_any();
  a.type_index = kTVMFFIInt;
  a.v_int64 = v;
  return a;
}
static TVMFFIAny float_any(double v) {
  TVMFFIAny a = none_any();
  a.type_index = kTVMFFIFloat;
  a.v_float64 = v;
  return a;
}
static TVMFFIAny bool_any(int v) {
  TVMFFIAny a = none_any();
  a.type_index = kTVMFFIBool;
  a.v_int64 = v ? 1 : 0;
  return a;
}
static TVMFFIAny raw_str_any(const char* s) {
  TVMFFIAny a = none_any();
  a.type_index = kTVMFFIRawStr;
  a.v_c_str = s;
  return a;
}
static TVMFFIAny obj_any(TVMFFIObjectHandle h) {
  TVMFFIAny a = none_any();
  a.type_index = ((TVMFFIObject*)h)->type_index;
  a.v_obj = (TVMFFIObject*)h;
  return a;
}

static int32_t type_index_of(TVMFFIObjectHandle h) { return ((TVMFFIObject*)h)->type_index; }

/* SPEC: OBJ-HEADER-LAYOUT -- strong count in the low 32 bits, weak count in the high 32. */
static uint32_t strong_count(TVMFFIObjectHandle h) {
  return (uint32_t)(((TVMFFIObject*)h)->combined_ref_count & 0xffffffffu);
}
static uint32_t weak_count(TVMFFIObjectHandle h) {
  return (uint32_t)(((TVMFFIObject*)h)->combined_ref_count >> 32);
}

/* Drop an owned Any (objects only hold a reference). */
static void release(TVMFFIAny* a) {
  if (a->type_index >= kTVMFFIStaticObjectBegin && a->v_obj != NULL) p_TVMFFIObjectDecRef(a->v_obj);
  *a = none_any();
}

static TVMFFISafeCallType module_fn(const char* name) {
  char sym[128];
  TVMFFISafeCallType fn;
  snprintf(sym, sizeof(sym), "__tvm_ffi_interop_%s", name);
  *(void**)(&fn) = dlsym(g_module, sym);
  if (fn == NULL) printf("FAIL dlsym(%s) in module: %s\n", sym, dlerror());
  return fn;
}

/* Call a module function directly (handle NULL, as a library loader does). */
static int call(const char* name, const TVMFFIAny* args, int32_t n, TVMFFIAny* result) {
  TVMFFISafeCallType fn = module_fn(name);
  *result = none_any(); /* SPEC: CALL-RESULT-NONE -- caller pre-sets None */
  if (fn == NULL) return -99;
  return fn(NULL, args, n, result);
}

typedef struct {
  char kind[64];
  char message[256];
  int32_t type_index;
  int present;
} RaisedError;

/* SPEC: ERR-TLS-SLOT -- take the raised error, read its cell at +24, check the slot is then empty. */
static RaisedError take_error(void) {
  RaisedError e;
  TVMFFIObjectHandle h = NULL;
  TVMFFIObjectHandle again = NULL;
  memset(&e, 0, sizeof(e));
  p_TVMFFIErrorMoveFromRaised(&h);
  if (h != NULL) {
    TVMFFIErrorCell* cell = (TVMFFIErrorCell*)((char*)h + sizeof(TVMFFIObject));
    e.present = 1;
    e.type_index = type_index_of(h);
    snprintf(e.kind, sizeof(e.kind), "%.*s", (int)cell->kind.size, cell->kind.data);
    snprintf(e.message, sizeof(e.message), "%.*s", (int)cell->message.size, cell->message.data);
    CHECK(strong_count(h) == 1, "moved-out error has strong count %u", strong_count(h));
    p_TVMFFIObjectDecRef(h);
  }
  p_TVMFFIErrorMoveFromRaised(&again);
  CHECK(again == NULL, "error slot not empty after TVMFFIErrorMoveFromRaised");
  if (again != NULL) p_TVMFFIObjectDecRef(again);
  return e;
}

static void expect_error(int rc, const char* kind, const char* message) {
  RaisedError e;
  CHECK(rc == -1, "return code %d, expected -1", rc); /* SPEC: CALL-RETURN-CODES */
  e = take_error();
  CHECK(e.present, "no error raised (expected %s)", kind);
  if (!e.present) return;
  CHECK(e.type_index == kTVMFFIError, "raised object type index %d", e.type_index);
  CHECK(strcmp(e.kind, kind) == 0, "error kind '%s', expected '%s'", e.kind, kind);
  CHECK(strcmp(e.message, message) == 0, "error message '%s', expected '%s'", e.message, message);
}

static void expect_no_error(void) {
  TVMFFIObjectHandle h = NULL;
  p_TVMFFIErrorMoveFromRaised(&h);
  CHECK(h == NULL, "unexpected error left in the slot");
  if (h != NULL) p_TVMFFIObjectDecRef(h);
}

/* ------------------------------------------------------------------------ */
/* checks                                                                   */
/* ------------------------------------------------------------------------ */

static void test_runtime(void) {
  TVMFFIVersion v;
  TVMFFIAny r;
  void* host_view;
  int rc;
  g_section = "runtime";
  p_TVMFFIGetVersion(&v);
  printf("INFO runtime ABI version %u.%u.%u\n", v.major, v.minor, v.patch);
  CHECK(v.major == 0 && v.minor == 1 && v.patch == 16, "version %u.%u.%u", v.major, v.minor,
        v.patch);
  /* The module must be bound to the very runtime we loaded (RTLD_GLOBAL + SONAME). */
  rc = call("runtime_probe", NULL, 0, &r);
  *(void**)(&host_view) = NULL;
  memcpy(&host_view, &p_TVMFFIFunctionCall, sizeof(void*));
  CHECK(rc == 0 && r.type_index == kTVMFFIOpaquePtr, "runtime_probe rc=%d type=%d", rc,
        r.type_index);
  CHECK(r.v_ptr == host_view, "module resolves TVMFFIFunctionCall to %p, host to %p", r.v_ptr,
        host_view);
}

static void test_values(void) {
  TVMFFIAny a[4], r;
  int rc;
  g_section = "values";

  /* SPEC: CALL-RESULT-NONE */
  a[0] = int_any(1);
  rc = call("nop", a, 1, &r);
  CHECK(rc == 0 && r.type_index == kTVMFFINone && r.v_int64 == 0, "nop rc=%d type=%d", rc,
        r.type_index);

  /* echo of every POD kind (SPEC: ANY-LAYOUT) */
  a[0] = int_any(-42);
  rc = call("echo", a, 1, &r);
  CHECK(rc == 0 && r.type_index == kTVMFFIInt && r.v_int64 == -42, "echo int");
  a[0] = float_any(3.25);
  rc = call("echo", a, 1, &r);
  CHECK(rc == 0 && r.type_index == kTVMFFIFloat && r.v_float64 == 3.25, "echo float");
  a[0] = bool_any(1);
  rc = call("echo", a, 1, &r);
  CHECK(rc == 0 && r.type_index == kTVMFFIBool && r.v_int64 == 1, "echo bool");
  a[0] = none_any();
  rc = call("echo", a, 1, &r);
  CHECK(rc == 0 && r.type_index == kTVMFFINone, "echo None");
  a[0] = none_any();
  a[0].type_index = kTVMFFIDataType;
  a[0].v_dtype.code = kDLFloat;
  a[0].v_dtype.bits = 32;
  a[0].v_dtype.lanes = 4;
  rc = call("echo", a, 1, &r);
  CHECK(rc == 0 && r.type_index == kTVMFFIDataType && r.v_dtype.code == kDLFloat &&
            r.v_dtype.bits == 32 && r.v_dtype.lanes == 4,
        "echo dtype");
  rc = call("dtype_bits", a, 1, &r);
  CHECK(rc == 0 && r.type_index == kTVMFFIInt && r.v_int64 == 128, "dtype_bits(float32x4) = %lld",
        (long long)r.v_int64);
  a[0] = none_any();
  a[0].type_index = kTVMFFIDevice;
  a[0].v_device.device_type = kDLCUDA;
  a[0].v_device.device_id = 3;
  rc = call("echo", a, 1, &r);
  CHECK(rc == 0 && r.type_index == kTVMFFIDevice && r.v_device.device_type == kDLCUDA &&
            r.v_device.device_id == 3,
        "echo device");
  rc = call("device_pack", a, 1, &r);
  CHECK(rc == 0 && r.type_index == kTVMFFIInt && r.v_int64 == 203, "device_pack(cuda:3) = %lld",
        (long long)r.v_int64);
  a[0] = none_any();
  a[0].type_index = kTVMFFIOpaquePtr;
  a[0].v_ptr = (void*)&g_passed;
  rc = call("echo", a, 1, &r);
  CHECK(rc == 0 && r.type_index == kTVMFFIOpaquePtr && r.v_ptr == (void*)&g_passed, "echo ptr");

  /* computed values */
  a[0] = int_any(3);
  a[1] = float_any(2.5);
  a[2] = bool_any(1);
  rc = call("affine", a, 3, &r);
  CHECK(rc == 0 && r.type_index == kTVMFFIFloat && r.v_float64 == -7.5, "affine(3,2.5,True)");
  a[0] = int_any(4);
  a[1] = float_any(0.5);
  a[2] = bool_any(0);
  rc = call("affine", a, 3, &r);
  CHECK(rc == 0 && r.type_index == kTVMFFIFloat && r.v_float64 == 2.0, "affine(4,0.5,False)");
  a[2] = int_any(0);
  rc = call("affine", a, 3, &r);
  expect_error(rc, "TypeError", "affine: negate must be a bool");
  a[0] = int_any(1);
  a[1] = int_any(2);
  a[2] = int_any(3);
  a[3] = bool_any(1);
  rc = call("sum_ints", a, 4, &r);
  CHECK(rc == 0 && r.type_index == kTVMFFIInt && r.v_int64 == 7, "sum_ints = %lld",
        (long long)r.v_int64);
  a[2] = float_any(3.0);
  rc = call("sum_ints", a, 4, &r);
  /* message joined by TVMFFIErrorSetRaisedFromCStrParts */
  expect_error(rc, "TypeError", "sum_ints: argument 2 is not an int");
  rc = call("echo", a, 2, &r);
  expect_error(rc, "TypeError", "echo: got 2 arguments, expects 1 to 1");
  expect_no_error();
}

/* SPEC: STR-SMALL */
static void check_small(const TVMFFIAny* r, int32_t tindex, const char* expect) {
  size_t n = strlen(expect);
  size_t i;
  int tail_zero = 1;
  CHECK(r->type_index == tindex, "type %d, expected %d for '%s'", r->type_index, tindex, expect);
  CHECK(r->small_str_len == n, "small_str_len %u, expected %zu", r->small_str_len, n);
  CHECK(memcmp(r->v_bytes, expect, n) == 0, "small bytes differ for '%s'", expect);
  for (i = n; i < 8; ++i) tail_zero &= (r->v_bytes[i] == 0);
  CHECK(tail_zero, "bytes after a small string of length %zu are not zero", n);
}

static void check_heap(const TVMFFIAny* r, int32_t tindex, const char* expect) {
  const TVMFFIByteArray* b;
  size_t n = strlen(expect);
  CHECK(r->type_index == tindex, "type %d, expected heap %d for a %zu-byte string",
        r->type_index, tindex, n);
  if (r->type_index != tindex) return;
  CHECK(r->zero_padding == 0, "zero_padding %u of a heap string", r->zero_padding);
  b = (const TVMFFIByteArray*)((const char*)r->v_obj + sizeof(TVMFFIObject));
  CHECK(b->size == n && memcmp(b->data, expect, n) == 0, "heap string content (size %zu)",
        b->size);
  CHECK(b->data[b->size] == '\0', "heap string data is not NUL-terminated");
  CHECK(strong_count(r->v_obj) == 1, "new heap string has strong count %u",
        strong_count(r->v_obj));
}

static void alphabet(char* buf, int n) {
  int i;
  for (i = 0; i < n; ++i) buf[i] = (char)('a' + i % 26);
  buf[n] = '\0';
}

/* Calls the module's `fn`(n) and checks that it made the n-letter alphabet text: in the
 * small form `small_index` when it fits (up to 7 bytes), else in the heap form `heap_index`. */
static void check_made_text(const char* fn, int n, int32_t small_index, int32_t heap_index) {
  TVMFFIAny arg = int_any(n), r;
  char expect[80];
  int rc;
  alphabet(expect, n);
  rc = call(fn, &arg, 1, &r);
  CHECK(rc == 0, "%s(%d) rc=%d", fn, n, rc);
  if (n <= 7) {
    check_small(&r, small_index, expect);
  } else {
    check_heap(&r, heap_index, expect);
  }
  release(&r);
}

static void test_strings(void) {
  static const int kLengths[] = {0, 1, 3, 7, 8, 9, 64}; /* small forms, then heap forms */
  TVMFFIAny a[2], r, small, heap;
  TVMFFIByteArray ba;
  size_t i;
  int rc;
  g_section = "strings";

  for (i = 0; i < sizeof(kLengths) / sizeof(kLengths[0]); ++i) {
    check_made_text("make_string", kLengths[i], kTVMFFISmallStr, kTVMFFIStr);
    check_made_text("make_bytes", kLengths[i], kTVMFFISmallBytes, kTVMFFIBytes);
  }

  /* string arguments of every form */
  ba.data = "hi";
  ba.size = 2;
  rc = p_TVMFFIStringFromByteArray(&ba, &small);
  CHECK(rc == 0 && small.type_index == kTVMFFISmallStr, "host SmallStr");
  ba.data = "a heap-allocated string";
  ba.size = strlen(ba.data);
  rc = p_TVMFFIStringFromByteArray(&ba, &heap);
  CHECK(rc == 0 && heap.type_index == kTVMFFIStr, "host heap Str");

  a[0] = raw_str_any("hello, world");
  rc = call("str_len", a, 1, &r);
  CHECK(rc == 0 && r.v_int64 == 12, "str_len(RawStr) = %lld", (long long)r.v_int64);
  a[0] = small;
  rc = call("str_len", a, 1, &r);
  CHECK(rc == 0 && r.v_int64 == 2, "str_len(SmallStr) = %lld", (long long)r.v_int64);
  a[0] = heap;
  rc = call("str_len", a, 1, &r);
  CHECK(rc == 0 && r.v_int64 == 23, "str_len(Str) = %lld", (long long)r.v_int64);
  /* SPEC: CALL-BORROWED-ARGS */
  CHECK(strong_count(heap.v_obj) == 1, "callee changed the refcount of a borrowed string: %u",
        strong_count(heap.v_obj));
  a[0] = none_any();
  a[0].type_index = kTVMFFIByteArrayPtr;
  a[0].v_ptr = &ba;
  rc = call("str_len", a, 1, &r);
  CHECK(rc == 0 && r.v_int64 == 23, "str_len(ByteArrayPtr) = %lld", (long long)r.v_int64);

  a[0] = raw_str_any("foo");
  a[1] = small;
  rc = call("str_concat", a, 2, &r);
  CHECK(rc == 0, "str_concat rc=%d", rc);
  check_small(&r, kTVMFFISmallStr, "foohi");
  release(&r);
  a[0] = small;
  a[1] = heap;
  rc = call("str_concat", a, 2, &r);
  CHECK(rc == 0, "str_concat rc=%d", rc);
  check_heap(&r, kTVMFFIStr, "hia heap-allocated string");
  release(&r);

  /* echo of view-only kinds goes through TVMFFIAnyViewToOwnedAny */
  a[0] = raw_str_any("abc");
  rc = call("echo", a, 1, &r);
  CHECK(rc == 0, "echo(RawStr) rc=%d", rc);
  check_small(&r, kTVMFFISmallStr, "abc");
  release(&r);
  a[0] = raw_str_any("abcdefghijk");
  rc = call("echo", a, 1, &r);
  CHECK(rc == 0, "echo(RawStr) rc=%d", rc);
  check_heap(&r, kTVMFFIStr, "abcdefghijk");
  release(&r);
  a[0] = none_any();
  a[0].type_index = kTVMFFIByteArrayPtr;
  a[0].v_ptr = &ba;
  rc = call("echo", a, 1, &r);
  CHECK(rc == 0, "echo(ByteArrayPtr) rc=%d", rc);
  check_heap(&r, kTVMFFIBytes, "a heap-allocated string");
  release(&r);
  /* echo of a heap object returns a new reference */
  a[0] = heap;
  rc = call("echo", a, 1, &r);
  CHECK(rc == 0 && r.v_obj == heap.v_obj && strong_count(heap.v_obj) == 2,
        "echo(Str) must return the same object with a new reference (count %u)",
        strong_count(heap.v_obj));
  release(&r);
  CHECK(strong_count(heap.v_obj) == 1, "count after releasing the echo: %u",
        strong_count(heap.v_obj));

  a[0] = int_any(5);
  rc = call("str_len", a, 1, &r);
  expect_error(rc, "TypeError", "str_len: expects a string");
  release(&heap);
  release(&small);
}

/* Host callbacks handed to the module as Function objects. */
typedef struct {
  int calls;
  int deleted;
  void* seen_handle;
} CallbackCtx;

static int cb_raise(void* handle, const TVMFFIAny* args, int32_t num_args, TVMFFIAny* result) {
  CallbackCtx* ctx = (CallbackCtx*)handle;
  char msg[64];
  (void)result;
  ctx->calls++;
  snprintf(msg, sizeof(msg), "callback got %d args, first %lld", (int)num_args,
           num_args > 0 ? (long long)args[0].v_int64 : -1LL);
  p_TVMFFIErrorSetRaisedFromCStr("IndexError", msg);
  return -1;
}

static int cb_sum(void* handle, const TVMFFIAny* args, int32_t num_args, TVMFFIAny* result) {
  CallbackCtx* ctx = (CallbackCtx*)handle;
  int64_t s = 0;
  int32_t i;
  ctx->calls++;
  for (i = 0; i < num_args; ++i) s += args[i].v_int64;
  *result = int_any(s);
  return 0;
}

static void* g_bare_seen;
static int cb_bare(void* handle, const TVMFFIAny* args, int32_t num_args, TVMFFIAny* result) {
  (void)args;
  (void)num_args;
  g_bare_seen = handle;
  *result = int_any(7);
  return 0;
}

static void ctx_deleter(void* self) { ((CallbackCtx*)self)->deleted++; }

/* Runs on another thread: it must not see the main thread's raised error. */
static void* peek_other_thread(void* arg) {
  TVMFFIObjectHandle h = NULL;
  p_TVMFFIErrorMoveFromRaised(&h);
  *(int*)arg = (h != NULL);
  if (h != NULL) p_TVMFFIObjectDecRef(h);
  return NULL;
}

static void test_errors(void) {
  TVMFFIAny a[3], r;
  CallbackCtx raise_ctx, sum_ctx;
  TVMFFIObjectHandle f_raise = NULL, f_sum = NULL, f_bare = NULL, f_mod = NULL;
  TVMFFISafeCallType raise_fn;
  int rc;
  g_section = "errors";
  memset(&raise_ctx, 0, sizeof(raise_ctx));
  memset(&sum_ctx, 0, sizeof(sum_ctx));

  a[0] = raw_str_any("KeyError");
  a[1] = raw_str_any("no such key: 'x'");
  rc = call("raise", a, 2, &r);
  {
    /* SPEC: ERR-TLS-SLOT -- the slot is per thread. */
    pthread_t th;
    int other_saw_error = -1;
    if (pthread_create(&th, NULL, peek_other_thread, &other_saw_error) == 0) {
      pthread_join(th, NULL);
      CHECK(other_saw_error == 0, "another thread took this thread's raised error");
    }
  }
  expect_error(rc, "KeyError", "no such key: 'x'");
  CHECK(r.type_index == kTVMFFINone, "result touched by a failing call");

  /* The same module function wrapped as a Function object (self = deleter = NULL). */
  raise_fn = module_fn("raise");
  rc = raise_fn == NULL ? -99 : p_TVMFFIFunctionCreate(NULL, raise_fn, NULL, &f_mod);
  CHECK(rc == 0 && f_mod != NULL && type_index_of(f_mod) == kTVMFFIFunction,
        "TVMFFIFunctionCreate(module raise) rc=%d", rc);
  if (f_mod != NULL) {
    a[0] = raw_str_any("AttributeError");
    a[1] = raw_str_any("via TVMFFIFunctionCall");
    r = none_any();
    rc = p_TVMFFIFunctionCall(f_mod, a, 2, &r);
    expect_error(rc, "AttributeError", "via TVMFFIFunctionCall");
    p_TVMFFIObjectDecRef(f_mod);
  }

  /* A Function argument that raises: the module propagates -1 and the error. */
  rc = p_TVMFFIFunctionCreate(&raise_ctx, cb_raise, ctx_deleter, &f_raise);
  CHECK(rc == 0 && f_raise != NULL, "TVMFFIFunctionCreate(cb_raise) rc=%d", rc);
  rc = p_TVMFFIFunctionCreate(&sum_ctx, cb_sum, ctx_deleter, &f_sum);
  CHECK(rc == 0 && f_sum != NULL, "TVMFFIFunctionCreate(cb_sum) rc=%d", rc);
  if (f_raise != NULL && f_sum != NULL) {
    a[0] = obj_any(f_raise);
    a[1] = int_any(7);
    rc = call("call", a, 2, &r);
    expect_error(rc, "IndexError", "callback got 1 args, first 7");
    CHECK(raise_ctx.calls == 1, "raising callback ran %d times", raise_ctx.calls);
    a[0] = obj_any(f_sum);
    a[1] = int_any(20);
    a[2] = int_any(22);
    rc = call("call", a, 3, &r);
    CHECK(rc == 0 && r.type_index == kTVMFFIInt && r.v_int64 == 42, "call(sum, 20, 22) rc=%d",
          rc);
    /* SPEC: CALL-BORROWED-ARGS -- passing a Function does not change its count. */
    CHECK(strong_count(f_raise) == 1 && strong_count(f_sum) == 1, "callback counts %u %u",
          strong_count(f_raise), strong_count(f_sum));
    CHECK(raise_ctx.deleted == 0 && sum_ctx.deleted == 0, "closure deleted while alive");
    p_TVMFFIObjectDecRef(f_raise);
    p_TVMFFIObjectDecRef(f_sum);
    CHECK(raise_ctx.deleted == 1 && sum_ctx.deleted == 1,
          "closure deleters ran %d/%d times after the last DecRef", raise_ctx.deleted,
          sum_ctx.deleted);
  }

  /* self = deleter = NULL: the callee receives the FunctionObj as its handle. */
  rc = p_TVMFFIFunctionCreate(NULL, cb_bare, NULL, &f_bare);
  CHECK(rc == 0 && f_bare != NULL, "TVMFFIFunctionCreate(bare) rc=%d", rc);
  if (f_bare != NULL) {
    a[0] = obj_any(f_bare);
    rc = call("call", a, 1, &r);
    CHECK(rc == 0 && r.type_index == kTVMFFIInt && r.v_int64 == 7, "call(bare) rc=%d", rc);
    if (g_bare_seen != f_bare) {
      printf("INFO bare C callback received handle %p, FunctionObj is %p\n", g_bare_seen,
             (void*)f_bare);
    }
    CHECK(g_bare_seen == f_bare, "bare callback handle is not the FunctionObj");
    p_TVMFFIObjectDecRef(f_bare);
  }

  a[0] = int_any(1);
  rc = call("call", a, 1, &r);
  expect_error(rc, "TypeError", "call: expects a Function");
  expect_no_error();
}

/* A host DLManagedTensor whose deleter records that it ran. */
typedef struct {
  DLManagedTensor mt;
  int64_t shape[2];
  float data[6];
  int deleted;
} HostTensor;

static void host_tensor_deleter(DLManagedTensor* self) {
  ((HostTensor*)self->manager_ctx)->deleted++;
}

static void init_host_tensor(HostTensor* t) {
  int i;
  memset(t, 0, sizeof(*t));
  for (i = 0; i < 6; ++i) t->data[i] = (float)(10 * i);
  t->shape[0] = 2;
  t->shape[1] = 3;
  t->mt.dl_tensor.data = t->data;
  t->mt.dl_tensor.device.device_type = kDLCPU;
  t->mt.dl_tensor.device.device_id = 0;
  t->mt.dl_tensor.ndim = 2;
  t->mt.dl_tensor.dtype.code = kDLFloat;
  t->mt.dl_tensor.dtype.bits = 32;
  t->mt.dl_tensor.dtype.lanes = 1;
  t->mt.dl_tensor.shape = t->shape;
  t->mt.dl_tensor.strides = NULL;
  t->mt.dl_tensor.byte_offset = 0;
  t->mt.manager_ctx = t;
  t->mt.deleter = host_tensor_deleter;
}

static void test_tensors(void) {
  HostTensor ht, bad;
  TVMFFIObjectHandle h = NULL, made = NULL, misaligned = NULL;
  TVMFFIAny a[2], r;
  DLTensor* dl;
  DLManagedTensorVersioned* exported = NULL;
  int64_t deleted_before = -1, deleted_after = -1;
  int rc, i, ok;
  g_section = "tensors";

  init_host_tensor(&ht);
  rc = p_TVMFFITensorFromDLPack(&ht.mt, 0, 0, &h);
  CHECK(rc == 0 && h != NULL, "TVMFFITensorFromDLPack rc=%d", rc);
  if (h == NULL) return;
  CHECK(type_index_of(h) == kTVMFFITensor, "tensor type index %d", type_index_of(h));
  CHECK(strong_count(h) == 1 && weak_count(h) == 1, "new tensor counts strong=%u weak=%u",
        strong_count(h), weak_count(h));
  /* SPEC: TENSOR-LAYOUT */
  dl = (DLTensor*)((char*)h + sizeof(TVMFFIObject));
  CHECK(dl->data == (void*)ht.data && dl->ndim == 2 && dl->shape[0] == 2 && dl->shape[1] == 3,
        "DLTensor at +24 does not describe the import");
  CHECK(dl->strides != NULL && dl->strides[0] == 3 && dl->strides[1] == 1,
        "imported tensor with NULL strides must get compact strides");

  a[0] = obj_any(h);
  rc = call("tensor_add_one", a, 1, &r);
  CHECK(rc == 0 && r.type_index == kTVMFFINone, "tensor_add_one(Tensor) rc=%d", rc);
  ok = 1;
  for (i = 0; i < 6; ++i) ok &= (ht.data[i] == (float)(10 * i) + 1.0f);
  CHECK(ok, "tensor_add_one did not add one in place");
  CHECK(strong_count(h) == 1 && ht.deleted == 0, "borrowed tensor count %u, deleted %d",
        strong_count(h), ht.deleted);

  a[0] = none_any();
  a[0].type_index = kTVMFFIDLTensorPtr;
  a[0].v_ptr = dl;
  rc = call("tensor_add_one", a, 1, &r);
  CHECK(rc == 0, "tensor_add_one(DLTensor*) rc=%d", rc);
  rc = call("tensor_sum", a, 1, &r);
  CHECK(rc == 0 && r.type_index == kTVMFFIFloat && r.v_float64 == 162.0,
        "tensor_sum = %g, expected 162", r.v_float64);

  a[0] = obj_any(h);
  rc = call("echo", a, 1, &r);
  CHECK(rc == 0 && r.type_index == kTVMFFITensor && r.v_obj == (TVMFFIObject*)h &&
            strong_count(h) == 2,
        "echo(Tensor) count %u", strong_count(h));
  release(&r);
  CHECK(strong_count(h) == 1, "count after releasing the echo: %u", strong_count(h));

  a[0] = int_any(3);
  rc = call("tensor_add_one", a, 1, &r);
  expect_error(rc, "TypeError", "tensor_add_one: expects a Tensor");

  /* SPEC: DLPACK-IMPORT-OWNERSHIP -- the last DecRef runs the producer's deleter, once. */
  p_TVMFFIObjectDecRef(h);
  CHECK(ht.deleted == 1, "host DLPack deleter ran %d times after the last DecRef", ht.deleted);

  /* A tensor made by the module through TVMFFITensorFromDLPackVersioned. */
  rc = call("tensor_deleted_count", NULL, 0, &r);
  deleted_before = r.v_int64;
  a[0] = int_any(2);
  a[1] = int_any(3);
  rc = call("tensor_arange", a, 2, &r);
  CHECK(rc == 0 && r.type_index == kTVMFFITensor && r.v_obj != NULL, "tensor_arange rc=%d type=%d",
        rc, r.type_index);
  if (rc == 0 && r.type_index == kTVMFFITensor) {
    made = r.v_obj;
    dl = (DLTensor*)((char*)made + sizeof(TVMFFIObject));
    CHECK(strong_count(made) == 1, "returned tensor count %u", strong_count(made));
    CHECK(dl->ndim == 2 && dl->shape[0] == 2 && dl->shape[1] == 3 && dl->strides != NULL &&
              dl->strides[0] == 3 && dl->strides[1] == 1,
          "module tensor shape/strides");
    CHECK(dl->dtype.code == kDLFloat && dl->dtype.bits == 32 && dl->dtype.lanes == 1 &&
              dl->device.device_type == kDLCPU,
          "module tensor dtype/device");
    ok = 1;
    for (i = 0; i < 6; ++i) ok &= (((float*)dl->data)[i] == (float)i);
    CHECK(ok, "module tensor data");
    a[0] = obj_any(made);
    rc = call("tensor_sum", a, 1, &r);
    CHECK(rc == 0 && r.v_float64 == 15.0, "tensor_sum(arange) = %g", r.v_float64);

    rc = p_TVMFFITensorToDLPackVersioned(made, &exported);
    CHECK(rc == 0 && exported != NULL, "TVMFFITensorToDLPackVersioned rc=%d", rc);
    if (exported != NULL) {
      CHECK(exported->version.major == 1, "exported DLPack major %u", exported->version.major);
      printf("INFO exported DLPack version %u.%u, flags %llu\n", exported->version.major,
             exported->version.minor, (unsigned long long)exported->flags);
      CHECK(exported->dl_tensor.data == dl->data && exported->dl_tensor.ndim == 2,
            "exported DLTensor");
      CHECK(strong_count(made) == 2, "export holds a reference: count %u", strong_count(made));
      exported->deleter(exported);
      CHECK(strong_count(made) == 1, "count after the export's deleter: %u", strong_count(made));
    }
    rc = call("tensor_deleted_count", NULL, 0, &r);
    CHECK(r.v_int64 == deleted_before, "module deleter ran while the tensor was alive");
    p_TVMFFIObjectDecRef(made);
    rc = call("tensor_deleted_count", NULL, 0, &r);
    deleted_after = r.v_int64;
    CHECK(deleted_after == deleted_before + 1, "module deleter ran %lld times after DecRef",
          (long long)(deleted_after - deleted_before));
  }

  /* Observed, not asserted: who owns a DLManagedTensor whose import fails? */
  init_host_tensor(&bad);
  bad.mt.dl_tensor.byte_offset = 4;
  rc = p_TVMFFITensorFromDLPack(&bad.mt, 64, 0, &misaligned);
  if (rc == 0) {
    printf("INFO misaligned import (require_alignment=64, byte_offset=4) succeeded\n");
    p_TVMFFIObjectDecRef(misaligned);
  } else {
    RaisedError e = take_error();
    printf("INFO misaligned import failed: rc=%d %s: %s; producer deleter ran %d time(s)\n", rc,
           e.kind, e.message, bad.deleted);
  }
  expect_no_error();
}

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s <libtvm_ffi.so> <interop_module.so>\n", argv[0]);
    return 2;
  }
  printf("INFO runtime %s\nINFO module  %s\n", argv[1], argv[2]);
  if (load_runtime(argv[1]) != 0) return 1;
  g_module = dlopen(argv[2], RTLD_NOW | RTLD_LOCAL);
  if (g_module == NULL) {
    printf("FAIL dlopen(%s): %s\n", argv[2], dlerror());
    return 1;
  }
  test_runtime();
  test_values();
  test_strings();
  test_errors();
  test_tensors();
  return check_report("");
}
