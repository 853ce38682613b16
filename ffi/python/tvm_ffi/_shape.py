# ffi/python/tvm_ffi/_shape.py: tvm_ffi.Shape, a tuple of ints that converts to ffi.Shape.
"""Shapes (SPEC §8.2): a ``tuple`` subclass; passed to a Function it becomes an ``ffi.Shape``."""

from __future__ import annotations

import operator

from ._base import core

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import SupportsIndex

__all__ = ["Shape"]


class Shape(tuple):
    """An immutable sequence of extents.

    Parameters
    ----------
    dims
        The extents; each must support ``__index__``.
    """

    __slots__ = ()

    def __new__(cls, dims: Iterable[SupportsIndex] = ()) -> Shape:
        return super().__new__(cls, [operator.index(d) for d in dims])


core._set_hook("Shape", Shape)
