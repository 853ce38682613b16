// ffi/python/src/container.cc: native reads of Array/List/Map/Dict for tvm_ffi._container.
//
// Length, indexing and iteration are the hot container operations from Python. Going through
// the `ffi.Array*`/`ffi.Map*` globals costs one FFI call per element, so these functions read
// the layouts directly instead: Array and List share the sequence cell that follows the object
// header (SPEC ARRAY-LAYOUT, LIST-LAYOUT), and Map/Dict are walked with the C++ SDK's inline
// iterator, which follows the runtime's own map layout. Mutation and key lookup stay with the
// globals (Python side), since they need hashing and allocation that belong to the runtime.
#include <tvm/ffi/container/map_base.h>

#include "convert.h"

namespace tvm_ffi_py {
namespace {

// The FFI handle held by `obj` when it is an FFI object whose type index is one of the two
// given; otherwise NULL with TypeError naming `fn` and the expectation.
TVMFFIObjectHandle container_handle(PyObject* obj, int32_t a, int32_t b, const char* fn,
                                    const char* expected) {
  if (is_ffi_object(obj)) {
    TVMFFIObjectHandle handle = reinterpret_cast<ObjectHandleObj*>(obj)->handle;
    if (handle != nullptr) {
      int32_t index = TVMFFIObjectGetTypeIndex(handle);
      if (index == a || index == b) return handle;
    }
  }
  PyErr_Format(PyExc_TypeError, "%s: expected %s, got %.200s", fn, expected, Py_TYPE(obj)->tp_name);
  return nullptr;
}

const TVMFFISeqCell* seq_cell(TVMFFIObjectHandle handle) {
  return reinterpret_cast<const TVMFFISeqCell*>(static_cast<const char*>(handle) +
                                                sizeof(TVMFFIObject));
}

TVMFFIObjectHandle seq_arg(PyObject* obj, const char* fn) {
  return container_handle(obj, kTVMFFIArray, kTVMFFIList, fn, "an ffi.Array or ffi.List");
}

// A stored (owned) element as a new Python object; the container keeps its own reference.
PyObject* stored_to_py(const TVMFFIAny* stored) {
  TVMFFIAny copy = *stored;
  if (copy.type_index >= kTVMFFIStaticObjectBegin && copy.v_obj != nullptr) {
    TVMFFIObjectIncRef(copy.v_obj);
  }
  return any_to_py_owned(&copy, nullptr);
}

PyObject* seq_size(PyObject*, PyObject* obj) {
  TVMFFIObjectHandle handle = seq_arg(obj, "seq_size");
  if (handle == nullptr) return nullptr;
  return PyLong_FromLongLong(seq_cell(handle)->size);
}

// seq_getitem(seq, index): Python indexing rules (negative counts from the end).
PyObject* seq_getitem(PyObject*, PyObject* const* args, Py_ssize_t nargs) {
  if (nargs != 2) {
    PyErr_SetString(PyExc_TypeError, "seq_getitem(seq, index) takes 2 arguments");
    return nullptr;
  }
  TVMFFIObjectHandle handle = seq_arg(args[0], "seq_getitem");
  if (handle == nullptr) return nullptr;
  if (!PyIndex_Check(args[1])) {
    PyErr_Format(PyExc_TypeError, "indices must be integers or slices, not %.200s",
                 Py_TYPE(args[1])->tp_name);
    return nullptr;
  }
  const Py_ssize_t given = PyNumber_AsSsize_t(args[1], PyExc_IndexError);
  if (given == -1 && PyErr_Occurred()) return nullptr;
  const TVMFFISeqCell* cell = seq_cell(handle);
  const Py_ssize_t size = static_cast<Py_ssize_t>(cell->size);
  const Py_ssize_t index = given < 0 ? given + size : given;
  if (index < 0 || index >= size) {
    PyErr_Format(PyExc_IndexError, "index %zd is out of range for a sequence of size %zd", given,
                 size);
    return nullptr;
  }
  return stored_to_py(static_cast<const TVMFFIAny*>(cell->data) + index);
}

// seq_to_list(seq): every element, in order, as a new Python list (a snapshot).
PyObject* seq_to_list(PyObject*, PyObject* obj) {
  TVMFFIObjectHandle handle = seq_arg(obj, "seq_to_list");
  if (handle == nullptr) return nullptr;
  const TVMFFISeqCell* cell = seq_cell(handle);
  const auto* data = static_cast<const TVMFFIAny*>(cell->data);
  PyRef list(PyList_New(static_cast<Py_ssize_t>(cell->size)));
  if (!list) return nullptr;
  for (int64_t i = 0; i < cell->size; ++i) {
    PyObject* item = stored_to_py(data + i);
    if (item == nullptr) return nullptr;
    PyList_SET_ITEM(list.get(), static_cast<Py_ssize_t>(i), item);
  }
  return list.release();
}

const ::tvm::ffi::MapBaseObj* map_arg(PyObject* obj, const char* fn) {
  TVMFFIObjectHandle handle =
      container_handle(obj, kTVMFFIMap, kTVMFFIDict, fn, "an ffi.Map or ffi.Dict");
  if (handle == nullptr) return nullptr;
  return reinterpret_cast<const ::tvm::ffi::MapBaseObj*>(handle);
}

PyObject* map_size(PyObject*, PyObject* obj) {
  const ::tvm::ffi::MapBaseObj* map = map_arg(obj, "map_size");
  if (map == nullptr) return nullptr;
  return PyLong_FromSize_t(map->size());
}

// map_entries(map, what): a list of the keys (0), values (1) or (key, value) tuples (2), in
// the map's iteration order.
PyObject* map_entries(PyObject*, PyObject* const* args, Py_ssize_t nargs) {
  if (nargs != 2) {
    PyErr_SetString(PyExc_TypeError, "map_entries(map, what) takes 2 arguments");
    return nullptr;
  }
  const ::tvm::ffi::MapBaseObj* map = map_arg(args[0], "map_entries");
  if (map == nullptr) return nullptr;
  long what = PyLong_AsLong(args[1]);
  if (what == -1 && PyErr_Occurred()) return nullptr;
  if (what < 0 || what > 2) {
    PyErr_Format(PyExc_ValueError, "map_entries: `what` must be 0, 1 or 2, got %ld", what);
    return nullptr;
  }
  PyRef list(PyList_New(static_cast<Py_ssize_t>(map->size())));
  if (!list) return nullptr;
  Py_ssize_t i = 0;
  for (auto it = map->begin(); it != map->end() && i < PyList_GET_SIZE(list.get()); ++it, ++i) {
    const auto* key = reinterpret_cast<const TVMFFIAny*>(&it->first);
    const auto* value = reinterpret_cast<const TVMFFIAny*>(&it->second);
    PyObject* item = nullptr;
    if (what == 0) {
      item = stored_to_py(key);
    } else if (what == 1) {
      item = stored_to_py(value);
    } else {
      PyRef k(stored_to_py(key));
      PyRef v(k ? stored_to_py(value) : nullptr);
      item = v ? PyTuple_Pack(2, k.get(), v.get()) : nullptr;
    }
    if (item == nullptr) return nullptr;
    PyList_SET_ITEM(list.get(), i, item);
  }
  return list.release();
}

PyMethodDef g_container_methods[] = {
    {"seq_size", seq_size, METH_O, "seq_size(seq) -> int\n\nLength of an ffi.Array or ffi.List."},
    {"seq_getitem", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(seq_getitem)),
     METH_FASTCALL, "seq_getitem(seq, index) -> object\n\nOne element; negative indices count "
                    "from the end."},
    {"seq_to_list", seq_to_list, METH_O,
     "seq_to_list(seq) -> list\n\nThe elements of an ffi.Array or ffi.List."},
    {"map_size", map_size, METH_O, "map_size(map) -> int\n\nLength of an ffi.Map or ffi.Dict."},
    {"map_entries", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(map_entries)),
     METH_FASTCALL,
     "map_entries(map, what) -> list\n\nKeys (0), values (1) or (key, value) pairs (2)."},
    {nullptr, nullptr, 0, nullptr}};

}  // namespace

int container_funcs_init(PyObject* module) {
  return PyModule_AddFunctions(module, g_container_methods);
}

}  // namespace tvm_ffi_py
