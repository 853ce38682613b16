// ffi/cpp/include/tvm/ffi/rvalue_ref.h: RValueRef<T>, passing an object reference by move across a call.
//
// An RValueRef argument travels as kTVMFFIObjectRValueRef: v_ptr is the address
// of a slot holding an owned object pointer, and a callee that takes the value
// steals it and nulls the slot (SPEC ANY-VIEW-TO-OWNED). This lets a callee
// receive the only reference and mutate copy-on-write containers in place.
#ifndef TVM_FFI_RVALUE_REF_H_
#define TVM_FFI_RVALUE_REF_H_

#include <tvm/ffi/object.h>
#include <tvm/ffi/type_traits.h>

#include <optional>
#include <sstream>
#include <string>
#include <utility>

namespace tvm {
namespace ffi {

template <typename TObjRef, typename = std::enable_if_t<std::is_base_of_v<ObjectRef, TObjRef>>>
class RValueRef {
 public:
  using ContainerType = typename TObjRef::ContainerType;
  /*! \brief Takes the reference out of `data`. */
  explicit RValueRef(TObjRef&& data)
      : data_(detail::ObjectUnsafe::ObjectPtrFromObjectRef<ContainerType>(std::move(data))) {}
  /*! \return The reference, moved out (the RValueRef is empty afterwards). */
  TObjRef operator*() && {
    return detail::ObjectUnsafe::ObjectRefFromObjectPtr<TObjRef>(std::move(data_));
  }

 private:
  // The slot a callee may steal from: an ObjectPtr is exactly one object pointer.
  mutable ObjectPtr<ContainerType> data_;
  template <typename, typename>
  friend struct TypeTraits;
};

template <typename TObjRef>
inline constexpr bool use_default_type_traits_v<RValueRef<TObjRef>> = false;

template <typename TObjRef>
struct TypeTraits<RValueRef<TObjRef>> : public TypeTraitsBase {
  static constexpr bool storage_enabled = false;

  TVM_FFI_INLINE static void CopyToAnyView(const RValueRef<TObjRef>& src, TVMFFIAny* result) {
    detail::SetPodHeader(result, TypeIndex::kTVMFFIObjectRValueRef);
    result->v_ptr = &src.data_;
  }
  TVM_FFI_INLINE static std::string GetMismatchTypeInfo(const TVMFFIAny* src) {
    if (src->type_index != TypeIndex::kTVMFFIObjectRValueRef) {
      return TypeTraits<TObjRef>::GetMismatchTypeInfo(src);
    }
    TVMFFIAny target = SlotView(src);
    return "RValueRef<" + TypeTraits<TObjRef>::GetMismatchTypeInfo(&target) + ">";
  }
  /*!
   * Steals from an RValueRef slot only when its object has the right type exactly;
   * a value that needs conversion is copied instead, leaving the slot intact.
   */
  TVM_FFI_INLINE static std::optional<RValueRef<TObjRef>> TryCastFromAnyView(const TVMFFIAny* src) {
    TVMFFIAny target;  // outlives the block: `src` may point at it below
    if (src->type_index == TypeIndex::kTVMFFIObjectRValueRef) {
      auto* slot = static_cast<ObjectPtr<Object>*>(src->v_ptr);
      if (*slot == nullptr) return std::nullopt;
      target = SlotView(src);
      if (TypeTraits<TObjRef>::CheckAnyStrict(&target)) {
        return RValueRef<TObjRef>(
            detail::ObjectUnsafe::ObjectRefFromObjectPtr<TObjRef>(std::move(*slot)));
      }
      src = &target;
    }
    if (std::optional<TObjRef> value = TypeTraits<TObjRef>::TryCastFromAnyView(src)) {
      return RValueRef<TObjRef>(*std::move(value));
    }
    return std::nullopt;
  }
  TVM_FFI_INLINE static std::string TypeStr() {
    return "RValueRef<" + TypeTraits<TObjRef>::TypeStr() + ">";
  }
  TVM_FFI_INLINE static std::string TypeSchema() {
    return std::string(R"({"type":")") + StaticTypeKey::kTVMFFIObjectRValueRef + R"(","args":[)" +
           TypeTraits<TObjRef>::TypeSchema() + "]}";
  }

 private:
  // The object in the slot of an RValueRef view, viewed as an ordinary value.
  static TVMFFIAny SlotView(const TVMFFIAny* src) {
    auto* slot = static_cast<ObjectPtr<Object>*>(src->v_ptr);
    TVMFFIAny view;
    if (*slot == nullptr) {
      detail::WriteNoneToAny(&view);
    } else {
      detail::WriteObjectToAny(detail::ObjectUnsafe::TVMFFIObjectPtrFromObjectPtr(*slot), &view);
    }
    return view;
  }
};

}  // namespace ffi
}  // namespace tvm

#endif  // TVM_FFI_RVALUE_REF_H_
