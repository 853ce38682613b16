// ffi/c/src/structural_types.cc: the object types of the structural visit/compare API
// (SPEC §13.8): ffi.StructuralKey, ffi.StructuralVisitor, ffi.StructuralMutator,
// ffi.VisitErrorContext and the reflection of ffi.VisitInterrupt (77).
//
// Why only registrations: this runtime does not implement the structural algorithms yet
// (ffi.StructuralEqual/Hash/Visit/Mutate are absent, see SPEC §15). The reference Python
// binding nevertheless binds a class to each of these type keys while it imports, and a
// binding may receive these objects from modules that do implement the algorithms, so the
// runtime registers the keys with the reference layouts and reflected fields. Nothing here
// pretends to compute a structural result: StructuralKey has no `__ffi_init__`, because its
// hash field would need StructuralHash.
#include <tvm/ffi/any.h>
#include <tvm/ffi/c_api.h>
#include <tvm/ffi/container/list.h>
#include <tvm/ffi/object.h>
#include <tvm/ffi/optional.h>
#include <tvm/ffi/reflection/registry.h>

#include <cstddef>
#include <cstdint>

namespace tvm_ffi_rt {

namespace {

using ::tvm::ffi::Any;
using ::tvm::ffi::List;
using ::tvm::ffi::Object;
using ::tvm::ffi::ObjectRef;
using ::tvm::ffi::Optional;
namespace refl = ::tvm::ffi::reflection;

/*! \brief An Any together with its structural hash; a map key under structural equality. */
class StructuralKeyObj : public Object {
 public:
  Any key;
  int64_t hash_i64 = 0;
  TVM_FFI_DECLARE_OBJECT_INFO_FINAL("ffi.StructuralKey", StructuralKeyObj, Object);
};

/*! \brief Thrown through a structural visit to stop it early, carrying a result. */
class VisitInterruptObj : public Object {
 public:
  static constexpr int32_t _type_index = kTVMFFIVisitInterrupt;
  static constexpr bool _type_final = true;
  static constexpr uint32_t _type_child_slots = 0;
  Any value;
  TVM_FFI_DECLARE_OBJECT_INFO_STATIC("ffi.VisitInterrupt", VisitInterruptObj, Object);
};

/*! \brief Where a failed structural visit was: the reversed path and the enclosing context. */
class VisitErrorContextObj : public Object {
 public:
  List<ObjectRef> reverse_visit_pattern;
  Optional<ObjectRef> prev_error_context;
  TVM_FFI_DECLARE_OBJECT_INFO_FINAL("ffi.VisitErrorContext", VisitErrorContextObj, Object);
};

// The visitor and mutator hold callbacks that only their implementation reads, so only their
// keys are registered here.
class StructuralVisitorObj : public Object {
 public:
  TVM_FFI_DECLARE_OBJECT_INFO_FINAL("ffi.StructuralVisitor", StructuralVisitorObj, Object);
};

class StructuralMutatorObj : public Object {
 public:
  TVM_FFI_DECLARE_OBJECT_INFO_FINAL("ffi.StructuralMutator", StructuralMutatorObj, Object);
};

static_assert(sizeof(StructuralKeyObj) == 48 && sizeof(VisitInterruptObj) == 40 &&
                  sizeof(VisitErrorContextObj) == 40,
              "sizes must match the reference layouts (SPEC ENUM-LAYOUT, §13.8)");

void register_structural_types() {
  refl::ObjectDef<StructuralKeyObj>(refl::init<>(false))
      .def_ro("key", &StructuralKeyObj::key)
      .def_ro("hash_i64", &StructuralKeyObj::hash_i64);
  refl::ObjectDef<VisitInterruptObj>(refl::init<>(false))
      .def_rw("value", &VisitInterruptObj::value);
  refl::ObjectDef<VisitErrorContextObj>(refl::init<>(false))
      .def_ro("reverse_visit_pattern", &VisitErrorContextObj::reverse_visit_pattern)
      .def_ro("prev_error_context", &VisitErrorContextObj::prev_error_context);
  StructuralVisitorObj::_GetOrAllocRuntimeTypeIndex();
  StructuralMutatorObj::_GetOrAllocRuntimeTypeIndex();
}

__attribute__((constructor)) void register_structural_types_at_load() {
  try {
    register_structural_types();
  } catch (...) {
    // Out of memory while loading: the C API still works without these types.
  }
}

}  // namespace
}  // namespace tvm_ffi_rt
