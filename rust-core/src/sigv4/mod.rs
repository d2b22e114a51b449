//! AWS Signature Version 4 (header signing), as STS `GetCallerIdentity` and the other callers in
//! this crate need it.
//!
//! [`sign`] takes a request as it will go on the wire and returns the headers to add to it, plus
//! the intermediate canonical request and string to sign (for `-Debug` output and for tests; they
//! contain no secret). It does not touch the network, the clock or the environment: the caller
//! passes the time, so signing is deterministic and testable.
//!
//! - [`canonical`]: the canonical request (path, query and header rules).
//! - [`signer`]: the string to sign, the key derivation and the `Authorization` value.
//!
//! Presigned URLs (query-string signing) are not implemented; nothing in the module needs them yet.

pub mod canonical;
pub mod signer;

use crate::util::time::format_amz_date;
use std::fmt;
use std::time::SystemTime;

const X_AMZ_DATE: &str = "x-amz-date";
const X_AMZ_SECURITY_TOKEN: &str = "x-amz-security-token";
const X_AMZ_CONTENT_SHA256: &str = "x-amz-content-sha256";
const AUTHORIZATION: &str = "authorization";

/// Switches for the few ways services differ in what they expect signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SigningSettings {
    /// Remove `.`/`..` and empty segments from the path before signing. Every service but S3.
    pub normalize_path: bool,
    /// Add and sign `x-amz-content-sha256` (S3 and a few others require it; STS does not).
    pub payload_hash_header: bool,
    /// Send `x-amz-security-token` but leave it out of the signature. A few legacy services
    /// verify the signature before the token is attached; STS and most others sign it.
    pub omit_session_token: bool,
}

impl Default for SigningSettings {
    /// What the SDKs do for STS: normalise the path, no payload-hash header, sign the token.
    fn default() -> Self {
        SigningSettings { normalize_path: true, payload_hash_header: false, omit_session_token: false }
    }
}

/// Credentials, scope, time and settings for one signature.
#[derive(Clone, Copy)]
pub struct SigningParams<'a> {
    pub access_key_id: &'a str,
    pub secret_access_key: &'a str,
    pub session_token: Option<&'a str>,
    /// The signing region, e.g. `us-east-1` (also for the global STS endpoint).
    pub region: &'a str,
    /// The signing name, e.g. `sts`.
    pub service: &'a str,
    pub time: SystemTime,
    pub settings: SigningSettings,
}

/// Hand-written so the secret and the session token never reach a log, `-Debug` output or a panic
/// message; the access key id is an identifier, not a secret, and is useful when diagnosing.
impl fmt::Debug for SigningParams<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const REDACTED: &str = "** redacted **";
        f.debug_struct("SigningParams")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &REDACTED)
            .field("session_token", &self.session_token.map(|_| REDACTED))
            .field("region", &self.region)
            .field("service", &self.service)
            .field("time", &self.time)
            .field("settings", &self.settings)
            .finish()
    }
}

/// The request to sign, as it will be sent.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    /// Uppercase HTTP method, e.g. `POST`.
    pub method: &'a str,
    /// The request target exactly as on the wire (already percent-encoded), e.g. `/?a=b%20c`.
    pub path_and_query: &'a str,
    /// The headers that will be sent. Must include `host`; names may repeat and be in any case.
    /// Any `x-amz-date` (and `x-amz-security-token` when a token is given, `x-amz-content-sha256`
    /// when the payload header is on) is ignored, because the signer supplies its own.
    pub headers: Vec<(String, String)>,
    pub body: &'a [u8],
}

/// The result of signing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SigningOutput {
    /// Headers to add to the request (lowercase names), replacing any with the same name:
    /// `x-amz-date`, then `x-amz-security-token` and `x-amz-content-sha256` when they apply, then
    /// `authorization`.
    pub headers: Vec<(String, String)>,
    pub canonical_request: String,
    pub string_to_sign: String,
    /// Lowercase hex.
    pub signature: String,
}

/// Signs `req` with SigV4 in the `Authorization` header.
///
/// Infallible by design: every input is text that canonicalises somehow. A request the service
/// will reject (no `host` header, say) still gets a signature, and the service's error says why.
pub fn sign(req: &Request, params: &SigningParams) -> SigningOutput {
    let settings = params.settings;
    let amz_date = format_amz_date(params.time);
    let date = &amz_date[..8];
    let payload_hash = canonical::sha256_hex(req.body);

    // Headers the signer owns; a caller's stale copy must not be signed next to ours.
    let replaced = |name: &str| {
        name.eq_ignore_ascii_case(X_AMZ_DATE)
            || (params.session_token.is_some() && name.eq_ignore_ascii_case(X_AMZ_SECURITY_TOKEN))
            || (settings.payload_hash_header && name.eq_ignore_ascii_case(X_AMZ_CONTENT_SHA256))
    };

    let mut added: Vec<(String, String)> = vec![(X_AMZ_DATE.into(), amz_date.clone())];
    let mut signed_added: Vec<(&str, &str)> = vec![(X_AMZ_DATE, &amz_date)];
    if let Some(token) = params.session_token {
        added.push((X_AMZ_SECURITY_TOKEN.into(), token.into()));
        if !settings.omit_session_token {
            signed_added.push((X_AMZ_SECURITY_TOKEN, token));
        }
    }
    if settings.payload_hash_header {
        added.push((X_AMZ_CONTENT_SHA256.into(), payload_hash.clone()));
        signed_added.push((X_AMZ_CONTENT_SHA256, &payload_hash));
    }

    let headers = canonical::canonical_headers(
        req.headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .filter(|(n, _)| !replaced(n.trim()))
            .chain(signed_added.iter().copied()),
    );

    let (path, query) = canonical::split_path_and_query(req.path_and_query);
    let canonical_request = canonical::canonical_request(
        req.method,
        &canonical::canonical_uri(path, settings.normalize_path),
        &canonical::canonical_query(query),
        &headers,
        &payload_hash,
    );

    let scope = signer::credential_scope(date, params.region, params.service);
    let string_to_sign = signer::string_to_sign(&amz_date, &scope, &canonical_request);
    let key = signer::signing_key(params.secret_access_key, date, params.region, params.service);
    let signature = signer::signature(&key, &string_to_sign);

    added.push((
        AUTHORIZATION.into(),
        signer::authorization(params.access_key_id, &scope, &headers.signed_headers, &signature),
    ));
    SigningOutput { headers: added, canonical_request, string_to_sign, signature }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::time::parse_rfc3339;

    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    fn params(token: Option<&str>) -> SigningParams<'_> {
        SigningParams {
            access_key_id: "AKIDEXAMPLE",
            secret_access_key: SECRET,
            session_token: token,
            region: "us-east-1",
            service: "sts",
            time: parse_rfc3339("2015-08-30T12:36:00Z").unwrap(),
            settings: SigningSettings::default(),
        }
    }

    #[test]
    fn debug_redacts_secret_and_token() {
        let text = format!("{:?}", params(Some("SESSIONTOKENVALUE")));
        assert!(!text.contains(SECRET), "{text}");
        assert!(!text.contains("SESSIONTOKENVALUE"), "{text}");
        assert!(text.contains("** redacted **"), "{text}");
        assert!(text.contains("AKIDEXAMPLE"), "{text}");
    }

    fn sts_request() -> Request<'static> {
        Request {
            method: "POST",
            path_and_query: "/",
            headers: vec![
                ("Host".into(), "sts.us-east-1.amazonaws.com".into()),
                ("Content-Type".into(), "application/x-www-form-urlencoded; charset=utf-8".into()),
                ("User-Agent".into(), "AwsLogin/0.1".into()),
            ],
            body: b"Action=GetCallerIdentity&Version=2011-06-15",
        }
    }

    fn signed_headers(out: &SigningOutput) -> String {
        let auth = &out.headers.iter().find(|(n, _)| n == "authorization").unwrap().1;
        auth.split("SignedHeaders=").nth(1).unwrap().split(',').next().unwrap().to_string()
    }

    #[test]
    fn sts_get_caller_identity() {
        let out = sign(&sts_request(), &params(None));
        assert_eq!(signed_headers(&out), "content-type;host;x-amz-date");
        assert!(out.headers.iter().all(|(n, _)| n != "x-amz-content-sha256"));
        let names: Vec<&str> = out.headers.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["x-amz-date", "authorization"]);
        assert!(out.headers[1].1.starts_with(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/sts/aws4_request, SignedHeaders="
        ));
        // The last line of the canonical request is the hash of the form body.
        assert!(out.canonical_request.ends_with(&canonical::sha256_hex(sts_request().body)));

        let out = sign(&sts_request(), &params(Some("TOKEN")));
        assert_eq!(signed_headers(&out), "content-type;host;x-amz-date;x-amz-security-token");
        assert!(out.headers.iter().all(|(n, _)| n != "x-amz-content-sha256"));
        assert!(out.headers.contains(&("x-amz-security-token".into(), "TOKEN".into())));
    }

    #[test]
    fn omitted_token_is_sent_but_not_signed() {
        let mut p = params(Some("TOKEN"));
        p.settings.omit_session_token = true;
        let out = sign(&sts_request(), &p);
        assert_eq!(signed_headers(&out), "content-type;host;x-amz-date");
        assert_eq!(out, {
            let mut o = sign(&sts_request(), &params(None));
            o.headers.insert(1, ("x-amz-security-token".into(), "TOKEN".into()));
            o
        });
    }

    #[test]
    fn stale_signer_headers_are_replaced() {
        let mut req = sts_request();
        req.headers.push(("X-Amz-Date".into(), "19990101T000000Z".into()));
        assert_eq!(sign(&req, &params(None)), sign(&sts_request(), &params(None)));
    }
}
