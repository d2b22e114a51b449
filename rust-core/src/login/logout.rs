//! `Invoke-AWSLogout`: deletes the profile's login cache file, or with `all` every file in the
//! cache folder that holds login credentials. Nothing is sent to AWS and the config file is left
//! alone. `whatIf` only reports what would be removed.

use super::cache;
use crate::config::{self, ProfileFiles};
use crate::error::codes;
use crate::error::{Error, Result};
use crate::interact::Interaction;
use crate::ops::CommonRequest;
use serde::Deserialize;
use serde_json::{json, Value};
use std::path::PathBuf;

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct LogoutRequest {
    #[serde(flatten)]
    pub common: CommonRequest,
    pub all: bool,
    pub what_if: bool,
}

/// Whether a cache file holds login credentials (`accessToken` is an object with `accessKeyId`).
fn is_login_token(bytes: &[u8]) -> bool {
    serde_json::from_slice::<Value>(bytes)
        .ok()
        .and_then(|v| v.get("accessToken").and_then(|a| a.get("accessKeyId")).map(|_| ()))
        .is_some()
}

pub async fn logout_op(req: Value, ui: &Interaction) -> Result<Value> {
    let req: LogoutRequest = serde_json::from_value(req)
        .map_err(|e| Error::of(codes::INVALID_REQUEST, format!("The request is malformed: {e}")))?;
    let os = req.common.os();
    let targets: Vec<PathBuf>;
    let profile_name;
    if req.all {
        profile_name = None;
        let dir = cache::cache_dir(&os)?;
        let mut found = Vec::new();
        if let Ok(entries) = std::fs::read_dir(&dir) {
            for e in entries.flatten() {
                let p = e.path();
                if p.extension().is_some_and(|x| x == "json")
                    && p.is_file()
                    && std::fs::read(&p).is_ok_and(|b| is_login_token(&b))
                {
                    found.push(p);
                }
            }
        }
        found.sort();
        targets = found;
    } else {
        let name = req
            .common
            .profile_name()
            .map(str::to_string)
            .unwrap_or_else(|| config::location::selected_profile_name(os.env.as_ref()));
        let files =
            ProfileFiles { config_path: None, credentials_path: req.common.profile_location().map(str::to_string) };
        let loaded = config::load(&os, &files)?;
        let where_ = loaded.config_path.clone().unwrap_or_else(|| "~/.aws/config".into());
        let profile = loaded.profiles.profile(&name).ok_or_else(|| {
            Error::of(
                codes::PROFILE_NOT_FOUND,
                format!("Profile {name} not found in the shared config ({where_}) file."),
            )
        })?;
        let session = profile.get("login_session").map(str::trim).filter(|s| !s.is_empty()).ok_or_else(|| {
            Error::of(codes::NO_LOGIN_SESSION, format!("Profile {name} is not associated with a login session."))
        })?;
        let path = cache::cache_path(&os, session)?;
        targets = if path.exists() { vec![path] } else { Vec::new() };
        if targets.is_empty() {
            ui.warning(format!("No cached login credentials were found for profile '{name}'."));
        }
        profile_name = Some(name);
    }
    let listed: Vec<String> = targets.iter().map(|p| p.display().to_string()).collect();
    if req.what_if {
        return Ok(json!({ "whatIf": true, "profileName": profile_name, "files": listed, "removed": 0 }));
    }
    let mut removed = 0;
    for p in &targets {
        // Under the file's lock: a refresh in flight cannot write the session back afterwards.
        let undeletable = |e: std::io::Error| {
            Error::of(
                codes::LOGIN_CACHE_UNDELETABLE,
                format!("Cannot delete the login cache file {}: {e}.", p.display()),
            )
        };
        if crate::cache::refresh::remove_locked(p, undeletable).await? {
            removed += 1;
        }
    }
    let message = match (&profile_name, removed) {
        (Some(p), 1) => format!("Removed cached login credentials for profile '{p}'. Note, any local developer tools that have already loaded the access token may continue to use it until its expiration. Access tokens expire in 15 minutes."),
        (Some(_), _) => String::new(),
        (None, 0) => "No cached login session tokens found.".to_string(),
        (None, n) => format!("Removed {n} cached login credential(s). Note, any local developer tools that have already loaded access tokens may continue to use them until their expiration. Access tokens expire in 15 minutes."),
    };
    if !message.is_empty() {
        ui.info(message.clone());
    }
    Ok(json!({ "whatIf": false, "profileName": profile_name, "files": listed, "removed": removed, "message": message }))
}
