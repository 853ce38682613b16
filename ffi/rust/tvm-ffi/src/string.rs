// ffi/rust/tvm-ffi/src/string.rs: `String` and `Bytes`, with the small-string rule.
//! Strings and byte strings (SPEC §7). Seven bytes or fewer are stored inline in the 16-byte
//! value (SmallStr / SmallBytes); longer ones are heap objects `{header; data; size}` followed
//! by the bytes and a NUL.

use std::borrow::Cow;
use std::ffi::c_void;
use std::fmt;
use std::hash::{Hash, Hasher};

use crate::any::{raw_none, type_mismatch, Any, AnyView, FromAny};
use crate::error::{Error, Result};
use crate::object::INITIAL_REF_COUNT;
use crate::sys;

/// Longest content stored inline (SPEC STR-SMALL).
const SMALL_MAX: usize = 7;
/// Size of the `{header; TVMFFIByteArray}` part of a heap string (SPEC STR-HEAP).
const HEAP_HEADER: usize = 40;

/// The bytes of a `TVMFFIByteArray`.
///
/// # Safety
/// `array` must describe `size` readable bytes (or have size 0) that outlive `'a`.
pub(crate) unsafe fn byte_array_slice(array: &sys::TVMFFIByteArray) -> &[u8] {
    if array.size == 0 || array.data.is_null() {
        &[]
    } else {
        // SAFETY: forwarded contract.
        unsafe { std::slice::from_raw_parts(array.data as *const u8, array.size) }
    }
}

fn heap_layout(size: usize) -> std::alloc::Layout {
    std::alloc::Layout::from_size_align(HEAP_HEADER + size + 1, 8).expect("string too large")
}

/// Deleter of heap strings made by this crate: the Weak action frees the single allocation.
unsafe extern "C" fn heap_bytes_deleter(obj: *mut c_void, flags: i32) {
    if flags & sys::kTVMFFIObjectDeleterFlagBitMaskWeak != 0 {
        // SAFETY: the cell's size never changes, so it gives back the allocation's layout.
        unsafe {
            let cell = sys::TVMFFIBytesGetByteArrayPtr(obj);
            std::alloc::dealloc(obj as *mut u8, heap_layout((*cell).size));
        }
    }
}

/// Makes an owned String (`is_bytes == false`) or Bytes value following SPEC §7.
pub(crate) fn make_bytes_any(bytes: &[u8], is_bytes: bool) -> Any {
    let mut raw = raw_none();
    if bytes.len() <= SMALL_MAX {
        // SPEC: STR-SMALL, STR-SMALL-ZERO — content, then zeros (the NUL included).
        raw.type_index = if is_bytes { sys::kTVMFFISmallBytes } else { sys::kTVMFFISmallStr };
        raw.pad.small_str_len = bytes.len() as u32;
        let mut payload = [0u8; 8];
        payload[..bytes.len()].copy_from_slice(bytes);
        raw.value.v_uint64 = u64::from_ne_bytes(payload);
        // SAFETY: a POD value.
        return unsafe { Any::from_raw(raw) };
    }
    let layout = heap_layout(bytes.len());
    // SAFETY: the layout has a nonzero size.
    let base = unsafe { std::alloc::alloc(layout) };
    if base.is_null() {
        std::alloc::handle_alloc_error(layout);
    }
    let type_index = if is_bytes { sys::kTVMFFIBytes } else { sys::kTVMFFIStr };
    // SAFETY: `base` is a fresh allocation of 40 + len + 1 bytes, 8-byte aligned.
    unsafe {
        let header = base as *mut sys::TVMFFIObject;
        header.write(sys::TVMFFIObject {
            combined_ref_count: INITIAL_REF_COUNT,
            type_index,
            __padding: 0,
            deleter: Some(heap_bytes_deleter),
        });
        let data = base.add(HEAP_HEADER);
        std::ptr::copy_nonoverlapping(bytes.as_ptr(), data, bytes.len());
        *data.add(bytes.len()) = 0; // SPEC: STR-HEAP-NUL
        let cell = sys::TVMFFIBytesGetByteArrayPtr(base as sys::TVMFFIObjectHandle);
        cell.write(sys::TVMFFIByteArray { data: data as *const _, size: bytes.len() });
        raw.type_index = type_index;
        raw.value.v_obj = header;
        Any::from_raw(raw)
    }
}

/// The content of a SmallStr/SmallBytes or Str/Bytes value.
///
/// # Safety
/// `raw` must be one of those four kinds, valid for the lifetime of the returned slice.
unsafe fn content(raw: &sys::TVMFFIAny) -> &[u8] {
    // SAFETY: forwarded contract; the small length is at most 7.
    unsafe {
        match raw.type_index {
            sys::kTVMFFISmallStr | sys::kTVMFFISmallBytes => {
                let len = (raw.pad.small_str_len as usize).min(SMALL_MAX);
                std::slice::from_raw_parts(raw.value.v_bytes.as_ptr() as *const u8, len)
            }
            _ => byte_array_slice(&*sys::TVMFFIBytesGetByteArrayPtr(raw.value.v_obj.cast())),
        }
    }
}

macro_rules! byte_string_type {
    ($(#[$doc:meta])* $name:ident, $small:pat, $heap:pat, $view:pat, $is_bytes:expr,
     $key:literal) => {
        $(#[$doc])*
        #[repr(transparent)]
        #[derive(Clone)]
        pub struct $name(Any);

        impl $name {
            /// Makes a value holding a copy of `bytes`.
            pub fn from_bytes(bytes: &[u8]) -> $name {
                $name(make_bytes_any(bytes, $is_bytes))
            }

            /// The content.
            pub fn as_bytes(&self) -> &[u8] {
                // SAFETY: the invariant of this type is that it holds one of the two kinds.
                unsafe { content(self.0.as_raw()) }
            }

            /// The length in bytes.
            pub fn len(&self) -> usize {
                self.as_bytes().len()
            }

            /// Whether the content is empty.
            pub fn is_empty(&self) -> bool {
                self.len() == 0
            }

            /// Whether the content is stored inline (7 bytes or fewer).
            pub fn is_small(&self) -> bool {
                matches!(self.0.type_index(), $small)
            }

            /// The value as an `Any`.
            pub fn as_any(&self) -> &Any {
                &self.0
            }

            /// A borrowed view of the value.
            pub fn as_view(&self) -> AnyView<'_> {
                self.0.as_view()
            }
        }

        impl Default for $name {
            fn default() -> Self {
                $name::from_bytes(&[])
            }
        }

        impl FromAny for $name {
            fn type_name() -> Cow<'static, str> {
                Cow::Borrowed($key)
            }
            fn type_schema() -> std::string::String {
                crate::schema::simple(concat!("ffi.", stringify!($name)))
            }
            fn from_view(view: &AnyView<'_>) -> Result<Self> {
                match view.type_index() {
                    $small | $heap | $view => Ok($name(view.to_owned())),
                    _ => Err(type_mismatch::<Self>(view)),
                }
            }
            fn from_any(value: Any) -> Result<Self> {
                match value.type_index() {
                    $small | $heap => Ok($name(value)),
                    _ => Self::from_view(&value.as_view()),
                }
            }
        }

        impl From<$name> for Any {
            fn from(value: $name) -> Any {
                value.0
            }
        }

        impl PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                self.as_bytes() == other.as_bytes()
            }
        }

        impl Eq for $name {}

        impl PartialOrd for $name {
            fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
                Some(self.cmp(other))
            }
        }

        impl Ord for $name {
            fn cmp(&self, other: &Self) -> std::cmp::Ordering {
                self.as_bytes().cmp(other.as_bytes())
            }
        }

        impl Hash for $name {
            fn hash<H: Hasher>(&self, state: &mut H) {
                self.as_bytes().hash(state)
            }
        }

        crate::__impl_try_from_any!($name);
    };
}

byte_string_type!(
    /// An FFI string (`ffi.String`): UTF-8 by convention, but any bytes are carried
    /// (SPEC STR-ENCODING).
    ///
    /// ```
    /// let s = tvm_ffi::String::from("hello, world");
    /// assert_eq!(s, "hello, world");
    /// assert!(!s.is_small());
    /// assert!(tvm_ffi::String::from("tiny").is_small());
    /// ```
    String, sys::kTVMFFISmallStr, sys::kTVMFFIStr, sys::kTVMFFIRawStr, false, "str"
);

byte_string_type!(
    /// An FFI byte string (`ffi.Bytes`).
    ///
    /// ```
    /// let b = tvm_ffi::Bytes::from(&[0u8, 1, 2][..]);
    /// assert_eq!(b.as_bytes(), &[0, 1, 2]);
    /// ```
    Bytes, sys::kTVMFFISmallBytes, sys::kTVMFFIBytes, sys::kTVMFFIByteArrayPtr, true, "bytes"
);

impl String {
    /// The content as `&str`, or a ValueError when it is not UTF-8.
    pub fn to_str(&self) -> Result<&str> {
        Ok(std::str::from_utf8(self.as_bytes())?)
    }

    /// The content, with invalid UTF-8 replaced.
    pub fn to_string_lossy(&self) -> Cow<'_, str> {
        std::string::String::from_utf8_lossy(self.as_bytes())
    }
}

impl From<&str> for String {
    fn from(value: &str) -> String {
        String::from_bytes(value.as_bytes())
    }
}

impl From<std::string::String> for String {
    fn from(value: std::string::String) -> String {
        String::from(value.as_str())
    }
}

impl From<&std::string::String> for String {
    fn from(value: &std::string::String) -> String {
        String::from(value.as_str())
    }
}

impl fmt::Display for String {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_string_lossy())
    }
}

impl fmt::Debug for String {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.to_string_lossy(), f)
    }
}

impl PartialEq<str> for String {
    fn eq(&self, other: &str) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialEq<&str> for String {
    fn eq(&self, other: &&str) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl From<&[u8]> for Bytes {
    fn from(value: &[u8]) -> Bytes {
        Bytes::from_bytes(value)
    }
}

impl From<Vec<u8>> for Bytes {
    fn from(value: Vec<u8>) -> Bytes {
        Bytes::from_bytes(&value)
    }
}

impl fmt::Debug for Bytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "b\"{}\"", self.as_bytes().escape_ascii())
    }
}

impl PartialEq<[u8]> for Bytes {
    fn eq(&self, other: &[u8]) -> bool {
        self.as_bytes() == other
    }
}

impl From<&str> for Any {
    fn from(value: &str) -> Any {
        make_bytes_any(value.as_bytes(), false)
    }
}

impl From<std::string::String> for Any {
    fn from(value: std::string::String) -> Any {
        Any::from(value.as_str())
    }
}

impl From<&std::string::String> for Any {
    fn from(value: &std::string::String) -> Any {
        Any::from(value.as_str())
    }
}

impl From<&[u8]> for Any {
    fn from(value: &[u8]) -> Any {
        make_bytes_any(value, true)
    }
}

impl From<Vec<u8>> for Any {
    fn from(value: Vec<u8>) -> Any {
        make_bytes_any(&value, true)
    }
}

impl FromAny for std::string::String {
    fn type_name() -> Cow<'static, str> {
        Cow::Borrowed("str")
    }
    fn type_schema() -> std::string::String {
        String::type_schema()
    }
    fn from_view(view: &AnyView<'_>) -> Result<Self> {
        let s = String::from_view(view)?;
        let text = s.to_str().map_err(|_| {
            Error::value_error(format!("string is not valid UTF-8: {:?}", s.to_string_lossy()))
        })?;
        Ok(text.to_owned())
    }
}

impl FromAny for Vec<u8> {
    fn type_name() -> Cow<'static, str> {
        Cow::Borrowed("bytes")
    }
    fn type_schema() -> std::string::String {
        Bytes::type_schema()
    }
    fn from_view(view: &AnyView<'_>) -> Result<Self> {
        Ok(Bytes::from_view(view)?.as_bytes().to_vec())
    }
}

crate::__impl_try_from_any!(std::string::String, Vec<u8>);
