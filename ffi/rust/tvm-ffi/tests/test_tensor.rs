// ffi/rust/tvm-ffi/tests/test_tensor.rs: Tensor import/export, allocation, slices and views.
mod common;

use std::sync::atomic::{AtomicUsize, Ordering};

use common::expect_err;
use tvm_ffi::tensor::{set_env_allocator, CPU_ALLOCATOR};
use tvm_ffi::{sys, Any, DataType, Device, Function, Result, Tensor};

#[test]
fn from_vec_gives_a_cpu_tensor_with_compact_strides() -> Result<()> {
    // SPEC: TENSOR-STRIDES, DLPACK-IMPORT-NULL-STRIDES
    let t = Tensor::from_vec((0..6).map(|i| i as f32).collect(), &[2, 3])?;
    assert_eq!(t.shape(), &[2, 3]);
    assert_eq!(t.strides(), &[3, 1]);
    assert_eq!(t.ndim(), 2);
    assert_eq!(t.numel(), 6);
    assert_eq!(t.dtype(), DataType::FLOAT32);
    assert_eq!(t.device(), Device::cpu());
    assert!(t.is_contiguous());
    assert_eq!(t.as_slice::<f32>()?, &[0.0, 1.0, 2.0, 3.0, 4.0, 5.0]);
    assert_eq!(Any::from(t.clone()).type_index(), sys::kTVMFFITensor);
    Ok(())
}

#[test]
fn from_vec_rejects_a_mismatched_shape() {
    expect_err(
        Tensor::from_vec(vec![1i32, 2, 3], &[2, 2]),
        "ValueError",
        "holds 4 elements, but the data has 3",
    );
    expect_err(Tensor::from_vec(vec![1i32], &[-1]), "ValueError", "negative dimension");
}

#[test]
fn as_slice_checks_dtype_contiguity_and_device() -> Result<()> {
    let t = Tensor::from_vec(vec![1i64, 2, 3, 4], &[2, 2])?;
    expect_err(t.as_slice::<f64>(), "TypeError", "tensor has dtype int64, expected float64");
    expect_err(t.as_slice::<i32>(), "TypeError", "expected int32");
    let transposed = t.as_strided(&[2, 2], &[1, 2], 0)?;
    assert!(!transposed.is_contiguous());
    expect_err(transposed.as_slice::<i64>(), "ValueError", "not contiguous");
    Ok(())
}

#[test]
fn views_share_memory_and_keep_the_source_alive() -> Result<()> {
    // SPEC: TENSOR-UNSAFE-VIEW
    let t = Tensor::from_vec((0..12).collect::<Vec<i32>>(), &[3, 4])?;
    let row = t.as_strided(&[4], &[1], 4)?;
    assert_eq!(row.as_slice::<i32>()?, &[4, 5, 6, 7]);
    assert_eq!(row.data_ptr(), t.data_ptr());
    assert_eq!(row.byte_offset(), 16);
    let reshaped = t.reshape(&[2, 6])?;
    assert_eq!(reshaped.strides(), &[6, 1]);
    assert_eq!(reshaped.as_slice::<i32>()?[7], 7);
    assert_eq!(common::count(t.as_object()), 3, "each view retains its source");
    drop(t);
    assert_eq!(row.as_slice::<i32>()?[0], 4, "the view still reads valid memory");
    Ok(())
}

#[test]
fn out_of_bounds_views_are_refused() -> Result<()> {
    let t = Tensor::from_vec(vec![0u8; 8], &[8])?;
    expect_err(t.as_strided(&[4], &[1], 5), "IndexError", "outside the tensor");
    expect_err(t.as_strided(&[2], &[8], 0), "IndexError", "outside the tensor");
    expect_err(t.as_strided(&[1], &[1], -1), "IndexError", "outside the tensor");
    expect_err(t.as_strided(&[2], &[1, 1], 0), "ValueError", "differ in length");
    expect_err(t.reshape(&[3, 3]), "ValueError", "element counts differ");
    assert_eq!(t.as_strided(&[0], &[1], 8)?.numel(), 0, "an empty view is always in bounds");
    Ok(())
}

#[test]
fn dlpack_export_and_reimport_round_trip() -> Result<()> {
    // SPEC: DLPACK-EXPORT, DLPACK-EXPORT-VERSIONED, DLPACK-IMPORT-NO-COPY
    let t = Tensor::from_vec(vec![1.0f64, 2.0], &[2])?;
    let managed = t.to_dlpack_versioned()?;
    // SAFETY: the export is a valid managed tensor.
    unsafe {
        assert_eq!(((*managed).version.major, (*managed).version.minor), (1, 3));
        assert_eq!((*managed).flags, 0);
    }
    assert_eq!(common::count(t.as_object()), 2, "the export holds a reference");
    // SAFETY: we own `managed` and hand it over.
    let back = unsafe { Tensor::from_dlpack_versioned(managed, 8, true) }?;
    assert_eq!(back.data_ptr(), t.data_ptr());
    assert_eq!(back.as_slice::<f64>()?, &[1.0, 2.0]);
    drop(back);
    assert_eq!(common::count(t.as_object()), 1, "the deleter released the reference");
    Ok(())
}

static DELETED: AtomicUsize = AtomicUsize::new(0);

#[test]
fn a_failed_import_leaves_the_tensor_with_the_caller() {
    // SPEC: DLPACK-IMPORT-OWNERSHIP, DLPACK-IMPORT-ALIGNMENT
    unsafe extern "C" fn deleter(_: *mut sys::DLManagedTensorVersioned) {
        DELETED.fetch_add(1, Ordering::SeqCst);
    }
    let mut data = [0u8; 16];
    let mut shape = [3i64];
    let mut managed = sys::DLManagedTensorVersioned {
        version: sys::DLPackVersion { major: 1, minor: 3 },
        manager_ctx: std::ptr::null_mut(),
        deleter: Some(deleter),
        flags: 0,
        dl_tensor: sys::DLTensor {
            data: data.as_mut_ptr().wrapping_add(1).cast(),
            device: Device::cpu().into(),
            ndim: 1,
            dtype: DataType::UINT8.0,
            shape: shape.as_mut_ptr(),
            strides: std::ptr::null_mut(),
            byte_offset: 0,
        },
    };
    // SAFETY: a valid managed tensor that outlives the call.
    let result = unsafe { Tensor::from_dlpack_versioned(&mut managed, 64, false) };
    expect_err(result, "RuntimeError", "align");
    assert_eq!(DELETED.load(Ordering::SeqCst), 0, "the deleter must not run on failure");
}

#[test]
fn env_allocation_uses_the_installed_allocator() -> Result<()> {
    // SPEC: ENV-TENSOR-ALLOC, ENV-ALLOC-SET, ENV-ALLOC-LOOKUP
    std::thread::spawn(|| -> Result<()> {
        expect_err(Tensor::alloc(&[2], DataType::FLOAT32, Device::cpu()), "RuntimeError", "");
        let previous = set_env_allocator(CPU_ALLOCATOR, false)?;
        assert!(previous.is_none());
        let t = Tensor::alloc(&[4, 5], DataType::FLOAT32, Device::cpu())?;
        assert_eq!(t.shape(), &[4, 5]);
        assert_eq!(t.strides(), &[5, 1]);
        assert_eq!(t.as_slice::<f32>()?, &[0.0; 20]);
        assert_eq!(t.data_ptr() as usize % 64, 0);
        // SAFETY: nobody else holds this fresh tensor.
        unsafe { t.as_mut_slice::<f32>()?[3] = 7.0 };
        assert_eq!(t.as_slice::<f32>()?[3], 7.0);
        let err = expect_err(
            Tensor::alloc(&[2], DataType::FLOAT32, Device::cuda(0)),
            "RuntimeError",
            "cuda:0",
        );
        assert!(!err.message().is_empty());
        set_env_allocator(None, false)?;
        Ok(())
    })
    .join()
    .expect("allocation thread panicked")
}

#[test]
fn tensors_cross_typed_functions() -> Result<()> {
    let sum =
        Function::from_typed(|t: Tensor| -> Result<f64> { Ok(t.as_slice::<f64>()?.iter().sum()) });
    let t = Tensor::from_vec(vec![1.0f64, 2.0, 3.5], &[3])?;
    assert_eq!(sum.call((&t,))?.cast::<f64>()?, 6.5);
    let ints = Tensor::from_vec(vec![1i32], &[1])?;
    expect_err(sum.call((&ints,)), "TypeError", "tensor has dtype int32, expected float64");
    expect_err(
        sum.call((1,)),
        "TypeError",
        "argument #0 of `<anonymous>`: expected `ffi.Tensor`, got `int`",
    );
    assert_eq!(format!("{t:?}"), "Tensor(shape=[3], dtype=float64, device=cpu:0)");
    Ok(())
}
