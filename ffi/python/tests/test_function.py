# ffi/python/tests/test_function.py: tests of tvm_ffi.Function, calls and the global registry.
"""Calling Functions, Python callbacks, GIL handling and the global function table."""

from __future__ import annotations

import ctypes
import gc
import sys
import threading
import types

import pytest

import tvm_ffi
import tvm_ffi.testing  # registers testing.add_one, with its type schema


# --- calls ----------------------------------------------------------------------------------------
def test_nop_returns_none_for_any_argument_count(core: object) -> None:
    # SPEC: CALL-RESULT-NONE
    nop = core._testing_nop
    assert nop() is None
    assert nop(1, 2.0, "s", None, True) is None
    assert nop(*range(40)) is None  # beyond the inline argument storage


def test_function_is_a_tvm_ffi_object(core: object) -> None:
    assert isinstance(core._testing_echo, tvm_ffi.Function)
    assert isinstance(core._testing_echo, tvm_ffi.Object)
    assert core._testing_echo._type_key == "ffi.Function"


def test_keyword_arguments_raise_type_error(core: object) -> None:
    with pytest.raises(TypeError, match="keyword"):
        core._testing_echo(x=1)


def test_callee_type_error_reaches_python(core: object) -> None:
    # SPEC: CALL-RETURN-CODES
    with pytest.raises(TypeError, match="_testing_echo"):
        core._testing_echo()


def test_function_of_a_function_shares_the_handle(core: object) -> None:
    again = tvm_ffi.Function(core._testing_echo)
    assert again.same_as(core._testing_echo)
    assert again == core._testing_echo
    assert hash(again) == hash(core._testing_echo)
    assert tvm_ffi.Function(lambda: 7)() == 7


def test_calling_non_callable_constructor_argument_raises_type_error() -> None:
    with pytest.raises(TypeError, match="callable"):
        tvm_ffi.Function(3)


def test_release_gil_is_a_per_function_flag(core: object) -> None:
    fn = tvm_ffi.Function(lambda x: x + 1)
    assert fn.release_gil is core.RELEASE_GIL_BY_DEFAULT
    fn.release_gil = True
    assert fn(1) == 2
    fn.release_gil = False
    assert fn(2) == 3
    with pytest.raises(AttributeError):
        del fn.release_gil


def test_as_builtin_calls_the_same_function(core: object) -> None:
    fn = tvm_ffi.get_global_func("testing.add_one")
    fast = fn.as_builtin()
    assert type(fast).__name__ == "builtin_function_or_method"
    assert fast.__self__ is fn
    assert fast(41) == 42
    # The same conversions and errors as a plain call.
    with pytest.raises(TypeError, match=r"testing\.add_one"):
        fast("x")
    with pytest.raises(TypeError, match="keyword"):
        fast(x=1)
    echo = tvm_ffi.Function(core._testing_echo).as_builtin()
    assert echo([1, 2]) == [1, 2]
    assert echo(None) is None
    # A Python callback through it, with the GIL released around the C call.
    apply = tvm_ffi.Function(core._testing_apply)
    apply.release_gil = True
    assert apply.as_builtin()(lambda a, b: a * b, 6, 7) == 42


def test_as_builtin_keeps_the_function_alive() -> None:
    import sys  # noqa: PLC0415

    fn = tvm_ffi.Function(lambda x: x * 2)
    before = sys.getrefcount(fn)
    fast = fn.as_builtin()
    assert sys.getrefcount(fn) == before + 1
    assert fast(21) == 42
    del fast
    assert sys.getrefcount(fn) == before
    fast = tvm_ffi.Function(lambda x: x * 3).as_builtin()  # the only reference is __self__
    assert fast(2) == 6


def test_release_gil_call_reacquires_for_python_callback(core: object) -> None:
    # SPEC: CALL-REENTRANT
    apply = tvm_ffi.Function(core._testing_apply)
    apply.release_gil = True
    assert apply(lambda a, b: a * b, 6, 7) == 42


# --- Python callables as Functions ----------------------------------------------------------------
def test_python_callable_argument_becomes_function(core: object) -> None:
    # SPEC: CALL-CREATE-CLOSURE
    assert core._testing_apply(lambda a, b: a + b, 2, 3) == 5
    wrapped = core._testing_echo(len)
    assert isinstance(wrapped, tvm_ffi.Function)
    assert wrapped("abcd") == 4


def test_callback_receives_converted_arguments(core: object) -> None:
    seen = []
    core._testing_apply(lambda *args: seen.append(args), 1, 2.5, "x" * 20, b"b", None, True)
    assert seen == [(1, 2.5, "x" * 20, b"b", None, True)]


def test_callback_result_is_owned_by_the_caller(core: object) -> None:
    # SPEC: CALL-RESULT-OWNED
    result = core._testing_apply(lambda: "a long string that is heap allocated")
    assert result == "a long string that is heap allocated"
    assert core._testing_apply(lambda: [1][0]) == 1


def test_callable_closure_is_released_with_the_function() -> None:
    # SPEC: CALL-CREATE-CLOSURE
    class Payload:
        def __call__(self) -> int:
            return 1

    payload = Payload()
    before = sys.getrefcount(payload)
    fn = tvm_ffi.Function(payload)
    assert sys.getrefcount(payload) == before + 1
    del fn
    gc.collect()
    assert sys.getrefcount(payload) == before


# --- global registry ------------------------------------------------------------------------------
def test_get_global_func_finds_runtime_builtins() -> None:
    # SPEC: CALL-GLOBAL-GET
    fn = tvm_ffi.get_global_func("ffi.String")
    assert isinstance(fn, tvm_ffi.Function)
    assert fn("abcdefghijklmnop") == "abcdefghijklmnop"
    assert "ffi.String" in repr(fn)


def test_get_global_func_missing_raises_or_returns_none() -> None:
    # SPEC: CALL-GLOBAL-GET
    with pytest.raises(ValueError, match=r"no\.such\.func"):
        tvm_ffi.get_global_func("no.such.func")
    assert tvm_ffi.get_global_func("no.such.func", allow_missing=True) is None


def test_register_global_func_direct_and_decorator_forms() -> None:
    # SPEC: CALL-GLOBAL-SET
    fn = tvm_ffi.register_global_func("test_function.direct", lambda x: x * 2)
    assert isinstance(fn, tvm_ffi.Function)

    @tvm_ffi.register_global_func("test_function.decorated")
    def decorated(x: int) -> int:
        return x + 100

    assert decorated(1) == 101  # the decorator returns the Python function unchanged
    assert tvm_ffi.get_global_func("test_function.direct")(21) == 42
    assert tvm_ffi.get_global_func("test_function.decorated")(1) == 101
    for name in ("test_function.direct", "test_function.decorated"):
        assert tvm_ffi.remove_global_func(name)


def test_register_global_func_bare_decorator_uses_function_name() -> None:
    @tvm_ffi.register_global_func
    def test_function_bare() -> str:
        return "bare"

    assert tvm_ffi.get_global_func("test_function_bare")() == "bare"
    assert tvm_ffi.remove_global_func("test_function_bare")


def test_register_global_func_twice_needs_override() -> None:
    # SPEC: CALL-GLOBAL-SET
    tvm_ffi.register_global_func("test_function.twice", lambda: 1)
    with pytest.raises(RuntimeError):
        tvm_ffi.register_global_func("test_function.twice", lambda: 2)
    tvm_ffi.register_global_func("test_function.twice", lambda: 3, override=True)
    assert tvm_ffi.get_global_func("test_function.twice")() == 3
    assert tvm_ffi.remove_global_func("test_function.twice")


def test_register_existing_function_object(core: object) -> None:
    tvm_ffi.register_global_func("test_function.echo", core._testing_echo)
    assert tvm_ffi.get_global_func("test_function.echo")("v") == "v"
    assert tvm_ffi.get_global_func("test_function.echo").same_as(core._testing_echo)
    assert tvm_ffi.remove_global_func("test_function.echo")


def test_list_and_remove_global_func_names() -> None:
    tvm_ffi.register_global_func("test_function.listed", lambda: None)
    names = tvm_ffi.list_global_func_names()
    assert "test_function.listed" in names
    assert "ffi.String" in names
    assert tvm_ffi.remove_global_func("test_function.listed")
    assert "test_function.listed" not in tvm_ffi.list_global_func_names()
    assert not tvm_ffi.remove_global_func("test_function.listed")


# --- threads and leaks ----------------------------------------------------------------------------
def test_threads_call_and_register_concurrently(core: object) -> None:
    # SPEC: EXT-THREADSAFE-REGISTRY
    errors: list[BaseException] = []

    def worker(k: int) -> None:
        try:
            name = f"test_function.thread{k}"
            for i in range(200):
                tvm_ffi.register_global_func(name, lambda x, i=i: x + i, override=True)
                assert tvm_ffi.get_global_func(name)(k) == k + i
                assert core._testing_apply(lambda a: a * 2, k) == 2 * k
                assert core._testing_echo("s" * (k + 10)) == "s" * (k + 10)
            tvm_ffi.remove_global_func(name)
        except BaseException as err:
            errors.append(err)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_repeated_calls_keep_reference_counts_steady(core: object) -> None:
    # SPEC: CALL-BORROWED-ARGS
    echo, nop = core._testing_echo, core._testing_nop
    values = ["short", "a string longer than seven bytes", b"bytes value 123", 1 << 80, object()]
    callback = lambda: None  # noqa: E731
    counts = [sys.getrefcount(v) for v in values] + [sys.getrefcount(callback)]
    for _ in range(20000):
        for value in values:
            echo(value)
        nop(callback)
    del value
    gc.collect()
    assert [sys.getrefcount(v) for v in values] + [sys.getrefcount(callback)] == counts


def test_many_calls_keep_object_count_steady(core: object) -> None:
    echo = core._testing_echo
    for _ in range(1000):
        echo(echo)
    gc.collect()
    before = len(gc.get_objects())
    for _ in range(100000):
        echo(echo)
        echo("x" * 10)
    gc.collect()
    assert len(gc.get_objects()) <= before + 10


def test_get_global_func_metadata() -> None:
    metadata = tvm_ffi.get_global_func_metadata("testing.add_one")
    assert '"type":"int"' in metadata["type_schema"]
    tvm_ffi.register_global_func("test_function.meta_less", lambda: None, override=True)
    assert tvm_ffi.get_global_func_metadata("test_function.meta_less") == {}
    with pytest.raises(ValueError, match=r"no\.such\.function"):
        tvm_ffi.get_global_func_metadata("no.such.function")


def test_init_ffi_api_fills_a_module_with_direct_children() -> None:
    tvm_ffi.register_global_func("test_ffi_api.double", lambda x: 2 * x, override=True)
    tvm_ffi.register_global_func("test_ffi_api.nested.skip", lambda: None, override=True)
    tvm_ffi.register_global_func("test_ffi_api_other.skip", lambda: None, override=True)
    module = types.ModuleType("test_ffi_api_module")
    module.double = "replaced"  # type: ignore[attr-defined]
    sys.modules[module.__name__] = module
    try:
        tvm_ffi.init_ffi_api("test_ffi_api", module.__name__)
        assert module.double(21) == 42  # type: ignore[attr-defined]
        assert not hasattr(module, "nested") and not hasattr(module, "skip")
        with pytest.raises(KeyError):
            tvm_ffi.init_ffi_api("test_ffi_api", "test_ffi_api_not_imported")
    finally:
        del sys.modules[module.__name__]


def test_from_extern_c_wraps_a_c_safe_call(core: object) -> None:
    class Any(ctypes.Structure):
        _fields_ = [("type_index", ctypes.c_int32), ("pad", ctypes.c_uint32), ("v", ctypes.c_int64)]

    safe_call_type = ctypes.CFUNCTYPE(
        ctypes.c_int, ctypes.c_void_p, ctypes.POINTER(Any), ctypes.c_int32, ctypes.POINTER(Any)
    )

    @safe_call_type
    def add(_self: int, args: ctypes.Array, num_args: int, result: ctypes.Array) -> int:
        result[0].type_index = 1  # kTVMFFIInt
        result[0].v = sum(args[i].v for i in range(num_args))
        return 0

    address = ctypes.cast(add, ctypes.c_void_p).value
    fn = tvm_ffi.Function.__from_extern_c__(address, keep_alive_object=add)
    assert fn(1, 2, 3) == 6
    assert core._testing_apply(fn, 20, 22) == 42
    refs = sys.getrefcount(add)
    del fn
    assert sys.getrefcount(add) == refs - 1  # the keep-alive reference is dropped with it
    assert tvm_ffi.Function.__from_extern_c__(address)(4) == 4
    with pytest.raises(ValueError, match="non-null"):
        tvm_ffi.Function.__from_extern_c__(0)
    with pytest.raises(TypeError, match="int address"):
        tvm_ffi.Function.__from_extern_c__("0x1234")  # type: ignore[arg-type]
