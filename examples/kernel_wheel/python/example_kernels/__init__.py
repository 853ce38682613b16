# examples/kernel_wheel/python/example_kernels/__init__.py: loads the kernels through tvm_ffi.
"""add_one kernels for torch, numpy, JAX and any other DLPack framework.

The native library is loaded by whichever ``tvm_ffi`` package is installed (this project's
``tvm-ffi`` or the reference ``apache-tvm-ffi``); both read the same C ABI.

- ``add_one(x, y)`` writes ``x + 1`` into ``y`` (1-D float32 CPU tensors of equal length);
- ``add_one_new(x)`` returns ``x + 1`` as a new tensor: a torch tensor when ``x`` is one,
  otherwise a ``tvm_ffi.Tensor`` that ``numpy.from_dlpack`` or ``jax.dlpack`` can import.

A wrong dtype raises ``TypeError``; a wrong shape or device raises ``ValueError``.
"""

from __future__ import annotations

from pathlib import Path

try:
    import tvm_ffi
except ImportError as err:  # the wheel cannot declare "tvm-ffi or apache-tvm-ffi" as metadata
    raise ImportError(
        "example_kernels needs a tvm_ffi runtime: pip install tvm-ffi (or apache-tvm-ffi)"
    ) from err

__all__ = ["add_one", "add_one_new", "library_path"]

library_path = Path(__file__).with_name("libexample_kernels.so")
_module = tvm_ffi.load_module(str(library_path))
add_one = _module.add_one
add_one_new = _module.add_one_new
