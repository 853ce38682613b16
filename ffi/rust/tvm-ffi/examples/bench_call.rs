// ffi/rust/tvm-ffi/examples/bench_call.rs: ns per call of FFI functions called from Rust.
// Run with `cargo run --release --example bench_call [path/to/libtvm_ffi_testing.so]`.
//
// The C++ functions (`testing.nop`, `testing.add_one`) come from the C++ testing library, found
// next to libtvm_ffi (or given as the first argument, or by $TVM_FFI_TESTING_LIB). The C++ ->
// C++ figure is the raw safe call that inline C++ code compiles to (`Function::operator()`
// builds the argument views on the stack and calls the cell's `safe_call`), timed in the same
// loop, so the ratios compare the Rust API against that floor side by side.
#![allow(clippy::undocumented_unsafe_blocks)]

use std::ffi::{c_char, c_int, c_void, CStr};
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Instant;

use tvm_ffi::{sys, Any, Function, Module, Result};

const CALLS: u32 = 1_000_000;

/// The best mean time per call of `f` over a few rounds, in nanoseconds.
fn ns_per_call(mut f: impl FnMut() -> Result<()>) -> Result<f64> {
    let mut best = f64::INFINITY;
    for _ in 0..7 {
        let start = Instant::now();
        for _ in 0..CALLS {
            f()?;
        }
        best = best.min(start.elapsed().as_nanos() as f64 / CALLS as f64);
    }
    Ok(best)
}

fn report(label: &str, ns: f64, floor: Option<f64>) {
    match floor {
        Some(floor) => println!("{label:<44} {ns:>7.1} ns/call  ({:.2}x the C++ path)", ns / floor),
        None => println!("{label:<44} {ns:>7.1} ns/call"),
    }
}

#[repr(C)]
struct DlInfo {
    fname: *const c_char,
    fbase: *mut c_void,
    sname: *const c_char,
    saddr: *mut c_void,
}

extern "C" {
    fn dladdr(addr: *const c_void, info: *mut DlInfo) -> c_int;
}

/// The testing library: the first argument, $TVM_FFI_TESTING_LIB, or the file next to the
/// libtvm_ffi this process uses.
fn testing_library() -> Option<PathBuf> {
    if let Some(path) =
        std::env::args().nth(1).or_else(|| std::env::var("TVM_FFI_TESTING_LIB").ok())
    {
        return Some(PathBuf::from(path));
    }
    let mut info = DlInfo {
        fname: std::ptr::null(),
        fbase: std::ptr::null_mut(),
        sname: std::ptr::null(),
        saddr: std::ptr::null_mut(),
    };
    let addr = sys::TVMFFIGetVersion as *const c_void;
    if unsafe { dladdr(addr, &mut info) } == 0 || info.fname.is_null() {
        return None;
    }
    let runtime = PathBuf::from(unsafe { CStr::from_ptr(info.fname) }.to_str().ok()?);
    Some(runtime.with_file_name("libtvm_ffi_testing.so")).filter(|p| p.is_file())
}

/// One raw safe call with pre-built views, as inline C++ code makes it; `read` inspects the
/// result slot in place, with the narrow loads of C++ field accesses.
#[inline(always)]
fn raw_call<R>(
    f: &Function,
    args: &[sys::TVMFFIAny],
    read: impl FnOnce(&sys::TVMFFIAny) -> R,
) -> R {
    let handle = tvm_ffi::ObjectArc::as_handle(f.as_object());
    let cell = unsafe { &*sys::TVMFFIFunctionGetCellPtr(handle) };
    let mut result = *Any::none().as_raw();
    let rc =
        unsafe { (cell.safe_call.unwrap())(handle, args.as_ptr(), args.len() as i32, &mut result) };
    assert_eq!(rc, 0);
    read(&result)
}

/// `result.type_index` as C++ reads it: one 4-byte load.
fn type_index_of(slot: &sys::TVMFFIAny) -> i32 {
    unsafe { std::ptr::read_volatile(&slot.type_index) }
}

fn rust_to_rust() -> Result<()> {
    let nop = Function::from_closure(|_| Ok(Any::none()));
    let add_one = Function::from_typed(|x: i64| x + 1);
    let floor = ns_per_call(|| {
        black_box(raw_call(&nop, &[], type_index_of));
        Ok(())
    })?;
    report("raw safe call of a Rust nop closure", floor, None);
    report(
        "Rust -> Rust nop (closure)",
        ns_per_call(|| {
            black_box(nop.call(())?.type_index());
            Ok(())
        })?,
        None,
    );
    report(
        "Rust -> Rust typed add_one(i64)",
        ns_per_call(|| {
            black_box(add_one.call((black_box(1i64),))?.cast::<i64>()?);
            Ok(())
        })?,
        None,
    );
    Ok(())
}

fn rust_to_cpp(nop: &Function, add_one: &Function) -> Result<()> {
    let one = *Any::from(1i64).as_raw();
    let nop_floor = ns_per_call(|| {
        black_box(raw_call(nop, &[], type_index_of));
        Ok(())
    })?;
    let add_floor = ns_per_call(|| {
        // As `f(1).cast<int64_t>()` in C++: check the result's type index, read the payload.
        let value = raw_call(add_one, black_box(&[one]), |slot| {
            assert_eq!(type_index_of(slot), sys::kTVMFFIInt);
            unsafe { std::ptr::read_volatile(&slot.value.v_int64) }
        });
        black_box(value);
        Ok(())
    })?;
    report("C++ -> C++ testing.nop (raw safe call)", nop_floor, None);
    report(
        "Rust -> C++ testing.nop",
        ns_per_call(|| {
            black_box(nop.call(())?.type_index());
            Ok(())
        })?,
        Some(nop_floor),
    );
    report("C++ -> C++ testing.add_one (raw safe call)", add_floor, None);
    report(
        "Rust -> C++ testing.add_one(i64) -> i64",
        ns_per_call(|| {
            black_box(add_one.call((black_box(1i64),))?.cast::<i64>()?);
            Ok(())
        })?,
        Some(add_floor),
    );
    Ok(())
}

fn main() -> Result<()> {
    rust_to_rust()?;
    let Some(path) = testing_library() else {
        println!("Rust -> C++: skipped (no libtvm_ffi_testing.so; pass its path as an argument)");
        return Ok(());
    };
    // Loading runs the library's static initializers, which register the testing.* globals.
    let _module = Module::load_from_file(&path)?;
    match (Function::get_global("testing.nop"), Function::get_global("testing.add_one")) {
        (Some(nop), Some(add_one)) => rust_to_cpp(&nop, &add_one),
        _ => {
            println!(
                "Rust -> C++: skipped ({} has no testing.nop / testing.add_one)",
                path.display()
            );
            Ok(())
        }
    }
}
