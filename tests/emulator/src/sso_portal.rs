//! The IAM Identity Center portal (`portal.sso.{region}.amazonaws.com`, rest-json, unsigned; the
//! access token from SSO OIDC in `x-amz-sso_bearer_token`).
//!
//! | Method & path | What |
//! | --- | --- |
//! | `GET /assignment/accounts?max_result&next_token` | ListAccounts: the user's assigned accounts |
//! | `GET /assignment/roles?account_id&max_result&next_token` | ListAccountRoles |
//! | `GET /federation/credentials?role_name&account_id` | GetRoleCredentials: issues temporary credentials into the store STS checks; `expiration` in epoch milliseconds |
//! | `POST /logout` | Logout: the token (and its refresh tokens) stop working |
//!
//! The accounts and roles come from the user's directory (`sso_directory.rs`: the seed's, or one a
//! test set with `POST /_emulator/sso-directory`). Pages hold `ssoPageSize` items (seed; default
//! 1, so that clients must follow `nextToken`); a `next_token` must be one this listing issued.
//! Injected `throttle` faults answer 429 `TooManyRequestsException`.
//! Errors: 401 `UnauthorizedException` (missing, unknown or expired token), 400
//! `InvalidRequestException`, 404 `ResourceNotFoundException`; body `{"message": ...}`.

use hyper::{header, Body, Response};
use serde_json::{json, Value};

use crate::faults::{self, FaultKind};
use crate::router::Incoming;
use crate::sso_oidc::{self, Session};
use crate::state::{assumed_role_principal, AppState};

/// Lifetime of role credentials.
const ROLE_CREDENTIALS_TTL: i64 = 3600;

pub fn owns(path: &str) -> bool {
    path == "/federation/credentials" || path.starts_with("/assignment/") || path == "/logout"
}

fn error(status: u16, exception: &str, message: &str) -> Response<Body> {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "application/json")
        .header("x-amzn-errortype", exception)
        .body(Body::from(json!({"message": message}).to_string()))
        .expect("valid response")
}

fn ok(v: Value) -> Response<Body> {
    crate::respond::json(200, &v)
}

/// One page of `items` from `next_token`, at most `max_result` (and the seed's page size). Tokens
/// name the listing they belong to (`scope`: the accounts, or one account's roles), so a token of
/// another listing is refused as AWS refuses a foreign one.
fn page<T: Clone>(
    state: &AppState,
    q: &[(String, String)],
    items: &[T],
    scope: &str,
) -> Result<(Vec<T>, Option<String>), Response<Body>> {
    let get = |k: &str| q.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    let size = state.seed.extra.get("ssoPageSize").and_then(Value::as_u64).unwrap_or(1).max(1) as usize;
    let max = match get("max_result") {
        None => 100,
        Some(m) => match m.parse::<usize>() {
            Ok(n) if (1..=100).contains(&n) => n,
            _ => return Err(error(400, "InvalidRequestException", "max_result must be between 1 and 100")),
        },
    };
    let start = match get("next_token") {
        None => 0,
        Some(t) => {
            match t.strip_prefix(scope).and_then(|t| t.strip_prefix(".page-")).and_then(|n| n.parse::<usize>().ok()) {
                Some(n) if n > 0 && n < items.len() => n,
                _ => return Err(error(400, "InvalidRequestException", "invalid next_token")),
            }
        }
    };
    let end = (start + size.min(max)).min(items.len());
    let next = (end < items.len()).then(|| format!("{scope}.page-{end}"));
    Ok((items[start..end].to_vec(), next))
}

pub async fn handle(state: &AppState, req: &mut Incoming) -> Option<Response<Body>> {
    if !owns(&req.path) {
        return None;
    }
    req.operation = Some(
        match req.path.as_str() {
            "/federation/credentials" => "GetRoleCredentials",
            "/assignment/accounts" => "ListAccounts",
            "/assignment/roles" => "ListAccountRoles",
            "/logout" => "Logout",
            _ => "Unknown",
        }
        .into(),
    );
    let token = req.header("x-amz-sso_bearer_token").unwrap_or_default().to_string();
    let Some(session): Option<Session> = sso_oidc::session_for_token(state, &token) else {
        return Some(error(401, "UnauthorizedException", "Session token not found or invalid"));
    };
    let q = req.query_pairs();
    let get = |k: &str| q.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).filter(|v| !v.is_empty());
    // The seed's directory, or the one a test set through the control API.
    let directory = state.sso_directory(&session.user);
    Some(match (req.method.as_str(), req.path.as_str()) {
        ("POST", "/logout") => {
            sso_oidc::end_session(&token);
            Response::builder().status(200).body(Body::empty()).expect("valid response")
        }
        ("GET", "/assignment/accounts") => match page(state, &q, &directory.listed_accounts(), "accounts") {
            Ok((items, next)) => {
                let list: Vec<Value> = items
                    .iter()
                    .map(|a| json!({"accountId": a.id, "accountName": a.name, "emailAddress": a.email}))
                    .collect();
                ok(json!({"accountList": list, "nextToken": next}))
            }
            Err(r) => r,
        },
        ("GET", "/assignment/roles") => {
            let Some(account) = get("account_id") else {
                return Some(error(400, "InvalidRequestException", "account_id is required"));
            };
            let roles: Vec<Value> =
                directory.roles_of(&account).iter().map(|r| json!({"roleName": r, "accountId": account})).collect();
            match page(state, &q, &roles, &format!("roles-{account}")) {
                Ok((items, next)) => ok(json!({"roleList": items, "nextToken": next})),
                Err(r) => r,
            }
        }
        ("GET", "/federation/credentials") => {
            let (Some(role), Some(account)) = (get("role_name"), get("account_id")) else {
                return Some(error(400, "InvalidRequestException", "role_name and account_id are required"));
            };
            if !directory.has(&account, &role) {
                return Some(error(404, "ResourceNotFoundException", "No access"));
            }
            let p = assumed_role_principal(&account, &role, &session.user);
            let c = state.issue_session_credentials(&p.arn, &p.user_id, &p.account, ROLE_CREDENTIALS_TTL);
            ok(
                json!({"roleCredentials": {"accessKeyId": c.access_key_id, "secretAccessKey": c.secret_access_key, "sessionToken": c.session_token, "expiration": c.expiration_epoch_seconds * 1000}}),
            )
        }
        _ => error(404, "ResourceNotFoundException", "no such operation"),
    })
}

pub fn fault_response(kind: FaultKind, _request_id: &str) -> Response<Body> {
    match kind {
        FaultKind::Throttle => error(429, "TooManyRequestsException", "Rate exceeded"),
        FaultKind::InternalError => error(500, "InternalServerException", "injected fault"),
        _ => faults::json_fault(kind),
    }
}
