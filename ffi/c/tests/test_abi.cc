// ffi/c/tests/test_abi.cc: §1 conventions (platform layout, C linkage, int32 enums,
// self-contained headers, export macros, library name), and the §3.4 / §4.1 / §5.2 / §8.2
// layouts checked on live objects made by the runtime.
#include <dlfcn.h>
#include <gtest/gtest.h>
#include <link.h>
#include <tvm/ffi/c_api.h>
#include <tvm/ffi/extra/c_env_api.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include "test_helpers.h"

namespace {

using namespace tvm_ffi_test;

// The repository root, derived from this file's path (CMake compiles sources by absolute path).
std::string RepoPath(const std::string& relative) {
  std::string here = __FILE__;
  const std::string tail = "ffi/c/tests/test_abi.cc";
  if (here.size() < tail.size() || here.compare(here.size() - tail.size(), tail.size(), tail) != 0) {
    return relative;
  }
  return here.substr(0, here.size() - tail.size()) + relative;
}

bool ReadFile(const std::string& path, std::string* out) {
  std::ifstream in(path);
  if (!in) return false;
  std::stringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return true;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

std::string StripSpaces(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c != ' ' && c != '\t') out.push_back(c);
  }
  return out;
}

// Appendix A: the 50 exported functions.
const char* const kExportedFunctions[] = {
    "TVMFFIGetVersion",
    "TVMFFIObjectIncRef",
    "TVMFFIObjectDecRef",
    "TVMFFIObjectCreateOpaque",
    "TVMFFIGetCustomAllocator",
    "TVMFFISetCustomAllocator",
    "TVMFFITypeKeyToIndex",
    "TVMFFITypeGetOrAllocIndex",
    "TVMFFIGetTypeInfo",
    "TVMFFITypeRegisterField",
    "TVMFFITypeRegisterMethod",
    "TVMFFITypeRegisterMetadata",
    "TVMFFITypeRegisterAttr",
    "TVMFFIGetTypeAttrColumn",
    "TVMFFIFunctionCreate",
    "TVMFFIFunctionCall",
    "TVMFFIFunctionGetGlobal",
    "TVMFFIFunctionSetGlobal",
    "TVMFFIFunctionSetGlobalFromMethodInfo",
    "TVMFFIAnyViewToOwnedAny",
    "TVMFFIErrorMoveFromRaised",
    "TVMFFIErrorSetRaised",
    "TVMFFIErrorSetRaisedFromCStr",
    "TVMFFIErrorSetRaisedFromCStrParts",
    "TVMFFIErrorCreate",
    "TVMFFIErrorCreateWithCauseAndExtraContext",
    "TVMFFIBacktrace",
    "TVMFFIStringFromByteArray",
    "TVMFFIBytesFromByteArray",
    "TVMFFIBigIntFromByteArray",
    "TVMFFIBigIntGetContentByteArray",
    "TVMFFIDataTypeFromString",
    "TVMFFIDataTypeToString",
    "TVMFFITensorFromDLPack",
    "TVMFFITensorFromDLPackVersioned",
    "TVMFFITensorToDLPack",
    "TVMFFITensorToDLPackVersioned",
    "TVMFFITensorCreateUnsafeView",
    "TVMFFIHandleInitOnce",
    "TVMFFIHandleDeinitOnce",
    "TVMFFIEnvSetStream",
    "TVMFFIEnvGetStream",
    "TVMFFIEnvSetDLPackManagedTensorAllocator",
    "TVMFFIEnvGetDLPackManagedTensorAllocator",
    "TVMFFIEnvTensorAlloc",
    "TVMFFIEnvCheckSignals",
    "TVMFFIEnvRegisterCAPI",
    "TVMFFIEnvModLookupFromImports",
    "TVMFFIEnvModRegisterContextSymbol",
    "TVMFFIEnvModRegisterSystemLibSymbol",
};
static_assert(sizeof(kExportedFunctions) / sizeof(kExportedFunctions[0]) == 50,
              "Appendix A lists 50 functions");

// The loaded runtime library (the object that holds TVMFFIGetVersion).
std::string RuntimeLibraryPath() {
  Dl_info info;
  std::memset(&info, 0, sizeof(info));
  if (dladdr(reinterpret_cast<void*>(&TVMFFIGetVersion), &info) == 0 || info.dli_fname == nullptr) {
    return "";
  }
  return info.dli_fname;
}

// ---------------------------------------------------------------------------
// §1.1 platform layout
// ---------------------------------------------------------------------------

#define EXPECT_LAYOUT(T, size, align)      \
  EXPECT_EQ(sizeof(T), size_t{size}) << #T; \
  EXPECT_EQ(alignof(T), size_t{align}) << #T
#define EXPECT_OFFSET(T, m, off) EXPECT_EQ(offsetof(T, m), size_t{off}) << #T "." #m

// SPEC: ABI-PLATFORM, ANY-LAYOUT, OBJ-HEADER-LAYOUT, OBJ-CELL-LAYOUTS, REG-TYPEINFO-LAYOUT
TEST(AbiPlatform, Lp64StructSizesAlignmentsAndOffsetsMatchTheSpecTables) {
#if defined(__LP64__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  EXPECT_LAYOUT(TVMFFIVersion, 12, 4);
  EXPECT_LAYOUT(TVMFFIAny, 16, 8);
  EXPECT_OFFSET(TVMFFIAny, type_index, 0);
  EXPECT_OFFSET(TVMFFIAny, zero_padding, 4);
  EXPECT_OFFSET(TVMFFIAny, small_str_len, 4);
  EXPECT_OFFSET(TVMFFIAny, v_int64, 8);
  EXPECT_OFFSET(TVMFFIAny, v_obj, 8);
  EXPECT_OFFSET(TVMFFIAny, v_dtype, 8);
  EXPECT_OFFSET(TVMFFIAny, v_device, 8);
  EXPECT_OFFSET(TVMFFIAny, v_bytes, 8);
  EXPECT_LAYOUT(TVMFFIObject, 24, 8);
  EXPECT_OFFSET(TVMFFIObject, combined_ref_count, 0);
  EXPECT_OFFSET(TVMFFIObject, type_index, 8);
  EXPECT_OFFSET(TVMFFIObject, __padding, 12);
  EXPECT_OFFSET(TVMFFIObject, deleter, 16);
  EXPECT_LAYOUT(TVMFFIObjectAllocHeader, 8, 8);
  EXPECT_LAYOUT(TVMFFICustomAllocator, 16, 8);
  EXPECT_OFFSET(TVMFFICustomAllocator, allocate, 0);
  EXPECT_OFFSET(TVMFFICustomAllocator, context, 8);
  EXPECT_LAYOUT(TVMFFIByteArray, 16, 8);
  EXPECT_OFFSET(TVMFFIByteArray, data, 0);
  EXPECT_OFFSET(TVMFFIByteArray, size, 8);
  EXPECT_LAYOUT(TVMFFIShapeCell, 16, 8);
  EXPECT_OFFSET(TVMFFIShapeCell, data, 0);
  EXPECT_OFFSET(TVMFFIShapeCell, size, 8);
  EXPECT_LAYOUT(TVMFFISeqCell, 32, 8);
  EXPECT_OFFSET(TVMFFISeqCell, size, 8);
  EXPECT_OFFSET(TVMFFISeqCell, capacity, 16);
  EXPECT_OFFSET(TVMFFISeqCell, data_deleter, 24);
  EXPECT_LAYOUT(TVMFFIFunctionCell, 16, 8);
  EXPECT_OFFSET(TVMFFIFunctionCell, safe_call, 0);
  EXPECT_OFFSET(TVMFFIFunctionCell, cpp_call, 8);
  EXPECT_LAYOUT(TVMFFIOpaqueObjectCell, 8, 8);
  EXPECT_LAYOUT(TVMFFIErrorCell, 72, 8);
  EXPECT_OFFSET(TVMFFIErrorCell, kind, 0);
  EXPECT_OFFSET(TVMFFIErrorCell, message, 16);
  EXPECT_OFFSET(TVMFFIErrorCell, backtrace, 32);
  EXPECT_OFFSET(TVMFFIErrorCell, update_backtrace, 48);
  EXPECT_OFFSET(TVMFFIErrorCell, cause_chain, 56);
  EXPECT_OFFSET(TVMFFIErrorCell, extra_context, 64);
  EXPECT_LAYOUT(TVMFFITypeInfo, 72, 8);
  EXPECT_OFFSET(TVMFFITypeInfo, type_index, 0);
  EXPECT_OFFSET(TVMFFITypeInfo, type_depth, 4);
  EXPECT_OFFSET(TVMFFITypeInfo, type_key, 8);
  EXPECT_OFFSET(TVMFFITypeInfo, type_ancestors, 24);
  EXPECT_OFFSET(TVMFFITypeInfo, type_key_hash, 32);
  EXPECT_OFFSET(TVMFFITypeInfo, num_fields, 40);
  EXPECT_OFFSET(TVMFFITypeInfo, num_methods, 44);
  EXPECT_OFFSET(TVMFFITypeInfo, fields, 48);
  EXPECT_OFFSET(TVMFFITypeInfo, methods, 56);
  EXPECT_OFFSET(TVMFFITypeInfo, metadata, 64);
  EXPECT_LAYOUT(TVMFFIFieldInfo, 120, 8);
  EXPECT_OFFSET(TVMFFIFieldInfo, doc, 16);
  EXPECT_OFFSET(TVMFFIFieldInfo, metadata, 32);
  EXPECT_OFFSET(TVMFFIFieldInfo, flags, 48);
  EXPECT_OFFSET(TVMFFIFieldInfo, size, 56);
  EXPECT_OFFSET(TVMFFIFieldInfo, alignment, 64);
  EXPECT_OFFSET(TVMFFIFieldInfo, offset, 72);
  EXPECT_OFFSET(TVMFFIFieldInfo, getter, 80);
  EXPECT_OFFSET(TVMFFIFieldInfo, setter, 88);
  EXPECT_OFFSET(TVMFFIFieldInfo, default_value_or_factory, 96);
  EXPECT_OFFSET(TVMFFIFieldInfo, field_static_type_index, 112);
  EXPECT_LAYOUT(TVMFFIMethodInfo, 72, 8);
  EXPECT_OFFSET(TVMFFIMethodInfo, flags, 48);
  EXPECT_OFFSET(TVMFFIMethodInfo, method, 56);
  EXPECT_LAYOUT(TVMFFITypeMetadata, 32, 8);
  EXPECT_OFFSET(TVMFFITypeMetadata, creator, 16);
  EXPECT_OFFSET(TVMFFITypeMetadata, total_size, 24);
  EXPECT_OFFSET(TVMFFITypeMetadata, structural_eq_hash_kind, 28);
  EXPECT_LAYOUT(TVMFFITypeAttrColumn, 16, 8);
  EXPECT_OFFSET(TVMFFITypeAttrColumn, size, 8);
  EXPECT_OFFSET(TVMFFITypeAttrColumn, begin_index, 12);
  EXPECT_LAYOUT(DLTensor, 48, 8);
  EXPECT_OFFSET(DLTensor, device, 8);
  EXPECT_OFFSET(DLTensor, ndim, 16);
  EXPECT_OFFSET(DLTensor, dtype, 20);
  EXPECT_OFFSET(DLTensor, shape, 24);
  EXPECT_OFFSET(DLTensor, strides, 32);
  EXPECT_OFFSET(DLTensor, byte_offset, 40);
  EXPECT_LAYOUT(DLManagedTensor, 64, 8);
  EXPECT_OFFSET(DLManagedTensor, manager_ctx, 48);
  EXPECT_OFFSET(DLManagedTensor, deleter, 56);
  EXPECT_LAYOUT(DLManagedTensorVersioned, 80, 8);
  EXPECT_OFFSET(DLManagedTensorVersioned, manager_ctx, 8);
  EXPECT_OFFSET(DLManagedTensorVersioned, deleter, 16);
  EXPECT_OFFSET(DLManagedTensorVersioned, flags, 24);
  EXPECT_OFFSET(DLManagedTensorVersioned, dl_tensor, 32);
  EXPECT_LAYOUT(DLDataType, 4, 2);
  EXPECT_LAYOUT(DLDevice, 8, 4);
#else
  GTEST_SKIP() << "the byte tables are for LP64 little-endian targets";
#endif
}

// ---------------------------------------------------------------------------
// §1.1 C linkage
// ---------------------------------------------------------------------------

// SPEC: ABI-C-LINKAGE
TEST(AbiCLinkage, EveryAppendixAFunctionResolvesByItsUnmangledNameInTheRuntimeLibrary) {
  std::string path = RuntimeLibraryPath();
  ASSERT_FALSE(path.empty()) << "dladdr could not find the runtime library";
  void* lib = dlopen(path.c_str(), RTLD_NOW | RTLD_NOLOAD);
  ASSERT_NE(lib, nullptr) << dlerror();
  for (const char* name : kExportedFunctions) {
    SCOPED_TRACE(name);
    void* sym = dlsym(lib, name);
    ASSERT_NE(sym, nullptr) << "not exported under its C name";
    Dl_info info;
    std::memset(&info, 0, sizeof(info));
    ASSERT_NE(dladdr(sym, &info), 0);
    ASSERT_NE(info.dli_sname, nullptr);
    EXPECT_STREQ(info.dli_sname, name) << "the symbol at that address must be the plain C name";
    EXPECT_EQ(path, info.dli_fname);
  }
  // Calls through the dlsym'd addresses with the C calling convention.
  using GetVersionFn = void (*)(TVMFFIVersion*);
  auto get_version = reinterpret_cast<GetVersionFn>(dlsym(lib, "TVMFFIGetVersion"));
  ASSERT_NE(get_version, nullptr);
  TVMFFIVersion v{99, 99, 99};
  get_version(&v);
  EXPECT_EQ(v.major, 0u);
  EXPECT_EQ(v.minor, 1u);
  EXPECT_EQ(v.patch, 16u);
  using StringFn = int (*)(const TVMFFIByteArray*, TVMFFIAny*);
  auto make_string = reinterpret_cast<StringFn>(dlsym(lib, "TVMFFIStringFromByteArray"));
  ASSERT_NE(make_string, nullptr);
  TVMFFIByteArray in = ByteArray("c-abi");
  TVMFFIAny out = NoneAny();
  EXPECT_EQ(make_string(&in, &out), 0);
  EXPECT_EQ(out.type_index, kTVMFFISmallStr);
  EXPECT_EQ(StringContent(out), "c-abi");
  dlclose(lib);
}

// ---------------------------------------------------------------------------
// §1.1 enums are int32
// ---------------------------------------------------------------------------

// SPEC: ABI-ENUM-INT32
TEST(AbiEnumInt32, EveryAbiEnumHasInt32UnderlyingTypeInCppAndIsStoredAsFourBytes) {
  static_assert(std::is_same<std::underlying_type<TVMFFITypeIndex>::type, int32_t>::value, "");
  static_assert(
      std::is_same<std::underlying_type<TVMFFIObjectDeleterFlagBitMask>::type, int32_t>::value,
      "");
  static_assert(std::is_same<std::underlying_type<TVMFFIBacktraceUpdateMode>::type, int32_t>::value,
                "");
  static_assert(std::is_same<std::underlying_type<TVMFFIFieldFlagBitMask>::type, int32_t>::value,
                "");
  static_assert(std::is_same<std::underlying_type<TVMFFISEqHashKind>::type, int32_t>::value, "");
  static_assert(std::is_same<std::underlying_type<TVMFFIDefRegionKind>::type, int32_t>::value, "");
  EXPECT_EQ(sizeof(TVMFFITypeIndex), 4u);
  EXPECT_EQ(sizeof(TVMFFISEqHashKind), 4u);
  // Where an enum value is stored or passed, it is a 32-bit signed integer.
  EXPECT_TRUE((std::is_same<decltype(TVMFFIAny{}.type_index), int32_t>::value));
  EXPECT_TRUE((std::is_same<decltype(TVMFFIObject{}.type_index), int32_t>::value));
  EXPECT_TRUE((std::is_same<decltype(TVMFFITypeInfo{}.type_index), int32_t>::value));
  EXPECT_TRUE((std::is_same<decltype(TVMFFIFieldInfo{}.field_static_type_index), int32_t>::value));
  EXPECT_EQ(sizeof(TVMFFITypeMetadata{}.structural_eq_hash_kind), 4u);
  EXPECT_TRUE((std::is_same<decltype(&TVMFFIObjectCreateOpaque),
                            int (*)(void*, int32_t, void (*)(void*), TVMFFIObjectHandle*)>::value));
  EXPECT_TRUE((std::is_same<decltype(TVMFFIErrorCell{}.update_backtrace),
                            void (*)(TVMFFIObjectHandle, const TVMFFIByteArray*, int32_t)>::value));
  EXPECT_TRUE((std::is_same<decltype(&TVMFFIGetTypeInfo), const TVMFFITypeInfo* (*)(int32_t)>::value));
  // Negative values survive: kTVMFFIAny is -1 in an int32 slot.
  TVMFFIAny v = NoneAny();
  v.type_index = kTVMFFIAny;
  EXPECT_EQ(v.type_index, -1);
}

// ---------------------------------------------------------------------------
// §1.1 self-contained headers
// ---------------------------------------------------------------------------

// The #include targets of a header, each with whether it sits under an
// #if/#ifdef branch that names `guard`.
struct IncludeLine {
  std::string target;
  bool under_guard;
};
std::vector<IncludeLine> IncludesOf(const std::string& text, const std::string& guard) {
  std::vector<IncludeLine> out;
  std::vector<std::string> conditions;
  for (const std::string& raw : Lines(text)) {
    std::string line = Trim(raw);
    if (line.empty() || line[0] != '#') continue;
    std::string directive = StripSpaces(line.substr(1));
    if (directive.rfind("if", 0) == 0) {
      conditions.push_back(line);
    } else if (directive.rfind("endif", 0) == 0) {
      if (!conditions.empty()) conditions.pop_back();
    } else if (directive.rfind("include", 0) == 0) {
      bool guarded = false;
      for (const std::string& c : conditions) guarded |= c.find(guard) != std::string::npos;
      out.push_back({directive.substr(7), guarded});
    }
  }
  return out;
}

// SPEC: ABI-HEADER-SELF-CONTAINED
TEST(AbiHeaders, CApiIncludesOnlyStdintStddefAndDlpackAndEnvApiIncludesOnlyCApi) {
  std::string c_api, env_api;
  ASSERT_TRUE(ReadFile(RepoPath("ffi/c/include/tvm/ffi/c_api.h"), &c_api));
  ASSERT_TRUE(ReadFile(RepoPath("ffi/c/include/tvm/ffi/extra/c_env_api.h"), &env_api));
  std::vector<IncludeLine> includes = IncludesOf(c_api, "__EMSCRIPTEN__");
  ASSERT_FALSE(includes.empty());
  for (const IncludeLine& inc : includes) {
    SCOPED_TRACE(inc.target);
    bool allowed = inc.target == "<stdint.h>" || inc.target == "<stddef.h>" ||
                   inc.target == "<dlpack/dlpack.h>" ||
                   (inc.under_guard && inc.target == "<emscripten/emscripten.h>");
    EXPECT_TRUE(allowed) << "c_api.h may include only <stdint.h>, <stddef.h> and <dlpack/dlpack.h>";
  }
  std::vector<IncludeLine> env_includes = IncludesOf(env_api, "__never__");
  ASSERT_EQ(env_includes.size(), 1u);
  EXPECT_EQ(env_includes[0].target, "<tvm/ffi/c_api.h>");
  // dlpack.h itself needs only the same two C headers.
  std::string dlpack;
  ASSERT_TRUE(ReadFile(RepoPath("ffi/c/include/dlpack/dlpack.h"), &dlpack));
  for (const IncludeLine& inc : IncludesOf(dlpack, "__never__")) {
    EXPECT_TRUE(inc.target == "<stdint.h>" || inc.target == "<stddef.h>") << inc.target;
  }
}

// SPEC: ABI-HEADER-SELF-CONTAINED
TEST(AbiHeaders, CApiDeclaresExternCForCppAndUsesNoCppOnlyConstructsOutsideCppGuards) {
  std::string c_api;
  ASSERT_TRUE(ReadFile(RepoPath("ffi/c/include/tvm/ffi/c_api.h"), &c_api));
  EXPECT_NE(c_api.find("extern \"C\""), std::string::npos);
  // C99 has no `bool`, `nullptr`, references or namespaces: none may appear
  // in declarations outside an #ifdef __cplusplus block.
  std::vector<std::string> conditions;
  int line_no = 0;
  for (const std::string& raw : Lines(c_api)) {
    ++line_no;
    std::string line = Trim(raw);
    if (!line.empty() && line[0] == '#') {
      std::string d = StripSpaces(line.substr(1));
      if (d.rfind("if", 0) == 0) conditions.push_back(line);
      if (d.rfind("endif", 0) == 0 && !conditions.empty()) conditions.pop_back();
      continue;
    }
    bool in_cpp = false;
    for (const std::string& c : conditions) in_cpp |= c.find("__cplusplus") != std::string::npos;
    if (in_cpp || line.rfind("//", 0) == 0 || line.rfind("*", 0) == 0 || line.rfind("/*", 0) == 0) {
      continue;
    }
    for (const char* word : {"nullptr", "namespace ", "template", "constexpr", "static_assert"}) {
      EXPECT_EQ(line.find(word), std::string::npos)
          << "c_api.h:" << line_no << " uses C++-only `" << word << "`: " << line;
    }
  }
}

// ---------------------------------------------------------------------------
// §1.1 handles point at the object header
// ---------------------------------------------------------------------------

int NoopCall(void*, const TVMFFIAny*, int32_t, TVMFFIAny*) { return 0; }

// SPEC: ABI-HANDLE-HEADER, OBJ-REFCOUNT-INIT
TEST(AbiHandleHeader, EveryObjectHandleTheRuntimeReturnsPointsAtAFreshTVMFFIObjectHeader) {
  struct Made {
    const char* what;
    TVMFFIObjectHandle handle;
    int32_t type_index;
  };
  std::vector<Made> made;
  TVMFFIAny s = MakeStringAny("a heap string of some length");
  made.push_back({"String", s.v_obj, kTVMFFIStr});
  TVMFFIByteArray bytes_in = ByteArray("heap bytes of some length");
  TVMFFIAny b = NoneAny();
  ASSERT_EQ(TVMFFIBytesFromByteArray(&bytes_in, &b), 0);
  made.push_back({"Bytes", b.v_obj, kTVMFFIBytes});
  made.push_back({"Error", MakeError("ValueError", "m"), kTVMFFIError});
  TVMFFIObjectHandle fn = nullptr;
  ASSERT_EQ(TVMFFIFunctionCreate(nullptr, NoopCall, nullptr, &fn), 0);
  made.push_back({"Function", fn, kTVMFFIFunction});
  int payload = 0;
  TVMFFIObjectHandle opaque = nullptr;
  ASSERT_EQ(TVMFFIObjectCreateOpaque(&payload, kTVMFFIOpaquePyObject, nullptr, &opaque), 0);
  made.push_back({"OpaquePyObject", opaque, kTVMFFIOpaquePyObject});
  uint64_t words[2] = {0, 1};  // 2^64
  TVMFFIByteArray big_in{reinterpret_cast<const char*>(words), sizeof(words)};
  TVMFFIAny big = NoneAny();
  ASSERT_EQ(TVMFFIBigIntFromByteArray(&big_in, &big), 0);
  made.push_back({"BigInt", big.v_obj, kTVMFFIBigInt});
  static float data[4];
  int64_t shape[1] = {4};
  DLManagedTensor mt = CpuFloatVector(data, shape);
  TVMFFIObjectHandle tensor = nullptr;
  ASSERT_EQ(TVMFFITensorFromDLPack(&mt, 0, 0, &tensor), 0);
  made.push_back({"Tensor", tensor, kTVMFFITensor});
  int64_t strides[1] = {1};
  DLTensor proto = mt.dl_tensor;
  proto.strides = strides;
  TVMFFIObjectHandle view = nullptr;
  ASSERT_EQ(TVMFFITensorCreateUnsafeView(tensor, &proto, &view), 0);
  made.push_back({"Tensor view", view, kTVMFFITensor});

  for (const Made& m : made) {
    SCOPED_TRACE(m.what);
    ASSERT_NE(m.handle, nullptr);
    const TVMFFIObject* header = static_cast<const TVMFFIObject*>(m.handle);
    EXPECT_EQ(header->type_index, m.type_index);
    EXPECT_EQ(TVMFFIObjectGetTypeIndex(m.handle), m.type_index);
    EXPECT_EQ(header->__padding, 0u);
    EXPECT_NE(header->deleter, nullptr) << "runtime objects are freed by their deleter";
    // One strong reference plus the weak one held for the strong side; the
    // view retains the source tensor, so that one has two strong references.
    uint64_t expect = m.handle == tensor ? kFreshCount + 1 : kFreshCount;
    EXPECT_EQ(header->combined_ref_count, expect);
    // IncRef through the handle changes the word at handle + 0.
    ASSERT_EQ(TVMFFIObjectIncRef(m.handle), 0);
    EXPECT_EQ(header->combined_ref_count, expect + 1);
    ASSERT_EQ(TVMFFIObjectDecRef(m.handle), 0);
  }
  TVMFFIObjectDecRef(view);
  for (const Made& m : made) {
    if (m.handle != view) TVMFFIObjectDecRef(m.handle);
  }
}

// ---------------------------------------------------------------------------
// §1.2 export macros, library name
// ---------------------------------------------------------------------------

#define TVM_FFI_TEST_STR(...) #__VA_ARGS__
#define TVM_FFI_TEST_XSTR(...) TVM_FFI_TEST_STR(__VA_ARGS__)

// SPEC: ABI-EXPORT-MACROS
TEST(AbiExportMacros, GccColumnOfTheMacroTableAndPureOnlyOnGetTypeInfo) {
#if defined(__GNUC__) && !defined(_MSC_VER) && !defined(__EMSCRIPTEN__)
  EXPECT_EQ(StripSpaces(TVM_FFI_TEST_XSTR(TVM_FFI_DLL)),
            "__attribute__((visibility(\"default\")))");
  EXPECT_EQ(StripSpaces(TVM_FFI_TEST_XSTR(TVM_FFI_DLL_EXPORT)),
            "__attribute__((visibility(\"default\")))");
  EXPECT_EQ(StripSpaces(TVM_FFI_TEST_XSTR(TVM_FFI_WEAK)), "__attribute__((weak))");
  EXPECT_EQ(StripSpaces(TVM_FFI_TEST_XSTR(TVM_FFI_ATTRIBUTE_PURE)), "__attribute__((__pure__))");
#endif
  // TVM_FFI_ATTRIBUTE_PURE decorates exactly one declaration: TVMFFIGetTypeInfo.
  for (const char* header : {"ffi/c/include/tvm/ffi/c_api.h", "ffi/c/include/tvm/ffi/extra/c_env_api.h"}) {
    std::string text;
    ASSERT_TRUE(ReadFile(RepoPath(header), &text)) << header;
    int uses = 0;
    for (const std::string& raw : Lines(text)) {
      std::string line = Trim(raw);
      if (line.find("TVM_FFI_ATTRIBUTE_PURE") == std::string::npos) continue;
      if (line[0] == '#' || line.rfind("*", 0) == 0 || line.rfind("/", 0) == 0) continue;
      ++uses;
      EXPECT_NE(line.find("TVMFFIGetTypeInfo("), std::string::npos)
          << header << ": TVM_FFI_ATTRIBUTE_PURE on another declaration: " << line;
    }
    if (std::string(header).find("c_api.h") != std::string::npos) {
      EXPECT_EQ(uses, 1);
    }
  }
  // The runtime library is compiled with TVM_FFI_EXPORTS (what makes TVM_FFI_DLL
  // dllexport on MSVC; on ELF targets it leaves no trace in the binary).
  std::string cmake;
  ASSERT_TRUE(ReadFile(RepoPath("ffi/c/CMakeLists.txt"), &cmake));
  bool found = false;
  for (const std::string& line : Lines(cmake)) {
    if (line.find("target_compile_definitions") != std::string::npos &&
        line.find("TVM_FFI_EXPORTS") != std::string::npos) {
      found = true;
    }
  }
  EXPECT_TRUE(found) << "ffi/c/CMakeLists.txt must define TVM_FFI_EXPORTS for the runtime";
}

// DT_SONAME of a loaded library, or "" if it has none.
std::string SonameOf(void* handle) {
  struct link_map* map = nullptr;
  if (dlinfo(handle, RTLD_DI_LINKMAP, &map) != 0 || map == nullptr) return "";
  const char* strtab = nullptr;
  ElfW(Xword) soname = 0;
  bool has_soname = false;
  for (const ElfW(Dyn)* d = map->l_ld; d->d_tag != DT_NULL; ++d) {
    if (d->d_tag == DT_STRTAB) strtab = reinterpret_cast<const char*>(d->d_un.d_ptr);
    if (d->d_tag == DT_SONAME) {
      soname = d->d_un.d_val;
      has_soname = true;
    }
  }
  if (!has_soname || strtab == nullptr) return "";
  return std::string(strtab + soname);
}

// SPEC: ABI-LIBRARY-NAME
TEST(AbiLibraryName, RuntimeIsLibtvmFfiSoWithTheSameSoname) {
#if defined(__linux__)
  std::string path = RuntimeLibraryPath();
  ASSERT_FALSE(path.empty());
  std::string base = path.substr(path.find_last_of('/') + 1);
  EXPECT_EQ(base, "libtvm_ffi.so");
  void* lib = dlopen(path.c_str(), RTLD_NOW | RTLD_NOLOAD);
  ASSERT_NE(lib, nullptr) << dlerror();
  EXPECT_EQ(SonameOf(lib), "libtvm_ffi.so");
  dlclose(lib);
#else
  GTEST_SKIP() << "Linux naming only";
#endif
}

// ---------------------------------------------------------------------------
// Live layouts: cells at +24 (§3.4), FunctionObj (§5.2), Shape (§8.2), TypeInfo (§4.1)
// ---------------------------------------------------------------------------

template <typename T>
T At(TVMFFIObjectHandle obj, size_t offset) {
  T value;
  std::memcpy(&value, static_cast<const char*>(obj) + offset, sizeof(T));
  return value;
}

// SPEC: OBJ-CELL-OFFSET
TEST(ObjectCellOffset, CellOfEveryRuntimeCreatedBuiltinStartsAt24) {
  // String / Bytes: {data, size} at +24.
  TVMFFIAny s = MakeStringAny("twelve chars");
  ASSERT_EQ(s.type_index, kTVMFFIStr);
  EXPECT_EQ(reinterpret_cast<char*>(TVMFFIBytesGetByteArrayPtr(s.v_obj)),
            reinterpret_cast<char*>(s.v_obj) + 24);
  EXPECT_EQ(std::string(At<const char*>(s.v_obj, 24), At<size_t>(s.v_obj, 32)), "twelve chars");
  ReleaseAny(&s);
  // Error: kind @24, message @40, backtrace @56, update_backtrace @72, cause @80, context @88.
  TVMFFIObjectHandle cause = MakeError("KeyError", "inner");
  TVMFFIByteArray k = ByteArray("ValueError"), m = ByteArray("outer"), bt = ByteArray("bt\n");
  TVMFFIObjectHandle err = nullptr;
  ASSERT_EQ(TVMFFIErrorCreateWithCauseAndExtraContext(&k, &m, &bt, cause, nullptr, &err), 0);
  EXPECT_EQ(std::string(At<const char*>(err, 24), At<size_t>(err, 32)), "ValueError");
  EXPECT_EQ(std::string(At<const char*>(err, 40), At<size_t>(err, 48)), "outer");
  EXPECT_EQ(std::string(At<const char*>(err, 56), At<size_t>(err, 64)), "bt\n");
  EXPECT_NE(At<void*>(err, 72), nullptr);
  EXPECT_EQ(At<void*>(err, 80), cause);
  EXPECT_EQ(At<void*>(err, 88), nullptr);
  TVMFFIObjectDecRef(err);
  TVMFFIObjectDecRef(cause);
  // Opaque: handle @24.
  int payload = 0;
  TVMFFIObjectHandle opaque = nullptr;
  ASSERT_EQ(TVMFFIObjectCreateOpaque(&payload, kTVMFFIOpaquePyObject, nullptr, &opaque), 0);
  EXPECT_EQ(At<void*>(opaque, 24), &payload);
  TVMFFIObjectDecRef(opaque);
  // Tensor: DLTensor @24 (data first).
  static float data[2];
  int64_t shape[1] = {2};
  DLManagedTensor mt = CpuFloatVector(data, shape);
  TVMFFIObjectHandle tensor = nullptr;
  ASSERT_EQ(TVMFFITensorFromDLPack(&mt, 0, 0, &tensor), 0);
  EXPECT_EQ(At<void*>(tensor, 24), static_cast<void*>(data));
  EXPECT_EQ(At<int32_t>(tensor, 24 + 16), 1) << "ndim";
  EXPECT_EQ(reinterpret_cast<char*>(TVMFFITensorGetDLTensorPtr(tensor)),
            reinterpret_cast<char*>(tensor) + 24);
  TVMFFIObjectDecRef(tensor);
}

int ReturnsOne(void*, const TVMFFIAny*, int32_t, TVMFFIAny* result) {
  *result = IntAny(1);
  return 0;
}

// SPEC: CALL-FUNCTION-LAYOUT, OBJ-CELL-OFFSET
TEST(FunctionLayout, FunctionObjHasSafeCallAt24AndNullCppCallAt32) {
  TVMFFIObjectHandle direct = nullptr, closure = nullptr;
  int self = 0;
  ASSERT_EQ(TVMFFIFunctionCreate(nullptr, ReturnsOne, nullptr, &direct), 0);
  ASSERT_EQ(TVMFFIFunctionCreate(&self, ReturnsOne, nullptr, &closure), 0);
  for (TVMFFIObjectHandle f : {direct, closure}) {
    EXPECT_EQ(TypeIndexOf(f), kTVMFFIFunction);
    TVMFFISafeCallType at24 = At<TVMFFISafeCallType>(f, 24);
    ASSERT_NE(at24, nullptr);
    EXPECT_EQ(At<void*>(f, 32), nullptr) << "cpp_call";
    // Calling the pointer at +24 the way inline C++ code does.
    TVMFFIAny result = NoneAny();
    ASSERT_EQ(at24(f, nullptr, 0, &result), 0);
    EXPECT_EQ(result.type_index, kTVMFFIInt);
    EXPECT_EQ(result.v_int64, 1);
  }
  EXPECT_EQ(At<TVMFFISafeCallType>(direct, 24), &ReturnsOne);
  TVMFFIObjectDecRef(direct);
  TVMFFIObjectDecRef(closure);
}

// SPEC: SHAPE-LAYOUT, OBJ-CELL-OFFSET
TEST(ShapeLayout, ShapeObjectIsHeaderPlusShapeCellOfFortyBytesAndAccessorReadsAt24) {
  struct ShapeObj {
    TVMFFIObject header;
    TVMFFIShapeCell cell;
    int64_t dims[3];
  };
  static_assert(offsetof(ShapeObj, cell) == 24, "cell at +24");
  static_assert(offsetof(ShapeObj, cell) + offsetof(TVMFFIShapeCell, data) == 24, "data @24");
  static_assert(offsetof(ShapeObj, cell) + offsetof(TVMFFIShapeCell, size) == 32, "size @32");
  static_assert(offsetof(ShapeObj, dims) == 40, "{TVMFFIObject; TVMFFIShapeCell} is 40 bytes");
  ShapeObj obj;
  std::memset(&obj, 0, sizeof(obj));
  obj.header.combined_ref_count = kFreshCount;
  obj.header.type_index = kTVMFFIShape;
  obj.dims[0] = 2;
  obj.dims[1] = 3;
  obj.dims[2] = 5;
  obj.cell.data = obj.dims;
  obj.cell.size = 3;
  TVMFFIShapeCell* cell = TVMFFIShapeGetCellPtr(&obj);
  EXPECT_EQ(reinterpret_cast<char*>(cell), reinterpret_cast<char*>(&obj) + 24);
  EXPECT_EQ(cell->size, 3u);
  EXPECT_EQ(cell->data[2], 5);
  EXPECT_EQ(static_cast<int32_t>(kTVMFFIShape), 69);
  // A Shape made by the runtime, where the runtime provides one.
  TVMFFIByteArray name = ByteArray("ffi.Shape");
  TVMFFIObjectHandle make_shape = nullptr;
  ASSERT_EQ(TVMFFIFunctionGetGlobal(&name, &make_shape), 0);
  if (make_shape != nullptr) {
    TVMFFIAny args[3] = {IntAny(2), IntAny(3), IntAny(5)};
    TVMFFIAny result = NoneAny();
    ASSERT_EQ(TVMFFIFunctionCall(make_shape, args, 3, &result), 0) << TakeRaisedDescription();
    ASSERT_EQ(result.type_index, kTVMFFIShape);
    EXPECT_EQ(TypeIndexOf(result.v_obj), kTVMFFIShape);
    EXPECT_EQ(At<size_t>(result.v_obj, 32), 3u);
    const int64_t* dims = At<const int64_t*>(result.v_obj, 24);
    ASSERT_NE(dims, nullptr);
    EXPECT_EQ(dims[0], 2);
    EXPECT_EQ(dims[1], 3);
    EXPECT_EQ(dims[2], 5);
    ReleaseAny(&result);
    TVMFFIObjectDecRef(make_shape);
  }
}

// SPEC: REG-TYPEINFO-LAYOUT
TEST(TypeInfoLayout, RuntimeTypeInfoFieldsSitAtTheSpecOffsets) {
  TVMFFIByteArray key = ByteArray("test.abi.typeinfo_layout.T");
  int32_t t = TVMFFITypeGetOrAllocIndex(&key, -1, 1, 0, 1, kTVMFFIObject);
  ASSERT_GE(t, kTVMFFIDynObjectBegin) << TakeRaisedDescription();
  TVMFFIMethodInfo method;
  std::memset(&method, 0, sizeof(method));
  TVMFFIObjectHandle fn = nullptr;
  ASSERT_EQ(TVMFFIFunctionCreate(nullptr, ReturnsOne, nullptr, &fn), 0);
  method.name = ByteArray("m");
  method.method = ObjectAny(fn);
  const TVMFFITypeInfo* info = TVMFFIGetTypeInfo(t);
  ASSERT_NE(info, nullptr);
  if (info->num_methods == 0) {  // first run in this process
    ASSERT_EQ(TVMFFITypeRegisterMethod(t, &method), 0);
  }
  TVMFFIObjectDecRef(fn);
  const char* base = reinterpret_cast<const char*>(info);
  auto at = [&](size_t off, auto sample) {
    decltype(sample) v;
    std::memcpy(&v, base + off, sizeof(v));
    return v;
  };
  EXPECT_EQ(at(0, int32_t{}), t);
  EXPECT_EQ(at(4, int32_t{}), 1) << "type_depth";
  EXPECT_EQ(std::string(at(8, static_cast<const char*>(nullptr)), at(16, size_t{})),
            "test.abi.typeinfo_layout.T");
  const TVMFFITypeInfo* const* ancestors = at(24, static_cast<const TVMFFITypeInfo* const*>(nullptr));
  ASSERT_NE(ancestors, nullptr);
  EXPECT_EQ(ancestors[0]->type_index, kTVMFFIObject);
  EXPECT_EQ(at(32, uint64_t{}), info->type_key_hash);
  EXPECT_EQ(at(40, int32_t{}), 0) << "num_fields";
  EXPECT_EQ(at(44, int32_t{}), 1) << "num_methods";
  EXPECT_EQ(at(56, static_cast<const TVMFFIMethodInfo*>(nullptr)), info->methods);
  EXPECT_EQ(at(64, static_cast<const void*>(nullptr)), nullptr) << "no metadata registered";
}

// SPEC: REG-FIELD-FLAGS
TEST(FieldFlags, FlagBitsHaveTheSpecValues) {
  EXPECT_EQ(kTVMFFIFieldFlagBitMaskWritable, 1 << 0);
  EXPECT_EQ(kTVMFFIFieldFlagBitMaskHasDefault, 1 << 1);
  EXPECT_EQ(kTVMFFIFieldFlagBitMaskIsStaticMethod, 1 << 2);
  EXPECT_EQ(kTVMFFIFieldFlagBitMaskSEqHashIgnore, 1 << 3);
  EXPECT_EQ(kTVMFFIFieldFlagBitMaskSEqHashDefPattern, 1 << 4);
  EXPECT_EQ(kTVMFFIFieldFlagBitMaskDefaultFromFactory, 1 << 5);
  EXPECT_EQ(kTVMFFIFieldFlagBitMaskReprOff, 1 << 6);
  EXPECT_EQ(kTVMFFIFieldFlagBitMaskCompareOff, 1 << 7);
  EXPECT_EQ(kTVMFFIFieldFlagBitMaskHashOff, 1 << 8);
  EXPECT_EQ(kTVMFFIFieldFlagBitMaskInitOff, 1 << 9);
  EXPECT_EQ(kTVMFFIFieldFlagBitMaskKwOnly, 1 << 10);
  EXPECT_EQ(kTVMFFIFieldFlagBitSetterIsFunctionObj, 1 << 11);
  EXPECT_EQ(kTVMFFIFieldFlagBitMaskSEqHashDefSimple, 1 << 12);
  // The registry stores the flags it was given bit for bit.
  TVMFFIByteArray key = ByteArray("test.abi.field_flags.T");
  int32_t t = TVMFFITypeGetOrAllocIndex(&key, -1, 1, 0, 1, kTVMFFIObject);
  ASSERT_GE(t, kTVMFFIDynObjectBegin);
  const TVMFFITypeInfo* info = TVMFFIGetTypeInfo(t);
  ASSERT_NE(info, nullptr);
  if (info->num_fields == 0) {
    TVMFFIFieldInfo f;
    std::memset(&f, 0, sizeof(f));
    f.name = ByteArray("all_flags");
    f.flags = (1 << 13) - 1 - kTVMFFIFieldFlagBitSetterIsFunctionObj;
    f.size = 8;
    f.alignment = 8;
    f.offset = 24;
    f.field_static_type_index = kTVMFFIAny;
    ASSERT_EQ(TVMFFITypeRegisterField(t, &f), 0);
  }
  ASSERT_EQ(info->num_fields, 1);
  EXPECT_EQ(info->fields[0].flags, (1 << 13) - 1 - kTVMFFIFieldFlagBitSetterIsFunctionObj);
}

}  // namespace
