#!/usr/bin/env bash
# ci/seed_example.sh: reproduce the seed's exact gcc command for add_one_c.so on an installed package, then build and run the C host against it.
#
# Usage: ci/seed_example.sh
# Env:   TVM_FFI_CONFIG   path of the tvm-ffi-config to test (default: the one on PATH)
#        CC               C compiler (default gcc; the seed's command says gcc)
#        KEEP_WORKDIR=1   keep the temporary src/ + build/ directory
#
# The module is built with the seed's command verbatim, in a temporary
# directory holding src/add_one_c.c and build/:
#   gcc -shared -fPIC `tvm-ffi-config --cflags` src/add_one_c.c -o build/add_one_c.so \
#       `tvm-ffi-config --ldflags` `tvm-ffi-config --libs`
# The host (ffi/c/tests/seed/seed_host.c) is compiled with the same flags plus
# -Wall -Wextra -Werror -ldl, and checks y == x + 1 for DLTensor* and Tensor
# arguments and the ValueError "Expects a Tensor input" path.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SEED_DIR="$ROOT/ffi/c/tests/seed"
CC="${CC:-gcc}"

config="${TVM_FFI_CONFIG:-$(command -v tvm-ffi-config || true)}"
if [ -z "$config" ] || [ ! -x "$config" ]; then
  echo "seed_example: tvm-ffi-config not found (set TVM_FFI_CONFIG or put it on PATH)" >&2
  exit 2
fi
config="$(cd "$(dirname "$config")" && pwd)/$(basename "$config")"

work="$(mktemp -d "${TMPDIR:-/tmp}/tvm_ffi_seed.XXXXXX")"
if [ "${KEEP_WORKDIR:-0}" != 1 ]; then
  trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work/src" "$work/build" "$work/bin"
cp "$SEED_DIR/add_one_c.c" "$work/src/add_one_c.c"
# Make the literal name `tvm-ffi-config` in the seed command mean $config.
ln -s "$config" "$work/bin/tvm-ffi-config"
export PATH="$work/bin:$PATH"
cd "$work"

echo "seed_example: tvm-ffi-config = $config"
echo "  --cflags:  $(tvm-ffi-config --cflags)"
echo "  --ldflags: $(tvm-ffi-config --ldflags)"
echo "  --libs:    $(tvm-ffi-config --libs)"

# The seed's command, as written (gcc, or $CC when overridden).
set -x
"$CC" -shared -fPIC `tvm-ffi-config --cflags`  \
    src/add_one_c.c -o build/add_one_c.so    \
    `tvm-ffi-config --ldflags` `tvm-ffi-config --libs`
"$CC" -Wall -Wextra -Werror `tvm-ffi-config --cflags` "$SEED_DIR/seed_host.c" \
    -o build/seed_host `tvm-ffi-config --ldflags` `tvm-ffi-config --libs` -ldl
set +x

# --ldflags of some packages has no rpath; fall back to the package's libdir.
libdir="$(tvm-ffi-config --libdir 2> /dev/null || true)"
if [ -n "$libdir" ] && [ -d "$libdir" ]; then
  export LD_LIBRARY_PATH="$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi
echo "seed_example: host resolves $(ldd build/seed_host | awk '/libtvm_ffi/ {print $3}')"
./build/seed_host "$work/build/add_one_c.so"
