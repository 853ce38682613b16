// examples/quickstart/host_rust/src/cuda.rs: just enough of the CUDA runtime to hand GPU
// tensors to a module.
//! libcudart is opened at run time (`dlopen`), so the host builds and runs on machines without
//! CUDA; [`Runtime::open_with_gpu`] returns `None` there, and when no GPU is visible.

use std::ffi::{c_char, c_int, c_void, CStr};

use tvm_ffi::{sys, DataType, Device, Result, Tensor};

extern "C" {
    fn dlopen(filename: *const c_char, flags: c_int) -> *mut c_void;
    fn dlsym(handle: *mut c_void, symbol: *const c_char) -> *mut c_void;
}
const RTLD_NOW: c_int = 2;
const HOST_TO_DEVICE: c_int = 1;
const DEVICE_TO_HOST: c_int = 2;

type GetDeviceCount = unsafe extern "C" fn(*mut c_int) -> c_int;
type Malloc = unsafe extern "C" fn(*mut *mut c_void, usize) -> c_int;
type Free = unsafe extern "C" fn(*mut c_void) -> c_int;
type Memcpy = unsafe extern "C" fn(*mut c_void, *const c_void, usize, c_int) -> c_int;

/// The few libcudart entry points the host needs.
pub struct Runtime {
    malloc: Malloc,
    free: Free,
    memcpy: Memcpy,
}

/// Looks `name` up in `lib` as a function pointer of type `F`.
///
/// # Safety
/// `F` must be the function's real signature.
unsafe fn symbol<F: Copy>(lib: *mut c_void, name: &CStr) -> Option<F> {
    // SAFETY: a handle from dlopen and a NUL-terminated name.
    let ptr = unsafe { dlsym(lib, name.as_ptr()) };
    // SAFETY: a non-null symbol of the signature the caller vouches for.
    (!ptr.is_null()).then(|| unsafe { std::mem::transmute_copy::<*mut c_void, F>(&ptr) })
}

impl Runtime {
    /// libcudart, if it loads and sees at least one GPU.
    pub fn open_with_gpu() -> Option<Runtime> {
        let names: [&CStr; 3] = [c"libcudart.so", c"libcudart.so.13", c"libcudart.so.12"];
        // SAFETY: dlopen with NUL-terminated names.
        let lib =
            names.iter().map(|n| unsafe { dlopen(n.as_ptr(), RTLD_NOW) }).find(|h| !h.is_null())?;
        // SAFETY: the signatures are those of the CUDA runtime API.
        let (count, malloc, free, memcpy) = unsafe {
            (
                symbol::<GetDeviceCount>(lib, c"cudaGetDeviceCount")?,
                symbol::<Malloc>(lib, c"cudaMalloc")?,
                symbol::<Free>(lib, c"cudaFree")?,
                symbol::<Memcpy>(lib, c"cudaMemcpy")?,
            )
        };
        let mut devices: c_int = 0;
        // SAFETY: a valid output slot.
        let status = unsafe { count(&mut devices) };
        (status == 0 && devices > 0).then_some(Runtime { malloc, free, memcpy })
    }

    /// A float32 vector on GPU 0 holding `values`.
    pub fn tensor_from_host(&self, values: &[f32]) -> Result<Tensor> {
        let bytes = std::mem::size_of_val(values);
        let mut data: *mut c_void = std::ptr::null_mut();
        // SAFETY: a valid output slot; then a copy into the fresh allocation of `bytes` bytes.
        let status = unsafe {
            match (self.malloc)(&mut data, bytes.max(1)) {
                0 => (self.memcpy)(data, values.as_ptr().cast(), bytes, HOST_TO_DEVICE),
                err => err,
            }
        };
        tvm_ffi::ensure!(status == 0, RuntimeError, "CUDA allocation or copy failed: {status}");
        let owner = Box::into_raw(Box::new(DeviceVector {
            managed: managed_tensor(data),
            shape: [values.len() as i64],
            free: self.free,
        }));
        // SAFETY: `owner` is alive until its deleter runs; its shape field is stable in the box.
        unsafe { (*owner).managed.dl_tensor.shape = (*owner).shape.as_mut_ptr() };
        // SAFETY: a valid managed tensor whose deleter frees the owner (and the GPU memory).
        unsafe { Tensor::from_dlpack_versioned(owner.cast(), 0, false) }.inspect_err(|_| {
            // SAFETY: on failure we still own it.
            unsafe { device_vector_deleter(owner.cast()) };
        })
    }

    /// Copies a float32 GPU vector back to the host.
    pub fn tensor_to_host(&self, t: &Tensor) -> Result<Vec<f32>> {
        let mut out = vec![0.0f32; t.numel() as usize];
        let src = (t.data_ptr() as *const u8).wrapping_add(t.byte_offset() as usize);
        // SAFETY: `t` is a live GPU tensor of `out.len()` float32 elements.
        let status = unsafe {
            (self.memcpy)(out.as_mut_ptr().cast(), src.cast(), out.len() * 4, DEVICE_TO_HOST)
        };
        tvm_ffi::ensure!(status == 0, RuntimeError, "CUDA copy to host failed: {status}");
        Ok(out)
    }
}

/// A DLPack tensor over cudaMalloc'd memory; the box is freed by its deleter.
#[repr(C)]
struct DeviceVector {
    managed: sys::DLManagedTensorVersioned, // first, so a pointer to it is one to the owner
    shape: [i64; 1],
    free: Free,
}

/// A 1-D float32 DLPack tensor on GPU 0 over `data`; the owner fills in `shape`.
fn managed_tensor(data: *mut c_void) -> sys::DLManagedTensorVersioned {
    sys::DLManagedTensorVersioned {
        version: sys::DLPackVersion {
            major: sys::DLPACK_MAJOR_VERSION,
            minor: sys::DLPACK_MINOR_VERSION,
        },
        manager_ctx: std::ptr::null_mut(),
        deleter: Some(device_vector_deleter),
        flags: 0,
        dl_tensor: sys::DLTensor {
            data,
            device: Device::cuda(0).into(),
            ndim: 1,
            dtype: DataType::FLOAT32.0,
            shape: std::ptr::null_mut(),
            strides: std::ptr::null_mut(),
            byte_offset: 0,
        },
    }
}

unsafe extern "C" fn device_vector_deleter(managed: *mut sys::DLManagedTensorVersioned) {
    // SAFETY: `managed` is the first field of a boxed DeviceVector, deleted once.
    let owner = unsafe { Box::from_raw(managed.cast::<DeviceVector>()) };
    // SAFETY: memory from cudaMalloc.
    unsafe { (owner.free)(owner.managed.dl_tensor.data) };
}
