// ffi/python/src/value_types.cc: Device's native base, dtype conversion, Shape objects.
#include "value_types.h"

#include <cstdlib>
#include <cstring>
#include <new>

namespace tvm_ffi_py {

PyTypeObject* g_device_type = nullptr;

namespace {

PyObject* device_tp_new(PyTypeObject* cls, PyObject* args, PyObject* kwargs) {
  int device_type = 0;
  int device_id = 0;
  static const char* kwlist[] = {"device_type", "device_id", nullptr};
  if (!PyArg_ParseTupleAndKeywords(args, kwargs, "ii:Device", const_cast<char**>(kwlist),
                                   &device_type, &device_id)) {
    return nullptr;
  }
  if (device_type < 0 || device_type > 255 || device_id < 0) {
    PyErr_Format(PyExc_ValueError, "invalid device (%d, %d)", device_type, device_id);
    return nullptr;
  }
  PyObject* self = cls->tp_alloc(cls, 0);
  if (self == nullptr) return nullptr;
  auto* dev = reinterpret_cast<DeviceObj*>(self);
  dev->device.device_type = static_cast<DLDeviceType>(device_type);
  dev->device.device_id = device_id;
  return self;
}

void device_dealloc(PyObject* self) {
  PyTypeObject* tp = Py_TYPE(self);
  tp->tp_free(self);
  Py_DECREF(tp);
}

PyObject* device_get_type(PyObject* self, void*) {
  return PyLong_FromLong(reinterpret_cast<DeviceObj*>(self)->device.device_type);
}

PyObject* device_get_index(PyObject* self, void*) {
  return PyLong_FromLong(reinterpret_cast<DeviceObj*>(self)->device.device_id);
}

PyObject* device_richcompare(PyObject* self, PyObject* other, int op) {
  if ((op != Py_EQ && op != Py_NE) || !PyObject_TypeCheck(other, g_device_type)) {
    Py_RETURN_NOTIMPLEMENTED;
  }
  const DLDevice& a = reinterpret_cast<DeviceObj*>(self)->device;
  const DLDevice& b = reinterpret_cast<DeviceObj*>(other)->device;
  bool equal = a.device_type == b.device_type && a.device_id == b.device_id;
  return PyBool_FromLong((op == Py_EQ) == equal);
}

Py_hash_t device_hash(PyObject* self) {
  const DLDevice& d = reinterpret_cast<DeviceObj*>(self)->device;
  Py_hash_t h = (static_cast<Py_hash_t>(d.device_type) << 32) ^ static_cast<Py_hash_t>(d.device_id);
  return h == -1 ? -2 : h;
}

PyGetSetDef g_device_getset[] = {
    {"_device_type", device_get_type, nullptr, "DLPack device type code.", nullptr},
    {"index", device_get_index, nullptr, "Device ordinal.", nullptr},
    {nullptr, nullptr, nullptr, nullptr, nullptr}};

PyType_Slot g_device_slots[] = {
    {Py_tp_doc, const_cast<char*>("Native base of tvm_ffi.Device: a DLDevice value.")},
    {Py_tp_new, reinterpret_cast<void*>(device_tp_new)},
    {Py_tp_dealloc, reinterpret_cast<void*>(device_dealloc)},
    {Py_tp_richcompare, reinterpret_cast<void*>(device_richcompare)},
    {Py_tp_hash, reinterpret_cast<void*>(device_hash)},
    {Py_tp_getset, g_device_getset},
    {0, nullptr}};

PyType_Spec g_device_spec = {"tvm_ffi._core.Device", sizeof(DeviceObj), 0,
                             Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE, g_device_slots};

// Shape objects made by this module: {header; cell; dims...} in one malloc block, freed by
// their own deleter ([OBJ-DELETER-OWNER]); the runtime is not involved.
struct ShapeObj {
  TVMFFIObject header;
  TVMFFIShapeCell cell;
};

void shape_deleter(void* self, int flags) {
  if ((flags & kTVMFFIObjectDeleterFlagBitMaskWeak) != 0) std::free(self);
}

}  // namespace

int device_type_init(PyObject* module) {
  PyObject* type = PyType_FromSpec(&g_device_spec);
  if (type == nullptr) return -1;
  g_device_type = reinterpret_cast<PyTypeObject*>(type);
  Py_INCREF(type);
  if (PyModule_AddObject(module, "Device", type) != 0) {
    Py_DECREF(type);
    return -1;
  }
  return 0;
}

PyObject* device_to_py(DLDevice device) {
  PyObject* cls = get_hook(Hook::kDeviceClass);
  if (cls == nullptr) return nullptr;
  auto* tp = reinterpret_cast<PyTypeObject*>(cls);
  PyObject* self = tp->tp_alloc(tp, 0);
  if (self == nullptr) return nullptr;
  reinterpret_cast<DeviceObj*>(self)->device = device;
  return self;
}

bool is_dtype_type(PyTypeObject* tp) {
  PyObject* cls = get_hook(Hook::kDTypeClass);
  if (cls == nullptr) {
    PyErr_Clear();
    return false;
  }
  return PyType_IsSubtype(tp, reinterpret_cast<PyTypeObject*>(cls)) != 0;
}

int dtype_from_py(PyObject* obj, DLDataType* out) {
  PyRef packed(PyObject_GetAttrString(obj, "_tvm_ffi_dtype"));
  if (!packed) return -1;
  long long value = PyLong_AsLongLong(packed.get());
  if (value == -1 && PyErr_Occurred()) return -1;
  *out = dtype_unpack(value);
  return 0;
}

PyObject* dtype_to_py(DLDataType dtype) {
  // dtype objects are immutable: one per value.
  static PyObject* cache = PyDict_New();
  if (cache == nullptr) return nullptr;
  PyRef key(PyLong_FromLongLong(dtype_pack(dtype)));
  if (!key) return nullptr;
  PyObject* hit = PyDict_GetItemWithError(cache, key.get());
  if (hit != nullptr) {
    Py_INCREF(hit);
    return hit;
  }
  if (PyErr_Occurred()) return nullptr;
  PyObject* factory = get_hook(Hook::kDTypeFromPacked);
  if (factory == nullptr) return nullptr;
  PyObject* value = PyObject_CallOneArg(factory, key.get());
  if (value != nullptr && PyDict_SetItem(cache, key.get(), value) != 0) PyErr_Clear();
  return value;
}

int shape_make(const int64_t* dims, size_t ndim, TVMFFIObjectHandle* out) {
  void* memory = std::malloc(sizeof(ShapeObj) + sizeof(int64_t) * (ndim > 0 ? ndim : 1));
  if (memory == nullptr) {
    PyErr_NoMemory();
    return -1;
  }
  auto* shape = new (memory) ShapeObj;
  auto* data = reinterpret_cast<int64_t*>(shape + 1);
  if (ndim > 0) std::memcpy(data, dims, sizeof(int64_t) * ndim);
  shape->header.combined_ref_count = 1 | (static_cast<uint64_t>(1) << 32);  // [OBJ-REFCOUNT-INIT]
  shape->header.type_index = kTVMFFIShape;
  shape->header.__padding = 0;
  shape->header.deleter = shape_deleter;
  shape->cell.data = data;
  shape->cell.size = ndim;
  *out = shape;
  return 0;
}

}  // namespace tvm_ffi_py
