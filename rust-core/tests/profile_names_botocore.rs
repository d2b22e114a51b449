//! Profile names: we accept exactly the names that both our parser and botocore (the AWS CLI's
//! parser) read back as the same profile.
//!
//! For a generated set of awkward names, each is written (bypassing our name check) into its own
//! config file with the editor, then read back by our parser and by botocore's `load_config`
//! under every Python on this machine (the image's current botocore and Debian's 1.29). The name
//! check must accept a name if and only if every reader finds exactly that profile with the value
//! written. Then every accepted name is written through the real update path into one file, and
//! botocore must read all of them.

use awslogin_core::config::{check_section_name, set_properties, set_properties_in_file, ProfileSet, SectionRef};
use std::path::{Path, PathBuf};
use std::process::Command;

const PYTHON_CHECK: &str = r#"
import json, sys
import botocore
from botocore.configloader import load_config
out = {"version": botocore.__version__, "results": []}
for name, path in json.load(sys.stdin):
    try:
        profiles = load_config(path).get("profiles", {})
        ok = list(profiles) == [name] and profiles[name].get("region") == "us-west-2"
    except Exception:
        ok = False
    out["results"].append(ok)
json.dump(out, sys.stdout)
"#;

/// The Pythons to check against: the first `python3` on PATH and Debian's.
fn pythons() -> Vec<String> {
    let mut found = Vec::new();
    for p in ["python3", "/usr/bin/python3"] {
        let ok = Command::new(p).args(["-c", "import botocore"]).output().is_ok_and(|o| o.status.success());
        if ok {
            found.push(p.to_string());
        }
    }
    assert!(!found.is_empty(), "no python3 with botocore was found (bootstrap.sh installs python3-botocore)");
    found
}

/// Runs the botocore check over `(name, file)` pairs; returns botocore's version and one verdict each.
fn botocore_reads(python: &str, cases: &[(String, PathBuf)]) -> (String, Vec<bool>) {
    let input: Vec<(String, String)> = cases.iter().map(|(n, p)| (n.clone(), p.display().to_string())).collect();
    let mut child = Command::new(python)
        .args(["-c", PYTHON_CHECK])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    serde_json::to_writer(child.stdin.take().unwrap(), &input).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{python} failed");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let results = v["results"].as_array().unwrap().iter().map(|b| b.as_bool().unwrap()).collect();
    (v["version"].as_str().unwrap().to_string(), results)
}

fn awkward_names() -> Vec<String> {
    let mut names: Vec<String> = [
        "",
        " ",
        "default",
        "Default",
        "dev",
        "profile",
        "profile x",
        "[profile x",
        "x]",
        "a]b",
        "a;b",
        "a#b",
        "a=b",
        " a",
        "a ",
        "a\tb",
        "a\nb",
        "a\r\nb",
        "a\rb",
        "x]\n[profile y",
        "a\u{0}b",
        "é",
        "dev\u{00a0}",
        "sso-session x",
        "a b",
        "a%b",
        "a%(x)s",
        "arn:aws:iam::111122223333:user/alice@corp+1.x_y-z",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    names.push("a".repeat(300));
    for c in (0x20u8..0x7f).map(char::from) {
        names.push(format!("{c}dev"));
        names.push(format!("de{c}v"));
        names.push(format!("dev{c}"));
    }
    let mut seen = std::collections::HashSet::new();
    names.retain(|n| seen.insert(n.clone()));
    names
}

fn tmpdir() -> PathBuf {
    let d = std::env::temp_dir().join(format!("awslogin-names-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Whether our parser reads `text` as exactly one profile, `name`, with the region written.
fn ours_reads(text: &str, name: &str) -> bool {
    match ProfileSet::parse(Some(text), None) {
        Ok(set) => {
            set.names().collect::<Vec<_>>() == [name] && set.profile(name).unwrap().get("region") == Some("us-west-2")
        }
        Err(_) => false,
    }
}

#[test]
fn accepted_names_are_exactly_those_every_reader_reads_back() {
    let dir = tmpdir();
    let names = awkward_names();
    let mut cases = Vec::new();
    let mut ours = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let text = set_properties("", &SectionRef::Profile(name), &[("region", "us-west-2")]);
        let path = dir.join(format!("config-{i}"));
        std::fs::write(&path, &text).unwrap();
        ours.push(ours_reads(&text, name));
        cases.push((name.clone(), path));
    }
    let mut readers = vec![("awslogin".to_string(), ours)];
    for python in pythons() {
        let (version, verdicts) = botocore_reads(&python, &cases);
        readers.push((format!("botocore {version} ({python})"), verdicts));
    }
    let mut accepted = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let everyone = readers.iter().all(|(_, v)| v[i]);
        let ok = check_section_name("profile name", name, awslogin_core::error::codes::INVALID_PROFILE_NAME).is_ok();
        let verdicts: Vec<String> = readers.iter().map(|(r, v)| format!("{r}: {}", v[i])).collect();
        assert_eq!(ok, everyone, "{name:?}: accepted = {ok}, readers: {verdicts:?}");
        if ok {
            accepted.push(name.clone());
        }
    }
    assert!(accepted.len() > 150, "only {} names accepted", accepted.len());

    // Every accepted name through the real update path into one file.
    let shared = dir.join("shared-config");
    for name in &accepted {
        set_properties_in_file(&shared, &SectionRef::Profile(name), &[("region", "us-west-2")]).unwrap();
    }
    let set = ProfileSet::parse(Some(&std::fs::read_to_string(&shared).unwrap()), None).unwrap();
    let mut got: Vec<&str> = set.names().collect();
    got.sort();
    let mut want: Vec<&str> = accepted.iter().map(String::as_str).collect();
    want.sort();
    assert_eq!(got, want);
    for python in pythons() {
        let script = "import json,sys\nfrom botocore.configloader import load_config\nprint(json.dumps({k: v.get('region') for k, v in load_config(sys.argv[1])['profiles'].items()}))";
        let out = Command::new(&python).args(["-c", script, shared.to_str().unwrap()]).output().unwrap();
        assert!(out.status.success(), "{python}: {}", String::from_utf8_lossy(&out.stderr));
        let read: std::collections::BTreeMap<String, String> = serde_json::from_slice(&out.stdout).unwrap();
        let want: std::collections::BTreeMap<String, String> =
            accepted.iter().map(|n| (n.clone(), "us-west-2".to_string())).collect();
        assert_eq!(read, want, "{python}");
    }
    std::fs::remove_dir_all(Path::new(&dir)).unwrap();
}
