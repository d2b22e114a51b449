//! `Open-AWSConsole`: signs the profile's temporary credentials in to the AWS Management Console
//! through the federation endpoint of the sign-in service and opens the result in the browser.
//!
//! `GET /federation?Action=getSigninToken&Session=<{"sessionId","sessionKey","sessionToken"}>`
//! answers `{"SigninToken":"…"}`; the console is then reached through
//! `/federation?Action=login&Destination=<console URL>&SigninToken=…`. Only temporary credentials
//! can be federated this way (AWS refuses long-term keys), so static keys are refused here first.
//!
//! The federation endpoint is the partition's global sign-in host unless `AWS_ENDPOINT_URL_SIGNIN`,
//! `AWS_ENDPOINT_URL` or the profile's endpoint settings name another; the Destination is always
//! the real console URL (an emulator's `login` page shows it instead of redirecting there).
//!
//! The token and the sign-in URL are credentials: they go to the browser, or back to the caller
//! with `passThru`, and never into an event or an error.

pub mod url;

use crate::credentials::Credentials;
use crate::error::{codes, Error, ErrorKind, Result};
use crate::http::{self, Endpoint, HttpRequest, HttpResponse, Service};
use crate::interact::Interaction;
use crate::ops::CommonRequest;
use serde::Deserialize;
use serde_json::{json, Value};

/// The console session lengths AWS accepts, in seconds (15 minutes to 12 hours).
pub const SESSION_DURATION_RANGE: std::ops::RangeInclusive<u32> = 900..=43200;

#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct ConsoleRequest {
    destination: Option<String>,
    session_duration: Option<u32>,
    pass_thru: bool,
}

/// Refuses credentials without a session token, before anything leaves the machine.
fn require_temporary(creds: &Credentials, source: &str) -> Result<()> {
    if creds.session_token.as_deref().is_some_and(|t| !t.trim().is_empty()) {
        return Ok(());
    }
    Err(Error::of(codes::CONSOLE_NEEDS_TEMPORARY_CREDENTIALS,
        format!(
            "The credentials from {source} are long-term access keys, and the AWS console federation endpoint accepts only temporary credentials (with a session token). Use a profile for an IAM Identity Center role, an assumed role or a console login (Invoke-AWSLogin); long-term keys would first need STS GetFederationToken."
        ),
    ))
}

/// Calls `getSigninToken` and returns the token. Errors name the endpoint without its query,
/// which holds the secret key.
async fn get_signin_token(
    endpoint: &Endpoint,
    creds: &Credentials,
    session_duration: Option<u32>,
    ui: &Interaction,
) -> Result<String> {
    let session = url::session_json(creds)?;
    let request_url = url::signin_token_url(&endpoint.url, &session, session_duration);
    let shown = format!("{}/federation", endpoint.url);
    let response = http::send_with_retry(
        ui,
        "Sign-in getSigninToken",
        || Ok(HttpRequest { method: "GET".into(), url: request_url.clone(), headers: vec![], body: vec![] }),
        http::retry::transient_status,
    )
    .await
    .map_err(|e| match e.kind {
        ErrorKind::Network => Error::of(codes::ENDPOINT_UNREACHABLE,
            format!("Could not reach the AWS federation endpoint {shown}. Check AWS_ENDPOINT_URL_SIGNIN, AWS_ENDPOINT_URL, your network and any proxy."),
        ),
        _ => e,
    })?;
    parse_token_response(&response, &shown)
}

fn parse_token_response(r: &HttpResponse, shown: &str) -> Result<String> {
    if r.status >= 500 || r.status == 429 {
        // The service's own failure (retried already): the credentials may be fine.
        return Err(Error::of(
            codes::LOGIN_SERVICE_ERROR,
            format!(
                "The AWS federation endpoint {shown} failed (HTTP {}) after {} attempts. This is on the service's side: try again in a moment.",
                r.status,
                http::retry::RetryPolicy::STANDARD.max_attempts
            ),
        )
        .with_status(r.status));
    }
    if r.status != 200 {
        return Err(Error::of(codes::CONSOLE_SIGNIN_REFUSED,
            format!(
                "The AWS federation endpoint {shown} refused the session credentials (HTTP {}). They may have expired (sign in again), come from a chain of assumed roles with -SessionDuration (leave it out), or not be allowed to sign in to the console.",
                r.status
            ),
        ));
    }
    let token = serde_json::from_slice::<Value>(&r.body)
        .ok()
        .and_then(|v| v.get("SigninToken").and_then(Value::as_str).map(str::to_string))
        .filter(|t| !t.is_empty());
    token.ok_or_else(|| {
        Error::of(
            codes::INVALID_SIGNIN_TOKEN_RESPONSE,
            format!("{shown} answered without a SigninToken; the endpoint may not be the AWS sign-in service."),
        )
    })
}

/// The `awslogin_console` operation: returns `{"url"}` with `passThru`, else opens the browser
/// and returns `{"destination","browser"}`.
pub async fn console_op(req: Value, ui: &Interaction) -> Result<Value> {
    let console: ConsoleRequest = serde_json::from_value(req.clone())
        .map_err(|e| Error::of(codes::INVALID_REQUEST, format!("The request is malformed: {e}")))?;
    if let Some(d) = console.session_duration.filter(|d| !SESSION_DURATION_RANGE.contains(d)) {
        return Err(Error::of(codes::INVALID_SESSION_DURATION,
            format!("-SessionDuration {d} is out of range: the console accepts 900 to 43200 seconds (15 minutes to 12 hours)."),
        ));
    }
    let common = CommonRequest::from_json(req)?;
    let os = common.os();
    let resolved = crate::chain::resolve(&common, &os, ui).await?;
    ui.verbose(format!("Credentials from {}.", resolved.credential_source));
    require_temporary(&resolved.credentials, &resolved.credential_source)?;
    let destination = url::destination_url(console.destination.as_deref(), &resolved.region)?;
    if !console.pass_thru {
        if let Some(why) = crate::oauth::browser::no_browser_reason(os.env.as_ref()) {
            return Err(Error::of(codes::NO_BROWSER,
                format!("No browser can be opened: {why}. Use -PassThru to get the sign-in URL and open it elsewhere (it is a credential: keep it private)."),
            ));
        }
    }
    let endpoint = http::resolve_endpoint(
        Service::SigninFederation,
        None,
        os.env.as_ref(),
        &resolved.endpoints,
        &resolved.region,
    )?;
    ui.verbose(format!("Federation endpoint {}/federation from {}.", endpoint.url, endpoint.source));
    let token = get_signin_token(&endpoint, &resolved.credentials, console.session_duration, ui).await?;
    let signin_url = url::login_url(&endpoint.url, &destination, &token);
    if console.pass_thru {
        return Ok(json!({ "url": signin_url }));
    }
    let browser = crate::oauth::browser::open(&signin_url, os.env.as_ref(), common.env.as_ref()).map_err(|why| {
        Error::of(codes::BROWSER_NOT_STARTED,
            format!("Could not open a browser ({why}). Set BROWSER, or use -PassThru to get the sign-in URL (a credential: keep it private)."),
        )
    })?;
    ui.verbose(format!("Opened the AWS console at {destination} with {browser}."));
    Ok(json!({ "destination": destination, "browser": browser }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn creds(token: Option<&str>) -> Credentials {
        Credentials {
            access_key_id: "AKIDEXAMPLE".into(),
            secret_access_key: "secret".into(),
            session_token: token.map(str::to_string),
            expiration: None,
            account_id: None,
        }
    }

    #[test]
    fn static_keys_are_refused_with_the_reason() {
        let e = require_temporary(&creds(None), "static keys of profile 'p'").unwrap_err();
        assert_eq!(e.code, "ConsoleNeedsTemporaryCredentials");
        assert!(e.message.contains("GetFederationToken") && e.message.contains("profile 'p'"), "{}", e.message);
        assert!(require_temporary(&creds(Some(" ")), "x").is_err());
        require_temporary(&creds(Some("T")), "x").unwrap();
    }

    #[test]
    fn token_responses() {
        let ok = HttpResponse { status: 200, headers: vec![], body: br#"{"SigninToken":"abc"}"#.to_vec() };
        assert_eq!(parse_token_response(&ok, "e").unwrap(), "abc");
        let refused = HttpResponse { status: 400, headers: vec![], body: b"bad".to_vec() };
        assert_eq!(parse_token_response(&refused, "e").unwrap_err().code, "ConsoleSigninRefused");
        // A server failure (after the retries) or throttling is the service's, not a refusal of
        // the credentials: telling the user to sign in again would send them the wrong way.
        for status in [500, 503, 429] {
            let failed = HttpResponse { status, headers: vec![], body: b"oops".to_vec() };
            let e = parse_token_response(&failed, "e").unwrap_err();
            assert_eq!(e.code, "LoginServiceError", "{status}");
            assert!(e.transient, "{status}");
            assert!(e.message.contains(&format!("HTTP {status}")) && !e.message.contains("expired"), "{}", e.message);
        }
        let empty = HttpResponse { status: 200, headers: vec![], body: b"{}".to_vec() };
        assert_eq!(parse_token_response(&empty, "e").unwrap_err().code, "InvalidSigninTokenResponse");
    }

    #[test]
    fn duration_is_checked_before_anything_else() {
        for d in [899, 43201, 0] {
            let req =
                json!({"env": {"HOME": "/nonexistent-awslogin-test"}, "profileName": "nope", "sessionDuration": d});
            let e = crate::runtime::block_on(console_op(req, &Interaction::collecting())).unwrap_err();
            assert_eq!(e.code, "InvalidSessionDuration", "{d}");
        }
    }
}
