/* ffi/c/tests/layout/layout_check_cxx.cc: the runtime layout check of layout_check.c compiled as C++17. */
// C++ gives every ABI enum an int32_t base while C leaves it int-sized, and
// the anonymous unions are handled differently by the two front ends, so the
// same checks run once per language. SPEC rules: see layout_table.h.
#include "layout_check.c"
