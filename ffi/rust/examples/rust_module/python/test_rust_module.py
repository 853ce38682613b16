# ffi/rust/examples/rust_module/python/test_rust_module.py: Python loads the Rust cdylib module.
# Test names state the behaviour under test; a docstring would repeat them.
# ruff: noqa: D103, PLR2004
"""Loads the Rust example module with ``tvm_ffi.load_module`` and exercises it from Python.

The path of ``libtvm_ffi_example_module.so`` comes from ``TVM_FFI_RUST_EXAMPLE_MODULE``
(``ci/test_rust.sh`` sets it); the tests skip without it.
"""

from __future__ import annotations

import os

import pytest

tvm_ffi = pytest.importorskip("tvm_ffi")

MODULE_PATH = os.environ.get("TVM_FFI_RUST_EXAMPLE_MODULE", "")
pytestmark = pytest.mark.skipif(
    not os.path.isfile(MODULE_PATH), reason="TVM_FFI_RUST_EXAMPLE_MODULE is not set"
)


@pytest.fixture(scope="module")
def mod() -> tvm_ffi.Module:
    # SPEC: MOD-SYMBOL-NAME, MOD-LOAD-FILE
    return tvm_ffi.load_module(MODULE_PATH)


def test_typed_function_returns_int(mod: tvm_ffi.Module) -> None:
    assert mod.add_one(41) == 42


def test_wrong_argument_type_raises_type_error_naming_the_argument(mod: tvm_ffi.Module) -> None:
    with pytest.raises(TypeError, match="argument #0 of `add_one`"):
        mod.add_one("x")


def test_rust_tensors_round_trip_through_python(mod: tvm_ffi.Module) -> None:
    t = mod.arange(5)
    assert tuple(t.shape) == (5,)
    assert mod.sum(t) == 10.0
    out = mod.arange(5)
    mod.scale_into(t, out, 3.0)
    assert mod.sum(out) == 30.0


def test_torch_tensors_are_read_and_written_in_place(mod: tvm_ffi.Module) -> None:
    torch = pytest.importorskip("torch")
    x = torch.arange(6, dtype=torch.float32)
    out = torch.zeros(6, dtype=torch.float32)
    assert mod.sum(x) == 15.0
    mod.scale_into(x, out, 2.0)
    assert out.tolist() == [0.0, 2.0, 4.0, 6.0, 8.0, 10.0]
    with pytest.raises(TypeError, match="dtype"):
        mod.sum(torch.arange(3, dtype=torch.int64))


def test_python_callback_is_called_from_rust(mod: tvm_ffi.Module) -> None:
    assert mod.apply(lambda x: x * 2, 20) == 41


def test_python_callback_error_keeps_its_kind_through_rust(mod: tvm_ffi.Module) -> None:
    # SPEC: ERR-KIND-NAMES, ERR-BACKTRACE-APPEND
    def callback(x: int) -> int:
        raise KeyError(f"missing {x}")

    with pytest.raises(KeyError, match="missing 7"):
        mod.apply(callback, 7)


def test_rust_errors_map_to_python_exceptions(mod: tvm_ffi.Module) -> None:
    with pytest.raises(ValueError, match="from rust"):
        mod.fail("ValueError", "from rust")
    with pytest.raises(IndexError):
        mod.fail("IndexError", "out of range")


def test_a_rust_panic_is_a_runtime_error_not_an_abort(mod: tvm_ffi.Module) -> None:
    # SPEC: ERR-FOREIGN-EXCEPTION
    with pytest.raises(RuntimeError, match="panic inside a Rust module"):
        mod.panic_now()
    assert mod.add_one(1) == 2


def test_reflected_fields_of_a_rust_object_are_readable(mod: tvm_ffi.Module) -> None:
    # SPEC: REG-FIELD-ACCESSORS
    p = mod.make_point(3.0, 4.0, "origin-ish")
    assert p.x == 3.0
    assert p.y == 4.0
    assert p.label == "origin-ish"
    assert mod.point_norm(p) == 5.0
