#!/usr/bin/env bash
# ci/quickstart.sh: the README's first command. Installs the package into a venv, builds the
# add_one C kernel with tvm-ffi-config exactly as the docs show, loads it and calls it.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"
step "install tvm-ffi into $TVM_FFI_VENV_DIR/pkg"
ensure_package_venv
"$TVM_FFI_PKG_VENV/bin/tvm-ffi-config" --version
step "build and run the add_one C kernel"
TVM_FFI_CONFIG="$TVM_FFI_PKG_VENV/bin/tvm-ffi-config" bash ci/seed_example.sh
