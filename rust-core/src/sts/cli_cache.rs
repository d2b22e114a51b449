//! The AWS CLI's assumed-role cache, `~/.aws/cli/cache/<key>.json`, shared with the CLI both ways.
//!
//! The key is botocore's (`BaseAssumeRoleCredentialFetcher._create_cache_key`): the SHA-1 hex of
//! `json.dumps(args, sort_keys=True)` where `args` are the AssumeRole arguments the profile
//! configures (`RoleArn`, and `RoleSessionName`, `ExternalId`, `SerialNumber`,
//! `DurationSeconds` when set; a generated session name is left out). The file is the STS reply
//! as botocore holds it: `{"Credentials": {"AccessKeyId", "SecretAccessKey", "SessionToken",
//! "Expiration"}, "AssumedRoleUser": {...}}`; the CLI writes `Expiration` as
//! `2026-11-30T06:24:11+00:00` (newer botocore as `...UTC`): all are read.
//!
//! An entry is used while more than 15 minutes are left (botocore's window, so the CLI and we
//! agree on when to renew). Renewal happens under `<key>.json.lock`, re-reading first, so that
//! processes started together make one AssumeRole call; the file is replaced atomically, 0600.

use super::assume_role::{AssumeRoleParams, RoleSession};
use crate::credentials::Credentials;
use crate::error::codes;
use crate::error::{Error, Result};
use crate::interact::Interaction;
use crate::os::Os;
use crate::util::time::{epoch_seconds, format_rfc3339, parse_rfc3339};
use serde_json::{json, Map, Value};
use sha1::{Digest, Sha1};
use std::future::Future;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// botocore's `CachedCredentialFetcher.DEFAULT_EXPIRY_WINDOW_SECONDS`.
pub const EXPIRY_WINDOW_SECS: i64 = 15 * 60;
const LOCK_TIMEOUT: Duration = Duration::from_secs(30);

/// The cache file name (without `.json`) for these AssumeRole arguments.
/// `session_name_configured` is false when the session name was generated.
pub fn cache_key(p: &AssumeRoleParams, session_name_configured: bool) -> String {
    let mut args = Map::new();
    args.insert("RoleArn".into(), json!(p.role_arn));
    if session_name_configured {
        args.insert("RoleSessionName".into(), json!(p.role_session_name));
    }
    if let Some(e) = &p.external_id {
        args.insert("ExternalId".into(), json!(e));
    }
    if let Some(s) = &p.serial_number {
        args.insert("SerialNumber".into(), json!(s));
    }
    if let Some(d) = p.duration_seconds {
        args.insert("DurationSeconds".into(), json!(d));
    }
    // serde_json's map is ordered by key, which is sort_keys=True; the renderer writes Python's
    // separators and ASCII escapes.
    let text = crate::util::pyjson::dumps(&Value::Object(args));
    crate::util::encoding::hex(&Sha1::digest(text.as_bytes()))
}

/// `~/.aws/cli/cache`, or `None` without a home folder.
pub fn cache_dir(os: &Os) -> Option<PathBuf> {
    let home = crate::config::location::home_dir(os.env.as_ref(), crate::config::location::Platform::current())?;
    Some(Path::new(&home).join(".aws").join("cli").join("cache"))
}

/// The credentials of a cache file, if it holds a complete entry.
pub fn read(os: &Os, path: &Path) -> Option<Credentials> {
    let bytes = os.fs.read(path).ok()?;
    let v: Value = serde_json::from_slice(&bytes).ok()?;
    let c = v.get("Credentials")?;
    let s = |k: &str| c.get(k).and_then(Value::as_str).filter(|x| !x.is_empty()).map(str::to_string);
    let exp_text = s("Expiration")?;
    // Newer botocore writes strftime('%Z'): `...UTC`.
    let expiration =
        parse_rfc3339(&exp_text).or_else(|| parse_rfc3339(&format!("{}Z", exp_text.strip_suffix("UTC")?)))?;
    let account_id = s("AccountId").or_else(|| {
        let arn = v.get("AssumedRoleUser")?.get("Arn")?.as_str()?;
        arn.split(':').nth(4).filter(|a| !a.is_empty()).map(str::to_string)
    });
    Some(Credentials {
        access_key_id: s("AccessKeyId")?,
        secret_access_key: s("SecretAccessKey")?,
        session_token: Some(s("SessionToken")?),
        expiration: Some(expiration),
        account_id,
    })
}

fn fresh(c: &Credentials, os: &Os) -> bool {
    c.expiration.is_some_and(|e| epoch_seconds(e) - epoch_seconds(os.clock.now()) > EXPIRY_WINDOW_SECS)
}

/// The document the CLI writes for a session.
pub fn render(session: &RoleSession) -> String {
    let c = &session.credentials;
    let exp = c.expiration.map(|e| format_rfc3339(e).replace('Z', "+00:00")).unwrap_or_default();
    let mut creds = Map::new();
    creds.insert("AccessKeyId".into(), json!(c.access_key_id));
    creds.insert("SecretAccessKey".into(), json!(c.secret_access_key));
    creds.insert("SessionToken".into(), json!(c.session_token.clone().unwrap_or_default()));
    creds.insert("Expiration".into(), json!(exp));
    if let Some(a) = &c.account_id {
        creds.insert("AccountId".into(), json!(a));
    }
    let mut doc = Map::new();
    doc.insert("Credentials".into(), Value::Object(creds));
    doc.insert("AssumedRoleUser".into(), json!({"AssumedRoleId": session.assumed_role_id, "Arn": session.arn}));
    crate::util::pyjson::dumps_ordered(&doc, &["Credentials", "AssumedRoleUser"])
}

/// Cached role credentials for `key`, or new ones from `assume` written to the cache.
pub async fn cached_or_assume<F, Fut>(os: &Os, ui: &Interaction, key: &str, assume: F) -> Result<Credentials>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<RoleSession>>,
{
    let Some(dir) = cache_dir(os) else {
        ui.verbose("No home folder: the assumed-role credentials are not cached.");
        return Ok(assume().await?.credentials);
    };
    let path = dir.join(format!("{key}.json"));
    if let Some(c) = read(os, &path).filter(|c| fresh(c, os)) {
        ui.verbose(format!("Role credentials from the AWS CLI cache {} (valid until {}).", path.display(), exp(&c)));
        return Ok(c);
    }
    let lock_path = path.clone();
    let lock = tokio::task::spawn_blocking(move || crate::cache::FileLock::acquire(&lock_path, LOCK_TIMEOUT))
        .await
        .map_err(|e| Error::internal(e.to_string()))?
        .map_err(|e| {
            Error::of(codes::ROLE_CACHE_LOCKED, format!("Could not lock the role cache file {}: {e}.", path.display()))
        })?;
    if let Some(c) = read(os, &path).filter(|c| fresh(c, os)) {
        ui.verbose(format!("Another process renewed the role credentials in {}; using them.", path.display()));
        return Ok(c);
    }
    let session = assume().await?;
    if let Err(e) = crate::cache::write_atomic(&path, render(&session).as_bytes()) {
        ui.warning(format!(
            "Could not write the role cache file {}: {e}. The credentials are used without caching.",
            path.display()
        ));
    } else {
        ui.verbose(format!("Role credentials cached in {} until {}.", path.display(), exp(&session.credentials)));
    }
    drop(lock);
    Ok(session.credentials)
}

fn exp(c: &Credentials) -> String {
    c.expiration.map(format_rfc3339).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::os::{FixedClock, MapEnv, MapFs};
    use std::sync::Arc;

    fn params() -> AssumeRoleParams {
        AssumeRoleParams {
            role_arn: "arn:aws:iam::111122223333:role/EmulatorDeployer".into(),
            role_session_name: "botocore-session-1".into(),
            ..Default::default()
        }
    }

    #[test]
    fn keys_are_botocores() {
        // python3 -c 'import hashlib,json; print(hashlib.sha1(json.dumps({...}, sort_keys=True).encode()).hexdigest())'
        assert_eq!(cache_key(&params(), false), "548ed851c23d03e2723f800adcbbc3fa8b6a05c6");
        let full = AssumeRoleParams {
            role_session_name: "s\u{e9}ss".into(),
            external_id: Some("ext".into()),
            serial_number: Some("arn:aws:iam::111122223333:mfa/alice".into()),
            duration_seconds: Some(1800),
            ..params()
        };
        // {"DurationSeconds": 1800, "ExternalId": "ext", "RoleArn": "...", "RoleSessionName": "s\u00e9ss", "SerialNumber": "..."}
        assert_eq!(cache_key(&full, true), "756a28c038327f4a325b6c02de214b8b49edc2d3");
    }

    #[test]
    fn reads_what_the_cli_writes_and_round_trips() {
        let path = PathBuf::from("/c/x.json");
        let now = parse_rfc3339("2026-11-30T05:24:11Z").unwrap();
        let mut fs = MapFs::default();
        fs.0.insert(path.clone(), br#"{"Credentials": {"AccessKeyId": "ASIAX", "SecretAccessKey": "S", "SessionToken": "T", "Expiration": "2026-11-30T06:24:11+00:00"}, "AssumedRoleUser": {"AssumedRoleId": "AROA:s", "Arn": "arn:aws:sts::111122223333:assumed-role/R/s"}, "ResponseMetadata": {}}"#.to_vec());
        let os = Os { env: Arc::new(MapEnv::default()), fs: Arc::new(fs), clock: Arc::new(FixedClock(now)) };
        let c = read(&os, &path).unwrap();
        assert_eq!((c.access_key_id.as_str(), c.account_id.as_deref()), ("ASIAX", Some("111122223333")));
        assert!(fresh(&c, &os));
        let late = Os { clock: Arc::new(FixedClock(now + Duration::from_secs(46 * 60))), ..os.clone() };
        assert!(!fresh(&c, &late), "inside the 15-minute window");

        let session = RoleSession {
            credentials: c.clone(),
            arn: "arn:aws:sts::111122223333:assumed-role/R/s".into(),
            assumed_role_id: "AROA:s".into(),
        };
        let text = render(&session);
        assert!(text.contains("\"Expiration\": \"2026-11-30T06:24:11+00:00\""), "{text}");
        let mut fs2 = MapFs::default();
        fs2.0.insert(path.clone(), text.into_bytes());
        assert_eq!(read(&Os { fs: Arc::new(fs2), ..os.clone() }, &path).unwrap(), c);

        let mut fs3 = MapFs::default();
        fs3.0.insert(path.clone(), br#"{"Credentials": {"AccessKeyId": "A", "SecretAccessKey": "S", "SessionToken": "T", "Expiration": "2026-11-30T06:24:11UTC"}}"#.to_vec());
        assert_eq!(read(&Os { fs: Arc::new(fs3), ..os }, &path).unwrap().expiration, c.expiration);
    }
}
