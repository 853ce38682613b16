// ffi/cpp/include/tvm/ffi/reflection/registry.h: registering globals, fields, methods and type attributes.
//
//   namespace refl = tvm::ffi::reflection;
//   TVM_FFI_STATIC_INIT_BLOCK() {
//     refl::GlobalDef().def("my.add", [](int a, int b) { return a + b; }, "adds");
//     refl::ObjectDef<MyObj>()
//         .def_ro("x", &MyObj::x, "doc", refl::default_(1))
//         .def_rw("y", &MyObj::y)
//         .def("get", &MyObj::Get)
//         .def(refl::init<int64_t, int64_t>());
//     refl::TypeAttrDef<MyObj>().def("my_attr", 42);
//   }
//
// Everything goes through the C registry (SPEC §4.5–§4.8, §5.4): the metadata
// passed along is JSON text whose "type_schema" entry is itself a JSON string.
#ifndef TVM_FFI_REFLECTION_REGISTRY_H_
#define TVM_FFI_REFLECTION_REGISTRY_H_

#include <tvm/ffi/any.h>
#include <tvm/ffi/c_api.h>
#include <tvm/ffi/error.h>
#include <tvm/ffi/function.h>
#include <tvm/ffi/memory.h>
#include <tvm/ffi/object.h>
#include <tvm/ffi/reflection/accessor.h>
#include <tvm/ffi/reflection/creator.h>
#include <tvm/ffi/string.h>

#include <cstring>
#include <optional>
#include <sstream>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace tvm {
namespace ffi {
namespace reflection {

/*! \brief Key/value metadata attached to fields, methods and globals. */
using _MetadataType = std::vector<std::pair<String, Any>>;  // NOLINT(bugprone-reserved-identifier)

namespace detail {
/*! \brief TVMFFIFieldInfo plus the metadata entries collected from traits. */
struct FieldInfoBuilder : public TVMFFIFieldInfo {
  _MetadataType metadata_;
};
/*! \brief TVMFFIMethodInfo plus the metadata entries collected from traits. */
struct MethodInfoBuilder : public TVMFFIMethodInfo {
  _MetadataType metadata_;
};
}  // namespace detail

/*! \brief Base of everything that can follow a name in def/def_ro/def_rw. */
struct InfoTrait {};

/*! \brief Extra metadata entries: `refl::Metadata{{"key", value}, ...}` (int, bool or string). */
class Metadata : public InfoTrait {
 public:
  Metadata(std::initializer_list<std::pair<String, Any>> dict) : dict_(dict) {}
  template <typename Info>
  void Apply(Info* info) const {
    for (const auto& kv : dict_) info->metadata_.emplace_back(kv);
  }
  /*! \return `{"key":value,...}`; strings are JSON-escaped. */
  static std::string ToJSON(const _MetadataType& metadata) {
    std::ostringstream os;
    os << '{';
    bool first = true;
    for (const auto& kv : metadata) {
      if (!first) os << ',';
      first = false;
      {
        String k = EscapeStringJSON(kv.first);
        os << std::string_view(k.data(), k.size()) << ':';
      }
      const Any& value = kv.second;
      int32_t tindex = AnyView(value).CopyToTVMFFIAny().type_index;
      if (tindex == kTVMFFIBool) {
        os << (value.cast<bool>() ? "true" : "false");
      } else if (tindex == kTVMFFIInt) {
        os << value.cast<int64_t>();
      } else if (std::optional<String> s = value.as<String>()) {
        String e = EscapeStringJSON(*s);
        os << std::string_view(e.data(), e.size());
      } else {
        TVM_FFI_THROW(TypeError) << "metadata values must be int, bool or string, but `"
                                 << std::string_view(kv.first.data(), kv.first.size()) << "` is `" << value.GetTypeKey() << '`';
      }
    }
    os << '}';
    return os.str();
  }

 private:
  _MetadataType dict_;
};

/*! \brief A field's default value (SPEC §4.5 HasDefault). */
class DefaultValue : public InfoTrait {
 public:
  explicit DefaultValue(Any value) : value_(std::move(value)) {}
  void Apply(TVMFFIFieldInfo* info) const {
    info->default_value_or_factory = AnyView(value_).CopyToTVMFFIAny();
    info->flags |= kTVMFFIFieldFlagBitMaskHasDefault;
    info->flags &= ~static_cast<int64_t>(kTVMFFIFieldFlagBitMaskDefaultFromFactory);
  }

 private:
  Any value_;
};
/*! \brief `refl::default_(v)`. */
class default_ : public DefaultValue {  // NOLINT(readability-identifier-naming)
 public:
  using DefaultValue::DefaultValue;
};
/*! \brief `refl::default_value(v)`, another spelling of default_. */
class default_value : public DefaultValue {  // NOLINT(readability-identifier-naming)
 public:
  using DefaultValue::DefaultValue;
};

/*! \brief A field default computed by a `() -> Any` Function each time (DefaultFromFactory). */
class DefaultFactory : public InfoTrait {
 public:
  explicit DefaultFactory(Function factory) : factory_(std::move(factory)) {}
  void Apply(TVMFFIFieldInfo* info) const {
    info->default_value_or_factory = AnyView(factory_).CopyToTVMFFIAny();
    info->flags |= kTVMFFIFieldFlagBitMaskHasDefault | kTVMFFIFieldFlagBitMaskDefaultFromFactory;
  }

 private:
  Function factory_;
};
/*! \brief `refl::default_factory(f)`. */
class default_factory : public DefaultFactory {  // NOLINT(readability-identifier-naming)
 public:
  template <typename F>
  explicit default_factory(F f) : DefaultFactory(Function::FromTyped(std::move(f))) {}
  explicit default_factory(Function f) : DefaultFactory(std::move(f)) {}
};

/*! \brief Sets raw flag bits on a field. */
class AttachFieldFlag : public InfoTrait {
 public:
  explicit AttachFieldFlag(int64_t flag) : flag_(flag) {}
  static AttachFieldFlag SEqHashDef() {
    return AttachFieldFlag(kTVMFFIFieldFlagBitMaskSEqHashDefPattern);
  }
  static AttachFieldFlag SEqHashDefPattern() {
    return AttachFieldFlag(kTVMFFIFieldFlagBitMaskSEqHashDefPattern);
  }
  static AttachFieldFlag SEqHashDefSimple() {
    return AttachFieldFlag(kTVMFFIFieldFlagBitMaskSEqHashDefSimple);
  }
  static AttachFieldFlag SEqHashIgnore() {
    return AttachFieldFlag(kTVMFFIFieldFlagBitMaskSEqHashIgnore);
  }
  void Apply(TVMFFIFieldInfo* info) const { info->flags |= flag_; }

 private:
  int64_t flag_;
};

namespace detail {
/*! \brief A trait that sets `off_flag` when given false. */
template <int64_t kOffFlag>
class FlagOffTrait : public InfoTrait {
 public:
  explicit FlagOffTrait(bool on) : on_(on) {}
  void Apply(TVMFFIFieldInfo* info) const {
    if (!on_) info->flags |= kOffFlag;
  }

 private:
  bool on_;
};
}  // namespace detail

/*! \brief `refl::repr(false)`: leave the field out of repr. */
class repr : public detail::FlagOffTrait<kTVMFFIFieldFlagBitMaskReprOff> {  // NOLINT
 public:
  using FlagOffTrait::FlagOffTrait;
};
/*! \brief `refl::compare(false)`: leave the field out of ordering. */
class compare : public detail::FlagOffTrait<kTVMFFIFieldFlagBitMaskCompareOff> {  // NOLINT
 public:
  using FlagOffTrait::FlagOffTrait;
};
/*! \brief `refl::hash(false)`: leave the field out of hashing. */
class hash : public detail::FlagOffTrait<kTVMFFIFieldFlagBitMaskHashOff> {  // NOLINT
 public:
  using FlagOffTrait::FlagOffTrait;
};

/*! \brief `refl::kw_only(true)`: keyword-only parameter of the generated `__ffi_init__`. */
class kw_only : public InfoTrait {  // NOLINT(readability-identifier-naming)
 public:
  explicit kw_only(bool on) : on_(on) {}
  void Apply(TVMFFIFieldInfo* info) const {
    if (on_) info->flags |= kTVMFFIFieldFlagBitMaskKwOnly;
  }

 private:
  bool on_;
};

/*!
 * \brief `refl::init<Args...>()` registers a constructor as `__ffi_init__`;
 *        `refl::init(false)` on a field leaves it out of the generated init.
 */
template <typename... Args>
struct init {
  constexpr init() noexcept = default;

  template <typename Class>
  static ObjectRef execute(Args... args) {
    return ObjectRef(make_object<Class>(std::forward<Args>(args)...));
  }
};

template <>
struct init<> : public InfoTrait {
  constexpr init() noexcept = default;
  explicit init(bool include) : include_(include) {}
  void Apply(TVMFFIFieldInfo* info) const {
    if (!include_) info->flags |= kTVMFFIFieldFlagBitMaskInitOff;
  }
  template <typename Class>
  static ObjectRef execute() {
    return ObjectRef(make_object<Class>());
  }
  bool include_{true};
};

/*!
 * \return The byte offset of a field from the object's TVMFFIObject header,
 *         which is what TVMFFIFieldInfo::offset holds.
 */
template <typename Class, typename T>
TVM_FFI_INLINE int64_t GetFieldByteOffsetToObject(T Class::*field_ptr) {
  const Class* dummy = reinterpret_cast<const Class*>(alignof(Class) * 64);
  const char* field = reinterpret_cast<const char*>(&(dummy->*field_ptr));
  const char* header = reinterpret_cast<const char*>(
      ::tvm::ffi::detail::ObjectUnsafe::GetHeader(static_cast<const Object*>(dummy)));
  return static_cast<int64_t>(field - header);
}

/*! \brief Shared helpers of GlobalDef, ObjectDef and TypeAttrDef. */
class ReflectionDefBase {
 protected:
  /*! \brief The getter of a field of type T (SPEC REG-FIELD-ACCESSORS). */
  template <typename T>
  static int FieldGetter(void* field, TVMFFIAny* result) {
    TVM_FFI_SAFE_CALL_BEGIN();
    *result = ::tvm::ffi::detail::AnyUnsafe::MoveAnyToTVMFFIAny(Any(*static_cast<T*>(field)));
    TVM_FFI_SAFE_CALL_END();
  }
  /*! \brief The plain setter of a field of type T. */
  template <typename T>
  static int FieldSetter(void* field, const TVMFFIAny* value) {
    TVM_FFI_SAFE_CALL_BEGIN();
    if constexpr (std::is_same_v<T, Any>) {
      *static_cast<T*>(field) = Any(AnyView::CopyFromTVMFFIAny(*value));
    } else {
      *static_cast<T*>(field) = AnyView::CopyFromTVMFFIAny(*value).cast<T>();
    }
    TVM_FFI_SAFE_CALL_END();
  }
  /*! \brief The creator of default-constructible classes (SPEC REG-CREATOR). */
  template <typename T>
  static int ObjectCreatorDefault(TVMFFIObjectHandle* result) {
    TVM_FFI_SAFE_CALL_BEGIN();
    ObjectPtr<T> obj = make_object<T>();
    TVMFFIObject* header = ::tvm::ffi::detail::ObjectUnsafe::GetHeader(obj.get());
    TVMFFIObjectIncRef(header);  // the reference handed to the caller
    *result = header;
    TVM_FFI_SAFE_CALL_END();
  }
  /*! \brief The creator of classes constructible from UnsafeInit. */
  template <typename T>
  static int ObjectCreatorUnsafeInit(TVMFFIObjectHandle* result) {
    TVM_FFI_SAFE_CALL_BEGIN();
    ObjectPtr<T> obj = make_object<T>(UnsafeInit{});
    TVMFFIObject* header = ::tvm::ffi::detail::ObjectUnsafe::GetHeader(obj.get());
    TVMFFIObjectIncRef(header);  // the reference handed to the caller
    *result = header;
    TVM_FFI_SAFE_CALL_END();
  }

  template <typename Info, typename T>
  static void ApplyTrait(Info* info, T&& value) {
    using D = std::decay_t<T>;
    if constexpr (std::is_base_of_v<InfoTrait, D>) {
      if constexpr (std::is_same_v<D, Metadata>) {
        value.Apply(info);
      } else if constexpr (std::is_same_v<Info, ::tvm::ffi::reflection::detail::FieldInfoBuilder>) {
        value.Apply(static_cast<TVMFFIFieldInfo*>(info));
      }
    } else if constexpr (std::is_convertible_v<D, const char*> ||
                         std::is_same_v<D, std::string> || std::is_same_v<D, String>) {
      info->doc = DocBytes(value);
    } else {
      static_assert(std::is_base_of_v<InfoTrait, D>,
                    "extra arguments must be a docstring or a reflection trait");
    }
  }

  static TVMFFIByteArray DocBytes(const char* doc) {
    return TVMFFIByteArray{doc, std::char_traits<char>::length(doc)};
  }
  static TVMFFIByteArray DocBytes(const std::string& doc) {
    return TVMFFIByteArray{doc.data(), doc.size()};
  }
  static TVMFFIByteArray DocBytes(const String& doc) {
    return TVMFFIByteArray{doc.data(), doc.size()};
  }

  /*! \brief A Function from a callable; member functions take `self` first. */
  template <typename Func>
  static Function GetMethod(std::string name, Func&& func) {
    using D = std::decay_t<Func>;
    if constexpr (std::is_member_function_pointer_v<D>) {
      return Function::FromTyped(MemberFnWrap<D>::Make(func), std::move(name));
    } else {
      return Function::FromTyped(std::forward<Func>(func), std::move(name));
    }
  }

  /*! \brief The type schema of the Function GetMethod makes. */
  template <typename Func>
  static std::string MethodTypeSchema(const Func&) {
    return ::tvm::ffi::detail::FunctionInfo<std::decay_t<Func>>::TypeSchema();
  }

 private:
  template <typename T>
  struct MemberFnWrap;
  template <typename Class, typename R, typename... Args>
  struct MemberFnWrap<R (Class::*)(Args...)> {
    static auto Make(R (Class::*func)(Args...)) {
      if constexpr (std::is_base_of_v<ObjectRef, Class>) {
        return [func](Class self, Args... args) -> R {
          return (self.*func)(std::forward<Args>(args)...);
        };
      } else {
        return [func](Class* self, Args... args) -> R {
          return (self->*func)(std::forward<Args>(args)...);
        };
      }
    }
  };
  template <typename Class, typename R, typename... Args>
  struct MemberFnWrap<R (Class::*)(Args...) const> {
    static auto Make(R (Class::*func)(Args...) const) {
      if constexpr (std::is_base_of_v<ObjectRef, Class>) {
        return [func](const Class self, Args... args) -> R {
          return (self.*func)(std::forward<Args>(args)...);
        };
      } else {
        return [func](const Class* self, Args... args) -> R {
          return (self->*func)(std::forward<Args>(args)...);
        };
      }
    }
  };
};

/*!
 * \brief Registers global functions (SPEC CALL-GLOBAL-METHODINFO) with a
 *        "type_schema" metadata entry.
 */
class GlobalDef : public ReflectionDefBase {
 public:
  /*! \brief A typed function; extras are a docstring and/or Metadata. */
  template <typename Func, typename... Extra>
  GlobalDef& def(const char* name, Func&& func, Extra&&... extra) {
    std::string schema = MethodTypeSchema(func);
    RegisterFunc(name, GetMethod(name, std::forward<Func>(func)), schema,
                 std::forward<Extra>(extra)...);
    return *this;
  }
  /*! \brief A packed function `void(PackedArgs, Any*)`; its schema is `ffi.Function`. */
  template <typename Func, typename... Extra>
  GlobalDef& def_packed(const char* name, Func func, Extra&&... extra) {
    RegisterFunc(name, Function::FromPacked(std::move(func)),
                 std::string(R"({"type":"ffi.Function"})"), std::forward<Extra>(extra)...);
    return *this;
  }
  /*! \brief A member function registered as a global taking `self` first. */
  template <typename Func, typename... Extra>
  GlobalDef& def_method(const char* name, Func&& func, Extra&&... extra) {
    return def(name, std::forward<Func>(func), std::forward<Extra>(extra)...);
  }

 private:
  template <typename... Extra>
  void RegisterFunc(const char* name, Function func, const std::string& type_schema,
                    Extra&&... extra) {
    detail::MethodInfoBuilder info;
    info.name = TVMFFIByteArray{name, std::char_traits<char>::length(name)};
    info.doc = TVMFFIByteArray{nullptr, 0};
    info.flags = kTVMFFIFieldFlagBitMaskIsStaticMethod;
    info.method = AnyView(func).CopyToTVMFFIAny();
    info.metadata_.emplace_back("type_schema", String(type_schema));
    (ApplyTrait(&info, std::forward<Extra>(extra)), ...);
    std::string metadata = Metadata::ToJSON(info.metadata_);
    info.metadata = TVMFFIByteArray{metadata.data(), metadata.size()};
    TVM_FFI_CHECK_SAFE_CALL(TVMFFIFunctionSetGlobalFromMethodInfo(&info, 0));
  }
};

/*! \brief Sets a type attribute value (SPEC REG-ATTR-ONCE). */
inline void RegisterTypeAttrValue(int32_t type_index, const char* name, AnyView value) {
  TVMFFIByteArray name_bytes{name, std::char_traits<char>::length(name)};
  TVMFFIAny raw = value.CopyToTVMFFIAny();
  TVM_FFI_CHECK_SAFE_CALL(TVMFFITypeRegisterAttr(type_index, &name_bytes, &raw));
}

/*! \brief Makes sure the column exists, so inline lookups can cache it (SPEC REG-ATTR-NONE-SENTINEL). */
inline void EnsureTypeAttrColumn(std::string_view name) {
  TVMFFIByteArray name_bytes{name.data(), name.size()};
  TVMFFIAny none;
  none.type_index = kTVMFFINone;
  none.zero_padding = 0;
  none.v_int64 = 0;
  TVM_FFI_CHECK_SAFE_CALL(TVMFFITypeRegisterAttr(kTVMFFINone, &name_bytes, &none));
}

/*!
 * \brief Registers the reflection of an object class: its metadata at
 *        construction (with a creator when the class is default- or
 *        UnsafeInit-constructible), then fields, methods and type attributes.
 *        The destructor adds `__ffi_shallow_copy__`, `__ffi_new__`, the
 *        generated `__ffi_init__` (through `ffi._RegisterFFIInit`) unless an
 *        explicit init was given, and `__ffi_type_final__`.
 */
template <typename Class>
class ObjectDef : public ReflectionDefBase {
 public:
  template <typename... ExtraArgs>
  explicit ObjectDef(ExtraArgs&&... extra_args)
      : type_index_(Class::_GetOrAllocRuntimeTypeIndex()), type_key_(Class::_type_key) {
    RegisterExtraInfo(std::forward<ExtraArgs>(extra_args)...);
  }
  ObjectDef(const ObjectDef&) = delete;
  ObjectDef& operator=(const ObjectDef&) = delete;

  ~ObjectDef() noexcept(false) {
    if constexpr (std::is_copy_constructible_v<Class>) {
      Function copy = Function::FromTyped(
          [](const Class* self) { return ObjectRef(make_object<Class>(*self)); },
          std::string(type_key_) + "." + type_attr::kShallowCopy.name);
      RegisterTypeAttrValue(type_index_, type_attr::kShallowCopy.name, copy);
    }
    const TVMFFITypeInfo* info = TVMFFIGetTypeInfo(type_index_);
    if (info != nullptr && info->metadata != nullptr && info->metadata->creator != nullptr) {
      TVMFFIObjectCreator creator = info->metadata->creator;
      Function fnew = Function::FromTyped(
          [creator]() -> ObjectRef {
            TVMFFIObjectHandle handle = nullptr;
            TVM_FFI_CHECK_SAFE_CALL(creator(&handle));
            return ::tvm::ffi::detail::ObjectUnsafe::ObjectRefFromObjectPtr<ObjectRef>(
                ::tvm::ffi::detail::ObjectUnsafe::ObjectPtrFromOwned<Object>(
                    static_cast<TVMFFIObject*>(handle)));
          },
          std::string(type_key_) + "." + type_attr::kNew.name);
      RegisterTypeAttrValue(type_index_, type_attr::kNew.name, fnew);
      if (!has_explicit_init_) {
        if (std::optional<Function> reg = Function::GetGlobal("ffi._RegisterFFIInit")) {
          (*reg)(type_index_);
        }
      }
    }
    RegisterTypeAttrValue(type_index_, type_attr::kTypeFinal.name, Class::_type_final);
  }

  /*! \brief A read-only field; extras are a docstring and traits such as default_. */
  template <typename T, typename BaseClass, typename... Extra>
  ObjectDef& def_ro(const char* name, T BaseClass::*field_ptr, Extra&&... extra) {
    RegisterField(name, field_ptr, false, std::forward<Extra>(extra)...);
    return *this;
  }
  /*! \brief A writable field. */
  template <typename T, typename BaseClass, typename... Extra>
  ObjectDef& def_rw(const char* name, T BaseClass::*field_ptr, Extra&&... extra) {
    RegisterField(name, field_ptr, true, std::forward<Extra>(extra)...);
    return *this;
  }
  /*! \brief An instance method: a member function or a callable taking `self` first. */
  template <typename Func, typename... Extra>
  ObjectDef& def(const char* name, Func&& func, Extra&&... extra) {
    RegisterMethod(name, false, std::forward<Func>(func), std::forward<Extra>(extra)...);
    return *this;
  }
  /*! \brief A static method (no `self`). */
  template <typename Func, typename... Extra>
  ObjectDef& def_static(const char* name, Func&& func, Extra&&... extra) {
    RegisterMethod(name, true, std::forward<Func>(func), std::forward<Extra>(extra)...);
    return *this;
  }
  /*! \brief A constructor: static method `__ffi_init__`, mirrored into the type attr column. */
  template <typename... Args, typename... Extra>
  ObjectDef& def(init<Args...>, Extra&&... extra) {
    has_explicit_init_ = true;
    Function fn = Function::FromTyped(
        [](Args... args) { return init<Args...>::template execute<Class>(std::forward<Args>(args)...); },
        std::string(type_key_) + "." + type_attr::kInit.name);
    std::string schema =
        ::tvm::ffi::detail::FuncFunctorImpl<ObjectRef, Args...>::TypeSchema();
    RegisterMethodFunction(type_attr::kInit.name, true, fn, schema, std::forward<Extra>(extra)...);
    RegisterTypeAttrValue(type_index_, type_attr::kInit.name, fn);
    return *this;
  }
  /*! \brief A type attribute value for this class. */
  template <typename Value>
  ObjectDef& def_type_attr(const char* name, Value&& value) {
    RegisterTypeAttrValue(type_index_, name, Any(std::forward<Value>(value)));
    return *this;
  }

 private:
  template <typename... ExtraArgs>
  void RegisterExtraInfo(ExtraArgs&&... extra_args) {
    TVMFFITypeMetadata info;
    info.doc = TVMFFIByteArray{nullptr, 0};
    info.creator = nullptr;
    info.total_size = static_cast<int32_t>(sizeof(Class));
    info.structural_eq_hash_kind = Class::_type_s_eq_hash_kind;
    if constexpr (std::is_default_constructible_v<Class>) {
      info.creator = &ReflectionDefBase::ObjectCreatorDefault<Class>;
    } else if constexpr (std::is_constructible_v<Class, UnsafeInit>) {
      info.creator = &ReflectionDefBase::ObjectCreatorUnsafeInit<Class>;
    }
    (ApplyMetadataTrait(&info, std::forward<ExtraArgs>(extra_args)), ...);
    TVM_FFI_CHECK_SAFE_CALL(TVMFFITypeRegisterMetadata(type_index_, &info));
  }
  template <typename T>
  void ApplyMetadataTrait(TVMFFITypeMetadata* info, T&& value) {
    using D = std::decay_t<T>;
    if constexpr (std::is_base_of_v<InfoTrait, D>) {
      if constexpr (std::is_same_v<D, init<>>) {
        if (!value.include_) has_explicit_init_ = true;
      }
    } else {
      info->doc = DocBytes(value);
    }
  }

  template <typename T, typename BaseClass, typename... Extra>
  void RegisterField(const char* name, T BaseClass::*field_ptr, bool writable, Extra&&... extra) {
    static_assert(std::is_base_of_v<BaseClass, Class>, "the field must belong to Class or a base");
    detail::FieldInfoBuilder info;
    info.name = TVMFFIByteArray{name, std::char_traits<char>::length(name)};
    info.doc = TVMFFIByteArray{nullptr, 0};
    info.flags = writable ? kTVMFFIFieldFlagBitMaskWritable : 0;
    info.size = static_cast<int64_t>(sizeof(T));
    info.alignment = static_cast<int64_t>(alignof(T));
    info.offset = GetFieldByteOffsetToObject<Class, T>(static_cast<T Class::*>(field_ptr));
    info.getter = &ReflectionDefBase::FieldGetter<T>;
    info.setter = reinterpret_cast<void*>(&ReflectionDefBase::FieldSetter<T>);
    info.default_value_or_factory = AnyView(nullptr).CopyToTVMFFIAny();
    info.field_static_type_index = TypeToFieldStaticTypeIndex<T>::value;
    info.metadata_.emplace_back("type_schema", String(::tvm::ffi::detail::TypeSchema<T>::v()));
    (ApplyTrait(&info, std::forward<Extra>(extra)), ...);
    std::string metadata = Metadata::ToJSON(info.metadata_);
    info.metadata = TVMFFIByteArray{metadata.data(), metadata.size()};
    TVM_FFI_CHECK_SAFE_CALL(TVMFFITypeRegisterField(type_index_, &info));
  }

  template <typename Func, typename... Extra>
  void RegisterMethod(const char* name, bool is_static, Func&& func, Extra&&... extra) {
    std::string schema = MethodTypeSchema(func);
    Function fn = GetMethod(std::string(type_key_) + "." + name, std::forward<Func>(func));
    RegisterMethodFunction(name, is_static, fn, schema, std::forward<Extra>(extra)...);
  }

  template <typename... Extra>
  void RegisterMethodFunction(const char* name, bool is_static, const Function& fn,
                              const std::string& schema, Extra&&... extra) {
    detail::MethodInfoBuilder info;
    info.name = TVMFFIByteArray{name, std::char_traits<char>::length(name)};
    info.doc = TVMFFIByteArray{nullptr, 0};
    info.flags = is_static ? kTVMFFIFieldFlagBitMaskIsStaticMethod : 0;
    info.method = AnyView(fn).CopyToTVMFFIAny();
    info.metadata_.emplace_back("type_schema", String(schema));
    (ApplyTrait(&info, std::forward<Extra>(extra)), ...);
    std::string metadata = Metadata::ToJSON(info.metadata_);
    info.metadata = TVMFFIByteArray{metadata.data(), metadata.size()};
    TVM_FFI_CHECK_SAFE_CALL(TVMFFITypeRegisterMethod(type_index_, &info));
  }

  int32_t type_index_;
  const char* type_key_;
  bool has_explicit_init_{false};
};

/*! \brief Registers type attribute values for a class: `TypeAttrDef<T>().def("attr", value)`. */
template <typename Class, typename = std::enable_if_t<std::is_base_of_v<Object, Class>>>
class TypeAttrDef : public ReflectionDefBase {
 public:
  TypeAttrDef() : type_index_(Class::RuntimeTypeIndex()), type_key_(Class::_type_key) {}

  /*! \brief A value; callables become Functions. */
  template <typename Value>
  TypeAttrDef& def(const char* name, Value&& value) {
    using D = std::decay_t<Value>;
    if constexpr (std::is_class_v<D> && !std::is_base_of_v<ObjectRef, D> &&
                  !std::is_same_v<D, Any> && !std::is_same_v<D, AnyView> &&
                  !std::is_same_v<D, std::string> && IsCallable<D>::value) {
      Function fn = GetMethod(std::string(type_key_) + "." + name, std::forward<Value>(value));
      RegisterTypeAttrValue(type_index_, name, fn);
    } else {
      RegisterTypeAttrValue(type_index_, name, Any(std::forward<Value>(value)));
    }
    return *this;
  }

 private:
  template <typename T, typename = void>
  struct IsCallable : std::false_type {};
  template <typename T>
  struct IsCallable<T, std::void_t<decltype(&T::operator())>> : std::true_type {};

  int32_t type_index_;
  const char* type_key_;
};

}  // namespace reflection
}  // namespace ffi
}  // namespace tvm

#endif  // TVM_FFI_REFLECTION_REGISTRY_H_
