// ffi/cpp/include/tvm/ffi/device.h: TypeTraits<DLDevice> and parsing of device strings ("cuda:1").
#ifndef TVM_FFI_DEVICE_H_
#define TVM_FFI_DEVICE_H_

#include <dlpack/dlpack.h>
#include <tvm/ffi/any.h>
#include <tvm/ffi/string.h>
#include <tvm/ffi/type_traits.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace tvm {
namespace ffi {
namespace detail {

/*! \return The device type named `name` (the names the Python package uses), or nullopt. */
inline std::optional<DLDeviceType> TryParseDLDeviceType(std::string_view name) {
  struct Entry {
    const char* name;
    DLDeviceType type;
  };
  static constexpr Entry kNames[] = {
      {"cpu", kDLCPU},         {"cuda", kDLCUDA},       {"opencl", kDLOpenCL},
      {"vulkan", kDLVulkan},   {"metal", kDLMetal},     {"mps", kDLMetal},
      {"vpi", kDLVPI},         {"rocm", kDLROCM},       {"ext_dev", kDLExtDev},
      {"hexagon", kDLHexagon}, {"wgpu", kDLWebGPU},     {"webgpu", kDLWebGPU},
      {"maia", kDLMAIA},       {"trn", kDLTrn},
  };
  for (const Entry& entry : kNames) {
    if (name == entry.name) return entry.type;
  }
  return std::nullopt;
}

/*! \return A non-negative decimal device index that fits in int32, or nullopt. */
inline std::optional<int32_t> TryParseDLDeviceIndex(std::string_view text) {
  if (text.empty()) return std::nullopt;
  int64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
    if (value > std::numeric_limits<int32_t>::max()) return std::nullopt;
  }
  return static_cast<int32_t>(value);
}

/*!
 * \return The device of "<type>" or "<type>:<index>"; anything after the first
 *         space is ignored (so "cuda:0 (extra)" parses). nullopt when invalid.
 */
inline std::optional<DLDevice> TryStringViewToDLDevice(std::string_view text) {
  text = text.substr(0, text.find(' '));
  size_t colon = text.find(':');
  std::optional<DLDeviceType> type = TryParseDLDeviceType(text.substr(0, colon));
  if (!type.has_value()) return std::nullopt;
  int32_t index = 0;
  if (colon != std::string_view::npos) {
    std::optional<int32_t> parsed = TryParseDLDeviceIndex(text.substr(colon + 1));
    if (!parsed.has_value()) return std::nullopt;
    index = *parsed;
  }
  return DLDevice{*type, index};
}

}  // namespace detail

/*! \brief DLDevice travels as kTVMFFIDevice; a device string converts. */
template <>
struct TypeTraits<DLDevice> : public TypeTraitsBase {
  static constexpr int32_t field_static_type_index = TypeIndex::kTVMFFIDevice;
  TVM_FFI_INLINE static void CopyToAnyView(const DLDevice& src, TVMFFIAny* result) {
    detail::SetPodHeader(result, TypeIndex::kTVMFFIDevice);
    result->v_device = src;
  }
  TVM_FFI_INLINE static void MoveToAny(DLDevice src, TVMFFIAny* result) {
    CopyToAnyView(src, result);
  }
  TVM_FFI_INLINE static bool CheckAnyStrict(const TVMFFIAny* src) {
    return src->type_index == TypeIndex::kTVMFFIDevice;
  }
  TVM_FFI_INLINE static DLDevice CopyFromAnyViewAfterCheck(const TVMFFIAny* src) {
    return src->v_device;
  }
  TVM_FFI_INLINE static DLDevice MoveFromAnyAfterCheck(TVMFFIAny* src) { return src->v_device; }
  TVM_FFI_INLINE static std::optional<DLDevice> TryCastFromAnyView(const TVMFFIAny* src) {
    if (src->type_index == TypeIndex::kTVMFFIDevice) return src->v_device;
    if (auto text = TypeTraits<String>::TryCastFromAnyView(src)) {
      return detail::TryStringViewToDLDevice(std::string_view(text->data(), text->size()));
    }
    return std::nullopt;
  }
  TVM_FFI_INLINE static std::string TypeStr() { return StaticTypeKey::kTVMFFIDevice; }
  TVM_FFI_INLINE static std::string TypeSchema() {
    return detail::SimpleTypeSchema(StaticTypeKey::kTVMFFIDevice);
  }
};

}  // namespace ffi
}  // namespace tvm

#endif  // TVM_FFI_DEVICE_H_
