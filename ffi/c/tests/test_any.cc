// ffi/c/tests/test_any.cc: §2 value rules (POD vs object, view-only kinds, None, Bool,
// zero padding, canonical byte encodings) and §7 string encodings, checked on every value
// the runtime produces.
#include <gtest/gtest.h>
#include <tvm/ffi/c_api.h>

#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "test_helpers.h"

namespace {

using namespace tvm_ffi_test;

// An Any filled with a garbage pattern, so a producer that leaves bytes unwritten is caught.
TVMFFIAny Garbage() {
  TVMFFIAny v;
  std::memset(&v, 0xCD, sizeof(v));
  return v;
}

bool SameBytes(const TVMFFIAny& a, const TVMFFIAny& b) {
  return std::memcmp(&a, &b, sizeof(TVMFFIAny)) == 0;
}

// Calls a global by name with the given arguments; returns the owned result (fails the test on error).
TVMFFIAny CallGlobal(const char* name, std::vector<TVMFFIAny> args) {
  TVMFFIByteArray key = ByteArray(name);
  TVMFFIObjectHandle fn = nullptr;
  EXPECT_EQ(TVMFFIFunctionGetGlobal(&key, &fn), 0);
  TVMFFIAny result = NoneAny();
  if (fn == nullptr) {
    ADD_FAILURE() << "global " << name << " is not registered";
    return result;
  }
  EXPECT_EQ(TVMFFIFunctionCall(fn, args.data(), static_cast<int32_t>(args.size()), &result), 0)
      << TakeRaisedDescription();
  TVMFFIObjectDecRef(fn);
  return result;
}

int NoopCall(void*, const TVMFFIAny*, int32_t, TVMFFIAny*) { return 0; }

// One way the runtime produces an owned value.
struct Producer {
  std::string what;
  std::function<int(TVMFFIAny*)> make;
};

std::vector<Producer> AllProducers() {
  static std::string long_text = "a string that is long enough for the heap";
  static std::string short_text = "tiny";
  static TVMFFIByteArray long_bytes = ByteArray(long_text);
  static TVMFFIByteArray short_bytes = ByteArray(short_text);
  std::vector<Producer> out;
  out.push_back({"StringFromByteArray(short)",
                 [](TVMFFIAny* o) { return TVMFFIStringFromByteArray(&short_bytes, o); }});
  out.push_back({"StringFromByteArray(long)",
                 [](TVMFFIAny* o) { return TVMFFIStringFromByteArray(&long_bytes, o); }});
  out.push_back({"BytesFromByteArray(short)",
                 [](TVMFFIAny* o) { return TVMFFIBytesFromByteArray(&short_bytes, o); }});
  out.push_back({"BytesFromByteArray(long)",
                 [](TVMFFIAny* o) { return TVMFFIBytesFromByteArray(&long_bytes, o); }});
  out.push_back({"BigIntFromByteArray(int)", [](TVMFFIAny* o) {
                   static const int64_t word = -42;
                   TVMFFIByteArray in{reinterpret_cast<const char*>(&word), 8};
                   return TVMFFIBigIntFromByteArray(&in, o);
                 }});
  out.push_back({"BigIntFromByteArray(big)", [](TVMFFIAny* o) {
                   static const uint64_t words[2] = {0, 1};
                   TVMFFIByteArray in{reinterpret_cast<const char*>(words), 16};
                   return TVMFFIBigIntFromByteArray(&in, o);
                 }});
  out.push_back({"DataTypeToString(short)", [](TVMFFIAny* o) {
                   DLDataType t{kDLInt, 8, 1};
                   return TVMFFIDataTypeToString(&t, o);
                 }});
  out.push_back({"DataTypeToString(long)", [](TVMFFIAny* o) {
                   DLDataType t{kDLFloat8_e4m3b11fnuz, 8, 4};
                   return TVMFFIDataTypeToString(&t, o);
                 }});
  out.push_back({"AnyViewToOwnedAny(RawStr short)", [](TVMFFIAny* o) {
                   TVMFFIAny v = RawStrAny("raw");
                   return TVMFFIAnyViewToOwnedAny(&v, o);
                 }});
  out.push_back({"AnyViewToOwnedAny(RawStr long)", [](TVMFFIAny* o) {
                   TVMFFIAny v = RawStrAny("a raw C string long enough for the heap");
                   return TVMFFIAnyViewToOwnedAny(&v, o);
                 }});
  out.push_back({"AnyViewToOwnedAny(ByteArrayPtr short)", [](TVMFFIAny* o) {
                   TVMFFIAny v = NoneAny();
                   v.type_index = kTVMFFIByteArrayPtr;
                   v.v_ptr = &short_bytes;
                   return TVMFFIAnyViewToOwnedAny(&v, o);
                 }});
  out.push_back({"AnyViewToOwnedAny(ByteArrayPtr long)", [](TVMFFIAny* o) {
                   TVMFFIAny v = NoneAny();
                   v.type_index = kTVMFFIByteArrayPtr;
                   v.v_ptr = &long_bytes;
                   return TVMFFIAnyViewToOwnedAny(&v, o);
                 }});
  out.push_back({"AnyViewToOwnedAny(ObjectRValueRef)", [](TVMFFIAny* o) {
                   TVMFFIObjectHandle fn = nullptr;
                   if (TVMFFIFunctionCreate(nullptr, NoopCall, nullptr, &fn) != 0) return -1;
                   TVMFFIAny v = NoneAny();
                   v.type_index = kTVMFFIObjectRValueRef;
                   v.v_ptr = &fn;
                   return TVMFFIAnyViewToOwnedAny(&v, o);
                 }});
  return out;
}

// True for the kinds whose payload is an object pointer.
bool IsObject(int32_t type_index) { return type_index >= kTVMFFIStaticObjectBegin; }

// ---------------------------------------------------------------------------
// §2.2 kinds
// ---------------------------------------------------------------------------

// SPEC: ANY-POD-VS-OBJECT, ANY-OBJECT-NONNULL, ANY-VIEW-ONLY-KINDS, ANY-ANY-INDEX
TEST(AnyProducers, EveryOwnedValueIsAPodOrALiveObjectWhoseHeaderIndexMatchesAndNeverAViewKind) {
  for (const Producer& p : AllProducers()) {
    SCOPED_TRACE(p.what);
    TVMFFIAny out = Garbage();
    ASSERT_EQ(p.make(&out), 0) << TakeRaisedDescription();
    EXPECT_NE(out.type_index, kTVMFFIAny);
    EXPECT_NE(out.type_index, kTVMFFIRawStr);
    EXPECT_NE(out.type_index, kTVMFFIByteArrayPtr);
    EXPECT_NE(out.type_index, kTVMFFIObjectRValueRef);
    EXPECT_GE(out.type_index, 0);
    if (IsObject(out.type_index)) {
      ASSERT_NE(out.v_obj, nullptr);
      EXPECT_EQ(out.v_obj->type_index, out.type_index) << "value index must equal header index";
      EXPECT_EQ(StrongCount(out.v_obj), 1u) << "the owned value holds the only reference";
    } else {
      EXPECT_LT(out.type_index, kTVMFFIStaticObjectBegin);
    }
    ReleaseAny(&out);
  }
}

// SPEC: ANY-POD-VS-OBJECT
TEST(AnyPodVsObject, PodViewsPointingAtObjectHeadersAreCopiedWithoutTouchingAnyCount) {
  // A pointer payload under a POD index is just bits: even when it happens to
  // point at an object header, converting it must not add a reference.
  DeleterLog log;
  RecordingObject* obj = NewRecordingObject(&log);
  for (int32_t pod : {static_cast<int32_t>(kTVMFFIOpaquePtr),
                      static_cast<int32_t>(kTVMFFIDLTensorPtr)}) {
    SCOPED_TRACE(pod);
    TVMFFIAny view = NoneAny();
    view.type_index = pod;
    view.v_ptr = obj;
    TVMFFIAny owned = Garbage();
    ASSERT_EQ(TVMFFIAnyViewToOwnedAny(&view, &owned), 0);
    EXPECT_TRUE(SameBytes(owned, view));
    EXPECT_EQ(CombinedCount(obj), kFreshCount) << "POD kinds are not ref-counted";
  }
  // The same pointer under its object index is ref-counted, at any index >= 64.
  for (int32_t index : {static_cast<int32_t>(kTVMFFIObject), static_cast<int32_t>(kTVMFFIDynObjectBegin + 7)}) {
    obj->header.type_index = index;
    TVMFFIAny view = ObjectAny(obj);
    TVMFFIAny owned = Garbage();
    ASSERT_EQ(TVMFFIAnyViewToOwnedAny(&view, &owned), 0);
    EXPECT_EQ(StrongCount(obj), 2u) << "index " << index;
    ReleaseAny(&owned);
    EXPECT_EQ(StrongCount(obj), 1u);
  }
  EXPECT_TRUE(log.Snapshot().empty());
  TVMFFIObjectDecRef(obj);
  EXPECT_EQ(log.Snapshot(), std::vector<int>{kTVMFFIObjectDeleterFlagBitMaskBoth});
}

// SPEC: ANY-OBJECT-NONNULL, EXT-NULL-ARGS
TEST(AnyObjectNonNull, ObjectKindViewWithNullPointerIsRejectedWithValueErrorAndOutUntouched) {
  for (int32_t index : {static_cast<int32_t>(kTVMFFIObject), static_cast<int32_t>(kTVMFFIStr),
                        static_cast<int32_t>(kTVMFFIFunction), static_cast<int32_t>(kTVMFFITensor)}) {
    SCOPED_TRACE(index);
    TVMFFIAny view = NoneAny();
    view.type_index = index;
    view.v_obj = nullptr;
    TVMFFIAny out = IntAny(5);
    EXPECT_EQ(TVMFFIAnyViewToOwnedAny(&view, &out), -1)
        << "an object-typed value must not have a NULL v_obj; the runtime must not produce one";
    EXPECT_RAISED("ValueError", "TVMFFIAnyViewToOwnedAny");
    EXPECT_EQ(out.type_index, kTVMFFIInt);
    EXPECT_EQ(out.v_int64, 5);
  }
}

// SPEC: ANY-ANY-INDEX
TEST(AnyAnyIndex, ViewWithTypeIndexMinusOneIsRejectedWithTypeErrorAndNeverBecomesAValue) {
  TVMFFIAny view = NoneAny();
  view.type_index = kTVMFFIAny;
  view.v_int64 = 7;
  TVMFFIAny out = IntAny(5);
  EXPECT_EQ(TVMFFIAnyViewToOwnedAny(&view, &out), -1);
  EXPECT_RAISED("TypeError", "TVMFFIAnyViewToOwnedAny");
  EXPECT_EQ(out.type_index, kTVMFFIInt) << "out unchanged";
  // A type attribute value is converted the same way: -1 never lands in a column.
  TVMFFIByteArray key = ByteArray("test.any.any_index.T");
  int32_t t = TVMFFITypeGetOrAllocIndex(&key, -1, 1, 0, 1, kTVMFFIObject);
  ASSERT_GE(t, kTVMFFIDynObjectBegin);
  TVMFFIByteArray attr = ByteArray("__test_any_any_index__");
  EXPECT_EQ(TVMFFITypeRegisterAttr(t, &attr, &view), -1);
  EXPECT_RAISED("TypeError", "");
  const TVMFFITypeAttrColumn* col = TVMFFIGetTypeAttrColumn(&attr);
  if (col != nullptr && t < col->size) {
    EXPECT_NE(col->data[t].type_index, kTVMFFIAny);
  }
}

// SPEC: ANY-VIEW-ONLY-KINDS
TEST(AnyViewOnlyKinds, TypeAttributeGivenAsRawStrByteArrayOrRValueRefIsStoredAsAnOwnedValue) {
  TVMFFIByteArray attr = ByteArray("__test_any_view_only_kinds__");
  struct Case {
    const char* key;
    std::function<TVMFFIAny()> view;
    int32_t small_or_object_index;
  };
  static std::string raw_storage = "raw string attribute, on the heap";
  static TVMFFIByteArray bytes = ByteArray("bytes!");
  static TVMFFIObjectHandle moved = nullptr;
  std::vector<Case> cases = {
      {"test.any.view_only.RawStr", [] { return RawStrAny(raw_storage.c_str()); }, kTVMFFIStr},
      {"test.any.view_only.ByteArrayPtr",
       [] {
         TVMFFIAny v = NoneAny();
         v.type_index = kTVMFFIByteArrayPtr;
         v.v_ptr = &bytes;
         return v;
       },
       kTVMFFISmallBytes},
      {"test.any.view_only.RValueRef",
       [] {
         moved = MakeHeapString("an object moved into the column");
         TVMFFIAny v = NoneAny();
         v.type_index = kTVMFFIObjectRValueRef;
         v.v_ptr = &moved;
         return v;
       },
       kTVMFFIStr},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.key);
    TVMFFIByteArray key = ByteArray(c.key);
    int32_t t = TVMFFITypeGetOrAllocIndex(&key, -1, 1, 0, 1, kTVMFFIObject);
    ASSERT_GE(t, kTVMFFIDynObjectBegin);
    const TVMFFITypeAttrColumn* col = TVMFFIGetTypeAttrColumn(&attr);
    if (col != nullptr && t < col->size && col->data[t].type_index != kTVMFFINone) continue;
    TVMFFIAny view = c.view();
    ASSERT_EQ(TVMFFITypeRegisterAttr(t, &attr, &view), 0) << TakeRaisedDescription();
    col = TVMFFIGetTypeAttrColumn(&attr);
    ASSERT_NE(col, nullptr);
    ASSERT_LT(t - col->begin_index, col->size);
    const TVMFFIAny& stored = col->data[t - col->begin_index];
    EXPECT_EQ(stored.type_index, c.small_or_object_index);
    if (IsObject(stored.type_index)) {
      EXPECT_EQ(stored.v_obj->type_index, stored.type_index);
    }
  }
  EXPECT_EQ(moved, nullptr) << "the RValueRef slot was moved from";
  // The RawStr entry owns its text: changing the caller's buffer changes nothing.
  raw_storage.assign(raw_storage.size(), 'X');
  TVMFFIByteArray key = ByteArray("test.any.view_only.RawStr");
  int32_t t = -1;
  ASSERT_EQ(TVMFFITypeKeyToIndex(&key, &t), 0);
  const TVMFFITypeAttrColumn* col = TVMFFIGetTypeAttrColumn(&attr);
  ASSERT_NE(col, nullptr);
  EXPECT_EQ(StringContent(col->data[t - col->begin_index]), "raw string attribute, on the heap");
}

// SPEC: ANY-NONE
TEST(AnyNone, UnsetEntriesOfATypeAttributeColumnAreNoneWithAllSixteenBytesZero) {
  TVMFFIByteArray attr = ByteArray("__test_any_none_column__");
  TVMFFIByteArray key = ByteArray("test.any.none.T");
  int32_t t = TVMFFITypeGetOrAllocIndex(&key, -1, 1, 0, 1, kTVMFFIObject);
  ASSERT_GE(t, kTVMFFIDynObjectBegin);
  TVMFFIAny v = IntAny(1);
  const TVMFFITypeAttrColumn* col = TVMFFIGetTypeAttrColumn(&attr);
  if (col == nullptr || t >= col->size || col->data[t].type_index == kTVMFFINone) {
    ASSERT_EQ(TVMFFITypeRegisterAttr(t, &attr, &v), 0);
  }
  col = TVMFFIGetTypeAttrColumn(&attr);
  ASSERT_NE(col, nullptr);
  ASSERT_GT(col->size, t);
  TVMFFIAny zero;
  std::memset(&zero, 0, sizeof(zero));
  int checked = 0;
  for (int32_t i = 0; i < col->size; ++i) {
    if (i == t) continue;
    EXPECT_TRUE(SameBytes(col->data[i], zero)) << "entry " << i << " is not an all-zero None";
    ++checked;
  }
  EXPECT_GT(checked, 64);
}

// SPEC: ANY-NONE
TEST(AnyNone, NoneViewConvertsToAnAllZeroNone) {
  TVMFFIAny view = NoneAny();
  TVMFFIAny out = Garbage();
  ASSERT_EQ(TVMFFIAnyViewToOwnedAny(&view, &out), 0);
  TVMFFIAny zero;
  std::memset(&zero, 0, sizeof(zero));
  EXPECT_TRUE(SameBytes(out, zero));
}

// SPEC: ANY-BOOL, ANY-ZERO-PADDING
TEST(AnyBool, BoolResultsOfRuntimeGlobalsAreExactlyZeroOrOneWithZeroPadding) {
  TVMFFIObjectHandle fn = nullptr;
  ASSERT_EQ(TVMFFIFunctionCreate(nullptr, NoopCall, nullptr, &fn), 0);
  std::string name = PerIteration("test.any.bool.removable");
  TVMFFIByteArray key = ByteArray(name);
  ASSERT_EQ(TVMFFIFunctionSetGlobal(&key, fn, 1), 0);
  TVMFFIObjectDecRef(fn);
  TVMFFIAny removed = CallGlobal("ffi.FunctionRemoveGlobal", {RawStrAny(name.c_str())});
  TVMFFIAny missing = CallGlobal("ffi.FunctionRemoveGlobal", {RawStrAny(name.c_str())});
  TVMFFIAny expect_true = BoolAny(true), expect_false = BoolAny(false);
  EXPECT_TRUE(SameBytes(removed, expect_true))
      << "type " << removed.type_index << " payload " << removed.v_int64;
  EXPECT_TRUE(SameBytes(missing, expect_false))
      << "type " << missing.type_index << " payload " << missing.v_int64;
}

// ---------------------------------------------------------------------------
// §2.3 zero padding and byte equality
// ---------------------------------------------------------------------------

// SPEC: ANY-ZERO-PADDING, STR-SMALL-ZERO
TEST(AnyZeroPadding, ProducersZeroThePaddingWordAndEveryPayloadByteTheKindDoesNotUse) {
  for (const Producer& p : AllProducers()) {
    SCOPED_TRACE(p.what);
    TVMFFIAny out = Garbage();
    ASSERT_EQ(p.make(&out), 0) << TakeRaisedDescription();
    const unsigned char* raw = reinterpret_cast<const unsigned char*>(&out);
    if (out.type_index == kTVMFFISmallStr || out.type_index == kTVMFFISmallBytes) {
      ASSERT_LE(out.small_str_len, 7u);
      for (size_t i = 8 + out.small_str_len; i < 16; ++i) {
        EXPECT_EQ(raw[i], 0) << "byte " << i << " after the small content";
      }
    } else {
      EXPECT_EQ(out.zero_padding, 0u);
      if (sizeof(void*) == 4 && IsObject(out.type_index)) {
        for (size_t i = 12; i < 16; ++i) EXPECT_EQ(raw[i], 0);
      }
    }
    ReleaseAny(&out);
  }
}

// SPEC: ANY-BYTE-EQUALITY, STR-SMALL, BIGINT-CANONICAL
TEST(AnyByteEquality, EqualValuesProducedDifferentWaysAreIdenticalInAllSixteenBytes) {
  // Strings of <= 7 bytes: the same 16 bytes whichever producer made them.
  TVMFFIByteArray abc = ByteArray("abc");
  TVMFFIAny a = Garbage(), b, c = Garbage(), d = Garbage();
  std::memset(&b, 0x11, sizeof(b));
  ASSERT_EQ(TVMFFIStringFromByteArray(&abc, &a), 0);
  ASSERT_EQ(TVMFFIStringFromByteArray(&abc, &b), 0);
  TVMFFIAny raw = RawStrAny("abc");
  ASSERT_EQ(TVMFFIAnyViewToOwnedAny(&raw, &c), 0);
  d = CallGlobal("ffi.String", {RawStrAny("abc")});
  EXPECT_TRUE(SameBytes(a, b));
  EXPECT_TRUE(SameBytes(a, c));
  EXPECT_TRUE(SameBytes(a, d));
  // Bytes likewise, and different from the String with the same content.
  TVMFFIAny e = Garbage(), f = Garbage();
  ASSERT_EQ(TVMFFIBytesFromByteArray(&abc, &e), 0);
  TVMFFIAny bview = NoneAny();
  bview.type_index = kTVMFFIByteArrayPtr;
  bview.v_ptr = &abc;
  ASSERT_EQ(TVMFFIAnyViewToOwnedAny(&bview, &f), 0);
  EXPECT_TRUE(SameBytes(e, f));
  EXPECT_FALSE(SameBytes(a, e));
  // Integers: every encoding of 5 (1, 2 or 3 words) is the same Int value.
  const int64_t one[1] = {5};
  const int64_t two[2] = {5, 0};
  const int64_t three[3] = {5, 0, 0};
  TVMFFIAny i1 = Garbage(), i2, i3 = Garbage();
  std::memset(&i2, 0x77, sizeof(i2));
  TVMFFIByteArray in1{reinterpret_cast<const char*>(one), 8};
  TVMFFIByteArray in2{reinterpret_cast<const char*>(two), 16};
  TVMFFIByteArray in3{reinterpret_cast<const char*>(three), 24};
  ASSERT_EQ(TVMFFIBigIntFromByteArray(&in1, &i1), 0);
  ASSERT_EQ(TVMFFIBigIntFromByteArray(&in2, &i2), 0);
  ASSERT_EQ(TVMFFIBigIntFromByteArray(&in3, &i3), 0);
  TVMFFIAny five = IntAny(5);
  EXPECT_TRUE(SameBytes(i1, five));
  EXPECT_TRUE(SameBytes(i2, five));
  EXPECT_TRUE(SameBytes(i3, five));
  // Empty input is the canonical 0.
  TVMFFIByteArray empty{nullptr, 0};
  TVMFFIAny z = Garbage();
  ASSERT_EQ(TVMFFIBigIntFromByteArray(&empty, &z), 0);
  TVMFFIAny zero = IntAny(0);
  EXPECT_TRUE(SameBytes(z, zero));
}

// ---------------------------------------------------------------------------
// §7 strings
// ---------------------------------------------------------------------------

// SPEC: STR-SMALL-ZERO
TEST(StringSmallZero, SevenByteValueFillsAllEightPayloadBytesWithTheNulLast) {
  for (auto make : {TVMFFIStringFromByteArray, TVMFFIBytesFromByteArray}) {
    TVMFFIByteArray in = ByteArray("1234567");
    TVMFFIAny out = Garbage();
    ASSERT_EQ(make(&in, &out), 0);
    EXPECT_EQ(out.small_str_len, 7u);
    EXPECT_EQ(std::memcmp(out.v_bytes, "1234567", 8), 0) << "7 bytes then the NUL";
    for (size_t n = 0; n < 7; ++n) {
      TVMFFIByteArray part{"abcdefg", n};
      TVMFFIAny o = Garbage();
      ASSERT_EQ(make(&part, &o), 0);
      EXPECT_EQ(o.small_str_len, n);
      EXPECT_EQ(o.v_bytes[n], '\0') << "the byte after the content is NUL";
      for (size_t i = n; i < 8; ++i) EXPECT_EQ(o.v_bytes[i], '\0') << "length " << n;
    }
  }
}

// SPEC: STR-HEAP-NUL, STR-HEAP
TEST(StringHeapNul, EveryHeapStringOrBytesTheRuntimeMakesHasANulAfterItsContent) {
  for (const Producer& p : AllProducers()) {
    TVMFFIAny out = Garbage();
    ASSERT_EQ(p.make(&out), 0) << p.what;
    if (out.type_index != kTVMFFIStr && out.type_index != kTVMFFIBytes) {
      ReleaseAny(&out);
      continue;
    }
    SCOPED_TRACE(p.what);
    const TVMFFIByteArray* cell = TVMFFIBytesGetByteArrayPtr(out.v_obj);
    ASSERT_NE(cell->data, nullptr);
    EXPECT_GE(cell->size, 8u);
    EXPECT_EQ(cell->data[cell->size], '\0');
    EXPECT_EQ(std::strlen(cell->data), cell->size) << "usable as a C string";
    ReleaseAny(&out);
  }
}

// SPEC: STR-FROM-BYTEARRAY, EXT-NULL-ARGS
TEST(StringFromByteArray, NullDataWithNonZeroSizeIsValueErrorAndNullDataWithZeroSizeIsEmpty) {
  for (auto make : {TVMFFIStringFromByteArray, TVMFFIBytesFromByteArray}) {
    TVMFFIByteArray bad{nullptr, 5};
    TVMFFIAny out = IntAny(3);
    EXPECT_EQ(make(&bad, &out), -1);
    EXPECT_RAISED("ValueError", "`input->data`");
    EXPECT_EQ(out.type_index, kTVMFFIInt) << "out unchanged";
    EXPECT_EQ(out.v_int64, 3);
    TVMFFIByteArray empty{nullptr, 0};
    TVMFFIAny e = Garbage();
    ASSERT_EQ(make(&empty, &e), 0);
    EXPECT_TRUE(e.type_index == kTVMFFISmallStr || e.type_index == kTVMFFISmallBytes);
    EXPECT_EQ(e.small_str_len, 0u);
    EXPECT_EQ(e.v_uint64, 0u);
  }
  // The String/Bytes flavour follows the function, at both sizes.
  TVMFFIByteArray s = ByteArray("xy"), l = ByteArray("0123456789");
  TVMFFIAny o = NoneAny();
  ASSERT_EQ(TVMFFIStringFromByteArray(&s, &o), 0);
  EXPECT_EQ(o.type_index, kTVMFFISmallStr);
  ASSERT_EQ(TVMFFIBytesFromByteArray(&s, &o), 0);
  EXPECT_EQ(o.type_index, kTVMFFISmallBytes);
  ASSERT_EQ(TVMFFIStringFromByteArray(&l, &o), 0);
  EXPECT_EQ(o.type_index, kTVMFFIStr);
  ReleaseAny(&o);
  ASSERT_EQ(TVMFFIBytesFromByteArray(&l, &o), 0);
  EXPECT_EQ(o.type_index, kTVMFFIBytes);
  ReleaseAny(&o);
}

// SPEC: STR-ENCODING
TEST(StringEncoding, InvalidUtf8AndEmbeddedNulsAreCarriedUnchangedInSmallAndHeapStrings) {
  const std::string small("\xff\x00\xc0", 3);
  const std::string heap("\xff\xfe\x00\x80\xc3\x28\xed\xa0\x80\x00z", 11);
  for (const std::string& text : {small, heap}) {
    TVMFFIByteArray in = ByteArray(text);
    TVMFFIAny out = NoneAny();
    ASSERT_EQ(TVMFFIStringFromByteArray(&in, &out), 0) << "no UTF-8 validation";
    EXPECT_EQ(out.type_index, text.size() <= 7 ? kTVMFFISmallStr : kTVMFFIStr);
    EXPECT_EQ(StringContent(out), text);
    ReleaseAny(&out);
  }
}

}  // namespace
