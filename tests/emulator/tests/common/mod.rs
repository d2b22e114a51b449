//! Test harness for the emulator binary: start it, read its URL line, talk raw HTTP/1.1 over
//! `std::net::TcpStream` (no client crates), and a tiny SigV4 signer that lives in the tests
//! only. Later service tests can `mod common;` and reuse all of it.

#![allow(dead_code)]

pub mod signer;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::{Duration, Instant};

/// RFC 3986 percent-encoding of everything but the unreserved characters, as AWS query and
/// form values are encoded; written here, not taken from awslogin-core, which the emulator judges.
pub fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{:02X}", b)
            }
        })
        .collect()
}

/// A running emulator; killed (if still running) when dropped.
pub struct Emulator {
    child: Child,
    stdin: Option<ChildStdin>,
    /// `http://127.0.0.1:PORT`
    pub url: String,
    /// `127.0.0.1:PORT`
    pub authority: String,
}

/// A parsed HTTP response.
#[derive(Debug)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl HttpResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({}): {}", e, self.body))
    }

    /// The text of the first `<tag>…</tag>` in an XML body.
    pub fn xml_text(&self, tag: &str) -> Option<String> {
        let open = format!("<{}>", tag);
        let start = self.body.find(&open)? + open.len();
        let end = self.body[start..].find(&format!("</{}>", tag))? + start;
        Some(self.body[start..end].to_string())
    }
}

impl Emulator {
    pub fn start() -> Emulator {
        Emulator::start_with(&[])
    }

    /// Starts the binary with `--exit-on-stdin-eof` (so a crashed test run cannot leak it) and
    /// `extra` arguments; set `AWSLOGIN_EMULATOR_LOG=1` to see its stderr.
    pub fn start_with(extra: &[&str]) -> Emulator {
        let log = std::env::var_os("AWSLOGIN_EMULATOR_LOG").is_some();
        let mut child = Command::new(env!("CARGO_BIN_EXE_awslogin-emulator"))
            .arg("--exit-on-stdin-eof")
            .args(extra)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(if log { Stdio::inherit() } else { Stdio::null() })
            .spawn()
            .expect("start awslogin-emulator");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).expect("read URL line");
        let url = line.trim().to_string();
        assert!(url.starts_with("http://127.0.0.1:"), "unexpected first line {:?}", line);
        let authority = url.trim_start_matches("http://").to_string();
        Emulator { stdin: child.stdin.take(), child, url, authority }
    }

    /// Sends one request on a fresh connection (`Connection: close`). `Host` and
    /// `Content-Length` are added; `headers` come after them in the given order.
    pub fn request(
        &self,
        method: &str,
        target: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> std::io::Result<HttpResponse> {
        let mut stream = TcpStream::connect(&self.authority)?;
        stream.set_read_timeout(Some(Duration::from_secs(15)))?;
        let mut head = format!(
            "{} {} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: {}\r\n",
            method,
            target,
            self.authority,
            body.len()
        );
        for (n, v) in headers {
            head.push_str(&format!("{}: {}\r\n", n, v));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes())?;
        stream.write_all(body)?;
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw)?;
        if raw.is_empty() {
            return Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "connection closed without a response"));
        }
        let text = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let mut lines = head.split("\r\n");
        let status = lines.next().and_then(|l| l.split(' ').nth(1)).and_then(|s| s.parse().ok()).expect("status line");
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
            .collect();
        Ok(HttpResponse { status, headers, body: body.to_string() })
    }

    /// A control-API call with an optional JSON body; panics unless it answers 200.
    pub fn control(&self, method: &str, path: &str, body: Option<serde_json::Value>) -> serde_json::Value {
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let r = self
            .request(method, &format!("/_emulator{}", path), &[("Content-Type", "application/json")], body.as_bytes())
            .expect("control API reachable");
        assert_eq!(r.status, 200, "control {} {}: {}", method, path, r.body);
        r.json()
    }

    /// The emulator's clock as SigV4's `X-Amz-Date` (from `/_emulator/health`).
    pub fn amz_now(&self) -> String {
        let now = self.control("GET", "/health", None)["now"].as_str().unwrap().to_string();
        now.replace(['-', ':'], "")
    }

    /// Closes the emulator's stdin (it should then exit by itself).
    pub fn close_stdin(&mut self) {
        self.stdin.take();
    }

    /// Waits up to `timeout` for the process to exit by itself.
    pub fn wait_exit(&mut self, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        false
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}
