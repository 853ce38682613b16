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

// Scalars inline (they dominate callback arguments); everything else out of line. With a
// framework's exchange API (convert_func's tensor_cls), tensors arrive as that framework's type.
inline PyObject* arg_to_py(const TVMFFIAny* value, const DLPackExchangeAPI* tensor_api) {
  switch (value->type_index) {
    case kTVMFFIInt:
      return PyLong_FromLongLong(value->v_int64);
    case kTVMFFIFloat:
      return PyFloat_FromDouble(value->v_float64);
    case kTVMFFINone:
      Py_RETURN_NONE;
    case kTVMFFIBool:
      return PyBool_FromLong(value->v_int64 != 0);
    case kTVMFFITensor:
      if (tensor_api != nullptr) {
        TVMFFIObjectIncRef(value->v_obj);
        return object_to_py_owned(value->v_obj, tensor_api);
      }
      return any_view_to_py(value);
    default:
      return any_view_to_py(value);
  }
}

// Converts the arguments into `argv`, calls, and packs the result. Returns 0 or -1 with a
// Python error set.
int invoke_with(PyObject* callable, const DLPackExchangeAPI* tensor_api, const TVMFFIAny* args,
                int32_t num_args, TVMFFIAny* result, PyObject** argv) {
  int32_t converted = 0;
  while (converted < num_args &&
         (argv[converted] = arg_to_py(&args[converted], tensor_api)) != nullptr) {
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

int invoke(PyObject* callable, const DLPackExchangeAPI* tensor_api, const TVMFFIAny* args,
           int32_t num_args, TVMFFIAny* result) {
  if (num_args <= kInlineArgs) {
    PyObject* argv[kInlineArgs];
    return invoke_with(callable, tensor_api, args, num_args, result, argv);
  }
  std::unique_ptr<PyObject*[]> argv(new (std::nothrow) PyObject*[num_args]);
  if (!argv) {
    PyErr_NoMemory();
    return -1;
  }
  return invoke_with(callable, tensor_api, args, num_args, result, argv.get());
}

// The closure of convert_func(f, tensor_cls): the callable, the class (kept alive, since the
// exchange API table belongs to its module) and the class's exchange API.
struct TensorClsClosure {
  PyObject* callable;
  PyObject* tensor_cls;
  const DLPackExchangeAPI* api;
};

// Runs `callable` from an FFI call: on this thread's GIL when the caller into the FFI holds it,
// else after taking it. An exception becomes the FFI error.
int run_callback(PyObject* callable, const DLPackExchangeAPI* tensor_api, const TVMFFIAny* args,
                 int32_t num_args, TVMFFIAny* result) {
  if (!interpreter_alive()) {
    TVMFFIErrorSetRaisedFromCStr("RuntimeError",
                                 "a Python callback was called after interpreter shutdown");
    return -1;
  }
  if (t_gil_held_in_call != 0) {
    // Called back on the thread that called into the FFI while holding the GIL.
    int rc = invoke(callable, tensor_api, args, num_args, result);
    if (rc != 0) set_ffi_error_from_python();
    return rc == 0 ? 0 : -1;
  }
  PyGILState_STATE gil = PyGILState_Ensure();
  int rc = invoke(callable, tensor_api, args, num_args, result);
  if (rc != 0) set_ffi_error_from_python();
  PyGILState_Release(gil);
  return rc == 0 ? 0 : -1;
}

int callback_safe_call(void* self, const TVMFFIAny* args, int32_t num_args, TVMFFIAny* result) {
  return run_callback(static_cast<PyObject*>(self), nullptr, args, num_args, result);
}

int tensor_cls_safe_call(void* self, const TVMFFIAny* args, int32_t num_args,
                         TVMFFIAny* result) {
  auto* closure = static_cast<TensorClsClosure*>(self);
  return run_callback(closure->callable, closure->api, args, num_args, result);
}

void tensor_cls_deleter(void* self) {
  auto* closure = static_cast<TensorClsClosure*>(self);
  py_decref_deleter(closure->callable);
  py_decref_deleter(closure->tensor_cls);
  delete closure;
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

PyObject* function_from_callable_with_tensor_cls(PyObject* callable, PyObject* tensor_cls) {
  if (!PyCallable_Check(callable)) {
    PyErr_Format(PyExc_TypeError, "convert_func: pyfunc must be callable, got %.200s",
                 Py_TYPE(callable)->tp_name);
    return nullptr;
  }
  const DLPackExchangeAPI* api =
      PyType_Check(tensor_cls) ? tensor_exchange_api_of(reinterpret_cast<PyTypeObject*>(tensor_cls))
                               : nullptr;
  if (api == nullptr) {
    PyErr_Format(PyExc_TypeError,
                 "convert_func: tensor_cls must be a tensor class with __dlpack_c_exchange_api__, "
                 "got %R",
                 tensor_cls);
    return nullptr;
  }
  auto* closure = new (std::nothrow) TensorClsClosure{callable, tensor_cls, api};
  if (closure == nullptr) return PyErr_NoMemory();
  Py_INCREF(callable);
  Py_INCREF(tensor_cls);
  TVMFFIObjectHandle handle = nullptr;
  if (TVMFFIFunctionCreate(closure, tensor_cls_safe_call, tensor_cls_deleter, &handle) != 0) {
    Py_DECREF(callable);  // [CALL-CREATE-FAILURE]: the deleter was not called
    Py_DECREF(tensor_cls);
    delete closure;
    return raise_ffi_error();
  }
  return object_new_owning(g_function_type, handle);
}

}  // namespace tvm_ffi_py
