//! The login token cache: `${AWS_LOGIN_CACHE_DIRECTORY:-~/.aws/login/cache}/<sha256>.json`, in
//! the AWS CLI's format (one line, Python's `json.dumps` separators, the CLI's member order).
//!
//! Reading is lenient as the other tools write it (fractional seconds, indented JSON,
//! `identityToken`, PKCS#8 keys); members we do not know are kept on rewrite.

use crate::config::location::{expand_home, home_dir};
use crate::config::Platform;
use crate::credentials::Credentials;
use crate::error::codes;
use crate::error::{Error, Result};
use crate::os::Os;
use crate::util::pyjson;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// The cache folder: `AWS_LOGIN_CACHE_DIRECTORY` (with `~` expanded) or `<home>/.aws/login/cache`.
pub fn cache_dir(os: &Os) -> Result<PathBuf> {
    let env = os.env.as_ref();
    let platform = Platform::current();
    if let Some(dir) = env.var("AWS_LOGIN_CACHE_DIRECTORY").map(|d| d.trim().to_string()).filter(|d| !d.is_empty()) {
        let dir = expand_home(&dir, env, platform).ok_or_else(no_home)?;
        return Ok(PathBuf::from(dir));
    }
    let home = home_dir(env, platform).ok_or_else(no_home)?;
    Ok(Path::new(&home).join(".aws").join("login").join("cache"))
}

fn no_home() -> Error {
    Error::of(
        codes::NO_HOME_FOLDER,
        "The login cache folder cannot be found: set HOME (or USERPROFILE) or AWS_LOGIN_CACHE_DIRECTORY.",
    )
}

/// `<lowercase hex SHA-256 of the trimmed login_session>.json`.
pub fn file_name(login_session: &str) -> String {
    format!("{}.json", crate::util::encoding::hex(&Sha256::digest(login_session.trim().as_bytes())))
}

pub fn cache_path(os: &Os, login_session: &str) -> Result<PathBuf> {
    Ok(cache_dir(os)?.join(file_name(login_session)))
}

/// A parsed cache document: the validated members plus the whole document (for rewriting).
#[derive(Clone)]
pub struct CachedToken {
    pub doc: Map<String, Value>,
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: String,
    pub account_id: Option<String>,
    pub expires_at: SystemTime,
    pub client_id: String,
    pub refresh_token: String,
    pub dpop_key: String,
}

impl std::fmt::Debug for CachedToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CachedToken")
            .field("access_key_id", &self.access_key_id)
            .field("client_id", &self.client_id)
            .finish_non_exhaustive()
    }
}

pub fn missing_members() -> Error {
    Error::of(
        codes::LOGIN_CACHE_INVALID,
        "Error loading login session token: Failed to load access token from token cache, missing one or more required fields.",
    )
}

fn str_member<'a>(m: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    m.get(key).and_then(Value::as_str).filter(|s| !s.is_empty())
}

impl CachedToken {
    /// Parses the file's bytes; `what` names the file for messages.
    pub fn parse(bytes: &[u8], what: &Path) -> Result<CachedToken> {
        let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
        let v: Value = serde_json::from_slice(bytes).map_err(|_| {
            Error::of(
                codes::LOGIN_CACHE_INVALID,
                format!("Error loading login session token: the cache file {} is not valid JSON (it may be truncated or damaged).", what.display()),
            )
        })?;
        let Value::Object(doc) = v else { return Err(missing_members()) };
        let at = doc.get("accessToken").and_then(Value::as_object).ok_or_else(missing_members)?;
        let get = |k: &str| str_member(at, k).map(str::to_string).ok_or_else(missing_members);
        let expires = get("expiresAt")?;
        let expires_at = crate::util::time::parse_rfc3339(&expires).ok_or_else(|| {
            Error::of(
                codes::LOGIN_CACHE_INVALID,
                format!(
                    "Error loading login session token: expiresAt '{}' in {} is not an RFC 3339 time.",
                    expires.escape_debug(),
                    what.display()
                ),
            )
        })?;
        Ok(CachedToken {
            access_key_id: get("accessKeyId")?,
            secret_access_key: get("secretAccessKey")?,
            session_token: get("sessionToken")?,
            account_id: str_member(at, "accountId").map(str::to_string),
            expires_at,
            client_id: str_member(&doc, "clientId").ok_or_else(missing_members)?.to_string(),
            refresh_token: str_member(&doc, "refreshToken").ok_or_else(missing_members)?.to_string(),
            dpop_key: str_member(&doc, "dpopKey").ok_or_else(missing_members)?.to_string(),
            doc,
        })
    }

    pub fn credentials(&self) -> Credentials {
        Credentials {
            access_key_id: self.access_key_id.clone(),
            secret_access_key: self.secret_access_key.clone(),
            session_token: Some(self.session_token.clone()),
            expiration: Some(self.expires_at),
            account_id: self.account_id.clone(),
        }
    }

    /// Seconds of credential life left at `now` (negative when expired).
    pub fn seconds_left(&self, now: SystemTime) -> i64 {
        crate::util::time::epoch_seconds(self.expires_at) - crate::util::time::epoch_seconds(now)
    }

    /// Applies a refresh: new keys (the old `accountId` kept), new expiry and refresh token;
    /// every other member stays. `idToken` is restored from `identityToken` when only that exists.
    pub fn apply_refresh(
        &mut self,
        access_key_id: &str,
        secret: &str,
        session_token: &str,
        expires_at: SystemTime,
        refresh_token: &str,
    ) {
        let mut at = Map::new();
        at.insert("accessKeyId".into(), access_key_id.into());
        at.insert("secretAccessKey".into(), secret.into());
        at.insert("sessionToken".into(), session_token.into());
        if let Some(a) = &self.account_id {
            at.insert("accountId".into(), a.clone().into());
        }
        at.insert("expiresAt".into(), crate::util::time::format_rfc3339(expires_at).into());
        // Keep members of accessToken we do not know.
        if let Some(Value::Object(old)) = self.doc.get("accessToken") {
            for (k, v) in old {
                at.entry(k.clone()).or_insert_with(|| v.clone());
            }
        }
        self.doc.insert("accessToken".into(), Value::Object(at));
        self.doc.insert("refreshToken".into(), refresh_token.into());
        if !self.doc.contains_key("idToken") {
            if let Some(id) = self.doc.get("identityToken").cloned() {
                self.doc.insert("idToken".into(), id);
            }
        }
        self.access_key_id = access_key_id.into();
        self.secret_access_key = secret.into();
        self.session_token = session_token.into();
        self.expires_at = expires_at;
        self.refresh_token = refresh_token.into();
    }

    /// The document in the CLI's layout.
    pub fn render(&self) -> String {
        render_document(&self.doc)
    }
}

const TOP_ORDER: &[&str] = &["accessToken", "tokenType", "clientId", "refreshToken", "idToken", "dpopKey"];
const ACCESS_ORDER: &[&str] = &["accessKeyId", "secretAccessKey", "sessionToken", "accountId", "expiresAt"];

/// Renders a cache document as the AWS CLI does ([`crate::util::pyjson`]): the CLI's member
/// order first and any other members after.
pub fn render_document(doc: &Map<String, Value>) -> String {
    let members = pyjson::ordered_keys(doc, TOP_ORDER).into_iter().map(|k| {
        let v = match &doc[k] {
            Value::Object(inner) if k == "accessToken" => pyjson::dumps_ordered(inner, ACCESS_ORDER),
            v => pyjson::dumps(v),
        };
        (k, v)
    });
    pyjson::object(members)
}

/// Reads and parses the cache file of `login_session`; a missing file is a clear error.
pub fn load(os: &Os, login_session: &str, profile: &str) -> Result<(PathBuf, CachedToken)> {
    let path = cache_path(os, login_session)?;
    match std::fs::read(&path) {
        Ok(bytes) => {
            let token = CachedToken::parse(&bytes, &path).map_err(|mut e| {
                e.message = format!("{} Run Invoke-AWSLogin -ProfileName {profile} to sign in again.", e.message);
                e
            })?;
            Ok((path, token))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(Error::of(
            codes::LOGIN_SESSION_NOT_FOUND,
            format!(
                "Error loading login session token: Unable to load an existing login session for session {login_session} (no file {}). Run Invoke-AWSLogin -ProfileName {profile} to sign in again.",
                path.display()
            ),
        )),
        Err(e) => Err(Error::of(codes::LOGIN_CACHE_UNREADABLE, format!("Cannot read the login cache file {}: {e}.", path.display()))),
    }
}

pub fn write(path: &Path, text: &str) -> Result<()> {
    crate::cache::write_atomic(path, text.as_bytes()).map_err(|e| unwritable(path, e))
}

pub fn unwritable(path: &Path, e: std::io::Error) -> Error {
    Error::of(codes::LOGIN_CACHE_UNWRITABLE, format!("Cannot write the login cache file {}: {e}.", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_name_vectors() {
        assert_eq!(
            file_name("arn:aws:sts::012345678910:assumed-role/Admin/admin"),
            "4b0ba8f99f075c0633e122fd73346ce203a3faf18ea0310eb2d29df1bab2e255.json"
        );
        assert_eq!(
            file_name("arn:aws:iam::0123456789012:user/Admin"),
            "36db1d138ff460920374e4c3d8e01f53f9f73537e89c88d639f68393df0e2726.json"
        );
        assert_eq!(
            file_name("arn:aws:iam::000000000000:user/PowerUser"),
            "d19c78f768c6a12874de5f41d7f22cbb834ba205704102da0db20d8496efecb5.json"
        );
    }

    #[test]
    fn cli_layout() {
        let text = r#"{"dpopKey":"K\n","zzz":[1,{"b":2,"a":"é"}],"accessToken":{"expiresAt":"2025-09-01T18:39:33Z","accessKeyId":"A","secretAccessKey":"S","sessionToken":"T","accountId":"1"},"clientId":"C","refreshToken":"R","idToken":"I","tokenType":"aws_sigv4"}"#;
        let t = CachedToken::parse(text.as_bytes(), Path::new("x")).unwrap();
        assert_eq!(
            t.render(),
            r#"{"accessToken": {"accessKeyId": "A", "secretAccessKey": "S", "sessionToken": "T", "accountId": "1", "expiresAt": "2025-09-01T18:39:33Z"}, "tokenType": "aws_sigv4", "clientId": "C", "refreshToken": "R", "idToken": "I", "dpopKey": "K\n", "zzz": [1, {"a": "\u00e9", "b": 2}]}"#
        );
    }

    #[test]
    fn other_tools_formats() {
        let text = "{\n  \"accessToken\": {\n    \"accessKeyId\": \"A\", \"secretAccessKey\": \"S\", \"sessionToken\": \"T\",\n    \"accountId\": \"1\", \"expiresAt\": \"2025-09-01T18:39:33.123456789Z\"\n  },\n  \"clientId\": \"C\", \"refreshToken\": \"R\", \"identityToken\": \"I\", \"dpopKey\": \"K\"\n}\n";
        let mut t = CachedToken::parse(text.as_bytes(), Path::new("x")).unwrap();
        assert_eq!(crate::util::time::format_rfc3339(t.expires_at), "2025-09-01T18:39:33Z");
        t.apply_refresh("A2", "S2", "T2", t.expires_at, "R2");
        assert_eq!(t.doc["idToken"], "I");
        assert_eq!(t.doc["identityToken"], "I");
        assert_eq!(t.doc["accessToken"]["accountId"], "1");
    }

    #[test]
    fn damaged_files() {
        let full = r#"{"accessToken": {"accessKeyId": "A", "secretAccessKey": "S", "sessionToken": "T", "accountId": "1", "expiresAt": "2025-09-01T18:39:33Z"}, "clientId": "C", "refreshToken": "R", "dpopKey": "K"}"#;
        CachedToken::parse(full.as_bytes(), Path::new("x")).unwrap();
        for cut in [10, 50, full.len() - 1] {
            let e = CachedToken::parse(&full.as_bytes()[..cut], Path::new("x")).unwrap_err();
            assert_eq!(e.code, "LoginCacheInvalid");
            assert!(e.message.contains("not valid JSON"));
        }
        for key in ["\"clientId\": \"C\", ", "\"refreshToken\": \"R\", ", ", \"dpopKey\": \"K\""] {
            let e = CachedToken::parse(full.replace(key, "").as_bytes(), Path::new("x")).unwrap_err();
            assert!(e.message.contains("missing one or more required fields"), "{key}: {}", e.message);
        }
        assert!(CachedToken::parse(b"[]", Path::new("x")).is_err());
    }
}
