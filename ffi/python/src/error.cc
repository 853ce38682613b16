// ffi/python/src/error.cc: FFI Error <-> Python exception translation (SPEC §6).
//
// Into Python: the kind picks the exception class and the FFI backtrace becomes synthesized
// Python frames (tvm_ffi._error._from_ffi). An Error whose extra context is an opaque Python
// exception re-raises that very exception object.
// Out of Python: a new Error with kind = the exception's registered kind (or class name),
// message = str(exc), backtrace = the exception's Python frames, most recent first, and the
// exception itself as extra context (tvm_ffi._error._to_ffi).
// Cause chains cross both ways: an exception's __cause__ becomes the Error's cause_chain and a
// cause_chain becomes __cause__, each converted recursively up to kMaxCauseDepth links (which
// also ends a cyclic chain). Only __cause__ travels: the implicit __context__ does not.
#include "error.h"

#include <cstring>
#include <string>
#include <vector>

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

// Links of a cause chain converted in either direction; deeper links are dropped.
constexpr int kMaxCauseDepth = 64;

void drop_raised_error() {
  TVMFFIObjectHandle ignored = nullptr;
  TVMFFIErrorMoveFromRaised(&ignored);
  if (ignored != nullptr) TVMFFIObjectDecRef(ignored);
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

// A new Error for `exc`, with `cause` (borrowed, may be NULL) as its cause_chain; NULL when
// the runtime cannot create one (its error is dropped: the caller reports a fallback).
TVMFFIObjectHandle error_from_parts(PyObject* exc, TVMFFIObjectHandle cause) {
  std::string kind = "InternalError";
  std::string message = "cannot translate a Python exception";
  std::string backtrace;
  PyObject* hook = get_hook(Hook::kErrorToFFI);
  PyRef parts(hook == nullptr ? nullptr : PyObject_CallOneArg(hook, exc));
  if (parts && PyTuple_Check(parts.get()) && PyTuple_GET_SIZE(parts.get()) == 3) {
    utf8_of(PyTuple_GET_ITEM(parts.get(), 0), &kind);
    utf8_of(PyTuple_GET_ITEM(parts.get(), 1), &message);
    utf8_of(PyTuple_GET_ITEM(parts.get(), 2), &backtrace);
  } else {
    PyErr_Clear();
  }
  // The exception travels as the Error's extra context, so that it comes back out unchanged.
  TVMFFIObjectHandle extra = nullptr;
  Py_INCREF(exc);
  if (TVMFFIObjectCreateOpaque(exc, kTVMFFIOpaquePyObject, py_decref_deleter, &extra) != 0) {
    Py_DECREF(exc);
    drop_raised_error();
    extra = nullptr;
  }
  TVMFFIByteArray k{kind.data(), kind.size()};
  TVMFFIByteArray m{message.data(), message.size()};
  TVMFFIByteArray b{backtrace.data(), backtrace.size()};
  TVMFFIObjectHandle err = nullptr;
  if (TVMFFIErrorCreateWithCauseAndExtraContext(&k, &m, &b, cause, extra, &err) != 0) {
    drop_raised_error();
    err = nullptr;
  }
  if (extra != nullptr) TVMFFIObjectDecRef(extra);
  return err;
}

// A new Error for `exc` whose cause_chain follows exc.__cause__. The chain is walked to its
// end first (at most kMaxCauseDepth links, stopping at a repeated exception), then built
// from the root cause up, so no recursion depends on the length of the chain.
TVMFFIObjectHandle error_from_exception(PyObject* exc) {
  std::vector<PyRef> chain;
  Py_INCREF(exc);
  chain.emplace_back(exc);
  while (static_cast<int>(chain.size()) <= kMaxCauseDepth) {
    PyObject* cause = PyException_GetCause(chain.back().get());  // new reference or NULL
    if (cause == nullptr) break;
    PyRef cause_ref(cause);
    bool seen = false;
    for (const PyRef& link : chain) seen = seen || link.get() == cause;
    if (seen || !PyExceptionInstance_Check(cause)) break;
    chain.push_back(std::move(cause_ref));
  }
  TVMFFIObjectHandle below = nullptr;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    TVMFFIObjectHandle err = error_from_parts(it->get(), below);
    if (below != nullptr) TVMFFIObjectDecRef(below);
    below = err;  // NULL if the runtime failed: the links above then start a shorter chain
  }
  return below;
}

// The Python exception for the Error `err` (a new reference taken over by this function), or
// NULL with a Python error set. It does not look at the cause chain.
PyObject* exception_for_error(TVMFFIObjectHandle err) {
  const TVMFFIErrorCell* cell = TVMFFIErrorGetCellPtr(err);
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
  return exc.release();
}

bool is_error(TVMFFIObjectHandle obj) {
  return obj != nullptr && TVMFFIObjectGetTypeIndex(obj) == kTVMFFIError;
}

// Sets exc.__cause__ from the cause chain of `err` (borrowed), link by link. An exception that
// already has a __cause__ keeps it: it is a Python exception coming back with its own chain.
// A cause_chain that is not an Error is ignored, like a missing one.
bool attach_causes(PyObject* exc, TVMFFIObjectHandle err) {
  for (int depth = 0; depth < kMaxCauseDepth; ++depth) {
    PyObject* existing = PyException_GetCause(exc);
    if (existing != nullptr) {
      Py_DECREF(existing);
      return true;
    }
    TVMFFIObjectHandle cause = TVMFFIErrorGetCellPtr(err)->cause_chain;
    if (!is_error(cause)) return true;
    TVMFFIObjectIncRef(cause);
    PyObject* cause_exc = exception_for_error(cause);
    if (cause_exc == nullptr) return false;
    if (cause_exc == exc) {  // both Errors carry the same Python exception: no self-cause
      Py_DECREF(cause_exc);
      return true;
    }
    PyException_SetCause(exc, cause_exc);  // steals cause_exc; exc keeps it alive
    exc = cause_exc;
    err = cause;  // alive: the caller holds the head of the chain, and each cell owns its cause
  }
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
  TVMFFIObjectIncRef(err);  // kept for the cause chain while the exception takes over `err`
  PyRef exc(exception_for_error(err));
  bool causes_ok = exc && attach_causes(exc.get(), err);
  TVMFFIObjectDecRef(err);
  if (!causes_ok) return nullptr;
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
  TVMFFIObjectHandle err = error_from_exception(exc.get());
  if (err == nullptr) {
    TVMFFIErrorSetRaisedFromCStr("MemoryError", "cannot create an Error for a Python exception");
    return;
  }
  TVMFFIErrorSetRaised(err);
  TVMFFIObjectDecRef(err);
}

}  // namespace tvm_ffi_py
