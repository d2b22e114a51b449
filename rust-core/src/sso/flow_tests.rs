//! The operations end to end against a scripted SSO OIDC + portal (no network), in a temporary
//! home folder.

use super::Transport;
use crate::http::HttpResponse;
use crate::interact::{Event, Interaction};
use serde_json::{json, Value};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

struct Home(PathBuf);
impl Drop for Home {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
fn home() -> Home {
    let d = std::env::temp_dir().join(format!("awslogin-sso-flow-{}", crate::util::random::uuid_v4()));
    std::fs::create_dir_all(&d).unwrap();
    Home(d)
}

fn env(h: &Home) -> Value {
    json!({"HOME": h.0.to_str().unwrap(), "PATH": "/usr/bin:/bin"})
}

fn ok(body: Value) -> crate::Result<HttpResponse> {
    Ok(HttpResponse { status: 200, headers: vec![], body: body.to_string().into_bytes() })
}
fn err(status: u16, body: Value) -> crate::Result<HttpResponse> {
    Ok(HttpResponse { status, headers: vec![], body: body.to_string().into_bytes() })
}

/// A scripted service: `device` is what CreateToken (device_code) answers.
fn service(device: &'static str, log: Arc<Mutex<Vec<String>>>) -> Transport {
    Transport::fake(move |req| answer(device, &log, req))
}

/// The scripted service with one member of one operation's answer replaced: `(path, JSON
/// pointer, value)`, such as `("/token", "/expiresIn", 2^63-1)`.
fn patched_service(patch: (&'static str, &'static str, Value)) -> Transport {
    let log = Arc::new(Mutex::new(Vec::new()));
    Transport::fake(move |req| {
        let mut r = answer("ok", &log, req)?;
        let (path, pointer, value) = &patch;
        if r.status == 200 && req.url.split('?').next().unwrap().ends_with(path) {
            let mut body: Value = serde_json::from_slice(&r.body).unwrap();
            *body.pointer_mut(pointer).unwrap() = value.clone();
            r.body = body.to_string().into_bytes();
        }
        Ok(r)
    })
}

fn answer(
    device: &'static str,
    log: &Mutex<Vec<String>>,
    req: &crate::http::HttpRequest,
) -> crate::Result<HttpResponse> {
    {
        let path = req.url.splitn(4, '/').nth(3).map(|p| format!("/{p}")).unwrap_or_default();
        log.lock().unwrap().push(format!("{} {}", req.method, path));
        let body: Value = serde_json::from_slice(&req.body).unwrap_or(Value::Null);
        let bearer = req.headers.iter().find(|(k, _)| k == "x-amz-sso_bearer_token").map(|(_, v)| v.clone());
        match path.split('?').next().unwrap() {
            "/client/register" => ok(
                json!({"clientId": "CID", "clientSecret": "CSECRET", "clientIdIssuedAt": 1, "clientSecretExpiresAt": 4102444800i64}),
            ),
            "/device_authorization" => ok(
                json!({"deviceCode": "DC", "userCode": "ABCD-EFGH", "verificationUri": "http://v/", "expiresIn": 60, "interval": 1}),
            ),
            "/token" => match (body["grantType"].as_str().unwrap(), device) {
                ("refresh_token", _) if body["refreshToken"] == "RT" => {
                    ok(json!({"accessToken": "AT2", "expiresIn": 3600, "refreshToken": "RT2"}))
                }
                ("refresh_token", _) => err(400, json!({"error": "invalid_grant"})),
                (_, "ok") => ok(json!({"accessToken": "AT", "expiresIn": 28800, "refreshToken": "RT"})),
                (_, e) => err(400, json!({"error": e})),
            },
            _ if bearer.as_deref() != Some("AT") && bearer.as_deref() != Some("AT2") => {
                err(401, json!({"message": "Session token not found or invalid"}))
            }
            "/assignment/accounts" if !path.contains("next_token") => ok(
                json!({"nextToken": "n1", "accountList": [{"accountId": "111122223333", "accountName": "main", "emailAddress": "m@x"}]}),
            ),
            "/assignment/accounts" => {
                ok(json!({"accountList": [{"accountId": "444455556666", "accountName": "dev", "emailAddress": "d@x"}]}))
            }
            "/assignment/roles" => ok(json!({"roleList": [{"roleName": "ReadOnly", "accountId": "111122223333"}]})),
            "/federation/credentials" => ok(
                json!({"roleCredentials": {"accessKeyId": format!("ASIA{}", bearer.unwrap()), "secretAccessKey": "S", "sessionToken": "T", "expiration": 4102444800000i64}}),
            ),
            "/logout" => ok(json!({})),
            p => panic!("unexpected {p}"),
        }
    }
}

fn infos(ui: &Interaction) -> String {
    ui.take_events()
        .into_iter()
        .filter_map(|e| match e {
            Event::Info { message } | Event::Warning { message } => Some(message),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn init_login_credentials_logout() {
    let h = home();
    let log = Arc::new(Mutex::new(Vec::new()));
    let t = service("ok", log.clone());
    let ui = Interaction::collecting();
    std::fs::create_dir_all(h.0.join(".aws")).unwrap();
    std::fs::write(h.0.join(".aws/config"), "# mine\n[profile other]\nregion = eu-west-1 ; keep\n").unwrap();
    let req = json!({"env": env(&h), "profileName": "my-sso-profile", "sessionName": "my-sso", "startUrl": "https://d-1234567890.awsapps.com/start/", "ssoRegion": "us-east-1", "accountId": "444455556666", "roleName": "ReadOnly", "region": "us-west-2"});
    let r = crate::runtime::block_on(super::init::run(req.clone(), &ui, &t)).unwrap();
    assert_eq!(r["accountId"], "444455556666");
    let text = infos(&ui);
    assert!(
        text.contains("ABCD-EFGH") && text.contains("Get-STSCallerIdentity -ProfileName 'my-sso-profile'"),
        "{text}"
    );
    let config = std::fs::read_to_string(h.0.join(".aws/config")).unwrap();
    assert_eq!(
        config,
        "# mine\n[profile other]\nregion = eu-west-1 ; keep\n\n[sso-session my-sso]\nsso_start_url = https://d-1234567890.awsapps.com/start\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n\n[profile my-sso-profile]\nsso_session = my-sso\nsso_account_id = 444455556666\nsso_role_name = ReadOnly\nregion = us-west-2\n"
    );
    let token_file = h.0.join(".aws/sso/cache/0ad374308c5a4e22f723adf10145eafad7c4031c.json");
    let token = std::fs::read_to_string(&token_file).unwrap();
    assert!(token.starts_with(r#"{"startUrl": "https://d-1234567890.awsapps.com/start", "region": "us-east-1", "accessToken": "AT", "expiresAt": ""#), "{token}");
    assert!(!token.contains('\n'));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&token_file).unwrap().permissions().mode() & 0o777, 0o600);
    }
    // Both account pages were read.
    assert!(log.lock().unwrap().iter().any(|l| l.contains("next_token=n1")));

    // Again: the session is active, so no new sign-in.
    log.lock().unwrap().clear();
    crate::runtime::block_on(super::init::run(req, &ui, &t)).unwrap();
    assert!(infos(&ui).contains("not necessary"));
    assert!(!log.lock().unwrap().iter().any(|l| l.contains("/token") || l.contains("/client/register")));

    // The provider uses it through the chain's seam.
    let os = crate::ops::CommonRequest::from_json(json!({"env": env(&h)})).unwrap().os();
    let loaded = crate::config::load(&os, &Default::default()).unwrap();
    let sso = super::profile_settings(&loaded.profiles, "my-sso-profile", None).unwrap();
    let endpoints = Default::default();
    let ctx = crate::credentials::ProviderContext {
        env_map: None,
        os: &os,
        ui: &ui,
        profile_name: "my-sso-profile",
        profiles: &loaded.profiles,
        region: "us-west-2",
        endpoints: &endpoints,
    };
    let c = crate::runtime::block_on(super::provider::credentials(&ctx, &sso, &t)).unwrap();
    assert_eq!((c.access_key_id.as_str(), c.account_id.as_deref()), ("ASIAAT", Some("444455556666")));

    // Logout of the profile removes the token, keeps the registration, and calls the portal.
    log.lock().unwrap().clear();
    let r =
        crate::runtime::block_on(super::logout::run(json!({"env": env(&h), "profileName": "my-sso-profile"}), &ui, &t))
            .unwrap();
    assert_eq!(r["removed"].as_array().unwrap().len(), 1);
    assert!(!token_file.exists());
    assert_eq!(
        std::fs::read_dir(h.0.join(".aws/sso/cache"))
            .unwrap()
            .filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "json"))
            .count(),
        1
    );
    assert!(log.lock().unwrap().contains(&"POST /logout".to_string()));
    let e = crate::runtime::block_on(super::provider::credentials(&ctx, &sso, &t)).unwrap_err();
    assert_eq!(e.code, "SsoTokenNotFound");
    assert!(e.message.contains("Invoke-AWSSSOLogin -ProfileName my-sso-profile"), "{}", e.message);
}

fn write_profile(h: &Home) {
    std::fs::create_dir_all(h.0.join(".aws/sso/cache")).unwrap();
    std::fs::write(h.0.join(".aws/config"), "[profile p]\nsso_session = s\nsso_account_id = 111122223333\nsso_role_name = ReadOnly\n[sso-session s]\nsso_start_url = https://x.awsapps.com/start\nsso_region = us-east-1\n").unwrap();
}

fn token_path(h: &Home) -> PathBuf {
    h.0.join(".aws/sso/cache").join(format!("{}.json", super::cache::sha1_hex("s")))
}

fn provider_creds(h: &Home, t: &Transport) -> crate::Result<crate::credentials::Credentials> {
    provider_creds_in(&h.0, t)
}

fn provider_creds_in(home: &std::path::Path, t: &Transport) -> crate::Result<crate::credentials::Credentials> {
    let env = json!({"HOME": home.to_str().unwrap(), "PATH": "/usr/bin:/bin"});
    let os = crate::ops::CommonRequest::from_json(json!({ "env": env })).unwrap().os();
    let loaded = crate::config::load(&os, &Default::default()).unwrap();
    let sso = super::profile_settings(&loaded.profiles, "p", None).unwrap();
    let ui = Interaction::collecting();
    let endpoints = Default::default();
    let ctx = crate::credentials::ProviderContext {
        env_map: None,
        os: &os,
        ui: &ui,
        profile_name: "p",
        profiles: &loaded.profiles,
        region: "us-east-1",
        endpoints: &endpoints,
    };
    crate::runtime::block_on(super::provider::credentials(&ctx, &sso, t))
}

#[test]
fn provider_refreshes_near_expiry_and_keeps_unknown_members() {
    let h = home();
    write_profile(&h);
    let soon = crate::util::time::format_rfc3339(std::time::SystemTime::now() + std::time::Duration::from_secs(300));
    std::fs::write(token_path(&h), format!(r#"{{"startUrl": "https://x.awsapps.com/start", "region": "us-east-1", "accessToken": "OLD", "expiresAt": "{soon}", "clientId": "CID", "clientSecret": "CS", "registrationExpiresAt": "2099-01-01T00:00:00Z", "refreshToken": "RT", "custom": 1}}"#)).unwrap();
    let c = provider_creds(&h, &service("ok", Default::default())).unwrap();
    assert_eq!(c.access_key_id, "ASIAAT2");
    let t = super::cache::parse_token(&std::fs::read(token_path(&h)).unwrap()).unwrap();
    assert_eq!((t.access_token.as_str(), t.refresh_token.as_deref()), ("AT2", Some("RT2")));
    assert_eq!(t.extra, vec![("custom".to_string(), json!(1))]);
}

#[test]
fn expired_corrupt_and_rejected_tokens_give_clear_errors_and_leave_files_alone() {
    let h = home();
    write_profile(&h);
    let t = service("ok", Default::default());
    // Expired, and the refresh token is refused.
    let expired = r#"{"accessToken": "AT", "expiresAt": "2020-01-01T00:00:00Z", "clientId": "C", "clientSecret": "S", "registrationExpiresAt": "2099-01-01T00:00:00Z", "refreshToken": "BAD"}"#;
    std::fs::write(token_path(&h), expired).unwrap();
    let e = provider_creds(&h, &t).unwrap_err();
    assert_eq!(e.code, "SsoTokenExpired");
    assert!(e.message.contains("Run Invoke-AWSSSOLogin -ProfileName p") && !e.message.contains("BAD"), "{}", e.message);
    assert_eq!(std::fs::read_to_string(token_path(&h)).unwrap(), expired);
    // Corrupt.
    std::fs::write(token_path(&h), "{\"accessToken\": \"SECRET\", ").unwrap();
    let e = provider_creds(&h, &t).unwrap_err();
    assert_eq!(e.code, "SsoTokenInvalid");
    assert!(!e.message.contains("SECRET"));
    assert_eq!(std::fs::read_to_string(token_path(&h)).unwrap(), "{\"accessToken\": \"SECRET\", ");
    // Valid in the file, but the portal says 401.
    std::fs::write(token_path(&h), r#"{"accessToken": "REVOKED", "expiresAt": "2099-01-01T00:00:00Z"}"#).unwrap();
    let e = provider_creds(&h, &t).unwrap_err();
    assert_eq!(e.code, "UnauthorizedSsoToken");
    assert!(e.message.contains("Invoke-AWSSSOLogin -ProfileName p"));
}

#[test]
fn login_denied_or_unknown_session_writes_nothing() {
    let h = home();
    write_profile(&h);
    let ui = Interaction::collecting();
    let t = service("access_denied", Default::default());
    let e = crate::runtime::block_on(super::login::run(
        json!({"env": env(&h), "profileName": "p", "useDeviceCode": true}),
        &ui,
        &t,
    ))
    .unwrap_err();
    assert_eq!(e.code, "AccessDenied");
    assert!(!token_path(&h).exists());
    assert_eq!(std::fs::read_dir(h.0.join(".aws/sso/cache")).unwrap().count(), 0, "no registration cached either");
    let e = crate::runtime::block_on(super::login::run(json!({"env": env(&h), "sessionName": "nope"}), &ui, &t))
        .unwrap_err();
    assert_eq!(e.code, "SsoSessionNotFound");
    let e = crate::runtime::block_on(super::init::run(json!({"env": env(&h), "profileName": "q", "sessionName": "s2", "startUrl": "not a url", "ssoRegion": "us-east-1", "accountId": "111122223333", "roleName": "R"}), &ui, &t)).unwrap_err();
    assert_eq!(e.code, "InvalidStartUrl");
    assert!(!std::fs::read_to_string(h.0.join(".aws/config")).unwrap().contains("s2"));
    // An expired cached registration is replaced, not used.
    let key = super::cache::registration_key("us-east-1", &[], Some("s"), "https://x.awsapps.com/start");
    let reg = h.0.join(".aws/sso/cache").join(format!("{key}.json"));
    std::fs::write(&reg, r#"{"clientId": "OLDC", "clientSecret": "OLDS", "expiresAt": "2020-01-01T00:00:00Z"}"#)
        .unwrap();
    let r = crate::runtime::block_on(super::login::run(
        json!({"env": env(&h), "profileName": "p", "useDeviceCode": true}),
        &ui,
        &service("ok", Default::default()),
    ))
    .unwrap();
    assert_eq!(r["status"], "LoggedIn");
    assert!(std::fs::read_to_string(&reg).unwrap().contains("\"CID\""));
}

/// Bug: an `expiresIn` of 2^63-1 from SSO OIDC panicked ("overflow when adding duration to
/// instant"). Every number the IAM Identity Center services send, set to extreme values in turn,
/// through sign-in, the token file, and role credentials: never a panic; a clear error or a sane
/// clamp, and a token file the AWS CLI can read (years up to 9999).
#[test]
fn extreme_numbers_from_the_services_never_panic() {
    let fields = [
        ("/token", "/expiresIn"),
        ("/client/register", "/clientSecretExpiresAt"),
        ("/device_authorization", "/expiresIn"),
        ("/device_authorization", "/interval"),
        ("/federation/credentials", "/roleCredentials/expiration"),
    ];
    let values = crate::util::extreme::json_numbers();
    for (path, pointer) in fields {
        for value in &values {
            let h = home();
            let t = patched_service((path, pointer, value.clone()));
            let ui = Interaction::collecting();
            let req = json!({"env": env(&h), "profileName": "p", "sessionName": "s", "startUrl": "https://x.awsapps.com/start", "ssoRegion": "us-east-1", "accountId": "111122223333", "roleName": "ReadOnly"});
            let what = format!("{path} {pointer} = {value}");
            let init = crate::runtime::block_on(super::init::run(req, &ui, &t));
            if let Err(e) = &init {
                assert!(e.code != "InternalError" && !e.message.is_empty(), "{what}: {e:?}");
                continue;
            }
            let token = std::fs::read(token_path(&h)).unwrap();
            let parsed = super::cache::parse_token(&token).unwrap_or_else(|e| panic!("{what}: {e}"));
            let year: i32 = crate::util::time::format_rfc3339(parsed.expires_at)[..4].parse().unwrap();
            assert!((1970..=9999).contains(&year), "{what}: {year}");
            if let Err(e) = provider_creds(&h, &t) {
                assert!(e.code != "InternalError", "{what}: {e:?}");
            }
        }
    }
    // The refresh path: an expiring token refreshed with each value.
    for value in &values {
        let h = home();
        write_profile(&h);
        let soon = crate::util::time::format_rfc3339(std::time::SystemTime::now() + std::time::Duration::from_secs(60));
        std::fs::write(token_path(&h), format!(r#"{{"startUrl": "https://x.awsapps.com/start", "region": "us-east-1", "accessToken": "OLD", "expiresAt": "{soon}", "clientId": "CID", "clientSecret": "CS", "registrationExpiresAt": "2099-01-01T00:00:00Z", "refreshToken": "RT"}}"#)).unwrap();
        let t = patched_service(("/token", "/expiresIn", value.clone()));
        if let Err(e) = provider_creds(&h, &t) {
            assert!(e.code != "InternalError", "refresh with expiresIn = {value}: {e:?}");
        }
        let token = std::fs::read(token_path(&h)).unwrap();
        super::cache::parse_token(&token).unwrap_or_else(|e| panic!("refresh with expiresIn = {value}: {e}"));
    }
}

/// A token that needs a refresh: `expires` is "soon" (still valid) or "past" (expired).
fn refreshable_token(h: &Home, expires: &str) -> String {
    let at = match expires {
        "soon" => std::time::SystemTime::now() + std::time::Duration::from_secs(300),
        _ => std::time::SystemTime::now() - std::time::Duration::from_secs(300),
    };
    let text = format!(
        r#"{{"startUrl": "https://x.awsapps.com/start", "region": "us-east-1", "accessToken": "AT", "expiresAt": "{}", "clientId": "CID", "clientSecret": "CS", "registrationExpiresAt": "2099-01-01T00:00:00Z", "refreshToken": "RT"}}"#,
        crate::util::time::format_rfc3339(at)
    );
    std::fs::write(token_path(h), &text).unwrap();
    text
}

/// CreateToken answers `status` with `body`; the portal works.
fn token_answers(status: u16, body: &'static str) -> Transport {
    Transport::fake(move |req| {
        if req.url.contains("/token") {
            return Ok(HttpResponse { status, headers: vec![], body: body.as_bytes().to_vec() });
        }
        ok(
            json!({"roleCredentials": {"accessKeyId": "ASIAOLD", "secretAccessKey": "S", "sessionToken": "T", "expiration": 4102444800000i64}}),
        )
    })
}

#[test]
fn a_failed_refresh_reports_its_cause_not_an_expired_session() {
    let h = home();
    write_profile(&h);
    for (status, body, code, says) in [
        (500, r#"{"message": "boom"}"#, "UnexpectedSsoOidcResponse", "HTTP 500"),
        (500, r#"{"error": "server_error"}"#, "InternalServerException", "server_error"),
        (200, "<html>not json</html>", "InvalidSsoOidcResponse", "not a JSON object"),
    ] {
        let text = refreshable_token(&h, "past");
        let e = provider_creds(&h, &token_answers(status, body)).unwrap_err();
        assert_eq!(e.code, code, "{status} {body}: {}", e.message);
        assert!(e.message.contains(says) && e.message.contains("failed"), "{}", e.message);
        assert_eq!(std::fs::read_to_string(token_path(&h)).unwrap(), text);
    }
    // A refused refresh token does end the session.
    refreshable_token(&h, "past");
    let e = provider_creds(&h, &token_answers(400, r#"{"error": "invalid_grant"}"#)).unwrap_err();
    assert_eq!(e.code, "SsoTokenExpired");
    assert!(e.message.contains("invalid_grant"), "{}", e.message);
}

#[test]
fn a_token_still_valid_is_used_after_a_transient_failure_only() {
    let h = home();
    write_profile(&h);
    let text = refreshable_token(&h, "soon");
    let c = provider_creds(&h, &token_answers(500, r#"{"error": "server_error"}"#)).unwrap();
    assert_eq!(c.access_key_id, "ASIAOLD");
    assert_eq!(std::fs::read_to_string(token_path(&h)).unwrap(), text);
    // Refused: no fall-back, though the token has minutes left.
    let e = provider_creds(&h, &token_answers(400, r#"{"error": "invalid_grant"}"#)).unwrap_err();
    assert_eq!(e.code, "SsoTokenExpired");
}

#[test]
fn logout_during_a_refresh_wins() {
    let h = home();
    write_profile(&h);
    refreshable_token(&h, "soon");
    let refreshes = Arc::new(Mutex::new(0));
    let count = refreshes.clone();
    let slow = Transport::fake(move |req| {
        let path = req.url.splitn(4, '/').nth(3).unwrap_or_default().to_string();
        if path.starts_with("token") {
            *count.lock().unwrap() += 1;
            std::thread::sleep(std::time::Duration::from_millis(600));
            return ok(json!({"accessToken": "AT2", "expiresIn": 3600, "refreshToken": "RT2"}));
        }
        if path.starts_with("logout") {
            return ok(json!({}));
        }
        ok(
            json!({"roleCredentials": {"accessKeyId": "ASIANEW", "secretAccessKey": "S", "sessionToken": "T", "expiration": 4102444800000i64}}),
        )
    });
    let (dir, t) = (h.0.clone(), slow.clone());
    let refresher = std::thread::spawn(move || provider_creds_in(&dir, &t));
    // Wait until the refresh is in flight (it holds the lock), then sign out.
    while *refreshes.lock().unwrap() == 0 {
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let ui = Interaction::collecting();
    let r =
        crate::runtime::block_on(super::logout::run(json!({"env": env(&h), "profileName": "p"}), &ui, &slow)).unwrap();
    assert_eq!(r["removed"].as_array().unwrap().len(), 1);
    refresher.join().unwrap().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(100));
    assert!(!token_path(&h).exists(), "the refresh brought the session back after the sign-out");
    assert_eq!(provider_creds(&h, &slow).unwrap_err().code, "SsoTokenNotFound");
    assert_eq!(*refreshes.lock().unwrap(), 1);
}

#[test]
fn a_sign_in_writes_its_token_under_the_lock() {
    let h = home();
    write_profile(&h);
    let held = crate::cache::FileLock::acquire(&token_path(&h), std::time::Duration::from_secs(1)).unwrap();
    let (env, t) = (env(&h), service("ok", Default::default()));
    let login = std::thread::spawn(move || {
        let ui = Interaction::collecting();
        crate::runtime::block_on(super::login::run(
            json!({"env": env, "profileName": "p", "useDeviceCode": true}),
            &ui,
            &t,
        ))
    });
    // The device-code flow gets its token within about a second; the write then waits.
    std::thread::sleep(std::time::Duration::from_millis(2500));
    assert!(!token_path(&h).exists(), "the sign-in wrote while another process held the lock");
    drop(held);
    assert_eq!(login.join().unwrap().unwrap()["status"], "LoggedIn");
    assert!(token_path(&h).exists());
}
