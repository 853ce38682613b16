"""Runs every case over every caller x callee pair and collects a matrix of results.

The caller is the language whose ``relay`` makes the call: ``caller.relay(callee.<fn>, *args)``
decodes the arguments into the caller's native types, re-encodes them, calls the callee's
function, and decodes/re-encodes the result on the way back.
"""

from __future__ import annotations

import builtins
import gc
import os
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO

import tvm_ffi

from conformance import runtime, values
from conformance.python import module as py_impl

API = ("echo", "inspect", "make", "mutate", "call_back", "raise_error", "relay")
# The file each implementation raises its errors from: its backtrace frame must reach Python.
SOURCE_MARKERS = {
    "c": "conformance/c/module.c",
    "cpp": "conformance/cpp/module.cc",
    "cpp_refhdr": "conformance/cpp/module.cc",
    "rust": "conformance/rust/src/lib.rs",
    "python": "conformance/python/module.py",
}
RSS_LIMIT_MIB = 32  # growth allowed after the first caller row (which warms caches)


class Skip(Exception):
    """A case that cannot run in this setup (it says why)."""


@dataclass
class Cell:
    """The results of every case for one caller -> callee pair."""

    passed: int = 0
    failed: int = 0
    skipped: int = 0
    failures: list[str] = field(default_factory=list)
    skips: set[str] = field(default_factory=set)

    def text(self) -> str:
        """Return the cell as the matrix prints it, ``passed/failed/skipped``."""
        return f"{self.passed}/{self.failed}/{self.skipped}"


def load_implementations(
    modules: dict[str, str], with_python: bool = True, api: tuple[str, ...] = API
) -> dict[str, dict]:
    """Map each implementation name to {api name -> Function}.

    ``modules`` maps names to module .so paths; ``with_python`` adds the Python implementation.
    """
    impls: dict[str, dict] = {}
    if with_python:
        py_impl.register()
        impls["python"] = {n: tvm_ffi.get_global_func(py_impl.PREFIX + n) for n in API}
    for name, path in modules.items():
        try:
            mod = runtime.load_module(path)
        except Exception as e:  # any load failure ends the run with one line
            first = str(e).strip().splitlines()[0] if str(e).strip() else ""
            raise SystemExit(
                f"{path}: cannot load it as a module: {type(e).__name__}: {first}"
            ) from None
        fns = {n: runtime.module_function(mod, n) for n in api}
        missing = [n for n, f in fns.items() if f is None]
        if missing:
            raise SystemExit(
                f"{path}: does not export {', '.join('__tvm_ffi_' + n for n in missing)}"
            )
        fns["__module__"] = mod  # keeps the library loaded
        impls[name] = fns
    return impls


def rss_mib() -> float:
    """Resident set size of this process (Linux /proc; 0 elsewhere)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        return 0.0


def use_count(x: object) -> int | None:
    """Return the reference count of the object behind an FFI value, None for non-objects."""
    if isinstance(x, tvm_ffi.Object):
        return tvm_ffi.get_global_func("testing.object_use_count")(x)
    return None


class Runner:
    """Runs cases between the loaded implementations and collects the results."""

    def __init__(self, impls: dict[str, dict], has_gpu: bool) -> None:
        self.impls = impls
        self.has_gpu = has_gpu
        self.builder = values.Builder({n: f["make"] for n, f in impls.items()})
        self.cuda = None  # lazily loaded CUDA kernel module, see run_cuda

    # -- one case --------------------------------------------------------------------------
    def run_case(self, case: dict, caller: str, callee: str) -> None:
        """Run one case; raise AssertionError on a failure, Skip when it cannot run here."""
        kind = case["kind"]
        relay = self.impls[caller]["relay"]
        target = self.impls[callee]
        if kind == "value":
            self.check_value(case, relay, target)
        elif kind == "bigint":
            self.check_bigint(case, relay, target)
        elif kind == "mutate":
            value = self.build(case["value"])
            relay(target["mutate"], value)
            expect(
                values.normalize(value) == values.normalize(self.build(case["after"])),
                f"after mutate: {value!r}",
            )
        elif kind == "callback":
            self.check_callback(case, caller, callee, relay)
        elif kind == "function_value":
            f = relay(target["echo"], target["echo"])
            probe = 5
            expect(f(probe) == probe, "a Function passed through relay no longer echoes")
        elif kind == "make":
            self.check_make(case, relay, target)
        elif kind == "bad_call":
            self.check_bad_call(case, relay, target)
        elif kind == "error":
            self.check_error(case, callee, relay, target)
        elif kind.startswith("cuda_"):
            from conformance import cuda  # noqa: PLC0415 - torch CUDA only when needed

            cuda.run_case(self, case, relay, target)
        else:
            raise ValueError(f"case {case['id']}: unknown kind {kind!r}")

    def build(self, spec: object) -> object:
        """Build a case value; a value needing a module that is not loaded is a Skip."""
        try:
            return self.builder.build(spec)
        except LookupError as e:
            raise Skip(str(e)) from None

    def check_value(
        self, case: dict, relay: Callable[..., object], target: dict[str, object]
    ) -> None:
        """Check that echo returns the value, inspect describes it and no reference leaks."""
        value = self.build(case["value"])
        wants = (
            [self.build(w) for w in case["expect_any_of"]] if "expect_any_of" in case else [value]
        )
        before = use_count(value)
        got = relay(target["echo"], value)
        expect(
            values.normalize(got) in [values.normalize(w) for w in wants],
            f"echo gave {got!r}, want {' or '.join(map(repr, wants))}",
        )
        seen = relay(target["inspect"], value)
        wanted = [py_impl.describe(w) for w in wants]
        expect(seen in wanted, f"inspect saw {seen!r}, want {' or '.join(wanted)}")
        del got, seen  # refcounting frees them now; no gc pass (slow with torch loaded)
        after = use_count(value)
        expect(before == after, f"use_count {before} -> {after}: a reference leaked or was lost")

    def check_bigint(
        self, case: dict, relay: Callable[..., object], target: dict[str, object]
    ) -> None:
        """Check that an integer beyond int64 is either rejected or echoed unchanged."""
        value = self.build(case["value"])
        try:
            got = relay(target["echo"], value)
        except Exception:  # rejecting it is conforming; any kind is fine
            return
        expect(isinstance(got, int) and got == value, f"BigInt came back as {got!r}")

    def check_callback(
        self, case: dict, caller: str, callee: str, relay: Callable[..., object]
    ) -> None:
        """Check a function passed to the callee's call_back: its result or its error."""
        where = case["function"]
        if where == "python":
            f = lambda a, b: a + b  # noqa: E731 - the callback defined in Python
        else:
            side, name = where.split(".")
            f = self.impls[caller if side == "caller" else callee][name]
        args = [self.build(a) for a in case["args"]]
        if "expect_error" in case:  # raised in one language, through a second, seen in Python
            raiser = caller if where.startswith("caller.") else callee
            self.expect_raised(
                case["expect_error"],
                args[1],
                raiser,
                lambda: relay(self.impls[callee]["call_back"], f, *args),
                [a["str"] for a in case["args"][2:]] or None,  # the cause pair
            )
            return
        got = relay(self.impls[callee]["call_back"], f, *args)
        want = self.build(case["expect"])
        expect(
            values.normalize(got) == values.normalize(want), f"callback gave {got!r}, want {want!r}"
        )

    def check_make(
        self, case: dict, relay: Callable[..., object], target: dict[str, object]
    ) -> None:
        """Check the value make builds from a tag and text, or the error it raises."""
        if "expect_error" in case:
            kind = case["expect_error"]
            try:
                relay(target["make"], case["tag"], case["text"])
            except Exception as e:  # the kind is what we check
                expect(type(e).__name__ == kind, f"raised {type(e).__name__}, want {kind}")
                return
            raise AssertionError(f"make({case['tag']!r}) did not raise {kind}")
        got = relay(target["make"], case["tag"], case["text"])
        want = self.build(case["expect"])
        expect(values.normalize(got) == values.normalize(want), f"make gave {got!r}, want {want!r}")

    def check_bad_call(
        self, case: dict, relay: Callable[..., object], target: dict[str, object]
    ) -> None:
        """Check that bad input to an API function is an error of the stated kind, not a crash."""
        kind = case["expect_error"]
        try:
            relay(target[case["function"]], *[self.build(a) for a in case["args"]])
        except Exception as e:  # the kind is what we check
            expect(type(e).__name__ == kind, f"raised {type(e).__name__}: {e}, want {kind}")
            return
        raise AssertionError(f"{case['function']}{tuple(case['args'])} did not raise {kind}")

    def check_error(
        self, case: dict, callee: str, relay: Callable[..., object], target: dict[str, object]
    ) -> None:
        """Check that raise_error's error reaches Python with its kind, message and cause."""
        kind, message = case["error_kind"], case["message"]
        cause = case.get("cause")  # [cause_kind, cause_message]: raise_error's optional pair
        self.expect_raised(
            kind,
            message,
            callee,
            lambda: relay(target["raise_error"], kind, message, *(cause or [])),
            cause,
        )

    @staticmethod
    def expect_raised(
        kind: str, message: str, raiser: str, call: Callable[[], object], cause: list | None = None
    ) -> None:
        """Check that ``call()`` raises ``kind`` with ``message`` and a frame from ``raiser``.

        When ``cause`` is given, the error must also carry a cause of that kind and message.
        """
        try:
            call()
        except Exception as e:  # the kind is what we check
            expect(type(e).__name__ == kind, f"raised {type(e).__name__}, want {kind}")
            expect(
                message in str(e) or repr(message) in str(e), f"message {str(e)!r} lost {message!r}"
            )
            text = "".join(traceback.format_exception(type(e), e, e.__traceback__))
            marker = SOURCE_MARKERS.get(raiser)
            expect(marker is None or marker in text, f"no frame from {marker} in the backtrace")
            if cause is not None:
                check_cause(runtime.error_cause(e), cause, raiser)
            return
        raise AssertionError(f"no {kind} was raised")

    # -- the matrix ------------------------------------------------------------------------
    def run(self, cases: list[dict], callers: list[str], callees: list[str]) -> dict:
        """Run every case for every caller x callee pair; return the matrix and RSS growth."""
        for case in cases:  # custom kinds must be known before a C++/C/Rust callee raises them
            for kind in (case.get("error_kind"), *(case.get("cause") or [None])[:1]):
                if case["kind"] == "error" and kind and not hasattr(builtins, kind):
                    py_impl._custom_error(kind)
        matrix: dict[tuple[str, str], Cell] = {}
        rss_start = None
        for caller in callers:
            for callee in callees:
                cell = matrix[(caller, callee)] = Cell()
                for case in cases:
                    self.run_one(cell, case, caller, callee)
            gc.collect()
            # The first row has met every callee once, so one-time caches (a Rust backtrace
            # symbolizer, type tables, ...) are filled; growth after it is a leak.
            rss_start = rss_start if rss_start is not None else rss_mib()
        growth = rss_mib() - rss_start
        return {"matrix": matrix, "rss_growth_mib": growth}

    def run_one(self, cell: Cell, case: dict, caller: str, callee: str) -> None:
        """Run one case for one pair and count its pass, failure or skip in ``cell``."""
        if case.get("needs_gpu") and not self.has_gpu:
            cell.skipped += 1
            cell.skips.add("skipped: no GPU")
            return
        try:
            self.run_case(case, caller, callee)
            cell.passed += 1
        except Skip as s:
            cell.skipped += 1
            cell.skips.add(f"{case['id']}: {s}")
        except Exception as e:  # every failure is reported, none stops the run
            cell.failed += 1
            cell.failures.append(f"{case['id']}: {type(e).__name__}: {e}"[:300])


def check_cause(got: tuple[str, str] | None, want: list, raiser: str) -> None:
    """Check that the cause chain arrived: ``got`` (kind, message) matches ``want``."""
    if got is None and raiser == "python" and runtime.is_reference():
        raise Skip(
            "the reference binding drops a Python exception's __cause__ "
            "(conformance/KNOWN_DIFFERENCES.md)"
        )
    expect(got is not None, f"the cause {want[0]} was lost")
    kind, message = got
    expect(kind == want[0], f"cause is {kind}, want {want[0]}")
    expect(
        want[1] in message or repr(want[1]) in message,
        f"cause message {message!r} lost {want[1]!r}",
    )


def expect(ok: bool, message: str) -> None:
    """Fail the case with ``message`` unless ``ok``."""
    if not ok:
        raise AssertionError(message)


def print_matrix(title: str, names: list[str], result: dict, out: TextIO = sys.stdout) -> bool:
    """Print caller rows x callee columns of passed/failed/skipped; True if nothing failed."""
    matrix = result["matrix"]
    width = max(12, *(len(n) + 2 for n in names))
    print(
        f"\n{title}  (cell = passed/failed/skipped; row = caller's relay, column = callee)",
        file=out,
    )
    print("caller \\ callee".ljust(16) + "".join(n.rjust(width) for n in names), file=out)
    for caller in names:
        row = "".join(
            matrix[(caller, c)].text().rjust(width) for c in names if (caller, c) in matrix
        )
        print(caller.ljust(16) + row, file=out)
    ok = True
    for (caller, callee), cell in matrix.items():
        for f in cell.failures:
            ok = False
            print(f"  FAIL {caller} -> {callee}: {f}", file=out)
    skips = sorted({s for cell in matrix.values() for s in cell.skips})
    for s in skips:
        print(f"  skip: {s}", file=out)
    growth = result["rss_growth_mib"]
    print(
        f"  Python RSS growth after the first row: {growth:.1f} MiB (limit {RSS_LIMIT_MIB})",
        file=out,
    )
    if growth > RSS_LIMIT_MIB:
        print("  FAIL: RSS grew past the limit: a value leaks", file=out)
        ok = False
    return ok
