// ffi/cpp/include/tvm/ffi/optional.h: Optional<T>, a value or None, with the storage sizes of SPEC §13.5.
//
// The layout depends on T, and reflected field offsets depend on it:
//  - object references, ObjectPtr and Arc: one nullable pointer (8 bytes);
//  - other types an Any can own (int, String, Variant, ...): one Any (16 bytes),
//    None meaning "no value";
//  - view-only types (e.g. std::string): a std::optional, never stored in fields.
#ifndef TVM_FFI_OPTIONAL_H_
#define TVM_FFI_OPTIONAL_H_

#include <tvm/ffi/any.h>
#include <tvm/ffi/error.h>
#include <tvm/ffi/object.h>
#include <tvm/ffi/string.h>

#include <optional>
#include <string>
#include <type_traits>
#include <utility>

namespace tvm {
namespace ffi {

template <typename T>
inline constexpr bool is_optional_type_v = false;
template <typename T>
inline constexpr bool is_optional_type_v<Optional<T>> = true;

template <typename T>
inline constexpr bool use_object_ref_optional_v =
    std::is_base_of_v<ObjectRef, T> && !is_optional_type_v<T>;
template <typename T>
inline constexpr bool is_object_ptr_type_v = false;
template <typename TObject>
inline constexpr bool is_object_ptr_type_v<ObjectPtr<TObject>> = true;
template <typename T>
inline constexpr bool is_arc_type_v = false;
template <typename TObject>
inline constexpr bool is_arc_type_v<Arc<TObject>> = true;
template <typename T>
inline constexpr bool use_object_ptr_optional_v =
    use_object_ref_optional_v<T> || is_object_ptr_type_v<T> || is_arc_type_v<T>;

namespace detail {
[[noreturn]] TVM_FFI_COLD_CODE inline void ThrowBadOptionalAccess() {
  TVM_FFI_THROW(RuntimeError) << "Bad optional access";
}
}  // namespace detail

/*! \brief Optional of a type an Any cannot own: a plain std::optional. */
template <typename T>
class Optional<T,
               std::enable_if_t<!TypeTraits<T>::storage_enabled && !use_object_ptr_optional_v<T>>> {
 public:
  Optional() = default;
  Optional(std::nullopt_t) {}  // NOLINT(google-explicit-constructor)
  Optional(std::optional<T> other) : data_(std::move(other)) {}  // NOLINT(*)
  Optional(T other) : data_(std::move(other)) {}  // NOLINT(google-explicit-constructor)
  Optional& operator=(T other) {
    data_ = std::move(other);
    return *this;
  }
  Optional& operator=(std::nullopt_t) {
    data_.reset();
    return *this;
  }
  const T& value() const& {
    if (TVM_FFI_PREDICT_FALSE(!data_.has_value())) detail::ThrowBadOptionalAccess();
    return *data_;
  }
  T&& value() && {
    if (TVM_FFI_PREDICT_FALSE(!data_.has_value())) detail::ThrowBadOptionalAccess();
    return *std::move(data_);
  }
  template <typename U = std::remove_cv_t<T>>
  T value_or(U&& default_value) const {
    return data_.value_or(std::forward<U>(default_value));
  }
  explicit operator bool() const noexcept { return data_.has_value(); }
  bool has_value() const noexcept { return data_.has_value(); }
  const T& operator*() const& noexcept { return *data_; }
  T&& operator*() && noexcept { return *std::move(data_); }
  bool operator==(const Optional& other) const { return data_ == other.data_; }
  bool operator!=(const Optional& other) const { return data_ != other.data_; }
  template <typename U>
  bool operator==(const U& other) const {
    return data_ == other;
  }
  template <typename U>
  bool operator!=(const U& other) const {
    return data_ != other;
  }

 private:
  std::optional<T> data_;
};

/*! \brief Optional of a type an Any can own: one Any, None when empty (16 bytes). */
template <typename T>
class Optional<T,
               std::enable_if_t<TypeTraits<T>::storage_enabled && !use_object_ptr_optional_v<T>>> {
 public:
  Optional() = default;
  Optional(std::nullopt_t) {}  // NOLINT(google-explicit-constructor)
  Optional(const T& value) : data_(value) {}  // NOLINT(google-explicit-constructor)
  Optional(T&& value) : data_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Optional(std::optional<T> other) {  // NOLINT(google-explicit-constructor)
    if (other.has_value()) data_ = Any(*std::move(other));
  }
  Optional& operator=(T other) {
    data_ = Any(std::move(other));
    return *this;
  }
  Optional& operator=(std::nullopt_t) {
    data_.reset();
    return *this;
  }
  Optional& operator=(std::nullptr_t) {
    data_.reset();
    return *this;
  }

  T value() const& {
    if (TVM_FFI_PREDICT_FALSE(!has_value())) detail::ThrowBadOptionalAccess();
    return detail::AnyUnsafe::CopyFromAnyViewAfterCheck<T>(data_);
  }
  T value() && {
    if (TVM_FFI_PREDICT_FALSE(!has_value())) detail::ThrowBadOptionalAccess();
    return detail::AnyUnsafe::MoveFromAnyAfterCheck<T>(std::move(data_));
  }
  template <typename U = std::remove_cv_t<T>>
  T value_or(U&& default_value) const {
    if (has_value()) return detail::AnyUnsafe::CopyFromAnyViewAfterCheck<T>(data_);
    return T(std::forward<U>(default_value));
  }
  explicit operator bool() const noexcept { return has_value(); }
  bool has_value() const noexcept { return data_.type_index() != TypeIndex::kTVMFFINone; }
  T operator*() const& { return detail::AnyUnsafe::CopyFromAnyViewAfterCheck<T>(data_); }
  T operator*() && { return detail::AnyUnsafe::MoveFromAnyAfterCheck<T>(std::move(data_)); }

  template <typename U, typename = std::enable_if_t<TypeTraits<U>::convert_enabled ||
                                                    std::is_same_v<U, Any> ||
                                                    std::is_base_of_v<Object, U>>>
  auto as() const {
    return data_.template as<U>();
  }
  template <typename U,
            typename = std::enable_if_t<TypeTraits<U>::convert_enabled || std::is_same_v<U, Any>>>
  auto as_or_throw() const& {
    return data_.template as_or_throw<U>();
  }
  template <typename U,
            typename = std::enable_if_t<TypeTraits<U>::storage_enabled || std::is_same_v<U, Any>>>
  auto as_or_throw() && {
    return std::move(data_).template as_or_throw<U>();
  }

  bool operator==(std::nullopt_t) const noexcept { return !has_value(); }
  bool operator!=(std::nullopt_t) const noexcept { return has_value(); }
  bool operator==(std::nullptr_t) const noexcept { return !has_value(); }
  bool operator!=(std::nullptr_t) const noexcept { return has_value(); }
  auto operator==(const Optional& other) const {
    using R = decltype(std::declval<T>() == std::declval<T>());
    if (data_.same_as(other.data_)) return R(true);
    if (has_value() && other.has_value()) return R(**this == *other);
    return R(false);
  }
  auto operator!=(const Optional& other) const {
    using R = decltype(std::declval<T>() != std::declval<T>());
    if (data_.same_as(other.data_)) return R(false);
    if (has_value() && other.has_value()) return R(**this != *other);
    return R(true);
  }
  auto operator==(const std::optional<T>& other) const {
    using R = decltype(std::declval<T>() == std::declval<T>());
    if (has_value() && other.has_value()) return R(**this == *other);
    return R(has_value() == other.has_value());
  }
  auto operator!=(const std::optional<T>& other) const {
    using R = decltype(std::declval<T>() != std::declval<T>());
    if (has_value() && other.has_value()) return R(**this != *other);
    return R(has_value() != other.has_value());
  }
  template <typename U, typename = std::enable_if_t<!is_optional_type_v<U> &&
                                                    !std::is_same_v<U, std::nullopt_t> &&
                                                    !std::is_same_v<U, std::nullptr_t>>>
  auto operator==(const U& other) const {
    using R = decltype(std::declval<T>() == std::declval<U>());
    if (!has_value()) return R(false);
    return R(**this == other);
  }
  template <typename U, typename = std::enable_if_t<!is_optional_type_v<U> &&
                                                    !std::is_same_v<U, std::nullopt_t> &&
                                                    !std::is_same_v<U, std::nullptr_t>>>
  auto operator!=(const U& other) const {
    using R = decltype(std::declval<T>() != std::declval<U>());
    if (!has_value()) return R(true);
    return R(**this != other);
  }
  bool same_as(const Optional& other) const { return data_.same_as(other.data_); }
  template <typename U = T, typename = std::enable_if_t<std::is_base_of_v<ObjectRef, U>>>
  bool same_as(const U& other) const {
    return data_.same_as(other);
  }

 private:
  friend struct TypeTraits<Optional<T>>;
  explicit Optional(Any data) : data_(std::move(data)) {}
  Any data_;
};

/*! \brief Optional of an object reference: one nullable pointer (8 bytes). */
template <typename T>
class Optional<T, std::enable_if_t<use_object_ref_optional_v<T>>> {
 public:
  using value_type = T;
  using ContainerType = typename T::ContainerType;

  Optional() = default;
  explicit Optional(UnsafeInit) {}
  Optional(std::nullopt_t) {}  // NOLINT(google-explicit-constructor)
  Optional(std::nullptr_t) {}  // NOLINT(google-explicit-constructor)
  Optional(std::optional<T> other) {  // NOLINT(google-explicit-constructor)
    if (other.has_value()) *this = *std::move(other);
  }
  Optional(T other)  // NOLINT(google-explicit-constructor)
      : data_(detail::ObjectUnsafe::ObjectPtrFromObjectRef<Object>(std::move(other))) {}
  Optional& operator=(T other) {
    data_ = detail::ObjectUnsafe::ObjectPtrFromObjectRef<Object>(std::move(other));
    return *this;
  }
  Optional& operator=(std::nullopt_t) {
    data_.reset();
    return *this;
  }
  Optional& operator=(std::nullptr_t) {
    data_.reset();
    return *this;
  }

  T value() const& {
    if (TVM_FFI_PREDICT_FALSE(!has_value())) detail::ThrowBadOptionalAccess();
    return detail::ObjectUnsafe::ObjectRefFromObjectPtr<T>(data_);
  }
  T value() && {
    if (TVM_FFI_PREDICT_FALSE(!has_value())) detail::ThrowBadOptionalAccess();
    return detail::ObjectUnsafe::ObjectRefFromObjectPtr<T>(std::move(data_));
  }
  template <typename U = std::remove_cv_t<T>>
  T value_or(U&& default_value) const {
    if (has_value()) return detail::ObjectUnsafe::ObjectRefFromObjectPtr<T>(data_);
    return T(std::forward<U>(default_value));
  }
  explicit operator bool() const noexcept { return has_value(); }
  bool has_value() const noexcept { return data_ != nullptr; }
  T operator*() const& noexcept { return detail::ObjectUnsafe::ObjectRefFromObjectPtr<T>(data_); }
  T operator*() && noexcept {
    return detail::ObjectUnsafe::ObjectRefFromObjectPtr<T>(std::move(data_));
  }
  const ContainerType* get() const { return static_cast<const ContainerType*>(data_.get()); }
  const ContainerType* operator->() const { return get(); }

  template <typename U, typename = std::enable_if_t<TypeTraits<U>::convert_enabled ||
                                                    std::is_base_of_v<Object, U>>>
  auto as() const {
    return AnyView(*this).template as<U>();
  }
  template <typename U, typename = std::enable_if_t<TypeTraits<U>::convert_enabled>>
  auto as_or_throw() const& {
    return AnyView(*this).template as_or_throw<U>();
  }
  template <typename U, typename = std::enable_if_t<TypeTraits<U>::storage_enabled>>
  auto as_or_throw() && {
    return Any(std::move(*this)).template as_or_throw<U>();
  }

  bool operator==(std::nullopt_t) const noexcept { return !has_value(); }
  bool operator!=(std::nullopt_t) const noexcept { return has_value(); }
  bool operator==(std::nullptr_t) const noexcept { return !has_value(); }
  bool operator!=(std::nullptr_t) const noexcept { return has_value(); }
  auto operator==(const Optional& other) const { return Equal(other); }
  auto operator!=(const Optional& other) const { return NotEqual(other); }
  auto operator==(const std::optional<T>& other) const { return Equal(other); }
  auto operator!=(const std::optional<T>& other) const { return NotEqual(other); }
  auto operator==(const T& other) const {
    using R = decltype(std::declval<T>() == other);
    if (!has_value()) return R(false);
    if (same_as(other)) return R(true);
    return R(**this == other);
  }
  auto operator!=(const T& other) const {
    using R = decltype(std::declval<T>() != other);
    if (!has_value()) return R(true);
    if (same_as(other)) return R(false);
    return R(**this != other);
  }
  template <typename U>
  auto operator==(const U& other) const {
    using R = decltype(std::declval<T>() == other);
    if (!has_value()) return R(false);
    return R(**this == other);
  }
  template <typename U>
  auto operator!=(const U& other) const {
    using R = decltype(std::declval<T>() != other);
    if (!has_value()) return R(true);
    return R(**this != other);
  }
  bool same_as(const Optional& other) const { return data_ == other.data_; }
  bool same_as(const ObjectRef& other) const { return data_.get() == other.get(); }
  bool unique() const { return data_.unique(); }
  int use_count() const { return data_.use_count(); }

 private:
  template <typename Other>
  auto Equal(const Other& other) const {
    using R = decltype(std::declval<T>() == std::declval<T>());
    if (!has_value() || !other.has_value()) return R(has_value() == other.has_value());
    if (same_as(*other)) return R(true);
    return R(**this == *other);
  }
  template <typename Other>
  auto NotEqual(const Other& other) const {
    using R = decltype(std::declval<T>() != std::declval<T>());
    if (!has_value() || !other.has_value()) return R(has_value() != other.has_value());
    if (same_as(*other)) return R(false);
    return R(**this != *other);
  }
  ObjectPtr<Object> data_;
  friend struct detail::ObjectUnsafe;
};

namespace detail {
template <typename T>
struct OptionalPtrTraits;
template <typename TObject>
struct OptionalPtrTraits<ObjectPtr<TObject>> {
  using ContainerType = TObject;
  static ObjectPtr<TObject> Copy(const ObjectPtr<TObject>& p) { return p; }
  static ObjectPtr<TObject> Move(ObjectPtr<TObject>&& p) { return std::move(p); }
};
template <typename TObject>
struct OptionalPtrTraits<Arc<TObject>> {
  using ContainerType = TObject;
  static Arc<TObject> Copy(const ObjectPtr<TObject>& p) {
    return ObjectUnsafe::ArcFromObjectPtr(ObjectPtr<TObject>(p));
  }
  static Arc<TObject> Move(ObjectPtr<TObject>&& p) {
    return ObjectUnsafe::ArcFromObjectPtr(std::move(p));
  }
};
}  // namespace detail

/*! \brief Optional<ObjectPtr<T>> / Optional<Arc<T>>: a nullable ObjectPtr<T> (8 bytes). */
template <typename T>
class Optional<T, std::enable_if_t<is_object_ptr_type_v<T> || is_arc_type_v<T>>>
    : public ObjectPtr<typename detail::OptionalPtrTraits<T>::ContainerType> {
  using Traits = detail::OptionalPtrTraits<T>;
  using Storage = ObjectPtr<typename Traits::ContainerType>;

 public:
  using ContainerType = typename Traits::ContainerType;

  Optional() = default;
  Optional(std::nullopt_t) {}  // NOLINT(google-explicit-constructor)
  Optional(std::nullptr_t) {}  // NOLINT(google-explicit-constructor)
  Optional(std::optional<T> other) {  // NOLINT(google-explicit-constructor)
    if (other.has_value()) storage() = Storage(std::move(*other));
  }
  Optional(T value) : Storage(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Optional& operator=(T value) {
    storage() = Storage(std::move(value));
    return *this;
  }
  Optional& operator=(std::nullopt_t) {
    Storage::reset();
    return *this;
  }
  Optional& operator=(std::nullptr_t) {
    Storage::reset();
    return *this;
  }

  T value() const& {
    if (TVM_FFI_PREDICT_FALSE(!has_value())) detail::ThrowBadOptionalAccess();
    return Traits::Copy(storage());
  }
  T value() && {
    if (TVM_FFI_PREDICT_FALSE(!has_value())) detail::ThrowBadOptionalAccess();
    return Traits::Move(std::move(storage()));
  }
  template <typename U = T>
  T value_or(U&& default_value) const {
    return has_value() ? Traits::Copy(storage()) : T(std::forward<U>(default_value));
  }
  explicit operator bool() const noexcept { return has_value(); }
  bool has_value() const noexcept { return Storage::get() != nullptr; }
  T operator*() const& noexcept { return Traits::Copy(storage()); }
  T operator*() && noexcept { return Traits::Move(std::move(storage())); }

  template <typename U, typename = std::enable_if_t<TypeTraits<U>::convert_enabled ||
                                                    std::is_base_of_v<Object, U>>>
  auto as() const {
    return AnyView(storage()).template as<U>();
  }
  template <typename U, typename = std::enable_if_t<TypeTraits<U>::convert_enabled>>
  auto as_or_throw() const& {
    return AnyView(storage()).template as_or_throw<U>();
  }
  template <typename U, typename = std::enable_if_t<TypeTraits<U>::storage_enabled>>
  auto as_or_throw() && {
    return Any(std::move(storage())).template as_or_throw<U>();
  }

  bool operator==(std::nullopt_t) const noexcept { return !has_value(); }
  bool operator!=(std::nullopt_t) const noexcept { return has_value(); }
  bool operator==(std::nullptr_t) const noexcept { return !has_value(); }
  bool operator!=(std::nullptr_t) const noexcept { return has_value(); }
  bool operator==(const Optional& other) const noexcept { return Storage::get() == other.get(); }
  bool operator!=(const Optional& other) const noexcept { return !(*this == other); }
  bool operator==(const T& other) const noexcept { return Storage::get() == other.get(); }
  bool operator!=(const T& other) const noexcept { return !(*this == other); }
  bool same_as(const Optional& other) const noexcept { return *this == other; }
  bool same_as(const T& other) const noexcept { return *this == other; }

  using Storage::get;
  using Storage::unique;
  using Storage::use_count;

 private:
  Storage& storage() { return *this; }
  const Storage& storage() const { return *this; }
};

template <typename T>
inline constexpr bool use_default_type_traits_v<Optional<T>> = false;

/*! \brief An Optional travels as its value, or as None. */
template <typename T>
struct TypeTraits<Optional<T>> : public TypeTraitsBase {
  static constexpr bool storage_enabled = TypeTraits<T>::storage_enabled;
  static constexpr bool kAnyBacked = TypeTraits<T>::storage_enabled && !use_object_ptr_optional_v<T>;

  TVM_FFI_INLINE static void CopyToAnyView(const Optional<T>& src, TVMFFIAny* result) {
    if constexpr (kAnyBacked) {
      *result = AnyView(src.data_).CopyToTVMFFIAny();
    } else if (!src.has_value()) {
      detail::WriteNoneToAny(result);
    } else if constexpr (use_object_ptr_optional_v<T>) {
      TypeTraits<decltype(src.get())>::CopyToAnyView(src.get(), result);
    } else {
      TypeTraits<T>::CopyToAnyView(*src, result);
    }
  }
  TVM_FFI_INLINE static void MoveToAny(Optional<T> src, TVMFFIAny* result) {
    if constexpr (kAnyBacked) {
      *result = detail::AnyUnsafe::MoveAnyToTVMFFIAny(std::move(src.data_));
    } else if (!src.has_value()) {
      detail::WriteNoneToAny(result);
    } else {
      TypeTraits<T>::MoveToAny(*std::move(src), result);
    }
  }
  TVM_FFI_INLINE static bool CheckAnyStrict(const TVMFFIAny* src) {
    return src->type_index == TypeIndex::kTVMFFINone || TypeTraits<T>::CheckAnyStrict(src);
  }
  TVM_FFI_INLINE static Optional<T> CopyFromAnyViewAfterCheck(const TVMFFIAny* src) {
    if constexpr (kAnyBacked) {
      return Optional<T>(Any(AnyView::CopyFromTVMFFIAny(*src)));
    } else {
      if (src->type_index == TypeIndex::kTVMFFINone) return Optional<T>(std::nullopt);
      return Optional<T>(TypeTraits<T>::CopyFromAnyViewAfterCheck(src));
    }
  }
  TVM_FFI_INLINE static Optional<T> MoveFromAnyAfterCheck(TVMFFIAny* src) {
    if constexpr (kAnyBacked) {
      return Optional<T>(detail::AnyUnsafe::MoveTVMFFIAnyToAny(src));
    } else {
      if (src->type_index == TypeIndex::kTVMFFINone) return Optional<T>(std::nullopt);
      return Optional<T>(TypeTraits<T>::MoveFromAnyAfterCheck(src));
    }
  }
  TVM_FFI_INLINE static std::optional<Optional<T>> TryCastFromAnyView(const TVMFFIAny* src) {
    if (src->type_index == TypeIndex::kTVMFFINone) return Optional<T>(std::nullopt);
    if (std::optional<T> value = TypeTraits<T>::TryCastFromAnyView(src)) {
      return Optional<T>(*std::move(value));
    }
    return std::nullopt;
  }
  TVM_FFI_INLINE static std::string GetMismatchTypeInfo(const TVMFFIAny* src) {
    return TypeTraits<T>::GetMismatchTypeInfo(src);
  }
  TVM_FFI_INLINE static std::string TypeStr() {
    return "Optional<" + TypeTraits<T>::TypeStr() + ">";
  }
  TVM_FFI_INLINE static std::string TypeSchema() {
    return R"({"type":"Optional","args":[)" + detail::TypeSchema<T>::v() + "]}";
  }
};

}  // namespace ffi
}  // namespace tvm

#endif  // TVM_FFI_OPTIONAL_H_
