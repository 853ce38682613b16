#!/usr/bin/env bash
# ci/test_rust.sh: builds and tests the Rust crates in ffi/rust (cargo test, clippy, rustfmt,
# rustdoc), then loads the Rust example module from Python (ffi/python/tests/test_rust_module.py)
# when a suitable Python is available, and from the reference wheel when its venv exists.
#
# The runtime comes from $TVM_FFI_LIB_DIR when it is set; otherwise it is built into
# build/rust. Cargo output goes to $CARGO_TARGET_DIR (default build/rust/cargo). Everything
# runs offline: the crates have no crates.io dependencies.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

if ! command -v cargo >/dev/null 2>&1; then
  echo "ci/test_rust.sh: cargo is not installed; install a Rust toolchain (rustup) first" >&2
  exit 1
fi

if [ -z "${TVM_FFI_LIB_DIR:-}" ]; then
  step "runtime (build/rust)"
  cmake -S "$ROOT" -B "$ROOT/build/rust" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$ROOT/build/rust" -j "$JOBS"
  export TVM_FFI_LIB_DIR="$ROOT/build/rust/lib"
fi
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/build/rust/cargo}"
export CARGO_NET_OFFLINE=true
echo "libtvm_ffi: $TVM_FFI_LIB_DIR"

cd "$ROOT/ffi/rust"

if cargo fmt --version >/dev/null 2>&1; then
  step "rustfmt --check"
  cargo fmt --all -- --check
else
  echo "SKIPPED: rustfmt is not installed"
fi

step "cargo test --offline"
cargo test --offline --workspace -j "$JOBS"

step "cargo run --example quickstart (the example of docs/rust.md)"
RUST_BACKTRACE=0 cargo run --offline -q -p tvm-ffi --example quickstart

if cargo clippy --version >/dev/null 2>&1; then
  step "cargo clippy --offline -- -D warnings"
  cargo clippy --offline --workspace --all-targets -j "$JOBS" -- -D warnings
else
  echo "SKIPPED: clippy is not installed"
fi

step "cargo doc (warnings are errors)"
RUSTDOCFLAGS="-D warnings" cargo doc --offline --workspace --no-deps -j "$JOBS" --quiet

# The example cdylib, loaded by Python (ffi/python/tests/test_rust_module.py): tensors, Python
# callbacks, errors crossing both ways, metadata, reflection. It needs a Python with tvm_ffi
# and pytest: $TVM_FFI_RUST_PYTHON, or the package venv that ci/test.sh creates.
step "Python loads the Rust example module"
cargo build --offline -q -p tvm-ffi-example-module -j "$JOBS"
module="$CARGO_TARGET_DIR/debug/libtvm_ffi_example_module.so"
python="${TVM_FFI_RUST_PYTHON:-$TVM_FFI_VENV_DIR/pkg/bin/python}"
if [ -x "$python" ] && "$python" -c "import pytest, tvm_ffi" >/dev/null 2>&1; then
  (cd "$ROOT" && TVM_FFI_RUST_MODULE="$module" "$python" -m pytest -q -p no:cacheprovider \
    ffi/python/tests/test_rust_module.py)
else
  echo "SKIPPED: no Python with tvm_ffi and pytest at $python (set TVM_FFI_RUST_PYTHON to one)"
fi

# Binary compatibility: the same cdylib under the reference wheel's runtime and Python package.
step "the Rust example module under the reference apache-tvm-ffi"
if [ -x "$TVM_FFI_REF_VENV/bin/python" ] && "$TVM_FFI_REF_VENV/bin/python" -c "import tvm_ffi" \
  >/dev/null 2>&1; then
  RUST_BACKTRACE=0 "$TVM_FFI_REF_VENV/bin/python" examples/rust_module/check_reference_interop.py \
    "$module"
else
  echo "SKIPPED: no reference venv at $TVM_FFI_REF_VENV (ci/test.sh creates it)"
fi

echo "ci/test_rust.sh: Rust crates passed"
