// ffi/c/src/library.cc: opening module shared libraries with an ABI check before any code runs.
#include <dlfcn.h>
#include <elf.h>

#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "error_internal.h"
#include "library_internal.h"
#include "module_internal.h"

namespace tvm_ffi_rt {
namespace {

constexpr const char* kAbiVersionSymbol = "__tvm_ffi__abi_version";

class DynamicLibrary final : public Library {
 public:
  DynamicLibrary(std::string path, void* handle) : Library(std::move(path)), handle_(handle) {}
  ~DynamicLibrary() override { dlclose(handle_); }
  void* symbol(const std::string& name) const override { return dlsym(handle_, name.c_str()); }

 private:
  void* handle_;
};

// Reads `count` items of T at `offset`; false when the file is too short.
template <typename T>
bool read_at(std::ifstream& file, uint64_t offset, T* out, size_t count = 1) {
  file.seekg(static_cast<std::streamoff>(offset));
  file.read(reinterpret_cast<char*>(out), static_cast<std::streamsize>(sizeof(T) * count));
  return static_cast<size_t>(file.gcount()) == sizeof(T) * count;
}

bool find_dynamic_symbol(std::ifstream& file, const Elf64_Ehdr& eh, const char* name,
                         Elf64_Sym* out_sym, std::vector<Elf64_Shdr>* out_sections) {
  if (eh.e_shentsize != sizeof(Elf64_Shdr) || eh.e_shnum == 0) return false;
  std::vector<Elf64_Shdr> sections(eh.e_shnum);
  if (!read_at(file, eh.e_shoff, sections.data(), sections.size())) return false;
  for (const Elf64_Shdr& sh : sections) {
    if (sh.sh_type != SHT_DYNSYM || sh.sh_entsize != sizeof(Elf64_Sym)) continue;
    if (sh.sh_link >= sections.size()) return false;
    const Elf64_Shdr& strtab = sections[sh.sh_link];
    std::vector<char> names(strtab.sh_size + 1, '\0');
    if (!read_at(file, strtab.sh_offset, names.data(), strtab.sh_size)) return false;
    std::vector<Elf64_Sym> symbols(sh.sh_size / sizeof(Elf64_Sym));
    if (!read_at(file, sh.sh_offset, symbols.data(), symbols.size())) return false;
    for (const Elf64_Sym& sym : symbols) {
      if (sym.st_name < strtab.sh_size && std::strcmp(&names[sym.st_name], name) == 0 &&
          sym.st_shndx != SHN_UNDEF && sym.st_shndx < sections.size()) {
        *out_sym = sym;
        *out_sections = std::move(sections);
        return true;
      }
    }
  }
  return false;
}

// Little-endian reader over a blob; every read is bounds-checked.
class BlobReader {
 public:
  BlobReader(const char* data, size_t size) : data_(data), size_(size) {}
  uint64_t u64() {
    need(8);
    uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(data_[pos_ + i]);
    pos_ += 8;
    return v;
  }
  std::string bytes() {
    uint64_t n = u64();
    need(n);
    std::string s(data_ + pos_, static_cast<size_t>(n));
    pos_ += static_cast<size_t>(n);
    return s;
  }
  std::vector<uint64_t> u64_vector() {
    uint64_t n = u64();
    if (n > (size_ - pos_) / 8) malformed("vector length exceeds the blob");
    std::vector<uint64_t> v(static_cast<size_t>(n));
    for (auto& x : v) x = u64();
    return v;
  }
  bool done() const { return pos_ == size_; }

 private:
  void need(uint64_t n) {
    if (n > size_ - pos_) malformed("truncated");
  }
  [[noreturn]] void malformed(const char* why) {
    fail("ValueError", std::string("__tvm_ffi__library_bin is malformed: ") + why);
  }
  const char* data_;
  size_t size_;
  size_t pos_ = 0;
};

}  // namespace

bool library_read_abi_version(const std::string& path, TVMFFIVersion* out) {
  std::ifstream file(path, std::ios::binary);
  Elf64_Ehdr eh;
  if (!file || !read_at(file, 0, &eh)) return false;
  if (std::memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 || eh.e_ident[EI_CLASS] != ELFCLASS64 ||
      eh.e_ident[EI_DATA] != ELFDATA2LSB) {
    return false;
  }
  Elf64_Sym sym;
  std::vector<Elf64_Shdr> sections;
  if (!find_dynamic_symbol(file, eh, kAbiVersionSymbol, &sym, &sections)) return false;
  const Elf64_Shdr& holder = sections[sym.st_shndx];
  if (holder.sh_type == SHT_NOBITS || sym.st_value < holder.sh_addr) return false;
  return read_at(file, holder.sh_offset + (sym.st_value - holder.sh_addr), out);
}

void library_check_abi_version(const TVMFFIVersion& module, const std::string& path) {
  // While the major version is 0 a minor bump is an ABI break; after 1.0 a
  // module may not need a newer minor than the runtime provides.
  bool compatible = module.major == TVM_FFI_VERSION_MAJOR &&
                    (TVM_FFI_VERSION_MAJOR == 0 ? module.minor == TVM_FFI_VERSION_MINOR
                                                : module.minor <= TVM_FFI_VERSION_MINOR);
  if (compatible) return;
  fail("RuntimeError", "cannot load `" + path + "`: it was built for tvm-ffi ABI " +
                           std::to_string(module.major) + "." + std::to_string(module.minor) + "." +
                           std::to_string(module.patch) + ", but this runtime implements ABI " +
                           std::to_string(TVM_FFI_VERSION_MAJOR) + "." +
                           std::to_string(TVM_FFI_VERSION_MINOR) + "." +
                           std::to_string(TVM_FFI_VERSION_PATCH) +
                           "; rebuild the module against matching tvm-ffi headers");
}

std::shared_ptr<Library> library_open(const std::string& path) {
  // Check before dlopen: an incompatible module's static initialisers would
  // already call into this runtime with the wrong ABI.
  TVMFFIVersion version;
  if (library_read_abi_version(path, &version)) library_check_abi_version(version, path);
  void* handle = dlopen(path.c_str(), RTLD_LAZY | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* why = dlerror();
    fail("RuntimeError", "cannot load `" + path + "`: " + (why != nullptr ? why : "dlopen failed"));
  }
  auto lib = std::make_shared<DynamicLibrary>(path, handle);
  for (const auto& [name, value] : module_context_symbols()) {
    if (void** slot = static_cast<void**>(lib->symbol(name))) *slot = value;
  }
  return lib;
}

LibraryBin library_parse_bin(const char* blob, size_t blob_capacity) {
  if (blob == nullptr) fail("ValueError", "__tvm_ffi__library_bin is NULL");
  BlobReader header(blob, blob_capacity);
  uint64_t nbytes = header.u64();
  if (nbytes > blob_capacity - 8) {
    fail("ValueError", "__tvm_ffi__library_bin is malformed: size field exceeds the blob");
  }
  BlobReader in(blob + 8, static_cast<size_t>(nbytes));
  LibraryBin bin;
  bin.import_tree_row_ptr = in.u64_vector();
  bin.import_tree_child_indices = in.u64_vector();
  while (!in.done()) {
    LibraryBin::Entry entry;
    entry.kind = in.bytes();
    if (entry.kind != "_lib") entry.payload = in.bytes();
    bin.modules.push_back(std::move(entry));
  }
  return bin;
}

}  // namespace tvm_ffi_rt
