//! DPoP (RFC 9449) proofs for the sign-in token endpoint: a P-256 key per login, stored in the
//! cache as a SEC1 `EC PRIVATE KEY` PEM (what the AWS CLI writes), and ES256 JWT proofs.
//!
//! The PEM armour is read by `rustls-pemfile`. ring only reads PKCS#8 and no crate in the build
//! converts SEC1 to it, so that conversion is done here, in DER by hand.

use crate::error::codes;
use crate::error::{Error, Result};
use crate::util::encoding::{base64, base64url};
use ring::rand::SystemRandom;
use ring::signature::{EcdsaKeyPair, KeyPair, ECDSA_P256_SHA256_FIXED_SIGNING};

const OID_EC_PUBLIC_KEY: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
const OID_P256: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];

/// A P-256 private key with its public point.
pub struct DpopKey {
    pair: EcdsaKeyPair,
    private: [u8; 32],
}

impl std::fmt::Debug for DpopKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DpopKey { .. }")
    }
}

fn bad_key(why: &str) -> Error {
    Error::of(
        codes::LOGIN_CACHE_INVALID,
        format!("Error loading login session token: Unable to load private key from cached token: {why}."),
    )
}

// ---- minimal DER ----

fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = content.len();
    if n < 0x80 {
        out.push(n as u8);
    } else if n < 0x100 {
        out.extend([0x81, n as u8]);
    } else {
        out.extend([0x82, (n >> 8) as u8, n as u8]);
    }
    out.extend_from_slice(content);
    out
}

/// Reads one TLV: (tag, content, rest).
fn read_tlv(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (first as usize, rest)
    } else {
        let k = (first & 0x7f) as usize;
        if k == 0 || k > 2 || rest.len() < k {
            return None;
        }
        let len = rest[..k].iter().fold(0usize, |a, &b| (a << 8) | b as usize);
        (len, &rest[k..])
    };
    if rest.len() < len {
        return None;
    }
    Some((tag, &rest[..len], &rest[len..]))
}

/// Parses an RFC 5915 ECPrivateKey: (private scalar, uncompressed public point if present).
fn parse_ec_private_key(der: &[u8]) -> Option<([u8; 32], Option<Vec<u8>>)> {
    let (tag, body, _) = read_tlv(der)?;
    if tag != 0x30 {
        return None;
    }
    let (tag, version, rest) = read_tlv(body)?;
    if tag != 0x02 || version != [1] {
        return None;
    }
    let (tag, scalar, mut rest) = read_tlv(rest)?;
    if tag != 0x04 || scalar.is_empty() || scalar.len() > 32 {
        return None;
    }
    let mut private = [0u8; 32];
    private[32 - scalar.len()..].copy_from_slice(scalar);
    let mut public = None;
    while !rest.is_empty() {
        let (tag, content, next) = read_tlv(rest)?;
        match tag {
            0xa0 => {
                let (t, oid, _) = read_tlv(content)?;
                if t != 0x06 || oid != OID_P256 {
                    return None;
                }
            }
            0xa1 => {
                let (t, bits, _) = read_tlv(content)?;
                if t != 0x03 || bits.len() != 66 || bits[0] != 0 || bits[1] != 4 {
                    return None;
                }
                public = Some(bits[1..].to_vec());
            }
            _ => {}
        }
        rest = next;
    }
    Some((private, public))
}

/// Unwraps a PKCS#8 PrivateKeyInfo holding a P-256 key into its ECPrivateKey.
fn unwrap_pkcs8(der: &[u8]) -> Option<&[u8]> {
    let (tag, body, _) = read_tlv(der)?;
    if tag != 0x30 {
        return None;
    }
    let (tag, _version, rest) = read_tlv(body)?;
    if tag != 0x02 {
        return None;
    }
    let (tag, alg, rest) = read_tlv(rest)?;
    if tag != 0x30 {
        return None;
    }
    let (t1, oid1, alg_rest) = read_tlv(alg)?;
    let (t2, oid2, _) = read_tlv(alg_rest)?;
    if t1 != 0x06 || oid1 != OID_EC_PUBLIC_KEY || t2 != 0x06 || oid2 != OID_P256 {
        return None;
    }
    let (tag, inner, _) = read_tlv(rest)?;
    if tag != 0x04 {
        return None;
    }
    Some(inner)
}

fn sec1_der(private: &[u8; 32], public: &[u8]) -> Vec<u8> {
    let mut bits = vec![0u8];
    bits.extend_from_slice(public);
    let mut body = tlv(0x02, &[1]);
    body.extend(tlv(0x04, private));
    body.extend(tlv(0xa0, &tlv(0x06, OID_P256)));
    body.extend(tlv(0xa1, &tlv(0x03, &bits)));
    tlv(0x30, &body)
}

fn pkcs8_der(private: &[u8; 32], public: &[u8]) -> Vec<u8> {
    let mut bits = vec![0u8];
    bits.extend_from_slice(public);
    let mut ec = tlv(0x02, &[1]);
    ec.extend(tlv(0x04, private));
    ec.extend(tlv(0xa1, &tlv(0x03, &bits)));
    let mut alg = tlv(0x06, OID_EC_PUBLIC_KEY);
    alg.extend(tlv(0x06, OID_P256));
    let mut body = tlv(0x02, &[0]);
    body.extend(tlv(0x30, &alg));
    body.extend(tlv(0x04, &tlv(0x30, &ec)));
    tlv(0x30, &body)
}

impl DpopKey {
    /// A fresh key from the OS CSPRNG.
    pub fn generate() -> Result<DpopKey> {
        let rng = SystemRandom::new();
        let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &rng)
            .map_err(|_| Error::internal("Could not generate a P-256 key."))?;
        let inner = unwrap_pkcs8(pkcs8.as_ref())
            .ok_or_else(|| Error::internal("ring produced an unexpected PKCS#8 document."))?;
        let (private, _) =
            parse_ec_private_key(inner).ok_or_else(|| Error::internal("ring produced an unexpected ECPrivateKey."))?;
        let pair = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref())
            .map_err(|_| Error::internal("Could not load the generated key."))?;
        Ok(DpopKey { pair, private })
    }

    /// Reads a SEC1 (`EC PRIVATE KEY`) or PKCS#8 (`PRIVATE KEY`) PEM. Literal `\n` sequences (as
    /// some writers leave them) are taken as newlines.
    pub fn from_pem(pem: &str) -> Result<DpopKey> {
        let pem = pem.replace("\\n", "\n");
        let item = rustls_pemfile::read_one(&mut pem.as_bytes())
            .map_err(|_| bad_key("the PEM body is not base64"))?
            .ok_or_else(|| bad_key("the dpopKey member is not a PEM private key"))?;
        let ec: &[u8] = match &item {
            rustls_pemfile::Item::ECKey(der) => der,
            rustls_pemfile::Item::PKCS8Key(der) => {
                unwrap_pkcs8(der).ok_or_else(|| bad_key("not a P-256 PKCS#8 key"))?
            }
            _ => return Err(bad_key("the dpopKey member is not an EC private key")),
        };
        let (private, public) = parse_ec_private_key(ec).ok_or_else(|| bad_key("not a P-256 EC private key"))?;
        let public = public.ok_or_else(|| bad_key("the key has no public point"))?;
        let pair = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &pkcs8_der(&private, &public))
            .map_err(|_| bad_key("the key is not a valid P-256 key pair"))?;
        Ok(DpopKey { pair, private })
    }

    /// The uncompressed public point (0x04 ‖ x ‖ y).
    pub fn public_point(&self) -> &[u8] {
        self.pair.public_key().as_ref()
    }

    /// The SEC1 PEM the AWS CLI writes: 64-character lines and a final newline.
    pub fn to_sec1_pem(&self) -> String {
        let b64 = base64(&sec1_der(&self.private, self.public_point()));
        let mut out = String::from("-----BEGIN EC PRIVATE KEY-----\n");
        for chunk in b64.as_bytes().chunks(64) {
            out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
            out.push('\n');
        }
        out.push_str("-----END EC PRIVATE KEY-----\n");
        out
    }

    /// The JWT header's `jwk` member, in the CLI's member order.
    pub fn jwk_json(&self) -> String {
        let p = self.public_point();
        format!(r#"{{"kty":"EC","x":"{}","y":"{}","crv":"P-256"}}"#, base64url(&p[1..33]), base64url(&p[33..65]))
    }

    /// The two unsigned segments of a proof.
    pub fn signing_input(&self, htu: &str, iat: i64, jti: &str) -> String {
        let header = format!(r#"{{"typ":"dpop+jwt","alg":"ES256","jwk":{}}}"#, self.jwk_json());
        let htu = serde_json::to_string(htu).unwrap_or_default();
        let jti = serde_json::to_string(jti).unwrap_or_default();
        let payload = format!(r#"{{"htm":"POST","htu":{htu},"iat":{iat},"jti":{jti}}}"#);
        format!("{}.{}", base64url(header.as_bytes()), base64url(payload.as_bytes()))
    }

    /// A complete proof for a POST to `htu` at `iat` (Unix seconds), with a fresh `jti`.
    pub fn proof(&self, htu: &str, iat: i64) -> Result<String> {
        self.proof_with_jti(htu, iat, &crate::util::random::uuid_v4())
    }

    pub fn proof_with_jti(&self, htu: &str, iat: i64, jti: &str) -> Result<String> {
        let input = self.signing_input(htu, iat, jti);
        let sig = self
            .pair
            .sign(&SystemRandom::new(), input.as_bytes())
            .map_err(|_| Error::internal("Could not sign the DPoP proof."))?;
        Ok(format!("{}.{}", input, base64url(sig.as_ref())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ring::signature::{UnparsedPublicKey, ECDSA_P256_SHA256_FIXED};

    /// The DPoP key of the published login vectors' first case.
    fn vector_key() -> String {
        crate::login::testdata::first_cache()["dpopKey"].as_str().unwrap().to_string()
    }

    fn verify(key: &DpopKey, proof: &str) {
        let (input, sig) = proof.rsplit_once('.').unwrap();
        let sig = crate::util::encoding::base64url_decode(sig).unwrap();
        assert_eq!(sig.len(), 64);
        UnparsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, key.public_point()).verify(input.as_bytes(), &sig).unwrap();
    }

    #[test]
    fn sec1_round_trip_is_byte_exact() {
        let vector = vector_key();
        let k = DpopKey::from_pem(&vector).unwrap();
        assert_eq!(k.to_sec1_pem(), vector);
        let escaped = vector.replace('\n', "\\n");
        assert_eq!(DpopKey::from_pem(&escaped).unwrap().to_sec1_pem(), vector);
    }

    #[test]
    fn generated_keys_round_trip_and_sign() {
        let k = DpopKey::generate().unwrap();
        let pem = k.to_sec1_pem();
        assert!(pem.starts_with("-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEI"));
        let k2 = DpopKey::from_pem(&pem).unwrap();
        assert_eq!(k.public_point(), k2.public_point());
        let proof = k2.proof("https://foobar/v1/token", 1760014198).unwrap();
        verify(&k, &proof);
        // PKCS#8 PEM is accepted too.
        let p8 = format!(
            "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n",
            base64(&pkcs8_der(&k.private, k.public_point()))
        );
        assert_eq!(DpopKey::from_pem(&p8).unwrap().to_sec1_pem(), pem);
    }

    #[test]
    fn proof_layout() {
        let k = DpopKey::from_pem(&vector_key()).unwrap();
        let proof = k.proof_with_jti("https://foobar/v1/token", 1760014198, "uniqueid").unwrap();
        let parts: Vec<&str> = proof.split('.').collect();
        assert_eq!(parts.len(), 3);
        // The payload segment of the spec's derived vector (it does not depend on the key).
        assert_eq!(parts[1], "eyJodG0iOiJQT1NUIiwiaHR1IjoiaHR0cHM6Ly9mb29iYXIvdjEvdG9rZW4iLCJpYXQiOjE3NjAwMTQxOTgsImp0aSI6InVuaXF1ZWlkIn0");
        let header: serde_json::Value =
            serde_json::from_slice(&crate::util::encoding::base64url_decode(parts[0]).unwrap()).unwrap();
        assert_eq!(header["typ"], "dpop+jwt");
        assert_eq!(header["alg"], "ES256");
        assert_eq!(header["jwk"]["crv"], "P-256");
        verify(&k, &proof);
    }

    #[test]
    fn bad_keys() {
        for bad in [
            "",
            "-----BEGIN EC PRIVATE KEY-----\n!!!\n-----END EC PRIVATE KEY-----\n",
            "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----\n",
        ] {
            assert_eq!(DpopKey::from_pem(bad).unwrap_err().code, "LoginCacheInvalid");
        }
    }
}
