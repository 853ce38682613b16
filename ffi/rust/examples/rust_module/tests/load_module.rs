// ffi/rust/examples/rust_module/tests/load_module.rs: the built cdylib is a loadable module.
#![allow(clippy::undocumented_unsafe_blocks)]

use std::ffi::{c_char, c_int, c_void, CString};
use std::path::PathBuf;

use tvm_ffi::{sys, Any, Error, Function, Module, Result};

/// The cdylib built next to this test binary.
fn module_path() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let deps = exe.parent()?;
    let name = "libtvm_ffi_example_module.so";
    [deps.join(name), deps.parent()?.join(name)].into_iter().find(|p| p.is_file())
}

extern "C" {
    fn dlopen(path: *const c_char, flags: c_int) -> *mut c_void;
    fn dlsym(handle: *mut c_void, name: *const c_char) -> *mut c_void;
}

type SafeCall =
    unsafe extern "C" fn(*mut c_void, *const sys::TVMFFIAny, i32, *mut sys::TVMFFIAny) -> c_int;

#[cfg(target_os = "linux")]
#[test]
fn the_cdylib_exports_safe_call_symbols_and_the_abi_version() -> Result<()> {
    // SPEC: MOD-SYMBOL-NAME, VER-ABI-SYMBOL
    let Some(path) = module_path() else {
        eprintln!("SKIPPED: libtvm_ffi_example_module.so was not found next to the test binary");
        return Ok(());
    };
    let cpath = CString::new(path.to_str().unwrap()).unwrap();
    // SAFETY: dlopen/dlsym with valid C strings; RTLD_LAZY | RTLD_LOCAL like the loader.
    unsafe {
        let lib = dlopen(cpath.as_ptr(), 0x1);
        assert!(!lib.is_null(), "dlopen failed for {}", path.display());
        let version = dlsym(lib, c"__tvm_ffi__abi_version".as_ptr()) as *const sys::TVMFFIVersion;
        assert!(!version.is_null());
        assert_eq!(*version, tvm_ffi::runtime_version());
        let add_one = dlsym(lib, c"__tvm_ffi_add_one".as_ptr());
        assert!(!add_one.is_null());
        let add_one: SafeCall = std::mem::transmute(add_one);
        let arg = Any::from(41i64);
        let mut result = *Any::none().as_raw();
        assert_eq!(add_one(std::ptr::null_mut(), arg.as_raw(), 1, &mut result), 0);
        assert_eq!(Any::from_raw(result).cast::<i64>()?, 42);
        let panic_now: SafeCall = std::mem::transmute(dlsym(lib, c"__tvm_ffi_panic_now".as_ptr()));
        let mut result = *Any::none().as_raw();
        assert_eq!(panic_now(std::ptr::null_mut(), std::ptr::null(), 0, &mut result), -1);
        let err = Error::from_raised();
        assert_eq!(err.kind(), "RuntimeError");
        assert!(err.message().contains("panic inside a Rust module"));
    }
    Ok(())
}

#[test]
fn module_load_from_file_finds_the_exported_functions() -> Result<()> {
    // SPEC: MOD-LOAD-FILE, MODULE-ACCESS
    if Function::get_global("ffi.ModuleLoadFromFile").is_none() {
        eprintln!("SKIPPED: the runtime does not register `ffi.ModuleLoadFromFile` yet");
        return Ok(());
    }
    let Some(path) = module_path() else {
        eprintln!("SKIPPED: libtvm_ffi_example_module.so was not found next to the test binary");
        return Ok(());
    };
    let module = Module::load_from_file(&path)?;
    assert_eq!(module.kind()?, "library");
    let add_one = module.get_function_or_err("add_one")?;
    assert_eq!(add_one.call((1,))?.cast::<i64>()?, 2);
    assert!(module.get_function("no_such_function")?.is_none());
    assert!(!module.implements_function("no_such_function")?);
    let err =
        module.get_function_or_err("fail")?.call(("KeyError", "from the module")).unwrap_err();
    assert_eq!((err.kind().as_ref(), err.message().as_ref()), ("KeyError", "from the module"));
    let apply = module.get_function_or_err("apply")?;
    let callback = Function::from_typed(|x: i64| -> Result<i64> {
        tvm_ffi::ensure!(x != 0, ZeroDivisionError, "callback got zero");
        Ok(100 / x)
    });
    assert_eq!(apply.call((&callback, 5))?.cast::<i64>()?, 21);
    let err = apply.call((&callback, 0)).unwrap_err();
    assert_eq!(err.kind(), "ZeroDivisionError");
    Ok(())
}

#[test]
fn exported_functions_publish_their_type_schema_and_docstring() -> Result<()> {
    // SPEC: MOD-METADATA-SYMBOL, MOD-DOC-SYMBOL
    if Function::get_global("ffi.ModuleGetFunctionMetadata").is_none() {
        eprintln!("SKIPPED: the runtime does not register `ffi.ModuleGetFunctionMetadata` yet");
        return Ok(());
    }
    let Some(path) = module_path() else {
        eprintln!("SKIPPED: libtvm_ffi_example_module.so was not found next to the test binary");
        return Ok(());
    };
    let module = Module::load_from_file(&path)?;
    let metadata = module.get_function_metadata("add_one")?.expect("add_one has metadata");
    assert_eq!(
        metadata,
        r#"{"type_schema":"{\"type\":\"ffi.Function\",\"named_args\":{\"return\":[{\"type\":\"int\"}],\"params\":[{\"type\":\"int\"}]}}"}"#
    );
    let metadata = module.get_function_metadata("scale_into")?.expect("scale_into has metadata");
    assert!(metadata.contains(r#"\"return\":[{\"type\":\"None\"}]"#), "{metadata}");
    assert_eq!(module.get_function_metadata("no_such_function")?, None);
    assert_eq!(module.get_function_doc("add_one")?.as_deref(), Some("Returns `x + 1`."));
    assert_eq!(module.get_function_doc("sum")?, None, "no `///` line, no docstring");
    Ok(())
}

#[test]
fn the_module_functions_work_when_linked_directly() -> Result<()> {
    use tvm_ffi_example_module as m;
    assert_eq!(m::add_one(1), 2);
    let t = m::arange(4)?;
    assert_eq!(m::sum(t.clone())?, 6.0);
    let out = m::arange(4)?;
    m::scale_into(t, out.clone(), 2.0)?;
    assert_eq!(out.as_slice::<f32>()?, &[0.0, 2.0, 4.0, 6.0]);
    let p = m::make_point(3.0, 4.0, "p".into());
    assert_eq!(m::point_norm(p), 5.0);
    let half = Function::from_typed(|t: tvm_ffi::Tensor| -> Result<f64> {
        Ok(t.as_slice::<f32>()?.iter().sum::<f32>() as f64 / 2.0)
    });
    assert_eq!(m::reduce_with(m::arange(4)?, half)?, 6.0);
    let failing = Function::from_typed(|_: i64| -> Result<i64> {
        tvm_ffi::bail!(IndexError, "nothing at 3")
    });
    assert_eq!(m::error_kind_of(failing, 3), "IndexError: nothing at 3");
    assert_eq!(m::error_kind_of(Function::from_typed(|x: i64| x), 3), "ok");
    Ok(())
}
