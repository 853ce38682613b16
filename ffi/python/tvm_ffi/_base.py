# ffi/python/tvm_ffi/_base.py: loads the native core once and registers the Python-side hooks.
"""Load ``tvm_ffi._core``, the pybind11 extension module.

``libtvm_ffi`` is found through the extension's RUNPATH (``$ORIGIN/lib``). When
``TVM_FFI_LIBRARY_PATH`` is set, that library is loaded first (:func:`tvm_ffi.load_lib`), so the
dynamic loader reuses it instead of the bundled copy. After the core is loaded, the modules that
register classes and hooks with it are imported, so that values crossing the boundary always
come back as the public Python classes.
"""

from __future__ import annotations

import os

from . import load_lib

if os.environ.get("TVM_FFI_LIBRARY_PATH"):
    load_lib()
try:
    from . import _core as core
except ImportError:
    # Without a usable RUNPATH (unusual layouts), find the library the way libinfo does.
    load_lib()
    from . import _core as core

# These modules register their classes and hooks with `core` when imported.
from . import _convert, _device, _dtype, _error, _shape, _tensor

__all__ = ["core"]
del _convert, _device, _dtype, _error, _shape, _tensor
