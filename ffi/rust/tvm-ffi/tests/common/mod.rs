// ffi/rust/tvm-ffi/tests/common/mod.rs: helpers shared by the integration tests.
#![allow(dead_code)]

use tvm_ffi::{sys, Any, Error, Function, ObjectArc, ObjectType, Result};

/// Asserts that `result` is an error of `kind` whose message contains `fragment`.
#[track_caller]
pub fn expect_err<T: std::fmt::Debug>(result: Result<T>, kind: &str, fragment: &str) -> Error {
    match result {
        Ok(value) => panic!("expected {kind} containing {fragment:?}, got Ok({value:?})"),
        Err(err) => {
            assert_eq!(err.kind(), kind, "wrong kind for error: {err}");
            assert!(
                err.message().contains(fragment),
                "message {:?} lacks {fragment:?}",
                err.message()
            );
            err
        }
    }
}

/// True when the runtime registers `name`; otherwise prints why the test is skipped.
pub fn has_global(name: &str) -> bool {
    if Function::get_global(name).is_some() {
        return true;
    }
    eprintln!("SKIPPED: the runtime does not register the soft-ABI global `{name}` yet");
    false
}

/// Skips the calling test unless every named global is registered: `require_globals!("x")`
/// returns `()`, `require_globals!(Ok; "x")` returns `Ok(())`.
#[macro_export]
macro_rules! require_globals {
    (Ok; $($name:literal),+) => {
        if !($(common::has_global($name))&&+) {
            return Ok(());
        }
    };
    ($($name:literal),+) => {
        if !($(common::has_global($name))&&+) {
            return;
        }
    };
}

/// Calls `f` the way C does: through TVMFFIFunctionCall with raw views.
pub fn c_call(f: &Function, args: &mut [sys::TVMFFIAny]) -> (i32, sys::TVMFFIAny) {
    let mut result = sys::TVMFFIAny {
        type_index: sys::kTVMFFINone,
        pad: sys::TVMFFIAnyPadding { zero_padding: 0 },
        value: sys::TVMFFIAnyValue { v_int64: 0 },
    };
    let handle = ObjectArc::as_handle(f.as_object());
    // SAFETY: a live Function, valid views and a None result slot.
    let rc = unsafe {
        sys::TVMFFIFunctionCall(handle, args.as_mut_ptr(), args.len() as i32, &mut result)
    };
    (rc, result)
}

/// The strong count of the object held by `value`.
pub fn strong_count(value: &Any) -> u32 {
    assert!(value.type_index() >= sys::kTVMFFIStaticObjectBegin);
    // SAFETY: an object value points at a live header.
    let header = unsafe { &*(value.as_raw().value.v_obj as *const tvm_ffi::Object) };
    header.strong_count()
}

/// The strong count of an object handle.
pub fn count<T: ObjectType>(obj: &ObjectArc<T>) -> u32 {
    ObjectArc::strong_count(obj)
}
