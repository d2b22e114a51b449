//! Where the shared config and credentials files are, per platform and environment.
//!
//! Paths are `String`s built with the given platform's separator rather than `PathBuf`s, so the
//! Windows rules (and the cross-SDK file-location vectors, which use Windows paths) can be
//! tested on Linux.

use crate::os::Env;

/// The platform whose home-folder rules and path separator apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Platform {
    Windows,
    Unix,
}

impl Platform {
    /// The platform this binary was built for.
    pub fn current() -> Self {
        if cfg!(windows) {
            Platform::Windows
        } else {
            Platform::Unix
        }
    }

    pub fn separator(self) -> char {
        match self {
            Platform::Windows => '\\',
            Platform::Unix => '/',
        }
    }
}

/// A variable's value, treating an empty one as unset (an empty `HOME` is not a home folder).
fn non_empty(env: &dyn Env, name: &str) -> Option<String> {
    env.var(name).filter(|v| !v.is_empty())
}

/// The user's home folder: `HOME` first on every platform (the SDKs agree on that), then on
/// Windows `USERPROFILE`, then `HOMEDRIVE` + `HOMEPATH`.
pub fn home_dir(env: &dyn Env, platform: Platform) -> Option<String> {
    if let Some(home) = non_empty(env, "HOME") {
        return Some(home);
    }
    if platform == Platform::Windows {
        if let Some(profile) = non_empty(env, "USERPROFILE") {
            return Some(profile);
        }
        if let (Some(drive), Some(path)) = (non_empty(env, "HOMEDRIVE"), non_empty(env, "HOMEPATH")) {
            return Some(format!("{}{}", drive, path));
        }
    }
    None
}

/// The config file: `AWS_CONFIG_FILE` (with `~` expanded) or `<home>/.aws/config`.
/// `None` when neither the variable nor a home folder is available.
pub fn config_file_path(env: &dyn Env, platform: Platform) -> Option<String> {
    file_path(env, platform, "AWS_CONFIG_FILE", "config")
}

/// The credentials file: `AWS_SHARED_CREDENTIALS_FILE` (with `~` expanded) or
/// `<home>/.aws/credentials`.
pub fn credentials_file_path(env: &dyn Env, platform: Platform) -> Option<String> {
    file_path(env, platform, "AWS_SHARED_CREDENTIALS_FILE", "credentials")
}

/// The profile to use when none is named: `AWS_PROFILE`, else `default`.
pub fn selected_profile_name(env: &dyn Env) -> String {
    non_empty(env, "AWS_PROFILE").unwrap_or_else(|| "default".to_string())
}

fn file_path(env: &dyn Env, platform: Platform, variable: &str, file: &str) -> Option<String> {
    match non_empty(env, variable) {
        Some(path) => expand_home(&path, env, platform),
        None => {
            let home = home_dir(env, platform)?;
            Some(join(&join(&home, ".aws", platform), file, platform))
        }
    }
}

/// Expands a leading `~` (alone, or followed by a separator) to the home folder. `~user` forms
/// are left alone. `None` when the path needs a home folder and there is none: reading `~/x`
/// literally would look in a folder named `~`.
pub fn expand_home(path: &str, env: &dyn Env, platform: Platform) -> Option<String> {
    let rest = match path.strip_prefix('~') {
        Some(rest) => rest,
        None => return Some(path.to_string()),
    };
    let is_separator = |c: char| c == '/' || (platform == Platform::Windows && c == '\\');
    if !(rest.is_empty() || rest.starts_with(is_separator)) {
        return Some(path.to_string());
    }
    let home = home_dir(env, platform)?;
    let home = home.trim_end_matches(is_separator);
    Some(format!("{}{}", home, rest))
}

/// `base` + separator + `name`, without doubling a separator `base` already ends with.
fn join(base: &str, name: &str, platform: Platform) -> String {
    let sep = platform.separator();
    if base.ends_with(sep) || base.ends_with('/') {
        format!("{}{}", base, name)
    } else {
        format!("{}{}{}", base, sep, name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::os::MapEnv;

    #[test]
    fn unix_ignores_windows_variables() {
        let env = MapEnv::from_pairs([("USERPROFILE", "C:\\u")]);
        assert_eq!(home_dir(&env, Platform::Unix), None);
        assert_eq!(config_file_path(&env, Platform::Unix), None);
        assert_eq!(home_dir(&env, Platform::Windows).as_deref(), Some("C:\\u"));
    }

    #[test]
    fn tilde_expansion() {
        let env = MapEnv::from_pairs([
            ("HOME", "/home/u/"),
            ("AWS_CONFIG_FILE", "~/cfg/config"),
            ("AWS_SHARED_CREDENTIALS_FILE", "~x/creds"),
        ]);
        assert_eq!(config_file_path(&env, Platform::Unix).as_deref(), Some("/home/u/cfg/config"));
        assert_eq!(credentials_file_path(&env, Platform::Unix).as_deref(), Some("~x/creds"));
        let env = MapEnv::from_pairs([("USERPROFILE", "C:\\Users\\u"), ("AWS_CONFIG_FILE", "~\\aws\\config")]);
        assert_eq!(config_file_path(&env, Platform::Windows).as_deref(), Some("C:\\Users\\u\\aws\\config"));
        let env = MapEnv::from_pairs([("AWS_CONFIG_FILE", "~/config")]);
        assert_eq!(config_file_path(&env, Platform::Unix), None);
    }

    #[test]
    fn empty_variables_count_as_unset() {
        let env =
            MapEnv::from_pairs([("HOME", ""), ("USERPROFILE", "C:\\u"), ("AWS_CONFIG_FILE", ""), ("AWS_PROFILE", "")]);
        assert_eq!(config_file_path(&env, Platform::Windows).as_deref(), Some("C:\\u\\.aws\\config"));
        assert_eq!(selected_profile_name(&env), "default");
    }
}
