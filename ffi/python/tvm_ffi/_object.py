# ffi/python/tvm_ffi/_object.py: tvm_ffi.Object and register_object.
"""Objects (SPEC §3, §4).

Every FFI object reaches Python as an instance of :class:`Object` or of the class registered for
its type key with :func:`register_object`. A type without a registered class comes back as the
class of its nearest registered ancestor. Reflected fields and methods arrive in a later change.
"""

from __future__ import annotations

from ._base import core

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import TypeVar

    _T = TypeVar("_T", bound=type)

__all__ = ["Object", "register_object"]

Object = core.Object

#: Type index -> registered class.
_REGISTERED: dict[int, type] = {}


def register_object(type_key: str | type | None = None) -> Callable[[_T], _T] | type:
    """Class decorator: use the class for FFI objects of ``type_key``.

    Parameters
    ----------
    type_key
        The registered type key, e.g. ``"ffi.Function"``. When omitted (or when the decorator is
        used bare) the class's ``__tvm_ffi_type_key__`` or, failing that, its name is used.

    Returns
    -------
    callable or type
        A decorator, or the class itself when used bare.

    Raises
    ------
    KeyError
        If no type has that key.
    TypeError
        If the class does not derive from :class:`Object`.
    """

    def register(cls: _T) -> _T:
        key = type_key if isinstance(type_key, str) else None
        if key is None:
            key = cls.__dict__.get("__tvm_ffi_type_key__") or cls.__name__
        index = core.type_key_to_index(key)
        core.register_object_class(index, cls)
        setattr(cls, "__tvm_ffi_type_index__", index)  # noqa: B010 - on a generic class
        setattr(cls, "__tvm_ffi_type_key__", key)  # noqa: B010
        _REGISTERED[index] = cls
        return cls

    if isinstance(type_key, type):
        return register(type_key)
    return register
