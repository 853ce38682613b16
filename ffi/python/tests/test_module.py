# ffi/python/tests/test_module.py: tvm_ffi.Module, load_module and system_lib.
"""Modules built here with the C++ SDK and tvm-ffi-config's flags, loaded from Python."""

from __future__ import annotations

import gc
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

import tvm_ffi
from tvm_ffi import libinfo

MODULE_A = """
#include <tvm/ffi/tvm_ffi.h>

namespace {
int64_t AddOne(int64_t x) { return x + 1; }
tvm::ffi::String Greet(tvm::ffi::String who) { return "hello " + std::string(who); }
}  // namespace

TVM_FFI_DLL_EXPORT_TYPED_FUNC(add_one, AddOne);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(greet, Greet);
"""

MODULE_B = """
#include <tvm/ffi/tvm_ffi.h>

namespace {
int64_t Twice(int64_t x) { return 2 * x; }
}  // namespace

TVM_FFI_DLL_EXPORT_TYPED_FUNC(twice, Twice);
"""


def _build(tmp: Path, name: str, source: str) -> Path:
    cxx = shutil.which("g++") or shutil.which("c++")
    if cxx is None:
        pytest.skip("no C++ compiler to build the test modules")
    src = tmp / f"{name}.cc"
    src.write_text(textwrap.dedent(source))
    out = tmp / f"{name}.so"
    includes = [f"-I{p}" for p in libinfo.find_include_paths()]
    lib_dir = libinfo.find_lib_dir()
    cmd = [cxx, "-std=c++17", "-shared", "-fPIC", "-O1", *includes, str(src), "-o", str(out)]
    cmd += [f"-L{lib_dir}", f"-Wl,-rpath,{lib_dir}", "-ltvm_ffi"]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.fixture(scope="module")
def module_paths(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("modules")
    return _build(tmp, "mod_a", MODULE_A), _build(tmp, "mod_b", MODULE_B)


def test_load_module_gives_a_library_module(module_paths: tuple[Path, Path]) -> None:
    mod = tvm_ffi.load_module(module_paths[0])  # a Path is accepted as well as a str
    assert isinstance(mod, tvm_ffi.Module)
    assert mod.kind == "library"
    assert mod.is_runnable() in (True, False)
    assert isinstance(mod.get_property_mask(), int)
    assert "library" in repr(mod)


def test_functions_by_attribute_item_and_get_function(module_paths: tuple[Path, Path]) -> None:
    mod = tvm_ffi.load_module(str(module_paths[0]))
    assert mod.add_one(41) == 42
    assert mod["add_one"](1) == 2
    assert mod.get_function("greet")("ffi") == "hello ffi"
    assert mod.add_one is mod.add_one  # cached after the first lookup
    assert mod.implements_function("add_one")
    assert not mod.implements_function("missing")


def test_missing_functions_and_bad_names_are_clear_errors(module_paths: tuple[Path, Path]) -> None:
    mod = tvm_ffi.load_module(module_paths[0])
    with pytest.raises(AttributeError, match="no function 'missing'"):
        mod.missing  # noqa: B018
    with pytest.raises(AttributeError, match="no function 'missing'"):
        mod["missing"]
    with pytest.raises(TypeError, match="must be str"):
        mod[3]  # type: ignore[index]
    with pytest.raises(TypeError, match="`name` must be a str"):
        mod.get_function(3)  # type: ignore[arg-type]


def test_argument_errors_name_the_function_argument_and_types(
    module_paths: tuple[Path, Path],
) -> None:
    mod = tvm_ffi.load_module(module_paths[0])
    with pytest.raises(TypeError) as info:
        mod.add_one("not an int")
    message = str(info.value)
    assert "add_one" in message and "int" in message


def test_missing_file_names_the_path(tmp_path: Path) -> None:
    path = tmp_path / "nothing_here.so"
    with pytest.raises(FileNotFoundError, match=r"nothing_here\.so"):
        tvm_ffi.load_module(path)


def test_non_module_file_names_the_path(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.so"
    garbage.write_bytes(b"not an ELF file")
    with pytest.raises(RuntimeError, match=r"garbage\.so"):
        tvm_ffi.load_module(garbage)
    no_extension = tmp_path / "module_without_extension"
    no_extension.write_bytes(b"x")
    with pytest.raises(RuntimeError, match="module_without_extension"):
        tvm_ffi.load_module(no_extension)


def test_load_module_rejects_non_paths() -> None:
    with pytest.raises(TypeError):
        tvm_ffi.load_module(42)  # type: ignore[arg-type]


def test_functions_outlive_their_module(module_paths: tuple[Path, Path]) -> None:
    # Each function keeps its library mapped, so calling it after the module object (and, with
    # keep_module_alive=False, the process-wide keep-alive) is gone is safe.
    mod = tvm_ffi.load_module(module_paths[1], keep_module_alive=False)
    twice = mod.twice
    del mod
    gc.collect()
    assert twice(21) == 42


def test_imports_are_searched_when_asked(module_paths: tuple[Path, Path]) -> None:
    a = tvm_ffi.load_module(module_paths[0], keep_module_alive=False)
    b = tvm_ffi.load_module(module_paths[1], keep_module_alive=False)
    assert a.imports == []
    a.import_module(b)
    assert [m.same_as(b) for m in a.imports] == [True]
    assert a.get_function("twice", query_imports=True)(4) == 8
    assert a.implements_function("twice", query_imports=True)
    with pytest.raises(AttributeError):
        a.get_function("twice")  # not without query_imports
    with pytest.raises(ValueError, match="cyclic"):
        b.import_module(a)
    with pytest.raises(TypeError, match="expected a Module"):
        a.import_module("b")  # type: ignore[arg-type]
    a.clear_imports()
    assert a.imports == []


def test_metadata_and_doc_are_none_when_absent(module_paths: tuple[Path, Path]) -> None:
    mod = tvm_ffi.load_module(module_paths[0])
    metadata = mod.get_function_metadata("add_one")
    assert metadata is None or isinstance(metadata, dict)
    doc = mod.get_function_doc("add_one")
    assert doc is None or isinstance(doc, str)
    assert mod.get_function_metadata("missing") is None


def test_write_formats_of_a_library_module(module_paths: tuple[Path, Path]) -> None:
    mod = tvm_ffi.load_module(module_paths[0])
    assert isinstance(mod.get_write_formats(), list)


def test_system_lib_is_a_module_with_clear_lookup_errors() -> None:
    lib = tvm_ffi.system_lib()
    assert isinstance(lib, tvm_ffi.Module)
    with pytest.raises(AttributeError, match="no function"):
        lib.get_function("certainly_not_registered")
    assert isinstance(tvm_ffi.system_lib("prefix."), tvm_ffi.Module)


def test_modules_returned_by_the_runtime_are_module_instances(
    module_paths: tuple[Path, Path],
) -> None:
    loader = tvm_ffi.get_global_func("ffi.ModuleLoadFromFile")
    assert isinstance(loader(str(module_paths[0])), tvm_ffi.Module)
