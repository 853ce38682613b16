#!/usr/bin/env bash
# ci/build_docs.sh: builds the Sphinx site into docs/_build/html, treating every warning as an error.
# The tools come from docs/requirements.txt, installed into $TVM_FFI_VENV_DIR/docs (re-created when
# the requirements change). -E rereads every page so that no warning hides behind an incremental
# build. Extra arguments go to sphinx-build.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

venv="$TVM_FFI_VENV_DIR/docs"
stamp="$venv/.requirements.txt"
if [ ! -x "$venv/bin/sphinx-build" ] || ! cmp -s docs/requirements.txt "$stamp"; then
  step "docs venv ($venv)"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q -r docs/requirements.txt
  cp docs/requirements.txt "$stamp"
fi

step "sphinx-build -W (docs/_build/html)"
"$venv/bin/sphinx-build" -W --keep-going -E -b html docs docs/_build/html "$@"
