// ffi/cpp/include/tvm/ffi/any_hash.h: AnyHash and AnyEqual, the container-key hash and equality of SPEC §2.4.
//
// Included at the end of any.h; include any.h, not this file.
//
// Types may customize both through the `__any_hash__` / `__any_equal__` type
// attribute columns (SPEC ANY-CUSTOM-HOOKS). The columns are looked up once and
// cached, which is safe because a column's address never changes (SPEC
// REG-ATTR-STABLE) and the runtime creates both at start-up (REG-ATTR-PRECREATE).
#ifndef TVM_FFI_ANY_HASH_H_
#define TVM_FFI_ANY_HASH_H_

#include <tvm/ffi/any.h>

#include <cstring>

namespace tvm {
namespace ffi {
namespace detail {

/*! \return The non-None entry of column `name` for `type_index`, or nullptr. */
inline const TVMFFIAny* FindAnyHook(const TVMFFITypeAttrColumn* column, int32_t type_index) {
  if (column == nullptr) return nullptr;
  int64_t offset = static_cast<int64_t>(type_index) - column->begin_index;
  if (offset < 0 || offset >= column->size) return nullptr;
  const TVMFFIAny* entry = &column->data[offset];
  return entry->type_index == TypeIndex::kTVMFFINone ? nullptr : entry;
}

inline const TVMFFITypeAttrColumn* LookupAttrColumn(const char* name) {
  TVMFFIByteArray key{name, std::strlen(name)};
  return TVMFFIGetTypeAttrColumn(&key);
}

/*!
 * \brief Runs a hook entry on `args`: an OpaquePtr to a C function taking the
 *        values by pointer, or a Function (always called through safe_call).
 *        Returns the owned result; a hook's Error is thrown.
 */
template <int kNumArgs>
inline Any CallAnyHook(const TVMFFIAny& hook, const TVMFFIAny* args) {
  TVMFFIAny result;
  WriteNoneToAny(&result);
  if (hook.type_index == TypeIndex::kTVMFFIOpaquePtr && hook.v_ptr != nullptr) {
    if constexpr (kNumArgs == 1) {
      result = reinterpret_cast<TVMFFIAny (*)(const TVMFFIAny*)>(hook.v_ptr)(&args[0]);
    } else {
      result = reinterpret_cast<TVMFFIAny (*)(const TVMFFIAny*, const TVMFFIAny*)>(hook.v_ptr)(
          &args[0], &args[1]);
    }
  } else if (hook.type_index == TypeIndex::kTVMFFIFunction) {
    TVMFFIFunctionCell* cell = TVMFFIFunctionGetCellPtr(hook.v_obj);
    if (cell->safe_call(hook.v_obj, args, kNumArgs, &result) != 0) {
      throw MoveFromSafeCallRaised();
    }
  } else {
    TVM_FFI_THROW(TypeError) << "an __any_hash__/__any_equal__ entry must be an OpaquePtr or a "
                                "Function, got `"
                             << TypeIndexToTypeKey(hook.type_index) << "`";
  }
  Any owned = AnyUnsafe::MoveTVMFFIAnyRawToAny(result);
  if (owned.type_index() == TypeIndex::kTVMFFIError) {
    throw AnyUnsafe::MoveFromAnyAfterCheck<Error>(std::move(owned));
  }
  return owned;
}

/*! \brief Content of a Str/Bytes object or of an inline small value. */
TVM_FFI_INLINE TVMFFIByteArray BytesContent(const TVMFFIAny& value) {
  if (value.type_index >= TypeIndex::kTVMFFIStaticObjectBegin) {
    return *TVMFFIBytesGetByteArrayPtr(value.v_obj);
  }
  return TVMFFISmallBytesGetContentByteArray(&value);
}

}  // namespace detail

/*! \brief Hash of a value as a container key (SPEC ANY-HASH). */
struct AnyHash {
  uint64_t operator()(const Any& src) const {
    const TVMFFIAny& v = src.data_;
    switch (v.type_index) {
      case TypeIndex::kTVMFFISmallStr:
        return detail::StableHashCombine(static_cast<uint64_t>(TypeIndex::kTVMFFIStr), detail::StableHashSmallStrBytes(&v));
      case TypeIndex::kTVMFFISmallBytes:
        return detail::StableHashCombine(static_cast<uint64_t>(TypeIndex::kTVMFFIBytes),
                                         detail::StableHashSmallStrBytes(&v));
      case TypeIndex::kTVMFFIStr:
      case TypeIndex::kTVMFFIBytes: {
        const TVMFFIByteArray* bytes = TVMFFIBytesGetByteArrayPtr(v.v_obj);
        return detail::StableHashCombine(static_cast<uint64_t>(v.type_index),
                                         detail::StableHashBytes(bytes->data, bytes->size));
      }
      default:
        break;
    }
    if (v.type_index >= TypeIndex::kTVMFFIStaticObjectBegin) {
      static const TVMFFITypeAttrColumn* column = detail::LookupAttrColumn("__any_hash__");
      if (const TVMFFIAny* hook = detail::FindAnyHook(column, v.type_index)) {
        Any result = detail::CallAnyHook<1>(*hook, &v);
        if (result.type_index() != TypeIndex::kTVMFFIInt) {
          TVM_FFI_THROW(TypeError) << "__any_hash__ of `" << src.GetTypeKey()
                                   << "` must return int, got `" << result.GetTypeKey() << "`";
        }
        return detail::StableHashCombine(static_cast<uint64_t>(v.type_index),
                                         static_cast<uint64_t>(result.data_.v_int64));
      }
    }
    return detail::StableHashCombine(static_cast<uint64_t>(v.type_index), v.v_uint64);
  }
};

/*! \brief Equality of values as container keys, consistent with AnyHash (SPEC ANY-EQUAL). */
struct AnyEqual {
  bool operator()(const Any& lhs, const Any& rhs) const {
    const TVMFFIAny& a = lhs.data_;
    const TVMFFIAny& b = rhs.data_;
    // Canonical encodings make identical bytes the common case (SPEC ANY-BYTE-EQUALITY).
    if (std::memcmp(&a, &b, sizeof(TVMFFIAny)) == 0) return true;
    if (IsStringKind(a.type_index) && IsStringKind(b.type_index)) return ContentEqual(a, b);
    if (IsBytesKind(a.type_index) && IsBytesKind(b.type_index)) return ContentEqual(a, b);
    if (a.type_index != b.type_index || a.type_index < TypeIndex::kTVMFFIStaticObjectBegin) {
      return false;
    }
    static const TVMFFITypeAttrColumn* column = detail::LookupAttrColumn("__any_equal__");
    if (const TVMFFIAny* hook = detail::FindAnyHook(column, a.type_index)) {
      TVMFFIAny args[2] = {a, b};
      Any result = detail::CallAnyHook<2>(*hook, args);
      if (result.type_index() != TypeIndex::kTVMFFIBool) {
        TVM_FFI_THROW(TypeError) << "__any_equal__ of `" << lhs.GetTypeKey()
                                 << "` must return bool, got `" << result.GetTypeKey() << "`";
      }
      return result.data_.v_int64 != 0;
    }
    return false;  // distinct objects compare by identity
  }

 private:
  static bool IsStringKind(int32_t index) {
    return index == TypeIndex::kTVMFFISmallStr || index == TypeIndex::kTVMFFIStr;
  }
  static bool IsBytesKind(int32_t index) {
    return index == TypeIndex::kTVMFFISmallBytes || index == TypeIndex::kTVMFFIBytes;
  }
  static bool ContentEqual(const TVMFFIAny& a, const TVMFFIAny& b) {
    TVMFFIByteArray x = detail::BytesContent(a);
    TVMFFIByteArray y = detail::BytesContent(b);
    return Bytes::memequal(x.data, y.data, x.size, y.size);
  }
};

}  // namespace ffi
}  // namespace tvm

#endif  // TVM_FFI_ANY_HASH_H_
