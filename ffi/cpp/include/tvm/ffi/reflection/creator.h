// ffi/cpp/include/tvm/ffi/reflection/creator.h: making reflected objects from their type info.
//
// CreateEmptyObject runs the type's creator (SPEC REG-CREATOR) or, failing
// that, its `__ffi_new__` type attribute; ObjectCreator then fills every field
// from name/value pairs, falling back to the registered defaults.
#ifndef TVM_FFI_REFLECTION_CREATOR_H_
#define TVM_FFI_REFLECTION_CREATOR_H_

#include <tvm/ffi/reflection/accessor.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tvm {
namespace ffi {
namespace reflection {

/*! \return Whether objects of the type can be created from reflection alone. */
inline bool HasCreator(const TVMFFITypeInfo* type_info) {
  if (type_info->metadata != nullptr && type_info->metadata->creator != nullptr) return true;
  TVMFFIByteArray name = AsByteArray(type_attr::kNew.name);
  const TVMFFITypeAttrColumn* column = TVMFFIGetTypeAttrColumn(&name);
  if (column == nullptr) return false;
  int64_t offset = static_cast<int64_t>(type_info->type_index) - column->begin_index;
  return offset >= 0 && offset < column->size &&
         column->data[offset].type_index == kTVMFFIFunction;
}

/*!
 * \return A new object of the type whose fields hold default bytes (SPEC
 *         REG-CREATOR); the caller is expected to set every field.
 */
inline ObjectPtr<Object> CreateEmptyObject(const TVMFFITypeInfo* type_info) {
  if (type_info->metadata != nullptr && type_info->metadata->creator != nullptr) {
    TVMFFIObjectHandle handle = nullptr;
    TVM_FFI_CHECK_SAFE_CALL(type_info->metadata->creator(&handle));
    return ::tvm::ffi::detail::ObjectUnsafe::ObjectPtrFromOwned<Object>(
        static_cast<TVMFFIObject*>(handle));
  }
  AnyView fnew = TypeAttrColumn(type_attr::kNew.name)[type_info->type_index];
  if (std::optional<Function> f = type_attr::kNew.ValueFrom(fnew)) {
    Any made = (*f)();
    return ::tvm::ffi::detail::ObjectUnsafe::ObjectPtrFromObjectRef<Object>(
        made.cast<ObjectRef>());
  }
  TVM_FFI_THROW(RuntimeError) << "type `"
                              << std::string(type_info->type_key.data, type_info->type_key.size)
                              << "` has no creator and no `__ffi_new__`";
}

/*!
 * \brief Creates objects of a reflected type from field name/value pairs;
 *        every field not named gets its default, and a field with neither is
 *        a TypeError.
 */
class ObjectCreator {
 public:
  explicit ObjectCreator(std::string_view type_key)
      : ObjectCreator(detail::TypeInfoFromKey(type_key)) {}
  explicit ObjectCreator(const TVMFFITypeInfo* type_info) : type_info_(type_info) {
    if (!HasCreator(type_info)) {
      TVM_FFI_THROW(RuntimeError)
          << "type `" << std::string(type_info->type_key.data, type_info->type_key.size)
          << "` cannot be created through reflection: it has no creator";
    }
  }

  /*! \brief `fields` is a list of (name, value) pairs. */
  Any operator()(const std::vector<std::pair<std::string, AnyView>>& fields) const {
    ObjectPtr<Object> obj = CreateEmptyObject(type_info_);
    std::vector<bool> used(fields.size(), false);
    char* base = reinterpret_cast<char*>(::tvm::ffi::detail::ObjectUnsafe::GetHeader(obj.get()));
    ForEachFieldInfo(type_info_, [&](const TVMFFIFieldInfo* field_info) {
      std::string_view fname(field_info->name.data, field_info->name.size);
      void* addr = base + field_info->offset;
      for (size_t i = 0; i < fields.size(); ++i) {
        if (fields[i].first == fname) {
          used[i] = true;
          TVMFFIAny raw = fields[i].second.CopyToTVMFFIAny();
          TVM_FFI_CHECK_SAFE_CALL(CallFieldSetter(field_info, addr, &raw));
          return;
        }
      }
      if (field_info->flags & kTVMFFIFieldFlagBitMaskHasDefault) {
        SetFieldToDefault(field_info, addr);
        return;
      }
      TVM_FFI_THROW(TypeError) << "required field `" << fname << "` of `"
                               << std::string(type_info_->type_key.data, type_info_->type_key.size)
                               << "` is missing";
    });
    for (size_t i = 0; i < fields.size(); ++i) {
      if (!used[i]) {
        TVM_FFI_THROW(TypeError) << "type `"
                                 << std::string(type_info_->type_key.data,
                                                type_info_->type_key.size)
                                 << "` has no field `" << fields[i].first << "`";
      }
    }
    return Any(::tvm::ffi::detail::ObjectUnsafe::ObjectRefFromObjectPtr<ObjectRef>(std::move(obj)));
  }

 private:
  const TVMFFITypeInfo* type_info_;
};

}  // namespace reflection
}  // namespace ffi
}  // namespace tvm

#endif  // TVM_FFI_REFLECTION_CREATOR_H_
