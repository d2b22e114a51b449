//! `Initialize-AWSSSOConfiguration`: asks for what is missing, writes `[sso-session NAME]`
//! (`sso_start_url`, `sso_region`, `sso_registration_scopes`), signs in (or says the session is
//! already active), lists the accounts and roles (every page) when they were not given, or checks
//! them when they were, and writes `[profile NAME]` (`sso_session`, `sso_account_id`,
//! `sso_role_name`, `region`). Every other byte of the config file is kept.

use super::login::{self, LoginOptions, DEFAULT_SCOPE};
use super::portal::Portal;
use super::{provider, Target, Transport};
use crate::config::{set_properties, update_file, SectionRef};
use crate::credentials::SsoSettings;
use crate::error::codes;
use crate::error::{Error, Result};
use crate::http::{resolve_endpoint, validate_region, Service};
use crate::interact::Interaction;
use crate::ops::CommonRequest;
use serde::Deserialize;
use serde_json::{json, Value};
use std::path::Path;
use std::time::Duration;

#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct InitRequest {
    /// `profileName` is the profile to write; `region` its region.
    #[serde(flatten)]
    pub common: CommonRequest,
    pub session_name: Option<String>,
    pub account_id: Option<String>,
    pub role_name: Option<String>,
    pub start_url: Option<String>,
    pub sso_region: Option<String>,
    pub registration_scopes: Option<Vec<String>>,
    pub use_device_code: bool,
    pub execution_timeout_seconds: Option<u64>,
}

fn given(v: &Option<String>) -> Option<String> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

/// A section name must survive the round trip through `[sso-session NAME]` / `[profile NAME]`.
fn validate_name(what: &str, name: &str) -> Result<()> {
    if name.is_empty()
        || name.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '[' | ']' | '#' | ';' | '='))
    {
        return Err(Error::of(
            codes::INVALID_NAME,
            format!(
                "'{}' is not a usable {what}: use letters, digits, '-', '_' or '.', without spaces.",
                name.escape_debug()
            ),
        ));
    }
    Ok(())
}

fn validate_account(id: &str) -> Result<()> {
    if id.len() == 12 && id.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(Error::of(
            codes::INVALID_ACCOUNT_ID,
            format!("'{}' is not an AWS account ID (12 digits).", id.escape_debug()),
        ))
    }
}

pub async fn run(req: Value, ui: &Interaction, http: &Transport) -> Result<Value> {
    let req: InitRequest = serde_json::from_value(req)
        .map_err(|e| Error::of(codes::INVALID_REQUEST, format!("The request is malformed: {e}")))?;
    let os = req.common.os();
    let loaded = login::load(&req.common, &os)?;
    let config_path = loaded.config_path.clone().ok_or_else(|| {
        Error::of(codes::NO_CONFIG_FILE, "The shared config file cannot be located: set AWS_CONFIG_FILE or HOME.")
    })?;
    let profiles = &loaded.profiles;

    let mut profile_name = given(&req.common.profile_name);
    let mut account_id = given(&req.account_id);
    let mut role_name = given(&req.role_name);
    let session_name = given(&req.session_name);
    let interactive = !(profile_name.is_some()
        && account_id.is_some()
        && role_name.is_some()
        && session_name.is_some()
        && given(&req.start_url).is_some()
        && given(&req.sso_region).is_some());
    if let Some(p) = &profile_name {
        validate_name("profile name", p)?;
    }
    if let Some(a) = &account_id {
        validate_account(a)?;
    }
    // Defaults from what is configured already.
    let existing_profile = profile_name.as_deref().and_then(|p| profiles.profile(p));
    let default_session = session_name
        .clone()
        .or_else(|| existing_profile.and_then(|p| p.get("sso_session")).map(|s| s.trim().to_string()));
    let existing_session = default_session.as_deref().and_then(|s| profiles.sso_session(s));
    let existing =
        |k: &str| existing_session.and_then(|s| s.get(k)).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());

    let start_url = match given(&req.start_url) {
        Some(u) => u,
        None => {
            ui.ask_text(
                "startUrl",
                "IAM Identity Center",
                "SSO start URL (your AWS access portal URL)",
                existing("sso_start_url").as_deref(),
            )
            .await?
        }
    };
    let start_url = super::validate_start_url(&start_url)?;
    let sso_region = match given(&req.sso_region) {
        Some(r) => r,
        None => {
            ui.ask_text(
                "ssoRegion",
                "IAM Identity Center",
                "SSO region",
                existing("sso_region").as_deref().or(Some("us-east-1")),
            )
            .await?
        }
    };
    validate_region(&sso_region).map_err(|e| Error::of(codes::INVALID_REGION, format!("-SSORegion: {}", e.message)))?;
    let session_name = match session_name {
        Some(s) => s,
        None => {
            let derived = default_session.clone().unwrap_or_else(|| {
                let host = reqwest::Url::parse(&start_url)
                    .ok()
                    .and_then(|u| u.host_str().map(str::to_string))
                    .unwrap_or_default();
                format!("sso-session-{}", host.split('.').next().unwrap_or("default"))
            });
            ui.ask_text("sessionName", "IAM Identity Center", "SSO session name", Some(&derived)).await?
        }
    };
    validate_name("session name", &session_name)?;
    let scopes: Vec<String> = match &req.registration_scopes {
        Some(s) if s.iter().any(|x| !x.trim().is_empty()) => {
            s.iter().flat_map(|x| x.split(',')).map(|x| x.trim().to_string()).filter(|x| !x.is_empty()).collect()
        }
        _ => {
            let default = existing("sso_registration_scopes").unwrap_or_else(|| DEFAULT_SCOPE.to_string());
            let text = if interactive {
                ui.ask_text(
                    "registrationScopes",
                    "IAM Identity Center",
                    "SSO registration scopes (comma-separated)",
                    Some(&default),
                )
                .await?
            } else {
                default
            };
            text.split(',').map(|x| x.trim().to_string()).filter(|x| !x.is_empty()).collect()
        }
    };

    let path = Path::new(&config_path);
    let scopes_text = scopes.join(", ");
    update_file(path, |t| {
        set_properties(
            t,
            &SectionRef::SsoSession(&session_name),
            &[("sso_start_url", &start_url), ("sso_region", &sso_region), ("sso_registration_scopes", &scopes_text)],
        )
    })?;
    ui.verbose(format!("Wrote [sso-session {session_name}] to {config_path}."));

    let target = Target {
        settings: SsoSettings {
            session_name: Some(session_name.clone()),
            start_url: start_url.clone(),
            sso_region: sso_region.clone(),
            account_id: None,
            role_name: None,
            registration_scopes: scopes.clone(),
        },
        profile_name: None,
        endpoints: super::configured_endpoints(profiles, profile_name.as_deref()),
    };
    let opts = LoginOptions {
        force: false,
        use_device_code: req.use_device_code,
        timeout: req.execution_timeout_seconds.filter(|s| *s > 0).map(Duration::from_secs),
        env_map: req.common.env.clone(),
    };
    login::login(&os, ui, http, &target, &opts).await?;

    let token = provider::valid_token(&os, ui, http, &target).await?;
    let portal_ep = resolve_endpoint(Service::Sso, None, os.env.as_ref(), &target.endpoints, &sso_region)?;
    let hint = target.relogin_hint();
    let portal = Portal { endpoint: &portal_ep.url, ui, http, access_token: &token.access_token, relogin_hint: &hint };

    let accounts = portal.list_accounts().await?;
    if accounts.is_empty() {
        return Err(Error::of(codes::NO_SSO_ACCOUNTS, format!("No AWS accounts are assigned to you in IAM Identity Center ({start_url}). Ask your administrator for an assignment.")));
    }
    if let Some(a) = &account_id {
        if !accounts.iter().any(|x| &x.account_id == a) {
            ui.warning(format!("AccountId {a} is not one of the accounts available to you."));
            account_id = None;
        }
    }
    let account_id = match account_id {
        Some(a) => a,
        None if accounts.len() == 1 => {
            ui.info(format!(
                "The only AWS account available to you is: {} ({})",
                accounts[0].account_id, accounts[0].account_name
            ));
            accounts[0].account_id.clone()
        }
        None => {
            let choices: Vec<String> = accounts
                .iter()
                .map(|a| format!("{} ({}, {})", a.account_id, a.account_name, a.email_address))
                .collect();
            let i = ui
                .choose(
                    "account",
                    "IAM Identity Center",
                    &format!("There are {} AWS accounts available to you. Choose one:", accounts.len()),
                    &choices,
                )
                .await?;
            accounts[i].account_id.clone()
        }
    };
    let roles = portal.list_account_roles(&account_id).await?;
    if roles.is_empty() {
        return Err(Error::of(codes::NO_SSO_ROLES, format!("No roles are assigned to you in account {account_id}.")));
    }
    if let Some(r) = &role_name {
        if !roles.contains(r) {
            ui.warning(format!("RoleName {r} is not one of the roles available to you in account {account_id}."));
            role_name = None;
        }
    }
    let role_name = match role_name {
        Some(r) => r,
        None if roles.len() == 1 => {
            ui.info(format!("The only role available to you in account {account_id} is: {}", roles[0]));
            roles[0].clone()
        }
        None => {
            let i = ui
                .choose(
                    "role",
                    "IAM Identity Center",
                    &format!("There are {} roles available to you in account {account_id}. Choose one:", roles.len()),
                    &roles,
                )
                .await?;
            roles[i].clone()
        }
    };
    if profile_name.is_none() {
        let p = ui
            .ask_text("profileName", "IAM Identity Center", "Profile name", Some(&format!("{account_id}-{role_name}")))
            .await?;
        validate_name("profile name", &p)?;
        profile_name = Some(p);
    }
    let profile_name = profile_name.unwrap_or_default();
    let existing_region = profiles
        .profile(&profile_name)
        .and_then(|p| p.get("region"))
        .map(|r| r.trim().to_string())
        .filter(|r| !r.is_empty());
    let region = match req.common.region() {
        Some(r) => Some(r.to_string()),
        None if interactive => {
            let r = ui
                .ask_text(
                    "region",
                    "IAM Identity Center",
                    "Default region of the profile",
                    existing_region.as_deref().or(Some(&sso_region)),
                )
                .await?;
            Some(r).filter(|r| !r.is_empty())
        }
        None => existing_region,
    };
    if let Some(r) = &region {
        validate_region(r)?;
    }
    let mut props: Vec<(&str, &str)> =
        vec![("sso_session", &session_name), ("sso_account_id", &account_id), ("sso_role_name", &role_name)];
    if let Some(r) = &region {
        props.push(("region", r));
    }
    update_file(path, |t| set_properties(t, &SectionRef::Profile(&profile_name), &props))?;
    ui.info(format!("To use this profile, specify the profile name using -ProfileName, as shown:\nGet-STSCallerIdentity -ProfileName '{profile_name}'"));
    Ok(
        json!({"profileName": profile_name, "sessionName": session_name, "accountId": account_id, "roleName": role_name, "startUrl": start_url, "ssoRegion": sso_region, "region": region, "configFile": config_path}),
    )
}
