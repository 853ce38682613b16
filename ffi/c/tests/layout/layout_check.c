/* ffi/c/tests/layout/layout_check.c: runtime check of ABI struct layouts and constants against layout_table.h (C99; also built as C++17). */
/*
 * Usage: layout_check            check every entry, print one line each, exit 1 on a mismatch
 *        layout_check --dump     print only what the headers say, in a canonical form, so the
 *                                dumps of two builds (ours / reference headers) can be diffed
 *
 * The headers come from the include path: ours by default, the reference
 * wheel's when built with -DTVM_FFI_REFERENCE_INCLUDE=... (see layout.cmake).
 * SPEC rules: ANY-LAYOUT, OBJ-HEADER-LAYOUT, OBJ-CELL-LAYOUTS, REG-STRUCT-LAYOUTS,
 * DLPACK-LAYOUT, ANY-TYPE-INDEX-VALUES, VER-HEADER-MACROS (cited per group in layout_table.h).
 */
/* c_api.h first: it must be self-contained (SPEC.md ABI-HEADER-SELF-CONTAINED). */
#include <tvm/ffi/c_api.h>
#include <tvm/ffi/extra/c_env_api.h>
#include <dlpack/dlpack.h>

#undef NDEBUG
#include <assert.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "layout_table.h"

#if defined(__cplusplus)
#define LAYOUT_ALIGNOF(T) alignof(T)
#elif defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
#define LAYOUT_ALIGNOF(T) _Alignof(T)
#else
/* C99 has no alignof: the offset of a member that follows a char. */
#define LAYOUT_ALIGNOF(T) offsetof(struct { char c; T m; }, m)
#endif

#define LAYOUT_MEMBER_SIZE(T, m) sizeof(((T*)0)->m)

static int g_dump = 0;
static int g_failures = 0;
static int g_checks = 0;

static void check_struct(const char* name, size_t size, size_t align, size_t exp_size,
                         size_t exp_align) {
  int ok = (size == exp_size) && (align == exp_align);
  ++g_checks;
  if (g_dump) {
    printf("struct %s size=%zu align=%zu\n", name, size, align);
    return;
  }
  if (!ok) ++g_failures;
  printf("%s struct %s size=%zu align=%zu", ok ? "ok  " : "FAIL", name, size, align);
  if (!ok) printf("  (expected size=%zu align=%zu)", exp_size, exp_align);
  printf("\n");
}

static void check_member(const char* type, const char* member, size_t offset, size_t msize,
                         size_t exp_offset, size_t exp_msize) {
  int ok = (offset == exp_offset) && (msize == exp_msize);
  ++g_checks;
  if (g_dump) {
    printf("member %s.%s offset=%zu size=%zu\n", type, member, offset, msize);
    return;
  }
  if (!ok) ++g_failures;
  printf("%s member %s.%s offset=%zu size=%zu", ok ? "ok  " : "FAIL", type, member, offset,
         msize);
  if (!ok) printf("  (expected offset=%zu size=%zu)", exp_offset, exp_msize);
  printf("\n");
}

static void check_constant(const char* name, long long value, long long expected) {
  int ok = (value == expected);
  ++g_checks;
  if (g_dump) {
    printf("const %s=%lld\n", name, value);
    return;
  }
  if (!ok) ++g_failures;
  printf("%s const %s=%lld", ok ? "ok  " : "FAIL", name, value);
  if (!ok) printf("  (expected %lld)", expected);
  printf("\n");
}

#define LAYOUT_CHECK_STRUCT(T, size, align) \
  check_struct(#T, sizeof(T), (size_t)LAYOUT_ALIGNOF(T), (size_t)(size), (size_t)(align));
#define LAYOUT_CHECK_MEMBER(T, m, off, msize)                                      \
  check_member(#T, #m, (size_t)offsetof(T, m), LAYOUT_MEMBER_SIZE(T, m), (size_t)(off), \
               (size_t)(msize));
#define LAYOUT_CHECK_CONSTANT(name, value) \
  check_constant(#name, (long long)(name), (long long)(value));

int main(int argc, char** argv) {
  TVMFFIAny any;
  TVMFFIObject obj;
  if (argc > 1 && strcmp(argv[1], "--dump") == 0) g_dump = 1;

  TVM_FFI_LAYOUT_STRUCTS(LAYOUT_CHECK_STRUCT)
  TVM_FFI_LAYOUT_MEMBERS(LAYOUT_CHECK_MEMBER)
  TVM_FFI_LAYOUT_CONSTANTS(LAYOUT_CHECK_CONSTANT)

  /* SPEC: ANY-LAYOUT -- the union members alias: one 8-byte payload after a
   * 4-byte tag and a 4-byte padding/length word. */
  memset(&any, 0, sizeof(any));
  any.v_int64 = 0x0102030405060708LL;
  ++g_checks;
  if (any.v_uint64 != 0x0102030405060708ULL || (void*)any.v_bytes != (void*)&any.v_ptr) {
    ++g_failures;
    printf("FAIL TVMFFIAny payload union does not alias\n");
  } else if (!g_dump) {
    printf("ok   TVMFFIAny payload union aliases\n");
  }
  /* SPEC: OBJ-HEADER-LAYOUT -- deleter and __ensure_align share storage. */
  memset(&obj, 0, sizeof(obj));
  obj.__ensure_align = -1;
  ++g_checks;
  if (obj.deleter == NULL) {
    ++g_failures;
    printf("FAIL TVMFFIObject deleter/__ensure_align do not alias\n");
  } else if (!g_dump) {
    printf("ok   TVMFFIObject deleter/__ensure_align alias\n");
  }

  if (!g_dump) {
    printf("layout_check (%s): %d checks, %d failed\n",
#ifdef __cplusplus
           "C++",
#else
           "C",
#endif
           g_checks, g_failures);
  }
  assert(g_failures == 0);
  return g_failures == 0 ? 0 : 1;
}
