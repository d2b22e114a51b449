//! What every credential source shares, and nothing that depends back on a source: the
//! [`Credentials`] type, the [`ProviderContext`] a source receives, the one trait sources implement
//! ([`ProvideCredentials`]) and the profile representation ([`repr`]: which credential style a
//! profile uses, in which precedence).
//!
//! This is a leaf of the crate: it depends only on `os`, `interact`, `config`, `http::endpoint`,
//! `error` and `util`. The sources that need a service ([`crate::login`], [`crate::sso`]) implement
//! [`ProvideCredentials`] in their own modules, and [`crate::chain`] (which depends on all of them)
//! turns a profile into its source and runs it: parse ([`repr`]) → resolve ([`crate::chain`]) →
//! provide ([`ProvideCredentials::provide`]).

pub mod process;
pub mod repr;
pub mod source;

pub use repr::{BaseProvider, SsoSettings, Style};
pub use source::{ProvideCredentials, ProvideFuture};

use crate::interact::Interaction;
use crate::os::Os;
use std::time::SystemTime;

/// AWS credentials. `Debug` never shows the secret or the token.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: Option<String>,
    pub expiration: Option<SystemTime>,
    pub account_id: Option<String>,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"** redacted **")
            .field("session_token", &self.session_token.as_ref().map(|_| "** redacted **"))
            .field("expiration", &self.expiration.map(crate::util::time::format_rfc3339))
            .field("account_id", &self.account_id)
            .finish()
    }
}

/// What a source receives: the injected outside world and the profile being resolved.
pub struct ProviderContext<'a> {
    pub os: &'a Os,
    pub ui: &'a Interaction,
    /// The caller's environment as a map, for child processes (`credential_process`); `None`
    /// means the process environment.
    pub env_map: Option<&'a std::collections::HashMap<String, String>>,
    /// The profile being resolved.
    pub profile_name: &'a str,
    /// Every profile and session from the files (SSO needs the `sso-session` sections).
    pub profiles: &'a crate::config::ProfileSet,
    /// The region resolved for the call (the sign-in endpoint is regional).
    pub region: &'a str,
    /// The endpoint settings of the profile, for the services these providers call.
    pub endpoints: &'a crate::http::endpoint::ConfiguredEndpoints,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The leaf stays a leaf: no file of it names a module that depends on it (a `use` of one
    /// would bring the `credentials` ↔ `login`/`sso` cycle back). Doc comments may mention them.
    #[test]
    fn depends_on_nothing_that_depends_on_it() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/credentials");
        let mut checked = 0;
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
                for upper in ["login", "sso", "chain", "ops", "sts", "ffi", "oauth"] {
                    assert!(!line.contains(&format!("crate::{upper}")), "{}: {line}", path.display());
                }
            }
            checked += 1;
        }
        assert!(checked >= 4, "read {checked} files of {}", dir.display());
    }

    #[test]
    fn debug_redacts_secrets() {
        let c = Credentials {
            access_key_id: "AKIDEXAMPLE".into(),
            secret_access_key: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY".into(),
            session_token: Some("TOKENVALUE".into()),
            expiration: None,
            account_id: None,
        };
        let s = format!("{c:?}");
        assert!(s.contains("AKIDEXAMPLE"));
        assert!(!s.contains("wJalr") && !s.contains("TOKENVALUE"), "{s}");
    }
}
