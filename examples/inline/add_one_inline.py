# examples/inline/add_one_inline.py: compile a C++ kernel at run time and call it with torch.
"""JIT-compile ``add_one`` from a C++ string with :func:`tvm_ffi.cpp.load_inline`.

The first run compiles the source into the cache directory (``$TVM_FFI_CACHE_DIR``, by default
``~/.cache/tvm-ffi``); a later run with the same source finds the library there and loads it
without compiling. The script reports which of the two happened by looking for libraries that
appeared or changed in the cache directory, and with ``--expect-cached`` it fails when it had
to compile.

Usage::

    python examples/inline/add_one_inline.py [--expect-cached]
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import torch

import tvm_ffi.cpp

# Any C++ that uses the tvm-ffi headers; `functions` names what to export.
SOURCE = r"""
#include <tvm/ffi/container/tensor.h>
#include <tvm/ffi/error.h>

void add_one(tvm::ffi::TensorView x, tvm::ffi::TensorView y) {
  auto is_f32 = [](DLDataType t) { return t.code == kDLFloat && t.bits == 32 && t.lanes == 1; };
  if (!is_f32(x.dtype()) || !is_f32(y.dtype())) {
    TVM_FFI_THROW(TypeError) << "add_one: x and y must be float32";
  }
  if (x.ndim() != 1 || y.ndim() != 1 || x.size(0) != y.size(0)) {
    TVM_FFI_THROW(ValueError) << "add_one: x and y must be 1-D of the same length";
  }
  if (!x.IsContiguous() || !y.IsContiguous()) {
    TVM_FFI_THROW(ValueError) << "add_one: x and y must be contiguous";
  }
  auto in = reinterpret_cast<const float*>(static_cast<char*>(x.data_ptr()) + x.byte_offset());
  auto out = reinterpret_cast<float*>(static_cast<char*>(y.data_ptr()) + y.byte_offset());
  for (int64_t i = 0; i < x.size(0); ++i) out[i] = in[i] + 1.0f;
}
"""


def cache_dir() -> Path:
    """Return the directory load_inline caches libraries in (no build_directory given)."""
    default = Path.home() / ".cache" / "tvm-ffi"
    return Path(os.environ.get("TVM_FFI_CACHE_DIR", default))


def libraries(root: Path) -> dict[Path, int]:
    """Map every shared library under ``root`` to its modification time."""
    return {p: p.stat().st_mtime_ns for p in root.rglob("*.so")} if root.is_dir() else {}


def main(expect_cached: bool) -> int:
    """Load (compiling if needed) and call the kernel; return the exit status."""
    before = libraries(cache_dir())
    start = time.perf_counter()
    module = tvm_ffi.cpp.load_inline("quickstart_inline", cpp_sources=SOURCE, functions="add_one")
    seconds = time.perf_counter() - start
    compiled = libraries(cache_dir()) != before
    how = "compiled" if compiled else "loaded from the cache"
    print(f"inline: add_one {how} in {seconds:.2f}s (cache: {cache_dir()})")

    x = torch.arange(5, dtype=torch.float32)
    y = torch.empty_like(x)
    module.add_one(x, y)
    print(f"inline: add_one({x.tolist()}) = {y.tolist()}")
    if not torch.equal(y, x + 1):
        print("inline: wrong result", file=sys.stderr)
        return 1
    try:
        module.add_one(x.double(), y)
    except TypeError as err:
        print(f"inline: bad dtype raised TypeError: {err}")
    else:
        print("inline: a float64 x was accepted", file=sys.stderr)
        return 1
    if expect_cached and compiled:
        print("inline: expected a cache hit, but the library was compiled again", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main("--expect-cached" in sys.argv[1:]))
