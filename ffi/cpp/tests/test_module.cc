// ffi/cpp/tests/test_module.cc: Module / ModuleObj, the library loader and the ffi.Module* globals.
//
// The loaded libraries are built from interop/module_testlib.c (module_test.cmake);
// their directory comes in as TVM_FFI_MODULE_TEST_DIR.
#include <gtest/gtest.h>
#include <tvm/ffi/extra/c_env_api.h>
#include <tvm/ffi/extra/module.h>
#include <tvm/ffi/function_typed.h>
#include <tvm/ffi/tvm_ffi.h>

#include <cstddef>
#include <fstream>
#include <string>
#include <vector>

namespace {

using namespace tvm::ffi;  // NOLINT(build/namespaces)

std::string LibPath(const char* name) {
  return std::string(TVM_FFI_MODULE_TEST_DIR) + "/" + name + ".so";
}

template <typename F>
void ExpectError(F&& f, const std::string& kind, const std::string& needle) {
  try {
    f();
    ADD_FAILURE() << "expected " << kind;
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), kind) << e.message();
    EXPECT_NE(std::string(e.message()).find(needle), std::string::npos)
        << "message `" << e.message() << "` lacks `" << needle << "`";
  }
}

// A module defined in the host: functions "<tag>.get", "<tag>.only" and "import_fn".
class TestModuleObj : public ModuleObj {
 public:
  explicit TestModuleObj(std::string tag) : tag_(std::move(tag)) {}
  const char* kind() const override { return "test"; }
  Optional<Function> GetFunction(const String& name) override {
    std::string n = name;
    std::string tag = tag_;
    if (n == tag_ + ".get") return Function::FromTyped([tag]() { return String(tag); });
    if (n == tag_ + ".only") return Function::FromTyped([](int64_t x) { return x + 1000; });
    if (n == "import_fn") {
      return Function::FromTyped([tag](int64_t x) { return x * 10 + (tag == "child-b" ? 2 : 1); });
    }
    return std::nullopt;
  }
  Optional<String> GetFunctionDoc(const String& name) override {
    if (std::string(name) == "import_fn") return String("doc of " + tag_);
    return std::nullopt;
  }

 private:
  std::string tag_;
};

Module MakeTestModule(const std::string& tag) { return Module(make_object<TestModuleObj>(tag)); }

std::vector<Module> Imports(const Module& mod) {
  std::vector<Module> out;
  for (const Any& item : mod->imports()) out.push_back(item.cast<Module>());
  return out;
}

// SPEC: MODULE-LAYOUT
TEST(Module, LayoutMatchesReference) {
  static_assert(sizeof(ModuleObj) == 48, "ModuleObj is 48 bytes from the vtable pointer");
  Module mod = MakeTestModule("layout");
  const char* base = reinterpret_cast<const char*>(mod.get());
  const char* header =
      reinterpret_cast<const char*>(detail::ObjectUnsafe::TVMFFIObjectPtrFromObjectRef(mod));
  EXPECT_EQ(header - base, 8) << "the TVMFFIObject header follows the vtable pointer";
  EXPECT_EQ(mod->type_index(), TypeIndex::kTVMFFIModule);
  mod->ImportModule(MakeTestModule("child"));
  // imports (an ffi.Array) at handle + 24.
  const TVMFFIObject* imports = *reinterpret_cast<TVMFFIObject* const*>(header + 24);
  ASSERT_NE(imports, nullptr);
  EXPECT_EQ(imports->type_index, TypeIndex::kTVMFFIArray);
  const auto* cell = reinterpret_cast<const TVMFFISeqCell*>(
      reinterpret_cast<const char*>(imports) + sizeof(TVMFFIObject));
  EXPECT_EQ(cell->size, 1);
  EXPECT_EQ(cell->data, reinterpret_cast<const char*>(imports) + 56);
  EXPECT_EQ(static_cast<const TVMFFIAny*>(cell->data)[0].type_index, TypeIndex::kTVMFFIModule);
}

// SPEC: MODULE-VTABLE
TEST(Module, PropertyMaskBitsAndDefaults) {
  EXPECT_EQ(Module::kBinarySerializable, 1);
  EXPECT_EQ(Module::kRunnable, 2);
  EXPECT_EQ(Module::kCompilationExportable, 4);
  Module mod = MakeTestModule("m");
  EXPECT_EQ(mod->GetPropertyMask(), 0);
  EXPECT_TRUE(mod->ImplementsFunction("m.get"));
  EXPECT_FALSE(mod->ImplementsFunction("nope"));
  EXPECT_FALSE(mod->GetFunctionMetadata("m.get").has_value());
  EXPECT_EQ(std::string(mod->InspectSource("")), "");
  ExpectError([&] { mod->WriteToFile("/tmp/x", "so"); }, "RuntimeError",
              "Module[test] does not support WriteToFile");
  ExpectError([&] { mod->SaveToBytes(); }, "RuntimeError", "does not support SaveToBytes");
}

// SPEC: MOD-SYMBOL-NAME, MOD-LOAD-FILE
TEST(Module, LoadsLibraryAndCallsFunctions) {
  Module mod = Module::LoadFromFile(LibPath("module_testlib"));
  EXPECT_STREQ(mod->kind(), "library");
  EXPECT_EQ(mod->GetPropertyMask(), Module::kBinarySerializable | Module::kRunnable);
  Optional<Function> add_one = mod->GetFunction("add_one");
  ASSERT_TRUE(add_one.has_value());
  EXPECT_EQ((*add_one)(41).cast<int64_t>(), 42);
  EXPECT_TRUE(mod->ImplementsFunction("add_one"));
  EXPECT_FALSE(mod->GetFunction("no_such_function").has_value());
  EXPECT_FALSE(mod->ImplementsFunction("no_such_function", true));
  ExpectError([&] { (*add_one)("x"); }, "TypeError", "add_one expects one int");
  // SPEC: MOD-DOC-SYMBOL, MOD-METADATA-SYMBOL
  EXPECT_EQ(std::string(mod->GetFunctionDoc("add_one").value()), "Adds one to an integer.");
  EXPECT_NE(std::string(mod->GetFunctionMetadata("add_one").value()).find("type_schema"),
            std::string::npos);
  EXPECT_FALSE(mod->GetFunctionDoc("no_such_function", true).has_value());
}

// SPEC: MOD-LOAD-FILE
TEST(Module, SoftAbiGlobals) {
  Function load = Function::GetGlobalRequired("ffi.ModuleLoadFromFile");
  Module mod = load(LibPath("module_testlib")).cast<Module>();
  Function get = Function::GetGlobalRequired("ffi.ModuleGetFunction");
  EXPECT_EQ(get(mod, "add_one", false).cast<Function>()(1).cast<int64_t>(), 2);
  EXPECT_EQ(get(mod, "missing", true).type_index(), TypeIndex::kTVMFFINone);
  EXPECT_TRUE(Function::GetGlobalRequired("ffi.ModuleImplementsFunction")(mod, "add_one", false)
                  .cast<bool>());
  EXPECT_EQ(Function::GetGlobalRequired("ffi.ModuleGetKind")(mod).cast<String>(), "library");
  EXPECT_EQ(Function::GetGlobalRequired("ffi.ModuleGetPropertyMask")(mod).cast<int>(), 3);
  EXPECT_EQ(Function::GetGlobalRequired("ffi.ModuleGetFunctionDoc")(mod, "add_one", false)
                .cast<String>(),
            "Adds one to an integer.");
  EXPECT_EQ(Function::GetGlobalRequired("ffi.ModuleGetFunctionMetadata")(mod, "nope", false)
                .type_index(),
            TypeIndex::kTVMFFINone);
  EXPECT_EQ(Function::GetGlobalRequired("ffi.ModuleInspectSource")(mod, "").cast<String>(), "");
  EXPECT_EQ(Function::GetGlobalRequired("ffi.ModuleGetWriteFormats")(mod).type_index(),
            TypeIndex::kTVMFFIArray);
  ExpectError([&] { Function::GetGlobalRequired("ffi.ModuleWriteToFile")(mod, "/tmp/x", "so"); },
              "RuntimeError", "does not support WriteToFile");
  Module child = MakeTestModule("c");
  Function::GetGlobalRequired("ffi.ModuleImportModule")(mod, child);
  EXPECT_EQ(Imports(mod).size(), 1u);
  EXPECT_EQ(get(mod, "c.get", true).cast<Function>()().cast<String>(), "c");
  EXPECT_EQ(get(mod, "c.get", false).type_index(), TypeIndex::kTVMFFINone);
  Function::GetGlobalRequired("ffi.ModuleClearImports")(mod);
  EXPECT_EQ(Imports(mod).size(), 0u);
  Function::GetGlobalRequired("ffi.ModuleGlobalsAdd")(mod);
  Function::GetGlobalRequired("ffi.ModuleGlobalsRemove")(mod);
  EXPECT_TRUE(Function::GetGlobal("ffi.Module.load_from_file.so").has_value());
}

// SPEC: MOD-LOAD-FILE
TEST(Module, LoadErrorsNameThePath) {
  ExpectError([] { Module::LoadFromFile("/nonexistent/dir/missing_module.so"); }, "RuntimeError",
              "/nonexistent/dir/missing_module.so");
  ExpectError([] { Module::LoadFromFile("/nonexistent/module.unknownfmt"); }, "RuntimeError",
              "ffi.Module.load_from_file.unknownfmt");
  ExpectError([] { Module::LoadFromFile("no_extension"); }, "RuntimeError", "no_extension");
  std::string fake = std::string(TVM_FFI_MODULE_TEST_DIR) + "/not_a_library.so";
  { std::ofstream(fake) << "this is not an ELF file\n"; }
  ExpectError([&] { Module::LoadFromFile(fake); }, "RuntimeError", fake);
  // The soft-ABI global raises the same error rather than crashing.
  ExpectError(
      [&] { Function::GetGlobalRequired("ffi.ModuleLoadFromFile")(std::string("/nope/x.dylib")); },
      "RuntimeError", "/nope/x.dylib");
}

// SPEC: MOD-SYMBOL-NAME
TEST(Module, FunctionKeepsLibraryLoaded) {
  Function add_one;
  {
    Module mod = Module::LoadFromFile(LibPath("module_testlib"));
    add_one = mod->GetFunction("add_one").value();
  }
  // The module is gone; the Function still holds the library.
  EXPECT_EQ(add_one(1).cast<int64_t>(), 2);
}

// SPEC: MOD-LIBRARY-CTX
TEST(Module, LibraryCtxIsWritten) {
  Module mod = Module::LoadFromFile(LibPath("module_testlib"));
  void* ctx = mod->GetFunction("ctx").value()().cast<void*>();
  EXPECT_EQ(ctx, detail::ObjectUnsafe::TVMFFIObjectPtrFromObjectRef(mod));
}

// SPEC: MOD-CONTEXT-SYMBOLS
TEST(Module, ContextSymbolsAreWrittenAndVisited) {
  static int marker = 0;
  ASSERT_EQ(TVMFFIEnvModRegisterContextSymbol("module_test_context_symbol", &marker), 0);
  Module mod = Module::LoadFromFile(LibPath("module_testlib"));
  EXPECT_EQ(mod->GetFunction("context_symbol").value()().cast<void*>(), &marker);
  bool seen = false;
  Module::VisitContextSymbols([&](String name, void* value) {
    if (std::string(name) == "module_test_context_symbol") seen = value == &marker;
  });
  EXPECT_TRUE(seen);
}

// SPEC: MOD-LOOKUP-IMPORTS
TEST(Module, LookupFromImports) {
  Module mod = Module::LoadFromFile(LibPath("module_testlib"));
  Function call_import = mod->GetFunction("call_import").value();
  ExpectError([&] { call_import("import_fn", 1); }, "AttributeError", "import_fn");
  Module child = MakeTestModule("child-a");
  Module grandchild = MakeTestModule("child-b");
  child->ImportModule(grandchild);
  mod->ImportModule(child);
  EXPECT_EQ(call_import("import_fn", 4).cast<int64_t>(), 41);
  EXPECT_EQ(call_import("child-b.only", 1).cast<int64_t>(), 1001);  // recursive
  EXPECT_TRUE(mod->ImplementsFunction("child-b.get", true));
  EXPECT_EQ(std::string(mod->GetFunctionDoc("import_fn", true).value()), "doc of child-a");
  ExpectError([&] { call_import("missing_fn", 1); }, "AttributeError", "missing_fn");
  // The looked-up Function is cached by the module, so clearing imports keeps it valid.
  mod->ClearImports();
  EXPECT_EQ(call_import("import_fn", 4).cast<int64_t>(), 41);
  // A cycle is refused.
  ExpectError([&] { grandchild->ImportModule(child); }, "ValueError", "cyclic");
  TVMFFIObjectHandle out = nullptr;
  EXPECT_EQ(TVMFFIEnvModLookupFromImports(nullptr, "x", &out), -1);
  TVMFFIObjectHandle err = nullptr;
  TVMFFIErrorMoveFromRaised(&err);
  ASSERT_NE(err, nullptr);
  TVMFFIObjectDecRef(err);
}

// SPEC: MOD-LIBRARY-BIN
TEST(Module, LibraryBinImportTree) {
  int loads = 0;
  Function::SetGlobal("ffi.Module.load_from_bytes.test",
                      Function::FromTyped([&loads](Bytes payload) {
                        ++loads;
                        return MakeTestModule(std::string(payload));
                      }),
                      true);
  Module mod = Module::LoadFromFile(LibPath("module_testlib_bin"));
  Function::RemoveGlobal("ffi.Module.load_from_bytes.test");
  EXPECT_EQ(loads, 2);
  EXPECT_STREQ(mod->kind(), "library");  // module 0 is `_lib`, the library itself
  std::vector<Module> first = Imports(mod);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_STREQ(first[0]->kind(), "test");
  std::vector<Module> second = Imports(first[0]);
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0]->GetFunction("child-b.get").value()().cast<String>(), "child-b");
  // The library resolves through the tree built from the blob.
  Function call_import = mod->GetFunction("call_import").value();
  EXPECT_EQ(call_import("import_fn", 3).cast<int64_t>(), 31);
  EXPECT_EQ(mod->GetFunction("child-b.get", true).value()().cast<String>(), "child-b");
}

// SPEC: MOD-LIBRARY-BIN
TEST(Module, LibraryBinWithoutLoaderFails) {
  ExpectError([] { Module::LoadFromFile(LibPath("module_testlib_bin")); }, "RuntimeError",
              "ffi.Module.load_from_bytes.test");
}

// SPEC: VER-MODULE-CHECK, VER-ABI-SYMBOL
TEST(Module, RefusesModuleBuiltForAnotherAbi) {
  // The library aborts in a static initializer, so passing means dlopen never ran.
  std::string path = LibPath("module_testlib_bad_abi");
  ExpectError([&] { Module::LoadFromFile(path); }, "RuntimeError", path);
  ExpectError([&] { Module::LoadFromFile(path); }, "RuntimeError", "0.99.0");
}

int SysAddTen(void*, const TVMFFIAny* args, int32_t, TVMFFIAny* out) {
  *out = args[0];
  out->v_int64 += 10;
  return 0;
}
int SysPrefixed(void*, const TVMFFIAny*, int32_t, TVMFFIAny* out) {
  out->type_index = kTVMFFIInt;
  out->zero_padding = 0;
  out->v_int64 = 1;
  return 0;
}
int SysPlain(void*, const TVMFFIAny*, int32_t, TVMFFIAny* out) {
  out->type_index = kTVMFFIInt;
  out->zero_padding = 0;
  out->v_int64 = 2;
  return 0;
}

// SPEC: MOD-SYSTEM-LIB
TEST(Module, SystemLib) {
  ASSERT_EQ(TVMFFIEnvModRegisterSystemLibSymbol("__tvm_ffi_modtest_add_ten",
                                                reinterpret_cast<void*>(SysAddTen)),
            0);
  ASSERT_EQ(TVMFFIEnvModRegisterSystemLibSymbol("__tvm_ffi_sysp_which",
                                                reinterpret_cast<void*>(SysPrefixed)),
            0);
  ASSERT_EQ(TVMFFIEnvModRegisterSystemLibSymbol("__tvm_ffi_which",
                                                reinterpret_cast<void*>(SysPlain)),
            0);
  Function system_lib = Function::GetGlobalRequired("ffi.SystemLib");
  Module plain = system_lib().cast<Module>();
  EXPECT_TRUE(plain.same_as(system_lib("").cast<Module>())) << "one module per prefix";
  EXPECT_EQ(plain->GetFunction("modtest_add_ten").value()(5).cast<int64_t>(), 15);
  EXPECT_EQ(plain->GetFunction("which").value()().cast<int64_t>(), 2);
  EXPECT_FALSE(plain->GetFunction("not_registered").has_value());
  Module prefixed = system_lib("sysp_").cast<Module>();
  EXPECT_FALSE(prefixed.same_as(plain));
  EXPECT_EQ(prefixed->GetFunction("which").value()().cast<int64_t>(), 1);  // prefix first
  EXPECT_EQ(prefixed->GetFunction("modtest_add_ten").value()(1).cast<int64_t>(), 11);  // then plain
}

// SPEC: MODULE-ACCESS
TEST(Module, GlobalsWorkWithoutTheVtable) {
  // What a non-C++ SDK does: only handles and the ffi.Module* globals.
  Module mod = MakeTestModule("g");
  Function get = Function::GetGlobalRequired("ffi.ModuleGetFunction");
  EXPECT_EQ(get(mod, "g.get", false).cast<Function>()().cast<String>(), "g");
  EXPECT_EQ(Function::GetGlobalRequired("ffi.ModuleGetKind")(mod).cast<String>(), "test");
  EXPECT_EQ(Function::GetGlobalRequired("ffi.ModuleGetFunctionDoc")(mod, "import_fn", false)
                .cast<String>(),
            "doc of g");
}

}  // namespace
