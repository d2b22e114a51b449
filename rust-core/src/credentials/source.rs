//! The one trait every credential source implements, so the chain treats them alike: static
//! keys, `credential_process`, `login_session`, IAM Identity Center, and the sources still to come.
//!
//! The method returns a boxed future rather than being an `async fn`, so the trait stays
//! dyn-compatible (the chain holds a `Box<dyn ProvideCredentials>`) on the crate's rust-version.

use super::{Credentials, ProviderContext};
use crate::error::Result;
use std::future::Future;
use std::pin::Pin;

/// What [`ProvideCredentials::provide`] returns.
pub type ProvideFuture<'a> = Pin<Box<dyn Future<Output = Result<Credentials>> + Send + 'a>>;

/// A credential source.
pub trait ProvideCredentials: Send + Sync {
    /// Fetches (or reads, or refreshes) the credentials.
    fn provide<'a>(&'a self, ctx: &'a ProviderContext<'a>) -> ProvideFuture<'a>;

    /// What this source is, for `-Verbose` ("static keys", "credential_process", ...). Never a secret.
    fn describe(&self) -> String;
}

/// Credentials that are already known (parameters, environment, a profile's static keys).
pub struct StaticCredentials {
    pub credentials: Credentials,
    pub described: String,
}

impl ProvideCredentials for StaticCredentials {
    fn provide<'a>(&'a self, _ctx: &'a ProviderContext<'a>) -> ProvideFuture<'a> {
        Box::pin(async move { Ok(self.credentials.clone()) })
    }
    fn describe(&self) -> String {
        self.described.clone()
    }
}
