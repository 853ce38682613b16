# ffi/python/tests/test_core.py: tests of loading tvm_ffi._core and its process-level behaviour.
"""Lazy loading, the runtime version check, host C-API registration and interpreter shutdown."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from conftest import subprocess_env

import tvm_ffi


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env=subprocess_env(),
        check=False,
        timeout=120,
    )


def test_core_loads_on_first_api_access_without_torch_or_numpy() -> None:
    result = _run(
        """
        import sys, tvm_ffi
        assert "tvm_ffi._core" not in sys.modules
        tvm_ffi.Function, tvm_ffi.Tensor, tvm_ffi.dtype, tvm_ffi.device("cpu")
        assert "tvm_ffi._core" in sys.modules
        print(sorted(m for m in ("torch", "numpy") if m in sys.modules))
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_public_names_resolve_and_are_listed() -> None:
    for name in tvm_ffi.__all__:
        assert getattr(tvm_ffi, name) is not None
    assert set(tvm_ffi.__all__) <= set(dir(tvm_ffi))


def test_runtime_accepted_by_the_binding_version_check(core: object) -> None:
    # SPEC: VER-BINDING-CHECK
    assert tvm_ffi.__abi_version__.startswith("0.1.")
    assert core.RELEASE_GIL_BY_DEFAULT in (True, False)


def test_signal_check_hook_is_registered_and_idle(core: object) -> None:
    # SPEC: ENV-CAPI-NAMES
    # SPEC: ENV-SIGNALS
    lib = tvm_ffi.load_lib()
    assert lib.TVMFFIEnvCheckSignals() == 0


def test_release_gil_default_follows_the_environment() -> None:
    code = "import tvm_ffi; print(tvm_ffi.Function(len).release_gil)"
    for value, expected in (("1", "True"), ("0", "False")):
        env = subprocess_env()
        env["TVM_FFI_RELEASE_GIL_BY_DEFAULT"] = value
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == expected


def test_python_callbacks_alive_at_exit_do_not_crash() -> None:
    result = _run(
        """
        import tvm_ffi
        from tvm_ffi._base import core  # noqa: PLC0415 - loads the native core on purpose

        class Holder:
            def __call__(self, x):
                return x

        tvm_ffi.register_global_func("test_core.at_exit", Holder())
        kept = core._testing_echo(lambda: 1)
        print(tvm_ffi.get_global_func("test_core.at_exit")(5))
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "5"


def test_benchmark_floors_behave_like_their_python_equivalents() -> None:
    # The C-API floors used by benchmarks/python_call.py must do the work they stand for.
    from tvm_ffi._base import core  # noqa: PLC0415 - loads the native core on purpose

    assert core._capi_nop(1, 2, 3) is None
    assert core._capi_add_one(41) == 42
    assert core._capi_call(lambda a, b: a * b, 6, 7) == 42
    with pytest.raises(TypeError):
        core._capi_add_one("x")
    with pytest.raises(TypeError, match="needs a callable"):
        core._capi_call()
    with pytest.raises(ZeroDivisionError):
        core._capi_call(lambda: 1 / 0)


def test_exchange_floor_takes_framework_tensors_only() -> None:
    from tvm_ffi._base import core  # noqa: PLC0415 - loads the native core on purpose

    torch = pytest.importorskip("torch")
    assert core._capi_exchange_floor(torch.arange(3), torch.zeros(2, 2)) is None
    with pytest.raises(TypeError, match="argument 1 has no DLPack exchange API"):
        core._capi_exchange_floor(torch.arange(3), 5)
    with pytest.raises(TypeError, match="at most 8"):
        core._capi_exchange_floor(*[torch.arange(1)] * 9)
