// ffi/c/src/backtrace.cc: native backtrace capture in the `File "...", line N, in f` format.
//
// Frames come from glibc's backtrace() and are named with dladdr, so only
// exported symbols get names and the "file" is the shared object that holds
// the frame; line numbers are 0 unless the caller passes its own location.
#include <cxxabi.h>
#include <dlfcn.h>
#include <execinfo.h>
#include <tvm/ffi/c_api.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace tvm_ffi_rt {
namespace {

constexpr int kMaxFrames = 256;
constexpr int kDefaultLimit = 128;

int frame_limit() {
  // TVM_TRACEBACK_LIMIT caps the number of native frames reported.
  static const int limit = [] {
    const char* env = std::getenv("TVM_TRACEBACK_LIMIT");
    if (env == nullptr || *env == '\0') return kDefaultLimit;
    int v = std::atoi(env);
    return v < 0 ? 0 : (v > kMaxFrames ? kMaxFrames : v);
  }();
  return limit;
}

std::string demangle(const char* name) {
  int status = 0;
  char* out = abi::__cxa_demangle(name, nullptr, nullptr, &status);
  if (status != 0 || out == nullptr) return name;
  std::string text(out);
  std::free(out);
  return text;
}

void append_frame(std::string* text, const char* file, int line, const std::string& func) {
  *text += "  File \"";
  *text += file;
  *text += "\", line ";
  *text += std::to_string(line);
  *text += ", in ";
  *text += func;
  *text += '\n';
}

// Without a dynamic symbol, name the frame by its offset in the object so
// `addr2line -e <file> <offset>` can resolve it.
std::string unnamed_frame(void* pc, const Dl_info& info) {
  char buf[32];
  uintptr_t base = reinterpret_cast<uintptr_t>(info.dli_fbase);
  std::snprintf(buf, sizeof(buf), "<unknown>+0x%zx",
                static_cast<size_t>(reinterpret_cast<uintptr_t>(pc) - base));
  return buf;
}

// Load address of libtvm_ffi itself.
void* runtime_base() {
  static void* base = [] {
    Dl_info info;
    return dladdr(reinterpret_cast<void*>(&TVMFFIBacktrace), &info) != 0 ? info.dli_fbase : nullptr;
  }();
  return base;
}

// Frames inside the error machinery itself are noise for the user.
bool is_internal_frame(const std::string& func) {
  return func.rfind("TVMFFIBacktrace", 0) == 0 || func.rfind("TVMFFIErrorSetRaised", 0) == 0 ||
         func.find("tvm_ffi_rt::") != std::string::npos;
}

}  // namespace
}  // namespace tvm_ffi_rt

extern "C" const TVMFFIByteArray* TVMFFIBacktrace(const char* filename, int lineno,
                                                  const char* func, int cross_ffi_boundary) {
  using namespace tvm_ffi_rt;
  static thread_local std::string text;
  static thread_local TVMFFIByteArray result;
  try {
    text.clear();
    if (filename != nullptr) append_frame(&text, filename, lineno, func != nullptr ? func : "<unknown>");
    void* frames[kMaxFrames];
    int count = backtrace(frames, kMaxFrames);
    int emitted = 0;
    bool leading = true;  // still inside the runtime's own error machinery
    for (int i = 1; i < count && emitted < frame_limit(); ++i) {
      Dl_info info;
      std::memset(&info, 0, sizeof(info));
      bool found = dladdr(frames[i], &info) != 0;
      if (leading && found && info.dli_fbase == runtime_base()) continue;
      leading = false;
      bool named = found && info.dli_sname != nullptr;
      std::string name = named ? demangle(info.dli_sname) : unnamed_frame(frames[i], info);
      if (named && is_internal_frame(name)) continue;
      // Stop where the current FFI call was entered unless asked to go on.
      if (!cross_ffi_boundary && name == "TVMFFIFunctionCall") break;
      const char* file = (info.dli_fname != nullptr) ? info.dli_fname : "<unknown>";
      append_frame(&text, file, 0, name);
      ++emitted;
    }
  } catch (...) {
    text.clear();
  }
  result.data = text.data();
  result.size = text.size();
  return &result;
}
