//! A cross-process advisory lock on a `<file>.lock` beside the file it guards, so that many
//! processes refreshing the same token cause one refresh: take the lock, re-read the cache, and
//! refresh only when it is still stale.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::Path;
use std::time::{Duration, Instant};

/// Held while alive; the lock is released on drop (and by the OS if the process dies).
#[derive(Debug)]
pub struct FileLock {
    file: File,
}

impl FileLock {
    /// Waits up to `timeout` for an exclusive lock on `<target>.lock`.
    pub fn acquire(target: &Path, timeout: Duration) -> io::Result<FileLock> {
        let mut name = target.file_name().map(|n| n.to_os_string()).unwrap_or_default();
        name.push(".lock");
        let path = target.with_file_name(name);
        if let Some(dir) = path.parent() {
            super::ensure_private_dir(dir)?;
        }
        let mut opts = OpenOptions::new();
        opts.read(true).write(true).create(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        let file = opts.open(&path)?;
        let deadline = Instant::now() + timeout;
        loop {
            if try_lock(&file)? {
                return Ok(FileLock { file });
            }
            if Instant::now() >= deadline {
                return Err(io::Error::new(
                    io::ErrorKind::TimedOut,
                    format!("timed out waiting for the lock {}", path.display()),
                ));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

#[cfg(unix)]
fn try_lock(file: &File) -> io::Result<bool> {
    use std::os::unix::io::AsRawFd;
    // flock locks belong to the open file description, so two handles in one process exclude
    // each other too (unlike fcntl locks), which keeps runspaces in one pwsh apart as well.
    // SAFETY: flock only reads its arguments; the descriptor is open for as long as `file` lives.
    let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
    if rc == 0 {
        return Ok(true);
    }
    let err = io::Error::last_os_error();
    if err.raw_os_error() == Some(libc::EWOULDBLOCK) {
        Ok(false)
    } else {
        Err(err)
    }
}

#[cfg(unix)]
impl Drop for FileLock {
    fn drop(&mut self) {
        use std::os::unix::io::AsRawFd;
        // SAFETY: as in `try_lock`: the descriptor is still open (the file closes after this).
        unsafe {
            libc::flock(self.file.as_raw_fd(), libc::LOCK_UN);
        }
    }
}

#[cfg(windows)]
#[repr(C)]
struct Overlapped {
    internal: usize,
    internal_high: usize,
    offset: u32,
    offset_high: u32,
    event: *mut std::ffi::c_void,
}

#[cfg(windows)]
extern "system" {
    fn LockFileEx(
        file: *mut std::ffi::c_void,
        flags: u32,
        reserved: u32,
        low: u32,
        high: u32,
        ov: *mut Overlapped,
    ) -> i32;
    fn UnlockFileEx(file: *mut std::ffi::c_void, reserved: u32, low: u32, high: u32, ov: *mut Overlapped) -> i32;
}

#[cfg(windows)]
fn overlapped() -> Overlapped {
    Overlapped { internal: 0, internal_high: 0, offset: 0, offset_high: 0, event: std::ptr::null_mut() }
}

#[cfg(windows)]
fn try_lock(file: &File) -> io::Result<bool> {
    use std::os::windows::io::AsRawHandle;
    const LOCKFILE_EXCLUSIVE_LOCK: u32 = 2;
    const LOCKFILE_FAIL_IMMEDIATELY: u32 = 1;
    const ERROR_LOCK_VIOLATION: i32 = 33;
    let mut ov = overlapped();
    // SAFETY: the handle is open while `file` lives; `ov` is a zeroed OVERLAPPED that outlives
    // the call, which is synchronous (the file is not opened for overlapped I/O).
    let ok = unsafe {
        LockFileEx(file.as_raw_handle() as _, LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, &mut ov)
    };
    if ok != 0 {
        return Ok(true);
    }
    let err = io::Error::last_os_error();
    if err.raw_os_error() == Some(ERROR_LOCK_VIOLATION) {
        Ok(false)
    } else {
        Err(err)
    }
}

#[cfg(windows)]
impl Drop for FileLock {
    fn drop(&mut self) {
        use std::os::windows::io::AsRawHandle;
        let mut ov = overlapped();
        // SAFETY: as in `try_lock`: the handle is still open, `ov` outlives the synchronous call.
        unsafe {
            UnlockFileEx(self.file.as_raw_handle() as _, 0, 1, 0, &mut ov);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_holder_waits_then_times_out() {
        let d = std::env::temp_dir().join(format!("awslogin-lock-{}", crate::util::random::uuid_v4()));
        let target = d.join("token.json");
        let first = FileLock::acquire(&target, Duration::from_secs(1)).unwrap();
        assert!(d.join("token.json.lock").is_file());
        let err = FileLock::acquire(&target, Duration::from_millis(100)).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::TimedOut);
        drop(first);
        FileLock::acquire(&target, Duration::from_millis(100)).unwrap();
        std::fs::remove_dir_all(&d).unwrap();
    }
}
