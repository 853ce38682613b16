// examples/quickstart/host_rust/src/main.rs: a Rust program that loads add_one modules.
//! ```text
//! host_rust cpu  build/quickstart/libadd_one_c.so build/quickstart/libadd_one_cpp.so ...
//! host_rust cuda build/quickstart/libadd_one_cuda.so
//! ```
//! Any module works, whatever language it was written in: the program only knows the function
//! name `add_one` and the C ABI. Exits non-zero if a result is wrong or bad input is accepted.

mod cuda;

use std::path::Path;
use std::process::ExitCode;

use tvm_ffi::{Function, Module, Result, Tensor};

/// Prints `add_one(input) = output` and checks it.
fn check_result(name: &str, input: &[f32], output: &[f32]) -> Result<()> {
    println!("host_rust: {name}: add_one({input:?}) = {output:?}");
    let ok = input.iter().zip(output).all(|(i, o)| *o == i + 1.0);
    tvm_ffi::ensure!(ok, RuntimeError, "{name}: wrong result");
    Ok(())
}

/// Bad input must come back as an `Err` with the error kind the module raised.
fn check_rejects(name: &str, add_one: &Function, x: &Tensor) -> Result<()> {
    match add_one.call((x.clone(), 42)) {
        Err(err) => {
            println!("host_rust: {name}: add_one(x, 42) raised {}: {}", err.kind(), err.message());
            Ok(())
        }
        Ok(_) => tvm_ffi::bail!(RuntimeError, "{name}: add_one accepted an int as y"),
    }
}

fn run_cpu(name: &str, add_one: &Function) -> Result<()> {
    let input = vec![0.0f32, 1.0, 2.0, 3.0, 4.0];
    let n = input.len() as i64;
    let x = Tensor::from_vec(input.clone(), &[n])?;
    let y = Tensor::from_vec(vec![0.0f32; input.len()], &[n])?;
    add_one.call((x.clone(), y.clone()))?;
    check_result(name, &input, y.as_slice::<f32>()?)?;
    check_rejects(name, add_one, &x)
}

fn run_cuda(name: &str, add_one: &Function) -> Result<()> {
    let Some(runtime) = cuda::Runtime::open_with_gpu() else {
        println!("host_rust: {name}: skipped: no GPU");
        return Ok(());
    };
    let input = vec![0.0f32, 1.0, 2.0, 3.0, 4.0];
    let x = runtime.tensor_from_host(&input)?;
    let y = runtime.tensor_from_host(&vec![0.0f32; input.len()])?;
    add_one.call((x.clone(), y.clone()))?;
    check_result(name, &input, &runtime.tensor_to_host(&y)?)?;
    check_rejects(name, add_one, &x)
}

fn run_module(device: &str, path: &str) -> Result<()> {
    let name = Path::new(path).file_name().map_or(path.into(), |f| f.to_string_lossy());
    if device == "cuda" && !Path::new(path).exists() {
        println!("host_rust: {name}: skipped: not built (no nvcc)");
        return Ok(());
    }
    let module = Module::load_from_file(path)?;
    let add_one = module.get_function_or_err("add_one")?;
    if device == "cuda" {
        run_cuda(&name, &add_one)
    } else {
        run_cpu(&name, &add_one)
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 || !matches!(args[0].as_str(), "cpu" | "cuda") {
        eprintln!("usage: host_rust cpu|cuda MODULE.so...");
        return ExitCode::from(2);
    }
    let mut ok = true;
    for path in &args[1..] {
        if let Err(err) = run_module(&args[0], path) {
            eprintln!("host_rust: {path}: {err}");
            ok = false;
        }
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
