//! Opening the authorize URL: `$BROWSER` from the caller's environment (`%s` replaced by the
//! URL, else the URL appended; several commands may be separated by `:` as Python's webbrowser
//! reads it), else the platform's opener. A launch that fails is not an error: the URL is
//! printed and the wait goes on.

use std::collections::HashMap;
use std::process::{Command, Stdio};

/// Splits a command line on white space, honouring single and double quotes.
fn split_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut any = false;
    for c in text.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => cur.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                any = true;
            }
            (None, c) if c.is_whitespace() => {
                if any || !cur.is_empty() {
                    words.push(std::mem::take(&mut cur));
                    any = false;
                }
            }
            (None, c) => cur.push(c),
        }
    }
    if any || !cur.is_empty() {
        words.push(cur);
    }
    words
}

/// The argument vectors to try, in order.
pub fn candidates(browser_var: Option<&str>, url: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    if let Some(b) = browser_var.map(str::trim).filter(|b| !b.is_empty()) {
        let sep = if cfg!(windows) { ';' } else { ':' };
        for cmd in b.split(sep).map(str::trim).filter(|c| !c.is_empty()) {
            let mut words = split_words(cmd);
            if words.is_empty() {
                continue;
            }
            if words.iter().any(|w| w.contains("%s")) {
                for w in &mut words {
                    *w = w.replace("%s", url);
                }
            } else {
                words.push(url.to_string());
            }
            out.push(words);
        }
    }
    if cfg!(windows) {
        out.push(vec!["cmd".into(), "/c".into(), "start".into(), "\"\"".into(), url.replace('&', "^&")]);
    } else if cfg!(target_os = "macos") {
        out.push(vec!["open".into(), url.into()]);
    } else {
        out.push(vec!["xdg-open".into(), url.into()]);
    }
    out
}

/// Starts the first candidate that can be started; returns its program name.
pub fn launch(env: Option<&HashMap<String, String>>, url: &str) -> Option<String> {
    let browser_var = match env {
        Some(e) => e.get("BROWSER").cloned(),
        None => std::env::var("BROWSER").ok(),
    };
    for argv in candidates(browser_var.as_deref(), url) {
        let mut cmd = Command::new(&argv[0]);
        cmd.args(&argv[1..]).stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null());
        if let Some(e) = env {
            cmd.env_clear().envs(e);
        }
        if let Ok(mut child) = cmd.spawn() {
            // Reap it whenever it ends; we do not wait for the browser.
            std::thread::spawn(move || {
                let _ = child.wait();
            });
            return Some(argv[0].clone());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browser_variable() {
        let c = candidates(Some("my-browser --new-window"), "http://x/?a=1&b=2");
        assert_eq!(c[0], vec!["my-browser", "--new-window", "http://x/?a=1&b=2"]);
        let c = candidates(Some("'/opt/my b/run' --url=%s"), "U");
        assert_eq!(c[0], vec!["/opt/my b/run", "--url=U"]);
        assert_eq!(candidates(None, "U").len(), 1);
    }
}
