//! Runs every case of the cross-SDK `login-provider-test-cases.json` (read in place from the
//! shared folder: `$AWSLOGIN_SHARED_DIR` or `../../shared`) through the real credential chain,
//! with the sign-in endpoint pointed at a local fake server.

mod support;

use awslogin_core::chain::resolve;
use awslogin_core::interact::Interaction;
use awslogin_core::ops::CommonRequest;
use awslogin_core::os::{FixedClock, MapEnv, Os, RealFs};
use serde_json::Value;
use std::path::PathBuf;
use std::sync::Arc;
use support::fake_signin::{check_dpop, temp_dir, FakeServer};

fn vectors() -> Vec<Value> {
    let shared = std::env::var("AWSLOGIN_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared")));
    let path = shared.join("vectors/login/login-provider-test-cases.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {} ({e}); set AWSLOGIN_SHARED_DIR", path.display()));
    serde_json::from_str::<Value>(&text).unwrap().as_array().unwrap().clone()
}

#[test]
fn all_login_provider_cases() {
    let cases = vectors();
    assert_eq!(cases.len(), 8);
    for case in cases {
        run_case(&case);
    }
}

fn run_case(case: &Value) {
    let name = case["documentation"].as_str().unwrap();
    let dir = temp_dir("loginvec");
    std::fs::write(dir.join("config"), case["configContents"].as_str().unwrap()).unwrap();
    let cache = dir.join("cache");
    std::fs::create_dir_all(&cache).unwrap();
    let mut before = Vec::new();
    for (file, doc) in case["cacheContents"].as_object().unwrap() {
        let text = doc.to_string();
        std::fs::write(cache.join(file), &text).unwrap();
        before.push((cache.join(file), text));
    }
    let calls = case["mockApiCalls"].as_array().cloned().unwrap_or_default();
    let responses = calls
        .iter()
        .map(|c| match c.get("response") {
            Some(r) => (200, r["tokenOutput"].to_string()),
            None => (
                c["responseCode"].as_u64().unwrap() as u16,
                r#"{"error":"INVALID_REQUEST","message":"bad refresh token"}"#.to_string(),
            ),
        })
        .collect();
    let server = FakeServer::start(responses);
    let env = MapEnv::from_pairs([
        ("HOME", dir.to_str().unwrap()),
        ("AWS_CONFIG_FILE", dir.join("config").to_str().unwrap()),
        ("AWS_SHARED_CREDENTIALS_FILE", dir.join("credentials").to_str().unwrap()),
        ("AWS_LOGIN_CACHE_DIRECTORY", cache.to_str().unwrap()),
        ("AWS_ENDPOINT_URL_SIGNIN", server.base.as_str()),
        ("AWS_REGION", "us-east-1"),
    ]);
    let now = awslogin_core::util::time::parse_rfc3339("2025-11-19T00:00:00Z").unwrap();
    let os = Os { env: Arc::new(env), fs: Arc::new(RealFs), clock: Arc::new(FixedClock(now)) };
    let req = CommonRequest { profile_name: Some("signin".into()), ..Default::default() };
    let ui = Interaction::collecting();
    let outcome = awslogin_core::runtime::block_on(resolve(&req, &os, &ui));

    let requests = server.requests();
    assert_eq!(requests.len(), calls.len(), "{name}: token calls");
    for (r, c) in requests.iter().zip(&calls) {
        assert_eq!((r.method.as_str(), r.path.as_str()), ("POST", "/v1/token"), "{name}");
        assert_eq!(r.json(), c["request"]["tokenInput"], "{name}: request body");
        assert!(r.header("content-type").unwrap().starts_with("application/json"));
        assert!(r.header("authorization").is_none(), "{name}: the token call is unsigned");
        check_dpop(r.header("dpop").expect("DPoP header"), &format!("{}/v1/token", server.base));
    }

    for expected in case["outcomes"].as_array().unwrap() {
        match expected["result"].as_str().unwrap() {
            "credentials" => {
                let c = &outcome.as_ref().unwrap_or_else(|e| panic!("{name}: {e}")).credentials;
                assert_eq!(c.access_key_id, expected["accessKeyId"], "{name}");
                assert_eq!(c.secret_access_key, expected["secretAccessKey"], "{name}");
                assert_eq!(c.session_token.as_deref().unwrap(), expected["sessionToken"], "{name}");
                assert_eq!(c.account_id.as_deref().unwrap(), expected["accountId"], "{name}");
                assert_eq!(
                    awslogin_core::util::time::format_rfc3339(c.expiration.unwrap()),
                    expected["expiresAt"],
                    "{name}"
                );
            }
            "cacheContents" => {
                for (file, doc) in expected.as_object().unwrap().iter().filter(|(k, _)| *k != "result") {
                    let text = std::fs::read_to_string(cache.join(file)).unwrap();
                    assert!(!text.contains('\n'), "{name}: one line");
                    assert!(text.starts_with("{\"accessToken\": {\"accessKeyId\": "), "{name}: CLI layout: {text}");
                    let got: Value = serde_json::from_str(&text).unwrap();
                    assert_eq!(&got, doc, "{name}: cache document");
                    #[cfg(unix)]
                    {
                        use std::os::unix::fs::PermissionsExt;
                        assert_eq!(std::fs::metadata(cache.join(file)).unwrap().permissions().mode() & 0o777, 0o600);
                    }
                }
            }
            "error" => {
                let e = outcome.as_ref().expect_err(name);
                assert!(
                    e.message.contains("Invoke-AWSLogin -ProfileName signin")
                        || e.message.contains("missing one or more required fields"),
                    "{name}: {}",
                    e.message
                );
                for (path, text) in &before {
                    assert_eq!(&std::fs::read_to_string(path).unwrap(), text, "{name}: the cache file is untouched");
                }
            }
            other => panic!("unknown outcome {other}"),
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
