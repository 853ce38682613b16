// ffi/cpp/include/tvm/ffi/extra/structural_hash.h: a hash consistent with StructuralEqual
// (SPEC §13.9, STRUCT-HASH-*), computed by libtvm_ffi.
//
// Structurally equal values (with the same flags) hash equally within one process. Values are
// not the reference runtime's numbers and may change between releases: do not persist them.
#ifndef TVM_FFI_EXTRA_STRUCTURAL_HASH_H_
#define TVM_FFI_EXTRA_STRUCTURAL_HASH_H_

#include <tvm/ffi/any.h>
#include <tvm/ffi/extra/base.h>

#include <cstdint>

namespace tvm {
namespace ffi {

/*! \brief Structural hash; also usable as the hash functor of a hash map. */
class StructuralHash {
 public:
  /*!
   * \brief The structural hash of `value`.
   * \param map_free_vars Hash free variables by order of appearance rather than identity.
   * \param skip_tensor_content Hash tensors by dtype, shape and device only.
   * \throws Error (TypeError) when an object's type has no structural kind.
   */
  TVM_FFI_EXTRA_CXX_API static uint64_t Hash(const Any& value, bool map_free_vars = false,
                                             bool skip_tensor_content = false);

  uint64_t operator()(const Any& value) const { return Hash(value); }
};

}  // namespace ffi
}  // namespace tvm

#endif  // TVM_FFI_EXTRA_STRUCTURAL_HASH_H_
