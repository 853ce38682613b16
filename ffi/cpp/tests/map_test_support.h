// ffi/cpp/tests/map_test_support.h: what the Map/Dict tests share: type aliases and a
// read-only view of the SPEC §13.3 header and dense blocks, read straight from memory, for
// the checks of the layout byte for byte (test_map.cc, test_dict.cc, interop/map_host.cc).
#ifndef TVM_FFI_CPP_TESTS_MAP_TEST_SUPPORT_H_
#define TVM_FFI_CPP_TESTS_MAP_TEST_SUPPORT_H_

#include <tvm/ffi/c_api.h>
#include <tvm/ffi/container/dict.h>
#include <tvm/ffi/container/map.h>
#include <tvm/ffi/object.h>
#include <tvm/ffi/string.h>

#include <cstdint>

namespace maptest {

// Aliases keep template commas out of the test macros.
using MapSI = tvm::ffi::Map<tvm::ffi::String, int64_t>;
using MapSD = tvm::ffi::Map<tvm::ffi::String, double>;
using MapII = tvm::ffi::Map<int64_t, int64_t>;
using MapAA = tvm::ffi::Map<tvm::ffi::Any, tvm::ffi::Any>;
using DictSI = tvm::ffi::Dict<tvm::ffi::String, int64_t>;
using DictII = tvm::ffi::Dict<int64_t, int64_t>;
using DictAA = tvm::ffi::Dict<tvm::ffi::Any, tvm::ffi::Any>;

// SPEC MAP-LAYOUT: the header both Map and Dict objects start with.
struct RawMap {
  TVMFFIObject header;
  uint8_t* data;
  uint64_t size;
  uint64_t slots;
  void (*data_deleter)(void*);
  uint32_t fib_shift;  // dense only from here on
  uint64_t iter_head;
  uint64_t iter_tail;
};
// Bit 63 of `slots` marks the small layout (MAP-SMALL).
constexpr uint64_t kSmallTag = uint64_t{1} << 63;
// A dense block is 16 metadata bytes and 16 items of 48 bytes (MAP-DENSE-BLOCK).
constexpr uint64_t kBlockBytes = 16 + 16 * 48;

inline const RawMap* Raw(const tvm::ffi::ObjectRef& m) {
  return reinterpret_cast<const RawMap*>(m.get());
}
// The metadata byte of dense slot `slot`.
inline uint8_t MetaAt(const RawMap* m, uint64_t slot) {
  return m->data[(slot / 16) * kBlockBytes + slot % 16];
}
// The item {key, value, prev, next} of dense slot `slot`.
inline const TVMFFIAny* ItemAt(const RawMap* m, uint64_t slot) {
  return reinterpret_cast<const TVMFFIAny*>(m->data + (slot / 16) * kBlockBytes + 16 +
                                            (slot % 16) * 48);
}

}  // namespace maptest

#endif  // TVM_FFI_CPP_TESTS_MAP_TEST_SUPPORT_H_
