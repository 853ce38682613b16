// ffi/cpp/include/tvm/ffi/reflection/access_path.h: where a value sits inside a nested value
// (SPEC §13.8, ACCESS-PATH).
//
// An AccessPath is an immutable linked list of steps from a root: an attribute name, an array
// index or a map key, or the "missing" form of each, which names a place that exists on one
// side of a comparison only. Paths share their prefixes. StructuralEqual::GetFirstMismatch
// reports its result as a pair of paths. The types are registered by libtvm_ffi
// (`ffi.reflection.AccessStep`, `ffi.reflection.AccessPath`); the layouts are ABI.
#ifndef TVM_FFI_REFLECTION_ACCESS_PATH_H_
#define TVM_FFI_REFLECTION_ACCESS_PATH_H_

#include <tvm/ffi/any.h>
#include <tvm/ffi/any_hash.h>
#include <tvm/ffi/c_api.h>
#include <tvm/ffi/cast.h>
#include <tvm/ffi/container/array.h>
#include <tvm/ffi/container/tuple.h>
#include <tvm/ffi/memory.h>
#include <tvm/ffi/object.h>
#include <tvm/ffi/optional.h>
#include <tvm/ffi/string.h>

#include <cstdint>
#include <utility>
#include <vector>

namespace tvm {
namespace ffi {
namespace reflection {

/*! \brief The kinds of step; the numbers are ABI (the bindings mirror them). */
enum class AccessKind : int32_t {
  kAttr = 0,
  kArrayItem = 1,
  kMapItem = 2,
  kAttrMissing = 3,
  kArrayItemMissing = 4,
  kMapItemMissing = 5,
};

/*! \brief One step: its kind and its key (attribute name, index or map key). */
class AccessStepObj : public Object {
 public:
  AccessKind kind = AccessKind::kAttr;
  /*! \brief The attribute name (str), the index (int) or the map key. */
  Any key;

  AccessStepObj() = default;
  AccessStepObj(AccessKind kind, Any key) : kind(kind), key(std::move(key)) {}

  static constexpr TVMFFISEqHashKind _type_s_eq_hash_kind = kTVMFFISEqHashKindConstTreeNode;
  TVM_FFI_DECLARE_OBJECT_INFO_FINAL("ffi.reflection.AccessStep", AccessStepObj, Object);
};

/*! \brief Reference to an AccessStepObj. */
class AccessStep : public ObjectRef {
 public:
  AccessStep(AccessKind kind, Any key)
      : ObjectRef(make_object<AccessStepObj>(kind, std::move(key))) {}

  static AccessStep Attr(String name) { return AccessStep(AccessKind::kAttr, std::move(name)); }
  static AccessStep AttrMissing(String name) {
    return AccessStep(AccessKind::kAttrMissing, std::move(name));
  }
  static AccessStep ArrayItem(int64_t index) { return AccessStep(AccessKind::kArrayItem, index); }
  static AccessStep ArrayItemMissing(int64_t index) {
    return AccessStep(AccessKind::kArrayItemMissing, index);
  }
  static AccessStep MapItem(Any key) { return AccessStep(AccessKind::kMapItem, std::move(key)); }
  static AccessStep MapItemMissing(Any key) {
    return AccessStep(AccessKind::kMapItemMissing, std::move(key));
  }

  TVM_FFI_DEFINE_OBJECT_REF_METHODS_NOTNULLABLE(AccessStep, ObjectRef, AccessStepObj);
};

class AccessPath;

/*! \brief A path: its parent path, its last step and its length. */
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

/*! \brief Reference to an AccessPathObj. */
class AccessPath : public ObjectRef {
 public:
  /*! \brief The empty path, `<root>`. */
  static AccessPath Root() { return AccessPath(make_object<AccessPathObj>()); }

  /*! \brief This path followed by `step`. */
  AccessPath Extend(AccessStep step) const {
    ObjectPtr<AccessPathObj> n = make_object<AccessPathObj>();
    n->parent = ObjectRef(*this);
    n->step = std::move(step);
    n->depth = get()->depth + 1;
    return AccessPath(std::move(n));
  }
  AccessPath Attr(String name) const { return Extend(AccessStep::Attr(std::move(name))); }
  AccessPath AttrMissing(String name) const {
    return Extend(AccessStep::AttrMissing(std::move(name)));
  }
  AccessPath ArrayItem(int64_t index) const { return Extend(AccessStep::ArrayItem(index)); }
  AccessPath ArrayItemMissing(int64_t index) const {
    return Extend(AccessStep::ArrayItemMissing(index));
  }
  AccessPath MapItem(Any key) const { return Extend(AccessStep::MapItem(std::move(key))); }
  AccessPath MapItemMissing(Any key) const {
    return Extend(AccessStep::MapItemMissing(std::move(key)));
  }

  /*! \brief The path without its last step; None at the root. */
  Optional<AccessPath> GetParent() const {
    if (!get()->parent.has_value()) return std::nullopt;
    return GetRef<AccessPath>(static_cast<const AccessPathObj*>(get()->parent.value().get()));
  }

  /*! \brief The steps from the root, first step first. */
  std::vector<AccessStep> Steps() const {
    std::vector<AccessStep> steps;
    steps.reserve(static_cast<size_t>(get()->depth));
    for (const AccessPathObj* cur = get(); cur->depth > 0;
         cur = static_cast<const AccessPathObj*>(cur->parent.value().get())) {
      steps.push_back(cur->step.value());
    }
    return std::vector<AccessStep>(steps.rbegin(), steps.rend());
  }

  /*! \brief The steps as an Array, first step first. */
  Array<AccessStep> ToSteps() const {
    std::vector<AccessStep> steps = Steps();
    return Array<AccessStep>(steps.begin(), steps.end());
  }

  /*! \brief Whether this path is `other` or leads to it. */
  bool IsPrefixOf(const AccessPath& other) const {
    if (get()->depth > other->depth) return false;
    std::vector<AccessStep> mine = Steps();
    std::vector<AccessStep> theirs = other.Steps();
    for (size_t i = 0; i < mine.size(); ++i) {
      if (!StepEqual(mine[i], theirs[i])) return false;
    }
    return true;
  }

  /*! \brief Whether both paths have the same steps. */
  bool PathEqual(const AccessPath& other) const {
    return get()->depth == other->depth && IsPrefixOf(other);
  }

  explicit AccessPath(ObjectPtr<AccessPathObj> n) : ObjectRef(std::move(n)) {}
  TVM_FFI_DEFINE_OBJECT_REF_METHODS_NOTNULLABLE(AccessPath, ObjectRef, AccessPathObj);

 private:
  static bool StepEqual(const AccessStep& a, const AccessStep& b) {
    return a->kind == b->kind && AnyEqual()(a->key, b->key);
  }
};

/*! \brief The paths of a place in the left-hand and the right-hand value of a comparison. */
using AccessPathPair = Tuple<AccessPath, AccessPath>;

}  // namespace reflection
}  // namespace ffi
}  // namespace tvm

#endif  // TVM_FFI_REFLECTION_ACCESS_PATH_H_
