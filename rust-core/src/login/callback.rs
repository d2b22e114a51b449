//! The loopback listener of the same-device flow: 127.0.0.1 only, an ephemeral port, opened
//! before the browser starts. It answers `GET /oauth/callback` once; other paths get 404 and the
//! wait goes on. The request line is parsed by hand (one small request, no keep-alive).

use crate::error::{Error, Result};
use crate::interact::Cancel;
use crate::util::encoding::parse_form;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

pub const CALLBACK_PATH: &str = "/oauth/callback";
const MAX_HEAD: usize = 16 * 1024;
const READ_TIMEOUT: Duration = Duration::from_secs(10);

pub struct Callback {
    listener: TcpListener,
    port: u16,
}

/// What the browser brought back.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Code(String),
    /// The user denied consent or the service reported an error (`error` value, sanitised).
    Denied(String),
}

const DONE_PAGE: &str = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>AWS sign-in</title></head><body><h1>Sign-in complete</h1><p id=\"result\">You may close this tab and return to PowerShell.</p></body></html>";
const DENIED_PAGE: &str = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>AWS sign-in</title></head><body><h1>Sign-in was not completed</h1><p id=\"result\">You may close this tab; PowerShell shows what happened.</p></body></html>";
const BAD_PAGE: &str = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>AWS sign-in</title></head><body><h1>Invalid sign-in response</h1><p id=\"result\">This response does not belong to the sign-in that is waiting. You may close this tab.</p></body></html>";

impl Callback {
    /// Binds 127.0.0.1 on a port the OS picks.
    pub async fn bind() -> Result<Callback> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await.map_err(listen_error)?;
        let port = listener.local_addr().map_err(listen_error)?.port();
        Ok(Callback { listener, port })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn redirect_uri(&self) -> String {
        format!("http://127.0.0.1:{}{}", self.port, CALLBACK_PATH)
    }

    /// Waits for the callback carrying `state`, until cancelled. Consumes the listener, so it
    /// is closed when this returns (one use).
    pub async fn wait(self, expected_state: &str, cancel: &Cancel) -> Result<Outcome> {
        loop {
            let accepted = tokio::select! {
                a = self.listener.accept() => a,
                _ = cancel.cancelled() => return Err(Error::cancelled()),
            };
            let Ok((stream, _)) = accepted else { continue };
            if let Some(outcome) = handle(stream, expected_state).await? {
                return Ok(outcome);
            }
        }
    }
}

fn listen_error(e: std::io::Error) -> Error {
    Error::io("CallbackListenerFailed", format!("Unable to start the local listener for the sign-in callback on 127.0.0.1: {e}. Run the command again with -Remote to sign in without it."))
}

async fn respond(stream: &mut TcpStream, status: &str, body: &str) {
    let text = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.write_all(text.as_bytes()).await;
    let _ = stream.shutdown().await;
}

async fn read_head(stream: &mut TcpStream) -> Option<String> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 2048];
    let read = async {
        loop {
            let n = stream.read(&mut chunk).await.ok()?;
            if n == 0 {
                return None;
            }
            buf.extend_from_slice(&chunk[..n]);
            if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n").or_else(|| buf.windows(2).position(|w| w == b"\n\n")) {
                return Some(String::from_utf8_lossy(&buf[..end]).into_owned());
            }
            if buf.len() > MAX_HEAD {
                return None;
            }
        }
    };
    tokio::time::timeout(READ_TIMEOUT, read).await.ok().flatten()
}

/// Handles one connection: `Some` ends the wait, `None` keeps waiting.
async fn handle(mut stream: TcpStream, expected_state: &str) -> Result<Option<Outcome>> {
    let Some(head) = read_head(&mut stream).await else { return Ok(None) };
    let line = head.lines().next().unwrap_or_default();
    let mut parts = line.split(' ');
    let (method, target) = (parts.next().unwrap_or_default(), parts.next().unwrap_or_default());
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    if method != "GET" || !(path == CALLBACK_PATH || path == "/oauth/callback/") {
        respond(&mut stream, "404 Not Found", "<!DOCTYPE html><html><body>Not found</body></html>").await;
        return Ok(None);
    }
    let params = parse_form(query);
    let get = |k: &str| params.iter().rev().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    let (state, code, error) = (get("state"), get("code").filter(|c| !c.is_empty()), get("error"));
    if state.is_none() && code.is_none() && error.is_none() {
        // A bare request (a browser pre-fetch, a favicon probe): not the callback.
        respond(&mut stream, "400 Bad Request", BAD_PAGE).await;
        return Ok(None);
    }
    if state != Some(expected_state) {
        respond(&mut stream, "400 Bad Request", BAD_PAGE).await;
        return Err(Error::auth(
            "LoginStateMismatch",
            "Error loading or redeeming a login authorization code: the sign-in callback's state parameter does not match the one this login sent (possible forged request). Nothing was written; run Invoke-AWSLogin again.",
        ));
    }
    if let Some(err) = error {
        respond(&mut stream, "200 OK", DENIED_PAGE).await;
        let clean = if !err.is_empty() && err.len() <= 300 && err.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') { err.to_string() } else { "invalid_error_format".to_string() };
        return Ok(Some(Outcome::Denied(clean)));
    }
    let Some(code) = code else {
        respond(&mut stream, "200 OK", DENIED_PAGE).await;
        return Ok(Some(Outcome::Denied("no_code".into())));
    };
    respond(&mut stream, "200 OK", DONE_PAGE).await;
    Ok(Some(Outcome::Code(code.to_string())))
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn get(port: u16, target: &str) -> String {
        let mut s = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
        s.write_all(format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n").as_bytes()).await.unwrap();
        let mut out = String::new();
        let _ = s.read_to_string(&mut out).await;
        out
    }

    fn run<T>(f: impl std::future::Future<Output = T>) -> T {
        tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(f)
    }

    #[test]
    fn code_after_other_paths() {
        run(async {
            let cb = Callback::bind().await.unwrap();
            let port = cb.port();
            assert_eq!(cb.redirect_uri(), format!("http://127.0.0.1:{port}/oauth/callback"));
            let cancel = Cancel::default();
            let waiter = tokio::spawn(async move { cb.wait("S1", &cancel).await });
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
            let cb = Callback::bind().await.unwrap();
            let port = cb.port();
            let w = tokio::spawn(async move { cb.wait("S1", &Cancel::default()).await });
            get(port, "/oauth/callback/?code=x&state=EVIL").await;
            assert_eq!(w.await.unwrap().unwrap_err().code, "LoginStateMismatch");

            let cb = Callback::bind().await.unwrap();
            let port = cb.port();
            let w = tokio::spawn(async move { cb.wait("S1", &Cancel::default()).await });
            get(port, "/oauth/callback?error=access_denied&state=S1").await;
            assert_eq!(w.await.unwrap().unwrap(), Outcome::Denied("access_denied".into()));

            let cb = Callback::bind().await.unwrap();
            let port = cb.port();
            let cancel = Cancel::default();
            let c2 = cancel.clone();
            let w = tokio::spawn(async move { cb.wait("S1", &c2).await });
            tokio::time::sleep(Duration::from_millis(20)).await;
            cancel.cancel();
            assert_eq!(w.await.unwrap().unwrap_err().code, "OperationCancelled");
            assert!(TcpStream::connect(("127.0.0.1", port)).await.is_err());
        });
    }
}
