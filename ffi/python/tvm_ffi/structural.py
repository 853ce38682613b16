# ffi/python/tvm_ffi/structural.py: structural equality and hashing of FFI values.
"""Structural equality and hashing of FFI values (see ``docs/structural.md``).

Two values are structurally equal when they have the same shape and contents, compared the way
each object type declares (its *structural kind*: tree node, free variable, DAG node, const
tree node or unique instance). The functions call globals of ``libtvm_ffi``:
``ffi.StructuralEqual``, ``ffi.StructuralHash``, ``ffi.GetFirstStructuralMismatch``,
``ffi.StructuralKey`` and ``ffi.StructuralKeyEqual``. This module is imported lazily, on first
access to ``tvm_ffi.structural`` or to one of the names it exports from ``tvm_ffi``.
"""

from __future__ import annotations

from ._base import core
from ._function import get_global_func
from ._object import Object, register_object
from .access_path import AccessPath

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = [
    "StructuralKey",
    "get_first_structural_mismatch",
    "structural_equal",
    "structural_hash",
]

#: Global function name -> the Function, filled on first use.
_FUNCS: dict[str, Any] = {}


def _func(name: str) -> Any:  # noqa: ANN401 - an FFI Function
    func = _FUNCS.get(name)
    if func is None:
        func = _FUNCS[name] = get_global_func(name)
    return func


def structural_equal(
    lhs: object, rhs: object, map_free_vars: bool = False, skip_tensor_content: bool = False
) -> bool:
    """Return whether two values are structurally equal.

    Parameters
    ----------
    lhs : object
        The left-hand value: any FFI value (Python values convert as for a function call).
    rhs : object
        The right-hand value.
    map_free_vars : bool, optional
        Let free variables that are not yet bound to each other match (and bind) each other,
        instead of being equal only to themselves.
    skip_tensor_content : bool, optional
        Compare tensors by dtype and shape only, not by their data.

    Returns
    -------
    bool
        True when the values are structurally equal.

    Raises
    ------
    TypeError
        If a compared object's type declares no structural kind (e.g. a function or an opaque
        Python object), or an option is not a ``bool``.
    ValueError
        If the values are nested deeper than 1000 levels.

    Examples
    --------
    >>> structural_equal([1, {"a": 2}], [1, {"a": 2}])
    True
    >>> structural_equal(1, 1.0)
    False

    """
    return bool(_func("ffi.StructuralEqual")(lhs, rhs, map_free_vars, skip_tensor_content))


def structural_hash(
    value: object, map_free_vars: bool = False, skip_tensor_content: bool = False
) -> int:
    """Return the structural hash of a value.

    Structurally equal values (with the same options) have the same hash within one process.
    The numbers differ from the reference runtime's and may change between releases: do not
    store them.

    Parameters
    ----------
    value : object
        Any FFI value (Python values convert as for a function call).
    map_free_vars : bool, optional
        Hash free variables by their order of first appearance rather than by identity, to
        match :func:`structural_equal` with ``map_free_vars=True``.
    skip_tensor_content : bool, optional
        Hash tensors by dtype and shape only, not by their data.

    Returns
    -------
    int
        A signed 64-bit hash.

    Raises
    ------
    TypeError
        If an object's type declares no structural kind, or an option is not a ``bool``.
    ValueError
        If the value is nested deeper than 1000 levels.

    """
    return int(_func("ffi.StructuralHash")(value, map_free_vars, skip_tensor_content))


def get_first_structural_mismatch(
    lhs: object, rhs: object, map_free_vars: bool = False, skip_tensor_content: bool = False
) -> tuple[AccessPath, AccessPath] | None:
    """Return where two values first differ structurally, or ``None`` when they are equal.

    Parameters
    ----------
    lhs : object
        The left-hand value.
    rhs : object
        The right-hand value.
    map_free_vars : bool, optional
        As for :func:`structural_equal`.
    skip_tensor_content : bool, optional
        As for :func:`structural_equal`.

    Returns
    -------
    tuple of (AccessPath, AccessPath) or None
        The paths of the first mismatch in ``lhs`` and in ``rhs``. A place that exists on one
        side only is a *missing* step on the other side, e.g. ``<root>[<missing:2>]`` for an
        array that is one element shorter.

    Raises
    ------
    TypeError
        If a compared object's type declares no structural kind, or an option is not a
        ``bool``.
    ValueError
        If the values are nested deeper than 1000 levels.

    Examples
    --------
    >>> get_first_structural_mismatch([1, 2], [1, 3])
    (<root>[1], <root>[1])
    >>> get_first_structural_mismatch({"a": 1}, {"a": 1}) is None
    True

    """
    result = _func("ffi.GetFirstStructuralMismatch")(lhs, rhs, map_free_vars, skip_tensor_content)
    if result is None:
        return None
    lhs_path, rhs_path = result
    return (lhs_path, rhs_path)


@register_object("ffi.StructuralKey")
class StructuralKey(Object):
    """A value wrapped to compare and hash structurally, e.g. to use as a ``dict`` key.

    ``StructuralKey(a) == StructuralKey(b)`` when ``structural_equal(a, b)``, and the hash is
    the structural hash of the value, computed once when the key is made. The read-only fields
    ``key`` and ``hash_i64`` hold the value and its structural hash.

    Parameters
    ----------
    key : object
        The wrapped value.

    Raises
    ------
    TypeError
        If the value contains an object whose type declares no structural kind.

    Examples
    --------
    >>> cache = {StructuralKey([1, 2]): "x"}
    >>> cache[StructuralKey([1, 2])]
    'x'

    """

    def __init__(self, key: object) -> None:
        core.object_adopt(self, _func("ffi.StructuralKey")(key))

    def __hash__(self) -> int:
        """Return the structural hash of the wrapped value."""
        return hash(self.hash_i64)  # type: ignore[attr-defined]

    def __eq__(self, other: object) -> bool:
        """Return whether ``other`` is a key over a structurally equal value."""
        if not isinstance(other, StructuralKey):
            return NotImplemented
        return bool(_func("ffi.StructuralKeyEqual")(self, other))

    def __ne__(self, other: object) -> bool:
        """Return whether ``other`` is not a key over a structurally equal value."""
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal
