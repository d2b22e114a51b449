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
//! agree on when to renew). Renewal goes through the one refresh mechanism
//! ([`crate::cache::refresh::fetch_locked`]): under `<key>.json.lock`, re-reading first, so that
//! processes started together make one AssumeRole call; the file is replaced atomically, 0600;
//! a transient STS failure falls back to an entry that has not expired yet.

use super::assume_role::{AssumeRoleParams, RoleSession};
use crate::cache::refresh::{fetch_locked, CacheFile, Refreshed};
use crate::credentials::Credentials;
use crate::error::codes;
use crate::error::{Error, Result};
use crate::interact::Interaction;
use crate::os::Os;
use crate::util::pyjson::{dumps, object};
use crate::util::time::{epoch_seconds, format_rfc3339, parse_rfc3339};
use serde_json::{json, Map, Value};
use sha1::{Digest, Sha1};
use std::future::Future;
use std::path::{Path, PathBuf};

/// botocore's `CachedCredentialFetcher.DEFAULT_EXPIRY_WINDOW_SECONDS`.
pub const EXPIRY_WINDOW_SECS: i64 = 15 * 60;

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

/// The role session of a cache file, if it holds a complete entry. Anything else (no file, not
/// JSON, members missing) is no entry: it is replaced, as the CLI replaces it.
pub fn read(os: &Os, path: &Path) -> Option<RoleSession> {
    let bytes = os.fs.read(path).ok()?;
    let v: Value = serde_json::from_slice(&bytes).ok()?;
    let c = v.get("Credentials")?;
    let s = |k: &str| c.get(k).and_then(Value::as_str).filter(|x| !x.is_empty()).map(str::to_string);
    let exp_text = s("Expiration")?;
    // Newer botocore writes strftime('%Z'): `...UTC`.
    let expiration =
        parse_rfc3339(&exp_text).or_else(|| parse_rfc3339(&format!("{}Z", exp_text.strip_suffix("UTC")?)))?;
    let user = |k: &str| v.get("AssumedRoleUser").and_then(|u| u.get(k)).and_then(Value::as_str).unwrap_or_default();
    let arn = user("Arn").to_string();
    let account_id = s("AccountId").or_else(|| arn.split(':').nth(4).filter(|a| !a.is_empty()).map(str::to_string));
    Some(RoleSession {
        credentials: Credentials {
            access_key_id: s("AccessKeyId")?,
            secret_access_key: s("SecretAccessKey")?,
            session_token: Some(s("SessionToken")?),
            expiration: Some(expiration),
            account_id,
        },
        assumed_role_id: user("AssumedRoleId").to_string(),
        arn,
    })
}

/// The document the CLI writes for a session, byte for byte as AWS CLI 2.9.19 writes the members
/// it needs (its `json.dumps` of the AssumeRole reply, in the reply's member order; it also keeps
/// `PackedPolicySize` and `ResponseMetadata`, which no reader uses). The account is not written:
/// readers take it from the ARN, as they must for the CLI's own entries.
pub fn render(session: &RoleSession) -> String {
    let c = &session.credentials;
    let exp = c.expiration.map(|e| format_rfc3339(e).replace('Z', "+00:00")).unwrap_or_default();
    let text = |v: &str| dumps(&Value::String(v.to_string()));
    object([
        (
            "Credentials",
            object([
                ("AccessKeyId", text(&c.access_key_id)),
                ("SecretAccessKey", text(&c.secret_access_key)),
                ("SessionToken", text(c.session_token.as_deref().unwrap_or_default())),
                ("Expiration", text(&exp)),
            ]),
        ),
        ("AssumedRoleUser", object([("AssumedRoleId", text(&session.assumed_role_id)), ("Arn", text(&session.arn))])),
    ])
}

/// One entry of the cache, as the refresh mechanism sees it.
struct RoleCacheFile<'a> {
    os: &'a Os,
    path: PathBuf,
}

impl CacheFile for RoleCacheFile<'_> {
    type Value = RoleSession;
    fn path(&self) -> &Path {
        &self.path
    }
    fn read(&self) -> Result<Option<RoleSession>> {
        Ok(read(self.os, &self.path))
    }
    fn seconds_left(&self, s: &RoleSession) -> i64 {
        s.credentials.expiration.map_or(i64::MIN, |e| epoch_seconds(e) - epoch_seconds(self.os.clock.now()))
    }
    fn refresh_window_secs(&self) -> i64 {
        EXPIRY_WINDOW_SECS
    }
    fn render(&self, s: &RoleSession) -> Vec<u8> {
        render(s).into_bytes()
    }
    fn unwritable(&self, e: std::io::Error) -> Error {
        Error::of(
            codes::ROLE_CACHE_UNWRITABLE,
            format!("Cannot write the assumed-role cache file {}: {e}.", self.path.display()),
        )
    }
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
    let file = RoleCacheFile { os, path: dir.join(format!("{key}.json")) };
    // Without the lock first: a fresh entry (the common case) costs one read.
    if let Some(s) = file.read()?.filter(|s| file.is_fresh(s)) {
        ui.verbose(format!(
            "Role credentials from the AWS CLI cache {} (valid until {}).",
            file.path.display(),
            exp(&s.credentials)
        ));
        return Ok(s.credentials);
    }
    Ok(match fetch_locked(&file, ui, assume).await? {
        Refreshed::ByUs(s) => {
            ui.verbose(format!("Role credentials cached in {} until {}.", file.path.display(), exp(&s.credentials)));
            s.credentials
        }
        Refreshed::ByOther(s) => s.credentials,
        Refreshed::FellBack(s, e) => {
            ui.warning(format!(
                "Could not renew the role credentials ({}); using the cached ones from {}, valid until {}.",
                e.message,
                file.path.display(),
                exp(&s.credentials)
            ));
            s.credentials
        }
    })
}

fn exp(c: &Credentials) -> String {
    c.expiration.map(format_rfc3339).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::os::{FixedClock, MapEnv, MapFs};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    use std::time::Duration;

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
        let session = read(&os, &path).unwrap();
        let c = &session.credentials;
        assert_eq!((c.access_key_id.as_str(), c.account_id.as_deref()), ("ASIAX", Some("111122223333")));
        assert_eq!(
            (session.arn.as_str(), session.assumed_role_id.as_str()),
            ("arn:aws:sts::111122223333:assumed-role/R/s", "AROA:s")
        );
        let file = RoleCacheFile { os: &os, path: path.clone() };
        assert!(file.is_fresh(&session));
        let late = Os { clock: Arc::new(FixedClock(now + Duration::from_secs(46 * 60))), ..os.clone() };
        let late_file = RoleCacheFile { os: &late, path: path.clone() };
        assert!(!late_file.is_fresh(&session), "inside the 15-minute window");
        assert!(late_file.is_valid(&session), "not expired yet: a transient failure may fall back to it");

        let text = render(&session);
        assert_eq!(
            text,
            // What AWS CLI 2.9.19 wrote against the emulator, less PackedPolicySize and ResponseMetadata.
            r#"{"Credentials": {"AccessKeyId": "ASIAX", "SecretAccessKey": "S", "SessionToken": "T", "Expiration": "2026-11-30T06:24:11+00:00"}, "AssumedRoleUser": {"AssumedRoleId": "AROA:s", "Arn": "arn:aws:sts::111122223333:assumed-role/R/s"}}"#
        );
        let mut fs2 = MapFs::default();
        fs2.0.insert(path.clone(), text.into_bytes());
        assert_eq!(read(&Os { fs: Arc::new(fs2), ..os.clone() }, &path).unwrap(), session);

        let mut fs3 = MapFs::default();
        fs3.0.insert(path.clone(), br#"{"Credentials": {"AccessKeyId": "A", "SecretAccessKey": "S", "SessionToken": "T", "Expiration": "2026-11-30T06:24:11UTC"}}"#.to_vec());
        assert_eq!(read(&Os { fs: Arc::new(fs3), ..os.clone() }, &path).unwrap().credentials.expiration, c.expiration);
        let mut fs4 = MapFs::default();
        fs4.0.insert(path.clone(), br#"{"Credentials": {"AccessKeyId": "A"#.to_vec());
        assert!(read(&Os { fs: Arc::new(fs4), ..os }, &path).is_none(), "a torn entry is no entry");
    }

    fn session(key: &str, valid_for: Duration) -> RoleSession {
        RoleSession {
            credentials: Credentials {
                access_key_id: key.into(),
                secret_access_key: "S".into(),
                session_token: Some("T".into()),
                expiration: Some(std::time::SystemTime::now() + valid_for),
                account_id: Some("111122223333".into()),
            },
            arn: "arn:aws:sts::111122223333:assumed-role/R/s".into(),
            assumed_role_id: "AROA:s".into(),
        }
    }

    fn real_os_in_temp_home() -> (Os, PathBuf) {
        let home = std::env::temp_dir().join(format!("awslogin-cli-cache-{}", crate::util::random::uuid_v4()));
        std::fs::create_dir_all(&home).unwrap();
        let env = MapEnv::from_pairs([("HOME", home.to_string_lossy().to_string())]);
        (Os { env: Arc::new(env), fs: Arc::new(crate::os::RealFs), clock: Arc::new(crate::os::SystemClock) }, home)
    }

    /// The storm: 16 threads (each its own open lock file, as 16 processes would have) start
    /// together on an empty cache, and exactly one of them calls AssumeRole.
    #[test]
    fn sixteen_at_once_make_one_assume_role_call() {
        let (os, home) = real_os_in_temp_home();
        let calls = Arc::new(AtomicUsize::new(0));
        let start = Arc::new(std::sync::Barrier::new(16));
        let threads: Vec<_> = (0..16)
            .map(|_| {
                let (os, calls, start) = (os.clone(), calls.clone(), start.clone());
                std::thread::spawn(move || {
                    start.wait();
                    let ui = Interaction::collecting();
                    crate::runtime::block_on(cached_or_assume(&os, &ui, "storm", || async {
                        let n = calls.fetch_add(1, Ordering::SeqCst);
                        tokio::time::sleep(Duration::from_millis(300)).await;
                        Ok(session(&format!("ASIASTORM{n}"), Duration::from_secs(3600)))
                    }))
                    .unwrap()
                    .access_key_id
                })
            })
            .collect();
        let keys: Vec<String> = threads.into_iter().map(|t| t.join().unwrap()).collect();
        assert_eq!(calls.load(Ordering::SeqCst), 1, "AssumeRole calls");
        assert!(keys.iter().all(|k| k == "ASIASTORM0"), "{keys:?}");
        let entry = home.join(".aws").join("cli").join("cache").join("storm.json");
        assert_eq!(read(&os, &entry).unwrap().credentials.access_key_id, "ASIASTORM0");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&entry).unwrap().permissions().mode() & 0o777, 0o600);
        }
        std::fs::remove_dir_all(home).ok();
    }

    /// Stale entries are renewed; a transient failure falls back to one not yet expired, any
    /// other failure (or a transient one with nothing valid cached) is the error.
    #[test]
    fn renews_stale_entries_and_falls_back_only_on_transient_failures() {
        let (os, home) = real_os_in_temp_home();
        let ui = Interaction::collecting();
        let entry = home.join(".aws").join("cli").join("cache").join("k.json");
        let put = |s: &RoleSession| {
            std::fs::create_dir_all(entry.parent().unwrap()).unwrap();
            std::fs::write(&entry, render(s)).unwrap();
        };
        let run = |result: Result<RoleSession>| {
            crate::runtime::block_on(cached_or_assume(&os, &ui, "k", || async move { result }))
        };
        let down = || Error::of(codes::ENDPOINT_UNREACHABLE, "down").transient();
        let denied = || Error::of(codes::ACCESS_DENIED, "no");

        put(&session("ASIAFRESH", Duration::from_secs(3600)));
        assert_eq!(run(Err(denied())).unwrap().access_key_id, "ASIAFRESH", "a fresh entry needs no call");

        put(&session("ASIASTALE", Duration::from_secs(600)));
        assert_eq!(run(Err(down())).unwrap().access_key_id, "ASIASTALE");
        assert_eq!(run(Err(denied())).unwrap_err().code, "AccessDenied");
        assert_eq!(run(Ok(session("ASIANEW", Duration::from_secs(3600)))).unwrap().access_key_id, "ASIANEW");
        assert_eq!(read(&os, &entry).unwrap().credentials.access_key_id, "ASIANEW");

        put(&session("ASIAOLD", Duration::from_secs(0)));
        assert_eq!(run(Err(down())).unwrap_err().code, "EndpointUnreachable", "an expired entry is never used");
        std::fs::write(&entry, "not json").unwrap();
        assert_eq!(run(Ok(session("ASIAREPAIRED", Duration::from_secs(3600)))).unwrap().access_key_id, "ASIAREPAIRED");

        // An entry that cannot be replaced (here a folder in its place) is a clear error naming it.
        std::fs::remove_file(&entry).unwrap();
        std::fs::create_dir(&entry).unwrap();
        let e = run(Ok(session("ASIAUNSAVED", Duration::from_secs(3600)))).unwrap_err();
        assert_eq!(e.code, "RoleCacheUnwritable");
        assert!(
            e.message.contains(&entry.display().to_string()) && !e.message.contains("ASIAUNSAVED"),
            "{}",
            e.message
        );
        std::fs::remove_dir_all(home).ok();
    }
}
