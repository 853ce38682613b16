# ffi/python/tests/test_error.py: tests of FFI error <-> Python exception translation.
"""Error kinds, custom kinds, exceptions crossing callbacks, and traceback frames."""

from __future__ import annotations

import ctypes
import functools
import traceback
from collections.abc import Callable

import pytest

import tvm_ffi


@pytest.fixture
def raise_error(core: object) -> tvm_ffi.Function:
    return core._testing_raise


@pytest.mark.parametrize(
    ("kind", "cls"),
    [
        ("RuntimeError", RuntimeError),
        ("ValueError", ValueError),
        ("TypeError", TypeError),
        ("AttributeError", AttributeError),
        ("KeyError", KeyError),
        ("IndexError", IndexError),
        ("AssertionError", AssertionError),
        ("MemoryError", MemoryError),
        ("NotImplementedError", NotImplementedError),
    ],
)
def test_builtin_kinds_map_to_python_classes(
    raise_error: tvm_ffi.Function, kind: str, cls: type
) -> None:
    # SPEC: ERR-KIND-NAMES
    with pytest.raises(cls) as info:
        raise_error(kind, "the message")
    assert type(info.value) is cls
    assert "the message" in str(info.value)


def test_unknown_kind_becomes_runtime_error_keeping_the_kind(raise_error: tvm_ffi.Function) -> None:
    # SPEC: ERR-KIND-UNKNOWN
    with pytest.raises(RuntimeError, match="SomeUnknownKind: text"):
        raise_error("SomeUnknownKind", "text")


def test_register_error_forms(raise_error: tvm_ffi.Function) -> None:
    @tvm_ffi.register_error
    class TestErrorDecorated(RuntimeError):
        pass

    @tvm_ffi.register_error("TestErrorKindByName")
    class TestErrorNamed(ValueError):
        pass

    class TestErrorDirect(Exception):
        pass

    assert tvm_ffi.register_error("TestErrorDirectKind", TestErrorDirect) is TestErrorDirect
    with pytest.raises(TestErrorDecorated, match="a"):
        raise_error("TestErrorDecorated", "a")
    with pytest.raises(TestErrorNamed, match="b"):
        raise_error("TestErrorKindByName", "b")
    with pytest.raises(TestErrorDirect, match="c"):
        raise_error("TestErrorDirectKind", "c")


def test_register_error_rejects_non_exception_class() -> None:
    with pytest.raises(TypeError):
        tvm_ffi.register_error("NotAnError", int)


def test_error_keeps_the_ffi_error_object(raise_error: tvm_ffi.Function) -> None:
    # SPEC: ERR-LAYOUT
    with pytest.raises(ValueError) as info:
        raise_error("ValueError", "kept")
    error = info.value.__tvm_ffi_error__
    assert isinstance(error, tvm_ffi.Object)
    assert error._type_key == "ffi.Error"


def test_env_error_already_set_without_python_error(raise_error: tvm_ffi.Function) -> None:
    # SPEC: ERR-ENV-ALREADY-SET
    with pytest.raises(RuntimeError, match="EnvErrorAlreadySet"):
        raise_error("EnvErrorAlreadySet", "")


# --- exceptions raised in callbacks ---------------------------------------------------------------
class CallbackError(Exception):
    """An exception type that no registry knows."""


def test_callback_exception_comes_back_as_the_same_object(core: object) -> None:
    # SPEC: ERR-FOREIGN-EXCEPTION
    original = CallbackError("from the callback")

    def callback() -> None:
        raise original

    with pytest.raises(CallbackError) as info:
        core._testing_apply(callback)
    assert info.value is original


def test_callback_exception_has_its_kind_inside_ffi(core: object) -> None:
    # SPEC: ERR-FOREIGN-EXCEPTION
    seen = {}
    original_hook = tvm_ffi._error._to_ffi

    def spy(exc: BaseException) -> tuple[str, str, str]:
        seen["parts"] = original_hook(exc)
        return seen["parts"]

    core._set_hook("error_to_ffi", spy)
    try:
        with pytest.raises(ZeroDivisionError):
            core._testing_apply(lambda: 1 // 0)
        assert seen["parts"][0] == "ZeroDivisionError"
        with pytest.raises(CallbackError):
            core._testing_apply(lambda: (_ for _ in ()).throw(CallbackError("x")))
        assert seen["parts"][0] == "CallbackError"
        assert seen["parts"][1] == "x"
    finally:
        core._set_hook("error_to_ffi", original_hook)


def _frames(exc: BaseException) -> list[tuple[str, str]]:
    return [(f.name, f.filename) for f in traceback.extract_tb(exc.__traceback__)]


def test_traceback_across_callback_lists_every_frame_in_order(core: object) -> None:
    # SPEC: ERR-BACKTRACE-ORDER
    # SPEC: ERR-BACKTRACE-APPEND
    # SPEC: ERR-BACKTRACE-FORMAT
    def innermost() -> None:
        raise CallbackError("deep")

    def callback() -> None:
        innermost()

    def outer() -> None:
        core._testing_apply(callback)

    with pytest.raises(CallbackError) as info:
        outer()
    names = [name for name, _ in _frames(info.value)]
    start = names.index("outer")
    assert names[start:] == ["outer", "_testing_apply", "callback", "innermost"]
    files = dict(_frames(info.value))
    assert files["_testing_apply"].endswith("testing_funcs.cc")


def test_traceback_of_nested_callbacks_and_native_error(core: object) -> None:
    # SPEC: ERR-BACKTRACE-APPEND
    def level2() -> None:
        core._testing_raise("IndexError", "native failure")

    def level1() -> None:
        core._testing_apply(level2)

    with pytest.raises(IndexError, match="native failure") as info:
        core._testing_apply(level1)
    names = [name for name, _ in _frames(info.value)]
    first = names.index("_testing_apply")
    assert names[first : first + 4] == ["_testing_apply", "level1", "_testing_apply", "level2"]


def test_native_error_traceback_is_printable(raise_error: tvm_ffi.Function) -> None:
    try:
        raise_error("ValueError", "printable")
    except ValueError:
        text = traceback.format_exc()
    assert "ValueError: printable" in text
    assert "Traceback (most recent call last)" in text


def test_callback_error_propagates_through_registered_global(core: object) -> None:
    def failing(x: int) -> int:
        raise KeyError(x)

    tvm_ffi.register_global_func("test_error.failing", failing, override=True)
    try:
        with pytest.raises(KeyError) as info:
            tvm_ffi.get_global_func("test_error.failing")(5)
        assert info.value.args == (5,)
    finally:
        tvm_ffi.remove_global_func("test_error.failing")


# --- cause chains (Python __cause__ <-> Error.cause_chain) ----------------------------------------
# A native caller and callee written with ctypes against the C ABI, so that the Error objects
# themselves (not only what the binding makes of them) can be built and inspected.
class _Bytes(ctypes.Structure):
    _fields_ = [("data", ctypes.c_char_p), ("size", ctypes.c_size_t)]


class _Any(ctypes.Structure):
    _fields_ = [("type_index", ctypes.c_int32), ("pad", ctypes.c_uint32), ("v", ctypes.c_void_p)]


class _ErrorCell(ctypes.Structure):
    _fields_ = [
        ("kind", _Bytes),
        ("message", _Bytes),
        ("backtrace", _Bytes),
        ("update_backtrace", ctypes.c_void_p),
        ("cause_chain", ctypes.c_void_p),
        ("extra_context", ctypes.c_void_p),
    ]


_OBJECT_HEADER_SIZE = 24  # TVMFFIObject: ref counts, type index + padding, deleter
_SAFE_CALL = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.c_void_p, ctypes.POINTER(_Any), ctypes.c_int32, ctypes.POINTER(_Any)
)


@functools.cache
def _lib() -> ctypes.PyDLL:
    # PyDLL keeps the GIL across calls: the native code calls back into Python.
    lib = ctypes.PyDLL(tvm_ffi.load_lib()._name, mode=ctypes.RTLD_GLOBAL)
    lib.TVMFFIErrorCreateWithCauseAndExtraContext.argtypes = [ctypes.POINTER(_Bytes)] * 3 + [
        ctypes.c_void_p,
        ctypes.c_void_p,
        ctypes.POINTER(ctypes.c_void_p),
    ]
    lib.TVMFFIErrorSetRaised.argtypes = [ctypes.c_void_p]
    lib.TVMFFIErrorMoveFromRaised.argtypes = [ctypes.POINTER(ctypes.c_void_p)]
    lib.TVMFFIObjectDecRef.argtypes = [ctypes.c_void_p]
    lib.TVMFFIFunctionCreate.argtypes = [
        ctypes.c_void_p,
        _SAFE_CALL,
        ctypes.c_void_p,
        ctypes.POINTER(ctypes.c_void_p),
    ]
    lib.TVMFFIFunctionSetGlobal.argtypes = [ctypes.POINTER(_Bytes), ctypes.c_void_p, ctypes.c_int]
    lib.TVMFFIFunctionCall.argtypes = [
        ctypes.c_void_p,
        ctypes.POINTER(_Any),
        ctypes.c_int32,
        ctypes.POINTER(_Any),
    ]
    return lib


def _bytes(text: str) -> _Bytes:
    data = text.encode()
    return _Bytes(data, len(data))


def _new_error(kind: str, message: str, cause: int | None) -> int:
    out = ctypes.c_void_p()
    rc = _lib().TVMFFIErrorCreateWithCauseAndExtraContext(
        ctypes.byref(_bytes(kind)),
        ctypes.byref(_bytes(message)),
        ctypes.byref(_bytes("")),
        cause,
        None,
        ctypes.byref(out),
    )
    assert rc == 0
    return out.value


def _cell(handle: int) -> _ErrorCell:
    return _ErrorCell.from_address(handle + _OBJECT_HEADER_SIZE)


def _chain_of(handle: int | None) -> list[tuple[str, str]]:
    """(kind, message) of an Error and of each cause below it."""
    links = []
    while handle:
        cell = _cell(handle)
        links.append(
            (
                ctypes.string_at(cell.kind.data, cell.kind.size).decode(),
                ctypes.string_at(cell.message.data, cell.message.size).decode(),
            )
        )
        handle = cell.cause_chain
    return links


_KEEP_ALIVE: list[object] = []


def _native_function(name: str, body: Callable[[object, int], int]) -> tvm_ffi.Function:
    """Register a global Function whose safe call is ``body(args, num_args)`` (a C-ABI callee)."""
    lib = _lib()
    safe_call = _SAFE_CALL(lambda _self, args, num_args, _result: body(args, num_args))
    _KEEP_ALIVE.append(safe_call)
    handle = ctypes.c_void_p()
    assert lib.TVMFFIFunctionCreate(None, safe_call, None, ctypes.byref(handle)) == 0
    assert lib.TVMFFIFunctionSetGlobal(ctypes.byref(_bytes(name)), handle, 1) == 0
    lib.TVMFFIObjectDecRef(handle)
    return tvm_ffi.get_global_func(name)


def _native_raiser(links: list[tuple[str, str]]) -> tvm_ffi.Function:
    """Make a native function raising an Error chain: links[0] caused by links[1], and so on."""

    def body(_args: object, _num_args: int) -> int:
        lib = _lib()
        handle = None
        for kind, message in reversed(links):
            new = _new_error(kind, message, handle)
            if handle is not None:
                lib.TVMFFIObjectDecRef(handle)
            handle = new
        lib.TVMFFIErrorSetRaised(handle)
        lib.TVMFFIObjectDecRef(handle)
        return -1

    return _native_function("testing.error_test.raise_chain", body)


def _native_observer(seen: list[list[tuple[str, str]]]) -> tvm_ffi.Function:
    """Make a native function that calls its argument and records the Error chain it raised."""

    def body(args: ctypes.POINTER(_Any), num_args: int) -> int:
        lib = _lib()
        assert num_args == 1
        result = _Any()
        assert lib.TVMFFIFunctionCall(args[0].v, None, 0, ctypes.byref(result)) == -1
        err = ctypes.c_void_p()
        lib.TVMFFIErrorMoveFromRaised(ctypes.byref(err))
        seen.append(_chain_of(err.value))
        lib.TVMFFIObjectDecRef(err)
        return 0

    return _native_function("testing.error_test.observe", body)


def _python_chain(exc: BaseException | None) -> list[tuple[str, str]]:
    links = []
    while exc is not None:
        links.append((type(exc).__name__, str(exc)))
        exc = exc.__cause__
    return links


def _raise_with_cause() -> None:
    try:
        raise KeyError("inner")
    except KeyError as inner:
        raise ValueError("outer") from inner


def test_native_cause_chain_becomes_python_cause() -> None:
    f = _native_raiser([("ValueError", "outer"), ("IndexError", "middle"), ("TypeError", "root")])
    with pytest.raises(ValueError, match="outer") as info:
        f()
    assert _python_chain(info.value) == [
        ("ValueError", "outer"),
        ("IndexError", "middle"),
        ("TypeError", "root"),
    ]
    assert info.value.__suppress_context__  # printed as "direct cause", like `raise ... from`
    assert "direct cause" in "".join(traceback.format_exception(info.value))


def test_native_cause_chain_survives_a_cpp_relay() -> None:
    f = _native_raiser([("AttributeError", "outer"), ("KeyError", "root")])
    with pytest.raises(AttributeError) as info:
        tvm_ffi.testing.apply(f)
    assert [kind for kind, _ in _python_chain(info.value)] == ["AttributeError", "KeyError"]


def test_python_cause_becomes_the_error_cause_chain() -> None:
    seen: list[list[tuple[str, str]]] = []
    _native_observer(seen)(_raise_with_cause)
    assert seen == [[("ValueError", "outer"), ("KeyError", "'inner'")]]


def test_python_cause_crosses_a_cpp_callee_and_back() -> None:
    # Python raises `from` -> C++ testing.apply relays -> Python (same exception, same cause)
    # -> leaves Python again for the native observer, cause chain rebuilt from __cause__.
    def relay() -> None:
        try:
            tvm_ffi.testing.apply(_raise_with_cause)
        except ValueError as e:
            assert isinstance(e.__cause__, KeyError)
            raise

    seen: list[list[tuple[str, str]]] = []
    _native_observer(seen)(relay)
    assert seen == [[("ValueError", "outer"), ("KeyError", "'inner'")]]


def test_exception_without_cause_has_no_cause_chain() -> None:
    def implicit_context_only() -> None:
        try:
            raise KeyError("handled")
        except KeyError:
            raise ValueError("new") from None

    seen: list[list[tuple[str, str]]] = []
    _native_observer(seen)(implicit_context_only)
    _native_observer(seen)(lambda: tvm_ffi.testing.raise_error("TypeError", "plain"))
    assert seen[0] == [("ValueError", "new")]
    assert [kind for kind, _ in seen[1]] == ["TypeError"]


def test_cyclic_python_cause_is_cut_where_it_repeats() -> None:
    def cyclic() -> None:
        a, b = ValueError("a"), KeyError("b")
        a.__cause__, b.__cause__ = b, a
        raise a

    seen: list[list[tuple[str, str]]] = []
    _native_observer(seen)(cyclic)
    assert seen == [[("ValueError", "a"), ("KeyError", "'b'")]]


def test_very_long_cause_chain_is_bounded_both_ways() -> None:
    def deep() -> None:
        exc: BaseException = ValueError("0")
        for i in range(1, 1000):
            cause, exc = exc, ValueError(str(i))
            exc.__cause__ = cause
        raise exc

    seen: list[list[tuple[str, str]]] = []
    _native_observer(seen)(deep)
    assert len(seen[0]) == 65  # the exception and its first 64 causes
    assert seen[0][0] == ("ValueError", "999")
    f = _native_raiser([("ValueError", str(i)) for i in range(200)])
    with pytest.raises(ValueError) as info:
        f()
    assert len(_python_chain(info.value)) == 65
