#!/usr/bin/env bash
# ci/conformance.sh: builds the conformance modules (C, C++ against our headers, C++ against the
# reference headers, Rust, the CUDA kernels when nvcc exists) and runs the caller x callee matrix
# with our runtime and with the reference runtime, then prints both side by side.
# Env: CONF_BUILD (build dir, default build/ci_conformance), CONF_PKG_PYTHON (a Python with our
# tvm_ffi, torch and numpy; default the pkg venv), CONF_REF_VENV (reference wheel + torch; created
# once, default build/venvs/conf_ref), SKIP_RUST=1 to leave the Rust module out.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"
OUT="${CONF_BUILD:-$ROOT/build/ci_conformance}"
mkdir -p "$OUT"

step "conformance: Python environments"
ensure_reference_venv
if [ -z "${CONF_PKG_PYTHON:-}" ]; then ensure_package_venv; CONF_PKG_PYTHON="$TVM_FFI_PKG_VENV/bin/python"; fi
REF_VENV="${CONF_REF_VENV:-$TVM_FFI_VENV_DIR/conf_ref}"
# The reference venv of ci/common.sh has no torch, which the tensor cases need: keep our own.
if [ ! -x "$REF_VENV/bin/python" ] || ! "$REF_VENV/bin/python" -c "import torch, tvm_ffi" 2>/dev/null; then
  python3 -m venv "$REF_VENV"
  "$REF_VENV/bin/pip" install -q apache-tvm-ffi==0.1.15.post2 torch==2.13.0
fi

step "conformance: build the modules"
# Modules do not link libtvm_ffi: one binary runs on whichever runtime the process loaded.
# -fmacro-prefix-map keeps __FILE__ repository-relative (the error-frame check looks for it).
FLAGS=(-O2 -fPIC -shared -fvisibility=hidden -Wall -Wextra -Werror "-fmacro-prefix-map=$ROOT/=")
cc -std=c11 "${FLAGS[@]}" -Iffi/c/include "$ROOT/conformance/c/module.c" -o "$OUT/conformance_c.so"
c++ -std=c++17 "${FLAGS[@]}" -Iffi/c/include -Iffi/cpp/include "$ROOT/conformance/cpp/module.cc" \
  -o "$OUT/conformance_cpp.so"
c++ -std=c++17 "${FLAGS[@]}" -I"$TVM_FFI_REF_INCLUDE" -I"$TVM_FFI_REF_INCLUDE/../../3rdparty/dlpack/include" \
  "$ROOT/conformance/cpp/module.cc" -o "$OUT/conformance_cpp_refhdr.so"
MODULES=(--module "c=$OUT/conformance_c.so" --module "cpp=$OUT/conformance_cpp.so"
         --module "cpp_refhdr=$OUT/conformance_cpp_refhdr.so")
if [ -z "${SKIP_RUST:-}" ] && [ -f conformance/rust/Cargo.toml ] && command -v cargo >/dev/null; then
  TVM_FFI_CONFIG="$(dirname "$CONF_PKG_PYTHON")/tvm-ffi-config" \
    cargo build --offline -j "$JOBS" --release --manifest-path conformance/rust/Cargo.toml \
    --target-dir "$OUT/rust"
  MODULES+=(--module "rust=$OUT/rust/release/libtvm_ffi_conformance.so")
fi
CUDA_ARGS=()
if command -v nvcc >/dev/null && [ -f conformance/cuda/kernels.cu ]; then
  nvcc -std=c++17 -O2 -Xcompiler -fPIC,-fvisibility=hidden -shared -Iffi/c/include -Iffi/cpp/include \
    conformance/cuda/kernels.cu -o "$OUT/conformance_cuda.so"
  CUDA_ARGS=(--cuda-module "$OUT/conformance_cuda.so")
fi

step "conformance: our runtime"
rc=0
PYTHONPATH="$ROOT" "$CONF_PKG_PYTHON" -m conformance run "${MODULES[@]}" "${CUDA_ARGS[@]}" \
  --label ours --json "$OUT/ours.json" || rc=1

step "conformance: reference runtime (apache-tvm-ffi 0.1.15.post2)"
PYTHONPATH="$ROOT" "$REF_VENV/bin/python" -m conformance run "${MODULES[@]}" "${CUDA_ARGS[@]}" \
  --label reference --json "$OUT/reference.json" || rc=1

step "conformance: both runtimes"
PYTHONPATH="$ROOT" python3 -m conformance summary \
  "$OUT/ours.json" "$OUT/reference.json" || rc=1
exit "$rc"
