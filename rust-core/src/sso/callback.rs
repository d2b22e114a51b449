//! The loopback listener that receives the authorization code: `http://127.0.0.1:{port}/oauth/callback`.
//!
//! Rules: it listens on 127.0.0.1 only, on a port the OS picks; it answers every request (so the
//! browser never hangs) but only a GET of `/oauth/callback` whose `state` equals ours can end the
//! wait, with a `code` (success) or an `error` (refused); anything else is answered and ignored.
//! A connection that sends nothing for 10 s is dropped. The listener closes when the value is
//! dropped: on success, failure, timeout or Ctrl+C.

use crate::error::{Error, ErrorKind, Result};
use crate::interact::Cancel;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

pub const CALLBACK_PATH: &str = "/oauth/callback";
const READ_TIMEOUT: Duration = Duration::from_secs(10);
const MAX_REQUEST: usize = 16 * 1024;

pub struct Listener {
    listener: TcpListener,
    port: u16,
}

/// What the browser brought back.
#[derive(Debug, PartialEq, Eq)]
enum Outcome {
    Code(String),
    Refused(String),
    Ignore,
}

const PAGE_OK: &str = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>AwsLogin</title></head><body><h1 id=\"result\">Signed in</h1><p>You can close this window and return to PowerShell.</p></body></html>";
const PAGE_DENIED: &str = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>AwsLogin</title></head><body><h1 id=\"error\">Sign-in was not completed</h1><p>Return to PowerShell for details.</p></body></html>";

impl Listener {
    pub async fn bind() -> Result<Listener> {
        let listener = TcpListener::bind(("127.0.0.1", 0))
            .await
            .map_err(|e| Error::io("CallbackListenerFailed", format!("Could not listen on 127.0.0.1 for the sign-in callback: {e}. Use -UseDeviceCode instead.")))?;
        let port = listener.local_addr().map_err(|e| Error::internal(e.to_string()))?.port();
        Ok(Listener { listener, port })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn redirect_uri(&self) -> String {
        format!("http://127.0.0.1:{}{}", self.port, CALLBACK_PATH)
    }

    /// Waits for the callback carrying `state`, at most `timeout`; returns the code.
    pub async fn wait(&self, state: &str, timeout: Duration, cancel: &Cancel) -> Result<String> {
        let work = async {
            loop {
                let (stream, _) = self.listener.accept().await.map_err(|e| Error::io("CallbackListenerFailed", format!("The sign-in callback listener failed: {e}.")))?;
                match handle(stream, state).await {
                    Outcome::Code(c) => return Ok(c),
                    Outcome::Refused(why) => {
                        return Err(Error::new(ErrorKind::Authentication, "AccessDenied", format!("The sign-in was refused in the browser ({why}). Nothing was saved.")))
                    }
                    Outcome::Ignore => continue,
                }
            }
        };
        cancel
            .run(async {
                match tokio::time::timeout(timeout, work).await {
                    Ok(r) => r,
                    Err(_) => Err(Error::new(
                        ErrorKind::Authentication,
                        "SsoLoginTimedOut",
                        format!("The browser sign-in was not completed within {} seconds. Nothing was saved; run the command again, or use -UseDeviceCode.", timeout.as_secs()),
                    )),
                }
            })
            .await
    }
}

async fn read_head(stream: &mut TcpStream) -> Option<String> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 2048];
    let read = async {
        loop {
            let n = stream.read(&mut chunk).await.ok()?;
            if n == 0 {
                return None;
            }
            buf.extend_from_slice(&chunk[..n]);
            if buf.windows(4).any(|w| w == b"\r\n\r\n") || buf.windows(2).any(|w| w == b"\n\n") {
                return Some(());
            }
            if buf.len() > MAX_REQUEST {
                return None;
            }
        }
    };
    tokio::time::timeout(READ_TIMEOUT, read).await.ok()??;
    let text = String::from_utf8_lossy(&buf).into_owned();
    Some(text.lines().next().unwrap_or_default().to_string())
}

async fn respond(stream: &mut TcpStream, status: &str, body: &str) {
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes()).await;
    let _ = stream.write_all(body.as_bytes()).await;
    let _ = stream.shutdown().await;
}

async fn handle(mut stream: TcpStream, state: &str) -> Outcome {
    let Some(line) = read_head(&mut stream).await else { return Outcome::Ignore };
    let (outcome, status, page) = classify(&line, state);
    respond(&mut stream, status, page).await;
    outcome
}

/// Decides from the request line `GET /oauth/callback?code=…&state=… HTTP/1.1`.
fn classify(line: &str, state: &str) -> (Outcome, &'static str, &'static str) {
    let mut parts = line.split_whitespace();
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else { return (Outcome::Ignore, "400 Bad Request", PAGE_DENIED) };
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    if method != "GET" || path != CALLBACK_PATH {
        return (Outcome::Ignore, "404 Not Found", PAGE_DENIED);
    }
    let pairs = crate::util::encoding::parse_form(query);
    let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    if get("state").as_deref() != Some(state) {
        // Not our login (or forged): answer, but keep waiting for the real one.
        return (Outcome::Ignore, "400 Bad Request", PAGE_DENIED);
    }
    if let Some(err) = get("error") {
        let desc = get("error_description").map(|d| format!(": {}", d.chars().take(200).collect::<String>())).unwrap_or_default();
        return (Outcome::Refused(format!("{err}{desc}")), "200 OK", PAGE_DENIED);
    }
    match get("code").filter(|c| !c.is_empty()) {
        Some(code) => (Outcome::Code(code), "200 OK", PAGE_OK),
        None => (Outcome::Ignore, "400 Bad Request", PAGE_DENIED),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_lines() {
        assert_eq!(classify("GET /oauth/callback?code=abc%2B1&state=S HTTP/1.1", "S").0, Outcome::Code("abc+1".into()));
        assert_eq!(classify("GET /oauth/callback?code=abc&state=X HTTP/1.1", "S").0, Outcome::Ignore);
        assert_eq!(classify("GET /favicon.ico HTTP/1.1", "S").0, Outcome::Ignore);
        assert_eq!(classify("POST /oauth/callback?code=abc&state=S HTTP/1.1", "S").0, Outcome::Ignore);
        assert!(matches!(classify("GET /oauth/callback?error=access_denied&state=S HTTP/1.1", "S").0, Outcome::Refused(_)));
    }

    #[test]
    fn end_to_end_over_tcp_and_cancel() {
        crate::runtime::block_on(async {
            let l = Listener::bind().await.unwrap();
            let port = l.port();
            let client = tokio::spawn(async move {
                // A stray request first, then the real callback.
                for target in ["/other", "/oauth/callback?code=C1&state=S"] {
                    let mut s = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
                    s.write_all(format!("GET {target} HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes()).await.unwrap();
                    let mut out = String::new();
                    s.read_to_string(&mut out).await.unwrap();
                }
            });
            assert_eq!(l.wait("S", Duration::from_secs(5), &Cancel::default()).await.unwrap(), "C1");
            client.await.unwrap();
            let cancel = Cancel::default();
            cancel.cancel();
            assert_eq!(l.wait("S", Duration::from_secs(5), &cancel).await.unwrap_err().code, "OperationCancelled");
            assert_eq!(l.wait("S", Duration::from_millis(50), &Cancel::default()).await.unwrap_err().code, "SsoLoginTimedOut");
        });
    }
}
