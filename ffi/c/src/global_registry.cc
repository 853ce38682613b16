// ffi/c/src/global_registry.cc: the process-wide table of named global functions.
#include <tvm/ffi/c_api.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "error_internal.h"
#include "function_internal.h"
#include "object_internal.h"
#include "type_registry_internal.h"

namespace tvm_ffi_rt {
namespace {

// One entry is also a TVMFFIMethodInfo (flags = IsStaticMethod) over owned strings.
struct GlobalEntry {
  std::string name, doc, metadata;
  TVMFFIObjectHandle function = nullptr;
  ~GlobalEntry() { object_dec_ref(function); }
};

struct GlobalTable {
  std::shared_mutex mutex;
  std::unordered_map<std::string, std::unique_ptr<GlobalEntry>> entries;
};

GlobalTable& globals() {
  static GlobalTable* table = new GlobalTable();  // outlives static destructors
  return *table;
}

std::string bytes_text(const TVMFFIByteArray& b) {
  return b.data == nullptr ? std::string() : std::string(b.data, b.size);
}

// `name_arg` / `f_arg` are how the caller's C function names those arguments in messages.
void set_global(const TVMFFIByteArray& name, const TVMFFIByteArray& doc,
                const TVMFFIByteArray& metadata, TVMFFIObjectHandle f, bool allow_override,
                const char* func, const char* name_arg = "name", const char* f_arg = "f") {
  if (name.data == nullptr || name.size == 0) {
    fail("ValueError", std::string(func) + ": `" + name_arg + "` (the function name) is empty");
  }
  require_non_null(f, func, f_arg);
  if (!type_is_instance(object_type_index(f), kTVMFFIFunction)) {
    fail("TypeError", std::string(func) + ": `" + f_arg + "` must be a Function, got type index " +
                          std::to_string(object_type_index(f)) + " for global `" +
                          bytes_text(name) + "`");
  }
  auto entry = std::make_unique<GlobalEntry>();
  entry->name = bytes_text(name);
  entry->doc = bytes_text(doc);
  entry->metadata = bytes_text(metadata);
  object_inc_ref(f);
  entry->function = f;
  GlobalTable& table = globals();
  std::unique_ptr<GlobalEntry> replaced;
  {
    std::unique_lock<std::shared_mutex> write(table.mutex);
    auto& slot = table.entries[entry->name];
    if (slot != nullptr && !allow_override) {
      fail("RuntimeError", std::string(func) + ": Global Function `" + entry->name +
                           "` is already registered");
    }
    replaced = std::move(slot);
    slot = std::move(entry);
  }
  // The old function is released outside the lock: its destructor may call back in.
}

}  // namespace

std::vector<std::string> global_list_names() {
  GlobalTable& table = globals();
  std::vector<std::string> names;
  {
    std::shared_lock<std::shared_mutex> read(table.mutex);
    names.reserve(table.entries.size());
    for (const auto& kv : table.entries) names.push_back(kv.first);
  }
  std::sort(names.begin(), names.end());
  return names;
}

bool global_remove(const std::string& name) {
  GlobalTable& table = globals();
  std::unique_ptr<GlobalEntry> removed;
  std::unique_lock<std::shared_mutex> write(table.mutex);
  auto it = table.entries.find(name);
  if (it == table.entries.end()) return false;
  removed = std::move(it->second);
  table.entries.erase(it);
  write.unlock();
  return true;
}

bool global_metadata(const std::string& name, std::string* out) {
  GlobalTable& table = globals();
  std::shared_lock<std::shared_mutex> read(table.mutex);
  auto it = table.entries.find(name);
  if (it == table.entries.end()) return false;
  *out = it->second->metadata;
  return true;
}

void global_register_builtin(const char* name, TVMFFISafeCallType safe_call) {
  TVMFFIObjectHandle fn = function_new(nullptr, safe_call, nullptr);
  TVMFFIByteArray key{name, std::char_traits<char>::length(name)};
  TVMFFIByteArray empty{nullptr, 0};
  try {
    set_global(key, empty, empty, fn, true, "global_register_builtin");
  } catch (...) {
    object_dec_ref(fn);
    throw;
  }
  object_dec_ref(fn);
}

}  // namespace tvm_ffi_rt

using namespace tvm_ffi_rt;

extern "C" {

int TVMFFIFunctionSetGlobal(const TVMFFIByteArray* name, TVMFFIObjectHandle f,
                            int allow_override) {
  TVM_FFI_RT_API_BEGIN();
  require_non_null(name, "TVMFFIFunctionSetGlobal", "name");
  TVMFFIByteArray empty{nullptr, 0};
  set_global(*name, empty, empty, f, allow_override != 0, "TVMFFIFunctionSetGlobal");
  TVM_FFI_RT_API_END();
}

int TVMFFIFunctionSetGlobalFromMethodInfo(const TVMFFIMethodInfo* method_info,
                                          int allow_override) {
  TVM_FFI_RT_API_BEGIN();
  constexpr const char* kFn = "TVMFFIFunctionSetGlobalFromMethodInfo";
  require_non_null(method_info, kFn, "method_info");
  if (method_info->method.type_index < kTVMFFIStaticObjectBegin) {
    fail("TypeError", std::string(kFn) + ": `method_info->method` must hold a Function");
  }
  set_global(method_info->name, method_info->doc, method_info->metadata,
             method_info->method.v_obj, allow_override != 0, kFn, "method_info->name",
             "method_info->method");
  TVM_FFI_RT_API_END();
}

int TVMFFIFunctionGetGlobal(const TVMFFIByteArray* name, TVMFFIObjectHandle* out) {
  TVM_FFI_RT_API_BEGIN();
  require_non_null(name, "TVMFFIFunctionGetGlobal", "name");
  require_non_null(out, "TVMFFIFunctionGetGlobal", "out");
  std::string key = bytes_text(*name);
  GlobalTable& table = globals();
  std::shared_lock<std::shared_mutex> read(table.mutex);
  auto it = table.entries.find(key);
  if (it == table.entries.end()) {
    *out = nullptr;
  } else {
    object_inc_ref(it->second->function);
    *out = it->second->function;
  }
  TVM_FFI_RT_API_END();
}

}  // extern "C"
