# ffi/python/tvm_ffi/_object.py: tvm_ffi.Object and register_object (with reflection).
"""Objects (SPEC §3, §4).

Every FFI object reaches Python as an instance of :class:`Object` or of the class registered for
its type key with :func:`register_object`. A type without a registered class comes back as the
class of its nearest registered ancestor.

Registering a class also installs what the type's reflection describes (SPEC §4.5, §4.6):

* each reflected field becomes a :class:`FieldProperty` data descriptor (read-only fields refuse
  assignment with :class:`AttributeError`);
* each reflected method becomes a method (static methods a :func:`staticmethod`);
* ``__init__`` calls the type's ``__ffi_init__`` attribute, keyword arguments passed through the
  ``KWARGS`` convention (SPEC CALL-KWARGS);
* ``repr`` shows the type key and the fields, e.g. ``testing.TestIntPair(a=1, b=2)``.

Members the class defines itself are never replaced.
"""

from __future__ import annotations

import threading

from ._base import core

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, TypeVar

    _T = TypeVar("_T", bound=type)

__all__ = ["FieldProperty", "Object", "register_object"]

Object = core.Object
FieldProperty = core.FieldProperty

#: Type index -> registered class.
_REGISTERED: dict[int, type] = {}
#: Type index -> core.type_info() of that type (type infos never change once registered).
_TYPE_INFO: dict[int, dict[str, Any]] = {}

_FIELD_FLAG_REPR_OFF = 1 << 6


def register_object(type_key: str | type | None = None) -> Callable[[_T], _T] | type:
    """Class decorator: use the class for FFI objects of ``type_key`` and install its reflection.

    Parameters
    ----------
    type_key
        The registered type key, e.g. ``"testing.TestIntPair"``. When omitted (or when the
        decorator is used bare) the class's ``__tvm_ffi_type_key__`` or, failing that, its name
        is used.

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
        _install_reflection(cls, index)
        return cls

    if isinstance(type_key, type):
        return register(type_key)
    return register


#: (type index, base class) -> the class _fallback_class made for them.
_FALLBACK: dict[tuple[int, type], type] = {}


def _fallback_class(index: int, base: type) -> type:
    """Return the class for objects of the unregistered type ``index``.

    ``base`` is the class of the nearest registered ancestor. When the type or an ancestor below
    ``base`` declares fields or methods, the result is a subclass of ``base`` named after the type
    that adds them; otherwise it is ``base`` itself. Called by the native class lookup.
    """
    cached = _FALLBACK.get((index, base))
    if cached is not None:
        return cached
    info = _type_info(index)
    base_index = getattr(base, "__tvm_ffi_type_index__", None)
    below = list(info["ancestors"])
    below = below[below.index(base_index) + 1 :] if base_index in below else below
    levels = [_type_info(i) for i in below] + [info]
    cls = base
    if any(level["fields"] or level["methods"] for level in levels):
        key = info["type_key"]
        cls = type(
            key.rsplit(".", 1)[-1],
            (base,),
            {"__module__": base.__module__, "__tvm_ffi_type_key__": key, "__slots__": ()},
        )
        cls.__tvm_ffi_type_index__ = index  # type: ignore[attr-defined]
        _install_reflection(cls, index)
    _FALLBACK[(index, base)] = cls
    return cls


def _type_info(index: int) -> dict[str, Any]:
    info = _TYPE_INFO.get(index)
    if info is None:
        info = _TYPE_INFO[index] = core.type_info(index)
    return info


def _inherited(cls: type, name: str) -> object | None:
    """Return ``name`` as a base class of ``cls`` defines it (no descriptor binding)."""
    for base in cls.__mro__[1:]:
        if name in base.__dict__:
            return base.__dict__[name]
    return None


def _install_reflection(cls: type, index: int) -> None:
    info = _type_info(index)
    chain = [_type_info(i) for i in info["ancestors"]] + [info]
    fields = [field for level in chain for field in level["fields"]]
    for field in fields:
        if field.name not in cls.__dict__ and not isinstance(
            _inherited(cls, field.name), FieldProperty
        ):
            setattr(cls, field.name, field)
    # Methods of types whose class is a base of `cls` are inherited (with any override there).
    done = {getattr(base, "__tvm_ffi_type_index__", None) for base in cls.__mro__[1:]}
    for level in chain:
        if level["type_index"] in done:
            continue
        for name, doc, is_static, func in level["methods"]:
            if name.startswith("__ffi_") or name in cls.__dict__:
                continue
            setattr(cls, name, staticmethod(func) if is_static else _method(cls, name, doc, func))
    if fields:
        cls.__tvm_ffi_fields__ = tuple(f.name for f in fields)  # type: ignore[attr-defined]
        cls.__tvm_ffi_repr_fields__ = tuple(  # type: ignore[attr-defined]
            f.name for f in fields if not f.flags & _FIELD_FLAG_REPR_OFF
        )
        if "__repr__" not in cls.__dict__:
            # A type's own __ffi_repr__ hook (e.g. AccessPath's `<root>.a[0]`) wins over the
            # field-by-field form; ffi.ReprPrint applies it.
            has_hook = core.type_attr(index, "__ffi_repr__") is not None
            cls.__repr__ = _hooked_repr if has_hook else _reflected_repr  # type: ignore[method-assign]
        if "__setattr__" not in cls.__dict__ and _inherited(cls, "__setattr__") is (
            object.__setattr__
        ):
            cls.__setattr__ = _checked_setattr  # type: ignore[method-assign]
    if "__init__" not in cls.__dict__:
        init = core.type_attr(index, "__ffi_init__")
        if init is not None:
            cls.__init__ = _reflected_init(info["type_key"], init)  # type: ignore[misc]
        elif fields and _inherited(cls, "__init__") is object.__init__:
            cls.__init__ = _no_init(info["type_key"])  # type: ignore[misc]


def _checked_setattr(self: Object, name: str, value: object) -> None:
    """Refuse attributes the class does not declare, so that a misspelt field is an error.

    A wrapper is made afresh each time an object crosses into Python, so an attribute stored on
    one wrapper would silently be missing from the next.
    """
    if not hasattr(type(self), name):
        raise AttributeError(
            f"{type(self).__name__!r} object has no field {name!r} "
            f"(fields of {self.__tvm_ffi_type_key__}: "  # type: ignore[attr-defined]
            f"{', '.join(type(self).__tvm_ffi_fields__)})"  # type: ignore[attr-defined]
        )
    object.__setattr__(self, name, value)


def _method(cls: type, name: str, doc: str | None, func: Callable[..., Any]) -> Callable[..., Any]:
    def method(self: Object, *args: Any) -> Any:  # noqa: ANN401
        return func(self, *args)

    method.__name__ = name
    method.__qualname__ = f"{cls.__qualname__}.{name}"
    method.__doc__ = doc
    return method


_KWARGS: list[Object] = []


def _kwargs_marker() -> Object:
    """Return the ``KWARGS`` sentinel of the runtime (SPEC CALL-KWARGS), fetched once."""
    if not _KWARGS:
        _KWARGS.append(core.get_global_func("ffi.GetKwargsObject")())
    return _KWARGS[0]


def _reflected_init(type_key: str, init: Callable[..., Any]) -> Callable[..., None]:
    def __init__(self: Object, *args: Any, **kwargs: Any) -> None:  # noqa: ANN401
        if kwargs:
            flat: list[Any] = [*args, _kwargs_marker()]
            for name, value in kwargs.items():
                flat += (name, value)
            args = tuple(flat)
        core.object_adopt(self, init(*args))

    __init__.__qualname__ = f"{type_key}.__init__"
    __init__.__doc__ = f"Construct a {type_key} through its reflected ``__ffi_init__``."
    return __init__


def _no_init(type_key: str) -> Callable[..., None]:
    def __init__(self: Object, *args: Any, **kwargs: Any) -> None:  # noqa: ANN401
        raise TypeError(
            f"{type_key} cannot be constructed from Python: the type registers no __ffi_init__"
        )

    return __init__


# Handles whose repr is being built on this thread, to print cycles as "...".
_REPR_ACTIVE = threading.local()


def repr_guarded(obj: Object, recursive: str, build: Callable[[], str]) -> str:
    """Return ``build()``, or ``recursive`` when the repr of ``obj`` is already being built."""
    handle = obj.__chandle__()
    active = _REPR_ACTIVE.__dict__.setdefault("handles", set())
    if handle in active:
        return recursive
    active.add(handle)
    try:
        return build()
    finally:
        active.discard(handle)


def _reflected_repr(self: Object) -> str:
    key = self._type_key or type(self).__tvm_ffi_type_key__  # type: ignore[attr-defined]
    if self.__chandle__() == 0:
        return f"{key}(null)"
    names = type(self).__tvm_ffi_repr_fields__  # type: ignore[attr-defined]

    def build() -> str:
        body = ", ".join(f"{name}={repr_value(getattr(self, name))}" for name in names)
        return f"{key}({body})"

    return repr_guarded(self, f"{key}(...)", build)


def _hooked_repr(self: Object) -> str:
    """Repr through ``ffi.ReprPrint``, which applies the type's ``__ffi_repr__`` hook."""
    if self.__chandle__() == 0:
        key = self._type_key or type(self).__tvm_ffi_type_key__  # type: ignore[attr-defined]
        return f"{key}(null)"
    from ._function import get_global_func  # noqa: PLC0415 - only when a repr is built

    return str(get_global_func("ffi.ReprPrint")(self))


def repr_value(value: object) -> str:
    """Repr of a value inside an FFI repr: strings in double quotes, FFI values by their repr."""
    if isinstance(value, str):
        import json  # noqa: PLC0415 - only when a repr is built

        return json.dumps(value, ensure_ascii=False)
    return repr(value)
