// ffi/c/tests/test_helpers.h: shared helpers for the C ABI GoogleTest suite.
//
// Everything here goes through the public C API only (c_api.h, c_env_api.h)
// plus the documented layouts (object header, cells at +24). Helpers are
// inline and live in namespace tvm_ffi_test so that every test_*.cc file of
// the single test binary can include this header.
#ifndef TVM_FFI_C_TESTS_TEST_HELPERS_H_
#define TVM_FFI_C_TESTS_TEST_HELPERS_H_

#include <gtest/gtest.h>
#include <tvm/ffi/c_api.h>
#include <tvm/ffi/extra/c_env_api.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <vector>

namespace tvm_ffi_test {

// ---------------------------------------------------------------------------
// Byte arrays and strings
// ---------------------------------------------------------------------------

inline TVMFFIByteArray ByteArray(const char* s) {
  TVMFFIByteArray out;
  out.data = s;
  out.size = std::strlen(s);
  return out;
}

// The view borrows s; s must outlive the returned value.
inline TVMFFIByteArray ByteArray(const std::string& s) {
  TVMFFIByteArray out;
  out.data = s.data();
  out.size = s.size();
  return out;
}

// A view of a temporary would dangle at the end of the full expression.
TVMFFIByteArray ByteArray(std::string&& s) = delete;

inline std::string ToStdString(const TVMFFIByteArray& b) {
  if (b.data == nullptr) return std::string();
  return std::string(b.data, b.size);
}

// ---------------------------------------------------------------------------
// Reference counts (combined_ref_count: strong low 32 bits, weak high 32 bits)
// ---------------------------------------------------------------------------

inline uint64_t CombinedCount(TVMFFIObjectHandle obj) {
  return __atomic_load_n(&static_cast<TVMFFIObject*>(obj)->combined_ref_count, __ATOMIC_ACQUIRE);
}
inline uint32_t StrongCount(TVMFFIObjectHandle obj) {
  return static_cast<uint32_t>(CombinedCount(obj) & 0xFFFFFFFFu);
}
inline uint32_t WeakCount(TVMFFIObjectHandle obj) {
  return static_cast<uint32_t>(CombinedCount(obj) >> 32);
}
inline int32_t TypeIndexOf(TVMFFIObjectHandle obj) {
  return static_cast<TVMFFIObject*>(obj)->type_index;
}

constexpr uint64_t kFreshCount = (uint64_t{1} << 32) | 1u;
constexpr uint64_t kOneWeak = uint64_t{1} << 32;

// ---------------------------------------------------------------------------
// The thread's error slot
// ---------------------------------------------------------------------------

inline std::string ErrorKind(TVMFFIObjectHandle err) {
  return ToStdString(TVMFFIErrorGetCellPtr(err)->kind);
}
inline std::string ErrorMessage(TVMFFIObjectHandle err) {
  return ToStdString(TVMFFIErrorGetCellPtr(err)->message);
}
inline std::string ErrorBacktrace(TVMFFIObjectHandle err) {
  return ToStdString(TVMFFIErrorGetCellPtr(err)->backtrace);
}

// Takes the raised error (if any) and checks its kind and that its message
// contains `fragment` (nullptr or "" skips the message check). The error is
// released in all cases.
inline ::testing::AssertionResult CheckRaised(const char* kind, const char* fragment) {
  TVMFFIObjectHandle err = nullptr;
  TVMFFIErrorMoveFromRaised(&err);
  if (err == nullptr) {
    return ::testing::AssertionFailure()
           << "expected a raised " << kind << " error, but the error slot was empty";
  }
  if (TypeIndexOf(err) != kTVMFFIError) {
    int32_t tindex = TypeIndexOf(err);
    TVMFFIObjectDecRef(err);
    return ::testing::AssertionFailure()
           << "raised object has type index " << tindex << ", expected ffi.Error (67)";
  }
  std::string got_kind = ErrorKind(err);
  std::string got_msg = ErrorMessage(err);
  TVMFFIObjectDecRef(err);
  if (got_kind != kind) {
    return ::testing::AssertionFailure() << "raised kind is '" << got_kind << "', expected '"
                                         << kind << "' (message: \"" << got_msg << "\")";
  }
  if (fragment != nullptr && fragment[0] != '\0' && got_msg.find(fragment) == std::string::npos) {
    return ::testing::AssertionFailure() << "raised " << got_kind << " message \"" << got_msg
                                         << "\" does not contain \"" << fragment << "\"";
  }
  return ::testing::AssertionSuccess();
}

// Checks that nothing is raised on this thread (and clears anything that was).
inline ::testing::AssertionResult CheckNothingRaised() {
  TVMFFIObjectHandle err = nullptr;
  TVMFFIErrorMoveFromRaised(&err);
  if (err == nullptr) return ::testing::AssertionSuccess();
  std::string desc = TypeIndexOf(err) == kTVMFFIError
                         ? ErrorKind(err) + ": " + ErrorMessage(err)
                         : std::string("<non-error object>");
  TVMFFIObjectDecRef(err);
  return ::testing::AssertionFailure() << "unexpected raised error " << desc;
}

// Takes the raised error and checks only that there is one, of any kind.
inline ::testing::AssertionResult CheckSomethingRaised() {
  TVMFFIObjectHandle err = nullptr;
  TVMFFIErrorMoveFromRaised(&err);
  if (err == nullptr) return ::testing::AssertionFailure() << "no error was raised";
  TVMFFIObjectDecRef(err);
  return ::testing::AssertionSuccess();
}

// Takes the raised error and describes it as "Kind: message" (for diagnostics).
inline std::string TakeRaisedDescription() {
  TVMFFIObjectHandle err = nullptr;
  TVMFFIErrorMoveFromRaised(&err);
  if (err == nullptr) return "<nothing raised>";
  std::string desc = TypeIndexOf(err) == kTVMFFIError ? ErrorKind(err) + ": " + ErrorMessage(err)
                                                      : std::string("<non-error object>");
  TVMFFIObjectDecRef(err);
  return desc;
}

// Drops whatever is raised on this thread.
inline void ClearRaised() {
  TVMFFIObjectHandle err = nullptr;
  TVMFFIErrorMoveFromRaised(&err);
  if (err != nullptr) TVMFFIObjectDecRef(err);
}

// Function form requested by the brief; the macro forms report the caller's line.
inline void ExpectRaised(const char* kind, const char* fragment) {
  EXPECT_TRUE(CheckRaised(kind, fragment));
}

#define EXPECT_RAISED(kind, fragment) EXPECT_TRUE(::tvm_ffi_test::CheckRaised(kind, fragment))
#define ASSERT_RAISED(kind, fragment) ASSERT_TRUE(::tvm_ffi_test::CheckRaised(kind, fragment))
#define EXPECT_NOTHING_RAISED() EXPECT_TRUE(::tvm_ffi_test::CheckNothingRaised())
#define EXPECT_SOMETHING_RAISED() EXPECT_TRUE(::tvm_ffi_test::CheckSomethingRaised())

// ---------------------------------------------------------------------------
// Per-test hygiene
// ---------------------------------------------------------------------------

// Starts every test with an empty error slot (a failed ASSERT in an earlier
// test may have left an error behind) and records the --gtest_repeat
// iteration, so tests that may be repeated can make their global names unique.
class SlotClearingListener : public ::testing::EmptyTestEventListener {
 public:
  static std::atomic<int>& Iteration() {
    static std::atomic<int> iteration{0};
    return iteration;
  }
  void OnTestIterationStart(const ::testing::UnitTest&, int iteration) override {
    Iteration().store(iteration);
  }
  void OnTestStart(const ::testing::TestInfo&) override { ClearRaised(); }
};

inline const bool kSlotClearingListenerInstalled = [] {
  ::testing::UnitTest::GetInstance()->listeners().Append(new SlotClearingListener());
  return true;
}();

// `base`, suffixed with the repeat iteration after the first one.
inline std::string PerIteration(const std::string& base) {
  int it = SlotClearingListener::Iteration().load();
  return it == 0 ? base : base + "@" + std::to_string(it);
}

// ---------------------------------------------------------------------------
// Any values
// ---------------------------------------------------------------------------

// A legacy DLPack handle (no deleter) on the 1-D float32 CPU array `data` of shape `shape`
// (both must outlive the handle).
inline DLManagedTensor CpuFloatVector(float* data, int64_t* shape) {
  DLManagedTensor mt;
  std::memset(&mt, 0, sizeof(mt));
  mt.dl_tensor.data = data;
  mt.dl_tensor.device = TVMFFIDLDeviceFromIntPair(kDLCPU, 0);
  mt.dl_tensor.ndim = 1;
  mt.dl_tensor.dtype = DLDataType{kDLFloat, 32, 1};
  mt.dl_tensor.shape = shape;
  return mt;
}

inline TVMFFIAny NoneAny() {
  TVMFFIAny v;
  std::memset(&v, 0, sizeof(v));
  v.type_index = kTVMFFINone;
  return v;
}
inline TVMFFIAny IntAny(int64_t x) {
  TVMFFIAny v = NoneAny();
  v.type_index = kTVMFFIInt;
  v.v_int64 = x;
  return v;
}
inline TVMFFIAny FloatAny(double x) {
  TVMFFIAny v = NoneAny();
  v.type_index = kTVMFFIFloat;
  v.v_float64 = x;
  return v;
}
inline TVMFFIAny BoolAny(bool x) {
  TVMFFIAny v = NoneAny();
  v.type_index = kTVMFFIBool;
  v.v_int64 = x ? 1 : 0;
  return v;
}
inline TVMFFIAny PtrAny(void* p) {
  TVMFFIAny v = NoneAny();
  v.type_index = kTVMFFIOpaquePtr;
  v.v_ptr = p;
  return v;
}
// Borrowed C string view (AnyView only).
inline TVMFFIAny RawStrAny(const char* s) {
  TVMFFIAny v = NoneAny();
  v.type_index = kTVMFFIRawStr;
  v.v_c_str = s;
  return v;
}
// Borrowed object view: does not touch the reference count.
inline TVMFFIAny ObjectAny(TVMFFIObjectHandle obj) {
  TVMFFIAny v = NoneAny();
  v.type_index = TypeIndexOf(obj);
  v.v_obj = static_cast<TVMFFIObject*>(obj);
  return v;
}

// Releases an owned Any and resets it to None.
inline void ReleaseAny(TVMFFIAny* v) {
  if (v->type_index >= kTVMFFIStaticObjectBegin && v->v_obj != nullptr) {
    TVMFFIObjectDecRef(v->v_obj);
  }
  *v = NoneAny();
}

// Content of a string-like Any (SmallStr, SmallBytes, Str, Bytes).
inline std::string StringContent(const TVMFFIAny& v) {
  if (v.type_index == kTVMFFISmallStr || v.type_index == kTVMFFISmallBytes) {
    return ToStdString(TVMFFISmallBytesGetContentByteArray(&v));
  }
  if (v.type_index == kTVMFFIStr || v.type_index == kTVMFFIBytes) {
    return ToStdString(*TVMFFIBytesGetByteArrayPtr(v.v_obj));
  }
  ADD_FAILURE() << "not a string-like value, type index " << v.type_index;
  return std::string();
}

// Owned string value made by the runtime; fails the test on error.
inline TVMFFIAny MakeStringAny(const std::string& s) {
  TVMFFIByteArray b = ByteArray(s);
  TVMFFIAny out = NoneAny();
  EXPECT_EQ(TVMFFIStringFromByteArray(&b, &out), 0);
  return out;
}

// A heap String object (content of 8 or more bytes) as a new reference.
inline TVMFFIObjectHandle MakeHeapString(const std::string& s) {
  EXPECT_GE(s.size(), 8u) << "heap strings need at least 8 bytes";
  TVMFFIAny v = MakeStringAny(s);
  EXPECT_EQ(v.type_index, kTVMFFIStr);
  return v.type_index == kTVMFFIStr ? v.v_obj : nullptr;
}

// A fresh Error object (not raised) as a new reference.
inline TVMFFIObjectHandle MakeError(const char* kind, const char* message,
                                    const char* backtrace = "") {
  TVMFFIByteArray k = ByteArray(kind), m = ByteArray(message), b = ByteArray(backtrace);
  TVMFFIObjectHandle out = nullptr;
  EXPECT_EQ(TVMFFIErrorCreate(&k, &m, &b, &out), 0);
  return out;
}

// Owning holder for an object handle; releases it on scope exit.
class ObjectHolder {
 public:
  ObjectHolder() = default;
  explicit ObjectHolder(TVMFFIObjectHandle h) : h_(h) {}
  ObjectHolder(const ObjectHolder&) = delete;
  ObjectHolder& operator=(const ObjectHolder&) = delete;
  ~ObjectHolder() { reset(); }
  TVMFFIObjectHandle get() const { return h_; }
  TVMFFIObjectHandle* out() {
    reset();
    return &h_;
  }
  TVMFFIObjectHandle release() {
    TVMFFIObjectHandle h = h_;
    h_ = nullptr;
    return h;
  }
  void reset() {
    if (h_ != nullptr) TVMFFIObjectDecRef(h_);
    h_ = nullptr;
  }

 private:
  TVMFFIObjectHandle h_ = nullptr;
};

// ---------------------------------------------------------------------------
// A test-owned object with a deleter that records its calls
// ---------------------------------------------------------------------------

struct DeleterLog {
  std::mutex mu;
  std::vector<int> flags;  // every flags value passed to the deleter, in order
  std::vector<int> Snapshot() {
    std::lock_guard<std::mutex> lock(mu);
    return flags;
  }
};

// Layout: TVMFFIObject header, then a pointer to the log. Memory is freed
// when the deleter receives the Weak bit. `on_strong` (optional) runs inside
// the deleter when the Strong bit is set, before the call returns.
struct RecordingObject {
  TVMFFIObject header;
  DeleterLog* log;
  void (*on_strong)(RecordingObject* self);
};

inline void RecordingObjectDeleter(void* self, int flags) {
  RecordingObject* obj = static_cast<RecordingObject*>(self);
  {
    std::lock_guard<std::mutex> lock(obj->log->mu);
    obj->log->flags.push_back(flags);
  }
  if ((flags & kTVMFFIObjectDeleterFlagBitMaskStrong) && obj->on_strong != nullptr) {
    obj->on_strong(obj);
  }
  if (flags & kTVMFFIObjectDeleterFlagBitMaskWeak) std::free(obj);
}

// New object with combined_ref_count = 1 | 1<<32, type index `type_index`.
inline RecordingObject* NewRecordingObject(DeleterLog* log, int32_t type_index = kTVMFFIObject) {
  RecordingObject* obj = static_cast<RecordingObject*>(std::calloc(1, sizeof(RecordingObject)));
  obj->header.combined_ref_count = kFreshCount;
  obj->header.type_index = type_index;
  obj->header.__padding = 0;
  obj->header.deleter = RecordingObjectDeleter;
  obj->log = log;
  obj->on_strong = nullptr;
  return obj;
}

}  // namespace tvm_ffi_test

#endif  // TVM_FFI_C_TESTS_TEST_HELPERS_H_
