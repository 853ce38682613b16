// ffi/rust/tvm-ffi/examples/bench_call.rs: ns per call of FFI functions called from Rust.
// Run with `cargo run --release --example bench_call`.
use std::hint::black_box;
use std::time::Instant;

use tvm_ffi::{Any, Function, Result};

/// The best mean time per call of `f` over a few rounds, in nanoseconds.
fn ns_per_call(mut f: impl FnMut() -> Result<()>) -> Result<f64> {
    const CALLS: u32 = 1_000_000;
    let mut best = f64::INFINITY;
    for _ in 0..5 {
        let start = Instant::now();
        for _ in 0..CALLS {
            f()?;
        }
        best = best.min(start.elapsed().as_nanos() as f64 / CALLS as f64);
    }
    Ok(best)
}

fn main() -> Result<()> {
    let nop = Function::from_closure(|_| Ok(Any::none()));
    let add_one = Function::from_typed(|x: i64| x + 1);
    println!(
        "{:<40} {:>8.1} ns/call",
        "Rust -> Rust nop (closure)",
        ns_per_call(|| {
            black_box(nop.call(())?);
            Ok(())
        })?
    );
    println!(
        "{:<40} {:>8.1} ns/call",
        "Rust -> Rust typed add_one(i64)",
        ns_per_call(|| {
            black_box(add_one.call((black_box(1i64),))?.cast::<i64>()?);
            Ok(())
        })?
    );
    println!(
        "{:<40} {:>8.1} ns/call",
        "Rust -> Rust nop(i64)",
        ns_per_call(|| {
            black_box(nop.call((black_box(1i64),))?);
            Ok(())
        })?
    );
    let typed_nop = Function::from_typed(|_x: i64| ());
    println!(
        "{:<40} {:>8.1} ns/call",
        "Rust -> Rust typed nop(i64)",
        ns_per_call(|| {
            black_box(typed_nop.call((black_box(1i64),))?);
            Ok(())
        })?
    );
    // A C++ nop, when the runtime provides one (the reference testing library registers it).
    match Function::get_global("testing.nop") {
        Some(cpp_nop) => println!(
            "{:<40} {:>8.1} ns/call",
            "Rust -> C++ testing.nop",
            ns_per_call(|| {
                black_box(cpp_nop.call(())?);
                Ok(())
            })?
        ),
        None => println!("{:<40} {:>8}", "Rust -> C++ testing.nop", "skipped (no global)"),
    }
    Ok(())
}
