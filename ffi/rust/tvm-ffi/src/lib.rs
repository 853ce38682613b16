// ffi/rust/tvm-ffi/src/lib.rs: the safe Rust SDK of tvm-ffi.
//! Safe Rust bindings for the tvm-ffi C ABI (version 0.1.16).
//!
//! tvm-ffi passes values, objects, functions, errors and tensors between languages and between
//! separately compiled libraries. This crate wraps the raw ABI of [`sys`] (`tvm-ffi-sys`) in
//! safe types:
//!
//! - values: [`Any`] (owned) and [`AnyView`] (borrowed), with `From`/[`FromAny`] conversions;
//! - objects: [`ObjectArc`] and [`define_object!`] for new types with reflected fields;
//! - [`String`], [`Bytes`], [`Array`], [`Shape`], [`Tensor`], [`Device`], [`DataType`];
//! - [`List`], [`Map`], [`Dict`] and [`Module`], through the runtime's global functions;
//! - [`Function`]: call with a tuple, wrap closures and typed `fn`s, global registry;
//! - [`Error`] and [`Result`]: errors keep their kind across languages, and panics never
//!   cross into C;
//! - [`export!`] and [`export_abi_version!`] to build a loadable module as a `cdylib`, whose
//!   functions publish their type schema ([`schema`]) and docstrings.
//!
//! ```
//! use tvm_ffi::{Function, Result};
//!
//! fn main() -> Result<()> {
//!     // A typed Rust function, callable from C, C++ and Python once registered.
//!     Function::from_typed(|name: String, n: i64| format!("{name}:{n}"))
//!         .register_global("example.label", true)?;
//!
//!     let label = Function::get_global_or_err("example.label")?;
//!     let text: String = label.call(("x", 3))?.cast()?;
//!     assert_eq!(text, "x:3");
//!
//!     // A wrong argument type is an Err naming the argument and the expected type.
//!     let err = label.call((1, 2)).unwrap_err();
//!     assert_eq!(err.kind(), "TypeError");
//!     assert!(err.message().contains("argument #0"));
//!     Ok(())
//! }
//! ```
#![deny(unsafe_op_in_unsafe_fn, missing_docs)]
#![deny(clippy::undocumented_unsafe_blocks, clippy::missing_safety_doc)]

pub use tvm_ffi_sys as sys;

mod allocator;
pub mod any;
pub mod args;
pub mod array;
pub mod containers;
pub mod device;
pub mod dtype;
pub mod error;
mod export;
pub mod function;
pub mod module;
pub mod object;
mod panic;
pub mod reflect;
mod scalar;
pub mod schema;
pub mod shape;
pub mod string;
pub mod structural;
pub mod tensor;

pub use any::{Any, AnyView, FromAny};
pub use args::{ArgValue, CallArgs};
pub use array::Array;
pub use containers::{Dict, List, Map};
pub use device::Device;
pub use dtype::DataType;
pub use error::{Error, Result};
pub use function::{Function, IntoFfiReturn, TypedFn};
pub use module::Module;
pub use object::{Object, ObjectArc, ObjectType};
pub use shape::Shape;
pub use string::{Bytes, String};
pub use tensor::{Tensor, TensorElement};

/// The ABI version of the loaded runtime (`TVMFFIGetVersion`).
pub fn runtime_version() -> sys::TVMFFIVersion {
    let mut version = sys::TVMFFIVersion::default();
    // SAFETY: a valid output struct.
    unsafe { sys::TVMFFIGetVersion(&mut version) };
    version
}

/// Checks that the loaded runtime is compatible with the headers this crate mirrors
/// (SPEC VER-BINDING-CHECK): same major version, and same minor version while major is 0.
pub fn check_runtime_version() -> Result<()> {
    let got = runtime_version();
    let compatible = got.major == sys::TVM_FFI_VERSION_MAJOR
        && (got.major != 0 || got.minor == sys::TVM_FFI_VERSION_MINOR);
    if compatible {
        Ok(())
    } else {
        Err(Error::runtime_error(format!(
            "the tvm-ffi runtime has ABI {}.{}.{}, but this crate needs {}.{}.x",
            got.major,
            got.minor,
            got.patch,
            sys::TVM_FFI_VERSION_MAJOR,
            sys::TVM_FFI_VERSION_MINOR
        )))
    }
}
