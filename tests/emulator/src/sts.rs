//! STS (AWS Query protocol): `GetCallerIdentity` and `AssumeRole` (SigV4-authenticated with
//! signing name `sts`; see `assume_role.rs`), and the unsigned `AssumeRoleWithWebIdentity`
//! (`web_identity.rs`).
//!
//! `POST /` with a form body (`Action=GetCallerIdentity&Version=2011-06-15`), or the same pair in
//! the query string of `GET /`. Answers `text/xml` in the 2011-06-15 namespace; errors use the
//! `ErrorResponse` shape ([`respond::sts_error`]).

use hyper::{Body, Response};

use crate::encoding::{request_id, xml_escape};
use crate::faults::FaultKind;
use crate::respond::{self, Fault, STS_NAMESPACE};
use crate::router::{Incoming, Signer};
use crate::sigv4_verify::{self, VerifyConfig};
use crate::state::AppState;

pub const API_VERSION: &str = "2011-06-15";

/// The signing name in the credential scope.
pub const SIGNING_NAME: &str = "sts";

pub fn owns(path: &str) -> bool {
    path == "/"
}

fn param<'p>(params: &'p [(String, String)], name: &str) -> Option<&'p str> {
    params.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

pub async fn handle(state: &AppState, req: &mut Incoming) -> Option<Response<Body>> {
    if !owns(&req.path) {
        return None;
    }
    // AWS Query reads parameters from the query string and, for POST, the form body.
    let mut params = req.query_pairs();
    match req.method.as_str() {
        "POST" => params.extend(req.form_body().unwrap_or_default()),
        // A bare `GET /` is not an STS call (could be anything probing the port): 404.
        "GET" if param(&params, "Action").is_some() => {}
        _ => return None,
    }
    req.operation = param(&params, "Action").map(str::to_string);
    let rid = request_id();

    // The one unsigned operation: its caller has no AWS credentials yet.
    if param(&params, "Action") == Some("AssumeRoleWithWebIdentity") && param(&params, "Version") == Some(API_VERSION) {
        let has_auth = req.header("authorization").is_some();
        return Some(crate::web_identity::handle(state, has_auth, &params, &rid));
    }

    let cfg = VerifyConfig { service: SIGNING_NAME, now: state.now(), normalize_path: true };
    let lookup = |akid: &str| state.lookup_access_key(akid).map(|k| k.key);
    let principal = match sigv4_verify::verify(&req.received(), &cfg, &lookup) {
        Ok(v) => {
            let principal = state.lookup_access_key(&v.access_key_id).expect("verified keys exist").principal;
            req.signer = Some(Signer { access_key_id: v.access_key_id, arn: principal.arn.clone() });
            principal
        }
        Err(e) => return Some(respond::sts_error(e.status(), Fault::Sender, e.code(), &e.message(), &rid)),
    };

    let action = match param(&params, "Action") {
        Some(a) if !a.is_empty() => a,
        _ => return Some(respond::sts_error(400, Fault::Sender, "MissingAction", "Missing Action", &rid)),
    };
    let version = match param(&params, "Version") {
        Some(v) if !v.is_empty() => v,
        _ => {
            return Some(respond::sts_error(
                400,
                Fault::Sender,
                "MissingParameter",
                "The request must contain the parameter Version.",
                &rid,
            ))
        }
    };
    // AWS answers both an unknown action and a known action under another version with
    // InvalidAction "Could not find operation …" (the operation table is keyed by version).
    if version != API_VERSION || !["GetCallerIdentity", "AssumeRole"].contains(&action) {
        return Some(respond::sts_error(
            400,
            Fault::Sender,
            "InvalidAction",
            &format!("Could not find operation {} for version {}", action, version),
            &rid,
        ));
    }
    if action == "AssumeRole" {
        return Some(crate::assume_role::handle(state, &principal, &params, &rid));
    }

    let body = format!(
        "<GetCallerIdentityResponse xmlns=\"{ns}\">\n  <GetCallerIdentityResult>\n    <UserId>{u}</UserId>\n    \
         <Account>{a}</Account>\n    <Arn>{arn}</Arn>\n  </GetCallerIdentityResult>\n  <ResponseMetadata>\n    \
         <RequestId>{r}</RequestId>\n  </ResponseMetadata>\n</GetCallerIdentityResponse>\n",
        ns = STS_NAMESPACE,
        u = xml_escape(&principal.user_id),
        a = xml_escape(&principal.account),
        arn = xml_escape(&principal.arn),
        r = rid,
    );
    Some(respond::xml(200, &rid, body))
}

/// STS's shapes for injected faults: `InternalFailure` (500, Receiver) and `Throttling`
/// (400, Sender, "Rate exceeded"), as STS answers them.
pub fn fault_response(kind: FaultKind, request_id: &str) -> Response<Body> {
    match kind {
        FaultKind::Throttle => respond::sts_error(400, Fault::Sender, "Throttling", "Rate exceeded", request_id),
        _ => respond::sts_error(
            500,
            Fault::Receiver,
            "InternalFailure",
            "The request processing has failed because of an unknown error, exception or failure.",
            request_id,
        ),
    }
}
