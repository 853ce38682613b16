"""Drop-in check: the reference Python binding and testing library, running on OUR libtvm_ffi.so.

Run by ci/swap_check.sh inside a copy of the reference wheel whose tvm_ffi/lib/libtvm_ffi.so was
replaced with ours. Each check prints one line; any failure makes the script exit non-zero.
"""

from __future__ import annotations

import copy
import os
import sys
import traceback
from typing import Callable

import numpy as np

import tvm_ffi
from tvm_ffi import testing
from tvm_ffi.access_path import AccessPath

FAILURES: list[str] = []


def check(name: str) -> Callable[[Callable[[], None]], Callable[[], None]]:
    """Run the decorated function at once and record whether it raised."""

    def run(fn: Callable[[], None]) -> Callable[[], None]:
        try:
            fn()
            print(f"  ok    {name}")
        except Exception:  # every failure is reported, none is fatal
            FAILURES.append(name)
            print(f"  FAIL  {name}\n{traceback.format_exc()}")
        return fn

    return run


def expect_raises(exc: type[BaseException], fn: Callable[[], object], text: str = "") -> None:
    """Assert that ``fn()`` raises ``exc`` with ``text`` in its message."""
    try:
        fn()
    except exc as err:
        assert text in str(err), f"message {str(err)!r} lacks {text!r}"
        return
    raise AssertionError(f"expected {exc.__name__}")


@check("the process runs on our runtime, not the wheel's")
def _() -> None:
    # ci/swap_check.sh names our library in SWAP_CHECK_OUR_LIB; the libtvm_ffi.so mapped into
    # this process must have the same bytes.
    with open("/proc/self/maps") as maps:
        mapped = {line.split()[-1] for line in maps if line.rstrip().endswith("/libtvm_ffi.so")}
    assert len(mapped) == 1, f"expected one libtvm_ffi.so mapped, got {mapped}"
    with open(mapped.pop(), "rb") as loaded, open(os.environ["SWAP_CHECK_OUR_LIB"], "rb") as ours:
        assert loaded.read() == ours.read(), "the loaded libtvm_ffi.so is not ours"


@check("global functions, including testing ones")
def _() -> None:
    assert testing.add_one(41) == 42
    assert testing.echo("héllo") == "héllo"
    assert testing.echo(b"\x00bytes") == b"\x00bytes"
    assert testing.echo(2.5) == 2.5
    assert testing.echo(None) is None
    add = tvm_ffi.get_global_func("testing.add_one")
    assert add(1) == 2
    assert tvm_ffi.get_global_func("no.such.function", allow_missing=True) is None


@check("Python callbacks through C++")
def _() -> None:
    tvm_ffi.register_global_func("swap_check.double", lambda x: x * 2, override=True)
    assert tvm_ffi.get_global_func("swap_check.double")(21) == 42
    assert testing.apply(lambda a, b: a + b, 3, 4) == 7


@check("containers: Array / List / Map / Dict")
def _() -> None:
    arr = tvm_ffi.Array([1, "two", 3.0])
    assert len(arr) == 3 and arr[1] == "two" and arr[-1] == 3.0
    lst = tvm_ffi.List([1, 2])
    lst.append(3)
    assert list(lst) == [1, 2, 3] and len(lst) == 3
    mp = tvm_ffi.Map({"a": 1, "b": 2})
    assert len(mp) == 2 and mp["b"] == 2 and "a" in mp and "z" not in mp
    dct = tvm_ffi.Dict({"x": 1})
    dct["y"] = 2
    assert len(dct) == 2 and dct["y"] == 2
    # A container built by reference-compiled C++ code, read by the reference binding.
    mixed = testing.make_array_with_mixed(tvm_ffi.from_dlpack(np.zeros(2)), 7)
    assert len(mixed) > 0
    expect_raises(IndexError, lambda: arr[10])
    expect_raises(KeyError, lambda: mp["missing"])


@check("errors raised in C++ arrive with the right class")
def _() -> None:
    raise_error = testing.test_raise_error
    expect_raises(ValueError, lambda: raise_error("ValueError", "bad value"), "bad value")
    expect_raises(TypeError, lambda: raise_error("TypeError", "bad type"), "bad type")
    expect_raises(RuntimeError, lambda: raise_error("RuntimeError", "boom"), "boom")
    expect_raises(TypeError, lambda: testing.add_one("not an int"))


@check("errors raised in Python callbacks come back as Python errors")
def _() -> None:
    def fail(_x: object) -> None:
        raise KeyError("from python")

    expect_raises(KeyError, lambda: testing.apply(fail, 1), "from python")


@check("tensors: numpy -> ffi.Tensor -> numpy")
def _() -> None:
    src = np.arange(12, dtype="float32").reshape(3, 4)
    tensor = tvm_ffi.from_dlpack(src)
    assert tuple(tensor.shape) == (3, 4) and str(tensor.dtype) == "float32"
    back = np.from_dlpack(tensor)
    assert np.array_equal(back, src)
    assert testing.echo(tensor).same_as(tensor)


@check("reflected objects from the testing library: init, read, write")
def _() -> None:
    pair = testing.TestIntPair(3, 4)
    assert (pair.a, pair.b) == (3, 4)
    base = testing.TestObjectBase(v_i64=5, v_f64=1.5, v_str="s")
    assert base.v_i64 == 5 and base.v_str == "s"
    base.v_i64 = 6
    assert base.v_i64 == 6
    expect_raises(TypeError, lambda: setattr(base, "v_i64", "not an int"))


@check("dataclass dunders: copy, deepcopy, ==, <, hash")
def _() -> None:
    pair = testing.TestIntPair(1, 2)
    clone = copy.deepcopy(pair)
    assert not clone.same_as(pair) and (clone.a, clone.b) == (1, 2)
    assert tvm_ffi._ffi_api.RecursiveEq(clone, pair)
    # TestCompare leaves its third field out of comparisons.
    recursive_eq = tvm_ffi._ffi_api.RecursiveEq
    assert recursive_eq(testing.TestCompare(1, "a", 5), testing.TestCompare(1, "a", 0))
    assert not recursive_eq(testing.TestCompare(1, "a", 5), testing.TestCompare(2, "a", 5))
    assert tvm_ffi._ffi_api.RecursiveLt(testing.TestIntPair(1, 2), testing.TestIntPair(1, 3))
    assert hash(testing.TestHash(1, "a", 2)) == hash(testing.TestHash(1, "a", 2))
    expect_raises(Exception, lambda: copy.deepcopy(testing.TestNonCopyable(1)), "copy")


@check("enums registered by the testing library")
def _() -> None:
    int_enum = testing._TestCxxIntEnum
    low = int_enum.get(10)
    assert low.value == 10 and low.name == "low" and int_enum("high").value == 20
    assert [e.value for e in int_enum] == [10, 20]
    expect_raises(KeyError, lambda: int_enum.get(99))
    holder = testing._TestCxxEnumHolder(10, next(iter(testing._TestCxxStrEnum)))
    assert holder.priority.same_as(low)


@check("access paths")
def _() -> None:
    path = AccessPath.root().attr("layer").array_item(2).map_item("k")
    assert path.depth == 3 and len(path.to_steps()) == 3
    assert AccessPath.root().attr("layer").is_prefix_of(path)
    assert path == AccessPath.root().attr("layer").array_item(2).map_item("k")
    assert path != AccessPath.root().attr("layer").array_item(3).map_item("k")
    assert repr(path) == '<root>.layer[2]["k"]'


@check("repr of objects, containers and enums")
def _() -> None:
    assert repr(testing.TestIntPair(1, 2)) == "testing.TestIntPair(a=1, b=2)"
    assert repr(tvm_ffi.Array([1, "a"])) == '(1, "a")'
    assert repr(testing._TestCxxIntEnum.get(10)).endswith("low")


@check("a module built with our headers, loaded by the reference binding")
def _() -> None:
    # ci/swap_check.sh passes the docs-snippets module of the same build (SWAP_CHECK_MODULE).
    mod = tvm_ffi.load_module(os.environ["SWAP_CHECK_MODULE"])
    assert mod.add_one(41) == 42
    assert list(mod.doubled([1, 2])) == [2, 4]
    expect_raises(ValueError, lambda: mod.checked_divide(1, 0), "must not be 0")
    out = np.zeros(3, dtype="float32")
    mod.add_one_tensor(np.arange(3, dtype="float32"), out)
    assert list(out) == [1.0, 2.0, 3.0]


def main() -> int:
    """Report the checks (they ran at import); return the exit status."""
    print(f"swap_check: tvm_ffi from {tvm_ffi.__file__}")
    if FAILURES:
        print(f"swap_check: {len(FAILURES)} check(s) failed: {', '.join(FAILURES)}")
        return 1
    print("swap_check: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
