// ffi/c/src/container_globals_seq.cc: the `ffi.Array*`, `ffi.List*` and `ffi.Shape` soft-ABI globals.
//
// The reference Python and Rust bindings build and edit sequences only through
// these globals, with the reference argument conventions:
//   ffi.Array(e0, e1, ...) -> Array            ffi.List(e0, e1, ...) -> List
//   ffi.ArrayGetItem(a, i) / ffi.ListGetItem(l, i)   IndexError "Index i out of bounds n"
//   ffi.ArraySize(a) / ffi.ListSize(l) -> int
//   ffi.ArrayContains(a, v) / ffi.ListContains(l, v) -> bool (SPEC ANY-EQUAL)
//   ffi.ListSetItem(l, i, v), ffi.ListAppend(l, v), ffi.ListInsert(l, i, v) (0 <= i <= n)
//   ffi.ListPop(l, i) -> Any, ffi.ListErase(l, i), ffi.ListEraseRange(l, lo, hi)
//   ffi.ListReplaceSlice(l, lo, hi, seq)   seq is an Array or a List
//   ffi.ListReverse(l), ffi.ListClear(l), ffi.ListReserve(l, n) (n >= 0, else ValueError)
//   ffi.Shape(d0, d1, ...) -> Shape        ints (bools read as 0/1), ValueError otherwise
// Indices are not normalized: negative ones are out of bounds, as in the reference.
#include <tvm/ffi/container/array.h>
#include <tvm/ffi/container/list.h>
#include <tvm/ffi/container/shape.h>
#include <tvm/ffi/function.h>

#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace tvm_ffi_rt {
namespace {

using ::tvm::ffi::Any;
using ::tvm::ffi::AnyEqual;
using ::tvm::ffi::AnyView;
using ::tvm::ffi::Array;
using ::tvm::ffi::ArrayObj;
using ::tvm::ffi::Function;
using ::tvm::ffi::List;
using ::tvm::ffi::ListObj;
using ::tvm::ffi::ObjectPtr;
using ::tvm::ffi::PackedArgs;
using ::tvm::ffi::SeqBaseObj;
using ::tvm::ffi::Shape;

void set_global(const char* name, const Function& fn) {
  TVMFFIByteArray key{name, std::char_traits<char>::length(name)};
  TVMFFIFunctionSetGlobal(&key, ::tvm::ffi::detail::ObjectUnsafe::TVMFFIObjectPtrFromObjectRef(fn),
                          1);
}

template <typename F>
void def(const char* name, F&& f) {
  set_global(name, Function::FromTyped(std::forward<F>(f), name));
}

template <typename F>
void def_packed(const char* name, F&& f) {
  set_global(name, Function::FromPacked(std::forward<F>(f)));
}

bool seq_contains(const SeqBaseObj* seq, const Any& value) {
  AnyEqual eq;
  for (const Any& elem : *seq) {
    if (eq(elem, value)) return true;
  }
  return false;
}

/*! \brief The elements of an Array or List argument, copied (the source may be the target). */
std::vector<Any> seq_elements(const AnyView& value, const char* fn) {
  int32_t index = value.type_index();
  if (index != TVMFFITypeIndex::kTVMFFIArray && index != TVMFFITypeIndex::kTVMFFIList) {
    TVM_FFI_THROW(TypeError) << fn << ": expected an ffi.Array or ffi.List but got "
                             << value.GetTypeKey();
  }
  const auto* seq = static_cast<const SeqBaseObj*>(reinterpret_cast<::tvm::ffi::Object*>(
      ::tvm::ffi::detail::AnyUnsafe::TVMFFIAnyPtrFromAnyView(value)->v_obj));
  return std::vector<Any>(seq->begin(), seq->end());
}

__attribute__((constructor)) void register_seq_globals() {
  try {
    // ---- Array ----
    def_packed("ffi.Array", [](PackedArgs args, Any* rv) {
      ObjectPtr<ArrayObj> p = ArrayObj::Empty(args.size());
      for (int i = 0; i < args.size(); ++i) p->UncheckedPushBack(Any(args[i]));
      *rv = Array<Any>(ObjectPtr<::tvm::ffi::Object>(std::move(p)));
    });
    def("ffi.ArrayGetItem", [](const ArrayObj* a, int64_t i) -> Any { return a->at(i); });
    def("ffi.ArraySize", [](const ArrayObj* a) -> int64_t { return static_cast<int64_t>(a->size()); });
    def("ffi.ArrayContains",
        [](const ArrayObj* a, Any value) -> bool { return seq_contains(a, value); });

    // ---- List ----
    def_packed("ffi.List", [](PackedArgs args, Any* rv) {
      ObjectPtr<ListObj> p = ListObj::Empty(args.size());
      for (int i = 0; i < args.size(); ++i) p->UncheckedPushBack(Any(args[i]));
      *rv = List<Any>(ObjectPtr<::tvm::ffi::Object>(std::move(p)));
    });
    def("ffi.ListGetItem", [](const ListObj* l, int64_t i) -> Any { return l->at(i); });
    def("ffi.ListSetItem", [](ListObj* l, int64_t i, Any v) { l->SetItem(i, std::move(v)); });
    def("ffi.ListSize", [](const ListObj* l) -> int64_t { return static_cast<int64_t>(l->size()); });
    def("ffi.ListAppend", [](ListObj* l, Any v) { l->PushBack(std::move(v)); });
    def("ffi.ListInsert", [](ListObj* l, int64_t i, Any v) { l->Insert(i, std::move(v)); });
    def("ffi.ListPop", [](ListObj* l, int64_t i) -> Any { return l->Pop(i); });
    def("ffi.ListErase", [](ListObj* l, int64_t i) {
      l->CheckIndex(i);
      l->EraseRange(i, i + 1);
    });
    def("ffi.ListEraseRange", [](ListObj* l, int64_t lo, int64_t hi) { l->EraseRange(lo, hi); });
    def("ffi.ListReplaceSlice", [](ListObj* l, int64_t lo, int64_t hi, AnyView replacement) {
      l->ReplaceRange(lo, hi, seq_elements(replacement, "ffi.ListReplaceSlice"));
    });
    def("ffi.ListReverse", [](ListObj* l) { l->Reverse(); });
    def("ffi.ListClear", [](ListObj* l) { l->Clear(); });
    def("ffi.ListReserve", [](ListObj* l, int64_t n) {
      if (n < 0 || n > std::numeric_limits<int64_t>::max() / static_cast<int64_t>(sizeof(Any))) {
        TVM_FFI_THROW(ValueError) << "ffi.ListReserve: capacity `n` must be in [0, 2**59), got "
                                  << n;
      }
      l->Reserve(n);
    });
    def("ffi.ListContains",
        [](const ListObj* l, Any value) -> bool { return seq_contains(l, value); });

    // ---- Shape ----
    def_packed("ffi.Shape", [](PackedArgs args, Any* rv) {
      std::vector<int64_t> dims;
      dims.reserve(args.size());
      for (int i = 0; i < args.size(); ++i) {
        int32_t index = args[i].type_index();
        if (index != TVMFFITypeIndex::kTVMFFIInt && index != TVMFFITypeIndex::kTVMFFIBool) {
          TVM_FFI_THROW(ValueError) << "Expect shape to take list of int arguments";
        }
        dims.push_back(args[i].cast<int64_t>());
      }
      *rv = Shape(dims);
    });
  } catch (...) {
    // Out of memory while loading: the C API still works without these.
  }
}

}  // namespace
}  // namespace tvm_ffi_rt
