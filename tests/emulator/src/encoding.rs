//! Byte-level encodings shared by the emulator's services: hex, RFC 3986 percent-encoding as
//! SigV4 defines it, form (`application/x-www-form-urlencoded`) decoding, XML escaping and
//! random identifiers.
//!
//! Written here rather than borrowed from `awslogin-core` on purpose: the emulator must be an
//! independent implementation so that a bug in the client cannot be mirrored by the server.

use ring::rand::{SecureRandom, SystemRandom};

/// Lowercase hex, as SigV4 uses for hashes and signatures.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[(b >> 4) as usize] as char);
        out.push(DIGITS[(b & 0x0f) as usize] as char);
    }
    out
}

/// SigV4 `UriEncode`: every byte except the unreserved set `A-Z a-z 0-9 - _ . ~` becomes `%XX`
/// with uppercase hex. `/` is kept when `keep_slash` (paths) and encoded otherwise (query parts).
pub fn uri_encode(bytes: &[u8], keep_slash: bool) -> String {
    let mut out = String::with_capacity(bytes.len() * 3);
    for &b in bytes {
        let unreserved = b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~');
        if unreserved || (keep_slash && b == b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{:02X}", b));
        }
    }
    out
}

/// Decodes `%XX` escapes; a `%` not followed by two hex digits is kept literally (lenient, as
/// servers are). When `plus_is_space`, `+` decodes to a space (form bodies); in a SigV4 query
/// string `+` stays a `+`, which is what the signature covers.
pub fn percent_decode(input: &str, plus_is_space: bool) -> Vec<u8> {
    let bytes = input.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() && hex_val(bytes[i + 1]).is_some() && hex_val(bytes[i + 2]).is_some() => {
                out.push(hex_val(bytes[i + 1]).unwrap() * 16 + hex_val(bytes[i + 2]).unwrap());
                i += 3;
            }
            b'+' if plus_is_space => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Parses an `application/x-www-form-urlencoded` body (or a query string read as a form) into
/// ordered pairs. A key without `=` has an empty value.
pub fn parse_form(body: &str) -> Vec<(String, String)> {
    body.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (
                String::from_utf8_lossy(&percent_decode(k, true)).into_owned(),
                String::from_utf8_lossy(&percent_decode(v, true)).into_owned(),
            )
        })
        .collect()
}

/// Escapes text for an XML element body or attribute value.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// Cryptographically random bytes. The emulator's secrets are test-only, but using a real CSPRNG
/// keeps issued tokens unguessable across parallel tests and costs nothing.
pub fn random_bytes(n: usize) -> Vec<u8> {
    let mut buf = vec![0u8; n];
    SystemRandom::new().fill(&mut buf).expect("system random source failed");
    buf
}

/// `n` random characters from `alphabet` (rejection sampling keeps the distribution uniform).
pub fn random_string(alphabet: &[u8], n: usize) -> String {
    let limit = 256 - (256 % alphabet.len());
    let mut out = String::with_capacity(n);
    while out.len() < n {
        for b in random_bytes(n * 2) {
            if (b as usize) < limit && out.len() < n {
                out.push(alphabet[b as usize % alphabet.len()] as char);
            }
        }
    }
    out
}

pub const UPPER_ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
pub const BASE64ISH: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// A request id shaped like AWS's (a v4-style UUID).
pub fn request_id() -> String {
    let b = random_bytes(16);
    let h = hex(&b);
    format!("{}-{}-4{}-{}-{}", &h[0..8], &h[8..12], &h[13..16], &h[16..20], &h[20..32])
}

/// Unpadded URL-safe base64 (JWTs, PKCE challenges); decoding is in [`crate::base64url`].
pub fn b64url(bytes: &[u8]) -> String {
    crate::base64url::encode(bytes)
}

/// Standard base64 with padding (the cross-device code shown to the user).
pub fn b64_std(bytes: &[u8]) -> String {
    let s = b64url(bytes).replace('-', "+").replace('_', "/");
    let pad = (4 - s.len() % 4) % 4;
    format!("{s}{}", "=".repeat(pad))
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_helpers() {
        assert_eq!(super::b64url(&[0xfb, 0xff]), "-_8");
        assert_eq!(super::b64_std(b"foob"), "Zm9vYg==");
    }

    use super::*;

    #[test]
    fn uri_encode_matches_sigv4_rules() {
        assert_eq!(uri_encode(b"/a b/~x", true), "/a%20b/~x");
        assert_eq!(uri_encode("ሴ=/".as_bytes(), false), "%E1%88%B4%3D%2F");
    }

    #[test]
    fn percent_decode_is_lenient() {
        assert_eq!(percent_decode("a%20b%zz%4", false), b"a b%zz%4");
        assert_eq!(percent_decode("a+b", false), b"a+b");
        assert_eq!(percent_decode("a+b", true), b"a b");
    }

    #[test]
    fn form_pairs_keep_order_and_decode() {
        let f = parse_form("Action=GetCallerIdentity&Version=2011-06-15&x&y=a%2Bb+c");
        assert_eq!(f[0], ("Action".into(), "GetCallerIdentity".into()));
        assert_eq!(f[2], ("x".into(), "".into()));
        assert_eq!(f[3], ("y".into(), "a+b c".into()));
    }
}
