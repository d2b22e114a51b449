//! The `login_session` credential provider: cached credentials while more than 5 minutes are
//! left, else one refresh under a cross-process lock (re-reading the cache under the lock, so a
//! crowd of processes makes one refresh call), rotating the refresh token and keeping every
//! other member of the cache document.

use super::cache::{self, CachedToken};
use super::dpop::DpopKey;
use super::token;
use crate::cache::refresh::{refresh_locked, CacheFile, Refreshed, SessionFile};
use crate::credentials::{Credentials, ProvideCredentials, ProvideFuture, ProviderContext};
use crate::error::{codes, Error, Result};
use crate::http::{resolve_endpoint, Service};
use std::path::Path;
use std::time::Duration;

/// Refresh when this much credential life or less is left.
pub const REFRESH_THRESHOLD_SECS: i64 = 5 * 60;

/// The sign-in base URL (`scheme://host[:port]`) for a region and endpoint settings.
pub fn base_url(
    env: &dyn crate::os::Env,
    configured: &crate::http::endpoint::ConfiguredEndpoints,
    explicit: Option<&str>,
    region: &str,
) -> Result<(String, String)> {
    let ep = resolve_endpoint(Service::Signin, explicit, env, configured, region)?;
    let url = reqwest::Url::parse(&ep.url).map_err(|e| {
        Error::of(codes::INVALID_ENDPOINT, format!("The sign-in endpoint {} is not a URL: {e}.", ep.url))
    })?;
    let origin = url.origin().ascii_serialization();
    Ok((origin, ep.source))
}

/// The `login_session` source of a profile.
pub struct LoginSessionProvider {
    pub session: String,
}

impl ProvideCredentials for LoginSessionProvider {
    fn provide<'a>(&'a self, ctx: &'a ProviderContext<'a>) -> ProvideFuture<'a> {
        Box::pin(credentials(ctx, &self.session))
    }
    fn describe(&self) -> String {
        "a console login session (login_session)".to_string()
    }
}

pub async fn credentials(ctx: &ProviderContext<'_>, login_session: &str) -> Result<Credentials> {
    let os = ctx.os;
    let profile = ctx.profile_name;
    let (path, cached) = cache::load(os, login_session, profile)?;
    let left = cached.seconds_left(os.clock.now());
    if left > REFRESH_THRESHOLD_SECS {
        ctx.ui.verbose(format!(
            "Login session credentials from {} are valid for {} more minutes.",
            path.display(),
            left / 60
        ));
        return Ok(cached.credentials());
    }
    ctx.ui.verbose(format!(
        "Login session credentials from {} {}; refreshing.",
        path.display(),
        if left <= 0 { "have expired".to_string() } else { format!("expire in {left} s") }
    ));
    let file = LoginCacheFile { os, path: &path, login_session, profile };
    let relogin = relogin_hint(profile);
    let outcome = refresh_locked(&file, ctx.ui, |current| refresh(ctx, &relogin, current)).await?;
    Ok(match outcome {
        Refreshed::ByUs(t) => {
            ctx.ui.verbose(format!(
                "Refreshed the login session; the new credentials expire at {}.",
                crate::util::time::format_rfc3339(t.expires_at)
            ));
            t.credentials()
        }
        Refreshed::ByOther(t) => t.credentials(),
        Refreshed::FellBack(t, e) => {
            ctx.ui.warning(format!(
                "Could not refresh the login session ({}); using the cached credentials, which expire in {} s.",
                e.message,
                t.seconds_left(os.clock.now())
            ));
            t.credentials()
        }
    })
}

fn relogin_hint(profile: &str) -> String {
    format!("Run Invoke-AWSLogin -ProfileName {profile} to sign in again.")
}

/// The login cache file of one session, as the refresh mechanism sees it.
struct LoginCacheFile<'a> {
    os: &'a crate::os::Os,
    path: &'a Path,
    login_session: &'a str,
    profile: &'a str,
}

impl CacheFile for LoginCacheFile<'_> {
    type Value = CachedToken;
    fn path(&self) -> &Path {
        self.path
    }
    fn read(&self) -> Result<Option<CachedToken>> {
        match cache::load(self.os, self.login_session, self.profile) {
            Ok((_, t)) => Ok(Some(t)),
            Err(e) if e.is(codes::LOGIN_SESSION_NOT_FOUND) => Ok(None),
            Err(e) => Err(e),
        }
    }
    fn seconds_left(&self, t: &CachedToken) -> i64 {
        t.seconds_left(self.os.clock.now())
    }
    fn refresh_window_secs(&self) -> i64 {
        REFRESH_THRESHOLD_SECS
    }
    fn render(&self, t: &CachedToken) -> Vec<u8> {
        t.render().into_bytes()
    }
    fn unwritable(&self, e: std::io::Error) -> Error {
        cache::unwritable(self.path, e)
    }
}

impl SessionFile for LoginCacheFile<'_> {
    fn gone(&self) -> Error {
        Error::of(
            codes::LOGIN_SESSION_NOT_FOUND,
            format!(
                "The login session was signed out (its cache file {} was removed) while the credentials were being refreshed. {}",
                self.path.display(),
                relogin_hint(self.profile)
            ),
        )
    }
}

/// One refresh of `cached` (read under the lock): a DPoP-signed refresh-token grant.
async fn refresh(ctx: &ProviderContext<'_>, relogin: &str, mut cached: CachedToken) -> Result<CachedToken> {
    let key =
        DpopKey::from_pem(&cached.dpop_key).map_err(|e| Error { message: format!("{} {relogin}", e.message), ..e })?;
    let (base, source) = base_url(ctx.os.env.as_ref(), ctx.endpoints, None, ctx.region)?;
    ctx.ui.verbose(format!("Sign-in endpoint {base} from {source}."));
    let clock = ctx.os.clock.clone();
    let out =
        token::refresh(ctx.ui, relogin, &base, &key, &cached.client_id, &cached.refresh_token, || clock.now()).await?;
    let expires_at = ctx.os.clock.now() + Duration::from_secs(out.expires_in);
    cached.apply_refresh(
        &out.access_key_id,
        &out.secret_access_key,
        &out.session_token,
        expires_at,
        &out.refresh_token,
    );
    Ok(cached)
}
