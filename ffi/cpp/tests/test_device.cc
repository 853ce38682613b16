// ffi/cpp/tests/test_device.cc: DLDevice traits and device-string parsing.
#include "cpp_test_helpers.h"

namespace cpptest {
namespace {

TEST(Device, TravelsAsDevice) {
  // SPEC: ANY-TYPE-INDEX-VALUES, DLPACK-LAYOUT
  Any dev = DLDevice{kDLCUDA, 2};
  EXPECT_EQ(dev.type_index(), TypeIndex::kTVMFFIDevice);
  DLDevice back = dev.cast<DLDevice>();
  EXPECT_EQ(back.device_type, kDLCUDA);
  EXPECT_EQ(back.device_id, 2);
  EXPECT_EQ(TypeTraits<DLDevice>::TypeStr(), "Device");
}

TEST(Device, ParsesDeviceStrings) {
  DLDevice cuda = AnyView("cuda:3").cast<DLDevice>();
  EXPECT_EQ(cuda.device_type, kDLCUDA);
  EXPECT_EQ(cuda.device_id, 3);
  DLDevice cpu = Any(String("cpu")).cast<DLDevice>();
  EXPECT_EQ(cpu.device_type, kDLCPU);
  EXPECT_EQ(cpu.device_id, 0);
  EXPECT_EQ(AnyView("mps").cast<DLDevice>().device_type, kDLMetal);
  EXPECT_EQ(AnyView("webgpu:1 (extra words)").cast<DLDevice>().device_type, kDLWebGPU);
  for (const char* bad : {"tpu", "cuda:", "cuda:-1", "cuda:0:1", ":0", "cuda:99999999999"}) {
    EXPECT_FALSE(AnyView(bad).try_cast<DLDevice>().has_value()) << bad;
  }
  ExpectError([] { AnyView("tpu:0").cast<DLDevice>(); }, "TypeError",
              "Cannot convert from type `const char*` to `Device`");
  ExpectError([] { Any(1).cast<DLDevice>(); }, "TypeError", "to `Device`");
}

}  // namespace
}  // namespace cpptest
