//! An IMDSv2 stand-in: what an EC2 instance serves at 169.254.169.254, reached here through
//! `AWS_EC2_METADATA_SERVICE_ENDPOINT=http://127.0.0.1:PORT`.
//!
//! | Method & path | What |
//! | --- | --- |
//! | `PUT /latest/api/token` + `X-aws-ec2-metadata-token-ttl-seconds: 1..21600` | a session token (text) |
//! | `GET /latest/meta-data/iam/security-credentials/` | the instance profile's role name |
//! | `GET /latest/meta-data/iam/security-credentials/NAME` | `{"Code":"Success","LastUpdated","Type":"AWS-HMAC","AccessKeyId","SecretAccessKey","Token","Expiration"}` |
//!
//! IMDSv2 only, as instances configured with `HttpTokens=required`: a GET without a valid
//! `X-aws-ec2-metadata-token` answers 401; a token PUT without a valid TTL answers 400, and one
//! carrying `X-Forwarded-For` is refused (403) as IMDS does. With no role attached
//! (`POST /_emulator/imds {"roleArn": null}`) the listing answers 404.
//!
//! `POST /_emulator/imds-mode {"mode":"v1-only","tokenStatus":403|404|405}` makes it an
//! IMDSv1-only service instead: the token PUT answers that status (what the AWS SDKs treat as
//! "no IMDSv2 here, fall back") and GETs are served without a token.

use hyper::{header, Body, Response};

use crate::faults::FaultKind;
use crate::router::Incoming;
use crate::seed::parse_role_arn;
use crate::state::{assumed_role_principal, AppState};
use crate::timefmt::iso8601;

const TOKEN_PATH: &str = "/latest/api/token";
const CREDENTIALS_PATH: &str = "/latest/meta-data/iam/security-credentials/";
/// Instance profile credentials live about six hours on EC2.
const CREDENTIALS_TTL: i64 = 6 * 3600;

pub fn owns(path: &str) -> bool {
    path.starts_with("/latest/")
}

/// The operation name the request log shows for an IMDS path.
pub fn operation_for(path: &str) -> &'static str {
    match path.strip_prefix(CREDENTIALS_PATH) {
        _ if path == TOKEN_PATH => "ImdsGetToken",
        Some("") => "ImdsListRoles",
        Some(_) => "ImdsGetCredentials",
        None => "ImdsOther",
    }
}

fn text(status: u16, body: String) -> Response<Body> {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "text/plain")
        .body(Body::from(body))
        .expect("valid response")
}

pub async fn handle(state: &AppState, req: &mut Incoming) -> Option<Response<Body>> {
    if !owns(&req.path) {
        return None;
    }
    req.operation = Some(operation_for(&req.path).into());
    if req.path == TOKEN_PATH {
        if let Some(status) = state.imds_v1_only() {
            let reason = match status {
                403 => "Forbidden",
                405 => "Method Not Allowed",
                _ => "Not Found",
            };
            return Some(text(status, reason.into()));
        }
        if req.method != "PUT" {
            return Some(text(405, "Method Not Allowed".into()));
        }
        if req.header("x-forwarded-for").is_some() {
            return Some(text(403, "Forbidden".into()));
        }
        let ttl = req.header("x-aws-ec2-metadata-token-ttl-seconds").and_then(|v| v.trim().parse::<i64>().ok());
        let Some(ttl) = ttl.filter(|t| (1..=21600).contains(t)) else {
            return Some(text(400, "Bad Request".into()));
        };
        let token = state.issue_imds_token(ttl);
        let mut r = text(200, token);
        r.headers_mut().insert("x-aws-ec2-metadata-token-ttl-seconds", ttl.to_string().parse().expect("digits"));
        return Some(r);
    }
    let Some(name) = req.path.strip_prefix(CREDENTIALS_PATH) else {
        return Some(text(404, "Not Found".into()));
    };
    if req.method != "GET" {
        return Some(text(405, "Method Not Allowed".into()));
    }
    let v1_only = state.imds_v1_only().is_some();
    if !v1_only && !req.header("x-aws-ec2-metadata-token").is_some_and(|t| state.imds_token_valid(t)) {
        return Some(text(401, "Unauthorized".into()));
    }
    let Some((account, role)) = state.imds_role().and_then(|arn| parse_role_arn(&arn)) else {
        return Some(text(404, "Not Found".into()));
    };
    if name.is_empty() {
        return Some(text(200, role));
    }
    if name != role {
        return Some(text(404, "Not Found".into()));
    }
    let p = assumed_role_principal(&account, &role, "i-0emulator0000000");
    let c = state.issue_session_credentials(&p.arn, &p.user_id, &p.account, CREDENTIALS_TTL);
    let body = serde_json::json!({
        "Code": "Success",
        "LastUpdated": iso8601(state.now()),
        "Type": "AWS-HMAC",
        "AccessKeyId": c.access_key_id,
        "SecretAccessKey": c.secret_access_key,
        "Token": c.session_token,
        "Expiration": c.expiration,
    });
    Some(crate::respond::json(200, &body))
}

/// IMDS answers plain text errors.
pub fn fault_response(kind: FaultKind, _request_id: &str) -> Response<Body> {
    match kind {
        FaultKind::Throttle => text(429, "Too Many Requests".into()),
        _ => text(500, "Internal Server Error".into()),
    }
}
