# ffi/python/tvm_ffi/__init__.py: package entry point; stays thin so that importing it is cheap.
"""Python package of tvm-ffi, an implementation of the TVM FFI stable C ABI.

The package ships ``libtvm_ffi`` (in ``lib/``), its headers (in ``include/``) and a CMake package
(in ``lib/cmake/tvm_ffi``); :mod:`tvm_ffi.libinfo` finds them and :mod:`tvm_ffi.config` is the
``tvm-ffi-config`` command line tool.

Importing this package loads nothing native and imports nothing third-party (in particular
neither torch nor numpy); it imports only :mod:`tvm_ffi._version`, so that it stays within the
30 ms import budget even on interpreters whose startup preloads nothing. :mod:`tvm_ffi.libinfo`
and :mod:`tvm_ffi.config` are imported on first attribute access. The runtime library is loaded
on first use of :func:`load_lib`, with ``RTLD_GLOBAL`` so that extensions and JIT-compiled
modules loaded later resolve ``TVMFFI*`` symbols against the same copy.
"""

from __future__ import annotations

import _thread  # builtin, unlike `threading`, so the lock below costs no import time

from ._version import __abi_version__, __version__

# Same meaning as typing.TYPE_CHECKING (type checkers recognise the name) without importing
# `typing` at run time.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import ctypes

    from . import config, libinfo

# The native extension module (pybind11) arrives in a later change. It links against
# libtvm_ffi, so it is imported after load_lib(); `python -m tvm_ffi.config` must keep working
# without importing it, so it stays out of that path.

__all__ = ["__abi_version__", "__version__", "config", "libinfo", "load_lib"]

_LAZY_SUBMODULES = frozenset({"config", "libinfo"})
_LIB: ctypes.CDLL | None = None
_LIB_LOCK = _thread.allocate_lock()


def load_lib() -> ctypes.CDLL:
    """Load ``libtvm_ffi`` once, globally, and return its handle.

    Returns
    -------
    ctypes.CDLL
        The library, loaded with ``RTLD_GLOBAL``; later calls return the same object.

    Raises
    ------
    RuntimeError
        If the library cannot be found (see :func:`tvm_ffi.libinfo.find_libtvm_ffi`).
    OSError
        If the dynamic loader rejects the file.
    """
    global _LIB  # noqa: PLW0603 - a process-wide cache is the point of this function
    if _LIB is None:
        with _LIB_LOCK:
            if _LIB is None:
                from . import libinfo  # noqa: PLC0415 - deferred to keep the import cheap

                _LIB = libinfo.load_lib_ctypes()
    return _LIB


def __getattr__(name: str) -> object:
    """Import :mod:`tvm_ffi.libinfo` and :mod:`tvm_ffi.config` on first access (PEP 562)."""
    if name in _LAZY_SUBMODULES:
        import importlib  # noqa: PLC0415 - only on first access

        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
