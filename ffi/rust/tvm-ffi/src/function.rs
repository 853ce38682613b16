// ffi/rust/tvm-ffi/src/function.rs: `Function`: calls, closures, typed functions and globals.
//! Functions (SPEC §5): call any FFI function with a tuple of arguments, wrap Rust closures and
//! typed `fn`s as FFI functions, and use the global function registry.

use std::borrow::Cow;
use std::ffi::{c_int, c_void};

use crate::any::{raw_none, type_mismatch, Any, AnyView, FromAny};
use crate::args::CallArgs;
use crate::error::{check_call, Error, Result};
use crate::object::{builtin_object_type, Object, ObjectArc};
use crate::panic::ffi_boundary;
use crate::sys;

/// Layout of an `ffi.Function` object (index 68): header and function cell (SPEC §5.2).
#[repr(C)]
pub struct FunctionObj {
    base: Object,
    cell: sys::TVMFFIFunctionCell,
}
builtin_object_type!(FunctionObj, "ffi.Function", sys::kTVMFFIFunction);

/// An FFI function (`ffi.Function`), callable from any language.
///
/// ```
/// use tvm_ffi::{Function, Result};
///
/// fn main() -> Result<()> {
///     let add = Function::from_typed(|a: i64, b: i64| a + b);
///     let sum: i64 = add.call((1, 2))?.cast()?;
///     assert_eq!(sum, 3);
///     Ok(())
/// }
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Function(ObjectArc<FunctionObj>);

impl Function {
    /// Calls the function with a tuple of arguments, e.g. `f.call((1, "two", 3.0))`.
    ///
    /// Each argument is passed as a borrowed view (SPEC CALL-BORROWED-ARGS); the owned result
    /// comes back as an [`Any`]. An error raised by the callee, in any language, comes back as
    /// `Err` with its kind, message and backtrace.
    #[inline]
    pub fn call<A: CallArgs>(&self, args: A) -> Result<Any> {
        // SAFETY: `CallArgs` guarantees valid views for the duration of the closure.
        args.with_views(|views| unsafe { self.call_views(views) })
    }

    /// Calls the function and converts the result to `R`.
    pub fn call_as<R: FromAny, A: CallArgs>(&self, args: A) -> Result<R> {
        self.call(args)?.cast()
    }

    /// Calls the function with raw argument views.
    ///
    /// # Safety
    /// Every view must be a valid value (SPEC §2) that stays valid during the call.
    #[inline]
    pub unsafe fn call_views(&self, views: &mut [sys::TVMFFIAny]) -> Result<Any> {
        let mut result = raw_none(); // SPEC: CALL-RESULT-NONE
        let handle = ObjectArc::as_handle(&self.0);
        let safe_call = self.0.cell.safe_call.expect("a Function always has a safe_call");
        // SAFETY: SPEC CALL-FUNCTION-CALL: calling the cell's safe_call with the function as
        // handle is what TVMFFIFunctionCall does. The views are valid during the call.
        let rc = unsafe { safe_call(handle, views.as_ptr(), views.len() as i32, &mut result) };
        check_call(rc)?;
        // SAFETY: on success the result is owned (SPEC CALL-RESULT-OWNED).
        Ok(unsafe { Any::from_raw(read_result_slot(&result)) })
    }

    /// Makes a function from a closure over borrowed arguments.
    ///
    /// The closure may fail with `Err`, and a panic inside it is caught and reported to the
    /// caller as a RuntimeError; it never unwinds into C.
    pub fn from_closure<F>(closure: F) -> Function
    where
        F: Fn(&[AnyView<'_>]) -> Result<Any> + Send + Sync + 'static,
    {
        let boxed = Box::into_raw(Box::new(closure));
        let mut handle: sys::TVMFFIObjectHandle = std::ptr::null_mut();
        // SAFETY: the trampoline and deleter match F; ownership of `boxed` passes to the
        // function on success (SPEC CALL-CREATE-CLOSURE).
        let rc = unsafe {
            sys::TVMFFIFunctionCreate(
                boxed as *mut c_void,
                Some(closure_trampoline::<F>),
                Some(closure_deleter::<F>),
                &mut handle,
            )
        };
        if let Err(err) = check_call(rc) {
            // SAFETY: on failure we still own `boxed` (SPEC CALL-CREATE-FAILURE).
            drop(unsafe { Box::from_raw(boxed) });
            panic!("TVMFFIFunctionCreate failed: {err}");
        }
        // SAFETY: a new reference to a Function.
        Function(unsafe { ObjectArc::from_owned_handle(handle) })
    }

    /// Makes a function from a typed Rust function or closure, such as `fn(i64, f64) -> String`.
    ///
    /// Arguments are converted with [`FromAny`]; a wrong argument count or type fails with a
    /// TypeError naming the argument index and the expected type. The return type may be any
    /// type convertible into [`Any`], or a [`Result`] of one.
    pub fn from_typed<F, Args, R>(f: F) -> Function
    where
        F: TypedFn<Args, R>,
    {
        Self::from_typed_named("<anonymous>", f)
    }

    /// Like [`from_typed`](Self::from_typed), naming the function in error messages.
    pub fn from_typed_named<F, Args, R>(name: &str, f: F) -> Function
    where
        F: TypedFn<Args, R>,
    {
        let name = name.to_owned();
        Function::from_closure(move |args| f.call_typed(&name, args))
    }

    /// Registers `self` as the global function `name` (SPEC CALL-GLOBAL-SET).
    ///
    /// Fails with RuntimeError when the name is taken and `allow_override` is false.
    pub fn register_global(&self, name: &str, allow_override: bool) -> Result<()> {
        let name = byte_array(name);
        // SAFETY: `name` is valid for the call and the registry takes its own reference.
        check_call(unsafe {
            sys::TVMFFIFunctionSetGlobal(
                &name,
                ObjectArc::as_handle(&self.0),
                allow_override as c_int,
            )
        })
    }

    /// The global function `name`, or `None` when none is registered (SPEC CALL-GLOBAL-GET).
    pub fn get_global(name: &str) -> Option<Function> {
        let bytes = byte_array(name);
        let mut handle: sys::TVMFFIObjectHandle = std::ptr::null_mut();
        // SAFETY: valid name and output slot.
        let rc = unsafe { sys::TVMFFIFunctionGetGlobal(&bytes, &mut handle) };
        if rc != 0 {
            crate::error::clear_raised();
            return None;
        }
        // SAFETY: a non-NULL result is a new reference to a Function.
        (!handle.is_null()).then(|| Function(unsafe { ObjectArc::from_owned_handle(handle) }))
    }

    /// The global function `name`, or an AttributeError naming it.
    pub fn get_global_or_err(name: &str) -> Result<Function> {
        Function::get_global(name).ok_or_else(|| {
            Error::attribute_error(format!("global function `{name}` is not registered"))
        })
    }

    /// The underlying object.
    pub fn as_object(&self) -> &ObjectArc<FunctionObj> {
        &self.0
    }

    /// A borrowed view of the function.
    pub fn as_view(&self) -> AnyView<'_> {
        object_view(&self.0)
    }
}

/// Copies a result slot that the callee has just written.
///
/// Callees (C++ in particular) store the 4-byte type index and the 4-byte padding separately.
/// Copying the slot as a whole reads them back with one 8- or 16-byte load, which the CPU
/// cannot forward from the two pending 4-byte stores: that stall cost about 6 ns per call, more
/// than the call itself. So the header is read as two 4-byte loads (volatile, so that the
/// compiler does not merge them) and put back together in a register.
#[inline(always)]
fn read_result_slot(slot: &sys::TVMFFIAny) -> sys::TVMFFIAny {
    // SAFETY: plain reads of initialized integer fields of a live slot.
    let (index, pad, value) = unsafe {
        (
            std::ptr::read_volatile(&slot.type_index) as u32,
            std::ptr::read_volatile(&slot.pad.zero_padding),
            std::ptr::read_volatile(&slot.value.v_uint64),
        )
    };
    let mut head = [0u8; 8];
    head[..4].copy_from_slice(&index.to_ne_bytes());
    head[4..].copy_from_slice(&pad.to_ne_bytes());
    let words: [u64; 2] = [u64::from_ne_bytes(head), value];
    // SAFETY: TVMFFIAny is 16 bytes of plain data: the header word, then the payload word.
    unsafe { std::mem::transmute::<[u64; 2], sys::TVMFFIAny>(words) }
}

/// A view of an object held by `obj`.
pub(crate) fn object_view<T: crate::ObjectType>(obj: &ObjectArc<T>) -> AnyView<'_> {
    let header = ObjectArc::header(obj);
    let raw = crate::any::raw_pod(header.type_index(), ObjectArc::as_handle(obj) as u64);
    // SAFETY: `obj` keeps the object alive for the view's lifetime.
    unsafe { AnyView::from_raw(raw) }
}

pub(crate) fn byte_array(s: &str) -> sys::TVMFFIByteArray {
    sys::TVMFFIByteArray { data: s.as_ptr().cast(), size: s.len() }
}

unsafe extern "C" fn closure_trampoline<F>(
    handle: *mut c_void,
    args: *const sys::TVMFFIAny,
    num_args: i32,
    result: *mut sys::TVMFFIAny,
) -> c_int
where
    F: Fn(&[AnyView<'_>]) -> Result<Any> + Send + Sync + 'static,
{
    ffi_boundary(|| {
        // SAFETY: `handle` is the Box<F> given to TVMFFIFunctionCreate; the runtime passes
        // valid argument views and a result slot (SPEC CALL-BORROWED-ARGS, CALL-RESULT-NONE).
        let (closure, args) =
            unsafe { (&*(handle as *const F), AnyView::slice_from_raw(args, num_args)) };
        let value = closure(args)?;
        // SAFETY: `result` is a valid slot; ownership passes to the caller.
        unsafe { result.write(value.into_raw()) };
        Ok(())
    })
}

unsafe extern "C" fn closure_deleter<F>(handle: *mut c_void) {
    // Dropping captured values may run arbitrary code; keep a panic from reaching C.
    let dropped = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        // SAFETY: runs once, when the function dies (SPEC CALL-CREATE-CLOSURE).
        drop(unsafe { Box::from_raw(handle as *mut F) })
    }));
    if dropped.is_err() {
        crate::panic::warn(format_args!("a panic while dropping a closure was caught"));
    }
}

/// Runs a typed function as a module export: the body of the symbols that
/// [`export!`](crate::export) emits.
///
/// # Safety
/// The arguments must follow the safe-call convention (SPEC §5.1).
#[doc(hidden)]
pub unsafe fn __call_exported<F, Args, R>(
    name: &str,
    f: &F,
    args: *const sys::TVMFFIAny,
    num_args: i32,
    result: *mut sys::TVMFFIAny,
) -> c_int
where
    F: TypedFn<Args, R>,
{
    ffi_boundary(|| {
        // SAFETY: forwarded contract.
        let args = unsafe { AnyView::slice_from_raw(args, num_args) };
        let value = f.call_typed(name, args)?;
        // SAFETY: forwarded contract; ownership passes to the caller.
        unsafe { result.write(value.into_raw()) };
        Ok(())
    })
}

/// Writes the metadata of a typed export, `{"type_schema":"<schema>"}`, as an owned String:
/// the body of the `__tvm_ffi__metadata_<name>` symbols that [`export!`](crate::export) emits.
///
/// # Safety
/// `result` must be a valid result slot (SPEC §5.1).
#[doc(hidden)]
pub unsafe fn __export_metadata<F, Args, R>(_f: &F, result: *mut sys::TVMFFIAny) -> c_int
where
    F: TypedFn<Args, R>,
{
    ffi_boundary(|| {
        let text = crate::schema::metadata(&F::type_schema());
        // SAFETY: forwarded contract; ownership passes to the caller.
        unsafe { result.write(Any::from(text).into_raw()) };
        Ok(())
    })
}

/// Writes a docstring assembled from `///` lines (each with its leading space dropped) as an
/// owned String: the body of the `__tvm_ffi__doc_<name>` symbols.
///
/// # Safety
/// `result` must be a valid result slot (SPEC §5.1).
#[doc(hidden)]
pub unsafe fn __export_doc(lines: &[&str], result: *mut sys::TVMFFIAny) -> c_int {
    ffi_boundary(|| {
        let text = doc_text(lines);
        // SAFETY: forwarded contract; ownership passes to the caller.
        unsafe { result.write(Any::from(text).into_raw()) };
        Ok(())
    })
}

/// Joins `///` doc lines as written (`#[doc = " text"]`) into a docstring.
pub(crate) fn doc_text(lines: &[&str]) -> String {
    let lines: Vec<&str> = lines.iter().map(|l| l.strip_prefix(' ').unwrap_or(l)).collect();
    lines.join("\n").trim().to_owned()
}

/// The return value of a typed function: a value convertible into [`Any`], or a `Result` of one.
pub trait IntoFfiReturn {
    /// Converts into the owned result, or the error to raise.
    fn into_ffi_return(self) -> Result<Any>;
    /// The JSON type schema of the returned value (see [`FromAny::type_schema`]).
    fn type_schema() -> std::string::String;
}

impl<T: Into<Any> + FromAny> IntoFfiReturn for T {
    fn into_ffi_return(self) -> Result<Any> {
        Ok(self.into())
    }
    fn type_schema() -> std::string::String {
        <T as FromAny>::type_schema()
    }
}

impl<T: Into<Any> + FromAny> IntoFfiReturn for Result<T> {
    fn into_ffi_return(self) -> Result<Any> {
        self.map(Into::into)
    }
    fn type_schema() -> std::string::String {
        <T as FromAny>::type_schema()
    }
}

/// Borrowed strings and bytes are returned as owned `ffi.String` / `ffi.Bytes` values.
macro_rules! borrowed_return {
    ($($ty:ty => $owned:ty),*) => {$(
        impl IntoFfiReturn for $ty {
            fn into_ffi_return(self) -> Result<Any> {
                Ok(self.into())
            }
            fn type_schema() -> std::string::String {
                <$owned as FromAny>::type_schema()
            }
        }
    )*};
}
borrowed_return!(&str => crate::String, &std::string::String => crate::String,
    &[u8] => crate::Bytes);

/// A Rust function or closure with typed arguments, usable as an FFI function.
///
/// Implemented for `Fn(A0, ..., An) -> R` with up to 8 arguments, where every `Ai` is
/// [`FromAny`] and `R` is [`IntoFfiReturn`].
pub trait TypedFn<Args, R>: Send + Sync + 'static {
    /// Converts the arguments, calls the function and converts the result.
    fn call_typed(&self, name: &str, args: &[AnyView<'_>]) -> Result<Any>;
    /// A signature such as `(int, float) -> Any`, for error messages.
    fn signature() -> String;
    /// The JSON type schema of the function (SPEC MOD-METADATA-SYMBOL):
    /// `{"type":"ffi.Function","named_args":{"return":[R],"params":[A0, ...]}}`.
    fn type_schema() -> String;
}

/// Converts argument `index` of a typed call, naming it on failure.
#[inline]
pub fn convert_arg<T: FromAny>(name: &str, args: &[AnyView<'_>], index: usize) -> Result<T> {
    T::from_view(&args[index]).map_err(|err| {
        let message = format!("argument #{index} of `{name}`: {}", err.message());
        Error::new(err.kind().into_owned(), message)
    })
}

macro_rules! typed_fn_impl {
    ($count:literal; $($arg:ident $idx:tt),*) => {
        impl<Func, Ret, $($arg,)*> TypedFn<($($arg,)*), Ret> for Func
        where
            Func: Fn($($arg),*) -> Ret + Send + Sync + 'static,
            Ret: IntoFfiReturn,
            $($arg: FromAny,)*
        {
            #[inline]
            fn call_typed(&self, name: &str, args: &[AnyView<'_>]) -> Result<Any> {
                if args.len() != $count {
                    return Err(Error::type_error(format!(
                        "`{name}{}` expects {} argument(s), got {}",
                        Self::signature(), $count, args.len()
                    )));
                }
                let _ = (name, args);
                self($(convert_arg::<$arg>(name, args, $idx)?),*).into_ffi_return()
            }
            fn signature() -> String {
                let names: [Cow<'static, str>; $count] = [$($arg::type_name()),*];
                format!("({})", names.join(", "))
            }
            fn type_schema() -> String {
                crate::schema::function(&Ret::type_schema(), &[$($arg::type_schema()),*])
            }
        }
    };
}

typed_fn_impl!(0;);
typed_fn_impl!(1; A0 0);
typed_fn_impl!(2; A0 0, A1 1);
typed_fn_impl!(3; A0 0, A1 1, A2 2);
typed_fn_impl!(4; A0 0, A1 1, A2 2, A3 3);
typed_fn_impl!(5; A0 0, A1 1, A2 2, A3 3, A4 4);
typed_fn_impl!(6; A0 0, A1 1, A2 2, A3 3, A4 4, A5 5);
typed_fn_impl!(7; A0 0, A1 1, A2 2, A3 3, A4 4, A5 5, A6 6);
typed_fn_impl!(8; A0 0, A1 1, A2 2, A3 3, A4 4, A5 5, A6 6, A7 7);

impl FromAny for Function {
    fn type_name() -> Cow<'static, str> {
        Cow::Borrowed("ffi.Function")
    }
    fn from_view(view: &AnyView<'_>) -> Result<Self> {
        crate::any::object_from_view::<FunctionObj>(view)
            .map(Function)
            .ok_or_else(|| type_mismatch::<Self>(view))
    }
    fn static_type_index() -> i32 {
        sys::kTVMFFIFunction
    }
}

impl From<Function> for Any {
    fn from(value: Function) -> Any {
        Any::from(value.0)
    }
}

crate::__impl_try_from_any!(Function);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_lines_lose_one_leading_space_and_join_with_newlines() {
        assert_eq!(
            doc_text(&[" Adds one.", "", "  indented", " last "]),
            "Adds one.\n\n indented\nlast"
        );
        assert_eq!(doc_text(&[]), "");
    }

    #[test]
    fn result_slots_are_copied_exactly() {
        let mut slot =
            crate::any::raw_pod(sys::kTVMFFISmallStr, u64::from_ne_bytes(*b"abc\0\0\0\0\0"));
        slot.pad.small_str_len = 3;
        let copy = read_result_slot(&slot);
        // SAFETY: plain integer members of two initialized values.
        unsafe {
            assert_eq!(copy.type_index, sys::kTVMFFISmallStr);
            assert_eq!(copy.pad.small_str_len, 3);
            assert_eq!(copy.value.v_uint64, slot.value.v_uint64);
        }
    }
}
