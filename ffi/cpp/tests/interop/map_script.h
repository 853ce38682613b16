// ffi/cpp/tests/interop/map_script.h: the keys and the edit script that map_module.cc and
// map_host.cc both run, so the host can compare the two resulting hash tables byte for byte.
// Uses only Any and String, so it compiles with our headers and with the reference's.
#ifndef TVM_FFI_CPP_TESTS_INTEROP_MAP_SCRIPT_H_
#define TVM_FFI_CPP_TESTS_INTEROP_MAP_SCRIPT_H_

#include <tvm/ffi/any.h>
#include <tvm/ffi/string.h>

#include <cstdint>
#include <string>

namespace map_script {

// Key of entry i for a key kind: 0 int, 1 short string (small form), 2 long
// string (heap form), 3 mixed (int, short, long in turn).
inline tvm::ffi::Any KeyOf(int64_t kind, int64_t i) {
  using tvm::ffi::Any;
  using tvm::ffi::String;
  switch (kind) {
    case 0:
      return Any(i * 7 - 3);
    case 1:
      return Any(String("k" + std::to_string(i % 100000)));
    case 2:
      return Any(String("a-much-longer-key-number-" + std::to_string(i)));
    default:
      return KeyOf(i % 3, i);
  }
}

// Insert n keys, update every 5th (in a dense table that moves it to the end),
// erase every 3rd, insert n/2 more.
template <typename MapRef>
void RunScript(MapRef* m, int64_t kind, int64_t n, bool with_edits) {
  using tvm::ffi::Any;
  for (int64_t i = 0; i < n; ++i) m->Set(KeyOf(kind, i), Any(i));
  if (!with_edits) return;
  for (int64_t i = 0; i < n; i += 5) m->Set(KeyOf(kind, i), Any(-i));
  for (int64_t i = 0; i < n; i += 3) m->erase(KeyOf(kind, i));
  for (int64_t i = n; i < n + n / 2; ++i) m->Set(KeyOf(kind, i), Any(i));
}

// Keys (and int values) in iteration order, as text: "s:<str>" / "i:<int>" / "o:<type key>",
// then "=<value>" when the value is an int, each entry followed by ",".
template <typename MapRef>
std::string Describe(const MapRef& m) {
  using tvm::ffi::String;
  std::string out;
  for (auto kv : m) {
    if (auto s = kv.first.template as<String>()) {
      out += "s:" + std::string(*s);
    } else if (auto i = kv.first.template as<int64_t>()) {
      out += "i:" + std::to_string(*i);
    } else {
      out += "o:" + kv.first.GetTypeKey();
    }
    if (auto v = kv.second.template as<int64_t>()) out += "=" + std::to_string(*v);
    out += ",";
  }
  return out;
}

}  // namespace map_script

#endif  // TVM_FFI_CPP_TESTS_INTEROP_MAP_SCRIPT_H_
