# ffi/python/tvm_ffi/_convert.py: conversions the native core delegates to Python.
"""Fallback conversions for argument types the native core does not know.

The core asks :func:`_convert_fallback` once per value of an unknown type; a type it declines is
remembered and passed as a Function (callables) or as an opaque Python object. Nothing here
imports torch or numpy: their types are recognized by module name, and only the value's own
module (already imported, since the value exists) is touched.
"""

from __future__ import annotations

import operator

from ._base import core

TYPE_CHECKING = False
if TYPE_CHECKING:
    import ctypes

__all__: list[str] = []


def _is_torch_dtype(cls: type) -> bool:
    return cls.__module__ == "torch" and cls.__name__ == "dtype"


def _is_numpy_dtype(cls: type) -> bool:
    return cls.__module__.startswith("numpy") and (
        cls.__name__ == "dtype" or cls.__name__.endswith("DType")
    )


def _convert_fallback(value: object) -> object:
    """Return an FFI-convertible replacement for ``value``, or ``NotImplemented``."""
    cls = type(value)
    if _is_torch_dtype(cls) or _is_numpy_dtype(cls):
        from ._dtype import dtype  # noqa: PLC0415 - imported on first dtype argument

        return dtype(value)
    if cls.__module__ == "numpy":
        # numpy scalars: integers and booleans have __index__, floats have __float__.
        kind = getattr(getattr(value, "dtype", None), "kind", None)
        if kind == "b":
            return bool(value)
        if kind in ("i", "u"):
            return operator.index(value)  # type: ignore[arg-type]
        if kind == "f":
            return float(value)  # type: ignore[arg-type]
    return NotImplemented


def _opaque_ptr(address: int) -> ctypes.c_void_p:
    """Return an OpaquePtr result as ``ctypes.c_void_p`` (as the reference does)."""
    import ctypes  # noqa: PLC0415 - only when a pointer comes back

    return ctypes.c_void_p(address)


core._set_hook("convert_fallback", _convert_fallback)
core._set_hook("opaque_ptr", _opaque_ptr)
