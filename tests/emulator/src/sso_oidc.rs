//! SSO OIDC (`oidc.{region}.amazonaws.com`, rest-json, unsigned), plus the two browser pages a
//! person (or a test) uses to approve a sign-in.
//!
//! | Method & path | What |
//! | --- | --- |
//! | `POST /client/register` | RegisterClient (`clientType` must be `public`) |
//! | `POST /device_authorization` | StartDeviceAuthorization |
//! | `POST /token` | CreateToken: `urn:ietf:params:oauth:grant-type:device_code`, `authorization_code` (PKCE S256 checked), `refresh_token` |
//! | `GET /authorize?...` | the consent page: `<button id="approve">` / `<button id="deny">` |
//! | `POST /authorize/approve`, `/authorize/deny` | redirect (302) to the client's loopback `redirect_uri` with `code`/`state` or `error=access_denied` |
//! | `GET /device?user_code=X` | the device verification page: `<button id="approve">` / `<button id="deny">` |
//! | `POST /device/approve`, `/device/deny` | form `user_code=X[&user=NAME]`; tests may post it directly |
//!
//! Errors have the service's shape: HTTP 400 (401 for `invalid_client`, 500 for `server_error`),
//! body `{"error": "<oauth code>", "error_description": "..."}` and `x-amzn-errortype`.
//! The signed-in user is the first seeded SSO user unless the approval names another (`user`).
//! Access tokens are shared with the portal ([`session_for_token`]).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

use hyper::{header, Body, Response};
use once_cell::sync::Lazy;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::encoding::{random_string, BASE64ISH, UPPER_ALNUM};
use crate::faults::{self, FaultKind};
use crate::respond;
use crate::router::Incoming;
use crate::state::AppState;

pub const DEVICE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";
const REGISTRATION_TTL: i64 = 90 * 24 * 3600;
const DEVICE_TTL: i64 = 600;
const CODE_TTL: i64 = 300;
/// Access-token lifetime (seed `ssoTokenTtlSeconds` overrides).
const TOKEN_TTL: i64 = 8 * 3600;

struct Client {
    secret: String,
    expires_at: i64,
    /// Registered with scopes (an sso-session client): its tokens come with a refresh token.
    scoped: bool,
    grant_types: Vec<String>,
    redirect_uris: Vec<String>,
}

#[derive(Clone, PartialEq)]
enum Approval {
    Pending,
    Approved(String),
    Denied,
}

struct Device {
    client_id: String,
    user_code: String,
    expires_at: i64,
    interval: i64,
    approval: Approval,
    last_poll: Option<Instant>,
}

struct AuthRequest {
    client_id: String,
    redirect_uri: String,
    state: String,
    challenge: String,
}

struct Code {
    client_id: String,
    redirect_uri: String,
    challenge: String,
    user: String,
    expires_at: i64,
}

/// A signed-in session behind an access token.
#[derive(Clone, Debug)]
pub struct Session {
    pub user: String,
    pub expires_at: i64,
    pub client_id: String,
}

#[derive(Default)]
struct Store {
    clients: HashMap<String, Client>,
    devices: HashMap<String, Device>,
    auth_requests: HashMap<String, AuthRequest>,
    codes: HashMap<String, Code>,
    access: HashMap<String, Session>,
    refresh: HashMap<String, (String, String)>, // refresh token -> (client id, user)
}

static STORE: Lazy<Mutex<Store>> = Lazy::new(|| Mutex::new(Store::default()));

/// The live session of an access token, if it is known and not expired.
pub fn session_for_token(state: &AppState, token: &str) -> Option<Session> {
    let s = STORE.lock().unwrap();
    s.access.get(token).filter(|x| x.expires_at > state.now()).cloned()
}

/// Ends the session of an access token (portal Logout): the token and its refresh tokens.
pub fn end_session(token: &str) {
    let mut s = STORE.lock().unwrap();
    if let Some(sess) = s.access.remove(token) {
        s.refresh.retain(|_, (c, u)| !(c == &sess.client_id && u == &sess.user));
    }
}

pub fn owns(path: &str) -> bool {
    ["/client/register", "/device_authorization", "/token", "/authorize", "/device"]
        .iter()
        .any(|p| path == *p || path.starts_with(&format!("{}/", p)))
}

fn oauth_error(error: &str, description: &str) -> Response<Body> {
    let (status, exception) = match error {
        "authorization_pending" => (400, "AuthorizationPendingException"),
        "slow_down" => (400, "SlowDownException"),
        "expired_token" => (400, "ExpiredTokenException"),
        "access_denied" => (400, "AccessDeniedException"),
        "invalid_client" => (401, "InvalidClientException"),
        "invalid_grant" => (400, "InvalidGrantException"),
        "unsupported_grant_type" => (400, "UnsupportedGrantTypeException"),
        "invalid_client_metadata" => (400, "InvalidClientMetadataException"),
        "invalid_scope" => (400, "InvalidScopeException"),
        "server_error" => (500, "InternalServerException"),
        _ => (400, "InvalidRequestException"),
    };
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "application/json")
        .header("x-amzn-errortype", exception)
        .body(Body::from(json!({"error": error, "error_description": description}).to_string()))
        .expect("valid response")
}

fn html(status: u16, title: &str, body: &str) -> Response<Body> {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
        .header(header::CACHE_CONTROL, "no-store")
        .body(Body::from(format!("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{t}</title></head><body><h1>{t}</h1>{body}</body></html>", t = esc(title))))
        .expect("valid response")
}

fn esc(s: &str) -> String {
    crate::encoding::xml_escape(s)
}

fn redirect(location: &str) -> Response<Body> {
    Response::builder().status(302).header(header::LOCATION, location).body(Body::empty()).expect("valid response")
}

fn seed_i64(state: &AppState, key: &str, default: i64) -> i64 {
    state.seed.extra.get(key).and_then(Value::as_i64).unwrap_or(default)
}

fn default_user(state: &AppState) -> String {
    state.seed.sso_users.first().map(|u| u.user_name.clone()).unwrap_or_else(|| "alice".into())
}

fn known_user(state: &AppState, name: Option<&str>) -> Option<String> {
    match name.filter(|n| !n.is_empty()) {
        None => Some(default_user(state)),
        Some(n) => state.seed.sso_users.iter().find(|u| u.user_name == n).map(|u| u.user_name.clone()),
    }
}

/// A loopback redirect URI matches a registered one ignoring the port (RFC 8252 §7.3).
fn redirect_allowed(registered: &[String], given: &str) -> bool {
    let strip_port = |u: &str| -> Option<String> {
        let rest = u.strip_prefix("http://127.0.0.1")?;
        let rest = if let Some(r) = rest.strip_prefix(':') {
            r.trim_start_matches(|c: char| c.is_ascii_digit())
        } else {
            rest
        };
        Some(rest.to_string())
    };
    match strip_port(given) {
        Some(path) => registered.iter().any(|r| strip_port(r).as_deref() == Some(path.as_str())),
        None => registered.iter().any(|r| r == given),
    }
}

fn param(pairs: &[(String, String)], k: &str) -> Option<String> {
    pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone())
}

pub async fn handle(state: &AppState, req: &mut Incoming) -> Option<Response<Body>> {
    if !owns(&req.path) {
        return None;
    }
    let route = (req.method.as_str(), req.path.as_str());
    req.operation = Some(
        match route.1 {
            "/client/register" => "RegisterClient",
            "/device_authorization" => "StartDeviceAuthorization",
            "/token" => "CreateToken",
            p if p.starts_with("/authorize") => "Authorize",
            _ => "DeviceVerification",
        }
        .into(),
    );
    Some(match route {
        ("POST", "/client/register") => register(state, req),
        ("POST", "/device_authorization") => device_authorization(state, req),
        ("POST", "/token") => token(state, req),
        ("GET", "/authorize") => authorize_page(req),
        ("POST", "/authorize/approve") => authorize_decide(state, req, true),
        ("POST", "/authorize/deny") => authorize_decide(state, req, false),
        ("GET", "/device") => device_page(req),
        ("POST", "/device/approve") => device_decide(state, req, true),
        ("POST", "/device/deny") => device_decide(state, req, false),
        _ => respond::json(
            404,
            &json!({"error": "NotFound", "message": format!("SSO OIDC has no {} {}", req.method, req.path)}),
        ),
    })
}

fn body_json(req: &Incoming) -> Value {
    req.json_body().filter(Value::is_object).unwrap_or(Value::Null)
}

fn s<'a>(v: &'a Value, k: &str) -> Option<&'a str> {
    v.get(k).and_then(Value::as_str).filter(|s| !s.is_empty())
}

fn register(state: &AppState, req: &Incoming) -> Response<Body> {
    let b = body_json(req);
    let Some(_name) = s(&b, "clientName") else { return oauth_error("invalid_request", "clientName is required") };
    if s(&b, "clientType") != Some("public") {
        return oauth_error("invalid_client_metadata", "clientType must be public");
    }
    let list = |k: &str| -> Vec<String> {
        b.get(k)
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect())
            .unwrap_or_default()
    };
    let grant_types = list("grantTypes");
    if grant_types.iter().any(|g| !["authorization_code", "refresh_token", DEVICE_GRANT].contains(&g.as_str())) {
        return oauth_error("unsupported_grant_type", "unsupported grant type in grantTypes");
    }
    let redirect_uris = list("redirectUris");
    if grant_types.iter().any(|g| g == "authorization_code") && redirect_uris.is_empty() {
        return oauth_error("invalid_request", "redirectUris is required for authorization_code");
    }
    let now = state.now();
    let id = random_string(BASE64ISH.split_at(62).0, 22);
    let secret = random_string(BASE64ISH, 64);
    let expires = now + REGISTRATION_TTL;
    let scoped = !list("scopes").is_empty();
    STORE
        .lock()
        .unwrap()
        .clients
        .insert(id.clone(), Client { secret: secret.clone(), expires_at: expires, scoped, grant_types, redirect_uris });
    respond::json(
        200,
        &json!({"clientId": id, "clientSecret": secret, "clientIdIssuedAt": now, "clientSecretExpiresAt": expires}),
    )
}

/// Checks the client's id and secret; the error response when they are not valid.
fn check_client(state: &AppState, store: &Store, id: Option<&str>, secret: Option<&str>) -> Result<(), Response<Body>> {
    match (id.and_then(|i| store.clients.get(i)), secret) {
        (Some(c), Some(sec)) if c.secret == sec && c.expires_at > state.now() => Ok(()),
        (Some(c), Some(sec)) if c.secret == sec => {
            Err(oauth_error("invalid_client", "the client registration has expired"))
        }
        _ => Err(oauth_error("invalid_client", "unknown client or wrong client secret")),
    }
}

fn base_url(req: &Incoming) -> String {
    format!("http://{}", req.header("host").unwrap_or("127.0.0.1"))
}

fn device_authorization(state: &AppState, req: &Incoming) -> Response<Body> {
    let b = body_json(req);
    let mut store = STORE.lock().unwrap();
    if let Err(r) = check_client(state, &store, s(&b, "clientId"), s(&b, "clientSecret")) {
        return r;
    }
    let Some(_start) = s(&b, "startUrl") else { return oauth_error("invalid_request", "startUrl is required") };
    let device_code = random_string(BASE64ISH.split_at(62).0, 48);
    let user_code = format!("{}-{}", random_string(UPPER_ALNUM, 4), random_string(UPPER_ALNUM, 4));
    let interval = seed_i64(state, "ssoDeviceIntervalSeconds", 1);
    store.devices.insert(
        device_code.clone(),
        Device {
            client_id: s(&b, "clientId").unwrap().to_string(),
            user_code: user_code.clone(),
            expires_at: state.now() + DEVICE_TTL,
            interval,
            approval: Approval::Pending,
            last_poll: None,
        },
    );
    let base = base_url(req);
    respond::json(
        200,
        &json!({"deviceCode": device_code, "userCode": user_code, "verificationUri": format!("{base}/device"), "verificationUriComplete": format!("{base}/device?user_code={user_code}"), "expiresIn": DEVICE_TTL, "interval": interval}),
    )
}

fn issue(state: &AppState, store: &mut Store, client_id: &str, user: &str, with_refresh: bool) -> Response<Body> {
    let ttl = seed_i64(state, "ssoTokenTtlSeconds", TOKEN_TTL);
    let access = format!("aoa{}", random_string(BASE64ISH.split_at(62).0, 120));
    store.access.insert(
        access.clone(),
        Session { user: user.to_string(), expires_at: state.now() + ttl, client_id: client_id.to_string() },
    );
    let mut out = json!({"accessToken": access, "tokenType": "Bearer", "expiresIn": ttl});
    if with_refresh {
        let rt = format!("aor{}", random_string(BASE64ISH.split_at(62).0, 120));
        store.refresh.insert(rt.clone(), (client_id.to_string(), user.to_string()));
        out["refreshToken"] = json!(rt);
    }
    respond::json(200, &out)
}

fn token(state: &AppState, req: &Incoming) -> Response<Body> {
    let b = body_json(req);
    let mut store = STORE.lock().unwrap();
    if let Err(r) = check_client(state, &store, s(&b, "clientId"), s(&b, "clientSecret")) {
        return r;
    }
    let client_id = s(&b, "clientId").unwrap().to_string();
    // Refresh tokens go to clients registered for the refresh_token grant or with scopes
    // (sso-session clients); a legacy device client without scopes gets none.
    let can_refresh =
        store.clients.get(&client_id).is_some_and(|c| c.scoped || c.grant_types.iter().any(|g| g == "refresh_token"));
    let now = state.now();
    match s(&b, "grantType").unwrap_or_default() {
        DEVICE_GRANT => {
            let Some(code) = s(&b, "deviceCode") else {
                return oauth_error("invalid_request", "deviceCode is required");
            };
            let Some(d) = store.devices.get_mut(code) else {
                return oauth_error("invalid_grant", "unknown device code");
            };
            if d.client_id != client_id {
                return oauth_error("invalid_grant", "the device code belongs to another client");
            }
            if d.expires_at <= now {
                return oauth_error("expired_token", "the device code has expired");
            }
            let too_fast = d.last_poll.is_some_and(|t| (t.elapsed().as_millis() as i64) < d.interval * 1000 - 250);
            d.last_poll = Some(Instant::now());
            match d.approval.clone() {
                Approval::Denied => {
                    store.devices.remove(code);
                    oauth_error("access_denied", "the user denied the request")
                }
                Approval::Pending if too_fast => {
                    d.interval += 5;
                    oauth_error("slow_down", "polling too fast")
                }
                Approval::Pending => oauth_error("authorization_pending", "Authorization is still pending"),
                Approval::Approved(user) => {
                    store.devices.remove(code);
                    issue(state, &mut store, &client_id, &user, can_refresh)
                }
            }
        }
        "authorization_code" => {
            let Some(code) = s(&b, "code") else { return oauth_error("invalid_request", "code is required") };
            let Some(c) = store.codes.remove(code) else {
                return oauth_error("invalid_grant", "unknown or already used authorization code");
            };
            if c.client_id != client_id || c.expires_at <= now {
                return oauth_error("invalid_grant", "the authorization code is expired or belongs to another client");
            }
            if s(&b, "redirectUri") != Some(c.redirect_uri.as_str()) {
                return oauth_error("invalid_grant", "redirectUri does not match the authorization request");
            }
            let verifier = s(&b, "codeVerifier").unwrap_or_default();
            if crate::encoding::b64url(&Sha256::digest(verifier.as_bytes())) != c.challenge {
                return oauth_error(
                    "invalid_grant",
                    "PKCE verification failed: codeVerifier does not match code_challenge",
                );
            }
            issue(state, &mut store, &client_id, &c.user, can_refresh)
        }
        "refresh_token" => {
            let Some(rt) = s(&b, "refreshToken") else {
                return oauth_error("invalid_request", "refreshToken is required");
            };
            match store.refresh.remove(rt) {
                Some((cid, user)) if cid == client_id => issue(state, &mut store, &client_id, &user, true),
                _ => oauth_error("invalid_grant", "unknown, revoked or foreign refresh token"),
            }
        }
        _ => oauth_error("unsupported_grant_type", "grantType is not supported"),
    }
}

fn authorize_page(req: &Incoming) -> Response<Body> {
    let q = req.query_pairs();
    let get = |k: &str| param(&q, k).unwrap_or_default();
    let (client_id, redirect_uri, st, challenge) =
        (get("client_id"), get("redirect_uri"), get("state"), get("code_challenge"));
    let mut store = STORE.lock().unwrap();
    let problem = match store.clients.get(&client_id) {
        None => Some("unknown client_id"),
        Some(c) if !c.grant_types.iter().any(|g| g == "authorization_code") => {
            Some("the client is not registered for authorization_code")
        }
        Some(c) if !redirect_allowed(&c.redirect_uris, &redirect_uri) => {
            Some("redirect_uri is not registered for this client")
        }
        Some(_) if get("response_type") != "code" => Some("response_type must be code"),
        Some(_) if get("code_challenge_method") != "S256" || challenge.is_empty() => {
            Some("PKCE with code_challenge_method=S256 is required")
        }
        Some(_) => None,
    };
    if let Some(p) = problem {
        return html(400, "Invalid sign-in request", &format!("<p id=\"error\">{}</p>", esc(p)));
    }
    let id = random_string(BASE64ISH.split_at(62).0, 32);
    store.auth_requests.insert(id.clone(), AuthRequest { client_id, redirect_uri, state: st, challenge });
    html(
        200,
        "Allow access to AWS IAM Identity Center?",
        &format!(
            "<p>An application wants to use your IAM Identity Center session (scopes: {}).</p>\
             <form method=\"post\" action=\"/authorize/approve\"><input type=\"hidden\" name=\"request\" value=\"{id}\"><button id=\"approve\" type=\"submit\">Allow access</button></form>\
             <form method=\"post\" action=\"/authorize/deny\"><input type=\"hidden\" name=\"request\" value=\"{id}\"><button id=\"deny\" type=\"submit\">Deny</button></form>",
            esc(&get("scopes"))
        ),
    )
}

fn with_query(uri: &str, pairs: &[(&str, &str)]) -> String {
    let q: Vec<String> =
        pairs.iter().map(|(k, v)| format!("{}={}", k, crate::encoding::uri_encode(v.as_bytes(), false))).collect();
    format!("{}{}{}", uri, if uri.contains('?') { '&' } else { '?' }, q.join("&"))
}

fn authorize_decide(state: &AppState, req: &Incoming, approve: bool) -> Response<Body> {
    let form = req.form_body().unwrap_or_default();
    let mut store = STORE.lock().unwrap();
    let Some(r) = param(&form, "request").and_then(|id| store.auth_requests.remove(&id)) else {
        return html(400, "This sign-in request is unknown or was already answered", "");
    };
    if !approve {
        return redirect(&with_query(
            &r.redirect_uri,
            &[("error", "access_denied"), ("error_description", "The user denied the request"), ("state", &r.state)],
        ));
    }
    let Some(user) = known_user(state, param(&form, "user").as_deref()) else { return html(400, "Unknown user", "") };
    let code = random_string(BASE64ISH.split_at(62).0, 40);
    store.codes.insert(
        code.clone(),
        Code {
            client_id: r.client_id,
            redirect_uri: r.redirect_uri.clone(),
            challenge: r.challenge,
            user,
            expires_at: state.now() + CODE_TTL,
        },
    );
    redirect(&with_query(&r.redirect_uri, &[("code", &code), ("state", &r.state)]))
}

fn device_page(req: &Incoming) -> Response<Body> {
    let code = param(&req.query_pairs(), "user_code").unwrap_or_default();
    html(
        200,
        "Authorize request",
        &format!(
            "<form method=\"post\" action=\"/device/approve\"><label>Code <input id=\"user_code\" name=\"user_code\" value=\"{c}\"></label><button id=\"approve\" type=\"submit\">Allow</button></form>\
             <form method=\"post\" action=\"/device/deny\"><input type=\"hidden\" name=\"user_code\" value=\"{c}\"><button id=\"deny\" type=\"submit\">Deny</button></form>",
            c = esc(&code)
        ),
    )
}

fn device_decide(state: &AppState, req: &Incoming, approve: bool) -> Response<Body> {
    let form = req.form_body().unwrap_or_default();
    let code = param(&form, "user_code").unwrap_or_default().trim().to_ascii_uppercase();
    let Some(user) = known_user(state, param(&form, "user").as_deref()) else { return html(400, "Unknown user", "") };
    let mut store = STORE.lock().unwrap();
    let now = state.now();
    let Some(d) = store
        .devices
        .values_mut()
        .find(|d| d.user_code == code && d.expires_at > now && d.approval == Approval::Pending)
    else {
        return html(404, "Unknown or expired code", "<p id=\"error\">No pending request has this code.</p>");
    };
    d.approval = if approve { Approval::Approved(user) } else { Approval::Denied };
    html(
        200,
        if approve { "Request approved" } else { "Request denied" },
        "<p id=\"result\">You can close this window.</p>",
    )
}

pub fn fault_response(kind: FaultKind, _request_id: &str) -> Response<Body> {
    match kind {
        FaultKind::InternalError => oauth_error("server_error", "injected fault"),
        _ => faults::json_fault(kind),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::Seed;

    fn req(method: &str, path: &str, query: &str, ct: &str, body: &str) -> Incoming {
        Incoming {
            method: method.into(),
            path: path.into(),
            query: query.into(),
            headers: vec![("host".into(), "127.0.0.1:9".into()), ("content-type".into(), ct.into())],
            body: body.as_bytes().to_vec(),
            operation: None,
            signer: None,
        }
    }

    async fn call(state: &AppState, r: Incoming) -> (u16, String, Option<String>) {
        let mut r = r;
        let resp = handle(state, &mut r).await.unwrap();
        let status = resp.status().as_u16();
        let loc = resp.headers().get("location").map(|v| v.to_str().unwrap().to_string());
        let body = hyper::body::to_bytes(resp.into_body()).await.unwrap();
        (status, String::from_utf8_lossy(&body).into_owned(), loc)
    }

    #[tokio::test]
    async fn pkce_and_device_flows() {
        let state = AppState::new(Seed::default_seed(), "us-east-1".into());
        let j = "application/json";
        let (_, b, _) = call(&state, req("POST", "/client/register", "", j, r#"{"clientName":"t","clientType":"public","grantTypes":["authorization_code","refresh_token"],"redirectUris":["http://127.0.0.1/oauth/callback"]}"#)).await;
        let reg: Value = serde_json::from_str(&b).unwrap();
        let (cid, sec) = (reg["clientId"].as_str().unwrap(), reg["clientSecret"].as_str().unwrap());
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        let q = format!("response_type=code&client_id={cid}&redirect_uri=http%3A%2F%2F127.0.0.1%3A5555%2Foauth%2Fcallback&state=S1&code_challenge_method=S256&scopes=sso%3Aaccount%3Aaccess&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
        let (st, page, _) = call(&state, req("GET", "/authorize", &q, "", "")).await;
        assert_eq!(st, 200);
        assert!(page.contains("id=\"approve\"") && page.contains("id=\"deny\""));
        let id = page.split("name=\"request\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
        let (st, _, loc) = call(
            &state,
            req("POST", "/authorize/approve", "", "application/x-www-form-urlencoded", &format!("request={id}")),
        )
        .await;
        assert_eq!(st, 302);
        let loc = loc.unwrap();
        assert!(loc.starts_with("http://127.0.0.1:5555/oauth/callback?code=") && loc.ends_with("&state=S1"), "{loc}");
        let code = loc.split("code=").nth(1).unwrap().split('&').next().unwrap();
        let tok = |code: &str, verifier: &str| {
            format!(
                r#"{{"clientId":"{cid}","clientSecret":"{sec}","grantType":"authorization_code","code":"{code}","redirectUri":"http://127.0.0.1:5555/oauth/callback","codeVerifier":"{verifier}"}}"#
            )
        };
        let (st, b, _) = call(&state, req("POST", "/token", "", j, &tok(code, verifier))).await;
        assert_eq!(st, 200, "{b}");
        let t: Value = serde_json::from_str(&b).unwrap();
        assert!(session_for_token(&state, t["accessToken"].as_str().unwrap()).is_some());
        // The code is single-use; a wrong verifier fails.
        let (st, b, _) = call(&state, req("POST", "/token", "", j, &tok(code, verifier))).await;
        assert!(st == 400 && b.contains("invalid_grant"));
        let rt = t["refreshToken"].as_str().unwrap();
        let (st, b, _) = call(
            &state,
            req(
                "POST",
                "/token",
                "",
                j,
                &format!(
                    r#"{{"clientId":"{cid}","clientSecret":"{sec}","grantType":"refresh_token","refreshToken":"{rt}"}}"#
                ),
            ),
        )
        .await;
        assert_eq!(st, 200, "{b}");
        let (st, b, _) = call(
            &state,
            req(
                "POST",
                "/token",
                "",
                j,
                &format!(
                    r#"{{"clientId":"{cid}","clientSecret":"wrong","grantType":"refresh_token","refreshToken":"{rt}"}}"#
                ),
            ),
        )
        .await;
        assert!(st == 401 && b.contains("invalid_client"));

        // Device code: pending, then approved through the page's form.
        let (_, b, _) =
            call(&state, req("POST", "/client/register", "", j, r#"{"clientName":"d","clientType":"public"}"#)).await;
        let reg: Value = serde_json::from_str(&b).unwrap();
        let (cid, sec) = (reg["clientId"].as_str().unwrap(), reg["clientSecret"].as_str().unwrap());
        let (_, b, _) = call(
            &state,
            req(
                "POST",
                "/device_authorization",
                "",
                j,
                &format!(r#"{{"clientId":"{cid}","clientSecret":"{sec}","startUrl":"https://x"}}"#),
            ),
        )
        .await;
        let d: Value = serde_json::from_str(&b).unwrap();
        assert_eq!(d["verificationUri"], "http://127.0.0.1:9/device");
        let poll = format!(
            r#"{{"clientId":"{cid}","clientSecret":"{sec}","grantType":"{DEVICE_GRANT}","deviceCode":"{}"}}"#,
            d["deviceCode"].as_str().unwrap()
        );
        let (_, b, _) = call(&state, req("POST", "/token", "", j, &poll)).await;
        assert!(b.contains("authorization_pending"));
        let (_, b, _) = call(&state, req("POST", "/token", "", j, &poll)).await;
        assert!(b.contains("slow_down"), "{b}");
        let (st, _, _) = call(
            &state,
            req(
                "POST",
                "/device/approve",
                "",
                "application/x-www-form-urlencoded",
                &format!("user_code={}", d["userCode"].as_str().unwrap()),
            ),
        )
        .await;
        assert_eq!(st, 200);
        let (st, b, _) = call(&state, req("POST", "/token", "", j, &poll)).await;
        assert_eq!(st, 200, "{b}");
    }
}
