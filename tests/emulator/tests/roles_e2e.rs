//! End-to-end: STS AssumeRole (trust, external id, MFA, durations, role chaining) and
//! AssumeRoleWithWebIdentity, the container credentials endpoint and the IMDSv2 stand-in, each
//! proven by calling STS with what it issued.

mod common;

use common::signer::{sign, Credentials};
use common::{enc, Emulator, HttpResponse};
use serde_json::json;

const FORM: &str = "application/x-www-form-urlencoded";
const ACCOUNT: &str = "111122223333";

const ALICE: Credentials<'static> = Credentials {
    access_key_id: "AKIAEMULATORALICE001",
    secret_access_key: "EMULATOR/fake/secret/for/alice/NOTREAL01",
    session_token: None,
};

fn role(name: &str) -> String {
    format!("arn:aws:iam::{ACCOUNT}:role/{name}")
}

fn form(pairs: &[(&str, &str)]) -> String {
    pairs.iter().map(|(k, v)| format!("{}={}", k, enc(v))).collect::<Vec<_>>().join("&")
}

/// A signed STS call with `pairs` as the form body.
fn sts(emu: &Emulator, creds: &Credentials<'_>, pairs: &[(&str, &str)]) -> HttpResponse {
    let body = form(pairs);
    let headers = sign(
        "POST",
        &[("host", &emu.authority), ("content-type", FORM)],
        body.as_bytes(),
        creds,
        "us-east-1",
        "sts",
        &emu.amz_now(),
    );
    let mut send: Vec<(&str, &str)> = vec![("Content-Type", FORM)];
    send.extend(headers.iter().map(|(n, v)| (n.as_str(), v.as_str())));
    emu.request("POST", "/", &send, body.as_bytes()).unwrap()
}

fn assume(emu: &Emulator, creds: &Credentials<'_>, extra: &[(&str, &str)]) -> HttpResponse {
    let mut pairs = vec![("Action", "AssumeRole"), ("Version", "2011-06-15")];
    pairs.extend_from_slice(extra);
    sts(emu, creds, &pairs)
}

/// Owned credentials read from an AssumeRole-shaped XML answer.
struct Issued {
    akid: String,
    secret: String,
    token: String,
}

impl Issued {
    fn from_xml(r: &HttpResponse) -> Issued {
        assert_eq!(r.status, 200, "{}", r.body);
        Issued {
            akid: r.xml_text("AccessKeyId").unwrap(),
            secret: r.xml_text("SecretAccessKey").unwrap(),
            token: r.xml_text("SessionToken").unwrap(),
        }
    }
    fn from_json(v: &serde_json::Value, token_member: &str) -> Issued {
        Issued {
            akid: v["AccessKeyId"].as_str().unwrap().into(),
            secret: v["SecretAccessKey"].as_str().unwrap().into(),
            token: v[token_member].as_str().unwrap().into(),
        }
    }
    fn creds(&self) -> Credentials<'_> {
        Credentials { access_key_id: &self.akid, secret_access_key: &self.secret, session_token: Some(&self.token) }
    }
}

fn whoami(emu: &Emulator, c: &Credentials<'_>) -> String {
    let r = sts(emu, c, &[("Action", "GetCallerIdentity"), ("Version", "2011-06-15")]);
    assert_eq!(r.status, 200, "{}", r.body);
    r.xml_text("Arn").unwrap()
}

fn assert_error(r: &HttpResponse, status: u16, code: &str) {
    assert_eq!(r.status, status, "{}", r.body);
    assert!(r.body.starts_with("<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"), "{}", r.body);
    assert_eq!(r.xml_text("Code").as_deref(), Some(code), "{}", r.body);
}

#[test]
fn assume_role_issues_credentials_sts_accepts_and_counts_calls() {
    let emu = Emulator::start();
    let r = assume(&emu, &ALICE, &[("RoleArn", &role("EmulatorDeployer")), ("RoleSessionName", "deploy-1")]);
    assert!(
        r.body.starts_with("<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"),
        "{}",
        r.body
    );
    let arn = format!("arn:aws:sts::{ACCOUNT}:assumed-role/EmulatorDeployer/deploy-1");
    assert_eq!(r.xml_text("Arn").as_deref(), Some(arn.as_str()));
    assert!(r.xml_text("AssumedRoleId").unwrap().ends_with(":deploy-1"));
    let exp = r.xml_text("Expiration").unwrap();
    assert!(exp.len() == 20 && exp.ends_with('Z'), "{exp}");
    let issued = Issued::from_xml(&r);
    assert!(issued.akid.starts_with("ASIA"));
    assert_eq!(whoami(&emu, &issued.creds()), arn);
    let counts = emu.control("GET", "/counts", None);
    assert_eq!((counts["AssumeRole"].as_u64(), counts["GetCallerIdentity"].as_u64()), (Some(1), Some(1)), "{counts}");
}

#[test]
fn untrusted_or_unknown_roles_are_denied_naming_caller_and_role() {
    let emu = Emulator::start();
    for name in ["ReadOnly", "NoSuchRole", "EmulatorChainB"] {
        let r = assume(&emu, &ALICE, &[("RoleArn", &role(name)), ("RoleSessionName", "s1")]);
        assert_error(&r, 403, "AccessDenied");
        assert_eq!(
            r.xml_text("Message").unwrap(),
            format!(
                "User: arn:aws:iam::{ACCOUNT}:user/alice is not authorized to perform: sts:AssumeRole on resource: {}",
                role(name)
            )
        );
    }
}

#[test]
fn parameters_are_validated() {
    let emu = Emulator::start();
    let deployer = role("EmulatorDeployer");
    for extra in [
        vec![("RoleArn", deployer.as_str())],
        vec![("RoleArn", deployer.as_str()), ("RoleSessionName", "x")],
        vec![("RoleArn", deployer.as_str()), ("RoleSessionName", "bad name")],
        vec![("RoleArn", deployer.as_str()), ("RoleSessionName", &"a".repeat(65))],
        vec![("RoleArn", deployer.as_str()), ("RoleSessionName", "ok"), ("DurationSeconds", "899")],
        vec![("RoleArn", deployer.as_str()), ("RoleSessionName", "ok"), ("DurationSeconds", "3601")],
        vec![("RoleArn", deployer.as_str()), ("RoleSessionName", "ok"), ("DurationSeconds", "ten")],
        vec![("RoleSessionName", "ok")],
        vec![
            ("RoleArn", deployer.as_str()),
            ("RoleSessionName", "ok"),
            ("SerialNumber", "arn:aws:iam::111122223333:mfa/alice"),
        ],
        vec![("RoleArn", deployer.as_str()), ("RoleSessionName", "ok"), ("ExternalId", "x")],
    ] {
        assert_error(&assume(&emu, &ALICE, &extra), 400, "ValidationError");
    }
    // Within the role's own MaxSessionDuration, and its default of one hour.
    let long = role("EmulatorLongSession");
    assert_eq!(
        assume(&emu, &ALICE, &[("RoleArn", &long), ("RoleSessionName", "ok"), ("DurationSeconds", "7200")]).status,
        200
    );
    let r = assume(&emu, &ALICE, &[("RoleArn", &deployer), ("RoleSessionName", "a.b@c=d,e+f-g_h")]);
    assert_eq!(r.status, 200, "{}", r.body);
}

#[test]
fn role_chains_follow_trust_and_the_one_hour_limit() {
    let emu = Emulator::start();
    let a =
        Issued::from_xml(&assume(&emu, &ALICE, &[("RoleArn", &role("EmulatorDeployer")), ("RoleSessionName", "s-a")]));
    let b = Issued::from_xml(&assume(
        &emu,
        &a.creds(),
        &[("RoleArn", &role("EmulatorChainB")), ("RoleSessionName", "s-b")],
    ));
    let r = assume(
        &emu,
        &b.creds(),
        &[("RoleArn", &role("EmulatorChainC")), ("RoleSessionName", "s-c"), ("DurationSeconds", "3601")],
    );
    assert_error(&r, 400, "ValidationError");
    let c = Issued::from_xml(&assume(
        &emu,
        &b.creds(),
        &[("RoleArn", &role("EmulatorChainC")), ("RoleSessionName", "s-c")],
    ));
    assert_eq!(whoami(&emu, &c.creds()), format!("arn:aws:sts::{ACCOUNT}:assumed-role/EmulatorChainC/s-c"));
    // A session of ChainB is not trusted by ChainB itself, nor by the deployer's own trust list.
    assert_error(
        &assume(&emu, &a.creds(), &[("RoleArn", &role("EmulatorChainC")), ("RoleSessionName", "s-x")]),
        403,
        "AccessDenied",
    );
}

#[test]
fn external_id_must_match() {
    let emu = Emulator::start();
    let partner = role("EmulatorPartner");
    assert_error(&assume(&emu, &ALICE, &[("RoleArn", &partner), ("RoleSessionName", "s-p")]), 403, "AccessDenied");
    let wrong = [("RoleArn", partner.as_str()), ("RoleSessionName", "s-p"), ("ExternalId", "emulator-partner-41")];
    assert_error(&assume(&emu, &ALICE, &wrong), 403, "AccessDenied");
    let right = [("RoleArn", partner.as_str()), ("RoleSessionName", "s-p"), ("ExternalId", "emulator-partner-42")];
    assert_eq!(assume(&emu, &ALICE, &right).status, 200);
}

#[test]
fn mfa_requires_the_callers_device_and_the_current_code() {
    let emu = Emulator::start();
    let admin = role("EmulatorMfaAdmin");
    let device = "arn:aws:iam::111122223333:mfa/alice";
    let with = |serial: &str, code: &str| {
        assume(
            &emu,
            &ALICE,
            &[("RoleArn", &admin), ("RoleSessionName", "s-m"), ("SerialNumber", serial), ("TokenCode", code)],
        )
    };
    assert_error(&assume(&emu, &ALICE, &[("RoleArn", &admin), ("RoleSessionName", "s-m")]), 403, "AccessDenied");
    let r = with(device, "000000");
    assert_error(&r, 403, "AccessDenied");
    assert!(r.xml_text("Message").unwrap().contains("invalid MFA one time pass code"));
    assert_error(&with("arn:aws:iam::111122223333:mfa/bob", "123456"), 403, "AccessDenied");
    assert_error(&with(device, "12345"), 400, "ValidationError");
    assert_eq!(with(device, "123456").status, 200);
    emu.control("POST", "/mfa", Some(json!({"code": "654321"})));
    assert_error(&with(device, "123456"), 403, "AccessDenied");
    assert_eq!(with(device, "654321").status, 200);
}

/// An unsigned AssumeRoleWithWebIdentity.
fn web_identity(emu: &Emulator, token: &str, role_arn: &str, extra: &[(&str, &str)]) -> HttpResponse {
    let mut pairs = vec![
        ("Action", "AssumeRoleWithWebIdentity"),
        ("Version", "2011-06-15"),
        ("RoleArn", role_arn),
        ("RoleSessionName", "web"),
        ("WebIdentityToken", token),
    ];
    pairs.extend_from_slice(extra);
    let body = form(&pairs);
    emu.request("POST", "/", &[("Content-Type", FORM)], body.as_bytes()).unwrap()
}

fn mint(emu: &Emulator, body: serde_json::Value) -> String {
    emu.control("POST", "/web-identity-token", Some(body))["token"].as_str().unwrap().to_string()
}

#[test]
fn web_identity_checks_the_token_and_the_roles_trust() {
    let emu = Emulator::start();
    let app = role("EmulatorWebApp");
    let token = mint(&emu, json!({"sub": "system:serviceaccount:ns:app"}));
    let r = web_identity(&emu, &token, &app, &[]);
    assert!(r.body.starts_with("<AssumeRoleWithWebIdentityResponse"), "{}", r.body);
    assert_eq!(r.xml_text("SubjectFromWebIdentityToken").as_deref(), Some("system:serviceaccount:ns:app"));
    let issued = Issued::from_xml(&r);
    assert_eq!(whoami(&emu, &issued.creds()), format!("arn:aws:sts::{ACCOUNT}:assumed-role/EmulatorWebApp/web"));

    let expired = mint(&emu, json!({"sub": "s", "ttlSeconds": -5}));
    assert_error(&web_identity(&emu, &expired, &app, &[]), 400, "ExpiredTokenException");
    let mut tampered = token.clone();
    let last = tampered.pop().unwrap();
    tampered.push(if last == 'A' { 'B' } else { 'A' });
    assert_error(&web_identity(&emu, &tampered, &app, &[]), 400, "InvalidIdentityToken");
    let padded = format!("{}==", token.split('.').next().unwrap()) + &token[token.find('.').unwrap()..];
    assert_error(&web_identity(&emu, &padded, &app, &[]), 400, "InvalidIdentityToken");
    assert_error(&web_identity(&emu, "not-a-jwt", &app, &[]), 400, "InvalidIdentityToken");
    let other_aud = mint(&emu, json!({"sub": "s", "aud": "someone-else"}));
    assert_error(&web_identity(&emu, &other_aud, &app, &[]), 403, "AccessDenied");
    assert_error(&web_identity(&emu, &token, &role("EmulatorDeployer"), &[]), 403, "AccessDenied");
    assert_error(&web_identity(&emu, &token, &app, &[("DurationSeconds", "7200")]), 400, "ValidationError");

    // It is unsigned: a signed one is refused.
    let body = form(&[
        ("Action", "AssumeRoleWithWebIdentity"),
        ("Version", "2011-06-15"),
        ("RoleArn", &app),
        ("RoleSessionName", "web"),
        ("WebIdentityToken", &token),
    ]);
    let r = sts_raw_signed(&emu, &body);
    assert_error(&r, 400, "ValidationError");
    assert_eq!(emu.control("GET", "/counts", None)["AssumeRoleWithWebIdentity"], 9);
}

fn sts_raw_signed(emu: &Emulator, body: &str) -> HttpResponse {
    let headers = sign(
        "POST",
        &[("host", &emu.authority), ("content-type", FORM)],
        body.as_bytes(),
        &ALICE,
        "us-east-1",
        "sts",
        &emu.amz_now(),
    );
    let mut send: Vec<(&str, &str)> = vec![("Content-Type", FORM)];
    send.extend(headers.iter().map(|(n, v)| (n.as_str(), v.as_str())));
    emu.request("POST", "/", &send, body.as_bytes()).unwrap()
}

#[test]
fn container_endpoint_checks_authorization_and_serves_working_credentials() {
    let emu = Emulator::start();
    let task = role("EmulatorTaskRole");
    let path = emu.control("POST", "/container", Some(json!({"roleArn": task, "authorization": "Bearer abc"})))["path"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(path.starts_with("/v2/credentials/"), "{path}");
    assert_eq!(emu.request("GET", &path, &[], b"").unwrap().status, 401);
    assert_eq!(emu.request("GET", &path, &[("Authorization", "Bearer abd")], b"").unwrap().status, 403);
    assert_eq!(emu.request("GET", "/v2/credentials/unknown", &[], b"").unwrap().status, 404);
    let r = emu.request("GET", &path, &[("Authorization", "Bearer abc")], b"").unwrap();
    assert_eq!(r.status, 200, "{}", r.body);
    let v = r.json();
    assert_eq!(v["RoleArn"], task);
    assert!(v["Expiration"].as_str().unwrap().ends_with('Z'));
    let issued = Issued::from_json(&v, "Token");
    assert_eq!(
        whoami(&emu, &issued.creds()),
        format!("arn:aws:sts::{ACCOUNT}:assumed-role/EmulatorTaskRole/emulator-container")
    );

    let open = emu.control("POST", "/container", Some(json!({"roleArn": task})))["path"].as_str().unwrap().to_string();
    assert_eq!(emu.request("GET", &open, &[], b"").unwrap().status, 200);
    let r = emu.request("POST", "/_emulator/container", &[], br#"{"roleArn":"arn:aws:iam::1:user/x"}"#).unwrap();
    assert_eq!(r.status, 400);
}

#[test]
fn imds_requires_a_session_token_and_serves_the_instance_role() {
    let emu = Emulator::start();
    let list = "/latest/meta-data/iam/security-credentials/";
    assert_eq!(emu.request("GET", list, &[], b"").unwrap().status, 401);
    assert_eq!(emu.request("PUT", "/latest/api/token", &[], b"").unwrap().status, 400);
    assert_eq!(
        emu.request("PUT", "/latest/api/token", &[("X-aws-ec2-metadata-token-ttl-seconds", "0")], b"").unwrap().status,
        400
    );
    let fwd = [("X-aws-ec2-metadata-token-ttl-seconds", "60"), ("X-Forwarded-For", "10.0.0.1")];
    assert_eq!(emu.request("PUT", "/latest/api/token", &fwd, b"").unwrap().status, 403);
    let r = emu.request("PUT", "/latest/api/token", &[("X-aws-ec2-metadata-token-ttl-seconds", "21600")], b"").unwrap();
    assert_eq!(r.status, 200);
    assert_eq!(r.header("x-aws-ec2-metadata-token-ttl-seconds"), Some("21600"));
    let token = r.body.clone();
    assert_eq!(emu.request("GET", list, &[("X-aws-ec2-metadata-token", "forged")], b"").unwrap().status, 401);
    let h = [("X-aws-ec2-metadata-token", token.as_str())];
    let r = emu.request("GET", list, &h, b"").unwrap();
    assert_eq!((r.status, r.body.as_str()), (200, "EmulatorInstanceRole"));
    assert_eq!(emu.request("GET", &format!("{list}Other"), &h, b"").unwrap().status, 404);
    let r = emu.request("GET", &format!("{list}EmulatorInstanceRole"), &h, b"").unwrap();
    let v = r.json();
    assert_eq!((v["Code"].as_str(), v["Type"].as_str()), (Some("Success"), Some("AWS-HMAC")));
    let issued = Issued::from_json(&v, "Token");
    assert!(whoami(&emu, &issued.creds())
        .starts_with(&format!("arn:aws:sts::{ACCOUNT}:assumed-role/EmulatorInstanceRole/")));

    // A token expires with its TTL (emulator clock).
    let short =
        emu.request("PUT", "/latest/api/token", &[("X-aws-ec2-metadata-token-ttl-seconds", "5")], b"").unwrap().body;
    emu.control("POST", "/clock", Some(json!({"offsetSeconds": 10})));
    assert_eq!(emu.request("GET", list, &[("X-aws-ec2-metadata-token", short.as_str())], b"").unwrap().status, 401);
    emu.control("POST", "/clock", Some(json!({"offsetSeconds": 0})));

    emu.control("POST", "/imds", Some(json!({"roleArn": null})));
    assert_eq!(emu.request("GET", list, &h, b"").unwrap().status, 404);

    // Faults apply to IMDS paths too, in its plain-text shape, and are counted by operation.
    emu.control("POST", "/faults", Some(json!({"kind": "500", "pathPrefix": "/latest/"})));
    let r = emu.request("PUT", "/latest/api/token", &[("X-aws-ec2-metadata-token-ttl-seconds", "60")], b"").unwrap();
    assert_eq!(r.status, 500);
    assert!(emu.control("GET", "/counts", None)["ImdsGetToken"].as_u64().unwrap() >= 6);
}

#[test]
fn imds_v1_only_mode_refuses_tokens_and_serves_plain_gets() {
    let emu = Emulator::start();
    let list = "/latest/meta-data/iam/security-credentials/";
    let ttl = [("X-aws-ec2-metadata-token-ttl-seconds", "21600")];
    for status in [403, 404, 405] {
        let r = emu
            .request(
                "POST",
                "/_emulator/imds-mode",
                &[],
                json!({"mode": "v1-only", "tokenStatus": status}).to_string().as_bytes(),
            )
            .unwrap();
        assert_eq!(r.status, 200);
        assert_eq!(emu.request("PUT", "/latest/api/token", &ttl, b"").unwrap().status, status);
    }
    let r = emu.request("GET", list, &[], b"").unwrap();
    assert_eq!((r.status, r.body.as_str()), (200, "EmulatorInstanceRole"));
    let v = emu.request("GET", &format!("{list}EmulatorInstanceRole"), &[], b"").unwrap().json();
    let issued = Issued::from_json(&v, "Token");
    assert!(whoami(&emu, &issued.creds())
        .starts_with(&format!("arn:aws:sts::{ACCOUNT}:assumed-role/EmulatorInstanceRole/")));
    // Only the statuses the SDKs fall back on can be chosen.
    for bad in [
        json!({"mode": "v1-only", "tokenStatus": 400}),
        json!({"mode": "optional"}),
        json!({"mode": "v2-required", "tokenStatus": 404}),
    ] {
        assert_eq!(
            emu.request("POST", "/_emulator/imds-mode", &[], bad.to_string().as_bytes()).unwrap().status,
            400,
            "{bad}"
        );
    }
    // Back to IMDSv2 required: a plain GET is refused again and the token PUT works.
    emu.control("POST", "/imds-mode", Some(json!({"mode": "v2-required"})));
    assert_eq!(emu.request("GET", list, &[], b"").unwrap().status, 401);
    let token = emu.request("PUT", "/latest/api/token", &ttl, b"").unwrap().body;
    assert_eq!(emu.request("GET", list, &[("X-aws-ec2-metadata-token", token.as_str())], b"").unwrap().status, 200);
}
