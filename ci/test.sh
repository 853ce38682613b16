#!/usr/bin/env bash
# ci/test.sh: the README's test command. On a fresh machine it installs what it needs, builds,
# runs every test suite, and fails on any failure.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"
start=$(date +%s)

step "system packages"
ensure_apt build-essential cmake ninja-build libgtest-dev valgrind doxygen python3-venv

step "reference wheel (interop only)"
ensure_reference_venv

step "C runtime, C and C++ tests (ctest)"
cmake -S . -B build/ci -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTVM_FFI_BUILD_TESTS=ON \
  -DTVM_FFI_REFERENCE_INCLUDE="$TVM_FFI_REF_INCLUDE"
cmake --build build/ci -j "$JOBS"
ctest --test-dir build/ci --output-on-failure -j "$JOBS"

step "C and C++ tests under valgrind"
valgrind -q --error-exitcode=1 --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite \
  build/ci/ffi/c/tests/tvm_ffi_c_tests --gtest_brief=1
valgrind -q --error-exitcode=1 --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite \
  build/ci/ffi/cpp/tests/tvm_ffi_cpp_tests --gtest_brief=1

step "C interop with the reference runtime"
TVM_FFI_LIB="$ROOT/build/ci/lib/libtvm_ffi.so" bash ci/interop_c.sh

step "drop-in swap: the reference Python binding on our libtvm_ffi.so"
TVM_FFI_LIB="$ROOT/build/ci/lib/libtvm_ffi.so" bash ci/swap_check.sh

step "Python package (pip install .) and pytest"
ensure_package_venv
# test_rust_module.py runs in ci/test_rust.sh, once cargo has built the module it loads.
rc=0; (cd "$ROOT" && "$TVM_FFI_PKG_VENV/bin/python" -m pytest -q ffi/python/tests \
  --ignore=ffi/python/tests/test_rust_module.py) || rc=$?
if [ "$rc" -ne 0 ] && [ "$rc" -ne 5 ]; then exit "$rc"; fi

step "conformance matrix, our runtime and the reference (docs/conformance.md)"
CONF_PKG_PYTHON="$TVM_FFI_PKG_VENV/bin/python" JOBS="$JOBS" bash ci/conformance.sh

step "the seed example, built with tvm-ffi-config"
TVM_FFI_CONFIG="$TVM_FFI_PKG_VENV/bin/tvm-ffi-config" bash ci/seed_example.sh

step "Rust crates (cargo test, clippy)"
TVM_FFI_LIB_DIR="$ROOT/build/ci/lib" bash ci/test_rust.sh

step "examples: quickstart, the py3-none kernel wheel on both runtimes, JAX/numpy"
bash ci/examples.sh

step "sanitizers (ASan + UBSan)"
bash ci/sanitize.sh

step "docs (sphinx -W)"
bash ci/build_docs.sh

step "every SPEC rule has a test"
python3 ci/check_spec_rules.py

step "Python lint and format (ruff, rules in pyproject.toml)"
"$TVM_FFI_PKG_VENV/bin/pip" install -q "ruff==0.17.6"
"$TVM_FFI_PKG_VENV/bin/ruff" check .
"$TVM_FFI_PKG_VENV/bin/ruff" format --check .

echo "ci/test.sh: all suites passed in $(( $(date +%s) - start ))s"
