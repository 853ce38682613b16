# ffi/python/tests/conftest.py: shared helpers for the packaging tests.
"""Fixtures shared by the tvm_ffi packaging tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import tvm_ffi

#: Root of the source checkout these tests live in.
REPO_ROOT = Path(__file__).resolve().parents[3]


def subprocess_env() -> dict[str, str]:
    """Return the environment for child Pythons, importing the same ``tvm_ffi`` as this one.

    The directory holding the imported package goes first on PYTHONPATH, so that a relative
    PYTHONPATH (e.g. ``PYTHONPATH=ffi/python`` in a checkout) survives a change of directory.
    """
    env = dict(os.environ)
    package_parent = str(Path(tvm_ffi.__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in [package_parent, env.get("PYTHONPATH", "")] if p)
    return env


def run_config(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m tvm_ffi.config`` with this interpreter and return the finished process."""
    return subprocess.run(
        [sys.executable, "-m", "tvm_ffi.config", *args],
        capture_output=True,
        text=True,
        env=subprocess_env() if env is None else env,
        check=False,
    )


def env_without_loader_paths() -> dict[str, str]:
    """Return :func:`subprocess_env` without LD_LIBRARY_PATH and the tvm-ffi override."""
    env = subprocess_env()
    for name in ("LD_LIBRARY_PATH", "DYLD_LIBRARY_PATH", "TVM_FFI_LIBRARY_PATH"):
        env.pop(name, None)
    return env


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Remove TVM_FFI_LIBRARY_PATH from the environment for the duration of a test."""
    monkeypatch.delenv("TVM_FFI_LIBRARY_PATH", raising=False)
