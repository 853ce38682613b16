// ffi/cpp/include/tvm/ffi/extra/structural_equal.h: structural equality of FFI values
// (SPEC §13.9, STRUCT-EQ-*), computed by libtvm_ffi from the reflection registry.
//
// Two values are structurally equal when they have the same shape: same types, equal scalars
// and strings, containers with equal elements, and reflected objects whose fields are equal,
// where each type's `_type_s_eq_hash_kind` says how its instances take part (a tree node by its
// fields, a free variable by its binding, a DAG node by its fields and its sharing, a unique
// instance by identity). Free variables are bound to each other where a field flagged
// SEqHashDef defines them, or everywhere when `map_free_vars` is true.
#ifndef TVM_FFI_EXTRA_STRUCTURAL_EQUAL_H_
#define TVM_FFI_EXTRA_STRUCTURAL_EQUAL_H_

#include <tvm/ffi/any.h>
#include <tvm/ffi/extra/base.h>
#include <tvm/ffi/optional.h>
#include <tvm/ffi/reflection/access_path.h>

namespace tvm {
namespace ffi {

/*! \brief Structural equality; also usable as the equality functor of a hash map. */
class StructuralEqual {
 public:
  /*!
   * \brief Whether `lhs` and `rhs` are structurally equal.
   * \param map_free_vars Bind free variables met outside any definition to each other.
   * \param skip_tensor_content Compare tensors by dtype, shape and device only.
   * \throws Error (TypeError) when a compared object's type has no structural kind.
   */
  TVM_FFI_EXTRA_CXX_API static bool Equal(const Any& lhs, const Any& rhs,
                                          bool map_free_vars = false,
                                          bool skip_tensor_content = false);

  /*!
   * \brief The paths of the first difference, or None when the values are equal.
   * \throws Error (TypeError) as Equal does.
   */
  TVM_FFI_EXTRA_CXX_API static Optional<reflection::AccessPathPair> GetFirstMismatch(
      const Any& lhs, const Any& rhs, bool map_free_vars = false,
      bool skip_tensor_content = false);

  bool operator()(const Any& lhs, const Any& rhs) const { return Equal(lhs, rhs); }
};

}  // namespace ffi
}  // namespace tvm

#endif  // TVM_FFI_EXTRA_STRUCTURAL_EQUAL_H_
