# ffi/python/tvm_ffi/_convert.py: conversions the native core delegates to Python.
"""Explicit conversion to FFI values, and fallbacks for argument types the core does not know.

:func:`convert` turns a Python value into the FFI value a call would pass (a list into an
:class:`~tvm_ffi.Array`, a callable into a :class:`~tvm_ffi.Function`...), and
:func:`convert_func` wraps a callable with control over how tensors reach it.

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
    from collections.abc import Callable
    from typing import Any

__all__ = ["convert", "convert_func"]


def convert(value: object) -> object:
    """Convert a Python value to the FFI value a call would pass for it.

    ``str`` and ``bytes`` become :class:`~tvm_ffi.String` and :class:`~tvm_ffi.Bytes`; lists
    and tuples an :class:`~tvm_ffi.Array`; dicts a :class:`~tvm_ffi.Map`; callables a
    :class:`~tvm_ffi.Function`; DLPack producers a :class:`~tvm_ffi.Tensor`. FFI objects, ints,
    floats, bools, ``None``, :class:`~tvm_ffi.dtype` and :class:`~tvm_ffi.Device` come back
    unchanged, and so does any other object (a call passes it as an opaque object, which
    converts back to the object itself).

    Raises
    ------
    TypeError
        If the value cannot be converted (for example an ``obj._move()`` reference).
    """
    if type(value) in (str, bytes, bytearray):
        from ._string import Bytes, String  # noqa: PLC0415 - a tiny module, loaded on first use

        return String(value) if type(value) is str else Bytes(value)
    return core.convert(value)


def convert_func(pyfunc: Callable[..., Any], tensor_cls: type | None = None) -> core.Function:
    """Wrap a Python callable as a :class:`~tvm_ffi.Function`.

    Parameters
    ----------
    pyfunc
        The callable.
    tensor_cls
        If given, a tensor class with ``__dlpack_c_exchange_api__`` (``torch.Tensor``): tensor
        arguments reach ``pyfunc`` as instances of it, converted in C, instead of as
        :class:`~tvm_ffi.Tensor`.

    Raises
    ------
    TypeError
        If ``pyfunc`` is not callable, or ``tensor_cls`` has no DLPack exchange API.
    """
    return core.convert_func(pyfunc, tensor_cls)


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
