//! End-to-end: the emulator binary answering signed STS GetCallerIdentity calls, its SigV4
//! rejections, temporary credentials, faults, the request log and its shutdown triggers.

mod common;

use std::time::{Duration, Instant};

use common::signer::{sign, Credentials};
use common::{Emulator, HttpResponse};
use serde_json::json;

const BODY: &str = "Action=GetCallerIdentity&Version=2011-06-15";
const FORM: &str = "application/x-www-form-urlencoded";

const ALICE: Credentials<'static> = Credentials {
    access_key_id: "AKIAEMULATORALICE001",
    secret_access_key: "EMULATOR/fake/secret/for/alice/NOTREAL01",
    session_token: None,
};

/// Signs and sends `POST /` with `body`; `edit` may alter the signed headers before sending.
fn call_with(
    emu: &Emulator,
    creds: &Credentials<'_>,
    amz_date: &str,
    content_type: &str,
    body: &str,
    edit: impl Fn(&mut Vec<(String, String)>),
) -> std::io::Result<HttpResponse> {
    let signed_over = [("host", emu.authority.as_str()), ("content-type", content_type)];
    let mut headers = sign("POST", &signed_over, body.as_bytes(), creds, "us-east-1", "sts", amz_date);
    edit(&mut headers);
    let mut send: Vec<(&str, &str)> = vec![("Content-Type", content_type)];
    send.extend(headers.iter().map(|(n, v)| (n.as_str(), v.as_str())));
    emu.request("POST", "/", &send, body.as_bytes())
}

fn call(emu: &Emulator, creds: &Credentials<'_>) -> std::io::Result<HttpResponse> {
    call_with(emu, creds, &emu.amz_now(), FORM, BODY, |_| {})
}

fn assert_sts_error(r: &HttpResponse, status: u16, code: &str) {
    assert_eq!(r.status, status, "{}", r.body);
    assert!(r.body.starts_with("<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"), "{}", r.body);
    assert_eq!(r.xml_text("Code").as_deref(), Some(code), "{}", r.body);
    assert!(r.xml_text("RequestId").is_some());
    assert!(r.xml_text("Type").is_some());
}

#[test]
fn signed_call_returns_the_seed_identity() {
    let emu = Emulator::start();
    for ct in [FORM, "application/x-www-form-urlencoded; charset=utf-8"] {
        let r = call_with(&emu, &ALICE, &emu.amz_now(), ct, BODY, |_| {}).unwrap();
        assert_eq!(r.status, 200, "{}", r.body);
        assert_eq!(r.header("content-type"), Some("text/xml"));
        assert!(r.body.starts_with("<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"));
        assert_eq!(r.xml_text("Arn").as_deref(), Some("arn:aws:iam::111122223333:user/alice"));
        assert_eq!(r.xml_text("UserId").as_deref(), Some("AIDAEMULATORALICE0001"));
        assert_eq!(r.xml_text("Account").as_deref(), Some("111122223333"));
        assert!(r.xml_text("RequestId").is_some());
    }
    let log = emu.control("GET", "/requests", None);
    assert_eq!(log.as_array().unwrap().len(), 2, "{}", log);
    assert_eq!(log[0]["operation"], "GetCallerIdentity");
    assert_eq!(log[0]["status"], 200);
    // Who signed: the access key id and its principal, never the secret.
    assert_eq!(log[0]["signedBy"], ALICE.access_key_id);
    assert_eq!(log[0]["caller"], "arn:aws:iam::111122223333:user/alice");
    assert!(!log.to_string().contains(ALICE.secret_access_key), "{}", log);
    emu.control("DELETE", "/requests", None);
    assert_eq!(emu.control("GET", "/requests", None), json!([]));
}

#[test]
fn sigv4_rejections() {
    let emu = Emulator::start();

    let r = emu.request("POST", "/", &[("Content-Type", FORM)], BODY.as_bytes()).unwrap();
    assert_sts_error(&r, 403, "MissingAuthenticationToken");

    let r = call_with(&emu, &ALICE, &emu.amz_now(), FORM, BODY, |h| {
        let auth = &mut h.iter_mut().find(|(n, _)| n == "Authorization").unwrap().1;
        let last = auth.pop().unwrap();
        auth.push(if last == '0' { '1' } else { '0' });
    })
    .unwrap();
    assert_sts_error(&r, 403, "SignatureDoesNotMatch");
    assert!(r.xml_text("Message").unwrap().starts_with("The request signature we calculated does not match"));

    // A body changed after signing.
    let now = emu.amz_now();
    let headers = sign(
        "POST",
        &[("host", &emu.authority), ("content-type", FORM)],
        BODY.as_bytes(),
        &ALICE,
        "us-east-1",
        "sts",
        &now,
    );
    let mut send: Vec<(&str, &str)> = vec![("Content-Type", FORM)];
    send.extend(headers.iter().map(|(n, v)| (n.as_str(), v.as_str())));
    let tampered = format!("{}&Extra=1", BODY);
    assert_sts_error(&emu.request("POST", "/", &send, tampered.as_bytes()).unwrap(), 403, "SignatureDoesNotMatch");
    assert_eq!(emu.request("POST", "/", &send, BODY.as_bytes()).unwrap().status, 200);

    let unknown = Credentials { access_key_id: "AKIAEMULATORUNKNOWN1", ..ALICE };
    let r = call(&emu, &unknown).unwrap();
    assert_sts_error(&r, 403, "InvalidClientTokenId");
    assert_eq!(r.xml_text("Message").as_deref(), Some("The security token included in the request is invalid."));

    let wrong_secret = Credentials { secret_access_key: "EMULATOR/fake/secret/for/alice/NOTREAL02", ..ALICE };
    assert_sts_error(&call(&emu, &wrong_secret).unwrap(), 403, "SignatureDoesNotMatch");

    // Wrong service in the scope.
    let now = emu.amz_now();
    let headers = sign(
        "POST",
        &[("host", &emu.authority), ("content-type", FORM)],
        BODY.as_bytes(),
        &ALICE,
        "us-east-1",
        "iam",
        &now,
    );
    let mut send: Vec<(&str, &str)> = vec![("Content-Type", FORM)];
    send.extend(headers.iter().map(|(n, v)| (n.as_str(), v.as_str())));
    let r = emu.request("POST", "/", &send, BODY.as_bytes()).unwrap();
    assert_sts_error(&r, 403, "SignatureDoesNotMatch");
    assert!(
        r.xml_text("Message").unwrap().contains("Credential should be scoped to correct service: &apos;sts&apos;."),
        "{}",
        r.body
    );
}

#[test]
fn clock_skew_over_five_minutes_is_rejected() {
    let emu = Emulator::start();
    let signed_at = emu.amz_now();
    emu.control("POST", "/clock", Some(json!({"offsetSeconds": 400})));
    let r = call_with(&emu, &ALICE, &signed_at, FORM, BODY, |_| {}).unwrap();
    assert_sts_error(&r, 403, "SignatureDoesNotMatch");
    assert!(r
        .xml_text("Message")
        .unwrap()
        .starts_with(&format!("Signature expired: {} is now earlier than", signed_at)));

    emu.control("POST", "/clock", Some(json!({"offsetSeconds": -400})));
    let r = call_with(&emu, &ALICE, &signed_at, FORM, BODY, |_| {}).unwrap();
    assert_sts_error(&r, 403, "SignatureDoesNotMatch");
    assert!(r.xml_text("Message").unwrap().contains("is still later than"));

    // Within five minutes is fine.
    emu.control("POST", "/clock", Some(json!({"offsetSeconds": 200})));
    assert_eq!(call_with(&emu, &ALICE, &signed_at, FORM, BODY, |_| {}).unwrap().status, 200);
}

#[test]
fn temporary_credentials_identify_the_role_session_and_expire() {
    let emu = Emulator::start();
    let arn = "arn:aws:sts::111122223333:assumed-role/ReadOnly/alice";
    let issued = emu.control("POST", "/credentials", Some(json!({"arn": arn, "ttlSeconds": 3600})));
    let akid = issued["accessKeyId"].as_str().unwrap();
    assert!(akid.starts_with("ASIA"));
    let creds = Credentials {
        access_key_id: akid,
        secret_access_key: issued["secretAccessKey"].as_str().unwrap(),
        session_token: issued["sessionToken"].as_str(),
    };
    let r = call(&emu, &creds).unwrap();
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.xml_text("Arn").as_deref(), Some(arn));
    let user_id = r.xml_text("UserId").unwrap();
    assert!(user_id.starts_with("AROA") && user_id.ends_with(":alice"), "{}", user_id);

    let wrong_token = Credentials { session_token: Some("not-the-issued-token"), ..creds };
    assert_sts_error(&call(&emu, &wrong_token).unwrap(), 403, "InvalidClientTokenId");
    let no_token = Credentials { session_token: None, ..creds };
    assert_sts_error(&call(&emu, &no_token).unwrap(), 403, "InvalidClientTokenId");

    let expired = emu.control("POST", "/credentials", Some(json!({"arn": arn, "ttlSeconds": -5})));
    let creds = Credentials {
        access_key_id: expired["accessKeyId"].as_str().unwrap(),
        secret_access_key: expired["secretAccessKey"].as_str().unwrap(),
        session_token: expired["sessionToken"].as_str(),
    };
    let r = call(&emu, &creds).unwrap();
    assert_sts_error(&r, 400, "ExpiredToken");
    assert_eq!(r.xml_text("Message").as_deref(), Some("The security token included in the request is expired"));

    // Credentials for the seeded IAM user take its identity.
    let user = emu.control(
        "POST",
        "/credentials",
        Some(json!({"arn": "arn:aws:iam::111122223333:user/alice", "ttlSeconds": 60})),
    );
    assert_eq!(user["userId"], "AIDAEMULATORALICE0001");
}

#[test]
fn action_and_version_errors() {
    let emu = Emulator::start();
    let send = |body: &str| call_with(&emu, &ALICE, &emu.amz_now(), FORM, body, |_| {}).unwrap();
    let r = send("Action=AssumeRoot&Version=2011-06-15");
    assert_sts_error(&r, 400, "InvalidAction");
    assert_sts_error(&send("Action=GetCallerIdentity"), 400, "MissingParameter");
    assert_sts_error(&send("Action=GetCallerIdentity&Version=2010-01-01"), 400, "InvalidAction");
    assert_sts_error(&send("Version=2011-06-15"), 400, "MissingAction");
}

#[test]
fn each_fault_kind_applies_to_count_requests_then_stops() {
    let emu = Emulator::start();
    let ok = |emu: &Emulator| {
        let r = call(emu, &ALICE).unwrap();
        assert_eq!(r.status, 200, "{}", r.body);
    };

    emu.control("POST", "/faults", Some(json!({"kind": "500", "count": 2})));
    for _ in 0..2 {
        let r = call(&emu, &ALICE).unwrap();
        assert_sts_error(&r, 500, "InternalFailure");
        assert_eq!(r.xml_text("Type").as_deref(), Some("Receiver"));
    }
    ok(&emu);

    emu.control("POST", "/faults", Some(json!({"kind": "throttle", "count": 2})));
    for _ in 0..2 {
        let r = call(&emu, &ALICE).unwrap();
        assert_sts_error(&r, 400, "Throttling");
        assert_eq!(r.xml_text("Message").as_deref(), Some("Rate exceeded"));
    }
    ok(&emu);

    emu.control("POST", "/faults", Some(json!({"kind": "delay", "count": 2, "delayMs": 300})));
    for _ in 0..2 {
        let t = Instant::now();
        ok(&emu);
        assert!(t.elapsed() >= Duration::from_millis(300));
    }
    let t = Instant::now();
    ok(&emu);
    assert!(t.elapsed() < Duration::from_millis(300));

    emu.control("POST", "/faults", Some(json!({"kind": "drop", "count": 2})));
    for _ in 0..2 {
        assert!(call(&emu, &ALICE).is_err(), "dropped connections give no response");
    }
    ok(&emu);

    // A fault scoped to another service's path leaves STS alone; DELETE clears the queue.
    emu.control("POST", "/faults", Some(json!({"kind": "500", "count": 5, "pathPrefix": "/v1/"})));
    ok(&emu);
    assert_eq!(emu.control("GET", "/faults", None)[0]["count"], 5);
    assert_eq!(emu.control("DELETE", "/faults", None)["cleared"], 1);

    let log = emu.control("GET", "/requests", None);
    let statuses: Vec<u64> = log.as_array().unwrap().iter().map(|r| r["status"].as_u64().unwrap()).collect();
    assert_eq!(statuses, vec![500, 500, 200, 400, 400, 200, 200, 200, 200, 0, 0, 200, 200]);
    assert_eq!(log[9]["fault"], "drop");
    assert_eq!(log[9]["operation"], "GetCallerIdentity");
}

#[test]
fn reserved_and_unknown_paths() {
    let emu = Emulator::start();
    // Every service is built (no 501 stub is left): SSO OIDC and the portal refuse a request
    // without a client or a bearer token.
    for (path, status) in [
        ("/client/register", 400),
        ("/device_authorization", 401),
        ("/token", 401),
        ("/federation/credentials", 401),
        ("/assignment/accounts", 401),
        ("/logout", 401),
    ] {
        assert_eq!(emu.request("POST", path, &[], b"").unwrap().status, status, "{}", path);
    }
    let r = emu.request("GET", "/nothing-here", &[], b"").unwrap();
    assert_eq!(r.status, 404);
    assert_eq!(r.json()["error"], "NotFound");
}

#[test]
fn shutdown_endpoint_and_stdin_eof_stop_the_process() {
    let mut emu = Emulator::start();
    emu.control("POST", "/shutdown", None);
    assert!(emu.wait_exit(Duration::from_secs(5)), "exits after POST /_emulator/shutdown");

    let mut emu = Emulator::start();
    emu.close_stdin();
    assert!(emu.wait_exit(Duration::from_secs(5)), "exits when stdin reaches EOF");
}

#[test]
fn custom_seed_file_and_port() {
    let dir = std::env::temp_dir().join(format!("awslogin-emulator-seed-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let seed = dir.join("seed.json");
    std::fs::write(
        &seed,
        json!({"iamUsers": [{"arn": "arn:aws:iam::444455556666:user/bob", "userId": "AIDABOB", "accessKeyId": "AKIABOB", "secretAccessKey": "bobsecret"}]}).to_string(),
    )
    .unwrap();
    let emu = Emulator::start_with(&["--seed", seed.to_str().unwrap(), "--region", "eu-west-1"]);
    let bob = Credentials { access_key_id: "AKIABOB", secret_access_key: "bobsecret", session_token: None };
    let r = call(&emu, &bob).unwrap();
    assert_eq!(r.xml_text("Account").as_deref(), Some("444455556666"), "{}", r.body);
    assert_sts_error(&call(&emu, &ALICE).unwrap(), 403, "InvalidClientTokenId");
    assert_eq!(emu.control("GET", "/health", None)["region"], "eu-west-1");
    drop(emu);
    let _ = std::fs::remove_dir_all(&dir);
}
