// ffi/cpp/tests/test_dtype.cc: DLDataType string conversion, helpers and Any traits.
#include <sstream>

#include "cpp_test_helpers.h"

namespace cpptest {
namespace {

TEST(DType, ParsesAndPrintsThroughTheRuntime) {
  // SPEC: DTYPE-PARSE, DTYPE-PRINT, DTYPE-LANES-SUFFIX, DTYPE-ROUNDTRIP
  DLDataType f32x4 = StringToDLDataType("float32x4");
  EXPECT_EQ(f32x4.code, kDLFloat);
  EXPECT_EQ(f32x4.bits, 32);
  EXPECT_EQ(f32x4.lanes, 4);
  EXPECT_EQ(DLDataTypeToString(f32x4), "float32x4");
  EXPECT_TRUE(StringToDLDataType("bool") == (DLDataType{kDLBool, 8, 1}));
  EXPECT_EQ(DLDataTypeToString(DLDataType{kDLFloat8_e4m3fn, 8, 2}), "float8_e4m3fnx2");
  for (const char* text : {"int8", "uint1", "bfloat16", "float64", "boolx4", "int8xvscalex2"}) {
    EXPECT_EQ(DLDataTypeToString(StringToDLDataType(text)), text);
  }
  std::ostringstream os;
  os << DLDataType{kDLInt, 64, 1};
  EXPECT_EQ(os.str(), "int64");
}

TEST(DType, BadStringsAreValueErrors) {
  // SPEC: DTYPE-PARSE-ERRORS
  ExpectError([] { StringToDLDataType("float32x4x2"); }, "ValueError", "float32x4x2");
  ExpectError([] { StringToDLDataType("Float32"); }, "ValueError", "Float32");
  ExpectError([] { DLDataTypeToString(DLDataType{5, 64, 1}); }, "ValueError", "5");
}

TEST(DType, Helpers) {
  EXPECT_TRUE(DTypeIsFloat(DLDataType{kDLBfloat, 16, 1}));
  EXPECT_TRUE(DTypeIsFloat(DLDataType{kDLFloat4_e2m1fn, 4, 1}));
  EXPECT_FALSE(DTypeIsFloat(DLDataType{kDLInt, 32, 1}));
  EXPECT_TRUE(DTypeIsInt(DLDataType{kDLUInt, 8, 1}));
  EXPECT_TRUE(DTypeIsBool(DLDataType{kDLBool, 8, 1}));
  EXPECT_EQ(DTypeAbbrev(DLDataType{kDLFloat, 32, 1}), "f32");
  EXPECT_EQ(DTypeAbbrev(DLDataType{kDLInt, 8, 4}), "i8x4");
  EXPECT_EQ(DTypeAbbrev(DLDataType{kDLBool, 8, 1}), "bool");
  EXPECT_EQ(DTypeAbbrev(DLDataType{kDLBool, 1, 1}), "bool1");
  EXPECT_EQ(DTypeAbbrev(DLDataType{kDLOpaqueHandle, 0, 0}), "void");
  EXPECT_EQ(DTypeAbbrev(DLDataType{kDLOpaqueHandle, 64, 1}), "handle");
  EXPECT_EQ(DTypeAbbrev(DLDataType{kDLFloat8_e5m2, 8, 1}), "f8_e5m2");
  EXPECT_EQ(DTypeAbbrev(DLDataType{kDLUInt, 16, static_cast<uint16_t>(-4)}), "u16xvscalex4");
  EXPECT_STREQ(detail::DLDataTypeCodeAsCStr(kDLBfloat), "bfloat");
  EXPECT_STREQ(detail::DLDataTypeCodeAsCStr(static_cast<DLDataTypeCode>(130)), "custom");
  ExpectError([] { DTypeAbbrev(DLDataType{5, 64, 1}); }, "ValueError", "type_code=5");
  EXPECT_TRUE((DLDataType{kDLInt, 8, 1}) != (DLDataType{kDLInt, 16, 1}));
}

TEST(DType, TravelsAsDataTypeAndConvertsFromStrings) {
  // SPEC: ANY-ZERO-PADDING, ANY-TYPE-INDEX-VALUES
  Any dtype = DLDataType{kDLFloat, 16, 1};
  EXPECT_EQ(dtype.type_index(), TypeIndex::kTVMFFIDataType);
  EXPECT_EQ(dtype.cast<DLDataType>().bits, 16);
  EXPECT_EQ(AnyView("int32").cast<DLDataType>().code, kDLInt);
  EXPECT_EQ(Any(String("uint8")).cast<DLDataType>().bits, 8);
  EXPECT_FALSE(Any(1).try_cast<DLDataType>().has_value());
  EXPECT_EQ(TypeTraits<DLDataType>::TypeStr(), "DataType");
}

}  // namespace
}  // namespace cpptest
