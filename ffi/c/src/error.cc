// ffi/c/src/error.cc: Error objects and the thread-local error slot.
#include <tvm/ffi/c_api.h>

#include <cstring>
#include <new>
#include <string>

#include "error_internal.h"
#include "object_internal.h"
#include "type_registry_internal.h"

namespace tvm_ffi_rt {
namespace {

// {TVMFFIObject; TVMFFIErrorCell} followed by the strings the cell points into.
struct ErrorObj {
  TVMFFIObject header;
  TVMFFIErrorCell cell;
  std::string kind;
  std::string message;
  std::string backtrace;

  ErrorObj(std::string k, std::string m, std::string bt)
      : kind(std::move(k)), message(std::move(m)), backtrace(std::move(bt)) {
    cell.kind = TVMFFIByteArray{kind.data(), kind.size()};
    cell.message = TVMFFIByteArray{message.data(), message.size()};
    refresh_backtrace();
    cell.update_backtrace = update_backtrace;
    cell.cause_chain = nullptr;
    cell.extra_context = nullptr;
  }
  ~ErrorObj() {
    object_dec_ref(cell.cause_chain);
    object_dec_ref(cell.extra_context);
  }
  void refresh_backtrace() { cell.backtrace = TVMFFIByteArray{backtrace.data(), backtrace.size()}; }

  static void update_backtrace(TVMFFIObjectHandle self, const TVMFFIByteArray* bt, int32_t mode) {
    if (self == nullptr || bt == nullptr) return;
    auto* err = static_cast<ErrorObj*>(self);
    try {
      std::string text(bt->data, bt->size);
      if (mode == kTVMFFIBacktraceUpdateModeAppend) {
        err->backtrace += text;
      } else {
        err->backtrace = std::move(text);
      }
      err->refresh_backtrace();
    } catch (...) {
      // Out of memory while decorating an error: keep the old backtrace.
    }
  }
};

std::string bytes_text(const TVMFFIByteArray* bytes) {
  if (bytes == nullptr || bytes->data == nullptr) return std::string();
  return std::string(bytes->data, bytes->size);
}

// Holds one strong reference; released when the thread exits.
struct ErrorSlot {
  TVMFFIObjectHandle error = nullptr;
  ~ErrorSlot() { object_dec_ref(error); }
};

ErrorSlot& error_slot() {
  static thread_local ErrorSlot slot;
  return slot;
}

// Raised when even building an Error runs out of memory; never freed. It is
// built with plain `new` when the library loads, so it exists before any
// custom allocator is installed and asking for it can never fail or throw.
TVMFFIObjectHandle make_out_of_memory_error() {
  auto* err = new ErrorObj("MemoryError", "out of memory while raising an error", "");
  err->header.combined_ref_count = kInitialRefCount;
  err->header.type_index = kTVMFFIError;
  err->header.__padding = 0;
  err->header.deleter = nullptr;  // a process-lifetime singleton
  return err;
}
TVMFFIObjectHandle g_out_of_memory_error = make_out_of_memory_error();

TVMFFIObjectHandle out_of_memory_error() noexcept {
  object_inc_ref(g_out_of_memory_error);
  return g_out_of_memory_error;
}

TVMFFIObjectHandle make_error(std::string kind, std::string message, std::string backtrace) {
  return object_new<ErrorObj>(kTVMFFIError, 0, std::move(kind), std::move(message),
                              std::move(backtrace));
}

std::string capture_backtrace() {
  const TVMFFIByteArray* bt = TVMFFIBacktrace(nullptr, 0, nullptr, 0);
  return bt == nullptr ? std::string() : std::string(bt->data, bt->size);
}

}  // namespace

TVMFFIObjectHandle error_slot_peek() noexcept { return error_slot().error; }

void error_slot_store(TVMFFIObjectHandle error) noexcept {
  ErrorSlot& slot = error_slot();
  TVMFFIObjectHandle old = slot.error;
  slot.error = error;
  object_dec_ref(old);
}

void error_raise(const char* kind, const std::string& message) noexcept {
  try {
    error_slot_store(make_error(kind, message, capture_backtrace()));
  } catch (...) {
    error_slot_store(out_of_memory_error());
  }
}

int error_set_from_current_exception() noexcept {
  try {
    throw;
  } catch (const ErrorAlreadyRaised&) {
    // The error is already in this thread's slot.
  } catch (const RuntimeFailure& e) {
    error_raise(e.kind.c_str(), e.message);
  } catch (const std::bad_alloc&) {
    error_raise("MemoryError", "out of memory");
  } catch (const std::exception& e) {
    error_raise("InternalError", e.what());
  } catch (...) {
    error_raise("InternalError", "unknown C++ exception");
  }
  return -1;
}

}  // namespace tvm_ffi_rt

using namespace tvm_ffi_rt;

extern "C" {

void TVMFFIErrorMoveFromRaised(TVMFFIObjectHandle* result) {
  if (result == nullptr) return;
  ErrorSlot& slot = error_slot();
  *result = slot.error;
  slot.error = nullptr;
}

void TVMFFIErrorSetRaised(TVMFFIObjectHandle error) {
  // Misuse raises an error describing it instead (SPEC EXT-NON-INT-RETURNS).
  if (error == nullptr) {
    error_raise("ValueError", "TVMFFIErrorSetRaised: `error` must not be NULL");
    return;
  }
  int32_t type_index = object_type_index(error);
  if (!type_is_instance(type_index, kTVMFFIError)) {
    error_raise("TypeError", "TVMFFIErrorSetRaised: `error` must be an Error, got type index " +
                                 std::to_string(type_index));
    return;
  }
  object_inc_ref(error);
  error_slot_store(error);
}

void TVMFFIErrorSetRaisedFromCStr(const char* kind, const char* message) {
  error_raise(kind != nullptr ? kind : "RuntimeError", message != nullptr ? message : "");
}

void TVMFFIErrorSetRaisedFromCStrParts(const char* kind, const char** message_parts,
                                       int32_t num_parts) {
  try {
    std::string message;
    for (int32_t i = 0; message_parts != nullptr && i < num_parts; ++i) {
      if (message_parts[i] != nullptr) message += message_parts[i];
    }
    error_raise(kind != nullptr ? kind : "RuntimeError", message);
  } catch (...) {
    error_slot_store(out_of_memory_error());
  }
}

int TVMFFIErrorCreate(const TVMFFIByteArray* kind, const TVMFFIByteArray* message,
                      const TVMFFIByteArray* backtrace, TVMFFIObjectHandle* out) {
  return TVMFFIErrorCreateWithCauseAndExtraContext(kind, message, backtrace, nullptr, nullptr,
                                                   out);
}

int TVMFFIErrorCreateWithCauseAndExtraContext(const TVMFFIByteArray* kind,
                                              const TVMFFIByteArray* message,
                                              const TVMFFIByteArray* backtrace,
                                              TVMFFIObjectHandle cause_chain,
                                              TVMFFIObjectHandle extra_context,
                                              TVMFFIObjectHandle* out) {
  // Runs on error paths, so every failure (bad arguments or no memory) is
  // reported by the return code alone and the thread's error slot is untouched.
  if (out == nullptr || kind == nullptr || message == nullptr || backtrace == nullptr) return -1;
  if (cause_chain != nullptr && !type_is_instance(object_type_index(cause_chain), kTVMFFIError)) {
    return -1;
  }
  try {
    auto* err = static_cast<ErrorObj*>(
        make_error(bytes_text(kind), bytes_text(message), bytes_text(backtrace)));
    object_inc_ref(cause_chain);
    object_inc_ref(extra_context);
    err->cell.cause_chain = cause_chain;
    err->cell.extra_context = extra_context;
    *out = err;
    return 0;
  } catch (...) {
    return -1;
  }
}

}  // extern "C"
