// ffi/c/src/any_internal.h: reading borrowed argument views inside runtime-provided functions.
#ifndef TVM_FFI_SRC_ANY_INTERNAL_H_
#define TVM_FFI_SRC_ANY_INTERNAL_H_

#include <tvm/ffi/c_api.h>

#include <cstring>
#include <string>

#include "error_internal.h"

namespace tvm_ffi_rt {

// The text of a str/bytes argument in any of its forms; TypeError otherwise.
inline std::string any_view_text(const TVMFFIAny& v, const char* func, int index) {
  switch (v.type_index) {
    case kTVMFFISmallStr:
    case kTVMFFISmallBytes:
      return std::string(v.v_bytes, v.small_str_len);
    case kTVMFFIStr:
    case kTVMFFIBytes: {
      const TVMFFIByteArray* b = TVMFFIBytesGetByteArrayPtr(v.v_obj);
      return std::string(b->data, b->size);
    }
    case kTVMFFIRawStr:
      if (v.v_c_str != nullptr) return std::string(v.v_c_str);
      break;
    case kTVMFFIByteArrayPtr:
      if (v.v_ptr != nullptr) {
        auto* b = static_cast<const TVMFFIByteArray*>(v.v_ptr);
        return std::string(b->data, b->size);
      }
      break;
    default:
      break;
  }
  fail("TypeError", std::string(func) + ": argument #" + std::to_string(index) +
                        " must be a str, got type index " + std::to_string(v.type_index));
}

// An int (or bool) argument; TypeError otherwise.
inline int64_t any_view_int(const TVMFFIAny& v, const char* func, int index) {
  if (v.type_index == kTVMFFIInt || v.type_index == kTVMFFIBool) return v.v_int64;
  fail("TypeError", std::string(func) + ": argument #" + std::to_string(index) +
                        " must be an int, got type index " + std::to_string(v.type_index));
}

// Throws TypeError unless exactly `expected` arguments were passed.
inline void require_num_args(int32_t num_args, int32_t expected, const char* func) {
  if (num_args != expected) {
    fail("TypeError", std::string(func) + " expects " + std::to_string(expected) +
                          " argument(s) but got " + std::to_string(num_args));
  }
}

}  // namespace tvm_ffi_rt

#endif  // TVM_FFI_SRC_ANY_INTERNAL_H_
