// ffi/python/src/tensor.cc: tvm_ffi.Tensor's native base, DLPack import/export, exchange API.
//
// Import prefers the DLPack C exchange API that a framework publishes on its tensor type
// (torch >= 2.10 does), which avoids the Python-level `__dlpack__` protocol entirely; other
// producers go through `__dlpack__(max_version=(1, 3))` capsules. SPEC §9.
#include "tensor.h"

#include <cstdlib>
#include <cstring>
#include <initializer_list>

#include "convert.h"
#include "error.h"
#include "object_type.h"
#include "value_types.h"

namespace tvm_ffi_py {
namespace {

const char* const kVersionedName = "dltensor_versioned";
const char* const kUsedVersionedName = "used_dltensor_versioned";
const char* const kLegacyName = "dltensor";
const char* const kUsedLegacyName = "used_dltensor";

bool skip_exchange_api() {
  static const bool skip = [] {
    const char* env = std::getenv("TVM_FFI_SKIP_DLPACK_C_EXCHANGE_API");
    return env != nullptr && *env != '\0' && std::strcmp(env, "0") != 0;
  }();
  return skip;
}

const DLTensor* dltensor_of(PyObject* self) {
  TVMFFIObjectHandle handle = reinterpret_cast<ObjectHandleObj*>(self)->handle;
  if (handle == nullptr) {
    PyErr_SetString(PyExc_ValueError, "tvm_ffi.Tensor is empty");
    return nullptr;
  }
  return TVMFFITensorGetDLTensorPtr(handle);
}

// [DLPACK-IMPORT-ALIGNMENT] / [DLPACK-IMPORT-CONTIGUOUS], checked before import so that the
// caller gets a ValueError that says what was asked for.
int check_requirements(const DLTensor* t, int32_t require_alignment, bool require_contiguous) {
  if (require_alignment < 0) {
    PyErr_SetString(PyExc_ValueError, "from_dlpack: require_alignment must be >= 0");
    return -1;
  }
  if (require_alignment > 0) {
    int type = t->device.device_type;
    bool direct = type == kDLCPU || type == kDLCUDA || type == kDLCUDAHost || type == kDLROCM ||
                  type == kDLROCMHost || type == kDLCUDAManaged;
    uint64_t address = direct ? reinterpret_cast<uintptr_t>(t->data) + t->byte_offset : t->byte_offset;
    if (address % static_cast<uint64_t>(require_alignment) != 0) {
      PyErr_Format(PyExc_ValueError, "from_dlpack: tensor data is not aligned to %d bytes",
                   static_cast<int>(require_alignment));
      return -1;
    }
  }
  if (require_contiguous && t->strides != nullptr) {
    for (int32_t k = 0; k < t->ndim; ++k) {
      if (t->shape[k] == 0) return 0;
    }
    int64_t expected = 1;
    for (int32_t k = t->ndim - 1; k >= 0; --k) {
      if (t->shape[k] == 1) continue;
      if (t->strides[k] != expected) {
        PyErr_SetString(PyExc_ValueError, "from_dlpack: tensor is not contiguous (row-major)");
        return -1;
      }
      expected *= t->shape[k];
    }
  }
  return 0;
}

void versioned_capsule_destructor(PyObject* capsule) {
  if (!PyCapsule_IsValid(capsule, kVersionedName)) return;  // consumed: renamed by the consumer
  auto* mt = static_cast<DLManagedTensorVersioned*>(PyCapsule_GetPointer(capsule, kVersionedName));
  if (mt != nullptr && mt->deleter != nullptr) mt->deleter(mt);
}

void legacy_capsule_destructor(PyObject* capsule) {
  if (!PyCapsule_IsValid(capsule, kLegacyName)) return;
  auto* mt = static_cast<DLManagedTensor*>(PyCapsule_GetPointer(capsule, kLegacyName));
  if (mt != nullptr && mt->deleter != nullptr) mt->deleter(mt);
}

PyObject* int_tuple(const int64_t* values, int32_t n) {
  PyObject* tuple = PyTuple_New(n);
  if (tuple == nullptr) return nullptr;
  for (int32_t i = 0; i < n; ++i) {
    PyObject* v = PyLong_FromLongLong(values[i]);
    if (v == nullptr) {
      Py_DECREF(tuple);
      return nullptr;
    }
    PyTuple_SET_ITEM(tuple, i, v);
  }
  return tuple;
}

PyObject* tensor_get_shape(PyObject* self, void*) {
  const DLTensor* t = dltensor_of(self);
  if (t == nullptr) return nullptr;
  PyObject* shape_class = get_hook(Hook::kShapeClass);
  PyRef dims(int_tuple(t->shape, t->ndim));
  if (shape_class == nullptr || !dims) return nullptr;
  return PyObject_CallOneArg(shape_class, dims.get());
}

PyObject* tensor_get_strides(PyObject* self, void*) {
  const DLTensor* t = dltensor_of(self);
  if (t == nullptr) return nullptr;
  if (t->strides != nullptr || t->ndim == 0) return int_tuple(t->strides, t->ndim);
  PyObject* tuple = PyTuple_New(t->ndim);  // [DLPACK-IMPORT-NULL-STRIDES]: compact row-major
  if (tuple == nullptr) return nullptr;
  int64_t stride = 1;
  for (int32_t k = t->ndim - 1; k >= 0; --k) {
    PyObject* v = PyLong_FromLongLong(stride);
    if (v == nullptr) return Py_DECREF(tuple), nullptr;
    PyTuple_SET_ITEM(tuple, k, v);
    stride *= t->shape[k];
  }
  return tuple;
}

PyObject* tensor_get_ndim(PyObject* self, void*) {
  const DLTensor* t = dltensor_of(self);
  return t == nullptr ? nullptr : PyLong_FromLong(t->ndim);
}

PyObject* tensor_get_dtype(PyObject* self, void*) {
  const DLTensor* t = dltensor_of(self);
  return t == nullptr ? nullptr : dtype_to_py(t->dtype);
}

PyObject* tensor_get_device(PyObject* self, void*) {
  const DLTensor* t = dltensor_of(self);
  return t == nullptr ? nullptr : device_to_py(t->device);
}

PyObject* tensor_get_byte_offset(PyObject* self, void*) {
  const DLTensor* t = dltensor_of(self);
  return t == nullptr ? nullptr : PyLong_FromUnsignedLongLong(t->byte_offset);
}

PyObject* tensor_data_ptr(PyObject* self, PyObject*) {
  const DLTensor* t = dltensor_of(self);
  if (t == nullptr) return nullptr;
  return PyLong_FromUnsignedLongLong(reinterpret_cast<uintptr_t>(t->data) + t->byte_offset);
}

// _to_dlpack(versioned: bool) -> PyCapsule ("dltensor_versioned" or "dltensor").
PyObject* tensor_to_dlpack(PyObject* self, PyObject* arg) {
  if (dltensor_of(self) == nullptr) return nullptr;
  int versioned = PyObject_IsTrue(arg);
  if (versioned < 0) return nullptr;
  TVMFFIObjectHandle handle = reinterpret_cast<ObjectHandleObj*>(self)->handle;
  if (versioned) {
    DLManagedTensorVersioned* mt = nullptr;
    if (TVMFFITensorToDLPackVersioned(handle, &mt) != 0) return raise_ffi_error();
    PyObject* capsule = PyCapsule_New(mt, kVersionedName, versioned_capsule_destructor);
    if (capsule == nullptr) mt->deleter(mt);
    return capsule;
  }
  DLManagedTensor* mt = nullptr;
  if (TVMFFITensorToDLPack(handle, &mt) != 0) return raise_ffi_error();
  PyObject* capsule = PyCapsule_New(mt, kLegacyName, legacy_capsule_destructor);
  if (capsule == nullptr) mt->deleter(mt);
  return capsule;
}

PyObject* tensor_dlpack_device(PyObject* self, PyObject*) {
  const DLTensor* t = dltensor_of(self);
  if (t == nullptr) return nullptr;
  PyObject* type = PyLong_FromLong(t->device.device_type);
  PyObject* index = type == nullptr ? nullptr : PyLong_FromLong(t->device.device_id);
  PyObject* pair = index == nullptr ? nullptr : PyTuple_Pack(2, type, index);
  Py_XDECREF(type);
  Py_XDECREF(index);
  return pair;
}

// __dlpack__(*, stream=None, max_version=None, dl_device=None, copy=None): the array API
// protocol. The FFI owns no stream, so `stream` is accepted and nothing is synchronized; no copy
// is ever made, so copy=True and a foreign dl_device raise BufferError.
// METH_FASTCALL | METH_KEYWORDS: consumers call it on every import, so no kwargs dict is built.
PyObject* tensor_dlpack(PyObject* self, PyObject* const* args, Py_ssize_t nargs,
                        PyObject* kwnames) {
  PyObject* values[4] = {Py_None, Py_None, Py_None, Py_None};  // in kNames order
  static const char* const kNames[] = {"stream", "max_version", "dl_device", "copy"};
  if (PyVectorcall_NARGS(nargs) != 0) {
    PyErr_SetString(PyExc_TypeError, "__dlpack__() takes keyword arguments only");
    return nullptr;
  }
  Py_ssize_t nkw = kwnames == nullptr ? 0 : PyTuple_GET_SIZE(kwnames);
  for (Py_ssize_t i = 0; i < nkw; ++i) {
    PyObject* name = PyTuple_GET_ITEM(kwnames, i);
    int k = 0;
    while (k < 4 && PyUnicode_CompareWithASCIIString(name, kNames[k]) != 0) ++k;
    if (k == 4) {
      PyErr_Format(PyExc_TypeError, "__dlpack__() got an unexpected keyword argument %R", name);
      return nullptr;
    }
    values[k] = args[i];
  }
  PyObject* max_version = values[1];
  PyObject* dl_device = values[2];
  PyObject* copy = values[3];
  const DLTensor* t = dltensor_of(self);
  if (t == nullptr) return nullptr;
  if (copy != Py_None) {
    int want_copy = PyObject_IsTrue(copy);
    if (want_copy < 0) return nullptr;
    if (want_copy) {
      PyErr_SetString(PyExc_BufferError, "tvm_ffi.Tensor.__dlpack__: copy=True is not supported");
      return nullptr;
    }
  }
  if (dl_device != Py_None) {
    int device_type = 0;
    int device_id = 0;
    if (!PyArg_ParseTuple(dl_device, "ii:dl_device", &device_type, &device_id)) return nullptr;
    if (device_type != t->device.device_type || device_id != t->device.device_id) {
      PyErr_Format(PyExc_BufferError, "tvm_ffi.Tensor.__dlpack__: cannot export to device (%d, %d)",
                   device_type, device_id);
      return nullptr;
    }
  }
  bool versioned = false;
  if (max_version != Py_None) {
    int major = 0;
    int minor = 0;
    if (!PyArg_ParseTuple(max_version, "ii:max_version", &major, &minor)) return nullptr;
    versioned = major >= 1;
  }
  return tensor_to_dlpack(self, versioned ? Py_True : Py_False);
}

PyMethodDef g_tensor_methods[] = {
    {"__dlpack__", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(tensor_dlpack)),
     METH_FASTCALL | METH_KEYWORDS,
     "__dlpack__(*, stream=None, max_version=None, dl_device=None, copy=None) -> PyCapsule\n\n"
     "Exports a DLPack capsule: versioned when max_version >= (1, 0), legacy otherwise. No copy "
     "is made (copy=True and other devices raise BufferError); `stream` is accepted, but the FFI "
     "owns no stream to synchronize."},
    {"__dlpack_device__", tensor_dlpack_device, METH_NOARGS,
     "__dlpack_device__() -> (device_type, device_id)"},
    {"data_ptr", tensor_data_ptr, METH_NOARGS,
     "data_ptr() -> int\n\nAddress of the first element (data + byte_offset)."},
    {"_to_dlpack", tensor_to_dlpack, METH_O,
     "_to_dlpack(versioned) -> PyCapsule\n\nExports a new DLPack capsule."},
    {nullptr, nullptr, 0, nullptr}};

PyGetSetDef g_tensor_getset[] = {
    {"shape", tensor_get_shape, nullptr, "Extents, as a tvm_ffi.Shape.", nullptr},
    {"strides", tensor_get_strides, nullptr, "Strides in elements, as a tuple.", nullptr},
    {"ndim", tensor_get_ndim, nullptr, "Number of dimensions.", nullptr},
    {"dtype", tensor_get_dtype, nullptr, "Element type, as a tvm_ffi.dtype.", nullptr},
    {"device", tensor_get_device, nullptr, "Device, as a tvm_ffi.Device.", nullptr},
    {"byte_offset", tensor_get_byte_offset, nullptr, "Offset of the first element in bytes.",
     nullptr},
    {nullptr, nullptr, nullptr, nullptr, nullptr}};

PyType_Slot g_tensor_slots[] = {
    {Py_tp_doc, const_cast<char*>("Native base of tvm_ffi.Tensor (an ffi.Tensor object).")},
    {Py_tp_methods, g_tensor_methods},
    {Py_tp_getset, g_tensor_getset},
    {0, nullptr}};

PyType_Spec g_tensor_spec = {"tvm_ffi._core.Tensor", sizeof(ObjectHandleObj), 0,
                             Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE, g_tensor_slots};

// A Tensor object over a borrowed framework tensor: {header; DLTensor} as every Tensor, then
// private state. Shape and strides are copied in, so the metadata stays fixed even if the
// framework tensor is resized later ([TENSOR-METADATA-LIFETIME]).
constexpr int32_t kMaxViewDims = 8;
struct ViewTensor {
  TVMFFIObject header;
  DLTensor tensor;
  PyObject* source;  // borrowed during the call; owned once the view outlives it
  int64_t dims[2 * kMaxViewDims];
};
constexpr uint64_t kOneStrongOneWeak = 1 | (static_cast<uint64_t>(1) << 32);

// A view is made for every framework tensor argument and, in the common case, dropped when
// the call returns; a small per-thread free list saves a malloc/free pair per tensor. Every
// block comes from malloc, so a view that outlives its call is still released by free().
class ViewPool {
 public:
  ~ViewPool() {
    while (head_ != nullptr) std::free(pop());
  }
  ViewTensor* take() {
    if (head_ == nullptr) return static_cast<ViewTensor*>(std::malloc(sizeof(ViewTensor)));
    return pop();
  }
  void give(ViewTensor* view) {
    if (size_ >= kMaxSize) {
      std::free(view);
      return;
    }
    *reinterpret_cast<ViewTensor**>(view) = head_;
    head_ = view;
    ++size_;
  }

 private:
  static constexpr int kMaxSize = 32;
  ViewTensor* pop() {
    ViewTensor* view = head_;
    head_ = *reinterpret_cast<ViewTensor**>(view);
    --size_;
    return view;
  }
  ViewTensor* head_ = nullptr;
  int size_ = 0;
};
// Initial-exec: the default model for a dlopen'ed module calls __tls_get_addr on every access.
thread_local ViewPool t_view_pool __attribute__((tls_model("initial-exec")));

void view_deleter(void* self, int flags) {
  auto* view = static_cast<ViewTensor*>(self);
  if ((flags & kTVMFFIObjectDeleterFlagBitMaskStrong) != 0 && view->source != nullptr) {
    PyObject* source = view->source;
    view->source = nullptr;
    py_decref_deleter(source);
  }
  if ((flags & kTVMFFIObjectDeleterFlagBitMaskWeak) != 0) std::free(self);
}

}  // namespace

int tensor_view_from_exchange_api(PyObject* obj, const DLPackExchangeAPI* api,
                                  TVMFFIObjectHandle* out) {
  if (api->dltensor_from_py_object_no_sync == nullptr) return 1;
  ViewTensor* view = t_view_pool.take();
  if (view == nullptr) {
    PyErr_NoMemory();
    return -1;
  }
  if (api->dltensor_from_py_object_no_sync(obj, &view->tensor) != 0) {
    t_view_pool.give(view);
    if (!PyErr_Occurred()) {
      PyErr_Format(PyExc_RuntimeError, "DLPack view of a %.200s failed", Py_TYPE(obj)->tp_name);
    }
    return -1;
  }
  DLTensor& t = view->tensor;
  if (t.ndim < 0 || t.ndim > kMaxViewDims) {
    t_view_pool.give(view);
    return 1;
  }
  int64_t* shape = view->dims;
  int64_t* strides = view->dims + kMaxViewDims;
  int64_t stride = 1;
  for (int32_t k = t.ndim - 1; k >= 0; --k) {
    shape[k] = t.shape[k];
    // [DLPACK-IMPORT-NULL-STRIDES] / [TENSOR-STRIDES]: compact row-major when absent.
    strides[k] = t.strides != nullptr ? t.strides[k] : stride;
    stride *= shape[k];
  }
  t.shape = shape;
  t.strides = strides;
  view->source = obj;
  view->header.combined_ref_count = kOneStrongOneWeak;
  view->header.type_index = kTVMFFITensor;
  view->header.__padding = 0;
  view->header.deleter = view_deleter;
  *out = &view->header;
  return 0;
}

bool tensor_is_view(TVMFFIObjectHandle handle) {
  return static_cast<TVMFFIObject*>(handle)->deleter == view_deleter;
}

PyObject* tensor_view_source(TVMFFIObjectHandle handle) {
  if (!tensor_is_view(handle)) return nullptr;
  return static_cast<ViewTensor*>(handle)->source;
}

void tensor_view_release(TVMFFIObjectHandle handle) {
  auto* view = static_cast<ViewTensor*>(handle);
  if (__atomic_load_n(&view->header.combined_ref_count, __ATOMIC_ACQUIRE) == kOneStrongOneWeak) {
    t_view_pool.give(view);  // nobody else kept it: the common case, no atomics needed
    return;
  }
  // The callee kept it: from now on the view owns its source, released by the deleter.
  Py_INCREF(view->source);
  TVMFFIObjectDecRef(handle);
}

int tensor_type_init(PyObject* module) {
  PyObject* bases = PyTuple_Pack(1, reinterpret_cast<PyObject*>(g_object_type));
  if (bases == nullptr) return -1;
  PyObject* type = PyType_FromSpecWithBases(&g_tensor_spec, bases);
  Py_DECREF(bases);
  if (type == nullptr) return -1;
  g_tensor_type = reinterpret_cast<PyTypeObject*>(type);
  PyObject* index = PyLong_FromLong(kTVMFFITensor);
  int rc = index == nullptr ? -1 : PyObject_SetAttrString(type, "__tvm_ffi_type_index__", index);
  Py_XDECREF(index);
  if (rc != 0 || object_register_class(kTVMFFITensor, type) != 0) return -1;
  Py_INCREF(type);
  if (PyModule_AddObject(module, "Tensor", type) != 0) {
    Py_DECREF(type);
    return -1;
  }
  return 0;
}

const DLPackExchangeAPI* tensor_exchange_api_of(PyTypeObject* tp) {
  if (skip_exchange_api()) return nullptr;
  for (const char* name : {"__dlpack_c_exchange_api__", "__c_dlpack_exchange_api__"}) {
    PyObject* attr = PyObject_GetAttrString(reinterpret_cast<PyObject*>(tp), name);
    if (attr == nullptr) {
      PyErr_Clear();
      continue;
    }
    void* ptr = nullptr;
    if (PyCapsule_CheckExact(attr)) {
      ptr = PyCapsule_GetPointer(attr, "dlpack_exchange_api");
    } else if (PyLong_Check(attr)) {
      ptr = PyLong_AsVoidPtr(attr);
    }
    Py_DECREF(attr);
    if (ptr == nullptr) {
      PyErr_Clear();
      continue;
    }
    // A table of another major version may link to an older one we understand.
    for (auto* header = static_cast<DLPackExchangeAPIHeader*>(ptr); header != nullptr;
         header = header->prev_api) {
      if (header->version.major == DLPACK_MAJOR_VERSION) {
        return reinterpret_cast<const DLPackExchangeAPI*>(header);
      }
    }
  }
  return nullptr;
}

int tensor_from_exchange_api(PyObject* obj, const DLPackExchangeAPI* api, int32_t require_alignment,
                             bool require_contiguous, TVMFFIObjectHandle* out) {
  DLManagedTensorVersioned* mt = nullptr;
  if (api->managed_tensor_from_py_object_no_sync(obj, &mt) != 0 || mt == nullptr) {
    if (!PyErr_Occurred()) {
      PyErr_Format(PyExc_RuntimeError, "DLPack export of a %.200s failed", Py_TYPE(obj)->tp_name);
    }
    return -1;
  }
  if (check_requirements(&mt->dl_tensor, require_alignment, require_contiguous) != 0) {
    if (mt->deleter != nullptr) mt->deleter(mt);
    return -1;
  }
  if (TVMFFITensorFromDLPackVersioned(mt, require_alignment, require_contiguous ? 1 : 0, out) != 0) {
    if (mt->deleter != nullptr) mt->deleter(mt);  // [DLPACK-IMPORT-OWNERSHIP]: still ours
    raise_ffi_error();
    return -1;
  }
  return 0;
}

int tensor_from_dlpack_protocol(PyObject* obj, int32_t require_alignment, bool require_contiguous,
                                TVMFFIObjectHandle* out) {
  PyRef method(PyObject_GetAttrString(obj, "__dlpack__"));
  if (!method) return -1;
  PyRef kwargs(Py_BuildValue("{s(ii)}", "max_version", DLPACK_MAJOR_VERSION, DLPACK_MINOR_VERSION));
  PyRef empty(PyTuple_New(0));
  if (!kwargs || !empty) return -1;
  PyRef capsule(PyObject_Call(method.get(), empty.get(), kwargs.get()));
  if (!capsule && PyErr_ExceptionMatches(PyExc_TypeError)) {
    PyErr_Clear();  // a producer older than DLPack 1.0 has no max_version
    capsule.reset(PyObject_CallNoArgs(method.get()));
  }
  if (!capsule) return -1;
  if (PyCapsule_IsValid(capsule.get(), kVersionedName)) {
    auto* mt = static_cast<DLManagedTensorVersioned*>(
        PyCapsule_GetPointer(capsule.get(), kVersionedName));
    if (check_requirements(&mt->dl_tensor, require_alignment, require_contiguous) != 0) return -1;
    if (TVMFFITensorFromDLPackVersioned(mt, require_alignment, require_contiguous ? 1 : 0, out) != 0) {
      raise_ffi_error();  // the capsule still owns `mt`
      return -1;
    }
    PyCapsule_SetName(capsule.get(), kUsedVersionedName);
    return 0;
  }
  if (PyCapsule_IsValid(capsule.get(), kLegacyName)) {
    auto* mt = static_cast<DLManagedTensor*>(PyCapsule_GetPointer(capsule.get(), kLegacyName));
    if (check_requirements(&mt->dl_tensor, require_alignment, require_contiguous) != 0) return -1;
    if (TVMFFITensorFromDLPack(mt, require_alignment, require_contiguous ? 1 : 0, out) != 0) {
      raise_ffi_error();
      return -1;
    }
    PyCapsule_SetName(capsule.get(), kUsedLegacyName);
    return 0;
  }
  PyErr_Format(PyExc_TypeError, "%.200s.__dlpack__() did not return an unused DLPack capsule",
               Py_TYPE(obj)->tp_name);
  return -1;
}

PyObject* tensor_from_dlpack(PyObject* obj, int32_t require_alignment, bool require_contiguous) {
  if (PyObject_TypeCheck(obj, g_tensor_type)) {
    const DLTensor* t = dltensor_of(obj);
    if (t == nullptr || check_requirements(t, require_alignment, require_contiguous) != 0) {
      return nullptr;
    }
    Py_INCREF(obj);
    return obj;
  }
  TVMFFIObjectHandle handle = nullptr;
  const DLPackExchangeAPI* api = cached_exchange_api(Py_TYPE(obj));
  int rc;
  if (api != nullptr) {
    rc = tensor_from_exchange_api(obj, api, require_alignment, require_contiguous, &handle);
  } else if (PyObject_HasAttrString(obj, "__dlpack__")) {
    rc = tensor_from_dlpack_protocol(obj, require_alignment, require_contiguous, &handle);
  } else {
    PyErr_Format(PyExc_TypeError,
                 "from_dlpack: %.200s supports neither __dlpack_c_exchange_api__ nor __dlpack__",
                 Py_TYPE(obj)->tp_name);
    return nullptr;
  }
  if (rc != 0) return nullptr;
  return object_wrap_owned(handle);
}

PyObject* tensor_to_framework(TVMFFIObjectHandle owned, const DLPackExchangeAPI* api) {
  DLManagedTensorVersioned* mt = nullptr;
  int rc = TVMFFITensorToDLPackVersioned(owned, &mt);
  TVMFFIObjectDecRef(owned);  // on success `mt` holds its own reference
  if (rc != 0) return raise_ffi_error();
  void* py_object = nullptr;
  // The exchange API steals `mt`, also when it fails.
  if (api->managed_tensor_to_py_object_no_sync(mt, &py_object) != 0 || py_object == nullptr) {
    if (!PyErr_Occurred()) PyErr_SetString(PyExc_RuntimeError, "DLPack import into the framework failed");
    return nullptr;
  }
  return static_cast<PyObject*>(py_object);
}

}  // namespace tvm_ffi_py
