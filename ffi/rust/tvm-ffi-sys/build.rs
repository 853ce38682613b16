// ffi/rust/tvm-ffi-sys/build.rs: finds libtvm_ffi and tells cargo how to link against it.
//
// Search order (the first that yields a directory holding the library wins):
//   1. the TVM_FFI_LIB_DIR environment variable;
//   2. `tvm-ffi-config --libdir` (TVM_FFI_CONFIG names another executable);
//   3. `python3 -m tvm_ffi.config --libdir` (PYTHON names another interpreter).
//
// Emits the link search path, `-ltvm_ffi`, an rpath for this package's own test binaries, and
// the `LIBDIR` metadata (DEP_TVM_FFI_LIBDIR in dependents' build scripts) so that dependents can
// add the rpath to their tests and examples as well.

use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

fn library_file_name() -> &'static str {
    match env::var("CARGO_CFG_TARGET_OS").as_deref() {
        Ok("macos") | Ok("ios") => "libtvm_ffi.dylib",
        Ok("windows") => "tvm_ffi.lib",
        _ => "libtvm_ffi.so",
    }
}

fn holds_library(dir: &Path) -> bool {
    dir.join(library_file_name()).is_file()
}

/// Runs `program args...` and returns its trimmed stdout when it succeeds.
fn query(program: &str, args: &[&str]) -> Option<String> {
    let output = Command::new(program).args(args).output().ok()?;
    if !output.status.success() {
        return None;
    }
    let text = String::from_utf8(output.stdout).ok()?;
    let line = text.lines().next()?.trim().to_owned();
    (!line.is_empty()).then_some(line)
}

fn find_lib_dir(tried: &mut Vec<String>) -> Option<PathBuf> {
    if let Some(dir) = env::var_os("TVM_FFI_LIB_DIR") {
        let dir = PathBuf::from(dir);
        if holds_library(&dir) {
            return Some(dir);
        }
        tried.push(format!("TVM_FFI_LIB_DIR={} (no {} there)", dir.display(), library_file_name()));
    } else {
        tried.push("TVM_FFI_LIB_DIR (not set)".to_owned());
    }

    let config = env::var("TVM_FFI_CONFIG").unwrap_or_else(|_| "tvm-ffi-config".to_owned());
    match query(&config, &["--libdir"]) {
        Some(dir) if holds_library(Path::new(&dir)) => return Some(PathBuf::from(dir)),
        Some(dir) => tried.push(format!("`{config} --libdir` gave {dir} (no library there)")),
        None => tried.push(format!("`{config} --libdir` (not found or failed)")),
    }

    let python = env::var("PYTHON").unwrap_or_else(|_| "python3".to_owned());
    match query(&python, &["-m", "tvm_ffi.config", "--libdir"]) {
        Some(dir) if holds_library(Path::new(&dir)) => return Some(PathBuf::from(dir)),
        Some(dir) => tried
            .push(format!("`{python} -m tvm_ffi.config --libdir` gave {dir} (no library there)")),
        None => tried.push(format!("`{python} -m tvm_ffi.config --libdir` (not found or failed)")),
    }
    None
}

/// Symlinks the library into OUT_DIR and returns OUT_DIR, where that is possible.
fn link_through_out_dir(dir: &Path) -> Option<PathBuf> {
    #[cfg(unix)]
    {
        let out = PathBuf::from(env::var_os("OUT_DIR")?).join("lib");
        std::fs::create_dir_all(&out).ok()?;
        let link = out.join(library_file_name());
        let _ = std::fs::remove_file(&link);
        std::os::unix::fs::symlink(dir.join(library_file_name()), &link).ok()?;
        Some(out)
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        None
    }
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=TVM_FFI_LIB_DIR");
    println!("cargo:rerun-if-env-changed=TVM_FFI_CONFIG");
    println!("cargo:rerun-if-env-changed=PYTHON");

    let mut tried = Vec::new();
    let Some(dir) = find_lib_dir(&mut tried) else {
        panic!(
            "\n\ntvm-ffi-sys: cannot find {lib}.\nTried, in order:\n  - {tried}\n\n\
             Point the build at the library in one of these ways:\n  \
             - export TVM_FFI_LIB_DIR=/path/to/dir/holding/{lib} \
             (e.g. <build>/lib after `cmake --build <build>`);\n  \
             - put `tvm-ffi-config` on PATH (it comes with `pip install apache-tvm-ffi` or this \
             repository's Python package), or set TVM_FFI_CONFIG to its path;\n  \
             - make `python3 -m tvm_ffi.config --libdir` work (or set PYTHON).\n",
            lib = library_file_name(),
            tried = tried.join("\n  - "),
        );
    };
    let dir = dir.canonicalize().unwrap_or(dir);
    // Link through a symlink in OUT_DIR: cargo puts search paths inside its target directory on
    // the dynamic-library path when it runs tests and doctests, which have no rpath.
    let link_dir = link_through_out_dir(&dir).unwrap_or_else(|| dir.clone());
    println!("cargo:rustc-link-search=native={}", link_dir.display());
    let dir = dir.display();
    println!("cargo:rustc-link-lib=dylib=tvm_ffi");
    if env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("windows") {
        // Applies to this package's own test binaries; dependents read LIBDIR below.
        println!("cargo:rustc-link-arg=-Wl,-rpath,{dir}");
    }
    println!("cargo:LIBDIR={dir}");
}
