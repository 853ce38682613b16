// ffi/c/src/error_internal.h: how runtime code raises errors and guards every C entry point.
#ifndef TVM_FFI_SRC_ERROR_INTERNAL_H_
#define TVM_FFI_SRC_ERROR_INTERNAL_H_

#include <tvm/ffi/c_api.h>

#include <exception>
#include <string>
#include <utility>

namespace tvm_ffi_rt {

// Thrown inside the runtime only; every exported function catches it at the
// boundary, so no C++ exception ever crosses the C ABI.
struct RuntimeFailure : public std::exception {
  RuntimeFailure(std::string kind, std::string message)
      : kind(std::move(kind)), message(std::move(message)) {}
  const char* what() const noexcept override { return message.c_str(); }
  std::string kind;
  std::string message;
};

// Thrown when a callee (e.g. a custom allocator) has already put the Error in
// the thread's slot; the boundary returns -1 and leaves the slot as it is.
struct ErrorAlreadyRaised {};

// Throws a RuntimeFailure; messages name the C function and the argument.
[[noreturn]] inline void fail(const char* kind, std::string message) {
  throw RuntimeFailure(kind, std::move(message));
}

// Throws ValueError "<func>: <arg> must not be NULL" when ptr is NULL.
template <typename T>
inline void require_non_null(const T* ptr, const char* func, const char* arg) {
  if (ptr == nullptr) fail("ValueError", std::string(func) + ": `" + arg + "` must not be NULL");
}

// Stores the in-flight exception in the thread's error slot and returns -1.
// RuntimeFailure keeps its kind, std::bad_alloc becomes MemoryError and any
// other exception becomes InternalError.
int error_set_from_current_exception() noexcept;

// Raises kind/message in the thread's error slot without throwing.
void error_raise(const char* kind, const std::string& message) noexcept;

// The Error currently in this thread's slot (borrowed), or nullptr.
TVMFFIObjectHandle error_slot_peek() noexcept;

// Replaces the object stored in the error slot (steals `error`).
void error_slot_store(TVMFFIObjectHandle error) noexcept;

}  // namespace tvm_ffi_rt

// Wraps the body of an exported int-returning function: returns 0 at the end,
// or -1 with the error slot set if anything was thrown.
#define TVM_FFI_RT_API_BEGIN() try {
#define TVM_FFI_RT_API_END()                                     \
  }                                                              \
  catch (...) {                                                  \
    return ::tvm_ffi_rt::error_set_from_current_exception();     \
  }                                                              \
  return 0;

#endif  // TVM_FFI_SRC_ERROR_INTERNAL_H_
