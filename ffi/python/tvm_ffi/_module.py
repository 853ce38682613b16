# ffi/python/tvm_ffi/_module.py: tvm_ffi.Module, load_module and system_lib.
"""Modules (SPEC §12): a shared library or the system library, seen as a table of functions.

Everything goes through the runtime's ``ffi.Module*`` global functions, so a module behaves the
same whether the C++ SDK, the C ABI or Rust built it.
"""

from __future__ import annotations

import os

from ._function import Function, get_global_func
from ._object import Object, register_object

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

__all__ = ["Module", "ModulePropertyMask", "load_module", "system_lib"]


class ModulePropertyMask:
    """Bits of :meth:`Module.get_property_mask` (SPEC MODULE-VTABLE)."""

    BINARY_SERIALIZABLE = 0b001
    RUNNABLE = 0b010
    COMPILATION_EXPORTABLE = 0b100


def _api(name: str) -> Function:
    """Return the runtime global ``ffi.<name>`` (looked up once, then cached)."""
    func = _API_CACHE.get(name)
    if func is None:
        func = get_global_func(f"ffi.{name}")
        if func is None:  # pragma: no cover - every runtime we load provides them
            raise RuntimeError(f"the runtime does not provide the global function ffi.{name}")
        _API_CACHE[name] = func
    return func


_API_CACHE: dict[str, Function] = {}


@register_object("ffi.Module")
class Module(Object):
    """A loaded module: a table of functions plus the modules it imports.

    Functions are reached as attributes (``mod.add_one``), as items (``mod["add_one"]``) or with
    :meth:`get_function`. A function keeps its library loaded for as long as it lives, so it stays
    callable after the module object itself is gone.
    """

    @property
    def kind(self) -> str:
        """The module kind, e.g. ``"library"`` for a shared library."""
        return str(_api("ModuleGetKind")(self))

    @property
    def imports(self) -> list[Module]:
        """The modules this module imports, in lookup order."""
        return list(self.imports_)  # type: ignore[attr-defined]  # reflected field

    def get_function(self, name: str, query_imports: bool = False) -> Function:
        """Return the function ``name``.

        Parameters
        ----------
        name
            The function's name (the exported symbol is ``__tvm_ffi_<name>``).
        query_imports
            Also search the imported modules, in order.

        Raises
        ------
        AttributeError
            If the module has no such function.
        """
        if not isinstance(name, str):
            raise TypeError(f"Module.get_function: `name` must be a str, got {type(name).__name__}")
        func = _api("ModuleGetFunction")(self, name, query_imports)
        if func is None:
            raise AttributeError(f"Module has no function '{name}'")
        return func  # type: ignore[no-any-return]

    def __getattr__(self, name: str) -> Function:
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)  # never look dunder probes (copy, pickle...) up as symbols
        func = self.get_function(name)
        # Cached on the instance so the next access skips the lookup. Written to __dict__
        # directly: reflected objects refuse setattr of names that are not fields.
        self.__dict__[name] = func
        return func

    def __getitem__(self, name: str) -> Function:
        if not isinstance(name, str):
            raise TypeError(f"Module indices must be str, not {type(name).__name__}")
        return self.get_function(name)

    def implements_function(self, name: str, query_imports: bool = False) -> bool:
        """Whether the module (or, with ``query_imports``, an import) defines ``name``."""
        return bool(_api("ModuleImplementsFunction")(self, name, query_imports))

    def get_function_metadata(
        self, name: str, query_imports: bool = False
    ) -> dict[str, Any] | None:
        """Return the function's metadata (a dict decoded from its JSON), or None."""
        import json  # noqa: PLC0415 - only needed here

        text = _api("ModuleGetFunctionMetadata")(self, name, query_imports)
        return None if text is None else json.loads(str(text))

    def get_function_doc(self, name: str, query_imports: bool = False) -> str | None:
        """Return the function's doc string, or None if it has none."""
        doc = _api("ModuleGetFunctionDoc")(self, name, query_imports)
        return None if doc is None else str(doc)

    def import_module(self, module: Module) -> None:
        """Add ``module`` to this module's imports."""
        if not isinstance(module, Module):
            raise TypeError(f"Module.import_module: expected a Module, got {type(module).__name__}")
        _api("ModuleImportModule")(self, module)

    def clear_imports(self) -> None:
        """Remove every import of this module."""
        _api("ModuleClearImports")(self)

    def inspect_source(self, fmt: str = "") -> str:
        """Return the module's source in format ``fmt``, where the module kind keeps one."""
        return str(_api("ModuleInspectSource")(self, fmt))

    def get_write_formats(self) -> Sequence[str]:
        """Return the formats :meth:`write_to_file` accepts."""
        return [str(x) for x in _api("ModuleGetWriteFormats")(self)]

    def write_to_file(self, file_name: str | os.PathLike[str], fmt: str = "") -> None:
        """Write the module to ``file_name`` in format ``fmt``."""
        _api("ModuleWriteToFile")(self, os.fspath(file_name), fmt)

    def get_property_mask(self) -> int:
        """Return a bit mask of :class:`ModulePropertyMask`."""
        return int(_api("ModuleGetPropertyMask")(self))

    def is_binary_serializable(self) -> bool:
        """Whether the module can be saved to bytes."""
        return bool(self.get_property_mask() & ModulePropertyMask.BINARY_SERIALIZABLE)

    def is_runnable(self) -> bool:
        """Whether the module's functions can be called."""
        return bool(self.get_property_mask() & ModulePropertyMask.RUNNABLE)

    def is_compilation_exportable(self) -> bool:
        """Whether the module can be exported for compilation."""
        return bool(self.get_property_mask() & ModulePropertyMask.COMPILATION_EXPORTABLE)

    def __repr__(self) -> str:
        return f"<tvm_ffi.Module kind={self.kind!r}>"


def load_module(path: str | os.PathLike[str], keep_module_alive: bool = True) -> Module:
    """Load a module from a file (a shared library exporting ``__tvm_ffi_<name>`` symbols).

    Parameters
    ----------
    path
        The module file.
    keep_module_alive
        Keep the library loaded until the process exits, even after every reference to the module
        and its functions is gone (the default, as unloading a library that registered types or
        globals is rarely safe). With False, the library is unloaded once the module and all the
        functions taken from it are released.

    Raises
    ------
    FileNotFoundError
        If ``path`` does not exist.
    RuntimeError
        If the file is not a loadable module (the message names the path and the reason).
    """
    path = os.fspath(path)
    if not isinstance(path, str):
        kind = type(path).__name__
        raise TypeError(f"load_module: `path` must be str or os.PathLike, got {kind}")
    if not os.path.exists(path):
        raise FileNotFoundError(f"load_module: no such module file: {path!r}")
    module: Module = _api("ModuleLoadFromFile")(path)
    if keep_module_alive:
        _api("ModuleGlobalsAdd")(module)
    return module


def system_lib(symbol_prefix: str = "") -> Module:
    """Return the system library: functions registered by ``TVMFFIEnvModRegisterSystemLibSymbol``.

    Parameters
    ----------
    symbol_prefix
        Names are looked up as ``symbol_prefix + name`` first, then as ``name``.
    """
    return _api("SystemLib")(symbol_prefix)  # type: ignore[no-any-return]
