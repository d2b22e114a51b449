//! PKCE (RFC 7636 as the sign-in service spells it: `code_challenge_method=SHA-256`), the `state`
//! value and the authorize URL.

use crate::util::encoding::{base64url, uri_encode};
use sha2::{Digest, Sha256};

/// The client id of the browser-on-this-machine flow.
pub const SAME_DEVICE_CLIENT_ID: &str = "arn:aws:signin:::devtools/same-device";
/// The client id of the paste-a-code flow (`-Remote`).
pub const CROSS_DEVICE_CLIENT_ID: &str = "arn:aws:signin:::devtools/cross-device";

const VERIFIER_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
const VERIFIER_LEN: usize = 64;

/// A fresh 64-character code verifier drawn from the OS CSPRNG (unbiased: bytes >= 198 are
/// rejected so that each of the 66 characters is equally likely).
pub fn new_verifier() -> String {
    let n = VERIFIER_ALPHABET.len(); // 66
    let limit = (256 / n * n) as u8; // 198
    let mut out = String::with_capacity(VERIFIER_LEN);
    while out.len() < VERIFIER_LEN {
        for b in crate::util::random::bytes(VERIFIER_LEN * 2) {
            if b < limit && out.len() < VERIFIER_LEN {
                out.push(VERIFIER_ALPHABET[(b as usize) % n] as char);
            }
        }
    }
    out
}

/// `base64url(SHA-256(verifier))` without padding (43 characters).
pub fn challenge(verifier: &str) -> String {
    base64url(&Sha256::digest(verifier.as_bytes()))
}

/// `{base}/v1/authorize?...` with the CLI's parameter order and percent-encoding.
pub fn authorize_url(base: &str, client_id: &str, state: &str, challenge: &str, redirect_uri: &str) -> String {
    let params = [
        ("response_type", "code"),
        ("client_id", client_id),
        ("state", state),
        ("code_challenge_method", "SHA-256"),
        ("scope", "openid"),
        ("redirect_uri", redirect_uri),
        ("code_challenge", challenge),
    ];
    let query: Vec<String> = params.iter().map(|(k, v)| format!("{}={}", uri_encode(k, false), uri_encode(v, false))).collect();
    format!("{}/v1/authorize?{}", base.trim_end_matches('/'), query.join("&"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_vectors() {
        let v = "a".repeat(64);
        assert_eq!(challenge(&v), "_-BU_nrgy23GXDr5th1SCfQ5hR20PQulmXM33xVGaOs");
        let url = authorize_url(
            "https://us-east-1.signin.aws.amazon.com",
            SAME_DEVICE_CLIENT_ID,
            "9c6f3e2a-0000-4000-8000-000000000000",
            &challenge(&v),
            "http://127.0.0.1:54321/oauth/callback",
        );
        assert_eq!(url, "https://us-east-1.signin.aws.amazon.com/v1/authorize?response_type=code&client_id=arn%3Aaws%3Asignin%3A%3A%3Adevtools%2Fsame-device&state=9c6f3e2a-0000-4000-8000-000000000000&code_challenge_method=SHA-256&scope=openid&redirect_uri=http%3A%2F%2F127.0.0.1%3A54321%2Foauth%2Fcallback&code_challenge=_-BU_nrgy23GXDr5th1SCfQ5hR20PQulmXM33xVGaOs");
    }

    #[test]
    fn verifier_shape() {
        let a = new_verifier();
        assert_eq!(a.len(), 64);
        assert!(a.bytes().all(|b| VERIFIER_ALPHABET.contains(&b)));
        assert_ne!(a, new_verifier());
        assert_eq!(challenge(&a).len(), 43);
    }
}
