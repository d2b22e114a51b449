//! HTTP for every service: one shared client (connection reuse makes warm calls fast),
//! endpoint resolution with the standard `AWS_ENDPOINT_URL*` overrides, and bounded retries.

pub mod client;
pub mod endpoint;
pub mod retry;

pub use client::{is_header_value, HttpRequest, HttpResponse};
pub use endpoint::{resolve_endpoint, Endpoint, Service};
pub use retry::{send_with_policy, send_with_retry, RetryDecision, RetryPolicy};
