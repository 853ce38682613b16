// ffi/c/src/dtype.cc: DLDataType <-> string, with the reference runtime's spellings and errors.
#include <tvm/ffi/c_api.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "error_internal.h"
#include "object_internal.h"
#include "string_internal.h"
#include "type_registry_internal.h"

namespace tvm_ffi_rt {
namespace {

// Type codes from here up are user-defined; their names come from global
// functions registered by the host (e.g. TVM's custom datatypes).
constexpr int kCustomCodeBegin = 129;

// The error is already in the thread's slot (raised by a callee); the entry
// point must return -1 without replacing it.
struct ErrorInSlot {};

// Fixed-width float formats spelled by name; their bits are implied.
struct NamedFloat {
  const char* name;
  uint8_t code;
  uint8_t bits;
};
constexpr NamedFloat kNamedFloats[] = {
    {"float8_e3m4", kDLFloat8_e3m4, 8},
    {"float8_e4m3", kDLFloat8_e4m3, 8},
    {"float8_e4m3b11fnuz", kDLFloat8_e4m3b11fnuz, 8},
    {"float8_e4m3fn", kDLFloat8_e4m3fn, 8},
    {"float8_e4m3fnuz", kDLFloat8_e4m3fnuz, 8},
    {"float8_e5m2", kDLFloat8_e5m2, 8},
    {"float8_e5m2fnuz", kDLFloat8_e5m2fnuz, 8},
    {"float8_e8m0fnu", kDLFloat8_e8m0fnu, 8},
    {"float6_e2m3fn", kDLFloat6_e2m3fn, 6},
    {"float6_e3m2fn", kDLFloat6_e3m2fn, 6},
    {"float4_e2m1fn", kDLFloat4_e2m1fn, 4},
};

// Families written <prefix><bits>; a missing or zero bit count means the default.
struct Family {
  const char* prefix;
  uint8_t code;
  uint8_t default_bits;
};
constexpr Family kFamilies[] = {
    {"int", kDLInt, 32},     {"uint", kDLUInt, 32}, {"float", kDLFloat, 32},
    {"bfloat", kDLBfloat, 16}, {"bool", kDLBool, 8},  {"handle", kDLOpaqueHandle, 64},
};

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// Static type keys of the POD type indices, for conversion errors.
std::string type_name_of(int32_t type_index) {
  switch (type_index) {
    case kTVMFFINone: return "None";
    case kTVMFFIInt: return "int";
    case kTVMFFIBool: return "bool";
    case kTVMFFIFloat: return "float";
    case kTVMFFIOpaquePtr: return "void*";
    case kTVMFFIDataType: return "DataType";
    case kTVMFFIDevice: return "Device";
    case kTVMFFISmallStr: return "ffi.SmallStr";
    case kTVMFFISmallBytes: return "ffi.SmallBytes";
    default: break;
  }
  if (const TVMFFITypeInfo* info = type_info_find(type_index)) {
    return std::string(info->type_key.data, info->type_key.size);
  }
  return "type index " + std::to_string(type_index);
}

// Calls the global function `name` with one argument; `result` must be None on
// entry and is owned by the caller afterwards.
void call_global(const char* name, const TVMFFIAny& arg, TVMFFIAny* result) {
  TVMFFIByteArray key{name, std::strlen(name)};
  TVMFFIObjectHandle func = nullptr;
  if (TVMFFIFunctionGetGlobal(&key, &func) != 0) throw ErrorInSlot{};
  if (func == nullptr) fail("ValueError", std::string("Function ") + name + " not found");
  TVMFFIAny args[1] = {arg};
  int rc = TVMFFIFunctionCall(func, args, 1, result);
  object_dec_ref(func);
  if (rc != 0) throw ErrorInSlot{};
}

// Parses one dtype string. Each method consumes from `pos_`; the messages
// quote the whole input so the user sees what was rejected.
class DTypeParser {
 public:
  explicit DTypeParser(std::string_view text) : s_(text) {}

  DLDataType Parse() {
    if (s_.empty() || s_ == "void") return DLDataType{kDLOpaqueHandle, 0, 0};
    if (starts_with(s_, "float8_")) return ParseNamedFloat(8);
    if (starts_with(s_, "float6_")) return ParseNamedFloat(6);
    if (starts_with(s_, "float4_")) return ParseNamedFloat(4);
    if (starts_with(s_, "custom")) return ParseCustom();
    for (const Family& family : kFamilies) {
      if (!starts_with(s_, family.prefix)) continue;
      pos_ = std::strlen(family.prefix);
      return ParseBitsAndLanes(family.code, family.default_bits);
    }
    fail("ValueError", "unknown dtype `" + std::string(s_) + "`");
  }

 private:
  // "<family><bits>[x<lanes> | xvscale[x<lanes>]]" after the prefix.
  DLDataType ParseBitsAndLanes(uint8_t code, uint8_t default_bits) {
    DLDataType t{code, default_bits, 1};
    std::string_view digits = TakeDigits();
    if (!digits.empty()) {
      uint32_t bits = ToUInt32(digits);
      if (bits > UINT8_MAX) {
        fail("ValueError", "Bits value " + std::to_string(bits) +
                               " is out of range for uint8_t in dtype '" + std::string(s_) + "'");
      }
      if (bits != 0) t.bits = static_cast<uint8_t>(bits);
    }
    ParseLanesSuffix(&t);
    ExpectEnd();
    return t;
  }

  // "[x<lanes> | xvscale[x<lanes>]]": a bare "xvscale" leaves one lane, "xvscalex<n>" stores -n.
  void ParseLanesSuffix(DLDataType* t) {
    if (Peek() != 'x') return;
    ++pos_;
    if (starts_with(s_.substr(pos_), "vscale")) {
      pos_ += 6;
      if (Peek() == 'x') {
        ++pos_;
        t->lanes = static_cast<uint16_t>(-static_cast<int32_t>(TakeLanes()));
      }
    } else {
      t->lanes = static_cast<uint16_t>(TakeLanes());
    }
  }

  // "float8_e4m3fn[x<lanes> | xvscalex<lanes>]" and friends. A name counts
  // only when followed by the end or 'x', and float4_e2m1fn also by '_'
  // (PyTorch spells its packed type "float4_e2m1fn_x2").
  DLDataType ParseNamedFloat(int family_bits) {
    for (const NamedFloat& f : kNamedFloats) {
      if (!starts_with(s_, f.name)) continue;
      pos_ = std::strlen(f.name);
      char next = Peek();
      bool underscore = next == '_' && f.code == kDLFloat4_e2m1fn;
      if (pos_ != s_.size() && next != 'x' && !underscore) continue;
      DLDataType t{f.code, f.bits, 1};
      if (underscore) ++pos_;
      ParseLanesSuffix(&t);  // scalable lanes too, so every printed form parses back
      ExpectEnd();
      return t;
    }
    fail("ValueError", "unknown float" + std::to_string(family_bits) + " type `" +
                           std::string(s_) + "`");
  }

  // "custom[<name>]<bits>..."; the code comes from dtype.get_custom_type_code.
  DLDataType ParseCustom() {
    pos_ = 6;
    if (Peek() != '[') {
      fail("ValueError", "expected opening brace after 'custom' type in " + std::string(s_));
    }
    size_t close = s_.find(']', pos_);
    if (close == std::string_view::npos) {
      fail("ValueError", "expected closing brace after 'custom' type in " + std::string(s_));
    }
    std::string name(s_.substr(pos_ + 1, close - pos_ - 1));
    pos_ = close + 1;
    return ParseBitsAndLanes(LookupCustomCode(name), 32);
  }

  static uint8_t LookupCustomCode(const std::string& name) {
    TVMFFIAny arg{};
    arg.type_index = kTVMFFIRawStr;
    arg.v_c_str = name.c_str();
    TVMFFIAny result{};
    call_global("dtype.get_custom_type_code", arg, &result);
    int32_t kind = result.type_index;
    int64_t code = result.v_int64;
    any_reset(&result);
    if (kind != kTVMFFIInt && kind != kTVMFFIBool) {
      fail("TypeError", "Cannot convert from type `" + type_name_of(kind) + "` to `int`");
    }
    if (code < 0 || code > UINT8_MAX) {
      fail("ValueError", "dtype.get_custom_type_code returned " + std::to_string(code) +
                             " for `" + name + "`, which is not a uint8 type code");
    }
    return static_cast<uint8_t>(code);
  }

  // Lanes must be written as plain digits (no sign, no space) and be 1..65535.
  uint32_t TakeLanes() {
    std::string_view digits = TakeDigits();
    uint32_t lanes = digits.empty() ? 0 : ToUInt32(digits);
    if (lanes == 0) {
      fail("ValueError", "Invalid lanes specification in dtype '" + std::string(s_) +
                             "'. Lanes must be a positive integer.");
    }
    if (lanes > UINT16_MAX) {
      fail("ValueError", "Lanes value " + std::to_string(lanes) +
                             " is out of range for uint16_t in dtype '" + std::string(s_) + "'");
    }
    return lanes;
  }

  std::string_view TakeDigits() {
    size_t begin = pos_;
    while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
    return s_.substr(begin, pos_ - begin);
  }

  // Any number of leading zeros is fine; the value must fit in uint32.
  static uint32_t ToUInt32(std::string_view digits) {
    uint64_t value = 0;
    for (char c : digits) {
      value = value * 10 + static_cast<uint64_t>(c - '0');
      if (value > UINT32_MAX) {
        fail("ValueError", "Integer value in dtype string '" + std::string(digits) +
                               "' is out of range for uint32_t");
      }
    }
    return static_cast<uint32_t>(value);
  }

  char Peek() const { return pos_ < s_.size() ? s_[pos_] : '\0'; }

  void ExpectEnd() const {
    if (pos_ != s_.size()) fail("ValueError", "unknown dtype `" + std::string(s_) + "`");
  }

  std::string_view s_;
  size_t pos_ = 0;
};

std::string custom_type_name(uint8_t code) {
  TVMFFIAny arg{};
  arg.type_index = kTVMFFIInt;
  arg.v_int64 = code;
  TVMFFIAny result{};
  call_global("dtype.get_custom_type_name", arg, &result);
  std::string name;
  bool ok = true;
  if (result.type_index == kTVMFFISmallStr) {
    name.assign(result.v_bytes, result.small_str_len);
  } else if (result.type_index == kTVMFFIStr) {
    const TVMFFIByteArray* bytes = TVMFFIBytesGetByteArrayPtr(result.v_obj);
    name.assign(bytes->data, bytes->size);
  } else {
    ok = false;
  }
  int32_t kind = result.type_index;
  any_reset(&result);
  if (!ok) fail("TypeError", "Cannot convert from type `" + type_name_of(kind) + "` to `str`");
  return name;
}

// Canonical spelling; the inverse of DTypeParser for every printable dtype.
std::string dtype_to_string(const DLDataType& t) {
  // Handles ignore bits and lanes; {handle, 0, 0} is "void", spelled "".
  if (t.code == kDLOpaqueHandle) return (t.bits == 0 && t.lanes == 0) ? "" : "handle";
  std::string out;
  switch (t.code) {
    case kDLInt: out = "int" + std::to_string(t.bits); break;
    case kDLUInt: out = "uint" + std::to_string(t.bits); break;
    case kDLFloat: out = "float" + std::to_string(t.bits); break;
    case kDLBfloat: out = "bfloat" + std::to_string(t.bits); break;
    case kDLBool: out = t.bits == 8 ? "bool" : "bool" + std::to_string(t.bits); break;
    default:
      for (const NamedFloat& f : kNamedFloats) {
        if (f.code == t.code) out = f.name;
      }
      if (out.empty() && t.code >= kCustomCodeBegin) out = "custom[" + custom_type_name(t.code) + "]";
      if (out.empty()) {
        fail("ValueError", "DLDataType contains unknown type_code=" + std::to_string(t.code));
      }
  }
  // Lanes are read as int16: n > 1 is a fixed vector, n < -1 a scalable one.
  int lanes = static_cast<int16_t>(t.lanes);
  if (lanes > 1) out += "x" + std::to_string(lanes);
  if (lanes < -1) out += "xvscalex" + std::to_string(-lanes);
  return out;
}

// Messages of the exported functions start with the function's name (SPEC EXT-ERROR-MESSAGE);
// the parser's own texts (the reference runtime's spellings) follow it.
void with_function_prefix(RuntimeFailure* e, const char* func) {
  std::string prefix = std::string(func) + ": ";
  if (e->message.compare(0, prefix.size(), prefix) != 0) e->message = prefix + e->message;
}

}  // namespace
}  // namespace tvm_ffi_rt

using namespace tvm_ffi_rt;

extern "C" {

int TVMFFIDataTypeFromString(const TVMFFIByteArray* str, DLDataType* out) {
  TVM_FFI_RT_API_BEGIN();
  require_non_null(str, "TVMFFIDataTypeFromString", "str");
  require_non_null(out, "TVMFFIDataTypeFromString", "out");
  if (str->data == nullptr && str->size != 0) {
    fail("ValueError", "TVMFFIDataTypeFromString: `str->data` is NULL but `str->size` is " +
                           std::to_string(str->size));
  }
  try {
    *out = DTypeParser(std::string_view(str->data, str->size)).Parse();
  } catch (const ErrorInSlot&) {
    return -1;
  } catch (RuntimeFailure& e) {
    with_function_prefix(&e, "TVMFFIDataTypeFromString");
    throw;
  }
  TVM_FFI_RT_API_END();
}

int TVMFFIDataTypeToString(const DLDataType* dtype, TVMFFIAny* out) {
  TVM_FFI_RT_API_BEGIN();
  require_non_null(dtype, "TVMFFIDataTypeToString", "dtype");
  require_non_null(out, "TVMFFIDataTypeToString", "out");
  try {
    std::string text = dtype_to_string(*dtype);
    string_make(text.data(), text.size(), false, out);
  } catch (const ErrorInSlot&) {
    return -1;
  } catch (RuntimeFailure& e) {
    with_function_prefix(&e, "TVMFFIDataTypeToString");
    throw;
  }
  TVM_FFI_RT_API_END();
}

}  // extern "C"
