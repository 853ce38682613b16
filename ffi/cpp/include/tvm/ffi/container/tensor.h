// ffi/cpp/include/tvm/ffi/container/tensor.h: TensorObj (index 70), Tensor and TensorView.
//
// Layout (SPEC TENSOR-LAYOUT): `{TVMFFIObject; DLTensor @24}`, at least 72
// bytes; private state may follow. Strides are always set when ndim > 0
// (SPEC TENSOR-STRIDES). DLPack import/export goes through the runtime's C
// functions, so the managed tensor's ownership follows the runtime's contract
// (SPEC DLPACK-IMPORT-OWNERSHIP, DLPACK-EXPORT).
#ifndef TVM_FFI_CONTAINER_TENSOR_H_
#define TVM_FFI_CONTAINER_TENSOR_H_

#include <dlpack/dlpack.h>
#include <tvm/ffi/any.h>
#include <tvm/ffi/container/shape.h>
#include <tvm/ffi/dtype.h>
#include <tvm/ffi/error.h>
#include <tvm/ffi/memory.h>
#include <tvm/ffi/object.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

namespace tvm {
namespace ffi {

/*! \brief Whether `device` addresses memory directly (data pointers can be offset). */
inline bool IsDirectAddressDevice(const DLDevice& device) {
  switch (device.device_type) {
    case kDLCPU:
    case kDLCUDA:
    case kDLCUDAHost:
    case kDLROCM:
    case kDLROCMHost:
    case kDLCUDAManaged:
      return true;
    default:
      return false;
  }
}

/*!
 * \brief Compact row-major test of SPEC DLPACK-IMPORT-CONTIGUOUS: NULL strides
 *        or any zero extent is contiguous; extent-1 dims are skipped.
 */
inline bool IsContiguous(const DLTensor& arr) {
  if (arr.strides == nullptr) return true;
  for (int i = 0; i < arr.ndim; ++i) {
    if (arr.shape[i] == 0) return true;
  }
  int64_t expected = 1;
  for (int i = arr.ndim - 1; i >= 0; --i) {
    if (arr.shape[i] == 1) continue;
    if (arr.strides[i] != expected) return false;
    expected *= arr.shape[i];
  }
  return true;
}

/*! \brief SPEC DLPACK-IMPORT-ALIGNMENT. */
inline bool IsAligned(const DLTensor& arr, size_t alignment) {
  if (alignment == 0) return true;
  if (IsDirectAddressDevice(arr.device)) {
    return (reinterpret_cast<uintptr_t>(arr.data) + arr.byte_offset) % alignment == 0;
  }
  return arr.byte_offset % alignment == 0;
}

/*! \return Bytes taken by `numel` elements of `dtype` (sub-byte types rounded up). */
inline size_t GetDataSize(size_t numel, DLDataType dtype) {
  return (numel * dtype.bits * dtype.lanes + 7) / 8;
}
/*! \return Bytes of the compact data of `arr`. */
inline size_t GetDataSize(const DLTensor& arr) {
  size_t numel = 1;
  for (int i = 0; i < arr.ndim; ++i) numel *= static_cast<size_t>(arr.shape[i]);
  return GetDataSize(numel, arr.dtype);
}

/*! \brief The Tensor object: a header and a DLTensor. */
class TensorObj : public Object, public DLTensor {
 public:
  TensorObj() {
    data = nullptr;
    device = DLDevice{kDLCPU, 0};
    ndim = 0;
    dtype = DLDataType{0, 0, 0};
    shape = nullptr;
    strides = nullptr;
    byte_offset = 0;
  }
  /*! \return A new managed tensor owning one reference to this (SPEC DLPACK-EXPORT). */
  DLManagedTensor* ToDLPack() const {
    DLManagedTensor* out = nullptr;
    TVM_FFI_CHECK_SAFE_CALL(TVMFFITensorToDLPack(Handle(), &out));
    return out;
  }
  DLManagedTensorVersioned* ToDLPackVersioned() const {
    DLManagedTensorVersioned* out = nullptr;
    TVM_FFI_CHECK_SAFE_CALL(TVMFFITensorToDLPackVersioned(Handle(), &out));
    return out;
  }

  static constexpr int32_t _type_index = TypeIndex::kTVMFFITensor;
  static constexpr bool _type_final = true;
  static constexpr uint32_t _type_child_slots = 0;
  TVM_FFI_DECLARE_OBJECT_INFO_STATIC(StaticTypeKey::kTVMFFITensor, TensorObj, Object);

 protected:
  TVMFFIObjectHandle Handle() const { return detail::ObjectUnsafe::GetHeader(this); }
  /*! \brief Points shape/strides at `2 * ndim` int64 slots that follow `self` inline. */
  void InitInlineShape(size_t object_size, const int64_t* src_shape, const int64_t* src_strides,
                       int32_t n) {
    int64_t* slots = reinterpret_cast<int64_t*>(reinterpret_cast<char*>(this) + object_size);
    ndim = n;
    shape = slots;
    strides = slots + n;
    int64_t acc = 1;
    for (int32_t i = n - 1; i >= 0; --i) {
      slots[i] = src_shape[i];
      strides[i] = src_strides != nullptr ? src_strides[i] : acc;
      acc *= src_shape[i];
    }
    if (n == 0) shape = strides = nullptr;
  }
};

static_assert(sizeof(TensorObj) == 72, "SPEC TENSOR-LAYOUT: TensorObj is 72 bytes");

namespace detail {

/*!
 * \brief A Tensor whose data comes from an NDAlloc: `alloc.AllocData(DLTensor*,
 *        extra...)` fills `data` on creation, `alloc.FreeData(DLTensor*)` frees it.
 *        Shape and strides live inline after the object.
 */
template <typename TNDAlloc>
class TensorObjFromNDAlloc : public TensorObj {
 public:
  template <typename... ExtraArgs>
  TensorObjFromNDAlloc(TNDAlloc alloc, ShapeView shape_view, ShapeView strides_view,
                       DLDataType dtype_value, DLDevice device_value, ExtraArgs&&... extra)
      : alloc_(std::move(alloc)) {
    device = device_value;
    dtype = dtype_value;
    InitInlineShape(sizeof(TensorObjFromNDAlloc), shape_view.data(),
                    strides_view.empty() ? nullptr : strides_view.data(),
                    static_cast<int32_t>(shape_view.size()));
    alloc_.AllocData(static_cast<DLTensor*>(this), std::forward<ExtraArgs>(extra)...);
  }
  ~TensorObjFromNDAlloc() { alloc_.FreeData(static_cast<DLTensor*>(this)); }

 private:
  TNDAlloc alloc_;
};

}  // namespace detail

class Tensor;
template <>
inline constexpr bool use_default_type_traits_v<Tensor> = false;

/*! \brief A reference-counted n-d array (nullable). */
class Tensor : public ObjectRef {
 public:
  Tensor() = default;
  explicit Tensor(ObjectPtr<TensorObj> n) : ObjectRef(std::move(n)) {}
  explicit Tensor(UnsafeInit tag) : ObjectRef(tag) {}
  Tensor(const Tensor&) = default;
  Tensor(Tensor&&) noexcept = default;
  Tensor& operator=(const Tensor&) = default;
  Tensor& operator=(Tensor&&) noexcept = default;

  const TensorObj* get() const { return static_cast<const TensorObj*>(data_.get()); }
  const TensorObj* operator->() const { return get(); }
  TensorObj* get_mutable() const { return static_cast<TensorObj*>(data_.get()); }

  void* data_ptr() const { return get()->data; }
  DLDevice device() const { return get()->device; }
  DLDataType dtype() const { return get()->dtype; }
  int32_t ndim() const { return get()->ndim; }
  uint64_t byte_offset() const { return get()->byte_offset; }
  ShapeView shape() const { return ShapeView(get()->shape, static_cast<size_t>(get()->ndim)); }
  ShapeView sizes() const { return shape(); }
  /*! \return The strides (always set for ndim > 0, SPEC TENSOR-STRIDES). */
  ShapeView strides() const {
    return ShapeView(get()->strides, get()->strides == nullptr ? 0 : static_cast<size_t>(ndim()));
  }
  /*! \return Extent of dim `i` (negative counts from the end). */
  int64_t size(int64_t i) const { return get()->shape[NormalizeDim(i)]; }
  int64_t stride(int64_t i) const { return get()->strides[NormalizeDim(i)]; }
  /*! \return Number of elements. */
  int64_t numel() const { return shape().Product(); }
  bool IsContiguous() const { return ffi::IsContiguous(*get()); }
  bool is_contiguous() const { return IsContiguous(); }
  bool IsAligned(size_t alignment) const { return ffi::IsAligned(*get(), alignment); }
  const DLTensor* GetDLTensorPtr() const { return get(); }

  /*!
   * \brief A view of the same data with new shape/strides (and an element
   *        offset added to byte_offset); keeps this tensor alive.
   */
  Tensor as_strided(ShapeView new_shape, ShapeView new_strides,
                    std::optional<int64_t> element_offset = std::nullopt) const {
    TVM_FFI_CHECK(new_shape.size() == new_strides.size(), ValueError)
        << "as_strided: shape and strides must have the same size";
    DLTensor prototype = *static_cast<const DLTensor*>(get());
    prototype.ndim = static_cast<int32_t>(new_shape.size());
    prototype.shape = const_cast<int64_t*>(new_shape.data());
    prototype.strides = const_cast<int64_t*>(new_strides.data());
    if (element_offset.has_value()) {
      int64_t elem_bytes = (prototype.dtype.bits * prototype.dtype.lanes + 7) / 8;
      prototype.byte_offset += static_cast<uint64_t>(*element_offset * elem_bytes);
    }
    TVMFFIObjectHandle out = nullptr;
    TVM_FFI_CHECK_SAFE_CALL(TVMFFITensorCreateUnsafeView(
        detail::ObjectUnsafe::TVMFFIObjectPtrFromObjectRef(*this), &prototype, &out));
    return FromOwnedHandle(out);
  }

  /*!
   * \brief A compact tensor whose memory comes from `alloc` (see
   *        detail::TensorObjFromNDAlloc for the allocator's two methods).
   */
  template <typename TNDAlloc, typename... ExtraArgs>
  static Tensor FromNDAlloc(TNDAlloc alloc, ShapeView shape, DLDataType dtype, DLDevice device,
                            ExtraArgs&&... extra) {
    return Tensor(make_inplace_array_object<detail::TensorObjFromNDAlloc<TNDAlloc>, int64_t>(
        shape.size() * 2, std::move(alloc), shape, ShapeView(), dtype, device,
        std::forward<ExtraArgs>(extra)...));
  }
  /*! \brief FromNDAlloc with explicit strides (must fit the allocation). */
  template <typename TNDAlloc, typename... ExtraArgs>
  static Tensor FromNDAllocStrided(TNDAlloc alloc, ShapeView shape, ShapeView strides,
                                   DLDataType dtype, DLDevice device, ExtraArgs&&... extra) {
    TVM_FFI_CHECK(shape.size() == strides.size(), ValueError)
        << "shape and strides must have the same size.";
    return Tensor(make_inplace_array_object<detail::TensorObjFromNDAlloc<TNDAlloc>, int64_t>(
        shape.size() * 2, std::move(alloc), shape, strides, dtype, device,
        std::forward<ExtraArgs>(extra)...));
  }
  /*! \brief A tensor from an environment allocator such as TVMFFIEnvTensorAlloc. */
  static Tensor FromEnvAlloc(int (*env_alloc)(DLTensor*, TVMFFIObjectHandle*), ShapeView shape,
                             DLDataType dtype, DLDevice device) {
    DLTensor prototype{};
    prototype.device = device;
    prototype.dtype = dtype;
    prototype.shape = const_cast<int64_t*>(shape.data());
    prototype.ndim = static_cast<int32_t>(shape.size());
    TVMFFIObjectHandle out = nullptr;
    TVM_FFI_CHECK_SAFE_CALL(env_alloc(&prototype, &out));
    return FromOwnedHandle(out);
  }
  /*!
   * \brief Imports a managed tensor (no copy). On success the Tensor owns `tensor`;
   *        on failure (an Error is thrown) the caller still owns it.
   */
  static Tensor FromDLPack(DLManagedTensor* tensor, size_t require_alignment = 0,
                           bool require_contiguous = false) {
    TVMFFIObjectHandle out = nullptr;
    TVM_FFI_CHECK_SAFE_CALL(TVMFFITensorFromDLPack(
        tensor, static_cast<int32_t>(require_alignment), require_contiguous ? 1 : 0, &out));
    return FromOwnedHandle(out);
  }
  static Tensor FromDLPackVersioned(DLManagedTensorVersioned* tensor, size_t require_alignment = 0,
                                    bool require_contiguous = false) {
    TVMFFIObjectHandle out = nullptr;
    TVM_FFI_CHECK_SAFE_CALL(TVMFFITensorFromDLPackVersioned(
        tensor, static_cast<int32_t>(require_alignment), require_contiguous ? 1 : 0, &out));
    return FromOwnedHandle(out);
  }
  DLManagedTensor* ToDLPack() const { return get()->ToDLPack(); }
  DLManagedTensorVersioned* ToDLPackVersioned() const { return get()->ToDLPackVersioned(); }

  using ContainerType = TensorObj;
  static constexpr bool _type_is_nullable = true;

 private:
  static Tensor FromOwnedHandle(TVMFFIObjectHandle handle) {
    return Tensor(
        detail::ObjectUnsafe::ObjectPtrFromOwned<TensorObj>(static_cast<TVMFFIObject*>(handle)));
  }
  size_t NormalizeDim(int64_t i) const {
    int64_t n = ndim();
    int64_t k = i < 0 ? i + n : i;
    if (k < 0 || k >= n) {
      TVM_FFI_THROW(IndexError) << "Dimension " << i << " out of range for ndim " << n;
    }
    return static_cast<size_t>(k);
  }
};

/*! \brief Tensor travels as the object; a DLTensor* argument is not a Tensor. */
template <>
struct TypeTraits<Tensor> : public ObjectRefTypeTraitsBase<Tensor> {
  static constexpr int32_t field_static_type_index = TypeIndex::kTVMFFITensor;
};

/*!
 * \brief A non-owning copy of a DLTensor for kernel arguments. It is valid only
 *        while the tensor it came from is alive.
 */
class TensorView {
 public:
  TensorView(const Tensor& tensor) {  // NOLINT(*)
    TVM_FFI_ICHECK(tensor.defined());
    tensor_ = *tensor.GetDLTensorPtr();
  }
  /*! \brief A view of a caller's DLTensor; NULL strides mean compact row-major. */
  TensorView(const DLTensor* tensor) {  // NOLINT(*)
    TVM_FFI_ICHECK(tensor != nullptr);
    tensor_ = *tensor;
  }
  TensorView(const TensorView&) = default;
  TensorView& operator=(const TensorView&) = default;
  TensorView& operator=(const Tensor& tensor) {
    TVM_FFI_ICHECK(tensor.defined());
    tensor_ = *tensor.GetDLTensorPtr();
    return *this;
  }
  TensorView(Tensor&&) = delete;  // would dangle
  TensorView& operator=(Tensor&&) = delete;

  void* data_ptr() const { return tensor_.data; }
  DLDevice device() const { return tensor_.device; }
  DLDataType dtype() const { return tensor_.dtype; }
  int32_t ndim() const { return tensor_.ndim; }
  uint64_t byte_offset() const { return tensor_.byte_offset; }
  ShapeView shape() const { return ShapeView(tensor_.shape, static_cast<size_t>(tensor_.ndim)); }
  ShapeView sizes() const { return shape(); }
  ShapeView strides() const {
    size_t n = tensor_.strides == nullptr ? 0 : static_cast<size_t>(tensor_.ndim);
    return ShapeView(tensor_.strides, n);
  }
  int64_t size(int64_t i) const { return tensor_.shape[Normalize(i)]; }
  /*! \brief Stride of dim `i`; computed as compact row-major when the DLTensor has none. */
  int64_t stride(int64_t i) const {
    size_t k = Normalize(i);
    if (tensor_.strides != nullptr) return tensor_.strides[k];
    int64_t acc = 1;
    for (int32_t d = tensor_.ndim - 1; d > static_cast<int32_t>(k); --d) acc *= tensor_.shape[d];
    return acc;
  }
  int64_t numel() const { return shape().Product(); }
  bool IsContiguous() const { return ffi::IsContiguous(tensor_); }
  bool is_contiguous() const { return IsContiguous(); }
  const DLTensor* GetDLTensorPtr() const { return &tensor_; }
  const DLTensor* operator->() const { return &tensor_; }

 private:
  size_t Normalize(int64_t i) const {
    int64_t k = i < 0 ? i + tensor_.ndim : i;
    if (k < 0 || k >= tensor_.ndim) {
      TVM_FFI_THROW(IndexError) << "Dimension " << i << " out of range for ndim " << tensor_.ndim;
    }
    return static_cast<size_t>(k);
  }
  DLTensor tensor_;
};

inline size_t GetDataSize(const Tensor& tensor) { return GetDataSize(*tensor.GetDLTensorPtr()); }
inline size_t GetDataSize(const TensorView& tensor) {
  return GetDataSize(*tensor.GetDLTensorPtr());
}

/*! \brief TensorView passes as a DLTensor*; accepts DLTensor* and Tensor values. */
template <>
struct TypeTraits<TensorView> : public TypeTraitsBase {
  static constexpr bool storage_enabled = false;
  static constexpr int32_t field_static_type_index = TypeIndex::kTVMFFIDLTensorPtr;
  TVM_FFI_INLINE static void CopyToAnyView(const TensorView& src, TVMFFIAny* result) {
    detail::SetPodHeader(result, TypeIndex::kTVMFFIDLTensorPtr);
    result->v_ptr = const_cast<DLTensor*>(src.GetDLTensorPtr());
  }
  TVM_FFI_INLINE static bool CheckAnyStrict(const TVMFFIAny* src) {
    return src->type_index == TypeIndex::kTVMFFIDLTensorPtr;
  }
  TVM_FFI_INLINE static TensorView CopyFromAnyViewAfterCheck(const TVMFFIAny* src) {
    return TensorView(static_cast<DLTensor*>(src->v_ptr));
  }
  TVM_FFI_INLINE static std::optional<TensorView> TryCastFromAnyView(const TVMFFIAny* src) {
    if (src->type_index == TypeIndex::kTVMFFIDLTensorPtr) {
      return TensorView(static_cast<DLTensor*>(src->v_ptr));
    }
    if (src->type_index == TypeIndex::kTVMFFITensor) {
      return TensorView(static_cast<const DLTensor*>(TVMFFITensorGetDLTensorPtr(src->v_obj)));
    }
    return std::nullopt;
  }
  TVM_FFI_INLINE static std::string TypeStr() { return StaticTypeKey::kTVMFFIDLTensorPtr; }
  TVM_FFI_INLINE static std::string TypeSchema() {
    return detail::SimpleTypeSchema(StaticTypeKey::kTVMFFIDLTensorPtr);
  }
};

}  // namespace ffi
}  // namespace tvm

#endif  // TVM_FFI_CONTAINER_TENSOR_H_
