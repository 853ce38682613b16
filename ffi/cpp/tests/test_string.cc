// ffi/cpp/tests/test_string.cc: String and Bytes storage forms, API, conversions and escaping.
#include <unordered_set>

#include "cpp_test_helpers.h"

namespace cpptest {
namespace {

TVMFFIAny ViewOf(const String& s) {
  TVMFFIAny out;
  TypeTraits<String>::CopyToAnyView(s, &out);
  return out;
}

TEST(String, UpToSevenBytesAreStoredInline) {
  // SPEC: STR-SMALL, STR-SMALL-ZERO
  for (size_t n = 0; n <= 7; ++n) {
    std::string text(n, 'q');
    String s(text);
    TVMFFIAny raw = ViewOf(s);
    EXPECT_EQ(raw.type_index, TypeIndex::kTVMFFISmallStr) << n;
    EXPECT_EQ(raw.small_str_len, n);
    EXPECT_EQ(std::string(raw.v_bytes, n), text);
    for (size_t k = n; k < 8; ++k) EXPECT_EQ(raw.v_bytes[k], '\0') << n << " " << k;
    EXPECT_EQ(s.size(), n);
    EXPECT_EQ(std::strlen(s.c_str()), n);
  }
}

TEST(String, EightBytesAndMoreLiveOnTheHeap) {
  // SPEC: STR-HEAP, STR-HEAP-NUL, OBJ-CELL-OFFSET
  String s("12345678");
  TVMFFIAny raw = ViewOf(s);
  ASSERT_EQ(raw.type_index, TypeIndex::kTVMFFIStr);
  const TVMFFIByteArray* cell = TVMFFIBytesGetByteArrayPtr(raw.v_obj);
  EXPECT_EQ(cell->size, 8u);
  EXPECT_EQ(cell->data[8], '\0');
  EXPECT_EQ(cell->data, s.data());
  EXPECT_EQ(reinterpret_cast<const char*>(cell->data) - reinterpret_cast<const char*>(raw.v_obj),
            40);  // inline right after the 40-byte object
}

TEST(String, MovedStdStringsKeepTheCanonicalForm) {
  // SPEC: ANY-BYTE-EQUALITY, STR-SMALL, STR-HEAP
  EXPECT_EQ(ViewOf(String(std::string("tiny"))).type_index, TypeIndex::kTVMFFISmallStr);
  std::string long_text(100, 'L');
  const char* buffer = long_text.data();
  String adopted(std::move(long_text));
  TVMFFIAny raw = ViewOf(adopted);
  EXPECT_EQ(raw.type_index, TypeIndex::kTVMFFIStr);
  EXPECT_EQ(adopted.data(), buffer);  // no copy
  EXPECT_EQ(adopted.data()[100], '\0');
}

TEST(String, MatchesTheRuntimeEncodingByteForByte) {
  // SPEC: ANY-BYTE-EQUALITY, STR-FROM-BYTEARRAY
  for (const std::string& text : {std::string(""), std::string("seven77"), std::string("eight888")}) {
    TVMFFIByteArray in{text.data(), text.size()};
    TVMFFIAny from_runtime;
    ASSERT_EQ(TVMFFIStringFromByteArray(&in, &from_runtime), 0);
    Any owned = detail::AnyUnsafe::MoveTVMFFIAnyRawToAny(from_runtime);
    String sdk(text);
    TVMFFIAny mine = ViewOf(sdk);
    EXPECT_EQ(mine.type_index, owned.type_index());
    if (mine.type_index == TypeIndex::kTVMFFISmallStr) {
      EXPECT_EQ(RawBytes(mine), RawBytes(*detail::AnyUnsafe::TVMFFIAnyPtrFromAny(owned)));
    }
    EXPECT_EQ(owned.cast<String>(), sdk);
  }
}

TEST(String, CarriesEmbeddedNulBytes) {
  // SPEC: STR-ENCODING
  std::string text("a\0b\0c", 5);
  String s(text.data(), text.size());
  EXPECT_EQ(s.size(), 5u);
  EXPECT_EQ(std::string(s), text);
  EXPECT_TRUE(s == text);
  EXPECT_FALSE(s == "a");  // a C string stops at the first NUL
  Bytes b(std::string(20, '\0'));
  EXPECT_EQ(b.size(), 20u);
}

TEST(String, ComparisonsAndConcatenation) {
  String a("apple"), b("banana");
  std::string std_b = "banana";
  EXPECT_TRUE(a < b);
  EXPECT_TRUE(b > "apple");
  EXPECT_TRUE("apple" < b);
  EXPECT_TRUE(a <= a);
  EXPECT_TRUE(std_b >= a);
  EXPECT_TRUE(b == std_b);
  EXPECT_TRUE(std_b == b);
  EXPECT_TRUE(a != b);
  EXPECT_EQ(a.compare("apple"), 0);
  EXPECT_LT(a.compare("applesauce"), 0);
  EXPECT_GT(b.compare(a), 0);
  EXPECT_EQ(a + b, "applebanana");
  EXPECT_EQ(a + std::string("!"), "apple!");
  EXPECT_EQ("x" + a, "xapple");
  EXPECT_EQ(std::string("y") + a, "yapple");
  EXPECT_EQ((a + "").size(), 5u);
  EXPECT_EQ(ViewOf(a + b).type_index, TypeIndex::kTVMFFIStr);
  EXPECT_EQ(ViewOf(String("ab") + "cd").type_index, TypeIndex::kTVMFFISmallStr);
}

TEST(String, SearchAndSlice) {
  String s("one,two,,three");
  EXPECT_EQ(s.find("two"), 4u);
  EXPECT_EQ(s.find(String("zzz")), String::npos);
  EXPECT_EQ(s.substr(4, 3), "two");
  EXPECT_EQ(s.substr(9), "three");
  EXPECT_THROW(s.substr(100), std::out_of_range);
  EXPECT_EQ(s.at(0), 'o');
  EXPECT_THROW(s.at(100), std::out_of_range);
  EXPECT_TRUE(s.starts_with("one"));
  EXPECT_TRUE(s.starts_with(std::string_view("one,")));
  EXPECT_FALSE(s.starts_with("two"));
  EXPECT_TRUE(s.ends_with("three"));
  EXPECT_FALSE(s.ends_with("this suffix is longer than the string"));
  std::vector<std::string_view> parts = s.Split(',');
  ASSERT_EQ(parts.size(), 4u);
  EXPECT_EQ(parts[2], "");
  EXPECT_EQ(parts[3], "three");
  EXPECT_TRUE(String().empty());
  EXPECT_EQ(String().Split(',').size(), 1u);
}

TEST(String, CopiesShareTheHeapObjectAndMovesEmpty) {
  String s(std::string(40, 'h'));
  const Object* obj = reinterpret_cast<const Object*>(ViewOf(s).v_obj);
  String copy = s;
  EXPECT_EQ(obj->use_count(), 2u);
  String moved = std::move(copy);
  EXPECT_EQ(obj->use_count(), 2u);
  EXPECT_TRUE(copy.empty());  // NOLINT(bugprone-use-after-move): a moved-from String is empty
  s = "reassigned";
  EXPECT_EQ(obj->use_count(), 1u);
}

TEST(String, ConvertsFromEveryStringKind) {
  // SPEC: ANY-VIEW-ONLY-KINDS
  EXPECT_EQ(AnyView("raw").cast<String>(), "raw");
  EXPECT_EQ(Any(String("owned")).cast<std::string>(), "owned");
  std::string text = "via std::string";
  EXPECT_EQ(AnyView(text).cast<std::string>(), text);
  TVMFFIByteArray bytes{"bytes!", 6};
  EXPECT_EQ(AnyView(&bytes).cast<std::string>(), "bytes!");
  EXPECT_EQ(AnyView(&bytes).cast<Bytes>().size(), 6u);
  EXPECT_FALSE(AnyView(&bytes).try_cast<String>().has_value());
  EXPECT_FALSE(Any(Bytes("b")).try_cast<String>().has_value());
  EXPECT_EQ(AnyView("raw").cast<const char*>(), std::string("raw"));
  ExpectError([] { Any(String("x")).cast<const char*>(); }, "TypeError", "`const char*`");
}

TEST(String, StdHashUsesTheContent) {
  std::unordered_set<String> set = {String("k1"), String(std::string(30, 'k'))};
  EXPECT_EQ(set.count(String("k1")), 1u);
  EXPECT_EQ(set.count(String(std::string(30, 'k'))), 1u);
  EXPECT_EQ(std::hash<String>()(String("abc")), std::hash<std::string_view>()("abc"));
  EXPECT_EQ(std::hash<Bytes>()(Bytes("abc")), std::hash<std::string_view>()("abc"));
}

TEST(Bytes, StorageFormsAndComparisons) {
  // SPEC: STR-SMALL, STR-HEAP, STR-EQUALITY
  Any small = Bytes("1234567");
  Any heap = Bytes("12345678");
  EXPECT_EQ(small.type_index(), TypeIndex::kTVMFFISmallBytes);
  EXPECT_EQ(heap.type_index(), TypeIndex::kTVMFFIBytes);
  EXPECT_EQ(Bytes::memncmp("ab", "abc", 2, 3), -1);
  EXPECT_EQ(Bytes::memncmp("abd", "abc", 3, 3), 1);
  EXPECT_EQ(Bytes::memncmp("abc", "abc", 3, 3), 0);
  EXPECT_TRUE(Bytes::memequal("abc", "abc", 3, 3));
  EXPECT_FALSE(Bytes::memequal("abc", "abd", 3, 3));
  Bytes b;
  b = std::string("assigned");
  EXPECT_EQ(std::string(b), "assigned");
}

TEST(String, EscapeStringJSON) {
  EXPECT_EQ(EscapeStringJSON("a\"b\\c/\n\x01\x7f"), R"("a\"b\\c\/\n\u0001\u007f")");
  EXPECT_EQ(EscapeStringJSON("\b\f\r\t"), R"("\b\f\r\t")");
  EXPECT_EQ(EscapeStringJSON(""), R"("")");
}

TEST(String, EscapedStringPy) {
  EXPECT_EQ(EscapedStringPy("plain"), "\"plain\"");
  EXPECT_EQ(EscapedStringPy("q\"\\\n\t\r"), R"("q\"\\\n\t\r")");
  EXPECT_EQ(EscapedStringPy("\x01"), R"("\x01")");
  EXPECT_EQ(EscapedStringPy("\xc3\xa9"), R"("\u00e9")");          // é
  EXPECT_EQ(EscapedStringPy("\xe2\x82\xac"), R"("\u20ac")");      // €
  EXPECT_EQ(EscapedStringPy("\xf0\x9f\x98\x80"), R"("\U0001f600")");
  EXPECT_EQ(EscapedStringPy("\xff"), R"("\xff")");                  // malformed
  EXPECT_EQ(EscapedStringPy("\x1b[31mred\x1b[0m"), R"("\x1b[31mred\x1b[0m")");
}

}  // namespace
}  // namespace cpptest
