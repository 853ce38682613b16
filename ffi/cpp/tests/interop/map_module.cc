// ffi/cpp/tests/interop/map_module.cc: a module that builds, reads and mutates Maps and Dicts inline; compiles against our C++ headers or the reference's.
//
// Loaded by map_host.cc, which runs on our runtime and our headers. Everything
// here is inlined from whichever headers the module was built with, so the host
// sees the other SDK's hash tables and the other SDK sees the host's.
#include <tvm/ffi/container/dict.h>
#include <tvm/ffi/container/map.h>
#include <tvm/ffi/function.h>
#include <tvm/ffi/string.h>

#include <string>
#include <utility>
#include <vector>

#include "map_script.h"

namespace map_module {

using tvm::ffi::Any;
using tvm::ffi::Dict;
using tvm::ffi::Map;
using tvm::ffi::String;

// The same deterministic keys and script on both sides.
using map_script::KeyOf;
using map_script::RunScript;

Map<Any, Any> MakeMap(int64_t kind, int64_t n, bool with_edits) {
  Map<Any, Any> m;
  RunScript(&m, kind, n, with_edits);
  return m;
}

Dict<Any, Any> MakeDict(int64_t kind, int64_t n, bool with_edits) {
  Dict<Any, Any> d;
  RunScript(&d, kind, n, with_edits);
  return d;
}

// Built from a range in one go (a different growth path from repeated Set).
Map<Any, Any> MakeMapFromRange(int64_t kind, int64_t n) {
  std::vector<std::pair<Any, Any>> pairs;
  for (int64_t i = 0; i < n; ++i) pairs.emplace_back(KeyOf(kind, i), Any(i));
  return Map<Any, Any>(pairs.begin(), pairs.end());
}

Any MapGet(Map<Any, Any> m, Any key) { return m.at(key); }
int64_t MapCount(Map<Any, Any> m, Any key) { return static_cast<int64_t>(m.count(key)); }
Any DictGet(Dict<Any, Any> d, Any key) { return d.at(key); }
int64_t DictCount(Dict<Any, Any> d, Any key) { return static_cast<int64_t>(d.count(key)); }

// Keys (and values) in iteration order, as text.
template <typename MapRef>
String Describe(const MapRef& m) {
  return String(map_script::Describe(m));
}
String MapDescribe(Map<Any, Any> m) { return Describe(m); }
String DictDescribe(Dict<Any, Any> d) { return Describe(d); }

// Copy-on-write: the argument shares the caller's object, so these copy first.
Map<Any, Any> MapWith(Map<Any, Any> m, Any key, Any value) {
  m.Set(key, value);
  return m;
}
Map<Any, Any> MapWithout(Map<Any, Any> m, Any key) {
  m.erase(key);
  return m;
}

// Dict mutation in place, seen by every holder.
void DictSet(Dict<Any, Any> d, Any key, Any value) { d.Set(key, value); }
void DictErase(Dict<Any, Any> d, Any key) { d.erase(key); }
void DictClear(Dict<Any, Any> d) { d.clear(); }
void DictRunScript(Dict<Any, Any> d, int64_t kind, int64_t n) { RunScript(&d, kind, n, true); }

// Holds `value` under `key` in a fresh map of each kind (for object keys and refcounts).
Map<Any, Any> MapOf(Any key, Any value) {
  Map<Any, Any> m;
  m.Set(key, value);
  return m;
}

}  // namespace map_module

TVM_FFI_DLL_EXPORT_TYPED_FUNC(map_make, map_module::MakeMap);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(dict_make, map_module::MakeDict);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(map_make_from_range, map_module::MakeMapFromRange);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(map_get, map_module::MapGet);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(map_count, map_module::MapCount);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(dict_get, map_module::DictGet);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(dict_count, map_module::DictCount);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(map_describe, map_module::MapDescribe);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(dict_describe, map_module::DictDescribe);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(map_with, map_module::MapWith);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(map_without, map_module::MapWithout);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(dict_set, map_module::DictSet);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(dict_erase, map_module::DictErase);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(dict_clear, map_module::DictClear);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(dict_run_script, map_module::DictRunScript);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(map_of, map_module::MapOf);
