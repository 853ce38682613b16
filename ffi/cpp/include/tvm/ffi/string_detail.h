// ffi/cpp/include/tvm/ffi/string_detail.h: TypeTraits of the string types and the string escapers.
//
// Included at the end of string.h; include string.h, not this file.
//
// Owned values are always String/Bytes. The view-only kinds (RawStr for
// `const char*` and std::string arguments, ByteArrayPtr) appear only in call
// arguments and convert to String/Bytes when stored (SPEC ANY-VIEW-ONLY-KINDS).
#ifndef TVM_FFI_STRING_DETAIL_H_
#define TVM_FFI_STRING_DETAIL_H_

#include <tvm/ffi/string.h>

#include <cstdio>
#include <string>
#include <utility>

namespace tvm {
namespace ffi {
namespace detail {

/*! \brief Shared traits of String (kSmall/kHeap = 11/65) and Bytes (12/66). */
template <typename T, int32_t kSmall, int32_t kHeap>
struct BytesLikeTraitsBase : public TypeTraitsBase {
  // Small or heap form, so a field of this type has no single static index.
  static constexpr int32_t field_static_type_index = TypeIndex::kTVMFFIAny;
  TVM_FFI_INLINE static void CopyToAnyView(const T& src, TVMFFIAny* result) {
    *result = src.cell_.raw();
  }
  TVM_FFI_INLINE static void MoveToAny(T src, TVMFFIAny* result) { *result = src.cell_.Release(); }
  TVM_FFI_INLINE static bool CheckAnyStrict(const TVMFFIAny* src) {
    return src->type_index == kSmall || src->type_index == kHeap;
  }
  TVM_FFI_INLINE static T CopyFromAnyViewAfterCheck(const TVMFFIAny* src) {
    return T(decltype(T::cell_)::CopyFrom(src));
  }
  TVM_FFI_INLINE static T MoveFromAnyAfterCheck(TVMFFIAny* src) {
    return T(decltype(T::cell_)::MoveFrom(src));
  }
};

}  // namespace detail

template <>
inline constexpr bool use_default_type_traits_v<Bytes> = false;

template <>
struct TypeTraits<Bytes>
    : public detail::BytesLikeTraitsBase<Bytes, TypeIndex::kTVMFFISmallBytes,
                                         TypeIndex::kTVMFFIBytes> {
  TVM_FFI_INLINE static std::optional<Bytes> TryCastFromAnyView(const TVMFFIAny* src) {
    if (src->type_index == TypeIndex::kTVMFFIByteArrayPtr) {
      return Bytes(*static_cast<const TVMFFIByteArray*>(src->v_ptr));
    }
    if (CheckAnyStrict(src)) return CopyFromAnyViewAfterCheck(src);
    return std::nullopt;
  }
  TVM_FFI_INLINE static std::string TypeStr() { return "bytes"; }
  TVM_FFI_INLINE static std::string TypeSchema() {
    return detail::SimpleTypeSchema(StaticTypeKey::kTVMFFIBytes);
  }
};

template <>
inline constexpr bool use_default_type_traits_v<String> = false;

template <>
struct TypeTraits<String>
    : public detail::BytesLikeTraitsBase<String, TypeIndex::kTVMFFISmallStr,
                                         TypeIndex::kTVMFFIStr> {
  TVM_FFI_INLINE static std::optional<String> TryCastFromAnyView(const TVMFFIAny* src) {
    if (src->type_index == TypeIndex::kTVMFFIRawStr) return String(src->v_c_str);
    if (CheckAnyStrict(src)) return CopyFromAnyViewAfterCheck(src);
    return std::nullopt;
  }
  TVM_FFI_INLINE static std::string TypeStr() { return "str"; }
  TVM_FFI_INLINE static std::string TypeSchema() {
    return detail::SimpleTypeSchema(StaticTypeKey::kTVMFFIStr);
  }
};

/*! \brief String literals pass as RawStr views; stored, they become a String. */
template <size_t N>
struct TypeTraits<char[N]> : public TypeTraitsBase {
  static constexpr bool storage_enabled = false;
  TVM_FFI_INLINE static void CopyToAnyView(const char src[N], TVMFFIAny* result) {
    detail::SetPodHeader(result, TypeIndex::kTVMFFIRawStr);
    result->v_c_str = src;
  }
  TVM_FFI_INLINE static void MoveToAny(const char src[N], TVMFFIAny* result) {
    TypeTraits<String>::MoveToAny(String(src), result);
  }
};

/*! \brief C strings pass as RawStr views; stored, they become a String. Never NULL. */
template <>
struct TypeTraits<const char*> : public TypeTraitsBase {
  static constexpr bool storage_enabled = false;
  TVM_FFI_INLINE static void CopyToAnyView(const char* src, TVMFFIAny* result) {
    TVM_FFI_ICHECK_NOTNULL(src);
    detail::SetPodHeader(result, TypeIndex::kTVMFFIRawStr);
    result->v_c_str = src;
  }
  TVM_FFI_INLINE static void MoveToAny(const char* src, TVMFFIAny* result) {
    TypeTraits<String>::MoveToAny(String(src), result);
  }
  TVM_FFI_INLINE static std::optional<const char*> TryCastFromAnyView(const TVMFFIAny* src) {
    if (src->type_index == TypeIndex::kTVMFFIRawStr) return src->v_c_str;
    return std::nullopt;
  }
  TVM_FFI_INLINE static std::string TypeStr() { return StaticTypeKey::kTVMFFIRawStr; }
  TVM_FFI_INLINE static std::string TypeSchema() {
    return detail::SimpleTypeSchema(StaticTypeKey::kTVMFFIRawStr);
  }
};

/*! \brief Byte-array pointers pass as ByteArrayPtr views; stored, they become Bytes. */
template <>
struct TypeTraits<TVMFFIByteArray*> : public TypeTraitsBase {
  static constexpr int32_t field_static_type_index = TypeIndex::kTVMFFIByteArrayPtr;
  static constexpr bool storage_enabled = false;
  TVM_FFI_INLINE static void CopyToAnyView(TVMFFIByteArray* src, TVMFFIAny* result) {
    TVM_FFI_ICHECK_NOTNULL(src);
    detail::SetPodHeader(result, TypeIndex::kTVMFFIByteArrayPtr);
    result->v_ptr = src;
  }
  TVM_FFI_INLINE static void MoveToAny(TVMFFIByteArray* src, TVMFFIAny* result) {
    TypeTraits<Bytes>::MoveToAny(Bytes(*src), result);
  }
  TVM_FFI_INLINE static std::optional<TVMFFIByteArray*> TryCastFromAnyView(const TVMFFIAny* src) {
    if (src->type_index == TypeIndex::kTVMFFIByteArrayPtr) {
      return static_cast<TVMFFIByteArray*>(src->v_ptr);
    }
    return std::nullopt;
  }
  TVM_FFI_INLINE static std::string TypeStr() { return StaticTypeKey::kTVMFFIByteArrayPtr; }
  TVM_FFI_INLINE static std::string TypeSchema() {
    return detail::SimpleTypeSchema(StaticTypeKey::kTVMFFIByteArrayPtr);
  }
};

template <>
inline constexpr bool use_default_type_traits_v<std::string> = false;

/*!
 * \brief std::string passes as a RawStr view of its c_str(); stored, it becomes a
 *        String. Any string or bytes value converts to it.
 */
template <>
struct TypeTraits<std::string>
    : public FallbackOnlyTraitsBase<std::string, const char*, TVMFFIByteArray*, Bytes, String> {
  TVM_FFI_INLINE static void CopyToAnyView(const std::string& src, TVMFFIAny* result) {
    detail::SetPodHeader(result, TypeIndex::kTVMFFIRawStr);
    result->v_c_str = src.c_str();
  }
  TVM_FFI_INLINE static void MoveToAny(std::string src, TVMFFIAny* result) {
    TypeTraits<String>::MoveToAny(String(std::move(src)), result);
  }
  TVM_FFI_INLINE static std::string TypeStr() { return "std::string"; }
  TVM_FFI_INLINE static std::string TypeSchema() { return R"({"type":"std::string"})"; }
  static std::string ConvertFallbackValue(const char* src) { return std::string(src); }
  static std::string ConvertFallbackValue(TVMFFIByteArray* src) {
    return std::string(src->data, src->size);
  }
  static std::string ConvertFallbackValue(const Bytes& src) { return std::string(src); }
  static std::string ConvertFallbackValue(const String& src) { return std::string(src); }
};

namespace detail {
/*! \brief Appends `fmt` formatted with one integer (escape sequences only). */
inline void AppendFormatted(std::string* out, const char* fmt, unsigned value) {
  char buffer[16];
  int n = std::snprintf(buffer, sizeof(buffer), fmt, value);
  if (n > 0) out->append(buffer, static_cast<size_t>(n));
}
}  // namespace detail

inline String EscapeStringJSON(const String& value) {
  std::string out = "\"";
  for (size_t i = 0; i < value.size(); ++i) {
    char c = value.data()[i];
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '/': out += "\\/"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: {
        auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7f) {
          detail::AppendFormatted(&out, "\\u%04x", byte);
        } else {
          out += c;
        }
      }
    }
  }
  out += '"';
  return String(std::move(out));
}

/*!
 * Escapes control characters as \xNN, decodes well-formed UTF-8 sequences to
 * \uNNNN / \UNNNNNNNN, and keeps ANSI colour sequences (ESC [ digits/; m|K)
 * readable as \x1b[...; malformed bytes become \xNN.
 */
inline String EscapedStringPy(const String& value) {
  const auto* s = reinterpret_cast<const unsigned char*>(value.data());
  const size_t n = value.size();
  auto is_cont = [&](size_t k) { return k < n && (s[k] & 0xC0) == 0x80; };
  std::string out = "\"";
  size_t i = 0;
  while (i < n) {
    unsigned char c = s[i];
    if (c == 0x1b && i + 1 < n && s[i + 1] == '[') {
      size_t j = i + 2;
      while (j < n && ((s[j] >= '0' && s[j] <= '9') || s[j] == ';')) ++j;
      if (j < n && (s[j] == 'm' || s[j] == 'K')) {
        out += "\\x1b[";
        out.append(value.data() + i + 2, j - i - 1);
        i = j + 1;
        continue;
      }
    }
    const char* simple = nullptr;
    switch (c) {
      case '\n': simple = "\\n"; break;
      case '\t': simple = "\\t"; break;
      case '\r': simple = "\\r"; break;
      case '\\': simple = "\\\\"; break;
      case '"': simple = "\\\""; break;
      default: break;
    }
    if (simple != nullptr) {
      out += simple;
      ++i;
    } else if (c < 0x80) {
      if (c < 0x20 || c == 0x7f) {
        detail::AppendFormatted(&out, "\\x%02x", c);
      } else {
        out += static_cast<char>(c);
      }
      ++i;
    } else if ((c & 0xE0) == 0xC0 && is_cont(i + 1)) {
      detail::AppendFormatted(&out, "\\u%04x", ((c & 0x1Fu) << 6) | (s[i + 1] & 0x3Fu));
      i += 2;
    } else if ((c & 0xF0) == 0xE0 && i + 2 < n && is_cont(i + 1) && is_cont(i + 2)) {
      detail::AppendFormatted(&out, "\\u%04x",
                              ((c & 0x0Fu) << 12) | ((s[i + 1] & 0x3Fu) << 6) | (s[i + 2] & 0x3Fu));
      i += 3;
    } else if ((c & 0xF8) == 0xF0 && i + 3 < n && is_cont(i + 1) && is_cont(i + 2) &&
               is_cont(i + 3)) {
      detail::AppendFormatted(&out, "\\U%08x",
                              ((c & 0x07u) << 18) | ((s[i + 1] & 0x3Fu) << 12) |
                                  ((s[i + 2] & 0x3Fu) << 6) | (s[i + 3] & 0x3Fu));
      i += 4;
    } else {
      detail::AppendFormatted(&out, "\\x%02x", c);
      ++i;
    }
  }
  out += '"';
  return String(std::move(out));
}

}  // namespace ffi
}  // namespace tvm

#endif  // TVM_FFI_STRING_DETAIL_H_
