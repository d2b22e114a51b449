//! The token cache in `~/.aws/sso/cache`, shared with the AWS CLI and the AWS SDKs.
//!
//! - Token files: `<sha1 hex of the sso-session name, or of the start URL for legacy profiles>.json`,
//!   written the way the AWS CLI writes them (one line, `", "`/`": "` separators, second-precision
//!   `Z` timestamps, no nulls, members in the CLI's order), mode 0600, atomically. Members we do
//!   not know are kept. Reading is tolerant: keys match case-insensitively, `null`s, indentation
//!   and fractional seconds (what the AWS SDK for .NET writes) are accepted.
//! - Client registrations: the AWS CLI's registration cache file (key = SHA-1 of the sorted
//!   `json.dumps` of region, scopes, session name, start URL and tool), so the CLI and we reuse
//!   each other's registrations.

use crate::error::codes;
use crate::error::{Error, Result};
use crate::os::Os;
use crate::util::pyjson;
use crate::util::time::{format_rfc3339, parse_rfc3339};
use serde_json::Value;
use sha1::{Digest, Sha1};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// A cached access token. `Debug` never shows a token or a secret.
#[derive(Clone, PartialEq)]
pub struct Token {
    pub start_url: Option<String>,
    pub region: Option<String>,
    pub access_token: String,
    pub expires_at: SystemTime,
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
    pub registration_expires_at: Option<SystemTime>,
    pub refresh_token: Option<String>,
    /// Members this version does not know, kept as they were.
    pub extra: Vec<(String, Value)>,
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Token")
            .field("start_url", &self.start_url)
            .field("region", &self.region)
            .field("expires_at", &format_rfc3339(self.expires_at))
            .field("client_id", &self.client_id)
            .field("refreshable", &self.refresh_token.is_some())
            .finish()
    }
}

impl Token {
    /// True when a refresh can be attempted: a refresh token, a client registration, and the
    /// registration not yet expired.
    pub fn can_refresh(&self, now: SystemTime) -> bool {
        self.refresh_token.is_some()
            && self.client_id.is_some()
            && self.client_secret.is_some()
            && self.registration_expires_at.is_some_and(|t| t > now)
    }

    /// Seconds until the token expires (negative when it has).
    pub fn seconds_left(&self, now: SystemTime) -> i64 {
        crate::util::time::epoch_seconds(self.expires_at) - crate::util::time::epoch_seconds(now)
    }
}

/// SHA-1 hex of `text`: the cache key of a session name or a legacy start URL.
pub fn sha1_hex(text: &str) -> String {
    crate::util::encoding::hex(&Sha1::digest(text.as_bytes()))
}

/// The cache folder: `<home>/.aws/sso/cache`.
pub fn cache_dir(os: &Os) -> Result<PathBuf> {
    let home = crate::config::location::home_dir(os.env.as_ref(), crate::config::Platform::current()).ok_or_else(|| {
        Error::of(codes::NO_HOME_FOLDER, "There is no home folder (HOME / USERPROFILE is not set), so the IAM Identity Center token cache (~/.aws/sso/cache) cannot be found.")
    })?;
    Ok(Path::new(&home).join(".aws").join("sso").join("cache"))
}

/// The token file for a session name (or, for legacy profiles, the start URL as configured).
pub fn token_path(dir: &Path, session_name: Option<&str>, start_url: &str) -> PathBuf {
    dir.join(format!("{}.json", sha1_hex(session_name.unwrap_or(start_url))))
}

fn opt_string(v: &Value) -> std::result::Result<Option<String>, ()> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) if s.is_empty() => Ok(None),
        Value::String(s) => Ok(Some(s.clone())),
        _ => Err(()),
    }
}

fn opt_time(v: &Value) -> std::result::Result<Option<SystemTime>, ()> {
    match opt_string(v)? {
        None => Ok(None),
        Some(s) => parse_rfc3339(&s).map(Some).ok_or(()),
    }
}

/// Parses a token file. The error says what is wrong without quoting the file (it holds secrets).
pub fn parse_token(bytes: &[u8]) -> std::result::Result<Token, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "it is not UTF-8 text".to_string())?;
    let text = text.trim_start_matches('\u{feff}');
    let v: Value = serde_json::from_str(text)
        .map_err(|e| format!("it is not valid JSON (line {}, column {})", e.line(), e.column()))?;
    let Value::Object(map) = v else { return Err("it is not a JSON object".into()) };
    let mut start_url = None;
    let mut region = None;
    let mut access_token = None;
    let mut expires_at = None;
    let mut client_id = None;
    let mut client_secret = None;
    let mut registration_expires_at = None;
    let mut refresh_token = None;
    let mut extra = Vec::new();
    for (k, v) in map {
        let bad = |what: &str| format!("its {k} is not {what}");
        match k.to_ascii_lowercase().as_str() {
            "starturl" => start_url = opt_string(&v).map_err(|_| bad("a string"))?,
            "region" => region = opt_string(&v).map_err(|_| bad("a string"))?,
            "accesstoken" => access_token = opt_string(&v).map_err(|_| bad("a string"))?,
            "expiresat" => expires_at = opt_time(&v).map_err(|_| bad("an RFC 3339 time"))?,
            "clientid" => client_id = opt_string(&v).map_err(|_| bad("a string"))?,
            "clientsecret" => client_secret = opt_string(&v).map_err(|_| bad("a string"))?,
            "registrationexpiresat" => registration_expires_at = opt_time(&v).map_err(|_| bad("an RFC 3339 time"))?,
            "refreshtoken" => refresh_token = opt_string(&v).map_err(|_| bad("a string"))?,
            _ => extra.push((k, v)),
        }
    }
    Ok(Token {
        start_url,
        region,
        access_token: access_token.ok_or("it has no accessToken")?,
        expires_at: expires_at.ok_or("it has no expiresAt")?,
        client_id,
        client_secret,
        registration_expires_at,
        refresh_token,
        extra,
    })
}

/// The token as the AWS CLI writes it ([`pyjson`]): one line, known members first in the CLI's
/// order, then the members we do not know (nulls left out).
pub fn token_json(t: &Token) -> String {
    let s = |x: &str| pyjson::dumps(&Value::String(x.to_string()));
    let mut members: Vec<(&str, String)> = Vec::new();
    if let Some(v) = &t.start_url {
        members.push(("startUrl", s(v)));
    }
    if let Some(v) = &t.region {
        members.push(("region", s(v)));
    }
    members.push(("accessToken", s(&t.access_token)));
    members.push(("expiresAt", s(&format_rfc3339(t.expires_at))));
    if let Some(v) = &t.client_id {
        members.push(("clientId", s(v)));
    }
    if let Some(v) = &t.client_secret {
        members.push(("clientSecret", s(v)));
    }
    if let Some(v) = t.registration_expires_at {
        members.push(("registrationExpiresAt", s(&format_rfc3339(v))));
    }
    if let Some(v) = &t.refresh_token {
        members.push(("refreshToken", s(v)));
    }
    for (k, v) in &t.extra {
        if !v.is_null() {
            members.push((k, pyjson::dumps(v)));
        }
    }
    pyjson::object(members)
}

/// What reading a token file found.
#[derive(Debug)]
pub enum Read {
    Missing,
    /// The file exists but cannot be used; the text says why (never quoting the file).
    Corrupt(String),
    Ok(Token),
}

pub fn read_token(os: &Os, path: &Path) -> Result<Read> {
    match os.fs.read(path) {
        Ok(bytes) => Ok(match parse_token(&bytes) {
            Ok(t) => Read::Ok(t),
            Err(why) => Read::Corrupt(why),
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Read::Missing),
        Err(e) => Err(Error::of(
            codes::SSO_TOKEN_UNREADABLE,
            format!("Cannot read the IAM Identity Center token cache file {}: {e}.", path.display()),
        )),
    }
}

pub fn write_token(path: &Path, t: &Token) -> Result<()> {
    crate::cache::write_atomic(path, token_json(t).as_bytes()).map_err(|e| token_unwritable(path, e))
}

pub fn token_unwritable(path: &Path, e: std::io::Error) -> Error {
    Error::of(
        codes::SSO_TOKEN_WRITE_FAILED,
        format!("Cannot write the IAM Identity Center token cache file {}: {e}.", path.display()),
    )
}

// ---- client registrations ----

/// A registered OIDC client. `Debug` hides the secret.
#[derive(Clone, PartialEq, Eq)]
pub struct Registration {
    pub client_id: String,
    pub client_secret: String,
    pub expires_at: SystemTime,
    pub scopes: Vec<String>,
    /// Empty for a device-code registration (the CLI writes none then).
    pub grant_types: Vec<String>,
}

impl std::fmt::Debug for Registration {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Registration")
            .field("client_id", &self.client_id)
            .field("expires_at", &format_rfc3339(self.expires_at))
            .field("grant_types", &self.grant_types)
            .finish()
    }
}

/// The grant types of an authorization-code (PKCE) registration.
pub const AUTH_CODE_GRANTS: [&str; 2] = ["authorization_code", "refresh_token"];

/// A registration is reused until 15 minutes before it expires (the AWS CLI's rule).
pub const REGISTRATION_MARGIN_SECS: i64 = 15 * 60;

impl Registration {
    pub fn usable(&self, now: SystemTime, auth_code: bool) -> bool {
        let fresh = crate::util::time::epoch_seconds(self.expires_at) - crate::util::time::epoch_seconds(now)
            > REGISTRATION_MARGIN_SECS;
        let kind_ok = if auth_code {
            self.grant_types.iter().any(|g| g == "authorization_code")
        } else {
            self.grant_types.is_empty() || self.grant_types.iter().any(|g| g.contains("device_code"))
        };
        fresh && kind_ok
    }
}

/// The AWS CLI's registration cache key: SHA-1 of `json.dumps({...}, sort_keys=True)`.
pub fn registration_key(region: &str, scopes: &[String], session_name: Option<&str>, start_url: &str) -> String {
    let scopes = if scopes.is_empty() {
        Value::Null
    } else {
        Value::Array(scopes.iter().map(|s| Value::String(s.clone())).collect())
    };
    let session = session_name.map_or(Value::Null, |s| Value::String(s.to_string()));
    // json.dumps(..., sort_keys=True): the members are already in sorted order.
    let text = pyjson::object([
        ("region", pyjson::dumps(&Value::String(region.to_string()))),
        ("scopes", pyjson::dumps(&scopes)),
        ("session_name", pyjson::dumps(&session)),
        ("startUrl", pyjson::dumps(&Value::String(start_url.to_string()))),
        ("tool", pyjson::dumps(&Value::String("botocore".into()))),
    ]);
    sha1_hex(&text)
}

pub fn read_registration(os: &Os, path: &Path) -> Option<Registration> {
    let bytes = os.fs.read(path).ok()?;
    let v: Value = serde_json::from_slice(&bytes).ok()?;
    let get = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    let list = |k: &str| -> Vec<String> {
        v.get(k)
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect())
            .unwrap_or_default()
    };
    Some(Registration {
        client_id: get("clientId")?,
        client_secret: get("clientSecret")?,
        expires_at: parse_rfc3339(&get("expiresAt")?)?,
        scopes: list("scopes"),
        grant_types: list("grantTypes"),
    })
}

pub fn write_registration(path: &Path, r: &Registration) -> Result<()> {
    let s = |x: &str| pyjson::dumps(&Value::String(x.to_string()));
    let mut members = vec![
        ("clientId", s(&r.client_id)),
        ("clientSecret", s(&r.client_secret)),
        ("expiresAt", s(&format_rfc3339(r.expires_at))),
    ];
    if !r.scopes.is_empty() {
        members.push(("scopes", pyjson::dumps(&serde_json::json!(r.scopes))));
    }
    if !r.grant_types.is_empty() {
        members.push(("grantTypes", pyjson::dumps(&serde_json::json!(r.grant_types))));
    }
    let out = pyjson::object(members);
    crate::cache::write_atomic(path, out.as_bytes()).map_err(|e| {
        Error::of(
            codes::SSO_REGISTRATION_WRITE_FAILED,
            format!("Cannot write the client registration cache file {}: {e}.", path.display()),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_keys_match_the_cli() {
        assert_eq!(sha1_hex("my-sso"), "0ad374308c5a4e22f723adf10145eafad7c4031c");
        assert_eq!(sha1_hex("https://d-1234567890.awsapps.com/start"), "7487b5b67d5fa1132cf33fa93ae51ef38cc37752");
        let url = "https://d-1234567890.awsapps.com/start";
        assert_eq!(registration_key("us-east-1", &[], Some("my-sso"), url), "8b2cedd020fb181ad4cf906d1d27b232fd31557e");
        assert_eq!(
            registration_key("us-east-1", &["sso:account:access".into()], Some("my-sso"), url),
            "a8343d65418848d0bc13a5f25cbb32508ceec5d1"
        );
    }

    #[test]
    fn writes_the_cli_shape_and_keeps_unknown_members() {
        let text = r#"{"startUrl": "https://x.awsapps.com/start", "region": "us-east-1", "accessToken": "AT", "expiresAt": "2030-01-01T00:00:00Z", "clientId": "C", "clientSecret": "S", "registrationExpiresAt": "2030-02-01T00:00:00Z", "refreshToken": "R", "zFuture": {"a": [1, 2]}}"#;
        let t = parse_token(text.as_bytes()).unwrap();
        assert_eq!(token_json(&t), text);
        assert!(t.can_refresh(parse_rfc3339("2029-01-01T00:00:00Z").unwrap()));
        assert!(!t.can_refresh(parse_rfc3339("2031-01-01T00:00:00Z").unwrap()));
    }

    #[test]
    fn escapes_non_ascii_as_the_cli_does() {
        let text = r#"{"startUrl": "https://x.awsapps.com/start", "accessToken": "AT", "expiresAt": "2030-01-01T00:00:00Z", "note": "caf\u00e9 \ud83d\ude00"}"#;
        let t = parse_token(text.as_bytes()).unwrap();
        assert_eq!(t.extra[0].1, Value::String("café 😀".into()));
        assert_eq!(token_json(&t), text);
    }

    #[test]
    fn reads_what_dotnet_writes() {
        let text = "{\r\n  \"accessToken\": \"AT\",\r\n  \"expiresAt\": \"2030-01-01T00:00:00.1234567Z\",\r\n  \"refreshToken\": null,\r\n  \"clientId\": null,\r\n  \"clientSecret\": null,\r\n  \"registrationExpiresAt\": null,\r\n  \"region\": \"us-east-1\",\r\n  \"startUrl\": \"https://x.awsapps.com/start\"\r\n}";
        let t = parse_token(text.as_bytes()).unwrap();
        assert_eq!(format_rfc3339(t.expires_at), "2030-01-01T00:00:00Z");
        assert!(t.refresh_token.is_none() && t.extra.is_empty());
        assert!(!token_json(&t).contains("null"));
        // Keys are matched case-insensitively, as the Rust SDK does.
        let t = parse_token(br#"{"AccessToken":"x","ExpiresAt":"2030-01-01T00:00:00+01:00"}"#).unwrap();
        assert_eq!(format_rfc3339(t.expires_at), "2029-12-31T23:00:00Z");
    }

    #[test]
    fn corrupt_files_are_explained_without_their_contents() {
        for (text, why) in [
            ("{not json SECRET", "not valid JSON"),
            ("[1]", "not a JSON object"),
            (r#"{"expiresAt":"2030-01-01T00:00:00Z"}"#, "no accessToken"),
            (r#"{"accessToken":"SECRET"}"#, "no expiresAt"),
            (r#"{"accessToken":"SECRET","expiresAt":"tomorrow"}"#, "expiresAt is not"),
        ] {
            let e = parse_token(text.as_bytes()).unwrap_err();
            assert!(e.contains(why) && !e.contains("SECRET"), "{e}");
        }
    }

    #[test]
    fn registrations_round_trip_and_expire() {
        let d = std::env::temp_dir().join(format!("awslogin-sso-reg-{}", crate::util::random::uuid_v4()));
        let p = d.join("r.json");
        let r = Registration {
            client_id: "C".into(),
            client_secret: "S".into(),
            expires_at: parse_rfc3339("2030-01-01T00:00:00Z").unwrap(),
            scopes: vec!["sso:account:access".into()],
            grant_types: AUTH_CODE_GRANTS.iter().map(|s| s.to_string()).collect(),
        };
        write_registration(&p, &r).unwrap();
        let back = read_registration(&Os::real(), &p).unwrap();
        assert_eq!(back, r);
        let now = parse_rfc3339("2029-12-31T23:50:00Z").unwrap();
        assert!(!back.usable(now, true), "within 15 minutes of expiry");
        assert!(back.usable(parse_rfc3339("2029-01-01T00:00:00Z").unwrap(), true));
        assert!(!back.usable(parse_rfc3339("2029-01-01T00:00:00Z").unwrap(), false), "not a device registration");
        std::fs::remove_dir_all(d).unwrap();
    }
}
