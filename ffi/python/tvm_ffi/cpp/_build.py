# ffi/python/tvm_ffi/cpp/_build.py: toolchain lookup, the build plan, build.ninja, and running it.
"""Turn a list of C++/CUDA source files into one shared library.

A build is a :class:`BuildPlan`: one compile step per source and one link step. The plan is
written out as ``build.ninja`` and run by ninja when ninja exists; without ninja the same steps
run one after the other through :mod:`subprocess`, so both paths compile with identical commands.
The library is linked to a temporary name and renamed into place, so a reader never sees a
half-written file.
"""

from __future__ import annotations

import fcntl
import functools
import os
import shlex
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from .. import libinfo

__all__ = ["BuildError", "BuildPlan", "FileLock", "find_ninja", "find_nvcc", "run_plan"]


class BuildError(RuntimeError):
    """A compile or link step failed; the message holds the command's output.

    Attributes
    ----------
    output
        Everything the failing build printed (compiler diagnostics included).
    build_directory
        The directory the build ran in (its ``build.ninja`` reproduces the failure).
    """

    def __init__(self, message: str, output: str, build_directory: str) -> None:
        super().__init__(message)
        self.output = output
        self.build_directory = build_directory


@dataclass
class Step:
    """One command of a build: ``rule`` names the ninja rule, ``command`` is argv."""

    rule: str
    inputs: list[str]
    output: str
    command: list[str]
    depfile: str | None = None


@dataclass
class BuildPlan:
    """Everything needed to produce ``output`` (a shared library) inside ``directory``."""

    directory: Path
    output: str
    steps: list[Step] = field(default_factory=list)


def cxx_compiler() -> str:
    """Return the C++ compiler: ``$CXX``, else ``c++``/``g++``/``clang++`` on ``PATH``."""
    env = os.environ.get("CXX")
    if env:
        return env
    for name in ("c++", "g++", "clang++"):
        found = shutil.which(name)
        if found:
            return found
    raise RuntimeError("tvm_ffi.cpp: no C++ compiler found (set CXX or install g++/clang++)")


def find_nvcc() -> str | None:
    """Return nvcc from ``$CUDA_HOME``/``$CUDA_PATH``, ``PATH`` or ``/usr/local/cuda``, or None."""
    for env in ("CUDA_HOME", "CUDA_PATH"):
        root = os.environ.get(env)
        if root and os.access(os.path.join(root, "bin", "nvcc"), os.X_OK):
            return os.path.join(root, "bin", "nvcc")
    found = shutil.which("nvcc")
    if found:
        return found
    default = "/usr/local/cuda/bin/nvcc"
    return default if os.access(default, os.X_OK) else None


def find_ninja() -> str | None:
    """Return the ninja executable: ``PATH`` first, then the ``ninja`` Python package."""
    found = shutil.which("ninja")
    if found:
        return found
    try:
        import ninja  # noqa: PLC0415 - optional dependency
    except ImportError:
        return None
    candidate = os.path.join(ninja.BIN_DIR, "ninja")
    return candidate if os.access(candidate, os.X_OK) else None


@functools.cache
def tool_identity(tool: str) -> str:
    """Return ``tool --version``'s first line, so a compiler upgrade changes the cache key."""
    try:
        out = subprocess.run(
            [tool, "--version"], capture_output=True, text=True, timeout=60, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return tool
    return f"{tool}: " + " | ".join(line for line in out.splitlines() if line.strip())


def cuda_arch_flags() -> list[str]:
    """Return ``-gencode`` flags from ``$TVM_FFI_CUDA_ARCH_LIST`` (e.g. ``"8.0 9.0"``).

    Without the variable nvcc's default architecture is used, which also works on machines
    without a GPU (compile-only builds).
    """
    flags = []
    for arch in os.environ.get("TVM_FFI_CUDA_ARCH_LIST", "").replace(",", " ").split():
        num = arch.replace(".", "").replace("+PTX", "")
        flags.append(f"-gencode=arch=compute_{num},code=sm_{num}")
        if arch.endswith("+PTX"):
            flags.append(f"-gencode=arch=compute_{num},code=compute_{num}")
    return flags


def cuda_lib_dir(nvcc: str) -> str:
    """Return the CUDA toolkit's library directory (the one holding libcudart).

    ``nvcc`` may be a wrapper script outside the toolkit, so ``$CUDA_HOME`` and
    ``/usr/local/cuda`` are tried after the directory above nvcc's own.
    """
    roots = [Path(nvcc).resolve().parent.parent]
    roots += [Path(os.environ[v]) for v in ("CUDA_HOME", "CUDA_PATH") if os.environ.get(v)]
    roots.append(Path("/usr/local/cuda"))
    for root in roots:
        for sub in ("lib64", "lib", "targets/x86_64-linux/lib"):
            if (root / sub / "libcudart.so").exists():
                return str(root / sub)
    raise RuntimeError(
        f"tvm_ffi.cpp: libcudart.so not found near {nvcc} (set CUDA_HOME to the CUDA toolkit)"
    )


def make_plan(  # noqa: PLR0913, PLR0917 - one parameter per build input
    directory: Path,
    name: str,
    cpp_files: list[str],
    cuda_files: list[str],
    cflags: list[str],
    cuda_cflags: list[str],
    ldflags: list[str],
    include_paths: list[str],
) -> BuildPlan:
    """Build the compile and link steps for ``lib<name>.so`` from absolute source paths."""
    includes = [f"-I{path}" for path in include_paths + libinfo.find_include_paths()]
    cxx = cxx_compiler()
    plan = BuildPlan(directory=directory, output=f"{name}.so")
    objects = []
    for index, src in enumerate(cpp_files):
        obj = f"{Path(src).stem}_{index}.o"
        command = [cxx, "-MMD", "-MF", f"{obj}.d", "-std=c++17", "-fPIC", "-O2"]
        command += [*includes, *cflags, "-c", src, "-o", obj]
        plan.steps.append(Step("cxx", [src], obj, command, depfile=f"{obj}.d"))
        objects.append(obj)
    link_extra: list[str] = []
    if cuda_files:
        nvcc = find_nvcc()
        if nvcc is None:
            raise RuntimeError(
                "tvm_ffi.cpp: cuda_sources/cuda_files need nvcc, which was not found "
                "(set CUDA_HOME or put nvcc on PATH)"
            )
        for index, src in enumerate(cuda_files):
            obj = f"{Path(src).stem}_{index}.cuda.o"
            command = [nvcc, "-MD", "-MF", f"{obj}.d", "-std=c++17", "-O2", "-Xcompiler", "-fPIC"]
            command += [*cuda_arch_flags(), *includes, *cuda_cflags, "-c", src, "-o", obj]
            plan.steps.append(Step("nvcc", [src], obj, command, depfile=f"{obj}.d"))
            objects.append(obj)
        lib = cuda_lib_dir(nvcc)
        link_extra = [f"-L{lib}", f"-Wl,-rpath,{lib}", "-lcudart"]
    lib_dir = libinfo.find_lib_dir()
    tmp = f"{plan.output}.tmp"
    link = [cxx, "-shared", "-fPIC", *objects, "-o", tmp, f"-L{lib_dir}", f"-Wl,-rpath,{lib_dir}"]
    link += ["-ltvm_ffi", *link_extra, *ldflags]
    plan.steps.append(Step("link", objects, plan.output, link))
    return plan


def _ninja_escape(text: str) -> str:
    return text.replace("$", "$$").replace(" ", "$ ").replace(":", "$:").replace("\n", "$\n")


def _link_command(step: Step) -> str:
    """Shell command of a link step: link to ``<out>.tmp``, then rename over the output."""
    out = shlex.quote(step.output)
    return f"{shlex.join(step.command)} && mv -f {out}.tmp {out}"


def write_ninja(plan: BuildPlan) -> Path:
    """Write ``build.ninja`` for ``plan`` (only when its text changed, so ninja stays a no-op)."""
    lines = ["ninja_required_version = 1.3", ""]
    for index, step in enumerate(plan.steps):
        rule = f"{step.rule}_{index}"
        command = _link_command(step) if step.rule == "link" else shlex.join(step.command)
        lines.append(f"rule {rule}")
        lines.append(f"  command = {command.replace('$', '$$')}")
        lines.append(f"  description = {step.rule.upper()} {step.output}")
        if step.depfile:
            lines.append(f"  depfile = {step.depfile}")
            lines.append("  deps = gcc")
        ins = " ".join(_ninja_escape(path) for path in step.inputs)
        lines.append(f"build {_ninja_escape(step.output)}: {rule} {ins}")
        lines.append("")
    lines.append(f"default {_ninja_escape(plan.output)}")
    text = "\n".join(lines) + "\n"
    path = plan.directory / "build.ninja"
    if not path.is_file() or path.read_text() != text:
        path.write_text(text)
    return path


def _fail(plan: BuildPlan, what: str, output: str) -> BuildError:
    message = f"tvm_ffi.cpp: {what} failed in build directory {plan.directory}:\n{output.strip()}"
    return BuildError(message, output, str(plan.directory))


def run_plan(plan: BuildPlan, ninja: str | None) -> str:
    """Run ``plan`` (with ninja if given, else directly) and return the library's path."""
    write_ninja(plan)
    if ninja is not None:
        jobs = os.environ.get("MAX_JOBS")
        command = [ninja, "-C", str(plan.directory)] + (["-j", jobs] if jobs else [])
        proc = subprocess.run(command, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            raise _fail(plan, "ninja build", proc.stdout + proc.stderr)
    else:
        for step in plan.steps:
            proc = subprocess.run(
                step.command, cwd=plan.directory, capture_output=True, text=True, check=False
            )
            if proc.returncode != 0:
                raise _fail(plan, f"{step.rule} of {step.output}", proc.stdout + proc.stderr)
            if step.rule == "link":
                os.replace(plan.directory / f"{step.output}.tmp", plan.directory / step.output)
    return str(plan.directory / plan.output)


class FileLock:
    """An exclusive ``fcntl.flock`` on ``path`` for the duration of a ``with`` block.

    The kernel drops the lock when the process dies, so a crashed build never leaves the cache
    locked.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def __enter__(self) -> FileLock:
        self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        fcntl.flock(self._fd, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._fd is not None
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)
        self._fd = None
