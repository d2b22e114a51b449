//! The panic boundary: no unwinding may cross `extern "C"` (since Rust 1.81 it aborts the
//! process, which would take the PowerShell host down with it).

/// Runs the body inside `catch_unwind`; a panic becomes `AwsloginStatus::Panic`.
macro_rules! ffi_boundary {
    ($body:block) => {{
        match ::std::panic::catch_unwind(::std::panic::AssertUnwindSafe(|| -> $crate::ffi::AwsloginStatus { $body })) {
            Ok(status) => status,
            Err(_) => $crate::ffi::AwsloginStatus::Panic,
        }
    }};
}

/// Returns `NullParameter` from the enclosing function when `$p` is NULL.
macro_rules! check_null {
    ($($p:expr),+) => {
        $(if $p.is_null() {
            return $crate::ffi::AwsloginStatus::NullParameter;
        })+
    };
}
