/* ffi/c/tests/seed/seed_host.c: C host that dlopens the seed's add_one_c.so and checks __tvm_ffi_add_one_c end to end. */
/*
 * Usage: seed_host <path/to/add_one_c.so>
 *
 * Linked against libtvm_ffi (the runtime under test). Checks:
 *   1. a DLTensor passed as kTVMFFIDLTensorPtr: y == x + 1, result stays None;
 *   2. Tensor objects made with TVMFFITensorFromDLPack: y == x + 1, the call
 *      borrows its arguments (refcount unchanged) and the DLPack deleters run
 *      when the last reference is dropped;
 *   3. an int argument: return -1, and TVMFFIErrorMoveFromRaised yields an
 *      Error of kind "ValueError" with message "Expects a Tensor input"; the
 *      thread's error slot is empty afterwards.
 * Prints "N passed, M failed" and exits nonzero on any failure.
 * SPEC.md names of the rules cited: CALL-BORROWED-ARGS = CALL-BORROWED-ARGS,
 * TENSOR-LAYOUT = TENSOR-LAYOUT; the others are the same.
 */
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tvm/ffi/c_api.h>

#include "../c_check.h"

#define N 5

static TVMFFISafeCallType g_add_one;

/* Strong count of an object: the low 32 bits of combined_ref_count. SPEC: OBJ-HEADER-LAYOUT */
static uint32_t strong_count(TVMFFIObjectHandle h) {
  return (uint32_t)(((TVMFFIObject*)h)->combined_ref_count & 0xffffffffu);
}

static int32_t type_index_of(TVMFFIObjectHandle h) { return ((TVMFFIObject*)h)->type_index; }

static int byte_array_eq(TVMFFIByteArray a, const char* s) {
  return a.size == strlen(s) && memcmp(a.data, s, a.size) == 0;
}

static void fill(float* x, float* y) {
  int i;
  for (i = 0; i < N; ++i) {
    x[i] = (float)i * 1.5f - 2.0f;
    y[i] = -100.0f;
  }
}

static int check_plus_one(const float* x, const float* y) {
  int i;
  for (i = 0; i < N; ++i) {
    if (y[i] != x[i] + 1.0f) return 0;
  }
  return 1;
}

static DLTensor make_dltensor(float* data, int64_t* shape, int64_t* strides) {
  DLTensor t;
  memset(&t, 0, sizeof(t));
  t.data = data;
  t.device.device_type = kDLCPU;
  t.device.device_id = 0;
  t.ndim = 1;
  t.dtype.code = kDLFloat;
  t.dtype.bits = 32;
  t.dtype.lanes = 1;
  t.shape = shape;
  t.strides = strides;
  t.byte_offset = 0;
  return t;
}

/* 1. DLTensor* arguments. */
static void test_dltensor_ptr(void) {
  float x[N], y[N];
  int64_t shape[1] = {N};
  int64_t strides[1] = {1};
  DLTensor tx = make_dltensor(x, shape, strides);
  DLTensor ty = make_dltensor(y, shape, strides);
  TVMFFIAny args[2];
  TVMFFIAny result;
  int rc;
  fill(x, y);
  memset(args, 0, sizeof(args));
  args[0].type_index = kTVMFFIDLTensorPtr;
  args[0].v_ptr = &tx;
  args[1].type_index = kTVMFFIDLTensorPtr;
  args[1].v_ptr = &ty;
  memset(&result, 0, sizeof(result));
  result.type_index = kTVMFFINone;
  rc = g_add_one(NULL, args, 2, &result);
  CHECK(rc == 0, "add_one_c(DLTensor*, DLTensor*) returned %d", rc);
  CHECK(check_plus_one(x, y), "y != x + 1 for DLTensor* arguments");
  CHECK(result.type_index == kTVMFFINone, "result type_index %d, expected None", result.type_index);
}

/* A DLManagedTensor whose deleter records that it ran. */
typedef struct {
  DLManagedTensor mt;
  int64_t shape[1];
  int deleted;
} HostManaged;

static void host_managed_deleter(DLManagedTensor* self) {
  HostManaged* m = (HostManaged*)self->manager_ctx;
  m->deleted += 1;
}

static TVMFFIObjectHandle import_tensor(HostManaged* m, float* data) {
  TVMFFIObjectHandle h = NULL;
  int rc;
  memset(m, 0, sizeof(*m));
  m->shape[0] = N;
  /* NULL strides: the runtime must still accept compact row-major (SPEC: DLPACK-IMPORT-OWNERSHIP). */
  m->mt.dl_tensor = make_dltensor(data, m->shape, NULL);
  m->mt.manager_ctx = m;
  m->mt.deleter = host_managed_deleter;
  rc = TVMFFITensorFromDLPack(&m->mt, 0, 0, &h);
  CHECK(rc == 0 && h != NULL, "TVMFFITensorFromDLPack returned %d", rc);
  return h;
}

/* 2. Tensor object arguments. */
static void test_tensor_objects(void) {
  float x[N], y[N];
  HostManaged mx, my;
  TVMFFIObjectHandle hx, hy;
  TVMFFIAny args[2];
  TVMFFIAny result;
  DLTensor* dl;
  int rc;
  fill(x, y);
  hx = import_tensor(&mx, x);
  hy = import_tensor(&my, y);
  if (hx == NULL || hy == NULL) return;
  CHECK(type_index_of(hx) == kTVMFFITensor, "imported object has type index %d",
        type_index_of(hx));
  /* SPEC: TENSOR-LAYOUT -- the DLTensor sits right after the 24-byte header. */
  dl = (DLTensor*)((char*)hx + sizeof(TVMFFIObject));
  CHECK(dl->data == (void*)x && dl->ndim == 1 && dl->shape[0] == N,
        "Tensor's DLTensor at +24 does not describe the imported data");
  CHECK(dl->strides != NULL && dl->strides[0] == 1, "imported Tensor has no compact strides");
  memset(args, 0, sizeof(args));
  args[0].type_index = kTVMFFITensor;
  args[0].v_obj = (TVMFFIObject*)hx;
  args[1].type_index = kTVMFFITensor;
  args[1].v_obj = (TVMFFIObject*)hy;
  memset(&result, 0, sizeof(result));
  result.type_index = kTVMFFINone;
  rc = g_add_one(NULL, args, 2, &result);
  CHECK(rc == 0, "add_one_c(Tensor, Tensor) returned %d", rc);
  CHECK(check_plus_one(x, y), "y != x + 1 for Tensor arguments");
  CHECK(result.type_index == kTVMFFINone, "result type_index %d, expected None", result.type_index);
  /* SPEC: CALL-BORROWED-ARGS -- the callee did not keep or drop references. */
  CHECK(strong_count(hx) == 1 && strong_count(hy) == 1, "refcounts after call: %u %u",
        strong_count(hx), strong_count(hy));
  CHECK(mx.deleted == 0 && my.deleted == 0, "DLPack deleter ran while the Tensor was alive");
  TVMFFIObjectDecRef(hx);
  TVMFFIObjectDecRef(hy);
  CHECK(mx.deleted == 1 && my.deleted == 1, "DLPack deleters ran %d/%d times, expected 1/1",
        mx.deleted, my.deleted);
}

/* 3. Bad input: an int where a tensor is expected. */
static void test_bad_input(void) {
  float y[N];
  int64_t shape[1] = {N};
  int64_t strides[1] = {1};
  DLTensor ty = make_dltensor(y, shape, strides);
  TVMFFIAny args[2];
  TVMFFIAny result;
  TVMFFIObjectHandle err = NULL;
  TVMFFIObjectHandle again = NULL;
  int rc;
  memset(args, 0, sizeof(args));
  args[0].type_index = kTVMFFIInt;
  args[0].v_int64 = 1;
  args[1].type_index = kTVMFFIDLTensorPtr;
  args[1].v_ptr = &ty;
  memset(&result, 0, sizeof(result));
  result.type_index = kTVMFFINone;
  rc = g_add_one(NULL, args, 2, &result);
  /* SPEC: CALL-RETURN-CODES */
  CHECK(rc == -1, "add_one_c(int, ...) returned %d, expected -1", rc);
  /* SPEC: ERR-TLS-SLOT */
  TVMFFIErrorMoveFromRaised(&err);
  CHECK(err != NULL, "no error was raised");
  if (err != NULL) {
    TVMFFIErrorCell* cell = (TVMFFIErrorCell*)((char*)err + sizeof(TVMFFIObject));
    CHECK(type_index_of(err) == kTVMFFIError, "raised object has type index %d",
          type_index_of(err));
    CHECK(byte_array_eq(cell->kind, "ValueError"), "error kind is '%.*s'", (int)cell->kind.size,
          cell->kind.data);
    CHECK(byte_array_eq(cell->message, "Expects a Tensor input"), "error message is '%.*s'",
          (int)cell->message.size, cell->message.data);
    TVMFFIObjectDecRef(err);
  }
  TVMFFIErrorMoveFromRaised(&again);
  CHECK(again == NULL, "the error slot was not cleared by TVMFFIErrorMoveFromRaised");
  if (again != NULL) TVMFFIObjectDecRef(again);
}

int main(int argc, char** argv) {
  void* lib;
  TVMFFIVersion version;
  if (argc != 2) {
    fprintf(stderr, "usage: %s <add_one_c.so>\n", argv[0]);
    return 2;
  }
  TVMFFIGetVersion(&version);
  printf("runtime ABI version %u.%u.%u\n", version.major, version.minor, version.patch);
  lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
  if (lib == NULL) {
    printf("FAIL dlopen(%s): %s\n", argv[1], dlerror());
    return 1;
  }
  /* SPEC: MOD-SYMBOL-NAME -- module function `add_one_c` is the C symbol __tvm_ffi_add_one_c,
   * called below as a safe call with handle == NULL, as a loader does. */
  *(void**)(&g_add_one) = dlsym(lib, "__tvm_ffi_add_one_c");
  if (g_add_one == NULL) {
    printf("FAIL dlsym(__tvm_ffi_add_one_c): %s\n", dlerror());
    return 1;
  }
  test_dltensor_ptr();
  test_tensor_objects();
  test_bad_input();
  return check_report("seed_host: ");
}
