# ffi/python/tvm_ffi/__main__.py: `python -m tvm_ffi` is the same tool as `tvm-ffi-config`.
"""Run :func:`tvm_ffi.config.main` for ``python -m tvm_ffi``."""

import sys

from .config import main

if __name__ == "__main__":
    sys.exit(main(prog="python -m tvm_ffi"))
