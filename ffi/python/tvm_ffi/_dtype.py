# ffi/python/tvm_ffi/_dtype.py: tvm_ffi.dtype, a str subclass carrying a DLDataType.
"""Data types (SPEC §10).

:class:`dtype` is a ``str`` (so it can be passed wherever an array library takes a dtype name)
that also carries the DLPack ``(code, bits, lanes)`` triple. It converts from and to torch and
numpy dtypes without importing either library until such a value is actually used.
"""

from __future__ import annotations

from ._base import core

TYPE_CHECKING = False
if TYPE_CHECKING:
    import numpy
    import torch

__all__ = ["dtype"]

_INT, _UINT, _FLOAT, _HANDLE, _BFLOAT, _BOOL = 0, 1, 2, 3, 4, 6
_U8_MAX, _U16_MAX = 0xFF, 0xFFFF
# Float8/6/4 codes of DLPack 1.1 and later.
_FLOAT_LIKE = {_FLOAT, _BFLOAT, *range(7, 18)}


def _text_of(value: object) -> str:
    """Return the dtype string of a str, torch dtype, numpy dtype or numpy scalar type."""
    if isinstance(value, str):
        return value
    cls = value if isinstance(value, type) else type(value)
    module = cls.__module__
    if module == "torch" and not isinstance(value, type):
        text = str(value)  # "torch.float32"
        return text[len("torch.") :] if text.startswith("torch.") else text
    if module.startswith(("numpy", "ml_dtypes")):
        import numpy  # noqa: PLC0415 - the caller already has numpy loaded

        return numpy.dtype(value).name
    raise TypeError(f"cannot interpret {value!r} as a dtype")


class dtype(str):
    """A data type: a ``str`` that also holds the DLPack type triple.

    Parameters
    ----------
    value
        A dtype string (``"float32"``, ``"int8x4"``, ``"bool"``...), a ``torch.dtype``, a numpy
        dtype or numpy scalar type, or another :class:`dtype`.

    Raises
    ------
    ValueError
        If the string is not a dtype.
    TypeError
        If the value cannot be read as a dtype.
    """

    __slots__ = ("_tvm_ffi_dtype",)
    _tvm_ffi_dtype: int  # code | bits << 8 | lanes << 16

    def __new__(cls, value: object) -> dtype:
        if isinstance(value, dtype):
            return value
        text = _text_of(value)
        packed = core.dtype_parse(text)
        obj = str.__new__(cls, text)
        obj._tvm_ffi_dtype = packed
        return obj

    @staticmethod
    def from_dlpack_data_type(triple: tuple[int, int, int]) -> dtype:
        """Create a dtype from a DLPack ``(type_code, bits, lanes)`` triple."""
        code, bits, lanes = triple
        if not (0 <= code <= _U8_MAX and 0 <= bits <= _U8_MAX and 0 <= lanes <= _U16_MAX):
            raise ValueError(f"invalid DLPack data type {triple!r}")
        return _from_packed(code | (bits << 8) | (lanes << 16))

    @property
    def type_code(self) -> int:
        """DLPack type code (``DLDataTypeCode``)."""
        return self._tvm_ffi_dtype & 0xFF

    @property
    def bits(self) -> int:
        """Bits per lane."""
        return (self._tvm_ffi_dtype >> 8) & 0xFF

    @property
    def lanes(self) -> int:
        """Number of lanes (1 for scalars)."""
        return (self._tvm_ffi_dtype >> 16) & 0xFFFF

    @property
    def itemsize(self) -> int:
        """Bytes per element, rounded up for sub-byte types."""
        return (self.bits * self.lanes + 7) // 8

    def with_lanes(self, lanes: int) -> dtype:
        """Return the same element type with ``lanes`` lanes."""
        return dtype.from_dlpack_data_type((self.type_code, self.bits, lanes))

    def is_float(self) -> bool:
        """Whether this is a floating-point type (float, bfloat, float8/6/4)."""
        return self.type_code in _FLOAT_LIKE

    def is_integer(self) -> bool:
        """Whether this is a signed or unsigned integer type."""
        return self.type_code in (_INT, _UINT)

    def is_bool(self) -> bool:
        """Whether this is the bool type."""
        return self.type_code == _BOOL

    def is_handle(self) -> bool:
        """Whether this is an opaque handle type."""
        return self.type_code == _HANDLE

    def to_torch(self) -> torch.dtype:
        """Return the matching ``torch.dtype`` (imports torch)."""
        import torch  # noqa: PLC0415 - only when asked for

        if self.lanes != 1:
            raise ValueError(f"torch has no dtype for vector type {self}")
        result = getattr(torch, str(self), None)
        if not isinstance(result, torch.dtype):
            raise ValueError(f"torch has no dtype {self}")
        return result

    def to_numpy(self) -> numpy.dtype:
        """Return the matching ``numpy.dtype`` (imports numpy; ml_dtypes for bfloat16/float8)."""
        import numpy  # noqa: PLC0415 - only when asked for

        if self.lanes != 1:
            raise ValueError(f"numpy has no dtype for vector type {self}")
        try:
            return numpy.dtype(str(self))
        except TypeError:
            import ml_dtypes  # noqa: PLC0415 - optional, for bfloat16/float8

            return numpy.dtype(getattr(ml_dtypes, str(self)))

    def __repr__(self) -> str:
        return f"dtype('{self}')"

    def __reduce__(self) -> tuple[type, tuple[str]]:
        return (dtype, (str(self),))


def _from_packed(packed: int) -> dtype:
    """Return the dtype of a packed DLDataType (called by ``_core`` for DataType results)."""
    obj = str.__new__(dtype, core.dtype_to_str(packed))
    obj._tvm_ffi_dtype = packed
    return obj


core._set_hook("dtype", dtype)
core._set_hook("dtype_from_packed", _from_packed)
