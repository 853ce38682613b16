#!/usr/bin/env bash
# ci/examples.sh: runs the examples the way their READMEs tell users to, so the docs cannot
# drift from the code:
#   1. examples/quickstart (ci/quickstart.sh, reusing the package venv);
#   2. examples/kernel_wheel: builds the py3-none wheel once, checks that it links only the C
#      ABI, then installs that same file next to this project's tvm_ffi (plus jax, if it can be
#      installed) and next to the reference apache-tvm-ffi, and runs its tests in both;
#   3. examples/inline: tvm_ffi.cpp.load_inline, run twice so the second run is a cache hit.
#
# Env: TVM_FFI_PKG_VENV    venv with this tree's package (default: ensure_package_venv)
#      EXAMPLES_REF_VENV   venv for the reference package (default $TVM_FFI_VENV_DIR/ex_ref)
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"
start=$(date +%s)

if [ -z "${TVM_FFI_PKG_VENV:-}" ]; then
  step "package venv"
  ensure_package_venv
fi
pkg="$TVM_FFI_PKG_VENV"
ref="${EXAMPLES_REF_VENV:-$TVM_FFI_VENV_DIR/ex_ref}"

# Runs the ```bash blocks of README $1 (only those tagged $3, if given) with venv $2 active,
# printing each command.
run_readme() {
  local script
  script="$(python3 examples/readme_blocks.py "$1" ${3:+--only "$3"})"
  (source "$2/bin/activate" && bash -euo pipefail -c "set -x; $script")
}

step "examples/quickstart (ci/quickstart.sh with $pkg)"
QUICKSTART_VENV="$pkg" QUICKSTART_SKIP_INSTALL=1 bash ci/quickstart.sh

readme=examples/kernel_wheel/README.md
step "examples/kernel_wheel: build the wheel ($readme, block 'build')"
rm -rf build/kernel_wheel/dist
run_readme "$readme" "$pkg" build
wheels=(build/kernel_wheel/dist/*.whl)
if [ "${#wheels[@]}" -ne 1 ] || [[ "$(basename "${wheels[0]}")" != *-py3-none-* ]]; then
  echo "ci/examples.sh: expected one py3-none wheel, got: ${wheels[*]}" >&2
  exit 1
fi
wheel="${wheels[0]}"
echo "wheel: $wheel  sha256 $(sha256sum "$wheel" | cut -c1-16)"

step "the wheel's library needs only the C ABI (no Py* symbol, no tvm:: C++ symbol)"
unpacked="$(mktemp -d)"
trap 'rm -rf "$unpacked"' EXIT
python3 -m zipfile -e "$wheel" "$unpacked"
so="$unpacked/example_kernels/libexample_kernels.so"
imports="$(nm -D --undefined-only "$so" | awk '{print $NF}')"
echo "runtime symbols used: $(grep '^TVMFFI' <<<"$imports" | tr '\n' ' ')"
if grep -E '^(_?Py|_ZN3tvm|_ZNK3tvm)' <<<"$imports"; then
  echo "ci/examples.sh: the kernel library must not use the Python C API or tvm C++ symbols" >&2
  exit 1
fi

step "jax (CPU) for the framework tests, into $pkg"
if "$pkg/bin/python" -c "import jax" 2>/dev/null; then
  echo "jax $("$pkg/bin/python" -c 'import jax; print(jax.__version__)') is installed"
elif timeout 120 "$pkg/bin/pip" install -q jax jaxlib >"$unpacked/jax.log" 2>&1; then
  echo "installed jax $("$pkg/bin/python" -c 'import jax; print(jax.__version__)')"
else
  echo "SKIPPING the JAX tests: 'pip install jax jaxlib' failed or took over 120 s:"
  grep -v '^WARNING: Location' "$unpacked/jax.log" | tail -5 || true
fi

step "the wheel with tvm-ffi (this tree) in $pkg ($readme, block 'use')"
run_readme "$readme" "$pkg" use

step "the same wheel file with apache-tvm-ffi==0.1.15.post2 in $ref"
if [ ! -x "$ref/bin/python" ]; then python3 -m venv "$ref"; fi
"$ref/bin/pip" install -q apache-tvm-ffi==0.1.15.post2 numpy torch==2.13.0 pytest
run_readme "$readme" "$ref" use

inline=examples/inline/README.md
step "examples/inline: load_inline, compiled once then cached ($inline)"
run_readme "$inline" "$pkg"
echo "the same script with apache-tvm-ffi:"
run_readme "$inline" "$ref"

echo "ci/examples.sh: all examples passed in $(( $(date +%s) - start ))s"
