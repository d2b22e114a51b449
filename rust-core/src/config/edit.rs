//! Lossless edits of the config file, for `Invoke-AWSLogin` (`login_session`, `region`) and
//! `Initialize-AWSSSOConfiguration` (`sso_*` keys and `[sso-session]` sections).
//!
//! People keep comments, odd spacing and sections we know nothing about in these files, so an
//! edit changes only the lines it must: a key that exists has its value replaced on its own line
//! (the key's spelling, the spacing around `=` and any inline comment stay), a missing key is
//! added after the section's last property, and a missing section is added at the end. Line
//! endings (LF or CRLF), a byte-order mark and a missing final newline are kept.
//!
//! Lines are classified with the same rules as [`super::parser`], so what is edited is what the
//! SDKs will read. Values cannot be quoted in this format: a value containing ` #` or ` ;` would
//! read back cut at the comment, and leading or trailing spaces are trimmed on reading.

use super::parser::{comment_start, property_line, section_header, WHITESPACE};
use super::profile::strip_keyword;

/// The config-file section to edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectionRef<'a> {
    /// `[default]` for `default` (or an existing `[profile default]`), else `[profile NAME]`.
    Profile(&'a str),
    /// `[sso-session NAME]`.
    SsoSession(&'a str),
}

impl SectionRef<'_> {
    /// The header written when the section does not exist yet (the CLI's and PowerShell's form).
    fn new_header(&self) -> String {
        match self {
            SectionRef::Profile("default") => "[default]".to_string(),
            SectionRef::Profile(name) => format!("[profile {}]", name),
            SectionRef::SsoSession(name) => format!("[sso-session {}]", name),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Blank,
    Comment,
    /// A `[...]` line; `None` when it has no closing bracket (still a section boundary).
    Header(Option<String>),
    /// `key = value` at column 0, key lowercased.
    Property(String),
    /// An indented line: continues the property above it.
    Continuation,
    /// Anything the parser would reject; left untouched.
    Other,
}

struct Line {
    text: String,
    /// `"\n"`, `"\r\n"` or `""` (last line without a newline); new lines get `None`.
    eol: Option<String>,
    kind: Kind,
    /// Drop this line from the output.
    removed: bool,
    /// New lines to write after this one.
    after: Vec<String>,
}

struct Document {
    lines: Vec<Line>,
    eol: &'static str,
    final_newline: bool,
    /// New lines to write at the very start (only used when the file is empty).
    prologue: Vec<String>,
}

impl Document {
    fn parse(original: &str) -> Document {
        let eol = if original.contains("\r\n") { "\r\n" } else { "\n" };
        let final_newline = original.is_empty() || original.ends_with('\n');
        let mut lines = Vec::new();
        for (i, raw) in original.split_inclusive('\n').enumerate() {
            let (text, ending) = if let Some(t) = raw.strip_suffix("\r\n") {
                (t, "\r\n")
            } else if let Some(t) = raw.strip_suffix('\n') {
                (t, "\n")
            } else {
                (raw, "")
            };
            // The parser skips a byte-order mark before the first line; classify as it does.
            let bare = if i == 0 { text.strip_prefix('\u{feff}').unwrap_or(text) } else { text };
            lines.push(Line {
                text: text.to_string(),
                eol: Some(ending.to_string()),
                kind: classify(bare),
                removed: false,
                after: Vec::new(),
            });
        }
        Document { lines, eol, final_newline, prologue: Vec::new() }
    }

    /// `(header index, end index exclusive)` of every section `target` names, in file order.
    fn sections(&self, target: &SectionRef) -> Vec<(usize, usize)> {
        let headers: Vec<(usize, &str)> = self
            .lines
            .iter()
            .enumerate()
            .filter_map(|(i, l)| match &l.kind {
                Kind::Header(Some(h)) => Some((i, h.as_str())),
                _ => None,
            })
            .collect();
        let matches = |wanted: &dyn Fn(&str) -> bool| -> Vec<(usize, usize)> {
            headers.iter().filter(|(_, h)| wanted(h)).map(|&(i, _)| (i, self.section_end(i))).collect()
        };
        match *target {
            SectionRef::Profile("default") => {
                // Readers ignore [default] when [profile default] exists, so edit the one they read.
                let prefixed = matches(&|h| strip_keyword(h, "profile") == Some("default"));
                if prefixed.is_empty() {
                    matches(&|h| h == "default")
                } else {
                    prefixed
                }
            }
            SectionRef::Profile(name) => matches(&|h| strip_keyword(h, "profile") == Some(name)),
            SectionRef::SsoSession(name) => matches(&|h| strip_keyword(h, "sso-session") == Some(name)),
        }
    }

    fn section_end(&self, header: usize) -> usize {
        (header + 1..self.lines.len())
            .find(|&i| matches!(self.lines[i].kind, Kind::Header(_)))
            .unwrap_or(self.lines.len())
    }

    /// Indices of the property lines for `key` (lowercased) within `sections`.
    fn key_lines(&self, sections: &[(usize, usize)], key: &str) -> Vec<usize> {
        sections
            .iter()
            .flat_map(|&(start, end)| start + 1..end)
            .filter(|&i| matches!(&self.lines[i].kind, Kind::Property(k) if k == key))
            .collect()
    }

    /// Marks the continuation lines of the property on line `i` as removed. Blank and comment
    /// lines do not end a continuation for the parser, so they are skipped over (and kept).
    fn remove_continuations(&mut self, i: usize) {
        for line in self.lines[i + 1..].iter_mut() {
            match line.kind {
                Kind::Continuation => line.removed = true,
                Kind::Blank | Kind::Comment => {}
                _ => break,
            }
        }
    }

    /// Where new keys go: after the section's last property-ish line, so trailing blank lines and
    /// comments (which usually introduce the next section) stay below them.
    fn insertion_point(&self, (start, end): (usize, usize)) -> usize {
        (start + 1..end)
            .rev()
            .find(|&i| matches!(self.lines[i].kind, Kind::Property(_) | Kind::Continuation | Kind::Other))
            .unwrap_or(start)
    }

    /// Adds `[header]` and `lines` at the end of the file, after a blank line unless the file is
    /// empty or already ends with one.
    fn append_section(&mut self, section: &SectionRef, lines: Vec<String>) {
        let mut block = Vec::new();
        // What the file ends with once rendered: lines added after a line come after it.
        let last_blank = self
            .lines
            .iter()
            .rev()
            .find_map(|l| match l.after.last() {
                Some(added) => Some(added.is_empty()),
                None if !l.removed => Some(l.kind == Kind::Blank),
                None => None,
            })
            .or_else(|| self.prologue.last().map(|t| t.is_empty()));
        if last_blank == Some(false) {
            block.push(String::new());
        }
        block.push(section.new_header());
        block.extend(lines);
        match self.lines.last_mut() {
            Some(line) => line.after.extend(block),
            None => self.prologue.extend(block),
        }
    }

    fn render(self) -> String {
        // A byte-order mark belongs to the file, not to the first line: it stays when that goes.
        let orphan_bom = self.lines.first().is_some_and(|l| l.removed && l.text.starts_with('\u{feff}'));
        let mut out: Vec<(String, Option<String>)> = self.prologue.into_iter().map(|t| (t, None)).collect();
        for line in self.lines {
            if !line.removed {
                out.push((line.text, line.eol));
            }
            out.extend(line.after.into_iter().map(|t| (t, None)));
        }
        let last = out.len().saturating_sub(1);
        let mut text = String::new();
        if orphan_bom {
            text.push('\u{feff}');
        }
        for (i, (line, eol)) in out.into_iter().enumerate() {
            text.push_str(&line);
            if i == last && !self.final_newline {
                continue;
            }
            match eol.as_deref() {
                Some(e) if !e.is_empty() => text.push_str(e),
                _ => text.push_str(self.eol),
            }
        }
        text
    }
}

fn classify(text: &str) -> Kind {
    if text.trim_matches(WHITESPACE).is_empty() {
        Kind::Blank
    } else if text.starts_with(['#', ';']) {
        Kind::Comment
    } else if text.starts_with('[') {
        Kind::Header(section_header(text).map(str::to_string))
    } else if text.starts_with(WHITESPACE) {
        Kind::Continuation
    } else {
        match property_line(text) {
            Ok((key, _)) => Kind::Property(key),
            Err(_) => Kind::Other,
        }
    }
}

/// `key = value` lines for a new property; line breaks in `value` become continuation lines.
fn new_property_lines(key: &str, value: &str) -> Vec<String> {
    let mut parts = value.split('\n').map(|p| p.trim_end_matches('\r'));
    let first = parts.next().unwrap_or("");
    let mut lines = vec![if first.is_empty() { format!("{} =", key) } else { format!("{} = {}", key, first) }];
    lines.extend(parts.map(|p| format!("  {}", p)));
    lines
}

/// The line `text` with its value replaced, keeping the key as written, the spacing after `=`
/// and an inline comment; the extra lines when `value` has line breaks.
fn replace_value(text: &str, value: &str) -> (String, Vec<String>) {
    let mut parts = value.split('\n').map(|p| p.trim_end_matches('\r'));
    let first = parts.next().unwrap_or("");
    let rest: Vec<String> = parts.map(|p| format!("  {}", p)).collect();
    let eq = text.find('=').expect("a property line has '='");
    let after_eq = &text[eq + 1..];
    let spacing = &after_eq[..after_eq.len() - after_eq.trim_start_matches(WHITESPACE).len()];
    let comment = match comment_start(text, true) {
        // Keep the whitespace before the comment too.
        Some(c) if c > eq => {
            let before = text[..c].trim_end_matches(WHITESPACE).len().max(eq + 1);
            &text[before..]
        }
        _ => "",
    };
    let spacing = if spacing.is_empty() && text[eq + 1..].trim_matches(WHITESPACE).is_empty() && comment.is_empty() {
        // `key =` had no value: write `key = value`, not `key =value`.
        " "
    } else {
        spacing
    };
    let mut line = format!("{}{}{}", &text[..=eq], if first.is_empty() { "" } else { spacing }, first);
    if !comment.is_empty() {
        if !comment.starts_with(WHITESPACE) {
            line.push(' ');
        }
        line.push_str(comment);
    }
    (line, rest)
}

/// Sets `props` in `section`, creating the section if needed; every other byte is kept.
///
/// A key that already exists is replaced on each line where it appears in the section (the
/// readers take the last one, so replacing only the first could leave the old value in force);
/// keys are matched case-insensitively, as readers do.
pub fn set_properties(original: &str, section: &SectionRef, props: &[(&str, &str)]) -> String {
    let mut doc = Document::parse(original);
    let sections = doc.sections(section);
    let mut missing = Vec::new();
    for &(key, value) in props {
        let found = doc.key_lines(&sections, &key.to_ascii_lowercase());
        if found.is_empty() {
            missing.extend(new_property_lines(key, value));
        }
        for i in found {
            let (text, extra) = replace_value(&doc.lines[i].text, value);
            doc.lines[i].text = text;
            doc.remove_continuations(i);
            doc.lines[i].after.splice(0..0, extra);
        }
    }
    if let Some(&last) = sections.last() {
        let at = doc.insertion_point(last);
        doc.lines[at].after.extend(missing);
    } else {
        doc.append_section(section, missing);
    }
    doc.render()
}

/// Appends new sections, in order, at the end of the file: each `[header]` with its `props`,
/// after one blank line. Only for sections that do not exist yet (an existing one would be
/// written twice; [`set_properties`] edits those). Every other byte is kept.
pub fn append_sections(original: &str, sections: &[(SectionRef, Vec<(&str, &str)>)]) -> String {
    let mut doc = Document::parse(original);
    for (section, props) in sections {
        let lines = props.iter().flat_map(|(k, v)| new_property_lines(k, v)).collect();
        doc.append_section(section, lines);
    }
    doc.render()
}

/// Removes every section each of `sections` names: its header, its properties and the comments
/// among them. The blank lines and comments after its last property stay (they usually introduce
/// what follows), and so does everything else; one blank line before the header goes with it
/// when the section was set off by blank lines, so removals leave no growing gaps. A section that
/// does not exist is no change.
pub fn remove_sections(original: &str, sections: &[SectionRef]) -> String {
    let mut doc = Document::parse(original);
    for section in sections {
        for (start, end) in doc.sections(section) {
            let last = doc.insertion_point((start, end));
            for line in &mut doc.lines[start..=last] {
                line.removed = true;
            }
            let before_blank = start > 0 && doc.lines[start - 1].kind == Kind::Blank && !doc.lines[start - 1].removed;
            let after_blank_or_end = !matches!(doc.lines.get(last + 1), Some(l) if l.kind != Kind::Blank);
            if before_blank && after_blank_or_end {
                doc.lines[start - 1].removed = true;
            }
        }
    }
    doc.render()
}

/// Removes `keys` (and their continuation lines) from `section`; the header, comments and
/// everything else stay. The text is returned unchanged when the section does not exist.
pub fn remove_properties(original: &str, section: &SectionRef, keys: &[&str]) -> String {
    let mut doc = Document::parse(original);
    let sections = doc.sections(section);
    for key in keys {
        for i in doc.key_lines(&sections, &key.to_ascii_lowercase()) {
            doc.lines[i].removed = true;
            doc.remove_continuations(i);
        }
    }
    doc.render()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ProfileSet;

    fn set(original: &str, section: SectionRef, props: &[(&str, &str)]) -> String {
        set_properties(original, &section, props)
    }

    #[test]
    fn updates_in_place_and_keeps_comments_spacing_and_case() {
        let original = "# my settings\n[profile dev]\nRegion=us-east-1 # closest\noutput = json\n\n; next\n[profile prod]\nregion = eu-west-1\n";
        let out = set(original, SectionRef::Profile("dev"), &[("region", "us-west-2")]);
        assert_eq!(out, original.replace("Region=us-east-1 # closest", "Region=us-west-2 # closest"));
    }

    #[test]
    fn appends_missing_keys_after_the_last_property_before_trailing_comments() {
        let original = "[profile dev]\nregion = us-east-1\n\n# prod below\n[profile prod]\n";
        let out = set(
            original,
            SectionRef::Profile("dev"),
            &[("login_session", "arn:aws:iam::1:user/a"), ("output", "json")],
        );
        assert_eq!(
            out,
            "[profile dev]\nregion = us-east-1\nlogin_session = arn:aws:iam::1:user/a\noutput = json\n\n# prod below\n[profile prod]\n"
        );
    }

    #[test]
    fn empty_section_gets_keys_right_after_its_header() {
        let out = set("[profile dev]\n\n[profile x]\n", SectionRef::Profile("dev"), &[("a", "1")]);
        assert_eq!(out, "[profile dev]\na = 1\n\n[profile x]\n");
    }

    #[test]
    fn creates_missing_sections_with_one_blank_line_before() {
        assert_eq!(
            set("", SectionRef::Profile("default"), &[("region", "eu-west-1")]),
            "[default]\nregion = eu-west-1\n"
        );
        assert_eq!(
            set("[default]\na = 1\n", SectionRef::Profile("dev"), &[("b", "2")]),
            "[default]\na = 1\n\n[profile dev]\nb = 2\n"
        );
        assert_eq!(
            set("[default]\na = 1\n\n", SectionRef::SsoSession("corp"), &[("sso_region", "us-east-1")]),
            "[default]\na = 1\n\n[sso-session corp]\nsso_region = us-east-1\n"
        );
    }

    #[test]
    fn similar_section_names_are_not_confused() {
        let original = "[profile dev2]\nregion = a\n[profile dev]\nregion = b\n[profile  dev ]\n[sso-session dev]\nregion = c\n[profiledev]\nregion = d\n";
        let out = set(original, SectionRef::Profile("dev"), &[("region", "z")]);
        assert_eq!(out, "[profile dev2]\nregion = a\n[profile dev]\nregion = z\n[profile  dev ]\n[sso-session dev]\nregion = c\n[profiledev]\nregion = d\n");
        let out = set(original, SectionRef::Profile("dev"), &[("output", "json")]);
        // New keys go to the last [profile dev] section (the spaced header is the same profile).
        assert!(out.contains("[profile  dev ]\noutput = json\n[sso-session dev]"), "{}", out);
    }

    #[test]
    fn default_profile_prefers_the_prefixed_form_when_present() {
        let original = "[default]\nregion = a\n[profile default]\nregion = b\n";
        let out = set(original, SectionRef::Profile("default"), &[("region", "c")]);
        assert_eq!(out, "[default]\nregion = a\n[profile default]\nregion = c\n");
        let out = set("[default]\nregion = a\n", SectionRef::Profile("default"), &[("region", "c")]);
        assert_eq!(out, "[default]\nregion = c\n");
        assert_eq!(ProfileSet::parse(Some(&out), None).unwrap().profile("default").unwrap().get("region"), Some("c"));
    }

    #[test]
    fn crlf_and_missing_final_newline_and_bom_are_kept() {
        let original = "\u{feff}[default]\r\nregion = a\r\n[profile x]\r\nk = v";
        let out = set(original, SectionRef::Profile("default"), &[("region", "b"), ("output", "json")]);
        assert_eq!(out, "\u{feff}[default]\r\nregion = b\r\noutput = json\r\n[profile x]\r\nk = v");
        let out = set(original, SectionRef::Profile("new"), &[("a", "1")]);
        assert_eq!(out, "\u{feff}[default]\r\nregion = a\r\n[profile x]\r\nk = v\r\n\r\n[profile new]\r\na = 1");
        let out = set("[default]", SectionRef::Profile("default"), &[("a", "1")]);
        assert_eq!(out, "[default]\na = 1");
    }

    #[test]
    fn values_with_equals_signs_and_urls() {
        let original = "[sso-session corp]\nsso_start_url = https://x.awsapps.com/start/#/\ntoken = abc==\n";
        let out = set(
            original,
            SectionRef::SsoSession("corp"),
            &[("token", "de=f=="), ("sso_start_url", "https://y.awsapps.com/start#/")],
        );
        assert_eq!(out, "[sso-session corp]\nsso_start_url = https://y.awsapps.com/start#/\ntoken = de=f==\n");
        let set_ = ProfileSet::parse(Some(&out), None).unwrap();
        assert_eq!(set_.sso_session("corp").unwrap().get("token"), Some("de=f=="));
    }

    #[test]
    fn keys_match_case_insensitively_and_every_occurrence_is_updated() {
        let original = "[profile dev]\nREGION = a\n[profile dev]\nregion = b\n";
        let out = set(original, SectionRef::Profile("dev"), &[("region", "c")]);
        assert_eq!(out, "[profile dev]\nREGION = c\n[profile dev]\nregion = c\n");
    }

    #[test]
    fn replacing_a_multi_line_value_drops_its_continuation_lines_only() {
        let original = "[profile dev]\ns3 =\n  addressing_style = path\n# keep me\n\n  max = 2\nregion = a\n";
        let out = set(original, SectionRef::Profile("dev"), &[("s3", "off")]);
        assert_eq!(out, "[profile dev]\ns3 = off\n# keep me\n\nregion = a\n");
    }

    #[test]
    fn empty_values_and_values_with_line_breaks() {
        let out = set("[default]\na =\nb = 1\n", SectionRef::Profile("default"), &[("a", "x"), ("b", "")]);
        assert_eq!(out, "[default]\na = x\nb =\n");
        let out = set("[default]\n", SectionRef::Profile("default"), &[("p", "one\ntwo")]);
        assert_eq!(out, "[default]\np = one\n  two\n");
        assert_eq!(ProfileSet::parse(Some(&out), None).unwrap().profile("default").unwrap().get("p"), Some("one\ntwo"));
    }

    #[test]
    fn unparseable_lines_are_left_alone() {
        let original = "[default\nnot a property\n[default]\na = 1\n";
        assert_eq!(
            set(original, SectionRef::Profile("default"), &[("a", "2")]),
            "[default\nnot a property\n[default]\na = 2\n"
        );
    }

    #[test]
    fn remove_properties_keeps_everything_else() {
        let original = "[profile dev]\n# session\nlogin_session = arn\nregion = a ; r\nLOGIN_SESSION = arn2\n  cont\n[profile dev2]\nlogin_session = x";
        let out = remove_properties(original, &SectionRef::Profile("dev"), &["login_session"]);
        assert_eq!(out, "[profile dev]\n# session\nregion = a ; r\n[profile dev2]\nlogin_session = x");
        assert_eq!(remove_properties(original, &SectionRef::Profile("nope"), &["region"]), original);
        let out = remove_properties("[default]\r\na = 1\r\nb = 2", &SectionRef::Profile("default"), &["b"]);
        assert_eq!(out, "[default]\r\na = 1");
    }

    #[test]
    fn append_sections_adds_each_after_one_blank_line() {
        let sections = [
            (SectionRef::Profile("a.Admin"), vec![("sso_session", "corp"), ("sso_account_id", "111122223333")]),
            (SectionRef::Profile("b.Read"), vec![("sso_role_name", "Read")]),
        ];
        let original = "# mine\n[profile x]\nk = v # c\n";
        let out = append_sections(original, &sections);
        assert_eq!(
            out,
            "# mine\n[profile x]\nk = v # c\n\n[profile a.Admin]\nsso_session = corp\nsso_account_id = 111122223333\n\n[profile b.Read]\nsso_role_name = Read\n"
        );
        assert_eq!(append_sections("", &sections[1..]), "[profile b.Read]\nsso_role_name = Read\n");
        // A file ending in a blank line gets no second one; CRLF and a missing final newline stay.
        assert_eq!(append_sections("[x]\n\n", &sections[1..]), "[x]\n\n[profile b.Read]\nsso_role_name = Read\n");
        assert_eq!(
            append_sections("[default]\r\na = 1", &sections[1..]),
            "[default]\r\na = 1\r\n\r\n[profile b.Read]\r\nsso_role_name = Read"
        );
        assert_eq!(append_sections(original, &[]), original);
        let parsed = ProfileSet::parse(Some(&out), None).unwrap();
        assert_eq!(parsed.profile("a.Admin").unwrap().get("sso_account_id"), Some("111122223333"));
        assert_eq!(parsed.profile("x").unwrap().get("k"), Some("v"));
    }

    #[test]
    fn remove_sections_keeps_everything_else() {
        let original = "# top\n[profile keep]\nregion = a\n\n[profile gone]\n# inside\nk = v\n  cont\n\n# about next\n[profile next]\nx = 1\n\n[profile last]\ny = 2\n";
        let out = remove_sections(original, &[SectionRef::Profile("gone")]);
        assert_eq!(
            out,
            "# top\n[profile keep]\nregion = a\n\n# about next\n[profile next]\nx = 1\n\n[profile last]\ny = 2\n"
        );
        let out = remove_sections(original, &[SectionRef::Profile("last"), SectionRef::Profile("next")]);
        assert_eq!(
            out,
            "# top\n[profile keep]\nregion = a\n\n[profile gone]\n# inside\nk = v\n  cont\n\n# about next\n"
        );
        // Every section of the name (readers merge them); other kinds of the same name stay.
        let dup = "[profile d]\na = 1\n[sso-session d]\nsso_region = x\n[profile d]\nb = 2\n";
        assert_eq!(remove_sections(dup, &[SectionRef::Profile("d")]), "[sso-session d]\nsso_region = x\n");
        assert_eq!(remove_sections(original, &[SectionRef::Profile("nope")]), original);
        // CRLF, no final newline and a byte-order mark on a removed first line.
        assert_eq!(
            remove_sections("\u{feff}[profile a]\r\nk = v\r\n[profile b]\r\nk = w", &[SectionRef::Profile("a")]),
            "\u{feff}[profile b]\r\nk = w"
        );
        assert_eq!(remove_sections("[x]\nk = v\n\n[profile a]\nk = v", &[SectionRef::Profile("a")]), "[x]\nk = v");
        // Appending after removing again gives the same bytes: no gaps grow.
        let added = append_sections("[x]\nk = v\n", &[(SectionRef::Profile("a"), vec![("k", "v")])]);
        assert_eq!(remove_sections(&added, &[SectionRef::Profile("a")]), "[x]\nk = v\n");
    }

    #[test]
    fn edits_round_trip_through_the_parser() {
        let original = "[profile a]\nx = 1\n[sso-session s]\nsso_region = us-east-1\n";
        let out = set(
            original,
            SectionRef::SsoSession("s"),
            &[("sso_start_url", "https://d-1.awsapps.com/start"), ("sso_registration_scopes", "sso:account:access")],
        );
        let out = set(&out, SectionRef::Profile("a"), &[("sso_session", "s"), ("sso_account_id", "111122223333")]);
        let parsed = ProfileSet::parse(Some(&out), None).unwrap();
        assert_eq!(parsed.profile("a").unwrap().get("sso_session"), Some("s"));
        assert_eq!(parsed.profile("a").unwrap().get("x"), Some("1"));
        assert_eq!(parsed.sso_session("s").unwrap().get("sso_registration_scopes"), Some("sso:account:access"));
    }
}
