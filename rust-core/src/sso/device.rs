//! The device-code flow: StartDeviceAuthorization, show the URL and code, poll CreateToken at the
//! given interval (`authorization_pending` → wait, `slow_down` → 5 s more, `expired_token` → fail).

use super::cache::Registration;
use super::oidc::{DeviceAuthorization, Oidc, TokenResponse};
use crate::error::codes;
use crate::error::{Error, Result};
use serde_json::json;
use std::time::{Duration, Instant};

pub const DEVICE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";

/// Runs the flow. `open` is called with the verification URL to show it in a browser (it may do
/// nothing). Gives up after `timeout` or when the service says the code expired.
pub async fn run(
    oidc: &Oidc<'_>,
    reg: &Registration,
    start_url: &str,
    timeout: Duration,
    open: impl Fn(&str),
) -> Result<TokenResponse> {
    let ui = oidc.ui;
    let auth: DeviceAuthorization =
        oidc.start_device_authorization(&reg.client_id, &reg.client_secret, start_url).await?;
    let complete = auth.verification_uri_complete.clone().unwrap_or_else(|| {
        format!(
            "{}/?user_code={}",
            auth.verification_uri.trim_end_matches('/'),
            crate::util::encoding::uri_encode(&auth.user_code, false)
        )
    });
    ui.info(format!(
        "To sign in, open the following URL on any device and confirm the code:\n{}\nVerification code: {}",
        auth.verification_uri, auth.user_code
    ));
    open(&complete);
    let started = Instant::now();
    let limit = timeout.min(Duration::from_secs(auth.expires_in.max(1) as u64));
    let mut interval = Duration::from_secs(auth.interval.max(1) as u64);
    let grant = json!({"grantType": DEVICE_GRANT, "deviceCode": auth.device_code});
    loop {
        let left = limit.saturating_sub(started.elapsed());
        ui.progress(
            "Waiting for the IAM Identity Center sign-in",
            &format!("Open {} and enter the code {}", auth.verification_uri, auth.user_code),
            Some(left.as_secs()),
            Some(&complete),
        );
        match oidc.create_token(&reg.client_id, &reg.client_secret, grant.clone()).await {
            Ok(t) => return Ok(t),
            Err(e) => match e.oauth_code() {
                Some("authorization_pending") => {}
                Some("slow_down") => interval += Duration::from_secs(5),
                Some("expired_token") => {
                    return Err(Error::of(
                        codes::DEVICE_CODE_EXPIRED,
                        "The device code expired before it was approved. Nothing was saved; run the command again.",
                    ))
                }
                Some("access_denied") => {
                    return Err(Error::of(
                        codes::ACCESS_DENIED,
                        "The sign-in request was denied in the browser. Nothing was saved.",
                    ))
                }
                _ => return Err(e.into_error("CreateToken (device_code)")),
            },
        }
        if started.elapsed() + interval > limit {
            return Err(Error::of(
                codes::SSO_LOGIN_TIMED_OUT,
                format!(
                    "The device code was not approved within {} seconds. Nothing was saved; run the command again.",
                    limit.as_secs()
                ),
            ));
        }
        ui.cancel
            .run(async {
                tokio::time::sleep(interval).await;
                Ok(())
            })
            .await?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::HttpResponse;
    use crate::interact::{Event, Interaction};
    use crate::sso::Transport;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    #[test]
    fn polls_until_approved_and_reports_expiry() {
        for (answers, ok) in [
            (vec!["authorization_pending", "ok"], true),
            (vec!["authorization_pending", "expired_token"], false),
            (vec!["slow_down", "ok"], true),
        ] {
            let started = Instant::now();
            let slowed = answers[0] == "slow_down";
            let n = Arc::new(AtomicUsize::new(0));
            let n2 = n.clone();
            let t = Transport::fake(move |req| {
                let body = if req.url.ends_with("/device_authorization") {
                    r#"{"deviceCode":"D","userCode":"ABCD-EFGH","verificationUri":"http://v/","expiresIn":60,"interval":1}"#.to_string()
                } else {
                    let b: serde_json::Value = serde_json::from_slice(&req.body).unwrap();
                    assert_eq!((b["grantType"].as_str(), b["deviceCode"].as_str()), (Some(DEVICE_GRANT), Some("D")));
                    match answers[n2.fetch_add(1, Ordering::SeqCst).min(answers.len() - 1)] {
                        "ok" => r#"{"accessToken":"AT","expiresIn":3600,"refreshToken":"RT"}"#.to_string(),
                        e => {
                            return Ok(HttpResponse {
                                status: 400,
                                headers: vec![],
                                body: format!(r#"{{"error":"{e}"}}"#).into_bytes(),
                            })
                        }
                    }
                };
                Ok(HttpResponse { status: 200, headers: vec![], body: body.into_bytes() })
            });
            let ui = Interaction::collecting();
            let oidc = Oidc { endpoint: "http://o", ui: &ui, http: &t };
            let reg = Registration {
                client_id: "C".into(),
                client_secret: "S".into(),
                expires_at: std::time::SystemTime::now(),
                scopes: vec![],
                grant_types: vec![],
            };
            let opened = std::sync::Mutex::new(String::new());
            let r = crate::runtime::block_on(run(&oidc, &reg, "https://x/start", Duration::from_secs(30), |u| {
                *opened.lock().unwrap() = u.to_string()
            }));
            assert_eq!(r.is_ok(), ok, "{r:?}");
            if slowed {
                // slow_down adds 5 s to the 1 s interval.
                assert!(started.elapsed() >= Duration::from_secs(6), "{:?}", started.elapsed());
            }
            if !ok {
                assert_eq!(r.unwrap_err().code, "DeviceCodeExpired");
            }
            assert_eq!(opened.lock().unwrap().as_str(), "http://v/?user_code=ABCD-EFGH");
            assert!(ui
                .take_events()
                .iter()
                .any(|e| matches!(e, Event::Info { message } if message.contains("ABCD-EFGH"))));
        }
    }
}
