//! Profile names from a template such as `{AccountName}.{RoleName}`.
//!
//! Placeholders (case-insensitive): `{AccountName}`, `{AccountId}`, `{RoleName}`,
//! `{SessionName}`. Every substituted value is made safe for a section name
//! ([`crate::config::check_section_name`]: what our parser, the AWS CLI and botocore all read back
//! as the same name): each run of other characters (spaces, brackets, `#`, `;`, `=`, `,`,
//! non-ASCII letters...) becomes one `-`, and `-` is trimmed from both ends, so
//! `Prod (EU) #2` gives `Prod-EU-2`. An account name with nothing left gives the account id.
//! The template's own text must already be valid, so a name is never silently changed there.

use crate::error::{codes, Error, Result};

/// `-NameTemplate`'s default.
pub const DEFAULT_TEMPLATE: &str = "{AccountName}.{RoleName}";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Placeholder {
    AccountName,
    AccountId,
    RoleName,
    SessionName,
}

const PLACEHOLDERS: [(&str, Placeholder); 4] = [
    ("AccountName", Placeholder::AccountName),
    ("AccountId", Placeholder::AccountId),
    ("RoleName", Placeholder::RoleName),
    ("SessionName", Placeholder::SessionName),
];

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Value(Placeholder),
}

/// A parsed, checked name template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameTemplate {
    parts: Vec<Part>,
}

/// What a template is filled with.
#[derive(Debug, Clone, Copy)]
pub struct NameValues<'a> {
    pub account_name: &'a str,
    pub account_id: &'a str,
    pub role_name: &'a str,
    pub session_name: &'a str,
}

fn invalid(template: &str, why: String) -> Error {
    Error::of(
        codes::INVALID_NAME_TEMPLATE,
        format!(
            "The name template '{}' {why}. Use the placeholders {{AccountName}}, {{AccountId}}, {{RoleName}} and {{SessionName}} joined by letters, digits and - / _ . % @ : +, such as {DEFAULT_TEMPLATE} or {{AccountId}}-{{RoleName}}. Nothing was written.",
            template.escape_debug()
        ),
    )
}

fn name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-/_.%@:+".contains(c)
}

impl NameTemplate {
    pub fn parse(template: &str) -> Result<NameTemplate> {
        let mut parts = Vec::new();
        let mut rest = template;
        while !rest.is_empty() {
            match rest.find(['{', '}']) {
                Some(0) if rest.starts_with('{') => {
                    let close = rest.find('}').ok_or_else(|| invalid(template, "has a '{' without its '}'".into()))?;
                    let name = &rest[1..close];
                    let placeholder =
                        PLACEHOLDERS.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, p)| *p).ok_or_else(
                            || invalid(template, format!("has an unknown placeholder {{{}}}", name.escape_debug())),
                        )?;
                    parts.push(Part::Value(placeholder));
                    rest = &rest[close + 1..];
                }
                Some(0) => return Err(invalid(template, "has a '}' without its '{'".into())),
                found => {
                    let end = found.unwrap_or(rest.len());
                    let text = &rest[..end];
                    if let Some(bad) = text.chars().find(|c| !name_char(*c)) {
                        return Err(invalid(
                            template,
                            format!("has '{}', which a profile name cannot hold", bad.escape_debug()),
                        ));
                    }
                    parts.push(Part::Text(text.to_string()));
                    rest = &rest[end..];
                }
            }
        }
        if parts.is_empty() {
            return Err(invalid(template, "is empty".into()));
        }
        let names_assignment = parts.iter().any(|p| {
            matches!(p, Part::Value(Placeholder::AccountName | Placeholder::AccountId | Placeholder::RoleName))
        });
        if !names_assignment {
            return Err(invalid(
                template,
                "would give every profile the same name: it needs {AccountName}, {AccountId} or {RoleName}".into(),
            ));
        }
        Ok(NameTemplate { parts })
    }

    /// The profile name for `values`; always a valid section name.
    pub fn render(&self, values: &NameValues) -> String {
        let mut name = String::new();
        for part in &self.parts {
            match part {
                Part::Text(t) => name.push_str(t),
                Part::Value(p) => {
                    let value = match p {
                        Placeholder::AccountName => {
                            let s = sanitize(values.account_name);
                            if s.is_empty() {
                                sanitize(values.account_id)
                            } else {
                                s
                            }
                        }
                        Placeholder::AccountId => sanitize(values.account_id),
                        Placeholder::RoleName => sanitize(values.role_name),
                        Placeholder::SessionName => sanitize(values.session_name),
                    };
                    // A value with nothing usable left (only possible for odd data) still
                    // takes a place, so the name stays valid and different values stay apart.
                    name.push_str(if value.is_empty() { "_" } else { &value });
                }
            }
        }
        name
    }
}

/// `value` with every run of characters a profile name cannot hold replaced by one `-` (none
/// doubled against a `-` beside it), and `-` trimmed from both ends.
pub fn sanitize(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut gap = false;
    for c in value.chars() {
        if !name_char(c) {
            gap = true;
            continue;
        }
        if gap && !out.is_empty() && !out.ends_with('-') && c != '-' {
            out.push('-');
        }
        gap = false;
        out.push(c);
    }
    out.trim_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::profile::is_identifier;

    fn values<'a>(account_name: &'a str, role_name: &'a str) -> NameValues<'a> {
        NameValues { account_name, account_id: "111122223333", role_name, session_name: "corp" }
    }

    #[test]
    fn placeholders_are_filled_case_insensitively() {
        let t = NameTemplate::parse(DEFAULT_TEMPLATE).unwrap();
        assert_eq!(t.render(&values("prod", "Admin")), "prod.Admin");
        let t = NameTemplate::parse("{sessionname}/{ACCOUNTID}-{RoleName}").unwrap();
        assert_eq!(t.render(&values("prod", "Admin")), "corp/111122223333-Admin");
    }

    #[test]
    fn values_are_sanitised_to_names_every_reader_reads_back() {
        for (raw, want) in [
            ("Prod (EU) #2", "Prod-EU-2"),
            ("  spaced   out ", "spaced-out"),
            ("a - b", "a-b"),
            ("[x];y=z,w", "x-y-z-w"),
            ("Producción", "Producci-n"),
            ("--x--", "x"),
            ("a--b", "a--b"),
            ("ok_name.1@x:y+z/%", "ok_name.1@x:y+z/%"),
            ("日本", ""),
        ] {
            assert_eq!(sanitize(raw), want, "{raw:?}");
        }
        let t = NameTemplate::parse(DEFAULT_TEMPLATE).unwrap();
        for (account, role) in [("Prod (EU)", "Admin,Full=1"), ("日本", "R"), ("\t[weird]\n", "x#y;z"), ("a", "b")] {
            let name = t.render(&values(account, role));
            assert!(is_identifier(&name), "{name:?}");
            crate::config::check_section_name("profile name", &name, codes::INVALID_NAME).unwrap();
        }
        // Nothing left of the account name: the account id instead.
        assert_eq!(t.render(&values("日本", "R")), "111122223333.R");
    }

    #[test]
    fn bad_templates_are_refused_with_the_reason() {
        for (template, why) in [
            ("", "is empty"),
            ("{Account}.{RoleName}", "unknown placeholder {Account}"),
            ("{AccountName", "without its '}'"),
            ("x}{RoleName}", "without its '{'"),
            ("{AccountName} {RoleName}", "has ' '"),
            ("[{RoleName}]", "has '['"),
            ("{RoleName}#x", "has '#'"),
            ("static", "the same name"),
            ("{SessionName}", "the same name"),
        ] {
            let e = NameTemplate::parse(template).unwrap_err();
            assert_eq!(e.code, "InvalidNameTemplate", "{template}");
            assert!(e.message.contains(why), "{template}: {}", e.message);
            assert!(e.message.contains("{AccountId}"), "{}", e.message);
        }
    }
}
