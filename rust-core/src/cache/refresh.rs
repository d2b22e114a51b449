//! The one refresh mechanism for every cached credential or token that several processes share
//! (the console login cache, the IAM Identity Center token cache, and the sources still to come):
//!
//! 1. take the `<file>.lock` cross-process lock (one timeout, [`LOCK_TIMEOUT`], for everyone);
//! 2. re-read the file under the lock: another process may have refreshed it while we waited, or
//!    signed out (the file is gone: then nothing is written back, the sign-out wins);
//! 3. still fresh? use it; else refresh from the value just read (never from one read before the
//!    lock), write the result atomically, release the lock.
//!
//! When the refresh fails, one policy decides whether the old value may still be used
//! ([`may_fall_back`]): after a transient failure (network, HTTP 5xx, throttling) while the old
//! value is still valid, yes; after anything else (an authentication failure, a malformed answer),
//! no, and the error is returned with its cause.
//!
//! Sign-outs take the same lock before deleting ([`remove_locked`]), so a refresh in flight
//! either finishes before the file is removed, or finds it gone; sign-ins take it to write.
//!
//! Two kinds of file use it. A *session* ([`SessionFile`]: console login, IAM Identity Center)
//! is refreshed from its own contents, and a missing file means signed out ([`refresh_locked`]).
//! A *fetched entry* (the AWS CLI's assumed-role cache) is made again from elsewhere whenever it
//! is missing, unusable or stale ([`fetch_locked`]); it has no sign-out.

use super::FileLock;
use crate::error::{Error, Result};
use crate::interact::Interaction;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long anyone (a refresher or a sign-out) waits for another process's hold on a cache file.
/// Longer than one refresh normally takes (a few HTTP round trips), shorter than a stuck one.
pub const LOCK_TIMEOUT: Duration = Duration::from_secs(30);

/// A cache file the mechanism refreshes.
pub trait CacheFile {
    /// The parsed contents.
    type Value: Send;

    fn path(&self) -> &Path;
    /// Reads and parses the file; `Ok(None)` when it does not exist (signed out).
    fn read(&self) -> Result<Option<Self::Value>>;
    /// Seconds of life `value` has left now (negative once expired).
    fn seconds_left(&self, value: &Self::Value) -> i64;
    /// A value with this many seconds left, or fewer, is refreshed.
    fn refresh_window_secs(&self) -> i64;
    /// Fresh enough that no refresh is needed.
    fn is_fresh(&self, value: &Self::Value) -> bool {
        self.seconds_left(value) > self.refresh_window_secs()
    }
    /// Still usable (not yet expired) though no longer fresh.
    fn is_valid(&self, value: &Self::Value) -> bool {
        self.seconds_left(value) > 0
    }
    /// The file's new contents for `value`.
    fn render(&self, value: &Self::Value) -> Vec<u8>;
    /// The error when the file cannot be written.
    fn unwritable(&self, e: std::io::Error) -> Error;
}

/// A cache file that holds a signed-in session: refreshed from its own contents, and gone once
/// the user signs out.
pub trait SessionFile: CacheFile {
    /// The error when the file disappeared (a sign-out) before the refresh could start.
    fn gone(&self) -> Error;
}

/// How a value came out of [`refresh_locked`] or [`fetch_locked`].
#[derive(Debug)]
pub enum Refreshed<T> {
    /// This process refreshed it and wrote the file.
    ByUs(T),
    /// Another process had refreshed it while this one waited for the lock.
    ByOther(T),
    /// The refresh failed transiently and the old value is still valid: use it, and say why.
    FellBack(T, Error),
}

/// Whether a failed refresh may fall back to a cached value that is still valid: only after a
/// transient failure; an authentication failure (revoked, expired, signed out) never does.
pub fn may_fall_back(e: &Error) -> bool {
    e.transient
}

/// Waits up to [`LOCK_TIMEOUT`] for the lock of `path`, without blocking the async runtime.
pub async fn lock(path: &Path) -> Result<FileLock> {
    let p: PathBuf = path.to_path_buf();
    tokio::task::spawn_blocking(move || FileLock::acquire(&p, LOCK_TIMEOUT))
        .await
        .map_err(|e| Error::internal(format!("lock task failed: {e}")))?
        .map_err(|e| {
            Error::of(
                crate::error::codes::CACHE_LOCKED,
                format!(
                    "Could not lock the cache file {} (another process holds it, or the folder is not writable): {e}. Try again.",
                    path.display()
                ),
            )
        })
}

/// Steps 1–3 above for a session; `refresh` turns the value read under the lock into a new one.
pub async fn refresh_locked<F, Fut>(
    file: &F,
    ui: &Interaction,
    refresh: impl FnOnce(F::Value) -> Fut,
) -> Result<Refreshed<F::Value>>
where
    F: SessionFile,
    F::Value: Clone,
    Fut: Future<Output = Result<F::Value>>,
{
    let _lock = lock(file.path()).await?;
    let Some(current) = file.read()? else {
        ui.verbose(format!(
            "{} was removed (signed out) before the refresh; nothing is written.",
            file.path().display()
        ));
        return Err(file.gone());
    };
    settle(file, ui, Some(current.clone()), || refresh(current)).await
}

/// Steps 1–3 above for a fetched entry: `fetch` makes a new value (it needs nothing from the old
/// one), and a missing or unreadable file is simply made (`read` answers `Ok(None)` for both).
pub async fn fetch_locked<F, Fut>(
    file: &F,
    ui: &Interaction,
    fetch: impl FnOnce() -> Fut,
) -> Result<Refreshed<F::Value>>
where
    F: CacheFile,
    Fut: Future<Output = Result<F::Value>>,
{
    let _lock = lock(file.path()).await?;
    let current = file.read()?;
    settle(file, ui, current, fetch).await
}

/// Step 3, under the lock the caller holds: use `current` if it is fresh, else make a new value,
/// write it atomically, and fall back to `current` only as [`may_fall_back`] allows.
async fn settle<F, Fut>(
    file: &F,
    ui: &Interaction,
    current: Option<F::Value>,
    make: impl FnOnce() -> Fut,
) -> Result<Refreshed<F::Value>>
where
    F: CacheFile,
    Fut: Future<Output = Result<F::Value>>,
{
    let current = match current {
        Some(c) if file.is_fresh(&c) => {
            ui.verbose(format!("Another process refreshed {}; using its result.", file.path().display()));
            return Ok(Refreshed::ByOther(c));
        }
        other => other,
    };
    match make().await {
        Ok(new) => {
            super::write_atomic(file.path(), &file.render(&new)).map_err(|e| file.unwritable(e))?;
            Ok(Refreshed::ByUs(new))
        }
        Err(e) => match current {
            Some(c) if may_fall_back(&e) && file.is_valid(&c) => Ok(Refreshed::FellBack(c, e)),
            _ => Err(e),
        },
    }
}

/// Deletes `path` under its lock (a sign-out), so that no refresh in flight writes it back: a
/// refresh that holds the lock finishes first, one that comes later finds the file gone.
/// Returns whether a file was removed; `undeletable` names the failure to delete.
pub async fn remove_locked(path: &Path, undeletable: impl FnOnce(std::io::Error) -> Error) -> Result<bool> {
    let _lock = lock(path).await?;
    match std::fs::remove_file(path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(undeletable(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::codes;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    /// A cache file holding `<state> <generation>`: state `fresh`, `stale` (valid, needs a
    /// refresh) or `expired`.
    struct TextFile(PathBuf);

    impl CacheFile for TextFile {
        type Value = String;
        fn path(&self) -> &Path {
            &self.0
        }
        fn read(&self) -> Result<Option<String>> {
            match std::fs::read_to_string(&self.0) {
                Ok(t) => Ok(Some(t)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(Error::internal(e.to_string())),
            }
        }
        fn seconds_left(&self, v: &String) -> i64 {
            match v.split(' ').next() {
                Some("fresh") => 3600,
                Some("stale") => 60,
                _ => -60,
            }
        }
        fn refresh_window_secs(&self) -> i64 {
            300
        }
        fn render(&self, v: &String) -> Vec<u8> {
            v.clone().into_bytes()
        }
        fn unwritable(&self, e: std::io::Error) -> Error {
            Error::internal(e.to_string())
        }
    }

    impl SessionFile for TextFile {
        fn gone(&self) -> Error {
            Error::of(codes::LOGIN_SESSION_NOT_FOUND, "signed out")
        }
    }

    fn file(contents: Option<&str>) -> TextFile {
        let d = std::env::temp_dir().join(format!("awslogin-refresh-{}", crate::util::random::uuid_v4()));
        std::fs::create_dir_all(&d).unwrap();
        let f = TextFile(d.join("token.json"));
        if let Some(c) = contents {
            std::fs::write(&f.0, c).unwrap();
        }
        f
    }

    fn undeletable(e: std::io::Error) -> Error {
        Error::internal(e.to_string())
    }

    #[test]
    fn logout_wins_over_a_refresh_in_flight() {
        crate::runtime::block_on(async {
            let f = Arc::new(file(Some("stale 1")));
            let ui = Interaction::collecting();
            let (f2, ui2) = (f.clone(), ui.clone());
            // A refresh that takes a while, started before the sign-out.
            let refresher = tokio::spawn(async move {
                refresh_locked(&*f2, &ui2, |_| async {
                    tokio::time::sleep(Duration::from_millis(400)).await;
                    Ok("fresh 2".to_string())
                })
                .await
            });
            tokio::time::sleep(Duration::from_millis(100)).await;
            assert!(remove_locked(&f.0, undeletable).await.unwrap(), "the sign-out removed the file");
            assert!(matches!(refresher.await.unwrap().unwrap(), Refreshed::ByUs(_)));
            // After the sign-out returned, the file stays gone, and the next refresh finds it so.
            tokio::time::sleep(Duration::from_millis(100)).await;
            assert!(!f.0.exists(), "the refresh wrote the session back after the sign-out");
            let called = AtomicUsize::new(0);
            let e = refresh_locked(&*f, &ui, |v| {
                called.fetch_add(1, Ordering::SeqCst);
                async move { Ok(v) }
            })
            .await
            .unwrap_err();
            assert!(e.is(codes::LOGIN_SESSION_NOT_FOUND));
            assert_eq!(called.load(Ordering::SeqCst), 0);
            assert!(!f.0.exists());
        });
    }

    #[test]
    fn a_file_removed_before_the_lock_is_not_written_back() {
        crate::runtime::block_on(async {
            let f = file(Some("stale 1"));
            let ui = Interaction::collecting();
            // The caller read "stale 1" before taking the lock; a sign-out then removed it.
            std::fs::remove_file(&f.0).unwrap();
            let e = refresh_locked(&f, &ui, |_| async { Ok("fresh 2".to_string()) }).await.unwrap_err();
            assert!(e.is(codes::LOGIN_SESSION_NOT_FOUND));
            assert!(!f.0.exists());
        });
    }

    #[test]
    fn refreshes_what_it_read_under_the_lock_and_only_when_needed() {
        crate::runtime::block_on(async {
            let ui = Interaction::collecting();
            let f = file(Some("fresh 7"));
            let r = refresh_locked(&f, &ui, |_| async { panic!("no refresh was needed") }).await.unwrap();
            assert!(matches!(r, Refreshed::ByOther(v) if v == "fresh 7"));
            std::fs::write(&f.0, "stale 8").unwrap();
            let r = refresh_locked(&f, &ui, |v| async move { Ok(format!("fresh from {v}")) }).await.unwrap();
            assert!(matches!(r, Refreshed::ByUs(v) if v == "fresh from stale 8"));
            assert_eq!(std::fs::read_to_string(&f.0).unwrap(), "fresh from stale 8");
        });
    }

    #[test]
    fn falls_back_only_after_a_transient_failure_while_still_valid() {
        crate::runtime::block_on(async {
            let ui = Interaction::collecting();
            let server_error = || Error::of(codes::LOGIN_SERVICE_ERROR, "HTTP 500").with_status(500);
            let refused = || Error::of(codes::LOGIN_SESSION_EXPIRED, "refused");
            let unreachable = || Error::of(codes::ENDPOINT_UNREACHABLE, "down");
            let malformed = || Error::of(codes::INVALID_TOKEN_RESPONSE, "not JSON");
            for (contents, error, falls_back) in [
                ("stale", server_error(), true),
                ("stale", unreachable(), true),
                ("stale", refused(), false),
                ("stale", malformed(), false),
                ("expired", server_error(), false),
                ("expired", unreachable(), false),
            ] {
                let f = file(Some(contents));
                let code = error.code.clone();
                let r = refresh_locked(&f, &ui, |_| async move { Err(error) }).await;
                match r {
                    Ok(Refreshed::FellBack(v, e)) => {
                        assert!(falls_back, "{contents} {code}");
                        assert_eq!((v.as_str(), e.code.as_str()), (contents, code.as_str()));
                    }
                    Err(e) => {
                        assert!(!falls_back, "{contents} {code}");
                        assert_eq!(e.code, code);
                    }
                    Ok(_) => panic!("{contents} {code}"),
                }
                assert_eq!(std::fs::read_to_string(&f.0).unwrap(), contents, "the file changed");
            }
        });
    }

    #[test]
    fn a_fetched_entry_is_made_when_missing_and_kept_while_fresh() {
        crate::runtime::block_on(async {
            let ui = Interaction::collecting();
            let f = file(None);
            let r = fetch_locked(&f, &ui, || async { Ok("fresh 1".to_string()) }).await.unwrap();
            assert!(matches!(r, Refreshed::ByUs(v) if v == "fresh 1"));
            assert_eq!(std::fs::read_to_string(&f.0).unwrap(), "fresh 1");
            let r = fetch_locked(&f, &ui, || async { panic!("the entry is fresh") }).await.unwrap();
            assert!(matches!(r, Refreshed::ByOther(v) if v == "fresh 1"));
            std::fs::write(&f.0, "stale 2").unwrap();
            let down = || Error::of(codes::ENDPOINT_UNREACHABLE, "down").transient();
            let r = fetch_locked(&f, &ui, || async { Err(down()) }).await.unwrap();
            assert!(matches!(r, Refreshed::FellBack(v, _) if v == "stale 2"));
            std::fs::remove_file(&f.0).unwrap();
            let e = fetch_locked(&f, &ui, || async { Err(down()) }).await.unwrap_err();
            assert!(e.is(codes::ENDPOINT_UNREACHABLE), "nothing to fall back to");
            assert!(!f.0.exists());
        });
    }

    #[test]
    fn a_sign_out_waits_for_the_lock_holder() {
        let f = file(Some("stale"));
        let held = FileLock::acquire(&f.0, Duration::from_secs(1)).unwrap();
        let waited = std::thread::spawn({
            let p = f.0.clone();
            move || crate::runtime::block_on(remove_locked(&p, undeletable))
        });
        std::thread::sleep(Duration::from_millis(200));
        assert!(f.0.exists(), "the sign-out deleted while another process held the lock");
        drop(held);
        assert!(waited.join().unwrap().unwrap());
        assert!(!f.0.exists());
    }
}
