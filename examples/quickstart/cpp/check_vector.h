// examples/quickstart/cpp/check_vector.h: the argument checks shared by the C++ and CUDA add_one.
#ifndef QUICKSTART_CHECK_VECTOR_H_
#define QUICKSTART_CHECK_VECTOR_H_

#include <tvm/ffi/container/tensor.h>
#include <tvm/ffi/dtype.h>
#include <tvm/ffi/error.h>

namespace quickstart {

/*!
 * \brief Throws unless `t` is a contiguous 1-D float32 tensor on a device of type `device_type`.
 *        TVM_FFI_THROW becomes an ordinary error for the caller (a Python exception, a Rust Err),
 *        because the export macro catches it at the C ABI boundary.
 */
inline void CheckVector(const tvm::ffi::TensorView& t, const char* name, DLDeviceType device_type) {
  if (t.device().device_type != device_type) {
    TVM_FFI_THROW(ValueError) << "add_one: " << name << " must be on device type " << device_type
                              << ", got " << t.device().device_type;
  }
  DLDataType dtype = t.dtype();
  if (dtype.code != kDLFloat || dtype.bits != 32 || dtype.lanes != 1) {
    TVM_FFI_THROW(TypeError) << "add_one: " << name << " must be float32, got " << dtype;
  }
  if (t.ndim() != 1) {
    TVM_FFI_THROW(ValueError) << "add_one: " << name << " must be 1-D, got " << t.ndim()
                              << " dimensions";
  }
  if (!t.IsContiguous()) {
    TVM_FFI_THROW(ValueError) << "add_one: " << name << " must be contiguous";
  }
}

/*! \brief CheckVector for both arguments, plus equal lengths. */
inline void CheckArgs(const tvm::ffi::TensorView& x, const tvm::ffi::TensorView& y,
                      DLDeviceType device_type) {
  CheckVector(x, "x", device_type);
  CheckVector(y, "y", device_type);
  if (x.size(0) != y.size(0)) {
    TVM_FFI_THROW(ValueError) << "add_one: x has " << x.size(0) << " elements but y has "
                              << y.size(0);
  }
}

}  // namespace quickstart

#endif  // QUICKSTART_CHECK_VECTOR_H_
