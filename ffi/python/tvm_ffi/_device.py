# ffi/python/tvm_ffi/_device.py: tvm_ffi.Device and tvm_ffi.device().
"""Devices: a DLPack ``(device_type, device_id)`` pair with torch-style names (``"cuda:0"``)."""

from __future__ import annotations

from enum import IntEnum

from ._base import core

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
__all__ = ["DLDeviceType", "Device", "device"]


class DLDeviceType(IntEnum):
    """DLPack device type codes (``DLDeviceType`` in ``dlpack.h``)."""

    kDLCPU = 1
    kDLCUDA = 2
    kDLCUDAHost = 3
    kDLOpenCL = 4
    kDLVulkan = 7
    kDLMetal = 8
    kDLVPI = 9
    kDLROCM = 10
    kDLROCMHost = 11
    kDLExtDev = 12
    kDLCUDAManaged = 13
    kDLOneAPI = 14
    kDLWebGPU = 15
    kDLHexagon = 16
    kDLMAIA = 17
    kDLTrn = 18


_NAME_TO_TYPE: dict[str, int] = {
    "cpu": 1,
    "cuda": 2,
    "cuda_host": 3,
    "opencl": 4,
    "vulkan": 7,
    "metal": 8,
    "mps": 8,
    "vpi": 9,
    "rocm": 10,
    "rocm_host": 11,
    "ext_dev": 12,
    "cuda_managed": 13,
    "oneapi": 14,
    "webgpu": 15,
    "wgpu": 15,
    "hexagon": 16,
    "maia": 17,
    "trn": 18,
}
# The first name listed for a type is its canonical name.
_TYPE_TO_NAME: dict[int, str] = {}
for _name, _code in _NAME_TO_TYPE.items():
    _TYPE_TO_NAME.setdefault(_code, _name)
del _name, _code


def _parse(device_type: object, index: int | None) -> tuple[int, int]:
    if isinstance(device_type, core.Device):
        if index is not None:
            raise TypeError("Device(device, index): a Device already has an index")
        return device_type._device_type, device_type.index
    if isinstance(device_type, str):
        name, sep, rest = device_type.partition(":")
        if sep:
            if index is not None:
                raise ValueError(f"device {device_type!r} already names an index")
            try:
                index = int(rest)
            except ValueError:
                raise ValueError(f"invalid device string {device_type!r}") from None
        code = _NAME_TO_TYPE.get(name.strip().lower())
        if code is None:
            raise ValueError(f"unknown device type {name!r}")
        return code, 0 if index is None else index
    if isinstance(device_type, int):
        return int(device_type), 0 if index is None else index
    # Duck-typed torch.device (`type` name and `index`), without importing torch.
    type_name = getattr(device_type, "type", None)
    if isinstance(type_name, str):
        dev_index = getattr(device_type, "index", None)
        return _parse(type_name, dev_index if index is None else index)
    raise TypeError(f"cannot interpret {device_type!r} as a device")


class Device(core.Device):
    """A device: DLPack device type plus ordinal.

    Parameters
    ----------
    device_type
        A name (``"cpu"``, ``"cuda"``, ``"cuda:1"``...), a DLPack type code, a ``torch.device``,
        or another :class:`Device`.
    index
        The ordinal (default 0, or the one in the name).

    Raises
    ------
    ValueError
        For an unknown name or a negative index.
    """

    __slots__ = ()

    def __new__(cls, device_type: object, index: int | None = None) -> Device:
        code, dev_index = _parse(device_type, index)
        return super().__new__(cls, code, dev_index)

    @property
    def type(self) -> str:
        """Canonical name of the device type, e.g. ``"cuda"``."""
        code = self._device_type
        return _TYPE_TO_NAME.get(code, f"device_type_{code}")

    def dlpack_device_type(self) -> int:
        """Return the DLPack device type code."""
        return self._device_type

    def __repr__(self) -> str:
        return f"device(type='{self.type}', index={self.index})"

    def __str__(self) -> str:
        return f"{self.type}:{self.index}"

    def __reduce__(self) -> tuple[Callable[..., Device], tuple[int, int]]:
        return (Device, (self._device_type, self.index))


def device(device_type: object, index: int | None = None) -> Device:
    """Create a :class:`Device`, e.g. ``device("cuda:0")`` or ``device("cpu")``."""
    return Device(device_type, index)


core._set_hook("Device", Device)
