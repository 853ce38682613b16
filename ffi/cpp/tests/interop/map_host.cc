// ffi/cpp/tests/interop/map_host.cc: checks that Maps and Dicts cross between our headers and map_module (built with either SDK's headers).
//
// Usage: map_host <map_module.so>. The host uses our headers; the runtime is the
// libtvm_ffi.so the dynamic linker finds (ctest sets LD_LIBRARY_PATH). Both
// sides run the same insert/update/erase scripts, and the host compares the two
// resulting hash tables byte for byte, then looks up, iterates and mutates each
// side's objects from the other side. Prints FAIL and exits 1 on a failed check.
#include <dlfcn.h>
#include <tvm/ffi/container/dict.h>
#include <tvm/ffi/container/map.h>
#include <tvm/ffi/function.h>
#include <tvm/ffi/string.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "../map_test_support.h"
#include "host_open.h"
#include "map_script.h"

using namespace tvm::ffi;  // NOLINT(build/namespaces)

namespace {

int failures = 0;
int checks = 0;
void Check(bool ok, const std::string& what) {
  ++checks;
  if (!ok) {
    std::printf("  FAIL %s\n", what.c_str());
    ++failures;
  }
}

// The same keys and script as map_module.cc.
using map_script::Describe;
using map_script::KeyOf;
using map_script::RunScript;
using maptest::ItemAt;
using maptest::kSmallTag;
using maptest::MetaAt;
using maptest::Raw;
using maptest::RawMap;


bool KeyEqual(const TVMFFIAny* a, const TVMFFIAny* b) {
  return AnyEqual()(Any(AnyView::CopyFromTVMFFIAny(*a)), Any(AnyView::CopyFromTVMFFIAny(*b)));
}

// SPEC: MAP-SMALL, MAP-DENSE-BLOCK, MAP-DENSE-META, MAP-FIB-HASH, MAP-DENSE-PROBE, MAP-ITER-ORDER
// Both tables must be identical: same layout tag, capacity, Fibonacci shift,
// metadata bytes, chain links and insertion-order links, equal keys per slot.
bool SameTable(const ObjectRef& a, const ObjectRef& b) {
  const RawMap* x = Raw(a);
  const RawMap* y = Raw(b);
  if (x->size != y->size || x->slots != y->slots) return false;
  if (x->slots & kSmallTag) {
    const TVMFFIAny* ex = reinterpret_cast<const TVMFFIAny*>(x->data);
    const TVMFFIAny* ey = reinterpret_cast<const TVMFFIAny*>(y->data);
    for (uint64_t i = 0; i < x->size; ++i) {
      if (!KeyEqual(&ex[2 * i], &ey[2 * i])) return false;
    }
    return true;
  }
  if (x->fib_shift != y->fib_shift || x->iter_head != y->iter_head ||
      x->iter_tail != y->iter_tail || (uint64_t{1} << (64 - x->fib_shift)) != x->slots) {
    return false;
  }
  for (uint64_t s = 0; s < x->slots; ++s) {
    uint8_t meta = MetaAt(x, s);
    if (meta != MetaAt(y, s)) return false;
    if (meta == 0xFF || meta == 0xFE) continue;
    const TVMFFIAny* ix = ItemAt(x, s);
    const TVMFFIAny* iy = ItemAt(y, s);
    if (!KeyEqual(ix, iy)) return false;
    if (std::memcmp(ix + 2, iy + 2, 16) != 0) return false;  // prev, next
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  int exit_code = 0;
  void* lib = host_open::OpenModuleArg(argc, argv, "map_host <map_module.so>", &exit_code);
  if (lib == nullptr) return exit_code;
  auto fn = [&](const char* name) {
    std::string sym = std::string("__tvm_ffi_") + name;
    auto* f = reinterpret_cast<TVMFFISafeCallType>(dlsym(lib, sym.c_str()));
    if (f == nullptr) {
      std::printf("FAIL missing %s\n", sym.c_str());
      std::exit(1);
    }
    return Function::FromExternC(nullptr, f, nullptr);
  };
  Function map_make = fn("map_make"), dict_make = fn("dict_make");
  Function map_make_from_range = fn("map_make_from_range");
  Function map_get = fn("map_get"), map_count = fn("map_count");
  Function dict_get = fn("dict_get"), dict_count = fn("dict_count");
  Function map_describe = fn("map_describe"), dict_describe = fn("dict_describe");
  Function map_with = fn("map_with"), map_without = fn("map_without");
  Function dict_set = fn("dict_set"), dict_erase = fn("dict_erase");
  Function dict_clear = fn("dict_clear"), dict_run_script = fn("dict_run_script");
  Function map_of = fn("map_of");

  try {
    // SPEC: MAP-LAYOUT, MAP-HASH-AGREEMENT
    // The same script gives the same table on both sides, and each side finds
    // every key of the other side's table.
    const int64_t sizes[] = {0, 1, 2, 3, 4, 5, 16, 100, 10000};
    for (int64_t kind = 0; kind < 4; ++kind) {
      for (int64_t n : sizes) {
        for (bool edits : {false, true}) {
          std::string tag = "kind " + std::to_string(kind) + " n " + std::to_string(n) +
                            (edits ? " edited" : "");
          Map<Any, Any> theirs = map_make(kind, n, edits).cast<Map<Any, Any>>();
          Map<Any, Any> ours;
          RunScript(&ours, kind, n, edits);
          Check(theirs.size() == ours.size(), tag + ": map sizes agree");
          Check(SameTable(theirs, ours), tag + ": map tables are identical");
          std::string desc = Describe(ours);
          Check(Describe(theirs) == desc, tag + ": our iteration of their map");
          Check(map_describe(ours).cast<String>() == desc, tag + ": their iteration of our map");
          bool found_all = true;
          bool count_all = true;
          int64_t step = n > 1000 ? 7 : 1;
          for (int64_t i = 0; i < n + n / 2 + 2; i += step) {
            Any key = KeyOf(kind, i);
            size_t expect = ours.count(key);
            if (theirs.count(key) != expect) found_all = false;
            if (map_count(ours, key).cast<int64_t>() != static_cast<int64_t>(expect)) {
              count_all = false;
            }
            if (expect == 1 && !(map_get(ours, key).cast<int64_t>() ==
                                 theirs.at(key).cast<int64_t>())) {
              found_all = false;
            }
          }
          Check(found_all, tag + ": our lookups on their map");
          Check(count_all, tag + ": their lookups on our map");

          Dict<Any, Any> their_dict = dict_make(kind, n, edits).cast<Dict<Any, Any>>();
          Dict<Any, Any> our_dict;
          RunScript(&our_dict, kind, n, edits);
          Check(SameTable(their_dict, our_dict), tag + ": dict tables are identical");
          Check(dict_describe(our_dict).cast<String>() == Describe(their_dict),
                tag + ": dict iteration agrees");
        }
        // SPEC: MAP-FIB-HASH
        Map<Any, Any> ranged = map_make_from_range(kind, n).cast<Map<Any, Any>>();
        std::vector<std::pair<Any, Any>> pairs;
        for (int64_t i = 0; i < n; ++i) pairs.emplace_back(KeyOf(kind, i), Any(i));
        Map<Any, Any> ours_ranged(pairs.begin(), pairs.end());
        Check(SameTable(ranged, ours_ranged),
              "kind " + std::to_string(kind) + " n " + std::to_string(n) +
                  ": range-built tables are identical");
      }
    }

    // A missing key is a KeyError on both sides.
    try {
      map_get(Map<Any, Any>{{Any(1), Any(2)}}, Any(3));
      Check(false, "their lookup of a missing key raises");
    } catch (const Error& e) {
      Check(e.kind() == "KeyError", "their lookup of a missing key raises KeyError");
    }

    // Copy-on-write: their Set/erase on our map leaves ours untouched, and ours on theirs.
    {
      Map<Any, Any> ours;
      RunScript(&ours, 3, 50, false);
      std::string before = Describe(ours);
      Map<Any, Any> changed = map_with(ours, Any(String("new-key")), Any(1)).cast<Map<Any, Any>>();
      Map<Any, Any> smaller = map_without(ours, KeyOf(3, 7)).cast<Map<Any, Any>>();
      Check(Describe(ours) == before, "their Set/erase copies our shared map (COW)");
      Check(changed.size() == 51 && changed.count(Any(String("new-key"))) == 1,
            "their copy has the new key");
      Check(smaller.size() == 49 && smaller.count(KeyOf(3, 7)) == 0, "their copy lost the key");
      Map<Any, Any> theirs = map_make(int64_t{1}, int64_t{4}, false).cast<Map<Any, Any>>();
      Map<Any, Any> alias = theirs;
      theirs.Set(Any(String("fifth")), Any(5));  // copies: alias shares it
      Check(alias.size() == 4 && theirs.size() == 5, "our Set copies their shared map (COW)");
      Map<Any, Any> unique = map_make(int64_t{1}, int64_t{4}, false).cast<Map<Any, Any>>();
      for (int64_t i = 100; i < 140; ++i) unique.Set(Any(i), Any(i));  // small -> dense, ours
      Check(unique.size() == 44 && map_count(unique, Any(int64_t{139})).cast<int64_t>() == 1,
            "our growth of their unique map");
    }

    // SPEC: MAP-DESTROY
    // A Dict is shared: the module grows our Dict in place (small -> dense with
    // its own storage inside our object), and we grow theirs.
    for (int64_t kind = 0; kind < 4; ++kind) {
      Dict<Any, Any> ours;
      Dict<Any, Any> alias = ours;
      dict_run_script(ours, kind, int64_t{300});
      Dict<Any, Any> expected;
      RunScript(&expected, kind, 300, true);
      Check(alias.same_as(ours) && SameTable(alias, expected),
            "kind " + std::to_string(kind) + ": their mutation of our dict is in place");
      for (int64_t i = 1000; i < 1100; ++i) ours.Set(KeyOf(kind, i), Any(i));
      Check(dict_describe(alias).cast<String>() == Describe(ours),
            "kind " + std::to_string(kind) + ": they see our later Sets");
      dict_erase(ours, KeyOf(kind, 1000));
      Check(alias.count(KeyOf(kind, 1000)) == 0, "their erase is visible to us");
      dict_clear(alias);
      Check(ours.size() == 0, "their clear is visible to us");

      Dict<Any, Any> theirs = dict_make(kind, int64_t{2}, false).cast<Dict<Any, Any>>();
      for (int64_t i = 0; i < 500; ++i) theirs.Set(KeyOf(kind, i), Any(i * 2));
      bool all = true;
      for (int64_t i = 0; i < 500; i += 13) {
        if (dict_get(theirs, KeyOf(kind, i)).cast<int64_t>() != i * 2) all = false;
      }
      Check(all && dict_count(theirs, KeyOf(kind, 499)).cast<int64_t>() == 1,
            "kind " + std::to_string(kind) + ": they read our in-place growth of their dict");
      Dict<Any, Any> small_theirs = dict_make(kind, int64_t{1}, false).cast<Dict<Any, Any>>();
      dict_set(small_theirs, KeyOf(kind, 50), Any(int64_t{50}));
      small_theirs.Set(KeyOf(kind, 51), Any(int64_t{51}));  // our small -> small growth
      dict_set(small_theirs, KeyOf(kind, 52), Any(int64_t{52}));
      dict_set(small_theirs, KeyOf(kind, 53), Any(int64_t{53}));  // their small -> dense
      Check(small_theirs.size() == 5 && small_theirs.at(KeyOf(kind, 51)).cast<int64_t>() == 51,
            "kind " + std::to_string(kind) + ": alternating growth of one dict");
    }

    // Object keys hash by identity on both sides; every reference is returned.
    {
      Function key_obj = Function::FromTyped([](int x) { return x; });
      ObjectRef value_obj = Function::FromTyped([]() {});
      int base_key = key_obj.use_count();
      int base_value = value_obj.use_count();
      {
        Map<Any, Any> theirs = map_of(key_obj, value_obj).cast<Map<Any, Any>>();
        Check(theirs.count(key_obj) == 1 && theirs.at(key_obj).same_as(value_obj),
              "our lookup of an object key in their map");
        Map<Any, Any> ours{{Any(key_obj), Any(value_obj)}};
        Check(map_count(ours, key_obj).cast<int64_t>() == 1,
              "their lookup of an object key in our map");
        Check(map_count(ours, Function::FromTyped([](int x) { return x; })).cast<int64_t>() == 0,
              "a different object is a different key");
        Dict<Any, Any> d;
        for (int64_t i = 0; i < 40; ++i) dict_set(d, Any(i), value_obj);
        dict_set(d, key_obj, value_obj);
        dict_erase(d, Any(int64_t{3}));
      }
      Check(key_obj.use_count() == base_key && value_obj.use_count() == base_value,
            "reference counts are balanced after the maps die");
    }
  } catch (const Error& e) {
    std::printf("FAIL unexpected error: %s\n", e.FullMessage().c_str());
    return 1;
  }
  std::printf("%d checks, %d failed\n", checks, failures);
  return failures == 0 ? 0 : 1;
}
