// ffi/python/src/py_common.h: includes, owned references and lazily imported Python helpers.
#ifndef TVM_FFI_PYTHON_SRC_PY_COMMON_H_
#define TVM_FFI_PYTHON_SRC_PY_COMMON_H_

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <dlpack/dlpack.h>
#include <tvm/ffi/c_api.h>
#include <tvm/ffi/extra/c_env_api.h>

#include <cstdint>

namespace tvm_ffi_py {

// An owned PyObject reference, released on scope exit.
class PyRef {
 public:
  PyRef() = default;
  explicit PyRef(PyObject* owned) : ptr_(owned) {}
  PyRef(const PyRef&) = delete;
  PyRef& operator=(const PyRef&) = delete;
  PyRef(PyRef&& other) noexcept : ptr_(other.release()) {}
  PyRef& operator=(PyRef&& other) noexcept {
    reset(other.release());
    return *this;
  }
  ~PyRef() { Py_XDECREF(ptr_); }

  PyObject* get() const { return ptr_; }
  explicit operator bool() const { return ptr_ != nullptr; }
  PyObject* release() {
    PyObject* p = ptr_;
    ptr_ = nullptr;
    return p;
  }
  void reset(PyObject* owned = nullptr) {
    PyObject* old = ptr_;
    ptr_ = owned;
    Py_XDECREF(old);
  }

 private:
  PyObject* ptr_ = nullptr;
};

// An owned FFI object handle, released on scope exit.
class FFIRef {
 public:
  FFIRef() = default;
  explicit FFIRef(TVMFFIObjectHandle owned) : ptr_(owned) {}
  FFIRef(const FFIRef&) = delete;
  FFIRef& operator=(const FFIRef&) = delete;
  ~FFIRef() {
    if (ptr_ != nullptr) TVMFFIObjectDecRef(ptr_);
  }
  TVMFFIObjectHandle get() const { return ptr_; }
  TVMFFIObjectHandle* out() { return &ptr_; }
  TVMFFIObjectHandle release() {
    TVMFFIObjectHandle p = ptr_;
    ptr_ = nullptr;
    return p;
  }

 private:
  TVMFFIObjectHandle ptr_ = nullptr;
};

// Python-level classes and functions the native code calls. Each lives in a pure-Python module
// that registers it (through `_core._set_hook`) when it is imported; the native side imports
// that module on first use, so the order in which Python modules load does not matter.
enum class Hook : int {
  kDTypeClass = 0,      // tvm_ffi._dtype.dtype
  kDTypeFromPacked,     // tvm_ffi._dtype._from_packed(int) -> dtype
  kDeviceClass,         // tvm_ffi._device.Device
  kShapeClass,          // tvm_ffi._shape.Shape
  kErrorFromFFI,        // tvm_ffi._error._from_ffi(kind, message, backtrace, original, error)
  kErrorToFFI,          // tvm_ffi._error._to_ffi(exc) -> (kind, message, backtrace)
  kConvertFallback,     // tvm_ffi._convert._convert_fallback(obj) -> replacement or NotImplemented
  kOpaquePtrToPy,       // tvm_ffi._convert._opaque_ptr(int) -> ctypes.c_void_p
  kCount
};

// Borrowed reference to a hook, importing its module on first use. NULL with an error set when
// the module cannot be imported or did not register the hook.
PyObject* get_hook(Hook hook);
// Stores a hook (new reference kept). Returns -1 with ValueError for an unknown name.
int set_hook(const char* name, PyObject* value);

// Interpreter shutdown check that works on every supported Python version.
inline bool interpreter_alive() {
#if PY_VERSION_HEX >= 0x030D0000
  return Py_IsInitialized() && !Py_IsFinalizing();
#else
  return Py_IsInitialized() && !_Py_IsFinalizing();
#endif
}

// Nonzero while the calling thread is inside an FFI call that it made from Python without
// releasing the GIL: a Python callback on the same thread then runs without PyGILState_Ensure.
//
// GNU `__thread` rather than `thread_local`: an `extern thread_local` may have a dynamic
// initializer in another translation unit, so every access would first test for (and maybe
// call) a TLS init function. This flag is read and written twice per call on the hot path.
#if defined(__GNUC__)
#define TVM_FFI_PY_THREAD_LOCAL __thread __attribute__((tls_model("initial-exec")))
#else
#define TVM_FFI_PY_THREAD_LOCAL thread_local
#endif
extern TVM_FFI_PY_THREAD_LOCAL int t_gil_held_in_call;

// Marks a scope in which this thread holds the GIL (deleters of Python-backed objects released
// in it skip PyGILState_Ensure).
class GilHeldScope {
 public:
  GilHeldScope() : saved_(t_gil_held_in_call) { t_gil_held_in_call = 1; }
  ~GilHeldScope() { t_gil_held_in_call = saved_; }
  GilHeldScope(const GilHeldScope&) = delete;
  GilHeldScope& operator=(const GilHeldScope&) = delete;

 private:
  int saved_;
};

// Owned PyObject held by an FFI object (closure or opaque object); released under the GIL.
void py_decref_deleter(void* py_object);

}  // namespace tvm_ffi_py

#endif  // TVM_FFI_PYTHON_SRC_PY_COMMON_H_
