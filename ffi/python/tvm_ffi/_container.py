# ffi/python/tvm_ffi/_container.py: tvm_ffi.Array, List, Map and Dict.
"""FFI containers (SPEC §13) as Python collections.

* :class:`Array` (``ffi.Array``) is an immutable :class:`~collections.abc.Sequence`.
* :class:`List` (``ffi.List``) is a :class:`~collections.abc.MutableSequence`, changed in place.
* :class:`Map` (``ffi.Map``) is an immutable :class:`~collections.abc.Mapping`.
* :class:`Dict` (``ffi.Dict``) is a :class:`~collections.abc.MutableMapping`, changed in place.

Containers returned by FFI calls come back as these classes, and Python ``list``/``tuple``/
``dict`` arguments become an Array or a Map on the way in. Reads (length, indexing, iteration)
use the native layout readers of ``tvm_ffi._core``; construction, lookup by key and mutation use
the runtime's ``ffi.*`` globals (SPEC CALL-GLOBAL-SOFT-ABI), fetched once here. Elements convert
to Python on access, so an element that is itself a container is an Array/List/Map/Dict again.

Equality follows the Python counterparts: an Array or List equals any Array, List, list or tuple
with equal elements, and a Map or Dict equals any mapping with equal items. Array and Map are
hashable by content (like ``tuple``/``frozenset``); List and Dict are mutable and unhashable.
"""

from __future__ import annotations

import operator
from collections.abc import (
    ItemsView,
    Iterable,
    Iterator,
    KeysView,
    Mapping,
    MutableMapping,
    MutableSequence,
    Sequence,
    ValuesView,
)

from ._base import core
from ._object import Object, register_object, repr_guarded, repr_value

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["Array", "Dict", "List", "Map"]


def _global(name: str) -> Any:  # noqa: ANN401
    func = core.get_global_func(name)
    if func is None:
        raise ImportError(f"tvm_ffi containers need the runtime global {name!r}")
    return func


_ARRAY_NEW = _global("ffi.Array")
_LIST_NEW = _global("ffi.List")
_LIST_SET = _global("ffi.ListSetItem")
_LIST_APPEND = _global("ffi.ListAppend")
_LIST_INSERT = _global("ffi.ListInsert")
_LIST_POP = _global("ffi.ListPop")
_LIST_ERASE = _global("ffi.ListErase")
_LIST_ERASE_RANGE = _global("ffi.ListEraseRange")
_LIST_REPLACE = _global("ffi.ListReplaceSlice")
_LIST_REVERSE = _global("ffi.ListReverse")
_LIST_CLEAR = _global("ffi.ListClear")
_MAP_NEW = _global("ffi.Map")
_MAP_GET = _global("ffi.MapGetItemOrMissing")
_MAP_COUNT = _global("ffi.MapCount")
_DICT_NEW = _global("ffi.Dict")
_DICT_GET = _global("ffi.DictGetItemOrMissing")
_DICT_COUNT = _global("ffi.DictCount")
_DICT_SET = _global("ffi.DictSetItem")
_DICT_ERASE = _global("ffi.DictErase")
_DICT_CLEAR = _global("ffi.DictClear")
#: What the *GetItemOrMissing globals return for an absent key.
_MISSING = _global("ffi.GetInvalidObject")()


def _elements(items: Iterable[Any], cls_name: str) -> tuple[Any, ...] | list[Any]:
    if type(items) is list or type(items) is tuple:  # the common case, without ABC checks
        return items  # type: ignore[return-value]
    if isinstance(items, (str, bytes)) or not isinstance(items, Iterable):
        raise TypeError(f"{cls_name}() expects an iterable of elements, got {type(items).__name__}")
    return tuple(items)


_PAIR = 2


def _flat_pairs(items: Mapping[Any, Any] | Iterable[Any], cls_name: str) -> list[Any]:
    """``[k0, v0, k1, v1, ...]`` from a mapping or an iterable of ``(key, value)`` pairs."""
    pairs = items.items() if isinstance(items, Mapping) else items
    if isinstance(pairs, (str, bytes)) or not isinstance(pairs, Iterable):
        raise TypeError(
            f"{cls_name}() expects a mapping or an iterable of (key, value) pairs, "
            f"got {type(items).__name__}"
        )
    flat: list[Any] = []
    for pair in pairs:
        if not isinstance(pair, (tuple, list)) or len(pair) != _PAIR:
            raise TypeError(f"{cls_name}() expects (key, value) pairs, got {pair!r}")
        flat += pair
    return flat


def _seq_equal(self: Array | List, other: object) -> bool | Any:  # noqa: ANN401
    if isinstance(other, Object) and self.same_as(other):
        return True
    if not isinstance(other, (Array, List, list, tuple)):
        return NotImplemented
    return core.seq_to_list(self) == list(other)


def _map_equal(self: Map | Dict, other: object) -> bool | Any:  # noqa: ANN401
    if isinstance(other, Object) and self.same_as(other):
        return True
    if not isinstance(other, Mapping):
        return NotImplemented
    return dict(core.map_entries(self, 2)) == dict(other.items())


def _normalize(index: int, size: int, what: str) -> int:
    """``index`` as a position in ``[0, size)`` (negative counts from the end), or IndexError."""
    if not isinstance(index, int):
        if not hasattr(type(index), "__index__"):
            raise TypeError(f"{what}: indices must be integers, not {type(index).__name__}")
        index = operator.index(index)
    position = index + size if index < 0 else index
    if not 0 <= position < size:
        raise IndexError(f"{what} index {index} is out of range for size {size}")
    return position


class _SequenceBase(Object):
    """Reads shared by Array and List."""

    __slots__ = ()
    __hash__ = None  # type: ignore[assignment] - Array defines its own

    def __len__(self) -> int:
        return core.seq_size(self)

    def __getitem__(self, index: int | slice) -> Any:  # noqa: ANN401
        if isinstance(index, slice):
            return core.seq_to_list(self)[index]
        return core.seq_getitem(self, index)

    def __iter__(self) -> Iterator[Any]:
        return iter(core.seq_to_list(self))

    def __reversed__(self) -> Iterator[Any]:
        return reversed(core.seq_to_list(self))

    def __contains__(self, value: object) -> bool:
        return value in core.seq_to_list(self)

    def __eq__(self, other: object) -> bool:
        return _seq_equal(self, other)  # type: ignore[arg-type]

    def __ne__(self, other: object) -> bool:
        equal = _seq_equal(self, other)  # type: ignore[arg-type]
        return equal if equal is NotImplemented else not equal

    def _repr_items(self) -> str:
        return ", ".join(repr_value(item) for item in core.seq_to_list(self))


@register_object("ffi.Array")
class Array(_SequenceBase, Sequence):
    """An immutable FFI sequence (``ffi.Array``).

    Parameters
    ----------
    items
        The elements; any iterable (not a ``str``/``bytes``). Python values convert as function
        arguments do, so a nested ``list`` becomes a nested Array.

    Examples
    --------
    >>> a = tvm_ffi.Array([1, "two", [3]])
    >>> a[-1], len(a), a == [1, "two", [3]]
    ((3,), 3, True)
    """

    __slots__ = ()

    def __init__(self, items: Iterable[Any] = ()) -> None:
        core.object_adopt(self, _ARRAY_NEW(*_elements(items, "Array")))

    def __hash__(self) -> int:
        return hash(tuple(core.seq_to_list(self)))

    def __repr__(self) -> str:
        if len(self) == 1:
            return repr_guarded(self, "(...)", lambda: f"({self._repr_items()},)")
        return repr_guarded(self, "(...)", lambda: f"({self._repr_items()})")

    def __reduce__(self) -> tuple[Any, ...]:
        return (Array, (core.seq_to_list(self),))


@register_object("ffi.List")
class List(_SequenceBase, MutableSequence):
    """A mutable FFI sequence (``ffi.List``); every change is visible to all holders.

    Parameters
    ----------
    items
        The initial elements; any iterable (not a ``str``/``bytes``).

    Examples
    --------
    >>> items = tvm_ffi.List([1, 2])
    >>> items.append(3); items[0] = 0; del items[1]
    >>> items
    [0, 3]
    """

    __slots__ = ()
    __hash__ = None  # type: ignore[assignment] - mutable, like list

    def __init__(self, items: Iterable[Any] = ()) -> None:
        core.object_adopt(self, _LIST_NEW(*_elements(items, "List")))

    def __setitem__(self, index: int | slice, value: Any) -> None:  # noqa: ANN401
        if not isinstance(index, slice):
            _LIST_SET(self, _normalize(index, len(self), "List assignment"), value)
            return
        start, stop, step = index.indices(len(self))
        values = _elements(value, "List slice assignment")
        if step == 1:
            _LIST_REPLACE(self, start, max(start, stop), Array(values))
            return
        positions = range(start, stop, step)
        if len(positions) != len(values):
            raise ValueError(
                f"attempt to assign a sequence of size {len(values)} "
                f"to an extended slice of size {len(positions)}"
            )
        for position, item in zip(positions, values):
            _LIST_SET(self, position, item)

    def __delitem__(self, index: int | slice) -> None:
        if not isinstance(index, slice):
            _LIST_ERASE(self, _normalize(index, len(self), "List deletion"))
            return
        positions = range(*index.indices(len(self)))
        if positions.step == 1:
            if len(positions) > 0:
                _LIST_ERASE_RANGE(self, positions.start, positions.stop)
            return
        for position in sorted(positions, reverse=True):
            _LIST_ERASE(self, position)

    def insert(self, index: int, value: Any) -> None:  # noqa: ANN401
        """Insert ``value`` before ``index`` (clamped to the ends, like ``list.insert``)."""
        size = len(self)
        index = operator.index(index)
        position = max(0, index + size) if index < 0 else min(index, size)
        _LIST_INSERT(self, position, value)

    def append(self, value: Any) -> None:  # noqa: ANN401
        """Add ``value`` at the end."""
        _LIST_APPEND(self, value)

    def extend(self, values: Iterable[Any]) -> None:
        """Add every element of ``values`` at the end."""
        items = _elements(values, "List.extend")
        size = len(self)
        _LIST_REPLACE(self, size, size, Array(items))

    def pop(self, index: int = -1) -> Any:  # noqa: ANN401
        """Remove and return the element at ``index`` (the last by default)."""
        size = len(self)
        if size == 0:
            raise IndexError("pop from an empty List")
        return _LIST_POP(self, _normalize(index, size, "List.pop"))

    def clear(self) -> None:
        """Remove every element."""
        _LIST_CLEAR(self)

    def reverse(self) -> None:
        """Reverse the elements in place."""
        _LIST_REVERSE(self)

    def __iadd__(self, values: Iterable[Any]) -> List:
        self.extend(values)
        return self

    def __repr__(self) -> str:
        return repr_guarded(self, "[...]", lambda: f"[{self._repr_items()}]")

    def __reduce__(self) -> tuple[Any, ...]:
        return (List, (core.seq_to_list(self),))


class _ValuesView(ValuesView):
    def __iter__(self) -> Iterator[Any]:
        return iter(core.map_entries(self._mapping, 1))


class _ItemsView(ItemsView):
    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        return iter(core.map_entries(self._mapping, 2))


class _MappingBase(Object):
    """Reads shared by Map and Dict; subclasses name their lookup globals."""

    __slots__ = ()
    __hash__ = None  # type: ignore[assignment] - Map defines its own
    _get: Any
    _count: Any

    def __len__(self) -> int:
        return core.map_size(self)

    def __getitem__(self, key: Any) -> Any:  # noqa: ANN401
        value = self._get(self, key)
        if isinstance(value, Object) and value.same_as(_MISSING):
            raise KeyError(key)
        return value

    def __contains__(self, key: object) -> bool:
        return self._count(self, key) != 0

    def __iter__(self) -> Iterator[Any]:
        return iter(core.map_entries(self, 0))

    def keys(self) -> KeysView[Any]:
        """Return a view of the keys, in iteration order."""
        return KeysView(self)  # type: ignore[arg-type]

    def values(self) -> ValuesView[Any]:
        """Return a view of the values, in iteration order."""
        return _ValuesView(self)  # type: ignore[arg-type]

    def items(self) -> ItemsView[Any, Any]:
        """Return a view of the ``(key, value)`` pairs, in iteration order."""
        return _ItemsView(self)  # type: ignore[arg-type]

    def __eq__(self, other: object) -> bool:
        return _map_equal(self, other)  # type: ignore[arg-type]

    def __ne__(self, other: object) -> bool:
        equal = _map_equal(self, other)  # type: ignore[arg-type]
        return equal if equal is NotImplemented else not equal

    def __repr__(self) -> str:
        def build() -> str:
            body = ", ".join(
                f"{repr_value(k)}: {repr_value(v)}" for k, v in core.map_entries(self, 2)
            )
            return "{" + body + "}"

        return repr_guarded(self, "{...}", build)


@register_object("ffi.Map")
class Map(_MappingBase, Mapping):
    """An immutable FFI mapping (``ffi.Map``).

    Parameters
    ----------
    items
        A mapping, or an iterable of ``(key, value)`` pairs; a repeated key keeps its last value.

    Examples
    --------
    >>> m = tvm_ffi.Map({"a": 1, "b": [2]})
    >>> m["b"], "a" in m, m.get("z", 0)
    ((2,), True, 0)
    """

    __slots__ = ()
    _get = _MAP_GET
    _count = _MAP_COUNT

    def __init__(self, items: Mapping[Any, Any] | Iterable[Any] = ()) -> None:
        core.object_adopt(self, _MAP_NEW(*_flat_pairs(items, "Map")))

    def __hash__(self) -> int:
        return hash(frozenset(core.map_entries(self, 2)))

    def __reduce__(self) -> tuple[Any, ...]:
        return (Map, (core.map_entries(self, 2),))


@register_object("ffi.Dict")
class Dict(_MappingBase, MutableMapping):
    """A mutable FFI mapping (``ffi.Dict``); every change is visible to all holders.

    Parameters
    ----------
    items
        A mapping, or an iterable of ``(key, value)`` pairs.

    Examples
    --------
    >>> d = tvm_ffi.Dict({"a": 1})
    >>> d["b"] = 2; del d["a"]
    >>> d
    {"b": 2}
    """

    __slots__ = ()
    __hash__ = None  # type: ignore[assignment] - mutable, like dict
    _get = _DICT_GET
    _count = _DICT_COUNT

    def __init__(self, items: Mapping[Any, Any] | Iterable[Any] = ()) -> None:
        core.object_adopt(self, _DICT_NEW(*_flat_pairs(items, "Dict")))

    def __setitem__(self, key: Any, value: Any) -> None:  # noqa: ANN401
        _DICT_SET(self, key, value)

    def __delitem__(self, key: Any) -> None:  # noqa: ANN401
        if key not in self:
            raise KeyError(key)
        _DICT_ERASE(self, key)

    def clear(self) -> None:
        """Remove every entry."""
        _DICT_CLEAR(self)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Dict, (core.map_entries(self, 2),))
