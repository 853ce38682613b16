# ffi/python/tvm_ffi/access_path.py: where a value sits inside a nested value.
"""Access paths: the location of a value inside a nested value.

An :class:`AccessPath` is an immutable list of :class:`AccessStep` from a root: an attribute
name, an array index or a map key, or the *missing* form of each, which names a place that
exists on one side of a comparison only. :func:`tvm_ffi.get_first_structural_mismatch` reports
its result as a pair of paths. Both types are defined by ``libtvm_ffi``
(``ffi.reflection.AccessStep`` and ``ffi.reflection.AccessPath``); a path prints as
``<root>.a[3]["k"]``, a missing step as ``[<missing:3>]``. This module is imported lazily, on
first access to ``tvm_ffi.access_path``.
"""

from __future__ import annotations

import enum
import math

from ._object import Object, _hooked_repr, register_object

__all__ = ["AccessKind", "AccessPath", "AccessStep"]


class AccessKind(enum.IntEnum):
    """The kind of an :class:`AccessStep`; the numbers are those of the C ABI."""

    ATTR = 0
    """An attribute, by name: ``.name``."""
    ARRAY_ITEM = 1
    """An array element, by index: ``[i]``."""
    MAP_ITEM = 2
    """A map value, by key: ``[key]``."""
    ATTR_MISSING = 3
    """An attribute the other side of a comparison has and this side lacks."""
    ARRAY_ITEM_MISSING = 4
    """An index past the end of this side's array."""
    MAP_ITEM_MISSING = 5
    """A key the other side's map has and this side's lacks."""


@register_object("ffi.reflection.AccessStep")
class AccessStep(Object):
    """One step of an :class:`AccessPath`.

    ``kind`` (an :class:`AccessKind`) says what the step selects and ``key`` holds the attribute
    name (``str``), the array index (``int``) or the map key. Both are read-only.
    """

    def __init__(self, *args: object, **kwargs: object) -> None:
        raise TypeError(
            "AccessStep cannot be constructed directly; build paths with AccessPath.root() "
            "and its attr(), array_item() and map_item() methods"
        )

    # The runtime's form (``ffi.reflection.AccessStep(kind=2, key="k")``), with the kind as the
    # number it is stored as rather than the enum the ``kind`` property returns.
    __repr__ = _hooked_repr


# The reflected field gives a plain int; expose the enum instead.
_STEP_KIND_FIELD = AccessStep.__dict__["kind"]


def _step_kind(self: AccessStep) -> AccessKind:
    """Return what the step selects, as an :class:`AccessKind`."""
    return AccessKind(_STEP_KIND_FIELD.__get__(self, AccessStep))


AccessStep.kind = property(_step_kind)  # type: ignore[assignment,method-assign]


def _key_hash(key: object) -> int:
    """Hash of a step key, consistent with the runtime's key equality (``AnyEqual``).

    Numbers, strings, bytes and ``None`` hash by value (NaN keys all alike, since equal NaN
    bits compare equal there); other objects compare by identity or by a type hook, so only
    their type is hashed.
    """
    if isinstance(key, float) and math.isnan(key):
        return 0
    if key is None or isinstance(key, (bool, int, float, str, bytes)):
        return hash(key)
    return hash(type(key))


@register_object("ffi.reflection.AccessPath")
class AccessPath(Object):
    """A path from a root value to a value inside it.

    Paths are immutable; the builder methods (:meth:`attr`, :meth:`array_item`...) return a new
    path one step longer, sharing this one as its parent. Two paths compare equal when they have
    the same steps (same kinds, equal keys). The read-only fields are ``parent`` (the path
    without its last step), ``step`` (the last :class:`AccessStep`), both ``None`` at the root,
    and ``depth`` (the number of steps).

    Examples
    --------
    >>> p = AccessPath.root().attr("a").array_item(3).map_item("k")
    >>> p
    <root>.a[3]["k"]
    >>> p.depth
    3
    """

    def __init__(self, *args: object, **kwargs: object) -> None:
        raise TypeError("AccessPath cannot be constructed directly; use AccessPath.root()")

    @staticmethod
    def root() -> AccessPath:
        """Return the empty path, ``<root>``.

        Returns
        -------
        AccessPath
            A path of depth 0.
        """
        return AccessPath._root()  # type: ignore[attr-defined, no-any-return]

    def extend(self, step: AccessStep) -> AccessPath:
        """Return this path followed by ``step``.

        Parameters
        ----------
        step : AccessStep
            The step to append, e.g. one taken from another path's :meth:`to_steps`.

        Returns
        -------
        AccessPath
            The longer path.

        Raises
        ------
        TypeError
            If ``step`` is not an :class:`AccessStep`.
        """
        return self._extend(step)  # type: ignore[attr-defined, no-any-return]

    def attr(self, name: str) -> AccessPath:
        """Return this path followed by attribute ``name`` (printed ``.name``).

        Parameters
        ----------
        name : str
            The attribute name.

        Returns
        -------
        AccessPath
            The longer path.

        Raises
        ------
        TypeError
            If ``name`` is not a string.
        """
        return self._attr(name)  # type: ignore[attr-defined, no-any-return]

    def array_item(self, index: int) -> AccessPath:
        """Return this path followed by array element ``index`` (printed ``[index]``).

        Parameters
        ----------
        index : int
            The element index.

        Returns
        -------
        AccessPath
            The longer path.

        Raises
        ------
        TypeError
            If ``index`` is not an integer.
        """
        return self._array_item(index)  # type: ignore[attr-defined, no-any-return]

    def map_item(self, key: object) -> AccessPath:
        """Return this path followed by the map value under ``key`` (printed ``[key]``).

        Parameters
        ----------
        key : object
            The map key; any FFI value.

        Returns
        -------
        AccessPath
            The longer path.
        """
        return self._map_item(key)  # type: ignore[attr-defined, no-any-return]

    def attr_missing(self, name: str) -> AccessPath:
        """Return this path followed by a missing attribute (printed ``[<missing:"name">]``).

        Parameters
        ----------
        name : str
            The attribute name that exists on the other side only.

        Returns
        -------
        AccessPath
            The longer path.

        Raises
        ------
        TypeError
            If ``name`` is not a string.
        """
        return self._attr_missing(name)  # type: ignore[attr-defined, no-any-return]

    def array_item_missing(self, index: int) -> AccessPath:
        """Return this path followed by a missing array element (printed ``[<missing:i>]``).

        Parameters
        ----------
        index : int
            The index that exists on the other side only.

        Returns
        -------
        AccessPath
            The longer path.

        Raises
        ------
        TypeError
            If ``index`` is not an integer.
        """
        return self._array_item_missing(index)  # type: ignore[attr-defined, no-any-return]

    def map_item_missing(self, key: object) -> AccessPath:
        """Return this path followed by a missing map key (printed ``[<missing:key>]``).

        Parameters
        ----------
        key : object
            The key that exists on the other side only.

        Returns
        -------
        AccessPath
            The longer path.
        """
        return self._map_item_missing(key)  # type: ignore[attr-defined, no-any-return]

    def is_prefix_of(self, other: AccessPath) -> bool:
        """Return whether this path is ``other`` or leads to it.

        Parameters
        ----------
        other : AccessPath
            The path to test.

        Returns
        -------
        bool
            True when the steps of this path begin the steps of ``other``.

        Raises
        ------
        TypeError
            If ``other`` is not an :class:`AccessPath`.
        """
        return bool(self._is_prefix_of(other))  # type: ignore[attr-defined]

    def to_steps(self) -> list[AccessStep]:
        """Return the steps from the root, first step first.

        Returns
        -------
        list of AccessStep
            ``depth`` steps; empty at the root.
        """
        return list(self._to_steps())  # type: ignore[attr-defined]

    def __eq__(self, other: object) -> bool:
        """Return whether ``other`` is a path with the same steps."""
        if not isinstance(other, AccessPath):
            return NotImplemented
        return bool(self._path_equal(other))  # type: ignore[attr-defined]

    def __ne__(self, other: object) -> bool:
        """Return whether ``other`` is not a path with the same steps."""
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __hash__(self) -> int:
        """Hash consistent with ``==``: of the depth and each step's kind and key."""
        steps = self._to_steps()  # type: ignore[attr-defined]
        return hash(tuple((int(step.kind), _key_hash(step.key)) for step in steps))
