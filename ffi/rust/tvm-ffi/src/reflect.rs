// ffi/rust/tvm-ffi/src/reflect.rs: object types defined in Rust, with reflected fields.
//! Defining object types in Rust: [`define_object!`](crate::define_object) declares a
//! `#[repr(C)]` struct whose first field is its parent, registers its type key with the runtime
//! (SPEC §4.2), and registers every field with a getter and a setter (SPEC §4.5), so Python,
//! C++ and other Rust code can read them. Types with a `Default` also get a creator and
//! `__ffi_init__` (SPEC §4.7), so those languages can construct them.

use std::ffi::{c_int, c_void};

use crate::any::{raw_none, Any, AnyView, FromAny};
use crate::error::{Error, Result};
use crate::function::{byte_array, Function};
use crate::object::{Object, ObjectArc, ObjectType};
use crate::panic::ffi_boundary;
use crate::sys;

/// A type that can be a reflected field of an object defined with `define_object!`.
pub trait FieldType: FromAny + Clone + Into<Any> + Send + Sync + 'static {}

impl<T: FromAny + Clone + Into<Any> + Send + Sync + 'static> FieldType for T {}

/// The description of one reflected field, made by `define_object!`.
#[doc(hidden)]
pub struct FieldSpec {
    name: &'static str,
    schema: std::string::String,
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
            schema: crate::schema::metadata(&F::type_schema()),
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
/// process, without a creator. Returns the type index and depth.
///
/// # Panics
/// When the runtime refuses the type (for example, a key registered with another parent).
#[doc(hidden)]
pub fn register_type<T: ObjectType, P: ObjectType>(fields: &[FieldSpec]) -> (i32, i32) {
    register_object_type::<T, P>(fields, None)
}

/// Like [`register_type`], with the creator that `define_object!` picked (SPEC REG-CREATOR).
/// A type with a creator also gets `__ffi_new__` and the generated `__ffi_init__`, so other
/// languages can construct it from its fields.
///
/// # Panics
/// When the runtime refuses the type (for example, a key registered with another parent).
#[doc(hidden)]
pub fn register_object_type<T: ObjectType, P: ObjectType>(
    fields: &[FieldSpec],
    creator: sys::TVMFFIObjectCreator,
) -> (i32, i32) {
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
    keep_library_loaded();
    if info.num_fields == 0 {
        for field in fields {
            register_field(index, field);
        }
    }
    if info.metadata.is_null() {
        let metadata = sys::TVMFFITypeMetadata {
            doc: byte_array(""),
            creator,
            total_size: std::mem::size_of::<T>() as i32,
            structural_eq_hash_kind: sys::kTVMFFISEqHashKindUnsupported,
        };
        // SAFETY: valid metadata; a concurrent registration makes this fail, which is fine.
        if unsafe { sys::TVMFFITypeRegisterMetadata(index, &metadata) } != 0 {
            crate::error::clear_raised();
        } else if let Some(creator) = creator {
            register_constructors(index, T::TYPE_KEY, creator);
        }
    }
    (index, info.type_depth)
}

/// Keeps the shared library that holds this code loaded until the process exits.
///
/// A registered type points into the library that defined it (field accessors, creator,
/// deleters of its objects), and the registry outlives any module handle, so a loader that
/// closes the library would leave dangling code pointers. C++ modules avoid this by never
/// being unloaded; a Rust cdylib pins itself the first time it registers a type.
fn keep_library_loaded() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        #[cfg(unix)]
        pin::pin_library_of(keep_library_loaded as *const c_void);
    });
}

#[cfg(unix)]
mod pin {
    use std::ffi::{c_char, c_int, c_void};

    #[repr(C)]
    struct DlInfo {
        fname: *const c_char,
        fbase: *mut c_void,
        sname: *const c_char,
        saddr: *mut c_void,
    }

    #[cfg_attr(target_os = "linux", link(name = "dl"))]
    extern "C" {
        fn dladdr(addr: *const c_void, info: *mut DlInfo) -> c_int;
        fn dlopen(filename: *const c_char, flags: c_int) -> *mut c_void;
    }

    const RTLD_LAZY: c_int = 0x1;
    #[cfg(target_vendor = "apple")]
    const RTLD_NOLOAD: c_int = 0x10;
    #[cfg(target_vendor = "apple")]
    const RTLD_NODELETE: c_int = 0x80;
    #[cfg(not(target_vendor = "apple"))]
    const RTLD_NOLOAD: c_int = 0x4;
    #[cfg(not(target_vendor = "apple"))]
    const RTLD_NODELETE: c_int = 0x1000;

    /// Re-opens the already loaded object that contains `addr` with `RTLD_NODELETE`, so that no
    /// later `dlclose` unmaps it. The handle is dropped on purpose. Failures (an executable,
    /// an unusual loader) leave things as they were.
    pub(super) fn pin_library_of(addr: *const c_void) {
        let mut info = DlInfo {
            fname: std::ptr::null(),
            fbase: std::ptr::null_mut(),
            sname: std::ptr::null(),
            saddr: std::ptr::null_mut(),
        };
        // SAFETY: `info` is a valid output struct; dladdr accepts any address.
        if unsafe { dladdr(addr, &mut info) } == 0 || info.fname.is_null() {
            return;
        }
        // SAFETY: a NUL-terminated path owned by the loader; NOLOAD opens nothing new.
        unsafe { dlopen(info.fname, RTLD_LAZY | RTLD_NOLOAD | RTLD_NODELETE) };
    }
}

/// `__ffi_new__` (an empty object from the creator) and the generated `__ffi_init__`
/// (`init(pos..., KWARGS, name, value, ...)`, made by the runtime's `ffi._RegisterFFIInit`).
/// Both are best effort: a runtime without them still has the creator in the metadata.
fn register_constructors(index: i32, key: &'static str, creator: CreatorFn) {
    let new =
        Function::from_typed_named(&format!("{key}.__ffi_new__"), move || call_creator(creator));
    let name = byte_array("__ffi_new__");
    // SAFETY: valid name and value; the runtime keeps its own reference (SPEC REG-ATTR-ONCE).
    if unsafe { sys::TVMFFITypeRegisterAttr(index, &name, new.as_view().as_raw()) } != 0 {
        crate::error::clear_raised();
    }
    if let Some(register_init) = Function::get_global("ffi._RegisterFFIInit") {
        if let Err(err) = register_init.call((index,)) {
            crate::panic::warn(format_args!("no __ffi_init__ for `{key}`: {err}"));
        }
    }
}

type CreatorFn = unsafe extern "C" fn(*mut sys::TVMFFIObjectHandle) -> c_int;

/// Runs a creator and takes the object it returns.
fn call_creator(creator: CreatorFn) -> Result<ObjectArc<Object>> {
    let mut handle: sys::TVMFFIObjectHandle = std::ptr::null_mut();
    // SAFETY: a creator fills the slot with a new reference on success (SPEC REG-CREATOR).
    crate::error::check_call(unsafe { creator(&mut handle) })?;
    // SAFETY: a new, owned object.
    Ok(unsafe { ObjectArc::from_owned_handle(handle) })
}

/// The creator of a `define_object!` type that implements `Default`: a new object holding
/// `T::default()`, whose fields the caller then sets through their setters.
unsafe extern "C" fn default_creator<T: ObjectType + Default>(
    result: *mut sys::TVMFFIObjectHandle,
) -> c_int {
    ffi_boundary(|| {
        let obj = ObjectArc::new(T::default());
        // SAFETY: `result` is the caller's slot; the strong reference passes to it.
        unsafe { result.write(ObjectArc::into_handle(obj)) };
        Ok(())
    })
}

/// Registers `T` when the library that defines it is loaded, so that other languages can find
/// it by type key before any Rust code has used it. A failure is printed, not raised: there
/// is no caller to raise it to, and the first use of the type will report it again.
#[doc(hidden)]
pub fn register_at_load<T: ObjectType>() {
    let outcome = std::panic::catch_unwind(|| T::type_index());
    if outcome.is_err() {
        crate::panic::warn(format_args!("registering `{}` at load time failed", T::TYPE_KEY));
    }
}

/// Picks the creator of a `define_object!` type at compile time: `T::default()` when `T`
/// implements `Default`, none otherwise. Method resolution tries `CreatorFromDefault` on
/// `&Probe<T>` before `NoCreator` on `&&Probe<T>`, so the first applies whenever its bound
/// holds (like `if constexpr (std::is_default_constructible_v<T>)` in the C++ SDK).
#[doc(hidden)]
pub mod creator_probe {
    use std::marker::PhantomData;

    use crate::object::ObjectType;
    use crate::sys;

    /// A value whose type carries `T`, for method resolution.
    pub struct Probe<T>(PhantomData<T>);

    impl<T> Probe<T> {
        /// The probe for `T`.
        pub const fn new() -> Self {
            Probe(PhantomData)
        }
    }

    impl<T> Default for Probe<T> {
        fn default() -> Self {
            Self::new()
        }
    }

    /// Chosen when `T: Default`.
    pub trait CreatorFromDefault {
        /// The creator of `T`.
        fn creator(&self) -> sys::TVMFFIObjectCreator;
    }

    impl<T: ObjectType + Default> CreatorFromDefault for Probe<T> {
        fn creator(&self) -> sys::TVMFFIObjectCreator {
            Some(super::default_creator::<T>)
        }
    }

    /// Chosen otherwise.
    pub trait NoCreator {
        /// No creator.
        fn creator(&self) -> sys::TVMFFIObjectCreator;
    }

    impl<T> NoCreator for &Probe<T> {
        fn creator(&self) -> sys::TVMFFIObjectCreator {
            None
        }
    }
}

fn register_field(type_index: i32, field: &FieldSpec) {
    let info = sys::TVMFFIFieldInfo {
        name: byte_array(field.name),
        doc: byte_array(""),
        metadata: byte_array(&field.schema),
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
/// and the other FFI types. Fields are reflected read-only, so Python and C++ can read them,
/// and each field's metadata carries its type schema.
///
/// A type that implements `Default` (write `#[derive(Default)]` above the struct; the parent
/// must be `Default` too) also gets a creator (SPEC REG-CREATOR), `__ffi_new__` and the
/// generated `__ffi_init__`, so other languages can construct it from its fields, e.g. through
/// `ffi.MakeObjectFromPackedArgs(type_key, name, value, ...)`. A field that must not be
/// defaulted (an `ObjectArc`) simply leaves the type without a creator.
///
/// The type is registered when its binary is loaded (like a C++ static initializer), so other
/// languages find it by type key before Rust code uses it. A cdylib that registers a type stays
/// loaded for the rest of the process: the registry keeps pointers into its code.
///
/// ```
/// use tvm_ffi::{define_object, Function, Object, ObjectArc};
///
/// define_object! {
///     /// A point in the plane.
///     #[derive(Default)]
///     pub struct PointObj: Object = "doc.Point" {
///         pub x: f64,
///         pub y: f64,
///     }
/// }
///
/// let p = ObjectArc::new(PointObj { base: Object::default(), x: 1.0, y: 2.0 });
/// assert_eq!(p.x + p.y, 3.0);
/// assert_eq!(ObjectArc::header(&p).type_key(), "doc.Point");
///
/// // Built from field names by the runtime, as Python or C++ would do it.
/// let make = Function::get_global_or_err("ffi.MakeObjectFromPackedArgs")?;
/// let q: ObjectArc<PointObj> = make.call(("doc.Point", "x", 3.0, "y", 4.0))?.cast()?;
/// assert_eq!((q.x, q.y), (3.0, 4.0));
/// # Ok::<(), tvm_ffi::Error>(())
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
                    #[allow(unused_imports)]
                    use $crate::reflect::creator_probe::{CreatorFromDefault as _, NoCreator as _};
                    let creator = (&$crate::reflect::creator_probe::Probe::<$name>::new()).creator();
                    $crate::reflect::register_object_type::<$name, $parent>(&[
                        // SAFETY: `offset_of!` gives the offset of a field of that type.
                        $(unsafe {
                            $crate::reflect::FieldSpec::new::<$fty>(
                                ::core::stringify!($field),
                                ::core::mem::offset_of!($name, $field),
                            )
                        },)*
                    ], creator)
                })
            }
        }

        // Registers the type when its library is loaded, like a C++ static initializer, so
        // that other languages can construct it by type key (SPEC REG-CREATOR).
        const _: () = {
            #[cfg_attr(
                any(target_os = "linux", target_os = "android", target_os = "freebsd"),
                link_section = ".init_array"
            )]
            #[cfg_attr(target_vendor = "apple", link_section = "__DATA,__mod_init_func")]
            #[cfg_attr(windows, link_section = ".CRT$XCU")]
            #[used]
            static REGISTER_AT_LOAD: extern "C" fn() = {
                extern "C" fn register_at_load() {
                    $crate::reflect::register_at_load::<$name>();
                }
                register_at_load
            };
        };

        impl ::core::ops::Deref for $name {
            type Target = $parent;
            fn deref(&self) -> &$parent {
                &self.base
            }
        }
    };
}
