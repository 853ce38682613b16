// ffi/cpp/tests/interop/cross_module.cc: a module that compiles against our C++ headers or the reference's.
//
// Loaded by cross_host.cc. It throws and catches tvm::ffi::Error inside safe
// calls, throws one straight across the library boundary, and shares objects of
// a type that the host registers under the same key.
#include <tvm/ffi/error.h>
#include <tvm/ffi/function.h>
#include <tvm/ffi/memory.h>
#include <tvm/ffi/string.h>

#include <typeinfo>

namespace cross {

using tvm::ffi::Error;
using tvm::ffi::Function;
using tvm::ffi::ObjectRef;
using tvm::ffi::String;

class CrossObj : public tvm::ffi::Object {
 public:
  int64_t value = 0;
  explicit CrossObj(int64_t v) : value(v) {}
  TVM_FFI_DECLARE_OBJECT_INFO("cpptest.interop.CrossObj", CrossObj, tvm::ffi::Object);
};

String ThrowAndCatchInside(int x) {
  try {
    TVM_FFI_THROW(ValueError) << "inner " << x;
  } catch (const Error& e) {
    return String(e.kind() + ":" + e.message());
  }
  return String("not thrown");
}

int ThrowOut(int x) {
  TVM_FFI_THROW(IndexError) << "out of range " << x;
  TVM_FFI_UNREACHABLE();
}

String CallBack(Function f) {
  try {
    f(1);
  } catch (const Error& e) {
    return String("caught " + e.kind() + ": " + e.message());
  }
  return String("no error");
}

ObjectRef MakeObj(int64_t v) { return ObjectRef(tvm::ffi::make_object<CrossObj>(v)); }

int64_t ReadObj(ObjectRef o) {
  const CrossObj* obj = o.as<CrossObj>();
  return obj != nullptr ? obj->value : -1;
}

}  // namespace cross

TVM_FFI_DLL_EXPORT_TYPED_FUNC(throw_and_catch, cross::ThrowAndCatchInside);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(throw_out, cross::ThrowOut);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(call_back, cross::CallBack);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(make_obj, cross::MakeObj);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(read_obj, cross::ReadObj);

extern "C" TVM_FFI_DLL_EXPORT const void* cross_error_typeinfo() {
  return &typeid(tvm::ffi::Error);
}

// Deliberately lets a C++ exception leave the library (not an FFI entry point).
extern "C" TVM_FFI_DLL_EXPORT void cross_throw_cxx() {
  throw tvm::ffi::Error("TypeError", "thrown across libraries",
                        "  File \"cross_module.cc\", line 1, in cross_throw_cxx\n");
}
