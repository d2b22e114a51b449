//! The sessions view: every console-login session (`~/.aws/login/cache`, or
//! `AWS_LOGIN_CACHE_DIRECTORY`) and IAM Identity Center session (`~/.aws/sso/cache` token files,
//! matched to `[sso-session]` sections, or to the start URL of legacy profiles) with the profiles
//! that use it, when its credentials or token expire and until when it can refresh.
//!
//! Console login: the sign-in service lets a session refresh for 12 hours after sign-in
//! (login.md §4.2); the sign-in time is the `iat` claim of the `idToken` the cache keeps from the
//! sign-in (refreshes never replace it). IAM Identity Center: a token refreshes while it has a
//! refresh token and its client registration (`registrationExpiresAt`) is valid.
//!
//! Token files that no profile uses are listed too (with no profiles), so a session left behind by
//! a removed profile can be seen. Nothing here calls the network or refreshes anything.

use crate::config::LoadedProfiles;
use crate::error::Result;
use crate::interact::Interaction;
use crate::os::Os;
use crate::util::time::{format_rfc3339, from_epoch_seconds};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// How long after sign-in a console-login session can refresh its credentials.
pub const CONSOLE_SESSION_LIFETIME: Duration = Duration::from_secs(12 * 3600);

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub enum Status {
    /// The credentials (console login) or the access token (Identity Center) are valid now.
    Active,
    /// Expired, but the next use refreshes it without a sign-in.
    Refreshable,
    /// Expired for good: sign in again.
    Expired,
    /// A profile names the session but there is no cache file: never signed in, or signed out.
    NotSignedIn,
    /// The cache file cannot be used (`Problem` says why).
    Invalid,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct SessionEntry {
    /// `ConsoleLogin` or `IamIdentityCenter`.
    pub kind: &'static str,
    /// The `login_session` ARN, the `sso-session` name, or a legacy profile's start URL.
    pub name: String,
    pub profiles: Vec<String>,
    pub status: Status,
    /// When the credentials (console login) or the access token (Identity Center) expire.
    pub expiration: Option<String>,
    /// Console login: when the user signed in.
    pub signed_in_at: Option<String>,
    pub can_refresh: bool,
    /// Until when it can refresh without a new sign-in, where the cache records it.
    pub refreshable_until: Option<String>,
    pub account_id: Option<String>,
    pub start_url: Option<String>,
    pub sso_region: Option<String>,
    pub cache_file: String,
    pub problem: Option<String>,
}

impl SessionEntry {
    fn new(kind: &'static str, name: String, profiles: Vec<String>, path: &Path) -> Self {
        SessionEntry {
            kind,
            name,
            profiles,
            status: Status::NotSignedIn,
            expiration: None,
            signed_in_at: None,
            can_refresh: false,
            refreshable_until: None,
            account_id: None,
            start_url: None,
            sso_region: None,
            cache_file: path.display().to_string(),
            problem: None,
        }
    }
}

/// Every session, console login first, each kind sorted by name.
pub fn list(os: &Os, loaded: &LoadedProfiles, ui: &Interaction) -> Result<Vec<SessionEntry>> {
    let mut out = console_login(os, loaded, ui)?;
    out.extend(identity_center(os, loaded, ui)?);
    Ok(out)
}

fn profile_value<'a>(loaded: &'a LoadedProfiles, profile: &str, key: &str) -> Option<&'a str> {
    loaded.profiles.profile(profile)?.get(key).map(str::trim).filter(|v| !v.is_empty())
}

/// The `*.json` files of a cache folder (none when it does not exist).
fn json_files(dir: &Path, ui: &Interaction) -> Vec<PathBuf> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            if e.kind() != std::io::ErrorKind::NotFound {
                ui.warning(format!("Cannot list {}: {e}.", dir.display()));
            }
            return Vec::new();
        }
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

fn console_login(os: &Os, loaded: &LoadedProfiles, ui: &Interaction) -> Result<Vec<SessionEntry>> {
    use crate::login::cache;
    let dir = match cache::cache_dir(os) {
        Ok(d) => d,
        Err(e) => {
            ui.verbose(format!("No console-login sessions: {}", e.message));
            return Ok(Vec::new());
        }
    };
    // Session ARN -> the profiles that name it.
    let mut by_session: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for name in loaded.profiles.names() {
        if let Some(session) = profile_value(loaded, name, "login_session") {
            by_session.entry(session.to_string()).or_default().push(name.to_string());
        }
    }
    let mut out = Vec::new();
    let mut seen = Vec::new();
    for (session, profiles) in by_session {
        let path = dir.join(cache::file_name(&session));
        seen.push(path.clone());
        out.push(console_entry(os, session, profiles, &path));
    }
    for path in json_files(&dir, ui) {
        if seen.contains(&path) {
            continue;
        }
        let Ok(bytes) = os.fs.read(&path) else { continue };
        let Ok(token) = cache::CachedToken::parse(&bytes, &path) else { continue };
        let name = token
            .doc
            .get("idToken")
            .and_then(|v| v.as_str())
            .and_then(crate::login::token::id_token_claims)
            .and_then(|c| c.get("sub").and_then(|s| s.as_str()).map(str::to_string))
            .unwrap_or_else(|| path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default());
        out.push(console_entry(os, name, Vec::new(), &path));
    }
    Ok(out)
}

fn console_entry(os: &Os, session: String, profiles: Vec<String>, path: &Path) -> SessionEntry {
    use crate::login::cache::CachedToken;
    let mut e = SessionEntry::new("ConsoleLogin", session, profiles, path);
    e.account_id = crate::login::token::account_id_from_arn(&e.name);
    let bytes = match os.fs.read(path) {
        Ok(b) => b,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return e,
        Err(err) => {
            e.status = Status::Invalid;
            e.problem = Some(format!("Cannot read {}: {err}.", path.display()));
            return e;
        }
    };
    let token = match CachedToken::parse(&bytes, path) {
        Ok(t) => t,
        Err(err) => {
            e.status = Status::Invalid;
            e.problem = Some(err.message);
            return e;
        }
    };
    let now = os.clock.now();
    let signed_in = token
        .doc
        .get("idToken")
        .or_else(|| token.doc.get("identityToken"))
        .and_then(|v| v.as_str())
        .and_then(crate::login::token::id_token_claims)
        .and_then(|c| c.get("iat").and_then(|v| v.as_i64()))
        .map(from_epoch_seconds);
    let until = signed_in.map(|t| t + CONSOLE_SESSION_LIFETIME);
    e.expiration = Some(format_rfc3339(token.expires_at));
    e.signed_in_at = signed_in.map(format_rfc3339);
    e.refreshable_until = until.map(format_rfc3339);
    // The cache parsed, so it has a refresh token and a DPoP key; only the 12 hours can be over.
    e.can_refresh = until.map_or(true, |u| now < u);
    if token.account_id.is_some() {
        e.account_id = token.account_id.clone();
    }
    e.status = status(now, token.expires_at, e.can_refresh);
    e
}

fn status(now: SystemTime, expires_at: SystemTime, can_refresh: bool) -> Status {
    if now < expires_at {
        Status::Active
    } else if can_refresh {
        Status::Refreshable
    } else {
        Status::Expired
    }
}

fn identity_center(os: &Os, loaded: &LoadedProfiles, ui: &Interaction) -> Result<Vec<SessionEntry>> {
    use crate::sso::cache;
    let dir = match cache::cache_dir(os) {
        Ok(d) => d,
        Err(e) => {
            ui.verbose(format!("No IAM Identity Center sessions: {}", e.message));
            return Ok(Vec::new());
        }
    };
    // (session name or None for legacy, start URL) -> profiles.
    let mut sessions: BTreeMap<(Option<String>, String), Vec<String>> = BTreeMap::new();
    for name in loaded.profiles.sso_session_names() {
        let url = loaded.profiles.sso_session(name).and_then(|s| s.get("sso_start_url")).unwrap_or("").trim();
        sessions.entry((Some(name.to_string()), url.to_string())).or_default();
    }
    for name in loaded.profiles.names() {
        if let Some(session) = profile_value(loaded, name, "sso_session") {
            let url = loaded.profiles.sso_session(session).and_then(|s| s.get("sso_start_url")).unwrap_or("").trim();
            sessions.entry((Some(session.to_string()), url.to_string())).or_default().push(name.to_string());
        } else if let Some(url) = profile_value(loaded, name, "sso_start_url") {
            sessions.entry((None, url.to_string())).or_default().push(name.to_string());
        }
    }
    let mut out = Vec::new();
    let mut seen = Vec::new();
    for ((session, url), profiles) in sessions {
        let path = cache::token_path(&dir, session.as_deref(), &url);
        seen.push(path.clone());
        let name = session.clone().unwrap_or_else(|| url.clone());
        let mut e = SessionEntry::new("IamIdentityCenter", name, profiles, &path);
        e.start_url = Some(url).filter(|u| !u.is_empty());
        e.sso_region = match &session {
            Some(s) => loaded.profiles.sso_session(s).and_then(|s| s.get("sso_region")).map(str::to_string),
            None => e.profiles.first().and_then(|p| profile_value(loaded, p, "sso_region")).map(str::to_string),
        };
        fill_sso(os, &mut e, &path);
        out.push(e);
    }
    for path in json_files(&dir, ui) {
        if seen.contains(&path) {
            continue;
        }
        // Only token files: registrations and other caches share the folder.
        let Ok(cache::Read::Ok(token)) = cache::read_token(os, &path) else { continue };
        let Some(url) = token.start_url.clone() else { continue };
        let mut e = SessionEntry::new("IamIdentityCenter", url.clone(), Vec::new(), &path);
        e.start_url = Some(url);
        fill_sso(os, &mut e, &path);
        out.push(e);
    }
    Ok(out)
}

fn fill_sso(os: &Os, e: &mut SessionEntry, path: &Path) {
    use crate::sso::cache::{read_token, Read};
    match read_token(os, path) {
        Ok(Read::Missing) => {}
        Err(err) => {
            e.status = Status::Invalid;
            e.problem = Some(err.message);
        }
        Ok(Read::Corrupt(why)) => {
            e.status = Status::Invalid;
            e.problem = Some(format!("The token cache file {} cannot be used: {why}.", path.display()));
        }
        Ok(Read::Ok(token)) => {
            let now = os.clock.now();
            e.expiration = Some(format_rfc3339(token.expires_at));
            e.can_refresh = token.can_refresh(now);
            e.refreshable_until = token.refresh_token.as_ref().and(token.registration_expires_at).map(format_rfc3339);
            if e.sso_region.is_none() {
                e.sso_region = token.region.clone();
            }
            e.status = status(now, token.expires_at, e.can_refresh);
        }
    }
}
