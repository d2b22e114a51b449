//! Status codes returned by every export.

use std::os::raw::c_char;

/// The outcome of a call across the C ABI (not of the AWS operation: that is in the JSON result).
///
/// `repr(u32)`, so C sees a fixed-width `uint32_t` whatever its compiler makes of enums. Values
/// only ever go out as this type; a status coming back in (to [`awslogin_status_message`]) is
/// taken as a plain `u32`, because a C caller may pass any number and an enum holding a value
/// that is none of its variants is undefined behaviour in Rust.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AwsloginStatus {
    /// The call worked; its outputs were written.
    Ok = 0,
    /// A required pointer argument was NULL.
    NullParameter = 1,
    /// A string argument was not valid UTF-8.
    InvalidUtf8 = 2,
    /// A panic was caught at the boundary: a bug in awslogin-core. Nothing was written.
    Panic = 3,
    /// The operation handle has already delivered its final event.
    OperationFinished = 4,
    /// A JSON argument could not be parsed.
    InvalidJson = 5,
}

impl AwsloginStatus {
    /// The status with the number `value`, or `None` for a number that is no status.
    pub fn from_u32(value: u32) -> Option<AwsloginStatus> {
        Some(match value {
            0 => AwsloginStatus::Ok,
            1 => AwsloginStatus::NullParameter,
            2 => AwsloginStatus::InvalidUtf8,
            3 => AwsloginStatus::Panic,
            4 => AwsloginStatus::OperationFinished,
            5 => AwsloginStatus::InvalidJson,
            _ => return None,
        })
    }
}

/// A static, NUL-terminated English description of the status numbered `status` (any `uint32_t`
/// is accepted: a number that is no status gives "unknown status"). Never free it.
#[no_mangle]
pub extern "C" fn awslogin_status_message(status: u32) -> *const c_char {
    let text: &'static [u8] = match AwsloginStatus::from_u32(status) {
        Some(AwsloginStatus::Ok) => b"ok\0",
        Some(AwsloginStatus::NullParameter) => b"a required pointer argument was NULL\0",
        Some(AwsloginStatus::InvalidUtf8) => b"a string argument was not valid UTF-8\0",
        Some(AwsloginStatus::Panic) => b"awslogin-core panicked (a bug); nothing was changed by this call\0",
        Some(AwsloginStatus::OperationFinished) => b"the operation has already finished\0",
        Some(AwsloginStatus::InvalidJson) => b"a JSON argument could not be parsed\0",
        None => b"unknown status\0",
    };
    text.as_ptr() as *const c_char
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_round_trips_through_its_number() {
        for n in 0..=5u32 {
            let status = AwsloginStatus::from_u32(n).expect("a status");
            assert_eq!(status as u32, n);
        }
        assert_eq!(AwsloginStatus::from_u32(6), None);
    }
}
