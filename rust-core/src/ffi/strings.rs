//! Strings across the boundary: borrowed `const char *` in, owned `char *` out.

use super::AwsloginStatus;
use std::ffi::{CStr, CString};
use std::os::raw::c_char;

/// Borrows a NUL-terminated UTF-8 argument.
///
/// # Safety
/// `p` is not NULL and points to a NUL-terminated string that outlives `'a` and is not written
/// meanwhile (a `const char *` argument, borrowed for the call).
pub(crate) unsafe fn borrow_str<'a>(p: *const c_char) -> Result<&'a str, AwsloginStatus> {
    // SAFETY: guaranteed by this function's contract, which every export passes on from its own.
    unsafe { CStr::from_ptr(p) }.to_str().map_err(|_| AwsloginStatus::InvalidUtf8)
}

/// Borrows and parses a NUL-terminated UTF-8 JSON argument.
///
/// # Safety
/// As for [`borrow_str`].
pub(crate) unsafe fn parse_json(p: *const c_char) -> Result<serde_json::Value, AwsloginStatus> {
    // SAFETY: the same contract as ours.
    let text = unsafe { borrow_str(p) }?;
    serde_json::from_str(text).map_err(|_| AwsloginStatus::InvalidJson)
}

/// Hands `s` to the caller, who must free it with [`awslogin_string_free`].
pub(crate) fn give_string(s: String) -> *mut c_char {
    // JSON escapes NUL as \u0000, so an interior NUL cannot occur in what we return.
    CString::new(s).unwrap_or_else(|_| CString::new("{\"ok\":false}").unwrap()).into_raw()
}

/// Frees a string returned by this library. NULL is accepted and ignored.
///
/// # Safety
/// `s` must be NULL or a pointer returned through a `char **` output of this library, freed once.
#[no_mangle]
pub unsafe extern "C" fn awslogin_string_free(s: *mut c_char) {
    if s.is_null() {
        return;
    }
    // A panic cannot happen here, but the boundary costs nothing and keeps the rule uniform.
    // SAFETY: `s` is not NULL and came from `CString::into_raw` in `give_string` (the only way
    // this library hands out a `char *`), and the caller frees it once.
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| drop(unsafe { CString::from_raw(s) })));
}
