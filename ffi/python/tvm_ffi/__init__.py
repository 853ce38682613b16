# ffi/python/tvm_ffi/__init__.py: package entry point; stays thin so that importing it is cheap.
"""Python package of tvm-ffi, an implementation of the TVM FFI stable C ABI.

The package ships ``libtvm_ffi`` (in ``lib/``), its headers (in ``include/``) and a CMake package
(in ``lib/cmake/tvm_ffi``); :mod:`tvm_ffi.libinfo` finds them and :mod:`tvm_ffi.config` is the
``tvm-ffi-config`` command line tool.

Importing this package loads nothing native and imports nothing third-party (in particular
neither torch nor numpy); it imports only :mod:`tvm_ffi._version`, so that it stays within the
30 ms import budget. Every other public name (``Function``, ``Tensor``, ``dtype``...) is resolved
on first attribute access (PEP 562), which loads the native core ``tvm_ffi._core`` and the
pure-Python modules on top of it. ``python -m tvm_ffi.config`` therefore never loads the core.
The runtime library itself can also be loaded explicitly, with ``RTLD_GLOBAL``, by
:func:`load_lib`.
"""

from __future__ import annotations

import _thread  # builtin, unlike `threading`, so the lock below costs no import time

from ._version import __abi_version__, __version__

# Same meaning as typing.TYPE_CHECKING (type checkers recognise the name) without importing
# `typing` at run time.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import ctypes

    from . import access_path, config, libinfo, structural
    from ._container import Array, Dict, List, Map
    from ._convert import convert, convert_func
    from ._device import Device, DLDeviceType, device
    from ._dtype import dtype
    from ._dtype_literals import (
        bfloat16,
        bool,
        float4_e2m1fn,
        float4_e2m1fnx2,
        float6_e2m3fn,
        float6_e3m2fn,
        float8_e3m4,
        float8_e4m3,
        float8_e4m3b11fnuz,
        float8_e4m3fn,
        float8_e4m3fnuz,
        float8_e5m2,
        float8_e5m2fnuz,
        float8_e8m0fnu,
        float16,
        float32,
        float64,
        int8,
        int16,
        int32,
        int64,
        uint8,
        uint16,
        uint32,
        uint64,
    )
    from ._error import register_error
    from ._function import (
        Function,
        get_global_func,
        get_global_func_metadata,
        init_ffi_api,
        list_global_func_names,
        register_global_func,
        remove_global_func,
    )
    from ._module import Module, ModulePropertyMask, load_module, system_lib
    from ._object import FieldProperty, Object, register_object
    from ._shape import Shape
    from ._stream import StreamContext, get_raw_stream, use_raw_stream, use_torch_stream
    from ._string import Bytes, String
    from ._tensor import Tensor, from_dlpack
    from .structural import (
        StructuralKey,
        get_first_structural_mismatch,
        structural_equal,
        structural_hash,
    )

# Public name -> the private module that defines it (imported on first access).
_LAZY_ATTRS: dict[str, str] = {
    "Array": "_container",
    "Bytes": "_string",
    "DLDeviceType": "_device",
    "Device": "_device",
    "Dict": "_container",
    "FieldProperty": "_object",
    "Function": "_function",
    "List": "_container",
    "Map": "_container",
    "Module": "_module",
    "ModulePropertyMask": "_module",
    "Object": "_object",
    "Shape": "_shape",
    "StreamContext": "_stream",
    "String": "_string",
    "StructuralKey": "structural",
    "Tensor": "_tensor",
    "convert": "_convert",
    "convert_func": "_convert",
    "device": "_device",
    "dtype": "_dtype",
    "from_dlpack": "_tensor",
    "get_global_func": "_function",
    "get_first_structural_mismatch": "structural",
    "get_global_func_metadata": "_function",
    "init_ffi_api": "_function",
    "get_raw_stream": "_stream",
    "load_module": "_module",
    "list_global_func_names": "_function",
    "register_error": "_error",
    "register_global_func": "_function",
    "register_object": "_object",
    "remove_global_func": "_function",
    "structural_equal": "structural",
    "structural_hash": "structural",
    "system_lib": "_module",
    "use_raw_stream": "_stream",
    "use_torch_stream": "_stream",
}
# tvm_ffi.float32, tvm_ffi.int8 ...: dtype values.
_DTYPE_LITERALS = (
    "bool int8 int16 int32 int64 uint8 uint16 uint32 uint64 float16 float32 float64 bfloat16 "
    "float8_e3m4 float8_e4m3 float8_e4m3b11fnuz float8_e4m3fn float8_e4m3fnuz float8_e5m2 "
    "float8_e5m2fnuz float8_e8m0fnu float6_e2m3fn float6_e3m2fn float4_e2m1fn float4_e2m1fnx2"
).split()
_LAZY_ATTRS.update(dict.fromkeys(_DTYPE_LITERALS, "_dtype_literals"))

__all__ = [
    "Array",
    "Bytes",
    "DLDeviceType",
    "Device",
    "Dict",
    "FieldProperty",
    "Function",
    "List",
    "Map",
    "Module",
    "ModulePropertyMask",
    "Object",
    "Shape",
    "StreamContext",
    "String",
    "StructuralKey",
    "Tensor",
    "__abi_version__",
    "__version__",
    "access_path",
    "bfloat16",
    "bool",
    "config",
    "convert",
    "convert_func",
    "device",
    "dtype",
    "float4_e2m1fn",
    "float4_e2m1fnx2",
    "float6_e2m3fn",
    "float6_e3m2fn",
    "float8_e3m4",
    "float8_e4m3",
    "float8_e4m3b11fnuz",
    "float8_e4m3fn",
    "float8_e4m3fnuz",
    "float8_e5m2",
    "float8_e5m2fnuz",
    "float8_e8m0fnu",
    "float16",
    "float32",
    "float64",
    "from_dlpack",
    "get_first_structural_mismatch",
    "get_global_func",
    "get_global_func_metadata",
    "get_raw_stream",
    "init_ffi_api",
    "int8",
    "int16",
    "int32",
    "int64",
    "libinfo",
    "list_global_func_names",
    "load_lib",
    "load_module",
    "register_error",
    "register_global_func",
    "register_object",
    "remove_global_func",
    "structural",
    "structural_equal",
    "structural_hash",
    "system_lib",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "use_raw_stream",
    "use_torch_stream",
]

# Submodules imported on first access: `cpp` (the JIT), `testing` (loads libtvm_ffi_testing),
# `serialization`, `structural` and `access_path` (they load the native core).
_LAZY_SUBMODULES = frozenset(
    {"access_path", "config", "cpp", "libinfo", "serialization", "structural", "testing"}
)
_LIB: ctypes.CDLL | None = None
_LIB_LOCK = _thread.allocate_lock()


def load_lib() -> ctypes.CDLL:
    """Load ``libtvm_ffi`` once, globally, and return its handle.

    Returns
    -------
    ctypes.CDLL
        The library, loaded with ``RTLD_GLOBAL``; later calls return the same object.

    Raises
    ------
    RuntimeError
        If the library cannot be found (see :func:`tvm_ffi.libinfo.find_libtvm_ffi`).
    OSError
        If the dynamic loader rejects the file.
    """
    global _LIB  # noqa: PLW0603 - a process-wide cache is the point of this function
    if _LIB is None:
        with _LIB_LOCK:
            if _LIB is None:
                from . import libinfo  # noqa: PLC0415 - deferred to keep the import cheap

                _LIB = libinfo.load_lib_ctypes()
    return _LIB


def __getattr__(name: str) -> object:
    """Resolve the public API and :mod:`tvm_ffi.libinfo`/:mod:`tvm_ffi.config` lazily (PEP 562)."""
    module_name = _LAZY_ATTRS.get(name)
    if module_name is None and name not in _LAZY_SUBMODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib  # noqa: PLC0415 - only on first access

    if module_name is None:
        return importlib.import_module(f"{__name__}.{name}")
    value = getattr(importlib.import_module(f"{__name__}.{module_name}"), name)
    globals()[name] = value  # later accesses skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
