# ffi/python/tests/test_rvalue_ref.py: obj._move() (ObjectRValueRef arguments).
"""Passing an object by move: the callee may take the Python object's reference."""

from __future__ import annotations

import ctypes
import os

import pytest

import tvm_ffi
from tvm_ffi import libinfo


@pytest.fixture(scope="module")
def echo() -> tvm_ffi.Function:
    # testing.echo is a C++ typed function: returning its AnyView argument converts it to an
    # owned Any, which takes the reference out of an ObjectRValueRef slot.
    ctypes.CDLL(os.path.join(libinfo.find_lib_dir(), "libtvm_ffi_testing.so"), ctypes.RTLD_GLOBAL)
    return tvm_ffi.get_global_func("testing.echo")


def test_a_moved_object_is_taken_by_the_callee(echo: tvm_ffi.Function) -> None:
    # SPEC: ANY-RVALUE-MOVED
    f = tvm_ffi.Function(lambda x: x + 1)
    g = echo(f._move())
    assert g(41) == 42
    assert f.__chandle__() == 0  # f gave its reference away


def test_using_a_moved_function_is_an_error_not_a_crash(echo: tvm_ffi.Function) -> None:
    f = tvm_ffi.Function(lambda: 1)
    echo(f._move())
    with pytest.raises(ValueError, match="empty"):
        f()
    with pytest.raises(ValueError, match="already moved"):
        f._move()


def test_moving_an_object_nobody_takes_leaves_it_intact() -> None:
    from tvm_ffi._base import core  # noqa: PLC0415 - loads the native core on purpose

    f = tvm_ffi.Function(lambda: 7)
    core._testing_nop(f._move())  # a C callee that ignores its arguments takes nothing
    assert f() == 7


def test_a_python_callee_takes_a_moved_argument() -> None:
    f = tvm_ffi.Function(lambda: 7)
    received = []
    tvm_ffi.Function(received.append)(f._move())
    assert received[0]() == 7
    assert f.__chandle__() == 0


def test_a_moved_reference_cannot_be_returned_or_stored(echo: tvm_ffi.Function) -> None:
    f = tvm_ffi.Function(lambda: 1)
    ref = f._move()
    bad = tvm_ffi.Function(lambda: ref)
    with pytest.raises(TypeError, match="only be passed as a call argument"):
        bad()
    assert f() == 1
    assert "ObjectRValueRef" in repr(ref)
