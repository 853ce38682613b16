// ffi/rust/examples/rust_module/build.rs: rpath to libtvm_ffi for the module and its tests.
//
// A module loaded into a process that already has libtvm_ffi (e.g. through Python) binds to
// that copy by SONAME; the rpath only matters when the module is opened on its own.
fn main() {
    println!("cargo:rerun-if-env-changed=DEP_TVM_FFI_LIBDIR");
    let Ok(dir) = std::env::var("DEP_TVM_FFI_LIBDIR") else { return };
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("windows") {
        println!("cargo:rustc-link-arg-cdylib=-Wl,-rpath,{dir}");
        println!("cargo:rustc-link-arg-tests=-Wl,-rpath,{dir}");
    }
}
