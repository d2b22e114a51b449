//! The shared config (`~/.aws/config`) and credentials (`~/.aws/credentials`) files.
//!
//! - [`location`]: where the files are, per platform and environment variables.
//! - [`parser`]: the cross-SDK line grammar, into raw sections.
//! - [`profile`]: the merged view ([`ProfileSet`]) with the cross-SDK normalization rules.
//! - [`load`]: find, read (through the injected [`crate::os::Fs`]) and parse both files.
//! - [`listing`]: profile and sso-session names with their files, for completion and listings.
//! - [`edit`]: change a few keys of one section while keeping every other byte of the file.

pub mod edit;
pub mod listing;
pub mod load;
pub mod location;
pub mod parser;
pub mod profile;

pub use edit::{remove_properties, set_properties, update_file, SectionRef};
pub use load::{load, LoadedProfiles, ProfileFiles};
pub use location::Platform;
pub use profile::{FileKind, Profile, ProfileSet, Property, Section};
