# ffi/python/tests/test_stress.py: no leaks over a million calls; eight threads at once.
"""Stress tests of the call path.

* Leaks: a million calls passing an object and a million calls returning a fresh object must
  leave the object's reference counts (native and Python) and the process's resident memory
  where they were.
* Threads: eight Python threads call functions, round-trip Python callbacks and register,
  look up and remove global functions at the same time; every result must be right.
"""

from __future__ import annotations

import gc
import os
import sys
import threading
from collections.abc import Callable

import pytest

import tvm_ffi
from tvm_ffi import testing

CALLS = 1_000_000
# Allowed RSS growth over a million calls. A leak of even 8 bytes per call is 8 MB; allocator
# noise after the warm-up is a few hundred KB.
RSS_SLACK_BYTES = 4 << 20


def _rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


pytestmark = pytest.mark.skipif(
    not os.path.exists("/proc/self/statm"), reason="RSS is read from /proc/self/statm"
)


def _assert_steady(step: Callable[[int], None]) -> None:
    """Warm up ``step`` (caches, allocator pools), then check RSS across CALLS more calls."""
    step(CALLS // 10)
    gc.collect()
    before = _rss_bytes()
    step(CALLS)
    gc.collect()
    grown = _rss_bytes() - before
    assert grown < RSS_SLACK_BYTES, f"RSS grew by {grown} bytes over {CALLS} calls"


def test_passing_an_object_does_not_leak() -> None:
    echo = tvm_ffi.get_global_func("testing.echo")
    obj = testing.TestIntPair(1, 2)
    native, python = testing.object_use_count(obj), sys.getrefcount(obj)

    def step(n: int) -> None:
        for _ in range(n):
            echo(obj)

    _assert_steady(step)
    assert testing.object_use_count(obj) == native
    assert sys.getrefcount(obj) == python


def test_returning_new_objects_does_not_leak() -> None:
    make_array = tvm_ffi.get_global_func("ffi.Array")
    item = testing.TestIntPair(3, 4)
    native = testing.object_use_count(item)
    last = make_array(item)
    assert testing.object_use_count(item) == native + 1
    del last

    def step(n: int) -> None:
        for _ in range(n):
            make_array(item)  # a fresh Array holding `item`, dropped at once

    _assert_steady(step)
    assert testing.object_use_count(item) == native


THREADS = 8
ROUNDS = 2000


def _worker(tid: int, errors: list[BaseException], barrier: threading.Barrier) -> None:
    try:
        add_one = tvm_ffi.get_global_func("testing.add_one")
        echo = tvm_ffi.get_global_func("testing.echo")
        barrier.wait()
        for i in range(ROUNDS):
            assert add_one(tid * 1000 + i) == tid * 1000 + i + 1
            text = f"t{tid}-{i}"
            assert echo(text) == text
            assert testing.apply(lambda a, b: a + b, tid, i) == tid + i
            name = f"stress.thread{tid}"
            tvm_ffi.register_global_func(name, lambda x, k=i: x * k, override=True)
            assert tvm_ffi.get_global_func(name)(tid) == tid * i
            shared = "stress.shared"  # every thread overrides it; any thread's version is valid
            tvm_ffi.register_global_func(shared, lambda x: x + 1, override=True)
            func = tvm_ffi.get_global_func(shared, allow_missing=True)
            assert func is None or func(i) == i + 1
            if i % 2:
                assert tvm_ffi.remove_global_func(name)
                assert tvm_ffi.get_global_func(name, allow_missing=True) is None
            tvm_ffi.remove_global_func(shared)  # may already be gone: another thread removed it
    except BaseException as err:
        errors.append(err)


def test_eight_threads_call_and_register_concurrently() -> None:
    errors: list[BaseException] = []
    barrier = threading.Barrier(THREADS)
    threads = [threading.Thread(target=_worker, args=(t, errors, barrier)) for t in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a worker hung"
    assert not errors, errors[0]
    # Even rounds end registered (ROUNDS is even, so the last round removed its name).
    for tid in range(THREADS):
        assert tvm_ffi.get_global_func(f"stress.thread{tid}", allow_missing=True) is None
    assert tvm_ffi.get_global_func("stress.shared", allow_missing=True) is None
