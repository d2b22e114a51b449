//! AWS STS: `GetCallerIdentity`, `AssumeRole` and `AssumeRoleWithWebIdentity` over the awsQuery
//! protocol (form body in, XML out, [`query`]), and the AWS CLI's assumed-role cache
//! ([`cli_cache`]) that lets processes and tools share role sessions.

pub mod assume_role;
pub mod caller_identity;
pub mod cli_cache;
pub mod query;
pub mod web_identity;
pub mod xml;

pub use caller_identity::caller_identity_op;
