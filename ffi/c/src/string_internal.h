// ffi/c/src/string_internal.h: building String and Bytes values inside the runtime.
#ifndef TVM_FFI_SRC_STRING_INTERNAL_H_
#define TVM_FFI_SRC_STRING_INTERNAL_H_

#include <tvm/ffi/c_api.h>

#include <cstddef>

namespace tvm_ffi_rt {

// Writes an owned SmallStr/Str (or SmallBytes/Bytes when is_bytes) into out,
// applying the small-string rule. Throws std::bad_alloc on failure.
void string_make(const char* data, size_t size, bool is_bytes, TVMFFIAny* out);

}  // namespace tvm_ffi_rt

#endif  // TVM_FFI_SRC_STRING_INTERNAL_H_
