//! The C ABI that PowerShell binds to.
//!
//! Conventions (after rustls-ffi):
//! - every export is prefixed `awslogin_` and returns an [`AwsloginStatus`]; outputs go through
//!   caller-supplied pointers and are written only when the status is `OK`;
//! - every pointer is checked for NULL; every body runs inside a panic boundary, so a bug comes
//!   back as `AWSLOGIN_STATUS_PANIC`, never as a crash of pwsh;
//! - requests and results are UTF-8 JSON. Operation failures are data, not statuses: the result
//!   document is `{"ok":false,"error":{"code","message","kind"}}`. Statuses other than `OK` mean
//!   the call itself was misused or broke;
//! - strings returned through `char **` belong to the caller, who frees them with
//!   [`awslogin_string_free`]; static strings (`awslogin_version`, `awslogin_status_message`)
//!   are never freed;
//! - everything is safe to call from several threads (PowerShell runspaces) at once.

#[macro_use]
mod panic;
mod exports;
mod operation;
mod status;
mod strings;

pub use exports::*;
pub use operation::*;
pub use status::*;
pub use strings::*;
