//! Credentials for a profile that uses IAM Identity Center.
//!
//! Reads the cached access token, refreshes it with its refresh token when less than 15 minutes
//! remain (under the token file's cross-process lock, re-reading first so that one process
//! refreshes and the others reuse its result), then calls GetRoleCredentials. Role credentials
//! are kept in memory, per token, account and role, until 5 minutes before they expire.

use super::cache::{self, Read, Token};
use super::oidc::Oidc;
use super::portal::Portal;
use super::{Target, Transport};
pub use crate::cache::refresh::Refreshed;
use crate::cache::refresh::{refresh_locked, CacheFile, SessionFile};
use crate::credentials::{Credentials, ProvideCredentials, ProvideFuture, ProviderContext, SsoSettings};
use crate::error::codes;
use crate::error::{Error, ErrorKind, Result};
use crate::http::{resolve_endpoint, Service};
use crate::interact::Interaction;
use crate::os::Os;
use crate::util::time::{epoch_seconds, format_rfc3339};
use once_cell::sync::Lazy;
use serde_json::json;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

/// Refresh the access token when less than this remains (botocore's advisory window).
pub const REFRESH_WINDOW_SECS: i64 = 15 * 60;
/// Fetch new role credentials when less than this remains.
const ROLE_CREDENTIALS_MARGIN_SECS: i64 = 5 * 60;

static ROLE_CACHE: Lazy<Mutex<HashMap<String, Credentials>>> = Lazy::new(|| Mutex::new(HashMap::new()));

/// Forgets every role credential kept in memory (after a logout).
pub fn forget_role_credentials() {
    ROLE_CACHE.lock().unwrap_or_else(|p| p.into_inner()).clear();
}

/// The IAM Identity Center source of a profile.
pub struct SsoProvider {
    pub settings: SsoSettings,
    pub http: Transport,
}

impl SsoProvider {
    pub fn new(settings: SsoSettings) -> Self {
        SsoProvider { settings, http: Transport::default() }
    }
}

impl ProvideCredentials for SsoProvider {
    fn provide<'a>(&'a self, ctx: &'a ProviderContext<'a>) -> ProvideFuture<'a> {
        Box::pin(credentials(ctx, &self.settings, &self.http))
    }
    fn describe(&self) -> String {
        match self.settings.session_name {
            Some(_) => "IAM Identity Center (sso_session)",
            None => "IAM Identity Center (legacy sso_start_url)",
        }
        .to_string()
    }
}

pub async fn credentials(ctx: &ProviderContext<'_>, sso: &SsoSettings, http: &Transport) -> Result<Credentials> {
    let (Some(account_id), Some(role_name)) = (sso.account_id.as_deref(), sso.role_name.as_deref()) else {
        return Err(Error::of(
            codes::SSO_PROFILE_WITHOUT_ROLE,
            format!(
                "Profile '{p}' has an IAM Identity Center session but no sso_account_id and sso_role_name, so the selected profile will resolve an access token instead of credentials. Add them with Initialize-AWSSSOConfiguration -ProfileName {p}.",
                p = ctx.profile_name
            ),
        ));
    };
    let target = Target {
        settings: sso.clone(),
        profile_name: Some(ctx.profile_name.to_string()),
        endpoints: ctx.endpoints.clone(),
    };
    let token = valid_token(ctx.os, ctx.ui, http, &target).await?;
    let portal = resolve_endpoint(Service::Sso, None, ctx.os.env.as_ref(), ctx.endpoints, &sso.sso_region)?;
    ctx.ui.verbose(format!("IAM Identity Center portal endpoint {} from {}.", portal.url, portal.source));

    let now = ctx.os.clock.now();
    let key = crate::util::encoding::hex(&Sha256::digest(
        format!("{}\n{}\n{}\n{}", portal.url, account_id, role_name, token.access_token).as_bytes(),
    ));
    if let Some(c) = ROLE_CACHE.lock().unwrap_or_else(|p| p.into_inner()).get(&key) {
        if c.expiration.is_some_and(|e| epoch_seconds(e) - epoch_seconds(now) > ROLE_CREDENTIALS_MARGIN_SECS) {
            ctx.ui.verbose(format!("Role credentials for {role_name} in account {account_id} from memory."));
            return Ok(c.clone());
        }
    }
    let hint = target.relogin_hint();
    let p = Portal { endpoint: &portal.url, ui: ctx.ui, http, access_token: &token.access_token, relogin_hint: &hint };
    let creds = p.get_role_credentials(account_id, role_name).await?;
    ctx.ui.verbose(format!(
        "Role credentials for {role_name} in account {account_id} from IAM Identity Center{}.",
        creds.expiration.map(|e| format!(", valid until {}", format_rfc3339(e))).unwrap_or_default()
    ));
    ROLE_CACHE.lock().unwrap_or_else(|p| p.into_inner()).insert(key, creds.clone());
    Ok(creds)
}

fn expired_error(target: &Target, path: &Path, when: SystemTime) -> Error {
    Error::of(
        codes::SSO_TOKEN_EXPIRED,
        format!(
            "The IAM Identity Center session for {} expired at {} (token cache {}). {}",
            target.describe(),
            format_rfc3339(when),
            path.display(),
            target.relogin_hint()
        ),
    )
}

/// The cached token for `target`, refreshed if it is close to expiry and can be refreshed.
pub async fn valid_token(os: &Os, ui: &Interaction, http: &Transport, target: &Target) -> Result<Token> {
    let dir = cache::cache_dir(os)?;
    let path = cache::token_path(&dir, target.settings.session_name.as_deref(), &target.settings.start_url);
    let token = match cache::read_token(os, &path)? {
        Read::Missing => {
            return Err(Error::of(
                codes::SSO_TOKEN_NOT_FOUND,
                format!(
                    "There is no IAM Identity Center session for {} (no token in {}). {}",
                    target.describe(),
                    path.display(),
                    target.relogin_hint().replace("sign in again", "sign in")
                ),
            ))
        }
        Read::Corrupt(why) => {
            return Err(Error::of(
                codes::SSO_TOKEN_INVALID,
                format!(
                    "The IAM Identity Center token cache file {} cannot be used: {why}. {}",
                    path.display(),
                    target.relogin_hint().replace("to sign in again", "to replace it")
                ),
            ))
        }
        Read::Ok(t) => t,
    };
    let now = os.clock.now();
    if token.seconds_left(now) > REFRESH_WINDOW_SECS {
        ui.verbose(format!(
            "IAM Identity Center token for {} from {} (valid until {}).",
            target.describe(),
            path.display(),
            format_rfc3339(token.expires_at)
        ));
        return Ok(token);
    }
    // Legacy (start-URL) profiles are never refreshed, as in botocore.
    if target.settings.session_name.is_some() && token.can_refresh(now) {
        return match refresh_token(os, ui, http, target, &path).await {
            Ok(Refreshed::ByUs(t)) | Ok(Refreshed::ByOther(t)) => Ok(t),
            Ok(Refreshed::FellBack(t, e)) => {
                ui.warning(format!(
                    "The IAM Identity Center token for {} could not be refreshed ({}); using it until it expires at {}.",
                    target.describe(),
                    e.message,
                    format_rfc3339(t.expires_at)
                ));
                Ok(t)
            }
            Err(e) => Err(refresh_failed(target, &path, &token, e)),
        };
    }
    if token.seconds_left(now) > 0 {
        return Ok(token);
    }
    Err(expired_error(target, &path, token.expires_at))
}

/// The error of a failed refresh, with its cause: an authentication failure (the refresh token
/// was refused) ends the session; anything else (HTTP 5xx after the retries, a malformed answer,
/// an unreachable endpoint) keeps its own code and says what happened.
fn refresh_failed(target: &Target, path: &Path, token: &Token, e: Error) -> Error {
    if e.kind == ErrorKind::Cancelled || e.is(codes::SSO_TOKEN_NOT_FOUND) {
        return e;
    }
    if e.kind == ErrorKind::Authentication {
        let mut expired = expired_error(target, path, token.expires_at);
        expired.message = format!(
            "The IAM Identity Center session for {} could not be refreshed ({}); it expires at {} (token cache {}). {}",
            target.describe(),
            e.message,
            format_rfc3339(token.expires_at),
            path.display(),
            target.relogin_hint()
        );
        return expired;
    }
    Error {
        message: format!(
            "The IAM Identity Center token for {} needs a refresh (it expires at {}), which failed: {}",
            target.describe(),
            format_rfc3339(token.expires_at),
            e.message
        ),
        ..e
    }
}

/// The token cache file of one session, as the refresh mechanism sees it.
struct TokenFile<'a> {
    os: &'a Os,
    path: &'a Path,
    target: &'a Target,
}

impl CacheFile for TokenFile<'_> {
    type Value = Token;
    fn path(&self) -> &Path {
        self.path
    }
    fn read(&self) -> Result<Option<Token>> {
        match cache::read_token(self.os, self.path)? {
            Read::Ok(t) => Ok(Some(t)),
            Read::Missing => Ok(None),
            Read::Corrupt(why) => Err(Error::of(
                codes::SSO_TOKEN_INVALID,
                format!(
                    "The IAM Identity Center token cache file {} cannot be used: {why}. {}",
                    self.path.display(),
                    self.target.relogin_hint()
                ),
            )),
        }
    }
    fn seconds_left(&self, t: &Token) -> i64 {
        t.seconds_left(self.os.clock.now())
    }
    fn refresh_window_secs(&self) -> i64 {
        REFRESH_WINDOW_SECS
    }
    fn render(&self, t: &Token) -> Vec<u8> {
        cache::token_json(t).into_bytes()
    }
    fn unwritable(&self, e: std::io::Error) -> Error {
        cache::token_unwritable(self.path, e)
    }
}

impl SessionFile for TokenFile<'_> {
    fn gone(&self) -> Error {
        Error::of(
            codes::SSO_TOKEN_NOT_FOUND,
            format!(
                "The IAM Identity Center session for {} was signed out (its token file {} was removed) during the refresh. {}",
                self.target.describe(),
                self.path.display(),
                self.target.relogin_hint().replace("sign in again", "sign in")
            ),
        )
    }
}

/// Refreshes the token in `path` through the one refresh mechanism ([`crate::cache::refresh`]):
/// under the file's lock, from the token read under it, and only if it still needs it.
pub async fn refresh_token(
    os: &Os,
    ui: &Interaction,
    http: &Transport,
    target: &Target,
    path: &Path,
) -> Result<Refreshed<Token>> {
    let file = TokenFile { os, path, target };
    let outcome = refresh_locked(&file, ui, |current| refresh(os, ui, http, target, current)).await?;
    if let Refreshed::ByUs(t) = &outcome {
        ui.verbose(format!("Refreshed the IAM Identity Center token; valid until {}.", format_rfc3339(t.expires_at)));
    }
    Ok(outcome)
}

/// One refresh-token grant for `current` (read under the lock).
async fn refresh(os: &Os, ui: &Interaction, http: &Transport, target: &Target, current: Token) -> Result<Token> {
    let now = os.clock.now();
    if !current.can_refresh(now) {
        return Err(Error::of(
            codes::SSO_TOKEN_NOT_REFRESHABLE,
            "The cached token has no refresh token or its client registration has expired.",
        ));
    }
    let oidc_ep =
        resolve_endpoint(Service::SsoOidc, None, os.env.as_ref(), &target.endpoints, &target.settings.sso_region)?;
    ui.verbose(format!(
        "Refreshing the IAM Identity Center token for {} at {} (from {}).",
        target.describe(),
        oidc_ep.url,
        oidc_ep.source
    ));
    let oidc = Oidc { endpoint: &oidc_ep.url, ui, http };
    let (cid, secret, refresh) = (
        current.client_id.clone().unwrap_or_default(),
        current.client_secret.clone().unwrap_or_default(),
        current.refresh_token.clone().unwrap_or_default(),
    );
    let r = oidc
        .create_token(&cid, &secret, json!({"grantType": "refresh_token", "refreshToken": refresh}))
        .await
        .map_err(|e| e.into_error("CreateToken (refresh_token)"))?;
    let mut updated = current;
    updated.access_token = r.access_token;
    updated.expires_at = now + Duration::from_secs(r.expires_in.max(0) as u64);
    if r.refresh_token.is_some() {
        updated.refresh_token = r.refresh_token;
    }
    Ok(updated)
}
