# ffi/python/tests/test_convert.py: tests of Python <-> TVMFFIAny conversion through calls.
"""Each Python value kind round-trips through a C-level echo Function."""

from __future__ import annotations

import ctypes
import enum
import gc
import weakref

import pytest

import tvm_ffi


@pytest.fixture
def echo(core: object) -> tvm_ffi.Function:
    return core._testing_echo


@pytest.mark.parametrize("value", [0, 1, -1, 2**63 - 1, -(2**63), 123456789])
def test_int64_round_trips(echo: tvm_ffi.Function, value: int) -> None:
    # SPEC: BIGINT-CANONICAL
    assert echo(value) == value
    assert type(echo(value)) is int


@pytest.mark.parametrize("value", [2**63, -(2**63) - 1, 2**64, 2**200 + 5, -(2**300)])
def test_int_beyond_int64_round_trips_as_bigint(echo: tvm_ffi.Function, value: int) -> None:
    # SPEC: BIGINT-FROM-BYTES
    # SPEC: BIGINT-CONTENT
    assert echo(value) == value


def test_bool_stays_bool_and_int_subclass_is_int(echo: tvm_ffi.Function) -> None:
    # SPEC: ANY-BOOL
    assert echo(True) is True
    assert echo(False) is False

    class Color(enum.IntEnum):
        RED = 3

    assert echo(Color.RED) == 3
    assert type(echo(Color.RED)) is int


def test_float_and_none(echo: tvm_ffi.Function) -> None:
    # SPEC: ANY-NONE
    assert echo(1.5) == 1.5
    assert echo(float("inf")) == float("inf")
    assert echo(None) is None

    class MyFloat(float):
        pass

    assert echo(MyFloat(2.5)) == 2.5


@pytest.mark.parametrize(
    "text", ["", "a", "seven77", "eight888", "x" * 1000, "héllo wörld ✓", "\u2603" * 3]
)
def test_str_round_trips_small_and_heap(echo: tvm_ffi.Function, text: str) -> None:
    # SPEC: STR-SMALL
    # SPEC: STR-HEAP
    assert echo(text) == text
    assert type(echo(text)) is str


def test_str_with_embedded_nul_round_trips(echo: tvm_ffi.Function) -> None:
    # SPEC: STR-ENCODING
    assert echo("ab\0cd") == "ab\0cd"
    assert echo("a long string \0 with a NUL inside") == "a long string \0 with a NUL inside"


def test_str_with_lone_surrogate_raises(echo: tvm_ffi.Function) -> None:
    with pytest.raises(UnicodeEncodeError):
        echo("bad \udc80 surrogate")


@pytest.mark.parametrize("data", [b"", b"abc", b"1234567", b"12345678", b"\0" * 100])
def test_bytes_and_bytearray_round_trip_as_bytes(echo: tvm_ffi.Function, data: bytes) -> None:
    # SPEC: STR-FROM-BYTEARRAY
    assert echo(data) == data
    assert type(echo(data)) is bytes
    assert echo(bytearray(data)) == data


def test_string_and_bytes_subclasses(echo: tvm_ffi.Function) -> None:
    # SPEC: STR-EQUALITY
    assert echo(tvm_ffi.String("some text value")) == "some text value"
    assert echo(tvm_ffi.Bytes(b"some bytes value")) == b"some bytes value"
    assert isinstance(tvm_ffi.String("x"), str)
    assert isinstance(tvm_ffi.Bytes(b"x"), bytes)


def test_ffi_string_global_accepts_every_str_form() -> None:
    # SPEC: ANY-VIEW-TO-OWNED
    to_string = tvm_ffi.get_global_func("ffi.String")
    for text in ("s", "a string of more than seven bytes", "nul\0inside the string"):
        assert to_string(text) == text
    assert tvm_ffi.get_global_func("ffi.Bytes")(b"raw bytes value") == b"raw bytes value"


def test_unknown_python_object_round_trips_as_opaque(echo: tvm_ffi.Function) -> None:
    # SPEC: OBJ-OPAQUE
    marker = object()
    assert echo(marker) is marker

    class Custom:
        pass

    value = Custom()
    assert echo(value) is value


def test_ctypes_void_p_round_trips_as_opaque_pointer(echo: tvm_ffi.Function) -> None:
    ptr = ctypes.c_void_p(0x1234)
    result = echo(ptr)
    assert isinstance(result, ctypes.c_void_p)
    assert result.value == 0x1234
    assert echo(ctypes.c_void_p()) is None


def test_list_without_runtime_array_raises_clear_type_error(echo: tvm_ffi.Function) -> None:
    if tvm_ffi.get_global_func("ffi.Array", allow_missing=True) is not None:
        pytest.skip("the runtime provides ffi.Array")
    with pytest.raises(TypeError, match=r"argument #0 .*ffi\.Array"):
        echo([1, 2])
    with pytest.raises(TypeError, match=r"argument #1 .*ffi\.Map"):
        tvm_ffi.Function(lambda a, b: None)(1, {"a": 1})


class _Box:
    """What the stand-in container constructors return (an opaque object)."""

    def __init__(self, kind: str, items: tuple) -> None:
        self.kind = kind
        self.items = items


def test_list_tuple_dict_go_through_runtime_container_globals(echo: tvm_ffi.Function) -> None:
    # SPEC: CALL-GLOBAL-SOFT-ABI
    if tvm_ffi.get_global_func("ffi.Array", allow_missing=True) is not None:
        pytest.skip("the runtime provides ffi.Array")
    tvm_ffi.register_global_func("ffi.Array", lambda *items: _Box("array", items))
    tvm_ffi.register_global_func("ffi.Map", lambda *kv: _Box("map", kv))
    try:
        result = echo([1, "some text value", (2, 3)])
        assert result.kind == "array"
        assert result.items[:2] == (1, "some text value")
        assert result.items[2].kind == "array"
        assert result.items[2].items == (2, 3)
        mapping = echo({"a": 1, "b": [4]})
        assert mapping.kind == "map"
        assert mapping.items[:3] == ("a", 1, "b")
        assert mapping.items[3].items == (4,)
    finally:
        tvm_ffi.remove_global_func("ffi.Array")
        tvm_ffi.remove_global_func("ffi.Map")
    with pytest.raises(TypeError, match=r"ffi\.Array"):
        echo([1])


def test_shape_round_trips(echo: tvm_ffi.Function) -> None:
    # SPEC: SHAPE-LAYOUT
    shape = tvm_ffi.Shape([2, 3, 4])
    result = echo(shape)
    assert isinstance(result, tvm_ffi.Shape)
    assert result == (2, 3, 4)
    assert echo(tvm_ffi.Shape()) == ()
    with pytest.raises(TypeError):
        tvm_ffi.Shape([1.5])


def test_device_and_dtype_round_trip(echo: tvm_ffi.Function) -> None:
    dev = tvm_ffi.device("cuda:3")
    assert echo(dev) == dev
    assert isinstance(echo(dev), tvm_ffi.Device)
    dt = tvm_ffi.dtype("float16x4")
    assert echo(dt) == dt
    assert isinstance(echo(dt), tvm_ffi.dtype)
    assert echo(dt).lanes == 4


def test_numpy_scalars_and_dtypes_convert() -> None:
    np = pytest.importorskip("numpy")
    echo = tvm_ffi.Function(lambda x: x)  # exercises the callback side as well
    assert echo(np.int32(7)) == 7
    assert echo(np.bool_(True)) is True
    assert echo(np.float32(0.5)) == 0.5
    assert echo(np.dtype("int16")) == "int16"
    assert isinstance(echo(np.dtype("int16")), tvm_ffi.dtype)


def test_torch_dtype_converts_to_dtype(echo: tvm_ffi.Function) -> None:
    torch = pytest.importorskip("torch")
    assert echo(torch.bfloat16) == "bfloat16"
    assert isinstance(echo(torch.float32), tvm_ffi.dtype)


def test_conversion_error_names_function_and_argument_index(core: object) -> None:
    fn = tvm_ffi.get_global_func("ffi.String")
    if tvm_ffi.get_global_func("ffi.Array", allow_missing=True) is not None:
        pytest.skip("the runtime provides ffi.Array")
    with pytest.raises(TypeError, match=r"'ffi\.String': argument #0 \(type list\)"):
        fn([1])


# --- tvm_ffi.convert and tvm_ffi.convert_func ------------------------------------------------


def test_convert_gives_the_ffi_value_a_call_would_pass() -> None:
    assert isinstance(tvm_ffi.convert("abc"), tvm_ffi.String)
    assert tvm_ffi.convert("abc") == "abc"
    assert isinstance(tvm_ffi.convert(b"xy"), tvm_ffi.Bytes)
    assert isinstance(tvm_ffi.convert(bytearray(b"xy")), tvm_ffi.Bytes)
    array = tvm_ffi.convert([1, "a", [2.5]])
    assert isinstance(array, tvm_ffi.Array)
    assert array == [1, "a", [2.5]]
    assert isinstance(tvm_ffi.convert((1, 2)), tvm_ffi.Array)
    mapping = tvm_ffi.convert({"k": [1]})
    assert isinstance(mapping, tvm_ffi.Map)
    assert mapping["k"] == [1]
    fn = tvm_ffi.convert(lambda x: x + 1)
    assert isinstance(fn, tvm_ffi.Function)
    assert fn(1) == 2


def test_convert_leaves_scalars_and_ffi_values_alone() -> None:
    for value in (0, -7, 2**70, 1.5, True, None):
        assert tvm_ffi.convert(value) == value
        assert type(tvm_ffi.convert(value)) is type(value)
    dt = tvm_ffi.dtype("float32")
    assert tvm_ffi.convert(dt) == dt
    assert isinstance(tvm_ffi.convert(dt), tvm_ffi.dtype)
    assert tvm_ffi.convert(tvm_ffi.device("cpu", 0)) == tvm_ffi.device("cpu", 0)
    array = tvm_ffi.Array([1])
    assert tvm_ffi.convert(array).same_as(array)
    opaque = object()
    assert tvm_ffi.convert(opaque) is opaque


def test_convert_tensor_producers() -> None:
    np = pytest.importorskip("numpy")
    tensor = tvm_ffi.convert(np.arange(3, dtype="int32"))
    assert isinstance(tensor, tvm_ffi.Tensor)
    assert tensor.shape == (3,)


def test_convert_rejects_a_move_reference() -> None:
    with pytest.raises(TypeError, match="_move"):
        tvm_ffi.convert(tvm_ffi.Array([1])._move())


def test_convert_func_plain_is_a_function(core: object) -> None:
    fn = tvm_ffi.convert_func(lambda a, b: a * b)
    assert isinstance(fn, tvm_ffi.Function)
    assert core._testing_apply(fn, 6, 7) == 42


def test_convert_func_rejects_bad_arguments() -> None:
    with pytest.raises(TypeError, match="callable"):
        tvm_ffi.convert_func(3)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="__dlpack_c_exchange_api__"):
        tvm_ffi.convert_func(print, tensor_cls=int)
    with pytest.raises(TypeError, match="__dlpack_c_exchange_api__"):
        tvm_ffi.convert_func(print, tensor_cls="torch")  # type: ignore[arg-type]


def test_convert_func_delivers_tensors_as_tensor_cls(core: object) -> None:
    torch = pytest.importorskip("torch")
    np = pytest.importorskip("numpy")
    seen: list[type] = []

    def callback(x: object, n: int) -> object:
        seen.append(type(x))
        return x

    fn = tvm_ffi.convert_func(callback, tensor_cls=torch.Tensor)
    ffi_tensor = tvm_ffi.from_dlpack(np.arange(4, dtype="float32"))
    result = core._testing_apply(fn, ffi_tensor, 1)
    assert seen == [torch.Tensor]
    # The torch tensor shares the memory of the FFI tensor it came from.
    assert np.from_dlpack(result).tolist() == [0.0, 1.0, 2.0, 3.0]
    plain = tvm_ffi.convert_func(callback)
    core._testing_apply(plain, ffi_tensor, 1)
    assert seen[-1] is tvm_ffi.Tensor


def test_convert_func_releases_callable_and_class() -> None:
    torch = pytest.importorskip("torch")

    class Callback:
        def __call__(self) -> None:
            pass

    callback = Callback()
    ref = weakref.ref(callback)
    fn = tvm_ffi.convert_func(callback, tensor_cls=torch.Tensor)
    del callback
    assert ref() is not None
    del fn
    gc.collect()
    assert ref() is None
