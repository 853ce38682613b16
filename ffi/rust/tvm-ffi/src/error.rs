// ffi/rust/tvm-ffi/src/error.rs: `Error`, `Result`, the thread-local error slot and panics.
//! Errors: [`Error`] (kind, message and backtrace), [`Result`], and the bridge to the
//! thread-local error slot of the C ABI (SPEC §6).
//!
//! An error made in Rust stays a plain Rust value (kind, message and captured Rust frames)
//! until it crosses into C, where it becomes an `ffi.Error` object. An error that comes from C
//! keeps its `ffi.Error` object, so its kind, message and backtrace survive any number of
//! round trips.

use std::any::Any as StdAny;
use std::backtrace::Backtrace;
use std::borrow::Cow;
use std::fmt;
use std::sync::OnceLock;

use crate::object::{builtin_object_type, Object, ObjectArc};
use crate::string::byte_array_slice;
use crate::sys;

/// Error kinds used by the runtime (SPEC §6.3). Any other string is a valid kind too.
pub mod kind {
    /// Default kind and generic failures; also used for Rust panics.
    pub const RUNTIME_ERROR: &str = "RuntimeError";
    /// Bad argument value.
    pub const VALUE_ERROR: &str = "ValueError";
    /// A value or object of the wrong type.
    pub const TYPE_ERROR: &str = "TypeError";
    /// Missing attribute or module function.
    pub const ATTRIBUTE_ERROR: &str = "AttributeError";
    /// Missing key.
    pub const KEY_ERROR: &str = "KeyError";
    /// Index out of range.
    pub const INDEX_ERROR: &str = "IndexError";
    /// Failed assertion in user code.
    pub const ASSERTION_ERROR: &str = "AssertionError";
    /// Allocation failure.
    pub const MEMORY_ERROR: &str = "MemoryError";
    /// A bug, or a foreign exception that is not an FFI error.
    pub const INTERNAL_ERROR: &str = "InternalError";
    /// Feature not implemented.
    pub const NOT_IMPLEMENTED_ERROR: &str = "NotImplementedError";
    /// The host (e.g. Python) already holds the real error.
    pub const ENV_ERROR_ALREADY_SET: &str = "EnvErrorAlreadySet";
}

/// `Result` with [`Error`] as the error type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Layout of an `ffi.Error` object (index 67): the header and the error cell (SPEC §6.2).
#[repr(C)]
pub struct ErrorObj {
    base: Object,
    cell: sys::TVMFFIErrorCell,
}
builtin_object_type!(ErrorObj, "ffi.Error", sys::kTVMFFIError);

impl ErrorObj {
    fn kind(&self) -> &[u8] {
        // SAFETY: the error owns its bytes for its whole life (SPEC ERR-CELL-OWNS).
        unsafe { byte_array_slice(&self.cell.kind) }
    }
    fn message(&self) -> &[u8] {
        // SAFETY: as above.
        unsafe { byte_array_slice(&self.cell.message) }
    }
    fn backtrace(&self) -> &[u8] {
        // SAFETY: as above.
        unsafe { byte_array_slice(&self.cell.backtrace) }
    }
}

enum Repr {
    Native { kind: Cow<'static, str>, message: String, frames: Option<Backtrace> },
    Ffi { obj: ObjectArc<ErrorObj>, rust_frames: Option<Backtrace> },
}

/// An FFI error: a kind such as `ValueError`, a message and a backtrace (most recent first).
pub struct Error(Box<Repr>);

impl Error {
    /// A new error of the given kind, with the Rust frames of the caller as its backtrace.
    pub fn new(kind: impl Into<Cow<'static, str>>, message: impl Into<String>) -> Error {
        Error(Box::new(Repr::Native {
            kind: kind.into(),
            message: message.into(),
            frames: capture_frames(),
        }))
    }

    /// A `RuntimeError`.
    pub fn runtime_error(message: impl Into<String>) -> Error {
        Error::new(kind::RUNTIME_ERROR, message)
    }
    /// A `ValueError`.
    pub fn value_error(message: impl Into<String>) -> Error {
        Error::new(kind::VALUE_ERROR, message)
    }
    /// A `TypeError`.
    pub fn type_error(message: impl Into<String>) -> Error {
        Error::new(kind::TYPE_ERROR, message)
    }
    /// A `KeyError`.
    pub fn key_error(message: impl Into<String>) -> Error {
        Error::new(kind::KEY_ERROR, message)
    }
    /// An `IndexError`.
    pub fn index_error(message: impl Into<String>) -> Error {
        Error::new(kind::INDEX_ERROR, message)
    }
    /// An `AttributeError`.
    pub fn attribute_error(message: impl Into<String>) -> Error {
        Error::new(kind::ATTRIBUTE_ERROR, message)
    }

    /// The kind, e.g. `"ValueError"`.
    pub fn kind(&self) -> Cow<'_, str> {
        match &*self.0 {
            Repr::Native { kind, .. } => Cow::Borrowed(kind),
            Repr::Ffi { obj, .. } => String::from_utf8_lossy(obj.kind()),
        }
    }

    /// The message.
    pub fn message(&self) -> Cow<'_, str> {
        match &*self.0 {
            Repr::Native { message, .. } => Cow::Borrowed(message),
            Repr::Ffi { obj, .. } => String::from_utf8_lossy(obj.message()),
        }
    }

    /// The backtrace, most recent frame first, one `  File "…", line N, in …` line per frame
    /// (SPEC ERR-BACKTRACE-FORMAT). Rust frames are included where std can capture them.
    pub fn backtrace(&self) -> String {
        match &*self.0 {
            Repr::Native { frames, .. } => format_frames(frames.as_ref()),
            Repr::Ffi { obj, rust_frames } => {
                let mut text = String::from_utf8_lossy(obj.backtrace()).into_owned();
                text.push_str(&format_frames(rust_frames.as_ref()));
                text
            }
        }
    }

    /// Takes the error raised on this thread after a C call returned nonzero
    /// (SPEC ERR-MOVE-FROM-RAISED). With no error pending, the result is a RuntimeError.
    pub fn from_raised() -> Error {
        let mut handle: sys::TVMFFIObjectHandle = std::ptr::null_mut();
        // SAFETY: `handle` is a valid output slot.
        unsafe { sys::TVMFFIErrorMoveFromRaised(&mut handle) };
        if handle.is_null() {
            return Error::runtime_error("a C call failed without raising an error");
        }
        // SAFETY: the slot only ever holds Error objects, and we received a new reference.
        let obj = unsafe { ObjectArc::<ErrorObj>::from_owned_handle(handle) };
        Error(Box::new(Repr::Ffi { obj, rust_frames: capture_frames() }))
    }

    /// Turns this error into an `ffi.Error` object, appending Rust frames to its backtrace.
    pub fn into_object(self) -> ObjectArc<ErrorObj> {
        match *self.0 {
            Repr::Native { kind, message, frames } => {
                let backtrace = format_frames(frames.as_ref());
                create_error_object(&kind, &message, &backtrace)
            }
            Repr::Ffi { obj, rust_frames } => {
                let frames = format_frames(rust_frames.as_ref());
                if !frames.is_empty() {
                    let bytes =
                        sys::TVMFFIByteArray { data: frames.as_ptr().cast(), size: frames.len() };
                    if let Some(update) = obj.cell.update_backtrace {
                        // SAFETY: `obj` is a live Error; the bytes are copied (SPEC
                        // ERR-UPDATE-BACKTRACE, ERR-BACKTRACE-APPEND).
                        unsafe {
                            update(
                                ObjectArc::as_handle(&obj),
                                &bytes,
                                sys::kTVMFFIBacktraceUpdateModeAppend,
                            )
                        };
                    }
                }
                obj
            }
        }
    }

    /// This error with `cause` as the error that caused it (the C ABI's `cause_chain`).
    ///
    /// The kind, message, backtrace (Rust frames included) and extra context are kept; an
    /// earlier cause is replaced. The result is an `ffi.Error` object, so the chain crosses
    /// into C (and into Python, as `__cause__`) as it is.
    pub fn with_cause(self, cause: Error) -> Error {
        let obj = self.into_object();
        let cause = cause.into_object();
        let cell = &obj.cell;
        let mut handle: sys::TVMFFIObjectHandle = std::ptr::null_mut();
        // SAFETY: the byte ranges live in `obj`, which outlives the call; the runtime copies
        // them and takes its own references to the cause and the context (SPEC ERR-CELL-OWNS).
        let rc = unsafe {
            sys::TVMFFIErrorCreateWithCauseAndExtraContext(
                &cell.kind,
                &cell.message,
                &cell.backtrace,
                ObjectArc::as_handle(&cause),
                cell.extra_context,
                &mut handle,
            )
        };
        if rc != 0 || handle.is_null() {
            // `cause` is an Error, so only exhausted memory makes this fail.
            std::alloc::handle_alloc_error(std::alloc::Layout::new::<ErrorObj>());
        }
        // SAFETY: a new reference to an Error.
        Error::from_object(unsafe { ObjectArc::from_owned_handle(handle) })
    }

    /// The error that caused this one, if any (the C ABI's `cause_chain`).
    ///
    /// A `cause_chain` that is not an `ffi.Error` (only a broken foreign producer makes one)
    /// reads as no cause.
    pub fn cause(&self) -> Option<Error> {
        let Repr::Ffi { obj, .. } = &*self.0 else { return None };
        let cause = obj.cell.cause_chain;
        // SAFETY: the cell owns a reference to a live object, or holds NULL.
        if cause.is_null() || unsafe { sys::TVMFFIObjectGetTypeIndex(cause) } != sys::kTVMFFIError {
            return None;
        }
        // SAFETY: a live Error; we take our own reference.
        Some(Error::from_object(unsafe { ObjectArc::from_borrowed_handle(cause) }))
    }

    /// Wraps an existing `ffi.Error` object.
    pub fn from_object(obj: ObjectArc<ErrorObj>) -> Error {
        Error(Box::new(Repr::Ffi { obj, rust_frames: None }))
    }

    /// Stores this error in the calling thread's error slot (SPEC ERR-SET-RAISED).
    ///
    /// Use it right before returning -1 from a C callback.
    pub fn set_raised(self) {
        let obj = self.into_object();
        // SAFETY: `obj` is a live Error; the slot takes its own reference.
        unsafe { sys::TVMFFIErrorSetRaised(ObjectArc::as_handle(&obj)) };
    }

    /// A RuntimeError describing a caught panic.
    pub fn from_panic(payload: Box<dyn StdAny + Send>) -> Error {
        let text = if let Some(s) = payload.downcast_ref::<&str>() {
            (*s).to_owned()
        } else if let Some(s) = payload.downcast_ref::<String>() {
            s.clone()
        } else {
            "a panic with a non-string payload".to_owned()
        };
        let frames = crate::panic::take_panic_frames().or_else(capture_frames);
        Error(Box::new(Repr::Native {
            kind: Cow::Borrowed(kind::RUNTIME_ERROR),
            message: format!("Rust panic: {text}"),
            frames,
        }))
    }

    /// Prefixes the message with `context`, keeping the kind and the cause.
    pub fn with_context(self, context: impl fmt::Display) -> Error {
        let cause = self.cause();
        let kind = self.kind().into_owned();
        let message = format!("{context}: {}", self.message());
        let frames = match *self.0 {
            Repr::Native { frames, .. } => frames,
            Repr::Ffi { rust_frames, .. } => rust_frames,
        };
        let error = Error(Box::new(Repr::Native { kind: Cow::Owned(kind), message, frames }));
        match cause {
            Some(cause) => error.with_cause(cause),
            None => error,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind(), self.message())
    }
}

impl fmt::Debug for Error {
    /// Prints like a Python traceback (SPEC ERR-BACKTRACE-PRINT).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let backtrace = self.backtrace();
        if !backtrace.is_empty() {
            writeln!(f, "Traceback (most recent call last):")?;
            for line in backtrace.lines().rev() {
                writeln!(f, "{line}")?;
            }
        }
        write!(f, "{self}")
    }
}

impl std::error::Error for Error {}

impl From<std::str::Utf8Error> for Error {
    fn from(err: std::str::Utf8Error) -> Error {
        Error::value_error(format!("invalid UTF-8: {err}"))
    }
}

/// Drops whatever error the calling thread's slot holds.
pub(crate) fn clear_raised() {
    let mut handle: sys::TVMFFIObjectHandle = std::ptr::null_mut();
    // SAFETY: `handle` is a valid output slot; a non-NULL result is a new reference.
    unsafe {
        sys::TVMFFIErrorMoveFromRaised(&mut handle);
        if !handle.is_null() {
            sys::TVMFFIObjectDecRef(handle);
        }
    }
}

/// Turns a C return code into a `Result`, fetching the raised error on failure.
#[inline]
pub(crate) fn check_call(rc: std::ffi::c_int) -> Result<()> {
    if rc == 0 {
        Ok(())
    } else {
        Err(raised_error())
    }
}

/// The error a failed call left in the slot; out of line, so the success path stays short.
#[cold]
#[inline(never)]
fn raised_error() -> Error {
    Error::from_raised()
}

fn create_error_object(kind: &str, message: &str, backtrace: &str) -> ObjectArc<ErrorObj> {
    let bytes = |s: &str| sys::TVMFFIByteArray { data: s.as_ptr().cast(), size: s.len() };
    let (k, m, b) = (bytes(kind), bytes(message), bytes(backtrace));
    let mut handle: sys::TVMFFIObjectHandle = std::ptr::null_mut();
    // SAFETY: all inputs are valid byte ranges; the runtime copies them (SPEC ERR-CELL-OWNS).
    let rc = unsafe { sys::TVMFFIErrorCreate(&k, &m, &b, &mut handle) };
    if rc != 0 || handle.is_null() {
        // Only fails when memory is exhausted (SPEC ERR-CREATE-NO-TLS).
        std::alloc::handle_alloc_error(std::alloc::Layout::new::<ErrorObj>());
    }
    // SAFETY: a new reference to an Error.
    unsafe { ObjectArc::from_owned_handle(handle) }
}

/// Whether Rust frames are captured: on unless `RUST_LIB_BACKTRACE` or `RUST_BACKTRACE` is `0`.
fn backtraces_enabled() -> bool {
    static ENABLED: OnceLock<bool> = OnceLock::new();
    *ENABLED.get_or_init(|| {
        let var = std::env::var("RUST_LIB_BACKTRACE").or_else(|_| std::env::var("RUST_BACKTRACE"));
        var.map(|v| v != "0").unwrap_or(true)
    })
}

pub(crate) fn capture_frames() -> Option<Backtrace> {
    backtraces_enabled().then(Backtrace::force_capture)
}

/// The frame limit from `TVM_TRACEBACK_LIMIT` (SPEC ERR-BACKTRACE-API), 512 by default.
fn frame_limit() -> usize {
    static LIMIT: OnceLock<usize> = OnceLock::new();
    *LIMIT.get_or_init(|| {
        std::env::var("TVM_TRACEBACK_LIMIT").ok().and_then(|v| v.parse().ok()).unwrap_or(512)
    })
}

/// Frames of the standard library, of the unwinding machinery and of this crate's own plumbing.
fn is_internal_frame(name: &str) -> bool {
    const CRATES: [&str; 4] = ["std::", "core::", "alloc::", "tvm_ffi::"];
    CRATES.iter().any(|c| {
        name.starts_with(c)
            || name.strip_prefix('<').is_some_and(|rest| rest.starts_with(c))
            || name.contains(&format!(" as {c}"))
    }) || ["__rust_try", "rust_begin_unwind", "__rustc::"].iter().any(|p| name.starts_with(p))
}

/// Formats the user frames of a std backtrace in the ABI's format, most recent first.
///
/// Frames of the standard library and of this module are skipped. The walk stops at the
/// entry of the Rust program or at the FFI boundary that called into Rust, whose outer frames
/// belong to the caller's layer (SPEC ERR-BACKTRACE-APPEND).
pub(crate) fn format_frames(frames: Option<&Backtrace>) -> String {
    let Some(frames) = frames else { return String::new() };
    let text = frames.to_string();
    let mut out = String::new();
    let mut count = 0;
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        let name = match trimmed.split_once(": ") {
            Some((index, name)) if index.chars().all(|c| c.is_ascii_digit()) => name,
            _ if !trimmed.starts_with("at ") => trimmed,
            _ => continue,
        };
        let (mut file, mut lineno) = ("<unknown>", "0");
        if let Some(next) = lines.peek() {
            if let Some(location) = next.trim_start().strip_prefix("at ") {
                let mut parts = location.rsplitn(3, ':');
                let (_col, line_part, file_part) = (parts.next(), parts.next(), parts.next());
                if let (Some(l), Some(f)) = (line_part, file_part) {
                    (file, lineno) = (f, l);
                }
                lines.next();
            }
        }
        if name.contains("__rust_begin_short_backtrace") || name.contains(crate::panic::BOUNDARY) {
            break;
        }
        if is_internal_frame(name) {
            continue;
        }
        if count == frame_limit() {
            break;
        }
        out.push_str(&format!("  File \"{file}\", line {lineno}, in {name}\n"));
        count += 1;
    }
    out
}
