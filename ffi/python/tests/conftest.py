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


# --- the native core ----------------------------------------------------------------------------
def pytest_configure(config: pytest.Config) -> None:
    """Register the markers used by the binding tests."""
    config.addinivalue_line("markers", "cuda: needs torch with a CUDA device (skipped otherwise)")


def _cuda_available() -> bool:
    try:
        import torch  # noqa: PLC0415 - only to decide whether CUDA tests run
    except ImportError:
        return False
    return bool(torch.cuda.is_available())


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip tests marked ``cuda`` when no CUDA device is usable."""
    del config
    if not any("cuda" in item.keywords for item in items) or _cuda_available():
        return
    skip = pytest.mark.skip(reason="needs torch with a CUDA device")
    for item in items:
        if "cuda" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def core() -> object:
    """Return the native module ``tvm_ffi._core`` (its ``_testing_*`` Functions are C callees)."""
    from tvm_ffi._base import core as native  # noqa: PLC0415 - loads the core on first use

    return native
