//! Text from outside (a service's error message, a program's stderr, a browser callback) made
//! fit to show in an error message: it may be megabytes long or carry terminal escape sequences,
//! and it ends up on the user's console, in `$Error` and in logs.

/// At most this many characters of outside text in one message.
pub const MAX_SHOWN: usize = 300;

/// `text` cleaned for a message: line breaks, tabs and other whitespace become single spaces,
/// other control characters (the escape that starts a terminal sequence) and Unicode direction
/// overrides are dropped, and the result is trimmed and cut to `max` characters, a cut marked
/// with `…`. Only the part that is kept is looked at, so a huge text costs nothing more.
pub fn shown(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut kept = 0;
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = kept > 0;
            continue;
        }
        if c.is_control() || is_direction_control(c) {
            continue;
        }
        if kept + usize::from(space) >= max {
            out.push('…');
            return out;
        }
        if space {
            out.push(' ');
            kept += 1;
            space = false;
        }
        out.push(c);
        kept += 1;
    }
    out
}

/// A service's own text (an error message, a request id, a program's stderr), at most
/// [`MAX_SHOWN`] characters: the one place every service's error mapping goes through.
pub fn server_text(text: &str) -> String {
    shown(text, MAX_SHOWN)
}

/// A code a service sent (an exception name, an OAuth error code) when it looks like one:
/// 1 to 100 of `A-Z a-z 0-9 _ . -`. Codes become PowerShell's FullyQualifiedErrorId, so anything
/// else is not used as one.
pub fn server_code(text: &str) -> Option<&str> {
    let ok = !text.is_empty()
        && text.len() <= 100
        && text.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'));
    ok.then_some(text)
}

/// Characters that reorder the text around them (bidirectional embeddings, overrides and
/// isolates) or hide in it (zero-width marks): a message could show something else than it says.
fn is_direction_control(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn huge_and_hostile_text_is_cut_and_cleaned() {
        let huge = "A".repeat(1_000_000);
        let s = server_text(&huge);
        assert_eq!(s.chars().count(), MAX_SHOWN + 1);
        assert!(s.ends_with('…'));
        assert_eq!(server_text("  no\u{1b}[31m\tthanks\r\n\r\nbye \u{202e}evil\u{7} "), "no[31m thanks bye evil");
        assert_eq!(server_text("\n\n\n"), "");
        assert_eq!(shown("abcdef", 3), "abc…");
        assert_eq!(shown("ab cd", 3), "ab…");
        assert_eq!(shown("abc", 3), "abc");
        assert_eq!(server_text("é ü"), "é ü");
    }

    #[test]
    fn codes() {
        assert_eq!(server_code("InvalidClientTokenId"), Some("InvalidClientTokenId"));
        assert_eq!(server_code("slow_down"), Some("slow_down"));
        for bad in ["", "a b", "x\ny", "<script>", &"A".repeat(101)] {
            assert_eq!(server_code(bad), None, "{bad:?}");
        }
    }
}
