// ffi/cpp/include/tvm/ffi/string.h: String and Bytes, 16-byte values with the small-string rule of SPEC §7.
//
// A String or Bytes is one TVMFFIAny: up to 7 bytes inline (SmallStr /
// SmallBytes, NUL after the content, rest zero), otherwise a reference to a
// 40-byte heap object {TVMFFIObject; TVMFFIByteArray} whose data is
// NUL-terminated. Every constructor picks the form by length, so equal values
// are byte-identical in an Any (SPEC ANY-BYTE-EQUALITY).
#ifndef TVM_FFI_STRING_H_
#define TVM_FFI_STRING_H_

#include <tvm/ffi/base_detail.h>
#include <tvm/ffi/error.h>
#include <tvm/ffi/memory.h>
#include <tvm/ffi/object.h>
#include <tvm/ffi/type_traits.h>

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <functional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tvm {
namespace ffi {
namespace detail {

/*! \brief Layout shared by heap strings and bytes: header, then {data, size} at +24. */
class BytesObjBase : public Object, public TVMFFIByteArray {};

/*! \brief Heap Bytes object (index 66). */
class BytesObj : public BytesObjBase {
 public:
  static constexpr int32_t _type_index = TypeIndex::kTVMFFIBytes;
  static constexpr bool _type_final = true;
  TVM_FFI_DECLARE_OBJECT_INFO_STATIC(StaticTypeKey::kTVMFFIBytes, BytesObj, Object);
};

/*! \brief Heap String object (index 65). */
class StringObj : public BytesObjBase {
 public:
  static constexpr int32_t _type_index = TypeIndex::kTVMFFIStr;
  static constexpr bool _type_final = true;
  TVM_FFI_DECLARE_OBJECT_INFO_STATIC(StaticTypeKey::kTVMFFIStr, StringObj, Object);
};

/*! \brief A heap string/bytes object that keeps its content in a std::string (no copy). */
template <typename Base>
class BytesObjStdImpl : public Base {
 public:
  explicit BytesObjStdImpl(std::string content) : storage_(std::move(content)) {
    this->data = storage_.data();
    this->size = storage_.size();
  }

 private:
  std::string storage_;
};

/*! \brief Longest content stored inline: the payload minus the NUL. */
constexpr size_t kMaxSmallBytesLen = sizeof(int64_t) - 1;

/*!
 * \brief Owns the TVMFFIAny of a String (kSmall = SmallStr, HeapObj = StringObj)
 *        or a Bytes (SmallBytes, BytesObj). A moved-from cell is empty.
 */
template <int32_t kSmall, typename HeapObj>
class BytesCell {
 public:
  BytesCell() { Clear(); }
  BytesCell(const BytesCell& other) : data_(other.data_) {
    if (IsHeap()) ObjectUnsafe::IncRefObjectHandle(data_.v_obj);
  }
  BytesCell(BytesCell&& other) noexcept : data_(other.data_) { other.Clear(); }
  BytesCell& operator=(const BytesCell& other) {
    BytesCell(other).swap(*this);
    return *this;
  }
  BytesCell& operator=(BytesCell&& other) noexcept {
    BytesCell(std::move(other)).swap(*this);
    return *this;
  }
  ~BytesCell() {
    if (IsHeap()) ObjectUnsafe::DecRefObjectHandle(data_.v_obj);
  }
  void swap(BytesCell& other) noexcept { std::swap(data_, other.data_); }

  const char* data() const noexcept {
    return IsHeap() ? TVMFFIBytesGetByteArrayPtr(data_.v_obj)->data : data_.v_bytes;
  }
  size_t size() const noexcept {
    return IsHeap() ? TVMFFIBytesGetByteArrayPtr(data_.v_obj)->size : data_.small_str_len;
  }

  /*! \brief Makes room for `n` bytes plus a NUL (small or heap by `n`); returns the buffer. */
  char* Allocate(size_t n) {
    BytesCell().swap(*this);
    if (n <= kMaxSmallBytesLen) {
      data_.small_str_len = static_cast<uint32_t>(n);
      return data_.v_bytes;
    }
    ObjectPtr<HeapObj> obj = make_inplace_array_object<HeapObj, char>(n + 1);
    char* buffer = reinterpret_cast<char*>(obj.get()) + sizeof(HeapObj);
    obj->data = buffer;
    obj->size = n;
    SetHeap(ObjectUnsafe::MoveObjectPtrToTVMFFIObjectPtr(std::move(obj)));
    return buffer;
  }
  void Assign(const char* src, size_t n) {
    char* buffer = Allocate(n);
    if (n != 0) std::memcpy(buffer, src, n);
    buffer[n] = '\0';
  }
  /*! \brief Takes over a std::string; long ones become a heap object around it. */
  void Assign(std::string&& src) {
    if (src.size() <= kMaxSmallBytesLen) return Assign(src.data(), src.size());
    BytesCell().swap(*this);
    SetHeap(ObjectUnsafe::MoveObjectPtrToTVMFFIObjectPtr(
        ObjectPtr<HeapObj>(make_object<BytesObjStdImpl<HeapObj>>(std::move(src)))));
  }

  /*! \return A borrowed view of the value. */
  const TVMFFIAny& raw() const { return data_; }
  /*! \brief Hands the owned value over and leaves the cell empty. */
  TVMFFIAny Release() {
    TVMFFIAny out = data_;
    Clear();
    return out;
  }
  /*! \brief A cell sharing the value of `src` (which must hold this kind). */
  static BytesCell CopyFrom(const TVMFFIAny* src) {
    BytesCell cell;
    cell.data_ = *src;
    if (cell.IsHeap()) ObjectUnsafe::IncRefObjectHandle(cell.data_.v_obj);
    return cell;
  }
  /*! \brief A cell taking the value out of `src`, which becomes None. */
  static BytesCell MoveFrom(TVMFFIAny* src) {
    BytesCell cell;
    cell.data_ = *src;
    src->type_index = TypeIndex::kTVMFFINone;
    src->zero_padding = 0;
    src->v_int64 = 0;
    return cell;
  }

 private:
  bool IsHeap() const { return data_.type_index >= TypeIndex::kTVMFFIStaticObjectBegin; }
  void Clear() {
    data_.type_index = kSmall;
    data_.small_str_len = 0;
    data_.v_int64 = 0;
  }
  void SetHeap(TVMFFIObject* obj) {
    data_.type_index = HeapObj::_type_index;
    data_.zero_padding = 0;
    TVM_FFI_CLEAR_PTR_PADDING_IN_FFI_ANY(&data_);
    data_.v_obj = obj;
  }
  TVMFFIAny data_;
};

using StringCell = BytesCell<TypeIndex::kTVMFFISmallStr, StringObj>;
template <typename T, int32_t kSmall, int32_t kHeap>
struct BytesLikeTraitsBase;
using BytesValueCell = BytesCell<TypeIndex::kTVMFFISmallBytes, BytesObj>;

}  // namespace detail

/*! \brief An immutable byte string (Python `bytes`); may hold any bytes. */
class Bytes {
 public:
  Bytes() = default;
  Bytes(const char* data, size_t size) { cell_.Assign(data, size); }
  Bytes(TVMFFIByteArray bytes) { cell_.Assign(bytes.data, bytes.size); }  // NOLINT(*)
  Bytes(const std::string& other) { cell_.Assign(other.data(), other.size()); }  // NOLINT(*)
  Bytes(std::string&& other) { cell_.Assign(std::move(other)); }  // NOLINT(*)

  template <typename T>
  Bytes& operator=(T&& other) {
    Bytes(std::forward<T>(other)).swap(*this);
    return *this;
  }
  void swap(Bytes& other) noexcept { cell_.swap(other.cell_); }

  size_t size() const { return cell_.size(); }
  /*! \return The content; NUL-terminated, but may also contain NULs. */
  const char* data() const { return cell_.data(); }
  operator std::string() const { return std::string(data(), size()); }  // NOLINT(*)

  /*! \brief Three-way comparison of two byte ranges (bytes compared as `char`). */
  static int memncmp(const char* lhs, const char* rhs, size_t lhs_count, size_t rhs_count) {
    if (lhs != rhs || lhs_count != rhs_count) {
      size_t n = std::min(lhs_count, rhs_count);
      for (size_t i = 0; i < n; ++i) {
        if (lhs[i] != rhs[i]) return lhs[i] < rhs[i] ? -1 : 1;
      }
    }
    return lhs_count == rhs_count ? 0 : (lhs_count < rhs_count ? -1 : 1);
  }
  /*! \brief Whether two byte ranges are equal. */
  static bool memequal(const void* lhs, const void* rhs, size_t lhs_count, size_t rhs_count) {
    return lhs_count == rhs_count && (lhs == rhs || lhs_count == 0 ||
                                      std::memcmp(lhs, rhs, lhs_count) == 0);
  }

 private:
  explicit Bytes(detail::BytesValueCell cell) : cell_(std::move(cell)) {}
  detail::BytesValueCell cell_;
  template <typename, int32_t, int32_t>
  friend struct detail::BytesLikeTraitsBase;
  template <typename, typename>
  friend struct TypeTraits;
};

/*! \brief An immutable text string; content is usually UTF-8 but is never checked. */
class String {
 public:
  String() = default;
  String(std::nullptr_t) = delete;  // a null C string is a bug, not an empty string
  String(const String&) = default;
  String(String&&) = default;
  String& operator=(const String&) = default;
  String& operator=(String&&) = default;
  String(const char* data, size_t size) { cell_.Assign(data, size); }
  String(const char* other) { cell_.Assign(other, std::strlen(other)); }  // NOLINT(*)
  String(const std::string& other) { cell_.Assign(other.data(), other.size()); }  // NOLINT(*)
  String(std::string&& other) { cell_.Assign(std::move(other)); }  // NOLINT(*)
  explicit String(TVMFFIByteArray other) { cell_.Assign(other.data, other.size); }

  String& operator=(const std::string& other) { return *this = String(other); }
  String& operator=(std::string&& other) { return *this = String(std::move(other)); }
  String& operator=(const char* other) { return *this = String(other); }
  void swap(String& other) noexcept { cell_.swap(other.cell_); }

  const char* data() const noexcept { return cell_.data(); }
  const char* c_str() const noexcept { return cell_.data(); }
  size_t size() const noexcept { return cell_.size(); }
  size_t length() const { return size(); }
  bool empty() const { return size() == 0; }
  operator std::string() const { return std::string(data(), size()); }  // NOLINT(*)

  int compare(const String& other) const {
    return Bytes::memncmp(data(), other.data(), size(), other.size());
  }
  int compare(const std::string& other) const {
    return Bytes::memncmp(data(), other.data(), size(), other.size());
  }
  int compare(const char* other) const {
    return Bytes::memncmp(data(), other, size(), std::strlen(other));
  }
  int compare(const TVMFFIByteArray& other) const {
    return Bytes::memncmp(data(), other.data, size(), other.size);
  }

  /*! \return The byte at `pos`; throws std::out_of_range past the end. */
  char at(size_t pos) const {
    if (pos >= size()) throw std::out_of_range("tvm::ffi::String::at: index out of range");
    return data()[pos];
  }

  static constexpr size_t npos = static_cast<size_t>(-1);
  size_t find(const String& str, size_t pos = 0) const { return find(str.data(), pos, str.size()); }
  size_t find(const char* str, size_t pos = 0) const { return find(str, pos, std::strlen(str)); }
  size_t find(const char* str, size_t pos, size_t count) const {
    return view().find(std::string_view(str, count), pos);
  }
  /*! \return Up to `count` bytes from `pos`; throws std::out_of_range if pos > size(). */
  String substr(size_t pos = 0, size_t count = npos) const {
    if (pos > size()) throw std::out_of_range("tvm::ffi::String::substr: position out of range");
    return String(data() + pos, std::min(count, size() - pos));
  }
  bool starts_with(const String& prefix) const { return starts_with(prefix.data(), prefix.size()); }
  bool starts_with(std::string_view prefix) const {
    return starts_with(prefix.data(), prefix.size());
  }
  bool starts_with(const char* prefix) const { return starts_with(prefix, std::strlen(prefix)); }
  bool starts_with(const char* prefix, size_t count) const {
    return count <= size() && std::memcmp(data(), prefix, count) == 0;
  }
  bool ends_with(const String& suffix) const { return ends_with(suffix.data(), suffix.size()); }
  bool ends_with(std::string_view suffix) const { return ends_with(suffix.data(), suffix.size()); }
  bool ends_with(const char* suffix) const { return ends_with(suffix, std::strlen(suffix)); }
  bool ends_with(const char* suffix, size_t count) const {
    return count <= size() && std::memcmp(data() + size() - count, suffix, count) == 0;
  }
  /*! \return The pieces between `delim`s; views into this String, valid while it lives. */
  std::vector<std::string_view> Split(char delim) const {
    std::vector<std::string_view> pieces;
    std::string_view rest = view();
    for (size_t cut; (cut = rest.find(delim)) != std::string_view::npos; rest.remove_prefix(cut + 1)) {
      pieces.push_back(rest.substr(0, cut));
    }
    pieces.push_back(rest);
    return pieces;
  }

 private:
  explicit String(detail::StringCell cell) : cell_(std::move(cell)) {}
  std::string_view view() const { return std::string_view(data(), size()); }
  static String Concat(std::string_view lhs, std::string_view rhs) {
    String result;
    char* buffer = result.cell_.Allocate(lhs.size() + rhs.size());
    if (!lhs.empty()) std::memcpy(buffer, lhs.data(), lhs.size());
    if (!rhs.empty()) std::memcpy(buffer + lhs.size(), rhs.data(), rhs.size());
    buffer[lhs.size() + rhs.size()] = '\0';
    return result;
  }

  detail::StringCell cell_;
  template <typename, int32_t, int32_t>
  friend struct detail::BytesLikeTraitsBase;
  template <typename, typename>
  friend struct TypeTraits;
  friend String operator+(const String&, const String&);
  friend String operator+(const String&, const std::string&);
  friend String operator+(const std::string&, const String&);
  friend String operator+(const String&, const char*);
  friend String operator+(const char*, const String&);
};

inline String operator+(const String& a, const String& b) {
  return String::Concat({a.data(), a.size()}, {b.data(), b.size()});
}
inline String operator+(const String& a, const std::string& b) {
  return String::Concat({a.data(), a.size()}, b);
}
inline String operator+(const std::string& a, const String& b) {
  return String::Concat(a, {b.data(), b.size()});
}
inline String operator+(const String& a, const char* b) {
  return String::Concat({a.data(), a.size()}, b);
}
inline String operator+(const char* a, const String& b) {
  return String::Concat(a, {b.data(), b.size()});
}

// Comparisons of String with String, std::string and C strings, all by content.
// Comparing with nullptr is deleted: it would read a null C string.
#define TVM_FFI_STRING_COMPARE_OP_(op)                                                             \
  inline bool operator op(const String& a, const String& b) { return a.compare(b) op 0; }          \
  inline bool operator op(const String& a, const std::string& b) { return a.compare(b) op 0; }     \
  inline bool operator op(const std::string& a, const String& b) { return 0 op b.compare(a); }     \
  inline bool operator op(const String& a, const char* b) { return a.compare(b) op 0; }            \
  inline bool operator op(const char* a, const String& b) { return 0 op b.compare(a); }            \
  bool operator op(const String&, std::nullptr_t) = delete;                                        \
  bool operator op(std::nullptr_t, const String&) = delete;
TVM_FFI_STRING_COMPARE_OP_(==)
TVM_FFI_STRING_COMPARE_OP_(!=)
TVM_FFI_STRING_COMPARE_OP_(<)
TVM_FFI_STRING_COMPARE_OP_(>)
TVM_FFI_STRING_COMPARE_OP_(<=)
TVM_FFI_STRING_COMPARE_OP_(>=)
#undef TVM_FFI_STRING_COMPARE_OP_

inline std::ostream& operator<<(std::ostream& out, const String& value) {
  return out.write(value.data(), static_cast<std::streamsize>(value.size()));
}

/*! \return A view of a byte array. */
TVM_FFI_INLINE std::string_view ToStringView(TVMFFIByteArray str) {
  return std::string_view(str.data, str.size);
}

/*! \return `value` as a quoted JSON string literal. */
inline String EscapeStringJSON(const String& value);
/*! \brief Deprecated name of EscapeStringJSON. */
[[deprecated("Use EscapeStringJSON instead")]] inline String EscapeString(const String& value) {
  return EscapeStringJSON(value);
}
/*! \return `value` as a quoted, Python-repr-style literal. */
inline String EscapedStringPy(const String& value);

}  // namespace ffi
}  // namespace tvm

namespace std {
template <>
struct hash<::tvm::ffi::Bytes> {
  size_t operator()(const ::tvm::ffi::Bytes& value) const {
    return hash<string_view>()(string_view(value.data(), value.size()));
  }
};
template <>
struct hash<::tvm::ffi::String> {
  size_t operator()(const ::tvm::ffi::String& value) const {
    return hash<string_view>()(string_view(value.data(), value.size()));
  }
};
}  // namespace std

#include <tvm/ffi/string_detail.h>  // NOLINT(build/include_order): needs String and Bytes

#endif  // TVM_FFI_STRING_H_
