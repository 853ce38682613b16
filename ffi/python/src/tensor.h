// ffi/python/src/tensor.h: tvm_ffi.Tensor, DLPack import/export and the C exchange API.
#ifndef TVM_FFI_PYTHON_SRC_TENSOR_H_
#define TVM_FFI_PYTHON_SRC_TENSOR_H_

#include "py_common.h"

namespace tvm_ffi_py {

// Creates tvm_ffi._core.Tensor (a subclass of Object) and adds it to `module`.
int tensor_type_init(PyObject* module);

// The DLPack C exchange API that `tp` publishes (`__dlpack_c_exchange_api__`, or the legacy
// `__c_dlpack_exchange_api__`), or NULL. Never raises. Not cached: callers cache per type.
const DLPackExchangeAPI* tensor_exchange_api_of(PyTypeObject* tp);

// An owned Tensor handle for a framework tensor, through `api`. -1 with a Python error set.
int tensor_from_exchange_api(PyObject* obj, const DLPackExchangeAPI* api, int32_t require_alignment,
                             bool require_contiguous, TVMFFIObjectHandle* out);

// A Tensor object that borrows a framework tensor for the duration of one call (through the
// exchange API's non-owning dltensor_from_py_object_no_sync; no DLPack export is made). Release
// it with tensor_view_release after the call: if the callee kept a reference, the view then
// takes a reference to `obj` so that the data outlives the call. Returns 1 when the API has no
// view function or the tensor has too many dimensions (use tensor_from_exchange_api instead),
// 0 on success, -1 with a Python error set.
int tensor_view_from_exchange_api(PyObject* obj, const DLPackExchangeAPI* api,
                                  TVMFFIObjectHandle* out);
// Whether `handle` is such a view (its deleter identifies it).
bool tensor_is_view(TVMFFIObjectHandle handle);
// Drops the caller's reference to a view made by tensor_view_from_exchange_api.
void tensor_view_release(TVMFFIObjectHandle handle);
// The framework tensor a view was made from (borrowed), or NULL for any other Tensor.
PyObject* tensor_view_source(TVMFFIObjectHandle handle);

// An owned Tensor handle for any object with `__dlpack__` (capsule protocol, versioned first).
int tensor_from_dlpack_protocol(PyObject* obj, int32_t require_alignment, bool require_contiguous,
                                TVMFFIObjectHandle* out);

// tvm_ffi.from_dlpack: a new tvm_ffi.Tensor.
PyObject* tensor_from_dlpack(PyObject* obj, int32_t require_alignment, bool require_contiguous);

// A framework tensor for an owned Tensor handle (consumed), through `api`.
PyObject* tensor_to_framework(TVMFFIObjectHandle owned, const DLPackExchangeAPI* api);

}  // namespace tvm_ffi_py

#endif  // TVM_FFI_PYTHON_SRC_TENSOR_H_
