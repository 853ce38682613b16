// examples/quickstart/host_cpp/host_cpp.cc: a C++ program that loads add_one modules and calls them.
//
//   host_cpp cpu  build/quickstart/libadd_one_c.so build/quickstart/libadd_one_cpp.so ...
//   host_cpp cuda build/quickstart/libadd_one_cuda.so
//
// Any module works, whatever language it was written in: the program only knows the function
// name `add_one` and the C ABI. Exits non-zero if a result is wrong or bad input is accepted.
#include <tvm/ffi/container/tensor.h>
#include <tvm/ffi/error.h>
#include <tvm/ffi/extra/module.h>
#include <tvm/ffi/function.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#ifdef QUICKSTART_WITH_CUDA
#include <cuda_runtime.h>
#endif

namespace {

using tvm::ffi::Function;
using tvm::ffi::Module;
using tvm::ffi::Tensor;

constexpr DLDataType kFloat32{kDLFloat, 32, 1};

/*! \brief Host memory for Tensor::FromNDAlloc. */
struct CpuAlloc {
  void AllocData(DLTensor* t) { t->data = std::calloc(static_cast<size_t>(t->shape[0]), 4); }
  void FreeData(DLTensor* t) { std::free(t->data); }
};

std::string Format(const std::vector<float>& values) {
  std::ostringstream os;
  os << "[";
  for (size_t i = 0; i < values.size(); ++i) os << (i ? ", " : "") << values[i];
  return os.str() + "]";
}

/*! \brief Fails (returns false) unless out[i] == in[i] + 1. */
bool CheckResult(const std::string& name, const std::vector<float>& in,
                 const std::vector<float>& out) {
  std::cout << "host_cpp: " << name << ": add_one(" << Format(in) << ") = " << Format(out)
            << std::endl;
  for (size_t i = 0; i < in.size(); ++i) {
    if (out[i] != in[i] + 1.0f) {
      std::cerr << "host_cpp: " << name << ": wrong value at " << i << std::endl;
      return false;
    }
  }
  return true;
}

/*! \brief Bad input must come back as an error, caught here as tvm::ffi::Error. */
bool CheckRejects(const std::string& name, const Function& add_one, const Tensor& x) {
  try {
    add_one(x, 42);
  } catch (const tvm::ffi::Error& err) {
    std::cout << "host_cpp: " << name << ": add_one(x, 42) raised " << err.kind() << ": "
              << err.message() << std::endl;
    return true;
  }
  std::cerr << "host_cpp: " << name << ": add_one accepted an int as y" << std::endl;
  return false;
}

bool RunCpu(const std::string& name, const Function& add_one) {
  std::vector<float> in = {0, 1, 2, 3, 4};
  std::vector<int64_t> shape = {static_cast<int64_t>(in.size())};
  Tensor x = Tensor::FromNDAlloc(CpuAlloc(), shape, kFloat32, DLDevice{kDLCPU, 0});
  Tensor y = Tensor::FromNDAlloc(CpuAlloc(), shape, kFloat32, DLDevice{kDLCPU, 0});
  std::memcpy(x->data, in.data(), in.size() * sizeof(float));
  add_one(x, y);
  const float* data = static_cast<const float*>(y->data);
  return CheckResult(name, in, std::vector<float>(data, data + in.size())) &&
         CheckRejects(name, add_one, x);
}

// The CUDA path, when CMake found the CUDA toolkit: tensors in cudaMalloc memory.
#ifdef QUICKSTART_WITH_CUDA
/*! \brief Device memory on GPU 0 for Tensor::FromNDAlloc. */
struct CudaAlloc {
  void AllocData(DLTensor* t) {
    if (cudaMalloc(&t->data, static_cast<size_t>(t->shape[0]) * 4) != cudaSuccess) {
      TVM_FFI_THROW(RuntimeError) << "cudaMalloc failed";
    }
  }
  void FreeData(DLTensor* t) { cudaFree(t->data); }
};

bool RunCuda(const std::string& name, const Function& add_one) {
  int count = 0;
  if (cudaGetDeviceCount(&count) != cudaSuccess || count == 0) {
    std::cout << "host_cpp: " << name << ": skipped: no GPU" << std::endl;
    return true;
  }
  std::vector<float> in = {0, 1, 2, 3, 4};
  std::vector<float> out(in.size());
  std::vector<int64_t> shape = {static_cast<int64_t>(in.size())};
  Tensor x = Tensor::FromNDAlloc(CudaAlloc(), shape, kFloat32, DLDevice{kDLCUDA, 0});
  Tensor y = Tensor::FromNDAlloc(CudaAlloc(), shape, kFloat32, DLDevice{kDLCUDA, 0});
  cudaMemcpy(x->data, in.data(), in.size() * sizeof(float), cudaMemcpyHostToDevice);
  add_one(x, y);  // on the default stream: no stream was set
  cudaMemcpy(out.data(), y->data, out.size() * sizeof(float), cudaMemcpyDeviceToHost);
  return CheckResult(name, in, out) && CheckRejects(name, add_one, x);
}
#else
bool RunCuda(const std::string& name, const Function&) {
  std::cout << "host_cpp: " << name << ": skipped: host_cpp was built without CUDA" << std::endl;
  return true;
}
#endif

bool RunModule(const std::string& device, const std::string& path) {
  std::string name = std::filesystem::path(path).filename().string();
  if (device == "cuda" && !std::filesystem::exists(path)) {
    std::cout << "host_cpp: " << name << ": skipped: not built (no nvcc)" << std::endl;
    return true;
  }
  Module mod = Module::LoadFromFile(path);
  Function add_one = mod->GetFunction("add_one", true).value();
  return device == "cuda" ? RunCuda(name, add_one) : RunCpu(name, add_one);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3 || (std::strcmp(argv[1], "cpu") != 0 && std::strcmp(argv[1], "cuda") != 0)) {
    std::cerr << "usage: host_cpp cpu|cuda MODULE.so..." << std::endl;
    return 2;
  }
  bool ok = true;
  for (int i = 2; i < argc; ++i) {
    try {
      ok = RunModule(argv[1], argv[i]) && ok;
    } catch (const tvm::ffi::Error& err) {
      std::cerr << "host_cpp: " << argv[i] << ": " << err.kind() << ": " << err.message()
                << std::endl;
      ok = false;
    }
  }
  return ok ? 0 : 1;
}
