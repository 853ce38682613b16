// ffi/cpp/tests/test_abi_static_assert.cc: compile-time checks of SDK value sizes and object layouts.
//
// Compiling this file is the test (style anchor: layouts are frozen by
// compile-time assertions). The sizes are those code built from the reference
// headers assumes, e.g. in reflected field offsets.
#include <cstddef>

#include "cpp_test_helpers.h"

namespace cpptest {
namespace {

// SPEC: OBJ-HEADER-LAYOUT, OBJ-BUILTIN-SIZES, ERR-LAYOUT, CALL-FUNCTION-LAYOUT, STR-HEAP
static_assert(sizeof(Object) == 24, "an Object is exactly its header");
static_assert(sizeof(ObjectPtr<Object>) == 8 && sizeof(WeakObjectPtr<Object>) == 8);
static_assert(sizeof(ObjectRef) == 8);
static_assert(sizeof(Function) == 8);
static_assert(sizeof(TypedFunction<int(int)>) == 8);
static_assert(sizeof(Optional<ObjectRef>) == 8);
static_assert(sizeof(Optional<Function>) == 8);
static_assert(sizeof(Optional<BaseRef>) == 8);
static_assert(sizeof(Optional<ObjectPtr<BaseObj>>) == 8);
static_assert(sizeof(Any) == 16 && sizeof(AnyView) == 16);
static_assert(sizeof(String) == 16 && sizeof(Bytes) == 16);
static_assert(sizeof(Optional<int>) == 16);
static_assert(sizeof(Optional<String>) == 16);
static_assert(sizeof(Optional<double>) == 16);
static_assert(sizeof(Variant<int, String>) == 16);
static_assert(sizeof(Variant<BaseRef, Function>) == 16);
static_assert(sizeof(Expected<int>) == 16);
static_assert(sizeof(ErrorObj) == 96);
static_assert(sizeof(FunctionObj) == 40);
static_assert(sizeof(detail::StringObj) == 40 && sizeof(detail::BytesObj) == 40);
// The Error exception: std::exception's vtable pointer first, then the reference.
static_assert(sizeof(Error) == 16);
static_assert(alignof(Any) == 8);

#if defined(__GNUC__) || defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Winvalid-offsetof"
#endif
// SPEC: OBJ-CELL-OFFSET
static_assert(offsetof(ErrorObj, kind) == 24 && offsetof(ErrorObj, message) == 40);
static_assert(offsetof(ErrorObj, backtrace) == 56 && offsetof(ErrorObj, update_backtrace) == 72);
static_assert(offsetof(ErrorObj, cause_chain) == 80 && offsetof(ErrorObj, extra_context) == 88);
static_assert(offsetof(FunctionObj, safe_call) == 24 && offsetof(FunctionObj, cpp_call) == 32);
static_assert(offsetof(detail::StringObj, data) == 24 && offsetof(detail::StringObj, size) == 32);
#if defined(__GNUC__) || defined(__clang__)
#pragma GCC diagnostic pop
#endif

// SPEC: ANY-TYPE-INDEX-VALUES (the static indices the SDK registers with)
static_assert(ErrorObj::_type_index == 67 && FunctionObj::_type_index == 68);
static_assert(detail::StringObj::_type_index == 65 && detail::BytesObj::_type_index == 66);
static_assert(detail::kCombinedRefCountBothOne == ((uint64_t{1} << 32) | 1));

TEST(AbiStaticAssert, CompiledLayoutsMatch) {
  // SPEC: OBJ-BUILTIN-SIZES
  EXPECT_EQ(detail::ObjectUnsafe::GetObjectOffsetToSubclass<ErrorObj>(), 0);
  EXPECT_EQ(ErrorObj::RuntimeTypeIndex(), TypeIndex::kTVMFFIError);
  EXPECT_EQ(TypeKeyToIndex(ErrorObj::_type_key), TypeIndex::kTVMFFIError);
  EXPECT_EQ(TypeKeyToIndex(FunctionObj::_type_key), TypeIndex::kTVMFFIFunction);
  EXPECT_EQ(TypeKeyToIndex(detail::StringObj::_type_key), TypeIndex::kTVMFFIStr);
}

}  // namespace
}  // namespace cpptest
