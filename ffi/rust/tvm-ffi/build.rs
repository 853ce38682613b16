// ffi/rust/tvm-ffi/build.rs: adds an rpath to libtvm_ffi for this package's tests and examples.
//
// tvm-ffi-sys finds the library and exports its directory as `DEP_TVM_FFI_LIBDIR`; linker
// arguments do not propagate to dependents, so each package that links binaries adds it.
// Cargo rejects `rustc-link-arg-<kind>` for a kind the package has no target of, hence the
// directory checks.
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-env-changed=DEP_TVM_FFI_LIBDIR");
    let Ok(dir) = std::env::var("DEP_TVM_FFI_LIBDIR") else { return };
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("windows") {
        return;
    }
    for (kind, folder) in [("tests", "tests"), ("examples", "examples"), ("benches", "benches")] {
        if Path::new(folder).is_dir() {
            println!("cargo:rustc-link-arg-{kind}=-Wl,-rpath,{dir}");
        }
    }
}
