# ffi/python/tvm_ffi/_stream.py: the calling thread's current stream per device (SPEC §11).
"""Streams: what ``TVMFFIEnvGetStream`` returns to a callee.

:class:`StreamContext` sets the stream of one device for the calling thread and restores the
previous one on exit. Calls that receive torch tensors pick up torch's current stream on their
own (through the DLPack exchange API); :func:`use_torch_stream` additionally makes a torch stream
current for code that launches work without tensor arguments.
"""

from __future__ import annotations

from ._base import core
from ._device import Device

TYPE_CHECKING = False
if TYPE_CHECKING:
    from types import TracebackType

__all__ = ["StreamContext", "get_raw_stream", "use_raw_stream", "use_torch_stream"]


def _stream_address(stream: object) -> int:
    if stream is None:
        return 0
    value = getattr(stream, "value", stream)  # ctypes.c_void_p
    if value is None:
        return 0
    return int(value)  # type: ignore[call-overload]


class StreamContext:
    """Make ``stream`` the current stream of ``device`` inside a ``with`` block.

    Parameters
    ----------
    device
        The device (anything :class:`Device` accepts).
    stream
        The raw stream handle (``cudaStream_t`` as an int or ``ctypes.c_void_p``; 0 or None is
        the default stream).
    """

    def __init__(self, device: object, stream: object) -> None:
        self.device = device if isinstance(device, Device) else Device(device)
        self.stream = _stream_address(stream)
        self._previous: list[int] = []

    def __enter__(self) -> StreamContext:
        dev = self.device
        self._previous.append(core.env_set_stream(dev.dlpack_device_type(), dev.index, self.stream))
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        dev = self.device
        core.env_set_stream(dev.dlpack_device_type(), dev.index, self._previous.pop())


def use_raw_stream(device: object, stream: object) -> StreamContext:
    """Return a :class:`StreamContext` for a raw stream handle."""
    return StreamContext(device, stream)


def get_raw_stream(device: object) -> int:
    """Return the calling thread's current stream for ``device`` (0 when none is set)."""
    dev = device if isinstance(device, Device) else Device(device)
    return core.env_get_stream(dev.dlpack_device_type(), dev.index)


class _TorchStreamContext:
    """Enter a torch stream context (if given) and mirror its stream into the FFI env."""

    def __init__(self, context: object) -> None:
        self._context = context
        self._inner: StreamContext | None = None

    def __enter__(self) -> _TorchStreamContext:
        import torch  # noqa: PLC0415 - only when the caller uses torch streams

        context = self._context
        if context is not None and hasattr(context, "__enter__"):
            context.__enter__()
        stream = context if isinstance(context, torch.cuda.Stream) else None
        if stream is None and context is not None:
            stream = getattr(context, "stream", None)
        if stream is None:
            stream = torch.cuda.current_stream()
        self._inner = StreamContext(Device("cuda", stream.device.index or 0), stream.cuda_stream)
        self._inner.__enter__()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._inner is not None:
            self._inner.__exit__(exc_type, exc, tb)
        context = self._context
        if context is not None and hasattr(context, "__exit__"):
            context.__exit__(exc_type, exc, tb)


def use_torch_stream(context: object = None) -> _TorchStreamContext:
    """Use a torch CUDA stream as the FFI stream inside a ``with`` block.

    Parameters
    ----------
    context
        ``None`` (torch's current stream), a ``torch.cuda.Stream``, or a
        ``torch.cuda.StreamContext`` (``torch.cuda.stream(s)``), which is entered too.
    """
    return _TorchStreamContext(context)
