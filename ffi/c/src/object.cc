// ffi/c/src/object.cc: reference counting, opaque objects, the object allocator and the version query.
#include <tvm/ffi/c_api.h>

#include <cstdlib>
#include <cstring>
#include <new>

#include "error_internal.h"
#include "object_internal.h"

namespace tvm_ffi_rt {
namespace {

constexpr uint64_t kStrongOne = 1;
constexpr uint64_t kWeakOne = uint64_t{1} << 32;
constexpr uint64_t kStrongMask = 0xFFFFFFFFu;

// The builtin allocator puts the body at offset alignof(max_align_t) and the
// TVMFFIObjectAllocHeader right before it, so any body can be freed through
// the header no matter which allocator produced it.
void builtin_delete_space(void* body) {
  std::free(static_cast<char*>(body) - alignof(std::max_align_t));
}

void* builtin_allocate(size_t size, size_t alignment, int32_t, void*) {
  constexpr size_t kPrefix = alignof(std::max_align_t);
  if (alignment > kPrefix) return nullptr;
  char* base = static_cast<char*>(std::malloc(kPrefix + size));
  if (base == nullptr) return nullptr;
  char* body = base + kPrefix;
  reinterpret_cast<TVMFFIObjectAllocHeader*>(body)[-1].delete_space = builtin_delete_space;
  return body;
}

TVMFFICustomAllocator g_builtin_allocator = {builtin_allocate, nullptr};
TVMFFICustomAllocator* g_allocator = &g_builtin_allocator;

// An opaque foreign handle (e.g. a PyObject*) and the function releasing it.
struct OpaqueObj {
  TVMFFIObject header;
  TVMFFIOpaqueObjectCell cell;
  void (*handle_deleter)(void*);
  ~OpaqueObj() {
    if (handle_deleter != nullptr) handle_deleter(cell.handle);
  }
};

inline void dec_ref_impl(TVMFFIObject* obj) noexcept {
  uint64_t prev = __atomic_fetch_sub(&obj->combined_ref_count, kStrongOne, __ATOMIC_RELEASE);
  if (prev == (kStrongOne | kWeakOne)) {
    // Last strong and last weak reference at once: destroy and free together.
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    if (obj->deleter != nullptr) obj->deleter(obj, kTVMFFIObjectDeleterFlagBitMaskBoth);
  } else if ((prev & kStrongMask) == kStrongOne) {
    // Weak references remain: destroy now, free when the implicit weak
    // reference held by the strong side is the last one to go.
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    if (obj->deleter != nullptr) obj->deleter(obj, kTVMFFIObjectDeleterFlagBitMaskStrong);
    uint64_t prev_weak = __atomic_fetch_sub(&obj->combined_ref_count, kWeakOne, __ATOMIC_RELEASE);
    if ((prev_weak >> 32) == 1) {
      __atomic_thread_fence(__ATOMIC_ACQUIRE);
      if (obj->deleter != nullptr) obj->deleter(obj, kTVMFFIObjectDeleterFlagBitMaskWeak);
    }
  }
}

}  // namespace

void* object_alloc_space(size_t size, size_t alignment, int32_t type_index) {
  TVMFFICustomAllocator* alloc = __atomic_load_n(&g_allocator, __ATOMIC_ACQUIRE);
  TVMFFIObjectHandle raised_before = error_slot_peek();
  void* body = alloc->allocate(size, alignment, type_index, alloc->context);
  if (body == nullptr) {
    // Report the allocator's own error if it raised one, else MemoryError (SPEC OBJ-ALLOC-FAILURE).
    TVMFFIObjectHandle raised = error_slot_peek();
    if (raised != nullptr && raised != raised_before) throw ErrorAlreadyRaised{};
    throw std::bad_alloc();
  }
  return body;
}

void object_free_space(void* body) noexcept {
  auto* header = reinterpret_cast<TVMFFIObjectAllocHeader*>(body) - 1;
  if (header->delete_space != nullptr) header->delete_space(body);
}

void object_inc_ref(TVMFFIObjectHandle obj) noexcept {
  if (obj == nullptr) return;
  __atomic_fetch_add(&static_cast<TVMFFIObject*>(obj)->combined_ref_count, kStrongOne,
                     __ATOMIC_RELAXED);
}

void object_dec_ref(TVMFFIObjectHandle obj) noexcept {
  if (obj != nullptr) dec_ref_impl(static_cast<TVMFFIObject*>(obj));
}

}  // namespace tvm_ffi_rt

using namespace tvm_ffi_rt;

extern "C" {

void TVMFFIGetVersion(TVMFFIVersion* out_version) {
  if (out_version == nullptr) return;
  out_version->major = TVM_FFI_VERSION_MAJOR;
  out_version->minor = TVM_FFI_VERSION_MINOR;
  out_version->patch = TVM_FFI_VERSION_PATCH;
}

int TVMFFIObjectIncRef(TVMFFIObjectHandle obj) {
  TVM_FFI_RT_API_BEGIN();
  require_non_null(obj, "TVMFFIObjectIncRef", "obj");
  object_inc_ref(obj);
  TVM_FFI_RT_API_END();
}

int TVMFFIObjectDecRef(TVMFFIObjectHandle obj) {
  TVM_FFI_RT_API_BEGIN();
  require_non_null(obj, "TVMFFIObjectDecRef", "obj");
  dec_ref_impl(static_cast<TVMFFIObject*>(obj));
  TVM_FFI_RT_API_END();
}

int TVMFFIObjectCreateOpaque(void* handle, int32_t type_index, void (*deleter)(void* handle),
                             TVMFFIObjectHandle* out) {
  TVM_FFI_RT_API_BEGIN();
  require_non_null(out, "TVMFFIObjectCreateOpaque", "out");
  if (type_index != kTVMFFIOpaquePyObject) {
    fail("TypeError", "TVMFFIObjectCreateOpaque: `type_index` must be kTVMFFIOpaquePyObject (" +
                          std::to_string(int(kTVMFFIOpaquePyObject)) + "), got " +
                          std::to_string(type_index));
  }
  OpaqueObj* obj = object_new<OpaqueObj>(type_index, 0);
  obj->cell.handle = handle;
  obj->handle_deleter = deleter;
  *out = obj;
  TVM_FFI_RT_API_END();
}

TVMFFICustomAllocator* TVMFFIGetCustomAllocator(void) {
  return __atomic_load_n(&g_allocator, __ATOMIC_ACQUIRE);
}

int TVMFFISetCustomAllocator(TVMFFICustomAllocator* allocator) {
  TVM_FFI_RT_API_BEGIN();
  if (allocator != nullptr && allocator->allocate == nullptr) {
    fail("ValueError", "TVMFFISetCustomAllocator: `allocator->allocate` must not be NULL");
  }
  __atomic_store_n(&g_allocator, allocator != nullptr ? allocator : &g_builtin_allocator,
                   __ATOMIC_RELEASE);
  TVM_FFI_RT_API_END();
}

}  // extern "C"
