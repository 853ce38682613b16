// ffi/c/src/tensor_internal.h: Tensor type checks shared by runtime files.
#ifndef TVM_FFI_SRC_TENSOR_INTERNAL_H_
#define TVM_FFI_SRC_TENSOR_INTERNAL_H_

#include <tvm/ffi/c_api.h>

namespace tvm_ffi_rt {

// True when `obj` (non-NULL) is a Tensor or an object of a registered subclass
// of Tensor, i.e. when its DLTensor sits at +24.
bool tensor_is_instance(TVMFFIObjectHandle obj) noexcept;

}  // namespace tvm_ffi_rt

#endif  // TVM_FFI_SRC_TENSOR_INTERNAL_H_
