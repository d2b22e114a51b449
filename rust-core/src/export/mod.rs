//! Credentials written out for other tools: the `awslogin_credentials` operation (the resolved
//! credentials, and their text in the formats of `aws configure export-credentials`, see
//! [`format`]) and the profiles of the `awslogin-credential-process` helper ([`helper_profile`]).
//!
//! It sits above the chain: it resolves like `GetCallerIdentity` and hands the result over.

pub mod format;
pub mod helper_profile;

pub use format::{render, Format};

/// The `awslogin_credentials` operation: resolves credentials through the same chain as
/// `GetCallerIdentity` (refreshing sessions as needed, no STS call) and returns them with where
/// they came from; with `"format"`, also their text in that format. The result holds secrets (the
/// caller asked for them); events never do.
pub async fn credentials_op(
    req: serde_json::Value,
    ui: &crate::interact::Interaction,
) -> crate::error::Result<serde_json::Value> {
    let format = match req.get("format").and_then(serde_json::Value::as_str).map(str::trim) {
        None | Some("") => None,
        Some(name) => Some(Format::parse(name)?),
    };
    let req = crate::ops::CommonRequest::from_json(req)?;
    let os = req.os();
    let resolved = crate::chain::resolve(&req, &os, ui).await?;
    ui.verbose(format!("Credentials from {}.", resolved.credential_source));
    let c = &resolved.credentials;
    Ok(serde_json::json!({
        "AccessKeyId": c.access_key_id,
        "SecretAccessKey": c.secret_access_key,
        "SessionToken": c.session_token,
        "Expiration": c.expiration.map(crate::util::time::format_rfc3339),
        "AccountId": c.account_id,
        "Source": resolved.credential_source,
        "ProfileName": resolved.profile_name,
        "Region": resolved.region,
        "Text": format.map(|f| render(c, f)),
    }))
}
