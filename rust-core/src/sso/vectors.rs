//! The smithy-rs SSO scenarios in `<shared>/vectors/sso` (read in place, never copied): each folder
//! has `env.json`, a home folder under `fs/`, the recorded `http-traffic.json` and the expected
//! `test-case.json`. The folder is `$AWSLOGIN_SHARED_DIR` or `../../shared` from this crate.

use super::{provider, Target, Transport};
use crate::credentials::{BaseProvider, ProviderContext};
use crate::http::HttpResponse;
use crate::interact::Interaction;
use crate::os::{FixedClock, MapEnv, MapFs, Os};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

fn shared_dir() -> PathBuf {
    let shared = std::env::var("AWSLOGIN_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared")));
    let dir = shared.join("vectors/sso");
    assert!(
        dir.is_dir(),
        "the SSO vectors folder {} is missing; set AWSLOGIN_SHARED_DIR to the shared reference folder",
        dir.display()
    );
    dir
}

fn read_json(p: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))).unwrap()
}

fn walk(root: &Path, dir: &Path, out: &mut MapFs) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            walk(root, &p, out);
        } else {
            let rel = p.strip_prefix(root).unwrap();
            out.0.insert(Path::new("/").join(rel), std::fs::read(&p).unwrap());
        }
    }
}

/// The OS of a scenario: its env, its `fs/` tree mounted at `/`, and a clock at the recording's date.
fn scenario_os(case: &Path) -> Os {
    let env: std::collections::HashMap<String, String> =
        serde_json::from_value(read_json(&case.join("env.json"))).unwrap();
    let mut fs = MapFs::default();
    if case.join("fs").is_dir() {
        walk(&case.join("fs"), &case.join("fs"), &mut fs);
    }
    let clock = crate::util::time::parse_rfc3339("2021-08-05T18:58:02Z").unwrap();
    Os { env: Arc::new(MapEnv(env)), fs: Arc::new(fs), clock: Arc::new(FixedClock(clock)) }
}

/// Replays `http-traffic.json`: each request must match the recorded method, URI and bearer header.
fn replay(case: &Path) -> (Transport, Arc<Mutex<usize>>) {
    let traffic = read_json(&case.join("http-traffic.json"));
    let mut exchanges: Vec<(Value, u16, String)> = Vec::new();
    for ev in traffic["events"].as_array().unwrap() {
        let a = &ev["action"];
        if let Some(r) = a.get("Request") {
            exchanges.push((r["request"].clone(), 0, String::new()));
        } else if let Some(r) = a.get("Response") {
            exchanges.last_mut().unwrap().1 = r["response"]["Ok"]["status"].as_u64().unwrap() as u16;
        } else if let Some(d) = a.get("Data") {
            if d["direction"] == "Response" {
                exchanges.last_mut().unwrap().2.push_str(d["data"]["Utf8"].as_str().unwrap_or_default());
            }
        }
    }
    let used = Arc::new(Mutex::new(0usize));
    let u2 = used.clone();
    let t = Transport::fake(move |req| {
        let mut n = u2.lock().unwrap();
        let (expected, status, body) =
            exchanges.get(*n).unwrap_or_else(|| panic!("unexpected request {}", req.url)).clone();
        *n += 1;
        assert_eq!(req.url, expected["uri"].as_str().unwrap());
        assert_eq!(req.method, expected["method"].as_str().unwrap());
        for (k, vs) in expected["headers"].as_object().unwrap() {
            if k == "host" {
                continue;
            }
            let got = req.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(k)).map(|(_, v)| v.as_str());
            assert_eq!(got, vs[0].as_str(), "header {k}");
        }
        Ok(HttpResponse { status, headers: vec![], body: body.into_bytes() })
    });
    (t, used)
}

#[test]
fn profile_provider_scenarios() {
    let dir = shared_dir().join("profile-provider");
    let mut ran = 0;
    for name in ["sso_credentials", "sso_override_global_env_url", "sso_token", "invalid_sso_credentials_config"] {
        let case = dir.join(name);
        let os = scenario_os(&case);
        let (transport, used) = replay(&case);
        let expected = read_json(&case.join("test-case.json"))["result"].clone();
        let profile_name = os.env.var("AWS_PROFILE").unwrap_or_else(|| "default".into());
        let loaded = crate::config::load(&os, &Default::default()).unwrap();
        let ui = Interaction::collecting();
        let region = "us-east-1";
        let endpoints = super::configured_endpoints(&loaded.profiles, Some(&profile_name));
        let ctx = ProviderContext {
            env_map: None,
            os: &os,
            ui: &ui,
            profile_name: &profile_name,
            profiles: &loaded.profiles,
            region,
            endpoints: &endpoints,
        };
        let profile = loaded.profiles.profile(&profile_name).unwrap();
        let outcome = match crate::credentials::repr::base_provider(&profile_name, profile, &loaded.profiles).unwrap() {
            BaseProvider::Sso(s) => crate::runtime::block_on(provider::credentials(&ctx, &s, &transport)),
            other => panic!("{name}: not an SSO profile: {other:?}"),
        };
        if let Some(ok) = expected.get("Ok") {
            let c = outcome.unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(c.access_key_id, ok["access_key_id"].as_str().unwrap(), "{name}");
            assert_eq!(c.secret_access_key, ok["secret_access_key"].as_str().unwrap(), "{name}");
            assert_eq!(c.session_token.as_deref(), ok["session_token"].as_str(), "{name}");
            assert_eq!(c.account_id.as_deref(), ok["account_id"].as_str(), "{name}");
            assert_eq!(
                crate::util::time::epoch_seconds(c.expiration.unwrap()),
                ok["expiry"].as_i64().unwrap(),
                "{name}"
            );
            assert_eq!(*used.lock().unwrap(), 1, "{name}: one GetRoleCredentials call");
        } else {
            let want = expected["ErrorContains"].as_str().unwrap();
            let e = outcome.unwrap_err();
            assert!(e.message.contains(want), "{name}: {e}");
            assert_eq!(*used.lock().unwrap(), 0, "{name}: no network call");
        }
        ran += 1;
    }
    assert_eq!(ran, 4);
}

#[test]
fn token_provider_scenarios() {
    let dir = shared_dir().join("token-provider");
    let mut names: Vec<_> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    names.sort();
    assert!(names.len() >= 3);
    for case in names {
        let os = scenario_os(&case);
        let expected = read_json(&case.join("test-case.json"))["result"].clone();
        let profile_name = os.env.var("AWS_PROFILE").unwrap_or_else(|| "default".into());
        let loaded = crate::config::load(&os, &Default::default()).unwrap();
        let settings = super::profile_settings(&loaded.profiles, &profile_name, None).unwrap();
        let target = Target { settings, profile_name: Some(profile_name), endpoints: Default::default() };
        let ui = Interaction::collecting();
        let t = crate::runtime::block_on(provider::valid_token(
            &os,
            &ui,
            &Transport::fake(|r| panic!("no call expected: {}", r.url)),
            &target,
        ));
        let ok = &expected["Ok"];
        let t = t.unwrap_or_else(|e| panic!("{}: {e}", case.display()));
        assert_eq!(t.access_token, ok["token"].as_str().unwrap());
        assert_eq!(crate::util::time::format_rfc3339(t.expires_at), ok["expiration"].as_str().unwrap());
    }
}
