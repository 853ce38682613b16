"""The cross-language conformance suite of tvm-ffi (see docs/conformance.md).

``python -m conformance run|check|summary``; the package holds the driver, the case decoder and
the Python implementation of the module API (``conformance.python``).
"""
