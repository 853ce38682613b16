// benchmarks/cpp_call.cc: what a call through tvm::ffi::Function costs from C++.
//
// Prints the median ns/call of each case and its ratio to a direct call, through a function
// pointer the compiler cannot see through, of a non-inlined function with the same arguments:
//
//   Function nop()            a packed no-op Function made in this program
//   TypedFunction add_one(i)  `add_one` exported by another DSO with TVM_FFI_DLL_EXPORT_TYPED_FUNC,
//                             loaded with Module::LoadFromFile, called as TypedFunction
//   Function add3(a, b, c)    a packed 3-argument Function made in this program
//
// The repeats of all cases are interleaved, so that machine noise hits every case alike.
// Nothing is asserted; this is not a test.
//
// Usage: cpp_call <path of cpp_call_module.so> [repeats]
#include <tvm/ffi/any.h>
#include <tvm/ffi/extra/module.h>
#include <tvm/ffi/function.h>
#include <tvm/ffi/string.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

namespace {

using tvm::ffi::Any;
using tvm::ffi::Function;
using tvm::ffi::Module;
using tvm::ffi::PackedArgs;
using tvm::ffi::TypedFunction;

// Baselines: never inlined, and called through volatile pointers so the calls stay calls.
__attribute__((noinline)) void DirectNop() { asm volatile(""); }
__attribute__((noinline)) int64_t DirectAddOne(int64_t x) { return x + 1; }
__attribute__((noinline)) int64_t DirectAdd3(int64_t a, int64_t b, int64_t c) { return a + b + c; }
void (*volatile direct_nop)() = DirectNop;
int64_t (*volatile direct_add_one)(int64_t) = DirectAddOne;
int64_t (*volatile direct_add3)(int64_t, int64_t, int64_t) = DirectAdd3;

// Keeps results alive so that the loops are not removed.
volatile int64_t sink;

struct Case {
  const char* name;
  const char* baseline;  // the Case whose time is the ratio's denominator
  std::function<void(int64_t)> run;  // runs n calls
};

double TimeOnce(const Case& c, int64_t n) {
  auto start = std::chrono::steady_clock::now();
  c.run(n);
  auto stop = std::chrono::steady_clock::now();
  return std::chrono::duration<double, std::nano>(stop - start).count() / static_cast<double>(n);
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s <cpp_call_module.so> [repeats]\n", argv[0]);
    return 2;
  }
  int repeats = argc > 2 ? std::atoi(argv[2]) : 15;
  if (repeats < 1) {
    std::fprintf(stderr, "cpp_call: repeats must be a positive integer, got '%s'\n", argv[2]);
    return 2;
  }

  Function nop = Function::FromPacked([](PackedArgs, Any*) {});
  Function add3 = Function::FromPacked([](PackedArgs args, Any* rv) {
    *rv = args[0].cast<int64_t>() + args[1].cast<int64_t>() + args[2].cast<int64_t>();
  });
  Module mod = Module::LoadFromFile(argv[1]);
  TypedFunction<int64_t(int64_t)> add_one = mod->GetFunction("add_one", false).value();

  std::vector<Case> cases = {
      {"direct nop()", nullptr,
       [](int64_t n) {
         for (int64_t i = 0; i < n; ++i) direct_nop();
       }},
      {"direct add_one(i)", nullptr,
       [](int64_t n) {
         int64_t acc = 0;
         for (int64_t i = 0; i < n; ++i) acc += direct_add_one(i);
         sink = acc;
       }},
      {"direct add3(a, b, c)", nullptr,
       [](int64_t n) {
         int64_t acc = 0;
         for (int64_t i = 0; i < n; ++i) acc += direct_add3(i, 1, 2);
         sink = acc;
       }},
      {"Function nop()", "direct nop()",
       [&](int64_t n) {
         for (int64_t i = 0; i < n; ++i) nop();
       }},
      {"TypedFunction add_one(i), other DSO", "direct add_one(i)",
       [&](int64_t n) {
         int64_t acc = 0;
         for (int64_t i = 0; i < n; ++i) acc += add_one(i);
         sink = acc;
       }},
      {"Function add3(a, b, c), packed", "direct add3(a, b, c)",
       [&](int64_t n) {
         int64_t acc = 0;
         for (int64_t i = 0; i < n; ++i) acc += add3(i, 1, 2).cast<int64_t>();
         sink = acc;
       }},
  };

  // Size each case so one repeat takes about 20 ms, after a warm-up.
  std::vector<int64_t> iters;
  std::vector<std::vector<double>> ns_per_call(cases.size());
  for (Case& c : cases) {
    double ns = TimeOnce(c, 100000);
    iters.push_back(std::max<int64_t>(1000, static_cast<int64_t>(20e6 / std::max(ns, 0.1))));
  }
  for (int r = 0; r < repeats; ++r) {
    for (size_t i = 0; i < cases.size(); ++i) {
      ns_per_call[i].push_back(TimeOnce(cases[i], iters[i]));
    }
  }

  std::printf("%-40s %10s %12s\n", "case", "ns/call", "x direct");
  for (size_t i = 0; i < cases.size(); ++i) {
    double median = Median(ns_per_call[i]);
    if (cases[i].baseline == nullptr) {
      std::printf("%-40s %10.2f %12s\n", cases[i].name, median, "-");
      continue;
    }
    for (size_t b = 0; b < cases.size(); ++b) {
      if (std::string(cases[b].name) == cases[i].baseline) {
        double ratio = median / Median(ns_per_call[b]);
        std::printf("%-40s %10.2f %12.2f\n", cases[i].name, median, ratio);
      }
    }
  }
  std::printf("(median of %d interleaved repeats)\n", repeats);
  return 0;
}
