// ffi/c/src/access_path.cc: ffi.reflection.AccessStep and ffi.reflection.AccessPath
// (SPEC §13.8, ACCESS-PATH).
//
// The types are defined in tvm/ffi/reflection/access_path.h; this file registers them (fields,
// the methods the Python binding calls, the repr), so every module reports paths the same way.
#include <tvm/ffi/any.h>
#include <tvm/ffi/c_api.h>
#include <tvm/ffi/cast.h>
#include <tvm/ffi/container/array.h>
#include <tvm/ffi/error.h>
#include <tvm/ffi/memory.h>
#include <tvm/ffi/object.h>
#include <tvm/ffi/optional.h>
#include <tvm/ffi/reflection/access_path.h>
#include <tvm/ffi/reflection/registry.h>
#include <tvm/ffi/string.h>

#include <cstdint>
#include <string>
#include <vector>

namespace tvm_ffi_rt {

namespace {

using ::tvm::ffi::Any;
using ::tvm::ffi::Array;
using ::tvm::ffi::Function;
using ::tvm::ffi::Object;
using ::tvm::ffi::String;
using ::tvm::ffi::reflection::AccessKind;
using ::tvm::ffi::reflection::AccessPath;
using ::tvm::ffi::reflection::AccessPathObj;
using ::tvm::ffi::reflection::AccessStep;
using ::tvm::ffi::reflection::AccessStepObj;
namespace refl = ::tvm::ffi::reflection;

// `<root>.attr[1]["key"]`; a missing step prints as `[<missing:KEY>]`, as the reference's does.
String path_repr(const Object* self, Function fn_repr) {
  AccessPath path = ::tvm::ffi::GetRef<AccessPath>(static_cast<const AccessPathObj*>(self));
  std::string out = "<root>";
  for (const AccessStep& step : path.Steps()) {
    switch (step->kind) {
      case AccessKind::kAttr:
        out += "." + std::string(step->key.cast<String>());
        break;
      case AccessKind::kArrayItem:
      case AccessKind::kMapItem:
        out += "[" + std::string(fn_repr(step->key).cast<String>()) + "]";
        break;
      default:
        out += "[<missing:" + std::string(fn_repr(step->key).cast<String>()) + ">]";
        break;
    }
  }
  return String(out);
}

void register_access_path_types() {
  refl::ObjectDef<AccessStepObj>(refl::init<>(false))
      .def_ro("kind", &AccessStepObj::kind)
      .def_ro("key", &AccessStepObj::key);
  refl::ObjectDef<AccessPathObj>(refl::init<>(false))
      .def_ro("parent", &AccessPathObj::parent)
      .def_ro("step", &AccessPathObj::step)
      .def_ro("depth", &AccessPathObj::depth)
      .def_static("_root", &AccessPath::Root)
      .def("_extend", [](AccessPath self, AccessStep step) { return self.Extend(step); })
      .def("_attr", [](AccessPath self, String name) { return self.Attr(name); })
      .def("_array_item", [](AccessPath self, int64_t index) { return self.ArrayItem(index); })
      .def("_map_item", [](AccessPath self, Any key) { return self.MapItem(key); })
      .def("_attr_missing", [](AccessPath self, String name) { return self.AttrMissing(name); })
      .def("_array_item_missing",
           [](AccessPath self, int64_t index) { return self.ArrayItemMissing(index); })
      .def("_map_item_missing", [](AccessPath self, Any key) { return self.MapItemMissing(key); })
      .def("_is_prefix_of", [](AccessPath self, AccessPath other) { return self.IsPrefixOf(other); })
      .def("_to_steps", [](AccessPath self) { return self.ToSteps(); })
      .def("_path_equal", [](AccessPath self, AccessPath other) { return self.PathEqual(other); })
      .def_type_attr("__ffi_repr__", Function::FromTyped(path_repr, "AccessPath.__ffi_repr__"));
}

__attribute__((constructor)) void register_access_path_types_at_load() {
  try {
    register_access_path_types();
  } catch (...) {
    // Out of memory while loading: the C API still works without these types.
  }
}

}  // namespace
}  // namespace tvm_ffi_rt
