// ffi/c/tests/test_dtype.cc: DLDataType <-> string spellings, edge cases and errors.
#include <gtest/gtest.h>
#include <tvm/ffi/c_api.h>

#include <cstdint>
#include <cstring>
#include <string>

#include "test_helpers.h"

namespace {

using namespace tvm_ffi_test;

struct Parsed {
  uint8_t code;
  uint8_t bits;
  uint16_t lanes;
};

// Parses `text`; on failure the error stays raised for EXPECT_RAISED to check.
bool Parse(const std::string& text, DLDataType* out) {
  TVMFFIByteArray b = ByteArray(text);
  return TVMFFIDataTypeFromString(&b, out) == 0;
}

std::string Print(uint8_t code, uint8_t bits, uint16_t lanes) {
  DLDataType t;
  t.code = code;
  t.bits = bits;
  t.lanes = lanes;
  TVMFFIAny out = NoneAny();
  EXPECT_EQ(TVMFFIDataTypeToString(&t, &out), 0)
      << "code " << int(code) << " bits " << int(bits) << " lanes " << lanes;
  std::string text = StringContent(out);
  ReleaseAny(&out);
  return text;
}

uint16_t Scalable(int n) { return static_cast<uint16_t>(-n); }

// A text and the dtype it must parse to.
struct ParseCase {
  const char* text;
  Parsed want;
};

// Every case must parse, to exactly its code, bits and lanes.
template <size_t N>
void ExpectAllParse(const ParseCase (&cases)[N]) {
  for (const ParseCase& c : cases) {
    DLDataType t;
    ASSERT_TRUE(Parse(c.text, &t)) << c.text;
    EXPECT_EQ(t.code, c.want.code) << c.text;
    EXPECT_EQ(t.bits, c.want.bits) << c.text;
    EXPECT_EQ(t.lanes, c.want.lanes) << c.text;
  }
}

// ---------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------

// SPEC: DTYPE-PARSE
TEST(DataTypeFromString, CanonicalNamesParseToTheirCodeBitsAndLanes) {
  const ParseCase cases[] = {
      {"int8", {kDLInt, 8, 1}},
      {"int32", {kDLInt, 32, 1}},
      {"int64", {kDLInt, 64, 1}},
      {"uint1", {kDLUInt, 1, 1}},
      {"uint8", {kDLUInt, 8, 1}},
      {"float16", {kDLFloat, 16, 1}},
      {"float32", {kDLFloat, 32, 1}},
      {"float64", {kDLFloat, 64, 1}},
      {"bfloat16", {kDLBfloat, 16, 1}},
      {"bool", {kDLBool, 8, 1}},
      {"handle", {kDLOpaqueHandle, 64, 1}},
      {"float8_e3m4", {kDLFloat8_e3m4, 8, 1}},
      {"float8_e4m3", {kDLFloat8_e4m3, 8, 1}},
      {"float8_e4m3b11fnuz", {kDLFloat8_e4m3b11fnuz, 8, 1}},
      {"float8_e4m3fn", {kDLFloat8_e4m3fn, 8, 1}},
      {"float8_e4m3fnuz", {kDLFloat8_e4m3fnuz, 8, 1}},
      {"float8_e5m2", {kDLFloat8_e5m2, 8, 1}},
      {"float8_e5m2fnuz", {kDLFloat8_e5m2fnuz, 8, 1}},
      {"float8_e8m0fnu", {kDLFloat8_e8m0fnu, 8, 1}},
      {"float6_e2m3fn", {kDLFloat6_e2m3fn, 6, 1}},
      {"float6_e3m2fn", {kDLFloat6_e3m2fn, 6, 1}},
      {"float4_e2m1fn", {kDLFloat4_e2m1fn, 4, 1}},
      {"float32x4", {kDLFloat, 32, 4}},
      {"int8x16", {kDLInt, 8, 16}},
      {"boolx4", {kDLBool, 8, 4}},
      {"float4_e2m1fnx2", {kDLFloat4_e2m1fn, 4, 2}},
      {"float8_e5m2x4", {kDLFloat8_e5m2, 8, 4}},
      {"float32xvscalex4", {kDLFloat, 32, Scalable(4)}},
      {"bfloat16xvscalex8", {kDLBfloat, 16, Scalable(8)}},
  };
  ExpectAllParse(cases);
}

// SPEC: DTYPE-PARSE
TEST(DataTypeFromString, ShortFormsAndZeroBitsUseTheFamilyDefault) {
  const ParseCase cases[] = {
      {"int", {kDLInt, 32, 1}},          {"uint", {kDLUInt, 32, 1}},
      {"float", {kDLFloat, 32, 1}},      {"bfloat", {kDLBfloat, 16, 1}},
      {"int0", {kDLInt, 32, 1}},         {"bool0", {kDLBool, 8, 1}},
      {"handle0", {kDLOpaqueHandle, 64, 1}}, {"intx4", {kDLInt, 32, 4}},
      {"int08", {kDLInt, 8, 1}},         {"int32x04", {kDLInt, 32, 4}},
      {"int32x1", {kDLInt, 32, 1}},      {"bool1", {kDLBool, 1, 1}},
      {"handle32", {kDLOpaqueHandle, 32, 1}}, {"float8", {kDLFloat, 8, 1}},
      {"int32x65535", {kDLInt, 32, 65535}},
      {"float32xvscale", {kDLFloat, 32, 1}},
  };
  ExpectAllParse(cases);
}

// SPEC: DTYPE-PARSE
TEST(DataTypeFromString, Float4AcceptsTorchUnderscoreSpellingButOtherMiniFloatsDoNot) {
  DLDataType t;
  ASSERT_TRUE(Parse("float4_e2m1fn_x2", &t));
  EXPECT_EQ(t.code, kDLFloat4_e2m1fn);
  EXPECT_EQ(t.bits, 4);
  EXPECT_EQ(t.lanes, 2);
  ASSERT_TRUE(Parse("float4_e2m1fn_", &t));
  EXPECT_EQ(t.lanes, 1);
  EXPECT_FALSE(Parse("float4_e2m1fn_4", &t));
  EXPECT_RAISED("ValueError", "unknown dtype `float4_e2m1fn_4`");
  EXPECT_FALSE(Parse("float8_e4m3fn_x2", &t));
  EXPECT_RAISED("ValueError", "unknown float8 type `float8_e4m3fn_x2`");
}

// SPEC: DTYPE-PARSE
TEST(DataTypeFromString, VoidAndEmptyStringAreOpaqueHandleWithZeroBitsAndLanes) {
  for (const char* text : {"void", ""}) {
    DLDataType t;
    ASSERT_TRUE(Parse(text, &t)) << "'" << text << "'";
    EXPECT_EQ(t.code, kDLOpaqueHandle);
    EXPECT_EQ(t.bits, 0);
    EXPECT_EQ(t.lanes, 0);
  }
  // A NULL data pointer with size 0 is the empty string.
  TVMFFIByteArray empty{nullptr, 0};
  DLDataType t;
  ASSERT_EQ(TVMFFIDataTypeFromString(&empty, &t), 0);
  EXPECT_EQ(t.bits, 0);
}

// SPEC: DTYPE-PARSE, DTYPE-PARSE-ERRORS
TEST(DataTypeFromString, UnknownNamesAreValueErrorsQuotingTheString) {
  const char* bad[] = {"xyz",   "Int32",     " int32",   "int32 ", "complex64", "int+8",
                       "inty",  "int8x4x2",  "int32x4abc", "void8", "voidx2",  "float16_",
                       "float8e4m3", "float32xvscale4"};
  for (const char* text : bad) {
    DLDataType t;
    EXPECT_FALSE(Parse(text, &t)) << text;
    EXPECT_RAISED("ValueError", (std::string("unknown dtype `") + text + "`").c_str());
  }
}

// SPEC: DTYPE-PARSE, DTYPE-PARSE-ERRORS
TEST(DataTypeFromString, BadLanesAreValueErrorsNamingTheLanes) {
  const char* bad[] = {"int32x",  "int32x0",       "int8x-4",         "int32x+4",
                       "int32x 4", "int32xabc",    "float32xvscalex0", "float32xvscalex",
                       "float8_e4m3fnx", "float8_e4m3fnxvscalex0", "int32x0x4"};
  // "float8_e4m3fnxvscalex2" parses (SPEC DTYPE-PARSE, DTYPE-ROUNDTRIP; the reference rejects it).
  for (const char* text : bad) {
    DLDataType t;
    EXPECT_FALSE(Parse(text, &t)) << text;
    EXPECT_RAISED("ValueError", (std::string("Invalid lanes specification in dtype '") + text +
                                 "'. Lanes must be a positive integer.")
                                    .c_str());
  }
}

// SPEC: DTYPE-PARSE, DTYPE-PARSE-ERRORS
TEST(DataTypeFromString, OutOfRangeNumbersAreValueErrors) {
  DLDataType t;
  EXPECT_FALSE(Parse("int256", &t));
  EXPECT_RAISED("ValueError", "Bits value 256 is out of range for uint8_t in dtype 'int256'");
  EXPECT_FALSE(Parse("int32x65536", &t));
  EXPECT_RAISED("ValueError",
                "Lanes value 65536 is out of range for uint16_t in dtype 'int32x65536'");
  EXPECT_FALSE(Parse("int4294967296", &t));
  EXPECT_RAISED("ValueError",
                "Integer value in dtype string '4294967296' is out of range for uint32_t");
  EXPECT_FALSE(Parse("int32x99999999999999999999", &t));
  EXPECT_RAISED("ValueError", "'99999999999999999999' is out of range for uint32_t");
}

// SPEC: DTYPE-PARSE
TEST(DataTypeFromString, UnknownMiniFloatNamesAreValueErrorsNamingTheFamily) {
  DLDataType t;
  EXPECT_FALSE(Parse("float8_e4m3fn16", &t));
  EXPECT_RAISED("ValueError", "unknown float8 type `float8_e4m3fn16`");
  EXPECT_FALSE(Parse("float6_e2m1fn", &t));
  EXPECT_RAISED("ValueError", "unknown float6 type `float6_e2m1fn`");
  EXPECT_FALSE(Parse("float4_", &t));
  EXPECT_RAISED("ValueError", "unknown float4 type `float4_`");
}

// SPEC: DTYPE-PARSE
TEST(DataTypeFromString, MalformedCustomIsValueError) {
  DLDataType t;
  EXPECT_FALSE(Parse("customx", &t));
  EXPECT_RAISED("ValueError", "expected opening brace after 'custom' type");
  EXPECT_FALSE(Parse("custom[foo", &t));
  EXPECT_RAISED("ValueError", "expected closing brace after 'custom' type");
}

// SPEC: DTYPE-PARSE
TEST(DataTypeFromString, CustomWithoutRegisteredLookupIsValueError) {
  TVMFFIByteArray name = ByteArray("dtype.get_custom_type_code");
  TVMFFIObjectHandle f = nullptr;
  ASSERT_EQ(TVMFFIFunctionGetGlobal(&name, &f), 0);
  if (f != nullptr) {
    TVMFFIObjectDecRef(f);
    GTEST_SKIP() << "another test in this process registered dtype.get_custom_type_code";
  }
  DLDataType t;
  EXPECT_FALSE(Parse("custom[foo]32", &t));
  EXPECT_RAISED("ValueError", "Function dtype.get_custom_type_code not found");
}

// SPEC: DTYPE-PARSE
TEST(DataTypeFromString, NullArgumentsAreValueErrors) {
  DLDataType t;
  TVMFFIByteArray b = ByteArray("int32");
  EXPECT_EQ(TVMFFIDataTypeFromString(nullptr, &t), -1);
  EXPECT_RAISED("ValueError", "TVMFFIDataTypeFromString: `str`");
  EXPECT_EQ(TVMFFIDataTypeFromString(&b, nullptr), -1);
  EXPECT_RAISED("ValueError", "TVMFFIDataTypeFromString: `out`");
  TVMFFIByteArray dangling{nullptr, 3};
  EXPECT_EQ(TVMFFIDataTypeFromString(&dangling, &t), -1);
  EXPECT_RAISED("ValueError", "TVMFFIDataTypeFromString");
}

// ---------------------------------------------------------------------------
// Printing
// ---------------------------------------------------------------------------

// SPEC: DTYPE-PRINT
TEST(DataTypeToString, PrintsTheReferenceSpellings) {
  EXPECT_EQ(Print(kDLInt, 32, 1), "int32");
  EXPECT_EQ(Print(kDLUInt, 1, 1), "uint1");
  EXPECT_EQ(Print(kDLFloat, 16, 1), "float16");
  EXPECT_EQ(Print(kDLBfloat, 16, 1), "bfloat16");
  EXPECT_EQ(Print(kDLBool, 8, 1), "bool");
  EXPECT_EQ(Print(kDLBool, 1, 1), "bool1");
  EXPECT_EQ(Print(kDLBool, 8, 4), "boolx4");
  EXPECT_EQ(Print(kDLFloat, 32, 4), "float32x4");
  EXPECT_EQ(Print(kDLFloat8_e4m3fn, 8, 1), "float8_e4m3fn");
  EXPECT_EQ(Print(kDLFloat8_e3m4, 8, 1), "float8_e3m4");
  EXPECT_EQ(Print(kDLFloat8_e8m0fnu, 8, 1), "float8_e8m0fnu");
  EXPECT_EQ(Print(kDLFloat6_e3m2fn, 6, 1), "float6_e3m2fn");
  EXPECT_EQ(Print(kDLFloat4_e2m1fn, 4, 2), "float4_e2m1fnx2");
  EXPECT_EQ(Print(kDLInt, 0, 1), "int0");
}

// SPEC: DTYPE-PRINT
TEST(DataTypeToString, HandleIgnoresBitsAndLanesAndVoidPrintsEmpty) {
  EXPECT_EQ(Print(kDLOpaqueHandle, 64, 1), "handle");
  EXPECT_EQ(Print(kDLOpaqueHandle, 32, 4), "handle");
  EXPECT_EQ(Print(kDLOpaqueHandle, 0, 1), "handle");
  EXPECT_EQ(Print(kDLOpaqueHandle, 0, 0), "");
}

// SPEC: DTYPE-PRINT
TEST(DataTypeToString, NamedFloatsIgnoreBits) {
  EXPECT_EQ(Print(kDLFloat8_e4m3fn, 16, 4), "float8_e4m3fnx4");
  EXPECT_EQ(Print(kDLFloat4_e2m1fn, 8, 1), "float4_e2m1fn");
}

// SPEC: DTYPE-PRINT, DTYPE-LANES-SUFFIX
TEST(DataTypeToString, LanesAreReadAsInt16ForScalableVectors) {
  EXPECT_EQ(Print(kDLInt, 32, 0), "int32");
  EXPECT_EQ(Print(kDLInt, 32, 32767), "int32x32767");
  EXPECT_EQ(Print(kDLInt, 32, 32768), "int32xvscalex32768");
  EXPECT_EQ(Print(kDLInt, 32, Scalable(2)), "int32xvscalex2");
  EXPECT_EQ(Print(kDLInt, 32, Scalable(1)), "int32");
  EXPECT_EQ(Print(kDLFloat8_e4m3fn, 8, Scalable(4)), "float8_e4m3fnxvscalex4");
}

// SPEC: DTYPE-PRINT
TEST(DataTypeToString, UnknownCodesAreValueErrors) {
  for (uint8_t code : {uint8_t{kDLComplex}, uint8_t{18}, uint8_t{64}, uint8_t{128}}) {
    DLDataType t{code, 32, 1};
    TVMFFIAny out = NoneAny();
    EXPECT_EQ(TVMFFIDataTypeToString(&t, &out), -1) << int(code);
    EXPECT_RAISED("ValueError",
                  ("DLDataType contains unknown type_code=" + std::to_string(code)).c_str());
    EXPECT_EQ(out.type_index, kTVMFFINone);
  }
}

// SPEC: DTYPE-PRINT
TEST(DataTypeToString, NullArgumentsAreValueErrors) {
  DLDataType t{kDLInt, 32, 1};
  TVMFFIAny out = NoneAny();
  EXPECT_EQ(TVMFFIDataTypeToString(nullptr, &out), -1);
  EXPECT_RAISED("ValueError", "TVMFFIDataTypeToString: `dtype`");
  EXPECT_EQ(TVMFFIDataTypeToString(&t, nullptr), -1);
  EXPECT_RAISED("ValueError", "TVMFFIDataTypeToString: `out`");
}

// SPEC: DTYPE-PRINT, DTYPE-ROUNDTRIP
TEST(DataTypeToString, PrintThenParseRoundTripsCanonicalDtypes) {
  const char* texts[] = {"int8",          "int16",          "uint32",        "float64",
                         "bfloat16x8",    "bool",           "boolx2",        "handle",
                         "float8_e5m2fnuzx2", "float6_e2m3fn", "float32xvscalex4", "uint1x4",
                         "int33",         "float8_e4m3b11fnuz"};
  for (const char* text : texts) {
    DLDataType t;
    ASSERT_TRUE(Parse(text, &t)) << text;
    EXPECT_EQ(Print(t.code, t.bits, t.lanes), text);
  }
}

// ---------------------------------------------------------------------------
// Custom type codes through the global registry
// ---------------------------------------------------------------------------

std::string g_seen_custom_name;

int CustomCode(void*, const TVMFFIAny* args, int32_t num_args, TVMFFIAny* result) {
  if (num_args != 1 || args[0].type_index != kTVMFFIRawStr) {
    TVMFFIErrorSetRaisedFromCStr("TypeError", "expected one raw string");
    return -1;
  }
  g_seen_custom_name = args[0].v_c_str;
  if (g_seen_custom_name == "missing") {
    TVMFFIErrorSetRaisedFromCStr("KeyError", "no custom type named missing");
    return -1;
  }
  *result = IntAny(130);
  return 0;
}

int CustomName(void*, const TVMFFIAny* args, int32_t num_args, TVMFFIAny* result) {
  if (num_args != 1 || args[0].type_index != kTVMFFIInt) {
    TVMFFIErrorSetRaisedFromCStr("TypeError", "expected one int");
    return -1;
  }
  std::string name = args[0].v_int64 == 130 ? "posit" : "other";
  TVMFFIByteArray b = ByteArray(name);
  return TVMFFIStringFromByteArray(&b, result);
}

void RegisterGlobal(const char* name, TVMFFISafeCallType fn) {
  TVMFFIObjectHandle f = nullptr;
  ASSERT_EQ(TVMFFIFunctionCreate(nullptr, fn, nullptr, &f), 0);
  TVMFFIByteArray key = ByteArray(name);
  ASSERT_EQ(TVMFFIFunctionSetGlobal(&key, f, 1), 0);
  TVMFFIObjectDecRef(f);
}

// SPEC: DTYPE-PARSE
TEST(DataTypeCustom, CustomNamesResolveThroughRegisteredGlobalsBothWays) {
  RegisterGlobal("dtype.get_custom_type_code", CustomCode);
  RegisterGlobal("dtype.get_custom_type_name", CustomName);
  DLDataType t;
  ASSERT_TRUE(Parse("custom[posit]16x4", &t));
  EXPECT_EQ(g_seen_custom_name, "posit");
  EXPECT_EQ(t.code, 130);
  EXPECT_EQ(t.bits, 16);
  EXPECT_EQ(t.lanes, 4);
  ASSERT_TRUE(Parse("custom[posit]", &t));
  EXPECT_EQ(t.bits, 32) << "custom types default to 32 bits";
  // The printed form carries the name and lanes but not the bits.
  EXPECT_EQ(Print(130, 16, 4), "custom[posit]x4");
  EXPECT_EQ(Print(200, 8, 1), "custom[other]");
  // The lookup's own error propagates unchanged.
  EXPECT_FALSE(Parse("custom[missing]8", &t));
  EXPECT_RAISED("KeyError", "no custom type named missing");
}

}  // namespace
