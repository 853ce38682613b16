// ffi/c/src/structural_types.cc: the object types of the structural visit/compare API
// (SPEC §13.8): ffi.StructuralKey, ffi.StructuralVisitor, ffi.StructuralMutator,
// ffi.VisitErrorContext and the reflection of ffi.VisitInterrupt (77).
//
// It also registers the structural globals (SPEC §13.9):
//   ffi.StructuralEqual(lhs, rhs, map_free_vars, skip_tensor_content) -> bool
//   ffi.StructuralHash(value, map_free_vars, skip_tensor_content) -> int
//   ffi.GetFirstStructuralMismatch(lhs, rhs, map_free_vars, skip_tensor_content)
//       -> (AccessPath, AccessPath) | None
//   ffi.StructuralKey(key) -> StructuralKey        ffi.StructuralKeyEqual(a, b) -> bool
// The visitor and mutator algorithms (ffi.StructuralVisit/Walk/Mutate) are not implemented
// (SPEC §15); their types are registered because the reference Python binding binds a class to
// each of these keys while it imports.
#include <tvm/ffi/any.h>
#include <tvm/ffi/c_api.h>
#include <tvm/ffi/container/list.h>
#include <tvm/ffi/extra/structural_equal.h>
#include <tvm/ffi/extra/structural_hash.h>
#include <tvm/ffi/memory.h>
#include <tvm/ffi/object.h>
#include <tvm/ffi/optional.h>
#include <tvm/ffi/reflection/registry.h>

#include <cstddef>
#include <cstdint>
#include <utility>

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
  StructuralKeyObj() = default;
  explicit StructuralKeyObj(Any k)
      : key(std::move(k)), hash_i64(static_cast<int64_t>(::tvm::ffi::StructuralHash::Hash(key))) {}
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
      .def_ro("hash_i64", &StructuralKeyObj::hash_i64)
      .def(refl::init<Any>());
  refl::ObjectDef<VisitInterruptObj>(refl::init<>(false))
      .def_rw("value", &VisitInterruptObj::value);
  refl::ObjectDef<VisitErrorContextObj>(refl::init<>(false))
      .def_ro("reverse_visit_pattern", &VisitErrorContextObj::reverse_visit_pattern)
      .def_ro("prev_error_context", &VisitErrorContextObj::prev_error_context);
  StructuralVisitorObj::_GetOrAllocRuntimeTypeIndex();
  StructuralMutatorObj::_GetOrAllocRuntimeTypeIndex();
}

void register_structural_globals() {
  using ::tvm::ffi::StructuralEqual;
  using ::tvm::ffi::StructuralHash;
  refl::GlobalDef()
      .def("ffi.StructuralEqual", &StructuralEqual::Equal)
      .def("ffi.StructuralHash",
           [](const Any& value, bool map_free_vars, bool skip_tensor_content) {
             return static_cast<int64_t>(
                 StructuralHash::Hash(value, map_free_vars, skip_tensor_content));
           })
      .def("ffi.GetFirstStructuralMismatch", &StructuralEqual::GetFirstMismatch)
      .def("ffi.StructuralKey",
           [](Any key) { return ObjectRef(::tvm::ffi::make_object<StructuralKeyObj>(key)); })
      .def("ffi.StructuralKeyEqual", [](const StructuralKeyObj* a, const StructuralKeyObj* b) {
        return a->hash_i64 == b->hash_i64 && StructuralEqual::Equal(a->key, b->key);
      });
}

__attribute__((constructor)) void register_structural_types_at_load() {
  try {
    register_structural_types();
    register_structural_globals();
  } catch (...) {
    // Out of memory while loading: the C API still works without these types.
  }
}

}  // namespace
}  // namespace tvm_ffi_rt
