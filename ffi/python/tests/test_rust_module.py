# ffi/python/tests/test_rust_module.py: Python loads the Rust example cdylib and uses it.
# Test names state the behaviour under test; a docstring would repeat them.
"""Loads ``ffi/rust/examples/rust_module`` (a Rust ``cdylib``) as a tvm-ffi module.

The module path comes from ``TVM_FFI_RUST_MODULE`` (``ci/test_rust.sh`` sets it after building
the crate). Without it the fixture builds the crate with ``cargo build --offline`` and skips,
with the reason, when cargo is not installed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import traceback
from pathlib import Path

import pytest

import tvm_ffi

REPO_ROOT = Path(__file__).resolve().parents[3]
RUST_DIR = REPO_ROOT / "ffi" / "rust"
LIB_NAME = "libtvm_ffi_example_module.so"


def _build_module() -> Path:
    """Build the example crate (debug profile, offline) and return the path of its cdylib."""
    if shutil.which("cargo") is None:
        pytest.skip("cargo is not installed, so the Rust example module cannot be built")
    target = Path(os.environ.get("CARGO_TARGET_DIR", RUST_DIR / "target"))
    env = dict(os.environ, CARGO_TARGET_DIR=str(target), CARGO_NET_OFFLINE="true")
    # Link against the runtime of the package under test unless the caller chose one.
    env.setdefault("TVM_FFI_LIB_DIR", tvm_ffi.libinfo.find_lib_dir())
    proc = subprocess.run(
        ["cargo", "build", "--offline", "-q", "-p", "tvm-ffi-example-module"],
        cwd=RUST_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, f"cargo build failed:\n{proc.stderr}"
    return target / "debug" / LIB_NAME


@pytest.fixture(scope="module")
def module_path() -> Path:
    given = os.environ.get("TVM_FFI_RUST_MODULE")
    path = Path(given) if given else _build_module()
    assert path.is_file(), f"no Rust module at {path}"
    return path


@pytest.fixture(scope="module")
def mod(module_path: Path) -> tvm_ffi.Object:
    # SPEC: MOD-LOAD-FILE
    load = getattr(tvm_ffi, "load_module", None)
    if load is not None:
        return load(str(module_path))
    return tvm_ffi.get_global_func("ffi.ModuleLoadFromFile")(str(module_path))


def fn(mod: tvm_ffi.Object, name: str) -> tvm_ffi.Function:
    """Return module function ``name`` through the runtime global (works with any Module)."""
    # SPEC: MOD-SYMBOL-NAME
    f = tvm_ffi.get_global_func("ffi.ModuleGetFunction")(mod, name, False)
    assert f is not None, f"the module has no function {name!r}"
    return f


def test_typed_function_returns_int(mod: tvm_ffi.Object) -> None:
    assert fn(mod, "add_one")(41) == 42


def test_wrong_argument_type_raises_type_error_naming_the_argument(mod: tvm_ffi.Object) -> None:
    with pytest.raises(TypeError, match="argument #0 of `add_one`"):
        fn(mod, "add_one")("x")
    with pytest.raises(TypeError, match="expects 1 argument"):
        fn(mod, "add_one")(1, 2)


def test_a_missing_function_is_none(mod: tvm_ffi.Object) -> None:
    assert tvm_ffi.get_global_func("ffi.ModuleGetFunction")(mod, "no_such_fn", False) is None


def test_rust_tensors_reach_python_and_come_back(mod: tvm_ffi.Object) -> None:
    t = fn(mod, "arange")(5)
    assert isinstance(t, tvm_ffi.Tensor)
    assert tuple(t.shape) == (5,)
    assert fn(mod, "sum")(t) == 10.0
    out = fn(mod, "arange")(5)
    fn(mod, "scale_into")(t, out, 3.0)
    assert fn(mod, "sum")(out) == 30.0


def test_torch_tensors_are_read_and_written_in_place(mod: tvm_ffi.Object) -> None:
    torch = pytest.importorskip("torch")
    x = torch.arange(6, dtype=torch.float32)
    out = torch.zeros(6, dtype=torch.float32)
    assert fn(mod, "sum")(x) == 15.0
    fn(mod, "scale_into")(x, out, 2.0)
    assert out.tolist() == [0.0, 2.0, 4.0, 6.0, 8.0, 10.0]
    assert torch.from_dlpack(fn(mod, "arange")(3)).tolist() == [0.0, 1.0, 2.0]


def test_bad_tensors_are_errors_that_name_the_problem(mod: tvm_ffi.Object) -> None:
    torch = pytest.importorskip("torch")
    with pytest.raises(TypeError, match="dtype"):
        fn(mod, "sum")(torch.arange(3, dtype=torch.int64))
    with pytest.raises(ValueError, match="contiguous"):
        fn(mod, "sum")(torch.arange(8, dtype=torch.float32)[::2])
    with pytest.raises(ValueError, match="shape mismatch"):
        fn(mod, "scale_into")(torch.zeros(2), torch.zeros(3), 1.0)


def test_python_callback_is_called_from_rust(mod: tvm_ffi.Object) -> None:
    assert fn(mod, "apply")(lambda x: x * 2, 20) == 41


def test_a_rust_tensor_is_passed_to_a_python_callback(mod: tvm_ffi.Object) -> None:
    torch = pytest.importorskip("torch")
    seen = []

    def callback(t: tvm_ffi.Tensor) -> float:
        seen.append(tuple(t.shape))
        return float(torch.from_dlpack(t).sum())

    assert fn(mod, "reduce_with")(fn(mod, "arange")(4), callback) == 12.0
    assert seen == [(4,)]


@pytest.mark.parametrize(
    ("exc", "kind"),
    [
        (KeyError, "KeyError"),
        (ValueError, "ValueError"),
        (IndexError, "IndexError"),
        (ZeroDivisionError, "ZeroDivisionError"),
        (RuntimeError, "RuntimeError"),
    ],
)
def test_a_python_callback_error_is_an_err_of_the_same_kind_in_rust(
    mod: tvm_ffi.Object, exc: type[Exception], kind: str
) -> None:
    # SPEC: ERR-KIND-NAMES
    def callback(x: int) -> int:
        raise exc(f"failed at {x}")

    # error_kind_of matches on the Rust `Err` and returns "<kind>: <message>".
    assert fn(mod, "error_kind_of")(callback, 7).startswith(f"{kind}: ")
    assert "failed at 7" in fn(mod, "error_kind_of")(callback, 7)
    assert fn(mod, "error_kind_of")(lambda x: x, 7) == "ok"


def test_a_python_callback_error_propagates_back_through_rust(mod: tvm_ffi.Object) -> None:
    # SPEC: ERR-BACKTRACE-APPEND
    def callback(x: int) -> int:
        raise KeyError(f"missing {x}")

    with pytest.raises(KeyError, match="missing 7"):
        fn(mod, "apply")(callback, 7)


BACKTRACE_OFF = "0" in (os.environ.get("RUST_LIB_BACKTRACE"), os.environ.get("RUST_BACKTRACE"))


@pytest.mark.skipif(BACKTRACE_OFF, reason="RUST_BACKTRACE=0 turns off Rust frame capture")
def test_the_traceback_shows_python_and_rust_frames_in_order(mod: tvm_ffi.Object) -> None:
    # SPEC: ERR-BACKTRACE-APPEND
    def callback(x: int) -> int:
        raise KeyError(f"missing {x}")

    with pytest.raises(KeyError) as info:
        fn(mod, "apply")(callback, 7)
    text = "".join(traceback.format_exception(info.value))
    rust_frame = text.find("in tvm_ffi_example_module::apply")
    assert rust_frame != -1, text
    assert "lib.rs" in text
    assert text.find("in callback", rust_frame) != -1, "the Python callback is the innermost frame"
    with pytest.raises(ValueError) as info:
        fn(mod, "fail")("ValueError", "x")
    assert "in tvm_ffi_example_module::fail" in "".join(traceback.format_exception(info.value))


def test_rust_errors_map_to_python_exceptions(mod: tvm_ffi.Object) -> None:
    with pytest.raises(ValueError, match="from rust"):
        fn(mod, "fail")("ValueError", "from rust")
    with pytest.raises(IndexError):
        fn(mod, "fail")("IndexError", "out of range")


def test_a_rust_panic_is_a_runtime_error_not_an_abort(mod: tvm_ffi.Object) -> None:
    # SPEC: ERR-FOREIGN-EXCEPTION
    with pytest.raises(RuntimeError, match="panic inside a Rust module"):
        fn(mod, "panic_now")()
    assert fn(mod, "add_one")(1) == 2


def test_exported_functions_publish_type_schema_metadata(mod: tvm_ffi.Object) -> None:
    # SPEC: MOD-METADATA-SYMBOL
    get = tvm_ffi.get_global_func("ffi.ModuleGetFunctionMetadata")
    schema = json.loads(json.loads(get(mod, "add_one", False))["type_schema"])
    assert schema == {
        "type": "ffi.Function",
        "named_args": {"return": [{"type": "int"}], "params": [{"type": "int"}]},
    }
    schema = json.loads(json.loads(get(mod, "reduce_with", False))["type_schema"])
    assert schema["named_args"]["params"] == [{"type": "ffi.Tensor"}, {"type": "ffi.Function"}]
    assert get(mod, "no_such_fn", False) is None


def test_doc_comments_become_docstrings(mod: tvm_ffi.Object) -> None:
    # SPEC: MOD-DOC-SYMBOL
    get = tvm_ffi.get_global_func("ffi.ModuleGetFunctionDoc")
    assert get(mod, "add_one", False) == "Returns `x + 1`."
    assert get(mod, "sum", False) is None


@pytest.mark.skipif(not hasattr(tvm_ffi, "load_module"), reason="no tvm_ffi.load_module yet")
def test_the_module_api_exposes_functions_and_metadata(mod: tvm_ffi.Object) -> None:
    assert mod.add_one(1) == 2
    metadata = mod.get_function_metadata("add_one")
    assert json.loads(metadata["type_schema"])["type"] == "ffi.Function"
    assert mod.get_function_metadata("no_such_fn") is None


def test_a_rust_object_is_made_and_read_by_rust_functions(mod: tvm_ffi.Object) -> None:
    p = fn(mod, "make_point")(3.0, 4.0, "p")
    assert fn(mod, "point_norm")(p) == 5.0
    with pytest.raises(TypeError, match="argument #0 of `point_norm`"):
        fn(mod, "point_norm")(fn(mod, "arange")(2))


def test_python_constructs_a_rust_defined_type_through_reflection(mod: tvm_ffi.Object) -> None:
    # SPEC: REG-CREATOR
    make = tvm_ffi.get_global_func("ffi.MakeObjectFromPackedArgs")
    p = make("rust_example.Point", "x", 6.0, "y", 8.0, "label", "made in Python")
    assert fn(mod, "point_norm")(p) == 10.0
    with pytest.raises(TypeError, match="expected `float`"):
        make("rust_example.Point", "x", "six", "y", 8.0, "label", "")
    with pytest.raises(TypeError, match="label"):
        make("rust_example.Point", "x", 1.0, "y", 2.0)


def test_reflected_fields_of_a_rust_object_are_readable(mod: tvm_ffi.Object) -> None:
    # SPEC: REG-FIELD-ACCESSORS
    p = fn(mod, "make_point")(3.0, 4.0, "origin-ish")
    if not hasattr(p, "x"):
        pytest.skip("this tvm_ffi does not expose reflected fields as attributes yet")
    assert (p.x, p.y, p.label) == (3.0, 4.0, "origin-ish")
