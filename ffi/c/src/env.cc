// ffi/c/src/env.cc: per-thread streams, the DLPack tensor allocator, signal checks and host C-API hooks.
#include <tvm/ffi/c_api.h>
#include <tvm/ffi/extra/c_env_api.h>

#include <atomic>
#include <cstring>
#include <string>
#include <vector>

#include "error_internal.h"
#include "object_internal.h"

namespace tvm_ffi_rt {
namespace {

// Device types are DLDeviceType values (one byte in practice); ids beyond the
// cap are treated as caller bugs rather than growing the table without bound.
constexpr int32_t kMaxDeviceType = 256;
constexpr int32_t kMaxDeviceId = 1 << 16;

// streams[device_type][device_id]; rows grow on the first Set for that device.
thread_local std::vector<std::vector<TVMFFIStreamHandle>> tls_streams;

// The thread-local allocator wins over the process-wide one.
thread_local DLPackManagedTensorAllocator tls_allocator = nullptr;
std::atomic<DLPackManagedTensorAllocator> global_allocator{nullptr};

// Host (Python) C-API entry points registered through TVMFFIEnvRegisterCAPI.
using CheckSignalsFn = int (*)();
using GILEnsureFn = int (*)();  // PyGILState_STATE is an int-sized enum
using GILReleaseFn = void (*)(int);
std::atomic<CheckSignalsFn> py_check_signals{nullptr};
std::atomic<GILEnsureFn> py_gil_ensure{nullptr};
std::atomic<GILReleaseFn> py_gil_release{nullptr};

void check_device(int32_t device_type, int32_t device_id, const char* func) {
  if (device_type < 0 || device_type >= kMaxDeviceType) {
    fail("ValueError", std::string(func) + ": `device_type` must be in [0, " +
                           std::to_string(kMaxDeviceType) + "), got " + std::to_string(device_type));
  }
  if (device_id < 0 || device_id >= kMaxDeviceId) {
    fail("ValueError", std::string(func) + ": `device_id` must be in [0, " +
                           std::to_string(kMaxDeviceId) + "), got " + std::to_string(device_id));
  }
}

// Forwards an allocator's error report into the calling thread's error slot.
void allocator_set_error(void* /*error_ctx*/, const char* kind, const char* message) {
  TVMFFIErrorSetRaisedFromCStr(kind, message);
}

// After a failed allocator call: keep the error it raised, or raise one if it
// returned failure silently, so the caller always finds an error.
void ensure_allocator_error() {
  TVMFFIObjectHandle raised = nullptr;
  TVMFFIErrorMoveFromRaised(&raised);
  if (raised != nullptr) {
    error_slot_store(raised);
  } else {
    error_raise("RuntimeError",
                "TVMFFIEnvTensorAlloc: the DLPack allocator failed without reporting an error");
  }
}

}  // namespace
}  // namespace tvm_ffi_rt

using namespace tvm_ffi_rt;

extern "C" {

int TVMFFIEnvSetStream(int32_t device_type, int32_t device_id, TVMFFIStreamHandle stream,
                       TVMFFIStreamHandle* opt_out_original_stream) {
  TVM_FFI_RT_API_BEGIN();
  check_device(device_type, device_id, "TVMFFIEnvSetStream");
  auto& table = tls_streams;
  size_t type = static_cast<size_t>(device_type);
  size_t id = static_cast<size_t>(device_id);
  TVMFFIStreamHandle previous = nullptr;
  if (type < table.size() && id < table[type].size()) {
    previous = table[type][id];
    table[type][id] = stream;
  } else if (stream != nullptr) {
    // Storing NULL into an absent slot changes nothing, so only grow for a real stream.
    if (table.size() <= type) table.resize(type + 1);
    if (table[type].size() <= id) table[type].resize(id + 1, nullptr);
    table[type][id] = stream;
  }
  if (opt_out_original_stream != nullptr) *opt_out_original_stream = previous;
  TVM_FFI_RT_API_END();
}

TVMFFIStreamHandle TVMFFIEnvGetStream(int32_t device_type, int32_t device_id) {
  // Hot path (every kernel launch): bounds checks only, never throws.
  const auto& table = tls_streams;
  if (device_type < 0 || device_id < 0) return nullptr;
  size_t type = static_cast<size_t>(device_type);
  size_t id = static_cast<size_t>(device_id);
  if (type >= table.size() || id >= table[type].size()) return nullptr;
  return table[type][id];
}

int TVMFFIEnvSetDLPackManagedTensorAllocator(DLPackManagedTensorAllocator allocator,
                                             int write_to_global_context,
                                             DLPackManagedTensorAllocator* opt_out_original_allocator) {
  // Only the thread-local previous value is reported: callers restore it
  // after a scoped override (reference behaviour).
  DLPackManagedTensorAllocator previous = tls_allocator;
  tls_allocator = allocator;
  if (write_to_global_context != 0) global_allocator.store(allocator, std::memory_order_release);
  if (opt_out_original_allocator != nullptr) *opt_out_original_allocator = previous;
  return 0;
}

DLPackManagedTensorAllocator TVMFFIEnvGetDLPackManagedTensorAllocator(void) {
  if (tls_allocator != nullptr) return tls_allocator;
  return global_allocator.load(std::memory_order_acquire);
}

int TVMFFIEnvTensorAlloc(DLTensor* prototype, TVMFFIObjectHandle* out) {
  TVM_FFI_RT_API_BEGIN();
  require_non_null(prototype, "TVMFFIEnvTensorAlloc", "prototype");
  require_non_null(out, "TVMFFIEnvTensorAlloc", "out");
  if (prototype->ndim < 0 || (prototype->ndim > 0 && prototype->shape == nullptr)) {
    fail("ValueError", "TVMFFIEnvTensorAlloc: `prototype` needs ndim >= 0 and a shape when ndim > 0");
  }
  DLPackManagedTensorAllocator allocator = TVMFFIEnvGetDLPackManagedTensorAllocator();
  if (allocator == nullptr) {
    fail("RuntimeError",
         "TVMFFIEnvTensorAlloc: allocator is nullptr, likely because "
         "TVMFFIEnvSetDLPackManagedTensorAllocator has not been called.");
  }
  DLManagedTensorVersioned* managed = nullptr;
  if (allocator(prototype, &managed, nullptr, allocator_set_error) != 0) {
    ensure_allocator_error();
    return -1;
  }
  if (managed == nullptr) {
    fail("RuntimeError", "TVMFFIEnvTensorAlloc: the DLPack allocator returned success but no tensor");
  }
  // On failure the import leaves `managed` with us, so release it here.
  if (TVMFFITensorFromDLPackVersioned(managed, 0, 0, out) != 0) {
    if (managed->deleter != nullptr) managed->deleter(managed);
    return -1;
  }
  TVM_FFI_RT_API_END();
}

int TVMFFIEnvCheckSignals(void) {
  CheckSignalsFn check = py_check_signals.load(std::memory_order_acquire);
  if (check == nullptr) return 0;
  GILEnsureFn ensure = py_gil_ensure.load(std::memory_order_acquire);
  GILReleaseFn release = py_gil_release.load(std::memory_order_acquire);
  int rc;
  if (ensure != nullptr && release != nullptr) {
    int state = ensure();
    rc = check();
    release(state);
  } else {
    // Without GIL hooks the host is assumed to hold whatever lock it needs.
    rc = check();
  }
  // Like the reference, report failure without touching the error slot: the
  // host already holds the pending exception, and C++ callers then raise
  // EnvErrorAlreadySet so the host re-raises its own exception.
  return rc == 0 ? 0 : -1;
}

int TVMFFIEnvRegisterCAPI(const char* name, void* symbol) {
  TVM_FFI_RT_API_BEGIN();
  require_non_null(name, "TVMFFIEnvRegisterCAPI", "name");
  if (std::strcmp(name, "PyErr_CheckSignals") == 0) {
    py_check_signals.store(reinterpret_cast<CheckSignalsFn>(symbol), std::memory_order_release);
  } else if (std::strcmp(name, "PyGILState_Ensure") == 0) {
    py_gil_ensure.store(reinterpret_cast<GILEnsureFn>(symbol), std::memory_order_release);
  } else if (std::strcmp(name, "PyGILState_Release") == 0) {
    py_gil_release.store(reinterpret_cast<GILReleaseFn>(symbol), std::memory_order_release);
  } else {
    fail("ValueError", std::string("TVMFFIEnvRegisterCAPI: Unknown env API ") + name);
  }
  TVM_FFI_RT_API_END();
}

}  // extern "C"
