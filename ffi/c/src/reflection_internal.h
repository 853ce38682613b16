// ffi/c/src/reflection_internal.h: the reflection sentinels, for other runtime files.
#ifndef TVM_FFI_SRC_REFLECTION_INTERNAL_H_
#define TVM_FFI_SRC_REFLECTION_INTERNAL_H_

#include <tvm/ffi/c_api.h>

namespace tvm_ffi_rt {
// The process-wide MISSING sentinel (what `ffi.GetInvalidObject` returns); borrowed, never freed.
TVMFFIObject* reflection_invalid_object() noexcept;
// The process-wide KWARGS sentinel (what `ffi.GetKwargsObject` returns); borrowed, never freed.
TVMFFIObject* reflection_kwargs_object() noexcept;
}  // namespace tvm_ffi_rt

#endif  // TVM_FFI_SRC_REFLECTION_INTERNAL_H_
