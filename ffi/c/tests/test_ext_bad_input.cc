// ffi/c/tests/test_ext_bad_input.cc: §15 bad-input behaviour of every exported function:
// NULL pointers, handles of the wrong type, unknown type indices and out-of-range numbers
// fail with -1, a §6.3 kind and a message that starts with the function's name and names
// the argument; nothing aborts; outputs stay untouched; the non-int returning functions
// behave as in the EXT-NON-INT-RETURNS table.
#include <gtest/gtest.h>
#include <tvm/ffi/c_api.h>
#include <tvm/ffi/extra/c_env_api.h>

#include <cstdint>
#include <cstring>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "test_helpers.h"

namespace {

using namespace tvm_ffi_test;

// The kinds of SPEC §6.3.
const std::set<std::string> kSpecKinds = {
    "RuntimeError", "ValueError",          "TypeError",         "AttributeError",
    "KeyError",     "IndexError",          "AssertionError",    "MemoryError",
    "InternalError", "NotImplementedError", "EnvErrorAlreadySet"};

int NoopCall(void*, const TVMFFIAny*, int32_t, TVMFFIAny*) { return 0; }
int InitToSomething(void** out) {
  static int target = 0;
  *out = &target;
  return 0;
}

// One bad call: `call` returns the function's code; outputs it passes are sentinels that
// `call` itself checks stay unchanged.
struct BadCall {
  const char* function;
  const char* kind;
  std::string fragment;  // besides the "<function>: " prefix, e.g. "`out` must not be NULL"
  std::function<int()> call;
};

constexpr uintptr_t kSentinel = 0x5e5e5e5e;
TVMFFIObjectHandle SentinelHandle() { return reinterpret_cast<TVMFFIObjectHandle>(kSentinel); }

std::vector<BadCall> NullArgumentCalls() {
  static TVMFFIByteArray name = ByteArray("test.ext.some_name");
  static TVMFFIAny none = NoneAny();
  static int64_t shape[1] = {4};
  static float data[4];
  static DLTensor proto = [] {
    DLTensor t;
    std::memset(&t, 0, sizeof(t));
    t.data = data;
    t.device = TVMFFIDLDeviceFromIntPair(kDLCPU, 0);
    t.ndim = 1;
    t.dtype = DLDataType{kDLFloat, 32, 1};
    t.shape = shape;
    t.strides = shape;
    return t;
  }();
  static DLManagedTensor mt = [] {
    DLManagedTensor m;
    std::memset(&m, 0, sizeof(m));
    m.dl_tensor = proto;
    return m;
  }();
  static DLManagedTensorVersioned mtv = [] {
    DLManagedTensorVersioned m;
    std::memset(&m, 0, sizeof(m));
    m.version = DLPackVersion{1, 3};
    m.dl_tensor = proto;
    return m;
  }();
  static TVMFFIObjectHandle string_obj = MakeHeapString("a live object for the bad-input table");
  auto null_msg = [](const char* arg) { return std::string("`") + arg + "` must not be NULL"; };
  auto keep = [](TVMFFIObjectHandle h) {
    EXPECT_EQ(h, SentinelHandle()) << "output changed on failure";
  };
  std::vector<BadCall> c;
  c.push_back({"TVMFFIObjectIncRef", "ValueError", null_msg("obj"),
               [] { return TVMFFIObjectIncRef(nullptr); }});
  c.push_back({"TVMFFIObjectDecRef", "ValueError", null_msg("obj"),
               [] { return TVMFFIObjectDecRef(nullptr); }});
  c.push_back({"TVMFFIObjectCreateOpaque", "ValueError", null_msg("out"), [] {
                 return TVMFFIObjectCreateOpaque(nullptr, kTVMFFIOpaquePyObject, nullptr, nullptr);
               }});
  c.push_back({"TVMFFITypeKeyToIndex", "ValueError", null_msg("type_key"), [] {
                 int32_t out = 77;
                 int rc = TVMFFITypeKeyToIndex(nullptr, &out);
                 EXPECT_EQ(out, 77);
                 return rc;
               }});
  c.push_back({"TVMFFITypeKeyToIndex", "ValueError", null_msg("out_tindex"),
               [] { return TVMFFITypeKeyToIndex(&name, nullptr); }});
  c.push_back({"TVMFFITypeGetOrAllocIndex", "ValueError", null_msg("type_key"), [] {
                 return TVMFFITypeGetOrAllocIndex(nullptr, -1, 1, 0, 1, kTVMFFIObject);
               }});
  c.push_back({"TVMFFITypeRegisterField", "ValueError", null_msg("info"),
               [] { return TVMFFITypeRegisterField(kTVMFFIObject, nullptr); }});
  c.push_back({"TVMFFITypeRegisterMethod", "ValueError", null_msg("info"),
               [] { return TVMFFITypeRegisterMethod(kTVMFFIObject, nullptr); }});
  c.push_back({"TVMFFITypeRegisterMetadata", "ValueError", null_msg("metadata"),
               [] { return TVMFFITypeRegisterMetadata(kTVMFFIObject, nullptr); }});
  c.push_back({"TVMFFITypeRegisterAttr", "ValueError", null_msg("attr_name"),
               [] { return TVMFFITypeRegisterAttr(kTVMFFIObject, nullptr, &none); }});
  c.push_back({"TVMFFITypeRegisterAttr", "ValueError", null_msg("attr_value"),
               [] { return TVMFFITypeRegisterAttr(kTVMFFIObject, &name, nullptr); }});
  c.push_back({"TVMFFIFunctionCreate", "ValueError", null_msg("safe_call"), [keep] {
                 TVMFFIObjectHandle out = SentinelHandle();
                 int rc = TVMFFIFunctionCreate(nullptr, nullptr, nullptr, &out);
                 keep(out);
                 return rc;
               }});
  c.push_back({"TVMFFIFunctionCreate", "ValueError", null_msg("out"),
               [] { return TVMFFIFunctionCreate(nullptr, NoopCall, nullptr, nullptr); }});
  c.push_back({"TVMFFIFunctionCall", "ValueError", null_msg("func"), [] {
                 TVMFFIAny result = NoneAny();
                 return TVMFFIFunctionCall(nullptr, nullptr, 0, &result);
               }});
  c.push_back({"TVMFFIFunctionCall", "ValueError", null_msg("result"), [] {
                 TVMFFIObjectHandle fn = nullptr;
                 TVMFFIFunctionCreate(nullptr, NoopCall, nullptr, &fn);
                 int rc = TVMFFIFunctionCall(fn, nullptr, 0, nullptr);
                 TVMFFIObjectDecRef(fn);
                 return rc;
               }});
  c.push_back({"TVMFFIFunctionGetGlobal", "ValueError", null_msg("name"), [keep] {
                 TVMFFIObjectHandle out = SentinelHandle();
                 int rc = TVMFFIFunctionGetGlobal(nullptr, &out);
                 keep(out);
                 return rc;
               }});
  c.push_back({"TVMFFIFunctionGetGlobal", "ValueError", null_msg("out"),
               [] { return TVMFFIFunctionGetGlobal(&name, nullptr); }});
  c.push_back({"TVMFFIFunctionSetGlobal", "ValueError", null_msg("name"),
               [] { return TVMFFIFunctionSetGlobal(nullptr, string_obj, 0); }});
  c.push_back({"TVMFFIFunctionSetGlobal", "ValueError", null_msg("f"),
               [] { return TVMFFIFunctionSetGlobal(&name, nullptr, 0); }});
  c.push_back({"TVMFFIFunctionSetGlobalFromMethodInfo", "ValueError", null_msg("method_info"),
               [] { return TVMFFIFunctionSetGlobalFromMethodInfo(nullptr, 0); }});
  c.push_back({"TVMFFIAnyViewToOwnedAny", "ValueError", null_msg("any_view"), [] {
                 TVMFFIAny out = IntAny(3);
                 int rc = TVMFFIAnyViewToOwnedAny(nullptr, &out);
                 EXPECT_EQ(out.v_int64, 3);
                 return rc;
               }});
  c.push_back({"TVMFFIAnyViewToOwnedAny", "ValueError", null_msg("out"),
               [] { return TVMFFIAnyViewToOwnedAny(&none, nullptr); }});
  c.push_back({"TVMFFIStringFromByteArray", "ValueError", null_msg("input"), [] {
                 TVMFFIAny out = IntAny(3);
                 int rc = TVMFFIStringFromByteArray(nullptr, &out);
                 EXPECT_EQ(out.v_int64, 3);
                 return rc;
               }});
  c.push_back({"TVMFFIStringFromByteArray", "ValueError", null_msg("out"),
               [] { return TVMFFIStringFromByteArray(&name, nullptr); }});
  c.push_back({"TVMFFIBytesFromByteArray", "ValueError", null_msg("input"), [] {
                 TVMFFIAny out = NoneAny();
                 return TVMFFIBytesFromByteArray(nullptr, &out);
               }});
  c.push_back({"TVMFFIBytesFromByteArray", "ValueError", null_msg("out"),
               [] { return TVMFFIBytesFromByteArray(&name, nullptr); }});
  c.push_back({"TVMFFIBigIntFromByteArray", "ValueError", null_msg("input"), [] {
                 TVMFFIAny out = NoneAny();
                 return TVMFFIBigIntFromByteArray(nullptr, &out);
               }});
  c.push_back({"TVMFFIBigIntFromByteArray", "ValueError", null_msg("out"), [] {
                 TVMFFIByteArray empty{nullptr, 0};
                 return TVMFFIBigIntFromByteArray(&empty, nullptr);
               }});
  c.push_back({"TVMFFIDataTypeFromString", "ValueError", null_msg("str"), [] {
                 DLDataType out{9, 9, 9};
                 int rc = TVMFFIDataTypeFromString(nullptr, &out);
                 EXPECT_EQ(out.code, 9);
                 return rc;
               }});
  c.push_back({"TVMFFIDataTypeFromString", "ValueError", null_msg("out"),
               [] { return TVMFFIDataTypeFromString(&name, nullptr); }});
  c.push_back({"TVMFFIDataTypeToString", "ValueError", null_msg("dtype"), [] {
                 TVMFFIAny out = NoneAny();
                 return TVMFFIDataTypeToString(nullptr, &out);
               }});
  c.push_back({"TVMFFIDataTypeToString", "ValueError", null_msg("out"), [] {
                 DLDataType t{kDLInt, 8, 1};
                 return TVMFFIDataTypeToString(&t, nullptr);
               }});
  c.push_back({"TVMFFITensorFromDLPack", "ValueError", null_msg("from"), [keep] {
                 TVMFFIObjectHandle out = SentinelHandle();
                 int rc = TVMFFITensorFromDLPack(nullptr, 0, 0, &out);
                 keep(out);
                 return rc;
               }});
  c.push_back({"TVMFFITensorFromDLPack", "ValueError", null_msg("out"),
               [] { return TVMFFITensorFromDLPack(&mt, 0, 0, nullptr); }});
  c.push_back({"TVMFFITensorFromDLPackVersioned", "ValueError", null_msg("from"), [] {
                 TVMFFIObjectHandle out = nullptr;
                 return TVMFFITensorFromDLPackVersioned(nullptr, 0, 0, &out);
               }});
  c.push_back({"TVMFFITensorFromDLPackVersioned", "ValueError", null_msg("out"),
               [] { return TVMFFITensorFromDLPackVersioned(&mtv, 0, 0, nullptr); }});
  c.push_back({"TVMFFITensorToDLPack", "ValueError", null_msg("from"), [] {
                 DLManagedTensor* out = reinterpret_cast<DLManagedTensor*>(kSentinel);
                 int rc = TVMFFITensorToDLPack(nullptr, &out);
                 EXPECT_EQ(out, reinterpret_cast<DLManagedTensor*>(kSentinel));
                 return rc;
               }});
  c.push_back({"TVMFFITensorToDLPack", "ValueError", null_msg("out"),
               [] { return TVMFFITensorToDLPack(string_obj, nullptr); }});
  c.push_back({"TVMFFITensorToDLPackVersioned", "ValueError", null_msg("from"), [] {
                 DLManagedTensorVersioned* out = nullptr;
                 return TVMFFITensorToDLPackVersioned(nullptr, &out);
               }});
  c.push_back({"TVMFFITensorToDLPackVersioned", "ValueError", null_msg("out"),
               [] { return TVMFFITensorToDLPackVersioned(string_obj, nullptr); }});
  c.push_back({"TVMFFITensorCreateUnsafeView", "ValueError", null_msg("source"), [] {
                 TVMFFIObjectHandle out = nullptr;
                 return TVMFFITensorCreateUnsafeView(nullptr, &proto, &out);
               }});
  c.push_back({"TVMFFITensorCreateUnsafeView", "ValueError", null_msg("prototype"), [] {
                 TVMFFIObjectHandle out = nullptr;
                 return TVMFFITensorCreateUnsafeView(string_obj, nullptr, &out);
               }});
  c.push_back({"TVMFFITensorCreateUnsafeView", "ValueError", null_msg("out"),
               [] { return TVMFFITensorCreateUnsafeView(string_obj, &proto, nullptr); }});
  c.push_back({"TVMFFIHandleInitOnce", "ValueError", null_msg("handle_addr"),
               [] { return TVMFFIHandleInitOnce(nullptr, InitToSomething); }});
  c.push_back({"TVMFFIHandleInitOnce", "ValueError", null_msg("init_func"), [] {
                 void* handle = nullptr;
                 return TVMFFIHandleInitOnce(&handle, nullptr);
               }});
  c.push_back({"TVMFFIHandleDeinitOnce", "ValueError", null_msg("handle_addr"),
               [] { return TVMFFIHandleDeinitOnce(nullptr, nullptr); }});
  c.push_back({"TVMFFIEnvTensorAlloc", "ValueError", null_msg("prototype"), [] {
                 TVMFFIObjectHandle out = nullptr;
                 return TVMFFIEnvTensorAlloc(nullptr, &out);
               }});
  c.push_back({"TVMFFIEnvTensorAlloc", "ValueError", null_msg("out"),
               [] { return TVMFFIEnvTensorAlloc(&proto, nullptr); }});
  c.push_back({"TVMFFIEnvRegisterCAPI", "ValueError", null_msg("name"),
               [] { return TVMFFIEnvRegisterCAPI(nullptr, nullptr); }});
  c.push_back({"TVMFFIEnvModLookupFromImports", "ValueError", null_msg("library_ctx"), [] {
                 TVMFFIObjectHandle out = nullptr;
                 return TVMFFIEnvModLookupFromImports(nullptr, "f", &out);
               }});
  c.push_back({"TVMFFIEnvModLookupFromImports", "ValueError", null_msg("func_name"), [] {
                 TVMFFIObjectHandle out = nullptr;
                 return TVMFFIEnvModLookupFromImports(string_obj, nullptr, &out);
               }});
  c.push_back({"TVMFFIEnvModLookupFromImports", "ValueError", null_msg("out"), [] {
                 return TVMFFIEnvModLookupFromImports(string_obj, "f", nullptr);
               }});
  c.push_back({"TVMFFIEnvModRegisterContextSymbol", "ValueError", null_msg("name"),
               [] { return TVMFFIEnvModRegisterContextSymbol(nullptr, nullptr); }});
  c.push_back({"TVMFFIEnvModRegisterSystemLibSymbol", "ValueError", null_msg("name"), [] {
                 return TVMFFIEnvModRegisterSystemLibSymbol(nullptr, reinterpret_cast<void*>(1));
               }});
  return c;
}

// Handles of the wrong type, unknown type indices and out-of-range numbers.
std::vector<BadCall> BadValueCalls() {
  static TVMFFIObjectHandle not_a_function = MakeHeapString("a String handle where a Function goes");
  static float data[4];
  static int64_t shape[1] = {4};
  static TVMFFIByteArray attr = ByteArray("__test_ext_bad_input_attr__");
  static TVMFFIAny int_value = IntAny(1);
  std::vector<BadCall> c;
  // EXT-TYPE-CHECKED-HANDLES
  c.push_back({"TVMFFIFunctionCall", "TypeError", "`func`", [] {
                 TVMFFIAny result = NoneAny();
                 int rc = TVMFFIFunctionCall(not_a_function, nullptr, 0, &result);
                 EXPECT_EQ(result.type_index, kTVMFFINone);
                 return rc;
               }});
  c.push_back({"TVMFFIFunctionSetGlobal", "TypeError", "`f`", [] {
                 TVMFFIByteArray name = ByteArray("test.ext.not_a_function");
                 return TVMFFIFunctionSetGlobal(&name, not_a_function, 1);
               }});
  c.push_back({"TVMFFIFunctionSetGlobalFromMethodInfo", "TypeError", "`method_info->method`", [] {
                 TVMFFIMethodInfo info;
                 std::memset(&info, 0, sizeof(info));
                 info.name = ByteArray("test.ext.not_a_function");
                 info.method = ObjectAny(not_a_function);
                 return TVMFFIFunctionSetGlobalFromMethodInfo(&info, 1);
               }});
  c.push_back({"TVMFFIFunctionSetGlobalFromMethodInfo", "TypeError", "`method_info->method`", [] {
                 TVMFFIMethodInfo info;
                 std::memset(&info, 0, sizeof(info));
                 info.name = ByteArray("test.ext.not_a_function");
                 info.method = IntAny(5);
                 return TVMFFIFunctionSetGlobalFromMethodInfo(&info, 1);
               }});
  c.push_back({"TVMFFITensorToDLPack", "TypeError", "`from`", [] {
                 DLManagedTensor* out = nullptr;
                 int rc = TVMFFITensorToDLPack(not_a_function, &out);
                 EXPECT_EQ(out, nullptr);
                 return rc;
               }});
  c.push_back({"TVMFFITensorToDLPackVersioned", "TypeError", "`from`", [] {
                 DLManagedTensorVersioned* out = nullptr;
                 return TVMFFITensorToDLPackVersioned(not_a_function, &out);
               }});
  c.push_back({"TVMFFIObjectCreateOpaque", "TypeError", "`type_index`", [] {
                 TVMFFIObjectHandle out = SentinelHandle();
                 int rc = TVMFFIObjectCreateOpaque(nullptr, kTVMFFIFunction, nullptr, &out);
                 EXPECT_EQ(out, SentinelHandle());
                 return rc;
               }});
  // Unknown type indices.
  for (int32_t index : {-3, 50, 100, 1 << 24}) {
    c.push_back({"TVMFFITypeRegisterField", "IndexError", "`type_index`", [index] {
                   TVMFFIFieldInfo f;
                   std::memset(&f, 0, sizeof(f));
                   f.name = ByteArray("x");
                   return TVMFFITypeRegisterField(index, &f);
                 }});
    c.push_back({"TVMFFITypeRegisterMethod", "IndexError", "`type_index`", [index] {
                   TVMFFIMethodInfo m;
                   std::memset(&m, 0, sizeof(m));
                   m.name = ByteArray("x");
                   return TVMFFITypeRegisterMethod(index, &m);
                 }});
    c.push_back({"TVMFFITypeRegisterMetadata", "IndexError", "`type_index`", [index] {
                   TVMFFITypeMetadata md;
                   std::memset(&md, 0, sizeof(md));
                   return TVMFFITypeRegisterMetadata(index, &md);
                 }});
    c.push_back({"TVMFFITypeRegisterAttr", "IndexError", "`type_index`",
                 [index] { return TVMFFITypeRegisterAttr(index, &attr, &int_value); }});
    c.push_back({"TVMFFITypeGetOrAllocIndex", "IndexError", "`parent_type_index`", [index] {
                   TVMFFIByteArray key = ByteArray("test.ext.orphan");
                   return TVMFFITypeGetOrAllocIndex(&key, -1, 1, 0, 1, index < 0 ? 1 << 25 : index);
                 }});
  }
  // Out-of-range numbers.
  c.push_back({"TVMFFITypeGetOrAllocIndex", "ValueError", "`num_child_slots`", [] {
                 TVMFFIByteArray key = ByteArray("test.ext.negative_slots");
                 return TVMFFITypeGetOrAllocIndex(&key, -1, 1, -4, 1, kTVMFFIObject);
               }});
  c.push_back({"TVMFFITypeGetOrAllocIndex", "ValueError", "", [] {
                 TVMFFIByteArray key = ByteArray("test.ext.huge_static_index");
                 return TVMFFITypeGetOrAllocIndex(&key, INT32_MAX, 1, 0, 1, kTVMFFIObject);
               }});
  c.push_back({"TVMFFIFunctionCall", "ValueError", "`num_args`", [] {
                 TVMFFIObjectHandle fn = nullptr;
                 TVMFFIFunctionCreate(nullptr, NoopCall, nullptr, &fn);
                 TVMFFIAny result = NoneAny();
                 int rc = TVMFFIFunctionCall(fn, nullptr, -1, &result);
                 TVMFFIObjectDecRef(fn);
                 return rc;
               }});
  c.push_back({"TVMFFIFunctionCall", "ValueError", "`args`", [] {
                 TVMFFIObjectHandle fn = nullptr;
                 TVMFFIFunctionCreate(nullptr, NoopCall, nullptr, &fn);
                 TVMFFIAny result = NoneAny();
                 int rc = TVMFFIFunctionCall(fn, nullptr, 2, &result);
                 TVMFFIObjectDecRef(fn);
                 return rc;
               }});
  c.push_back({"TVMFFIEnvSetStream", "ValueError", "`device_type`", [] {
                 TVMFFIStreamHandle prev = reinterpret_cast<TVMFFIStreamHandle>(kSentinel);
                 int rc = TVMFFIEnvSetStream(256, 0, nullptr, &prev);
                 EXPECT_EQ(prev, reinterpret_cast<TVMFFIStreamHandle>(kSentinel));
                 return rc;
               }});
  c.push_back({"TVMFFIEnvSetStream", "ValueError", "`device_id`",
               [] { return TVMFFIEnvSetStream(kDLCUDA, -1, nullptr, nullptr); }});
  c.push_back({"TVMFFIBigIntFromByteArray", "ValueError", "`input->size`", [] {
                 const char bytes[5] = {1, 2, 3, 4, 5};
                 TVMFFIByteArray in{bytes, 5};
                 TVMFFIAny out = NoneAny();
                 return TVMFFIBigIntFromByteArray(&in, &out);
               }});
  c.push_back({"TVMFFIStringFromByteArray", "ValueError", "`input->data`", [] {
                 TVMFFIByteArray in{nullptr, 3};
                 TVMFFIAny out = NoneAny();
                 return TVMFFIStringFromByteArray(&in, &out);
               }});
  c.push_back({"TVMFFIDataTypeFromString", "ValueError", "int8x0", [] {
                 TVMFFIByteArray in = ByteArray("int8x0");
                 DLDataType out{9, 9, 9};
                 int rc = TVMFFIDataTypeFromString(&in, &out);
                 EXPECT_EQ(out.code, 9);
                 return rc;
               }});
  c.push_back({"TVMFFIDataTypeFromString", "ValueError", "`not_a_dtype`", [] {
                 TVMFFIByteArray in = ByteArray("not_a_dtype");
                 DLDataType out;
                 return TVMFFIDataTypeFromString(&in, &out);
               }});
  c.push_back({"TVMFFIDataTypeToString", "ValueError", "type_code=5", [] {
                 DLDataType t{5, 8, 1};
                 TVMFFIAny out = IntAny(2);
                 int rc = TVMFFIDataTypeToString(&t, &out);
                 EXPECT_EQ(out.v_int64, 2);
                 return rc;
               }});
  c.push_back({"TVMFFITensorFromDLPack", "ValueError", "`require_alignment`", [] {
                 DLManagedTensor m;
                 std::memset(&m, 0, sizeof(m));
                 m.dl_tensor.data = data;
                 m.dl_tensor.ndim = 1;
                 m.dl_tensor.shape = shape;
                 m.dl_tensor.dtype = DLDataType{kDLFloat, 32, 1};
                 TVMFFIObjectHandle out = nullptr;
                 return TVMFFITensorFromDLPack(&m, -16, 0, &out);
               }});
  c.push_back({"TVMFFITensorFromDLPack", "RuntimeError", "aligned", [] {
                 DLManagedTensor m;
                 std::memset(&m, 0, sizeof(m));
                 m.dl_tensor.data = reinterpret_cast<char*>(data) + 1;
                 m.dl_tensor.device = TVMFFIDLDeviceFromIntPair(kDLCPU, 0);
                 m.dl_tensor.ndim = 1;
                 m.dl_tensor.shape = shape;
                 m.dl_tensor.dtype = DLDataType{kDLFloat, 32, 1};
                 TVMFFIObjectHandle out = nullptr;
                 return TVMFFITensorFromDLPack(&m, 64, 0, &out);
               }});
  c.push_back({"TVMFFITensorFromDLPackVersioned", "ValueError", "`from->dl_tensor.ndim`", [] {
                 DLManagedTensorVersioned m;
                 std::memset(&m, 0, sizeof(m));
                 m.dl_tensor.ndim = -1;
                 TVMFFIObjectHandle out = nullptr;
                 return TVMFFITensorFromDLPackVersioned(&m, 0, 0, &out);
               }});
  c.push_back({"TVMFFITensorFromDLPackVersioned", "RuntimeError", "ubbyte", [] {
                 DLManagedTensorVersioned m;
                 std::memset(&m, 0, sizeof(m));
                 m.dl_tensor.data = data;
                 m.dl_tensor.ndim = 1;
                 m.dl_tensor.shape = shape;
                 m.flags = DLPACK_FLAG_BITMASK_IS_SUBBYTE_TYPE_PADDED;
                 TVMFFIObjectHandle out = nullptr;
                 return TVMFFITensorFromDLPackVersioned(&m, 0, 0, &out);
               }});
  c.push_back({"TVMFFITensorCreateUnsafeView", "ValueError", "`prototype.strides`", [] {
                 DLTensor p;
                 std::memset(&p, 0, sizeof(p));
                 p.data = data;
                 p.ndim = 1;
                 p.shape = shape;
                 TVMFFIObjectHandle out = nullptr;
                 return TVMFFITensorCreateUnsafeView(not_a_function, &p, &out);
               }});
  c.push_back({"TVMFFIAnyViewToOwnedAny", "ValueError", "`any_view->v_c_str`", [] {
                 TVMFFIAny view = RawStrAny(nullptr);
                 TVMFFIAny out = IntAny(4);
                 int rc = TVMFFIAnyViewToOwnedAny(&view, &out);
                 EXPECT_EQ(out.v_int64, 4);
                 return rc;
               }});
  c.push_back({"TVMFFIAnyViewToOwnedAny", "ValueError", "`any_view->v_ptr`", [] {
                 TVMFFIAny view = NoneAny();
                 view.type_index = kTVMFFIByteArrayPtr;
                 TVMFFIAny out = NoneAny();
                 return TVMFFIAnyViewToOwnedAny(&view, &out);
               }});
  c.push_back({"TVMFFIAnyViewToOwnedAny", "RuntimeError", "`any_view`", [] {
                 TVMFFIObjectHandle slot = nullptr;
                 TVMFFIAny view = NoneAny();
                 view.type_index = kTVMFFIObjectRValueRef;
                 view.v_ptr = &slot;
                 TVMFFIAny out = NoneAny();
                 return TVMFFIAnyViewToOwnedAny(&view, &out);
               }});
  c.push_back({"TVMFFIAnyViewToOwnedAny", "TypeError", "`any_view`", [] {
                 TVMFFIAny view = NoneAny();
                 view.type_index = kTVMFFIAny;
                 TVMFFIAny out = NoneAny();
                 return TVMFFIAnyViewToOwnedAny(&view, &out);
               }});
  c.push_back({"TVMFFIAnyViewToOwnedAny", "ValueError", "`v_obj`", [] {
                 TVMFFIAny view = NoneAny();
                 view.type_index = kTVMFFIStr;
                 TVMFFIAny out = NoneAny();
                 return TVMFFIAnyViewToOwnedAny(&view, &out);
               }});
  c.push_back({"TVMFFIEnvRegisterCAPI", "ValueError", "PyErr_Fetch",
               [] { return TVMFFIEnvRegisterCAPI("PyErr_Fetch", nullptr); }});
  c.push_back({"TVMFFISetCustomAllocator", "ValueError", "`allocator->allocate`", [] {
                 static TVMFFICustomAllocator broken{nullptr, nullptr};
                 return TVMFFISetCustomAllocator(&broken);
               }});
  c.push_back({"TVMFFITypeKeyToIndex", "KeyError", "`test.ext.no_such_key`", [] {
                 TVMFFIByteArray key = ByteArray("test.ext.no_such_key");
                 int32_t out = 5;
                 int rc = TVMFFITypeKeyToIndex(&key, &out);
                 EXPECT_EQ(out, 5);
                 return rc;
               }});
  return c;
}

// Runs one bad call and checks -1, the slot, the kind and the message.
void CheckBadCall(const BadCall& bad) {
  SCOPED_TRACE(std::string(bad.function) + " / " + bad.fragment);
  ClearRaised();
  int rc = bad.call();
  EXPECT_EQ(rc, -1);
  TVMFFIObjectHandle err = nullptr;
  TVMFFIErrorMoveFromRaised(&err);
  ASSERT_NE(err, nullptr) << "-1 without an Error in the slot";
  ASSERT_EQ(TypeIndexOf(err), kTVMFFIError);
  std::string kind = ErrorKind(err), message = ErrorMessage(err);
  TVMFFIObjectDecRef(err);
  EXPECT_EQ(kind, bad.kind) << message;
  EXPECT_TRUE(kSpecKinds.count(kind)) << "kind `" << kind << "` is not in SPEC §6.3";
  std::string prefix = std::string(bad.function) + ": ";
  EXPECT_EQ(message.rfind(prefix, 0), 0u) << "message does not start with \"" << prefix
                                          << "\": " << message;
  EXPECT_NE(message.find(bad.fragment), std::string::npos)
      << "message does not name `" << bad.fragment << "`: " << message;
}

// SPEC: EXT-NULL-ARGS, EXT-ERROR-MESSAGE, EXT-NO-ABORT, ABI-FAILED-CALL, ERR-RETURN-PAIRING, ERR-KIND-NAMES
TEST(ExtBadInput, EveryNullPointerArgumentIsValueErrorNamingTheFunctionAndTheArgument) {
  std::vector<BadCall> calls = NullArgumentCalls();
  EXPECT_GE(calls.size(), 50u);
  for (const BadCall& bad : calls) CheckBadCall(bad);
}

// SPEC: EXT-TYPE-CHECKED-HANDLES, EXT-ERROR-MESSAGE, EXT-NO-ABORT, ABI-FAILED-CALL, ERR-RETURN-PAIRING, ERR-KIND-NAMES
TEST(ExtBadInput, WrongHandleTypesUnknownIndicesAndOutOfRangeNumbersFailWithANamedArgument) {
  for (const BadCall& bad : BadValueCalls()) CheckBadCall(bad);
}

// Every function that fails on its input leaves the caller's pending error replaced by its
// own, never an empty slot; the NULL-out case is rejected before any work is done.
// SPEC: EXT-NULL-ARGS, ABI-FAILED-CALL
TEST(ExtBadInput, NullOutputIsRejectedBeforeAnyWorkSoNothingIsRegisteredOrLeaked) {
  int payload = 0;
  EXPECT_EQ(TVMFFIObjectCreateOpaque(&payload, kTVMFFIOpaquePyObject, nullptr, nullptr), -1);
  ClearRaised();
  // TVMFFITypeKeyToIndex with a NULL out does not register the key as a side effect.
  TVMFFIByteArray key = ByteArray("test.ext.null_out.NotRegistered");
  EXPECT_EQ(TVMFFITypeKeyToIndex(&key, nullptr), -1);
  ClearRaised();
  EXPECT_EQ(TVMFFITypeGetOrAllocIndex(&key, -1, 0, 0, 0, -2), -2);
  // A tensor import with a NULL out leaves the managed tensor with the caller.
  static int deletes = 0;
  deletes = 0;
  static float data[1];
  int64_t shape[1] = {1};
  DLManagedTensor mt;
  std::memset(&mt, 0, sizeof(mt));
  mt.dl_tensor.data = data;
  mt.dl_tensor.ndim = 1;
  mt.dl_tensor.shape = shape;
  mt.deleter = [](DLManagedTensor*) { ++deletes; };
  EXPECT_EQ(TVMFFITensorFromDLPack(&mt, 0, 0, nullptr), -1);
  ClearRaised();
  EXPECT_EQ(deletes, 0);
  // Export with a NULL out takes no reference on the tensor.
  TVMFFIObjectHandle t = nullptr;
  ASSERT_EQ(TVMFFITensorFromDLPack(&mt, 0, 0, &t), 0);
  EXPECT_EQ(TVMFFITensorToDLPack(t, nullptr), -1);
  ClearRaised();
  EXPECT_EQ(StrongCount(t), 1u);
  TVMFFIObjectDecRef(t);
  EXPECT_EQ(deletes, 1);
}

// SPEC: EXT-NON-INT-RETURNS, EXT-GET-TYPE-INFO-NULL, EXT-NO-ABORT
TEST(ExtNonIntReturns, FunctionsWithoutAnIntReturnBehaveAsTheSpecTableSays) {
  // TVMFFIGetTypeInfo: NULL, IndexError raised.
  for (int32_t index : {-2, 20, 90, 1 << 28}) {
    EXPECT_EQ(TVMFFIGetTypeInfo(index), nullptr);
    EXPECT_RAISED("IndexError", "TVMFFIGetTypeInfo");
  }
  // TVMFFITypeGetOrAllocIndex: -1 with an error; -2 stays the query miss, without one.
  TVMFFIByteArray key = ByteArray("test.ext.non_int.missing");
  EXPECT_EQ(TVMFFITypeGetOrAllocIndex(&key, -1, 1, 0, 1, 99999), -1);
  EXPECT_RAISED("IndexError", "TVMFFITypeGetOrAllocIndex");
  EXPECT_EQ(TVMFFITypeGetOrAllocIndex(&key, -1, 0, 0, 0, -2), -2);
  EXPECT_NOTHING_RAISED();
  // TVMFFIGetTypeAttrColumn: NULL; ValueError raised if attr_name is NULL.
  EXPECT_EQ(TVMFFIGetTypeAttrColumn(nullptr), nullptr);
  EXPECT_RAISED("ValueError", "TVMFFIGetTypeAttrColumn: `attr_name` must not be NULL");
  // TVMFFIEnvGetStream: NULL, no error.
  EXPECT_EQ(TVMFFIEnvGetStream(-1, 0), nullptr);
  EXPECT_EQ(TVMFFIEnvGetStream(0, -1), nullptr);
  EXPECT_EQ(TVMFFIEnvGetStream(100000, 100000), nullptr);
  EXPECT_NOTHING_RAISED();
  // TVMFFIBigIntGetContentByteArray: {NULL, 0}, no error.
  TVMFFIByteArray content = TVMFFIBigIntGetContentByteArray(nullptr);
  EXPECT_EQ(content.data, nullptr);
  EXPECT_EQ(content.size, 0u);
  TVMFFIAny f = FloatAny(1.5);
  content = TVMFFIBigIntGetContentByteArray(&f);
  EXPECT_EQ(content.data, nullptr);
  EXPECT_EQ(content.size, 0u);
  EXPECT_NOTHING_RAISED();
  // TVMFFIBacktrace: never NULL.
  EXPECT_NE(TVMFFIBacktrace(nullptr, 0, nullptr, 0), nullptr);
  EXPECT_NE(TVMFFIBacktrace(nullptr, -5, "f", 1), nullptr);
  // TVMFFIErrorMoveFromRaised(NULL): no effect, the slot keeps its error.
  TVMFFIErrorSetRaisedFromCStr("KeyError", "kept");
  TVMFFIErrorMoveFromRaised(nullptr);
  EXPECT_RAISED("KeyError", "kept");
  // TVMFFIErrorSetRaised(NULL or not an Error): raises a ValueError/TypeError describing it.
  TVMFFIErrorSetRaised(nullptr);
  EXPECT_RAISED("ValueError", "TVMFFIErrorSetRaised: `error`");
  TVMFFIObjectHandle not_error = MakeHeapString("a String is not an Error object");
  TVMFFIErrorSetRaised(not_error);
  EXPECT_RAISED("TypeError", "TVMFFIErrorSetRaised: `error`");
  EXPECT_EQ(StrongCount(not_error), 1u) << "the misused object is not retained";
  TVMFFIObjectDecRef(not_error);
  // TVMFFIErrorSetRaisedFromCStr[Parts]: NULL kind is RuntimeError, NULL text is empty.
  TVMFFIErrorSetRaisedFromCStr(nullptr, nullptr);
  EXPECT_RAISED("RuntimeError", "");
  TVMFFIErrorSetRaisedFromCStrParts(nullptr, nullptr, 4);
  EXPECT_RAISED("RuntimeError", "");
  // TVMFFIGetVersion(NULL): no effect.
  TVMFFIGetVersion(nullptr);
  EXPECT_NOTHING_RAISED();
}

// SPEC: EXT-KIND-CHOICES
TEST(ExtKindChoices, OurKindsForTheCasesWhereTheReferenceReportsAFailedCheck) {
  TVMFFIByteArray unknown = ByteArray("test.ext.kinds.unknown_key");
  int32_t out = 0;
  EXPECT_EQ(TVMFFITypeKeyToIndex(&unknown, &out), -1);
  EXPECT_RAISED("KeyError", "");
  std::string tkey = PerIteration("test.ext.kinds.T");
  TVMFFIByteArray tk = ByteArray(tkey);
  int32_t t = TVMFFITypeGetOrAllocIndex(&tk, -1, 1, 1, 0, kTVMFFIObject);
  ASSERT_GE(t, 0);
  TVMFFIFieldInfo field;
  std::memset(&field, 0, sizeof(field));
  field.name = ByteArray("dup");
  ASSERT_EQ(TVMFFITypeRegisterField(t, &field), 0);
  EXPECT_EQ(TVMFFITypeRegisterField(t, &field), -1);
  EXPECT_RAISED("ValueError", "");
  TVMFFIObjectHandle s = MakeHeapString("moved out of its slot once");
  TVMFFIObjectHandle slot = s;
  TVMFFIAny view = NoneAny();
  view.type_index = kTVMFFIObjectRValueRef;
  view.v_ptr = &slot;
  TVMFFIAny owned = NoneAny();
  ASSERT_EQ(TVMFFIAnyViewToOwnedAny(&view, &owned), 0);
  EXPECT_EQ(TVMFFIAnyViewToOwnedAny(&view, &owned), -1);
  EXPECT_RAISED("RuntimeError", "already moved");
  ReleaseAny(&owned);
  TVMFFIObjectHandle opaque = nullptr;
  EXPECT_EQ(TVMFFIObjectCreateOpaque(nullptr, kTVMFFIStr, nullptr, &opaque), -1);
  EXPECT_RAISED("TypeError", "");
  // Parent full / bad depth / static conflict / unknown parent.
  std::string akey = PerIteration("test.ext.kinds.T.a"), bkey = PerIteration("test.ext.kinds.T.b");
  TVMFFIByteArray a = ByteArray(akey), b = ByteArray(bkey);
  EXPECT_EQ(TVMFFITypeGetOrAllocIndex(&a, -1, 2, 0, 0, t), t + 1);
  EXPECT_EQ(TVMFFITypeGetOrAllocIndex(&b, -1, 2, 0, 0, t), -1);
  EXPECT_RAISED("RuntimeError", "");
  EXPECT_EQ(TVMFFITypeGetOrAllocIndex(&b, -1, 7, 0, 0, t), -1);
  EXPECT_RAISED("ValueError", "");
  EXPECT_EQ(TVMFFITypeGetOrAllocIndex(&b, t, 2, 0, 0, t), -1);
  EXPECT_RAISED("ValueError", "");
  EXPECT_EQ(TVMFFITypeGetOrAllocIndex(&b, -1, 2, 0, 0, 99998), -1);
  EXPECT_RAISED("IndexError", "");
  EXPECT_EQ(TVMFFIGetTypeInfo(99997), nullptr);
  EXPECT_RAISED("IndexError", "");
  EXPECT_EQ(TVMFFIEnvSetStream(-4, 0, nullptr, nullptr), -1);
  EXPECT_RAISED("ValueError", "");
}

}  // namespace
