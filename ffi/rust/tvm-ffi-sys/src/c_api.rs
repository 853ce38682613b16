// ffi/rust/tvm-ffi-sys/src/c_api.rs: mirrors of ffi/c/include/tvm/ffi/c_api.h (ABI 0.1.16).
//
// Names are the C names, verbatim. Open-ended C enums (type index, flags, modes, kinds) are
// `i32` aliases plus constants (SPEC ABI-ENUM-INT32), never Rust enums, so that any value the
// other side writes is representable. Section numbers follow c_api.h.

use core::ffi::{c_char, c_int, c_void};

use crate::dlpack::{DLDataType, DLDevice, DLManagedTensor, DLManagedTensorVersioned, DLTensor};

// ---------------------------------------------------------------------------------------------
// Section 1: version (SPEC §14)
// ---------------------------------------------------------------------------------------------

/// `TVM_FFI_VERSION_MAJOR` of the headers these declarations mirror.
pub const TVM_FFI_VERSION_MAJOR: u32 = 0;
/// `TVM_FFI_VERSION_MINOR`.
pub const TVM_FFI_VERSION_MINOR: u32 = 1;
/// `TVM_FFI_VERSION_PATCH`.
pub const TVM_FFI_VERSION_PATCH: u32 = 16;

/// Semantic version of the ABI a binary was compiled against. 12 bytes.
#[repr(C)]
#[derive(Debug, Copy, Clone, Default, PartialEq, Eq, Hash)]
pub struct TVMFFIVersion {
    pub major: u32,
    pub minor: u32,
    pub patch: u32,
}

// ---------------------------------------------------------------------------------------------
// Section 2: type indices (SPEC §2.2)
// ---------------------------------------------------------------------------------------------

/// `TVMFFITypeIndex`: open-ended; indices from `kTVMFFIDynObjectBegin` are handed out at run time.
pub type TVMFFITypeIndex = i32;
pub const kTVMFFIAny: TVMFFITypeIndex = -1;
pub const kTVMFFINone: TVMFFITypeIndex = 0;
pub const kTVMFFIInt: TVMFFITypeIndex = 1;
pub const kTVMFFIBool: TVMFFITypeIndex = 2;
pub const kTVMFFIFloat: TVMFFITypeIndex = 3;
pub const kTVMFFIOpaquePtr: TVMFFITypeIndex = 4;
pub const kTVMFFIDataType: TVMFFITypeIndex = 5;
pub const kTVMFFIDevice: TVMFFITypeIndex = 6;
pub const kTVMFFIDLTensorPtr: TVMFFITypeIndex = 7;
pub const kTVMFFIRawStr: TVMFFITypeIndex = 8;
pub const kTVMFFIByteArrayPtr: TVMFFITypeIndex = 9;
pub const kTVMFFIObjectRValueRef: TVMFFITypeIndex = 10;
pub const kTVMFFISmallStr: TVMFFITypeIndex = 11;
pub const kTVMFFISmallBytes: TVMFFITypeIndex = 12;
pub const kTVMFFIUnchanged: TVMFFITypeIndex = 13;
pub const kTVMFFIStaticObjectBegin: TVMFFITypeIndex = 64;
pub const kTVMFFIObject: TVMFFITypeIndex = 64;
pub const kTVMFFIStr: TVMFFITypeIndex = 65;
pub const kTVMFFIBytes: TVMFFITypeIndex = 66;
pub const kTVMFFIError: TVMFFITypeIndex = 67;
pub const kTVMFFIFunction: TVMFFITypeIndex = 68;
pub const kTVMFFIShape: TVMFFITypeIndex = 69;
pub const kTVMFFITensor: TVMFFITypeIndex = 70;
pub const kTVMFFIArray: TVMFFITypeIndex = 71;
pub const kTVMFFIMap: TVMFFITypeIndex = 72;
pub const kTVMFFIModule: TVMFFITypeIndex = 73;
pub const kTVMFFIOpaquePyObject: TVMFFITypeIndex = 74;
pub const kTVMFFIList: TVMFFITypeIndex = 75;
pub const kTVMFFIDict: TVMFFITypeIndex = 76;
pub const kTVMFFIVisitInterrupt: TVMFFITypeIndex = 77;
pub const kTVMFFIBigInt: TVMFFITypeIndex = 78;
pub const kTVMFFIStaticObjectEnd: TVMFFITypeIndex = 79;
pub const kTVMFFIDynObjectBegin: TVMFFITypeIndex = 128;

/// Opaque handle; always points at a [`TVMFFIObject`] header.
pub type TVMFFIObjectHandle = *mut c_void;

// ---------------------------------------------------------------------------------------------
// Section 3: object header and reference counting (SPEC §3)
// ---------------------------------------------------------------------------------------------

/// `TVMFFIObjectDeleterFlagBitMask`, passed to [`TVMFFIObject::deleter`].
pub type TVMFFIObjectDeleterFlagBitMask = i32;
pub const kTVMFFIObjectDeleterFlagBitMaskStrong: TVMFFIObjectDeleterFlagBitMask = 1 << 0;
pub const kTVMFFIObjectDeleterFlagBitMaskWeak: TVMFFIObjectDeleterFlagBitMask = 1 << 1;
pub const kTVMFFIObjectDeleterFlagBitMaskBoth: TVMFFIObjectDeleterFlagBitMask = 3;

/// The deleter stored in an object header: `deleter(self, flags)`.
pub type TVMFFIObjectDeleter = Option<unsafe extern "C" fn(self_: *mut c_void, flags: c_int)>;

/// Header of every heap object, 24 bytes.
///
/// `combined_ref_count` holds the strong count in its low 32 bits and the weak count in its high
/// 32 bits; it is only ever updated with atomic operations (SPEC §3.2). The C declaration puts
/// `deleter` in a union with `int64_t __ensure_align`; the union is pointer-sized on LP64.
#[repr(C)]
#[derive(Debug)]
pub struct TVMFFIObject {
    pub combined_ref_count: u64,
    pub type_index: i32,
    pub __padding: u32,
    pub deleter: TVMFFIObjectDeleter,
}

// ---------------------------------------------------------------------------------------------
// Section 4: the tagged value and cell structs (SPEC §2, §3.4, §6.2)
// ---------------------------------------------------------------------------------------------

/// The 4-byte union at offset 4 of [`TVMFFIAny`]: `zero_padding` or `small_str_len`.
#[repr(C)]
#[derive(Copy, Clone)]
pub union TVMFFIAnyPadding {
    pub zero_padding: u32,
    pub small_str_len: u32,
}

/// The 8-byte payload union at offset 8 of [`TVMFFIAny`].
#[repr(C)]
#[derive(Copy, Clone)]
pub union TVMFFIAnyValue {
    pub v_int64: i64,
    pub v_float64: f64,
    pub v_ptr: *mut c_void,
    pub v_c_str: *const c_char,
    pub v_obj: *mut TVMFFIObject,
    pub v_dtype: DLDataType,
    pub v_device: DLDevice,
    pub v_bytes: [c_char; 8],
    pub v_uint64: u64,
}

/// 16-byte tagged value. As an argument it is a borrowed view (AnyView); as a result or a
/// stored value it owns what it holds (Any). Unused bytes must be zero (SPEC ANY-ZERO-PADDING).
///
/// C declares the two unions anonymously; here they are the fields `pad` and `value`.
#[repr(C)]
#[derive(Copy, Clone)]
pub struct TVMFFIAny {
    pub type_index: i32,
    pub pad: TVMFFIAnyPadding,
    pub value: TVMFFIAnyValue,
}

/// A borrowed byte range; `data` need not be NUL-terminated.
#[repr(C)]
#[derive(Debug, Copy, Clone)]
pub struct TVMFFIByteArray {
    pub data: *const c_char,
    pub size: usize,
}

/// Payload of a Shape object, right after its header.
#[repr(C)]
#[derive(Debug, Copy, Clone)]
pub struct TVMFFIShapeCell {
    pub data: *const i64,
    pub size: usize,
}

/// Payload of Array and List objects; a NULL `data_deleter` means inline elements (Array).
#[repr(C)]
#[derive(Debug, Copy, Clone)]
pub struct TVMFFISeqCell {
    pub data: *mut c_void,
    pub size: i64,
    pub capacity: i64,
    pub data_deleter: Option<unsafe extern "C" fn(data: *mut c_void)>,
}

/// `TVMFFIBacktraceUpdateMode`.
pub type TVMFFIBacktraceUpdateMode = i32;
pub const kTVMFFIBacktraceUpdateModeReplace: TVMFFIBacktraceUpdateMode = 0;
pub const kTVMFFIBacktraceUpdateModeAppend: TVMFFIBacktraceUpdateMode = 1;

/// Payload of an Error object (SPEC §6.2), 72 bytes.
#[repr(C)]
#[derive(Debug, Copy, Clone)]
pub struct TVMFFIErrorCell {
    pub kind: TVMFFIByteArray,
    pub message: TVMFFIByteArray,
    pub backtrace: TVMFFIByteArray,
    pub update_backtrace: Option<
        unsafe extern "C" fn(
            self_: TVMFFIObjectHandle,
            backtrace: *const TVMFFIByteArray,
            update_mode: i32,
        ),
    >,
    pub cause_chain: TVMFFIObjectHandle,
    pub extra_context: TVMFFIObjectHandle,
}

/// The packed calling convention (SPEC §5.1).
pub type TVMFFISafeCallType = Option<
    unsafe extern "C" fn(
        handle: *mut c_void,
        args: *const TVMFFIAny,
        num_args: i32,
        result: *mut TVMFFIAny,
    ) -> c_int,
>;

/// Payload of a Function object, 16 bytes.
#[repr(C)]
#[derive(Debug, Copy, Clone)]
pub struct TVMFFIFunctionCell {
    pub safe_call: TVMFFISafeCallType,
    pub cpp_call: *mut c_void,
}

/// Payload of an OpaquePyObject: the wrapped foreign handle.
#[repr(C)]
#[derive(Debug, Copy, Clone)]
pub struct TVMFFIOpaqueObjectCell {
    pub handle: *mut c_void,
}

// ---------------------------------------------------------------------------------------------
// Section 5: the allocator (SPEC §3.5)
// ---------------------------------------------------------------------------------------------

/// Sits right before an object body allocated by a custom allocator.
#[repr(C)]
#[derive(Debug, Copy, Clone)]
pub struct TVMFFIObjectAllocHeader {
    pub delete_space: Option<unsafe extern "C" fn(ptr: *mut c_void)>,
}

/// Process-wide object allocator hook.
#[repr(C)]
#[derive(Debug, Copy, Clone)]
pub struct TVMFFICustomAllocator {
    pub allocate: Option<
        unsafe extern "C" fn(
            size: usize,
            alignment: usize,
            type_index: i32,
            context: *mut c_void,
        ) -> *mut c_void,
    >,
    pub context: *mut c_void,
}

// ---------------------------------------------------------------------------------------------
// Section 10: reflection (SPEC §4)
// ---------------------------------------------------------------------------------------------

/// Reads the field at `field` into an owned result.
pub type TVMFFIFieldGetter =
    Option<unsafe extern "C" fn(field: *mut c_void, result: *mut TVMFFIAny) -> c_int>;
/// Writes a borrowed value into the field at `field`.
pub type TVMFFIFieldSetter =
    Option<unsafe extern "C" fn(field: *mut c_void, value: *const TVMFFIAny) -> c_int>;
/// Allocates a default-initialized object; the caller sets every field.
pub type TVMFFIObjectCreator =
    Option<unsafe extern "C" fn(result: *mut TVMFFIObjectHandle) -> c_int>;

/// `TVMFFIFieldFlagBitMask`.
pub type TVMFFIFieldFlagBitMask = i32;
pub const kTVMFFIFieldFlagBitMaskWritable: TVMFFIFieldFlagBitMask = 1 << 0;
pub const kTVMFFIFieldFlagBitMaskHasDefault: TVMFFIFieldFlagBitMask = 1 << 1;
pub const kTVMFFIFieldFlagBitMaskIsStaticMethod: TVMFFIFieldFlagBitMask = 1 << 2;
pub const kTVMFFIFieldFlagBitMaskSEqHashIgnore: TVMFFIFieldFlagBitMask = 1 << 3;
pub const kTVMFFIFieldFlagBitMaskSEqHashDefPattern: TVMFFIFieldFlagBitMask = 1 << 4;
pub const kTVMFFIFieldFlagBitMaskDefaultFromFactory: TVMFFIFieldFlagBitMask = 1 << 5;
pub const kTVMFFIFieldFlagBitMaskReprOff: TVMFFIFieldFlagBitMask = 1 << 6;
pub const kTVMFFIFieldFlagBitMaskCompareOff: TVMFFIFieldFlagBitMask = 1 << 7;
pub const kTVMFFIFieldFlagBitMaskHashOff: TVMFFIFieldFlagBitMask = 1 << 8;
pub const kTVMFFIFieldFlagBitMaskInitOff: TVMFFIFieldFlagBitMask = 1 << 9;
pub const kTVMFFIFieldFlagBitMaskKwOnly: TVMFFIFieldFlagBitMask = 1 << 10;
pub const kTVMFFIFieldFlagBitSetterIsFunctionObj: TVMFFIFieldFlagBitMask = 1 << 11;
pub const kTVMFFIFieldFlagBitMaskSEqHashDefSimple: TVMFFIFieldFlagBitMask = 1 << 12;

/// `TVMFFISEqHashKind`.
pub type TVMFFISEqHashKind = i32;
pub const kTVMFFISEqHashKindUnsupported: TVMFFISEqHashKind = 0;
pub const kTVMFFISEqHashKindTreeNode: TVMFFISEqHashKind = 1;
pub const kTVMFFISEqHashKindFreeVar: TVMFFISEqHashKind = 2;
pub const kTVMFFISEqHashKindDAGNode: TVMFFISEqHashKind = 3;
pub const kTVMFFISEqHashKindConstTreeNode: TVMFFISEqHashKind = 4;
pub const kTVMFFISEqHashKindUniqueInstance: TVMFFISEqHashKind = 5;

/// `TVMFFIDefRegionKind`.
pub type TVMFFIDefRegionKind = i32;
pub const kTVMFFIDefRegionKindNone: TVMFFIDefRegionKind = 0;
pub const kTVMFFIDefRegionKindPattern: TVMFFIDefRegionKind = 1;
pub const kTVMFFIDefRegionKindSimple: TVMFFIDefRegionKind = 2;

/// A reflected field, 120 bytes.
#[repr(C)]
#[derive(Copy, Clone)]
pub struct TVMFFIFieldInfo {
    pub name: TVMFFIByteArray,
    pub doc: TVMFFIByteArray,
    /// JSON object text, may be empty.
    pub metadata: TVMFFIByteArray,
    pub flags: i64,
    pub size: i64,
    pub alignment: i64,
    /// Byte offset of the field from the object header.
    pub offset: i64,
    pub getter: TVMFFIFieldGetter,
    /// A [`TVMFFIFieldSetter`], or a Function handle when `SetterIsFunctionObj` is set.
    pub setter: *mut c_void,
    /// Default value, or a `() -> Any` Function when `DefaultFromFactory` is set.
    pub default_value_or_factory: TVMFFIAny,
    /// Static type hint of the field; `kTVMFFIAny` when unknown.
    pub field_static_type_index: i32,
}

/// A reflected method, 72 bytes. `method` holds a Function view.
#[repr(C)]
#[derive(Copy, Clone)]
pub struct TVMFFIMethodInfo {
    pub name: TVMFFIByteArray,
    pub doc: TVMFFIByteArray,
    pub metadata: TVMFFIByteArray,
    pub flags: i64,
    pub method: TVMFFIAny,
}

/// Per-type metadata, 32 bytes.
#[repr(C)]
#[derive(Debug, Copy, Clone)]
pub struct TVMFFITypeMetadata {
    pub doc: TVMFFIByteArray,
    pub creator: TVMFFIObjectCreator,
    pub total_size: i32,
    pub structural_eq_hash_kind: TVMFFISEqHashKind,
}

/// A type-attribute column: the entry for type `t` is `data[t - begin_index]`.
#[repr(C)]
#[derive(Debug, Copy, Clone)]
pub struct TVMFFITypeAttrColumn {
    pub data: *const TVMFFIAny,
    pub size: i32,
    pub begin_index: i32,
}

/// Runtime type information, 72 bytes; lives for the whole process.
#[repr(C)]
#[derive(Debug, Copy, Clone)]
pub struct TVMFFITypeInfo {
    pub type_index: i32,
    pub type_depth: i32,
    pub type_key: TVMFFIByteArray,
    /// `type_ancestors[d]` is the ancestor at depth `d`, for `d < type_depth`.
    pub type_ancestors: *const *const TVMFFITypeInfo,
    pub type_key_hash: u64,
    pub num_fields: i32,
    pub num_methods: i32,
    /// This type's own fields only.
    pub fields: *const TVMFFIFieldInfo,
    pub methods: *const TVMFFIMethodInfo,
    /// NULL until `TVMFFITypeRegisterMetadata` runs.
    pub metadata: *const TVMFFITypeMetadata,
}

// ---------------------------------------------------------------------------------------------
// Exported functions (SPEC Appendix A)
// ---------------------------------------------------------------------------------------------

extern "C" {
    // version (SPEC §14)
    pub fn TVMFFIGetVersion(out_version: *mut TVMFFIVersion);

    // objects (SPEC §3)
    pub fn TVMFFIObjectIncRef(obj: TVMFFIObjectHandle) -> c_int;
    pub fn TVMFFIObjectDecRef(obj: TVMFFIObjectHandle) -> c_int;
    pub fn TVMFFIObjectCreateOpaque(
        handle: *mut c_void,
        type_index: i32,
        deleter: Option<unsafe extern "C" fn(handle: *mut c_void)>,
        out: *mut TVMFFIObjectHandle,
    ) -> c_int;
    pub fn TVMFFIGetCustomAllocator() -> *mut TVMFFICustomAllocator;
    pub fn TVMFFISetCustomAllocator(allocator: *mut TVMFFICustomAllocator) -> c_int;

    // type registry (SPEC §4)
    pub fn TVMFFITypeKeyToIndex(type_key: *const TVMFFIByteArray, out_tindex: *mut i32) -> c_int;
    pub fn TVMFFITypeGetOrAllocIndex(
        type_key: *const TVMFFIByteArray,
        static_type_index: i32,
        type_depth: i32,
        num_child_slots: i32,
        child_slots_can_overflow: i32,
        parent_type_index: i32,
    ) -> i32;
    pub fn TVMFFIGetTypeInfo(type_index: i32) -> *const TVMFFITypeInfo;
    pub fn TVMFFITypeRegisterField(type_index: i32, info: *const TVMFFIFieldInfo) -> c_int;
    pub fn TVMFFITypeRegisterMethod(type_index: i32, info: *const TVMFFIMethodInfo) -> c_int;
    pub fn TVMFFITypeRegisterMetadata(
        type_index: i32,
        metadata: *const TVMFFITypeMetadata,
    ) -> c_int;
    pub fn TVMFFITypeRegisterAttr(
        type_index: i32,
        attr_name: *const TVMFFIByteArray,
        attr_value: *const TVMFFIAny,
    ) -> c_int;
    pub fn TVMFFIGetTypeAttrColumn(
        attr_name: *const TVMFFIByteArray,
    ) -> *const TVMFFITypeAttrColumn;

    // calls (SPEC §5)
    pub fn TVMFFIFunctionCreate(
        self_: *mut c_void,
        safe_call: TVMFFISafeCallType,
        deleter: Option<unsafe extern "C" fn(self_: *mut c_void)>,
        out: *mut TVMFFIObjectHandle,
    ) -> c_int;
    pub fn TVMFFIFunctionCall(
        func: TVMFFIObjectHandle,
        args: *mut TVMFFIAny,
        num_args: i32,
        result: *mut TVMFFIAny,
    ) -> c_int;
    pub fn TVMFFIFunctionGetGlobal(
        name: *const TVMFFIByteArray,
        out: *mut TVMFFIObjectHandle,
    ) -> c_int;
    pub fn TVMFFIFunctionSetGlobal(
        name: *const TVMFFIByteArray,
        f: TVMFFIObjectHandle,
        allow_override: c_int,
    ) -> c_int;
    pub fn TVMFFIFunctionSetGlobalFromMethodInfo(
        method_info: *const TVMFFIMethodInfo,
        allow_override: c_int,
    ) -> c_int;
    pub fn TVMFFIAnyViewToOwnedAny(any_view: *const TVMFFIAny, out: *mut TVMFFIAny) -> c_int;

    // errors (SPEC §6)
    pub fn TVMFFIErrorMoveFromRaised(result: *mut TVMFFIObjectHandle);
    pub fn TVMFFIErrorSetRaised(error: TVMFFIObjectHandle);
    pub fn TVMFFIErrorSetRaisedFromCStr(kind: *const c_char, message: *const c_char);
    pub fn TVMFFIErrorSetRaisedFromCStrParts(
        kind: *const c_char,
        message_parts: *const *const c_char,
        num_parts: i32,
    );
    pub fn TVMFFIErrorCreate(
        kind: *const TVMFFIByteArray,
        message: *const TVMFFIByteArray,
        backtrace: *const TVMFFIByteArray,
        out: *mut TVMFFIObjectHandle,
    ) -> c_int;
    pub fn TVMFFIErrorCreateWithCauseAndExtraContext(
        kind: *const TVMFFIByteArray,
        message: *const TVMFFIByteArray,
        backtrace: *const TVMFFIByteArray,
        cause_chain: TVMFFIObjectHandle,
        extra_context: TVMFFIObjectHandle,
        out: *mut TVMFFIObjectHandle,
    ) -> c_int;
    pub fn TVMFFIBacktrace(
        filename: *const c_char,
        lineno: c_int,
        func: *const c_char,
        cross_ffi_boundary: c_int,
    ) -> *const TVMFFIByteArray;

    // values (SPEC §7, §8, §10)
    pub fn TVMFFIStringFromByteArray(input: *const TVMFFIByteArray, out: *mut TVMFFIAny) -> c_int;
    pub fn TVMFFIBytesFromByteArray(input: *const TVMFFIByteArray, out: *mut TVMFFIAny) -> c_int;
    pub fn TVMFFIBigIntFromByteArray(input: *const TVMFFIByteArray, out: *mut TVMFFIAny) -> c_int;
    pub fn TVMFFIBigIntGetContentByteArray(value: *const TVMFFIAny) -> TVMFFIByteArray;
    pub fn TVMFFIDataTypeFromString(str_: *const TVMFFIByteArray, out: *mut DLDataType) -> c_int;
    pub fn TVMFFIDataTypeToString(dtype: *const DLDataType, out: *mut TVMFFIAny) -> c_int;

    // tensors (SPEC §8.3, §9)
    pub fn TVMFFITensorFromDLPack(
        from: *mut DLManagedTensor,
        require_alignment: i32,
        require_contiguous: i32,
        out: *mut TVMFFIObjectHandle,
    ) -> c_int;
    pub fn TVMFFITensorFromDLPackVersioned(
        from: *mut DLManagedTensorVersioned,
        require_alignment: i32,
        require_contiguous: i32,
        out: *mut TVMFFIObjectHandle,
    ) -> c_int;
    pub fn TVMFFITensorToDLPack(from: TVMFFIObjectHandle, out: *mut *mut DLManagedTensor) -> c_int;
    pub fn TVMFFITensorToDLPackVersioned(
        from: TVMFFIObjectHandle,
        out: *mut *mut DLManagedTensorVersioned,
    ) -> c_int;
    pub fn TVMFFITensorCreateUnsafeView(
        source: TVMFFIObjectHandle,
        prototype: *const DLTensor,
        out: *mut TVMFFIObjectHandle,
    ) -> c_int;

    // one-time init (SPEC §11)
    pub fn TVMFFIHandleInitOnce(
        handle_addr: *mut *mut c_void,
        init_func: Option<unsafe extern "C" fn(result: *mut *mut c_void) -> c_int>,
    ) -> c_int;
    pub fn TVMFFIHandleDeinitOnce(
        handle_addr: *mut *mut c_void,
        deinit_func: Option<unsafe extern "C" fn(handle: *mut c_void) -> c_int>,
    ) -> c_int;
}

// ---------------------------------------------------------------------------------------------
// Section 12: inline accessors (offset arithmetic, SPEC §3.4)
// ---------------------------------------------------------------------------------------------

/// `TVMFFIObjectGetTypeIndex`.
///
/// # Safety
/// `obj` must point at a live object header.
#[inline]
pub unsafe fn TVMFFIObjectGetTypeIndex(obj: TVMFFIObjectHandle) -> i32 {
    // SAFETY: the caller guarantees `obj` points at a header.
    unsafe { (*(obj as *const TVMFFIObject)).type_index }
}

/// `TVMFFISmallBytesGetContentByteArray`.
///
/// # Safety
/// `value` must point at a valid SmallStr or SmallBytes value that outlives the result.
#[inline]
pub unsafe fn TVMFFISmallBytesGetContentByteArray(value: *const TVMFFIAny) -> TVMFFIByteArray {
    // SAFETY: the caller guarantees `value` is valid; the union fields are plain bytes.
    unsafe {
        TVMFFIByteArray {
            data: (*value).value.v_bytes.as_ptr(),
            size: (*value).pad.small_str_len as usize,
        }
    }
}

/// Address of the cell of type `T` right after the 24-byte header.
///
/// # Safety
/// `obj` must point at a live object whose cell has type `T`.
#[inline]
unsafe fn cell_at<T>(obj: TVMFFIObjectHandle) -> *mut T {
    // SAFETY: the cell lives in the same allocation, right after the header (OBJ-CELL-OFFSET).
    unsafe { (obj as *mut u8).add(core::mem::size_of::<TVMFFIObject>()) as *mut T }
}

/// `TVMFFIBytesGetByteArrayPtr` (String and Bytes objects).
///
/// # Safety
/// `obj` must point at a live String or Bytes object.
#[inline]
pub unsafe fn TVMFFIBytesGetByteArrayPtr(obj: TVMFFIObjectHandle) -> *mut TVMFFIByteArray {
    // SAFETY: forwarded contract.
    unsafe { cell_at(obj) }
}

/// `TVMFFIErrorGetCellPtr`.
///
/// # Safety
/// `obj` must point at a live Error object.
#[inline]
pub unsafe fn TVMFFIErrorGetCellPtr(obj: TVMFFIObjectHandle) -> *mut TVMFFIErrorCell {
    // SAFETY: forwarded contract.
    unsafe { cell_at(obj) }
}

/// `TVMFFIFunctionGetCellPtr`.
///
/// # Safety
/// `obj` must point at a live Function object.
#[inline]
pub unsafe fn TVMFFIFunctionGetCellPtr(obj: TVMFFIObjectHandle) -> *mut TVMFFIFunctionCell {
    // SAFETY: forwarded contract.
    unsafe { cell_at(obj) }
}

/// `TVMFFIOpaqueObjectGetCellPtr`.
///
/// # Safety
/// `obj` must point at a live OpaquePyObject.
#[inline]
pub unsafe fn TVMFFIOpaqueObjectGetCellPtr(obj: TVMFFIObjectHandle) -> *mut TVMFFIOpaqueObjectCell {
    // SAFETY: forwarded contract.
    unsafe { cell_at(obj) }
}

/// `TVMFFIShapeGetCellPtr`.
///
/// # Safety
/// `obj` must point at a live Shape object.
#[inline]
pub unsafe fn TVMFFIShapeGetCellPtr(obj: TVMFFIObjectHandle) -> *mut TVMFFIShapeCell {
    // SAFETY: forwarded contract.
    unsafe { cell_at(obj) }
}

/// `TVMFFITensorGetDLTensorPtr`.
///
/// # Safety
/// `obj` must point at a live Tensor object.
#[inline]
pub unsafe fn TVMFFITensorGetDLTensorPtr(obj: TVMFFIObjectHandle) -> *mut DLTensor {
    // SAFETY: forwarded contract.
    unsafe { cell_at(obj) }
}

/// `TVMFFIDLDeviceFromIntPair`.
#[inline]
pub const fn TVMFFIDLDeviceFromIntPair(device_type: i32, device_id: i32) -> DLDevice {
    DLDevice { device_type, device_id }
}
