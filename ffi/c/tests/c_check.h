/* ffi/c/tests/c_check.h: the pass/fail counting of the plain-C test hosts (interop/interop_host.c,
 * seed/seed_host.c). A failed CHECK prints FAIL (which ctest's FAIL_REGULAR_EXPRESSION catches)
 * with the current section, the place and the condition, then the printf-style message, and the
 * run goes on so one run reports every failure. Include once per program. */
#ifndef TVM_FFI_C_TESTS_C_CHECK_H_
#define TVM_FFI_C_TESTS_C_CHECK_H_

#include <stdio.h>

static int g_passed = 0;
static int g_failed = 0;
/* What the checks being run belong to; set it before each group. */
static const char* g_section = "";

#define CHECK(cond, ...)                                                        \
  do {                                                                          \
    if (cond) {                                                                 \
      ++g_passed;                                                               \
    } else {                                                                    \
      ++g_failed;                                                               \
      printf("FAIL [%s] %s:%d: %s: ", g_section, __FILE__, __LINE__, #cond);   \
      printf(__VA_ARGS__);                                                      \
      printf("\n");                                                             \
    }                                                                           \
  } while (0)

/* Prints the totals after `prefix` and returns the process exit status. */
static int check_report(const char* prefix) {
  printf("%s%d passed, %d failed\n", prefix, g_passed, g_failed);
  return g_failed == 0 ? 0 : 1;
}

#endif /* TVM_FFI_C_TESTS_C_CHECK_H_ */
