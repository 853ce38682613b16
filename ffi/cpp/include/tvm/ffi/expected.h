// ffi/cpp/include/tvm/ffi/expected.h: Expected<T>, a value or an Error, for code that returns errors instead of throwing.
//
// An Expected<T> is one Any holding either a T or an Error object; Expected<void>
// holds None or an Error. The TVM_FFI_RET_CHECK* macros return an Unexpected
// error from the enclosing function instead of throwing.
#ifndef TVM_FFI_EXPECTED_H_
#define TVM_FFI_EXPECTED_H_

#include <tvm/ffi/any.h>
#include <tvm/ffi/error.h>

#include <sstream>
#include <string>
#include <type_traits>
#include <utility>

namespace tvm {
namespace ffi {

/*! \brief Wraps an Error to mark it as the failure value of an Expected. */
template <typename E = Error>
class Unexpected {
  static_assert(std::is_base_of_v<Error, std::remove_cv_t<E>>,
                "Unexpected<E> requires E to be Error or derived from it");

 public:
  explicit Unexpected(E error) : error_(std::move(error)) {}
  const E& error() const& noexcept { return error_; }
  E& error() & noexcept { return error_; }
  E&& error() && noexcept { return std::move(error_); }
  const E&& error() const&& noexcept { return std::move(error_); }

 private:
  E error_;
};

template <typename E>
Unexpected(E) -> Unexpected<E>;

template <typename T>
class Expected;

template <typename T, typename U>
inline constexpr bool type_subsumes_v<Expected<T>, Expected<U>> = type_subsumes_v<T, U>;

namespace detail {
struct ExpectedUnsafe;
template <typename T>
inline constexpr bool is_expected_v = false;
template <typename T>
inline constexpr bool is_expected_v<Expected<T>> = true;
template <typename T>
inline constexpr bool is_unexpected_v = false;
template <typename E>
inline constexpr bool is_unexpected_v<Unexpected<E>> = true;

[[noreturn]] TVM_FFI_COLD_CODE inline void ThrowBadExpectedAccess() {
  TVM_FFI_THROW(RuntimeError) << "Bad expected access: contains value, not error";
}

/*!
 * \brief What Expected<T> and Expected<void> share: the one Any (the value or
 *        None, or an Error), construction from an error, the state queries and error().
 */
class ExpectedBase {
 public:
  ExpectedBase(Error error) : data_(Any(std::move(error))) {}  // NOLINT(google-explicit-constructor)
  template <typename E, typename = std::enable_if_t<std::is_base_of_v<Error, std::remove_cv_t<E>>>>
  ExpectedBase(Unexpected<E> unexpected)  // NOLINT(google-explicit-constructor)
      : data_(Any(Error(std::move(unexpected).error()))) {}

  int32_t type_index() const noexcept { return data_.type_index(); }
  bool is_ok() const noexcept { return data_.type_index() != TypeIndex::kTVMFFIError; }
  bool is_err() const noexcept { return !is_ok(); }
  bool has_value() const noexcept { return is_ok(); }
  /*! \return The Error; throws RuntimeError when this holds a value. */
  Error error() const& {
    if (is_ok()) ThrowBadExpectedAccess();
    return AnyUnsafe::CopyFromAnyViewAfterCheck<Error>(data_);
  }
  Error error() && {
    if (is_ok()) ThrowBadExpectedAccess();
    return AnyUnsafe::MoveFromAnyAfterCheck<Error>(std::move(data_));
  }

 protected:
  ExpectedBase() = default;
  explicit ExpectedBase(Any data) : data_(std::move(data)) {}
  ExpectedBase(UnsafeInit, TVMFFIAny raw) noexcept
      : data_(AnyUnsafe::MoveTVMFFIAnyRawToAny(raw)) {}
  /*! \brief Throws the held Error, if any (the move form hands it over). */
  void ThrowIfError() const& {
    if (TVM_FFI_PREDICT_FALSE(is_err())) throw AnyUnsafe::CopyFromAnyViewAfterCheck<Error>(data_);
  }
  void ThrowIfError() && {
    if (TVM_FFI_PREDICT_FALSE(is_err())) {
      throw AnyUnsafe::MoveFromAnyAfterCheck<Error>(std::move(data_));
    }
  }

  Any data_;  // the value (or None for Expected<void>) when type_index != kTVMFFIError, else an Error
};
}  // namespace detail

/*! \brief Holds a T or an Error. */
template <typename T>
class Expected : public detail::ExpectedBase {
 public:
  static_assert(!std::is_void_v<T>, "use Expected<void>");
  static_assert(!std::is_same_v<T, Error>, "an Error is the failure case; use Expected<void>");

  Expected(T value) : ExpectedBase(Any(std::move(value))) {}  // NOLINT(*)
  template <typename U, typename = std::enable_if_t<!detail::is_expected_v<std::decay_t<U>> &&
                                                    !detail::is_unexpected_v<std::decay_t<U>> &&
                                                    !std::is_base_of_v<Error, std::decay_t<U>> &&
                                                    std::is_convertible_v<U, T>>>
  Expected(U&& value) : ExpectedBase(Any(T(std::forward<U>(value)))) {}  // NOLINT(*)
  /*! \brief Converts from an Expected of a type that T accepts. */
  template <typename U, typename = std::enable_if_t<!std::is_void_v<U> &&
                                                    (type_subsumes_v<T, U> ||
                                                     std::is_convertible_v<U, T>)>>
  Expected(Expected<U> other)  // NOLINT(google-explicit-constructor)
      : ExpectedBase(Convert(std::move(other))) {}
  // From an Error or Unexpected<E>; is_ok, error() and the rest: see ExpectedBase.
  using ExpectedBase::ExpectedBase;

  /*! \return The value; throws the held Error. */
  T value() const& {
    ThrowIfError();
    return detail::AnyUnsafe::CopyFromAnyViewAfterCheck<T>(data_);
  }
  T value() && {
    std::move(*this).ThrowIfError();
    return detail::AnyUnsafe::MoveFromAnyAfterCheck<T>(std::move(data_));
  }
  template <typename U = std::remove_cv_t<T>>
  T value_or(U&& default_value) const& {
    if (is_ok()) return detail::AnyUnsafe::CopyFromAnyViewAfterCheck<T>(data_);
    return T(std::forward<U>(default_value));
  }
  template <typename U = std::remove_cv_t<T>>
  T value_or(U&& default_value) && {
    if (is_ok()) return detail::AnyUnsafe::MoveFromAnyAfterCheck<T>(std::move(data_));
    return T(std::forward<U>(default_value));
  }
  /*!
   * \return The value re-typed as U when it is stored exactly as a U, the same
   *         error when this holds one, and a TypeError otherwise.
   */
  template <typename U, typename = std::enable_if_t<
                            std::is_same_v<U, std::decay_t<U>> && !std::is_base_of_v<Error, U> &&
                            (TypeTraits<U>::storage_enabled || std::is_same_v<U, Any>)>>
  Expected<U> as_or_error() const& {
    return Expected(*this).template as_or_error<U>();
  }
  template <typename U, typename = std::enable_if_t<
                            std::is_same_v<U, std::decay_t<U>> && !std::is_base_of_v<Error, U> &&
                            (TypeTraits<U>::storage_enabled || std::is_same_v<U, Any>)>>
  Expected<U> as_or_error() && {
    if (is_ok() && !detail::AnyUnsafe::CheckAnyStrict<U>(data_)) {
      return Error("TypeError", "Cannot treat type `" + data_.GetTypeKey() + "` as type `" +
                                    detail::Type2Str<U>::v() + "`", "");
    }
    return Expected<U>(UnsafeInit{}, detail::AnyUnsafe::MoveAnyToTVMFFIAny(std::move(data_)));
  }

 private:
  template <typename>
  friend class Expected;
  friend struct detail::ExpectedUnsafe;
  Expected(UnsafeInit tag, TVMFFIAny raw) noexcept : ExpectedBase(tag, raw) {}
  template <typename U>
  static Any Convert(Expected<U>&& other) {
    if constexpr (type_subsumes_v<T, U>) {
      return std::move(other.data_);
    } else {
      if (other.is_err()) return Any(std::move(other).error());
      return Any(T(std::move(other).value()));
    }
  }
};

/*! \brief Success (None) or an Error. */
template <>
class Expected<void> : public detail::ExpectedBase {
 public:
  Expected() = default;
  // From an Error or Unexpected<E>; is_ok, error() and the rest: see ExpectedBase.
  using ExpectedBase::ExpectedBase;
  /*! \brief Throws the held Error, if any. */
  void value() const& { ThrowIfError(); }
  void value() && { std::move(*this).ThrowIfError(); }

 private:
  friend struct detail::ExpectedUnsafe;
  Expected(UnsafeInit tag, TVMFFIAny raw) noexcept : ExpectedBase(tag, raw) {}
};

namespace detail {
/*! \brief Raw access to the Any inside an Expected, for code that forwards it over the ABI. */
struct ExpectedUnsafe {
  template <typename T>
  static Expected<T> MoveFromTVMFFIAny(TVMFFIAny raw) {
    return Expected<T>(UnsafeInit{}, raw);
  }
  template <typename T>
  static TVMFFIAny MoveToTVMFFIAny(Expected<T>&& result) {
    return AnyUnsafe::MoveAnyToTVMFFIAny(std::move(result.data_));
  }
  template <typename T>
  static Any&& GetData(Expected<T>& result) noexcept {
    return std::move(result.data_);
  }
  template <typename T>
  static const Any& GetData(const Expected<T>& result) noexcept {
    return result.data_;
  }
  /*! \return The value as T (void: nothing); throws the held Error. */
  template <typename T, typename U>
  static T ValueAs(const Expected<U>& result) {
    if constexpr (std::is_void_v<T>) {
      static_assert(std::is_void_v<U>, "ValueAs<void> needs an Expected<void>");
      result.value();
    } else {
      if (result.is_err()) throw AnyUnsafe::CopyFromAnyViewAfterCheck<Error>(result.data_);
      return AnyUnsafe::CopyFromAnyViewAfterCheck<T>(result.data_);
    }
  }
};
}  // namespace detail

template <typename T>
inline constexpr bool use_default_type_traits_v<Expected<T>> = false;

/*! \brief An Expected travels as its value or its Error object. */
template <typename T>
struct TypeTraits<Expected<T>> : public TypeTraitsBase {
  using ValueTraits = std::conditional_t<std::is_void_v<T>, TypeTraits<std::nullptr_t>, TypeTraits<T>>;
  TVM_FFI_INLINE static void CopyToAnyView(const Expected<T>& src, TVMFFIAny* result) {
    *result = AnyView(detail::ExpectedUnsafe::GetData(src)).CopyToTVMFFIAny();
  }
  TVM_FFI_INLINE static void MoveToAny(Expected<T> src, TVMFFIAny* result) {
    *result = detail::ExpectedUnsafe::MoveToTVMFFIAny(std::move(src));
  }
  TVM_FFI_INLINE static bool CheckAnyStrict(const TVMFFIAny* src) {
    return ValueTraits::CheckAnyStrict(src) || TypeTraits<Error>::CheckAnyStrict(src);
  }
  TVM_FFI_INLINE static Expected<T> CopyFromAnyViewAfterCheck(const TVMFFIAny* src) {
    return detail::ExpectedUnsafe::MoveFromTVMFFIAny<T>(
        detail::AnyUnsafe::MoveAnyToTVMFFIAny(Any(AnyView::CopyFromTVMFFIAny(*src))));
  }
  TVM_FFI_INLINE static Expected<T> MoveFromAnyAfterCheck(TVMFFIAny* src) {
    return detail::ExpectedUnsafe::MoveFromTVMFFIAny<T>(
        detail::AnyUnsafe::MoveAnyToTVMFFIAny(detail::AnyUnsafe::MoveTVMFFIAnyToAny(src)));
  }
  TVM_FFI_INLINE static std::optional<Expected<T>> TryCastFromAnyView(const TVMFFIAny* src) {
    if (auto error = TypeTraits<Error>::TryCastFromAnyView(src)) return Expected<T>(*std::move(error));
    if constexpr (std::is_void_v<T>) {
      if (src->type_index == TypeIndex::kTVMFFINone) return Expected<void>();
    } else {
      if (auto value = TypeTraits<T>::TryCastFromAnyView(src)) return Expected<T>(*std::move(value));
    }
    return std::nullopt;
  }
  TVM_FFI_INLINE static std::string TypeStr() {
    return "Expected<" + (std::is_void_v<T> ? std::string("void") : detail::Type2Str<T>::v()) + ">";
  }
  TVM_FFI_INLINE static std::string TypeSchema() {
    return R"({"type":"Expected","args":[)" + detail::TypeSchema<T>::v() +
           R"(,{"type":"ffi.Error"}]})";
  }
};

namespace detail {

/*!
 * \brief Builds the Unexpected<Error> of TVM_FFI_UNEXPECTED; the backtrace is the
 *        single frame of the macro's location (no unwinding on this path).
 */
class UnexpectedBuilder {
 public:
  UnexpectedBuilder(const char* kind, const char* file, int line, const char* function)
      : kind_(kind), file_(file), line_(line), function_(function) {}
  template <typename T>
  UnexpectedBuilder&& operator<<(T&& value) && {
    stream_ << std::forward<T>(value);
    return std::move(*this);
  }
  UnexpectedBuilder&& operator<<(std::ostream& (*manipulator)(std::ostream&)) && {
    manipulator(stream_);
    return std::move(*this);
  }
  operator Unexpected<Error>() && {  // NOLINT(google-explicit-constructor)
    std::ostringstream frame;
    frame << "  File \"" << file_ << "\", line " << line_ << ", in " << function_ << '\n';
    return Unexpected<Error>(Error(kind_, stream_.str(), frame.str()));
  }
  template <typename T>
  operator Expected<T>() && {  // NOLINT(google-explicit-constructor)
    return static_cast<Unexpected<Error>>(std::move(*this));
  }

 private:
  const char* kind_;
  const char* file_;
  int line_;
  const char* function_;
  std::ostringstream stream_;
};

}  // namespace detail
}  // namespace ffi
}  // namespace tvm

/*! \brief `return TVM_FFI_UNEXPECTED(ValueError) << "msg";` from a function returning Expected. */
#define TVM_FFI_UNEXPECTED(ErrorKind) \
  ::tvm::ffi::detail::UnexpectedBuilder(#ErrorKind, __FILE__, __LINE__, TVM_FFI_FUNC_SIG)

/*! \brief Returns an Unexpected ErrorKind from the enclosing function unless `cond` holds. */
#define TVM_FFI_RET_CHECK(cond, ErrorKind) \
  while (TVM_FFI_PREDICT_FALSE(!(cond)))   \
  return TVM_FFI_UNEXPECTED(ErrorKind) << "Check failed: (" #cond ") is false: "

#define TVM_FFI_RET_CHECK_BINARY_OP_(name, op, x, y, ErrorKind)                   \
  while (auto tvm_ffi_check_failure_ = ::tvm::ffi::detail::LogCheck##name(x, y)) \
  return TVM_FFI_UNEXPECTED(ErrorKind)                                            \
         << "Check failed: " << #x " " #op " " #y << *tvm_ffi_check_failure_ << ": "

#define TVM_FFI_RET_CHECK_LT(x, y, ErrorKind) TVM_FFI_RET_CHECK_BINARY_OP_(_LT, <, x, y, ErrorKind)
#define TVM_FFI_RET_CHECK_GT(x, y, ErrorKind) TVM_FFI_RET_CHECK_BINARY_OP_(_GT, >, x, y, ErrorKind)
#define TVM_FFI_RET_CHECK_LE(x, y, ErrorKind) TVM_FFI_RET_CHECK_BINARY_OP_(_LE, <=, x, y, ErrorKind)
#define TVM_FFI_RET_CHECK_GE(x, y, ErrorKind) TVM_FFI_RET_CHECK_BINARY_OP_(_GE, >=, x, y, ErrorKind)
#define TVM_FFI_RET_CHECK_EQ(x, y, ErrorKind) TVM_FFI_RET_CHECK_BINARY_OP_(_EQ, ==, x, y, ErrorKind)
#define TVM_FFI_RET_CHECK_NE(x, y, ErrorKind) TVM_FFI_RET_CHECK_BINARY_OP_(_NE, !=, x, y, ErrorKind)
#define TVM_FFI_RET_ICHECK(x) TVM_FFI_RET_CHECK(x, InternalError)
#define TVM_FFI_RET_ICHECK_LT(x, y) TVM_FFI_RET_CHECK_LT(x, y, InternalError)
#define TVM_FFI_RET_ICHECK_GT(x, y) TVM_FFI_RET_CHECK_GT(x, y, InternalError)
#define TVM_FFI_RET_ICHECK_LE(x, y) TVM_FFI_RET_CHECK_LE(x, y, InternalError)
#define TVM_FFI_RET_ICHECK_GE(x, y) TVM_FFI_RET_CHECK_GE(x, y, InternalError)
#define TVM_FFI_RET_ICHECK_EQ(x, y) TVM_FFI_RET_CHECK_EQ(x, y, InternalError)
#define TVM_FFI_RET_ICHECK_NE(x, y) TVM_FFI_RET_CHECK_NE(x, y, InternalError)

#endif  // TVM_FFI_EXPECTED_H_
