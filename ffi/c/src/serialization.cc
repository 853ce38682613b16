// ffi/c/src/serialization.cc: ToJSONGraph / FromJSONGraph (tvm/ffi/extra/serialization.h) and
// the globals
//   ffi.ToJSONGraph(value, metadata) -> Map        ffi.ToJSONGraphString(value, metadata) -> str
//   ffi.FromJSONGraph(graph) -> Any                ffi.FromJSONGraphString(text) -> Any
//
// Node kinds ("type" -> "data"):
//   None -> (no data)          int -> int      float -> number     bool -> true/false
//   ffi.String -> string       ffi.Bytes -> base64 string          ffi.BigInt -> decimal string
//   ffi.Array / ffi.List -> [node indices]     ffi.Map / ffi.Dict -> [k0, v0, k1, v1, ...]
//   ffi.Shape -> [ints]        DataType -> "float32"               Device -> [type, id]
//   a reflected type -> {field: value}, fields in registration order (ancestors first); fields
//   typed int/float/bool hold their value and DataType fields the dtype string, every other field
//   a node index; a type with `__data_to_json__` -> whatever that function returns.
//
// Neither direction recurses: the writer keeps its own stack, and the reader relies on children
// preceding parents (it rejects any other reference, which also rules out cycles) to build the
// nodes reachable from the root in index order.
#include <tvm/ffi/any.h>
#include <tvm/ffi/c_api.h>
#include <tvm/ffi/container/array.h>
#include <tvm/ffi/container/dict.h>
#include <tvm/ffi/container/list.h>
#include <tvm/ffi/container/map.h>
#include <tvm/ffi/container/shape.h>
#include <tvm/ffi/device.h>
#include <tvm/ffi/dtype.h>
#include <tvm/ffi/error.h>
#include <tvm/ffi/extra/json.h>
#include <tvm/ffi/extra/serialization.h>
#include <tvm/ffi/function.h>
#include <tvm/ffi/reflection/accessor.h>
#include <tvm/ffi/reflection/creator.h>
#include <tvm/ffi/reflection/registry.h>
#include <tvm/ffi/string.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace tvm {
namespace ffi {

namespace {

namespace refl = ::tvm::ffi::reflection;

constexpr const char* kWriter = "ffi.ToJSONGraph";
constexpr const char* kReader = "ffi.FromJSONGraph";

bool IsStr(int32_t t) { return t == kTVMFFIStr || t == kTVMFFISmallStr; }
bool IsBytes(int32_t t) { return t == kTVMFFIBytes || t == kTVMFFISmallBytes; }

std::string ToStd(const TVMFFIByteArray& b) { return std::string(b.data, b.size); }

std::string TextOf(const Any& v) {
  if (IsStr(v.type_index())) {
    String s = v.cast<String>();
    return std::string(s.data(), s.size());
  }
  Bytes b = v.cast<Bytes>();
  return std::string(b.data(), b.size());
}

// Fields of these static types are written inline rather than as node indices.
bool IsInlineField(const TVMFFIFieldInfo* field) {
  int32_t t = field->field_static_type_index;
  return t == kTVMFFIInt || t == kTVMFFIFloat || t == kTVMFFIBool || t == kTVMFFIDataType;
}

std::optional<Function> TypeHook(const refl::TypeAttrColumn& column, int32_t type_index) {
  AnyView entry = column[type_index];
  if (entry.type_index() != kTVMFFIFunction) return std::nullopt;
  return entry.cast<Function>();
}

const refl::TypeAttrColumn& DataToJSONColumn() {
  static const refl::TypeAttrColumn column(refl::type_attr::kDataToJSON.name);
  return column;
}

const refl::TypeAttrColumn& DataFromJSONColumn() {
  static const refl::TypeAttrColumn column(refl::type_attr::kDataFromJSON.name);
  return column;
}

// ---- base64 ---------------------------------------------------------------------------------

constexpr char kBase64Chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string Base64Encode(const std::string& in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= in.size(); i += 3) {
    uint32_t n = (static_cast<uint8_t>(in[i]) << 16) | (static_cast<uint8_t>(in[i + 1]) << 8) |
                 static_cast<uint8_t>(in[i + 2]);
    out.push_back(kBase64Chars[(n >> 18) & 63]);
    out.push_back(kBase64Chars[(n >> 12) & 63]);
    out.push_back(kBase64Chars[(n >> 6) & 63]);
    out.push_back(kBase64Chars[n & 63]);
  }
  size_t rest = in.size() - i;
  if (rest != 0) {
    uint32_t n = static_cast<uint8_t>(in[i]) << 16;
    if (rest == 2) n |= static_cast<uint8_t>(in[i + 1]) << 8;
    out.push_back(kBase64Chars[(n >> 18) & 63]);
    out.push_back(kBase64Chars[(n >> 12) & 63]);
    out.push_back(rest == 2 ? kBase64Chars[(n >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// Strict padded base64; false for anything else.
bool Base64Decode(const std::string& in, std::string* out) {
  if (in.size() % 4 != 0) return false;
  size_t pad = 0;
  if (!in.empty() && in.back() == '=') pad = (in[in.size() - 2] == '=') ? 2 : 1;
  out->clear();
  out->reserve(in.size() / 4 * 3);
  for (size_t i = 0; i < in.size(); i += 4) {
    bool last = i + 4 == in.size();
    uint32_t n = 0;
    for (size_t j = 0; j < 4; ++j) {
      char c = in[i + j];
      int v;
      if (last && j >= 4 - pad) {
        v = 0;  // a padding '='
      } else {
        v = Base64Value(c);
        if (v < 0) return false;
      }
      n = (n << 6) | static_cast<uint32_t>(v);
    }
    out->push_back(static_cast<char>((n >> 16) & 0xFF));
    if (!(last && pad == 2)) out->push_back(static_cast<char>((n >> 8) & 0xFF));
    if (!(last && pad >= 1)) out->push_back(static_cast<char>(n & 0xFF));
  }
  return true;
}

// ---- big integers ---------------------------------------------------------------------------

// Decimal text of an integer value (kTVMFFIInt or kTVMFFIBigInt).
std::string BigIntToDecimal(const Any& v) {
  TVMFFIAny raw = AnyView(v).CopyToTVMFFIAny();
  TVMFFIByteArray bytes = TVMFFIBigIntGetContentByteArray(&raw);
  const auto* data = reinterpret_cast<const uint8_t*>(bytes.data);
  size_t size = bytes.size;
  bool negative = size != 0 && (data[size - 1] & 0x80) != 0;
  // Magnitude as little-endian 32-bit limbs.
  std::vector<uint32_t> limbs((size + 3) / 4, 0);
  for (size_t i = 0; i < size; ++i) limbs[i / 4] |= static_cast<uint32_t>(data[i]) << (8 * (i % 4));
  if (negative) {
    uint64_t carry = 1;
    for (uint32_t& limb : limbs) {
      uint64_t x = static_cast<uint64_t>(static_cast<uint32_t>(~limb)) + carry;
      limb = static_cast<uint32_t>(x);
      carry = x >> 32;
    }
  }
  while (!limbs.empty() && limbs.back() == 0) limbs.pop_back();
  if (limbs.empty()) return "0";
  std::vector<uint32_t> chunks;  // base 1e9, least significant first
  while (!limbs.empty()) {
    uint64_t rem = 0;
    for (size_t i = limbs.size(); i-- > 0;) {
      uint64_t cur = (rem << 32) | limbs[i];
      limbs[i] = static_cast<uint32_t>(cur / 1000000000u);
      rem = cur % 1000000000u;
    }
    chunks.push_back(static_cast<uint32_t>(rem));
    while (!limbs.empty() && limbs.back() == 0) limbs.pop_back();
  }
  std::string out = negative ? "-" : "";
  out += std::to_string(chunks.back());
  for (size_t i = chunks.size() - 1; i-- > 0;) {
    std::string part = std::to_string(chunks[i]);
    out += std::string(9 - part.size(), '0') + part;
  }
  return out;
}

constexpr size_t kMaxBigIntDigits = 100000;

// The integer written as [+-]?[0-9]+: an int when it fits, else a BigInt; nullopt when malformed.
std::optional<Any> BigIntFromDecimal(const std::string& text) {
  size_t pos = 0;
  bool negative = false;
  if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) negative = text[pos++] == '-';
  if (pos == text.size() || text.size() - pos > kMaxBigIntDigits) return std::nullopt;
  std::vector<uint32_t> limbs;
  while (pos < text.size()) {
    uint32_t chunk = 0;
    uint32_t scale = 1;
    for (int k = 0; k < 9 && pos < text.size(); ++k, ++pos) {
      char c = text[pos];
      if (c < '0' || c > '9') return std::nullopt;
      chunk = chunk * 10 + static_cast<uint32_t>(c - '0');
      scale *= 10;
    }
    uint64_t carry = chunk;
    for (uint32_t& limb : limbs) {
      uint64_t x = static_cast<uint64_t>(limb) * scale + carry;
      limb = static_cast<uint32_t>(x);
      carry = x >> 32;
    }
    if (carry != 0) limbs.push_back(static_cast<uint32_t>(carry));
  }
  // Two's complement with room for the sign, padded to whole 64-bit words.
  limbs.push_back(0);
  if (limbs.size() % 2 != 0) limbs.push_back(0);
  if (negative) {
    uint64_t carry = 1;
    for (uint32_t& limb : limbs) {
      uint64_t x = static_cast<uint64_t>(static_cast<uint32_t>(~limb)) + carry;
      limb = static_cast<uint32_t>(x);
      carry = x >> 32;
    }
  }
  std::string bytes(limbs.size() * 4, '\0');
  for (size_t i = 0; i < bytes.size(); ++i) {
    bytes[i] = static_cast<char>((limbs[i / 4] >> (8 * (i % 4))) & 0xFF);
  }
  TVMFFIByteArray input{bytes.data(), bytes.size()};
  TVMFFIAny out;
  TVM_FFI_CHECK_SAFE_CALL(TVMFFIBigIntFromByteArray(&input, &out));
  return ::tvm::ffi::detail::AnyUnsafe::MoveTVMFFIAnyToAny(&out);
}


// ---- writer ---------------------------------------------------------------------------------

const Object* ObjectOf(const Any& v) { return static_cast<const Object*>(v.as<ObjectRef>()->get()); }

class GraphWriter {
 public:
  json::Value Write(const Any& root, const Any& metadata) {
    Push(root);
    while (!stack_.empty()) {
      Frame& top = stack_.back();
      if (top.next < top.children.size()) {
        Any child = top.children[top.next++];
        if (Lookup(child).has_value()) continue;
        Push(child);
        continue;
      }
      Frame done = std::move(stack_.back());
      stack_.pop_back();
      Emit(done);
    }
    json::Object graph;
    graph.Set(String("root_index"), *Lookup(root));
    graph.Set(String("nodes"), json::Array(nodes_.begin(), nodes_.end()));
    if (metadata != nullptr) graph.Set(String("metadata"), metadata);
    return graph;
  }

 private:
  struct Frame {
    Any value;
    std::vector<Any> children;
    size_t next = 0;
    std::optional<Function> to_json;
  };

  // Values written by content; everything else is an object shared by identity.
  static bool ByValue(const Any& v) {
    int32_t t = v.type_index();
    return t < kTVMFFIStaticObjectBegin || IsStr(t) || IsBytes(t) || t == kTVMFFIBigInt;
  }

  static std::string ValueKey(const Any& v) {
    int32_t t = v.type_index();
    TVMFFIAny raw = AnyView(v).CopyToTVMFFIAny();
    std::string key;
    if (IsStr(t)) return "s" + TextOf(v);
    if (IsBytes(t)) return "y" + TextOf(v);
    if (t == kTVMFFIBigInt) return "B" + BigIntToDecimal(v);
    key = "p" + std::to_string(t) + ":";
    switch (t) {
      case kTVMFFIDataType:
        key.append(reinterpret_cast<const char*>(&raw.v_dtype), sizeof(raw.v_dtype));
        break;
      case kTVMFFIDevice:
        key.append(reinterpret_cast<const char*>(&raw.v_device), sizeof(raw.v_device));
        break;
      default:  // int / bool / float (bitwise: 0.0 and -0.0 differ, NaNs with one pattern match)
        key.append(reinterpret_cast<const char*>(&raw.v_int64), sizeof(raw.v_int64));
        break;
    }
    return key;
  }

  std::optional<int64_t> Lookup(const Any& v) const {
    if (ByValue(v)) {
      auto it = value_index_.find(ValueKey(v));
      if (it == value_index_.end()) return std::nullopt;
      return it->second;
    }
    auto it = object_index_.find(ObjectOf(v));
    if (it == object_index_.end()) return std::nullopt;
    return it->second;
  }

  [[noreturn]] static void Unsupported(const Any& v) {
    TVM_FFI_THROW(TypeError) << kWriter << ": type `" << v.GetTypeKey()
                             << "` does not support ToJSONGraph (no native creator or "
                             << "__ffi_new__ type attr)";
  }

  void Push(const Any& v) {
    Frame frame;
    frame.value = v;
    int32_t t = v.type_index();
    if (t < kTVMFFIStaticObjectBegin && !IsStr(t) && !IsBytes(t)) {
      if (t != kTVMFFINone && t != kTVMFFIInt && t != kTVMFFIFloat && t != kTVMFFIBool &&
          t != kTVMFFIDataType && t != kTVMFFIDevice) {
        Unsupported(v);
      }
    } else if (!ByValue(v)) {
      const Object* obj = ObjectOf(v);
      if (!on_stack_.insert(obj).second) {
        TVM_FFI_THROW(ValueError) << kWriter << ": a `" << v.GetTypeKey()
                                  << "` contains itself; object graphs with cycles cannot be "
                                  << "serialized";
      }
      if (t == kTVMFFIArray) {
        for (const Any& item : v.cast<Array<Any>>()) frame.children.push_back(item);
      } else if (t == kTVMFFIList) {
        for (const Any& item : v.cast<List<Any>>()) frame.children.push_back(item);
      } else if (t == kTVMFFIMap) {
        for (const auto& kv : v.cast<Map<Any, Any>>()) {
          frame.children.push_back(kv.first);
          frame.children.push_back(kv.second);
        }
      } else if (t == kTVMFFIDict) {
        for (const auto& kv : v.cast<Dict<Any, Any>>()) {
          frame.children.push_back(kv.first);
          frame.children.push_back(kv.second);
        }
      } else if (t != kTVMFFIShape) {
        frame.to_json = TypeHook(DataToJSONColumn(), t);
        if (!frame.to_json) {
          const TVMFFITypeInfo* info = TVMFFIGetTypeInfo(t);
          if (info == nullptr || !refl::HasCreator(info)) Unsupported(v);
          refl::ForEachFieldInfo(info, [&](const TVMFFIFieldInfo* field) {
            if (!IsInlineField(field)) frame.children.push_back(refl::FieldGetter(field)(obj));
          });
        }
      }
    }
    stack_.push_back(std::move(frame));
  }

  int64_t IndexOf(const Any& v) const {
    std::optional<int64_t> index = Lookup(v);
    TVM_FFI_ICHECK(index.has_value());
    return *index;
  }

  json::Array Indices(const std::vector<Any>& items) const {
    std::vector<Any> out;
    out.reserve(items.size());
    for (const Any& item : items) out.emplace_back(IndexOf(item));
    return json::Array(out.begin(), out.end());
  }

  void Emit(const Frame& frame) {
    const Any& v = frame.value;
    int32_t t = v.type_index();
    json::Object node;
    TVMFFIAny raw = AnyView(v).CopyToTVMFFIAny();
    switch (t) {
      case kTVMFFINone:
        node.Set(String("type"), String("None"));
        break;
      case kTVMFFIInt:
        node.Set(String("type"), String("int"));
        node.Set(String("data"), v);
        break;
      case kTVMFFIFloat:
        node.Set(String("type"), String("float"));
        node.Set(String("data"), v);
        break;
      case kTVMFFIBool:
        node.Set(String("type"), String("bool"));
        node.Set(String("data"), v);
        break;
      case kTVMFFIDataType:
        node.Set(String("type"), String("DataType"));
        node.Set(String("data"), DLDataTypeToString(raw.v_dtype));
        break;
      case kTVMFFIDevice:
        node.Set(String("type"), String("Device"));
        node.Set(String("data"), json::Array({Any(static_cast<int64_t>(raw.v_device.device_type)),
                                              Any(static_cast<int64_t>(raw.v_device.device_id))}));
        break;
      default:
        if (IsStr(t)) {
          node.Set(String("type"), String("ffi.String"));
          node.Set(String("data"), String(TextOf(v)));
        } else if (IsBytes(t)) {
          node.Set(String("type"), String("ffi.Bytes"));
          node.Set(String("data"), String(Base64Encode(TextOf(v))));
        } else if (t == kTVMFFIBigInt) {
          node.Set(String("type"), String("ffi.BigInt"));
          node.Set(String("data"), String(BigIntToDecimal(v)));
        } else if (t == kTVMFFIShape) {
          Shape shape = v.cast<Shape>();
          std::vector<Any> dims(shape.data(), shape.data() + shape.size());
          node.Set(String("type"), String("ffi.Shape"));
          node.Set(String("data"), json::Array(dims.begin(), dims.end()));
        } else {
          node.Set(String("type"), String(v.GetTypeKey()));
          if (frame.to_json) {
            node.Set(String("data"), (*frame.to_json)(v));
          } else if (t == kTVMFFIArray || t == kTVMFFIList || t == kTVMFFIMap ||
                     t == kTVMFFIDict) {
            node.Set(String("data"), Indices(frame.children));
          } else {
            node.Set(String("data"), ObjectData(v, frame));
          }
        }
        break;
    }
    int64_t index = static_cast<int64_t>(nodes_.size());
    nodes_.push_back(node);
    if (ByValue(v)) {
      value_index_.emplace(ValueKey(v), index);
    } else {
      const Object* obj = ObjectOf(v);
      object_index_.emplace(obj, index);
      on_stack_.erase(obj);
    }
  }

  json::Object ObjectData(const Any& v, const Frame& frame) const {
    const Object* obj = ObjectOf(v);
    const TVMFFITypeInfo* info = TVMFFIGetTypeInfo(v.type_index());
    json::Object data;
    size_t child = 0;
    refl::ForEachFieldInfo(info, [&](const TVMFFIFieldInfo* field) {
      String name(ToStd(field->name));
      if (!IsInlineField(field)) {
        data.Set(name, IndexOf(frame.children[child++]));
        return;
      }
      Any value = refl::FieldGetter(field)(obj);
      if (field->field_static_type_index == kTVMFFIDataType && value != nullptr) {
        value = DLDataTypeToString(value.cast<DLDataType>());
      }
      data.Set(name, value);
    });
    return data;
  }

  std::vector<Frame> stack_;
  std::vector<Any> nodes_;
  std::unordered_map<std::string, int64_t> value_index_;
  std::unordered_map<const Object*, int64_t> object_index_;
  std::unordered_set<const Object*> on_stack_;
};

// ---- reader ---------------------------------------------------------------------------------

enum class Kind {
  kNone, kInt, kFloat, kBool, kString, kBytes, kBigInt, kArray, kList, kMap, kDict, kShape,
  kDataType, kDevice, kCustom, kObject,
};

const std::unordered_map<std::string, Kind>& BuiltinKinds() {
  static const std::unordered_map<std::string, Kind> kinds = {
      {"None", Kind::kNone},         {"int", Kind::kInt},          {"float", Kind::kFloat},
      {"bool", Kind::kBool},         {"ffi.String", Kind::kString}, {"ffi.Bytes", Kind::kBytes},
      {"ffi.BigInt", Kind::kBigInt}, {"ffi.Array", Kind::kArray},  {"ffi.List", Kind::kList},
      {"ffi.Map", Kind::kMap},       {"ffi.Dict", Kind::kDict},    {"ffi.Shape", Kind::kShape},
      {"DataType", Kind::kDataType}, {"Device", Kind::kDevice},
  };
  return kinds;
}

// The kind of JSON value `v` is, in JSON terms, for messages.
std::string JSONKind(const Any& v) {
  int32_t t = v.type_index();
  if (t == kTVMFFINone) return "null";
  if (t == kTVMFFIBool) return "a boolean";
  if (t == kTVMFFIInt) return "an integer";
  if (t == kTVMFFIFloat) return "a float";
  if (IsStr(t)) return "a string";
  if (t == kTVMFFIArray || t == kTVMFFIList) return "an array";
  if (t == kTVMFFIMap) return "an object";
  return "a `" + v.GetTypeKey() + "`";
}

// What the reader learned about one node before building it.
struct NodePlan {
  Kind kind = Kind::kNone;
  std::string type_key;
  const TVMFFITypeInfo* type_info = nullptr;
  std::optional<Function> from_json;
  Any data;
  std::vector<int64_t> refs;  // containers: the element indices
  // Objects: the fields found in "data", with their value or node index.
  struct Field {
    std::string name;
    bool is_ref;
    int64_t ref;
    Any value;
  };
  std::vector<Field> fields;
};

class GraphReader {
 public:
  Any Read(const json::Value& graph_value) {
    if (graph_value.type_index() != kTVMFFIMap) {
      TVM_FFI_THROW(ValueError) << kReader << ": expected a JSON object with `root_index` and "
                                << "`nodes`, got " << JSONKind(graph_value);
    }
    json::Object graph = graph_value.cast<json::Object>();
    std::optional<Any> root = graph.Get(String("root_index"));
    if (!root || root->type_index() != kTVMFFIInt) {
      TVM_FFI_THROW(ValueError) << kReader << ": expected an integer `root_index` field, got "
                                << (root ? JSONKind(*root) : std::string("nothing"));
    }
    std::optional<Any> nodes_value = graph.Get(String("nodes"));
    if (!nodes_value || nodes_value->type_index() != kTVMFFIArray) {
      TVM_FFI_THROW(ValueError) << kReader << ": expected a `nodes` array field, got "
                                << (nodes_value ? JSONKind(*nodes_value) : std::string("nothing"));
    }
    json::Array nodes = nodes_value->cast<json::Array>();
    int64_t n = static_cast<int64_t>(nodes.size());
    int64_t root_index = root->cast<int64_t>();
    if (root_index < 0 || root_index >= n) {
      TVM_FFI_THROW(ValueError) << kReader << ": `root_index` " << root_index
                                << " is out of range for " << n << " node(s)";
    }
    // Pass 1, from the root down: plan every reachable node; references point only backwards.
    std::vector<std::optional<NodePlan>> plans(static_cast<size_t>(root_index) + 1);
    std::vector<char> reachable(static_cast<size_t>(root_index) + 1, 0);
    reachable[root_index] = 1;
    for (int64_t i = root_index; i >= 0; --i) {
      if (!reachable[i]) continue;
      plans[i] = Plan(i, nodes[i]);
      for (int64_t r : plans[i]->refs) reachable[r] = 1;
      for (const NodePlan::Field& f : plans[i]->fields) {
        if (f.is_ref) reachable[f.ref] = 1;
      }
    }
    // A flat node list can describe values of any depth, and freeing a value recurses once
    // per level: the same bound as json::Parse keeps a small input from exhausting the stack.
    std::vector<int> depth(static_cast<size_t>(root_index) + 1, 0);
    for (int64_t i = 0; i <= root_index; ++i) {
      if (!plans[i]) continue;
      int deepest = 0;
      for (int64_t r : plans[i]->refs) deepest = std::max(deepest, depth[r]);
      for (const NodePlan::Field& f : plans[i]->fields) {
        if (f.is_ref) deepest = std::max(deepest, depth[f.ref]);
      }
      depth[i] = deepest + 1;
      if (depth[i] > json::kMaxNestingDepth) {
        Malformed(i, "values nest deeper than " + std::to_string(json::kMaxNestingDepth) +
                         " levels");
      }
    }
    // Pass 2, upwards: build each reachable node from the already built ones.
    values_.assign(static_cast<size_t>(root_index) + 1, Any());
    for (int64_t i = 0; i <= root_index; ++i) {
      if (plans[i]) values_[i] = Build(i, *plans[i]);
    }
    return values_[root_index];
  }

 private:
  [[noreturn]] static void Malformed(int64_t i, const std::string& what) {
    TVM_FFI_THROW(ValueError) << kReader << ": node " << i << ": " << what;
  }

  static int64_t Ref(int64_t i, const Any& v) {
    if (v.type_index() != kTVMFFIInt) {
      Malformed(i, "expected a node index (an integer), got " + JSONKind(v));
    }
    int64_t r = v.cast<int64_t>();
    if (r < 0 || r >= i) {
      Malformed(i, "node index " + std::to_string(r) + " must refer to an earlier node (0 to " +
                       std::to_string(i - 1) + ")");
    }
    return r;
  }

  static json::Array ExpectArray(int64_t i, const NodePlan& plan, const Any& data) {
    if (data.type_index() != kTVMFFIArray) {
      Malformed(i, "`" + plan.type_key + "` data must be an array, got " + JSONKind(data));
    }
    return data.cast<json::Array>();
  }

  static void ExpectData(int64_t i, const NodePlan& plan, bool ok, const char* expected) {
    if (!ok) {
      Malformed(i, "`" + plan.type_key + "` data must be " + expected + ", got " +
                       JSONKind(plan.data));
    }
  }

  NodePlan Plan(int64_t i, const Any& node_value) {
    if (node_value.type_index() != kTVMFFIMap) {
      Malformed(i, "expected a JSON object, got " + JSONKind(node_value));
    }
    json::Object node = node_value.cast<json::Object>();
    std::optional<Any> type = node.Get(String("type"));
    if (!type || !IsStr(type->type_index())) {
      Malformed(i, "expected a string `type` field, got " +
                       (type ? JSONKind(*type) : std::string("nothing")));
    }
    NodePlan plan;
    plan.type_key = TextOf(*type);
    std::optional<Any> data = node.Get(String("data"));
    auto it = BuiltinKinds().find(plan.type_key);
    if (it != BuiltinKinds().end()) {
      plan.kind = it->second;
    } else {
      int32_t type_index = -1;
      TVMFFIByteArray key{plan.type_key.data(), plan.type_key.size()};
      if (TVMFFITypeKeyToIndex(&key, &type_index) != 0) {
        TVMFFIObjectHandle err = nullptr;
        TVMFFIErrorMoveFromRaised(&err);
        if (err != nullptr) TVMFFIObjectDecRef(err);
        TVM_FFI_THROW(TypeError) << kReader << ": node " << i << ": unknown type `"
                                 << plan.type_key << "`";
      }
      plan.from_json = TypeHook(DataFromJSONColumn(), type_index);
      plan.type_info = TVMFFIGetTypeInfo(type_index);
      if (plan.from_json) {
        plan.kind = Kind::kCustom;
      } else if (type_index < kTVMFFIStaticObjectBegin || plan.type_info == nullptr ||
                 !refl::HasCreator(plan.type_info)) {
        TVM_FFI_THROW(TypeError) << kReader << ": node " << i << ": type `" << plan.type_key
                                 << "` cannot be created from JSON (no native creator or "
                                 << "__ffi_new__ type attr)";
      } else {
        plan.kind = Kind::kObject;
      }
    }
    if (plan.kind != Kind::kNone && plan.kind != Kind::kCustom && !data) {
      Malformed(i, "`" + plan.type_key + "` node has no `data` field");
    }
    if (data) plan.data = *data;
    const Any& d = plan.data;
    int32_t t = d.type_index();
    switch (plan.kind) {
      case Kind::kNone:
      case Kind::kCustom:
        break;
      case Kind::kInt:
        ExpectData(i, plan, t == kTVMFFIInt, "an integer");
        break;
      case Kind::kFloat:
        ExpectData(i, plan, t == kTVMFFIFloat || t == kTVMFFIInt, "a number");
        break;
      case Kind::kBool:
        ExpectData(i, plan, t == kTVMFFIBool, "a boolean");
        break;
      case Kind::kString:
      case Kind::kBytes:
      case Kind::kBigInt:
      case Kind::kDataType:
        ExpectData(i, plan, IsStr(t), "a string");
        break;
      case Kind::kShape:
        for (const Any& dim : ExpectArray(i, plan, d)) {
          if (dim.type_index() != kTVMFFIInt) {
            Malformed(i, "`ffi.Shape` dimensions must be integers, got " + JSONKind(dim));
          }
        }
        break;
      case Kind::kDevice: {
        json::Array pair = ExpectArray(i, plan, d);
        if (pair.size() != 2) {
          Malformed(i, "`Device` data must be [device_type, device_id], got " +
                           std::to_string(pair.size()) + " element(s)");
        }
        for (const Any& x : pair) {
          if (x.type_index() != kTVMFFIInt ||
              x.cast<int64_t>() < std::numeric_limits<int32_t>::min() ||
              x.cast<int64_t>() > std::numeric_limits<int32_t>::max()) {
            Malformed(i, "`Device` data must hold two 32-bit integers");
          }
        }
        break;
      }
      case Kind::kArray:
      case Kind::kList:
      case Kind::kMap:
      case Kind::kDict: {
        json::Array items = ExpectArray(i, plan, d);
        if ((plan.kind == Kind::kMap || plan.kind == Kind::kDict) && items.size() % 2 != 0) {
          Malformed(i, "`" + plan.type_key + "` data must hold [key, value] pairs, got " +
                           std::to_string(items.size()) + " entries");
        }
        plan.refs.reserve(items.size());
        for (const Any& item : items) plan.refs.push_back(Ref(i, item));
        break;
      }
      case Kind::kObject: {
        ExpectData(i, plan, t == kTVMFFIMap, "an object");
        json::Object fields = d.cast<json::Object>();
        // Keys that name no field are ignored, as the reference runtime does.
        refl::ForEachFieldInfo(plan.type_info, [&](const TVMFFIFieldInfo* field) {
          std::string name = ToStd(field->name);
          std::optional<Any> value = fields.Get(String(name));
          if (!value) return;
          NodePlan::Field f{name, !IsInlineField(field), -1, *value};
          if (f.is_ref) {
            f.ref = Ref(i, *value);
          } else if (field->field_static_type_index == kTVMFFIDataType) {
            if (!IsStr(value->type_index())) {
              Malformed(i, "field `" + name + "` must be a dtype string, got " +
                               JSONKind(*value));
            }
          } else if (value->type_index() == kTVMFFIArray || value->type_index() == kTVMFFIMap ||
                     value->type_index() == kTVMFFINone || IsStr(value->type_index())) {
            Malformed(i, "field `" + name + "` must be a number or boolean, got " +
                             JSONKind(*value));
          }
          plan.fields.push_back(std::move(f));
        });
        break;
      }
    }
    return plan;
  }

  Any Build(int64_t i, const NodePlan& plan) {
    const Any& d = plan.data;
    switch (plan.kind) {
      case Kind::kNone:
        return Any(nullptr);
      case Kind::kInt:
      case Kind::kBool:
        return d;
      case Kind::kFloat:
        return Any(d.cast<double>());
      case Kind::kString:
        return Any(String(TextOf(d)));
      case Kind::kBytes: {
        std::string bytes;
        if (!Base64Decode(TextOf(d), &bytes)) Malformed(i, "`ffi.Bytes` data is not valid base64");
        return Any(Bytes(bytes.data(), bytes.size()));
      }
      case Kind::kBigInt: {
        std::optional<Any> value = BigIntFromDecimal(TextOf(d));
        if (!value) Malformed(i, "`ffi.BigInt` data is not a decimal integer");
        return *value;
      }
      case Kind::kDataType:
        return WithContext(i, plan, [&]() { return Any(StringToDLDataType(String(TextOf(d)))); });
      case Kind::kDevice: {
        json::Array pair = d.cast<json::Array>();
        DLDevice dev;
        dev.device_type = static_cast<DLDeviceType>(pair[0].cast<int64_t>());
        dev.device_id = static_cast<int32_t>(pair[1].cast<int64_t>());
        return Any(dev);
      }
      case Kind::kShape: {
        std::vector<int64_t> dims;
        for (const Any& dim : d.cast<json::Array>()) dims.push_back(dim.cast<int64_t>());
        return Any(Shape(dims));
      }
      case Kind::kArray:
      case Kind::kList: {
        std::vector<Any> items;
        items.reserve(plan.refs.size());
        for (int64_t r : plan.refs) items.push_back(values_[r]);
        if (plan.kind == Kind::kArray) return Any(Array<Any>(items.begin(), items.end()));
        return Any(List<Any>(items.begin(), items.end()));
      }
      case Kind::kMap: {
        Map<Any, Any> out;
        for (size_t k = 0; k < plan.refs.size(); k += 2) {
          out.Set(values_[plan.refs[k]], values_[plan.refs[k + 1]]);
        }
        return Any(out);
      }
      case Kind::kDict: {
        Dict<Any, Any> out;
        for (size_t k = 0; k < plan.refs.size(); k += 2) {
          out.Set(values_[plan.refs[k]], values_[plan.refs[k + 1]]);
        }
        return Any(out);
      }
      case Kind::kCustom:
        return WithContext(i, plan, [&]() { return (*plan.from_json)(d); });
      case Kind::kObject:
        return WithContext(i, plan, [&]() {
          std::vector<std::pair<std::string, AnyView>> fields;
          std::vector<Any> dtypes;  // keeps converted dtype values alive
          dtypes.reserve(plan.fields.size());
          for (const NodePlan::Field& f : plan.fields) {
            if (f.is_ref) {
              fields.emplace_back(f.name, AnyView(values_[f.ref]));
            } else if (IsStr(f.value.type_index())) {
              dtypes.push_back(Any(StringToDLDataType(String(TextOf(f.value)))));
              fields.emplace_back(f.name, AnyView(dtypes.back()));
            } else {
              fields.emplace_back(f.name, AnyView(f.value));
            }
          }
          return refl::ObjectCreator(plan.type_info)(fields);
        });
    }
    return Any();
  }

  // Runs `fn`, prefixing the message of any Error it throws with the function and the node.
  template <typename Fn>
  static Any WithContext(int64_t i, const NodePlan& plan, Fn fn) {
    try {
      return fn();
    } catch (const Error& e) {
      throw Error(e.kind(),
                  std::string(kReader) + ": node " + std::to_string(i) + " (`" + plan.type_key +
                      "`): " + e.message(),
                  e.backtrace());
    }
  }

  std::vector<Any> values_;
};

}  // namespace

json::Value ToJSONGraph(const Any& value, const Any& metadata) {
  return GraphWriter().Write(value, metadata);
}

Any FromJSONGraph(const json::Value& value) { return GraphReader().Read(value); }

}  // namespace ffi
}  // namespace tvm

namespace tvm_ffi_rt {
namespace {

__attribute__((constructor)) void register_serialization() {
  namespace refl = ::tvm::ffi::reflection;
  using ::tvm::ffi::Any;
  using ::tvm::ffi::String;
  try {
    refl::GlobalDef()
        .def("ffi.ToJSONGraph",
             [](const Any& value, const Any& metadata) {
               return ::tvm::ffi::ToJSONGraph(value, metadata);
             })
        .def("ffi.ToJSONGraphString",
             [](const Any& value, const Any& metadata) {
               return ::tvm::ffi::json::Stringify(::tvm::ffi::ToJSONGraph(value, metadata));
             })
        .def("ffi.FromJSONGraph",
             [](const Any& graph) { return ::tvm::ffi::FromJSONGraph(graph); })
        .def("ffi.FromJSONGraphString", [](const String& text) {
          return ::tvm::ffi::FromJSONGraph(::tvm::ffi::json::Parse(text));
        });
  } catch (...) {
    // Out of memory while loading: the C API still works without them.
  }
}

}  // namespace
}  // namespace tvm_ffi_rt
