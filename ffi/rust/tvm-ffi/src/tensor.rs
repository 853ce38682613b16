// ffi/rust/tvm-ffi/src/tensor.rs: `Tensor`: DLPack import/export, allocation, slices, views.
//! [`Tensor`]: the `ffi.Tensor` object, `{header; DLTensor}` (SPEC §8.3, §9).

use std::borrow::Cow;
use std::ffi::c_void;
use std::fmt;

use crate::any::{type_mismatch, Any, AnyView, FromAny};
use crate::device::Device;
use crate::dtype::DataType;
use crate::error::{check_call, Error, Result};
use crate::object::{builtin_object_type, Object, ObjectArc};
use crate::sys;

pub use crate::allocator::{env_allocator, set_env_allocator, CPU_ALLOCATOR};

/// Layout of an `ffi.Tensor` object (index 70): the header, then a DLTensor.
#[repr(C)]
pub struct TensorObj {
    base: Object,
    dl_tensor: sys::DLTensor,
}
builtin_object_type!(TensorObj, "ffi.Tensor", sys::kTVMFFITensor);

/// A Rust element type with a fixed DLPack data type.
///
/// # Safety
/// `DTYPE` must describe exactly the in-memory representation of `Self`, and every bit
/// pattern of that size must be a valid `Self`.
pub unsafe trait TensorElement: Copy + Send + Sync + 'static {
    /// The matching DLPack data type.
    const DTYPE: DataType;
}

macro_rules! tensor_element {
    ($($ty:ty => $dtype:expr),*) => {$(
        // SAFETY: a plain number type with its exact DLPack description.
        unsafe impl TensorElement for $ty {
            const DTYPE: DataType = $dtype;
        }
    )*};
}
tensor_element!(f32 => DataType::FLOAT32, f64 => DataType::FLOAT64, i8 => DataType::INT8,
    i16 => DataType::INT16, i32 => DataType::INT32, i64 => DataType::INT64,
    u8 => DataType::UINT8, u16 => DataType::UINT16, u32 => DataType::UINT32,
    u64 => DataType::UINT64);

/// An n-dimensional array on some device, shared with every language through DLPack.
///
/// ```
/// use tvm_ffi::{Device, Tensor};
/// let t = Tensor::from_vec(vec![1.0f32, 2.0, 3.0, 4.0, 5.0, 6.0], &[2, 3]).unwrap();
/// assert_eq!(t.shape(), &[2, 3]);
/// assert_eq!(t.strides(), &[3, 1]);
/// assert_eq!(t.device(), Device::cpu());
/// assert_eq!(t.as_slice::<f32>().unwrap()[4], 5.0);
/// assert!(t.as_slice::<i32>().is_err()); // wrong dtype
/// let col = t.as_strided(&[2], &[3], 1).unwrap(); // second column, a view
/// assert!(!col.is_contiguous());
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Tensor(ObjectArc<TensorObj>);

/// Owner of the memory of a tensor made from a Rust `Vec`; `managed` comes first so the
/// managed-tensor pointer is also the owner pointer.
#[repr(C)]
struct VecOwner<T> {
    managed: sys::DLManagedTensorVersioned,
    data: Vec<T>,
    shape: Vec<i64>,
}

unsafe extern "C" fn vec_owner_deleter<T>(managed: *mut sys::DLManagedTensorVersioned) {
    // SAFETY: `managed` is the first field of a boxed VecOwner<T>; called exactly once
    // (SPEC DLPACK-IMPORT-OWNERSHIP). Dropping Vecs of plain numbers cannot panic.
    drop(unsafe { Box::from_raw(managed as *mut VecOwner<T>) });
}

/// Whether the layout is compact row-major (SPEC DLPACK-IMPORT-CONTIGUOUS).
fn is_compact(shape: &[i64], strides: Option<&[i64]>) -> bool {
    let Some(strides) = strides else { return true };
    if shape.contains(&0) {
        return true;
    }
    let mut expected = 1i64;
    for (extent, stride) in shape.iter().zip(strides).rev() {
        if *extent == 1 {
            continue;
        }
        if *stride != expected {
            return false;
        }
        expected = expected.saturating_mul(*extent);
    }
    true
}

/// Compact row-major strides for `shape`.
fn compact_strides(shape: &[i64]) -> Vec<i64> {
    let mut strides = vec![1i64; shape.len()];
    for k in (0..shape.len().saturating_sub(1)).rev() {
        strides[k] = strides[k + 1] * shape[k + 1].max(1);
    }
    strides
}

/// Element offsets `[lo, hi]` that a layout touches, or None when it holds no element.
fn element_span(shape: &[i64], strides: &[i64]) -> Option<(i64, i64)> {
    if shape.iter().any(|&d| d <= 0) {
        return None;
    }
    let (mut lo, mut hi) = (0i64, 0i64);
    for (&extent, &stride) in shape.iter().zip(strides) {
        let reach = (extent - 1).checked_mul(stride)?;
        if reach < 0 {
            lo = lo.checked_add(reach)?;
        } else {
            hi = hi.checked_add(reach)?;
        }
    }
    Some((lo, hi))
}

pub(crate) fn checked_numel(shape: &[i64]) -> Result<i64> {
    shape.iter().try_fold(1i64, |acc, &d| {
        if d < 0 {
            return Err(Error::value_error(format!("negative dimension {d} in shape {shape:?}")));
        }
        acc.checked_mul(d).ok_or_else(|| Error::value_error(format!("shape {shape:?} overflows")))
    })
}

impl Tensor {
    /// Imports a versioned DLPack tensor (SPEC §9), checking alignment and contiguity if asked.
    ///
    /// # Safety
    /// `managed` must be a valid DLPack 1.x managed tensor. On success the tensor takes it over
    /// and calls its deleter once; on failure the caller still owns it.
    pub unsafe fn from_dlpack_versioned(
        managed: *mut sys::DLManagedTensorVersioned,
        require_alignment: i32,
        require_contiguous: bool,
    ) -> Result<Tensor> {
        let mut handle: sys::TVMFFIObjectHandle = std::ptr::null_mut();
        // SAFETY: forwarded contract; valid output slot.
        check_call(unsafe {
            sys::TVMFFITensorFromDLPackVersioned(
                managed,
                require_alignment,
                require_contiguous as i32,
                &mut handle,
            )
        })?;
        // SAFETY: a new reference to a Tensor.
        Ok(Tensor(unsafe { ObjectArc::from_owned_handle(handle) }))
    }

    /// Imports a legacy (pre-1.0) DLPack tensor.
    ///
    /// # Safety
    /// As [`from_dlpack_versioned`](Self::from_dlpack_versioned).
    pub unsafe fn from_dlpack(
        managed: *mut sys::DLManagedTensor,
        require_alignment: i32,
        require_contiguous: bool,
    ) -> Result<Tensor> {
        let mut handle: sys::TVMFFIObjectHandle = std::ptr::null_mut();
        // SAFETY: forwarded contract; valid output slot.
        check_call(unsafe {
            sys::TVMFFITensorFromDLPack(
                managed,
                require_alignment,
                require_contiguous as i32,
                &mut handle,
            )
        })?;
        // SAFETY: a new reference to a Tensor.
        Ok(Tensor(unsafe { ObjectArc::from_owned_handle(handle) }))
    }

    /// Exports as a versioned DLPack tensor that keeps `self` alive; the caller must call its
    /// deleter exactly once (SPEC DLPACK-EXPORT-DELETER).
    pub fn to_dlpack_versioned(&self) -> Result<*mut sys::DLManagedTensorVersioned> {
        let mut out = std::ptr::null_mut();
        // SAFETY: `self` is a live Tensor; valid output slot.
        check_call(unsafe {
            sys::TVMFFITensorToDLPackVersioned(ObjectArc::as_handle(&self.0), &mut out)
        })?;
        Ok(out)
    }

    /// A CPU tensor that takes over `data`, with compact row-major strides.
    pub fn from_vec<T: TensorElement>(data: Vec<T>, shape: &[i64]) -> Result<Tensor> {
        let numel = checked_numel(shape)?;
        if numel as usize != data.len() {
            return Err(Error::value_error(format!(
                "shape {shape:?} holds {numel} elements, but the data has {}",
                data.len()
            )));
        }
        let mut owner = Box::new(VecOwner {
            managed: sys::DLManagedTensorVersioned {
                version: sys::DLPackVersion {
                    major: sys::DLPACK_MAJOR_VERSION,
                    minor: sys::DLPACK_MINOR_VERSION,
                },
                manager_ctx: std::ptr::null_mut(),
                deleter: Some(vec_owner_deleter::<T>),
                flags: 0,
                dl_tensor: sys::DLTensor {
                    data: std::ptr::null_mut(),
                    device: Device::cpu().into(),
                    ndim: shape.len() as i32,
                    dtype: T::DTYPE.0,
                    shape: std::ptr::null_mut(),
                    strides: std::ptr::null_mut(),
                    byte_offset: 0,
                },
            },
            data,
            shape: shape.to_vec(),
        });
        owner.managed.dl_tensor.data = owner.data.as_mut_ptr() as *mut c_void;
        owner.managed.dl_tensor.shape = owner.shape.as_mut_ptr();
        let raw = Box::into_raw(owner);
        // SAFETY: `raw` is a valid managed tensor whose deleter frees the owner.
        unsafe { Tensor::from_dlpack_versioned(raw as *mut _, 0, false) }.inspect_err(|_| {
            // SAFETY: on failure we still own it (SPEC DLPACK-IMPORT-OWNERSHIP).
            drop(unsafe { Box::from_raw(raw) });
        })
    }

    /// Allocates a tensor through the environment's DLPack allocator
    /// (`TVMFFIEnvTensorAlloc`, SPEC ENV-TENSOR-ALLOC); see [`set_env_allocator`].
    pub fn alloc(shape: &[i64], dtype: DataType, device: Device) -> Result<Tensor> {
        checked_numel(shape)?;
        let mut dims = shape.to_vec();
        let mut prototype = sys::DLTensor {
            data: std::ptr::null_mut(),
            device: device.into(),
            ndim: dims.len() as i32,
            dtype: dtype.0,
            shape: dims.as_mut_ptr(),
            strides: std::ptr::null_mut(),
            byte_offset: 0,
        };
        let mut handle: sys::TVMFFIObjectHandle = std::ptr::null_mut();
        // SAFETY: the prototype is valid for the call; valid output slot.
        check_call(unsafe { sys::TVMFFIEnvTensorAlloc(&mut prototype, &mut handle) })?;
        // SAFETY: a new reference to a Tensor.
        Ok(Tensor(unsafe { ObjectArc::from_owned_handle(handle) }))
    }

    /// The embedded DLTensor.
    pub fn as_dltensor(&self) -> &sys::DLTensor {
        &self.0.dl_tensor
    }

    /// The dimensions.
    pub fn shape(&self) -> &[i64] {
        let t = self.as_dltensor();
        if t.ndim <= 0 || t.shape.is_null() {
            return &[];
        }
        // SAFETY: shape has ndim entries and never changes (SPEC TENSOR-METADATA-LIFETIME).
        unsafe { std::slice::from_raw_parts(t.shape, t.ndim as usize) }
    }

    /// The strides, in elements; never missing (SPEC TENSOR-STRIDES).
    pub fn strides(&self) -> &[i64] {
        let t = self.as_dltensor();
        if t.ndim <= 0 || t.strides.is_null() {
            return &[];
        }
        // SAFETY: as for `shape`.
        unsafe { std::slice::from_raw_parts(t.strides, t.ndim as usize) }
    }

    /// The number of dimensions.
    pub fn ndim(&self) -> usize {
        self.shape().len()
    }

    /// The number of elements.
    pub fn numel(&self) -> i64 {
        self.shape().iter().product()
    }

    /// The element type.
    pub fn dtype(&self) -> DataType {
        DataType(self.as_dltensor().dtype)
    }

    /// The device.
    pub fn device(&self) -> Device {
        Device::from(self.as_dltensor().device)
    }

    /// The data pointer (before `byte_offset`).
    pub fn data_ptr(&self) -> *mut c_void {
        self.as_dltensor().data
    }

    /// The byte offset of the first element from `data_ptr`.
    pub fn byte_offset(&self) -> u64 {
        self.as_dltensor().byte_offset
    }

    /// Whether the layout is compact row-major.
    pub fn is_contiguous(&self) -> bool {
        let strides =
            if self.as_dltensor().strides.is_null() { None } else { Some(self.strides()) };
        is_compact(self.shape(), strides)
    }

    fn check_host_slice<T: TensorElement>(&self) -> Result<(*mut T, usize)> {
        let device = self.device();
        if !matches!(device.device_type, sys::kDLCPU | sys::kDLCUDAHost | sys::kDLROCMHost) {
            return Err(Error::value_error(format!("tensor is on {device}, not in host memory")));
        }
        if self.dtype() != T::DTYPE {
            return Err(Error::type_error(format!(
                "tensor has dtype {}, expected {}",
                self.dtype(),
                T::DTYPE
            )));
        }
        if !self.is_contiguous() {
            return Err(Error::value_error(format!(
                "tensor with shape {:?} and strides {:?} is not contiguous",
                self.shape(),
                self.strides()
            )));
        }
        let len = self.numel() as usize;
        if len == 0 {
            return Ok((std::ptr::NonNull::dangling().as_ptr(), 0));
        }
        let ptr = (self.data_ptr() as *mut u8).wrapping_add(self.byte_offset() as usize) as *mut T;
        if ptr.is_null() || (ptr as usize) % std::mem::align_of::<T>() != 0 {
            return Err(Error::value_error(format!("tensor data at {ptr:p} is not aligned")));
        }
        Ok((ptr, len))
    }

    /// The elements of a contiguous host tensor, with the dtype checked against `T`.
    pub fn as_slice<T: TensorElement>(&self) -> Result<&[T]> {
        let (ptr, len) = self.check_host_slice::<T>()?;
        // SAFETY: host memory of `len` elements of the right dtype, kept alive by `self`.
        Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
    }

    /// The elements of a contiguous host tensor, writable.
    ///
    /// # Safety
    /// The memory is shared with every other holder of this tensor (and of other views of the
    /// same data); nobody may read or write it while the returned slice is alive.
    #[allow(clippy::mut_from_ref)]
    pub unsafe fn as_mut_slice<T: TensorElement>(&self) -> Result<&mut [T]> {
        let (ptr, len) = self.check_host_slice::<T>()?;
        // SAFETY: as in `as_slice`, plus the caller's exclusivity guarantee.
        Ok(unsafe { std::slice::from_raw_parts_mut(ptr, len) })
    }

    /// A view with another shape over the same contiguous data.
    pub fn reshape(&self, shape: &[i64]) -> Result<Tensor> {
        if !self.is_contiguous() {
            return Err(Error::value_error("reshape needs a contiguous tensor"));
        }
        if checked_numel(shape)? != self.numel() {
            return Err(Error::value_error(format!(
                "cannot reshape {:?} into {shape:?}: the element counts differ",
                self.shape()
            )));
        }
        // SAFETY: same elements, compact layout, same data: inside the source.
        unsafe { self.view_unchecked(shape, &compact_strides(shape), self.byte_offset()) }
    }

    /// A strided view: `shape` and `strides` (in elements) starting `offset` elements after
    /// this tensor's first element. Fails unless the view stays inside this tensor's elements.
    pub fn as_strided(&self, shape: &[i64], strides: &[i64], offset: i64) -> Result<Tensor> {
        if shape.len() != strides.len() {
            return Err(Error::value_error("shape and strides differ in length"));
        }
        let bits = self.dtype().bits() as i64 * self.dtype().lanes() as i64;
        if bits % 8 != 0 {
            return Err(Error::value_error("views of sub-byte dtypes are not supported"));
        }
        checked_numel(shape)?;
        let out_of_range = || {
            Error::index_error(format!(
                "view (shape {shape:?}, strides {strides:?}, offset {offset}) is outside the \
                 tensor (shape {:?}, strides {:?})",
                self.shape(),
                self.strides()
            ))
        };
        if let Some((lo, hi)) = element_span(shape, strides) {
            let (src_lo, src_hi) =
                element_span(self.shape(), self.strides()).ok_or_else(out_of_range)?;
            let lo = lo.checked_add(offset).ok_or_else(out_of_range)?;
            let hi = hi.checked_add(offset).ok_or_else(out_of_range)?;
            if lo < src_lo || hi > src_hi {
                return Err(out_of_range());
            }
        }
        let byte_offset = self.byte_offset() as i64 + offset * (bits / 8);
        let byte_offset = u64::try_from(byte_offset).map_err(|_| out_of_range())?;
        // SAFETY: the view addresses only elements of this tensor (checked above).
        unsafe { self.view_unchecked(shape, strides, byte_offset) }
    }

    /// A view with any layout over this tensor's memory (`TVMFFITensorCreateUnsafeView`).
    ///
    /// # Safety
    /// Every element the view addresses must lie inside memory that this tensor keeps alive.
    pub unsafe fn view_unchecked(
        &self,
        shape: &[i64],
        strides: &[i64],
        byte_offset: u64,
    ) -> Result<Tensor> {
        let (mut shape, mut strides) = (shape.to_vec(), strides.to_vec());
        let source = self.as_dltensor();
        let prototype = sys::DLTensor {
            data: source.data,
            device: source.device,
            ndim: shape.len() as i32,
            dtype: source.dtype,
            shape: shape.as_mut_ptr(),
            strides: strides.as_mut_ptr(),
            byte_offset,
        };
        let mut handle: sys::TVMFFIObjectHandle = std::ptr::null_mut();
        // SAFETY: the prototype is valid during the call; the runtime copies shape and strides
        // and retains the source (SPEC TENSOR-UNSAFE-VIEW).
        check_call(unsafe {
            sys::TVMFFITensorCreateUnsafeView(
                ObjectArc::as_handle(&self.0),
                &prototype,
                &mut handle,
            )
        })?;
        // SAFETY: a new reference to a Tensor.
        Ok(Tensor(unsafe { ObjectArc::from_owned_handle(handle) }))
    }

    /// The underlying object.
    pub fn as_object(&self) -> &ObjectArc<TensorObj> {
        &self.0
    }

    /// A borrowed view of the tensor.
    pub fn as_view(&self) -> AnyView<'_> {
        crate::function::object_view(&self.0)
    }
}

impl fmt::Debug for Tensor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Tensor(shape={:?}, dtype={}, device={})",
            self.shape(),
            self.dtype(),
            self.device()
        )
    }
}

impl FromAny for Tensor {
    fn type_name() -> Cow<'static, str> {
        Cow::Borrowed("ffi.Tensor")
    }
    fn from_view(view: &AnyView<'_>) -> Result<Self> {
        crate::any::object_from_view::<TensorObj>(view)
            .map(Tensor)
            .ok_or_else(|| type_mismatch::<Self>(view))
    }
    fn from_any(value: Any) -> Result<Self> {
        crate::any::object_from_any::<TensorObj>(value)
            .map(Tensor)
            .map_err(|value| type_mismatch::<Self>(&value.as_view()))
    }
    fn static_type_index() -> i32 {
        sys::kTVMFFITensor
    }
}

impl From<Tensor> for Any {
    fn from(value: Tensor) -> Any {
        Any::from(value.0)
    }
}

crate::__impl_try_from_any!(Tensor);
