// ffi/cpp/tests/test_reflection.cc: reflection/registry.h, accessor.h, creator.h and the
// reflection globals of the runtime (ffi/c/src/reflection_globals.cc).
#include <gtest/gtest.h>
#include <tvm/ffi/any.h>
#include <tvm/ffi/function.h>
#include <tvm/ffi/memory.h>
#include <tvm/ffi/object.h>
#include <tvm/ffi/reflection/accessor.h>
#include <tvm/ffi/reflection/creator.h>
#include <tvm/ffi/reflection/registry.h>
#include <tvm/ffi/string.h>

#include <cstring>
#include <string>

#ifdef TVM_FFI_TESTING_LIB
#include <dlfcn.h>
#endif

namespace {

namespace refl = tvm::ffi::reflection;
using tvm::ffi::Any;
using tvm::ffi::AnyView;
using tvm::ffi::Function;
using tvm::ffi::Object;
using tvm::ffi::ObjectPtr;
using tvm::ffi::ObjectRef;
using tvm::ffi::String;

class ReflPointObj : public Object {
 public:
  int64_t x = 0;
  double y = 0;
  String name;
  ReflPointObj() = default;
  ReflPointObj(int64_t x_, double y_) : x(x_), y(y_), name("p") {}
  int64_t AddX(int64_t d) const { return x + d; }
  void Scale(int64_t k) { x *= k; }
  static constexpr bool _type_mutable = true;
  TVM_FFI_DECLARE_OBJECT_INFO("test.refl.Point", ReflPointObj, Object);
};

class ReflPoint3Obj : public ReflPointObj {
 public:
  int64_t z = 0;
  TVM_FFI_DECLARE_OBJECT_INFO_FINAL("test.refl.Point3", ReflPoint3Obj, ReflPointObj);
};

class ReflPairObj : public Object {
 public:
  int64_t a;
  int64_t b;
  ReflPairObj(int64_t a_, int64_t b_) : a(a_), b(b_) {}
  int64_t Sum() const { return a + b; }
  TVM_FFI_DECLARE_OBJECT_INFO_FINAL("test.refl.Pair", ReflPairObj, Object);
};

void RegisterOnce() {
  static bool done = [] {
    refl::ObjectDef<ReflPointObj>()
        .def_rw("x", &ReflPointObj::x, "the x", refl::default_(int64_t{7}))
        .def_ro("y", &ReflPointObj::y, refl::default_(1.5))
        .def_rw("name", &ReflPointObj::name, refl::Metadata{{"unit", String("m")}})
        .def("add_x", &ReflPointObj::AddX, "adds to x")
        .def("scale", &ReflPointObj::Scale)
        .def_static("make_origin", []() { return ObjectRef(tvm::ffi::make_object<ReflPointObj>()); });
    refl::ObjectDef<ReflPoint3Obj>().def_rw("z", &ReflPoint3Obj::z, refl::default_(int64_t{0}));
    refl::ObjectDef<ReflPairObj>()
        .def_ro("a", &ReflPairObj::a)
        .def_ro("b", &ReflPairObj::b)
        .def(refl::init<int64_t, int64_t>())
        .def("sum", &ReflPairObj::Sum);
    refl::TypeAttrDef<ReflPointObj>().def("test.refl.attr", int64_t{42});
    refl::GlobalDef()
        .def("test.refl.add", [](int64_t a, int64_t b) { return a + b; }, "adds two ints")
        .def_packed("test.refl.count", [](tvm::ffi::PackedArgs args, Any* rv) {
          *rv = static_cast<int64_t>(args.size());
        });
    return true;
  }();
  (void)done;
}

const TVMFFITypeInfo* InfoOf(const char* key) {
  int32_t index = tvm::ffi::TypeKeyToIndex(key);
  return TVMFFIGetTypeInfo(index);
}

std::string Str(const TVMFFIByteArray& b) { return std::string(b.data, b.size); }

// SPEC: REG-FIELD-ACCESSORS
TEST(Reflection, FieldsRegisteredWithOffsetsAndAccessors) {
  RegisterOnce();
  const TVMFFITypeInfo* info = InfoOf("test.refl.Point");
  ASSERT_NE(info, nullptr);
  ASSERT_EQ(info->num_fields, 3);
  EXPECT_EQ(Str(info->fields[0].name), "x");
  EXPECT_EQ(Str(info->fields[0].doc), "the x");
  EXPECT_EQ(info->fields[0].offset, 24);
  EXPECT_EQ(info->fields[0].size, 8);
  EXPECT_EQ(info->fields[0].field_static_type_index, kTVMFFIInt);
  EXPECT_TRUE(info->fields[0].flags & kTVMFFIFieldFlagBitMaskWritable);
  EXPECT_TRUE(info->fields[0].flags & kTVMFFIFieldFlagBitMaskHasDefault);
  EXPECT_FALSE(info->fields[1].flags & kTVMFFIFieldFlagBitMaskWritable);
  EXPECT_EQ(info->fields[1].field_static_type_index, kTVMFFIFloat);
  EXPECT_EQ(Str(info->fields[2].name), "name");
  EXPECT_EQ(info->fields[2].size, 16);

  ObjectPtr<ReflPointObj> p = tvm::ffi::make_object<ReflPointObj>(3, 4.5);
  // Raw C getter on obj + offset, result pre-set to None.
  TVMFFIAny out{};
  char* base = reinterpret_cast<char*>(tvm::ffi::detail::ObjectUnsafe::GetHeader(p.get()));
  ASSERT_EQ(info->fields[0].getter(base + info->fields[0].offset, &out), 0);
  EXPECT_EQ(out.type_index, kTVMFFIInt);
  EXPECT_EQ(out.v_int64, 3);
  // Plain setter on obj + offset.
  TVMFFIAny nine = AnyView(int64_t{9}).CopyToTVMFFIAny();
  auto setter = reinterpret_cast<TVMFFIFieldSetter>(info->fields[0].setter);
  ASSERT_EQ(setter(base + info->fields[0].offset, &nine), 0);
  EXPECT_EQ(p->x, 9);

  refl::FieldGetter get_name("test.refl.Point", "name");
  EXPECT_EQ(get_name(ObjectRef(p)).cast<String>(), "p");
  refl::FieldSetter set_name("test.refl.Point", "name");
  set_name(ObjectRef(p), String("renamed"));
  EXPECT_EQ(p->name, "renamed");
  // A wrong type is reported by the setter, not stored.
  EXPECT_THROW(set_name(ObjectRef(p), int64_t{1}), tvm::ffi::Error);
}

// SPEC: REG-FIELD-OWN-ONLY
TEST(Reflection, InheritedFieldsFoundThroughAncestors) {
  RegisterOnce();
  const TVMFFITypeInfo* info = InfoOf("test.refl.Point3");
  ASSERT_EQ(info->num_fields, 1);
  EXPECT_EQ(Str(info->fields[0].name), "z");
  EXPECT_EQ(refl::GetFieldInfo("test.refl.Point3", "x")->offset, 24);
  int n = 0;
  std::string names;
  refl::ForEachFieldInfo(info, [&](const TVMFFIFieldInfo* f) {
    ++n;
    names += Str(f->name) + ",";
  });
  EXPECT_EQ(n, 4);
  EXPECT_EQ(names, "x,y,name,z,");
  EXPECT_THROW(refl::GetFieldInfo("test.refl.Point3", "nope"), tvm::ffi::Error);
}

// SPEC: REG-METHOD
TEST(Reflection, MethodsReceiveSelfFirst) {
  RegisterOnce();
  ObjectPtr<ReflPointObj> p = tvm::ffi::make_object<ReflPointObj>(5, 0.0);
  Function add_x = refl::GetMethod("test.refl.Point", "add_x");
  EXPECT_EQ(add_x(ObjectRef(p), 10).cast<int64_t>(), 15);
  refl::GetMethod("test.refl.Point", "scale")(ObjectRef(p), 3);
  EXPECT_EQ(p->x, 15);
  const TVMFFIMethodInfo* m = refl::GetMethodInfo("test.refl.Point", "add_x");
  EXPECT_EQ(Str(m->doc), "adds to x");
  EXPECT_FALSE(m->flags & kTVMFFIFieldFlagBitMaskIsStaticMethod);
  std::string meta = Str(m->metadata);
  EXPECT_NE(meta.find("\"type_schema\":\"{\\\"type\\\":\\\"ffi.Function\\\""), std::string::npos)
      << meta;
  EXPECT_NE(meta.find("test.refl.Point"), std::string::npos) << meta;
  const TVMFFIMethodInfo* s = refl::GetMethodInfo("test.refl.Point", "make_origin");
  EXPECT_TRUE(s->flags & kTVMFFIFieldFlagBitMaskIsStaticMethod);
  Any origin = refl::GetMethod("test.refl.Point", "make_origin")();
  EXPECT_EQ(origin.cast<ObjectRef>()->type_index(), ReflPointObj::RuntimeTypeIndex());
}

// SPEC: REG-CREATOR
TEST(Reflection, CreatorAndNewAttrMakeDefaultObjects) {
  RegisterOnce();
  const TVMFFITypeInfo* info = InfoOf("test.refl.Point");
  ASSERT_NE(info->metadata, nullptr);
  ASSERT_NE(info->metadata->creator, nullptr);
  EXPECT_EQ(info->metadata->total_size, static_cast<int32_t>(sizeof(ReflPointObj)));
  TVMFFIObjectHandle h = nullptr;
  ASSERT_EQ(info->metadata->creator(&h), 0);
  EXPECT_EQ(static_cast<TVMFFIObject*>(h)->type_index, ReflPointObj::RuntimeTypeIndex());
  TVMFFIObjectDecRef(h);
  // Non-default-constructible: no creator.
  EXPECT_EQ(InfoOf("test.refl.Pair")->metadata->creator, nullptr);
  EXPECT_FALSE(refl::HasCreator(InfoOf("test.refl.Pair")));
  // __ffi_new__ mirrors the creator.
  refl::TypeAttrColumn fnew(refl::type_attr::kNew.name);
  Function f = fnew[ReflPointObj::RuntimeTypeIndex()].cast<Function>();
  EXPECT_EQ(f().cast<ObjectRef>()->type_index(), ReflPointObj::RuntimeTypeIndex());
  // ObjectCreator fills named fields and defaults the rest.
  Any made = refl::ObjectCreator("test.refl.Point3")(
      {{"x", AnyView(int64_t{2})}, {"name", AnyView("n3")}});
  const auto* p3 = made.cast<ObjectRef>().as<ReflPoint3Obj>();
  ASSERT_NE(p3, nullptr);
  EXPECT_EQ(p3->x, 2);
  EXPECT_EQ(p3->y, 1.5);
  EXPECT_EQ(p3->z, 0);
  EXPECT_EQ(p3->name, "n3");
  // name has no default, so leaving it out is an error.
  EXPECT_THROW(refl::ObjectCreator("test.refl.Point3")({}), tvm::ffi::Error);
}

// SPEC: REG-ATTR-LOOKUP
TEST(Reflection, TypeAttrDefAndColumn) {
  RegisterOnce();
  refl::TypeAttrColumn col("test.refl.attr");
  EXPECT_EQ(col[ReflPointObj::RuntimeTypeIndex()].cast<int64_t>(), 42);
  EXPECT_EQ(col[ReflPairObj::RuntimeTypeIndex()].CopyToTVMFFIAny().type_index, kTVMFFINone);
  EXPECT_EQ(col[1 << 20].CopyToTVMFFIAny().type_index, kTVMFFINone);
  refl::TypeAttrColumn final_col(refl::type_attr::kTypeFinal.name);
  EXPECT_EQ(final_col[ReflPairObj::RuntimeTypeIndex()].cast<bool>(), true);
  EXPECT_EQ(final_col[ReflPointObj::RuntimeTypeIndex()].cast<bool>(), false);
  // A second value for the same (attr, type) is refused.
  EXPECT_THROW(refl::TypeAttrDef<ReflPointObj>().def("test.refl.attr", int64_t{1}),
               tvm::ffi::Error);
}

// SPEC: CALL-GLOBAL-METHODINFO
TEST(Reflection, GlobalDefWithTypeSchema) {
  RegisterOnce();
  Function add = Function::GetGlobalRequired("test.refl.add");
  EXPECT_EQ(add(1, 2).cast<int64_t>(), 3);
  EXPECT_EQ(Function::GetGlobalRequired("test.refl.count")(1, 2, 3).cast<int64_t>(), 3);
  Function meta = Function::GetGlobalRequired("ffi.GetGlobalFuncMetadata");
  std::string text = meta("test.refl.add").cast<String>().operator std::string();
  EXPECT_NE(text.find("\"type_schema\":"), std::string::npos) << text;
  EXPECT_NE(text.find("{\\\"type\\\":\\\"int\\\"}"), std::string::npos) << text;
}

// SPEC: REG-METHOD
TEST(Reflection, ExplicitInitIsStaticMethodAndAttr) {
  RegisterOnce();
  const TVMFFIMethodInfo* init = refl::GetMethodInfo("test.refl.Pair", "__ffi_init__");
  EXPECT_TRUE(init->flags & kTVMFFIFieldFlagBitMaskIsStaticMethod);
  refl::TypeAttrColumn col(refl::type_attr::kInit.name);
  Function f = col[ReflPairObj::RuntimeTypeIndex()].cast<Function>();
  ObjectRef pair = f(3, 4).cast<ObjectRef>();
  EXPECT_EQ(refl::GetMethod("test.refl.Pair", "sum")(pair).cast<int64_t>(), 7);
  EXPECT_EQ(refl::FieldGetter("test.refl.Pair", "b")(pair).cast<int64_t>(), 4);
}

// SPEC: CALL-KWARGS
TEST(ReflectionGlobals, KwargsAndInvalidAreSingletons) {
  Function kw = Function::GetGlobalRequired("ffi.GetKwargsObject");
  Function inv = Function::GetGlobalRequired("ffi.GetInvalidObject");
  ObjectRef k1 = kw().cast<ObjectRef>();
  ObjectRef k2 = kw().cast<ObjectRef>();
  EXPECT_EQ(k1.get(), k2.get());
  ObjectRef i1 = inv().cast<ObjectRef>();
  EXPECT_EQ(i1.get(), inv().cast<ObjectRef>().get());
  EXPECT_NE(i1.get(), k1.get());
}

// SPEC: CALL-GLOBAL-SOFT-ABI
TEST(ReflectionGlobals, AutoInitBindsPositionalAndKwargs) {
  RegisterOnce();
  refl::TypeAttrColumn col(refl::type_attr::kInit.name);
  Function init = col[ReflPoint3Obj::RuntimeTypeIndex()].cast<Function>();
  ObjectRef kw = Function::GetGlobalRequired("ffi.GetKwargsObject")().cast<ObjectRef>();
  // Fields in order x, y, name, z; y, x, z have defaults; name does not. As in a Python
  // dataclass (and the reference), the positional order puts the required field first:
  // (name, x, y, z).
  ObjectRef o = init("n", int64_t{5}, kw, "z", int64_t{8}).cast<ObjectRef>();
  const auto* p = o.as<ReflPoint3Obj>();
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->x, 5);
  EXPECT_EQ(p->y, 1.5);
  EXPECT_EQ(p->name, "n");
  EXPECT_EQ(p->z, 8);
  ObjectRef all_ref = init("m", int64_t{1}, 2.5, int64_t{3}).cast<ObjectRef>();
  const auto* all = all_ref.as<ReflPoint3Obj>();
  ASSERT_NE(all, nullptr);
  EXPECT_EQ(all->name, "m");
  EXPECT_EQ(all->x, 1);
  EXPECT_EQ(all->y, 2.5);
  EXPECT_EQ(all->z, 3);
  EXPECT_THROW(init(kw, "x", int64_t{5}), tvm::ffi::Error);            // name missing
  EXPECT_THROW(init(kw, "bogus", 1, "name", "n"), tvm::ffi::Error);    // unknown keyword
  EXPECT_THROW(init(1, 2.0, "n", 3, 4), tvm::ffi::Error);               // too many
}

// SPEC: CALL-GLOBAL-SOFT-ABI
TEST(ReflectionGlobals, MakeObjectFromPackedArgs) {
  RegisterOnce();
  Function make = Function::GetGlobalRequired("ffi.MakeObjectFromPackedArgs");
  ObjectRef o = make("test.refl.Point", "name", "q", "x", int64_t{11}).cast<ObjectRef>();
  const auto* p = o.as<ReflPointObj>();
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->x, 11);
  EXPECT_EQ(p->y, 1.5);
  EXPECT_EQ(p->name, "q");
  EXPECT_THROW(make("test.refl.Point", "x", 1), tvm::ffi::Error);  // name missing
  EXPECT_THROW(make("test.refl.Pair", "a", 1, "b", 2), tvm::ffi::Error);  // no creator
}

// SPEC: CALL-GLOBAL-SOFT-ABI
TEST(ReflectionGlobals, MakeFieldGetterAndSetter) {
  Function make_getter = Function::GetGlobalRequired("ffi.MakeFieldGetter");
  Function make_setter = Function::GetGlobalRequired("ffi.MakeFieldSetter");
  auto getter = reinterpret_cast<TVMFFIFieldGetter>(make_getter(int32_t{kTVMFFIInt}).cast<int64_t>());
  int64_t slot = 17;
  TVMFFIAny out{};
  ASSERT_EQ(getter(&slot, &out), 0);
  EXPECT_EQ(out.type_index, kTVMFFIInt);
  EXPECT_EQ(out.v_int64, 17);
  Function set_int = make_setter(int32_t{kTVMFFIInt}, int64_t{0}, int64_t{0}).cast<Function>();
  set_int(static_cast<void*>(&slot), int64_t{23});
  EXPECT_EQ(slot, 23);
  // Any-typed (-1) slots own their value.
  TVMFFIAny any_slot{};
  Function set_any = make_setter(int32_t{-1}, int64_t{0}, int64_t{0}).cast<Function>();
  set_any(static_cast<void*>(&any_slot), String("a long string that is not small"));
  auto any_getter = reinterpret_cast<TVMFFIFieldGetter>(make_getter(int32_t{-1}).cast<int64_t>());
  TVMFFIAny got{};
  ASSERT_EQ(any_getter(&any_slot, &got), 0);
  Any owned = tvm::ffi::detail::AnyUnsafe::MoveTVMFFIAnyRawToAny(got);
  EXPECT_EQ(owned.cast<String>(), "a long string that is not small");
  Any release = tvm::ffi::detail::AnyUnsafe::MoveTVMFFIAnyRawToAny(any_slot);
  // A converter callback is applied before storing.
  struct Conv {
    static int Fn(void* self, const TVMFFIAny* value, TVMFFIAny* result) {
      *result = *value;
      result->v_int64 += *static_cast<int64_t*>(self);
      return 0;
    }
  };
  int64_t delta = 100;
  Function set_conv = make_setter(int32_t{kTVMFFIInt},
                                  reinterpret_cast<int64_t>(&delta),
                                  reinterpret_cast<int64_t>(&Conv::Fn))
                          .cast<Function>();
  set_conv(static_cast<void*>(&slot), int64_t{1});
  EXPECT_EQ(slot, 101);
}

// SPEC: CALL-GLOBAL-SOFT-ABI
TEST(ReflectionGlobals, RegisteredTypeKeys) {
  RegisterOnce();
  Function keys = Function::GetGlobalRequired("ffi.GetRegisteredTypeKeys");
  if (!Function::GetGlobal("ffi.Array").has_value()) {
    EXPECT_THROW(keys(), tvm::ffi::Error);
    GTEST_SKIP() << "ffi.Array is not registered yet";
  }
  Any arr = keys();
  Function size = Function::GetGlobalRequired("ffi.ArraySize");
  Function get = Function::GetGlobalRequired("ffi.ArrayGetItem");
  int64_t n = size(arr).cast<int64_t>();
  bool found = false;
  for (int64_t i = 0; i < n; ++i) {
    if (get(arr, i).cast<String>() == "test.refl.Point") found = true;
  }
  EXPECT_TRUE(found);
}

#ifdef TVM_FFI_TESTING_LIB
// SPEC: CALL-GLOBAL-METHODINFO
TEST(TestingLibrary, GlobalsAndReflectedTypes) {
  void* lib = dlopen(TVM_FFI_TESTING_LIB, RTLD_NOW | RTLD_LOCAL);
  ASSERT_NE(lib, nullptr) << dlerror();
  auto get = [](const char* name) { return Function::GetGlobalRequired(name); };
  EXPECT_EQ(get("testing.add_one")(41).cast<int64_t>(), 42);
  EXPECT_EQ(get("testing.echo")("hi").cast<String>(), "hi");
  EXPECT_EQ(AnyView(get("testing.nop")(1, 2)).CopyToTVMFFIAny().type_index, kTVMFFINone);
  EXPECT_EQ(get("testing.apply")(get("testing.add_one"), 1).cast<int64_t>(), 2);
  try {
    get("testing.test_raise_error")("ValueError", "boom");
    ADD_FAILURE() << "no error raised";
  } catch (const tvm::ffi::Error& e) {
    EXPECT_EQ(e.kind(), "ValueError");
    EXPECT_EQ(e.message(), "boom");
  }
  Any base = get("ffi.MakeObjectFromPackedArgs")("testing.TestObjectBase", "v_i64", 5);
  EXPECT_EQ(refl::FieldGetter("testing.TestObjectBase", "v_i64")(base.cast<ObjectRef>()).cast<int64_t>(), 5);
  EXPECT_EQ(refl::FieldGetter("testing.TestObjectBase", "v_f64")(base.cast<ObjectRef>()).cast<double>(), 10.0);
  EXPECT_EQ(refl::FieldGetter("testing.TestObjectBase", "v_str")(base.cast<ObjectRef>()).cast<String>(), "hello");
  EXPECT_EQ(refl::GetMethod("testing.TestObjectBase", "add_i64")(base, 1).cast<int64_t>(), 6);
  EXPECT_EQ(get("testing.object_use_count")(base).cast<int64_t>(), 1);
  refl::TypeAttrColumn init_col(refl::type_attr::kInit.name);
  Function pair_init = init_col[tvm::ffi::TypeKeyToIndex("testing.TestIntPair")].cast<Function>();
  Any pair = pair_init(3, 4);
  EXPECT_EQ(refl::GetMethod("testing.TestIntPair", "sum")(pair).cast<int64_t>(), 7);
  EXPECT_EQ(get("testing.TestIntPairSum")(pair).cast<int64_t>(), 7);
  const TVMFFITypeInfo* derived = TVMFFIGetTypeInfo(tvm::ffi::TypeKeyToIndex("testing.TestObjectDerived"));
  ASSERT_NE(derived, nullptr);
  EXPECT_EQ(std::string(derived->type_ancestors[1]->type_key.data, derived->type_ancestors[1]->type_key.size),
            "testing.TestObjectBase");
}
#endif

}  // namespace
