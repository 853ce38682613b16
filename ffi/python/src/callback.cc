// ffi/python/src/callback.cc: Python callables as FFI Functions (C++ -> Python calls).
//
// The Function's closure is the callable itself (one strong reference). A call takes the GIL
// (PyGILState_Ensure works whether or not the calling thread already holds it), converts the
// borrowed arguments, calls through vectorcall and packs the result as an owned value. A Python
// exception becomes an FFI Error that carries the exception object (error.cc).
#include <memory>

#include "convert.h"
#include "error.h"
#include "function_type.h"

namespace tvm_ffi_py {
namespace {

constexpr int32_t kInlineArgs = 8;

// Scalars inline (they dominate callback arguments); everything else out of line.
inline PyObject* arg_to_py(const TVMFFIAny* value) {
  switch (value->type_index) {
    case kTVMFFIInt:
      return PyLong_FromLongLong(value->v_int64);
    case kTVMFFIFloat:
      return PyFloat_FromDouble(value->v_float64);
    case kTVMFFINone:
      Py_RETURN_NONE;
    case kTVMFFIBool:
      return PyBool_FromLong(value->v_int64 != 0);
    default:
      return any_view_to_py(value);
  }
}

// Converts the arguments into `argv`, calls, and packs the result. Returns 0 or -1 with a
// Python error set.
int invoke_with(PyObject* callable, const TVMFFIAny* args, int32_t num_args, TVMFFIAny* result,
                PyObject** argv) {
  int32_t converted = 0;
  while (converted < num_args && (argv[converted] = arg_to_py(&args[converted])) != nullptr) {
    ++converted;
  }
  PyObject* ret = converted == num_args
                      ? PyObject_Vectorcall(callable, argv, static_cast<size_t>(num_args), nullptr)
                      : nullptr;
  for (int32_t i = 0; i < converted; ++i) Py_DECREF(argv[i]);
  if (ret == nullptr) return -1;
  int rc = pack_owned(ret, result);
  Py_DECREF(ret);
  return rc;
}

int invoke(PyObject* callable, const TVMFFIAny* args, int32_t num_args, TVMFFIAny* result) {
  if (num_args <= kInlineArgs) {
    PyObject* argv[kInlineArgs];
    return invoke_with(callable, args, num_args, result, argv);
  }
  std::unique_ptr<PyObject*[]> argv(new (std::nothrow) PyObject*[num_args]);
  if (!argv) {
    PyErr_NoMemory();
    return -1;
  }
  return invoke_with(callable, args, num_args, result, argv.get());
}

int callback_safe_call(void* self, const TVMFFIAny* args, int32_t num_args, TVMFFIAny* result) {
  if (!interpreter_alive()) {
    TVMFFIErrorSetRaisedFromCStr("RuntimeError",
                                 "a Python callback was called after interpreter shutdown");
    return -1;
  }
  if (t_gil_held_in_call != 0) {
    // Called back on the thread that called into the FFI while holding the GIL.
    int rc = invoke(static_cast<PyObject*>(self), args, num_args, result);
    if (rc != 0) set_ffi_error_from_python();
    return rc == 0 ? 0 : -1;
  }
  PyGILState_STATE gil = PyGILState_Ensure();
  int rc = invoke(static_cast<PyObject*>(self), args, num_args, result);
  if (rc != 0) set_ffi_error_from_python();
  PyGILState_Release(gil);
  return rc == 0 ? 0 : -1;
}

}  // namespace

TVM_FFI_PY_THREAD_LOCAL int t_gil_held_in_call = 0;

void py_decref_deleter(void* py_object) {
  // A Function or opaque object may outlive the interpreter (held by a C++ static); then the
  // reference is leaked on purpose, since Python can no longer run its destructor.
  if (t_gil_held_in_call != 0) {
    Py_DECREF(static_cast<PyObject*>(py_object));
    return;
  }
  if (!interpreter_alive()) return;
  PyGILState_STATE gil = PyGILState_Ensure();
  Py_DECREF(static_cast<PyObject*>(py_object));
  PyGILState_Release(gil);
}

int function_handle_from_callable(PyObject* callable, TVMFFIObjectHandle* out) {
  Py_INCREF(callable);
  if (TVMFFIFunctionCreate(callable, callback_safe_call, py_decref_deleter, out) != 0) {
    Py_DECREF(callable);  // [CALL-CREATE-FAILURE]: the deleter was not called, we keep it
    raise_ffi_error();
    return -1;
  }
  return 0;
}

}  // namespace tvm_ffi_py
