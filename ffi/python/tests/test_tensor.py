# ffi/python/tests/test_tensor.py: tests of tvm_ffi.Tensor, from_dlpack and tensor arguments.
"""DLPack import/export with numpy and torch, and tensors as call arguments and results."""

from __future__ import annotations

import sys

import pytest

import tvm_ffi


def test_from_dlpack_numpy_shares_memory() -> None:
    # SPEC: DLPACK-IMPORT-NO-COPY
    # SPEC: TENSOR-STRIDES
    np = pytest.importorskip("numpy")
    array = np.arange(12, dtype=np.float32).reshape(3, 4)
    tensor = tvm_ffi.from_dlpack(array)
    assert isinstance(tensor, tvm_ffi.Tensor)
    assert tensor.shape == (3, 4)
    assert isinstance(tensor.shape, tvm_ffi.Shape)
    assert tensor.strides == (4, 1)
    assert tensor.ndim == 2
    assert tensor.dtype == "float32"
    assert tensor.device == tvm_ffi.device("cpu")
    assert tensor.data_ptr() == array.ctypes.data
    assert tensor.numel() == 12
    assert tensor.size(1) == 4
    assert tensor.is_contiguous()
    assert tensor.__dlpack_device__() == (1, 0)


def test_tensor_exports_back_to_numpy_versioned_and_legacy() -> None:
    # SPEC: DLPACK-EXPORT
    # SPEC: DLPACK-EXPORT-VERSIONED
    np = pytest.importorskip("numpy")
    array = np.arange(6, dtype=np.int64)
    tensor = tvm_ffi.from_dlpack(array)
    back = np.from_dlpack(tensor)
    assert back.ctypes.data == array.ctypes.data
    assert (back == array).all()
    legacy = tensor.__dlpack__()
    versioned = tensor.__dlpack__(max_version=(1, 3))
    assert "dltensor" in repr(legacy)
    assert "dltensor_versioned" in repr(versioned)


def test_unconsumed_capsules_release_the_tensor() -> None:
    # SPEC: DLPACK-EXPORT-DELETER
    np = pytest.importorskip("numpy")
    tensor = tvm_ffi.from_dlpack(np.zeros(3))
    for _ in range(1000):
        tensor.__dlpack__(max_version=(1, 0))
        tensor.__dlpack__()


def test_dlpack_copy_and_foreign_device_raise_buffer_error() -> None:
    np = pytest.importorskip("numpy")
    tensor = tvm_ffi.from_dlpack(np.zeros(3))
    with pytest.raises(BufferError):
        tensor.__dlpack__(copy=True)
    with pytest.raises(BufferError):
        tensor.__dlpack__(dl_device=(2, 0))
    assert tensor.__dlpack__(dl_device=(1, 0)) is not None


def test_from_dlpack_requirements_raise_value_error() -> None:
    # SPEC: DLPACK-IMPORT-CONTIGUOUS
    # SPEC: DLPACK-IMPORT-ALIGNMENT
    np = pytest.importorskip("numpy")
    array = np.arange(16, dtype=np.float32).reshape(4, 4)
    with pytest.raises(ValueError, match="contiguous"):
        tvm_ffi.from_dlpack(array.T, require_contiguous=True)
    assert tvm_ffi.from_dlpack(array, require_contiguous=True).is_contiguous()
    misaligned = np.zeros(17, dtype=np.uint8)[1:]
    with pytest.raises(ValueError, match="aligned"):
        tvm_ffi.from_dlpack(misaligned, require_alignment=16)
    with pytest.raises(ValueError, match="require_alignment"):
        tvm_ffi.from_dlpack(array, require_alignment=-1)


def test_from_dlpack_rejects_non_producers() -> None:
    with pytest.raises(TypeError, match="__dlpack__"):
        tvm_ffi.from_dlpack(object())

    class BadProducer:
        def __dlpack__(self, **kwargs: object) -> object:
            return "not a capsule"

    with pytest.raises(TypeError, match="capsule"):
        tvm_ffi.from_dlpack(BadProducer())


def test_from_dlpack_argument_errors() -> None:
    np = pytest.importorskip("numpy")
    array = np.zeros(4)
    with pytest.raises(TypeError, match="one positional argument"):
        tvm_ffi.from_dlpack()  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="one positional argument"):
        tvm_ffi.from_dlpack(array, 16)  # type: ignore[misc]
    with pytest.raises(TypeError, match="unexpected keyword argument 'alignment'"):
        tvm_ffi.from_dlpack(array, alignment=16)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        tvm_ffi.from_dlpack(array, require_alignment="16")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="require_alignment"):
        tvm_ffi.from_dlpack(array, require_alignment=2**40)
    # Truthiness, as for any flag: a non-bool that is false imposes nothing.
    assert tvm_ffi.from_dlpack(array[::2], require_contiguous=0).shape == (2,)


def test_from_dlpack_of_a_tensor_returns_it() -> None:
    np = pytest.importorskip("numpy")
    tensor = tvm_ffi.from_dlpack(np.zeros(4))
    assert tvm_ffi.from_dlpack(tensor) is tensor


def test_numpy_array_argument_becomes_tensor(core: object) -> None:
    np = pytest.importorskip("numpy")
    array = np.arange(5, dtype=np.int32)
    result = core._testing_echo(array)
    assert isinstance(result, tvm_ffi.Tensor)
    assert result.data_ptr() == array.ctypes.data
    before = sys.getrefcount(array)
    del result  # the import held the producer's export until now
    assert sys.getrefcount(array) == before - 1


# --- torch (DLPack C exchange API) ----------------------------------------------------------------
def test_torch_tensor_round_trips_as_torch_tensor(core: object) -> None:
    # SPEC: DLPACK-IMPORT-OWNERSHIP
    torch = pytest.importorskip("torch")
    x = torch.arange(6, dtype=torch.float32).reshape(2, 3)
    y = core._testing_echo(x)
    assert y is x  # the argument itself, not a re-import


def test_new_tensor_result_becomes_torch_when_inputs_are_torch(core: object) -> None:
    torch = pytest.importorskip("torch")
    np = pytest.importorskip("numpy")
    array = np.arange(4, dtype=np.float64)
    y = core._testing_apply(lambda t: tvm_ffi.from_dlpack(array), torch.zeros(1))
    assert isinstance(y, torch.Tensor)
    assert y.data_ptr() == array.ctypes.data
    assert y.tolist() == [0.0, 1.0, 2.0, 3.0]
    # without framework inputs the same result stays an ffi Tensor
    assert isinstance(core._testing_apply(lambda: tvm_ffi.from_dlpack(array)), tvm_ffi.Tensor)


def test_kept_view_outlives_the_call_and_stays_ffi_tensor(core: object) -> None:
    # SPEC: TENSOR-METADATA-LIFETIME
    torch = pytest.importorskip("torch")
    x = torch.arange(6).reshape(2, 3)
    kept = []
    core._testing_apply(kept.append, x)
    del x
    tensor = kept[0]
    assert isinstance(tensor, tvm_ffi.Tensor)
    assert tensor.shape == (2, 3)
    assert torch.from_dlpack(tensor).tolist() == [[0, 1, 2], [3, 4, 5]]
    assert isinstance(core._testing_echo(tensor), tvm_ffi.Tensor)


def test_torch_tensor_arguments_do_not_leak(core: object) -> None:
    torch = pytest.importorskip("torch")
    x = torch.zeros(3)
    before = sys.getrefcount(x)
    for _ in range(2000):
        core._testing_nop(x, x, x)
        core._testing_echo(x)
    assert sys.getrefcount(x) == before


def test_torch_from_dlpack_and_back(core: object) -> None:
    torch = pytest.importorskip("torch")
    x = torch.arange(8, dtype=torch.int16)[::2]
    tensor = tvm_ffi.from_dlpack(x)
    assert tensor.shape == (4,)
    assert tensor.strides == (2,)
    assert tensor.dtype == "int16"
    assert not tensor.is_contiguous()
    with pytest.raises(ValueError, match="contiguous"):
        tvm_ffi.from_dlpack(x, require_contiguous=True)
    back = torch.from_dlpack(tensor)
    assert back.data_ptr() == x.data_ptr()
    assert back.tolist() == [0, 2, 4, 6]
    # an ffi.Tensor passed with torch inputs absent stays an ffi Tensor
    assert isinstance(core._testing_echo(tensor), tvm_ffi.Tensor)


def test_callback_receives_ffi_tensor(core: object) -> None:
    torch = pytest.importorskip("torch")
    seen = []
    core._testing_apply(lambda t: seen.append((type(t), t.shape)), torch.ones(2, 2))
    assert seen == [(tvm_ffi.Tensor, (2, 2))]


@pytest.mark.cuda
def test_cuda_tensor_call_sees_the_torch_stream(core: object) -> None:
    # SPEC: ENV-STREAM-TLS
    torch = pytest.importorskip("torch")
    x = torch.ones(4, device="cuda")
    stream = torch.cuda.Stream()
    seen = []
    probe = tvm_ffi.Function(lambda t: seen.append(tvm_ffi.get_raw_stream(t.device)))
    with torch.cuda.stream(stream):
        core._testing_apply(probe, x)
    assert seen == [stream.cuda_stream]
    assert tvm_ffi.get_raw_stream("cuda:0") == 0
    y = core._testing_echo(x)
    assert isinstance(y, torch.Tensor)
    assert y.device.type == "cuda"
    assert y.data_ptr() == x.data_ptr()


@pytest.mark.cuda
def test_cuda_tensor_dlpack_round_trip() -> None:
    torch = pytest.importorskip("torch")
    x = torch.arange(10, device="cuda", dtype=torch.float32)
    tensor = tvm_ffi.from_dlpack(x)
    assert tensor.device == tvm_ffi.device("cuda:0")
    back = torch.from_dlpack(tensor)
    back += 1
    torch.cuda.synchronize()
    assert x[3].item() == 4.0
