//! Profiles, SSO sessions and services sections, merged from the config and credentials files.
//!
//! The raw sections from [`super::parser`] are normalized here with the cross-SDK rules:
//! - Config file: `[profile NAME]` and `[default]` are profiles, `[sso-session NAME]` and
//!   `[services NAME]` are what they say; anything else (such as a bare `[foo]`) is ignored,
//!   because the config file reserves bare names for other uses.
//! - If the config file has a `[profile default]`, its bare `[default]` sections are ignored
//!   (the prefixed form is the explicit one).
//! - Credentials file: every `[NAME]` is a profile; there are no prefixes (so `[profile foo]`,
//!   which would be an invalid name, is ignored).
//! - Names and keys may only use `A-Z a-z 0-9 - / . % @ _ : +`; sections or properties with other
//!   names are skipped (with a warning), not errors, so one odd entry does not break every profile.
//! - Sections with the same name merge; a later key replaces an earlier one, and the credentials
//!   file is applied after the config file, so it wins per key.

use super::parser::{self, RawSection, WHITESPACE};
use crate::Error;
use std::collections::BTreeMap;

/// Which file a profile's keys came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FileKind {
    Config,
    Credentials,
}

/// One property: its value and, when the value was empty and followed by indented
/// `name = value` lines, those sub-properties.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Property {
    value: String,
    /// Lowercased sub-property names with valid identifiers, in file order (last wins on lookup).
    sub_properties: Vec<(String, String)>,
}

impl Property {
    pub fn value(&self) -> &str {
        &self.value
    }

    /// A sub-property by name (case-insensitive).
    pub fn sub_property(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.sub_properties.iter().rev().find(|(k, _)| *k == name).map(|(_, v)| v.as_str())
    }

    pub fn sub_properties(&self) -> impl Iterator<Item = (&str, &str)> {
        self.sub_properties.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

/// A named section of properties: a profile, an `sso-session` or a `services` section.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Section {
    name: String,
    /// Keys are lowercased: the files are case-insensitive in keys (`Region` is `region`).
    properties: BTreeMap<String, Property>,
    sources: Vec<FileKind>,
}

/// A profile (`[default]`, `[profile NAME]`, or `[NAME]` in the credentials file).
pub type Profile = Section;

impl Section {
    fn named(name: &str) -> Self {
        Section { name: name.to_string(), ..Default::default() }
    }

    /// The name, without any `profile ` or `sso-session ` prefix. Case-sensitive.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// A property's value; `key` is case-insensitive.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.property(key).map(Property::value)
    }

    pub fn property(&self, key: &str) -> Option<&Property> {
        self.properties.get(&key.to_ascii_lowercase())
    }

    /// A sub-property, such as `s3 =` / `  endpoint_url = ...` in a services section.
    pub fn sub_property(&self, key: &str, sub: &str) -> Option<&str> {
        self.property(key)?.sub_property(sub)
    }

    /// Every property, keys lowercased, in key order.
    pub fn properties(&self) -> impl Iterator<Item = (&str, &Property)> {
        self.properties.iter().map(|(k, p)| (k.as_str(), p))
    }

    /// The files this section was read from, config before credentials.
    pub fn sources(&self) -> &[FileKind] {
        &self.sources
    }

    fn note_source(&mut self, kind: FileKind) {
        if !self.sources.contains(&kind) {
            self.sources.push(kind);
        }
    }
}

/// Everything the config and credentials files define, merged.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ProfileSet {
    profiles: BTreeMap<String, Section>,
    sso_sessions: BTreeMap<String, Section>,
    services: BTreeMap<String, Section>,
    warnings: Vec<String>,
}

/// What a config-file header names.
enum Target<'a> {
    Profile { name: &'a str, prefixed: bool },
    SsoSession(&'a str),
    Services(&'a str),
    Ignored(&'static str),
}

impl ProfileSet {
    /// Parses and merges the two files' texts; `None` is the same as an empty file.
    /// A syntax error is `InvalidInput` with code `ConfigFileInvalid`.
    pub fn parse(config: Option<&str>, credentials: Option<&str>) -> Result<ProfileSet, Error> {
        Self::parse_labeled(config.map(|c| ("The config file", c)), credentials.map(|c| ("The credentials file", c)))
    }

    /// Like [`ProfileSet::parse`], with a label (usually the path) for each file's errors.
    pub(crate) fn parse_labeled(
        config: Option<(&str, &str)>,
        credentials: Option<(&str, &str)>,
    ) -> Result<ProfileSet, Error> {
        let mut set = ProfileSet::default();
        if let Some((label, text)) = config {
            let sections = parser::parse(text).map_err(|e| e.into_error(label))?;
            set.merge_config(&sections);
        }
        if let Some((label, text)) = credentials {
            let sections = parser::parse(text).map_err(|e| e.into_error(label))?;
            set.merge_credentials(&sections);
        }
        Ok(set)
    }

    fn merge_config(&mut self, sections: &[RawSection]) {
        let targets: Vec<Target> = sections.iter().map(|s| classify(&s.header)).collect();
        let has_prefixed_default =
            targets.iter().any(|t| matches!(t, Target::Profile { name: "default", prefixed: true }));
        for (section, target) in sections.iter().zip(targets) {
            let (map, name) = match target {
                Target::Profile { name: "default", prefixed: false } if has_prefixed_default => {
                    self.warn(section, "config file", "[profile default] takes precedence over [default]");
                    continue;
                }
                Target::Profile { name, .. } => (&mut self.profiles, name),
                Target::SsoSession(name) => (&mut self.sso_sessions, name),
                Target::Services(name) => (&mut self.services, name),
                Target::Ignored(why) => {
                    self.warn(section, "config file", why);
                    continue;
                }
            };
            if !is_identifier(name) {
                self.warn(section, "config file", "the name has characters other than A-Z a-z 0-9 - / . % @ _ : +");
                continue;
            }
            let warnings = merge_into(
                map.entry(name.to_string()).or_insert_with(|| Section::named(name)),
                section,
                FileKind::Config,
            );
            self.warnings.extend(warnings);
        }
    }

    fn merge_credentials(&mut self, sections: &[RawSection]) {
        for section in sections {
            let name = section.header.as_str();
            if !is_identifier(name) {
                self.warn(
                    section,
                    "credentials file",
                    "credentials file sections are bare profile names ([NAME]) using only A-Z a-z 0-9 - / . % @ _ : +",
                );
                continue;
            }
            let warnings = merge_into(
                self.profiles.entry(name.to_string()).or_insert_with(|| Section::named(name)),
                section,
                FileKind::Credentials,
            );
            self.warnings.extend(warnings);
        }
    }

    fn warn(&mut self, section: &RawSection, file: &str, why: &str) {
        // Section headers are names, not secrets, so they may be shown.
        self.warnings
            .push(format!("Ignored section [{}] on line {} of the {}: {}.", section.header, section.line, file, why));
    }

    pub fn profile(&self, name: &str) -> Option<&Profile> {
        self.profiles.get(name)
    }

    pub fn sso_session(&self, name: &str) -> Option<&Section> {
        self.sso_sessions.get(name)
    }

    pub fn services(&self, name: &str) -> Option<&Section> {
        self.services.get(name)
    }

    /// Profile names, sorted.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.profiles.keys().map(String::as_str)
    }

    /// `sso-session` names, sorted.
    pub fn sso_session_names(&self) -> impl Iterator<Item = &str> {
        self.sso_sessions.keys().map(String::as_str)
    }

    /// `services` section names, sorted.
    pub fn services_names(&self) -> impl Iterator<Item = &str> {
        self.services.keys().map(String::as_str)
    }

    /// Sections and properties that were skipped, for `-Verbose`; they name sections and keys
    /// but never values.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }
}

/// Copies `raw`'s valid properties into `section`, later keys replacing earlier ones; returns
/// warnings for skipped keys.
fn merge_into(section: &mut Section, raw: &RawSection, kind: FileKind) -> Vec<String> {
    section.note_source(kind);
    let mut warnings = Vec::new();
    for p in &raw.properties {
        if !is_identifier(&p.key) {
            warnings.push(format!(
                "Ignored a property on line {} in section [{}]: its name has characters other than A-Z a-z 0-9 - / . % @ _ : +.",
                p.line, raw.header
            ));
            continue;
        }
        let sub_properties = p
            .sub_properties
            .iter()
            .filter(|s| is_identifier(&s.key))
            .map(|s| (s.key.clone(), s.value.clone()))
            .collect();
        section.properties.insert(p.key.clone(), Property { value: p.value.clone(), sub_properties });
    }
    warnings
}

/// What a config-file section header refers to.
fn classify(header: &str) -> Target<'_> {
    if header == "default" {
        return Target::Profile { name: "default", prefixed: false };
    }
    if let Some(name) = strip_keyword(header, "profile") {
        return Target::Profile { name, prefixed: true };
    }
    if let Some(name) = strip_keyword(header, "sso-session") {
        return Target::SsoSession(name);
    }
    if let Some(name) = strip_keyword(header, "services") {
        return Target::Services(name);
    }
    Target::Ignored("config file profiles are written [profile NAME] (only the default may be [default])")
}

/// `header` without a leading `keyword` that is followed by whitespace (`[profilefoo]` is not a
/// profile named `foo`), trimmed.
pub(crate) fn strip_keyword<'a>(header: &'a str, keyword: &str) -> Option<&'a str> {
    let rest = header.strip_prefix(keyword)?;
    if rest.starts_with(WHITESPACE) {
        Some(rest.trim_matches(WHITESPACE))
    } else {
        None
    }
}

/// Names of profiles, sessions and keys: non-empty, and only these characters.
pub fn is_identifier(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || "-/_.%@:+".contains(c))
}

/// Checks a profile or sso-session name about to be written as a section header. Exactly the
/// names our parser reads back are accepted ([`is_identifier`]), and the AWS CLI and botocore
/// read each of them back as the same name (`tests/profile_names_botocore.rs` checks it over a
/// generated set of awkward names); anything else would be skipped by us, read differently by
/// the CLI, or break the file, so it is refused before anything is written. `what` names the
/// thing ("profile name") and `code` is the error code.
pub fn check_section_name(what: &str, name: &str, code: crate::error::codes::Code) -> Result<(), Error> {
    if is_identifier(name) {
        return Ok(());
    }
    Err(Error::of(
        code,
        format!(
            "'{}' cannot be used as a {what}: use only letters, digits and - / _ . % @ : + (spaces, brackets, '#', ';' and other characters are read differently or not at all by the AWS CLI and SDKs). Nothing was written.",
            name.escape_debug()
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_override_config_per_key_and_sources_are_recorded() {
        let set = ProfileSet::parse(
            Some("[profile dev]\nregion = us-east-1\naws_access_key_id = A\n[sso-session corp]\nsso_region = eu-west-1\n"),
            Some("[dev]\naws_access_key_id = B\n[ci]\naws_access_key_id = C\n"),
        )
        .unwrap();
        let dev = set.profile("dev").unwrap();
        assert_eq!(dev.get("REGION"), Some("us-east-1"));
        assert_eq!(dev.get("aws_access_key_id"), Some("B"));
        assert_eq!(dev.sources(), &[FileKind::Config, FileKind::Credentials]);
        assert_eq!(set.profile("ci").unwrap().sources(), &[FileKind::Credentials]);
        assert_eq!(set.sso_session("corp").unwrap().get("sso_region"), Some("eu-west-1"));
        assert_eq!(set.names().collect::<Vec<_>>(), vec!["ci", "dev"]);
    }

    #[test]
    fn services_sub_properties() {
        let set =
            ProfileSet::parse(Some("[services local]\ns3 =\n  Endpoint_URL = http://localhost:9000 # minio\n"), None)
                .unwrap();
        let svc = set.services("local").unwrap();
        assert_eq!(svc.sub_property("s3", "endpoint_url"), Some("http://localhost:9000"));
        assert_eq!(svc.get("s3"), Some("\nEndpoint_URL = http://localhost:9000 # minio"));
    }

    #[test]
    fn ignored_sections_are_reported_without_values() {
        let set = ProfileSet::parse(Some("[dev]\nsecret = hunter2\n[profile a b]\n"), None).unwrap();
        assert_eq!(set.names().count(), 0);
        assert_eq!(set.warnings().len(), 2);
        assert!(set.warnings().iter().all(|w| !w.contains("hunter2")));
    }

    #[test]
    fn parse_errors_name_the_file() {
        let e = ProfileSet::parse(None, Some("[default]\n= x")).unwrap_err();
        assert_eq!(e.kind, crate::ErrorKind::InvalidInput);
        assert!(
            e.message.starts_with("The credentials file is invalid on line 2: Property did not have a name"),
            "{}",
            e.message
        );
    }
}
