//! STS `AssumeRoleWithWebIdentity` (unsigned: the caller has no AWS credentials yet) and the
//! tokens it accepts.
//!
//! The emulator is its own OIDC issuer (`https://oidc.emulator.invalid`): tests mint tokens with
//! `POST /_emulator/web-identity-token {"sub","aud"?,"ttlSeconds"?,"iss"?}`, HS256 JWTs signed
//! with a per-process secret. A token is accepted when its parts are strict base64url JSON, its
//! signature is right, it has not expired, and the role trusts its issuer and audience.
//! Errors as STS answers them: `InvalidIdentityToken` (400), `ExpiredTokenException` (400),
//! `AccessDenied` (403), `ValidationError` (400).

use hmac::{Hmac, Mac};
use hyper::{Body, Response};
use serde_json::{json, Value};
use sha2::Sha256;

use crate::assume_role::{envelope, issue, session_params, validation_error};
use crate::base64url::decode_strict;
use crate::encoding::{b64url, xml_escape};
use crate::respond::{self, Fault};
use crate::state::AppState;

pub const ISSUER: &str = "https://oidc.emulator.invalid";
const DEFAULT_AUDIENCE: &str = "sts.amazonaws.com";

fn sign(secret: &[u8], input: &str) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("any key length");
    mac.update(input.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

/// Mints a token (control API).
pub fn mint(state: &AppState, sub: &str, aud: Option<&str>, iss: Option<&str>, ttl: i64) -> String {
    let now = state.now();
    let header = json!({"alg": "HS256", "typ": "JWT", "kid": "emulator"});
    let claims = json!({"iss": iss.unwrap_or(ISSUER), "sub": sub, "aud": aud.unwrap_or(DEFAULT_AUDIENCE), "iat": now, "exp": now + ttl});
    let input = format!("{}.{}", b64url(header.to_string().as_bytes()), b64url(claims.to_string().as_bytes()));
    let sig = sign(state.web_identity_secret(), &input);
    format!("{}.{}", input, b64url(&sig))
}

enum TokenError {
    Invalid(String),
    Expired,
}

fn verify(state: &AppState, token: &str) -> Result<Value, TokenError> {
    let bad = |m: &str| TokenError::Invalid(m.to_string());
    let parts: Vec<&str> = token.split('.').collect();
    if parts.len() != 3 {
        return Err(bad("The ID Token provided is not a valid JWT (expected three dot-separated parts)."));
    }
    let json_part = |p: &str| -> Result<Value, TokenError> {
        let bytes = decode_strict(p).map_err(|_| bad("The ID Token is not base64url without padding."))?;
        serde_json::from_slice(&bytes).map_err(|_| bad("The ID Token's header or claims are not JSON."))
    };
    let header = json_part(parts[0])?;
    if header["alg"] != "HS256" {
        return Err(bad("The ID Token's signing algorithm is not accepted."));
    }
    let claims = json_part(parts[1])?;
    let sig = decode_strict(parts[2]).map_err(|_| bad("The ID Token's signature is not base64url."))?;
    let expected = sign(state.web_identity_secret(), &format!("{}.{}", parts[0], parts[1]));
    if ring::constant_time::verify_slices_are_equal(&sig, &expected).is_err() {
        return Err(bad("The ID Token's signature could not be verified."));
    }
    match claims["exp"].as_i64() {
        Some(exp) if exp > state.now() => Ok(claims),
        Some(_) => Err(TokenError::Expired),
        None => Err(bad("The ID Token has no exp claim.")),
    }
}

pub fn handle(state: &AppState, req_has_auth: bool, params: &[(String, String)], rid: &str) -> Response<Body> {
    let get = |n: &str| params.iter().find(|(k, _)| k == n).map(|(_, v)| v.as_str());
    if req_has_auth {
        // SDKs send this call unsigned; a client that signs it may be leaking credentials it
        // should not have, so the emulator refuses rather than ignores.
        return validation_error("AssumeRoleWithWebIdentity is an unsigned operation; send it without Authorization (the emulator is stricter than AWS here).", rid);
    }
    let Some(role_arn) = get("RoleArn") else {
        return validation_error("1 validation error detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null", rid);
    };
    let (session, duration) = match session_params(params) {
        Ok(v) => v,
        Err(m) => return validation_error(&m, rid),
    };
    let Some(token) = get("WebIdentityToken").filter(|t| (4..=20000).contains(&t.len())) else {
        return validation_error("1 validation error detected: Value at 'webIdentityToken' failed to satisfy constraint: Member must have length between 4 and 20000", rid);
    };
    let claims = match verify(state, token) {
        Ok(c) => c,
        Err(TokenError::Expired) => {
            return respond::sts_error(
                400,
                Fault::Sender,
                "ExpiredTokenException",
                "Token expired: current date/time is past the exp claim.",
                rid,
            )
        }
        Err(TokenError::Invalid(m)) => return respond::sts_error(400, Fault::Sender, "InvalidIdentityToken", &m, rid),
    };
    let denied = || {
        respond::sts_error(
            403,
            Fault::Sender,
            "AccessDenied",
            "Not authorized to perform sts:AssumeRoleWithWebIdentity",
            rid,
        )
    };
    let Some((account, role)) = state.seed.role_by_arn(role_arn) else { return denied() };
    let Some(trust) = &role.web_identity else { return denied() };
    if claims["iss"] != trust.issuer.as_str() || claims["aud"] != trust.audience.as_str() {
        return denied();
    }
    let duration = duration.unwrap_or(3600);
    if duration > role.max_session_duration() {
        return validation_error(
            "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
            rid,
        );
    }
    let (_, members) = issue(state, &account.id, &role.name, &session, duration);
    let sub = claims["sub"].as_str().unwrap_or_default();
    let result = format!(
        "    <SubjectFromWebIdentityToken>{}</SubjectFromWebIdentityToken>\n    <Audience>{}</Audience>\n{}    <Provider>{}</Provider>\n",
        xml_escape(sub),
        xml_escape(&trust.audience),
        members,
        xml_escape(trust.issuer.trim_start_matches("https://")),
    );
    envelope("AssumeRoleWithWebIdentity", &result, rid)
}
