//! Console-credential login (`aws login`): the `login_session` profile key, the sign-in OAuth 2.0
//! flow with PKCE and DPoP, the token cache in `~/.aws/login/cache` and refresh.

pub(crate) mod authorize;
pub mod cache;
pub mod dpop;
pub(crate) mod flow;
pub(crate) mod logout;
pub(crate) mod provider;
pub(crate) mod token;

use crate::error::Result;
use crate::interact::Interaction;
use serde_json::Value;

/// `Invoke-AWSLogin`.
pub async fn login_op(req: Value, ui: &Interaction) -> Result<Value> {
    flow::login_op(req, ui).await
}

/// `Invoke-AWSLogout`.
pub async fn logout_op(req: Value, ui: &Interaction) -> Result<Value> {
    logout::logout_op(req, ui).await
}

/// The published login vectors (`../shared/vectors/login`), read from disk: tests take sample
/// keys and tokens from there rather than copying them into the repository.
#[cfg(test)]
pub(crate) mod testdata {
    /// The cache document of the vectors' first case (a valid session with a DPoP key and an
    /// id token whose `sub` is an assumed-role ARN).
    pub fn first_cache() -> serde_json::Value {
        let shared = std::env::var("AWSLOGIN_SHARED_DIR")
            .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared").to_string());
        let path = std::path::Path::new(&shared).join("vectors/login/login-provider-test-cases.json");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!("the login vectors {} are missing ({e}); set AWSLOGIN_SHARED_DIR", path.display())
        });
        let cases: serde_json::Value = serde_json::from_str(&text).unwrap();
        let contents = cases[0]["cacheContents"].as_object().expect("case 0 has a cache file");
        contents.values().next().expect("one cache file").clone()
    }
}
