// ffi/python/src/value_types.h: Device (native base of tvm_ffi.Device) and dtype conversion.
#ifndef TVM_FFI_PYTHON_SRC_VALUE_TYPES_H_
#define TVM_FFI_PYTHON_SRC_VALUE_TYPES_H_

#include "py_common.h"

namespace tvm_ffi_py {

// Instance layout of tvm_ffi._core.Device and its Python subclass tvm_ffi.Device.
struct DeviceObj {
  PyObject_HEAD
  DLDevice device;
};

extern PyTypeObject* g_device_type;

// Creates tvm_ffi._core.Device and adds it to `module`.
int device_type_init(PyObject* module);

// A new tvm_ffi.Device (the registered Python subclass). NULL with an error set.
PyObject* device_to_py(DLDevice device);

// A tvm_ffi.dtype for `dtype` (cached per value). NULL with an error set.
PyObject* dtype_to_py(DLDataType dtype);

// Whether `tp` is the registered tvm_ffi.dtype class (or a subclass of it).
bool is_dtype_type(PyTypeObject* tp);

// Reads the DLDataType carried by a tvm_ffi.dtype instance. -1 with an error set.
int dtype_from_py(PyObject* obj, DLDataType* out);

// A new Shape object (type index 69) holding a copy of `dims`. -1 with an error set.
int shape_make(const int64_t* dims, size_t ndim, TVMFFIObjectHandle* out);

// Packs a DLDataType into a Python-friendly int: code | bits << 8 | lanes << 16.
inline int64_t dtype_pack(DLDataType t) {
  return static_cast<int64_t>(t.code) | (static_cast<int64_t>(t.bits) << 8) |
         (static_cast<int64_t>(t.lanes) << 16);
}
inline DLDataType dtype_unpack(int64_t packed) {
  DLDataType t;
  t.code = static_cast<uint8_t>(packed & 0xFF);
  t.bits = static_cast<uint8_t>((packed >> 8) & 0xFF);
  t.lanes = static_cast<uint16_t>((packed >> 16) & 0xFFFF);
  return t;
}

}  // namespace tvm_ffi_py

#endif  // TVM_FFI_PYTHON_SRC_VALUE_TYPES_H_
