//! Flattens a profile into the single credential source it uses.
//!
//! Within one profile the AWS CLI's order applies: IAM Identity Center, then static keys, then
//! `login_session`, then `credential_process`. Role chaining (`role_arn`) and web identity are
//! recognised and refused with a clear message rather than silently skipped.

use crate::config::{Profile, ProfileSet};
use crate::error::{Error, Result};

/// The credential source of a profile.
#[derive(Clone, PartialEq, Eq)]
pub enum BaseProvider {
    /// `aws_access_key_id` / `aws_secret_access_key` (+ `aws_session_token`).
    AccessKey { access_key_id: String, secret_access_key: String, session_token: Option<String> },
    /// `credential_process = <command line>`.
    CredentialProcess { command: String },
    /// `login_session = <arn>` (console-credential login).
    LoginSession { session: String },
    /// IAM Identity Center.
    Sso(SsoSettings),
}

impl std::fmt::Debug for BaseProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BaseProvider::AccessKey { access_key_id, .. } => write!(f, "AccessKey({access_key_id}, ** redacted **)"),
            BaseProvider::CredentialProcess { .. } => f.write_str("CredentialProcess(..)"),
            BaseProvider::LoginSession { session } => write!(f, "LoginSession({session})"),
            BaseProvider::Sso(s) => write!(f, "{s:?}"),
        }
    }
}

/// An IAM Identity Center profile: with an `sso_session` (the session's keys filled in from
/// its `[sso-session]` section) or legacy (start URL and region in the profile itself).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SsoSettings {
    /// `sso_session`; `None` for a legacy profile.
    pub session_name: Option<String>,
    pub start_url: String,
    pub sso_region: String,
    pub account_id: Option<String>,
    pub role_name: Option<String>,
    pub registration_scopes: Vec<String>,
}

fn get<'a>(p: &'a Profile, key: &str) -> Option<&'a str> {
    p.get(key).map(str::trim).filter(|v| !v.is_empty())
}

/// Which source `profile` (named `name`) uses, or why it has none.
pub fn base_provider(name: &str, profile: &Profile, profiles: &ProfileSet) -> Result<BaseProvider> {
    if get(profile, "role_arn").is_some() {
        return Err(Error::invalid_input(
            "UnsupportedProfile",
            format!("Profile '{name}' assumes a role (role_arn), which AwsLogin does not support yet. Use the profile that holds the source credentials, or the AWS Tools for PowerShell for role chaining."),
        ));
    }
    if get(profile, "web_identity_token_file").is_some() {
        return Err(Error::invalid_input(
            "UnsupportedProfile",
            format!(
                "Profile '{name}' uses web identity (web_identity_token_file), which AwsLogin does not support yet."
            ),
        ));
    }
    if let Some(sso) = sso_settings(name, profile, profiles)? {
        return Ok(BaseProvider::Sso(sso));
    }
    if let Some(akid) = get(profile, "aws_access_key_id") {
        let secret = get(profile, "aws_secret_access_key").ok_or_else(|| {
            Error::invalid_input(
                "IncompleteProfile",
                format!("Profile '{name}' has aws_access_key_id but no aws_secret_access_key. Add the secret key to the profile, or remove the access key id."),
            )
        })?;
        return Ok(BaseProvider::AccessKey {
            access_key_id: akid.to_string(),
            secret_access_key: secret.to_string(),
            session_token: get(profile, "aws_session_token").map(str::to_string),
        });
    }
    if let Some(session) = get(profile, "login_session") {
        return Ok(BaseProvider::LoginSession { session: session.to_string() });
    }
    if let Some(command) = get(profile, "credential_process") {
        return Ok(BaseProvider::CredentialProcess { command: command.to_string() });
    }
    Err(Error::invalid_input(
        "NoCredentialsInProfile",
        format!("Profile '{name}' holds no credentials: it has none of aws_access_key_id, sso_session, login_session or credential_process. Run Invoke-AWSLogin -ProfileName {name} or Initialize-AWSSSOConfiguration -ProfileName {name}, or add keys to the profile."),
    ))
}

fn sso_settings(name: &str, profile: &Profile, profiles: &ProfileSet) -> Result<Option<SsoSettings>> {
    let account_id = get(profile, "sso_account_id").map(str::to_string);
    let role_name = get(profile, "sso_role_name").map(str::to_string);
    if let Some(session_name) = get(profile, "sso_session") {
        let session = profiles.sso_session(session_name).ok_or_else(|| {
            Error::not_found(
                "SsoSessionNotFound",
                format!("Profile '{name}' refers to sso_session '{session_name}', but the config file has no [sso-session {session_name}] section. Run Initialize-AWSSSOConfiguration to create it."),
            )
        })?;
        let start_url = get(session, "sso_start_url")
            .ok_or_else(|| missing(name, &format!("sso-session {session_name}"), "sso_start_url"))?;
        let sso_region = get(session, "sso_region")
            .ok_or_else(|| missing(name, &format!("sso-session {session_name}"), "sso_region"))?;
        // A profile that repeats the session's keys must agree with it (the CLI refuses a mismatch).
        for key in ["sso_start_url", "sso_region"] {
            if let (Some(p), Some(s)) = (get(profile, key), get(session, key)) {
                if p != s {
                    return Err(Error::invalid_input(
                        "SsoConfigMismatch",
                        format!("Profile '{name}' sets {key} to a different value than its sso-session '{session_name}'. Remove it from the profile or make them equal."),
                    ));
                }
            }
        }
        let scopes = get(session, "sso_registration_scopes")
            .map(|s| s.split(',').map(|x| x.trim().to_string()).filter(|x| !x.is_empty()).collect())
            .unwrap_or_default();
        return Ok(Some(SsoSettings {
            session_name: Some(session_name.to_string()),
            start_url: start_url.to_string(),
            sso_region: sso_region.to_string(),
            account_id,
            role_name,
            registration_scopes: scopes,
        }));
    }
    let legacy_keys = ["sso_start_url", "sso_region", "sso_account_id", "sso_role_name"];
    if legacy_keys.iter().any(|k| get(profile, k).is_some()) {
        for k in legacy_keys {
            if get(profile, k).is_none() {
                return Err(missing(name, &format!("profile {name}"), k));
            }
        }
        return Ok(Some(SsoSettings {
            session_name: None,
            start_url: get(profile, "sso_start_url").unwrap_or_default().to_string(),
            sso_region: get(profile, "sso_region").unwrap_or_default().to_string(),
            account_id,
            role_name,
            registration_scopes: Vec::new(),
        }));
    }
    Ok(None)
}

fn missing(profile: &str, section: &str, key: &str) -> Error {
    Error::invalid_input(
        "IncompleteSsoConfig",
        format!("The IAM Identity Center configuration of profile '{profile}' is incomplete: [{section}] has no {key}. Run Initialize-AWSSSOConfiguration -ProfileName {profile} to write it."),
    )
}
