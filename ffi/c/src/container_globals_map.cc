// ffi/c/src/container_globals_map.cc: the `ffi.Map*` / `ffi.Dict*` soft-ABI globals.
//
// The reference Python and Rust bindings build and read maps only through these
// globals (SPEC CALL-GLOBAL-SOFT-ABI), with the reference argument conventions:
//   ffi.Map(k0, v0, k1, v1, ...)          ffi.Dict(k0, v0, ...)
//   ffi.MapSize(m) -> int                 ffi.DictSize(d) -> int
//   ffi.MapGetItem(m, k) -> Any           KeyError when absent
//   ffi.MapCount(m, k) -> int             0 or 1
//   ffi.MapGetItemOrMissing(m, k)         the value, or the ffi.GetInvalidObject() sentinel
//                                         (registered by reflection_globals.cc, not here)
//   ffi.MapForwardIterFunctor(m) -> f     f(0) key, f(1) value, f(2) advance -> bool (not at end)
//   ffi.DictSetItem(d, k, v), ffi.DictErase(d, k), ffi.DictClear(d)   mutate in place
// Both constructors insert pairs one by one, so duplicate keys keep the last value
// and the layout matches the reference's for every size.
#include <tvm/ffi/container/dict.h>
#include <tvm/ffi/container/map.h>
#include <tvm/ffi/function.h>

#include <memory>
#include <optional>
#include <string>
#include <utility>

namespace tvm_ffi_rt {
namespace {

using ::tvm::ffi::Any;
using ::tvm::ffi::AnyView;
using ::tvm::ffi::Dict;
using ::tvm::ffi::DictObj;
using ::tvm::ffi::Function;
using ::tvm::ffi::Map;
using ::tvm::ffi::MapBaseObj;
using ::tvm::ffi::MapObj;
using ::tvm::ffi::ObjectRef;
using ::tvm::ffi::PackedArgs;

// ---- MISSING sentinel -----------------------------------------------------------------------

void sentinel_deleter(void*, int) {}

// Used only when no `ffi.GetInvalidObject` is registered: a static object whose
// deleter does nothing, so unbalanced reference counts from any party are harmless.
TVMFFIObject g_fallback_missing = {/*combined_ref_count=*/1 | (uint64_t{1} << 32),
                                   /*type_index=*/kTVMFFIObject,
                                   /*__padding=*/0,
                                   /*deleter=*/{sentinel_deleter}};

// The MISSING sentinel is whatever `ffi.GetInvalidObject` returns (the reflection
// globals own it), looked up once; the reference taken here is kept forever.
TVMFFIObject* missing_object() {
  static TVMFFIObject* const sentinel = []() -> TVMFFIObject* {
    std::optional<Function> get = Function::GetGlobal("ffi.GetInvalidObject");
    if (!get.has_value()) return &g_fallback_missing;
    Any value = (*get)();
    if (value.type_index() < kTVMFFIStaticObjectBegin) return &g_fallback_missing;
    return ::tvm::ffi::detail::AnyUnsafe::MoveAnyToTVMFFIAny(std::move(value)).v_obj;
  }();
  return sentinel;
}

void write_missing(Any* rv) {
  TVMFFIAny view;
  view.type_index = missing_object()->type_index;
  view.zero_padding = 0;
  view.v_int64 = 0;
  view.v_obj = missing_object();
  *rv = AnyView::CopyFromTVMFFIAny(view);  // takes a reference
}

// ---- shared helpers -------------------------------------------------------------------------

/*! \brief A new strong reference to an object received as a borrowed pointer. */
::tvm::ffi::ObjectPtr<::tvm::ffi::Object> unowned(const ::tvm::ffi::Object* obj) {
  return ::tvm::ffi::detail::ObjectUnsafe::ObjectPtrFromUnowned<::tvm::ffi::Object>(
      const_cast<::tvm::ffi::Object*>(obj));
}

template <typename MapRef>
MapRef build_from_pairs(PackedArgs args, const char* name) {
  if (args.size() % 2 != 0) {
    TVM_FFI_THROW(ValueError) << name << " expects alternating keys and values, got "
                              << args.size() << " arguments";
  }
  MapRef result;
  for (int i = 0; i < args.size(); i += 2) result.Set(Any(args[i]), Any(args[i + 1]));
  return result;
}

/*!
 * \brief The state of a forward-iteration functor: the map (kept alive) and the
 *        current position.
 */
struct ForwardIter {
  ObjectRef owner;
  const MapBaseObj* map;
  MapBaseObj::iterator it;

  Any Call(int64_t cmd, const char* name) {
    if (cmd == 2) {
      if (it != map->end()) ++it;
      return Any(it != map->end());
    }
    if (cmd != 0 && cmd != 1) {
      TVM_FFI_THROW(ValueError) << name << ": unknown command " << cmd
                                << " (0 = key, 1 = value, 2 = advance)";
    }
    if (it == map->end()) TVM_FFI_THROW(IndexError) << name << ": the iterator is at the end";
    return cmd == 0 ? it->first : it->second;
  }
};

Function make_forward_iter(ObjectRef owner, const MapBaseObj* map, const char* name) {
  auto state = std::make_shared<ForwardIter>(ForwardIter{std::move(owner), map, map->begin()});
  return Function::FromTyped([state, name](int64_t cmd) -> Any { return state->Call(cmd, name); });
}

template <typename F>
void def(const char* name, F&& f) {
  Function fn = Function::FromTyped(std::forward<F>(f), name);
  TVMFFIByteArray key{name, std::char_traits<char>::length(name)};
  TVMFFIFunctionSetGlobal(&key, ::tvm::ffi::detail::ObjectUnsafe::TVMFFIObjectPtrFromObjectRef(fn),
                          1);
}

template <typename F>
void def_packed(const char* name, F&& f) {
  Function fn = Function::FromPacked(std::forward<F>(f));
  TVMFFIByteArray key{name, std::char_traits<char>::length(name)};
  TVMFFIFunctionSetGlobal(&key, ::tvm::ffi::detail::ObjectUnsafe::TVMFFIObjectPtrFromObjectRef(fn),
                          1);
}

/*! \brief Registers the read-only globals of one container kind ("Map" or "Dict"). */
template <typename TObj, typename Ref>
void register_reads(const std::string& kind) {
  static const std::string size = "ffi." + kind + "Size";
  static const std::string get = "ffi." + kind + "GetItem";
  static const std::string count = "ffi." + kind + "Count";
  static const std::string get_or_missing = "ffi." + kind + "GetItemOrMissing";
  static const std::string iter = "ffi." + kind + "ForwardIterFunctor";
  def(size.c_str(), [](const TObj* m) -> int64_t { return static_cast<int64_t>(m->size()); });
  def(get.c_str(), [](const TObj* m, Any key) -> Any { return m->at(key); });
  def(count.c_str(),
      [](const TObj* m, Any key) -> int64_t { return static_cast<int64_t>(m->count(key)); });
  def_packed(get_or_missing.c_str(), [](PackedArgs args, Any* rv) {
    if (args.size() != 2) {
      TVM_FFI_THROW(TypeError) << get_or_missing << " expects 2 arguments, got " << args.size();
    }
    std::optional<const TObj*> m = args[0].as<const TObj*>();
    if (!m.has_value()) {
      TVM_FFI_THROW(TypeError) << get_or_missing << ": argument #0 must be " << TObj::_type_key
                               << ", got " << args[0].GetTypeKey();
    }
    auto it = (*m)->find(Any(args[1]));
    if (it == (*m)->end()) {
      write_missing(rv);
    } else {
      *rv = it->second;
    }
  });
  def(iter.c_str(), [](const TObj* m) -> Function {
    return make_forward_iter(Ref(unowned(m)), m, iter.c_str());
  });
}

__attribute__((constructor)) void register_map_globals() {
  try {
    def_packed("ffi.Map", [](PackedArgs args, Any* rv) {
      *rv = build_from_pairs<Map<Any, Any>>(args, "ffi.Map");
    });
    def_packed("ffi.Dict", [](PackedArgs args, Any* rv) {
      *rv = build_from_pairs<Dict<Any, Any>>(args, "ffi.Dict");
    });
    register_reads<MapObj, Map<Any, Any>>("Map");
    register_reads<DictObj, Dict<Any, Any>>("Dict");
    // A Map argument is refused, not converted: mutating a converted copy would be lost.
    def("ffi.DictSetItem", [](const DictObj* d, Any key, Any value) {
      Dict<Any, Any>(unowned(d)).Set(key, value);
    });
    def("ffi.DictErase", [](const DictObj* d, Any key) { Dict<Any, Any>(unowned(d)).erase(key); });
    def("ffi.DictClear", [](const DictObj* d) { Dict<Any, Any>(unowned(d)).clear(); });
  } catch (...) {
    // Out of memory while loading: the C API still works without these.
  }
}

}  // namespace
}  // namespace tvm_ffi_rt
