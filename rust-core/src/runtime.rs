//! The one tokio runtime of the process, shared by every call from every runspace.
//!
//! Created on first use (not at load), so `Import-Module` pays nothing for it. Two worker
//! threads are plenty: the work is network waits, and login flows spend minutes idle.

use once_cell::sync::Lazy;
use std::future::Future;

static RUNTIME: Lazy<tokio::runtime::Runtime> = Lazy::new(|| {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("awslogin-worker")
        .enable_all()
        .build()
        .expect("could not start the tokio runtime")
});

/// Runs `fut` to completion on the shared runtime, blocking the calling (PowerShell) thread.
pub fn block_on<F: Future>(fut: F) -> F::Output {
    RUNTIME.block_on(fut)
}

/// Starts `fut` on the shared runtime and returns at once.
pub fn spawn<F>(fut: F) -> tokio::task::JoinHandle<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    RUNTIME.spawn(fut)
}
