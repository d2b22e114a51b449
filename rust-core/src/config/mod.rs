//! The shared config (`~/.aws/config`) and credentials (`~/.aws/credentials`) files.
//!
//! - [`location`]: where the files are, per platform and environment variables.
//! - [`parser`]: the cross-SDK line grammar, into raw sections.
//! - [`profile`]: the merged view ([`ProfileSet`]) with the cross-SDK normalization rules.
//! - [`load`]: find, read (through the injected [`crate::os::Fs`]) and parse both files.
//! - [`edit`]: change a few keys of one section while keeping every other byte of the file.
//! - [`write`]: put an edit on disk: under the config lock, re-read, checked, atomic.

pub mod edit;
pub mod load;
pub mod location;
pub mod parser;
pub mod profile;
pub mod write;

pub use edit::{remove_properties, set_properties, SectionRef};
pub use load::{load, LoadedProfiles, ProfileFiles};
pub use location::Platform;
pub use profile::{check_section_name, FileKind, Profile, ProfileSet, Property, Section};
pub use write::{prepare_properties, set_properties_in_file, update_file, PendingEdit};
