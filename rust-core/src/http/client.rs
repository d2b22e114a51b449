//! The shared HTTP client.
//!
//! rustls with certificate verification always on for https (there is no switch to turn it
//! off); plain http is allowed because the emulator and local endpoints use it.

use crate::error::codes;
use crate::error::{Error, Result};
use once_cell::sync::Lazy;
use std::time::Duration;

static CLIENT: Lazy<std::result::Result<reqwest::Client, String>> = Lazy::new(|| {
    reqwest::Client::builder()
        .use_rustls_tls()
        .connect_timeout(Duration::from_secs(5))
        .timeout(Duration::from_secs(30))
        .pool_idle_timeout(Duration::from_secs(60))
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("awslogin/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| e.to_string())
});

/// A request; `url` is absolute.
#[derive(Clone)]
pub struct HttpRequest {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

// Headers may carry bearer tokens and signatures: Debug shows names only.
impl std::fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(k, _)| k.as_str()).collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &names)
            .finish()
    }
}

#[derive(Debug, Clone)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// The `Host` header value reqwest will send for `url` (host, plus the port when it is not the
/// scheme's default), which SigV4 must sign byte for byte.
pub fn host_header(url: &reqwest::Url) -> Result<String> {
    let host =
        url.host_str().ok_or_else(|| Error::of(codes::INVALID_ENDPOINT, format!("The endpoint {url} has no host.")))?;
    Ok(match url.port() {
        Some(p) => format!("{host}:{p}"),
        None => host.to_string(),
    })
}

/// Sends one request (no retries).
pub async fn send(req: &HttpRequest) -> Result<HttpResponse> {
    let client = CLIENT.as_ref().map_err(|e| Error::internal(format!("Could not create the HTTP client: {e}")))?;
    let method = reqwest::Method::from_bytes(req.method.as_bytes()).map_err(|_| Error::internal("bad HTTP method"))?;
    let mut builder = client.request(method, &req.url);
    for (k, v) in &req.headers {
        builder = builder.header(k.as_str(), v.as_str());
    }
    let response = builder.body(req.body.clone()).send().await.map_err(|e| network_error(&req.url, &e))?;
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(k, v)| (k.as_str().to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
        .collect();
    let body = response.bytes().await.map_err(|e| network_error(&req.url, &e))?.to_vec();
    Ok(HttpResponse { status, headers, body })
}

fn network_error(url: &str, e: &reqwest::Error) -> Error {
    // reqwest's Display may include the URL (never a header or body), which is safe to show.
    let what = if e.is_timeout() {
        "the request timed out"
    } else if e.is_connect() {
        "the connection failed"
    } else {
        "the connection broke"
    };
    let mut detail = String::new();
    let mut source: Option<&dyn std::error::Error> = std::error::Error::source(e);
    while let Some(s) = source {
        detail = s.to_string();
        source = s.source();
    }
    let host = reqwest::Url::parse(url).ok().and_then(|u| u.host_str().map(|h| h.to_string())).unwrap_or_default();
    Error::of(
        codes::ENDPOINT_UNREACHABLE,
        format!(
            "Could not reach {url}: {what}{}. Check the endpoint (-EndpointUrl, AWS_ENDPOINT_URL*, endpoint_url), your network and any proxy for {host}.",
            if detail.is_empty() { String::new() } else { format!(" ({detail})") }
        ),
    )
}
