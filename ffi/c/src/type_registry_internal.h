// ffi/c/src/type_registry_internal.h: type-table queries used by other runtime files.
#ifndef TVM_FFI_SRC_TYPE_REGISTRY_INTERNAL_H_
#define TVM_FFI_SRC_TYPE_REGISTRY_INTERNAL_H_

#include <tvm/ffi/c_api.h>

namespace tvm_ffi_rt {

// Type info for an index, or nullptr when the index is not registered.
const TVMFFITypeInfo* type_info_find(int32_t type_index) noexcept;

// True when an object of type `type_index` is an instance of `base_index`.
bool type_is_instance(int32_t type_index, int32_t base_index) noexcept;

}  // namespace tvm_ffi_rt

#endif  // TVM_FFI_SRC_TYPE_REGISTRY_INTERNAL_H_
