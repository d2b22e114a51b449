//! The SSO OIDC client (`oidc.{region}.amazonaws.com`, rest-json, unsigned): RegisterClient,
//! StartDeviceAuthorization and CreateToken.

use super::Transport;
use crate::error::{codes, Code};
use crate::error::{Error, Result};
use crate::http::HttpRequest;
use crate::interact::Interaction;
use serde_json::{json, Value};

/// A CreateToken result. `Debug` hides the tokens.
#[derive(Clone)]
pub struct TokenResponse {
    pub access_token: String,
    pub expires_in: i64,
    pub refresh_token: Option<String>,
}

impl std::fmt::Debug for TokenResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TokenResponse {{ expires_in: {}, refreshable: {} }}", self.expires_in, self.refresh_token.is_some())
    }
}

#[derive(Debug, Clone)]
pub struct DeviceAuthorization {
    pub device_code: String,
    pub user_code: String,
    pub verification_uri: String,
    pub verification_uri_complete: Option<String>,
    pub expires_in: i64,
    pub interval: i64,
}

/// A failed OIDC call: an OAuth error code from the service, or anything else.
#[derive(Debug, Clone)]
pub enum OidcError {
    /// `error` (snake case, e.g. `authorization_pending`) and its description.
    OAuth {
        status: u16,
        error: String,
        description: Option<String>,
    },
    Other(Error),
}

impl From<Error> for OidcError {
    fn from(e: Error) -> Self {
        OidcError::Other(e)
    }
}

impl OidcError {
    pub fn oauth_code(&self) -> Option<&str> {
        match self {
            OidcError::OAuth { error, .. } => Some(error),
            OidcError::Other(_) => None,
        }
    }
    /// As an [`Error`], for `what` ("CreateToken", ...).
    pub fn into_error(self, what: &str) -> Error {
        match self {
            OidcError::Other(e) => e,
            OidcError::OAuth { status, error, description } => {
                let desc = description.map(|d| format!(": {d}")).unwrap_or_default();
                // The registry gives each exception its kind (access_denied: authentication, ...).
                Error::of(
                    oauth_to_code(&error),
                    format!("IAM Identity Center (SSO OIDC) refused {what} (HTTP {status}, {error}){desc}."),
                )
                .with_status(status)
            }
        }
    }
}

/// The exception name for an OAuth error code.
fn oauth_to_code(error: &str) -> Code {
    match error {
        "authorization_pending" => codes::AUTHORIZATION_PENDING_EXCEPTION,
        "slow_down" => codes::SLOW_DOWN_EXCEPTION,
        "expired_token" => codes::EXPIRED_TOKEN_EXCEPTION,
        "access_denied" => codes::ACCESS_DENIED_EXCEPTION,
        "invalid_request" => codes::INVALID_REQUEST_EXCEPTION,
        "invalid_client" => codes::INVALID_CLIENT_EXCEPTION,
        "invalid_grant" => codes::INVALID_GRANT_EXCEPTION,
        "unauthorized_client" => codes::UNAUTHORIZED_CLIENT_EXCEPTION,
        "unsupported_grant_type" => codes::UNSUPPORTED_GRANT_TYPE_EXCEPTION,
        "invalid_scope" => codes::INVALID_SCOPE_EXCEPTION,
        "invalid_client_metadata" => codes::INVALID_CLIENT_METADATA_EXCEPTION,
        "invalid_redirect_uri" => codes::INVALID_REDIRECT_URI_EXCEPTION,
        "server_error" => codes::INTERNAL_SERVER_EXCEPTION,
        _ => codes::SSO_OIDC_ERROR,
    }
}

/// The OAuth error code for an exception name (from `x-amzn-errortype`).
fn exception_to_oauth(name: &str) -> Option<&'static str> {
    Some(match name {
        "AuthorizationPendingException" => "authorization_pending",
        "SlowDownException" => "slow_down",
        "ExpiredTokenException" => "expired_token",
        "AccessDeniedException" => "access_denied",
        "InvalidRequestException" => "invalid_request",
        "InvalidClientException" => "invalid_client",
        "InvalidGrantException" => "invalid_grant",
        "UnauthorizedClientException" => "unauthorized_client",
        "UnsupportedGrantTypeException" => "unsupported_grant_type",
        "InvalidScopeException" => "invalid_scope",
        "InvalidClientMetadataException" => "invalid_client_metadata",
        "InvalidRedirectUriException" => "invalid_redirect_uri",
        "InternalServerException" => "server_error",
        _ => return None,
    })
}

pub struct Oidc<'a> {
    /// Base URL without a trailing slash.
    pub endpoint: &'a str,
    pub ui: &'a Interaction,
    pub http: &'a Transport,
}

impl Oidc<'_> {
    async fn post(&self, what: &str, path: &str, body: &Value) -> std::result::Result<Value, OidcError> {
        let url = format!("{}{}", self.endpoint, path);
        let bytes = body.to_string().into_bytes();
        let r = self
            .http
            .send(self.ui, what, || {
                Ok(HttpRequest {
                    method: "POST".into(),
                    url: url.clone(),
                    headers: vec![("content-type".into(), "application/json".into())],
                    body: bytes.clone(),
                })
            })
            .await?;
        let parsed: Option<Value> = serde_json::from_slice(&r.body).ok();
        if (200..300).contains(&r.status) {
            return parsed.filter(Value::is_object).ok_or_else(|| {
                OidcError::Other(Error::of(
                    codes::INVALID_SSO_OIDC_RESPONSE,
                    format!("IAM Identity Center (SSO OIDC) answered {what} with a body that is not a JSON object."),
                ))
            });
        }
        // The exception from x-amzn-errortype ("Name:extra" or "ns#Name"), else the body's `error`.
        let from_header = r.header("x-amzn-errortype").map(|h| {
            let h = h.split(':').next().unwrap_or(h);
            h.rsplit('#').next().unwrap_or(h).to_string()
        });
        let body_error = parsed.as_ref().and_then(|v| v.get("error")).and_then(Value::as_str).map(str::to_string);
        let error = body_error.or_else(|| from_header.as_deref().and_then(exception_to_oauth).map(str::to_string));
        let description = parsed
            .as_ref()
            .and_then(|v| v.get("error_description").or_else(|| v.get("message")))
            .and_then(Value::as_str)
            .map(|s| s.chars().take(300).collect());
        match error {
            Some(error) => Err(OidcError::OAuth { status: r.status, error, description }),
            None => Err(OidcError::Other(
                Error::of(
                    codes::UNEXPECTED_SSO_OIDC_RESPONSE,
                    format!("IAM Identity Center (SSO OIDC) answered {what} with HTTP {} and no error code.", r.status),
                )
                .with_status(r.status),
            )),
        }
    }

    /// RegisterClient. Returns the registration with its expiry.
    pub async fn register_client(
        &self,
        client_name: &str,
        scopes: &[String],
        grant_types: &[String],
        redirect_uris: &[String],
        issuer_url: Option<&str>,
    ) -> Result<super::cache::Registration> {
        let mut body = json!({"clientName": client_name, "clientType": "public"});
        if !scopes.is_empty() {
            body["scopes"] = json!(scopes);
        }
        if !grant_types.is_empty() {
            body["grantTypes"] = json!(grant_types);
        }
        if !redirect_uris.is_empty() {
            body["redirectUris"] = json!(redirect_uris);
        }
        if let Some(i) = issuer_url {
            body["issuerUrl"] = json!(i);
        }
        let v =
            self.post("RegisterClient", "/client/register", &body).await.map_err(|e| e.into_error("RegisterClient"))?;
        let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
        let (Some(client_id), Some(client_secret), Some(exp)) =
            (s("clientId"), s("clientSecret"), v.get("clientSecretExpiresAt").and_then(Value::as_i64))
        else {
            return Err(Error::of(
                codes::INVALID_SSO_OIDC_RESPONSE,
                "RegisterClient's answer lacks clientId, clientSecret or clientSecretExpiresAt.",
            ));
        };
        Ok(super::cache::Registration {
            client_id,
            client_secret,
            expires_at: crate::util::time::from_epoch_seconds(exp),
            scopes: scopes.to_vec(),
            grant_types: grant_types.to_vec(),
        })
    }

    pub async fn start_device_authorization(
        &self,
        client_id: &str,
        client_secret: &str,
        start_url: &str,
    ) -> Result<DeviceAuthorization> {
        let body = json!({"clientId": client_id, "clientSecret": client_secret, "startUrl": start_url});
        let v = self
            .post("StartDeviceAuthorization", "/device_authorization", &body)
            .await
            .map_err(|e| e.into_error("StartDeviceAuthorization"))?;
        let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
        let (Some(device_code), Some(user_code), Some(verification_uri)) =
            (s("deviceCode"), s("userCode"), s("verificationUri"))
        else {
            return Err(Error::of(
                codes::INVALID_SSO_OIDC_RESPONSE,
                "StartDeviceAuthorization's answer lacks deviceCode, userCode or verificationUri.",
            ));
        };
        Ok(DeviceAuthorization {
            device_code,
            user_code,
            verification_uri,
            verification_uri_complete: s("verificationUriComplete"),
            expires_in: v.get("expiresIn").and_then(Value::as_i64).unwrap_or(600),
            interval: v.get("interval").and_then(Value::as_i64).filter(|i| *i > 0).unwrap_or(5),
        })
    }

    /// CreateToken with the given grant fields (`grantType`, `deviceCode`, `code`, ...).
    pub async fn create_token(
        &self,
        client_id: &str,
        client_secret: &str,
        grant: Value,
    ) -> std::result::Result<TokenResponse, OidcError> {
        let mut body = json!({"clientId": client_id, "clientSecret": client_secret});
        if let (Some(b), Some(g)) = (body.as_object_mut(), grant.as_object()) {
            for (k, v) in g {
                b.insert(k.clone(), v.clone());
            }
        }
        let v = self.post("CreateToken", "/token", &body).await?;
        let access_token = v.get("accessToken").and_then(Value::as_str).filter(|s| !s.is_empty());
        let Some(access_token) = access_token else {
            return Err(OidcError::Other(Error::of(
                codes::INVALID_SSO_OIDC_RESPONSE,
                "CreateToken's answer has no accessToken.",
            )));
        };
        Ok(TokenResponse {
            access_token: access_token.to_string(),
            expires_in: v.get("expiresIn").and_then(Value::as_i64).unwrap_or(3600),
            refresh_token: v.get("refreshToken").and_then(Value::as_str).filter(|s| !s.is_empty()).map(str::to_string),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use crate::http::HttpResponse;

    fn oidc_answering(status: u16, headers: Vec<(&str, &str)>, body: &str) -> Transport {
        let body = body.as_bytes().to_vec();
        let headers: Vec<(String, String)> = headers.into_iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
        Transport::fake(move |_req| Ok(HttpResponse { status, headers: headers.clone(), body: body.clone() }))
    }

    #[test]
    fn errors_are_classified_by_body_then_header() {
        let ui = Interaction::collecting();
        let run = |t: Transport| {
            crate::runtime::block_on(async {
                let o = Oidc { endpoint: "http://x", ui: &ui, http: &t };
                o.create_token("c", "s", json!({"grantType": "refresh_token"})).await.unwrap_err()
            })
        };
        let e = run(oidc_answering(
            400,
            vec![],
            r#"{"error":"authorization_pending","error_description":"Authorization is still pending"}"#,
        ));
        assert_eq!(e.oauth_code(), Some("authorization_pending"));
        let e = run(oidc_answering(400, vec![("x-amzn-errortype", "SlowDownException:http://internal")], "{}"));
        assert_eq!(e.oauth_code(), Some("slow_down"));
        let e = run(oidc_answering(401, vec![("x-amzn-ErrorType", "com.amazon#InvalidClientException")], ""));
        let err = e.into_error("CreateToken");
        assert_eq!((err.code.as_str(), err.kind), ("InvalidClientException", ErrorKind::Authentication));
        let e = run(oidc_answering(502, vec![], "<html>"));
        assert!(e.oauth_code().is_none());
    }
}
