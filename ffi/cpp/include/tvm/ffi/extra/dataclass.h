// ffi/cpp/include/tvm/ffi/extra/dataclass.h: value semantics for any FFI value, computed by
// libtvm_ffi from the reflection registry (SPEC §5.6, DATACLASS-REPR).
//
// Reflected objects are walked field by field (ancestors first, fields flagged off for the
// operation left out), containers element by element, and everything else by value. These are
// the functions behind the `ffi.DeepCopy`, `ffi.ReprPrint` and `ffi.Recursive*` globals, which
// the Python binding uses for `copy.deepcopy`, `repr`, `==`, `<` and `hash`.
#ifndef TVM_FFI_EXTRA_DATACLASS_H_
#define TVM_FFI_EXTRA_DATACLASS_H_

#include <tvm/ffi/any.h>
#include <tvm/ffi/extra/base.h>
#include <tvm/ffi/string.h>

#include <cstdint>

namespace tvm {
namespace ffi {

/*!
 * \brief A copy of `value` that shares nothing mutable with it.
 * \throws Error (TypeError) when an object in it has neither fields nor a copy hook.
 */
TVM_FFI_EXTRA_CXX_API Any DeepCopy(const Any& value);

/*! \brief The readable form of `value`, e.g. `testing.TestIntPair(a=1, b=2)`; cycles print as `...`. */
TVM_FFI_EXTRA_CXX_API String ReprPrint(const Any& value);

/*! \brief A hash consistent with RecursiveEq within one process (not stable across processes). */
TVM_FFI_EXTRA_CXX_API int64_t RecursiveHash(const Any& value);

/*! \brief Field-by-field equality. */
TVM_FFI_EXTRA_CXX_API bool RecursiveEq(const Any& lhs, const Any& rhs);

/*! \brief Field-by-field lexicographic ordering: lhs < rhs. */
TVM_FFI_EXTRA_CXX_API bool RecursiveLt(const Any& lhs, const Any& rhs);

/*! \brief lhs <= rhs in the RecursiveLt order. */
TVM_FFI_EXTRA_CXX_API bool RecursiveLe(const Any& lhs, const Any& rhs);

/*! \brief lhs > rhs in the RecursiveLt order. */
TVM_FFI_EXTRA_CXX_API bool RecursiveGt(const Any& lhs, const Any& rhs);

/*! \brief lhs >= rhs in the RecursiveLt order. */
TVM_FFI_EXTRA_CXX_API bool RecursiveGe(const Any& lhs, const Any& rhs);

}  // namespace ffi
}  // namespace tvm

#endif  // TVM_FFI_EXTRA_DATACLASS_H_
