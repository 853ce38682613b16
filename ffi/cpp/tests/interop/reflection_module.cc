// ffi/cpp/tests/interop/reflection_module.cc: a module that reflects a class with ObjectDef and
// registers globals with GlobalDef. Built against the reference headers (and ours) and loaded by
// reflection_host.cc into a process running our runtime.
#include <tvm/ffi/any.h>
#include <tvm/ffi/function.h>
#include <tvm/ffi/memory.h>
#include <tvm/ffi/object.h>
#include <tvm/ffi/reflection/registry.h>
#include <tvm/ffi/string.h>

namespace reflection_interop {

namespace ffi = ::tvm::ffi;
namespace refl = ::tvm::ffi::reflection;

class PointObj : public ffi::Object {
 public:
  int64_t x = 0;
  double y = 0.5;
  ffi::String name;
  int64_t Add(int64_t d) const { return x + d; }
  static constexpr bool _type_mutable = true;
  TVM_FFI_DECLARE_OBJECT_INFO("refl_interop.Point", PointObj, ffi::Object);
};

class PairObj : public ffi::Object {
 public:
  int64_t a;
  int64_t b;
  PairObj(int64_t a_, int64_t b_) : a(a_), b(b_) {}
  int64_t Sum() const { return a + b; }
  TVM_FFI_DECLARE_OBJECT_INFO_FINAL("refl_interop.Pair", PairObj, ffi::Object);
};

TVM_FFI_STATIC_INIT_BLOCK() {
  refl::ObjectDef<PointObj>()
      .def_rw("x", &PointObj::x, "x coordinate", refl::default_value(int64_t{3}))
      .def_ro("y", &PointObj::y, refl::default_value(0.5))
      .def_rw("name", &PointObj::name, refl::default_value(ffi::String("pt")))
      .def("add", &PointObj::Add, "adds to x");
  refl::ObjectDef<PairObj>()
      .def_ro("a", &PairObj::a)
      .def_ro("b", &PairObj::b)
      .def(refl::init<int64_t, int64_t>())
      .def("sum", &PairObj::Sum);
  refl::GlobalDef()
      .def("refl_interop.make_point",
           [](int64_t x, ffi::String name) {
             ffi::ObjectPtr<PointObj> p = ffi::make_object<PointObj>();
             p->x = x;
             p->name = name;
             return ffi::ObjectRef(p);
           },
           "makes a point")
      .def("refl_interop.point_x", [](const PointObj* p) { return p->x; });
}

}  // namespace reflection_interop
