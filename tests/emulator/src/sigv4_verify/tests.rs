//! The verifier against the aws-c-auth SigV4 suite (all 38 header-signing cases), plus the
//! rejection paths. The suite is read from the team's shared folder, never copied into the repo.

use super::*;
use std::path::PathBuf;

fn vectors_dir() -> PathBuf {
    let shared = std::env::var_os("AWSLOGIN_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared")));
    shared.join("vectors").join("sigv4")
}

/// One parsed `header-signed-request.txt` plus its `context.json`.
struct Case {
    name: String,
    method: String,
    path: String,
    query: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    context: serde_json::Value,
    expected_canonical: String,
}

/// Parses the suite's raw request text. Header lines are `Name:value` (value kept untrimmed);
/// a line starting with whitespace continues the previous header (obsolete line folding), kept
/// with its newline so the verifier's whitespace folding is what gets tested.
fn parse_request(text: &str) -> (String, String, String, Vec<(String, String)>, Vec<u8>) {
    let (head, body) = text.split_once("\n\n").unwrap_or((text, ""));
    let mut lines = head.lines();
    let request_line = lines.next().expect("request line");
    let (method, rest) = request_line.split_once(' ').expect("method");
    // The target may contain spaces (get-space-*), so cut the protocol from the right.
    let target = rest.rsplit_once(' ').expect("protocol").0;
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in lines {
        if line.starts_with(' ') || line.starts_with('\t') {
            let last = headers.last_mut().expect("continuation without header");
            last.1.push('\n');
            last.1.push_str(line);
        } else {
            let (n, v) = line.split_once(':').expect("header line");
            headers.push((n.to_string(), v.to_string()));
        }
    }
    (method.into(), path.into(), query.into(), headers, body.as_bytes().to_vec())
}

fn load_cases() -> Vec<Case> {
    let dir = vectors_dir();
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("SigV4 vectors not found at {} ({}); set AWSLOGIN_SHARED_DIR", dir.display(), e))
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("context.json").exists())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let d = dir.join(&name);
            let read = |f: &str| std::fs::read_to_string(d.join(f)).unwrap_or_else(|e| panic!("{}/{}: {}", name, f, e));
            let (method, path, query, headers, body) = parse_request(&read("header-signed-request.txt"));
            Case {
                context: serde_json::from_str(&read("context.json")).expect("context.json"),
                expected_canonical: read("header-canonical-request.txt"),
                name,
                method,
                path,
                query,
                headers,
                body,
            }
        })
        .collect()
}

impl Case {
    fn request(&self) -> ReceivedRequest<'_> {
        ReceivedRequest {
            method: &self.method,
            raw_path: &self.path,
            raw_query: &self.query,
            headers: &self.headers,
            body: &self.body,
        }
    }

    fn config(&self) -> VerifyConfig<'_> {
        VerifyConfig {
            service: self.context["service"].as_str().unwrap(),
            now: crate::timefmt::parse_iso8601(self.context["timestamp"].as_str().unwrap()).unwrap(),
            normalize_path: self.context["normalize"].as_bool().unwrap(),
        }
    }

    fn lookup(&self) -> impl Fn(&str) -> Option<KeyMaterial> + '_ {
        move |akid: &str| {
            let c = &self.context["credentials"];
            (akid == c["access_key_id"].as_str().unwrap()).then(|| KeyMaterial {
                secret_access_key: c["secret_access_key"].as_str().unwrap().to_string(),
                session_token: c["token"].as_str().map(str::to_string),
                expires_at: None,
            })
        }
    }

    fn authorization(&self) -> AuthorizationHeader {
        let v = header_values(&self.headers, "authorization");
        parse_authorization(v[0]).unwrap()
    }

    fn with_header(&self, name: &str, value: &str) -> Vec<(String, String)> {
        let mut h: Vec<(String, String)> =
            self.headers.iter().filter(|(n, _)| !n.eq_ignore_ascii_case(name)).cloned().collect();
        h.push((name.to_string(), value.to_string()));
        h
    }
}

fn case(name: &str) -> Case {
    load_cases().into_iter().find(|c| c.name == name).unwrap()
}

#[test]
fn all_38_vector_cases_verify_and_reject_a_one_character_change() {
    let cases = load_cases();
    // No case is excluded: path normalisation follows each case's `normalize` flag, and the
    // payload hash is always computed from the received body, which is what `sign_body` cases
    // put in their signed `x-amz-content-sha256` header.
    assert_eq!(cases.len(), 38, "expected the 38 header cases of the aws-c-auth v4 suite");
    for c in &cases {
        let auth = c.authorization();
        let sign_body = c.context["sign_body"].as_bool().unwrap_or(false);
        assert_eq!(
            sign_body,
            auth.signed_headers.iter().any(|h| h == "x-amz-content-sha256"),
            "{}: sign_body flag and signed headers disagree",
            c.name
        );
        let body_hash = hex(&Sha256::digest(&c.body));
        let canonical =
            canonical_request(&c.request(), &auth.signed_headers, &body_hash, c.config().normalize_path).unwrap();
        assert_eq!(canonical, c.expected_canonical, "{}: canonical request", c.name);

        let lookup = c.lookup();
        let verified =
            verify(&c.request(), &c.config(), &lookup).unwrap_or_else(|e| panic!("{}: rejected: {:?}", c.name, e));
        assert_eq!(verified.access_key_id, "AKIDEXAMPLE");

        // Change one character of the signature.
        let mut sig: Vec<char> = auth.signature.chars().collect();
        let i = sig.len() / 2;
        sig[i] = if sig[i] == '0' { '1' } else { '0' };
        let sig: String = sig.into_iter().collect();
        let tampered_value = header_values(&c.headers, "authorization")[0].replace(&auth.signature, &sig);
        let headers = c.with_header("Authorization", &tampered_value);
        let req = ReceivedRequest { headers: &headers, ..c.request() };
        match verify(&req, &c.config(), &lookup) {
            Err(AuthError::SignatureDoesNotMatch(m)) => {
                assert!(m.starts_with("The request signature we calculated"))
            }
            other => panic!("{}: tampered signature gave {:?}", c.name, other),
        }
    }
}

#[test]
fn missing_authorization_is_missing_authentication_token() {
    let c = case("get-vanilla");
    let headers: Vec<_> = c.headers.iter().filter(|(n, _)| n != "Authorization").cloned().collect();
    let req = ReceivedRequest { headers: &headers, ..c.request() };
    let err = verify(&req, &c.config(), &c.lookup()).unwrap_err();
    assert_eq!((err.status(), err.code()), (403, "MissingAuthenticationToken"));
}

#[test]
fn unknown_key_is_invalid_client_token_id() {
    let c = case("get-vanilla");
    let err = verify(&c.request(), &c.config(), &|_: &str| None).unwrap_err();
    assert_eq!((err.status(), err.code()), (403, "InvalidClientTokenId"));
    assert_eq!(err.message(), "The security token included in the request is invalid.");
}

#[test]
fn wrong_service_scope_says_so() {
    let c = case("get-vanilla");
    let cfg = VerifyConfig { service: "sts", ..c.config() };
    let err = verify(&c.request(), &cfg, &c.lookup()).unwrap_err();
    assert_eq!(err.code(), "SignatureDoesNotMatch");
    assert!(err.message().contains("Credential should be scoped to correct service: 'sts'."), "{}", err.message());
}

fn with_auth(c: &Case, from: &str, to: &str) -> Vec<(String, String)> {
    let v = header_values(&c.headers, "authorization")[0].replace(from, to);
    c.with_header("Authorization", &v)
}

#[test]
fn bad_terminator_date_and_region_are_scope_errors() {
    let c = case("get-vanilla");
    for (from, to, needle) in [
        ("/aws4_request", "/aws5_request", "valid terminator"),
        ("/20150830/", "/20150831/", "Date in Credential scope does not match"),
        ("/us-east-1/", "/US_EAST/", "valid region"),
    ] {
        let headers = with_auth(&c, from, to);
        let req = ReceivedRequest { headers: &headers, ..c.request() };
        let err = verify(&req, &c.config(), &c.lookup()).unwrap_err();
        assert_eq!(err.code(), "SignatureDoesNotMatch");
        assert!(err.message().contains(needle), "{}", err.message());
    }
}

#[test]
fn host_and_date_must_be_signed() {
    let c = case("get-vanilla");
    for (signed, needle) in [("x-amz-date", "'Host'"), ("host", "'X-Amz-Date'")] {
        let headers = with_auth(&c, "SignedHeaders=host;x-amz-date", &format!("SignedHeaders={}", signed));
        let req = ReceivedRequest { headers: &headers, ..c.request() };
        let err = verify(&req, &c.config(), &c.lookup()).unwrap_err();
        assert_eq!(err.code(), "SignatureDoesNotMatch");
        assert!(err.message().contains(needle), "{}", err.message());
    }
}

#[test]
fn clock_skew_beyond_five_minutes_is_rejected_both_ways() {
    let c = case("get-vanilla");
    let base = c.config().now;
    let ok_late = VerifyConfig { now: base + 300, ..c.config() };
    assert!(verify(&c.request(), &ok_late, &c.lookup()).is_ok());
    let late = VerifyConfig { now: base + 301, ..c.config() };
    let err = verify(&c.request(), &late, &c.lookup()).unwrap_err();
    assert_eq!(err.code(), "SignatureDoesNotMatch");
    assert!(err.message().starts_with("Signature expired: 20150830T123600Z is now earlier than"), "{}", err.message());
    let early = VerifyConfig { now: base - 301, ..c.config() };
    let err = verify(&c.request(), &early, &c.lookup()).unwrap_err();
    assert!(err.message().contains("is still later than"), "{}", err.message());
}

#[test]
fn session_token_must_match_and_not_be_expired() {
    let c = case("get-vanilla-with-session-token");
    let wrong = c.with_header("X-Amz-Security-Token", "not-the-token");
    let req = ReceivedRequest { headers: &wrong, ..c.request() };
    assert_eq!(verify(&req, &c.config(), &c.lookup()).unwrap_err(), AuthError::InvalidClientTokenId);
    let missing: Vec<_> = c.headers.iter().filter(|(n, _)| n != "X-Amz-Security-Token").cloned().collect();
    let req = ReceivedRequest { headers: &missing, ..c.request() };
    assert_eq!(verify(&req, &c.config(), &c.lookup()).unwrap_err(), AuthError::InvalidClientTokenId);

    // A token sent with long-term keys is invalid too.
    let plain = case("get-vanilla");
    let with_token = plain.with_header("X-Amz-Security-Token", "stray");
    let req = ReceivedRequest { headers: &with_token, ..plain.request() };
    assert_eq!(verify(&req, &plain.config(), &plain.lookup()).unwrap_err(), AuthError::InvalidClientTokenId);

    let now = c.config().now;
    let expired = |akid: &str| c.lookup()(akid).map(|k| KeyMaterial { expires_at: Some(now), ..k });
    let err = verify(&c.request(), &c.config(), &expired).unwrap_err();
    assert_eq!((err.status(), err.code()), (400, "ExpiredToken"));
    assert_eq!(err.message(), "The security token included in the request is expired");
}

#[test]
fn body_must_match_its_hash() {
    let c = case("post-x-www-form-urlencoded");
    let req = ReceivedRequest { body: b"Param1=value2", ..c.request() };
    assert_eq!(verify(&req, &c.config(), &c.lookup()).unwrap_err().code(), "SignatureDoesNotMatch");
    // Without the payload-hash header, a changed body still breaks the signature.
    let c = case("post-vanilla");
    let req = ReceivedRequest { body: b"x", ..c.request() };
    assert_eq!(verify(&req, &c.config(), &c.lookup()).unwrap_err().code(), "SignatureDoesNotMatch");
}

#[test]
fn malformed_authorization_is_incomplete_signature() {
    for v in [
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request",
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/aws4_request, SignedHeaders=host, Signature=00",
        "AWS4-ECDSA-P256-SHA256 Credential=a/b/c/d/e, SignedHeaders=host, Signature=00",
    ] {
        let err = parse_authorization(v).unwrap_err();
        assert_eq!((err.status(), err.code()), (400, "IncompleteSignature"), "{}", v);
    }
    let ok = parse_authorization(
        "AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/sts/aws4_request,SignedHeaders=Host;x-amz-date,Signature=ab",
    )
    .unwrap();
    assert_eq!(ok.signed_headers, vec!["host", "x-amz-date"]);
}

#[test]
fn path_normalisation() {
    assert_eq!(canonical_uri("/a/./b/../c//", true), "/a/c/");
    assert_eq!(canonical_uri("/a/b/..", true), "/a/");
    assert_eq!(canonical_uri("", true), "/");
    assert_eq!(canonical_uri("/a%20b", true), "/a%2520b");
}
