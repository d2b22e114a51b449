//! PKCE (RFC 7636) with S256: a 64-character verifier from the unreserved characters, and its
//! challenge, base64url(SHA-256(verifier)) without padding.

use sha2::{Digest, Sha256};

const UNRESERVED: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

/// A fresh code verifier (64 characters, as the AWS CLI uses).
pub fn verifier() -> String {
    let mut out = String::with_capacity(64);
    while out.len() < 64 {
        for b in crate::util::random::bytes(96) {
            // 66 symbols: reject the top of the byte range so every symbol is equally likely.
            if (b as usize) < 256 - 256 % UNRESERVED.len() && out.len() < 64 {
                out.push(UNRESERVED[b as usize % UNRESERVED.len()] as char);
            }
        }
    }
    out
}

/// The S256 challenge of `verifier`.
pub fn challenge(verifier: &str) -> String {
    crate::util::encoding::base64url(&Sha256::digest(verifier.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7636_appendix_b() {
        assert_eq!(challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
        let v = verifier();
        assert_eq!(v.len(), 64);
        assert!(v.bytes().all(|b| UNRESERVED.contains(&b)));
        assert_ne!(v, verifier());
    }
}
