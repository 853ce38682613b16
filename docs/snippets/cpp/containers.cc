// docs/snippets/cpp/containers.cc: Array, List, Map and Dict (docs/cpp.md).
#include <tvm/ffi/container/array.h>
#include <tvm/ffi/container/dict.h>
#include <tvm/ffi/container/list.h>
#include <tvm/ffi/container/map.h>
#include <tvm/ffi/function.h>
#include <tvm/ffi/string.h>

#include <cstdint>

namespace snippets {

// [containers-begin]
// Array and Map are immutable values with copy-on-write: "changing" one makes a new one when
// it is shared, so callers never see their argument change.
tvm::ffi::Array<int64_t> Doubled(tvm::ffi::Array<int64_t> xs) {
  tvm::ffi::Array<int64_t> out;
  for (int64_t x : xs) out.push_back(2 * x);
  return out;
}

tvm::ffi::Map<tvm::ffi::String, int64_t> CountWords(tvm::ffi::Array<tvm::ffi::String> words) {
  tvm::ffi::Map<tvm::ffi::String, int64_t> counts;
  for (const tvm::ffi::String& w : words) counts.Set(w, counts.Get(w).value_or(0) + 1);
  return counts;
}

// List and Dict are mutable and shared: the caller sees the change.
void AppendSize(tvm::ffi::List<int64_t> xs) { xs.push_back(static_cast<int64_t>(xs.size())); }

void Tally(tvm::ffi::Dict<tvm::ffi::String, int64_t> tally, tvm::ffi::String key) {
  tally.Set(key, tally.Get(key).value_or(0) + 1);
}

TVM_FFI_DLL_EXPORT_TYPED_FUNC(doubled, Doubled);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(count_words, CountWords);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(append_size, AppendSize);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(tally, Tally);
// [containers-end]

}  // namespace snippets
