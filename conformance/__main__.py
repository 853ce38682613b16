"""``python -m conformance``: run the suite, check a third-party module, or merge results.

  run [--module NAME=PATH]... [--json OUT] [--label L]   every caller x callee pair
  check PATH.so [--module NAME=PATH]...                  a third-party module against ours
  summary A.json B.json ...                              one table, a column per runtime

Run it with the repository root on PYTHONPATH, under the Python whose ``tvm_ffi`` (ours or the
reference) should be the runtime.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

# The driver imports tvm_ffi, so it is imported inside _run: `summary` runs on any Python.


def _has_gpu() -> bool:
    try:
        import torch  # noqa: PLC0415

        return torch.cuda.is_available()
    except ImportError:
        return False


def _modules(pairs: list[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        name, sep, path = pair.partition("=")
        if not sep or not name or not path:
            raise SystemExit(f"--module expects NAME=PATH, got {pair!r}")
        out[name] = path
    return out


def _require_files(modules: dict[str, str]) -> None:
    """Stop with one clear line, not a traceback, when a module path is not a file."""
    for name, path in modules.items():
        if not os.path.isfile(path):
            what = "is a directory" if os.path.isdir(path) else "does not exist"
            raise SystemExit(f"python -m conformance: module {name!r}: {path} {what}")


def _run(
    modules: dict[str, str],
    label: str | None,
    json_out: str | None,
    only: str | None,
    cuda_module: str | None = None,
) -> int:
    from conformance import cuda, driver, runtime, values  # noqa: PLC0415

    runtime.load_testing_lib()
    label = label or ("reference" if runtime.is_reference() else "ours")
    impls = driver.load_implementations(modules)
    if cuda_module:
        cuda.KERNELS.update(
            driver.load_implementations({"cuda": cuda_module}, False, cuda.API)["cuda"]
        )
    names = list(impls)
    cases = values.load_cases()
    if only:
        cases = [c for c in cases if c["id"].startswith(only)]
    gpu = _has_gpu()
    result = driver.Runner(impls, gpu).run(cases, names, names)
    title = (
        f"runtime: {label} (tvm_ffi {runtime.tvm_ffi.__version__}); {len(cases)} cases; "
        f"GPU: {'yes' if gpu else 'no'}"
    )
    ok = driver.print_matrix(title, names, result)
    if cuda_module is None:
        print("  CUDA kernels: no module given (built by ci/conformance.sh when nvcc exists)")
    if json_out:
        cells = {
            f"{a}->{b}": [c.passed, c.failed, c.skipped] for (a, b), c in result["matrix"].items()
        }
        with open(json_out, "w") as f:
            json.dump({"label": label, "ok": ok, "cells": cells}, f)
    print(f"conformance ({label}): {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


def _summary(paths: list[str]) -> int:
    """One row per caller->callee pair, one column per runtime (passed/failed/skipped)."""
    runs = []
    for p in paths:
        with open(p) as f:
            runs.append(json.load(f))
    pairs = list(dict.fromkeys(k for r in runs for k in r["cells"]))
    print("\npair (caller->callee)".ljust(28) + "".join(r["label"].rjust(14) for r in runs))
    for pair in pairs:
        cells = ["/".join(map(str, r["cells"][pair])) if pair in r["cells"] else "-" for r in runs]
        print(pair.ljust(27) + "".join(c.rjust(14) for c in cells))
    ok = all(r["ok"] for r in runs)
    print(f"overall: {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run ``run``, ``check`` or ``summary``; return the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m conformance",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run every caller x callee pair")
    run.add_argument("--module", action="append", default=[], help="NAME=PATH of a module .so")
    run.add_argument("--label", help="runtime name for the output (default: ours or reference)")
    run.add_argument("--json", help="also write the matrix here (for `summary`)")
    run.add_argument("--only", help="run only cases whose id starts with this")
    run.add_argument("--cuda-module", help="conformance/cuda/kernels.cu built by nvcc")
    check = sub.add_parser("check", help="check a third-party module")
    check.add_argument("path", help="the module .so implementing the conformance API")
    check.add_argument(
        "--module", action="append", default=[], help="more NAME=PATH modules to pair with"
    )
    summary = sub.add_parser("summary", help="merge --json outputs into one table")
    summary.add_argument("files", nargs="+")
    args = parser.parse_args(argv)
    if args.command == "summary":
        return _summary(args.files)
    modules = (
        {"theirs": args.path, **_modules(args.module)}
        if args.command == "check"
        else _modules(args.module)
    )
    _require_files(modules)
    if args.command == "check":
        return _run(modules, None, None, None)
    return _run(modules, args.label, args.json, args.only, args.cuda_module)


if __name__ == "__main__":
    sys.exit(main())
