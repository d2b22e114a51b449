//! Small encodings shared by several domains, written here to avoid a crate for each.

pub mod encoding;
pub mod pyjson;
pub mod random;
pub mod time;
