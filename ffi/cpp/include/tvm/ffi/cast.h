// ffi/cpp/include/tvm/ffi/cast.h: GetRef and GetObjectPtr, references from raw object pointers.
#ifndef TVM_FFI_CAST_H_
#define TVM_FFI_CAST_H_

#include <tvm/ffi/any.h>
#include <tvm/ffi/object.h>
#include <tvm/ffi/optional.h>

#include <type_traits>

namespace tvm {
namespace ffi {

/*!
 * \brief A new reference of type RefType (or Optional<RefType>) to `ptr`.
 *
 * RefType must accept every ObjectType instance, so no runtime check is needed;
 * for checked conversions use ObjectRef::as<RefType>(). A null `ptr` gives a
 * null reference for nullable types and InternalError otherwise.
 */
template <typename RefType, typename ObjectType>
inline RefType GetRef(const ObjectType* ptr) {
  if constexpr (is_optional_type_v<RefType>) {
    using ValueType = typename RefType::value_type;
    static_assert(object_ref_contains_v<ValueType, ObjectType>,
                  "GetRef: the Optional's value type must accept every ObjectType instance");
    if (ptr == nullptr) return RefType(std::nullopt);
    return RefType(GetRef<ValueType>(ptr));
  } else {
    static_assert(object_ref_contains_v<RefType, ObjectType>,
                  "GetRef: RefType must accept every ObjectType instance; use "
                  "ObjectRef::as<RefType>() for a checked conversion");
    if (ptr == nullptr) {
      if constexpr (RefType::_type_is_nullable) {
        return detail::ObjectUnsafe::ObjectRefFromObjectPtr<RefType>(nullptr);
      } else {
        TVM_FFI_THROW(InternalError) << "GetRef: null pointer for a non-nullable reference type";
      }
    }
    auto* obj = const_cast<Object*>(static_cast<const Object*>(ptr));
    return detail::ObjectUnsafe::ObjectRefFromObjectPtr<RefType>(
        detail::ObjectUnsafe::ObjectPtrFromUnowned<Object>(obj));
  }
}

/*! \brief A new ObjectPtr<BaseType> to `ptr`. */
template <typename BaseType, typename ObjectType>
inline ObjectPtr<BaseType> GetObjectPtr(ObjectType* ptr) {
  static_assert(std::is_base_of_v<BaseType, ObjectType>,
                "GetObjectPtr: BaseType must be a base of ObjectType");
  return detail::ObjectUnsafe::ObjectPtrFromUnowned<BaseType>(
      static_cast<Object*>(const_cast<std::remove_const_t<ObjectType>*>(ptr)));
}

}  // namespace ffi
}  // namespace tvm

#endif  // TVM_FFI_CAST_H_
