//! Finding, reading and parsing both files, remembering where each profile came from.
use crate::error::codes;

use super::location::{self, Platform};
use super::profile::{FileKind, ProfileSet};
use crate::os::Os;
use crate::Error;
use std::path::Path;

/// Explicit file locations that win over the environment, such as PowerShell's
/// `-ProfileLocation` (a credentials-file path).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProfileFiles {
    pub config_path: Option<String>,
    pub credentials_path: Option<String>,
}

/// The merged profiles and the paths they were read from.
#[derive(Debug, Clone)]
pub struct LoadedProfiles {
    pub profiles: ProfileSet,
    /// The config file that was looked at (it may not exist); `None` when no path could be
    /// determined (no override, no `AWS_CONFIG_FILE`, no home folder).
    pub config_path: Option<String>,
    pub credentials_path: Option<String>,
}

impl LoadedProfiles {
    /// The paths a profile's keys came from, config file first.
    pub fn source_paths(&self, name: &str) -> Vec<&str> {
        let Some(profile) = self.profiles.profile(name) else { return Vec::new() };
        profile
            .sources()
            .iter()
            .filter_map(|kind| match kind {
                FileKind::Config => self.config_path.as_deref(),
                FileKind::Credentials => self.credentials_path.as_deref(),
            })
            .collect()
    }

    /// For `-Verbose`: `profile 'dev' from /home/u/.aws/credentials` (or `from A and B`).
    pub fn describe_source(&self, name: &str) -> Option<String> {
        self.profiles.profile(name)?;
        Some(format!("profile '{}' from {}", name, self.source_paths(name).join(" and ")))
    }
}

/// Resolves both paths (override, else environment, else home folder), reads them through
/// `os.fs`, and parses them. A missing file counts as empty.
pub fn load(os: &Os, files: &ProfileFiles) -> Result<LoadedProfiles, Error> {
    let platform = Platform::current();
    let env = os.env.as_ref();
    let resolve =
        |explicit: &Option<String>, from_env: fn(&dyn crate::os::Env, Platform) -> Option<String>| match explicit {
            // An override may be written `~/...` too (PowerShell does not expand it for us).
            Some(path) => location::expand_home(path, env, platform),
            None => from_env(env, platform),
        };
    let config_path = resolve(&files.config_path, location::config_file_path);
    let credentials_path = resolve(&files.credentials_path, location::credentials_file_path);
    let config = read_optional(os, config_path.as_deref())?;
    let credentials = read_optional(os, credentials_path.as_deref())?;
    let profiles = ProfileSet::parse_labeled(
        config.as_deref().map(|text| (config_path.as_deref().unwrap_or("The config file"), text)),
        credentials.as_deref().map(|text| (credentials_path.as_deref().unwrap_or("The credentials file"), text)),
    )?;
    Ok(LoadedProfiles { profiles, config_path, credentials_path })
}

/// The file's text, or `None` when there is no path or no file.
pub(crate) fn read_optional(os: &Os, path: Option<&str>) -> Result<Option<String>, Error> {
    let Some(path) = path else { return Ok(None) };
    match os.fs.read(Path::new(path)) {
        Ok(bytes) => decode_text(&bytes).map(Some).ok_or_else(|| {
            Error::of(codes::CONFIG_FILE_INVALID, format!("{} is not UTF-8 or UTF-16 text. Save it as UTF-8.", path))
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::of(codes::CONFIG_FILE_UNREADABLE, format!("Cannot read {}: {}.", path, e))),
    }
}

/// Decodes a config file: UTF-16 when it starts with a UTF-16 byte-order mark (Windows
/// PowerShell 5.1's `Out-File` writes UTF-16LE by default), else UTF-8. A UTF-8 BOM is kept
/// (the parser skips it, and the editor must write it back).
pub(crate) fn decode_text(bytes: &[u8]) -> Option<String> {
    let utf16 = |rest: &[u8], little: bool| {
        if rest.len() % 2 != 0 {
            return None;
        }
        let units = rest.chunks(2).map(|c| {
            if little {
                u16::from_le_bytes([c[0], c[1]])
            } else {
                u16::from_be_bytes([c[0], c[1]])
            }
        });
        char::decode_utf16(units).collect::<Result<String, _>>().ok()
    };
    match bytes {
        [0xFF, 0xFE, rest @ ..] => utf16(rest, true),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, false),
        _ => String::from_utf8(bytes.to_vec()).ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::os::{FixedClock, MapEnv, MapFs};
    use std::path::PathBuf;
    use std::sync::Arc;

    fn os(env: &[(&str, &str)], files: &[(&str, &[u8])]) -> Os {
        let fs = MapFs(files.iter().map(|(p, b)| (PathBuf::from(p), b.to_vec())).collect());
        Os {
            env: Arc::new(MapEnv::from_pairs(env.iter().copied())),
            fs: Arc::new(fs),
            clock: Arc::new(FixedClock(std::time::SystemTime::UNIX_EPOCH)),
        }
    }

    #[cfg(unix)]
    #[test]
    fn reads_both_files_from_home_and_records_sources() {
        let os = os(
            &[("HOME", "/home/u")],
            &[
                ("/home/u/.aws/config", b"[profile dev]\nregion = eu-west-1\n[default]\nregion = us-east-1\n"),
                ("/home/u/.aws/credentials", b"[dev]\naws_access_key_id = AKIA\n"),
            ],
        );
        let loaded = load(&os, &ProfileFiles::default()).unwrap();
        assert_eq!(
            loaded.describe_source("dev").unwrap(),
            "profile 'dev' from /home/u/.aws/config and /home/u/.aws/credentials"
        );
        assert_eq!(loaded.describe_source("default").unwrap(), "profile 'default' from /home/u/.aws/config");
        assert_eq!(loaded.describe_source("nope"), None);
    }

    #[test]
    fn overrides_win_and_missing_files_are_empty() {
        let os = os(
            &[("HOME", "/home/u"), ("AWS_SHARED_CREDENTIALS_FILE", "/env/creds")],
            &[("/ps/creds", b"[x]\nk = v\n"), ("/env/creds", b"[y]\n")],
        );
        let files = ProfileFiles { config_path: None, credentials_path: Some("/ps/creds".into()) };
        let loaded = load(&os, &files).unwrap();
        assert_eq!(loaded.profiles.names().collect::<Vec<_>>(), vec!["x"]);
        assert_eq!(loaded.credentials_path.as_deref(), Some("/ps/creds"));
    }

    #[test]
    fn parse_errors_name_the_path() {
        let os = os(&[("AWS_CONFIG_FILE", "/c/config")], &[("/c/config", b"[default]\n\nregion")]);
        let err = load(&os, &ProfileFiles::default()).unwrap_err();
        assert_eq!((err.kind, err.code.as_str()), (crate::ErrorKind::InvalidInput, "ConfigFileInvalid"));
        assert!(err.message.starts_with("/c/config is invalid on line 3: Expected an '=' sign"), "{}", err.message);
    }

    #[test]
    fn unreadable_file_is_an_io_error() {
        let d = std::env::temp_dir().join(format!("awslogin-cfg-{}", crate::util::random::uuid_v4()));
        std::fs::create_dir_all(&d).unwrap();
        // Reading a folder fails with something other than NotFound on every platform.
        let mut real = Os::real();
        real.env = Arc::new(MapEnv::from_pairs([
            ("AWS_CONFIG_FILE", d.to_str().unwrap()),
            ("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/x"),
        ]));
        let err = load(&real, &ProfileFiles::default()).unwrap_err();
        assert_eq!((err.kind, err.code.as_str()), (crate::ErrorKind::Io, "ConfigFileUnreadable"));
        assert!(err.message.contains(d.to_str().unwrap()));
        std::fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn utf16_files_from_windows_powershell_are_read() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "[default]\r\nregion = eu-west-1\r\n".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let os = os(&[("AWS_CONFIG_FILE", "/c")], &[("/c", &bytes)]);
        let loaded = load(&os, &ProfileFiles::default()).unwrap();
        assert_eq!(loaded.profiles.profile("default").unwrap().get("region"), Some("eu-west-1"));
        assert_eq!(decode_text(b"\xff\xfe\x00"), None);
        assert_eq!(decode_text(b"\xc3"), None);
    }
}
