//! Changing the config file on disk, safely with other processes and with the file's readers.
//!
//! Every edit runs under the cross-process lock `<config>.lock` (two sign-ins at once must not
//! lose one of their profiles), reads the file again under it, applies the change, checks that
//! our own parser still reads the result (and, for [`prepare_properties`], reads back exactly the
//! values written), and only then renames it into place. The new text can be staged without
//! being put in place ([`PendingEdit`]), so a flow that also writes a token cache can fail before
//! either file changes.

use super::edit::{set_properties, SectionRef};
use super::load::decode_text;
use super::profile::ProfileSet;
use crate::cache::{FileLock, Staged};
use crate::error::codes;
use crate::Error;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long an edit waits for another process's edit; edits take milliseconds.
const LOCK_TIMEOUT: Duration = Duration::from_secs(15);

/// A checked edit of the config file, written to a temporary file beside it, holding the config
/// lock until it is committed or dropped (dropping it changes nothing).
#[derive(Debug)]
pub struct PendingEdit {
    /// `None` when the edit changes nothing.
    staged: Option<Staged>,
    shown: String,
    _lock: FileLock,
}

impl PendingEdit {
    /// Puts the edited file in place.
    pub fn commit(self) -> Result<(), Error> {
        match self.staged {
            Some(staged) => staged.commit().map_err(|e| unwritable(&self.shown, &e)),
            None => Ok(()),
        }
    }
}

fn unwritable(shown: &str, e: &dyn std::fmt::Display) -> Error {
    Error::of(codes::CONFIG_FILE_UNWRITABLE, format!("Cannot write {shown}: {e}. Nothing was changed."))
}

/// Reads `path` (a missing file is empty), applies `edit`, and writes the result atomically.
///
/// An existing file keeps its permissions (Unix) and, when it is a symbolic link, the link: the
/// target is rewritten, as people link `~/.aws/config` into a dotfiles folder. New files are 0600
/// in a 0700 folder. Nothing is written when the edit changes nothing.
pub fn update_file(path: &Path, edit: impl FnOnce(&str) -> String) -> Result<(), Error> {
    prepare(path, edit, |_| Ok(()))?.commit()
}

/// Sets `props` in `section` of the file at `path` (see [`super::set_properties`]).
pub fn set_properties_in_file(path: &Path, section: &SectionRef, props: &[(&str, &str)]) -> Result<(), Error> {
    prepare_properties(path, section, props)?.commit()
}

/// Stages setting `props` in `section`, refusing an edit that would not read back as written
/// (a value with a line break or a ` #`, a name the parser skips).
pub fn prepare_properties(path: &Path, section: &SectionRef, props: &[(&str, &str)]) -> Result<PendingEdit, Error> {
    let shown = path.display().to_string();
    prepare(
        path,
        |text| set_properties(text, section, props),
        |parsed| {
            let found = match *section {
                SectionRef::Profile(name) => parsed.profile(name),
                SectionRef::SsoSession(name) => parsed.sso_session(name),
            };
            let reads_back = found.is_some_and(|s| props.iter().all(|(k, v)| s.get(k) == Some(*v)));
            if reads_back {
                Ok(())
            } else {
                Err(Error::of(
                    codes::CONFIG_EDIT_REFUSED,
                    format!("The edit of {shown} was not written: the file would not read back the values being set (a name or value with characters the config format cannot hold?)."),
                ))
            }
        },
    )
}

/// Under the config lock: reads the file, applies `edit`, checks that the result parses and
/// passes `check`, and stages it.
pub fn prepare(
    path: &Path,
    edit: impl FnOnce(&str) -> String,
    check: impl FnOnce(&ProfileSet) -> Result<(), Error>,
) -> Result<PendingEdit, Error> {
    let target = link_target(path);
    let shown = path.display().to_string();
    // A pipe, device or folder at the config path is never replaced by a file (with
    // AWS_CONFIG_FILE=/dev/null, the rename would replace the system's null device).
    let read_only = match std::fs::metadata(&target) {
        Ok(m) => {
            crate::cache::read::check_regular(&m).map_err(|e| unwritable(&shown, &e))?;
            m.permissions().readonly()
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
        Err(e) => return Err(Error::of(codes::CONFIG_FILE_UNREADABLE, format!("Cannot read {shown}: {e}."))),
    };
    let lock = FileLock::acquire(&target, LOCK_TIMEOUT).map_err(|e| {
        Error::of(codes::CONFIG_FILE_LOCKED, format!("Cannot lock {shown} for editing: {e}. Nothing was changed."))
    })?;
    // Read only now, under the lock: another process may have just written the file.
    let (original, existed) = match crate::cache::read_regular(&target) {
        Ok(bytes) => {
            let text = decode_text(&bytes).ok_or_else(|| {
                Error::of(codes::CONFIG_FILE_INVALID, format!("{shown} is not UTF-8 or UTF-16 text. Save it as UTF-8."))
            })?;
            (text, true)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (String::new(), false),
        Err(e) => return Err(Error::of(codes::CONFIG_FILE_UNREADABLE, format!("Cannot read {shown}: {e}."))),
    };
    let updated = edit(&original);
    if existed && updated == original {
        return Ok(PendingEdit { staged: None, shown, _lock: lock });
    }
    // The rename needs only the folder, so it would replace a file the user made read-only.
    if read_only {
        return Err(unwritable(
            &shown,
            &"the file is read-only (make it writable, for example with chmod u+w, to let AwsLogin change it)",
        ));
    }
    // Never write a file our own parser would refuse: every later command would fail on it.
    let parsed = ProfileSet::parse_labeled(Some((&shown, &updated)), None)
        .map_err(|e| Error::of(codes::CONFIG_EDIT_REFUSED, format!("The edit was not written: {}", e.message)))?;
    check(&parsed)?;
    #[cfg(unix)]
    let mode = {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(&target).ok().map(|m| m.permissions().mode() & 0o7777)
    };
    let staged = Staged::new(&target, updated.as_bytes()).map_err(|e| unwritable(&shown, &e))?;
    #[cfg(unix)]
    if let Some(mode) = mode {
        // Staged files are 0600; an existing file's own mode is the user's choice.
        if mode != 0o600 {
            staged.set_mode(mode).map_err(|e| unwritable(&shown, &e))?;
        }
    }
    Ok(PendingEdit { staged: Some(staged), shown, _lock: lock })
}

/// The file a symbolic link points to (so the rename replaces the target, not the link), or
/// `path` itself.
fn link_target(path: &Path) -> PathBuf {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()),
        _ => path.to_path_buf(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tmp() -> PathBuf {
        std::env::temp_dir().join(format!("awslogin-edit-{}", crate::util::random::uuid_v4()))
    }

    #[test]
    fn update_file_creates_private_files() {
        let dir = tmp();
        let path = dir.join(".aws/config");
        update_file(&path, |t| set_properties(t, &SectionRef::Profile("default"), &[("region", "eu-west-1")])).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "[default]\nregion = eu-west-1\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn update_file_keeps_mode_and_symlinks() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tmp();
        std::fs::create_dir_all(&dir).unwrap();
        let real = dir.join("dotfiles-config");
        std::fs::write(&real, "# mine\r\n[default]\r\n").unwrap();
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o644)).unwrap();
        let link = dir.join("config");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        update_file(&link, |t| set_properties(t, &SectionRef::Profile("default"), &[("region", "eu-west-1")])).unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "# mine\r\n[default]\r\nregion = eu-west-1\r\n");
        assert_eq!(std::fs::metadata(&real).unwrap().permissions().mode() & 0o777, 0o644);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// Bug: a config file the user made read-only (chmod a-w, or the Windows read-only
    /// attribute) was replaced all the same by the atomic rename, which needs only the folder.
    #[test]
    fn a_read_only_file_is_refused_not_replaced() {
        let dir = tmp();
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("config");
        std::fs::write(&path, "# locked\n[default]\n").unwrap();
        let mut perms = std::fs::metadata(&path).unwrap().permissions();
        perms.set_readonly(true);
        std::fs::set_permissions(&path, perms.clone()).unwrap();
        let e = update_file(&path, |t| set_properties(t, &SectionRef::Profile("default"), &[("region", "eu-west-1")]))
            .unwrap_err();
        assert_eq!(e.code, "ConfigFileUnwritable");
        assert!(e.message.contains("read-only") && e.message.contains("Nothing was changed"), "{}", e.message);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "# locked\n[default]\n");
        assert!(std::fs::metadata(&path).unwrap().permissions().readonly());
        // An edit that changes nothing needs no write, so it succeeds.
        update_file(&path, |t| t.to_string()).unwrap();
        #[allow(clippy::permissions_set_readonly_false)]
        perms.set_readonly(false);
        std::fs::set_permissions(&path, perms).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// Bug: two sign-ins at once each read the file, added their profile and renamed their copy
    /// over the other's, so one profile was lost.
    #[test]
    fn concurrent_edits_of_different_profiles_all_survive() {
        let dir = tmp();
        let path = dir.join("config");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(&path, "# keep me\n[default]\nregion = us-east-1\n").unwrap();
        let start = std::sync::Arc::new(std::sync::Barrier::new(16));
        let threads: Vec<_> = (0..16)
            .map(|i| {
                let (path, start) = (path.clone(), start.clone());
                std::thread::spawn(move || {
                    let name = format!("p{i}");
                    let arn = format!("arn:aws:iam::111122223333:user/u{i}");
                    start.wait();
                    set_properties_in_file(
                        &path,
                        &SectionRef::Profile(&name),
                        &[("login_session", &arn), ("region", "us-west-2")],
                    )
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap().unwrap();
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let set = ProfileSet::parse(Some(&text), None).unwrap();
        for i in 0..16 {
            let p = set.profile(&format!("p{i}")).unwrap_or_else(|| panic!("profile p{i} was lost:\n{text}"));
            assert_eq!(p.get("login_session"), Some(format!("arn:aws:iam::111122223333:user/u{i}").as_str()));
        }
        assert!(text.starts_with("# keep me\n[default]\nregion = us-east-1\n"));
        // No temporary file is left; the lock file stays (it is reused).
        let mut names: Vec<String> =
            std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        names.sort();
        assert_eq!(names, ["config", "config.lock"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn edits_that_would_not_read_back_are_not_written() {
        let dir = tmp();
        let path = dir.join("config");
        std::fs::create_dir_all(&dir).unwrap();
        let original = "[profile ok]\nregion = us-east-1\n";
        std::fs::write(&path, original).unwrap();
        // A name our parser skips, and one that breaks the file for every profile.
        for name in ["a;b", "[profile x", "x]\n[profile y"] {
            let e = set_properties_in_file(&path, &SectionRef::Profile(name), &[("region", "us-west-2")]).unwrap_err();
            assert_eq!(e.code, "ConfigEditRefused", "{name:?}: {}", e.message);
        }
        // A value that would read back cut at the comment.
        let e = set_properties_in_file(&path, &SectionRef::Profile("ok"), &[("output", "json #x")]).unwrap_err();
        assert_eq!(e.code, "ConfigEditRefused");
        // A raw edit that makes the file unparseable.
        let e = update_file(&path, |t| format!("{t}no equals sign\n")).unwrap_err();
        assert_eq!(e.code, "ConfigEditRefused");
        assert!(e.message.contains("line 3"), "{}", e.message);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), original);
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 2, "config and config.lock only");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn special_files_are_never_read_or_replaced() {
        let dir = tmp();
        std::fs::create_dir_all(&dir).unwrap();
        let fifo = dir.join("config");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: `c` is a NUL-terminated string that outlives the call.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let (tx, rx) = std::sync::mpsc::channel();
        let f = fifo.clone();
        std::thread::spawn(move || {
            tx.send(set_properties_in_file(&f, &SectionRef::Profile("default"), &[("region", "us-west-2")])).unwrap()
        });
        let e = rx.recv_timeout(Duration::from_secs(5)).expect("the edit blocked on the pipe").unwrap_err();
        assert!(e.message.contains(fifo.to_str().unwrap()) && e.message.contains("named pipe"), "{}", e.message);
        use std::os::unix::fs::FileTypeExt;
        assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo(), "the pipe is still there");
        // AWS_CONFIG_FILE=/dev/null reads as empty and is never replaced.
        let e = set_properties_in_file(Path::new("/dev/null"), &SectionRef::Profile("default"), &[("region", "x")])
            .unwrap_err();
        assert_eq!(e.code, "ConfigFileUnwritable");
        assert!(e.message.contains("character device"), "{}", e.message);
        assert!(std::fs::metadata("/dev/null").unwrap().file_type().is_char_device());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
