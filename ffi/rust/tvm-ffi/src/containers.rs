// ffi/rust/tvm-ffi/src/containers.rs: `List`, `Map` and `Dict`, through the runtime's globals.
//! Mutable and hashed containers. Creating and changing them goes through the runtime's
//! soft-ABI global functions (`ffi.List*`, `ffi.Map*`, `ffi.Dict*`, SPEC CALL-GLOBAL-SOFT-ABI),
//! so their hashing always matches SPEC §2.4; sizes and list elements are read directly from
//! the object layouts (SPEC §13.2, §13.3).
//!
//! `List` and `Dict` are shared and mutable, and, as in C++ and Python, they have no internal
//! lock: do not change one from several threads at once.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use crate::any::{type_mismatch, Any, AnyView, FromAny};
use crate::args::ArgValue;
use crate::error::{Error, Result};
use crate::function::Function;
use crate::object::{builtin_object_type, Object, ObjectArc};
use crate::sys;

/// The runtime global `name`, cached after the first successful lookup.
macro_rules! runtime_global {
    ($name:literal) => {{
        static CACHE: std::sync::OnceLock<Function> = std::sync::OnceLock::new();
        match CACHE.get() {
            Some(f) => Ok(f),
            None => match Function::get_global($name) {
                Some(f) => Ok(CACHE.get_or_init(|| f)),
                None => Err($crate::containers::missing_global($name)),
            },
        }
    }};
}
pub(crate) use runtime_global;

/// The AttributeError for a soft-ABI global that this runtime does not provide.
pub(crate) fn missing_global(name: &str) -> Error {
    Error::attribute_error(format!(
        "the runtime does not provide the global function `{name}` (SPEC CALL-GLOBAL-SOFT-ABI)"
    ))
}

/// Layout of an `ffi.List` object (index 75): like Array, but `data` is a separate buffer.
#[repr(C)]
pub struct ListObj {
    base: Object,
    cell: sys::TVMFFISeqCell,
}
builtin_object_type!(ListObj, "ffi.List", sys::kTVMFFIList);

/// Layout of the shared Map/Dict header (SPEC MAP-LAYOUT).
#[repr(C)]
struct MapHeader {
    base: Object,
    data: *mut std::ffi::c_void,
    size: u64,
    slots: u64,
    data_deleter: Option<unsafe extern "C" fn(*mut std::ffi::c_void)>,
}

/// Layout of an `ffi.Map` object (index 72), header only.
#[repr(C)]
pub struct MapObj(MapHeader);
builtin_object_type!(MapObj, "ffi.Map", sys::kTVMFFIMap);

/// Layout of an `ffi.Dict` object (index 76), header only.
#[repr(C)]
pub struct DictObj(MapHeader);
builtin_object_type!(DictObj, "ffi.Dict", sys::kTVMFFIDict);

/// A shared, mutable FFI list (`ffi.List`) whose elements convert to `T`.
pub struct List<T = Any> {
    obj: ObjectArc<ListObj>,
    _elements: PhantomData<fn() -> T>,
}

impl<T> List<T> {
    fn wrap(obj: ObjectArc<ListObj>) -> Self {
        List { obj, _elements: PhantomData }
    }

    /// The number of elements, read from the object.
    pub fn len(&self) -> usize {
        usize::try_from(self.obj.cell.size).unwrap_or(0)
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Appends a value (`ffi.ListAppend`).
    pub fn push(&self, value: impl ArgValue) -> Result<()> {
        runtime_global!("ffi.ListAppend")?.call((self, value)).map(drop)
    }

    /// Replaces element `index` (`ffi.ListSetItem`).
    pub fn set(&self, index: i64, value: impl ArgValue) -> Result<()> {
        runtime_global!("ffi.ListSetItem")?.call((self, index, value)).map(drop)
    }

    /// Inserts a value before `index` (`ffi.ListInsert`).
    pub fn insert(&self, index: i64, value: impl ArgValue) -> Result<()> {
        runtime_global!("ffi.ListInsert")?.call((self, index, value)).map(drop)
    }

    /// Removes element `index` (`ffi.ListErase`).
    pub fn remove(&self, index: i64) -> Result<()> {
        runtime_global!("ffi.ListErase")?.call((self, index)).map(drop)
    }

    /// Removes every element (`ffi.ListClear`).
    pub fn clear(&self) -> Result<()> {
        runtime_global!("ffi.ListClear")?.call((self,)).map(drop)
    }

    /// The underlying object.
    pub fn as_object(&self) -> &ObjectArc<ListObj> {
        &self.obj
    }

    /// A borrowed view of the list.
    pub fn as_view(&self) -> AnyView<'_> {
        crate::function::object_view(&self.obj)
    }

    fn element(&self, index: usize) -> Option<Any> {
        let cell = &self.obj.cell;
        if index >= self.len() || cell.data.is_null() {
            return None;
        }
        // SAFETY: `data` holds `size` owned values (SPEC LIST-LAYOUT); we copy one.
        Some(unsafe { &*(cell.data as *const Any).add(index) }.clone())
    }
}

impl<T: Into<Any>> List<T> {
    /// A new list holding `values` (`ffi.List`).
    pub fn new(values: Vec<T>) -> Result<Self> {
        let values: Vec<Any> = values.into_iter().map(Into::into).collect();
        let list = runtime_global!("ffi.List")?.call(values)?;
        Ok(List::wrap(list.cast()?))
    }
}

impl<T: Into<Any>> TryFrom<Vec<T>> for List<T> {
    type Error = Error;
    /// Same as [`List::new`]: fails only when the runtime lacks `ffi.List`.
    fn try_from(values: Vec<T>) -> Result<Self> {
        List::new(values)
    }
}

impl<T: FromAny> List<T> {
    /// Element `index`, or `None` when out of range (or not convertible to `T`).
    pub fn get(&self, index: usize) -> Option<T> {
        self.element(index).and_then(|v| T::from_any(v).ok())
    }

    /// Removes and returns element `index` (`ffi.ListPop`).
    pub fn pop(&self, index: i64) -> Result<T> {
        runtime_global!("ffi.ListPop")?.call((self, index))?.cast()
    }

    /// An iterator over the elements (each read when reached).
    pub fn iter(&self) -> impl Iterator<Item = T> + '_ {
        (0..).map_while(move |i| self.element(i)).filter_map(|v| T::from_any(v).ok())
    }

    /// The elements in a `Vec`.
    pub fn to_vec(&self) -> Vec<T> {
        self.iter().collect()
    }
}

impl<T> Clone for List<T> {
    fn clone(&self) -> Self {
        List::wrap(self.obj.clone())
    }
}

impl<T> fmt::Debug for List<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let items: Vec<Any> = (0..).map_while(|i| self.element(i)).collect();
        f.debug_list().entries(items).finish()
    }
}

/// Implements the `Any` conversions of a generic container wrapper.
macro_rules! container_conversions {
    ($wrapper:ident < $($param:ident),* >, $obj:ty, $name:expr) => {
        impl<$($param: FromAny),*> FromAny for $wrapper<$($param),*> {
            fn type_name() -> Cow<'static, str> {
                $name
            }
            fn type_schema() -> std::string::String {
                crate::schema::with_args(
                    <$obj as crate::object::ObjectType>::TYPE_KEY,
                    &[$($param::type_schema()),*],
                )
            }
            fn from_view(view: &AnyView<'_>) -> Result<Self> {
                crate::any::object_from_view::<$obj>(view)
                    .map($wrapper::wrap)
                    .ok_or_else(|| type_mismatch::<Self>(view))
            }
            fn static_type_index() -> i32 {
                <$obj as crate::object::ObjectType>::type_index()
            }
        }
        impl<$($param),*> From<$wrapper<$($param),*>> for Any {
            fn from(value: $wrapper<$($param),*>) -> Any {
                Any::from(value.obj)
            }
        }
        impl<$($param: FromAny),*> TryFrom<Any> for $wrapper<$($param),*> {
            type Error = Error;
            fn try_from(value: Any) -> Result<Self> {
                Self::from_any(value)
            }
        }
    };
}

container_conversions!(List<T>, ListObj, Cow::Owned(format!("List[{}]", T::type_name())));

macro_rules! map_type {
    ($(#[$doc:meta])* $name:ident, $obj:ident, $key:literal, $ctor:literal, $count:literal,
     $get:literal, $iter:literal) => {
        $(#[$doc])*
        pub struct $name<K = Any, V = Any> {
            obj: ObjectArc<$obj>,
            _entries: PhantomData<fn() -> (K, V)>,
        }

        impl<K, V> $name<K, V> {
            fn wrap(obj: ObjectArc<$obj>) -> Self {
                $name { obj, _entries: PhantomData }
            }

            /// The number of entries, read from the object.
            pub fn len(&self) -> usize {
                self.obj.0.size as usize
            }

            /// Whether there are no entries.
            pub fn is_empty(&self) -> bool {
                self.len() == 0
            }

            /// Whether `key` is present.
            pub fn contains_key(&self, key: impl ArgValue) -> Result<bool> {
                Ok(runtime_global!($count)?.call((self, key))?.cast::<i64>()? != 0)
            }

            /// The underlying object.
            pub fn as_object(&self) -> &ObjectArc<$obj> {
                &self.obj
            }

            /// A borrowed view.
            pub fn as_view(&self) -> AnyView<'_> {
                crate::function::object_view(&self.obj)
            }
        }

        impl<K: Into<Any>, V: Into<Any>> $name<K, V> {
            /// A new container holding `entries`, in order.
            pub fn new(entries: Vec<(K, V)>) -> Result<Self> {
                let mut args = Vec::with_capacity(entries.len() * 2);
                for (k, v) in entries {
                    args.push(k.into());
                    args.push(v.into());
                }
                let obj = runtime_global!($ctor)?.call(args)?;
                Ok($name::wrap(obj.cast()?))
            }
        }

        impl<K: Into<Any>, V: Into<Any>> TryFrom<Vec<(K, V)>> for $name<K, V> {
            type Error = Error;
            /// Same as `new`: the pairs in order, a later duplicate key replacing an earlier one.
            fn try_from(entries: Vec<(K, V)>) -> Result<Self> {
                $name::new(entries)
            }
        }

        impl<K: Into<Any>, V: Into<Any>, S> TryFrom<std::collections::HashMap<K, V, S>>
            for $name<K, V>
        {
            type Error = Error;
            fn try_from(entries: std::collections::HashMap<K, V, S>) -> Result<Self> {
                $name::new(entries.into_iter().collect())
            }
        }

        impl<K: Into<Any>, V: Into<Any>> TryFrom<std::collections::BTreeMap<K, V>>
            for $name<K, V>
        {
            type Error = Error;
            fn try_from(entries: std::collections::BTreeMap<K, V>) -> Result<Self> {
                $name::new(entries.into_iter().collect())
            }
        }

        impl<K: FromAny, V: FromAny> $name<K, V> {
            /// The value for `key`, or `None` when absent (or when the call fails).
            pub fn get(&self, key: impl ArgValue) -> Option<V> {
                self.try_get(key).ok().flatten()
            }

            /// The value for `key`, `Ok(None)` when absent, or the error of the lookup.
            pub fn try_get(&self, key: impl ArgValue) -> Result<Option<V>> {
                if !self.contains_key(&key)? {
                    return Ok(None);
                }
                runtime_global!($get)?.call((self, key))?.cast().map(Some)
            }

            /// The entries, in iteration order.
            pub fn items(&self) -> Result<Vec<(K, V)>> {
                let functor: Function = runtime_global!($iter)?.call((self,))?.cast()?;
                let mut out = Vec::with_capacity(self.len());
                for _ in 0..self.len() {
                    let key = functor.call((0,))?.cast()?;
                    let value = functor.call((1,))?.cast()?;
                    out.push((key, value));
                    functor.call((2,))?;
                }
                Ok(out)
            }

            /// An iterator over the entries (empty if the runtime lacks the iterator global).
            pub fn iter(&self) -> std::vec::IntoIter<(K, V)> {
                self.items().unwrap_or_default().into_iter()
            }
        }

        impl<K, V> Clone for $name<K, V> {
            fn clone(&self) -> Self {
                $name::wrap(self.obj.clone())
            }
        }

        impl<K, V> fmt::Debug for $name<K, V> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let items = $name::<Any, Any>::wrap(self.obj.clone()).items().unwrap_or_default();
                f.debug_map().entries(items).finish()
            }
        }

        container_conversions!($name<K, V>, $obj,
            Cow::Owned(format!("{}[{}, {}]", $key, K::type_name(), V::type_name())));
    };
}

map_type!(
    /// An immutable FFI map (`ffi.Map`), hashed as SPEC §2.4 prescribes.
    Map, MapObj, "Map", "ffi.Map", "ffi.MapCount", "ffi.MapGetItem", "ffi.MapForwardIterFunctor"
);

map_type!(
    /// A shared, mutable FFI dictionary (`ffi.Dict`).
    Dict, DictObj, "Dict", "ffi.Dict", "ffi.DictCount", "ffi.DictGetItem",
    "ffi.DictForwardIterFunctor"
);

impl<K, V> Dict<K, V> {
    /// Sets `key` to `value` (`ffi.DictSetItem`).
    pub fn insert(&self, key: impl ArgValue, value: impl ArgValue) -> Result<()> {
        runtime_global!("ffi.DictSetItem")?.call((self, key, value)).map(drop)
    }

    /// Removes `key` (`ffi.DictErase`).
    pub fn remove(&self, key: impl ArgValue) -> Result<()> {
        runtime_global!("ffi.DictErase")?.call((self, key)).map(drop)
    }

    /// Removes every entry (`ffi.DictClear`).
    pub fn clear(&self) -> Result<()> {
        runtime_global!("ffi.DictClear")?.call((self,)).map(drop)
    }
}
