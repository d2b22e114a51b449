//! The request fields every operation shares: the AWS Tools common parameters and the
//! environment PowerShell runs in.
//!
//! PowerShell sends its own environment: on Unix, .NET keeps `$env:` changes to itself and the
//! C library's `getenv` never sees them, so reading the process environment here would miss
//! what the user just set.
use crate::error::codes;

use crate::os::{Env, MapEnv, Os, ProcessEnv, RealFs, SystemClock};
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CommonRequest {
    /// The caller's environment variables; when absent, the process environment is used.
    pub env: Option<HashMap<String, String>>,
    pub profile_name: Option<String>,
    /// `-ProfileLocation`: the shared credentials file to use instead of the default.
    pub profile_location: Option<String>,
    pub region: Option<String>,
    pub access_key: Option<String>,
    pub secret_key: Option<String>,
    pub session_token: Option<String>,
    pub endpoint_url: Option<String>,
}

impl std::fmt::Debug for CommonRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CommonRequest")
            .field("profile_name", &self.profile_name)
            .field("profile_location", &self.profile_location)
            .field("region", &self.region)
            .field("access_key", &self.access_key)
            .field("secret_key", &self.secret_key.as_ref().map(|_| "** redacted **"))
            .field("session_token", &self.session_token.as_ref().map(|_| "** redacted **"))
            .field("endpoint_url", &self.endpoint_url)
            .finish()
    }
}

fn non_empty(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl CommonRequest {
    pub fn from_json(v: serde_json::Value) -> crate::Result<Self> {
        serde_json::from_value(v)
            .map_err(|e| crate::Error::of(codes::INVALID_REQUEST, format!("The request is malformed: {e}")))
    }

    /// The OS view for this request: its environment, the real file system and clock.
    pub fn os(&self) -> Os {
        let env: Arc<dyn Env> = match &self.env {
            Some(map) => Arc::new(MapEnv(map.clone())),
            None => Arc::new(ProcessEnv),
        };
        Os { env, fs: Arc::new(RealFs), clock: Arc::new(SystemClock) }
    }

    pub fn profile_name(&self) -> Option<&str> {
        non_empty(&self.profile_name)
    }
    pub fn profile_location(&self) -> Option<&str> {
        non_empty(&self.profile_location)
    }
    pub fn region(&self) -> Option<&str> {
        non_empty(&self.region)
    }
    pub fn endpoint_url(&self) -> Option<&str> {
        non_empty(&self.endpoint_url)
    }
    pub fn access_key(&self) -> Option<&str> {
        non_empty(&self.access_key)
    }
    pub fn secret_key(&self) -> Option<&str> {
        non_empty(&self.secret_key)
    }
    pub fn session_token(&self) -> Option<&str> {
        non_empty(&self.session_token)
    }
}
