# ffi/python/tests/test_jit.py: tvm_ffi.cpp builds C++/CUDA, caches, locks, reports errors.
"""JIT tests. Every build goes to a per-session cache directory, so runs never share state."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import tvm_ffi
import tvm_ffi.cpp
from tvm_ffi.cpp import _build

pytestmark = pytest.mark.skipif(
    shutil.which("c++") is None and not os.environ.get("CXX"), reason="needs a C++ compiler"
)

SCALARS = r"""
#include <string>
#include <tvm/ffi/error.h>
#include <tvm/ffi/string.h>

int64_t add(int64_t a, int64_t b) { return a + b; }
tvm::ffi::String greet(tvm::ffi::String name) {
  return "hello " + std::string(name.data(), name.size());
}
int64_t checked_div(int64_t a, int64_t b) {
  if (b == 0) TVM_FFI_THROW(ValueError) << "checked_div: division by zero";
  return a / b;
}
"""

KERNEL = r"""
#include <tvm/ffi/container/tensor.h>
#include <tvm/ffi/error.h>

void add_one(tvm::ffi::TensorView x, tvm::ffi::TensorView y) {
  if (x.dtype().code != kDLFloat || x.dtype().bits != 32 || x.ndim() != 1 ||
      y.ndim() != 1 || x.size(0) != y.size(0)) {
    TVM_FFI_THROW(TypeError) << "add_one: expects two 1-D float32 tensors of equal length";
  }
  const float* in = static_cast<const float*>(x.data_ptr());
  float* out = static_cast<float*>(y.data_ptr());
  for (int64_t i = 0; i < x.size(0); ++i) out[i] = in[i] + 1.0f;
}
"""


@pytest.fixture(scope="module", autouse=True)
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("jit_cache")
    old = os.environ.get("TVM_FFI_CACHE_DIR")
    os.environ["TVM_FFI_CACHE_DIR"] = str(path)
    yield path
    if old is None:
        del os.environ["TVM_FFI_CACHE_DIR"]
    else:
        os.environ["TVM_FFI_CACHE_DIR"] = old


@pytest.fixture(scope="module")
def scalars() -> tvm_ffi.Module:
    return tvm_ffi.cpp.load_inline(
        "jit_scalars",
        cpp_sources=SCALARS,
        functions={"add": "Add two integers.", "greet": "", "checked_div": ""},
    )


@pytest.fixture(scope="module")
def kernel() -> tvm_ffi.Module:
    return tvm_ffi.cpp.load_inline("jit_kernel", cpp_sources=KERNEL, functions="add_one")


def test_ints_strings_and_docs(scalars: tvm_ffi.Module) -> None:
    assert scalars.add(40, 2) == 42
    assert scalars.greet("jit") == "hello jit"
    assert scalars.get_function_doc("add") == "Add two integers."
    assert scalars.get_function_doc("greet") is None


def test_cpp_errors_reach_python(scalars: tvm_ffi.Module) -> None:
    with pytest.raises(ValueError, match="division by zero"):
        scalars.checked_div(1, 0)
    with pytest.raises(TypeError):
        scalars.add("not an int", 1)


def test_tensor_kernel_with_torch(kernel: tvm_ffi.Module) -> None:
    torch = pytest.importorskip("torch")
    x = torch.arange(6, dtype=torch.float32)
    y = torch.empty_like(x)
    kernel.add_one(x, y)
    assert torch.equal(y, x + 1)
    with pytest.raises(TypeError, match="float32"):
        kernel.add_one(x.double(), y)


def test_tensor_kernel_with_numpy(kernel: tvm_ffi.Module) -> None:
    np = pytest.importorskip("numpy")
    x = np.arange(4, dtype="float32")
    y = np.zeros_like(x)
    kernel.add_one(x, y)
    assert (y == x + 1).all()


def _mtimes(directory: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in directory.iterdir() if p.suffix in (".so", ".o")}


def test_second_load_is_a_cache_hit(kernel: tvm_ffi.Module, cache_dir: Path) -> None:
    path = Path(tvm_ffi.cpp.build_inline("jit_kernel", cpp_sources=KERNEL, functions="add_one"))
    assert path.parent.parent == cache_dir and path.parent.name.startswith("jit_kernel_")
    before = _mtimes(path.parent)
    again = tvm_ffi.cpp.load_inline("jit_kernel", cpp_sources=KERNEL, functions=["add_one"])
    assert _mtimes(path.parent) == before  # nothing recompiled or relinked
    # A different flag set is a different build directory.
    other = tvm_ffi.cpp.build_inline(
        "jit_kernel", cpp_sources=KERNEL, functions="add_one", extra_cflags=["-O1"]
    )
    assert Path(other).parent != path.parent
    assert again.add_one is not None


def test_build_and_load_from_files(tmp_path: Path) -> None:
    src = tmp_path / "mul.cc"
    src.write_text(
        "#include <tvm/ffi/function.h>\n"
        "int64_t mul(int64_t a, int64_t b) { return a * b; }\n"
        "TVM_FFI_DLL_EXPORT_TYPED_FUNC(mul, mul);\n"
    )
    out = tmp_path / "out"
    path = tvm_ffi.cpp.build("jit_mul", cpp_files=[src], build_directory=out)
    assert Path(path) == out / "jit_mul.so" and (out / "build.ninja").is_file()
    mod = tvm_ffi.cpp.load("jit_mul", cpp_files=str(src), build_directory=out)
    assert mod.mul(6, 7) == 42


def test_build_without_ninja_calls_the_compiler(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_build, "find_ninja", lambda: None)
    mod = tvm_ffi.cpp.load_inline(
        "jit_no_ninja",
        cpp_sources="int64_t twice(int64_t x) { return 2 * x; }",
        functions="twice",
        build_directory=tmp_path,
    )
    assert mod.twice(21) == 42
    assert (tmp_path / "build.ninja").is_file()  # written anyway, to reproduce the build by hand


def test_compile_error_has_compiler_output(tmp_path: Path) -> None:
    with pytest.raises(tvm_ffi.cpp.BuildError) as info:
        tvm_ffi.cpp.build_inline(
            "jit_broken",
            cpp_sources="int64_t broken() { return undeclared_name; }",
            functions="broken",
            build_directory=tmp_path,
        )
    err = info.value
    assert isinstance(err, RuntimeError)
    assert "undeclared_name" in str(err) and "error" in str(err)
    assert str(tmp_path) in str(err) and err.build_directory == str(tmp_path)
    assert "undeclared_name" in err.output


@pytest.mark.parametrize(
    ("kwargs", "exc", "pattern"),
    [
        ({}, ValueError, "cpp_sources"),
        ({"cpp_sources": ""}, ValueError, "cpp_sources"),
        ({"cpp_sources": 123}, TypeError, "cpp_sources"),
        ({"cpp_sources": "int x;", "functions": 5}, TypeError, "functions"),
        ({"cpp_sources": "int x;", "functions": ["1bad"]}, ValueError, "1bad"),
        ({"cpp_sources": "int x;", "functions": {"f": 3}}, TypeError, "doc"),
        ({"cpp_sources": "int x;", "extra_cflags": [1]}, TypeError, "extra_cflags"),
        ({"cpp_sources": "int x;", "build_directory": 3}, TypeError, "build_directory"),
    ],
)
def test_build_inline_bad_arguments(kwargs: dict, exc: type, pattern: str) -> None:
    with pytest.raises(exc, match=pattern):
        tvm_ffi.cpp.build_inline("jit_bad", **kwargs)


def test_bad_names_and_files(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="`name` must be a C identifier"):
        tvm_ffi.cpp.load_inline("no spaces", cpp_sources="int x;")
    with pytest.raises(ValueError, match="`name`"):
        tvm_ffi.cpp.build(None, cpp_files=["a.cc"])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="cpp_files"):
        tvm_ffi.cpp.build("jit_files")
    with pytest.raises(ValueError, match="missing file"):
        tvm_ffi.cpp.build("jit_files", cpp_files=[tmp_path / "nope.cc"])
    with pytest.raises(TypeError, match="cuda_files"):
        tvm_ffi.cpp.load("jit_files", cuda_files=[1])


# Run in a child: build the same source as a sibling process, then call it and print the result.
_CHILD = textwrap.dedent(
    """
    import sys, tvm_ffi.cpp
    mod = tvm_ffi.cpp.load_inline(
        "jit_race", cpp_sources="int64_t race(int64_t x) { return x + 7; }", functions="race")
    print(mod.race(int(sys.argv[1])))
    """
)


def test_concurrent_processes_share_one_build(cache_dir: Path) -> None:
    env = dict(os.environ, TVM_FFI_CACHE_DIR=str(cache_dir / "race"))
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _CHILD, str(i)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(2)
    ]
    results = [proc.communicate(timeout=300) for proc in procs]
    for i, (proc, (out, err)) in enumerate(zip(procs, results)):
        assert proc.returncode == 0, err
        assert out.strip() == str(i + 7)
    builds = list((cache_dir / "race").iterdir())
    assert len(builds) == 1 and (builds[0] / "jit_race.so").is_file()
    assert not list(builds[0].glob("*.tmp"))  # the link went through a temporary and a rename


CUDA = r"""
#include <cuda_runtime.h>
#include <tvm/ffi/function.h>

__global__ void fill(float* out, float value, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = value;
}

int64_t threads_per_block() { return 256; }
"""


@pytest.mark.skipif(_build.find_nvcc() is None, reason="needs nvcc")
def test_cuda_source_compiles_with_nvcc(tmp_path: Path) -> None:
    path = tvm_ffi.cpp.build_inline(
        "jit_cuda",
        cpp_sources="int64_t host_side() { return 1; }",
        cuda_sources=CUDA,
        functions="host_side",
        build_directory=tmp_path,
    )
    assert Path(path).is_file()
    assert "nvcc" in (tmp_path / "build.ninja").read_text()
    # No GPU is needed to load the library and call host code.
    assert tvm_ffi.load_module(path).host_side() == 1


def test_cuda_without_nvcc_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_build, "find_nvcc", lambda: None)
    with pytest.raises(RuntimeError, match="nvcc"):
        tvm_ffi.cpp.build_inline("jit_cuda_missing", cuda_sources=CUDA)


def test_without_ninja_a_newer_source_is_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_build, "find_ninja", lambda: None)
    src = "int64_t version() { return %d; }"
    first = tvm_ffi.cpp.load_inline(
        "jit_versioned", cpp_sources=src % 1, functions="version", build_directory=tmp_path / "a"
    )
    assert first.version() == 1
    library = tmp_path / "a" / "jit_versioned.so"
    stamp = library.stat().st_mtime_ns
    tvm_ffi.cpp.build_inline(
        "jit_versioned", cpp_sources=src % 1, functions="version", build_directory=tmp_path / "a"
    )
    assert library.stat().st_mtime_ns == stamp  # unchanged source: no rebuild
    os.utime(library, ns=(stamp - 10**9, stamp - 10**9))  # make the library older than main.cpp
    (tmp_path / "a" / "main.cpp").touch()
    tvm_ffi.cpp.build_inline(
        "jit_versioned", cpp_sources=src % 1, functions="version", build_directory=tmp_path / "a"
    )
    assert library.stat().st_mtime_ns != stamp - 10**9  # relinked


def test_a_relative_cache_dir_is_resolved_against_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # ninja runs inside the build directory, so a relative TVM_FFI_CACHE_DIR must be made
    # absolute before any path is written into build.ninja.
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TVM_FFI_CACHE_DIR", "relative_cache")
    path = Path(tvm_ffi.cpp.build_inline("jit_relative", cpp_sources=KERNEL, functions="add_one"))
    assert path.is_absolute()
    assert path.parent.parent == tmp_path / "relative_cache"
