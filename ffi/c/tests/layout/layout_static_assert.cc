/* ffi/c/tests/layout/layout_static_assert.cc: compile-time (static_assert) version of the layout check; compiling it is the test. */
// Every entry of layout_table.h becomes a static_assert. The program itself
// only reports how many entries were checked. SPEC rules: ANY-LAYOUT,
// OBJ-HEADER-LAYOUT, OBJ-CELL-LAYOUTS, REG-STRUCT-LAYOUTS, DLPACK-LAYOUT,
// ANY-TYPE-INDEX-VALUES, VER-HEADER-MACROS (cited per group in layout_table.h).
#include <dlpack/dlpack.h>
#include <tvm/ffi/c_api.h>
#include <tvm/ffi/extra/c_env_api.h>

#include <cstddef>
#include <cstdio>
#include <type_traits>

#include "layout_table.h"

#define LAYOUT_SA_STRUCT(T, size, align)                              \
  static_assert(sizeof(T) == (size), "sizeof(" #T ") != " #size);     \
  static_assert(alignof(T) == (align), "alignof(" #T ") != " #align); \
  static_assert(std::is_standard_layout<T>::value, #T " is not standard-layout");
#define LAYOUT_SA_MEMBER(T, m, off, msize)                                  \
  static_assert(offsetof(T, m) == (off), "offsetof(" #T ", " #m ") != " #off); \
  static_assert(sizeof(((T*)nullptr)->m) == (msize), "sizeof(" #T "::" #m ") != " #msize);
#define LAYOUT_SA_CONSTANT(name, value) \
  static_assert(static_cast<long long>(name) == (value), #name " != " #value);

TVM_FFI_LAYOUT_STRUCTS(LAYOUT_SA_STRUCT)
TVM_FFI_LAYOUT_MEMBERS(LAYOUT_SA_MEMBER)
TVM_FFI_LAYOUT_CONSTANTS(LAYOUT_SA_CONSTANT)

// SPEC: ANY-TYPE-INDEX-VALUES -- in C++ the ABI enums have an int32_t base.
static_assert(std::is_same<std::underlying_type<TVMFFITypeIndex>::type, int32_t>::value,
              "TVMFFITypeIndex must be an int32_t enum in C++");
static_assert(std::is_same<std::underlying_type<DLDeviceType>::type, int32_t>::value,
              "DLDeviceType must be an int32_t enum in C++");

#define LAYOUT_COUNT(...) +1
int main() {
  const int n = 0 TVM_FFI_LAYOUT_STRUCTS(LAYOUT_COUNT) TVM_FFI_LAYOUT_MEMBERS(LAYOUT_COUNT)
      TVM_FFI_LAYOUT_CONSTANTS(LAYOUT_COUNT);
  std::printf("layout_static_assert: %d entries checked at compile time\n", n);
  return 0;
}
