// ffi/rust/examples/rust_module/src/lib.rs: an example tvm-ffi module written in Rust.
//! An example tvm-ffi module written in Rust.
//!
//! Built as a `cdylib`, it exports `__tvm_ffi_<name>` symbols that any tvm-ffi loader can use,
//! e.g. Python's `tvm_ffi.load_module("libtvm_ffi_example_module.so")`:
//!
//! ```python
//! mod = tvm_ffi.load_module(path)
//! assert mod.add_one(41) == 42
//! ```

use tvm_ffi::{define_object, Error, Function, Object, ObjectArc, Result, Tensor};

define_object! {
    /// A point whose fields Python reads as attributes. Deriving `Default` gives the type a
    /// creator, so Python and C++ can construct it from its fields (`__ffi_init__`).
    #[derive(Default)]
    pub struct PointObj: Object = "rust_example.Point" {
        /// The x coordinate.
        pub x: f64,
        /// The y coordinate.
        pub y: f64,
        /// A label.
        pub label: tvm_ffi::String,
    }
}

/// `x + 1`.
pub fn add_one(x: i64) -> i64 {
    x + 1
}

/// The sum of a contiguous float32 CPU tensor.
pub fn sum(x: Tensor) -> Result<f64> {
    Ok(x.as_slice::<f32>()?.iter().map(|&v| v as f64).sum())
}

/// `out[i] = x[i] * k` for contiguous float32 CPU tensors of the same shape.
pub fn scale_into(x: Tensor, out: Tensor, k: f64) -> Result<()> {
    if x.shape() != out.shape() {
        tvm_ffi::bail!(ValueError, "shape mismatch: {:?} vs {:?}", x.shape(), out.shape());
    }
    let input = x.as_slice::<f32>()?.to_vec();
    // SAFETY: the caller hands `out` over for writing for the duration of the call.
    let output = unsafe { out.as_mut_slice::<f32>()? };
    for (o, i) in output.iter_mut().zip(input) {
        *o = i * k as f32;
    }
    Ok(())
}

/// A float32 tensor `[0, 1, ..., n-1]`, owned by Rust.
pub fn arange(n: i64) -> Result<Tensor> {
    Tensor::from_vec((0..n).map(|v| v as f32).collect(), &[n])
}

/// Calls `f(x)` (for example a Python function) and adds one to its integer result; an error
/// raised by `f` comes back through `?` with its kind.
pub fn apply(f: Function, x: i64) -> Result<i64> {
    let y: i64 = f.call((x,))?.cast()?;
    Ok(y + 1)
}

/// Hands `x` to the callback `f` and returns `f(x) * 2`: a tensor goes from Rust into the
/// caller's language and a float comes back.
pub fn reduce_with(x: Tensor, f: Function) -> Result<f64> {
    let value: f64 = f.call((&x,))?.cast()?;
    Ok(value * 2.0)
}

/// Calls `f(x)` and reports how it failed: `"<kind>: <message>"` when `f` raised, `"ok"`
/// otherwise. Shows that an error raised in Python is an `Err` with its kind in Rust.
pub fn error_kind_of(f: Function, x: i64) -> String {
    match f.call((x,)) {
        Ok(_) => "ok".to_owned(),
        Err(err) => format!("{}: {}", err.kind(), err.message()),
    }
}

/// A new point.
pub fn make_point(x: f64, y: f64, label: String) -> ObjectArc<PointObj> {
    ObjectArc::new(PointObj { base: Object::default(), x, y, label: label.into() })
}

/// The length of a point's vector.
pub fn point_norm(p: ObjectArc<PointObj>) -> f64 {
    (p.x * p.x + p.y * p.y).sqrt()
}

/// Fails with the given kind and message.
pub fn fail(kind: String, message: String) -> Result<()> {
    Err(Error::new(kind, message))
}

/// Panics; the caller sees a RuntimeError.
pub fn panic_now() -> i64 {
    panic!("panic inside a Rust module")
}

tvm_ffi::export! {
    /// Returns `x + 1`.
    add_one,
    sum,
    scale_into,
    arange,
    apply,
    reduce_with,
    error_kind_of,
    make_point,
    point_norm,
    fail,
    panic_now,
}
tvm_ffi::export_abi_version!();
