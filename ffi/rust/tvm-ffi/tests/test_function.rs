// ffi/rust/tvm-ffi/tests/test_function.rs: calls, closures, typed functions, globals, exports.
mod common;

use std::ffi::c_int;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use common::{c_call, expect_err};
use tvm_ffi::{sys, Any, AnyView, Array, Device, Error, Function, Result};

#[test]
fn closures_receive_borrowed_views_and_return_owned_values() -> Result<()> {
    // SPEC: CALL-BORROWED-ARGS, CALL-RESULT-OWNED
    let sum = Function::from_closure(|args: &[AnyView<'_>]| {
        let mut total = 0i64;
        for arg in args {
            total += arg.cast::<i64>()?;
        }
        Ok(Any::from(total))
    });
    assert_eq!(sum.call((1, 2, 3))?.cast::<i64>()?, 6);
    assert_eq!(sum.call(())?.cast::<i64>()?, 0);
    let many: Vec<Any> = (0..20).map(Any::from).collect();
    assert_eq!(sum.call(many.as_slice())?.cast::<i64>()?, 190);
    Ok(())
}

#[test]
fn typed_functions_convert_arguments_and_results() -> Result<()> {
    let f =
        Function::from_typed(|a: i64, b: f64, s: String, flag: bool| format!("{a}|{b}|{s}|{flag}"));
    let text: String = f.call((1, 2.5, "x", true))?.cast()?;
    assert_eq!(text, "1|2.5|x|true");
    let nothing = Function::from_typed(|| {});
    assert!(nothing.call(())?.is_none());
    let fallible = Function::from_typed(|x: i64| -> Result<i64> {
        tvm_ffi::ensure!(x >= 0, ValueError, "negative input {x}");
        Ok(x * 2)
    });
    assert_eq!(fallible.call_as::<i64, _>((21,))?, 42);
    expect_err(fallible.call((-1,)), "ValueError", "negative input -1");
    Ok(())
}

#[test]
fn typed_argument_errors_name_the_index_and_the_expected_type() {
    let f = Function::from_typed_named("add", |a: i64, b: i64| a + b);
    let err = expect_err(f.call((1, "two")), "TypeError", "argument #1 of `add`");
    assert!(err.message().contains("expected `int`, got `str`"), "{err}");
    expect_err(f.call((1.5, 2)), "TypeError", "argument #0 of `add`: expected `int`, got `float`");
    expect_err(f.call((1,)), "TypeError", "`add(int, int)` expects 2 argument(s), got 1");
    expect_err(f.call((1, 2, 3)), "TypeError", "expects 2 argument(s), got 3");
    let g = Function::from_typed_named("narrow", |x: i32| x);
    expect_err(
        g.call((1i64 << 40,)),
        "ValueError",
        "argument #0 of `narrow`: integer 1099511627776 does not fit in `int32`",
    );
    let h = Function::from_typed_named("arr", |xs: Array<i64>| xs.len() as i64);
    let bad: Array = Array::new(vec![Any::from(1i64), Any::from("x")]);
    expect_err(h.call((bad,)), "TypeError", "element #1 is not a `int`");
}

#[test]
fn a_panic_in_a_closure_becomes_a_runtime_error() {
    // SPEC: ERR-FOREIGN-EXCEPTION
    let f = Function::from_closure(|_| panic!("boom in a closure"));
    let err = expect_err(f.call(()), "RuntimeError", "boom in a closure");
    assert!(err.message().contains("Rust panic"));
    let g = Function::from_typed(|x: i64| -> i64 { panic!("typed panic {x}") });
    expect_err(g.call((7,)), "RuntimeError", "typed panic 7");
    // The function is still usable afterwards.
    expect_err(g.call((8,)), "RuntimeError", "typed panic 8");
}

#[test]
fn a_panic_reaching_c_is_minus_one_with_an_error_never_an_abort() {
    // SPEC: CALL-RETURN-CODES, ERR-FOREIGN-EXCEPTION
    let f = Function::from_closure(|_| panic!("through C"));
    let (rc, _) = c_call(&f, &mut []);
    assert_eq!(rc, -1);
    let err = Error::from_raised();
    assert_eq!(err.kind(), "RuntimeError");
    assert!(err.message().contains("through C"));
}

#[test]
fn error_kinds_survive_rust_to_c_to_rust() {
    // SPEC: ERR-SET-RAISED, ERR-MOVE-FROM-RAISED, ERR-KIND-NAMES
    for kind in
        ["ValueError", "TypeError", "KeyError", "IndexError", "AttributeError", "MyCustomError"]
    {
        let f = Function::from_closure(move |_| {
            Err(Error::new(kind, format!("{kind} raised in Rust")))
        });
        let (rc, _) = c_call(&f, &mut []);
        assert_eq!(rc, -1);
        let err = Error::from_raised();
        assert_eq!(err.kind(), kind);
        assert_eq!(err.message(), format!("{kind} raised in Rust"));
        expect_err(f.call(()), kind, "raised in Rust");
    }
}

#[test]
fn question_mark_propagates_errors_through_nested_calls() -> Result<()> {
    let inner = Function::from_typed(|x: i64| -> Result<i64> {
        if x > 10 {
            return Err(Error::index_error(format!("{x} is too big")));
        }
        Ok(x + 1)
    });
    let inner2 = inner.clone();
    let outer = Function::from_typed(move |x: i64| -> Result<i64> {
        let y: i64 = inner2.call((x,))?.cast()?;
        Ok(y * 10)
    });
    assert_eq!(outer.call((1,))?.cast::<i64>()?, 20);
    let err = expect_err(outer.call((11,)), "IndexError", "11 is too big");
    // The error object travelled C -> Rust -> C -> Rust; every layer keeps the same kind.
    if std::env::var("RUST_BACKTRACE").as_deref() != Ok("0") {
        assert!(err.backtrace().contains("File \""), "backtrace: {}", err.backtrace());
    }
    Ok(())
}

#[test]
fn errors_carry_rust_frames_in_the_abi_format() {
    // SPEC: ERR-BACKTRACE-FORMAT, ERR-BACKTRACE-ORDER
    #[inline(never)]
    fn failing_helper() -> Result<()> {
        Err(Error::value_error("from a helper"))
    }
    let err = failing_helper().unwrap_err();
    let bt = err.backtrace();
    if std::env::var("RUST_BACKTRACE").as_deref() == Ok("0") {
        return;
    }
    let first = bt.lines().next().expect("at least one frame");
    assert!(first.starts_with("  File \""), "{first}");
    assert!(first.contains("failing_helper"), "most recent frame first: {bt}");
    assert!(bt
        .lines()
        .all(|l| l.starts_with("  File \"") && l.contains("\", line ") && l.contains(", in ")));
    let printed = format!("{err:?}");
    assert!(printed.starts_with("Traceback (most recent call last):\n"));
    assert!(printed.ends_with("ValueError: from a helper"));
}

#[test]
fn globals_register_look_up_and_refuse_silent_override() -> Result<()> {
    // SPEC: CALL-GLOBAL-GET, CALL-GLOBAL-SET
    let f = Function::from_typed(|x: i64| x * 3);
    f.register_global("rust.test.triple", false)?;
    let g = Function::get_global_or_err("rust.test.triple")?;
    assert_eq!(g.call((5,))?.cast::<i64>()?, 15);
    assert_eq!(g, f, "the registry hands back the same object");
    expect_err(f.register_global("rust.test.triple", false), "RuntimeError", "rust.test.triple");
    Function::from_typed(|x: i64| x * 4).register_global("rust.test.triple", true)?;
    assert_eq!(Function::get_global_or_err("rust.test.triple")?.call((5,))?.cast::<i64>()?, 20);
    assert!(Function::get_global("rust.test.no_such_function").is_none());
    expect_err(
        Function::get_global_or_err("rust.test.no_such_function"),
        "AttributeError",
        "no_such_function",
    );
    Ok(())
}

#[test]
fn closures_are_dropped_once_when_the_function_dies() {
    // SPEC: CALL-CREATE-CLOSURE
    struct Tracker(Arc<AtomicUsize>);
    impl Drop for Tracker {
        fn drop(&mut self) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }
    let drops = Arc::new(AtomicUsize::new(0));
    let tracker = Tracker(drops.clone());
    let f = Function::from_closure(move |_| {
        let _keep = &tracker;
        Ok(Any::none())
    });
    let g = f.clone();
    assert_eq!(common::count(f.as_object()), 2);
    drop(f);
    assert_eq!(drops.load(Ordering::SeqCst), 0);
    drop(g);
    assert_eq!(drops.load(Ordering::SeqCst), 1);
}

#[test]
fn arguments_and_results_do_not_leak_references() -> Result<()> {
    let arr: Array<i64> = vec![1, 2, 3].into();
    let identity = Function::from_closure(|args| Ok(args[0].to_owned()));
    let ignore = Function::from_closure(|_| Ok(Any::none()));
    for _ in 0..100 {
        ignore.call((&arr, &arr, "a string argument longer than seven bytes"))?;
        let back: Array<i64> = identity.call((&arr,))?.cast()?;
        drop(back);
    }
    assert_eq!(common::count(arr.as_object()), 1);
    Ok(())
}

#[test]
fn many_argument_kinds_pass_through() -> Result<()> {
    let kinds = Function::from_closure(|args| {
        let names: Vec<String> = args.iter().map(|a| a.type_name().into_owned()).collect();
        Ok(Any::from(names.join(",")))
    });
    let bytes = [1u8, 2, 3];
    let text: String = kinds
        .call((
            1i32,
            2.0f32,
            true,
            "s",
            String::from("owned"),
            &bytes[..],
            Device::cpu(),
            None::<i64>,
            Some(3u8),
        ))?
        .cast()?;
    assert_eq!(text, "int,float,bool,str,str,bytes,Device,None,int");
    Ok(())
}

#[test]
fn functions_run_from_several_threads() -> Result<()> {
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    let f = Function::from_typed(move |x: i64| {
        counter.fetch_add(1, Ordering::Relaxed);
        x + 1
    });
    let handles: Vec<_> = (0..4)
        .map(|t| {
            let f = f.clone();
            std::thread::spawn(move || -> Result<()> {
                for i in 0..500 {
                    assert_eq!(f.call((i + t,))?.cast::<i64>()?, i + t + 1);
                }
                Ok(())
            })
        })
        .collect();
    for h in handles {
        h.join().expect("thread panicked")?;
    }
    assert_eq!(calls.load(Ordering::Relaxed), 2000);
    assert_eq!(common::count(f.as_object()), 1);
    Ok(())
}

fn exported_add(a: i64, b: i64) -> i64 {
    a + b
}
fn exported_fail(x: i64) -> Result<i64> {
    Err(Error::new("KeyError", format!("no entry {x}")))
}
fn exported_panic() -> i64 {
    panic!("panic in an exported function")
}
tvm_ffi::export!(rust_test_add => exported_add, rust_test_fail => exported_fail);
tvm_ffi::export!(rust_test_panic => exported_panic);
tvm_ffi::export_abi_version!();

extern "C" {
    fn __tvm_ffi_rust_test_add(
        h: *mut std::ffi::c_void,
        a: *const sys::TVMFFIAny,
        n: i32,
        r: *mut sys::TVMFFIAny,
    ) -> c_int;
    fn __tvm_ffi_rust_test_fail(
        h: *mut std::ffi::c_void,
        a: *const sys::TVMFFIAny,
        n: i32,
        r: *mut sys::TVMFFIAny,
    ) -> c_int;
    fn __tvm_ffi_rust_test_panic(
        h: *mut std::ffi::c_void,
        a: *const sys::TVMFFIAny,
        n: i32,
        r: *mut sys::TVMFFIAny,
    ) -> c_int;
}

fn call_symbol(
    symbol: unsafe extern "C" fn(
        *mut std::ffi::c_void,
        *const sys::TVMFFIAny,
        i32,
        *mut sys::TVMFFIAny,
    ) -> c_int,
    args: &[Any],
) -> Result<Any> {
    let views: Vec<sys::TVMFFIAny> = args.iter().map(|a| *a.as_raw()).collect();
    let mut result = *Any::none().as_raw();
    // SAFETY: the loader's calling convention: NULL handle, valid views, a None result.
    let rc =
        unsafe { symbol(std::ptr::null_mut(), views.as_ptr(), views.len() as i32, &mut result) };
    if rc != 0 {
        return Err(Error::from_raised());
    }
    // SAFETY: an owned result.
    Ok(unsafe { Any::from_raw(result) })
}

#[test]
fn exported_symbols_follow_the_safe_call_convention() -> Result<()> {
    // SPEC: MOD-SYMBOL-NAME, CALL-HANDLE
    assert_eq!(
        call_symbol(__tvm_ffi_rust_test_add, &[Any::from(2i64), Any::from(40i64)])?
            .cast::<i64>()?,
        42
    );
    expect_err(
        call_symbol(__tvm_ffi_rust_test_add, &[Any::from(2i64)]),
        "TypeError",
        "`rust_test_add(int, int)`",
    );
    expect_err(
        call_symbol(__tvm_ffi_rust_test_add, &[Any::from(2i64), Any::from("x")]),
        "TypeError",
        "argument #1 of `rust_test_add`",
    );
    expect_err(call_symbol(__tvm_ffi_rust_test_fail, &[Any::from(5i64)]), "KeyError", "no entry 5");
    Ok(())
}

#[test]
fn a_panic_in_an_exported_function_returns_minus_one() {
    // SPEC: ERR-FOREIGN-EXCEPTION, CALL-RESULT-ON-ERROR
    let err = call_symbol(__tvm_ffi_rust_test_panic, &[]).unwrap_err();
    assert_eq!(err.kind(), "RuntimeError");
    assert!(err.message().contains("panic in an exported function"));
}

#[test]
fn the_abi_version_symbol_holds_the_header_version() {
    // SPEC: VER-ABI-SYMBOL
    assert_eq!(__tvm_ffi__abi_version, tvm_ffi::runtime_version());
    tvm_ffi::check_runtime_version().expect("the runtime matches the headers");
}
