// ffi/c/src/structural_hash.cc: tvm::ffi::StructuralHash (SPEC §13.9, STRUCT-HASH-*).
//
// Hashes exactly what structural_equal.cc compares, in the same order, so structurally equal
// values hash equally. Where equality binds a free variable or a DAG node to its counterpart,
// the hash numbers it by order of first appearance instead, which two equal values share.
// Mappings hash their entries in key-hash order, so insertion order does not matter.
#include <tvm/ffi/any.h>
#include <tvm/ffi/any_hash.h>
#include <tvm/ffi/base_detail.h>
#include <tvm/ffi/c_api.h>
#include <tvm/ffi/container/array.h>
#include <tvm/ffi/container/dict.h>
#include <tvm/ffi/container/list.h>
#include <tvm/ffi/container/map.h>
#include <tvm/ffi/container/shape.h>
#include <tvm/ffi/container/tensor.h>
#include <tvm/ffi/error.h>
#include <tvm/ffi/extra/structural_hash.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "structural_internal.h"

namespace tvm_ffi_rt {
namespace structural {
namespace {

using ::tvm::ffi::Any;
using ::tvm::ffi::Array;
using ::tvm::ffi::Dict;
using ::tvm::ffi::List;
using ::tvm::ffi::Map;
using ::tvm::ffi::Object;
using ::tvm::ffi::detail::StableHashBytes;
using ::tvm::ffi::detail::StableHashCombine;

constexpr const char* kCaller = "ffi.StructuralHash";

// Tags that keep the hashes of different forms apart.
constexpr uint64_t kBoundTag = 0x5f3759df8badf00dULL;     // a bound variable or seen DAG node
constexpr uint64_t kUnboundVarTag = 0x7a3d2c1b00ff00ffULL;  // a variable equal only to itself

class Hasher {
 public:
  Hasher(bool map_free_vars, bool skip_tensor_content)
      : map_free_vars_(map_free_vars), skip_tensor_content_(skip_tensor_content) {}

  uint64_t Hash(const Any& v) {
    CheckDepth(++depth_, kCaller);
    uint64_t h = HashByCategory(v);
    --depth_;
    return h;
  }

 private:
  uint64_t HashByCategory(const Any& v) {
    int32_t t = NormalizedTypeIndex(v.type_index());
    uint64_t seed = static_cast<uint64_t>(t);
    switch (CategoryOf(t)) {
      case Category::kScalar:
        return StableHashCombine(seed,
                                 ::tvm::ffi::detail::AnyUnsafe::TVMFFIAnyPtrFromAny(v)->v_uint64);
      case Category::kString:
      case Category::kBytes: {
        TVMFFIByteArray text = TextOf(v);
        return StableHashCombine(seed, StableHashBytes(text.data, text.size));
      }
      case Category::kSequence:
        return t == kTVMFFIArray ? HashSequence(seed, v.cast<Array<Any>>())
                                 : HashSequence(seed, v.cast<List<Any>>());
      case Category::kMapping:
        return t == kTVMFFIMap ? HashMapping(seed, v.cast<Map<Any, Any>>())
                               : HashMapping(seed, v.cast<Dict<Any, Any>>());
      case Category::kShape: {
        uint64_t h = seed;
        for (int64_t dim : v.cast<::tvm::ffi::Shape>()) h = StableHashCombine(h, dim);
        return h;
      }
      case Category::kTensor:
        return HashTensor(seed, *v.cast<::tvm::ffi::Tensor>().GetDLTensorPtr());
      case Category::kObject:
        return HashObject(t, ObjectOf(v));
    }
    return seed;
  }

  template <typename Seq>
  uint64_t HashSequence(uint64_t h, const Seq& seq) {
    h = StableHashCombine(h, seq.size());
    for (const Any& item : seq) h = StableHashCombine(h, Hash(item));
    return h;
  }

  // Entries are hashed in key-hash order, not insertion order: equal mappings built in
  // different orders then number the variables in their values alike. Summing the entry
  // hashes keeps the result independent of the order of keys whose hashes tie.
  template <typename Mapping>
  uint64_t HashMapping(uint64_t seed, const Mapping& m) {
    std::vector<std::pair<uint64_t, Any>> entries;
    entries.reserve(m.size());
    for (const auto& kv : m) entries.emplace_back(HashKey(kv.first), kv.second);
    std::stable_sort(entries.begin(), entries.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    uint64_t sum = 0;
    for (const auto& [key_hash, value] : entries) sum += StableHashCombine(key_hash, Hash(value));
    return StableHashCombine(StableHashCombine(seed, m.size()), sum);
  }

  // Equality looks a key up by its bound counterpart or by the key itself (identity for
  // objects), so a key hashes by its number if bound and as a container key otherwise.
  uint64_t HashKey(const Any& key) {
    if (key.type_index() >= kTVMFFIStaticObjectBegin) {
      if (auto it = numbers_.find(ObjectOf(key)); it != numbers_.end()) {
        return StableHashCombine(kBoundTag, it->second);
      }
    }
    return ::tvm::ffi::AnyHash()(key);
  }

  uint64_t HashTensor(uint64_t h, const DLTensor& t) {
    h = StableHashCombine(h, t.ndim);
    h = StableHashCombine(h, (uint64_t{t.dtype.code} << 24) | (uint64_t{t.dtype.bits} << 16) |
                                 t.dtype.lanes);
    h = StableHashCombine(h, (static_cast<uint64_t>(t.device.device_type) << 32) |
                                 static_cast<uint32_t>(t.device.device_id));
    for (int i = 0; i < t.ndim; ++i) h = StableHashCombine(h, t.shape[i]);
    if (skip_tensor_content_) return h;
    std::string content = TensorContent(t, kCaller);
    return StableHashCombine(h, StableHashBytes(content.data(), content.size()));
  }

  uint64_t HashObject(int32_t type_index, const Object* obj) {
    uint64_t seed = static_cast<uint64_t>(type_index);
    switch (KindOf(type_index, kCaller)) {
      case kTVMFFISEqHashKindUniqueInstance:
        // Equal only to itself; any function of the type is consistent with that.
        return seed;
      case kTVMFFISEqHashKindFreeVar:
        return HashVar(seed, obj);
      case kTVMFFISEqHashKindDAGNode: {
        if (auto it = numbers_.find(obj); it != numbers_.end()) {
          return StableHashCombine(kBoundTag, it->second);
        }
        uint64_t h = HashFields(seed, type_index, obj);
        Number(obj);
        return h;
      }
      default:
        return HashFields(seed, type_index, obj);
    }
  }

  uint64_t HashVar(uint64_t seed, const Object* var) {
    if (auto it = numbers_.find(var); it != numbers_.end()) {
      return StableHashCombine(kBoundTag, it->second);
    }
    if (defining_ || map_free_vars_) return StableHashCombine(kBoundTag, Number(var));
    return StableHashCombine(StableHashCombine(seed, kUnboundVarTag),
                             reinterpret_cast<uintptr_t>(var));
  }

  uint64_t Number(const Object* obj) {
    uint64_t n = numbers_.size();
    numbers_.emplace(obj, n);
    return n;
  }

  uint64_t HashFields(uint64_t h, int32_t type_index, const Object* obj) {
    ::tvm::ffi::reflection::ForEachFieldInfo(
        TVMFFIGetTypeInfo(type_index), [&](const TVMFFIFieldInfo* field) {
          if (Ignored(field)) return;
          bool saved = defining_;
          defining_ = defining_ || DefinesVars(field);
          h = StableHashCombine(h, Hash(FieldValue(obj, field)));
          defining_ = saved;
        });
    return h;
  }

  bool map_free_vars_;
  bool skip_tensor_content_;
  bool defining_ = false;
  int depth_ = 0;
  // Bound variables and seen DAG nodes, numbered by first appearance.
  std::unordered_map<const Object*, uint64_t> numbers_;
};

}  // namespace
}  // namespace structural
}  // namespace tvm_ffi_rt

namespace tvm {
namespace ffi {

uint64_t StructuralHash::Hash(const Any& value, bool map_free_vars, bool skip_tensor_content) {
  uint64_t h = tvm_ffi_rt::structural::Hasher(map_free_vars, skip_tensor_content).Hash(value);
  // The combine step mixes weakly; a final avalanche (splitmix64's) spreads every input bit
  // over the whole result, so that hash tables keyed by the low bits stay balanced.
  h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ULL;
  h = (h ^ (h >> 27)) * 0x94d049bb133111ebULL;
  return h ^ (h >> 31);
}

}  // namespace ffi
}  // namespace tvm
