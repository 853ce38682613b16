// ffi/rust/tvm-ffi/src/scalar.rs: conversions of numbers, bool, (), and raw pointers.
//! `From`/[`FromAny`] conversions of the plain values: integers (with range checks), `bool`,
//! floats, `()` (None) and opaque pointers (SPEC §2.2).

use std::borrow::Cow;
use std::ffi::c_void;

use crate::any::{raw_pod, type_mismatch, Any, AnyView, FromAny};
use crate::error::{Error, Result};
use crate::sys;

// ---------------------------------------------------------------------------------------------
// POD conversions
// ---------------------------------------------------------------------------------------------

impl FromAny for i64 {
    fn type_name() -> Cow<'static, str> {
        Cow::Borrowed("int")
    }
    #[inline]
    fn from_view(view: &AnyView<'_>) -> Result<Self> {
        match view.type_index() {
            // SAFETY: Int and Bool store v_int64.
            sys::kTVMFFIInt | sys::kTVMFFIBool => Ok(unsafe { view.as_raw().value.v_int64 }),
            _ => Err(type_mismatch::<Self>(view)),
        }
    }
    fn static_type_index() -> i32 {
        sys::kTVMFFIInt
    }
}

impl From<i64> for Any {
    #[inline]
    fn from(value: i64) -> Any {
        Any::from_raw_pod(raw_pod(sys::kTVMFFIInt, value as u64))
    }
}

macro_rules! small_int_conversions {
    ($($ty:ty => $name:literal),*) => {$(
        impl FromAny for $ty {
            fn type_name() -> Cow<'static, str> {
                Cow::Borrowed($name)
            }
            #[inline]
    fn from_view(view: &AnyView<'_>) -> Result<Self> {
                let wide = i64::from_view(view).map_err(|_| type_mismatch::<Self>(view))?;
                <$ty>::try_from(wide).map_err(|_| {
                    Error::value_error(format!("integer {wide} does not fit in `{}`", $name))
                })
            }
            fn static_type_index() -> i32 {
                sys::kTVMFFIInt
            }
            fn type_schema() -> std::string::String {
                crate::schema::simple("int")
            }
        }
        impl From<$ty> for Any {
            #[inline]
    fn from(value: $ty) -> Any {
                Any::from(value as i64)
            }
        }
    )*};
}
small_int_conversions!(i32 => "int32", i16 => "int16", i8 => "int8", u32 => "uint32",
    u16 => "uint16", u8 => "uint8");

macro_rules! wide_unsigned_conversions {
    ($($ty:ty => $name:literal),*) => {$(
        impl FromAny for $ty {
            fn type_name() -> Cow<'static, str> {
                Cow::Borrowed($name)
            }
            #[inline]
    fn from_view(view: &AnyView<'_>) -> Result<Self> {
                let wide = i64::from_view(view).map_err(|_| type_mismatch::<Self>(view))?;
                <$ty>::try_from(wide).map_err(|_| {
                    Error::value_error(format!("integer {wide} does not fit in `{}`", $name))
                })
            }
            fn static_type_index() -> i32 {
                sys::kTVMFFIInt
            }
            fn type_schema() -> std::string::String {
                crate::schema::simple("int")
            }
        }
        impl From<$ty> for Any {
            /// Values above `i64::MAX` become a BigInt (SPEC BIGINT-CANONICAL).
            #[inline]
    fn from(value: $ty) -> Any {
                match i64::try_from(value) {
                    Ok(v) => Any::from(v),
                    Err(_) => big_unsigned(value as u64),
                }
            }
        }
    )*};
}
wide_unsigned_conversions!(u64 => "uint64", usize => "uint64");

/// A BigInt of the unsigned value `value` (two words, high word 0).
fn big_unsigned(value: u64) -> Any {
    let words: [u64; 2] = [value, 0];
    let bytes = sys::TVMFFIByteArray { data: words.as_ptr().cast(), size: 16 };
    let mut out = crate::any::raw_none();
    // SAFETY: `bytes` covers two whole words; `out` receives an owned value.
    let rc = unsafe { sys::TVMFFIBigIntFromByteArray(&bytes, &mut out) };
    assert_eq!(rc, 0, "TVMFFIBigIntFromByteArray failed for {value}");
    // SAFETY: an owned BigInt or Int value.
    unsafe { Any::from_raw(out) }
}

impl FromAny for bool {
    fn type_name() -> Cow<'static, str> {
        Cow::Borrowed("bool")
    }
    #[inline]
    fn from_view(view: &AnyView<'_>) -> Result<Self> {
        match view.type_index() {
            // SAFETY: Int and Bool store v_int64.
            sys::kTVMFFIBool | sys::kTVMFFIInt => Ok(unsafe { view.as_raw().value.v_int64 } != 0),
            _ => Err(type_mismatch::<Self>(view)),
        }
    }
    fn static_type_index() -> i32 {
        sys::kTVMFFIBool
    }
}

impl From<bool> for Any {
    #[inline]
    fn from(value: bool) -> Any {
        Any::from_raw_pod(raw_pod(sys::kTVMFFIBool, value as u64)) // SPEC: ANY-BOOL
    }
}

impl FromAny for f64 {
    fn type_name() -> Cow<'static, str> {
        Cow::Borrowed("float")
    }
    #[inline]
    fn from_view(view: &AnyView<'_>) -> Result<Self> {
        // SAFETY: each arm reads the member its type index selects.
        unsafe {
            match view.type_index() {
                sys::kTVMFFIFloat => Ok(view.as_raw().value.v_float64),
                sys::kTVMFFIInt | sys::kTVMFFIBool => Ok(view.as_raw().value.v_int64 as f64),
                _ => Err(type_mismatch::<Self>(view)),
            }
        }
    }
    fn static_type_index() -> i32 {
        sys::kTVMFFIFloat
    }
}

impl From<f64> for Any {
    #[inline]
    fn from(value: f64) -> Any {
        Any::from_raw_pod(raw_pod(sys::kTVMFFIFloat, value.to_bits()))
    }
}

impl FromAny for f32 {
    fn type_name() -> Cow<'static, str> {
        Cow::Borrowed("float")
    }
    #[inline]
    fn from_view(view: &AnyView<'_>) -> Result<Self> {
        f64::from_view(view).map(|v| v as f32)
    }
    fn static_type_index() -> i32 {
        sys::kTVMFFIFloat
    }
}

impl From<f32> for Any {
    #[inline]
    fn from(value: f32) -> Any {
        Any::from(value as f64)
    }
}

impl FromAny for () {
    fn type_name() -> Cow<'static, str> {
        Cow::Borrowed("None")
    }
    #[inline]
    fn from_view(view: &AnyView<'_>) -> Result<Self> {
        if view.is_none() {
            Ok(())
        } else {
            Err(type_mismatch::<Self>(view))
        }
    }
}

impl From<()> for Any {
    fn from(_: ()) -> Any {
        Any::none()
    }
}

impl FromAny for *mut c_void {
    fn type_name() -> Cow<'static, str> {
        Cow::Borrowed("void*")
    }
    #[inline]
    fn from_view(view: &AnyView<'_>) -> Result<Self> {
        match view.type_index() {
            sys::kTVMFFINone => Ok(std::ptr::null_mut()),
            // SAFETY: OpaquePtr stores v_ptr.
            sys::kTVMFFIOpaquePtr => Ok(unsafe { view.as_raw().value.v_ptr }),
            _ => Err(type_mismatch::<Self>(view)),
        }
    }
    fn static_type_index() -> i32 {
        sys::kTVMFFIOpaquePtr
    }
}

impl From<*mut c_void> for Any {
    /// A NULL pointer becomes None, any other an OpaquePtr.
    #[inline]
    fn from(value: *mut c_void) -> Any {
        if value.is_null() {
            Any::none()
        } else {
            Any::from_raw_pod(raw_pod(sys::kTVMFFIOpaquePtr, value as u64))
        }
    }
}

crate::__impl_try_from_any!(i64, i32, i16, i8, u64, u32, u16, u8, usize, bool, f64, f32, ());
