#!/usr/bin/env bash
# ffi/c/tests/layout/compare_dumps.sh: diff the layout tables two layout_check builds measure (ours vs the reference headers).
# Usage: compare_dumps.sh <layout_check built with our headers> <layout_check built with the reference headers>
set -eu
ours="$("$1" --dump)"
ref="$("$2" --dump)"
if [ "$ours" = "$ref" ]; then
  echo "layout tables equal: $(printf '%s\n' "$ours" | wc -l) entries (ours == reference headers)"
  exit 0
fi
echo "FAIL layout tables differ (< ours, > reference headers):"
diff <(printf '%s\n' "$ours") <(printf '%s\n' "$ref") || true
exit 1
