//! The test-only control API under `/_emulator/`. Never faulted, never authenticated, never in
//! the request log. All bodies are JSON.
//!
//! | Method & path | Body / result |
//! | --- | --- |
//! | `GET /_emulator/health` | `{"status":"ok","now":…,"clockOffsetSeconds":…,"region":…}` |
//! | `POST /_emulator/faults` | `{"kind":"500"\|"throttle"\|"delay"\|"drop"\|"patch"\|"respond","count":N,"delayMs":M,"pathPrefix":"/x"}` (+ `patch`, or `status`/`body`/`contentType`) → queued |
//! | `GET /_emulator/faults` | pending faults |
//! | `DELETE /_emulator/faults` | `{"cleared":N}` |
//! | `GET /_emulator/requests` | `[{method,path,operation,status,fault,time}]` (status 0 = dropped) |
//! | `DELETE /_emulator/requests` | `{"cleared":N}` |
//! | `POST /_emulator/credentials` | `{"arn":…,"ttlSeconds":N,"userId"?:…,"account"?:…}` → issued credentials |
//! | `GET`/`POST /_emulator/clock` | `{"offsetSeconds":N}` sets the offset → `{"offsetSeconds":N,"now":…}` |
//! | `POST /_emulator/shutdown` | `{"status":"shutting down"}`, then the process exits |

use hyper::{Body, Response};
use serde::Deserialize;
use serde_json::json;

use crate::faults::FaultSpec;
use crate::respond;
use crate::router::Incoming;
use crate::seed::account_from_arn;
use crate::state::{assumed_role_principal, parse_assumed_role_arn, AppState};
use crate::timefmt::iso8601;

fn bad_request(message: impl Into<String>) -> Response<Body> {
    respond::json(400, &json!({"error": "BadRequest", "message": message.into()}))
}

#[allow(clippy::result_large_err)] // the Err is the ready 400 response; built once per bad call
fn parse<T: for<'de> Deserialize<'de>>(req: &Incoming) -> Result<T, Response<Body>> {
    serde_json::from_slice(&req.body).map_err(|e| bad_request(format!("invalid JSON body: {}", e)))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct CredentialsRequest {
    arn: String,
    ttl_seconds: i64,
    user_id: Option<String>,
    account: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ClockRequest {
    offset_seconds: i64,
}

fn clock_view(state: &AppState) -> Response<Body> {
    respond::json(200, &json!({"offsetSeconds": state.clock_offset(), "now": iso8601(state.now())}))
}

/// Issues test credentials. The identity comes from, in order: explicit `userId`/`account`; a
/// seeded IAM user with that arn; an assumed-role arn (`AROA…:session` derived from the role).
fn issue_credentials(state: &AppState, r: CredentialsRequest) -> Response<Body> {
    let derived = state.iam_user_by_arn(&r.arn).or_else(|| {
        parse_assumed_role_arn(&r.arn).map(|(account, role, session)| assumed_role_principal(&account, &role, &session))
    });
    let user_id = r.user_id.or_else(|| derived.as_ref().map(|p| p.user_id.clone()));
    let account =
        r.account.or_else(|| derived.as_ref().map(|p| p.account.clone())).or_else(|| account_from_arn(&r.arn));
    match (user_id, account) {
        (Some(user_id), Some(account)) => {
            let creds = state.issue_session_credentials(&r.arn, &user_id, &account, r.ttl_seconds);
            respond::json(200, &serde_json::to_value(creds).expect("serializable"))
        }
        _ => bad_request("cannot derive userId/account from arn; pass them explicitly"),
    }
}

pub async fn handle(state: &AppState, req: &mut Incoming) -> Response<Body> {
    let route = req.path.trim_start_matches("/_emulator").trim_end_matches('/');
    let result = match (req.method.as_str(), route) {
        (_, r) if r.starts_with("/signin/") => Ok(crate::signin::control(req, r)),
        ("GET", "/health") => Ok(respond::json(
            200,
            &json!({"status": "ok", "now": iso8601(state.now()), "clockOffsetSeconds": state.clock_offset(), "region": state.region}),
        )),
        ("POST", "/faults") => parse::<FaultSpec>(req).map(|spec| match state.faults.push(spec.clone()) {
            Ok(()) => respond::json(200, &json!({"queued": spec})),
            Err(e) => bad_request(e),
        }),
        ("GET", "/faults") => Ok(respond::json(200, &json!(state.faults.pending()))),
        ("DELETE", "/faults") => Ok(respond::json(200, &json!({"cleared": state.faults.clear()}))),
        ("GET", "/requests") => Ok(respond::json(200, &json!(state.requests()))),
        ("DELETE", "/requests") => Ok(respond::json(200, &json!({"cleared": state.clear_requests()}))),
        ("POST", "/credentials") => parse::<CredentialsRequest>(req).map(|r| issue_credentials(state, r)),
        ("GET", "/clock") => Ok(clock_view(state)),
        ("POST", "/clock") => parse::<ClockRequest>(req).map(|c| {
            state.set_clock_offset(c.offset_seconds);
            clock_view(state)
        }),
        ("POST", "/shutdown") => {
            state.request_shutdown();
            Ok(respond::json(200, &json!({"status": "shutting down"})))
        }
        _ => Ok(respond::json(
            404,
            &json!({"error": "NotFound", "message": format!("no control endpoint {} {}", req.method, req.path)}),
        )),
    };
    result.unwrap_or_else(|e| e)
}
