// ffi/python/src/convert.h: Python <-> TVMFFIAny conversion (arguments, results, callbacks).
#ifndef TVM_FFI_PYTHON_SRC_CONVERT_H_
#define TVM_FFI_PYTHON_SRC_CONVERT_H_

#include <cstring>

#include "object_type.h"
#include "tensor.h"

namespace tvm_ffi_py {

// State of one packing pass: the temporaries to release after the call, the byte-array views
// that ByteArrayPtr arguments point at, and the framework/stream seen among tensor arguments.
// Packing one value adds at most one temporary and at most one view, so storage for N values
// needs N slots of each; the caller provides that storage (on its C stack for small calls).
struct CallContext {
  TVMFFIObjectHandle* temps;
  TVMFFIByteArray* views;
  int num_temps = 0;
  int num_views = 0;
  // For messages: the function's name (may be NULL) and the index of the argument being packed.
  PyObject* func_name = nullptr;
  int arg_index = 0;
  // The DLPack exchange API of the first framework tensor argument, and the stream of the first
  // one on a non-CPU device: installed in the env around the call.
  const DLPackExchangeAPI* tensor_api = nullptr;
  int32_t stream_device_type = -1;
  int32_t stream_device_id = 0;
  void* stream = nullptr;

  CallContext(TVMFFIObjectHandle* temp_storage, TVMFFIByteArray* view_storage)
      : temps(temp_storage), views(view_storage) {}
  CallContext(const CallContext&) = delete;
  CallContext& operator=(const CallContext&) = delete;
  ~CallContext() { release_temps(); }

  void add_temp(TVMFFIObjectHandle handle) { temps[num_temps++] = handle; }
  void release_temps() {
    if (num_temps == 0) return;
    GilHeldScope gil;  // temporaries are released by Python-side code, under the GIL
    while (num_temps > 0) {
      TVMFFIObjectHandle handle = temps[--num_temps];
      if (tensor_is_view(handle)) {
        tensor_view_release(handle);
      } else {
        TVMFFIObjectDecRef(handle);
      }
    }
  }
};

// Out-of-line part of pack_arg: everything but the exact-type fast paths.
int pack_arg_slow(PyObject* obj, TVMFFIAny* out, CallContext* ctx);
// str conversion: SmallStr up to 7 bytes, RawStr view (no copy) above, a String object when the
// text holds a NUL byte.
int pack_str(PyObject* obj, TVMFFIAny* out, CallContext* ctx);
// int beyond int64: a BigInt object (temporary).
int pack_big_int(PyObject* obj, TVMFFIAny* out, CallContext* ctx);

// The value of an exact `int` when it fits in int64, without a call into CPython for the
// one-digit ints that dominate argument lists. False on overflow (nothing is raised): the
// caller then takes the BigInt path.
inline bool long_as_int64_fast(PyObject* obj, int64_t* out) {
#if PY_VERSION_HEX >= 0x030C0000
  if (PyUnstable_Long_IsCompact(reinterpret_cast<PyLongObject*>(obj))) {
    *out = static_cast<int64_t>(
        PyUnstable_Long_CompactValue(reinterpret_cast<PyLongObject*>(obj)));
    return true;
  }
#else
  Py_ssize_t size = Py_SIZE(obj);
  if (size >= -1 && size <= 1) {
    // Zero has size 0 and no digit that may be relied on.
    *out = size == 0 ? 0
                     : static_cast<int64_t>(size) *
                           static_cast<int64_t>(reinterpret_cast<PyLongObject*>(obj)->ob_digit[0]);
    return true;
  }
#endif
  int overflow = 0;
  long long value = PyLong_AsLongLongAndOverflow(obj, &overflow);
  if (overflow != 0) return false;
  *out = value;
  return true;
}

// Converts `obj` to a borrowed view in `out`; objects created for it are added to ctx->temps.
// Returns 0, or -1 with a Python error set.
inline int pack_arg(PyObject* obj, TVMFFIAny* out, CallContext* ctx) {
  PyTypeObject* tp = Py_TYPE(obj);
  out->zero_padding = 0;
  if (tp == &PyLong_Type) {
    int64_t value;
    if (!long_as_int64_fast(obj, &value)) return pack_big_int(obj, out, ctx);
    out->type_index = kTVMFFIInt;
    out->v_int64 = value;
    return 0;
  }
  if (tp == &PyFloat_Type) {
    out->type_index = kTVMFFIFloat;
    out->v_float64 = PyFloat_AS_DOUBLE(obj);
    return 0;
  }
  if (obj == Py_None) {
    out->type_index = kTVMFFINone;
    out->v_int64 = 0;
    return 0;
  }
  if (tp == &PyBool_Type) {
    out->type_index = kTVMFFIBool;
    out->v_int64 = obj == Py_True ? 1 : 0;
    return 0;
  }
  if (tp == &PyUnicode_Type) return pack_str(obj, out, ctx);
  if (tp == g_tensor_type || tp == g_function_type || tp == g_object_type) {
    TVMFFIObjectHandle handle = reinterpret_cast<ObjectHandleObj*>(obj)->handle;
    if (handle == nullptr) {
      out->type_index = kTVMFFINone;
      out->v_int64 = 0;
      return 0;
    }
    out->type_index = TVMFFIObjectGetTypeIndex(handle);
    out->v_obj = static_cast<TVMFFIObject*>(handle);
    return 0;
  }
  return pack_arg_slow(obj, out, ctx);
}

// The DLPack exchange API of a tensor type, from the per-type cache (NULL when it has none).
const DLPackExchangeAPI* cached_exchange_api(PyTypeObject* tp);

// Converts `obj` to an owned value (callback results, container elements). Returns 0, or -1
// with a Python error set (`out` is then untouched).
int pack_owned(PyObject* obj, TVMFFIAny* out);

// Converts an owned result to Python, consuming its reference. Tensors become framework tensors
// through `tensor_api` when it is not NULL. NULL with an error set on failure (the value is
// released all the same).
PyObject* any_to_py_owned(TVMFFIAny* value, const DLPackExchangeAPI* tensor_api);

// The same for an owned object handle (its reference is consumed).
PyObject* object_to_py_owned(TVMFFIObjectHandle handle, const DLPackExchangeAPI* tensor_api);

// Converts a borrowed argument view to Python (callback arguments). An ObjectRValueRef is moved
// out of its slot. NULL with an error set on failure.
PyObject* any_view_to_py(const TVMFFIAny* value);

// Drops the reference an owned value holds, if any.
inline void any_release(TVMFFIAny* value) {
  if (value->type_index >= kTVMFFIStaticObjectBegin && value->v_obj != nullptr) {
    TVMFFIObjectDecRef(value->v_obj);
  }
  value->type_index = kTVMFFINone;
  value->zero_padding = 0;
  value->v_int64 = 0;
}

// Calls an FFI function handle on Python arguments (the body of Function.__call__).
PyObject* call_function(PyObject* func_name, TVMFFIObjectHandle handle, bool release_gil,
                        PyObject* const* args, Py_ssize_t nargs);

}  // namespace tvm_ffi_py

#endif  // TVM_FFI_PYTHON_SRC_CONVERT_H_
