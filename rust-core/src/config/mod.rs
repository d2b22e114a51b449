//! The shared config (`~/.aws/config`) and credentials (`~/.aws/credentials`) files.
//!
//! - [`location`]: where the files are, per platform and environment variables.
//! - [`parser`]: the cross-SDK line grammar, into raw sections.
//! - [`profile`]: the merged view ([`ProfileSet`]) with the cross-SDK normalization rules.
//! - [`load`]: find, read (through the injected [`crate::os::Fs`]) and parse both files.
//! - [`edit`]: change a few keys of one section, append or remove whole sections, while keeping
//!   every other byte of the file.
//! - [`write`]: put an edit on disk: under the config lock, re-read, checked, atomic.
//! - [`region`]: the configured region (environment, then profile), for every operation.
//!
//! The parser is ours rather than an INI crate's (such as `rust-ini`) for two reasons: the AWS
//! files are not plain INI (the cross-SDK grammar has `[profile x]` and `[sso-session x]`
//! prefixes, indented continuation lines for sub-properties, `#` and `;` comments whose
//! meaning depends on the whitespace before them, and rules for duplicates and invalid names
//! that every SDK must follow the same way; see the profile vectors), and edits must be
//! lossless: a generic INI round trip would drop comments, reorder keys or rewrite other
//! profiles, while [`edit`] changes only the lines it owns.

pub mod edit;
pub mod load;
pub mod location;
pub mod parser;
pub mod profile;
pub mod region;
pub mod write;

pub use edit::{append_sections, remove_properties, remove_sections, set_properties, SectionRef};
pub use load::{load, LoadedProfiles, ProfileFiles};
pub use location::Platform;
pub use profile::{check_section_name, FileKind, Profile, ProfileSet, Property, Section};
pub use region::{configured_region, ConfiguredRegion};
pub use write::{prepare_properties, set_properties_in_file, update_file, PendingEdit};
