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

int invoke(PyObject* callable, const TVMFFIAny* args, int32_t num_args, TVMFFIAny* result) {
  PyObject* inline_argv[kInlineArgs];
  inline_argv[0] = nullptr;
  std::unique_ptr<PyObject*[]> heap_argv;
  PyObject** argv = inline_argv;
  if (num_args > kInlineArgs) {
    heap_argv.reset(new (std::nothrow) PyObject*[num_args]);
    if (!heap_argv) {
      PyErr_NoMemory();
      return -1;
    }
    argv = heap_argv.get();
  }
  int32_t converted = 0;
  PyObject* ret = nullptr;
  for (; converted < num_args; ++converted) {
    argv[converted] = any_view_to_py(&args[converted]);
    if (argv[converted] == nullptr) break;
  }
  if (converted == num_args) {
    ret = PyObject_Vectorcall(callable, argv, static_cast<size_t>(num_args), nullptr);
  }
  for (int32_t i = 0; i < converted; ++i) Py_DECREF(argv[i]);
  if (ret == nullptr) return -1;
  int rc = pack_owned(ret, result);
  Py_DECREF(ret);
  return rc;
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

thread_local int t_gil_held_in_call TVM_FFI_PY_TLS_MODEL = 0;

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
