// ffi/cpp/include/tvm/ffi/extra/module.h: ModuleObj and Module, loadable libraries of functions (SPEC §12, §13.7).
//
// ModuleObj is a C++ polymorphic class laid out exactly like the reference's
// (SPEC MODULE-LAYOUT): the vtable pointer at allocation offset 0, the
// TVMFFIObject header at +8, then the imports (an Array<Any> pointer) at
// handle +24 and an import-lookup cache slot (a Map pointer) at handle +32;
// 48 bytes in all. The virtual functions come in the reference's order (SPEC
// MODULE-VTABLE), and the class has no virtual destructor (objects are
// destroyed by the typed deleter that make_object installs).
//
// The class's key function (ImportModule) is defined in libtvm_ffi, so the
// runtime exports `vtable for tvm::ffi::ModuleObj` and its typeinfo, and
// subclasses built with either set of headers share them.
#ifndef TVM_FFI_EXTRA_MODULE_H_
#define TVM_FFI_EXTRA_MODULE_H_

#include <tvm/ffi/any.h>
#include <tvm/ffi/container/array.h>
#include <tvm/ffi/extra/base.h>
#include <tvm/ffi/container/map.h>
#include <tvm/ffi/error.h>
#include <tvm/ffi/function.h>
#include <tvm/ffi/memory.h>
#include <tvm/ffi/object.h>
#include <tvm/ffi/optional.h>
#include <tvm/ffi/string.h>

#include <cstdint>
#include <vector>


namespace tvm {
namespace ffi {

class Module;

/*!
 * \brief A module: a named collection of Functions, with imported modules.
 *
 * Subclasses implement kind() and GetFunction(name); the rest has defaults.
 */
class TVM_FFI_EXTRA_CXX_API ModuleObj : public Object {
 public:
  /*! \return The module kind, e.g. "library"; also the serialization key. */
  virtual const char* kind() const = 0;
  /*! \return A bit mask of Module::ModulePropertyMask. */
  virtual int GetPropertyMask() const { return 0b000; }
  /*! \return The function `name` of this module, or nullopt. */
  virtual Optional<Function> GetFunction(const String& name) = 0;
  /*! \return Whether this module defines `name`. */
  virtual bool ImplementsFunction(const String& name) { return GetFunction(name).has_value(); }
  /*! \return The docstring of `name`, if known. */
  virtual Optional<String> GetFunctionDoc(const String& name) {
    (void)name;
    return std::nullopt;
  }
  /*! \return The JSON metadata of `name` (`{"type_schema": ...}`), if known. */
  virtual Optional<String> GetFunctionMetadata(const String& name) {
    (void)name;
    return std::nullopt;
  }
  /*! \brief Writes the module to `file_name` in `format`. */
  virtual void WriteToFile(const String& file_name, const String& format) const {
    (void)file_name;
    (void)format;
    TVM_FFI_THROW(RuntimeError) << "Module[" << kind() << "] does not support WriteToFile";
  }
  /*! \return The formats WriteToFile accepts. */
  virtual Array<String> GetWriteFormats() const { return Array<String>(); }
  /*! \return The module serialized to bytes. */
  virtual Bytes SaveToBytes() const {
    TVM_FFI_THROW(RuntimeError) << "Module[" << kind() << "] does not support SaveToBytes";
    TVM_FFI_UNREACHABLE();
  }
  /*! \return The module's source in `format`, or an empty string. */
  virtual String InspectSource(const String& format) const {
    (void)format;
    return String();
  }
  /*! \brief Adds `other` to the imports. */
  virtual void ImportModule(const Module& other);
  /*! \brief Removes every import. */
  virtual void ClearImports();

  /*! \return `name` from this module, then (when query_imports) from its imports, depth first. */
  Optional<Function> GetFunction(const String& name, bool query_imports);
  /*! \return Whether this module (or, with query_imports, an import) defines `name`. */
  bool ImplementsFunction(const String& name, bool query_imports);
  /*! \return GetFunctionDoc of the first module (this, then imports) that defines `name`. */
  Optional<String> GetFunctionDoc(const String& name, bool query_imports);
  /*! \return GetFunctionMetadata of the first module (this, then imports) that defines `name`. */
  Optional<String> GetFunctionMetadata(const String& name, bool query_imports);

  /*! \return The imports, in order (each normally a Module). */
  const Array<Any>& imports() const { return this->imports_; }

  struct InternalUnsafe;

  /// \cond Doxygen_Suppress
  static constexpr const int32_t _type_index = TypeIndex::kTVMFFIModule;
  static constexpr const bool _type_mutable = true;
  static constexpr const bool _type_final = true;
  TVM_FFI_DECLARE_OBJECT_INFO_STATIC(StaticTypeKey::kTVMFFIModule, ModuleObj, Object);
  /// \endcond

 protected:
  friend struct InternalUnsafe;
  /*!
   * \brief The imports; an empty Array (never null) at first, because code
   *        built from the reference headers iterates it without a null check.
   */
  Array<Any> imports_;

 private:
  /*!
   * \brief The reference runtime's cache for TVMFFIEnvModLookupFromImports. Ours
   *        keeps that cache in its library modules; the slot stays for the layout.
   */
  Map<String, Function> import_lookup_cache_;
};

/*! \brief A non-null reference to a ModuleObj. */
class Module : public ObjectRef {
 public:
  /*! \brief Property bits of GetPropertyMask (SPEC MODULE-VTABLE). */
  enum ModulePropertyMask : int {
    kBinarySerializable = 0b001,
    kRunnable = 0b010,
    kCompilationExportable = 0b100
  };
  explicit Module(const ObjectPtr<ModuleObj>& ptr) : ObjectRef(ptr) {
    TVM_FFI_ICHECK(ptr != nullptr);
  }
  /*!
   * \brief Loads a module file through the global `ffi.Module.load_from_file.<fmt>`,
   *        where fmt is the text after the last '.' (dll, dylib, dso -> so).
   */
  TVM_FFI_EXTRA_CXX_API static Module LoadFromFile(const String& file_name);
  /*! \brief Calls `callback(name, value)` for each registered context symbol. */
  TVM_FFI_EXTRA_CXX_API static void VisitContextSymbols(
      const TypedFunction<void(String, void*)>& callback);

  /// \cond Doxygen_Suppress
  TVM_FFI_DEFINE_OBJECT_REF_METHODS_NOTNULLABLE(Module, ObjectRef, ModuleObj);
  /// \endcond
};

/*! \brief Symbol names of library modules (SPEC §12). */
namespace symbol {
constexpr const char* tvm_ffi_symbol_prefix = "__tvm_ffi_";
constexpr const char* tvm_ffi_main = "__tvm_ffi_main";
constexpr const char* tvm_ffi_library_ctx = "__tvm_ffi__library_ctx";
constexpr const char* tvm_ffi_library_bin = "__tvm_ffi__library_bin";
constexpr const char* tvm_ffi_metadata_prefix = "__tvm_ffi__metadata_";
constexpr const char* tvm_ffi_doc_prefix = "__tvm_ffi__doc_";
}  // namespace symbol

}  // namespace ffi
}  // namespace tvm

#endif  // TVM_FFI_EXTRA_MODULE_H_
