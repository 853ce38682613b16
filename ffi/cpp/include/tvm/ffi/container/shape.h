// ffi/cpp/include/tvm/ffi/container/shape.h: ShapeObj (index 69), Shape and ShapeView.
//
// Layout (SPEC SHAPE-LAYOUT): `{TVMFFIObject; TVMFFIShapeCell{data @24, size @32}}`,
// 40 bytes, with the dimensions usually stored inline right after. Shapes are
// immutable.
#ifndef TVM_FFI_CONTAINER_SHAPE_H_
#define TVM_FFI_CONTAINER_SHAPE_H_

#include <tvm/ffi/any.h>
#include <tvm/ffi/container/array.h>
#include <tvm/ffi/error.h>
#include <tvm/ffi/memory.h>
#include <tvm/ffi/object.h>

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <ostream>
#include <type_traits>
#include <utility>
#include <vector>

namespace tvm {
namespace ffi {

/*! \brief A borrowed view of int64 dimensions (shape or strides). */
class ShapeView {
 public:
  ShapeView() { cell_.data = nullptr, cell_.size = 0; }
  ShapeView(const int64_t* data, size_t size) { cell_.data = data, cell_.size = size; }
  ShapeView(std::initializer_list<int64_t> dims) {  // NOLINT(google-explicit-constructor)
    cell_.data = dims.begin(), cell_.size = dims.size();
  }
  ShapeView(const std::vector<int64_t>& dims) {  // NOLINT(google-explicit-constructor)
    cell_.data = dims.data(), cell_.size = dims.size();
  }
  const int64_t* data() const { return cell_.data; }
  size_t size() const { return cell_.size; }
  bool empty() const { return cell_.size == 0; }
  int64_t operator[](size_t i) const { return cell_.data[i]; }
  int64_t at(int64_t i) const {
    if (i < 0 || static_cast<size_t>(i) >= cell_.size) {
      TVM_FFI_THROW(IndexError) << "Index " << i << " out of bounds " << cell_.size;
    }
    return cell_.data[i];
  }
  int64_t front() const { return at(0); }
  int64_t back() const { return at(static_cast<int64_t>(cell_.size) - 1); }
  const int64_t* begin() const { return cell_.data; }
  const int64_t* end() const { return cell_.data + cell_.size; }
  /*! \return The product of the dimensions (1 when empty). */
  int64_t Product() const {
    int64_t p = 1;
    for (int64_t d : *this) p *= d;
    return p;
  }

 private:
  TVMFFIShapeCell cell_;
};

/*! \brief The Shape object; `data` usually points at dims stored right after it. */
class ShapeObj : public Object, public TVMFFIShapeCell {
 public:
  ShapeObj() {
    data = nullptr;
    size = 0;
  }
  /*! \brief Copies `n` dims to the inline storage that follows (make_inplace_array_object). */
  ShapeObj(const int64_t* dims, size_t n) {
    char* tail = reinterpret_cast<char*>(this) + sizeof(ShapeObj);
    auto* inline_dims = reinterpret_cast<int64_t*>(tail);
    std::copy(dims, dims + n, inline_dims);
    data = inline_dims;
    size = n;
  }
  /*! \return A new ShapeObj holding a copy of `n` dims. */
  static ObjectPtr<ShapeObj> Create(const int64_t* dims, size_t n) {
    return make_inplace_array_object<ShapeObj, int64_t>(n, dims, n);
  }

  static constexpr int32_t _type_index = TypeIndex::kTVMFFIShape;
  static constexpr bool _type_final = true;
  static constexpr uint32_t _type_child_slots = 0;
  TVM_FFI_DECLARE_OBJECT_INFO_STATIC(StaticTypeKey::kTVMFFIShape, ShapeObj, Object);
};

static_assert(sizeof(ShapeObj) == 40, "SPEC SHAPE-LAYOUT: ShapeObj is 40 bytes");

class Shape;
template <>
inline constexpr bool use_default_type_traits_v<Shape> = false;

/*! \brief An immutable, never-null tuple of int64 dimensions. */
class Shape : public ObjectRef {
 public:
  using index_type = int64_t;
  using iterator = const int64_t*;
  using const_iterator = const int64_t*;

  /*! \brief The empty shape `()`. */
  Shape() : ObjectRef(ShapeObj::Create(nullptr, 0)) {}
  Shape(std::initializer_list<int64_t> dims)  // NOLINT(google-explicit-constructor)
      : ObjectRef(ShapeObj::Create(dims.begin(), dims.size())) {}
  Shape(const std::vector<int64_t>& dims)  // NOLINT(google-explicit-constructor)
      : ObjectRef(ShapeObj::Create(dims.data(), dims.size())) {}
  Shape(ShapeView view)  // NOLINT(google-explicit-constructor)
      : ObjectRef(ShapeObj::Create(view.data(), view.size())) {}
  Shape(const Array<int64_t>& dims)  // NOLINT(google-explicit-constructor)
      : Shape(dims.begin(), dims.end()) {}
  template <typename IterType, typename = std::enable_if_t<!std::is_integral_v<IterType>>>
  Shape(IterType first, IterType last) {
    std::vector<int64_t> dims;
    for (; first != last; ++first) dims.push_back(static_cast<int64_t>(*first));
    data_ = ShapeObj::Create(dims.data(), dims.size());
  }
  explicit Shape(ObjectPtr<Object> n) : ObjectRef(std::move(n)) {}
  explicit Shape(UnsafeInit tag) : ObjectRef(tag) {}
  Shape(const Shape&) = default;
  Shape(Shape&&) noexcept = default;
  Shape& operator=(const Shape&) = default;
  Shape& operator=(Shape&&) noexcept = default;

  /*! \return A compact row-major strides shape for `shape`. */
  static Shape StridesFromShape(ShapeView shape) {
    std::vector<int64_t> strides(shape.size());
    int64_t acc = 1;
    for (size_t i = shape.size(); i > 0; --i) {
      strides[i - 1] = acc;
      acc *= shape[i - 1];
    }
    return Shape(strides);
  }

  const ShapeObj* get() const { return static_cast<const ShapeObj*>(data_.get()); }
  const ShapeObj* operator->() const { return get(); }
  const int64_t* data() const { return get() == nullptr ? nullptr : get()->data; }
  size_t size() const { return get() == nullptr ? 0 : get()->size; }
  size_t ndim() const { return size(); }
  bool empty() const { return size() == 0; }
  int64_t operator[](size_t i) const { return at(static_cast<int64_t>(i)); }
  int64_t at(int64_t i) const { return ShapeView(data(), size()).at(i); }
  int64_t front() const { return at(0); }
  int64_t back() const { return at(static_cast<int64_t>(size()) - 1); }
  const int64_t* begin() const { return data(); }
  const int64_t* end() const { return data() + size(); }
  int64_t Product() const { return ShapeView(data(), size()).Product(); }
  operator ShapeView() const { return ShapeView(data(), size()); }  // NOLINT(*)
  std::vector<int64_t> to_vector() const { return std::vector<int64_t>(begin(), end()); }

  using ContainerType = ShapeObj;
  static constexpr bool _type_is_nullable = false;
};

inline std::ostream& operator<<(std::ostream& os, ShapeView shape) {
  os << '[';
  for (size_t i = 0; i < shape.size(); ++i) os << (i == 0 ? "" : ", ") << shape[i];
  return os << ']';
}

/*! \brief Shape travels as itself; an Array of ints converts to a new Shape. */
template <>
struct TypeTraits<Shape> : public ObjectRefWithFallbackTraitsBase<Shape, Array<int64_t>> {
  static constexpr int32_t field_static_type_index = TypeIndex::kTVMFFIShape;
  TVM_FFI_INLINE static Shape ConvertFallbackValue(Array<int64_t> src) { return Shape(src); }
};

}  // namespace ffi
}  // namespace tvm

#endif  // TVM_FFI_CONTAINER_SHAPE_H_
