// ffi/python/src/function_type.cc: tvm_ffi.Function, a heap type with a per-instance vectorcall.
//
// The hot path: Python arguments are packed into a TVMFFIAny array on the C stack (no heap
// allocation up to kInlineArgs), the function is called through TVMFFIFunctionCall (holding or
// releasing the GIL per instance), temporaries are released and the result converted. No
// pybind11 dispatch is involved.
#include "function_type.h"

#include <structmember.h>

#include <cstdlib>
#include <cstring>
#include <memory>

#include "convert.h"
#include "error.h"

namespace tvm_ffi_py {
namespace {

constexpr Py_ssize_t kInlineArgs = 16;
// Argument count up to which the fast path (plain scalars and objects, GIL held) applies.
constexpr Py_ssize_t kFastArgs = 8;

// Installs the framework's allocator and stream for the duration of a call with tensor
// arguments, and restores the previous values afterwards.
class EnvScope {
 public:
  explicit EnvScope(const CallContext& ctx) {
    if (ctx.tensor_api == nullptr) return;
    active_alloc_ = ctx.tensor_api->managed_tensor_allocator != nullptr &&
                    TVMFFIEnvSetDLPackManagedTensorAllocator(
                        ctx.tensor_api->managed_tensor_allocator, 0, &prev_alloc_) == 0;
    if (ctx.stream_device_type >= 0) {
      device_type_ = ctx.stream_device_type;
      device_id_ = ctx.stream_device_id;
      active_stream_ =
          TVMFFIEnvSetStream(device_type_, device_id_, ctx.stream, &prev_stream_) == 0;
    }
  }
  ~EnvScope() {
    if (active_stream_) TVMFFIEnvSetStream(device_type_, device_id_, prev_stream_, nullptr);
    if (active_alloc_) TVMFFIEnvSetDLPackManagedTensorAllocator(prev_alloc_, 0, nullptr);
  }

 private:
  bool active_alloc_ = false;
  bool active_stream_ = false;
  DLPackManagedTensorAllocator prev_alloc_ = nullptr;
  int32_t device_type_ = 0;
  int32_t device_id_ = 0;
  TVMFFIStreamHandle prev_stream_ = nullptr;
};

#if defined(__GNUC__)
#define TVM_FFI_PY_INLINE inline __attribute__((always_inline))
#else
#define TVM_FFI_PY_INLINE inline
#endif

// Calls the function's safe_call straight through its cell. The handle is known to be a
// Function (it sits in a tvm_ffi.Function), so TVMFFIFunctionCall's argument checks would only
// cost time. A callee that lets a C++ exception escape breaks the ABI; it still gets an error
// here rather than unwinding through Python.
TVM_FFI_PY_INLINE int call_cell(TVMFFIObjectHandle handle, TVMFFIAny* args, int32_t num_args,
                                TVMFFIAny* result) {
  try {
    return TVMFFIFunctionGetCellPtr(handle)->safe_call(handle, args, num_args, result);
  } catch (...) {
    TVMFFIErrorSetRaisedFromCStr("RuntimeError",
                                 "tvm_ffi: the callee let a C++ exception escape its safe call");
    return -1;
  }
}

TVM_FFI_PY_INLINE PyObject* call_with_storage(PyObject* func_name, TVMFFIObjectHandle handle, bool release_gil,
                            PyObject* const* args, Py_ssize_t nargs, TVMFFIAny* packed,
                            TVMFFIObjectHandle* temps, TVMFFIByteArray* views) {
  CallContext ctx(temps, views);
  ctx.func_name = func_name;
  for (Py_ssize_t i = 0; i < nargs; ++i) {
    ctx.arg_index = static_cast<int>(i);
    if (pack_arg(args[i], &packed[i], &ctx) != 0) return nullptr;
  }
  TVMFFIAny result;
  result.type_index = kTVMFFINone;
  result.zero_padding = 0;
  result.v_int64 = 0;
  int rc;
  {
    EnvScope env(ctx);
    int saved_gil_flag = t_gil_held_in_call;
    if (release_gil) {
      t_gil_held_in_call = 0;
      PyThreadState* state = PyEval_SaveThread();
      rc = call_cell(handle, packed, static_cast<int32_t>(nargs), &result);
      PyEval_RestoreThread(state);
    } else {
      t_gil_held_in_call = 1;
      rc = call_cell(handle, packed, static_cast<int32_t>(nargs), &result);
    }
    t_gil_held_in_call = saved_gil_flag;
  }
  if (rc != 0) {
    ctx.release_temps();
    return raise_ffi_error();
  }
  if (result.type_index == kTVMFFINone) {
    ctx.release_temps();
    Py_RETURN_NONE;
  }
  // With framework tensors among the arguments, a view of one comes back as that very tensor:
  // same data, shape, strides and dtype, and no DLPack round trip. Done before the temporaries
  // go, so an argument returned as is needs no promotion.
  PyObject* source = (ctx.tensor_api != nullptr && result.type_index == kTVMFFITensor)
                         ? tensor_view_source(result.v_obj)
                         : nullptr;
  if (source != nullptr) {
    Py_INCREF(source);
    GilHeldScope gil;
    TVMFFIObjectDecRef(result.v_obj);
    ctx.release_temps();
    return source;
  }
  PyObject* converted = any_to_py_owned(&result, ctx.tensor_api);
  ctx.release_temps();
  return converted;
}

// The fast path for calls whose arguments are all ints (in int64 range), floats, bools, None
// or tvm_ffi objects, made while holding the GIL: such arguments need no temporaries, no
// byte-array views and no framework environment, so packing is a few stores per argument and
// nothing has to be released afterwards. Returns false, having done nothing observable, when
// an argument needs the general path.
TVM_FFI_PY_INLINE bool pack_plain(PyObject* obj, TVMFFIAny* out) {
  PyTypeObject* tp = Py_TYPE(obj);
  out->zero_padding = 0;
  if (tp == &PyLong_Type) {
    int64_t value;
    if (!long_as_int64_fast(obj, &value)) return false;
    out->type_index = kTVMFFIInt;
    out->v_int64 = value;
    return true;
  }
  if (tp == &PyFloat_Type) {
    out->type_index = kTVMFFIFloat;
    out->v_float64 = PyFloat_AS_DOUBLE(obj);
    return true;
  }
  if (obj == Py_None || tp == &PyBool_Type) {
    out->type_index = obj == Py_None ? kTVMFFINone : kTVMFFIBool;
    out->v_int64 = obj == Py_True ? 1 : 0;
    return true;
  }
  if (tp == g_object_type || tp == g_function_type) {
    TVMFFIObjectHandle handle = reinterpret_cast<ObjectHandleObj*>(obj)->handle;
    if (handle == nullptr) return false;
    out->type_index = TVMFFIObjectGetTypeIndex(handle);
    out->v_obj = static_cast<TVMFFIObject*>(handle);
    return true;
  }
  return false;
}

TVM_FFI_PY_INLINE PyObject* result_to_py(TVMFFIAny* result) {
  if (result->type_index == kTVMFFINone) Py_RETURN_NONE;
  if (result->type_index == kTVMFFIInt) return PyLong_FromLongLong(result->v_int64);
  return any_to_py_owned(result, nullptr);
}

// Everything but the fast path: strings, tensors, containers, temporaries, a released GIL.
// Kept out of line so that the fast path's stack frame stays small.
__attribute__((noinline)) PyObject* vectorcall_general(FunctionObj* fn, PyObject* const* args,
                                                       Py_ssize_t nargs) {
  if (nargs <= kInlineArgs && fn->base.handle != nullptr) {
    TVMFFIAny packed[kInlineArgs];
    TVMFFIObjectHandle temps[kInlineArgs];
    TVMFFIByteArray views[kInlineArgs];
    return call_with_storage(fn->name, fn->base.handle, fn->release_gil != 0, args, nargs, packed,
                             temps, views);
  }
  return call_function(fn->name, fn->base.handle, fn->release_gil != 0, args, nargs);
}

PyObject* function_vectorcall(PyObject* self, PyObject* const* args, size_t nargsf,
                              PyObject* kwnames) {
  auto* fn = reinterpret_cast<FunctionObj*>(self);
  if (kwnames != nullptr && PyTuple_GET_SIZE(kwnames) != 0) {
    PyErr_Format(PyExc_TypeError, "%R does not take keyword arguments", self);
    return nullptr;
  }
  Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
  TVMFFIObjectHandle handle = fn->base.handle;
  if (nargs <= kFastArgs && handle != nullptr && fn->release_gil == 0) {
    TVMFFIAny packed[kFastArgs];
    Py_ssize_t i = 0;
    while (i < nargs && pack_plain(args[i], &packed[i])) ++i;
    if (i == nargs) {
      TVMFFIAny result;
      result.type_index = kTVMFFINone;
      result.zero_padding = 0;
      result.v_int64 = 0;
      int saved_gil_flag = t_gil_held_in_call;
      t_gil_held_in_call = 1;
      int rc = call_cell(handle, packed, static_cast<int32_t>(nargs), &result);
      t_gil_held_in_call = saved_gil_flag;
      if (rc != 0) return raise_ffi_error();
      return result_to_py(&result);
    }
  }
  return vectorcall_general(fn, args, nargs);
}

// Function(callable): wraps a Python callable.
PyObject* function_tp_new(PyTypeObject* cls, PyObject* args, PyObject* kwargs) {
  PyObject* callable = nullptr;
  static const char* kwlist[] = {"func", nullptr};
  if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O:Function", const_cast<char**>(kwlist),
                                   &callable)) {
    return nullptr;
  }
  if (PyObject_TypeCheck(callable, g_function_type)) {
    TVMFFIObjectHandle handle = reinterpret_cast<ObjectHandleObj*>(callable)->handle;
    if (handle != nullptr) TVMFFIObjectIncRef(handle);
    return handle == nullptr ? cls->tp_alloc(cls, 0) : object_new_owning(cls, handle);
  }
  if (!PyCallable_Check(callable)) {
    PyErr_Format(PyExc_TypeError, "Function() expects a callable, got %.200s",
                 Py_TYPE(callable)->tp_name);
    return nullptr;
  }
  TVMFFIObjectHandle handle = nullptr;
  if (function_handle_from_callable(callable, &handle) != 0) return nullptr;
  return object_new_owning(cls, handle);
}

PyObject* function_alloc(PyTypeObject* cls, Py_ssize_t nitems) {
  PyObject* self = PyType_GenericAlloc(cls, nitems);
  if (self != nullptr) function_init_fields(self);
  return self;
}

void function_dealloc(PyObject* self) {
  Py_CLEAR(reinterpret_cast<FunctionObj*>(self)->name);
  // Object's dealloc (the base) releases the handle, frees the memory and drops the type.
  g_object_type->tp_dealloc(self);
}

PyObject* function_repr(PyObject* self) {
  auto* fn = reinterpret_cast<FunctionObj*>(self);
  if (fn->name != nullptr) return PyUnicode_FromFormat("<tvm_ffi.Function %R>", fn->name);
  return PyUnicode_FromFormat("<tvm_ffi.Function at %p>", fn->base.handle);
}

PyObject* function_get_release_gil(PyObject* self, void*) {
  return PyBool_FromLong(reinterpret_cast<FunctionObj*>(self)->release_gil);
}

int function_set_release_gil(PyObject* self, PyObject* value, void*) {
  if (value == nullptr) {
    PyErr_SetString(PyExc_AttributeError, "release_gil cannot be deleted");
    return -1;
  }
  int flag = PyObject_IsTrue(value);
  if (flag < 0) return -1;
  reinterpret_cast<FunctionObj*>(self)->release_gil = flag;
  return 0;
}

PyObject* function_get_name(PyObject* self, void*) {
  PyObject* name = reinterpret_cast<FunctionObj*>(self)->name;
  if (name == nullptr) Py_RETURN_NONE;
  Py_INCREF(name);
  return name;
}

PyGetSetDef g_function_getset[] = {
    {"release_gil", function_get_release_gil, function_set_release_gil,
     "Whether calls release the GIL while the function runs.", nullptr},
    {"_name", function_get_name, nullptr, "Name the function was looked up by, or None.", nullptr},
    {nullptr, nullptr, nullptr, nullptr, nullptr}};

// Function.__from_extern_c__(c_symbol, keep_alive_object=None): a Function over the C SafeCall
// at address `c_symbol` (JIT engines hand these out); the SafeCall must ignore its `self`.
PyObject* function_from_extern_c_method(PyObject*, PyObject* args, PyObject* kwargs) {
  static const char* kwlist[] = {"c_symbol", "keep_alive_object", nullptr};
  PyObject* address = nullptr;
  PyObject* keep_alive = Py_None;
  if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O|O:__from_extern_c__",
                                   const_cast<char**>(kwlist), &address, &keep_alive)) {
    return nullptr;
  }
  if (!PyLong_Check(address)) {
    PyErr_Format(PyExc_TypeError,
                 "Function.__from_extern_c__: c_symbol must be an int address, got %.200s",
                 Py_TYPE(address)->tp_name);
    return nullptr;
  }
  return function_from_extern_c(address, keep_alive);
}

// Function.as_builtin(): the same call as a builtin method object. CPython 3.11 specialises
// calls only for exact builtin functions, so any other callable type, however thin its
// tp_vectorcall, pays the interpreter's generic call path (about 6 ns here, half the cost of a
// no-op call). The builtin skips it and lands in the same vectorcall.
PyObject* function_fastcall(PyObject* self, PyObject* const* args, Py_ssize_t nargs) {
  return function_vectorcall(self, args, static_cast<size_t>(nargs), nullptr);
}

PyMethodDef g_builtin_call_def = {
    "__call__", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(function_fastcall)),
    METH_FASTCALL, "Calls the Function (see Function.as_builtin)."};

PyObject* function_as_builtin(PyObject* self, PyObject*) {
  return PyCFunction_NewEx(&g_builtin_call_def, self, nullptr);
}

PyMethodDef g_function_methods[] = {
    {"as_builtin", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(function_as_builtin)),
     METH_NOARGS,
     "as_builtin()\n--\n\n"
     "This Function's call as a builtin method object, for hot loops.\n\n"
     "Calling the result is the same as calling the Function (same conversions, errors and "
     "release_gil setting), minus the interpreter's generic call overhead: CPython specialises "
     "calls only for builtin functions. The result keeps the Function alive (its __self__) and "
     "takes positional arguments only."},
    {"__from_extern_c__",
     reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(function_from_extern_c_method)),
     METH_VARARGS | METH_KEYWORDS | METH_STATIC,
     "__from_extern_c__(c_symbol, keep_alive_object=None)\n--\n\n"
     "A Function over the C SafeCall at address c_symbol (an int). The SafeCall must ignore "
     "its first (self) argument; keep_alive_object, if given, lives as long as the Function."},
    {nullptr, nullptr, 0, nullptr}};

PyMemberDef g_function_members[] = {
    {"__vectorcalloffset__", T_PYSSIZET, offsetof(FunctionObj, vectorcall), READONLY, nullptr},
    {nullptr, 0, 0, 0, nullptr}};

PyType_Slot g_function_slots[] = {
    {Py_tp_doc, const_cast<char*>("Function(func)\n\nAn FFI function. Calling it packs the "
                                  "positional arguments and calls through the C ABI; "
                                  "Function(callable) wraps a Python callable.")},
    {Py_tp_new, reinterpret_cast<void*>(function_tp_new)},
    {Py_tp_alloc, reinterpret_cast<void*>(function_alloc)},
    {Py_tp_dealloc, reinterpret_cast<void*>(function_dealloc)},
    {Py_tp_call, reinterpret_cast<void*>(PyVectorcall_Call)},
    {Py_tp_repr, reinterpret_cast<void*>(function_repr)},
    {Py_tp_getset, g_function_getset},
    {Py_tp_methods, g_function_methods},
    {Py_tp_members, g_function_members},
    {0, nullptr}};

PyType_Spec g_function_spec = {
    "tvm_ffi._core.Function", sizeof(FunctionObj), 0,
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_VECTORCALL, g_function_slots};

}  // namespace

bool function_release_gil_default() {
  static const bool value = [] {
    const char* env = std::getenv("TVM_FFI_RELEASE_GIL_BY_DEFAULT");
    if (env == nullptr || *env == '\0') return false;
    return !(std::strcmp(env, "0") == 0 || std::strcmp(env, "false") == 0 ||
             std::strcmp(env, "False") == 0 || std::strcmp(env, "off") == 0);
  }();
  return value;
}

void function_init_fields(PyObject* self) {
  auto* fn = reinterpret_cast<FunctionObj*>(self);
  fn->vectorcall = function_vectorcall;
  fn->release_gil = function_release_gil_default() ? 1 : 0;
  fn->name = nullptr;
}

void function_set_name(PyObject* self, PyObject* name) {
  auto* fn = reinterpret_cast<FunctionObj*>(self);
  Py_XINCREF(name);
  Py_XSETREF(fn->name, name);
}

int function_type_init(PyObject* module) {
  PyObject* bases = PyTuple_Pack(1, reinterpret_cast<PyObject*>(g_object_type));
  if (bases == nullptr) return -1;
  PyObject* type = PyType_FromSpecWithBases(&g_function_spec, bases);
  Py_DECREF(bases);
  if (type == nullptr) return -1;
  g_function_type = reinterpret_cast<PyTypeObject*>(type);
  PyObject* index = PyLong_FromLong(kTVMFFIFunction);
  int rc = index == nullptr ? -1 : PyObject_SetAttrString(type, "__tvm_ffi_type_index__", index);
  Py_XDECREF(index);
  if (rc != 0 || object_register_class(kTVMFFIFunction, type) != 0) return -1;
  Py_INCREF(type);
  if (PyModule_AddObject(module, "Function", type) != 0) {
    Py_DECREF(type);
    return -1;
  }
  return 0;
}

PyObject* function_from_callable(PyObject* callable) {
  TVMFFIObjectHandle handle = nullptr;
  if (function_handle_from_callable(callable, &handle) != 0) return nullptr;
  return object_new_owning(g_function_type, handle);
}

PyObject* function_from_extern_c(PyObject* address, PyObject* keep_alive) {
  void* ptr = PyLong_AsVoidPtr(address);
  if (ptr == nullptr) {
    if (!PyErr_Occurred()) {
      PyErr_SetString(PyExc_ValueError,
                      "Function.__from_extern_c__: c_symbol must be a non-null function address");
    }
    return nullptr;
  }
  auto safe_call = reinterpret_cast<TVMFFISafeCallType>(ptr);
  // The safe call ignores its first argument, so the keep-alive object can ride there: the
  // Function then owns one reference to it, dropped by the deleter.
  PyObject* self = keep_alive == Py_None ? nullptr : keep_alive;
  Py_XINCREF(self);
  TVMFFIObjectHandle handle = nullptr;
  if (TVMFFIFunctionCreate(self, safe_call, self == nullptr ? nullptr : py_decref_deleter,
                           &handle) != 0) {
    Py_XDECREF(self);  // [CALL-CREATE-FAILURE]: the deleter was not called
    return raise_ffi_error();
  }
  return object_new_owning(g_function_type, handle);
}

PyObject* call_function(PyObject* func_name, TVMFFIObjectHandle handle, bool release_gil,
                        PyObject* const* args, Py_ssize_t nargs) {
  if (handle == nullptr) {
    PyErr_SetString(PyExc_ValueError, "cannot call an empty (released) tvm_ffi.Function");
    return nullptr;
  }
  if (nargs > INT32_MAX) {
    PyErr_SetString(PyExc_OverflowError, "too many arguments");
    return nullptr;
  }
  if (nargs <= kInlineArgs) {
    TVMFFIAny packed[kInlineArgs];
    TVMFFIObjectHandle temps[kInlineArgs];
    TVMFFIByteArray views[kInlineArgs];
    return call_with_storage(func_name, handle, release_gil, args, nargs, packed, temps, views);
  }
  std::unique_ptr<TVMFFIAny[]> packed(new (std::nothrow) TVMFFIAny[nargs]);
  std::unique_ptr<TVMFFIObjectHandle[]> temps(new (std::nothrow) TVMFFIObjectHandle[nargs]);
  std::unique_ptr<TVMFFIByteArray[]> views(new (std::nothrow) TVMFFIByteArray[nargs]);
  if (!packed || !temps || !views) return PyErr_NoMemory();
  return call_with_storage(func_name, handle, release_gil, args, nargs, packed.get(), temps.get(),
                           views.get());
}

}  // namespace tvm_ffi_py
