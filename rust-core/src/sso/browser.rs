//! Opening the sign-in page, and deciding whether a browser can be reached at all.
//!
//! `$BROWSER` (from the caller's environment) wins: its first entry (entries are separated by the
//! path separator, as Python's `webbrowser` reads it) is run with the URL, substituted for `%s`
//! or appended. Otherwise the platform opener: `xdg-open` (Linux and other Unix), `open` (macOS),
//! the URL protocol handler (Windows). When there is no `$BROWSER` and this is an SSH session, or Linux without a
//! display, no browser can be reached and the device-code flow is used instead.

use crate::os::Env;
use std::collections::HashMap;

fn set(env: &dyn Env, k: &str) -> bool {
    env.var(k).map_or(false, |v| !v.trim().is_empty())
}

/// Why no browser can be reached, or `None` when one can.
pub fn no_browser_reason(env: &dyn Env) -> Option<String> {
    if set(env, "BROWSER") {
        return None;
    }
    if set(env, "SSH_CONNECTION") || set(env, "SSH_TTY") {
        return Some("this is an SSH session (SSH_CONNECTION or SSH_TTY is set) and BROWSER is not set".into());
    }
    if cfg!(target_os = "linux") && !set(env, "DISPLAY") && !set(env, "WAYLAND_DISPLAY") {
        return Some("there is no graphical display (neither DISPLAY nor WAYLAND_DISPLAY is set) and BROWSER is not set".into());
    }
    None
}

/// The command line to run for `url`.
pub fn command_for(url: &str, env: &dyn Env) -> Vec<String> {
    if let Some(b) = env.var("BROWSER").filter(|b| !b.trim().is_empty()) {
        let sep = if cfg!(windows) { ';' } else { ':' };
        let first = b.split(sep).map(str::trim).find(|s| !s.is_empty()).unwrap_or_default().to_string();
        let mut words: Vec<String> = first.split_whitespace().map(str::to_string).collect();
        if words.iter().any(|w| w.contains("%s")) {
            for w in &mut words {
                *w = w.replace("%s", url);
            }
        } else {
            words.push(url.to_string());
        }
        return words;
    }
    if cfg!(windows) {
        // The URL handler directly: no cmd.exe, so `&` in the query needs no escaping.
        vec!["rundll32".into(), "url.dll,FileProtocolHandler".into(), url.into()]
    } else if cfg!(target_os = "macos") {
        vec!["open".into(), url.into()]
    } else {
        vec!["xdg-open".into(), url.into()]
    }
}

/// Starts the browser on `url` without waiting for it. The error says what could not be run.
pub fn open(url: &str, env: &dyn Env, env_map: Option<&HashMap<String, String>>) -> Result<(), String> {
    let argv = command_for(url, env);
    let Some((program, args)) = argv.split_first() else { return Err("BROWSER is empty".into()) };
    let mut cmd = std::process::Command::new(program);
    cmd.args(args).stdin(std::process::Stdio::null()).stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null());
    if let Some(map) = env_map {
        cmd.env_clear().envs(map);
    }
    match cmd.spawn() {
        Ok(mut child) => {
            // Reap it when it exits, so no zombie is left behind.
            std::thread::spawn(move || {
                let _ = child.wait();
            });
            Ok(())
        }
        Err(e) => Err(format!("could not start {program}: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::os::MapEnv;

    #[test]
    fn decides_and_builds_commands() {
        let env = MapEnv::from_pairs([("BROWSER", "/opt/b --new %s:firefox")]);
        assert_eq!(no_browser_reason(&env), None);
        assert_eq!(command_for("http://x/?a=1", &env), ["/opt/b", "--new", "http://x/?a=1"]);
        let env = MapEnv::from_pairs([("BROWSER", "/opt/script")]);
        assert_eq!(command_for("u", &env), ["/opt/script", "u"]);
        let ssh = MapEnv::from_pairs([("SSH_CONNECTION", "1 2 3 4"), ("DISPLAY", ":0")]);
        assert!(no_browser_reason(&ssh).unwrap().contains("SSH"));
        if cfg!(target_os = "linux") {
            assert!(no_browser_reason(&MapEnv::default()).unwrap().contains("display"));
            assert_eq!(no_browser_reason(&MapEnv::from_pairs([("WAYLAND_DISPLAY", "w")])), None);
        }
    }
}
