// ffi/cpp/include/tvm/ffi/any.h: AnyView (borrowing) and Any (owning) TVMFFIAny wrappers, AnyHash and AnyEqual.
//
// Both classes are exactly one TVMFFIAny, so arrays of them are passed to the C
// ABI by reinterpret_cast. AnyHash/AnyEqual are the container-key hash and
// equality of SPEC §2.4; they are inlined into every module and must agree
// bit for bit with every other party.
#ifndef TVM_FFI_ANY_H_
#define TVM_FFI_ANY_H_

#include <dlpack/dlpack.h>
#include <tvm/ffi/c_api.h>
#include <tvm/ffi/error.h>
#include <tvm/ffi/string.h>
#include <tvm/ffi/type_traits.h>

#include <limits>
#include <optional>
#include <sstream>
#include <string>
#include <type_traits>
#include <utility>

namespace tvm {
namespace ffi {

class Any;

namespace detail {
struct AnyUnsafe;

// Messages of failed conversions; shared so that every path words them alike.
template <typename T>
[[noreturn]] TVM_FFI_COLD_CODE void ThrowCannotConvert(const TVMFFIAny* src) {
  TVM_FFI_THROW(TypeError) << "Cannot convert from type `"
                           << TypeTraits<T>::GetMismatchTypeInfo(src) << "` to `"
                           << TypeTraits<T>::TypeStr() << "`";
}
template <typename T>
[[noreturn]] TVM_FFI_COLD_CODE void ThrowCannotTreatAs(const TVMFFIAny* src) {
  TVM_FFI_THROW(TypeError) << "Cannot treat type `" << TypeTraits<T>::GetMismatchTypeInfo(src)
                           << "` as type `" << TypeTraits<T>::TypeStr() << "`";
}
}  // namespace detail

/*!
 * \brief A non-owning view of a value: what call arguments are. It must not
 *        outlive what it views. Trivially copyable.
 */
class AnyView {
 protected:
  TVMFFIAny data_;
  friend class Any;
  friend struct detail::AnyUnsafe;

 public:
  TVM_FFI_INLINE AnyView() { detail::WriteNoneToAny(&data_); }
  AnyView(const AnyView&) = default;
  AnyView(AnyView&&) noexcept = default;
  AnyView& operator=(const AnyView&) = default;
  AnyView& operator=(AnyView&&) noexcept = default;
  ~AnyView() = default;
  /*! \brief A view of `other` (which must outlive the view). */
  template <typename T, typename = std::enable_if_t<TypeTraits<T>::convert_enabled>>
  TVM_FFI_INLINE AnyView(const T& other) {  // NOLINT(google-explicit-constructor)
    TypeTraits<T>::CopyToAnyView(other, &data_);
  }
  template <typename T, typename = std::enable_if_t<TypeTraits<T>::convert_enabled>>
  TVM_FFI_INLINE AnyView& operator=(const T& other) {
    TypeTraits<T>::CopyToAnyView(other, &data_);
    return *this;
  }

  void reset() { detail::WriteNoneToAny(&data_); }
  TVM_FFI_INLINE void swap(AnyView& other) noexcept { std::swap(data_, other.data_); }
  TVM_FFI_INLINE int32_t type_index() const noexcept { return data_.type_index; }
  /*! \return Whether both views hold the same 16 bytes (identity for objects). */
  TVM_FFI_INLINE bool same_as(const AnyView& other) const noexcept {
    return data_.type_index == other.data_.type_index &&
           data_.zero_padding == other.data_.zero_padding && data_.v_int64 == other.data_.v_int64;
  }
  /*! \return The value as T if it is stored exactly as a T (no conversion). */
  template <typename T, typename = std::enable_if_t<TypeTraits<T>::convert_enabled>>
  TVM_FFI_INLINE std::optional<T> as() const {
    if (!TypeTraits<T>::CheckAnyStrict(&data_)) return std::nullopt;
    return TypeTraits<T>::CopyFromAnyViewAfterCheck(&data_);
  }
  /*! \return The object as `const T*`, or nullptr. */
  template <typename T, typename = std::enable_if_t<std::is_base_of_v<Object, T>>>
  TVM_FFI_INLINE const T* as() const {
    return this->as<const T*>().value_or(nullptr);
  }
  /*! \brief as<T>(), throwing TypeError instead of returning nullopt. */
  template <typename T, typename = std::enable_if_t<TypeTraits<T>::convert_enabled>>
  TVM_FFI_INLINE T as_or_throw() const {
    if (TVM_FFI_PREDICT_FALSE(!TypeTraits<T>::CheckAnyStrict(&data_))) {
      detail::ThrowCannotTreatAs<T>(&data_);
    }
    return TypeTraits<T>::CopyFromAnyViewAfterCheck(&data_);
  }
  /*! \return The value converted to T (int -> float etc.); throws TypeError. */
  template <typename T, typename = std::enable_if_t<TypeTraits<T>::convert_enabled>>
  TVM_FFI_INLINE T cast() const {
    std::optional<T> value = TypeTraits<T>::TryCastFromAnyView(&data_);
    if (TVM_FFI_PREDICT_FALSE(!value.has_value())) detail::ThrowCannotConvert<T>(&data_);
    return *std::move(value);
  }
  /*! \return The value converted to T, or nullopt. */
  template <typename T, typename = std::enable_if_t<TypeTraits<T>::convert_enabled>>
  TVM_FFI_INLINE std::optional<T> try_cast() const {
    return TypeTraits<T>::TryCastFromAnyView(&data_);
  }
  TVM_FFI_INLINE bool operator==(std::nullptr_t) const noexcept {
    return data_.type_index == TypeIndex::kTVMFFINone;
  }
  TVM_FFI_INLINE bool operator!=(std::nullptr_t) const noexcept {
    return data_.type_index != TypeIndex::kTVMFFINone;
  }
  std::string GetTypeKey() const { return TypeIndexToTypeKey(data_.type_index); }
  TVM_FFI_INLINE TVMFFIAny CopyToTVMFFIAny() const { return data_; }
  TVM_FFI_INLINE static AnyView CopyFromTVMFFIAny(TVMFFIAny data) {
    AnyView view;
    view.data_ = data;
    return view;
  }
};

namespace detail {

/*!
 * \brief Turns a borrowed view into an owned value in place (SPEC ANY-VIEW-TO-OWNED):
 *        objects gain a reference, RawStr/ByteArrayPtr become String/Bytes, and an
 *        ObjectRValueRef's object is stolen from its slot.
 */
inline void InplaceConvertAnyViewToAny(TVMFFIAny* data, [[maybe_unused]] size_t extra_any_bytes = 0) {
  if (data->type_index >= TypeIndex::kTVMFFIStaticObjectBegin) {
    ObjectUnsafe::IncRefObjectHandle(data->v_obj);
  } else if (data->type_index == TypeIndex::kTVMFFIRawStr) {
    TypeTraits<String>::MoveToAny(String(data->v_c_str), data);
  } else if (data->type_index == TypeIndex::kTVMFFIByteArrayPtr) {
    TypeTraits<Bytes>::MoveToAny(Bytes(*static_cast<const TVMFFIByteArray*>(data->v_ptr)), data);
  } else if (data->type_index == TypeIndex::kTVMFFIObjectRValueRef) {
    auto* slot = static_cast<TVMFFIObject**>(data->v_ptr);
    if (*slot == nullptr) TVM_FFI_THROW(RuntimeError) << "RValueRef already moved";
    TVMFFIObject* obj = *slot;
    *slot = nullptr;
    WriteObjectToAny(obj, data);
  }
}

}  // namespace detail

/*!
 * \brief An owning value: holds one reference when it contains an object. Never
 *        contains a view-only kind (SPEC ANY-VIEW-ONLY-KINDS).
 */
class Any {
 protected:
  TVMFFIAny data_;

 public:
  TVM_FFI_INLINE Any() { detail::WriteNoneToAny(&data_); }
  TVM_FFI_INLINE ~Any() { reset(); }
  TVM_FFI_INLINE Any(const Any& other) : data_(other.data_) {
    if (IsObject()) detail::ObjectUnsafe::IncRefObjectHandle(data_.v_obj);
  }
  TVM_FFI_INLINE Any(Any&& other) noexcept : data_(other.data_) {
    detail::WriteNoneToAny(&other.data_);
  }
  TVM_FFI_INLINE Any& operator=(const Any& other) {
    Any(other).swap(*this);
    return *this;
  }
  TVM_FFI_INLINE Any& operator=(Any&& other) noexcept {
    Any(std::move(other)).swap(*this);
    return *this;
  }
  /*! \brief Takes ownership of a copy of what `other` views. */
  Any(const AnyView& other) : data_(other.data_) {  // NOLINT(google-explicit-constructor)
    detail::InplaceConvertAnyViewToAny(&data_);
  }
  Any& operator=(const AnyView& other) {
    Any(other).swap(*this);
    return *this;
  }
  operator AnyView() const {  // NOLINT(google-explicit-constructor)
    return AnyView::CopyFromTVMFFIAny(data_);
  }
  template <typename T, typename = std::enable_if_t<TypeTraits<T>::convert_enabled>>
  TVM_FFI_INLINE Any(T other) {  // NOLINT(google-explicit-constructor)
    TypeTraits<T>::MoveToAny(std::move(other), &data_);
  }
  template <typename T, typename = std::enable_if_t<TypeTraits<T>::convert_enabled>>
  TVM_FFI_INLINE Any& operator=(T other) {
    Any(std::move(other)).swap(*this);
    return *this;
  }

  TVM_FFI_INLINE void reset() {
    if (IsObject()) detail::ObjectUnsafe::DecRefObjectHandle(data_.v_obj);
    detail::WriteNoneToAny(&data_);
  }
  TVM_FFI_INLINE void swap(Any& other) noexcept { std::swap(data_, other.data_); }
  TVM_FFI_INLINE int32_t type_index() const noexcept { return data_.type_index; }

  /*! \return The value as T if stored exactly as a T; moves out of this Any. */
  template <typename T,
            typename = std::enable_if_t<TypeTraits<T>::storage_enabled || std::is_same_v<T, Any>>>
  TVM_FFI_INLINE std::optional<T> as() && {
    if constexpr (std::is_same_v<T, Any>) {
      return std::move(*this);
    } else {
      if (!TypeTraits<T>::CheckAnyStrict(&data_)) return std::nullopt;
      return TypeTraits<T>::MoveFromAnyAfterCheck(&data_);
    }
  }
  /*! \return The value as T if stored exactly as a T. */
  template <typename T,
            typename = std::enable_if_t<TypeTraits<T>::convert_enabled || std::is_same_v<T, Any>>>
  TVM_FFI_INLINE std::optional<T> as() const& {
    if constexpr (std::is_same_v<T, Any>) {
      return *this;
    } else {
      if (!TypeTraits<T>::CheckAnyStrict(&data_)) return std::nullopt;
      return TypeTraits<T>::CopyFromAnyViewAfterCheck(&data_);
    }
  }
  /*! \return The object as `const T*`, or nullptr. */
  template <typename T, typename = std::enable_if_t<std::is_base_of_v<Object, T>>>
  TVM_FFI_INLINE const T* as() const& {
    return this->as<const T*>().value_or(nullptr);
  }
  template <typename T,
            typename = std::enable_if_t<TypeTraits<T>::storage_enabled || std::is_same_v<T, Any>>>
  TVM_FFI_INLINE T as_or_throw() && {
    if constexpr (std::is_same_v<T, Any>) {
      return std::move(*this);
    } else {
      if (TVM_FFI_PREDICT_FALSE(!TypeTraits<T>::CheckAnyStrict(&data_))) {
        detail::ThrowCannotTreatAs<T>(&data_);
      }
      return TypeTraits<T>::MoveFromAnyAfterCheck(&data_);
    }
  }
  template <typename T,
            typename = std::enable_if_t<TypeTraits<T>::convert_enabled || std::is_same_v<T, Any>>>
  TVM_FFI_INLINE T as_or_throw() const& {
    if constexpr (std::is_same_v<T, Any>) {
      return *this;
    } else {
      return AnyView(*this).template as_or_throw<T>();
    }
  }
  /*! \return The value converted to T; throws TypeError when it cannot be. */
  template <typename T, typename = std::enable_if_t<TypeTraits<T>::convert_enabled>>
  TVM_FFI_INLINE T cast() const& {
    return AnyView(*this).template cast<T>();
  }
  /*! \return The value converted to T, moving it out when it is stored exactly as T. */
  template <typename T, typename = std::enable_if_t<TypeTraits<T>::storage_enabled>>
  TVM_FFI_INLINE T cast() && {
    if (TypeTraits<T>::CheckAnyStrict(&data_)) return TypeTraits<T>::MoveFromAnyAfterCheck(&data_);
    return AnyView(*this).template cast<T>();
  }
  template <typename T,
            typename = std::enable_if_t<TypeTraits<T>::convert_enabled || std::is_same_v<T, Any>>>
  TVM_FFI_INLINE std::optional<T> try_cast() const {
    if constexpr (std::is_same_v<T, Any>) {
      return *this;
    } else {
      return TypeTraits<T>::TryCastFromAnyView(&data_);
    }
  }
  /*! \return Whether both hold the same 16 bytes (identity for objects). */
  TVM_FFI_INLINE bool same_as(const Any& other) const noexcept {
    return AnyView(*this).same_as(AnyView(other));
  }
  /*! \return Whether this holds exactly the object of `other` (None for a null ref). */
  TVM_FFI_INLINE bool same_as(const ObjectRef& other) const noexcept {
    if (!other.defined()) return data_.type_index == TypeIndex::kTVMFFINone;
    return IsObject() && reinterpret_cast<const Object*>(data_.v_obj) == other.get();
  }
  TVM_FFI_INLINE bool operator==(std::nullptr_t) const noexcept {
    return data_.type_index == TypeIndex::kTVMFFINone;
  }
  TVM_FFI_INLINE bool operator!=(std::nullptr_t) const noexcept {
    return data_.type_index != TypeIndex::kTVMFFINone;
  }
  std::string GetTypeKey() const { return TypeIndexToTypeKey(data_.type_index); }

 private:
  TVM_FFI_INLINE bool IsObject() const {
    return data_.type_index >= TypeIndex::kTVMFFIStaticObjectBegin;
  }
  // Adopts `raw` (an owned value) without any check.
  TVM_FFI_INLINE Any(UnsafeInit, TVMFFIAny raw) noexcept : data_(raw) {}

  friend struct detail::AnyUnsafe;
  friend struct AnyHash;
  friend struct AnyEqual;
};

static_assert(sizeof(AnyView) == sizeof(TVMFFIAny), "AnyView must be one TVMFFIAny");
static_assert(sizeof(Any) == sizeof(TVMFFIAny), "Any must be one TVMFFIAny");
static_assert(std::is_trivially_copyable_v<AnyView> && std::is_standard_layout_v<AnyView>,
              "arrays of AnyView are passed to the C ABI as TVMFFIAny arrays");

namespace detail {

/*! \brief The name of a C++ type in signatures and messages. */
template <typename T>
struct Type2Str {
  static std::string v() { return TypeTraitsNoCR<T>::TypeStr(); }
};
template <>
struct Type2Str<void> {
  static std::string v() { return "void"; }
};
#define TVM_FFI_TYPE2STR_FIXED_(Type, Name)      \
  template <>                                    \
  struct Type2Str<Type> {                        \
    static std::string v() { return Name; }      \
  }
TVM_FFI_TYPE2STR_FIXED_(Any, "Any");
TVM_FFI_TYPE2STR_FIXED_(const Any&, "Any");
TVM_FFI_TYPE2STR_FIXED_(Any&&, "Any");
TVM_FFI_TYPE2STR_FIXED_(AnyView, "AnyView");
TVM_FFI_TYPE2STR_FIXED_(const AnyView&, "AnyView");
TVM_FFI_TYPE2STR_FIXED_(AnyView&&, "AnyView");
#undef TVM_FFI_TYPE2STR_FIXED_

/*! \brief Unchecked access to the TVMFFIAny inside Any/AnyView; see ObjectUnsafe. */
struct AnyUnsafe : public ObjectUnsafe {
  /*! \brief Releases the value of `any` to the caller, leaving None. */
  TVM_FFI_INLINE static TVMFFIAny MoveAnyToTVMFFIAny(Any&& any) {
    TVMFFIAny out = any.data_;
    WriteNoneToAny(&any.data_);
    return out;
  }
  /*! \brief Adopts the owned value at `data`, leaving None there. */
  TVM_FFI_INLINE static Any MoveTVMFFIAnyToAny(TVMFFIAny* data) {
    Any out(UnsafeInit{}, *data);
    WriteNoneToAny(data);
    return out;
  }
  /*! \brief Adopts an owned value. */
  TVM_FFI_INLINE static Any MoveTVMFFIAnyRawToAny(TVMFFIAny raw) { return Any(UnsafeInit{}, raw); }
  template <typename T>
  TVM_FFI_INLINE static bool CheckAnyStrict(const Any& ref) {
    if constexpr (std::is_same_v<T, Any>) {
      return true;
    } else {
      return TypeTraits<T>::CheckAnyStrict(&ref.data_);
    }
  }
  template <typename T>
  TVM_FFI_INLINE static bool CheckAnyViewStrict(const AnyView& ref) {
    if constexpr (std::is_same_v<T, Any>) {
      return true;
    } else {
      return TypeTraits<T>::CheckAnyStrict(&ref.data_);
    }
  }
  template <typename T>
  TVM_FFI_INLINE static T CopyFromAnyViewAfterCheck(const Any& ref) {
    if constexpr (std::is_same_v<T, Any>) {
      return ref;
    } else {
      return TypeTraits<T>::CopyFromAnyViewAfterCheck(&ref.data_);
    }
  }
  template <typename T>
  TVM_FFI_INLINE static T MoveFromAnyAfterCheck(Any&& ref) {
    if constexpr (std::is_same_v<T, Any>) {
      return std::move(ref);
    } else {
      return TypeTraits<T>::MoveFromAnyAfterCheck(&ref.data_);
    }
  }
  template <typename TObject = Object>
  TVM_FFI_INLINE static TObject* RawObjectPtrFromAnyAfterCheck(const Any& ref) {
    return RawObjectPtrFromUnowned<TObject>(ref.data_.v_obj);
  }
  template <typename TObject = Object>
  TVM_FFI_INLINE static TObject* RawObjectPtrFromAnyViewAfterCheck(const AnyView& ref) {
    return RawObjectPtrFromUnowned<TObject>(ref.data_.v_obj);
  }
  TVM_FFI_INLINE static const TVMFFIAny* TVMFFIAnyPtrFromAny(const Any& ref) { return &ref.data_; }
  TVM_FFI_INLINE static const TVMFFIAny* TVMFFIAnyPtrFromAnyView(const AnyView& ref) {
    return &ref.data_;
  }
  template <typename T>
  TVM_FFI_INLINE static std::string GetMismatchTypeInfo(const Any& ref) {
    return TypeTraits<T>::GetMismatchTypeInfo(&ref.data_);
  }
};

/*! \brief Whether an Any can own a T. */
template <typename T>
inline constexpr bool storage_enabled_v = std::is_same_v<T, Any> || TypeTraits<T>::storage_enabled;
template <typename... T>
inline constexpr bool all_storage_enabled_v = (storage_enabled_v<T> && ...);
template <typename... T>
inline constexpr bool all_object_ref_v = (std::is_base_of_v<ObjectRef, T> && ...);

/*! \return `name<T1, T2, ...>` from the Type2Str of each type. */
template <typename... V>
inline std::string ContainerTypeStr(const char* name) {
  std::ostringstream os;
  os << name << '<';
  [[maybe_unused]] const char* sep = "";
  ((os << sep << Type2Str<V>::v(), sep = ", "), ...);
  os << '>';
  return os.str();
}

}  // namespace detail

template <typename ObjectRefType, typename>
TVM_FFI_INLINE ObjectRefType ObjectRef::as_or_throw() const& {
  if (std::optional<ObjectRefType> result = this->as<ObjectRefType>()) return *std::move(result);
  TVMFFIAny view = data_ != nullptr ? ViewAsAny() : TVMFFIAny{};
  detail::ThrowCannotTreatAs<ObjectRefType>(&view);
}

template <typename ObjectRefType, typename>
TVM_FFI_INLINE ObjectRefType ObjectRef::as_or_throw() && {
  if (RefTypeAccepts<ObjectRefType>()) return *std::move(*this).template as<ObjectRefType>();
  TVMFFIAny view = data_ != nullptr ? ViewAsAny() : TVMFFIAny{};
  detail::ThrowCannotTreatAs<ObjectRefType>(&view);
}

/*! \brief uint64_t travels as Int; values above INT64_MAX cannot and are refused. */
template <>
struct TypeTraits<uint64_t> : public TypeTraitsIntBase<uint64_t> {
  TVM_FFI_INLINE static void CopyToAnyView(const uint64_t& src, TVMFFIAny* result) {
    if (TVM_FFI_PREDICT_FALSE(src > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))) {
      TVM_FFI_THROW(OverflowError) << "Integer value " << src
                                   << " does not fit in int64_t; cast it explicitly if intended";
    }
    TypeTraitsIntBase<uint64_t>::CopyInt64ToAnyView(static_cast<int64_t>(src), result);
  }
  TVM_FFI_INLINE static void MoveToAny(uint64_t src, TVMFFIAny* result) {
    CopyToAnyView(src, result);
  }
};

/*!
 * \brief DLTensor* passes as an unowned view (kTVMFFIDLTensorPtr); a Tensor object
 *        also yields its DLTensor. An Any cannot own one.
 */
template <>
struct TypeTraits<DLTensor*> : public TypeTraitsBase {
  static constexpr bool storage_enabled = false;
  static constexpr int32_t field_static_type_index = TypeIndex::kTVMFFIDLTensorPtr;
  TVM_FFI_INLINE static void CopyToAnyView(DLTensor* src, TVMFFIAny* result) {
    TVM_FFI_ICHECK_NOTNULL(src);
    detail::SetPodHeader(result, TypeIndex::kTVMFFIDLTensorPtr);
    result->v_ptr = src;
  }
  [[noreturn]] static void MoveToAny(DLTensor*, TVMFFIAny*) {
    TVM_FFI_THROW(RuntimeError) << "DLTensor* does not own its data and cannot be stored in Any; "
                                   "use Tensor instead";
  }
  TVM_FFI_INLINE static bool CheckAnyStrict(const TVMFFIAny* src) {
    return src->type_index == TypeIndex::kTVMFFIDLTensorPtr;
  }
  TVM_FFI_INLINE static DLTensor* CopyFromAnyViewAfterCheck(const TVMFFIAny* src) {
    return static_cast<DLTensor*>(src->v_ptr);
  }
  TVM_FFI_INLINE static std::optional<DLTensor*> TryCastFromAnyView(const TVMFFIAny* src) {
    if (src->type_index == TypeIndex::kTVMFFIDLTensorPtr) return static_cast<DLTensor*>(src->v_ptr);
    if (src->type_index == TypeIndex::kTVMFFITensor) return TVMFFITensorGetDLTensorPtr(src->v_obj);
    return std::nullopt;
  }
  TVM_FFI_INLINE static std::string TypeStr() { return StaticTypeKey::kTVMFFIDLTensorPtr; }
  TVM_FFI_INLINE static std::string TypeSchema() {
    return detail::SimpleTypeSchema(StaticTypeKey::kTVMFFIDLTensorPtr);
  }
};

}  // namespace ffi

using tvm::ffi::Any;
using tvm::ffi::AnyView;

}  // namespace tvm

#include <tvm/ffi/any_hash.h>  // NOLINT(build/include_order): AnyHash/AnyEqual need Any

#endif  // TVM_FFI_ANY_H_
