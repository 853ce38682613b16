// ffi/python/src/object_type.cc: tvm_ffi.Object (a CPython heap type) and the class table.
//
// Every FFI object seen from Python is an instance of Object or a subclass, holding one strong
// reference to the FFI handle. The class of a returned object comes from the table filled by
// register_object; an unregistered type index falls back to its nearest registered ancestor.
#include "object_type.h"

#include <cstdio>
#include <string>
#include <vector>

#include "function_type.h"

namespace tvm_ffi_py {

PyTypeObject* g_object_type = nullptr;
PyTypeObject* g_function_type = nullptr;
PyTypeObject* g_tensor_type = nullptr;
PyTypeObject* g_rvalue_ref_type = nullptr;

namespace {

// Index -> class. `g_fallback[i]` marks entries filled by the ancestor search; they are dropped
// whenever a class is registered, since a new registration may be a nearer ancestor.
std::vector<PyObject*> g_classes;
std::vector<bool> g_fallback;

void clear_ffi_error() {
  TVMFFIObjectHandle err = nullptr;
  TVMFFIErrorMoveFromRaised(&err);
  if (err != nullptr) TVMFFIObjectDecRef(err);
}

PyObject* registered(int32_t type_index) {
  if (type_index < 0 || static_cast<size_t>(type_index) >= g_classes.size()) return nullptr;
  return g_classes[type_index];
}

void store(int32_t type_index, PyObject* cls, bool fallback) {
  if (static_cast<size_t>(type_index) >= g_classes.size()) {
    g_classes.resize(type_index + 1, nullptr);
    g_fallback.resize(type_index + 1, false);
  }
  Py_INCREF(cls);
  Py_XDECREF(g_classes[type_index]);
  g_classes[type_index] = cls;
  g_fallback[type_index] = fallback;
}

std::string type_key_of(int32_t type_index) {
  const TVMFFITypeInfo* info = TVMFFIGetTypeInfo(type_index);
  if (info == nullptr) {
    clear_ffi_error();
    return "<unregistered type " + std::to_string(type_index) + ">";
  }
  return std::string(info->type_key.data, info->type_key.size);
}

TVMFFIObjectHandle handle_of(PyObject* self) {
  return reinterpret_cast<ObjectHandleObj*>(self)->handle;
}

PyObject* object_tp_new(PyTypeObject* cls, PyObject*, PyObject*) {
  // An empty object; reflection-driven constructors fill the handle later.
  PyObject* self = cls->tp_alloc(cls, 0);
  if (self != nullptr) reinterpret_cast<ObjectHandleObj*>(self)->handle = nullptr;
  return self;
}

void object_dealloc(PyObject* self) {
  PyTypeObject* tp = Py_TYPE(self);
  TVMFFIObjectHandle handle = handle_of(self);
  reinterpret_cast<ObjectHandleObj*>(self)->handle = nullptr;
  if (handle != nullptr) {
    GilHeldScope gil;
    TVMFFIObjectDecRef(handle);
  }
  tp->tp_free(self);
  Py_DECREF(tp);  // heap types: every instance holds a reference to its type
}

PyObject* object_richcompare(PyObject* self, PyObject* other, int op) {
  if ((op != Py_EQ && op != Py_NE) || !is_ffi_object(other)) Py_RETURN_NOTIMPLEMENTED;
  bool same = handle_of(self) == handle_of(other) &&
              (handle_of(self) != nullptr || self == other);
  return PyBool_FromLong((op == Py_EQ) == same);
}

Py_hash_t object_hash(PyObject* self) {
  TVMFFIObjectHandle handle = handle_of(self);
  if (handle == nullptr) return _Py_HashPointer(self);
  return _Py_HashPointer(handle);
}

PyObject* object_repr(PyObject* self) {
  TVMFFIObjectHandle handle = handle_of(self);
  if (handle == nullptr) return PyUnicode_FromFormat("<%s (null)>", Py_TYPE(self)->tp_name);
  std::string key = type_key_of(TVMFFIObjectGetTypeIndex(handle));
  return PyUnicode_FromFormat("<%s object at %p>", key.c_str(), handle);
}

PyObject* object_same_as(PyObject* self, PyObject* other) {
  if (!is_ffi_object(other)) Py_RETURN_FALSE;
  return PyBool_FromLong(handle_of(self) != nullptr && handle_of(self) == handle_of(other));
}

PyObject* object_chandle(PyObject* self, PyObject*) {
  return PyLong_FromVoidPtr(handle_of(self));
}

PyObject* object_get_type_index(PyObject* self, void*) {
  TVMFFIObjectHandle handle = handle_of(self);
  if (handle == nullptr) Py_RETURN_NONE;
  return PyLong_FromLong(TVMFFIObjectGetTypeIndex(handle));
}

PyObject* object_get_type_key(PyObject* self, void*) {
  TVMFFIObjectHandle handle = handle_of(self);
  if (handle == nullptr) Py_RETURN_NONE;
  std::string key = type_key_of(TVMFFIObjectGetTypeIndex(handle));
  return PyUnicode_FromStringAndSize(key.data(), static_cast<Py_ssize_t>(key.size()));
}

// ObjectRValueRef: `obj._move()`. Passed as an argument it travels as kTVMFFIObjectRValueRef
// whose slot is the Python object's own handle field, so a callee that takes the reference
// leaves the Python object empty (SPEC ANY-RVALUE-REF); using it afterwards is an error, not a
// dangling pointer.
struct RValueRefObj {
  PyObject_HEAD
  PyObject* target;  // strong: the Object whose handle is moved
};

PyObject* object_move(PyObject* self, PyObject*) {
  if (handle_of(self) == nullptr) {
    PyErr_SetString(PyExc_ValueError, "_move(): the object is empty (already moved or released)");
    return nullptr;
  }
  auto* ref = PyObject_New(RValueRefObj, g_rvalue_ref_type);
  if (ref == nullptr) return nullptr;
  Py_INCREF(self);
  ref->target = self;
  return reinterpret_cast<PyObject*>(ref);
}

void rvalue_ref_dealloc(PyObject* self) {
  PyTypeObject* tp = Py_TYPE(self);
  Py_CLEAR(reinterpret_cast<RValueRefObj*>(self)->target);
  PyObject_Free(self);
  Py_DECREF(tp);
}

PyObject* rvalue_ref_repr(PyObject* self) {
  return PyUnicode_FromFormat("<tvm_ffi.ObjectRValueRef of %R>",
                              reinterpret_cast<RValueRefObj*>(self)->target);
}

PyType_Slot g_rvalue_ref_slots[] = {
    {Py_tp_doc, const_cast<char*>("obj._move(): passes obj by move; the callee may take its "
                                  "reference, leaving obj empty.")},
    {Py_tp_dealloc, reinterpret_cast<void*>(rvalue_ref_dealloc)},
    {Py_tp_repr, reinterpret_cast<void*>(rvalue_ref_repr)},
    {0, nullptr}};

PyType_Spec g_rvalue_ref_spec = {"tvm_ffi._core.ObjectRValueRef", sizeof(RValueRefObj), 0,
                                 Py_TPFLAGS_DEFAULT, g_rvalue_ref_slots};

PyMethodDef g_object_methods[] = {
    {"_move", object_move, METH_NOARGS,
     "_move() -> ObjectRValueRef\n\nPass this object by move: a callee may take its reference, "
     "after which this object is empty."},
    {"same_as", object_same_as, METH_O,
     "same_as(other) -> bool\n\nWhether both refer to the same FFI object."},
    {"__chandle__", object_chandle, METH_NOARGS,
     "__chandle__() -> int\n\nAddress of the FFI object header (0 when empty)."},
    {nullptr, nullptr, 0, nullptr}};

PyGetSetDef g_object_getset[] = {
    {"_type_index", object_get_type_index, nullptr,
     "Type index of the held FFI object (None when empty).", nullptr},
    {"_type_key", object_get_type_key, nullptr, "Type key of the held FFI object.", nullptr},
    {nullptr, nullptr, nullptr, nullptr, nullptr}};

PyType_Slot g_object_slots[] = {
    {Py_tp_doc, const_cast<char*>("Base class of every FFI object seen from Python.")},
    {Py_tp_new, reinterpret_cast<void*>(object_tp_new)},
    {Py_tp_dealloc, reinterpret_cast<void*>(object_dealloc)},
    {Py_tp_richcompare, reinterpret_cast<void*>(object_richcompare)},
    {Py_tp_hash, reinterpret_cast<void*>(object_hash)},
    {Py_tp_repr, reinterpret_cast<void*>(object_repr)},
    {Py_tp_methods, g_object_methods},
    {Py_tp_getset, g_object_getset},
    {0, nullptr}};

PyType_Spec g_object_spec = {"tvm_ffi._core.Object", sizeof(ObjectHandleObj), 0,
                             Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE, g_object_slots};

}  // namespace

int object_type_init(PyObject* module) {
  PyObject* type = PyType_FromSpec(&g_object_spec);
  if (type == nullptr) return -1;
  g_object_type = reinterpret_cast<PyTypeObject*>(type);
  PyObject* index = PyLong_FromLong(kTVMFFIObject);
  int rc = index == nullptr ? -1 : PyObject_SetAttrString(type, "__tvm_ffi_type_index__", index);
  Py_XDECREF(index);
  if (rc != 0) return -1;
  store(kTVMFFIObject, type, false);
  Py_INCREF(type);
  if (PyModule_AddObject(module, "Object", type) != 0) {
    Py_DECREF(type);
    return -1;
  }
  PyObject* ref_type = PyType_FromSpec(&g_rvalue_ref_spec);
  if (ref_type == nullptr) return -1;
  g_rvalue_ref_type = reinterpret_cast<PyTypeObject*>(ref_type);
  Py_INCREF(ref_type);
  if (PyModule_AddObject(module, "ObjectRValueRef", ref_type) != 0) {
    Py_DECREF(ref_type);
    return -1;
  }
  return 0;
}

TVMFFIObjectHandle* rvalue_ref_slot(PyObject* ref) {
  PyObject* target = reinterpret_cast<RValueRefObj*>(ref)->target;
  return &reinterpret_cast<ObjectHandleObj*>(target)->handle;
}

PyObject* object_new_owning(PyTypeObject* cls, TVMFFIObjectHandle owned) {
  PyObject* self = cls->tp_alloc(cls, 0);
  if (self == nullptr) {
    TVMFFIObjectDecRef(owned);
    return nullptr;
  }
  reinterpret_cast<ObjectHandleObj*>(self)->handle = owned;
  if (cls == g_function_type || PyType_IsSubtype(cls, g_function_type)) function_init_fields(self);
  return self;
}

// Classes for built-in types that live in Python modules which need this module loaded first:
// each is imported when the first object of its types crosses into Python. A failed import is
// reported as unraisable and the objects then come back as plain Objects.
struct LazyClassModule {
  const char* name;
  bool tried;
};
static LazyClassModule g_container_module{"tvm_ffi._container", false};
static LazyClassModule g_module_module{"tvm_ffi._module", false};

static LazyClassModule* lazy_class_module(int32_t type_index) {
  switch (type_index) {
    case kTVMFFIArray:
    case kTVMFFIList:
    case kTVMFFIMap:
    case kTVMFFIDict:
      return &g_container_module;
    case kTVMFFIModule:
      return &g_module_module;
    default:
      return nullptr;
  }
}

static void import_lazy_classes(LazyClassModule* lazy) {
  if (lazy->tried) return;
  lazy->tried = true;
  PyRef module(PyImport_ImportModule(lazy->name));
  if (!module) PyErr_WriteUnraisable(nullptr);
}

// A subclass of `base` that adds the reflected members `type_index` declares below `base`
// (tvm_ffi._object._fallback_class; it returns `base` when there are none). NULL when none can
// be made: a failure is reported as unraisable, and the object then simply gets `base`.
static PyObject* fallback_class(int32_t type_index, PyObject* base) {
  if (PyErr_Occurred() != nullptr) return nullptr;  // never run Python code over a pending error
  PyRef module(PyImport_ImportModule("tvm_ffi._object"));
  PyRef cls(module ? PyObject_CallMethod(module.get(), "_fallback_class", "iO",
                                         static_cast<int>(type_index), base)
                   : nullptr);
  if (cls && PyType_Check(cls.get()) &&
      PyType_IsSubtype(reinterpret_cast<PyTypeObject*>(cls.get()),
                       reinterpret_cast<PyTypeObject*>(base))) {
    return cls.release();
  }
  if (PyErr_Occurred() != nullptr) PyErr_WriteUnraisable(base);
  return nullptr;
}

PyTypeObject* object_class_for_index(int32_t type_index) {
  PyObject* cls = registered(type_index);
  if (cls != nullptr) return reinterpret_cast<PyTypeObject*>(cls);
  if (LazyClassModule* lazy = lazy_class_module(type_index)) {
    import_lazy_classes(lazy);
    cls = registered(type_index);
    if (cls != nullptr) return reinterpret_cast<PyTypeObject*>(cls);
  }
  PyObject* found = reinterpret_cast<PyObject*>(g_object_type);
  const TVMFFITypeInfo* info = TVMFFIGetTypeInfo(type_index);
  if (info == nullptr) {
    clear_ffi_error();
    return g_object_type;
  }
  for (int32_t depth = info->type_depth - 1; depth >= 0; --depth) {
    PyObject* ancestor = registered(info->type_ancestors[depth]->type_index);
    if (ancestor != nullptr && !g_fallback[info->type_ancestors[depth]->type_index]) {
      found = ancestor;
      break;
    }
  }
  if (type_index < 0) return reinterpret_cast<PyTypeObject*>(found);
  PyRef synthesized(fallback_class(type_index, found));
  store(type_index, synthesized ? synthesized.get() : found, true);
  return reinterpret_cast<PyTypeObject*>(registered(type_index));
}

PyObject* object_wrap_owned(TVMFFIObjectHandle owned) {
  return object_new_owning(object_class_for_index(TVMFFIObjectGetTypeIndex(owned)), owned);
}

int object_register_class(int32_t type_index, PyObject* cls) {
  if (type_index < kTVMFFIStaticObjectBegin) {
    PyErr_Format(PyExc_ValueError, "register_object: type index %d is not an object type",
                 static_cast<int>(type_index));
    return -1;
  }
  if (!PyType_Check(cls) ||
      !PyType_IsSubtype(reinterpret_cast<PyTypeObject*>(cls), g_object_type)) {
    PyErr_SetString(PyExc_TypeError, "register_object: the class must derive from tvm_ffi.Object");
    return -1;
  }
  // Instances are created from the native layout of their base, so builtin types with extra
  // native fields must keep them.
  auto* tp = reinterpret_cast<PyTypeObject*>(cls);
  if ((type_index == kTVMFFIFunction && !PyType_IsSubtype(tp, g_function_type)) ||
      (type_index == kTVMFFITensor && !PyType_IsSubtype(tp, g_tensor_type))) {
    PyErr_Format(PyExc_TypeError, "register_object: a class for type index %d must derive from %s",
                 static_cast<int>(type_index),
                 type_index == kTVMFFIFunction ? "tvm_ffi.Function" : "tvm_ffi.Tensor");
    return -1;
  }
  for (size_t i = 0; i < g_classes.size(); ++i) {
    if (g_fallback[i]) {
      Py_CLEAR(g_classes[i]);
      g_fallback[i] = false;
    }
  }
  store(type_index, cls, false);
  return 0;
}

}  // namespace tvm_ffi_py
