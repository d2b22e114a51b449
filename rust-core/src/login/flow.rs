//! `Invoke-AWSLogin`: checks the profile, resolves the region and endpoint, runs the browser
//! flow (same-device with a loopback listener, or cross-device with a pasted code), redeems the
//! code with a DPoP proof, writes the cache file and then the profile.

use super::authorize::{self, authorize_url, CROSS_DEVICE_CLIENT_ID, SAME_DEVICE_CLIENT_ID};
use super::cache::{self, CachedToken};
use super::dpop::DpopKey;
use super::provider::base_url;
use super::token;
use crate::config::{self, ProfileFiles, SectionRef};
use crate::credentials::Style;
use crate::error::codes;
use crate::error::{Error, Result};
use crate::http::endpoint::ConfiguredEndpoints;
use crate::interact::{Interaction, Question};
use crate::oauth::loopback::{Loopback, Outcome};
use crate::oauth::{browser, pkce};
use crate::ops::CommonRequest;
use crate::regions::validate_region;
use serde::Deserialize;
use serde_json::{json, Map, Value};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// The default `-ExecutionTimeout` (the AWS cmdlet's 900000 ms).
pub(crate) const DEFAULT_TIMEOUT_SECS: u64 = 900;
/// The progress activity while a sign-in is pending, worded as the IAM Identity Center one.
const SIGN_IN_ACTIVITY: &str = "Waiting for the AWS console sign-in";
/// The longest a console-login session lasts (the 15-minute credentials refresh until then).
pub const MAX_SESSION_SECS: u64 = 12 * 3600;
pub const DEFAULT_REGION: &str = "us-east-1";

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct LoginRequest {
    #[serde(flatten)]
    pub common: CommonRequest,
    pub remote: bool,
    pub force: bool,
    pub execution_timeout_seconds: Option<u64>,
}

/// Another credential style the profile already holds (it would win over, or be confused with,
/// `login_session`), from the one list in [`crate::credentials::Style`].
pub fn existing_style(profile: &config::Profile) -> Option<&'static str> {
    Style::all_in(profile).find(|s| *s != Style::LoginSession).map(Style::label)
}

/// Decodes a cross-device verification code: standard base64 of `state=...&code=...`.
pub fn parse_verification_code(text: &str) -> Result<(String, String)> {
    let bad = || {
        Error::of(
            codes::INVALID_VERIFICATION_CODE,
            "Invalid verification code format. Please ensure you copied the complete code from the browser.",
        )
    };
    let cleaned: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if cleaned.is_empty() {
        return Err(bad());
    }
    let bytes = crate::util::encoding::base64_decode(&cleaned).ok_or_else(bad)?;
    let query = String::from_utf8(bytes).map_err(|_| bad())?;
    let params = crate::util::encoding::parse_form(&query);
    let get = |k: &str| params.iter().rev().find(|(n, _)| n == k).map(|(_, v)| v.clone()).filter(|v| !v.is_empty());
    let code = get("code").ok_or_else(|| {
        Error::of(codes::INVALID_VERIFICATION_CODE, "Verification code is missing the required 'code' parameter.")
    })?;
    let state = get("state").ok_or_else(|| {
        Error::of(codes::INVALID_VERIFICATION_CODE, "Verification code is missing the required 'state' parameter.")
    })?;
    Ok((state, code))
}

fn timeout_error() -> Error {
    Error::of(
        codes::LOGIN_TIMED_OUT,
        "The pending authorization has expired: no sign-in arrived in time. Nothing was written; run Invoke-AWSLogin again (or raise -ExecutionTimeout).",
    )
}

fn denied_error(why: &str) -> Error {
    Error::of(
        codes::LOGIN_AUTHORIZATION_FAILED,
        format!("Error loading or redeeming a login authorization code: Failed to retrieve an authorization code (OAuth error: {why}). Nothing was written."),
    )
}

pub async fn login_op(req: Value, ui: &Interaction) -> Result<Value> {
    let req: LoginRequest = serde_json::from_value(req)
        .map_err(|e| Error::of(codes::INVALID_REQUEST, format!("The request is malformed: {e}")))?;
    let os = req.common.os();
    let deadline = Instant::now()
        + Duration::from_secs(req.execution_timeout_seconds.filter(|s| *s > 0).unwrap_or(DEFAULT_TIMEOUT_SECS));

    // Profile.
    // The name as given, spaces included: ' dev' is refused below, not quietly made 'dev'.
    let given_name = req.common.profile_name.as_deref().filter(|p| !p.trim().is_empty());
    let profile_name = match given_name {
        Some(p) => p.to_string(),
        None => {
            let p = os.env.var_nonempty("AWS_PROFILE").unwrap_or_else(|| "default".into());
            ui.info(format!("Using profile '{p}' determined by environment defaults. To override, specify '-ProfileName' parameter."));
            p
        }
    };
    config::check_section_name("profile name", &profile_name, codes::INVALID_PROFILE_NAME)?;
    let files = ProfileFiles { config_path: None, credentials_path: req.common.profile_location().map(str::to_string) };
    let loaded = config::load(&os, &files)?;
    let profile = loaded.profiles.profile(&profile_name);
    if let Some(style) = profile.and_then(existing_style) {
        return Err(Error::of(
            codes::PROFILE_HAS_OTHER_CREDENTIALS,
            format!("Profile '{profile_name}' is already configured with {style} credentials.\n\nYou may run 'Invoke-AWSLogin -ProfileName new-profile-name' to create a new profile with the specified name. Otherwise you must first manually remove the existing credentials from '{profile_name}'."),
        ));
    }
    let config_path = loaded.config_path.clone().ok_or_else(|| {
        Error::of(
            codes::NO_CONFIG_FILE,
            "The config file cannot be located: set HOME (or USERPROFILE) or AWS_CONFIG_FILE.",
        )
    })?;

    // Region.
    let configured_region = config::configured_region(os.env.as_ref(), &profile_name, profile).map(|r| r.name);
    let region = if let Some(r) = req.common.region() {
        r.to_string()
    } else if let Some(r) = configured_region {
        ui.info(format!(
            "Using region '{r}' determined by profile/environment defaults. To override, specify '-Region' parameter."
        ));
        r
    } else if req.force {
        ui.info(format!("No region is configured; using '{DEFAULT_REGION}' (-Force). To choose another, specify '-Region' parameter."));
        DEFAULT_REGION.to_string()
    } else {
        ui.info("No AWS region has been configured. The AWS region is the geographic location of your AWS resources.\n\nIf you have used AWS before and already have resources in your account, specify which region they were created in. If you have not created resources in your account before, you can pick the region closest to you: https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html.\n\nYou are able to change the region at any time with Invoke-AWSLogin -Region or by editing the profile's region.");
        let q = Question::new("region", "AWS Region", "AWS Region", "-Region").default(Some(DEFAULT_REGION));
        ui.ask_valid(q, |r| validate_region(r).map(|_| r.to_string())).await?
    };
    // Before anything is opened or written: "Region moon-1 is not valid."
    validate_region(&region)?;

    // Endpoint.
    let endpoints = match profile {
        Some(_) => ConfiguredEndpoints::for_profile(&loaded.profiles, &profile_name),
        None => ConfiguredEndpoints::default(),
    };
    let (base, source) = base_url(os.env.as_ref(), &endpoints, req.common.endpoint_url(), &region)?;
    ui.verbose(format!("Sign-in endpoint {base} from {source}."));

    // Authorization.
    let verifier = pkce::verifier();
    let challenge = pkce::challenge(&verifier);
    let state = crate::util::random::uuid_v4();
    // No browser can be reached (no display and no BROWSER, an SSH session): the cross-device
    // flow, as when -Remote is given; the same decision as Invoke-AWSSSOLogin's device code.
    let mut remote = req.remote;
    if !remote {
        if let Some(why) = browser::no_browser_reason(os.env.as_ref()) {
            ui.info(format!("No browser can be opened here: {why}. Using the cross-device flow (as with -Remote) instead: open the URL below on any device and paste the code it shows."));
            remote = true;
        }
    }
    let mut same_device = None;
    if !remote {
        let cb = Loopback::bind().await.map_err(authorize::listen_error)?;
        let redirect = cb.redirect_uri();
        let url = authorize_url(&base, SAME_DEVICE_CLIENT_ID, &state, &challenge, &redirect);
        match browser::open(&url, os.env.as_ref(), req.common.env.as_ref()) {
            Ok(program) => {
                ui.info(format!("Attempting to open your default browser. If the browser does not open, open the following URL:\n\n{url}\n\nIf you are unable to open the URL on this device, run this command again with the '-Remote' option."));
                ui.verbose(format!("Started {program} for the sign-in page."));
                same_device = Some((cb, redirect, url));
            }
            Err(e) => {
                // The listener closes here: nothing will call it back.
                ui.info(format!("No browser could be started ({e}). Using the cross-device flow (as with -Remote) instead: open the URL below on any device and paste the code it shows."));
            }
        }
    }
    let (client_id, redirect_uri, code) = match same_device {
        None => {
            let redirect = format!("{base}/v1/sessions/confirmation");
            let url = authorize_url(&base, CROSS_DEVICE_CLIENT_ID, &state, &challenge, &redirect);
            ui.info(format!("Browser will not be automatically opened.\nPlease visit the following URL:\n\n{url}\n"));
            ui.progress(
                SIGN_IN_ACTIVITY,
                "Waiting for the authorization code from the browser",
                Some(secs_left(deadline)),
                Some(&url),
            );
            // Read visibly, as the AWS cmdlet does: the user sees what was pasted.
            let pasted = with_deadline(
                deadline,
                ui.ask_text(Question::person_only(
                    "authorizationCode",
                    "Authorization code",
                    "Enter the authorization code displayed in your browser",
                )),
            )
            .await?;
            let (got_state, code) = parse_verification_code(&pasted)?;
            if got_state != state {
                return Err(Error::of(
                codes::LOGIN_STATE_MISMATCH,
                "Error loading or redeeming a login authorization code: the verification code's state does not match this login (was it copied from another sign-in?). Nothing was written; run Invoke-AWSLogin again.",
            ));
            }
            (CROSS_DEVICE_CLIENT_ID, redirect, code)
        }
        Some((cb, redirect, url)) => {
            let waiting = ui.wait_with_progress(
                SIGN_IN_ACTIVITY,
                "Waiting for the sign-in to finish in the browser",
                Some(&url),
                deadline,
                authorize::wait_for_callback(cb, &state, &ui.cancel),
            );
            match with_deadline(deadline, waiting).await? {
                Outcome::Code(code) => (SAME_DEVICE_CLIENT_ID, redirect, code),
                Outcome::Denied { error, .. } => return Err(denied_error(&error)),
            }
        }
    };

    // Token.
    let key = DpopKey::generate()?;
    let clock = os.clock.clone();
    let out = with_deadline(
        deadline,
        token::exchange_code(ui, &base, &key, client_id, &code, &verifier, &redirect_uri, || clock.now()),
    )
    .await?;
    let id_token = out.id_token.clone().ok_or_else(|| {
        Error::of(codes::INVALID_TOKEN_RESPONSE, "Failed to retrieve an access token: the response has no idToken.")
    })?;
    let session = token::login_session_from_id_token(&id_token)?;
    let account_id = token::account_id_from_arn(&session);

    // Identity change.
    if let Some(old) = profile.and_then(|p| p.get("login_session")).map(str::trim).filter(|s| !s.is_empty()) {
        if old != session && !req.force {
            ui.warning(format!(
                "Previously profile {profile_name} was configured for {old}, and is now being updated to {session}."
            ));
            let question = format!("Do you wish to change the identity that {profile_name} is associated with?");
            let yes = ui.confirm(Question::new("identityChange", "Change identity", &question, "-Force")).await?;
            if !yes {
                return Err(Error::of(codes::LOGIN_ABORTED, "Login workflow aborted by user. Nothing was written."));
            }
        }
    }

    // Cache file, then the profile.
    let signed_in = os.clock.now();
    let expires_at = crate::util::time::saturating_add(signed_in, Duration::from_secs(out.expires_in));
    let mut doc = Map::new();
    let mut at = Map::new();
    at.insert("accessKeyId".into(), out.access_key_id.clone().into());
    at.insert("secretAccessKey".into(), out.secret_access_key.clone().into());
    at.insert("sessionToken".into(), out.session_token.clone().into());
    if let Some(a) = &account_id {
        at.insert("accountId".into(), a.clone().into());
    }
    at.insert("expiresAt".into(), crate::util::time::format_rfc3339(expires_at).into());
    doc.insert("accessToken".into(), Value::Object(at));
    doc.insert("tokenType".into(), out.token_type.clone().unwrap_or_else(|| "aws_sigv4".into()).into());
    doc.insert("clientId".into(), client_id.into());
    doc.insert("refreshToken".into(), out.refresh_token.clone().into());
    doc.insert("idToken".into(), id_token.into());
    doc.insert("dpopKey".into(), key.to_sec1_pem().into());
    let cache_path: PathBuf = cache::cache_path(&os, &session)?;
    {
        // Under the cache file's lock, as every writer of a cache file (a refresh of an older
        // sign-in of the same session cannot then write over this one), and then the config lock
        // (never awaited while held). A failed login must leave no new secret on disk: the config
        // edit is made, checked and staged first, then the cache is written, then the config is
        // put in place; if that last rename fails, the cache file goes back to what it was.
        let _lock = crate::cache::refresh::lock(&cache_path).await?;
        let edit = config::prepare_properties(
            std::path::Path::new(&config_path),
            &SectionRef::Profile(&profile_name),
            &[("login_session", &session), ("region", &region)],
        )?;
        let previous = crate::cache::Previous::capture(&cache_path).map_err(|e| {
            Error::of(
                codes::LOGIN_CACHE_UNREADABLE,
                format!("Cannot read the login cache file {}: {e}.", cache_path.display()),
            )
        })?;
        cache::write(&cache_path, &cache::render_document(&doc))?;
        debug_assert!(CachedToken::parse(cache::render_document(&doc).as_bytes(), &cache_path).is_ok());
        if let Err(e) = edit.commit() {
            if let Err(undo) = previous.restore() {
                ui.warning(format!(
                    "The new session could not be removed from {} ({undo}); delete that file.",
                    cache_path.display()
                ));
            }
            return Err(e);
        }
    }

    ui.info(format!("\nUpdated profile {profile_name} to use {session} credentials."));
    ui.info(format!("Login completed successfully for profile '{profile_name}'. Use -ProfileName {profile_name} with AWS commands, such as: Get-STSCallerIdentity -ProfileName {profile_name}"));
    Ok(json!({
        "profileName": profile_name,
        "loginSession": session,
        "accountId": account_id,
        "region": region,
        "credentialsExpiration": crate::util::time::format_rfc3339(expires_at),
        "sessionExpiration": crate::util::time::format_rfc3339(signed_in + Duration::from_secs(MAX_SESSION_SECS)),
        "cacheFile": cache_path.display().to_string(),
        "configFile": config_path,
    }))
}

fn secs_left(deadline: Instant) -> u64 {
    deadline.saturating_duration_since(Instant::now()).as_secs()
}

async fn with_deadline<T>(deadline: Instant, fut: impl std::future::Future<Output = Result<T>>) -> Result<T> {
    match tokio::time::timeout_at(tokio::time::Instant::from_std(deadline), fut).await {
        Ok(r) => r,
        Err(_) => Err(timeout_error()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verification_codes() {
        let (s, c) =
            parse_verification_code("c3RhdGU9OWM2ZjNlMmEtMDAwMC00MDAwLTgwMDAtMDAwMDAwMDAwMDAwJmNvZGU9YXV0aF9jb2Rl")
                .unwrap();
        assert_eq!((s.as_str(), c.as_str()), ("9c6f3e2a-0000-4000-8000-000000000000", "auth_code"));
        assert!(parse_verification_code("!!").is_err());
        let only_code = crate::util::encoding::base64(b"code=x");
        assert!(parse_verification_code(&only_code).unwrap_err().message.contains("'state'"));
    }
}
