// ffi/rust/tvm-ffi/src/shape.rs: `Shape`, an immutable list of int64 dimensions.
//! [`Shape`]: the `ffi.Shape` object (SPEC SHAPE-LAYOUT), `{header; data; size}` followed by
//! the dimensions inline.

use std::borrow::Cow;
use std::ffi::c_void;
use std::fmt;
use std::ops::Deref;

use crate::any::{type_mismatch, Any, AnyView, FromAny};
use crate::error::Result;
use crate::object::{builtin_object_type, Object, ObjectArc, INITIAL_REF_COUNT};
use crate::sys;

/// Layout of an `ffi.Shape` object (index 69).
#[repr(C)]
pub struct ShapeObj {
    base: Object,
    cell: sys::TVMFFIShapeCell,
}
builtin_object_type!(ShapeObj, "ffi.Shape", sys::kTVMFFIShape);

const DIMS_OFFSET: usize = 40;

fn shape_layout(ndim: usize) -> std::alloc::Layout {
    let bytes =
        ndim.checked_mul(8).and_then(|b| b.checked_add(DIMS_OFFSET)).expect("shape too large");
    std::alloc::Layout::from_size_align(bytes, 8).expect("shape too large")
}

unsafe extern "C" fn shape_deleter(obj: *mut c_void, flags: i32) {
    if flags & sys::kTVMFFIObjectDeleterFlagBitMaskWeak != 0 {
        // SAFETY: a shape made by `Shape::new`; its size never changes.
        unsafe {
            let size = (*sys::TVMFFIShapeGetCellPtr(obj)).size;
            std::alloc::dealloc(obj as *mut u8, shape_layout(size));
        }
    }
}

/// An immutable shape: a list of `i64` dimensions.
///
/// ```
/// use tvm_ffi::Shape;
/// let s = Shape::new(&[2, 3, 4]);
/// assert_eq!(s.as_slice(), &[2, 3, 4]);
/// assert_eq!(s.numel(), 24);
/// assert_eq!(s.to_string(), "(2, 3, 4)");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Shape(ObjectArc<ShapeObj>);

impl Shape {
    /// A shape with the given dimensions.
    pub fn new(dims: &[i64]) -> Shape {
        let layout = shape_layout(dims.len());
        // SAFETY: the layout is at least 40 bytes.
        let base = unsafe { std::alloc::alloc(layout) };
        if base.is_null() {
            std::alloc::handle_alloc_error(layout);
        }
        // SAFETY: a fresh allocation of 40 + 8 * ndim bytes, 8-byte aligned.
        unsafe {
            (base as *mut sys::TVMFFIObject).write(sys::TVMFFIObject {
                combined_ref_count: INITIAL_REF_COUNT,
                type_index: sys::kTVMFFIShape,
                __padding: 0,
                deleter: Some(shape_deleter),
            });
            let data = base.add(DIMS_OFFSET) as *mut i64;
            std::ptr::copy_nonoverlapping(dims.as_ptr(), data, dims.len());
            sys::TVMFFIShapeGetCellPtr(base as sys::TVMFFIObjectHandle)
                .write(sys::TVMFFIShapeCell { data, size: dims.len() });
            Shape(ObjectArc::from_owned_handle(base as sys::TVMFFIObjectHandle))
        }
    }

    /// The dimensions.
    pub fn as_slice(&self) -> &[i64] {
        let cell = &self.0.cell;
        if cell.size == 0 || cell.data.is_null() {
            return &[];
        }
        // SAFETY: shapes are immutable and own their dimensions.
        unsafe { std::slice::from_raw_parts(cell.data, cell.size) }
    }

    /// The product of the dimensions.
    pub fn numel(&self) -> i64 {
        self.as_slice().iter().product()
    }

    /// A borrowed view of the shape.
    pub fn as_view(&self) -> AnyView<'_> {
        crate::function::object_view(&self.0)
    }
}

impl Deref for Shape {
    type Target = [i64];
    fn deref(&self) -> &[i64] {
        self.as_slice()
    }
}

impl From<&[i64]> for Shape {
    fn from(dims: &[i64]) -> Shape {
        Shape::new(dims)
    }
}

impl From<Vec<i64>> for Shape {
    fn from(dims: Vec<i64>) -> Shape {
        Shape::new(&dims)
    }
}

impl<const N: usize> From<[i64; N]> for Shape {
    fn from(dims: [i64; N]) -> Shape {
        Shape::new(&dims)
    }
}

impl fmt::Display for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let dims: Vec<std::string::String> = self.iter().map(i64::to_string).collect();
        if dims.len() == 1 {
            write!(f, "({},)", dims[0])
        } else {
            write!(f, "({})", dims.join(", "))
        }
    }
}

impl fmt::Debug for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Shape{self}")
    }
}

impl FromAny for Shape {
    fn type_name() -> Cow<'static, str> {
        Cow::Borrowed("ffi.Shape")
    }
    fn from_view(view: &AnyView<'_>) -> Result<Self> {
        crate::any::object_from_view::<ShapeObj>(view)
            .map(Shape)
            .ok_or_else(|| type_mismatch::<Self>(view))
    }
    fn from_any(value: Any) -> Result<Self> {
        crate::any::object_from_any::<ShapeObj>(value)
            .map(Shape)
            .map_err(|value| type_mismatch::<Self>(&value.as_view()))
    }
    fn static_type_index() -> i32 {
        sys::kTVMFFIShape
    }
}

impl From<Shape> for Any {
    fn from(value: Shape) -> Any {
        Any::from(value.0)
    }
}

crate::__impl_try_from_any!(Shape);
