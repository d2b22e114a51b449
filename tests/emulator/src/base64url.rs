//! Base64url without padding, exactly as RFC 7515 (JWS) requires for every part of a compact
//! JWS and for JWK coordinates: the alphabet `A-Z a-z 0-9 - _`, no `=`, no whitespace, and the
//! unused bits of the last character zero (one spelling per byte string).
//!
//! The judges use this file: the emulator, and (through `#[path]`) the DPoP checks in
//! awslogin-core's own tests. It is deliberately stricter than a general decoder and shares
//! nothing with the client, so a client that sent standard or padded base64 fails every test
//! instead of passing both sides' leniency. Self-contained: no `crate::` paths.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Encodes `bytes` as unpadded base64url.
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 4 / 3 + 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

/// Decodes unpadded base64url, refusing anything else with the reason.
pub fn decode_strict(text: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3 + 2);
    let (mut acc, mut bits) = (0u32, 0u32);
    for (i, c) in text.bytes().enumerate() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            b'+' | b'/' => return Err(format!("'{}' at {i} is standard base64, not base64url", c as char)),
            b'=' => return Err(format!("'=' at {i}: base64url here is unpadded")),
            _ => return Err(format!("byte 0x{c:02x} at {i} is not base64url")),
        };
        acc = (acc << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    if text.len() % 4 == 1 {
        return Err(format!("a length of {} characters is not base64", text.len()));
    }
    if acc != 0 {
        return Err("the last character has non-zero unused bits (not the canonical encoding)".into());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_length() {
        let data: Vec<u8> = (0..=255u8).collect();
        for n in 0..40 {
            let text = encode(&data[n..n + 40]);
            assert!(!text.contains(['=', '+', '/']));
            assert_eq!(decode_strict(&text).unwrap(), &data[n..n + 40]);
        }
        assert_eq!(encode(&[0xfb, 0xff]), "-_8");
        assert_eq!(decode_strict("-_8").unwrap(), [0xfb, 0xff]);
        assert_eq!(decode_strict("").unwrap(), b"");
    }

    #[test]
    fn refuses_standard_alphabet_padding_and_non_canonical_text() {
        assert!(decode_strict("+_8").unwrap_err().contains("standard base64"));
        assert!(decode_strict("-/8").unwrap_err().contains("standard base64"));
        assert!(decode_strict("Zm9vYg==").unwrap_err().contains("unpadded"));
        assert!(decode_strict("Zm9vYg=").unwrap_err().contains("unpadded"));
        assert!(decode_strict("Zm9v Yg").unwrap_err().contains("not base64url"));
        assert!(decode_strict("Zm9vY").unwrap_err().contains("length"));
        // "Zm9vYh" would decode to "foob" as well under a lenient decoder: the 'h' carries bits.
        assert!(decode_strict("Zm9vYh").unwrap_err().contains("unused bits"));
        assert_eq!(decode_strict("Zm9vYg").unwrap(), b"foob");
    }
}
