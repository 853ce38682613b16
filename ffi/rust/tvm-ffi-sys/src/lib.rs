// ffi/rust/tvm-ffi-sys/src/lib.rs: raw declarations of the tvm-ffi C ABI 0.1.16 and DLPack 1.3.
//! Raw declarations of the tvm-ffi C ABI, version 0.1.16, and of DLPack 1.3.
//!
//! This crate mirrors `tvm/ffi/c_api.h`, `tvm/ffi/extra/c_env_api.h` and `dlpack/dlpack.h`:
//! `#[repr(C)]` structs, constants and the `extern "C"` declarations of the 50 exported runtime
//! functions. Names are the C names, verbatim. Open-ended C enums (the type index, flags, modes
//! and kinds) are integer type aliases plus constants, never Rust enums, so that every value the
//! other side may write is representable. `ffi/c/SPEC.md` is the normative description of every
//! layout and contract; `tests/layout.rs` checks the layouts against it.
//!
//! The build script links `libtvm_ffi`, found through `TVM_FFI_LIB_DIR`, `tvm-ffi-config
//! --libdir` or `python3 -m tvm_ffi.config --libdir`, in that order. Dependents find the library
//! directory in the `DEP_TVM_FFI_LIBDIR` environment variable of their own build script.
//!
//! Use the safe `tvm-ffi` crate unless you need the raw ABI.
//!
//! # Safety
//!
//! Every function here is `unsafe` to call. The caller must uphold the C contract written in
//! the headers and in `ffi/c/SPEC.md`, in particular:
//!
//! - Handles (`TVMFFIObjectHandle`) must point at the header of a live object, and a handle the
//!   contract types (Function, Tensor, Error, ...) must be of that type.
//! - Ownership follows the header words *borrowed*, *new reference* and *stolen*: every new
//!   reference must be released exactly once with `TVMFFIObjectDecRef`, and a borrowed handle
//!   must stay alive for the duration of the call.
//! - A `TVMFFIAny` passed as an argument is a view and must stay valid during the call; one
//!   received as a result is owned, and must not hold the view-only kinds (SPEC §2.2).
//! - Unused bytes of a `TVMFFIAny` must be zero (SPEC §2.3).
//! - After a call returns -1, the error sits in the calling thread's error slot; take it with
//!   `TVMFFIErrorMoveFromRaised`.
//! - No Rust panic may unwind through any callback passed to the runtime (safe calls, deleters,
//!   getters, setters, allocators): catch it and report it as an error instead.
#![no_std]
#![allow(non_camel_case_types, non_snake_case, non_upper_case_globals)]
#![allow(missing_docs, clippy::missing_safety_doc)]

pub mod c_api;
pub mod c_env_api;
pub mod dlpack;

pub use c_api::*;
pub use c_env_api::*;
pub use dlpack::*;
