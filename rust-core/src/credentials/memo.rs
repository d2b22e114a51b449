//! In-process memory of short-lived credentials (web identity, container, instance metadata),
//! so that a warm process asks once per credential lifetime and runspaces asking at once cause
//! one fetch: one async lock serialises the fetches, and the memory is re-checked under it.

use super::Credentials;
use crate::error::Result;
use crate::util::time::epoch_seconds;
use once_cell::sync::Lazy;
use std::collections::HashMap;
use std::future::Future;
use std::sync::Mutex;
use std::time::SystemTime;

/// Fetch again this long before expiry (botocore's advisory window, and the AWS SDK for .NET's
/// pre-emptive window for role credentials).
const REFRESH_WINDOW_SECS: i64 = 15 * 60;

static MEMO: Lazy<Mutex<HashMap<String, Credentials>>> = Lazy::new(|| Mutex::new(HashMap::new()));
static FETCH: Lazy<tokio::sync::Mutex<()>> = Lazy::new(|| tokio::sync::Mutex::new(()));

fn get(key: &str, now: SystemTime) -> Option<Credentials> {
    let m = MEMO.lock().unwrap_or_else(|p| p.into_inner());
    m.get(key)
        .filter(|c| c.expiration.is_some_and(|e| epoch_seconds(e) - epoch_seconds(now) > REFRESH_WINDOW_SECS))
        .cloned()
}

/// The credentials remembered under `key`, or those `fetch` returns (remembered when they expire).
pub async fn memoized<F, Fut>(key: String, now: SystemTime, fetch: F) -> Result<Credentials>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<Credentials>>,
{
    if let Some(c) = get(&key, now) {
        return Ok(c);
    }
    let _guard = FETCH.lock().await;
    if let Some(c) = get(&key, now) {
        return Ok(c);
    }
    let c = fetch().await?;
    if c.expiration.is_some() {
        MEMO.lock().unwrap_or_else(|p| p.into_inner()).insert(key, c.clone());
    }
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn creds(exp: SystemTime) -> Credentials {
        Credentials {
            access_key_id: "A".into(),
            secret_access_key: "S".into(),
            session_token: None,
            expiration: Some(exp),
            account_id: None,
        }
    }

    #[test]
    fn fetches_once_until_the_window() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        let key = format!("memo-test-{}", crate::util::random::uuid_v4());
        let calls = std::sync::atomic::AtomicU32::new(0);
        let fetch = || async {
            calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            Ok(creds(now + Duration::from_secs(3600)))
        };
        crate::runtime::block_on(memoized(key.clone(), now, fetch)).unwrap();
        crate::runtime::block_on(memoized(key.clone(), now, fetch)).unwrap();
        assert_eq!(calls.load(std::sync::atomic::Ordering::SeqCst), 1);
        // 46 minutes later less than 15 are left: fetched again.
        crate::runtime::block_on(memoized(key, now + Duration::from_secs(46 * 60), fetch)).unwrap();
        assert_eq!(calls.load(std::sync::atomic::Ordering::SeqCst), 2);
    }
}
