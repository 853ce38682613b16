// ffi/cpp/include/tvm/ffi/error.h: ErrorObj, the Error exception, throw/check macros and the safe-call boundary.
//
// An Error is both an ObjectRef to an ErrorObj (SPEC §6.2, 96 bytes) and a C++
// exception. `class Error` is exported (TVM_FFI_DLL) and has exactly the
// virtual functions of the reference's Error (the implicit destructor and
// what()), all inline, so its vtable/typeinfo are weak symbols that every
// library emits and the dynamic linker unifies with the runtime's exported copy.
#ifndef TVM_FFI_ERROR_H_
#define TVM_FFI_ERROR_H_

#include <tvm/ffi/base_detail.h>
#include <tvm/ffi/c_api.h>
#include <tvm/ffi/memory.h>
#include <tvm/ffi/object.h>

#include <cstdlib>
#include <cstring>
#include <exception>
#include <iostream>
#include <new>
#include <optional>
#include <sstream>
#include <string>
#include <utility>

#if defined(__GLIBCXX__)
#include <cxxabi.h>
#endif

#ifndef TVM_FFI_ALWAYS_LOG_BEFORE_THROW
#define TVM_FFI_ALWAYS_LOG_BEFORE_THROW 0
#endif

namespace tvm {
namespace ffi {

/*! \brief The Error object: header plus TVMFFIErrorCell at +24. */
class ErrorObj : public Object, public TVMFFIErrorCell {
 public:
  ErrorObj() {
    kind = TVMFFIByteArray{"", 0};
    message = TVMFFIByteArray{"", 0};
    backtrace = TVMFFIByteArray{"", 0};
    update_backtrace = nullptr;
    cause_chain = nullptr;
    extra_context = nullptr;
  }
  // The cell owns its cause and context references (SPEC ERR-CELL-OWNS).
  ~ErrorObj() {
    detail::ObjectUnsafe::DecRefObjectHandle(cause_chain);
    detail::ObjectUnsafe::DecRefObjectHandle(extra_context);
  }

  static constexpr int32_t _type_index = TypeIndex::kTVMFFIError;
  TVM_FFI_DECLARE_OBJECT_INFO_STATIC(StaticTypeKey::kTVMFFIError, ErrorObj, Object);
};

namespace detail {

/*! \brief An ErrorObj whose three strings live in std::string members of the object. */
class ErrorObjFromStd : public ErrorObj {
 public:
  ErrorObjFromStd(std::string kind_text, std::string message_text, std::string backtrace_text)
      : kind_(std::move(kind_text)),
        message_(std::move(message_text)),
        backtrace_(std::move(backtrace_text)) {
    this->kind = View(kind_);
    this->message = View(message_);
    this->backtrace = View(backtrace_);
    this->update_backtrace = UpdateBacktrace;
  }

 private:
  static TVMFFIByteArray View(const std::string& s) { return TVMFFIByteArray{s.data(), s.size()}; }
  // SPEC ERR-UPDATE-BACKTRACE: mode 0 replaces, mode 1 appends.
  static void UpdateBacktrace(TVMFFIObjectHandle self, const TVMFFIByteArray* text, int32_t mode) {
    auto* obj = static_cast<ErrorObjFromStd*>(reinterpret_cast<Object*>(self));
    if (mode == kTVMFFIBacktraceUpdateModeReplace) obj->backtrace_.clear();
    obj->backtrace_.append(text->data, text->size);
    obj->backtrace = View(obj->backtrace_);
  }

  std::string kind_;
  std::string message_;
  std::string backtrace_;
};

}  // namespace detail

/*!
 * \brief The FFI error: a reference to an ErrorObj that can be thrown.
 *
 * Errors cross the C ABI as objects in the thread's error slot; the macros
 * TVM_FFI_SAFE_CALL_BEGIN/END and TVM_FFI_CHECK_SAFE_CALL convert between the
 * two forms.
 */
class TVM_FFI_DLL Error : public ObjectRef, public std::exception {
 public:
  Error(std::string kind, std::string message, std::string backtrace)
      : ObjectRef(make_object<detail::ErrorObjFromStd>(std::move(kind), std::move(message),
                                                       std::move(backtrace))) {}
  Error(std::string kind, std::string message, std::string backtrace,
        std::optional<Error> cause_chain, std::optional<ObjectRef> extra_context)
      : Error(std::move(kind), std::move(message), std::move(backtrace)) {
    ErrorObj* obj = mutable_obj();
    if (cause_chain.has_value()) {
      obj->cause_chain = detail::ObjectUnsafe::MoveObjectRefToTVMFFIObjectPtr(*std::move(cause_chain));
    }
    if (extra_context.has_value() && extra_context->defined()) {
      obj->extra_context =
          detail::ObjectUnsafe::MoveObjectRefToTVMFFIObjectPtr(*std::move(extra_context));
    }
  }
  Error(std::string kind, std::string message, const TVMFFIByteArray* backtrace)
      : Error(std::move(kind), std::move(message), std::string(backtrace->data, backtrace->size)) {}

  /*! \return The kind, e.g. "ValueError" (SPEC §6.3). */
  std::string kind() const { return ToStd(obj()->kind); }
  /*! \return The message. */
  std::string message() const { return ToStd(obj()->message); }
  /*! \return The backtrace, most recent frame first (SPEC ERR-BACKTRACE-ORDER). */
  std::string backtrace() const { return ToStd(obj()->backtrace); }
  /*! \return The error that caused this one, if any. */
  std::optional<Error> cause_chain() const {
    if (obj()->cause_chain == nullptr) return std::nullopt;
    return detail::ObjectUnsafe::ObjectRefFromObjectPtr<Error>(
        detail::ObjectUnsafe::ObjectPtrFromUnowned<Object>(
            static_cast<TVMFFIObject*>(obj()->cause_chain)));
  }
  /*! \return The extra context object attached to this error, if any. */
  std::optional<ObjectRef> extra_context() const {
    if (obj()->extra_context == nullptr) return std::nullopt;
    return detail::ObjectUnsafe::ObjectRefFromObjectPtr<ObjectRef>(
        detail::ObjectUnsafe::ObjectPtrFromUnowned<Object>(
            static_cast<TVMFFIObject*>(obj()->extra_context)));
  }
  /*! \return The backtrace in Python order: oldest frame first, one frame per line. */
  std::string TracebackMostRecentCallLast() const {
    const TVMFFIByteArray& bt = obj()->backtrace;
    std::string result;
    result.reserve(bt.size + 1);
    size_t end = bt.size;
    while (end > 0) {
      size_t begin = end;
      while (begin > 0 && bt.data[begin - 1] != '\n') --begin;
      // [begin, end) is one line without its newline; skip blank ones.
      if (end > begin) result.append(bt.data + begin, end - begin).push_back('\n');
      end = begin > 0 ? begin - 1 : 0;
    }
    return result;
  }
  /*! \brief Replaces (mode 0) or extends (mode 1) the backtrace through the cell's hook. */
  void UpdateBacktrace(const TVMFFIByteArray* backtrace_str, int32_t update_mode) {
    ErrorObj* obj = mutable_obj();
    obj->update_backtrace(detail::ObjectUnsafe::GetHeader(obj), backtrace_str, update_mode);
  }
  /*! \return Python-style text: traceback header, frames, then "<kind>: <message>". */
  std::string FullMessage() const {
    return "Traceback (most recent call last):\n" + TracebackMostRecentCallLast() + kind() + ": " +
           message() + '\n';
  }
  /*! \return The message; errors keep it NUL-terminated. */
  const char* what() const noexcept override {
    return data_ != nullptr ? obj()->message.data : "";
  }

  TVM_FFI_DEFINE_OBJECT_REF_METHODS_NOTNULLABLE(Error, ObjectRef, ErrorObj);

 private:
  const ErrorObj* obj() const { return static_cast<const ErrorObj*>(data_.get()); }
  ErrorObj* mutable_obj() const { return static_cast<ErrorObj*>(data_.get()); }
  static std::string ToStd(const TVMFFIByteArray& b) { return std::string(b.data, b.size); }
};

/*!
 * \brief The error to throw when the host environment (e.g. Python) already holds
 *        the real exception; the binding re-raises that one (SPEC ERR-ENV-ALREADY-SET).
 */
inline Error EnvErrorAlreadySet() { return Error("EnvErrorAlreadySet", "", ""); }

namespace detail {

/*! \brief Takes the Error out of this thread's slot after a call returned nonzero. */
TVM_FFI_COLD_CODE inline Error MoveFromSafeCallRaised() {
  TVMFFIObjectHandle handle = nullptr;
  TVMFFIErrorMoveFromRaised(&handle);
  if (handle == nullptr) {
    // A callee broke SPEC ERR-RETURN-PAIRING; report that rather than crash.
    return Error("InternalError", "a call failed without raising an error", "");
  }
  return ObjectUnsafe::ObjectRefFromObjectPtr<Error>(
      ObjectUnsafe::ObjectPtrFromOwned<Object>(static_cast<TVMFFIObject*>(handle)));
}

/*! \brief Puts `error` into this thread's slot (the slot takes its own reference). */
TVM_FFI_COLD_CODE inline void SetSafeCallRaised(const Error& error) {
  TVMFFIErrorSetRaised(ObjectUnsafe::TVMFFIObjectPtrFromObjectRef(error));
}

/*!
 * \brief Called inside `catch (...)` at a C ABI boundary: stores the exception
 *        in this thread's error slot and returns -1. An Error keeps its kind,
 *        std::bad_alloc becomes MemoryError and anything else InternalError
 *        (SPEC ERR-FOREIGN-EXCEPTION). Thread cancellation is rethrown.
 */
TVM_FFI_COLD_CODE inline int SafeCallExceptionToRaised() {
  try {
    throw;
  } catch (const Error& err) {
    SetSafeCallRaised(err);
#if defined(__GLIBCXX__)
  } catch (abi::__forced_unwind&) {
    throw;
#endif
  } catch (const std::bad_alloc& err) {
    TVMFFIErrorSetRaisedFromCStr("MemoryError", err.what());
  } catch (const std::exception& err) {
    TVMFFIErrorSetRaisedFromCStr("InternalError", err.what());
  } catch (...) {
    TVMFFIErrorSetRaisedFromCStr("InternalError", "unknown C++ exception");
  }
  return -1;
}

/*!
 * \brief Collects the message of TVM_FFI_THROW. It is the stream the message is
 *        written to; ErrorRaiser then builds and throws the Error. Throwing from
 *        an operator rather than a destructor means an exception raised while
 *        the message is formatted propagates normally instead of terminating.
 */
class ErrorBuilder : public std::ostringstream {
 public:
  TVM_FFI_COLD_CODE ErrorBuilder(const char* kind, const TVMFFIByteArray* backtrace,
                                 bool log_before_throw)
      : kind_(kind),
        backtrace_(backtrace != nullptr ? std::string(backtrace->data, backtrace->size) : ""),
        log_before_throw_(log_before_throw) {
    pword(TagIndex()) = this;
  }
  TVM_FFI_COLD_CODE ErrorBuilder(const char* kind, const TVMFFIByteArray* backtrace,
                                 bool log_before_throw, std::optional<Error> cause_chain,
                                 std::optional<ObjectRef> extra_context)
      : ErrorBuilder(kind, backtrace, log_before_throw) {
    cause_chain_ = std::move(cause_chain);
    extra_context_ = std::move(extra_context);
  }
  std::ostringstream& stream() { return *this; }

  /*!
   * \brief The stream slot through which ErrorRaiser finds the builder again; a
   *        tag instead of dynamic_cast keeps the SDK usable with -fno-rtti.
   */
  static int TagIndex() {
    static const int index = std::ios_base::xalloc();
    return index;
  }
  /*! \return The builder behind `stream`, or nullptr for any other stream. */
  static ErrorBuilder* FromStream(std::ostream& stream) {
    auto* builder = static_cast<ErrorBuilder*>(stream.pword(TagIndex()));
    return builder != nullptr && static_cast<std::ostream*>(builder) == &stream ? builder : nullptr;
  }

  [[noreturn]] TVM_FFI_COLD_CODE void Throw() {
    Error error(kind_, str(), std::move(backtrace_), std::move(cause_chain_),
                std::move(extra_context_));
    if (log_before_throw_) std::cerr << error.FullMessage();
    throw error;
  }

 private:
  std::string kind_;
  std::string backtrace_;
  bool log_before_throw_;
  std::optional<Error> cause_chain_;
  std::optional<ObjectRef> extra_context_;
};

/*! \brief `ErrorRaiser() & builder << ...` throws; `&` binds after every `<<`. */
struct ErrorRaiser {
  [[noreturn]] friend void operator&(ErrorRaiser, std::ostream& stream) {
    if (ErrorBuilder* builder = ErrorBuilder::FromStream(stream)) builder->Throw();
    throw Error("InternalError", "TVM_FFI_THROW: the message stream was replaced", "");
  }
};

// Comparison helpers of the binary check macros: nullopt when the check passes,
// otherwise " (x vs. y) ". Operands compare as written, hence no sign warnings.
#if defined(__GNUC__) || defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wsign-compare"
#endif
template <typename X, typename Y>
TVM_FFI_COLD_CODE std::optional<std::string> CheckOperands(const X& x, const Y& y) {
  std::ostringstream os;
  os << " (" << x << " vs. " << y << ") ";
  return os.str();
}
#define TVM_FFI_DEFINE_CHECK_OP_(name, op)                                                 \
  template <typename X, typename Y>                                                        \
  TVM_FFI_INLINE std::optional<std::string> LogCheck##name(const X& x, const Y& y) {       \
    if (x op y) return std::nullopt;                                                       \
    return CheckOperands(x, y);                                                            \
  }
TVM_FFI_DEFINE_CHECK_OP_(_LT, <)
TVM_FFI_DEFINE_CHECK_OP_(_GT, >)
TVM_FFI_DEFINE_CHECK_OP_(_LE, <=)
TVM_FFI_DEFINE_CHECK_OP_(_GE, >=)
TVM_FFI_DEFINE_CHECK_OP_(_EQ, ==)
TVM_FFI_DEFINE_CHECK_OP_(_NE, !=)
#undef TVM_FFI_DEFINE_CHECK_OP_
#if defined(__GNUC__) || defined(__clang__)
#pragma GCC diagnostic pop
#endif

}  // namespace detail
}  // namespace ffi
}  // namespace tvm

/*!
 * \brief Throws an Error of kind `ErrorKind` (an identifier such as ValueError)
 *        with the message streamed after it: `TVM_FFI_THROW(ValueError) << "bad " << x;`
 */
#define TVM_FFI_THROW(ErrorKind)                                                            \
  ::tvm::ffi::detail::ErrorRaiser() &                                                       \
      ::tvm::ffi::detail::ErrorBuilder(#ErrorKind,                                          \
                                       TVMFFIBacktrace(__FILE__, __LINE__, TVM_FFI_FUNC_SIG, 0), \
                                       TVM_FFI_ALWAYS_LOG_BEFORE_THROW)                     \
          .stream()

/*! \brief As TVM_FFI_THROW, and prints the full message to stderr first. */
#define TVM_FFI_LOG_AND_THROW(ErrorKind)                                                    \
  ::tvm::ffi::detail::ErrorRaiser() &                                                       \
      ::tvm::ffi::detail::ErrorBuilder(#ErrorKind,                                          \
                                       TVMFFIBacktrace(__FILE__, __LINE__, TVM_FFI_FUNC_SIG, 0), \
                                       true)                                                \
          .stream()

// The checks are written `if (ok) {} else THROW` so that a user's `else` after
// the macro cannot attach to the macro's own `if`.

/*! \brief Throws ErrorKind unless `cond` holds; more message may be streamed after it. */
#define TVM_FFI_CHECK(cond, ErrorKind)    \
  if (TVM_FFI_PREDICT_TRUE(cond)) {       \
  } else                                  \
    TVM_FFI_THROW(ErrorKind) << "Check failed: (" #cond << ") is false: "

#define TVM_FFI_CHECK_BINARY_OP_(name, op, x, y, ErrorKind)                             \
  if (auto tvm_ffi_check_failure_ = ::tvm::ffi::detail::LogCheck##name(x, y);           \
      TVM_FFI_PREDICT_TRUE(!tvm_ffi_check_failure_)) {                                  \
  } else                                                                                \
    TVM_FFI_THROW(ErrorKind) << "Check failed: " << #x " " #op " " #y                   \
                             << *tvm_ffi_check_failure_ << ": "

#define TVM_FFI_CHECK_LT(x, y, ErrorKind) TVM_FFI_CHECK_BINARY_OP_(_LT, <, x, y, ErrorKind)
#define TVM_FFI_CHECK_GT(x, y, ErrorKind) TVM_FFI_CHECK_BINARY_OP_(_GT, >, x, y, ErrorKind)
#define TVM_FFI_CHECK_LE(x, y, ErrorKind) TVM_FFI_CHECK_BINARY_OP_(_LE, <=, x, y, ErrorKind)
#define TVM_FFI_CHECK_GE(x, y, ErrorKind) TVM_FFI_CHECK_BINARY_OP_(_GE, >=, x, y, ErrorKind)
#define TVM_FFI_CHECK_EQ(x, y, ErrorKind) TVM_FFI_CHECK_BINARY_OP_(_EQ, ==, x, y, ErrorKind)
#define TVM_FFI_CHECK_NE(x, y, ErrorKind) TVM_FFI_CHECK_BINARY_OP_(_NE, !=, x, y, ErrorKind)
/*! \brief Evaluates to `x`, throwing ErrorKind first when it is null. */
#define TVM_FFI_CHECK_NOTNULL(x, ErrorKind)                                   \
  ((x) == nullptr ? TVM_FFI_THROW(ErrorKind) << "Check not null: " #x << ' ', \
   (x)            : (x))

// Internal invariants: failures are InternalError.
#define TVM_FFI_ICHECK(x) TVM_FFI_CHECK(x, InternalError)
#define TVM_FFI_ICHECK_LT(x, y) TVM_FFI_CHECK_LT(x, y, InternalError)
#define TVM_FFI_ICHECK_GT(x, y) TVM_FFI_CHECK_GT(x, y, InternalError)
#define TVM_FFI_ICHECK_LE(x, y) TVM_FFI_CHECK_LE(x, y, InternalError)
#define TVM_FFI_ICHECK_GE(x, y) TVM_FFI_CHECK_GE(x, y, InternalError)
#define TVM_FFI_ICHECK_EQ(x, y) TVM_FFI_CHECK_EQ(x, y, InternalError)
#define TVM_FFI_ICHECK_NE(x, y) TVM_FFI_CHECK_NE(x, y, InternalError)
#define TVM_FFI_ICHECK_NOTNULL(x) TVM_FFI_CHECK_NOTNULL(x, InternalError)

// Debug-only checks: compiled (so they keep type-checking) but never run under NDEBUG.
#ifndef NDEBUG
#define TVM_FFI_DCHECK(x) TVM_FFI_ICHECK(x)
#define TVM_FFI_DCHECK_LT(x, y) TVM_FFI_ICHECK_LT(x, y)
#define TVM_FFI_DCHECK_GT(x, y) TVM_FFI_ICHECK_GT(x, y)
#define TVM_FFI_DCHECK_LE(x, y) TVM_FFI_ICHECK_LE(x, y)
#define TVM_FFI_DCHECK_GE(x, y) TVM_FFI_ICHECK_GE(x, y)
#define TVM_FFI_DCHECK_EQ(x, y) TVM_FFI_ICHECK_EQ(x, y)
#define TVM_FFI_DCHECK_NE(x, y) TVM_FFI_ICHECK_NE(x, y)
#define TVM_FFI_DCHECK_NOTNULL(x) TVM_FFI_ICHECK_NOTNULL(x)
#else
#define TVM_FFI_DCHECK(x) while (false) TVM_FFI_ICHECK(x)
#define TVM_FFI_DCHECK_LT(x, y) while (false) TVM_FFI_ICHECK_LT(x, y)
#define TVM_FFI_DCHECK_GT(x, y) while (false) TVM_FFI_ICHECK_GT(x, y)
#define TVM_FFI_DCHECK_LE(x, y) while (false) TVM_FFI_ICHECK_LE(x, y)
#define TVM_FFI_DCHECK_GE(x, y) while (false) TVM_FFI_ICHECK_GE(x, y)
#define TVM_FFI_DCHECK_EQ(x, y) while (false) TVM_FFI_ICHECK_EQ(x, y)
#define TVM_FFI_DCHECK_NE(x, y) while (false) TVM_FFI_ICHECK_NE(x, y)
#define TVM_FFI_DCHECK_NOTNULL(x) (x)
#endif

/*!
 * \brief Opens the body of a TVMFFISafeCallType function (or any C entry point
 *        returning int). Pair with TVM_FFI_SAFE_CALL_END().
 */
#define TVM_FFI_SAFE_CALL_BEGIN() \
  try {                           \
  (void)0

/*!
 * \brief Closes a safe-call body: returns 0, or -1 with the exception stored in
 *        the thread's error slot (see detail::SafeCallExceptionToRaised).
 */
#define TVM_FFI_SAFE_CALL_END()                                 \
  return 0;                                                     \
  }                                                             \
  catch (...) {                                                 \
    return ::tvm::ffi::detail::SafeCallExceptionToRaised();     \
  }                                                             \
  TVM_FFI_UNREACHABLE()

/*! \brief Evaluates a C API call and throws the raised Error when it returns nonzero. */
#define TVM_FFI_CHECK_SAFE_CALL(func)                       \
  {                                                         \
    int tvm_ffi_ret_code_ = (func);                         \
    if (TVM_FFI_PREDICT_FALSE(tvm_ffi_ret_code_ != 0)) {    \
      throw ::tvm::ffi::detail::MoveFromSafeCallRaised();   \
    }                                                       \
  }

#endif  // TVM_FFI_ERROR_H_
