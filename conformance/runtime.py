"""The few places where our ``tvm_ffi`` and the reference ``apache-tvm-ffi`` differ for the driver.

Everything else in the driver uses API both packages share (abi-facts section 3): get_global_func,
register_global_func, from_dlpack, Shape, dtype, device, Array/Map and the Function call path.
Switching to ``tvm_ffi.load_module`` once both have it is a change to :func:`load_module` only.
"""

from __future__ import annotations

import ctypes
import os

import tvm_ffi


def is_reference() -> bool:
    """Tell whether the imported ``tvm_ffi`` is the reference wheel (it has a Cython ``core``)."""
    return hasattr(tvm_ffi, "core")


def lib_path() -> str:
    """Path of the libtvm_ffi that this process runs on."""
    lib = tvm_ffi.LIB if is_reference() else tvm_ffi.load_lib()
    return lib._name


def load_testing_lib() -> None:
    """Load libtvm_ffi_testing (next to libtvm_ffi) so the testing.* globals and types exist."""
    if tvm_ffi.get_global_func("testing.object_use_count", allow_missing=True) is not None:
        return
    path = os.path.join(os.path.dirname(os.path.realpath(lib_path())), "libtvm_ffi_testing.so")
    ctypes.CDLL(path, mode=ctypes.RTLD_GLOBAL)


def load_module(path: str) -> object:
    """Load a module shared library; returns the Module object.

    The conformance modules do not link libtvm_ffi (so one binary serves both runtimes): their
    TVMFFI* symbols resolve against the runtime this process loaded, which must be global.
    """
    lib_path()
    return tvm_ffi.get_global_func("ffi.ModuleLoadFromFile")(path)


def module_function(mod: object, name: str) -> object:
    """``name`` from a loaded module, or None if it does not export it."""
    return tvm_ffi.get_global_func("ffi.ModuleGetFunction")(mod, name, False)


def object_handle(obj: object) -> int:
    """Address of the TVMFFIObject behind a Python wrapper."""
    return obj.__chandle__()


def type_key(obj: object) -> str:
    """Return the registered type key of an FFI object, e.g. ``"ffi.Array"``."""
    if is_reference():
        return type(obj).__tvm_ffi_type_info__.type_key
    return obj._type_key


def tensor_byte_offset(tensor: object) -> int:
    """DLTensor.byte_offset, read through the ABI layout (neither binding exposes it the same way).

    A Tensor object is a 24-byte TVMFFIObject header followed by a DLTensor; byte_offset sits 40
    bytes into the DLTensor (after data, device, ndim+dtype, shape and strides).
    """
    return ctypes.c_uint64.from_address(object_handle(tensor) + 24 + 40).value


class _ByteArray(ctypes.Structure):
    _fields_ = [("data", ctypes.c_void_p), ("size", ctypes.c_size_t)]


def _error_cell_text(handle: int, offset: int) -> str:
    """Read a byte-array field of an Error's cell (header 24 bytes; kind @0, message @16)."""
    field = _ByteArray.from_address(handle + 24 + offset)
    return ctypes.string_at(field.data, field.size).decode("utf-8", "replace") if field.size else ""


def error_cause(exc: BaseException) -> tuple[str, str] | None:
    """(kind, message) of the error that caused ``exc``, or None.

    Our binding turns an Error's ``cause_chain`` into ``__cause__``. The reference binding does
    not, but keeps the Error as ``exc.__tvm_ffi_error__``, whose cell is read here (cause_chain
    sits 56 bytes into the cell).
    """
    if exc.__cause__ is not None:
        return type(exc.__cause__).__name__, str(exc.__cause__)
    error = getattr(exc, "__tvm_ffi_error__", None)
    if error is None:
        return None
    cause = ctypes.c_void_p.from_address(object_handle(error) + 24 + 56).value
    if not cause:
        return None
    return _error_cell_text(cause, 0), _error_cell_text(cause, 16)
