//! The outside world, injected: environment variables, the file system and the clock.
//!
//! Providers read the environment, files and time only through these, so tests run against a
//! map, a temporary folder and a fixed instant instead of the real home folder (the smithy-rs
//! `os_shim_internal` pattern).

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::time::SystemTime;

/// Environment variables.
pub trait Env: Send + Sync {
    /// The value of `name`, or `None` when it is unset or not valid Unicode.
    fn var(&self, name: &str) -> Option<String>;

    /// The value of `name` without surrounding white space, or `None` when that leaves nothing.
    fn var_nonempty(&self, name: &str) -> Option<String> {
        self.var(name).map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
    }
}

/// The real process environment.
#[derive(Debug, Clone, Copy, Default)]
pub struct ProcessEnv;

impl Env for ProcessEnv {
    fn var(&self, name: &str) -> Option<String> {
        std::env::var(name).ok()
    }
}

/// A fixed set of variables, for tests and for requests that carry their own environment.
#[derive(Debug, Clone, Default)]
pub struct MapEnv(pub HashMap<String, String>);

impl MapEnv {
    pub fn from_pairs<K: Into<String>, V: Into<String>>(pairs: impl IntoIterator<Item = (K, V)>) -> Self {
        MapEnv(pairs.into_iter().map(|(k, v)| (k.into(), v.into())).collect())
    }
}

impl Env for MapEnv {
    fn var(&self, name: &str) -> Option<String> {
        self.0.get(name).cloned()
    }
}

/// Reading files. Writes of caches and config go through [`crate::cache`], which works on real
/// paths (tests point them at temporary folders).
pub trait Fs: Send + Sync {
    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>>;
}

/// The real file system.
#[derive(Debug, Clone, Copy, Default)]
pub struct RealFs;

impl Fs for RealFs {
    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        std::fs::read(path)
    }
}

/// An in-memory file system keyed by path, for tests.
#[derive(Debug, Clone, Default)]
pub struct MapFs(pub HashMap<std::path::PathBuf, Vec<u8>>);

impl Fs for MapFs {
    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        self.0.get(path).cloned().ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"))
    }
}

/// The current time.
pub trait Clock: Send + Sync {
    fn now(&self) -> SystemTime;
}

#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// A clock stopped at one instant, for tests.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub SystemTime);

impl Clock for FixedClock {
    fn now(&self) -> SystemTime {
        self.0
    }
}

/// What every provider receives: the environment, the file system and the clock.
#[derive(Clone)]
pub struct Os {
    pub env: Arc<dyn Env>,
    pub fs: Arc<dyn Fs>,
    pub clock: Arc<dyn Clock>,
}

impl Os {
    /// The real process environment, file system and clock.
    pub fn real() -> Self {
        Os { env: Arc::new(ProcessEnv), fs: Arc::new(RealFs), clock: Arc::new(SystemClock) }
    }
}

impl std::fmt::Debug for Os {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Os { .. }")
    }
}
