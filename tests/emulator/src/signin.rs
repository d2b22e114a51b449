//! Sign-in — STUB. Reserves `/v1/*` (`/v1/authorize`, `/v1/token`, `/v1/sessions/confirmation`);
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
    path.starts_with("/v1/")
}

pub async fn handle(_state: &AppState, req: &mut Incoming) -> Option<Response<Body>> {
    if !owns(&req.path) {
        return None;
    }
    Some(respond::json(
        501,
        &json!({"error": "NotImplemented", "message": format!("{} is reserved for Sign-in, which the emulator does not implement yet", req.path)}),
    ))
}

pub fn fault_response(kind: FaultKind, _request_id: &str) -> Response<Body> {
    faults::json_fault(kind)
}
