//! The whole Invoke-AWSLogin flow against a local fake sign-in server: the test plays the
//! browser (it reads the authorize URL from the progress events and calls the loopback
//! callback) and answers the prompts.

mod support;

use awslogin_core::interact::{Answer, Event, Interaction};
use awslogin_core::util::encoding::{base64, base64url, parse_form};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use support::fake_signin::{check_dpop, temp_dir, FakeServer};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};

fn id_token(sub: &str) -> String {
    format!(
        "{}.{}.sig",
        base64url(br#"{"alg":"ES384"}"#),
        base64url(json!({ "sub": sub, "aud": "x" }).to_string().as_bytes())
    )
}

fn token_response(sub: &str) -> String {
    json!({
        "accessToken": { "accessKeyId": "ASIANEW", "secretAccessKey": "secret", "sessionToken": "tok" },
        "tokenType": "aws_sigv4", "expiresIn": 900, "refreshToken": "rt-1", "idToken": id_token(sub)
    })
    .to_string()
}

struct Env {
    dir: PathBuf,
    server: FakeServer,
}

impl Env {
    fn new(responses: Vec<(u16, String)>, config: &str) -> Env {
        let dir = temp_dir("loginflow");
        std::fs::write(dir.join("config"), config).unwrap();
        Env { dir, server: FakeServer::start(responses) }
    }
    fn env(&self) -> HashMap<String, String> {
        let d = self.dir.to_str().unwrap();
        [
            ("HOME", d.to_string()),
            ("AWS_CONFIG_FILE", format!("{d}/config")),
            ("AWS_SHARED_CREDENTIALS_FILE", format!("{d}/credentials")),
            ("AWS_LOGIN_CACHE_DIRECTORY", format!("{d}/cache")),
            ("AWS_ENDPOINT_URL_SIGNIN", self.server.base.clone()),
            ("BROWSER", "true".to_string()),
            ("PATH", std::env::var("PATH").unwrap_or_default()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
    }
    fn config(&self) -> String {
        std::fs::read_to_string(self.dir.join("config")).unwrap()
    }
    fn cache_files(&self) -> Vec<PathBuf> {
        std::fs::read_dir(self.dir.join("cache"))
            .map(|r| r.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "json")).collect())
            .unwrap_or_default()
    }
}

/// Runs the login in the background; returns the event receiver, answer sender, join handle.
fn start(
    req: Value,
) -> (
    UnboundedReceiver<Event>,
    UnboundedSender<Answer>,
    tokio::task::JoinHandle<awslogin_core::Result<Value>>,
    Interaction,
) {
    let (ui, events, answers) = Interaction::channel();
    let ui2 = ui.clone();
    let h = awslogin_core::runtime::spawn(async move { awslogin_core::login::login_op(req, &ui2).await });
    (events, answers, h, ui)
}

fn next_url(events: &mut UnboundedReceiver<Event>) -> String {
    loop {
        match awslogin_core::runtime::block_on(events.recv()).expect("event") {
            Event::Progress { url: Some(u), .. } => return u,
            _ => continue,
        }
    }
}

fn next_prompt(events: &mut UnboundedReceiver<Event>) -> String {
    loop {
        match awslogin_core::runtime::block_on(events.recv()).expect("event") {
            Event::Prompt { id, .. } => return id,
            _ => continue,
        }
    }
}

fn query(url: &str) -> HashMap<String, String> {
    parse_form(url.split_once('?').unwrap().1).into_iter().collect()
}

fn browser_get(url: &str) -> String {
    let u = url.strip_prefix("http://").unwrap();
    let (host, path) = u.split_once('/').unwrap();
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(host).unwrap();
    write!(s, "GET /{path} HTTP/1.1\r\nHost: {host}\r\n\r\n").unwrap();
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    out
}

fn join(h: tokio::task::JoinHandle<awslogin_core::Result<Value>>) -> awslogin_core::Result<Value> {
    awslogin_core::runtime::block_on(h).unwrap()
}

const ARN: &str = "arn:aws:iam::123456789012:user/Dev";

#[test]
fn same_device_login_writes_cache_and_profile() {
    let e = Env::new(vec![(200, token_response(ARN))], "# mine\n[profile dev]\noutput = json\n");
    let (mut events, answers, h, _ui) = start(json!({ "env": e.env(), "profileName": "dev" }));
    // No region configured: the prompt, answered with the default.
    assert_eq!(next_prompt(&mut events), "region");
    answers.send(Answer { id: "region".into(), value: "".into() }).unwrap();
    let url = next_url(&mut events);
    let q = query(&url);
    assert!(url.starts_with(&format!(
        "{}/v1/authorize?response_type=code&client_id=arn%3Aaws%3Asignin%3A%3A%3Adevtools%2Fsame-device&state=",
        e.server.base
    )));
    assert_eq!(q["code_challenge_method"], "SHA-256");
    assert_eq!(q["scope"], "openid");
    let redirect = &q["redirect_uri"];
    assert!(redirect.starts_with("http://127.0.0.1:") && redirect.ends_with("/oauth/callback"));
    assert!(browser_get(&format!("{}/../other", redirect.trim_end_matches("/oauth/callback"))).contains("404"));
    let page = browser_get(&format!("{redirect}?code=the-code&state={}", q["state"]));
    assert!(page.contains("You may close this tab"));
    let result = join(h).unwrap();
    assert_eq!(result["loginSession"], ARN);
    assert_eq!(result["region"], "us-east-1");

    let reqs = e.server.requests();
    assert_eq!(reqs.len(), 1);
    let body = reqs[0].json();
    assert_eq!(body["grantType"], "authorization_code");
    assert_eq!(body["code"], "the-code");
    assert_eq!(body["redirectUri"], redirect.as_str());
    assert_eq!(body["clientId"], "arn:aws:signin:::devtools/same-device");
    let verifier = body["codeVerifier"].as_str().unwrap();
    assert_eq!(verifier.len(), 64);
    assert_eq!(awslogin_core::oauth::pkce::challenge(verifier), q["code_challenge"]);
    assert_ne!(q["state"], verifier);
    let (jwk, _) = check_dpop(reqs[0].header("dpop").unwrap(), &format!("{}/v1/token", e.server.base));

    assert_eq!(
        e.config(),
        format!("# mine\n[profile dev]\noutput = json\nlogin_session = {ARN}\nregion = us-east-1\n")
    );
    let files = e.cache_files();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].file_name().unwrap().to_str().unwrap(), awslogin_core::login::cache::file_name(ARN));
    let text = std::fs::read_to_string(&files[0]).unwrap();
    assert!(text.starts_with(r#"{"accessToken": {"accessKeyId": "ASIANEW", "secretAccessKey": "secret", "sessionToken": "tok", "accountId": "123456789012", "expiresAt": ""#), "{text}");
    let doc: Value = serde_json::from_str(&text).unwrap();
    let key = awslogin_core::login::dpop::DpopKey::from_pem(doc["dpopKey"].as_str().unwrap()).unwrap();
    assert!(key.jwk_json().contains(jwk["x"].as_str().unwrap()), "the cached key is the one that signed");
    assert_eq!(doc["clientId"], "arn:aws:signin:::devtools/same-device");
    assert_eq!(doc["refreshToken"], "rt-1");
}

#[test]
fn remote_login_and_identity_change() {
    let e = Env::new(
        vec![
            (200, token_response("arn:aws:iam::123456789012:user/Other")),
            (200, token_response("arn:aws:iam::123456789012:user/Other")),
        ],
        &format!("[default]\nlogin_session = {ARN}\nregion = eu-west-1\n"),
    );
    let before = e.config();
    let (mut events, answers, h, _ui) = start(json!({ "env": e.env(), "remote": true }));
    let url = next_url(&mut events);
    let q = query(&url);
    assert_eq!(q["client_id"], "arn:aws:signin:::devtools/cross-device");
    assert_eq!(q["redirect_uri"], format!("{}/v1/sessions/confirmation", e.server.base));
    assert_eq!(next_prompt(&mut events), "authorizationCode");
    let code = base64(format!("state={}&code=remote-code", q["state"]).as_bytes());
    answers.send(Answer { id: "authorizationCode".into(), value: code.into() }).unwrap();
    // The stored identity differs: a warning and a confirmation, answered no.
    assert_eq!(next_prompt(&mut events), "identityChange");
    answers.send(Answer { id: "identityChange".into(), value: false.into() }).unwrap();
    let err = join(h).unwrap_err();
    assert_eq!(err.code, "LoginAborted");
    assert_eq!(e.config(), before);
    assert!(e.cache_files().is_empty());
    let body = e.server.requests()[0].json();
    assert_eq!(body["redirectUri"], format!("{}/v1/sessions/confirmation", e.server.base));
    assert_eq!(body["clientId"], "arn:aws:signin:::devtools/cross-device");

    // -Force skips the question.
    let (mut events, answers, h, _ui) = start(json!({ "env": e.env(), "remote": true, "force": true }));
    let q = query(&next_url(&mut events));
    next_prompt(&mut events);
    answers
        .send(Answer {
            id: "authorizationCode".into(),
            value: base64(format!("state={}&code=c2", q["state"]).as_bytes()).into(),
        })
        .unwrap();
    let r = join(h).unwrap();
    assert_eq!(r["region"], "eu-west-1");
    assert!(e.config().contains("login_session = arn:aws:iam::123456789012:user/Other\nregion = eu-west-1\n"));
}

#[test]
fn refusals_and_failures_write_nothing() {
    // Another credential style.
    let e = Env::new(vec![], "[profile keys]\naws_access_key_id = AKIA\naws_secret_access_key = s\n");
    let (_ev, _a, h, _ui) = start(json!({ "env": e.env(), "profileName": "keys", "region": "us-east-1" }));
    let err = join(h).unwrap_err();
    assert_eq!(err.code, "ProfileHasOtherCredentials");
    assert!(err.message.starts_with("Profile 'keys' is already configured with Access Key credentials."));

    // Wrong state, then denied consent, then a bad remote code.
    let e = Env::new(vec![], "");
    for (cb_query, code) in [
        ("code=c&state=forged", "LoginStateMismatch"),
        ("error=access_denied&state={state}", "LoginAuthorizationFailed"),
    ] {
        let (mut events, _a, h, _ui) = start(json!({ "env": e.env(), "profileName": "p", "region": "us-east-1" }));
        let q = query(&next_url(&mut events));
        browser_get(&format!("{}?{}", q["redirect_uri"], cb_query.replace("{state}", &q["state"])));
        assert_eq!(join(h).unwrap_err().code, code);
    }
    let (mut events, answers, h, _ui) =
        start(json!({ "env": e.env(), "profileName": "p", "region": "us-east-1", "remote": true }));
    next_prompt(&mut events);
    answers.send(Answer { id: "authorizationCode".into(), value: base64(b"state=other&code=c").into() }).unwrap();
    assert_eq!(join(h).unwrap_err().code, "LoginStateMismatch");

    // Time out, and cancel.
    let (_ev, _a, h, _ui) =
        start(json!({ "env": e.env(), "profileName": "p", "region": "us-east-1", "executionTimeoutSeconds": 1 }));
    assert_eq!(join(h).unwrap_err().code, "LoginTimedOut");
    let (mut events, _a, h, ui) = start(json!({ "env": e.env(), "profileName": "p", "region": "us-east-1" }));
    let q = query(&next_url(&mut events));
    ui.cancel.cancel();
    assert_eq!(join(h).unwrap_err().code, "OperationCancelled");
    let port: u16 = q["redirect_uri"].split(':').nth(2).unwrap().split('/').next().unwrap().parse().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(50));
    assert!(std::net::TcpStream::connect(("127.0.0.1", port)).is_err(), "listener closed");

    assert_eq!(e.config(), "");
    assert!(e.cache_files().is_empty());
    assert!(e.server.requests().is_empty());
    let _ = Path::new("");
}

#[test]
fn logout_single_all_and_what_if() {
    let e = Env::new(vec![(200, token_response(ARN))], "[profile a]\nregion = us-east-1\n");
    let (mut events, _answers, h, _ui) = start(json!({ "env": e.env(), "profileName": "a" }));
    let q = query(&next_url(&mut events));
    browser_get(&format!("{}?code=c&state={}", q["redirect_uri"], q["state"]));
    join(h).unwrap();
    std::fs::write(e.dir.join("cache/other.json"), r#"{"accessToken": {"accessKeyId": "X"}}"#).unwrap();
    std::fs::write(e.dir.join("cache/notlogin.json"), r#"{"startUrl": "x"}"#).unwrap();
    let ui = Interaction::collecting();
    let run = |req: Value| awslogin_core::runtime::block_on(awslogin_core::login::logout_op(req, &ui));
    let r = run(json!({ "env": e.env(), "profileName": "a", "whatIf": true })).unwrap();
    assert_eq!(r["files"].as_array().unwrap().len(), 1);
    assert_eq!(e.cache_files().len(), 3);
    let r = run(json!({ "env": e.env(), "profileName": "a" })).unwrap();
    assert_eq!(r["removed"], 1);
    assert!(r["message"].as_str().unwrap().contains("expire in 15 minutes"));
    assert_eq!(run(json!({ "env": e.env(), "profileName": "nope" })).unwrap_err().code, "ProfileNotFound");
    std::fs::write(e.dir.join("config"), "[profile b]\nregion = x\n").unwrap();
    assert_eq!(
        run(json!({ "env": e.env(), "profileName": "b" })).unwrap_err().message,
        "Profile b is not associated with a login session."
    );
    let r = run(json!({ "env": e.env(), "all": true, "whatIf": true })).unwrap();
    assert_eq!(r["files"].as_array().unwrap().len(), 1);
    let r = run(json!({ "env": e.env(), "all": true })).unwrap();
    assert_eq!(r["removed"], 1);
    assert!(e.dir.join("cache/notlogin.json").exists());
}
