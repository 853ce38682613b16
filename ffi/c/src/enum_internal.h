// ffi/c/src/enum_internal.h: the enum singleton types the runtime registers (SPEC §13.8).
//
// Enum singletons are defined by modules, not by the runtime: a module built against the
// reference headers registers each variant of its enum class as an `ffi.Enum` subclass
// instance and keeps them in an `ffi.EnumState` stored in the `__ffi_enum__` type attribute of
// that class. That inline code reads and writes EnumState's fields directly, and the reference
// Python binding reads them through reflection, so the layouts below are an ABI: the offsets are
// checked by static_asserts in enum.cc.
#ifndef TVM_FFI_RT_ENUM_INTERNAL_H_
#define TVM_FFI_RT_ENUM_INTERNAL_H_

#include <tvm/ffi/any.h>
#include <tvm/ffi/container/dict.h>
#include <tvm/ffi/container/list.h>
#include <tvm/ffi/object.h>
#include <tvm/ffi/string.h>

#include <cstdint>

namespace tvm_ffi_rt {

/*! \brief Name of the type-attribute column that holds each enum class's EnumState. */
inline constexpr const char* kEnumStateAttr = "__ffi_enum__";

/*! \brief The registry of one enum class: its singletons and their lookup tables. */
class EnumStateObj : public ::tvm::ffi::Object {
 public:
  /*! \brief The singletons, in registration order. */
  ::tvm::ffi::List<::tvm::ffi::ObjectRef> entries;
  /*! \brief Integer and string index of each singleton -> the singleton. */
  ::tvm::ffi::Dict<::tvm::ffi::Any, ::tvm::ffi::ObjectRef> indexes;
  /*! \brief Attribute name -> (singleton -> value). */
  ::tvm::ffi::Dict<::tvm::ffi::String, ::tvm::ffi::Dict<::tvm::ffi::ObjectRef, ::tvm::ffi::Any>>
      attrs;

  static constexpr bool _type_mutable = true;
  TVM_FFI_DECLARE_OBJECT_INFO_FINAL("ffi.EnumState", EnumStateObj, ::tvm::ffi::Object);
};

/*! \brief The base of every enum singleton: its integer and string index. */
class EnumObj : public ::tvm::ffi::Object {
 public:
  int64_t _int_index = 0;
  ::tvm::ffi::String _str_index;

  // A singleton is equal only to itself, also structurally.
  static constexpr TVMFFISEqHashKind _type_s_eq_hash_kind = kTVMFFISEqHashKindUniqueInstance;
  TVM_FFI_DECLARE_OBJECT_INFO("ffi.Enum", EnumObj, ::tvm::ffi::Object);
};

/*! \brief Enums whose value is the integer index. */
class IntEnumObj : public EnumObj {
 public:
  TVM_FFI_DECLARE_OBJECT_INFO("ffi.IntEnum", IntEnumObj, EnumObj);
};

/*! \brief Enums whose value is the string index. */
class StrEnumObj : public EnumObj {
 public:
  TVM_FFI_DECLARE_OBJECT_INFO("ffi.StrEnum", StrEnumObj, EnumObj);
};

}  // namespace tvm_ffi_rt

#endif  // TVM_FFI_RT_ENUM_INTERNAL_H_
