/* ffi/c/tests/layout/layout_table.h: expected sizes, alignments, member offsets and constant values of the C ABI (LP64). */
/*
 * This table is written down from the ABI facts (LP64: x86-64, aarch64), not
 * measured from any header. layout_check.c and layout_static_assert.cc compare
 * whatever headers they are compiled against (ours, or the reference wheel's
 * when built with -DTVM_FFI_REFERENCE_INCLUDE=...) with it.
 *
 * Three X-macro lists:
 *   TVM_FFI_LAYOUT_STRUCTS(X)   X(type, sizeof, alignof)
 *   TVM_FFI_LAYOUT_MEMBERS(X)   X(type, member, offsetof, sizeof member)
 *   TVM_FFI_LAYOUT_CONSTANTS(X) X(name, value)       (enum constants and macros)
 * Every struct lists every named member, including the members of anonymous
 * unions. Each group cites the SPEC rule it checks; those IDs map to the
 * rules of ffi/c/SPEC.md as follows:
 *   ANY-LAYOUT         ANY-LAYOUT, ABI-PLATFORM
 *   OBJ-HEADER-LAYOUT  OBJ-HEADER-LAYOUT, OBJ-REFCOUNT-BITS, OBJ-DELETER-FLAGS, OBJ-ALLOC-HEADER
 *   OBJ-CELL-LAYOUTS       OBJ-CELL-OFFSET, STR-HEAP, SHAPE-LAYOUT, ARRAY-LAYOUT, ERR-LAYOUT,
 *                      CALL-FUNCTION-LAYOUT, OBJ-OPAQUE
 *   REG-STRUCT-LAYOUTS    REG-TYPEINFO-LAYOUT, REG-FIELD-FLAGS (section 4)
 *   DLPACK-LAYOUT      ABI-PLATFORM (section 9 table)
 *   ANY-TYPE-INDEX-VALUES  ANY-TYPE-INDEX-VALUES, ABI-ENUM-INT32
 *   VER-HEADER-MACROS         VER-HEADER-MACROS
 */
#ifndef TVM_FFI_TESTS_LAYOUT_TABLE_H_
#define TVM_FFI_TESTS_LAYOUT_TABLE_H_

/* ------------------------------------------------------------------------ */
/* Structs: X(type, size, align)                                            */
/* ------------------------------------------------------------------------ */
#define TVM_FFI_LAYOUT_STRUCTS(X)                                           \
  /* SPEC: VER-HEADER-MACROS */                                                    \
  X(TVMFFIVersion, 12, 4)                                                   \
  /* SPEC: ANY-LAYOUT */                                                    \
  X(TVMFFIAny, 16, 8)                                                       \
  /* SPEC: OBJ-HEADER-LAYOUT */                                             \
  X(TVMFFIObject, 24, 8)                                                    \
  X(TVMFFIObjectAllocHeader, 8, 8)                                          \
  X(TVMFFICustomAllocator, 16, 8)                                           \
  /* SPEC: OBJ-CELL-LAYOUTS */                                                  \
  X(TVMFFIByteArray, 16, 8)                                                 \
  X(TVMFFIShapeCell, 16, 8)                                                 \
  X(TVMFFISeqCell, 32, 8)                                                   \
  X(TVMFFIErrorCell, 72, 8)                                                 \
  X(TVMFFIFunctionCell, 16, 8)                                              \
  X(TVMFFIOpaqueObjectCell, 8, 8)                                           \
  /* SPEC: REG-STRUCT-LAYOUTS */                                               \
  X(TVMFFIFieldInfo, 120, 8)                                                \
  X(TVMFFIMethodInfo, 72, 8)                                                \
  X(TVMFFITypeMetadata, 32, 8)                                              \
  X(TVMFFITypeAttrColumn, 16, 8)                                            \
  X(TVMFFITypeInfo, 72, 8)                                                  \
  /* SPEC: DLPACK-LAYOUT */                                                 \
  X(DLPackVersion, 8, 4)                                                    \
  X(DLDevice, 8, 4)                                                         \
  X(DLDataType, 4, 2)                                                       \
  X(DLTensor, 48, 8)                                                        \
  X(DLManagedTensor, 64, 8)                                                 \
  X(DLManagedTensorVersioned, 80, 8)                                        \
  X(DLPackExchangeAPIHeader, 16, 8)                                         \
  X(DLPackExchangeAPI, 56, 8)                                               \
  /* SPEC: ANY-TYPE-INDEX-VALUES (enums are int-sized in C, int32_t in C++) */  \
  X(TVMFFITypeIndex, 4, 4)                                                  \
  X(TVMFFIObjectDeleterFlagBitMask, 4, 4)                                   \
  X(TVMFFIBacktraceUpdateMode, 4, 4)                                        \
  X(TVMFFIFieldFlagBitMask, 4, 4)                                           \
  X(TVMFFISEqHashKind, 4, 4)                                                \
  X(TVMFFIDefRegionKind, 4, 4)                                              \
  /* SPEC: DLPACK-LAYOUT */                                                 \
  X(DLDeviceType, 4, 4)                                                     \
  X(DLDataTypeCode, 4, 4)

/* ------------------------------------------------------------------------ */
/* Members: X(type, member, offset, member size)                            */
/* ------------------------------------------------------------------------ */
#define TVM_FFI_LAYOUT_MEMBERS(X)                                           \
  /* SPEC: VER-HEADER-MACROS */                                                    \
  X(TVMFFIVersion, major, 0, 4)                                             \
  X(TVMFFIVersion, minor, 4, 4)                                             \
  X(TVMFFIVersion, patch, 8, 4)                                             \
  /* SPEC: ANY-LAYOUT */                                                    \
  X(TVMFFIAny, type_index, 0, 4)                                            \
  X(TVMFFIAny, zero_padding, 4, 4)                                          \
  X(TVMFFIAny, small_str_len, 4, 4)                                         \
  X(TVMFFIAny, v_int64, 8, 8)                                               \
  X(TVMFFIAny, v_float64, 8, 8)                                             \
  X(TVMFFIAny, v_ptr, 8, 8)                                                 \
  X(TVMFFIAny, v_c_str, 8, 8)                                               \
  X(TVMFFIAny, v_obj, 8, 8)                                                 \
  X(TVMFFIAny, v_dtype, 8, 4)                                               \
  X(TVMFFIAny, v_device, 8, 8)                                              \
  X(TVMFFIAny, v_bytes, 8, 8)                                               \
  X(TVMFFIAny, v_uint64, 8, 8)                                              \
  /* SPEC: OBJ-HEADER-LAYOUT */                                             \
  X(TVMFFIObject, combined_ref_count, 0, 8)                                 \
  X(TVMFFIObject, type_index, 8, 4)                                         \
  X(TVMFFIObject, __padding, 12, 4)                                         \
  X(TVMFFIObject, deleter, 16, 8)                                           \
  X(TVMFFIObject, __ensure_align, 16, 8)                                    \
  X(TVMFFIObjectAllocHeader, delete_space, 0, 8)                            \
  X(TVMFFICustomAllocator, allocate, 0, 8)                                  \
  X(TVMFFICustomAllocator, context, 8, 8)                                   \
  /* SPEC: OBJ-CELL-LAYOUTS */                                                  \
  X(TVMFFIByteArray, data, 0, 8)                                            \
  X(TVMFFIByteArray, size, 8, 8)                                            \
  X(TVMFFIShapeCell, data, 0, 8)                                            \
  X(TVMFFIShapeCell, size, 8, 8)                                            \
  X(TVMFFISeqCell, data, 0, 8)                                              \
  X(TVMFFISeqCell, size, 8, 8)                                              \
  X(TVMFFISeqCell, capacity, 16, 8)                                         \
  X(TVMFFISeqCell, data_deleter, 24, 8)                                     \
  X(TVMFFIErrorCell, kind, 0, 16)                                           \
  X(TVMFFIErrorCell, message, 16, 16)                                       \
  X(TVMFFIErrorCell, backtrace, 32, 16)                                     \
  X(TVMFFIErrorCell, update_backtrace, 48, 8)                               \
  X(TVMFFIErrorCell, cause_chain, 56, 8)                                    \
  X(TVMFFIErrorCell, extra_context, 64, 8)                                  \
  X(TVMFFIFunctionCell, safe_call, 0, 8)                                    \
  X(TVMFFIFunctionCell, cpp_call, 8, 8)                                     \
  X(TVMFFIOpaqueObjectCell, handle, 0, 8)                                   \
  /* SPEC: REG-STRUCT-LAYOUTS */                                               \
  X(TVMFFIFieldInfo, name, 0, 16)                                           \
  X(TVMFFIFieldInfo, doc, 16, 16)                                           \
  X(TVMFFIFieldInfo, metadata, 32, 16)                                      \
  X(TVMFFIFieldInfo, flags, 48, 8)                                          \
  X(TVMFFIFieldInfo, size, 56, 8)                                           \
  X(TVMFFIFieldInfo, alignment, 64, 8)                                      \
  X(TVMFFIFieldInfo, offset, 72, 8)                                         \
  X(TVMFFIFieldInfo, getter, 80, 8)                                         \
  X(TVMFFIFieldInfo, setter, 88, 8)                                         \
  X(TVMFFIFieldInfo, default_value_or_factory, 96, 16)                      \
  X(TVMFFIFieldInfo, field_static_type_index, 112, 4)                       \
  X(TVMFFIMethodInfo, name, 0, 16)                                          \
  X(TVMFFIMethodInfo, doc, 16, 16)                                          \
  X(TVMFFIMethodInfo, metadata, 32, 16)                                     \
  X(TVMFFIMethodInfo, flags, 48, 8)                                         \
  X(TVMFFIMethodInfo, method, 56, 16)                                       \
  X(TVMFFITypeMetadata, doc, 0, 16)                                         \
  X(TVMFFITypeMetadata, creator, 16, 8)                                     \
  X(TVMFFITypeMetadata, total_size, 24, 4)                                  \
  X(TVMFFITypeMetadata, structural_eq_hash_kind, 28, 4)                     \
  X(TVMFFITypeAttrColumn, data, 0, 8)                                       \
  X(TVMFFITypeAttrColumn, size, 8, 4)                                       \
  X(TVMFFITypeAttrColumn, begin_index, 12, 4)                               \
  X(TVMFFITypeInfo, type_index, 0, 4)                                       \
  X(TVMFFITypeInfo, type_depth, 4, 4)                                       \
  X(TVMFFITypeInfo, type_key, 8, 16)                                        \
  X(TVMFFITypeInfo, type_ancestors, 24, 8)                                  \
  X(TVMFFITypeInfo, type_key_hash, 32, 8)                                   \
  X(TVMFFITypeInfo, num_fields, 40, 4)                                      \
  X(TVMFFITypeInfo, num_methods, 44, 4)                                     \
  X(TVMFFITypeInfo, fields, 48, 8)                                          \
  X(TVMFFITypeInfo, methods, 56, 8)                                         \
  X(TVMFFITypeInfo, metadata, 64, 8)                                        \
  /* SPEC: DLPACK-LAYOUT */                                                 \
  X(DLPackVersion, major, 0, 4)                                             \
  X(DLPackVersion, minor, 4, 4)                                             \
  X(DLDevice, device_type, 0, 4)                                            \
  X(DLDevice, device_id, 4, 4)                                              \
  X(DLDataType, code, 0, 1)                                                 \
  X(DLDataType, bits, 1, 1)                                                 \
  X(DLDataType, lanes, 2, 2)                                                \
  X(DLTensor, data, 0, 8)                                                   \
  X(DLTensor, device, 8, 8)                                                 \
  X(DLTensor, ndim, 16, 4)                                                  \
  X(DLTensor, dtype, 20, 4)                                                 \
  X(DLTensor, shape, 24, 8)                                                 \
  X(DLTensor, strides, 32, 8)                                               \
  X(DLTensor, byte_offset, 40, 8)                                           \
  X(DLManagedTensor, dl_tensor, 0, 48)                                      \
  X(DLManagedTensor, manager_ctx, 48, 8)                                    \
  X(DLManagedTensor, deleter, 56, 8)                                        \
  X(DLManagedTensorVersioned, version, 0, 8)                                \
  X(DLManagedTensorVersioned, manager_ctx, 8, 8)                            \
  X(DLManagedTensorVersioned, deleter, 16, 8)                               \
  X(DLManagedTensorVersioned, flags, 24, 8)                                 \
  X(DLManagedTensorVersioned, dl_tensor, 32, 48)                            \
  X(DLPackExchangeAPIHeader, version, 0, 8)                                 \
  X(DLPackExchangeAPIHeader, prev_api, 8, 8)                                \
  X(DLPackExchangeAPI, header, 0, 16)                                       \
  X(DLPackExchangeAPI, managed_tensor_allocator, 16, 8)                     \
  X(DLPackExchangeAPI, managed_tensor_from_py_object_no_sync, 24, 8)        \
  X(DLPackExchangeAPI, managed_tensor_to_py_object_no_sync, 32, 8)          \
  X(DLPackExchangeAPI, dltensor_from_py_object_no_sync, 40, 8)              \
  X(DLPackExchangeAPI, current_work_stream, 48, 8)

/* ------------------------------------------------------------------------ */
/* Constants: X(name, value)                                                */
/* ------------------------------------------------------------------------ */
#define TVM_FFI_LAYOUT_CONSTANTS(X)                                         \
  /* SPEC: VER-HEADER-MACROS */                                                    \
  X(TVM_FFI_VERSION_MAJOR, 0)                                               \
  X(TVM_FFI_VERSION_MINOR, 1)                                               \
  X(TVM_FFI_VERSION_PATCH, 16)                                              \
  X(DLPACK_MAJOR_VERSION, 1)                                                \
  X(DLPACK_MINOR_VERSION, 3)                                                \
  /* SPEC: ANY-TYPE-INDEX-VALUES */                                             \
  X(kTVMFFIAny, -1)                                                         \
  X(kTVMFFINone, 0)                                                         \
  X(kTVMFFIInt, 1)                                                          \
  X(kTVMFFIBool, 2)                                                         \
  X(kTVMFFIFloat, 3)                                                        \
  X(kTVMFFIOpaquePtr, 4)                                                    \
  X(kTVMFFIDataType, 5)                                                     \
  X(kTVMFFIDevice, 6)                                                       \
  X(kTVMFFIDLTensorPtr, 7)                                                  \
  X(kTVMFFIRawStr, 8)                                                       \
  X(kTVMFFIByteArrayPtr, 9)                                                 \
  X(kTVMFFIObjectRValueRef, 10)                                             \
  X(kTVMFFISmallStr, 11)                                                    \
  X(kTVMFFISmallBytes, 12)                                                  \
  X(kTVMFFIUnchanged, 13)                                                   \
  X(kTVMFFIStaticObjectBegin, 64)                                           \
  X(kTVMFFIObject, 64)                                                      \
  X(kTVMFFIStr, 65)                                                         \
  X(kTVMFFIBytes, 66)                                                       \
  X(kTVMFFIError, 67)                                                       \
  X(kTVMFFIFunction, 68)                                                    \
  X(kTVMFFIShape, 69)                                                       \
  X(kTVMFFITensor, 70)                                                      \
  X(kTVMFFIArray, 71)                                                       \
  X(kTVMFFIMap, 72)                                                         \
  X(kTVMFFIModule, 73)                                                      \
  X(kTVMFFIOpaquePyObject, 74)                                              \
  X(kTVMFFIList, 75)                                                        \
  X(kTVMFFIDict, 76)                                                        \
  X(kTVMFFIVisitInterrupt, 77)                                              \
  X(kTVMFFIBigInt, 78)                                                      \
  X(kTVMFFIStaticObjectEnd, 79)                                             \
  X(kTVMFFIDynObjectBegin, 128)                                             \
  /* SPEC: OBJ-HEADER-LAYOUT (deleter flags) */                             \
  X(kTVMFFIObjectDeleterFlagBitMaskStrong, 1)                               \
  X(kTVMFFIObjectDeleterFlagBitMaskWeak, 2)                                 \
  X(kTVMFFIObjectDeleterFlagBitMaskBoth, 3)                                 \
  /* SPEC: OBJ-CELL-LAYOUTS (error backtrace update modes) */                   \
  X(kTVMFFIBacktraceUpdateModeReplace, 0)                                   \
  X(kTVMFFIBacktraceUpdateModeAppend, 1)                                    \
  /* SPEC: REG-STRUCT-LAYOUTS (field flags, structural kinds) */               \
  X(kTVMFFIFieldFlagBitMaskWritable, 1)                                     \
  X(kTVMFFIFieldFlagBitMaskHasDefault, 2)                                   \
  X(kTVMFFIFieldFlagBitMaskIsStaticMethod, 4)                               \
  X(kTVMFFIFieldFlagBitMaskSEqHashIgnore, 8)                                \
  X(kTVMFFIFieldFlagBitMaskSEqHashDefPattern, 16)                           \
  X(kTVMFFIFieldFlagBitMaskDefaultFromFactory, 32)                          \
  X(kTVMFFIFieldFlagBitMaskReprOff, 64)                                     \
  X(kTVMFFIFieldFlagBitMaskCompareOff, 128)                                 \
  X(kTVMFFIFieldFlagBitMaskHashOff, 256)                                    \
  X(kTVMFFIFieldFlagBitMaskInitOff, 512)                                    \
  X(kTVMFFIFieldFlagBitMaskKwOnly, 1024)                                    \
  X(kTVMFFIFieldFlagBitSetterIsFunctionObj, 2048)                           \
  X(kTVMFFIFieldFlagBitMaskSEqHashDefSimple, 4096)                          \
  X(kTVMFFISEqHashKindUnsupported, 0)                                       \
  X(kTVMFFISEqHashKindTreeNode, 1)                                          \
  X(kTVMFFISEqHashKindFreeVar, 2)                                           \
  X(kTVMFFISEqHashKindDAGNode, 3)                                           \
  X(kTVMFFISEqHashKindConstTreeNode, 4)                                     \
  X(kTVMFFISEqHashKindUniqueInstance, 5)                                    \
  X(kTVMFFIDefRegionKindNone, 0)                                            \
  X(kTVMFFIDefRegionKindPattern, 1)                                         \
  X(kTVMFFIDefRegionKindSimple, 2)                                          \
  /* SPEC: DLPACK-LAYOUT (device types, dtype codes, flags) */              \
  X(kDLCPU, 1)                                                              \
  X(kDLCUDA, 2)                                                             \
  X(kDLCUDAHost, 3)                                                         \
  X(kDLOpenCL, 4)                                                           \
  X(kDLVulkan, 7)                                                           \
  X(kDLMetal, 8)                                                            \
  X(kDLVPI, 9)                                                              \
  X(kDLROCM, 10)                                                            \
  X(kDLROCMHost, 11)                                                        \
  X(kDLExtDev, 12)                                                          \
  X(kDLCUDAManaged, 13)                                                     \
  X(kDLOneAPI, 14)                                                          \
  X(kDLWebGPU, 15)                                                          \
  X(kDLHexagon, 16)                                                         \
  X(kDLMAIA, 17)                                                            \
  X(kDLTrn, 18)                                                             \
  X(kDLInt, 0)                                                              \
  X(kDLUInt, 1)                                                             \
  X(kDLFloat, 2)                                                            \
  X(kDLOpaqueHandle, 3)                                                     \
  X(kDLBfloat, 4)                                                           \
  X(kDLComplex, 5)                                                          \
  X(kDLBool, 6)                                                             \
  X(kDLFloat8_e3m4, 7)                                                      \
  X(kDLFloat8_e4m3, 8)                                                      \
  X(kDLFloat8_e4m3b11fnuz, 9)                                               \
  X(kDLFloat8_e4m3fn, 10)                                                   \
  X(kDLFloat8_e4m3fnuz, 11)                                                 \
  X(kDLFloat8_e5m2, 12)                                                     \
  X(kDLFloat8_e5m2fnuz, 13)                                                 \
  X(kDLFloat8_e8m0fnu, 14)                                                  \
  X(kDLFloat6_e2m3fn, 15)                                                   \
  X(kDLFloat6_e3m2fn, 16)                                                   \
  X(kDLFloat4_e2m1fn, 17)                                                   \
  X(DLPACK_FLAG_BITMASK_READ_ONLY, 1)                                       \
  X(DLPACK_FLAG_BITMASK_IS_COPIED, 2)                                       \
  X(DLPACK_FLAG_BITMASK_IS_SUBBYTE_TYPE_PADDED, 4)

#endif /* TVM_FFI_TESTS_LAYOUT_TABLE_H_ */
