# ffi/python/tests/test_testing.py: tvm_ffi.testing binds the testing library's types.
"""The fixtures of ``tvm_ffi.testing``: classes for ``testing.*`` types, function wrappers."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

import tvm_ffi
from tvm_ffi import testing


def test_library_is_loaded_and_registers_globals() -> None:
    assert testing.LIB is not None
    names = set(tvm_ffi.list_global_func_names())
    assert {"testing.echo", "testing.nop", "testing.add_one"} <= names


def test_object_classes_are_bound() -> None:
    base = testing.TestObjectBase()
    assert type(base) is testing.TestObjectBase
    assert (base.v_i64, base.v_f64, base.v_str) == (10, 10.0, "hello")
    assert issubclass(testing.TestObjectDerived, testing.TestObjectBase)
    pair = testing.TestIntPair(3, 4)
    assert (pair.a, pair.b, pair.sum()) == (3, 4, 7)
    node = testing.TestNode.make(5)
    assert isinstance(node, testing.TestNode) and node.value == 5 and node.next is None


def test_bad_constructor_arguments() -> None:
    with pytest.raises(TypeError):
        testing.TestIntPair("a", "b")


def test_function_wrappers() -> None:
    assert testing.echo("x") == "x"
    assert testing.echo(None) is None
    assert testing.nop(1, "a", None) is None
    assert testing.apply(lambda a, b: a * b, 6, 7) == 42
    assert testing.add_one(41) == 42
    with pytest.raises(TypeError):
        testing.add_one("41")  # type: ignore[arg-type]


def test_object_use_count() -> None:
    pair = testing.TestIntPair(1, 2)
    assert testing.object_use_count(pair) == 1
    holder = tvm_ffi.Array([pair])
    assert testing.object_use_count(pair) == 2
    del holder
    assert testing.object_use_count(pair) == 1
    with pytest.raises(TypeError):
        testing.object_use_count(3)  # type: ignore[arg-type]


def test_raise_error_maps_kinds() -> None:
    with pytest.raises(ValueError, match="bad value"):
        testing.raise_error("ValueError", "bad value")
    with pytest.raises(RuntimeError, match="whatever"):
        testing.raise_error("SomeUnregisteredKind", "whatever")


def test_run_with_gpu_lock_serializes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TVM_FFI_GPU_LOCK_FILE", str(tmp_path / "gpu.lock"))
    inside = []
    overlap = []

    @testing.run_with_gpu_lock
    def work(i: int) -> int:
        inside.append(i)
        overlap.append(len(inside))
        threading.Event().wait(0.01)
        inside.remove(i)
        return i

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert overlap == [1, 1, 1, 1]
    assert work.__name__ == "work" and work(9) == 9
