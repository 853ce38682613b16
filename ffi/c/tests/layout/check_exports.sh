#!/usr/bin/env bash
# ffi/c/tests/layout/check_exports.sh: check the dynamic symbol table of libtvm_ffi.so against expected_exports.txt (SPEC: ABI-EXPORT-SET).
#
# Usage: check_exports.sh [--allow-std-weak] <libtvm_ffi.so> [expected_exports.txt]
#
# Fails (exit 1) when
#   - a name listed in expected_exports.txt is not exported (defined) by the library;
#   - the library exports a TVMFFI* name that is not in the list;
#   - the library exports anything else that is neither a C++ tvm::ffi symbol
#     (functions, vtables, typeinfo, guard variables, local statics, thunks)
#     nor a linker-defined symbol (_init, _fini, __bss_start, _edata, _end, ...).
#     This is the hidden-visibility check: internal helpers, bundled libraries
#     and std:: template instantiations must not leak.
# --allow-std-weak downgrades weak/unique (W, V, u) std:: instantiations to a
# warning; the reference wheel exports a few of those, so comparisons against
# it use this flag. Our own library is checked without it.
# SPEC: ABI-EXPORT-SET (SPEC.md: ABI-EXPORT-SET, ABI-C-LINKAGE, appendix A).
set -u

allow_std_weak=0
if [ "${1:-}" = "--allow-std-weak" ]; then
  allow_std_weak=1
  shift
fi
lib="${1:-}"
expected="${2:-$(dirname "$0")/expected_exports.txt}"
if [ -z "$lib" ] || [ ! -f "$lib" ]; then
  echo "usage: $0 [--allow-std-weak] <libtvm_ffi.so> [expected_exports.txt]" >&2
  exit 2
fi
if [ ! -f "$expected" ]; then
  echo "check_exports: missing expected list $expected" >&2
  exit 2
fi
NM="${NM:-nm}"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

if ! "$NM" -D --defined-only "$lib" > "$tmp/nm.txt"; then
  echo "check_exports: '$NM -D --defined-only $lib' failed" >&2
  exit 2
fi
# nm prints "<address> <kind> <name>"; keep "<kind> <name>".
awk 'NF >= 3 { print $2, $3 } NF == 2 { print $1, $2 }' "$tmp/nm.txt" | sort -u -k2 > "$tmp/all.txt"
grep -v '^[[:space:]]*#' "$expected" | grep -v '^[[:space:]]*$' | sort -u > "$tmp/expected.txt"
awk '$2 ~ /^TVMFFI/ { print $2 }' "$tmp/all.txt" | sort -u > "$tmp/actual.txt"

status=0
missing="$(comm -23 "$tmp/expected.txt" "$tmp/actual.txt")"
extra="$(comm -13 "$tmp/expected.txt" "$tmp/actual.txt")"
if [ -n "$missing" ]; then
  echo "FAIL missing exported TVMFFI symbols:"
  printf '  %s\n' $missing
  status=1
fi
if [ -n "$extra" ]; then
  echo "FAIL unexpected exported TVMFFI symbols:"
  printf '  %s\n' $extra
  status=1
fi

# Everything that is not TVMFFI*.
linker_re='^(_init|_fini|__bss_start|_edata|_end|__end__|_etext|__data_start|data_start|__dso_handle|_DYNAMIC|_GLOBAL_OFFSET_TABLE_|__TMC_END__|_IO_stdin_used)$'
# Mangled C++ names inside namespace tvm::ffi: plain/const functions and data
# (_ZN/_ZNK), vtable/typeinfo/typeinfo name/VTT (_ZTV/_ZTI/_ZTS/_ZTT), guard
# variables (_ZGV), local statics (_ZZ), thunks (_ZTh/_ZTv/_ZTc).
tvm_cxx_re='^_Z(TV|TI|TS|TT|GV|Th[^N]*|Tv[^N]*|Tc[^N]*)?Z?NK?3tvm3ffi'
std_re='^_Z(TV|TI|TS|TT|GV)?Z?N?K?(St|S[abiosd]|9__gnu_cxx)'
leaked=""
std_weak=""
while read -r kind name; do
  case "$name" in TVMFFI*) continue ;; esac
  if [[ "$name" =~ $linker_re ]] || [[ "$name" =~ $tvm_cxx_re ]]; then
    continue
  fi
  if [ "$allow_std_weak" = 1 ] && [[ "$kind" =~ ^[WVu]$ ]] && [[ "$name" =~ $std_re ]]; then
    std_weak="$std_weak $name"
    continue
  fi
  leaked="$leaked $name"
done < "$tmp/all.txt"

demangle() {
  if command -v c++filt > /dev/null 2>&1; then c++filt; else cat; fi
}
if [ -n "$std_weak" ]; then
  n="$(printf '%s\n' $std_weak | wc -l)"
  echo "warning: $n weak std:: template instantiations exported (allowed by --allow-std-weak):"
  printf '  %s\n' $std_weak | demangle
fi
if [ -n "$leaked" ]; then
  n="$(printf '%s\n' $leaked | wc -l)"
  echo "FAIL $n exported symbols are neither TVMFFI* nor tvm::ffi C++ nor linker symbols (hidden visibility):"
  printf '  %s\n' $leaked | demangle
  status=1
fi

n_tvmffi="$(wc -l < "$tmp/actual.txt")"
n_cxx="$(awk '{print $2}' "$tmp/all.txt" | grep -cE "$tvm_cxx_re" || true)"
if [ "$status" = 0 ]; then
  echo "exported_symbols: OK ($n_tvmffi TVMFFI* C symbols match $(wc -l < "$tmp/expected.txt") expected; $n_cxx tvm::ffi C++ symbols) in $lib"
else
  echo "exported_symbols: FAILED for $lib"
fi
exit $status
