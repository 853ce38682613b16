// ffi/cpp/include/tvm/ffi/function_typed.h: TypedFunction<R(Args...)> and the module export macros.
//
// Included at the end of function.h; include function.h, not this file.
#ifndef TVM_FFI_FUNCTION_TYPED_H_
#define TVM_FFI_FUNCTION_TYPED_H_

#include <tvm/ffi/function.h>

#include <functional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>

namespace tvm {
namespace ffi {

template <typename FType>
class TypedFunction;

/*!
 * \brief A Function with a C++ signature: calls convert the arguments to views
 *        and the result to R (TypeError if it cannot be). Same size as Function.
 */
template <typename R, typename... Args>
class TypedFunction<R(Args...)> {
 public:
  using TSelf = TypedFunction<R(Args...)>;
  TypedFunction() = default;
  TypedFunction(std::nullptr_t) {}  // NOLINT(google-explicit-constructor)
  TypedFunction(Function packed) : packed_(std::move(packed)) {}  // NOLINT(*)
  /*! \brief Wraps a typed callable; `name` appears in argument errors. */
  template <typename FLambda,
            typename = std::enable_if_t<std::is_convertible_v<FLambda, std::function<R(Args...)>>>>
  TypedFunction(FLambda&& typed_lambda, std::string name)
      : packed_(Function::FromTyped(std::forward<FLambda>(typed_lambda), std::move(name))) {}
  template <typename FLambda,
            typename = std::enable_if_t<std::is_convertible_v<FLambda, std::function<R(Args...)>> &&
                                        !std::is_same_v<std::decay_t<FLambda>, TSelf>>>
  TypedFunction(FLambda&& typed_lambda)  // NOLINT(google-explicit-constructor)
      : packed_(Function::FromTyped(std::forward<FLambda>(typed_lambda))) {}
  template <typename FLambda,
            typename = std::enable_if_t<std::is_convertible_v<FLambda, std::function<R(Args...)>> &&
                                        !std::is_same_v<std::decay_t<FLambda>, TSelf>>>
  TSelf& operator=(FLambda&& typed_lambda) {
    packed_ = Function::FromTyped(std::forward<FLambda>(typed_lambda));
    return *this;
  }
  TSelf& operator=(Function packed) {
    packed_ = std::move(packed);
    return *this;
  }

  /*! \brief Calls the function; throws its Error, or TypeError for a wrong result type. */
  TVM_FFI_INLINE R operator()(Args... args) const {  // NOLINT(performance-unnecessary-value-param)
    if constexpr (std::is_void_v<R>) {
      packed_(std::forward<Args>(args)...);
    } else if constexpr (std::is_same_v<R, Any>) {
      return packed_(std::forward<Args>(args)...);
    } else {
      return packed_(std::forward<Args>(args)...).template cast<R>();
    }
  }
  operator Function() const { return packed_; }  // NOLINT(google-explicit-constructor)
  const Function& packed() const& { return packed_; }
  Function&& packed() && { return std::move(packed_); }
  bool operator==(std::nullptr_t) const { return packed_ == nullptr; }
  bool operator!=(std::nullptr_t) const { return packed_ != nullptr; }
  static std::string TypeSchema() { return detail::FuncFunctorImpl<R, Args...>::TypeSchema(); }

 private:
  Function packed_;
};

template <typename FType>
inline constexpr bool use_default_type_traits_v<TypedFunction<FType>> = false;

/*! \brief A TypedFunction travels as its Function. */
template <typename FType>
struct TypeTraits<TypedFunction<FType>> : public TypeTraitsBase {
  static constexpr int32_t field_static_type_index = TypeIndex::kTVMFFIFunction;
  TVM_FFI_INLINE static void CopyToAnyView(const TypedFunction<FType>& src, TVMFFIAny* result) {
    TypeTraits<Function>::CopyToAnyView(src.packed(), result);
  }
  TVM_FFI_INLINE static void MoveToAny(TypedFunction<FType> src, TVMFFIAny* result) {
    TypeTraits<Function>::MoveToAny(std::move(src).packed(), result);
  }
  TVM_FFI_INLINE static bool CheckAnyStrict(const TVMFFIAny* src) {
    return src->type_index == TypeIndex::kTVMFFIFunction;
  }
  TVM_FFI_INLINE static TypedFunction<FType> CopyFromAnyViewAfterCheck(const TVMFFIAny* src) {
    return TypedFunction<FType>(TypeTraits<Function>::CopyFromAnyViewAfterCheck(src));
  }
  TVM_FFI_INLINE static TypedFunction<FType> MoveFromAnyAfterCheck(TVMFFIAny* src) {
    return TypedFunction<FType>(TypeTraits<Function>::MoveFromAnyAfterCheck(src));
  }
  TVM_FFI_INLINE static std::optional<TypedFunction<FType>> TryCastFromAnyView(
      const TVMFFIAny* src) {
    if (auto func = TypeTraits<Function>::TryCastFromAnyView(src)) {
      return TypedFunction<FType>(*std::move(func));
    }
    return std::nullopt;
  }
  TVM_FFI_INLINE static std::string TypeStr() { return detail::FunctionInfo<FType>::Sig(); }
  TVM_FFI_INLINE static std::string TypeSchema() { return TypedFunction<FType>::TypeSchema(); }
};

}  // namespace ffi
}  // namespace tvm

// Every library built with these headers declares the C ABI version it was
// compiled for (SPEC VER-ABI-SYMBOL), so a loader can refuse an incompatible
// module before running any of its code. The definition is weak, so every
// translation unit may carry it; the runtime itself (TVM_FFI_EXPORTS) does not.
// It lives here rather than in TVM_FFI_DLL_EXPORT_TYPED_FUNC because that macro
// may be used several times in one file, and a C++17 inline variable would
// become an STB_GNU_UNIQUE symbol shared across all loaded modules.
#if !defined(TVM_FFI_EXPORTS) && !defined(TVM_FFI_NO_ABI_VERSION_SYMBOL)
extern "C" {
TVM_FFI_DLL_EXPORT TVM_FFI_WEAK extern const TVMFFIVersion __tvm_ffi__abi_version = {
    TVM_FFI_VERSION_MAJOR, TVM_FFI_VERSION_MINOR, TVM_FFI_VERSION_PATCH};
}
#endif

/*!
 * \brief Exports the typed callable `TypedFn` from a shared library as the C
 *        symbol `__tvm_ffi_<ExportName>`, a TVMFFISafeCallType that loaders find
 *        by name (SPEC MOD-SYMBOL-NAME).
 */
#define TVM_FFI_DLL_EXPORT_TYPED_FUNC_IMPL_(ExportName, TypedFn)                                   \
  extern "C" {                                                                                     \
  TVM_FFI_DLL_EXPORT int __tvm_ffi_##ExportName(void*, const TVMFFIAny* args, int32_t num_args,    \
                                                TVMFFIAny* result) {                               \
    TVM_FFI_SAFE_CALL_BEGIN();                                                                     \
    using FuncInfo = ::tvm::ffi::detail::FunctionInfo<std::decay_t<decltype(TypedFn)>>;           \
    static const std::string tvm_ffi_export_name = #ExportName;                                    \
    ::tvm::ffi::detail::unpack_call<typename FuncInfo::RetType>(                                   \
        std::make_index_sequence<FuncInfo::num_args>{}, &tvm_ffi_export_name, TypedFn,             \
        reinterpret_cast<const ::tvm::ffi::AnyView*>(args), num_args,                              \
        reinterpret_cast<::tvm::ffi::Any*>(result));                                               \
    TVM_FFI_SAFE_CALL_END();                                                                       \
  }                                                                                                \
  }

#if TVM_FFI_DLL_EXPORT_INCLUDE_METADATA
// Returns a String `{"type_schema":"<escaped JSON schema>"}` (SPEC MOD-METADATA-SYMBOL).
#define TVM_FFI_DLL_EXPORT_TYPED_FUNC(ExportName, TypedFn)                                       \
  TVM_FFI_DLL_EXPORT_TYPED_FUNC_IMPL_(ExportName, TypedFn)                                       \
  extern "C" {                                                                                   \
  TVM_FFI_DLL_EXPORT int __tvm_ffi__metadata_##ExportName(void*, const TVMFFIAny*, int32_t,      \
                                                          TVMFFIAny* result) {                   \
    TVM_FFI_SAFE_CALL_BEGIN();                                                                   \
    using FuncInfo = ::tvm::ffi::detail::FunctionInfo<std::decay_t<decltype(TypedFn)>>;         \
    std::string text = std::string(R"({"type_schema":)") +                                       \
                       std::string(::tvm::ffi::EscapeStringJSON(FuncInfo::TypeSchema())) + "}";  \
    TVMFFIByteArray bytes{text.data(), text.size()};                                             \
    return TVMFFIStringFromByteArray(&bytes, result);                                            \
    TVM_FFI_SAFE_CALL_END();                                                                     \
  }                                                                                              \
  }
/*! \brief Exports `DocString` as `__tvm_ffi__doc_<ExportName>` (SPEC MOD-DOC-SYMBOL). */
#define TVM_FFI_DLL_EXPORT_TYPED_FUNC_DOC(ExportName, DocString)                            \
  extern "C" {                                                                              \
  TVM_FFI_DLL_EXPORT int __tvm_ffi__doc_##ExportName(void*, const TVMFFIAny*, int32_t,      \
                                                     TVMFFIAny* result) {                   \
    TVM_FFI_SAFE_CALL_BEGIN();                                                              \
    std::string_view text(DocString);                                                       \
    TVMFFIByteArray bytes{text.data(), text.size()};                                        \
    return TVMFFIStringFromByteArray(&bytes, result);                                       \
    TVM_FFI_SAFE_CALL_END();                                                                \
  }                                                                                         \
  }
#else
#define TVM_FFI_DLL_EXPORT_TYPED_FUNC(ExportName, TypedFn) \
  TVM_FFI_DLL_EXPORT_TYPED_FUNC_IMPL_(ExportName, TypedFn)
#define TVM_FFI_DLL_EXPORT_TYPED_FUNC_DOC(ExportName, DocString)
#endif

#endif  // TVM_FFI_FUNCTION_TYPED_H_
