# ci/common.sh: shared settings for the ci/*.sh scripts (sourced, not run).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT
# Virtual environments and build trees live under build/ so a fresh clone is self-contained.
export TVM_FFI_VENV_DIR="${TVM_FFI_VENV_DIR:-$ROOT/build/venvs}"
export TVM_FFI_REF_VENV="${TVM_FFI_REF_VENV:-$TVM_FFI_VENV_DIR/ref}"
export PIP_DISABLE_PIP_VERSION_CHECK=1
JOBS="${JOBS:-$(nproc)}"

# Each step header shows the seconds since the first step of this shell, so a CI log tells
# where the time went (the whole run must stay well under its 25-minute budget).
TVM_FFI_CI_START="${TVM_FFI_CI_START:-$(date +%s)}"
export TVM_FFI_CI_START
step() { printf '\n==== %s ==== [+%ss]\n' "$*" "$(( $(date +%s) - TVM_FFI_CI_START ))"; }

# Installs Debian packages that are missing (CI runs as root on a fresh machine).
ensure_apt() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  if [ "${#missing[@]}" -gt 0 ]; then
    local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# Creates (once) the venv holding the reference wheel, used only for interop tests.
ensure_reference_venv() {
  if [ ! -x "$TVM_FFI_REF_VENV/bin/tvm-ffi-config" ]; then
    python3 -m venv "$TVM_FFI_REF_VENV"
    "$TVM_FFI_REF_VENV/bin/pip" install -q apache-tvm-ffi==0.1.15.post2
  fi
  TVM_FFI_REF_INCLUDE="$("$TVM_FFI_REF_VENV/bin/tvm-ffi-config" --includedir)"
  TVM_FFI_REF_LIBDIR="$("$TVM_FFI_REF_VENV/bin/tvm-ffi-config" --libdir)"
  export TVM_FFI_REF_INCLUDE TVM_FFI_REF_LIBDIR
}

# Creates (once) the venv that has our package installed from this tree.
ensure_package_venv() {
  local venv="$TVM_FFI_VENV_DIR/pkg"
  if [ ! -x "$venv/bin/python" ]; then python3 -m venv "$venv"; fi
  # numpy and torch (a local CPU wheel) let the tensor tests run instead of skipping.
  "$venv/bin/pip" install -q pytest numpy torch==2.13.0
  "$venv/bin/pip" install -q "$ROOT"
  export TVM_FFI_PKG_VENV="$venv"
}
