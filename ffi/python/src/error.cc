// ffi/python/src/error.cc: FFI Error <-> Python exception translation (SPEC §6).
//
// Into Python: the kind picks the exception class and the FFI backtrace becomes synthesized
// Python frames (tvm_ffi._error._from_ffi). An Error whose extra context is an opaque Python
// exception re-raises that very exception object.
// Out of Python: a new Error with kind = the exception's registered kind (or class name),
// message = str(exc), backtrace = the exception's Python frames, most recent first, and the
// exception itself as extra context (tvm_ffi._error._to_ffi).
#include "error.h"

#include <cstring>
#include <string>

#include "object_type.h"

namespace tvm_ffi_py {
namespace {

PyObject* text_of(const TVMFFIByteArray& bytes) {
  return PyUnicode_DecodeUTF8(bytes.data, static_cast<Py_ssize_t>(bytes.size), "replace");
}

bool bytes_equal(const TVMFFIByteArray& bytes, const char* text) {
  size_t n = std::strlen(text);
  return bytes.size == n && std::memcmp(bytes.data, text, n) == 0;
}

void set_from_parts(const std::string& kind, const std::string& message,
                    const std::string& backtrace, TVMFFIObjectHandle extra_context) {
  TVMFFIByteArray k{kind.data(), kind.size()};
  TVMFFIByteArray m{message.data(), message.size()};
  TVMFFIByteArray b{backtrace.data(), backtrace.size()};
  TVMFFIObjectHandle err = nullptr;
  if (TVMFFIErrorCreateWithCauseAndExtraContext(&k, &m, &b, nullptr, extra_context, &err) != 0) {
    TVMFFIErrorSetRaisedFromCStr("MemoryError", "cannot create an Error for a Python exception");
    return;
  }
  TVMFFIErrorSetRaised(err);
  TVMFFIObjectDecRef(err);
}

bool utf8_of(PyObject* obj, std::string* out) {
  if (obj == nullptr || !PyUnicode_Check(obj)) return false;
  Py_ssize_t size = 0;
  const char* data = PyUnicode_AsUTF8AndSize(obj, &size);
  if (data == nullptr) {
    PyErr_Clear();
    return false;
  }
  out->assign(data, static_cast<size_t>(size));
  return true;
}

}  // namespace

PyObject* raise_ffi_error() {
  TVMFFIObjectHandle err = nullptr;
  TVMFFIErrorMoveFromRaised(&err);
  if (err == nullptr) {
    if (!PyErr_Occurred()) {
      PyErr_SetString(PyExc_RuntimeError, "tvm_ffi: a call failed without raising an error");
    }
    return nullptr;
  }
  const TVMFFIErrorCell* cell = TVMFFIErrorGetCellPtr(err);
  if (bytes_equal(cell->kind, "EnvErrorAlreadySet")) {
    // [ERR-ENV-ALREADY-SET]: the real error is the pending Python one.
    TVMFFIObjectDecRef(err);
    if (!PyErr_Occurred()) {
      PyErr_SetString(PyExc_RuntimeError,
                      "tvm_ffi: callee reported EnvErrorAlreadySet but no Python error is set");
    }
    return nullptr;
  }
  PyObject* original = Py_None;
  if (cell->extra_context != nullptr &&
      TVMFFIObjectGetTypeIndex(cell->extra_context) == kTVMFFIOpaquePyObject) {
    auto* candidate = static_cast<PyObject*>(TVMFFIOpaqueObjectGetCellPtr(cell->extra_context)->handle);
    if (candidate != nullptr && PyExceptionInstance_Check(candidate)) original = candidate;
  }
  Py_INCREF(original);
  PyRef original_ref(original);
  PyRef kind(text_of(cell->kind));
  PyRef message(text_of(cell->message));
  PyRef backtrace(text_of(cell->backtrace));
  PyRef error_obj(object_wrap_owned(err));  // takes over `err`
  if (!kind || !message || !backtrace || !error_obj) return nullptr;
  PyObject* hook = get_hook(Hook::kErrorFromFFI);
  if (hook == nullptr) return nullptr;
  PyRef exc(PyObject_CallFunctionObjArgs(hook, kind.get(), message.get(), backtrace.get(),
                                         original_ref.get(), error_obj.get(), nullptr));
  if (!exc) return nullptr;
  if (!PyExceptionInstance_Check(exc.get())) {
    PyErr_SetString(PyExc_TypeError, "tvm_ffi._error._from_ffi must return an exception");
    return nullptr;
  }
  // PyErr_Restore keeps the traceback the hook attached on every supported Python version.
  PyObject* type = reinterpret_cast<PyObject*>(Py_TYPE(exc.get()));
  Py_INCREF(type);
  PyObject* tb = PyException_GetTraceback(exc.get());
  PyErr_Restore(type, exc.release(), tb);
  return nullptr;
}

void set_ffi_error_from_python() {
#if PY_VERSION_HEX >= 0x030C0000
  PyObject* value = PyErr_GetRaisedException();
#else
  PyObject* type = nullptr;
  PyObject* value = nullptr;
  PyObject* tb = nullptr;
  PyErr_Fetch(&type, &value, &tb);
  PyErr_NormalizeException(&type, &value, &tb);
  if (value != nullptr && tb != nullptr) PyException_SetTraceback(value, tb);
  Py_XDECREF(type);
  Py_XDECREF(tb);
#endif
  if (value == nullptr) {
    TVMFFIErrorSetRaisedFromCStr("InternalError", "a Python callback failed without an exception");
    return;
  }
  PyRef exc(value);

  std::string kind = "InternalError";
  std::string message = "cannot translate a Python exception";
  std::string backtrace;
  PyObject* hook = get_hook(Hook::kErrorToFFI);
  PyRef parts(hook == nullptr ? nullptr : PyObject_CallOneArg(hook, exc.get()));
  if (parts && PyTuple_Check(parts.get()) && PyTuple_GET_SIZE(parts.get()) == 3) {
    utf8_of(PyTuple_GET_ITEM(parts.get(), 0), &kind);
    utf8_of(PyTuple_GET_ITEM(parts.get(), 1), &message);
    utf8_of(PyTuple_GET_ITEM(parts.get(), 2), &backtrace);
  } else {
    PyErr_Clear();
  }
  // The exception travels as the Error's extra context, so that it comes back out unchanged.
  TVMFFIObjectHandle extra = nullptr;
  Py_INCREF(exc.get());
  if (TVMFFIObjectCreateOpaque(exc.get(), kTVMFFIOpaquePyObject, py_decref_deleter, &extra) != 0) {
    Py_DECREF(exc.get());
    TVMFFIObjectHandle ignored = nullptr;
    TVMFFIErrorMoveFromRaised(&ignored);
    if (ignored != nullptr) TVMFFIObjectDecRef(ignored);
    extra = nullptr;
  }
  set_from_parts(kind, message, backtrace, extra);
  if (extra != nullptr) TVMFFIObjectDecRef(extra);
}

}  // namespace tvm_ffi_py
