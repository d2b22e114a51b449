//! The profiles and `sso-session` sections of both files, with where each came from, read
//! without any network call: the data behind tab completion of `-ProfileName` and
//! `-SessionName`, and any command that lists profiles.

use super::load::{load, LoadedProfiles, ProfileFiles};
use super::profile::FileKind;
use crate::error::Result;
use crate::interact::Interaction;
use crate::ops::CommonRequest;
use serde_json::{json, Value};

/// The listing of already loaded files: profiles (name, the file kinds and paths they came
/// from) and sso-sessions (name), both sorted by name, plus the two paths that were read.
pub fn describe(loaded: &LoadedProfiles) -> Value {
    let profiles: Vec<Value> = loaded
        .profiles
        .names()
        .map(|name| {
            let kinds: Vec<&str> = loaded
                .profiles
                .profile(name)
                .map(|p| p.sources())
                .unwrap_or_default()
                .iter()
                .map(|kind| match kind {
                    FileKind::Config => "config",
                    FileKind::Credentials => "credentials",
                })
                .collect();
            json!({ "name": name, "sources": kinds, "files": loaded.source_paths(name) })
        })
        .collect();
    let sessions: Vec<Value> = loaded.profiles.sso_session_names().map(|name| json!({ "name": name })).collect();
    json!({
        "profiles": profiles,
        "ssoSessions": sessions,
        "configFile": loaded.config_path,
        "credentialsFile": loaded.credentials_path,
    })
}

/// The one-shot operation: `profileLocation` (a credentials-file path, as `-ProfileLocation`)
/// and the request's environment (`AWS_CONFIG_FILE`, `AWS_SHARED_CREDENTIALS_FILE`, `HOME`)
/// choose the files.
pub async fn list_op(req: Value, ui: &Interaction) -> Result<Value> {
    let req = CommonRequest::from_json(req)?;
    let os = req.os();
    let files = ProfileFiles { config_path: None, credentials_path: req.profile_location().map(str::to_string) };
    let loaded = load(&os, &files)?;
    for warning in loaded.profiles.warnings() {
        ui.verbose(warning.clone());
    }
    Ok(describe(&loaded))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::os::{FixedClock, MapEnv, MapFs, Os};
    use std::path::PathBuf;
    use std::sync::Arc;

    #[test]
    fn lists_profiles_with_sources_and_sessions_sorted() {
        let fs = MapFs(
            [
                (
                    "/c/config",
                    &b"[profile dev]\nregion = x\n[sso-session corp]\nsso_region = y\n[default]\n[sso-session a]\n"[..],
                ),
                ("/c/creds", &b"[dev]\nk = v\n[ci]\nk = v\n"[..]),
            ]
            .iter()
            .map(|(p, b)| (PathBuf::from(p), b.to_vec()))
            .collect(),
        );
        let os = Os {
            env: Arc::new(MapEnv::from_pairs([
                ("AWS_CONFIG_FILE", "/c/config"),
                ("AWS_SHARED_CREDENTIALS_FILE", "/c/creds"),
            ])),
            fs: Arc::new(fs),
            clock: Arc::new(FixedClock(std::time::SystemTime::UNIX_EPOCH)),
        };
        let loaded = load(&os, &ProfileFiles::default()).unwrap();
        let doc = describe(&loaded);
        let names: Vec<&str> =
            doc["profiles"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["ci", "default", "dev"]);
        assert_eq!(doc["profiles"][2]["sources"], json!(["config", "credentials"]));
        assert_eq!(doc["profiles"][2]["files"], json!(["/c/config", "/c/creds"]));
        assert_eq!(doc["profiles"][0]["sources"], json!(["credentials"]));
        assert_eq!(doc["ssoSessions"], json!([{ "name": "a" }, { "name": "corp" }]));
        assert_eq!(doc["configFile"], "/c/config");
    }
}
