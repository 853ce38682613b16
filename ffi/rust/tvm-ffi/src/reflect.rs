// ffi/rust/tvm-ffi/src/reflect.rs: object types defined in Rust, with reflected fields.
//! Defining object types in Rust: [`define_object!`](crate::define_object) declares a
//! `#[repr(C)]` struct whose first field is its parent, registers its type key with the runtime
//! (SPEC §4.2), and registers every field with a getter and a setter (SPEC §4.5), so Python,
//! C++ and other Rust code can read them.

use std::ffi::{c_int, c_void};

use crate::any::{raw_none, Any, AnyView, FromAny};
use crate::error::Error;
use crate::function::byte_array;
use crate::object::ObjectType;
use crate::panic::ffi_boundary;
use crate::sys;

/// A type that can be a reflected field of an object defined with `define_object!`.
pub trait FieldType: FromAny + Clone + Into<Any> + Send + Sync + 'static {}

impl<T: FromAny + Clone + Into<Any> + Send + Sync + 'static> FieldType for T {}

/// The description of one reflected field, made by `define_object!`.
#[doc(hidden)]
pub struct FieldSpec {
    name: &'static str,
    offset: usize,
    size: usize,
    alignment: usize,
    static_type_index: i32,
    getter: sys::TVMFFIFieldGetter,
    setter: sys::TVMFFIFieldSetter,
}

impl FieldSpec {
    /// A field of type `F` at `offset` bytes from the object header.
    ///
    /// # Safety
    /// Every object of the type being registered must hold a live `F` at `offset`.
    pub unsafe fn new<F: FieldType>(name: &'static str, offset: usize) -> FieldSpec {
        FieldSpec {
            name,
            offset,
            size: std::mem::size_of::<F>(),
            alignment: std::mem::align_of::<F>(),
            static_type_index: F::static_type_index(),
            getter: Some(field_getter::<F>),
            setter: Some(field_setter::<F>),
        }
    }
}

/// `getter(obj + offset, result)` (SPEC REG-FIELD-ACCESSORS): writes an owned copy.
unsafe extern "C" fn field_getter<F: FieldType>(
    field: *mut c_void,
    result: *mut sys::TVMFFIAny,
) -> c_int {
    ffi_boundary(|| {
        // SAFETY: the runtime passes the address of a live field of type F.
        let value = unsafe { &*(field as *const F) }.clone();
        // SAFETY: `result` is the caller's slot; ownership passes to it.
        unsafe { result.write(Into::<Any>::into(value).into_raw()) };
        Ok(())
    })
}

/// `setter(obj + offset, value)`: converts the borrowed value and replaces the field.
///
/// Fields are registered read-only; the setter exists for deserialization (SPEC
/// REG-FIELD-ACCESSORS), and a caller must not use it while Rust code reads the object.
unsafe extern "C" fn field_setter<F: FieldType>(
    field: *mut c_void,
    value: *const sys::TVMFFIAny,
) -> c_int {
    ffi_boundary(|| {
        // SAFETY: the runtime passes a valid borrowed value; AnyView is a transparent TVMFFIAny.
        let view = unsafe { &*(value as *const AnyView<'_>) };
        let new_value = F::from_view(view)?;
        // SAFETY: the address of a live field of type F; the old value is dropped.
        unsafe { *(field as *mut F) = new_value };
        Ok(())
    })
}

/// Registers `T` under its type key with parent `P`, then its fields and metadata, once per
/// process. Returns the type index and depth. Used by `define_object!`.
///
/// # Panics
/// When the runtime refuses the type (for example, a key registered with another parent).
#[doc(hidden)]
pub fn register_type<T: ObjectType, P: ObjectType>(fields: &[FieldSpec]) -> (i32, i32) {
    let key = byte_array(T::TYPE_KEY);
    let parent_depth = P::type_depth();
    // SAFETY: valid key bytes; the parent is registered (its index was computed above).
    let index = unsafe {
        sys::TVMFFITypeGetOrAllocIndex(&key, -1, parent_depth + 1, 0, 1, P::type_index())
    };
    if index < 0 {
        panic!("cannot register object type `{}`: {}", T::TYPE_KEY, Error::from_raised());
    }
    // SAFETY: a registered index has a type info that lives for the process.
    let info = unsafe { &*sys::TVMFFIGetTypeInfo(index) };
    let depth = info.type_depth;
    // SAFETY: `type_depth` ancestors (SPEC REG-TYPE-ANCESTORS).
    let parent =
        (depth > 0).then(|| unsafe { (**info.type_ancestors.add(depth as usize - 1)).type_index });
    if depth != parent_depth + 1 || parent != Some(P::type_index()) {
        panic!(
            "object type `{}` is already registered with another parent than `{}`",
            T::TYPE_KEY,
            P::TYPE_KEY
        );
    }
    if info.num_fields == 0 {
        for field in fields {
            register_field(index, field);
        }
    }
    if info.metadata.is_null() {
        let metadata = sys::TVMFFITypeMetadata {
            doc: byte_array(""),
            creator: None,
            total_size: std::mem::size_of::<T>() as i32,
            structural_eq_hash_kind: sys::kTVMFFISEqHashKindUnsupported,
        };
        // SAFETY: valid metadata; a concurrent registration makes this fail, which is fine.
        if unsafe { sys::TVMFFITypeRegisterMetadata(index, &metadata) } != 0 {
            crate::error::clear_raised();
        }
    }
    (index, info.type_depth)
}

fn register_field(type_index: i32, field: &FieldSpec) {
    let info = sys::TVMFFIFieldInfo {
        name: byte_array(field.name),
        doc: byte_array(""),
        metadata: byte_array(""),
        flags: 0,
        size: field.size as i64,
        alignment: field.alignment as i64,
        offset: field.offset as i64,
        getter: field.getter,
        setter: field.setter.map_or(std::ptr::null_mut(), |f| f as *mut c_void),
        default_value_or_factory: raw_none(),
        field_static_type_index: field.static_type_index,
    };
    // SAFETY: the runtime copies the strings (SPEC REG-FIELD-COPY).
    if unsafe { sys::TVMFFITypeRegisterField(type_index, &info) } != 0 {
        // A concurrent registration of the same type may already hold the field.
        crate::error::clear_raised();
    }
}

/// Defines an object type in Rust, registers it with the runtime and reflects its fields.
///
/// The struct is `#[repr(C)]`; its first field, `base`, is the parent object (use
/// [`Object`](crate::Object) for a root type). Field types must implement
/// [`FieldType`](crate::reflect::FieldType): numbers, `bool`, [`String`](crate::String),
/// [`Any`](crate::Any), `Option<_>`, [`Array`](crate::Array), [`ObjectArc`](crate::ObjectArc),
/// and the other FFI types. Fields are reflected read-only, so Python and C++ can read them.
///
/// ```
/// use tvm_ffi::{define_object, Object, ObjectArc};
///
/// define_object! {
///     /// A point in the plane.
///     pub struct PointObj: Object = "doc.Point" {
///         pub x: f64,
///         pub y: f64,
///     }
/// }
///
/// let p = ObjectArc::new(PointObj { base: Object::default(), x: 1.0, y: 2.0 });
/// assert_eq!(p.x + p.y, 3.0);
/// assert_eq!(ObjectArc::header(&p).type_key(), "doc.Point");
/// ```
#[macro_export]
macro_rules! define_object {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident : $parent:ty = $key:literal {
            $( $(#[$fmeta:meta])* $fvis:vis $field:ident : $fty:ty ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[repr(C)]
        $vis struct $name {
            /// The parent part of the object (its header comes first).
            pub base: $parent,
            $( $(#[$fmeta])* $fvis $field: $fty, )*
        }

        // SAFETY: `#[repr(C)]` with the parent first, registered with that parent.
        unsafe impl $crate::ObjectType for $name {
            const TYPE_KEY: &'static str = $key;
            fn type_index() -> i32 {
                <$name>::__tvm_ffi_type_info().0
            }
            fn type_depth() -> i32 {
                <$name>::__tvm_ffi_type_info().1
            }
        }

        impl $name {
            #[doc(hidden)]
            fn __tvm_ffi_type_info() -> (i32, i32) {
                static INFO: ::std::sync::OnceLock<(i32, i32)> = ::std::sync::OnceLock::new();
                *INFO.get_or_init(|| {
                    $crate::reflect::register_type::<$name, $parent>(&[
                        // SAFETY: `offset_of!` gives the offset of a field of that type.
                        $(unsafe {
                            $crate::reflect::FieldSpec::new::<$fty>(
                                ::core::stringify!($field),
                                ::core::mem::offset_of!($name, $field),
                            )
                        },)*
                    ])
                })
            }
        }

        impl ::core::ops::Deref for $name {
            type Target = $parent;
            fn deref(&self) -> &$parent {
                &self.base
            }
        }
    };
}
