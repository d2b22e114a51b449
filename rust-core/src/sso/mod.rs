//! IAM Identity Center: SSO OIDC (authorization code with PKCE, device code, refresh), the
//! portal (role credentials, accounts, roles, logout) and the token cache in `~/.aws/sso/cache`.
//!
//! - [`cache`]: token and client-registration files, in the AWS CLI's format.
//! - [`oidc`], [`portal`]: the two services.
//! - [`device`]: the device-code flow; PKCE, the loopback listener and the browser are shared
//!   with the console sign-in flow, in [`crate::oauth`].
//! - [`login`]: `Invoke-AWSSSOLogin` (cached token → refresh → browser or device code).
//! - [`provider`]: credentials for a profile (the chain's seam), with refresh under a file lock.
//! - [`init`]: `Initialize-AWSSSOConfiguration`; [`logout`]: `Invoke-AWSSSOLogout`.
//! - [`sync`]: `Sync-AWSSSOProfile` (a profile for every account and role of a session).

pub mod cache;
pub mod device;
#[cfg(test)]
mod flow_tests;
pub mod init;
pub mod login;
pub mod logout;
pub mod oidc;
pub mod portal;
pub mod provider;
pub mod sync;
#[cfg(test)]
mod vectors;

use crate::config::ProfileSet;
use crate::credentials::{BaseProvider, SsoSettings};
use crate::error::codes;
use crate::error::{Error, Result};
use crate::http::endpoint::ConfiguredEndpoints;
use crate::http::{HttpRequest, HttpResponse};
use crate::interact::Interaction;
use serde_json::Value;
use std::sync::Arc;

/// `Initialize-AWSSSOConfiguration`.
pub async fn init_op(req: Value, ui: &Interaction) -> Result<Value> {
    init::run(req, ui, &Transport::default()).await
}

/// `Invoke-AWSSSOLogin`.
pub async fn login_op(req: Value, ui: &Interaction) -> Result<Value> {
    login::run(req, ui, &Transport::default()).await
}

/// `Invoke-AWSSSOLogout`.
pub async fn logout_op(req: Value, ui: &Interaction) -> Result<Value> {
    logout::run(req, ui, &Transport::default()).await
}

/// `Sync-AWSSSOProfile`.
pub async fn sync_op(req: Value, ui: &Interaction) -> Result<Value> {
    sync::run(req, ui, &Transport::default()).await
}

type FakeSend = dyn Fn(&HttpRequest) -> Result<HttpResponse> + Send + Sync;

/// How the SSO code sends HTTP: the shared client with retries, or (in tests) a function that
/// answers from recorded traffic.
#[derive(Clone, Default)]
pub struct Transport(Option<Arc<FakeSend>>);

impl Transport {
    #[cfg(test)]
    pub fn fake(f: impl Fn(&HttpRequest) -> Result<HttpResponse> + Send + Sync + 'static) -> Self {
        Transport(Some(Arc::new(f)))
    }

    pub async fn send(
        &self,
        ui: &Interaction,
        what: &str,
        make: impl FnMut() -> Result<HttpRequest>,
    ) -> Result<HttpResponse> {
        self.send_with(ui, what, crate::http::RetryPolicy::STANDARD, make).await
    }

    /// [`Transport::send`] with the retries of `policy`.
    pub async fn send_with(
        &self,
        ui: &Interaction,
        what: &str,
        policy: crate::http::RetryPolicy,
        make: impl FnMut() -> Result<HttpRequest>,
    ) -> Result<HttpResponse> {
        match &self.0 {
            None => crate::http::send_with_policy(ui, what, policy, make, crate::http::retry::transient_status).await,
            Some(f) => {
                let mut make = make;
                f(&make()?)
            }
        }
    }
}

/// The SSO configuration an operation works on: from a profile, or from an `[sso-session]`.
#[derive(Debug, Clone)]
pub struct Target {
    pub settings: SsoSettings,
    pub profile_name: Option<String>,
    pub endpoints: ConfiguredEndpoints,
}

impl Target {
    /// What to run to sign in again.
    pub fn relogin_hint(&self) -> String {
        match (&self.profile_name, &self.settings.session_name) {
            (Some(p), _) => format!("Run Invoke-AWSSSOLogin -ProfileName {p} to sign in again."),
            (None, Some(s)) => format!("Run Invoke-AWSSSOLogin -SessionName {s} to sign in again."),
            (None, None) => "Run Invoke-AWSSSOLogin to sign in again.".to_string(),
        }
    }

    /// "sso-session 'dev'" or "start URL https://… (legacy profile 'p')", for messages.
    pub fn describe(&self) -> String {
        match (&self.settings.session_name, &self.profile_name) {
            (Some(s), _) => format!("sso-session '{s}'"),
            (None, Some(p)) => format!("start URL {} (legacy profile '{p}')", self.settings.start_url),
            (None, None) => format!("start URL {}", self.settings.start_url),
        }
    }
}

/// The endpoint settings of a profile (none without one).
pub fn configured_endpoints(profiles: &ProfileSet, profile_name: Option<&str>) -> ConfiguredEndpoints {
    match profile_name {
        Some(name) => ConfiguredEndpoints::for_profile(profiles, name),
        None => ConfiguredEndpoints::default(),
    }
}

/// Settings of an `[sso-session NAME]` section alone.
pub fn session_settings(profiles: &ProfileSet, name: &str, config_path: Option<&str>) -> Result<SsoSettings> {
    let s = profiles.sso_session(name).ok_or_else(|| {
        Error::of(
            codes::SSO_SESSION_NOT_FOUND,
            format!(
                "The sso-session '{name}' was not found in the shared config file ({}). Create it with Initialize-AWSSSOConfiguration -SessionName {name}.",
                config_path.unwrap_or("~/.aws/config")
            ),
        )
    })?;
    let get = |k: &str| s.get(k).map(str::trim).filter(|v| !v.is_empty()).map(str::to_string);
    let missing = |k: &str| {
        Error::of(
            codes::INCOMPLETE_SSO_CONFIG,
            format!(
                "[sso-session {name}] has no {k}. Run Initialize-AWSSSOConfiguration -SessionName {name} to write it."
            ),
        )
    };
    Ok(SsoSettings {
        session_name: Some(name.to_string()),
        start_url: get("sso_start_url").ok_or_else(|| missing("sso_start_url"))?,
        sso_region: get("sso_region").ok_or_else(|| missing("sso_region"))?,
        account_id: None,
        role_name: None,
        registration_scopes: get("sso_registration_scopes")
            .map(|s| s.split(',').map(|x| x.trim().to_string()).filter(|x| !x.is_empty()).collect())
            .unwrap_or_default(),
    })
}

/// The SSO settings of a profile, or a clear error when it does not use IAM Identity Center.
pub fn profile_settings(profiles: &ProfileSet, name: &str, config_path: Option<&str>) -> Result<SsoSettings> {
    let p = profiles.profile(name).ok_or_else(|| {
        Error::of(
            codes::PROFILE_NOT_FOUND,
            format!("The profile '{name}' was not found in the shared config file ({}). Create it with Initialize-AWSSSOConfiguration -ProfileName {name}.", config_path.unwrap_or("~/.aws/config")),
        )
    })?;
    match crate::credentials::repr::base_provider(name, p, profiles)? {
        BaseProvider::Sso(s) => Ok(s),
        _ => Err(Error::of(
            codes::NOT_AN_SSO_PROFILE,
            format!("The profile '{name}' does not use IAM Identity Center (it has no sso_session or sso_start_url). Configure it with Initialize-AWSSSOConfiguration -ProfileName {name}."),
        )),
    }
}

/// Checks a start URL: absolute http(s) with a host. Returns it without a trailing `/`.
pub fn validate_start_url(url: &str) -> Result<String> {
    let url = url.trim();
    let ok = reqwest::Url::parse(url)
        .ok()
        .filter(|u| matches!(u.scheme(), "https" | "http") && u.host_str().is_some_and(|h| !h.is_empty()));
    match ok {
        Some(_) => Ok(url.trim_end_matches('/').to_string()),
        None => Err(Error::of(
            codes::INVALID_START_URL,
            format!("'{}' is not a valid IAM Identity Center start URL. Give the absolute URL of your AWS access portal, such as https://d-1234567890.awsapps.com/start.", url.escape_debug()),
        )),
    }
}
