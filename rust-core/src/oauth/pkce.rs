//! PKCE (RFC 7636): the code verifier and its challenge, base64url(SHA-256(verifier)) without
//! padding. Both services hash the same way; only the name of the method in the authorize URL
//! differs (`SHA-256` for sign-in, `S256` for SSO OIDC), so the URL stays with each flow.

use crate::util::encoding::base64url;
use sha2::{Digest, Sha256};

/// RFC 7636's unreserved characters, the verifier's alphabet.
const UNRESERVED: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
/// The AWS CLI uses 64 characters for both flows (the services accept 43 to 128).
const VERIFIER_LEN: usize = 64;

/// A fresh 64-character code verifier drawn from the OS CSPRNG.
pub fn verifier() -> String {
    let n = UNRESERVED.len(); // 66
                              // Reject bytes >= 198 (the largest multiple of 66 below 256) so that every character is
                              // equally likely; a plain `% 66` would favour the first 58.
    let limit = 256 / n * n;
    let mut out = String::with_capacity(VERIFIER_LEN);
    while out.len() < VERIFIER_LEN {
        for b in crate::util::random::bytes(VERIFIER_LEN * 2) {
            if (b as usize) < limit && out.len() < VERIFIER_LEN {
                out.push(UNRESERVED[b as usize % n] as char);
            }
        }
    }
    out
}

/// `base64url(SHA-256(verifier))` without padding (43 characters): the `S256` / `SHA-256` challenge.
pub fn challenge(verifier: &str) -> String {
    base64url(&Sha256::digest(verifier.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7636_appendix_b() {
        assert_eq!(
            challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn sign_in_spec_vector() {
        // login.md: verifier `a` x 64.
        assert_eq!(challenge(&"a".repeat(64)), "_-BU_nrgy23GXDr5th1SCfQ5hR20PQulmXM33xVGaOs");
    }

    #[test]
    fn verifier_shape() {
        let a = verifier();
        assert_eq!(a.len(), 64);
        assert!(a.bytes().all(|b| UNRESERVED.contains(&b)));
        assert_ne!(a, verifier());
        assert_eq!(challenge(&a).len(), 43);
    }
}
