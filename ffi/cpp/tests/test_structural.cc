// ffi/cpp/tests/test_structural.cc: StructuralEqual, StructuralHash, GetFirstMismatch, the
// structural globals and the AccessPath header API. The expected results (paths included) are
// what the reference runtime returns for the same values.
#include <tvm/ffi/container/dict.h>
#include <tvm/ffi/container/list.h>
#include <tvm/ffi/container/shape.h>
#include <tvm/ffi/container/tensor.h>
#include <tvm/ffi/extra/dataclass.h>
#include <tvm/ffi/extra/structural_equal.h>
#include <tvm/ffi/extra/structural_hash.h>
#include <tvm/ffi/reflection/access_path.h>

#include <pthread.h>

#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>
#include <unordered_map>
#include <utility>

#include "cpp_test_helpers.h"

namespace {

using namespace cpptest;  // NOLINT(build/namespaces)
using refl_AccessPath = ::tvm::ffi::reflection::AccessPath;
using ::tvm::ffi::reflection::AccessKind;

// ---- test types: one per structural kind -----------------------------------------------------

class SVarObj : public Object {
 public:
  String name;
  explicit SVarObj(String n) : name(std::move(n)) {}
  static constexpr TVMFFISEqHashKind _type_s_eq_hash_kind = kTVMFFISEqHashKindFreeVar;
  TVM_FFI_DECLARE_OBJECT_INFO_FINAL("cpptest.struct.Var", SVarObj, Object);
};

// A tree node with a field that structural comparison ignores; STreeDerived adds a field.
class STreeObj : public Object {
 public:
  Any a;
  Any b;
  String note;
  STreeObj(Any a_, Any b_, String n = String("")) : a(std::move(a_)), b(std::move(b_)), note(std::move(n)) {}
  static constexpr TVMFFISEqHashKind _type_s_eq_hash_kind = kTVMFFISEqHashKindTreeNode;
  TVM_FFI_DECLARE_OBJECT_INFO("cpptest.struct.Tree", STreeObj, Object);
};

class STreeDerivedObj : public STreeObj {
 public:
  Any c;
  STreeDerivedObj(Any a_, Any b_, Any c_) : STreeObj(std::move(a_), std::move(b_)), c(std::move(c_)) {}
  TVM_FFI_DECLARE_OBJECT_INFO_FINAL("cpptest.struct.TreeDerived", STreeDerivedObj, STreeObj);
};

// A binder: `params` defines the variables met inside it.
class SLamObj : public Object {
 public:
  Any params;
  Any body;
  SLamObj(Any p, Any b) : params(std::move(p)), body(std::move(b)) {}
  static constexpr TVMFFISEqHashKind _type_s_eq_hash_kind = kTVMFFISEqHashKindTreeNode;
  TVM_FFI_DECLARE_OBJECT_INFO_FINAL("cpptest.struct.Lam", SLamObj, Object);
};

class SDagObj : public Object {
 public:
  Any a;
  explicit SDagObj(Any a_) : a(std::move(a_)) {}
  static constexpr TVMFFISEqHashKind _type_s_eq_hash_kind = kTVMFFISEqHashKindDAGNode;
  TVM_FFI_DECLARE_OBJECT_INFO_FINAL("cpptest.struct.Dag", SDagObj, Object);
};

class SConstObj : public Object {
 public:
  Any v;
  explicit SConstObj(Any v_) : v(std::move(v_)) {}
  static constexpr TVMFFISEqHashKind _type_s_eq_hash_kind = kTVMFFISEqHashKindConstTreeNode;
  TVM_FFI_DECLARE_OBJECT_INFO_FINAL("cpptest.struct.Const", SConstObj, Object);
};

class SUniqueObj : public Object {
 public:
  Any v;
  explicit SUniqueObj(Any v_) : v(std::move(v_)) {}
  static constexpr TVMFFISEqHashKind _type_s_eq_hash_kind = kTVMFFISEqHashKindUniqueInstance;
  TVM_FFI_DECLARE_OBJECT_INFO_FINAL("cpptest.struct.Unique", SUniqueObj, Object);
};

// No structural kind at all.
class SPlainObj : public Object {
 public:
  int64_t x = 0;
  TVM_FFI_DECLARE_OBJECT_INFO_FINAL("cpptest.struct.Plain", SPlainObj, Object);
};

void RegisterOnce() {
  static bool done = [] {
    namespace refl = ::tvm::ffi::reflection;
    using Flag = refl::AttachFieldFlag;
    refl::ObjectDef<SVarObj>().def_ro("name", &SVarObj::name, Flag::SEqHashIgnore());
    refl::ObjectDef<STreeObj>()
        .def_ro("a", &STreeObj::a)
        .def_ro("b", &STreeObj::b)
        .def_ro("note", &STreeObj::note, Flag::SEqHashIgnore());
    refl::ObjectDef<STreeDerivedObj>().def_ro("c", &STreeDerivedObj::c);
    refl::ObjectDef<SLamObj>()
        .def_ro("params", &SLamObj::params, Flag::SEqHashDef())
        .def_ro("body", &SLamObj::body);
    refl::ObjectDef<SDagObj>().def_ro("a", &SDagObj::a);
    refl::ObjectDef<SConstObj>().def_ro("v", &SConstObj::v);
    refl::ObjectDef<SUniqueObj>().def_ro("v", &SUniqueObj::v);
    refl::ObjectDef<SPlainObj>().def_ro("x", &SPlainObj::x);
    return true;
  }();
  (void)done;
}

ObjectRef Var(const char* name) { return ObjectRef(make_object<SVarObj>(String(name))); }
ObjectRef Tree(Any a, Any b, const char* note = "") {
  return ObjectRef(make_object<STreeObj>(std::move(a), std::move(b), String(note)));
}
ObjectRef Lam(Any params, Any body) {
  return ObjectRef(make_object<SLamObj>(std::move(params), std::move(body)));
}
ObjectRef Dag(Any a) { return ObjectRef(make_object<SDagObj>(std::move(a))); }

bool Eq(const Any& a, const Any& b, bool map_free_vars = false) {
  return StructuralEqual::Equal(a, b, map_free_vars);
}
uint64_t Hash(const Any& v, bool map_free_vars = false) {
  return StructuralHash::Hash(v, map_free_vars);
}

// "<lhs path> | <rhs path>" of the first mismatch, or "equal".
std::string Mismatch(const Any& a, const Any& b, bool map_free_vars = false,
                     bool skip_tensor_content = false) {
  Optional<::tvm::ffi::reflection::AccessPathPair> m =
      StructuralEqual::GetFirstMismatch(a, b, map_free_vars, skip_tensor_content);
  if (!m.has_value()) return "equal";
  return std::string(ReprPrint(m.value().get<0>())) + " | " +
         std::string(ReprPrint(m.value().get<1>()));
}

template <typename... T>
Array<Any> Arr(T... items) {
  return Array<Any>{Any(items)...};
}

// ---- values and containers -------------------------------------------------------------------

// SPEC: STRUCT-EQ-VALUES
TEST(StructuralEqual, ScalarsCompareByTypeAndBits) {
  EXPECT_TRUE(Eq(1, 1));
  EXPECT_FALSE(Eq(1, 2));
  EXPECT_FALSE(Eq(1, 1.0));   // int vs float
  EXPECT_FALSE(Eq(true, 1));  // bool vs int
  double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_TRUE(Eq(nan, nan));
  EXPECT_FALSE(Eq(0.0, -0.0));
  EXPECT_NE(Hash(0.0), Hash(-0.0));
  EXPECT_TRUE(Eq(Any(), Any()));
  EXPECT_FALSE(Eq(Any(), 0));
  EXPECT_TRUE(Eq(DLDataType{kDLFloat, 32, 1}, DLDataType{kDLFloat, 32, 1}));
  EXPECT_FALSE(Eq(DLDataType{kDLFloat, 32, 1}, DLDataType{kDLFloat, 16, 1}));
  EXPECT_TRUE(Eq(DLDevice{kDLCPU, 0}, DLDevice{kDLCPU, 0}));
  EXPECT_FALSE(Eq(DLDevice{kDLCPU, 0}, DLDevice{kDLCPU, 1}));
  EXPECT_EQ(Mismatch(1, String("a")), "<root> | <root>");
}

// SPEC: STRUCT-EQ-VALUES
TEST(StructuralEqual, SmallAndHeapStringsAreOneType) {
  Any small("abc");                  // inline small string
  Any heap(String(std::string("abc")));
  std::string long_text(100, 'x');
  EXPECT_TRUE(Eq(small, heap));
  EXPECT_EQ(Hash(small), Hash(heap));
  EXPECT_TRUE(Eq(String(long_text), String(long_text)));
  EXPECT_FALSE(Eq(String("abc"), String("abd")));
  EXPECT_FALSE(Eq(String("abc"), Bytes("abc", 3)));
  EXPECT_TRUE(Eq(Bytes("a\0b", 3), Bytes("a\0b", 3)));
}

// SPEC: STRUCT-EQ-VALUES, STRUCT-EQ-MISMATCH
TEST(StructuralEqual, SequencesCompareElementwiseAndReportMissingItems) {
  EXPECT_TRUE(Eq(Arr(1, 2), Arr(1, 2)));
  EXPECT_FALSE(Eq(Arr(1, 2), List<Any>{1, 2}));  // Array vs List
  EXPECT_TRUE(Eq(List<Any>{1, 2}, List<Any>{1, 2}));
  EXPECT_EQ(Mismatch(Arr(1, 2), Arr(1, 3)), "<root>[1] | <root>[1]");
  EXPECT_EQ(Mismatch(Arr(1, 2), Arr(1, 2, 3)), "<root>[<missing:2>] | <root>[2]");
  EXPECT_EQ(Mismatch(Arr(1, 2, 3), Arr(1, 2)), "<root>[2] | <root>[<missing:2>]");
  EXPECT_EQ(Mismatch(Arr(1, 2), Arr(1, 2)), "equal");
  Array<Any> inner1 = Arr(1, Map<Any, Any>{{String("k"), Arr(1, 2)}});
  Array<Any> inner2 = Arr(1, Map<Any, Any>{{String("k"), Arr(1, 5)}});
  EXPECT_EQ(Mismatch(Arr(inner1), Arr(inner2)), "<root>[0][1][\"k\"][1] | <root>[0][1][\"k\"][1]");
}

// SPEC: STRUCT-EQ-VALUES, STRUCT-EQ-MISMATCH
TEST(StructuralEqual, MappingsIgnoreOrderAndReportMissingKeys) {
  Map<Any, Any> ab{{String("a"), 1}, {String("b"), 2}};
  Map<Any, Any> ba{{String("b"), 2}, {String("a"), 1}};
  EXPECT_TRUE(Eq(ab, ba));
  EXPECT_EQ(Hash(ab), Hash(ba));
  EXPECT_FALSE(Eq(ab, Dict<Any, Any>{{String("a"), 1}, {String("b"), 2}}));  // Map vs Dict
  EXPECT_EQ(Mismatch(ab, Map<Any, Any>{{String("a"), 1}, {String("b"), 3}}),
            "<root>[\"b\"] | <root>[\"b\"]");
  EXPECT_EQ(Mismatch(ab, Map<Any, Any>{{String("a"), 1}}),
            "<root>[\"b\"] | <root>[<missing:\"b\">]");
  EXPECT_EQ(Mismatch(Map<Any, Any>{{String("a"), 1}}, Map<Any, Any>{{String("a"), 1}, {String("c"), 2}}),
            "<root>[<missing:\"c\">] | <root>[\"c\"]");
  Dict<Any, Any> d1{{1, String("x")}};
  Dict<Any, Any> d2{{1, String("x")}};
  EXPECT_TRUE(Eq(d1, d2));
}

// SPEC: STRUCT-EQ-VALUES
TEST(StructuralEqual, ShapesCompareAsOneValue) {
  EXPECT_TRUE(Eq(Shape({1, 2}), Shape({1, 2})));
  EXPECT_EQ(Hash(Shape({1, 2})), Hash(Shape({1, 2})));
  EXPECT_EQ(Mismatch(Shape({1, 2}), Shape({1, 3})), "<root> | <root>");
  EXPECT_FALSE(Eq(Shape({1, 2}), Shape({1, 2, 1})));
}

struct FillAlloc {
  void AllocData(DLTensor* t, float start) {
    t->data = std::malloc(GetDataSize(*t));
    for (size_t i = 0; i < GetDataSize(*t) / sizeof(float); ++i) {
      static_cast<float*>(t->data)[i] = start + static_cast<float>(i);
    }
  }
  void FreeData(DLTensor* t) { std::free(t->data); }
};

Tensor Floats(std::initializer_list<int64_t> shape, float start) {
  return Tensor::FromNDAlloc(FillAlloc{}, Shape(shape), DLDataType{kDLFloat, 32, 1},
                             DLDevice{kDLCPU, 0}, start);
}

// SPEC: STRUCT-EQ-VALUES, STRUCT-HASH
TEST(StructuralEqual, TensorsCompareMetadataAndContent) {
  Tensor a = Floats({2, 2}, 0.0f);
  Tensor b = Floats({2, 2}, 0.0f);
  Tensor c = Floats({2, 2}, 1.0f);
  EXPECT_TRUE(Eq(a, b));
  EXPECT_EQ(Hash(a), Hash(b));
  EXPECT_FALSE(Eq(a, c));
  EXPECT_EQ(Mismatch(a, c), "<root> | <root>");
  EXPECT_TRUE(StructuralEqual::Equal(a, c, false, true));
  EXPECT_EQ(StructuralHash::Hash(a, false, true), StructuralHash::Hash(c, false, true));
  EXPECT_FALSE(StructuralEqual::Equal(a, Floats({4}, 0.0f), false, true));  // shape differs
  // A strided view compares by its elements, in row-major order: column 1 of [[0,1],[2,3]]
  // is [1, 3].
  Tensor column = a.as_strided({2}, {2}, 1);
  ASSERT_FALSE(column.IsContiguous());
  Tensor packed = Tensor::FromNDAlloc(FillAlloc{}, Shape({2}), DLDataType{kDLFloat, 32, 1},
                                      DLDevice{kDLCPU, 0}, 1.0f);
  static_cast<float*>(packed.data_ptr())[1] = 3.0f;
  EXPECT_TRUE(Eq(column, packed));
  EXPECT_EQ(Hash(column), Hash(packed));
}

// SPEC: STRUCT-EQ-VALUES
TEST(StructuralEqual, DeviceTensorContentNeedsSkip) {
  Tensor a = Floats({2}, 0.0f);
  Tensor gpu = a.as_strided({2}, {1}, 0);
  // Relabel the view as a CUDA tensor: its data is never read when the content is skipped.
  const_cast<DLTensor*>(gpu.GetDLTensorPtr())->device = DLDevice{kDLCUDA, 0};
  Tensor gpu2 = a.as_strided({2}, {1}, 0);
  const_cast<DLTensor*>(gpu2.GetDLTensorPtr())->device = DLDevice{kDLCUDA, 0};
  EXPECT_TRUE(StructuralEqual::Equal(gpu, gpu2, false, true));
  ExpectError([&] { Eq(gpu, gpu2); }, "ValueError", "skip_tensor_content=True");
  ExpectError([&] { Hash(gpu); }, "ValueError", "skip_tensor_content=True");
  EXPECT_FALSE(StructuralEqual::Equal(a, gpu, false, true));  // devices differ
}

// ---- objects by kind -------------------------------------------------------------------------

// SPEC: STRUCT-EQ-KINDS
TEST(StructuralEqual, TreeNodesCompareFieldsIncludingAncestorsAndSkipIgnored) {
  RegisterOnce();
  EXPECT_TRUE(Eq(Tree(1, 2, "first"), Tree(1, 2, "second")));  // `note` is ignored
  EXPECT_EQ(Hash(Tree(1, 2, "first")), Hash(Tree(1, 2, "second")));
  EXPECT_EQ(Mismatch(Tree(1, 2), Tree(1, 3)), "<root>.b | <root>.b");
  ObjectRef d1(make_object<STreeDerivedObj>(1, 2, 3));
  ObjectRef d2(make_object<STreeDerivedObj>(1, 2, 4));
  EXPECT_EQ(Mismatch(d1, d2), "<root>.c | <root>.c");
  EXPECT_EQ(Mismatch(d1, Tree(1, 2)), "<root> | <root>");  // types differ
  // Sharing does not matter for tree nodes.
  ObjectRef t = Tree(1, 2);
  EXPECT_TRUE(Eq(Tree(t, t), Tree(t, Tree(1, 2))));
}

// SPEC: STRUCT-EQ-KINDS
TEST(StructuralEqual, ConstAndUniqueInstances) {
  RegisterOnce();
  ObjectRef c1(make_object<SConstObj>(1));
  EXPECT_TRUE(Eq(c1, c1));
  EXPECT_TRUE(Eq(c1, ObjectRef(make_object<SConstObj>(1))));
  EXPECT_EQ(Mismatch(c1, ObjectRef(make_object<SConstObj>(2))), "<root>.v | <root>.v");
  ObjectRef u1(make_object<SUniqueObj>(1));
  ObjectRef u2(make_object<SUniqueObj>(1));
  EXPECT_TRUE(Eq(u1, u1));
  EXPECT_FALSE(Eq(u1, u2));
  EXPECT_EQ(Hash(u1), Hash(u1));
}

// SPEC: STRUCT-EQ-KINDS
TEST(StructuralEqual, TypesWithoutAKindAreTypeErrors) {
  RegisterOnce();
  ObjectRef p(make_object<SPlainObj>());
  ExpectError([&] { Eq(p, p); }, "TypeError", "cpptest.struct.Plain");
  ExpectError([&] { Hash(p); }, "TypeError", "ffi.StructuralHash");
  ExpectError([&] { Mismatch(Arr(p), Arr(p)); }, "TypeError", "cpptest.struct.Plain");
  Function f = Function::FromTyped([](int64_t x) { return x; });
  ExpectError([&] { Eq(f, f); }, "TypeError", "ffi.Function");
}

// SPEC: STRUCT-EQ-VARS, STRUCT-HASH
TEST(StructuralEqual, FreeVarsAreEqualToThemselvesUnlessMapped) {
  RegisterOnce();
  ObjectRef x = Var("x");
  ObjectRef y = Var("y");
  EXPECT_TRUE(Eq(x, x));
  EXPECT_FALSE(Eq(x, y));
  EXPECT_NE(Hash(x), Hash(y));
  EXPECT_TRUE(Eq(x, y, true));
  EXPECT_EQ(Hash(x, true), Hash(y, true));
  EXPECT_FALSE(Eq(Tree(x, x), Tree(y, y)));
  EXPECT_TRUE(Eq(Tree(x, x), Tree(y, y), true));
  EXPECT_TRUE(Eq(Tree(x, y), Tree(y, x), true));
  // The binding is one-to-one: y on the right is already taken by x.
  EXPECT_EQ(Mismatch(Tree(x, y), Tree(y, y), true), "<root>.b | <root>.b");
  EXPECT_NE(Hash(Tree(x, y), true), Hash(Tree(y, y), true));
  // Map keys are looked up through bindings made before them, not bound by the lookup.
  EXPECT_FALSE(Eq(Map<Any, Any>{{x, 1}}, Map<Any, Any>{{y, 1}}, true));
}

// SPEC: STRUCT-EQ-VARS, STRUCT-EQ-MISMATCH, STRUCT-HASH
TEST(StructuralEqual, DefinitionsBindVariables) {
  RegisterOnce();
  ObjectRef x = Var("x");
  ObjectRef y = Var("y");
  ObjectRef z = Var("z");
  EXPECT_TRUE(Eq(Lam(Arr(x), Tree(x, 1)), Lam(Arr(y), Tree(y, 1))));
  EXPECT_EQ(Hash(Lam(Arr(x), Tree(x, 1))), Hash(Lam(Arr(y), Tree(y, 1))));
  EXPECT_EQ(Mismatch(Lam(Arr(x), Tree(x, 1)), Lam(Arr(y), Tree(y, 2))), "<root>.body.b | <root>.body.b");
  EXPECT_EQ(Mismatch(Lam(Arr(x), Tree(x, z)), Lam(Arr(y), Tree(y, x))), "<root>.body.b | <root>.body.b");
  EXPECT_EQ(Mismatch(Lam(Arr(x, y), Tree(x, y)), Lam(Arr(y, x), Tree(x, y))),
            "<root>.body.a | <root>.body.a");
  EXPECT_TRUE(Eq(Lam(Arr(x, y), Tree(x, y)), Lam(Arr(y, x), Tree(y, x))));
  EXPECT_EQ(Mismatch(Lam(Arr(x, x), x), Lam(Arr(y, z), y)), "<root>.params[1] | <root>.params[1]");
  EXPECT_EQ(Mismatch(Lam(Arr(x), x), Lam(Arr(y), x)), "<root>.body | <root>.body");
  // Variables anywhere inside the defining field are defined.
  EXPECT_TRUE(Eq(Lam(Tree(x, 1), x), Lam(Tree(y, 1), y)));
  // Keys bound by an earlier definition are found through the binding.
  EXPECT_TRUE(Eq(Lam(Arr(x), Map<Any, Any>{{x, 1}}), Lam(Arr(y), Map<Any, Any>{{y, 1}})));
  EXPECT_EQ(Hash(Lam(Arr(x), Map<Any, Any>{{x, 1}})), Hash(Lam(Arr(y), Map<Any, Any>{{y, 1}})));
  EXPECT_EQ(Mismatch(Lam(Arr(x), Lam(Arr(x), x)), Lam(Arr(y), Lam(Arr(z), z))),
            "<root>.body.params[0] | <root>.body.params[0]");
}

// SPEC: STRUCT-HASH
TEST(StructuralHash, MappingsNumberVariablesIndependentlyOfInsertionOrder) {
  RegisterOnce();
  ObjectRef x = Var("x");
  ObjectRef y = Var("y");
  ObjectRef x2 = Var("x2");
  ObjectRef y2 = Var("y2");
  Map<Any, Any> ab{{String("a"), x}, {String("b"), y}};
  Map<Any, Any> ba{{String("b"), y2}, {String("a"), x2}};
  ASSERT_TRUE(Eq(ab, ba, true));
  EXPECT_EQ(Hash(ab, true), Hash(ba, true));
  EXPECT_EQ(Hash(Lam(ab, 1)), Hash(Lam(ba, 1)));
}

// SPEC: STRUCT-EQ-KINDS, STRUCT-HASH
TEST(StructuralEqual, DagNodesMustShareAlike) {
  RegisterOnce();
  ObjectRef d = Dag(1);
  ObjectRef d2 = Dag(1);
  EXPECT_TRUE(Eq(d, d2));
  EXPECT_TRUE(Eq(Tree(d, d), Tree(d2, d2)));
  EXPECT_EQ(Hash(Tree(d, d)), Hash(Tree(d2, d2)));
  EXPECT_FALSE(Eq(Tree(d, d), Tree(d, d2)));
  EXPECT_EQ(Mismatch(Tree(d, d), Tree(d, d2)), "<root>.b | <root>.b");
  EXPECT_FALSE(Eq(Tree(d, d2), Tree(d, d)));
  EXPECT_NE(Hash(Tree(d, d)), Hash(Tree(d, d2)));
}

// SPEC: STRUCT-HASH
TEST(StructuralHash, FunctorsWorkInUnorderedMaps) {
  std::unordered_map<Any, int, StructuralHash, StructuralEqual> table;
  table[Arr(1, 2)] = 1;
  table[Arr(1, 2)] = 2;  // a structurally equal key: the same entry
  table[Arr(2, 1)] = 3;
  EXPECT_EQ(table.size(), 2u);
  EXPECT_EQ(table[Arr(1, 2)], 2);
  // Hashes spread: small neighbouring values differ in their low bits.
  EXPECT_NE(Hash(1) & 0xff, Hash(2) & 0xff);
}

// SPEC: STRUCT-DEPTH
TEST(StructuralEqual, DeepNestingIsAValueErrorNotAStackOverflow) {
  Any deep = Arr(0);
  Any deep2 = Arr(0);
  for (int i = 0; i < 1100; ++i) {
    deep = Arr(deep);
    deep2 = Arr(deep2);
  }
  // Past 1000 levels, or earlier where frames are large (sanitizer builds) or the thread's
  // stack is small, the walk stops with a ValueError.
  ExpectError([&] { Eq(deep, deep2); }, "ValueError", "values nest");
  ExpectError([&] { Hash(deep); }, "ValueError", "values nest");
  ExpectError([&] { Mismatch(deep, deep2); }, "ValueError", "values nest");
  Any ok = Arr(0);
  for (int i = 0; i < 200; ++i) ok = Arr(ok);
  EXPECT_TRUE(Eq(ok, ok));
  EXPECT_EQ(Mismatch(ok, ok), "equal");
}

// SPEC: STRUCT-DEPTH
TEST(StructuralEqual, SmallThreadStacksGetAValueErrorNotACrash) {
  // 900 levels fit the depth limit but not a 256 KiB stack in every build; the walk must then
  // stop cleanly. Either outcome is fine, a crash is not.
  struct Job {
    Any deep;
    std::string outcome;
  } job;
  job.deep = Arr(0);
  for (int i = 0; i < 900; ++i) job.deep = Arr(job.deep);
  auto run = [](void* arg) -> void* {
    Job* j = static_cast<Job*>(arg);
    try {
      j->outcome = StructuralEqual::Equal(j->deep, j->deep) ? "equal" : "unequal";
      StructuralHash::Hash(j->deep);
    } catch (const Error& err) {
      j->outcome = err.kind() + ": " + err.message();
    }
    return nullptr;
  };
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, 256 << 10);
  pthread_t thread;
  ASSERT_EQ(pthread_create(&thread, &attr, run, &job), 0);
  pthread_join(thread, nullptr);
  pthread_attr_destroy(&attr);
  EXPECT_TRUE(job.outcome == "equal" || job.outcome.find("ValueError: ffi.Structural") == 0)
      << job.outcome;
}

// ---- globals ---------------------------------------------------------------------------------

// SPEC: STRUCT-TYPES, STRUCT-HASH
TEST(StructuralGlobals, CallTheCppApi) {
  RegisterOnce();
  Function eq = Function::GetGlobalRequired("ffi.StructuralEqual");
  Function hash = Function::GetGlobalRequired("ffi.StructuralHash");
  Function mismatch = Function::GetGlobalRequired("ffi.GetFirstStructuralMismatch");
  ObjectRef x = Var("x");
  ObjectRef y = Var("y");
  EXPECT_FALSE(eq(x, y, false, false).cast<bool>());
  EXPECT_TRUE(eq(x, y, true, false).cast<bool>());
  EXPECT_EQ(hash(Arr(1, 2), false, false).cast<int64_t>(),
            static_cast<int64_t>(StructuralHash::Hash(Arr(1, 2))));
  EXPECT_EQ(mismatch(Arr(1), Arr(1), false, false).type_index(), kTVMFFINone);
  Array<Any> paths = mismatch(Arr(1), Arr(2), false, false).cast<Array<Any>>();
  ASSERT_EQ(paths.size(), 2u);
  EXPECT_EQ(std::string(ReprPrint(paths[0])), "<root>[0]");
  ExpectError([&] { eq(1, 1, String("x"), false); }, "TypeError", "ffi.StructuralEqual");
  // StructuralKey: the key and its hash; equality through ffi.StructuralKeyEqual.
  Function make_key = Function::GetGlobalRequired("ffi.StructuralKey");
  Function key_eq = Function::GetGlobalRequired("ffi.StructuralKeyEqual");
  ObjectRef k1 = make_key(Arr(1, 2)).cast<ObjectRef>();
  ObjectRef k2 = make_key(Arr(1, 2)).cast<ObjectRef>();
  ObjectRef k3 = make_key(Arr(1, 3)).cast<ObjectRef>();
  EXPECT_EQ(k1->GetTypeKey(), "ffi.StructuralKey");
  EXPECT_TRUE(key_eq(k1, k2).cast<bool>());
  EXPECT_FALSE(key_eq(k1, k3).cast<bool>());
  EXPECT_EQ(std::string(ReprPrint(k1)).find("ffi.StructuralKey(key=(1, 2), hash_i64="), 0u);
}

// ---- AccessPath ------------------------------------------------------------------------------

// SPEC: ACCESS-PATH
TEST(AccessPath, HeaderApiBuildsAndComparesPaths) {
  refl_AccessPath root = refl_AccessPath::Root();
  refl_AccessPath p = root.Attr("a").ArrayItem(3).MapItem(String("k"));
  EXPECT_EQ(p->depth, 3);
  EXPECT_EQ(std::string(ReprPrint(p)), "<root>.a[3][\"k\"]");
  EXPECT_EQ(p->step.value()->kind, AccessKind::kMapItem);
  EXPECT_EQ(std::string(ReprPrint(p.GetParent().value())), "<root>.a[3]");
  EXPECT_FALSE(root.GetParent().has_value());
  EXPECT_TRUE(root.Attr("a").IsPrefixOf(p));
  EXPECT_FALSE(root.Attr("b").IsPrefixOf(p));
  EXPECT_FALSE(p.IsPrefixOf(root.Attr("a")));
  EXPECT_TRUE(p.PathEqual(root.Attr("a").ArrayItem(3).MapItem(String("k"))));
  EXPECT_FALSE(p.PathEqual(root.Attr("a").ArrayItem(3)));
  EXPECT_EQ(p.ToSteps().size(), 3u);
  EXPECT_EQ(std::string(ReprPrint(root.AttrMissing("a"))), "<root>[<missing:\"a\">]");
  EXPECT_EQ(std::string(ReprPrint(root.ArrayItemMissing(2))), "<root>[<missing:2>]");
  EXPECT_EQ(std::string(ReprPrint(root.MapItemMissing(String("k")))), "<root>[<missing:\"k\">]");
}

}  // namespace
