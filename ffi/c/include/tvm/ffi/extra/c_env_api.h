/*
 * ffi/c/include/tvm/ffi/extra/c_env_api.h
 *
 * The environment API: per-thread streams, the DLPack tensor allocator,
 * signal checks, host C-API registration and module symbol tables (SPEC §11,
 * §12). Contracts use the ownership words defined in c_api.h.
 */
#ifndef TVM_FFI_EXTRA_C_ENV_API_H_
#define TVM_FFI_EXTRA_C_ENV_API_H_

#include <tvm/ffi/c_api.h>

#ifdef __cplusplus
extern "C" {
#endif

/*! \brief A device stream, e.g. a cudaStream_t; NULL is the default stream. */
typedef void* TVMFFIStreamHandle;

/*!
 * \brief Set the calling thread's current stream for a device.
 * \param device_type A DLDeviceType value, 0 to 255.
 * \param device_id Device ordinal, 0 or more.
 * \param stream The new stream (not owned).
 * \param opt_out_original_stream If not NULL, receives the previous stream.
 * \return 0, or -1 (ValueError for a negative or out-of-range device).
 * \note Thread-local: other threads are unaffected.
 */
TVM_FFI_DLL int TVMFFIEnvSetStream(int32_t device_type, int32_t device_id,
                                   TVMFFIStreamHandle stream,
                                   TVMFFIStreamHandle* opt_out_original_stream);

/*!
 * \brief The calling thread's current stream for a device.
 * \return The stream, or NULL when unset or the device is out of range.
 */
TVM_FFI_DLL TVMFFIStreamHandle TVMFFIEnvGetStream(int32_t device_type, int32_t device_id);

/*!
 * \brief Install the allocator used by TVMFFIEnvTensorAlloc.
 * \param allocator The allocator, or NULL to clear.
 * \param write_to_global_context Nonzero to also set the process-wide default.
 * \param opt_out_original_allocator If not NULL, receives this thread's previous allocator.
 * \return 0.
 * \note The thread-local allocator wins over the global one.
 */
TVM_FFI_DLL int TVMFFIEnvSetDLPackManagedTensorAllocator(
    DLPackManagedTensorAllocator allocator, int write_to_global_context,
    DLPackManagedTensorAllocator* opt_out_original_allocator);

/*! \brief The thread-local allocator if set, else the global one, else NULL. */
TVM_FFI_DLL DLPackManagedTensorAllocator TVMFFIEnvGetDLPackManagedTensorAllocator(void);

/*!
 * \brief Allocate a Tensor through the current DLPack allocator.
 * \param prototype Borrowed; only ndim, shape, dtype and device are read.
 * \param out New reference on success.
 * \return 0, or -1 (RuntimeError when no allocator is installed, or the
 *         allocator's own error).
 */
TVM_FFI_DLL int TVMFFIEnvTensorAlloc(DLTensor* prototype, TVMFFIObjectHandle* out);

/*!
 * \brief Ask the host (e.g. Python) whether a signal such as Ctrl-C is pending.
 * \return 0 when none, nonzero when the host raised an error for it.
 */
TVM_FFI_DLL int TVMFFIEnvCheckSignals(void);

/*!
 * \brief Register a host C-API function: "PyErr_CheckSignals",
 *        "PyGILState_Ensure" or "PyGILState_Release".
 * \return 0, or -1 (ValueError "Unknown env API" for any other name).
 */
TVM_FFI_DLL int TVMFFIEnvRegisterCAPI(const char* name, void* symbol);

/*!
 * \brief Find a function in the imports of the module that owns library_ctx.
 * \param library_ctx The value the loader stored in __tvm_ffi__library_ctx.
 * \param func_name Borrowed name.
 * \param out Borrowed Function handle, cached by the module for its lifetime.
 * \return 0, or -1 (ValueError for NULL, AttributeError when not found).
 */
TVM_FFI_DLL int TVMFFIEnvModLookupFromImports(TVMFFIObjectHandle library_ctx, const char* func_name,
                                              TVMFFIObjectHandle* out);

/*!
 * \brief Register a value that the loader writes into every later-loaded
 *        library exporting a void* variable with this name.
 * \return 0, or -1 (ValueError for a NULL name).
 */
TVM_FFI_DLL int TVMFFIEnvModRegisterContextSymbol(const char* name, void* symbol);

/*!
 * \brief Add a symbol to the system library table, keyed by its full name,
 *        e.g. "__tvm_ffi_mylib.add_one".
 * \return 0, or -1 (ValueError for a NULL name or symbol).
 */
TVM_FFI_DLL int TVMFFIEnvModRegisterSystemLibSymbol(const char* name, void* symbol);

#ifdef __cplusplus
}  // extern "C"
#endif
#endif /* TVM_FFI_EXTRA_C_ENV_API_H_ */
