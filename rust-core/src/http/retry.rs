//! Bounded retries: 3 attempts in all, with jittered exponential backoff, for connection
//! failures, 5xx and throttling. The request is rebuilt for every attempt because a SigV4
//! signature carries the time.

use super::client::{send, HttpRequest, HttpResponse};
use crate::error::{ErrorKind, Result};
use crate::interact::Interaction;
use std::time::Duration;

pub const MAX_ATTEMPTS: u32 = 3;
const BASE_DELAY: Duration = Duration::from_millis(100);
const MAX_DELAY: Duration = Duration::from_secs(2);

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

fn backoff(attempt: u32) -> Duration {
    let exp = BASE_DELAY * 2u32.pow(attempt.saturating_sub(1));
    let capped = exp.min(MAX_DELAY);
    // Full jitter keeps a crowd of processes from retrying in step.
    let r = crate::util::random::bytes(2);
    let frac = u16::from_le_bytes([r[0], r[1]]) as f64 / u16::MAX as f64;
    capped.mul_f64(0.5 + frac / 2.0)
}

/// Sends the request built by `make`, retrying as `classify` says. The last response (even an
/// error status) or the last network error is returned.
pub async fn send_with_retry(
    ui: &Interaction,
    what: &str,
    mut make: impl FnMut() -> Result<HttpRequest>,
    classify: impl Fn(&HttpResponse) -> RetryDecision,
) -> Result<HttpResponse> {
    let mut attempt = 1;
    loop {
        let req = make()?;
        let outcome = ui.cancel.run(send(&req)).await;
        let retry = match &outcome {
            Ok(r) => classify(r) == RetryDecision::Retry,
            Err(e) => e.kind == ErrorKind::Network,
        };
        if !retry || attempt >= MAX_ATTEMPTS {
            return outcome;
        }
        let why = match &outcome {
            Ok(r) => format!("HTTP {}", r.status),
            Err(_) => "connection failure".to_string(),
        };
        let delay = backoff(attempt);
        ui.verbose(format!(
            "{what}: attempt {attempt} of {MAX_ATTEMPTS} failed ({why}); retrying in {} ms.",
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
        for a in 1..10 {
            let d = backoff(a);
            assert!(d <= MAX_DELAY && d >= BASE_DELAY / 2, "{d:?}");
        }
    }
}
