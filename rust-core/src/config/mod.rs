//! The shared config (`~/.aws/config`) and credentials (`~/.aws/credentials`) files.
//!
//! - [`location`]: where the files are, per platform and environment variables.
//! - [`parser`]: the cross-SDK line grammar, into raw sections.
//! - [`profile`]: the merged view ([`ProfileSet`]) with the cross-SDK normalization rules.
//! - [`load`]: find, read (through the injected [`crate::os::Fs`]) and parse both files.
//! - [`edit`]: change a few keys of one section while keeping every other byte of the file.
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

pub use edit::{remove_properties, set_properties, update_file, SectionRef};
pub use load::{load, LoadedProfiles, ProfileFiles};
pub use location::Platform;
pub use profile::{FileKind, Profile, ProfileSet, Property, Section};
pub use region::{configured_region, ConfiguredRegion};
