// ffi/rust/tvm-ffi/src/any.rs: `Any` (owned) and `AnyView` (borrowed) values, and `FromAny`.
//! Values: [`Any`] owns what it holds, [`AnyView`] borrows it (SPEC §2). [`FromAny`] reads a
//! Rust value out of either; `From<T> for Any` goes the other way.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use crate::error::{Error, Result};
use crate::object::{dec_ref, inc_ref, is_instance, ObjectArc, ObjectType};
use crate::sys;

/// An owned FFI value: a 16-byte `TVMFFIAny` that holds a strong reference when it is an
/// object. Dropping it releases the reference.
#[repr(transparent)]
pub struct Any(sys::TVMFFIAny);

/// A borrowed FFI value, valid for `'a`: what calls receive as arguments (SPEC CALL-BORROWED-ARGS).
#[repr(transparent)]
#[derive(Copy, Clone)]
pub struct AnyView<'a> {
    raw: sys::TVMFFIAny,
    _borrow: PhantomData<&'a Any>,
}

/// The all-zero None value (SPEC ANY-NONE).
pub(crate) const fn raw_none() -> sys::TVMFFIAny {
    sys::TVMFFIAny {
        type_index: sys::kTVMFFINone,
        pad: sys::TVMFFIAnyPadding { zero_padding: 0 },
        value: sys::TVMFFIAnyValue { v_uint64: 0 },
    }
}

/// A POD value with an 8-byte payload and zero padding (SPEC ANY-ZERO-PADDING).
pub(crate) const fn raw_pod(type_index: i32, payload: u64) -> sys::TVMFFIAny {
    sys::TVMFFIAny {
        type_index,
        pad: sys::TVMFFIAnyPadding { zero_padding: 0 },
        value: sys::TVMFFIAnyValue { v_uint64: payload },
    }
}

/// Reads the object pointer of a value: objects directly, RValueRefs through their slot.
pub(crate) fn object_ptr(raw: &sys::TVMFFIAny) -> Option<*mut sys::TVMFFIObject> {
    // SAFETY: the type index says which union member is live.
    unsafe {
        if raw.type_index >= sys::kTVMFFIStaticObjectBegin {
            Some(raw.value.v_obj)
        } else if raw.type_index == sys::kTVMFFIObjectRValueRef {
            let slot = raw.value.v_ptr as *const *mut sys::TVMFFIObject;
            if slot.is_null() || (*slot).is_null() {
                None
            } else {
                Some(*slot)
            }
        } else {
            None
        }
    }
}

/// The type index of a value, looking through an ObjectRValueRef at the object it refers to.
pub(crate) fn effective_type_index(raw: &sys::TVMFFIAny) -> i32 {
    if raw.type_index == sys::kTVMFFIObjectRValueRef {
        if let Some(obj) = object_ptr(raw) {
            // SAFETY: the slot holds a live object.
            return unsafe { (*obj).type_index };
        }
    }
    raw.type_index
}

/// A readable name for the type of a value, used in error messages.
pub fn value_type_name(raw: &sys::TVMFFIAny) -> Cow<'static, str> {
    let index = effective_type_index(raw);
    Cow::Borrowed(match index {
        sys::kTVMFFINone => "None",
        sys::kTVMFFIInt => "int",
        sys::kTVMFFIBool => "bool",
        sys::kTVMFFIFloat => "float",
        sys::kTVMFFIOpaquePtr => "void*",
        sys::kTVMFFIDataType => "DataType",
        sys::kTVMFFIDevice => "Device",
        sys::kTVMFFIDLTensorPtr => "DLTensor*",
        sys::kTVMFFIRawStr | sys::kTVMFFISmallStr | sys::kTVMFFIStr => "str",
        sys::kTVMFFIByteArrayPtr | sys::kTVMFFISmallBytes | sys::kTVMFFIBytes => "bytes",
        _ => return Cow::Owned(crate::object::type_key_of(index)),
    })
}

impl Any {
    /// The None value.
    pub const fn none() -> Any {
        Any(raw_none())
    }

    /// Takes ownership of a raw owned value.
    ///
    /// # Safety
    /// `raw` must be a valid owned value (no view-only kinds, SPEC ANY-VIEW-ONLY-KINDS), and
    /// the caller hands over the reference it holds.
    pub const unsafe fn from_raw(raw: sys::TVMFFIAny) -> Any {
        Any(raw)
    }

    /// Wraps a POD value (type index below 64), which owns nothing.
    pub(crate) fn from_raw_pod(raw: sys::TVMFFIAny) -> Any {
        debug_assert!(raw.type_index < sys::kTVMFFIStaticObjectBegin);
        debug_assert!(!matches!(
            raw.type_index,
            sys::kTVMFFIRawStr | sys::kTVMFFIByteArrayPtr | sys::kTVMFFIObjectRValueRef
        ));
        Any(raw)
    }

    /// Gives up ownership; the caller must release the returned value.
    #[inline]
    pub fn into_raw(self) -> sys::TVMFFIAny {
        let raw = self.0;
        std::mem::forget(self);
        raw
    }

    /// The raw value, still owned by `self`.
    #[inline]
    pub fn as_raw(&self) -> &sys::TVMFFIAny {
        &self.0
    }

    /// A borrowed view of this value.
    pub fn as_view(&self) -> AnyView<'_> {
        AnyView { raw: self.0, _borrow: PhantomData }
    }

    /// The value seen in place as a view, without copying it.
    ///
    /// Hot paths use this rather than [`as_view`](Self::as_view): a value that a callee has
    /// just written field by field is slow to copy as a whole (see `read_result_slot`).
    #[inline]
    pub fn as_view_ref(&self) -> &AnyView<'_> {
        // SAFETY: both types are `repr(transparent)` over `TVMFFIAny`, and the view borrows
        // `self` for its lifetime, which is what `AnyView<'_>` promises.
        unsafe { &*(self as *const Any as *const AnyView<'_>) }
    }

    /// The type index (SPEC §2.2).
    pub fn type_index(&self) -> i32 {
        self.0.type_index
    }

    /// Whether this is None.
    pub fn is_none(&self) -> bool {
        self.0.type_index == sys::kTVMFFINone
    }

    /// A readable name of the value's type, e.g. `int` or `ffi.Array`.
    pub fn type_name(&self) -> Cow<'static, str> {
        value_type_name(&self.0)
    }

    /// Converts into `T`, moving any object reference.
    pub fn cast<T: FromAny>(self) -> Result<T> {
        T::from_any(self)
    }

    /// Converts a copy into `T`, leaving `self` untouched.
    pub fn to<T: FromAny>(&self) -> Result<T> {
        T::from_view(self.as_view_ref())
    }
}

impl Default for Any {
    fn default() -> Self {
        Any::none()
    }
}

impl Clone for Any {
    #[inline]
    fn clone(&self) -> Self {
        if let Some(obj) = object_ptr(&self.0) {
            // SAFETY: `self` keeps the object alive.
            unsafe { inc_ref(obj) };
        }
        Any(self.0)
    }
}

impl Drop for Any {
    #[inline]
    fn drop(&mut self) {
        if self.0.type_index >= sys::kTVMFFIStaticObjectBegin {
            // SAFETY: an owned object value holds one strong reference.
            unsafe { dec_ref(self.0.value.v_obj) };
        }
    }
}

// SAFETY: reference counting is atomic, and objects are shared across threads by the ABI.
unsafe impl Send for Any {}
// SAFETY: as above; `&Any` only reads.
unsafe impl Sync for Any {}

impl<'a> AnyView<'a> {
    /// The None view.
    pub const fn none() -> AnyView<'static> {
        AnyView { raw: raw_none(), _borrow: PhantomData }
    }

    /// Wraps a raw view.
    ///
    /// # Safety
    /// `raw` must be a valid value that stays valid (and keeps its referents alive) for `'a`.
    pub const unsafe fn from_raw(raw: sys::TVMFFIAny) -> AnyView<'a> {
        AnyView { raw, _borrow: PhantomData }
    }

    /// Reinterprets a C argument array as views.
    ///
    /// # Safety
    /// `args` must point at `num_args` valid values that stay valid for `'a`, or `num_args`
    /// must be 0.
    pub unsafe fn slice_from_raw(args: *const sys::TVMFFIAny, num_args: i32) -> &'a [AnyView<'a>] {
        if num_args <= 0 || args.is_null() {
            return &[];
        }
        // SAFETY: forwarded contract; AnyView is a transparent TVMFFIAny.
        unsafe { std::slice::from_raw_parts(args as *const AnyView<'a>, num_args as usize) }
    }

    /// The raw value.
    pub fn as_raw(&self) -> &sys::TVMFFIAny {
        &self.raw
    }

    /// The type index (SPEC §2.2).
    pub fn type_index(&self) -> i32 {
        self.raw.type_index
    }

    /// Whether this is None.
    pub fn is_none(&self) -> bool {
        self.raw.type_index == sys::kTVMFFINone
    }

    /// A readable name of the value's type.
    pub fn type_name(&self) -> Cow<'static, str> {
        value_type_name(&self.raw)
    }

    /// Converts into `T`, copying strings and adding object references as needed.
    pub fn cast<T: FromAny>(&self) -> Result<T> {
        T::from_view(self)
    }

    /// An owned copy (SPEC ANY-VIEW-TO-OWNED); RValueRefs are copied, not moved.
    pub fn to_owned(&self) -> Any {
        let raw = &self.raw;
        match raw.type_index {
            sys::kTVMFFIRawStr => {
                // SAFETY: a RawStr view points at a NUL-terminated string valid for 'a.
                let bytes = unsafe { std::ffi::CStr::from_ptr(raw.value.v_c_str) }.to_bytes();
                crate::string::make_bytes_any(bytes, false)
            }
            sys::kTVMFFIByteArrayPtr => {
                // SAFETY: a ByteArrayPtr view points at a byte array valid for 'a.
                let bytes =
                    unsafe { crate::string::byte_array_slice(&*(raw.value.v_ptr as *const _)) };
                crate::string::make_bytes_any(bytes, true)
            }
            sys::kTVMFFIObjectRValueRef => match object_ptr(raw) {
                Some(obj) => {
                    // SAFETY: the slot holds a live object; we take our own reference.
                    unsafe { inc_ref(obj) };
                    // SAFETY: as above.
                    Any(raw_pod(unsafe { (*obj).type_index }, obj as u64))
                }
                None => Any::none(),
            },
            index if index >= sys::kTVMFFIStaticObjectBegin => {
                // SAFETY: the view keeps the object alive; the copy takes its own reference.
                unsafe { inc_ref(raw.value.v_obj) };
                Any(*raw)
            }
            _ => Any(*raw),
        }
    }
}

impl<'a> From<&'a Any> for AnyView<'a> {
    fn from(value: &'a Any) -> Self {
        value.as_view()
    }
}

impl From<AnyView<'_>> for Any {
    fn from(view: AnyView<'_>) -> Any {
        view.to_owned()
    }
}

impl fmt::Debug for Any {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.as_view(), f)
    }
}

impl fmt::Debug for AnyView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let raw = &self.raw;
        // SAFETY: each arm reads the union member its type index selects.
        unsafe {
            match raw.type_index {
                sys::kTVMFFINone => write!(f, "None"),
                sys::kTVMFFIInt => write!(f, "{}", raw.value.v_int64),
                sys::kTVMFFIBool => write!(f, "{}", raw.value.v_int64 != 0),
                sys::kTVMFFIFloat => write!(f, "{:?}", raw.value.v_float64),
                sys::kTVMFFIOpaquePtr => write!(f, "{:p}", raw.value.v_ptr),
                sys::kTVMFFIDevice => write!(f, "{}", crate::Device::from(raw.value.v_device)),
                sys::kTVMFFIDataType => write!(f, "{}", crate::DataType::from(raw.value.v_dtype)),
                _ => match self.cast::<crate::String>() {
                    Ok(s) => write!(f, "{s:?}"),
                    Err(_) => match object_ptr(raw) {
                        Some(obj) => write!(f, "{}@{:p}", self.type_name(), obj),
                        None => write!(f, "<{}>", self.type_name()),
                    },
                },
            }
        }
    }
}

impl PartialEq for Any {
    /// Equality of SPEC ANY-EQUAL: identical bytes, or equal string/bytes content.
    fn eq(&self, other: &Any) -> bool {
        self.as_view() == other.as_view()
    }
}

impl PartialEq for AnyView<'_> {
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (&self.raw, &other.raw);
        // SAFETY: comparing the full 16 bytes of two initialized values.
        let same_bytes = unsafe {
            a.type_index == b.type_index
                && a.pad.zero_padding == b.pad.zero_padding
                && a.value.v_uint64 == b.value.v_uint64
        };
        if same_bytes {
            return true;
        }
        if let (Ok(x), Ok(y)) = (self.cast::<crate::String>(), other.cast::<crate::String>()) {
            return x.as_bytes() == y.as_bytes();
        }
        if let (Ok(x), Ok(y)) = (self.cast::<crate::Bytes>(), other.cast::<crate::Bytes>()) {
            return x.as_bytes() == y.as_bytes();
        }
        false
    }
}

/// A Rust type that can be read out of an FFI value.
pub trait FromAny: Sized {
    /// The FFI name of the expected type, used in error messages, e.g. `int` or `ffi.Array`.
    fn type_name() -> Cow<'static, str>;

    /// Converts a borrowed value, copying or adding references as needed.
    fn from_view(view: &AnyView<'_>) -> Result<Self>;

    /// Converts an owned value. The default borrows and then drops `value`.
    #[inline]
    fn from_any(value: Any) -> Result<Self> {
        Self::from_view(value.as_view_ref())
    }

    /// The static type index that reflection records for a field of this type.
    #[doc(hidden)]
    fn static_type_index() -> i32 {
        sys::kTVMFFIAny
    }

    /// The JSON type schema published in function and field metadata (SPEC
    /// MOD-METADATA-SYMBOL), e.g. `{"type":"int"}`. The default is `{"type":"<type_name>"}`;
    /// generic and renamed types override it.
    fn type_schema() -> std::string::String {
        crate::schema::simple(&Self::type_name())
    }
}

/// The TypeError for a value that is not a `T`.
pub fn type_mismatch<T: FromAny>(view: &AnyView<'_>) -> Error {
    Error::type_error(format!("expected `{}`, got `{}`", T::type_name(), view.type_name()))
}

impl FromAny for Any {
    fn type_name() -> Cow<'static, str> {
        Cow::Borrowed("Any")
    }
    fn from_view(view: &AnyView<'_>) -> Result<Self> {
        Ok(view.to_owned())
    }
    fn from_any(value: Any) -> Result<Self> {
        Ok(value)
    }
}

impl<T: FromAny> FromAny for Option<T> {
    fn type_name() -> Cow<'static, str> {
        Cow::Owned(format!("Optional[{}]", T::type_name()))
    }
    fn type_schema() -> std::string::String {
        crate::schema::with_args("Optional", &[T::type_schema()])
    }
    fn from_view(view: &AnyView<'_>) -> Result<Self> {
        if view.is_none() {
            return Ok(None);
        }
        T::from_view(view).map(Some).map_err(|_| type_mismatch::<Self>(view))
    }
    fn from_any(value: Any) -> Result<Self> {
        if value.is_none() {
            return Ok(None);
        }
        let name = value.type_name();
        T::from_any(value).map(Some).map_err(|_| {
            Error::type_error(format!("expected `{}`, got `{name}`", Self::type_name()))
        })
    }
}

impl<T: Into<Any>> From<Option<T>> for Any {
    fn from(value: Option<T>) -> Any {
        value.map_or_else(Any::none, Into::into)
    }
}

/// Implements `TryFrom<Any>`, `TryFrom<&Any>` and `TryFrom<AnyView>` for a `FromAny` type, and
/// for `Option` of it.
#[macro_export]
#[doc(hidden)]
macro_rules! __impl_try_from_any {
    ($($ty:ty),* $(,)?) => {$(
        impl ::core::convert::TryFrom<$crate::Any> for $ty {
            type Error = $crate::Error;
            fn try_from(value: $crate::Any) -> $crate::Result<Self> {
                <$ty as $crate::FromAny>::from_any(value)
            }
        }
        impl ::core::convert::TryFrom<&$crate::Any> for $ty {
            type Error = $crate::Error;
            fn try_from(value: &$crate::Any) -> $crate::Result<Self> {
                <$ty as $crate::FromAny>::from_view(&value.as_view())
            }
        }
        impl<'a> ::core::convert::TryFrom<$crate::AnyView<'a>> for $ty {
            type Error = $crate::Error;
            fn try_from(value: $crate::AnyView<'a>) -> $crate::Result<Self> {
                <$ty as $crate::FromAny>::from_view(&value)
            }
        }
        impl ::core::convert::TryFrom<$crate::Any> for ::core::option::Option<$ty> {
            type Error = $crate::Error;
            fn try_from(value: $crate::Any) -> $crate::Result<Self> {
                <Self as $crate::FromAny>::from_any(value)
            }
        }
        impl<'a> ::core::convert::TryFrom<$crate::AnyView<'a>> for ::core::option::Option<$ty> {
            type Error = $crate::Error;
            fn try_from(value: $crate::AnyView<'a>) -> $crate::Result<Self> {
                <Self as $crate::FromAny>::from_view(&value)
            }
        }
    )*};
}

// ---------------------------------------------------------------------------------------------
// Object conversions
// ---------------------------------------------------------------------------------------------

/// A new reference to the object in `view` when it is an instance of `T` (SPEC §4.3).
pub(crate) fn object_from_view<T: ObjectType>(view: &AnyView<'_>) -> Option<ObjectArc<T>> {
    let obj = object_ptr(view.as_raw())?;
    // SAFETY: the view keeps the object alive while we read its header and add a reference.
    unsafe {
        if !is_instance::<T>((*obj).type_index) {
            return None;
        }
        Some(ObjectArc::from_borrowed_handle(obj as sys::TVMFFIObjectHandle))
    }
}

/// Moves the object out of `value` when it is an instance of `T`, without touching the count.
pub(crate) fn object_from_any<T: ObjectType>(value: Any) -> std::result::Result<ObjectArc<T>, Any> {
    if value.type_index() < sys::kTVMFFIStaticObjectBegin || !is_instance::<T>(value.type_index()) {
        return Err(value);
    }
    let raw = value.into_raw();
    // SAFETY: an owned object value holds one strong reference, which moves over.
    Ok(unsafe { ObjectArc::from_owned_handle(raw.value.v_obj as sys::TVMFFIObjectHandle) })
}

impl<T: ObjectType> FromAny for ObjectArc<T> {
    fn type_name() -> Cow<'static, str> {
        Cow::Borrowed(T::TYPE_KEY)
    }
    fn from_view(view: &AnyView<'_>) -> Result<Self> {
        object_from_view::<T>(view).ok_or_else(|| type_mismatch::<Self>(view))
    }
    fn from_any(value: Any) -> Result<Self> {
        object_from_any::<T>(value).map_err(|value| type_mismatch::<Self>(&value.as_view()))
    }
}

impl<T: ObjectType> From<ObjectArc<T>> for Any {
    fn from(value: ObjectArc<T>) -> Any {
        let index = ObjectArc::header(&value).type_index();
        let handle = ObjectArc::into_handle(value);
        // SAFETY: the strong reference moves into the value (SPEC ANY-POD-VS-OBJECT).
        unsafe { Any::from_raw(raw_pod(index, handle as u64)) }
    }
}

impl<T: ObjectType> TryFrom<Any> for ObjectArc<T> {
    type Error = Error;
    fn try_from(value: Any) -> Result<Self> {
        Self::from_any(value)
    }
}

impl<'a, T: ObjectType> TryFrom<AnyView<'a>> for ObjectArc<T> {
    type Error = Error;
    fn try_from(value: AnyView<'a>) -> Result<Self> {
        Self::from_view(&value)
    }
}
