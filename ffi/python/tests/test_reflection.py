# ffi/python/tests/test_reflection.py: register_object installs a type's reflection.
"""Reflected fields, methods, ``__init__`` and ``repr`` of classes made with register_object.

The types come from libtvm_ffi_testing (ffi/cpp/testing/testing.cc).
"""

from __future__ import annotations

import ctypes
import subprocess
import sys
from collections.abc import Iterator

import pytest

import tvm_ffi
from tvm_ffi import libinfo
from tvm_ffi._object import _REGISTERED


@pytest.fixture(scope="module", autouse=True)
def testing_lib() -> None:
    """Load libtvm_ffi_testing globally, which registers the testing.* types."""
    ctypes.CDLL(libinfo.find_library("tvm-ffi", "tvm_ffi_testing"), ctypes.RTLD_GLOBAL)


def _register(type_key: str, base: type = tvm_ffi.Object) -> Iterator[type]:
    """Register a fresh class for ``type_key``; give the type back to its previous class after."""
    before = dict(_REGISTERED)  # read first: registering replaces the entry
    cls = tvm_ffi.register_object(type_key)(type(type_key.rsplit(".", maxsplit=1)[-1], (base,), {}))
    previous = before.get(cls.__tvm_ffi_type_index__)
    yield cls
    if previous is not None and previous is not cls:
        tvm_ffi.register_object(type_key)(previous)


@pytest.fixture(scope="module")
def Base() -> Iterator[type]:
    yield from _register("testing.TestObjectBase")


@pytest.fixture(scope="module")
def Pair() -> Iterator[type]:
    yield from _register("testing.TestIntPair")


@pytest.fixture(scope="module")
def Node() -> Iterator[type]:
    yield from _register("testing.TestNode")


# --- fields ----------------------------------------------------------------------------------
def test_fields_read_with_defaults(Base: type) -> None:
    # SPEC: REG-FIELD-ACCESSORS
    obj = Base()
    assert obj.v_i64 == 10
    assert obj.v_f64 == 10.0
    assert obj.v_str == "hello"
    assert isinstance(Base.v_i64, tvm_ffi.FieldProperty)
    assert Base.v_i64.name == "v_i64"
    assert Base.v_i64.__doc__ == "i64 field"
    assert Base.v_f64.__doc__ is None
    assert Base.v_i64.writable
    assert not Base.v_f64.writable
    assert Base.v_i64.flags & 1
    assert repr(Base.v_i64) == "<field testing.TestObjectBase.v_i64>"


@pytest.fixture(scope="module")
def Derived(Base: type) -> Iterator[type]:
    yield from _register("testing.TestObjectDerived", Base)


def test_positional_init_puts_required_fields_first(Derived: type) -> None:
    # The generated __ffi_init__ orders parameters like a dataclass signature (and like the
    # reference): (v_map, v_array, v_i64=, v_f64=, v_str=): the child's required fields come
    # before the parent's defaulted ones.
    obj = Derived({"k": 1}, [1, 2], 7)
    assert obj.v_map == {"k": 1}
    assert list(obj.v_array) == [1, 2]
    assert (obj.v_i64, obj.v_f64, obj.v_str) == (7, 10.0, "hello")
    obj = Derived({}, [], v_str="s")
    assert obj.v_str == "s"
    with pytest.raises(TypeError, match="v_array"):
        Derived({})
    with pytest.raises(TypeError, match="multiple values for argument 'v_map'"):
        Derived({}, [], v_map={})


def test_writable_field_set(Base: type) -> None:
    obj = Base()
    obj.v_i64 = -5
    obj.v_str = "a longer string than seven bytes"
    assert obj.v_i64 == -5
    assert obj.v_str == "a longer string than seven bytes"


def test_writable_field_rejects_wrong_type(Base: type) -> None:
    obj = Base()
    with pytest.raises(TypeError, match=r"cannot set field testing\.TestObjectBase\.v_i64") as info:
        obj.v_i64 = "x"
    assert info.value.__cause__ is not None
    assert obj.v_i64 == 10


def test_read_only_field_refuses_assignment_and_deletion(Base: type) -> None:
    obj = Base()
    with pytest.raises(AttributeError, match=r"testing\.TestObjectBase\.v_f64 is read-only"):
        obj.v_f64 = 1.0
    with pytest.raises(AttributeError, match="cannot delete field"):
        del obj.v_i64
    assert obj.v_f64 == 10.0


def test_object_typed_field(Node: type) -> None:
    head = Node.make(1)
    assert head.next is None
    head.next = Node.make(2)
    assert type(head.next) is Node
    assert head.next.value == 2
    head.next.value = 3  # the same underlying object
    assert head.next.value == 3
    head.next = None
    assert head.next is None
    with pytest.raises(TypeError, match=r"cannot set field testing\.TestNode\.next"):
        head.next = 5


def test_field_on_empty_or_foreign_object(Base: type, Pair: type) -> None:
    empty = Base.__new__(Base)
    with pytest.raises(AttributeError, match="the object is empty"):
        empty.v_i64  # noqa: B018
    with pytest.raises(TypeError, match=r"does not belong to an object of type index"):
        Base.v_i64.__get__(Pair(1, 2))
    with pytest.raises(TypeError, match=r"needs a tvm_ffi\.Object, got int"):
        Base.v_i64.__get__(5)
    with pytest.raises(TypeError, match="does not belong"):
        Base.v_i64.__set__(Pair(1, 2), 1)
    assert Base.v_i64.__get__(None, Base) is Base.v_i64


def test_unknown_attribute_is_refused(Base: type) -> None:
    obj = Base()
    with pytest.raises(
        AttributeError, match=r"no field 'v_i46' \(fields of testing\.TestObjectBase"
    ):
        obj.v_i46 = 1
    with pytest.raises(AttributeError):
        obj.v_i46  # noqa: B018


# --- methods ---------------------------------------------------------------------------------
def test_instance_methods(Base: type, Pair: type) -> None:
    # SPEC: REG-METHOD
    assert Pair(3, 4).sum() == 7
    assert Base().add_i64(5) == 15
    assert Base.add_i64.__doc__ == "add_i64 method"
    assert Base.add_i64.__name__ == "add_i64"
    with pytest.raises(TypeError):
        Base().add_i64("five")


def test_static_method(Node: type) -> None:
    node = Node.make(7)
    assert type(node) is Node
    assert node.value == 7
    assert isinstance(Node.__dict__["make"], staticmethod)
    with pytest.raises(TypeError):
        Node.make("seven")


def test_class_members_are_not_replaced(Pair: type) -> None:
    @tvm_ffi.register_object("testing.TestIntPair")
    class Custom(tvm_ffi.Object):
        def sum(self) -> str:
            return "mine"

        def __repr__(self) -> str:
            return "custom"

    try:
        pair = Custom(1, 2)
        assert pair.sum() == "mine"
        assert repr(pair) == "custom"
        assert pair.a == 1
    finally:
        tvm_ffi.register_object("testing.TestIntPair")(Pair)  # back to the fixture's class


# --- __init__ --------------------------------------------------------------------------------
def test_init_positional_and_keywords(Base: type, Pair: type) -> None:
    # SPEC: CALL-KWARGS
    pair = Pair(1, 2)
    assert (pair.a, pair.b) == (1, 2)
    obj = Base(1, 2.5, "s")
    assert (obj.v_i64, obj.v_f64, obj.v_str) == (1, 2.5, "s")
    obj = Base(v_str="kw", v_i64=3)
    assert (obj.v_i64, obj.v_f64, obj.v_str) == (3, 10.0, "kw")
    obj = Base(4, v_str="mixed")
    assert (obj.v_i64, obj.v_str) == (4, "mixed")


def test_init_bad_arguments(Base: type, Pair: type) -> None:
    with pytest.raises(TypeError, match="Expected 2 but got 1"):
        Pair(1)
    with pytest.raises(TypeError):
        Pair("a", "b")
    with pytest.raises(TypeError, match="unexpected keyword argument 'nope'"):
        Base(nope=1)
    with pytest.raises(TypeError, match="multiple values for argument 'v_i64'"):
        Base(1, v_i64=2)
    with pytest.raises(TypeError, match=r"3 positional argument.*4 were given"):
        Base(1, 2.0, "s", 4)


def test_type_without_init_cannot_be_constructed(Node: type) -> None:
    with pytest.raises(TypeError, match=r"testing\.TestNode cannot be constructed from Python"):
        Node(1)


# --- repr, equality, fallback ----------------------------------------------------------------
def test_repr_shows_type_key_and_fields(Base: type, Pair: type, Node: type) -> None:
    assert repr(Pair(1, 2)) == "testing.TestIntPair(a=1, b=2)"
    assert repr(Base()) == 'testing.TestObjectBase(v_i64=10, v_f64=10.0, v_str="hello")'
    head = Node.make(1)
    head.next = Node.make(2)
    assert repr(head) == "testing.TestNode(value=1, next=testing.TestNode(value=2, next=None))"
    assert repr(Base.__new__(Base)) == "testing.TestObjectBase(null)"
    assert repr(tvm_ffi.Array([Pair(0, 1)])) == "(testing.TestIntPair(a=0, b=1),)"


def test_equality_and_hash_follow_the_handle(Pair: type) -> None:
    pair = Pair(1, 2)
    assert pair == pair  # noqa: PLR0124
    assert pair != Pair(1, 2)
    assert hash(pair) == hash(tvm_ffi._base.core._testing_echo(pair))
    assert tvm_ffi._base.core._testing_echo(pair) == pair


def test_unregistered_type_uses_nearest_registered_ancestor(Base: type) -> None:
    # SPEC: REG-TYPE-ANCESTORS
    index = tvm_ffi._base.core.type_key_to_index("testing.TestObjectDerived")
    if index in _REGISTERED:
        # Bound by an earlier import (tvm_ffi.testing binds it): run this test in a fresh process.
        name = "test_unregistered_type_uses_nearest_registered_ancestor"
        proc = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"{__file__}::{name}"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert proc.returncode == 0 and "1 passed" in proc.stdout, proc.stdout + proc.stderr
        return
    make = tvm_ffi.get_global_func("ffi.MakeObjectFromPackedArgs")
    obj = make("testing.TestObjectDerived", "v_map", {"k": 1}, "v_array", [], "v_i64", 3)
    # A subclass of the ancestor's class made for the type, with the type's own fields.
    cls = type(obj)
    assert issubclass(cls, Base)
    assert cls is not Base
    assert cls.__name__ == "TestObjectDerived"
    assert obj._type_key == "testing.TestObjectDerived"
    assert obj.v_i64 == 3
    assert obj.add_i64(1) == 4
    assert obj.v_map == {"k": 1}
    assert repr(obj).startswith("testing.TestObjectDerived(v_i64=3,")
    again = make("testing.TestObjectDerived", "v_map", {}, "v_array", [])
    assert type(again) is cls  # made once per type


def test_unregistered_type_without_members_gets_the_ancestor_class(core: object) -> None:
    # SPEC: REG-TYPE-ANCESTORS
    parent = core._testing_alloc_type(
        "test_reflection.Plain", tvm_ffi.Object.__tvm_ffi_type_index__
    )
    assert type(core._testing_make_object(parent)) is tvm_ffi.Object


# --- the native helpers ----------------------------------------------------------------------
def test_type_info(core: object, Pair: type) -> None:
    # SPEC: REG-GET-TYPE-INFO
    info = core.type_info(Pair.__tvm_ffi_type_index__)
    assert info["type_key"] == "testing.TestIntPair"
    assert info["ancestors"] == (tvm_ffi.Object.__tvm_ffi_type_index__,)
    assert [f.name for f in info["fields"]] == ["a", "b"]
    names = {name: is_static for name, _, is_static, _ in info["methods"]}
    assert names["sum"] is False
    assert names["__ffi_init__"] is True
    # Out-of-range indices are refused before the runtime sees them (the reference runtime
    # exits the process on an unknown index instead of raising).
    with pytest.raises(IndexError, match="not a registered type"):
        core.type_info(2**31)
    with pytest.raises(IndexError, match="not a registered type"):
        core.type_info(-1)
    with pytest.raises(TypeError):
        core.type_info("testing.TestIntPair")


def test_type_attr(core: object, Pair: type) -> None:
    # SPEC: REG-ATTR-LOOKUP
    init = core.type_attr(Pair.__tvm_ffi_type_index__, "__ffi_init__")
    assert isinstance(init, tvm_ffi.Function)
    assert core.type_attr(Pair.__tvm_ffi_type_index__, "no.such.attribute") is None
    assert core.type_attr(10**6, "__ffi_init__") is None
    with pytest.raises(TypeError, match="type_attr"):
        core.type_attr(Pair.__tvm_ffi_type_index__, 5)


def test_object_adopt(core: object, Pair: type) -> None:
    target = Pair.__new__(Pair)
    source = Pair(5, 6)
    core.object_adopt(target, source)
    assert target.same_as(source)
    assert target.a == 5
    with pytest.raises(TypeError, match="object_adopt"):
        core.object_adopt(target, 5)
    with pytest.raises(TypeError, match="object_adopt"):
        core.object_adopt(target)


# Registers testing.TestObjectDerived for the rest of the session, so it runs last.
def test_container_fields_come_back_as_containers() -> None:
    derived_cls = tvm_ffi.register_object("testing.TestObjectDerived")(
        type("TestObjectDerived", (tvm_ffi.Object,), {})
    )
    obj = derived_cls(v_map={"a": [1]}, v_array=[1, "x"])
    assert type(obj.v_map) is tvm_ffi.Map
    assert type(obj.v_array) is tvm_ffi.Array
    assert obj.v_map == {"a": [1]}
    assert obj.v_i64 == 10  # inherited field, though the base type has no class here


def test_python_subclass_keeps_base_overrides() -> None:
    @tvm_ffi.register_object("testing.TestObjectBase")
    class Base(tvm_ffi.Object):
        def add_i64(self, other: int) -> str:
            return f"override {other}"

    @tvm_ffi.register_object("testing.TestObjectDerived")
    class Derived(Base):
        pass

    obj = Derived(v_map={}, v_array=[])
    assert obj.add_i64(1) == "override 1"  # the base's override, not the reflected method
    assert "add_i64" not in Derived.__dict__
    assert obj.v_map == {}
    assert Derived.v_i64 is Base.v_i64  # inherited descriptors are not duplicated
