/* conformance/c/module.c: the C implementation of the conformance module API, on the raw C ABI
 * only (c_api.h, no SDK). Each __tvm_ffi_<name> is a TVMFFISafeCallType: it returns 0, or -1
 * with an Error set in the thread's error slot. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tvm/ffi/c_api.h>

#define EXPORT __attribute__((visibility("default")))

static int fail(const char* kind, const char* fn, const char* what) {
  const char* parts[] = {"conformance.c.", fn, ": ", what};
  TVMFFIErrorSetRaisedFromCStrParts(kind, parts, 4);
  return -1;
}

static int check_args(const char* fn, int32_t num_args, int32_t lo, int32_t hi) {
  if (num_args >= lo && (hi < 0 || num_args <= hi)) return 0;
  return fail("TypeError", fn, "wrong number of arguments");
}

static int is_object(const TVMFFIAny* v) { return v->type_index >= kTVMFFIStaticObjectBegin; }

/* The bytes of a str/bytes value: inline small form, heap object, or the borrowed forms a caller
 * may pass (a NUL-terminated char*, a TVMFFIByteArray*); 0 if it is neither. */
static int byte_content(const TVMFFIAny* v, TVMFFIByteArray* out) {
  switch (v->type_index) {
    case kTVMFFIRawStr:
      out->data = v->v_c_str;
      out->size = strlen(v->v_c_str);
      return 1;
    case kTVMFFIByteArrayPtr:
      *out = *(const TVMFFIByteArray*)v->v_ptr;
      return 1;
    case kTVMFFISmallStr:
    case kTVMFFISmallBytes:
      *out = TVMFFISmallBytesGetContentByteArray(v);
      return 1;
    case kTVMFFIStr:
    case kTVMFFIBytes:
      *out = *TVMFFIBytesGetByteArrayPtr(v->v_obj);
      return 1;
    default:
      return 0;
  }
}

static int call_global(const char* name, TVMFFIAny* args, int32_t n, TVMFFIAny* result) {
  TVMFFIByteArray key = {name, strlen(name)};
  TVMFFIObjectHandle f = NULL;
  if (TVMFFIFunctionGetGlobal(&key, &f) != 0) return -1;
  if (f == NULL) return fail("RuntimeError", "call_global", name);
  int rc = TVMFFIFunctionCall(f, args, n, result);
  TVMFFIObjectDecRef(f);
  return rc;
}

/* zlib's CRC-32: the `inspect` digest of str/bytes contents. */
static uint32_t crc32_of(const char* data, size_t size) {
  uint32_t crc = 0xFFFFFFFFu;
  for (size_t i = 0; i < size; ++i) {
    crc ^= (uint8_t)data[i];
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

static void append_dims(char* buf, size_t cap, const int64_t* v, int64_t n) {
  size_t len = strlen(buf);
  len += (size_t)snprintf(buf + len, cap - len, "[");
  for (int64_t i = 0; i < n && len < cap; ++i) {
    len += (size_t)snprintf(buf + len, cap - len, "%s%" PRId64, i ? "," : "", v[i]);
  }
  if (len < cap) snprintf(buf + len, cap - len, "]");
}

static int describe_dtype(DLDataType dtype, char* buf, size_t cap) {
  TVMFFIAny s = {0};
  TVMFFIByteArray text;
  if (TVMFFIDataTypeToString(&dtype, &s) != 0) return -1;
  if (!byte_content(&s, &text)) return fail("TypeError", "inspect", "dtype string expected");
  snprintf(buf, cap, "%.*s", (int)text.size, text.data);
  if (is_object(&s)) TVMFFIObjectDecRef(s.v_obj);
  return 0;
}

static int describe_object(const TVMFFIAny* v, char* buf, size_t cap) {
  const TVMFFITypeInfo* info = TVMFFIGetTypeInfo(v->type_index);
  int n = snprintf(buf, cap, "%.*s", (int)info->type_key.size, info->type_key.data);
  const char* size_fn = NULL;
  switch (v->type_index) {
    case kTVMFFIArray: size_fn = "ffi.ArraySize"; break;
    case kTVMFFIList: size_fn = "ffi.ListSize"; break;
    case kTVMFFIMap: size_fn = "ffi.MapSize"; break;
    case kTVMFFIDict: size_fn = "ffi.DictSize"; break;
    default: return 0;
  }
  TVMFFIAny arg = *v, size = {0};
  if (call_global(size_fn, &arg, 1, &size) != 0) return -1;
  snprintf(buf + n, cap - (size_t)n, ":%" PRId64, size.v_int64);
  return 0;
}

static int describe_tensor(TVMFFIObjectHandle obj, char* buf, size_t cap) {
  const DLTensor* t = TVMFFITensorGetDLTensorPtr(obj);
  size_t len;
  snprintf(buf, cap, "ffi.Tensor:");
  if (describe_dtype(t->dtype, buf + 11, cap - 11) != 0) return -1;
  len = strlen(buf);
  snprintf(buf + len, cap - len, ":");
  append_dims(buf, cap, t->shape, t->ndim);
  len = strlen(buf);
  snprintf(buf + len, cap - len, ":");
  append_dims(buf, cap, t->strides, t->strides ? t->ndim : 0);
  len = strlen(buf);
  snprintf(buf + len, cap - len, ":%" PRIu64 ":%d:%d", t->byte_offset, (int)t->device.device_type,
           (int)t->device.device_id);
  return 0;
}

/* The `inspect` text of one value (format in docs/conformance.md). */
static int describe(const TVMFFIAny* v, char* buf, size_t cap) {
  TVMFFIByteArray bytes;
  uint64_t bits;
  switch (v->type_index) {
    case kTVMFFINone: snprintf(buf, cap, "None"); return 0;
    case kTVMFFIBool: snprintf(buf, cap, "bool:%d", v->v_int64 != 0); return 0;
    case kTVMFFIInt: snprintf(buf, cap, "int:%" PRId64, v->v_int64); return 0;
    case kTVMFFIFloat:
      memcpy(&bits, &v->v_float64, sizeof(bits));
      snprintf(buf, cap, "float:%016" PRIx64, bits);
      return 0;
    case kTVMFFIOpaquePtr: snprintf(buf, cap, "ptr:%" PRIxPTR, (uintptr_t)v->v_ptr); return 0;
    case kTVMFFIDataType: snprintf(buf, cap, "dtype:"); return describe_dtype(v->v_dtype, buf + 6, cap - 6);
    case kTVMFFIDevice:
      snprintf(buf, cap, "device:%d:%d", (int)v->v_device.device_type, (int)v->v_device.device_id);
      return 0;
    case kTVMFFIShape: {
      TVMFFIShapeCell* cell = TVMFFIShapeGetCellPtr(v->v_obj);
      snprintf(buf, cap, "ffi.Shape:");
      append_dims(buf, cap, cell->data, (int64_t)cell->size);
      return 0;
    }
    case kTVMFFITensor: return describe_tensor(v->v_obj, buf, cap);
    default: break;
  }
  if (byte_content(v, &bytes)) {
    int is_str = v->type_index == kTVMFFISmallStr || v->type_index == kTVMFFIStr ||
                 v->type_index == kTVMFFIRawStr;
    snprintf(buf, cap, "%s:%zu:%08x", is_str ? "str" : "bytes", bytes.size,
             crc32_of(bytes.data, bytes.size));
    return 0;
  }
  if (is_object(v)) return describe_object(v, buf, cap);
  return fail("TypeError", "inspect", "unsupported argument type index");
}

/* Decodes one value into C variables and re-encodes it into `out` (owned): what relay does to
 * every argument and result. Objects are shared, not copied: a new reference to the handle. */
static int reencode(const TVMFFIAny* in, TVMFFIAny* out) {
  TVMFFIByteArray bytes;
  memset(out, 0, sizeof(*out));
  out->type_index = in->type_index;
  switch (in->type_index) {
    case kTVMFFINone: return 0;
    case kTVMFFIBool:
    case kTVMFFIInt: { int64_t x = in->v_int64; out->v_int64 = x; return 0; }
    case kTVMFFIFloat: { double x = in->v_float64; out->v_float64 = x; return 0; }
    case kTVMFFIOpaquePtr: { void* p = in->v_ptr; out->v_ptr = p; return 0; }
    case kTVMFFIDataType: { DLDataType d = in->v_dtype; out->v_dtype = d; return 0; }
    case kTVMFFIDevice: { DLDevice d = in->v_device; out->v_device = d; return 0; }
    default:
      break;
  }
  out->type_index = kTVMFFINone;  /* stays None if a constructor below fails */
  switch (in->type_index) {
    case kTVMFFISmallStr:
    case kTVMFFIStr:
    case kTVMFFIRawStr:
      byte_content(in, &bytes);
      return TVMFFIStringFromByteArray(&bytes, out);
    case kTVMFFISmallBytes:
    case kTVMFFIBytes:
    case kTVMFFIByteArrayPtr:
      byte_content(in, &bytes);
      return TVMFFIBytesFromByteArray(&bytes, out);
    default:
      return TVMFFIAnyViewToOwnedAny(in, out);
  }
}

static void release(TVMFFIAny* v, int32_t n) {
  for (int32_t i = 0; i < n; ++i) {
    if (is_object(&v[i])) TVMFFIObjectDecRef(v[i].v_obj);
  }
}

static int as_text(const char* fn, const TVMFFIAny* v, char* buf, size_t cap) {
  TVMFFIByteArray bytes;
  if (v->type_index != kTVMFFISmallStr && v->type_index != kTVMFFIStr && v->type_index != kTVMFFIRawStr) {
    return fail("TypeError", fn, "expected a str argument");
  }
  byte_content(v, &bytes);
  if (bytes.size >= cap) return fail("ValueError", fn, "str argument too long");
  memcpy(buf, bytes.data, bytes.size);
  buf[bytes.size] = '\0';
  return 0;
}

/* Calls global `fn` with the comma-separated ints of `text` as arguments (ffi.Shape, ffi.List). */
static int make_from_ints(const char* fn, const char* text, TVMFFIAny* result) {
  TVMFFIAny args[64];
  int32_t n = 0;
  const char* p = text;
  while (*p != '\0' && n < 64) {
    char* end;
    args[n].type_index = kTVMFFIInt;
    args[n].zero_padding = 0;
    args[n++].v_int64 = strtoll(p, &end, 10);
    p = *end == ',' ? end + 1 : end;
    if (end == p && *end != '\0') return fail("ValueError", "make", "bad integer list");
  }
  return call_global(fn, args, n, result);
}

EXPORT int __tvm_ffi_echo(void* self, const TVMFFIAny* args, int32_t num_args, TVMFFIAny* result) {
  (void)self;
  if (check_args("echo", num_args, 1, 1) != 0) return -1;
  return TVMFFIAnyViewToOwnedAny(&args[0], result);
}

EXPORT int __tvm_ffi_inspect(void* self, const TVMFFIAny* args, int32_t num_args, TVMFFIAny* result) {
  char buf[512];
  (void)self;
  if (check_args("inspect", num_args, 1, 1) != 0 || describe(&args[0], buf, sizeof(buf)) != 0) return -1;
  TVMFFIByteArray text = {buf, strlen(buf)};
  return TVMFFIStringFromByteArray(&text, result);
}

EXPORT int __tvm_ffi_make(void* self, const TVMFFIAny* args, int32_t num_args, TVMFFIAny* result) {
  char tag[64], text[4096];
  (void)self;
  if (check_args("make", num_args, 2, 2) != 0 || as_text("make", &args[0], tag, sizeof(tag)) != 0 ||
      as_text("make", &args[1], text, sizeof(text)) != 0) {
    return -1;
  }
  if (strcmp(tag, "int") == 0) {
    result->type_index = kTVMFFIInt;
    result->v_int64 = strtoll(text, NULL, 10);
    return 0;
  }
  if (strcmp(tag, "str") == 0) {
    TVMFFIByteArray bytes = {text, strlen(text)};
    return TVMFFIStringFromByteArray(&bytes, result);
  }
  if (strcmp(tag, "dtype") == 0) {
    TVMFFIByteArray bytes = {text, strlen(text)};
    result->type_index = kTVMFFIDataType;
    return TVMFFIDataTypeFromString(&bytes, &result->v_dtype);
  }
  if (strcmp(tag, "shape") == 0) return make_from_ints("ffi.Shape", text, result);
  if (strcmp(tag, "list") == 0) return make_from_ints("ffi.List", text, result);
  return fail("ValueError", "make", "unknown tag; expected int, str, dtype, shape or list");
}

EXPORT int __tvm_ffi_mutate(void* self, const TVMFFIAny* args, int32_t num_args, TVMFFIAny* result) {
  TVMFFIAny call[3] = {args[0]};
  TVMFFIAny ignored = {0};
  int rc;
  (void)self;
  (void)result;
  if (check_args("mutate", num_args, 1, 1) != 0) return -1;
  call[1].type_index = kTVMFFIRawStr;
  call[1].v_c_str = "mutated";
  if (args[0].type_index == kTVMFFIList) {
    rc = call_global("ffi.ListAppend", call, 2, &ignored);
  } else if (args[0].type_index == kTVMFFIDict) {
    call[2].type_index = kTVMFFIBool;
    call[2].v_int64 = 1;
    rc = call_global("ffi.DictSetItem", call, 3, &ignored);
  } else {
    return fail("TypeError", "mutate", "expected a List or Dict");
  }
  release(&ignored, 1);
  return rc;
}

EXPORT int __tvm_ffi_call_back(void* self, const TVMFFIAny* args, int32_t num_args, TVMFFIAny* result) {
  (void)self;
  if (check_args("call_back", num_args, 1, -1) != 0) return -1;
  if (args[0].type_index != kTVMFFIFunction) return fail("TypeError", "call_back", "argument 0 must be a Function");
  return TVMFFIFunctionCall(args[0].v_obj, (TVMFFIAny*)(args + 1), num_args - 1, result);
}

/* raise_error(kind, message[, cause_kind, cause_message]): the optional pair is the cause. */
EXPORT int __tvm_ffi_raise_error(void* self, const TVMFFIAny* args, int32_t num_args, TVMFFIAny* result) {
  TVMFFIByteArray kind, message, cause_kind, cause_message;
  TVMFFIObjectHandle cause = NULL, error = NULL;
  int rc = 0;
  (void)self;
  (void)result;
  if (check_args("raise_error", num_args, 2, 4) != 0) return -1;
  if (num_args == 3 || !byte_content(&args[0], &kind) || !byte_content(&args[1], &message) ||
      (num_args == 4 && (!byte_content(&args[2], &cause_kind) || !byte_content(&args[3], &cause_message)))) {
    return fail("TypeError", "raise_error", "expected (kind: str, message: str[, cause_kind: str, cause_message: str])");
  }
  const TVMFFIByteArray* bt = TVMFFIBacktrace(__FILE__, __LINE__, "conformance.c.raise_error", 0);
  if (num_args == 4) rc = TVMFFIErrorCreate(&cause_kind, &cause_message, bt, &cause);
  if (rc == 0) rc = TVMFFIErrorCreateWithCauseAndExtraContext(&kind, &message, bt, cause, NULL, &error);
  if (cause != NULL) TVMFFIObjectDecRef(cause); /* the new error holds its own reference */
  if (rc != 0) return fail("MemoryError", "raise_error", "out of memory");
  TVMFFIErrorSetRaised(error);  /* borrows: the slot takes its own reference */
  TVMFFIObjectDecRef(error);
  return -1;
}

EXPORT int __tvm_ffi_relay(void* self, const TVMFFIAny* args, int32_t num_args, TVMFFIAny* result) {
  TVMFFIAny owned[64], raw = {0};
  int32_t n = 0;
  int rc = 0;
  (void)self;
  if (check_args("relay", num_args, 1, 65) != 0) return -1;
  if (args[0].type_index != kTVMFFIFunction) return fail("TypeError", "relay", "argument 0 must be a Function");
  for (; n < num_args - 1 && rc == 0; ++n) rc = reencode(&args[n + 1], &owned[n]);
  if (rc == 0) rc = TVMFFIFunctionCall(args[0].v_obj, owned, n, &raw);
  if (rc == 0) rc = reencode(&raw, result);
  release(&raw, 1);
  release(owned, n);
  return rc;
}
