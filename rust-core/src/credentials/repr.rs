//! Flattens a profile into the single credential source it uses.
//!
//! [`Style`] is the one list of credential styles a profile can hold, in the order that decides
//! which one a profile uses (the AWS CLI's order: assume role, web identity, IAM Identity Center,
//! static keys, `login_session`, `credential_process`). [`base_provider`] walks it; `Invoke-AWSLogin`
//! uses it to refuse profiles that already hold another style. Role chaining (`role_arn`) and web
//! identity are recognised and refused with a clear message rather than silently skipped.

use crate::config::{Profile, ProfileSet};
use crate::error::codes;
use crate::error::{Error, Result};

/// A credential style a profile can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    AssumeRole,
    WebIdentity,
    Sso,
    AccessKey,
    LoginSession,
    CredentialProcess,
}

impl Style {
    /// Every style, highest precedence first.
    pub const PRECEDENCE: [Style; 6] = [
        Style::AssumeRole,
        Style::WebIdentity,
        Style::Sso,
        Style::AccessKey,
        Style::LoginSession,
        Style::CredentialProcess,
    ];

    /// The keys whose presence (non-empty) means a profile holds this style.
    pub fn keys(self) -> &'static [&'static str] {
        match self {
            Style::AssumeRole => &["role_arn"],
            Style::WebIdentity => &["web_identity_token_file"],
            Style::Sso => &["sso_session", "sso_start_url", "sso_region", "sso_account_id", "sso_role_name"],
            Style::AccessKey => &["aws_access_key_id"],
            Style::LoginSession => &["login_session"],
            Style::CredentialProcess => &["credential_process"],
        }
    }

    /// The name the AWS CLI uses for the style in its messages ("Access Key", ...).
    pub fn label(self) -> &'static str {
        match self {
            Style::AssumeRole => "Assume Role",
            Style::WebIdentity => "Web Identity",
            Style::Sso => "SSO",
            Style::AccessKey => "Access Key",
            Style::LoginSession => "Login",
            Style::CredentialProcess => "Credential Process",
        }
    }

    /// Whether `profile` holds this style.
    pub fn held_by(self, profile: &Profile) -> bool {
        self.keys().iter().any(|k| get(profile, k).is_some())
    }

    /// The styles `profile` holds, highest precedence first.
    pub fn all_in(profile: &Profile) -> impl Iterator<Item = Style> + '_ {
        Style::PRECEDENCE.into_iter().filter(move |s| s.held_by(profile))
    }
}

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

/// Which source `profile` (named `name`) uses, or why it has none: the first [`Style`] it holds.
pub fn base_provider(name: &str, profile: &Profile, profiles: &ProfileSet) -> Result<BaseProvider> {
    let Some(style) = Style::all_in(profile).next() else {
        return Err(Error::of(
            codes::NO_CREDENTIALS_IN_PROFILE,
            format!("Profile '{name}' holds no credentials: it has none of aws_access_key_id, sso_session, login_session or credential_process. Run Invoke-AWSLogin -ProfileName {name} or Initialize-AWSSSOConfiguration -ProfileName {name}, or add keys to the profile."),
        ));
    };
    match style {
        Style::AssumeRole => Err(Error::of(
            codes::UNSUPPORTED_PROFILE,
            format!("Profile '{name}' assumes a role (role_arn), which AwsLogin does not support yet. Use the profile that holds the source credentials, or the AWS Tools for PowerShell for role chaining."),
        )),
        Style::WebIdentity => Err(Error::of(
            codes::UNSUPPORTED_PROFILE,
            format!(
                "Profile '{name}' uses web identity (web_identity_token_file), which AwsLogin does not support yet."
            ),
        )),
        Style::Sso => Ok(BaseProvider::Sso(sso_settings(name, profile, profiles)?)),
        Style::AccessKey => {
            let secret = get(profile, "aws_secret_access_key").ok_or_else(|| {
                Error::of(
                    codes::INCOMPLETE_PROFILE,
                    format!("Profile '{name}' has aws_access_key_id but no aws_secret_access_key. Add the secret key to the profile, or remove the access key id."),
                )
            })?;
            Ok(BaseProvider::AccessKey {
                access_key_id: get(profile, "aws_access_key_id").unwrap_or_default().to_string(),
                secret_access_key: secret.to_string(),
                session_token: get(profile, "aws_session_token").map(str::to_string),
            })
        }
        Style::LoginSession => {
            Ok(BaseProvider::LoginSession { session: get(profile, "login_session").unwrap_or_default().to_string() })
        }
        Style::CredentialProcess => Ok(BaseProvider::CredentialProcess {
            command: get(profile, "credential_process").unwrap_or_default().to_string(),
        }),
    }
}

fn sso_settings(name: &str, profile: &Profile, profiles: &ProfileSet) -> Result<SsoSettings> {
    let account_id = get(profile, "sso_account_id").map(str::to_string);
    let role_name = get(profile, "sso_role_name").map(str::to_string);
    if let Some(session_name) = get(profile, "sso_session") {
        let session = profiles.sso_session(session_name).ok_or_else(|| {
            Error::of(
                codes::SSO_SESSION_NOT_FOUND,
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
                    return Err(Error::of(
                        codes::SSO_CONFIG_MISMATCH,
                        format!("Profile '{name}' sets {key} to a different value than its sso-session '{session_name}'. Remove it from the profile or make them equal."),
                    ));
                }
            }
        }
        let scopes = get(session, "sso_registration_scopes")
            .map(|s| s.split(',').map(|x| x.trim().to_string()).filter(|x| !x.is_empty()).collect())
            .unwrap_or_default();
        return Ok(SsoSettings {
            session_name: Some(session_name.to_string()),
            start_url: start_url.to_string(),
            sso_region: sso_region.to_string(),
            account_id,
            role_name,
            registration_scopes: scopes,
        });
    }
    // Legacy: every key in the profile itself.
    for k in ["sso_start_url", "sso_region", "sso_account_id", "sso_role_name"] {
        if get(profile, k).is_none() {
            return Err(missing(name, &format!("profile {name}"), k));
        }
    }
    Ok(SsoSettings {
        session_name: None,
        start_url: get(profile, "sso_start_url").unwrap_or_default().to_string(),
        sso_region: get(profile, "sso_region").unwrap_or_default().to_string(),
        account_id,
        role_name,
        registration_scopes: Vec::new(),
    })
}

fn missing(profile: &str, section: &str, key: &str) -> Error {
    Error::of(
        codes::INCOMPLETE_SSO_CONFIG,
        format!("The IAM Identity Center configuration of profile '{profile}' is incomplete: [{section}] has no {key}. Run Initialize-AWSSSOConfiguration -ProfileName {profile} to write it."),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> ProfileSet {
        ProfileSet::parse(Some(&format!("[profile p]\n{text}")), None).unwrap()
    }

    #[test]
    fn the_first_style_held_decides() {
        let set =
            one("credential_process = x\naws_access_key_id = A\naws_secret_access_key = S\nlogin_session = arn:x\n");
        let p = set.profile("p").unwrap();
        let held: Vec<Style> = Style::all_in(p).collect();
        assert_eq!(held, [Style::AccessKey, Style::LoginSession, Style::CredentialProcess]);
        assert!(matches!(base_provider("p", p, &set).unwrap(), BaseProvider::AccessKey { .. }));

        let set = one("role_arn = arn:aws:iam::1:role/r\nsso_account_id = 1\n");
        let p = set.profile("p").unwrap();
        assert_eq!(Style::all_in(p).map(Style::label).collect::<Vec<_>>(), ["Assume Role", "SSO"]);
        assert_eq!(base_provider("p", p, &set).unwrap_err().code, "UnsupportedProfile");

        let set = one("region = us-east-1\n");
        assert_eq!(Style::all_in(set.profile("p").unwrap()).count(), 0);
        assert_eq!(base_provider("p", set.profile("p").unwrap(), &set).unwrap_err().code, "NoCredentialsInProfile");
    }

    #[test]
    fn every_style_is_in_the_precedence_once() {
        for s in Style::PRECEDENCE {
            assert_eq!(Style::PRECEDENCE.iter().filter(|x| **x == s).count(), 1);
            let set = one(&format!("{} = v\n", s.keys()[0]));
            assert_eq!(Style::all_in(set.profile("p").unwrap()).collect::<Vec<_>>(), [s], "{s:?}");
        }
    }
}
