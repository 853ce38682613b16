// ffi/cpp/tests/cpp_test_helpers.h: fixtures shared by the C++ SDK tests (test object types, error assertions).
#ifndef TVM_FFI_CPP_TESTS_CPP_TEST_HELPERS_H_
#define TVM_FFI_CPP_TESTS_CPP_TEST_HELPERS_H_

#include <gtest/gtest.h>
#include <tvm/ffi/tvm_ffi.h>

#include <atomic>
#include <cstring>
#include <string>

namespace cpptest {

using namespace tvm::ffi;  // NOLINT(build/namespaces)

/*! \brief Number of live instances of the counted test objects. */
inline std::atomic<int>& LiveObjects() {
  static std::atomic<int> count{0};
  return count;
}

/*! \brief A mutable base with one reserved child slot. */
class BaseObj : public Object {
 public:
  int64_t value = 0;
  BaseObj() { ++LiveObjects(); }
  explicit BaseObj(int64_t v) : value(v) { ++LiveObjects(); }
  ~BaseObj() { --LiveObjects(); }
  static constexpr bool _type_mutable = true;
  static constexpr uint32_t _type_child_slots = 1;
  TVM_FFI_DECLARE_OBJECT_INFO("cpptest.Base", BaseObj, Object);
};

/*! \brief Takes BaseObj's reserved slot. */
class DerivedObj : public BaseObj {
 public:
  using BaseObj::BaseObj;
  // Knobs are inherited, so a subclass of a type with child slots resets its own.
  static constexpr uint32_t _type_child_slots = 0;
  TVM_FFI_DECLARE_OBJECT_INFO("cpptest.Derived", DerivedObj, BaseObj);
};

/*! \brief Second child of BaseObj: the slot is taken, so its index overflows. */
class Derived2Obj : public BaseObj {
 public:
  using BaseObj::BaseObj;
  static constexpr uint32_t _type_child_slots = 0;
  TVM_FFI_DECLARE_OBJECT_INFO("cpptest.Derived2", Derived2Obj, BaseObj);
};

/*! \brief A grandchild through the overflowed branch. */
class GrandChildObj : public Derived2Obj {
 public:
  using Derived2Obj::Derived2Obj;
  TVM_FFI_DECLARE_OBJECT_INFO_FINAL("cpptest.GrandChild", GrandChildObj, Derived2Obj);
};

/*! \brief A final type: instance checks are one comparison. */
class FinalObj : public Object {
 public:
  TVM_FFI_DECLARE_OBJECT_INFO_FINAL("cpptest.Final", FinalObj, Object);
};

/*! \brief A polymorphic object: the header is not at the start of the allocation. */
class PolyObj : public Object {
 public:
  PolyObj() { ++LiveObjects(); }
  virtual ~PolyObj() { --LiveObjects(); }
  virtual int Answer() const { return 42; }
  TVM_FFI_DECLARE_OBJECT_INFO("cpptest.Poly", PolyObj, Object);
};

class BaseRef : public ObjectRef {
 public:
  explicit BaseRef(int64_t v) : ObjectRef(make_object<BaseObj>(v)) {}
  TVM_FFI_DEFINE_OBJECT_REF_METHODS_NULLABLE(BaseRef, ObjectRef, BaseObj);
};

class DerivedRef : public BaseRef {
 public:
  explicit DerivedRef(int64_t v) : BaseRef(UnsafeInit{}) { data_ = make_object<DerivedObj>(v); }
  TVM_FFI_DEFINE_OBJECT_REF_METHODS_NOTNULLABLE(DerivedRef, BaseRef, DerivedObj);
};

/*! \brief The strong count (low 32 bits of combined_ref_count). */
inline uint32_t StrongCount(const Object* obj) {
  const TVMFFIObject* header = detail::ObjectUnsafe::GetHeader(obj);
  return static_cast<uint32_t>(__atomic_load_n(&header->combined_ref_count, __ATOMIC_ACQUIRE));
}
/*! \brief The weak count (high 32 bits of combined_ref_count). */
inline uint32_t WeakCount(const Object* obj) {
  const TVMFFIObject* header = detail::ObjectUnsafe::GetHeader(obj);
  return static_cast<uint32_t>(__atomic_load_n(&header->combined_ref_count, __ATOMIC_ACQUIRE) >> 32);
}

/*! \brief The 16 bytes of a value, for byte-equality checks. */
inline std::string RawBytes(const TVMFFIAny& value) {
  return std::string(reinterpret_cast<const char*>(&value), sizeof(TVMFFIAny));
}

/*! \brief Runs `fn` and checks it throws an Error of `kind` whose message contains `fragment`. */
template <typename F>
void ExpectError(F&& fn, const std::string& kind, const std::string& fragment) {
  try {
    fn();
    ADD_FAILURE() << "expected " << kind << " containing \"" << fragment << "\"";
  } catch (const Error& err) {
    EXPECT_EQ(err.kind(), kind) << err.message();
    EXPECT_NE(err.message().find(fragment), std::string::npos)
        << "message: " << err.message() << "\nexpected fragment: " << fragment;
  }
}

/*! \brief Takes the Error left in this thread's slot by a failed C call. */
inline Error TakeRaised() { return detail::MoveFromSafeCallRaised(); }

}  // namespace cpptest

#endif  // TVM_FFI_CPP_TESTS_CPP_TEST_HELPERS_H_
