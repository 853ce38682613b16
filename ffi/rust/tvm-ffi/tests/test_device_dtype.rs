// ffi/rust/tvm-ffi/tests/test_device_dtype.rs: Device and DataType parse and format.
mod common;

use common::expect_err;
use tvm_ffi::{sys, Any, DataType, Device, Result};

#[test]
fn devices_parse_and_print() -> Result<()> {
    assert_eq!("cpu".parse::<Device>()?, Device::cpu());
    assert_eq!("cuda:3".parse::<Device>()?, Device::cuda(3));
    assert_eq!("rocm_host:0".parse::<Device>()?, Device::new(sys::kDLROCMHost, 0));
    assert_eq!("99:2".parse::<Device>()?, Device::new(99, 2));
    assert_eq!(Device::cuda(2).to_string(), "cuda:2");
    assert_eq!(Device::new(99, 0).to_string(), "99:0");
    assert_eq!(Device::new(sys::kDLTrn, 1).to_string(), "trn:1");
    for bad in ["", "gpu", "cuda:", "cuda:x", "cuda:-1"] {
        expect_err(bad.parse::<Device>(), "ValueError", "cannot parse");
    }
    Ok(())
}

#[test]
fn dtypes_parse_with_the_runtime_rules() -> Result<()> {
    // SPEC: DTYPE-PARSE, DTYPE-LANES-SUFFIX
    let cases: [(&str, (u8, u8, u16)); 8] = [
        ("float32", (2, 32, 1)),
        ("int8x4", (0, 8, 4)),
        ("bool", (6, 8, 1)),
        ("bfloat16", (4, 16, 1)),
        ("float8_e4m3fnx2", (10, 8, 2)),
        ("uint1", (1, 1, 1)),
        ("int", (0, 32, 1)),
        ("", (3, 0, 0)),
    ];
    for (text, (code, bits, lanes)) in cases {
        let t: DataType = text.parse()?;
        assert_eq!((t.code(), t.bits(), t.lanes()), (code, bits, lanes), "{text}");
    }
    assert_eq!("int8xvscalex2".parse::<DataType>()?.lanes(), (-2i16) as u16);
    Ok(())
}

#[test]
fn bad_dtype_strings_are_value_errors_quoting_the_input() {
    // SPEC: DTYPE-PARSE-ERRORS
    for bad in ["float32x", "float32x4x2", " int8", "Float32", "int256", "int8x0"] {
        let err = expect_err(bad.parse::<DataType>(), "ValueError", "");
        assert!(err.message().contains(bad.trim()), "{bad:?}: {err}");
    }
}

#[test]
fn dtypes_print_canonically_and_round_trip() -> Result<()> {
    // SPEC: DTYPE-PRINT, DTYPE-ROUNDTRIP
    for text in
        ["float32", "int8x4", "bool", "uint1", "bfloat16", "float4_e2m1fnx2", "int8xvscalex2"]
    {
        assert_eq!(text.parse::<DataType>()?.to_string(), text);
    }
    assert_eq!(DataType::new(5, 64, 1).to_string(), "DataType(5, 64, 1)");
    expect_err(DataType::new(5, 64, 1).try_to_string(), "ValueError", "5");
    assert_eq!(DataType::FLOAT32.size_in_bytes(), 4);
    assert_eq!("int4x3".parse::<DataType>()?.size_in_bytes(), 2);
    Ok(())
}

#[test]
fn dtypes_and_devices_convert_through_any() -> Result<()> {
    assert_eq!(Any::from("float16").cast::<DataType>()?, DataType::FLOAT16, "strings parse");
    expect_err(Any::from("nope").cast::<DataType>(), "ValueError", "nope");
    expect_err(Any::from(1.0).cast::<DataType>(), "TypeError", "expected `DataType`, got `float`");
    let dl: sys::DLDevice = Any::from(Device::cuda(1)).cast()?;
    assert_eq!((dl.device_type, dl.device_id), (2, 1));
    Ok(())
}
