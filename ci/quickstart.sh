#!/usr/bin/env bash
# ci/quickstart.sh: the README's first command. On a fresh machine it installs what the demo
# needs, then builds the add_one kernel in C, C++, Rust and CUDA (CUDA when nvcc exists) and
# calls every variant from Python (torch and numpy), a C++ host and a Rust host. The build and
# run commands are the ```bash blocks of examples/quickstart/README.md, run verbatim.
#
# Env: QUICKSTART_VENV         the venv to create/use (default $TVM_FFI_VENV_DIR/quickstart)
#      QUICKSTART_SKIP_INSTALL=1  the venv already has this tree's package, numpy and torch
#                                 (ci/examples.sh passes the package venv)
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"
start=$(date +%s)

step "system packages"
ensure_apt build-essential cmake ninja-build python3-venv

venv="${QUICKSTART_VENV:-$TVM_FFI_VENV_DIR/quickstart}"
if [ "${QUICKSTART_SKIP_INSTALL:-0}" != 1 ]; then
  step "venv $venv: tvm-ffi (this tree), numpy, torch"
  if [ ! -x "$venv/bin/python" ]; then python3 -m venv "$venv"; fi
  "$venv/bin/pip" install -q numpy torch==2.13.0
  # A persistent build dir makes a re-run an incremental build.
  "$venv/bin/pip" install -q . -Cbuild-dir=build/py_quickstart
fi
# The README's commands expect the venv to be active (python and tvm-ffi-config on PATH).
# shellcheck disable=SC1091
source "$venv/bin/activate"
echo "tvm-ffi $(tvm-ffi-config --version), $(python --version)"

skip=""
if ! command -v cargo >/dev/null 2>&1; then
  echo "SKIPPED the Rust module and host: cargo is not installed (install Rust with rustup)"
  skip="rust"
fi
if ! command -v nvcc >/dev/null 2>&1; then
  echo "no nvcc: the CUDA module is not built (every host says so)"
fi

step "examples/quickstart/README.md, run as written"
script="$(python3 examples/readme_blocks.py examples/quickstart/README.md --skip "$skip")"
bash -euo pipefail -c "set -x; $script"

echo "ci/quickstart.sh: passed in $(( $(date +%s) - start ))s"
