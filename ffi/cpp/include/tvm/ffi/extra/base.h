// ffi/cpp/include/tvm/ffi/extra/base.h: what every tvm/ffi/extra/ header shares.
//
// The extra headers declare C++ functions that libtvm_ffi defines and exports (module loading,
// JSON, repr, deep copy, recursive comparison). TVM_FFI_EXTRA_CXX_API marks them: exported when
// the runtime is built, imported by everything else, under the same mangled names as the
// reference runtime's, so code built against either set of headers links against either library.
#ifndef TVM_FFI_EXTRA_BASE_H_
#define TVM_FFI_EXTRA_BASE_H_

#include <tvm/ffi/c_api.h>

#ifndef TVM_FFI_EXTRA_CXX_API
#define TVM_FFI_EXTRA_CXX_API TVM_FFI_DLL
#endif

#endif  // TVM_FFI_EXTRA_BASE_H_
