// ffi/c/src/repr_print.cc: `ffi.ReprPrint(value) -> str`, the readable form of any value
// (SPEC DATACLASS-REPR). The reference Python binding uses it for `repr()` of every object.
//
//   None True 1 2.5 "text" b"bytes"        values (floats as C++ streams print them)
//   (1, 2)  [1, 2]  {"k": 1}               Array, List, Map / Dict
//   Shape(1, 2)  float32[2, 3]@cpu:0       Shape, Tensor
//   key(field=value, ...)                  reflected objects, fields flagged ReprOff left out
//   key.name                               enum singletons (subtypes of ffi.Enum)
//   ...                                    an object already being printed (a cycle)
//
// A type's `__ffi_repr__` hook, `(self, fn_repr) -> str`, replaces the field-by-field form;
// `fn_repr` prints nested values with this printer.
#include <tvm/ffi/any.h>
#include <tvm/ffi/c_api.h>
#include <tvm/ffi/container/array.h>
#include <tvm/ffi/container/dict.h>
#include <tvm/ffi/container/list.h>
#include <tvm/ffi/container/map.h>
#include <tvm/ffi/container/shape.h>
#include <tvm/ffi/container/tensor.h>
#include <tvm/ffi/device.h>
#include <tvm/ffi/dtype.h>
#include <tvm/ffi/error.h>
#include <tvm/ffi/extra/dataclass.h>
#include <tvm/ffi/function.h>
#include <tvm/ffi/reflection/accessor.h>
#include <tvm/ffi/reflection/registry.h>
#include <tvm/ffi/string.h>

#include <sstream>
#include <string>
#include <unordered_set>

#include "enum_internal.h"
#include "type_registry_internal.h"

namespace tvm_ffi_rt {

namespace {

using ::tvm::ffi::Any;
using ::tvm::ffi::AnyView;
using ::tvm::ffi::Function;
using ::tvm::ffi::Object;
using ::tvm::ffi::ObjectRef;
using ::tvm::ffi::String;
namespace refl = ::tvm::ffi::reflection;

const char* device_name(int32_t device_type) {
  switch (device_type) {
    case kDLCPU: return "cpu";
    case kDLCUDA: return "cuda";
    case kDLCUDAHost: return "cuda_host";
    case kDLOpenCL: return "opencl";
    case kDLVulkan: return "vulkan";
    case kDLMetal: return "metal";
    case kDLROCM: return "rocm";
    case kDLROCMHost: return "rocm_host";
    case kDLCUDAManaged: return "cuda_managed";
    case kDLOneAPI: return "oneapi";
    case kDLWebGPU: return "webgpu";
    case kDLHexagon: return "hexagon";
    default: return nullptr;
  }
}

std::string device_text(DLDevice device) {
  const char* name = device_name(device.device_type);
  std::string type = name ? name : std::to_string(device.device_type);
  return type + ":" + std::to_string(device.device_id);
}

class Printer {
 public:
  std::string Print(const Any& v) {
    switch (v.type_index()) {
      case kTVMFFINone: return "None";
      case kTVMFFIBool: return v.cast<bool>() ? "True" : "False";
      case kTVMFFIInt: return std::to_string(v.cast<int64_t>());
      case kTVMFFIFloat: {
        std::ostringstream os;
        os << v.cast<double>();
        return os.str();
      }
      case kTVMFFIDataType:
        return std::string(::tvm::ffi::DLDataTypeToString(v.cast<DLDataType>()));
      case kTVMFFIDevice: return device_text(v.cast<DLDevice>());
      case kTVMFFIOpaquePtr: {
        std::ostringstream os;
        os << "void*(" << v.cast<void*>() << ")";
        return os.str();
      }
      case kTVMFFISmallStr:
      case kTVMFFIStr: return std::string(::tvm::ffi::EscapeStringJSON(v.cast<String>()));
      case kTVMFFISmallBytes:
      case kTVMFFIBytes: {
        ::tvm::ffi::Bytes b = v.cast<::tvm::ffi::Bytes>();
        return "b" + std::string(::tvm::ffi::EscapeStringJSON(String(b.data(), b.size())));
      }
      default: break;
    }
    if (v.type_index() < kTVMFFIStaticObjectBegin) return v.GetTypeKey();
    const Object* obj = v.cast<ObjectRef>().get();
    if (!active_.insert(obj).second) return "...";
    std::string text = PrintObject(v);
    active_.erase(obj);
    return text;
  }

 private:
  template <typename Seq>
  std::string Items(const Seq& seq, const char* open, const char* close, bool tuple) {
    std::string out = open;
    size_t n = 0;
    for (const Any& item : seq) {
      if (n++ > 0) out += ", ";
      out += Print(item);
    }
    if (tuple && n == 1) out += ",";
    return out + close;
  }

  template <typename M>
  std::string Entries(const M& map) {
    std::string out = "{";
    size_t n = 0;
    for (const auto& kv : map) {
      if (n++ > 0) out += ", ";
      out += Print(kv.first) + ": " + Print(kv.second);
    }
    return out + "}";
  }

  std::string PrintObject(const Any& v) {
    switch (v.type_index()) {
      case kTVMFFIArray: return Items(v.cast<::tvm::ffi::Array<Any>>(), "(", ")", true);
      case kTVMFFIList: return Items(v.cast<::tvm::ffi::List<Any>>(), "[", "]", false);
      case kTVMFFIMap: return Entries(v.cast<::tvm::ffi::Map<Any, Any>>());
      case kTVMFFIDict: return Entries(v.cast<::tvm::ffi::Dict<Any, Any>>());
      case kTVMFFIShape: {
        std::string out = "Shape(";
        ::tvm::ffi::Shape shape = v.cast<::tvm::ffi::Shape>();
        for (size_t i = 0; i < shape.size(); ++i) out += (i ? ", " : "") + std::to_string(shape[i]);
        return out + ")";
      }
      case kTVMFFITensor: {
        ::tvm::ffi::Tensor t = v.cast<::tvm::ffi::Tensor>();
        std::string out = std::string(::tvm::ffi::DLDataTypeToString(t.dtype())) + "[";
        for (int32_t i = 0; i < t.ndim(); ++i) {
          out += (i ? ", " : "") + std::to_string(t.shape()[i]);
        }
        return out + "]@" + device_text(t.device());
      }
      default: break;
    }
    return PrintReflected(v);
  }

  std::string PrintReflected(const Any& v) {
    static const refl::TypeAttrColumn repr_hook(refl::type_attr::kRepr);
    const TVMFFITypeInfo* info = TVMFFIGetTypeInfo(v.type_index());
    std::string key = v.GetTypeKey();
    AnyView hook = repr_hook[v.type_index()];
    if (hook.type_index() == kTVMFFIFunction) {
      Function fn_repr = Function::FromTyped([this](AnyView x) { return String(Print(Any(x))); });
      return std::string(hook.cast<Function>()(v, fn_repr).cast<String>());
    }
    const Object* obj = v.cast<ObjectRef>().get();
    if (type_is_instance(v.type_index(), EnumObj::_GetOrAllocRuntimeTypeIndex())) {
      return key + "." + std::string(static_cast<const EnumObj*>(obj)->_str_index);
    }
    bool has_fields = false;
    std::string out = key + "(";
    if (info != nullptr) {
      refl::ForEachFieldInfo(info, [&](const TVMFFIFieldInfo* field) {
        has_fields = true;
        if (field->flags & kTVMFFIFieldFlagBitMaskReprOff) return;
        if (out.back() != '(') out += ", ";
        out += std::string(field->name.data, field->name.size) + "=" +
               Print(refl::FieldGetter(field)(obj));
      });
    }
    // Objects without fields (functions, modules, ...) print as their type key.
    return has_fields ? out + ")" : key;
  }

  std::unordered_set<const Object*> active_;
};

}  // namespace
}  // namespace tvm_ffi_rt

// The exported C++ API (tvm/ffi/extra/dataclass.h); the global calls it.
tvm::ffi::String tvm::ffi::ReprPrint(const Any& value) {
  return String(tvm_ffi_rt::Printer().Print(value));
}

namespace tvm_ffi_rt {
namespace {

__attribute__((constructor)) void register_repr_print() {
  try {
    refl::GlobalDef().def("ffi.ReprPrint", [](Any v) { return ::tvm::ffi::ReprPrint(v); });
  } catch (...) {
    // Out of memory while loading: the C API still works without it.
  }
}

}  // namespace
}  // namespace tvm_ffi_rt
