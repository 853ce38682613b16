// examples/quickstart/host_rust/build.rs: an rpath to libtvm_ffi, so the program runs as is.
//
// tvm-ffi-sys locates the library and hands its directory to direct dependents as
// DEP_TVM_FFI_LIBDIR; linker arguments do not propagate, so the binary adds the rpath itself.
fn main() {
    println!("cargo:rerun-if-env-changed=DEP_TVM_FFI_LIBDIR");
    if let Ok(dir) = std::env::var("DEP_TVM_FFI_LIBDIR") {
        println!("cargo:rustc-link-arg-bins=-Wl,-rpath,{dir}");
    }
}
