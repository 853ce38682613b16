// ffi/c/src/string.cc: String, Bytes and BigInt values.
#include <tvm/ffi/c_api.h>

#include <cstring>
#include <vector>

#include "error_internal.h"
#include "object_internal.h"
#include "string_internal.h"

namespace tvm_ffi_rt {
namespace {

constexpr size_t kSmallStrMaxSize = sizeof(int64_t) - 1;

// {TVMFFIObject; TVMFFIByteArray} with the NUL-terminated bytes right after.
struct BytesObj {
  TVMFFIObject header;
  TVMFFIByteArray bytes;
};

// {TVMFFIObject; size_t nwords} with int64 words after, least significant first.
struct BigIntObj {
  TVMFFIObject header;
  size_t nwords;
  int64_t* words() { return reinterpret_cast<int64_t*>(this + 1); }
};
static_assert(sizeof(BigIntObj) == 32, "BigInt words start at +32");

// Two's-complement words (size is a multiple of 8), trimmed to the shortest form with the same value.
std::vector<int64_t> minimal_words(const unsigned char* data, size_t size) {
  size_t nwords = (size + 7) / 8;
  bool negative = size > 0 && (data[size - 1] & 0x80) != 0;
  std::vector<int64_t> words(nwords == 0 ? 1 : nwords, 0);
  std::memset(words.data(), negative ? 0xFF : 0x00, words.size() * 8);
  if (size != 0) std::memcpy(words.data(), data, size);  // little-endian host
  while (words.size() > 1) {
    int64_t top = words.back();
    int64_t next = words[words.size() - 2];
    bool redundant = (top == 0 && next >= 0) || (top == -1 && next < 0);
    if (!redundant) break;
    words.pop_back();
  }
  return words;
}

}  // namespace

void string_make(const char* data, size_t size, bool is_bytes, TVMFFIAny* out) {
  if (size <= kSmallStrMaxSize) {
    TVMFFIAny value{};
    value.type_index = is_bytes ? kTVMFFISmallBytes : kTVMFFISmallStr;
    value.small_str_len = static_cast<uint32_t>(size);
    if (size != 0) std::memcpy(value.v_bytes, data, size);
    *out = value;
    return;
  }
  BytesObj* obj = object_new<BytesObj>(is_bytes ? kTVMFFIBytes : kTVMFFIStr, size + 1);
  char* chars = reinterpret_cast<char*>(obj + 1);
  std::memcpy(chars, data, size);
  chars[size] = '\0';
  obj->bytes = TVMFFIByteArray{chars, size};
  out->type_index = obj->header.type_index;
  out->zero_padding = 0;
  out->v_obj = &obj->header;
}

}  // namespace tvm_ffi_rt

using namespace tvm_ffi_rt;

namespace {

int bytes_from_byte_array(const TVMFFIByteArray* input, TVMFFIAny* out, bool is_bytes,
                          const char* func) {
  TVM_FFI_RT_API_BEGIN();
  require_non_null(input, func, "input");
  require_non_null(out, func, "out");
  if (input->data == nullptr && input->size != 0) {
    fail("ValueError", std::string(func) + ": `input->data` is NULL but `input->size` is " +
                           std::to_string(input->size));
  }
  string_make(input->data, input->size, is_bytes, out);
  TVM_FFI_RT_API_END();
}

}  // namespace

extern "C" {

int TVMFFIStringFromByteArray(const TVMFFIByteArray* input, TVMFFIAny* out) {
  return bytes_from_byte_array(input, out, false, "TVMFFIStringFromByteArray");
}

int TVMFFIBytesFromByteArray(const TVMFFIByteArray* input, TVMFFIAny* out) {
  return bytes_from_byte_array(input, out, true, "TVMFFIBytesFromByteArray");
}

int TVMFFIBigIntFromByteArray(const TVMFFIByteArray* input, TVMFFIAny* out) {
  TVM_FFI_RT_API_BEGIN();
  require_non_null(input, "TVMFFIBigIntFromByteArray", "input");
  require_non_null(out, "TVMFFIBigIntFromByteArray", "out");
  if (input->data == nullptr && input->size != 0) {
    fail("ValueError", "TVMFFIBigIntFromByteArray: `input->data` is NULL but `input->size` is " +
                           std::to_string(input->size));
  }
  if (input->size % sizeof(int64_t) != 0) {
    fail("ValueError", "TVMFFIBigIntFromByteArray: `input->size` must be a multiple of 8 "
                       "(whole int64 words), got " + std::to_string(input->size));
  }
  std::vector<int64_t> words =
      minimal_words(reinterpret_cast<const unsigned char*>(input->data), input->size);
  if (words.size() == 1) {
    // Any value that fits in int64 must travel as a plain int.
    *out = TVMFFIAny{};
    out->type_index = kTVMFFIInt;
    out->v_int64 = words[0];
    return 0;
  }
  BigIntObj* obj = object_new<BigIntObj>(kTVMFFIBigInt, words.size() * sizeof(int64_t));
  obj->nwords = words.size();
  std::memcpy(obj->words(), words.data(), words.size() * sizeof(int64_t));
  out->type_index = kTVMFFIBigInt;
  out->zero_padding = 0;
  out->v_obj = &obj->header;
  TVM_FFI_RT_API_END();
}

TVMFFIByteArray TVMFFIBigIntGetContentByteArray(const TVMFFIAny* value) {
  if (value != nullptr && value->type_index == kTVMFFIInt) {
    // A small integer is its own single word.
    return TVMFFIByteArray{reinterpret_cast<const char*>(&value->v_int64), sizeof(int64_t)};
  }
  if (value == nullptr || value->type_index != kTVMFFIBigInt || value->v_obj == nullptr) {
    return TVMFFIByteArray{nullptr, 0};
  }
  auto* obj = reinterpret_cast<BigIntObj*>(value->v_obj);
  return TVMFFIByteArray{reinterpret_cast<const char*>(obj->words()),
                         obj->nwords * sizeof(int64_t)};
}

}  // extern "C"
