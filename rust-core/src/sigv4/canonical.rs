//! The SigV4 canonical request: the method, the canonical URI path, the canonical query string,
//! the canonical headers, the signed-header list and the payload hash, one per line.
//!
//! The rules follow the AWS "Create a canonical request" page and the behaviour of aws-c-auth,
//! whose test suite (`shared/vectors/sigv4`) is the reference this module is tested against.

use crate::util::encoding::{hex, percent_decode_bytes, uri_encode_bytes};
use sha2::{Digest, Sha256};

/// Headers that are never signed, whatever the caller passes.
///
/// - `authorization`: it carries the signature itself.
/// - `user-agent`, `x-amzn-trace-id`: proxies and tracing layers add or rewrite them in flight.
/// - `transfer-encoding`: hop-by-hop; it may change between the client and the service.
pub const NEVER_SIGNED: [&str; 4] = ["authorization", "user-agent", "x-amzn-trace-id", "transfer-encoding"];

/// Lowercase hex SHA-256, used for the payload hash and for hashing the canonical request.
pub fn sha256_hex(data: &[u8]) -> String {
    hex(&Sha256::digest(data))
}

/// Splits a raw request target (`/path?query`) into path and query. A fragment never goes on the
/// wire, but if one is passed it is dropped rather than signed.
pub fn split_path_and_query(path_and_query: &str) -> (&str, &str) {
    let without_fragment = path_and_query.split('#').next().unwrap_or("");
    match without_fragment.split_once('?') {
        Some((p, q)) => (p, q),
        None => (without_fragment, ""),
    }
}

/// Removes `.` and `..` segments and empty segments (`//`), as RFC 3986 §5.2.4 does for dot
/// segments. A trailing slash is kept because `/a` and `/a/` are different resources; the result
/// always starts with a single `/`. Never use this for S3, which signs the path as sent.
pub fn normalize_path(path: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    let mut out = String::with_capacity(path.len() + 1);
    out.push('/');
    out.push_str(&segments.join("/"));
    if !segments.is_empty() && path.ends_with('/') {
        out.push('/');
    }
    out
}

/// The canonical URI: the (optionally normalised) path, URI-encoded once more with `/` kept.
///
/// The path arrives as it goes on the wire, i.e. already encoded once, so encoding it again gives
/// the "double encoding" every service except S3 expects: a wire `%20` becomes `%2520`. A raw
/// character that should have been encoded (the suite's `/example space/`) is encoded once, which
/// is what the service sees after the client sends it encoded. Like aws-c-auth and botocore, every
/// byte except the RFC 3986 unreserved set and `/` is encoded (smithy-rs only re-encodes `%`; the
/// two agree for the paths STS and the other JSON/query services use).
pub fn canonical_uri(path: &str, normalize: bool) -> String {
    let path = if path.is_empty() { "/" } else { path };
    if normalize {
        uri_encode_bytes(normalize_path(path).as_bytes(), true)
    } else {
        uri_encode_bytes(path.as_bytes(), true)
    }
}

/// The canonical query string: each `key=value` pair is decoded and re-encoded with the strict
/// RFC 3986 set (so `ሴ` and `%E1%88%B4` canonicalise alike), then the pairs are sorted by encoded
/// key and then encoded value, and joined with `&`. A key without `=` gets an empty value.
///
/// `+` is kept as a literal plus (encoded `%2B`) rather than read as a space: SigV4 signs URIs,
/// not form bodies, and this is how aws-c-auth decodes. Clients should send spaces as `%20`.
pub fn canonical_query(query: &str) -> String {
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            let enc = |s: &str| uri_encode_bytes(&percent_decode_bytes(s), false);
            (enc(k), enc(v))
        })
        .collect();
    pairs.sort();
    pairs.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&")
}

/// Canonicalises one header value: leading and trailing white space is trimmed and every run of
/// white space inside becomes a single space. Line breaks count as white space, so an obsolete
/// folded (multi-line) value `value1\n  value2` becomes `value1 value2`. Quoted strings get no
/// special treatment: the suite expects `"a   b   c"` to become `"a b c"`.
pub fn canonical_header_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for word in value.split([' ', '\t', '\r', '\n']).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The canonical headers block and the signed-header list.
pub struct CanonicalHeaders {
    /// `name:value\n` for every signed header, sorted by name (ends with a newline).
    pub block: String,
    /// `name;name;...`, the same names in the same order.
    pub signed_headers: String,
}

/// Builds the canonical headers from `(name, value)` pairs, which may repeat names in any case.
///
/// Names are lowercased and sorted; the values of a repeated name are joined with `,` in the order
/// they were given (a stable sort keeps that order), as HTTP allows folding them into one field.
/// [`NEVER_SIGNED`] headers are skipped.
pub fn canonical_headers<'a>(headers: impl IntoIterator<Item = (&'a str, &'a str)>) -> CanonicalHeaders {
    let mut list: Vec<(String, String)> = headers
        .into_iter()
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), canonical_header_value(v)))
        .filter(|(n, _)| !NEVER_SIGNED.contains(&n.as_str()))
        .collect();
    list.sort_by(|a, b| a.0.cmp(&b.0));

    let mut block = String::new();
    let mut names: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < list.len() {
        let name = &list[i].0;
        let mut j = i;
        let mut values: Vec<&str> = Vec::new();
        while j < list.len() && list[j].0 == *name {
            values.push(&list[j].1);
            j += 1;
        }
        block.push_str(name);
        block.push(':');
        block.push_str(&values.join(","));
        block.push('\n');
        names.push(name);
        i = j;
    }
    CanonicalHeaders { block, signed_headers: names.join(";") }
}

/// Joins the six parts of the canonical request.
pub fn canonical_request(
    method: &str,
    uri: &str,
    query: &str,
    headers: &CanonicalHeaders,
    payload_hash: &str,
) -> String {
    format!("{method}\n{uri}\n{query}\n{}\n{}\n{payload_hash}", headers.block, headers.signed_headers)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(normalize_path("/example1/example2/../.."), "/");
        assert_eq!(normalize_path("//example//"), "/example/");
        assert_eq!(normalize_path("/./example"), "/example");
        assert_eq!(normalize_path("/a/../../b/"), "/b/");
        assert_eq!(canonical_uri("", true), "/");
        assert_eq!(canonical_uri("/a%20b/c:d", false), "/a%2520b/c%3Ad");
        assert_eq!(split_path_and_query("/p?a=1#frag"), ("/p", "a=1"));
    }

    #[test]
    fn queries() {
        assert_eq!(canonical_query("b=2&a=&c&a=1"), "a=&a=1&b=2&c=");
        assert_eq!(canonical_query("k=a+b%20c%ff"), "k=a%2Bb%20c%FF");
    }

    #[test]
    fn headers() {
        assert_eq!(canonical_header_value("  value1\n  value2\r\n\tvalue3  "), "value1 value2 value3");
        let h = canonical_headers([("B", "2"), ("User-Agent", "x"), ("a", " 1 "), ("b", "1")]);
        assert_eq!(h.block, "a:1\nb:2,1\n");
        assert_eq!(h.signed_headers, "a;b");
    }
}
