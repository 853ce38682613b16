// benchmarks/nanobind_nop/nb_bench.cc: nanobind callees for benchmarks/python_call.py.
#include <nanobind/nanobind.h>

#include <cstdint>

NB_MODULE(nb_bench, m) {
  m.def("nop", []() {});
  m.def("add_one", [](int64_t x) { return x + 1; });
}
