// ffi/python/src/error.h: FFI Error <-> Python exception translation.
#ifndef TVM_FFI_PYTHON_SRC_ERROR_H_
#define TVM_FFI_PYTHON_SRC_ERROR_H_

#include "py_common.h"

namespace tvm_ffi_py {

// Moves the calling thread's FFI error into a pending Python exception and returns NULL. The
// exception class follows the kind (tvm_ffi.register_error); a Python exception that crossed
// the boundary earlier comes back as the same object. The FFI backtrace becomes Python frames
// and the Error's cause_chain becomes __cause__.
PyObject* raise_ffi_error();

// Moves the pending Python exception into the calling thread's FFI error slot (as a new Error
// whose backtrace lists the Python frames, whose extra context holds the exception itself and
// whose cause_chain is the converted __cause__).
// Requires the GIL and a pending exception.
void set_ffi_error_from_python();

}  // namespace tvm_ffi_py

#endif  // TVM_FFI_PYTHON_SRC_ERROR_H_
