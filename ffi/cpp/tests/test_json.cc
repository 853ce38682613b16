// ffi/cpp/tests/test_json.cc: json::Parse / json::Stringify and the ffi.json.* globals. The
// expected texts and messages are what the reference runtime's globals return for the same input.
#include <tvm/ffi/container/dict.h>
#include <tvm/ffi/container/list.h>
#include <tvm/ffi/container/shape.h>
#include <tvm/ffi/extra/json.h>

#include <cfloat>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "cpp_test_helpers.h"

namespace {

using namespace cpptest;  // NOLINT(build/namespaces)

// Parses `text`, which must fail with exactly `message` (ValueError).
void ExpectParseError(const std::string& text, const std::string& message) {
  try {
    Any v = json::Parse(String(text));
    ADD_FAILURE() << "parsed `" << text << "` to " << v.GetTypeKey() << ", expected: " << message;
  } catch (const Error& err) {
    EXPECT_EQ(err.kind(), "ValueError") << text;
    EXPECT_EQ(err.message(), message) << "input: `" << text << "`";
  }
  // The error_msg form reports the same message and returns None.
  String msg;
  Any v = json::Parse(String(text), &msg);
  EXPECT_EQ(v.type_index(), kTVMFFINone);
  EXPECT_EQ(std::string(msg), message);
}

void ExpectStringifyError(const Any& value, const std::string& message) {
  try {
    String s = json::Stringify(value);
    ADD_FAILURE() << "stringified to " << s << ", expected: " << message;
  } catch (const Error& err) {
    EXPECT_EQ(err.kind(), "ValueError");
    EXPECT_EQ(err.message(), message);
  }
}

int64_t ParseInt(const std::string& text) {
  Any v = json::Parse(String(text));
  EXPECT_EQ(v.type_index(), kTVMFFIInt) << text;
  return v.cast<int64_t>();
}

double ParseFloat(const std::string& text) {
  Any v = json::Parse(String(text));
  EXPECT_EQ(v.type_index(), kTVMFFIFloat) << text;
  return v.cast<double>();
}

std::string ParseStr(const std::string& text) {
  Any v = json::Parse(String(text));
  EXPECT_TRUE(v.type_index() == kTVMFFIStr || v.type_index() == kTVMFFISmallStr) << text;
  return std::string(v.cast<String>());
}

std::string Dump(const Any& v, Optional<int> indent = std::nullopt) {
  return std::string(json::Stringify(v, indent));
}

// Structural equality of parsed values (NaN equals NaN, -0.0 differs from 0.0).
bool SameValue(const Any& a, const Any& b) {
  if (a.type_index() != b.type_index()) {
    bool both_str = (a.type_index() == kTVMFFIStr || a.type_index() == kTVMFFISmallStr) &&
                    (b.type_index() == kTVMFFIStr || b.type_index() == kTVMFFISmallStr);
    if (!both_str) return false;
  }
  switch (a.type_index()) {
    case kTVMFFINone: return true;
    case kTVMFFIBool: return a.cast<bool>() == b.cast<bool>();
    case kTVMFFIInt: return a.cast<int64_t>() == b.cast<int64_t>();
    case kTVMFFIFloat: {
      double x = a.cast<double>(), y = b.cast<double>();
      if (std::isnan(x)) return std::isnan(y);
      return x == y && std::signbit(x) == std::signbit(y);
    }
    case kTVMFFISmallStr:
    case kTVMFFIStr: return a.cast<String>() == b.cast<String>();
    case kTVMFFIArray: {
      auto x = a.cast<Array<Any>>(), y = b.cast<Array<Any>>();
      if (x.size() != y.size()) return false;
      for (size_t i = 0; i < x.size(); ++i) {
        if (!SameValue(x[i], y[i])) return false;
      }
      return true;
    }
    case kTVMFFIMap: {
      auto x = a.cast<Map<Any, Any>>(), y = b.cast<Map<Any, Any>>();
      if (x.size() != y.size()) return false;
      auto it = y.begin();
      for (const auto& kv : x) {
        if (!SameValue(kv.first, (*it).first) || !SameValue(kv.second, (*it).second)) {
          return false;
        }
        ++it;
      }
      return true;
    }
    default: return false;
  }
}

TEST(Json, ParseContainers) {
  Any v = json::Parse(R"({"a":[1,2.5,true,null,"x"],"b":{"c":-300.0}})");
  ASSERT_EQ(v.type_index(), kTVMFFIMap);
  auto obj = v.cast<json::Object>();
  ASSERT_EQ(obj.size(), 2u);
  auto arr = obj["a"].cast<json::Array>();
  ASSERT_EQ(arr.size(), 5u);
  EXPECT_EQ(arr[0].type_index(), kTVMFFIInt);
  EXPECT_EQ(arr[0].cast<int64_t>(), 1);
  EXPECT_EQ(arr[1].type_index(), kTVMFFIFloat);
  EXPECT_EQ(arr[1].cast<double>(), 2.5);
  EXPECT_EQ(arr[2].type_index(), kTVMFFIBool);
  EXPECT_TRUE(arr[2].cast<bool>());
  EXPECT_EQ(arr[3].type_index(), kTVMFFINone);
  EXPECT_EQ(std::string(arr[4].cast<String>()), "x");
  auto inner = obj["b"].cast<json::Object>();
  EXPECT_EQ(inner["c"].type_index(), kTVMFFIFloat);
  EXPECT_EQ(inner["c"].cast<double>(), -300.0);

  EXPECT_EQ(json::Parse("[]").type_index(), kTVMFFIArray);
  EXPECT_EQ(json::Parse("[ ]").cast<json::Array>().size(), 0u);
  EXPECT_EQ(json::Parse("{}").type_index(), kTVMFFIMap);
  EXPECT_EQ(json::Parse("{ }").cast<json::Object>().size(), 0u);
  EXPECT_EQ(json::Parse("false").cast<bool>(), false);
  EXPECT_EQ(json::Parse("null").type_index(), kTVMFFINone);
  // Whitespace is space, tab, newline and carriage return.
  EXPECT_EQ(ParseInt("\t\n\r 1 \n"), 1);
  EXPECT_EQ(Dump(json::Parse(R"({"a" : 1 , "b" : [ 1 , 2 ] })")), R"({"a":1,"b":[1,2]})");
}

TEST(Json, ParseObjectKeyOrder) {
  // Insertion order; a repeated key keeps its place and takes the last value.
  auto obj = json::Parse(R"({"b":1,"a":2,"b":3})").cast<json::Object>();
  ASSERT_EQ(obj.size(), 2u);
  std::vector<std::string> keys;
  for (const auto& kv : obj) keys.push_back(std::string(kv.first.cast<String>()));
  EXPECT_EQ(keys, (std::vector<std::string>{"b", "a"}));
  EXPECT_EQ(obj["b"].cast<int64_t>(), 3);
}

TEST(Json, ParseNumbers) {
  EXPECT_EQ(ParseInt("0"), 0);
  EXPECT_EQ(ParseInt("01"), 1);
  EXPECT_EQ(ParseInt("00"), 0);
  EXPECT_EQ(ParseInt("-01"), -1);
  EXPECT_EQ(ParseInt("+1"), 1);
  EXPECT_EQ(ParseInt("-0"), 0);
  EXPECT_EQ(ParseInt("9223372036854775807"), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(ParseInt("-9223372036854775808"), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(ParseFloat("9223372036854775808"), 9223372036854775808.0);
  EXPECT_EQ(ParseFloat("-9223372036854775809"), -9223372036854775808.0);
  EXPECT_EQ(ParseFloat("18446744073709551616"), 18446744073709551616.0);
  EXPECT_EQ(ParseFloat(".5"), 0.5);
  EXPECT_EQ(ParseFloat("-.5"), -0.5);
  EXPECT_EQ(ParseFloat("+.5e1"), 5.0);
  EXPECT_EQ(ParseFloat("1."), 1.0);
  EXPECT_EQ(ParseFloat("1.e5"), 100000.0);
  EXPECT_EQ(ParseFloat("1E2"), 100.0);
  EXPECT_EQ(ParseFloat("1e+2"), 100.0);
  EXPECT_EQ(ParseFloat("1e01"), 10.0);
  EXPECT_EQ(ParseFloat("1.5E-3"), 0.0015);
  EXPECT_EQ(ParseFloat("-1.5"), -1.5);
  EXPECT_EQ(ParseFloat("0e400"), 0.0);
  EXPECT_EQ(ParseFloat("0.0e500"), 0.0);
  EXPECT_EQ(ParseFloat("0e-400"), 0.0);
  EXPECT_EQ(ParseFloat("2.2250738585072014e-308"), DBL_MIN);
  EXPECT_EQ(ParseFloat("1.7976931348623157e308"), DBL_MAX);
  EXPECT_TRUE(std::signbit(ParseFloat("-0.0")));
  EXPECT_TRUE(std::isnan(ParseFloat("NaN")));
  EXPECT_EQ(ParseFloat("Infinity"), HUGE_VAL);
  EXPECT_EQ(ParseFloat("-Infinity"), -HUGE_VAL);
  EXPECT_EQ(Dump(json::Parse("[Infinity,-Infinity,NaN]")), "[Infinity,-Infinity,NaN]");
}

TEST(Json, ParseStrings) {
  EXPECT_EQ(ParseStr(R"("")"), "");
  EXPECT_EQ(ParseStr(R"("\"\\\/\b\f\n\r\t")"), "\"\\/\b\f\n\r\t");
  EXPECT_EQ(ParseStr(R"("\u0041x")"), "Ax");
  EXPECT_EQ(ParseStr(R"("\u00e9\ud83d\ude00")"), "\xC3\xA9\xF0\x9F\x98\x80");
  EXPECT_EQ(ParseStr(R"("\ud800\udc00")"), "\xF0\x90\x80\x80");
  EXPECT_EQ(ParseStr(R"("\uDBFF\uDFFF")"), "\xF4\x8F\xBF\xBF");
  EXPECT_EQ(ParseStr(R"("\u20AC")"), "\xE2\x82\xAC");
  EXPECT_EQ(ParseStr("\"\\u0000\""), std::string(1, '\0'));
  // Raw UTF-8, DEL and bytes that are not UTF-8 pass through unchanged.
  EXPECT_EQ(ParseStr("\"\xC3\xA9\xF0\x9F\x98\x80\""), "\xC3\xA9\xF0\x9F\x98\x80");
  EXPECT_EQ(ParseStr("\"a\x7f\""), "a\x7f");
  EXPECT_EQ(ParseStr("\"\xff\xfe\""), "\xff\xfe");
  std::string long_text(1000, 'z');
  EXPECT_EQ(ParseStr("\"" + long_text + "\\n\""), long_text + "\n");
}

TEST(Json, ParseErrors) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "Expecting value: line 1 column 1 (char 0)"},
      {"   ", "Expecting value: line 1 column 4 (char 3)"},
      {"nul", "Expecting value: line 1 column 1 (char 0)"},
      {"tru", "Expecting value: line 1 column 1 (char 0)"},
      {"trUe", "Expecting value: line 1 column 1 (char 0)"},
      {"nan", "Expecting value: line 1 column 1 (char 0)"},
      {"Inf", "Expecting value: line 1 column 1 (char 0)"},
      {"-NaN", "Expecting value: line 1 column 1 (char 0)"},
      {"-I", "Expecting value: line 1 column 1 (char 0)"},
      {"-", "Expecting value: line 1 column 1 (char 0)"},
      {"+", "Expecting value: line 1 column 1 (char 0)"},
      {".", "Expecting value: line 1 column 1 (char 0)"},
      {"..", "Expecting value: line 1 column 1 (char 0)"},
      {".e5", "Expecting value: line 1 column 1 (char 0)"},
      {"e1", "Expecting value: line 1 column 1 (char 0)"},
      {"1e", "Expecting value: line 1 column 1 (char 0)"},
      {"1e+", "Expecting value: line 1 column 1 (char 0)"},
      {"1.0e", "Expecting value: line 1 column 1 (char 0)"},
      {"1e400", "Expecting value: line 1 column 1 (char 0)"},
      {"-1e400", "Expecting value: line 1 column 1 (char 0)"},
      {"1.7976931348623159e308", "Expecting value: line 1 column 1 (char 0)"},
      {"1e-400", "Expecting value: line 1 column 1 (char 0)"},
      {"5e-324", "Expecting value: line 1 column 1 (char 0)"},
      {"2.2250738585072011e-308", "Expecting value: line 1 column 1 (char 0)"},
      {"1-2", "Expecting value: line 1 column 1 (char 0)"},
      {"1..2", "Expecting value: line 1 column 1 (char 0)"},
      {"--1", "Expecting value: line 1 column 1 (char 0)"},
      {"+-1", "Expecting value: line 1 column 1 (char 0)"},
      {"1+", "Expecting value: line 1 column 1 (char 0)"},
      {"1e5.5", "Expecting value: line 1 column 1 (char 0)"},
      {"\x0c" "1", "Expecting value: line 1 column 1 (char 0)"},
      {"\xff", "Expecting value: line 1 column 1 (char 0)"},
      {std::string("\0" "1", 2), "Expecting value: line 1 column 1 (char 0)"},
      {"[1e]", "Expecting value: line 1 column 2 (char 1)"},
      {"{\"a\":1e}", "Expecting value: line 1 column 6 (char 5)"},
      {"{\"a\":", "Expecting value: line 1 column 6 (char 5)"},
      {"[1,]", "Expecting value: line 1 column 4 (char 3)"},
      {"[", "Expecting value: line 1 column 2 (char 1)"},
      {"[1,[", "Expecting value: line 1 column 5 (char 4)"},
      {"{\"a\":[", "Expecting value: line 1 column 7 (char 6)"},
      {"{\"a\":{\"b\":", "Expecting value: line 1 column 11 (char 10)"},
      {"{\"a\":\n  nul}", "Expecting value: line 2 column 3 (char 8)"},
      {"[1 2]", "Expecting ',' delimiter: line 1 column 4 (char 3)"},
      {"[1,2", "Expecting ',' delimiter: line 1 column 5 (char 4)"},
      {"[1,[2", "Expecting ',' delimiter: line 1 column 6 (char 5)"},
      {"[[]", "Expecting ',' delimiter: line 1 column 4 (char 3)"},
      {"{\"a\":1", "Expecting ',' delimiter: line 1 column 7 (char 6)"},
      {"{\"a\":1]", "Expecting ',' delimiter: line 1 column 7 (char 6)"},
      {"{\"a\" 1}", "Expecting ':' delimiter: line 1 column 6 (char 5)"},
      {"{\"a\"", "Expecting ':' delimiter: line 1 column 5 (char 4)"},
      {"{\"a\":1,\"b\"", "Expecting ':' delimiter: line 1 column 11 (char 10)"},
      {"{1:2}", "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"},
      {"{\"a\":1,}",
       "Expecting property name enclosed in double quotes: line 1 column 8 (char 7)"},
      {"{", "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"},
      {"{\"a\":{", "Expecting property name enclosed in double quotes: line 1 column 7 (char 6)"},
      {"[1] x", "Extra data: line 1 column 5 (char 4)"},
      {"true false", "Extra data: line 1 column 6 (char 5)"},
      {"true,", "Extra data: line 1 column 5 (char 4)"},
      {"1 2", "Extra data: line 1 column 3 (char 2)"},
      {"0x10", "Extra data: line 1 column 2 (char 1)"},
      {"NaNx", "Extra data: line 1 column 4 (char 3)"},
      {"-Infinityx", "Extra data: line 1 column 10 (char 9)"},
      {"1Infinity", "Extra data: line 1 column 2 (char 1)"},
      {"null1", "Extra data: line 1 column 5 (char 4)"},
      {"1null", "Extra data: line 1 column 2 (char 1)"},
      {std::string("1\0", 2), "Extra data: line 1 column 2 (char 1)"},
      {"[1]\n\n  x", "Extra data: line 3 column 3 (char 7)"},
      {"\"\xC3\xA9\" x", "Extra data: line 1 column 6 (char 5)"},
      {"\"\xC3\xA9\"\r\n x", "Extra data: line 2 column 2 (char 7)"},
      {"[1,", "Syntax error near: line 1 column 4 (char 3)"},
      {"[1,\n", "Syntax error near: line 2 column 1 (char 4)"},
      {"[[],", "Syntax error near: line 1 column 5 (char 4)"},
      {"[1,[2,", "Syntax error near: line 1 column 7 (char 6)"},
      {"{\"a\":1, ", "Syntax error near: line 1 column 9 (char 8)"},
      {"{\"a\":[],", "Syntax error near: line 1 column 9 (char 8)"},
      {"\"abc", "Unterminated string starting at: line 1 column 1 (char 0)"},
      {"\"ab\\\"", "Unterminated string starting at: line 1 column 1 (char 0)"},
      {"[1, \"ab", "Unterminated string starting at: line 1 column 5 (char 4)"},
      {"  \"ab\\", "Invalid \\escape: line 1 column 7 (char 6)"},
      {"\"\\", "Invalid \\escape: line 1 column 3 (char 2)"},
      {"\"\\x\"", "Invalid \\escape: line 1 column 3 (char 2)"},
      {"\"\\U0041\"", "Invalid \\escape: line 1 column 3 (char 2)"},
      {"\"\\u\"", "Invalid \\uXXXX escape: line 1 column 3 (char 2)"},
      {"\"\\u", "Invalid \\uXXXX escape: line 1 column 3 (char 2)"},
      {"\"\\u12\"", "Invalid \\uXXXX escape: line 1 column 3 (char 2)"},
      {"\"\\u004\"", "Invalid \\uXXXX escape: line 1 column 3 (char 2)"},
      {"\"\\u12G4\"", "Invalid \\uXXXX escape: line 1 column 3 (char 2)"},
      {"\"\\uzzzz\"", "Invalid \\uXXXX escape: line 1 column 3 (char 2)"},
      {"\"\\ud800\\u", "Invalid \\uXXXX escape: line 1 column 10 (char 9)"},
      {"\"\\ud800\\udc0", "Invalid \\uXXXX escape: line 1 column 10 (char 9)"},
      {"\"\\ud800\"", "Invalid surrogate pair of \\uXXXX escapes: line 1 column 3 (char 2)"},
      {"\"\\ud800x\"", "Invalid surrogate pair of \\uXXXX escapes: line 1 column 3 (char 2)"},
      {"\"\\ud800\\", "Invalid surrogate pair of \\uXXXX escapes: line 1 column 3 (char 2)"},
      {"\"\\ud800\\n\"", "Invalid surrogate pair of \\uXXXX escapes: line 1 column 3 (char 2)"},
      {"\"\\ud800\\x\"", "Invalid surrogate pair of \\uXXXX escapes: line 1 column 3 (char 2)"},
      {"\"\\udc00\"", "Invalid surrogate pair of \\uXXXX escapes: line 1 column 3 (char 2)"},
      {"\"\\ud800\\u0041\"",
       "Invalid surrogate pair of \\uXXXX escapes: line 1 column 10 (char 9)"},
      {"\"\\ud800\\ud800\"",
       "Invalid surrogate pair of \\uXXXX escapes: line 1 column 10 (char 9)"},
      {"\"a\x01\"", "Invalid control character at: line 1 column 3 (char 2)"},
      {"\"a\x01", "Invalid control character at: line 1 column 3 (char 2)"},
      {"\"a\x1f\"", "Invalid control character at: line 1 column 3 (char 2)"},
      {"\"a\n\"", "Invalid control character at: line 1 column 3 (char 2)"},
      {std::string("\"a\0b\"", 5), "Invalid control character at: line 1 column 3 (char 2)"},
  };
  for (const auto& c : cases) ExpectParseError(c.first, c.second);
}

TEST(Json, ParseErrorMessageLeavesSuccessAlone) {
  String msg("untouched");
  Any v = json::Parse("[1]", &msg);
  EXPECT_EQ(v.type_index(), kTVMFFIArray);
  EXPECT_EQ(std::string(msg), "untouched");
}

TEST(Json, ParseDeepNesting) {
  // Accepted up to the limit, and no further; never by recursing on the input.
  std::string text =
      std::string(json::kMaxNestingDepth, '[') + std::string(json::kMaxNestingDepth, ']');
  EXPECT_EQ(Dump(json::Parse(String(text))), text);
  std::string limit = std::to_string(json::kMaxNestingDepth);
  ExpectParseError(std::string(json::kMaxNestingDepth + 1, '['),
                   "Exceeded maximum nesting depth " + limit + ": line 1 column " +
                       std::to_string(json::kMaxNestingDepth + 1) + " (char " + limit + ")");
  ExpectParseError(std::string(1000000, '['), "Exceeded maximum nesting depth " + limit +
                                                  ": line 1 column " +
                                                  std::to_string(json::kMaxNestingDepth + 1) +
                                                  " (char " + limit + ")");
  std::string mixed;
  for (int i = 0; i < 1000000; ++i) mixed += "{\"k\":[";
  String msg;
  EXPECT_EQ(json::Parse(String(mixed), &msg).type_index(), kTVMFFINone);
  EXPECT_EQ(std::string(msg).rfind("Exceeded maximum nesting depth", 0), 0u) << msg;
  // An unclosed document below the limit reports the end of the input.
  ExpectParseError(std::string(500, '['), "Expecting value: line 1 column 501 (char 500)");
}

TEST(Json, StringifyCompact) {
  json::Object inner{{String("c"), Any(-300.0)}};
  json::Array arr{Any(1), Any(2.5), Any(true), Any(nullptr), Any(String("x"))};
  json::Object obj{{String("a"), Any(arr)}, {String("b"), Any(inner)}};
  const std::string compact = R"({"a":[1,2.5,true,null,"x"],"b":{"c":-300.0}})";
  EXPECT_EQ(Dump(obj), compact);
  EXPECT_EQ(Dump(obj, 0), compact);
  EXPECT_EQ(Dump(arr), R"([1,2.5,true,null,"x"])");
  EXPECT_EQ(Dump(json::Array()), "[]");
  EXPECT_EQ(Dump(json::Object()), "{}");
  EXPECT_EQ(Dump(Any(int64_t{-9223372036854775807 - 1})), "-9223372036854775808");
  EXPECT_EQ(Dump(Any(false)), "false");
  EXPECT_EQ(Dump(Any(nullptr)), "null");
  EXPECT_EQ(Dump(Any(String(""))), "\"\"");
  EXPECT_EQ(Dump(Any(1), 2), "1");
  // Map order is kept; List prints as an array.
  json::Object ordered{{String("b"), Any(1)}, {String("a"), Any(2)}};
  EXPECT_EQ(Dump(ordered), R"({"b":1,"a":2})");
  List<Any> list{Any(1), Any(String("y"))};
  EXPECT_EQ(Dump(list), R"([1,"y"])");
  EXPECT_EQ(Dump(json::Array{Any(list)}, 1), "[\n [\n  1,\n  \"y\"\n ]\n]");
}

TEST(Json, StringifyIndent) {
  json::Object inner{{String("c"), Any(-300.0)}};
  json::Array arr{Any(1), Any(2.5), Any(true), Any(nullptr), Any(String("x"))};
  json::Object obj{{String("a"), Any(arr)}, {String("b"), Any(inner)}};
  EXPECT_EQ(Dump(obj, 2),
            "{\n  \"a\": [\n    1,\n    2.5,\n    true,\n    null,\n    \"x\"\n  ],\n"
            "  \"b\": {\n    \"c\": -300.0\n  }\n}");
  json::Array nested{Any(json::Array{Any(1), Any(json::Array{Any(2)})}),
                     Any(json::Object{{String("k"), Any(json::Array())}})};
  EXPECT_EQ(Dump(nested, 2),
            "[\n  [\n    1,\n    [\n      2\n    ]\n  ],\n  {\n    \"k\": [\n    ]\n  }\n]");
  EXPECT_EQ(Dump(json::Array(), 4), "[\n]");
  EXPECT_EQ(Dump(json::Object(), 4), "{\n}");
  EXPECT_EQ(Dump(json::Array{Any(json::Array())}, 4), "[\n    [\n    ]\n]");
  EXPECT_EQ(Dump(json::Object{{String("a"), Any(json::Object())}}, 1), "{\n \"a\": {\n }\n}");
  EXPECT_EQ(Dump(json::Array{Any(json::Array{Any(1)})}, 3), "[\n   [\n      1\n   ]\n]");
  // A negative indent still breaks lines, with no spaces (the reference's behaviour).
  EXPECT_EQ(Dump(arr, -1), "[\n1,\n2.5,\ntrue,\nnull,\n\"x\"\n]");
  EXPECT_EQ(Dump(json::Array{Any(json::Array{Any(1)}),
                             Any(json::Object{{String("a"), Any(json::Array())}})},
                 -2),
            "[\n[\n1\n],\n{\n\"a\": [\n]\n}\n]");
}

TEST(Json, StringifyFloats) {
  const std::vector<std::pair<double, std::string>> cases = {
      {3.0, "3.0"},
      {-0.0, "-0.0"},
      {0.0, "0.0"},
      {100.0, "100.0"},
      {1e15, "1000000000000000.0"},
      {9007199254740991.0, "9007199254740991.0"},
      {-9007199254740991.0, "-9007199254740991.0"},
      {9007199254740992.0, "9007199254740992"},
      {-9007199254740992.0, "-9007199254740992"},
      {1e16, "10000000000000000"},
      {1e17, "1e+17"},
      {1e21, "1e+21"},
      {0.1, "0.10000000000000001"},
      {1e-5, "1.0000000000000001e-05"},
      {123.456, "123.456"},
      {1.5, "1.5"},
      {0.5, "0.5"},
      {1.0 / 3.0, "0.33333333333333331"},
      {5e-324, "4.9406564584124654e-324"},
      {DBL_MAX, "1.7976931348623157e+308"},
      {HUGE_VAL, "Infinity"},
      {-HUGE_VAL, "-Infinity"},
      {std::nan(""), "NaN"},
  };
  for (const auto& c : cases) EXPECT_EQ(Dump(Any(c.first)), c.second) << c.second;
}

TEST(Json, StringifyStrings) {
  std::string raw = std::string("a\"b\\c/d\b\f\n\r\t\x01\x1f\x7f\x80\xC3\xA9\xF0\x9F\x98\x80") +
                    std::string(1, '\0');
  EXPECT_EQ(Dump(Any(String(raw))),
            "\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u0001\\u001f\\u007f\x80\xC3\xA9\xF0\x9F\x98\x80"
            "\\u0000\"");
  EXPECT_EQ(Dump(Any(String(std::string(100, 'q')))), "\"" + std::string(100, 'q') + "\"");
}

TEST(Json, StringifyErrors) {
  ExpectStringifyError(Map<Any, Any>{{Any(1), Any(2)}}, "Expect key to be string, got `int`");
  ExpectStringifyError(
      json::Object{{String("a"), Any(Map<Any, Any>{{Any(1.5), Any(2)}})}},
      "Expect key to be string, got `float`");
  ExpectStringifyError(Map<Any, Any>{{Any(nullptr), Any(1)}},
                       "Expect key to be string, got `None`");
  ExpectStringifyError(Map<Any, Any>{{Any(true), Any(1)}}, "Expect key to be string, got `bool`");
  ExpectStringifyError(Any(Bytes("ab")), "Unsupported type: `ffi.SmallBytes`");
  ExpectStringifyError(Any(Bytes(std::string(100, 'a'))), "Unsupported type: `ffi.Bytes`");
  ExpectStringifyError(json::Array{Any(1), Any(Bytes("x"))}, "Unsupported type: `ffi.SmallBytes`");
  ExpectStringifyError(Any(Shape({1, 2})), "Unsupported type: `ffi.Shape`");
  ExpectStringifyError(Any(Dict<Any, Any>{{String("a"), Any(1)}}), "Unsupported type: `ffi.Dict`");
  ExpectStringifyError(Any(Function::FromTyped([]() {})), "Unsupported type: `ffi.Function`");
  ExpectStringifyError(Any(DLDevice{kDLCPU, 0}), "Unsupported type: `Device`");
  ExpectStringifyError(Any(DLDataType{kDLFloat, 32, 1}), "Unsupported type: `DataType`");
  ExpectStringifyError(Any(reinterpret_cast<void*>(uintptr_t{16})), "Unsupported type: `void*`");
  // A List that contains itself is caught by the depth limit, not by the stack.
  List<Any> cycle;
  cycle.push_back(Any(1));
  cycle.push_back(Any(cycle));
  ExpectStringifyError(cycle, "Exceeded maximum nesting depth " +
                                  std::to_string(json::kMaxNestingDepth));
  cycle.clear();  // break the cycle so the list is freed
}

TEST(Json, RoundTrip) {
  const std::vector<std::string> docs = {
      R"({"a":[1,2.5,true,null,"x"],"b":{"c":-300.0}})",
      R"([0.1,1e-05,1e+17,-0.0,3.0,NaN,Infinity,-Infinity,9007199254740992,123.456])",
      R"(["\u0000\u001f\"\\\/\b\f\n\r\t\u007f","é😀",""])",
      R"({"":{"":[[],{}]},"k":[-9223372036854775808,9223372036854775807]})",
      R"([5e-300,2.2250738585072014e-308,1.7976931348623157e+308,0.33333333333333331])",
  };
  for (const std::string& doc : docs) {
    Any v = json::Parse(String(doc));
    for (int indent : {0, 1, 2, 4, -1}) {
      String text = json::Stringify(v, indent);
      EXPECT_TRUE(SameValue(v, json::Parse(text))) << doc << "\n" << text;
    }
  }
  EXPECT_EQ(Dump(json::Parse(R"({"a":[1,2.5,true,null,"x"],"b":{"c":-300.0}})")),
            R"({"a":[1,2.5,true,null,"x"],"b":{"c":-300.0}})");
}

TEST(Json, Globals) {
  Function parse = Function::GetGlobal("ffi.json.Parse").value();
  Function stringify = Function::GetGlobal("ffi.json.Stringify").value();
  Any v = parse(String(R"({"a":[1,{"b":null}]})"));
  EXPECT_EQ(v.type_index(), kTVMFFIMap);
  EXPECT_EQ(std::string(stringify(v, nullptr).cast<String>()), R"({"a":[1,{"b":null}]})");
  EXPECT_EQ(std::string(stringify(v, 1).cast<String>()),
            "{\n \"a\": [\n  1,\n  {\n   \"b\": null\n  }\n ]\n}");
  ExpectError([&] { parse(String("[1 2]")); }, "ValueError",
              "Expecting ',' delimiter: line 1 column 4 (char 3)");
  ExpectError([&] { stringify(Map<Any, Any>{{Any(1), Any(2)}}, nullptr); }, "ValueError",
              "Expect key to be string, got `int`");

  // Through the C ABI: a failure is a -1 return with the error raised, never an exception.
  auto call = [](const Function& f, std::vector<AnyView> argv) {
    std::vector<TVMFFIAny> raw;
    for (const AnyView& a : argv) raw.push_back(a.CopyToTVMFFIAny());
    TVMFFIAny result;
    result.type_index = kTVMFFINone;
    result.v_int64 = 0;
    return TVMFFIFunctionCall(detail::ObjectUnsafe::TVMFFIObjectPtrFromObjectRef(f), raw.data(),
                              static_cast<int32_t>(raw.size()), &result);
  };
  String text(std::string("{\"a\":") + std::string(100, ' '));
  EXPECT_EQ(call(parse, {AnyView(text)}), -1);
  Error err = TakeRaised();
  EXPECT_EQ(err.kind(), "ValueError");
  EXPECT_EQ(err.message(), "Expecting value: line 1 column 106 (char 105)");
  Bytes bytes("xy");
  EXPECT_EQ(call(stringify, {AnyView(bytes), AnyView(nullptr)}), -1);
  err = TakeRaised();
  EXPECT_EQ(err.kind(), "ValueError");
  EXPECT_EQ(err.message(), "Unsupported type: `ffi.SmallBytes`");
}

}  // namespace
