//! Small encodings shared by several domains, written here to avoid a crate for each.

pub mod encoding;
#[cfg(test)]
pub(crate) mod extreme;
pub mod pyjson;
pub mod random;
pub mod text;
pub mod time;
