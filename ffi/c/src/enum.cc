// ffi/c/src/enum.cc: registration of ffi.EnumState, ffi.Enum, ffi.IntEnum, ffi.StrEnum and the
// `__ffi_enum__` type-attribute column (SPEC §13.8).
//
// The runtime owns these types so that every module and every language binding agrees on one
// type index and one reflected layout for them; the singletons themselves are created by the
// modules that define enum classes (see enum_internal.h).
#include <tvm/ffi/any.h>
#include <tvm/ffi/c_api.h>
#include <tvm/ffi/error.h>
#include <tvm/ffi/function.h>
#include <tvm/ffi/reflection/registry.h>
#include <tvm/ffi/string.h>

#include <cstddef>
#include <string>

#include "enum_internal.h"
#include "type_registry_internal.h"

namespace tvm_ffi_rt {

namespace {

using ::tvm::ffi::Any;
using ::tvm::ffi::AnyView;
using ::tvm::ffi::Function;
using ::tvm::ffi::ObjectRef;
using ::tvm::ffi::String;
namespace refl = ::tvm::ffi::reflection;

// Reference-built modules access these fields inline (SPEC ENUM-LAYOUT). offsetof on these
// non-standard-layout classes is well defined under GCC and Clang (single inheritance, no
// virtual functions), which is all the runtime is built with.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Winvalid-offsetof"
static_assert(offsetof(EnumStateObj, entries) == 24, "EnumState.entries must be at +24");
static_assert(offsetof(EnumStateObj, indexes) == 32, "EnumState.indexes must be at +32");
static_assert(offsetof(EnumStateObj, attrs) == 40, "EnumState.attrs must be at +40");
static_assert(sizeof(EnumStateObj) == 48, "EnumState is 48 bytes");
static_assert(offsetof(EnumObj, _int_index) == 24, "Enum._int_index must be at +24");
static_assert(offsetof(EnumObj, _str_index) == 32, "Enum._str_index must be at +32");
static_assert(sizeof(EnumObj) == 48, "Enum is 48 bytes");
#pragma GCC diagnostic pop

// `__ffi_convert__` of IntEnum and StrEnum: a checked cast (SPEC ENUM-CONVERT). Plain ints and
// strings are not converted here, because only the caller's binding knows the concrete enum
// class. Callers pass `type_index` from _GetOrAllocRuntimeTypeIndex: a class's inline
// `_type_index` may not be initialised yet when load-time constructors run.
Function make_checked_cast(int32_t type_index, const char* type_key) {
  return Function::FromTyped(
      [type_index, type_key](AnyView value) -> Any {
        Any owned(value);
        if (owned.type_index() < kTVMFFIStaticObjectBegin ||
            !type_is_instance(owned.type_index(), type_index)) {
          TVM_FFI_THROW(TypeError) << "Cannot cast from `" << owned.GetTypeKey() << "` to `"
                                   << type_key << "`";
        }
        return owned;
      },
      std::string(type_key) + ".__ffi_convert__");
}

void register_enum_types() {
  // The column exists before any module registers a state, so inline lookups never miss it
  // (SPEC ENUM-COLUMN).
  refl::EnsureTypeAttrColumn(kEnumStateAttr);
  refl::ObjectDef<EnumStateObj>()
      .def_ro("entries", &EnumStateObj::entries, refl::init<>(false))
      .def_ro("indexes", &EnumStateObj::indexes, refl::init<>(false))
      .def_ro("attrs", &EnumStateObj::attrs, refl::init<>(false))
      .def(refl::init<>());
  // Singletons are made by EnumDef in modules, never by a constructor call: no __ffi_init__.
  refl::ObjectDef<EnumObj>(refl::init<>(false))
      .def_ro("_int_index", &EnumObj::_int_index, refl::AttachFieldFlag::SEqHashIgnore())
      .def_ro("_str_index", &EnumObj::_str_index);
  // `value` aliases the index that is the enum's value (same offset as the base field).
  refl::ObjectDef<IntEnumObj>(refl::init<>(false))
      .def_ro("value", &EnumObj::_int_index, refl::AttachFieldFlag::SEqHashIgnore(),
              refl::init<>(false))
      .def_type_attr("__ffi_convert__",
                     make_checked_cast(IntEnumObj::_GetOrAllocRuntimeTypeIndex(),
                                       IntEnumObj::_type_key));
  refl::ObjectDef<StrEnumObj>(refl::init<>(false))
      .def_ro("value", &EnumObj::_str_index, refl::AttachFieldFlag::SEqHashIgnore(),
              refl::init<>(false))
      .def_type_attr("__ffi_convert__",
                     make_checked_cast(StrEnumObj::_GetOrAllocRuntimeTypeIndex(),
                                       StrEnumObj::_type_key));
}

// Registered while libtvm_ffi loads, before any module's EnumDef can look the column up.
__attribute__((constructor)) void register_enum_types_at_load() {
  try {
    register_enum_types();
  } catch (...) {
    // Out of memory while loading: the C API still works without these types.
  }
}

}  // namespace
}  // namespace tvm_ffi_rt
