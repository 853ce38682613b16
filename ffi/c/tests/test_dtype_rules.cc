// ffi/c/tests/test_dtype_rules.cc: §10 dtype strings: the lanes suffix, the parse errors the
// SPEC lists, and an exhaustive print-then-parse round trip.
#include <gtest/gtest.h>
#include <tvm/ffi/c_api.h>

#include <cstdint>
#include <string>
#include <vector>

#include "test_helpers.h"

namespace {

using namespace tvm_ffi_test;

// Prints t; returns false (error left raised) on failure.
bool Print(DLDataType t, std::string* out) {
  TVMFFIAny v = NoneAny();
  if (TVMFFIDataTypeToString(&t, &v) != 0) return false;
  *out = StringContent(v);
  ReleaseAny(&v);
  return true;
}

bool Parse(const std::string& text, DLDataType* out) {
  TVMFFIByteArray b = ByteArray(text);
  return TVMFFIDataTypeFromString(&b, out) == 0;
}

// SPEC: DTYPE-LANES-SUFFIX, DTYPE-PRINT
TEST(DTypeLanesSuffix, LanesReadAsInt16GiveXnXvscalexnOrNothing) {
  struct Case {
    DLDataType t;
    const char* text;
  };
  const Case cases[] = {
      {{kDLFloat, 32, 4}, "float32x4"},
      {{kDLBool, 8, 4}, "boolx4"},
      {{kDLFloat4_e2m1fn, 4, 2}, "float4_e2m1fnx2"},
      {{kDLInt, 8, static_cast<uint16_t>(-2)}, "int8xvscalex2"},
      {{kDLInt, 8, 0}, "int8"},                              // 0: nothing
      {{kDLInt, 8, 1}, "int8"},                              // 1: nothing
      {{kDLInt, 8, 0xFFFF}, "int8"},                         // -1: nothing
      {{kDLUInt, 16, 0x7FFF}, "uint16x32767"},               // largest positive int16
      {{kDLUInt, 16, 0x8000}, "uint16xvscalex32768"},        // most negative int16
      {{kDLBfloat, 16, static_cast<uint16_t>(-8)}, "bfloat16xvscalex8"},
      {{kDLFloat8_e5m2, 8, static_cast<uint16_t>(-4)}, "float8_e5m2xvscalex4"},
      {{kDLBool, 1, 3}, "bool1x3"},
      {{kDLOpaqueHandle, 64, 4}, "handle"},                  // handle takes no suffix
      {{kDLOpaqueHandle, 0, 0}, ""},
  };
  for (const Case& c : cases) {
    std::string text;
    ASSERT_TRUE(Print(c.t, &text)) << c.text << ": " << TakeRaisedDescription();
    EXPECT_EQ(text, c.text);
  }
}

// SPEC: DTYPE-PARSE-ERRORS
TEST(DTypeParseErrors, EachListedMalformedFormIsValueErrorQuotingTheInput) {
  const char* bad[] = {
      "notatype",    // unknown base
      "int256",      // bits above 255
      "uint999",     //
      "int8x0",      // lanes of 0
      "int8x65536",  // lanes above 65535
      "int8x",       // missing lanes number
      "float32x4x2", // trailing text
      "int8 ",       // trailing space
      " int8",       // leading space
      "Int8",        // upper case
      "FLOAT32",     //
      "float32x-4",  //
      "int8xvscalex0",
      "custom[notregistered]8",
  };
  TVMFFIByteArray hook_name = ByteArray("dtype.get_custom_type_code");
  TVMFFIObjectHandle hook = nullptr;
  ASSERT_EQ(TVMFFIFunctionGetGlobal(&hook_name, &hook), 0);
  for (const char* text : bad) {
    SCOPED_TRACE(std::string("'") + text + "'");
    if (hook != nullptr && std::string(text).rfind("custom[", 0) == 0) continue;  // supported
    DLDataType out{7, 7, 7};
    EXPECT_FALSE(Parse(text, &out));
    TVMFFIObjectHandle err = nullptr;
    TVMFFIErrorMoveFromRaised(&err);
    ASSERT_NE(err, nullptr);
    EXPECT_EQ(ErrorKind(err), "ValueError");
    std::string message = ErrorMessage(err);
    std::string quoted = std::string(text);
    if (quoted.rfind("custom[", 0) != 0) {
      EXPECT_NE(message.find(quoted), std::string::npos) << "the input is not quoted: " << message;
    }
    TVMFFIObjectDecRef(err);
    EXPECT_EQ(out.code, 7) << "out unchanged";
    EXPECT_EQ(out.bits, 7);
    EXPECT_EQ(out.lanes, 7);
  }
  if (hook != nullptr) TVMFFIObjectDecRef(hook);
}

// Fixed-name codes 7..17 and their bit widths.
struct Named {
  uint8_t code;
  uint8_t bits;
};
const Named kNamed[] = {
    {kDLFloat8_e3m4, 8},     {kDLFloat8_e4m3, 8},    {kDLFloat8_e4m3b11fnuz, 8},
    {kDLFloat8_e4m3fn, 8},   {kDLFloat8_e4m3fnuz, 8}, {kDLFloat8_e5m2, 8},
    {kDLFloat8_e5m2fnuz, 8}, {kDLFloat8_e8m0fnu, 8}, {kDLFloat6_e2m3fn, 6},
    {kDLFloat6_e3m2fn, 6},   {kDLFloat4_e2m1fn, 4},
};

// Lanes worth covering: small, int16 boundaries, scalable (>= 0x8000) ones.
const uint16_t kLanes[] = {1,      2,      3,      4,      8,      16,     255,    256,
                           1000,   0x7FFE, 0x7FFF, 0x8000, 0x8001, 0xFF00, 0xFFFE};

// SPEC: DTYPE-ROUNDTRIP
TEST(DTypeRoundTrip, PrintThenParseIsIdentityForEveryCoveredCodeBitsAndLanes) {
  int checked = 0;
  std::vector<std::string> failures;
  auto check = [&](DLDataType t) {
    std::string text;
    DLDataType back{0, 0, 0};
    if (!Print(t, &text)) {
      failures.push_back("print {" + std::to_string(t.code) + "," + std::to_string(t.bits) + "," +
                         std::to_string(t.lanes) + "}: " + TakeRaisedDescription());
      return;
    }
    if (!Parse(text, &back)) {
      failures.push_back("parse '" + text + "': " + TakeRaisedDescription());
      return;
    }
    if (back.code != t.code || back.bits != t.bits || back.lanes != t.lanes) {
      failures.push_back("'" + text + "' -> {" + std::to_string(back.code) + "," +
                         std::to_string(back.bits) + "," + std::to_string(back.lanes) + "}");
    }
    ++checked;
  };
  for (uint8_t code : {kDLInt, kDLUInt, kDLFloat, kDLBfloat, kDLBool}) {
    for (int bits = 1; bits <= 255; ++bits) {
      for (uint16_t lanes : kLanes) check(DLDataType{code, static_cast<uint8_t>(bits), lanes});
    }
  }
  for (const Named& n : kNamed) {
    for (uint16_t lanes : kLanes) check(DLDataType{n.code, n.bits, lanes});
  }
  for (size_t i = 0; i < failures.size() && i < 20; ++i) ADD_FAILURE() << failures[i];
  EXPECT_EQ(failures.size(), 0u);
  EXPECT_EQ(checked + static_cast<int>(failures.size()),
            5 * 255 * static_cast<int>(sizeof(kLanes) / sizeof(kLanes[0])) +
                11 * static_cast<int>(sizeof(kLanes) / sizeof(kLanes[0])));
}

}  // namespace
