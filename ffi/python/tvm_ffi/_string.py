# ffi/python/tvm_ffi/_string.py: tvm_ffi.String and tvm_ffi.Bytes.
"""String and bytes values (SPEC §7).

Any ``str`` converts to an FFI string (small strings inline, longer ones as a zero-copy view for
the call) and any ``bytes`` to FFI bytes; results come back as plain ``str``/``bytes``.
:class:`String` and :class:`Bytes` are subclasses for code that wants to name the FFI types.
"""

from __future__ import annotations

__all__ = ["Bytes", "String"]


class String(str):
    """A ``str`` that is passed as an ``ffi.String``."""

    __slots__ = ()


class Bytes(bytes):
    """A ``bytes`` that is passed as an ``ffi.Bytes``."""

    __slots__ = ()
