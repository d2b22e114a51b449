//! Runs the cross-SDK profile vectors (`profile-parser-tests.json`, `file-location-tests.json`)
//! from the shared reference folder against `awslogin_core::config`.
//!
//! The vectors are read in place, never copied into the repository. The folder is
//! `$AWSLOGIN_SHARED_DIR` or `../../shared` from this crate; if it is missing the tests fail
//! rather than pass with nothing checked. No case is excluded.

use awslogin_core::config::location::{self, Platform};
use awslogin_core::config::ProfileSet;
use awslogin_core::os::MapEnv;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;

fn vectors_dir() -> PathBuf {
    let shared = std::env::var("AWSLOGIN_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared")));
    let dir = shared.join("vectors/profile");
    assert!(
        dir.is_dir(),
        "the profile vectors folder {} is missing; set AWSLOGIN_SHARED_DIR to the shared reference folder",
        dir.display()
    );
    dir
}

fn load_tests(file: &str) -> Vec<Value> {
    let path = vectors_dir().join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {}", path.display(), e));
    let json: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {}", path.display(), e));
    json["tests"].as_array().unwrap_or_else(|| panic!("{} has no \"tests\" array", path.display())).clone()
}

fn str_map(value: &Value) -> BTreeMap<String, String> {
    value
        .as_object()
        .map(|o| {
            o.iter().map(|(k, v)| (k.clone(), v.as_str().expect("property values are strings").to_string())).collect()
        })
        .unwrap_or_default()
}

/// The expected `{name: {key: value}}` map against what the set holds, or why they differ.
fn compare_sections<'a>(
    kind: &str,
    expected: &Value,
    names: Vec<&'a str>,
    get: impl Fn(&str) -> Option<&'a awslogin_core::config::Section>,
) -> Result<(), String> {
    let expected = expected.as_object().ok_or_else(|| format!("expected {} is not an object", kind))?;
    let mut want_names: Vec<&str> = expected.keys().map(String::as_str).collect();
    want_names.sort_unstable();
    if want_names != names {
        return Err(format!("{} names: expected {:?}, got {:?}", kind, want_names, names));
    }
    for (name, props) in expected {
        let section = get(name).expect("name listed");
        let got: BTreeMap<String, String> =
            section.properties().map(|(k, p)| (k.to_string(), p.value().to_string())).collect();
        let want = str_map(props);
        if got != want {
            return Err(format!("{} '{}': expected {:?}, got {:?}", kind, name, want, got));
        }
    }
    Ok(())
}

fn run_parser_case(case: &Value) -> Result<(), String> {
    let input = &case["input"];
    let result = ProfileSet::parse(input["configFile"].as_str(), input["credentialsFile"].as_str());
    let output = &case["output"];
    if let Some(fragment) = output["errorContaining"].as_str() {
        return match result {
            Err(e) if e.message.contains(fragment) => Ok(()),
            Err(e) => Err(format!("error {:?} does not contain {:?}", e.message, fragment)),
            Ok(_) => Err(format!("parsed, but expected an error containing {:?}", fragment)),
        };
    }
    let set = result.map_err(|e| format!("unexpected error: {}", e))?;
    let config = &output["config"];
    compare_sections("profiles", &config["profiles"], set.names().collect(), |n| set.profile(n))?;
    if !config["sso_sessions"].is_null() {
        compare_sections("sso_sessions", &config["sso_sessions"], set.sso_session_names().collect(), |n| {
            set.sso_session(n)
        })?;
    }
    Ok(())
}

#[test]
fn profile_parser_vectors() {
    let cases = load_tests("profile-parser-tests.json");
    // The shared copy has 65 cases; a different count means a truncated or replaced file.
    assert_eq!(cases.len(), 65, "expected the 65 cross-SDK parser cases");
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|case| {
            let name = case["name"].as_str().unwrap_or("<unnamed>");
            run_parser_case(case).err().map(|why| format!("{}: {}", name, why))
        })
        .collect();
    assert!(failures.is_empty(), "{} of {} parser cases failed:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

#[test]
fn file_location_vectors() {
    let cases = load_tests("file-location-tests.json");
    assert!(!cases.is_empty(), "no file-location cases");
    let mut failures = Vec::new();
    for case in &cases {
        let name = case["name"].as_str().unwrap_or("<unnamed>");
        let env = MapEnv(str_map(&case["environment"]).into_iter().collect());
        let platform = match case["platform"].as_str() {
            Some("windows") => Platform::Windows,
            Some("linux") | Some("macos") => Platform::Unix,
            other => {
                failures.push(format!("{}: unknown platform {:?}", name, other));
                continue;
            }
        };
        let mut check = |what: &str, got: Option<String>, want: &Value| {
            if let Some(want) = want.as_str() {
                if got.as_deref() != Some(want) {
                    failures.push(format!("{}: {} expected {:?}, got {:?}", name, what, want, got));
                }
            }
        };
        check("configLocation", location::config_file_path(&env, platform), &case["configLocation"]);
        check("credentialsLocation", location::credentials_file_path(&env, platform), &case["credentialsLocation"]);
        check("profile", Some(location::selected_profile_name(&env)), &case["profile"]);
    }
    assert!(
        failures.is_empty(),
        "{} of {} file-location cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
