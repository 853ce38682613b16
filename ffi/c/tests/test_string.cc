// ffi/c/tests/test_string.cc: the small-string rule, heap String/Bytes
// layout, and BigInt encoding.
#include <gtest/gtest.h>
#include <tvm/ffi/c_api.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "test_helpers.h"

namespace {

using namespace tvm_ffi_test;

using MakeFn = int (*)(const TVMFFIByteArray*, TVMFFIAny*);

struct Flavor {
  const char* name;
  MakeFn make;
  int32_t small_index;
  int32_t heap_index;
};
const Flavor kFlavors[] = {
    {"String", TVMFFIStringFromByteArray, kTVMFFISmallStr, kTVMFFIStr},
    {"Bytes", TVMFFIBytesFromByteArray, kTVMFFISmallBytes, kTVMFFIBytes},
};

std::string Pattern(size_t n) {
  std::string s(n, '\0');
  for (size_t i = 0; i < n; ++i) s[i] = static_cast<char>('a' + (i * 7) % 26);
  return s;
}

// Checks an owned small value: bytes in v_bytes, then NUL, then zeros.
void ExpectSmall(const TVMFFIAny& v, int32_t small_index, const std::string& content) {
  ASSERT_EQ(v.type_index, small_index);
  ASSERT_EQ(v.small_str_len, content.size());
  ASSERT_LE(content.size(), 7u);
  EXPECT_EQ(std::memcmp(v.v_bytes, content.data(), content.size()), 0);
  for (size_t i = content.size(); i < 8; ++i) {
    EXPECT_EQ(v.v_bytes[i], '\0') << "byte " << i << " after the content must be zero";
  }
}

// Checks an owned heap value: {data, size} at +24, content, NUL-terminated.
void ExpectHeap(const TVMFFIAny& v, int32_t heap_index, const std::string& content) {
  ASSERT_EQ(v.type_index, heap_index);
  ASSERT_NE(v.v_obj, nullptr);
  EXPECT_EQ(v.zero_padding, 0u);
  EXPECT_EQ(TypeIndexOf(v.v_obj), heap_index);
  EXPECT_EQ(CombinedCount(v.v_obj), kFreshCount);
  const TVMFFIByteArray* cell =
      reinterpret_cast<const TVMFFIByteArray*>(reinterpret_cast<const char*>(v.v_obj) + 24);
  EXPECT_EQ(cell, TVMFFIBytesGetByteArrayPtr(v.v_obj));
  ASSERT_EQ(cell->size, content.size());
  ASSERT_NE(cell->data, nullptr);
  EXPECT_EQ(std::memcmp(cell->data, content.data(), content.size()), 0);
  EXPECT_EQ(cell->data[cell->size], '\0') << "heap content is NUL-terminated";
}

// ---------------------------------------------------------------------------
// Small and heap strings
// ---------------------------------------------------------------------------

// SPEC: STR-SMALL, STR-SMALL-ZERO, STR-FROM-BYTEARRAY
TEST(StringSmall, LengthsZeroOneAndSevenBecomeInlineSmallValuesWithNulAndZeroedTail) {
  for (const Flavor& f : kFlavors) {
    for (size_t n : {0, 1, 7}) {
      SCOPED_TRACE(std::string(f.name) + " length " + std::to_string(n));
      std::string content = Pattern(n);
      TVMFFIByteArray in = ByteArray(content);
      TVMFFIAny out;
      std::memset(&out, 0xCD, sizeof(out));  // garbage that must be fully overwritten
      ASSERT_EQ(f.make(&in, &out), 0);
      ExpectSmall(out, f.small_index, content);
      EXPECT_EQ(StringContent(out), content);
    }
  }
}

// SPEC: STR-HEAP, STR-HEAP-NUL, STR-FROM-BYTEARRAY
TEST(StringHeap, LengthsEightAndOneMebibyteBecomeHeapObjectsWithNulTerminatedCell) {
  for (const Flavor& f : kFlavors) {
    for (size_t n : {size_t{8}, size_t{9}, size_t{1} << 20}) {
      SCOPED_TRACE(std::string(f.name) + " length " + std::to_string(n));
      std::string content = Pattern(n);
      TVMFFIByteArray in = ByteArray(content);
      TVMFFIAny out = NoneAny();
      ASSERT_EQ(f.make(&in, &out), 0);
      ExpectHeap(out, f.heap_index, content);
      EXPECT_NE(TVMFFIBytesGetByteArrayPtr(out.v_obj)->data, content.data()) << "copied";
      ReleaseAny(&out);
    }
  }
}

// SPEC: STR-SMALL, STR-ENCODING
TEST(StringSmall, EmbeddedNulIsPreservedInSmallValues) {
  const std::string content("a\0b\0", 4);
  for (const Flavor& f : kFlavors) {
    SCOPED_TRACE(f.name);
    TVMFFIByteArray in = ByteArray(content);
    TVMFFIAny out = NoneAny();
    ASSERT_EQ(f.make(&in, &out), 0);
    ExpectSmall(out, f.small_index, content);
  }
}

// SPEC: STR-HEAP, STR-ENCODING, STR-HEAP-NUL
TEST(StringHeap, EmbeddedNulIsPreservedInHeapValues) {
  const std::string content("abc\0defgh\0ijklmnop", 18);
  for (const Flavor& f : kFlavors) {
    SCOPED_TRACE(f.name);
    TVMFFIByteArray in = ByteArray(content);
    TVMFFIAny out = NoneAny();
    ASSERT_EQ(f.make(&in, &out), 0);
    ExpectHeap(out, f.heap_index, content);
    EXPECT_EQ(StringContent(out), content);
    ReleaseAny(&out);
  }
}

// SPEC: STR-SMALL, STR-FROM-BYTEARRAY
TEST(StringSmall, EmptyInputWithNullDataBecomesEmptySmallValue) {
  for (const Flavor& f : kFlavors) {
    SCOPED_TRACE(f.name);
    TVMFFIByteArray in{nullptr, 0};
    TVMFFIAny out = NoneAny();
    ASSERT_EQ(f.make(&in, &out), 0);
    ExpectSmall(out, f.small_index, "");
  }
}

// SPEC: EXT-NULL-ARGS
TEST(StringBadInput, NullInputReturnsMinusOneWithValueError) {
  for (const Flavor& f : kFlavors) {
    SCOPED_TRACE(f.name);
    TVMFFIAny out = IntAny(5);
    EXPECT_EQ(f.make(nullptr, &out), -1);
    EXPECT_RAISED("ValueError", "");
    EXPECT_EQ(out.type_index, kTVMFFIInt) << "output untouched";
  }
}

// SPEC: EXT-NULL-ARGS
TEST(StringBadInput, NullOutputReturnsMinusOneWithValueError) {
  for (const Flavor& f : kFlavors) {
    SCOPED_TRACE(f.name);
    TVMFFIByteArray in = ByteArray("abc");
    EXPECT_EQ(f.make(&in, nullptr), -1);
    EXPECT_RAISED("ValueError", "");
  }
}

// ---------------------------------------------------------------------------
// BigInt
// ---------------------------------------------------------------------------

std::vector<uint8_t> LE64(int64_t v) {
  std::vector<uint8_t> out(8);
  uint64_t u = static_cast<uint64_t>(v);
  for (int i = 0; i < 8; ++i) out[i] = static_cast<uint8_t>(u >> (8 * i));
  return out;
}

std::vector<uint8_t> Concat(std::vector<uint8_t> a, const std::vector<uint8_t>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

int BigIntFrom(const std::vector<uint8_t>& bytes, TVMFFIAny* out) {
  TVMFFIByteArray in{reinterpret_cast<const char*>(bytes.data()), bytes.size()};
  return TVMFFIBigIntFromByteArray(&in, out);
}

std::vector<uint8_t> Content(const TVMFFIAny& v) {
  TVMFFIByteArray c = TVMFFIBigIntGetContentByteArray(&v);
  const uint8_t* p = reinterpret_cast<const uint8_t*>(c.data);
  return std::vector<uint8_t>(p, p + c.size);
}

// SPEC: BIGINT-CANONICAL, BIGINT-FROM-BYTES
TEST(BigInt, WholeWordValuesThatFitInInt64BecomeInt) {
  const int64_t values[] = {0, 5, -1, 1, INT64_MAX, INT64_MIN, -123456789};
  for (int64_t v : values) {
    SCOPED_TRACE("value " + std::to_string(v));
    TVMFFIAny out = NoneAny();
    ASSERT_EQ(BigIntFrom(LE64(v), &out), 0);
    EXPECT_EQ(out.type_index, kTVMFFIInt);
    EXPECT_EQ(out.v_int64, v);
  }
}

// SPEC: BIGINT-CANONICAL, BIGINT-FROM-BYTES
TEST(BigInt, NonMinimalSixteenAndThirtyTwoByteEncodingsOfSmallValuesBecomeInt) {
  const std::vector<uint8_t> zero8(8, 0x00), ones8(8, 0xff);
  struct Case {
    std::vector<uint8_t> bytes;
    int64_t expect;
  } cases[] = {
      {Concat(LE64(5), zero8), 5},
      {Concat(LE64(-1), ones8), -1},
      {Concat(LE64(INT64_MIN), ones8), INT64_MIN},
      {Concat(LE64(INT64_MAX), zero8), INT64_MAX},
      {Concat(Concat(Concat(LE64(7), zero8), zero8), zero8), 7},
      {Concat(Concat(Concat(LE64(-7), ones8), ones8), ones8), -7},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE("expect " + std::to_string(c.expect) + " from " + std::to_string(c.bytes.size()) +
                 " bytes");
    TVMFFIAny out = NoneAny();
    ASSERT_EQ(BigIntFrom(c.bytes, &out), 0);
    EXPECT_EQ(out.type_index, kTVMFFIInt);
    EXPECT_EQ(out.v_int64, c.expect);
  }
}

// SPEC: BIGINT-CANONICAL, BIGINT-FROM-BYTES
TEST(BigInt, EmptyInputIsZero) {
  TVMFFIAny out = NoneAny();
  TVMFFIByteArray in{nullptr, 0};
  ASSERT_EQ(TVMFFIBigIntFromByteArray(&in, &out), 0);
  EXPECT_EQ(out.type_index, kTVMFFIInt);
  EXPECT_EQ(out.v_int64, 0);
}

// SPEC: BIGINT-CANONICAL, BIGINT-FROM-BYTES
TEST(BigInt, InputLengthNotAMultipleOfEightReturnsMinusOneWithValueError) {
  // c_api.h: the input is whole 64-bit words (same as the reference runtime).
  for (size_t n : {1, 2, 7, 9, 15, 17}) {
    SCOPED_TRACE("length " + std::to_string(n));
    std::vector<uint8_t> bytes(n, 0x01);
    TVMFFIAny out = IntAny(3);
    EXPECT_EQ(BigIntFrom(bytes, &out), -1);
    EXPECT_RAISED("ValueError", "");
    EXPECT_EQ(out.type_index, kTVMFFIInt) << "output untouched";
    EXPECT_EQ(out.v_int64, 3);
  }
}

// SPEC: BIGINT-CANONICAL, BIGINT-LAYOUT, BIGINT-FROM-BYTES, BIGINT-CONTENT
TEST(BigInt, ValuesBeyondInt64BecomeBigIntWithMinimalTwosComplementWords) {
  // Expected contents measured on the reference runtime (0.1.15.post2):
  // minimal number of little-endian 64-bit words, two's complement.
  const std::vector<uint8_t> zero8(8, 0x00), ones8(8, 0xff);
  struct Case {
    const char* label;
    std::vector<uint8_t> input;
    std::vector<uint8_t> content;
  } cases[] = {
      {"2^64", Concat(LE64(0), LE64(1)), Concat(LE64(0), LE64(1))},
      {"-2^64", Concat(LE64(0), LE64(-1)), Concat(LE64(0), LE64(-1))},
      {"2^63", Concat(LE64(INT64_MIN), zero8), Concat(LE64(INT64_MIN), zero8)},
      {"-2^63-1", Concat(LE64(INT64_MAX), ones8), Concat(LE64(INT64_MAX), ones8)},
      {"2^127-1", Concat(LE64(-1), LE64(INT64_MAX)), Concat(LE64(-1), LE64(INT64_MAX))},
      {"-2^127", Concat(zero8, LE64(INT64_MIN)), Concat(zero8, LE64(INT64_MIN))},
      // Non-minimal inputs are trimmed to the minimal form.
      {"2^64 in 4 words", Concat(Concat(Concat(LE64(0), LE64(1)), zero8), zero8),
       Concat(LE64(0), LE64(1))},
      {"-2^64 in 4 words", Concat(Concat(Concat(LE64(0), LE64(-1)), ones8), ones8),
       Concat(LE64(0), LE64(-1))},
      {"-2^127 in 3 words", Concat(Concat(zero8, LE64(INT64_MIN)), ones8),
       Concat(zero8, LE64(INT64_MIN))},
      {"2^128", Concat(Concat(zero8, zero8), LE64(1)), Concat(Concat(zero8, zero8), LE64(1))},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.label);
    TVMFFIAny out = NoneAny();
    ASSERT_EQ(BigIntFrom(c.input, &out), 0);
    ASSERT_EQ(out.type_index, kTVMFFIBigInt);
    ASSERT_NE(out.v_obj, nullptr);
    EXPECT_EQ(TypeIndexOf(out.v_obj), kTVMFFIBigInt);
    EXPECT_EQ(CombinedCount(out.v_obj), kFreshCount);
    EXPECT_EQ(Content(out), c.content);
    // Layout {TVMFFIObject; size_t nwords; int64_t words[]}.
    const char* base = reinterpret_cast<const char*>(out.v_obj);
    EXPECT_EQ(*reinterpret_cast<const size_t*>(base + 24), c.content.size() / 8);
    EXPECT_EQ(std::memcmp(base + 32, c.content.data(), c.content.size()), 0);
    // Round trip: the content parses back to an equal BigInt.
    TVMFFIAny again = NoneAny();
    ASSERT_EQ(BigIntFrom(Content(out), &again), 0);
    ASSERT_EQ(again.type_index, kTVMFFIBigInt);
    EXPECT_EQ(Content(again), c.content);
    ReleaseAny(&again);
    ReleaseAny(&out);
  }
}

// SPEC: BIGINT-CANONICAL, BIGINT-CONTENT
TEST(BigInt, GetContentOfAnIntIsTheEightBytesInsideTheValue) {
  TVMFFIAny v = IntAny(-2);
  TVMFFIByteArray c = TVMFFIBigIntGetContentByteArray(&v);
  EXPECT_EQ(c.data, reinterpret_cast<const char*>(&v.v_int64));
  ASSERT_EQ(c.size, 8u);
  EXPECT_EQ(std::vector<uint8_t>(c.data, c.data + 8), LE64(-2));
}

// SPEC: BIGINT-CANONICAL, BIGINT-CONTENT, EXT-NON-INT-RETURNS
TEST(BigInt, GetContentOfValuesThatAreNeitherBigIntNorIntIsNullAndZero) {
  TVMFFIAny str = MakeStringAny("a heap string value, not a BigInt");
  const TVMFFIAny values[] = {NoneAny(), BoolAny(true), FloatAny(1.0), MakeStringAny("small"),
                              str};
  for (const TVMFFIAny& v : values) {
    SCOPED_TRACE("type_index " + std::to_string(v.type_index));
    TVMFFIByteArray c = TVMFFIBigIntGetContentByteArray(&v);
    EXPECT_EQ(c.data, nullptr);
    EXPECT_EQ(c.size, 0u);
  }
  ReleaseAny(&str);
}

// SPEC: EXT-NULL-ARGS
TEST(BigInt, NullInputReturnsMinusOneWithValueError) {
  TVMFFIAny out = IntAny(3);
  EXPECT_EQ(TVMFFIBigIntFromByteArray(nullptr, &out), -1);
  EXPECT_RAISED("ValueError", "");
  EXPECT_EQ(out.type_index, kTVMFFIInt);
  EXPECT_EQ(out.v_int64, 3);
}

// SPEC: BIGINT-CONTENT, BIGINT-LAYOUT, BIGINT-CANONICAL
TEST(BigInt, GetContentOfABigIntBorrowsTheWordsInsideTheObject) {
  // -2^70: three words would be redundant; the minimal form has two.
  const std::vector<uint8_t> input = Concat(Concat(LE64(0), LE64(-64)), LE64(-1));
  TVMFFIAny out = NoneAny();
  ASSERT_EQ(BigIntFrom(input, &out), 0);
  ASSERT_EQ(out.type_index, kTVMFFIBigInt);
  const char* base = reinterpret_cast<const char*>(out.v_obj);
  size_t nwords = *reinterpret_cast<const size_t*>(base + 24);
  EXPECT_EQ(nwords, 2u) << "minimal: nwords >= 2 and no redundant sign word";
  TVMFFIByteArray c = TVMFFIBigIntGetContentByteArray(&out);
  EXPECT_EQ(c.data, base + 32) << "borrowed: the words at +32, not a copy";
  EXPECT_EQ(c.size, 8 * nwords);
  const int64_t* words = reinterpret_cast<const int64_t*>(base + 32);
  EXPECT_EQ(words[0], 0) << "least significant word first";
  EXPECT_EQ(words[1], -64);
  EXPECT_EQ(TVMFFIBigIntGetContentByteArray(&out).data, c.data) << "same bytes every time";
  ReleaseAny(&out);
}

}  // namespace
