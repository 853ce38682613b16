// ffi/rust/tvm-ffi/src/dtype.rs: `DataType`, a DLPack element type with parse and format.
//! [`DataType`]: a DLPack element type, with the string forms of SPEC §10.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use crate::any::{raw_none, raw_pod, type_mismatch, Any, AnyView, FromAny};
use crate::error::{check_call, Error, Result};
use crate::sys;

/// An element type: type code, bits per lane and lane count.
///
/// ```
/// use tvm_ffi::DataType;
/// let t: DataType = "float32x4".parse().unwrap();
/// assert_eq!((t.code(), t.bits(), t.lanes()), (2, 32, 4));
/// assert_eq!(t.to_string(), "float32x4");
/// assert!("float32x".parse::<DataType>().is_err());
/// ```
#[repr(transparent)]
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct DataType(pub sys::DLDataType);

impl DataType {
    /// `bool` (code 6, 8 bits).
    pub const BOOL: DataType = DataType::new(sys::kDLBool, 8, 1);
    /// `int8`.
    pub const INT8: DataType = DataType::new(sys::kDLInt, 8, 1);
    /// `int16`.
    pub const INT16: DataType = DataType::new(sys::kDLInt, 16, 1);
    /// `int32`.
    pub const INT32: DataType = DataType::new(sys::kDLInt, 32, 1);
    /// `int64`.
    pub const INT64: DataType = DataType::new(sys::kDLInt, 64, 1);
    /// `uint8`.
    pub const UINT8: DataType = DataType::new(sys::kDLUInt, 8, 1);
    /// `uint16`.
    pub const UINT16: DataType = DataType::new(sys::kDLUInt, 16, 1);
    /// `uint32`.
    pub const UINT32: DataType = DataType::new(sys::kDLUInt, 32, 1);
    /// `uint64`.
    pub const UINT64: DataType = DataType::new(sys::kDLUInt, 64, 1);
    /// `float16`.
    pub const FLOAT16: DataType = DataType::new(sys::kDLFloat, 16, 1);
    /// `float32`.
    pub const FLOAT32: DataType = DataType::new(sys::kDLFloat, 32, 1);
    /// `float64`.
    pub const FLOAT64: DataType = DataType::new(sys::kDLFloat, 64, 1);
    /// `bfloat16`.
    pub const BFLOAT16: DataType = DataType::new(sys::kDLBfloat, 16, 1);

    /// A data type from its parts.
    pub const fn new(code: u8, bits: u8, lanes: u16) -> DataType {
        DataType(sys::DLDataType { code, bits, lanes })
    }
    /// The type code (`kDLInt`, `kDLFloat`, ...).
    pub const fn code(&self) -> u8 {
        self.0.code
    }
    /// Bits per lane.
    pub const fn bits(&self) -> u8 {
        self.0.bits
    }
    /// The lane count.
    pub const fn lanes(&self) -> u16 {
        self.0.lanes
    }
    /// Bytes per element (all lanes), rounded up.
    pub const fn size_in_bytes(&self) -> usize {
        (self.0.bits as usize * self.0.lanes as usize).div_ceil(8)
    }
}

impl FromStr for DataType {
    type Err = Error;
    /// Parses with `TVMFFIDataTypeFromString` (SPEC DTYPE-PARSE); errors are ValueErrors.
    fn from_str(text: &str) -> Result<DataType> {
        let bytes = crate::function::byte_array(text);
        let mut out = sys::DLDataType::default();
        // SAFETY: valid input bytes and output slot.
        check_call(unsafe { sys::TVMFFIDataTypeFromString(&bytes, &mut out) })?;
        Ok(DataType(out))
    }
}

impl DataType {
    /// The canonical string form, or an error for an unknown type code (SPEC DTYPE-PRINT).
    pub fn try_to_string(&self) -> Result<std::string::String> {
        let mut out = raw_none();
        // SAFETY: valid input and output slot; the result is an owned String.
        check_call(unsafe { sys::TVMFFIDataTypeToString(&self.0, &mut out) })?;
        // SAFETY: as above.
        let value = unsafe { Any::from_raw(out) };
        value.cast::<std::string::String>()
    }
}

impl fmt::Display for DataType {
    /// The canonical string, or `DataType(code, bits, lanes)` for an unknown code.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.try_to_string() {
            Ok(text) => f.write_str(&text),
            Err(_) => write!(f, "DataType({}, {}, {})", self.code(), self.bits(), self.lanes()),
        }
    }
}

impl From<sys::DLDataType> for DataType {
    fn from(t: sys::DLDataType) -> DataType {
        DataType(t)
    }
}

impl From<DataType> for sys::DLDataType {
    fn from(t: DataType) -> sys::DLDataType {
        t.0
    }
}

impl FromAny for DataType {
    fn type_name() -> Cow<'static, str> {
        Cow::Borrowed("DataType")
    }
    /// Accepts a DataType value, or a string that parses as one.
    fn from_view(view: &AnyView<'_>) -> Result<Self> {
        match view.type_index() {
            // SAFETY: DataType values store v_dtype.
            sys::kTVMFFIDataType => Ok(DataType(unsafe { view.as_raw().value.v_dtype })),
            sys::kTVMFFISmallStr | sys::kTVMFFIStr | sys::kTVMFFIRawStr => {
                crate::String::from_view(view)?.to_str()?.parse()
            }
            _ => Err(type_mismatch::<Self>(view)),
        }
    }
    fn static_type_index() -> i32 {
        sys::kTVMFFIDataType
    }
}

impl FromAny for sys::DLDataType {
    fn type_name() -> Cow<'static, str> {
        Cow::Borrowed("DataType")
    }
    fn from_view(view: &AnyView<'_>) -> Result<Self> {
        DataType::from_view(view).map(Into::into)
    }
    fn static_type_index() -> i32 {
        sys::kTVMFFIDataType
    }
}

impl From<DataType> for Any {
    fn from(t: DataType) -> Any {
        // v_dtype uses bytes 8-11; bytes 12-15 stay zero (SPEC ANY-ZERO-PADDING).
        let mut raw = raw_pod(sys::kTVMFFIDataType, 0);
        raw.value.v_dtype = t.0;
        // SAFETY: a POD value.
        unsafe { Any::from_raw(raw) }
    }
}

impl From<sys::DLDataType> for Any {
    fn from(t: sys::DLDataType) -> Any {
        Any::from(DataType(t))
    }
}

crate::__impl_try_from_any!(DataType, sys::DLDataType);
