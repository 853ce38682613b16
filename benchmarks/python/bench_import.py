"""benchmarks/python/bench_import.py: time ``import tvm_ffi`` against ``import json`` as a baseline.

Runs each import in a fresh interpreter, interleaved, and prints the median of the runs and the
ratio to the baseline. Usage: ``python benchmarks/python/bench_import.py [runs]``.
"""

from __future__ import annotations

import statistics
import subprocess
import sys


def _import_us(module: str) -> int:
    """Return the cumulative import time of ``module`` in microseconds (``-X importtime``)."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {module}"],
        capture_output=True,
        text=True,
        check=True,
    )
    for line in result.stderr.splitlines():
        # "import time: self [us] | cumulative | imported package"
        _, cumulative, name = ([f.strip() for f in line.split("|")] + ["", "", ""])[:3]
        if name == module:
            return int(cumulative)
    raise RuntimeError(f"no importtime line for {module}")


def main() -> None:
    """Interleave the two imports and print a small table of medians."""
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 11
    ours, baseline = [], []
    for _ in range(runs):
        ours.append(_import_us("tvm_ffi"))
        baseline.append(_import_us("json"))
    m_ours, m_base = statistics.median(ours), statistics.median(baseline)
    print(f"{'import':<10}{'median us':>12}{'ratio':>8}")
    print(f"{'json':<10}{m_base:>12.0f}{1.0:>8.2f}")
    print(f"{'tvm_ffi':<10}{m_ours:>12.0f}{m_ours / m_base:>8.2f}")


if __name__ == "__main__":
    main()
