// docs/snippets/cpp/reflected_object.cc: defining a reflected object (docs/cpp.md).
#include <tvm/ffi/function.h>
#include <tvm/ffi/memory.h>
#include <tvm/ffi/object.h>
#include <tvm/ffi/reflection/registry.h>
#include <tvm/ffi/string.h>

#include <cstdint>
#include <utility>

namespace snippets {

// [object-begin]
// The object: a C++ class deriving from Object, with a unique type key.
class PointObj : public tvm::ffi::Object {
 public:
  int64_t x = 0;
  int64_t y = 0;
  tvm::ffi::String label;

  PointObj() = default;
  PointObj(int64_t x, int64_t y, tvm::ffi::String label)
      : x(x), y(y), label(std::move(label)) {}

  int64_t Norm1() const { return (x < 0 ? -x : x) + (y < 0 ? -y : y); }

  TVM_FFI_DECLARE_OBJECT_INFO_FINAL("snippets.Point", PointObj, tvm::ffi::Object);
};

// The reference: what C++ code passes around (reference counted, nullable).
class Point : public tvm::ffi::ObjectRef {
 public:
  Point(int64_t x, int64_t y, tvm::ffi::String label)
      : ObjectRef(tvm::ffi::make_object<PointObj>(x, y, std::move(label))) {}
  TVM_FFI_DEFINE_OBJECT_REF_METHODS_NULLABLE(Point, tvm::ffi::ObjectRef, PointObj);
};

// The reflection: fields, methods and the constructor that other languages see.
TVM_FFI_STATIC_INIT_BLOCK() {
  namespace refl = tvm::ffi::reflection;
  refl::ObjectDef<PointObj>()
      .def_ro("x", &PointObj::x, "read-only from other languages")
      .def_rw("y", &PointObj::y, "readable and writable")
      .def_rw("label", &PointObj::label, refl::default_(tvm::ffi::String("origin")))
      .def("norm1", &PointObj::Norm1, "|x| + |y|")
      .def(refl::init<int64_t, int64_t, tvm::ffi::String>());
}
// [object-end]

// [object-use-begin]
int64_t SumOfNorms(const Point& a, const Point& b) { return a->Norm1() + b->Norm1(); }
TVM_FFI_DLL_EXPORT_TYPED_FUNC(sum_of_norms, SumOfNorms);
// [object-use-end]

}  // namespace snippets
