//! The loopback listener that receives the authorization code:
//! `http://127.0.0.1:{port}/oauth/callback`, on 127.0.0.1 only and a port the OS picks, bound
//! before the browser starts (the port is part of the redirect URI).
//!
//! Every request gets an answer, so a browser never hangs; a request that is not the callback
//! (another path, another method, no `state`, `code` or `error`) is answered and the wait goes on.
//! The request line is parsed by hand: one small request per connection, no keep-alive, and a
//! connection that sends no full head within 10 s or more than 16 KiB is dropped.
//!
//! The flows differ in what a callback that does not belong to this login does ([`Strays`]) and
//! in the pages they show ([`Rules`]); how much of a refusal's `error` text to show is theirs too.

use crate::error::codes;
use crate::error::{Error, Result};
use crate::interact::Cancel;
use crate::util::encoding::parse_form;
use std::io::ErrorKind;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

pub const CALLBACK_PATH: &str = "/oauth/callback";
const MAX_HEAD: usize = 16 * 1024;
const READ_TIMEOUT: Duration = Duration::from_secs(10);
const NOT_FOUND_PAGE: &str = "<!DOCTYPE html><html><body>Not found</body></html>";

/// What a request on the callback path does when it is not an answer to this login: its `state`
/// is wrong or missing, or it has our `state` but neither a `code` nor an `error`.
#[derive(Clone, Copy)]
pub enum Strays {
    /// Console sign-in (login.md §2.4, as the CLI): the first request carrying `state`, `code`
    /// or `error` is the callback. A wrong or missing `state` ends the wait with the error
    /// `wrong_state` makes (a forged or crossed callback must not be retried silently); our
    /// `state` without a code ends it as a denial, `no_code`.
    Decide { wrong_state: fn() -> Error },
    /// IAM Identity Center: answered 400 and ignored; only our `state` with a `code` or an
    /// `error` ends the wait, so a stray request cannot abort a sign-in in progress.
    Ignore,
}

/// A flow's parameters: its pages (each with an element the test browser looks for) and [`Strays`].
pub struct Rules {
    /// 200, after a code.
    pub done_page: &'static str,
    /// 200, after an `error` (or, with [`Strays::Decide`], our `state` without a code).
    pub denied_page: &'static str,
    /// 400, for a request on the callback path that is not an answer to this login.
    pub invalid_page: &'static str,
    pub strays: Strays,
}

/// What the browser brought back.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Code(String),
    /// `error` and `error_description` as the request carried them (the flow decides how much
    /// of this untrusted text to show).
    Denied {
        error: String,
        description: Option<String>,
    },
}

pub struct Loopback {
    listener: TcpListener,
    port: u16,
}

impl Loopback {
    /// Binds 127.0.0.1 on a port the OS picks. The flow words the error (each names its own
    /// way around a loopback that cannot be opened).
    pub async fn bind() -> std::io::Result<Loopback> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let port = listener.local_addr()?.port();
        Ok(Loopback { listener, port })
    }

    #[cfg(test)]
    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn redirect_uri(&self) -> String {
        format!("http://127.0.0.1:{}{}", self.port, CALLBACK_PATH)
    }

    /// Waits for the callback carrying `state` until cancelled (time limits are the flow's).
    /// Consumes the listener, so the port is closed when this returns, whatever the outcome.
    pub async fn wait(self, state: &str, rules: &Rules, cancel: &Cancel) -> Result<Outcome> {
        cancel
            .run(async {
                loop {
                    let stream = match self.listener.accept().await {
                        Ok((stream, _)) => stream,
                        // The client went away before we took the connection: not our failure.
                        Err(e)
                            if matches!(
                                e.kind(),
                                ErrorKind::ConnectionAborted | ErrorKind::ConnectionReset | ErrorKind::Interrupted
                            ) =>
                        {
                            continue
                        }
                        // Anything else (out of file descriptors, ...) would repeat forever.
                        Err(e) => {
                            return Err(Error::of(
                                codes::CALLBACK_LISTENER_FAILED,
                                format!("The sign-in callback listener failed: {e}."),
                            ))
                        }
                    };
                    if let Some(end) = handle(stream, state, rules).await {
                        return end;
                    }
                }
            })
            .await
    }
}

/// Answers one connection: `Some` ends the wait, `None` keeps waiting.
async fn handle(mut stream: TcpStream, state: &str, rules: &Rules) -> Option<Result<Outcome>> {
    let line = read_request_line(&mut stream).await?;
    let (end, status, page) = classify(&line, state, rules);
    respond(&mut stream, status, page).await;
    end
}

/// Decides from the request line (`GET /oauth/callback?code=…&state=… HTTP/1.1`): what it does
/// to the wait, and the status and page to answer with.
fn classify(line: &str, state: &str, rules: &Rules) -> (Option<Result<Outcome>>, &'static str, &'static str) {
    let mut parts = line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or_default(), parts.next().unwrap_or_default());
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    // PowerShell's listener prefix ends in '/', so the trailing-slash form is accepted too (login.md).
    if method != "GET" || !(path == CALLBACK_PATH || path.strip_suffix('/') == Some(CALLBACK_PATH)) {
        return (None, "404 Not Found", NOT_FOUND_PAGE);
    }
    let pairs = parse_form(query);
    // The first of repeated parameters counts, as with the CLI's parse_qs(...)[0].
    let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    let (got_state, code, error) = (get("state"), get("code").filter(|c| !c.is_empty()), get("error"));
    if got_state != Some(state) {
        return match rules.strays {
            // A bare request (a browser pre-fetch, a probe) is never the callback.
            Strays::Decide { wrong_state } if got_state.is_some() || code.is_some() || error.is_some() => {
                (Some(Err(wrong_state())), "400 Bad Request", rules.invalid_page)
            }
            _ => (None, "400 Bad Request", rules.invalid_page),
        };
    }
    if let Some(error) = error {
        let denied =
            Outcome::Denied { error: error.to_string(), description: get("error_description").map(str::to_string) };
        return (Some(Ok(denied)), "200 OK", rules.denied_page);
    }
    match (code, rules.strays) {
        (Some(code), _) => (Some(Ok(Outcome::Code(code.to_string()))), "200 OK", rules.done_page),
        (None, Strays::Decide { .. }) => {
            (Some(Ok(Outcome::Denied { error: "no_code".into(), description: None })), "200 OK", rules.denied_page)
        }
        (None, Strays::Ignore) => (None, "400 Bad Request", rules.invalid_page),
    }
}

/// The first line of the request head, or `None` when the client sends no complete head in
/// time (or too much): such a connection is dropped unanswered.
async fn read_request_line(stream: &mut TcpStream) -> Option<String> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 2048];
    let read = async {
        loop {
            let n = stream.read(&mut chunk).await.ok()?;
            if n == 0 {
                return None;
            }
            buf.extend_from_slice(&chunk[..n]);
            if buf.windows(4).any(|w| w == b"\r\n\r\n") || buf.windows(2).any(|w| w == b"\n\n") {
                return Some(String::from_utf8_lossy(&buf).lines().next().unwrap_or_default().to_string());
            }
            if buf.len() > MAX_HEAD {
                return None;
            }
        }
    };
    tokio::time::timeout(READ_TIMEOUT, read).await.ok().flatten()
}

async fn respond(stream: &mut TcpStream, status: &str, body: &str) {
    let text = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    // The browser may be gone already; the outcome does not depend on it reading the page.
    let _ = stream.write_all(text.as_bytes()).await;
    let _ = stream.shutdown().await;
}

/// For the flows' tests too: one GET over TCP, and the whole response.
#[cfg(test)]
pub(crate) async fn test_get(port: u16, target: &str) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    s.write_all(format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n").as_bytes()).await.unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).await.unwrap();
    out
}

#[cfg(test)]
mod tests {
    use super::{test_get as get, *};

    fn mismatch() -> Error {
        Error::of(codes::LOGIN_STATE_MISMATCH, "wrong state")
    }
    const DECIDE: Rules = Rules {
        done_page: "done",
        denied_page: "denied",
        invalid_page: "invalid",
        strays: Strays::Decide { wrong_state: mismatch },
    };
    const IGNORE: Rules =
        Rules { done_page: "done", denied_page: "denied", invalid_page: "invalid", strays: Strays::Ignore };

    /// What a request line does to the wait: `Ok(None)` keeps waiting, else the outcome or error code.
    fn ends(line: &str, rules: &Rules) -> std::result::Result<Option<Outcome>, String> {
        match classify(line, "S", rules).0 {
            None => Ok(None),
            Some(Ok(o)) => Ok(Some(o)),
            Some(Err(e)) => Err(e.code),
        }
    }

    fn denied(error: &str, description: Option<&str>) -> Option<Outcome> {
        Some(Outcome::Denied { error: error.into(), description: description.map(str::to_string) })
    }

    #[test]
    fn request_lines_both_flows() {
        for rules in [&DECIDE, &IGNORE] {
            assert_eq!(
                ends("GET /oauth/callback?code=abc%2B1&state=S HTTP/1.1", rules),
                Ok(Some(Outcome::Code("abc+1".into())))
            );
            assert_eq!(
                ends("GET /oauth/callback/?code=abc&state=S HTTP/1.1", rules),
                Ok(Some(Outcome::Code("abc".into())))
            );
            assert_eq!(ends("GET /favicon.ico HTTP/1.1", rules), Ok(None));
            assert_eq!(ends("GET /oauth/other?code=abc&state=S HTTP/1.1", rules), Ok(None));
            assert_eq!(ends("POST /oauth/callback?code=abc&state=S HTTP/1.1", rules), Ok(None));
            assert_eq!(ends("GET /oauth/callback HTTP/1.1", rules), Ok(None));
            assert_eq!(
                ends("GET /oauth/callback?error=access_denied&state=S HTTP/1.1", rules),
                Ok(denied("access_denied", None))
            );
            assert_eq!(
                ends("GET /oauth/callback?error=x&error_description=why&code=c&state=S HTTP/1.1", rules),
                Ok(denied("x", Some("why")))
            );
            assert_eq!(
                ends("GET /oauth/callback?code=first&code=second&state=S HTTP/1.1", rules),
                Ok(Some(Outcome::Code("first".into())))
            );
            assert_eq!(classify("GET /favicon.ico HTTP/1.1", "S", rules).1, "404 Not Found");
            assert_eq!(classify("GET /oauth/callback HTTP/1.1", "S", rules).1, "400 Bad Request");
            assert_eq!(classify("GET /oauth/callback?code=abc&state=S HTTP/1.1", "S", rules).2, "done");
        }
    }

    #[test]
    fn strays_decide_or_are_ignored() {
        for line in [
            "GET /oauth/callback?code=abc&state=X HTTP/1.1",
            "GET /oauth/callback?code=abc HTTP/1.1",
            "GET /oauth/callback?error=e HTTP/1.1",
        ] {
            assert_eq!(ends(line, &DECIDE), Err("LoginStateMismatch".into()), "{line}");
            assert_eq!(ends(line, &IGNORE), Ok(None), "{line}");
            assert_eq!(classify(line, "S", &IGNORE).1, "400 Bad Request");
        }
        assert_eq!(ends("GET /oauth/callback?state=S HTTP/1.1", &DECIDE), Ok(denied("no_code", None)));
        assert_eq!(classify("GET /oauth/callback?state=S HTTP/1.1", "S", &DECIDE).2, "denied");
        assert_eq!(ends("GET /oauth/callback?state=S&code= HTTP/1.1", &IGNORE), Ok(None));
    }

    #[test]
    fn over_tcp_one_use_and_cancel() {
        crate::runtime::block_on(async {
            let lb = Loopback::bind().await.unwrap();
            let port = lb.port();
            assert_eq!(lb.redirect_uri(), format!("http://127.0.0.1:{port}/oauth/callback"));
            let waiter = tokio::spawn(async move { lb.wait("S", &IGNORE, &Cancel::default()).await });
            assert!(get(port, "/other").await.starts_with("HTTP/1.1 404"));
            let page = get(port, "/oauth/callback?code=C1&state=S").await;
            assert!(page.starts_with("HTTP/1.1 200") && page.ends_with("\r\n\r\ndone"));
            assert_eq!(waiter.await.unwrap().unwrap(), Outcome::Code("C1".into()));
            // One use: the listener is gone.
            assert!(TcpStream::connect(("127.0.0.1", port)).await.is_err());

            let lb = Loopback::bind().await.unwrap();
            let port = lb.port();
            let cancel = Cancel::default();
            cancel.cancel();
            assert_eq!(lb.wait("S", &IGNORE, &cancel).await.unwrap_err().code, "OperationCancelled");
            assert!(TcpStream::connect(("127.0.0.1", port)).await.is_err());
        });
    }
}
