//! The AWS Query protocol as STS speaks it: `POST /` with a form body
//! (`Action=…&Version=2011-06-15&…`), SigV4-signed for service `sts` in the endpoint's region
//! (or unsigned, for `AssumeRoleWithWebIdentity`), XML in reply, `ErrorResponse` on failure.
//! Every STS operation goes through [`call`] and [`service_error`].

use super::xml::element_text;
use crate::credentials::Credentials;
use crate::error::codes;
use crate::error::{Error, ErrorKind, Result};
use crate::http::{self, Endpoint, HttpRequest, HttpResponse, RetryDecision};
use crate::interact::Interaction;
use crate::sigv4::{self, SigningParams, SigningSettings};
use crate::util::text::{server_code, server_text};
use std::time::SystemTime;

pub const VERSION: &str = "2011-06-15";
const CONTENT_TYPE: &str = "application/x-www-form-urlencoded; charset=utf-8";

/// STS error codes that are worth a retry (throttling, and the IdP hiccup STS marks retryable).
const RETRYABLE_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "RequestLimitExceeded",
    "IDPCommunicationError",
    "InternalFailure",
    "ServiceUnavailable",
];

/// The form body of `action` with `params` (values percent-encoded as SigV4 does).
pub fn form_body(action: &str, params: &[(&str, &str)]) -> String {
    let mut body = format!("Action={action}&Version={VERSION}");
    for (k, v) in params {
        body.push('&');
        body.push_str(k);
        body.push('=');
        body.push_str(&crate::util::encoding::uri_encode(v, false));
    }
    body
}

pub fn classify(r: &HttpResponse) -> RetryDecision {
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

/// The region to sign with: the global endpoint signs as us-east-1.
pub fn signing_region(region: &str) -> &str {
    if region == "aws-global" {
        "us-east-1"
    } else {
        region
    }
}

/// Builds the request; `creds` of `None` sends it unsigned.
pub fn build(
    creds: Option<&Credentials>,
    signing_region: &str,
    endpoint: &Endpoint,
    now: SystemTime,
    body: &str,
) -> Result<HttpRequest> {
    let url_text = format!("{}/", endpoint.url);
    let url = reqwest::Url::parse(&url_text)
        .map_err(|e| Error::of(codes::INVALID_ENDPOINT, format!("The endpoint {url_text} is not a URL: {e}")))?;
    let host = http::client::host_header(&url)?;
    let path = url.path().to_string();
    let headers = vec![("host".to_string(), host), ("content-type".to_string(), CONTENT_TYPE.to_string())];
    // reqwest sets Host itself from the URL (the same value that was signed).
    let mut out: Vec<(String, String)> = headers.iter().filter(|(k, _)| k != "host").cloned().collect();
    if let Some(creds) = creds {
        let req = sigv4::Request { method: "POST", path_and_query: &path, headers, body: body.as_bytes() };
        let params = SigningParams {
            access_key_id: &creds.access_key_id,
            secret_access_key: &creds.secret_access_key,
            session_token: creds.session_token.as_deref(),
            region: signing_region,
            service: "sts",
            time: now,
            settings: SigningSettings::default(),
        };
        out.extend(sigv4::sign(&req, &params).headers);
    }
    Ok(HttpRequest { method: "POST".into(), url: url_text, headers: out, body: body.as_bytes().to_vec() })
}

/// Sends `body` to STS (with the bounded retries) and returns the whole 200 reply (its status and
/// length are part of the AWS Tools' response objects, e.g. `Get-STSCallerIdentity -Select
/// HttpStatusCode`); anything else is the mapped error of `operation`.
pub async fn call(
    operation: &str,
    creds: Option<&Credentials>,
    region: &str,
    endpoint: &Endpoint,
    body: &str,
    ui: &Interaction,
    clock: &dyn crate::os::Clock,
) -> Result<HttpResponse> {
    let what = format!("STS {operation}");
    let response = http::send_with_retry(
        ui,
        &what,
        || build(creds, signing_region(region), endpoint, clock.now(), body),
        classify,
    )
    .await?;
    if response.status == 200 {
        return Ok(response);
    }
    Err(service_error(operation, &response))
}

/// The error of a non-200 STS reply, keyed on the AWS error `Code` (never on the message).
pub fn service_error(operation: &str, r: &HttpResponse) -> Error {
    let text = r.text();
    let Some(code) = element_text(&text, "Code") else {
        return Error::of(codes::UNEXPECTED_STS_RESPONSE,
            format!("STS answered {operation} with HTTP {} without an AWS error document; the endpoint may not be STS, or a proxy is in the way.", r.status),
        ).with_status(r.status);
    };
    // Server text is capped and cleaned (a hostile or broken endpoint can send megabytes or
    // terminal escapes), and the code becomes the error id, so only a code-like one is used.
    let message = server_text(&element_text(&text, "Message").unwrap_or_default());
    let request_id =
        element_text(&text, "RequestId").map(|id| format!(" Request id {}.", server_text(&id))).unwrap_or_default();
    let Some(code) = server_code(&code).map(str::to_string) else {
        return Error::of(
            codes::UNEXPECTED_STS_RESPONSE,
            format!(
                "STS answered {operation} with HTTP {} and an error code that is not one ({}): {message}{request_id}",
                r.status,
                server_text(&code)
            ),
        )
        .with_status(r.status);
    };
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
        "AccessDenied"
        | "AccessDeniedException"
        | "MissingAuthenticationToken"
        | "IncompleteSignature"
        | "InvalidIdentityToken"
        | "IDPRejectedClaim" => (ErrorKind::Authentication, ""),
        "ValidationError" => (ErrorKind::InvalidInput, ""),
        _ => (ErrorKind::Service, ""),
    };
    Error::from_service(
        kind,
        code.clone(),
        format!("STS refused {operation} (HTTP {}, {code}): {message}{hint}{request_id}", r.status),
    )
    .with_status(r.status)
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
        let e = service_error("GetCallerIdentity", &resp(403, body));
        assert_eq!((e.code.as_str(), e.kind), ("InvalidClientTokenId", ErrorKind::Authentication));
        assert!(e.message.contains("HTTP 403") && e.message.contains("abc"), "{}", e.message);
        assert_eq!(service_error("X", &resp(502, "<html>bad gateway</html>")).code, "UnexpectedStsResponse");
        let e = service_error("AssumeRole", &resp(400, "<Code>ValidationError</Code><Message>bad</Message>"));
        assert_eq!((e.code.as_str(), e.kind), ("ValidationError", ErrorKind::InvalidInput));
    }

    #[test]
    fn huge_and_control_character_messages_are_capped_and_cleaned() {
        let message = format!("Denied\u{1b}[2J\r\n{}", "x".repeat(1_000_000));
        let body = format!("<ErrorResponse><Error><Code>AccessDenied</Code><Message>{message}</Message></Error><RequestId>r&#10;1</RequestId></ErrorResponse>");
        let e = service_error("GetCallerIdentity", &resp(403, &body));
        assert_eq!(e.code, "AccessDenied");
        assert!(e.message.len() < 1000, "{} bytes", e.message.len());
        assert!(e.message.contains("Denied[2J xxx") && !e.message.chars().any(char::is_control), "{}", e.message);
        let body = format!(
            "<ErrorResponse><Error><Code>{}</Code><Message>m</Message></Error></ErrorResponse>",
            "C".repeat(500)
        );
        let e = service_error("GetCallerIdentity", &resp(403, &body));
        assert_eq!(e.code, "UnexpectedStsResponse");
        assert!(e.message.len() < 1000);
    }

    #[test]
    fn throttling_is_retried() {
        let body = "<ErrorResponse><Error><Code>Throttling</Code></Error></ErrorResponse>";
        assert_eq!(classify(&resp(400, body)), RetryDecision::Retry);
        assert_eq!(classify(&resp(403, "<Code>AccessDenied</Code>")), RetryDecision::Done);
        assert_eq!(classify(&resp(503, "")), RetryDecision::Retry);
    }

    #[test]
    fn form_bodies_encode_values() {
        assert_eq!(
            form_body("AssumeRole", &[("RoleArn", "arn:aws:iam::1:role/a b"), ("RoleSessionName", "x@y")]),
            "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fa%20b&RoleSessionName=x%40y"
        );
    }

    #[test]
    fn unsigned_requests_carry_no_authorization() {
        let ep = Endpoint { url: "http://127.0.0.1:8080".into(), source: "test".into() };
        let r = build(None, "us-east-1", &ep, SystemTime::UNIX_EPOCH, "Action=X").unwrap();
        assert!(r.headers.iter().all(|(k, _)| k != "authorization" && k != "x-amz-date"), "{:?}", r);
    }
}
