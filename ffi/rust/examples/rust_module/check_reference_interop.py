# ffi/rust/examples/rust_module/check_reference_interop.py: the Rust cdylib under the reference.
# The checks compare against the literal results of the example functions.
# ruff: noqa: PLR2004
"""Loads the Rust example module into the reference ``apache-tvm-ffi`` wheel and checks it.

The crates are written against our SPEC, so a module built with them must also work with the
reference runtime and Python package. Run with the reference venv's interpreter:
``python check_reference_interop.py path/to/libtvm_ffi_example_module.so``. It needs only the
wheel (no pytest, no torch), prints one line per check, and exits non-zero on the first failure.
"""

from __future__ import annotations

import json
import sys

import tvm_ffi


def expect_raises(exc: type[BaseException], fragment: str, f: object, *args: object) -> None:
    """Call ``f(*args)`` and check that it raises ``exc`` with ``fragment`` in its message."""
    try:
        f(*args)  # type: ignore[operator]
    except exc as err:
        assert fragment in str(err), f"{exc.__name__} without {fragment!r}: {err}"
        return
    raise AssertionError(f"expected {exc.__name__}")


def main(path: str) -> None:
    """Run every check against the module at ``path``."""
    mod = tvm_ffi.load_module(path)
    print("reference tvm_ffi", tvm_ffi.__version__, "loads", path)

    assert mod.add_one(41) == 42
    expect_raises(TypeError, "argument #0 of `add_one`", mod.add_one, "x")
    schema = json.loads(mod.get_function_metadata("add_one")["type_schema"])
    assert schema["named_args"] == {"return": [{"type": "int"}], "params": [{"type": "int"}]}
    assert mod.get_function_doc("add_one") == "Returns `x + 1`."
    print("ok: typed calls, argument errors, metadata, docstrings")

    t = mod.arange(4)
    assert tuple(t.shape) == (4,)
    assert mod.sum(t) == 6.0
    assert mod.reduce_with(t, lambda x: float(x.shape[0])) == 8.0
    print("ok: Rust tensors reach Python and a Python callback")

    def raise_key_error(x: int) -> int:
        raise KeyError(f"missing {x}")

    assert mod.error_kind_of(raise_key_error, 2).startswith("KeyError: ")
    expect_raises(KeyError, "missing 3", mod.apply, raise_key_error, 3)
    expect_raises(ValueError, "from rust", mod.fail, "ValueError", "from rust")
    expect_raises(RuntimeError, "panic inside a Rust module", mod.panic_now)
    print("ok: error kinds in both directions, panics")

    p = mod.make_point(3.0, 4.0, "p")
    assert (p.x, p.y, p.label, mod.point_norm(p)) == (3.0, 4.0, "p", 5.0)

    @tvm_ffi.register_object("rust_example.Point")
    class Point(tvm_ffi.Object):
        pass

    q = Point(6.0, 8.0, "positional")
    r = Point(x=1.0, y=0.0, label="keywords")
    assert (mod.point_norm(q), q.label, r.x, r.label) == (10.0, "positional", 1.0, "keywords")
    expect_raises(TypeError, "float", Point, "six", 8.0, "bad")
    print("ok: reflected fields, construction through the generated __ffi_init__")


if __name__ == "__main__":
    main(sys.argv[1])
