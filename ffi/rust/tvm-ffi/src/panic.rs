// ffi/rust/tvm-ffi/src/panic.rs: the single place where Rust meets a C caller.
//! The FFI boundary: every callback and exported function runs inside [`ffi_boundary`], which
//! turns an `Err` or a panic into `-1` plus an error in the thread's slot, so that no panic ever
//! unwinds into C (SPEC ERR-FOREIGN-EXCEPTION).

use std::backtrace::Backtrace;
use std::cell::{Cell, RefCell};
use std::ffi::c_int;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Once;

use crate::error::{capture_frames, Error, Result};

/// Name of the boundary function; backtraces stop at it (outer frames belong to the caller).
pub(crate) const BOUNDARY: &str = "tvm_ffi::panic::ffi_boundary";

thread_local! {
    static DEPTH: Cell<u32> = const { Cell::new(0) };
    static PANIC_FRAMES: RefCell<Option<Backtrace>> = const { RefCell::new(None) };
}

/// Chains a panic hook that records the frames of a panic raised inside a boundary, so that the
/// resulting error carries the frames of the panic site rather than those of the catch site.
#[inline]
fn install_panic_hook() {
    static ONCE: Once = Once::new();
    if ONCE.is_completed() {
        return;
    }
    ONCE.call_once(|| {
        if std::thread::panicking() {
            return;
        }
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if DEPTH.with(Cell::get) > 0 {
                let frames = capture_frames();
                PANIC_FRAMES.with(|slot| *slot.borrow_mut() = frames);
            }
            previous(info);
        }));
    });
}

/// The frames recorded by the panic hook for the panic being handled on this thread.
pub(crate) fn take_panic_frames() -> Option<Backtrace> {
    PANIC_FRAMES.with(|slot| slot.borrow_mut().take())
}

/// Prints a warning to stderr for a failure that has no caller to report to (a deleter, a
/// load-time hook). Unlike `eprintln!`, it never panics, which matters in `extern "C"` code.
pub(crate) fn warn(args: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "tvm-ffi: {args}");
}

/// Runs `body` at a C boundary: 0 on `Ok`, -1 with the error raised on `Err` or on a panic.
#[inline(never)]
pub(crate) fn ffi_boundary<F: FnOnce() -> Result<()>>(body: F) -> c_int {
    install_panic_hook();
    DEPTH.with(|d| d.set(d.get() + 1));
    let outcome = catch_unwind(AssertUnwindSafe(body));
    DEPTH.with(|d| d.set(d.get() - 1));
    let error = match outcome {
        Ok(Ok(())) => return 0,
        Ok(Err(error)) => error,
        Err(payload) => Error::from_panic(payload),
    };
    // Raising allocates; a panic there must not escape either.
    match catch_unwind(AssertUnwindSafe(|| error.set_raised())) {
        Ok(()) => -1,
        Err(_) => {
            // SAFETY: both strings are NUL-terminated literals.
            unsafe {
                crate::sys::TVMFFIErrorSetRaisedFromCStr(
                    c"RuntimeError".as_ptr(),
                    c"a Rust panic occurred while raising an error".as_ptr(),
                )
            };
            -1
        }
    }
}
