//! Console-credential login (`aws login`): the `login_session` profile key, the sign-in OAuth 2.0
//! flow with PKCE and DPoP, the token cache in `~/.aws/login/cache` and refresh.

pub mod authorize;
pub mod cache;
pub mod dpop;
pub mod flow;
pub mod logout;
pub mod provider;
pub mod token;

use crate::credentials::Credentials;
use crate::error::Result;
use crate::interact::Interaction;
use serde_json::Value;

/// `Invoke-AWSLogin`.
pub async fn login_op(req: Value, ui: &Interaction) -> Result<Value> {
    flow::login_op(req, ui).await
}

/// `Invoke-AWSLogout`.
pub async fn logout_op(req: Value, ui: &Interaction) -> Result<Value> {
    logout::logout_op(req, ui).await
}

/// Credentials for a profile with `login_session = <arn>` (the provider chain's seam).
pub async fn credentials(ctx: &crate::credentials::ProviderContext<'_>, login_session: &str) -> Result<Credentials> {
    provider::credentials(ctx, login_session).await
}
