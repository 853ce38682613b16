/* examples/quickstart/c/add_one_c.c: add_one on the raw C ABI, with no SDK at all.
 *
 * The loader finds `__tvm_ffi_add_one` by name and calls it with the packed signature every
 * tvm-ffi function has. Errors are reported the C ABI way: set the calling thread's error
 * slot and return -1. Build: see ../CMakeLists.txt, or
 *   gcc -shared -fPIC $(tvm-ffi-config --cflags) add_one_c.c -o libadd_one_c.so \
 *       $(tvm-ffi-config --ldflags) $(tvm-ffi-config --libs)
 */
#include <stdarg.h>
#include <stdio.h>
#include <tvm/ffi/c_api.h>

/* Raises `kind` with a printf-style message and returns -1, so callers can `return Fail(...)`. */
static int Fail(const char* kind, const char* format, ...) {
  char text[256];
  va_list args;
  va_start(args, format);
  vsnprintf(text, sizeof(text), format, args);
  va_end(args);
  TVMFFIErrorSetRaisedFromCStr(kind, text);
  return -1;
}

/* A tensor argument arrives as a borrowed DLTensor* (from C hosts) or as an ffi.Tensor object
 * (from Python, C++ and Rust), whose DLTensor sits right after the object header. */
static int GetTensor(const TVMFFIAny* arg, int index, DLTensor** out) {
  if (arg->type_index == kTVMFFIDLTensorPtr) {
    *out = (DLTensor*)arg->v_ptr;
    return 0;
  }
  if (arg->type_index == kTVMFFITensor) {
    *out = TVMFFITensorGetDLTensorPtr(arg->v_obj);
    return 0;
  }
  return Fail("TypeError", "add_one: argument #%d must be a Tensor, got type index %d", index,
              (int)arg->type_index);
}

/* add_one works on contiguous 1-D float32 CPU tensors only. */
static int CheckVector(const DLTensor* t, int index) {
  if (t->device.device_type != kDLCPU) {
    return Fail("ValueError", "add_one: argument #%d must be on the CPU, got device type %d",
                index, (int)t->device.device_type);
  }
  if (t->dtype.code != kDLFloat || t->dtype.bits != 32 || t->dtype.lanes != 1) {
    return Fail("TypeError",
                "add_one: argument #%d must be float32, got dtype code %d, %d bits, %d lanes",
                index, (int)t->dtype.code, (int)t->dtype.bits, (int)t->dtype.lanes);
  }
  if (t->ndim != 1) {
    return Fail("ValueError", "add_one: argument #%d must be 1-D, got %d dimensions", index,
                (int)t->ndim);
  }
  if (t->strides != NULL && t->shape[0] > 1 && t->strides[0] != 1) {
    return Fail("ValueError", "add_one: argument #%d must be contiguous, got stride %lld",
                index, (long long)t->strides[0]);
  }
  return 0;
}

/* y[i] = x[i] + 1 for float32 vectors x and y of the same length. */
int __tvm_ffi_add_one(void* handle, const TVMFFIAny* args, int32_t num_args, TVMFFIAny* result) {
  (void)handle;
  DLTensor *x, *y;
  if (num_args != 2) {
    return Fail("TypeError", "add_one: expects 2 arguments (x, y), got %d", (int)num_args);
  }
  if (GetTensor(&args[0], 0, &x) != 0 || GetTensor(&args[1], 1, &y) != 0) return -1;
  if (CheckVector(x, 0) != 0 || CheckVector(y, 1) != 0) return -1;
  if (x->shape[0] != y->shape[0]) {
    return Fail("ValueError", "add_one: x has %lld elements but y has %lld",
                (long long)x->shape[0], (long long)y->shape[0]);
  }
  const float* in = (const float*)((const char*)x->data + x->byte_offset);
  float* out = (float*)((char*)y->data + y->byte_offset);
  for (int64_t i = 0; i < x->shape[0]; ++i) out[i] = in[i] + 1.0f;
  result->type_index = kTVMFFINone;
  result->zero_padding = 0;
  result->v_int64 = 0;
  return 0;
}

/* The ABI version this module was compiled for; loaders check it before running any code. */
const TVMFFIVersion __tvm_ffi__abi_version = {TVM_FFI_VERSION_MAJOR, TVM_FFI_VERSION_MINOR,
                                              TVM_FFI_VERSION_PATCH};
