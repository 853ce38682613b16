# ffi/python/tests/test_device.py: tests of tvm_ffi.Device and tvm_ffi.device.
"""Device construction from names, codes and torch devices; equality; repr."""

from __future__ import annotations

import pickle

import pytest

import tvm_ffi


@pytest.mark.parametrize(
    ("args", "code", "index"),
    [
        (("cpu",), 1, 0),
        (("cuda:1",), 2, 1),
        (("cuda", 3), 2, 3),
        ((2, 5), 2, 5),
        (("rocm",), 10, 0),
        (("metal",), 8, 0),
    ],
)
def test_device_construction(args: tuple, code: int, index: int) -> None:
    dev = tvm_ffi.device(*args)
    assert isinstance(dev, tvm_ffi.Device)
    assert dev.dlpack_device_type() == code
    assert dev.index == index


def test_device_str_repr_equality_and_hash() -> None:
    dev = tvm_ffi.device("cuda:2")
    assert str(dev) == "cuda:2"
    assert repr(dev) == "device(type='cuda', index=2)"
    assert dev.type == "cuda"
    assert dev == tvm_ffi.Device("cuda", 2)
    assert dev != tvm_ffi.device("cuda:1")
    assert len({dev, tvm_ffi.device("cuda", 2)}) == 1
    assert tvm_ffi.Device(dev) == dev
    assert pickle.loads(pickle.dumps(dev)) == dev


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (("tpu",), ValueError),
        (("cuda:x",), ValueError),
        (("cuda:1", 2), ValueError),
        ((1.5,), TypeError),
        (("cpu", -1), ValueError),
    ],
)
def test_bad_devices_raise(args: tuple, error: type) -> None:
    with pytest.raises(error):
        tvm_ffi.device(*args)


def test_torch_device_converts() -> None:
    torch = pytest.importorskip("torch")
    assert tvm_ffi.device(torch.device("cpu")) == tvm_ffi.device("cpu")
    assert tvm_ffi.device(torch.device("cuda", 1)) == tvm_ffi.device("cuda:1")
