// ffi/c/src/error_class.cc: makes libtvm_ffi export the vtable and typeinfo of the C++ class tvm::ffi::Error.
//
// Modules built from C++ headers (ours or the reference's) throw and catch
// tvm::ffi::Error. Like the reference runtime, libtvm_ffi exports the class's
// vtable and typeinfo (libtvm_ffi.map), so the dynamic linker binds every
// module's weak copy to this one and exception matching sees a single type.
//
// The class deliberately has no key function: all its virtual functions are
// inline, exactly as in the reference headers, so modules never import a C++
// function symbol and run against either runtime. Such a class's vtable and
// typeinfo are emitted by whichever object file uses them; the function below
// is that use. Nothing calls it.
#include <tvm/ffi/error.h>

#include <typeinfo>

namespace tvm_ffi_rt {

const std::type_info& error_class_emit_vtable_and_typeinfo() {
  // Constructing an Error stores its vtable pointer; typeid names its typeinfo.
  ::tvm::ffi::Error error("InternalError", "", "");
  return typeid(error);
}

}  // namespace tvm_ffi_rt
