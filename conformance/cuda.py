"""CUDA cases: the stream plumbing and real kernels on torch CUDA tensors.

The stream cases run everywhere; the kernel cases only with a GPU and the kernel module built by
nvcc (the driver skips them otherwise).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import tvm_ffi

if TYPE_CHECKING:
    from conformance.driver import Runner

API = ("add_one", "add_one_alloc")
# Set by ``run --cuda-module PATH``: the Functions of conformance/cuda/kernels.cu.
KERNELS: dict[str, object] = {}


def run_case(
    runner: Runner, case: dict, relay: Callable[..., object], target: dict[str, object]
) -> None:
    """Run one ``cuda_*`` case through ``relay`` against the callee's functions ``target``."""
    kind = case["kind"]
    if kind == "cuda_stream":
        _check_stream(case, relay, target)
    elif kind in ("cuda_kernel", "cuda_alloc"):
        _check_kernel(case, relay)
    else:
        raise ValueError(f"case {case['id']}: unknown CUDA kind {kind!r}")


def _check_stream(case: dict, relay: Callable[..., object], target: dict[str, object]) -> None:
    """Check that a callback two languages away sees the stream set around the call.

    The env stream is per thread and per device, shared by every language on the runtime.
    """
    device = tvm_ffi.device(*case["device"])
    stream = case["stream"]

    def report() -> int:
        return int(tvm_ffi.get_raw_stream(device) or 0)

    with tvm_ffi.use_raw_stream(device, stream):
        seen = relay(target["call_back"], report)
    if seen != stream:
        raise AssertionError(f"callback saw stream {seen:#x}, want {stream:#x}")
    after = report()
    if after == stream:
        raise AssertionError("the stream was not restored after the context")


def _check_kernel(case: dict, relay: Callable[..., object]) -> None:
    import torch  # noqa: PLC0415

    if not KERNELS:
        from conformance.driver import Skip  # noqa: PLC0415

        raise Skip("no CUDA kernel module (pass --cuda-module)")
    n = case["n"]
    x = torch.arange(n, dtype=torch.float32, device="cuda")
    if case["kind"] == "cuda_kernel":
        y = torch.empty_like(x)
        with torch.cuda.stream(torch.cuda.Stream()):
            relay(KERNELS["add_one"], x, y)  # must run on torch's current (non-default) stream
            torch.cuda.current_stream().synchronize()
    else:
        y = relay(KERNELS["add_one_alloc"], x)  # the result comes from the env allocator
        torch.cuda.synchronize()
        y = torch.from_dlpack(y)
    if not torch.equal(y.cpu(), (x + 1).cpu()):
        raise AssertionError("kernel result differs from x + 1")
