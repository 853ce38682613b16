// ffi/cpp/include/tvm/ffi/function.h: FunctionObj, Function, TypedFunction, PackedArgs and the export macros.
//
// Every Function is called through its cell's `safe_call` (SPEC §5.1); errors
// travel through the thread's error slot and become C++ exceptions again on
// the caller's side. Functions made here leave `cpp_call` NULL and never call
// another object's `cpp_call`, so no C++ exception crosses a library boundary
// (SPEC CALL-CPP-CALL-NULL).
#ifndef TVM_FFI_FUNCTION_H_
#define TVM_FFI_FUNCTION_H_

#ifndef TVM_FFI_DLL_EXPORT_INCLUDE_METADATA
#define TVM_FFI_DLL_EXPORT_INCLUDE_METADATA 0
#endif

#include <tvm/ffi/any.h>
#include <tvm/ffi/base_detail.h>
#include <tvm/ffi/c_api.h>
#include <tvm/ffi/error.h>
#include <tvm/ffi/expected.h>
#include <tvm/ffi/function_detail.h>

#include <functional>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace tvm {
namespace ffi {

/*! \brief The Function object: header plus TVMFFIFunctionCell at +24 (40 bytes). */
class FunctionObj : public Object, public TVMFFIFunctionCell {
 public:
  /*! \brief The shape of the C++ fast path of the reference SDK's `cpp_call` (never used here). */
  using FCall = void (*)(const FunctionObj*, const AnyView*, int32_t, Any*);
  using TVMFFIFunctionCell::cpp_call;
  using TVMFFIFunctionCell::safe_call;

  /*!
   * \brief Calls the function; `result` is overwritten. Throws the callee's Error.
   *        Always goes through safe_call, whichever library made the function.
   */
  TVM_FFI_INLINE void CallPacked(const AnyView* args, int32_t num_args, Any* result) const {
    // The callee needs a None result (SPEC CALL-RESULT-NONE). The common case is
    // a fresh None; testing only its type index matters for speed: copying the
    // 16 bytes just written as two 8-byte stores stalls store forwarding.
    if (TVM_FFI_PREDICT_FALSE(result->type_index() != TypeIndex::kTVMFFINone)) {
      // The old value is kept alive until the call returns in case an argument views it.
      Any previous = std::move(*result);
      Invoke(args, num_args, result);
      return;
    }
    Invoke(args, num_args, result);
  }

  static constexpr int32_t _type_index = TypeIndex::kTVMFFIFunction;
  TVM_FFI_DECLARE_OBJECT_INFO_STATIC(StaticTypeKey::kTVMFFIFunction, FunctionObj, Object);

 private:
  TVM_FFI_INLINE void Invoke(const AnyView* args, int32_t num_args, Any* result) const {
    auto* self = const_cast<FunctionObj*>(this);
    int rc = self->safe_call(detail::ObjectUnsafe::GetHeader(self),
                             reinterpret_cast<const TVMFFIAny*>(args), num_args,
                             reinterpret_cast<TVMFFIAny*>(result));
    if (TVM_FFI_PREDICT_FALSE(rc != 0)) throw detail::MoveFromSafeCallRaised();
  }

 protected:
  FunctionObj() {
    safe_call = nullptr;
    cpp_call = nullptr;
  }
  friend class Function;
};

namespace detail {

/*! \brief A FunctionObj that owns a packed C++ callable `void(const AnyView*, int32_t, Any*)`. */
template <typename TCallable>
class FunctionObjImpl : public FunctionObj {
 public:
  static_assert(std::is_same_v<TCallable, std::remove_cv_t<std::remove_reference_t<TCallable>>>,
                "FunctionObjImpl stores the callable by value");
  template <typename... Args>
  explicit FunctionObjImpl(Args&&... args) : callable_(std::forward<Args>(args)...) {
    this->safe_call = SafeCall;
  }
  FunctionObjImpl(const FunctionObjImpl&) = delete;
  FunctionObjImpl& operator=(const FunctionObjImpl&) = delete;
  TCallable* GetCallable() { return &callable_; }

 private:
  // The C boundary: exceptions become -1 plus the error slot, and a failed call
  // leaves no owned value in `result` (SPEC CALL-RESULT-ON-ERROR).
  static int SafeCall(void* handle, const TVMFFIAny* args, int32_t num_args, TVMFFIAny* result) {
    if (TVM_FFI_PREDICT_FALSE(result->type_index >= TypeIndex::kTVMFFIStaticObjectBegin)) {
      // The caller broke SPEC CALL-RESULT-NONE; its value is left alone.
      TVMFFIErrorSetRaisedFromCStr("InternalError", "safe_call: *result must be None on entry");
      return -1;
    }
    auto* rv = reinterpret_cast<Any*>(result);
    try {
      auto* self = static_cast<FunctionObjImpl*>(reinterpret_cast<Object*>(handle));
      self->callable_(reinterpret_cast<const AnyView*>(args), num_args, rv);
      return 0;
    } catch (...) {
      int rc = SafeCallExceptionToRaised();
      if (result->type_index >= TypeIndex::kTVMFFIStaticObjectBegin) rv->reset();
      return rc;
    }
  }
  mutable TCallable callable_;
};

/*! \brief TVMFFIFunctionCreate(NULL, f, NULL): `f` is the cell's safe_call itself. */
class ExternCFunctionObjNullHandleImpl : public FunctionObj {
 public:
  explicit ExternCFunctionObjNullHandleImpl(TVMFFISafeCallType callback) {
    this->safe_call = callback;
  }
};

/*! \brief A C closure: `safe_call(self, ...)`, and `deleter(self)` once at destruction. */
class ExternCFunctionObjImpl : public FunctionObj {
 public:
  ExternCFunctionObjImpl(void* self, TVMFFISafeCallType callback, void (*deleter)(void*))
      : self_(self), user_call_(callback), deleter_(deleter) {
    this->safe_call = Trampoline;
  }
  ~ExternCFunctionObjImpl() {
    if (deleter_ != nullptr) deleter_(self_);
  }

 private:
  static int Trampoline(void* handle, const TVMFFIAny* args, int32_t num_args, TVMFFIAny* rv) {
    auto* obj = static_cast<ExternCFunctionObjImpl*>(reinterpret_cast<Object*>(handle));
    return obj->user_call_(obj->self_, args, num_args, rv);
  }
  void* self_;
  TVMFFISafeCallType user_call_;
  void (*deleter_)(void*);
};

/*! \brief Stores each argument into the AnyView at its position. */
class PackedArgsSetter {
 public:
  explicit PackedArgsSetter(AnyView* args) : args_(args) {}
  template <typename T>
  TVM_FFI_INLINE void operator()(size_t i, T&& value) const {
    args_[i].operator=(std::forward<T>(value));
  }

 private:
  AnyView* args_;
};

}  // namespace detail

/*! \brief The arguments of a packed call: borrowed views, valid during the call only. */
class PackedArgs {
 public:
  PackedArgs(const AnyView* data, int32_t size) : data_(data), size_(size) {}
  int size() const { return size_; }
  const AnyView* data() const { return data_; }
  /*! \return Arguments [begin, end); end = -1 means size(). */
  PackedArgs Slice(int begin, int end = -1) const {
    if (end == -1) end = size_;
    return PackedArgs(data_ + begin, end - begin);
  }
  // A reference, not a copy: a 16-byte copy of an argument the caller has just
  // written as two 8-byte stores stalls store forwarding (benchmarks/cpp_call.cc).
  const AnyView& operator[](int i) const { return data_[i]; }
  /*! \brief Writes views of `args` into data[0..sizeof...(args)). */
  template <typename... Args>
  TVM_FFI_INLINE static void Fill(AnyView* data, Args&&... args) {
    detail::for_each(detail::PackedArgsSetter(data), std::forward<Args>(args)...);
  }

 private:
  const AnyView* data_;
  int32_t size_;
};

/*! \brief A reference to a callable FFI function (nullable). */
class Function : public ObjectRef {
 public:
  Function(std::nullptr_t) : ObjectRef(nullptr) {}  // NOLINT(google-explicit-constructor)
  /*! \brief Same as FromPacked. */
  template <typename TCallable,
            typename = std::enable_if_t<!std::is_same_v<std::decay_t<TCallable>, Function>>>
  explicit Function(TCallable&& packed_call) {
    *this = FromPacked(std::forward<TCallable>(packed_call));
  }

  /*!
   * \brief Wraps a packed callable: `void(const AnyView* args, int32_t n, Any* rv)`
   *        or `void(PackedArgs args, Any* rv)`.
   */
  template <typename TCallable>
  static Function FromPacked(TCallable&& packed_call) {
    if constexpr (std::is_invocable_v<std::decay_t<TCallable>&, PackedArgs, Any*>) {
      return FromPackedInternal(
          [f = std::forward<TCallable>(packed_call)](const AnyView* args, int32_t n,
                                                      Any* rv) mutable { f(PackedArgs(args, n), rv); });
    } else {
      static_assert(std::is_invocable_v<std::decay_t<TCallable>&, const AnyView*, int32_t, Any*>,
                    "FromPacked needs void(PackedArgs, Any*) or void(const AnyView*, int32_t, Any*)");
      return FromPackedInternal(std::forward<TCallable>(packed_call));
    }
  }
  /*!
   * \brief Constructs the callable inside the function object.
   * \return The Function and a pointer to its callable (valid while the function lives).
   */
  template <typename TCallable, typename... Args>
  static auto FromPackedInplace(Args&&... args) {
    static_assert(std::is_same_v<TCallable, std::decay_t<TCallable>>);
    static_assert(std::is_invocable_v<TCallable&, const AnyView*, int32_t, Any*>);
    auto obj = make_object<detail::FunctionObjImpl<TCallable>>(std::forward<Args>(args)...);
    TCallable* callable = obj->GetCallable();
    return std::make_tuple(Function(ObjectPtr<FunctionObj>(std::move(obj))), callable);
  }
  /*! \brief Wraps a C callback, as TVMFFIFunctionCreate does (SPEC §5.2). */
  static Function FromExternC(void* self, TVMFFISafeCallType safe_call, void (*deleter)(void* self)) {
    if (self == nullptr && deleter == nullptr) {
      return Function(ObjectPtr<FunctionObj>(
          make_object<detail::ExternCFunctionObjNullHandleImpl>(safe_call)));
    }
    return Function(
        ObjectPtr<FunctionObj>(make_object<detail::ExternCFunctionObjImpl>(self, safe_call, deleter)));
  }
  /*!
   * \brief Wraps a typed callable; arguments are converted to its parameter types.
   * \param name Used in argument errors ("Mismatched type on argument #1 when calling: `name(...)`").
   */
  template <typename TCallable>
  static Function FromTyped(TCallable&& callable) {
    using FuncInfo = detail::FunctionInfo<std::decay_t<TCallable>>;
    return FromPackedInternal([f = std::forward<TCallable>(callable)](const AnyView* args,
                                                                        int32_t n, Any* rv) mutable {
      detail::unpack_call<typename FuncInfo::RetType>(std::make_index_sequence<FuncInfo::num_args>{},
                                                      nullptr, f, args, n, rv);
    });
  }
  template <typename TCallable>
  static Function FromTyped(TCallable&& callable, std::string name) {
    using FuncInfo = detail::FunctionInfo<std::decay_t<TCallable>>;
    return FromPackedInternal([f = std::forward<TCallable>(callable), name = std::move(name)](
                                  const AnyView* args, int32_t n, Any* rv) mutable {
      detail::unpack_call<typename FuncInfo::RetType>(std::make_index_sequence<FuncInfo::num_args>{},
                                                      &name, f, args, n, rv);
    });
  }

  /*! \return The global function `name`, or nullopt. */
  static std::optional<Function> GetGlobal(std::string_view name) {
    TVMFFIByteArray key{name.data(), name.size()};
    TVMFFIObjectHandle handle = nullptr;
    TVM_FFI_CHECK_SAFE_CALL(TVMFFIFunctionGetGlobal(&key, &handle));
    if (handle == nullptr) return std::nullopt;
    return Function(detail::ObjectUnsafe::ObjectPtrFromOwned<FunctionObj>(
        static_cast<TVMFFIObject*>(handle)));
  }
  static std::optional<Function> GetGlobal(const std::string& name) {
    return GetGlobal(std::string_view(name));
  }
  static std::optional<Function> GetGlobal(const String& name) {
    return GetGlobal(std::string_view(name.data(), name.size()));
  }
  static std::optional<Function> GetGlobal(const char* name) {
    return GetGlobal(std::string_view(name));
  }
  /*! \return The global function `name`; throws ValueError when there is none. */
  static Function GetGlobalRequired(std::string_view name) {
    std::optional<Function> found = GetGlobal(name);
    if (!found.has_value()) TVM_FFI_THROW(ValueError) << "Function " << name << " not found";
    return *std::move(found);
  }
  static Function GetGlobalRequired(const std::string& name) {
    return GetGlobalRequired(std::string_view(name));
  }
  static Function GetGlobalRequired(const String& name) {
    return GetGlobalRequired(std::string_view(name.data(), name.size()));
  }
  static Function GetGlobalRequired(const char* name) {
    return GetGlobalRequired(std::string_view(name));
  }
  /*! \brief Registers `func` as global `name`; RuntimeError if it exists and !override. */
  static void SetGlobal(std::string_view name, Function func, bool override = false) {
    TVMFFIByteArray key{name.data(), name.size()};
    TVM_FFI_CHECK_SAFE_CALL(TVMFFIFunctionSetGlobal(
        &key, detail::ObjectUnsafe::TVMFFIObjectPtrFromObjectRef(func), override ? 1 : 0));
  }
  /*! \return The names of all global functions (through `ffi.FunctionListGlobalNamesFunctor`). */
  static std::vector<String> ListGlobalNames() {
    Function functor =
        GetGlobalRequired("ffi.FunctionListGlobalNamesFunctor")().cast<Function>();
    int64_t count = functor(-1).cast<int64_t>();
    std::vector<String> names;
    names.reserve(static_cast<size_t>(count));
    for (int64_t i = 0; i < count; ++i) names.push_back(functor(i).cast<String>());
    return names;
  }
  /*! \brief Removes global `name` (through `ffi.FunctionRemoveGlobal`). */
  static void RemoveGlobal(const String& name) {
    static Function remove = GetGlobalRequired("ffi.FunctionRemoveGlobal");
    remove(name);
  }

  /*! \brief Calls a C safe-call function directly (e.g. a module symbol). */
  template <typename... Args>
  TVM_FFI_INLINE static Any InvokeExternC(void* handle, TVMFFISafeCallType safe_call,
                                          Args&&... args) {
    AnyView packed[sizeof...(Args) > 0 ? sizeof...(Args) : 1];
    PackedArgs::Fill(packed, std::forward<Args>(args)...);
    Any result;
    TVM_FFI_CHECK_SAFE_CALL(safe_call(handle, reinterpret_cast<const TVMFFIAny*>(packed),
                                      static_cast<int32_t>(sizeof...(Args)),
                                      reinterpret_cast<TVMFFIAny*>(&result)));
    return result;
  }
  /*! \brief Calls the function; throws its Error. */
  template <typename... Args>
  TVM_FFI_INLINE Any operator()(Args&&... args) const {
    Any result;
    if constexpr (sizeof...(Args) == 0) {
      AnyView none[1];
      CallPacked(none, 0, &result);
    } else {
      // Built in place: a default-initialised array filled afterwards is written twice
      // (benchmarks/cpp_call.cc).
      AnyView packed[sizeof...(Args)] = {AnyView(std::forward<Args>(args))...};
      CallPacked(packed, static_cast<int32_t>(sizeof...(Args)), &result);
    }
    return result;
  }
  TVM_FFI_INLINE void CallPacked(const AnyView* args, int32_t num_args, Any* result) const {
    if (TVM_FFI_PREDICT_FALSE(data_ == nullptr)) ThrowNullCall();
    static_cast<const FunctionObj*>(data_.get())->CallPacked(args, num_args, result);
  }
  TVM_FFI_INLINE void CallPacked(PackedArgs args, Any* result) const {
    CallPacked(args.data(), args.size(), result);
  }
  /*!
   * \brief Calls the function and returns its error instead of throwing it. A
   *        result that is not a T (or an Error object) becomes a TypeError.
   */
  template <typename T = Any, typename... Args>
  Expected<T> CallExpected(Args&&... args) const {
    AnyView packed[sizeof...(Args) > 0 ? sizeof...(Args) : 1];
    PackedArgs::Fill(packed, std::forward<Args>(args)...);
    Any result;
    if (data_ == nullptr) return Unexpected(Error("RuntimeError", "calling a null Function", ""));
    auto* obj = const_cast<FunctionObj*>(static_cast<const FunctionObj*>(data_.get()));
    if (obj->safe_call(detail::ObjectUnsafe::GetHeader(obj),
                       reinterpret_cast<const TVMFFIAny*>(packed),
                       static_cast<int32_t>(sizeof...(Args)),
                       reinterpret_cast<TVMFFIAny*>(&result)) != 0) {
      return Unexpected(detail::MoveFromSafeCallRaised());
    }
    if constexpr (std::is_same_v<T, Any>) {
      return result;
    } else {
      if (auto error = result.template as<Error>()) return Unexpected(*std::move(error));
      if constexpr (std::is_void_v<T>) {
        if (result == nullptr) return Expected<void>();
      } else {
        if (auto value = result.template try_cast<T>()) return *std::move(value);
      }
      return Unexpected(Error("TypeError",
                              "CallExpected: result type mismatch, expected " +
                                  detail::Type2Str<T>::v() + ", but got " + result.GetTypeKey(),
                              ""));
    }
  }

  TVM_FFI_INLINE bool operator==(std::nullptr_t) const { return data_ == nullptr; }
  TVM_FFI_INLINE bool operator!=(std::nullptr_t) const { return data_ != nullptr; }

  TVM_FFI_DEFINE_OBJECT_REF_METHODS_NULLABLE(Function, ObjectRef, FunctionObj);

  class Registry;

 private:
  template <typename TCallable>
  static Function FromPackedInternal(TCallable&& packed_call) {
    using Impl = detail::FunctionObjImpl<std::decay_t<TCallable>>;
    return Function(ObjectPtr<FunctionObj>(make_object<Impl>(std::forward<TCallable>(packed_call))));
  }
  [[noreturn]] TVM_FFI_COLD_CODE static void ThrowNullCall() {
    TVM_FFI_THROW(RuntimeError) << "calling a null Function";
  }
};

/*! \brief The index of a registered type key; throws when the key is unknown. */
inline int32_t TypeKeyToIndex(std::string_view type_key) {
  TVMFFIByteArray key{type_key.data(), type_key.size()};
  int32_t index = -1;
  TVM_FFI_CHECK_SAFE_CALL(TVMFFITypeKeyToIndex(&key, &index));
  return index;
}

}  // namespace ffi
}  // namespace tvm

#include <tvm/ffi/function_typed.h>  // NOLINT(build/include_order): TypedFunction and export macros

#endif  // TVM_FFI_FUNCTION_H_
