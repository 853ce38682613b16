// ffi/cpp/include/tvm/ffi/base_detail.h: compiler macros and the stable hash helpers shared by the SDK.
//
// Everything in namespace `detail` is internal to the SDK. The hashes here are
// part of the ABI: Map/Dict lookups are compiled into every module, so all
// parties must hash keys bit-identically (SPEC §2.4).
#ifndef TVM_FFI_BASE_DETAIL_H_
#define TVM_FFI_BASE_DETAIL_H_

#include <tvm/ffi/c_api.h>
#include <tvm/ffi/endian.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <utility>

#if defined(_MSC_VER)
#define TVM_FFI_INLINE __forceinline
#define TVM_FFI_NO_INLINE __declspec(noinline)
#define TVM_FFI_UNREACHABLE() __assume(false)
#define TVM_FFI_COLD_CODE
#define TVM_FFI_PREDICT_FALSE(cond) (cond)
#define TVM_FFI_PREDICT_TRUE(cond) (cond)
#define TVM_FFI_UNSAFE_ASSUME(cond) __assume(cond)
#define TVM_FFI_FUNC_SIG __FUNCSIG__
#else
/*! \brief Forces inlining; used on the hot paths that inline code runs per call. */
#define TVM_FFI_INLINE inline __attribute__((always_inline))
/*! \brief Keeps rarely-run helpers (logging, error building) out of hot callers. */
#define TVM_FFI_NO_INLINE __attribute__((noinline))
#define TVM_FFI_UNREACHABLE() __builtin_unreachable()
/*! \brief Moves error/setup-only functions to the cold text section. */
#define TVM_FFI_COLD_CODE __attribute__((cold))
/*! \brief Branch hints: error checks use PREDICT_FALSE so the happy path falls through. */
#define TVM_FFI_PREDICT_FALSE(cond) (__builtin_expect(static_cast<bool>(cond), 0))
#define TVM_FFI_PREDICT_TRUE(cond) (__builtin_expect(static_cast<bool>(cond), 1))
/*!
 * \brief Tells the optimizer that `cond` holds. Not a check: a false `cond` is
 *        undefined behaviour, so use it only for invariants guaranteed elsewhere.
 */
#if defined(__clang__)
#define TVM_FFI_UNSAFE_ASSUME(cond) __builtin_assume(cond)
#else
#define TVM_FFI_UNSAFE_ASSUME(cond)       \
  do {                                    \
    if (!(cond)) __builtin_unreachable(); \
  } while (0)
#endif
#define TVM_FFI_FUNC_SIG __PRETTY_FUNCTION__
#endif

#define TVM_FFI_STR_CONCAT_(a, b) a##b
#define TVM_FFI_STR_CONCAT(a, b) TVM_FFI_STR_CONCAT_(a, b)

/*!
 * \brief Opens a block of code that runs while the shared library (or program)
 *        is being loaded, e.g. to register global functions.
 *
 * \code
 * TVM_FFI_STATIC_INIT_BLOCK() { RegisterMyFunctions(); }
 * \endcode
 */
#if defined(__GNUC__) || defined(__clang__)
#define TVM_FFI_STATIC_INIT_BLOCK_FN_(name) __attribute__((constructor)) static void name()
#define TVM_FFI_STATIC_INIT_BLOCK() \
  TVM_FFI_STATIC_INIT_BLOCK_FN_(TVM_FFI_STR_CONCAT(__TVMFFIStaticInitFunc, __COUNTER__))
#else
// Without constructor attributes, a namespace-scope variable initializer calls the block.
#define TVM_FFI_STATIC_INIT_BLOCK_FN_(name, reg) \
  static void name();                           \
  [[maybe_unused]] static const int reg = (name(), 0); \
  static void name()
#define TVM_FFI_STATIC_INIT_BLOCK()                                                   \
  TVM_FFI_STATIC_INIT_BLOCK_FN_(TVM_FFI_STR_CONCAT(__TVMFFIStaticInitFunc, __COUNTER__), \
                                TVM_FFI_STR_CONCAT(__TVMFFIStaticInitReg, __COUNTER__))
#endif

/*! \brief Declares the defaulted copy/move constructors and assignments of `TypeName`. */
#define TVM_FFI_DEFINE_DEFAULT_COPY_MOVE_AND_ASSIGN(TypeName) \
  TypeName(const TypeName& other) = default;                  \
  TypeName(TypeName&& other) noexcept = default;              \
  TypeName& operator=(const TypeName& other) = default;       \
  TypeName& operator=(TypeName&& other) noexcept = default;

/*!
 * \brief Brackets code whose std::exception must not escape (e.g. functions
 *        without an error return): the exception is printed and the process exits.
 */
#define TVM_FFI_LOG_EXCEPTION_CALL_BEGIN() \
  try {                                    \
  (void)0
#define TVM_FFI_LOG_EXCEPTION_CALL_END(Name)                                                  \
  }                                                                                           \
  catch (const std::exception& tvm_ffi_err_) {                                                \
    std::cerr << "Exception caught during " << #Name << ":\n" << tvm_ffi_err_.what() << '\n'; \
    std::exit(-1);                                                                            \
  }

/*!
 * \brief Zeroes the 8-byte payload before a pointer is stored into it, so that on
 *        32-bit targets the upper half is 0 and byte equality/hashing stay valid
 *        (SPEC ANY-ZERO-PADDING). A no-op on 64-bit targets.
 */
#define TVM_FFI_CLEAR_PTR_PADDING_IN_FFI_ANY(result) \
  if constexpr (sizeof(void*) != sizeof(int64_t)) {  \
    (result)->v_int64 = 0;                           \
  }

namespace tvm {
namespace ffi {
namespace detail {

/*! \brief Calls f(i, arg_i) for each argument in order; i is the argument's position. */
template <typename F, typename... Args>
inline void for_each(const F& f, Args&&... args) {
  size_t i = 0;
  (f(i++, std::forward<Args>(args)), ...);
}

/*!
 * \brief Mixes `value` into the running hash `key`. Platform independent, which
 *        std::hash is not; SPEC §2.4 `combine`.
 */
template <typename T, std::enable_if_t<std::is_convertible_v<T, uint64_t>, bool> = true>
TVM_FFI_INLINE uint64_t StableHashCombine(uint64_t key, const T& value) {
  return key ^ (static_cast<uint64_t>(value) + 0x9e3779b9ULL + (key << 6) + (key >> 2));
}

/*! \brief Reads up to 8 bytes as the low bytes of a little-endian word (zero-filled). */
TVM_FFI_INLINE uint64_t LoadLittleEndianWord(const char* p, size_t n) {
  uint64_t word = 0;
  if constexpr (TVM_FFI_LITTLE_ENDIAN) {
    std::memcpy(&word, p, n);
  } else {
    for (size_t i = 0; i < n; ++i) {
      word |= static_cast<uint64_t>(static_cast<uint8_t>(p[i])) << (8 * i);
    }
  }
  return word;
}

/*!
 * \brief The content hash of strings and bytes (SPEC §2.4 `hash_bytes`): each full
 *        little-endian word, then the zero-padded tail, folded modulo 2^31-1.
 */
TVM_FFI_INLINE uint64_t StableHashBytes(const void* data, size_t size) {
  constexpr uint64_t kMultiplier = 1099511628211ULL;
  constexpr uint64_t kMod = 2147483647ULL;
  const char* p = static_cast<const char*>(data);
  uint64_t result = 0;
  size_t full_words = size / 8;
  for (size_t i = 0; i < full_words; ++i, p += 8) {
    result = (result * kMultiplier + LoadLittleEndianWord(p, 8)) % kMod;
  }
  if (size_t tail = size % 8; tail != 0) {
    result = (result * kMultiplier + LoadLittleEndianWord(p, tail)) % kMod;
  }
  return result;
}

/*!
 * \brief StableHashBytes of an inline small string or bytes value. The unused
 *        payload bytes are zero (SPEC STR-SMALL-ZERO), so this is one modulo.
 */
TVM_FFI_INLINE uint64_t StableHashSmallStrBytes(const TVMFFIAny* value) {
  if constexpr (TVM_FFI_LITTLE_ENDIAN) {
    return value->v_uint64 % 2147483647ULL;
  } else {
    return StableHashBytes(value->v_bytes, sizeof(value->v_bytes));
  }
}

/*!
 * \brief JSON type schema of a C++ type, as published in function metadata
 *        (SPEC MOD-METADATA-SYMBOL). Specialized in function_detail.h.
 */
template <typename T>
struct TypeSchemaImpl;

/*! \brief TypeSchemaImpl with const and reference stripped. */
template <typename T>
using TypeSchema = TypeSchemaImpl<std::remove_const_t<std::remove_reference_t<T>>>;

}  // namespace detail

// Older code spells the internal namespace `details`.
namespace details = detail;

}  // namespace ffi
}  // namespace tvm

#endif  // TVM_FFI_BASE_DETAIL_H_
