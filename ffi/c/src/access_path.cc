// ffi/c/src/access_path.cc: ffi.reflection.AccessStep and ffi.reflection.AccessPath
// (SPEC §13.8, ACCESS-PATH).
//
// An AccessPath says how to reach a value inside a nested object: a linked list of steps from
// the root, each an attribute name, an array index or a map key (or the "missing" variant of
// each, for a value present on one side of a comparison only). Paths are immutable and share
// their prefixes; the runtime owns the types so that every module reports paths the same way.
#include <tvm/ffi/any.h>
#include <tvm/ffi/c_api.h>
#include <tvm/ffi/cast.h>
#include <tvm/ffi/container/array.h>
#include <tvm/ffi/error.h>
#include <tvm/ffi/memory.h>
#include <tvm/ffi/object.h>
#include <tvm/ffi/optional.h>
#include <tvm/ffi/reflection/registry.h>
#include <tvm/ffi/string.h>

#include <cstdint>
#include <string>
#include <vector>

namespace tvm_ffi_rt {

namespace {

using ::tvm::ffi::Any;
using ::tvm::ffi::AnyEqual;
using ::tvm::ffi::Array;
using ::tvm::ffi::Function;
using ::tvm::ffi::make_object;
using ::tvm::ffi::Object;
using ::tvm::ffi::ObjectPtr;
using ::tvm::ffi::ObjectRef;
using ::tvm::ffi::Optional;
using ::tvm::ffi::String;
namespace refl = ::tvm::ffi::reflection;

/*! \brief The kinds of step; the numbers are ABI (the bindings mirror them). */
enum AccessKind : int32_t {
  kAttr = 0,
  kArrayItem = 1,
  kMapItem = 2,
  kAttrMissing = 3,
  kArrayItemMissing = 4,
  kMapItemMissing = 5,
};

class AccessStepObj : public Object {
 public:
  int32_t kind = kAttr;
  /*! \brief The attribute name (str), the index (int) or the map key. */
  Any key;
  static constexpr TVMFFISEqHashKind _type_s_eq_hash_kind = kTVMFFISEqHashKindConstTreeNode;
  TVM_FFI_DECLARE_OBJECT_INFO_FINAL("ffi.reflection.AccessStep", AccessStepObj, Object);
};

class AccessStep : public ObjectRef {
 public:
  AccessStep(int32_t kind, Any key) {
    ObjectPtr<AccessStepObj> n = make_object<AccessStepObj>();
    n->kind = kind;
    n->key = std::move(key);
    data_ = std::move(n);
  }
  TVM_FFI_DEFINE_OBJECT_REF_METHODS_NOTNULLABLE(AccessStep, ObjectRef, AccessStepObj);
};

class AccessPathObj : public Object {
 public:
  /*! \brief The path without its last step; None at the root. */
  Optional<ObjectRef> parent;
  /*! \brief The last step; None at the root. */
  Optional<AccessStep> step;
  /*! \brief Number of steps from the root. */
  int32_t depth = 0;
  static constexpr TVMFFISEqHashKind _type_s_eq_hash_kind = kTVMFFISEqHashKindConstTreeNode;
  TVM_FFI_DECLARE_OBJECT_INFO_FINAL("ffi.reflection.AccessPath", AccessPathObj, Object);
};

class AccessPath : public ObjectRef {
 public:
  static AccessPath Root() { return AccessPath(make_object<AccessPathObj>()); }

  AccessPath Extend(AccessStep step) const {
    ObjectPtr<AccessPathObj> n = make_object<AccessPathObj>();
    n->parent = ObjectRef(*this);
    n->step = std::move(step);
    n->depth = get()->depth + 1;
    return AccessPath(std::move(n));
  }

  /*! \brief The steps from the root, first step first. */
  std::vector<AccessStep> Steps() const {
    std::vector<AccessStep> steps(static_cast<size_t>(get()->depth), AccessStep(kAttr, Any()));
    const AccessPathObj* cur = get();
    for (int32_t i = cur->depth - 1; i >= 0; --i) {
      steps[static_cast<size_t>(i)] = cur->step.value();
      cur = static_cast<const AccessPathObj*>(cur->parent.value().get());
    }
    return steps;
  }

  explicit AccessPath(ObjectPtr<AccessPathObj> n) : ObjectRef(std::move(n)) {}
  TVM_FFI_DEFINE_OBJECT_REF_METHODS_NOTNULLABLE(AccessPath, ObjectRef, AccessPathObj);
};

bool steps_equal(const AccessStep& a, const AccessStep& b) {
  return a->kind == b->kind && AnyEqual()(a->key, b->key);
}

// True when the first `n` steps of `a` and `b` agree.
bool prefix_equal(const std::vector<AccessStep>& a, const std::vector<AccessStep>& b, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (!steps_equal(a[i], b[i])) return false;
  }
  return true;
}

bool is_prefix_of(const AccessPath& self, const AccessPath& other) {
  if (self->depth > other->depth) return false;
  return prefix_equal(self.Steps(), other.Steps(), static_cast<size_t>(self->depth));
}

bool path_equal(const AccessPath& self, const AccessPath& other) {
  return self->depth == other->depth && is_prefix_of(self, other);
}

Array<AccessStep> to_steps(const AccessPath& self) {
  std::vector<AccessStep> steps = self.Steps();
  return Array<AccessStep>(steps.begin(), steps.end());
}

// `<root>.attr[1]["key"]`; a missing step is marked with a trailing `?`.
String path_repr(const Object* self, Function fn_repr) {
  AccessPath path = ::tvm::ffi::GetRef<AccessPath>(static_cast<const AccessPathObj*>(self));
  std::string out = "<root>";
  for (const AccessStep& step : path.Steps()) {
    switch (step->kind) {
      case kAttr:
      case kAttrMissing:
        out += "." + std::string(step->key.cast<String>());
        break;
      default:
        out += "[" + std::string(fn_repr(step->key).cast<String>()) + "]";
        break;
    }
    if (step->kind >= kAttrMissing) out += "?";
  }
  return String(out);
}

void register_access_path_types() {
  refl::ObjectDef<AccessStepObj>(refl::init<>(false))
      .def_ro("kind", &AccessStepObj::kind)
      .def_ro("key", &AccessStepObj::key);
  refl::ObjectDef<AccessPathObj>(refl::init<>(false))
      .def_ro("parent", &AccessPathObj::parent)
      .def_ro("step", &AccessPathObj::step)
      .def_ro("depth", &AccessPathObj::depth)
      .def_static("_root", &AccessPath::Root)
      .def("_extend", [](AccessPath self, AccessStep step) { return self.Extend(step); })
      .def("_attr",
           [](AccessPath self, String name) { return self.Extend(AccessStep(kAttr, name)); })
      .def("_array_item",
           [](AccessPath self, int64_t index) {
             return self.Extend(AccessStep(kArrayItem, index));
           })
      .def("_map_item",
           [](AccessPath self, Any key) { return self.Extend(AccessStep(kMapItem, key)); })
      .def("_attr_missing",
           [](AccessPath self, String name) { return self.Extend(AccessStep(kAttrMissing, name)); })
      .def("_array_item_missing",
           [](AccessPath self, int64_t index) {
             return self.Extend(AccessStep(kArrayItemMissing, index));
           })
      .def("_map_item_missing",
           [](AccessPath self, Any key) { return self.Extend(AccessStep(kMapItemMissing, key)); })
      .def("_is_prefix_of", is_prefix_of)
      .def("_to_steps", to_steps)
      .def("_path_equal", path_equal)
      .def_type_attr("__ffi_repr__", Function::FromTyped(path_repr, "AccessPath.__ffi_repr__"));
}

__attribute__((constructor)) void register_access_path_types_at_load() {
  try {
    register_access_path_types();
  } catch (...) {
    // Out of memory while loading: the C API still works without these types.
  }
}

}  // namespace
}  // namespace tvm_ffi_rt
