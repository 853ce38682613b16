// ffi/rust/tvm-ffi/src/allocator.rs: the environment DLPack allocator and a Rust CPU allocator.
//! The allocator behind [`Tensor::alloc`](crate::Tensor::alloc) (SPEC §11): install one
//! with [`set_env_allocator`]; [`CPU_ALLOCATOR`] is a CPU allocator written in Rust.

use std::ffi::{c_char, c_void, CString};

use crate::device::Device;
use crate::dtype::DataType;
use crate::error::{check_call, Result};
use crate::sys;
use crate::tensor::checked_numel;

/// Installs the DLPack allocator used by [`Tensor::alloc`](crate::Tensor::alloc) for this
/// thread, and also for the whole process when `global` is true (SPEC ENV-ALLOC-SET). Returns
/// the thread's previous one.
pub fn set_env_allocator(
    allocator: sys::DLPackManagedTensorAllocator,
    global: bool,
) -> Result<sys::DLPackManagedTensorAllocator> {
    let mut previous: sys::DLPackManagedTensorAllocator = None;
    // SAFETY: valid output slot; the allocator is a plain function pointer.
    check_call(unsafe {
        sys::TVMFFIEnvSetDLPackManagedTensorAllocator(allocator, global as i32, &mut previous)
    })?;
    Ok(previous)
}

/// The allocator [`Tensor::alloc`](crate::Tensor::alloc) would use now, if any
/// (SPEC ENV-ALLOC-LOOKUP).
pub fn env_allocator() -> sys::DLPackManagedTensorAllocator {
    // SAFETY: no arguments.
    unsafe { sys::TVMFFIEnvGetDLPackManagedTensorAllocator() }
}

/// A DLPack allocator for CPU memory (64-byte aligned, zero-filled), written in Rust.
pub const CPU_ALLOCATOR: sys::DLPackManagedTensorAllocator = Some(cpu_alloc);

const CPU_ALIGNMENT: usize = 64;

#[repr(C)]
struct CpuOwner {
    managed: sys::DLManagedTensorVersioned,
    shape: Vec<i64>,
    layout: std::alloc::Layout,
}

unsafe extern "C" fn cpu_free(managed: *mut sys::DLManagedTensorVersioned) {
    // SAFETY: `managed` heads a boxed CpuOwner whose data came from `alloc_zeroed(layout)`.
    unsafe {
        let owner = Box::from_raw(managed as *mut CpuOwner);
        std::alloc::dealloc(owner.managed.dl_tensor.data as *mut u8, owner.layout);
    }
}

fn report(ctx: *mut c_void, set_error: sys::DLPackSetErrorFn, kind: &str, message: &str) -> i32 {
    if let Some(set_error) = set_error {
        let kind = CString::new(kind).unwrap_or_default();
        let message = CString::new(message.replace('\0', " ")).unwrap_or_default();
        // SAFETY: the runtime passes a valid callback and context (SPEC ENV-TENSOR-ALLOC).
        unsafe {
            set_error(ctx, kind.as_ptr() as *const c_char, message.as_ptr() as *const c_char)
        };
    }
    -1
}

unsafe extern "C" fn cpu_alloc(
    prototype: *mut sys::DLTensor,
    out: *mut *mut sys::DLManagedTensorVersioned,
    error_ctx: *mut c_void,
    set_error: sys::DLPackSetErrorFn,
) -> i32 {
    let outcome = std::panic::catch_unwind(|| {
        // SAFETY: the runtime passes a valid prototype with `ndim` shape entries.
        let proto = unsafe { &*prototype };
        if proto.device.device_type != sys::kDLCPU {
            return Err(format!(
                "the Rust CPU allocator cannot allocate on {}",
                Device::from(proto.device)
            ));
        }
        let shape: Vec<i64> = if proto.ndim > 0 {
            // SAFETY: as above.
            unsafe { std::slice::from_raw_parts(proto.shape, proto.ndim as usize) }.to_vec()
        } else {
            Vec::new()
        };
        let numel = checked_numel(&shape).map_err(|e| e.message().into_owned())?;
        let bytes =
            (numel as u128 * DataType(proto.dtype).bits() as u128 * proto.dtype.lanes as u128)
                .div_ceil(8);
        let bytes = usize::try_from(bytes).map_err(|_| "tensor too large".to_owned())?;
        let layout = std::alloc::Layout::from_size_align(bytes.max(1), CPU_ALIGNMENT)
            .map_err(|_| "tensor too large".to_owned())?;
        // SAFETY: nonzero size.
        let data = unsafe { std::alloc::alloc_zeroed(layout) };
        if data.is_null() {
            return Err(format!("out of memory allocating {bytes} bytes"));
        }
        let mut owner = Box::new(CpuOwner {
            managed: sys::DLManagedTensorVersioned {
                version: sys::DLPackVersion {
                    major: sys::DLPACK_MAJOR_VERSION,
                    minor: sys::DLPACK_MINOR_VERSION,
                },
                manager_ctx: std::ptr::null_mut(),
                deleter: Some(cpu_free),
                flags: 0,
                dl_tensor: sys::DLTensor {
                    data: data as *mut c_void,
                    shape: std::ptr::null_mut(),
                    strides: std::ptr::null_mut(),
                    byte_offset: 0,
                    ..*proto
                },
            },
            shape,
            layout,
        });
        owner.managed.dl_tensor.shape = owner.shape.as_mut_ptr();
        Ok(Box::into_raw(owner) as *mut sys::DLManagedTensorVersioned)
    });
    match outcome {
        Ok(Ok(managed)) => {
            // SAFETY: `out` is the runtime's output slot.
            unsafe { *out = managed };
            0
        }
        Ok(Err(message)) => report(error_ctx, set_error, "RuntimeError", &message),
        Err(_) => report(error_ctx, set_error, "RuntimeError", "the Rust CPU allocator panicked"),
    }
}
