// ffi/rust/tvm-ffi/src/module.rs: `Module`: load a compiled module and look up its functions.
//! [`Module`]: an `ffi.Module`, used only through the runtime's `ffi.Module*` globals
//! (SPEC MODULE-ACCESS), never through its C++ vtable.

use std::borrow::Cow;

use crate::any::{type_mismatch, Any, AnyView, FromAny};
use crate::containers::runtime_global;
use crate::error::{Error, Result};
use crate::function::Function;
use crate::object::{builtin_object_type, Object, ObjectArc};
use crate::sys;

/// The header of an `ffi.Module` object (index 73). The rest of the object is C++-specific.
#[repr(C)]
pub struct ModuleObj {
    base: Object,
}
builtin_object_type!(ModuleObj, "ffi.Module", sys::kTVMFFIModule);

/// A loaded module: a shared library of `__tvm_ffi_<name>` functions, or another kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Module(ObjectArc<ModuleObj>);

impl Module {
    /// Loads a module file, e.g. a `.so` (`ffi.ModuleLoadFromFile`, SPEC MOD-LOAD-FILE).
    pub fn load_from_file(path: impl AsRef<std::path::Path>) -> Result<Module> {
        let path = path.as_ref();
        let text = path
            .to_str()
            .ok_or_else(|| Error::value_error(format!("path {} is not UTF-8", path.display())))?;
        runtime_global!("ffi.ModuleLoadFromFile")?.call((text,))?.cast()
    }

    /// The system-library module for `prefix` (`ffi.SystemLib`, SPEC MOD-SYSTEM-LIB).
    pub fn system_lib(prefix: &str) -> Result<Module> {
        runtime_global!("ffi.SystemLib")?.call((prefix,))?.cast()
    }

    /// The function `name`, also searching imports; `None` when the module lacks it.
    pub fn get_function(&self, name: &str) -> Result<Option<Function>> {
        runtime_global!("ffi.ModuleGetFunction")?.call((self, name, true))?.cast()
    }

    /// The function `name`, or an AttributeError naming it.
    pub fn get_function_or_err(&self, name: &str) -> Result<Function> {
        self.get_function(name)?
            .ok_or_else(|| Error::attribute_error(format!("module has no function `{name}`")))
    }

    /// Whether the module (or one of its imports) provides `name`.
    pub fn implements_function(&self, name: &str) -> Result<bool> {
        runtime_global!("ffi.ModuleImplementsFunction")?.call((self, name, true))?.cast()
    }

    /// The metadata of function `name` (SPEC MOD-METADATA-SYMBOL): JSON text such as
    /// `{"type_schema":"..."}`, or `None` when the module publishes none for it.
    pub fn get_function_metadata(&self, name: &str) -> Result<Option<std::string::String>> {
        runtime_global!("ffi.ModuleGetFunctionMetadata")?.call((self, name, true))?.cast()
    }

    /// The docstring of function `name` (SPEC MOD-DOC-SYMBOL), or `None` when it has none.
    pub fn get_function_doc(&self, name: &str) -> Result<Option<std::string::String>> {
        runtime_global!("ffi.ModuleGetFunctionDoc")?.call((self, name, true))?.cast()
    }

    /// The module kind, e.g. `library`.
    pub fn kind(&self) -> Result<std::string::String> {
        runtime_global!("ffi.ModuleGetKind")?.call((self,))?.cast()
    }

    /// A borrowed view of the module.
    pub fn as_view(&self) -> AnyView<'_> {
        crate::function::object_view(&self.0)
    }
}

impl FromAny for Module {
    fn type_name() -> Cow<'static, str> {
        Cow::Borrowed("ffi.Module")
    }
    fn from_view(view: &AnyView<'_>) -> Result<Self> {
        crate::any::object_from_view::<ModuleObj>(view)
            .map(Module)
            .ok_or_else(|| type_mismatch::<Self>(view))
    }
    fn static_type_index() -> i32 {
        sys::kTVMFFIModule
    }
}

impl From<Module> for Any {
    fn from(value: Module) -> Any {
        Any::from(value.0)
    }
}

crate::__impl_try_from_any!(Module);
