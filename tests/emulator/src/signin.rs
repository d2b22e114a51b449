//! Sign-in (`aws login`'s service): `/v1/authorize` (a sign-in page with Approve and Deny),
//! `/v1/sessions/confirmation` (shows the cross-device code) and `/v1/token`
//! (`CreateOAuth2Token`, JSON, with DPoP).
//!
//! The token endpoint checks what AWS documents: the PKCE verifier against the challenge, the
//! exact `redirectUri` and `clientId` of the authorization, one use per code, the DPoP proof
//! (ES256 signature by the embedded JWK, `typ`, `htm`, `htu`, `iat` within 5 minutes of the real
//! clock, `jti` never seen before) and, on refresh, that the proof's key is the one the session
//! was bound to. Refresh tokens rotate (an old one is refused). Credentials last 15 minutes (or
//! `credentialsTtlSeconds`) and are issued into the identity store, so STS accepts them. A session
//! lives at most 12 hours (or `sessionMaxAgeSeconds`) on the emulator clock.
//!
//! Test controls (`/_emulator/signin/...`, reached through the control API):
//! `GET sessions`; `POST config {"credentialsTtlSeconds"?, "sessionMaxAgeSeconds"?, "identityArn"?}`;
//! `POST sessions/expire` and `POST sessions/revoke` (every session; revoked ones answer
//! `USER_CREDENTIALS_CHANGED`); `POST reset`.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

use hyper::{Body, Response};
use once_cell::sync::Lazy;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::encoding::{parse_form, random_string, uri_encode, BASE64ISH, UPPER_ALNUM};
use crate::faults::{self, FaultKind};
use crate::respond;
use crate::router::Incoming;
use crate::state::{assumed_role_principal, parse_assumed_role_arn, AppState, Principal};

const SAME_DEVICE: &str = "arn:aws:signin:::devtools/same-device";
const CROSS_DEVICE: &str = "arn:aws:signin:::devtools/cross-device";
const CODE_TTL: i64 = 300;
const IAT_WINDOW: i64 = 300;

struct Pending {
    client_id: String,
    redirect_uri: String,
    state: String,
    challenge: String,
}

struct AuthCode {
    client_id: String,
    redirect_uri: String,
    challenge: String,
    arn: String,
    expires: i64,
}

struct Session {
    id: String,
    principal: Principal,
    client_id: String,
    jkt: String,
    created: i64,
    refresh_token: String,
    refreshes: u64,
    revoked: bool,
}

struct Signin {
    pending: HashMap<String, Pending>,
    codes: HashMap<String, AuthCode>,
    used_codes: HashSet<String>,
    sessions: Vec<Session>,
    jtis: HashSet<String>,
    credentials_ttl: i64,
    session_max_age: i64,
    identity_arn: Option<String>,
}

static SIGNIN: Lazy<Mutex<Signin>> = Lazy::new(|| Mutex::new(Signin::new()));

impl Signin {
    fn new() -> Signin {
        Signin {
            pending: HashMap::new(),
            codes: HashMap::new(),
            used_codes: HashSet::new(),
            sessions: Vec::new(),
            jtis: HashSet::new(),
            credentials_ttl: 900,
            session_max_age: 12 * 3600,
            identity_arn: None,
        }
    }
}

pub fn owns(path: &str) -> bool {
    path.starts_with("/v1/")
}

pub fn fault_response(kind: FaultKind, _request_id: &str) -> Response<Body> {
    faults::json_fault(kind)
}

// ---- small helpers ----

fn real_now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

fn html(code: u16, body: &str) -> Response<Body> {
    let page = format!("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>AWS Sign-In (emulator)</title></head><body>{body}</body></html>");
    Response::builder()
        .status(code)
        .header("Content-Type", "text/html; charset=utf-8")
        .header("Cache-Control", "no-store")
        .body(Body::from(page))
        .unwrap()
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn redirect(location: &str) -> Response<Body> {
    Response::builder()
        .status(302)
        .header("Location", location)
        .header("Cache-Control", "no-store")
        .body(Body::empty())
        .unwrap()
}

fn error(status: u16, exception: &str, code: &str, message: &str) -> Response<Body> {
    let mut r = respond::json(status, &json!({ "error": code, "message": message }));
    r.headers_mut().insert("x-amzn-errortype", exception.parse().unwrap());
    r
}

fn invalid(message: &str) -> Response<Body> {
    error(400, "ValidationException", "INVALID_REQUEST", message)
}

fn with_query(base: &str, pairs: &[(&str, &str)]) -> String {
    let q: Vec<String> = pairs.iter().map(|(k, v)| format!("{}={}", k, uri_encode(v.as_bytes(), false))).collect();
    format!("{}{}{}", base, if base.contains('?') { "&" } else { "?" }, q.join("&"))
}

fn principal_for(state: &AppState, arn: &str) -> Principal {
    state
        .iam_user_by_arn(arn)
        .or_else(|| parse_assumed_role_arn(arn).map(|(a, r, s)| assumed_role_principal(&a, &r, &s)))
        .unwrap_or_else(|| Principal {
            arn: arn.to_string(),
            user_id: "AIDAEMULATORSIGNIN01".into(),
            account: crate::seed::account_from_arn(arn).unwrap_or_else(|| "111122223333".into()),
        })
}

fn default_identity(state: &AppState, s: &Signin) -> String {
    s.identity_arn
        .clone()
        .or_else(|| state.seed.iam_users.first().map(|u| u.arn.clone()))
        .unwrap_or_else(|| "arn:aws:iam::111122223333:user/alice".into())
}

// ---- routes ----

pub async fn handle(state: &AppState, req: &mut Incoming) -> Option<Response<Body>> {
    if !owns(&req.path) {
        return None;
    }
    let r = match (req.method.as_str(), req.path.as_str()) {
        ("GET", "/v1/authorize") => {
            req.operation = Some("Authorize".into());
            authorize(req)
        }
        ("POST", "/v1/authorize/decision") => {
            req.operation = Some("AuthorizeDecision".into());
            decision(state, req)
        }
        ("GET", "/v1/sessions/confirmation") => {
            req.operation = Some("SessionConfirmation".into());
            confirmation(req)
        }
        ("POST", "/v1/token") => {
            req.operation = Some("CreateOAuth2Token".into());
            token(state, req)
        }
        _ => respond::json(
            404,
            &json!({"error": "RESOURCE_NOT_FOUND", "message": format!("no sign-in resource {} {}", req.method, req.path)}),
        ),
    };
    Some(r)
}

fn valid_redirect(client_id: &str, uri: &str) -> bool {
    if client_id == SAME_DEVICE {
        let rest = uri.strip_prefix("http://127.0.0.1:").or_else(|| uri.strip_prefix("http://localhost:"));
        rest.and_then(|r| r.split_once('/')).is_some_and(|(port, path)| {
            port.parse::<u16>().is_ok() && (path == "oauth/callback" || path == "oauth/callback/")
        })
    } else {
        (uri.starts_with("http://") || uri.starts_with("https://")) && uri.ends_with("/v1/sessions/confirmation")
    }
}

fn authorize(req: &Incoming) -> Response<Body> {
    let q: HashMap<String, String> = req.query_pairs().into_iter().collect();
    let get = |k: &str| q.get(k).map(String::as_str).unwrap_or("");
    let problem = if get("response_type") != "code" {
        Some("response_type must be code")
    } else if get("client_id") != SAME_DEVICE && get("client_id") != CROSS_DEVICE {
        Some("unknown client_id")
    } else if get("code_challenge_method") != "SHA-256" {
        Some("code_challenge_method must be SHA-256")
    } else if get("code_challenge").len() != 43 {
        Some("code_challenge must be a base64url SHA-256 (43 characters)")
    } else if get("state").is_empty() {
        Some("state is required")
    } else if get("scope") != "openid" {
        Some("scope must be openid")
    } else if !valid_redirect(get("client_id"), get("redirect_uri")) {
        Some("redirect_uri is not allowed for this client")
    } else {
        None
    };
    if let Some(p) = problem {
        return html(400, &format!("<h1>Invalid sign-in request</h1><p id=\"error\">{}</p>", escape(p)));
    }
    let id = random_string(UPPER_ALNUM, 24);
    SIGNIN.lock().unwrap().pending.insert(
        id.clone(),
        Pending {
            client_id: get("client_id").into(),
            redirect_uri: get("redirect_uri").into(),
            state: get("state").into(),
            challenge: get("code_challenge").into(),
        },
    );
    html(
        200,
        &format!(
            "<h1>Sign in to AWS (emulator)</h1><p>Allow <b>{}</b> to get credentials for your console identity?</p>\
             <form method=\"POST\" action=\"/v1/authorize/decision\"><input type=\"hidden\" name=\"request\" value=\"{id}\">\
             <button id=\"approve\" type=\"submit\" name=\"decision\" value=\"approve\">Approve</button> \
             <button id=\"deny\" type=\"submit\" name=\"decision\" value=\"deny\">Deny</button></form>",
            escape(get("client_id"))
        ),
    )
}

fn decision(state: &AppState, req: &Incoming) -> Response<Body> {
    let form: HashMap<String, String> = parse_form(&String::from_utf8_lossy(&req.body)).into_iter().collect();
    let mut s = SIGNIN.lock().unwrap();
    let Some(p) = form.get("request").and_then(|id| s.pending.remove(id)) else {
        return html(400, "<h1>This sign-in request has expired or was already used.</h1>");
    };
    if form.get("decision").map(String::as_str) != Some("approve") {
        return redirect(&with_query(&p.redirect_uri, &[("error", "access_denied"), ("state", &p.state)]));
    }
    let code = random_string(BASE64ISH, 48).replace('+', "-").replace('/', "_");
    let arn = default_identity(state, &s);
    s.codes.insert(
        code.clone(),
        AuthCode {
            client_id: p.client_id,
            redirect_uri: p.redirect_uri.clone(),
            challenge: p.challenge,
            arn,
            expires: state.now() + CODE_TTL,
        },
    );
    redirect(&with_query(&p.redirect_uri, &[("code", &code), ("state", &p.state)]))
}

fn confirmation(req: &Incoming) -> Response<Body> {
    let q: HashMap<String, String> = req.query_pairs().into_iter().collect();
    if let Some(e) = q.get("error") {
        return html(200, &format!("<h1>Sign-in was not completed</h1><p id=\"error\">{}</p>", escape(e)));
    }
    match (q.get("code"), q.get("state")) {
        (Some(code), Some(st)) => {
            let shown = crate::encoding::b64_std(
                format!("state={}&code={}", uri_encode(st.as_bytes(), false), uri_encode(code.as_bytes(), false))
                    .as_bytes(),
            );
            html(200, &format!("<h1>Authorization code</h1><p>Paste this code where you started the sign-in:</p><pre><code id=\"code\">{shown}</code></pre>"))
        }
        _ => html(400, "<h1>Missing code or state</h1>"),
    }
}

/// Checks a DPoP proof; returns the JWK thumbprint (RFC 7638).
fn check_dpop(s: &mut Signin, req: &Incoming) -> Result<String, Response<Body>> {
    let bad = |m: &str| invalid(&format!("invalid DPoP proof: {m}"));
    let proof = req.header("dpop").ok_or_else(|| bad("the DPoP header is missing"))?;
    let parts: Vec<&str> = proof.split('.').collect();
    if parts.len() != 3 {
        return Err(bad("not a compact JWS"));
    }
    // RFC 7515: every part is unpadded base64url; anything else is refused, not tolerated.
    let part = |i: usize, name: &str| {
        crate::base64url::decode_strict(parts[i])
            .map_err(|e| bad(&format!("the {name} is not unpadded base64url: {e}")))
    };
    let header: Value = serde_json::from_slice(&part(0, "header")?).map_err(|_| bad("header is not JSON"))?;
    let claims: Value = serde_json::from_slice(&part(1, "payload")?).map_err(|_| bad("payload is not JSON"))?;
    let sig = part(2, "signature")?;
    if header["typ"] != "dpop+jwt" || header["alg"] != "ES256" {
        return Err(bad("typ must be dpop+jwt and alg ES256"));
    }
    let jwk = &header["jwk"];
    let (x, y) = match (jwk["kty"].as_str(), jwk["crv"].as_str(), jwk["x"].as_str(), jwk["y"].as_str()) {
        (Some("EC"), Some("P-256"), Some(x), Some(y)) => (x, y),
        _ => return Err(bad("jwk must be an EC P-256 public key")),
    };
    let mut point = vec![4u8];
    let coordinate = |c: &str, name: &str| {
        crate::base64url::decode_strict(c)
            .ok()
            .filter(|v| v.len() == 32)
            .ok_or_else(|| bad(&format!("jwk.{name} must be 32 bytes of unpadded base64url")))
    };
    point.extend(coordinate(x, "x")?);
    point.extend(coordinate(y, "y")?);
    if sig.len() != 64 {
        return Err(bad("the signature must be 64 bytes (r||s)"));
    }
    ring::signature::UnparsedPublicKey::new(&ring::signature::ECDSA_P256_SHA256_FIXED, &point)
        .verify(format!("{}.{}", parts[0], parts[1]).as_bytes(), &sig)
        .map_err(|_| bad("the signature does not verify"))?;
    if claims["htm"] != "POST" {
        return Err(bad("htm must be POST"));
    }
    let host = req.header("host").unwrap_or("");
    let expected = [format!("http://{host}/v1/token"), format!("https://{host}/v1/token")];
    if !expected.iter().any(|e| claims["htu"] == e.as_str()) {
        return Err(bad("htu does not match the request URL"));
    }
    let iat = claims["iat"].as_i64().ok_or_else(|| bad("iat must be an integer"))?;
    if (iat - real_now()).abs() > IAT_WINDOW {
        return Err(bad("iat is outside the accepted window"));
    }
    let jti = claims["jti"].as_str().filter(|j| !j.is_empty()).ok_or_else(|| bad("jti is required"))?;
    if !s.jtis.insert(jti.to_string()) {
        return Err(bad("jti has been used before (replay)"));
    }
    let canonical = format!(r#"{{"crv":"P-256","kty":"EC","x":"{x}","y":"{y}"}}"#);
    Ok(crate::encoding::b64url(&Sha256::digest(canonical.as_bytes())))
}

fn id_token(p: &Principal, client_id: &str, now: i64) -> String {
    let header = crate::encoding::b64url(br#"{"typ":"JWT","alg":"ES384","kid":"emulator"}"#);
    let payload = json!({ "sub": p.arn, "aud": client_id, "iss": "https://signin.aws.amazon.com/signin", "session_arn": p.arn, "iat": now, "exp": now + 900 });
    format!(
        "{header}.{}.{}",
        crate::encoding::b64url(payload.to_string().as_bytes()),
        crate::encoding::b64url(&crate::encoding::random_bytes(48))
    )
}

fn token(state: &AppState, req: &Incoming) -> Response<Body> {
    let body: Value = match req.json_body() {
        Some(v @ Value::Object(_)) => v,
        _ => match req.form_body() {
            Some(pairs) => Value::Object(pairs.into_iter().map(|(k, v)| (k, Value::String(v))).collect()),
            None => return invalid("the body must be a JSON object"),
        },
    };
    let field = |k: &str| body.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let mut s = SIGNIN.lock().unwrap();
    let jkt = match check_dpop(&mut s, req) {
        Ok(j) => j,
        Err(r) => return r,
    };
    let client_id = field("clientId");
    if client_id != SAME_DEVICE && client_id != CROSS_DEVICE {
        return invalid("clientId is not a known client");
    }
    let now = state.now();
    let (principal, refresh_token, id_tok, ttl) = match field("grantType").as_str() {
        "authorization_code" => {
            let code = field("code");
            if s.used_codes.contains(&code) {
                return invalid("the authorization code has already been used");
            }
            let Some(c) = s.codes.remove(&code) else { return invalid("unknown authorization code") };
            s.used_codes.insert(code);
            if c.expires < now {
                return error(401, "AccessDeniedException", "AUTHCODE_EXPIRED", "the authorization code has expired");
            }
            if c.client_id != client_id {
                return invalid("clientId does not match the authorization");
            }
            if c.redirect_uri != field("redirectUri") {
                return invalid("redirectUri does not match the authorization");
            }
            if crate::encoding::b64url(&Sha256::digest(field("codeVerifier").as_bytes())) != c.challenge {
                return invalid("codeVerifier does not match the code_challenge");
            }
            let p = principal_for(state, &c.arn);
            let rt = format!("emurt-{}", random_string(UPPER_ALNUM, 40));
            s.sessions.push(Session {
                id: random_string(UPPER_ALNUM, 12),
                principal: p.clone(),
                client_id: client_id.clone(),
                jkt,
                created: now,
                refresh_token: rt.clone(),
                refreshes: 0,
                revoked: false,
            });
            let idt = id_token(&p, &client_id, now);
            (p, rt, Some(idt), s.credentials_ttl)
        }
        "refresh_token" => {
            let rt = field("refreshToken");
            let max_age = s.session_max_age;
            let ttl = s.credentials_ttl;
            let Some(sess) = s.sessions.iter_mut().find(|x| !rt.is_empty() && x.refresh_token == rt) else {
                return invalid("the refresh token is not valid (unknown, or already rotated)");
            };
            if sess.revoked {
                return error(
                    403,
                    "AccessDeniedException",
                    "USER_CREDENTIALS_CHANGED",
                    "the user's credentials changed; sign in again",
                );
            }
            if now - sess.created > max_age {
                return error(401, "AccessDeniedException", "TOKEN_EXPIRED", "the session has expired; sign in again");
            }
            if sess.jkt != jkt {
                return invalid("the DPoP key is not the one this refresh token is bound to");
            }
            if sess.client_id != client_id {
                return invalid("clientId does not match the session");
            }
            let new_rt = format!("emurt-{}", random_string(UPPER_ALNUM, 40));
            sess.refresh_token = new_rt.clone();
            sess.refreshes += 1;
            (sess.principal.clone(), new_rt, None, ttl)
        }
        _ => return invalid("grantType must be authorization_code or refresh_token"),
    };
    drop(s);
    let creds = state.issue_session_credentials(&principal.arn, &principal.user_id, &principal.account, ttl);
    let mut out = json!({
        "accessToken": { "accessKeyId": creds.access_key_id, "secretAccessKey": creds.secret_access_key, "sessionToken": creds.session_token },
        "tokenType": "aws_sigv4",
        "expiresIn": ttl.clamp(1, 900),
        "refreshToken": refresh_token,
    });
    if let Some(t) = id_tok {
        out["idToken"] = t.into();
    }
    respond::json(200, &out)
}

/// `/_emulator/signin/...` (called from the control API).
pub fn control(req: &Incoming, route: &str) -> Response<Body> {
    let mut s = SIGNIN.lock().unwrap();
    let body: Value = serde_json::from_slice(&req.body).unwrap_or(json!({}));
    match (req.method.as_str(), route) {
        ("GET", "/signin/sessions") => respond::json(
            200,
            &json!(s.sessions.iter().map(|x| json!({"id": x.id, "arn": x.principal.arn, "clientId": x.client_id, "created": x.created, "refreshes": x.refreshes, "revoked": x.revoked})).collect::<Vec<_>>()),
        ),
        ("POST", "/signin/config") => {
            if let Some(n) = body["credentialsTtlSeconds"].as_i64() {
                s.credentials_ttl = n;
            }
            if let Some(n) = body["sessionMaxAgeSeconds"].as_i64() {
                s.session_max_age = n;
            }
            if let Some(a) = body["identityArn"].as_str() {
                s.identity_arn = Some(a.to_string());
            }
            respond::json(200, &json!({"credentialsTtlSeconds": s.credentials_ttl, "sessionMaxAgeSeconds": s.session_max_age, "identityArn": s.identity_arn}))
        }
        ("POST", "/signin/sessions/expire") => {
            let age = s.session_max_age + 1;
            s.sessions.iter_mut().for_each(|x| x.created -= age);
            respond::json(200, &json!({"expired": s.sessions.len()}))
        }
        ("POST", "/signin/sessions/revoke") => {
            s.sessions.iter_mut().for_each(|x| x.revoked = true);
            respond::json(200, &json!({"revoked": s.sessions.len()}))
        }
        ("POST", "/signin/reset") => {
            *s = Signin::new();
            respond::json(200, &json!({"reset": true}))
        }
        _ => respond::json(404, &json!({"error": "NotFound", "message": format!("no sign-in control {} {}", req.method, route)})),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirect_uris() {
        assert!(valid_redirect(SAME_DEVICE, "http://127.0.0.1:5000/oauth/callback"));
        assert!(!valid_redirect(SAME_DEVICE, "http://evil.example:5000/oauth/callback"));
        assert!(valid_redirect(CROSS_DEVICE, "http://127.0.0.1:9/v1/sessions/confirmation"));
    }

    /// How a (possibly broken) client spells each part of its DPoP proof.
    type Spelling = fn(&[u8]) -> String;

    fn url(b: &[u8]) -> String {
        crate::base64url::encode(b)
    }
    fn url_padded(b: &[u8]) -> String {
        let s = url(b);
        let pad = (4 - s.len() % 4) % 4;
        s + &"=".repeat(pad)
    }
    fn standard(b: &[u8]) -> String {
        url(b).replace('-', "+").replace('_', "/")
    }
    fn standard_padded(b: &[u8]) -> String {
        crate::encoding::b64_std(b)
    }

    /// A proof signed by a fresh P-256 key over exactly the text sent, each part spelled as given:
    /// a lenient verifier would accept every one of them.
    fn proof(spell: [Spelling; 3]) -> (String, [String; 3]) {
        use ring::signature::{EcdsaKeyPair, KeyPair, ECDSA_P256_SHA256_FIXED_SIGNING};
        let rng = ring::rand::SystemRandom::new();
        let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &rng).unwrap();
        let key = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref()).unwrap();
        let public = key.public_key().as_ref();
        let jwk = json!({ "kty": "EC", "crv": "P-256", "x": url(&public[1..33]), "y": url(&public[33..65]) });
        // Base64 of ASCII text holds '+' or '/' only where a byte ends in 0b11111x ('>', '?', '~'):
        // the "note" members (ignored by the emulator) put three '?' in a row into each part, so
        // the standard alphabet always differs from base64url somewhere.
        let mut header = json!({ "typ": "dpop+jwt", "alg": "ES256", "jwk": jwk, "note": "???" }).to_string();
        let mut claims = json!({ "htm": "POST", "htu": "http://127.0.0.1:1/v1/token", "iat": real_now(),
            "jti": crate::encoding::request_id(), "note": "???" })
        .to_string();
        // Lengths that are not a multiple of 3, so a padded spelling really has '=' (JSON allows
        // trailing whitespace; a 64-byte signature always needs padding).
        while header.len().is_multiple_of(3) {
            header.push(' ');
        }
        while claims.len().is_multiple_of(3) {
            claims.push(' ');
        }
        let signing_input = format!("{}.{}", spell[0](header.as_bytes()), spell[1](claims.as_bytes()));
        let sig = key.sign(&rng, signing_input.as_bytes()).unwrap();
        let parts = [spell[0](header.as_bytes()), spell[1](claims.as_bytes()), spell[2](sig.as_ref())];
        (format!("{signing_input}.{}", parts[2]), parts)
    }

    fn check(proof: &str) -> Result<String, String> {
        let req = Incoming {
            method: "POST".into(),
            path: "/v1/token".into(),
            query: String::new(),
            headers: vec![("host".into(), "127.0.0.1:1".into()), ("dpop".into(), proof.into())],
            body: Vec::new(),
            operation: None,
            signer: None,
        };
        check_dpop(&mut Signin::new(), &req).map_err(|response| {
            assert_eq!(response.status(), 400);
            let body = tokio::runtime::Builder::new_current_thread()
                .build()
                .unwrap()
                .block_on(hyper::body::to_bytes(response.into_body()))
                .unwrap();
            String::from_utf8_lossy(&body).into_owned()
        })
    }

    #[test]
    fn a_dpop_proof_in_unpadded_base64url_is_accepted() {
        let (p, _) = proof([url, url, url]);
        check(&p).expect("a correct proof");
    }

    /// RFC 7515 allows only unpadded base64url. A client sending the standard alphabet or '='
    /// padding in any part must fail here, even though it signed exactly what it sent.
    #[test]
    fn a_dpop_proof_in_standard_or_padded_base64_is_refused() {
        for part in 0..3 {
            for (spelling, name) in
                [(standard as Spelling, "standard"), (standard_padded, "standard padded"), (url_padded, "padded")]
            {
                // Retry until this spelling really differs from base64url in this part (the
                // signature is random: it may by chance contain no '-' or '_').
                let mut spell: [Spelling; 3] = [url, url, url];
                spell[part] = spelling;
                let (p, parts) = (0..50)
                    .map(|_| proof(spell))
                    .find(|(_, parts)| parts[part].contains(['+', '/', '=']))
                    .unwrap_or_else(|| panic!("no {name} spelling of part {part} differs from base64url"));
                let which = ["header", "payload", "signature"][part];
                let err =
                    check(&p).expect_err(&format!("{name} base64 in the {which} must be refused: {}", parts[part]));
                assert!(err.contains(&format!("the {which} is not unpadded base64url")), "{name} {which}: {err}");
            }
        }
    }
}
