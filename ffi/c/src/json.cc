// ffi/c/src/json.cc: json::Parse and json::Stringify (tvm/ffi/extra/json.h) and the globals
// `ffi.json.Parse(str) -> Any` and `ffi.json.Stringify(value, indent) -> str`.
//
// The messages follow Python's json module, as the reference runtime's do; positions are byte
// offsets. Parsing keeps its own stack of open containers, so input depth never turns into C++
// recursion; Stringify recurses, bounded by the same depth limit.
#include <tvm/ffi/any.h>
#include <tvm/ffi/container/array.h>
#include <tvm/ffi/container/list.h>
#include <tvm/ffi/container/map.h>
#include <tvm/ffi/error.h>
#include <tvm/ffi/extra/json.h>
#include <tvm/ffi/optional.h>
#include <tvm/ffi/reflection/registry.h>
#include <tvm/ffi/string.h>

#include <charconv>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

namespace tvm {
namespace ffi {
namespace json {

namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsNumberChar(char c) {
  return IsDigit(c) || c == '+' || c == '-' || c == '.' || c == 'e' || c == 'E';
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void AppendUTF8(std::string* out, uint32_t cp) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Whole-token int64: [+-]?[0-9]+ without overflow (strtoll's grammar, so "01" and "+1" pass).
bool ReadInt(const char* first, const char* last, int64_t* out) {
  bool neg = false;
  if (first != last && (*first == '+' || *first == '-')) neg = (*first++ == '-');
  if (first == last) return false;
  uint64_t mag = 0;
  const uint64_t limit = neg ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1;
  for (; first != last; ++first) {
    if (!IsDigit(*first)) return false;
    uint64_t d = static_cast<uint64_t>(*first - '0');
    if (mag > (limit - d) / 10) return false;
    mag = mag * 10 + d;
  }
  *out = neg ? static_cast<int64_t>(0 - mag) : static_cast<int64_t>(mag);
  return true;
}

// Whole-token finite double with strtod's grammar (".5", "1.", "1E2") and its range rule: a
// result that overflows, or underflows to zero or to a subnormal, is rejected. from_chars does
// the conversion because it ignores the process locale.
bool ReadFloat(const char* first, const char* last, double* out) {
  bool neg = false;
  if (first != last && (*first == '+' || *first == '-')) neg = (*first++ == '-');
  const char* p = first;
  bool nonzero = false;
  int digits = 0;
  for (; p != last && IsDigit(*p); ++p, ++digits) nonzero |= *p != '0';
  if (p != last && *p == '.') {
    for (++p; p != last && IsDigit(*p); ++p, ++digits) nonzero |= *p != '0';
  }
  if (digits == 0) return false;
  if (p != last && (*p == 'e' || *p == 'E')) {
    ++p;
    if (p != last && (*p == '+' || *p == '-')) ++p;
    if (p == last || !IsDigit(*p)) return false;
    while (p != last && IsDigit(*p)) ++p;
  }
  if (p != last) return false;
  double v = 0.0;
  std::from_chars_result r = std::from_chars(first, last, v, std::chars_format::general);
  if (r.ptr != last) return false;
  if (r.ec == std::errc::result_out_of_range) return false;
  if (r.ec != std::errc()) return false;
  if (!std::isfinite(v)) return false;
  if (nonzero && std::fabs(v) < DBL_MIN) return false;
  *out = neg ? -v : v;
  return true;
}

// One open container on the parser's stack.
struct Frame {
  bool is_object;
  std::vector<Any> items;  // array elements
  Object object;           // object members
  String key;              // the key whose value is being parsed
};

class Parser {
 public:
  Parser(const char* data, size_t size) : s_(data), n_(size) {}

  // Returns false with message()/pos() set on failure.
  bool Run(Any* result) {
    SkipSpace();
    if (!ParseDocument(result)) return false;
    SkipSpace();
    if (i_ != n_) return Fail("Extra data", i_);
    return true;
  }

  std::string Message() const {
    size_t line = 1;
    size_t line_start = 0;  // index just past the last '\n' before pos_
    for (size_t k = 0; k < pos_; ++k) {
      if (s_[k] == '\n') {
        ++line;
        line_start = k + 1;
      }
    }
    return msg_ + ": line " + std::to_string(line) + " column " +
           std::to_string(pos_ - line_start + 1) + " (char " + std::to_string(pos_) + ")";
  }

 private:
  bool Fail(const char* msg, size_t pos) {
    msg_ = msg;
    pos_ = pos;
    return false;
  }

  void SkipSpace() {
    while (i_ < n_ && IsSpace(s_[i_])) ++i_;
  }

  bool Match(const char* word) const {
    size_t len = std::strlen(word);
    return n_ - i_ >= len && std::memcmp(s_ + i_, word, len) == 0;
  }

  // Drives the explicit stack: each step reads a value at i_, pushing a frame for '[' / '{' and
  // handing finished values to the innermost open container.
  bool ParseDocument(Any* result) {
    std::vector<Frame> stack;
    while (true) {
      // i_ is at the start of a value (whitespace already skipped).
      Any value;
      bool opened = false;
      if (i_ < n_ && (s_[i_] == '[' || s_[i_] == '{')) {
        if (stack.size() >= static_cast<size_t>(kMaxNestingDepth)) {
          msg_ = "Exceeded maximum nesting depth " + std::to_string(kMaxNestingDepth);
          pos_ = i_;
          return false;
        }
        bool is_object = s_[i_] == '{';
        ++i_;
        SkipSpace();
        if (i_ < n_ && s_[i_] == (is_object ? '}' : ']')) {
          ++i_;
          if (is_object) {
            value = Object();
          } else {
            value = Array();
          }
        } else {
          stack.push_back(Frame{is_object, {}, Object(), String()});
          opened = true;
          if (is_object && !ParseKey(&stack.back())) return false;
        }
      } else if (!ParseScalar(&value)) {
        return false;
      }
      if (opened) continue;
      // A finished value: attach it, closing every container it completes.
      while (true) {
        if (stack.empty()) {
          *result = std::move(value);
          return true;
        }
        Frame& top = stack.back();
        if (top.is_object) {
          top.object.Set(top.key, std::move(value));
        } else {
          top.items.push_back(std::move(value));
        }
        SkipSpace();
        char close = top.is_object ? '}' : ']';
        if (i_ < n_ && s_[i_] == ',') {
          ++i_;
          SkipSpace();
          // The reference's wording for input that ends right after a comma.
          if (i_ >= n_) return Fail("Syntax error near", i_);
          if (top.is_object && !ParseKey(&top)) return false;
          break;  // next value
        }
        if (i_ >= n_ || s_[i_] != close) return Fail("Expecting ',' delimiter", i_);
        ++i_;
        if (top.is_object) {
          value = std::move(top.object);
        } else {
          value = Array(std::make_move_iterator(top.items.begin()),
                        std::make_move_iterator(top.items.end()));
        }
        stack.pop_back();
      }
    }
  }

  // Reads `"key" :` into frame->key and skips the whitespace before the value.
  bool ParseKey(Frame* frame) {
    if (i_ >= n_ || s_[i_] != '"') {
      return Fail("Expecting property name enclosed in double quotes", i_);
    }
    if (!ParseString(&frame->key)) return false;
    SkipSpace();
    if (i_ >= n_ || s_[i_] != ':') return Fail("Expecting ':' delimiter", i_);
    ++i_;
    SkipSpace();
    return true;
  }

  bool ParseScalar(Any* out) {
    if (i_ >= n_) return Fail("Expecting value", i_);
    char c = s_[i_];
    if (c == '"') {
      String str;
      if (!ParseString(&str)) return false;
      *out = std::move(str);
      return true;
    }
    struct Literal {
      const char* text;
      int kind;  // 0 null, 1 true, 2 false, 3 NaN, 4 Infinity, 5 -Infinity
    };
    static const Literal kLiterals[] = {{"null", 0},     {"true", 1},      {"false", 2},
                                        {"NaN", 3},      {"Infinity", 4}, {"-Infinity", 5}};
    for (const Literal& lit : kLiterals) {
      if (!Match(lit.text)) continue;
      i_ += std::strlen(lit.text);
      switch (lit.kind) {
        case 0: *out = nullptr; break;
        case 1: *out = true; break;
        case 2: *out = false; break;
        case 3: *out = std::nan(""); break;
        case 4: *out = HUGE_VAL; break;
        default: *out = -HUGE_VAL; break;
      }
      return true;
    }
    size_t end = i_;
    while (end < n_ && IsNumberChar(s_[end])) ++end;
    int64_t iv = 0;
    double dv = 0.0;
    if (end > i_ && ReadInt(s_ + i_, s_ + end, &iv)) {
      *out = iv;
    } else if (end > i_ && ReadFloat(s_ + i_, s_ + end, &dv)) {
      *out = dv;
    } else {
      return Fail("Expecting value", i_);
    }
    i_ = end;
    return true;
  }

  // i_ is at the opening quote.
  bool ParseString(String* out) {
    const size_t start = i_++;
    std::string buf;
    while (true) {
      // Copy the run of plain bytes in one go.
      size_t run = i_;
      while (run < n_ && s_[run] != '"' && s_[run] != '\\' &&
             static_cast<unsigned char>(s_[run]) >= 0x20) {
        ++run;
      }
      buf.append(s_ + i_, run - i_);
      i_ = run;
      if (i_ >= n_) return Fail("Unterminated string starting at", start);
      char c = s_[i_];
      if (c == '"') {
        ++i_;
        *out = String(std::move(buf));
        return true;
      }
      if (c != '\\') return Fail("Invalid control character at", i_);
      ++i_;  // at the escape letter
      if (i_ >= n_) return Fail("Invalid \\escape", i_);
      switch (s_[i_]) {
        case '"': buf.push_back('"'); break;
        case '\\': buf.push_back('\\'); break;
        case '/': buf.push_back('/'); break;
        case 'b': buf.push_back('\b'); break;
        case 'f': buf.push_back('\f'); break;
        case 'n': buf.push_back('\n'); break;
        case 'r': buf.push_back('\r'); break;
        case 't': buf.push_back('\t'); break;
        case 'u': {
          if (!ParseUnicodeEscape(&buf)) return false;
          continue;  // i_ already past the escape
        }
        default: return Fail("Invalid \\escape", i_);
      }
      ++i_;
    }
  }

  // Four hex digits at `at`, or -1.
  int32_t Hex4(size_t at) const {
    if (at > n_ || n_ - at < 4) return -1;
    int32_t v = 0;
    for (size_t k = 0; k < 4; ++k) {
      int h = HexValue(s_[at + k]);
      if (h < 0) return -1;
      v = v * 16 + h;
    }
    return v;
  }

  // i_ is at the 'u' of "\uXXXX". Positions in the messages match the reference's.
  bool ParseUnicodeEscape(std::string* buf) {
    const size_t u = i_;
    int32_t hi = Hex4(u + 1);
    if (hi < 0) return Fail("Invalid \\uXXXX escape", u);
    if (hi >= 0xDC00 && hi <= 0xDFFF) return Fail("Invalid surrogate pair of \\uXXXX escapes", u);
    if (hi < 0xD800 || hi > 0xDBFF) {
      AppendUTF8(buf, static_cast<uint32_t>(hi));
      i_ = u + 5;
      return true;
    }
    if (n_ - u < 7 || s_[u + 5] != '\\' || s_[u + 6] != 'u') {
      return Fail("Invalid surrogate pair of \\uXXXX escapes", u);
    }
    int32_t lo = Hex4(u + 7);
    if (lo < 0) return Fail("Invalid \\uXXXX escape", u + 7);
    if (lo < 0xDC00 || lo > 0xDFFF) return Fail("Invalid surrogate pair of \\uXXXX escapes", u + 7);
    uint32_t cp = 0x10000 + ((static_cast<uint32_t>(hi) - 0xD800) << 10) +
                  (static_cast<uint32_t>(lo) - 0xDC00);
    AppendUTF8(buf, cp);
    i_ = u + 11;
    return true;
  }

  const char* s_;
  size_t n_;
  size_t i_ = 0;
  std::string msg_;
  size_t pos_ = 0;
};

class Writer {
 public:
  explicit Writer(int indent) : indent_(indent) {}

  void Write(const Any& v, int depth) {
    switch (v.type_index()) {
      case kTVMFFINone: out_ += "null"; return;
      case kTVMFFIBool: out_ += v.cast<bool>() ? "true" : "false"; return;
      case kTVMFFIInt: out_ += std::to_string(v.cast<int64_t>()); return;
      case kTVMFFIFloat: WriteFloat(v.cast<double>()); return;
      case kTVMFFISmallStr:
      case kTVMFFIStr: WriteString(v.cast<String>()); return;
      case kTVMFFIArray: WriteSeq(*v.as<ArrayObj>(), depth); return;
      case kTVMFFIList: WriteSeq(*v.as<ListObj>(), depth); return;
      case kTVMFFIMap: WriteMap(*v.as<MapObj>(), depth); return;
      default:
        TVM_FFI_THROW(ValueError) << "Unsupported type: `" << v.GetTypeKey() << "`";
    }
  }

  std::string& out() { return out_; }

 private:
  void Enter(int depth) {
    if (depth >= kMaxNestingDepth) {
      TVM_FFI_THROW(ValueError) << "Exceeded maximum nesting depth " << int{kMaxNestingDepth};
    }
  }

  // Newline and indentation for an item at `level`; nothing when compact.
  void Break(int level) {
    if (indent_ == 0) return;
    out_.push_back('\n');
    if (indent_ > 0) out_.append(static_cast<size_t>(indent_) * static_cast<size_t>(level), ' ');
  }

  void WriteSeq(const SeqBaseObj& seq, int depth) {
    Enter(depth);
    out_.push_back('[');
    bool first = true;
    for (const Any& item : seq) {
      if (!first) out_.push_back(',');
      first = false;
      Break(depth + 1);
      Write(item, depth + 1);
    }
    Break(depth);
    out_.push_back(']');
  }

  void WriteMap(const MapObj& map, int depth) {
    Enter(depth);
    out_.push_back('{');
    bool first = true;
    for (const auto& kv : map) {
      int32_t key_type = kv.first.type_index();
      if (key_type != kTVMFFIStr && key_type != kTVMFFISmallStr) {
        TVM_FFI_THROW(ValueError) << "Expect key to be string, got `" << kv.first.GetTypeKey()
                                  << "`";
      }
      if (!first) out_.push_back(',');
      first = false;
      Break(depth + 1);
      WriteString(kv.first.cast<String>());
      out_ += indent_ == 0 ? ":" : ": ";
      Write(kv.second, depth + 1);
    }
    Break(depth);
    out_.push_back('}');
  }

  void WriteFloat(double v) {
    if (std::isnan(v)) {
      out_ += "NaN";
    } else if (std::isinf(v)) {
      out_ += v > 0 ? "Infinity" : "-Infinity";
    } else if (v == std::floor(v) && std::fabs(v) < 9007199254740992.0) {
      // Integral and exactly an int64: keep a ".0" so the text reads back as a float.
      if (v == 0.0 && std::signbit(v)) out_.push_back('-');
      out_ += std::to_string(static_cast<int64_t>(v));
      out_ += ".0";
    } else {
      char buf[64];
      std::to_chars_result r =
          std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::general, 17);
      out_.append(buf, r.ptr);
    }
  }

  void WriteString(const String& s) {
    static const char kHex[] = "0123456789abcdef";
    out_.push_back('"');
    const char* p = s.data();
    for (size_t k = 0, n = s.size(); k < n; ++k) {
      unsigned char c = static_cast<unsigned char>(p[k]);
      switch (c) {
        case '"': out_ += "\\\""; break;
        case '\\': out_ += "\\\\"; break;
        case '/': out_ += "\\/"; break;
        case '\b': out_ += "\\b"; break;
        case '\f': out_ += "\\f"; break;
        case '\n': out_ += "\\n"; break;
        case '\r': out_ += "\\r"; break;
        case '\t': out_ += "\\t"; break;
        default:
          if (c < 0x20 || c == 0x7F) {
            out_ += "\\u00";
            out_.push_back(kHex[c >> 4]);
            out_.push_back(kHex[c & 0xF]);
          } else {
            out_.push_back(static_cast<char>(c));
          }
      }
    }
    out_.push_back('"');
  }

  int indent_;
  std::string out_;
};

}  // namespace

json::Value Parse(const String& json_str, String* error_msg) {
  Parser parser(json_str.data(), json_str.size());
  Any result;
  if (parser.Run(&result)) return result;
  if (error_msg == nullptr) TVM_FFI_THROW(ValueError) << parser.Message();
  *error_msg = String(parser.Message());
  return Any();
}

String Stringify(const json::Value& value, const Optional<int>& indent) {
  Writer writer(indent.has_value() ? *indent : 0);
  writer.Write(value, 0);
  return String(std::move(writer.out()));
}

}  // namespace json
}  // namespace ffi
}  // namespace tvm

namespace tvm_ffi_rt {
namespace {

__attribute__((constructor)) void register_json() {
  namespace refl = ::tvm::ffi::reflection;
  using ::tvm::ffi::Any;
  using ::tvm::ffi::Optional;
  using ::tvm::ffi::String;
  try {
    refl::GlobalDef()
        .def("ffi.json.Parse", [](const String& text) { return ::tvm::ffi::json::Parse(text); })
        .def("ffi.json.Stringify", [](const Any& value, Optional<int> indent) {
          return ::tvm::ffi::json::Stringify(value, indent);
        });
  } catch (...) {
    // Out of memory while loading: the C API still works without them.
  }
}

}  // namespace
}  // namespace tvm_ffi_rt
