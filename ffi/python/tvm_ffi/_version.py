# ffi/python/tvm_ffi/_version.py: the package version and the C ABI version it ships.
"""Version constants of the ``tvm-ffi`` distribution.

``__version__`` must equal ``[project].version`` in pyproject.toml and ``project(VERSION)`` in
the top-level CMakeLists.txt; ``__abi_version__`` must equal the ``TVM_FFI_VERSION_*`` macros in
``tvm/ffi/c_api.h`` and what ``TVMFFIGetVersion()`` reports. ``test_libinfo.py`` checks all four.
This module imports nothing so that build scripts can read it cheaply.
"""

__version__ = "0.1.16"
__abi_version__ = "0.1.16"
