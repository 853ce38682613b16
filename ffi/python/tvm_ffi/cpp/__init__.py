# ffi/python/tvm_ffi/cpp/__init__.py: the JIT package, build C++/CUDA sources into loadable modules.
"""Compile C++ (and CUDA) sources at run time into a tvm-ffi module and load it.

:func:`load_inline` takes source strings, :func:`load` takes files; :func:`build_inline` and
:func:`build` stop after the build and return the library path. Builds use ``ninja`` when it is
available (on ``PATH`` or from the ``ninja`` Python package) and run the compiler directly
otherwise. Results are cached under ``$TVM_FFI_CACHE_DIR`` (default ``~/.cache/tvm-ffi``), one
directory per distinct build (a hash of sources, flags, compilers and the ABI version), and a
file lock in that directory keeps concurrent processes from building it at the same time.
"""

from __future__ import annotations

from ._build import BuildError
from ._jit import build, build_inline, load, load_inline

__all__ = ["BuildError", "build", "build_inline", "load", "load_inline"]
