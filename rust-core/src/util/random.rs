//! Randomness from the operating system's CSPRNG (through ring), for PKCE verifiers, `state`,
//! DPoP `jti` values and temporary file names.

use ring::rand::{SecureRandom, SystemRandom};

/// `n` random bytes from the OS CSPRNG.
pub fn bytes(n: usize) -> Vec<u8> {
    let mut buf = vec![0u8; n];
    // SystemRandom only fails when the OS has no entropy source at all; nothing secure can go on then.
    SystemRandom::new().fill(&mut buf).expect("the operating system's random number generator failed");
    buf
}

/// A random (version 4) UUID in its lowercase hyphenated form.
pub fn uuid_v4() -> String {
    let mut b = bytes(16);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = super::encoding::hex(&b);
    format!("{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32])
}

#[cfg(test)]
mod tests {
    #[test]
    fn uuid_shape() {
        let u = super::uuid_v4();
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "4");
        assert!(matches!(&u[19..20], "8" | "9" | "a" | "b"));
        assert_ne!(u, super::uuid_v4());
    }
}
