/* ffi/c/tests/interop/interop_module.c: C module exporting __tvm_ffi_interop_* safe-call functions for cross-runtime interop tests. */
/*
 * Pure C99 + the C ABI headers: builds unchanged against our headers or the
 * reference wheel's, and is driven by interop_host.c. Every function has the
 * TVMFFISafeCallType signature and ignores its handle (NULL when called
 * directly, the FunctionObj when wrapped with TVMFFIFunctionCreate(NULL, f,
 * NULL, ...)).
 *
 * Exports (all prefixed __tvm_ffi_interop_):
 *   runtime_probe()            OpaquePtr: the address of TVMFFIFunctionCall this module is bound to
 *   nop(...)                   leaves the result untouched (None)
 *   echo(x)                    x as an owned value
 *   affine(x:int, s:float, neg:bool) -> float   (neg ? -(x*s) : x*s)
 *   sum_ints(*ints) -> int     TypeError naming the first non-int argument
 *   dtype_bits(dtype) -> int   bits * lanes
 *   device_pack(device) -> int device_type * 100 + device_id
 *   make_string(n) / make_bytes(n)   "abcd..." of length n via TVMFFI{String,Bytes}FromByteArray
 *   str_len(s) -> int          any string/bytes form: RawStr, ByteArrayPtr, Small*, heap object
 *   str_concat(a, b) -> str
 *   raise(kind, msg)           TVMFFIErrorSetRaisedFromCStr(kind, msg); return -1
 *   call(f, *args)             f(*args) through TVMFFIFunctionCall; propagates -1 and the result
 *   tensor_add_one(t)          t += 1 in place (float32 Tensor or DLTensor*), returns None
 *   tensor_sum(t) -> float
 *   tensor_arange(d0[, d1])    new float32 Tensor 0,1,2,... via TVMFFITensorFromDLPackVersioned
 *   tensor_deleted_count() -> int    how often this module's DLPack deleter has run
 *
 * SPEC rule IDs cited here and their ffi/c/SPEC.md names: CALL-BORROWED-ARGS =
 * CALL-BORROWED-ARGS; CALL-RESULT-NONE, CALL-RETURN-CODES, STR-SMALL,
 * ERR-TLS-SLOT, DLPACK-IMPORT-OWNERSHIP = same; TENSOR-LAYOUT =
 * TENSOR-LAYOUT / OBJ-CELL-OFFSET.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tvm/ffi/c_api.h>

#define INTEROP_EXPORT __attribute__((visibility("default")))
#define UNUSED(x) (void)(x)

/* ------------------------------------------------------------------------ */
/* helpers                                                                  */
/* ------------------------------------------------------------------------ */

static int raise_type_error(const char* fn, const char* what) {
  const char* parts[3];
  parts[0] = fn;
  parts[1] = ": ";
  parts[2] = what;
  TVMFFIErrorSetRaisedFromCStrParts("TypeError", parts, 3);
  return -1;
}

static int check_num_args(const char* fn, int32_t num_args, int32_t lo, int32_t hi) {
  if (num_args < lo || num_args > hi) {
    char buf[96];
    snprintf(buf, sizeof(buf), "got %d arguments, expects %d to %d", (int)num_args, (int)lo,
             (int)hi);
    return raise_type_error(fn, buf);
  }
  return 0;
}

/* Int or Bool as int64 (SPEC: ANY-LAYOUT, POD kinds live in v_int64). */
static int read_int(const TVMFFIAny* a, int64_t* out) {
  if (a->type_index == kTVMFFIInt || a->type_index == kTVMFFIBool) {
    *out = a->v_int64;
    return 0;
  }
  return -1;
}

static int read_float(const TVMFFIAny* a, double* out) {
  if (a->type_index == kTVMFFIFloat) {
    *out = a->v_float64;
    return 0;
  }
  if (a->type_index == kTVMFFIInt || a->type_index == kTVMFFIBool) {
    *out = (double)a->v_int64;
    return 0;
  }
  return -1;
}

/* Payload of heap String/Bytes: a TVMFFIByteArray right after the 24-byte header. */
static const TVMFFIByteArray* heap_bytes(const TVMFFIObject* obj) {
  return (const TVMFFIByteArray*)((const char*)obj + sizeof(TVMFFIObject));
}

/*
 * Read a borrowed string argument in any form a caller may pass.
 * SPEC: STR-SMALL -- small strings carry their length in small_str_len and
 * their bytes inline in v_bytes; heap strings are objects with a ByteArray cell.
 */
static int read_str(const TVMFFIAny* a, const char** data, size_t* size) {
  switch (a->type_index) {
    case kTVMFFIRawStr:
      *data = a->v_c_str;
      *size = strlen(a->v_c_str);
      return 0;
    case kTVMFFIByteArrayPtr: {
      const TVMFFIByteArray* b = (const TVMFFIByteArray*)a->v_ptr;
      *data = b->data;
      *size = b->size;
      return 0;
    }
    case kTVMFFISmallStr:
    case kTVMFFISmallBytes:
      *data = a->v_bytes;
      *size = a->small_str_len;
      return 0;
    case kTVMFFIStr:
    case kTVMFFIBytes: {
      const TVMFFIByteArray* b = heap_bytes(a->v_obj);
      *data = b->data;
      *size = b->size;
      return 0;
    }
    default:
      return -1;
  }
}

/* Copy a string argument into a NUL-terminated malloc'd buffer. */
static char* dup_str(const TVMFFIAny* a) {
  const char* data;
  size_t size;
  char* out;
  if (read_str(a, &data, &size) != 0) return NULL;
  out = (char*)malloc(size + 1);
  if (out == NULL) return NULL;
  memcpy(out, data, size);
  out[size] = '\0';
  return out;
}

static void set_int(TVMFFIAny* r, int64_t v) {
  memset(r, 0, sizeof(*r));
  r->type_index = kTVMFFIInt;
  r->v_int64 = v;
}

static void set_float(TVMFFIAny* r, double v) {
  memset(r, 0, sizeof(*r));
  r->type_index = kTVMFFIFloat;
  r->v_float64 = v;
}

/* Borrowed tensor argument: a Tensor object (DLTensor at +24) or a DLTensor*. */
static DLTensor* read_tensor(const TVMFFIAny* a) {
  if (a->type_index == kTVMFFIDLTensorPtr) return (DLTensor*)a->v_ptr;
  /* SPEC: TENSOR-LAYOUT */
  if (a->type_index == kTVMFFITensor) return (DLTensor*)((char*)a->v_obj + sizeof(TVMFFIObject));
  return NULL;
}

static int is_f32_cpu(const DLTensor* t) {
  return t->dtype.code == kDLFloat && t->dtype.bits == 32 && t->dtype.lanes == 1 &&
         (t->device.device_type == kDLCPU || t->device.device_type == kDLCUDAHost);
}

/* Visit every element of a float32 tensor (any strides; NULL strides = compact). */
typedef void (*elem_fn)(float* elem, void* ctx);
static void for_each_f32(DLTensor* t, elem_fn fn, void* ctx) {
  int64_t index[16];
  int64_t compact[16];
  const int64_t* strides;
  int32_t d;
  int64_t total = 1;
  int64_t k;
  float* base = (float*)((char*)t->data + t->byte_offset);
  if (t->ndim > 16) return;
  for (d = t->ndim - 1; d >= 0; --d) {
    compact[d] = total;
    total *= t->shape[d];
    index[d] = 0;
  }
  strides = t->strides != NULL ? t->strides : compact;
  for (k = 0; k < total; ++k) {
    int64_t off = 0;
    int64_t rem = k;
    for (d = t->ndim - 1; d >= 0; --d) {
      index[d] = rem % t->shape[d];
      rem /= t->shape[d];
      off += index[d] * strides[d];
    }
    fn(base + off, ctx);
  }
}

static void add_one_elem(float* e, void* ctx) {
  UNUSED(ctx);
  *e += 1.0f;
}

static void sum_elem(float* e, void* ctx) { *(double*)ctx += (double)*e; }

/* ------------------------------------------------------------------------ */
/* values                                                                   */
/* ------------------------------------------------------------------------ */

INTEROP_EXPORT int __tvm_ffi_interop_runtime_probe(void* handle, const TVMFFIAny* args,
                                                   int32_t num_args, TVMFFIAny* result) {
  int (*fn)(TVMFFIObjectHandle, TVMFFIAny*, int32_t, TVMFFIAny*) = TVMFFIFunctionCall;
  UNUSED(handle);
  UNUSED(args);
  UNUSED(num_args);
  memset(result, 0, sizeof(*result));
  result->type_index = kTVMFFIOpaquePtr;
  memcpy(&result->v_ptr, &fn, sizeof(void*));
  return 0;
}

/* SPEC: CALL-RESULT-NONE -- a function returning nothing leaves the caller's None in place. */
INTEROP_EXPORT int __tvm_ffi_interop_nop(void* handle, const TVMFFIAny* args, int32_t num_args,
                                         TVMFFIAny* result) {
  UNUSED(handle);
  UNUSED(args);
  UNUSED(num_args);
  UNUSED(result);
  return 0;
}

/*
 * SPEC: CALL-BORROWED-ARGS -- args are views; returning one means taking a new
 * reference (objects) or converting view-only kinds (RawStr, ByteArrayPtr,
 * ObjectRValueRef) into owned values, which TVMFFIAnyViewToOwnedAny does.
 */
INTEROP_EXPORT int __tvm_ffi_interop_echo(void* handle, const TVMFFIAny* args, int32_t num_args,
                                          TVMFFIAny* result) {
  UNUSED(handle);
  if (check_num_args("echo", num_args, 1, 1) != 0) return -1;
  if (args[0].type_index >= kTVMFFIStaticObjectBegin) {
    if (TVMFFIObjectIncRef(args[0].v_obj) != 0) return -1;
    *result = args[0];
    return 0;
  }
  switch (args[0].type_index) {
    case kTVMFFIRawStr:
    case kTVMFFIByteArrayPtr:
    case kTVMFFIObjectRValueRef:
      return TVMFFIAnyViewToOwnedAny(&args[0], result);
    default:
      *result = args[0];
      return 0;
  }
}

INTEROP_EXPORT int __tvm_ffi_interop_affine(void* handle, const TVMFFIAny* args, int32_t num_args,
                                            TVMFFIAny* result) {
  int64_t x;
  double scale;
  double v;
  UNUSED(handle);
  if (check_num_args("affine", num_args, 3, 3) != 0) return -1;
  if (args[0].type_index != kTVMFFIInt || read_int(&args[0], &x) != 0) {
    return raise_type_error("affine", "x must be an int");
  }
  if (read_float(&args[1], &scale) != 0) return raise_type_error("affine", "scale must be a float");
  if (args[2].type_index != kTVMFFIBool) return raise_type_error("affine", "negate must be a bool");
  v = (double)x * scale;
  set_float(result, args[2].v_int64 ? -v : v);
  return 0;
}

INTEROP_EXPORT int __tvm_ffi_interop_sum_ints(void* handle, const TVMFFIAny* args,
                                              int32_t num_args, TVMFFIAny* result) {
  int64_t sum = 0;
  int32_t i;
  UNUSED(handle);
  for (i = 0; i < num_args; ++i) {
    int64_t v;
    if (read_int(&args[i], &v) != 0) {
      char idx[16];
      const char* parts[3];
      snprintf(idx, sizeof(idx), "%d", (int)i);
      parts[0] = "sum_ints: argument ";
      parts[1] = idx;
      parts[2] = " is not an int";
      TVMFFIErrorSetRaisedFromCStrParts("TypeError", parts, 3);
      return -1;
    }
    sum += v;
  }
  set_int(result, sum);
  return 0;
}

INTEROP_EXPORT int __tvm_ffi_interop_dtype_bits(void* handle, const TVMFFIAny* args,
                                                int32_t num_args, TVMFFIAny* result) {
  UNUSED(handle);
  if (check_num_args("dtype_bits", num_args, 1, 1) != 0) return -1;
  if (args[0].type_index != kTVMFFIDataType) return raise_type_error("dtype_bits", "expects a dtype");
  set_int(result, (int64_t)args[0].v_dtype.bits * (int64_t)args[0].v_dtype.lanes);
  return 0;
}

INTEROP_EXPORT int __tvm_ffi_interop_device_pack(void* handle, const TVMFFIAny* args,
                                                 int32_t num_args, TVMFFIAny* result) {
  UNUSED(handle);
  if (check_num_args("device_pack", num_args, 1, 1) != 0) return -1;
  if (args[0].type_index != kTVMFFIDevice) return raise_type_error("device_pack", "expects a device");
  set_int(result, (int64_t)args[0].v_device.device_type * 100 + args[0].v_device.device_id);
  return 0;
}

/* ------------------------------------------------------------------------ */
/* strings                                                                  */
/* ------------------------------------------------------------------------ */

static int make_text(const char* fn, const TVMFFIAny* args, int32_t num_args, TVMFFIAny* result,
                     int bytes) {
  int64_t n;
  int64_t i;
  char* buf;
  TVMFFIByteArray ba;
  int rc;
  if (check_num_args(fn, num_args, 1, 1) != 0) return -1;
  if (args[0].type_index != kTVMFFIInt || args[0].v_int64 < 0 || args[0].v_int64 > (1 << 20)) {
    return raise_type_error(fn, "expects an int length in [0, 2^20]");
  }
  n = args[0].v_int64;
  buf = (char*)malloc((size_t)n + 1);
  if (buf == NULL) {
    TVMFFIErrorSetRaisedFromCStr("MemoryError", "make_text: out of memory");
    return -1;
  }
  for (i = 0; i < n; ++i) buf[i] = (char)('a' + i % 26);
  buf[n] = '\0';
  ba.data = buf;
  ba.size = (size_t)n;
  /* SPEC: STR-SMALL -- the runtime picks SmallStr/SmallBytes for n <= 7. */
  rc = bytes ? TVMFFIBytesFromByteArray(&ba, result) : TVMFFIStringFromByteArray(&ba, result);
  free(buf);
  return rc;
}

INTEROP_EXPORT int __tvm_ffi_interop_make_string(void* handle, const TVMFFIAny* args,
                                                 int32_t num_args, TVMFFIAny* result) {
  UNUSED(handle);
  return make_text("make_string", args, num_args, result, 0);
}

INTEROP_EXPORT int __tvm_ffi_interop_make_bytes(void* handle, const TVMFFIAny* args,
                                                int32_t num_args, TVMFFIAny* result) {
  UNUSED(handle);
  return make_text("make_bytes", args, num_args, result, 1);
}

INTEROP_EXPORT int __tvm_ffi_interop_str_len(void* handle, const TVMFFIAny* args,
                                             int32_t num_args, TVMFFIAny* result) {
  const char* data;
  size_t size;
  UNUSED(handle);
  if (check_num_args("str_len", num_args, 1, 1) != 0) return -1;
  if (read_str(&args[0], &data, &size) != 0) return raise_type_error("str_len", "expects a string");
  set_int(result, (int64_t)size);
  return 0;
}

INTEROP_EXPORT int __tvm_ffi_interop_str_concat(void* handle, const TVMFFIAny* args,
                                                int32_t num_args, TVMFFIAny* result) {
  const char *a, *b;
  size_t na, nb;
  char* buf;
  TVMFFIByteArray ba;
  int rc;
  UNUSED(handle);
  if (check_num_args("str_concat", num_args, 2, 2) != 0) return -1;
  if (read_str(&args[0], &a, &na) != 0 || read_str(&args[1], &b, &nb) != 0) {
    return raise_type_error("str_concat", "expects two strings");
  }
  buf = (char*)malloc(na + nb + 1);
  if (buf == NULL) {
    TVMFFIErrorSetRaisedFromCStr("MemoryError", "str_concat: out of memory");
    return -1;
  }
  memcpy(buf, a, na);
  memcpy(buf + na, b, nb);
  buf[na + nb] = '\0';
  ba.data = buf;
  ba.size = na + nb;
  rc = TVMFFIStringFromByteArray(&ba, result);
  free(buf);
  return rc;
}

/* ------------------------------------------------------------------------ */
/* errors                                                                   */
/* ------------------------------------------------------------------------ */

/* SPEC: CALL-RETURN-CODES, ERR-TLS-SLOT -- -1 with the Error in the thread's slot. */
INTEROP_EXPORT int __tvm_ffi_interop_raise(void* handle, const TVMFFIAny* args, int32_t num_args,
                                           TVMFFIAny* result) {
  char* kind;
  char* msg;
  UNUSED(handle);
  UNUSED(result);
  if (check_num_args("raise", num_args, 2, 2) != 0) return -1;
  kind = dup_str(&args[0]);
  msg = dup_str(&args[1]);
  if (kind == NULL || msg == NULL) {
    free(kind);
    free(msg);
    return raise_type_error("raise", "expects (kind: str, message: str)");
  }
  TVMFFIErrorSetRaisedFromCStr(kind, msg);
  free(kind);
  free(msg);
  return -1;
}

/*
 * Call a Function argument with the remaining arguments. Its result (owned)
 * becomes ours; its -1 is propagated untouched, leaving its Error in the
 * slot (SPEC: CALL-RETURN-CODES, ERR-TLS-SLOT).
 */
INTEROP_EXPORT int __tvm_ffi_interop_call(void* handle, const TVMFFIAny* args, int32_t num_args,
                                          TVMFFIAny* result) {
  TVMFFIAny fargs[16];
  int32_t i;
  UNUSED(handle);
  if (check_num_args("call", num_args, 1, 16) != 0) return -1;
  if (args[0].type_index != kTVMFFIFunction) return raise_type_error("call", "expects a Function");
  for (i = 1; i < num_args; ++i) fargs[i - 1] = args[i];
  return TVMFFIFunctionCall(args[0].v_obj, fargs, num_args - 1, result);
}

/* ------------------------------------------------------------------------ */
/* tensors                                                                  */
/* ------------------------------------------------------------------------ */

INTEROP_EXPORT int __tvm_ffi_interop_tensor_add_one(void* handle, const TVMFFIAny* args,
                                                    int32_t num_args, TVMFFIAny* result) {
  DLTensor* t;
  UNUSED(handle);
  UNUSED(result);
  if (check_num_args("tensor_add_one", num_args, 1, 1) != 0) return -1;
  t = read_tensor(&args[0]);
  if (t == NULL) return raise_type_error("tensor_add_one", "expects a Tensor");
  if (!is_f32_cpu(t)) return raise_type_error("tensor_add_one", "expects a float32 CPU tensor");
  for_each_f32(t, add_one_elem, NULL);
  return 0;
}

INTEROP_EXPORT int __tvm_ffi_interop_tensor_sum(void* handle, const TVMFFIAny* args,
                                                int32_t num_args, TVMFFIAny* result) {
  DLTensor* t;
  double sum = 0.0;
  UNUSED(handle);
  if (check_num_args("tensor_sum", num_args, 1, 1) != 0) return -1;
  t = read_tensor(&args[0]);
  if (t == NULL) return raise_type_error("tensor_sum", "expects a Tensor");
  if (!is_f32_cpu(t)) return raise_type_error("tensor_sum", "expects a float32 CPU tensor");
  for_each_f32(t, sum_elem, &sum);
  set_float(result, sum);
  return 0;
}

static int g_tensor_deleted = 0;

/* One allocation: the managed struct, shape, strides and the data. */
typedef struct {
  DLManagedTensorVersioned mt;
  int64_t shape[2];
  int64_t strides[2];
  float data[1];
} ModuleTensor;

static void module_tensor_deleter(DLManagedTensorVersioned* self) {
  ++g_tensor_deleted;
  free(self->manager_ctx);
}

/* SPEC: DLPACK-IMPORT-OWNERSHIP -- on success the Tensor owns mt and calls its deleter when it dies. */
INTEROP_EXPORT int __tvm_ffi_interop_tensor_arange(void* handle, const TVMFFIAny* args,
                                                   int32_t num_args, TVMFFIAny* result) {
  int64_t d0, d1 = 1, n, i;
  ModuleTensor* m;
  TVMFFIObjectHandle out = NULL;
  UNUSED(handle);
  if (check_num_args("tensor_arange", num_args, 1, 2) != 0) return -1;
  if (args[0].type_index != kTVMFFIInt || (num_args == 2 && args[1].type_index != kTVMFFIInt)) {
    return raise_type_error("tensor_arange", "expects int dims");
  }
  d0 = args[0].v_int64;
  if (num_args == 2) d1 = args[1].v_int64;
  if (d0 < 1 || d1 < 1 || d0 * d1 > (1 << 20)) {
    TVMFFIErrorSetRaisedFromCStr("ValueError", "tensor_arange: dims out of range");
    return -1;
  }
  n = d0 * d1;
  m = (ModuleTensor*)calloc(1, sizeof(ModuleTensor) + (size_t)n * sizeof(float));
  if (m == NULL) {
    TVMFFIErrorSetRaisedFromCStr("MemoryError", "tensor_arange: out of memory");
    return -1;
  }
  for (i = 0; i < n; ++i) m->data[i] = (float)i;
  m->shape[0] = d0;
  m->shape[1] = d1;
  m->strides[0] = num_args == 2 ? d1 : 1;
  m->strides[1] = 1;
  m->mt.version.major = DLPACK_MAJOR_VERSION;
  m->mt.version.minor = DLPACK_MINOR_VERSION;
  m->mt.manager_ctx = m;
  m->mt.deleter = module_tensor_deleter;
  m->mt.flags = 0;
  m->mt.dl_tensor.data = m->data;
  m->mt.dl_tensor.device.device_type = kDLCPU;
  m->mt.dl_tensor.device.device_id = 0;
  m->mt.dl_tensor.ndim = (int32_t)num_args;
  m->mt.dl_tensor.dtype.code = kDLFloat;
  m->mt.dl_tensor.dtype.bits = 32;
  m->mt.dl_tensor.dtype.lanes = 1;
  m->mt.dl_tensor.shape = m->shape;
  m->mt.dl_tensor.strides = m->strides;
  m->mt.dl_tensor.byte_offset = 0;
  if (TVMFFITensorFromDLPackVersioned(&m->mt, 0, 1, &out) != 0) {
    /* On failure the caller keeps ownership: release it ourselves. */
    free(m);
    return -1;
  }
  memset(result, 0, sizeof(*result));
  result->type_index = kTVMFFITensor;
  result->v_obj = (TVMFFIObject*)out;
  return 0;
}

INTEROP_EXPORT int __tvm_ffi_interop_tensor_deleted_count(void* handle, const TVMFFIAny* args,
                                                          int32_t num_args, TVMFFIAny* result) {
  UNUSED(handle);
  UNUSED(args);
  UNUSED(num_args);
  set_int(result, g_tensor_deleted);
  return 0;
}
