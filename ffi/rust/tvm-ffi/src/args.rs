// ffi/rust/tvm-ffi/src/args.rs: turning Rust call arguments into borrowed FFI views.
//! Call arguments: [`ArgValue`] turns one Rust value into a borrowed view, and [`CallArgs`]
//! does it for a whole tuple (or slice) without copying objects or adding references.

use std::ffi::c_void;

use crate::any::{raw_none, raw_pod, Any, AnyView};
use crate::object::{ObjectArc, ObjectType};
use crate::string::make_bytes_any;
use crate::sys;

/// Storage that lives on the caller's stack for the duration of a call, for arguments whose
/// view needs something to point at (a byte array) or a temporary object (a long `&str`).
pub struct ArgScratch {
    bytes: sys::TVMFFIByteArray,
    keep: Any,
}

impl Default for ArgScratch {
    fn default() -> Self {
        ArgScratch {
            bytes: sys::TVMFFIByteArray { data: std::ptr::null(), size: 0 },
            keep: Any::none(),
        }
    }
}

/// A Rust value that can be passed as an argument of an FFI call.
///
/// # Safety
/// `to_view` must return a valid value (SPEC §2) that stays valid, with everything it points
/// at, while both `self` and `scratch` stay alive and in place.
pub unsafe trait ArgValue {
    /// A view of `self`, valid while both `self` and `scratch` stay alive and in place.
    fn to_view(&self, scratch: &mut ArgScratch) -> sys::TVMFFIAny;
}

/// A set of call arguments: `()`, tuples of up to 12 [`ArgValue`]s, or slices of values.
///
/// # Safety
/// `with_views` must pass `f` valid views that stay valid for the duration of `f`.
pub unsafe trait CallArgs {
    /// Calls `f` with the argument views.
    fn with_views<R>(self, f: impl FnOnce(&mut [sys::TVMFFIAny]) -> R) -> R;
}

// SAFETY: forwards to the referenced value, which outlives the reference.
unsafe impl<T: ArgValue + ?Sized> ArgValue for &T {
    fn to_view(&self, scratch: &mut ArgScratch) -> sys::TVMFFIAny {
        (**self).to_view(scratch)
    }
}

// SAFETY: None, or the view of the inner value.
unsafe impl<T: ArgValue> ArgValue for Option<T> {
    fn to_view(&self, scratch: &mut ArgScratch) -> sys::TVMFFIAny {
        match self {
            Some(value) => value.to_view(scratch),
            None => raw_none(),
        }
    }
}

macro_rules! pod_arg {
    ($($ty:ty),*) => {$(
        // SAFETY: a POD value, or a BigInt kept alive by `scratch`.
        unsafe impl ArgValue for $ty {
            #[inline]
            fn to_view(&self, scratch: &mut ArgScratch) -> sys::TVMFFIAny {
                let value = Any::from(*self);
                let raw = *value.as_raw();
                scratch.keep = value; // only a BigInt (u64 above i64::MAX) owns anything
                raw
            }
        }
    )*};
}
pod_arg!(i64, i32, i16, i8, u64, u32, u16, u8, usize, bool, f64, f32, (), *mut c_void);
pod_arg!(crate::Device, crate::DataType, sys::DLDevice, sys::DLDataType);

// SAFETY: a SmallStr, or a String object kept alive by `scratch`.
unsafe impl ArgValue for str {
    fn to_view(&self, scratch: &mut ArgScratch) -> sys::TVMFFIAny {
        scratch.keep = make_bytes_any(self.as_bytes(), false);
        *scratch.keep.as_raw()
    }
}

// SAFETY: as for `str`.
unsafe impl ArgValue for std::string::String {
    fn to_view(&self, scratch: &mut ArgScratch) -> sys::TVMFFIAny {
        self.as_str().to_view(scratch)
    }
}

// SAFETY: points at `scratch.bytes`, which points at `self`; both outlive the view.
unsafe impl ArgValue for [u8] {
    /// Passed as a ByteArrayPtr view, without copying (SPEC §2.2).
    fn to_view(&self, scratch: &mut ArgScratch) -> sys::TVMFFIAny {
        scratch.bytes = sys::TVMFFIByteArray { data: self.as_ptr().cast(), size: self.len() };
        raw_pod(sys::kTVMFFIByteArrayPtr, &scratch.bytes as *const _ as u64)
    }
}

// SAFETY: as for `[u8]`.
unsafe impl ArgValue for Vec<u8> {
    fn to_view(&self, scratch: &mut ArgScratch) -> sys::TVMFFIAny {
        self.as_slice().to_view(scratch)
    }
}

// SAFETY: a bit copy of a value that `self` owns.
unsafe impl ArgValue for Any {
    fn to_view(&self, _: &mut ArgScratch) -> sys::TVMFFIAny {
        *self.as_raw()
    }
}

// SAFETY: a copy of a view that is valid for its lifetime, which outlives `self`.
unsafe impl ArgValue for AnyView<'_> {
    fn to_view(&self, _: &mut ArgScratch) -> sys::TVMFFIAny {
        *self.as_raw()
    }
}

// SAFETY: a view of the object that `self` keeps alive.
unsafe impl<T: ObjectType> ArgValue for ObjectArc<T> {
    fn to_view(&self, _: &mut ArgScratch) -> sys::TVMFFIAny {
        *crate::function::object_view(self).as_raw()
    }
}

macro_rules! view_arg {
    ($($ty:ty),*) => {$(
        // SAFETY: a view of the value that `self` owns.
        unsafe impl ArgValue for $ty {
            fn to_view(&self, _: &mut ArgScratch) -> sys::TVMFFIAny {
                *self.as_view().as_raw()
            }
        }
    )*};
}
view_arg!(crate::String, crate::Bytes, crate::Function, crate::Shape, crate::Tensor, crate::Module);

macro_rules! generic_view_arg {
    ($($ty:ident < $($param:ident),* >),*) => {$(
        // SAFETY: a view of the object that `self` keeps alive.
        unsafe impl<$($param),*> ArgValue for crate::$ty<$($param),*> {
            fn to_view(&self, _: &mut ArgScratch) -> sys::TVMFFIAny {
                *self.as_view().as_raw()
            }
        }
    )*};
}
generic_view_arg!(Array<T>, List<T>, Map<K, V>, Dict<K, V>);

macro_rules! tuple_args {
    ($count:literal; $($arg:ident $idx:tt $slot:ident),*) => {
        // SAFETY: each view is valid while its argument and scratch slot, both locals here,
        // stay in place, which they do until `f` returns.
        unsafe impl<$($arg: ArgValue),*> CallArgs for ($($arg,)*) {
            #[inline]
            fn with_views<R>(self, f: impl FnOnce(&mut [sys::TVMFFIAny]) -> R) -> R {
                let mut scratch: [ArgScratch; $count] = Default::default();
                #[allow(unused_variables)]
                let [$($slot,)*] = &mut scratch;
                let mut views: [sys::TVMFFIAny; $count] = [$(self.$idx.to_view($slot)),*];
                f(&mut views)
            }
        }
    };
}

tuple_args!(0;);
tuple_args!(1; A0 0 s0);
tuple_args!(2; A0 0 s0, A1 1 s1);
tuple_args!(3; A0 0 s0, A1 1 s1, A2 2 s2);
tuple_args!(4; A0 0 s0, A1 1 s1, A2 2 s2, A3 3 s3);
tuple_args!(5; A0 0 s0, A1 1 s1, A2 2 s2, A3 3 s3, A4 4 s4);
tuple_args!(6; A0 0 s0, A1 1 s1, A2 2 s2, A3 3 s3, A4 4 s4, A5 5 s5);
tuple_args!(7; A0 0 s0, A1 1 s1, A2 2 s2, A3 3 s3, A4 4 s4, A5 5 s5, A6 6 s6);
tuple_args!(8; A0 0 s0, A1 1 s1, A2 2 s2, A3 3 s3, A4 4 s4, A5 5 s5, A6 6 s6, A7 7 s7);
tuple_args!(9; A0 0 s0, A1 1 s1, A2 2 s2, A3 3 s3, A4 4 s4, A5 5 s5, A6 6 s6, A7 7 s7, A8 8 s8);
tuple_args!(10; A0 0 s0, A1 1 s1, A2 2 s2, A3 3 s3, A4 4 s4, A5 5 s5, A6 6 s6, A7 7 s7,
    A8 8 s8, A9 9 s9);
tuple_args!(11; A0 0 s0, A1 1 s1, A2 2 s2, A3 3 s3, A4 4 s4, A5 5 s5, A6 6 s6, A7 7 s7,
    A8 8 s8, A9 9 s9, A10 10 s10);
tuple_args!(12; A0 0 s0, A1 1 s1, A2 2 s2, A3 3 s3, A4 4 s4, A5 5 s5, A6 6 s6, A7 7 s7,
    A8 8 s8, A9 9 s9, A10 10 s10, A11 11 s11);

// SAFETY: bit copies of values that the borrowed or owned elements keep valid.
unsafe impl CallArgs for &[Any] {
    fn with_views<R>(self, f: impl FnOnce(&mut [sys::TVMFFIAny]) -> R) -> R {
        let mut views: Vec<sys::TVMFFIAny> = self.iter().map(|a| *a.as_raw()).collect();
        f(&mut views)
    }
}

// SAFETY: bit copies of values that the borrowed or owned elements keep valid.
unsafe impl CallArgs for &[AnyView<'_>] {
    fn with_views<R>(self, f: impl FnOnce(&mut [sys::TVMFFIAny]) -> R) -> R {
        let mut views: Vec<sys::TVMFFIAny> = self.iter().map(|a| *a.as_raw()).collect();
        f(&mut views)
    }
}

// SAFETY: bit copies of values that the borrowed or owned elements keep valid.
unsafe impl CallArgs for Vec<Any> {
    fn with_views<R>(self, f: impl FnOnce(&mut [sys::TVMFFIAny]) -> R) -> R {
        self.as_slice().with_views(f)
    }
}
