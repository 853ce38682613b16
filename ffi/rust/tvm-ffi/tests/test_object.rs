// ffi/rust/tvm-ffi/tests/test_object.rs: ObjectArc, refcounts, downcasts, Rust-defined types.
mod common;

use std::sync::atomic::{AtomicUsize, Ordering};

use common::expect_err;
use tvm_ffi::{
    define_object, sys, Any, Array, Function, Object, ObjectArc, ObjectType, Result, String,
};

static SHAPE_DROPS: AtomicUsize = AtomicUsize::new(0);

/// Counts drops, to check that the deleter runs exactly once.
#[derive(Clone)]
struct DropCounter;
impl Drop for DropCounter {
    fn drop(&mut self) {
        SHAPE_DROPS.fetch_add(1, Ordering::SeqCst);
    }
}

define_object! {
    /// A root type defined in Rust.
    pub struct ShapeObj: Object = "rust.test.Shape" {
        pub name: String,
        pub sides: i64,
    }
}

define_object! {
    /// A child of ShapeObj.
    pub struct SquareObj: ShapeObj = "rust.test.Square" {
        pub side: f64,
        pub tags: Array<String>,
        pub parent: Option<ObjectArc<ShapeObj>>,
    }
}

define_object! {
    /// A grandchild, to exercise the ancestor walk of the instance check.
    pub struct ColoredSquareObj: SquareObj = "rust.test.ColoredSquare" {
        pub color: String,
    }
}

define_object! {
    /// An unrelated root type.
    pub struct OtherObj: Object = "rust.test.Other" {
        pub value: Any,
    }
}

/// A plain Rust struct (not reflected) that lives inside an object, to count drops.
#[repr(C)]
pub struct CountedObj {
    base: Object,
    _counter: DropCounter,
}
// SAFETY: repr(C) with the header first; registered below as a child of ffi.Object.
unsafe impl ObjectType for CountedObj {
    const TYPE_KEY: &'static str = "rust.test.Counted";
    fn type_index() -> i32 {
        static INDEX: std::sync::OnceLock<(i32, i32)> = std::sync::OnceLock::new();
        INDEX.get_or_init(|| tvm_ffi::reflect::register_type::<CountedObj, Object>(&[])).0
    }
    fn type_depth() -> i32 {
        1
    }
}

fn shape(name: &str, sides: i64) -> ShapeObj {
    ShapeObj { base: Object::default(), name: name.into(), sides }
}

fn square(side: f64) -> SquareObj {
    SquareObj { base: shape("square", 4), side, tags: vec![String::from("a")].into(), parent: None }
}

#[test]
fn new_objects_start_with_one_strong_and_one_weak_reference() {
    // SPEC: OBJ-REFCOUNT-INIT, OBJ-REFCOUNT-BITS
    let s = ObjectArc::new(shape("tri", 3));
    let header = ObjectArc::header(&s);
    assert_eq!((header.strong_count(), header.weak_count()), (1, 1));
    assert_eq!(header.type_key(), "rust.test.Shape");
    assert_eq!(header.type_index(), ShapeObj::type_index());
    assert!(ShapeObj::type_index() >= sys::kTVMFFIDynObjectBegin);
}

#[test]
fn clone_and_drop_change_the_count_in_the_header() {
    // SPEC: OBJ-INCREF, OBJ-DECREF, OBJ-INCREF-API
    let s = ObjectArc::new(shape("tri", 3));
    let t = s.clone();
    assert_eq!(ObjectArc::strong_count(&s), 2);
    // SAFETY: a live object; the C API adds and drops a reference symmetrically.
    unsafe {
        assert_eq!(sys::TVMFFIObjectIncRef(ObjectArc::as_handle(&s)), 0);
        assert_eq!(ObjectArc::strong_count(&s), 3);
        assert_eq!(sys::TVMFFIObjectDecRef(ObjectArc::as_handle(&s)), 0);
    }
    drop(t);
    assert_eq!(ObjectArc::strong_count(&s), 1);
    let any = Any::from(s.clone());
    assert_eq!(ObjectArc::strong_count(&s), 2);
    drop(any);
    assert_eq!(ObjectArc::strong_count(&s), 1);
}

#[test]
fn the_deleter_drops_the_value_exactly_once() {
    // SPEC: OBJ-DELETER-FLAGS, OBJ-DELETER-OWNER
    let before = SHAPE_DROPS.load(Ordering::SeqCst);
    let obj = ObjectArc::new(CountedObj { base: Object::default(), _counter: DropCounter });
    let handle = ObjectArc::into_handle(obj.clone());
    drop(obj);
    assert_eq!(SHAPE_DROPS.load(Ordering::SeqCst), before);
    // The last reference is released by C.
    // SAFETY: we own the reference that into_handle gave us.
    unsafe { sys::TVMFFIObjectDecRef(handle) };
    assert_eq!(SHAPE_DROPS.load(Ordering::SeqCst), before + 1);
}

#[test]
fn types_register_with_parent_and_depth() {
    // SPEC: REG-TYPE-ANCESTORS, REG-ALLOC-MONOTONIC
    assert_eq!(ShapeObj::type_depth(), 1);
    assert_eq!(SquareObj::type_depth(), 2);
    assert_eq!(ColoredSquareObj::type_depth(), 3);
    assert!(SquareObj::type_index() > ShapeObj::type_index());
    // SAFETY: a registered type's info lives for the process.
    let info = unsafe { &*sys::TVMFFIGetTypeInfo(ColoredSquareObj::type_index()) };
    // SAFETY: type_depth ancestors.
    let ancestors: Vec<i32> =
        (0..3).map(|d| unsafe { (**info.type_ancestors.add(d)).type_index }).collect();
    assert_eq!(
        ancestors,
        vec![sys::kTVMFFIObject, ShapeObj::type_index(), SquareObj::type_index()]
    );
}

#[test]
fn downcasts_follow_the_instance_check() {
    // SPEC: REG-INSTANCE-CHECK
    let colored = ObjectArc::new(ColoredSquareObj { base: square(2.0), color: "red".into() });
    let as_object = ObjectArc::into_object(colored.clone());
    assert_eq!(as_object.type_key(), "rust.test.ColoredSquare");
    assert!(tvm_ffi::object::is_instance::<ShapeObj>(as_object.type_index()));
    assert!(tvm_ffi::object::is_instance::<SquareObj>(as_object.type_index()));
    assert!(!tvm_ffi::object::is_instance::<OtherObj>(as_object.type_index()));
    let as_shape: ObjectArc<ShapeObj> = ObjectArc::try_cast(as_object.clone()).expect("a Shape");
    assert_eq!(as_shape.sides, 4);
    let back: ObjectArc<ColoredSquareObj> = ObjectArc::try_cast(as_shape).expect("still colored");
    assert_eq!(back.color, "red");
    assert_eq!(back.side, 2.0);
    assert_eq!(back.name, "square", "parent fields through Deref");
    let err = ObjectArc::try_cast::<OtherObj>(as_object).unwrap_err();
    assert_eq!(err.kind(), "TypeError");
    assert!(err.message().contains("`rust.test.ColoredSquare` to `rust.test.Other`"));
    let plain = ObjectArc::new(shape("x", 1));
    assert!(ObjectArc::downcast::<SquareObj>(plain).is_err(), "a parent is not a child");
    assert!(
        !tvm_ffi::object::is_instance::<tvm_ffi::array::ArrayObj>(sys::kTVMFFIMap),
        "builtins are final"
    );
}

#[test]
fn objects_convert_through_any_with_checks() -> Result<()> {
    let sq = ObjectArc::new(square(1.5));
    let any = Any::from(sq.clone());
    assert_eq!(any.type_name(), "rust.test.Square");
    let back: ObjectArc<SquareObj> = any.to()?;
    assert!(ObjectArc::ptr_eq(&back, &sq));
    let parent: ObjectArc<ShapeObj> = any.to()?;
    assert_eq!(parent.sides, 4);
    expect_err(
        any.to::<ObjectArc<ColoredSquareObj>>(),
        "TypeError",
        "expected `rust.test.ColoredSquare`, got `rust.test.Square`",
    );
    expect_err(Any::from(1i64).cast::<ObjectArc<ShapeObj>>(), "TypeError", "got `int`");
    drop((any, back, parent));
    assert_eq!(ObjectArc::strong_count(&sq), 1);
    Ok(())
}

/// Reads field `name` of `obj` the way another language does: type info, then the getter.
fn read_field(obj: &Any, name: &str) -> Any {
    let mut index = obj.type_index();
    loop {
        // SAFETY: registered type infos live for the process.
        let info = unsafe { &*sys::TVMFFIGetTypeInfo(index) };
        for i in 0..info.num_fields as usize {
            // SAFETY: `fields` has `num_fields` entries.
            let field = unsafe { &*info.fields.add(i) };
            // SAFETY: the registry owns the name bytes.
            let field_name = unsafe {
                std::slice::from_raw_parts(field.name.data as *const u8, field.name.size)
            };
            if field_name == name.as_bytes() {
                let mut out = *Any::none().as_raw();
                // SAFETY: the getter reads the field at obj + offset into an owned result.
                let rc = unsafe {
                    let base = obj.as_raw().value.v_obj as *mut u8;
                    (field.getter.unwrap())(base.add(field.offset as usize).cast(), &mut out)
                };
                assert_eq!(rc, 0);
                // SAFETY: an owned result.
                return unsafe { Any::from_raw(out) };
            }
        }
        assert!(info.type_depth > 0, "no field {name}");
        // SAFETY: the parent is the last ancestor.
        index = unsafe { (**info.type_ancestors.add(info.type_depth as usize - 1)).type_index };
    }
}

#[test]
fn reflected_fields_are_readable_through_the_c_abi() -> Result<()> {
    // SPEC: REG-FIELD-ACCESSORS, REG-FIELD-OWN-ONLY
    let sq = Any::from(ObjectArc::new(SquareObj {
        parent: Some(ObjectArc::new(shape("p", 5))),
        ..square(3.0)
    }));
    assert_eq!(read_field(&sq, "side").cast::<f64>()?, 3.0);
    assert_eq!(read_field(&sq, "sides").cast::<i64>()?, 4, "inherited field via the parent");
    assert_eq!(read_field(&sq, "name").cast::<std::string::String>()?, "square");
    assert_eq!(read_field(&sq, "tags").cast::<Array<String>>()?.to_vec(), vec![String::from("a")]);
    let parent = read_field(&sq, "parent").cast::<ObjectArc<ShapeObj>>()?;
    assert_eq!(parent.sides, 5);
    // SAFETY: a registered type.
    let info = unsafe { &*sys::TVMFFIGetTypeInfo(SquareObj::type_index()) };
    assert_eq!(info.num_fields, 3, "only the type's own fields");
    // SAFETY: three field infos.
    let fields = unsafe { std::slice::from_raw_parts(info.fields, 3) };
    assert_eq!(fields[0].field_static_type_index, sys::kTVMFFIFloat);
    assert_eq!(fields[1].field_static_type_index, sys::kTVMFFIArray);
    assert_eq!(fields[0].offset as usize, std::mem::offset_of!(SquareObj, side));
    // SAFETY: metadata is registered once with the Rust size.
    assert_eq!(unsafe { (*info.metadata).total_size } as usize, std::mem::size_of::<SquareObj>());
    Ok(())
}

#[test]
fn field_setters_convert_and_reject_bad_values() -> Result<()> {
    let obj = Any::from(ObjectArc::new(shape("before", 1)));
    // SAFETY: a registered type.
    let info = unsafe { &*sys::TVMFFIGetTypeInfo(ShapeObj::type_index()) };
    // SAFETY: field 0 is `name`, field 1 `sides`; plain setters (flag bit 11 unset).
    let (name, sides) = unsafe { (&*info.fields, &*info.fields.add(1)) };
    assert_eq!(name.flags & sys::kTVMFFIFieldFlagBitSetterIsFunctionObj as i64, 0);
    let call_setter = |field: &sys::TVMFFIFieldInfo, value: Any| -> i32 {
        // SAFETY: the setter is a TVMFFIFieldSetter (bit 11 unset); the field is live.
        unsafe {
            let setter: unsafe extern "C" fn(*mut std::ffi::c_void, *const sys::TVMFFIAny) -> i32 =
                std::mem::transmute(field.setter);
            let base = obj.as_raw().value.v_obj as *mut u8;
            setter(base.add(field.offset as usize).cast(), value.as_raw())
        }
    };
    assert_eq!(call_setter(name, Any::from("after the setter")), 0);
    assert_eq!(read_field(&obj, "name").cast::<std::string::String>()?, "after the setter");
    assert_eq!(call_setter(sides, Any::from("not an int")), -1);
    let err = tvm_ffi::Error::from_raised();
    assert_eq!(err.kind(), "TypeError");
    assert_eq!(read_field(&obj, "sides").cast::<i64>()?, 1);
    Ok(())
}

#[test]
fn objects_cross_function_calls_by_reference() -> Result<()> {
    let f = Function::from_typed(|s: ObjectArc<ShapeObj>| s.sides * 10);
    let sq = ObjectArc::new(square(1.0));
    assert_eq!(f.call((&sq,))?.cast::<i64>()?, 40);
    assert_eq!(ObjectArc::strong_count(&sq), 1);
    expect_err(
        f.call((ObjectArc::new(OtherObj { base: Object::default(), value: Any::none() }),)),
        "TypeError",
        "argument #0",
    );
    Ok(())
}

#[test]
fn refcounts_stay_exact_under_concurrent_clones() {
    // SPEC: OBJ-REFCOUNT-BITS
    let obj = ObjectArc::new(shape("shared", 0));
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| {
                for _ in 0..10_000 {
                    let c = obj.clone();
                    drop(c);
                }
            });
        }
    });
    assert_eq!(ObjectArc::strong_count(&obj), 1);
    assert_eq!(ObjectArc::header(&obj).weak_count(), 1);
}
