// ffi/c/src/reflection_globals.cc: the reflection globals of the soft ABI (SPEC §5.3, §5.5).
//
//   ffi.GetKwargsObject()                 the KWARGS sentinel (one object per process)
//   ffi.GetInvalidObject()                the MISSING sentinel (one object per process)
//   ffi.GetRegisteredTypeKeys()           Array<str> of every registered type key (built
//                                         through the `ffi.Array` global)
//   ffi.MakeObjectFromPackedArgs(type, k0, v0, k1, v1, ...)
//                                         creator + named fields + defaults
//   ffi.MakeFieldGetter(field_type_index) a TVMFFIFieldGetter as an int
//   ffi.MakeFieldSetter(field_type_index, converter, convert_fn)
//                                         a Function setter `(OpaquePtr(field), value)`;
//                                         `convert_fn(converter, &value, &out)` runs first
//                                         when it is not 0
//   ffi._RegisterFFIInit(type_index)      the generated `__ffi_init__` of a reflected type:
//                                         `init(pos..., KWARGS, k0, v0, ...)`
//
// field_type_index is -1 (an Any slot, 16 bytes), kTVMFFIInt, kTVMFFIFloat, kTVMFFIBool,
// kTVMFFIOpaquePtr, kTVMFFIDataType, kTVMFFIDevice, or an object index (a nullable
// 8-byte object pointer).
#include <tvm/ffi/any.h>
#include <tvm/ffi/c_api.h>
#include <tvm/ffi/dtype.h>
#include <tvm/ffi/device.h>
#include <tvm/ffi/error.h>
#include <tvm/ffi/function.h>
#include <tvm/ffi/memory.h>
#include <tvm/ffi/object.h>
#include <tvm/ffi/reflection/accessor.h>
#include <tvm/ffi/reflection/creator.h>
#include <tvm/ffi/string.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "reflection_internal.h"
#include "type_registry_internal.h"

namespace tvm_ffi_rt {

namespace {

using ::tvm::ffi::Any;
using ::tvm::ffi::AnyView;
using ::tvm::ffi::Function;
using ::tvm::ffi::Object;
using ::tvm::ffi::ObjectPtr;
using ::tvm::ffi::ObjectRef;
using ::tvm::ffi::PackedArgs;
using ::tvm::ffi::String;
namespace refl = ::tvm::ffi::reflection;

// A plain ffi.Object that lives for the rest of the process.
TVMFFIObject* make_sentinel() {
  ObjectPtr<Object> obj = ::tvm::ffi::make_object<Object>();
  TVMFFIObject* header = ::tvm::ffi::detail::ObjectUnsafe::GetHeader(obj.get());
  TVMFFIObjectIncRef(header);  // leaked on purpose
  return header;
}

Any borrowed_object(TVMFFIObject* obj) {
  return Any(::tvm::ffi::detail::ObjectUnsafe::ObjectRefFromObjectPtr<ObjectRef>(
      ::tvm::ffi::detail::ObjectUnsafe::ObjectPtrFromUnowned<Object>(obj)));
}

std::string type_key_of(const TVMFFITypeInfo* info) {
  return std::string(info->type_key.data, info->type_key.size);
}

const TVMFFITypeInfo* type_info_from_arg(AnyView arg, const char* fn) {
  int32_t tindex;
  if (std::optional<int64_t> i = arg.as<int64_t>()) {
    tindex = static_cast<int32_t>(*i);
  } else if (std::optional<String> s = arg.try_cast<String>()) {
    tindex = ::tvm::ffi::TypeKeyToIndex(std::string_view(s->data(), s->size()));
  } else {
    TVM_FFI_THROW(TypeError) << fn << ": expects a type key or a type index as argument 0";
  }
  const TVMFFITypeInfo* info = type_info_find(tindex);
  if (info == nullptr) TVM_FFI_THROW(IndexError) << fn << ": unknown type index " << tindex;
  return info;
}

// ---- ffi.GetRegisteredTypeKeys ------------------------------------------------------------

void get_registered_type_keys(PackedArgs args, Any* rv) {
  if (args.size() != 0) TVM_FFI_THROW(TypeError) << "ffi.GetRegisteredTypeKeys takes no arguments";
  std::optional<Function> make_array = Function::GetGlobal("ffi.Array");
  if (!make_array.has_value()) {
    TVM_FFI_THROW(RuntimeError) << "ffi.GetRegisteredTypeKeys needs the global `ffi.Array`";
  }
  // Every index the registry can hold (type_registry.cc: 256 chunks of 1024).
  constexpr int32_t kMaxTypeIndex = 1 << 18;
  std::vector<String> keys;
  for (int32_t i = 0; i < kMaxTypeIndex; ++i) {
    if (const TVMFFITypeInfo* info = type_info_find(i)) {
      keys.emplace_back(std::string(info->type_key.data, info->type_key.size));
    }
  }
  std::vector<AnyView> views(keys.begin(), keys.end());
  make_array->CallPacked(views.data(), static_cast<int32_t>(views.size()), rv);
}

// ---- ffi.MakeObjectFromPackedArgs ---------------------------------------------------------

void make_object_from_packed_args(PackedArgs args, Any* rv) {
  constexpr const char* kFn = "ffi.MakeObjectFromPackedArgs";
  if (args.size() < 1 || args.size() % 2 != 1) {
    TVM_FFI_THROW(TypeError) << kFn << " expects (type_key, name0, value0, name1, value1, ...)";
  }
  const TVMFFITypeInfo* info = type_info_from_arg(args[0], kFn);
  std::vector<std::pair<std::string, AnyView>> fields;
  for (int i = 1; i < args.size(); i += 2) {
    std::optional<String> name = args[i].try_cast<String>();
    if (!name.has_value()) {
      TVM_FFI_THROW(TypeError) << kFn << ": argument " << i << " must be a field name";
    }
    fields.emplace_back(std::string(name->data(), name->size()), args[i + 1]);
  }
  *rv = refl::ObjectCreator(info)(fields);
}

// ---- ffi.MakeFieldGetter / ffi.MakeFieldSetter -------------------------------------------

template <typename T>
int slot_getter(void* field, TVMFFIAny* result) {
  TVM_FFI_SAFE_CALL_BEGIN();
  *result = ::tvm::ffi::detail::AnyUnsafe::MoveAnyToTVMFFIAny(Any(*static_cast<T*>(field)));
  TVM_FFI_SAFE_CALL_END();
}

template <typename T>
void slot_store(void* field, Any value) {
  if constexpr (std::is_same_v<T, Any>) {
    *static_cast<Any*>(field) = std::move(value);
  } else {
    *static_cast<T*>(field) = std::move(value).cast<T>();
  }
}

enum class SlotKind { kAny, kInt, kFloat, kBool, kOpaquePtr, kDataType, kDevice, kObject };

SlotKind slot_kind(int64_t field_type_index, const char* fn) {
  if (field_type_index == -1) return SlotKind::kAny;
  switch (field_type_index) {
    case kTVMFFIInt:
      return SlotKind::kInt;
    case kTVMFFIFloat:
      return SlotKind::kFloat;
    case kTVMFFIBool:
      return SlotKind::kBool;
    case kTVMFFIOpaquePtr:
      return SlotKind::kOpaquePtr;
    case kTVMFFIDataType:
      return SlotKind::kDataType;
    case kTVMFFIDevice:
      return SlotKind::kDevice;
    default:
      break;
  }
  if (field_type_index >= kTVMFFIStaticObjectBegin) return SlotKind::kObject;
  TVM_FFI_THROW(ValueError) << fn << ": unsupported field type index " << field_type_index;
}

void make_field_getter(PackedArgs args, Any* rv) {
  constexpr const char* kFn = "ffi.MakeFieldGetter";
  if (args.size() != 1) TVM_FFI_THROW(TypeError) << kFn << " expects 1 argument";
  TVMFFIFieldGetter getter = nullptr;
  switch (slot_kind(args[0].cast<int64_t>(), kFn)) {
    case SlotKind::kAny:
      getter = slot_getter<Any>;
      break;
    case SlotKind::kInt:
      getter = slot_getter<int64_t>;
      break;
    case SlotKind::kFloat:
      getter = slot_getter<double>;
      break;
    case SlotKind::kBool:
      getter = slot_getter<bool>;
      break;
    case SlotKind::kOpaquePtr:
      getter = slot_getter<void*>;
      break;
    case SlotKind::kDataType:
      getter = slot_getter<DLDataType>;
      break;
    case SlotKind::kDevice:
      getter = slot_getter<DLDevice>;
      break;
    case SlotKind::kObject:
      getter = slot_getter<ObjectRef>;
      break;
  }
  *rv = static_cast<int64_t>(reinterpret_cast<intptr_t>(getter));
}

using ConvertFn = int (*)(void* converter, const TVMFFIAny* value, TVMFFIAny* result);

void make_field_setter(PackedArgs args, Any* rv) {
  constexpr const char* kFn = "ffi.MakeFieldSetter";
  if (args.size() != 3) TVM_FFI_THROW(TypeError) << kFn << " expects 3 arguments";
  SlotKind kind = slot_kind(args[0].cast<int64_t>(), kFn);
  void* converter = reinterpret_cast<void*>(static_cast<intptr_t>(args[1].cast<int64_t>()));
  auto convert = reinterpret_cast<ConvertFn>(static_cast<intptr_t>(args[2].cast<int64_t>()));
  *rv = Function::FromPacked([kind, converter, convert](PackedArgs a, Any*) {
    if (a.size() != 2) TVM_FFI_THROW(TypeError) << "field setter expects (field, value)";
    void* field = a[0].cast<void*>();
    Any value;
    if (convert != nullptr) {
      TVMFFIAny in = a[1].CopyToTVMFFIAny();
      TVMFFIAny out;
      out.type_index = kTVMFFINone;
      out.zero_padding = 0;
      out.v_int64 = 0;
      TVM_FFI_CHECK_SAFE_CALL(convert(converter, &in, &out));
      value = ::tvm::ffi::detail::AnyUnsafe::MoveTVMFFIAnyRawToAny(out);
    } else {
      value = Any(a[1]);
    }
    switch (kind) {
      case SlotKind::kAny:
        return slot_store<Any>(field, std::move(value));
      case SlotKind::kInt:
        return slot_store<int64_t>(field, std::move(value));
      case SlotKind::kFloat:
        return slot_store<double>(field, std::move(value));
      case SlotKind::kBool:
        return slot_store<bool>(field, std::move(value));
      case SlotKind::kOpaquePtr:
        return slot_store<void*>(field, std::move(value));
      case SlotKind::kDataType:
        return slot_store<DLDataType>(field, std::move(value));
      case SlotKind::kDevice:
        return slot_store<DLDevice>(field, std::move(value));
      case SlotKind::kObject:
        return slot_store<ObjectRef>(field, std::move(value));
    }
  });
}

// ---- ffi._RegisterFFIInit -----------------------------------------------------------------

// Binds `(pos..., KWARGS, k0, v0, ...)` (SPEC §5.3) to the fields of a type.
void auto_init(const TVMFFITypeInfo* info, PackedArgs args, Any* rv) {
  std::vector<const TVMFFIFieldInfo*> fields;
  refl::ForEachFieldInfo(info, [&](const TVMFFIFieldInfo* f) { fields.push_back(f); });
  // Positional parameters as in a Python dataclass signature, the reference's order: the fields
  // without a default first, then those with one, each group in field order (ancestors first).
  // So a child's required field comes before its parent's defaulted one.
  std::vector<const TVMFFIFieldInfo*> positional;
  for (bool with_default : {false, true}) {
    for (const TVMFFIFieldInfo* f : fields) {
      bool has_default = (f->flags & kTVMFFIFieldFlagBitMaskHasDefault) != 0;
      if (!(f->flags & (kTVMFFIFieldFlagBitMaskInitOff | kTVMFFIFieldFlagBitMaskKwOnly)) &&
          has_default == with_default) {
        positional.push_back(f);
      }
    }
  }
  TVMFFIObject* kwargs = reflection_kwargs_object();
  int num_pos = 0;
  while (num_pos < args.size()) {
    TVMFFIAny raw = args[num_pos].CopyToTVMFFIAny();
    if (raw.type_index >= kTVMFFIStaticObjectBegin && raw.v_obj == kwargs) break;
    ++num_pos;
  }
  const std::string key = type_key_of(info);
  if (num_pos > static_cast<int>(positional.size())) {
    TVM_FFI_THROW(TypeError) << key << ".__init__() takes " << positional.size()
                             << " positional arguments but " << num_pos << " were given";
  }
  if ((args.size() - num_pos) % 2 != 1 && num_pos != args.size()) {
    TVM_FFI_THROW(TypeError) << key << ".__init__(): keyword arguments must come in pairs";
  }
  std::vector<AnyView> bound(fields.size());
  std::vector<bool> has(fields.size(), false);
  auto index_of = [&](const TVMFFIFieldInfo* f) {
    for (size_t i = 0; i < fields.size(); ++i) {
      if (fields[i] == f) return i;
    }
    return fields.size();
  };
  for (int i = 0; i < num_pos; ++i) {
    size_t k = index_of(positional[i]);
    bound[k] = args[i];
    has[k] = true;
  }
  for (int i = num_pos + 1; i < args.size(); i += 2) {
    std::optional<String> name = args[i].try_cast<String>();
    if (!name.has_value()) {
      TVM_FFI_THROW(TypeError) << key << ".__init__(): keyword names must be strings";
    }
    std::string_view n(name->data(), name->size());
    size_t k = fields.size();
    for (size_t j = 0; j < fields.size(); ++j) {
      if (!(fields[j]->flags & kTVMFFIFieldFlagBitMaskInitOff) &&
          std::string_view(fields[j]->name.data, fields[j]->name.size) == n) {
        k = j;
      }
    }
    if (k == fields.size()) {
      TVM_FFI_THROW(TypeError) << key << ".__init__() got an unexpected keyword argument '" << n
                               << "'";
    }
    if (has[k]) {
      TVM_FFI_THROW(TypeError) << key << ".__init__() got multiple values for argument '" << n
                               << "'";
    }
    bound[k] = args[i + 1];
    has[k] = true;
  }
  ObjectPtr<Object> obj = refl::CreateEmptyObject(info);
  char* base = reinterpret_cast<char*>(::tvm::ffi::detail::ObjectUnsafe::GetHeader(obj.get()));
  for (size_t k = 0; k < fields.size(); ++k) {
    const TVMFFIFieldInfo* f = fields[k];
    void* addr = base + f->offset;
    if (has[k]) {
      TVMFFIAny raw = bound[k].CopyToTVMFFIAny();
      TVM_FFI_CHECK_SAFE_CALL(refl::CallFieldSetter(f, addr, &raw));
    } else if (f->flags & kTVMFFIFieldFlagBitMaskHasDefault) {
      refl::SetFieldToDefault(f, addr);
    } else if (!(f->flags & kTVMFFIFieldFlagBitMaskInitOff)) {
      TVM_FFI_THROW(TypeError) << key << ".__init__() missing required argument '"
                               << std::string_view(f->name.data, f->name.size) << "'";
    }
  }
  *rv = ::tvm::ffi::detail::ObjectUnsafe::ObjectRefFromObjectPtr<ObjectRef>(std::move(obj));
}

void register_ffi_init(PackedArgs args, Any*) {
  constexpr const char* kFn = "ffi._RegisterFFIInit";
  if (args.size() != 1) TVM_FFI_THROW(TypeError) << kFn << " expects 1 argument";
  const TVMFFITypeInfo* info = type_info_from_arg(args[0], kFn);
  refl::TypeAttrColumn column(refl::type_attr::kInit.name);
  if (column[info->type_index].CopyToTVMFFIAny().type_index != kTVMFFINone) return;  // explicit
  if (!refl::HasCreator(info)) {
    TVM_FFI_THROW(RuntimeError) << kFn << ": type `" << type_key_of(info) << "` has no creator";
  }
  Function init = Function::FromPacked(
      [info](PackedArgs a, Any* rv) { auto_init(info, a, rv); });
  TVMFFIByteArray name = refl::AsByteArray(refl::type_attr::kInit.name);
  TVMFFIAny value = AnyView(init).CopyToTVMFFIAny();
  TVM_FFI_CHECK_SAFE_CALL(TVMFFITypeRegisterAttr(info->type_index, &name, &value));
}

// Each registration stands alone, so one failure (out of memory) does not drop the rest.
void set_global(const char* name, Function f) noexcept {
  TVMFFIByteArray key{name, std::char_traits<char>::length(name)};
  TVMFFIObjectHandle handle = ::tvm::ffi::detail::ObjectUnsafe::GetHeader(f.get());
  if (TVMFFIFunctionSetGlobal(&key, handle, 0) != 0) {
    TVMFFIObjectHandle err = nullptr;
    TVMFFIErrorMoveFromRaised(&err);
    if (err != nullptr) TVMFFIObjectDecRef(err);
  }
}

__attribute__((constructor)) void register_reflection_globals() {
  try {
    set_global("ffi.GetKwargsObject", Function::FromPacked([](PackedArgs, Any* rv) {
                 *rv = borrowed_object(reflection_kwargs_object());
               }));
    set_global("ffi.GetInvalidObject", Function::FromPacked([](PackedArgs, Any* rv) {
                 *rv = borrowed_object(reflection_invalid_object());
               }));
    set_global("ffi.GetRegisteredTypeKeys", Function::FromPacked(get_registered_type_keys));
    set_global("ffi.MakeObjectFromPackedArgs", Function::FromPacked(make_object_from_packed_args));
    set_global("ffi.MakeFieldGetter", Function::FromPacked(make_field_getter));
    set_global("ffi.MakeFieldSetter", Function::FromPacked(make_field_setter));
    set_global("ffi._RegisterFFIInit", Function::FromPacked(register_ffi_init));
  } catch (...) {
    // Out of memory while loading: the C API still works without these.
  }
}

}  // namespace

TVMFFIObject* reflection_invalid_object() noexcept {
  static TVMFFIObject* obj = make_sentinel();
  return obj;
}

TVMFFIObject* reflection_kwargs_object() noexcept {
  static TVMFFIObject* obj = make_sentinel();
  return obj;
}

}  // namespace tvm_ffi_rt
