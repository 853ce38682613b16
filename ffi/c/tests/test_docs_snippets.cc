// ffi/c/tests/test_docs_snippets.cc: loads the module built from docs/snippets/cpp/*.cc and
// checks that each snippet of the C++ guide (docs/cpp.md) behaves as the page says.
#include <gtest/gtest.h>
#include <tvm/ffi/any.h>
#include <tvm/ffi/container/array.h>
#include <tvm/ffi/container/dict.h>
#include <tvm/ffi/container/list.h>
#include <tvm/ffi/container/map.h>
#include <tvm/ffi/container/tensor.h>
#include <tvm/ffi/error.h>
#include <tvm/ffi/extra/module.h>
#include <tvm/ffi/function.h>
#include <tvm/ffi/optional.h>
#include <tvm/ffi/reflection/accessor.h>
#include <tvm/ffi/string.h>

#include <string>
#include <vector>

namespace {

using tvm::ffi::Any;
using tvm::ffi::Array;
using tvm::ffi::Function;
using tvm::ffi::Module;
using tvm::ffi::String;

Function Export(const char* name) {
  static Module mod = Module::LoadFromFile(TVM_FFI_DOCS_SNIPPETS_MODULE);
  tvm::ffi::Optional<Function> fn = mod->GetFunction(name, false);
  if (!fn) ADD_FAILURE() << "the snippets module does not export " << name;
  return fn.value();
}

TEST(DocsSnippets, ExportAndGlobal) {
  EXPECT_EQ(Export("add_one")(41).cast<int64_t>(), 42);
  EXPECT_EQ(Function::GetGlobalRequired("snippets.mul")(6, 7).cast<int64_t>(), 42);
}

TEST(DocsSnippets, ReflectedObject) {
  Export("add_one");  // loads the module, which registers snippets.Point
  Function init = tvm::ffi::reflection::GetMethod("snippets.Point", "__ffi_init__");
  Any p = init(3, -4, String("p"));
  EXPECT_EQ(tvm::ffi::reflection::GetMethod("snippets.Point", "norm1")(p).cast<int64_t>(), 7);
  tvm::ffi::reflection::FieldSetter("snippets.Point", "y")(p.cast<tvm::ffi::ObjectRef>(), 1);
  EXPECT_EQ(Export("sum_of_norms")(p, p).cast<int64_t>(), 8);
}

TEST(DocsSnippets, Containers) {
  Array<int64_t> doubled = Export("doubled")(Array<int64_t>{1, 2}).cast<Array<int64_t>>();
  EXPECT_EQ(doubled[1], 4);
  try {
    Export("doubled")(Array<Any>{String("x")});
    ADD_FAILURE() << "expected TypeError: the page says element types are checked";
  } catch (const tvm::ffi::Error& err) {
    EXPECT_EQ(err.kind(), "TypeError");
  }
  auto counts = Export("count_words")(Array<String>{"a", "b", "a"})
                    .cast<tvm::ffi::Map<String, int64_t>>();
  EXPECT_EQ(counts.at("a"), 2);
  tvm::ffi::List<int64_t> xs{5};
  Export("append_size")(xs);
  EXPECT_EQ(xs.size(), 2u) << "a List argument is shared with the callee";
  tvm::ffi::Dict<String, int64_t> tally;
  Export("tally")(tally, String("k"));
  Export("tally")(tally, String("k"));
  EXPECT_EQ(tally.at("k"), 2);
}

TEST(DocsSnippets, Errors) {
  EXPECT_EQ(Export("checked_divide")(7, 2).cast<int64_t>(), 3);
  try {
    Export("checked_divide")(1, 0);
    ADD_FAILURE() << "expected ValueError";
  } catch (const tvm::ffi::Error& err) {
    EXPECT_EQ(err.kind(), "ValueError");
    EXPECT_NE(err.message().find("`b` must not be 0"), std::string::npos);
  }
  Function try_call = Export("try_call");
  EXPECT_EQ(try_call(Export("checked_divide"), 9, 3).cast<String>(), "3");
  std::string caught = try_call(Export("checked_divide"), 1, 0).cast<String>();
  EXPECT_EQ(caught.rfind("ValueError: ", 0), 0u) << caught;
}

TEST(DocsSnippets, JsonAndValues) {
  Function reformat = Export("reformat");
  EXPECT_EQ(reformat(String("{ \"a\": [1, 2.5] }"), 0).cast<String>(), "{\"a\":[1,2.5]}");
  EXPECT_EQ(reformat(String("[1]"), 2).cast<String>(), "[\n  1\n]");
  try {
    reformat(String("[1 2]"), 0);
    ADD_FAILURE() << "expected ValueError";
  } catch (const tvm::ffi::Error& err) {
    EXPECT_EQ(err.kind(), "ValueError");
  }
  EXPECT_EQ(Export("json_problem")(String("[1, 2]")).cast<String>(), "");
  EXPECT_EQ(Export("json_problem")(String("[1 2]")).cast<String>(),
            "Expecting ',' delimiter: line 1 column 4 (char 3)");
  Array<Any> value{1, String("a")};
  EXPECT_EQ(Export("copy_and_describe")(value).cast<String>(), "(1, \"a\") (an equal copy)");
}

TEST(DocsSnippets, Tensors) {
  std::vector<float> x{1.0f, 2.0f, 3.0f};
  std::vector<float> y(3, 0.0f);
  int64_t shape[1] = {3};
  DLTensor tx{x.data(), {kDLCPU, 0}, 1, {kDLFloat, 32, 1}, shape, nullptr, 0};
  DLTensor ty{y.data(), {kDLCPU, 0}, 1, {kDLFloat, 32, 1}, shape, nullptr, 0};
  Export("add_one_tensor")(&tx, &ty);
  EXPECT_EQ(y[2], 4.0f);
  DLTensor bad = tx;
  bad.dtype = {kDLInt, 32, 1};
  try {
    Export("add_one_tensor")(&bad, &ty);
    ADD_FAILURE() << "expected TypeError";
  } catch (const tvm::ffi::Error& err) {
    EXPECT_EQ(err.kind(), "TypeError");
    EXPECT_NE(err.message().find("expects float32"), std::string::npos);
  }
}

}  // namespace
