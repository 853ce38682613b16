// ffi/c/tests/test_type_registry.cc: builtin type keys, the type-index
// allocation algorithm, type info, and reflection registration (fields,
// methods, metadata, type attributes).
#include <gtest/gtest.h>
#include <tvm/ffi/c_api.h>

#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "test_helpers.h"

namespace {

using namespace tvm_ffi_test;

int32_t KeyToIndex(const char* key) {
  TVMFFIByteArray b = ByteArray(key);
  int32_t out = -12345;
  int rc = TVMFFITypeKeyToIndex(&b, &out);
  EXPECT_EQ(rc, 0) << "key " << key;
  if (rc != 0) {
    ClearRaised();
    return -12345;
  }
  return out;
}

int32_t Alloc(const std::string& key, int32_t static_index, int32_t depth, int32_t child_slots,
              int32_t can_overflow, int32_t parent) {
  TVMFFIByteArray b = ByteArray(key);
  return TVMFFITypeGetOrAllocIndex(&b, static_index, depth, child_slots, can_overflow, parent);
}

// Registers a fresh direct child of ffi.Object (allocated from the dynamic
// counter because ffi.Object has no reserved child slots).
int32_t NewObjectType(const std::string& key, int32_t child_slots = 0, int32_t can_overflow = 1) {
  int32_t idx = Alloc(key, -1, 1, child_slots, can_overflow, kTVMFFIObject);
  EXPECT_GE(idx, kTVMFFIDynObjectBegin) << key;
  return idx;
}

// ---------------------------------------------------------------------------
// Builtin keys
// ---------------------------------------------------------------------------

// SPEC: REG-BUILTIN-SEED
TEST(TypeRegistryBuiltin, ObjectTypeKeysMapToTheirFixedIndices) {
  const std::pair<const char*, int32_t> expected[] = {
      {"ffi.Object", 64}, {"ffi.String", 65}, {"ffi.Bytes", 66},           {"ffi.Error", 67},
      {"ffi.Function", 68}, {"ffi.Shape", 69}, {"ffi.Tensor", 70},         {"ffi.Array", 71},
      {"ffi.Map", 72},      {"ffi.Module", 73}, {"ffi.OpaquePyObject", 74}, {"ffi.List", 75},
      {"ffi.Dict", 76},     {"ffi.BigInt", 78}};
  for (const auto& kv : expected) {
    EXPECT_EQ(KeyToIndex(kv.first), kv.second) << kv.first;
  }
}

// SPEC: REG-BUILTIN-SEED
TEST(TypeRegistryBuiltin, PodTypeKeysMapToIndicesZeroToTwelve) {
  // Measured on the reference runtime (apache-tvm-ffi 0.1.15.post2).
  const char* keys[] = {"None",        "int",
                        "bool",        "float",
                        "void*",       "DataType",
                        "Device",      "DLTensor*",
                        "const char*", "TVMFFIByteArray*",
                        "ObjectRValueRef", "ffi.SmallStr",
                        "ffi.SmallBytes"};
  for (int32_t i = 0; i < 13; ++i) {
    EXPECT_EQ(KeyToIndex(keys[i]), i) << keys[i];
    const TVMFFITypeInfo* info = TVMFFIGetTypeInfo(i);
    ASSERT_NE(info, nullptr) << "index " << i;
    EXPECT_EQ(info->type_index, i);
    EXPECT_EQ(info->type_depth, 0);
    EXPECT_EQ(ToStdString(info->type_key), keys[i]);
  }
}

// SPEC: REG-GET-TYPE-INFO
TEST(TypeRegistryBuiltin, BuiltinObjectTypeInfoHasKeyDepthAncestorsAndHash) {
  const TVMFFITypeInfo* root = TVMFFIGetTypeInfo(kTVMFFIObject);
  ASSERT_NE(root, nullptr);
  EXPECT_EQ(root->type_index, 64);
  EXPECT_EQ(root->type_depth, 0);
  EXPECT_EQ(ToStdString(root->type_key), "ffi.Object");
  EXPECT_NE(root->type_key_hash, 0u);
  const std::pair<int32_t, const char*> children[] = {
      {kTVMFFIStr, "ffi.String"},   {kTVMFFIBytes, "ffi.Bytes"},   {kTVMFFIError, "ffi.Error"},
      {kTVMFFIFunction, "ffi.Function"}, {kTVMFFIShape, "ffi.Shape"}, {kTVMFFITensor, "ffi.Tensor"},
      {kTVMFFIArray, "ffi.Array"},   {kTVMFFIMap, "ffi.Map"},       {kTVMFFIModule, "ffi.Module"},
      {kTVMFFIOpaquePyObject, "ffi.OpaquePyObject"}, {kTVMFFIList, "ffi.List"},
      {kTVMFFIDict, "ffi.Dict"},     {kTVMFFIBigInt, "ffi.BigInt"}};
  for (const auto& c : children) {
    SCOPED_TRACE(c.second);
    const TVMFFITypeInfo* info = TVMFFIGetTypeInfo(c.first);
    ASSERT_NE(info, nullptr);
    EXPECT_EQ(info->type_index, c.first);
    EXPECT_EQ(info->type_depth, 1);
    EXPECT_EQ(ToStdString(info->type_key), c.second);
    ASSERT_NE(info->type_ancestors, nullptr);
    EXPECT_EQ(info->type_ancestors[0], root);
    EXPECT_EQ(info->type_ancestors[0]->type_index, kTVMFFIObject);
    EXPECT_NE(info->type_key_hash, 0u);
  }
  EXPECT_EQ(TVMFFIGetTypeInfo(kTVMFFIStr), TVMFFIGetTypeInfo(kTVMFFIStr)) << "stable pointer";
}

// SPEC: REG-GET-TYPE-INFO
TEST(TypeRegistryBuiltin, TypeKeyHashEqualsStdHashOfTheKeyAsStringView) {
  // The reference runtime (0.1.15.post2) stores std::hash<std::string_view>
  // of the key (libstdc++), e.g. 0xfb6ac968ce0ca5aa for "None"; measured.
  const int32_t builtin[] = {kTVMFFINone, kTVMFFIInt, kTVMFFIObject, kTVMFFIStr, kTVMFFIFunction};
  for (int32_t idx : builtin) {
    const TVMFFITypeInfo* info = TVMFFIGetTypeInfo(idx);
    ASSERT_NE(info, nullptr);
    std::string key = ToStdString(info->type_key);
    EXPECT_EQ(info->type_key_hash, std::hash<std::string_view>()(key)) << key;
  }
  const TVMFFITypeInfo* none = TVMFFIGetTypeInfo(kTVMFFINone);
  ASSERT_NE(none, nullptr);
  EXPECT_EQ(none->type_key_hash, 0xfb6ac968ce0ca5aaull);
  int32_t t = NewObjectType("test.registry.hash.T");
  const TVMFFITypeInfo* info = TVMFFIGetTypeInfo(t);
  ASSERT_NE(info, nullptr);
  EXPECT_EQ(info->type_key_hash, std::hash<std::string_view>()("test.registry.hash.T"));
}

// SPEC: REG-GET-TYPE-INFO, REG-KEY-TO-INDEX, EXT-KIND-CHOICES
TEST(TypeRegistryLookup, UnknownTypeKeyReturnsMinusOneWithKeyError) {
  TVMFFIByteArray b = ByteArray("test.registry.NoSuchTypeKey");
  int32_t out = 777;
  EXPECT_EQ(TVMFFITypeKeyToIndex(&b, &out), -1);
  EXPECT_RAISED("KeyError", "test.registry.NoSuchTypeKey");
  EXPECT_EQ(out, 777) << "output must be left untouched";
}

// SPEC: EXT-NULL-ARGS
TEST(TypeRegistryLookup, TypeKeyToIndexWithNullArgumentsReturnsMinusOneWithValueError) {
  int32_t out = 0;
  EXPECT_EQ(TVMFFITypeKeyToIndex(nullptr, &out), -1);
  EXPECT_RAISED("ValueError", "");
  TVMFFIByteArray b = ByteArray("ffi.Object");
  EXPECT_EQ(TVMFFITypeKeyToIndex(&b, nullptr), -1);
  EXPECT_RAISED("ValueError", "");
}

// SPEC: REG-GET-TYPE-INFO, EXT-GET-TYPE-INFO-NULL
TEST(TypeRegistryLookup, GetTypeInfoOfUnknownIndexReturnsNullWithIndexError) {
  for (int32_t idx : {9999, -5, 50, 1 << 30}) {
    SCOPED_TRACE("index " + std::to_string(idx));
    EXPECT_EQ(TVMFFIGetTypeInfo(idx), nullptr);
    EXPECT_RAISED("IndexError", "");
  }
}

// ---------------------------------------------------------------------------
// Allocation algorithm
// ---------------------------------------------------------------------------

// SPEC: REG-ALLOC-SLOTS
TEST(TypeRegistryAlloc, ChildrenTakeReservedSlotsInsideParentRangeThenOverflowToCounter) {
  // Sequence and offsets measured on the reference runtime (0.1.15.post2):
  // P(slots=3) = X; A(slots=0) = X+1; B(slots=1) = X+2 (range X+2..X+3);
  // C(slots=0) no longer fits -> dynamic counter X+4; D (child of B) = X+3.
  int32_t P = NewObjectType("test.registry.slots.P", 3, 1);
  ASSERT_GE(P, kTVMFFIDynObjectBegin);
  int32_t A = Alloc("test.registry.slots.A", -1, 2, 0, 0, P);
  int32_t B = Alloc("test.registry.slots.B", -1, 2, 1, 0, P);
  int32_t C = Alloc("test.registry.slots.C", -1, 2, 0, 0, P);
  int32_t D = Alloc("test.registry.slots.D", -1, 3, 0, 0, B);
  EXPECT_EQ(A, P + 1);
  EXPECT_EQ(B, P + 2);
  EXPECT_EQ(C, P + 4);
  EXPECT_EQ(D, P + 3);
  EXPECT_NOTHING_RAISED();
}

// SPEC: REG-ALLOC-OVERFLOW
TEST(TypeRegistryAlloc, ChildTooBigForRemainingSlotsOverflowsWhileSmallerLaterChildStillFits) {
  // Measured on the reference runtime (0.1.15.post2): P(slots=2) = X;
  // A(slots=3) needs 4 slots -> counter X+3; B(slots=0) -> X+1 (in range);
  // C(slots=1) needs 2 -> counter X+7; D(slots=1) -> counter X+9.
  int32_t P = NewObjectType("test.registry.overflow.P", 2, 1);
  ASSERT_GE(P, kTVMFFIDynObjectBegin);
  int32_t A = Alloc("test.registry.overflow.A", -1, 2, 3, 1, P);
  int32_t B = Alloc("test.registry.overflow.B", -1, 2, 0, 0, P);
  int32_t C = Alloc("test.registry.overflow.C", -1, 2, 1, 1, P);
  int32_t D = Alloc("test.registry.overflow.D", -1, 2, 1, 1, P);
  EXPECT_EQ(A, P + 3);
  EXPECT_EQ(B, P + 1);
  EXPECT_EQ(C, P + 7);
  EXPECT_EQ(D, P + 9);
  EXPECT_NOTHING_RAISED();
}

// SPEC: REG-ALLOC-OVERFLOW
TEST(TypeRegistryAlloc, DirectChildrenOfObjectAdvanceCounterByTheirSlotCountPlusOne) {
  // Measured on the reference runtime (0.1.15.post2): X1(slots=0) = X,
  // X2(slots=5) = X+1, X3(slots=0) = X+7.
  int32_t x1 = NewObjectType("test.registry.counter.X1", 0, 1);
  int32_t x2 = NewObjectType("test.registry.counter.X2", 5, 1);
  int32_t x3 = NewObjectType("test.registry.counter.X3", 0, 1);
  EXPECT_GE(x1, kTVMFFIDynObjectBegin);
  EXPECT_EQ(x2, x1 + 1);
  EXPECT_EQ(x3, x1 + 7);
}

// SPEC: REG-ALLOC-SLOTS, REG-ALLOC-EXISTING
TEST(TypeRegistryAlloc, ReRegisteringAKeyReturnsTheSameIndexWhateverTheArguments) {
  int32_t P = NewObjectType("test.registry.rereg.P", 2, 1);
  int32_t A = Alloc("test.registry.rereg.A", -1, 2, 0, 0, P);
  EXPECT_EQ(A, P + 1);
  EXPECT_EQ(Alloc("test.registry.rereg.A", -1, 2, 0, 0, P), A);
  EXPECT_EQ(Alloc("test.registry.rereg.A", -1, 2, 7, 1, P), A);
  EXPECT_EQ(Alloc("test.registry.rereg.P", -1, 1, 2, 1, kTVMFFIObject), P);
  // The re-registration did not consume slots: the next child takes P+2.
  EXPECT_EQ(Alloc("test.registry.rereg.B", -1, 2, 0, 0, P), P + 2);
  EXPECT_EQ(Alloc("ffi.String", -1, 1, 0, 0, kTVMFFIObject), kTVMFFIStr);
  EXPECT_NOTHING_RAISED();
}

// SPEC: REG-ALLOC-QUERY
TEST(TypeRegistryAlloc, QueryOnlyParentMinusTwoReturnsIndexOnHitAndMinusTwoOnMissNoRegister) {
  int32_t P = NewObjectType("test.registry.query.P", 0, 1);
  EXPECT_EQ(Alloc("test.registry.query.P", -1, 0, 0, 0, -2), P);
  EXPECT_EQ(Alloc("ffi.Function", -1, 0, 0, 0, -2), kTVMFFIFunction);
  EXPECT_EQ(Alloc("test.registry.query.Missing", -1, 0, 0, 0, -2), -2);
  EXPECT_NOTHING_RAISED();
  // The miss did not register the key.
  TVMFFIByteArray b = ByteArray("test.registry.query.Missing");
  int32_t out = 0;
  EXPECT_EQ(TVMFFITypeKeyToIndex(&b, &out), -1);
  ClearRaised();
  EXPECT_EQ(Alloc("test.registry.query.Missing", -1, 0, 0, 0, -2), -2);
}

// SPEC: REG-ALLOC-OVERFLOW
TEST(TypeRegistryAlloc, ParentWithoutOverflowAndExhaustedSlotsReturnsMinusOneWithError) {
  int32_t P = NewObjectType("test.registry.full.P", 1, 0);
  ASSERT_GE(P, kTVMFFIDynObjectBegin);
  EXPECT_EQ(Alloc("test.registry.full.A", -1, 2, 0, 0, P), P + 1);
  EXPECT_EQ(Alloc("test.registry.full.B", -1, 2, 0, 0, P), -1);
  EXPECT_SOMETHING_RAISED();
  // Nothing was registered for the failed key.
  EXPECT_EQ(Alloc("test.registry.full.B", -1, 0, 0, 0, -2), -2);
}

// SPEC: REG-ALLOC-OVERFLOW
TEST(TypeRegistryAlloc, ChildOfBuiltinStringWhichHasNoSlotsNorOverflowReturnsMinusOneWithError) {
  EXPECT_EQ(Alloc("test.registry.StringChild", -1, 2, 0, 0, kTVMFFIStr), -1);
  EXPECT_SOMETHING_RAISED();
}

// SPEC: REG-ALLOC-SLOTS
TEST(TypeRegistryAlloc, UnknownParentIndexReturnsMinusOneWithError) {
  EXPECT_EQ(Alloc("test.registry.Orphan1", -1, 1, 0, 0, 9999), -1);
  EXPECT_SOMETHING_RAISED();
  EXPECT_EQ(Alloc("test.registry.Orphan2", -1, 1, 0, 0, 100), -1);  // unregistered gap
  EXPECT_SOMETHING_RAISED();
  EXPECT_EQ(Alloc("test.registry.Orphan1", -1, 0, 0, 0, -2), -2);
}

// SPEC: REG-ALLOC-SLOTS
TEST(TypeRegistryAlloc, DepthNotParentDepthPlusOneReturnsMinusOneWithError) {
  EXPECT_EQ(Alloc("test.registry.BadDepth", -1, 5, 0, 1, kTVMFFIObject), -1);
  EXPECT_SOMETHING_RAISED();
}

// SPEC: REG-ALLOC-SLOTS
TEST(TypeRegistryAlloc, StaticIndexIsUsedAsIsAndAConflictingStaticIndexIsRejected) {
  // Index 126 lies in the unused gap between the static and dynamic ranges.
  int32_t s = Alloc("test.registry.Static126", 126, 1, 0, 0, kTVMFFIObject);
  EXPECT_EQ(s, 126);
  const TVMFFITypeInfo* info = TVMFFIGetTypeInfo(126);
  ASSERT_NE(info, nullptr);
  EXPECT_EQ(ToStdString(info->type_key), "test.registry.Static126");
  EXPECT_EQ(info->type_depth, 1);
  EXPECT_EQ(Alloc("test.registry.Static126Other", 126, 1, 0, 0, kTVMFFIObject), -1);
  EXPECT_SOMETHING_RAISED();
  EXPECT_EQ(Alloc("test.registry.Static126", 126, 1, 0, 0, kTVMFFIObject), 126);
}

// SPEC: REG-GET-TYPE-INFO, REG-TYPE-ANCESTORS
TEST(TypeRegistryAlloc, NewTypeInfoHasKeyDepthAncestorChainAndHash) {
  int32_t P = NewObjectType("test.registry.info.P", 2, 1);
  int32_t A = Alloc("test.registry.info.A", -1, 2, 1, 0, P);
  int32_t B = Alloc("test.registry.info.B", -1, 3, 0, 0, A);
  ASSERT_EQ(A, P + 1);
  ASSERT_EQ(B, P + 2);
  const TVMFFITypeInfo* pi = TVMFFIGetTypeInfo(P);
  const TVMFFITypeInfo* bi = TVMFFIGetTypeInfo(B);
  ASSERT_NE(pi, nullptr);
  ASSERT_NE(bi, nullptr);
  EXPECT_EQ(bi->type_index, B);
  EXPECT_EQ(bi->type_depth, 3);
  EXPECT_EQ(ToStdString(bi->type_key), "test.registry.info.B");
  ASSERT_NE(bi->type_ancestors, nullptr);
  EXPECT_EQ(bi->type_ancestors[0]->type_index, kTVMFFIObject);
  EXPECT_EQ(bi->type_ancestors[1]->type_index, P);
  EXPECT_EQ(bi->type_ancestors[2]->type_index, A);
  EXPECT_EQ(bi->type_ancestors[1], pi);
  EXPECT_NE(bi->type_key_hash, 0u);
  EXPECT_NE(bi->type_key_hash, pi->type_key_hash);
  EXPECT_EQ(bi->num_fields, 0);
  EXPECT_EQ(bi->num_methods, 0);
  EXPECT_EQ(bi->metadata, nullptr);
  EXPECT_EQ(KeyToIndex("test.registry.info.B"), B);
}

// ---------------------------------------------------------------------------
// Fields, methods, metadata
// ---------------------------------------------------------------------------

int DummyGetter(void* field, TVMFFIAny* result) {
  *result = IntAny(*static_cast<int64_t*>(field));
  return 0;
}

TVMFFIFieldInfo MakeField(const char* name, int64_t offset) {
  TVMFFIFieldInfo f;
  std::memset(&f, 0, sizeof(f));
  f.name = ByteArray(name);
  f.doc = ByteArray("");
  f.metadata = ByteArray("");
  f.flags = 0;
  f.size = 8;
  f.alignment = 8;
  f.offset = offset;
  f.getter = DummyGetter;
  f.setter = nullptr;
  f.default_value_or_factory = NoneAny();
  f.field_static_type_index = kTVMFFIInt;
  return f;
}

// SPEC: REG-FIELD-DUPLICATE, REG-FIELD-COPY
TEST(TypeRegistryFields, RegisteredFieldsAreVisibleInOrderWithCopiedNames) {
  int32_t T = NewObjectType("test.registry.fields.T");
  char name_buf[16];
  std::strcpy(name_buf, "alpha");
  std::string doc = "doc of alpha";
  TVMFFIFieldInfo f0 = MakeField("", 24);
  f0.name = TVMFFIByteArray{name_buf, 5};
  f0.doc = ByteArray(doc);
  f0.flags = kTVMFFIFieldFlagBitMaskWritable;
  ASSERT_EQ(TVMFFITypeRegisterField(T, &f0), 0);
  // Mutate the caller's buffers: the registry must have copied them.
  std::strcpy(name_buf, "XXXXX");
  doc.assign("clobbered!!!");
  TVMFFIFieldInfo f1 = MakeField("beta", 32);
  ASSERT_EQ(TVMFFITypeRegisterField(T, &f1), 0);

  const TVMFFITypeInfo* info = TVMFFIGetTypeInfo(T);
  ASSERT_NE(info, nullptr);
  ASSERT_EQ(info->num_fields, 2);
  ASSERT_NE(info->fields, nullptr);
  EXPECT_EQ(ToStdString(info->fields[0].name), "alpha");
  EXPECT_EQ(ToStdString(info->fields[0].doc), "doc of alpha");
  EXPECT_EQ(info->fields[0].offset, 24);
  EXPECT_EQ(info->fields[0].size, 8);
  EXPECT_EQ(info->fields[0].flags, kTVMFFIFieldFlagBitMaskWritable);
  EXPECT_EQ(info->fields[0].getter, DummyGetter);
  EXPECT_EQ(ToStdString(info->fields[1].name), "beta");
  EXPECT_EQ(info->fields[1].offset, 32);
  EXPECT_EQ(info->fields[1].field_static_type_index, kTVMFFIInt);
  EXPECT_NOTHING_RAISED();
}

// SPEC: REG-FIELD-DUPLICATE
TEST(TypeRegistryFields, DuplicateFieldNameReturnsMinusOneWithValueError) {
  int32_t T = NewObjectType("test.registry.fields.Dup");
  TVMFFIFieldInfo f = MakeField("x", 24);
  ASSERT_EQ(TVMFFITypeRegisterField(T, &f), 0);
  TVMFFIFieldInfo again = MakeField("x", 32);
  EXPECT_EQ(TVMFFITypeRegisterField(T, &again), -1);
  EXPECT_RAISED("ValueError", "x");
  const TVMFFITypeInfo* info = TVMFFIGetTypeInfo(T);
  ASSERT_NE(info, nullptr);
  EXPECT_EQ(info->num_fields, 1);
}

// SPEC: REG-FIELD-DUPLICATE, REG-FIELD-COPY
TEST(TypeRegistryFields, FieldDefaultObjectIsRetainedByTheRegistry) {
  int32_t T = NewObjectType("test.registry.fields.Default");
  TVMFFIObjectHandle dflt = MakeHeapString("a default value string");
  ASSERT_NE(dflt, nullptr);
  ASSERT_EQ(StrongCount(dflt), 1u);
  TVMFFIFieldInfo f = MakeField("with_default", 24);
  f.flags = kTVMFFIFieldFlagBitMaskHasDefault;
  f.default_value_or_factory = ObjectAny(dflt);
  ASSERT_EQ(TVMFFITypeRegisterField(T, &f), 0);
  EXPECT_EQ(StrongCount(dflt), 2u) << "registry keeps its own reference";
  const TVMFFITypeInfo* info = TVMFFIGetTypeInfo(T);
  ASSERT_NE(info, nullptr);
  ASSERT_EQ(info->num_fields, 1);
  EXPECT_EQ(info->fields[0].default_value_or_factory.type_index, kTVMFFIStr);
  EXPECT_EQ(info->fields[0].default_value_or_factory.v_obj, dflt);
  TVMFFIObjectDecRef(dflt);  // the registry's reference keeps it alive
  EXPECT_EQ(StringContent(info->fields[0].default_value_or_factory), "a default value string");
}

// SPEC: REG-FIELD-DUPLICATE, REG-UNKNOWN-TYPE
TEST(TypeRegistryFields, RegisterFieldOnUnknownTypeReturnsMinusOneWithIndexError) {
  TVMFFIFieldInfo f = MakeField("x", 24);
  EXPECT_EQ(TVMFFITypeRegisterField(9999, &f), -1);
  EXPECT_RAISED("IndexError", "");
}

// SPEC: EXT-NULL-ARGS
TEST(TypeRegistryFields, RegisterFieldWithNullInfoReturnsMinusOneWithValueError) {
  int32_t T = NewObjectType("test.registry.fields.NullInfo");
  EXPECT_EQ(TVMFFITypeRegisterField(T, nullptr), -1);
  EXPECT_RAISED("ValueError", "");
}

int MethodReturns7(void*, const TVMFFIAny*, int32_t, TVMFFIAny* result) {
  *result = IntAny(7);
  return 0;
}

// SPEC: REG-METHOD
TEST(TypeRegistryMethods, RegisteredMethodIsVisibleWithCopiedNameAndRetainedFunction) {
  int32_t T = NewObjectType("test.registry.methods.T");
  TVMFFIObjectHandle fn = nullptr;
  ASSERT_EQ(TVMFFIFunctionCreate(nullptr, MethodReturns7, nullptr, &fn), 0);
  char name_buf[16];
  std::strcpy(name_buf, "seven");
  TVMFFIMethodInfo m;
  std::memset(&m, 0, sizeof(m));
  m.name = TVMFFIByteArray{name_buf, 5};
  m.doc = ByteArray("returns 7");
  m.metadata = ByteArray("{}");
  m.flags = kTVMFFIFieldFlagBitMaskIsStaticMethod;
  m.method = ObjectAny(fn);
  ASSERT_EQ(TVMFFITypeRegisterMethod(T, &m), 0);
  std::strcpy(name_buf, "XXXXX");
  EXPECT_EQ(StrongCount(fn), 2u) << "registry keeps its own reference to the method";

  const TVMFFITypeInfo* info = TVMFFIGetTypeInfo(T);
  ASSERT_NE(info, nullptr);
  ASSERT_EQ(info->num_methods, 1);
  ASSERT_NE(info->methods, nullptr);
  EXPECT_EQ(ToStdString(info->methods[0].name), "seven");
  EXPECT_EQ(ToStdString(info->methods[0].doc), "returns 7");
  EXPECT_EQ(info->methods[0].flags, kTVMFFIFieldFlagBitMaskIsStaticMethod);
  EXPECT_EQ(info->methods[0].method.type_index, kTVMFFIFunction);
  EXPECT_EQ(info->methods[0].method.v_obj, fn);
  TVMFFIObjectDecRef(fn);
  // Still callable through the registry's reference.
  TVMFFIAny result = NoneAny();
  ASSERT_EQ(TVMFFIFunctionCall(info->methods[0].method.v_obj, nullptr, 0, &result), 0);
  EXPECT_EQ(result.type_index, kTVMFFIInt);
  EXPECT_EQ(result.v_int64, 7);
}

// SPEC: REG-METADATA-ONCE
TEST(TypeRegistryMetadata, FirstMetadataIsStoredAndSecondReturnsMinusOneWithError) {
  int32_t T = NewObjectType("test.registry.metadata.T");
  std::string doc = "metadata doc";
  TVMFFITypeMetadata md;
  std::memset(&md, 0, sizeof(md));
  md.doc = ByteArray(doc);
  md.creator = nullptr;
  md.total_size = 40;
  md.structural_eq_hash_kind = kTVMFFISEqHashKindTreeNode;
  ASSERT_EQ(TVMFFITypeRegisterMetadata(T, &md), 0);
  doc.assign("clobbered!!!");
  const TVMFFITypeInfo* info = TVMFFIGetTypeInfo(T);
  ASSERT_NE(info, nullptr);
  ASSERT_NE(info->metadata, nullptr);
  EXPECT_EQ(ToStdString(info->metadata->doc), "metadata doc");
  EXPECT_EQ(info->metadata->total_size, 40);
  EXPECT_EQ(info->metadata->structural_eq_hash_kind, kTVMFFISEqHashKindTreeNode);

  TVMFFITypeMetadata md2 = md;
  md2.total_size = 80;
  EXPECT_EQ(TVMFFITypeRegisterMetadata(T, &md2), -1);
  EXPECT_RAISED("RuntimeError", "");
  EXPECT_EQ(TVMFFIGetTypeInfo(T)->metadata->total_size, 40) << "first metadata is kept";
}

// SPEC: REG-METADATA-ONCE, REG-UNKNOWN-TYPE
TEST(TypeRegistryMetadata, MetadataOnUnknownTypeReturnsMinusOneWithIndexError) {
  TVMFFITypeMetadata md;
  std::memset(&md, 0, sizeof(md));
  md.doc = ByteArray("");
  EXPECT_EQ(TVMFFITypeRegisterMetadata(9999, &md), -1);
  EXPECT_RAISED("IndexError", "");
}

// ---------------------------------------------------------------------------
// Type attributes
// ---------------------------------------------------------------------------

const TVMFFIAny* ColumnEntry(const TVMFFITypeAttrColumn* col, int32_t type_index) {
  int32_t i = type_index - col->begin_index;
  if (i < 0 || i >= col->size) return nullptr;
  return &col->data[i];
}

// SPEC: REG-ATTR-LOOKUP, REG-ATTR-ABSENT
TEST(TypeRegistryAttr, UnknownColumnNameGivesNull) {
  TVMFFIByteArray name = ByteArray("__test_registry_never_created__");
  EXPECT_EQ(TVMFFIGetTypeAttrColumn(&name), nullptr);
}

// SPEC: REG-ATTR-LOOKUP, REG-ATTR-NONE-SENTINEL
TEST(TypeRegistryAttr, SentinelNoneIndexOnlyCreatesTheColumn) {
  int32_t T = NewObjectType("test.registry.attr.Sentinel");
  TVMFFIByteArray name = ByteArray("__test_registry_sentinel__");
  ASSERT_EQ(TVMFFIGetTypeAttrColumn(&name), nullptr);
  TVMFFIAny none = NoneAny();
  ASSERT_EQ(TVMFFITypeRegisterAttr(kTVMFFINone, &name, &none), 0);
  const TVMFFITypeAttrColumn* col = TVMFFIGetTypeAttrColumn(&name);
  ASSERT_NE(col, nullptr);
  const TVMFFIAny* e = ColumnEntry(col, T);
  if (e != nullptr) {
    EXPECT_EQ(e->type_index, kTVMFFINone);
  }
  e = ColumnEntry(col, kTVMFFIStr);
  if (e != nullptr) {
    EXPECT_EQ(e->type_index, kTVMFFINone);
  }
  EXPECT_NOTHING_RAISED();
}

// SPEC: REG-ATTR-LOOKUP, REG-ATTR-ONCE
TEST(TypeRegistryAttr, ValueIsVisibleAtDataOfTypeMinusBeginIndexAndSecondValueIsRejected) {
  int32_t T = NewObjectType("test.registry.attr.T");
  int32_t U = NewObjectType("test.registry.attr.U");
  TVMFFIByteArray name = ByteArray("__test_registry_attr__");
  TVMFFIAny v = IntAny(42);
  ASSERT_EQ(TVMFFITypeRegisterAttr(T, &name, &v), 0);
  const TVMFFITypeAttrColumn* col = TVMFFIGetTypeAttrColumn(&name);
  ASSERT_NE(col, nullptr);
  const TVMFFIAny* e = ColumnEntry(col, T);
  ASSERT_NE(e, nullptr) << "type " << T << " outside [" << col->begin_index << ", "
                        << col->begin_index + col->size << ")";
  EXPECT_EQ(e->type_index, kTVMFFIInt);
  EXPECT_EQ(e->v_int64, 42);
  const TVMFFIAny* eu = ColumnEntry(col, U);
  if (eu != nullptr) {
    EXPECT_EQ(eu->type_index, kTVMFFINone);
  }

  TVMFFIAny v2 = IntAny(43);
  EXPECT_EQ(TVMFFITypeRegisterAttr(T, &name, &v2), -1);
  EXPECT_RAISED("RuntimeError", "");
  col = TVMFFIGetTypeAttrColumn(&name);
  e = ColumnEntry(col, T);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->v_int64, 42) << "first value is kept";

  // A different type in the same column is fine.
  TVMFFIAny v3 = IntAny(44);
  ASSERT_EQ(TVMFFITypeRegisterAttr(U, &name, &v3), 0);
  col = TVMFFIGetTypeAttrColumn(&name);
  ASSERT_NE(ColumnEntry(col, U), nullptr);
  EXPECT_EQ(ColumnEntry(col, U)->v_int64, 44);
  EXPECT_EQ(ColumnEntry(col, T)->v_int64, 42);
}

// SPEC: REG-ATTR-LOOKUP
TEST(TypeRegistryAttr, ObjectValueIsRetainedByTheColumn) {
  int32_t T = NewObjectType("test.registry.attr.ObjT");
  TVMFFIByteArray name = ByteArray("__test_registry_attr_obj__");
  TVMFFIObjectHandle s = MakeHeapString("an attribute held by the column");
  ASSERT_NE(s, nullptr);
  TVMFFIAny v = ObjectAny(s);
  ASSERT_EQ(TVMFFITypeRegisterAttr(T, &name, &v), 0);
  EXPECT_EQ(StrongCount(s), 2u);
  TVMFFIObjectDecRef(s);
  const TVMFFITypeAttrColumn* col = TVMFFIGetTypeAttrColumn(&name);
  ASSERT_NE(col, nullptr);
  const TVMFFIAny* e = ColumnEntry(col, T);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->type_index, kTVMFFIStr);
  EXPECT_EQ(StringContent(*e), "an attribute held by the column");
}

}  // namespace
