//! Hex, base64 and percent-encoding under the names this crate uses. base64 and
//! percent-encoding come from the `base64`, `percent-encoding` and `form_urlencoded` crates
//! (compiled in through reqwest anyway); what is left by hand is hex, a few lines that no crate
//! in the build offers.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Lowercase hex, as used in SigV4 and in the cache file names.
pub fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(HEX[(b >> 4) as usize] as char);
        s.push(HEX[(b & 0xf) as usize] as char);
    }
    s
}

/// Standard base64 with padding.
pub fn base64(bytes: &[u8]) -> String {
    base64::encode_config(bytes, base64::STANDARD)
}

/// Unpadded URL-safe base64 (RFC 4648 §5), as JWTs and PKCE use.
pub fn base64url(bytes: &[u8]) -> String {
    base64::encode_config(bytes, base64::URL_SAFE_NO_PAD)
}

/// Decodes standard base64 with its padding (the `-Remote` verification code, PEM bodies).
pub fn base64_decode(text: &str) -> Option<Vec<u8>> {
    base64::decode_config(text, base64::STANDARD).ok()
}

/// Decodes unpadded URL-safe base64 strictly, as RFC 7515 requires of JWS segments: the other
/// alphabet or padding is an error.
pub fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    if text.contains('=') {
        return None;
    }
    base64::decode_config(text, base64::URL_SAFE_NO_PAD).ok()
}

/// Everything but the RFC 3986 unreserved characters (`A-Z a-z 0-9 - _ . ~`) is escaped.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');
/// [`UNRESERVED`], keeping `/` (SigV4 paths).
const UNRESERVED_AND_SLASH: &AsciiSet = &UNRESERVED.remove(b'/');

/// Percent-encodes everything but the RFC 3986 unreserved characters (as SigV4 and form bodies need).
pub fn uri_encode(text: &str, keep_slash: bool) -> String {
    uri_encode_bytes(text.as_bytes(), keep_slash)
}

/// [`uri_encode`] over raw bytes, for input that need not be UTF-8 (a decoded `%FF`, say).
pub fn uri_encode_bytes(bytes: &[u8], keep_slash: bool) -> String {
    let set = if keep_slash { UNRESERVED_AND_SLASH } else { UNRESERVED };
    percent_encoding::percent_encode(bytes, set).to_string()
}

/// Decodes `%XX` escapes, keeping the bytes exactly (not necessarily UTF-8), which SigV4 needs to
/// re-encode a query string byte for byte. A `%` without two hex digits stays as it is.
pub fn percent_decode_bytes(text: &str) -> Vec<u8> {
    percent_encoding::percent_decode_str(text).collect()
}

/// Parses `a=1&b=2` (query strings and form bodies) into decoded pairs, in order (`+` is a space).
pub fn parse_form(text: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(text.as_bytes()).into_owned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_and_base64() {
        assert_eq!(hex(&[0, 0xab, 0xff]), "00abff");
        assert_eq!(base64(b"foob"), "Zm9vYg==");
        assert_eq!(base64url(&[0xfb, 0xff]), "-_8");
        assert_eq!(base64_decode("Zm9vYg==").unwrap(), b"foob");
        assert_eq!(base64url_decode("-_8").unwrap(), vec![0xfb, 0xff]);
        assert!(base64_decode("a*b").is_none());
        // JWS segments: the standard alphabet and padding are refused.
        assert!(base64url_decode("+/8").is_none());
        assert!(base64url_decode("Zm9vYg==").is_none());
        assert_eq!(base64url_decode("Zm9vYg").unwrap(), b"foob");
    }

    #[test]
    fn percent() {
        assert_eq!(uri_encode("a b/c~", false), "a%20b%2Fc~");
        assert_eq!(uri_encode("a b/c", true), "a%20b/c");
        assert_eq!(uri_encode("é*", false), "%C3%A9%2A");
        assert_eq!(percent_decode_bytes("%FF+%zz%4"), vec![0xff, b'+', b'%', b'z', b'z', b'%', b'4']);
        assert_eq!(uri_encode_bytes(&[0xff, b'a'], false), "%FFa");
        assert_eq!(
            parse_form("code=x%2By&state=s+t"),
            vec![("code".into(), "x+y".into()), ("state".into(), "s t".into())]
        );
    }
}
