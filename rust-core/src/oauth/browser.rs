//! Starting the browser, and deciding whether one can be reached at all.
//!
//! `$BROWSER` (from the caller's environment) comes first, read as Python's `webbrowser` reads
//! it: commands separated by the path-list separator, tried in order, each split into words as a
//! POSIX shell would (`shlex`: a path with spaces can be quoted), the URL substituted for `%s` or
//! appended.
//! Then the platform opener: `xdg-open` (Linux and other Unix), `open` (macOS), the URL protocol
//! handler (Windows). A launch is fire-and-forget: the caller prints the URL either way.

use crate::os::Env;
use std::collections::HashMap;
use std::process::{Command, Stdio};

fn set(env: &dyn Env, k: &str) -> bool {
    env.var(k).is_some_and(|v| !v.trim().is_empty())
}

/// Why no browser can be reached, or `None` when one can: with no `$BROWSER`, an SSH session or
/// Linux without a display. (The IAM Identity Center flow then uses the device code.)
pub fn no_browser_reason(env: &dyn Env) -> Option<String> {
    if set(env, "BROWSER") {
        return None;
    }
    if set(env, "SSH_CONNECTION") || set(env, "SSH_TTY") {
        return Some("this is an SSH session (SSH_CONNECTION or SSH_TTY is set) and BROWSER is not set".into());
    }
    if cfg!(target_os = "linux") && !set(env, "DISPLAY") && !set(env, "WAYLAND_DISPLAY") {
        return Some(
            "there is no graphical display (neither DISPLAY nor WAYLAND_DISPLAY is set) and BROWSER is not set".into(),
        );
    }
    None
}

/// The argument vectors to try for `url`, in order; the platform opener is always last.
pub fn candidates(browser_var: Option<&str>, url: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    if let Some(b) = browser_var.map(str::trim).filter(|b| !b.is_empty()) {
        let sep = if cfg!(windows) { ';' } else { ':' };
        for cmd in b.split(sep).map(str::trim).filter(|c| !c.is_empty()) {
            // Python's webbrowser splits each command with shlex.split, as the shlex crate does;
            // an entry with an unbalanced quote cannot be run and is skipped.
            let Some(mut words) = shlex::split(cmd).filter(|w| !w.is_empty()) else { continue };
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
        // The URL handler directly: no cmd.exe, whose `start` would need `&` (and `%`) escaped.
        out.push(vec!["rundll32".into(), "url.dll,FileProtocolHandler".into(), url.into()]);
    } else if cfg!(target_os = "macos") {
        out.push(vec!["open".into(), url.into()]);
    } else {
        out.push(vec!["xdg-open".into(), url.into()]);
    }
    out
}

/// Starts the first candidate that can be started, without waiting for it; returns its program.
/// `env` supplies `$BROWSER`; `child_env`, when given, is the whole environment of the child
/// (the caller's, not this process's). The error says what could not be run.
pub fn open(url: &str, env: &dyn Env, child_env: Option<&HashMap<String, String>>) -> Result<String, String> {
    let mut failures = Vec::new();
    for argv in candidates(env.var("BROWSER").as_deref(), url) {
        let mut cmd = Command::new(&argv[0]);
        cmd.args(&argv[1..]).stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null());
        if let Some(map) = child_env {
            cmd.env_clear().envs(map);
        }
        match cmd.spawn() {
            Ok(mut child) => {
                // Reap it when it exits, so no zombie is left behind.
                std::thread::spawn(move || {
                    let _ = child.wait();
                });
                return Ok(argv[0].clone());
            }
            Err(e) => failures.push(format!("could not start {}: {e}", argv[0])),
        }
    }
    Err(failures.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::os::MapEnv;

    #[test]
    fn browser_variable() {
        let c = candidates(Some("my-browser --new-window"), "http://x/?a=1&b=2");
        assert_eq!(c[0], vec!["my-browser", "--new-window", "http://x/?a=1&b=2"]);
        let c = candidates(Some("'/opt/my b/run' --url=%s"), "U");
        assert_eq!(c[0], vec!["/opt/my b/run", "--url=U"]);
        let c = candidates(Some("/opt/b --new %s:firefox"), "http://x/?a=1");
        assert_eq!(c[0], ["/opt/b", "--new", "http://x/?a=1"]);
        if !cfg!(windows) {
            assert_eq!(c[1], ["firefox", "http://x/?a=1"]);
        }
        assert_eq!(candidates(Some("/opt/script"), "u")[0], ["/opt/script", "u"]);
        assert_eq!(candidates(None, "U").len(), 1);
        // As a POSIX shell (and Python's shlex) splits: escapes, and no unbalanced quotes.
        assert_eq!(candidates(Some(r#"/opt/my\ b/run "a""b""#), "U")[0], ["/opt/my b/run", "ab", "U"]);
        assert_eq!(candidates(Some("'/opt/unbalanced"), "U").len(), 1);
    }

    #[test]
    fn opens_the_first_that_starts() {
        if cfg!(windows) {
            return;
        }
        let env = MapEnv::from_pairs([("BROWSER", "/nonexistent/browser:true %s")]);
        assert_eq!(open("u", &env, None), Ok("true".into()));
    }

    #[test]
    fn decides_whether_a_browser_can_be_reached() {
        let env = MapEnv::from_pairs([("BROWSER", "/opt/b --new %s:firefox")]);
        assert_eq!(no_browser_reason(&env), None);
        let ssh = MapEnv::from_pairs([("SSH_CONNECTION", "1 2 3 4"), ("DISPLAY", ":0")]);
        assert!(no_browser_reason(&ssh).unwrap().contains("SSH"));
        if cfg!(target_os = "linux") {
            assert!(no_browser_reason(&MapEnv::default()).unwrap().contains("display"));
            assert_eq!(no_browser_reason(&MapEnv::from_pairs([("WAYLAND_DISPLAY", "w")])), None);
        }
    }
}
