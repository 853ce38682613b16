# ffi/python/tvm_ffi/_function.py: tvm_ffi.Function and the global function registry.
"""Functions (SPEC §5).

:class:`Function` calls through the C ABI with a CPython vectorcall entry (no pybind11
dispatch). Python callables passed as arguments become Functions automatically, and
``Function(callable)`` wraps one explicitly. ``release_gil`` (per function; default from
``TVM_FFI_RELEASE_GIL_BY_DEFAULT``, off unless set) releases the GIL for the call.
"""

from __future__ import annotations

from ._base import core

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

__all__ = [
    "Function",
    "get_global_func",
    "list_global_func_names",
    "register_global_func",
    "remove_global_func",
]

Function = core.Function


def get_global_func(name: str, allow_missing: bool = False) -> Function | None:
    """Return the global function registered under ``name``.

    Parameters
    ----------
    name
        The registered name, e.g. ``"ffi.String"``.
    allow_missing
        Return ``None`` instead of raising when there is none.

    Raises
    ------
    ValueError
        If no function has that name and ``allow_missing`` is false.
    """
    func = core.get_global_func(name)
    if func is None and not allow_missing:
        raise ValueError(f"Cannot find global function {name!r}")
    return func


def register_global_func(
    func_name: str | Callable[..., Any],
    f: Callable[..., Any] | None = None,
    override: bool = False,
) -> object:
    """Register a Python callable (or a :class:`Function`) as a global function.

    Usable directly, ``register_global_func("my.add", add)``, or as a decorator,
    ``@register_global_func("my.add")`` or bare ``@register_global_func`` (the function's
    ``__name__`` is the name).

    Parameters
    ----------
    func_name
        The global name, or the function itself for the bare decorator form.
    f
        The function; omit it to get a decorator.
    override
        Replace an existing registration instead of raising.

    Returns
    -------
    object
        The registered :class:`Function` when ``f`` is given, otherwise a decorator that
        registers its argument and returns it unchanged.

    Raises
    ------
    RuntimeError
        If the name is taken and ``override`` is false.
    """
    if callable(func_name) and not isinstance(func_name, str):
        target = func_name
        register_global_func(getattr(target, "__name__", repr(target)), target, override)
        return target
    name = func_name

    def register(func: Callable[..., Any]) -> Function:
        fn = func if isinstance(func, Function) else core.function_from_callable(func)
        core.set_global_func(name, fn, override)
        return fn

    if f is not None:
        return register(f)

    def decorator(func: Callable[..., Any]) -> Callable[..., Any]:
        register(func)
        return func

    return decorator


def list_global_func_names() -> list[str]:
    """Names of every registered global function."""
    functor = get_global_func("ffi.FunctionListGlobalNamesFunctor")()  # type: ignore[misc]
    return [functor(i) for i in range(functor(-1))]


def remove_global_func(name: str) -> bool:
    """Remove a global function; returns whether one was registered under ``name``."""
    return bool(get_global_func("ffi.FunctionRemoveGlobal")(name))  # type: ignore[misc]
