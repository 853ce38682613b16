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
    "get_global_func_metadata",
    "init_ffi_api",
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


def get_global_func_metadata(name: str) -> dict[str, Any]:
    """Return the metadata of a global function, parsed from its JSON.

    The C++ ``GlobalDef().def(...)`` registration records the signature as ``"type_schema"``;
    functions registered without metadata give an empty dict.

    Raises
    ------
    ValueError
        If no global function has that name.
    """
    import json  # noqa: PLC0415 - rarely used, kept out of the import path

    get_global_func(name)  # the clear "Cannot find global function" error first
    text = get_global_func("ffi.GetGlobalFuncMetadata")(name)  # type: ignore[misc]
    return json.loads(text) if text else {}


def init_ffi_api(namespace: str, target_module_name: str | None = None) -> None:
    """Expose the global functions ``<namespace>.<name>`` as attributes of a Python module.

    The usual pattern for a kernel library: its ``_ffi_api.py`` calls
    ``tvm_ffi.init_ffi_api("my_lib", __name__)`` and then ``_ffi_api.add_one(...)`` calls the
    global ``my_lib.add_one``. Only direct children of ``namespace`` are added (``my_lib.a.b`` is
    not); an existing attribute of the same name is replaced.

    Parameters
    ----------
    namespace
        The prefix of the global names, without the trailing dot.
    target_module_name
        The module (already in ``sys.modules``) to fill; defaults to ``namespace``.

    Raises
    ------
    KeyError
        If the target module has not been imported.
    """
    import sys  # noqa: PLC0415

    module = sys.modules[target_module_name or namespace]
    prefix = namespace + "."
    for full_name in list_global_func_names():
        if full_name.startswith(prefix) and "." not in full_name[len(prefix) :]:
            setattr(module, full_name[len(prefix) :], get_global_func(full_name))
