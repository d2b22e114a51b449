//! `GetCallerIdentity`: `POST /` with `Action=GetCallerIdentity&Version=2011-06-15`, SigV4
//! signed for service `sts` in the endpoint's region.

use super::xml::element_text;
use crate::credentials::Credentials;
use crate::error::codes;
use crate::error::{Error, ErrorKind, Result};
use crate::http::{self, Endpoint, HttpRequest, HttpResponse, RetryDecision, Service};
use crate::interact::Interaction;
use crate::ops::CommonRequest;
use crate::sigv4::{self, SigningParams, SigningSettings};
use serde::Serialize;
use std::time::SystemTime;

const BODY: &str = "Action=GetCallerIdentity&Version=2011-06-15";
const CONTENT_TYPE: &str = "application/x-www-form-urlencoded; charset=utf-8";

/// The caller's identity, with the member names of the AWS Tools' `GetCallerIdentityResponse`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CallerIdentity {
    pub user_id: String,
    pub account: String,
    pub arn: String,
}

/// STS error codes that are worth a retry (throttling, and the IdP hiccup STS marks retryable).
const RETRYABLE_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "RequestLimitExceeded",
    "IDPCommunicationError",
    "InternalFailure",
    "ServiceUnavailable",
];

fn classify(r: &HttpResponse) -> RetryDecision {
    if r.status >= 500 || r.status == 429 {
        return RetryDecision::Retry;
    }
    if r.status >= 400 {
        if let Some(code) = element_text(&r.text(), "Code") {
            if RETRYABLE_CODES.contains(&code.as_str()) {
                return RetryDecision::Retry;
            }
        }
    }
    RetryDecision::Done
}

fn build(creds: &Credentials, signing_region: &str, endpoint: &Endpoint, now: SystemTime) -> Result<HttpRequest> {
    let url_text = format!("{}/", endpoint.url);
    let url = reqwest::Url::parse(&url_text)
        .map_err(|e| Error::of(codes::INVALID_ENDPOINT, format!("The endpoint {url_text} is not a URL: {e}")))?;
    let host = http::client::host_header(&url)?;
    let path = url.path().to_string();
    let headers = vec![("host".to_string(), host), ("content-type".to_string(), CONTENT_TYPE.to_string())];
    let req = sigv4::Request { method: "POST", path_and_query: &path, headers: headers.clone(), body: BODY.as_bytes() };
    let params = SigningParams {
        access_key_id: &creds.access_key_id,
        secret_access_key: &creds.secret_access_key,
        session_token: creds.session_token.as_deref(),
        region: signing_region,
        service: "sts",
        time: now,
        settings: SigningSettings::default(),
    };
    let signed = sigv4::sign(&req, &params);
    // reqwest sets Host itself from the URL (the same value that was signed).
    let mut out: Vec<(String, String)> = headers.into_iter().filter(|(k, _)| k != "host").collect();
    out.extend(signed.headers);
    Ok(HttpRequest { method: "POST".into(), url: url_text, headers: out, body: BODY.as_bytes().to_vec() })
}

/// The region to sign with: the global endpoint signs as us-east-1.
fn signing_region(region: &str) -> &str {
    if region == "aws-global" {
        "us-east-1"
    } else {
        region
    }
}

/// Calls GetCallerIdentity at `endpoint` with `creds`.
pub async fn get_caller_identity(
    creds: &Credentials,
    region: &str,
    endpoint: &Endpoint,
    ui: &Interaction,
    clock: &dyn crate::os::Clock,
) -> Result<CallerIdentity> {
    let response = http::send_with_retry(
        ui,
        "STS GetCallerIdentity",
        || build(creds, signing_region(region), endpoint, clock.now()),
        classify,
    )
    .await?;
    parse_response(&response)
}

fn parse_response(r: &HttpResponse) -> Result<CallerIdentity> {
    let text = r.text();
    if r.status == 200 {
        let get = |name: &str| {
            element_text(&text, name).ok_or_else(|| {
                Error::of(
                    codes::INVALID_STS_RESPONSE,
                    format!("STS answered GetCallerIdentity without {name}; the endpoint may not be STS."),
                )
            })
        };
        return Ok(CallerIdentity { user_id: get("UserId")?, account: get("Account")?, arn: get("Arn")? });
    }
    let Some(code) = element_text(&text, "Code") else {
        return Err(Error::of(
            codes::UNEXPECTED_STS_RESPONSE,
            format!("STS answered HTTP {} without an AWS error document; the endpoint may not be STS, or a proxy is in the way.", r.status),
        ).with_status(r.status));
    };
    let message = element_text(&text, "Message").unwrap_or_default();
    let request_id = element_text(&text, "RequestId").map(|id| format!(" Request id {id}.")).unwrap_or_default();
    let (kind, hint) = match code.as_str() {
        "InvalidClientTokenId" | "UnrecognizedClientException" => (
            ErrorKind::Authentication,
            " The access key is not known to AWS: check the credentials of the profile or parameters.",
        ),
        "SignatureDoesNotMatch" => {
            (ErrorKind::Authentication, " Check the secret access key, and that this computer's clock is right.")
        }
        "ExpiredToken" | "ExpiredTokenException" | "RequestExpired" => (
            ErrorKind::Authentication,
            " The credentials have expired: sign in again (Invoke-AWSLogin or Invoke-AWSSSOLogin) or renew them.",
        ),
        "AccessDenied" | "AccessDeniedException" | "MissingAuthenticationToken" | "IncompleteSignature" => {
            (ErrorKind::Authentication, "")
        }
        _ => (ErrorKind::Service, ""),
    };
    Err(Error::from_service(
        kind,
        code.clone(),
        format!("STS refused GetCallerIdentity (HTTP {}, {code}): {message}{hint}{request_id}", r.status),
    )
    .with_status(r.status))
}

/// The `awslogin_caller_identity` operation.
pub async fn caller_identity_op(req: serde_json::Value, ui: &Interaction) -> Result<serde_json::Value> {
    let req = CommonRequest::from_json(req)?;
    let os = req.os();
    let resolved = crate::chain::resolve(&req, &os, ui).await?;
    ui.verbose(format!("Credentials from {}.", resolved.credential_source));
    let endpoint = http::resolve_endpoint(
        Service::Sts,
        req.endpoint_url(),
        os.env.as_ref(),
        &resolved.endpoints,
        &resolved.region,
    )?;
    ui.verbose(format!("STS endpoint {} from {}.", endpoint.url, endpoint.source));
    let identity =
        get_caller_identity(&resolved.credentials, &resolved.region, &endpoint, ui, os.clock.as_ref()).await?;
    serde_json::to_value(identity).map_err(|e| Error::internal(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(status: u16, body: &str) -> HttpResponse {
        HttpResponse { status, headers: vec![], body: body.as_bytes().to_vec() }
    }

    #[test]
    fn errors_map_to_codes_and_kinds() {
        let body = r#"<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code><Message>The security token included in the request is invalid.</Message></Error><RequestId>abc</RequestId></ErrorResponse>"#;
        let e = parse_response(&resp(403, body)).unwrap_err();
        assert_eq!((e.code.as_str(), e.kind), ("InvalidClientTokenId", ErrorKind::Authentication));
        assert!(e.message.contains("HTTP 403") && e.message.contains("abc"), "{}", e.message);
        assert_eq!(parse_response(&resp(502, "<html>bad gateway</html>")).unwrap_err().code, "UnexpectedStsResponse");
        assert_eq!(parse_response(&resp(200, "<x/>")).unwrap_err().code, "InvalidStsResponse");
    }

    #[test]
    fn throttling_is_retried() {
        let body = "<ErrorResponse><Error><Code>Throttling</Code></Error></ErrorResponse>";
        assert_eq!(classify(&resp(400, body)), RetryDecision::Retry);
        assert_eq!(classify(&resp(403, "<Code>AccessDenied</Code>")), RetryDecision::Done);
        assert_eq!(classify(&resp(503, "")), RetryDecision::Retry);
    }

    #[test]
    fn request_is_signed_for_sts() {
        let creds = Credentials {
            access_key_id: "AKID".into(),
            secret_access_key: "S".into(),
            session_token: Some("T".into()),
            expiration: None,
            account_id: None,
        };
        let ep = Endpoint { url: "http://127.0.0.1:8080".into(), source: "test".into() };
        let r = build(&creds, "eu-west-1", &ep, SystemTime::UNIX_EPOCH).unwrap();
        assert_eq!(r.url, "http://127.0.0.1:8080/");
        let auth = &r.headers.iter().find(|(k, _)| k == "authorization").unwrap().1;
        assert!(
            auth.contains("/19700101/eu-west-1/sts/aws4_request")
                && auth.contains("SignedHeaders=content-type;host;x-amz-date;x-amz-security-token"),
            "{auth}"
        );
        assert_eq!(String::from_utf8(r.body).unwrap(), BODY);
    }
}
