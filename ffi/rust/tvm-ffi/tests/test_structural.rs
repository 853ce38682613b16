// ffi/rust/tvm-ffi/tests/test_structural.rs: structural equality and hashing from Rust.
mod common;

use common::expect_err;
use tvm_ffi::{structural, Array, Function, Map, Result, String};

#[test]
fn equal_values_compare_and_hash_alike() -> Result<()> {
    // SPEC: STRUCT-EQ-VALUES, STRUCT-HASH
    let a = Array::new(vec![1i64, 2]);
    let b = Array::new(vec![1i64, 2]);
    let c = Array::new(vec![1i64, 3]);
    assert!(structural::equal(&a, &b, false, false)?);
    assert!(!structural::equal(&a, &c, false, false)?);
    assert_eq!(structural::hash(&a, false, false)?, structural::hash(&b, false, false)?);
    assert!(!structural::equal(1i64, 1.0f64, false, false)?);
    let m1 = Map::<String, i64>::new(vec![(String::from("a"), 1), (String::from("b"), 2)])?;
    let m2 = Map::<String, i64>::new(vec![(String::from("b"), 2), (String::from("a"), 1)])?;
    assert!(structural::equal(&m1, &m2, false, false)?);
    assert_eq!(structural::hash(&m1, false, false)?, structural::hash(&m2, false, false)?);
    Ok(())
}

#[test]
fn first_mismatch_reports_access_paths() -> Result<()> {
    // SPEC: STRUCT-EQ-MISMATCH
    let a = Array::new(vec![1i64, 2]);
    assert_eq!(structural::first_mismatch(&a, &a, false, false)?, None);
    let c = Array::new(vec![1i64, 3]);
    let found = structural::first_mismatch(&a, &c, false, false)?;
    assert_eq!(found, Some(("<root>[1]".into(), "<root>[1]".into())));
    let longer = Array::new(vec![1i64, 2, 3]);
    let found = structural::first_mismatch(&a, &longer, false, false)?;
    assert_eq!(found, Some(("<root>[<missing:2>]".into(), "<root>[2]".into())));
    Ok(())
}

#[test]
fn types_without_a_structural_kind_are_type_errors() -> Result<()> {
    // SPEC: STRUCT-EQ-KINDS
    let f = Function::get_global_or_err("ffi.StructuralEqual")?;
    expect_err(structural::equal(&f, &f, false, false), "TypeError", "ffi.Function");
    expect_err(structural::hash(&f, false, false), "TypeError", "ffi.StructuralHash");
    Ok(())
}
