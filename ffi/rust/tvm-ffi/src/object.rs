// ffi/rust/tvm-ffi/src/object.rs: the object header, reference counting and `ObjectArc<T>`.
//! Objects: the common header, the [`ObjectType`] trait and the [`ObjectArc`] smart pointer.
//!
//! Every heap object starts with a 24-byte header (SPEC §3.1). Reference counts are updated
//! inline, with the exact atomic protocol of SPEC §3.2, so that Rust, C++ and the runtime can all
//! share one object. Downcasts use the instance check of SPEC §4.3.

use std::ffi::c_void;
use std::fmt;
use std::marker::PhantomData;
use std::ops::Deref;
use std::ptr::NonNull;
use std::sync::atomic::{fence, AtomicU64, Ordering};

use crate::error::{Error, Result};
use crate::sys;

/// Strong count 1 and weak count 1 (SPEC OBJ-REFCOUNT-INIT).
pub(crate) const INITIAL_REF_COUNT: u64 = 1 | (1 << 32);

/// The root object type, `ffi.Object`: just the 24-byte header.
///
/// Every object type starts with an `Object` (directly, or through its parent), so a pointer to
/// any object is also a pointer to its `Object`.
#[repr(C)]
pub struct Object {
    header: sys::TVMFFIObject,
}

impl Default for Object {
    /// A header that [`ObjectArc::new`] fills in when the object is placed on the heap.
    fn default() -> Self {
        Object {
            header: sys::TVMFFIObject {
                combined_ref_count: 0,
                type_index: sys::kTVMFFIObject,
                __padding: 0,
                deleter: None,
            },
        }
    }
}

impl Object {
    /// The runtime type index recorded in the header.
    pub fn type_index(&self) -> i32 {
        self.header.type_index
    }

    /// The registered type key of this object, e.g. `ffi.Array`.
    pub fn type_key(&self) -> std::string::String {
        type_key_of(self.type_index())
    }

    /// The current strong reference count, read from the header.
    pub fn strong_count(&self) -> u32 {
        (self.ref_count_word().load(Ordering::Relaxed) & 0xFFFF_FFFF) as u32
    }

    /// The current weak reference count, read from the header.
    pub fn weak_count(&self) -> u32 {
        (self.ref_count_word().load(Ordering::Relaxed) >> 32) as u32
    }

    /// The address of the header, i.e. the object handle.
    pub fn as_handle(&self) -> sys::TVMFFIObjectHandle {
        self as *const Object as sys::TVMFFIObjectHandle
    }

    fn ref_count_word(&self) -> &AtomicU64 {
        // SAFETY: the count is only ever accessed atomically (SPEC OBJ-REFCOUNT-BITS), the field
        // is 8-byte aligned, and AtomicU64 has the same layout as u64.
        unsafe { &*(std::ptr::addr_of!(self.header.combined_ref_count) as *const AtomicU64) }
    }
}

impl fmt::Debug for Object {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}@{:p}", self.type_key(), self)
    }
}

/// Adds one strong reference (SPEC OBJ-INCREF).
///
/// # Safety
/// `obj` must point at a live object header.
#[inline]
pub(crate) unsafe fn inc_ref(obj: *mut sys::TVMFFIObject) {
    // SAFETY: the caller guarantees a live header.
    unsafe { (*(obj as *const Object)).ref_count_word() }.fetch_add(1, Ordering::Relaxed);
}

/// Drops one strong reference, running the deleter exactly as SPEC OBJ-DECREF prescribes.
///
/// # Safety
/// `obj` must point at a live object header and the caller must own the strong reference.
#[inline]
pub(crate) unsafe fn dec_ref(obj: *mut sys::TVMFFIObject) {
    // SAFETY: the caller owns a strong reference, so the header is alive.
    let word = unsafe { (*(obj as *const Object)).ref_count_word() };
    let old = word.fetch_sub(1, Ordering::Release);
    if old & 0xFFFF_FFFF != 1 {
        return;
    }
    // SAFETY: the header is alive until the deleter frees it.
    let deleter = unsafe { (*obj).deleter };
    let Some(deleter) = deleter else { return }; // SPEC: OBJ-DELETER-NULL
    fence(Ordering::Acquire);
    if old == INITIAL_REF_COUNT {
        // SAFETY: this was the last strong and the last weak reference.
        unsafe { deleter(obj as *mut c_void, sys::kTVMFFIObjectDeleterFlagBitMaskBoth) };
        return;
    }
    // SAFETY: last strong reference: destroy the contents, then drop the implicit weak one.
    unsafe { deleter(obj as *mut c_void, sys::kTVMFFIObjectDeleterFlagBitMaskStrong) };
    let old_weak = word.fetch_sub(1 << 32, Ordering::Release);
    if old_weak >> 32 == 1 {
        fence(Ordering::Acquire);
        // SAFETY: the last weak reference is gone; free the memory.
        unsafe { deleter(obj as *mut c_void, sys::kTVMFFIObjectDeleterFlagBitMaskWeak) };
    }
}

/// A Rust type that describes the layout of an FFI object type.
///
/// # Safety
/// Implementors must be `#[repr(C)]` and start with their parent type (ultimately [`Object`]),
/// and every object whose type index passes the instance check for `Self` must really have
/// the layout of `Self`. [`define_object!`](crate::define_object) implements this trait
/// correctly; implement it by hand only to describe an existing C or C++ type.
pub unsafe trait ObjectType: Send + Sync + 'static {
    /// The registered type key, e.g. `"ffi.Array"`.
    const TYPE_KEY: &'static str;
    /// True when no type may derive from this one, so the instance check is an equality.
    const FINAL: bool = false;
    /// The type index (static for builtin types, assigned at first use for others).
    fn type_index() -> i32;
    /// The depth of the type in the hierarchy (0 for `ffi.Object`).
    fn type_depth() -> i32;
}

// SAFETY: `Object` is the header itself.
unsafe impl ObjectType for Object {
    const TYPE_KEY: &'static str = "ffi.Object";
    fn type_index() -> i32 {
        sys::kTVMFFIObject
    }
    fn type_depth() -> i32 {
        0
    }
}

/// Implements [`ObjectType`] for a builtin, final type with a static index at depth 1.
macro_rules! builtin_object_type {
    ($ty:ty, $key:literal, $index:expr) => {
        // SAFETY: the object is shared across threads by the ABI; its raw pointers point at
        // memory the object owns, and Rust only reads through them.
        unsafe impl Send for $ty {}
        // SAFETY: as above.
        unsafe impl Sync for $ty {}

        // SAFETY: the struct mirrors the layout that SPEC §13 gives for this static index,
        // and builtin types cannot be subclassed (SPEC REG-BUILTIN-SEED).
        unsafe impl $crate::object::ObjectType for $ty {
            const TYPE_KEY: &'static str = $key;
            const FINAL: bool = true;
            fn type_index() -> i32 {
                $index
            }
            fn type_depth() -> i32 {
                1
            }
        }
    };
}
pub(crate) use builtin_object_type;

/// Whether an object of type index `index` is an instance of `T` (SPEC REG-INSTANCE-CHECK).
pub fn is_instance<T: ObjectType>(index: i32) -> bool {
    let target = T::type_index();
    if index == target || target == sys::kTVMFFIObject {
        return index >= sys::kTVMFFIStaticObjectBegin;
    }
    if T::FINAL || index < target {
        return false;
    }
    let depth = T::type_depth();
    // SAFETY: TVMFFIGetTypeInfo accepts any index and returns NULL for unknown ones.
    let info = unsafe { sys::TVMFFIGetTypeInfo(index) };
    if info.is_null() {
        crate::error::clear_raised();
        return false;
    }
    // SAFETY: type infos and their ancestor arrays live for the whole process
    // (SPEC REG-TYPEINFO-STABLE), and `depth < type_depth` bounds the read.
    unsafe {
        let info = &*info;
        if info.type_depth <= depth || depth < 0 {
            return false;
        }
        let ancestor = *info.type_ancestors.add(depth as usize);
        !ancestor.is_null() && (*ancestor).type_index == target
    }
}

/// The registered type key of `index`, or `<unknown type N>`.
pub fn type_key_of(index: i32) -> std::string::String {
    // SAFETY: TVMFFIGetTypeInfo accepts any index and returns NULL for unknown ones.
    let info = unsafe { sys::TVMFFIGetTypeInfo(index) };
    if info.is_null() {
        crate::error::clear_raised();
        return format!("<unknown type {index}>");
    }
    // SAFETY: the info and its key bytes live for the whole process.
    let key = unsafe { crate::string::byte_array_slice(&(*info).type_key) };
    std::string::String::from_utf8_lossy(key).into_owned()
}

/// An owned strong reference to an object of type `T`.
///
/// Cloning adds a strong reference and dropping releases one, with the atomic protocol of the
/// ABI, so the object may be shared freely with C, C++ and Python.
pub struct ObjectArc<T: ObjectType> {
    ptr: NonNull<T>,
    _owns: PhantomData<T>,
}

// SAFETY: reference counting is atomic and `ObjectType` requires `Send + Sync`.
unsafe impl<T: ObjectType> Send for ObjectArc<T> {}
// SAFETY: as above.
unsafe impl<T: ObjectType> Sync for ObjectArc<T> {}

impl<T: ObjectType> ObjectArc<T> {
    /// Moves `value` to the heap as a new object with one strong reference.
    ///
    /// The header inside `value` is overwritten with the type index of `T` and a deleter that
    /// drops the value and frees the memory with Rust's allocator.
    pub fn new(value: T) -> ObjectArc<T> {
        let index = T::type_index();
        let boxed = Box::into_raw(Box::new(value));
        let header = boxed as *mut sys::TVMFFIObject;
        // SAFETY: `T: ObjectType` starts with the header, and `boxed` is a fresh allocation.
        unsafe {
            (*header).combined_ref_count = INITIAL_REF_COUNT;
            (*header).type_index = index;
            (*header).__padding = 0;
            (*header).deleter = Some(box_deleter::<T>);
        }
        // SAFETY: Box::into_raw never returns NULL.
        ObjectArc { ptr: unsafe { NonNull::new_unchecked(boxed) }, _owns: PhantomData }
    }

    /// Wraps a handle whose strong reference the caller hands over.
    ///
    /// # Safety
    /// `handle` must point at a live object that is an instance of `T`, and the caller must
    /// own one strong reference to it, which the new `ObjectArc` takes over.
    pub unsafe fn from_owned_handle(handle: sys::TVMFFIObjectHandle) -> ObjectArc<T> {
        debug_assert!(!handle.is_null());
        // SAFETY: forwarded contract (non-NULL).
        ObjectArc { ptr: unsafe { NonNull::new_unchecked(handle as *mut T) }, _owns: PhantomData }
    }

    /// Wraps a borrowed handle, adding a strong reference.
    ///
    /// # Safety
    /// `handle` must point at a live object that is an instance of `T`.
    pub unsafe fn from_borrowed_handle(handle: sys::TVMFFIObjectHandle) -> ObjectArc<T> {
        // SAFETY: forwarded contract.
        unsafe {
            inc_ref(handle as *mut sys::TVMFFIObject);
            Self::from_owned_handle(handle)
        }
    }

    /// The object handle (the header address), still owned by `self`.
    pub fn as_handle(this: &Self) -> sys::TVMFFIObjectHandle {
        this.ptr.as_ptr() as sys::TVMFFIObjectHandle
    }

    /// Gives up ownership and returns the handle; the caller must release the reference.
    pub fn into_handle(this: Self) -> sys::TVMFFIObjectHandle {
        let handle = Self::as_handle(&this);
        std::mem::forget(this);
        handle
    }

    /// The header of the object.
    pub fn header(this: &Self) -> &Object {
        // SAFETY: every `ObjectType` starts with an `Object`.
        unsafe { &*(this.ptr.as_ptr() as *const Object) }
    }

    /// The current strong reference count.
    pub fn strong_count(this: &Self) -> u32 {
        Self::header(this).strong_count()
    }

    /// Whether two handles point at the same object.
    pub fn ptr_eq(a: &Self, b: &Self) -> bool {
        a.ptr == b.ptr
    }

    /// Converts to a handle of the root type `ffi.Object`; always succeeds.
    pub fn into_object(this: Self) -> ObjectArc<Object> {
        let handle = Self::into_handle(this);
        // SAFETY: every object is an `ffi.Object`, and ownership moves over.
        unsafe { ObjectArc::from_owned_handle(handle) }
    }

    /// Checked conversion to another object type, using the instance check of SPEC §4.3.
    ///
    /// Returns the original handle when the object is not an instance of `U`.
    pub fn downcast<U: ObjectType>(this: Self) -> std::result::Result<ObjectArc<U>, Self> {
        if is_instance::<U>(Self::header(&this).type_index()) {
            let handle = Self::into_handle(this);
            // SAFETY: the instance check passed, and ownership moves over.
            Ok(unsafe { ObjectArc::from_owned_handle(handle) })
        } else {
            Err(this)
        }
    }

    /// Like [`downcast`](Self::downcast), with a TypeError naming both types on failure.
    pub fn try_cast<U: ObjectType>(this: Self) -> Result<ObjectArc<U>> {
        Self::downcast::<U>(this).map_err(|this| {
            Error::type_error(format!(
                "cannot cast an object of type `{}` to `{}`",
                Self::header(&this).type_key(),
                U::TYPE_KEY
            ))
        })
    }
}

impl<T: ObjectType> Clone for ObjectArc<T> {
    fn clone(&self) -> Self {
        // SAFETY: `self` keeps the object alive.
        unsafe { inc_ref(self.ptr.as_ptr() as *mut sys::TVMFFIObject) };
        ObjectArc { ptr: self.ptr, _owns: PhantomData }
    }
}

impl<T: ObjectType> Drop for ObjectArc<T> {
    fn drop(&mut self) {
        // SAFETY: `self` owns one strong reference.
        unsafe { dec_ref(self.ptr.as_ptr() as *mut sys::TVMFFIObject) };
    }
}

impl<T: ObjectType> Deref for ObjectArc<T> {
    type Target = T;
    fn deref(&self) -> &T {
        // SAFETY: the object is alive while `self` holds a strong reference.
        unsafe { self.ptr.as_ref() }
    }
}

impl<T: ObjectType> fmt::Debug for ObjectArc<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(Self::header(self), f)
    }
}

impl<T: ObjectType> PartialEq for ObjectArc<T> {
    /// Objects compare by identity (SPEC ANY-EQUAL).
    fn eq(&self, other: &Self) -> bool {
        Self::ptr_eq(self, other)
    }
}

impl<T: ObjectType> Eq for ObjectArc<T> {}

/// Deleter of objects allocated by [`ObjectArc::new`]: `Box<T>` split into the two actions.
unsafe extern "C" fn box_deleter<T: ObjectType>(obj: *mut c_void, flags: i32) {
    let obj = obj as *mut T;
    if flags & sys::kTVMFFIObjectDeleterFlagBitMaskStrong != 0 {
        // A panicking Drop must not unwind into C; report it and carry on.
        let dropped = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            // SAFETY: the strong action runs once (SPEC OBJ-DELETER-FLAGS) on a live value.
            unsafe { std::ptr::drop_in_place(obj) }
        }));
        if dropped.is_err() {
            crate::panic::warn(format_args!(
                "a panic in Drop of {} was caught in its deleter",
                T::TYPE_KEY
            ));
        }
    }
    if flags & sys::kTVMFFIObjectDeleterFlagBitMaskWeak != 0 {
        let layout = std::alloc::Layout::new::<T>();
        // SAFETY: the memory came from Box<T> (same layout) and the weak action runs once.
        unsafe { std::alloc::dealloc(obj as *mut u8, layout) };
    }
}
