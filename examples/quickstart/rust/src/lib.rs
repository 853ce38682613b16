// examples/quickstart/rust/src/lib.rs: add_one as a Rust cdylib module.
//! `add_one(x, y)`: `y[i] = x[i] + 1` for 1-D float32 CPU tensors, exported as
//! `__tvm_ffi_add_one` by [`tvm_ffi::export!`]. A wrong argument type, an `Err` and even a
//! panic reach the caller as an error; nothing unwinds into C.

use tvm_ffi::{DataType, Result, Tensor};

/// Checks that `t` is a 1-D float32 tensor; `as_slice` checks the device and contiguity.
fn check_vector(name: &str, t: &Tensor) -> Result<()> {
    tvm_ffi::ensure!(
        t.dtype() == DataType::FLOAT32,
        TypeError,
        "add_one: {name} must be float32, got {}",
        t.dtype()
    );
    tvm_ffi::ensure!(
        t.ndim() == 1,
        ValueError,
        "add_one: {name} must be 1-D, got {} dimensions",
        t.ndim()
    );
    Ok(())
}

/// `y[i] = x[i] + 1`.
pub fn add_one(x: Tensor, y: Tensor) -> Result<()> {
    check_vector("x", &x)?;
    check_vector("y", &y)?;
    tvm_ffi::ensure!(
        x.shape() == y.shape(),
        ValueError,
        "add_one: x has {} elements but y has {}",
        x.numel(),
        y.numel()
    );
    let input = x.as_slice::<f32>()?.to_vec();
    // SAFETY: the caller hands y over for writing during the call; `input` is a copy, so x and
    // y may even be the same tensor.
    let output = unsafe { y.as_mut_slice::<f32>()? };
    for (o, i) in output.iter_mut().zip(input) {
        *o = i + 1.0;
    }
    Ok(())
}

tvm_ffi::export!(add_one);
tvm_ffi::export_abi_version!();
