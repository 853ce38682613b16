// conformance/rust/src/lib.rs: the Rust implementation of the conformance module API.
//! The seven conformance functions (`echo`, `inspect`, `make`, `mutate`, `call_back`,
//! `raise_error`, `relay`) as packed `__tvm_ffi_<name>` exports, written with the safe `tvm-ffi`
//! crate. The format of `inspect` and the meaning of each function are in docs/conformance.md.

use std::ffi::c_int;
use std::fmt::Write as _;
use std::panic::{catch_unwind, AssertUnwindSafe};

use tvm_ffi::sys;
use tvm_ffi::{
    Any, AnyView, Array, Bytes, DataType, Device, Dict, Error, Function, List, Map, Result, Shape,
    String, Tensor,
};

type Packed = fn(&[AnyView<'_>]) -> Result<Any>;

/// zlib's CRC-32: the `inspect` digest of str/bytes contents.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = (crc >> 1) ^ (0xEDB8_8320 & 0u32.wrapping_sub(crc & 1));
        }
    }
    !crc
}

fn digest(data: &[u8]) -> std::string::String {
    format!("{}:{:08x}", data.len(), crc32(data))
}

fn dims(values: &[i64]) -> std::string::String {
    let parts: Vec<_> = values.iter().map(i64::to_string).collect();
    format!("[{}]", parts.join(","))
}

fn describe_tensor(t: &Tensor) -> std::string::String {
    let dev = t.device();
    format!(
        "ffi.Tensor:{}:{}:{}:{}:{}:{}",
        t.dtype(),
        dims(t.shape()),
        dims(t.strides()),
        t.byte_offset(),
        dev.device_type,
        dev.device_id
    )
}

/// The `inspect` text of one value, decoded through the crate's typed conversions.
fn describe(x: &AnyView<'_>) -> Result<std::string::String> {
    let ti = x.type_index();
    Ok(match ti {
        sys::kTVMFFINone => "None".into(),
        sys::kTVMFFIBool => format!("bool:{}", u8::from(x.cast::<bool>()?)),
        sys::kTVMFFIInt => format!("int:{}", x.cast::<i64>()?),
        sys::kTVMFFIFloat => format!("float:{:016x}", x.cast::<f64>()?.to_bits()),
        sys::kTVMFFIOpaquePtr => format!("ptr:{:x}", x.cast::<*mut std::ffi::c_void>()? as usize),
        sys::kTVMFFIDataType => format!("dtype:{}", x.cast::<DataType>()?),
        sys::kTVMFFIDevice => {
            let dev = x.cast::<Device>()?;
            format!("device:{}:{}", dev.device_type, dev.device_id)
        }
        sys::kTVMFFISmallStr | sys::kTVMFFIStr | sys::kTVMFFIRawStr => {
            format!("str:{}", digest(x.cast::<String>()?.as_bytes()))
        }
        sys::kTVMFFISmallBytes | sys::kTVMFFIBytes | sys::kTVMFFIByteArrayPtr => {
            format!("bytes:{}", digest(x.cast::<Bytes>()?.as_bytes()))
        }
        sys::kTVMFFIShape => format!("ffi.Shape:{}", dims(x.cast::<Shape>()?.as_slice())),
        sys::kTVMFFITensor => describe_tensor(&x.cast::<Tensor>()?),
        sys::kTVMFFIFunction => "ffi.Function".into(),
        sys::kTVMFFIArray => format!("ffi.Array:{}", x.cast::<Array<Any>>()?.len()),
        sys::kTVMFFIList => format!("ffi.List:{}", x.cast::<List<Any>>()?.len()),
        sys::kTVMFFIMap => format!("ffi.Map:{}", x.cast::<Map<Any, Any>>()?.len()),
        sys::kTVMFFIDict => format!("ffi.Dict:{}", x.cast::<Dict<Any, Any>>()?.len()),
        _ => tvm_ffi::object::type_key_of(ti),
    })
}

/// Decodes a value into the crate's own Rust type and re-encodes it (what `relay` does to every
/// argument and result), so a lossy conversion in the crate shows up in the matrix.
fn reencode(x: &AnyView<'_>) -> Result<Any> {
    Ok(match x.type_index() {
        sys::kTVMFFINone => Any::from(()),
        sys::kTVMFFIBool => Any::from(x.cast::<bool>()?),
        sys::kTVMFFIInt => Any::from(x.cast::<i64>()?),
        sys::kTVMFFIFloat => Any::from(x.cast::<f64>()?),
        sys::kTVMFFIOpaquePtr => Any::from(x.cast::<*mut std::ffi::c_void>()?),
        sys::kTVMFFIDataType => Any::from(x.cast::<DataType>()?),
        sys::kTVMFFIDevice => Any::from(x.cast::<Device>()?),
        sys::kTVMFFISmallStr | sys::kTVMFFIStr | sys::kTVMFFIRawStr => {
            let text = std::str::from_utf8(x.cast::<String>()?.as_bytes())
                .map_err(|e| Error::value_error(format!("relay: a str that is not UTF-8: {e}")))?
                .to_owned();
            Any::from(text)
        }
        sys::kTVMFFISmallBytes | sys::kTVMFFIBytes | sys::kTVMFFIByteArrayPtr => {
            Any::from(x.cast::<Bytes>()?.as_bytes().to_vec())
        }
        sys::kTVMFFIShape => Any::from(x.cast::<Shape>()?),
        sys::kTVMFFITensor => Any::from(x.cast::<Tensor>()?),
        sys::kTVMFFIFunction => Any::from(x.cast::<Function>()?),
        sys::kTVMFFIArray => Any::from(x.cast::<Array<Any>>()?),
        sys::kTVMFFIList => Any::from(x.cast::<List<Any>>()?),
        sys::kTVMFFIMap => Any::from(x.cast::<Map<Any, Any>>()?),
        sys::kTVMFFIDict => Any::from(x.cast::<Dict<Any, Any>>()?),
        _ => x.to_owned(), // other objects are shared by reference, other POD kinds pass through
    })
}

fn check_args(name: &str, args: &[AnyView<'_>], min: usize, max: Option<usize>) -> Result<()> {
    if args.len() < min || max.is_some_and(|m| args.len() > m) {
        return Err(Error::type_error(format!(
            "conformance.rust.{name}: got {} arguments, expected {min}{}",
            args.len(),
            if max == Some(min) { "" } else { " or more" }
        )));
    }
    Ok(())
}

fn parse_ints(text: &str) -> Result<Vec<i64>> {
    text.split(',')
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().map_err(|_| Error::value_error(format!("make: bad integer {s:?}"))))
        .collect()
}

fn echo(args: &[AnyView<'_>]) -> Result<Any> {
    check_args("echo", args, 1, Some(1))?;
    Ok(args[0].to_owned())
}

fn inspect(args: &[AnyView<'_>]) -> Result<Any> {
    check_args("inspect", args, 1, Some(1))?;
    Ok(Any::from(describe(&args[0])?))
}

fn make(args: &[AnyView<'_>]) -> Result<Any> {
    check_args("make", args, 2, Some(2))?;
    let tag = args[0].cast::<String>()?;
    let text = args[1].cast::<String>()?;
    let text =
        std::str::from_utf8(text.as_bytes()).map_err(|e| Error::value_error(e.to_string()))?;
    Ok(match tag.as_bytes() {
        b"int" => Any::from(text.parse::<i64>().map_err(|e| Error::value_error(e.to_string()))?),
        b"str" => Any::from(text),
        b"dtype" => Any::from(text.parse::<DataType>()?),
        b"shape" => Any::from(Shape::from(parse_ints(text)?.as_slice())),
        b"list" => Any::from(List::<i64>::new(parse_ints(text)?)?),
        other => {
            let mut msg = std::string::String::from("conformance.rust.make: unknown tag ");
            let _ = write!(
                msg,
                "{:?}; expected int, str, dtype, shape or list",
                std::string::String::from_utf8_lossy(other)
            );
            return Err(Error::value_error(msg));
        }
    })
}

fn mutate(args: &[AnyView<'_>]) -> Result<Any> {
    check_args("mutate", args, 1, Some(1))?;
    match args[0].type_index() {
        sys::kTVMFFIList => args[0].cast::<List<Any>>()?.push("mutated")?,
        sys::kTVMFFIDict => args[0].cast::<Dict<Any, Any>>()?.insert("mutated", true)?,
        _ => {
            return Err(Error::type_error(format!(
                "conformance.rust.mutate: expected a List or Dict, got {}",
                args[0].type_name()
            )))
        }
    }
    Ok(Any::from(()))
}

fn call_back(args: &[AnyView<'_>]) -> Result<Any> {
    check_args("call_back", args, 1, None)?;
    let f = args[0].cast::<Function>()?;
    let mut raw: Vec<sys::TVMFFIAny> = args[1..].iter().map(|a| *a.as_raw()).collect();
    // SAFETY: the views are our own borrowed arguments, valid for this whole call.
    unsafe { f.call_views(&mut raw) }
}

/// `raise_error(kind, message[, cause_kind, cause_message])`: the optional pair is the cause.
fn raise_error(args: &[AnyView<'_>]) -> Result<Any> {
    check_args("raise_error", args, 2, Some(4))?;
    if args.len() == 3 {
        check_args("raise_error", args, 4, Some(4))?;
    }
    let error = error_from(&args[0], &args[1])?;
    if args.len() == 4 {
        return Err(error.with_cause(error_from(&args[2], &args[3])?));
    }
    Err(error)
}

fn error_from(kind: &AnyView<'_>, message: &AnyView<'_>) -> Result<Error> {
    let text = |s: String| std::string::String::from_utf8_lossy(s.as_bytes()).into_owned();
    Ok(Error::new(text(kind.cast::<String>()?), text(message.cast::<String>()?)))
}

fn relay(args: &[AnyView<'_>]) -> Result<Any> {
    check_args("relay", args, 1, None)?;
    let callee = args[0].cast::<Function>()?;
    let owned = args[1..].iter().map(reencode).collect::<Result<Vec<Any>>>()?;
    let mut raw: Vec<sys::TVMFFIAny> = owned.iter().map(|a| *a.as_raw()).collect();
    // SAFETY: `owned` keeps every value alive until the call returns.
    let result = unsafe { callee.call_views(&mut raw) }?;
    reencode(&result.as_view())
}

/// The packed-call boundary: an `Err` or a panic becomes `-1` plus a raised error.
///
/// # Safety
/// The arguments are those of a TVMFFISafeCallType call.
unsafe fn boundary(
    f: Packed,
    args: *const sys::TVMFFIAny,
    n: i32,
    result: *mut sys::TVMFFIAny,
) -> c_int {
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: the caller passes `n` valid views.
        let views = unsafe { AnyView::slice_from_raw(args, n) };
        f(views)
    }));
    match outcome {
        Ok(Ok(value)) => {
            // SAFETY: the caller's result slot holds None and takes ownership.
            unsafe { *result = value.into_raw() };
            0
        }
        Ok(Err(err)) => {
            err.set_raised();
            -1
        }
        Err(panic) => {
            Error::from_panic(panic).set_raised();
            -1
        }
    }
}

macro_rules! export_one {
    ($sym:ident, $f:ident) => {
        /// A conformance API entry (TVMFFISafeCallType).
        ///
        /// # Safety
        /// Called by the runtime with valid arguments.
        #[no_mangle]
        pub unsafe extern "C" fn $sym(
            _self: *mut std::ffi::c_void,
            args: *const sys::TVMFFIAny,
            num_args: i32,
            result: *mut sys::TVMFFIAny,
        ) -> c_int {
            // SAFETY: forwarded from the runtime's call.
            unsafe { boundary($f, args, num_args, result) }
        }
    };
}

export_one!(__tvm_ffi_echo, echo);
export_one!(__tvm_ffi_inspect, inspect);
export_one!(__tvm_ffi_make, make);
export_one!(__tvm_ffi_mutate, mutate);
export_one!(__tvm_ffi_call_back, call_back);
export_one!(__tvm_ffi_raise_error, raise_error);
export_one!(__tvm_ffi_relay, relay);
tvm_ffi::export_abi_version!();
