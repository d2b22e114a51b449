//! Private, atomic file writes, reads that never block, and cross-process locks, shared by the
//! config editor and the login and SSO token caches.
//!
//! Rules every writer here follows: write a temporary file in the same folder, flush it to disk,
//! then rename it over the target, so a reader never sees half a file; files are created 0600 and
//! folders 0700 on Unix (on Windows the user's profile folder already holds the ACL).

pub mod atomic;
pub mod lock;
pub mod read;

pub mod refresh;

pub use atomic::{ensure_private_dir, write_atomic, Previous, Staged};
pub use lock::FileLock;
pub use read::read_regular;
