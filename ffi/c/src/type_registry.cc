// ffi/c/src/type_registry.cc: the type table, index allocation, reflection and type attributes.
//
// Lookups by index never take a lock: entries live in fixed chunks published
// with release stores, and an entry is never moved once published. Every
// mutation takes `g_mutex`. Arrays that grow (fields, methods, attribute
// columns) are replaced rather than reallocated in place; old arrays are kept
// alive, and the count is published after the pointer, so a reader that loads
// the count first always sees an array at least that long.
#include <tvm/ffi/c_api.h>

#include <algorithm>
#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "error_internal.h"
#include "object_internal.h"
#include "type_registry_internal.h"

namespace tvm_ffi_rt {
namespace {

constexpr int32_t kChunkBits = 10;
constexpr int32_t kChunkSize = 1 << kChunkBits;
constexpr int32_t kMaxChunks = 256;  // room for 262144 type indices
constexpr int32_t kMaxTypeIndex = kChunkSize * kMaxChunks;
constexpr int32_t kQueryOnlyParent = -2;

struct TypeEntry {
  TVMFFITypeInfo info{};
  std::string key;
  std::vector<const TVMFFITypeInfo*> ancestors;
  int32_t num_slots = 1;        // own index plus reserved child slots
  int32_t allocated_slots = 1;  // the type itself occupies its first slot
  bool can_overflow = false;
  TVMFFITypeMetadata metadata{};
};

// Owned copies of everything a TVMFFIFieldInfo / TVMFFIMethodInfo points to.
struct Registry {
  std::atomic<std::atomic<TypeEntry*>*> chunks[kMaxChunks] = {};
  std::unordered_map<std::string, int32_t> key_to_index;
  std::shared_mutex mutex;
  int32_t next_dynamic_index = kTVMFFIDynObjectBegin;
  std::deque<std::string> strings;                            // stable storage
  std::vector<std::unique_ptr<TVMFFIFieldInfo[]>> field_arrays;
  std::vector<std::unique_ptr<TVMFFIMethodInfo[]>> method_arrays;
  std::vector<std::unique_ptr<TVMFFIAny[]>> attr_arrays;
  std::unordered_map<std::string, std::unique_ptr<TVMFFITypeAttrColumn>> attr_columns;
};

Registry& registry();

TypeEntry* entry_at(int32_t index) noexcept {
  if (index < 0 || index >= kMaxTypeIndex) return nullptr;
  std::atomic<TypeEntry*>* chunk =
      registry().chunks[index >> kChunkBits].load(std::memory_order_acquire);
  if (chunk == nullptr) return nullptr;
  return chunk[index & (kChunkSize - 1)].load(std::memory_order_acquire);
}

// Caller holds the unique lock.
void publish_entry(Registry& reg, int32_t index, TypeEntry* entry) {
  auto& slot = reg.chunks[index >> kChunkBits];
  std::atomic<TypeEntry*>* chunk = slot.load(std::memory_order_relaxed);
  if (chunk == nullptr) {
    chunk = new std::atomic<TypeEntry*>[kChunkSize]();
    slot.store(chunk, std::memory_order_release);
  }
  chunk[index & (kChunkSize - 1)].store(entry, std::memory_order_release);
}

TVMFFIByteArray keep_bytes(Registry& reg, const TVMFFIByteArray& bytes) {
  reg.strings.emplace_back(bytes.data == nullptr ? "" : std::string(bytes.data, bytes.size));
  const std::string& kept = reg.strings.back();
  return TVMFFIByteArray{kept.data(), kept.size()};
}

// Caller holds the unique lock. Registers `key` at `index` under `parent`.
TypeEntry* add_entry(Registry& reg, std::string_view key, int32_t index, TypeEntry* parent,
                     int32_t num_child_slots, bool can_overflow) {
  auto* entry = new TypeEntry();
  entry->key.assign(key.data(), key.size());
  entry->num_slots = num_child_slots + 1;
  entry->can_overflow = can_overflow;
  if (parent != nullptr) {
    entry->ancestors = parent->ancestors;
    entry->ancestors.push_back(&parent->info);
  }
  TVMFFITypeInfo& info = entry->info;
  info.type_index = index;
  info.type_depth = static_cast<int32_t>(entry->ancestors.size());
  info.type_key = TVMFFIByteArray{entry->key.data(), entry->key.size()};
  info.type_ancestors = entry->ancestors.empty() ? nullptr : entry->ancestors.data();
  info.type_key_hash = std::hash<std::string_view>()(entry->key);
  reg.key_to_index.emplace(entry->key, index);
  publish_entry(reg, index, entry);
  return entry;
}

std::string key_text(const TVMFFIByteArray* key) { return std::string(key->data, key->size); }

int32_t allocate_index(Registry& reg, const TVMFFIByteArray* type_key, int32_t static_index,
                       int32_t depth, int32_t num_child_slots, bool can_overflow,
                       int32_t parent_index) {
  constexpr const char* kFn = "TVMFFITypeGetOrAllocIndex";
  if (num_child_slots < 0) fail("ValueError", std::string(kFn) + ": `num_child_slots` is negative");
  TypeEntry* parent = nullptr;
  if (parent_index >= 0) {
    parent = entry_at(parent_index);
    if (parent == nullptr) {
      fail("IndexError", std::string(kFn) + ": `parent_type_index` " +
                             std::to_string(parent_index) + " is not a registered type (key `" +
                             key_text(type_key) + "`)");
    }
    if (depth != parent->info.type_depth + 1) {
      fail("ValueError", std::string(kFn) + ": `type_depth` " + std::to_string(depth) +
                             " of `" + key_text(type_key) + "` must be parent depth + 1 = " +
                             std::to_string(parent->info.type_depth + 1));
    }
    // A child may only overflow into the dynamic range when its parent may.
    can_overflow = can_overflow && parent->can_overflow;
  }
  int32_t index;
  if (static_index >= 0) {
    if (entry_at(static_index) != nullptr) {
      fail("ValueError", std::string(kFn) + ": static index " + std::to_string(static_index) +
                             " of `" + key_text(type_key) + "` is already taken by `" +
                             entry_at(static_index)->key + "`");
    }
    index = static_index;
  } else {
    if (parent == nullptr) {
      fail("ValueError", std::string(kFn) + ": `" + key_text(type_key) +
                             "` needs a registered parent type to allocate an index");
    }
    int32_t needed = num_child_slots + 1;
    if (parent->allocated_slots + needed <= parent->num_slots) {
      index = parent->info.type_index + parent->allocated_slots;
      parent->allocated_slots += needed;
    } else if (parent->can_overflow) {
      if (reg.next_dynamic_index + needed > kMaxTypeIndex) {
        fail("RuntimeError", std::string(kFn) + ": the type table is full");
      }
      index = reg.next_dynamic_index;
      reg.next_dynamic_index += needed;
    } else {
      fail("RuntimeError", std::string(kFn) + ": parent `" + parent->key +
                               "` has no free child slot for `" + key_text(type_key) +
                               "` and does not allow overflow");
    }
  }
  if (index >= kMaxTypeIndex) fail("ValueError", std::string(kFn) + ": index out of range");
  add_entry(reg, std::string_view(type_key->data, type_key->size), index, parent,
            num_child_slots, can_overflow);
  return index;
}

void seed_builtin_types(Registry& reg) {
  static const char* const kPodKeys[] = {
      "None",         "int",    "bool",        "float",
      "void*",        "DataType", "Device",    "DLTensor*",
      "const char*",  "TVMFFIByteArray*", "ObjectRValueRef", "ffi.SmallStr",
      "ffi.SmallBytes", "ffi.Unchanged"};
  for (int32_t i = 0; i <= kTVMFFIUnchanged; ++i) {
    add_entry(reg, kPodKeys[i], i, nullptr, 0, false);
  }
  TypeEntry* object = add_entry(reg, "ffi.Object", kTVMFFIObject, nullptr, 0, true);
  static const std::pair<int32_t, const char*> kObjectKeys[] = {
      {kTVMFFIStr, "ffi.String"},       {kTVMFFIBytes, "ffi.Bytes"},
      {kTVMFFIError, "ffi.Error"},      {kTVMFFIFunction, "ffi.Function"},
      {kTVMFFIShape, "ffi.Shape"},      {kTVMFFITensor, "ffi.Tensor"},
      {kTVMFFIArray, "ffi.Array"},      {kTVMFFIMap, "ffi.Map"},
      {kTVMFFIModule, "ffi.Module"},    {kTVMFFIOpaquePyObject, "ffi.OpaquePyObject"},
      {kTVMFFIList, "ffi.List"},        {kTVMFFIDict, "ffi.Dict"},
      {kTVMFFIVisitInterrupt, "ffi.VisitInterrupt"}, {kTVMFFIBigInt, "ffi.BigInt"}};
  for (const auto& [index, key] : kObjectKeys) add_entry(reg, key, index, object, 0, false);
}

Registry& registry() {
  // Leaked on purpose: objects may be released during static destruction.
  static Registry* reg = [] {
    auto* r = new Registry();
    seed_builtin_types(*r);
    // Binaries cache these columns the first time they look (SPEC REG-ATTR-PRECREATE).
    for (const char* name : {"__any_hash__", "__any_equal__"}) {
      r->attr_columns[name] = std::make_unique<TVMFFITypeAttrColumn>(TVMFFITypeAttrColumn{});
    }
    return r;
  }();
  return *reg;
}

TypeEntry* require_entry(int32_t type_index, const char* func) {
  TypeEntry* entry = entry_at(type_index);
  if (entry == nullptr) {
    fail("IndexError", std::string(func) + ": `type_index` " + std::to_string(type_index) +
                           " is not a registered type");
  }
  return entry;
}

void retain_any(const TVMFFIAny& value) {
  if (value.type_index >= kTVMFFIStaticObjectBegin) object_inc_ref(value.v_obj);
}

// Appends one element to a published array: new array, then pointer, then count.
template <typename T>
void append_published(std::vector<std::unique_ptr<T[]>>& keep, const T*& data, int32_t& count,
                      const T& item) {
  auto grown = std::make_unique<T[]>(static_cast<size_t>(count) + 1);
  for (int32_t i = 0; i < count; ++i) grown[i] = data[i];
  grown[count] = item;
  __atomic_store_n(&data, grown.get(), __ATOMIC_RELEASE);
  __atomic_store_n(&count, count + 1, __ATOMIC_RELEASE);
  keep.push_back(std::move(grown));
}

void check_field_name_unique(const TypeEntry& entry, const TVMFFIByteArray& name) {
  std::string_view wanted(name.data, name.size);
  for (int32_t i = 0; i < entry.info.num_fields; ++i) {
    const TVMFFIByteArray& have = entry.info.fields[i].name;
    if (std::string_view(have.data, have.size) == wanted) {
      fail("ValueError", "TVMFFITypeRegisterField: type `" + entry.key +
                             "` already has a field named `" + std::string(wanted) + "`");
    }
  }
}

}  // namespace

const TVMFFITypeInfo* type_info_find(int32_t type_index) noexcept {
  TypeEntry* entry = entry_at(type_index);
  return entry == nullptr ? nullptr : &entry->info;
}

// The procedure of SPEC REG-INSTANCE-CHECK, which inline code also follows.
bool type_is_instance(int32_t type_index, int32_t base_index) noexcept {
  if (type_index == base_index) return true;
  // Every object is an ffi.Object.
  if (base_index == kTVMFFIObject) return type_index >= kTVMFFIStaticObjectBegin;
  TypeEntry* base = entry_at(base_index);
  if (base == nullptr) return false;
  // The base's own range holds only the base and its descendants.
  if (type_index > base_index && type_index - base_index < base->num_slots) return true;
  // Beyond it, only a base that allows overflow can have descendants.
  if (!base->can_overflow || type_index < base_index) return false;
  const TVMFFITypeInfo* info = type_info_find(type_index);
  int32_t depth = base->info.type_depth;
  if (info == nullptr || info->type_depth <= depth) return false;
  return info->type_ancestors[depth]->type_index == base_index;
}

}  // namespace tvm_ffi_rt

using namespace tvm_ffi_rt;

extern "C" {

int32_t TVMFFITypeGetOrAllocIndex(const TVMFFIByteArray* type_key, int32_t static_type_index,
                                  int32_t type_depth, int32_t num_child_slots,
                                  int32_t child_slots_can_overflow, int32_t parent_type_index) {
  try {
    require_non_null(type_key, "TVMFFITypeGetOrAllocIndex", "type_key");
    Registry& reg = registry();
    std::string key = key_text(type_key);
    {
      std::shared_lock<std::shared_mutex> read(reg.mutex);
      auto it = reg.key_to_index.find(key);
      if (it != reg.key_to_index.end()) return it->second;
    }
    if (parent_type_index == kQueryOnlyParent) return kQueryOnlyParent;
    std::unique_lock<std::shared_mutex> write(reg.mutex);
    auto it = reg.key_to_index.find(key);  // another thread may have won the race
    if (it != reg.key_to_index.end()) return it->second;
    return allocate_index(reg, type_key, static_type_index, type_depth, num_child_slots,
                          child_slots_can_overflow != 0, parent_type_index);
  } catch (...) {
    return error_set_from_current_exception();
  }
}

int TVMFFITypeKeyToIndex(const TVMFFIByteArray* type_key, int32_t* out_tindex) {
  TVM_FFI_RT_API_BEGIN();
  require_non_null(type_key, "TVMFFITypeKeyToIndex", "type_key");
  require_non_null(out_tindex, "TVMFFITypeKeyToIndex", "out_tindex");
  Registry& reg = registry();
  std::string key = key_text(type_key);
  std::shared_lock<std::shared_mutex> read(reg.mutex);
  auto it = reg.key_to_index.find(key);
  if (it == reg.key_to_index.end()) {
    fail("KeyError", "TVMFFITypeKeyToIndex: unknown type key `" + key + "`");
  }
  *out_tindex = it->second;
  TVM_FFI_RT_API_END();
}

const TVMFFITypeInfo* TVMFFIGetTypeInfo(int32_t type_index) {
  if (const TVMFFITypeInfo* info = type_info_find(type_index)) return info;
  error_raise("IndexError", "TVMFFIGetTypeInfo: `type_index` " + std::to_string(type_index) +
                                " is not a registered type");
  return nullptr;
}

int TVMFFITypeRegisterField(int32_t type_index, const TVMFFIFieldInfo* info) {
  TVM_FFI_RT_API_BEGIN();
  require_non_null(info, "TVMFFITypeRegisterField", "info");
  Registry& reg = registry();
  std::unique_lock<std::shared_mutex> write(reg.mutex);
  TypeEntry* entry = require_entry(type_index, "TVMFFITypeRegisterField");
  if (info->name.data == nullptr || info->name.size == 0) {
    fail("ValueError", "TVMFFITypeRegisterField: `info->name` of a field of `" + entry->key +
                           "` is empty");
  }
  check_field_name_unique(*entry, info->name);
  // The registry keeps an owned copy of the default: views (raw strings, byte
  // arrays) become String/Bytes values, objects gain a reference.
  TVMFFIAny owned_default;
  if (TVMFFIAnyViewToOwnedAny(&info->default_value_or_factory, &owned_default) != 0) return -1;
  TVMFFIFieldInfo copy = *info;
  copy.default_value_or_factory = owned_default;
  copy.name = keep_bytes(reg, info->name);
  copy.doc = keep_bytes(reg, info->doc);
  copy.metadata = keep_bytes(reg, info->metadata);
  if ((copy.flags & kTVMFFIFieldFlagBitSetterIsFunctionObj) && copy.setter != nullptr) {
    object_inc_ref(copy.setter);
  }
  append_published(reg.field_arrays, entry->info.fields, entry->info.num_fields, copy);
  TVM_FFI_RT_API_END();
}

int TVMFFITypeRegisterMethod(int32_t type_index, const TVMFFIMethodInfo* info) {
  TVM_FFI_RT_API_BEGIN();
  require_non_null(info, "TVMFFITypeRegisterMethod", "info");
  Registry& reg = registry();
  std::unique_lock<std::shared_mutex> write(reg.mutex);
  TypeEntry* entry = require_entry(type_index, "TVMFFITypeRegisterMethod");
  TVMFFIMethodInfo copy = *info;
  copy.name = keep_bytes(reg, info->name);
  copy.doc = keep_bytes(reg, info->doc);
  copy.metadata = keep_bytes(reg, info->metadata);
  retain_any(copy.method);
  append_published(reg.method_arrays, entry->info.methods, entry->info.num_methods, copy);
  TVM_FFI_RT_API_END();
}

int TVMFFITypeRegisterMetadata(int32_t type_index, const TVMFFITypeMetadata* metadata) {
  TVM_FFI_RT_API_BEGIN();
  require_non_null(metadata, "TVMFFITypeRegisterMetadata", "metadata");
  Registry& reg = registry();
  std::unique_lock<std::shared_mutex> write(reg.mutex);
  TypeEntry* entry = require_entry(type_index, "TVMFFITypeRegisterMetadata");
  if (entry->info.metadata != nullptr) {
    fail("RuntimeError", "TVMFFITypeRegisterMetadata: type `" + entry->key +
                             "` already has metadata; is ObjectDef<T> used twice for it?");
  }
  entry->metadata = *metadata;
  entry->metadata.doc = keep_bytes(reg, metadata->doc);
  __atomic_store_n(&entry->info.metadata, &entry->metadata, __ATOMIC_RELEASE);
  TVM_FFI_RT_API_END();
}

int TVMFFITypeRegisterAttr(int32_t type_index, const TVMFFIByteArray* attr_name,
                           const TVMFFIAny* attr_value) {
  TVM_FFI_RT_API_BEGIN();
  require_non_null(attr_name, "TVMFFITypeRegisterAttr", "attr_name");
  require_non_null(attr_value, "TVMFFITypeRegisterAttr", "attr_value");
  Registry& reg = registry();
  std::unique_lock<std::shared_mutex> write(reg.mutex);
  std::string name = key_text(attr_name);
  auto& column = reg.attr_columns[name];
  if (column == nullptr) column = std::make_unique<TVMFFITypeAttrColumn>(TVMFFITypeAttrColumn{});
  if (type_index == kTVMFFINone) return 0;  // only makes sure the column exists
  TypeEntry* entry = require_entry(type_index, "TVMFFITypeRegisterAttr");
  if (type_index < column->size && column->data[type_index].type_index != kTVMFFINone) {
    fail("RuntimeError", "TVMFFITypeRegisterAttr: attribute `" + name + "` of type `" +
                             entry->key + "` is already set");
  }
  if (type_index >= column->size) {
    int32_t new_size = std::max(type_index + 1, column->size * 2);
    auto grown = std::make_unique<TVMFFIAny[]>(static_cast<size_t>(new_size));
    for (int32_t i = 0; i < new_size; ++i) grown[i] = TVMFFIAny{};
    for (int32_t i = 0; i < column->size; ++i) grown[i] = column->data[i];
    __atomic_store_n(&column->data, grown.get(), __ATOMIC_RELEASE);
    __atomic_store_n(&column->size, new_size, __ATOMIC_RELEASE);
    reg.attr_arrays.push_back(std::move(grown));
  }
  // Views (raw strings, byte arrays) become owned values; objects gain a reference.
  TVMFFIAny value;
  if (TVMFFIAnyViewToOwnedAny(attr_value, &value) != 0) return -1;
  // Payload first, then the tag with a release store: a concurrent reader sees
  // either the old None or the complete value.
  TVMFFIAny* slot = const_cast<TVMFFIAny*>(column->data) + type_index;
  slot->zero_padding = value.zero_padding;
  slot->v_uint64 = value.v_uint64;
  __atomic_store_n(&slot->type_index, value.type_index, __ATOMIC_RELEASE);
  TVM_FFI_RT_API_END();
}

const TVMFFITypeAttrColumn* TVMFFIGetTypeAttrColumn(const TVMFFIByteArray* attr_name) {
  if (attr_name == nullptr) {
    error_raise("ValueError", "TVMFFIGetTypeAttrColumn: `attr_name` must not be NULL");
    return nullptr;
  }
  Registry& reg = registry();
  std::shared_lock<std::shared_mutex> read(reg.mutex);
  auto it = reg.attr_columns.find(key_text(attr_name));
  return it == reg.attr_columns.end() ? nullptr : it->second.get();
}

}  // extern "C"
