#!/usr/bin/env bash
# ci/sanitize.sh: builds the runtime and the C tests with AddressSanitizer and UBSan, and runs them.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"
cmake -S . -B build/sanitize -G Ninja -DCMAKE_BUILD_TYPE=Debug -DTVM_FFI_BUILD_TESTS=ON \
  -DTVM_FFI_SANITIZE="address;undefined"
cmake --build build/sanitize -j "$JOBS"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
ctest --test-dir build/sanitize --output-on-failure -j "$JOBS"
