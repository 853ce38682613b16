# examples/quickstart/run.py: load add_one modules from Python and call them with torch and numpy.
"""Call ``add_one`` from every module given, with torch tensors and numpy arrays.

Usage::

    python examples/quickstart/run.py cpu  build/quickstart/libadd_one_c.so ...
    python examples/quickstart/run.py cuda build/quickstart/libadd_one_cuda.so

Whatever language a module was written in, Python sees the same function: arguments are passed
through DLPack without a copy, and a module's error arrives as the matching Python exception.
Exits non-zero if a result is wrong or bad input is accepted.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable

import numpy as np
import torch

import tvm_ffi


def check_rejects(name: str, call: Callable[[], object], error: type[Exception]) -> None:
    """Bad input must raise ``error``; print what the module said."""
    try:
        call()
    except error as err:
        print(f"python: {name}: {type(err).__name__}: {err}")
        return
    raise AssertionError(f"{name}: bad input was accepted")


def run_cpu(name: str, add_one: Callable[..., object]) -> None:
    """Torch tensors and numpy arrays in, results written into ``y``."""
    x = torch.arange(5, dtype=torch.float32)
    y = torch.empty_like(x)
    add_one(x, y)
    print(f"python: {name}: torch add_one({x.tolist()}) = {y.tolist()}")
    assert torch.equal(y, x + 1), y

    a = np.arange(5, dtype=np.float32)
    b = np.empty_like(a)
    add_one(a, b)
    print(f"python: {name}: numpy add_one({a.tolist()}) = {b.tolist()}")
    assert np.array_equal(b, a + 1), b

    check_rejects(name, lambda: add_one(x.double(), y), TypeError)
    check_rejects(name, lambda: add_one(x, torch.empty(3)), ValueError)


def run_cuda(name: str, add_one: Callable[..., object]) -> None:
    """Torch CUDA tensors; the kernel runs on torch's current stream."""
    if not torch.cuda.is_available():
        print(f"python: {name}: skipped: no GPU")
        return
    x = torch.arange(5, dtype=torch.float32, device="cuda")
    y = torch.empty_like(x)
    add_one(x, y)
    print(f"python: {name}: torch.cuda add_one({x.tolist()}) = {y.tolist()}")
    assert torch.equal(y, x + 1), y
    check_rejects(name, lambda: add_one(x.cpu(), y), ValueError)


def main(argv: list[str]) -> int:
    """Run every module in ``argv[1:]`` on device ``argv[0]``."""
    if len(argv) < 2 or argv[0] not in ("cpu", "cuda"):  # noqa: PLR2004 - device + a module
        print("usage: run.py cpu|cuda MODULE.so...", file=sys.stderr)
        return 2
    device, paths = argv[0], argv[1:]
    for path in paths:
        name = Path(path).name
        if device == "cuda" and not Path(path).exists():
            print(f"python: {name}: skipped: not built (no nvcc)")
            continue
        module = tvm_ffi.load_module(path)
        (run_cuda if device == "cuda" else run_cpu)(name, module.add_one)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
