// ffi/c/src/library_internal.h: opening module shared libraries (version check, context symbols).
#ifndef TVM_FFI_SRC_LIBRARY_INTERNAL_H_
#define TVM_FFI_SRC_LIBRARY_INTERNAL_H_

#include <tvm/ffi/c_api.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace tvm_ffi_rt {

// An opened shared library; closed when the last owner lets go.
class Library {
 public:
  virtual ~Library() = default;
  // Address of an exported symbol, or nullptr.
  virtual void* symbol(const std::string& name) const = 0;
  const std::string& path() const { return path_; }

 protected:
  explicit Library(std::string path) : path_(std::move(path)) {}

 private:
  std::string path_;
};

// Reads the `__tvm_ffi__abi_version` constant of an ELF file without loading
// it. Returns false when the file does not export one (or is not ELF64).
bool library_read_abi_version(const std::string& path, TVMFFIVersion* out);

// Throws RuntimeError when a module built for `module` cannot run on this runtime.
void library_check_abi_version(const TVMFFIVersion& module, const std::string& path);

// dlopens `path` (RTLD_LAZY | RTLD_LOCAL) after checking its ABI version, then
// writes every registered context symbol into the library. Throws on failure.
std::shared_ptr<Library> library_open(const std::string& path);

// The import tree stored in a module's `__tvm_ffi__library_bin` blob.
struct LibraryBin {
  std::vector<uint64_t> import_tree_row_ptr;
  std::vector<uint64_t> import_tree_child_indices;
  struct Entry {
    std::string kind;     // "_lib" for the library itself
    std::string payload;  // serialized module bytes; empty for "_lib"
  };
  std::vector<Entry> modules;
};

// Parses a blob: <u64 nbytes> then the stream. Throws ValueError if malformed.
LibraryBin library_parse_bin(const char* blob, size_t blob_capacity);

}  // namespace tvm_ffi_rt

#endif  // TVM_FFI_SRC_LIBRARY_INTERNAL_H_
