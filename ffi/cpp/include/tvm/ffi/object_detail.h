// ffi/cpp/include/tvm/ffi/object_detail.h: type registration macros, instance checks, ObjectUnsafe and object TypeTraits.
//
// Included at the end of object.h; include object.h, not this file.
//
// Registration and instance checks are compiled into every module, and they
// must agree with the runtime's index allocation (SPEC §4.2, §4.3): a type's
// descendants live in [index, index + child_slots] or, once those slots are
// used up, anywhere above it, found through the ancestor table.
#ifndef TVM_FFI_OBJECT_DETAIL_H_
#define TVM_FFI_OBJECT_DETAIL_H_

#include <tvm/ffi/object.h>

#include <optional>
#include <string>
#include <type_traits>
#include <utility>

// The static_asserts every registration macro applies to TypeName/ParentType.
#define TVM_FFI_OBJECT_INFO_CHECKS_(TypeName, ParentType)                                    \
  static_assert(!ParentType::_type_final, "the parent type is marked final");                \
  static_assert(!ParentType::_type_s_eq_hash_subclass_kind_fixed ||                          \
                    TypeName::_type_s_eq_hash_kind == ParentType::_type_s_eq_hash_kind,      \
                "the parent fixes _type_s_eq_hash_kind for all its subclasses");             \
  static_assert(TypeName::_type_child_slots == 0 || ParentType::_type_child_slots == 0 ||    \
                    TypeName::_type_child_slots < ParentType::_type_child_slots,             \
                "a type's child slots must fit inside its parent's child slots")

// Registers TypeName under ParentType with `static_index` (-1 = allocate one).
#define TVM_FFI_OBJECT_INFO_REGISTER_(TypeName, ParentType, static_index)                     \
  []() {                                                                                      \
    TVMFFIByteArray tvm_ffi_key{TypeName::_type_key,                                          \
                                std::char_traits<char>::length(TypeName::_type_key)};         \
    return TVMFFITypeGetOrAllocIndex(&tvm_ffi_key, static_index, TypeName::_type_depth,       \
                                     static_cast<int32_t>(TypeName::_type_child_slots),       \
                                     TypeName::_type_child_slots_can_overflow ? 1 : 0,        \
                                     ParentType::_GetOrAllocRuntimeTypeIndex());              \
  }()

/*!
 * \brief Declares a type with a builtin (static) index. The class must define
 *        `static constexpr int32_t _type_index = <index>;` before this macro.
 */
#define TVM_FFI_DECLARE_OBJECT_INFO_STATIC(TypeKey, TypeName, ParentType)                      \
  static constexpr int32_t _type_depth = ParentType::_type_depth + 1;                          \
  static int32_t _GetOrAllocRuntimeTypeIndex() {                                               \
    TVM_FFI_OBJECT_INFO_CHECKS_(TypeName, ParentType);                                         \
    [[maybe_unused]] static const int32_t tvm_ffi_registered = TVM_FFI_OBJECT_INFO_REGISTER_(  \
        TypeName, ParentType, static_cast<int32_t>(TypeName::_type_index));                    \
    return static_cast<int32_t>(TypeName::_type_index);                                        \
  }                                                                                            \
  TVM_FFI_INLINE static int32_t RuntimeTypeIndex() noexcept {                                  \
    return static_cast<int32_t>(TypeName::_type_index);                                        \
  }                                                                                            \
  static constexpr const char* _type_key = TypeKey

/*!
 * \brief Declares a type whose `_type_key` the class defines itself; the index is
 *        allocated while the library containing the class is loaded.
 */
#define TVM_FFI_DECLARE_OBJECT_INFO_PREDEFINED_TYPE_KEY(TypeName, ParentType)                  \
  static constexpr int32_t _type_depth = ParentType::_type_depth + 1;                          \
  static int32_t _GetOrAllocRuntimeTypeIndex() {                                               \
    TVM_FFI_OBJECT_INFO_CHECKS_(TypeName, ParentType);                                         \
    static const int32_t tvm_ffi_allocated =                                                   \
        TVM_FFI_OBJECT_INFO_REGISTER_(TypeName, ParentType, -1);                               \
    return tvm_ffi_allocated;                                                                  \
  }                                                                                            \
  static inline const int32_t _type_index = _GetOrAllocRuntimeTypeIndex();                     \
  TVM_FFI_INLINE static int32_t RuntimeTypeIndex() noexcept { return TypeName::_type_index; }

/*! \brief Declares a dynamically registered type `TypeKey` deriving from ParentType. */
#define TVM_FFI_DECLARE_OBJECT_INFO(TypeKey, TypeName, ParentType) \
  static constexpr const char* _type_key = TypeKey;                \
  TVM_FFI_DECLARE_OBJECT_INFO_PREDEFINED_TYPE_KEY(TypeName, ParentType)

/*! \brief As TVM_FFI_DECLARE_OBJECT_INFO, for a type that has no subclasses. */
#define TVM_FFI_DECLARE_OBJECT_INFO_FINAL(TypeKey, TypeName, ParentType) \
  static constexpr const int _type_child_slots [[maybe_unused]] = 0;     \
  static constexpr const bool _type_final [[maybe_unused]] = true;       \
  TVM_FFI_DECLARE_OBJECT_INFO(TypeKey, TypeName, ParentType)

// Members shared by the two reference macros below.
#define TVM_FFI_OBJECT_REF_ACCESSORS_(TypeName, ParentType, ObjectName)                      \
  explicit TypeName(::tvm::ffi::UnsafeInit tag) : ParentType(tag) {}                        \
  TVM_FFI_DEFINE_DEFAULT_COPY_MOVE_AND_ASSIGN(TypeName)                                     \
  using tvm_ffi_ptr_type_ = std::conditional_t<ObjectName::_type_mutable, ObjectName*,       \
                                               const ObjectName*>;                          \
  tvm_ffi_ptr_type_ operator->() const { return static_cast<tvm_ffi_ptr_type_>(data_.get()); } \
  tvm_ffi_ptr_type_ get() const { return static_cast<tvm_ffi_ptr_type_>(data_.get()); }        \
  using ContainerType = ObjectName

/*!
 * \brief Defines the constructors and accessors of a nullable reference type
 *        TypeName (deriving from ParentType) to objects of type ObjectName.
 */
#define TVM_FFI_DEFINE_OBJECT_REF_METHODS_NULLABLE(TypeName, ParentType, ObjectName)        \
  TypeName() = default;                                                                     \
  explicit TypeName(::tvm::ffi::ObjectPtr<ObjectName> n) : ParentType(std::move(n)) {}      \
  [[maybe_unused]] static constexpr bool _type_is_nullable = true;                          \
  TVM_FFI_OBJECT_REF_ACCESSORS_(TypeName, ParentType, ObjectName)

/*! \brief As the NULLABLE form, but the reference is never null and has no default constructor. */
#define TVM_FFI_DEFINE_OBJECT_REF_METHODS_NOTNULLABLE(TypeName, ParentType, ObjectName) \
  [[maybe_unused]] static constexpr bool _type_is_nullable = false;                     \
  TVM_FFI_OBJECT_REF_ACCESSORS_(TypeName, ParentType, ObjectName)

namespace tvm {
namespace ffi {
namespace detail {

/*! \return The info of a registered index; the runtime keeps it valid forever. */
TVM_FFI_INLINE const TypeInfo* TypeInfoOrNull(int32_t type_index) {
  return TVMFFIGetTypeInfo(type_index);
}

/*! \brief Whether type `child` has `ancestor` (at `depth`) among its ancestors. */
TVM_FFI_INLINE bool TypeHasAncestor(int32_t child, int32_t ancestor, int32_t depth) {
  const TypeInfo* info = TypeInfoOrNull(child);
  return info != nullptr && info->type_depth > depth &&
         info->type_ancestors[depth]->type_index == ancestor;
}

/*! \brief SPEC REG-INSTANCE-CHECK for a compile-time target type. */
template <typename TargetType>
TVM_FFI_INLINE bool IsObjectInstance(int32_t object_type_index) {
  static_assert(std::is_base_of_v<Object, TargetType>);
  using T = std::remove_cv_t<TargetType>;
  if constexpr (std::is_same_v<T, Object>) {
    return true;
  } else if constexpr (T::_type_final) {
    return object_type_index == T::RuntimeTypeIndex();
  } else {
    const int32_t target = T::RuntimeTypeIndex();
    // The reserved range [target, target + slots] holds only target and its descendants.
    if (object_type_index >= target &&
        object_type_index <= target + static_cast<int32_t>(T::_type_child_slots)) {
      return true;
    }
    if constexpr (T::_type_child_slots_can_overflow) {
      // Descendants always have larger indices (SPEC REG-ALLOC-MONOTONIC).
      return object_type_index > target &&
             TypeHasAncestor(object_type_index, target, T::_type_depth);
    } else {
      return false;
    }
  }
}

/*!
 * \brief Whether a value of `actual_type_index` is acceptable where `target_type_index`
 *        is expected, with both only known at run time (used by reflection).
 */
TVM_FFI_INLINE bool RuntimeTypeIndexMatch(int32_t actual_type_index, int32_t target_type_index) {
  if (actual_type_index == target_type_index || target_type_index == TypeIndex::kTVMFFIAny) {
    return true;
  }
  if (target_type_index == TypeIndex::kTVMFFIStr) {
    return actual_type_index == TypeIndex::kTVMFFISmallStr;
  }
  if (target_type_index == TypeIndex::kTVMFFIBytes) {
    return actual_type_index == TypeIndex::kTVMFFISmallBytes;
  }
  if (target_type_index == TypeIndex::kTVMFFIObject) {
    return actual_type_index >= TypeIndex::kTVMFFIStaticObjectBegin;
  }
  if (actual_type_index < TypeIndex::kTVMFFIStaticObjectBegin ||
      target_type_index < TypeIndex::kTVMFFIStaticObjectBegin ||
      actual_type_index < target_type_index) {
    return false;
  }
  const TypeInfo* target = TypeInfoOrNull(target_type_index);
  return target != nullptr && TypeHasAncestor(actual_type_index, target_type_index,
                                              target->type_depth);
}

/*!
 * \brief The unchecked conversions between handles, raw pointers, ObjectPtr and
 *        ObjectRef that the SDK itself is built from. "Owned" means the caller
 *        hands over one strong reference; "Unowned" means a new one is taken.
 */
struct ObjectUnsafe {
  /*! \return The ABI header (the handle) of an object. */
  TVM_FFI_INLINE static TVMFFIObject* GetHeader(const Object* src) {
    return const_cast<TVMFFIObject*>(&src->header_);
  }
  /*! \return The TVMFFIObjectAllocHeader placed right before a custom-allocated body. */
  TVM_FFI_INLINE static TVMFFIObjectAllocHeader* GetObjectAllocHeaderFromPtr(void* body) {
    return reinterpret_cast<TVMFFIObjectAllocHeader*>(static_cast<char*>(body) -
                                                      sizeof(TVMFFIObjectAllocHeader));
  }
#if defined(__GNUC__) || defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Winvalid-offsetof"
#endif
  /*! \return Offset of the header inside Class minus its offset inside Object. */
  template <typename Class>
  TVM_FFI_INLINE static int64_t GetObjectOffsetToSubclass() {
    return static_cast<int64_t>(offsetof(Class, header_)) -
           static_cast<int64_t>(offsetof(Object, header_));
  }
#if defined(__GNUC__) || defined(__clang__)
#pragma GCC diagnostic pop
#endif

  template <typename T>
  TVM_FFI_INLINE static T ObjectRefFromObjectPtr(const ObjectPtr<Object>& ptr) {
    T ref(UnsafeInit{});
    ref.data_ = ptr;
    return ref;
  }
  template <typename T>
  TVM_FFI_INLINE static T ObjectRefFromObjectPtr(ObjectPtr<Object>&& ptr) {
    T ref(UnsafeInit{});
    ref.data_ = std::move(ptr);
    return ref;
  }
  template <typename T>
  TVM_FFI_INLINE static ObjectPtr<T> ObjectPtrFromObjectRef(const ObjectRef& ref) {
    return ObjectPtr<T>(ref.data_.data_);
  }
  template <typename T>
  TVM_FFI_INLINE static ObjectPtr<T> ObjectPtrFromObjectRef(ObjectRef&& ref) {
    ObjectPtr<T> result;
    result.data_ = ref.data_.data_;
    ref.data_.data_ = nullptr;
    return result;
  }
  /*! \brief Adopts one strong reference already owned by the caller. */
  template <typename T>
  TVM_FFI_INLINE static ObjectPtr<T> ObjectPtrFromOwned(Object* raw) {
    ObjectPtr<T> result;
    result.data_ = raw;
    return result;
  }
  template <typename T>
  TVM_FFI_INLINE static ObjectPtr<T> ObjectPtrFromOwned(TVMFFIObject* handle) {
    return ObjectPtrFromOwned<T>(reinterpret_cast<Object*>(handle));
  }
  /*! \brief Takes a new strong reference. */
  template <typename T>
  TVM_FFI_INLINE static ObjectPtr<T> ObjectPtrFromUnowned(Object* raw) {
    return ObjectPtr<T>(raw);
  }
  template <typename T>
  TVM_FFI_INLINE static ObjectPtr<T> ObjectPtrFromUnowned(TVMFFIObject* handle) {
    return ObjectPtr<T>(reinterpret_cast<Object*>(handle));
  }
  template <typename T>
  TVM_FFI_INLINE static Arc<T> ArcFromObjectPtr(ObjectPtr<T>&& ptr) {
    return Arc<T>(std::move(ptr));
  }
  /*!
   * \brief The T* of a handle, without touching counts. Goes through Object*
   *        because T* and the header differ when T has a vtable (SPEC §13.7).
   */
  template <typename T>
  TVM_FFI_INLINE static T* RawObjectPtrFromUnowned(TVMFFIObject* handle) {
    return static_cast<T*>(reinterpret_cast<Object*>(handle));
  }
  TVM_FFI_INLINE static void IncRefObjectHandle(TVMFFIObjectHandle handle) {
    reinterpret_cast<Object*>(handle)->IncRef();
  }
  TVM_FFI_INLINE static void DecRefObjectHandle(TVMFFIObjectHandle handle) {
    if (handle != nullptr) reinterpret_cast<Object*>(handle)->DecRef();
  }
  TVM_FFI_INLINE static Object* RawObjectPtrFromObjectRef(const ObjectRef& src) {
    return src.data_.data_;
  }
  TVM_FFI_INLINE static TVMFFIObject* TVMFFIObjectPtrFromObjectRef(const ObjectRef& src) {
    return GetHeader(src.data_.data_);
  }
  template <typename T>
  TVM_FFI_INLINE static TVMFFIObject* TVMFFIObjectPtrFromObjectPtr(const ObjectPtr<T>& src) {
    return GetHeader(src.data_);
  }
  /*! \brief Releases ownership of the reference to the returned handle. */
  template <typename T>
  TVM_FFI_INLINE static TVMFFIObject* MoveObjectPtrToTVMFFIObjectPtr(ObjectPtr<T>&& src) {
    Object* raw = src.data_;
    src.data_ = nullptr;
    return GetHeader(raw);
  }
  TVM_FFI_INLINE static TVMFFIObject* MoveObjectRefToTVMFFIObjectPtr(ObjectRef&& src) {
    Object* raw = src.data_.data_;
    src.data_.data_ = nullptr;
    return GetHeader(raw);
  }
};

/*! \brief Writes the object at `handle` (non-null) into an Any; no count change. */
TVM_FFI_INLINE void WriteObjectToAny(TVMFFIObject* handle, TVMFFIAny* result) {
  result->type_index = handle->type_index;
  TVM_FFI_UNSAFE_ASSUME(result->type_index >= TypeIndex::kTVMFFIStaticObjectBegin);
  result->zero_padding = 0;
  TVM_FFI_CLEAR_PTR_PADDING_IN_FFI_ANY(result);
  result->v_obj = handle;
}

/*! \brief Writes None (all 16 bytes zero, SPEC ANY-NONE). */
TVM_FFI_INLINE void WriteNoneToAny(TVMFFIAny* result) {
  result->type_index = TypeIndex::kTVMFFINone;
  result->zero_padding = 0;
  result->v_int64 = 0;
}

/*! \brief Whether `src` holds an object that is an instance of TObject. */
template <typename TObject>
TVM_FFI_INLINE bool AnyHoldsInstance(const TVMFFIAny* src) {
  return src->type_index >= TypeIndex::kTVMFFIStaticObjectBegin &&
         IsObjectInstance<TObject>(src->type_index);
}

template <typename TObject>
inline std::string ObjectTypeSchema() {
  return std::string(R"({"type":")") + TObject::_type_key + R"("})";
}

}  // namespace detail

template <typename T>
struct TypeToRuntimeTypeIndex<T, std::enable_if_t<std::is_base_of_v<ObjectRef, T>>> {
  static int32_t v() { return T::ContainerType::RuntimeTypeIndex(); }
};
template <typename TObject>
struct TypeToRuntimeTypeIndex<ObjectPtr<TObject>,
                              std::enable_if_t<is_object_subclass_v<TObject> &&
                                               !std::is_const_v<TObject>>> {
  static int32_t v() { return TObject::RuntimeTypeIndex(); }
};
template <typename TObject>
struct TypeToRuntimeTypeIndex<Arc<TObject>, std::enable_if_t<is_object_subclass_v<TObject> &&
                                                             !std::is_const_v<TObject>>> {
  static int32_t v() { return TObject::RuntimeTypeIndex(); }
};

/*! \brief ObjectPtr<T> travels as the object, or None when null. */
template <typename TObject>
struct TypeTraits<ObjectPtr<TObject>,
                  std::enable_if_t<is_object_subclass_v<TObject> && !std::is_const_v<TObject>>>
    : public TypeTraitsBase {
  static constexpr int32_t field_static_type_index = TypeIndex::kTVMFFIObject;
  TVM_FFI_INLINE static void CopyToAnyView(const ObjectPtr<TObject>& src, TVMFFIAny* result) {
    if (src == nullptr) return detail::WriteNoneToAny(result);
    detail::WriteObjectToAny(detail::ObjectUnsafe::TVMFFIObjectPtrFromObjectPtr(src), result);
  }
  TVM_FFI_INLINE static void MoveToAny(ObjectPtr<TObject> src, TVMFFIAny* result) {
    if (src == nullptr) return detail::WriteNoneToAny(result);
    detail::WriteObjectToAny(detail::ObjectUnsafe::MoveObjectPtrToTVMFFIObjectPtr(std::move(src)),
                             result);
  }
  TVM_FFI_INLINE static bool CheckAnyStrict(const TVMFFIAny* src) {
    return src->type_index == TypeIndex::kTVMFFINone || detail::AnyHoldsInstance<TObject>(src);
  }
  TVM_FFI_INLINE static ObjectPtr<TObject> CopyFromAnyViewAfterCheck(const TVMFFIAny* src) {
    if (src->type_index == TypeIndex::kTVMFFINone) return nullptr;
    return detail::ObjectUnsafe::ObjectPtrFromUnowned<TObject>(src->v_obj);
  }
  TVM_FFI_INLINE static ObjectPtr<TObject> MoveFromAnyAfterCheck(TVMFFIAny* src) {
    if (src->type_index == TypeIndex::kTVMFFINone) return nullptr;
    ObjectPtr<TObject> result = detail::ObjectUnsafe::ObjectPtrFromOwned<TObject>(src->v_obj);
    detail::WriteNoneToAny(src);
    return result;
  }
  TVM_FFI_INLINE static std::optional<ObjectPtr<TObject>> TryCastFromAnyView(const TVMFFIAny* src) {
    if (CheckAnyStrict(src)) return CopyFromAnyViewAfterCheck(src);
    return std::nullopt;
  }
  TVM_FFI_INLINE static std::string TypeStr() { return TObject::_type_key; }
  TVM_FFI_INLINE static std::string TypeSchema() {
    return R"({"type":"Optional","args":[)" + detail::ObjectTypeSchema<TObject>() + "]}";
  }
};

/*! \brief Arc<T> is an ObjectPtr that never holds None. */
template <typename TObject>
struct TypeTraits<Arc<TObject>,
                  std::enable_if_t<is_object_subclass_v<TObject> && !std::is_const_v<TObject>>>
    : public TypeTraitsBase {
  static constexpr int32_t field_static_type_index = TypeIndex::kTVMFFIObject;
  TVM_FFI_INLINE static void CopyToAnyView(const Arc<TObject>& src, TVMFFIAny* result) {
    TypeTraits<ObjectPtr<TObject>>::CopyToAnyView(src, result);
  }
  TVM_FFI_INLINE static void MoveToAny(Arc<TObject> src, TVMFFIAny* result) {
    TypeTraits<ObjectPtr<TObject>>::MoveToAny(std::move(src), result);
  }
  TVM_FFI_INLINE static bool CheckAnyStrict(const TVMFFIAny* src) {
    return detail::AnyHoldsInstance<TObject>(src);
  }
  TVM_FFI_INLINE static Arc<TObject> CopyFromAnyViewAfterCheck(const TVMFFIAny* src) {
    return detail::ObjectUnsafe::ArcFromObjectPtr(
        detail::ObjectUnsafe::ObjectPtrFromUnowned<TObject>(src->v_obj));
  }
  TVM_FFI_INLINE static Arc<TObject> MoveFromAnyAfterCheck(TVMFFIAny* src) {
    auto ptr = detail::ObjectUnsafe::ObjectPtrFromOwned<TObject>(src->v_obj);
    detail::WriteNoneToAny(src);
    return detail::ObjectUnsafe::ArcFromObjectPtr(std::move(ptr));
  }
  TVM_FFI_INLINE static std::optional<Arc<TObject>> TryCastFromAnyView(const TVMFFIAny* src) {
    if (CheckAnyStrict(src)) return CopyFromAnyViewAfterCheck(src);
    return std::nullopt;
  }
  TVM_FFI_INLINE static std::string TypeStr() { return TObject::_type_key; }
  TVM_FFI_INLINE static std::string TypeSchema() { return detail::ObjectTypeSchema<TObject>(); }
};

/*!
 * \brief TypeTraits of an ObjectRef subclass: the object (None when a nullable
 *        reference is null), checked against TObjRef::ContainerType.
 */
template <typename TObjRef>
struct ObjectRefTypeTraitsBase : public TypeTraitsBase {
  static constexpr int32_t field_static_type_index = TypeIndex::kTVMFFIObject;
  using ContainerType = typename TObjRef::ContainerType;

  TVM_FFI_INLINE static void CopyToAnyView(const TObjRef& src, TVMFFIAny* result) {
    if constexpr (TObjRef::_type_is_nullable) {
      if (!src.defined()) return detail::WriteNoneToAny(result);
    }
    detail::WriteObjectToAny(detail::ObjectUnsafe::TVMFFIObjectPtrFromObjectRef(src), result);
  }
  TVM_FFI_INLINE static void MoveToAny(TObjRef src, TVMFFIAny* result) {
    if constexpr (TObjRef::_type_is_nullable) {
      if (!src.defined()) return detail::WriteNoneToAny(result);
    }
    detail::WriteObjectToAny(detail::ObjectUnsafe::MoveObjectRefToTVMFFIObjectPtr(std::move(src)),
                             result);
  }
  TVM_FFI_INLINE static bool CheckAnyStrict(const TVMFFIAny* src) {
    if constexpr (TObjRef::_type_is_nullable) {
      if (src->type_index == TypeIndex::kTVMFFINone) return true;
    }
    return detail::AnyHoldsInstance<ContainerType>(src);
  }
  TVM_FFI_INLINE static TObjRef CopyFromAnyViewAfterCheck(const TVMFFIAny* src) {
    if constexpr (TObjRef::_type_is_nullable) {
      if (src->type_index == TypeIndex::kTVMFFINone) {
        return detail::ObjectUnsafe::ObjectRefFromObjectPtr<TObjRef>(nullptr);
      }
    }
    return detail::ObjectUnsafe::ObjectRefFromObjectPtr<TObjRef>(
        detail::ObjectUnsafe::ObjectPtrFromUnowned<Object>(src->v_obj));
  }
  TVM_FFI_INLINE static TObjRef MoveFromAnyAfterCheck(TVMFFIAny* src) {
    if constexpr (TObjRef::_type_is_nullable) {
      if (src->type_index == TypeIndex::kTVMFFINone) {
        return detail::ObjectUnsafe::ObjectRefFromObjectPtr<TObjRef>(nullptr);
      }
    }
    auto ptr = detail::ObjectUnsafe::ObjectPtrFromOwned<Object>(src->v_obj);
    detail::WriteNoneToAny(src);
    return detail::ObjectUnsafe::ObjectRefFromObjectPtr<TObjRef>(std::move(ptr));
  }
  TVM_FFI_INLINE static std::optional<TObjRef> TryCastFromAnyView(const TVMFFIAny* src) {
    if (TypeTraits<TObjRef>::CheckAnyStrict(src)) return CopyFromAnyViewAfterCheck(src);
    return std::nullopt;
  }
  TVM_FFI_INLINE static std::string TypeStr() { return ContainerType::_type_key; }
  TVM_FFI_INLINE static std::string TypeSchema() {
    return detail::ObjectTypeSchema<ContainerType>();
  }
};

template <typename TObjRef>
struct TypeTraits<TObjRef, std::enable_if_t<std::is_base_of_v<ObjectRef, TObjRef> &&
                                            use_default_type_traits_v<TObjRef>>>
    : public ObjectRefTypeTraitsBase<TObjRef> {};

/*!
 * \brief Object reference traits that also accept values of `FallbackTypes`,
 *        turned into the reference by TypeTraits<ObjectRefType>::ConvertFallbackValue.
 */
template <typename ObjectRefType, typename... FallbackTypes>
struct ObjectRefWithFallbackTraitsBase : public ObjectRefTypeTraitsBase<ObjectRefType> {
  TVM_FFI_INLINE static std::optional<ObjectRefType> TryCastFromAnyView(const TVMFFIAny* src) {
    if (auto direct = ObjectRefTypeTraitsBase<ObjectRefType>::TryCastFromAnyView(src)) {
      return direct;
    }
    return TryFallbackTypes<FallbackTypes...>(src);
  }
  template <typename Fallback, typename... Rest>
  TVM_FFI_INLINE static std::optional<ObjectRefType> TryFallbackTypes(const TVMFFIAny* src) {
    static_assert(!std::is_same_v<Fallback, bool>,
                  "bool as a fallback would also accept every int; use StrictBool");
    if (auto value = TypeTraits<Fallback>::TryCastFromAnyView(src)) {
      return TypeTraits<ObjectRefType>::ConvertFallbackValue(*std::move(value));
    }
    if constexpr (sizeof...(Rest) > 0) {
      return TryFallbackTypes<Rest...>(src);
    } else {
      return std::nullopt;
    }
  }
};

/*!
 * \brief Raw object pointers as borrowed views. Casting from an Any yields a
 *        `const T*`, or a `T*` only for mutable types.
 */
template <typename TObject>
struct TypeTraits<TObject*, std::enable_if_t<std::is_base_of_v<Object, TObject>>>
    : public TypeTraitsBase {
  TVM_FFI_INLINE static void CopyToAnyView(TObject* src, TVMFFIAny* result) {
    detail::WriteObjectToAny(detail::ObjectUnsafe::GetHeader(src), result);
  }
  TVM_FFI_INLINE static void MoveToAny(TObject* src, TVMFFIAny* result) {
    CopyToAnyView(src, result);
    detail::ObjectUnsafe::IncRefObjectHandle(result->v_obj);
  }
  TVM_FFI_INLINE static bool CheckAnyStrict(const TVMFFIAny* src) {
    return detail::AnyHoldsInstance<TObject>(src);
  }
  TVM_FFI_INLINE static TObject* CopyFromAnyViewAfterCheck(const TVMFFIAny* src) {
    static_assert(std::is_const_v<TObject> || TObject::_type_mutable,
                  "only a mutable object type can be taken as a non-const pointer");
    return detail::ObjectUnsafe::RawObjectPtrFromUnowned<TObject>(src->v_obj);
  }
  TVM_FFI_INLINE static std::optional<TObject*> TryCastFromAnyView(const TVMFFIAny* src) {
    if (CheckAnyStrict(src)) return CopyFromAnyViewAfterCheck(src);
    return std::nullopt;
  }
  TVM_FFI_INLINE static std::string TypeStr() { return TObject::_type_key; }
  TVM_FFI_INLINE static std::string TypeSchema() { return detail::ObjectTypeSchema<TObject>(); }
};

}  // namespace ffi
}  // namespace tvm

#endif  // TVM_FFI_OBJECT_DETAIL_H_
