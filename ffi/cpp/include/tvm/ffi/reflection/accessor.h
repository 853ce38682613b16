// ffi/cpp/include/tvm/ffi/reflection/accessor.h: reading the reflection registry from C++.
//
// Field and method lookup by name, FieldGetter / FieldSetter (which follow the
// accessor conventions of SPEC REG-FIELD-ACCESSORS), TypeAttrColumn (SPEC
// REG-ATTR-LOOKUP) and the well-known type attribute names (SPEC §4.8).
#ifndef TVM_FFI_REFLECTION_ACCESSOR_H_
#define TVM_FFI_REFLECTION_ACCESSOR_H_

#include <tvm/ffi/any.h>
#include <tvm/ffi/c_api.h>
#include <tvm/ffi/error.h>
#include <tvm/ffi/function.h>
#include <tvm/ffi/object.h>
#include <tvm/ffi/string.h>

#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace tvm {
namespace ffi {
namespace reflection {

/*! \brief A TVMFFIByteArray view of a NUL-terminated string. */
inline constexpr TVMFFIByteArray AsByteArray(const char* s) {
  return TVMFFIByteArray{s, std::char_traits<char>::length(s)};
}

/*! \brief A typed name of a type attribute column. */
template <typename T>
struct AttrKey {
  using ValueType = T;
  const char* name;
  constexpr explicit AttrKey(const char* n) : name(n) {}
  /*! \return The value of an entry as T, or nullopt when it is None or another type. */
  std::optional<ValueType> ValueFrom(AnyView value) const {
    if (value.CopyToTVMFFIAny().type_index == kTVMFFINone) return std::nullopt;
    if constexpr (std::is_same_v<ValueType, Any>) {
      return Any(value);
    } else {
      return value.try_cast<ValueType>();
    }
  }
};

namespace detail {
inline bool ByteArrayEquals(const TVMFFIByteArray& a, std::string_view b) {
  return a.size == b.size() && (a.size == 0 || std::memcmp(a.data, b.data(), a.size) == 0);
}
inline const TVMFFITypeInfo* TypeInfoFromKey(std::string_view type_key) {
  int32_t index = ::tvm::ffi::TypeKeyToIndex(type_key);
  const TVMFFITypeInfo* info = TVMFFIGetTypeInfo(index);
  if (info == nullptr) TVM_FFI_THROW(KeyError) << "type `" << type_key << "` has no type info";
  return info;
}
}  // namespace detail

/*!
 * \return The info of field `field_name` of `type_key` (own fields first, then
 *         ancestors from the nearest); throws AttributeError when absent.
 */
inline const TVMFFIFieldInfo* GetFieldInfo(std::string_view type_key, const char* field_name) {
  const TVMFFITypeInfo* info = detail::TypeInfoFromKey(type_key);
  std::string_view name(field_name);
  for (const TVMFFITypeInfo* cur = info; cur != nullptr;) {
    for (int32_t i = 0; i < cur->num_fields; ++i) {
      if (detail::ByteArrayEquals(cur->fields[i].name, name)) return &cur->fields[i];
    }
    cur = cur->type_depth > 0 ? cur->type_ancestors[cur->type_depth - 1] : nullptr;
  }
  TVM_FFI_THROW(AttributeError) << "type `" << type_key << "` has no field `" << name << "`";
}

/*! \return The info of method `method_name` of `type_key`; throws AttributeError when absent. */
inline const TVMFFIMethodInfo* GetMethodInfo(std::string_view type_key, const char* method_name) {
  const TVMFFITypeInfo* info = detail::TypeInfoFromKey(type_key);
  std::string_view name(method_name);
  for (const TVMFFITypeInfo* cur = info; cur != nullptr;) {
    for (int32_t i = 0; i < cur->num_methods; ++i) {
      if (detail::ByteArrayEquals(cur->methods[i].name, name)) return &cur->methods[i];
    }
    cur = cur->type_depth > 0 ? cur->type_ancestors[cur->type_depth - 1] : nullptr;
  }
  TVM_FFI_THROW(AttributeError) << "type `" << type_key << "` has no method `" << name << "`";
}

/*! \return The Function of method `method_name` of `type_key`. */
inline Function GetMethod(std::string_view type_key, const char* method_name) {
  const TVMFFIMethodInfo* info = GetMethodInfo(type_key, method_name);
  return AnyView::CopyFromTVMFFIAny(info->method).cast<Function>();
}

/*!
 * \brief Calls the setter of a field on the field's address, whichever form
 *        it has (SPEC REG-FIELD-ACCESSORS). Returns 0 or -1 (error in the slot).
 */
inline int CallFieldSetter(const TVMFFIFieldInfo* field_info, void* field_addr,
                           const TVMFFIAny* value) {
  if (!(field_info->flags & kTVMFFIFieldFlagBitSetterIsFunctionObj)) {
    auto setter = reinterpret_cast<TVMFFIFieldSetter>(field_info->setter);
    return setter(field_addr, value);
  }
  TVMFFIAny args[2];
  args[0].type_index = kTVMFFIOpaquePtr;
  args[0].zero_padding = 0;
  args[0].v_int64 = 0;
  args[0].v_ptr = field_addr;
  args[1] = *value;
  TVMFFIAny result;
  result.type_index = kTVMFFINone;
  result.zero_padding = 0;
  result.v_int64 = 0;
  int rc = TVMFFIFunctionCall(static_cast<TVMFFIObjectHandle>(field_info->setter), args, 2,
                              &result);
  if (rc == 0 && result.type_index >= kTVMFFIStaticObjectBegin && result.v_obj != nullptr) {
    TVMFFIObjectDecRef(result.v_obj);
  }
  return rc;
}

/*! \brief Reads a reflected field of an object (SPEC REG-FIELD-ACCESSORS). */
class FieldGetter {
 public:
  explicit FieldGetter(const TVMFFIFieldInfo* field_info) : field_info_(field_info) {}
  FieldGetter(std::string_view type_key, const char* field_name)
      : FieldGetter(GetFieldInfo(type_key, field_name)) {}

  Any operator()(const Object* obj_ptr) const {
    TVMFFIAny result;
    result.type_index = kTVMFFINone;
    result.zero_padding = 0;
    result.v_int64 = 0;
    void* addr = reinterpret_cast<char*>(
                     ::tvm::ffi::detail::ObjectUnsafe::GetHeader(obj_ptr)) +
                 field_info_->offset;
    TVM_FFI_CHECK_SAFE_CALL(field_info_->getter(addr, &result));
    return ::tvm::ffi::detail::AnyUnsafe::MoveTVMFFIAnyRawToAny(result);
  }
  Any operator()(const ObjectPtr<Object>& obj_ptr) const { return operator()(obj_ptr.get()); }
  Any operator()(const ObjectRef& obj) const { return operator()(obj.get()); }

 private:
  const TVMFFIFieldInfo* field_info_;
};

/*! \brief Writes a reflected field of an object (SPEC REG-FIELD-ACCESSORS). */
class FieldSetter {
 public:
  explicit FieldSetter(const TVMFFIFieldInfo* field_info) : field_info_(field_info) {}
  FieldSetter(std::string_view type_key, const char* field_name)
      : FieldSetter(GetFieldInfo(type_key, field_name)) {}

  void operator()(const Object* obj_ptr, AnyView value) const {
    void* addr = reinterpret_cast<char*>(
                     ::tvm::ffi::detail::ObjectUnsafe::GetHeader(obj_ptr)) +
                 field_info_->offset;
    TVMFFIAny raw = value.CopyToTVMFFIAny();
    TVM_FFI_CHECK_SAFE_CALL(CallFieldSetter(field_info_, addr, &raw));
  }
  void operator()(const ObjectPtr<Object>& obj_ptr, AnyView value) const {
    operator()(obj_ptr.get(), value);
  }
  void operator()(const ObjectRef& obj, AnyView value) const { operator()(obj.get(), value); }

 private:
  const TVMFFIFieldInfo* field_info_;
};

/*!
 * \brief Sets a field to its registered default (calling the factory under
 *        DefaultFromFactory). Returns 0 or -1.
 */
inline int CallFieldSetterToDefault(const TVMFFIFieldInfo* field_info, void* field_addr) {
  if (field_info->flags & kTVMFFIFieldFlagBitMaskDefaultFromFactory) {
    TVMFFIAny result;
    result.type_index = kTVMFFINone;
    result.zero_padding = 0;
    result.v_int64 = 0;
    int rc = TVMFFIFunctionCall(field_info->default_value_or_factory.v_obj, nullptr, 0, &result);
    if (rc != 0) return rc;
    rc = CallFieldSetter(field_info, field_addr, &result);
    if (result.type_index >= kTVMFFIStaticObjectBegin && result.v_obj != nullptr) {
      TVMFFIObjectDecRef(result.v_obj);
    }
    return rc;
  }
  return CallFieldSetter(field_info, field_addr, &field_info->default_value_or_factory);
}

/*! \brief Throwing form of CallFieldSetterToDefault. */
inline void SetFieldToDefault(const TVMFFIFieldInfo* field_info, void* field_addr) {
  TVM_FFI_CHECK_SAFE_CALL(CallFieldSetterToDefault(field_info, field_addr));
}

/*!
 * \brief Calls `callback(const TVMFFIFieldInfo*)` for every field of the type,
 *        ancestors' fields first (root to leaf), in registration order.
 */
template <typename Callback>
inline void ForEachFieldInfo(const TypeInfo* type_info, Callback callback) {
  for (int32_t d = 0; d <= type_info->type_depth; ++d) {
    const TVMFFITypeInfo* cur = d < type_info->type_depth ? type_info->type_ancestors[d] : type_info;
    for (int32_t j = 0; j < cur->num_fields; ++j) callback(&cur->fields[j]);
  }
}

/*! \brief Like ForEachFieldInfo; stops (and returns true) when the callback returns true. */
template <typename Callback>
inline bool ForEachFieldInfoWithEarlyStop(const TypeInfo* type_info, Callback callback) {
  for (int32_t d = 0; d <= type_info->type_depth; ++d) {
    const TVMFFITypeInfo* cur = d < type_info->type_depth ? type_info->type_ancestors[d] : type_info;
    for (int32_t j = 0; j < cur->num_fields; ++j) {
      if (callback(&cur->fields[j])) return true;
    }
  }
  return false;
}

/*!
 * \brief A type attribute column (SPEC REG-ATTR-LOOKUP). The column is created
 *        on first use if missing, so that the struct address can be cached
 *        (SPEC REG-ATTR-STABLE).
 */
class TypeAttrColumn {
 public:
  explicit TypeAttrColumn(std::string_view attr_name) {
    TVMFFIByteArray name{attr_name.data(), attr_name.size()};
    column_ = TVMFFIGetTypeAttrColumn(&name);
    if (column_ == nullptr) {
      TVMFFIAny none;
      none.type_index = kTVMFFINone;
      none.zero_padding = 0;
      none.v_int64 = 0;
      TVM_FFI_CHECK_SAFE_CALL(TVMFFITypeRegisterAttr(kTVMFFINone, &name, &none));
      column_ = TVMFFIGetTypeAttrColumn(&name);
    }
    if (column_ == nullptr) {
      TVM_FFI_THROW(RuntimeError) << "cannot create type attribute column `" << attr_name << "`";
    }
  }
  template <typename T>
  explicit TypeAttrColumn(AttrKey<T> key) : TypeAttrColumn(std::string_view(key.name)) {}

  /*! \return The entry of `type_index`, or None. */
  AnyView operator[](int32_t type_index) const {
    int64_t offset = static_cast<int64_t>(type_index) - column_->begin_index;
    if (offset < 0 || offset >= column_->size) return AnyView();
    return AnyView::CopyFromTVMFFIAny(column_->data[offset]);
  }
  /*! \return The entry of the type of `obj`, or None. */
  AnyView operator[](const Object* obj) const { return operator[](obj->type_index()); }

 private:
  const TVMFFITypeAttrColumn* column_;
};

/*! \brief Well-known type attribute names (SPEC §4.8). */
namespace type_attr {
inline constexpr AttrKey<Function> kNew{"__ffi_new__"};
inline constexpr AttrKey<Function> kInit{"__ffi_init__"};
inline constexpr AttrKey<Function> kConvert{"__ffi_convert__"};
inline constexpr AttrKey<Any> kConvertTypeSchema{"__ffi_convert_type_schema__"};
inline constexpr AttrKey<Function> kShallowCopy{"__ffi_shallow_copy__"};
inline constexpr AttrKey<Function> kRepr{"__ffi_repr__"};
inline constexpr AttrKey<Function> kHash{"__ffi_hash__"};
inline constexpr AttrKey<Function> kEq{"__ffi_eq__"};
inline constexpr AttrKey<Function> kCompare{"__ffi_compare__"};
inline constexpr AttrKey<bool> kTypeFinal{"__ffi_type_final__"};
inline constexpr AttrKey<Any> kAnyHash{"__any_hash__"};
inline constexpr AttrKey<Any> kAnyEqual{"__any_equal__"};
inline constexpr AttrKey<Any> kSHash{"__s_hash__"};
inline constexpr AttrKey<Any> kSEqual{"__s_equal__"};
inline constexpr AttrKey<Any> kSVisit{"__s_visit__"};
inline constexpr AttrKey<Function> kDataToJSON{"__data_to_json__"};
inline constexpr AttrKey<Function> kDataFromJSON{"__data_from_json__"};
inline constexpr AttrKey<Any> kEnum{"__ffi_enum__"};
}  // namespace type_attr

}  // namespace reflection
}  // namespace ffi
}  // namespace tvm

#endif  // TVM_FFI_REFLECTION_ACCESSOR_H_
