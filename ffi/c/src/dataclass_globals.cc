// ffi/c/src/dataclass_globals.cc: the dataclass globals of the soft ABI (SPEC §5.6).
//
//   ffi.DeepCopy(value)                    a copy that shares nothing mutable with `value`
//   ffi.RecursiveEq(a, b)                  field-by-field equality
//   ffi.RecursiveLt/Le/Gt/Ge(a, b)         field-by-field lexicographic ordering
//   ffi.RecursiveHash(value)               a hash consistent with RecursiveEq
//
// The reference Python binding resolves these names while it defines every reflected class
// (`__deepcopy__`, `__eq__`, `__lt__`, `__hash__`), so it cannot even import without them.
// Reflected objects are walked through their registered fields (ancestors first); containers
// element by element. Hash values are not the reference's numbers: only their consistency with
// RecursiveEq within one process is specified.
#include <tvm/ffi/any.h>
#include <tvm/ffi/c_api.h>
#include <tvm/ffi/container/array.h>
#include <tvm/ffi/container/dict.h>
#include <tvm/ffi/container/list.h>
#include <tvm/ffi/container/map.h>
#include <tvm/ffi/container/shape.h>
#include <tvm/ffi/error.h>
#include <tvm/ffi/extra/dataclass.h>
#include <tvm/ffi/function.h>
#include <tvm/ffi/reflection/accessor.h>
#include <tvm/ffi/reflection/registry.h>
#include <tvm/ffi/string.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace tvm_ffi_rt {

namespace {

using ::tvm::ffi::Any;
using ::tvm::ffi::AnyView;
using ::tvm::ffi::Array;
using ::tvm::ffi::Dict;
using ::tvm::ffi::Function;
using ::tvm::ffi::List;
using ::tvm::ffi::Map;
using ::tvm::ffi::Object;
using ::tvm::ffi::ObjectRef;
using ::tvm::ffi::PackedArgs;
namespace refl = ::tvm::ffi::reflection;

bool is_str(int32_t t) { return t == kTVMFFIStr || t == kTVMFFISmallStr; }
bool is_bytes(int32_t t) { return t == kTVMFFIBytes || t == kTVMFFISmallBytes; }
bool is_sequence(int32_t t) { return t == kTVMFFIArray || t == kTVMFFIList; }
bool is_mapping(int32_t t) { return t == kTVMFFIMap || t == kTVMFFIDict; }

// Small and heap forms of a string (or bytes) are one kind for comparison purposes.
int32_t kind_of(const Any& v) {
  int32_t t = v.type_index();
  if (t == kTVMFFISmallStr) return kTVMFFIStr;
  if (t == kTVMFFISmallBytes) return kTVMFFIBytes;
  return t;
}

// A copy: `as<String>()` returns a temporary, so a view into it would dangle.
std::string text_of(const Any& v) {
  if (is_str(v.type_index())) return std::string(*v.as<::tvm::ffi::String>());
  ::tvm::ffi::Bytes b = *v.as<::tvm::ffi::Bytes>();
  return std::string(b.data(), b.size());
}

const TVMFFITypeInfo* type_info_of(const Any& v) { return TVMFFIGetTypeInfo(v.type_index()); }

const Object* object_of(const Any& v) {
  return static_cast<const Object*>(v.as<ObjectRef>()->get());
}

void* field_addr(const Object* obj, const TVMFFIFieldInfo* field) {
  return reinterpret_cast<char*>(const_cast<TVMFFIObject*>(
             ::tvm::ffi::detail::ObjectUnsafe::GetHeader(obj))) +
         field->offset;
}

// The entry of `column` for the type of `v`, as a Function, if there is one.
std::optional<Function> type_hook(const refl::TypeAttrColumn& column, const Any& v) {
  AnyView entry = column[v.type_index()];
  if (entry.type_index() != kTVMFFIFunction) return std::nullopt;
  return entry.cast<Function>();
}

// ---- DeepCopy -------------------------------------------------------------------------------

class DeepCopier {
 public:
  Any Copy(const Any& v) {
    int32_t t = v.type_index();
    // Values, strings, bytes and immutable builtins (Shape) are shared, not copied.
    if (t < kTVMFFIStaticObjectBegin || is_str(t) || is_bytes(t) || t == kTVMFFIShape) return v;
    const Object* obj = object_of(v);
    if (auto it = memo_.find(obj); it != memo_.end()) return it->second;
    const TVMFFITypeInfo* info = type_info_of(v);
    // Enum-like singletons must stay unique.
    if (info != nullptr && info->metadata != nullptr &&
        info->metadata->structural_eq_hash_kind == kTVMFFISEqHashKindUniqueInstance) {
      return v;
    }
    if (t == kTVMFFIArray) return Remember(obj, CopySequence<Array<Any>>(v));
    if (t == kTVMFFIList) return CopyList(obj, v);
    if (t == kTVMFFIMap) return Remember(obj, CopyMap<Map<Any, Any>>(v));
    if (t == kTVMFFIDict) return CopyDict(obj, v);
    return CopyReflected(obj, v, info);
  }

 private:
  Any Remember(const Object* original, Any copy) {
    memo_.emplace(original, copy);
    return copy;
  }

  template <typename Seq>
  Any CopySequence(const Any& v) {
    std::vector<Any> items;
    for (const Any& item : v.cast<Seq>()) items.push_back(Copy(item));
    return Any(Seq(items.begin(), items.end()));
  }

  // Mutable containers may contain themselves: remember the copy before filling it.
  Any CopyList(const Object* obj, const Any& v) {
    List<Any> out;
    Remember(obj, Any(out));
    for (const Any& item : v.cast<List<Any>>()) out.push_back(Copy(item));
    return Any(out);
  }

  template <typename M>
  Any CopyMap(const Any& v) {
    M out;
    for (const auto& kv : v.cast<M>()) out.Set(kv.first, Copy(kv.second));
    return Any(out);
  }

  Any CopyDict(const Object* obj, const Any& v) {
    Dict<Any, Any> out;
    Remember(obj, Any(out));
    for (const auto& kv : v.cast<Dict<Any, Any>>()) out.Set(kv.first, Copy(kv.second));
    return Any(out);
  }

  Any CopyReflected(const Object* obj, const Any& v, const TVMFFITypeInfo* info) {
    static const refl::TypeAttrColumn shallow_copy(refl::type_attr::kShallowCopy);
    std::optional<Function> copy_fn = type_hook(shallow_copy, v);
    if (!copy_fn) {
      TVM_FFI_THROW(TypeError) << "ffi.DeepCopy: cannot deep copy an object of type `"
                               << v.GetTypeKey() << "`: it has no `__ffi_shallow_copy__` "
                               << "(the C++ type is not copy-constructible)";
    }
    Any copy = (*copy_fn)(v);
    Remember(obj, copy);
    const Object* target = object_of(copy);
    refl::ForEachFieldInfo(info, [&](const TVMFFIFieldInfo* field) {
      Any value = refl::FieldGetter(field)(target);
      if (value.type_index() < kTVMFFIStaticObjectBegin) return;
      Any copied = Copy(value);
      TVMFFIAny raw = AnyView(copied).CopyToTVMFFIAny();
      TVM_FFI_CHECK_SAFE_CALL(refl::CallFieldSetter(field, field_addr(target, field), &raw));
    });
    return copy;
  }

  std::unordered_map<const Object*, Any> memo_;
};

// ---- Recursive comparison -------------------------------------------------------------------

// Three-way result of comparing two values; `ordered` is false when they are equal-or-not only
// (Map/Dict), so ordering them is an error.
struct Cmp {
  int sign;
  bool ordered;
};

template <typename T>
int three_way(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

class Comparer {
 public:
  // eq_only: only equality is asked for, so values of different kinds are simply unequal.
  explicit Comparer(bool eq_only) : eq_only_(eq_only) {}

  Cmp Compare(const Any& a, const Any& b) {
    int32_t ka = kind_of(a);
    int32_t kb = kind_of(b);
    if (ka == kTVMFFINone || kb == kTVMFFINone) {
      return {three_way(ka != kTVMFFINone, kb != kTVMFFINone), true};
    }
    if (ka != kb) {
      if (eq_only_) return {1, true};
      TVM_FFI_THROW(TypeError) << "Cannot compare values of different types: " << a.GetTypeKey()
                               << " vs " << b.GetTypeKey();
    }
    switch (ka) {
      case kTVMFFIInt:
      case kTVMFFIBool:
        return {three_way(AnyView(a).CopyToTVMFFIAny().v_int64,
                          AnyView(b).CopyToTVMFFIAny().v_int64),
                true};
      case kTVMFFIFloat:
        return {CompareFloat(a.cast<double>(), b.cast<double>()), true};
      case kTVMFFIStr:
      case kTVMFFIBytes:
        return {three_way(text_of(a), text_of(b)), true};
      default:
        break;
    }
    if (ka < kTVMFFIStaticObjectBegin) {
      // Other POD values (pointers, dtypes, devices) compare by their bytes.
      TVMFFIAny ra = AnyView(a).CopyToTVMFFIAny();
      TVMFFIAny rb = AnyView(b).CopyToTVMFFIAny();
      return {three_way(ra.v_uint64, rb.v_uint64), true};
    }
    if (object_of(a) == object_of(b)) return {0, true};
    if (is_sequence(ka)) return CompareSequences(a, b);
    if (ka == kTVMFFIShape) {
      return CompareShapes(a.cast<::tvm::ffi::Shape>(), b.cast<::tvm::ffi::Shape>());
    }
    if (is_mapping(ka)) return CompareMappings(a, b);
    return CompareReflected(a, b);
  }

 private:
  // NaN equals NaN here, so that an object always equals itself.
  static int CompareFloat(double x, double y) {
    if (std::isnan(x) || std::isnan(y)) {
      return std::isnan(x) == std::isnan(y) ? 0 : (std::isnan(x) ? 1 : -1);
    }
    return three_way(x, y);
  }

  Cmp CompareSequences(const Any& a, const Any& b) {
    const auto* sa = reinterpret_cast<const TVMFFISeqCell*>(
        reinterpret_cast<const char*>(::tvm::ffi::detail::ObjectUnsafe::GetHeader(object_of(a))) +
        sizeof(TVMFFIObject));
    const auto* sb = reinterpret_cast<const TVMFFISeqCell*>(
        reinterpret_cast<const char*>(::tvm::ffi::detail::ObjectUnsafe::GetHeader(object_of(b))) +
        sizeof(TVMFFIObject));
    const Any* ia = static_cast<const Any*>(sa->data);
    const Any* ib = static_cast<const Any*>(sb->data);
    int64_t n = std::min(sa->size, sb->size);
    for (int64_t i = 0; i < n; ++i) {
      Cmp c = Compare(ia[i], ib[i]);
      if (c.sign != 0 || !c.ordered) return c;
    }
    return {three_way(sa->size, sb->size), true};
  }

  // Shapes are values: they compare as their dimensions.
  static Cmp CompareShapes(const ::tvm::ffi::Shape& a, const ::tvm::ffi::Shape& b) {
    size_t n = std::min(a.size(), b.size());
    for (size_t i = 0; i < n; ++i) {
      if (a[i] != b[i]) return {three_way(a[i], b[i]), true};
    }
    return {three_way(a.size(), b.size()), true};
  }

  Cmp CompareMappings(const Any& a, const Any& b) {
    if (!eq_only_) {
      // Mappings have no order, but equal ones compare equal (as the reference's do), so that
      // containers holding equal mappings still order by their other elements.
      if (Comparer(true).Compare(a, b).sign == 0) return {0, true};
      TVM_FFI_THROW(TypeError) << "Cannot order Map/Dict values";
    }
    bool equal = kind_of(a) == kTVMFFIMap ? MappingsEqual<Map<Any, Any>>(a, b)
                                          : MappingsEqual<Dict<Any, Any>>(a, b);
    return {equal ? 0 : 1, false};
  }

  // Keys are matched as container keys (AnyEqual), values recursively.
  template <typename M>
  bool MappingsEqual(const Any& a, const Any& b) {
    M ma = a.cast<M>();
    M mb = b.cast<M>();
    if (ma.size() != mb.size()) return false;
    for (const auto& kv : ma) {
      std::optional<Any> other = mb.Get(kv.first);
      if (!other || Compare(kv.second, *other).sign != 0) return false;
    }
    return true;
  }

  Cmp CompareReflected(const Any& a, const Any& b) {
    static const refl::TypeAttrColumn eq_hook(refl::type_attr::kEq);
    static const refl::TypeAttrColumn cmp_hook(refl::type_attr::kCompare);
    if (eq_only_) {
      if (std::optional<Function> eq = type_hook(eq_hook, a)) {
        return {(*eq)(a, b).cast<bool>() ? 0 : 1, true};
      }
    }
    if (std::optional<Function> cmp = type_hook(cmp_hook, a)) {
      int64_t r = (*cmp)(a, b).cast<int64_t>();
      return {r < 0 ? -1 : (r > 0 ? 1 : 0), true};
    }
    const TVMFFITypeInfo* info = type_info_of(a);
    if (info == nullptr || !HasFields(info)) {
      // Opaque objects (functions, tensors, modules, ...) are equal only to themselves.
      if (eq_only_) return {1, true};
      TVM_FFI_THROW(TypeError) << "Cannot order objects of type `" << a.GetTypeKey()
                               << "`: it has no reflected fields";
    }
    Cmp result{0, true};
    refl::ForEachFieldInfoWithEarlyStop(info, [&](const TVMFFIFieldInfo* field) {
      if (field->flags & kTVMFFIFieldFlagBitMaskCompareOff) return false;
      refl::FieldGetter get(field);
      result = Compare(get(object_of(a)), get(object_of(b)));
      return result.sign != 0 || !result.ordered;
    });
    return result;
  }

  static bool HasFields(const TVMFFITypeInfo* info) {
    return refl::ForEachFieldInfoWithEarlyStop(info, [](const TVMFFIFieldInfo*) { return true; });
  }

  bool eq_only_;
};

// ---- RecursiveHash --------------------------------------------------------------------------

uint64_t mix(uint64_t seed, uint64_t v) {
  return seed ^ (v + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2));
}

// Hashes exactly what Comparer(eq_only) looks at, so equal values hash equally.
class Hasher {
 public:
  uint64_t Hash(const Any& v) {
    int32_t kind = kind_of(v);
    uint64_t seed = static_cast<uint64_t>(kind);
    if (kind == kTVMFFIStr || kind == kTVMFFIBytes) {
      return mix(seed, std::hash<std::string>()(text_of(v)));
    }
    if (kind == kTVMFFIFloat) {
      double d = v.cast<double>();
      if (std::isnan(d)) return mix(seed, 0x7ff8000000000000ULL);
      if (d == 0.0) d = 0.0;  // -0.0 == 0.0
      uint64_t bits;
      std::memcpy(&bits, &d, sizeof(bits));
      return mix(seed, bits);
    }
    if (kind < kTVMFFIStaticObjectBegin) return mix(seed, AnyView(v).CopyToTVMFFIAny().v_uint64);
    if (is_sequence(kind)) {
      uint64_t h = seed;
      if (kind == kTVMFFIArray) {
        for (const Any& item : v.cast<Array<Any>>()) h = mix(h, Hash(item));
      } else {
        for (const Any& item : v.cast<List<Any>>()) h = mix(h, Hash(item));
      }
      return h;
    }
    if (kind == kTVMFFIShape) {
      uint64_t h = seed;
      for (int64_t dim : v.cast<::tvm::ffi::Shape>()) h = mix(h, static_cast<uint64_t>(dim));
      return h;
    }
    if (is_mapping(kind)) {
      // Order-independent: a sum of per-entry hashes.
      uint64_t sum = 0;
      auto add = [&](const auto& m) {
        for (const auto& kv : m) sum += mix(::tvm::ffi::AnyHash()(kv.first), Hash(kv.second));
      };
      if (kind == kTVMFFIMap) add(v.cast<Map<Any, Any>>()); else add(v.cast<Dict<Any, Any>>());
      return mix(seed, sum);
    }
    return HashReflected(v);
  }

 private:
  uint64_t HashReflected(const Any& v) {
    static const refl::TypeAttrColumn hash_hook(refl::type_attr::kHash);
    static const refl::TypeAttrColumn eq_hook(refl::type_attr::kEq);
    if (std::optional<Function> h = type_hook(hash_hook, v)) {
      return static_cast<uint64_t>((*h)(v).cast<int64_t>());
    }
    if (type_hook(eq_hook, v)) {
      TVM_FFI_THROW(TypeError) << "ffi.RecursiveHash: type `" << v.GetTypeKey()
                               << "` defines `__ffi_eq__` but not `__ffi_hash__`";
    }
    const TVMFFITypeInfo* info = type_info_of(v);
    uint64_t h = static_cast<uint64_t>(v.type_index());
    bool any_field = false;
    if (info != nullptr) {
      refl::ForEachFieldInfo(info, [&](const TVMFFIFieldInfo* field) {
        any_field = true;
        constexpr int64_t kSkip =
            kTVMFFIFieldFlagBitMaskHashOff | kTVMFFIFieldFlagBitMaskCompareOff;
        if (field->flags & kSkip) return;
        h = mix(h, Hash(refl::FieldGetter(field)(object_of(v))));
      });
    }
    // Objects without fields compare by identity, so they hash by identity.
    if (!any_field) h = mix(h, reinterpret_cast<uintptr_t>(object_of(v)));
    return h;
  }
};

// ---- Registration ---------------------------------------------------------------------------

}  // namespace
}  // namespace tvm_ffi_rt

// The exported C++ API (tvm/ffi/extra/dataclass.h); the globals below call these.
namespace tvm {
namespace ffi {

namespace {
// The sign of the lexicographic comparison of a and b (-1, 0, 1).
int order(const Any& a, const Any& b) { return tvm_ffi_rt::Comparer(false).Compare(a, b).sign; }
}  // namespace

Any DeepCopy(const Any& value) { return tvm_ffi_rt::DeepCopier().Copy(value); }
int64_t RecursiveHash(const Any& value) {
  return static_cast<int64_t>(tvm_ffi_rt::Hasher().Hash(value));
}
bool RecursiveEq(const Any& lhs, const Any& rhs) {
  return tvm_ffi_rt::Comparer(true).Compare(lhs, rhs).sign == 0;
}
bool RecursiveLt(const Any& lhs, const Any& rhs) { return order(lhs, rhs) < 0; }
bool RecursiveLe(const Any& lhs, const Any& rhs) { return order(lhs, rhs) <= 0; }
bool RecursiveGt(const Any& lhs, const Any& rhs) { return order(lhs, rhs) > 0; }
bool RecursiveGe(const Any& lhs, const Any& rhs) { return order(lhs, rhs) >= 0; }

}  // namespace ffi
}  // namespace tvm

namespace tvm_ffi_rt {
namespace {

// Registered while libtvm_ffi loads: the reference binding resolves them while it imports.
__attribute__((constructor)) void register_dataclass_globals() {
  namespace ffi = ::tvm::ffi;
  try {
    refl::GlobalDef()
        .def("ffi.DeepCopy", [](Any v) { return ffi::DeepCopy(v); })
        .def("ffi.RecursiveEq", [](Any a, Any b) { return ffi::RecursiveEq(a, b); })
        .def("ffi.RecursiveLt", [](Any a, Any b) { return ffi::RecursiveLt(a, b); })
        .def("ffi.RecursiveLe", [](Any a, Any b) { return ffi::RecursiveLe(a, b); })
        .def("ffi.RecursiveGt", [](Any a, Any b) { return ffi::RecursiveGt(a, b); })
        .def("ffi.RecursiveGe", [](Any a, Any b) { return ffi::RecursiveGe(a, b); })
        .def("ffi.RecursiveHash", [](Any v) { return ffi::RecursiveHash(v); });
  } catch (...) {
    // Out of memory while loading: the C API still works without these.
  }
}

}  // namespace
}  // namespace tvm_ffi_rt
