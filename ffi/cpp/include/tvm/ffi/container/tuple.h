// ffi/cpp/include/tvm/ffi/container/tuple.h: Tuple<Types...>, a fixed-size typed ffi.Array.
//
// A Tuple is an ArrayObj (index 71, SPEC ARRAY-LAYOUT) with exactly
// sizeof...(Types) elements; element I holds a value of the I-th type. It is
// copy-on-write like Array.
#ifndef TVM_FFI_CONTAINER_TUPLE_H_
#define TVM_FFI_CONTAINER_TUPLE_H_

#include <tvm/ffi/container/array.h>

#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

namespace tvm {
namespace ffi {

template <typename... Types>
class Tuple;

template <typename... Types>
inline constexpr bool use_default_type_traits_v<Tuple<Types...>> = false;

/*! \brief A fixed-size, heterogeneous, copy-on-write sequence stored as an ffi.Array. */
template <typename... Types>
class Tuple : public ObjectRef {
  static_assert(detail::all_storage_enabled_v<Types...>,
                "Tuple element types must be storable in an Any");

 public:
  static constexpr size_t kSize = sizeof...(Types);

  /*! \brief Default-constructed elements. */
  Tuple() : ObjectRef(ArrayObj::Empty(static_cast<int64_t>(kSize))) {
    ArrayObj* p = static_cast<ArrayObj*>(data_.get());
    (p->UncheckedPushBack(Any(Types())), ...);
  }
  template <typename... UTypes,
            typename = std::enable_if_t<sizeof...(UTypes) == sizeof...(Types) &&
                                        sizeof...(UTypes) != 0 &&
                                        !(sizeof...(UTypes) == 1 &&
                                          (std::is_same_v<std::decay_t<UTypes>, Tuple> && ...))>>
  explicit Tuple(UTypes&&... args) : ObjectRef(ArrayObj::Empty(static_cast<int64_t>(kSize))) {
    ArrayObj* p = static_cast<ArrayObj*>(data_.get());
    (p->UncheckedPushBack(Any(Types(std::forward<UTypes>(args)))), ...);
  }
  Tuple(const Tuple&) = default;
  Tuple(Tuple&&) noexcept = default;
  Tuple& operator=(const Tuple&) = default;
  Tuple& operator=(Tuple&&) noexcept = default;
  explicit Tuple(ObjectPtr<Object> n) : ObjectRef(std::move(n)) {}
  explicit Tuple(UnsafeInit tag) : ObjectRef(tag) {}

  /*! \return Element I as its declared type. */
  template <size_t I>
  auto get() const {
    static_assert(I < kSize, "Tuple index out of range");
    using T = std::tuple_element_t<I, std::tuple<Types...>>;
    return detail::AnyUnsafe::CopyFromAnyViewAfterCheck<T>(obj()->begin()[I]);
  }
  /*! \brief Sets element I (copy-on-write). */
  template <size_t I, typename U>
  void Set(U&& value) {
    static_assert(I < kSize, "Tuple index out of range");
    using T = std::tuple_element_t<I, std::tuple<Types...>>;
    Any item(T(std::forward<U>(value)));
    if (obj()->use_count() != 1) {
      data_ = ArrayObj::CopyFrom(static_cast<int64_t>(kSize), obj()->begin(), obj()->end());
    }
    obj()->MutableBegin()[I] = std::move(item);
  }
  static constexpr size_t size() { return kSize; }
  const ArrayObj* get() const { return obj(); }

  using ContainerType = ArrayObj;
  static constexpr bool _type_is_nullable = false;

 private:
  ArrayObj* obj() const { return static_cast<ArrayObj*>(data_.get()); }
};

/*!
 * \brief Traits: an ffi.Array (or List, copied) of exactly sizeof...(Types)
 *        elements, each convertible to its type.
 */
template <typename... Types>
struct TypeTraits<Tuple<Types...>> : public ObjectRefTypeTraitsBase<Tuple<Types...>> {
  using Self = Tuple<Types...>;
  static constexpr size_t kSize = sizeof...(Types);
  static constexpr int32_t field_static_type_index = TypeIndex::kTVMFFIArray;

  TVM_FFI_INLINE static bool CheckAnyStrict(const TVMFFIAny* src) {
    if (src->type_index != TypeIndex::kTVMFFIArray) return false;
    const SeqBaseObj* seq = detail::SeqFromAny(src);
    if (seq->size() != kSize) return false;
    return StrictAll(seq->begin(), std::index_sequence_for<Types...>{});
  }
  TVM_FFI_INLINE static std::optional<Self> TryCastFromAnyView(const TVMFFIAny* src) {
    if (src->type_index != TypeIndex::kTVMFFIArray && src->type_index != TypeIndex::kTVMFFIList) {
      return std::nullopt;
    }
    if (CheckAnyStrict(src)) {
      return ObjectRefTypeTraitsBase<Self>::CopyFromAnyViewAfterCheck(src);
    }
    const SeqBaseObj* seq = detail::SeqFromAny(src);
    if (seq->size() != kSize) return std::nullopt;
    ObjectPtr<ArrayObj> p = ArrayObj::Empty(static_cast<int64_t>(kSize));
    if (!ConvertAll(seq->begin(), p.get(), std::index_sequence_for<Types...>{})) {
      return std::nullopt;
    }
    return Self(ObjectPtr<Object>(std::move(p)));
  }
  TVM_FFI_INLINE static std::string GetMismatchTypeInfo(const TVMFFIAny* src) {
    if (src->type_index != TypeIndex::kTVMFFIArray && src->type_index != TypeIndex::kTVMFFIList) {
      return TypeTraitsBase::GetMismatchTypeInfo(src);
    }
    const SeqBaseObj* seq = detail::SeqFromAny(src);
    if (seq->size() != kSize) {
      return "Array[size=" + std::to_string(seq->size()) + "]";
    }
    std::string out;
    FirstMismatch(seq->begin(), &out, std::index_sequence_for<Types...>{});
    return out.empty() ? TypeTraitsBase::GetMismatchTypeInfo(src) : out;
  }
  TVM_FFI_INLINE static std::string TypeStr() {
    return detail::ContainerTypeStr<Types...>("Tuple");
  }
  TVM_FFI_INLINE static std::string TypeSchema() {
    std::string out = R"({"type":"Tuple","args":[)";
    const char* sep = "";
    ((out += sep, out += detail::TypeSchema<Types>::v(), sep = ","), ...);
    return out + "]}";
  }

 private:
  template <size_t... I>
  static bool StrictAll(const Any* elems, std::index_sequence<I...>) {
    return (detail::AnyUnsafe::CheckAnyStrict<Types>(elems[I]) && ...);
  }
  template <size_t... I>
  static bool ConvertAll(const Any* elems, ArrayObj* out, std::index_sequence<I...>) {
    bool ok = true;
    (ConvertOne<Types>(elems[I], out, &ok), ...);
    return ok;
  }
  template <typename T>
  static void ConvertOne(const Any& elem, ArrayObj* out, bool* ok) {
    if (!*ok) return;
    if constexpr (std::is_same_v<T, Any>) {
      out->UncheckedPushBack(elem);
    } else {
      auto value = TypeTraits<T>::TryCastFromAnyView(detail::AnyUnsafe::TVMFFIAnyPtrFromAny(elem));
      if (!value.has_value()) {
        *ok = false;
        return;
      }
      out->UncheckedPushBack(Any(*std::move(value)));
    }
  }
  template <size_t... I>
  static void FirstMismatch(const Any* elems, std::string* out, std::index_sequence<I...>) {
    (MismatchOne<Types>(elems[I], I, out), ...);
  }
  template <typename T>
  static void MismatchOne(const Any& elem, size_t index, std::string* out) {
    if (!out->empty()) return;
    if constexpr (!std::is_same_v<T, Any>) {
      if (!TypeTraits<T>::TryCastFromAnyView(detail::AnyUnsafe::TVMFFIAnyPtrFromAny(elem))) {
        *out = "Array[index " + std::to_string(index) + ": " +
               detail::AnyUnsafe::GetMismatchTypeInfo<T>(elem) + "]";
      }
    }
  }
};

}  // namespace ffi
}  // namespace tvm

#endif  // TVM_FFI_CONTAINER_TUPLE_H_
