// ffi/rust/tvm-ffi/tests/test_array.rs: Array (inline layout) and Shape.
mod common;

use common::expect_err;
use tvm_ffi::{sys, Any, Array, Function, Result, Shape, String};

#[test]
fn arrays_use_the_inline_layout() {
    // SPEC: ARRAY-LAYOUT
    let a: Array<i64> = vec![10, 20, 30].into();
    let any = Any::from(a.clone());
    assert_eq!(any.type_index(), sys::kTVMFFIArray);
    let base = any.as_raw().value;
    // SAFETY: an Array object: {header; TVMFFISeqCell} then the elements.
    unsafe {
        let obj = base.v_obj as *const u8;
        let cell = &*(obj.add(24) as *const sys::TVMFFISeqCell);
        assert_eq!(cell.data as usize, obj as usize + 56, "elements start at +56");
        assert_eq!((cell.size, cell.capacity), (3, 3));
        assert!(cell.data_deleter.is_none());
        let first = &*(cell.data as *const sys::TVMFFIAny);
        assert_eq!((first.type_index, first.value.v_int64), (sys::kTVMFFIInt, 10));
    }
}

#[test]
fn get_returns_none_out_of_range_and_iteration_converts() {
    let a: Array<i64> = (1..=4).collect();
    assert_eq!(a.len(), 4);
    assert_eq!(a.get(0), Some(1));
    assert_eq!(a.get(3), Some(4));
    assert_eq!(a.get(4), None);
    assert_eq!(a.get(usize::MAX), None);
    assert_eq!(a.iter().collect::<Vec<_>>(), vec![1, 2, 3, 4]);
    let empty: Array<String> = Array::default();
    assert!(empty.is_empty());
    assert_eq!(empty.get(0), None);
}

#[test]
fn mixed_arrays_hold_any_and_nest() -> Result<()> {
    let inner: Array<f64> = vec![0.5, 1.5].into();
    let mixed: Array =
        Array::new(vec![Any::from(1i64), Any::from("two"), Any::from(inner), Any::none()]);
    assert_eq!(mixed.len(), 4);
    assert_eq!(mixed.get(1).unwrap().cast::<std::string::String>()?, "two");
    let nested: Array<f64> = mixed.get(2).unwrap().cast()?;
    assert_eq!(nested.to_vec(), vec![0.5, 1.5]);
    assert!(mixed.get(3).unwrap().is_none());
    let printed = format!("{mixed:?}");
    assert!(
        printed.starts_with("[1, \"two\", ffi.Array@0x") && printed.ends_with(", None]"),
        "{printed}"
    );
    Ok(())
}

#[test]
fn typed_conversion_checks_every_element() {
    let mixed: Array = Array::new(vec![Any::from(1i64), Any::from(2.5)]);
    let err = expect_err(
        Any::from(mixed.clone()).cast::<Array<i64>>(),
        "TypeError",
        "element #1 is not a `int`",
    );
    assert!(err.message().contains("expected `Array[int]`"));
    let floats: Array<f64> = Any::from(mixed).cast().expect("ints convert to float");
    assert_eq!(floats.to_vec(), vec![1.0, 2.5]);
}

#[test]
fn elements_are_released_with_the_array() {
    // SPEC: ARRAY-INPLACE-MUTATION (the deleter releases [0, size))
    let payload = Any::from("a heap string held by the array");
    let a: Array = Array::new(vec![payload.clone(), payload.clone()]);
    assert_eq!(common::strong_count(&payload), 3);
    let b = a.clone();
    drop(a);
    assert_eq!(common::strong_count(&payload), 3);
    drop(b);
    assert_eq!(common::strong_count(&payload), 1);
}

#[test]
fn arrays_pass_through_functions() -> Result<()> {
    let total = Function::from_typed(|xs: Array<i64>| xs.iter().sum::<i64>());
    assert_eq!(total.call((Array::<i64>::from(vec![1, 2, 3]),))?.cast::<i64>()?, 6);
    let make = Function::from_typed(|n: i64| (0..n).map(|i| i * i).collect::<Array<i64>>());
    let squares: Array<i64> = make.call((4,))?.cast()?;
    assert_eq!(squares.to_vec(), vec![0, 1, 4, 9]);
    expect_err(total.call((Array::<f64>::from(vec![1.5]),)), "TypeError", "argument #0");
    Ok(())
}

#[test]
fn the_runtime_array_global_builds_readable_arrays() -> Result<()> {
    require_globals!(Ok; "ffi.Array");
    let a: Array<i64> = Function::get_global_or_err("ffi.Array")?.call((1, 2, 3))?.cast()?;
    assert_eq!(a.to_vec(), vec![1, 2, 3]);
    Ok(())
}

#[test]
fn shapes_hold_dims_inline() {
    // SPEC: SHAPE-LAYOUT
    let s = Shape::new(&[2, 3, 4]);
    assert_eq!(s.as_slice(), &[2, 3, 4]);
    assert_eq!(s.numel(), 24);
    assert_eq!(s.len(), 3);
    assert_eq!(s[1], 3);
    assert_eq!(Shape::from([5]).to_string(), "(5,)");
    assert_eq!(Shape::new(&[]).numel(), 1);
    let any = Any::from(s.clone());
    assert_eq!(any.type_index(), sys::kTVMFFIShape);
    // SAFETY: a Shape object.
    let cell = unsafe { &*sys::TVMFFIShapeGetCellPtr(any.as_raw().value.v_obj.cast()) };
    assert_eq!(cell.size, 3);
    // SAFETY: an object value stores v_obj.
    assert_eq!(cell.data as usize, unsafe { any.as_raw().value.v_obj } as usize + 40);
    assert_eq!(any.cast::<Shape>().unwrap(), s);
    expect_err(Any::from(1i64).cast::<Shape>(), "TypeError", "expected `ffi.Shape`, got `int`");
}
