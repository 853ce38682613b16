# ffi/python/tests/test_object.py: tests of tvm_ffi.Object and register_object.
"""The Object base class, the class table and the fallback to registered ancestors."""

from __future__ import annotations

import pytest

import tvm_ffi


@pytest.fixture(scope="module")
def types(core: object) -> dict[str, int]:
    """Allocate a small hierarchy for these tests: Base <- Mid <- Leaf."""
    alloc = core._testing_alloc_type
    base = alloc("test_object.Base", tvm_ffi.Object.__tvm_ffi_type_index__)
    mid = alloc("test_object.Mid", base)
    leaf = alloc("test_object.Leaf", mid)
    return {"base": base, "mid": mid, "leaf": leaf}


def test_object_is_the_root_class(core: object) -> None:
    # SPEC: REG-BUILTIN-SEED
    assert tvm_ffi.Object.__tvm_ffi_type_index__ == 64
    assert issubclass(tvm_ffi.Function, tvm_ffi.Object)
    assert issubclass(tvm_ffi.Tensor, tvm_ffi.Object)


def test_empty_object_has_no_handle() -> None:
    obj = tvm_ffi.Object()
    assert obj.__chandle__() == 0
    assert obj._type_index is None
    assert not obj.same_as(tvm_ffi.Object())
    assert obj == obj  # noqa: PLR0124 - identity of an empty object
    assert "null" in repr(obj)


def test_unregistered_type_falls_back_to_object(core: object, types: dict[str, int]) -> None:
    # SPEC: REG-TYPE-ANCESTORS
    obj = core._testing_make_object(types["leaf"])
    assert type(obj) is tvm_ffi.Object
    assert obj._type_index == types["leaf"]
    assert obj._type_key == "test_object.Leaf"
    assert "test_object.Leaf" in repr(obj)


def test_register_object_and_nearest_ancestor_fallback(core: object, types: dict[str, int]) -> None:
    # SPEC: REG-KEY-TO-INDEX
    # SPEC: REG-INSTANCE-CHECK
    @tvm_ffi.register_object("test_object.Base")
    class Base(tvm_ffi.Object):
        pass

    assert Base.__tvm_ffi_type_index__ == types["base"]
    assert type(core._testing_make_object(types["base"])) is Base
    assert type(core._testing_make_object(types["leaf"])) is Base  # nearest registered ancestor

    @tvm_ffi.register_object("test_object.Mid")
    class Mid(Base):
        pass

    assert type(core._testing_make_object(types["leaf"])) is Mid  # a nearer one now
    assert type(core._testing_make_object(types["mid"])) is Mid


def test_registered_class_instances_pass_as_arguments(core: object, types: dict[str, int]) -> None:
    obj = core._testing_make_object(types["mid"])
    back = core._testing_echo(obj)
    assert back.same_as(obj)
    assert back == obj
    assert hash(back) == hash(obj)
    assert back is not obj  # a new wrapper around the same object


def test_register_object_unknown_key_raises_key_error() -> None:
    # SPEC: REG-KEY-TO-INDEX
    with pytest.raises(KeyError):

        @tvm_ffi.register_object("test_object.NoSuchType")
        class Missing(tvm_ffi.Object):
            pass


def test_register_object_requires_an_object_subclass() -> None:
    with pytest.raises(TypeError, match=r"tvm_ffi\.Object"):

        @tvm_ffi.register_object("test_object.Base")
        class NotAnObject:
            pass


def test_register_object_for_builtin_with_native_layout_requires_that_base() -> None:
    with pytest.raises(TypeError, match=r"tvm_ffi\.Function"):

        @tvm_ffi.register_object("ffi.Function")
        class BadFunction(tvm_ffi.Object):
            pass


def test_same_as_and_equality_compare_handles(core: object) -> None:
    echo = core._testing_echo
    assert echo.same_as(echo)
    assert not echo.same_as(core._testing_nop)
    assert not echo.same_as(1)
    assert echo != core._testing_nop
    assert (echo == 1) is False


def test_register_object_without_reflection_installs_nothing(
    core: object, types: dict[str, int]
) -> None:
    # A type with no fields, methods or __ffi_init__ keeps the plain Object behaviour.
    @tvm_ffi.register_object("test_object.Leaf")
    class Leaf(tvm_ffi.Object):
        pass

    for name in ("__init__", "__repr__", "__setattr__"):
        assert name not in Leaf.__dict__
    obj = core._testing_make_object(types["leaf"])
    assert type(obj) is Leaf
    obj.note = "python attributes are allowed here"
    assert "test_object.Leaf object at" in repr(obj)
