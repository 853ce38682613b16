// ffi/python/src/testing_funcs.cc: tiny C-level Functions for tests and benchmarks.
//
// They stand in for a compiled library until the C++ testing library exists: `nop` and `echo`
// are the benchmark callees, `apply` calls back into a Function (appending its own frame to an
// error that passes through, as a C++ layer would), `raise_error` raises an FFI Error of a given
// kind, and `make_object` creates a bare object of a type index allocated here.
#include <cstdlib>
#include <cstring>
#include <string>

#include "object_type.h"

namespace tvm_ffi_py {
namespace {

int nop(void*, const TVMFFIAny*, int32_t, TVMFFIAny*) { return 0; }

int echo(void*, const TVMFFIAny* args, int32_t num_args, TVMFFIAny* result) {
  if (num_args < 1) {
    TVMFFIErrorSetRaisedFromCStr("TypeError", "_testing_echo: expects at least 1 argument, got 0");
    return -1;
  }
  return TVMFFIAnyViewToOwnedAny(&args[0], result);
}

int apply(void*, const TVMFFIAny* args, int32_t num_args, TVMFFIAny* result) {
  if (num_args < 1 || args[0].type_index != kTVMFFIFunction) {
    TVMFFIErrorSetRaisedFromCStr("TypeError", "_testing_apply: argument #0 must be a Function");
    return -1;
  }
  int rc = TVMFFIFunctionCall(args[0].v_obj, const_cast<TVMFFIAny*>(args + 1), num_args - 1,
                              result);
  if (rc != 0) {
    // [ERR-BACKTRACE-APPEND]: this layer's frame goes after the callee's (older) frames.
    TVMFFIObjectHandle err = nullptr;
    TVMFFIErrorMoveFromRaised(&err);
    if (err != nullptr) {
      TVMFFIByteArray frame = *TVMFFIBacktrace(__FILE__, __LINE__, "_testing_apply", 0);
      std::string own(frame.data, frame.size);
      size_t first_line = own.find('\n');
      if (first_line != std::string::npos) own.resize(first_line + 1);
      TVMFFIByteArray line{own.data(), own.size()};
      TVMFFIErrorGetCellPtr(err)->update_backtrace(err, &line, kTVMFFIBacktraceUpdateModeAppend);
      TVMFFIErrorSetRaised(err);
      TVMFFIObjectDecRef(err);
    }
    return -1;
  }
  return 0;
}

std::string text_arg(const TVMFFIAny& v) {
  if (v.type_index == kTVMFFISmallStr) return std::string(v.v_bytes, v.small_str_len);
  if (v.type_index == kTVMFFIRawStr) return v.v_c_str;
  if (v.type_index == kTVMFFIStr) {
    const TVMFFIByteArray* b = TVMFFIBytesGetByteArrayPtr(v.v_obj);
    return std::string(b->data, b->size);
  }
  return std::string();
}

int raise_error(void*, const TVMFFIAny* args, int32_t num_args, TVMFFIAny*) {
  std::string kind = num_args > 0 ? text_arg(args[0]) : "RuntimeError";
  std::string message = num_args > 1 ? text_arg(args[1]) : "";
  TVMFFIErrorSetRaisedFromCStr(kind.c_str(), message.c_str());
  return -1;
}

struct BareObject {
  TVMFFIObject header;
};

void bare_deleter(void* self, int flags) {
  if ((flags & kTVMFFIObjectDeleterFlagBitMaskWeak) != 0) std::free(self);
}

// make_object(type_index) -> a new object with that index and no payload.
int make_object(void*, const TVMFFIAny* args, int32_t num_args, TVMFFIAny* result) {
  if (num_args != 1 || args[0].type_index != kTVMFFIInt ||
      args[0].v_int64 < kTVMFFIDynObjectBegin) {
    TVMFFIErrorSetRaisedFromCStr("TypeError",
                                 "_testing_make_object: expects one dynamic type index");
    return -1;
  }
  auto* obj = static_cast<BareObject*>(std::malloc(sizeof(BareObject)));
  if (obj == nullptr) {
    TVMFFIErrorSetRaisedFromCStr("MemoryError", "_testing_make_object: out of memory");
    return -1;
  }
  obj->header.combined_ref_count = 1 | (static_cast<uint64_t>(1) << 32);
  obj->header.type_index = static_cast<int32_t>(args[0].v_int64);
  obj->header.__padding = 0;
  obj->header.deleter = bare_deleter;
  result->type_index = obj->header.type_index;
  result->zero_padding = 0;
  result->v_obj = &obj->header;
  return 0;
}

// alloc_type(key, parent_index) -> index of a new (or existing) child type of `parent_index`.
int alloc_type(void*, const TVMFFIAny* args, int32_t num_args, TVMFFIAny* result) {
  if (num_args != 2 || args[1].type_index != kTVMFFIInt) {
    TVMFFIErrorSetRaisedFromCStr("TypeError", "_testing_alloc_type: expects (key, parent_index)");
    return -1;
  }
  std::string key = text_arg(args[0]);
  int32_t parent = static_cast<int32_t>(args[1].v_int64);
  const TVMFFITypeInfo* parent_info = TVMFFIGetTypeInfo(parent);
  if (parent_info == nullptr) return -1;
  TVMFFIByteArray key_bytes{key.data(), key.size()};
  int32_t index = TVMFFITypeGetOrAllocIndex(&key_bytes, -1, parent_info->type_depth + 1, 0, 1,
                                            parent);
  if (index < 0) return -1;
  result->type_index = kTVMFFIInt;
  result->zero_padding = 0;
  result->v_int64 = index;
  return 0;
}

struct Entry {
  const char* name;
  TVMFFISafeCallType fn;
};

const Entry kEntries[] = {{"_testing_nop", nop},
                          {"_testing_echo", echo},
                          {"_testing_apply", apply},
                          {"_testing_raise", raise_error},
                          {"_testing_make_object", make_object},
                          {"_testing_alloc_type", alloc_type}};

}  // namespace

int testing_funcs_init(PyObject* module) {
  for (const Entry& entry : kEntries) {
    TVMFFIObjectHandle handle = nullptr;
    if (TVMFFIFunctionCreate(nullptr, entry.fn, nullptr, &handle) != 0) {
      TVMFFIObjectHandle err = nullptr;
      TVMFFIErrorMoveFromRaised(&err);
      if (err != nullptr) TVMFFIObjectDecRef(err);
      PyErr_Format(PyExc_RuntimeError, "cannot create %s", entry.name);
      return -1;
    }
    PyObject* fn = object_wrap_owned(handle);
    if (fn == nullptr || PyModule_AddObject(module, entry.name, fn) != 0) {
      Py_XDECREF(fn);
      return -1;
    }
  }
  return 0;
}

}  // namespace tvm_ffi_py
