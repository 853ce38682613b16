"""benchmarks/python_call.py: per-call cost of tvm_ffi against the reference and floors.

Two worker processes run the same cases: ours (this interpreter, importing this checkout's
installed ``tvm_ffi``) and the reference wheel ``apache-tvm-ffi`` in its own venv
(``--ref-python``, default ``/tmp/ref/bin/python``). The driver runs the repeats round-robin
across both workers and all cases, so that noise hits every case alike, and prints the median
ns per call and the ratios. Nothing is asserted.

Baselines measured by our worker:

* C-API floors in ``tvm_ffi._core``: a ``METH_FASTCALL`` no-op, a no-op object called
  through a per-instance ``tp_vectorcall`` (the floor for any callable that, like ``Function``,
  is not a builtin function), a ``METH_O`` add_one, a C
  function calling a Python callable (the callback floor) and the DLPack exchange-API floor
  for tensors (each tensor through ``dltensor_from_py_object_no_sync`` into a stack DLTensor);
* a pybind11 no-op (in ``tvm_ffi._core``) and nanobind callees (``benchmarks/nanobind_nop``,
  built with CMake when nanobind is installed);
* a direct Python call of the callback used in the callback cases.

Both columns call the same C++ callees: ``testing.*`` from each package's testing library.

Usage::

    python benchmarks/python_call.py [--rounds 25] [--ref-python PATH] [--target-ms 4]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import timeit

# --- worker side ---------------------------------------------------------------------------------
# Each case: (label, statement). Statements use the names set up by _setup().
CASES = [
    ("capi METH_FASTCALL nop()", "capi_nop()"),
    ("capi tp_vectorcall nop()", "capi_vectorcall_nop()"),
    ("pybind11 nop()", "pybind11_nop()"),
    ("nanobind nop()", "nanobind_nop()"),
    ("nanobind add_one(1)", "nanobind_add_one(1)"),
    ("python cb(1, 2, 3)", "py_cb(1, 2, 3)"),
    ("nop()", "nop()"),
    ("nop() raw C callee", "raw_nop()"),
    ("nop.as_builtin()()", "nop_builtin()"),
    ("capi METH_O add_one(1)", "capi_add_one(1)"),
    ("add_one(1)", "add_one(1)"),
    ("nop() release_gil", "nop_release()"),
    ("nop() hold gil", "nop_hold()"),
    ("nop(1)", "nop(1)"),
    ("nop(1, 2, 3)", "nop(1, 2, 3)"),
    ("nop(8 ints)", "nop(1, 2, 3, 4, 5, 6, 7, 8)"),
    ("nop(x, y, z) torch cpu", "nop(x, y, z)"),
    ("exchange-API floor(x, y, z)", "exchange_floor(x, y, z)"),
    ('echo("hello")', "echo('hello')"),
    ("echo(64-char str)", "echo(s64)"),
    ("echo(torch x) -> torch", "echo(x)"),
    ("echo(ffi Tensor)", "echo(ft)"),
    ("tvm_ffi.from_dlpack(torch x)", "from_dlpack(x)"),
    ("torch.from_dlpack(ffi Tensor)", "torch_from_dlpack(ft)"),
    ("apply(ffi nop, 1, 2, 3)", "apply(nop, 1, 2, 3)"),
    ("apply(Function(py cb), 1, 2, 3)", "apply(ffi_cb, 1, 2, 3)"),
    ("apply(py cb, 1, 2, 3) wraps per call", "apply(py_cb, 1, 2, 3)"),
    ("capi call(py cb, 1, 2, 3)", "capi_call(py_cb, 1, 2, 3)"),
    ("capi nop(py cb, 1, 2, 3)", "capi_nop(py_cb, 1, 2, 3)"),
]


def _py_cb(a: object, b: object, c: object) -> None:
    """Do nothing: the Python callback of the callback cases."""


def _setup(kind: str) -> dict[str, object]:
    import tvm_ffi  # noqa: PLC0415 - the worker imports its own interpreter's package

    ns: dict[str, object] = {"py_cb": _py_cb, "s64": "x" * 64}
    if kind == "ours":
        import ctypes  # noqa: PLC0415

        from tvm_ffi import libinfo  # noqa: PLC0415
        from tvm_ffi._base import core  # noqa: PLC0415

        # The same C++ testing callees as the reference's (testing.nop, testing.add_one...),
        # from our own testing library, so that both columns time the same work.
        testing_lib = os.path.join(libinfo.find_lib_dir(), "libtvm_ffi_testing.so")
        ctypes.CDLL(testing_lib, mode=ctypes.RTLD_GLOBAL)
        # A plain C callee (no C++ typed wrapper), for the "raw C callee" row.
        tvm_ffi.register_global_func("bench.nop", core._testing_nop, True)
        ns["raw_nop"] = tvm_ffi.get_global_func("bench.nop")
        ns["capi_nop"] = core._capi_nop
        ns["capi_vectorcall_nop"] = core._capi_vectorcall_nop
        ns["capi_call"] = core._capi_call
        ns["capi_add_one"] = core._capi_add_one
        ns["exchange_floor"] = core._capi_exchange_floor
        ns["pybind11_nop"] = core._pybind11_nop
        nanobind_dir = os.environ.get("TVM_FFI_BENCH_NANOBIND_DIR")
        if nanobind_dir:
            sys.path.insert(0, nanobind_dir)
            import nb_bench  # noqa: PLC0415 - built by _build_nanobind_baseline

            ns["nanobind_nop"] = nb_bench.nop
            ns["nanobind_add_one"] = nb_bench.add_one
    prefix = "testing"
    ns["add_one"] = tvm_ffi.get_global_func(f"{prefix}.add_one")
    ns["nop"] = tvm_ffi.get_global_func(f"{prefix}.nop")
    if kind == "ours":  # Function.as_builtin is ours only
        ns["nop_builtin"] = ns["nop"].as_builtin()
    ns["echo"] = tvm_ffi.get_global_func(f"{prefix}.echo")
    ns["apply"] = tvm_ffi.get_global_func(f"{prefix}.apply")
    # The callback converted once, so that the callback cases time the call, not the wrapping.
    # The reference spells the conversion tvm_ffi.convert; ours also takes Function(callable).
    to_function = getattr(tvm_ffi, "convert", None) or tvm_ffi.Function
    ns["ffi_cb"] = to_function(_py_cb)
    # Separate Function objects for the GIL variants, so the defaults stay untouched.
    for label, flag in (("nop_release", True), ("nop_hold", False)):
        fn = tvm_ffi.get_global_func(f"{prefix}.nop")
        fn.release_gil = flag
        ns[label] = fn
    try:
        import torch  # noqa: PLC0415 - optional

        # Fresh tensors, not exported anywhere else (a live export makes torch's own export
        # cheaper, see shared/reference/perf-anchors.md).
        ns["x"], ns["y"], ns["z"] = torch.arange(1), torch.arange(1), torch.arange(1)
        # A separate tensor for the ffi.Tensor cases, so that x stays unexported.
        ns["ft"] = tvm_ffi.from_dlpack(torch.arange(1))
        ns["from_dlpack"] = tvm_ffi.from_dlpack
        ns["torch_from_dlpack"] = torch.from_dlpack
    except ImportError:
        pass
    return ns


def _worker(kind: str, target_s: float) -> None:
    ns = _setup(kind)
    timers: dict[str, tuple[timeit.Timer, int]] = {}
    for label, stmt in CASES:
        try:
            timer = timeit.Timer(stmt, globals=ns)
            timer.timeit(10)
        except Exception:
            continue
        number, elapsed = 1, 0.0
        while elapsed < target_s:
            number *= 4
            elapsed = timer.timeit(number)
        timers[label] = (timer, max(1, int(number * target_s / elapsed)))
    print(json.dumps(sorted(timers)), flush=True)
    for line in sys.stdin:
        command, _, label = line.rstrip("\n").partition(" ")
        if command != "run":
            break
        timer, number = timers[label]
        print(timer.timeit(number) / number * 1e9, flush=True)


# --- driver side ---------------------------------------------------------------------------------
class _Worker:
    """A worker process measuring the cases in one interpreter."""

    def __init__(self, python: str, kind: str, target_ms: float, env: dict[str, str]) -> None:
        self.proc = subprocess.Popen(
            [python, os.path.abspath(__file__), "--worker", kind, "--target-ms", str(target_ms)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert self.proc.stdout is not None
        ready = self.proc.stdout.readline()
        if not ready:
            raise RuntimeError(f"{kind} worker failed to start")
        self.cases = set(json.loads(ready))

    def run(self, label: str) -> float:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(f"run {label}\n")
        self.proc.stdin.flush()
        return float(self.proc.stdout.readline())

    def stop(self) -> None:
        self.proc.communicate("stop\n")


def _fmt(value: float | None, suffix: str = "") -> str:
    return "-" if value is None else f"{value:.1f}{suffix}"


def _build_nanobind_baseline() -> str | None:
    """Build benchmarks/nanobind_nop with CMake when nanobind is installed; its folder or None."""
    here = os.path.dirname(os.path.abspath(__file__))
    out = os.path.join(here, "..", "build", "bench_nanobind")
    try:
        cmake_dir = subprocess.run(
            [sys.executable, "-m", "nanobind", "--cmake_dir"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        configure = ["cmake", "-S", os.path.join(here, "nanobind_nop"), "-B", out]
        configure += ["-DCMAKE_BUILD_TYPE=Release", f"-Dnanobind_DIR={cmake_dir}"]
        configure += [f"-DPython_EXECUTABLE={sys.executable}"]
        subprocess.run(configure, capture_output=True, check=True)
        subprocess.run(["cmake", "--build", out], capture_output=True, check=True)
    except (OSError, subprocess.CalledProcessError) as err:
        print(f"(nanobind baseline not built: {err}; pip install nanobind to add it)")
        return None
    return out


def main() -> None:
    """Run the workers round-robin and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=25)
    parser.add_argument("--target-ms", type=float, default=4.0)
    parser.add_argument("--ref-python", default="/tmp/ref/bin/python")
    parser.add_argument("--worker", choices=["ours", "ref"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        _worker(args.worker, args.target_ms / 1000)
        return

    env = dict(os.environ)
    nanobind_dir = _build_nanobind_baseline()
    if nanobind_dir:
        env["TVM_FFI_BENCH_NANOBIND_DIR"] = nanobind_dir
    workers = {"ours": _Worker(sys.executable, "ours", args.target_ms, env)}
    if os.path.exists(args.ref_python):
        # The reference venv must not see this checkout's package.
        ref_env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        workers["ref"] = _Worker(args.ref_python, "ref", args.target_ms, ref_env)
    else:
        print(f"(reference interpreter {args.ref_python} not found: reference column omitted)")
    samples: dict[str, dict[str, list[float]]] = {k: {} for k in workers}
    # Round-robin over rounds, cases and workers: a burst of noise hits neighbours alike.
    for _ in range(args.rounds):
        for label, _stmt in CASES:
            for kind, worker in workers.items():
                if label in worker.cases:
                    samples[kind].setdefault(label, []).append(worker.run(label))
    for worker in workers.values():
        worker.stop()

    med = {k: {label: statistics.median(v) for label, v in s.items()} for k, s in samples.items()}
    ours, ref = med["ours"], med.get("ref", {})
    floor = ours.get("capi METH_FASTCALL nop()")
    print(f"median ns/call over {args.rounds} interleaved rounds (python {sys.version.split()[0]})")
    print(f"{'case':<38}{'ours':>9}{'reference':>11}{'ref/ours':>10}{'ours/capi':>11}")
    for label, _ in CASES:
        mine, theirs = ours.get(label), ref.get(label)
        speedup = theirs / mine if mine and theirs else None
        vs_floor = mine / floor if mine and floor else None
        row = f"{label:<38}{_fmt(mine):>9}{_fmt(theirs):>11}"
        print(row + f"{_fmt(speedup, 'x'):>10}{_fmt(vs_floor, 'x'):>11}")

    def derived(table: dict[str, float]) -> tuple[float | None, float | None]:
        try:
            per_int = (table["nop(8 ints)"] - table["nop()"]) / 8
            # What the FFI adds to a C -> Python call: the FFI callback minus an FFI nop, less
            # the same call made straight from C (capi call minus capi nop, same arguments).
            callback = (
                table["apply(Function(py cb), 1, 2, 3)"]
                - table["apply(ffi nop, 1, 2, 3)"]
                - (ours["capi call(py cb, 1, 2, 3)"] - ours["capi nop(py cb, 1, 2, 3)"])
            )
        except KeyError:
            return None, None
        return per_int, callback

    print("derived:")
    for kind, table in (("ours", ours), ("reference", ref)):
        if table:
            per_int, callback = derived(table)
            print(
                f"  {kind:<10} per extra int {_fmt(per_int)} ns; callback binding overhead "
                f"(apply(Function(cb)) - apply(nop) - C-API call of cb) {_fmt(callback)} ns"
            )


if __name__ == "__main__":
    main()
