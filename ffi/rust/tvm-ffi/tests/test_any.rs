// ffi/rust/tvm-ffi/tests/test_any.rs: Any/AnyView encodings and conversions, good and bad.
mod common;

use common::expect_err;
use tvm_ffi::{sys, Any, AnyView, Array, Bytes, DataType, Device, FromAny, Function, Result};

fn bytes_of(any: &Any) -> [u8; 16] {
    // SAFETY: TVMFFIAny is 16 plain bytes.
    unsafe { std::mem::transmute::<sys::TVMFFIAny, [u8; 16]>(*any.as_raw()) }
}

#[test]
fn ints_floats_and_bools_use_their_type_index() {
    // SPEC: ANY-TYPE-INDEX-VALUES, ANY-BOOL
    assert_eq!(Any::from(7i64).type_index(), sys::kTVMFFIInt);
    assert_eq!(Any::from(7i32).type_index(), sys::kTVMFFIInt);
    assert_eq!(Any::from(2.5f64).type_index(), sys::kTVMFFIFloat);
    assert_eq!(Any::from(true).type_index(), sys::kTVMFFIBool);
    // SAFETY: a Bool stores v_int64.
    assert_eq!(unsafe { Any::from(true).as_raw().value.v_int64 }, 1);
    assert_eq!(Any::from(()).type_index(), sys::kTVMFFINone);
}

#[test]
fn none_is_sixteen_zero_bytes() {
    // SPEC: ANY-NONE
    assert_eq!(bytes_of(&Any::none()), [0; 16]);
    assert_eq!(bytes_of(&Any::from(None::<i64>)), [0; 16]);
}

#[test]
fn pod_values_zero_their_padding() {
    // SPEC: ANY-ZERO-PADDING
    let dtype = bytes_of(&Any::from(DataType::FLOAT32));
    assert_eq!(&dtype[4..8], &[0; 4]);
    assert_eq!(&dtype[8..12], &[2, 32, 1, 0]);
    assert_eq!(&dtype[12..16], &[0; 4], "bytes 12-15 of a DataType must be zero");
    let device = bytes_of(&Any::from(Device::cuda(3)));
    assert_eq!(&device[4..8], &[0; 4]);
    assert_eq!(&device[8..16], &[2, 0, 0, 0, 3, 0, 0, 0]);
    assert_eq!(&bytes_of(&Any::from(-1i64))[4..8], &[0; 4]);
}

#[test]
fn round_trips_of_scalars() -> Result<()> {
    assert_eq!(Any::from(-5i64).cast::<i64>()?, -5);
    assert_eq!(Any::from(300i64).cast::<i32>()?, 300);
    assert_eq!(Any::from(1.5f32).cast::<f32>()?, 1.5);
    assert!(Any::from(true).cast::<bool>()?);
    assert_eq!(Any::from(u64::MAX >> 1).cast::<u64>()?, u64::MAX >> 1);
    assert_eq!(Any::from(Device::cpu()).cast::<Device>()?, Device::cpu());
    assert_eq!(Any::from(DataType::INT8).cast::<DataType>()?, DataType::INT8);
    assert_eq!(Any::from(Some(4i64)).cast::<Option<i64>>()?, Some(4));
    assert_eq!(Any::none().cast::<Option<i64>>()?, None);
    let p = 0x1000usize as *mut std::ffi::c_void;
    assert_eq!(Any::from(p).cast::<*mut std::ffi::c_void>()?, p);
    assert!(Any::from(std::ptr::null_mut::<std::ffi::c_void>()).is_none());
    Ok(())
}

#[test]
fn try_from_impls_mirror_cast() -> Result<()> {
    let n: i64 = Any::from(9i64).try_into()?;
    assert_eq!(n, 9);
    let s: String = Any::from("text").try_into()?;
    assert_eq!(s, "text");
    let v: Vec<u8> = Any::from(&b"\x00\x01"[..]).try_into()?;
    assert_eq!(v, vec![0, 1]);
    let o: Option<f64> = Any::none().try_into()?;
    assert_eq!(o, None);
    let held = Any::from(3i64);
    let view_n: i64 = i64::try_from(AnyView::from(&held))?;
    assert_eq!(view_n, 3);
    Ok(())
}

#[test]
fn ints_and_bools_convert_into_each_other_and_into_float() -> Result<()> {
    assert_eq!(Any::from(true).cast::<i64>()?, 1);
    assert!(Any::from(3i64).cast::<bool>()?);
    assert_eq!(Any::from(2i64).cast::<f64>()?, 2.0);
    Ok(())
}

#[test]
fn wrong_type_conversions_are_readable_type_errors() {
    expect_err(Any::from(1.5).cast::<i64>(), "TypeError", "expected `int`, got `float`");
    expect_err(Any::from("hi").cast::<f64>(), "TypeError", "expected `float`, got `str`");
    expect_err(Any::from(1i64).cast::<String>(), "TypeError", "expected `str`, got `int`");
    expect_err(Any::from(1i64).cast::<Vec<u8>>(), "TypeError", "expected `bytes`, got `int`");
    expect_err(Any::from(1i64).cast::<Device>(), "TypeError", "expected `Device`, got `int`");
    expect_err(
        Any::from(2.0).cast::<Option<i64>>(),
        "TypeError",
        "expected `Optional[int]`, got `float`",
    );
    expect_err(Any::none().cast::<i64>(), "TypeError", "expected `int`, got `None`");
    expect_err(Any::from(1i64).cast::<()>(), "TypeError", "expected `None`, got `int`");
    expect_err(
        Any::from(1i64).cast::<Function>(),
        "TypeError",
        "expected `ffi.Function`, got `int`",
    );
    expect_err(
        Any::from("x").cast::<Array<i64>>(),
        "TypeError",
        "expected `Array[int]`, got `str`",
    );
}

#[test]
fn out_of_range_integers_are_value_errors() {
    expect_err(Any::from(1i64 << 40).cast::<i32>(), "ValueError", "does not fit in `int32`");
    expect_err(Any::from(-1i64).cast::<u8>(), "ValueError", "does not fit in `uint8`");
    expect_err(Any::from(-1i64).cast::<u64>(), "ValueError", "does not fit in `uint64`");
}

#[test]
fn u64_above_i64_max_becomes_a_bigint() {
    // SPEC: BIGINT-CANONICAL
    let big = Any::from(u64::MAX);
    assert_eq!(big.type_index(), sys::kTVMFFIBigInt);
    assert_eq!(big.type_name(), "ffi.BigInt");
    let small = Any::from(5u64);
    assert_eq!(small.type_index(), sys::kTVMFFIInt);
}

#[test]
fn raw_str_and_byte_array_views_become_owned_strings_and_bytes() -> Result<()> {
    // SPEC: ANY-VIEW-TO-OWNED, ANY-VIEW-ONLY-KINDS
    let text = c"a raw C string";
    let mut raw = *Any::none().as_raw();
    raw.type_index = sys::kTVMFFIRawStr;
    raw.value.v_c_str = text.as_ptr();
    // SAFETY: the C string outlives the view.
    let view = unsafe { AnyView::from_raw(raw) };
    let owned = view.to_owned();
    assert_eq!(owned.type_index(), sys::kTVMFFIStr);
    assert_eq!(owned.cast::<String>()?, "a raw C string");

    let data = [1u8, 2, 3];
    let array = sys::TVMFFIByteArray { data: data.as_ptr().cast(), size: 3 };
    raw.type_index = sys::kTVMFFIByteArrayPtr;
    raw.value.v_ptr = &array as *const _ as *mut _;
    // SAFETY: the byte array outlives the view.
    let view = unsafe { AnyView::from_raw(raw) };
    assert_eq!(view.to_owned().type_index(), sys::kTVMFFISmallBytes);
    assert_eq!(view.cast::<Bytes>()?.as_bytes(), &[1, 2, 3]);
    expect_err(view.cast::<tvm_ffi::String>(), "TypeError", "expected `str`, got `bytes`");
    Ok(())
}

#[test]
fn rvalue_ref_views_are_read_without_being_moved() -> Result<()> {
    let arr: Array<i64> = vec![1, 2].into();
    let held = Any::from(arr.clone());
    let mut slot = held.as_raw().value;
    let mut raw = *Any::none().as_raw();
    raw.type_index = sys::kTVMFFIObjectRValueRef;
    // SAFETY: writing the slot address into the payload.
    raw.value.v_ptr = unsafe { &mut slot.v_obj as *mut _ as *mut std::ffi::c_void };
    // SAFETY: the slot outlives the view and holds a live object.
    let view = unsafe { AnyView::from_raw(raw) };
    assert_eq!(view.type_name(), "ffi.Array");
    let back: Array<i64> = view.cast()?;
    assert_eq!(back.to_vec(), vec![1, 2]);
    assert_eq!(common::strong_count(&held), 3, "held + arr + back");
    Ok(())
}

#[test]
fn cloning_and_dropping_any_tracks_the_strong_count() {
    // SPEC: OBJ-INCREF, OBJ-DECREF
    let value = Any::from("a string long enough for the heap");
    assert_eq!(common::strong_count(&value), 1);
    let copy = value.clone();
    assert_eq!(common::strong_count(&value), 2);
    drop(copy);
    assert_eq!(common::strong_count(&value), 1);
    let view = value.as_view();
    let owned = view.to_owned();
    assert_eq!(common::strong_count(&value), 2);
    drop(owned);
    assert_eq!(common::strong_count(&value), 1);
}

#[test]
fn equality_follows_the_abi_rules() {
    // SPEC: ANY-EQUAL, ANY-BYTE-EQUALITY
    assert_eq!(Any::from(3i64), Any::from(3i64));
    assert_ne!(Any::from(3i64), Any::from(3.0));
    assert_ne!(Any::from(1i64), Any::from(true));
    let long = "twelve bytes";
    assert_eq!(Any::from(long), Any::from(long.to_string()), "heap strings compare by content");
    assert_ne!(Any::from("abc"), Any::from(&b"abc"[..]), "a String never equals Bytes");
    let arr: Array = Array::default();
    assert_eq!(Any::from(arr.clone()), Any::from(arr));
    assert_ne!(Any::from(Array::<Any>::default()), Any::from(Array::<Any>::default()));
}

#[test]
fn debug_output_names_values() {
    assert_eq!(format!("{:?}", Any::from(3i64)), "3");
    assert_eq!(format!("{:?}", Any::from("hi")), "\"hi\"");
    assert_eq!(format!("{:?}", Any::none()), "None");
    assert_eq!(format!("{:?}", Any::from(Device::cuda(1))), "cuda:1");
    assert_eq!(format!("{:?}", Any::from(DataType::BFLOAT16)), "bfloat16");
}

#[test]
fn from_any_type_names_are_stable() {
    assert_eq!(i64::type_name(), "int");
    assert_eq!(<Option<Array<f64>>>::type_name(), "Optional[Array[float]]");
    assert_eq!(tvm_ffi::Tensor::type_name(), "ffi.Tensor");
}
