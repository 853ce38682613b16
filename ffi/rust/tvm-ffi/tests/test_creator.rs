// ffi/rust/tvm-ffi/tests/test_creator.rs: Rust-defined types that other languages construct.
mod common;

use common::expect_err;
use tvm_ffi::{
    define_object, sys, Any, Array, Function, Object, ObjectArc, ObjectType, Result, String,
};

define_object! {
    /// Has `Default`, so it gets a creator, `__ffi_new__` and `__ffi_init__`.
    #[derive(Default)]
    pub struct PairObj: Object = "rust.test.creator.Pair" {
        pub first: i64,
        pub second: String,
        pub extra: Option<Array<f64>>,
    }
}

define_object! {
    /// A child with its own field; the generated init takes the parent's fields first.
    #[derive(Default)]
    pub struct TripleObj: PairObj = "rust.test.creator.Triple" {
        pub third: f64,
    }
}

define_object! {
    /// Holds a non-nullable object field, so it cannot have a `Default` and has no creator.
    pub struct HolderObj: Object = "rust.test.creator.Holder" {
        pub pair: ObjectArc<PairObj>,
    }
}

fn type_info(index: i32) -> &'static sys::TVMFFITypeInfo {
    // SAFETY: a registered type's info lives for the process.
    unsafe { &*sys::TVMFFIGetTypeInfo(index) }
}

/// The value of type attribute `name` for `index`, or None.
fn type_attr(name: &str, index: i32) -> Any {
    let bytes = sys::TVMFFIByteArray { data: name.as_ptr().cast(), size: name.len() };
    // SAFETY: a valid name; the column, when present, lives for the process.
    let column = unsafe { sys::TVMFFIGetTypeAttrColumn(&bytes) };
    if column.is_null() {
        return Any::none();
    }
    // SAFETY: SPEC REG-ATTR-LOOKUP: entries `begin_index .. begin_index + size` are valid.
    unsafe {
        let column = &*column;
        let offset = index - column.begin_index;
        if offset < 0 || offset >= column.size {
            return Any::none();
        }
        tvm_ffi::AnyView::from_raw(*column.data.add(offset as usize)).to_owned()
    }
}

fn kwargs() -> Any {
    Function::get_global_or_err("ffi.GetKwargsObject").unwrap().call(()).unwrap()
}

#[test]
fn a_default_type_registers_a_creator_that_makes_default_objects() -> Result<()> {
    // SPEC: REG-CREATOR
    let info = type_info(PairObj::type_index());
    // SAFETY: registered metadata.
    let creator = unsafe { (*info.metadata).creator }.expect("PairObj derives Default");
    let mut handle: sys::TVMFFIObjectHandle = std::ptr::null_mut();
    // SAFETY: the creator writes a new reference into `handle`.
    assert_eq!(unsafe { creator(&mut handle) }, 0);
    // SAFETY: a new PairObj reference.
    let pair: ObjectArc<PairObj> = unsafe { ObjectArc::from_owned_handle(handle) };
    assert_eq!(ObjectArc::header(&pair).type_key(), "rust.test.creator.Pair");
    assert_eq!((pair.first, pair.second.as_bytes(), pair.extra.is_none()), (0, &b""[..], true));
    assert_eq!(ObjectArc::strong_count(&pair), 1);
    Ok(())
}

#[test]
fn a_type_without_default_has_no_creator_and_refuses_reflective_construction() {
    let info = type_info(HolderObj::type_index());
    // SAFETY: registered metadata.
    assert!(unsafe { (*info.metadata).creator }.is_none());
    assert!(type_attr("__ffi_init__", HolderObj::type_index()).is_none());
    if !common::has_global("ffi.MakeObjectFromPackedArgs") {
        return;
    }
    let make = Function::get_global_or_err("ffi.MakeObjectFromPackedArgs").unwrap();
    let pair = ObjectArc::new(PairObj::default());
    expect_err(
        make.call(("rust.test.creator.Holder", "pair", &pair)),
        "RuntimeError",
        "rust.test.creator.Holder",
    );
}

#[test]
fn objects_are_built_from_field_names_through_the_runtime() -> Result<()> {
    require_globals!(Ok; "ffi.MakeObjectFromPackedArgs");
    let make = Function::get_global_or_err("ffi.MakeObjectFromPackedArgs")?;
    let extra: Array<f64> = vec![1.5, 2.5].into();
    let made =
        make.call(("rust.test.creator.Pair", "first", 7, "second", "seven", "extra", &extra))?;
    let pair: ObjectArc<PairObj> = made.cast()?;
    assert_eq!((pair.first, pair.second.to_string()), (7, "seven".to_owned()));
    assert_eq!(pair.extra.as_ref().map(Array::to_vec), Some(vec![1.5, 2.5]));
    // A value of the wrong type is refused by the Rust field setter, with its kind.
    expect_err(
        make.call(("rust.test.creator.Pair", "first", "x", "second", "s", "extra", ())),
        "TypeError",
        "expected `int`",
    );
    // A field that is not given has no default: a TypeError that names it.
    expect_err(make.call(("rust.test.creator.Pair", "first", 1)), "TypeError", "second");
    Ok(())
}

#[test]
fn the_generated_init_takes_positional_and_keyword_arguments() -> Result<()> {
    require_globals!(Ok; "ffi._RegisterFFIInit", "ffi.GetKwargsObject");
    let init: Function = type_attr("__ffi_init__", PairObj::type_index()).cast()?;
    let pair: ObjectArc<PairObj> = init.call((3, "three", ()))?.cast()?;
    assert_eq!(
        (pair.first, pair.second.to_string(), pair.extra.is_none()),
        (3, "three".into(), true)
    );
    let kw = kwargs();
    let pair: ObjectArc<PairObj> =
        init.call((4, &kw, "extra", Array::<f64>::from(vec![0.5]), "second", "four"))?.cast()?;
    assert_eq!((pair.first, pair.second.to_string()), (4, "four".into()));
    expect_err(init.call((1, "a", (), "too many")), "TypeError", "positional");
    expect_err(init.call((&kw, "nope", 1)), "TypeError", "nope");
    // The child's init covers the inherited fields first.
    let triple_init: Function = type_attr("__ffi_init__", TripleObj::type_index()).cast()?;
    let triple: ObjectArc<TripleObj> = triple_init.call((1, "one", (), 0.25))?.cast()?;
    assert_eq!((triple.first, triple.third), (1, 0.25));
    Ok(())
}

#[test]
fn ffi_new_makes_an_empty_object() -> Result<()> {
    let new: Function = type_attr("__ffi_new__", PairObj::type_index()).cast()?;
    let pair: ObjectArc<PairObj> = new.call(())?.cast()?;
    assert_eq!(pair.first, 0);
    assert!(type_attr("__ffi_new__", HolderObj::type_index()).is_none());
    Ok(())
}

#[test]
fn field_metadata_carries_the_type_schema() {
    let info = type_info(PairObj::type_index());
    // SAFETY: three registered fields whose metadata bytes the registry owns.
    let metadata: Vec<std::string::String> = (0..3)
        .map(|i| unsafe {
            let m = &(*info.fields.add(i)).metadata;
            let bytes = std::slice::from_raw_parts(m.data as *const u8, m.size);
            std::string::String::from_utf8(bytes.to_vec()).unwrap()
        })
        .collect();
    assert_eq!(metadata[0], r#"{"type_schema":"{\"type\":\"int\"}"}"#);
    assert_eq!(metadata[1], r#"{"type_schema":"{\"type\":\"ffi.String\"}"}"#);
    assert_eq!(
        metadata[2],
        r#"{"type_schema":"{\"type\":\"Optional\",\"args\":[{\"type\":\"ffi.Array\",\"args\":[{\"type\":\"float\"}]}]}"}"#
    );
}

#[test]
fn types_are_registered_when_the_binary_is_loaded() {
    // No Rust code has touched this type: only the load-time registration can have run.
    define_object! {
        /// Used by nothing but this test.
        #[derive(Default)]
        pub struct UntouchedObj: Object = "rust.test.creator.Untouched" {
            pub value: i64,
        }
    }
    let key = "rust.test.creator.Untouched";
    let bytes = sys::TVMFFIByteArray { data: key.as_ptr().cast(), size: key.len() };
    let mut index = -1;
    // SAFETY: valid key and output slot.
    let rc = unsafe { sys::TVMFFITypeKeyToIndex(&bytes, &mut index) };
    assert_eq!(rc, 0, "the type is registered before main runs");
    assert_eq!(index, UntouchedObj::type_index());
}
