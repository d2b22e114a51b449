//! The `login_session` credential provider: cached credentials while more than 5 minutes are
//! left, else one refresh under a cross-process lock (re-reading the cache under the lock, so a
//! crowd of processes makes one refresh call), rotating the refresh token and keeping every
//! other member of the cache document.

use super::cache::{self, CachedToken};
use super::dpop::DpopKey;
use super::token;
use crate::credentials::{Credentials, ProvideCredentials, ProvideFuture, ProviderContext};
use crate::error::{Error, ErrorKind, Result};
use crate::http::{resolve_endpoint, Service};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Refresh when this much credential life or less is left.
pub const REFRESH_THRESHOLD_SECS: i64 = 5 * 60;
/// How long to wait for another process's refresh.
const LOCK_TIMEOUT: Duration = Duration::from_secs(60);

/// The sign-in base URL (`scheme://host[:port]`) for a region and endpoint settings.
pub fn base_url(
    env: &dyn crate::os::Env,
    configured: &crate::http::endpoint::ConfiguredEndpoints,
    explicit: Option<&str>,
    region: &str,
) -> Result<(String, String)> {
    let ep = resolve_endpoint(Service::Signin, explicit, env, configured, region)?;
    let url = reqwest::Url::parse(&ep.url).map_err(|e| {
        Error::invalid_input("InvalidEndpoint", format!("The sign-in endpoint {} is not a URL: {e}.", ep.url))
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

    let lock = acquire_lock(&path).await?;
    // Another process may have refreshed while we waited.
    let (_, cached) = cache::load(os, login_session, profile)?;
    let left = cached.seconds_left(os.clock.now());
    if left > REFRESH_THRESHOLD_SECS {
        ctx.ui.verbose("Another process refreshed the login session; using its credentials.");
        drop(lock);
        return Ok(cached.credentials());
    }
    let result = refresh_locked(ctx, &path, cached.clone()).await;
    drop(lock);
    match result {
        Ok(c) => Ok(c),
        // A network failure while the old credentials still work: use them, say so.
        Err(e) if e.kind == ErrorKind::Network && left > 0 => {
            ctx.ui.warning(format!(
                "Could not refresh the login session ({}); using the cached credentials, which expire in {left} s.",
                e.message
            ));
            Ok(cached.credentials())
        }
        Err(mut e) => {
            let relogin = format!("Run Invoke-AWSLogin -ProfileName {profile} to sign in again.");
            if e.message.contains(token::RELOGIN) {
                e.message = e.message.replace(token::RELOGIN, &relogin);
            } else if e.kind == ErrorKind::Authentication || e.code == "LoginCacheInvalid" {
                e.message = format!("{} {relogin}", e.message);
            }
            Err(e)
        }
    }
}

async fn acquire_lock(path: &Path) -> Result<crate::cache::FileLock> {
    let p: PathBuf = path.to_path_buf();
    tokio::task::spawn_blocking(move || crate::cache::FileLock::acquire(&p, LOCK_TIMEOUT))
        .await
        .map_err(|e| Error::internal(format!("lock task failed: {e}")))?
        .map_err(|e| {
            Error::io(
                "LoginCacheLocked",
                format!("Could not lock the login cache file {} for refreshing: {e}.", path.display()),
            )
        })
}

async fn refresh_locked(ctx: &ProviderContext<'_>, path: &Path, mut cached: CachedToken) -> Result<Credentials> {
    let key = DpopKey::from_pem(&cached.dpop_key)?;
    let (base, source) = base_url(ctx.os.env.as_ref(), ctx.endpoints, None, ctx.region)?;
    ctx.ui.verbose(format!("Sign-in endpoint {base} from {source}."));
    let clock = ctx.os.clock.clone();
    let out = token::refresh(ctx.ui, &base, &key, &cached.client_id, &cached.refresh_token, || clock.now()).await?;
    let expires_at = ctx.os.clock.now() + Duration::from_secs(out.expires_in);
    cached.apply_refresh(
        &out.access_key_id,
        &out.secret_access_key,
        &out.session_token,
        expires_at,
        &out.refresh_token,
    );
    cache::write(path, &cached.render())?;
    ctx.ui.verbose(format!(
        "Refreshed the login session; the new credentials expire at {}.",
        crate::util::time::format_rfc3339(expires_at)
    ));
    Ok(cached.credentials())
}
