//! The OAuth 2.0 pieces that the console sign-in flow ([`crate::login`]) and the IAM Identity
//! Center flow ([`crate::sso`]) share: PKCE, the loopback listener that receives the
//! authorization code, and starting the browser.
//!
//! Each flow used to carry its own copy of these; they had drifted apart in details that no spec
//! asks for (which `$BROWSER` entries are tried, how a Windows browser is started, accept errors).
//! Now there is one implementation, and the real differences between the flows are parameters:
//! the callback pages and what a callback that does not belong to this login does
//! ([`loopback::Rules`]). What stays in each flow is what its service defines: the authorize URL
//! (`code_challenge_method=SHA-256` for sign-in, `S256` for SSO OIDC; the challenge is the same),
//! the error texts, and the time limit.

pub mod browser;
pub mod loopback;
pub mod pkce;
