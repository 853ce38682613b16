// ffi/cpp/include/tvm/ffi/function_detail.h: signatures of typed callables and unpacking of packed arguments.
//
// A typed C++ callable becomes a packed function by converting each AnyView
// argument to its parameter type on the way in. Conversion failures name the
// function, the argument index, the expected and the actual type, because that
// message is often all a Python user sees.
#ifndef TVM_FFI_FUNCTION_DETAIL_H_
#define TVM_FFI_FUNCTION_DETAIL_H_

#include <tvm/ffi/any.h>
#include <tvm/ffi/base_detail.h>
#include <tvm/ffi/c_api.h>
#include <tvm/ffi/error.h>

#include <sstream>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

namespace tvm {
namespace ffi {

template <typename T>
class Expected;

namespace detail {

/*!
 * \brief Whether T can be a parameter of a typed function: by value, const&, or
 *        && (not a non-const lvalue reference, which could not observe a change).
 */
template <typename T>
static constexpr bool ArgTypeSupported =
    !std::is_reference_v<T> ||
    (std::is_lvalue_reference_v<T> && std::is_const_v<std::remove_reference_t<T>>) ||
    (std::is_rvalue_reference_v<T> && !std::is_const_v<std::remove_reference_t<T>>);

template <typename T>
static constexpr bool ArgSupported =
    ArgTypeSupported<T> &&
    (std::is_same_v<std::remove_cv_t<std::remove_reference_t<T>>, Any> ||
     std::is_same_v<std::remove_cv_t<std::remove_reference_t<T>>, AnyView> ||
     TypeTraitsNoCR<T>::convert_enabled);

template <typename T>
static constexpr bool RetSupported =
    std::is_same_v<T, Any> || std::is_void_v<T> || TypeTraits<T>::convert_enabled;

/*! \brief Signature facts of a callable `R(Args...)`. */
template <typename R, typename... Args>
struct FuncFunctorImpl {
  using FType = R(Args...);
  using ArgType = std::tuple<Args...>;
  using RetType = R;
  static constexpr size_t num_args = sizeof...(Args);
  static constexpr bool unpacked_supported = (ArgSupported<Args> && ...) && RetSupported<R>;

  /*! \return E.g. "(0: int, 1: float) -> str", as used in messages. */
  static std::string Sig() {
    std::ostringstream os;
    os << '(';
    [[maybe_unused]] size_t i = 0;
    ((os << (i == 0 ? "" : ", ") << i << ": " << Type2Str<Args>::v(), ++i), ...);
    os << ") -> " << Type2Str<R>::v();
    return os.str();
  }
  /*! \return The JSON type schema published as function metadata. */
  static std::string TypeSchema() {
    std::ostringstream os;
    os << R"({"type":")" << StaticTypeKey::kTVMFFIFunction << R"(","named_args":{"return":[)"
       << detail::TypeSchema<R>::v() << R"(],"params":[)";
    [[maybe_unused]] const char* sep = "";
    ((os << sep << detail::TypeSchema<Args>::v(), sep = ","), ...);
    os << "]}}";
    return os.str();
  }
};

template <typename T>
struct FunctionInfoHelper;
template <typename T, typename R, typename... Args>
struct FunctionInfoHelper<R (T::*)(Args...)> : FuncFunctorImpl<R, Args...> {};
template <typename T, typename R, typename... Args>
struct FunctionInfoHelper<R (T::*)(Args...) const> : FuncFunctorImpl<R, Args...> {};

/*!
 * \brief Signature facts of a callable type: functors and lambdas, functions and
 *        function pointers, and member functions of object classes (whose
 *        receiver, `Class*` or the reference itself, becomes argument 0).
 */
template <typename T, typename = void>
struct FunctionInfo : FunctionInfoHelper<decltype(&T::operator())> {};
template <typename R, typename... Args>
struct FunctionInfo<R(Args...), void> : FuncFunctorImpl<R, Args...> {};
template <typename R, typename... Args>
struct FunctionInfo<R (*)(Args...), void> : FuncFunctorImpl<R, Args...> {};
template <typename R, typename... Args>
struct FunctionInfo<R (&)(Args...), void> : FuncFunctorImpl<R, Args...> {};
template <typename Class, typename R, typename... Args>
struct FunctionInfo<R (Class::*)(Args...), std::enable_if_t<std::is_base_of_v<Object, Class>>>
    : FuncFunctorImpl<R, Class*, Args...> {};
template <typename Class, typename R, typename... Args>
struct FunctionInfo<R (Class::*)(Args...) const, std::enable_if_t<std::is_base_of_v<Object, Class>>>
    : FuncFunctorImpl<R, const Class*, Args...> {};
template <typename Class, typename R, typename... Args>
struct FunctionInfo<R (Class::*)(Args...), std::enable_if_t<std::is_base_of_v<ObjectRef, Class>>>
    : FuncFunctorImpl<R, Class, Args...> {};
template <typename Class, typename R, typename... Args>
struct FunctionInfo<R (Class::*)(Args...) const,
                    std::enable_if_t<std::is_base_of_v<ObjectRef, Class>>>
    : FuncFunctorImpl<R, const Class, Args...> {};

/*! \brief Produces the signature text only when a message needs it. */
using FGetFuncSignature = std::string (*)();

/*! \brief The "`name(sig)`" part of argument errors. */
inline std::string CallDescription(const std::string* optional_name, FGetFuncSignature f_sig) {
  return (optional_name != nullptr ? *optional_name : std::string()) +
         (f_sig != nullptr ? f_sig() : std::string());
}

/*!
 * \brief Converts argument `arg_index` to Type when it is used as a parameter,
 *        throwing a TypeError that names the call on failure.
 */
template <typename Type>
class ArgValueWithContext {
 public:
  using TypeWithoutCR = std::remove_const_t<std::remove_reference_t<Type>>;

  TVM_FFI_INLINE ArgValueWithContext(const AnyView* args, int32_t arg_index,
                                     const std::string* optional_name, FGetFuncSignature f_sig)
      : args_(args), arg_index_(arg_index), optional_name_(optional_name), f_sig_(f_sig) {}

  TVM_FFI_INLINE operator TypeWithoutCR() {  // NOLINT(google-explicit-constructor)
    if constexpr (std::is_same_v<TypeWithoutCR, AnyView>) {
      return args_[arg_index_];
    } else if constexpr (std::is_same_v<TypeWithoutCR, Any>) {
      return Any(args_[arg_index_]);
    } else {
      std::optional<TypeWithoutCR> value = args_[arg_index_].template try_cast<TypeWithoutCR>();
      if (TVM_FFI_PREDICT_FALSE(!value.has_value())) ThrowMismatch();
      return *std::move(value);
    }
  }

 private:
  [[noreturn]] TVM_FFI_COLD_CODE void ThrowMismatch() const {
    TVMFFIAny actual = args_[arg_index_].CopyToTVMFFIAny();
    TVM_FFI_THROW(TypeError) << "Mismatched type on argument #" << arg_index_
                             << " when calling: `" << CallDescription(optional_name_, f_sig_)
                             << "`. Expected `" << Type2Str<TypeWithoutCR>::v() << "` but got `"
                             << TypeTraits<TypeWithoutCR>::GetMismatchTypeInfo(&actual) << '`';
  }

  const AnyView* args_;
  int32_t arg_index_;
  const std::string* optional_name_;
  FGetFuncSignature f_sig_;
};

[[noreturn]] TVM_FFI_COLD_CODE inline void ThrowArgCountMismatch(const std::string* optional_name,
                                                                FGetFuncSignature f_sig,
                                                                size_t expected, int32_t actual) {
  TVM_FFI_THROW(TypeError) << "Mismatched number of arguments when calling: `"
                           << CallDescription(optional_name, f_sig) << "`. Expected " << expected
                           << " but got " << actual << " arguments";
}

/*!
 * \brief Calls the typed callable `f` with packed arguments and stores its result.
 * \param optional_name Function name for messages, or nullptr.
 */
template <typename R, size_t... Is, typename F>
TVM_FFI_INLINE void unpack_call(std::index_sequence<Is...>, const std::string* optional_name,
                                F&& f, [[maybe_unused]] const AnyView* args, int32_t num_args,
                                [[maybe_unused]] Any* rv) {
  using FuncInfo = FunctionInfo<std::decay_t<F>>;
  using Params = typename FuncInfo::ArgType;
  static_assert(FuncInfo::unpacked_supported,
                "a parameter or the return type of this function cannot cross the FFI");
  [[maybe_unused]] FGetFuncSignature f_sig = FuncInfo::Sig;
  if (TVM_FFI_PREDICT_FALSE(num_args != static_cast<int32_t>(sizeof...(Is)))) {
    ThrowArgCountMismatch(optional_name, f_sig, sizeof...(Is), num_args);
  }
  if constexpr (std::is_void_v<R>) {
    f(ArgValueWithContext<std::tuple_element_t<Is, Params>>{args, static_cast<int32_t>(Is),
                                                            optional_name, f_sig}...);
  } else {
    *rv = R(f(ArgValueWithContext<std::tuple_element_t<Is, Params>>{
        args, static_cast<int32_t>(Is), optional_name, f_sig}...));
  }
}

/*! \brief Schema of T from TypeTraits<T>::TypeSchema(); special forms below. */
template <typename T>
struct TypeSchemaImpl {
  static std::string v() { return TypeTraits<T>::TypeSchema(); }
};
template <>
struct TypeSchemaImpl<void> {
  static std::string v() { return SimpleTypeSchema(StaticTypeKey::kTVMFFINone); }
};
template <>
struct TypeSchemaImpl<Any> {
  static std::string v() { return SimpleTypeSchema(StaticTypeKey::kTVMFFIAny); }
};
template <>
struct TypeSchemaImpl<AnyView> {
  static std::string v() { return SimpleTypeSchema(StaticTypeKey::kTVMFFIAny); }
};

}  // namespace detail
}  // namespace ffi
}  // namespace tvm

#endif  // TVM_FFI_FUNCTION_DETAIL_H_
