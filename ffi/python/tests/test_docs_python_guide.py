# ffi/python/tests/test_docs_python_guide.py: every python block of docs/python.md runs.
"""Run the Python guide's code blocks in order, in one namespace, as a reader would.

Blocks that use torch are skipped (with the rest still running) when torch is missing; the
quickstart's module is then built without them, since later blocks only need ``tvm_ffi``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

GUIDE = Path(__file__).resolve().parents[3] / "docs" / "python.md"
BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)


def _blocks() -> list[str]:
    return BLOCK.findall(GUIDE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module", autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    old = os.environ.get("TVM_FFI_CACHE_DIR")
    os.environ["TVM_FFI_CACHE_DIR"] = str(tmp_path_factory.mktemp("guide_cache"))
    yield
    if old is None:
        os.environ.pop("TVM_FFI_CACHE_DIR", None)
    else:
        os.environ["TVM_FFI_CACHE_DIR"] = old


@pytest.mark.skipif(not GUIDE.is_file(), reason="docs/ is not next to the tests")
def test_guide_blocks_run() -> None:
    blocks = _blocks()
    assert len(blocks) >= 8, "the guide lost its examples"
    try:
        import torch  # noqa: F401, PLC0415 - optional

        has_torch = True
    except ImportError:
        has_torch = False
    namespace: dict[str, object] = {"__name__": "python_guide"}
    for index, code in enumerate(blocks):
        if "torch" in code and not has_torch:
            continue
        if index == 1 and "mod" not in namespace:
            continue  # the numpy follow-up needs the quickstart's module
        try:
            exec(compile(code, f"{GUIDE}:block{index}", "exec"), namespace)
        except Exception as err:
            raise AssertionError(f"docs/python.md block {index} failed:\n{code}") from err
