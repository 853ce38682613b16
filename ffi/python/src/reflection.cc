// ffi/python/src/reflection.cc: reflected fields as Python descriptors, type info and type
// attributes for tvm_ffi.register_object.
//
// A FieldProperty is a data descriptor bound to one TVMFFIFieldInfo. Type infos live for the
// whole process (SPEC REG-TYPEINFO-STABLE), so the descriptor keeps the raw pointer and a field
// read is one getter call plus the usual result conversion, with no lookup by name.
#include <string>

#include "convert.h"
#include "error.h"
#include "function_type.h"

namespace tvm_ffi_py {
namespace {

struct FieldPropertyObj {
  PyObject_HEAD
  const TVMFFIFieldInfo* field;
  // The type that declares the field: instances must be of it or of a subtype.
  int32_t owner_index;
  int32_t owner_depth;
  PyObject* name;      // str
  PyObject* qualname;  // "type_key.field", for messages
};

PyTypeObject* g_field_property_type = nullptr;

PyObject* text(TVMFFIByteArray bytes) {
  return PyUnicode_DecodeUTF8(bytes.data, static_cast<Py_ssize_t>(bytes.size), "surrogateescape");
}

const TVMFFITypeInfo* type_info_or_raise(long type_index) {
  if (type_index < 0 || type_index > INT32_MAX) {
    PyErr_Format(PyExc_IndexError, "type index %ld is not a registered type", type_index);
    return nullptr;
  }
  const TVMFFITypeInfo* info = TVMFFIGetTypeInfo(static_cast<int32_t>(type_index));
  if (info == nullptr) raise_ffi_error();
  return info;
}

bool is_instance_of(int32_t type_index, int32_t owner_index, int32_t owner_depth) {
  if (type_index == owner_index) return true;
  const TVMFFITypeInfo* info = TVMFFIGetTypeInfo(type_index);
  if (info == nullptr) {
    TVMFFIObjectHandle err = nullptr;
    TVMFFIErrorMoveFromRaised(&err);
    if (err != nullptr) TVMFFIObjectDecRef(err);
    return false;
  }
  return info->type_depth > owner_depth &&
         info->type_ancestors[owner_depth]->type_index == owner_index;
}

// Address of the field inside the object held by `obj`, or NULL with an error set.
char* field_address(FieldPropertyObj* self, PyObject* obj) {
  if (!is_ffi_object(obj)) {
    PyErr_Format(PyExc_TypeError, "field %U needs a tvm_ffi.Object, got %.200s", self->qualname,
                 Py_TYPE(obj)->tp_name);
    return nullptr;
  }
  TVMFFIObjectHandle handle = reinterpret_cast<ObjectHandleObj*>(obj)->handle;
  if (handle == nullptr) {
    PyErr_Format(PyExc_AttributeError, "field %U: the object is empty (it holds no FFI object)",
                 self->qualname);
    return nullptr;
  }
  if (!is_instance_of(TVMFFIObjectGetTypeIndex(handle), self->owner_index, self->owner_depth)) {
    PyErr_Format(PyExc_TypeError, "field %U does not belong to an object of type index %d",
                 self->qualname, static_cast<int>(TVMFFIObjectGetTypeIndex(handle)));
    return nullptr;
  }
  return static_cast<char*>(handle) + self->field->offset;
}

PyObject* field_get(PyObject* py_self, PyObject* obj, PyObject*) {
  auto* self = reinterpret_cast<FieldPropertyObj*>(py_self);
  if (obj == nullptr || obj == Py_None) {
    Py_INCREF(py_self);
    return py_self;  // class attribute access returns the descriptor itself
  }
  char* addr = field_address(self, obj);
  if (addr == nullptr) return nullptr;
  if (self->field->getter == nullptr) {
    PyErr_Format(PyExc_AttributeError, "field %U has no getter", self->qualname);
    return nullptr;
  }
  TVMFFIAny result;
  result.type_index = kTVMFFINone;
  result.zero_padding = 0;
  result.v_int64 = 0;
  if (self->field->getter(addr, &result) != 0) return raise_ffi_error();
  return any_to_py_owned(&result, nullptr);
}

// SPEC REG-FIELD-ACCESSORS: a plain setter gets (addr, value); a Function setter gets
// (OpaquePtr(addr), value).
int call_setter(const TVMFFIFieldInfo* field, void* addr, const TVMFFIAny* value) {
  if (!(field->flags & kTVMFFIFieldFlagBitSetterIsFunctionObj)) {
    return reinterpret_cast<TVMFFIFieldSetter>(field->setter)(addr, value);
  }
  TVMFFIAny args[2];
  args[0].type_index = kTVMFFIOpaquePtr;
  args[0].zero_padding = 0;
  args[0].v_int64 = 0;
  args[0].v_ptr = addr;
  args[1] = *value;
  TVMFFIAny result;
  result.type_index = kTVMFFINone;
  result.zero_padding = 0;
  result.v_int64 = 0;
  int rc = TVMFFIFunctionCall(static_cast<TVMFFIObjectHandle>(field->setter), args, 2, &result);
  if (rc == 0) any_release(&result);
  return rc;
}

// Re-raises the pending exception as the same class with "cannot set field <name>: " in front
// of its message, the original kept as __cause__.
void prefix_error(PyObject* qualname) {
  PyObject *type, *value, *tb;
  PyErr_Fetch(&type, &value, &tb);
  PyErr_NormalizeException(&type, &value, &tb);
  PyRef cls(type);
  PyRef cause(value);
  Py_XDECREF(tb);
  PyRef message(PyUnicode_FromFormat("cannot set field %U: %S", qualname, value));
  PyRef replacement(message ? PyObject_CallOneArg(type, message.get()) : nullptr);
  if (!replacement) {
    // A class that cannot be built from one message: raise the original unchanged.
    PyErr_Clear();
    PyErr_SetObject(type, value);
    return;
  }
  PyException_SetCause(replacement.get(), cause.release());
  PyErr_SetObject(type, replacement.get());
}

int field_set(PyObject* py_self, PyObject* obj, PyObject* value) {
  auto* self = reinterpret_cast<FieldPropertyObj*>(py_self);
  if (value == nullptr) {
    PyErr_Format(PyExc_AttributeError, "cannot delete field %U", self->qualname);
    return -1;
  }
  if (!(self->field->flags & kTVMFFIFieldFlagBitMaskWritable)) {
    PyErr_Format(PyExc_AttributeError, "field %U is read-only", self->qualname);
    return -1;
  }
  char* addr = field_address(self, obj);
  if (addr == nullptr) return -1;
  if (self->field->setter == nullptr) {
    PyErr_Format(PyExc_AttributeError, "field %U has no setter", self->qualname);
    return -1;
  }
  TVMFFIAny owned;
  if (pack_owned(value, &owned) != 0) return -1;
  int rc;
  {
    GilHeldScope gil;  // the old value may be a Python-backed object released by the setter
    rc = call_setter(self->field, addr, &owned);
    any_release(&owned);
  }
  if (rc != 0) {
    raise_ffi_error();
    prefix_error(self->qualname);
    return -1;
  }
  return 0;
}

void field_dealloc(PyObject* py_self) {
  auto* self = reinterpret_cast<FieldPropertyObj*>(py_self);
  PyTypeObject* tp = Py_TYPE(py_self);
  Py_CLEAR(self->name);
  Py_CLEAR(self->qualname);
  tp->tp_free(py_self);
  Py_DECREF(tp);
}

PyObject* field_repr(PyObject* py_self) {
  return PyUnicode_FromFormat("<field %U>", reinterpret_cast<FieldPropertyObj*>(py_self)->qualname);
}

PyObject* field_get_name(PyObject* self, void*) {
  PyObject* name = reinterpret_cast<FieldPropertyObj*>(self)->name;
  Py_INCREF(name);
  return name;
}

PyObject* field_get_doc(PyObject* self, void*) {
  const TVMFFIFieldInfo* field = reinterpret_cast<FieldPropertyObj*>(self)->field;
  if (field->doc.size == 0) Py_RETURN_NONE;
  return text(field->doc);
}

PyObject* field_get_flags(PyObject* self, void*) {
  return PyLong_FromLongLong(reinterpret_cast<FieldPropertyObj*>(self)->field->flags);
}

PyObject* field_get_writable(PyObject* self, void*) {
  return PyBool_FromLong(reinterpret_cast<FieldPropertyObj*>(self)->field->flags &
                         kTVMFFIFieldFlagBitMaskWritable);
}

PyObject* field_get_static_type_index(PyObject* self, void*) {
  return PyLong_FromLong(reinterpret_cast<FieldPropertyObj*>(self)->field->field_static_type_index);
}

PyGetSetDef g_field_getset[] = {
    {"name", field_get_name, nullptr, "Field name.", nullptr},
    {"__doc__", field_get_doc, nullptr, "Field documentation (None when empty).", nullptr},
    {"flags", field_get_flags, nullptr, "TVMFFIFieldFlagBitMask bits.", nullptr},
    {"writable", field_get_writable, nullptr, "Whether the field may be assigned.", nullptr},
    {"static_type_index", field_get_static_type_index, nullptr,
     "Declared type index of the field (kTVMFFIAny = -1 when unknown).", nullptr},
    {nullptr, nullptr, nullptr, nullptr, nullptr}};

PyType_Slot g_field_slots[] = {
    {Py_tp_descr_get, reinterpret_cast<void*>(field_get)},
    {Py_tp_descr_set, reinterpret_cast<void*>(field_set)},
    {Py_tp_dealloc, reinterpret_cast<void*>(field_dealloc)},
    {Py_tp_repr, reinterpret_cast<void*>(field_repr)},
    {Py_tp_getset, g_field_getset},
    {0, nullptr}};

PyType_Spec g_field_spec = {"tvm_ffi._core.FieldProperty", sizeof(FieldPropertyObj), 0,
                            Py_TPFLAGS_DEFAULT, g_field_slots};

PyObject* new_field_property(const TVMFFITypeInfo* owner, const TVMFFIFieldInfo* field) {
  PyRef name(text(field->name));
  if (!name) return nullptr;
  PyRef key(text(owner->type_key));
  if (!key) return nullptr;
  PyRef qualname(PyUnicode_FromFormat("%U.%U", key.get(), name.get()));
  if (!qualname) return nullptr;
  auto* self = PyObject_New(FieldPropertyObj, g_field_property_type);
  if (self == nullptr) return nullptr;
  self->field = field;
  self->owner_index = owner->type_index;
  self->owner_depth = owner->type_depth;
  self->name = name.release();
  self->qualname = qualname.release();
  return reinterpret_cast<PyObject*>(self);
}

// A method's Function as a Python Function named "type_key.method".
PyObject* method_function(const TVMFFITypeInfo* owner, const TVMFFIMethodInfo* method) {
  if (method->method.type_index < kTVMFFIStaticObjectBegin) {
    PyErr_SetString(PyExc_TypeError, "reflected method does not hold a Function");
    return nullptr;
  }
  TVMFFIObjectIncRef(method->method.v_obj);
  PyRef fn(object_wrap_owned(method->method.v_obj));
  if (!fn) return nullptr;
  if (PyObject_TypeCheck(fn.get(), g_function_type)) {
    PyRef key(text(owner->type_key));
    PyRef name(text(method->name));
    if (!key || !name) return nullptr;
    PyRef full(PyUnicode_FromFormat("%U.%U", key.get(), name.get()));
    if (!full) return nullptr;
    function_set_name(fn.get(), full.get());
  }
  return fn.release();
}

PyObject* fields_of(const TVMFFITypeInfo* info) {
  PyRef fields(PyList_New(info->num_fields));
  if (!fields) return nullptr;
  for (int32_t i = 0; i < info->num_fields; ++i) {
    PyObject* prop = new_field_property(info, &info->fields[i]);
    if (prop == nullptr) return nullptr;
    PyList_SET_ITEM(fields.get(), i, prop);
  }
  return fields.release();
}

PyObject* methods_of(const TVMFFITypeInfo* info) {
  PyRef methods(PyList_New(info->num_methods));
  if (!methods) return nullptr;
  for (int32_t i = 0; i < info->num_methods; ++i) {
    const TVMFFIMethodInfo* m = &info->methods[i];
    PyRef name(text(m->name));
    PyRef doc(m->doc.size == 0 ? (Py_INCREF(Py_None), Py_None) : text(m->doc));
    PyRef fn(name && doc ? method_function(info, m) : nullptr);
    if (!fn) return nullptr;
    PyObject* entry = Py_BuildValue("(OOOO)", name.get(), doc.get(),
                                    (m->flags & kTVMFFIFieldFlagBitMaskIsStaticMethod) ? Py_True
                                                                                         : Py_False,
                                    fn.get());
    if (entry == nullptr) return nullptr;
    PyList_SET_ITEM(methods.get(), i, entry);
  }
  return methods.release();
}

// type_info(type_index) -> dict(type_index, type_key, ancestors, fields, methods, doc): `fields`
// holds a FieldProperty per field the type itself declares, `methods` (name, doc, is_static,
// Function) tuples, `ancestors` the type indices from the root down to the parent.
PyObject* type_info(PyObject*, PyObject* arg) {
  long index = PyLong_AsLong(arg);
  if (index == -1 && PyErr_Occurred()) return nullptr;
  const TVMFFITypeInfo* info = type_info_or_raise(index);
  if (info == nullptr) return nullptr;
  PyRef ancestors(PyTuple_New(info->type_depth));
  if (!ancestors) return nullptr;
  for (int32_t d = 0; d < info->type_depth; ++d) {
    PyObject* i = PyLong_FromLong(info->type_ancestors[d]->type_index);
    if (i == nullptr) return nullptr;
    PyTuple_SET_ITEM(ancestors.get(), d, i);
  }
  PyRef key(text(info->type_key));
  PyRef fields(key ? fields_of(info) : nullptr);
  PyRef methods(fields ? methods_of(info) : nullptr);
  if (!methods) return nullptr;
  PyRef doc;
  if (info->metadata != nullptr && info->metadata->doc.size != 0) {
    doc.reset(text(info->metadata->doc));
  } else {
    Py_INCREF(Py_None);
    doc.reset(Py_None);
  }
  if (!doc) return nullptr;
  return Py_BuildValue("{s:i,s:O,s:O,s:O,s:O,s:O}", "type_index", info->type_index, "type_key",
                       key.get(), "ancestors", ancestors.get(), "fields", fields.get(), "methods",
                       methods.get(), "doc", doc.get());
}

// type_attr(type_index, name) -> the type attribute value, or None when unset.
PyObject* type_attr(PyObject*, PyObject* const* args, Py_ssize_t nargs) {
  if (nargs != 2 || !PyUnicode_Check(args[1])) {
    PyErr_SetString(PyExc_TypeError, "type_attr(type_index: int, name: str)");
    return nullptr;
  }
  long index = PyLong_AsLong(args[0]);
  if (index == -1 && PyErr_Occurred()) return nullptr;
  Py_ssize_t size = 0;
  const char* name = PyUnicode_AsUTF8AndSize(args[1], &size);
  if (name == nullptr) return nullptr;
  TVMFFIByteArray key{name, static_cast<size_t>(size)};
  const TVMFFITypeAttrColumn* column = TVMFFIGetTypeAttrColumn(&key);
  if (column == nullptr || index < column->begin_index ||
      index >= static_cast<long>(column->begin_index) + column->size) {
    Py_RETURN_NONE;
  }
  return any_view_to_py(&column->data[index - column->begin_index]);
}

// object_adopt(self, other): `self` takes a new reference to the object `other` holds (the
// reflected __init__ builds the object, then moves it into the Python instance being made).
PyObject* object_adopt(PyObject*, PyObject* const* args, Py_ssize_t nargs) {
  if (nargs != 2 || !is_ffi_object(args[0]) || !is_ffi_object(args[1])) {
    PyErr_SetString(PyExc_TypeError, "object_adopt(self: Object, other: Object)");
    return nullptr;
  }
  TVMFFIObjectHandle handle = reinterpret_cast<ObjectHandleObj*>(args[1])->handle;
  if (handle != nullptr) TVMFFIObjectIncRef(handle);
  auto* self = reinterpret_cast<ObjectHandleObj*>(args[0]);
  TVMFFIObjectHandle old = self->handle;
  self->handle = handle;
  if (old != nullptr) {
    GilHeldScope gil;
    TVMFFIObjectDecRef(old);
  }
  Py_RETURN_NONE;
}

PyMethodDef g_reflection_methods[] = {
    {"type_info", type_info, METH_O,
     "type_info(type_index) -> dict\n\nReflection data of a type (own fields and methods)."},
    {"type_attr", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(type_attr)),
     METH_FASTCALL, "type_attr(type_index, name) -> object\n\nA type attribute, or None."},
    {"object_adopt", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(object_adopt)),
     METH_FASTCALL,
     "object_adopt(self, other) -> None\n\n`self` takes a reference to the object of `other`."},
    {nullptr, nullptr, 0, nullptr}};

}  // namespace

int reflection_init(PyObject* module) {
  PyObject* type = PyType_FromSpec(&g_field_spec);
  if (type == nullptr) return -1;
  g_field_property_type = reinterpret_cast<PyTypeObject*>(type);
  Py_INCREF(type);
  if (PyModule_AddObject(module, "FieldProperty", type) != 0) {
    Py_DECREF(type);
    return -1;
  }
  return PyModule_AddFunctions(module, g_reflection_methods);
}

}  // namespace tvm_ffi_py
