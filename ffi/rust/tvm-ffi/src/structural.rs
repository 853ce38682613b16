// ffi/rust/tvm-ffi/src/structural.rs: structural equality and hashing, through the runtime.
//! Structural equality and hashing of FFI values (SPEC §13.9, `docs/structural.md`).
//!
//! Two values are structurally equal when they have the same shape: same types, equal scalars
//! and strings, containers with equal elements, and reflected objects compared the way their
//! type's structural kind says. The runtime computes it (`ffi.StructuralEqual`,
//! `ffi.StructuralHash`, `ffi.GetFirstStructuralMismatch`); these functions call it.
//!
//! ```no_run
//! use tvm_ffi::{structural, Array, Result};
//!
//! fn same() -> Result<bool> {
//!     let a = Array::new(vec![1i64, 2]);
//!     let b = Array::new(vec![1i64, 2]);
//!     assert_eq!(structural::hash(&a, false, false)?, structural::hash(&b, false, false)?);
//!     structural::equal(&a, &b, false, false)
//! }
//! ```

use crate::any::Any;
use crate::args::ArgValue;
use crate::array::Array;
use crate::containers::runtime_global;
use crate::error::Result;
use crate::function::Function;

/// Whether `lhs` and `rhs` are structurally equal.
///
/// `map_free_vars` binds free variables met outside any definition to each other;
/// `skip_tensor_content` compares tensors by dtype, shape and device only.
///
/// # Errors
/// TypeError when a compared object's type has no structural kind; ValueError for values
/// nested too deeply or a tensor whose content the host cannot read.
pub fn equal(
    lhs: impl ArgValue,
    rhs: impl ArgValue,
    map_free_vars: bool,
    skip_tensor_content: bool,
) -> Result<bool> {
    runtime_global!("ffi.StructuralEqual")?.call_as((lhs, rhs, map_free_vars, skip_tensor_content))
}

/// The structural hash of `value`: equal for structurally equal values (with the same flags)
/// within one process. Not the reference runtime's numbers; do not persist them.
///
/// # Errors
/// As for [`equal`].
pub fn hash(value: impl ArgValue, map_free_vars: bool, skip_tensor_content: bool) -> Result<i64> {
    runtime_global!("ffi.StructuralHash")?.call_as((value, map_free_vars, skip_tensor_content))
}

/// Where `lhs` and `rhs` first differ, as the printed access paths of that place in each
/// (such as `<root>[1]` and `<root>[<missing:1>]`), or `None` when they are equal.
///
/// # Errors
/// As for [`equal`].
pub fn first_mismatch(
    lhs: impl ArgValue,
    rhs: impl ArgValue,
    map_free_vars: bool,
    skip_tensor_content: bool,
) -> Result<Option<(String, String)>> {
    let found: Option<Array<Any>> = runtime_global!("ffi.GetFirstStructuralMismatch")?
        .call_as((lhs, rhs, map_free_vars, skip_tensor_content))?;
    let Some(paths) = found else { return Ok(None) };
    let repr = runtime_global!("ffi.ReprPrint")?;
    let text = |index: usize| -> Result<String> {
        repr.call_as::<String, _>((paths.get(index).unwrap_or_default(),))
    };
    Ok(Some((text(0)?, text(1)?)))
}
