//! The `CreateOAuth2Token` client: `POST {base}/v1/token`, JSON body, unsigned, with a DPoP
//! proof made afresh for every attempt (a retried proof would be a replayed `jti`).

use super::dpop::DpopKey;
use crate::error::codes;
use crate::error::{Error, ErrorKind, Result};
use crate::http::{send_with_retry, HttpRequest};
use crate::interact::Interaction;
use serde_json::{json, Value};
use std::time::SystemTime;

/// What the token endpoint returned.
#[derive(Clone)]
pub struct TokenOutput {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: String,
    pub token_type: Option<String>,
    pub expires_in: u64,
    pub refresh_token: String,
    pub id_token: Option<String>,
}

impl std::fmt::Debug for TokenOutput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenOutput")
            .field("access_key_id", &self.access_key_id)
            .field("expires_in", &self.expires_in)
            .finish_non_exhaustive()
    }
}

/// The longest credential lifetime believed from the token endpoint: a sign-in session lasts at
/// most 12 hours (its credentials 15 minutes), so a larger `expiresIn` is clamped to this.
pub const MAX_LIFETIME: std::time::Duration = std::time::Duration::from_secs(12 * 3600);

/// The re-login hint of messages when no profile is known yet (the sign-in itself).
pub const RELOGIN: &str = "Run Invoke-AWSLogin to sign in again.";

/// Which grant, for error messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grant {
    AuthorizationCode,
    RefreshToken,
}

/// The token URL for a sign-in base URL.
pub fn token_url(base: &str) -> String {
    format!("{}/v1/token", base.trim_end_matches('/'))
}

/// Redeems an authorization code.
// Every argument is a distinct part of the CreateOAuth2Token request; a struct would only rename them.
#[allow(clippy::too_many_arguments)]
pub async fn exchange_code(
    ui: &Interaction,
    base: &str,
    key: &DpopKey,
    client_id: &str,
    code: &str,
    verifier: &str,
    redirect_uri: &str,
    now: impl Fn() -> SystemTime,
) -> Result<TokenOutput> {
    let body = json!({
        "clientId": client_id,
        "grantType": "authorization_code",
        "code": code,
        "codeVerifier": verifier,
        "redirectUri": redirect_uri,
    });
    call(ui, base, key, &body, Grant::AuthorizationCode, RELOGIN, now).await
}

/// Uses a refresh token. `relogin` is what messages tell the user to run when the session is over.
// Every argument is a distinct part of the refresh call; a struct would only rename them.
#[allow(clippy::too_many_arguments)]
pub async fn refresh(
    ui: &Interaction,
    relogin: &str,
    base: &str,
    key: &DpopKey,
    client_id: &str,
    refresh_token: &str,
    now: impl Fn() -> SystemTime,
) -> Result<TokenOutput> {
    let body = json!({ "clientId": client_id, "refreshToken": refresh_token, "grantType": "refresh_token" });
    call(ui, base, key, &body, Grant::RefreshToken, relogin, now).await
}

async fn call(
    ui: &Interaction,
    base: &str,
    key: &DpopKey,
    body: &Value,
    grant: Grant,
    relogin: &str,
    now: impl Fn() -> SystemTime,
) -> Result<TokenOutput> {
    let url = token_url(base);
    let body = body.to_string().into_bytes();
    let what = match grant {
        Grant::AuthorizationCode => "CreateOAuth2Token (authorization code)",
        Grant::RefreshToken => "CreateOAuth2Token (refresh)",
    };
    ui.verbose(format!("{what}: POST {url}"));
    let response = send_with_retry(
        ui,
        what,
        || {
            let iat = crate::util::time::epoch_seconds(now());
            let proof = key.proof(&url, iat)?;
            Ok(HttpRequest {
                method: "POST".into(),
                url: url.clone(),
                headers: vec![("Content-Type".into(), "application/json".into()), ("DPoP".into(), proof)],
                body: body.clone(),
            })
        },
        crate::http::retry::transient_status,
    )
    .await?;
    if response.status >= 300 {
        return Err(service_error(
            response.status,
            response.header("x-amzn-errortype"),
            &response.body,
            grant,
            relogin,
        ));
    }
    parse_output(&response.body, grant)
}

fn failed(grant: Grant) -> Error {
    Error::of(
        codes::INVALID_TOKEN_RESPONSE,
        match grant {
            Grant::AuthorizationCode => {
                "Failed to retrieve an access token: the sign-in service's response is not a valid token response."
            }
            Grant::RefreshToken => {
                "Failed to refresh an access token: the sign-in service's response is not a valid token response."
            }
        },
    )
}

/// Parses the response body (the `tokenOutput` payload itself, or wrapped in `tokenOutput`).
pub fn parse_output(body: &[u8], grant: Grant) -> Result<TokenOutput> {
    let v: Value = serde_json::from_slice(body).map_err(|_| failed(grant))?;
    let v = v.get("tokenOutput").cloned().unwrap_or(v);
    let at = v.get("accessToken").and_then(Value::as_object).ok_or_else(|| failed(grant))?;
    let s = |m: &serde_json::Map<String, Value>, k: &str| {
        m.get(k).and_then(Value::as_str).filter(|s| !s.is_empty()).map(str::to_string)
    };
    let top = v.as_object().ok_or_else(|| failed(grant))?;
    Ok(TokenOutput {
        access_key_id: s(at, "accessKeyId").ok_or_else(|| failed(grant))?,
        secret_access_key: s(at, "secretAccessKey").ok_or_else(|| failed(grant))?,
        session_token: s(at, "sessionToken").ok_or_else(|| failed(grant))?,
        token_type: s(top, "tokenType"),
        // Any positive whole number is taken (2^64-1 included), believed up to MAX_LIFETIME.
        expires_in: v
            .get("expiresIn")
            .and_then(crate::util::time::service_integer)
            .filter(|n| *n > 0)
            .map(|n| crate::util::time::service_lifetime(n, MAX_LIFETIME).as_secs())
            .ok_or_else(|| failed(grant))?,
        refresh_token: s(top, "refreshToken").ok_or_else(|| failed(grant))?,
        id_token: s(top, "idToken"),
    })
}

/// Turns an error response into the AWS tools' messages. `error` is a top-level member of the
/// body; the exception name may be in `x-amzn-errortype`, `__type` or `code`.
/// `relogin` is the hint that ends messages about a session that is over.
pub fn service_error(status: u16, errortype: Option<&str>, body: &[u8], grant: Grant, relogin: &str) -> Error {
    let v: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let field = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    let error = field("error").unwrap_or_default();
    let exception =
        errortype.map(str::to_string).or_else(|| field("__type")).or_else(|| field("code")).unwrap_or_default();
    let exception = exception.split(':').next().unwrap_or_default().rsplit('#').next().unwrap_or_default();
    let exception = crate::util::text::server_text(exception);
    let detail = field("message")
        .map(|m| crate::util::text::server_text(&m))
        .filter(|m| !m.is_empty())
        .map(|m| format!(" ({m})"))
        .unwrap_or_default();
    let (code, msg) = match error.as_str() {
        "TOKEN_EXPIRED" => (codes::LOGIN_SESSION_EXPIRED, format!("Your session has expired. {relogin}")),
        "USER_CREDENTIALS_CHANGED" => (
            codes::LOGIN_CREDENTIALS_CHANGED,
            format!("Unable to refresh login credentials because of a change in your password. {relogin} Use your new password."),
        ),
        "INSUFFICIENT_PERMISSIONS" => (
            codes::LOGIN_INSUFFICIENT_PERMISSIONS,
            format!("Unable to create or refresh login credentials due to insufficient permissions. You may be missing permission for the 'signin:CreateOAuth2Token' action.{}", if grant == Grant::RefreshToken { format!(" {relogin}") } else { String::new() }),
        ),
        "AUTHCODE_EXPIRED" => (
            codes::LOGIN_AUTHORIZATION_CODE_EXPIRED,
            format!("Unable to complete the login process due to an expired authorization code. {relogin}"),
        ),
        _ => {
            let what = match grant {
                Grant::AuthorizationCode => "Error loading or redeeming a login authorization code",
                Grant::RefreshToken => "An error happened when refreshing the login session",
            };
            let name = if exception.is_empty() { String::new() } else { format!(" {exception}") };
            let err = if error.is_empty() { String::new() } else { format!(" {}", crate::util::text::server_text(&error)) };
            let hint = if grant == Grant::RefreshToken && matches!(status, 400 | 401 | 403) { format!(" {relogin}") } else { String::new() };
            let e = Error::of(codes::LOGIN_SERVICE_ERROR, format!("{what}: the sign-in service answered HTTP {status}{name}{err}{detail}.{hint}"));
            return if status == 401 || status == 403 { e.with_kind(ErrorKind::Authentication) } else { e.with_status(status) };
        }
    };
    Error::of(code, msg)
}

/// The claims (payload) of an id token, unverified: the token came from the sign-in service over
/// TLS, and the claims only name the session and when it began.
pub fn id_token_claims(id_token: &str) -> Option<Value> {
    let payload = id_token.split('.').nth(1)?;
    let bytes = crate::util::encoding::base64url_decode(payload)?;
    serde_json::from_slice(&bytes).ok()
}

/// The `sub` claim of the id token (the login session ARN); the signature is not checked, as the
/// AWS CLI does not check it either: the token came over TLS from the token endpoint.
pub fn login_session_from_id_token(id_token: &str) -> Result<String> {
    let bad =
        || Error::of(codes::INVALID_ID_TOKEN, "The sign-in service returned an id token without a usable 'sub' claim.");
    let v = id_token_claims(id_token).ok_or_else(bad)?;
    v.get("sub").and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).ok_or_else(bad)
}

/// The account field of an ARN (`arn:partition:service:region:account:resource`).
pub fn account_id_from_arn(arn: &str) -> Option<String> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    (parts.len() == 6 && parts[0] == "arn" && !parts[4].is_empty()).then(|| parts[4].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_token_and_arn() {
        let cache = crate::login::testdata::first_cache();
        let id = cache["idToken"].as_str().unwrap();
        let arn = login_session_from_id_token(id).unwrap();
        assert_eq!(arn, "arn:aws:sts::721781603755:assumed-role/Admin/shovlia-Isengard");
        assert_eq!(account_id_from_arn(&arn).unwrap(), "721781603755");
        assert_eq!(account_id_from_arn("arn:aws:iam::0123456789012:user/Admin").unwrap(), "0123456789012");
        assert!(account_id_from_arn("nope").is_none());
        assert!(login_session_from_id_token("a.b.c").is_err());
    }

    #[test]
    fn errors() {
        let e = service_error(401, None, br#"{"error":"TOKEN_EXPIRED","message":"x"}"#, Grant::RefreshToken, RELOGIN);
        assert_eq!((e.code.as_str(), e.kind), ("LoginSessionExpired", ErrorKind::Authentication));
        assert!(e.message.contains("Invoke-AWSLogin"));
        let e = service_error(
            400,
            Some("ValidationException"),
            br#"{"error":"INVALID_REQUEST","message":"bad"}"#,
            Grant::RefreshToken,
            RELOGIN,
        );
        assert!(e.message.contains("ValidationException INVALID_REQUEST (bad)"), "{}", e.message);
        assert_eq!(
            service_error(403, None, br#"{"error":"INSUFFICIENT_PERMISSIONS"}"#, Grant::AuthorizationCode, RELOGIN)
                .code,
            "LoginInsufficientPermissions"
        );
        assert!(parse_output(b"{}", Grant::RefreshToken).unwrap_err().message.starts_with("Failed to refresh"));
    }

    /// Bug: `expiresIn` 2^64-1 panicked when added to the clock, after the refresh token had
    /// already been rotated. Any value: a lifetime of 1 s to 12 h, or a clear error.
    #[test]
    fn extreme_expires_in_values_never_panic() {
        let now = std::time::SystemTime::now();
        for v in crate::util::extreme::json_numbers() {
            let body = json!({"accessToken": {"accessKeyId": "A", "secretAccessKey": "S", "sessionToken": "T"}, "expiresIn": v, "refreshToken": "R"});
            match parse_output(body.to_string().as_bytes(), Grant::RefreshToken) {
                Ok(out) => {
                    assert!((1..=MAX_LIFETIME.as_secs()).contains(&out.expires_in), "{v}: {}", out.expires_in);
                    let at = crate::util::time::saturating_add(now, std::time::Duration::from_secs(out.expires_in));
                    assert!(at <= now + MAX_LIFETIME, "{v}");
                }
                Err(e) => assert_eq!(e.code, "InvalidTokenResponse", "{v}"),
            }
        }
        let body = json!({"accessToken": {"accessKeyId": "A", "secretAccessKey": "S", "sessionToken": "T"}, "expiresIn": u64::MAX, "refreshToken": "R"});
        assert_eq!(parse_output(body.to_string().as_bytes(), Grant::RefreshToken).unwrap().expires_in, 12 * 3600);
    }

    #[test]
    fn huge_and_control_character_service_messages_are_capped() {
        let message = format!("bad\u{1b}[31m\r\n{}", "x".repeat(1_000_000));
        let body = json!({"error": "INVALID_REQUEST", "message": message}).to_string();
        let e = service_error(400, Some(&"E".repeat(100_000)), body.as_bytes(), Grant::RefreshToken, RELOGIN);
        assert!(e.message.len() < 1000, "{} bytes", e.message.len());
        assert!(e.message.contains("(bad[31m xxx") && !e.message.chars().any(char::is_control), "{}", e.message);
    }
}
