// ffi/cpp/include/tvm/ffi/type_traits.h: TypeTraits<T>, the point where C++ types meet TVMFFIAny.
//
// Every C++ type that can travel in an Any has a TypeTraits<T> specialization
// (here for the POD kinds; string.h, object.h, any.h, optional.h, ... add the
// rest). A specialization derives from TypeTraitsBase and provides:
//
//   CopyToAnyView(const T&, TVMFFIAny*)   borrowing view (call arguments)
//   MoveToAny(T, TVMFFIAny*)              owning value; must write the canonical
//                                         encoding (SPEC ANY-BYTE-EQUALITY)
//   CheckAnyStrict(const TVMFFIAny*)      true iff the value is stored exactly as
//                                         MoveToAny would store a T
//   CopyFromAnyViewAfterCheck / MoveFromAnyAfterCheck   after CheckAnyStrict
//   TryCastFromAnyView(const TVMFFIAny*)  std::optional<T>, allowing conversions
//                                         (int -> float, RawStr -> String, ...)
//   TypeStr(), TypeSchema()               names used in error messages / metadata
//
// `convert_enabled` says the type may cross a call boundary; `storage_enabled`
// says an Any may own it (view-only kinds such as const char* set it false).
#ifndef TVM_FFI_TYPE_TRAITS_H_
#define TVM_FFI_TYPE_TRAITS_H_

#include <tvm/ffi/base_detail.h>
#include <tvm/ffi/c_api.h>

#include <optional>
#include <string>
#include <type_traits>
#include <utility>

namespace tvm {
namespace ffi {

class Any;

using TypeIndex = TVMFFITypeIndex;
using TypeInfo = TVMFFITypeInfo;

/*! \brief The type key of each builtin type index (SPEC §2.2). */
struct StaticTypeKey {
  static constexpr const char* kTVMFFIAny = "Any";
  static constexpr const char* kTVMFFINone = "None";
  static constexpr const char* kTVMFFIBool = "bool";
  static constexpr const char* kTVMFFIInt = "int";
  static constexpr const char* kTVMFFIFloat = "float";
  static constexpr const char* kTVMFFIOpaquePtr = "void*";
  static constexpr const char* kTVMFFIDataType = "DataType";
  static constexpr const char* kTVMFFIDevice = "Device";
  static constexpr const char* kTVMFFIDLTensorPtr = "DLTensor*";
  static constexpr const char* kTVMFFIRawStr = "const char*";
  static constexpr const char* kTVMFFIByteArrayPtr = "TVMFFIByteArray*";
  static constexpr const char* kTVMFFIObjectRValueRef = "ObjectRValueRef";
  static constexpr const char* kTVMFFISmallStr = "ffi.SmallStr";
  static constexpr const char* kTVMFFISmallBytes = "ffi.SmallBytes";
  static constexpr const char* kTVMFFIUnchanged = "ffi.Unchanged";
  static constexpr const char* kTVMFFIObject = "ffi.Object";
  static constexpr const char* kTVMFFIStr = "ffi.String";
  static constexpr const char* kTVMFFIBytes = "ffi.Bytes";
  static constexpr const char* kTVMFFIError = "ffi.Error";
  static constexpr const char* kTVMFFIFunction = "ffi.Function";
  static constexpr const char* kTVMFFIShape = "ffi.Shape";
  static constexpr const char* kTVMFFITensor = "ffi.Tensor";
  static constexpr const char* kTVMFFIArray = "ffi.Array";
  static constexpr const char* kTVMFFIMap = "ffi.Map";
  static constexpr const char* kTVMFFIModule = "ffi.Module";
  static constexpr const char* kTVMFFIOpaquePyObject = "ffi.OpaquePyObject";
  static constexpr const char* kTVMFFIList = "ffi.List";
  static constexpr const char* kTVMFFIDict = "ffi.Dict";
  static constexpr const char* kTVMFFIVisitInterrupt = "ffi.VisitInterrupt";
  static constexpr const char* kTVMFFIBigInt = "ffi.BigInt";
};

/*!
 * \brief The registered type key of `type_index`, for messages. Never throws:
 *        an unknown index (our runtime returns NULL, SPEC EXT-GET-TYPE-INFO-NULL)
 *        yields a placeholder and the IndexError it raised is dropped.
 */
inline std::string TypeIndexToTypeKey(int32_t type_index) {
  const TypeInfo* info = TVMFFIGetTypeInfo(type_index);
  if (info == nullptr) {
    TVMFFIObjectHandle raised = nullptr;
    TVMFFIErrorMoveFromRaised(&raised);
    if (raised != nullptr) TVMFFIObjectDecRef(raised);
    return "<unknown type index " + std::to_string(type_index) + ">";
  }
  return std::string(info->type_key.data, info->type_key.size);
}

/*!
 * \brief Whether every value of SourceType is also a valid TargetType, so a
 *        conversion needs no runtime check. Specialized by containers.
 */
template <typename TargetType, typename SourceType, typename = void>
inline constexpr bool type_subsumes_v =
    std::is_same_v<TargetType, SourceType> || std::is_base_of_v<TargetType, SourceType>;

template <typename SourceType>
inline constexpr bool type_subsumes_v<Any, SourceType> = true;

/*! \brief The customization point; the primary template marks a type unsupported. */
template <typename, typename = void>
struct TypeTraits {
  static constexpr bool convert_enabled = false;
  static constexpr bool storage_enabled = false;
};

template <typename T>
using TypeTraitsNoCR = TypeTraits<std::remove_const_t<std::remove_reference_t<T>>>;

/*!
 * \brief False for ObjectRef subclasses that bring their own TypeTraits, which
 *        turns off the generic ObjectRef traits of object.h for them.
 */
template <typename T>
inline constexpr bool use_default_type_traits_v = true;

/*! \brief Defaults shared by every supported type. */
struct TypeTraitsBase {
  static constexpr bool convert_enabled = true;
  static constexpr bool storage_enabled = true;
  /*! \brief Static index recorded for reflected fields of this type (kTVMFFIAny = dynamic). */
  static constexpr int32_t field_static_type_index = TypeIndex::kTVMFFIAny;
  /*!
   * \brief Describes `source` after a failed cast. Containers override it to
   *        name the offending element.
   */
  TVM_FFI_INLINE static std::string GetMismatchTypeInfo(const TVMFFIAny* source) {
    return TypeIndexToTypeKey(source->type_index);
  }
};

template <typename T, typename = void>
struct TypeToFieldStaticTypeIndex {
  static constexpr int32_t value = TypeIndex::kTVMFFIAny;
};

template <typename T>
struct TypeToFieldStaticTypeIndex<T, std::enable_if_t<TypeTraits<T>::convert_enabled>> {
  static constexpr int32_t value = TypeTraits<T>::field_static_type_index;
};

/*! \brief Runtime type index of T; object types override it (object.h). */
template <typename T, typename = void>
struct TypeToRuntimeTypeIndex {
  static int32_t v() { return TypeToFieldStaticTypeIndex<T>::value; }
};

namespace detail {

/*! \brief `{"type":"<key>"}`, the schema of a type without arguments. */
inline std::string SimpleTypeSchema(const char* key) {
  return std::string(R"({"type":")") + key + R"("})";
}

/*! \brief Writes a POD value with zeroed padding (SPEC ANY-ZERO-PADDING). */
TVM_FFI_INLINE void SetPodHeader(TVMFFIAny* result, int32_t type_index) {
  result->type_index = type_index;
  result->zero_padding = 0;
  result->v_int64 = 0;
}

/*!
 * \brief Traits of a POD kind whose C++ value is read and written by `Access`.
 *        Strict check: only `kIndex`; conversions are added by the user of this base.
 */
template <typename T, int32_t kIndex, const char* const* kKey, typename Access>
struct PodTraitsBase : public TypeTraitsBase {
  static constexpr int32_t field_static_type_index = kIndex;
  TVM_FFI_INLINE static void CopyToAnyView(const T& src, TVMFFIAny* result) {
    SetPodHeader(result, kIndex);
    Access::Store(result, src);
  }
  TVM_FFI_INLINE static void MoveToAny(T src, TVMFFIAny* result) { CopyToAnyView(src, result); }
  TVM_FFI_INLINE static bool CheckAnyStrict(const TVMFFIAny* src) {
    return src->type_index == kIndex;
  }
  TVM_FFI_INLINE static T CopyFromAnyViewAfterCheck(const TVMFFIAny* src) {
    return Access::Load(src);
  }
  TVM_FFI_INLINE static T MoveFromAnyAfterCheck(TVMFFIAny* src) { return Access::Load(src); }
  TVM_FFI_INLINE static std::string TypeStr() { return *kKey; }
  TVM_FFI_INLINE static std::string TypeSchema() { return SimpleTypeSchema(*kKey); }
};

template <typename T>
struct IntAccess {
  static void Store(TVMFFIAny* r, T v) { r->v_int64 = static_cast<int64_t>(v); }
  static T Load(const TVMFFIAny* s) { return static_cast<T>(s->v_int64); }
};
template <typename T>
struct FloatAccess {
  static void Store(TVMFFIAny* r, T v) { r->v_float64 = static_cast<double>(v); }
  static T Load(const TVMFFIAny* s) { return static_cast<T>(s->v_float64); }
};
struct PtrAccess {
  static void Store(TVMFFIAny* r, void* v) { r->v_ptr = v; }
  static void* Load(const TVMFFIAny* s) { return s->v_ptr; }
};

inline constexpr const char* kKeyBool = "bool";
inline constexpr const char* kKeyInt = "int";
inline constexpr const char* kKeyFloat = "float";
inline constexpr const char* kKeyOpaquePtr = "void*";

/*! \brief Int and Bool both read as an integer; C++ code treats bool as 0/1. */
TVM_FFI_INLINE bool IsIntOrBool(const TVMFFIAny* src) {
  return src->type_index == TypeIndex::kTVMFFIInt || src->type_index == TypeIndex::kTVMFFIBool;
}

}  // namespace detail

/*! \brief None; its payload is all zero (SPEC ANY-NONE). */
template <>
struct TypeTraits<std::nullptr_t> : public TypeTraitsBase {
  static constexpr int32_t field_static_type_index = TypeIndex::kTVMFFINone;
  TVM_FFI_INLINE static void CopyToAnyView(const std::nullptr_t&, TVMFFIAny* result) {
    detail::SetPodHeader(result, TypeIndex::kTVMFFINone);
  }
  TVM_FFI_INLINE static void MoveToAny(std::nullptr_t, TVMFFIAny* result) {
    detail::SetPodHeader(result, TypeIndex::kTVMFFINone);
  }
  TVM_FFI_INLINE static bool CheckAnyStrict(const TVMFFIAny* src) {
    return src->type_index == TypeIndex::kTVMFFINone;
  }
  TVM_FFI_INLINE static std::nullptr_t CopyFromAnyViewAfterCheck(const TVMFFIAny*) {
    return nullptr;
  }
  TVM_FFI_INLINE static std::nullptr_t MoveFromAnyAfterCheck(TVMFFIAny*) { return nullptr; }
  TVM_FFI_INLINE static std::optional<std::nullptr_t> TryCastFromAnyView(const TVMFFIAny* src) {
    if (CheckAnyStrict(src)) return nullptr;
    return std::nullopt;
  }
  TVM_FFI_INLINE static std::string TypeStr() { return StaticTypeKey::kTVMFFINone; }
  TVM_FFI_INLINE static std::string TypeSchema() {
    return detail::SimpleTypeSchema(StaticTypeKey::kTVMFFINone);
  }
};

/*!
 * \brief A bool that refuses integers when cast from Any. Use it where an int
 *        must not be mistaken for a bool (e.g. as a fallback alternative).
 */
class StrictBool {
 public:
  StrictBool(bool value) : value_(value) {}  // NOLINT(google-explicit-constructor)
  operator bool() const { return value_; }   // NOLINT(google-explicit-constructor)

 private:
  bool value_;
};

template <>
struct TypeTraits<StrictBool>
    : public detail::PodTraitsBase<StrictBool, TypeIndex::kTVMFFIBool, &detail::kKeyBool,
                                   detail::IntAccess<bool>> {
  TVM_FFI_INLINE static std::optional<StrictBool> TryCastFromAnyView(const TVMFFIAny* src) {
    if (CheckAnyStrict(src)) return StrictBool(src->v_int64 != 0);
    return std::nullopt;
  }
};

/*! \brief bool is stored as 0/1 (SPEC ANY-BOOL); an Int converts to bool. */
template <>
struct TypeTraits<bool> : public detail::PodTraitsBase<bool, TypeIndex::kTVMFFIBool,
                                                       &detail::kKeyBool, detail::IntAccess<bool>> {
  TVM_FFI_INLINE static bool CopyFromAnyViewAfterCheck(const TVMFFIAny* src) {
    return src->v_int64 != 0;
  }
  TVM_FFI_INLINE static bool MoveFromAnyAfterCheck(TVMFFIAny* src) { return src->v_int64 != 0; }
  TVM_FFI_INLINE static std::optional<bool> TryCastFromAnyView(const TVMFFIAny* src) {
    if (detail::IsIntOrBool(src)) return src->v_int64 != 0;
    return std::nullopt;
  }
};

/*! \brief Shared base of integer and integer-enum traits: stored as Int; Bool converts. */
template <typename Int>
struct TypeTraitsIntBase : public detail::PodTraitsBase<Int, TypeIndex::kTVMFFIInt,
                                                        &detail::kKeyInt, detail::IntAccess<Int>> {
  TVM_FFI_INLINE static void CopyInt64ToAnyView(int64_t src, TVMFFIAny* result) {
    detail::SetPodHeader(result, TypeIndex::kTVMFFIInt);
    result->v_int64 = src;
  }
  TVM_FFI_INLINE static std::optional<Int> TryCastFromAnyView(const TVMFFIAny* src) {
    if (detail::IsIntOrBool(src)) return static_cast<Int>(src->v_int64);
    return std::nullopt;
  }
};

template <typename Int>
struct TypeTraits<Int, std::enable_if_t<std::is_integral_v<Int>>> : public TypeTraitsIntBase<Int> {
};

/// \cond Doxygen_Suppress
template <typename T, bool = std::is_enum_v<T>>
constexpr bool is_integeral_enum_v = false;
template <typename T>
constexpr bool is_integeral_enum_v<T, true> = std::is_integral_v<std::underlying_type_t<T>>;
/// \endcond

/*! \brief Enums travel as their integer value. */
template <typename IntEnum>
struct TypeTraits<IntEnum, std::enable_if_t<is_integeral_enum_v<IntEnum>>>
    : public TypeTraitsIntBase<IntEnum> {};

/*! \brief Floating point is stored as a double; Int and Bool convert. */
template <typename Float>
struct TypeTraits<Float, std::enable_if_t<std::is_floating_point_v<Float>>>
    : public detail::PodTraitsBase<Float, TypeIndex::kTVMFFIFloat, &detail::kKeyFloat,
                                   detail::FloatAccess<Float>> {
  TVM_FFI_INLINE static std::optional<Float> TryCastFromAnyView(const TVMFFIAny* src) {
    if (src->type_index == TypeIndex::kTVMFFIFloat) return static_cast<Float>(src->v_float64);
    if (detail::IsIntOrBool(src)) return static_cast<Float>(src->v_int64);
    return std::nullopt;
  }
};

/*! \brief Opaque pointers; None converts to nullptr. */
template <>
struct TypeTraits<void*> : public detail::PodTraitsBase<void*, TypeIndex::kTVMFFIOpaquePtr,
                                                        &detail::kKeyOpaquePtr, detail::PtrAccess> {
  TVM_FFI_INLINE static std::optional<void*> TryCastFromAnyView(const TVMFFIAny* src) {
    if (src->type_index == TypeIndex::kTVMFFIOpaquePtr) return src->v_ptr;
    if (src->type_index == TypeIndex::kTVMFFINone) return static_cast<void*>(nullptr);
    return std::nullopt;
  }
};

/*!
 * \brief Base of types that are never stored in an Any but can be produced from
 *        one of `FallbackTypes` (tried in order). `TypeTraits<T>` must provide
 *        `static T ConvertFallbackValue(Fallback)` for each fallback type.
 */
template <typename T, typename... FallbackTypes>
struct FallbackOnlyTraitsBase : public TypeTraitsBase {
  static constexpr bool storage_enabled = false;

  TVM_FFI_INLINE static std::optional<T> TryCastFromAnyView(const TVMFFIAny* src) {
    return TryFallbackTypes<FallbackTypes...>(src);
  }

  template <typename Fallback, typename... Rest>
  TVM_FFI_INLINE static std::optional<T> TryFallbackTypes(const TVMFFIAny* src) {
    static_assert(!std::is_same_v<Fallback, bool>,
                  "bool as a fallback would also accept every int; use StrictBool");
    if (auto value = TypeTraits<Fallback>::TryCastFromAnyView(src)) {
      return TypeTraits<T>::ConvertFallbackValue(*std::move(value));
    }
    if constexpr (sizeof...(Rest) > 0) {
      return TryFallbackTypes<Rest...>(src);
    } else {
      return std::nullopt;
    }
  }
};

}  // namespace ffi
}  // namespace tvm

/*!
 * \brief Declares, inside an object class, the type knobs of a type that some
 *        other library registers; its index is looked up by key on first use.
 */
#define TVM_FFI_DECLARE_OBJECT_INFO_LOOKUP(RegisteredKey, TypeDepth)            \
  static constexpr const char* _type_key = RegisteredKey;                       \
  static constexpr int32_t _type_depth = TypeDepth;                             \
  static constexpr bool _type_mutable = true;                                   \
  static constexpr bool _type_final = false;                                    \
  static constexpr uint32_t _type_child_slots = 0;                              \
  static constexpr bool _type_child_slots_can_overflow = true;                  \
  static int32_t RuntimeTypeIndex() {                                           \
    static const int32_t tvm_ffi_looked_up_index = []() {                       \
      TVMFFIByteArray key{RegisteredKey, sizeof(RegisteredKey) - 1};            \
      int32_t index = -1;                                                       \
      TVM_FFI_CHECK_SAFE_CALL(TVMFFITypeKeyToIndex(&key, &index));              \
      return index;                                                             \
    }();                                                                        \
    return tvm_ffi_looked_up_index;                                             \
  }

#endif  // TVM_FFI_TYPE_TRAITS_H_
