// ffi/cpp/tests/test_shape.cc: Shape / ShapeView and ShapeObj layout.
#include <tvm/ffi/container/shape.h>

#include <vector>

#include "cpp_test_helpers.h"

namespace {

using namespace tvm::ffi;  // NOLINT(build/namespaces)
using cpptest::ExpectError;

// SPEC: SHAPE-LAYOUT
TEST(Shape, LayoutInlineDims) {
  Shape s{2, 3, 4};
  const char* base = reinterpret_cast<const char*>(s.get());
  EXPECT_EQ(s->type_index(), kTVMFFIShape);
  const TVMFFIShapeCell* cell = TVMFFIShapeGetCellPtr(detail::ObjectUnsafe::TVMFFIObjectPtrFromObjectRef(s));
  EXPECT_EQ(reinterpret_cast<const char*>(cell), base + 24);
  EXPECT_EQ(reinterpret_cast<const char*>(cell->data), base + 40);
  EXPECT_EQ(cell->size, 3u);
  EXPECT_EQ(cell->data[2], 4);
  EXPECT_EQ(s.Product(), 24);
  EXPECT_EQ(Shape().size(), 0u);
  EXPECT_EQ(Shape().Product(), 1);
}

TEST(Shape, Api) {
  Shape s(std::vector<int64_t>{5, 6});
  EXPECT_EQ(s[1], 6);
  EXPECT_EQ(s.back(), 6);
  ExpectError([&] { (void)s.at(2); }, "IndexError", "out of bounds");
  ShapeView v = s;
  EXPECT_EQ(v.size(), 2u);
  EXPECT_EQ(Shape::StridesFromShape(v).to_vector(), (std::vector<int64_t>{6, 1}));
  Any boxed = s;
  EXPECT_EQ(boxed.type_index(), kTVMFFIShape);
  EXPECT_TRUE(boxed.cast<Shape>().same_as(s));
  // An Array of ints converts to a Shape.
  Shape from_array = Any(Array<int64_t>{1, 2}).cast<Shape>();
  EXPECT_EQ(from_array.to_vector(), (std::vector<int64_t>{1, 2}));
  ExpectError([&] { (void)Any(1.5).cast<Shape>(); }, "TypeError", "ffi.Shape");
}

}  // namespace
