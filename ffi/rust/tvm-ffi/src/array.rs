// ffi/rust/tvm-ffi/src/array.rs: `Array<T>`, read straight from the inline ArrayObj layout.
//! [`Array`]: the immutable `ffi.Array` (SPEC §13.1). Elements are read directly from the
//! object (`{header; TVMFFISeqCell}` followed by the values), and arrays built in Rust use the
//! same layout, so C++ inline code can read and extend them.

use std::borrow::Cow;
use std::ffi::c_void;
use std::fmt;
use std::marker::PhantomData;

use crate::any::{type_mismatch, Any, AnyView, FromAny};
use crate::error::{Error, Result};
use crate::object::{builtin_object_type, Object, ObjectArc, INITIAL_REF_COUNT};
use crate::sys;

/// Layout of an `ffi.Array` object (index 71): header and sequence cell (SPEC ARRAY-LAYOUT).
#[repr(C)]
pub struct ArrayObj {
    base: Object,
    cell: sys::TVMFFISeqCell,
}
builtin_object_type!(ArrayObj, "ffi.Array", sys::kTVMFFIArray);

/// Size of `{header; TVMFFISeqCell}`; elements start here.
const ELEMENTS_OFFSET: usize = 56;

impl ArrayObj {
    /// The elements `[0, size)`.
    pub(crate) fn elements(&self) -> &[Any] {
        let size = usize::try_from(self.cell.size).unwrap_or(0);
        if size == 0 || self.cell.data.is_null() {
            return &[];
        }
        // SAFETY: `data` points at `capacity >= size` owned values that live as long as the
        // object; a shared array is never changed in place (SPEC ARRAY-INPLACE-MUTATION).
        unsafe { std::slice::from_raw_parts(self.cell.data as *const Any, size) }
    }
}

fn array_layout(capacity: usize) -> std::alloc::Layout {
    let bytes = capacity
        .checked_mul(std::mem::size_of::<sys::TVMFFIAny>())
        .and_then(|b| b.checked_add(ELEMENTS_OFFSET))
        .expect("array too large");
    std::alloc::Layout::from_size_align(bytes, 8).expect("array too large")
}

/// Deleter of arrays built by this crate (SPEC OBJ-DELETER-FLAGS, ARRAY-INPLACE-MUTATION).
unsafe extern "C" fn array_deleter(obj: *mut c_void, flags: i32) {
    let array = obj as *mut ArrayObj;
    // SAFETY: `obj` is an array allocated by `build_array`; each action runs once.
    unsafe {
        if flags & sys::kTVMFFIObjectDeleterFlagBitMaskStrong != 0 {
            // Release `[0, size)` according to `size` now, which inline code may have grown.
            let cell = (*array).cell;
            let data = cell.data as *mut sys::TVMFFIAny;
            for i in 0..usize::try_from(cell.size).unwrap_or(0) {
                drop(Any::from_raw(data.add(i).read()));
            }
            (*array).cell.size = 0;
        }
        if flags & sys::kTVMFFIObjectDeleterFlagBitMaskWeak != 0 {
            let capacity = usize::try_from((*array).cell.capacity).unwrap_or(0);
            std::alloc::dealloc(obj as *mut u8, array_layout(capacity));
        }
    }
}

/// Allocates an array object holding `values`, with capacity equal to the length.
pub(crate) fn build_array(values: Vec<Any>) -> ObjectArc<ArrayObj> {
    let len = values.len();
    let layout = array_layout(len);
    // SAFETY: the layout is at least 56 bytes.
    let base = unsafe { std::alloc::alloc(layout) };
    if base.is_null() {
        std::alloc::handle_alloc_error(layout);
    }
    // SAFETY: `base` is a fresh allocation of 56 + 16 * len bytes, 8-byte aligned.
    unsafe {
        (base as *mut sys::TVMFFIObject).write(sys::TVMFFIObject {
            combined_ref_count: INITIAL_REF_COUNT,
            type_index: sys::kTVMFFIArray,
            __padding: 0,
            deleter: Some(array_deleter),
        });
        let data = base.add(ELEMENTS_OFFSET) as *mut sys::TVMFFIAny;
        for (i, value) in values.into_iter().enumerate() {
            data.add(i).write(value.into_raw());
        }
        let cell = base.add(std::mem::size_of::<sys::TVMFFIObject>()) as *mut sys::TVMFFISeqCell;
        cell.write(sys::TVMFFISeqCell {
            data: data as *mut c_void,
            size: len as i64,
            capacity: len as i64,
            data_deleter: None,
        });
        ObjectArc::from_owned_handle(base as sys::TVMFFIObjectHandle)
    }
}

/// An immutable FFI array whose elements convert to `T` (`Any` by default).
///
/// ```
/// use tvm_ffi::Array;
/// let a: Array<i64> = vec![1, 2, 3].into();
/// assert_eq!(a.len(), 3);
/// assert_eq!(a.get(1), Some(2));
/// assert_eq!(a.get(3), None);
/// assert_eq!(a.iter().sum::<i64>(), 6);
/// ```
pub struct Array<T = Any> {
    obj: ObjectArc<ArrayObj>,
    _elements: PhantomData<fn() -> T>,
}

impl<T> Array<T> {
    fn wrap(obj: ObjectArc<ArrayObj>) -> Self {
        Array { obj, _elements: PhantomData }
    }

    /// The number of elements.
    pub fn len(&self) -> usize {
        self.obj.elements().len()
    }

    /// Whether the array is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The elements as owned values held by the array.
    pub fn as_slice(&self) -> &[Any] {
        self.obj.elements()
    }

    /// The underlying object.
    pub fn as_object(&self) -> &ObjectArc<ArrayObj> {
        &self.obj
    }

    /// A borrowed view of the array.
    pub fn as_view(&self) -> AnyView<'_> {
        crate::function::object_view(&self.obj)
    }

    /// The same array with untyped elements.
    pub fn into_untyped(self) -> Array<Any> {
        Array::wrap(self.obj)
    }
}

impl<T: FromAny> Array<T> {
    /// Element `index`, or `None` when out of range.
    pub fn get(&self, index: usize) -> Option<T> {
        self.as_slice().get(index).and_then(|v| T::from_view(&v.as_view()).ok())
    }

    /// An iterator over the elements.
    pub fn iter(&self) -> impl Iterator<Item = T> + '_ {
        self.as_slice().iter().filter_map(|v| T::from_view(&v.as_view()).ok())
    }

    /// The elements, converted, in a `Vec`.
    pub fn to_vec(&self) -> Vec<T> {
        self.iter().collect()
    }
}

impl<T: Into<Any>> Array<T> {
    /// An array of the given values.
    pub fn new(values: Vec<T>) -> Self {
        Array::wrap(build_array(values.into_iter().map(Into::into).collect()))
    }
}

impl<T> Default for Array<T> {
    fn default() -> Self {
        Array::wrap(build_array(Vec::new()))
    }
}

impl<T> Clone for Array<T> {
    fn clone(&self) -> Self {
        Array::wrap(self.obj.clone())
    }
}

impl<T: Into<Any>> From<Vec<T>> for Array<T> {
    fn from(values: Vec<T>) -> Self {
        Array::new(values)
    }
}

impl<T: Into<Any>> FromIterator<T> for Array<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        Array::wrap(build_array(iter.into_iter().map(Into::into).collect()))
    }
}

impl<T> fmt::Debug for Array<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.as_slice()).finish()
    }
}

impl<T> PartialEq for Array<T> {
    /// Arrays compare by identity, like every object (SPEC ANY-EQUAL).
    fn eq(&self, other: &Self) -> bool {
        self.obj == other.obj
    }
}

/// Checks that every element of `obj` converts to `T`.
fn check_elements<T: FromAny>(obj: &ObjectArc<ArrayObj>) -> Result<()> {
    for (i, value) in obj.elements().iter().enumerate() {
        if let Err(err) = T::from_view(&value.as_view()) {
            return Err(Error::type_error(format!(
                "expected `{}`, but element #{i} is not a `{}`: {}",
                Array::<T>::type_name(),
                T::type_name(),
                err.message()
            )));
        }
    }
    Ok(())
}

impl<T: FromAny> FromAny for Array<T> {
    fn type_name() -> Cow<'static, str> {
        Cow::Owned(format!("Array[{}]", T::type_name()))
    }
    fn type_schema() -> std::string::String {
        crate::schema::with_args("ffi.Array", &[T::type_schema()])
    }
    /// Accepts an `ffi.Array` whose elements all convert to `T`.
    fn from_view(view: &AnyView<'_>) -> Result<Self> {
        let obj = crate::any::object_from_view::<ArrayObj>(view)
            .ok_or_else(|| type_mismatch::<Self>(view))?;
        check_elements::<T>(&obj)?;
        Ok(Array::wrap(obj))
    }
    fn from_any(value: Any) -> Result<Self> {
        let obj = crate::any::object_from_any::<ArrayObj>(value)
            .map_err(|value| type_mismatch::<Self>(&value.as_view()))?;
        check_elements::<T>(&obj)?;
        Ok(Array::wrap(obj))
    }
    fn static_type_index() -> i32 {
        sys::kTVMFFIArray
    }
}

impl<T> From<Array<T>> for Any {
    fn from(value: Array<T>) -> Any {
        Any::from(value.obj)
    }
}

impl<T: FromAny> TryFrom<Any> for Array<T> {
    type Error = Error;
    fn try_from(value: Any) -> Result<Self> {
        Self::from_any(value)
    }
}

impl<'a, T: FromAny> TryFrom<AnyView<'a>> for Array<T> {
    type Error = Error;
    fn try_from(value: AnyView<'a>) -> Result<Self> {
        Self::from_view(&value)
    }
}
