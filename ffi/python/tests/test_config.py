# ffi/python/tests/test_config.py: tests of the tvm-ffi-config command line tool.
"""``tvm-ffi-config`` / ``python -m tvm_ffi.config``: flags, errors, and real C/CMake consumers."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from typing import Callable

import pytest
from conftest import env_without_loader_paths, run_config, subprocess_env

import tvm_ffi
from tvm_ffi import config, libinfo

pytestmark = pytest.mark.usefixtures("clean_env")

_CONSUMER_C = r"""
#include <stdio.h>
#include <tvm/ffi/c_api.h>

int main(void) {
  TVMFFIVersion version;
  TVMFFIGetVersion(&version);
  printf("%u.%u.%u\n", (unsigned)version.major, (unsigned)version.minor, (unsigned)version.patch);
  return 0;
}
"""


def _includes() -> list[str]:
    return list(dict.fromkeys([*libinfo.find_include_paths(), libinfo.find_dlpack_include_path()]))


_EXPECTED: dict[str, Callable[[], str]] = {
    "--includedir": libinfo.find_include_path,
    "--dlpack-includedir": libinfo.find_dlpack_include_path,
    "--cmakedir": libinfo.find_cmake_path,
    "--libdir": libinfo.find_lib_dir,
    "--libfiles": libinfo.find_libtvm_ffi,
    "--cflags": lambda: " ".join(f"-I{p}" for p in _includes()),
    "--cxxflags": lambda: " ".join(f"-I{p}" for p in _includes()) + " -std=c++17",
    "--ldflags": lambda: f"-L{libinfo.find_lib_dir()} -Wl,-rpath,{libinfo.find_lib_dir()}",
    "--libs": lambda: "-ltvm_ffi",
    "--version": lambda: tvm_ffi.__version__,
    "--abi-version": lambda: tvm_ffi.__abi_version__,
}


# --- flags ------------------------------------------------------------------------------------
@pytest.mark.parametrize("flag", sorted(_EXPECTED))
def test_flag_prints_what_libinfo_reports(flag: str) -> None:
    result = run_config(flag)
    assert result.returncode == 0, result.stderr
    assert result.stdout == _EXPECTED[flag]() + "\n"


@pytest.mark.parametrize("flag", sorted(_EXPECTED))
def test_main_in_process_matches_subprocess(flag: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert config.main([flag]) == 0
    assert capsys.readouterr().out == _EXPECTED[flag]() + "\n"


def test_abi_version_is_0_1_16() -> None:
    assert run_config("--abi-version").stdout.strip() == "0.1.16"


def test_combined_flags_print_one_line_each_in_fixed_order() -> None:
    result = run_config("--libs", "--ldflags", "--cflags", "--libdir", "--includedir")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        _EXPECTED["--includedir"](),
        _EXPECTED["--libdir"](),
        _EXPECTED["--cflags"](),
        _EXPECTED["--libs"](),
        _EXPECTED["--ldflags"](),
    ]


def test_repeated_flag_prints_once() -> None:
    assert run_config("--libs", "--libs").stdout == "-ltvm_ffi\n"


def test_no_arguments_print_help_and_succeed() -> None:
    result = run_config()
    assert result.returncode == 0
    assert result.stdout.startswith("usage:")
    for flag in _EXPECTED:
        assert flag in result.stdout


def test_unknown_flag_exits_nonzero_with_message() -> None:
    result = run_config("--libdir", "--no-such-flag")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "unrecognized arguments: --no-such-flag" in result.stderr


def test_missing_library_exits_1_with_message(tmp_path: Path) -> None:
    env = env_without_loader_paths()
    env["TVM_FFI_LIBRARY_PATH"] = str(tmp_path / "missing")
    result = run_config("--libdir", env=env)
    assert result.returncode == 1
    assert result.stdout == ""
    assert "--libdir" in result.stderr and "TVM_FFI_LIBRARY_PATH" in result.stderr


# --- entry points -----------------------------------------------------------------------------
def test_python_m_tvm_ffi_config_prints_libdir() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tvm_ffi.config", "--libdir"],
        env=subprocess_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == libinfo.find_lib_dir()
    assert "RuntimeWarning" not in result.stderr


def test_python_m_tvm_ffi_runs_the_same_tool() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tvm_ffi", "--libs", "--abi-version"],
        env=subprocess_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["-ltvm_ffi", tvm_ffi.__abi_version__]


def _console_script() -> Path | None:
    """Return the ``tvm-ffi-config`` script installed with the tvm_ffi under test, if any."""
    try:
        metadata.distribution("tvm-ffi")
    except metadata.PackageNotFoundError:
        return None
    script = Path(sys.executable).parent / "tvm-ffi-config"
    return script if script.is_file() else None


def test_console_script_matches_module() -> None:
    script = _console_script()
    if script is None:
        pytest.skip("tvm-ffi is not installed next to this interpreter")
    flags = ["--includedir", "--cmakedir", "--libfiles", "--cflags", "--ldflags", "--libs"]
    result = subprocess.run([str(script), *flags], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout == run_config(*flags).stdout


def _config_command() -> str:
    """Return a shell command prefix that runs the tool (the console script when installed)."""
    script = _console_script()
    if script is not None:
        return shlex.quote(str(script))
    return f"{shlex.quote(sys.executable)} -m tvm_ffi.config"


# --- real consumers ---------------------------------------------------------------------------
def test_gcc_consumer_builds_and_runs_without_ld_library_path(tmp_path: Path) -> None:
    if shutil.which("gcc") is None:
        pytest.skip("gcc is not installed")
    (tmp_path / "x.c").write_text(_CONSUMER_C, encoding="utf-8")
    cfg = _config_command()
    command = f"gcc $({cfg} --cflags) x.c -o x $({cfg} --ldflags --libs)"
    build = subprocess.run(
        ["bash", "-c", command],
        cwd=tmp_path,
        env=subprocess_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert build.returncode == 0, f"{command}\n{build.stdout}\n{build.stderr}"
    run = subprocess.run(
        [str(tmp_path / "x")],
        env=env_without_loader_paths(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == tvm_ffi.__abi_version__


def _cmake_configure(source: Path, build: Path, *defines: str) -> subprocess.CompletedProcess[str]:
    generator = ["-G", "Ninja"] if shutil.which("ninja") else []
    return subprocess.run(
        ["cmake", "-S", str(source), "-B", str(build), *generator, *defines],
        capture_output=True,
        text=True,
        check=False,
    )


def _write_cmake_consumer(root: Path, language: str, version: str) -> None:
    source = "main.c" if language == "C" else "main.cc"
    root.mkdir(parents=True, exist_ok=True)
    (root / source).write_text(_CONSUMER_C, encoding="utf-8")
    (root / "CMakeLists.txt").write_text(
        "cmake_minimum_required(VERSION 3.18)\n"
        f"project(tvm_ffi_consumer LANGUAGES {language})\n"
        f"find_package(tvm_ffi {version} CONFIG REQUIRED)\n"
        f"add_executable(app {source})\n"
        "target_link_libraries(app PRIVATE tvm_ffi::shared)\n"
        'message(STATUS "tvm_ffi_VERSION=${tvm_ffi_VERSION}")\n',
        encoding="utf-8",
    )


def _require_cmake() -> None:
    if shutil.which("cmake") is None:
        pytest.skip("cmake is not installed")
    if shutil.which("ninja") is None and shutil.which("make") is None:
        pytest.skip("neither ninja nor make is installed")


def _build_and_run(source: Path, build: Path, *defines: str) -> str:
    configure = _cmake_configure(source, build, *defines)
    assert configure.returncode == 0, configure.stdout + configure.stderr
    assert f"tvm_ffi_VERSION={tvm_ffi.__version__}" in configure.stdout
    compiled = subprocess.run(
        ["cmake", "--build", str(build)], capture_output=True, text=True, check=False
    )
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr
    run = subprocess.run(
        [str(build / "app")],
        env=env_without_loader_paths(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    return run.stdout.strip()


@pytest.mark.parametrize("language", ["C", "CXX"])
def test_cmake_consumer_links_tvm_ffi_shared(tmp_path: Path, language: str) -> None:
    _require_cmake()
    cmake_dir = run_config("--cmakedir").stdout.strip()
    _write_cmake_consumer(tmp_path / "src", language, "0.1")
    out = _build_and_run(tmp_path / "src", tmp_path / "build", f"-Dtvm_ffi_DIR={cmake_dir}")
    assert out == tvm_ffi.__abi_version__


def test_cmake_rejects_a_different_minor_version(tmp_path: Path) -> None:
    _require_cmake()
    cmake_dir = run_config("--cmakedir").stdout.strip()
    _write_cmake_consumer(tmp_path / "src", "C", "0.2")
    configure = _cmake_configure(tmp_path / "src", tmp_path / "build", f"-Dtvm_ffi_DIR={cmake_dir}")
    assert configure.returncode != 0
    assert "version" in configure.stderr.lower()


def test_cmake_finds_installed_package_through_prefix_path(tmp_path: Path) -> None:
    _require_cmake()
    cmake_dir = Path(run_config("--cmakedir").stdout.strip())
    package_dir = Path(tvm_ffi.__file__).resolve().parent
    if cmake_dir != package_dir / "lib" / "cmake" / "tvm_ffi":
        pytest.skip(
            "tvm_ffi is not installed in the wheel layout (source tree or editable install)"
        )
    _write_cmake_consumer(tmp_path / "src", "C", "0.1")
    out = _build_and_run(
        tmp_path / "src", tmp_path / "build", f"-DCMAKE_PREFIX_PATH={package_dir.parent}"
    )
    assert out == tvm_ffi.__abi_version__
