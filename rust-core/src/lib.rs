//! awslogin-core: the native core of the AwsLogin PowerShell module.
//!
//! Everything that talks to the network or touches a file lives here; the PowerShell module is a
//! thin shell over the C ABI in [`ffi`]. Modules are split by domain:
//!
//! - [`config`]: the shared config and credentials files (parse, locate, edit without loss).
//! - [`credentials`]: what every credential source shares (a leaf: `Credentials`, the provider
//!   context, the one source trait, the profile representation) and `credential_process`.
//! - [`chain`]: the provider chain (parameters, environment, the profile's source and the roles
//!   it assumes, container and instance metadata at the end).
//! - [`sigv4`]: Signature Version 4.
//! - [`sts`]: STS `GetCallerIdentity`, `AssumeRole`, `AssumeRoleWithWebIdentity` and the AWS
//!   CLI's assumed-role cache.
//! - [`container`], [`imds`]: container (ECS/EKS) and EC2 instance metadata credentials.
//! - [`regions`]: the known AWS regions and their names (completion, region checks).
//! - [`console`]: the AWS Management Console through the federation endpoint (`Open-AWSConsole`).
//! - [`http`]: the shared HTTP client, endpoint resolution and retries.
//! - [`cache`]: atomic, private file writes and cross-process locks for the token caches.
//! - [`oauth`]: PKCE, the loopback callback listener and the browser launcher, shared by the
//!   console sign-in ([`login`]) and IAM Identity Center ([`sso`]) flows.
//! - [`inventory`]: the profiles and sessions on this machine, read from files (no network).
//! - [`export`]: credentials written for other tools (`aws configure export-credentials` formats,
//!   the `awslogin-credential-process` helper's profiles).
//! - [`ops`]: the operations layer (request documents, dispatch of each operation).
//! - [`ffi`]: the C ABI (operation handles, strings, panic boundary).

// Every unsafe operation sits in its own `unsafe` block (also inside `unsafe fn`), and every such
// block says why it is sound in a `// SAFETY:` comment; clippy (-D warnings) enforces both.
#![deny(unsafe_op_in_unsafe_fn)]
#![warn(clippy::undocumented_unsafe_blocks)]

pub(crate) mod cache;
pub mod chain;
pub mod config;
pub(crate) mod console;
pub mod container;
pub mod credentials;
pub mod error;
pub mod export;
pub mod ffi;
pub(crate) mod http;
pub mod imds;
pub mod interact;
pub mod inventory;
pub mod login;
pub mod oauth;
pub mod ops;
pub mod os;
pub mod regions;
pub mod runtime;
pub mod sigv4;
pub(crate) mod sso;
pub(crate) mod sts;
pub mod util;

pub use error::{Error, ErrorKind, Result};
