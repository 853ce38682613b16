// ffi/rust/tvm-ffi-sys/tests/layout.rs: every ABI struct and constant against ffi/c/SPEC.md.
//
// The assertions are compile-time (`const _: () = assert!(...)`): compiling this file is the
// test. The #[test] functions below only make the run visible and check linking.
#![allow(non_upper_case_globals)]

use std::mem::{align_of, offset_of, size_of};

use tvm_ffi_sys::*;

macro_rules! check_layout {
    ($ty:ty, size = $size:expr, align = $align:expr, { $($field:ident @ $off:expr),* $(,)? }) => {
        const _: () = assert!(size_of::<$ty>() == $size);
        const _: () = assert!(align_of::<$ty>() == $align);
        $(const _: () = assert!(offset_of!($ty, $field) == $off);)*
    };
}

// SPEC: ABI-PLATFORM, ANY-LAYOUT
check_layout!(TVMFFIAny, size = 16, align = 8, { type_index @ 0, pad @ 4, value @ 8 });
const _: () = assert!(size_of::<TVMFFIAnyValue>() == 8);
// SPEC: OBJ-HEADER-LAYOUT
check_layout!(TVMFFIObject, size = 24, align = 8, {
    combined_ref_count @ 0, type_index @ 8, __padding @ 12, deleter @ 16,
});
check_layout!(TVMFFIVersion, size = 12, align = 4, { major @ 0, minor @ 4, patch @ 8 });

// SPEC: OBJ-CELL-LAYOUTS
check_layout!(TVMFFIByteArray, size = 16, align = 8, { data @ 0, size @ 8 });
check_layout!(TVMFFIShapeCell, size = 16, align = 8, { data @ 0, size @ 8 });
check_layout!(TVMFFISeqCell, size = 32, align = 8, {
    data @ 0, size @ 8, capacity @ 16, data_deleter @ 24,
});
check_layout!(TVMFFIFunctionCell, size = 16, align = 8, { safe_call @ 0, cpp_call @ 8 });
check_layout!(TVMFFIOpaqueObjectCell, size = 8, align = 8, { handle @ 0 });
// SPEC: ERR-LAYOUT
check_layout!(TVMFFIErrorCell, size = 72, align = 8, {
    kind @ 0, message @ 16, backtrace @ 32, update_backtrace @ 48, cause_chain @ 56,
    extra_context @ 64,
});

// SPEC: OBJ-ALLOC-HEADER, OBJ-ALLOC-CUSTOM
check_layout!(TVMFFIObjectAllocHeader, size = 8, align = 8, { delete_space @ 0 });
check_layout!(TVMFFICustomAllocator, size = 16, align = 8, { allocate @ 0, context @ 8 });

// SPEC: REG-TYPEINFO-LAYOUT
check_layout!(TVMFFITypeInfo, size = 72, align = 8, {
    type_index @ 0, type_depth @ 4, type_key @ 8, type_ancestors @ 24, type_key_hash @ 32,
    num_fields @ 40, num_methods @ 44, fields @ 48, methods @ 56, metadata @ 64,
});
// SPEC: REG-STRUCT-LAYOUTS
check_layout!(TVMFFIFieldInfo, size = 120, align = 8, {
    name @ 0, doc @ 16, metadata @ 32, flags @ 48, size @ 56, alignment @ 64, offset @ 72,
    getter @ 80, setter @ 88, default_value_or_factory @ 96, field_static_type_index @ 112,
});
check_layout!(TVMFFIMethodInfo, size = 72, align = 8, {
    name @ 0, doc @ 16, metadata @ 32, flags @ 48, method @ 56,
});
check_layout!(TVMFFITypeMetadata, size = 32, align = 8, {
    doc @ 0, creator @ 16, total_size @ 24, structural_eq_hash_kind @ 28,
});
check_layout!(TVMFFITypeAttrColumn, size = 16, align = 8, { data @ 0, size @ 8, begin_index @ 12 });

// SPEC: DLPACK-LAYOUT
check_layout!(DLPackVersion, size = 8, align = 4, { major @ 0, minor @ 4 });
check_layout!(DLDevice, size = 8, align = 4, { device_type @ 0, device_id @ 4 });
check_layout!(DLDataType, size = 4, align = 2, { code @ 0, bits @ 1, lanes @ 2 });
check_layout!(DLTensor, size = 48, align = 8, {
    data @ 0, device @ 8, ndim @ 16, dtype @ 20, shape @ 24, strides @ 32, byte_offset @ 40,
});
check_layout!(DLManagedTensor, size = 64, align = 8, {
    dl_tensor @ 0, manager_ctx @ 48, deleter @ 56,
});
check_layout!(DLManagedTensorVersioned, size = 80, align = 8, {
    version @ 0, manager_ctx @ 8, deleter @ 16, flags @ 24, dl_tensor @ 32,
});
check_layout!(DLPackExchangeAPIHeader, size = 16, align = 8, { version @ 0, prev_api @ 8 });
check_layout!(DLPackExchangeAPI, size = 56, align = 8, {
    header @ 0, managed_tensor_allocator @ 16, managed_tensor_from_py_object_no_sync @ 24,
    managed_tensor_to_py_object_no_sync @ 32, dltensor_from_py_object_no_sync @ 40,
    current_work_stream @ 48,
});

// SPEC: ANY-TYPE-INDEX-VALUES, ABI-ENUM-INT32
const _: () = {
    let table: [(TVMFFITypeIndex, i32); 34] = [
        (kTVMFFIAny, -1),
        (kTVMFFINone, 0),
        (kTVMFFIInt, 1),
        (kTVMFFIBool, 2),
        (kTVMFFIFloat, 3),
        (kTVMFFIOpaquePtr, 4),
        (kTVMFFIDataType, 5),
        (kTVMFFIDevice, 6),
        (kTVMFFIDLTensorPtr, 7),
        (kTVMFFIRawStr, 8),
        (kTVMFFIByteArrayPtr, 9),
        (kTVMFFIObjectRValueRef, 10),
        (kTVMFFISmallStr, 11),
        (kTVMFFISmallBytes, 12),
        (kTVMFFIUnchanged, 13),
        (kTVMFFIStaticObjectBegin, 64),
        (kTVMFFIObject, 64),
        (kTVMFFIStr, 65),
        (kTVMFFIBytes, 66),
        (kTVMFFIError, 67),
        (kTVMFFIFunction, 68),
        (kTVMFFIShape, 69),
        (kTVMFFITensor, 70),
        (kTVMFFIArray, 71),
        (kTVMFFIMap, 72),
        (kTVMFFIModule, 73),
        (kTVMFFIOpaquePyObject, 74),
        (kTVMFFIList, 75),
        (kTVMFFIDict, 76),
        (kTVMFFIVisitInterrupt, 77),
        (kTVMFFIBigInt, 78),
        (kTVMFFIStaticObjectEnd, 79),
        (kTVMFFIDynObjectBegin, 128),
        (kTVMFFIAny, -1),
    ];
    let mut i = 0;
    while i < table.len() {
        assert!(table[i].0 == table[i].1);
        i += 1;
    }
};

// SPEC: OBJ-DELETER-FLAGS
const _: () = assert!(kTVMFFIObjectDeleterFlagBitMaskStrong == 1);
const _: () = assert!(kTVMFFIObjectDeleterFlagBitMaskWeak == 2);
const _: () = assert!(kTVMFFIObjectDeleterFlagBitMaskBoth == 3);
// SPEC: OBJ-CELL-LAYOUTS (backtrace update modes)
const _: () = assert!(kTVMFFIBacktraceUpdateModeReplace == 0);
const _: () = assert!(kTVMFFIBacktraceUpdateModeAppend == 1);

// SPEC: REG-FIELD-FLAGS
const _: () = {
    let flags = [
        kTVMFFIFieldFlagBitMaskWritable,
        kTVMFFIFieldFlagBitMaskHasDefault,
        kTVMFFIFieldFlagBitMaskIsStaticMethod,
        kTVMFFIFieldFlagBitMaskSEqHashIgnore,
        kTVMFFIFieldFlagBitMaskSEqHashDefPattern,
        kTVMFFIFieldFlagBitMaskDefaultFromFactory,
        kTVMFFIFieldFlagBitMaskReprOff,
        kTVMFFIFieldFlagBitMaskCompareOff,
        kTVMFFIFieldFlagBitMaskHashOff,
        kTVMFFIFieldFlagBitMaskInitOff,
        kTVMFFIFieldFlagBitMaskKwOnly,
        kTVMFFIFieldFlagBitSetterIsFunctionObj,
        kTVMFFIFieldFlagBitMaskSEqHashDefSimple,
    ];
    let mut bit = 0;
    while bit < flags.len() {
        assert!(flags[bit] == 1 << bit);
        bit += 1;
    }
};

// SPEC: REG-STRUCT-LAYOUTS (SEqHashKind and DefRegionKind values)
const _: () = {
    assert!(kTVMFFISEqHashKindUnsupported == 0);
    assert!(kTVMFFISEqHashKindTreeNode == 1);
    assert!(kTVMFFISEqHashKindFreeVar == 2);
    assert!(kTVMFFISEqHashKindDAGNode == 3);
    assert!(kTVMFFISEqHashKindConstTreeNode == 4);
    assert!(kTVMFFISEqHashKindUniqueInstance == 5);
    assert!(kTVMFFIDefRegionKindNone == 0);
    assert!(kTVMFFIDefRegionKindPattern == 1);
    assert!(kTVMFFIDefRegionKindSimple == 2);
};

// SPEC: DLPACK-LAYOUT (device types, type codes, flags, version)
const _: () = {
    let devices = [
        (kDLCPU, 1),
        (kDLCUDA, 2),
        (kDLCUDAHost, 3),
        (kDLOpenCL, 4),
        (kDLVulkan, 7),
        (kDLMetal, 8),
        (kDLVPI, 9),
        (kDLROCM, 10),
        (kDLROCMHost, 11),
        (kDLExtDev, 12),
        (kDLCUDAManaged, 13),
        (kDLOneAPI, 14),
        (kDLWebGPU, 15),
        (kDLHexagon, 16),
        (kDLMAIA, 17),
        (kDLTrn, 18),
    ];
    let mut i = 0;
    while i < devices.len() {
        assert!(devices[i].0 == devices[i].1);
        i += 1;
    }
    let codes = [
        kDLInt,
        kDLUInt,
        kDLFloat,
        kDLOpaqueHandle,
        kDLBfloat,
        kDLComplex,
        kDLBool,
        kDLFloat8_e3m4,
        kDLFloat8_e4m3,
        kDLFloat8_e4m3b11fnuz,
        kDLFloat8_e4m3fn,
        kDLFloat8_e4m3fnuz,
        kDLFloat8_e5m2,
        kDLFloat8_e5m2fnuz,
        kDLFloat8_e8m0fnu,
        kDLFloat6_e2m3fn,
        kDLFloat6_e3m2fn,
        kDLFloat4_e2m1fn,
    ];
    let mut code = 0;
    while code < codes.len() {
        assert!(codes[code] as usize == code);
        code += 1;
    }
    assert!(DLPACK_FLAG_BITMASK_READ_ONLY == 1);
    assert!(DLPACK_FLAG_BITMASK_IS_COPIED == 2);
    assert!(DLPACK_FLAG_BITMASK_IS_SUBBYTE_TYPE_PADDED == 4);
    assert!(DLPACK_MAJOR_VERSION == 1 && DLPACK_MINOR_VERSION == 3);
};

#[test]
fn layouts_match_spec_at_compile_time() {
    // The const assertions above already ran; this test records that the file compiled.
    assert_eq!(size_of::<TVMFFIAny>(), 16);
}

#[test]
fn runtime_reports_the_header_version() {
    // SPEC: VER-GET-VERSION, VER-HEADER-MACROS
    let mut version = TVMFFIVersion::default();
    // SAFETY: `version` is a valid output struct.
    unsafe { TVMFFIGetVersion(&mut version) };
    assert_eq!(
        version,
        TVMFFIVersion {
            major: TVM_FFI_VERSION_MAJOR,
            minor: TVM_FFI_VERSION_MINOR,
            patch: TVM_FFI_VERSION_PATCH
        }
    );
}

#[test]
fn all_fifty_functions_are_declared_and_link() {
    // SPEC: ABI-EXPORT-SET, ABI-C-LINKAGE
    let addresses: [usize; 50] = [
        TVMFFIGetVersion as *const () as usize,
        TVMFFIObjectIncRef as *const () as usize,
        TVMFFIObjectDecRef as *const () as usize,
        TVMFFIObjectCreateOpaque as *const () as usize,
        TVMFFIGetCustomAllocator as *const () as usize,
        TVMFFISetCustomAllocator as *const () as usize,
        TVMFFITypeKeyToIndex as *const () as usize,
        TVMFFITypeGetOrAllocIndex as *const () as usize,
        TVMFFIGetTypeInfo as *const () as usize,
        TVMFFITypeRegisterField as *const () as usize,
        TVMFFITypeRegisterMethod as *const () as usize,
        TVMFFITypeRegisterMetadata as *const () as usize,
        TVMFFITypeRegisterAttr as *const () as usize,
        TVMFFIGetTypeAttrColumn as *const () as usize,
        TVMFFIFunctionCreate as *const () as usize,
        TVMFFIFunctionCall as *const () as usize,
        TVMFFIFunctionGetGlobal as *const () as usize,
        TVMFFIFunctionSetGlobal as *const () as usize,
        TVMFFIFunctionSetGlobalFromMethodInfo as *const () as usize,
        TVMFFIAnyViewToOwnedAny as *const () as usize,
        TVMFFIErrorMoveFromRaised as *const () as usize,
        TVMFFIErrorSetRaised as *const () as usize,
        TVMFFIErrorSetRaisedFromCStr as *const () as usize,
        TVMFFIErrorSetRaisedFromCStrParts as *const () as usize,
        TVMFFIErrorCreate as *const () as usize,
        TVMFFIErrorCreateWithCauseAndExtraContext as *const () as usize,
        TVMFFIBacktrace as *const () as usize,
        TVMFFIStringFromByteArray as *const () as usize,
        TVMFFIBytesFromByteArray as *const () as usize,
        TVMFFIBigIntFromByteArray as *const () as usize,
        TVMFFIBigIntGetContentByteArray as *const () as usize,
        TVMFFIDataTypeFromString as *const () as usize,
        TVMFFIDataTypeToString as *const () as usize,
        TVMFFITensorFromDLPack as *const () as usize,
        TVMFFITensorFromDLPackVersioned as *const () as usize,
        TVMFFITensorToDLPack as *const () as usize,
        TVMFFITensorToDLPackVersioned as *const () as usize,
        TVMFFITensorCreateUnsafeView as *const () as usize,
        TVMFFIHandleInitOnce as *const () as usize,
        TVMFFIHandleDeinitOnce as *const () as usize,
        TVMFFIEnvSetStream as *const () as usize,
        TVMFFIEnvGetStream as *const () as usize,
        TVMFFIEnvSetDLPackManagedTensorAllocator as *const () as usize,
        TVMFFIEnvGetDLPackManagedTensorAllocator as *const () as usize,
        TVMFFIEnvTensorAlloc as *const () as usize,
        TVMFFIEnvCheckSignals as *const () as usize,
        TVMFFIEnvRegisterCAPI as *const () as usize,
        TVMFFIEnvModLookupFromImports as *const () as usize,
        TVMFFIEnvModRegisterContextSymbol as *const () as usize,
        TVMFFIEnvModRegisterSystemLibSymbol as *const () as usize,
    ];
    let mut sorted = addresses.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted.len(), 50, "two declarations resolved to the same symbol");
    assert!(addresses.iter().all(|&a| a != 0));
}

#[test]
fn inline_accessors_use_offset_24() {
    // SPEC: OBJ-CELL-OFFSET
    let mut storage = [0u64; 12];
    let obj = storage.as_mut_ptr() as TVMFFIObjectHandle;
    let base = obj as usize;
    // SAFETY: the accessors only compute addresses inside `storage`.
    unsafe {
        assert_eq!(TVMFFIBytesGetByteArrayPtr(obj) as usize - base, 24);
        assert_eq!(TVMFFIErrorGetCellPtr(obj) as usize - base, 24);
        assert_eq!(TVMFFIFunctionGetCellPtr(obj) as usize - base, 24);
        assert_eq!(TVMFFIOpaqueObjectGetCellPtr(obj) as usize - base, 24);
        assert_eq!(TVMFFIShapeGetCellPtr(obj) as usize - base, 24);
        assert_eq!(TVMFFITensorGetDLTensorPtr(obj) as usize - base, 24);
    }
    let dev = TVMFFIDLDeviceFromIntPair(kDLCUDA, 3);
    assert_eq!((dev.device_type, dev.device_id), (2, 3));
}
