//! The console federation endpoint of the sign-in service: `GET /federation`.
//!
//! * `Action=getSigninToken&Session=<JSON>[&SessionDuration=N]`: the session JSON must be exactly
//!   `{"sessionId","sessionKey","sessionToken"}` naming temporary credentials this emulator issued
//!   (GetRoleCredentials, sign-in, the control API), unexpired, with the right secret and token.
//!   Long-term keys (the seeded IAM users) are refused as AWS refuses them (HTTP 400): they would
//!   first need GetFederationToken. `SessionDuration` must be 900..=43200 when present. Answers
//!   `{"SigninToken":"…"}`: one use, within 15 minutes.
//! * `Action=login&SigninToken=…&Destination=<console URL>[&Issuer=…]`: spends the token. AWS
//!   answers with a redirect to the Destination and the console cookies; the emulator cannot
//!   serve the real console, so it answers with a page naming who signed in and where they would
//!   land: `#console-identity` holds `#console-arn`, `#console-region` and `#console-destination`.
//!   The Destination must be an https URL of a console host (`*.console.aws.amazon.com`,
//!   `console.amazonaws.cn`, `console.amazonaws-us-gov.com`).

use std::collections::HashMap;
use std::sync::Mutex;

use hyper::{Body, Response};

use crate::encoding::{random_string, BASE64ISH};
use crate::faults::{self, FaultKind};
use crate::router::Incoming;
use crate::state::{AppState, Principal};

/// How long a sign-in token can be spent (AWS: 15 minutes).
const TOKEN_TTL_SECONDS: i64 = 900;
/// The console session AWS grants without `SessionDuration`... and the bounds with it.
const DEFAULT_SESSION_SECONDS: i64 = 43200;
const SESSION_RANGE: std::ops::RangeInclusive<i64> = 900..=43200;

struct Grant {
    principal: Principal,
    issued_at: i64,
    session_seconds: i64,
}

/// The sign-in tokens issued and not yet spent.
#[derive(Default)]
pub struct SigninTokens(Mutex<HashMap<String, Grant>>);

pub fn owns(path: &str) -> bool {
    path == "/federation"
}

pub fn fault_response(kind: FaultKind, _request_id: &str) -> Response<Body> {
    faults::json_fault(kind)
}

fn text(code: u16, body: &str) -> Response<Body> {
    Response::builder()
        .status(code)
        .header("Content-Type", "text/plain; charset=utf-8")
        .header("Cache-Control", "no-store")
        .body(Body::from(body.to_string()))
        .expect("static response parts are valid")
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Every parameter once, and none but the allowed ones.
fn params(req: &Incoming, allowed: &[&str]) -> Result<HashMap<String, String>, String> {
    let mut out = HashMap::new();
    for (k, v) in req.query_pairs() {
        if !allowed.contains(&k.as_str()) {
            return Err(format!("unknown parameter {k}"));
        }
        if out.insert(k.clone(), v).is_some() {
            return Err(format!("parameter {k} given twice"));
        }
    }
    Ok(out)
}

pub async fn handle(state: &AppState, req: &mut Incoming) -> Option<Response<Body>> {
    if !owns(&req.path) {
        return None;
    }
    if req.method != "GET" {
        return Some(text(405, "The federation endpoint takes GET."));
    }
    let action = req.query_pairs().into_iter().find(|(k, _)| k == "Action").map(|(_, v)| v);
    req.operation = action.clone();
    Some(match action.as_deref() {
        Some("getSigninToken") => get_signin_token(state, req),
        Some("login") => login(state, req),
        _ => text(400, "Action must be getSigninToken or login."),
    })
}

fn get_signin_token(state: &AppState, req: &Incoming) -> Response<Body> {
    let p = match params(req, &["Action", "Session", "SessionDuration"]) {
        Ok(p) => p,
        Err(e) => return text(400, &e),
    };
    let session_seconds = match p.get("SessionDuration") {
        None => DEFAULT_SESSION_SECONDS,
        Some(d) => match d.parse::<i64>() {
            Ok(n) if SESSION_RANGE.contains(&n) && d.bytes().all(|b| b.is_ascii_digit()) => n,
            _ => return text(400, "SessionDuration must be 900 to 43200 seconds."),
        },
    };
    let Some(session) = p.get("Session") else { return text(400, "Session is required.") };
    let Ok(serde_json::Value::Object(fields)) = serde_json::from_str::<serde_json::Value>(session) else {
        return text(400, "Session must be a JSON object.");
    };
    let field = |name: &str| fields.get(name).and_then(|v| v.as_str()).filter(|s| !s.is_empty());
    let (Some(id), Some(key), Some(token)) = (field("sessionId"), field("sessionKey"), field("sessionToken")) else {
        return text(400, "Session needs sessionId, sessionKey and sessionToken.");
    };
    if fields.len() != 3 {
        return text(400, "Session has members other than sessionId, sessionKey and sessionToken.");
    }
    let Some(known) = state.lookup_access_key(id) else { return text(400, "The session credentials are not valid.") };
    // Long-term keys: AWS refuses them here (they need GetFederationToken first).
    let (Some(issued_token), Some(expires)) = (known.key.session_token.as_deref(), known.key.expires_at) else {
        return text(400, "Long-term credentials cannot sign in to the console: call GetFederationToken first.");
    };
    if key != known.key.secret_access_key || token != issued_token {
        return text(400, "The session credentials are not valid.");
    }
    let now = state.now();
    if expires <= now {
        return text(400, "The session credentials have expired.");
    }
    let signin_token = random_string(BASE64ISH, 240);
    state
        .signin_tokens
        .0
        .lock()
        .unwrap()
        .insert(signin_token.clone(), Grant { principal: known.principal, issued_at: now, session_seconds });
    crate::respond::json(200, &serde_json::json!({ "SigninToken": signin_token }))
}

/// The region a console URL opens in: its `region` query parameter, else its host's prefix.
fn console_target(destination: &str) -> Option<String> {
    let rest = destination.strip_prefix("https://")?;
    let (host, tail) = rest.split_once('/').map_or((rest, ""), |(h, t)| (h, t));
    let console_host = host.ends_with(".console.aws.amazon.com")
        || host == "console.aws.amazon.com"
        || host == "console.amazonaws.cn"
        || host == "console.amazonaws-us-gov.com";
    if !console_host {
        return None;
    }
    let query = tail.split_once('?').map(|(_, q)| q.split('#').next().unwrap_or("")).unwrap_or("");
    let from_query = crate::encoding::parse_form(query).into_iter().find(|(k, _)| k == "region").map(|(_, v)| v);
    let from_host = host.strip_suffix(".console.aws.amazon.com").map(str::to_string);
    from_query.or(from_host).or_else(|| Some("us-east-1".to_string()))
}

fn login(state: &AppState, req: &Incoming) -> Response<Body> {
    let p = match params(req, &["Action", "Issuer", "Destination", "SigninToken"]) {
        Ok(p) => p,
        Err(e) => return text(400, &e),
    };
    let (Some(token), Some(destination)) = (p.get("SigninToken"), p.get("Destination")) else {
        return text(400, "login needs SigninToken and Destination.");
    };
    let Some(region) = console_target(destination) else {
        return text(400, "Destination must be an https URL of the AWS console.");
    };
    // Spent whatever happens next: a token is good for one attempt.
    let Some(grant) = state.signin_tokens.0.lock().unwrap().remove(token) else {
        return text(400, "The sign-in token is not valid or was already used.");
    };
    let now = state.now();
    if now > grant.issued_at + TOKEN_TTL_SECONDS {
        return text(400, "The sign-in token has expired (tokens are good for 15 minutes).");
    }
    let page = format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>AWS Management Console (emulator)</title></head><body>\
         <main id=\"console-identity\"><h1>AWS Management Console (emulator)</h1>\
         <p id=\"console-arn\">{arn}</p><p id=\"console-region\">{region}</p>\
         <p id=\"console-destination\">{dest}</p><p id=\"console-session-seconds\">{secs}</p></main></body></html>",
        arn = escape(&grant.principal.arn),
        region = escape(&region),
        dest = escape(destination),
        secs = grant.session_seconds,
    );
    Response::builder()
        .status(200)
        .header("Content-Type", "text/html; charset=utf-8")
        .header("Cache-Control", "no-store")
        .body(Body::from(page))
        .expect("static response parts are valid")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn console_targets() {
        assert_eq!(
            console_target("https://eu-west-1.console.aws.amazon.com/s3/home?region=eu-west-1").as_deref(),
            Some("eu-west-1")
        );
        assert_eq!(console_target("https://us-west-2.console.aws.amazon.com/ec2/home#x").as_deref(), Some("us-west-2"));
        assert_eq!(
            console_target("https://console.amazonaws.cn/ec2/home?region=cn-north-1").as_deref(),
            Some("cn-north-1")
        );
        for bad in [
            "http://us-east-1.console.aws.amazon.com/",
            "https://evil.example/?region=x",
            "https://console.aws.amazon.com.evil/",
        ] {
            assert_eq!(console_target(bad), None, "{bad}");
        }
    }
}
