// ffi/c/tests/internal/test_library.cc: white-box tests of library loading and library_bin parsing.
#include <gtest/gtest.h>
#include <tvm/ffi/extra/c_env_api.h>

#include <string>

#include "error_internal.h"
#include "library_internal.h"

namespace {

using tvm_ffi_rt::LibraryBin;
using tvm_ffi_rt::RuntimeFailure;

std::string module_path(const char* variant) {
  return std::string(TVM_FFI_TEST_MODULE_DIR) + "/abi_" + variant + ".so";
}

// SPEC: VER-ABI-SYMBOL
TEST(LibraryAbiVersion, ReadsTheExportedVersionWithoutLoadingTheFile) {
  TVMFFIVersion v{};
  ASSERT_TRUE(tvm_ffi_rt::library_read_abi_version(module_path("future_major"), &v));
  EXPECT_EQ(v.major, uint32_t{TVM_FFI_VERSION_MAJOR + 1});
  ASSERT_TRUE(tvm_ffi_rt::library_read_abi_version(module_path("current"), &v));
  EXPECT_EQ(v.minor, uint32_t{TVM_FFI_VERSION_MINOR});
  EXPECT_EQ(v.patch, uint32_t{TVM_FFI_VERSION_PATCH + 7});
  EXPECT_FALSE(tvm_ffi_rt::library_read_abi_version(module_path("none"), &v));
  EXPECT_FALSE(tvm_ffi_rt::library_read_abi_version("/nonexistent/lib.so", &v));
}

// SPEC: VER-MODULE-CHECK, VER-POLICY
TEST(LibraryAbiVersion, IncompatibleMajorOrMinorIsRefusedBeforeAnyModuleCodeRuns) {
  for (const char* variant : {"future_minor", "future_major"}) {
    try {
      tvm_ffi_rt::library_open(module_path(variant));
      FAIL() << variant << " was loaded";
    } catch (const RuntimeFailure& e) {
      EXPECT_EQ(e.kind, "RuntimeError");
      EXPECT_NE(e.message.find("built for tvm-ffi ABI"), std::string::npos) << e.message;
      EXPECT_NE(e.message.find("rebuild the module"), std::string::npos) << e.message;
    }
  }
}

// SPEC: VER-MODULE-CHECK, VER-POLICY
TEST(LibraryAbiVersion, SameMinorWithAnyPatchAndModulesWithoutVersionLoad) {
  for (const char* variant : {"current", "none"}) {
    auto lib = tvm_ffi_rt::library_open(module_path(variant));
    auto fn = reinterpret_cast<TVMFFISafeCallType>(lib->symbol("__tvm_ffi_answer"));
    ASSERT_NE(fn, nullptr);
    TVMFFIAny result{};
    ASSERT_EQ(fn(nullptr, nullptr, 0, &result), 0);
    EXPECT_EQ(result.v_int64, 42);
  }
}

// SPEC: MOD-CONTEXT-SYMBOLS
TEST(LibraryOpen, RegisteredContextSymbolsAreWrittenIntoTheLoadedLibrary) {
  static int marker = 0;
  ASSERT_EQ(TVMFFIEnvModRegisterContextSymbol("__tvm_ffi_test_context_slot", &marker), 0);
  auto lib = tvm_ffi_rt::library_open(module_path("current"));
  auto** slot = static_cast<void**>(lib->symbol("__tvm_ffi_test_context_slot"));
  ASSERT_NE(slot, nullptr);
  EXPECT_EQ(*slot, &marker);
}

TEST(LibraryOpen, MissingFileIsRuntimeErrorNamingThePath) {
  try {
    tvm_ffi_rt::library_open("/nonexistent/mod.so");
    FAIL();
  } catch (const RuntimeFailure& e) {
    EXPECT_EQ(e.kind, "RuntimeError");
    EXPECT_NE(e.message.find("/nonexistent/mod.so"), std::string::npos);
  }
}

void put_u64(std::string* s, uint64_t v) {
  for (int i = 0; i < 8; ++i) s->push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
void put_str(std::string* s, const std::string& v) {
  put_u64(s, v.size());
  *s += v;
}

// SPEC: MOD-LIBRARY-BIN
TEST(LibraryBinFormat, ParsesImportTreeAndModuleEntries) {
  std::string stream;
  put_u64(&stream, 3);  // row_ptr: 3 entries
  for (uint64_t v : {0, 1, 1}) put_u64(&stream, v);
  put_u64(&stream, 1);  // child_indices: one
  put_u64(&stream, 1);
  put_str(&stream, "_lib");
  put_str(&stream, "cuda");
  put_str(&stream, std::string("\x01\x02\x00\x03", 4));
  std::string blob;
  put_u64(&blob, stream.size());
  blob += stream;
  LibraryBin bin = tvm_ffi_rt::library_parse_bin(blob.data(), blob.size());
  EXPECT_EQ(bin.import_tree_row_ptr, (std::vector<uint64_t>{0, 1, 1}));
  EXPECT_EQ(bin.import_tree_child_indices, (std::vector<uint64_t>{1}));
  ASSERT_EQ(bin.modules.size(), 2u);
  EXPECT_EQ(bin.modules[0].kind, "_lib");
  EXPECT_TRUE(bin.modules[0].payload.empty());
  EXPECT_EQ(bin.modules[1].kind, "cuda");
  EXPECT_EQ(bin.modules[1].payload, std::string("\x01\x02\x00\x03", 4));
}

// SPEC: MOD-LIBRARY-BIN, EXT-NO-ABORT
TEST(LibraryBinFormat, TruncatedOrOversizedBlobsAreValueErrors) {
  std::string stream;
  put_u64(&stream, 1000);  // claims 1000 row_ptr entries
  std::string blob;
  put_u64(&blob, stream.size());
  blob += stream;
  EXPECT_THROW(tvm_ffi_rt::library_parse_bin(blob.data(), blob.size()), RuntimeFailure);
  std::string lying;
  put_u64(&lying, 1 << 20);  // size field beyond the blob
  EXPECT_THROW(tvm_ffi_rt::library_parse_bin(lying.data(), lying.size()), RuntimeFailure);
  EXPECT_THROW(tvm_ffi_rt::library_parse_bin(nullptr, 0), RuntimeFailure);
}

}  // namespace
