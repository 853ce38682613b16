# examples/kernel_wheel/tests/test_frameworks.py: numpy and JAX arrays in and out via DLPack.
# ruff: noqa: D103 - test names state the behaviour under test, as in ffi/python/tests
"""The same kernels with frameworks other than torch: numpy and JAX (CPU).

JAX is optional: ci/examples.sh tries to install it and, if it cannot, these tests are skipped
with the reason printed (run pytest with ``-rs``).
"""

from __future__ import annotations

import pytest

import tvm_ffi

# The wheel is installed first (README.md, block 'use'); without it these tests skip.
example_kernels = pytest.importorskip("example_kernels")
np = pytest.importorskip("numpy")


def test_numpy_in_numpy_out_in_place() -> None:
    x = np.arange(4, dtype=np.float32)
    y = np.zeros(4, dtype=np.float32)
    example_kernels.add_one(x, y)
    np.testing.assert_array_equal(y, [1, 2, 3, 4])


def test_numpy_in_new_tensor_out_shares_memory() -> None:
    result = example_kernels.add_one_new(np.array([0.5, 2.0], dtype=np.float32))
    assert isinstance(result, tvm_ffi.Tensor)
    y = np.from_dlpack(result)
    np.testing.assert_array_equal(y, [1.5, 3.0])
    assert y.ctypes.data == result.data_ptr()  # imported, not copied


def test_numpy_bad_dtype_is_type_error() -> None:
    with pytest.raises(TypeError, match="float32"):
        example_kernels.add_one_new(np.zeros(2, dtype=np.int32))


@pytest.fixture(scope="module")
def jnp() -> object:
    """jax.numpy on the CPU, or a skip that says why it is unavailable."""
    try:
        import jax  # noqa: PLC0415 - optional dependency
    except ImportError as err:
        pytest.skip(f"jax is not installed in this environment ({err})")
    jax.config.update("jax_platforms", "cpu")
    return jax.numpy


def test_jax_in_jax_out(jnp: object) -> None:
    import jax  # noqa: PLC0415

    x = jnp.arange(5, dtype=jnp.float32)
    result = example_kernels.add_one_new(tvm_ffi.from_dlpack(x))
    y = jax.dlpack.from_dlpack(result)
    assert isinstance(y, jax.Array)
    assert y.tolist() == [1.0, 2.0, 3.0, 4.0, 5.0]


def test_jax_array_passed_directly(jnp: object) -> None:
    x = jnp.array([1.0, 2.0], dtype=jnp.float32)
    y = np.zeros(2, dtype=np.float32)
    example_kernels.add_one(x, y)  # any __dlpack__ producer is accepted as an argument
    np.testing.assert_array_equal(y, [2.0, 3.0])


def test_jax_bad_dtype_is_type_error(jnp: object) -> None:
    with pytest.raises(TypeError, match="float32"):
        example_kernels.add_one_new(jnp.zeros(2, dtype=jnp.int32))
