// ffi/cpp/include/tvm/ffi/dtype.h: DLDataType helpers, string conversion and TypeTraits<DLDataType>.
//
// Parsing and printing go through the runtime (TVMFFIDataTypeFromString /
// TVMFFIDataTypeToString, SPEC §10) so that every party agrees on the forms.
#ifndef TVM_FFI_DTYPE_H_
#define TVM_FFI_DTYPE_H_

#include <dlpack/dlpack.h>
#include <tvm/ffi/any.h>
#include <tvm/ffi/error.h>
#include <tvm/ffi/string.h>
#include <tvm/ffi/type_traits.h>

#include <cstdint>
#include <ostream>
#include <string>

namespace tvm {
namespace ffi {

/*! \brief Type codes from this value up are user-defined ("custom[...]") types. */
enum DLExtDataTypeCode { kDLExtCustomBegin = 129 };

namespace detail {

/*! \brief Name, short prefix and float-ness of a builtin DLDataTypeCode. */
struct DTypeCodeInfo {
  const char* name;
  const char* abbrev;
  bool is_float;
};

/*! \return The info of a builtin code, or nullptr (complex, custom and unknown codes). */
inline const DTypeCodeInfo* FindDTypeCodeInfo(int code) {
  static constexpr DTypeCodeInfo kTable[] = {
      {"int", "i", false},         {"uint", "u", false},
      {"float", "f", true},        {"handle", "handle", false},
      {"bfloat", "bf", true},      {nullptr, nullptr, false},  // 5: complex
      {"bool", "bool", false},     {"float8_e3m4", "f8_e3m4", true},
      {"float8_e4m3", "f8_e4m3", true}, {"float8_e4m3b11fnuz", "f8_e4m3b11fnuz", true},
      {"float8_e4m3fn", "f8_e4m3fn", true}, {"float8_e4m3fnuz", "f8_e4m3fnuz", true},
      {"float8_e5m2", "f8_e5m2", true}, {"float8_e5m2fnuz", "f8_e5m2fnuz", true},
      {"float8_e8m0fnu", "f8_e8m0fnu", true}, {"float6_e2m3fn", "f6_e2m3fn", true},
      {"float6_e3m2fn", "f6_e3m2fn", true}, {"float4_e2m1fn", "f4_e2m1fn", true},
  };
  if (code < 0 || code >= static_cast<int>(sizeof(kTable) / sizeof(kTable[0]))) return nullptr;
  return kTable[code].name != nullptr ? &kTable[code] : nullptr;
}

[[noreturn]] TVM_FFI_COLD_CODE inline void ThrowUnknownTypeCode(int code) {
  TVM_FFI_THROW(ValueError) << "DLDataType contains unknown type_code=" << code;
}

/*! \return The base name of a type code ("int", "float8_e4m3fn", "custom", ...). */
inline const char* DLDataTypeCodeAsCStr(DLDataTypeCode type_code) {
  int code = static_cast<int>(type_code);
  if (const DTypeCodeInfo* info = FindDTypeCodeInfo(code)) return info->name;
  if (code >= kDLExtCustomBegin) return "custom";
  ThrowUnknownTypeCode(code);
}

}  // namespace detail

/*! \brief Parses a dtype string ("float32", "int8x4", ...); throws ValueError when invalid. */
inline DLDataType StringToDLDataType(const String& str) {
  DLDataType out;
  TVMFFIByteArray text{str.data(), str.size()};
  TVM_FFI_CHECK_SAFE_CALL(TVMFFIDataTypeFromString(&text, &out));
  return out;
}

/*! \brief The canonical string of a dtype; throws ValueError for an unknown code. */
inline String DLDataTypeToString(DLDataType dtype) {
  TVMFFIAny out;
  TVM_FFI_CHECK_SAFE_CALL(TVMFFIDataTypeToString(&dtype, &out));
  return TypeTraits<String>::MoveFromAnyAfterCheck(&out);
}

/*! \return Whether the dtype is a floating-point kind (float, bfloat, float8/6/4 variants). */
inline bool DTypeIsFloat(DLDataType dtype) {
  const detail::DTypeCodeInfo* info = detail::FindDTypeCodeInfo(dtype.code);
  return info != nullptr && info->is_float;
}
/*! \return Whether the dtype is a signed or unsigned integer. */
TVM_FFI_INLINE bool DTypeIsInt(DLDataType dtype) {
  return dtype.code == kDLInt || dtype.code == kDLUInt;
}
/*! \return Whether the dtype is a bool. */
TVM_FFI_INLINE bool DTypeIsBool(DLDataType dtype) { return dtype.code == kDLBool; }

/*! \return A short name: "f32", "i8x4", "bf16", "bool", "void", "handle", ... */
inline std::string DTypeAbbrev(DLDataType dtype) {
  if (dtype.code == kDLBool && dtype.bits == 8 && dtype.lanes == 1) return "bool";
  if (dtype.code == kDLOpaqueHandle && dtype.bits == 0 && dtype.lanes == 0) return "void";
  if (dtype.code == kDLOpaqueHandle) return "handle";
  const detail::DTypeCodeInfo* info = detail::FindDTypeCodeInfo(dtype.code);
  if (info == nullptr) {
    if (dtype.code >= kDLExtCustomBegin) return std::string(DLDataTypeToString(dtype));
    detail::ThrowUnknownTypeCode(dtype.code);
  }
  std::string result = info->abbrev;
  // Fixed-width names carry their width; bool prints its width only when not 8.
  bool prints_bits = dtype.code < kDLFloat8_e3m4 && !(dtype.code == kDLBool && dtype.bits == 8);
  if (prints_bits) result += std::to_string(static_cast<int>(dtype.bits));
  auto lanes = static_cast<int16_t>(dtype.lanes);
  if (lanes > 1) {
    result += "x" + std::to_string(lanes);
  } else if (lanes < -1) {
    result += "xvscalex" + std::to_string(-lanes);
  }
  return result;
}

/*! \brief DLDataType travels as kTVMFFIDataType; a dtype string converts. */
template <>
struct TypeTraits<DLDataType> : public TypeTraitsBase {
  static constexpr int32_t field_static_type_index = TypeIndex::kTVMFFIDataType;
  TVM_FFI_INLINE static void CopyToAnyView(const DLDataType& src, TVMFFIAny* result) {
    detail::SetPodHeader(result, TypeIndex::kTVMFFIDataType);  // bytes 12-15 stay zero
    result->v_dtype = src;
  }
  TVM_FFI_INLINE static void MoveToAny(DLDataType src, TVMFFIAny* result) {
    CopyToAnyView(src, result);
  }
  TVM_FFI_INLINE static bool CheckAnyStrict(const TVMFFIAny* src) {
    return src->type_index == TypeIndex::kTVMFFIDataType;
  }
  TVM_FFI_INLINE static DLDataType CopyFromAnyViewAfterCheck(const TVMFFIAny* src) {
    return src->v_dtype;
  }
  TVM_FFI_INLINE static DLDataType MoveFromAnyAfterCheck(TVMFFIAny* src) { return src->v_dtype; }
  TVM_FFI_INLINE static std::optional<DLDataType> TryCastFromAnyView(const TVMFFIAny* src) {
    if (src->type_index == TypeIndex::kTVMFFIDataType) return src->v_dtype;
    if (auto text = TypeTraits<std::string>::TryCastFromAnyView(src)) {
      return StringToDLDataType(*text);
    }
    return std::nullopt;
  }
  TVM_FFI_INLINE static std::string TypeStr() { return StaticTypeKey::kTVMFFIDataType; }
  TVM_FFI_INLINE static std::string TypeSchema() {
    return detail::SimpleTypeSchema(StaticTypeKey::kTVMFFIDataType);
  }
};

}  // namespace ffi
}  // namespace tvm

inline std::ostream& operator<<(std::ostream& os, DLDataType dtype) {  // NOLINT(*)
  return os << tvm::ffi::DLDataTypeToString(dtype);
}
inline bool operator==(const DLDataType& lhs, const DLDataType& rhs) {
  return lhs.code == rhs.code && lhs.bits == rhs.bits && lhs.lanes == rhs.lanes;
}
inline bool operator!=(const DLDataType& lhs, const DLDataType& rhs) { return !(lhs == rhs); }

#endif  // TVM_FFI_DTYPE_H_
