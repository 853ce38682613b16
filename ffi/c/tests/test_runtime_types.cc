// ffi/c/tests/test_runtime_types.cc: the reflected types and dataclass globals the runtime
// registers for bindings built against the reference (SPEC §5.6, §13.8).
#include <gtest/gtest.h>
#include <tvm/ffi/any.h>
#include <tvm/ffi/c_api.h>
#include <tvm/ffi/container/array.h>
#include <tvm/ffi/container/list.h>
#include <tvm/ffi/container/map.h>
#include <tvm/ffi/container/shape.h>
#include <tvm/ffi/error.h>
#include <tvm/ffi/function.h>
#include <tvm/ffi/memory.h>
#include <tvm/ffi/object.h>
#include <tvm/ffi/optional.h>
#include <tvm/ffi/reflection/accessor.h>
#include <tvm/ffi/reflection/registry.h>
#include <tvm/ffi/string.h>

#include <cmath>
#include <cstring>
#include <string>

namespace {

using ::tvm::ffi::Any;
using ::tvm::ffi::Array;
using ::tvm::ffi::Error;
using ::tvm::ffi::Function;
using ::tvm::ffi::List;
using ::tvm::ffi::Map;
using ::tvm::ffi::Object;
using ::tvm::ffi::ObjectRef;
using ::tvm::ffi::Optional;
using ::tvm::ffi::String;
namespace refl = ::tvm::ffi::reflection;

const TVMFFITypeInfo* InfoOf(const char* key) {
  TVMFFIByteArray name{key, std::strlen(key)};
  int32_t index = -1;
  if (TVMFFITypeKeyToIndex(&name, &index) != 0) {
    TVMFFIObjectHandle err = nullptr;
    TVMFFIErrorMoveFromRaised(&err);
    if (err != nullptr) TVMFFIObjectDecRef(err);
    return nullptr;
  }
  return TVMFFIGetTypeInfo(index);
}

const TVMFFIFieldInfo* FieldOf(const TVMFFITypeInfo* info, const char* name) {
  for (int32_t i = 0; i < info->num_fields; ++i) {
    if (std::string(info->fields[i].name.data, info->fields[i].name.size) == name) {
      return &info->fields[i];
    }
  }
  return nullptr;
}

Function MethodOf(const char* type_key, const char* name) {
  return refl::GetMethod(type_key, name);
}

Function Global(const char* name) { return Function::GetGlobalRequired(name); }

// Runs `fn`, which must throw an Error of `kind` whose message contains `text`.
template <typename F>
void ExpectError(F fn, const std::string& kind, const std::string& text) {
  try {
    fn();
    ADD_FAILURE() << "expected " << kind;
  } catch (const Error& err) {
    EXPECT_EQ(err.kind(), kind) << err.message();
    EXPECT_NE(err.message().find(text), std::string::npos) << err.message();
  }
}

// ---- Enum types -----------------------------------------------------------------------------

// SPEC: ENUM-COLUMN
TEST(RuntimeTypes, EnumStateColumnExistsAtLoad) {
  TVMFFIByteArray name{"__ffi_enum__", 12};
  EXPECT_NE(TVMFFIGetTypeAttrColumn(&name), nullptr);
}

// SPEC: ENUM-LAYOUT
TEST(RuntimeTypes, EnumTypesHaveReferenceLayout) {
  const TVMFFITypeInfo* state = InfoOf("ffi.EnumState");
  ASSERT_NE(state, nullptr);
  EXPECT_EQ(FieldOf(state, "entries")->offset, 24);
  EXPECT_EQ(FieldOf(state, "indexes")->offset, 32);
  EXPECT_EQ(FieldOf(state, "attrs")->offset, 40);
  EXPECT_EQ(state->metadata->total_size, 48);
  const TVMFFITypeInfo* base = InfoOf("ffi.Enum");
  ASSERT_NE(base, nullptr);
  EXPECT_EQ(FieldOf(base, "_int_index")->offset, 24);
  EXPECT_EQ(FieldOf(base, "_str_index")->offset, 32);
  EXPECT_EQ(base->metadata->structural_eq_hash_kind, kTVMFFISEqHashKindUniqueInstance);
  for (const char* key : {"ffi.IntEnum", "ffi.StrEnum"}) {
    const TVMFFITypeInfo* child = InfoOf(key);
    ASSERT_NE(child, nullptr) << key;
    ASSERT_EQ(child->type_depth, 2);
    EXPECT_EQ(child->type_ancestors[1]->type_index, base->type_index);
  }
  EXPECT_EQ(FieldOf(InfoOf("ffi.IntEnum"), "value")->offset, 24);
  EXPECT_EQ(FieldOf(InfoOf("ffi.StrEnum"), "value")->offset, 32);
}

// SPEC: ENUM-LAYOUT
TEST(RuntimeTypes, EnumStateInitMakesAnEmptyState) {
  Any state = MethodOf("ffi.EnumState", "__ffi_init__")();
  ASSERT_EQ(std::string(state.GetTypeKey()), "ffi.EnumState");
  Any entries = refl::FieldGetter("ffi.EnumState", "entries")(state.cast<ObjectRef>());
  EXPECT_EQ(entries.cast<List<Any>>().size(), 0u);
  // Enum singletons are made by modules only: the enum types have no __ffi_init__.
  ExpectError([] { refl::GetMethodInfo("ffi.Enum", "__ffi_init__"); }, "AttributeError",
              "has no method `__ffi_init__`");
}

// SPEC: ENUM-CONVERT
TEST(RuntimeTypes, IntEnumConvertIsACheckedCast) {
  const TVMFFITypeInfo* info = InfoOf("ffi.IntEnum");
  refl::TypeAttrColumn convert_col("__ffi_convert__");
  refl::TypeAttrColumn new_col("__ffi_new__");
  Function convert = convert_col[info->type_index].cast<Function>();
  ObjectRef variant = new_col[info->type_index].cast<Function>()().cast<ObjectRef>();
  EXPECT_TRUE(convert(variant).cast<ObjectRef>().same_as(variant));
  ExpectError([&] { convert(10); }, "TypeError", "Cannot cast from `int` to `ffi.IntEnum`");
  Function str_convert = convert_col[InfoOf("ffi.StrEnum")->type_index].cast<Function>();
  ExpectError([&] { str_convert(variant); }, "TypeError", "to `ffi.StrEnum`");
}

// ---- Access paths ---------------------------------------------------------------------------

Any Call(const char* method, Any self, Any arg) {
  return MethodOf("ffi.reflection.AccessPath", method)(self, arg);
}

// SPEC: ACCESS-PATH
TEST(RuntimeTypes, AccessPathBuildsStepsFromTheRoot) {
  Any root = MethodOf("ffi.reflection.AccessPath", "_root")();
  Any layer = Call("_attr", root, String("layer"));
  Any path = Call("_map_item", Call("_array_item", layer, 2), String("k"));
  refl::FieldGetter depth("ffi.reflection.AccessPath", "depth");
  EXPECT_EQ(depth(path.cast<ObjectRef>()).cast<int64_t>(), 3);
  Array<ObjectRef> steps =
      MethodOf("ffi.reflection.AccessPath", "_to_steps")(path).cast<Array<ObjectRef>>();
  ASSERT_EQ(steps.size(), 3u);
  refl::FieldGetter kind("ffi.reflection.AccessStep", "kind");
  refl::FieldGetter key("ffi.reflection.AccessStep", "key");
  EXPECT_EQ(kind(steps[0]).cast<int64_t>(), 0);
  EXPECT_EQ(key(steps[0]).cast<String>(), "layer");
  EXPECT_EQ(kind(steps[1]).cast<int64_t>(), 1);
  EXPECT_EQ(key(steps[1]).cast<int64_t>(), 2);
  EXPECT_EQ(kind(steps[2]).cast<int64_t>(), 2);
  Any missing = Call("_attr_missing", root, String("x"));
  EXPECT_EQ(kind(MethodOf("ffi.reflection.AccessPath", "_to_steps")(missing)
                     .cast<Array<ObjectRef>>()[0])
                .cast<int64_t>(),
            3);
}

// SPEC: ACCESS-PATH
TEST(RuntimeTypes, AccessPathPrefixAndEquality) {
  Any root = MethodOf("ffi.reflection.AccessPath", "_root")();
  Any a = Call("_array_item", Call("_attr", root, String("w")), 1);
  Any same = Call("_array_item", Call("_attr", root, String("w")), 1);
  Any other = Call("_array_item", Call("_attr", root, String("w")), 2);
  EXPECT_TRUE(Call("_path_equal", a, same).cast<bool>());
  EXPECT_FALSE(Call("_path_equal", a, other).cast<bool>());
  EXPECT_TRUE(Call("_is_prefix_of", Call("_attr", root, String("w")), a).cast<bool>());
  EXPECT_FALSE(Call("_is_prefix_of", a, root).cast<bool>());
  EXPECT_TRUE(Call("_is_prefix_of", root, root).cast<bool>());
}

// SPEC: ACCESS-PATH
TEST(RuntimeTypes, AccessPathRejectsBadArguments) {
  Any root = MethodOf("ffi.reflection.AccessPath", "_root")();
  ExpectError([&] { Call("_attr", root, 5); }, "TypeError", "_attr");
  ExpectError([&] { Call("_array_item", root, String("x")); }, "TypeError", "_array_item");
  ExpectError([&] { Call("_extend", root, root); }, "TypeError", "_extend");
  ExpectError([&] { Call("_is_prefix_of", String("x"), root); }, "TypeError", "_is_prefix_of");
}

// SPEC: STRUCT-TYPES
TEST(RuntimeTypes, StructuralTypeKeysAreRegistered) {
  for (const char* key : {"ffi.StructuralKey", "ffi.StructuralVisitor", "ffi.StructuralMutator",
                          "ffi.VisitErrorContext", "ffi.VisitInterrupt"}) {
    EXPECT_NE(InfoOf(key), nullptr) << key;
  }
  EXPECT_EQ(InfoOf("ffi.VisitInterrupt")->type_index, kTVMFFIVisitInterrupt);
  EXPECT_EQ(FieldOf(InfoOf("ffi.VisitInterrupt"), "value")->offset, 24);
  EXPECT_EQ(FieldOf(InfoOf("ffi.StructuralKey"), "hash_i64")->offset, 40);
}

// ---- Dataclass globals ----------------------------------------------------------------------

// A reflected test type: two compared fields, one field left out of comparison and hashing.
class SwapTestNodeObj : public Object {
 public:
  int64_t value = 0;
  Optional<ObjectRef> child;
  int64_t ignored = 0;
  TVM_FFI_DECLARE_OBJECT_INFO_FINAL("test_runtime_types.Node", SwapTestNodeObj, Object);
};

struct RegisterNode {
  RegisterNode() {
    refl::ObjectDef<SwapTestNodeObj>()
        .def_rw("value", &SwapTestNodeObj::value)
        .def_rw("child", &SwapTestNodeObj::child)
        .def_rw("ignored", &SwapTestNodeObj::ignored, refl::compare(false), refl::hash(false));
  }
};

ObjectRef Node(int64_t value, Optional<ObjectRef> child = std::nullopt, int64_t ignored = 0) {
  static RegisterNode once;
  auto n = ::tvm::ffi::make_object<SwapTestNodeObj>();
  n->value = value;
  n->child = std::move(child);
  n->ignored = ignored;
  return ObjectRef(n);
}

const SwapTestNodeObj* AsNode(const Any& v) {
  return static_cast<const SwapTestNodeObj*>(v.cast<ObjectRef>().get());
}

// SPEC: DATACLASS-DEEPCOPY
TEST(DataclassGlobals, DeepCopyCopiesObjectsAndKeepsSharing) {
  ObjectRef leaf = Node(1);
  Array<Any> both{Node(2, leaf), Node(3, leaf)};
  Any copy = Global("ffi.DeepCopy")(both);
  Array<Any> out = copy.cast<Array<Any>>();
  ASSERT_EQ(out.size(), 2u);
  EXPECT_FALSE(out.same_as(both));
  EXPECT_EQ(AsNode(out[0])->value, 2);
  const Object* c0 = AsNode(out[0])->child.value().get();
  const Object* c1 = AsNode(out[1])->child.value().get();
  EXPECT_NE(c0, leaf.get());
  EXPECT_EQ(c0, c1) << "a value shared in the input is shared in the copy";
  // Values and strings come back as they are.
  EXPECT_EQ(Global("ffi.DeepCopy")(7).cast<int64_t>(), 7);
  EXPECT_EQ(Global("ffi.DeepCopy")(String("a long string, not small")).cast<String>(),
            "a long string, not small");
}

// SPEC: DATACLASS-DEEPCOPY
TEST(DataclassGlobals, DeepCopyHandlesSelfContainingListsAndRejectsOpaqueObjects) {
  List<Any> loop;
  loop.push_back(1);
  loop.push_back(loop);
  List<Any> copy = Global("ffi.DeepCopy")(loop).cast<List<Any>>();
  EXPECT_FALSE(copy.same_as(loop));
  EXPECT_TRUE(copy[1].cast<List<Any>>().same_as(copy));
  loop.clear();  // break the cycles so both lists are freed
  copy.clear();
  Function fn = Function::FromTyped([](int x) { return x; });
  ExpectError([&] { Global("ffi.DeepCopy")(fn); }, "TypeError", "cannot deep copy");
}

// SPEC: DATACLASS-RECURSIVE-EQ
TEST(DataclassGlobals, RecursiveEqComparesFieldsAndContents) {
  Function eq = Global("ffi.RecursiveEq");
  EXPECT_TRUE(eq(Node(1, Node(2), 5), Node(1, Node(2), 9)).cast<bool>()) << "compare(false) field";
  EXPECT_FALSE(eq(Node(1, Node(2)), Node(1, Node(3))).cast<bool>());
  EXPECT_TRUE(eq(String("abc"), String("abc")).cast<bool>());
  EXPECT_TRUE(eq(String("a string on the heap"), String("a string on the heap")).cast<bool>());
  EXPECT_FALSE(eq(1, 1.0).cast<bool>()) << "different kinds are unequal";
  EXPECT_FALSE(eq(Array<Any>{1}, List<Any>{1}).cast<bool>());
  EXPECT_TRUE(eq(::tvm::ffi::Shape({1, 2}), ::tvm::ffi::Shape({1, 2})).cast<bool>());
  EXPECT_FALSE(eq(::tvm::ffi::Shape({1, 2}), ::tvm::ffi::Shape({1, 2, 1})).cast<bool>());
  EXPECT_TRUE(eq(Map<Any, Any>{{String("k"), Node(1)}}, Map<Any, Any>{{String("k"), Node(1)}})
                  .cast<bool>());
  EXPECT_FALSE(eq(Map<Any, Any>{{String("k"), 1}}, Map<Any, Any>{{String("j"), 1}}).cast<bool>());
  EXPECT_TRUE(eq(std::nan(""), std::nan("")).cast<bool>());
  EXPECT_TRUE(eq(Any(), Any()).cast<bool>());
  EXPECT_FALSE(eq(Any(), 0).cast<bool>());
  Function fn = Function::FromTyped([](int x) { return x; });
  EXPECT_TRUE(eq(fn, fn).cast<bool>());
  EXPECT_FALSE(eq(fn, Function::FromTyped([](int x) { return x; })).cast<bool>());
}

// SPEC: DATACLASS-RECURSIVE-ORDER
TEST(DataclassGlobals, RecursiveOrderIsLexicographic) {
  EXPECT_TRUE(Global("ffi.RecursiveLt")(1, 2).cast<bool>());
  EXPECT_TRUE(Global("ffi.RecursiveLe")(2, 2).cast<bool>());
  EXPECT_TRUE(Global("ffi.RecursiveGt")(String("b"), String("a")).cast<bool>());
  EXPECT_TRUE(Global("ffi.RecursiveGe")(Node(2), Node(1, Node(9))).cast<bool>());
  EXPECT_TRUE(Global("ffi.RecursiveLt")(Array<Any>{1, 2}, Array<Any>{1, 3}).cast<bool>());
  EXPECT_TRUE(Global("ffi.RecursiveLt")(Array<Any>{1}, Array<Any>{1, 0}).cast<bool>());
  EXPECT_TRUE(Global("ffi.RecursiveLt")(Any(), 1).cast<bool>()) << "None sorts first";
  EXPECT_TRUE(
      Global("ffi.RecursiveLt")(::tvm::ffi::Shape({1, 2}), ::tvm::ffi::Shape({1, 3})).cast<bool>());
  ExpectError([] { Global("ffi.RecursiveLt")(1, String("a")); }, "TypeError",
              "Cannot compare values of different types: int vs");
  ExpectError([] { Global("ffi.RecursiveLt")(Map<Any, Any>{{1, 2}}, Map<Any, Any>{{1, 3}}); },
              "TypeError", "Cannot order Map/Dict");
  // Equal mappings compare equal, so containers holding them order by their other elements.
  EXPECT_TRUE(Global("ffi.RecursiveLe")(Map<Any, Any>{{1, 2}}, Map<Any, Any>{{1, 2}}).cast<bool>());
  EXPECT_TRUE(Global("ffi.RecursiveLt")(Array<Any>{1, Map<Any, Any>{{1, 2}}},
                                        Array<Any>{2, Map<Any, Any>{{1, 2}}})
                  .cast<bool>());
  Function f1 = Function::FromTyped([](int x) { return x; });
  Function f2 = Function::FromTyped([](int x) { return x; });
  ExpectError([&] { Global("ffi.RecursiveLt")(f1, f2); }, "TypeError", "no reflected fields");
  EXPECT_FALSE(Global("ffi.RecursiveLt")(f1, f1).cast<bool>()) << "an object equals itself";
}

// SPEC: DATACLASS-RECURSIVE-HASH
TEST(DataclassGlobals, RecursiveHashAgreesWithRecursiveEq) {
  Function hash = Global("ffi.RecursiveHash");
  EXPECT_EQ(hash(Node(1, Node(2), 5)).cast<int64_t>(), hash(Node(1, Node(2), 6)).cast<int64_t>());
  EXPECT_NE(hash(Node(1, Node(2))).cast<int64_t>(), hash(Node(1, Node(3))).cast<int64_t>());
  EXPECT_EQ(hash(String("abc")).cast<int64_t>(), hash(String("abc")).cast<int64_t>());
  EXPECT_EQ(hash(Map<Any, Any>{{1, 2}, {3, 4}}).cast<int64_t>(),
            hash(Map<Any, Any>{{3, 4}, {1, 2}}).cast<int64_t>());
  EXPECT_EQ(hash(0.0).cast<int64_t>(), hash(-0.0).cast<int64_t>());
  EXPECT_EQ(hash(::tvm::ffi::Shape({4, 5})).cast<int64_t>(),
            hash(::tvm::ffi::Shape({4, 5})).cast<int64_t>());
}

// A type with a custom equality and no custom hash.
class SwapTestEqOnlyObj : public Object {
 public:
  int64_t value = 0;
  TVM_FFI_DECLARE_OBJECT_INFO_FINAL("test_runtime_types.EqOnly", SwapTestEqOnlyObj, Object);
};

// SPEC: DATACLASS-RECURSIVE-EQ, DATACLASS-RECURSIVE-HASH
TEST(DataclassGlobals, CustomEqualityHooks) {
  static bool registered = [] {
    refl::ObjectDef<SwapTestEqOnlyObj>().def_ro("value", &SwapTestEqOnlyObj::value);
    // Every EqOnly equals every other one.
    refl::TypeAttrDef<SwapTestEqOnlyObj>().def(
        "__ffi_eq__", Function::FromTyped([](ObjectRef, ObjectRef) { return true; }));
    return true;
  }();
  ASSERT_TRUE(registered);
  auto a = ::tvm::ffi::make_object<SwapTestEqOnlyObj>();
  auto b = ::tvm::ffi::make_object<SwapTestEqOnlyObj>();
  a->value = 1;
  b->value = 2;
  EXPECT_TRUE(Global("ffi.RecursiveEq")(ObjectRef(a), ObjectRef(b)).cast<bool>());
  ExpectError([&] { Global("ffi.RecursiveHash")(ObjectRef(a)); }, "TypeError",
              "defines `__ffi_eq__` but not `__ffi_hash__`");
}

// SPEC: DATACLASS-REPR
TEST(DataclassGlobals, ReprPrintFormsEveryKindOfValue) {
  Function repr = Global("ffi.ReprPrint");
  auto text = [&](Any v) { return std::string(repr(v).cast<String>()); };
  EXPECT_EQ(text(Any()), "None");
  EXPECT_EQ(text(true), "True");
  EXPECT_EQ(text(-3), "-3");
  EXPECT_EQ(text(2.5), "2.5");
  EXPECT_EQ(text(String("a\"b")), "\"a\\\"b\"");
  EXPECT_EQ(text(Array<Any>{1}), "(1,)");
  EXPECT_EQ(text(Array<Any>{1, String("x")}), "(1, \"x\")");
  EXPECT_EQ(text(List<Any>{1, 2}), "[1, 2]");
  EXPECT_EQ(text(Map<Any, Any>{{String("k"), 1}}), "{\"k\": 1}");
  EXPECT_EQ(text(Node(1, Node(2), 7)),
            "test_runtime_types.Node(value=1, child=test_runtime_types.Node(value=2, child=None, "
            "ignored=0), ignored=7)");
  List<Any> loop;
  loop.push_back(loop);
  EXPECT_EQ(text(loop), "[...]");
  loop.clear();
  Any root = MethodOf("ffi.reflection.AccessPath", "_root")();
  EXPECT_EQ(text(Call("_map_item", Call("_attr", root, String("a")), String("k"))),
            "<root>.a[\"k\"]");
  EXPECT_EQ(text(Function::FromTyped([](int x) { return x; })), "ffi.Function");
}

}  // namespace
