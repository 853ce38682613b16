// ffi/cpp/include/tvm/ffi/container/variant.h: Variant<V...>, one value of any of the listed types, stored as an Any.
//
// A Variant is 16 bytes (one Any, SPEC §13.5). Its value is always stored in
// the canonical form of the alternative that produced it.
#ifndef TVM_FFI_CONTAINER_VARIANT_H_
#define TVM_FFI_CONTAINER_VARIANT_H_

#include <tvm/ffi/any.h>
#include <tvm/ffi/optional.h>

#include <sstream>
#include <string>
#include <type_traits>
#include <utility>

namespace tvm {
namespace ffi {

template <typename... V>
class Variant {
 public:
  static_assert(detail::all_storage_enabled_v<V...>,
                "every alternative of a Variant must be storable in an Any");
  /*! \brief A Variant of references is not the reference type of a single object class. */
  static constexpr bool _type_container_is_exact = false;
  /*! \brief Whether a T converts to this Variant without a runtime check. */
  template <typename T>
  static constexpr bool variant_contains_v = (type_subsumes_v<V, T> || ...);
  template <typename T>
  using enable_if_variant_contains_t = std::enable_if_t<variant_contains_v<T>>;

  Variant(const Variant&) = default;
  Variant(Variant&&) noexcept = default;
  Variant& operator=(const Variant&) = default;
  Variant& operator=(Variant&&) noexcept = default;
  ~Variant() = default;

  template <typename T, typename = enable_if_variant_contains_t<T>>
  Variant(T other) : data_(std::move(other)) {}  // NOLINT(google-explicit-constructor)
  template <typename T, typename = enable_if_variant_contains_t<T>>
  Variant& operator=(T other) {
    data_ = Any(std::move(other));
    return *this;
  }

  /*! \return The value as T when it holds a T exactly, else nullopt. */
  template <typename T, typename = enable_if_variant_contains_t<T>>
  std::optional<T> as() const {
    return AnyView(data_).template as<T>();
  }
  /*! \return The object as `const T*`, or nullptr. */
  template <typename T, typename = std::enable_if_t<std::is_base_of_v<Object, T>>>
  const T* as() const {
    return AnyView(data_).template as<const T*>().value_or(nullptr);
  }
  /*! \return The value as T; throws TypeError when it is another alternative. */
  template <typename T, typename = enable_if_variant_contains_t<T>>
  T get() const& {
    return AnyView(data_).template cast<T>();
  }
  template <typename T, typename = enable_if_variant_contains_t<T>>
  T get() && {
    return std::move(data_).template cast<T>();
  }
  std::string GetTypeKey() const { return data_.GetTypeKey(); }
  bool same_as(const Variant& other) const { return data_.same_as(other.data_); }

 private:
  friend struct TypeTraits<Variant<V...>>;
  friend struct ObjectPtrHash;
  friend struct ObjectPtrEqual;
  explicit Variant(Any data) : data_(std::move(data)) {}
  // For ObjectPtrHash/ObjectPtrEqual, which only make sense for object alternatives.
  const Object* ObjectForIdentity() const {
    static_assert(detail::all_object_ref_v<V...>,
                  "ObjectPtrHash/ObjectPtrEqual need every alternative to be an ObjectRef");
    return data_ == nullptr ? nullptr
                            : detail::AnyUnsafe::RawObjectPtrFromAnyAfterCheck<Object>(data_);
  }
  Any data_;
};

template <typename... V>
inline constexpr bool use_default_type_traits_v<Variant<V...>> = false;

/*! \brief A Variant travels as its value; it accepts any alternative, converting if needed. */
template <typename... V>
struct TypeTraits<Variant<V...>> : public TypeTraitsBase {
  TVM_FFI_INLINE static void CopyToAnyView(const Variant<V...>& src, TVMFFIAny* result) {
    *result = AnyView(src.data_).CopyToTVMFFIAny();
  }
  TVM_FFI_INLINE static void MoveToAny(Variant<V...> src, TVMFFIAny* result) {
    *result = detail::AnyUnsafe::MoveAnyToTVMFFIAny(std::move(src.data_));
  }
  TVM_FFI_INLINE static bool CheckAnyStrict(const TVMFFIAny* src) {
    return (TypeTraits<V>::CheckAnyStrict(src) || ...);
  }
  TVM_FFI_INLINE static Variant<V...> CopyFromAnyViewAfterCheck(const TVMFFIAny* src) {
    return Variant<V...>(Any(AnyView::CopyFromTVMFFIAny(*src)));
  }
  TVM_FFI_INLINE static Variant<V...> MoveFromAnyAfterCheck(TVMFFIAny* src) {
    return Variant<V...>(detail::AnyUnsafe::MoveTVMFFIAnyToAny(src));
  }
  // Exact matches first; otherwise the first alternative that converts.
  TVM_FFI_INLINE static std::optional<Variant<V...>> TryCastFromAnyView(const TVMFFIAny* src) {
    if (CheckAnyStrict(src)) return CopyFromAnyViewAfterCheck(src);
    return TryConvert<V...>(src);
  }
  template <typename First, typename... Rest>
  TVM_FFI_INLINE static std::optional<Variant<V...>> TryConvert(const TVMFFIAny* src) {
    if (auto value = TypeTraits<First>::TryCastFromAnyView(src)) {
      return Variant<V...>(Any(*std::move(value)));
    }
    if constexpr (sizeof...(Rest) > 0) {
      return TryConvert<Rest...>(src);
    } else {
      return std::nullopt;
    }
  }
  TVM_FFI_INLINE static std::string TypeStr() { return detail::ContainerTypeStr<V...>("Variant"); }
  TVM_FFI_INLINE static std::string TypeSchema() {
    std::ostringstream os;
    os << R"({"type":"Variant","args":[)";
    const char* sep = "";
    ((os << sep << detail::TypeSchema<V>::v(), sep = ","), ...);
    os << "]}";
    return os.str();
  }
};

template <typename... V>
TVM_FFI_INLINE size_t ObjectPtrHash::operator()(const Variant<V...>& a) const {
  return std::hash<const Object*>()(a.ObjectForIdentity());
}
template <typename... V>
TVM_FFI_INLINE bool ObjectPtrEqual::operator()(const Variant<V...>& a,
                                               const Variant<V...>& b) const {
  return a.ObjectForIdentity() == b.ObjectForIdentity();
}

template <typename... V, typename T>
inline constexpr bool type_subsumes_v<Variant<V...>, T> = (type_subsumes_v<V, T> || ...);

}  // namespace ffi
}  // namespace tvm

#endif  // TVM_FFI_CONTAINER_VARIANT_H_
