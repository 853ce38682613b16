// ffi/cpp/tests/interop/extra_host.cc: loads extra_module (argv[1]) with Module::LoadFromFile
// and checks what the runtime's exported extra functions compute, through the module.
// SPEC: ABI-EXPORT-CXX
#include <tvm/ffi/container/array.h>
#include <tvm/ffi/container/map.h>
#include <tvm/ffi/error.h>
#include <tvm/ffi/extra/module.h>
#include <tvm/ffi/function.h>
#include <tvm/ffi/string.h>

#include <cstdio>
#include <string>

#include "host_open.h"

namespace ffi = ::tvm::ffi;

static int failures = 0;
#define EXPECT(cond)                                              \
  do {                                                            \
    if (!(cond)) {                                                \
      std::printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                 \
    }                                                             \
  } while (0)

static void CheckDataclass(ffi::Module mod) {
  ffi::Function repr = mod->GetFunction("repr").value();
  ffi::Function compare = mod->GetFunction("compare").value();
  ffi::Function hash = mod->GetFunction("hash").value();
  ffi::Function copy = mod->GetFunction("copy").value();
  ffi::Map<ffi::String, ffi::Any> inner{{"k", 2.5}};
  ffi::Array<ffi::Any> value{1, ffi::String("a"), inner};
  std::string text = repr(value).cast<ffi::String>();
  EXPECT(text == "(1, \"a\", {\"k\": 2.5})");
  if (text != "(1, \"a\", {\"k\": 2.5})") std::printf("  repr printed %s\n", text.c_str());
  ffi::Array<ffi::Any> same{1, ffi::String("a"), ffi::Map<ffi::String, ffi::Any>{{"k", 2.5}}};
  EXPECT(compare(value, same).cast<int64_t>() == (1 | 4 | 16));
  ffi::Array<ffi::Any> bigger{1, ffi::String("b")};
  EXPECT(compare(value, bigger).cast<int64_t>() == (2 | 4));
  EXPECT(hash(value).cast<int64_t>() == hash(same).cast<int64_t>());
  ffi::Array<ffi::Any> copied = copy(value).cast<ffi::Array<ffi::Any>>();
  EXPECT(!copied.same_as(value));
  EXPECT(compare(copied, value).cast<int64_t>() == (1 | 4 | 16));
}

static void CheckJson(ffi::Module mod) {
  ffi::Function round_trip = mod->GetFunction("json_round_trip").value();
  ffi::Function error = mod->GetFunction("json_error").value();
  const char* text = "{\"a\": [1, 2.5, true, null, \"x\\n\"], \"b\": {\"c\": -3e2}}";
  std::string compact = round_trip(ffi::String(text), 0).cast<ffi::String>();
  EXPECT(compact == "{\"a\":[1,2.5,true,null,\"x\\n\"],\"b\":{\"c\":-300.0}}");
  if (compact.find("\"a\"") == std::string::npos) std::printf("  got %s\n", compact.c_str());
  std::string indented = round_trip(ffi::String("[1,{\"k\":[]}]"), 2).cast<ffi::String>();
  EXPECT(indented == "[\n  1,\n  {\n    \"k\": [\n    ]\n  }\n]");
  EXPECT(error(ffi::String("[1, 2]")).cast<ffi::String>() == "");
  std::string message = error(ffi::String("[1 2]")).cast<ffi::String>();
  EXPECT(message.find("Expecting ',' delimiter: line 1 column 4 (char 3)") != std::string::npos);
  // Without the out-parameter a parse error is thrown, and reaches the host as a ValueError.
  try {
    round_trip(ffi::String("{\"a\" 1}"), 0);
    EXPECT(false);
  } catch (const ffi::Error& e) {
    EXPECT(e.kind() == "ValueError");
  }
}

static void CheckSerialization(ffi::Module mod) {
  ffi::Function graph_text = mod->GetFunction("graph_text").value();
  ffi::Function graph_read = mod->GetFunction("graph_read").value();
  ffi::Array<ffi::Any> value{1, 1, ffi::String("a")};
  const char* expected =
      "{\"root_index\":2,\"nodes\":[{\"type\":\"int\",\"data\":1},"
      "{\"type\":\"ffi.String\",\"data\":\"a\"},{\"type\":\"ffi.Array\",\"data\":[0,0,1]}]}";
  std::string text = graph_text(value).cast<ffi::String>();
  EXPECT(text == expected);
  if (text != expected) std::printf("  graph text %s\n", text.c_str());
  ffi::Array<ffi::Any> back = graph_read(ffi::String(expected)).cast<ffi::Array<ffi::Any>>();
  EXPECT(back.size() == 3 && back[1].cast<int64_t>() == 1);
  EXPECT(back[2].cast<ffi::String>() == "a");
}

static void CheckStructural(ffi::Module mod) {
  ffi::Function equal = mod->GetFunction("struct_equal").value();
  ffi::Function hash = mod->GetFunction("struct_hash").value();
  ffi::Function mismatch_depth = mod->GetFunction("struct_mismatch_depth").value();
  ffi::Array<ffi::Any> value{1, ffi::String("a"), ffi::Map<ffi::String, ffi::Any>{{"k", 2.5}}};
  ffi::Array<ffi::Any> same{1, ffi::String("a"), ffi::Map<ffi::String, ffi::Any>{{"k", 2.5}}};
  ffi::Array<ffi::Any> other{1, ffi::String("a"), ffi::Map<ffi::String, ffi::Any>{{"k", 3.5}}};
  EXPECT(equal(value, same, false).cast<bool>());
  EXPECT(!equal(value, other, false).cast<bool>());
  EXPECT(hash(value).cast<int64_t>() == hash(same).cast<int64_t>());
  EXPECT(mismatch_depth(value, same).cast<int64_t>() == -1);
  EXPECT(mismatch_depth(value, other).cast<int64_t>() == 2);  // <root>[2]["k"]
}

int main(int argc, char** argv) {
  if (argc != 2) {
    std::printf("FAIL usage: extra_host <module>\n");
    return 1;
  }
  std::printf("runtime %s\nmodule  %s\n", host_open::RuntimePath(), argv[1]);
  try {
    ffi::Module mod = ffi::Module::LoadFromFile(argv[1]);
    CheckDataclass(mod);
    CheckJson(mod);
    CheckSerialization(mod);
    CheckStructural(mod);
  } catch (const ffi::Error& e) {
    std::printf("FAIL %s: %s\n", e.kind().c_str(), e.message().c_str());
    return 1;
  }
  if (failures != 0) return 1;
  std::printf("extra_host: all checks passed\n");
  return 0;
}
