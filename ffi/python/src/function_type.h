// ffi/python/src/function_type.h: tvm_ffi.Function (vectorcall hot path) and Python callbacks.
#ifndef TVM_FFI_PYTHON_SRC_FUNCTION_TYPE_H_
#define TVM_FFI_PYTHON_SRC_FUNCTION_TYPE_H_

#include "object_type.h"

namespace tvm_ffi_py {

// Instance layout of tvm_ffi.Function: an Object plus its own vectorcall entry.
struct FunctionObj {
  ObjectHandleObj base;
  vectorcallfunc vectorcall;
  int release_gil;
  PyObject* name;  // str or NULL; used in repr and argument errors
};

// Creates tvm_ffi._core.Function and adds it to `module`. Returns -1 with an error set.
int function_type_init(PyObject* module);

// Sets the per-instance fields of a freshly allocated Function (or subclass) instance.
void function_init_fields(PyObject* self);

// Default of FunctionObj::release_gil (TVM_FFI_RELEASE_GIL_BY_DEFAULT, read once).
bool function_release_gil_default();

// Sets the name shown in repr and errors (new reference kept).
void function_set_name(PyObject* self, PyObject* name);

// callback.cc: an owned FFI Function whose calls run the Python `callable` (retained until the
// Function dies). Returns -1 with a Python error set on failure.
int function_handle_from_callable(PyObject* callable, TVMFFIObjectHandle* out);

// A new tvm_ffi.Function wrapping a Python callable. NULL with an error set on failure.
PyObject* function_from_callable(PyObject* callable);
// Function.__from_extern_c__: a Function over a C SafeCall at `address` (an int), keeping
// `keep_alive` (or nothing, for None) alive as long as the Function.
PyObject* function_from_extern_c(PyObject* address, PyObject* keep_alive);

// convert_func(callable, tensor_cls): like function_from_callable, but tensor arguments reach
// the callable as `tensor_cls` instances, made through that class's DLPack exchange API.
// TypeError when `tensor_cls` has none.
PyObject* function_from_callable_with_tensor_cls(PyObject* callable, PyObject* tensor_cls);

}  // namespace tvm_ffi_py

#endif  // TVM_FFI_PYTHON_SRC_FUNCTION_TYPE_H_
