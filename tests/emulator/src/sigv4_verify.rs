//! An independent SigV4 (`AWS4-HMAC-SHA256`, header form) verifier.
//!
//! The verifier recomputes the canonical request from what was *received* (method, raw path,
//! raw query, the received values of the headers named in `SignedHeaders`, and the hash of the
//! received body), derives the signing key from the secret held by the emulator, and compares
//! signatures in constant time. It deliberately shares no code with `awslogin-core`'s signer:
//! a shared bug would make both sides agree and hide it.
//!
//! Checks happen in the order a client would want to be told about them: malformed header →
//! missing date → scope → clock skew → unknown key → session token → expiry → signature.
//! Errors carry the STS error codes and (as far as known) AWS's messages; rendering them as XML
//! is the caller's job ([`crate::xml`]).

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use crate::encoding::{hex, percent_decode, uri_encode};
use crate::timefmt::{amz_date, parse_amz_date};

type HmacSha256 = Hmac<Sha256>;

/// How far X-Amz-Date may be from the server clock, as AWS enforces.
pub const MAX_SKEW_SECONDS: i64 = 5 * 60;

const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// A request as received, before any interpretation.
#[derive(Debug, Clone)]
pub struct ReceivedRequest<'a> {
    pub method: &'a str,
    /// The path exactly as on the request line (still percent-encoded).
    pub raw_path: &'a str,
    /// The query exactly as on the request line, without `?` (empty when absent).
    pub raw_query: &'a str,
    /// Every header in received order, duplicates kept; names in any case.
    pub headers: &'a [(String, String)],
    pub body: &'a [u8],
}

/// The secret side of an access key, as the emulator's store knows it.
#[derive(Debug, Clone)]
pub struct KeyMaterial {
    pub secret_access_key: String,
    /// Present for temporary credentials: the request must carry exactly this token.
    pub session_token: Option<String>,
    /// Unix seconds; temporary credentials past this answer `ExpiredToken`.
    pub expires_at: Option<i64>,
}

/// Service-specific verification settings.
#[derive(Debug, Clone)]
pub struct VerifyConfig<'a> {
    /// The signing name the scope must carry (`sts` for STS).
    pub service: &'a str,
    /// The server's notion of now (Unix seconds), including any test clock offset.
    pub now: i64,
    /// Whether the canonical URI has dot segments and empty segments removed first. True for
    /// every service except S3, which the emulator does not serve.
    pub normalize_path: bool,
}

/// What a successful verification established.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub access_key_id: String,
    pub region: String,
}

/// Why a request was rejected. Status, code and message follow STS's common errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthError {
    /// No `Authorization` header at all (403).
    MissingAuthenticationToken,
    /// The `Authorization` header or the date is malformed (400).
    IncompleteSignature(String),
    /// Unknown access key, or a session token that does not belong to it (403).
    InvalidClientTokenId,
    /// Wrong signature, bad scope, unsigned required header or clock skew (403).
    SignatureDoesNotMatch(String),
    /// Temporary credentials past their expiry (400).
    ExpiredToken,
}

const SIGNATURE_MISMATCH: &str = "The request signature we calculated does not match the signature \
you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation \
for details.";

impl AuthError {
    pub fn status(&self) -> u16 {
        match self {
            AuthError::IncompleteSignature(_) | AuthError::ExpiredToken => 400,
            _ => 403,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            AuthError::MissingAuthenticationToken => "MissingAuthenticationToken",
            AuthError::IncompleteSignature(_) => "IncompleteSignature",
            AuthError::InvalidClientTokenId => "InvalidClientTokenId",
            AuthError::SignatureDoesNotMatch(_) => "SignatureDoesNotMatch",
            AuthError::ExpiredToken => "ExpiredToken",
        }
    }

    pub fn message(&self) -> String {
        match self {
            AuthError::MissingAuthenticationToken => "Request is missing Authentication Token".into(),
            AuthError::IncompleteSignature(m) | AuthError::SignatureDoesNotMatch(m) => m.clone(),
            AuthError::InvalidClientTokenId => "The security token included in the request is invalid.".into(),
            AuthError::ExpiredToken => "The security token included in the request is expired".into(),
        }
    }
}

/// The parsed `Authorization` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorizationHeader {
    pub access_key_id: String,
    pub date: String,
    pub region: String,
    pub service: String,
    pub terminator: String,
    /// Lowercase names in the order given.
    pub signed_headers: Vec<String>,
    pub signature: String,
}

/// Parses `AWS4-HMAC-SHA256 Credential=AKID/DATE/REGION/SERVICE/aws4_request,
/// SignedHeaders=a;b, Signature=hex`. Components may be separated by `,` with or without spaces.
pub fn parse_authorization(value: &str) -> Result<AuthorizationHeader, AuthError> {
    let value = value.trim();
    let (algorithm, rest) = value.split_once(' ').unwrap_or((value, ""));
    if algorithm != ALGORITHM {
        return Err(AuthError::IncompleteSignature(format!(
            "Unsupported AWS 'algorithm': '{}'. The emulator accepts only {}.",
            algorithm, ALGORITHM
        )));
    }
    let (mut credential, mut signed, mut signature) = (None, None, None);
    for part in rest.split(',') {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let (k, v) = part.split_once('=').ok_or_else(|| {
            AuthError::IncompleteSignature(format!("Authorization header component '{}' is not key=value.", part))
        })?;
        let slot = match k.trim() {
            "Credential" => &mut credential,
            "SignedHeaders" => &mut signed,
            "Signature" => &mut signature,
            other => {
                return Err(AuthError::IncompleteSignature(format!(
                    "Unknown Authorization header component '{}'.",
                    other
                )))
            }
        };
        if slot.replace(v.trim().to_string()).is_some() {
            return Err(AuthError::IncompleteSignature(format!("Authorization header repeats '{}'.", k)));
        }
    }
    let mut missing = Vec::new();
    for (name, v) in [("Credential", &credential), ("Signature", &signature), ("SignedHeaders", &signed)] {
        if v.as_deref().unwrap_or("").is_empty() {
            missing.push(format!("Authorization header requires '{}' parameter.", name));
        }
    }
    if !missing.is_empty() {
        return Err(AuthError::IncompleteSignature(missing.join(" ")));
    }
    let credential = credential.unwrap();
    let parts: Vec<&str> = credential.split('/').collect();
    if parts.len() != 5 {
        return Err(AuthError::IncompleteSignature(format!(
            "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '{}'",
            credential
        )));
    }
    Ok(AuthorizationHeader {
        access_key_id: parts[0].to_string(),
        date: parts[1].to_string(),
        region: parts[2].to_string(),
        service: parts[3].to_string(),
        terminator: parts[4].to_string(),
        signed_headers: signed.unwrap().split(';').map(|h| h.trim().to_ascii_lowercase()).collect(),
        signature: signature.unwrap(),
    })
}

/// All received values of a header, in received order.
fn header_values<'h>(headers: &'h [(String, String)], name: &str) -> Vec<&'h str> {
    headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str()).collect()
}

/// Canonical header value: trimmed, inner whitespace runs (including obsolete line folding)
/// folded to one space, duplicates joined with `,` in received order.
fn canonical_header_value(values: &[&str]) -> String {
    values.iter().map(|v| v.split_whitespace().collect::<Vec<_>>().join(" ")).collect::<Vec<_>>().join(",")
}

/// RFC 3986 dot-segment removal plus collapsing of empty segments, keeping a trailing slash —
/// the normalisation the SDKs apply for every service but S3.
fn normalize_path(path: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    let mut out = format!("/{}", segments.join("/"));
    let trailing = ["/", "/.", "/./", "/..", "/../"].iter().any(|t| path.ends_with(t));
    if trailing && !out.ends_with('/') {
        out.push('/');
    }
    out
}

/// The canonical URI. The received path is already percent-encoded once; SigV4 for non-S3
/// services encodes it again (so `%20` on the wire is `%2520` in the canonical request), which is
/// what the SDKs' signers do. Paths in the test vectors are unencoded, and the same rule gives
/// their expected single encoding.
pub fn canonical_uri(raw_path: &str, normalize: bool) -> String {
    let path = if raw_path.is_empty() { "/" } else { raw_path };
    let path = if normalize { normalize_path(path) } else { path.to_string() };
    uri_encode(path.as_bytes(), true)
}

/// The canonical query: each name and value decoded then strictly re-encoded, sorted by name and
/// then value (byte order of the encoded forms).
pub fn canonical_query(raw_query: &str) -> String {
    let mut pairs: Vec<(String, String)> = raw_query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (uri_encode(&percent_decode(k, false), false), uri_encode(&percent_decode(v, false), false))
        })
        .collect();
    pairs.sort();
    pairs.iter().map(|(k, v)| format!("{}={}", k, v)).collect::<Vec<_>>().join("&")
}

/// Builds the canonical request for the given signed headers. Fails when a signed header is absent.
pub fn canonical_request(
    req: &ReceivedRequest<'_>,
    signed_headers: &[String],
    payload_hash: &str,
    normalize: bool,
) -> Result<String, AuthError> {
    let mut canonical_headers = String::new();
    for name in signed_headers {
        let values = header_values(req.headers, name);
        if values.is_empty() {
            return Err(AuthError::SignatureDoesNotMatch(format!(
                "'{}' is listed in SignedHeaders but is not present in the request.",
                name
            )));
        }
        canonical_headers.push_str(&format!("{}:{}\n", name, canonical_header_value(&values)));
    }
    Ok(format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        req.method,
        canonical_uri(req.raw_path, normalize),
        canonical_query(req.raw_query),
        canonical_headers,
        signed_headers.join(";"),
        payload_hash
    ))
}

fn hmac(key: &[u8], data: &str) -> Vec<u8> {
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC accepts any key length");
    mac.update(data.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

/// `kSigning = HMAC(HMAC(HMAC(HMAC("AWS4"+secret, date), region), service), "aws4_request")`.
pub fn signing_key(secret: &str, date: &str, region: &str, service: &str) -> Vec<u8> {
    let k_date = hmac(format!("AWS4{}", secret).as_bytes(), date);
    let k_region = hmac(&k_date, region);
    let k_service = hmac(&k_region, service);
    hmac(&k_service, "aws4_request")
}

/// A region name shaped like AWS's: `us-east-1`, `eu-central-1`, `us-gov-west-1`, `cn-north-1`.
fn region_is_well_formed(region: &str) -> bool {
    let parts: Vec<&str> = region.split('-').collect();
    parts.len() >= 3
        && parts[0].len() >= 2
        && parts[..parts.len() - 1].iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
        && parts[parts.len() - 1].bytes().all(|b| b.is_ascii_digit())
        && !parts[parts.len() - 1].is_empty()
}

/// Verifies a request. `lookup` maps an access key id to its secret material (None = unknown).
pub fn verify(
    req: &ReceivedRequest<'_>,
    cfg: &VerifyConfig<'_>,
    lookup: &dyn Fn(&str) -> Option<KeyMaterial>,
) -> Result<Verified, AuthError> {
    let auth_values = header_values(req.headers, "authorization");
    let auth = match auth_values.as_slice() {
        [] => return Err(AuthError::MissingAuthenticationToken),
        [one] => parse_authorization(one)?,
        _ => return Err(AuthError::IncompleteSignature("Multiple Authorization headers.".into())),
    };

    let date_values = header_values(req.headers, "x-amz-date");
    let x_amz_date = match date_values.as_slice() {
        [] => {
            return Err(AuthError::IncompleteSignature(
                "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. \
                 (The emulator requires 'X-Amz-Date'.)"
                    .into(),
            ))
        }
        [one] => one.trim(),
        _ => return Err(AuthError::IncompleteSignature("Multiple X-Amz-Date headers.".into())),
    };
    let request_time = parse_amz_date(x_amz_date).ok_or_else(|| {
        AuthError::IncompleteSignature(format!(
            "Date must be in ISO-8601 'basic format'. Got '{}'. See http://en.wikipedia.org/wiki/ISO_8601",
            x_amz_date
        ))
    })?;

    // Scope: AWS lists every problem in one message.
    let mut scope_problems = Vec::new();
    if !region_is_well_formed(&auth.region) {
        scope_problems.push(format!("Credential should be scoped to a valid region, not '{}'.", auth.region));
    }
    if auth.service != cfg.service {
        scope_problems.push(format!("Credential should be scoped to correct service: '{}'.", cfg.service));
    }
    if auth.terminator != "aws4_request" {
        scope_problems.push(format!(
            "Credential should be scoped with a valid terminator: 'aws4_request', not '{}'.",
            auth.terminator
        ));
    }
    if auth.date != x_amz_date[..8] {
        scope_problems.push(format!(
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{}' != '{}', from '{}'.",
            auth.date,
            &x_amz_date[..8],
            x_amz_date
        ));
    }
    if !scope_problems.is_empty() {
        return Err(AuthError::SignatureDoesNotMatch(scope_problems.join(" ")));
    }

    for required in ["host", "x-amz-date"] {
        if !auth.signed_headers.iter().any(|h| h == required) {
            let shown = if required == "host" { "'Host' or ':authority'" } else { "'X-Amz-Date'" };
            return Err(AuthError::SignatureDoesNotMatch(format!(
                "{} must be a 'SignedHeader' in the AWS Authorization.",
                shown
            )));
        }
    }

    if request_time < cfg.now - MAX_SKEW_SECONDS {
        return Err(AuthError::SignatureDoesNotMatch(format!(
            "Signature expired: {} is now earlier than {} ({} - 5 min.)",
            x_amz_date,
            amz_date(cfg.now - MAX_SKEW_SECONDS),
            amz_date(cfg.now)
        )));
    }
    if request_time > cfg.now + MAX_SKEW_SECONDS {
        return Err(AuthError::SignatureDoesNotMatch(format!(
            "Signature not yet current: {} is still later than {} ({} + 5 min.)",
            x_amz_date,
            amz_date(cfg.now + MAX_SKEW_SECONDS),
            amz_date(cfg.now)
        )));
    }

    let key = lookup(&auth.access_key_id).ok_or(AuthError::InvalidClientTokenId)?;
    let sent_tokens = header_values(req.headers, "x-amz-security-token");
    match (&key.session_token, sent_tokens.as_slice()) {
        (Some(expected), [one]) if constant_time_eq(one.trim().as_bytes(), expected.as_bytes()) => {}
        // Long-term keys with a token: AWS treats the token as invalid, and so do we (it catches
        // a client that leaks a stale token into a call made with long-term keys).
        (None, []) => {}
        _ => return Err(AuthError::InvalidClientTokenId),
    }
    if matches!(key.expires_at, Some(exp) if cfg.now >= exp) {
        return Err(AuthError::ExpiredToken);
    }

    let body_hash = hex(&Sha256::digest(req.body));
    if let [claimed] = header_values(req.headers, "x-amz-content-sha256").as_slice() {
        // The header, when sent, must describe the body actually received.
        if claimed.trim() != body_hash {
            return Err(AuthError::SignatureDoesNotMatch(
                "The provided 'x-amz-content-sha256' header does not match what was computed.".into(),
            ));
        }
    }

    let canonical = canonical_request(req, &auth.signed_headers, &body_hash, cfg.normalize_path)?;
    let scope = format!("{}/{}/{}/{}", auth.date, auth.region, auth.service, auth.terminator);
    let string_to_sign =
        format!("{}\n{}\n{}\n{}", ALGORITHM, x_amz_date, scope, hex(&Sha256::digest(canonical.as_bytes())));
    let key_bytes = signing_key(&key.secret_access_key, &auth.date, &auth.region, &auth.service);
    let expected = hex(&hmac(&key_bytes, &string_to_sign));
    if !constant_time_eq(expected.as_bytes(), auth.signature.as_bytes()) {
        return Err(AuthError::SignatureDoesNotMatch(SIGNATURE_MISMATCH.into()));
    }
    Ok(Verified { access_key_id: auth.access_key_id, region: auth.region })
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    #[allow(deprecated)]
    ring::constant_time::verify_slices_are_equal(a, b).is_ok()
}

#[cfg(test)]
mod tests;
