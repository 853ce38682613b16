// ffi/cpp/tests/interop/host_open.h: how the interop hosts open the module named on their
// command line and say which runtime (whichever libtvm_ffi.so the dynamic linker found) and
// which module a run pairs.
#ifndef TVM_FFI_CPP_TESTS_INTEROP_HOST_OPEN_H_
#define TVM_FFI_CPP_TESTS_INTEROP_HOST_OPEN_H_

#include <dlfcn.h>
#include <tvm/ffi/c_api.h>

#include <cstdio>

namespace host_open {

// The file of the runtime library this process uses.
inline const char* RuntimePath() {
  Dl_info info;
  if (dladdr(reinterpret_cast<void*>(&TVMFFIGetVersion), &info) == 0) return "?";
  return info.dli_fname;
}

// Opens argv[1] and prints the runtime and module paths. Returns the handle, or nullptr
// with *exit_code set: 2 for a wrong command line (printing `usage`), 1 when dlopen fails.
inline void* OpenModuleArg(int argc, char** argv, const char* usage, int* exit_code) {
  if (argc != 2) {
    std::printf("usage: %s\n", usage);
    *exit_code = 2;
    return nullptr;
  }
  void* lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
  if (lib == nullptr) {
    std::printf("FAIL dlopen: %s\n", dlerror());
    *exit_code = 1;
    return nullptr;
  }
  std::printf("runtime %s\nmodule  %s\n", RuntimePath(), argv[1]);
  return lib;
}

}  // namespace host_open

#endif  // TVM_FFI_CPP_TESTS_INTEROP_HOST_OPEN_H_
