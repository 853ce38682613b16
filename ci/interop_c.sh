#!/usr/bin/env bash
# ci/interop_c.sh: C-level interop matrix: interop_module built with our / the reference headers, run by interop_host on our / the reference runtime.
#
# Usage: ci/interop_c.sh
# Env:   TVM_FFI_LIB       our libtvm_ffi.so (default: <repo>/build/lib/libtvm_ffi.so)
#        TVM_FFI_REF_VENV  venv holding apache-tvm-ffi==0.1.15.post2 (default /tmp/ref);
#                          created with pip when missing
#        CC                C compiler (default gcc)
#        KEEP_WORKDIR=1    keep the temporary build directory
#
# Builds ffi/c/tests/interop/interop_module.c twice (-Wall -Wextra -Werror,
# linked -ltvm_ffi without rpath) and interop_host.c once (our headers; it
# dlopens the runtime by path and dlsyms every TVMFFI* function), then runs:
#   module-ours/runtime-ours  module-ref/runtime-ours
#   module-ours/runtime-ref   module-ref/runtime-ref
# Exit status is nonzero when any combination has a failed check.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SRC="$ROOT/ffi/c/tests/interop"
CC="${CC:-gcc}"
CFLAGS=(-std=gnu11 -O1 -g -Wall -Wextra -Werror)

# --- our runtime ------------------------------------------------------------
our_lib="${TVM_FFI_LIB:-$ROOT/build/lib/libtvm_ffi.so}"
if [ ! -f "$our_lib" ]; then
  echo "interop_c: our runtime '$our_lib' not found (build it, or set TVM_FFI_LIB)" >&2
  exit 2
fi
our_lib="$(cd "$(dirname "$our_lib")" && pwd)/$(basename "$our_lib")"
our_inc="$ROOT/ffi/c/include"

# --- the reference runtime --------------------------------------------------
ref_venv="${TVM_FFI_REF_VENV:-/tmp/ref}"
if [ ! -x "$ref_venv/bin/tvm-ffi-config" ]; then
  echo "interop_c: creating reference venv $ref_venv"
  python3 -m venv "$ref_venv"
  "$ref_venv/bin/pip" install apache-tvm-ffi==0.1.15.post2
fi
ref_inc="$("$ref_venv/bin/tvm-ffi-config" --includedir)"
ref_lib="$("$ref_venv/bin/tvm-ffi-config" --libfiles)"
if [ ! -f "$ref_inc/tvm/ffi/c_api.h" ] || [ ! -f "$ref_lib" ]; then
  echo "interop_c: reference package in $ref_venv is incomplete ($ref_inc, $ref_lib)" >&2
  exit 2
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/tvm_ffi_interop.XXXXXX")"
if [ "${KEEP_WORKDIR:-0}" != 1 ]; then
  trap 'rm -rf "$work"' EXIT
fi

echo "interop_c: ours      $our_lib"
echo "interop_c: reference $ref_lib"
set -x
"$CC" "${CFLAGS[@]}" -shared -fPIC -I"$our_inc" "$SRC/interop_module.c" \
  -o "$work/interop_module_ours.so" -L"$(dirname "$our_lib")" -ltvm_ffi
"$CC" "${CFLAGS[@]}" -shared -fPIC -I"$ref_inc" "$SRC/interop_module.c" \
  -o "$work/interop_module_ref.so" -L"$(dirname "$ref_lib")" -ltvm_ffi
"$CC" "${CFLAGS[@]}" -I"$our_inc" "$SRC/interop_host.c" -o "$work/interop_host" -ldl -pthread
set +x

status=0
summary=""
for mod in ours ref; do
  for rt in ours ref; do
    if [ "$rt" = ours ]; then lib="$our_lib"; else lib="$ref_lib"; fi
    name="module-$mod/runtime-$rt"
    echo
    echo "=== $name"
    set +e
    out="$("$work/interop_host" "$lib" "$work/interop_module_$mod.so" 2>&1)"
    rc=$?
    set -e
    printf '%s\n' "$out"
    line="$(printf '%s\n' "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed$' | tail -1 || true)"
    [ -n "$line" ] || line="no summary (exit $rc)"
    if [ "$rc" != 0 ]; then
      status=1
      summary="$summary$(printf '  %-28s FAIL  %s' "$name" "$line")"$'\n'
    else
      summary="$summary$(printf '  %-28s ok    %s' "$name" "$line")"$'\n'
    fi
  done
done
echo
echo "interop_c summary:"
printf '%s' "$summary"
exit $status
