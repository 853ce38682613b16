# ffi/python/tests/test_stream.py: tests of StreamContext, use_raw_stream and get_raw_stream.
"""The calling thread's stream table as seen from Python and from a callee."""

from __future__ import annotations

import ctypes
import threading

import pytest

import tvm_ffi


def test_stream_context_sets_and_restores() -> None:
    # SPEC: ENV-STREAM-TLS
    dev = tvm_ffi.device("cuda:0")
    assert tvm_ffi.get_raw_stream(dev) == 0
    with tvm_ffi.StreamContext(dev, 0x1000):
        assert tvm_ffi.get_raw_stream(dev) == 0x1000
        with tvm_ffi.use_raw_stream("cuda:0", ctypes.c_void_p(0x2000)):
            assert tvm_ffi.get_raw_stream("cuda:0") == 0x2000
        assert tvm_ffi.get_raw_stream(dev) == 0x1000
    assert tvm_ffi.get_raw_stream(dev) == 0


def test_stream_is_visible_to_the_callee_thread_only(core: object) -> None:
    # SPEC: ENV-STREAM-TLS
    seen = []
    probe = lambda: seen.append(tvm_ffi.get_raw_stream("cuda:1"))  # noqa: E731
    with tvm_ffi.use_raw_stream("cuda:1", 0x3000):
        core._testing_apply(probe)
        thread = threading.Thread(target=probe)
        thread.start()
        thread.join()
    assert seen == [0x3000, 0]


def test_stream_for_out_of_range_device_raises_value_error(core: object) -> None:
    # SPEC: ENV-STREAM-RANGE
    with pytest.raises(ValueError):
        core.env_set_stream(300, 0, 1)
    assert core.env_get_stream(300, 0) == 0
    with pytest.raises(ValueError):
        tvm_ffi.device("cuda", -1)


@pytest.mark.cuda
def test_use_torch_stream_mirrors_the_torch_stream() -> None:
    torch = pytest.importorskip("torch")
    stream = torch.cuda.Stream()
    with tvm_ffi.use_torch_stream(torch.cuda.stream(stream)):
        assert torch.cuda.current_stream() == stream
        assert tvm_ffi.get_raw_stream("cuda:0") == stream.cuda_stream
    assert tvm_ffi.get_raw_stream("cuda:0") == 0
