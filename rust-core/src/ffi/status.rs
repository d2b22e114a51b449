//! Status codes returned by every export.

use std::os::raw::c_char;

/// The outcome of a call across the C ABI (not of the AWS operation: that is in the JSON result).
#[repr(C)]
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

/// A static, NUL-terminated English description of `status`. Never free it.
#[no_mangle]
pub extern "C" fn awslogin_status_message(status: AwsloginStatus) -> *const c_char {
    let text: &'static [u8] = match status {
        AwsloginStatus::Ok => b"ok\0",
        AwsloginStatus::NullParameter => b"a required pointer argument was NULL\0",
        AwsloginStatus::InvalidUtf8 => b"a string argument was not valid UTF-8\0",
        AwsloginStatus::Panic => b"awslogin-core panicked (a bug); nothing was changed by this call\0",
        AwsloginStatus::OperationFinished => b"the operation has already finished\0",
        AwsloginStatus::InvalidJson => b"a JSON argument could not be parsed\0",
    };
    text.as_ptr() as *const c_char
}
