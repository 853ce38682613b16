// ffi/cpp/testing/testing.cc: libtvm_ffi_testing, the `testing.*` globals and reflected test
// types that the Python, Rust and conformance suites load (names and shapes follow the
// reference's tvm_ffi.testing).
//
//   testing.nop(*args) -> None              testing.echo(x) -> x
//   testing.apply(f, *args) -> f(*args)     testing.add_one(int) -> int
//   testing.test_raise_error(kind, msg)     testing.object_use_count(obj) -> int
//   testing.TestIntPairSum(pair) -> int
//   testing.TestObjectBase   {v_i64: int = 10 (rw), v_f64: float = 10.0 (ro), v_str: str = "hello" (rw)}
//                            method add_i64(int) -> int
//   testing.TestObjectDerived(TestObjectBase)   {v_map: Map (ro), v_array: Array (ro)}
//   testing.TestIntPair      {a: int (ro), b: int (ro)}, __ffi_init__(a, b), method sum()
//   testing.TestNode         {value: int (rw), next: Object | None (rw)}, static make(value);
//                            no creator and so no __ffi_init__ (not in the reference: it gives
//                            the Python suite an object-typed field and a static method)
//
// Types for structural equality and hashing (not in the reference's testing library; each has
// a positional __ffi_init__ over its fields):
//   testing.StructVar        free variable {name: str (ignored by structural comparison)}
//   testing.StructAdd        tree node {a, b}
//   testing.StructLam        tree node {params (defines variables), body}
//   testing.StructShared     DAG node {a, b}: sharing is part of the structure
//   testing.StructConst      const tree node {v}
//   testing.StructUnique     unique instance {v}: equal only to itself
#include <tvm/ffi/any.h>
#include <tvm/ffi/container/array.h>
#include <tvm/ffi/container/map.h>
#include <tvm/ffi/error.h>
#include <tvm/ffi/function.h>
#include <tvm/ffi/memory.h>
#include <tvm/ffi/object.h>
#include <tvm/ffi/optional.h>
#include <tvm/ffi/reflection/registry.h>
#include <tvm/ffi/string.h>

#include <string>
#include <utility>

namespace tvm {
namespace ffi {
namespace testing {

class TestObjectBase : public Object {
 public:
  int64_t v_i64 = 10;
  double v_f64 = 10.0;
  String v_str = String("hello");

  int64_t AddI64(int64_t other) const { return v_i64 + other; }

  static constexpr bool _type_mutable = true;
  TVM_FFI_DECLARE_OBJECT_INFO("testing.TestObjectBase", TestObjectBase, Object);
};

class TestObjectDerived : public TestObjectBase {
 public:
  Map<Any, Any> v_map;
  Array<Any> v_array;

  TVM_FFI_DECLARE_OBJECT_INFO_FINAL("testing.TestObjectDerived", TestObjectDerived,
                                    TestObjectBase);
};

class TestIntPairObj : public Object {
 public:
  int64_t a;
  int64_t b;
  TestIntPairObj(int64_t a_, int64_t b_) : a(a_), b(b_) {}
  // Fields are set afterwards (the registry's creator: deserialization, DeepCopy).
  explicit TestIntPairObj(UnsafeInit) : a(0), b(0) {}
  int64_t Sum() const { return a + b; }
  TVM_FFI_DECLARE_OBJECT_INFO_FINAL("testing.TestIntPair", TestIntPairObj, Object);
};

class TestNodeObj : public Object {
 public:
  int64_t value;
  Optional<ObjectRef> next;
  explicit TestNodeObj(int64_t v) : value(v) {}

  static constexpr bool _type_mutable = true;
  TVM_FFI_DECLARE_OBJECT_INFO_FINAL("testing.TestNode", TestNodeObj, Object);
};

// A structural-test type `Name` with two Any fields and the given structural kind.
#define TVM_FFI_TESTING_STRUCT2(Cls, Key, Kind, F1, F2)                            \
  class Cls : public Object {                                                      \
   public:                                                                          \
    Any F1;                                                                         \
    Any F2;                                                                         \
    Cls() = default;                                                                \
    Cls(Any f1, Any f2) : F1(std::move(f1)), F2(std::move(f2)) {}                   \
    static constexpr TVMFFISEqHashKind _type_s_eq_hash_kind = Kind;                 \
    TVM_FFI_DECLARE_OBJECT_INFO_FINAL(Key, Cls, Object);                            \
  }

TVM_FFI_TESTING_STRUCT2(StructAddObj, "testing.StructAdd", kTVMFFISEqHashKindTreeNode, a, b);
TVM_FFI_TESTING_STRUCT2(StructLamObj, "testing.StructLam", kTVMFFISEqHashKindTreeNode, params,
                        body);
TVM_FFI_TESTING_STRUCT2(StructSharedObj, "testing.StructShared", kTVMFFISEqHashKindDAGNode, a,
                        b);
#undef TVM_FFI_TESTING_STRUCT2

class StructVarObj : public Object {
 public:
  String name;
  StructVarObj() = default;
  explicit StructVarObj(String n) : name(std::move(n)) {}
  static constexpr TVMFFISEqHashKind _type_s_eq_hash_kind = kTVMFFISEqHashKindFreeVar;
  TVM_FFI_DECLARE_OBJECT_INFO_FINAL("testing.StructVar", StructVarObj, Object);
};

class StructConstObj : public Object {
 public:
  Any v;
  StructConstObj() = default;
  explicit StructConstObj(Any value) : v(std::move(value)) {}
  static constexpr TVMFFISEqHashKind _type_s_eq_hash_kind = kTVMFFISEqHashKindConstTreeNode;
  TVM_FFI_DECLARE_OBJECT_INFO_FINAL("testing.StructConst", StructConstObj, Object);
};

class StructUniqueObj : public Object {
 public:
  Any v;
  StructUniqueObj() = default;
  explicit StructUniqueObj(Any value) : v(std::move(value)) {}
  static constexpr TVMFFISEqHashKind _type_s_eq_hash_kind = kTVMFFISEqHashKindUniqueInstance;
  TVM_FFI_DECLARE_OBJECT_INFO_FINAL("testing.StructUnique", StructUniqueObj, Object);
};

void RegisterStructuralTestTypes() {
  namespace refl = ::tvm::ffi::reflection;
  using Flag = refl::AttachFieldFlag;
  refl::ObjectDef<StructVarObj>()
      .def_ro("name", &StructVarObj::name, Flag::SEqHashIgnore())
      .def(refl::init<String>());
  refl::ObjectDef<StructAddObj>()
      .def_ro("a", &StructAddObj::a)
      .def_ro("b", &StructAddObj::b)
      .def(refl::init<Any, Any>());
  refl::ObjectDef<StructLamObj>()
      .def_ro("params", &StructLamObj::params, Flag::SEqHashDef())
      .def_ro("body", &StructLamObj::body)
      .def(refl::init<Any, Any>());
  refl::ObjectDef<StructSharedObj>()
      .def_ro("a", &StructSharedObj::a)
      .def_ro("b", &StructSharedObj::b)
      .def(refl::init<Any, Any>());
  refl::ObjectDef<StructConstObj>().def_ro("v", &StructConstObj::v).def(refl::init<Any>());
  refl::ObjectDef<StructUniqueObj>().def_ro("v", &StructUniqueObj::v).def(refl::init<Any>());
}

TVM_FFI_STATIC_INIT_BLOCK() {
  namespace refl = ::tvm::ffi::reflection;
  RegisterStructuralTestTypes();
  refl::ObjectDef<TestObjectBase>()
      .def_rw("v_i64", &TestObjectBase::v_i64, "i64 field", refl::default_(int64_t{10}))
      .def_ro("v_f64", &TestObjectBase::v_f64, refl::default_(10.0))
      .def_rw("v_str", &TestObjectBase::v_str, refl::default_(String("hello")))
      .def("add_i64", &TestObjectBase::AddI64, "add_i64 method");
  refl::ObjectDef<TestObjectDerived>()
      .def_ro("v_map", &TestObjectDerived::v_map)
      .def_ro("v_array", &TestObjectDerived::v_array);
  refl::ObjectDef<TestIntPairObj>()
      .def_ro("a", &TestIntPairObj::a, "Field `a`")
      .def_ro("b", &TestIntPairObj::b, "Field `b`")
      .def(refl::init<int64_t, int64_t>())
      .def("sum", &TestIntPairObj::Sum, "Method to compute sum of a and b");
  refl::ObjectDef<TestNodeObj>()
      .def_rw("value", &TestNodeObj::value, "payload")
      .def_rw("next", &TestNodeObj::next, "the following node, or None")
      .def_static("make", [](int64_t value) { return ObjectRef(make_object<TestNodeObj>(value)); },
                  "a node holding `value`, with no successor");

  refl::GlobalDef()
      .def_packed("testing.nop", [](PackedArgs, Any*) {})
      .def_packed("testing.echo",
                  [](PackedArgs args, Any* rv) {
                    if (args.size() != 1) {
                      TVM_FFI_THROW(TypeError) << "testing.echo expects 1 argument";
                    }
                    *rv = args[0];
                  })
      .def_packed("testing.apply",
                  [](PackedArgs args, Any* rv) {
                    if (args.size() < 1) {
                      TVM_FFI_THROW(TypeError) << "testing.apply expects (f, *args)";
                    }
                    Function f = args[0].cast<Function>();
                    f.CallPacked(args.data() + 1, args.size() - 1, rv);
                  })
      .def("testing.add_one", [](int64_t x) { return x + 1; })
      .def("testing.test_raise_error",
           [](String kind, String msg) {
             throw Error(std::string(kind.data(), kind.size()), std::string(msg.data(), msg.size()),
                         TVMFFIBacktrace(__FILE__, __LINE__, "testing.test_raise_error", 0));
           })
      .def("testing.object_use_count", [](const Object* obj) -> int64_t {
        return static_cast<int64_t>(obj->use_count());
      })
      .def("testing.TestIntPairSum", [](const TestIntPairObj* pair) { return pair->Sum(); });
}

}  // namespace testing
}  // namespace ffi
}  // namespace tvm
