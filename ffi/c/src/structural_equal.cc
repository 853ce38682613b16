// ffi/c/src/structural_equal.cc: tvm::ffi::StructuralEqual (SPEC §13.9, STRUCT-EQ-*).
//
// One recursive walk over both values at once. Free variables and DAG nodes met on the left
// are bound to their counterparts on the right (in both directions, so the binding is
// one-to-one); a later meeting must agree with the binding. While tracking, the walk keeps the
// steps from the root, so that the first difference can be reported as a pair of AccessPaths.
#include <tvm/ffi/any.h>
#include <tvm/ffi/c_api.h>
#include <tvm/ffi/container/array.h>
#include <tvm/ffi/container/dict.h>
#include <tvm/ffi/container/list.h>
#include <tvm/ffi/container/map.h>
#include <tvm/ffi/container/shape.h>
#include <tvm/ffi/container/tensor.h>
#include <tvm/ffi/error.h>
#include <tvm/ffi/extra/structural_equal.h>
#include <tvm/ffi/optional.h>
#include <tvm/ffi/reflection/access_path.h>
#include <tvm/ffi/string.h>

#include <algorithm>
#include <cstring>
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
using ::tvm::ffi::ObjectRef;
using ::tvm::ffi::Optional;
using ::tvm::ffi::String;
using ::tvm::ffi::reflection::AccessKind;
using ::tvm::ffi::reflection::AccessPath;
using ::tvm::ffi::reflection::AccessPathPair;
using ::tvm::ffi::reflection::AccessStep;

constexpr const char* kCaller = "ffi.StructuralEqual";

class Equalizer {
 public:
  Equalizer(bool map_free_vars, bool skip_tensor_content, bool track_path)
      : map_free_vars_(map_free_vars),
        skip_tensor_content_(skip_tensor_content),
        track_path_(track_path) {}

  bool Equal(const Any& lhs, const Any& rhs) { return CompareAny(lhs, rhs); }

  /*! \brief The paths of the first difference found (set once Equal returned false). */
  Optional<AccessPathPair> mismatch() const { return mismatch_; }

 private:
  struct StepPair {
    AccessKind lhs_kind;
    Any lhs_key;
    AccessKind rhs_kind;
    Any rhs_key;
  };

  // Pushes a step pair for the duration of a nested comparison (a no-op unless tracking).
  class Step {
   public:
    Step(Equalizer* self, AccessKind lk, Any lkey, AccessKind rk, Any rkey) : self_(self) {
      if (self_->track_path_) {
        self_->path_.push_back({lk, std::move(lkey), rk, std::move(rkey)});
      }
    }
    ~Step() {
      if (self_->track_path_) self_->path_.pop_back();
    }
    Step(const Step&) = delete;
    Step& operator=(const Step&) = delete;

   private:
    Equalizer* self_;
  };

  // Records the current position as the first difference; always returns false.
  bool Fail() {
    if (track_path_ && !mismatch_.has_value()) {
      AccessPath lhs = AccessPath::Root();
      AccessPath rhs = AccessPath::Root();
      for (const StepPair& s : path_) {
        lhs = lhs.Extend(AccessStep(s.lhs_kind, s.lhs_key));
        rhs = rhs.Extend(AccessStep(s.rhs_kind, s.rhs_key));
      }
      mismatch_ = AccessPathPair(lhs, rhs);
    }
    return false;
  }

  bool CompareAny(const Any& lhs, const Any& rhs) {
    int32_t t = NormalizedTypeIndex(lhs.type_index());
    if (t != NormalizedTypeIndex(rhs.type_index())) return Fail();
    CheckDepth(++depth_, kCaller);
    bool equal = CompareSameType(t, lhs, rhs);
    --depth_;
    return equal;
  }

  // Only the containers and objects recurse; everything else is a leaf, compared out of line
  // so that the frames on the recursion path stay small.
  bool CompareSameType(int32_t t, const Any& lhs, const Any& rhs) {
    switch (CategoryOf(t)) {
      case Category::kSequence:
        return t == kTVMFFIArray ? CompareSequence(lhs.cast<Array<Any>>(), rhs.cast<Array<Any>>())
                                 : CompareSequence(lhs.cast<List<Any>>(), rhs.cast<List<Any>>());
      case Category::kMapping:
        return t == kTVMFFIMap ? CompareMapping(lhs.cast<Map<Any, Any>>(), rhs.cast<Map<Any, Any>>())
                               : CompareMapping(lhs.cast<Dict<Any, Any>>(), rhs.cast<Dict<Any, Any>>());
      case Category::kObject:
        return CompareObject(t, ObjectOf(lhs), ObjectOf(rhs));
      default:
        return CompareLeaf(t, lhs, rhs) || Fail();
    }
  }

  __attribute__((noinline)) bool CompareLeaf(int32_t t, const Any& lhs, const Any& rhs) {
    switch (CategoryOf(t)) {
      case Category::kString:
      case Category::kBytes: {
        TVMFFIByteArray l = TextOf(lhs);
        TVMFFIByteArray r = TextOf(rhs);
        return l.size == r.size && std::memcmp(l.data, r.data, l.size) == 0;
      }
      case Category::kShape: {
        ::tvm::ffi::Shape l = lhs.cast<::tvm::ffi::Shape>();
        ::tvm::ffi::Shape r = rhs.cast<::tvm::ffi::Shape>();
        return l.size() == r.size() && std::equal(l.begin(), l.end(), r.begin());
      }
      case Category::kTensor:
        return TensorsEqual(*lhs.cast<::tvm::ffi::Tensor>().GetDLTensorPtr(),
                            *rhs.cast<::tvm::ffi::Tensor>().GetDLTensorPtr());
      default:  // scalars
        return ::tvm::ffi::detail::AnyUnsafe::TVMFFIAnyPtrFromAny(lhs)->v_uint64 ==
               ::tvm::ffi::detail::AnyUnsafe::TVMFFIAnyPtrFromAny(rhs)->v_uint64;
    }
  }

  template <typename Seq>
  bool CompareSequence(const Seq& lhs, const Seq& rhs) {
    int64_t n = std::min<int64_t>(lhs.size(), rhs.size());
    for (int64_t i = 0; i < n; ++i) {
      Step step(this, AccessKind::kArrayItem, i, AccessKind::kArrayItem, i);
      if (!CompareAny(lhs[i], rhs[i])) return false;
    }
    if (lhs.size() == rhs.size()) return true;
    bool lhs_longer = static_cast<int64_t>(lhs.size()) > n;
    Step step(this, lhs_longer ? AccessKind::kArrayItem : AccessKind::kArrayItemMissing, n,
              lhs_longer ? AccessKind::kArrayItemMissing : AccessKind::kArrayItem, n);
    return Fail();
  }

  // The key under which `key` (a key of one side) is expected on the other side: the bound
  // counterpart of a free variable or DAG node, or the key itself.
  static Any Counterpart(const Any& key, const std::unordered_map<const Object*, const Object*>& map) {
    if (key.type_index() < kTVMFFIStaticObjectBegin) return key;
    auto it = map.find(ObjectOf(key));
    if (it == map.end()) return key;
    return Any(::tvm::ffi::GetRef<ObjectRef>(it->second));
  }

  template <typename Mapping>
  bool CompareMapping(const Mapping& lhs, const Mapping& rhs) {
    for (const auto& kv : lhs) {
      Any rhs_key = Counterpart(kv.first, forward_);
      auto it = rhs.find(rhs_key);
      if (it == rhs.end()) {
        Step step(this, AccessKind::kMapItem, kv.first, AccessKind::kMapItemMissing, kv.first);
        return Fail();
      }
      Step step(this, AccessKind::kMapItem, kv.first, AccessKind::kMapItem, rhs_key);
      if (!CompareAny(kv.second, (*it).second)) return false;
    }
    if (lhs.size() == rhs.size()) return true;
    // Every left key has its counterpart on the right, so some right key has none on the left.
    for (const auto& kv : rhs) {
      if (lhs.find(Counterpart(kv.first, backward_)) == lhs.end()) {
        Step step(this, AccessKind::kMapItemMissing, kv.first, AccessKind::kMapItem, kv.first);
        return Fail();
      }
    }
    return Fail();
  }

  bool TensorsEqual(const DLTensor& lhs, const DLTensor& rhs) {
    bool same_meta = lhs.ndim == rhs.ndim && lhs.dtype.code == rhs.dtype.code &&
                     lhs.dtype.bits == rhs.dtype.bits && lhs.dtype.lanes == rhs.dtype.lanes &&
                     lhs.device.device_type == rhs.device.device_type &&
                     lhs.device.device_id == rhs.device.device_id &&
                     std::equal(lhs.shape, lhs.shape + lhs.ndim, rhs.shape);
    if (!same_meta) return false;
    return skip_tensor_content_ || TensorContent(lhs, kCaller) == TensorContent(rhs, kCaller);
  }

  bool CompareObject(int32_t type_index, const Object* lhs, const Object* rhs) {
    switch (KindOf(type_index, kCaller)) {
      case kTVMFFISEqHashKindUniqueInstance:
        return lhs == rhs || Fail();
      case kTVMFFISEqHashKindConstTreeNode:
        // Holds no free variables, so one object is always equal to itself.
        return lhs == rhs || CompareFields(type_index, lhs, rhs);
      case kTVMFFISEqHashKindFreeVar:
        return CompareVar(lhs, rhs);
      case kTVMFFISEqHashKindDAGNode:
        return CompareDAGNode(type_index, lhs, rhs);
      default:
        return CompareFields(type_index, lhs, rhs);
    }
  }

  // A variable equals the one it is bound to. An unbound one is bound where variables are
  // being defined (or everywhere under map_free_vars), and is otherwise equal only to itself.
  bool CompareVar(const Object* lhs, const Object* rhs) {
    if (auto it = forward_.find(lhs); it != forward_.end()) return it->second == rhs || Fail();
    if (backward_.count(rhs) != 0) return Fail();
    if (defining_ || map_free_vars_) {
      Bind(lhs, rhs);
      return true;
    }
    return lhs == rhs || Fail();
  }

  // A DAG node's sharing is part of the structure: each left node matches one right node.
  bool CompareDAGNode(int32_t type_index, const Object* lhs, const Object* rhs) {
    if (auto it = forward_.find(lhs); it != forward_.end()) return it->second == rhs || Fail();
    if (backward_.count(rhs) != 0) return Fail();
    if (!CompareFields(type_index, lhs, rhs)) return false;
    Bind(lhs, rhs);
    return true;
  }

  void Bind(const Object* lhs, const Object* rhs) {
    forward_[lhs] = rhs;
    backward_[rhs] = lhs;
  }

  bool CompareFields(int32_t type_index, const Object* lhs, const Object* rhs) {
    const TVMFFITypeInfo* info = TVMFFIGetTypeInfo(type_index);
    bool differ = ::tvm::ffi::reflection::ForEachFieldInfoWithEarlyStop(
        info, [&](const TVMFFIFieldInfo* field) {
          if (Ignored(field)) return false;
          Any name = track_path_ ? Any(String(field->name.data, field->name.size)) : Any();
          Step step(this, AccessKind::kAttr, name, AccessKind::kAttr, name);
          bool saved = defining_;
          defining_ = defining_ || DefinesVars(field);
          bool equal = CompareAny(FieldValue(lhs, field), FieldValue(rhs, field));
          defining_ = saved;
          return !equal;
        });
    return !differ;
  }

  bool map_free_vars_;
  bool skip_tensor_content_;
  bool track_path_;
  bool defining_ = false;
  int depth_ = 0;
  std::unordered_map<const Object*, const Object*> forward_;
  std::unordered_map<const Object*, const Object*> backward_;
  std::vector<StepPair> path_;
  Optional<AccessPathPair> mismatch_;
};

}  // namespace
}  // namespace structural
}  // namespace tvm_ffi_rt

namespace tvm {
namespace ffi {

bool StructuralEqual::Equal(const Any& lhs, const Any& rhs, bool map_free_vars,
                            bool skip_tensor_content) {
  return tvm_ffi_rt::structural::Equalizer(map_free_vars, skip_tensor_content, false)
      .Equal(lhs, rhs);
}

Optional<reflection::AccessPathPair> StructuralEqual::GetFirstMismatch(const Any& lhs,
                                                                      const Any& rhs,
                                                                      bool map_free_vars,
                                                                      bool skip_tensor_content) {
  tvm_ffi_rt::structural::Equalizer eq(map_free_vars, skip_tensor_content, true);
  if (eq.Equal(lhs, rhs)) return std::nullopt;
  return eq.mismatch();
}

}  // namespace ffi
}  // namespace tvm
