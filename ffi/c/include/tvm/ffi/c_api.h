/*
 * ffi/c/include/tvm/ffi/c_api.h
 *
 * The tvm-ffi C ABI, version 0.1.16: value model, object header, calling
 * convention, errors, type registry and the exported runtime functions.
 *
 * This header is plain C99 and includes only <stdint.h>, <stddef.h> and
 * <dlpack/dlpack.h>. Every rule it relies on is written down in ffi/c/SPEC.md;
 * the section numbers below ("SPEC §N") point there.
 *
 * Ownership words used in the function contracts:
 *   borrowed     - the callee reads the value during the call and keeps nothing.
 *   new reference - the callee hands the caller one strong reference to release.
 *   stolen       - the callee takes over the caller's reference, also on failure
 *                  unless the contract says otherwise.
 * A function that returns -1 leaves its outputs untouched unless stated, and
 * stores an Error in the calling thread's error slot (SPEC §6).
 */
#ifndef TVM_FFI_C_API_H_
#define TVM_FFI_C_API_H_

#include <dlpack/dlpack.h>
#include <stddef.h>
#include <stdint.h>

/* ---------------------------------------------------------------------------
 * Section 1: export macros and version (SPEC §1, §14)
 * ------------------------------------------------------------------------- */

#if defined(_MSC_VER)
#define TVM_FFI_WEAK __declspec(selectany)
#else
#define TVM_FFI_WEAK __attribute__((weak))
#endif

#if defined(__EMSCRIPTEN__)
#include <emscripten/emscripten.h>
#define TVM_FFI_DLL EMSCRIPTEN_KEEPALIVE
#define TVM_FFI_DLL_EXPORT EMSCRIPTEN_KEEPALIVE
#elif defined(_MSC_VER)
#ifdef TVM_FFI_EXPORTS
#define TVM_FFI_DLL __declspec(dllexport)
#else
#define TVM_FFI_DLL __declspec(dllimport)
#endif
#define TVM_FFI_DLL_EXPORT __declspec(dllexport)
#else
#define TVM_FFI_DLL __attribute__((visibility("default")))
#define TVM_FFI_DLL_EXPORT __attribute__((visibility("default")))
#endif

#if defined(__GNUC__) || defined(__clang__)
#define TVM_FFI_ATTRIBUTE_PURE __attribute__((__pure__))
#else
#define TVM_FFI_ATTRIBUTE_PURE
#endif

/* A bump of MINOR (while MAJOR is 0) is an ABI break; PATCH is compatible. */
#define TVM_FFI_VERSION_MAJOR 0
#define TVM_FFI_VERSION_MINOR 1
#define TVM_FFI_VERSION_PATCH 16

#ifdef __cplusplus
extern "C" {
#endif

/* C++ gives every ABI enum an explicit int32_t base; in C they are int-sized. */
#ifdef __cplusplus
#define TVM_FFI_ENUM_BEGIN(Name) enum Name : int32_t
#define TVM_FFI_ENUM_END(Name) ;
#else
#define TVM_FFI_ENUM_BEGIN(Name) typedef enum
#define TVM_FFI_ENUM_END(Name) Name;
#endif

/*! \brief Semantic version of the ABI a binary was compiled against. 12 bytes. */
typedef struct {
  uint32_t major;
  uint32_t minor;
  uint32_t patch;
} TVMFFIVersion;

/* ---------------------------------------------------------------------------
 * Section 2: type indices (SPEC §2)
 * ------------------------------------------------------------------------- */

/* Indices below kTVMFFIStaticObjectBegin are values stored inline in TVMFFIAny;
 * indices at or above it mean v_obj points at a ref-counted TVMFFIObject. */
TVM_FFI_ENUM_BEGIN(TVMFFITypeIndex){
    kTVMFFIAny = -1,
    kTVMFFINone = 0,
    kTVMFFIInt = 1,
    kTVMFFIBool = 2,
    kTVMFFIFloat = 3,
    kTVMFFIOpaquePtr = 4,
    kTVMFFIDataType = 5,
    kTVMFFIDevice = 6,
    kTVMFFIDLTensorPtr = 7,
    kTVMFFIRawStr = 8,
    kTVMFFIByteArrayPtr = 9,
    kTVMFFIObjectRValueRef = 10,
    kTVMFFISmallStr = 11,
    kTVMFFISmallBytes = 12,
    kTVMFFIUnchanged = 13,
    kTVMFFIStaticObjectBegin = 64,
    kTVMFFIObject = 64,
    kTVMFFIStr = 65,
    kTVMFFIBytes = 66,
    kTVMFFIError = 67,
    kTVMFFIFunction = 68,
    kTVMFFIShape = 69,
    kTVMFFITensor = 70,
    kTVMFFIArray = 71,
    kTVMFFIMap = 72,
    kTVMFFIModule = 73,
    kTVMFFIOpaquePyObject = 74,
    kTVMFFIList = 75,
    kTVMFFIDict = 76,
    kTVMFFIVisitInterrupt = 77,
    kTVMFFIBigInt = 78,
    kTVMFFIStaticObjectEnd,
    kTVMFFIDynObjectBegin = 128} TVM_FFI_ENUM_END(TVMFFITypeIndex)

/*! \brief Opaque handle; always points at a TVMFFIObject header. */
typedef void* TVMFFIObjectHandle;

/* ---------------------------------------------------------------------------
 * Section 3: object header and reference counting (SPEC §3)
 * ------------------------------------------------------------------------- */

/* Flags passed to TVMFFIObject.deleter: Strong destroys the contents, Weak
 * frees the memory, Both does both at once. */
TVM_FFI_ENUM_BEGIN(TVMFFIObjectDeleterFlagBitMask){
    kTVMFFIObjectDeleterFlagBitMaskStrong = 1 << 0,
    kTVMFFIObjectDeleterFlagBitMaskWeak = 1 << 1,
    kTVMFFIObjectDeleterFlagBitMaskBoth =
        (kTVMFFIObjectDeleterFlagBitMaskStrong | kTVMFFIObjectDeleterFlagBitMaskWeak),
} TVM_FFI_ENUM_END(TVMFFIObjectDeleterFlagBitMask)

/*!
 * \brief Header of every heap object, 24 bytes.
 *
 * combined_ref_count holds the strong count in its low 32 bits and the weak
 * count in its high 32 bits; inline code updates it atomically, so the bit
 * layout is part of the ABI (SPEC §3.2).
 */
typedef struct {
  uint64_t combined_ref_count;
  int32_t type_index;
  uint32_t __padding;
  union {
    void (*deleter)(void* self, int flags);
    int64_t __ensure_align;
  };
} TVMFFIObject;

/* ---------------------------------------------------------------------------
 * Section 4: the tagged value (SPEC §2)
 * ------------------------------------------------------------------------- */

/*!
 * \brief 16-byte tagged value. As an argument it is a borrowed view (AnyView);
 * as a result or a stored value it owns what it holds (Any).
 *
 * zero_padding and unused payload bytes must be zero, because equality and
 * hashing compare the raw 16 bytes (SPEC §2.3).
 */
typedef struct {
  int32_t type_index;
  union {
    uint32_t zero_padding;
    uint32_t small_str_len;
  };
  union {
    int64_t v_int64;
    double v_float64;
    void* v_ptr;
    const char* v_c_str;
    TVMFFIObject* v_obj;
    DLDataType v_dtype;
    DLDevice v_device;
    char v_bytes[8];
    uint64_t v_uint64;
  };
} TVMFFIAny;

/*! \brief A borrowed byte range; data need not be NUL-terminated. */
typedef struct {
  const char* data;
  size_t size;
} TVMFFIByteArray;

/*! \brief Payload of a Shape object, right after its header. */
typedef struct {
  const int64_t* data;
  size_t size;
} TVMFFIShapeCell;

/*!
 * \brief Payload of Array and List objects. A NULL data_deleter means the
 * elements live in the same allocation as the object (Array); otherwise
 * data_deleter(data) frees a separate buffer (List).
 */
typedef struct {
  void* data;
  int64_t size;
  int64_t capacity;
  void (*data_deleter)(void*);
} TVMFFISeqCell;

TVM_FFI_ENUM_BEGIN(TVMFFIBacktraceUpdateMode){
    kTVMFFIBacktraceUpdateModeReplace = 0,
    kTVMFFIBacktraceUpdateModeAppend = 1,
} TVM_FFI_ENUM_END(TVMFFIBacktraceUpdateMode)

/*! \brief Payload of an Error object (SPEC §6.2), 72 bytes. */
typedef struct {
  TVMFFIByteArray kind;
  TVMFFIByteArray message;
  /*! Frames, most recent first. */
  TVMFFIByteArray backtrace;
  /*! Replace or append to the backtrace; mode is a TVMFFIBacktraceUpdateMode. */
  void (*update_backtrace)(TVMFFIObjectHandle self, const TVMFFIByteArray* backtrace,
                           int32_t update_mode);
  /*! Owned Error that caused this one, or NULL. */
  TVMFFIObjectHandle cause_chain;
  /*! Owned object with extra context, or NULL. */
  TVMFFIObjectHandle extra_context;
} TVMFFIErrorCell;

/*!
 * \brief The packed calling convention (SPEC §5).
 *
 * \param handle The FunctionObj being called (or the closure given to
 *        TVMFFIFunctionCreate; NULL for exported module symbols).
 * \param args Borrowed views, valid for the duration of the call.
 * \param num_args Number of entries in args.
 * \param result Owned output; the caller pre-sets it to None.
 * \return 0 on success, -1 with an Error in the thread's error slot.
 */
typedef int (*TVMFFISafeCallType)(void* handle, const TVMFFIAny* args, int32_t num_args,
                                  TVMFFIAny* result);

/*! \brief Payload of a Function object, 16 bytes. */
typedef struct {
  TVMFFISafeCallType safe_call;
  /*! C++-only fast path of the producing SDK; NULL unless that SDK set it. */
  void* cpp_call;
} TVMFFIFunctionCell;

/*! \brief Payload of an OpaquePyObject: the wrapped foreign handle. */
typedef struct {
  void* handle;
} TVMFFIOpaqueObjectCell;

/* ---------------------------------------------------------------------------
 * Section 5: version, objects and the allocator (SPEC §3, §14)
 * ------------------------------------------------------------------------- */

/*!
 * \brief Report the runtime's ABI version. Never fails.
 * \param out_version Output, written in full.
 */
TVM_FFI_DLL void TVMFFIGetVersion(TVMFFIVersion* out_version);

/*!
 * \brief Add one strong reference.
 * \param obj Borrowed object handle; must not be NULL.
 * \return 0, or -1 (ValueError) when obj is NULL.
 * \note Thread-safe.
 */
TVM_FFI_DLL int TVMFFIObjectIncRef(TVMFFIObjectHandle obj);

/*!
 * \brief Drop one strong reference; the last one destroys the object.
 * \param obj Stolen strong reference; must not be NULL.
 * \return 0, or -1 (ValueError) when obj is NULL.
 * \note Thread-safe.
 */
TVM_FFI_DLL int TVMFFIObjectDecRef(TVMFFIObjectHandle obj);

/*!
 * \brief Wrap a foreign handle (a PyObject*) in an OpaquePyObject.
 * \param handle Foreign handle; ownership passes to the object on success.
 * \param type_index Must be kTVMFFIOpaquePyObject.
 * \param deleter Called with handle when the object dies; may be NULL.
 * \param out New reference on success.
 * \return 0, or -1 (TypeError for another type index, ValueError for NULL out).
 */
TVM_FFI_DLL int TVMFFIObjectCreateOpaque(void* handle, int32_t type_index,
                                         void (*deleter)(void* handle), TVMFFIObjectHandle* out);

/*! \brief Sits right before an object body allocated by a custom allocator. */
typedef struct {
  /*! Frees the space; receives the body pointer. May be NULL. */
  void (*delete_space)(void* ptr);
} TVMFFIObjectAllocHeader;

/*! \brief Process-wide object allocator hook. */
typedef struct {
  void* (*allocate)(size_t size, size_t alignment, int32_t type_index, void* context);
  void* context;
} TVMFFICustomAllocator;

/*!
 * \brief Current object allocator; never NULL.
 * \return Borrowed pointer valid for the life of the process.
 */
TVM_FFI_DLL TVMFFICustomAllocator* TVMFFIGetCustomAllocator(void);

/*!
 * \brief Install an object allocator; NULL restores the builtin one.
 * \param allocator Borrowed; must live for the rest of the process.
 * \return 0, or -1 (ValueError) when allocator->allocate is NULL.
 * \note Call once, during single-threaded start-up.
 */
TVM_FFI_DLL int TVMFFISetCustomAllocator(TVMFFICustomAllocator* allocator);

/*!
 * \brief Look up a registered type key.
 * \param type_key Borrowed key.
 * \param out_tindex Output index.
 * \return 0, or -1 (KeyError when unknown, ValueError for NULL arguments).
 */
TVM_FFI_DLL int TVMFFITypeKeyToIndex(const TVMFFIByteArray* type_key, int32_t* out_tindex);

/* ---------------------------------------------------------------------------
 * Section 6: functions and the global registry (SPEC §5)
 * ------------------------------------------------------------------------- */

/*!
 * \brief Make a Function object from a C callback.
 * \param self Closure passed to safe_call as its handle; owned by the new
 *        function on success (deleter(self) runs when it dies).
 * \param safe_call The callback; must not be NULL.
 * \param deleter Releases self; may be NULL.
 * \param out New reference on success.
 * \return 0, or -1 (ValueError for NULL safe_call or out).
 * \note When self and deleter are both NULL the callback receives the
 *       FunctionObj itself as its handle.
 */
TVM_FFI_DLL int TVMFFIFunctionCreate(void* self, TVMFFISafeCallType safe_call,
                                     void (*deleter)(void* self), TVMFFIObjectHandle* out);

/*!
 * \brief Find a global function.
 * \param name Borrowed name.
 * \param out New reference, or NULL when no function has that name.
 * \return 0 (also on a miss), or -1 (ValueError) for NULL arguments.
 * \note Thread-safe against concurrent registration.
 */
TVM_FFI_DLL int TVMFFIFunctionGetGlobal(const TVMFFIByteArray* name, TVMFFIObjectHandle* out);

/*!
 * \brief Turn a borrowed view into an owned value.
 * \param any_view Borrowed; for ObjectRValueRef the referenced slot is stolen
 *        and set to NULL.
 * \param out Owned result.
 * \return 0, or -1 (RuntimeError when an RValueRef was already moved).
 */
TVM_FFI_DLL int TVMFFIAnyViewToOwnedAny(const TVMFFIAny* any_view, TVMFFIAny* out);

/*!
 * \brief Call a Function object.
 * \param func Borrowed Function handle.
 * \param args Borrowed argument views.
 * \param num_args Number of arguments.
 * \param result Owned output, pre-set by the caller to None.
 * \return 0, or -1 with the callee's error (TypeError when func is not a Function).
 */
TVM_FFI_DLL int TVMFFIFunctionCall(TVMFFIObjectHandle func, TVMFFIAny* args, int32_t num_args,
                                   TVMFFIAny* result);

/* ---------------------------------------------------------------------------
 * Section 7: errors (SPEC §6)
 * ------------------------------------------------------------------------- */

/*!
 * \brief Take the calling thread's raised error.
 * \param result New reference to the Error, or NULL when none was raised.
 */
TVM_FFI_DLL void TVMFFIErrorMoveFromRaised(TVMFFIObjectHandle* result);

/*!
 * \brief Raise an existing Error on this thread.
 * \param error Borrowed Error handle; the slot takes its own reference.
 */
TVM_FFI_DLL void TVMFFIErrorSetRaised(TVMFFIObjectHandle error);

/*!
 * \brief Raise a new Error built from C strings, with a backtrace of the caller.
 * \param kind Borrowed kind such as "ValueError"; NULL means "RuntimeError".
 * \param message Borrowed message; NULL means empty.
 */
TVM_FFI_DLL void TVMFFIErrorSetRaisedFromCStr(const char* kind, const char* message);

/*!
 * \brief Like TVMFFIErrorSetRaisedFromCStr with the message joined from parts.
 * \param kind Borrowed kind.
 * \param message_parts Borrowed parts; NULL entries are skipped.
 * \param num_parts Number of parts.
 */
TVM_FFI_DLL void TVMFFIErrorSetRaisedFromCStrParts(const char* kind, const char** message_parts,
                                                   int32_t num_parts);

/*!
 * \brief Create an Error object without raising it.
 * \param kind Borrowed.
 * \param message Borrowed.
 * \param backtrace Borrowed, frames most recent first.
 * \param out New reference on success.
 * \return 0, or -1 when out of memory or an argument is NULL; this function
 *         does not touch the error slot, since it runs on error paths.
 */
TVM_FFI_DLL int TVMFFIErrorCreate(const TVMFFIByteArray* kind, const TVMFFIByteArray* message,
                                  const TVMFFIByteArray* backtrace, TVMFFIObjectHandle* out);

/*!
 * \brief Create an Error that records a cause and extra context.
 * \param kind Borrowed.
 * \param message Borrowed.
 * \param backtrace Borrowed.
 * \param cause_chain Borrowed Error or NULL; the new error keeps a reference.
 * \param extra_context Borrowed object or NULL; the new error keeps a reference.
 * \param out New reference on success.
 * \return 0, or -1 as TVMFFIErrorCreate, also when cause_chain is not an Error.
 */
TVM_FFI_DLL int TVMFFIErrorCreateWithCauseAndExtraContext(
    const TVMFFIByteArray* kind, const TVMFFIByteArray* message, const TVMFFIByteArray* backtrace,
    TVMFFIObjectHandle cause_chain, TVMFFIObjectHandle extra_context, TVMFFIObjectHandle* out);

/* ---------------------------------------------------------------------------
 * Section 8: tensors and DLPack (SPEC §8, §9)
 * ------------------------------------------------------------------------- */

/*!
 * \brief Import a legacy DLPack tensor.
 * \param from Stolen on success: the Tensor calls from->deleter when it dies.
 *        On failure the caller keeps it.
 * \param require_alignment Required byte alignment of the data, 0 for none.
 * \param require_contiguous Nonzero to reject non-compact strides.
 * \param out New reference on success.
 * \return 0, or -1 (ValueError for NULL/bad input, RuntimeError for alignment
 *         or contiguity failures).
 */
TVM_FFI_DLL int TVMFFITensorFromDLPack(DLManagedTensor* from, int32_t require_alignment,
                                       int32_t require_contiguous, TVMFFIObjectHandle* out);

/*!
 * \brief Export a Tensor as a legacy DLPack tensor.
 * \param from Borrowed Tensor; the export keeps its own reference.
 * \param out New managed tensor; the consumer calls its deleter.
 * \return 0, or -1 (TypeError when from is not a Tensor).
 */
TVM_FFI_DLL int TVMFFITensorToDLPack(TVMFFIObjectHandle from, DLManagedTensor** out);

/*! \brief Versioned form of TVMFFITensorFromDLPack; same contract. */
TVM_FFI_DLL int TVMFFITensorFromDLPackVersioned(DLManagedTensorVersioned* from,
                                                int32_t require_alignment,
                                                int32_t require_contiguous,
                                                TVMFFIObjectHandle* out);

/*! \brief Versioned form of TVMFFITensorToDLPack; version is this header's DLPack version. */
TVM_FFI_DLL int TVMFFITensorToDLPackVersioned(TVMFFIObjectHandle from,
                                              DLManagedTensorVersioned** out);

/*!
 * \brief Make a Tensor that views memory owned by another object.
 * \param source Borrowed; the view keeps a reference so the memory stays alive.
 * \param prototype Borrowed metadata (data, device, dtype, shape, strides,
 *        byte_offset); strides must be set when ndim > 0.
 * \param out New reference on success.
 * \return 0, or -1 (ValueError for NULL or missing strides).
 */
TVM_FFI_DLL int TVMFFITensorCreateUnsafeView(TVMFFIObjectHandle source, const DLTensor* prototype,
                                             TVMFFIObjectHandle* out);

/* ---------------------------------------------------------------------------
 * Section 9: strings, bytes, big integers and data types (SPEC §7, §10)
 * ------------------------------------------------------------------------- */

/*!
 * \brief Make an owned String value; 7 bytes or fewer become a SmallStr.
 * \param input Borrowed bytes.
 * \param out Owned result.
 * \return 0, or -1 (ValueError for NULL arguments).
 */
TVM_FFI_DLL int TVMFFIStringFromByteArray(const TVMFFIByteArray* input, TVMFFIAny* out);

/*! \brief Bytes counterpart of TVMFFIStringFromByteArray. */
TVM_FFI_DLL int TVMFFIBytesFromByteArray(const TVMFFIByteArray* input, TVMFFIAny* out);

/*!
 * \brief Make an owned integer from two's-complement int64 words, least
 *        significant word first (SPEC §8.1).
 * \param input Borrowed bytes; a whole number of 8-byte words, empty means 0.
 * \param out Owned result: kTVMFFIInt when it fits in int64, else a minimal BigInt.
 * \return 0, or -1 (ValueError for NULL arguments or a size not a multiple of 8).
 */
TVM_FFI_DLL int TVMFFIBigIntFromByteArray(const TVMFFIByteArray* input, TVMFFIAny* out);

/*!
 * \brief Borrow the two's-complement words of an integer value.
 * \param value Borrowed; a kTVMFFIBigInt object or a kTVMFFIInt.
 * \return The words as bytes (for an Int, the 8 bytes inside *value);
 *         {NULL, 0} for any other value.
 */
TVM_FFI_DLL TVMFFIByteArray TVMFFIBigIntGetContentByteArray(const TVMFFIAny* value);

/*!
 * \brief Parse a dtype string such as "float32", "int8x4" or "bfloat16".
 * \param str Borrowed.
 * \param out Output.
 * \return 0, or -1 (ValueError naming the string when it is not a dtype).
 */
TVM_FFI_DLL int TVMFFIDataTypeFromString(const TVMFFIByteArray* str, DLDataType* out);

/*!
 * \brief Print a dtype in its canonical form.
 * \param dtype Borrowed.
 * \param out Owned String value.
 * \return 0, or -1 (ValueError for NULL or an unknown type code).
 */
TVM_FFI_DLL int TVMFFIDataTypeToString(const DLDataType* dtype, TVMFFIAny* out);

/* ---------------------------------------------------------------------------
 * Section 10: reflection (SPEC §4)
 * ------------------------------------------------------------------------- */

/*! \brief Read the field at `field` into an owned result. */
typedef int (*TVMFFIFieldGetter)(void* field, TVMFFIAny* result);
/*! \brief Write a borrowed value into the field at `field`. */
typedef int (*TVMFFIFieldSetter)(void* field, const TVMFFIAny* value);
/*! \brief Allocate a default-initialized object; the caller sets every field. */
typedef int (*TVMFFIObjectCreator)(TVMFFIObjectHandle* result);

TVM_FFI_ENUM_BEGIN(TVMFFIFieldFlagBitMask){
    kTVMFFIFieldFlagBitMaskWritable = 1 << 0,
    kTVMFFIFieldFlagBitMaskHasDefault = 1 << 1,
    kTVMFFIFieldFlagBitMaskIsStaticMethod = 1 << 2,
    kTVMFFIFieldFlagBitMaskSEqHashIgnore = 1 << 3,
    kTVMFFIFieldFlagBitMaskSEqHashDefPattern = 1 << 4,
    kTVMFFIFieldFlagBitMaskDefaultFromFactory = 1 << 5,
    kTVMFFIFieldFlagBitMaskReprOff = 1 << 6,
    kTVMFFIFieldFlagBitMaskCompareOff = 1 << 7,
    kTVMFFIFieldFlagBitMaskHashOff = 1 << 8,
    kTVMFFIFieldFlagBitMaskInitOff = 1 << 9,
    kTVMFFIFieldFlagBitMaskKwOnly = 1 << 10,
    kTVMFFIFieldFlagBitSetterIsFunctionObj = 1 << 11,
    kTVMFFIFieldFlagBitMaskSEqHashDefSimple = 1 << 12,
} TVM_FFI_ENUM_END(TVMFFIFieldFlagBitMask)

TVM_FFI_ENUM_BEGIN(TVMFFISEqHashKind){
    kTVMFFISEqHashKindUnsupported = 0,    kTVMFFISEqHashKindTreeNode = 1,
    kTVMFFISEqHashKindFreeVar = 2,        kTVMFFISEqHashKindDAGNode = 3,
    kTVMFFISEqHashKindConstTreeNode = 4,  kTVMFFISEqHashKindUniqueInstance = 5,
} TVM_FFI_ENUM_END(TVMFFISEqHashKind)

TVM_FFI_ENUM_BEGIN(TVMFFIDefRegionKind){
    kTVMFFIDefRegionKindNone = 0,
    kTVMFFIDefRegionKindPattern = 1,
    kTVMFFIDefRegionKindSimple = 2,
} TVM_FFI_ENUM_END(TVMFFIDefRegionKind)

/*! \brief A reflected field, 120 bytes. */
typedef struct {
  TVMFFIByteArray name;
  TVMFFIByteArray doc;
  /*! JSON object text, may be empty. */
  TVMFFIByteArray metadata;
  int64_t flags;
  int64_t size;
  int64_t alignment;
  /*! Byte offset of the field from the object header. */
  int64_t offset;
  TVMFFIFieldGetter getter;
  /*! A TVMFFIFieldSetter, or a Function handle when SetterIsFunctionObj is set. */
  void* setter;
  /*! Default value, or a () -> Any Function when DefaultFromFactory is set. */
  TVMFFIAny default_value_or_factory;
  /*! Static type hint of the field; kTVMFFIAny when unknown. */
  int32_t field_static_type_index;
} TVMFFIFieldInfo;

/*! \brief A reflected method, 72 bytes. method holds a Function view. */
typedef struct {
  TVMFFIByteArray name;
  TVMFFIByteArray doc;
  TVMFFIByteArray metadata;
  int64_t flags;
  TVMFFIAny method;
} TVMFFIMethodInfo;

/*! \brief Per-type metadata, 32 bytes. */
typedef struct {
  TVMFFIByteArray doc;
  TVMFFIObjectCreator creator;
  int32_t total_size;
  TVMFFISEqHashKind structural_eq_hash_kind;
} TVMFFITypeMetadata;

/*! \brief A type-attribute column: entry for type t is data[t - begin_index]. */
typedef struct {
  const TVMFFIAny* data;
  int32_t size;
  int32_t begin_index;
} TVMFFITypeAttrColumn;

/*! \brief Runtime type information, 72 bytes; lives for the whole process. */
typedef struct TVMFFITypeInfo {
  int32_t type_index;
  int32_t type_depth;
  TVMFFIByteArray type_key;
  /*! type_ancestors[d] is the ancestor at depth d, for d < type_depth. */
  const struct TVMFFITypeInfo** type_ancestors;
  uint64_t type_key_hash;
  int32_t num_fields;
  int32_t num_methods;
  /*! This type's own fields only; walk the ancestors for inherited ones. */
  const TVMFFIFieldInfo* fields;
  const TVMFFIMethodInfo* methods;
  /*! NULL until TVMFFITypeRegisterMetadata runs. */
  const TVMFFITypeMetadata* metadata;
} TVMFFITypeInfo;

/*!
 * \brief Register a global function.
 * \param name Borrowed name.
 * \param f Borrowed Function; the registry keeps a reference.
 * \param allow_override Nonzero to replace an existing entry.
 * \return 0, or -1 (RuntimeError when the name exists and allow_override is 0,
 *         TypeError when f is not a Function, ValueError for NULL).
 * \note Thread-safe.
 */
TVM_FFI_DLL int TVMFFIFunctionSetGlobal(const TVMFFIByteArray* name, TVMFFIObjectHandle f,
                                        int allow_override);

/*!
 * \brief Register a global function with its doc and metadata.
 * \param method_info Borrowed; name, doc and metadata are copied and method
 *        (a Function view) is retained.
 * \param allow_override As in TVMFFIFunctionSetGlobal.
 * \return As TVMFFIFunctionSetGlobal.
 */
TVM_FFI_DLL int TVMFFIFunctionSetGlobalFromMethodInfo(const TVMFFIMethodInfo* method_info,
                                                      int allow_override);

/*!
 * \brief Add a reflected field to a type.
 * \param type_index A registered type.
 * \param info Borrowed; strings are copied, the default and setter retained.
 * \return 0, or -1 (IndexError for an unknown type, ValueError for a
 *         duplicate field name or NULL info).
 */
TVM_FFI_DLL int TVMFFITypeRegisterField(int32_t type_index, const TVMFFIFieldInfo* info);

/*! \brief Add a reflected method to a type; contract as TVMFFITypeRegisterField. */
TVM_FFI_DLL int TVMFFITypeRegisterMethod(int32_t type_index, const TVMFFIMethodInfo* info);

/*!
 * \brief Attach metadata to a type, once.
 * \return 0, or -1 (IndexError for an unknown type, RuntimeError when the
 *         type already has metadata).
 */
TVM_FFI_DLL int TVMFFITypeRegisterMetadata(int32_t type_index, const TVMFFITypeMetadata* metadata);

/*!
 * \brief Set a type attribute. type_index kTVMFFINone only creates the column.
 * \param attr_name Borrowed column name.
 * \param attr_value Borrowed; retained.
 * \return 0, or -1 (RuntimeError when the entry already holds a value).
 */
TVM_FFI_DLL int TVMFFITypeRegisterAttr(int32_t type_index, const TVMFFIByteArray* attr_name,
                                       const TVMFFIAny* attr_value);

/*!
 * \brief Find a type-attribute column.
 * \return Borrowed column valid for the process, or NULL when never created.
 */
TVM_FFI_DLL const TVMFFITypeAttrColumn* TVMFFIGetTypeAttrColumn(const TVMFFIByteArray* attr_name);

/* ---------------------------------------------------------------------------
 * Section 11: backtraces, type allocation and one-time init (SPEC §4, §6, §11)
 * ------------------------------------------------------------------------- */

/*!
 * \brief Capture the calling thread's native backtrace, most recent first.
 * \param filename Optional source file of the innermost frame.
 * \param lineno Its line.
 * \param func Its function name.
 * \param cross_ffi_boundary Nonzero to keep walking past TVMFFIFunctionCall.
 * \return Borrowed thread-local text, overwritten by the next call on this thread.
 */
TVM_FFI_DLL const TVMFFIByteArray* TVMFFIBacktrace(const char* filename, int lineno,
                                                   const char* func, int cross_ffi_boundary);

/*!
 * \brief Get the index of a type key, registering it on first use (SPEC §4.2).
 * \param parent_type_index The parent type, or -2 to only query.
 * \return The index; -2 on a query miss; -1 with an error raised on bad input.
 * \note Thread-safe.
 */
TVM_FFI_DLL int32_t TVMFFITypeGetOrAllocIndex(const TVMFFIByteArray* type_key,
                                              int32_t static_type_index, int32_t type_depth,
                                              int32_t num_child_slots,
                                              int32_t child_slots_can_overflow,
                                              int32_t parent_type_index);

/*!
 * \brief Type information for an index.
 * \return Borrowed, valid for the process; NULL (with an IndexError raised)
 *         when the index is not registered.
 */
TVM_FFI_DLL TVM_FFI_ATTRIBUTE_PURE const TVMFFITypeInfo* TVMFFIGetTypeInfo(int32_t type_index);

/*!
 * \brief Run init_func once and publish its non-NULL handle in *handle_addr.
 * \return 0, or -1 with init_func's error (RuntimeError if it produced NULL).
 * \note Thread-safe; concurrent callers wait for the first.
 */
TVM_FFI_DLL int TVMFFIHandleInitOnce(void** handle_addr, int (*init_func)(void** result));

/*!
 * \brief Atomically clear *handle_addr and pass the old handle to deinit_func.
 * \return 0, or -1 with deinit_func's error.
 */
TVM_FFI_DLL int TVMFFIHandleDeinitOnce(void** handle_addr, int (*deinit_func)(void* handle));

#ifdef __cplusplus
}  // extern "C"
#endif

/* ---------------------------------------------------------------------------
 * Section 12: inline accessors (offset arithmetic, SPEC §3.4)
 * ------------------------------------------------------------------------- */

#ifdef __cplusplus
#define TVM_FFI_C_INLINE inline
#else
#define TVM_FFI_C_INLINE static inline
#endif

TVM_FFI_C_INLINE int32_t TVMFFIObjectGetTypeIndex(TVMFFIObjectHandle obj) {
  return ((TVMFFIObject*)obj)->type_index;
}

TVM_FFI_C_INLINE TVMFFIByteArray TVMFFISmallBytesGetContentByteArray(const TVMFFIAny* value) {
  TVMFFIByteArray out;
  out.data = value->v_bytes;
  out.size = (size_t)value->small_str_len;
  return out;
}

/* Every cell sits right after the 24-byte TVMFFIObject header. */
#define TVM_FFI_CELL_AT(obj, Type) ((Type*)((char*)(obj) + sizeof(TVMFFIObject)))

TVM_FFI_C_INLINE TVMFFIByteArray* TVMFFIBytesGetByteArrayPtr(TVMFFIObjectHandle obj) {
  return TVM_FFI_CELL_AT(obj, TVMFFIByteArray);
}
TVM_FFI_C_INLINE TVMFFIErrorCell* TVMFFIErrorGetCellPtr(TVMFFIObjectHandle obj) {
  return TVM_FFI_CELL_AT(obj, TVMFFIErrorCell);
}
TVM_FFI_C_INLINE TVMFFIFunctionCell* TVMFFIFunctionGetCellPtr(TVMFFIObjectHandle obj) {
  return TVM_FFI_CELL_AT(obj, TVMFFIFunctionCell);
}
TVM_FFI_C_INLINE TVMFFIOpaqueObjectCell* TVMFFIOpaqueObjectGetCellPtr(TVMFFIObjectHandle obj) {
  return TVM_FFI_CELL_AT(obj, TVMFFIOpaqueObjectCell);
}
TVM_FFI_C_INLINE TVMFFIShapeCell* TVMFFIShapeGetCellPtr(TVMFFIObjectHandle obj) {
  return TVM_FFI_CELL_AT(obj, TVMFFIShapeCell);
}
TVM_FFI_C_INLINE DLTensor* TVMFFITensorGetDLTensorPtr(TVMFFIObjectHandle obj) {
  return TVM_FFI_CELL_AT(obj, DLTensor);
}
TVM_FFI_C_INLINE DLDevice TVMFFIDLDeviceFromIntPair(int32_t device_type, int32_t device_id) {
  DLDevice dev;
  dev.device_type = (DLDeviceType)device_type;
  dev.device_id = device_id;
  return dev;
}

#endif /* TVM_FFI_C_API_H_ */
