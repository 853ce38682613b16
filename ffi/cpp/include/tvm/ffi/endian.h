// ffi/cpp/include/tvm/ffi/endian.h: byte-order detection and an in-place byte swap.
//
// The stable hashes (base_detail.h) and every serialized format read multi-byte
// words as little-endian, so big-endian hosts need to know when to swap.
#ifndef TVM_FFI_ENDIAN_H_
#define TVM_FFI_ENDIAN_H_

#include <cstddef>
#include <cstdint>

// Serialized data is little-endian unless a build says otherwise.
#ifndef TVM_FFI_IO_USE_LITTLE_ENDIAN
#define TVM_FFI_IO_USE_LITTLE_ENDIAN 1
#endif

#if defined(TVM_FFI_CMAKE_LITTLE_ENDIAN)
// CMake already probed the target; trust it over the compiler heuristics below.
#define TVM_FFI_LITTLE_ENDIAN TVM_FFI_CMAKE_LITTLE_ENDIAN
#elif defined(__BYTE_ORDER__) && defined(__ORDER_LITTLE_ENDIAN__)
#define TVM_FFI_LITTLE_ENDIAN (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__)
#elif defined(_WIN32) || defined(__APPLE__) || defined(__EMSCRIPTEN__) || defined(__hexagon__)
#define TVM_FFI_LITTLE_ENDIAN 1
#elif defined(__GLIBC__) || defined(__GNU_LIBRARY__) || defined(__ANDROID__)
#include <endian.h>
#define TVM_FFI_LITTLE_ENDIAN (__BYTE_ORDER == __LITTLE_ENDIAN)
#elif defined(__FreeBSD__) || defined(__OpenBSD__)
#include <sys/endian.h>
#define TVM_FFI_LITTLE_ENDIAN (_BYTE_ORDER == _LITTLE_ENDIAN)
#else
#error "tvm-ffi: cannot determine the byte order of this target; build with CMake"
#endif

/*! \brief 1 when host words already have the serialized byte order. */
#define TVM_FFI_IO_NO_ENDIAN_SWAP (TVM_FFI_LITTLE_ENDIAN == TVM_FFI_IO_USE_LITTLE_ENDIAN)

namespace tvm {
namespace ffi {

/*!
 * \brief Reverses the bytes of each of `num_elems` elements of `elem_bytes` bytes, in place.
 * \param data The first element.
 * \param elem_bytes Size of one element; pass a constant so the loop can be unrolled.
 * \param num_elems Number of elements.
 */
inline void ByteSwap(void* data, size_t elem_bytes, size_t num_elems) {
  auto* bytes = static_cast<uint8_t*>(data);
  for (size_t e = 0; e < num_elems; ++e, bytes += elem_bytes) {
    for (size_t lo = 0, hi = elem_bytes; lo + 1 < hi; ++lo) {
      --hi;
      uint8_t tmp = bytes[lo];
      bytes[lo] = bytes[hi];
      bytes[hi] = tmp;
    }
  }
}

}  // namespace ffi
}  // namespace tvm

#endif  // TVM_FFI_ENDIAN_H_
