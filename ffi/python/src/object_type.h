// ffi/python/src/object_type.h: the Object base type, the type-index -> class table, wrapping.
#ifndef TVM_FFI_PYTHON_SRC_OBJECT_TYPE_H_
#define TVM_FFI_PYTHON_SRC_OBJECT_TYPE_H_

#include "py_common.h"

namespace tvm_ffi_py {

// Instance layout of tvm_ffi.Object and every native subclass (Function adds fields after it).
// `handle` is one strong reference, or NULL for an object that holds nothing yet.
struct ObjectHandleObj {
  PyObject_HEAD
  TVMFFIObjectHandle handle;
};

extern PyTypeObject* g_object_type;
extern PyTypeObject* g_function_type;
extern PyTypeObject* g_tensor_type;
extern PyTypeObject* g_rvalue_ref_type;

// The handle slot an ObjectRValueRef (`obj._move()`) moves from: the target object's own field.
TVMFFIObjectHandle* rvalue_ref_slot(PyObject* ref);

// Creates tvm_ffi._core.Object and adds it to `module`. Returns -1 with an error set on failure.
int object_type_init(PyObject* module);

inline bool is_ffi_object(PyObject* obj) { return PyObject_TypeCheck(obj, g_object_type) != 0; }

// A new instance of `cls` (a subclass of Object) that takes over `owned`. On failure `owned` is
// released and NULL is returned with an error set.
PyObject* object_new_owning(PyTypeObject* cls, TVMFFIObjectHandle owned);

// Wraps an owned handle in the Python class registered for its type index, or the class of the
// nearest registered ancestor. Steals `owned` (released on failure).
PyObject* object_wrap_owned(TVMFFIObjectHandle owned);

// Class lookup used by object_wrap_owned (borrowed; never NULL: ffi.Object is the last resort).
PyTypeObject* object_class_for_index(int32_t type_index);

// Records `cls` as the Python class for `type_index`. Returns -1 with an error set on failure.
int object_register_class(int32_t type_index, PyObject* cls);

// Add the container read functions (container.cc) and the reflection helpers with the
// FieldProperty type (reflection.cc) to `module`. Return -1 with an error set on failure.
int container_funcs_init(PyObject* module);
int reflection_init(PyObject* module);

}  // namespace tvm_ffi_py

#endif  // TVM_FFI_PYTHON_SRC_OBJECT_TYPE_H_
