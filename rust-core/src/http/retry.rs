//! Bounded retries with jittered exponential backoff, for connection failures, 5xx and
//! throttling: 3 attempts in all for a single call (the SDKs' standard mode), more and longer
//! waits for the many calls of a bulk listing, which a service throttles by design. The request
//! is rebuilt for every attempt because a SigV4 signature carries the time.

use super::client::{send, HttpRequest, HttpResponse};
use crate::error::{ErrorKind, Result};
use crate::interact::Interaction;
use std::time::Duration;

const BASE_DELAY: Duration = Duration::from_millis(100);

/// How many attempts a call gets, and the longest wait between two.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    pub max_attempts: u32,
    pub max_delay: Duration,
}

impl RetryPolicy {
    /// One call a person waits for: give up after about a second of retrying.
    pub const STANDARD: RetryPolicy = RetryPolicy { max_attempts: 3, max_delay: Duration::from_secs(2) };
    /// One of hundreds of listing calls (ListAccounts, ListAccountRoles): the portal answers 429
    /// when a client lists quickly, and giving up would lose the whole listing, so wait longer
    /// (about 20 to 40 s in all) before failing.
    pub const BULK_LISTING: RetryPolicy = RetryPolicy { max_attempts: 10, max_delay: Duration::from_secs(15) };
}

/// What to do with a response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryDecision {
    Done,
    Retry,
}

/// The default classification: 5xx and 429 are worth another try.
pub fn transient_status(r: &HttpResponse) -> RetryDecision {
    if r.status >= 500 || r.status == 429 {
        RetryDecision::Retry
    } else {
        RetryDecision::Done
    }
}

fn backoff(attempt: u32, max_delay: Duration) -> Duration {
    let exp = BASE_DELAY.saturating_mul(2u32.saturating_pow(attempt.saturating_sub(1)));
    let capped = exp.min(max_delay);
    // Full jitter keeps a crowd of processes from retrying in step.
    let r = crate::util::random::bytes(2);
    let frac = u16::from_le_bytes([r[0], r[1]]) as f64 / u16::MAX as f64;
    capped.mul_f64(0.5 + frac / 2.0)
}

/// Sends the request built by `make`, retrying as `classify` says, with the standard policy.
/// The last response (even an error status) or the last network error is returned.
pub async fn send_with_retry(
    ui: &Interaction,
    what: &str,
    make: impl FnMut() -> Result<HttpRequest>,
    classify: impl Fn(&HttpResponse) -> RetryDecision,
) -> Result<HttpResponse> {
    send_with_policy(ui, what, RetryPolicy::STANDARD, make, classify).await
}

/// [`send_with_retry`] with the attempts and waits of `policy`.
pub async fn send_with_policy(
    ui: &Interaction,
    what: &str,
    policy: RetryPolicy,
    mut make: impl FnMut() -> Result<HttpRequest>,
    classify: impl Fn(&HttpResponse) -> RetryDecision,
) -> Result<HttpResponse> {
    let max_attempts = policy.max_attempts.max(1);
    let mut attempt = 1;
    loop {
        let req = make()?;
        let outcome = ui.cancel.run(send(&req)).await;
        let retry = match &outcome {
            Ok(r) => classify(r) == RetryDecision::Retry,
            Err(e) => e.kind == ErrorKind::Network,
        };
        if !retry || attempt >= max_attempts {
            return outcome;
        }
        let why = match &outcome {
            Ok(r) => format!("HTTP {}", r.status),
            Err(_) => "connection failure".to_string(),
        };
        let delay = backoff(attempt, policy.max_delay);
        ui.verbose(format!(
            "{what}: attempt {attempt} of {max_attempts} failed ({why}); retrying in {} ms.",
            delay.as_millis()
        ));
        ui.cancel
            .run(async {
                tokio::time::sleep(delay).await;
                Ok(())
            })
            .await?;
        attempt += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_is_bounded() {
        for policy in [RetryPolicy::STANDARD, RetryPolicy::BULK_LISTING] {
            for a in 1..40 {
                let d = backoff(a, policy.max_delay);
                assert!(d <= policy.max_delay && d >= BASE_DELAY / 2, "{d:?}");
            }
        }
    }

    #[test]
    fn a_bulk_listing_waits_longer_in_all_than_a_single_call() {
        // The longest total wait of each policy, at full jitter's lower bound: a listing must
        // outlast a throttling burst of several seconds, a single call must not keep a person
        // waiting more than a few seconds.
        let least = |p: RetryPolicy| -> Duration { (1..p.max_attempts).map(|a| backoff(a, p.max_delay)).sum() };
        assert!(least(RetryPolicy::STANDARD) < Duration::from_secs(2));
        assert!(least(RetryPolicy::BULK_LISTING) > Duration::from_secs(15));
    }
}
