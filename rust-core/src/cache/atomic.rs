//! Atomic replacement of a file's contents, and the clean-up of temporary files that a killed
//! writer left behind.

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
    remove_stale_temporaries(dir);
    // Our pid and a random suffix keep concurrent writers (other processes) from sharing a
    // temporary file, and let a later writer tell a dead writer's leftovers from live ones.
    let tmp = dir.join(format!(
        ".{}.{}.{}.tmp",
        name,
        std::process::id(),
        crate::util::encoding::hex(&crate::util::random::bytes(6))
    ));
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

/// A temporary file older than this is a leftover whoever wrote it: a write takes milliseconds.
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(10 * 60);
/// A dead writer's file is removed once it is this old (a writer in another pid namespace, say a
/// container sharing the folder, looks dead from here: give its write time to finish).
const DEAD_WRITER_AFTER: std::time::Duration = std::time::Duration::from_secs(5);

/// Removes the temporary files of [`write_atomic`] in `dir` whose writer is gone: a process
/// killed between creating and renaming its temporary file leaves it, with the live tokens it
/// held. Only names of our own pattern (`.<name>.<pid>.<12 hex>.tmp`, or `.<name>.<12 hex>.tmp`
/// from earlier versions) are touched: of a dead process and older than [`DEAD_WRITER_AFTER`],
/// or older than [`STALE_AFTER`].
/// Best effort: a failure here never fails the write.
pub fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(pid) = file_name.to_str().and_then(temporary_writer) else { continue };
        let Ok(meta) = entry.metadata() else { continue };
        if !meta.is_file() {
            continue;
        }
        let Some(age) = meta.modified().ok().and_then(|m| m.elapsed().ok()) else { continue };
        let dead = pid.is_some_and(|p| !process_alive(p));
        if age > STALE_AFTER || (dead && age > DEAD_WRITER_AFTER) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// For a name of our temporary-file pattern, the writer's pid if the name has one.
fn temporary_writer(name: &str) -> Option<Option<u32>> {
    let inner = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (rest, random) = inner.rsplit_once('.')?;
    if random.len() != 12 || !random.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
        return None;
    }
    match rest.rsplit_once('.') {
        Some((target, pid)) if !target.is_empty() && !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()) => {
            Some(pid.parse().ok())
        }
        _ if !rest.is_empty() => Some(None),
        _ => None,
    }
}

#[cfg(unix)]
fn process_alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else { return false };
    if pid <= 0 {
        return false;
    }
    // SAFETY: kill with signal 0 sends nothing; it only asks whether the process exists.
    let rc = unsafe { libc::kill(pid, 0) };
    rc == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

#[cfg(not(unix))]
fn process_alive(_pid: u32) -> bool {
    // Without a cheap check here, only the age rule applies.
    true
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

    /// A pid that is not running: a child that has exited and been reaped.
    #[cfg(unix)]
    fn dead_pid() -> u32 {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        pid
    }

    /// Sets the file's modification time `secs` seconds back.
    #[cfg(unix)]
    fn set_age(path: &Path, secs: i64) {
        use std::os::unix::ffi::OsStrExt;
        let c = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
        let t = libc::timeval { tv_sec: (now - secs) as libc::time_t, tv_usec: 0 };
        // SAFETY: `c` is a NUL-terminated path and `times` points to two initialised timevals.
        assert_eq!(unsafe { libc::utimes(c.as_ptr(), [t, t].as_ptr()) }, 0);
    }

    #[cfg(unix)]
    #[test]
    fn a_killed_writers_temporary_files_go_on_the_next_write() {
        let d = tmpdir("stale");
        fs::create_dir_all(&d).unwrap();
        let dead = dead_pid();
        let leftover = d.join(format!(".token.json.{dead}.0123456789ab.tmp"));
        let fresh_leftover = d.join(format!(".token.json.{dead}.ba9876543210.tmp"));
        let live = d.join(format!(".token.json.{}.0123456789ab.tmp", std::process::id()));
        let ancient = d.join(format!(".token.json.{}.cccccccccccc.tmp", std::process::id()));
        // Not ours: other patterns, another tool's files.
        let others = [".token.json.tmp", "x.0123456789ab.tmp", ".token.json.123.XYZ456789abc.tmp", "token.json"];
        for p in [&leftover, &fresh_leftover, &live, &ancient] {
            fs::write(p, "secret").unwrap();
        }
        set_age(&leftover, 60);
        set_age(&live, 60);
        set_age(&ancient, 3600);
        for o in others {
            fs::write(d.join(o), "keep").unwrap();
        }
        write_atomic(&d.join("other.json"), b"{}").unwrap();
        assert!(!leftover.exists(), "a dead writer's temporary file stays");
        assert!(!ancient.exists(), "an hour-old temporary file stays");
        assert!(fresh_leftover.exists(), "a dead writer's file was removed within seconds");
        assert!(live.exists(), "a live writer's temporary file was removed");
        for o in others {
            assert!(d.join(o).exists(), "{o} was removed");
        }
        fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn temporary_names() {
        assert_eq!(temporary_writer(".a.json.42.0123456789ab.tmp"), Some(Some(42)));
        assert_eq!(temporary_writer(".a.json.0123456789ab.tmp"), Some(None));
        assert_eq!(temporary_writer(".a.json.tmp"), None);
        assert_eq!(temporary_writer("a.json.0123456789ab.tmp"), None);
        assert_eq!(temporary_writer("..0123456789ab.tmp"), None);
    }
}
