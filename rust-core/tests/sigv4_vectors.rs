//! Runs the aws-c-auth SigV4 test suite (header signing) against `awslogin_core::sigv4::sign`.
//!
//! The vectors are not copied into this repository: they are read from
//! `$AWSLOGIN_SHARED_DIR/vectors/sigv4`, or from `../../shared/vectors/sigv4` next to the crate.
//! A missing folder is a failure, not a skip, so a broken checkout cannot pass silently.

use awslogin_core::sigv4::{sign, Request, SigningParams, SigningSettings};
use awslogin_core::util::time::parse_rfc3339;
use std::fs;
use std::path::{Path, PathBuf};

const EXPECTED_CASES: usize = 38;

fn vectors_dir() -> PathBuf {
    let shared = std::env::var("AWSLOGIN_SHARED_DIR")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared").to_string());
    Path::new(&shared).join("vectors").join("sigv4")
}

/// A raw HTTP/1.1 request from `request.txt`.
struct RawRequest {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

/// Parses the request line, the headers (a line starting with white space continues the previous
/// value, kept with its line break so the signer's folding is what gets tested; repeated names
/// stay separate), a blank line and the body.
fn parse_request(text: &str) -> RawRequest {
    let (head, body) = match text.find("\n\n") {
        Some(i) => (&text[..i], &text[i + 2..]),
        None => (text.trim_end_matches('\n'), ""),
    };
    let mut lines = head.lines().map(|l| l.trim_end_matches('\r'));
    let request_line = lines.next().expect("request line");
    // The target may contain a raw space (`/example space/`), so split at the first and last.
    let (method, rest) = request_line.split_once(' ').expect("method");
    let (target, _version) = rest.rsplit_once(' ').expect("HTTP version");
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in lines {
        if line.starts_with(' ') || line.starts_with('\t') {
            let last = headers.last_mut().expect("continuation line after a header");
            last.1.push('\n');
            last.1.push_str(line);
        } else {
            let (name, value) = line.split_once(':').expect("header line");
            headers.push((name.to_string(), value.to_string()));
        }
    }
    RawRequest { method: method.into(), target: target.into(), headers, body: body.as_bytes().to_vec() }
}

fn read(dir: &Path, name: &str) -> String {
    fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{}: {e}", dir.join(name).display()))
}

/// Signs one case and returns the mismatches (empty when it passes).
fn run_case(dir: &Path) -> Vec<String> {
    let ctx: serde_json::Value = serde_json::from_str(&read(dir, "context.json")).expect("context.json");
    let raw = parse_request(&read(dir, "request.txt"));
    let creds = &ctx["credentials"];
    let flag = |k: &str| ctx[k].as_bool().unwrap_or(false);
    let params = SigningParams {
        access_key_id: creds["access_key_id"].as_str().unwrap(),
        secret_access_key: creds["secret_access_key"].as_str().unwrap(),
        session_token: creds["token"].as_str(),
        region: ctx["region"].as_str().unwrap(),
        service: ctx["service"].as_str().unwrap(),
        time: parse_rfc3339(ctx["timestamp"].as_str().unwrap()).expect("timestamp"),
        settings: SigningSettings {
            normalize_path: ctx["normalize"].as_bool().unwrap_or(true),
            payload_hash_header: flag("sign_body"),
            omit_session_token: flag("omit_session_token"),
        },
    };
    let req =
        Request { method: &raw.method, path_and_query: &raw.target, headers: raw.headers.clone(), body: &raw.body };
    let out = sign(&req, &params);

    let mut failures = Vec::new();
    let mut check = |what: &str, expected: &str, actual: &str| {
        if expected != actual {
            failures.push(format!("{what}:\n--- expected\n{expected}\n--- actual\n{actual}"));
        }
    };
    check("canonical request", read(dir, "header-canonical-request.txt").trim_end(), &out.canonical_request);
    check("string to sign", read(dir, "header-string-to-sign.txt").trim_end(), &out.string_to_sign);
    check("signature", read(dir, "header-signature.txt").trim(), &out.signature);

    let signed = read(dir, "header-signed-request.txt");
    let expected_auth =
        signed.lines().find_map(|l| l.strip_prefix("Authorization:")).map(str::trim).unwrap_or("<none>");
    let actual_auth =
        out.headers.iter().find(|(n, _)| n == "authorization").map(|(_, v)| v.as_str()).unwrap_or("<none>");
    check("authorization", expected_auth, actual_auth);

    // Every header the signed request gained must be among the ones we add, with the same value.
    let original = read(dir, "request.txt");
    for line in signed.split("\n\n").next().unwrap_or("").lines().skip(1) {
        if original.lines().any(|o| o == line) || line.starts_with(' ') {
            continue;
        }
        let (name, value) = line.split_once(':').unwrap();
        let ours = out.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.trim());
        check(&format!("added header {name}"), value.trim(), ours.unwrap_or("<missing>"));
    }
    failures
}

#[test]
fn aws_c_auth_sigv4_suite_header_signing() {
    let root = vectors_dir();
    let entries = fs::read_dir(&root).unwrap_or_else(|e| panic!("SigV4 vectors not found at {}: {e}", root.display()));
    let mut cases: Vec<PathBuf> =
        entries.map(|e| e.unwrap().path()).filter(|p| p.join("context.json").is_file()).collect();
    cases.sort();
    assert_eq!(cases.len(), EXPECTED_CASES, "expected {EXPECTED_CASES} case folders in {}", root.display());

    let mut failing = Vec::new();
    for case in &cases {
        let failures = run_case(case);
        if !failures.is_empty() {
            let name = case.file_name().unwrap().to_string_lossy().into_owned();
            eprintln!("=== {name}\n{}\n", failures.join("\n"));
            failing.push(name);
        }
    }
    assert!(failing.is_empty(), "{} of {} SigV4 cases failed: {}", failing.len(), cases.len(), failing.join(", "));
}
