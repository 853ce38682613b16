// ffi/rust/tvm-ffi/src/device.rs: `Device`, a DLPack device with parsing and formatting.
//! [`Device`]: where memory lives, as a DLPack `(device_type, device_id)` pair.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use crate::any::{raw_pod, type_mismatch, Any, AnyView, FromAny};
use crate::error::{Error, Result};
use crate::sys;

/// A device: a DLPack device type (`kDLCPU`, `kDLCUDA`, ...) and an ordinal.
///
/// ```
/// use tvm_ffi::Device;
/// let dev: Device = "cuda:1".parse().unwrap();
/// assert_eq!(dev, Device::cuda(1));
/// assert_eq!(dev.to_string(), "cuda:1");
/// ```
#[repr(C)]
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Device {
    /// A `DLDeviceType` value.
    pub device_type: i32,
    /// The device ordinal.
    pub device_id: i32,
}

/// Names used by `Display` and `FromStr`, by DLPack device type.
const NAMES: &[(i32, &str)] = &[
    (sys::kDLCPU, "cpu"),
    (sys::kDLCUDA, "cuda"),
    (sys::kDLCUDAHost, "cuda_host"),
    (sys::kDLOpenCL, "opencl"),
    (sys::kDLVulkan, "vulkan"),
    (sys::kDLMetal, "metal"),
    (sys::kDLVPI, "vpi"),
    (sys::kDLROCM, "rocm"),
    (sys::kDLROCMHost, "rocm_host"),
    (sys::kDLExtDev, "ext_dev"),
    (sys::kDLCUDAManaged, "cuda_managed"),
    (sys::kDLOneAPI, "oneapi"),
    (sys::kDLWebGPU, "webgpu"),
    (sys::kDLHexagon, "hexagon"),
    (sys::kDLMAIA, "maia"),
    (sys::kDLTrn, "trn"),
];

impl Device {
    /// A device from its type and ordinal.
    pub const fn new(device_type: i32, device_id: i32) -> Device {
        Device { device_type, device_id }
    }
    /// `cpu:0`.
    pub const fn cpu() -> Device {
        Device::new(sys::kDLCPU, 0)
    }
    /// `cuda:<id>`.
    pub const fn cuda(device_id: i32) -> Device {
        Device::new(sys::kDLCUDA, device_id)
    }
    /// The name of the device type, e.g. `cuda`, if it is a DLPack 1.3 type.
    pub fn type_name(&self) -> Option<&'static str> {
        NAMES.iter().find(|(t, _)| *t == self.device_type).map(|(_, n)| *n)
    }
}

impl fmt::Display for Device {
    /// `<type>:<id>`, e.g. `cuda:0`; unknown types print as their number.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.type_name() {
            Some(name) => write!(f, "{name}:{}", self.device_id),
            None => write!(f, "{}:{}", self.device_type, self.device_id),
        }
    }
}

impl FromStr for Device {
    type Err = Error;
    /// Parses `cpu`, `cuda:1` or `2:0` (a numeric device type).
    fn from_str(text: &str) -> Result<Device> {
        let bad = || Error::value_error(format!("cannot parse {text:?} as a device"));
        let (kind, id) = match text.split_once(':') {
            Some((kind, id)) => (kind, id.parse::<i32>().map_err(|_| bad())?),
            None => (text, 0),
        };
        if id < 0 {
            return Err(bad());
        }
        let device_type = match NAMES.iter().find(|(_, n)| *n == kind) {
            Some((t, _)) => *t,
            None => kind.parse::<i32>().map_err(|_| bad())?,
        };
        Ok(Device::new(device_type, id))
    }
}

impl From<sys::DLDevice> for Device {
    fn from(dev: sys::DLDevice) -> Device {
        Device::new(dev.device_type, dev.device_id)
    }
}

impl From<Device> for sys::DLDevice {
    fn from(dev: Device) -> sys::DLDevice {
        sys::DLDevice { device_type: dev.device_type, device_id: dev.device_id }
    }
}

impl FromAny for Device {
    fn type_name() -> Cow<'static, str> {
        Cow::Borrowed("Device")
    }
    fn from_view(view: &AnyView<'_>) -> Result<Self> {
        match view.type_index() {
            // SAFETY: Device values store v_device.
            sys::kTVMFFIDevice => Ok(Device::from(unsafe { view.as_raw().value.v_device })),
            _ => Err(type_mismatch::<Self>(view)),
        }
    }
    fn static_type_index() -> i32 {
        sys::kTVMFFIDevice
    }
}

impl FromAny for sys::DLDevice {
    fn type_name() -> Cow<'static, str> {
        Cow::Borrowed("Device")
    }
    fn from_view(view: &AnyView<'_>) -> Result<Self> {
        Device::from_view(view).map(Into::into)
    }
    fn static_type_index() -> i32 {
        sys::kTVMFFIDevice
    }
}

impl From<Device> for Any {
    fn from(dev: Device) -> Any {
        let mut raw = raw_pod(sys::kTVMFFIDevice, 0);
        raw.value.v_device = dev.into();
        // SAFETY: a POD value.
        unsafe { Any::from_raw(raw) }
    }
}

impl From<sys::DLDevice> for Any {
    fn from(dev: sys::DLDevice) -> Any {
        Any::from(Device::from(dev))
    }
}

crate::__impl_try_from_any!(Device, sys::DLDevice);
