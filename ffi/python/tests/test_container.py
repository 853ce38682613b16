# ffi/python/tests/test_container.py: tests of tvm_ffi.Array, List, Map and Dict.
"""Construction, the Sequence/Mapping protocols, mutation, equality, repr and bad input."""

from __future__ import annotations

import pickle
from collections.abc import Mapping, MutableMapping, MutableSequence, Sequence

import pytest

import tvm_ffi
from tvm_ffi import Array, Dict, List, Map


@pytest.fixture(scope="module")
def echo(core: object) -> object:
    """Return the C function that returns its argument (values cross the boundary both ways)."""
    return core._testing_echo


# --- Array -----------------------------------------------------------------------------------
def test_array_construction_and_reads() -> None:
    # SPEC: ARRAY-LAYOUT
    a = Array([1, "two", 3.5, None, True])
    assert isinstance(a, Sequence)
    assert isinstance(a, tvm_ffi.Object)
    assert a._type_key == "ffi.Array"
    assert len(a) == 5
    assert a[0] == 1
    assert a[1] == "two"
    assert a[-1] is True
    assert a[-5] == 1
    assert a[3] is None
    assert list(a) == [1, "two", 3.5, None, True]
    assert list(reversed(a)) == [True, None, 3.5, "two", 1]
    assert a[1:3] == ["two", 3.5]
    assert a[::-2] == [True, 3.5, 1]
    assert "two" in a
    assert 7 not in a
    assert a.index(3.5) == 2
    assert a.count(1) == 2  # True == 1, as in a Python list
    assert len(Array()) == 0


def test_array_from_any_iterable() -> None:
    assert Array(range(3)) == [0, 1, 2]
    assert Array(x for x in "ab") == ["a", "b"]
    assert Array((1, 2)) == (1, 2)


def test_array_nested_containers_come_back_as_containers() -> None:
    a = Array([[1, 2], {"k": [3]}, (4,)])
    assert type(a[0]) is Array
    assert type(a[1]) is Map
    assert type(a[1]["k"]) is Array
    assert a == [[1, 2], {"k": [3]}, [4]]


def test_array_index_errors() -> None:
    a = Array([1, 2, 3])
    with pytest.raises(IndexError, match="index 3 is out of range"):
        a[3]
    with pytest.raises(IndexError, match="index -4"):
        a[-4]
    with pytest.raises(IndexError):
        Array()[0]
    with pytest.raises(TypeError, match="indices must be integers or slices, not str"):
        a["x"]  # type: ignore[index]
    with pytest.raises(IndexError):
        a[2**70]


def test_array_rejects_non_iterables() -> None:
    with pytest.raises(TypeError, match=r"Array\(\) expects an iterable.*int"):
        Array(5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"Array\(\) expects an iterable.*str"):
        Array("abc")  # type: ignore[arg-type]


def test_array_is_immutable() -> None:
    a = Array([1])
    with pytest.raises(TypeError):
        a[0] = 2  # type: ignore[index]
    assert not hasattr(a, "append")


def test_array_equality_and_hash() -> None:
    a = Array([1, "x", [2]])
    assert a == [1, "x", [2]]
    assert a == (1, "x", (2,))
    assert [1, "x", [2]] == a
    assert a == Array([1, "x", [2]])
    assert a == List([1, "x", [2]])
    assert a != [1, "x"]
    assert a != [1, "x", [3]]
    assert a != "not a sequence"
    assert (a == 5) is False
    assert hash(a) == hash(Array([1, "x", [2]]))
    assert {a: 1}[Array([1, "x", [2]])] == 1
    with pytest.raises(TypeError):
        hash(Array([List([1])]))  # an element is unhashable, as in a tuple


def test_array_repr() -> None:
    assert repr(Array([1, "a", None])) == '(1, "a", None)'
    assert repr(Array([1])) == "(1,)"
    assert repr(Array()) == "()"
    assert repr(Array([[1], {"k": 'q"'}])) == '((1,), {"k": "q\\""})'


def test_array_round_trips_through_ffi(echo: object) -> None:
    a = Array([1, 2])
    back = echo(a)
    assert type(back) is Array
    assert back.same_as(a)
    assert type(echo([1, 2])) is Array
    assert type(echo((1, 2))) is Array
    assert echo([1, [2, "x"]]) == [1, [2, "x"]]


def test_array_pickle() -> None:
    a = Array([1, "x", [2]])
    b = pickle.loads(pickle.dumps(a))
    assert type(b) is Array
    assert b == a
    assert not b.same_as(a)


# --- List ------------------------------------------------------------------------------------
def test_list_reads_and_protocol() -> None:
    # SPEC: LIST-LAYOUT
    items = List([1, 2, 3])
    assert isinstance(items, MutableSequence)
    assert items._type_key == "ffi.List"
    assert len(items) == 3
    assert items[-1] == 3
    assert items[:2] == [1, 2]
    assert 2 in items
    assert list(items) == [1, 2, 3]


def test_list_mutation_is_shared(echo: object) -> None:
    items = List([1])
    alias = echo(items)
    assert type(alias) is List
    items.append(2)
    assert alias == [1, 2]


def test_list_append_insert_pop() -> None:
    items = List()
    items.append("a")
    items.insert(0, "b")
    items.insert(-1, "c")
    items.insert(100, "d")
    items.insert(-100, "e")
    assert items == ["e", "b", "c", "a", "d"]
    assert items.pop() == "d"
    assert items.pop(0) == "e"
    assert items.pop(-2) == "c"
    assert items == ["b", "a"]


def test_list_pop_errors() -> None:
    with pytest.raises(IndexError, match="empty"):
        List().pop()
    with pytest.raises(IndexError, match=r"List\.pop index 5"):
        List([1]).pop(5)
    with pytest.raises(TypeError):
        List([1]).pop("0")  # type: ignore[arg-type]


def test_list_setitem_and_delitem() -> None:
    items = List([0, 1, 2, 3, 4])
    items[0] = "a"
    items[-1] = "e"
    assert items == ["a", 1, 2, 3, "e"]
    del items[1]
    del items[-1]
    assert items == ["a", 2, 3]
    with pytest.raises(IndexError, match="assignment index 3"):
        items[3] = 0
    with pytest.raises(IndexError, match="deletion index -4"):
        del items[-4]
    with pytest.raises(TypeError):
        items["x"] = 0  # type: ignore[index]


def test_list_slices() -> None:
    items = List(range(6))
    items[1:3] = ["a", "b", "c"]
    assert items == [0, "a", "b", "c", 3, 4, 5]
    items[0:0] = [-1]
    assert items[0] == -1
    items[::2] = [10, 11, 12, 13]
    assert items == [10, 0, 11, "b", 12, 3, 13, 5]
    del items[::2]
    assert items == [0, "b", 3, 5]
    del items[1:3]
    assert items == [0, 5]
    del items[5:9]  # empty slice: nothing changes
    items[5:1] = ["end"]  # an empty range inserts at its start, like list
    assert items == [0, 5, "end"]
    with pytest.raises(ValueError, match="extended slice of size 2"):
        items[::2] = [1, 2, 3]
    with pytest.raises(TypeError, match="expects an iterable"):
        items[0:1] = 5  # type: ignore[assignment]


def test_list_extend_clear_reverse_remove() -> None:
    items = List([1])
    items.extend([2, 3])
    items.extend(List([4]))
    items += (5,)
    assert items == [1, 2, 3, 4, 5]
    items.reverse()
    assert items == [5, 4, 3, 2, 1]
    items.remove(3)
    assert items == [5, 4, 2, 1]
    with pytest.raises(ValueError):
        items.remove(42)
    items.clear()
    assert len(items) == 0
    with pytest.raises(TypeError, match=r"List\.extend"):
        items.extend(3)  # type: ignore[arg-type]


def test_list_is_unhashable_and_compares_by_content() -> None:
    items = List([1, 2])
    with pytest.raises(TypeError):
        hash(items)
    assert items == [1, 2]
    assert items == Array([1, 2])
    assert items != [2, 1]


def test_list_repr_and_pickle() -> None:
    items = List([1, "a"])
    assert repr(items) == '[1, "a"]'
    back = pickle.loads(pickle.dumps(items))
    assert type(back) is List
    assert back == items
    items.append(items)  # a cycle prints as [...]
    assert repr(items) == '[1, "a", [...]]'
    items.clear()  # break the cycle so the list can be freed


# --- Map -------------------------------------------------------------------------------------
def test_map_construction_and_reads() -> None:
    m = Map({"a": 1, "b": [2], 3: "c"})
    assert isinstance(m, Mapping)
    assert m._type_key == "ffi.Map"
    assert len(m) == 3
    assert m["a"] == 1
    assert type(m["b"]) is Array
    assert m[3] == "c"
    assert "a" in m
    assert "z" not in m
    assert m.get("z") is None
    assert m.get("z", 0) == 0
    assert list(m) == ["a", "b", 3]
    assert list(m.keys()) == ["a", "b", 3]
    assert list(m.values()) == [1, [2], "c"]
    assert list(m.items()) == [("a", 1), ("b", (2,)), (3, "c")]
    assert ("a", 1) in m.items()
    assert len(Map()) == 0


def test_map_from_pairs_keeps_last_duplicate() -> None:
    assert Map([("a", 1), ("b", 2), ("a", 3)]) == {"a": 3, "b": 2}
    assert Map(Map({"x": 1})) == {"x": 1}


def test_map_missing_key_and_bad_input() -> None:
    m = Map({"a": 1})
    with pytest.raises(KeyError, match="'z'"):
        m["z"]
    with pytest.raises(TypeError, match=r"Map\(\) expects a mapping or an iterable.*int"):
        Map(5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"Map\(\) expects \(key, value\) pairs"):
        Map([1, 2])  # type: ignore[list-item]
    with pytest.raises(TypeError):
        m["a"] = 2  # type: ignore[index]


def test_map_equality_and_hash() -> None:
    m = Map({"a": 1, "b": [1, 2]})
    assert m == {"a": 1, "b": [1, 2]}
    assert {"a": 1, "b": [1, 2]} == m
    assert m == Map({"b": [1, 2], "a": 1})
    assert m == Dict({"a": 1, "b": [1, 2]})
    assert m != {"a": 1}
    assert m != {"a": 2, "b": [1, 2]}
    assert (m == [1]) is False
    assert hash(Map({"a": 1})) == hash(Map({"a": 1}))


def test_map_repr_and_pickle() -> None:
    assert repr(Map({"a": 1, 2: None})) == '{"a": 1, 2: None}'
    assert repr(Map()) == "{}"
    m = Map({"a": [1]})
    back = pickle.loads(pickle.dumps(m))
    assert type(back) is Map
    assert back == m


def test_map_round_trips_through_ffi(echo: object) -> None:
    m = Map({"k": 1})
    assert echo(m).same_as(m)
    back = echo({"a": {"b": [1]}})
    assert type(back) is Map
    assert back == {"a": {"b": [1]}}


def test_map_with_many_entries_iterates_in_insertion_order() -> None:
    # SPEC: CALL-GLOBAL-SOFT-ABI
    source = {f"k{i}": i for i in range(1000)}
    m = Map(source)
    assert len(m) == 1000
    assert list(m) == list(source)
    assert m["k777"] == 777
    assert dict(m.items()) == source


# --- Dict ------------------------------------------------------------------------------------
def test_dict_mutation() -> None:
    d = Dict({"a": 1})
    assert isinstance(d, MutableMapping)
    assert d._type_key == "ffi.Dict"
    d["b"] = 2
    d["a"] = 10
    assert d == {"a": 10, "b": 2}
    del d["a"]
    assert d == {"b": 2}
    assert d.pop("b") == 2
    assert d.pop("b", None) is None
    d.update({"x": 1}, y=2)
    assert d.setdefault("x", 5) == 1
    assert d.setdefault("z", 5) == 5
    assert d.popitem() == ("x", 1)
    d.clear()
    assert len(d) == 0
    assert Dict() == {}


def test_dict_errors() -> None:
    d = Dict()
    with pytest.raises(KeyError, match="'missing'"):
        del d["missing"]
    with pytest.raises(KeyError):
        d.pop("missing")
    with pytest.raises(KeyError):
        d["missing"]
    with pytest.raises(TypeError, match=r"Dict\(\) expects a mapping"):
        Dict(1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        hash(d)


def test_dict_mutation_is_shared(echo: object) -> None:
    d = Dict()
    alias = echo(d)
    assert type(alias) is Dict
    alias["k"] = [1]
    assert d["k"] == [1]


def test_dict_repr_and_pickle() -> None:
    d = Dict({"a": 1})
    assert repr(d) == '{"a": 1}'
    back = pickle.loads(pickle.dumps(d))
    assert type(back) is Dict
    assert back == d
    d["self"] = d
    assert repr(d) == '{"a": 1, "self": {...}}'
    d.clear()


# --- the native readers ----------------------------------------------------------------------
def test_native_readers_reject_other_objects(core: object) -> None:
    with pytest.raises(TypeError, match=r"seq_size: expected an ffi\.Array or ffi\.List, got int"):
        core.seq_size(1)
    with pytest.raises(TypeError, match=r"seq_getitem: expected an ffi\.Array or ffi\.List"):
        core.seq_getitem(Map(), 0)
    with pytest.raises(TypeError, match="takes 2 arguments"):
        core.seq_getitem(Array())
    with pytest.raises(TypeError, match="seq_to_list"):
        core.seq_to_list(tvm_ffi.Object())
    with pytest.raises(TypeError, match=r"map_size: expected an ffi\.Map or ffi\.Dict"):
        core.map_size(Array())
    with pytest.raises(TypeError, match=r"map_entries: expected an ffi\.Map or ffi\.Dict"):
        core.map_entries(List(), 0)
    with pytest.raises(ValueError, match="must be 0, 1 or 2"):
        core.map_entries(Map(), 3)
