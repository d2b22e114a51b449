//! Reading a cache or config file without ever blocking on it.
//!
//! `std::fs::read` on a named pipe waits for a writer forever, and on a character device such as
//! `/dev/zero` never ends. Every path we read comes from the user's environment (`HOME`,
//! `AWS_CONFIG_FILE`, ...), so a file that is not a regular file is refused with an error naming
//! what it is, before it is opened for reading. The one exception is the null device: people set
//! `AWS_CONFIG_FILE=/dev/null` to mean "no config", and it reads as empty, as it does for the SDKs.

use std::fs::{File, Metadata};
use std::io::{self, Read};
use std::path::Path;

/// The contents of the regular file at `path` (symbolic links followed). A missing file is
/// `NotFound`; a named pipe, socket, device or folder is `InvalidInput` with a message that says
/// what is there; the null device reads as empty.
pub fn read_regular(path: &Path) -> io::Result<Vec<u8>> {
    // stat first: it does not open the file, so a pipe or a device is never touched.
    let meta = std::fs::metadata(path)?;
    if is_null_device(&meta) {
        return Ok(Vec::new());
    }
    check_regular(&meta)?;
    let mut file = open_nonblocking(path)?;
    // The path may have been swapped for a pipe between stat and open: check what was opened.
    let meta = file.metadata()?;
    check_regular(&meta)?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// `Ok` for a regular file, else an error saying what the path is instead.
pub fn check_regular(meta: &Metadata) -> io::Result<()> {
    if meta.is_file() {
        return Ok(());
    }
    Err(io::Error::new(io::ErrorKind::InvalidInput, format!("it is {}, not a regular file", describe(meta))))
}

/// What a non-regular file is, for messages ("a named pipe", ...).
fn describe(meta: &Metadata) -> &'static str {
    let ft = meta.file_type();
    if ft.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if ft.is_socket() {
            return "a socket";
        }
        if ft.is_char_device() {
            return "a character device";
        }
        if ft.is_block_device() {
            return "a block device";
        }
    }
    "a special file"
}

#[cfg(unix)]
fn is_null_device(meta: &Metadata) -> bool {
    use std::os::unix::fs::{FileTypeExt, MetadataExt};
    meta.file_type().is_char_device()
        && std::fs::metadata("/dev/null")
            .is_ok_and(|null| null.file_type().is_char_device() && null.rdev() == meta.rdev())
}

#[cfg(not(unix))]
fn is_null_device(_meta: &Metadata) -> bool {
    // Windows' NUL is not a file on disk: metadata() fails on it before we get here.
    false
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    // O_NONBLOCK makes opening a FIFO return at once instead of waiting for a writer; it changes
    // nothing for a regular file. O_NOCTTY: a terminal must never become our controlling one.
    std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY).open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    File::open(path)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    fn tmpdir() -> std::path::PathBuf {
        let d = std::env::temp_dir().join(format!("awslogin-read-{}", crate::util::random::uuid_v4()));
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    fn mkfifo(path: &Path) {
        let c = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
        // SAFETY: `c` is a NUL-terminated string that outlives the call.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0, "mkfifo {}", path.display());
    }

    /// Runs `f` on a thread and fails the test (instead of hanging it) when it blocks.
    fn within_5s<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || tx.send(f()).unwrap());
        rx.recv_timeout(Duration::from_secs(5)).expect("the read blocked")
    }

    #[test]
    fn pipes_folders_and_links_to_pipes_are_refused_at_once() {
        let d = tmpdir();
        let fifo = d.join("fifo.json");
        mkfifo(&fifo);
        let link = d.join("link.json");
        std::os::unix::fs::symlink(&fifo, &link).unwrap();
        for p in [fifo.clone(), link.clone()] {
            let started = Instant::now();
            let e = within_5s(move || read_regular(&p).unwrap_err());
            assert_eq!(e.kind(), io::ErrorKind::InvalidInput);
            assert!(e.to_string().contains("named pipe"), "{e}");
            assert!(started.elapsed() < Duration::from_secs(2));
        }
        let e = read_regular(&d).unwrap_err();
        assert!(e.to_string().contains("a folder"), "{e}");
        assert_eq!(read_regular(&d.join("missing")).unwrap_err().kind(), io::ErrorKind::NotFound);
        std::fs::write(d.join("f"), b"text").unwrap();
        assert_eq!(read_regular(&d.join("f")).unwrap(), b"text");
        std::fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn devices_are_refused_but_the_null_device_is_empty() {
        assert_eq!(read_regular(Path::new("/dev/null")).unwrap(), b"");
        let e = within_5s(|| read_regular(Path::new("/dev/zero")).unwrap_err());
        assert!(e.to_string().contains("character device"), "{e}");
    }
}
