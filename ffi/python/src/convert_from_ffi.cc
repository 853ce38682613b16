// ffi/python/src/convert_from_ffi.cc: TVMFFIAny -> Python (call results and callback arguments).
#include "convert.h"
#include "error.h"
#include "tensor.h"
#include "value_types.h"

namespace tvm_ffi_py {
namespace {

PyObject* decode_text(const char* data, size_t size) {
  return PyUnicode_DecodeUTF8(data, static_cast<Py_ssize_t>(size), "surrogateescape");
}

PyObject* bigint_to_py(const TVMFFIAny* value) {
  TVMFFIByteArray bytes = TVMFFIBigIntGetContentByteArray(value);
  PyRef data(PyBytes_FromStringAndSize(bytes.data, static_cast<Py_ssize_t>(bytes.size)));
  if (!data) return nullptr;
  PyRef from_bytes(PyObject_GetAttrString(reinterpret_cast<PyObject*>(&PyLong_Type), "from_bytes"));
  PyRef args(Py_BuildValue("(Os)", data.get(), "little"));
  PyRef kwargs(PyDict_New());
  if (!from_bytes || !args || !kwargs || PyDict_SetItemString(kwargs.get(), "signed", Py_True) != 0) {
    return nullptr;
  }
  return PyObject_Call(from_bytes.get(), args.get(), kwargs.get());
}

PyObject* shape_to_py(TVMFFIObjectHandle handle) {
  PyObject* shape_class = get_hook(Hook::kShapeClass);
  if (shape_class == nullptr) return nullptr;
  const TVMFFIShapeCell* cell = TVMFFIShapeGetCellPtr(handle);
  PyRef dims(PyTuple_New(static_cast<Py_ssize_t>(cell->size)));
  if (!dims) return nullptr;
  for (size_t i = 0; i < cell->size; ++i) {
    PyObject* dim = PyLong_FromLongLong(cell->data[i]);
    if (dim == nullptr) return nullptr;
    PyTuple_SET_ITEM(dims.get(), static_cast<Py_ssize_t>(i), dim);
  }
  return PyObject_CallOneArg(shape_class, dims.get());
}

PyObject* opaque_ptr_to_py(void* ptr) {
  PyObject* hook = get_hook(Hook::kOpaquePtrToPy);
  if (hook == nullptr) return nullptr;
  PyRef address(PyLong_FromVoidPtr(ptr));
  if (!address) return nullptr;
  return PyObject_CallOneArg(hook, address.get());
}

}  // namespace

// An owned object value (type index >= 64); consumes the reference.
PyObject* object_to_py_owned(TVMFFIObjectHandle handle, const DLPackExchangeAPI* tensor_api) {
  FFIRef owned(handle);
  switch (TVMFFIObjectGetTypeIndex(handle)) {
    case kTVMFFIStr: {
      const TVMFFIByteArray* bytes = TVMFFIBytesGetByteArrayPtr(handle);
      return decode_text(bytes->data, bytes->size);
    }
    case kTVMFFIBytes: {
      const TVMFFIByteArray* bytes = TVMFFIBytesGetByteArrayPtr(handle);
      return PyBytes_FromStringAndSize(bytes->data, static_cast<Py_ssize_t>(bytes->size));
    }
    case kTVMFFIShape:
      return shape_to_py(handle);
    case kTVMFFIOpaquePyObject: {
      auto* py_object = static_cast<PyObject*>(TVMFFIOpaqueObjectGetCellPtr(handle)->handle);
      if (py_object == nullptr) Py_RETURN_NONE;
      Py_INCREF(py_object);
      return py_object;
    }
    case kTVMFFIBigInt: {
      TVMFFIAny value;
      value.type_index = kTVMFFIBigInt;
      value.zero_padding = 0;
      value.v_obj = static_cast<TVMFFIObject*>(handle);
      return bigint_to_py(&value);
    }
    case kTVMFFITensor:
      if (tensor_api != nullptr && tensor_api->managed_tensor_to_py_object_no_sync != nullptr) {
        return tensor_to_framework(owned.release(), tensor_api);
      }
      break;
    default:
      break;
  }
  return object_wrap_owned(owned.release());
}

PyObject* any_to_py_owned(TVMFFIAny* value, const DLPackExchangeAPI* tensor_api) {
  int32_t type_index = value->type_index;
  if (type_index >= kTVMFFIStaticObjectBegin) {
    TVMFFIObjectHandle handle = value->v_obj;
    value->type_index = kTVMFFINone;
    value->v_obj = nullptr;
    return object_to_py_owned(handle, tensor_api);
  }
  switch (type_index) {
    case kTVMFFINone:
      Py_RETURN_NONE;
    case kTVMFFIInt:
      return PyLong_FromLongLong(value->v_int64);
    case kTVMFFIBool:
      return PyBool_FromLong(value->v_int64 != 0);
    case kTVMFFIFloat:
      return PyFloat_FromDouble(value->v_float64);
    case kTVMFFISmallStr:
      return decode_text(value->v_bytes, value->small_str_len);
    case kTVMFFISmallBytes:
      return PyBytes_FromStringAndSize(value->v_bytes, value->small_str_len);
    case kTVMFFIDataType:
      return dtype_to_py(value->v_dtype);
    case kTVMFFIDevice:
      return device_to_py(value->v_device);
    case kTVMFFIOpaquePtr:
      if (value->v_ptr == nullptr) Py_RETURN_NONE;
      return opaque_ptr_to_py(value->v_ptr);
    default:
      // RawStr, ByteArrayPtr, ObjectRValueRef and DLTensorPtr are views and may not be results
      // ([ANY-VIEW-ONLY-KINDS]); anything else is unknown.
      PyErr_Format(PyExc_TypeError, "tvm_ffi: cannot convert a result with type index %d",
                   static_cast<int>(type_index));
      return nullptr;
  }
}

PyObject* any_view_to_py(const TVMFFIAny* value) {
  int32_t type_index = value->type_index;
  if (type_index == kTVMFFIInt) return PyLong_FromLongLong(value->v_int64);  // the common case
  if (type_index >= kTVMFFIStaticObjectBegin) {
    TVMFFIObjectIncRef(value->v_obj);
    return object_to_py_owned(value->v_obj, nullptr);
  }
  switch (type_index) {
    case kTVMFFIRawStr:
      if (value->v_c_str == nullptr) Py_RETURN_NONE;
      return PyUnicode_DecodeUTF8(value->v_c_str, static_cast<Py_ssize_t>(std::strlen(value->v_c_str)),
                                  "surrogateescape");
    case kTVMFFIByteArrayPtr: {
      const auto* bytes = static_cast<const TVMFFIByteArray*>(value->v_ptr);
      if (bytes == nullptr) Py_RETURN_NONE;
      return PyBytes_FromStringAndSize(bytes->data, static_cast<Py_ssize_t>(bytes->size));
    }
    case kTVMFFIObjectRValueRef: {
      auto* slot = static_cast<TVMFFIObjectHandle*>(value->v_ptr);
      if (slot == nullptr || *slot == nullptr) {
        PyErr_SetString(PyExc_RuntimeError, "tvm_ffi: ObjectRValueRef argument was already moved");
        return nullptr;
      }
      TVMFFIObjectHandle handle = *slot;
      *slot = nullptr;
      return object_to_py_owned(handle, nullptr);
    }
    case kTVMFFIDLTensorPtr:
      PyErr_SetString(PyExc_TypeError,
                      "tvm_ffi: a borrowed DLTensor* cannot be passed to a Python callback");
      return nullptr;
    default: {
      TVMFFIAny copy = *value;
      return any_to_py_owned(&copy, nullptr);
    }
  }
}

}  // namespace tvm_ffi_py
