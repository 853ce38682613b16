// ffi/cpp/include/tvm/ffi/memory.h: make_object / make_inplace_array_object, the SDK's object allocator.
//
// Objects made here are allocated with malloc (posix_memalign when the type is
// over-aligned) and carry a deleter instantiated for their exact type inside
// the library that created them. So the memory always returns to the allocator
// that produced it, whichever library drops the last reference (SPEC
// OBJ-DELETER-OWNER). The runtime's custom allocator hook (SPEC §3.5) is for
// objects the runtime creates; the SDK does not route through it.
#ifndef TVM_FFI_MEMORY_H_
#define TVM_FFI_MEMORY_H_

#include <tvm/ffi/object.h>

#include <cstddef>
#include <cstdlib>
#include <new>
#include <type_traits>
#include <utility>

namespace tvm {
namespace ffi {

/*! \brief Signature of TVMFFIObject::deleter. */
using FObjectDeleter = void (*)(void* obj, int flags);

namespace detail {

/*! \brief Allocates `size` bytes aligned to `align`; throws std::bad_alloc on failure. */
TVM_FFI_INLINE void* AlignedAlloc(size_t size, size_t align) {
  void* ptr = nullptr;
#if defined(_MSC_VER)
  ptr = _aligned_malloc(size, align);
#else
  if (align <= alignof(std::max_align_t)) {
    ptr = std::malloc(size);
  } else if (posix_memalign(&ptr, align, size) != 0) {
    ptr = nullptr;
  }
#endif
  if (ptr == nullptr) throw std::bad_alloc();
  return ptr;
}

/*! \brief Frees memory from AlignedAlloc. */
TVM_FFI_INLINE void AlignedFree(void* ptr) noexcept {
#if defined(_MSC_VER)
  _aligned_free(ptr);
#else
  std::free(ptr);
#endif
}

/*!
 * \brief The deleter of objects of exact type T made by this header. It acts on
 *        each flag bit it receives and only on those (SPEC OBJ-DELETER-FLAGS):
 *        Strong runs the destructor, Weak frees the allocation (which starts at
 *        the T, not at the header, when T has a vtable).
 */
template <typename T>
void DeleteObjectOfType(void* handle, int flags) {
  T* obj = ObjectUnsafe::RawObjectPtrFromUnowned<T>(static_cast<TVMFFIObject*>(handle));
  if (flags & kTVMFFIObjectDeleterFlagBitMaskStrong) obj->T::~T();
  if (flags & kTVMFFIObjectDeleterFlagBitMaskWeak) AlignedFree(static_cast<void*>(obj));
}

/*!
 * \brief Constructs a T in a fresh block of `bytes` bytes, then writes the header:
 *        counts 1|1<<32 (SPEC OBJ-REFCOUNT-INIT), the type index and the deleter.
 */
template <typename T, typename... Args>
ObjectPtr<T> NewObjectInBlock(size_t bytes, Args&&... args) {
  static_assert(std::is_base_of_v<Object, T>, "make_object can only create Object subclasses");
  void* block = AlignedAlloc(bytes, alignof(T));
  T* obj;
  try {
    obj = new (block) T(std::forward<Args>(args)...);
  } catch (...) {
    AlignedFree(block);
    throw;
  }
  TVMFFIObject* header = ObjectUnsafe::GetHeader(obj);
  header->combined_ref_count = kCombinedRefCountBothOne;
  header->type_index = T::RuntimeTypeIndex();
  header->__padding = 0;
  header->deleter = DeleteObjectOfType<T>;
  return ObjectUnsafe::ObjectPtrFromOwned<T>(static_cast<Object*>(obj));
}

}  // namespace detail

/*!
 * \brief Creates an object of type T, forwarding `args` to its constructor.
 * \return The only strong reference to it.
 */
template <typename T, typename... Args>
inline ObjectPtr<T> make_object(Args&&... args) {
  return detail::NewObjectInBlock<T>(sizeof(T), std::forward<Args>(args)...);
}

/*! \brief make_object returning a non-null Arc. */
template <typename T, typename... Args>
inline Arc<T> make_arc(Args&&... args) {
  return detail::ObjectUnsafe::ArcFromObjectPtr(make_object<T>(std::forward<Args>(args)...));
}

/*!
 * \brief Creates an ArrayType object followed, in the same allocation, by room for
 *        `num_elems` ElemType values (uninitialized; ArrayType's constructor and
 *        destructor own them). The storage starts at `(char*)obj + sizeof(ArrayType)`.
 */
template <typename ArrayType, typename ElemType, typename... Args>
inline ObjectPtr<ArrayType> make_inplace_array_object(size_t num_elems, Args&&... args) {
  static_assert(alignof(ArrayType) % alignof(ElemType) == 0 &&
                    sizeof(ArrayType) % alignof(ElemType) == 0,
                "the trailing elements must be aligned right after ArrayType");
  constexpr size_t kAlign = alignof(ArrayType);
  size_t bytes = sizeof(ArrayType) + sizeof(ElemType) * num_elems;
  bytes = (bytes + kAlign - 1) / kAlign * kAlign;
  return detail::NewObjectInBlock<ArrayType>(bytes, std::forward<Args>(args)...);
}

}  // namespace ffi
}  // namespace tvm

#endif  // TVM_FFI_MEMORY_H_
