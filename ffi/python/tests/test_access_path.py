# ffi/python/tests/test_access_path.py: tvm_ffi.access_path (ffi.reflection.AccessPath/Step).
"""Building, printing, comparing and taking apart access paths."""

from __future__ import annotations

import math

import pytest

import tvm_ffi
from tvm_ffi.access_path import AccessKind, AccessPath, AccessStep


def _abc() -> AccessPath:
    return AccessPath.root().attr("a").array_item(3).map_item("k")


def test_kind_values_match_the_abi() -> None:
    assert [int(k) for k in AccessKind] == [0, 1, 2, 3, 4, 5]
    assert [k.name for k in AccessKind] == [
        "ATTR",
        "ARRAY_ITEM",
        "MAP_ITEM",
        "ATTR_MISSING",
        "ARRAY_ITEM_MISSING",
        "MAP_ITEM_MISSING",
    ]


def test_root() -> None:
    root = AccessPath.root()
    assert isinstance(root, AccessPath)
    assert repr(root) == "<root>"
    assert root.depth == 0
    assert root.parent is None
    assert root.step is None
    assert root.to_steps() == []


def test_builders_and_repr() -> None:
    path = _abc()
    assert repr(path) == '<root>.a[3]["k"]'
    assert str(path) == '<root>.a[3]["k"]'
    assert path.depth == 3
    assert isinstance(path.step, AccessStep)
    assert path.step.key == "k"
    assert path.step.kind == AccessKind.MAP_ITEM
    assert isinstance(path.step.kind, AccessKind)
    assert isinstance(path.parent, AccessPath)
    assert repr(path.parent) == "<root>.a[3]"
    assert path.parent.depth == 2
    assert repr(path.parent.parent.parent) == "<root>"
    assert path.parent.parent.parent.parent is None


def test_to_steps() -> None:
    steps = _abc().to_steps()
    assert isinstance(steps, list)
    assert len(steps) == 3
    assert all(isinstance(step, AccessStep) for step in steps)
    assert [(step.kind, step.key) for step in steps] == [
        (AccessKind.ATTR, "a"),
        (AccessKind.ARRAY_ITEM, 3),
        (AccessKind.MAP_ITEM, "k"),
    ]


def test_step_repr() -> None:
    step = _abc().step
    assert repr(step).startswith("ffi.reflection.AccessStep(")
    assert '"k"' in repr(step)


def test_missing_steps() -> None:
    root = AccessPath.root()
    assert repr(root.attr_missing("a")) == '<root>[<missing:"a">]'
    assert repr(root.array_item_missing(3)) == "<root>[<missing:3>]"
    assert repr(root.map_item_missing("k")) == '<root>[<missing:"k">]'
    assert root.attr_missing("a").step.kind == AccessKind.ATTR_MISSING
    assert root.array_item_missing(3).step.kind == AccessKind.ARRAY_ITEM_MISSING
    assert root.map_item_missing("k").step.kind == AccessKind.MAP_ITEM_MISSING
    assert root.array_item_missing(3).step.key == 3


def test_map_item_keys_of_any_type() -> None:
    root = AccessPath.root()
    assert repr(root.map_item(None)) == "<root>[None]"
    assert repr(root.map_item(1)) == "<root>[1]"
    assert root.map_item(None).step.key is None
    assert root.map_item(2.5).step.key == 2.5


def test_extend_appends_a_step() -> None:
    steps = _abc().to_steps()
    path = AccessPath.root()
    for step in steps:
        path = path.extend(step)
    assert path == _abc()
    assert repr(path) == '<root>.a[3]["k"]'


def test_paths_share_their_prefix_and_are_immutable() -> None:
    base = AccessPath.root().attr("a")
    left = base.array_item(0)
    right = base.array_item(1)
    assert repr(base) == "<root>.a"
    assert repr(left) == "<root>.a[0]"
    assert repr(right) == "<root>.a[1]"
    with pytest.raises(AttributeError):
        base.depth = 5  # type: ignore[misc]


def test_equality_is_by_steps() -> None:
    root = AccessPath.root()
    assert root.attr("a") == root.attr("a")
    assert not (root.attr("a") != root.attr("a"))
    assert _abc() == _abc()
    assert AccessPath.root() == AccessPath.root()
    assert root.attr("a") != root.attr("b")
    assert root.attr("a") != root.attr_missing("a")
    assert root.array_item(1) != root.map_item(1)
    assert root.map_item(1) != root.map_item(1.0)
    assert root.map_item(1) != root.map_item(True)
    assert root.attr("a") != root.attr("a").attr("b")
    assert root.attr("a") != "<root>.a"
    assert root != None  # noqa: E711 - comparing with None must not raise


def test_hash_is_consistent_with_equality() -> None:
    root = AccessPath.root()
    assert hash(_abc()) == hash(_abc())
    assert hash(root.map_item(math.nan)) == hash(root.map_item(math.nan))
    paths = {_abc(), _abc(), root, AccessPath.root(), root.attr("a")}
    assert len(paths) == 3
    assert {_abc(): 1}[_abc()] == 1


def test_is_prefix_of() -> None:
    path = _abc()
    root = AccessPath.root()
    assert root.is_prefix_of(path)
    assert root.attr("a").is_prefix_of(path)
    assert path.parent.is_prefix_of(path)
    assert path.is_prefix_of(path)
    assert path.is_prefix_of(_abc())
    assert not path.is_prefix_of(path.parent)
    assert not root.attr("b").is_prefix_of(path)
    assert not root.attr("a").array_item(4).is_prefix_of(path)


def test_cannot_be_constructed_directly() -> None:
    with pytest.raises(TypeError, match="root"):
        AccessPath()
    with pytest.raises(TypeError):
        AccessStep()


def test_bad_arguments() -> None:
    root = AccessPath.root()
    with pytest.raises(TypeError):
        root.attr(1)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        root.array_item("x")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        root.is_prefix_of(1)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        root.extend(root)  # type: ignore[arg-type]


def test_lazy_submodule() -> None:
    assert tvm_ffi.access_path.AccessPath is AccessPath
    assert "access_path" in tvm_ffi.__all__
