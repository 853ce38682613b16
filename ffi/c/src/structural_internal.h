// ffi/c/src/structural_internal.h: what StructuralEqual and StructuralHash share (SPEC §13.9).
//
// Both walk a value the same way, so that equal values hash equally: by the value's category
// (scalar, string, sequence, mapping, shape, tensor, reflected object) and, for a reflected
// object, by the structural kind its type registered. Keeping the classification in one place
// is what keeps the two walks in step.
#ifndef TVM_FFI_RT_STRUCTURAL_INTERNAL_H_
#define TVM_FFI_RT_STRUCTURAL_INTERNAL_H_

#include <tvm/ffi/any.h>
#include <tvm/ffi/any_hash.h>
#include <tvm/ffi/c_api.h>
#include <tvm/ffi/container/tensor.h>
#include <tvm/ffi/error.h>
#include <tvm/ffi/object.h>
#include <tvm/ffi/reflection/accessor.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#if defined(__linux__)
#include <pthread.h>
#endif

namespace tvm_ffi_rt {
namespace structural {

/*! \brief Values nested deeper than this raise ValueError instead of overflowing the stack. */
inline constexpr int kMaxDepth = 1000;

/*!
 * \brief The lowest stack address a walk may reach on this thread (0 when unknown).
 *
 * Why: the depth limit alone does not protect a thread with a small stack, nor builds whose
 * frames are large (sanitizers, -O0), so each level also checks that a safety margin of the
 * thread's stack is left. The bounds are read once per thread.
 */
inline uintptr_t StackFloor() {
  static thread_local uintptr_t floor = [] {
    uintptr_t result = 0;
#if defined(__linux__)
    pthread_attr_t attr;
    if (pthread_getattr_np(pthread_self(), &attr) == 0) {
      void* addr = nullptr;
      size_t size = 0;
      if (pthread_attr_getstack(&attr, &addr, &size) == 0 && addr != nullptr) {
        // Keep an eighth of the stack, between 64 KiB and 1 MiB, for unwinding and reporting.
        size_t margin = std::min<size_t>(std::max<size_t>(size / 8, 64 << 10), 1 << 20);
        if (size > margin) result = reinterpret_cast<uintptr_t>(addr) + margin;
      }
      pthread_attr_destroy(&attr);
    }
#endif
    return result;
  }();
  return floor;
}

/*!
 * \brief Called on entering each nesting level; throws ValueError naming `caller` when the
 *        value is nested too deeply for the depth limit or for this thread's stack.
 */
inline void CheckDepth(int depth, const char* caller) {
  if (depth > kMaxDepth) {
    TVM_FFI_THROW(ValueError) << caller << ": values nest deeper than " << kMaxDepth << " levels";
  }
  char probe = 0;
  uintptr_t here = reinterpret_cast<uintptr_t>(&probe);
  if (here < StackFloor()) {
    TVM_FFI_THROW(ValueError) << caller << ": values nest too deeply (" << depth
                              << " levels) for this thread's stack";
  }
}

/*! \brief How a value takes part in a structural comparison. */
enum class Category {
  kScalar,   // POD values: compared bit for bit (so NaN equals NaN and 0.0 differs from -0.0)
  kString,   // str, small or heap: by content
  kBytes,    // bytes, small or heap: by content
  kSequence, // Array, List: element by element
  kMapping,  // Map, Dict: entry by entry, in any order
  kShape,    // Shape: as one value
  kTensor,   // Tensor: dtype, shape, device and (unless skipped) content
  kObject,   // anything else: by its type's structural kind
};

inline Category CategoryOf(int32_t type_index) {
  switch (type_index) {
    case kTVMFFISmallStr:
    case kTVMFFIStr:
      return Category::kString;
    case kTVMFFISmallBytes:
    case kTVMFFIBytes:
      return Category::kBytes;
    case kTVMFFIArray:
    case kTVMFFIList:
      return Category::kSequence;
    case kTVMFFIMap:
    case kTVMFFIDict:
      return Category::kMapping;
    case kTVMFFIShape:
      return Category::kShape;
    case kTVMFFITensor:
      return Category::kTensor;
    default:
      return type_index < kTVMFFIStaticObjectBegin ? Category::kScalar : Category::kObject;
  }
}

/*! \brief The type index two values must share: small and heap strings are one type. */
inline int32_t NormalizedTypeIndex(int32_t type_index) {
  if (type_index == kTVMFFISmallStr) return kTVMFFIStr;
  if (type_index == kTVMFFISmallBytes) return kTVMFFIBytes;
  return type_index;
}

/*!
 * \brief The structural kind of an object type.
 * \throws Error (TypeError) naming `caller` and the type when it has none.
 */
inline TVMFFISEqHashKind KindOf(int32_t type_index, const char* caller) {
  const TVMFFITypeInfo* info = TVMFFIGetTypeInfo(type_index);
  if (info == nullptr) {
    TVMFFIErrorMoveFromRaised(nullptr);  // drop the lookup's IndexError: ours says more
    TVM_FFI_THROW(TypeError) << caller << ": unknown type index " << type_index;
  }
  if (info->metadata != nullptr &&
      info->metadata->structural_eq_hash_kind != kTVMFFISEqHashKindUnsupported) {
    return info->metadata->structural_eq_hash_kind;
  }
  std::string key(info->type_key.data, info->type_key.size);
  if (info->metadata == nullptr) {
    TVM_FFI_THROW(TypeError) << caller << ": type `" << key
                             << "` has no type metadata, so it has no structural equality";
  }
  TVM_FFI_THROW(TypeError) << caller << ": type `" << key
                           << "` does not support structural equality (its "
                              "_type_s_eq_hash_kind is not set)";
}

/*! \brief The object an object-typed value holds, borrowed (no reference-count traffic). */
inline const ::tvm::ffi::Object* ObjectOf(const ::tvm::ffi::Any& v) {
  return reinterpret_cast<const ::tvm::ffi::Object*>(
      ::tvm::ffi::detail::AnyUnsafe::TVMFFIAnyPtrFromAny(v)->v_obj);
}

/*! \brief Whether a field defines the free variables found inside it. */
inline bool DefinesVars(const TVMFFIFieldInfo* field) {
  return (field->flags &
          (kTVMFFIFieldFlagBitMaskSEqHashDefPattern | kTVMFFIFieldFlagBitMaskSEqHashDefSimple)) != 0;
}

inline bool Ignored(const TVMFFIFieldInfo* field) {
  return (field->flags & kTVMFFIFieldFlagBitMaskSEqHashIgnore) != 0;
}

/*! \brief The value of `field` in `obj`. */
inline ::tvm::ffi::Any FieldValue(const ::tvm::ffi::Object* obj, const TVMFFIFieldInfo* field) {
  return ::tvm::ffi::reflection::FieldGetter(field)(obj);
}

/*! \brief Content of a str or bytes value, small or heap. */
inline TVMFFIByteArray TextOf(const ::tvm::ffi::Any& v) {
  return ::tvm::ffi::detail::BytesContent(*::tvm::ffi::detail::AnyUnsafe::TVMFFIAnyPtrFromAny(v));
}

/*!
 * \brief The elements of a host-readable tensor, packed in row-major order, so that tensors
 *        with the same elements but different strides compare (and hash) alike.
 * \throws Error (ValueError) naming `caller` for a tensor the host cannot read.
 */
inline std::string TensorContent(const DLTensor& t, const char* caller) {
  int32_t dev = t.device.device_type;
  if (dev != kDLCPU && dev != kDLCUDAHost && dev != kDLROCMHost) {
    TVM_FFI_THROW(ValueError) << caller << ": cannot read the content of a tensor on device type "
                              << dev << "; pass skip_tensor_content=True to compare metadata only";
  }
  const char* base = static_cast<const char*>(t.data) + t.byte_offset;
  size_t total = ::tvm::ffi::GetDataSize(t);
  if (total == 0) return std::string();
  if (::tvm::ffi::IsContiguous(t)) return std::string(base, total);
  size_t item = (static_cast<size_t>(t.dtype.bits) * t.dtype.lanes) / 8;
  if (item == 0 || item * 8 != static_cast<size_t>(t.dtype.bits) * t.dtype.lanes) {
    TVM_FFI_THROW(ValueError) << caller << ": cannot read a strided tensor of sub-byte elements";
  }
  std::string out;
  out.reserve(total);
  std::vector<int64_t> index(static_cast<size_t>(t.ndim), 0);
  for (;;) {
    int64_t offset = 0;
    for (int d = 0; d < t.ndim; ++d) offset += index[d] * t.strides[d];
    out.append(base + offset * static_cast<int64_t>(item), item);
    int d = t.ndim - 1;
    while (d >= 0 && ++index[d] == t.shape[d]) index[d--] = 0;
    if (d < 0) return out;
  }
}

}  // namespace structural
}  // namespace tvm_ffi_rt

#endif  // TVM_FFI_RT_STRUCTURAL_INTERNAL_H_
