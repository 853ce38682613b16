# examples/kernel_wheel/tests/test_kernels.py: the installed wheel, called with torch tensors.
# ruff: noqa: D103 - test names state the behaviour under test, as in ffi/python/tests
"""The installed example_kernels wheel with torch tensors.

Runs against whichever tvm_ffi runtime is installed next to the wheel (ci/examples.sh runs it
twice: with this project's package and with the reference package).
"""

from __future__ import annotations

import pytest

import tvm_ffi

# The wheel is installed first (README.md, block 'use'); without it these tests skip.
example_kernels = pytest.importorskip("example_kernels")
torch = pytest.importorskip("torch")


def test_runtime_in_use() -> None:
    print(f"tvm_ffi {tvm_ffi.__version__} from {tvm_ffi.__file__}")
    assert example_kernels.library_path.is_file()


def test_add_one_writes_into_torch_tensor() -> None:
    x = torch.arange(6, dtype=torch.float32)
    y = torch.zeros(6)
    example_kernels.add_one(x, y)
    assert y.tolist() == [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]


def test_add_one_on_a_slice_honours_the_offset() -> None:
    x = torch.arange(8, dtype=torch.float32)[3:]
    y = torch.zeros(10)[5:]
    example_kernels.add_one(x, y)
    assert y.tolist() == [4.0, 5.0, 6.0, 7.0, 8.0]


def test_add_one_new_returns_torch_tensor() -> None:
    y = example_kernels.add_one_new(torch.tensor([1.5, -1.0]))
    assert isinstance(y, torch.Tensor)
    assert y.tolist() == [2.5, 0.0]


def test_wrong_dtype_is_type_error() -> None:
    with pytest.raises(TypeError, match="x must be float32"):
        example_kernels.add_one(torch.zeros(3, dtype=torch.float64), torch.zeros(3))


def test_wrong_shape_is_value_error() -> None:
    with pytest.raises(ValueError, match="x has 3 elements but y has 4"):
        example_kernels.add_one(torch.zeros(3), torch.zeros(4))
    with pytest.raises(ValueError, match="1-D"):
        example_kernels.add_one(torch.zeros(2, 2), torch.zeros(2, 2))


def test_non_tensor_argument_is_type_error() -> None:
    with pytest.raises(TypeError):
        example_kernels.add_one(torch.zeros(3), 7)
