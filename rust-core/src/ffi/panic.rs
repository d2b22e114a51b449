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

#[cfg(test)]
mod tests {
    use crate::ffi::AwsloginStatus;

    fn exploding() -> AwsloginStatus {
        ffi_boundary!({
            let v: Vec<u8> = Vec::new();
            // An out-of-bounds index: a real panic, not a constructed status.
            AwsloginStatus::from_index(v[3] as usize)
        })
    }

    impl AwsloginStatus {
        fn from_index(_: usize) -> AwsloginStatus {
            AwsloginStatus::Ok
        }
    }

    #[test]
    fn a_panic_becomes_a_status() {
        let hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {}));
        let status = exploding();
        std::panic::set_hook(hook);
        assert_eq!(status, AwsloginStatus::Panic);
    }
}
