//! Atomic replacement of a file's contents.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;

/// Creates `dir` and its missing parents; the folders it creates get mode 0700 on Unix.
/// An existing folder keeps its mode: it is not ours to change.
pub fn ensure_private_dir(dir: &Path) -> io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

fn open_private(path: &Path) -> io::Result<File> {
    let mut opts = OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path)
}

/// Replaces `path` with `contents` atomically: a reader sees the old file or the new one, never a
/// mix. The new file has mode 0600 (Unix). The parent folder is created 0700 when missing.
pub fn write_atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
    Staged::new(path, contents)?.commit()
}

/// New contents for a file, written and flushed to a temporary file beside it but not yet in
/// place: [`Staged::commit`] renames it over the target, dropping it uncommitted removes it.
///
/// Staging lets a flow that writes two files (a token cache and the config naming it) do
/// everything that can fail for the second before the first is written.
#[derive(Debug)]
pub struct Staged {
    tmp: std::path::PathBuf,
    target: std::path::PathBuf,
    committed: bool,
}

impl Staged {
    /// Writes `contents` to a private temporary file in `path`'s folder (created 0700 when
    /// missing), mode 0600 on Unix.
    pub fn new(path: &Path, contents: &[u8]) -> io::Result<Staged> {
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        ensure_private_dir(dir)?;
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
        // A random suffix keeps concurrent writers (other processes) from sharing a temporary file.
        let tmp = dir.join(format!(".{}.{}.tmp", name, crate::util::encoding::hex(&crate::util::random::bytes(6))));
        let staged = Staged { tmp, target: path.to_path_buf(), committed: false };
        let mut f = open_private(&staged.tmp)?;
        f.write_all(contents)?;
        f.sync_all()?;
        Ok(staged)
    }

    /// Sets the Unix mode of the file to be (a config file keeps the mode its owner gave it).
    #[cfg(unix)]
    pub fn set_mode(&self, mode: u32) -> io::Result<()> {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&self.tmp, fs::Permissions::from_mode(mode))
    }

    /// Puts the new contents in place (one rename).
    pub fn commit(mut self) -> io::Result<()> {
        rename_over(&self.tmp, &self.target)?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_file(&self.tmp);
        }
    }
}

/// What a file held before an operation wrote it, to put back when a later step of the same
/// operation fails (a failed sign-in must leave no new secret on disk). `Debug`-less on purpose:
/// the bytes are a token cache.
pub struct Previous {
    path: std::path::PathBuf,
    bytes: Option<Vec<u8>>,
}

impl Previous {
    /// Remembers `path`'s contents (or that there is no file).
    pub fn capture(path: &Path) -> io::Result<Previous> {
        let bytes = match super::read_regular(path) {
            Ok(b) => Some(b),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(e),
        };
        Ok(Previous { path: path.to_path_buf(), bytes })
    }

    /// Puts the remembered contents back, or removes the file when there was none.
    pub fn restore(self) -> io::Result<()> {
        match &self.bytes {
            Some(b) => write_atomic(&self.path, b),
            None => match fs::remove_file(&self.path) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
                _ => Ok(()),
            },
        }
    }
}

#[cfg(not(windows))]
fn rename_over(from: &Path, to: &Path) -> io::Result<()> {
    fs::rename(from, to)
}

#[cfg(windows)]
fn rename_over(from: &Path, to: &Path) -> io::Result<()> {
    // std::fs::rename uses MoveFileExW with MOVEFILE_REPLACE_EXISTING, which replaces atomically
    // on NTFS; a reader holding the file open can make it fail for a moment, so retry briefly.
    let mut last = None;
    for _ in 0..20 {
        match fs::rename(from, to) {
            Ok(()) => return Ok(()),
            Err(e) => last = Some(e),
        }
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
    Err(last.unwrap())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tmpdir(tag: &str) -> std::path::PathBuf {
        let d = std::env::temp_dir().join(format!("awslogin-test-{}-{}", tag, crate::util::random::uuid_v4()));
        d
    }

    #[test]
    fn writes_private_files_and_folders() {
        let d = tmpdir("atomic");
        let f = d.join("a/b/c.json");
        write_atomic(&f, b"one").unwrap();
        write_atomic(&f, b"two").unwrap();
        assert_eq!(fs::read(&f).unwrap(), b"two");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(fs::metadata(&f).unwrap().permissions().mode() & 0o777, 0o600);
            assert_eq!(fs::metadata(d.join("a/b")).unwrap().permissions().mode() & 0o777, 0o700);
        }
        // No temporary file is left behind.
        assert_eq!(fs::read_dir(d.join("a/b")).unwrap().count(), 1);
        fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn staged_files_appear_only_on_commit_and_previous_contents_come_back() {
        let d = tmpdir("staged");
        let f = d.join("c.json");
        let staged = Staged::new(&f, b"new").unwrap();
        assert!(!f.exists());
        drop(staged);
        assert_eq!(fs::read_dir(&d).unwrap().count(), 0, "an uncommitted file is removed");
        Staged::new(&f, b"one").unwrap().commit().unwrap();
        assert_eq!(fs::read(&f).unwrap(), b"one");

        let before = Previous::capture(&f).unwrap();
        write_atomic(&f, b"two").unwrap();
        before.restore().unwrap();
        assert_eq!(fs::read(&f).unwrap(), b"one");
        let g = d.join("new.json");
        let none = Previous::capture(&g).unwrap();
        write_atomic(&g, b"x").unwrap();
        none.restore().unwrap();
        assert!(!g.exists());
        fs::remove_dir_all(&d).unwrap();
    }
}
