//! Private, atomic file writes and cross-process locks, shared by the config editor and the
//! login and SSO token caches.
//!
//! Rules every writer here follows: write a temporary file in the same folder, flush it to disk,
//! then rename it over the target, so a reader never sees half a file; files are created 0600 and
//! folders 0700 on Unix (on Windows the user's profile folder already holds the ACL).

pub mod atomic;
pub mod lock;
pub mod refresh;

pub use atomic::{ensure_private_dir, write_atomic};
pub use lock::FileLock;
