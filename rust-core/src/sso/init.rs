//! `Initialize-AWSSSOConfiguration`: asks for what is missing, writes `[sso-session NAME]`
//! (`sso_start_url`, `sso_region`, `sso_registration_scopes`), signs in (or says the session is
//! already active), lists the accounts and roles (every page) when they were not given, or checks
//! them when they were, and writes `[profile NAME]` (`sso_session`, `sso_account_id`,
//! `sso_role_name`, `region`). Every other byte of the config file is kept.

use super::login::{self, LoginOptions, DEFAULT_SCOPE};
use super::portal::Portal;
use super::{cache, provider, Target, Transport};
use crate::cache::Previous;
use crate::config::{set_properties, update_file, SectionRef};
use crate::credentials::SsoSettings;
use crate::error::codes;
use crate::error::{Error, Result};
use crate::http::{resolve_endpoint, Service};
use crate::interact::{Interaction, Question};
use crate::ops::CommonRequest;
use crate::regions::{validate_region, validate_region_as};
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
    /// `Set-AWSSSOSessionConfiguration`: only check and write the `[sso-session]` section (no
    /// sign-in, no profile, no prompts). Carried by this operation rather than a new export so
    /// the C ABI stays as it is.
    pub session_only: bool,
}

/// The caption of every question this command asks.
const CAPTION: &str = "IAM Identity Center";

fn given(v: &Option<String>) -> Option<String> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

/// A section name must survive the round trip through `[sso-session NAME]` / `[profile NAME]`.
fn validate_name(what: &str, name: &str) -> Result<()> {
    crate::config::check_section_name(what, name, codes::INVALID_NAME)
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

/// `text` with `[sso-session NAME]` holding these settings; every other byte kept.
fn session_section(text: &str, name: &str, start_url: &str, sso_region: &str, scopes: &[String]) -> String {
    let scopes_text = scopes.join(", ");
    set_properties(
        text,
        &SectionRef::SsoSession(name),
        &[("sso_start_url", start_url), ("sso_region", sso_region), ("sso_registration_scopes", &scopes_text)],
    )
}

/// The registration scopes given (each may hold several, comma-separated), or none.
fn split_scopes(given: &Option<Vec<String>>) -> Vec<String> {
    given.iter().flatten().flat_map(|x| x.split(',')).map(|x| x.trim().to_string()).filter(|x| !x.is_empty()).collect()
}

/// `Set-AWSSSOSessionConfiguration`: checks the session name, start URL and SSO region, then
/// writes (creates or updates) the `[sso-session NAME]` section alone.
fn set_session(req: &InitRequest, config_path: &str) -> Result<Value> {
    let name = given(&req.session_name)
        .ok_or_else(|| Error::of(codes::INVALID_NAME, "Give the session name with -SessionName."))?;
    validate_name("session name", &name)?;
    let start_url = super::validate_start_url(
        &given(&req.start_url)
            .ok_or_else(|| Error::of(codes::INVALID_START_URL, "Give the AWS access portal URL with -StartUrl."))?,
    )?;
    let sso_region = given(&req.sso_region)
        .ok_or_else(|| Error::of(codes::INVALID_REGION, "Give the IAM Identity Center region with -SSORegion."))?;
    validate_region_as("SSORegion", &sso_region)?;
    let mut scopes = split_scopes(&req.registration_scopes);
    if scopes.is_empty() {
        scopes.push(DEFAULT_SCOPE.to_string());
    }
    update_file(Path::new(config_path), |t| session_section(t, &name, &start_url, &sso_region, &scopes))?;
    Ok(
        json!({"sessionName": name, "startUrl": start_url, "ssoRegion": sso_region, "registrationScopes": scopes, "configFile": config_path}),
    )
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
    if req.session_only {
        return set_session(&req, &config_path);
    }

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
    // Everything given is checked before anything is asked, opened or written, as given (spaces
    // included: ' dev' is refused, not quietly written as 'dev').
    if let Some(p) = req.common.profile_name.as_deref().filter(|p| !p.trim().is_empty()) {
        validate_name("profile name", p)?;
    }
    if let Some(s) = req.session_name.as_deref().filter(|s| !s.trim().is_empty()) {
        validate_name("session name", s)?;
    }
    if let Some(a) = &account_id {
        validate_account(a)?;
    }
    if let Some(u) = given(&req.start_url) {
        super::validate_start_url(&u)?;
    }
    if let Some(r) = given(&req.sso_region) {
        validate_region_as("SSORegion", &r)?;
    }
    if let Some(r) = req.common.region() {
        validate_region(r)?;
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
        Some(u) => super::validate_start_url(&u)?,
        None => {
            let current = existing("sso_start_url");
            let q = Question::new("startUrl", CAPTION, "SSO start URL (your AWS access portal URL)", "-StartUrl")
                .default(current.as_deref());
            ui.ask_valid(q, super::validate_start_url).await?
        }
    };
    // As the AWS cmdlet: the current value is the default; without one the region must be typed.
    let sso_region = match given(&req.sso_region) {
        Some(r) => r,
        None => {
            let current = existing("sso_region");
            let q = Question::new("ssoRegion", CAPTION, "SSO Region", "-SSORegion").default(current.as_deref());
            ui.ask_valid(q, |r| validate_region_as("SSORegion", r).map(|_| r.to_string())).await?
        }
    };
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
            let q = Question::new("sessionName", CAPTION, "SSO session name", "-SessionName").default(Some(&derived));
            ui.ask_valid(q, |s| validate_name("session name", s).map(|_| s.to_string())).await?
        }
    };
    let scopes: Vec<String> = match &req.registration_scopes {
        Some(_) if !split_scopes(&req.registration_scopes).is_empty() => split_scopes(&req.registration_scopes),
        _ => {
            let default = existing("sso_registration_scopes").unwrap_or_else(|| DEFAULT_SCOPE.to_string());
            let text = if interactive {
                let q = Question::new(
                    "registrationScopes",
                    CAPTION,
                    "SSO registration scopes (comma-separated)",
                    "-RegistrationScopes",
                )
                .default(Some(&default));
                ui.ask_text(q).await?
            } else {
                default
            };
            text.split(',').map(|x| x.trim().to_string()).filter(|x| !x.is_empty()).collect()
        }
    };

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
    // A failure after a new sign-in (no account, a prompt nobody answers, a config file that
    // cannot be written) must leave no new secret behind: the token and client registration
    // files go back to what they were.
    let dir = cache::cache_dir(&os)?;
    let undo =
        [cache::token_path(&dir, Some(&session_name), &start_url), cache::registration_path(&dir, &target.settings)]
            .iter()
            .map(|p| {
                Previous::capture(p)
                    .map_err(|e| Error::of(codes::SSO_TOKEN_UNREADABLE, format!("Cannot read {}: {e}.", p.display())))
            })
            .collect::<Result<Vec<_>>>()?;
    let signed_in = login::login(&os, ui, http, &target, &opts).await?;
    let outcome: Result<Value> = async {
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
            let names: Vec<Vec<String>> =
                accounts.iter().map(|a| vec![a.account_id.clone(), a.account_name.clone()]).collect();
            let message = format!(
                "There are {} AWS accounts available to you. Choose one (number, account ID or name):",
                accounts.len()
            );
            let i = ui.choose(Question::new("account", CAPTION, &message, "-AccountId"), &choices, &names).await?;
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
            let names: Vec<Vec<String>> = roles.iter().map(|r| vec![r.clone()]).collect();
            let message = format!(
                "There are {} roles available to you in account {account_id}. Choose one (number or name):",
                roles.len()
            );
            let i = ui.choose(Question::new("role", CAPTION, &message, "-RoleName"), &roles, &names).await?;
            roles[i].clone()
        }
    };
    let existing_region = |p: &str| {
        profiles.profile(p).and_then(|p| p.get("region")).map(|r| r.trim().to_string()).filter(|r| !r.is_empty())
    };
    // The AWS cmdlet asks for the (optional) profile region before the profile name.
    let region = match req.common.region() {
        Some(r) => Some(r.to_string()),
        None if interactive => {
            let current = profile_name.as_deref().and_then(existing_region);
            let q =
                Question::new("region", CAPTION, "Profile region (optional)", "-Region").default(current.as_deref());
            let r = ui
                .ask_valid(q, |r| if r.is_empty() { Ok(None) } else { validate_region(r).map(|_| Some(r.to_string())) })
                .await?;
            r
        }
        None => profile_name.as_deref().and_then(existing_region),
    };
    if profile_name.is_none() {
        let suggested = format!("{account_id}-{role_name}");
        let q = Question::new("profileName", CAPTION, "Profile name", "-ProfileName").default(Some(&suggested));
        profile_name = Some(ui.ask_valid(q, |p| validate_name("profile name", p).map(|_| p.to_string())).await?);
    }
    let profile_name = profile_name.unwrap_or_default();
    let mut props: Vec<(&str, &str)> =
        vec![("sso_session", &session_name), ("sso_account_id", &account_id), ("sso_role_name", &role_name)];
    if let Some(r) = &region {
        props.push(("region", r));
    }
    // Written only now, in one atomic update, so that a sign-in that fails or a question nobody
    // can answer leaves the config file as it was.
    update_file(Path::new(&config_path), |t| {
        let t = session_section(t, &session_name, &start_url, &sso_region, &scopes);
        set_properties(&t, &SectionRef::Profile(&profile_name), &props)
    })?;
    ui.verbose(format!("Wrote [sso-session {session_name}] and [profile {profile_name}] to {config_path}."));
    ui.info(format!("To use this profile, specify the profile name using -ProfileName, as shown:\nGet-STSCallerIdentity -ProfileName '{profile_name}'"));
    Ok(
        json!({"profileName": profile_name, "sessionName": session_name, "accountId": account_id, "roleName": role_name, "startUrl": start_url, "ssoRegion": sso_region, "region": region, "configFile": config_path}),
    )
    }
    .await;
    if outcome.is_err() && signed_in["status"] == "LoggedIn" {
        for previous in undo {
            if let Err(e) = previous.restore() {
                ui.warning(format!("Could not remove the new IAM Identity Center token after the failure ({e})."));
            }
        }
    }
    outcome
}
