# ffi/python/tests/test_libinfo.py: tests of tvm_ffi.libinfo and of the thin package import.
"""Library, header and CMake package discovery; import cost of ``tvm_ffi``."""

from __future__ import annotations

import ctypes
import os
import re
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
from conftest import REPO_ROOT, subprocess_env

import tvm_ffi
from tvm_ffi import libinfo


class _Version(ctypes.Structure):
    _fields_ = [("major", ctypes.c_uint32), ("minor", ctypes.c_uint32), ("patch", ctypes.c_uint32)]


def _abi_version_of(lib: ctypes.CDLL) -> str:
    version = _Version()
    lib.TVMFFIGetVersion.restype = None
    lib.TVMFFIGetVersion.argtypes = [ctypes.POINTER(_Version)]
    lib.TVMFFIGetVersion(ctypes.byref(version))
    return f"{version.major}.{version.minor}.{version.patch}"


# --- the library ------------------------------------------------------------------------------
@pytest.mark.usefixtures("clean_env")
def test_find_libtvm_ffi_returns_existing_absolute_file() -> None:
    path = Path(libinfo.find_libtvm_ffi())
    assert path.is_absolute()
    assert path.is_file()
    assert path.name == libinfo.library_filename()


@pytest.mark.usefixtures("clean_env")
def test_find_lib_dir_is_the_library_parent() -> None:
    assert Path(libinfo.find_lib_dir()) == Path(libinfo.find_libtvm_ffi()).parent


@pytest.mark.usefixtures("clean_env")
def test_load_lib_ctypes_reports_the_packaged_abi_version() -> None:
    lib = libinfo.load_lib_ctypes()
    assert _abi_version_of(lib) == tvm_ffi.__abi_version__


@pytest.mark.usefixtures("clean_env")
def test_load_lib_returns_one_cached_handle() -> None:
    assert tvm_ffi.load_lib() is tvm_ffi.load_lib()
    assert _abi_version_of(tvm_ffi.load_lib()) == tvm_ffi.__abi_version__


def test_load_lib_ctypes_rejects_unknown_mode() -> None:
    with pytest.raises(ValueError, match="unknown dlopen mode"):
        libinfo.load_lib_ctypes(mode="RTLD_NOPE")


@pytest.mark.usefixtures("clean_env")
def test_reference_dist_name_is_an_alias_of_ours() -> None:
    assert libinfo.find_library("apache-tvm-ffi", "tvm_ffi") == libinfo.find_libtvm_ffi()


def test_library_filename_matches_platform() -> None:
    expected = {"win32": "tvm_ffi.dll", "darwin": "libtvm_ffi.dylib"}.get(
        sys.platform, "libtvm_ffi.so"
    )
    assert libinfo.library_filename() == expected


# --- the TVM_FFI_LIBRARY_PATH override --------------------------------------------------------
def _copy_library(tmp_path: Path) -> Path:
    source = Path(libinfo.find_libtvm_ffi())
    target = tmp_path / source.name
    shutil.copy2(source, target)
    return target


def test_env_override_accepts_a_library_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(libinfo.LIBRARY_PATH_ENV, raising=False)
    copy = _copy_library(tmp_path)
    monkeypatch.setenv(libinfo.LIBRARY_PATH_ENV, str(copy))
    assert libinfo.find_libtvm_ffi() == str(copy.resolve())


def test_env_override_accepts_a_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(libinfo.LIBRARY_PATH_ENV, raising=False)
    copy = _copy_library(tmp_path)
    monkeypatch.setenv(libinfo.LIBRARY_PATH_ENV, str(tmp_path))
    assert libinfo.find_lib_dir() == str(copy.parent.resolve())


def test_env_override_pointing_nowhere_raises(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(libinfo.LIBRARY_PATH_ENV, str(tmp_path / "missing"))
    with pytest.raises(RuntimeError, match=libinfo.LIBRARY_PATH_ENV):
        libinfo.find_libtvm_ffi()


# --- robustness of the probes -----------------------------------------------------------------
@pytest.mark.usefixtures("clean_env")
def test_probe_that_raises_oserror_is_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    real_dir = Path(libinfo.find_lib_dir())
    forbidden = Path("/forbidden-for-test")
    original_is_file = Path.is_file

    def is_file(self: Path) -> bool:
        if forbidden in (self, *self.parents):
            raise PermissionError(13, "Permission denied", str(self))
        return original_is_file(self)

    monkeypatch.setattr(Path, "is_file", is_file)
    monkeypatch.setenv("LD_LIBRARY_PATH", f"{forbidden}:/nonexistent-dir::{forbidden}/x")
    found = libinfo.find_library(
        "no-such-distribution-for-test", "tvm_ffi", extra_lib_paths=[forbidden, real_dir]
    )
    assert Path(found).parent == real_dir


def test_search_skips_a_source_that_raises() -> None:
    def broken_source() -> list[Path]:
        raise PermissionError(13, "Permission denied")

    found, tried = libinfo._search([broken_source, lambda: [Path(__file__)]], Path.is_file)
    assert found == Path(__file__).resolve()
    assert tried == [Path(__file__)]


def test_dev_build_dirs_are_newest_first_and_skip_sanitizer_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    filename = libinfo.library_filename()
    for index, (name, sanitize) in enumerate(
        [("build-old", ""), ("build-new", ""), ("build/asan", "address;undefined")]
    ):
        lib_dir = tmp_path / name / "lib"
        lib_dir.mkdir(parents=True)
        (lib_dir / filename).write_bytes(b"")
        os.utime(lib_dir / filename, (1_000_000 + index, 1_000_000 + index))
        (tmp_path / name / "CMakeCache.txt").write_text(
            f"CMAKE_BUILD_TYPE:STRING=Debug\nTVM_FFI_SANITIZE:STRING={sanitize}\n",
            encoding="utf-8",
        )
    monkeypatch.setattr(libinfo, "_dev_top_dir", lambda: tmp_path)
    assert libinfo._dev_build_lib_dirs(filename) == [
        tmp_path / "build-new" / "lib",
        tmp_path / "build-old" / "lib",
    ]


def test_missing_library_error_lists_tried_paths(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="tried") as info:
        libinfo.find_library("no-such-distribution-for-test", "no_such_lib", [tmp_path])
    assert str(tmp_path) in str(info.value)


# --- headers and the CMake package ------------------------------------------------------------
def test_include_paths_hold_c_api_and_dlpack_headers() -> None:
    paths = [Path(p) for p in libinfo.find_include_paths()]
    assert paths and all(p.is_absolute() for p in paths)
    assert any((p / "tvm" / "ffi" / "c_api.h").is_file() for p in paths)
    assert any((p / "dlpack" / "dlpack.h").is_file() for p in paths)
    assert libinfo.include_paths() == libinfo.find_include_paths()


def test_find_include_path_holds_c_api_header() -> None:
    include = Path(libinfo.find_include_path())
    assert (include / "tvm" / "ffi" / "c_api.h").is_file()
    assert (include / "tvm" / "ffi" / "extra" / "c_env_api.h").is_file()
    assert str(include) in libinfo.find_include_paths()


def test_find_dlpack_include_path_holds_dlpack_header() -> None:
    assert (Path(libinfo.find_dlpack_include_path()) / "dlpack" / "dlpack.h").is_file()


@pytest.mark.usefixtures("clean_env")
def test_cmake_path_holds_config_and_version_files() -> None:
    cmake_dir = Path(libinfo.find_cmake_path())
    assert (cmake_dir / "tvm_ffi-config.cmake").is_file()
    assert (cmake_dir / "tvm_ffi-config-version.cmake").is_file()
    assert (cmake_dir / "tvm_ffiTargets.cmake").is_file()
    assert libinfo.find_cmake_dir() == str(cmake_dir)


@pytest.mark.usefixtures("clean_env")
def test_cmake_path_is_next_to_the_library() -> None:
    cmake_dir = Path(libinfo.find_cmake_path())
    assert cmake_dir == Path(libinfo.find_lib_dir()) / "cmake" / "tvm_ffi"


# --- versions ---------------------------------------------------------------------------------
def _read(path: Path) -> str:
    if not path.is_file():
        pytest.skip(f"{path} is not available (tests run outside the source checkout)")
    return path.read_text(encoding="utf-8")


def test_versions_agree_across_pyproject_cmake_and_c_header() -> None:
    pyproject = re.search(r'^version = "([^"]+)"', _read(REPO_ROOT / "pyproject.toml"), re.M)
    cmake = re.search(r"project\(tvm_ffi VERSION (\S+)", _read(REPO_ROOT / "CMakeLists.txt"))
    header = _read(REPO_ROOT / "ffi" / "c" / "include" / "tvm" / "ffi" / "c_api.h")
    parts = [
        re.search(rf"#define TVM_FFI_VERSION_{part}\s+(\d+)", header)
        for part in ("MAJOR", "MINOR", "PATCH")
    ]
    assert pyproject and cmake and all(parts)
    assert pyproject.group(1) == cmake.group(1) == tvm_ffi.__version__
    assert ".".join(m.group(1) for m in parts if m) == tvm_ffi.__abi_version__


def test_installed_distribution_version_matches_package() -> None:
    try:
        installed = metadata.version("tvm-ffi")
    except metadata.PackageNotFoundError:
        pytest.skip("the tvm-ffi distribution is not installed (running from the source tree)")
    assert installed == tvm_ffi.__version__


# --- the import stays thin --------------------------------------------------------------------
def test_import_does_not_import_torch_or_numpy() -> None:
    code = (
        "import sys, tvm_ffi\n"
        "tvm_ffi.load_lib()\n"
        "import tvm_ffi.config, tvm_ffi.libinfo\n"
        "print(sorted(m for m in ('torch', 'numpy') if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=subprocess_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "[]"


def test_submodules_are_reachable_as_attributes_after_a_bare_import() -> None:
    code = (
        "import sys, tvm_ffi\n"
        "assert 'tvm_ffi.libinfo' not in sys.modules\n"
        "print(tvm_ffi.libinfo.__name__, tvm_ffi.config.__name__)\n"
        "try:\n"
        "    tvm_ffi.no_such_attribute\n"
        "except AttributeError:\n"
        "    print('AttributeError')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=subprocess_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == ["tvm_ffi.libinfo", "tvm_ffi.config", "AttributeError"]


def test_import_loads_no_native_code() -> None:
    """``import tvm_ffi`` must not dlopen anything (its time is measured in benchmarks/)."""
    code = "import sys, tvm_ffi; print('ctypes' in sys.modules, tvm_ffi._LIB is None)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=subprocess_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == ["False", "True"]
