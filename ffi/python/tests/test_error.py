# ffi/python/tests/test_error.py: tests of FFI error <-> Python exception translation.
"""Error kinds, custom kinds, exceptions crossing callbacks, and traceback frames."""

from __future__ import annotations

import traceback

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
