//! Where credentials come from, in the AWS Tools for PowerShell order: parameters, then the
//! environment, then the profile (shared credentials file, then config file).
//!
//! Split as smithy-rs `aws-config` does: [`request`] parses what PowerShell sent, [`repr`]
//! flattens a profile into the one source it uses, [`chain`] resolves and runs it. The
//! `login_session` and IAM Identity Center sources live in [`crate::login`] and [`crate::sso`]
//! and plug in through [`repr::BaseProvider`].

pub mod chain;
pub mod export;
pub mod helper_profile;
pub mod process;
pub mod repr;
pub mod request;

pub use chain::{resolve, Resolved};
pub use repr::{BaseProvider, SsoSettings};
pub use request::CommonRequest;

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

/// What a provider that needs more than a profile's keys receives (login, SSO).
pub struct ProviderContext<'a> {
    pub os: &'a Os,
    pub ui: &'a Interaction,
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
