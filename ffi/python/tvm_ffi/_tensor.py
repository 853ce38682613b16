# ffi/python/tvm_ffi/_tensor.py: tvm_ffi.Tensor and tvm_ffi.from_dlpack.
"""Tensors (SPEC §8.3, §9).

A :class:`Tensor` is an ``ffi.Tensor`` object: a DLTensor owned by the FFI. :func:`from_dlpack`
imports any DLPack producer without copying; frameworks that publish the DLPack C exchange API
on their tensor type (torch >= 2.10) are imported through it, never through ``__dlpack__``.
"""

from __future__ import annotations

from ._base import core

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ._shape import Shape

__all__ = ["Tensor", "from_dlpack"]


class Tensor(core.Tensor):
    """An N-d array held by the FFI (``ffi.Tensor``).

    ``shape``, ``strides`` (in elements), ``ndim``, ``dtype``, ``device``, ``byte_offset`` and
    ``data_ptr()`` read the underlying DLTensor. ``__dlpack__(*, stream=None, max_version=None,
    dl_device=None, copy=None)`` exports a DLPack capsule (versioned when ``max_version`` is
    ``(1, x)`` or above; ``copy=True`` and other devices raise ``BufferError``: no copy is ever
    made) and ``__dlpack_device__()`` gives ``(device_type, device_id)``.
    """

    __slots__ = ()

    def numel(self) -> int:
        """Return the number of elements."""
        count = 1
        for extent in self.shape:
            count *= extent
        return count

    def size(self, dim: int | None = None) -> Shape | int:
        """Return the shape, or the extent of dimension ``dim``."""
        return self.shape if dim is None else self.shape[dim]

    def is_contiguous(self) -> bool:
        """Whether the layout is compact row-major."""
        expected = 1
        for extent, stride in zip(reversed(self.shape), reversed(self.strides)):
            if extent == 0:
                return True
            if extent != 1 and stride != expected:
                return False
            expected *= extent
        return True

    def __repr__(self) -> str:
        return f"<tvm_ffi.Tensor shape={tuple(self.shape)} dtype={self.dtype} device={self.device}>"


# Implemented in C (METH_FASTCALL | METH_KEYWORDS) with its docstring and signature there: a
# Python-level wrapper cost as much as importing the tensor itself.
from_dlpack = core.from_dlpack


core.register_object_class(core.Tensor.__tvm_ffi_type_index__, Tensor)
