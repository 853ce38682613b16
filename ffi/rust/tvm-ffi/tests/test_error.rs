// ffi/rust/tvm-ffi/tests/test_error.rs: Error values, the error slot and C-made errors.
mod common;

use tvm_ffi::error::kind;
use tvm_ffi::{sys, Error, Function};

#[test]
fn errors_made_in_rust_carry_kind_and_message() {
    let err = Error::new("CustomError", "something odd");
    assert_eq!(err.kind(), "CustomError");
    assert_eq!(err.message(), "something odd");
    assert_eq!(err.to_string(), "CustomError: something odd");
    assert_eq!(Error::value_error("v").kind(), kind::VALUE_ERROR);
    assert_eq!(Error::key_error("k").kind(), kind::KEY_ERROR);
    let ctx = Error::index_error("3").with_context("while reading");
    assert_eq!((ctx.kind().as_ref(), ctx.message().as_ref()), ("IndexError", "while reading: 3"));
}

#[test]
fn errors_raised_in_c_come_back_with_their_kind() {
    // SPEC: ERR-SET-FROM-CSTR, ERR-MOVE-FROM-RAISED
    // SAFETY: NUL-terminated literals.
    unsafe { sys::TVMFFIErrorSetRaisedFromCStr(c"KeyError".as_ptr(), c"raised by C".as_ptr()) };
    let err = Error::from_raised();
    assert_eq!(err.kind(), "KeyError");
    assert_eq!(err.message(), "raised by C");
    let missing = Error::from_raised();
    assert_eq!(missing.kind(), "RuntimeError", "an empty slot still gives an error");
}

#[test]
fn into_object_makes_an_ffi_error_that_round_trips() {
    // SPEC: ERR-LAYOUT, ERR-CELL-OWNS
    let obj = Error::type_error("bad type").into_object();
    assert_eq!(tvm_ffi::ObjectArc::header(&obj).type_index(), sys::kTVMFFIError);
    // SAFETY: a live Error object.
    let cell = unsafe { &*sys::TVMFFIErrorGetCellPtr(tvm_ffi::ObjectArc::as_handle(&obj)) };
    assert_eq!(cell.kind.size, "TypeError".len());
    assert!(cell.update_backtrace.is_some());
    let again = Error::from_object(obj);
    assert_eq!(again.kind(), "TypeError");
    assert_eq!(again.message(), "bad type");
}

#[test]
fn rethrown_errors_append_rust_frames() {
    // SPEC: ERR-BACKTRACE-APPEND
    let inner = Function::from_closure(|_| Err(Error::value_error("deep")));
    let outer = Function::from_closure(move |_| inner.call(()));
    let err = outer.call(()).unwrap_err();
    assert_eq!(err.kind(), "ValueError");
    if std::env::var("RUST_BACKTRACE").as_deref() != Ok("0") {
        let frames = err.backtrace();
        assert!(frames.lines().count() >= 2, "{frames}");
        assert!(frames.contains("rethrown_errors_append_rust_frames"), "{frames}");
    }
}

#[test]
fn errors_convert_from_utf8_failures() {
    let bad = vec![0xffu8, 0xfe];
    let err: Error = std::str::from_utf8(&bad).unwrap_err().into();
    assert_eq!(err.kind(), "ValueError");
}

#[test]
fn cause_chains_are_built_read_and_cross_function_calls() {
    assert!(Error::value_error("alone").cause().is_none(), "a new error has no cause");
    let err = Error::value_error("outer").with_cause(Error::key_error("inner"));
    let cause = err.cause().expect("with_cause sets the cause");
    assert_eq!((cause.kind().as_ref(), cause.message().as_ref()), ("KeyError", "inner"));
    assert!(cause.cause().is_none());
    // The chain travels in the ffi.Error object, through a Function call and back.
    let f = Function::from_closure(|_| {
        let root = Error::index_error("root");
        Err(Error::type_error("middle").with_cause(root).with_context("calling f"))
    });
    let got = f.call(()).unwrap_err();
    assert_eq!(got.message(), "calling f: middle", "with_context keeps the message");
    let cause = got.cause().expect("the cause crosses the call and survives with_context");
    assert_eq!(cause.kind(), "IndexError");
    // SAFETY: a live Error object.
    let obj = got.into_object();
    let cell = unsafe { &*sys::TVMFFIErrorGetCellPtr(tvm_ffi::ObjectArc::as_handle(&obj)) };
    assert!(!cell.cause_chain.is_null(), "the C cell holds the cause");
}

#[test]
fn with_cause_replaces_an_earlier_cause_and_keeps_the_rest() {
    let first = Error::value_error("top").with_cause(Error::key_error("first"));
    let second = first.with_cause(Error::attribute_error("second"));
    assert_eq!(second.kind(), "ValueError");
    assert_eq!(second.message(), "top");
    assert_eq!(second.cause().unwrap().message(), "second");
}
