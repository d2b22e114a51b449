//! Hex, base64 (standard and URL-safe) and URL percent-encoding.

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

const STD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn b64(bytes: &[u8], table: &[u8; 64], pad: bool) -> String {
    let mut out = String::with_capacity((bytes.len() + 2) / 3 * 4);
    for chunk in bytes.chunks(3) {
        let n =
            (chunk[0] as u32) << 16 | (*chunk.get(1).unwrap_or(&0) as u32) << 8 | *chunk.get(2).unwrap_or(&0) as u32;
        let chars = chunk.len() + 1;
        for i in 0..4 {
            if i < chars {
                out.push(table[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else if pad {
                out.push('=');
            }
        }
    }
    out
}

/// Standard base64 with padding.
pub fn base64(bytes: &[u8]) -> String {
    b64(bytes, STD, true)
}

/// Unpadded URL-safe base64 (RFC 4648 §5), as JWTs and PKCE use.
pub fn base64url(bytes: &[u8]) -> String {
    b64(bytes, URL, false)
}

/// Decodes standard or URL-safe base64, padded or not; white space is ignored (PEM bodies).
pub fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' | b' ' | b'\n' | b'\r' | b'\t' => continue,
            _ => return None,
        };
        acc = (acc << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// Percent-encodes everything but the RFC 3986 unreserved characters (as SigV4 and form bodies need).
pub fn uri_encode(text: &str, keep_slash: bool) -> String {
    uri_encode_bytes(text.as_bytes(), keep_slash)
}

/// [`uri_encode`] over raw bytes, for input that need not be UTF-8 (a decoded `%FF`, say).
pub fn uri_encode_bytes(bytes: &[u8], keep_slash: bool) -> String {
    let mut out = String::with_capacity(bytes.len());
    for &b in bytes {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            b'/' if keep_slash => out.push('/'),
            _ => {
                out.push('%');
                out.push(HEX[(b >> 4) as usize].to_ascii_uppercase() as char);
                out.push(HEX[(b & 0xf) as usize].to_ascii_uppercase() as char);
            }
        }
    }
    out
}

/// Decodes `%XX` escapes, and `+` as a space when `plus_is_space` (form bodies and query strings).
pub fn percent_decode(text: &str, plus_is_space: bool) -> String {
    String::from_utf8_lossy(&percent_decode_bytes(text, plus_is_space)).into_owned()
}

/// [`percent_decode`] without the lossy UTF-8 step: escapes of non-UTF-8 bytes are kept exactly,
/// which SigV4 needs to re-encode a query string byte for byte.
pub fn percent_decode_bytes(text: &str, plus_is_space: bool) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let h = std::str::from_utf8(&bytes[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok());
                match h {
                    Some(v) => {
                        out.push(v);
                        i += 3;
                        continue;
                    }
                    None => out.push(b'%'),
                }
            }
            b'+' if plus_is_space => out.push(b' '),
            c => out.push(c),
        }
        i += 1;
    }
    out
}

/// Parses `a=1&b=2` (query strings and form bodies) into decoded pairs, in order.
pub fn parse_form(text: &str) -> Vec<(String, String)> {
    text.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k, true), percent_decode(v, true))
        })
        .collect()
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
        assert_eq!(base64_decode("-_8").unwrap(), vec![0xfb, 0xff]);
        assert!(base64_decode("a*b").is_none());
    }

    #[test]
    fn percent() {
        assert_eq!(uri_encode("a b/c~", false), "a%20b%2Fc~");
        assert_eq!(uri_encode("a b/c", true), "a%20b/c");
        assert_eq!(percent_decode("a%20b+c%zz%4", true), "a b c%zz%4");
        assert_eq!(percent_decode_bytes("%FF+", false), vec![0xff, b'+']);
        assert_eq!(uri_encode_bytes(&[0xff, b'a'], false), "%FFa");
        assert_eq!(parse_form("code=x%2By&state=s"), vec![("code".into(), "x+y".into()), ("state".into(), "s".into())]);
    }
}
