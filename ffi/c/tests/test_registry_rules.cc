// ffi/c/tests/test_registry_rules.cc: §4 type registry rules: stable type infos, ancestors,
// the key hash, every branch of the index allocation algorithm (with the SPEC's worked
// example), instance checks, lookups, fields and type attribute columns.
#include <gtest/gtest.h>
#include <tvm/ffi/c_api.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "test_helpers.h"

namespace {

using namespace tvm_ffi_test;

int32_t Alloc(const std::string& key, int32_t static_index, int32_t depth, int32_t child_slots,
              int32_t can_overflow, int32_t parent) {
  TVMFFIByteArray b = ByteArray(key);
  return TVMFFITypeGetOrAllocIndex(&b, static_index, depth, child_slots, can_overflow, parent);
}

// A key unique to this test and this --gtest_repeat iteration.
std::string Key(const std::string& base) { return PerIteration("test.registry_rules." + base); }

int ReturnsSeven(void*, const TVMFFIAny*, int32_t, TVMFFIAny* result) {
  *result = IntAny(7);
  return 0;
}

// ---------------------------------------------------------------------------
// §4.1 type info
// ---------------------------------------------------------------------------

// SPEC: REG-TYPEINFO-STABLE
TEST(TypeInfoStable, InfoPointerAncestorsAndKeyBytesKeepTheirAddressesWhileTheTableGrows) {
  int32_t parent = Alloc(Key("stable.P"), -1, 1, 0, 1, kTVMFFIObject);
  int32_t child = Alloc(Key("stable.C"), -1, 2, 0, 1, parent);
  ASSERT_GE(child, kTVMFFIDynObjectBegin);
  const TVMFFITypeInfo* info = TVMFFIGetTypeInfo(child);
  ASSERT_NE(info, nullptr);
  const TVMFFITypeInfo** ancestors = info->type_ancestors;
  const char* key_data = info->type_key.data;
  const TVMFFITypeInfo* builtin = TVMFFIGetTypeInfo(kTVMFFIFunction);
  // Enough new types to cross an internal chunk boundary and hash-table rehashes.
  for (int i = 0; i < 1100; ++i) {
    ASSERT_GE(Alloc(Key("stable.filler." + std::to_string(i)), -1, 1, 0, 1, kTVMFFIObject), 0);
  }
  EXPECT_EQ(TVMFFIGetTypeInfo(child), info);
  EXPECT_EQ(info->type_ancestors, ancestors);
  EXPECT_EQ(info->type_key.data, key_data);
  EXPECT_EQ(ToStdString(info->type_key), Key("stable.C"));
  EXPECT_EQ(ancestors[1]->type_index, parent);
  EXPECT_EQ(TVMFFIGetTypeInfo(kTVMFFIFunction), builtin);
}

// SPEC: REG-TYPE-ANCESTORS
TEST(TypeAncestors, AncestorAtEachDepthIsListedAndTheTypeItselfIsNot) {
  int32_t a = Alloc(Key("anc.A"), -1, 1, 3, 1, kTVMFFIObject);
  int32_t b = Alloc(Key("anc.B"), -1, 2, 1, 1, a);
  int32_t c = Alloc(Key("anc.C"), -1, 3, 0, 1, b);
  int32_t d = Alloc(Key("anc.D"), -1, 4, 0, 1, c);  // overflows: c has no slots
  ASSERT_GT(d, 0) << TakeRaisedDescription();
  const TVMFFITypeInfo* info = TVMFFIGetTypeInfo(d);
  ASSERT_NE(info, nullptr);
  ASSERT_EQ(info->type_depth, 4);
  const int32_t expect[] = {kTVMFFIObject, a, b, c};
  for (int32_t depth = 0; depth < 4; ++depth) {
    ASSERT_NE(info->type_ancestors[depth], nullptr);
    EXPECT_EQ(info->type_ancestors[depth]->type_index, expect[depth]) << "depth " << depth;
    EXPECT_EQ(info->type_ancestors[depth]->type_depth, depth);
    EXPECT_EQ(info->type_ancestors[depth], TVMFFIGetTypeInfo(expect[depth]));
    EXPECT_NE(info->type_ancestors[depth]->type_index, d);
  }
  const TVMFFITypeInfo* root = TVMFFIGetTypeInfo(kTVMFFIObject);
  ASSERT_NE(root, nullptr);
  EXPECT_EQ(root->type_depth, 0) << "roots have no ancestors";
}

// libstdc++'s _Hash_bytes(key, len, 0xc70f6907), written out as in SPEC REG-TYPE-KEY-HASH.
uint64_t SpecKeyHash(const std::string& key) {
  const uint64_t m = 0xc6a4a7935bd1e995ull;
  auto mix = [](uint64_t v) { return v ^ (v >> 47); };
  const size_t len = key.size();
  uint64_t h = 0xc70f6907ull ^ (static_cast<uint64_t>(len) * m);
  size_t i = 0;
  for (; i + 8 <= len; i += 8) {
    uint64_t w = 0;
    for (int b = 7; b >= 0; --b) w = (w << 8) | static_cast<unsigned char>(key[i + b]);
    h = (h ^ (mix(w * m) * m)) * m;
  }
  if (i < len) {
    uint64_t t = 0;
    for (size_t b = len; b > i; --b) t = (t << 8) | static_cast<unsigned char>(key[b - 1]);
    h = (h ^ t) * m;
  }
  return mix(mix(h) * m);
}

// SPEC: REG-BUILTIN-SEED
TEST(BuiltinSeed, EveryStaticObjectIndexIncludingVisitInterruptIsAFinalChildOfObject) {
  const char* keys[] = {"ffi.Object", "ffi.String", "ffi.Bytes",  "ffi.Error",
                        "ffi.Function", "ffi.Shape", "ffi.Tensor", "ffi.Array",
                        "ffi.Map", "ffi.Module", "ffi.OpaquePyObject", "ffi.List",
                        "ffi.Dict", "ffi.VisitInterrupt", "ffi.BigInt"};
  for (int32_t i = kTVMFFIObject; i < kTVMFFIStaticObjectEnd; ++i) {
    SCOPED_TRACE(keys[i - kTVMFFIObject]);
    const TVMFFITypeInfo* info = TVMFFIGetTypeInfo(i);
    ASSERT_NE(info, nullptr) << TakeRaisedDescription();
    EXPECT_EQ(ToStdString(info->type_key), keys[i - kTVMFFIObject]);
    if (i == kTVMFFIObject) {
      EXPECT_EQ(info->type_depth, 0);
      continue;
    }
    EXPECT_EQ(info->type_depth, 1);
    EXPECT_EQ(info->type_ancestors[0]->type_index, kTVMFFIObject);
    // 0 child slots and no overflow: a new child cannot be allocated under it.
    std::string child = Key(std::string("seed.child_of_") + keys[i - kTVMFFIObject]);
    EXPECT_EQ(Alloc(child, -1, 2, 0, 1, i), -1);
    EXPECT_RAISED("RuntimeError", "");
  }
}

// SPEC: REG-TYPE-KEY-HASH
TEST(TypeKeyHash, HashIsLibstdcxxHashBytesWithSeedC70f6907ForBuiltinAndNewKeys) {
  EXPECT_EQ(SpecKeyHash("ffi.Object"), 0x33a211b274fa0106ull) << "the SPEC's own example";
  const TVMFFITypeInfo* object = TVMFFIGetTypeInfo(kTVMFFIObject);
  ASSERT_NE(object, nullptr);
  EXPECT_EQ(object->type_key_hash, 0x33a211b274fa0106ull);
  for (int32_t i : {0, 1, 5, 8, 10, 12, 13, 65, 67, 68, 70, 74, 78}) {
    const TVMFFITypeInfo* info = TVMFFIGetTypeInfo(i);
    ASSERT_NE(info, nullptr) << i;
    EXPECT_EQ(info->type_key_hash, SpecKeyHash(ToStdString(info->type_key)))
        << ToStdString(info->type_key);
  }
  // Keys of every length 1..24, covering whole words and 1..7 trailing bytes.
  std::string letters = "abcdefghijklmnopqrstuvwx";
  for (size_t n = 1; n <= letters.size(); ++n) {
    std::string key = Key("h" + letters.substr(0, n));
    int32_t t = Alloc(key, -1, 1, 0, 1, kTVMFFIObject);
    ASSERT_GE(t, 0);
    EXPECT_EQ(TVMFFIGetTypeInfo(t)->type_key_hash, SpecKeyHash(key)) << key;
  }
}

// ---------------------------------------------------------------------------
// §4.2 index allocation
// ---------------------------------------------------------------------------

// SPEC: REG-ALLOC-SLOTS, REG-ALLOC-OVERFLOW, REG-ALLOC-NO-OVERFLOW, REG-ALLOC-MONOTONIC, REG-ALLOC-FAILURE
TEST(TypeIndexAllocation, TheSpecWorkedExampleGivesTheSameRelativeIndices) {
  // SPEC: next = X, parent ffi.Object. P (3 slots, overflow) = X, next X+4.
  int32_t P = Alloc(Key("worked.P"), -1, 1, 3, 1, kTVMFFIObject);
  ASSERT_GE(P, kTVMFFIDynObjectBegin);
  int32_t Pa = Alloc(Key("worked.P.a"), -1, 2, 1, 1, P);  // 1 slot: X+1 (range X+1..X+2)
  int32_t Pb = Alloc(Key("worked.P.b"), -1, 2, 0, 1, P);  // X+3; P is now full
  int32_t Pc = Alloc(Key("worked.P.c"), -1, 2, 0, 1, P);  // overflows to next = X+4
  int32_t F = Alloc(Key("worked.F"), -1, 1, 1, 0, kTVMFFIObject);  // X+5, next X+7
  int32_t Fa = Alloc(Key("worked.F.a"), -1, 2, 0, 0, F);            // X+6
  EXPECT_EQ(Pa, P + 1);
  EXPECT_EQ(Pb, P + 3);
  EXPECT_EQ(Pc, P + 4);
  EXPECT_EQ(F, P + 5);
  EXPECT_EQ(Fa, P + 6);
  EXPECT_NOTHING_RAISED();
  // A second child of F fails: F is full and does not allow overflow.
  EXPECT_EQ(Alloc(Key("worked.F.b"), -1, 2, 0, 0, F), -1);
  EXPECT_RAISED("RuntimeError", ("`" + Key("worked.F") + "`").c_str());
  EXPECT_EQ(Alloc(Key("worked.F.b"), -1, 0, 0, 0, -2), -2) << "nothing was registered";
  // Monotonic: children above parents; [t, t + slots) holds only t and its descendants.
  for (int32_t child : {Pa, Pb, Pc}) EXPECT_GT(child, P);
  EXPECT_GT(Fa, F);
  for (int32_t i = P; i < P + 4; ++i) {
    const TVMFFITypeInfo* info = TVMFFIGetTypeInfo(i);
    if (info == nullptr) {
      ClearRaised();
      continue;
    }
    EXPECT_TRUE(i == P || (info->type_depth > 1 && info->type_ancestors[1]->type_index == P))
        << "index " << i << " in P's range is not P or a descendant";
  }
}

// SPEC: REG-ALLOC-EXISTING
TEST(TypeIndexAllocation, ExistingKeyReturnsItsIndexWhateverTheOtherArguments) {
  int32_t t = Alloc(Key("existing.T"), -1, 1, 2, 1, kTVMFFIObject);
  ASSERT_GE(t, kTVMFFIDynObjectBegin);
  EXPECT_EQ(Alloc(Key("existing.T"), 5, 9, 100, 0, 12345), t) << "bad args are ignored";
  EXPECT_EQ(Alloc(Key("existing.T"), -1, 0, 0, 0, -2), t);
  EXPECT_EQ(Alloc("ffi.Tensor", 3, 7, 0, 0, 999), kTVMFFITensor);
  EXPECT_NOTHING_RAISED();
}

// SPEC: REG-ALLOC-DEPTH, REG-ALLOC-FAILURE, EXT-KIND-CHOICES
TEST(TypeIndexAllocation, UnknownParentIsIndexErrorAndWrongDepthIsValueError) {
  EXPECT_EQ(Alloc(Key("depth.orphan"), -1, 1, 0, 1, 100), -1);
  EXPECT_RAISED("IndexError", "TVMFFITypeGetOrAllocIndex");
  EXPECT_EQ(Alloc(Key("depth.orphan2"), -1, 1, 0, 1, 1 << 29), -1);
  EXPECT_RAISED("IndexError", "");
  EXPECT_EQ(Alloc(Key("depth.too_deep"), -1, 2, 0, 1, kTVMFFIObject), -1);
  EXPECT_RAISED("ValueError", "type_depth");
  EXPECT_EQ(Alloc(Key("depth.too_shallow"), -1, 0, 0, 1, kTVMFFIObject), -1);
  EXPECT_RAISED("ValueError", "type_depth");
  for (const char* k : {"depth.orphan", "depth.orphan2", "depth.too_deep", "depth.too_shallow"}) {
    EXPECT_EQ(Alloc(Key(k), -1, 0, 0, 0, -2), -2) << k << " must not be registered";
  }
}

// SPEC: REG-ALLOC-STATIC, REG-ALLOC-FAILURE, EXT-KIND-CHOICES
TEST(TypeIndexAllocation, StaticIndexIsUsedAndAnIndexOwnedByAnotherKeyIsValueError) {
  int32_t s = Alloc("test.registry_rules.static.S119", 119, 1, 0, 0, kTVMFFIObject);
  EXPECT_EQ(s, 119);
  EXPECT_EQ(Alloc(Key("static.conflict"), 119, 1, 0, 0, kTVMFFIObject), -1);
  EXPECT_RAISED("ValueError", "119");
  EXPECT_EQ(Alloc(Key("static.builtin_conflict"), kTVMFFIStr, 1, 0, 0, kTVMFFIObject), -1);
  EXPECT_RAISED("ValueError", "ffi.String");
  const TVMFFITypeInfo* info = TVMFFIGetTypeInfo(119);
  ASSERT_NE(info, nullptr);
  EXPECT_EQ(ToStdString(info->type_key), "test.registry_rules.static.S119");
}

// SPEC: REG-ALLOC-NO-OVERFLOW, REG-ALLOC-FAILURE, EXT-KIND-CHOICES
TEST(TypeIndexAllocation, FullParentWithoutOverflowIsRuntimeErrorNamingTheParent) {
  int32_t p = Alloc(Key("nooverflow.P"), -1, 1, 1, 0, kTVMFFIObject);
  ASSERT_GE(p, kTVMFFIDynObjectBegin);
  EXPECT_EQ(Alloc(Key("nooverflow.A"), -1, 2, 0, 0, p), p + 1);
  EXPECT_EQ(Alloc(Key("nooverflow.B"), -1, 2, 0, 0, p), -1);
  EXPECT_RAISED("RuntimeError", ("`" + Key("nooverflow.P") + "`").c_str());
  // Builtins other than ffi.Object have no slots and no overflow.
  EXPECT_EQ(Alloc(Key("nooverflow.FunctionChild"), -1, 2, 0, 1, kTVMFFIFunction), -1);
  EXPECT_RAISED("RuntimeError", "`ffi.Function`");
}

// SPEC: REG-ALLOC-INHERIT-OVERFLOW
TEST(TypeIndexAllocation, ChildOfANoOverflowParentIsRecordedAsNoOverflowWhateverItAsks) {
  int32_t p = Alloc(Key("inherit.P"), -1, 1, 4, 0, kTVMFFIObject);
  ASSERT_GE(p, kTVMFFIDynObjectBegin);
  // Q asks for overflow, with one child slot.
  int32_t q = Alloc(Key("inherit.Q"), -1, 2, 1, 1, p);
  EXPECT_EQ(q, p + 1);
  EXPECT_EQ(Alloc(Key("inherit.Q.a"), -1, 3, 0, 1, q), q + 1);
  // Q is full; had it kept can_overflow it would get a counter index here.
  EXPECT_EQ(Alloc(Key("inherit.Q.b"), -1, 3, 0, 1, q), -1);
  EXPECT_RAISED("RuntimeError", ("`" + Key("inherit.Q") + "`").c_str());
}

// ---------------------------------------------------------------------------
// §4.3 instance checks
// ---------------------------------------------------------------------------

std::atomic<int> g_fake_function_calls{0};
int FakeFunctionCall(void*, const TVMFFIAny*, int32_t, TVMFFIAny*) {
  g_fake_function_calls.fetch_add(1);
  return 0;
}

// SPEC: REG-INSTANCE-CHECK, EXT-TYPE-CHECKED-HANDLES
TEST(InstanceCheck, StaticChildOfAFinalBuiltinIsNotAnInstanceOfIt) {
  // A static index under ffi.Function: Function has no child slots and no
  // overflow, so by the SPEC procedure index 120 is not a Function.
  int32_t fchild = Alloc("test.registry_rules.instance.FunctionChild120", 120, 2, 0, 0,
                         kTVMFFIFunction);
  ASSERT_EQ(fchild, 120) << TakeRaisedDescription();
  struct FakeFunction {
    TVMFFIObject header;
    TVMFFIFunctionCell cell;
  } fake{{kFreshCount, 120, 0, {nullptr}}, {FakeFunctionCall, nullptr}};
  g_fake_function_calls = 0;
  TVMFFIAny result = NoneAny();
  EXPECT_EQ(TVMFFIFunctionCall(&fake, nullptr, 0, &result), -1);
  EXPECT_RAISED("TypeError", "TVMFFIFunctionCall");
  EXPECT_EQ(g_fake_function_calls.load(), 0);
  TVMFFIByteArray name = ByteArray("test.registry_rules.instance.fake_function");
  EXPECT_EQ(TVMFFIFunctionSetGlobal(&name, &fake, 1), -1);
  EXPECT_RAISED("TypeError", "");
  EXPECT_EQ(StrongCount(&fake), 1u);
  // A static index under ffi.Error is not an Error: it cannot be a cause.
  ASSERT_EQ(Alloc("test.registry_rules.instance.ErrorChild121", 121, 2, 0, 0, kTVMFFIError), 121);
  TVMFFIObject fake_error{kFreshCount, 121, 0, {nullptr}};
  TVMFFIByteArray k = ByteArray("ValueError"), m = ByteArray("m"), bt = ByteArray("");
  TVMFFIObjectHandle err = nullptr;
  EXPECT_EQ(TVMFFIErrorCreateWithCauseAndExtraContext(&k, &m, &bt, &fake_error, nullptr, &err), -1);
  // A static index under ffi.Tensor is not a Tensor.
  ASSERT_EQ(Alloc("test.registry_rules.instance.TensorChild122", 122, 2, 0, 0, kTVMFFITensor), 122);
  struct FakeTensor {
    TVMFFIObject header;
    DLTensor tensor;
  } fake_tensor;
  std::memset(&fake_tensor, 0, sizeof(fake_tensor));
  fake_tensor.header = TVMFFIObject{kFreshCount, 122, 0, {nullptr}};
  DLManagedTensor* out = nullptr;
  EXPECT_EQ(TVMFFITensorToDLPack(&fake_tensor, &out), -1);
  EXPECT_RAISED("TypeError", "");
  // The index itself is always an instance of itself.
  TVMFFIObjectHandle fn = nullptr;
  ASSERT_EQ(TVMFFIFunctionCreate(nullptr, ReturnsSeven, nullptr, &fn), 0);
  EXPECT_EQ(TVMFFIFunctionCall(fn, nullptr, 0, &result), 0);
  EXPECT_EQ(result.v_int64, 7);
  TVMFFIObjectDecRef(fn);
}

// ---------------------------------------------------------------------------
// §4.4 lookups
// ---------------------------------------------------------------------------

// SPEC: REG-KEY-TO-INDEX, EXT-KIND-CHOICES
TEST(TypeKeyToIndex, RegisteredKeysGiveTheirIndexAndUnknownKeysAreKeyErrorQuotingTheKey) {
  int32_t t = Alloc(Key("lookup.T"), -1, 1, 0, 1, kTVMFFIObject);
  ASSERT_GE(t, 0);
  std::string key = Key("lookup.T");
  TVMFFIByteArray b = ByteArray(key);
  int32_t out = -5;
  ASSERT_EQ(TVMFFITypeKeyToIndex(&b, &out), 0);
  EXPECT_EQ(out, t);
  TVMFFIByteArray none = ByteArray("None");
  ASSERT_EQ(TVMFFITypeKeyToIndex(&none, &out), 0);
  EXPECT_EQ(out, kTVMFFINone);
  std::string missing = Key("lookup.Missing");
  TVMFFIByteArray mb = ByteArray(missing);
  out = -5;
  EXPECT_EQ(TVMFFITypeKeyToIndex(&mb, &out), -1);
  EXPECT_RAISED("KeyError", missing.c_str());
  EXPECT_EQ(out, -5);
  // Keys are compared as bytes, with their exact length.
  TVMFFIByteArray prefix{key.data(), key.size() - 1};
  EXPECT_EQ(TVMFFITypeKeyToIndex(&prefix, &out), -1);
  EXPECT_RAISED("KeyError", "");
}

// SPEC: REG-UNKNOWN-TYPE, EXT-ERROR-MESSAGE
TEST(RegisterOnUnknownType, FieldMethodAndMetadataOnUnregisteredIndicesAreIndexErrors) {
  TVMFFIFieldInfo field;
  std::memset(&field, 0, sizeof(field));
  field.name = ByteArray("f");
  TVMFFIObjectHandle fn = nullptr;
  ASSERT_EQ(TVMFFIFunctionCreate(nullptr, ReturnsSeven, nullptr, &fn), 0);
  TVMFFIMethodInfo method;
  std::memset(&method, 0, sizeof(method));
  method.name = ByteArray("m");
  method.method = ObjectAny(fn);
  TVMFFITypeMetadata metadata;
  std::memset(&metadata, 0, sizeof(metadata));
  for (int32_t index : {-7, -1, 14, 63, 100, 127, 1 << 20, 1 << 30}) {
    SCOPED_TRACE(index);
    EXPECT_EQ(TVMFFITypeRegisterField(index, &field), -1);
    EXPECT_RAISED("IndexError", "TVMFFITypeRegisterField");
    EXPECT_EQ(TVMFFITypeRegisterMethod(index, &method), -1);
    EXPECT_RAISED("IndexError", "TVMFFITypeRegisterMethod");
    EXPECT_EQ(TVMFFITypeRegisterMetadata(index, &metadata), -1);
    EXPECT_RAISED("IndexError", "TVMFFITypeRegisterMetadata");
  }
  EXPECT_EQ(StrongCount(fn), 1u) << "a failed registration keeps no reference";
  TVMFFIObjectDecRef(fn);
}

// ---------------------------------------------------------------------------
// §4.5 fields
// ---------------------------------------------------------------------------

TVMFFIFieldInfo Field(const char* name, int64_t offset) {
  TVMFFIFieldInfo f;
  std::memset(&f, 0, sizeof(f));
  f.name = ByteArray(name);
  f.size = 8;
  f.alignment = 8;
  f.offset = offset;
  f.field_static_type_index = kTVMFFIAny;
  return f;
}

// SPEC: REG-FIELD-OWN-ONLY, REG-FIELD-DUPLICATE
TEST(FieldOwnOnly, FieldsListOnlyTheTypesOwnFieldsAndAShadowingNameIsAccepted) {
  int32_t parent = Alloc(Key("own.P"), -1, 1, 2, 1, kTVMFFIObject);
  int32_t child = Alloc(Key("own.C"), -1, 2, 0, 1, parent);
  ASSERT_GE(child, 0);
  TVMFFIFieldInfo pa = Field("a", 24), pb = Field("b", 32), cc = Field("c", 40);
  ASSERT_EQ(TVMFFITypeRegisterField(parent, &pa), 0);
  ASSERT_EQ(TVMFFITypeRegisterField(parent, &pb), 0);
  ASSERT_EQ(TVMFFITypeRegisterField(child, &cc), 0);
  TVMFFIFieldInfo shadow = Field("a", 48);
  ASSERT_EQ(TVMFFITypeRegisterField(child, &shadow), 0) << TakeRaisedDescription();
  const TVMFFITypeInfo* pi = TVMFFIGetTypeInfo(parent);
  const TVMFFITypeInfo* ci = TVMFFIGetTypeInfo(child);
  ASSERT_EQ(pi->num_fields, 2);
  ASSERT_EQ(ci->num_fields, 2);
  EXPECT_EQ(ToStdString(ci->fields[0].name), "c");
  EXPECT_EQ(ToStdString(ci->fields[1].name), "a");
  EXPECT_EQ(ci->fields[1].offset, 48);
  EXPECT_EQ(ToStdString(pi->fields[0].name), "a");
  EXPECT_EQ(pi->fields[0].offset, 24) << "the parent's field is untouched by the shadow";
  // Inherited fields are reachable through the ancestors.
  EXPECT_EQ(ci->type_ancestors[1], pi);
}

std::atomic<int> g_setter_calls{0};
int FieldSetterFn(void*, const TVMFFIAny*, int32_t, TVMFFIAny*) {
  g_setter_calls.fetch_add(1);
  return 0;
}
int PlainGetter(void* field, TVMFFIAny* result) {
  *result = IntAny(*static_cast<int64_t*>(field));
  return 0;
}

// SPEC: REG-FIELD-COPY, ANY-VIEW-ONLY-KINDS
TEST(FieldCopy, StringsDefaultAndSetterFunctionSurviveTheCallersStructBeingFreed) {
  int32_t t = Alloc(Key("copy.T"), -1, 1, 0, 1, kTVMFFIObject);
  ASSERT_GE(t, 0);
  TVMFFIObjectHandle setter = nullptr;
  ASSERT_EQ(TVMFFIFunctionCreate(nullptr, FieldSetterFn, nullptr, &setter), 0);
  {
    auto name = std::make_unique<std::string>("field_name");
    auto doc = std::make_unique<std::string>("the field's doc");
    auto meta = std::make_unique<std::string>("{\"k\": 1}");
    auto dflt = std::make_unique<std::string>("a default given as a raw C string view");
    auto info = std::make_unique<TVMFFIFieldInfo>(Field("", 24));
    info->name = ByteArray(*name);
    info->doc = ByteArray(*doc);
    info->metadata = ByteArray(*meta);
    info->flags = kTVMFFIFieldFlagBitMaskHasDefault | kTVMFFIFieldFlagBitSetterIsFunctionObj;
    info->getter = PlainGetter;
    info->setter = setter;
    info->default_value_or_factory = RawStrAny(dflt->c_str());
    ASSERT_EQ(TVMFFITypeRegisterField(t, info.get()), 0) << TakeRaisedDescription();
    EXPECT_EQ(StrongCount(setter), 2u) << "bit 11: the registry owns a reference to the setter";
    // Everything the caller passed is freed here (ASan reports any later read).
  }
  TVMFFIObjectDecRef(setter);
  const TVMFFITypeInfo* ti = TVMFFIGetTypeInfo(t);
  ASSERT_EQ(ti->num_fields, 1);
  const TVMFFIFieldInfo& f = ti->fields[0];
  EXPECT_EQ(ToStdString(f.name), "field_name");
  EXPECT_EQ(ToStdString(f.doc), "the field's doc");
  EXPECT_EQ(ToStdString(f.metadata), "{\"k\": 1}");
  EXPECT_EQ(f.getter, PlainGetter);
  // The default is an owned value: the RawStr view became a String.
  EXPECT_TRUE(f.default_value_or_factory.type_index == kTVMFFIStr ||
              f.default_value_or_factory.type_index == kTVMFFISmallStr)
      << "stored default has type index " << f.default_value_or_factory.type_index;
  if (f.default_value_or_factory.type_index == kTVMFFIStr) {
    EXPECT_EQ(StringContent(f.default_value_or_factory), "a default given as a raw C string view");
  }
  // The setter Function is alive through the registry's reference.
  ASSERT_NE(f.setter, nullptr);
  EXPECT_EQ(TypeIndexOf(f.setter), kTVMFFIFunction);
  g_setter_calls = 0;
  TVMFFIAny result = NoneAny();
  ASSERT_EQ(TVMFFIFunctionCall(f.setter, nullptr, 0, &result), 0);
  EXPECT_EQ(g_setter_calls.load(), 1);
}

// ---------------------------------------------------------------------------
// §4.8 type attribute columns
// ---------------------------------------------------------------------------

const TVMFFIAny* Entry(const TVMFFITypeAttrColumn* col, int32_t t) {
  if (col == nullptr) return nullptr;
  int32_t i = t - col->begin_index;
  return (i >= 0 && i < col->size) ? &col->data[i] : nullptr;
}

// SPEC: REG-ATTR-ONCE
TEST(TypeAttr, SecondNonNoneValueIsRuntimeErrorEvenWhenEqualButNoneCanBeReplaced) {
  std::string attr_name = Key("__attr_once__");
  TVMFFIByteArray attr = ByteArray(attr_name);
  int32_t t = Alloc(Key("attr_once.T"), -1, 1, 0, 1, kTVMFFIObject);
  ASSERT_GE(t, 0);
  TVMFFIAny none = NoneAny();
  ASSERT_EQ(TVMFFITypeRegisterAttr(t, &attr, &none), 0) << "None over None is allowed";
  TVMFFIAny five = IntAny(5);
  ASSERT_EQ(TVMFFITypeRegisterAttr(t, &attr, &five), 0) << "a None entry can be set";
  EXPECT_EQ(TVMFFITypeRegisterAttr(t, &attr, &five), -1) << "the same value again";
  EXPECT_RAISED("RuntimeError", attr_name.c_str());
  TVMFFIAny six = IntAny(6);
  EXPECT_EQ(TVMFFITypeRegisterAttr(t, &attr, &six), -1);
  EXPECT_RAISED("RuntimeError", "");
  EXPECT_EQ(TVMFFITypeRegisterAttr(t, &attr, &none), -1) << "None does not erase a value";
  EXPECT_RAISED("RuntimeError", "");
  const TVMFFIAny* e = Entry(TVMFFIGetTypeAttrColumn(&attr), t);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->type_index, kTVMFFIInt);
  EXPECT_EQ(e->v_int64, 5);
}

// SPEC: REG-ATTR-NONE-SENTINEL
TEST(TypeAttr, TypeIndexZeroCreatesTheColumnAndStoresNothingEvenForANonNoneValue) {
  std::string attr_name = Key("__attr_sentinel__");
  TVMFFIByteArray attr = ByteArray(attr_name);
  ASSERT_EQ(TVMFFIGetTypeAttrColumn(&attr), nullptr);
  TVMFFIAny value = IntAny(99);
  ASSERT_EQ(TVMFFITypeRegisterAttr(kTVMFFINone, &attr, &value), 0);
  const TVMFFITypeAttrColumn* col = TVMFFIGetTypeAttrColumn(&attr);
  ASSERT_NE(col, nullptr);
  EXPECT_EQ(col->begin_index, 0);
  const TVMFFIAny* e = Entry(col, kTVMFFINone);
  if (e != nullptr) {
    EXPECT_EQ(e->type_index, kTVMFFINone);
  }
  // Repeating it is fine: nothing was stored.
  ASSERT_EQ(TVMFFITypeRegisterAttr(kTVMFFINone, &attr, &value), 0);
  EXPECT_EQ(TVMFFIGetTypeAttrColumn(&attr), col);
}

// SPEC: REG-ATTR-ABSENT, ERR-RETURN-PAIRING
TEST(TypeAttr, NeverRegisteredNameGivesNullWithoutRaisingOrClearingTheSlot) {
  std::string attr_name = Key("__attr_absent__");
  TVMFFIByteArray attr = ByteArray(attr_name);
  EXPECT_EQ(TVMFFIGetTypeAttrColumn(&attr), nullptr);
  EXPECT_NOTHING_RAISED();
  TVMFFIObjectHandle pending = MakeError("KeyError", "pending");
  TVMFFIErrorSetRaised(pending);
  EXPECT_EQ(TVMFFIGetTypeAttrColumn(&attr), nullptr);
  TVMFFIObjectHandle still = nullptr;
  TVMFFIErrorMoveFromRaised(&still);
  EXPECT_EQ(still, pending);
  if (still != nullptr) TVMFFIObjectDecRef(still);
  TVMFFIObjectDecRef(pending);
}

// SPEC: REG-ATTR-STABLE, REG-ATTR-LOOKUP, EXT-ATTR-GROWTH
TEST(TypeAttr, ColumnAddressNeverChangesAndRetiredDataArraysStayReadable) {
  std::string attr_name = Key("__attr_stable__");
  TVMFFIByteArray attr = ByteArray(attr_name);
  int32_t first = Alloc(Key("attr_stable.first"), -1, 1, 0, 1, kTVMFFIObject);
  TVMFFIAny v = IntAny(first);
  ASSERT_EQ(TVMFFITypeRegisterAttr(first, &attr, &v), 0);
  const TVMFFITypeAttrColumn* col = TVMFFIGetTypeAttrColumn(&attr);
  ASSERT_NE(col, nullptr);
  const TVMFFIAny* old_data = col->data;
  int32_t old_size = col->size;
  ASSERT_GT(old_size, first - col->begin_index);
  // Register on types with much larger indices to force the column to grow.
  std::vector<int32_t> types;
  for (int i = 0; i < 40; ++i) {
    types.push_back(Alloc(Key("attr_stable.t" + std::to_string(i)), -1, 1, 0, 1, kTVMFFIObject));
  }
  for (int32_t t : types) {
    TVMFFIAny tv = IntAny(t);
    ASSERT_EQ(TVMFFITypeRegisterAttr(t, &attr, &tv), 0);
  }
  EXPECT_EQ(TVMFFIGetTypeAttrColumn(&attr), col) << "the column struct never moves";
  EXPECT_GT(col->size, old_size);
  EXPECT_EQ(col->begin_index, 0);
  // A reader that loaded `data` before the growth can still read it.
  EXPECT_EQ(old_data[first].type_index, kTVMFFIInt);
  EXPECT_EQ(old_data[first].v_int64, first);
  for (int32_t t : types) {
    const TVMFFIAny* e = Entry(col, t);
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->v_int64, t);
  }
  // Out of range is None (no entry).
  EXPECT_EQ(Entry(col, col->size + 5), nullptr);
}

// SPEC: EXT-ATTR-GROWTH, EXT-THREADSAFE-REGISTRY
TEST(TypeAttr, ReadersOfAGrowingColumnSeeEitherNoneOrTheCompleteValue) {
  std::string attr_name = Key("__attr_concurrent__");
  TVMFFIByteArray attr = ByteArray(attr_name);
  TVMFFIAny none = NoneAny();
  ASSERT_EQ(TVMFFITypeRegisterAttr(kTVMFFINone, &attr, &none), 0);
  const TVMFFITypeAttrColumn* col = TVMFFIGetTypeAttrColumn(&attr);
  ASSERT_NE(col, nullptr);
  // Builtin indices first, so the column grows many times (1, 2, 4, 8, ...), then new types.
  std::vector<int32_t> types;
  for (int32_t i = 1; i <= kTVMFFIUnchanged; ++i) types.push_back(i);
  for (int32_t i = kTVMFFIObject; i < kTVMFFIStaticObjectEnd; ++i) types.push_back(i);
  for (int i = 0; i < 300; ++i) {
    types.push_back(Alloc(Key("attr_conc.t" + std::to_string(i)), -1, 1, 0, 1, kTVMFFIObject));
  }
  std::atomic<bool> done{false};
  std::atomic<int> bad{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < 4; ++r) {
    readers.emplace_back([&] {
      while (!done.load(std::memory_order_acquire)) {
        int32_t size = __atomic_load_n(&col->size, __ATOMIC_ACQUIRE);
        const TVMFFIAny* data = __atomic_load_n(&col->data, __ATOMIC_ACQUIRE);
        for (int32_t i = 0; i < size; ++i) {
          int32_t tag = __atomic_load_n(&data[i].type_index, __ATOMIC_ACQUIRE);
          if (tag == kTVMFFINone) continue;
          int64_t payload = __atomic_load_n(&data[i].v_int64, __ATOMIC_RELAXED);
          if (tag != kTVMFFIInt || payload != int64_t{i} * 3) bad.fetch_add(1);
        }
      }
    });
  }
  for (int32_t t : types) {
    TVMFFIAny tv = IntAny(int64_t{t} * 3);
    ASSERT_EQ(TVMFFITypeRegisterAttr(t, &attr, &tv), 0);
  }
  done = true;
  for (auto& th : readers) th.join();
  EXPECT_EQ(bad.load(), 0);
}

// SPEC: REG-ATTR-PRECREATE
TEST(TypeAttr, AnyHashAndAnyEqualColumnsExistFromStartUp) {
  TVMFFIByteArray hash = ByteArray("__any_hash__");
  TVMFFIByteArray equal = ByteArray("__any_equal__");
  EXPECT_NE(TVMFFIGetTypeAttrColumn(&hash), nullptr);
  EXPECT_NE(TVMFFIGetTypeAttrColumn(&equal), nullptr);
  EXPECT_NOTHING_RAISED();
}

}  // namespace
