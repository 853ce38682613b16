# ffi/python/tests/test_dtype.py: tests of tvm_ffi.dtype.
"""Parsing, printing, properties and torch/numpy interop of dtype."""

from __future__ import annotations

import pickle

import pytest

import tvm_ffi


@pytest.mark.parametrize(
    ("text", "triple"),
    [
        ("int32", (0, 32, 1)),
        ("uint8", (1, 8, 1)),
        ("float16", (2, 16, 1)),
        ("bfloat16", (4, 16, 1)),
        ("bool", (6, 8, 1)),
        ("float32x4", (2, 32, 4)),
        ("float8_e4m3fn", (10, 8, 1)),
    ],
)
def test_parse_gives_dlpack_triple(text: str, triple: tuple[int, int, int]) -> None:
    # SPEC: DTYPE-PARSE
    dt = tvm_ffi.dtype(text)
    assert isinstance(dt, str)
    assert dt == text
    assert (dt.type_code, dt.bits, dt.lanes) == triple
    assert repr(dt) == f"dtype('{text}')"


def test_from_dlpack_data_type_prints_canonical_name() -> None:
    # SPEC: DTYPE-PRINT
    # SPEC: DTYPE-LANES-SUFFIX
    assert tvm_ffi.dtype.from_dlpack_data_type((2, 16, 1)) == "float16"
    assert tvm_ffi.dtype.from_dlpack_data_type((0, 8, 4)) == "int8x4"
    assert tvm_ffi.dtype("float32").with_lanes(8) == "float32x8"
    with pytest.raises(ValueError):
        tvm_ffi.dtype.from_dlpack_data_type((0, 300, 1))


@pytest.mark.parametrize("bad", ["float32x4x2", "int8x", "Float32", " int32", "complex64", "x"])
def test_bad_strings_raise_value_error(bad: str) -> None:
    # SPEC: DTYPE-PARSE-ERRORS
    with pytest.raises(ValueError):
        tvm_ffi.dtype(bad)


def test_properties_and_predicates() -> None:
    f16x2 = tvm_ffi.dtype("float16x2")
    assert f16x2.itemsize == 4
    assert f16x2.is_float()
    assert not f16x2.is_integer()
    assert tvm_ffi.dtype("uint4").itemsize == 1
    assert tvm_ffi.dtype("int64").is_integer()
    assert tvm_ffi.dtype("bool").is_bool()
    assert tvm_ffi.dtype("handle").is_handle()


def test_dtype_of_dtype_is_itself_and_pickles() -> None:
    # SPEC: DTYPE-ROUNDTRIP
    dt = tvm_ffi.dtype("int16")
    assert tvm_ffi.dtype(dt) is dt
    again = pickle.loads(pickle.dumps(dt))
    assert again == dt
    assert again.bits == 16


def test_non_dtype_value_raises_type_error() -> None:
    with pytest.raises(TypeError):
        tvm_ffi.dtype(3.5)


def test_torch_dtype_round_trip() -> None:
    torch = pytest.importorskip("torch")
    for torch_dtype in (torch.float32, torch.float16, torch.bfloat16, torch.int8, torch.bool):
        dt = tvm_ffi.dtype(torch_dtype)
        assert dt.to_torch() is torch_dtype
    with pytest.raises(ValueError):
        tvm_ffi.dtype("float32x4").to_torch()


def test_numpy_dtype_round_trip() -> None:
    np = pytest.importorskip("numpy")
    for np_dtype in (np.dtype("float32"), np.dtype("int64"), np.dtype("bool"), np.dtype("uint16")):
        dt = tvm_ffi.dtype(np_dtype)
        assert dt.to_numpy() == np_dtype
    assert tvm_ffi.dtype(np.float64) == "float64"


def test_dtype_literals_are_dtypes() -> None:
    assert tvm_ffi.float32 == "float32"
    assert isinstance(tvm_ffi.float32, tvm_ffi.dtype)
    assert (tvm_ffi.bool.type_code, tvm_ffi.bool.bits) == (6, 8)
    assert (tvm_ffi.bfloat16.type_code, tvm_ffi.bfloat16.bits) == (4, 16)
    assert tvm_ffi.float4_e2m1fnx2.lanes == 2
    assert tvm_ffi.uint64.bits == 64
    for name in ("int8", "float8_e4m3fn", "float6_e3m2fn", "float8_e8m0fnu"):
        assert getattr(tvm_ffi, name) == tvm_ffi.dtype(name)
        assert name in tvm_ffi.__all__
