// ffi/python/src/module.cc: the pybind11 module tvm_ffi._core: types, hooks and helpers.
//
// pybind11 defines the module and the non-hot helpers; the types whose speed matters (Object,
// Function with its vectorcall, Tensor, Device) are plain CPython heap types made with
// PyType_FromSpec in their own files.
#include <pybind11/pybind11.h>
#include <structmember.h>

#include <cstring>
#include <string>

#include "convert.h"
#include "error.h"
#include "function_type.h"
#include "object_type.h"
#include "tensor.h"
#include "value_types.h"

namespace py = pybind11;

namespace tvm_ffi_py {

int testing_funcs_init(PyObject* module);

namespace {

struct HookInfo {
  const char* name;
  const char* module;
};

// Indexed by Hook; the module is imported on first use when the hook is still missing.
const HookInfo kHooks[] = {
    {"dtype", "tvm_ffi._dtype"},           {"dtype_from_packed", "tvm_ffi._dtype"},
    {"Device", "tvm_ffi._device"},         {"Shape", "tvm_ffi._shape"},
    {"error_from_ffi", "tvm_ffi._error"},  {"error_to_ffi", "tvm_ffi._error"},
    {"convert_fallback", "tvm_ffi._convert"}, {"opaque_ptr", "tvm_ffi._convert"}};
static_assert(sizeof(kHooks) / sizeof(kHooks[0]) == static_cast<size_t>(Hook::kCount),
              "one entry per hook");
PyObject* g_hooks[static_cast<int>(Hook::kCount)] = {};

py::object steal(PyObject* result) {
  if (result == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(result);
}

void throw_ffi_error() {
  raise_ffi_error();
  throw py::error_already_set();
}

TVMFFIByteArray byte_array(const std::string& text) { return TVMFFIByteArray{text.data(), text.size()}; }

py::object get_global_func(const std::string& name) {
  TVMFFIByteArray key = byte_array(name);
  TVMFFIObjectHandle handle = nullptr;
  if (TVMFFIFunctionGetGlobal(&key, &handle) != 0) throw_ffi_error();
  if (handle == nullptr) return py::none();
  py::object fn = steal(object_wrap_owned(handle));
  py::str py_name(name);
  function_set_name(fn.ptr(), py_name.ptr());
  return fn;
}

void set_global_func(const std::string& name, py::handle func, bool allow_override) {
  if (!PyObject_TypeCheck(func.ptr(), g_function_type)) {
    throw py::type_error("register_global_func: expected a tvm_ffi.Function");
  }
  TVMFFIByteArray key = byte_array(name);
  TVMFFIObjectHandle handle = reinterpret_cast<ObjectHandleObj*>(func.ptr())->handle;
  if (TVMFFIFunctionSetGlobal(&key, handle, allow_override ? 1 : 0) != 0) throw_ffi_error();
}

int32_t type_key_to_index(const std::string& key) {
  TVMFFIByteArray bytes = byte_array(key);
  int32_t index = -1;
  if (TVMFFITypeKeyToIndex(&bytes, &index) != 0) throw_ffi_error();
  return index;
}

py::str type_index_to_key(int32_t index) {
  const TVMFFITypeInfo* info = TVMFFIGetTypeInfo(index);
  if (info == nullptr) throw_ffi_error();
  return py::str(info->type_key.data, info->type_key.size);
}

int64_t dtype_parse(const std::string& text) {
  TVMFFIByteArray bytes = byte_array(text);
  DLDataType dtype;
  if (TVMFFIDataTypeFromString(&bytes, &dtype) != 0) throw_ffi_error();
  return dtype_pack(dtype);
}

py::object dtype_to_str(int64_t packed) {
  DLDataType dtype = dtype_unpack(packed);
  TVMFFIAny out;
  if (TVMFFIDataTypeToString(&dtype, &out) != 0) throw_ffi_error();
  return steal(any_to_py_owned(&out, nullptr));
}

uintptr_t env_set_stream(int32_t device_type, int32_t device_id, uintptr_t stream) {
  TVMFFIStreamHandle previous = nullptr;
  if (TVMFFIEnvSetStream(device_type, device_id, reinterpret_cast<TVMFFIStreamHandle>(stream),
                         &previous) != 0) {
    throw_ffi_error();
  }
  return reinterpret_cast<uintptr_t>(previous);
}

uintptr_t env_get_stream(int32_t device_type, int32_t device_id) {
  return reinterpret_cast<uintptr_t>(TVMFFIEnvGetStream(device_type, device_id));
}

// Floor for the call benchmark: a METH_FASTCALL no-op of the plain C API.
PyObject* capi_nop(PyObject*, PyObject* const*, Py_ssize_t) { Py_RETURN_NONE; }

// Floor for the call benchmark: the cheapest object that is not a builtin function but is
// called through a per-instance vectorcall, like tvm_ffi.Function (and nanobind's functions).
// CPython 3.11 specialises calls only for exact builtin function types, so no such object can
// reach the METH_FASTCALL floor; this one shows how close any of them can get.
struct VectorcallNopObj {
  PyObject_HEAD
  vectorcallfunc vectorcall;
};

PyObject* vectorcall_nop(PyObject*, PyObject* const*, size_t, PyObject*) { Py_RETURN_NONE; }

int vectorcall_floor_init(PyObject* mod) {
  static PyMemberDef members[] = {
      {"__vectorcalloffset__", T_PYSSIZET, offsetof(VectorcallNopObj, vectorcall), READONLY,
       nullptr},
      {nullptr, 0, 0, 0, nullptr}};
  static PyType_Slot slots[] = {{Py_tp_call, reinterpret_cast<void*>(PyVectorcall_Call)},
                                {Py_tp_members, members},
                                {0, nullptr}};
  static PyType_Spec spec = {"tvm_ffi.core._VectorcallNop", sizeof(VectorcallNopObj), 0,
                             Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_VECTORCALL, slots};
  PyObject* type = PyType_FromSpec(&spec);
  if (type == nullptr) return -1;
  auto* nop = PyObject_New(VectorcallNopObj, reinterpret_cast<PyTypeObject*>(type));
  Py_DECREF(type);  // the instance holds the heap type
  if (nop == nullptr) return -1;
  nop->vectorcall = vectorcall_nop;
  if (PyModule_AddObject(mod, "_capi_vectorcall_nop", reinterpret_cast<PyObject*>(nop)) != 0) {
    Py_DECREF(nop);  // AddObject steals the reference only on success
    return -1;
  }
  return 0;
}

// Floor for the add_one benchmark: a METH_O function that unboxes, adds one and boxes.
PyObject* capi_add_one(PyObject*, PyObject* arg) {
  long long value = PyLong_AsLongLong(arg);
  if (value == -1 && PyErr_Occurred()) return nullptr;
  return PyLong_FromLongLong(value + 1);
}

// Floor for the tensor benchmark: what any binding must pay to hand framework tensors to a
// packed callee. Each argument goes through its type's DLPack exchange API into a DLTensor on
// the stack, and a packed no-op is called through a function pointer the compiler cannot see
// through. No ownership, no environment, no result conversion.
PyObject* capi_exchange_floor(PyObject*, PyObject* const* args, Py_ssize_t nargs) {
  constexpr Py_ssize_t kMax = 8;
  if (nargs > kMax) {
    PyErr_SetString(PyExc_TypeError, "_capi_exchange_floor takes at most 8 tensors");
    return nullptr;
  }
  DLTensor tensors[kMax];
  TVMFFIAny packed[kMax];
  for (Py_ssize_t i = 0; i < nargs; ++i) {
    const DLPackExchangeAPI* api = cached_exchange_api(Py_TYPE(args[i]));
    if (api == nullptr || api->dltensor_from_py_object_no_sync == nullptr) {
      PyErr_Format(PyExc_TypeError, "_capi_exchange_floor: argument %zd has no DLPack exchange API",
                   i);
      return nullptr;
    }
    if (api->dltensor_from_py_object_no_sync(args[i], &tensors[i]) != 0) return nullptr;
    packed[i].type_index = kTVMFFIDLTensorPtr;
    packed[i].zero_padding = 0;
    packed[i].v_ptr = &tensors[i];
  }
  static int (*volatile callee)(void*, const TVMFFIAny*, int32_t, TVMFFIAny*) =
      [](void*, const TVMFFIAny*, int32_t, TVMFFIAny*) { return 0; };
  TVMFFIAny result{};
  if (callee(nullptr, packed, static_cast<int32_t>(nargs), &result) != 0) return nullptr;
  Py_RETURN_NONE;
}

// Floor for the callback benchmark: _capi_call(f, *args) calls f(*args) from C, as a C++
// callee would, with no FFI in between.
PyObject* capi_call(PyObject*, PyObject* const* args, Py_ssize_t nargs) {
  if (nargs < 1) {
    PyErr_SetString(PyExc_TypeError, "_capi_call(f, *args) needs a callable");
    return nullptr;
  }
  return PyObject_Vectorcall(args[0], args + 1, static_cast<size_t>(nargs - 1), nullptr);
}

// Reads from_dlpack's keyword arguments into `alignment` and `contiguous`; -1 with a TypeError
// or ValueError naming the bad one.
int parse_from_dlpack_kwargs(PyObject* const* values, PyObject* kwnames, int32_t* alignment,
                             bool* contiguous) {
  Py_ssize_t count = kwnames == nullptr ? 0 : PyTuple_GET_SIZE(kwnames);
  for (Py_ssize_t i = 0; i < count; ++i) {
    PyObject* name = PyTuple_GET_ITEM(kwnames, i);
    if (PyUnicode_CompareWithASCIIString(name, "require_alignment") == 0) {
      long value = PyLong_AsLong(values[i]);
      if (value == -1 && PyErr_Occurred()) return -1;
      if (value < 0 || value > INT32_MAX) {
        PyErr_Format(PyExc_ValueError,
                     "from_dlpack: require_alignment must be in [0, 2**31), got %ld", value);
        return -1;
      }
      *alignment = static_cast<int32_t>(value);
    } else if (PyUnicode_CompareWithASCIIString(name, "require_contiguous") == 0) {
      int truth = PyObject_IsTrue(values[i]);
      if (truth < 0) return -1;
      *contiguous = truth != 0;
    } else {
      PyErr_Format(PyExc_TypeError, "from_dlpack() got an unexpected keyword argument '%U'", name);
      return -1;
    }
  }
  return 0;
}

// tvm_ffi.from_dlpack itself: METH_FASTCALL | METH_KEYWORDS, so that the call costs no Python
// frame (a Python-level wrapper doubled the cost of importing a fresh torch tensor).
PyObject* from_dlpack_fastcall(PyObject*, PyObject* const* args, Py_ssize_t nargsf,
                               PyObject* kwnames) {
  Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
  if (nargs != 1) {
    PyErr_Format(PyExc_TypeError,
                 "from_dlpack() takes exactly one positional argument (the tensor), got %zd",
                 nargs);
    return nullptr;
  }
  int32_t alignment = 0;
  bool contiguous = false;
  if (parse_from_dlpack_kwargs(args + 1, kwnames, &alignment, &contiguous) != 0) return nullptr;
  return tensor_from_dlpack(args[0], alignment, contiguous);
}

PyMethodDef g_capi_methods[] = {
    {"from_dlpack",
     reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(from_dlpack_fastcall)),
     METH_FASTCALL | METH_KEYWORDS,
     "from_dlpack(ext_tensor, /, *, require_alignment=0, require_contiguous=False)\n--\n\n"
     "Import a DLPack-compatible tensor without copying.\n\n"
     "Parameters\n----------\n"
     "ext_tensor\n    A torch tensor, numpy array, :class:`Tensor` or any object with "
     "``__dlpack__``.\n"
     "require_alignment\n    If positive, the data address must be a multiple of it.\n"
     "require_contiguous\n    If true, the tensor must be compact row-major.\n\n"
     "Raises\n------\n"
     "ValueError\n    If an alignment or contiguity requirement is not met.\n"
     "TypeError\n    If the object is not a DLPack producer.\n"},
    {"_capi_nop", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(capi_nop)),
     METH_FASTCALL, "METH_FASTCALL no-op (benchmark floor)."},
    {"_capi_add_one", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(capi_add_one)),
     METH_O, "_capi_add_one(x): x + 1 as a METH_O function (benchmark floor)."},
    {"_capi_exchange_floor",
     reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(capi_exchange_floor)),
     METH_FASTCALL, "_capi_exchange_floor(*tensors): DLPack exchange-API floor (benchmark)."},
    {"_capi_call", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(capi_call)),
     METH_FASTCALL, "_capi_call(f, *args): calls f(*args) from C (benchmark floor)."},
    {nullptr, nullptr, 0, nullptr}};

void check_runtime_version() {
  // [VER-BINDING-CHECK]: refuse a runtime of another ABI (minor counts while major is 0).
  TVMFFIVersion version{0, 0, 0};
  TVMFFIGetVersion(&version);
  if (version.major != TVM_FFI_VERSION_MAJOR ||
      (TVM_FFI_VERSION_MAJOR == 0 && version.minor != TVM_FFI_VERSION_MINOR)) {
    throw py::import_error("tvm_ffi._core was built for ABI " +
                           std::to_string(TVM_FFI_VERSION_MAJOR) + "." +
                           std::to_string(TVM_FFI_VERSION_MINOR) + " but libtvm_ffi is " +
                           std::to_string(version.major) + "." + std::to_string(version.minor) +
                           "." + std::to_string(version.patch));
  }
}

void register_env_capi() {
  // The runtime checks for Ctrl-C through these during long calls ([ENV-CAPI-NAMES]).
  if (TVMFFIEnvRegisterCAPI("PyErr_CheckSignals", reinterpret_cast<void*>(PyErr_CheckSignals)) != 0 ||
      TVMFFIEnvRegisterCAPI("PyGILState_Ensure", reinterpret_cast<void*>(PyGILState_Ensure)) != 0 ||
      TVMFFIEnvRegisterCAPI("PyGILState_Release", reinterpret_cast<void*>(PyGILState_Release)) != 0) {
    throw_ffi_error();
  }
}

}  // namespace

PyObject* get_hook(Hook hook) {
  int i = static_cast<int>(hook);
  if (g_hooks[i] == nullptr) {
    PyRef module(PyImport_ImportModule(kHooks[i].module));
    if (!module) return nullptr;
    if (g_hooks[i] == nullptr) {
      PyErr_Format(PyExc_RuntimeError, "%s did not register the `%s` hook", kHooks[i].module,
                   kHooks[i].name);
      return nullptr;
    }
  }
  return g_hooks[i];
}

int set_hook(const char* name, PyObject* value) {
  for (int i = 0; i < static_cast<int>(Hook::kCount); ++i) {
    if (std::strcmp(kHooks[i].name, name) == 0) {
      Py_INCREF(value);
      Py_XSETREF(g_hooks[i], value);
      return 0;
    }
  }
  PyErr_Format(PyExc_ValueError, "unknown tvm_ffi._core hook `%s`", name);
  return -1;
}

}  // namespace tvm_ffi_py

PYBIND11_MODULE(_core, m) {
  using namespace tvm_ffi_py;
  m.doc() = "Native core of tvm_ffi: Object, Function (vectorcall), Tensor and conversions.";
  check_runtime_version();
  register_env_capi();
  PyObject* mod = m.ptr();
  if (object_type_init(mod) != 0 || function_type_init(mod) != 0 || tensor_type_init(mod) != 0 ||
      device_type_init(mod) != 0 || testing_funcs_init(mod) != 0 ||
      container_funcs_init(mod) != 0 || reflection_init(mod) != 0 ||
      PyModule_AddFunctions(mod, g_capi_methods) != 0 || vectorcall_floor_init(mod) != 0) {
    throw py::error_already_set();
  }
  m.attr("RELEASE_GIL_BY_DEFAULT") = py::bool_(function_release_gil_default());

  m.def("_set_hook", [](const std::string& name, py::object value) {
    if (set_hook(name.c_str(), value.ptr()) != 0) throw py::error_already_set();
  }, py::arg("name"), py::arg("value"), "Registers a Python-level hook used by the native code.");
  m.def("get_global_func", &get_global_func, py::arg("name"),
        "The global Function registered under `name`, or None.");
  m.def("set_global_func", &set_global_func, py::arg("name"), py::arg("func"),
        py::arg("allow_override"), "Registers a Function under a global name.");
  m.def("function_from_callable", [](py::object callable) {
    if (!PyCallable_Check(callable.ptr())) throw py::type_error("expected a callable");
    return steal(function_from_callable(callable.ptr()));
  }, py::arg("callable"), "Wraps a Python callable as a tvm_ffi.Function.");
  m.def("convert_func", [](py::object callable, py::object tensor_cls) {
    if (!tensor_cls.is_none()) {
      return steal(function_from_callable_with_tensor_cls(callable.ptr(), tensor_cls.ptr()));
    }
    if (!PyCallable_Check(callable.ptr())) {
      throw py::type_error("convert_func: pyfunc must be callable, got " +
                           std::string(Py_TYPE(callable.ptr())->tp_name));
    }
    return steal(function_from_callable(callable.ptr()));
  }, py::arg("pyfunc"), py::arg("tensor_cls"), "A Python callable as a tvm_ffi.Function.");
  m.def("convert", [](py::object value) {
    TVMFFIAny owned;
    if (pack_owned(value.ptr(), &owned) != 0) throw py::error_already_set();
    return steal(any_to_py_owned(&owned, nullptr));
  }, py::arg("value"), "A Python value converted as an argument would be, then back.");
  m.def("register_object_class", [](int32_t type_index, py::object cls) {
    if (object_register_class(type_index, cls.ptr()) != 0) throw py::error_already_set();
  }, py::arg("type_index"), py::arg("cls"), "Maps a type index to a Python class.");
  m.def("type_key_to_index", &type_key_to_index, py::arg("type_key"));
  m.def("type_index_to_key", &type_index_to_key, py::arg("type_index"));
  m.def("dtype_parse", &dtype_parse, py::arg("text"),
        "Parses a dtype string into code | bits << 8 | lanes << 16.");
  m.def("dtype_to_str", &dtype_to_str, py::arg("packed"));
  m.def("env_set_stream", &env_set_stream, py::arg("device_type"), py::arg("device_id"),
        py::arg("stream"), "Sets the thread's stream for a device; returns the previous one.");
  m.def("env_get_stream", &env_get_stream, py::arg("device_type"), py::arg("device_id"));
  // Benchmark baselines: the pybind11 dispatch cost for a no-op.
  m.def("_pybind11_nop", []() {});
  m.def("_pybind11_nop_args", [](py::args) {});
}
