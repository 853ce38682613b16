// ffi/rust/tvm-ffi/src/export.rs: macros that make a Rust cdylib a loadable tvm-ffi module.
//! Module exports (SPEC §12): [`export!`](crate::export) emits `__tvm_ffi_<name>` safe-call
//! symbols from typed Rust functions, with their metadata and docstrings, and
//! [`export_abi_version!`](crate::export_abi_version) emits `__tvm_ffi__abi_version` (SPEC
//! VER-ABI-SYMBOL).

/// Exports typed Rust functions as module functions `__tvm_ffi_<name>`.
///
/// Each entry is `name => function` (or just `function`, exported under its own name). The
/// function may take any [`FromAny`](crate::FromAny) arguments and return a value convertible
/// into [`Any`](crate::Any) or a [`Result`](crate::Result) of one. Wrong arguments, `Err`
/// results and panics all become a `-1` return with an error raised; nothing unwinds into C.
///
/// Every entry also gets `__tvm_ffi__metadata_<name>`, its type schema as JSON (SPEC
/// MOD-METADATA-SYMBOL), which Python reads with `Module.get_function_metadata`. `///` lines
/// written before an entry become its docstring, `__tvm_ffi__doc_<name>` (SPEC
/// MOD-DOC-SYMBOL), read with `Module.get_function_doc`.
///
/// ```
/// fn add_one(x: i64) -> i64 {
///     x + 1
/// }
/// fn scale(values: tvm_ffi::Array<f64>, k: f64) -> tvm_ffi::Array<f64> {
///     values.iter().map(|v| v * k).collect()
/// }
/// tvm_ffi::export! {
///     /// Returns `x + 1`.
///     add_one,
///     scaled => scale,
/// }
/// tvm_ffi::export_abi_version!();
/// ```
#[macro_export]
macro_rules! export {
    ($($(#[doc = $doc:literal])* $name:ident $(=> $func:expr)?),+ $(,)?) => {
        $($crate::__export_one!([$($doc),*] $name $(, $func)?);)+
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __export_one {
    ([$($doc:literal),*] $name:ident) => {
        $crate::__export_one!([$($doc),*] $name, $name);
    };
    ([$($doc:literal),*] $name:ident, $func:expr) => {
        const _: () = {
            #[export_name = ::core::concat!("__tvm_ffi_", ::core::stringify!($name))]
            unsafe extern "C" fn __tvm_ffi_exported(
                _handle: *mut ::core::ffi::c_void,
                args: *const $crate::sys::TVMFFIAny,
                num_args: i32,
                result: *mut $crate::sys::TVMFFIAny,
            ) -> ::core::ffi::c_int {
                // SAFETY: the loader calls module symbols with the safe-call convention and a
                // NULL handle (SPEC MOD-SYMBOL-NAME, CALL-HANDLE).
                unsafe {
                    $crate::function::__call_exported(
                        ::core::stringify!($name),
                        &$func,
                        args,
                        num_args,
                        result,
                    )
                }
            }

            #[export_name = ::core::concat!("__tvm_ffi__metadata_", ::core::stringify!($name))]
            unsafe extern "C" fn __tvm_ffi_metadata(
                _handle: *mut ::core::ffi::c_void,
                _args: *const $crate::sys::TVMFFIAny,
                _num_args: i32,
                result: *mut $crate::sys::TVMFFIAny,
            ) -> ::core::ffi::c_int {
                // SAFETY: called as a safe call (SPEC MOD-METADATA-SYMBOL) with a result slot.
                unsafe { $crate::function::__export_metadata(&$func, result) }
            }

            $crate::__export_doc!([$($doc),*] $name);
        };
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __export_doc {
    ([] $name:ident) => {};
    ([$($doc:literal),+] $name:ident) => {
        #[export_name = ::core::concat!("__tvm_ffi__doc_", ::core::stringify!($name))]
        unsafe extern "C" fn __tvm_ffi_doc(
            _handle: *mut ::core::ffi::c_void,
            _args: *const $crate::sys::TVMFFIAny,
            _num_args: i32,
            result: *mut $crate::sys::TVMFFIAny,
        ) -> ::core::ffi::c_int {
            // SAFETY: called as a safe call (SPEC MOD-DOC-SYMBOL) with a result slot.
            unsafe { $crate::function::__export_doc(&[$($doc),+], result) }
        }
    };
}

/// Exports `__tvm_ffi__abi_version`, the ABI version this crate was built for, so that a
/// loader refuses the module if its runtime is incompatible (SPEC VER-ABI-SYMBOL). Use it once
/// per cdylib.
#[macro_export]
macro_rules! export_abi_version {
    () => {
        #[allow(non_upper_case_globals)]
        #[no_mangle]
        pub static __tvm_ffi__abi_version: $crate::sys::TVMFFIVersion =
            $crate::sys::TVMFFIVersion {
                major: $crate::sys::TVM_FFI_VERSION_MAJOR,
                minor: $crate::sys::TVM_FFI_VERSION_MINOR,
                patch: $crate::sys::TVM_FFI_VERSION_PATCH,
            };
    };
}

/// Returns early with an [`Error`](crate::Error) of the given kind and a formatted message.
///
/// ```
/// fn check(x: i64) -> tvm_ffi::Result<i64> {
///     if x < 0 {
///         tvm_ffi::bail!(ValueError, "x must be non-negative, got {x}");
///     }
///     Ok(x)
/// }
/// assert_eq!(check(-1).unwrap_err().kind(), "ValueError");
/// ```
#[macro_export]
macro_rules! bail {
    ($kind:ident, $($arg:tt)+) => {
        return ::core::result::Result::Err($crate::Error::new(
            ::core::stringify!($kind),
            ::std::format!($($arg)+),
        ))
    };
}

/// Like [`bail!`](crate::bail), when a condition does not hold.
#[macro_export]
macro_rules! ensure {
    ($cond:expr, $kind:ident, $($arg:tt)+) => {
        if !$cond {
            $crate::bail!($kind, $($arg)+);
        }
    };
}
