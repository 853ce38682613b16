// ffi/c/src/object_internal.h: allocating and typing runtime-owned objects.
#ifndef TVM_FFI_SRC_OBJECT_INTERNAL_H_
#define TVM_FFI_SRC_OBJECT_INTERNAL_H_

#include <tvm/ffi/c_api.h>

#include <cstddef>
#include <new>
#include <utility>

namespace tvm_ffi_rt {

// Strong = 1, weak = 1: the implicit weak reference held by the strong side.
constexpr uint64_t kInitialRefCount = (uint64_t{1} << 32) | 1u;

// Allocates `size` bytes through the current TVMFFICustomAllocator; throws
// std::bad_alloc on failure. The space is released by object_free_space.
void* object_alloc_space(size_t size, size_t alignment, int32_t type_index);
void object_free_space(void* body) noexcept;

// The deleter installed in every runtime object of C++ type T: the strong
// flag runs ~T, the weak flag frees the memory.
template <typename T>
void object_deleter(void* self, int flags) {
  T* obj = static_cast<T*>(self);
  if (flags & kTVMFFIObjectDeleterFlagBitMaskStrong) obj->~T();
  if (flags & kTVMFFIObjectDeleterFlagBitMaskWeak) object_free_space(self);
}

// Constructs a T (whose first member is a TVMFFIObject named `header`) with
// `extra_bytes` of trailing storage and returns it with one strong reference.
template <typename T, typename... Args>
T* object_new(int32_t type_index, size_t extra_bytes, Args&&... args) {
  static_assert(alignof(T) <= alignof(std::max_align_t), "over-aligned object");
  void* space = object_alloc_space(sizeof(T) + extra_bytes, alignof(std::max_align_t), type_index);
  T* obj;
  try {
    obj = new (space) T(std::forward<Args>(args)...);
  } catch (...) {
    object_free_space(space);
    throw;
  }
  obj->header.combined_ref_count = kInitialRefCount;
  obj->header.type_index = type_index;
  obj->header.__padding = 0;
  obj->header.deleter = object_deleter<T>;
  return obj;
}

// Internal strong-reference helpers; they accept NULL.
void object_inc_ref(TVMFFIObjectHandle obj) noexcept;
void object_dec_ref(TVMFFIObjectHandle obj) noexcept;

inline int32_t object_type_index(TVMFFIObjectHandle obj) {
  return static_cast<const TVMFFIObject*>(obj)->type_index;
}

// Releases what an owned TVMFFIAny holds and resets it to None.
inline void any_reset(TVMFFIAny* value) noexcept {
  if (value->type_index >= kTVMFFIStaticObjectBegin) object_dec_ref(value->v_obj);
  value->type_index = kTVMFFINone;
  value->zero_padding = 0;
  value->v_int64 = 0;
}

}  // namespace tvm_ffi_rt

#endif  // TVM_FFI_SRC_OBJECT_INTERNAL_H_
