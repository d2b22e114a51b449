//! SSO OIDC — STUB. Reserves `/client/register`, `/device_authorization`, `/token`, `/authorize`, `/device`;
//! every reserved path answers 501 until the service is built.
//!
//! To build it, replace the bodies below (the router already calls `owns`, `handle` and
//! `fault_response`; see the top of router.rs for the contract).

use hyper::{Body, Response};
use serde_json::json;

use crate::faults::{self, FaultKind};
use crate::respond;
use crate::router::Incoming;
use crate::state::AppState;

pub fn owns(path: &str) -> bool {
    ["/client/register", "/device_authorization", "/token", "/authorize", "/device"].iter().any(|p| path == *p || path.starts_with(&format!("{}/", p)))
}

pub async fn handle(_state: &AppState, req: &mut Incoming) -> Option<Response<Body>> {
    if !owns(&req.path) {
        return None;
    }
    Some(respond::json(
        501,
        &json!({"error": "NotImplemented", "message": format!("{} is reserved for SSO OIDC, which the emulator does not implement yet", req.path)}),
    ))
}

pub fn fault_response(kind: FaultKind, _request_id: &str) -> Response<Body> {
    faults::json_fault(kind)
}
