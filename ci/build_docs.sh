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

# autodoc (docs/python_api.md) imports tvm_ffi. Rather than installing the package into the docs
# venv, put the already-installed one of the package venv on PYTHONPATH through a directory that
# holds only a `tvm_ffi` link (its site-packages also has torch's jinja2 etc., which must not
# shadow Sphinx's). TVM_FFI_DOCS_PYTHONPATH overrides this with a ready path entry.
docs_pythonpath="${TVM_FFI_DOCS_PYTHONPATH:-}"
if [ -z "$docs_pythonpath" ]; then
  if [ -z "${TVM_FFI_PKG_VENV:-}" ]; then
    step "package venv for autodoc"
    ensure_package_venv
  fi
  pkg_dir="$("$TVM_FFI_PKG_VENV/bin/python" -c 'import os, tvm_ffi; print(os.path.dirname(tvm_ffi.__file__))')"
  if ! compgen -G "$pkg_dir/_core*.so" > /dev/null; then
    echo "build_docs: $pkg_dir has no _core extension (an editable install?);" \
      "set TVM_FFI_DOCS_PYTHONPATH to a path entry with an installed tvm_ffi" >&2
    exit 1
  fi
  docs_pythonpath="$ROOT/docs/_build/pypath"
  rm -rf "$docs_pythonpath"
  mkdir -p "$docs_pythonpath"
  ln -s "$pkg_dir" "$docs_pythonpath/tvm_ffi"
fi
echo "build_docs: autodoc imports tvm_ffi from $docs_pythonpath"

step "sphinx-build -W (docs/_build/html)"
PYTHONPATH="$docs_pythonpath${PYTHONPATH:+:$PYTHONPATH}" \
  "$venv/bin/sphinx-build" -W --keep-going -E -b html docs docs/_build/html "$@"
