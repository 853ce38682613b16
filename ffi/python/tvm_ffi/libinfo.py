# ffi/python/tvm_ffi/libinfo.py: locate libtvm_ffi, its headers and its CMake package.
"""Locate the files a build needs to use tvm-ffi: the shared library, headers, CMake package.

Library lookup order (the first hit wins):

1. ``TVM_FFI_LIBRARY_PATH``: a path to the library file, or to a directory holding it. When it
   is set and points at nothing, lookup fails instead of silently falling through.
2. ``lib/`` next to this file: the installed wheel layout (``site-packages/tvm_ffi/lib``).
3. The ``RECORD`` of the installed ``tvm-ffi`` distribution: this finds the library in a
   scikit-build-core editable install, where ``__file__`` is in the source tree but the CMake
   outputs are in site-packages.
4. A development build of the surrounding checkout: ``<repo>/build*/lib`` and
   ``<repo>/build/*/lib``, most recently built first, skipping sanitizer builds.
5. The loader search path: ``LD_LIBRARY_PATH`` (``DYLD_LIBRARY_PATH`` on macOS, ``PATH`` on
   Windows).

Headers come from the package's ``include/`` when it has one (an installed wheel), otherwise from
the checkout's ``ffi/c/include`` and ``ffi/cpp/include``, so an editable install compiles against
the live sources. The CMake package directory is looked up next to the library first, so that
``--cmakedir`` and ``--libfiles`` describe the same build.

Every probe of the file system swallows ``OSError``: an unreadable directory on a search path
must never break ``import tvm_ffi``. This module imports only the standard library, and
``importlib.metadata`` and ``ctypes`` only when a lookup needs them; ``typing`` only for type
checkers.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

# Same meaning as typing.TYPE_CHECKING without importing `typing` at run time.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import ctypes
    from collections.abc import Callable, Iterable, Sequence

    _CandidateSource = Callable[[], Iterable[Path]]

__all__ = [
    "DIST_NAME",
    "LIBRARY_PATH_ENV",
    "TARGET_NAME",
    "find_cmake_dir",
    "find_cmake_path",
    "find_dlpack_include_path",
    "find_include_path",
    "find_include_paths",
    "find_lib_dir",
    "find_library",
    "find_libtvm_ffi",
    "include_paths",
    "library_filename",
    "load_lib_ctypes",
]

#: Name of our distribution on PyPI.
DIST_NAME = "tvm-ffi"
#: CMake target / library base name of the runtime.
TARGET_NAME = "tvm_ffi"
#: Environment variable that overrides the library lookup.
LIBRARY_PATH_ENV = "TVM_FFI_LIBRARY_PATH"
#: File name of the CMake package config, used to recognise a CMake package directory.
CMAKE_CONFIG_FILE = "tvm_ffi-config.cmake"

# Distribution names treated as "this package" by load_lib_ctypes()/find_library(). Downstream
# code written against the reference wheel passes "apache-tvm-ffi"; it gets our runtime.
_OUR_DIST_NAMES = frozenset({"tvm-ffi", "apache-tvm-ffi"})

# Errors a file-system probe may raise and that we treat as "not here".
_PROBE_ERRORS = (OSError, ValueError)

# Handles from os.add_dll_directory() (Windows); kept so the directories stay on the DLL path.
_DLL_DIRECTORY_HANDLES: list[object] = []


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------
def library_filename(target_name: str = TARGET_NAME) -> str:
    """Return the platform file name of a shared library target.

    Parameters
    ----------
    target_name
        CMake target name without prefix or suffix, e.g. ``"tvm_ffi"``.

    Returns
    -------
    str
        ``lib<name>.so`` on Linux, ``lib<name>.dylib`` on macOS, ``<name>.dll`` on Windows.
    """
    if sys.platform == "win32":
        return f"{target_name}.dll"
    if sys.platform == "darwin":
        return f"lib{target_name}.dylib"
    return f"lib{target_name}.so"


def find_library(
    package: str = DIST_NAME,
    target_name: str = TARGET_NAME,
    extra_lib_paths: Sequence[Path] | None = None,
) -> str:
    """Find a shared library shipped by a Python distribution.

    For our own distribution (``tvm-ffi``; ``apache-tvm-ffi`` is accepted as an alias) the
    module-level lookup order applies. For any other distribution the order is: its ``RECORD``,
    then ``extra_lib_paths``, then the loader search path.

    Parameters
    ----------
    package
        Distribution name, e.g. ``"tvm-ffi"``.
    target_name
        CMake target name of the library, e.g. ``"tvm_ffi"``.
    extra_lib_paths
        Directories to search after the installed locations and before the dev-tree and
        loader-path fallbacks.

    Returns
    -------
    str
        Absolute path of the library file.

    Raises
    ------
    RuntimeError
        If the library is not found, or ``TVM_FFI_LIBRARY_PATH`` is set but invalid. The
        message lists every path that was tried.
    """
    filename = library_filename(target_name)
    ours = _normalize_dist_name(package) in _OUR_DIST_NAMES
    if ours and target_name == TARGET_NAME:
        override = _library_from_env(filename)
        if override is not None:
            return str(override)

    extra = list(extra_lib_paths or [])
    sources: list[_CandidateSource] = []
    if ours:
        sources.append(lambda: [_package_dir() / "lib" / filename])
        sources.append(lambda: _record_files(DIST_NAME, filename))
    else:
        sources.append(lambda: _record_files(package, filename))
    sources.append(lambda: [Path(p) / filename for p in extra])
    if ours:
        sources.append(lambda: [d / filename for d in _dev_build_lib_dirs(filename)])
    sources.append(lambda: [Path(p) / filename for p in _loader_path_dirs()])

    found, tried = _search(sources, _is_file)
    if found is None:
        raise RuntimeError(
            f"cannot find {filename} of distribution {package!r}; tried:\n  "
            + "\n  ".join(str(p) for p in tried)
            + f"\nSet {LIBRARY_PATH_ENV} to the library (or its directory) to override."
        )
    return str(found)


def find_libtvm_ffi() -> str:
    """Return the absolute path of ``libtvm_ffi`` (see the module docstring for the order).

    Raises
    ------
    RuntimeError
        If the library is not found.
    """
    return find_library(DIST_NAME, TARGET_NAME)


def find_lib_dir() -> str:
    """Return the directory that holds ``libtvm_ffi`` (for ``-L`` and rpath).

    Raises
    ------
    RuntimeError
        If the library is not found.
    """
    return str(Path(find_libtvm_ffi()).parent)


def find_include_paths() -> list[str]:
    """Return every include directory a consumer needs, most specific first.

    Returns
    -------
    list[str]
        ``[<pkg>/include]`` for an installed wheel (it holds ``tvm/ffi``, ``dlpack`` and the C++
        SDK), or ``[<repo>/ffi/c/include, <repo>/ffi/cpp/include]`` in a source checkout.

    Raises
    ------
    RuntimeError
        If no directory containing ``tvm/ffi/c_api.h`` is found.
    """
    package_include = _package_dir() / "include"
    if _is_file(package_include / "tvm" / "ffi" / "c_api.h"):
        return [str(_resolve(package_include))]
    top = _dev_top_dir()
    if top is not None:
        paths = [top / "ffi" / "c" / "include"]
        cpp_include = top / "ffi" / "cpp" / "include"
        if _is_dir(cpp_include):
            paths.append(cpp_include)
        return [str(_resolve(p)) for p in paths]
    raise RuntimeError(
        f"cannot find the tvm-ffi headers: neither {package_include} nor a source checkout "
        "around the package contains tvm/ffi/c_api.h"
    )


def include_paths() -> list[str]:
    """Alias of :func:`find_include_paths`, the name used by the reference package."""
    return find_include_paths()


def find_include_path() -> str:
    """Return the include directory that contains ``tvm/ffi/c_api.h``.

    Raises
    ------
    RuntimeError
        If the headers are not found.
    """
    return _first_include_with(Path("tvm") / "ffi" / "c_api.h")


def find_dlpack_include_path() -> str:
    """Return the include directory that contains ``dlpack/dlpack.h``.

    Raises
    ------
    RuntimeError
        If the header is not found.
    """
    return _first_include_with(Path("dlpack") / "dlpack.h")


def find_cmake_path() -> str:
    """Return the directory of the ``tvm_ffi`` CMake package, for ``-Dtvm_ffi_DIR=``.

    The directory next to the found library (``<libdir>/cmake/tvm_ffi``) is preferred, so that
    the CMake targets describe the same library as :func:`find_libtvm_ffi`; then the package's
    ``lib/cmake/tvm_ffi``, the distribution ``RECORD`` and dev build trees.

    Raises
    ------
    RuntimeError
        If no directory holding ``tvm_ffi-config.cmake`` is found.
    """
    relative = Path("cmake") / "tvm_ffi"
    sources: list[_CandidateSource] = [
        lambda: [Path(find_lib_dir()) / relative],
        lambda: [_package_dir() / "lib" / relative],
        lambda: [p.parent for p in _record_files(DIST_NAME, CMAKE_CONFIG_FILE)],
        lambda: [d / relative for d in _dev_build_lib_dirs(library_filename())],
    ]
    found, tried = _search(sources, lambda p: _is_file(p / CMAKE_CONFIG_FILE))
    if found is None:
        raise RuntimeError(
            f"cannot find the tvm_ffi CMake package ({CMAKE_CONFIG_FILE}); tried:\n  "
            + "\n  ".join(str(p) for p in tried)
        )
    return str(found)


def find_cmake_dir() -> str:
    """Alias of :func:`find_cmake_path`."""
    return find_cmake_path()


def load_lib_ctypes(
    package: str = DIST_NAME,
    target_name: str = TARGET_NAME,
    mode: str | int = "RTLD_GLOBAL",
    extra_lib_paths: Sequence[Path] | None = None,
) -> ctypes.CDLL:
    """Find a shared library with :func:`find_library` and load it through ctypes.

    Downstream packages can reuse this to load their own library from their wheel.

    Parameters
    ----------
    package
        Distribution name that ships the library.
    target_name
        CMake target name of the library.
    mode
        ``dlopen`` mode: a ``ctypes`` attribute name such as ``"RTLD_GLOBAL"`` or
        ``"RTLD_LOCAL"``, or its integer value.
    extra_lib_paths
        Extra directories to search, see :func:`find_library`.

    Returns
    -------
    ctypes.CDLL
        The loaded library.

    Raises
    ------
    RuntimeError
        If the library is not found.
    ValueError
        If ``mode`` names no ``ctypes`` constant.
    OSError
        If the dynamic loader rejects the file.
    """
    import ctypes  # noqa: PLC0415 - deferred to keep `import tvm_ffi` cheap

    if isinstance(mode, str):
        if not mode.startswith("RTLD_") or not hasattr(ctypes, mode):
            raise ValueError(f"unknown dlopen mode {mode!r}; expected e.g. 'RTLD_GLOBAL'")
        mode_value: int = getattr(ctypes, mode)
    else:
        mode_value = mode
    path = Path(find_library(package, target_name, extra_lib_paths))
    if sys.platform == "win32":
        # Dependencies next to the DLL are not found through PATH since Python 3.8.
        _DLL_DIRECTORY_HANDLES.append(os.add_dll_directory(str(path.parent)))
    return ctypes.CDLL(str(path), mode=mode_value)


# ---------------------------------------------------------------------------------------------
# Probing helpers; each one guards the file system against OSError/ValueError.
# ---------------------------------------------------------------------------------------------
def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except _PROBE_ERRORS:
        return False


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except _PROBE_ERRORS:
        return False


def _resolve(path: Path) -> Path:
    try:
        return path.resolve()
    except _PROBE_ERRORS:
        return Path(os.path.abspath(path))


def _search(
    sources: Iterable[_CandidateSource], accept: Callable[[Path], bool]
) -> tuple[Path | None, list[Path]]:
    """Return the first accepted candidate (resolved) and the list of candidates tried.

    Sources are evaluated lazily, in order; a source that raises a probe error or
    ``RuntimeError`` (e.g. a lookup it depends on failed) contributes no candidates.
    """
    tried: list[Path] = []
    for source in sources:
        try:
            candidates = list(source())
        except (*_PROBE_ERRORS, RuntimeError):
            continue
        for candidate in candidates:
            tried.append(candidate)
            try:
                if accept(candidate):
                    return _resolve(candidate), tried
            except _PROBE_ERRORS:
                continue
    return None, tried


def _package_dir() -> Path:
    return Path(os.path.abspath(__file__)).parent


def _dev_top_dir() -> Path | None:
    """Return the checkout root when this file is ``<root>/ffi/python/tvm_ffi/libinfo.py``."""
    try:
        top = _package_dir().parents[2]
    except IndexError:  # installed too close to the file-system root to be in a checkout
        return None
    if _is_file(top / "ffi" / "c" / "include" / "tvm" / "ffi" / "c_api.h"):
        return top
    return None


def _dev_build_lib_dirs(filename: str) -> list[Path]:
    """Return ``<root>/build*/lib`` and ``<root>/build/*/lib`` holding ``filename``, newest first.

    Build trees configured with sanitizers are skipped: their library cannot be loaded into a
    process that was not started with the sanitizer runtime (e.g. ``python`` or a plain program
    linked with ``tvm-ffi-config --ldflags``).
    """
    top = _dev_top_dir()
    if top is None:
        return []
    dirs: list[tuple[float, str, Path]] = []
    for pattern in ("build*/lib", "build/*/lib"):
        try:
            matches = list(top.glob(pattern))
        except _PROBE_ERRORS:
            continue
        for lib_dir in matches:
            try:
                mtime = (lib_dir / filename).stat().st_mtime
            except _PROBE_ERRORS:
                continue
            if _is_sanitizer_build(lib_dir.parent):
                continue
            dirs.append((-mtime, str(lib_dir), lib_dir))
    return [entry[2] for entry in sorted(dirs)]


def _is_sanitizer_build(build_dir: Path) -> bool:
    """Tell whether ``build_dir/CMakeCache.txt`` enables a sanitizer (False when unreadable)."""
    try:
        with open(build_dir / "CMakeCache.txt", encoding="utf-8", errors="replace") as cache:
            for line in cache:
                if line.startswith("TVM_FFI_SANITIZE:") and line.split("=", 1)[-1].strip():
                    return True
                if line.startswith("CMAKE_") and "-fsanitize" in line:
                    return True
    except _PROBE_ERRORS:
        return False
    return False


def _loader_path_dirs() -> list[str]:
    if sys.platform == "win32":
        names = ["PATH"]
    elif sys.platform == "darwin":
        names = ["DYLD_LIBRARY_PATH", "DYLD_FALLBACK_LIBRARY_PATH"]
    else:
        names = ["LD_LIBRARY_PATH"]
    dirs: list[str] = []
    for name in names:
        dirs.extend(p for p in os.environ.get(name, "").split(os.pathsep) if p)
    return dirs


def _library_from_env(filename: str) -> Path | None:
    """Return the library named by ``TVM_FFI_LIBRARY_PATH``, None when unset.

    Raises
    ------
    RuntimeError
        If the variable is set but names neither the library nor a directory holding it.
    """
    value = os.environ.get(LIBRARY_PATH_ENV, "")
    if not value:
        return None
    path = Path(value)
    for candidate in (path, path / filename):
        if _is_file(candidate):
            return _resolve(candidate)
    raise RuntimeError(
        f"{LIBRARY_PATH_ENV}={value!r} is neither {filename} nor a directory containing it"
    )


def _normalize_dist_name(name: str) -> str:
    """Normalize a distribution name as PEP 503 does (runs of ``-_.`` become one ``-``)."""
    parts = name.lower().replace("_", "-").replace(".", "-").split("-")
    return "-".join(part for part in parts if part)


def _record_files(dist_name: str, filename: str) -> list[Path]:
    """Return the installed files of ``dist_name`` whose base name is ``filename``."""
    from importlib import metadata  # noqa: PLC0415 - slow import, only when needed

    normalized = _normalize_dist_name(dist_name)
    for name in dict.fromkeys([dist_name, normalized, normalized.replace("-", "_")]):
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        return [Path(str(dist.locate_file(f))) for f in (dist.files or []) if f.name == filename]
    return []


def _first_include_with(relative: Path) -> str:
    paths = find_include_paths()
    for include in paths:
        if _is_file(Path(include) / relative):
            return include
    raise RuntimeError(f"no include directory contains {relative}; searched {paths}")
