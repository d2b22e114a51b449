//! The one error type that crosses the C ABI as data: a stable code, a message for people, and a
//! kind that PowerShell maps to an `ErrorCategory`.
//!
//! Messages must never contain a secret: they are shown to users, written by `-Verbose` and logged.

pub mod codes;

pub use codes::Code;

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
    /// The failure may pass by itself (a network failure, HTTP 5xx, throttling): a refresh that
    /// fails so may fall back to cached credentials that are still valid.
    #[serde(skip)]
    pub transient: bool,
}

impl Error {
    /// An error with a code from the registry ([`codes`]) and its kind.
    pub fn of(code: Code, message: impl Into<String>) -> Self {
        Error {
            code: code.name.to_string(),
            message: message.into(),
            kind: code.kind,
            transient: code.kind == ErrorKind::Network,
        }
    }
    /// An error whose code an AWS service defined (STS's `<Code>`, an exception name), passed
    /// through unchanged.
    pub fn from_service(kind: ErrorKind, code: impl Into<String>, message: impl Into<String>) -> Self {
        Error { code: code.into(), message: message.into(), kind, transient: false }
    }
    /// Whether this error has `code`.
    pub fn is(&self, code: Code) -> bool {
        self.code == code.name
    }
    /// The same error with another kind (a code whose kind depends on the answer, such as an
    /// HTTP status).
    pub fn with_kind(mut self, kind: ErrorKind) -> Self {
        self.kind = kind;
        self
    }
    /// Marks the error as transient when `status` is one that may pass by itself (5xx, 429).
    pub fn with_status(mut self, status: u16) -> Self {
        self.transient = status >= 500 || status == 429;
        self
    }
    /// Marks the error as transient.
    pub fn transient(mut self) -> Self {
        self.transient = true;
        self
    }
    pub fn internal(message: impl Into<String>) -> Self {
        Self::of(codes::INTERNAL_ERROR, message)
    }
    pub fn cancelled() -> Self {
        Self::of(codes::OPERATION_CANCELLED, "The operation was cancelled.")
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.message, self.code)
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;
