# ffi/python/tvm_ffi/config.py: the `tvm-ffi-config` command line tool.
"""Print what a build needs to compile and link against tvm-ffi.

Usage examples::

    gcc $(tvm-ffi-config --cflags) app.c $(tvm-ffi-config --ldflags --libs)
    cmake -Dtvm_ffi_DIR=$(tvm-ffi-config --cmakedir) ...
    python -m tvm_ffi.config --libdir

Several flags may be given at once. Like the reference tool, each requested item is printed on
its own line, in a fixed order (the order of the options in ``--help``) whatever the order on
the command line, so ``$(tvm-ffi-config --cflags --ldflags --libs)`` works in a shell.
``--ldflags`` adds ``-Wl,-rpath,<libdir>``, so programs linked with it run without
``LD_LIBRARY_PATH``. With no arguments the tool prints its help.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from . import libinfo
from ._version import __abi_version__, __version__

__all__ = ["main"]


def _unique(items: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _cflags() -> str:
    includes = [*libinfo.find_include_paths(), libinfo.find_dlpack_include_path()]
    return " ".join(f"-I{path}" for path in _unique(includes))


def _cxxflags() -> str:
    return f"{_cflags()} -std=c++17"


def _ldflags() -> str:
    lib_dir = libinfo.find_lib_dir()
    return f"-L{lib_dir} -Wl,-rpath,{lib_dir}"


def _libs() -> str:
    return f"-l{libinfo.TARGET_NAME}"


# (option, help text, producer). The order here is the output order.
_ITEMS: list[tuple[str, str, Callable[[], str]]] = [
    (
        "--includedir",
        "print the include directory (holds tvm/ffi/c_api.h)",
        libinfo.find_include_path,
    ),
    (
        "--dlpack-includedir",
        "print the include directory that holds dlpack/dlpack.h",
        libinfo.find_dlpack_include_path,
    ),
    (
        "--cmakedir",
        "print the CMake package directory (for -Dtvm_ffi_DIR=)",
        libinfo.find_cmake_path,
    ),
    ("--libdir", "print the directory of libtvm_ffi", libinfo.find_lib_dir),
    ("--libfiles", "print the full path of libtvm_ffi", libinfo.find_libtvm_ffi),
    ("--cxxflags", "print C++ compiler flags (-I... -std=c++17)", _cxxflags),
    ("--cflags", "print C compiler flags (-I...)", _cflags),
    ("--libs", "print the libraries to link (-ltvm_ffi)", _libs),
    ("--ldflags", "print linker flags (-L<libdir> -Wl,-rpath,<libdir>)", _ldflags),
    ("--version", "print the version of the tvm-ffi package", lambda: __version__),
    (
        "--abi-version",
        "print the version of the C ABI (TVM_FFI_VERSION_*)",
        lambda: __abi_version__,
    ),
]


def _build_parser(prog: str | None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Print the paths and flags needed to compile and link with tvm-ffi.",
        epilog="Several options may be combined; each prints one line, in the order listed above.",
    )
    for option, help_text, _ in _ITEMS:
        parser.add_argument(option, action="store_true", help=help_text)
    return parser


def main(argv: Sequence[str] | None = None, prog: str | None = "tvm-ffi-config") -> int:
    """Run the ``tvm-ffi-config`` command line tool.

    Parameters
    ----------
    argv
        Arguments without the program name; ``sys.argv[1:]`` when None.
    prog
        Program name shown in usage and error messages.

    Returns
    -------
    int
        0 on success, 1 when a requested path cannot be found. Unknown options make argparse
        exit with status 2 and a usage message on stderr.
    """
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = _build_parser(prog)
    if not args_list:
        parser.print_help()
        return 0
    args = parser.parse_args(args_list)
    lines: list[str] = []
    for option, _, produce in _ITEMS:
        if getattr(args, option.lstrip("-").replace("-", "_")):
            try:
                lines.append(produce())
            except RuntimeError as err:
                print(f"{parser.prog}: error: {option}: {err}", file=sys.stderr)
                return 1
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main(prog="python -m tvm_ffi.config"))
