"""The Python implementation of the conformance API, registered as ``conformance.python.<name>``.

Python values are already native here: the binding decodes every argument and re-encodes every
return value, which is exactly what ``relay`` must exercise.
"""

from __future__ import annotations

import builtins
import ctypes
import struct
import zlib
from collections.abc import Iterable

import tvm_ffi

from conformance import runtime

PREFIX = "conformance.python."
_CONTAINERS = ("ffi.Array", "ffi.List", "ffi.Map", "ffi.Dict")
# raise_error takes kind and message, optionally followed by this pair: cause kind and message.
_CAUSE_ARGS = 2


def _digest(data: bytes) -> str:
    return f"{len(data)}:{zlib.crc32(data):08x}"


def _dims(values: Iterable[int]) -> str:
    return "[" + ",".join(str(int(v)) for v in values) + "]"


def describe(x: object) -> str:
    """Return the ``inspect`` text of a value; the format is defined in docs/conformance.md."""
    if x is None:
        return "None"
    if isinstance(x, bool):
        return f"bool:{int(x)}"
    if isinstance(x, int):
        return f"int:{x}"
    if isinstance(x, float):
        (bits,) = struct.unpack("<Q", struct.pack("<d", x))
        return f"float:{bits:016x}"
    if isinstance(x, ctypes.c_void_p):
        return f"ptr:{x.value or 0:x}"
    if isinstance(x, tvm_ffi.dtype):
        return f"dtype:{x}"
    if isinstance(x, str):
        return "str:" + _digest(x.encode("utf-8", "surrogatepass"))
    if isinstance(x, (bytes, bytearray)):
        return "bytes:" + _digest(bytes(x))
    if isinstance(x, tvm_ffi.Device):
        return f"device:{x.dlpack_device_type()}:{x.index}"
    if isinstance(x, tvm_ffi.Shape):
        return "ffi.Shape:" + _dims(x)
    if isinstance(x, tvm_ffi.Tensor):
        dev = x.device
        return (
            f"ffi.Tensor:{x.dtype}:{_dims(x.shape)}:{_dims(x.strides)}:"
            f"{runtime.tensor_byte_offset(x)}:{dev.dlpack_device_type()}:{dev.index}"
        )
    if isinstance(x, tvm_ffi.Function):
        return "ffi.Function"
    key = runtime.type_key(x)
    return f"{key}:{len(x)}" if key in _CONTAINERS else key


def echo(x: object) -> object:
    """Return the argument unchanged (a round trip through the binding)."""
    return x


def _require_str(fn: str, name: str, value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(
            f"conformance.python.{fn}: `{name}` must be a str, got {type(value).__name__}"
        )
    return str(value)


def make(tag: str, text: str) -> object:
    """Build the value a case names from its text form (tags listed in docs/conformance.md)."""
    tag, text = _require_str("make", "tag", tag), _require_str("make", "text", text)
    if tag == "int":
        return int(text)
    if tag == "str":
        return text
    if tag == "dtype":
        return tvm_ffi.dtype(text)
    if tag == "shape":
        return tvm_ffi.Shape([int(v) for v in text.split(",") if v])
    if tag == "list":
        return tvm_ffi.List([int(v) for v in text.split(",") if v])
    raise ValueError(
        f"conformance.python.make: unknown tag {tag!r}; expected int, str, dtype, shape or list"
    )


def mutate(x: object) -> None:
    """Append "mutated" to a List, or set Dict["mutated"] = True, in place."""
    if isinstance(x, tvm_ffi.List):
        x.append("mutated")
    elif isinstance(x, tvm_ffi.Dict):
        x["mutated"] = True
    else:
        raise TypeError(
            f"conformance.python.mutate: expected a List or Dict, got {type(x).__name__}"
        )


def call_back(f: object, *args: object) -> object:
    """Call ``f`` with ``args`` and return its result."""
    return f(*args)


def raise_error(kind: str, message: str, *cause: str) -> None:
    """Raise an error of ``kind`` with ``message``, from a ``cause`` (kind, message) if given."""
    # _require_str returns a plain str: the reference binding passes a str subclass and crashes
    # if that becomes the message (see conformance/KNOWN_DIFFERENCES.md).
    kind = _require_str("raise_error", "kind", kind)
    error = _error_class(kind)(_require_str("raise_error", "message", message))
    if not cause:
        raise error
    if len(cause) != _CAUSE_ARGS:
        raise TypeError(
            f"conformance.python.raise_error: expected 2 or 4 arguments, got {2 + len(cause)}"
        )
    cause_kind = _require_str("raise_error", "cause_kind", cause[0])
    raise error from _error_class(cause_kind)(
        _require_str("raise_error", "cause_message", cause[1])
    )


def _error_class(kind: str) -> type:
    builtin = getattr(builtins, kind, None)
    if isinstance(builtin, type) and issubclass(builtin, Exception):
        return builtin
    return _custom_error(kind)


_CUSTOM: dict[str, type] = {}


def _custom_error(kind: str) -> type:
    """Return the exception class for a custom kind, registered so the binding keeps the kind."""
    if kind not in _CUSTOM:
        cls = type(kind, (RuntimeError,), {})
        tvm_ffi.register_error(cls)
        _CUSTOM[kind] = cls
    return _CUSTOM[kind]


def relay(callee: object, *args: object) -> object:
    """Call ``callee`` with ``args``: Python decodes and re-encodes both ways."""
    return callee(*args)


def register() -> None:
    """Register the API as globals (idempotent)."""
    for name, fn in (
        ("echo", echo),
        ("inspect", describe),
        ("make", make),
        ("mutate", mutate),
        ("call_back", call_back),
        ("raise_error", raise_error),
        ("relay", relay),
    ):
        tvm_ffi.register_global_func(PREFIX + name, fn, override=True)
