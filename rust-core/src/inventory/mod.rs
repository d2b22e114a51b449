//! What this machine has: the profiles of the shared config and credentials files, and the
//! console-login and IAM Identity Center sessions in the token caches, with the profiles that
//! use each. Read from files only: no network call, no refresh, and never a secret in the result.
//!
//! - [`profiles`]: the profile list (`Get-AWSCredential -ListProfileDetail`, tab completion).
//! - [`sessions`]: the sessions view (`Get-AWSLoginSession`).

pub mod profiles;
pub mod sessions;

use crate::config::{LoadedProfiles, ProfileFiles};
use crate::error::Result;
use crate::interact::Interaction;
use crate::ops::CommonRequest;
use serde_json::{json, Value};

/// The `awslogin_list_profiles` operation: `{"profiles":[...], "configPath", "credentialsPath"}`,
/// plus `"sessions":[...]` when the request has `"includeSessions": true`.
pub async fn list_op(req: Value, ui: &Interaction) -> Result<Value> {
    let include_sessions = req.get("includeSessions").and_then(Value::as_bool).unwrap_or(false);
    let req = CommonRequest::from_json(req)?;
    let os = req.os();
    let files = ProfileFiles { config_path: None, credentials_path: req.profile_location().map(str::to_string) };
    let loaded: LoadedProfiles = crate::config::load(&os, &files)?;
    for warning in loaded.profiles.warnings() {
        ui.verbose(warning.clone());
    }
    let mut out = json!({
        "profiles": profiles::list(&loaded),
        "configPath": loaded.config_path,
        "credentialsPath": loaded.credentials_path,
    });
    if include_sessions {
        out["sessions"] = serde_json::to_value(sessions::list(&os, &loaded, ui)?)
            .map_err(|e| crate::Error::internal(e.to_string()))?;
    }
    Ok(out)
}
