//! The C ABI as a C caller sees it: statuses, NULL checks, ownership, operation handles, and
//! the committed header agreeing with the code.
#![warn(clippy::undocumented_unsafe_blocks)]

use awslogin_core::ffi::*;
use std::ffi::{CStr, CString};
use std::os::raw::c_char;
use std::ptr;

/// Parses and frees a string returned by the library.
fn take(p: *mut c_char) -> serde_json::Value {
    assert!(!p.is_null());
    // SAFETY: a non-NULL string just returned through a `char **` output, freed only below.
    let text = unsafe { CStr::from_ptr(p) }.to_str().unwrap().to_string();
    // SAFETY: returned by the library, freed once.
    unsafe { awslogin_string_free(p) };
    serde_json::from_str(&text).unwrap()
}

/// A static string returned by the library (never freed).
fn static_str(p: *const c_char) -> &'static str {
    assert!(!p.is_null());
    // SAFETY: the library returns static NUL-terminated strings from these calls.
    unsafe { CStr::from_ptr(p) }.to_str().unwrap()
}

fn status_message(status: u32) -> &'static str {
    static_str(awslogin_status_message(status))
}

/// Runs `awslogin_caller_identity` on `request` (a live C string); returns the status and the
/// output pointer as written (NULL unless the call wrote it).
fn caller_identity(request: *const c_char) -> (AwsloginStatus, *mut c_char) {
    let mut out: *mut c_char = ptr::null_mut();
    // SAFETY: `request` is NULL or a live C string (every caller below), `out` is writable.
    let status = unsafe { awslogin_caller_identity(request, &mut out) };
    (status, out)
}

fn start_sso_login(request: &str) -> *mut AwsloginOperation {
    let req = CString::new(request).unwrap();
    let mut op: *mut AwsloginOperation = ptr::null_mut();
    // SAFETY: a live C string and a writable output.
    assert_eq!(unsafe { awslogin_sso_login(req.as_ptr(), &mut op) }, AwsloginStatus::Ok);
    assert!(!op.is_null());
    op
}

/// One poll: the status and, when OK, the event.
fn next_event(op: *const AwsloginOperation, timeout_ms: u32) -> (AwsloginStatus, Option<serde_json::Value>) {
    let mut ev: *mut c_char = ptr::null_mut();
    // SAFETY: `op` came from `start_sso_login` and is freed only after every poller has finished.
    let status = unsafe { awslogin_operation_next_event(op, timeout_ms, &mut ev) };
    match status {
        AwsloginStatus::Ok => (status, Some(take(ev))),
        _ => {
            assert!(ev.is_null(), "nothing is written on failure");
            (status, None)
        }
    }
}

/// A request that fails at once (no such profile), so operations end without network.
const NO_SUCH_PROFILE: &str = r#"{"env":{"HOME":"/nonexistent-awslogin-test"},"profileName":"nope"}"#;

#[test]
fn header_matches_the_abi_version_and_exports() {
    let header = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/include/awslogin.h")).unwrap();
    assert!(header.contains(&format!("#define AWSLOGIN_ABI_VERSION {}", AWSLOGIN_ABI_VERSION)));
    assert_eq!(AWSLOGIN_ABI_VERSION, 2, "version 2: awslogin_status_message takes a uint32_t");
    assert_eq!(awslogin_abi_version(), AWSLOGIN_ABI_VERSION);
    for f in [
        "awslogin_login",
        "awslogin_logout",
        "awslogin_sso_init",
        "awslogin_sso_login",
        "awslogin_caller_identity",
        "awslogin_console",
        "awslogin_sso_sync",
        "awslogin_string_free",
        "awslogin_operation_cancel",
        "awslogin_version",
    ] {
        assert!(header.contains(&format!("{f}(")), "{f} missing from the header");
    }
    // A status travelling into the library is a fixed-width integer, never the enum.
    assert!(header.contains("awslogin_status_message(uint32_t status)"), "status_message must take a uint32_t");
    assert!(header.contains("concurrent pollers of one handle are serialised"));
    assert_eq!(static_str(awslogin_version()), env!("CARGO_PKG_VERSION"));
}

#[test]
fn status_message_maps_every_number_including_unknown_ones() {
    assert!(status_message(AwsloginStatus::NullParameter as u32).contains("NULL"));
    assert_eq!(status_message(AwsloginStatus::Ok as u32), "ok");
    for n in 0..=5u32 {
        assert_ne!(status_message(n), "unknown status", "status {n} has its own text");
    }
    // What a C caller may pass: any uint32_t. Before ABI 2 this was undefined behaviour.
    for n in [6u32, 99, 1 << 31, u32::MAX] {
        assert_eq!(status_message(n), "unknown status", "status {n}");
    }
}

#[test]
fn null_and_bad_arguments_are_statuses_and_write_nothing() {
    let (status, out) = caller_identity(ptr::null());
    assert_eq!(status, AwsloginStatus::NullParameter);
    assert!(out.is_null());
    let req = CString::new("{}").unwrap();
    // SAFETY: a live C string; the NULL output is what is being tested.
    assert_eq!(unsafe { awslogin_caller_identity(req.as_ptr(), ptr::null_mut()) }, AwsloginStatus::NullParameter);
    let bad_json = CString::new("{not json").unwrap();
    let (status, out) = caller_identity(bad_json.as_ptr());
    assert_eq!(status, AwsloginStatus::InvalidJson);
    assert!(out.is_null(), "nothing is written on failure");
    let bad_utf8 = [0xffu8, 0xfe, 0];
    let mut out: *mut c_char = ptr::null_mut();
    // SAFETY: a NUL-terminated byte string (not UTF-8, which is the point) and a writable output.
    assert_eq!(unsafe { awslogin_logout(bad_utf8.as_ptr() as *const c_char, &mut out) }, AwsloginStatus::InvalidUtf8);
    assert!(out.is_null(), "nothing is written on failure");
    let mut out: *mut c_char = ptr::null_mut();
    // SAFETY: NULL request (tested) and a writable output; then a live request and NULL output.
    unsafe {
        assert_eq!(awslogin_console(ptr::null(), &mut out), AwsloginStatus::NullParameter);
        assert_eq!(awslogin_console(req.as_ptr(), ptr::null_mut()), AwsloginStatus::NullParameter);
    }
    assert!(out.is_null(), "nothing is written on failure");
    let mut op: *mut AwsloginOperation = ptr::null_mut();
    // SAFETY: NULL request (tested) and a writable output; then a live request and NULL output.
    unsafe {
        assert_eq!(awslogin_sso_sync(ptr::null(), &mut op), AwsloginStatus::NullParameter);
        assert_eq!(awslogin_sso_sync(req.as_ptr(), ptr::null_mut()), AwsloginStatus::NullParameter);
        assert_eq!(awslogin_sso_sync(bad_json.as_ptr(), &mut op), AwsloginStatus::InvalidJson);
    }
    assert!(op.is_null(), "nothing is written on failure");
    // SAFETY: NULL request (tested) and a writable output.
    assert_eq!(unsafe { awslogin_login(ptr::null(), &mut op) }, AwsloginStatus::NullParameter);
    assert!(op.is_null());
    // SAFETY: NULL is what is being tested; each function documents that it checks for it.
    unsafe {
        assert_eq!(awslogin_operation_cancel(ptr::null()), AwsloginStatus::NullParameter);
        awslogin_operation_free(ptr::null_mut());
        awslogin_string_free(ptr::null_mut());
    }
}

#[test]
fn operation_errors_are_data() {
    // A request for a profile that cannot exist: the call succeeds, the result says why not.
    let req = CString::new(NO_SUCH_PROFILE).unwrap();
    let (status, out) = caller_identity(req.as_ptr());
    assert_eq!(status, AwsloginStatus::Ok);
    let v = take(out);
    assert_eq!(v["ok"], false);
    assert_eq!(v["error"]["code"], "ProfileNotFound");
    assert_eq!(v["error"]["kind"], "NotFound");
    assert!(v["events"].is_array());
}

/// Runs `awslogin_sso_sync` on `request` through its operation handle to the `done` event.
fn sso_sync_done(request: &str) -> serde_json::Value {
    let req = CString::new(request).unwrap();
    let mut op: *mut AwsloginOperation = ptr::null_mut();
    // SAFETY: a live C string and a writable output.
    assert_eq!(unsafe { awslogin_sso_sync(req.as_ptr(), &mut op) }, AwsloginStatus::Ok);
    assert!(!op.is_null());
    let mut done = serde_json::Value::Null;
    for _ in 0..300 {
        if let (AwsloginStatus::Ok, Some(ev)) = next_event(op, 100) {
            if ev["type"] == "done" {
                done = ev;
                break;
            }
        }
    }
    // SAFETY: `op` is live and freed once.
    unsafe { awslogin_operation_free(op) };
    done
}

#[test]
fn sso_sync_errors_are_data_and_what_if_reaches_no_file() {
    // No such sso-session: the operation ends with the reason, naming the command to run.
    let home = std::env::temp_dir().join(format!("awslogin-ffi-sync-{}", std::process::id()));
    let v = sso_sync_done(
        &serde_json::json!({"env": {"HOME": home.to_str().unwrap()}, "sessionName": "nope", "whatIf": true})
            .to_string(),
    );
    assert_eq!((v["ok"].as_bool(), v["error"]["code"].as_str()), (Some(false), Some("SsoSessionNotFound")), "{v}");
    assert!(v["error"]["message"].as_str().unwrap().contains("Initialize-AWSSSOConfiguration"));
    // A session without a token: the existing sign-in error, and no file appears.
    std::fs::create_dir_all(home.join(".aws")).unwrap();
    let config = "[sso-session corp]\nsso_start_url = https://d-1234567890.awsapps.com/start\nsso_region = us-east-1\n";
    std::fs::write(home.join(".aws/config"), config).unwrap();
    let v =
        sso_sync_done(&serde_json::json!({"env": {"HOME": home.to_str().unwrap()}, "sessionName": "corp"}).to_string());
    assert_eq!(v["error"]["code"], "SsoTokenNotFound", "{v}");
    assert!(v["error"]["message"].as_str().unwrap().contains("Invoke-AWSSSOLogin -SessionName corp"), "{v}");
    assert_eq!(std::fs::read_to_string(home.join(".aws/config")).unwrap(), config);
    std::fs::remove_dir_all(&home).unwrap();
}

#[test]
fn operation_handle_polls_to_done_then_reports_finished() {
    // An SSO login for a profile that does not exist ends at once with an error event.
    let op = start_sso_login(NO_SUCH_PROFILE);
    let mut last = serde_json::Value::Null;
    for _ in 0..100 {
        match next_event(op, 100) {
            (AwsloginStatus::Ok, Some(ev)) => {
                last = ev;
                if last["type"] == "done" {
                    break;
                }
            }
            other => panic!("unexpected status {other:?}"),
        }
    }
    assert_eq!(last["type"], "done");
    assert_eq!(last["ok"], false);
    assert!(last["error"]["code"].is_string());
    assert_eq!(next_event(op, 10).0, AwsloginStatus::OperationFinished);
    // SAFETY: `op` is live; cancelling a finished operation is harmless, and free releases it once.
    unsafe {
        assert_eq!(awslogin_operation_cancel(op), AwsloginStatus::Ok);
        awslogin_operation_free(op);
    }
}

/// The header promises that concurrent pollers of one handle are serialised: whatever the
/// interleaving, exactly one of them receives the final `done` event (the real one, not the
/// "stopped unexpectedly" stand-in a poller would make up if it found the channel closed after
/// another took `done`), and every poller then sees OPERATION_FINISHED.
#[test]
fn concurrent_pollers_of_one_handle_are_serialised() {
    for _round in 0..20 {
        let op = start_sso_login(NO_SUCH_PROFILE);
        let addr = op as usize; // raw pointers are not Send; the handle is documented thread-safe
        let barrier = std::sync::Arc::new(std::sync::Barrier::new(8));
        let pollers: Vec<_> = (0..8)
            .map(|_| {
                let barrier = barrier.clone();
                std::thread::spawn(move || {
                    let op = addr as *const AwsloginOperation;
                    barrier.wait();
                    let mut done = Vec::new();
                    for _ in 0..200 {
                        match next_event(op, 5) {
                            (AwsloginStatus::Ok, Some(ev)) if ev["type"] == "done" => done.push(ev),
                            (AwsloginStatus::Ok, Some(_)) => {}
                            (AwsloginStatus::OperationFinished, None) => return done,
                            other => panic!("unexpected {other:?}"),
                        }
                    }
                    panic!("the operation never finished");
                })
            })
            .collect();
        let done: Vec<serde_json::Value> = pollers.into_iter().flat_map(|p| p.join().unwrap()).collect();
        assert_eq!(done.len(), 1, "exactly one poller gets the final event: {done:?}");
        assert_eq!(done[0]["error"]["code"], "ProfileNotFound", "the real outcome, not a stand-in: {done:?}");
        // SAFETY: every poller has finished; freed once.
        unsafe { awslogin_operation_free(op) };
    }
}

#[test]
fn calls_from_many_threads_at_once() {
    let handles: Vec<_> = (0..16)
        .map(|i| {
            std::thread::spawn(move || {
                let req =
                    CString::new(format!(r#"{{"env":{{"HOME":"/nonexistent-{i}"}},"profileName":"p{i}"}}"#)).unwrap();
                let (status, out) = caller_identity(req.as_ptr());
                assert_eq!(status, AwsloginStatus::Ok);
                let v = take(out);
                assert!(v["error"]["message"].as_str().unwrap().contains(&format!("'p{i}'")));
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
}

#[test]
fn credentials_profile_listing_and_helper_profile_exports() {
    let dir = std::env::temp_dir().join(format!("awslogin-abi-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let config = dir.join("config");
    let creds = dir.join("credentials");
    std::fs::write(&config, "[profile web]\nregion = eu-west-1\n").unwrap();
    std::fs::write(&creds, "[keys]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = ABISECRET\n").unwrap();
    let env = serde_json::json!({
        "HOME": dir.to_str().unwrap(),
        "AWS_CONFIG_FILE": config.to_str().unwrap(),
        "AWS_SHARED_CREDENTIALS_FILE": creds.to_str().unwrap(),
    });
    type OneShot = unsafe extern "C" fn(*const c_char, *mut *mut c_char) -> AwsloginStatus;
    let call = |f: OneShot, req: serde_json::Value| {
        let req = CString::new(req.to_string()).unwrap();
        let mut out: *mut c_char = ptr::null_mut();
        // SAFETY: a live C string and a writable output.
        assert_eq!(unsafe { f(req.as_ptr(), &mut out) }, AwsloginStatus::Ok);
        take(out)
    };
    for f in [awslogin_credentials as OneShot, awslogin_list_profiles, awslogin_write_process_profile] {
        let mut out: *mut c_char = ptr::null_mut();
        // SAFETY: a NULL request is allowed (it must be refused), the output is writable.
        assert_eq!(unsafe { f(ptr::null(), &mut out) }, AwsloginStatus::NullParameter);
        assert!(out.is_null());
    }

    let v = call(awslogin_list_profiles, serde_json::json!({ "env": env, "includeSessions": true }));
    assert_eq!(v["ok"], true, "{v}");
    let names: Vec<&str> =
        v["result"]["profiles"].as_array().unwrap().iter().map(|p| p["ProfileName"].as_str().unwrap()).collect();
    assert_eq!(names, ["keys", "web"]);
    assert!(v["result"]["sessions"].as_array().unwrap().is_empty());
    assert!(!v.to_string().contains("ABISECRET"));

    let v = call(awslogin_credentials, serde_json::json!({ "env": env, "profileName": "keys", "format": "env" }));
    assert_eq!(v["ok"], true, "{v}");
    assert_eq!(v["result"]["SecretAccessKey"], "ABISECRET");
    assert_eq!(v["result"]["Text"], "export AWS_ACCESS_KEY_ID=AKIDEXAMPLE\nexport AWS_SECRET_ACCESS_KEY=ABISECRET\n");
    assert!(!v["events"].to_string().contains("ABISECRET"), "events never hold a secret");
    let v = call(awslogin_credentials, serde_json::json!({ "env": env, "profileName": "keys", "format": "yaml" }));
    assert_eq!(v["error"]["code"], "InvalidCredentialFormat");

    let v = call(
        awslogin_write_process_profile,
        serde_json::json!({ "env": env, "profileName": "keys", "targetProfile": "keys-process", "helperPath": "relative/helper" }),
    );
    assert_eq!(v["error"]["code"], "CredentialProcessHelperMissing");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn regions_export_checks_pointers_and_lists_regions() {
    let mut out: *mut c_char = ptr::null_mut();
    // SAFETY: a NULL request (checked by the export) and a writable output.
    assert_eq!(unsafe { awslogin_regions(ptr::null(), &mut out) }, AwsloginStatus::NullParameter);
    assert!(out.is_null());
    let empty = CString::new("{}").unwrap();
    // SAFETY: a live C string and a writable output.
    assert_eq!(unsafe { awslogin_regions(empty.as_ptr(), &mut out) }, AwsloginStatus::Ok);
    let v = take(out);
    assert!(v["result"]["regions"].as_array().unwrap().iter().any(|r| r["code"] == "us-east-1"));
}
