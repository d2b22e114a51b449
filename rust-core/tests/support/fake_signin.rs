//! A tiny HTTP/1.1 server on 127.0.0.1 for the login tests: answers each request with the next
//! canned response and records what it received.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

#[derive(Debug, Clone)]
pub struct Received {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("request body is JSON")
    }
}

pub struct FakeServer {
    pub base: String,
    pub received: Arc<Mutex<Vec<Received>>>,
}

impl FakeServer {
    /// Serves `responses` (status, body) in order; after them, 500.
    pub fn start(responses: Vec<(u16, String)>) -> FakeServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
        let received = Arc::new(Mutex::new(Vec::new()));
        let rec = received.clone();
        std::thread::spawn(move || {
            let mut responses = responses.into_iter();
            for stream in listener.incoming() {
                let Ok(mut s) = stream else { continue };
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                let head_end = loop {
                    let n = match s.read(&mut chunk) {
                        Ok(0) | Err(_) => break None,
                        Ok(n) => n,
                    };
                    buf.extend_from_slice(&chunk[..n]);
                    if let Some(p) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                        break Some(p);
                    }
                };
                let Some(head_end) = head_end else { continue };
                let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
                let mut lines = head.split("\r\n");
                let mut first = lines.next().unwrap_or_default().split(' ');
                let method = first.next().unwrap_or_default().to_string();
                let path = first.next().unwrap_or_default().to_string();
                let headers: Vec<(String, String)> = lines
                    .filter_map(|l| l.split_once(':'))
                    .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
                    .collect();
                let len: usize = headers
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
                    .map(|(_, v)| v.parse().unwrap_or(0))
                    .unwrap_or(0);
                let mut body = buf[head_end + 4..].to_vec();
                while body.len() < len {
                    let n = match s.read(&mut chunk) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => n,
                    };
                    body.extend_from_slice(&chunk[..n]);
                }
                rec.lock().unwrap().push(Received { method, path, headers, body });
                let (status, text) = responses.next().unwrap_or((500, "{}".to_string()));
                let resp = format!(
                    "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}",
                    text.len()
                );
                let _ = s.write_all(resp.as_bytes());
            }
        });
        FakeServer { base, received }
    }

    pub fn requests(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

/// Checks a DPoP proof: ES256 signature by the key in its own header, `htm`, `htu`; returns the
/// header's jwk and the claims.
pub fn check_dpop(proof: &str, htu: &str) -> (serde_json::Value, serde_json::Value) {
    // Strictly unpadded base64url (RFC 7515), never the client's own decoder.
    let decode = |text: &str, what: &str| {
        super::base64url::decode_strict(text).unwrap_or_else(|e| panic!("DPoP {what} is not unpadded base64url: {e}"))
    };
    let parts: Vec<&str> = proof.split('.').collect();
    assert_eq!(parts.len(), 3, "a JWT has three parts");
    let header: serde_json::Value = serde_json::from_slice(&decode(parts[0], "header")).unwrap();
    let claims: serde_json::Value = serde_json::from_slice(&decode(parts[1], "payload")).unwrap();
    assert_eq!(header["typ"], "dpop+jwt");
    assert_eq!(header["alg"], "ES256");
    let mut point = vec![4u8];
    point.extend(decode(header["jwk"]["x"].as_str().unwrap(), "jwk.x"));
    point.extend(decode(header["jwk"]["y"].as_str().unwrap(), "jwk.y"));
    let sig = decode(parts[2], "signature");
    ring::signature::UnparsedPublicKey::new(&ring::signature::ECDSA_P256_SHA256_FIXED, &point)
        .verify(format!("{}.{}", parts[0], parts[1]).as_bytes(), &sig)
        .expect("DPoP signature verifies");
    assert_eq!(claims["htm"], "POST");
    assert_eq!(claims["htu"], htu);
    assert!(claims["iat"].is_i64());
    assert_eq!(claims["jti"].as_str().unwrap().len(), 36);
    (header["jwk"].clone(), claims)
}

/// A fresh temporary folder.
pub fn temp_dir(tag: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("awslogin-{tag}-{}", awslogin_core::util::random::uuid_v4()));
    std::fs::create_dir_all(&d).unwrap();
    d
}
