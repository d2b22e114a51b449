//! The sign-in service's side of the shared OAuth pieces ([`crate::oauth`]): its client ids, the
//! authorize URL (`code_challenge_method=SHA-256`, as the sign-in service spells it), and how the
//! same-device flow reads the loopback callback (pages, a wrong `state` is fatal, the `error`
//! value is shown only when it looks like an OAuth error code).

use crate::error::codes;
use crate::error::{Error, Result};
use crate::interact::Cancel;
use crate::oauth::loopback::{Loopback, Outcome, Rules, Strays};

/// The client id of the browser-on-this-machine flow.
pub const SAME_DEVICE_CLIENT_ID: &str = "arn:aws:signin:::devtools/same-device";
/// The client id of the paste-a-code flow (`-Remote`).
pub const CROSS_DEVICE_CLIENT_ID: &str = "arn:aws:signin:::devtools/cross-device";

/// `{base}/v1/authorize?...` with the CLI's parameter order and percent-encoding.
pub fn authorize_url(base: &str, client_id: &str, state: &str, challenge: &str, redirect_uri: &str) -> String {
    crate::oauth::authorize_url(
        &format!("{}/v1/authorize", base.trim_end_matches('/')),
        &[
            ("response_type", "code"),
            ("client_id", client_id),
            ("state", state),
            ("code_challenge_method", "SHA-256"),
            ("scope", "openid"),
            ("redirect_uri", redirect_uri),
            ("code_challenge", challenge),
        ],
    )
}

const DONE_PAGE: &str = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>AWS sign-in</title></head><body><h1>Sign-in complete</h1><p id=\"result\">You may close this tab and return to PowerShell.</p></body></html>";
const DENIED_PAGE: &str = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>AWS sign-in</title></head><body><h1>Sign-in was not completed</h1><p id=\"result\">You may close this tab; PowerShell shows what happened.</p></body></html>";
const BAD_PAGE: &str = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>AWS sign-in</title></head><body><h1>Invalid sign-in response</h1><p id=\"result\">This response does not belong to the sign-in that is waiting. You may close this tab.</p></body></html>";

fn state_mismatch() -> Error {
    Error::of(
        codes::LOGIN_STATE_MISMATCH,
        "Error loading or redeeming a login authorization code: the sign-in callback's state parameter does not match the one this login sent (possible forged request). Nothing was written; run Invoke-AWSLogin again.",
    )
}

/// As the CLI: the first callback decides, and a wrong `state` fails the login.
const CALLBACK: Rules = Rules {
    done_page: DONE_PAGE,
    denied_page: DENIED_PAGE,
    invalid_page: BAD_PAGE,
    strays: Strays::Decide { wrong_state: state_mismatch },
};

pub fn listen_error(e: std::io::Error) -> Error {
    Error::of(codes::CALLBACK_LISTENER_FAILED, format!("Unable to start the local listener for the sign-in callback on 127.0.0.1: {e}. Run the command again with -Remote to sign in without it."))
}

/// Waits on the loopback for this login's callback, until cancelled. A denial carries the
/// `error` value only when it is an OAuth error code (`[A-Za-z0-9_]`, at most 300 characters, as
/// PowerShell checks it); anything else becomes `invalid_error_format`. The description is dropped.
pub async fn wait_for_callback(loopback: Loopback, state: &str, cancel: &Cancel) -> Result<Outcome> {
    Ok(match loopback.wait(state, &CALLBACK, cancel).await? {
        Outcome::Denied { error, .. } => {
            let clean = !error.is_empty()
                && error.len() <= 300
                && error.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
            Outcome::Denied { error: if clean { error } else { "invalid_error_format".into() }, description: None }
        }
        code => code,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oauth::loopback::test_get as get;
    use crate::oauth::pkce::challenge;
    use std::time::Duration;
    use tokio::net::TcpStream;

    #[test]
    fn spec_vectors() {
        let v = "a".repeat(64);
        let url = authorize_url(
            "https://us-east-1.signin.aws.amazon.com",
            SAME_DEVICE_CLIENT_ID,
            "9c6f3e2a-0000-4000-8000-000000000000",
            &challenge(&v),
            "http://127.0.0.1:54321/oauth/callback",
        );
        assert_eq!(url, "https://us-east-1.signin.aws.amazon.com/v1/authorize?response_type=code&client_id=arn%3Aaws%3Asignin%3A%3A%3Adevtools%2Fsame-device&state=9c6f3e2a-0000-4000-8000-000000000000&code_challenge_method=SHA-256&scope=openid&redirect_uri=http%3A%2F%2F127.0.0.1%3A54321%2Foauth%2Fcallback&code_challenge=_-BU_nrgy23GXDr5th1SCfQ5hR20PQulmXM33xVGaOs");
    }

    fn run<T>(f: impl std::future::Future<Output = T>) -> T {
        tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(f)
    }

    fn denied(error: &str) -> Outcome {
        Outcome::Denied { error: error.into(), description: None }
    }

    #[test]
    fn code_after_other_paths() {
        run(async {
            let cb = Loopback::bind().await.unwrap();
            let port = cb.port();
            assert_eq!(cb.redirect_uri(), format!("http://127.0.0.1:{port}/oauth/callback"));
            let cancel = Cancel::default();
            let waiter = tokio::spawn(async move { wait_for_callback(cb, "S1", &cancel).await });
            assert!(get(port, "/favicon.ico").await.starts_with("HTTP/1.1 404"));
            assert!(get(port, "/oauth/callback").await.starts_with("HTTP/1.1 400"));
            let page = get(port, "/oauth/callback?code=abc%2B1&state=S1").await;
            assert!(page.starts_with("HTTP/1.1 200") && page.contains("You may close this tab"));
            assert_eq!(waiter.await.unwrap().unwrap(), Outcome::Code("abc+1".into()));
            // One use: the listener is gone.
            assert!(TcpStream::connect(("127.0.0.1", port)).await.is_err());
        });
    }

    #[test]
    fn wrong_state_denied_and_cancel() {
        run(async {
            let cb = Loopback::bind().await.unwrap();
            let port = cb.port();
            let w = tokio::spawn(async move { wait_for_callback(cb, "S1", &Cancel::default()).await });
            get(port, "/oauth/callback/?code=x&state=EVIL").await;
            assert_eq!(w.await.unwrap().unwrap_err().code, "LoginStateMismatch");

            let cb = Loopback::bind().await.unwrap();
            let port = cb.port();
            let w = tokio::spawn(async move { wait_for_callback(cb, "S1", &Cancel::default()).await });
            get(port, "/oauth/callback?error=access_denied&state=S1").await;
            assert_eq!(w.await.unwrap().unwrap(), denied("access_denied"));

            let cb = Loopback::bind().await.unwrap();
            let port = cb.port();
            let cancel = Cancel::default();
            let c2 = cancel.clone();
            let w = tokio::spawn(async move { wait_for_callback(cb, "S1", &c2).await });
            tokio::time::sleep(Duration::from_millis(20)).await;
            cancel.cancel();
            assert_eq!(w.await.unwrap().unwrap_err().code, "OperationCancelled");
            assert!(TcpStream::connect(("127.0.0.1", port)).await.is_err());
        });
    }

    #[test]
    fn error_values_are_sanitised() {
        run(async {
            for (query, want) in [
                ("error=bad%20value%1B%5B31m&error_description=x", "invalid_error_format"),
                ("error=", "invalid_error_format"),
                ("", "no_code"),
            ] {
                let cb = Loopback::bind().await.unwrap();
                let port = cb.port();
                let w = tokio::spawn(async move { wait_for_callback(cb, "S1", &Cancel::default()).await });
                let page = get(port, &format!("/oauth/callback?{query}&state=S1")).await;
                assert!(page.starts_with("HTTP/1.1 200") && page.contains("PowerShell shows what happened"), "{query}");
                assert_eq!(w.await.unwrap().unwrap(), denied(want), "{query}");
            }
        });
    }
}
