//! IAM Identity Center: SSO OIDC (authorization code with PKCE, device code, refresh), the
//! portal (role credentials, accounts, roles, logout) and the token cache in `~/.aws/sso/cache`.

use crate::credentials::Credentials;
use crate::error::Result;
use crate::interact::Interaction;
use serde_json::Value;

/// `Initialize-AWSSSOConfiguration`.
pub async fn init_op(_req: Value, _ui: &Interaction) -> Result<Value> {
    Err(crate::ops::not_implemented("Initialize-AWSSSOConfiguration"))
}

/// `Invoke-AWSSSOLogin`.
pub async fn login_op(_req: Value, _ui: &Interaction) -> Result<Value> {
    Err(crate::ops::not_implemented("IAM Identity Center login (Invoke-AWSSSOLogin)"))
}

/// `Invoke-AWSSSOLogout`.
pub async fn logout_op(_req: Value, _ui: &Interaction) -> Result<Value> {
    Err(crate::ops::not_implemented("IAM Identity Center logout (Invoke-AWSSSOLogout)"))
}

/// Credentials for a profile that uses IAM Identity Center (the provider chain's seam).
pub async fn credentials(_ctx: &crate::credentials::ProviderContext<'_>, _sso: &crate::credentials::SsoSettings) -> Result<Credentials> {
    Err(crate::ops::not_implemented("The IAM Identity Center (sso_session) credential source"))
}
