//! The operations: one-shot calls (`awslogin_caller_identity`, `awslogin_logout`,
//! `awslogin_sso_logout`, `awslogin_credentials`, `awslogin_list_profiles`,
//! `awslogin_write_process_profile`, `awslogin_regions`, `awslogin_console`)
//! and the ones that return an operation handle, to converse or to be cancelled
//! (`awslogin_login`, `awslogin_sso_init`, `awslogin_sso_login`, `awslogin_sso_sync`), plus versions.

use super::operation::{start, AwsloginOperation};
use super::strings::{give_string, parse_json};
use super::AwsloginStatus;
use crate::ops::{Interactive, OneShot};
use std::os::raw::c_char;

/// The version of this C ABI. It changes whenever a signature or a JSON contract changes in a
/// way that breaks an existing caller; PowerShell refuses a library with another version.
///
/// 2: `awslogin_status_message` takes a `uint32_t` (was the enum), statuses are `uint32_t`.
pub const AWSLOGIN_ABI_VERSION: u32 = 2;

/// Returns [`AWSLOGIN_ABI_VERSION`].
#[no_mangle]
pub extern "C" fn awslogin_abi_version() -> u32 {
    AWSLOGIN_ABI_VERSION
}

/// The library's version (the crate version), a static NUL-terminated string. Never free it.
#[no_mangle]
pub extern "C" fn awslogin_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr() as *const c_char
}

/// # Safety
/// `request` must be NULL or a NUL-terminated string, `out_result_json` NULL or writable.
unsafe fn one_shot(op: OneShot, request: *const c_char, out_result_json: *mut *mut c_char) -> AwsloginStatus {
    check_null!(request, out_result_json);
    // SAFETY: `request` is not NULL (checked above) and NUL-terminated (the caller's contract).
    let req = match unsafe { parse_json(request) } {
        Ok(v) => v,
        Err(s) => return s,
    };
    let json = crate::ops::run_one_shot(op, req);
    // SAFETY: `out_result_json` is not NULL (checked above) and writable (the caller's contract).
    unsafe { *out_result_json = give_string(json) };
    AwsloginStatus::Ok
}

/// STS GetCallerIdentity with credentials resolved from the request (parameters, environment,
/// profile). `request_json`: `{"env":{...},"profileName":..,"profileLocation":..,"region":..,
/// "accessKey":..,"secretKey":..,"sessionToken":..,"endpointUrl":..}`. On `OK`,
/// `*out_result_json` receives `{"ok":true,"result":{"UserId","Account","Arn"},"events":[...]}`
/// or `{"ok":false,"error":{"code","message","kind"},"events":[...]}`; the caller frees it with
/// `awslogin_string_free`. Blocks until done.
///
/// # Safety
/// Pointers must be valid; `request_json` NUL-terminated UTF-8.
#[no_mangle]
pub unsafe extern "C" fn awslogin_caller_identity(
    request_json: *const c_char,
    out_result_json: *mut *mut c_char,
) -> AwsloginStatus {
    ffi_boundary!({
        // SAFETY: the pointers are passed on under this function's own contract.
        unsafe { one_shot(OneShot::CallerIdentity, request_json, out_result_json) }
    })
}

/// Ends console-login sessions: deletes the profile's login cache file, or every one with
/// `"all":true`; `"whatIf":true` only reports what would be deleted. Result as for
/// [`awslogin_caller_identity`]; the caller frees it with `awslogin_string_free`.
///
/// # Safety
/// Pointers must be valid; `request_json` NUL-terminated UTF-8.
#[no_mangle]
pub unsafe extern "C" fn awslogin_logout(
    request_json: *const c_char,
    out_result_json: *mut *mut c_char,
) -> AwsloginStatus {
    ffi_boundary!({
        // SAFETY: the pointers are passed on under this function's own contract.
        unsafe { one_shot(OneShot::Logout, request_json, out_result_json) }
    })
}

/// Ends IAM Identity Center sessions (portal Logout, then the token file is deleted). Result as
/// for [`awslogin_caller_identity`]; the caller frees it with `awslogin_string_free`.
///
/// # Safety
/// Pointers must be valid; `request_json` NUL-terminated UTF-8.
#[no_mangle]
pub unsafe extern "C" fn awslogin_sso_logout(
    request_json: *const c_char,
    out_result_json: *mut *mut c_char,
) -> AwsloginStatus {
    ffi_boundary!({
        // SAFETY: the pointers are passed on under this function's own contract.
        unsafe { one_shot(OneShot::SsoLogout, request_json, out_result_json) }
    })
}

/// Resolves credentials through the same chain as [`awslogin_caller_identity`] (refreshing a
/// login or IAM Identity Center session when needed) without calling STS. `request_json` as for
/// [`awslogin_caller_identity`], plus an optional `"format"` (`process`, `env`, `env-no-export`,
/// `powershell`, `windows-cmd`, `fish`). On `OK`, `*out_result_json` receives
/// `{"ok":true,"result":{"AccessKeyId","SecretAccessKey","SessionToken","Expiration","AccountId",
/// "Source","ProfileName","Region","Text"},"events":[...]}` (`Text`: the credentials as
/// `aws configure export-credentials --format` writes them, or null) or an error document. The
/// result holds secrets; events never do. The caller frees it with `awslogin_string_free`.
///
/// # Safety
/// Pointers must be valid; `request_json` NUL-terminated UTF-8.
#[no_mangle]
pub unsafe extern "C" fn awslogin_credentials(
    request_json: *const c_char,
    out_result_json: *mut *mut c_char,
) -> AwsloginStatus {
    ffi_boundary!({
        // SAFETY: the pointers are passed on under this function's own contract.
        unsafe { one_shot(OneShot::Credentials, request_json, out_result_json) }
    })
}

/// Lists the profiles of the shared config and credentials files, and with
/// `"includeSessions":true` the console-login and IAM Identity Center sessions in the token
/// caches, from files only (no network call, no refresh, no secret in the result).
/// `request_json`: `{"env":{...},"profileLocation":..,"includeSessions":bool}`. On `OK`,
/// `*out_result_json` receives `{"ok":true,"result":{"profiles":[{"ProfileName","StoreTypeName",
/// "ProfileLocation","Files","CredentialType","Region","SsoSession","LoginSession"}],
/// "configPath","credentialsPath","sessions":[...]},"events":[...]}` or an error document; the
/// caller frees it with `awslogin_string_free`.
///
/// # Safety
/// Pointers must be valid; `request_json` NUL-terminated UTF-8.
#[no_mangle]
pub unsafe extern "C" fn awslogin_list_profiles(
    request_json: *const c_char,
    out_result_json: *mut *mut c_char,
) -> AwsloginStatus {
    ffi_boundary!({
        // SAFETY: the pointers are passed on under this function's own contract.
        unsafe { one_shot(OneShot::ListProfiles, request_json, out_result_json) }
    })
}

/// Writes (or updates) a profile in the config file whose `credential_process` runs the
/// `awslogin-credential-process` helper for another profile, keeping every other byte of the
/// file. `request_json`: `{"env":{...},"profileName":<source>,"profileLocation":..,
/// "targetProfile":<name to write>,"helperPath":<absolute path of the helper>}`. On `OK`,
/// `*out_result_json` receives `{"ok":true,"result":{"profileName","sourceProfile",
/// "credentialProcess","configFile"},"events":[...]}` or an error document; the caller frees it
/// with `awslogin_string_free`.
///
/// # Safety
/// Pointers must be valid; `request_json` NUL-terminated UTF-8.
#[no_mangle]
pub unsafe extern "C" fn awslogin_write_process_profile(
    request_json: *const c_char,
    out_result_json: *mut *mut c_char,
) -> AwsloginStatus {
    ffi_boundary!({
        // SAFETY: the pointers are passed on under this function's own contract.
        unsafe { one_shot(OneShot::WriteProcessProfile, request_json, out_result_json) }
    })
}

/// The known AWS regions with their names: `{"ok":true,"result":{"regions":[{"code","name",
/// "partition"}]},"events":[]}`. `request_json` may be `{}`. The caller frees the result with
/// `awslogin_string_free`.
///
/// # Safety
/// Pointers must be valid; `request_json` NUL-terminated UTF-8.
#[no_mangle]
pub unsafe extern "C" fn awslogin_regions(
    request_json: *const c_char,
    out_result_json: *mut *mut c_char,
) -> AwsloginStatus {
    ffi_boundary!({
        // SAFETY: the pointers are passed on under this function's own contract.
        unsafe { one_shot(OneShot::Regions, request_json, out_result_json) }
    })
}

/// Signs the resolved temporary credentials in to the AWS Management Console through the
/// federation endpoint (`Open-AWSConsole`). `request_json` as for [`awslogin_caller_identity`]
/// plus `"destination"`, `"sessionDuration"` (900..43200) and `"passThru"`. Result as for
/// [`awslogin_caller_identity`], its `result` being `{"url"}` (the sign-in URL, a credential)
/// with `passThru`, else `{"destination","browser"}` after the browser was started. The caller
/// frees it with `awslogin_string_free`. Blocks until done.
///
/// # Safety
/// Pointers must be valid; `request_json` NUL-terminated UTF-8.
#[no_mangle]
pub unsafe extern "C" fn awslogin_console(
    request_json: *const c_char,
    out_result_json: *mut *mut c_char,
) -> AwsloginStatus {
    ffi_boundary!({
        // SAFETY: the pointers are passed on under this function's own contract.
        unsafe { one_shot(OneShot::Console, request_json, out_result_json) }
    })
}

/// Starts writing a profile for every account and role an IAM Identity Center session reaches
/// (`Sync-AWSSSOProfile`), from the sso-session's cached token (refreshed when it can be; never a
/// browser). `request_json`: `{"env":{...},"sessionName":..,"nameTemplate":..,"region":..,
/// "profileLocation":..,"prune":bool,"whatIf":bool}`. On `OK`, `*out_operation` receives a handle
/// to poll with `awslogin_operation_next_event`, as for [`awslogin_login`]: its `done` event
/// carries `{"profiles":[{"Action","ProfileName","AccountId","AccountName","RoleName",
/// "SessionName","Reason"}],"configFile","sessionName","whatIf"}` (`Action`: `Add`, `Update`,
/// `Unchanged`, `Conflict`, `Duplicate`, `Stale` or `Remove`) or the error; with `whatIf` nothing
/// is written. `awslogin_operation_cancel` while the portal is being listed stops it before the
/// config file is touched. Free the handle with `awslogin_operation_free`.
///
/// # Safety
/// Pointers must be valid; `request_json` NUL-terminated UTF-8.
#[no_mangle]
pub unsafe extern "C" fn awslogin_sso_sync(
    request_json: *const c_char,
    out_operation: *mut *mut AwsloginOperation,
) -> AwsloginStatus {
    ffi_boundary!({
        // SAFETY: the pointers are passed on under this function's own contract.
        unsafe { start(Interactive::SsoSync, request_json, out_operation) }
    })
}

/// Starts a console-credential login (`Invoke-AWSLogin`). On `OK`, `*out_operation` receives a
/// handle to poll with `awslogin_operation_next_event`; the caller frees it with
/// `awslogin_operation_free`.
///
/// # Safety
/// Pointers must be valid; `request_json` NUL-terminated UTF-8.
#[no_mangle]
pub unsafe extern "C" fn awslogin_login(
    request_json: *const c_char,
    out_operation: *mut *mut AwsloginOperation,
) -> AwsloginStatus {
    ffi_boundary!({
        // SAFETY: the pointers are passed on under this function's own contract.
        unsafe { start(Interactive::Login, request_json, out_operation) }
    })
}

/// Starts `Initialize-AWSSSOConfiguration`: writes the profile and sso-session, then logs in.
/// Handle as for [`awslogin_login`]; free it with `awslogin_operation_free`.
///
/// # Safety
/// Pointers must be valid; `request_json` NUL-terminated UTF-8.
#[no_mangle]
pub unsafe extern "C" fn awslogin_sso_init(
    request_json: *const c_char,
    out_operation: *mut *mut AwsloginOperation,
) -> AwsloginStatus {
    ffi_boundary!({
        // SAFETY: the pointers are passed on under this function's own contract.
        unsafe { start(Interactive::SsoInit, request_json, out_operation) }
    })
}

/// Starts an IAM Identity Center login (`Invoke-AWSSSOLogin`). Handle as for
/// [`awslogin_login`]; free it with `awslogin_operation_free`.
///
/// # Safety
/// Pointers must be valid; `request_json` NUL-terminated UTF-8.
#[no_mangle]
pub unsafe extern "C" fn awslogin_sso_login(
    request_json: *const c_char,
    out_operation: *mut *mut AwsloginOperation,
) -> AwsloginStatus {
    ffi_boundary!({
        // SAFETY: the pointers are passed on under this function's own contract.
        unsafe { start(Interactive::SsoLogin, request_json, out_operation) }
    })
}
