//! Console-credential login (`aws login`): the `login_session` profile key, the sign-in OAuth 2.0
//! flow with PKCE and DPoP, the token cache in `~/.aws/login/cache` and refresh.

pub mod cache;
pub mod dpop;
pub mod pkce;
pub mod provider;
pub mod token;

use crate::credentials::Credentials;
use crate::error::Result;
use crate::interact::Interaction;
use serde_json::Value;

/// `Invoke-AWSLogin`.
pub async fn login_op(_req: Value, _ui: &Interaction) -> Result<Value> {
    Err(crate::ops::not_implemented("Console-credential login (Invoke-AWSLogin)"))
}

/// `Invoke-AWSLogout`.
pub async fn logout_op(_req: Value, _ui: &Interaction) -> Result<Value> {
    Err(crate::ops::not_implemented("Console-credential logout (Invoke-AWSLogout)"))
}

/// Credentials for a profile with `login_session = <arn>` (the provider chain's seam).
pub async fn credentials(ctx: &crate::credentials::ProviderContext<'_>, login_session: &str) -> Result<Credentials> {
    provider::credentials(ctx, login_session).await
}
