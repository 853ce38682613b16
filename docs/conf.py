"""docs/conf.py: Sphinx configuration for the tvm-ffi documentation site."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
C_API = ROOT / "ffi" / "c" / "include" / "tvm" / "ffi" / "c_api.h"


def _abi_version() -> str:
    """Read the ABI version from the TVM_FFI_VERSION_* macros, its single source."""
    text = C_API.read_text(encoding="utf-8")
    parts = [
        re.search(rf"#define TVM_FFI_VERSION_{name} (\d+)", text).group(1)
        for name in ("MAJOR", "MINOR", "PATCH")
    ]
    return ".".join(parts)


project = "tvm-ffi"
author = "tvm-ffi contributors"
copyright = "tvm-ffi contributors"  # Sphinx setting name (shadows the builtin on purpose)
release = _abi_version()
version = release

# Keep the extension list minimal so that `sphinx-build -W` stays reliable. autodoc documents the
# Python package (docs/python_api.md), which must be importable: ci/build_docs.sh puts an installed
# tvm_ffi on the path; napoleon reads its numpy-style docstrings.
extensions = ["myst_parser", "sphinx.ext.autodoc", "sphinx.ext.napoleon"]
napoleon_google_docstring = False
napoleon_numpy_docstring = True
autodoc_member_order = "bysource"
autodoc_typehints = "description"
# Type-hint targets (typing aliases, third-party types) have no pages here; don't warn on them.
nitpicky = False
source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "requirements.txt"]

myst_heading_anchors = 3

html_theme = "furo"
html_title = f"tvm-ffi {release}"
html_static_path: list[str] = []
