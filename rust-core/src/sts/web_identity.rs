//! STS `AssumeRoleWithWebIdentity`: an OIDC token (from a file, re-read on every call, since
//! the platform rotates it) exchanged for role credentials. The call is unsigned: whoever holds
//! the token has no AWS credentials yet.

use super::assume_role::{parse_role_session, RoleSession};
use super::query;
use crate::credentials::{ProvideCredentials, ProvideFuture, ProviderContext};
use crate::error::codes;
use crate::error::{Error, Result};
use crate::http::{resolve_endpoint, Endpoint, Service};
use crate::interact::Interaction;
use crate::os::Os;
use sha2::Digest;

/// A web identity configuration, from a profile or the environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebIdentity {
    pub role_arn: String,
    pub token_file: String,
    pub role_session_name: String,
    pub duration_seconds: Option<u32>,
    /// Where it was configured, for messages (`profile 'x'`, `AWS_WEB_IDENTITY_TOKEN_FILE`).
    pub origin: String,
}

/// Reads the token file (every time: the platform rotates it).
pub fn read_token(w: &WebIdentity, os: &Os) -> Result<String> {
    let bytes = os.fs.read(std::path::Path::new(&w.token_file)).map_err(|e| {
        Error::of(
            codes::WEB_IDENTITY_TOKEN_UNREADABLE,
            format!(
                "Could not read the web identity token file {} (from {}): {e}. Check the path and its permissions.",
                w.token_file, w.origin
            ),
        )
    })?;
    let token = String::from_utf8_lossy(&bytes).trim().to_string();
    if token.is_empty() {
        return Err(Error::of(
            codes::WEB_IDENTITY_TOKEN_EMPTY,
            format!("The web identity token file {} (from {}) is empty.", w.token_file, w.origin),
        ));
    }
    Ok(token)
}

/// Calls AssumeRoleWithWebIdentity with `token` (unsigned).
pub async fn assume_role_with_web_identity(
    w: &WebIdentity,
    token: &str,
    region: &str,
    endpoint: &Endpoint,
    ui: &Interaction,
    clock: &dyn crate::os::Clock,
) -> Result<RoleSession> {
    let duration = w.duration_seconds.map(|d| d.to_string());
    let mut params: Vec<(&str, &str)> = vec![
        ("RoleArn", w.role_arn.as_str()),
        ("RoleSessionName", w.role_session_name.as_str()),
        ("WebIdentityToken", token),
    ];
    if let Some(d) = &duration {
        params.push(("DurationSeconds", d));
    }
    let body = query::form_body("AssumeRoleWithWebIdentity", &params);
    match query::call("AssumeRoleWithWebIdentity", None, region, endpoint, &body, ui, clock).await {
        Ok(r) => parse_role_session(&r.text(), "AssumeRoleWithWebIdentity"),
        Err(mut e) => {
            e.message = format!(
                "Could not assume role {} with the web identity token in {} (from {}): {}",
                w.role_arn, w.token_file, w.origin, e.message
            );
            Err(e)
        }
    }
}

/// Web identity as a credential source. Every call reads the token file again; the role
/// credentials of one token are remembered in the process until 15 minutes before they expire,
/// and a rotated token is exchanged at once.
pub struct WebIdentityProvider {
    pub identity: WebIdentity,
}

impl ProvideCredentials for WebIdentityProvider {
    fn provide<'a>(&'a self, ctx: &'a ProviderContext<'a>) -> ProvideFuture<'a> {
        Box::pin(async move {
            let w = &self.identity;
            let ep = resolve_endpoint(Service::Sts, None, ctx.os.env.as_ref(), ctx.endpoints, ctx.region)?;
            let token = read_token(w, ctx.os)?;
            let digest = crate::util::encoding::hex(&sha2::Sha256::digest(token.as_bytes()));
            // A generated session name changes on every call: it does not tell sessions apart.
            let session =
                if w.role_session_name.starts_with("aws-dotnet-sdk-session-") { "" } else { &w.role_session_name };
            let key = format!("web-identity\n{}\n{}\n{session}\n{digest}", ep.url, w.role_arn);
            crate::credentials::memo::memoized(key, ctx.os.clock.now(), || async {
                ctx.ui.verbose(format!(
                    "Assuming role {} with the web identity token in {} (from {}) at {} (from {}).",
                    w.role_arn, w.token_file, w.origin, ep.url, ep.source
                ));
                let clock = ctx.os.clock.as_ref();
                Ok(assume_role_with_web_identity(w, &token, ctx.region, &ep, ctx.ui, clock).await?.credentials)
            })
            .await
        })
    }
    fn describe(&self) -> String {
        format!(
            "web identity (role {} with the token in {}, from {})",
            self.identity.role_arn, self.identity.token_file, self.identity.origin
        )
    }
}
