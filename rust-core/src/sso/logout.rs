//! `Invoke-AWSSSOLogout`: the portal's Logout (errors ignored: the session may already be gone),
//! then the token file is deleted: the profile's, or with no profile every token file in the cache
//! (files holding `accessToken` and `expiresAt`; client registrations are kept).

use super::cache::{self, Read};
use super::portal::Portal;
use super::{Target, Transport};
use crate::error::codes;
use crate::error::{Error, Result};
use crate::http::{resolve_endpoint, Service};
use crate::interact::Interaction;
use crate::os::Os;
use serde_json::{json, Value};
use std::path::Path;

#[derive(Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct LogoutRequest {
    #[serde(flatten)]
    pub common: crate::ops::CommonRequest,
    pub session_name: Option<String>,
}

pub async fn run(req: Value, ui: &Interaction, http: &Transport) -> Result<Value> {
    let req: LogoutRequest = serde_json::from_value(req)
        .map_err(|e| Error::of(codes::INVALID_REQUEST, format!("The request is malformed: {e}")))?;
    let os = req.common.os();
    let dir = cache::cache_dir(&os)?;
    let mut removed = Vec::new();
    if req.common.profile_name().is_some() || req.session_name.as_deref().is_some_and(|s| !s.trim().is_empty()) {
        let loaded = super::login::load(&req.common, &os)?;
        let target =
            super::login::resolve_target(&loaded, &os, req.common.profile_name(), req.session_name.as_deref())?;
        let path = cache::token_path(&dir, target.settings.session_name.as_deref(), &target.settings.start_url);
        if logout_file(&os, ui, http, &path, Some(&target)).await? {
            removed.push(path.display().to_string());
        } else {
            ui.info(format!(
                "There is no cached IAM Identity Center token for {}; nothing to sign out.",
                target.describe()
            ));
        }
    } else {
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e.filter_map(|e| e.ok()).map(|e| e.path()).collect::<Vec<_>>(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => {
                return Err(Error::of(codes::SSO_CACHE_UNREADABLE, format!("Cannot list {}: {e}.", dir.display())))
            }
        };
        for path in entries.iter().filter(|p| p.extension().is_some_and(|x| x == "json")) {
            if logout_file(&os, ui, http, path, None).await? {
                removed.push(path.display().to_string());
            }
        }
    }
    super::provider::forget_role_credentials();
    if !removed.is_empty() {
        ui.info(format!("Signed out: removed {} IAM Identity Center token file(s). SDKs and tools that already loaded a token may keep using it until it expires.", removed.len()));
    }
    Ok(json!({"removed": removed}))
}

/// Signs out the token in `path`, if it is a token file. Returns whether a file was removed.
async fn logout_file(
    os: &Os,
    ui: &Interaction,
    http: &Transport,
    path: &Path,
    target: Option<&Target>,
) -> Result<bool> {
    // When scanning, only token files are signed out (registrations and anything else stay).
    if target.is_none() && !matches!(cache::read_token(os, path)?, Read::Ok(_)) {
        return Ok(false);
    }
    // The whole sign-out holds the file's lock, so a refresh in flight cannot write the token
    // back, nor rotate it between our Logout call at the portal and the deletion.
    let _lock = crate::cache::refresh::lock(path).await?;
    let token = match cache::read_token(os, path)? {
        Read::Missing => return Ok(false),
        // A registration file, or something else that is not a token: leave it alone when scanning.
        Read::Corrupt(_) if target.is_none() => return Ok(false),
        Read::Corrupt(why) => {
            ui.warning(format!(
                "The token file {} was unreadable ({why}); deleting it without signing out at the portal.",
                path.display()
            ));
            None
        }
        Read::Ok(t) => Some(t),
    };
    if let Some(t) = &token {
        let region = target.map(|t| t.settings.sso_region.clone()).or_else(|| t.region.clone());
        if let Some(region) = region.filter(|r| crate::regions::validate_region(r).is_ok()) {
            let endpoints = target.map(|t| t.endpoints.clone()).unwrap_or_default();
            match resolve_endpoint(Service::Sso, None, os.env.as_ref(), &endpoints, &region) {
                Ok(ep) => {
                    let p = Portal { endpoint: &ep.url, ui, http, access_token: &t.access_token, relogin_hint: "" };
                    match p.logout().await {
                        Ok(()) => ui.verbose(format!("Signed out at the IAM Identity Center portal {}.", ep.url)),
                        Err(e) if e.kind == crate::ErrorKind::Cancelled => return Err(e),
                        Err(e) => ui
                            .verbose(format!("The portal's Logout failed ({}); removing the token anyway.", e.message)),
                    }
                }
                Err(e) => ui.verbose(format!("No portal endpoint for Logout ({}).", e.message)),
            }
        }
    }
    match std::fs::remove_file(path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => {
            return Err(Error::of(codes::SSO_TOKEN_DELETE_FAILED, format!("Cannot delete {}: {e}.", path.display())))
        }
    }
    ui.verbose(format!("Deleted {}.", path.display()));
    Ok(true)
}
