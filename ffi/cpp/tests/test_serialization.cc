// ffi/cpp/tests/test_serialization.cc: ToJSONGraph / FromJSONGraph (tvm/ffi/extra/serialization.h)
// and the ffi.*JSONGraph* globals. Expected texts were produced by the reference runtime for the
// same values.
#include <gtest/gtest.h>
#include <tvm/ffi/any.h>
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
#include <tvm/ffi/memory.h>
#include <tvm/ffi/object.h>
#include <tvm/ffi/reflection/accessor.h>
#include <tvm/ffi/reflection/registry.h>
#include <tvm/ffi/string.h>

#include <cmath>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#ifdef TVM_FFI_TESTING_LIB
#include <dlfcn.h>
#endif

namespace {

namespace refl = tvm::ffi::reflection;
using tvm::ffi::Any;
using tvm::ffi::Array;
using tvm::ffi::Bytes;
using tvm::ffi::Dict;
using tvm::ffi::Error;
using tvm::ffi::Function;
using tvm::ffi::List;
using tvm::ffi::Map;
using tvm::ffi::Object;
using tvm::ffi::ObjectRef;
using tvm::ffi::Shape;
using tvm::ffi::String;

// A local reflected type: `x` is typed Any (so it is a node index even when it holds an int),
// `z` and `w` are PODs (written inline), `dt` a dtype (written as its string).
class SerHolderObj : public Object {
 public:
  Any x;
  double z = 0.0;
  bool w = false;
  DLDataType dt{kDLFloat, 32, 1};
  static constexpr bool _type_mutable = true;
  TVM_FFI_DECLARE_OBJECT_INFO_FINAL("test.ser.Holder", SerHolderObj, Object);
};

TVM_FFI_STATIC_INIT_BLOCK() {
  refl::ObjectDef<SerHolderObj>()
      .def_rw("x", &SerHolderObj::x)
      .def_rw("z", &SerHolderObj::z)
      .def_rw("w", &SerHolderObj::w)
      .def_rw("dt", &SerHolderObj::dt);
}

std::string ToStr(const Any& value, const Any& metadata = Any(nullptr)) {
  return std::string(tvm::ffi::json::Stringify(tvm::ffi::ToJSONGraph(value, metadata)));
}

Any FromStr(const std::string& text) {
  return tvm::ffi::FromJSONGraph(tvm::ffi::json::Parse(String(text)));
}

// The kind and message of the error `text` raises when read back.
std::pair<std::string, std::string> ReadError(const std::string& text) {
  try {
    FromStr(text);
  } catch (const Error& e) {
    return {e.kind(), e.message()};
  }
  return {"", "no error"};
}

TEST(Serialization, Primitives) {
  EXPECT_EQ(ToStr(1), R"({"root_index":0,"nodes":[{"type":"int","data":1}]})");
  EXPECT_EQ(ToStr(2.5), R"({"root_index":0,"nodes":[{"type":"float","data":2.5}]})");
  EXPECT_EQ(ToStr(1.0), R"({"root_index":0,"nodes":[{"type":"float","data":1.0}]})");
  EXPECT_EQ(ToStr(true), R"({"root_index":0,"nodes":[{"type":"bool","data":true}]})");
  EXPECT_EQ(ToStr(Any(nullptr)), R"({"root_index":0,"nodes":[{"type":"None"}]})");
  EXPECT_EQ(ToStr(String("abc")), R"({"root_index":0,"nodes":[{"type":"ffi.String","data":"abc"}]})");
  EXPECT_EQ(ToStr(Bytes("xy", 2)), R"({"root_index":0,"nodes":[{"type":"ffi.Bytes","data":"eHk="}]})");
  EXPECT_EQ(ToStr(Bytes("\x00\xff", 2)),
            R"({"root_index":0,"nodes":[{"type":"ffi.Bytes","data":"AP8="}]})");
  EXPECT_EQ(ToStr(tvm::ffi::StringToDLDataType("float32")),
            R"({"root_index":0,"nodes":[{"type":"DataType","data":"float32"}]})");
  EXPECT_EQ(ToStr(DLDevice{kDLCUDA, 1}),
            R"({"root_index":0,"nodes":[{"type":"Device","data":[2,1]}]})");
  EXPECT_EQ(ToStr(Shape({1, 2})), R"({"root_index":0,"nodes":[{"type":"ffi.Shape","data":[1,2]}]})");
  EXPECT_EQ(ToStr(std::nan("")), R"({"root_index":0,"nodes":[{"type":"float","data":NaN}]})");
}

TEST(Serialization, BigInt) {
  const std::string pos =
      R"({"root_index":0,"nodes":[{"type":"ffi.BigInt","data":"1180591620717411303424"}]})";
  const std::string neg =
      R"({"root_index":0,"nodes":[{"type":"ffi.BigInt","data":"-1180591620717411303424"}]})";
  Any big = FromStr(pos);
  EXPECT_EQ(big.type_index(), kTVMFFIBigInt);
  EXPECT_EQ(ToStr(big), pos);
  EXPECT_EQ(ToStr(FromStr(neg)), neg);
  // Small values come back as plain ints.
  Any small = FromStr(R"({"root_index":0,"nodes":[{"type":"ffi.BigInt","data":"-5"}]})");
  EXPECT_EQ(small.type_index(), kTVMFFIInt);
  EXPECT_EQ(small.cast<int64_t>(), -5);
}

TEST(Serialization, ContainersAndSharing) {
  Array<Any> nested{1, String("a"), Array<Any>{2}};
  EXPECT_EQ(ToStr(nested),
            R"({"root_index":4,"nodes":[{"type":"int","data":1},{"type":"ffi.String","data":"a"},)"
            R"({"type":"int","data":2},{"type":"ffi.Array","data":[2]},)"
            R"({"type":"ffi.Array","data":[0,1,3]}]})");
  Array<Any> dup{1, 1, String("a"), String("a"), 2.5, 2.5};
  EXPECT_EQ(ToStr(dup),
            R"({"root_index":3,"nodes":[{"type":"int","data":1},{"type":"ffi.String","data":"a"},)"
            R"({"type":"float","data":2.5},{"type":"ffi.Array","data":[0,0,1,1,2,2]}]})");
  EXPECT_EQ(ToStr(Array<Any>{1, true, 1.0}),
            R"({"root_index":3,"nodes":[{"type":"int","data":1},{"type":"bool","data":true},)"
            R"({"type":"float","data":1.0},{"type":"ffi.Array","data":[0,1,2]}]})");
  Map<Any, Any> map{{String("b"), 1}, {String("a"), 2}};
  EXPECT_EQ(ToStr(map),
            R"({"root_index":4,"nodes":[{"type":"ffi.String","data":"b"},{"type":"int","data":1},)"
            R"({"type":"ffi.String","data":"a"},{"type":"int","data":2},)"
            R"({"type":"ffi.Map","data":[0,1,2,3]}]})");
  Dict<Any, Any> dict;
  dict.Set(String("a"), 1);
  EXPECT_EQ(ToStr(dict),
            R"({"root_index":2,"nodes":[{"type":"ffi.String","data":"a"},{"type":"int","data":1},)"
            R"({"type":"ffi.Dict","data":[0,1]}]})");
  List<Any> list{1, 2};
  EXPECT_EQ(ToStr(list), R"({"root_index":2,"nodes":[{"type":"int","data":1},{"type":"int","data":2},)"
                         R"({"type":"ffi.List","data":[0,1]}]})");
  // Equal but distinct containers are separate nodes; one container twice is one node.
  EXPECT_EQ(ToStr(Array<Any>{Array<Any>{1}, Array<Any>{1}}),
            R"({"root_index":3,"nodes":[{"type":"int","data":1},{"type":"ffi.Array","data":[0]},)"
            R"({"type":"ffi.Array","data":[0]},{"type":"ffi.Array","data":[1,2]}]})");
  Array<Any> inner{1};
  Array<Any> twice{inner, inner};
  Array<Any> back = FromStr(ToStr(twice)).cast<Array<Any>>();
  ASSERT_EQ(back.size(), 2u);
  EXPECT_TRUE(back[0].same_as(back[1]));
  Map<Any, Any> map_back = FromStr(ToStr(map)).cast<Map<Any, Any>>();
  EXPECT_EQ(map_back.size(), 2u);
  EXPECT_EQ(map_back.at(String("a")).cast<int64_t>(), 2);
  EXPECT_EQ(FromStr(ToStr(list)).type_index(), kTVMFFIList);
  EXPECT_EQ(FromStr(ToStr(dict)).type_index(), kTVMFFIDict);
}

TEST(Serialization, Metadata) {
  Map<Any, Any> meta{{String("note"), String("x")}};
  EXPECT_EQ(ToStr(Array<Any>{1}, meta),
            R"({"root_index":1,"nodes":[{"type":"int","data":1},{"type":"ffi.Array","data":[0]}],)"
            R"("metadata":{"note":"x"}})");
  // Extra top-level keys are ignored on the way back.
  EXPECT_EQ(FromStr(R"({"root_index":0,"nodes":[{"type":"int","data":1}],"metadata":5})")
                .cast<int64_t>(),
            1);
}

TEST(Serialization, ThroughGlobals) {
  Function to_str = Function::GetGlobalRequired("ffi.ToJSONGraphString");
  Function from_str = Function::GetGlobalRequired("ffi.FromJSONGraphString");
  Function to_graph = Function::GetGlobalRequired("ffi.ToJSONGraph");
  Function from_graph = Function::GetGlobalRequired("ffi.FromJSONGraph");
  std::string text = to_str(Array<Any>{1, String("a")}, nullptr).cast<String>();
  EXPECT_EQ(text, ToStr(Array<Any>{1, String("a")}));
  Array<Any> back = from_str(text).cast<Array<Any>>();
  EXPECT_EQ(back[1].cast<String>(), "a");
  Any graph = to_graph(7, nullptr);
  EXPECT_EQ(graph.type_index(), kTVMFFIMap);
  EXPECT_EQ(from_graph(graph).cast<int64_t>(), 7);
}

TEST(Serialization, ReflectedFieldKinds) {
  auto holder = tvm::ffi::make_object<SerHolderObj>();
  holder->x = 1;
  holder->z = 1.5;
  holder->dt = tvm::ffi::StringToDLDataType("int8");
  ObjectRef ref(holder);
  EXPECT_EQ(ToStr(ref),
            R"({"root_index":1,"nodes":[{"type":"int","data":1},)"
            R"({"type":"test.ser.Holder","data":{"x":0,"z":1.5,"w":false,"dt":"int8"}}]})");
  Any back = FromStr(ToStr(ref));
  const auto* obj = back.as<SerHolderObj>();
  ASSERT_NE(obj, nullptr);
  EXPECT_EQ(obj->x.cast<int64_t>(), 1);
  EXPECT_EQ(obj->z, 1.5);
  EXPECT_EQ(tvm::ffi::DLDataTypeToString(obj->dt), "int8");
  // A self-containing object cannot be written.
  holder->x = ref;
  try {
    ToStr(ref);
    ADD_FAILURE() << "no error raised";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), "ValueError");
    EXPECT_NE(e.message().find("ffi.ToJSONGraph"), std::string::npos);
  }
  holder->x = nullptr;  // break the cycle so the object is freed
}

TEST(Serialization, UnsupportedTypes) {
  Function f = Function::GetGlobalRequired("ffi.ToJSONGraphString");
  try {
    ToStr(f);
    ADD_FAILURE() << "no error raised";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), "TypeError");
    EXPECT_NE(e.message().find("ffi.Function"), std::string::npos) << e.message();
  }
  List<Any> self;
  self.push_back(self);
  try {
    ToStr(self);
    ADD_FAILURE() << "no error raised";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), "ValueError");
  }
  self.clear();
}

TEST(Serialization, MalformedGraphs) {
  struct Case {
    const char* text;
    const char* kind;
    const char* fragment;
  };
  const Case cases[] = {
      {R"([1])", "ValueError", "expected a JSON object"},
      {R"({"root_index":0})", "ValueError", "`nodes`"},
      {R"({"nodes":[]})", "ValueError", "`root_index`"},
      {R"({"root_index":"0","nodes":[]})", "ValueError", "`root_index`"},
      {R"({"root_index":1,"nodes":[{"type":"int","data":1}]})", "ValueError", "out of range"},
      {R"({"root_index":-1,"nodes":[{"type":"int","data":1}]})", "ValueError", "out of range"},
      {R"({"root_index":0,"nodes":[]})", "ValueError", "out of range"},
      {R"({"root_index":0,"nodes":[5]})", "ValueError", "node 0: expected a JSON object"},
      {R"({"root_index":0,"nodes":[{"data":1}]})", "ValueError", "`type`"},
      {R"({"root_index":0,"nodes":[{"type":"int"}]})", "ValueError", "no `data`"},
      {R"({"root_index":0,"nodes":[{"type":"int","data":"x"}]})", "ValueError", "an integer"},
      {R"({"root_index":0,"nodes":[{"type":"nope.Type","data":1}]})", "TypeError", "nope.Type"},
      {R"({"root_index":0,"nodes":[{"type":"ffi.Function","data":{}}]})", "TypeError",
       "ffi.Function"},
      {R"({"root_index":0,"nodes":[{"type":"ffi.Array","data":[0]}]})", "ValueError",
       "earlier node"},
      {R"({"root_index":1,"nodes":[{"type":"ffi.Array","data":[1]},{"type":"ffi.Array","data":[0]}]})",
       "ValueError", "earlier node"},
      {R"({"root_index":1,"nodes":[{"type":"int","data":2},{"type":"ffi.Array","data":[true]}]})",
       "ValueError", "node index"},
      {R"({"root_index":1,"nodes":[{"type":"int","data":1},{"type":"ffi.Map","data":[0]}]})",
       "ValueError", "pairs"},
      {R"({"root_index":0,"nodes":[{"type":"ffi.Shape","data":[1,"a"]}]})", "ValueError",
       "integers"},
      {R"({"root_index":0,"nodes":[{"type":"Device","data":[2]}]})", "ValueError", "Device"},
      {R"({"root_index":0,"nodes":[{"type":"ffi.Bytes","data":"!!"}]})", "ValueError", "base64"},
      {R"({"root_index":0,"nodes":[{"type":"ffi.BigInt","data":"12x"}]})", "ValueError",
       "decimal"},
      {R"({"root_index":0,"nodes":[{"type":"DataType","data":"floatx"}]})", "ValueError",
       "node 0"},
  };
  for (const Case& c : cases) {
    auto [kind, message] = ReadError(c.text);
    EXPECT_EQ(kind, c.kind) << c.text << ": " << message;
    EXPECT_NE(message.find(c.fragment), std::string::npos) << c.text << ": " << message;
    if (kind == "ValueError" || kind == "TypeError") {
      EXPECT_NE(message.find("ffi.FromJSONGraph"), std::string::npos) << message;
    }
  }
}

TEST(Serialization, DeepGraphIsRejectedNotAStackOverflow) {
  // A flat node list where each Array holds the previous one: 100000 levels deep.
  auto chain = [](int levels) {
    std::string text = R"({"root_index":)" + std::to_string(levels) +
                       R"(,"nodes":[{"type":"int","data":0})";
    for (int i = 1; i <= levels; ++i) {
      text += R"(,{"type":"ffi.Array","data":[)" + std::to_string(i - 1) + "]}";
    }
    return text + "]}";
  };
  auto [kind, message] = ReadError(chain(100000));
  EXPECT_EQ(kind, "ValueError");
  EXPECT_NE(message.find("values nest deeper than"), std::string::npos) << message;
  // Up to the limit, it reads back (and frees) fine.
  constexpr int kLimit = tvm::ffi::json::kMaxNestingDepth;
  Any ok = tvm::ffi::FromJSONGraph(tvm::ffi::json::Parse(String(chain(kLimit - 1))));
  EXPECT_EQ(ok.type_index(), kTVMFFIArray);
}

#ifdef TVM_FFI_TESTING_LIB
class SerializationTesting : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    void* lib = dlopen(TVM_FFI_TESTING_LIB, RTLD_NOW | RTLD_LOCAL);
    ASSERT_NE(lib, nullptr) << dlerror();
  }
  static Any Make(const char* key, Array<Any> args) {
    Function make = Function::GetGlobalRequired("ffi.MakeObjectFromPackedArgs");
    std::vector<Any> keep{Any(String(key))};
    keep.insert(keep.end(), args.begin(), args.end());
    std::vector<tvm::ffi::AnyView> views;
    for (const Any& a : keep) views.emplace_back(a);
    Any out;
    make.CallPacked(views.data(), static_cast<int32_t>(views.size()), &out);
    return out;
  }
};

// testing.TestIntPair needs a creator (a default or UnsafeInit constructor) to be written; the
// reference's has one. Skipped while this runtime's testing library lacks it.
TEST_F(SerializationTesting, IntPairFormat) {
  const TVMFFITypeInfo* info =
      TVMFFIGetTypeInfo(tvm::ffi::TypeKeyToIndex("testing.TestIntPair"));
  ASSERT_TRUE(refl::HasCreator(info)) << "testing.TestIntPair needs a creator, as in the reference";
  Any pair = Make("testing.TestIntPair", {String("a"), 1, String("b"), 2});
  EXPECT_EQ(ToStr(pair),
            R"({"root_index":0,"nodes":[{"type":"testing.TestIntPair","data":{"a":1,"b":2}}]})");
  EXPECT_EQ(ToStr(Array<Any>{pair, pair}),
            R"({"root_index":1,"nodes":[{"type":"testing.TestIntPair","data":{"a":1,"b":2}},)"
            R"({"type":"ffi.Array","data":[0,0]}]})");
}

TEST_F(SerializationTesting, ReferenceObjectFormat) {
  Any derived = Make("testing.TestObjectDerived",
                     {String("v_map"), Map<Any, Any>{{String("k"), 1}}, String("v_array"),
                      Array<Any>{1, 1, String("a"), String("a")}, String("v_i64"), 7});
  const std::string expected =
      R"({"root_index":6,"nodes":[{"type":"ffi.String","data":"hello"},)"
      R"({"type":"ffi.String","data":"k"},{"type":"int","data":1},{"type":"ffi.Map","data":[1,2]},)"
      R"({"type":"ffi.String","data":"a"},{"type":"ffi.Array","data":[2,2,4,4]},)"
      R"({"type":"testing.TestObjectDerived","data":{"v_i64":7,"v_f64":10.0,"v_str":0,)"
      R"("v_map":3,"v_array":5}}]})";
  EXPECT_EQ(ToStr(derived), expected);
  EXPECT_EQ(ToStr(FromStr(expected)), expected);
  // One object twice is one node.
  EXPECT_EQ(ToStr(Array<Any>{derived, derived}).find(R"({"type":"ffi.Array","data":[6,6]})") !=
                std::string::npos,
            true);
}

TEST_F(SerializationTesting, ReadObjects) {
  // Missing fields take their defaults; unknown keys are ignored (as the reference does).
  Any base = FromStr(
      R"({"root_index":0,"nodes":[{"type":"testing.TestObjectBase","data":{"zzz":3}}]})");
  EXPECT_EQ(refl::FieldGetter("testing.TestObjectBase", "v_i64")(base.cast<ObjectRef>())
                .cast<int64_t>(),
            10);
  Any f64 = FromStr(
      R"({"root_index":0,"nodes":[{"type":"testing.TestObjectBase","data":{"v_f64":3}}]})");
  EXPECT_EQ(refl::FieldGetter("testing.TestObjectBase", "v_f64")(f64.cast<ObjectRef>())
                .cast<double>(),
            3.0);
  auto [kind, message] = ReadError(
      R"({"root_index":0,"nodes":[{"type":"testing.TestObjectDerived","data":{}}]})");
  EXPECT_EQ(kind, "TypeError");
  EXPECT_NE(message.find("`v_map`"), std::string::npos) << message;
  EXPECT_NE(message.find("node 0"), std::string::npos) << message;
  std::tie(kind, message) = ReadError(
      R"({"root_index":1,"nodes":[{"type":"int","data":3},)"
      R"({"type":"testing.TestObjectBase","data":{"v_str":0}}]})");
  EXPECT_EQ(kind, "TypeError") << message;
  std::tie(kind, message) = ReadError(
      R"({"root_index":0,"nodes":[{"type":"testing.TestObjectBase","data":[1,2]}]})");
  EXPECT_EQ(kind, "ValueError") << message;
  std::tie(kind, message) = ReadError(
      R"({"root_index":0,"nodes":[{"type":"testing.TestObjectBase","data":{"v_i64":"x"}}]})");
  EXPECT_EQ(kind, "ValueError") << message;
}
#endif

}  // namespace
