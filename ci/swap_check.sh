#!/usr/bin/env bash
# ci/swap_check.sh: drop-in check. Copies the reference wheel (apache-tvm-ffi 0.1.15.post2) into a
# scratch venv, replaces its tvm_ffi/lib/libtvm_ffi.so with OUR runtime, and runs
# ci/swap/swap_check.py with the reference's own Python binding and libtvm_ffi_testing.so.
#
# Usage: ci/swap_check.sh
# Env:   TVM_FFI_LIB  our libtvm_ffi.so (default: build/ci/lib/libtvm_ffi.so), in a build tree
#                     configured with -DTVM_FFI_BUILD_TESTS=ON (its docs-snippets module is loaded)
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

our_lib="${TVM_FFI_LIB:-$ROOT/build/ci/lib/libtvm_ffi.so}"
if [ ! -f "$our_lib" ]; then
  echo "swap_check: our runtime '$our_lib' not found (build it, or set TVM_FFI_LIB)" >&2
  exit 2
fi
our_lib="$(cd "$(dirname "$our_lib")" && pwd)/$(basename "$our_lib")"
# A module built with our headers in the same build tree (ffi/c/tests/docs_snippets).
module="$(dirname "$our_lib")/../ffi/c/tests/libtvm_ffi_docs_snippets.so"
if [ ! -f "$module" ]; then
  echo "swap_check: '$module' not found (configure the build with -DTVM_FFI_BUILD_TESTS=ON)" >&2
  exit 2
fi
module="$(cd "$(dirname "$module")" && pwd)/$(basename "$module")"

ensure_reference_venv
swap_venv="$TVM_FFI_VENV_DIR/swap"
ref_site="$("$TVM_FFI_REF_VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
if [ ! -x "$swap_venv/bin/python" ]; then
  echo "swap_check: creating $swap_venv from the reference venv's site-packages"
  python3 -m venv "$swap_venv"
  swap_site="$("$swap_venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
  cp -r "$ref_site"/. "$swap_site"/
  # numpy for the tensor checks; pytest because tvm_ffi.testing imports it.
  "$swap_venv/bin/pip" install -q numpy pytest
fi
swap_site="$("$swap_venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
target="$swap_site/tvm_ffi/lib/libtvm_ffi.so"
if cmp -s "$ref_site/tvm_ffi/lib/libtvm_ffi.so" "$our_lib"; then
  echo "swap_check: '$our_lib' is the reference library itself; nothing would be checked" >&2
  exit 2
fi
echo "swap_check: $our_lib -> $target"
cp "$our_lib" "$target"
cmp -s "$our_lib" "$target"

# Run outside the repository so that `import tvm_ffi` can only find the swapped wheel.
(cd "$swap_venv" && SWAP_CHECK_OUR_LIB="$our_lib" SWAP_CHECK_MODULE="$module" \
  "$swap_venv/bin/python" "$ROOT/ci/swap/swap_check.py")
