//! A deliberately small SigV4 signer for the tests only (the emulator's verifier and
//! `awslogin-core`'s signer are the things under test; this is a third implementation). It
//! handles what the STS tests send: path `/`, no query, headers given lowercase-able.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{:02x}", x)).collect()
}

fn hmac(key: &[u8], data: &str) -> Vec<u8> {
    let mut m = Hmac::<Sha256>::new_from_slice(key).unwrap();
    m.update(data.as_bytes());
    m.finalize().into_bytes().to_vec()
}

pub struct Credentials<'a> {
    pub access_key_id: &'a str,
    pub secret_access_key: &'a str,
    pub session_token: Option<&'a str>,
}

/// Returns the headers to send (`X-Amz-Date`, `X-Amz-Security-Token` if any, `Authorization`)
/// for a POST/GET to `/` with the given other headers (which must include `host`).
pub fn sign(
    method: &str,
    headers: &[(&str, &str)],
    body: &[u8],
    creds: &Credentials<'_>,
    region: &str,
    service: &str,
    amz_date: &str,
) -> Vec<(String, String)> {
    let mut all: Vec<(String, String)> =
        headers.iter().map(|(n, v)| (n.to_ascii_lowercase(), v.trim().to_string())).collect();
    all.push(("x-amz-date".into(), amz_date.into()));
    if let Some(t) = creds.session_token {
        all.push(("x-amz-security-token".into(), t.into()));
    }
    all.sort();
    let signed: Vec<&str> = all.iter().map(|(n, _)| n.as_str()).collect();
    let signed = signed.join(";");
    let canonical_headers: String = all.iter().map(|(n, v)| format!("{}:{}\n", n, v)).collect();
    let canonical = format!("{}\n/\n\n{}\n{}\n{}", method, canonical_headers, signed, hex(&Sha256::digest(body)));
    let scope = format!("{}/{}/{}/aws4_request", &amz_date[..8], region, service);
    let sts = format!("AWS4-HMAC-SHA256\n{}\n{}\n{}", amz_date, scope, hex(&Sha256::digest(canonical.as_bytes())));
    let mut key = hmac(format!("AWS4{}", creds.secret_access_key).as_bytes(), &amz_date[..8]);
    for part in [region, service, "aws4_request"] {
        key = hmac(&key, part);
    }
    let signature = hex(&hmac(&key, &sts));
    let mut out = vec![("X-Amz-Date".to_string(), amz_date.to_string())];
    if let Some(t) = creds.session_token {
        out.push(("X-Amz-Security-Token".into(), t.into()));
    }
    out.push((
        "Authorization".into(),
        format!(
            "AWS4-HMAC-SHA256 Credential={}/{}, SignedHeaders={}, Signature={}",
            creds.access_key_id, scope, signed, signature
        ),
    ));
    out
}
