//! `Invoke-AWSSSOLogin`: nothing to do while a valid token is cached (unless forced); else a
//! refresh with the cached refresh token; else a new sign-in, by authorization code with PKCE
//! through the browser and a loopback listener, or by device code (legacy profiles,
//! `-UseDeviceCode`, or when no browser can be reached). The token file is written only when the
//! sign-in succeeds.

use super::cache::{self, Read, Registration, Token, AUTH_CODE_GRANTS};
use super::oidc::Oidc;
use super::{device, provider, Target, Transport};
use crate::config::{LoadedProfiles, ProfileFiles};
use crate::error::codes;
use crate::error::{Error, ErrorKind, Result};
use crate::http::{resolve_endpoint, Service};
use crate::interact::{Cancel, Interaction};
use crate::oauth::loopback::{Loopback, Outcome, Rules, Strays};
use crate::oauth::{browser, pkce};
use crate::ops::CommonRequest;
use crate::os::Os;
use crate::regions::validate_region;
use crate::util::time::format_rfc3339;
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::time::Duration;

/// The default scope of an authorization-code registration.
pub const DEFAULT_SCOPE: &str = "sso:account:access";
/// The default `-ExecutionTimeout` (PowerShell's 900000 ms).
pub(crate) const DEFAULT_TIMEOUT_SECS: u64 = 900;

#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct LoginRequest {
    #[serde(flatten)]
    pub common: CommonRequest,
    pub session_name: Option<String>,
    pub force: bool,
    pub use_device_code: bool,
    pub execution_timeout_seconds: Option<u64>,
}

/// How to sign in.
#[derive(Debug, Clone, Default)]
pub struct LoginOptions {
    pub force: bool,
    pub use_device_code: bool,
    pub timeout: Option<Duration>,
    /// The caller's environment, for starting the browser.
    pub env_map: Option<HashMap<String, String>>,
}

pub fn load(common: &CommonRequest, os: &Os) -> Result<LoadedProfiles> {
    crate::config::load(
        os,
        &ProfileFiles { config_path: None, credentials_path: common.profile_location().map(str::to_string) },
    )
}

/// The target of `-ProfileName` / `-SessionName` (or AWS_PROFILE / default).
pub fn resolve_target(
    loaded: &LoadedProfiles,
    os: &Os,
    profile: Option<&str>,
    session: Option<&str>,
) -> Result<Target> {
    let cfg = loaded.config_path.as_deref();
    if let Some(s) = session.map(str::trim).filter(|s| !s.is_empty()) {
        let settings = super::session_settings(&loaded.profiles, s, cfg)?;
        return Ok(Target { settings, profile_name: None, endpoints: Default::default() });
    }
    let env_profile = os.env.var("AWS_PROFILE").map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
    let name = profile.map(str::trim).filter(|p| !p.is_empty()).map(str::to_string).or(env_profile);
    let explicit = name.is_some();
    let name = name.unwrap_or_else(|| "default".to_string());
    match super::profile_settings(&loaded.profiles, &name, cfg) {
        Ok(settings) => Ok(Target { settings, endpoints: super::configured_endpoints(&loaded.profiles, Some(&name)), profile_name: Some(name) }),
        Err(e) if !explicit && (e.is(codes::PROFILE_NOT_FOUND) || e.is(codes::NOT_AN_SSO_PROFILE)) => Err(Error::of(
            codes::NO_SSO_PROFILE,
            "Either -ProfileName or -SessionName, or a default profile with an IAM Identity Center configuration, is required. Create one with Initialize-AWSSSOConfiguration.",
        )),
        Err(e) => Err(e),
    }
}

pub async fn run(req: Value, ui: &Interaction, http: &Transport) -> Result<Value> {
    let req: LoginRequest = serde_json::from_value(req)
        .map_err(|e| Error::of(codes::INVALID_REQUEST, format!("The request is malformed: {e}")))?;
    let os = req.common.os();
    let loaded = load(&req.common, &os)?;
    let target = resolve_target(&loaded, &os, req.common.profile_name(), req.session_name.as_deref())?;
    let opts = LoginOptions {
        force: req.force,
        use_device_code: req.use_device_code,
        timeout: req.execution_timeout_seconds.filter(|s| *s > 0).map(Duration::from_secs),
        env_map: req.common.env.clone(),
    };
    login(&os, ui, http, &target, &opts).await
}

/// Signs in to `target`'s session. Returns `{status, expiresAt, sessionName, startUrl}` where
/// status is `AlreadyLoggedIn`, `Refreshed` or `LoggedIn`.
pub async fn login(os: &Os, ui: &Interaction, http: &Transport, target: &Target, opts: &LoginOptions) -> Result<Value> {
    let s = &target.settings;
    super::validate_start_url(&s.start_url)?;
    validate_region(&s.sso_region).map_err(|e| {
        Error::of(codes::INVALID_REGION, format!("The sso_region of {}: {}", target.describe(), e.message))
    })?;
    let dir = cache::cache_dir(os)?;
    let path = cache::token_path(&dir, s.session_name.as_deref(), &s.start_url);
    let existing = match cache::read_token(os, &path)? {
        Read::Ok(t) => Some(t),
        Read::Missing => None,
        Read::Corrupt(why) => {
            ui.warning(format!(
                "The token cache file {} cannot be used ({why}); it will be replaced when the sign-in succeeds.",
                path.display()
            ));
            None
        }
    };
    let result = |status: &str, t: &Token| json!({"status": status, "expiresAt": format_rfc3339(t.expires_at), "sessionName": s.session_name, "startUrl": s.start_url, "profileName": target.profile_name, "tokenFile": path.display().to_string()});
    let now = os.clock.now();
    if let (false, Some(t)) = (opts.force, &existing) {
        if t.seconds_left(now) > provider::REFRESH_WINDOW_SECS {
            ui.info(format!(
                "IAM Identity Center re-authentication is not necessary since a cached token exists for {} (valid until {}). Use -Force to re-authenticate and retrieve a new token.",
                target.describe(),
                format_rfc3339(t.expires_at)
            ));
            return Ok(result("AlreadyLoggedIn", t));
        }
        if s.session_name.is_some() && t.can_refresh(now) {
            ui.info("Attempting to refresh the IAM Identity Center token. If the refresh fails, the sign-in will be started.");
            match provider::refresh_token(os, ui, http, target, &path).await {
                Ok(provider::Refreshed::ByUs(t)) | Ok(provider::Refreshed::ByOther(t)) => {
                    provider::forget_role_credentials();
                    return Ok(result("Refreshed", &t));
                }
                Ok(provider::Refreshed::FellBack(_, e)) => {
                    ui.verbose(format!("The refresh failed ({}); starting a new sign-in.", e.message))
                }
                Err(e) if e.kind == ErrorKind::Cancelled => return Err(e),
                Err(e) => ui.verbose(format!("The refresh failed ({}); starting a new sign-in.", e.message)),
            }
        }
    }

    let oidc_ep = resolve_endpoint(Service::SsoOidc, None, os.env.as_ref(), &target.endpoints, &s.sso_region)?;
    ui.verbose(format!("SSO OIDC endpoint {} from {}.", oidc_ep.url, oidc_ep.source));
    let oidc = Oidc { endpoint: &oidc_ep.url, ui, http };
    let no_browser = browser::no_browser_reason(os.env.as_ref());
    let use_device = if opts.use_device_code {
        ui.verbose("Using the device-code flow (-UseDeviceCode).");
        true
    } else if s.session_name.is_none() {
        ui.info("This profile has no sso_session (a legacy configuration), so the device-code flow is used. Run Initialize-AWSSSOConfiguration to move it to an sso-session.");
        true
    } else if let Some(why) = &no_browser {
        ui.info(format!("No browser can be opened here: {why}. Using the device-code flow instead: open the URL below on any device."));
        true
    } else {
        false
    };
    let timeout = opts.timeout.unwrap_or(Duration::from_secs(DEFAULT_TIMEOUT_SECS));
    let env = os.env.clone();
    let env_map = opts.env_map.clone();
    let open = |url: &str| {
        if no_browser.is_some() {
            return;
        }
        if let Err(e) = browser::open(url, env.as_ref(), env_map.as_ref()) {
            ui.warning(format!("The browser could not be opened ({e}). Open this URL yourself: {url}"));
        }
    };

    // A cached registration the service no longer knows (invalid_client) is replaced once.
    let mut allow_cached = true;
    let (reg, response, cached) = loop {
        let (reg, cached) = registration(os, ui, &oidc, target, !use_device, allow_cached).await?;
        let attempt = if use_device {
            device::run(&oidc, &reg, &s.start_url, timeout, &open).await
        } else {
            auth_code(&oidc, ui, target, &reg, timeout, &open).await
        };
        match attempt {
            Err(e) if cached && e.is(codes::INVALID_CLIENT_EXCEPTION) => {
                ui.verbose("The cached client registration was refused; registering a new client.");
                allow_cached = false;
            }
            Err(e) => return Err(e),
            Ok(r) => break (reg, r, cached),
        }
    };
    let token = Token {
        start_url: Some(s.start_url.clone()),
        region: Some(s.sso_region.clone()),
        access_token: response.access_token,
        expires_at: crate::util::time::saturating_add(
            os.clock.now(),
            Duration::from_secs(response.expires_in.max(0) as u64),
        ),
        client_id: Some(reg.client_id.clone()),
        client_secret: Some(reg.client_secret.clone()),
        registration_expires_at: Some(reg.expires_at),
        refresh_token: response.refresh_token,
        extra: existing.map(|t| t.extra).unwrap_or_default(),
    };
    {
        // Under the file's lock, as every writer of a cache file: a refresh of the previous
        // token cannot then write over this one. The token first: when it cannot be written, the
        // sign-in failed and nothing new is left.
        let _lock = crate::cache::refresh::lock(&path).await?;
        cache::write_token(&path, &token)?;
    }
    if !cached {
        if let Err(e) = cache::write_registration(&cache::registration_path(&dir, s), &reg) {
            ui.warning(e.message);
        }
    }
    provider::forget_role_credentials();
    ui.info(match (&s.session_name, &target.profile_name) {
        (Some(n), Some(p)) => format!(
            "IAM Identity Center authentication successful for the sso-session {n} associated with the profile {p}."
        ),
        (Some(n), None) => format!("IAM Identity Center authentication successful for the sso-session {n}."),
        (None, _) => format!("Successfully logged into Start URL: {}", s.start_url),
    });
    Ok(result("LoggedIn", &token))
}

/// A client registration for the flow: the cached one when usable, else a new one (which the
/// caller caches after the sign-in succeeds). Returns it and whether it came from the cache.
async fn registration(
    os: &Os,
    ui: &Interaction,
    oidc: &Oidc<'_>,
    target: &Target,
    auth_code: bool,
    allow_cached: bool,
) -> Result<(Registration, bool)> {
    let s = &target.settings;
    let dir = cache::cache_dir(os)?;
    let path = cache::registration_path(&dir, s);
    if allow_cached {
        if let Some(r) = cache::read_registration(os, &path) {
            if r.usable(os.clock.now(), auth_code) {
                ui.verbose(format!(
                    "Reusing the client registration {} (valid until {}).",
                    r.client_id,
                    format_rfc3339(r.expires_at)
                ));
                return Ok((r, true));
            }
            ui.verbose(
                "The cached client registration has expired or is for the other flow; registering a new client.",
            );
        }
    }
    let name = match &s.session_name {
        Some(n) => format!("awslogin-client-{n}"),
        None => format!("awslogin-client-{}", crate::util::time::epoch_seconds(os.clock.now())),
    };
    let r = if auth_code {
        let scopes = if s.registration_scopes.is_empty() {
            vec![DEFAULT_SCOPE.to_string()]
        } else {
            s.registration_scopes.clone()
        };
        let grants: Vec<String> = AUTH_CODE_GRANTS.iter().map(|g| g.to_string()).collect();
        oidc.register_client(
            &name,
            &scopes,
            &grants,
            &["http://127.0.0.1/oauth/callback".to_string()],
            Some(&s.start_url),
        )
        .await?
    } else {
        oidc.register_client(&name, &s.registration_scopes, &[], &[], None).await?
    };
    ui.verbose(format!("Registered the client {} (valid until {}).", r.client_id, format_rfc3339(r.expires_at)));
    Ok((r, false))
}

/// The authorization-code flow with PKCE.
async fn auth_code(
    oidc: &Oidc<'_>,
    ui: &Interaction,
    target: &Target,
    reg: &Registration,
    timeout: Duration,
    open: impl Fn(&str),
) -> Result<super::oidc::TokenResponse> {
    let listener = Loopback::bind().await.map_err(|e| {
        Error::of(
            codes::CALLBACK_LISTENER_FAILED,
            format!("Could not listen on 127.0.0.1 for the sign-in callback: {e}. Use -UseDeviceCode instead."),
        )
    })?;
    let redirect = listener.redirect_uri();
    let verifier = pkce::verifier();
    let state = crate::util::random::uuid_v4();
    let scopes = if reg.scopes.is_empty() { DEFAULT_SCOPE.to_string() } else { reg.scopes.join(" ") };
    let challenge = pkce::challenge(&verifier);
    let url = crate::oauth::authorize_url(
        &format!("{}/authorize", oidc.endpoint),
        &[
            ("response_type", "code"),
            ("client_id", &reg.client_id),
            ("redirect_uri", &redirect),
            ("state", &state),
            ("code_challenge_method", "S256"),
            ("scopes", &scopes),
            ("code_challenge", &challenge),
        ],
    );
    ui.info(format!(
        "Attempting to open your default browser. If the browser does not open, open the following URL. If you are unable to open the URL on this device, run this command again with the '-UseDeviceCode' option.\n{url}"
    ));
    open(&url);
    let deadline = std::time::Instant::now() + timeout;
    let code = ui
        .wait_with_progress(
            "Waiting for the IAM Identity Center sign-in",
            &format!("Approve the request for {} in the browser", target.describe()),
            Some(&url),
            deadline,
            wait_for_code(listener, &state, timeout, &ui.cancel),
        )
        .await?;
    let grant =
        json!({"grantType": "authorization_code", "code": code, "redirectUri": redirect, "codeVerifier": verifier});
    oidc.create_token(&reg.client_id, &reg.client_secret, grant).await.map_err(|e| match e.oauth_code() {
        Some("expired_token") => Error::of(
            codes::SSO_LOGIN_TIMED_OUT,
            "The pending authorization expired. Nothing was saved; run the command again.",
        ),
        Some("access_denied") => Error::of(codes::ACCESS_DENIED, "The sign-in request was denied. Nothing was saved."),
        _ => e.into_error("CreateToken (authorization_code)"),
    })
}

const PAGE_OK: &str = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>AwsLogin</title></head><body><h1 id=\"result\">Signed in</h1><p>You can close this window and return to PowerShell.</p></body></html>";
const PAGE_DENIED: &str = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>AwsLogin</title></head><body><h1 id=\"error\">Sign-in was not completed</h1><p>Return to PowerShell for details.</p></body></html>";

/// Only a callback with our `state` can end the wait: a stray or forged request is answered and
/// ignored (the page does not say which).
const CALLBACK: Rules =
    Rules { done_page: PAGE_OK, denied_page: PAGE_DENIED, invalid_page: PAGE_DENIED, strays: Strays::Ignore };

/// At most `max` characters of text that came from the callback URL, cleaned: anyone who can
/// reach the loopback port chooses it, and it ends up in an error message on the user's console.
fn printable(text: &str, max: usize) -> String {
    crate::util::text::shown(text, max)
}

/// Waits on the loopback for the callback carrying `state`, at most `timeout`; returns the code.
/// The listener is closed when this returns: on success, refusal, timeout or Ctrl+C.
async fn wait_for_code(listener: Loopback, state: &str, timeout: Duration, cancel: &Cancel) -> Result<String> {
    match tokio::time::timeout(timeout, listener.wait(state, &CALLBACK, cancel)).await {
        Ok(Ok(Outcome::Code(code))) => Ok(code),
        Ok(Ok(Outcome::Denied { error, description })) => {
            let error = printable(&error, 100);
            let desc = description.map(|d| format!(": {}", printable(&d, 200))).unwrap_or_default();
            Err(Error::of(codes::ACCESS_DENIED, format!("The sign-in was refused in the browser ({error}{desc}). Nothing was saved.")))
        }
        Ok(Err(e)) => Err(e),
        Err(_) => Err(Error::of(
            codes::SSO_LOGIN_TIMED_OUT,
            format!("The browser sign-in was not completed within {} seconds. Nothing was saved; run the command again, or use -UseDeviceCode.", timeout.as_secs()),
        )),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn callback_text_is_made_printable() {
        assert_eq!(super::printable("no\u{1b}[31m thanks\r\n", 100), "no[31m thanks");
        assert_eq!(super::printable("abcdef", 3), "abc…");
    }

    use super::*;
    use crate::oauth::loopback::test_get as get;
    use tokio::net::TcpStream;

    #[test]
    fn end_to_end_over_tcp_and_cancel() {
        crate::runtime::block_on(async {
            let l = Loopback::bind().await.unwrap();
            let port = l.port();
            let client = tokio::spawn(async move {
                // A stray request and a forged one (wrong state) first, then the real callback.
                assert!(get(port, "/other").await.starts_with("HTTP/1.1 404"));
                assert!(get(port, "/oauth/callback?code=F&state=X").await.starts_with("HTTP/1.1 400"));
                let page = get(port, "/oauth/callback?code=C1&state=S").await;
                assert!(page.starts_with("HTTP/1.1 200") && page.contains("id=\"result\">Signed in"));
            });
            assert_eq!(wait_for_code(l, "S", Duration::from_secs(5), &Cancel::default()).await.unwrap(), "C1");
            client.await.unwrap();
            let cancel = Cancel::default();
            cancel.cancel();
            let l = Loopback::bind().await.unwrap();
            assert_eq!(
                wait_for_code(l, "S", Duration::from_secs(5), &cancel).await.unwrap_err().code,
                "OperationCancelled"
            );
            let l = Loopback::bind().await.unwrap();
            let port = l.port();
            assert_eq!(
                wait_for_code(l, "S", Duration::from_millis(50), &Cancel::default()).await.unwrap_err().code,
                "SsoLoginTimedOut"
            );
            assert!(TcpStream::connect(("127.0.0.1", port)).await.is_err());
        });
    }

    #[test]
    fn refusal_in_the_browser() {
        crate::runtime::block_on(async {
            let l = Loopback::bind().await.unwrap();
            let port = l.port();
            let client = tokio::spawn(async move {
                get(port, "/oauth/callback?error=access_denied&error_description=no%20thanks&state=S").await
            });
            let err = wait_for_code(l, "S", Duration::from_secs(5), &Cancel::default()).await.unwrap_err();
            assert_eq!(err.code, "AccessDenied");
            assert!(err.message.contains("(access_denied: no thanks)"));
            assert!(client.await.unwrap().contains("id=\"error\""));
        });
    }
}
