// conformance/cpp/module.cc: the C++ (SDK) implementation of the conformance module API.
// It builds against our headers and, unchanged, against the reference's (ci/conformance.sh
// builds it twice); so it uses only SDK API both share. Exported as __tvm_ffi_<name> symbols.
#include <tvm/ffi/tvm_ffi.h>

#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <sstream>
#include <string>

namespace conformance_cpp {
using namespace tvm::ffi;  // NOLINT: a module is a leaf; brevity wins

// zlib's CRC-32: the `inspect` digest of str/bytes contents.
uint32_t Crc32(const char* data, size_t size) {
  uint32_t crc = 0xFFFFFFFFu;
  for (size_t i = 0; i < size; ++i) {
    crc ^= static_cast<uint8_t>(data[i]);
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

std::string Digest(const char* data, size_t size) {
  char buf[48];
  std::snprintf(buf, sizeof(buf), "%zu:%08x", size, Crc32(data, size));
  return buf;
}

template <typename Seq>
std::string Dims(const Seq& values) {
  std::string out = "[";
  for (size_t i = 0; i < values.size(); ++i) out += (i ? "," : "") + std::to_string(values[i]);
  return out + "]";
}

std::string DescribeTensor(const Tensor& t) {
  const DLTensor* dl = t.GetDLTensorPtr();
  std::string strides = "[]";
  if (dl->ndim > 0) strides = Dims(std::vector<int64_t>(dl->strides, dl->strides + dl->ndim));
  return "ffi.Tensor:" + std::string(DLDataTypeToString(dl->dtype)) + ":" +
         Dims(std::vector<int64_t>(dl->shape, dl->shape + dl->ndim)) + ":" + strides + ":" +
         std::to_string(dl->byte_offset) + ":" + std::to_string(dl->device.device_type) + ":" +
         std::to_string(dl->device.device_id);
}

// The `inspect` text (format in docs/conformance.md), decoded through the SDK's typed casts.
std::string Describe(const AnyView& x) {
  char buf[64];
  switch (x.type_index()) {
    case kTVMFFINone:
      return "None";
    case kTVMFFIBool:
      return std::string("bool:") + (x.cast<bool>() ? "1" : "0");
    case kTVMFFIInt:
      return "int:" + std::to_string(x.cast<int64_t>());
    case kTVMFFIFloat: {
      double d = x.cast<double>();
      uint64_t bits;
      std::memcpy(&bits, &d, sizeof(bits));
      std::snprintf(buf, sizeof(buf), "float:%016" PRIx64, bits);
      return buf;
    }
    case kTVMFFIOpaquePtr:
      std::snprintf(buf, sizeof(buf), "ptr:%" PRIxPTR,
                    reinterpret_cast<uintptr_t>(x.cast<void*>()));
      return buf;
    case kTVMFFIDataType:
      return "dtype:" + std::string(DLDataTypeToString(x.cast<DLDataType>()));
    case kTVMFFIDevice: {
      DLDevice dev = x.cast<DLDevice>();
      return "device:" + std::to_string(dev.device_type) + ":" + std::to_string(dev.device_id);
    }
    case kTVMFFISmallStr:
    case kTVMFFIStr:
    case kTVMFFIRawStr: {
      String s = x.cast<String>();
      return "str:" + Digest(s.data(), s.size());
    }
    case kTVMFFISmallBytes:
    case kTVMFFIBytes:
    case kTVMFFIByteArrayPtr: {
      Bytes b = x.cast<Bytes>();
      return "bytes:" + Digest(b.data(), b.size());
    }
    case kTVMFFIShape:
      return "ffi.Shape:" + Dims(x.cast<Shape>());
    case kTVMFFITensor:
      return DescribeTensor(x.cast<Tensor>());
    case kTVMFFIFunction:
      return "ffi.Function";
    case kTVMFFIArray:
      return "ffi.Array:" + std::to_string(x.cast<Array<Any>>().size());
    case kTVMFFIList:
      return "ffi.List:" + std::to_string(x.cast<List<Any>>().size());
    case kTVMFFIMap:
      return "ffi.Map:" + std::to_string(x.cast<Map<Any, Any>>().size());
    case kTVMFFIDict:
      return "ffi.Dict:" + std::to_string(x.cast<Dict<Any, Any>>().size());
    default:
      return x.GetTypeKey();
  }
}

// Decodes a value into the SDK's own C++ type and re-encodes it: what `relay` does to every
// argument and result, so a lossy SDK conversion shows up in the matrix.
Any Reencode(const AnyView& x) {
  switch (x.type_index()) {
    case kTVMFFINone:
      return Any(nullptr);
    case kTVMFFIBool:
      return Any(x.cast<bool>());
    case kTVMFFIInt:
      return Any(x.cast<int64_t>());
    case kTVMFFIFloat:
      return Any(x.cast<double>());
    case kTVMFFIOpaquePtr:
      return Any(x.cast<void*>());
    case kTVMFFIDataType:
      return Any(x.cast<DLDataType>());
    case kTVMFFIDevice:
      return Any(x.cast<DLDevice>());
    case kTVMFFISmallStr:
    case kTVMFFIStr:
    case kTVMFFIRawStr:
      return Any(String(std::string(x.cast<String>())));
    case kTVMFFISmallBytes:
    case kTVMFFIBytes:
    case kTVMFFIByteArrayPtr: {
      Bytes b = x.cast<Bytes>();
      return Any(Bytes(std::string(b.data(), b.size())));
    }
    case kTVMFFIShape:
      return Any(x.cast<Shape>());
    case kTVMFFITensor:
      return Any(x.cast<Tensor>());
    case kTVMFFIFunction:
      return Any(x.cast<Function>());
    case kTVMFFIArray:
      return Any(x.cast<Array<Any>>());
    case kTVMFFIList:
      return Any(x.cast<List<Any>>());
    case kTVMFFIMap:
      return Any(x.cast<Map<Any, Any>>());
    case kTVMFFIDict:
      return Any(x.cast<Dict<Any, Any>>());
    default:
      if (x.type_index() >= kTVMFFIStaticObjectBegin) return Any(x.cast<ObjectRef>());
      return Any(x);  // anything else (e.g. a future POD kind) passes through untouched
  }
}

// Host memory for make("tensor_byte_offset"): 8 spare bytes before the data, so byte_offset = 8.
struct OffsetAlloc {
  void AllocData(DLTensor* t) {
    size_t bytes = 8;
    for (int i = 0; i < t->ndim; ++i) bytes += static_cast<size_t>(t->shape[i]) * 4;
    t->data = std::calloc(1, bytes);
    if (t->data == nullptr) TVM_FFI_THROW(RuntimeError) << "make: out of memory";
    t->byte_offset = 8;
  }
  void FreeData(DLTensor* t) { std::free(t->data); }
};

// A CUDA-device descriptor: never dereferenced, so no memory behind it.
struct NoMemoryAlloc {
  void AllocData(DLTensor* t) { t->data = nullptr; }
  void FreeData(DLTensor*) {}
};

std::vector<int64_t> ParseInts(const std::string& text) {
  std::vector<int64_t> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (!item.empty()) out.push_back(std::stoll(item));
  }
  return out;
}

Any Make(const std::string& tag, const std::string& text) {
  if (tag == "int") return Any(static_cast<int64_t>(std::stoll(text)));
  if (tag == "str") return Any(String(text));
  if (tag == "dtype") return Any(StringToDLDataType(String(text)));
  if (tag == "shape") return Any(Shape(ParseInts(text)));
  if (tag == "list") {
    List<int64_t> list;
    for (int64_t v : ParseInts(text)) list.push_back(v);
    return Any(list);
  }
  if (tag == "tensor_byte_offset") {
    return Any(Tensor::FromNDAlloc(OffsetAlloc(), Shape({4}), DLDataType{kDLFloat, 32, 1},
                                   DLDevice{kDLCPU, 0}));
  }
  if (tag == "tensor_cuda_descriptor") {
    return Any(Tensor::FromNDAlloc(NoMemoryAlloc(), Shape({2, 2}), DLDataType{kDLFloat, 16, 1},
                                   DLDevice{kDLCUDA, 0}));
  }
  TVM_FFI_THROW(ValueError) << "conformance.cpp.make: unknown tag `" << tag
                            << "`; expected int, str, dtype, shape, list, tensor_byte_offset or "
                               "tensor_cuda_descriptor";
}

void Mutate(const AnyView& x) {
  if (auto list = x.as<List<Any>>()) {
    List<Any> l = *list;
    l.push_back(String("mutated"));
  } else if (auto dict = x.as<Dict<Any, Any>>()) {
    Dict<Any, Any> d = *dict;
    d.Set(String("mutated"), true);
  } else {
    TVM_FFI_THROW(TypeError) << "conformance.cpp.mutate: expected a List or Dict, got "
                             << x.GetTypeKey();
  }
}

void CheckArgs(const char* name, PackedArgs args, int min_args, int max_args) {
  if (args.size() < min_args || (max_args >= 0 && args.size() > max_args)) {
    TVM_FFI_THROW(TypeError) << "conformance.cpp." << name << ": got " << args.size()
                             << " arguments, expected " << min_args
                             << (max_args == min_args ? "" : " or more");
  }
}

void Echo(PackedArgs args, Any* rv) {
  CheckArgs("echo", args, 1, 1);
  *rv = args[0];
}
void Inspect(PackedArgs args, Any* rv) {
  CheckArgs("inspect", args, 1, 1);
  *rv = String(Describe(args[0]));
}
void MakeEntry(PackedArgs args, Any* rv) {
  CheckArgs("make", args, 2, 2);
  *rv = Make(args[0].cast<String>(), args[1].cast<String>());
}
void MutateEntry(PackedArgs args, Any*) {
  CheckArgs("mutate", args, 1, 1);
  Mutate(args[0]);
}
void CallBack(PackedArgs args, Any* rv) {
  CheckArgs("call_back", args, 1, -1);
  args[0].cast<Function>().CallPacked(args.data() + 1, args.size() - 1, rv);
}
// raise_error(kind, message[, cause_kind, cause_message]): the optional pair is the cause.
void RaiseError(PackedArgs args, Any*) {
  CheckArgs("raise_error", args, 2, 4);
  if (args.size() == 3) CheckArgs("raise_error", args, 4, 4);
  const TVMFFIByteArray* bt = TVMFFIBacktrace(__FILE__, __LINE__, "conformance.cpp.raise_error", 0);
  std::string backtrace(bt->data, bt->size);
  std::optional<Error> cause;
  if (args.size() == 4) {
    cause = Error(std::string(args[2].cast<String>()), std::string(args[3].cast<String>()), backtrace);
  }
  throw Error(std::string(args[0].cast<String>()), std::string(args[1].cast<String>()), backtrace,
              std::move(cause), std::nullopt);
}
void Relay(PackedArgs args, Any* rv) {
  CheckArgs("relay", args, 1, -1);
  Function callee = args[0].cast<Function>();
  std::vector<Any> owned;
  for (int i = 1; i < args.size(); ++i) owned.push_back(Reencode(args[i]));
  std::vector<AnyView> views(owned.begin(), owned.end());
  Any result;
  callee.CallPacked(views.data(), static_cast<int32_t>(views.size()), &result);
  *rv = Reencode(result);
}

}  // namespace conformance_cpp

// Each export is a TVMFFISafeCallType: C++ exceptions stop here and become an FFI error.
#define CONFORMANCE_EXPORT(name, impl)                                                        \
  extern "C" TVM_FFI_DLL_EXPORT int __tvm_ffi_##name(void*, const TVMFFIAny* args,            \
                                                     int32_t num_args, TVMFFIAny* result) {   \
    TVM_FFI_SAFE_CALL_BEGIN();                                                                \
    ::tvm::ffi::Any rv;                                                                       \
    conformance_cpp::impl(                                                                    \
        ::tvm::ffi::PackedArgs(reinterpret_cast<const ::tvm::ffi::AnyView*>(args), num_args), \
        &rv);                                                                                 \
    *reinterpret_cast<::tvm::ffi::Any*>(result) = std::move(rv);                              \
    TVM_FFI_SAFE_CALL_END();                                                                  \
  }

CONFORMANCE_EXPORT(echo, Echo)
CONFORMANCE_EXPORT(inspect, Inspect)
CONFORMANCE_EXPORT(make, MakeEntry)
CONFORMANCE_EXPORT(mutate, MutateEntry)
CONFORMANCE_EXPORT(call_back, CallBack)
CONFORMANCE_EXPORT(raise_error, RaiseError)
CONFORMANCE_EXPORT(relay, Relay)
