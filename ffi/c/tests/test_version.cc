// ffi/c/tests/test_version.cc: §14 versioning: TVMFFIGetVersion and the 0.X.Y policy.
#include <gtest/gtest.h>
#include <tvm/ffi/c_api.h>

#include <cstring>
#include <type_traits>

#include "test_helpers.h"

namespace {

using namespace tvm_ffi_test;

// SPEC: VER-GET-VERSION, VER-HEADER-MACROS
TEST(Version, GetVersionWritesZeroOneSixteenAndNeverFails) {
  static_assert(std::is_same<decltype(&TVMFFIGetVersion), void (*)(TVMFFIVersion*)>::value,
                "the signature never changes");
  TVMFFIVersion v;
  std::memset(&v, 0xAB, sizeof(v));
  TVMFFIGetVersion(&v);
  EXPECT_EQ(v.major, 0u);
  EXPECT_EQ(v.minor, 1u);
  EXPECT_EQ(v.patch, 16u);
  EXPECT_EQ(v.major, static_cast<uint32_t>(TVM_FFI_VERSION_MAJOR));
  EXPECT_EQ(v.minor, static_cast<uint32_t>(TVM_FFI_VERSION_MINOR));
  EXPECT_EQ(v.patch, static_cast<uint32_t>(TVM_FFI_VERSION_PATCH));
  TVMFFIGetVersion(nullptr);  // no effect, no crash
  EXPECT_NOTHING_RAISED();
}

// The compatibility predicate of SPEC VER-POLICY: under major 0 the minor is the ABI.
bool Compatible(const TVMFFIVersion& runtime, const TVMFFIVersion& built_for) {
  if (runtime.major != built_for.major) return false;
  if (runtime.major == 0) return runtime.minor == built_for.minor;
  return true;
}

// SPEC: VER-POLICY
TEST(Version, RuntimeIsAZeroXYVersionCompatibleWithTheHeadersItShipsWith) {
  TVMFFIVersion runtime;
  TVMFFIGetVersion(&runtime);
  EXPECT_EQ(runtime.major, 0u) << "versions are 0.X.Y";
  TVMFFIVersion headers{TVM_FFI_VERSION_MAJOR, TVM_FFI_VERSION_MINOR, TVM_FFI_VERSION_PATCH};
  EXPECT_TRUE(Compatible(runtime, headers));
  TVMFFIVersion other_patch{headers.major, headers.minor, headers.patch + 5};
  EXPECT_TRUE(Compatible(runtime, other_patch)) << "a patch change is compatible";
  TVMFFIVersion other_minor{headers.major, headers.minor + 1, 0};
  EXPECT_FALSE(Compatible(runtime, other_minor)) << "a minor change under 0.x breaks the ABI";
}

}  // namespace
