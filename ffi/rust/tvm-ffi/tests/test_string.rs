// ffi/rust/tvm-ffi/tests/test_string.rs: String and Bytes, the small-string rule, bad input.
mod common;

use common::expect_err;
use tvm_ffi::{sys, Any, Bytes, Function, Result, String};

/// The value the runtime itself makes for `text` (TVMFFIStringFromByteArray).
fn runtime_string(text: &[u8], bytes: bool) -> Any {
    let input = sys::TVMFFIByteArray { data: text.as_ptr().cast(), size: text.len() };
    let mut out = *Any::none().as_raw();
    // SAFETY: valid input and output.
    let rc = unsafe {
        if bytes {
            sys::TVMFFIBytesFromByteArray(&input, &mut out)
        } else {
            sys::TVMFFIStringFromByteArray(&input, &mut out)
        }
    };
    assert_eq!(rc, 0);
    // SAFETY: an owned result.
    unsafe { Any::from_raw(out) }
}

fn raw_bytes(any: &Any) -> [u8; 16] {
    // SAFETY: TVMFFIAny is 16 plain bytes.
    unsafe { std::mem::transmute::<sys::TVMFFIAny, [u8; 16]>(*any.as_raw()) }
}

#[test]
fn seven_bytes_or_fewer_are_small_and_match_the_runtime_bit_for_bit() {
    // SPEC: STR-SMALL, STR-SMALL-ZERO, ANY-BYTE-EQUALITY
    for text in ["", "a", "abcdefg", "a\0b"] {
        let ours = Any::from(text);
        assert_eq!(ours.type_index(), sys::kTVMFFISmallStr, "{text:?}");
        assert_eq!(raw_bytes(&ours), raw_bytes(&runtime_string(text.as_bytes(), false)));
        let ours = Any::from(text.as_bytes());
        assert_eq!(ours.type_index(), sys::kTVMFFISmallBytes);
        assert_eq!(raw_bytes(&ours), raw_bytes(&runtime_string(text.as_bytes(), true)));
    }
    let seven = raw_bytes(&Any::from("abcdefg"));
    assert_eq!(&seven[4..8], &7u32.to_ne_bytes());
    assert_eq!(&seven[8..16], b"abcdefg\0");
}

#[test]
fn eight_bytes_or_more_are_heap_objects_with_a_trailing_nul() {
    // SPEC: STR-HEAP, STR-HEAP-NUL
    let s = String::from("abcdefgh");
    assert!(!s.is_small());
    let any = Any::from(s.clone());
    assert_eq!(any.type_index(), sys::kTVMFFIStr);
    // SAFETY: a heap String object.
    let cell = unsafe { &*sys::TVMFFIBytesGetByteArrayPtr(any.as_raw().value.v_obj.cast()) };
    assert_eq!(cell.size, 8);
    // SAFETY: STR-HEAP-NUL says data[size] is readable and NUL.
    assert_eq!(unsafe { *cell.data.add(8) }, 0);
    assert_eq!(Any::from(&b"12345678"[..]).type_index(), sys::kTVMFFIBytes);
}

#[test]
fn heap_strings_from_the_runtime_read_back() -> Result<()> {
    let any = runtime_string(b"made by the C runtime", false);
    let s: String = any.cast()?;
    assert_eq!(s, "made by the C runtime");
    assert_eq!(s.len(), 21);
    Ok(())
}

#[test]
fn embedded_nuls_and_arbitrary_bytes_are_carried() -> Result<()> {
    // SPEC: STR-ENCODING
    let text = "nul\0inside\0the string";
    let s = String::from(text);
    assert_eq!(s.to_str()?, text);
    let not_utf8 = runtime_string(&[0xff, 0xfe, b'a', b'b', b'c', b'd', b'e', b'f'], false);
    let s: String = not_utf8.to()?;
    assert_eq!(s.len(), 8);
    expect_err(s.to_str(), "ValueError", "invalid UTF-8");
    expect_err(not_utf8.cast::<std::string::String>(), "ValueError", "not valid UTF-8");
    Ok(())
}

#[test]
fn strings_and_bytes_do_not_convert_into_each_other() {
    // SPEC: STR-EQUALITY
    expect_err(Any::from("text").cast::<Bytes>(), "TypeError", "expected `bytes`, got `str`");
    expect_err(
        Any::from(&b"text"[..]).cast::<String>(),
        "TypeError",
        "expected `str`, got `bytes`",
    );
}

#[test]
fn equality_hash_and_order_use_the_content() {
    use std::collections::HashSet;
    let a = String::from("a long string value");
    let b = String::from("a long string value".to_string());
    assert_eq!(a, b);
    assert_eq!(a, "a long string value");
    let set: HashSet<String> = [a.clone(), b, String::from("x")].into_iter().collect();
    assert_eq!(set.len(), 2);
    let (abc, abd) = (String::from("abc"), String::from("abd"));
    assert!(abc < abd);
    assert_eq!(format!("{a}"), "a long string value");
    assert_eq!(format!("{:?}", String::from("q\"")), "\"q\\\"\"");
    assert_eq!(format!("{:?}", Bytes::from(&[0u8, b'a'][..])), "b\"\\x00a\"");
}

#[test]
fn heap_strings_are_freed_when_the_last_reference_goes() {
    // SPEC: OBJ-DECREF, OBJ-DELETER-OWNER
    let s = Any::from("long enough to live on the heap");
    let extra = s.clone();
    assert_eq!(common::strong_count(&s), 2);
    drop(extra);
    assert_eq!(common::strong_count(&s), 1);
    // The final drop frees through the Rust deleter; running under valgrind/ASan finds misuse.
}

#[test]
fn strings_pass_through_a_c_call_unchanged() -> Result<()> {
    let echo = Function::from_closure(|args| Ok(args[0].to_owned()));
    for text in ["", "short", "exactly8", "a longer string that lives on the heap"] {
        let back: std::string::String = echo.call((text,))?.cast()?;
        assert_eq!(back, text);
        let back: Vec<u8> = echo.call((text.as_bytes(),))?.cast()?;
        assert_eq!(back, text.as_bytes());
        let back: String = echo.call((String::from(text),))?.cast()?;
        assert_eq!(back, text);
    }
    Ok(())
}

#[test]
fn the_runtime_ffi_string_global_agrees() -> Result<()> {
    require_globals!(Ok; "ffi.String");
    let f = Function::get_global_or_err("ffi.String")?;
    let s: String = f.call(("from a global",))?.cast()?;
    assert_eq!(s, "from a global");
    Ok(())
}
