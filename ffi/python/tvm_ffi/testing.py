# ffi/python/tvm_ffi/testing.py: Python side of libtvm_ffi_testing (test types and functions).
"""Fixtures for tests and examples: the types and functions of ``libtvm_ffi_testing``.

Importing this module loads ``libtvm_ffi_testing`` (built from ``ffi/cpp/testing/``) with
``RTLD_GLOBAL``, which registers the ``testing.*`` object types and global functions, and binds
Python classes to those types. Nothing else in the package imports it, so ordinary users never
load the testing library.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import os
import tempfile
from pathlib import Path

from . import libinfo
from ._function import Function, get_global_func
from ._object import Object, register_object

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from typing import Any, TypeVar

    _F = TypeVar("_F", bound=Callable[..., Any])

__all__ = [
    "LIB",
    "TestIntPair",
    "TestNode",
    "TestObjectBase",
    "TestObjectDerived",
    "add_one",
    "apply",
    "echo",
    "gpu_lock",
    "nop",
    "object_use_count",
    "raise_error",
    "run_with_gpu_lock",
]


def _load_testing_lib() -> ctypes.CDLL:
    """Load libtvm_ffi_testing globally; it links libtvm_ffi, so load that first."""
    from . import load_lib  # noqa: PLC0415 - the package's cached loader

    load_lib()
    path = libinfo.find_library(libinfo.DIST_NAME, "tvm_ffi_testing")
    return ctypes.CDLL(path, ctypes.RTLD_GLOBAL)


#: The loaded ``libtvm_ffi_testing``.
LIB: ctypes.CDLL = _load_testing_lib()


@register_object("testing.TestObjectBase")
class TestObjectBase(Object):
    """``testing.TestObjectBase``: fields ``v_i64``, ``v_f64`` (read-only) and ``v_str``.

    Their defaults are 10, 10.0 and ``"hello"``.
    """

    __test__ = False  # not a pytest test class, despite the name


@register_object("testing.TestObjectDerived")
class TestObjectDerived(TestObjectBase):
    """``testing.TestObjectDerived``: a final subclass adding ``v_map`` and ``v_array``."""

    __test__ = False


@register_object("testing.TestIntPair")
class TestIntPair(Object):
    """``testing.TestIntPair(a, b)``: two read-only integers."""

    __test__ = False

    def sum(self) -> int:
        """Return ``a + b``, computed in C++ (``testing.TestIntPairSum``)."""
        return int(_func("testing.TestIntPairSum")(self))


@register_object("testing.TestNode")
class TestNode(Object):
    """``testing.TestNode``: a linked-list node (``value``, ``next``), made by ``TestNode.make``."""

    __test__ = False


@functools.cache
def _func(name: str) -> Function:
    func = get_global_func(name)
    if func is None:  # pragma: no cover - the library registers all of them
        raise RuntimeError(f"libtvm_ffi_testing does not register {name}")
    return func


def echo(value: object) -> object:
    """Return ``value`` after a round trip through C++ (``testing.echo``)."""
    return _func("testing.echo")(value)


def nop(*args: object) -> None:
    """Call a C++ function that ignores its arguments (``testing.nop``)."""
    _func("testing.nop")(*args)


def apply(func: Callable[..., object], *args: object) -> object:
    """Call ``func(*args)`` from C++ (``testing.apply``): exercises Python callbacks."""
    return _func("testing.apply")(func, *args)


def add_one(x: int) -> int:
    """Return ``x + 1``, computed by a typed C++ function (``testing.add_one``)."""
    return int(_func("testing.add_one")(x))


def object_use_count(obj: Object) -> int:
    """Return the native reference count of ``obj`` (``testing.object_use_count``).

    The call itself holds no extra reference, so a fresh object seen only by the caller has 1.
    """
    return int(_func("testing.object_use_count")(obj))


def raise_error(kind: str, message: str) -> None:
    """Throw ``Error(kind, message)`` in C++ (``testing.test_raise_error``).

    It reaches Python as the exception class registered for ``kind``.
    """
    _func("testing.test_raise_error")(kind, message)


@contextlib.contextmanager
def gpu_lock() -> Iterator[None]:
    """Hold a machine-wide lock for GPU work (a lock file in the temp directory).

    Parallel test processes that need the whole GPU serialize on it.
    """
    from .cpp._build import FileLock  # noqa: PLC0415 - POSIX-only helper

    path = Path(
        os.environ.get("TVM_FFI_GPU_LOCK_FILE") or Path(tempfile.gettempdir()) / "tvm_ffi_gpu.lock"
    )
    with FileLock(path):
        yield


def run_with_gpu_lock(func: _F) -> _F:
    """Wrap ``func`` so that it runs while holding :func:`gpu_lock`."""

    @functools.wraps(func)
    def wrapper(*args: object, **kwargs: object) -> object:
        with gpu_lock():
            return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
