//! The one error type that crosses the C ABI as data: a stable code, a message for people, and a
//! kind that PowerShell maps to an `ErrorCategory`.
//!
//! Messages must never contain a secret: they are shown to users, written by `-Verbose` and logged.

use serde::Serialize;
use std::fmt;

/// What sort of failure this is; PowerShell maps each to an `ErrorCategory`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ErrorKind {
    /// A parameter, a config value or a request is malformed (InvalidArgument).
    InvalidInput,
    /// A profile, session, file or cache entry does not exist (ObjectNotFound).
    NotFound,
    /// Credentials are missing, expired, revoked or rejected (AuthenticationError).
    Authentication,
    /// The endpoint could not be reached, or timed out (ConnectionError).
    Network,
    /// The service answered with an error (InvalidResult).
    Service,
    /// A local file could not be read or written (ReadError / WriteError).
    Io,
    /// The user cancelled the operation (OperationStopped).
    Cancelled,
    /// The operation is not built yet (NotImplemented).
    NotImplemented,
    /// A bug: a panic or a broken invariant (NotSpecified).
    Internal,
}

/// An error with a stable `code` (used as the PowerShell error id), a human `message` and a `kind`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Error {
    pub code: String,
    pub message: String,
    pub kind: ErrorKind,
}

impl Error {
    pub fn new(kind: ErrorKind, code: impl Into<String>, message: impl Into<String>) -> Self {
        Error { code: code.into(), message: message.into(), kind }
    }
    pub fn invalid_input(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(ErrorKind::InvalidInput, code, message)
    }
    pub fn not_found(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(ErrorKind::NotFound, code, message)
    }
    pub fn auth(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Authentication, code, message)
    }
    pub fn network(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Network, code, message)
    }
    pub fn service(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Service, code, message)
    }
    pub fn io(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Io, code, message)
    }
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Internal, "InternalError", message)
    }
    pub fn cancelled() -> Self {
        Self::new(ErrorKind::Cancelled, "OperationCancelled", "The operation was cancelled.")
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.message, self.code)
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;
