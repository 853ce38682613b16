# ffi/python/tests/test_seed_example.py: the seed's C example, built and called from Python.
"""End to end test of the seed example.

Compile ``ffi/c/tests/seed/add_one_c.c`` with the seed's gcc command (flags from
``tvm-ffi-config``, as in ``ci/seed_example.sh``), load it with :func:`tvm_ffi.load_module` and
call ``add_one_c`` on torch tensors and numpy arrays.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import tvm_ffi

SEED_SOURCE = Path(__file__).resolve().parents[2] / "c" / "tests" / "seed" / "add_one_c.c"
CC = shutil.which("gcc") or shutil.which("cc")

pytestmark = pytest.mark.skipif(CC is None, reason="needs a C compiler")


def _config(*flags: str) -> list[str]:
    """Run ``tvm-ffi-config`` (as ``python -m tvm_ffi.config``) and split its output."""
    out = subprocess.run(
        [sys.executable, "-m", "tvm_ffi.config", *flags], capture_output=True, text=True, check=True
    ).stdout
    return shlex.split(out)


@pytest.fixture(scope="module")
def seed_module(tmp_path_factory: pytest.TempPathFactory) -> tvm_ffi.Module:
    out = tmp_path_factory.mktemp("seed") / "add_one_c.so"
    # gcc -shared -fPIC `tvm-ffi-config --cflags` src/add_one_c.c -o build/add_one_c.so
    #     `tvm-ffi-config --ldflags` `tvm-ffi-config --libs`
    command = [CC, "-shared", "-fPIC", *_config("--cflags"), str(SEED_SOURCE), "-o", str(out)]
    command += [*_config("--ldflags"), *_config("--libs")]
    proc = subprocess.run(command, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, f"{shlex.join(command)}\n{proc.stderr}"
    return tvm_ffi.load_module(out)


def test_add_one_c_on_torch_tensors(seed_module: tvm_ffi.Module) -> None:
    torch = pytest.importorskip("torch")
    x = torch.tensor([1, 2, 3, 4, 5], dtype=torch.float32)
    y = torch.empty_like(x)
    seed_module.add_one_c(x, y)
    assert y.tolist() == [2, 3, 4, 5, 6]


def test_add_one_c_on_numpy_arrays(seed_module: tvm_ffi.Module) -> None:
    np = pytest.importorskip("numpy")
    x = np.array([0.5, 1.5, 2.5], dtype="float32")
    y = np.zeros_like(x)
    seed_module.add_one_c(x, y)
    assert y.tolist() == [1.5, 2.5, 3.5]


def test_add_one_c_on_ffi_tensors(seed_module: tvm_ffi.Module) -> None:
    np = pytest.importorskip("numpy")
    x = np.arange(3, dtype="float32")
    y = np.zeros_like(x)
    seed_module.add_one_c(tvm_ffi.from_dlpack(x), tvm_ffi.from_dlpack(y))
    assert y.tolist() == [1.0, 2.0, 3.0]


def test_add_one_c_rejects_non_tensors(seed_module: tvm_ffi.Module) -> None:
    # The seed reports ValueError("Expects a Tensor input") for anything but a tensor.
    with pytest.raises(ValueError, match="Expects a Tensor input"):
        seed_module.add_one_c(1, 2)
    with pytest.raises(ValueError, match="Expects a Tensor input"):
        seed_module.add_one_c("x", None)


def test_module_has_only_the_seed_function(seed_module: tvm_ffi.Module) -> None:
    assert seed_module.implements_function("add_one_c")
    with pytest.raises(AttributeError, match="add_one_d"):
        seed_module.add_one_d  # noqa: B018 - the lookup is the test
