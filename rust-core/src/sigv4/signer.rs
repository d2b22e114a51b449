//! The cryptographic half of SigV4: the string to sign, the derived signing key, the signature
//! and the `Authorization` header value.

use super::canonical::sha256_hex;
use crate::util::encoding::hex;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The only algorithm this signer implements (SigV4a would be `AWS4-ECDSA-P256-SHA256`).
pub const ALGORITHM: &str = "AWS4-HMAC-SHA256";

fn hmac_sha256(key: &[u8], data: &[u8]) -> [u8; 32] {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(data);
    mac.finalize().into_bytes().into()
}

/// `<yyyymmdd>/<region>/<service>/aws4_request`: the scope a signature (and a derived key) is
/// valid for.
pub fn credential_scope(date: &str, region: &str, service: &str) -> String {
    format!("{date}/{region}/{service}/aws4_request")
}

/// The string to sign: algorithm, `X-Amz-Date`, scope, and the hex SHA-256 of the canonical
/// request, one per line.
pub fn string_to_sign(amz_date: &str, scope: &str, canonical_request: &str) -> String {
    format!("{ALGORITHM}\n{amz_date}\n{scope}\n{}", sha256_hex(canonical_request.as_bytes()))
}

/// Derives the signing key by chaining HMACs over date, region, service and `aws4_request`.
///
/// The chain means the long-term secret never signs a request directly; a leaked derived key is
/// only good for one day, region and service. Callers could cache it per scope, but deriving is
/// four HMACs, far cheaper than the network round trip it signs, so nothing is cached here.
pub fn signing_key(secret_access_key: &str, date: &str, region: &str, service: &str) -> [u8; 32] {
    let k_secret = format!("AWS4{secret_access_key}");
    let k_date = hmac_sha256(k_secret.as_bytes(), date.as_bytes());
    let k_region = hmac_sha256(&k_date, region.as_bytes());
    let k_service = hmac_sha256(&k_region, service.as_bytes());
    hmac_sha256(&k_service, b"aws4_request")
}

/// The lowercase hex HMAC-SHA256 of the string to sign under the derived key.
pub fn signature(key: &[u8; 32], string_to_sign: &str) -> String {
    hex(&hmac_sha256(key, string_to_sign.as_bytes()))
}

/// The `Authorization` header value. The `, ` separators match what the SDKs send.
pub fn authorization(access_key_id: &str, scope: &str, signed_headers: &str, signature: &str) -> String {
    format!("{ALGORITHM} Credential={access_key_id}/{scope}, SignedHeaders={signed_headers}, Signature={signature}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_derivation_matches_the_aws_documentation_example() {
        // "Examples of how to derive a signing key for Signature Version 4" (AWS General Reference).
        let key = signing_key("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20120215", "us-east-1", "iam");
        assert_eq!(hex(&key), "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
    }
}
