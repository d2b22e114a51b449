//! The OAuth 2.0 pieces that the console sign-in flow ([`crate::login`]) and the IAM Identity
//! Center flow ([`crate::sso`]) share: PKCE, the loopback listener that receives the
//! authorization code, and starting the browser.
//!
//! Each flow used to carry its own copy of these; they had drifted apart in details that no spec
//! asks for (which `$BROWSER` entries are tried, how a Windows browser is started, accept errors).
//! Now there is one implementation, and the real differences between the flows are parameters:
//! the callback pages and what a callback that does not belong to this login does
//! ([`loopback::Rules`]). What stays in each flow is what its service defines: the authorize URL's
//! parameters (`code_challenge_method=SHA-256` for sign-in, `S256` for SSO OIDC; the challenge is
//! the same; [`authorize_url`] builds both), the error texts, and the time limit.

pub(crate) mod browser;
pub(crate) mod loopback;
pub mod pkce;

use crate::util::encoding::uri_encode;

/// An authorize URL: `endpoint` with `params` as its query, in the order given, every name and
/// value percent-encoded (RFC 3986 unreserved characters kept). Both sign-in services take one.
pub fn authorize_url(endpoint: &str, params: &[(&str, &str)]) -> String {
    let query: Vec<String> =
        params.iter().map(|(k, v)| format!("{}={}", uri_encode(k, false), uri_encode(v, false))).collect();
    format!("{endpoint}?{}", query.join("&"))
}
