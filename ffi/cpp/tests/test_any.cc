// ffi/cpp/tests/test_any.cc: AnyView/Any encodings, conversions, ownership, AnyHash and AnyEqual.
#include <cmath>
#include <limits>

#include "cpp_test_helpers.h"

namespace cpptest {
namespace {

// SPEC §2.4 written out independently of base_detail.h.
uint64_t SpecCombine(uint64_t k, uint64_t v) { return k ^ (v + 0x9e3779b9ULL + (k << 6) + (k >> 2)); }
uint64_t SpecHashBytes(const std::string& s) {
  const uint64_t m = 2147483647ULL;
  uint64_t r = 0;
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w = 0;
    for (int b = 7; b >= 0; --b) w = (w << 8) | static_cast<uint8_t>(s[i + b]);
    r = (r * 1099511628211ULL + w) % m;
  }
  if (i < s.size()) {
    uint64_t w = 0;
    for (size_t b = s.size(); b > i; --b) w = (w << 8) | static_cast<uint8_t>(s[b - 1]);
    r = (r * 1099511628211ULL + w) % m;
  }
  return r;
}

TVMFFIAny RawOf(const Any& value) { return *detail::AnyUnsafe::TVMFFIAnyPtrFromAny(value); }

TEST(Any, PodValuesUseCanonicalEncodings) {
  // SPEC: ANY-LAYOUT, ANY-ZERO-PADDING, ANY-BOOL, ANY-NONE, ANY-POD-VS-OBJECT
  TVMFFIAny none = RawOf(Any());
  EXPECT_EQ(RawBytes(none), std::string(16, '\0'));
  TVMFFIAny b = RawOf(Any(true));
  EXPECT_EQ(b.type_index, TypeIndex::kTVMFFIBool);
  EXPECT_EQ(b.zero_padding, 0u);
  EXPECT_EQ(b.v_int64, 1);
  TVMFFIAny i = RawOf(Any(int8_t{-3}));
  EXPECT_EQ(i.type_index, TypeIndex::kTVMFFIInt);
  EXPECT_EQ(i.v_int64, -3);
  TVMFFIAny f = RawOf(Any(1.5f));
  EXPECT_EQ(f.type_index, TypeIndex::kTVMFFIFloat);
  EXPECT_EQ(f.v_float64, 1.5);
  int x = 0;
  TVMFFIAny p = RawOf(Any(static_cast<void*>(&x)));
  EXPECT_EQ(p.type_index, TypeIndex::kTVMFFIOpaquePtr);
  EXPECT_EQ(p.v_ptr, &x);
  TVMFFIAny dt = RawOf(Any(DLDataType{kDLFloat, 32, 1}));
  EXPECT_EQ(dt.type_index, TypeIndex::kTVMFFIDataType);
  EXPECT_EQ(dt.v_uint64 >> 32, 0u);  // bytes 12-15 are zero
  EXPECT_EQ(Any(DLDevice{kDLCUDA, 3}).type_index(), TypeIndex::kTVMFFIDevice);
  enum class Color : int16_t { kRed = 2 };
  EXPECT_EQ(Any(Color::kRed).cast<int>(), 2);
}

TEST(Any, StrictAsVersusConvertingCast) {
  // SPEC: ANY-BOOL
  Any i = 3;
  EXPECT_EQ(i.as<int>().value(), 3);
  EXPECT_FALSE(i.as<double>().has_value());
  EXPECT_EQ(i.cast<double>(), 3.0);
  EXPECT_EQ(i.cast<bool>(), true);
  EXPECT_FALSE(i.try_cast<StrictBool>().has_value());
  Any b = false;
  EXPECT_EQ(b.cast<int>(), 0);
  EXPECT_TRUE(b.as<bool>().has_value());
  EXPECT_EQ(Any(nullptr).cast<void*>(), nullptr);
  EXPECT_TRUE(Any() == nullptr);
  EXPECT_EQ(Any().GetTypeKey(), "None");
  EXPECT_EQ(Any(1.0).GetTypeKey(), "float");
}

TEST(Any, WrongTypeCastIsATypeErrorNamingBothTypes) {
  ExpectError([] { Any(1).cast<String>(); }, "TypeError", "Cannot convert from type `int` to `str`");
  ExpectError([] { Any(String("x")).cast<int>(); }, "TypeError",
              "Cannot convert from type `ffi.SmallStr` to `int`");
  ExpectError([] { Any(1.5).cast<Function>(); }, "TypeError",
              "Cannot convert from type `float` to `ffi.Function`");
  ExpectError([] { Any(1.5).cast<Optional<int>>(); }, "TypeError", "to `Optional<int>`");
  ExpectError([] { Any(1).as_or_throw<double>(); }, "TypeError",
              "Cannot treat type `int` as type `float`");
  ExpectError([] { Any(BaseRef(1)).cast<DerivedRef>(); }, "TypeError",
              "Cannot convert from type `cpptest.Base` to `cpptest.Derived`");
}

TEST(Any, ObjectsAreReferenceCounted) {
  // SPEC: ANY-POD-VS-OBJECT, ANY-OBJECT-NONNULL
  BaseRef ref(1);
  {
    Any a = ref;
    EXPECT_EQ(ref.use_count(), 2);
    Any b = a;
    EXPECT_EQ(ref.use_count(), 3);
    Any c = std::move(b);
    EXPECT_EQ(b.type_index(), TypeIndex::kTVMFFINone);
    EXPECT_EQ(RawOf(a).type_index, BaseObj::RuntimeTypeIndex());
    EXPECT_TRUE(a.same_as(ref));
    AnyView view = a;
    EXPECT_EQ(ref.use_count(), 3);  // a view holds nothing
    EXPECT_EQ(view.as<BaseObj>()->value, 1);
    BaseRef moved = std::move(c).cast<BaseRef>();
    EXPECT_EQ(ref.use_count(), 3);
  }
  EXPECT_EQ(ref.use_count(), 1);
  EXPECT_EQ(RawOf(Any(BaseRef())).type_index, TypeIndex::kTVMFFINone);  // null -> None
}

TEST(Any, ViewOnlyKindsBecomeOwnedValues) {
  // SPEC: ANY-VIEW-TO-OWNED, ANY-VIEW-ONLY-KINDS
  const char* text = "a raw c string";
  AnyView raw = text;
  EXPECT_EQ(raw.type_index(), TypeIndex::kTVMFFIRawStr);
  Any owned = raw;
  EXPECT_EQ(owned.type_index(), TypeIndex::kTVMFFIStr);
  EXPECT_EQ(owned.cast<std::string>(), text);
  AnyView literal = "short";
  EXPECT_EQ(Any(literal).type_index(), TypeIndex::kTVMFFISmallStr);
  TVMFFIByteArray bytes{"b\0ytes", 6};
  AnyView bytes_view = &bytes;
  Any owned_bytes = bytes_view;
  EXPECT_EQ(owned_bytes.type_index(), TypeIndex::kTVMFFISmallBytes);
  EXPECT_EQ(owned_bytes.cast<Bytes>().size(), 6u);
  std::string s = "std string argument";
  EXPECT_EQ(AnyView(s).type_index(), TypeIndex::kTVMFFIRawStr);
  EXPECT_EQ(Any(AnyView(s)).cast<String>(), s);
}

TEST(Any, RValueRefViewStealsTheObjectOnce) {
  // SPEC: ANY-VIEW-TO-OWNED, ANY-RVALUE-MOVED
  BaseRef ref(8);
  TVMFFIObject* slot = detail::ObjectUnsafe::MoveObjectRefToTVMFFIObjectPtr(std::move(ref));
  TVMFFIAny view;
  view.type_index = TypeIndex::kTVMFFIObjectRValueRef;
  view.zero_padding = 0;
  view.v_ptr = &slot;
  Any owned = AnyView::CopyFromTVMFFIAny(view);
  EXPECT_EQ(slot, nullptr);
  EXPECT_EQ(owned.cast<BaseRef>()->value, 8);
  EXPECT_EQ(owned.as<BaseObj>()->use_count(), 1u);
  ExpectError([&] { Any again = AnyView::CopyFromTVMFFIAny(view); }, "RuntimeError",
              "already moved");
}

TEST(Any, UnsignedValuesAboveInt64AreRefused) {
  EXPECT_EQ(Any(uint64_t{5}).cast<uint64_t>(), 5u);
  ExpectError([] { Any big = std::numeric_limits<uint64_t>::max(); }, "OverflowError",
              "does not fit in int64_t");
}

TEST(AnyHash, MatchesTheSpecFormulas) {
  // SPEC: ANY-HASH
  AnyHash hash;
  std::string long_text = "a string that is longer than 8 bytes";
  EXPECT_EQ(hash(Any(String(long_text))), SpecCombine(65, SpecHashBytes(long_text)));
  EXPECT_EQ(hash(Any(String("abc"))), SpecCombine(65, SpecHashBytes("abc")));
  EXPECT_EQ(hash(Any(Bytes("abc"))), SpecCombine(66, SpecHashBytes("abc")));
  EXPECT_EQ(hash(Any(Bytes(long_text))), SpecCombine(66, SpecHashBytes(long_text)));
  EXPECT_EQ(hash(Any(String(""))), SpecCombine(65, 0));
  EXPECT_EQ(hash(Any(int64_t{-1})), SpecCombine(1, ~uint64_t{0}));
  EXPECT_EQ(hash(Any(true)), SpecCombine(2, 1));
  EXPECT_EQ(hash(Any()), SpecCombine(0, 0));
  BaseRef ref(1);
  EXPECT_EQ(hash(Any(ref)),
            SpecCombine(static_cast<uint64_t>(BaseObj::RuntimeTypeIndex()),
                        reinterpret_cast<uint64_t>(ref.get())));
  // The values the reference implementation printed for the same inputs.
  EXPECT_EQ(hash(Any(String("hello world long"))), 3452826351u);
  EXPECT_EQ(hash(Any(String("abc"))), 2660953131u);
  EXPECT_EQ(hash(Any(1)), 2654435835u);
  EXPECT_EQ(hash(Any(Bytes("abc"))), 2660953320u);
}

TEST(AnyHash, SmallAndHeapFormsOfTheSameTextAgree) {
  // SPEC: ANY-HASH, ANY-EQUAL, STR-EQUALITY
  // A heap String holding 3 bytes is not canonical, but other SDKs may make one.
  Any heap = String(std::string(20, 'x'));
  auto obj = make_object<detail::BytesObjStdImpl<detail::StringObj>>("abc");
  Any short_heap = ObjectRef(ObjectPtr<Object>(std::move(obj)));
  EXPECT_EQ(short_heap.type_index(), TypeIndex::kTVMFFIStr);
  Any small = String("abc");
  EXPECT_EQ(AnyHash()(short_heap), AnyHash()(small));
  EXPECT_TRUE(AnyEqual()(short_heap, small));
  EXPECT_TRUE(AnyEqual()(small, short_heap));
  EXPECT_FALSE(AnyEqual()(small, heap));
  EXPECT_EQ(short_heap.cast<String>(), "abc");
}

TEST(AnyEqual, ComparesBytesContentsAndIdentity) {
  // SPEC: ANY-EQUAL, ANY-BYTE-EQUALITY, STR-EQUALITY
  AnyEqual eq;
  EXPECT_TRUE(eq(Any(1), Any(1)));
  EXPECT_FALSE(eq(Any(1), Any(true)));
  EXPECT_FALSE(eq(Any(1), Any(1.0)));
  std::string text(30, 'z');
  EXPECT_TRUE(eq(Any(String(text)), Any(String(text))));  // two heap objects, same content
  EXPECT_FALSE(eq(Any(String("abc")), Any(Bytes("abc"))));
  EXPECT_TRUE(eq(Any(Bytes(text)), Any(Bytes(text))));
  BaseRef a(1), b(1);
  EXPECT_TRUE(eq(Any(a), Any(a)));
  EXPECT_FALSE(eq(Any(a), Any(b)));
}

// A type with both custom hooks: equal when `value` is equal.
class KeyedObj : public Object {
 public:
  int64_t key;
  explicit KeyedObj(int64_t k) : key(k) {}
  TVM_FFI_DECLARE_OBJECT_INFO_FINAL("cpptest.Keyed", KeyedObj, Object);
};

TVMFFIAny KeyedHash(const TVMFFIAny* value) {
  TVMFFIAny out;
  out.type_index = TypeIndex::kTVMFFIInt;
  out.zero_padding = 0;
  out.v_int64 = detail::ObjectUnsafe::RawObjectPtrFromUnowned<KeyedObj>(value->v_obj)->key * 7;
  return out;
}

void RegisterKeyedHooks() {
  static bool done = [] {
    Any hash_hook = reinterpret_cast<void*>(&KeyedHash);
    Any equal_hook = Function::FromTyped([](const KeyedObj* a, const KeyedObj* b) {
      return a->key == b->key;
    });
    TVMFFIByteArray hash_name{"__any_hash__", 12};
    TVMFFIByteArray equal_name{"__any_equal__", 13};
    EXPECT_EQ(TVMFFITypeRegisterAttr(KeyedObj::RuntimeTypeIndex(), &hash_name,
                                     detail::AnyUnsafe::TVMFFIAnyPtrFromAny(hash_hook)),
              0);
    EXPECT_EQ(TVMFFITypeRegisterAttr(KeyedObj::RuntimeTypeIndex(), &equal_name,
                                     detail::AnyUnsafe::TVMFFIAnyPtrFromAny(equal_hook)),
              0);
    return true;
  }();
  (void)done;
}

TEST(AnyHash, CustomHooksFromTypeAttributes) {
  // SPEC: ANY-CUSTOM-HOOKS, ANY-HASH, ANY-EQUAL, REG-ATTR-PRECREATE
  RegisterKeyedHooks();
  Any a = ObjectRef(make_object<KeyedObj>(5));
  Any b = ObjectRef(make_object<KeyedObj>(5));
  Any c = ObjectRef(make_object<KeyedObj>(6));
  EXPECT_EQ(AnyHash()(a), SpecCombine(static_cast<uint64_t>(KeyedObj::RuntimeTypeIndex()), 35));
  EXPECT_EQ(AnyHash()(a), AnyHash()(b));
  EXPECT_TRUE(AnyEqual()(a, b));
  EXPECT_FALSE(AnyEqual()(a, c));
}

TEST(Any, DLTensorPointerIsAViewOnly) {
  DLTensor tensor{};
  AnyView view = &tensor;
  EXPECT_EQ(view.type_index(), TypeIndex::kTVMFFIDLTensorPtr);
  EXPECT_EQ(view.cast<DLTensor*>(), &tensor);
  ExpectError([&] { Any owned = &tensor; }, "RuntimeError", "cannot be stored in Any");
}

TEST(Any, TypeStrAndTypeSchemaNames) {
  EXPECT_EQ(TypeTraits<Optional<int>>::TypeStr(), "Optional<int>");
  EXPECT_EQ((TypeTraits<Variant<int, String>>::TypeStr()), "Variant<int, str>");
  EXPECT_EQ(TypeTraits<ObjectRef>::TypeStr(), "ffi.Object");
  EXPECT_EQ(TypeTraits<int64_t>::TypeSchema(), R"({"type":"int"})");
  EXPECT_EQ(TypeTraits<Optional<String>>::TypeSchema(),
            R"({"type":"Optional","args":[{"type":"ffi.String"}]})");
}

}  // namespace
}  // namespace cpptest
