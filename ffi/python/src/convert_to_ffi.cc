// ffi/python/src/convert_to_ffi.cc: Python values -> TVMFFIAny (arguments and owned values).
//
// pack_arg (convert.h) handles the exact builtin types inline. Everything else is classified
// once per Python type and the answer cached in a small open-addressing table keyed by the type
// pointer; cached types are kept alive so that a recycled address cannot alias.
#include <cstring>
#include <memory>

#include "convert.h"
#include "error.h"
#include "function_type.h"
#include "tensor.h"
#include "value_types.h"

namespace tvm_ffi_py {
namespace {

enum class ArgKind : uint8_t {
  kObject,      // subclass of tvm_ffi.Object
  kRValueRef,   // obj._move()
  kIntLike,     // subclass of int (IntEnum, ...)
  kFloatLike,   // subclass of float
  kStr,         // subclass of str (tvm_ffi.String, ...)
  kBytes,       // bytes or a subclass (tvm_ffi.Bytes, ...)
  kByteArray,   // bytearray
  kTensorApi,   // type publishes the DLPack C exchange API
  kDLPack,      // has __dlpack__ (capsule protocol)
  kDevice,      // tvm_ffi.Device
  kDType,       // tvm_ffi.dtype
  kShape,       // tvm_ffi.Shape
  kSequence,    // list/tuple -> ffi.Array
  kMapping,     // dict -> ffi.Map
  kVoidPtr,     // ctypes.c_void_p -> OpaquePtr
  kFallback,    // ask tvm_ffi._convert (torch/numpy dtypes, numpy scalars, ...)
  kCallable,    // -> Function
  kOpaque,      // -> OpaquePyObject
};

struct KindEntry {
  PyTypeObject* type;
  ArgKind kind;
  const DLPackExchangeAPI* api;
};

constexpr size_t kCacheSlots = 256;
constexpr size_t kCacheMaxEntries = 192;
KindEntry g_kind_cache[kCacheSlots];
size_t g_kind_cache_size = 0;

KindEntry* cache_slot(PyTypeObject* tp) {
  size_t slot = (reinterpret_cast<uintptr_t>(tp) >> 4) % kCacheSlots;
  for (size_t probe = 0; probe < kCacheSlots; ++probe) {
    KindEntry* entry = &g_kind_cache[(slot + probe) % kCacheSlots];
    if (entry->type == tp || entry->type == nullptr) return entry;
  }
  return nullptr;
}

bool type_is(PyTypeObject* tp, const char* module, const char* qualname) {
  if (std::strcmp(tp->tp_name, qualname) != 0) return false;
  // Through getattr: static builtin types have no tp_dict of their own since Python 3.12.
  PyRef mod(PyObject_GetAttrString(reinterpret_cast<PyObject*>(tp), "__module__"));
  if (!mod) {
    PyErr_Clear();
    return false;
  }
  return PyUnicode_Check(mod.get()) && PyUnicode_CompareWithASCIIString(mod.get(), module) == 0;
}

bool type_has_attr(PyTypeObject* tp, const char* name) {
  PyObject* value = PyObject_GetAttrString(reinterpret_cast<PyObject*>(tp), name);
  if (value == nullptr) {
    PyErr_Clear();
    return false;
  }
  bool present = value != Py_None;
  Py_DECREF(value);
  return present;
}

bool is_shape_type(PyTypeObject* tp) {
  PyObject* shape = get_hook(Hook::kShapeClass);
  if (shape == nullptr) {
    PyErr_Clear();
    return false;
  }
  return PyType_IsSubtype(tp, reinterpret_cast<PyTypeObject*>(shape)) != 0;
}

KindEntry classify(PyTypeObject* tp) {
  KindEntry entry{tp, ArgKind::kOpaque, nullptr};
  if (PyType_IsSubtype(tp, g_object_type)) {
    entry.kind = ArgKind::kObject;
  } else if (tp == g_rvalue_ref_type) {
    entry.kind = ArgKind::kRValueRef;
  } else if ((entry.api = tensor_exchange_api_of(tp)) != nullptr) {
    entry.kind = ArgKind::kTensorApi;
  } else if (is_dtype_type(tp)) {
    entry.kind = ArgKind::kDType;
  } else if (PyType_IsSubtype(tp, g_device_type)) {
    entry.kind = ArgKind::kDevice;
  } else if (PyType_IsSubtype(tp, &PyLong_Type)) {
    entry.kind = ArgKind::kIntLike;
  } else if (PyType_IsSubtype(tp, &PyFloat_Type)) {
    entry.kind = ArgKind::kFloatLike;
  } else if (PyType_IsSubtype(tp, &PyUnicode_Type)) {
    entry.kind = ArgKind::kStr;
  } else if (PyType_IsSubtype(tp, &PyBytes_Type)) {
    entry.kind = ArgKind::kBytes;
  } else if (PyType_IsSubtype(tp, &PyByteArray_Type)) {
    entry.kind = ArgKind::kByteArray;
  } else if (PyType_IsSubtype(tp, &PyTuple_Type) && is_shape_type(tp)) {
    entry.kind = ArgKind::kShape;
  } else if (type_has_attr(tp, "__dlpack__")) {
    entry.kind = ArgKind::kDLPack;
  } else if (PyType_IsSubtype(tp, &PyTuple_Type) || PyType_IsSubtype(tp, &PyList_Type)) {
    entry.kind = ArgKind::kSequence;
  } else if (PyType_IsSubtype(tp, &PyDict_Type)) {
    entry.kind = ArgKind::kMapping;
  } else if (type_is(tp, "ctypes", "c_void_p")) {
    entry.kind = ArgKind::kVoidPtr;
  } else {
    // Unknown types: tvm_ffi._convert decides (per value); types it declines are cached below as
    // callables or opaque objects.
    entry.kind = ArgKind::kFallback;
  }
  return entry;
}

// Probes the cache and classifies (and caches) an unseen type. Out of line: see lookup_kind.
__attribute__((noinline)) KindEntry lookup_kind_slow(PyTypeObject* tp) {
  KindEntry* slot = cache_slot(tp);
  if (slot != nullptr && slot->type == tp) return *slot;
  KindEntry entry = classify(tp);
  if (slot != nullptr && g_kind_cache_size < kCacheMaxEntries) {
    Py_INCREF(tp);
    *slot = entry;
    ++g_kind_cache_size;
  }
  return entry;
}

// The kind of `tp`. Inline for the common case, a type seen before that sits in its home slot,
// which then costs a load and a compare instead of a call with a probe loop.
inline KindEntry lookup_kind(PyTypeObject* tp) {
  const KindEntry& home = g_kind_cache[(reinterpret_cast<uintptr_t>(tp) >> 4) % kCacheSlots];
  if (home.type == tp) return home;
  return lookup_kind_slow(tp);
}

void update_kind(PyTypeObject* tp, ArgKind kind) {
  KindEntry* slot = cache_slot(tp);
  if (slot != nullptr && slot->type == tp) slot->kind = kind;
}

int arg_type_error(const CallContext* ctx, PyObject* obj, const char* detail) {
  if (ctx->func_name != nullptr) {
    PyErr_Format(PyExc_TypeError, "tvm_ffi.Function %R: argument #%d (type %.200s): %s", ctx->func_name,
                 ctx->arg_index, Py_TYPE(obj)->tp_name, detail);
  } else {
    PyErr_Format(PyExc_TypeError, "tvm_ffi.Function: argument #%d (type %.200s): %s",
                 ctx->arg_index, Py_TYPE(obj)->tp_name, detail);
  }
  return -1;
}

void set_object(TVMFFIAny* out, TVMFFIObjectHandle handle) {
  out->type_index = TVMFFIObjectGetTypeIndex(handle);
  out->zero_padding = 0;
  out->v_obj = static_cast<TVMFFIObject*>(handle);
}

int pack_bytes(const char* data, Py_ssize_t size, TVMFFIAny* out, CallContext* ctx) {
  if (size <= 7) {
    out->type_index = kTVMFFISmallBytes;
    out->small_str_len = static_cast<uint32_t>(size);
    out->v_uint64 = 0;
    std::memcpy(out->v_bytes, data, static_cast<size_t>(size));
    return 0;
  }
  TVMFFIByteArray* view = &ctx->views[ctx->num_views++];
  view->data = data;
  view->size = static_cast<size_t>(size);
  out->type_index = kTVMFFIByteArrayPtr;
  out->zero_padding = 0;
  out->v_ptr = view;
  return 0;
}

int pack_int_like(PyObject* obj, TVMFFIAny* out, CallContext* ctx) {
  int overflow = 0;
  long long value = PyLong_AsLongLongAndOverflow(obj, &overflow);
  if (overflow != 0) return pack_big_int(obj, out, ctx);
  if (value == -1 && PyErr_Occurred()) return -1;
  out->type_index = kTVMFFIInt;
  out->v_int64 = value;
  return 0;
}

int pack_shape(PyObject* obj, TVMFFIAny* out, CallContext* ctx) {
  Py_ssize_t n = PyTuple_GET_SIZE(obj);
  std::unique_ptr<int64_t[]> dims(new (std::nothrow) int64_t[n > 0 ? n : 1]);
  if (!dims) return PyErr_NoMemory(), -1;
  for (Py_ssize_t i = 0; i < n; ++i) {
    dims[i] = PyLong_AsLongLong(PyTuple_GET_ITEM(obj, i));
    if (dims[i] == -1 && PyErr_Occurred()) return -1;
  }
  TVMFFIObjectHandle handle = nullptr;
  if (shape_make(dims.get(), static_cast<size_t>(n), &handle) != 0) return -1;
  ctx->add_temp(handle);
  set_object(out, handle);
  return 0;
}

// A new reference to the runtime's `ffi.Array` / `ffi.Map` constructor, or NULL. Looked up per
// container (a registry lookup is small next to building the container).
TVMFFIObjectHandle container_constructor(bool mapping) {
  const char* name = mapping ? "ffi.Map" : "ffi.Array";
  TVMFFIByteArray key{name, std::strlen(name)};
  TVMFFIObjectHandle ctor = nullptr;
  if (TVMFFIFunctionGetGlobal(&key, &ctor) != 0) {
    TVMFFIObjectHandle err = nullptr;
    TVMFFIErrorMoveFromRaised(&err);
    if (err != nullptr) TVMFFIObjectDecRef(err);
    return nullptr;
  }
  return ctor;
}

int pack_container(PyObject* obj, bool mapping, TVMFFIAny* out, CallContext* ctx) {
  FFIRef ctor(container_constructor(mapping));
  if (ctor.get() == nullptr) {
    return arg_type_error(ctx, obj,
                          mapping ? "dict arguments need the runtime global `ffi.Map`, which "
                                    "this runtime does not provide"
                                  : "list and tuple arguments need the runtime global "
                                    "`ffi.Array`, which this runtime does not provide");
  }
  // Items as a list we own: the views packed below point into its elements.
  PyRef items(mapping ? PyMapping_Items(obj) : PySequence_List(obj));
  if (!items) return -1;
  Py_ssize_t n = PyList_GET_SIZE(items.get());
  Py_ssize_t nvalues = mapping ? 2 * n : n;
  std::unique_ptr<TVMFFIAny[]> packed(new (std::nothrow) TVMFFIAny[nvalues > 0 ? nvalues : 1]);
  std::unique_ptr<TVMFFIObjectHandle[]> temps(
      new (std::nothrow) TVMFFIObjectHandle[nvalues > 0 ? nvalues : 1]);
  std::unique_ptr<TVMFFIByteArray[]> views(
      new (std::nothrow) TVMFFIByteArray[nvalues > 0 ? nvalues : 1]);
  if (!packed || !temps || !views) return PyErr_NoMemory(), -1;
  CallContext nested(temps.get(), views.get());
  nested.func_name = ctx->func_name;
  nested.arg_index = ctx->arg_index;
  for (Py_ssize_t i = 0; i < n; ++i) {
    PyObject* item = PyList_GET_ITEM(items.get(), i);
    if (mapping) {
      if (!PyTuple_Check(item) || PyTuple_GET_SIZE(item) != 2) {
        return arg_type_error(ctx, obj, "mapping items must be (key, value) pairs");
      }
      if (pack_arg(PyTuple_GET_ITEM(item, 0), &packed[2 * i], &nested) != 0 ||
          pack_arg(PyTuple_GET_ITEM(item, 1), &packed[2 * i + 1], &nested) != 0) {
        return -1;
      }
    } else if (pack_arg(item, &packed[i], &nested) != 0) {
      return -1;
    }
  }
  TVMFFIAny result;
  result.type_index = kTVMFFINone;
  result.zero_padding = 0;
  result.v_int64 = 0;
  if (TVMFFIFunctionCall(ctor.get(), packed.get(), static_cast<int32_t>(nvalues), &result) != 0) {
    raise_ffi_error();
    return -1;
  }
  if (result.type_index < kTVMFFIStaticObjectBegin) {
    *out = result;  // a POD answer needs no release
    return 0;
  }
  ctx->add_temp(result.v_obj);
  *out = result;
  return 0;
}

int pack_opaque(PyObject* obj, TVMFFIAny* out, CallContext* ctx) {
  TVMFFIObjectHandle handle = nullptr;
  Py_INCREF(obj);
  if (TVMFFIObjectCreateOpaque(obj, kTVMFFIOpaquePyObject, py_decref_deleter, &handle) != 0) {
    Py_DECREF(obj);
    raise_ffi_error();
    return -1;
  }
  ctx->add_temp(handle);
  set_object(out, handle);
  return 0;
}

int pack_callable(PyObject* obj, TVMFFIAny* out, CallContext* ctx) {
  TVMFFIObjectHandle handle = nullptr;
  if (function_handle_from_callable(obj, &handle) != 0) return -1;
  ctx->add_temp(handle);
  set_object(out, handle);
  return 0;
}

int pack_tensor(PyObject* obj, const DLPackExchangeAPI* api, TVMFFIAny* out, CallContext* ctx) {
  TVMFFIObjectHandle handle = nullptr;
  if (api != nullptr) {
    // A borrowed view when the framework offers one, an owned DLPack export otherwise.
    int rc = tensor_view_from_exchange_api(obj, api, &handle);
    if (rc < 0 || (rc > 0 && tensor_from_exchange_api(obj, api, 0, false, &handle) != 0)) return -1;
  } else if (tensor_from_dlpack_protocol(obj, 0, false, &handle) != 0) {
    return -1;
  }
  ctx->add_temp(handle);
  set_object(out, handle);
  if (api == nullptr) return 0;
  if (ctx->tensor_api == nullptr) ctx->tensor_api = api;
  DLDevice device = TVMFFITensorGetDLTensorPtr(handle)->device;
  bool host = device.device_type == kDLCPU || device.device_type == kDLCUDAHost ||
              device.device_type == kDLROCMHost;
  if (!host && ctx->stream_device_type < 0 && api->current_work_stream != nullptr) {
    void* stream = nullptr;
    if (api->current_work_stream(device.device_type, device.device_id, &stream) != 0) return -1;
    ctx->stream_device_type = device.device_type;
    ctx->stream_device_id = device.device_id;
    ctx->stream = stream;
  }
  return 0;
}

// Python-level conversion (tvm_ffi._convert._convert_fallback) for types the native code does
// not know. Returns 1 when the hook declined (NotImplemented), 0 on success, -1 on error.
int pack_fallback(PyObject* obj, TVMFFIAny* out, CallContext* ctx) {
  PyObject* hook = get_hook(Hook::kConvertFallback);
  if (hook == nullptr) return -1;
  PyRef replacement(PyObject_CallOneArg(hook, obj));
  if (!replacement) return -1;
  if (replacement.get() == Py_NotImplemented) return 1;
  // Owned, so that no view points into the short-lived replacement.
  TVMFFIAny owned;
  if (pack_owned(replacement.get(), &owned) != 0) return -1;
  if (owned.type_index >= kTVMFFIStaticObjectBegin) ctx->add_temp(owned.v_obj);
  *out = owned;
  return 0;
}

}  // namespace

int pack_str(PyObject* obj, TVMFFIAny* out, CallContext* ctx) {
  Py_ssize_t size = 0;
  const char* data = PyUnicode_AsUTF8AndSize(obj, &size);
  if (data == nullptr) return -1;
  if (size <= 7) {
    out->type_index = kTVMFFISmallStr;
    out->small_str_len = static_cast<uint32_t>(size);
    out->v_uint64 = 0;
    std::memcpy(out->v_bytes, data, static_cast<size_t>(size));
    return 0;
  }
  if (std::memchr(data, 0, static_cast<size_t>(size)) == nullptr) {
    // The UTF-8 buffer is cached in the str object, NUL-terminated, and lives as long as the
    // caller's reference: a zero-copy view for the duration of the call.
    out->type_index = kTVMFFIRawStr;
    out->zero_padding = 0;
    out->v_c_str = data;
    return 0;
  }
  TVMFFIByteArray bytes{data, static_cast<size_t>(size)};
  TVMFFIAny owned;
  if (TVMFFIStringFromByteArray(&bytes, &owned) != 0) {
    raise_ffi_error();
    return -1;
  }
  ctx->add_temp(owned.v_obj);
  *out = owned;
  return 0;
}

int pack_big_int(PyObject* obj, TVMFFIAny* out, CallContext* ctx) {
  PyErr_Clear();
  PyRef nbits_obj(PyObject_CallMethod(obj, "bit_length", nullptr));
  if (!nbits_obj) return -1;
  size_t nbits = PyLong_AsSize_t(nbits_obj.get());
  if (nbits == static_cast<size_t>(-1) && PyErr_Occurred()) return -1;
  // Two's complement, little-endian, whole 64-bit words with room for the sign bit.
  size_t nbytes = (nbits / 64 + 1) * 8;
  PyRef method(PyObject_GetAttrString(obj, "to_bytes"));
  PyRef args(Py_BuildValue("(ns)", static_cast<Py_ssize_t>(nbytes), "little"));
  PyRef kwargs(PyDict_New());
  if (!method || !args || !kwargs || PyDict_SetItemString(kwargs.get(), "signed", Py_True) != 0) {
    return -1;
  }
  PyRef bytes(PyObject_Call(method.get(), args.get(), kwargs.get()));
  if (!bytes) return -1;
  TVMFFIByteArray input{PyBytes_AS_STRING(bytes.get()),
                        static_cast<size_t>(PyBytes_GET_SIZE(bytes.get()))};
  TVMFFIAny owned;
  if (TVMFFIBigIntFromByteArray(&input, &owned) != 0) {
    raise_ffi_error();
    return -1;
  }
  if (owned.type_index >= kTVMFFIStaticObjectBegin) ctx->add_temp(owned.v_obj);
  *out = owned;
  return 0;
}

int pack_arg_slow(PyObject* obj, TVMFFIAny* out, CallContext* ctx) {
  PyTypeObject* tp = Py_TYPE(obj);
  KindEntry entry = lookup_kind(tp);
  switch (entry.kind) {
    case ArgKind::kObject: {
      TVMFFIObjectHandle handle = reinterpret_cast<ObjectHandleObj*>(obj)->handle;
      if (handle == nullptr) {
        out->type_index = kTVMFFINone;
        out->v_int64 = 0;
      } else {
        set_object(out, handle);
      }
      return 0;
    }
    case ArgKind::kRValueRef: {
      TVMFFIObjectHandle* slot = rvalue_ref_slot(obj);
      if (*slot == nullptr) {
        PyErr_Format(PyExc_ValueError, "argument %d: the moved object is empty", ctx->arg_index);
        return -1;
      }
      out->type_index = kTVMFFIObjectRValueRef;
      out->v_ptr = slot;
      return 0;
    }
    case ArgKind::kIntLike:
      return pack_int_like(obj, out, ctx);
    case ArgKind::kFloatLike:
      out->type_index = kTVMFFIFloat;
      out->v_float64 = PyFloat_AsDouble(obj);
      return (out->v_float64 == -1.0 && PyErr_Occurred()) ? -1 : 0;
    case ArgKind::kStr:
      return pack_str(obj, out, ctx);
    case ArgKind::kBytes:
      return pack_bytes(PyBytes_AS_STRING(obj), PyBytes_GET_SIZE(obj), out, ctx);
    case ArgKind::kByteArray:
      return pack_bytes(PyByteArray_AS_STRING(obj), PyByteArray_GET_SIZE(obj), out, ctx);
    case ArgKind::kTensorApi:
      return pack_tensor(obj, entry.api, out, ctx);
    case ArgKind::kDLPack:
      return pack_tensor(obj, nullptr, out, ctx);
    case ArgKind::kDevice:
      out->type_index = kTVMFFIDevice;
      out->v_int64 = 0;
      out->v_device = reinterpret_cast<DeviceObj*>(obj)->device;
      return 0;
    case ArgKind::kDType:
      out->type_index = kTVMFFIDataType;
      out->v_int64 = 0;
      return dtype_from_py(obj, &out->v_dtype);
    case ArgKind::kShape:
      return pack_shape(obj, out, ctx);
    case ArgKind::kSequence:
      return pack_container(obj, false, out, ctx);
    case ArgKind::kMapping:
      return pack_container(obj, true, out, ctx);
    case ArgKind::kVoidPtr: {
      PyRef value(PyObject_GetAttrString(obj, "value"));
      if (!value) return -1;
      void* ptr = value.get() == Py_None ? nullptr : PyLong_AsVoidPtr(value.get());
      if (ptr == nullptr && PyErr_Occurred()) return -1;
      out->type_index = kTVMFFIOpaquePtr;
      out->v_ptr = ptr;
      return 0;
    }
    case ArgKind::kFallback: {
      int rc = pack_fallback(obj, out, ctx);
      if (rc <= 0) return rc;
      // Declined: remember for this type and treat it as a callable or an opaque object.
      ArgKind kind = PyCallable_Check(obj) ? ArgKind::kCallable : ArgKind::kOpaque;
      update_kind(tp, kind);
      return kind == ArgKind::kCallable ? pack_callable(obj, out, ctx) : pack_opaque(obj, out, ctx);
    }
    case ArgKind::kCallable:
      return pack_callable(obj, out, ctx);
    case ArgKind::kOpaque:
      return pack_opaque(obj, out, ctx);
  }
  return arg_type_error(ctx, obj, "unsupported argument type");
}

const DLPackExchangeAPI* cached_exchange_api(PyTypeObject* tp) {
  KindEntry entry = lookup_kind(tp);
  return entry.kind == ArgKind::kTensorApi ? entry.api : nullptr;
}

int pack_owned(PyObject* obj, TVMFFIAny* out) {
  if (obj == Py_None) {
    out->type_index = kTVMFFINone;
    out->zero_padding = 0;
    out->v_int64 = 0;
    return 0;
  }
  TVMFFIObjectHandle temp[1];
  TVMFFIByteArray view[1];
  CallContext ctx(temp, view);
  TVMFFIAny packed;
  if (pack_arg(obj, &packed, &ctx) != 0) return -1;
  int32_t type_index = packed.type_index;
  if (type_index == kTVMFFIObjectRValueRef) {
    // A move is only meaningful into a call; an owned value cannot hold one (SPEC ANY-VIEW-ONLY-KINDS).
    PyErr_SetString(PyExc_TypeError,
                    "an ObjectRValueRef (obj._move()) can only be passed as a call argument");
    return -1;
  }
  if (type_index < kTVMFFIStaticObjectBegin && type_index != kTVMFFIRawStr &&
      type_index != kTVMFFIByteArrayPtr && type_index != kTVMFFIObjectRValueRef &&
      type_index != kTVMFFIDLTensorPtr) {
    *out = packed;  // inline values are already owned
    return 0;
  }
  if (type_index >= kTVMFFIStaticObjectBegin) {
    TVMFFIObjectIncRef(packed.v_obj);
    *out = packed;
    return 0;
  }
  if (TVMFFIAnyViewToOwnedAny(&packed, out) != 0) {
    raise_ffi_error();
    return -1;
  }
  return 0;
}

}  // namespace tvm_ffi_py
