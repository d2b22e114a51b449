//! AWS STS: `GetCallerIdentity`, the awsQuery protocol (form body in, XML out).

pub mod caller_identity;
pub mod xml;

pub use caller_identity::caller_identity_op;
