"""Turn the case data into FFI values, and FFI values into plain comparable structures.

The case data is language-neutral JSON (conformance/cases/*.json).

A case value is JSON: null, true/false and integers stand for themselves; every other kind is a
one-key object such as ``{"str": "abc"}`` (the tags are listed in docs/conformance.md).
"""

from __future__ import annotations

import ctypes
import json
import math
import pathlib
import struct

import tvm_ffi

from conformance import runtime

CASES_DIR = pathlib.Path(__file__).parent / "cases"
# A case value is one tag key, plus "fields" (objects) or "tag" (made_by values).
_MAX_SPEC_KEYS = 2


def load_cases(cases_dir: pathlib.Path = CASES_DIR) -> list[dict]:
    """Every case of every file, in file then listed order; ids must be unique."""
    cases, seen = [], set()
    for path in sorted(cases_dir.glob("*.json")):
        for case in json.loads(path.read_text(encoding="utf-8"))["cases"]:
            if case["id"] in seen:
                raise ValueError(f"{path.name}: duplicate case id {case['id']!r}")
            seen.add(case["id"])
            cases.append(case)
    return cases


def _text(spec: object) -> str:
    """Expand a string given inline or as {"repeat": s, "count": n} (as the 1 MiB cases are)."""
    if isinstance(spec, dict):
        return spec["repeat"] * spec["count"]
    return spec


class Builder:
    """Builds the FFI value a case describes.

    ``makers`` maps a language to its ``make`` Function, for values only a module can build
    (``{"made_by": lang, "tag": t}``).
    """

    def __init__(self, makers: dict[str, object]) -> None:
        self.makers = makers

    def build(self, spec: object) -> object:
        """Return the FFI value ``spec`` describes; LookupError if its module is not loaded."""
        if spec is None or isinstance(spec, (bool, int)):
            return spec
        if not isinstance(spec, dict) or len(spec) > _MAX_SPEC_KEYS:
            raise ValueError(f"bad case value {spec!r}")
        tag, arg = next(iter(spec.items()))
        if tag == "int":
            return int(arg)
        if tag == "float":
            return float(arg)
        if tag == "str":
            return _text(arg)
        if tag == "bytes":
            return _text(arg).encode("latin-1")
        if tag == "ptr":
            return ctypes.c_void_p(arg)
        if tag == "dtype":
            return tvm_ffi.dtype(arg)
        if tag == "device":
            return tvm_ffi.device(arg[0], arg[1])
        if tag == "shape":
            return tvm_ffi.Shape(arg)
        if tag == "optional":
            return self.build(arg)
        if tag in ("array", "list"):
            items = [self.build(v) for v in arg]
            return tvm_ffi.Array(items) if tag == "array" else tvm_ffi.List(items)
        if tag in ("map", "dict"):
            items = {self.build(k): self.build(v) for k, v in arg}
            return tvm_ffi.Map(items) if tag == "map" else tvm_ffi.Dict(items)
        if tag == "tensor":
            return tvm_ffi.from_dlpack(_torch_tensor(arg))
        if tag == "object":
            return self._object(arg, spec.get("fields", {}))
        if tag == "made_by":
            if arg not in self.makers:
                raise LookupError(f"needs the {arg!r} module")
            return self.makers[arg](spec["tag"], "")
        raise ValueError(f"unknown case value tag {tag!r}")

    def _object(self, type_key: str, fields: dict) -> object:
        args = [type_key]
        for name, value in fields.items():
            args += [name, self.build(value)]
        return tvm_ffi.get_global_func("ffi.MakeObjectFromPackedArgs")(*args)


def _torch_tensor(spec: dict) -> object:
    import torch  # noqa: PLC0415 - only the tensor cases need torch

    dtype = spec["dtype"]
    shape = spec["shape"]
    if dtype == "float4_e2m1fnx2":  # torch builds this packed type only by reinterpreting bytes
        t = (
            torch.arange(math.prod(shape), dtype=torch.uint8)
            .reshape(shape)
            .view(torch.float4_e2m1fn_x2)
        )
    else:
        t = (
            torch.arange(math.prod(shape), dtype=torch.float32)
            .reshape(shape)
            .to(getattr(torch, dtype))
        )
    if spec.get("transpose"):
        t = t.reshape(list(reversed(shape))).t()
    if "slice" in spec:
        start, stop, step = spec["slice"]
        t = t[start:stop:step]
    return t


def normalize(x: object) -> object:
    """Return a plain structure that compares equal exactly when two FFI values are the same value.

    Objects without value semantics (tensors, functions, reflected objects) compare by identity:
    crossing a language must hand back the very same object.
    """
    if x is None or isinstance(x, bool):
        return x
    if isinstance(x, int):
        return ("int", x)
    if isinstance(x, float):
        return ("float", struct.pack("<d", x))  # bitwise, so NaN == NaN and -0.0 != 0.0
    if isinstance(x, ctypes.c_void_p):
        return ("ptr", x.value or 0)
    if isinstance(x, tvm_ffi.dtype):
        return ("dtype", str(x))
    if isinstance(x, str):
        return ("str", str(x))
    if isinstance(x, (bytes, bytearray)):
        return ("bytes", bytes(x))
    if isinstance(x, tvm_ffi.Device):
        return ("device", x.dlpack_device_type(), x.index)
    if isinstance(x, tvm_ffi.Shape):
        return ("shape", tuple(x))
    if isinstance(x, tvm_ffi.Tensor):
        return ("ffi.Tensor", runtime.object_handle(x))
    if isinstance(x, tvm_ffi.Function):
        return ("ffi.Function", runtime.object_handle(x))
    key = runtime.type_key(x)
    if key in ("ffi.Array", "ffi.List"):
        return (key, tuple(normalize(v) for v in x))
    if key in ("ffi.Map", "ffi.Dict"):
        return (key, frozenset((normalize(k), normalize(v)) for k, v in x.items()))
    return (key, runtime.object_handle(x))
