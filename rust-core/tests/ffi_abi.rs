//! The C ABI as a C caller sees it: statuses, NULL checks, ownership, operation handles, and
//! the committed header agreeing with the code.

use awslogin_core::ffi::*;
use std::ffi::{CStr, CString};
use std::os::raw::c_char;
use std::ptr;

fn take(p: *mut c_char) -> serde_json::Value {
    assert!(!p.is_null());
    let text = unsafe { CStr::from_ptr(p) }.to_str().unwrap().to_string();
    unsafe { awslogin_string_free(p) };
    serde_json::from_str(&text).unwrap()
}

#[test]
fn header_matches_the_abi_version_and_exports() {
    let header = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/include/awslogin.h")).unwrap();
    assert!(header.contains(&format!("#define AWSLOGIN_ABI_VERSION {}", AWSLOGIN_ABI_VERSION)));
    assert_eq!(awslogin_abi_version(), AWSLOGIN_ABI_VERSION);
    for f in [
        "awslogin_login",
        "awslogin_logout",
        "awslogin_sso_init",
        "awslogin_sso_login",
        "awslogin_caller_identity",
        "awslogin_string_free",
        "awslogin_operation_cancel",
        "awslogin_version",
    ] {
        assert!(header.contains(&format!("{f}(")), "{f} missing from the header");
    }
    let version = unsafe { CStr::from_ptr(awslogin_version()) }.to_str().unwrap();
    assert_eq!(version, env!("CARGO_PKG_VERSION"));
}

#[test]
fn null_and_bad_arguments_are_statuses_and_write_nothing() {
    let mut out: *mut c_char = ptr::null_mut();
    assert_eq!(unsafe { awslogin_caller_identity(ptr::null(), &mut out) }, AwsloginStatus::NullParameter);
    let req = CString::new("{}").unwrap();
    assert_eq!(unsafe { awslogin_caller_identity(req.as_ptr(), ptr::null_mut()) }, AwsloginStatus::NullParameter);
    let bad_json = CString::new("{not json").unwrap();
    assert_eq!(unsafe { awslogin_caller_identity(bad_json.as_ptr(), &mut out) }, AwsloginStatus::InvalidJson);
    let bad_utf8 = [0xffu8, 0xfe, 0];
    assert_eq!(unsafe { awslogin_logout(bad_utf8.as_ptr() as *const c_char, &mut out) }, AwsloginStatus::InvalidUtf8);
    assert!(out.is_null(), "nothing is written on failure");
    let mut op: *mut AwsloginOperation = ptr::null_mut();
    assert_eq!(unsafe { awslogin_login(ptr::null(), &mut op) }, AwsloginStatus::NullParameter);
    assert!(op.is_null());
    assert_eq!(unsafe { awslogin_operation_cancel(ptr::null()) }, AwsloginStatus::NullParameter);
    unsafe { awslogin_operation_free(ptr::null_mut()) };
    unsafe { awslogin_string_free(ptr::null_mut()) };
    let msg = unsafe { CStr::from_ptr(awslogin_status_message(AwsloginStatus::NullParameter)) };
    assert!(msg.to_str().unwrap().contains("NULL"));
}

#[test]
fn operation_errors_are_data() {
    // A request for a profile that cannot exist: the call succeeds, the result says why not.
    let req = CString::new(r#"{"env":{"HOME":"/nonexistent-awslogin-test"},"profileName":"nope"}"#).unwrap();
    let mut out: *mut c_char = ptr::null_mut();
    assert_eq!(unsafe { awslogin_caller_identity(req.as_ptr(), &mut out) }, AwsloginStatus::Ok);
    let v = take(out);
    assert_eq!(v["ok"], false);
    assert_eq!(v["error"]["code"], "ProfileNotFound");
    assert_eq!(v["error"]["kind"], "NotFound");
    assert!(v["events"].is_array());
}

#[test]
fn operation_handle_polls_to_done_then_reports_finished() {
    // An SSO login for a profile that does not exist ends at once with an error event.
    let req = CString::new(r#"{"env":{"HOME":"/nonexistent-awslogin-test"},"profileName":"nope"}"#).unwrap();
    let mut op: *mut AwsloginOperation = ptr::null_mut();
    assert_eq!(unsafe { awslogin_sso_login(req.as_ptr(), &mut op) }, AwsloginStatus::Ok);
    assert!(!op.is_null());
    let mut last = serde_json::Value::Null;
    for _ in 0..100 {
        let mut ev: *mut c_char = ptr::null_mut();
        match unsafe { awslogin_operation_next_event(op, 100, &mut ev) } {
            AwsloginStatus::Ok => {
                last = take(ev);
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
    let mut ev: *mut c_char = ptr::null_mut();
    assert_eq!(unsafe { awslogin_operation_next_event(op, 10, &mut ev) }, AwsloginStatus::OperationFinished);
    assert!(ev.is_null());
    // Cancelling a finished operation is harmless; free releases it.
    assert_eq!(unsafe { awslogin_operation_cancel(op) }, AwsloginStatus::Ok);
    unsafe { awslogin_operation_free(op) };
}

#[test]
fn calls_from_many_threads_at_once() {
    let handles: Vec<_> = (0..16)
        .map(|i| {
            std::thread::spawn(move || {
                let req =
                    CString::new(format!(r#"{{"env":{{"HOME":"/nonexistent-{i}"}},"profileName":"p{i}"}}"#)).unwrap();
                let mut out: *mut c_char = ptr::null_mut();
                assert_eq!(unsafe { awslogin_caller_identity(req.as_ptr(), &mut out) }, AwsloginStatus::Ok);
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
fn listing_exports_check_pointers_and_answer_without_network() {
    let mut out: *mut c_char = ptr::null_mut();
    assert_eq!(unsafe { awslogin_list_profiles(ptr::null(), &mut out) }, AwsloginStatus::NullParameter);
    assert_eq!(unsafe { awslogin_regions(ptr::null(), &mut out) }, AwsloginStatus::NullParameter);
    assert!(out.is_null());
    let dir = std::env::temp_dir().join(format!("awslogin-list-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let config = dir.join("config");
    std::fs::write(&config, "[profile b]\n[sso-session s]\n[default]\n").unwrap();
    let req =
        serde_json::json!({ "env": { "AWS_CONFIG_FILE": config, "HOME": dir }, "profileLocation": dir.join("creds") });
    let req = CString::new(req.to_string()).unwrap();
    assert_eq!(unsafe { awslogin_list_profiles(req.as_ptr(), &mut out) }, AwsloginStatus::Ok);
    let v = take(out);
    assert_eq!(v["result"]["profiles"][0]["name"], "b");
    assert_eq!(v["result"]["profiles"][1]["name"], "default");
    assert_eq!(v["result"]["ssoSessions"][0]["name"], "s");
    assert_eq!(v["result"]["credentialsFile"], dir.join("creds").to_str().unwrap());
    std::fs::remove_dir_all(&dir).unwrap();
    let empty = CString::new("{}").unwrap();
    out = ptr::null_mut();
    assert_eq!(unsafe { awslogin_regions(empty.as_ptr(), &mut out) }, AwsloginStatus::Ok);
    let v = take(out);
    assert!(v["result"]["regions"].as_array().unwrap().iter().any(|r| r["code"] == "us-east-1"));
}
