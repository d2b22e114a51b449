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
//! | `GET /_emulator/counts` | `{"AssumeRole":N,…}`: requests per operation since the last log clear |
//! | `POST /_emulator/mfa` | `{"code":"654321"}` sets the code every virtual MFA device shows (default `123456`) |
//! | `POST /_emulator/web-identity-token` | `{"sub","aud"?,"iss"?,"ttlSeconds"?}` → `{"token"}` (a JWT the emulator's STS accepts) |
//! | `POST /_emulator/container` | `{"roleArn","authorization"?,"ttlSeconds"?}` → `{"path"}` (a container credentials path) |
//! | `POST /_emulator/imds` | `{"roleArn": ARN or null}` sets the instance profile role → `{"roleArn"}` |
//! | `POST /_emulator/imds-mode` | `{"mode":"v2-required"}` (the default: a GET without a valid token answers 401) or `{"mode":"v1-only","tokenStatus"?:403\|404\|405}` (the token PUT answers that status, default 404, and GETs need no token: what the SDKs fall back to IMDSv1 on) → the same |
//! | `POST /_emulator/sso-directory` | `{"userName"?,"accounts":[{"id","name","email"?}],"assignments":[{"accountId","roleName"}]}` replaces that SSO user's (default: the first seeded) accounts and roles for ListAccounts, ListAccountRoles and GetRoleCredentials → `{"userName","accounts":N,"assignments":M}` |
//! | `GET /_emulator/sso-directory?userName=U` | the user's directory now, in the request's shape |
//! | `DELETE /_emulator/sso-directory` | every user back to the seed's directory → `{"cleared":N}` |

use hyper::{Body, Response};
use serde::Deserialize;
use serde_json::json;

use crate::faults::FaultSpec;
use crate::respond;
use crate::router::Incoming;
use crate::seed::{account_from_arn, parse_role_arn};
use crate::sso_directory::DirectoryRequest;
use crate::state::{assumed_role_principal, parse_assumed_role_arn, AppState, ContainerEndpoint};
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
struct MfaRequest {
    code: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct TokenRequest {
    sub: String,
    aud: Option<String>,
    iss: Option<String>,
    ttl_seconds: Option<i64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ContainerRequest {
    role_arn: String,
    authorization: Option<String>,
    ttl_seconds: Option<i64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ImdsRequest {
    role_arn: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ImdsModeRequest {
    mode: String,
    token_status: Option<u16>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ClockRequest {
    offset_seconds: i64,
}

/// The SSO user a directory call is for: the one named (a seeded SSO user), else the first.
fn sso_user(state: &AppState, name: Option<&str>) -> Result<String, Response<Body>> {
    match name {
        Some(n) if state.seed.sso_users.iter().any(|u| u.user_name == n) => Ok(n.to_string()),
        Some(n) => Err(bad_request(format!("'{n}' is not a seeded SSO user"))),
        None => state
            .seed
            .sso_users
            .first()
            .map(|u| u.user_name.clone())
            .ok_or_else(|| bad_request("the seed has no SSO user")),
    }
}

fn set_sso_directory(state: &AppState, r: DirectoryRequest) -> Response<Body> {
    let user = match sso_user(state, r.user_name.as_deref()) {
        Ok(u) => u,
        Err(resp) => return resp,
    };
    match r.into_directory() {
        Ok(d) => {
            let (accounts, assignments) = (d.accounts.len(), d.assignments.len());
            state.set_sso_directory(&user, d);
            respond::json(200, &json!({"userName": user, "accounts": accounts, "assignments": assignments}))
        }
        Err(why) => bad_request(why),
    }
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
        ("GET", "/counts") => Ok(respond::json(200, &json!(state.request_counts()))),
        ("POST", "/mfa") => parse::<MfaRequest>(req).map(|m| {
            if m.code.len() == 6 && m.code.bytes().all(|b| b.is_ascii_digit()) {
                state.set_mfa_code(&m.code);
                respond::json(200, &json!({"code": m.code}))
            } else {
                bad_request("an MFA code is 6 digits")
            }
        }),
        ("POST", "/web-identity-token") => parse::<TokenRequest>(req).map(|t| {
            let token = crate::web_identity::mint(
                state,
                &t.sub,
                t.aud.as_deref(),
                t.iss.as_deref(),
                t.ttl_seconds.unwrap_or(3600),
            );
            respond::json(200, &json!({"token": token}))
        }),
        ("POST", "/container") => parse::<ContainerRequest>(req).map(|c| {
            if parse_role_arn(&c.role_arn).is_none() {
                return bad_request("roleArn must be arn:aws:iam::ACCOUNT:role/NAME");
            }
            let path = state.register_container(ContainerEndpoint {
                role_arn: c.role_arn,
                authorization: c.authorization,
                ttl_seconds: c.ttl_seconds.unwrap_or(3600),
            });
            respond::json(200, &json!({"path": path}))
        }),
        ("POST", "/imds") => parse::<ImdsRequest>(req).map(|i| {
            if i.role_arn.as_deref().is_some_and(|a| parse_role_arn(a).is_none()) {
                return bad_request("roleArn must be arn:aws:iam::ACCOUNT:role/NAME or null");
            }
            state.set_imds_role(i.role_arn.clone());
            respond::json(200, &json!({"roleArn": i.role_arn}))
        }),
        ("POST", "/imds-mode") => parse::<ImdsModeRequest>(req).map(|m| match (m.mode.as_str(), m.token_status) {
            ("v2-required", None) => {
                state.set_imds_v1_only(None);
                respond::json(200, &json!({"mode": "v2-required"}))
            }
            ("v1-only", status @ (None | Some(403..=405))) => {
                let status = status.unwrap_or(404);
                state.set_imds_v1_only(Some(status));
                respond::json(200, &json!({"mode": "v1-only", "tokenStatus": status}))
            }
            _ => bad_request("mode is v2-required, or v1-only with an optional tokenStatus of 403, 404 or 405"),
        }),
        ("POST", "/sso-directory") => parse::<DirectoryRequest>(req).map(|r| set_sso_directory(state, r)),
        ("GET", "/sso-directory") => {
            let q = req.query_pairs();
            let name = q.iter().find(|(k, _)| k == "userName").map(|(_, v)| v.as_str());
            sso_user(state, name).map(|u| respond::json(200, &state.sso_directory(&u).view(&u)))
        }
        ("DELETE", "/sso-directory") => Ok(respond::json(200, &json!({"cleared": state.clear_sso_directories()}))),
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
