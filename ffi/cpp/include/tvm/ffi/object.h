// ffi/cpp/include/tvm/ffi/object.h: Object, ObjectPtr, WeakObjectPtr, ObjectRef and type declaration macros.
//
// An Object begins (at its Object base) with the 24-byte TVMFFIObject header of
// SPEC §3.1. Every handle that crosses the ABI points at that header, so casts
// between T* and the header always go through the Object base class.
//
// The reference-count updates below are inlined into every module, so they use
// exactly the atomic protocol of SPEC §3.2: strong count in bits 0-31, weak
// count in bits 32-63, one implicit weak reference owned by the strong ones.
#ifndef TVM_FFI_OBJECT_H_
#define TVM_FFI_OBJECT_H_

#include <tvm/ffi/base_detail.h>
#include <tvm/ffi/c_api.h>
#include <tvm/ffi/type_traits.h>

#include <atomic>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#if defined(_MSC_VER)
#include <intrin.h>
#endif

namespace tvm {
namespace ffi {

/*! \brief Tag for constructors that leave a reference empty; callers fill it in at once. */
struct UnsafeInit {};

namespace detail {

struct ObjectUnsafe;

constexpr uint64_t kCombinedRefCountStrongOne = 1;
constexpr uint64_t kCombinedRefCountWeakOne = static_cast<uint64_t>(1) << 32;
constexpr uint64_t kCombinedRefCountBothOne = kCombinedRefCountWeakOne | kCombinedRefCountStrongOne;
constexpr uint64_t kCombinedRefCountMaskUInt32 = kCombinedRefCountWeakOne - 1;

// Whole-word atomics on combined_ref_count (SPEC OBJ-REFCOUNT-BITS). The field
// is a plain uint64_t in the C header, hence the builtins instead of std::atomic.
#if defined(_MSC_VER)
TVM_FFI_INLINE uint64_t RefCountLoadRelaxed(const uint64_t* p) {
  return static_cast<uint64_t>(*reinterpret_cast<const volatile int64_t*>(p));
}
TVM_FFI_INLINE uint64_t RefCountFetchAddRelaxed(uint64_t* p, uint64_t delta) {
  return static_cast<uint64_t>(_InterlockedExchangeAdd64(reinterpret_cast<volatile __int64*>(p),
                                                         static_cast<__int64>(delta)));
}
TVM_FFI_INLINE uint64_t RefCountFetchSubRelease(uint64_t* p, uint64_t delta) {
  return static_cast<uint64_t>(_InterlockedExchangeAdd64(reinterpret_cast<volatile __int64*>(p),
                                                         -static_cast<__int64>(delta)));
}
TVM_FFI_INLINE bool RefCountCompareExchange(uint64_t* p, uint64_t* expected, uint64_t desired) {
  __int64 seen = _InterlockedCompareExchange64(reinterpret_cast<volatile __int64*>(p),
                                               static_cast<__int64>(desired),
                                               static_cast<__int64>(*expected));
  bool ok = static_cast<uint64_t>(seen) == *expected;
  *expected = static_cast<uint64_t>(seen);
  return ok;
}
#else
TVM_FFI_INLINE uint64_t RefCountLoadRelaxed(const uint64_t* p) {
  return __atomic_load_n(p, __ATOMIC_RELAXED);
}
TVM_FFI_INLINE uint64_t RefCountFetchAddRelaxed(uint64_t* p, uint64_t delta) {
  return __atomic_fetch_add(p, delta, __ATOMIC_RELAXED);
}
TVM_FFI_INLINE uint64_t RefCountFetchSubRelease(uint64_t* p, uint64_t delta) {
  return __atomic_fetch_sub(p, delta, __ATOMIC_RELEASE);
}
TVM_FFI_INLINE bool RefCountCompareExchange(uint64_t* p, uint64_t* expected, uint64_t desired) {
  return __atomic_compare_exchange_n(p, expected, desired, /*weak=*/true, __ATOMIC_ACQ_REL,
                                     __ATOMIC_RELAXED);
}
#endif

template <typename TargetType>
TVM_FFI_INLINE bool IsObjectInstance(int32_t object_type_index);

}  // namespace detail

/*!
 * \brief Base class of every FFI object.
 *
 * Subclasses describe themselves with static knobs and one of the
 * TVM_FFI_DECLARE_OBJECT_INFO* macros:
 *
 * \code
 * class MyObj : public Object {
 *  public:
 *   int64_t value;
 *   static constexpr uint32_t _type_child_slots = 2;  // optional knobs
 *   TVM_FFI_DECLARE_OBJECT_INFO("my.MyObj", MyObj, Object);
 * };
 * \endcode
 */
class Object {
 protected:
  /*! \brief The ABI header; handles point here (SPEC ABI-HANDLE-HEADER). */
  TVMFFIObject header_;

 public:
  Object() { ResetHeader(); }
  // A copy is a new object: it gets a fresh header instead of the source's counts.
  Object(const Object&) { ResetHeader(); }
  Object& operator=(const Object&) { return *this; }

  /*! \return Whether this object is an instance of TargetType (SPEC REG-INSTANCE-CHECK). */
  template <typename TargetType>
  bool IsInstance() const {
    return detail::IsObjectInstance<TargetType>(header_.type_index);
  }
  /*! \return The runtime type index. */
  int32_t type_index() const { return header_.type_index; }
  /*! \return The registered type key; costs a registry lookup, meant for messages. */
  std::string GetTypeKey() const { return TypeIndexToTypeKey(header_.type_index); }
  /*! \return TVMFFITypeInfo::type_key_hash of this type. */
  uint64_t GetTypeKeyHash() const {
    const TypeInfo* info = TVMFFIGetTypeInfo(header_.type_index);
    return info != nullptr ? info->type_key_hash : 0;
  }
  /*! \return The type key of `tindex`. */
  static std::string TypeIndex2Key(int32_t tindex) { return TypeIndexToTypeKey(tindex); }
  /*!
   * \return Whether this is the only strong reference and there is no weak one;
   *         copy-on-write containers mutate in place only then.
   */
  bool unique() const {
    return detail::RefCountLoadRelaxed(&header_.combined_ref_count) ==
           detail::kCombinedRefCountBothOne;
  }
  /*! \return The strong count (a relaxed read, for diagnostics). */
  uint64_t use_count() const {
    return detail::RefCountLoadRelaxed(&header_.combined_ref_count) &
           detail::kCombinedRefCountMaskUInt32;
  }

  // Type knobs; subclasses shadow the ones they change.
  static constexpr const char* _type_key = StaticTypeKey::kTVMFFIObject;
  /*! \brief A final type has no subclasses, so instance checks are one comparison. */
  static constexpr bool _type_final = false;
  /*! \brief Whether references may hand out non-const pointers to the object. */
  static constexpr bool _type_mutable = false;
  /*! \brief Indices reserved right after this type's index for its descendants. */
  static constexpr uint32_t _type_child_slots = 0;
  /*! \brief Whether descendants beyond the reserved slots may take any free index. */
  static constexpr bool _type_child_slots_can_overflow = true;
  static constexpr int32_t _type_index = TypeIndex::kTVMFFIObject;
  static constexpr int32_t _type_depth = 0;
  static constexpr TVMFFISEqHashKind _type_s_eq_hash_kind = kTVMFFISEqHashKindUnsupported;
  /*! \brief When true, subclasses must keep this type's _type_s_eq_hash_kind. */
  static constexpr bool _type_s_eq_hash_subclass_kind_fixed = false;

  TVM_FFI_INLINE static int32_t RuntimeTypeIndex() noexcept { return TypeIndex::kTVMFFIObject; }
  static int32_t _GetOrAllocRuntimeTypeIndex() { return TypeIndex::kTVMFFIObject; }

 private:
  void ResetHeader() {
    header_.combined_ref_count = 0;
    header_.type_index = 0;
    header_.__padding = 0;
    header_.__ensure_align = 0;
  }
  void CallDeleter(int flags) {
    // A NULL deleter marks an immortal object (SPEC OBJ-DELETER-NULL).
    if (header_.deleter != nullptr) header_.deleter(&header_, flags);
  }
  // SPEC OBJ-INCREF.
  TVM_FFI_INLINE void IncRef() {
    detail::RefCountFetchAddRelaxed(&header_.combined_ref_count, detail::kCombinedRefCountStrongOne);
  }
  // SPEC OBJ-DECREF, step by step.
  TVM_FFI_INLINE void DecRef() {
    uint64_t old = detail::RefCountFetchSubRelease(&header_.combined_ref_count,
                                                   detail::kCombinedRefCountStrongOne);
    if (old == detail::kCombinedRefCountBothOne) {
      std::atomic_thread_fence(std::memory_order_acquire);
      CallDeleter(kTVMFFIObjectDeleterFlagBitMaskBoth);
    } else if ((old & detail::kCombinedRefCountMaskUInt32) == detail::kCombinedRefCountStrongOne) {
      std::atomic_thread_fence(std::memory_order_acquire);
      CallDeleter(kTVMFFIObjectDeleterFlagBitMaskStrong);
      DecWeakRef();
    }
  }
  // SPEC OBJ-WEAK.
  void IncWeakRef() {
    detail::RefCountFetchAddRelaxed(&header_.combined_ref_count, detail::kCombinedRefCountWeakOne);
  }
  void DecWeakRef() {
    uint64_t old = detail::RefCountFetchSubRelease(&header_.combined_ref_count,
                                                   detail::kCombinedRefCountWeakOne);
    if ((old >> 32) == 1) {
      std::atomic_thread_fence(std::memory_order_acquire);
      CallDeleter(kTVMFFIObjectDeleterFlagBitMaskWeak);
    }
  }
  // Adds a strong reference only while the strong count is nonzero; a CAS so a
  // concurrent final DecRef cannot be resurrected (SPEC OBJ-WEAK).
  bool TryPromoteWeakPtr() {
    uint64_t seen = detail::RefCountLoadRelaxed(&header_.combined_ref_count);
    while ((seen & detail::kCombinedRefCountMaskUInt32) != 0) {
      if (detail::RefCountCompareExchange(&header_.combined_ref_count, &seen,
                                          seen + detail::kCombinedRefCountStrongOne)) {
        return true;
      }
    }
    return false;
  }

  template <typename>
  friend class ObjectPtr;
  template <typename>
  friend class WeakObjectPtr;
  friend struct detail::ObjectUnsafe;
};

/*! \brief A strong, nullable, reference-counted pointer to an Object subclass. */
template <typename T>
class ObjectPtr {
 public:
  ObjectPtr() = default;
  ObjectPtr(std::nullptr_t) {}  // NOLINT(google-explicit-constructor)
  TVM_FFI_INLINE ObjectPtr(const ObjectPtr<T>& other) : ObjectPtr(other.data_) {}
  template <typename U>
  TVM_FFI_INLINE ObjectPtr(const ObjectPtr<U>& other)  // NOLINT(google-explicit-constructor)
      : ObjectPtr(other.data_) {
    static_assert(std::is_base_of_v<T, U>, "only a derived ObjectPtr converts to a base one");
  }
  TVM_FFI_INLINE ObjectPtr(ObjectPtr<T>&& other) noexcept : data_(other.data_) {
    other.data_ = nullptr;
  }
  template <typename U>
  TVM_FFI_INLINE ObjectPtr(ObjectPtr<U>&& other) noexcept  // NOLINT(google-explicit-constructor)
      : data_(other.data_) {
    static_assert(std::is_base_of_v<T, U>, "only a derived ObjectPtr converts to a base one");
    other.data_ = nullptr;
  }
  TVM_FFI_INLINE ~ObjectPtr() { reset(); }

  TVM_FFI_INLINE ObjectPtr<T>& operator=(const ObjectPtr<T>& other) {
    ObjectPtr<T>(other).swap(*this);
    return *this;
  }
  TVM_FFI_INLINE ObjectPtr<T>& operator=(ObjectPtr<T>&& other) noexcept {
    ObjectPtr<T>(std::move(other)).swap(*this);
    return *this;
  }

  void swap(ObjectPtr<T>& other) noexcept { std::swap(data_, other.data_); }
  T* get() const { return static_cast<T*>(data_); }
  T* operator->() const { return get(); }
  T& operator*() const { return *get(); }
  explicit operator bool() const { return data_ != nullptr; }
  TVM_FFI_INLINE void reset() {
    if (data_ != nullptr) {
      Object* old = data_;
      data_ = nullptr;
      old->DecRef();
    }
  }
  int use_count() const { return data_ != nullptr ? static_cast<int>(data_->use_count()) : 0; }
  bool unique() const { return data_ != nullptr && data_->unique(); }
  bool operator==(const ObjectPtr<T>& other) const { return data_ == other.data_; }
  bool operator!=(const ObjectPtr<T>& other) const { return data_ != other.data_; }
  bool operator==(std::nullptr_t) const { return data_ == nullptr; }
  bool operator!=(std::nullptr_t) const { return data_ != nullptr; }

 private:
  // Stored as Object* so that the handle arithmetic is the same for every T.
  Object* data_{nullptr};

  // Takes a new strong reference to `data`.
  explicit ObjectPtr(Object* data) : data_(data) {
    if (data_ != nullptr) data_->IncRef();
  }

  template <typename>
  friend class ObjectPtr;
  template <typename>
  friend class WeakObjectPtr;
  friend class ObjectRef;
  friend struct ObjectPtrHash;
  friend struct detail::ObjectUnsafe;
};

/*! \brief An ObjectPtr that is never null (no default or null construction). */
template <typename T>
class Arc : public ObjectPtr<T> {
 public:
  Arc() = delete;
  Arc(std::nullptr_t) = delete;
  Arc(const Arc&) = default;
  Arc(Arc&&) noexcept = default;
  Arc& operator=(const Arc&) = default;
  Arc& operator=(Arc&&) noexcept = default;
  ~Arc() = default;
  template <typename U, std::enable_if_t<std::is_base_of_v<T, U>, int> = 0>
  Arc(const Arc<U>& other)  // NOLINT(google-explicit-constructor)
      : ObjectPtr<T>(static_cast<const ObjectPtr<U>&>(other)) {}
  template <typename U, std::enable_if_t<std::is_base_of_v<T, U>, int> = 0>
  Arc(Arc<U>&& other)  // NOLINT(google-explicit-constructor)
      : ObjectPtr<T>(std::move(static_cast<ObjectPtr<U>&>(other))) {}
  /*! \brief An empty Arc that the caller must populate before anyone reads it. */
  explicit Arc(UnsafeInit) : ObjectPtr<T>(nullptr) {}

 private:
  explicit Arc(ObjectPtr<T> ptr) : ObjectPtr<T>(std::move(ptr)) {}
  using ObjectPtr<T>::reset;
  using ObjectPtr<T>::swap;
  template <typename>
  friend class Arc;
  friend struct detail::ObjectUnsafe;
};

template <typename T>
inline constexpr bool is_object_subclass_v = std::is_base_of_v<Object, T>;

/// \cond Doxygen_Suppress
template <typename Base, typename Derived>
inline constexpr bool type_subsumes_v<ObjectPtr<Base>, ObjectPtr<Derived>> =
    std::is_base_of_v<Base, Derived>;
template <typename Base, typename Derived>
inline constexpr bool type_subsumes_v<Arc<Base>, Arc<Derived>> = std::is_base_of_v<Base, Derived>;
template <typename Base, typename Derived>
inline constexpr bool type_subsumes_v<ObjectPtr<Base>, Arc<Derived>> =
    std::is_base_of_v<Base, Derived>;
/// \endcond

/*!
 * \brief A weak pointer: keeps the memory (not the contents) alive, and can be
 *        promoted to an ObjectPtr while a strong reference still exists.
 */
template <typename T>
class WeakObjectPtr {
 public:
  WeakObjectPtr() = default;
  WeakObjectPtr(std::nullptr_t) {}  // NOLINT(google-explicit-constructor)
  WeakObjectPtr(const WeakObjectPtr<T>& other) : WeakObjectPtr(other.data_) {}
  template <typename U>
  WeakObjectPtr(const WeakObjectPtr<U>& other)  // NOLINT(google-explicit-constructor)
      : WeakObjectPtr(other.data_) {
    static_assert(std::is_base_of_v<T, U>, "only a derived pointer converts to a base one");
  }
  template <typename U>
  WeakObjectPtr(const ObjectPtr<U>& other)  // NOLINT(google-explicit-constructor)
      : WeakObjectPtr(other.data_) {
    static_assert(std::is_base_of_v<T, U>, "only a derived pointer converts to a base one");
  }
  WeakObjectPtr(WeakObjectPtr<T>&& other) noexcept : data_(other.data_) { other.data_ = nullptr; }
  template <typename U>
  WeakObjectPtr(WeakObjectPtr<U>&& other) noexcept  // NOLINT(google-explicit-constructor)
      : data_(other.data_) {
    static_assert(std::is_base_of_v<T, U>, "only a derived pointer converts to a base one");
    other.data_ = nullptr;
  }
  ~WeakObjectPtr() { reset(); }

  WeakObjectPtr<T>& operator=(const WeakObjectPtr<T>& other) {
    WeakObjectPtr<T>(other).swap(*this);
    return *this;
  }
  WeakObjectPtr<T>& operator=(WeakObjectPtr<T>&& other) noexcept {
    WeakObjectPtr<T>(std::move(other)).swap(*this);
    return *this;
  }

  void swap(WeakObjectPtr<T>& other) noexcept { std::swap(data_, other.data_); }
  /*! \return A strong pointer, or null when the object has already been destroyed. */
  ObjectPtr<T> lock() const {
    ObjectPtr<T> result;
    if (data_ != nullptr && data_->TryPromoteWeakPtr()) result.data_ = data_;
    return result;
  }
  void reset() {
    if (data_ != nullptr) {
      Object* old = data_;
      data_ = nullptr;
      old->DecWeakRef();
    }
  }
  int use_count() const { return data_ != nullptr ? static_cast<int>(data_->use_count()) : 0; }
  bool expired() const { return use_count() == 0; }

 private:
  Object* data_{nullptr};
  explicit WeakObjectPtr(Object* data) : data_(data) {
    if (data_ != nullptr) data_->IncWeakRef();
  }
  template <typename>
  friend class WeakObjectPtr;
  friend struct detail::ObjectUnsafe;
};

template <typename T, typename = void>
class Optional;
template <typename... V>
class Variant;

/*!
 * \brief Base of all typed references to objects: one (nullable) ObjectPtr.
 *        Subclasses add typed accessors with TVM_FFI_DEFINE_OBJECT_REF_METHODS_*.
 */
class ObjectRef {
 public:
  ObjectRef() = default;
  TVM_FFI_INLINE ObjectRef(const ObjectRef& other) = default;
  TVM_FFI_INLINE ObjectRef(ObjectRef&& other) noexcept = default;
  TVM_FFI_INLINE ObjectRef& operator=(const ObjectRef& other) = default;
  TVM_FFI_INLINE ObjectRef& operator=(ObjectRef&& other) noexcept = default;
  TVM_FFI_INLINE ~ObjectRef() = default;
  explicit ObjectRef(ObjectPtr<Object> data) : data_(std::move(data)) {}
  explicit ObjectRef(UnsafeInit) {}

  /*! \return Whether both refer to the same object (identity, not content). */
  bool same_as(const ObjectRef& other) const { return data_ == other.data_; }
  bool operator==(const ObjectRef& other) const { return data_ == other.data_; }
  bool operator!=(const ObjectRef& other) const { return data_ != other.data_; }
  bool operator<(const ObjectRef& other) const { return data_.get() < other.data_.get(); }
  bool defined() const { return data_ != nullptr; }
  const Object* get() const { return data_.get(); }
  const Object* operator->() const { return get(); }
  bool unique() const { return data_.unique(); }
  int use_count() const { return data_.use_count(); }

  /*! \return The object as ObjectType, or nullptr when it is null or of another type. */
  template <typename ObjectType, typename = std::enable_if_t<std::is_base_of_v<Object, ObjectType>>>
  const ObjectType* as() const {
    if (data_ != nullptr && data_->IsInstance<ObjectType>()) {
      return static_cast<const ObjectType*>(data_.get());
    }
    return nullptr;
  }
  /*!
   * \return This reference as ObjectRefType when its type check passes (a null
   *         reference passes for nullable types), otherwise std::nullopt.
   */
  template <typename ObjectRefType,
            typename = std::enable_if_t<std::is_base_of_v<ObjectRef, ObjectRefType>>>
  TVM_FFI_INLINE std::optional<ObjectRefType> as() const& {
    if (!RefTypeAccepts<ObjectRefType>()) return std::nullopt;
    ObjectRefType result(UnsafeInit{});
    result.data_ = data_;
    return result;
  }
  template <typename ObjectRefType,
            typename = std::enable_if_t<std::is_base_of_v<ObjectRef, ObjectRefType>>>
  TVM_FFI_INLINE std::optional<ObjectRefType> as() && {
    if (!RefTypeAccepts<ObjectRefType>()) return std::nullopt;
    ObjectRefType result(UnsafeInit{});
    result.data_ = std::move(data_);
    return result;
  }
  /*! \brief Like as<ObjectRefType>() but throws TypeError on mismatch (defined in any.h). */
  template <typename ObjectRefType,
            typename = std::enable_if_t<std::is_base_of_v<ObjectRef, ObjectRefType>>>
  TVM_FFI_INLINE ObjectRefType as_or_throw() const&;
  template <typename ObjectRefType,
            typename = std::enable_if_t<std::is_base_of_v<ObjectRef, ObjectRefType>>>
  TVM_FFI_INLINE ObjectRefType as_or_throw() &&;

  /*! \return The object's type index, or kTVMFFINone for a null reference. */
  int32_t type_index() const {
    return data_ != nullptr ? data_->type_index() : TypeIndex::kTVMFFINone;
  }
  std::string GetTypeKey() const {
    return data_ != nullptr ? data_->GetTypeKey() : StaticTypeKey::kTVMFFINone;
  }

  using ContainerType = Object;
  /*! \brief Every object of ContainerType is a valid value (false for e.g. Variant). */
  static constexpr bool _type_container_is_exact = true;
  static constexpr bool _type_is_nullable = true;

 protected:
  ObjectPtr<Object> data_;
  Object* get_mutable() const { return data_.get(); }

  // The object viewed as an Any, for the TypeTraits checks of subclasses.
  TVMFFIAny ViewAsAny() const {
    TVMFFIAny view;
    view.type_index = data_->type_index();
    view.zero_padding = 0;
    TVM_FFI_CLEAR_PTR_PADDING_IN_FFI_ANY(&view);
    view.v_obj = reinterpret_cast<TVMFFIObject*>(data_.get());
    return view;
  }
  template <typename ObjectRefType>
  bool RefTypeAccepts() const {
    if (data_ == nullptr) return ObjectRefType::_type_is_nullable;
    TVMFFIAny view = ViewAsAny();
    return TypeTraits<ObjectRefType>::CheckAnyStrict(&view);
  }

  friend struct ObjectPtrHash;
  friend struct detail::ObjectUnsafe;
};

/*! \brief Whether every ObjectType instance is a valid RefType (used by GetRef). */
template <typename RefType, typename ObjectType,
          typename = std::enable_if_t<std::is_base_of_v<ObjectRef, RefType> &&
                                      std::is_base_of_v<Object, ObjectType>>>
inline constexpr bool object_ref_contains_v =
    RefType::_type_container_is_exact &&
    std::is_base_of_v<typename RefType::ContainerType, ObjectType>;

/*! \brief Hash of object identity, for unordered containers keyed by references. */
struct ObjectPtrHash {
  size_t operator()(const ObjectRef& a) const { return std::hash<const Object*>()(a.get()); }
  template <typename T>
  size_t operator()(const ObjectPtr<T>& a) const {
    return std::hash<const Object*>()(a.data_);
  }
  template <typename... V>
  TVM_FFI_INLINE size_t operator()(const Variant<V...>& a) const;
};

/*! \brief Identity equality matching ObjectPtrHash. */
struct ObjectPtrEqual {
  bool operator()(const ObjectRef& a, const ObjectRef& b) const { return a.same_as(b); }
  template <typename T>
  bool operator()(const ObjectPtr<T>& a, const ObjectPtr<T>& b) const {
    return a == b;
  }
  template <typename... V>
  TVM_FFI_INLINE bool operator()(const Variant<V...>& a, const Variant<V...>& b) const;
};

}  // namespace ffi
}  // namespace tvm

#include <tvm/ffi/object_detail.h>  // NOLINT(build/include_order): needs the classes above

#endif  // TVM_FFI_OBJECT_H_
