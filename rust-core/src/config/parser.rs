//! The cross-SDK grammar of the shared config and credentials files, at the level of lines.
//!
//! This pass only turns text into raw sections in file order; it does not decide which sections
//! count (`[foo]` is ignored in the config file but is a profile in the credentials file) nor
//! whether names are valid. That is [`super::profile`]'s job, because the same text means
//! different things in the two files, and because invalid names are skipped, not errors.
//!
//! Rules (from the cross-SDK parser suite):
//! - Only space and tab are whitespace. A line that is blank, or starts with `#` or `;`, is skipped.
//! - A line starting with `[` is a section header; a comment may follow the `]` directly.
//! - A line starting with whitespace continues the previous property. When that property's value
//!   was empty, the continuation lines are sub-properties (`key = value`) and must parse as such.
//! - Any other line is `key = value`: the key is lowercased, both sides are trimmed, and a `#` or
//!   `;` starts a comment only after whitespace (so `value;x` keeps the `;x`).

/// Characters the grammar treats as whitespace; `char::is_whitespace` would be too generous.
pub(crate) const WHITESPACE: &[char] = &[' ', '\t'];
const COMMENT: &[char] = &['#', ';'];

/// A `key = value` line nested under a property whose own value was empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawSubProperty {
    pub key: String,
    pub value: String,
}

/// One property as written, before names are validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawProperty {
    /// Lowercased key.
    pub key: String,
    /// The value; continuation lines are joined with `\n` (a parent of sub-properties holds
    /// `"\nname = value..."`, which is what the cross-SDK suite expects).
    pub value: String,
    pub sub_properties: Vec<RawSubProperty>,
    /// 1-based line of the key.
    pub line: usize,
}

/// One `[...]` section as written: the text between the brackets, trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawSection {
    pub header: String,
    pub line: usize,
    pub properties: Vec<RawProperty>,
}

/// A syntax error. It never carries the text of the line, which may hold a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// 1-based line number.
    pub line: usize,
    /// What was wrong, in the wording of the cross-SDK suite.
    pub message: &'static str,
    /// How to fix it.
    pub hint: &'static str,
}

impl ParseError {
    /// The error people see: names the file and line, says what to fix, never shows the line.
    pub fn into_error(self, file: &str) -> crate::Error {
        crate::Error::of(
            crate::error::codes::CONFIG_FILE_INVALID,
            format!("{} is invalid on line {}: {}. {}", file, self.line, self.message, self.hint),
        )
    }
}

enum State {
    /// Before the first section header.
    Start,
    /// Inside the last section of the output; `property` indexes its last property, if any.
    InSection { property: Option<usize>, sub_properties: bool },
}

/// Splits `text` into raw sections, in file order (a name may occur more than once).
pub fn parse(text: &str) -> Result<Vec<RawSection>, ParseError> {
    // A byte-order mark is what Windows editors (and Windows PowerShell's `Out-File`) put first;
    // it is not part of the first line.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut sections: Vec<RawSection> = Vec::new();
    let mut state = State::Start;
    // `lines()` splits on `\n` and drops a trailing `\r`, so CRLF files parse the same.
    for (index, line) in text.lines().enumerate() {
        let line_no = index + 1;
        let err = |message, hint| ParseError { line: line_no, message, hint };
        if is_blank(line) || line.starts_with(COMMENT) {
            continue;
        }
        if line.starts_with('[') {
            let header = section_header(line).ok_or_else(|| {
                err("Profile definition must end with ']'", "Close the section header with ']', as in [profile NAME].")
            })?;
            sections.push(RawSection { header: header.to_string(), line: line_no, properties: Vec::new() });
            state = State::InSection { property: None, sub_properties: false };
        } else if line.starts_with(WHITESPACE) {
            let (property, sub_properties) = match state {
                State::Start => {
                    return Err(err(
                        "Expected a profile definition, found an indented line",
                        "Start the file with a section header such as [default] or [profile NAME]; indented lines continue the property above them.",
                    ))
                }
                State::InSection { property: None, .. } => {
                    return Err(err(
                        "Expected a property definition, found continuation",
                        "An indented line continues the property above it; remove the indentation or put it under a 'key = value' line.",
                    ))
                }
                State::InSection { property: Some(p), sub_properties } => (p, sub_properties),
            };
            let section = sections.last_mut().expect("a section is open");
            let prop = &mut section.properties[property];
            let trimmed = line.trim_matches(WHITESPACE);
            if sub_properties {
                let (key, value) = property_line(line).map_err(|e| match e {
                    PropertyError::NoEquals => err(
                        "Expected an '=' sign defining a sub-property",
                        "Indented lines under a property with an empty value must be 'name = value'.",
                    ),
                    PropertyError::NoName => {
                        err("Sub-property did not have a name", "Put a name before the '=' of the indented line.")
                    }
                })?;
                prop.sub_properties.push(RawSubProperty { key, value: value.to_string() });
            }
            // The raw value keeps the whole trimmed line, comments included: that is what the
            // other SDKs hand back for continuations.
            prop.value.push('\n');
            prop.value.push_str(trimmed);
        } else {
            let section = match state {
                State::Start => {
                    return Err(err(
                        "Expected a profile definition, found a property",
                        "Put properties under a section header such as [default] or [profile NAME].",
                    ))
                }
                State::InSection { .. } => sections.last_mut().expect("a section is open"),
            };
            let (key, value) = property_line(line).map_err(|e| match e {
                PropertyError::NoEquals => err(
                    "Expected an '=' sign defining a property",
                    "Write each property as 'key = value' (lines starting with '#' or ';' are comments).",
                ),
                PropertyError::NoName => err("Property did not have a name", "Put a name before the '='."),
            })?;
            let sub_properties = value.is_empty();
            section.properties.push(RawProperty {
                key,
                value: value.to_string(),
                sub_properties: Vec::new(),
                line: line_no,
            });
            state = State::InSection { property: Some(section.properties.len() - 1), sub_properties };
        }
    }
    Ok(sections)
}

fn is_blank(line: &str) -> bool {
    line.trim_matches(WHITESPACE).is_empty()
}

/// The trimmed text between the brackets of a header line, or `None` when there is no `]`.
/// A comment may follow the `]` with or without whitespace.
pub(crate) fn section_header(line: &str) -> Option<&str> {
    let line = strip_comment(line, false);
    let inner = line.strip_prefix('[')?.strip_suffix(']')?;
    Some(inner.trim_matches(WHITESPACE))
}

#[derive(Debug, PartialEq, Eq)]
pub(crate) enum PropertyError {
    NoEquals,
    NoName,
}

/// Splits a property line into a lowercased key and a trimmed value without its comment.
pub(crate) fn property_line(line: &str) -> Result<(String, &str), PropertyError> {
    let line = strip_comment(line, true);
    let (key, value) = line.split_once('=').ok_or(PropertyError::NoEquals)?;
    let key = key.trim_matches(WHITESPACE);
    if key.is_empty() {
        return Err(PropertyError::NoName);
    }
    Ok((key.to_ascii_lowercase(), value.trim_matches(WHITESPACE)))
}

/// Trims `line` and cuts a trailing comment. In property lines a comment character counts only
/// after whitespace, so values such as `abc;def` or URLs with `#` survive.
pub(crate) fn strip_comment(line: &str, needs_whitespace: bool) -> &str {
    let line = line.trim_matches(WHITESPACE);
    comment_start(line, needs_whitespace).map_or(line, |i| &line[..i]).trim_matches(WHITESPACE)
}

/// Byte index of the comment character in `text`, if there is a comment.
pub(crate) fn comment_start(text: &str, needs_whitespace: bool) -> Option<usize> {
    let mut after_whitespace = false;
    for (i, c) in text.char_indices() {
        if COMMENT.contains(&c) && (after_whitespace || !needs_whitespace) {
            return Some(i);
        }
        after_whitespace = WHITESPACE.contains(&c);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn property_lines() {
        assert_eq!(property_line("a = b"), Ok(("a".into(), "b")));
        assert_eq!(property_line("ABc=DEF ; c"), Ok(("abc".into(), "DEF")));
        assert_eq!(property_line("a = b;c"), Ok(("a".into(), "b;c")));
        assert_eq!(property_line("k = YWJj=="), Ok(("k".into(), "YWJj==")));
        assert_eq!(property_line("a b"), Err(PropertyError::NoEquals));
        assert_eq!(property_line(" = b"), Err(PropertyError::NoName));
    }

    #[test]
    fn headers() {
        assert_eq!(section_header("[profile foo]# c"), Some("profile foo"));
        assert_eq!(section_header("[ default ] ; c"), Some("default"));
        assert_eq!(section_header("[default"), None);
    }

    #[test]
    fn sections_keep_file_order_and_lines() {
        let s = parse("\u{feff}# top\n[b]\nx = 1\n\n[a]\ny =\n  z = 2 # c\n").unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!((s[0].header.as_str(), s[0].line), ("b", 2));
        assert_eq!(s[1].properties[0].value, "\nz = 2 # c");
        assert_eq!(s[1].properties[0].sub_properties, vec![RawSubProperty { key: "z".into(), value: "2".into() }]);
        assert_eq!(s[1].properties[0].line, 6);
    }

    #[test]
    fn errors_name_the_line_but_not_its_text() {
        let e = parse("[default]\naws_secret_access_key wJalrXUtnFEMI").unwrap_err();
        assert_eq!(e.line, 2);
        let e = e.into_error("/home/u/.aws/credentials");
        assert_eq!(e.code, "ConfigFileInvalid");
        assert!(e.message.contains("/home/u/.aws/credentials is invalid on line 2"), "{}", e.message);
        assert!(!e.message.contains("wJalr"));
    }
}
