# ffi/python/tvm_ffi/_error.py: error kinds <-> Python exception classes, and backtraces.
"""Translate FFI errors to Python exceptions and back (SPEC §6).

An FFI Error carries a *kind* (normally a Python exception class name), a message and a
backtrace whose lines read ``  File "<file>", line <n>, in <func>``, most recent first.

* Into Python, the kind selects the exception class (:func:`register_error` adds kinds; unknown
  kinds become :class:`RuntimeError`) and every backtrace line becomes a traceback entry, so a
  traceback shows the native frames in call order.
* Out of Python (an exception raised in a callback), the exception's own frames are written into
  the backtrace and the exception object rides along in the Error; when the Error comes back into
  Python, that same object is raised again, after the native frames it crossed.
* Cause chains cross too: ``raise ... from cause`` gives the Error a ``cause_chain`` (the
  converted cause), and an Error's ``cause_chain`` becomes the exception's ``__cause__``. At most
  64 causes are converted, and a cyclic ``__cause__`` chain stops where it repeats. The implicit
  ``__context__`` does not cross.
"""

from __future__ import annotations

import linecache
import re
import sys
import types

from ._base import core

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, TypeVar

    _E = TypeVar("_E", bound=type)

__all__ = ["ERROR_KIND_TO_CLASS", "register_error"]

#: Kind -> exception class. The builtin kinds of SPEC §6.3 are registered up front.
ERROR_KIND_TO_CLASS: dict[str, type[BaseException]] = {
    "RuntimeError": RuntimeError,
    "ValueError": ValueError,
    "TypeError": TypeError,
    "AttributeError": AttributeError,
    "KeyError": KeyError,
    "IndexError": IndexError,
    "AssertionError": AssertionError,
    "MemoryError": MemoryError,
    "NotImplementedError": NotImplementedError,
    "OverflowError": OverflowError,
    "ZeroDivisionError": ZeroDivisionError,
}
_CLASS_TO_KIND: dict[type[BaseException], str] = {v: k for k, v in ERROR_KIND_TO_CLASS.items()}

_FRAME_RE = re.compile(r'^  File "(.*)", line (\d+), in (.*)$')


def register_error(
    name_or_cls: str | type[BaseException] | None = None,
    cls: type[BaseException] | None = None,
) -> type[BaseException] | Callable[[_E], _E]:
    """Map an FFI error kind to a Python exception class.

    Parameters
    ----------
    name_or_cls
        The kind, or the class itself (its ``__name__`` is then the kind). ``None`` means the
        decorated class's name.
    cls
        The class, when ``name_or_cls`` is a kind.

    Returns
    -------
    type or callable
        The class when one was given, otherwise a decorator that registers and returns it.

    Examples
    --------
    .. code-block:: python

        @tvm_ffi.register_error
        class MyError(RuntimeError):
            pass

        tvm_ffi.register_error("OtherKind", ValueError)
    """

    def register(klass: _E, kind: str | None = None) -> _E:
        if not (isinstance(klass, type) and issubclass(klass, BaseException)):
            raise TypeError(f"register_error expects an exception class, got {klass!r}")
        key = kind if kind is not None else klass.__name__
        ERROR_KIND_TO_CLASS[key] = klass
        _CLASS_TO_KIND.setdefault(klass, key)
        return klass

    if isinstance(name_or_cls, type):
        return register(name_or_cls)
    if cls is not None:
        return register(cls, name_or_cls)
    return lambda klass: register(klass, name_or_cls)


# --- backtrace text <-> traceback objects ---------------------------------------------------------
def _tb_frames(tb: types.TracebackType | None) -> list[tuple[str, int, str]]:
    """Frames of a traceback, most recent first."""
    frames = []
    while tb is not None:
        code = tb.tb_frame.f_code
        frames.append((code.co_filename, tb.tb_lineno, code.co_name))
        tb = tb.tb_next
    frames.reverse()
    return frames


def _format_frames(frames: list[tuple[str, int, str]]) -> str:
    return "".join(f'  File "{file}", line {line}, in {func}\n' for file, line, func in frames)


def _parse_frames(backtrace: str) -> list[tuple[str, int, str]]:
    frames = []
    for line in backtrace.splitlines():
        match = _FRAME_RE.match(line)
        if match is not None:
            frames.append((match.group(1), int(match.group(2)), match.group(3)))
    return frames


_BINARY_SUFFIXES = (".so", ".dylib", ".dll", ".pyd")
_CODE_CACHE: dict[tuple[str, str], types.CodeType] = {}


def _fake_frame(filename: str, func: str) -> types.FrameType:
    """Make a frame whose code object names ``filename`` and ``func`` (for tracebacks)."""
    code = _CODE_CACHE.get((filename, func))
    if code is None:
        code = compile("_frame = _getframe()", filename, "exec").replace(co_name=func)
        _CODE_CACHE[(filename, func)] = code
    scope: dict[str, Any] = {"_getframe": sys._getframe}
    exec(code, scope)
    return scope["_frame"]


def _prepend_frames(
    tb: types.TracebackType | None, frames: list[tuple[str, int, str]]
) -> types.TracebackType | None:
    """Put ``frames`` (most recent first) in front of ``tb``, in call order."""
    for file, line, func in frames:
        if line <= 0 or file.endswith(_BINARY_SUFFIXES) or ".so." in file:
            # A shared object, not source: an empty cache entry keeps traceback printers from
            # reading it (Python < 3.11 fails on the binary while tokenizing it).
            linecache.cache.setdefault(file, (0, None, [], file))
        # tb_lasti = -1: no instruction, so displays use tb_lineno (not the fake code's line).
        tb = types.TracebackType(tb, _fake_frame(file, func), -1, line)
    return tb


# --- hooks called by the native core --------------------------------------------------------------
def _from_ffi(
    kind: str, message: str, backtrace: str, original: BaseException | None, error: object
) -> BaseException:
    """Build the Python exception for an FFI error (called by ``_core``)."""
    frames = _parse_frames(backtrace)
    if original is not None:
        # The leading frames are the ones `_to_ffi` wrote for this very exception.
        own = _tb_frames(original.__traceback__)
        if frames[: len(own)] == own:
            frames = frames[len(own) :]
        exc = original
        tail = original.__traceback__
    else:
        cls = ERROR_KIND_TO_CLASS.get(kind)
        text = message if cls is not None else f"{kind}: {message}"
        try:
            exc = (cls or RuntimeError)(text)
        except Exception:
            exc = RuntimeError(f"{kind}: {message}")
        try:
            exc.__tvm_ffi_error__ = error  # type: ignore[attr-defined]
        except AttributeError:
            pass
        tail = None
    return exc.with_traceback(_prepend_frames(tail, frames))


def _kind_of(cls: type[BaseException]) -> str:
    """Return the kind of the nearest registered class in the MRO, else the class name."""
    for klass in cls.__mro__:
        kind = _CLASS_TO_KIND.get(klass)  # type: ignore[arg-type]
        if kind is not None:
            return kind
    return cls.__name__


def _to_ffi(exc: BaseException) -> tuple[str, str, str]:
    """Kind, message and backtrace for an exception leaving Python (called by ``_core``)."""
    cls = type(exc)
    kind = _kind_of(cls)
    try:
        message = str(exc)
    except Exception:
        message = f"<unprintable {cls.__name__}>"
    return kind, message, _format_frames(_tb_frames(exc.__traceback__))


core._set_hook("error_from_ffi", _from_ffi)
core._set_hook("error_to_ffi", _to_ffi)
