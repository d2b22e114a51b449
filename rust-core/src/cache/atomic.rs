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
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    ensure_private_dir(dir)?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    // A random suffix keeps concurrent writers (other processes) from sharing a temporary file.
    let tmp = dir.join(format!(".{}.{}.tmp", name, crate::util::encoding::hex(&crate::util::random::bytes(6))));
    let result = (|| {
        let mut f = open_private(&tmp)?;
        f.write_all(contents)?;
        f.sync_all()?;
        drop(f);
        rename_over(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
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
}
