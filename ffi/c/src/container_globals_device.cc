// ffi/c/src/container_globals_device.cc: ffi.ContainerFindFirstNonCPUDevice (soft ABI).
//
//   ffi.ContainerFindFirstNonCPUDevice(value) -> Device
//
// The device of the first tensor not on the CPU found in `value` (a tensor, or Arrays, Lists,
// Maps and Dicts nesting them, map values only), in depth-first order; cpu:0 when there is
// none. Bindings use it to pick the stream of a call whose tensors sit inside containers.
// The walk keeps its own stack and remembers the containers it has entered, so deep nesting
// cannot overflow the native stack and a List or Dict that contains itself is entered once.
#include <tvm/ffi/any.h>
#include <tvm/ffi/container/array.h>
#include <tvm/ffi/container/dict.h>
#include <tvm/ffi/container/list.h>
#include <tvm/ffi/container/map.h>
#include <tvm/ffi/container/tensor.h>
#include <tvm/ffi/device.h>
#include <tvm/ffi/reflection/registry.h>

#include <unordered_set>
#include <vector>

namespace tvm_ffi_rt {
namespace {

using ::tvm::ffi::Any;

DLDevice find_first_non_cpu_device(const Any& root) {
  std::vector<Any> pending{root};
  std::unordered_set<const void*> entered;
  while (!pending.empty()) {
    Any value = std::move(pending.back());
    pending.pop_back();
    int32_t t = value.type_index();
    if (t == kTVMFFITensor) {
      DLDevice device = value.cast<::tvm::ffi::Tensor>()->device;
      if (device.device_type != kDLCPU) return device;
      continue;
    }
    if (t != kTVMFFIArray && t != kTVMFFIList && t != kTVMFFIMap && t != kTVMFFIDict) continue;
    if (!entered.insert(value.as<::tvm::ffi::ObjectRef>()->get()).second) continue;
    // Pushed in reverse, so that the first element is looked at first.
    std::vector<Any> children;
    if (t == kTVMFFIArray) {
      for (const Any& item : value.cast<::tvm::ffi::Array<Any>>()) children.push_back(item);
    } else if (t == kTVMFFIList) {
      for (const Any& item : value.cast<::tvm::ffi::List<Any>>()) children.push_back(item);
    } else if (t == kTVMFFIMap) {
      for (const auto& kv : value.cast<::tvm::ffi::Map<Any, Any>>()) children.push_back(kv.second);
    } else {
      for (const auto& kv : value.cast<::tvm::ffi::Dict<Any, Any>>()) children.push_back(kv.second);
    }
    pending.insert(pending.end(), children.rbegin(), children.rend());
  }
  return DLDevice{kDLCPU, 0};
}

__attribute__((constructor)) void register_container_device_global() {
  try {
    ::tvm::ffi::reflection::GlobalDef().def("ffi.ContainerFindFirstNonCPUDevice",
                                            find_first_non_cpu_device);
  } catch (...) {
    // Out of memory while loading: the C API still works without it.
  }
}

}  // namespace
}  // namespace tvm_ffi_rt
