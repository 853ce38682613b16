// ffi/c/src/tensor.cc: Tensor objects: DLPack import and export, and unsafe views.
#include <tvm/ffi/c_api.h>

#include <cstddef>
#include <cstdint>
#include <new>
#include <string>

#include "error_internal.h"
#include "object_internal.h"
#include "tensor_internal.h"
#include "type_registry_internal.h"

namespace tvm_ffi_rt {
namespace {

// Every runtime Tensor is {TVMFFIObject header; DLTensor tensor;} (the public
// 72 bytes, DLTensor at +24) followed by one word of private state. Arrays of
// int64 that the tensor owns (strides, or shape+strides) trail the struct.

// A Tensor imported from DLPack: owns `managed` and calls its deleter on death.
// Shape (and strides when given) keep pointing into the managed tensor, which
// stays alive as long as this object.
template <typename Managed>
struct ImportedTensor {
  TVMFFIObject header;
  DLTensor tensor;
  Managed* managed;

  explicit ImportedTensor(Managed* m) : tensor(m->dl_tensor), managed(m) {}
  ~ImportedTensor() {
    if (managed->deleter != nullptr) managed->deleter(managed);
  }
};

// A Tensor viewing memory owned by `source`, which it keeps alive.
struct ViewTensor {
  TVMFFIObject header;
  DLTensor tensor;
  TVMFFIObjectHandle source;

  ViewTensor(const DLTensor& proto, TVMFFIObjectHandle src) : tensor(proto), source(src) {}
  ~ViewTensor() { object_dec_ref(source); }
};

static_assert(offsetof(ImportedTensor<DLManagedTensor>, tensor) == sizeof(TVMFFIObject),
              "DLTensor must sit at +24");
static_assert(offsetof(ImportedTensor<DLManagedTensorVersioned>, tensor) == sizeof(TVMFFIObject),
              "DLTensor must sit at +24");
static_assert(offsetof(ViewTensor, tensor) == sizeof(TVMFFIObject), "DLTensor must sit at +24");
static_assert(sizeof(ViewTensor) == 80 && sizeof(ImportedTensor<DLManagedTensor>) == 80,
              "trailing arrays start at +80");

template <typename T>
int64_t* trailing_int64(T* obj) {
  return reinterpret_cast<int64_t*>(obj + 1);
}

// Devices whose `data` is a plain address, so data + byte_offset is what must be
// aligned; on the others `data` is an opaque handle and only the offset counts.
bool is_direct_address_device(int32_t device_type) {
  switch (device_type) {
    case kDLCPU:
    case kDLCUDA:
    case kDLCUDAHost:
    case kDLCUDAManaged:
    case kDLROCM:
    case kDLROCMHost:
      return true;
    default:
      return false;
  }
}

// Compact row-major: zero-size tensors always are, and extent-1 dimensions may
// carry any stride because they are never stepped over.
bool is_contiguous(const DLTensor& t) {
  for (int32_t i = 0; i < t.ndim; ++i) {
    if (t.shape[i] == 0) return true;
  }
  // Unsigned arithmetic: absurd shapes wrap instead of overflowing (no UB).
  uint64_t expected = 1;
  for (int32_t i = t.ndim - 1; i >= 0; --i) {
    if (t.shape[i] == 1) continue;
    if (static_cast<uint64_t>(t.strides[i]) != expected) return false;
    expected *= static_cast<uint64_t>(t.shape[i]);
  }
  return true;
}

// Rejects malformed metadata with ValueError so that no later step reads
// through a bad pointer.
void check_tensor_metadata(const DLTensor& t, const char* func, const char* arg) {
  if (t.ndim < 0) {
    fail("ValueError", std::string(func) + ": `" + arg + ".ndim` must be non-negative, got " +
                           std::to_string(t.ndim));
  }
  if (t.ndim == 0) return;
  if (t.shape == nullptr) {
    fail("ValueError", std::string(func) + ": `" + arg + ".shape` must not be NULL when ndim > 0");
  }
  for (int32_t i = 0; i < t.ndim; ++i) {
    if (t.shape[i] < 0) {
      fail("ValueError", std::string(func) + ": `" + arg + ".shape[" + std::to_string(i) +
                             "]` must be non-negative, got " + std::to_string(t.shape[i]));
    }
  }
}

// The checks shared by both import entry points, in the reference order:
// metadata, alignment, then contiguity.
void check_import(const DLTensor& t, int32_t require_alignment, int32_t require_contiguous,
                  const char* func) {
  check_tensor_metadata(t, func, "from->dl_tensor");
  if (require_alignment < 0) {
    fail("ValueError", std::string(func) + ": `require_alignment` must be non-negative, got " +
                           std::to_string(require_alignment));
  }
  if (require_alignment > 0) {
    uint64_t address = t.byte_offset;
    if (is_direct_address_device(t.device.device_type)) {
      address += static_cast<uint64_t>(reinterpret_cast<uintptr_t>(t.data));
    }
    if (address % static_cast<uint64_t>(require_alignment) != 0) {
      fail("RuntimeError", std::string(func) + ": FromDLPack: Data is not aligned to " +
                               std::to_string(require_alignment) + " bytes.");
    }
  }
  // NULL strides mean compact row-major by DLPack's definition.
  if (require_contiguous != 0 && t.strides != nullptr && !is_contiguous(t)) {
    fail("RuntimeError", std::string(func) + ": FromDLPack: Tensor is not contiguous.");
  }
}

// Wraps an already validated managed tensor. Nothing after object_new may
// throw: once the object exists, destroying it would release `managed`, which
// must stay with the caller on failure.
template <typename Managed>
TVMFFIObjectHandle import_managed(Managed* managed) {
  const DLTensor& src = managed->dl_tensor;
  // Consumers may rely on strides being set whenever ndim > 0.
  bool need_strides = src.ndim > 0 && src.strides == nullptr;
  size_t extra = need_strides ? sizeof(int64_t) * static_cast<size_t>(src.ndim) : 0;
  auto* obj = object_new<ImportedTensor<Managed>>(kTVMFFITensor, extra, managed);
  if (need_strides) {
    int64_t* strides = trailing_int64(obj);
    uint64_t running = 1;
    for (int32_t i = src.ndim - 1; i >= 0; --i) {
      strides[i] = static_cast<int64_t>(running);
      running *= static_cast<uint64_t>(src.shape[i]);
    }
    obj->tensor.strides = strides;
  }
  return obj;
}

// Deleter installed in every exported managed tensor: drops the reference the
// export took, then frees the struct.
template <typename Managed>
void export_deleter(Managed* self) {
  if (self == nullptr) return;
  object_dec_ref(self->manager_ctx);
  delete self;
}

template <typename Managed>
Managed* export_tensor(TVMFFIObjectHandle from, const char* func) {
  require_non_null(from, func, "from");
  if (!tensor_is_instance(from)) {
    fail("TypeError", std::string(func) + ": `from` must be a Tensor, got an object of type index " +
                          std::to_string(object_type_index(from)));
  }
  Managed* managed = new Managed{};
  managed->dl_tensor = *TVMFFITensorGetDLTensorPtr(from);
  managed->manager_ctx = from;
  managed->deleter = export_deleter<Managed>;
  object_inc_ref(from);
  return managed;
}

}  // namespace

bool tensor_is_instance(TVMFFIObjectHandle obj) noexcept {
  int32_t index = object_type_index(obj);
  // Fast path first: subclasses only exist among dynamically allocated indices.
  if (index == kTVMFFITensor) return true;
  if (index < kTVMFFIDynObjectBegin) return false;
  return type_is_instance(index, kTVMFFITensor);
}

}  // namespace tvm_ffi_rt

using namespace tvm_ffi_rt;

extern "C" {

int TVMFFITensorFromDLPack(DLManagedTensor* from, int32_t require_alignment,
                           int32_t require_contiguous, TVMFFIObjectHandle* out) {
  TVM_FFI_RT_API_BEGIN();
  require_non_null(from, "TVMFFITensorFromDLPack", "from");
  require_non_null(out, "TVMFFITensorFromDLPack", "out");
  check_import(from->dl_tensor, require_alignment, require_contiguous, "TVMFFITensorFromDLPack");
  *out = import_managed(from);
  TVM_FFI_RT_API_END();
}

int TVMFFITensorFromDLPackVersioned(DLManagedTensorVersioned* from, int32_t require_alignment,
                                    int32_t require_contiguous, TVMFFIObjectHandle* out) {
  TVM_FFI_RT_API_BEGIN();
  require_non_null(from, "TVMFFITensorFromDLPackVersioned", "from");
  require_non_null(out, "TVMFFITensorFromDLPackVersioned", "out");
  check_import(from->dl_tensor, require_alignment, require_contiguous,
               "TVMFFITensorFromDLPackVersioned");
  // The version and READ_ONLY flag are deliberately not checked (reference behaviour).
  if (from->flags & DLPACK_FLAG_BITMASK_IS_SUBBYTE_TYPE_PADDED) {
    fail("RuntimeError",
         "TVMFFITensorFromDLPackVersioned: Subbyte type padded is not yet supported");
  }
  *out = import_managed(from);
  TVM_FFI_RT_API_END();
}

int TVMFFITensorToDLPack(TVMFFIObjectHandle from, DLManagedTensor** out) {
  TVM_FFI_RT_API_BEGIN();
  require_non_null(out, "TVMFFITensorToDLPack", "out");
  *out = export_tensor<DLManagedTensor>(from, "TVMFFITensorToDLPack");
  TVM_FFI_RT_API_END();
}

int TVMFFITensorToDLPackVersioned(TVMFFIObjectHandle from, DLManagedTensorVersioned** out) {
  TVM_FFI_RT_API_BEGIN();
  require_non_null(out, "TVMFFITensorToDLPackVersioned", "out");
  DLManagedTensorVersioned* managed =
      export_tensor<DLManagedTensorVersioned>(from, "TVMFFITensorToDLPackVersioned");
  managed->version.major = DLPACK_MAJOR_VERSION;
  managed->version.minor = DLPACK_MINOR_VERSION;
  managed->flags = 0;
  *out = managed;
  TVM_FFI_RT_API_END();
}

int TVMFFITensorCreateUnsafeView(TVMFFIObjectHandle source, const DLTensor* prototype,
                                 TVMFFIObjectHandle* out) {
  TVM_FFI_RT_API_BEGIN();
  const char* func = "TVMFFITensorCreateUnsafeView";
  require_non_null(source, func, "source");
  require_non_null(prototype, func, "prototype");
  require_non_null(out, func, "out");
  check_tensor_metadata(*prototype, func, "prototype");
  // A view cannot invent strides: the caller must say how the memory is laid out.
  if (prototype->ndim > 0 && prototype->strides == nullptr) {
    fail("ValueError", std::string(func) + ": `prototype.strides` must not be NULL when ndim > 0");
  }
  size_t ndim = static_cast<size_t>(prototype->ndim);
  auto* obj = object_new<ViewTensor>(kTVMFFITensor, 2 * ndim * sizeof(int64_t), *prototype, source);
  object_inc_ref(source);
  // Own copies of shape and strides so the prototype may die right after the call.
  int64_t* shape = trailing_int64(obj);
  int64_t* strides = shape + ndim;
  for (size_t i = 0; i < ndim; ++i) {
    shape[i] = prototype->shape[i];
    strides[i] = prototype->strides[i];
  }
  obj->tensor.shape = shape;
  obj->tensor.strides = strides;
  *out = obj;
  TVM_FFI_RT_API_END();
}

}  // extern "C"
