//! One listener serves every emulated service; this module reads each request, applies the
//! control API / faults / request log, and dispatches to the service that owns the path.
//!
//! # Adding a service
//!
//! Every service is a module with three functions:
//!
//! ```ignore
//! /// True for the paths this service answers (used for routing and for shaping faults).
//! pub fn owns(path: &str) -> bool;
//! /// Answers the request, or None to let the next service try (and finally a 404).
//! /// Set `req.operation` so the request log can name the call.
//! pub async fn handle(state: &AppState, req: &mut Incoming) -> Option<Response<Body>>;
//! /// This service's wire shape for an injected `500` or `throttle` fault.
//! pub fn fault_response(kind: FaultKind, request_id: &str) -> Response<Body>;
//! ```
//!
//! Sign-in (`signin.rs`), SSO OIDC (`sso_oidc.rs`) and the SSO portal (`sso_portal.rs`) already
//! exist as stubs that answer 501 on their reserved paths and are already wired into
//! [`Service`]: to build one, replace its stub's bodies; nothing here needs to change. For a
//! further service: add `mod x;` in main.rs, a variant to [`Service`] (and to `Service::ALL`, in
//! the order to try), and one arm in each `match` below.
//!
//! Services get the whole body already read (`req.body`), the raw path and query, and every
//! header in received order (`req.headers`, what SigV4 needs). `state` gives the clock
//! (`state.now()`), the identity store and `issue_session_credentials`.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use hyper::{Body, Request, Response};
use serde_json::json;

use crate::encoding::{parse_form, request_id};
use crate::faults::FaultKind;
use crate::sigv4_verify::ReceivedRequest;
use crate::state::{AppState, RequestRecord};
use crate::timefmt::iso8601;
use crate::{container, control, federation, imds, respond, signin, sso_oidc, sso_portal, sts};

/// Requests larger than this are refused (413); no emulated API takes large bodies.
const MAX_BODY_BYTES: usize = 1 << 20;

/// A request fully read, ready for services.
#[derive(Debug, Clone)]
pub struct Incoming {
    pub method: String,
    /// The raw (still percent-encoded) path.
    pub path: String,
    /// The raw query without `?`, empty when absent.
    pub query: String,
    /// Every header in received order, duplicates kept.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Set by the handling service for the request log (e.g. the STS Action).
    pub operation: Option<String>,
    /// Who signed the request, once its SigV4 signature verified (for the request log).
    pub signer: Option<Signer>,
}

/// The access key a verified SigV4 signature was made with, and the principal it belongs to.
#[derive(Debug, Clone)]
pub struct Signer {
    pub access_key_id: String,
    pub arn: String,
}

impl Incoming {
    /// The first value of a header (case-insensitive name).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The view the SigV4 verifier needs.
    pub fn received(&self) -> ReceivedRequest<'_> {
        ReceivedRequest {
            method: &self.method,
            raw_path: &self.path,
            raw_query: &self.query,
            headers: &self.headers,
            body: &self.body,
        }
    }

    /// The query string decoded as form pairs.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        parse_form(&self.query)
    }

    /// The body decoded as form pairs when the Content-Type is the form type (any parameters,
    /// such as `; charset=utf-8`), else None.
    pub fn form_body(&self) -> Option<Vec<(String, String)>> {
        let ct = self.header("content-type")?;
        let media = ct.split(';').next().unwrap_or("").trim();
        media
            .eq_ignore_ascii_case("application/x-www-form-urlencoded")
            .then(|| parse_form(&String::from_utf8_lossy(&self.body)))
    }

    /// The body parsed as JSON, if it is JSON (for the JSON services).
    #[allow(dead_code)]
    pub fn json_body(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.body).ok()
    }
}

/// The emulated services, in the order they are tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    Sts,
    Signin,
    Federation,
    SsoOidc,
    SsoPortal,
    Container,
    Imds,
}

impl Service {
    pub const ALL: [Service; 7] = [
        Service::Sts,
        Service::Signin,
        Service::Federation,
        Service::SsoOidc,
        Service::SsoPortal,
        Service::Container,
        Service::Imds,
    ];

    pub fn owns(self, path: &str) -> bool {
        match self {
            Service::Sts => sts::owns(path),
            Service::Signin => signin::owns(path),
            Service::Federation => federation::owns(path),
            Service::SsoOidc => sso_oidc::owns(path),
            Service::SsoPortal => sso_portal::owns(path),
            Service::Container => container::owns(path),
            Service::Imds => imds::owns(path),
        }
    }

    async fn handle(self, state: &AppState, req: &mut Incoming) -> Option<Response<Body>> {
        match self {
            Service::Sts => sts::handle(state, req).await,
            Service::Signin => signin::handle(state, req).await,
            Service::Federation => federation::handle(state, req).await,
            Service::SsoOidc => sso_oidc::handle(state, req).await,
            Service::SsoPortal => sso_portal::handle(state, req).await,
            Service::Container => container::handle(state, req).await,
            Service::Imds => imds::handle(state, req).await,
        }
    }

    fn fault_response(self, kind: FaultKind, request_id: &str) -> Response<Body> {
        match self {
            Service::Sts => sts::fault_response(kind, request_id),
            Service::Signin => signin::fault_response(kind, request_id),
            Service::Federation => federation::fault_response(kind, request_id),
            Service::SsoOidc => sso_oidc::fault_response(kind, request_id),
            Service::SsoPortal => sso_portal::fault_response(kind, request_id),
            Service::Container => container::fault_response(kind, request_id),
            Service::Imds => imds::fault_response(kind, request_id),
        }
    }

    pub fn for_path(path: &str) -> Option<Service> {
        Service::ALL.into_iter().find(|s| s.owns(path))
    }
}

/// Returned to hyper to make it close the connection without writing a response (`drop` fault).
#[derive(Debug)]
pub struct DropConnection;

impl fmt::Display for DropConnection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("connection dropped by an injected fault")
    }
}

impl std::error::Error for DropConnection {}

fn not_found(req: &Incoming) -> Response<Body> {
    respond::json(
        404,
        &json!({"error": "NotFound", "message": format!("The emulator serves nothing at {} {}", req.method, req.path)}),
    )
}

async fn read(req: Request<Body>) -> Result<Incoming, Response<Body>> {
    let (parts, body) = req.into_parts();
    let too_big = || respond::json(413, &json!({"error": "PayloadTooLarge", "message": "body over 1 MiB"}));
    let declared =
        parts.headers.get(hyper::header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES) {
        return Err(too_big());
    }
    let body = hyper::body::to_bytes(body)
        .await
        .map_err(|e| respond::json(400, &json!({"error": "BadRequest", "message": e.to_string()})))?;
    if body.len() > MAX_BODY_BYTES {
        return Err(too_big());
    }
    let headers = parts
        .headers
        .iter()
        .map(|(n, v)| (n.as_str().to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
        .collect();
    Ok(Incoming {
        method: parts.method.as_str().to_string(),
        path: parts.uri.path().to_string(),
        query: parts.uri.query().unwrap_or("").to_string(),
        headers,
        body: body.to_vec(),
        operation: None,
        signer: None,
    })
}

/// A best guess at the operation for requests no service saw (faulted ones): the AWS Query
/// `Action`, if any.
fn guess_operation(req: &Incoming) -> Option<String> {
    match Service::for_path(&req.path) {
        Some(Service::Imds) => return Some(imds::operation_for(&req.path).to_string()),
        Some(Service::Container) => return Some("ContainerCredentials".to_string()),
        _ => {}
    }
    let from = |pairs: Vec<(String, String)>| pairs.into_iter().find(|(k, _)| k == "Action").map(|(_, v)| v);
    req.form_body().and_then(from).or_else(|| from(req.query_pairs()))
}

/// The hyper service function: one call per request.
pub async fn serve(state: Arc<AppState>, req: Request<Body>) -> Result<Response<Body>, DropConnection> {
    let mut req = match read(req).await {
        Ok(r) => r,
        Err(resp) => return Ok(resp),
    };
    if req.path == "/_emulator" || req.path.starts_with("/_emulator/") {
        // Never faulted, never authenticated, never logged: tests must always reach it.
        return Ok(control::handle(&state, &mut req).await);
    }

    let service = Service::for_path(&req.path);
    let fault = state.faults.take(&req.path);
    let log = |req: &Incoming, status: u16| {
        eprintln!(
            "awslogin-emulator: {} {} {} -> {}{}",
            req.method,
            req.path,
            req.operation.as_deref().unwrap_or("-"),
            if status == 0 { "dropped".to_string() } else { status.to_string() },
            fault.as_ref().map(|f| format!(" (fault {})", f.kind.as_str())).unwrap_or_default()
        );
        state.record_request(RequestRecord {
            method: req.method.clone(),
            path: req.path.clone(),
            operation: req.operation.clone(),
            signed_by: req.signer.as_ref().map(|s| s.access_key_id.clone()),
            caller: req.signer.as_ref().map(|s| s.arn.clone()),
            status,
            fault: fault.as_ref().map(|f| f.kind.as_str().to_string()),
            time: iso8601(state.now()),
        });
    };

    if let Some(f) = &fault {
        if f.delay_ms > 0 {
            tokio::time::sleep(Duration::from_millis(f.delay_ms)).await;
        }
        match f.kind {
            FaultKind::Delay | FaultKind::Patch => {}
            FaultKind::Respond => {
                let (status, content_type, body) = f.reply.clone().expect("checked when queued");
                let resp = Response::builder()
                    .status(status)
                    .header(hyper::header::CONTENT_TYPE, content_type)
                    .body(Body::from(body))
                    .unwrap_or_else(|_| respond::json(500, &json!({"error": "BadFault"})));
                req.operation = guess_operation(&req);
                log(&req, resp.status().as_u16());
                return Ok(resp);
            }
            FaultKind::Drop => {
                req.operation = guess_operation(&req);
                log(&req, 0);
                return Err(DropConnection);
            }
            FaultKind::InternalError | FaultKind::Throttle => {
                req.operation = guess_operation(&req);
                let rid = request_id();
                let resp = match service {
                    Some(s) => s.fault_response(f.kind, &rid),
                    None => crate::faults::json_fault(f.kind),
                };
                log(&req, resp.status().as_u16());
                return Ok(resp);
            }
        }
    }

    let mut response = None;
    for s in Service::ALL {
        if let Some(r) = s.handle(&state, &mut req).await {
            response = Some(r);
            break;
        }
    }
    let mut response = response.unwrap_or_else(|| not_found(&req));
    if let Some(patch) = fault.as_ref().and_then(|f| f.patch.as_ref()) {
        response = patched(response, patch).await;
    }
    log(&req, response.status().as_u16());
    Ok(response)
}

/// A successful JSON answer with `patch` merged into its body; anything else unchanged.
async fn patched(response: Response<Body>, patch: &serde_json::Value) -> Response<Body> {
    let is_json = response
        .headers()
        .get(hyper::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !response.status().is_success() || !is_json {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = hyper::body::to_bytes(body).await.unwrap_or_default();
    let mut value: serde_json::Value = serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null);
    crate::faults::merge_patch(&mut value, patch);
    parts.headers.remove(hyper::header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(value.to_string()))
}
