//! The container credentials endpoint (what ECS and EKS Pod Identity serve at
//! `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` / `_FULL_URI`).
//!
//! Tests register an endpoint with `POST /_emulator/container {"roleArn", "authorization"?,
//! "ttlSeconds"?}` and get its path, `/v2/credentials/<id>`. `GET` on that path answers
//! `{"RoleArn","AccessKeyId","SecretAccessKey","Token","Expiration","AccountId"}` with fresh
//! role-session credentials STS accepts. When an authorization value was registered, the request
//! must carry exactly it in `Authorization` (missing → 401, wrong → 403), as the EKS Pod
//! Identity agent checks its token.

use hyper::{Body, Response};
use serde_json::json;

use crate::faults::{self, FaultKind};
use crate::respond;
use crate::router::Incoming;
use crate::seed::parse_role_arn;
use crate::state::{assumed_role_principal, AppState};

pub const PREFIX: &str = "/v2/credentials/";

pub fn owns(path: &str) -> bool {
    path.starts_with(PREFIX)
}

fn error(status: u16, code: &str, message: &str) -> Response<Body> {
    respond::json(status, &json!({"code": code, "message": message}))
}

pub async fn handle(state: &AppState, req: &mut Incoming) -> Option<Response<Body>> {
    if !owns(&req.path) {
        return None;
    }
    req.operation = Some("ContainerCredentials".into());
    if req.method != "GET" {
        return Some(error(405, "MethodNotAllowed", "Only GET is served here."));
    }
    let Some(endpoint) = state.container(&req.path) else {
        return Some(error(404, "NotFound", "No credentials are registered at this path."));
    };
    if let Some(expected) = &endpoint.authorization {
        match req.header("authorization") {
            None => return Some(error(401, "Unauthorized", "The Authorization header is missing.")),
            Some(got) if got != expected => {
                return Some(error(403, "AccessDenied", "The Authorization header value is not the one issued."))
            }
            Some(_) => {}
        }
    }
    let (account, role) = parse_role_arn(&endpoint.role_arn).expect("checked at registration");
    let p = assumed_role_principal(&account, &role, "emulator-container");
    let c = state.issue_session_credentials(&p.arn, &p.user_id, &p.account, endpoint.ttl_seconds);
    Some(respond::json(
        200,
        &json!({
            "RoleArn": endpoint.role_arn,
            "AccessKeyId": c.access_key_id,
            "SecretAccessKey": c.secret_access_key,
            "Token": c.session_token,
            "Expiration": c.expiration,
            "AccountId": account,
        }),
    ))
}

pub fn fault_response(kind: FaultKind, _request_id: &str) -> Response<Body> {
    match kind {
        FaultKind::Throttle => error(429, "TooManyRequests", "Rate exceeded"),
        _ => faults::json_fault(kind),
    }
}
