//! Operation handles: a running login flow that PowerShell polls for events and answers.
//!
//! The flow runs on the shared runtime; PowerShell calls [`awslogin_operation_next_event`] in a
//! loop with a short timeout (so Ctrl+C is noticed between polls), answers prompts with
//! [`awslogin_operation_respond`], and on Ctrl+C calls [`awslogin_operation_cancel`]. The flow
//! then stops at its next await point: the loopback listener is closed and nothing is written.

use super::strings::{borrow_str, give_string, parse_json};
use super::AwsloginStatus;
use crate::interact::{Answer, Cancel, Event, Interaction};
use crate::ops::Interactive;
use std::os::raw::c_char;
use std::sync::Mutex;
use std::time::Duration;
use tokio::sync::mpsc;

/// An operation in progress. Opaque to C. Safe to use from several threads at once: concurrent
/// pollers of one handle are serialised (each event goes to exactly one of them, and the final
/// `done` event to exactly one; the others then get `AWSLOGIN_STATUS_OPERATION_FINISHED`).
pub struct AwsloginOperation {
    events: Mutex<mpsc::UnboundedReceiver<Event>>,
    answers: mpsc::UnboundedSender<Answer>,
    cancel: Cancel,
    /// Held for the whole of a poll (the wait included), which is what serialises concurrent
    /// pollers; taken before `events`, always in that order.
    finished: Mutex<bool>,
}

fn event_json(e: &Event) -> String {
    serde_json::to_string(e).unwrap_or_else(|_| "{\"type\":\"done\",\"ok\":false}".into())
}

/// Starts `kind` with the JSON request at `request`; the handle goes to `*out_operation`.
///
/// # Safety
/// `request` must be NULL or a NUL-terminated string, `out_operation` NULL or writable.
pub(crate) unsafe fn start(
    kind: Interactive,
    request: *const c_char,
    out_operation: *mut *mut AwsloginOperation,
) -> AwsloginStatus {
    check_null!(request, out_operation);
    // SAFETY: `request` is not NULL (checked above) and NUL-terminated (the caller's contract).
    let req = match unsafe { parse_json(request) } {
        Ok(v) => v,
        Err(s) => return s,
    };
    let (ui, events, answers) = Interaction::channel();
    let cancel = ui.cancel.clone();
    crate::runtime::spawn(async move {
        let outcome = ui.cancel.run(crate::ops::run_interactive(kind, req, ui.clone())).await;
        ui.emit(crate::ops::done_event(outcome));
    });
    let op = Box::new(AwsloginOperation { events: Mutex::new(events), answers, cancel, finished: Mutex::new(false) });
    // SAFETY: `out_operation` is not NULL (checked above) and writable (the caller's contract).
    unsafe { *out_operation = Box::into_raw(op) };
    AwsloginStatus::Ok
}

/// Waits up to `timeout_ms` for the operation's next event and writes it to `*out_event_json`
/// (free it with `awslogin_string_free`). When nothing happened in time the event is
/// `{"type":"idle"}`. The last event is `{"type":"done",...}`; polling after it returns
/// `AWSLOGIN_STATUS_OPERATION_FINISHED`.
///
/// # Safety
/// `operation` must come from this library and not be freed yet; `out_event_json` must be writable.
#[no_mangle]
pub unsafe extern "C" fn awslogin_operation_next_event(
    operation: *const AwsloginOperation,
    timeout_ms: u32,
    out_event_json: *mut *mut c_char,
) -> AwsloginStatus {
    ffi_boundary!({
        check_null!(operation, out_event_json);
        // SAFETY: not NULL (checked above); the caller guarantees it came from `start` and is not
        // freed during this call. Only shared access is taken: every field is thread-safe.
        let op = unsafe { &*operation };
        let mut finished = op.finished.lock().unwrap_or_else(|p| p.into_inner());
        if *finished {
            return AwsloginStatus::OperationFinished;
        }
        let mut rx = op.events.lock().unwrap_or_else(|p| p.into_inner());
        let wait = Duration::from_millis(timeout_ms as u64);
        let next = crate::runtime::block_on(async { tokio::time::timeout(wait, rx.recv()).await });
        let json = match next {
            Err(_) => "{\"type\":\"idle\"}".to_string(),
            Ok(Some(event)) => {
                if matches!(event, Event::Done { .. }) {
                    *finished = true;
                }
                event_json(&event)
            }
            // The task ended without its final event: it panicked.
            Ok(None) => {
                *finished = true;
                event_json(&crate::ops::done_event(Err(crate::Error::internal(
                    "The operation stopped unexpectedly (a bug in awslogin-core). Nothing was written.",
                ))))
            }
        };
        // SAFETY: `out_event_json` is not NULL (checked above) and writable (the caller's contract).
        unsafe { *out_event_json = give_string(json) };
        AwsloginStatus::Ok
    })
}

/// Answers the prompt with the same `id`: `answer_json` is `{"id":"...","value":...}`.
///
/// # Safety
/// `operation` must come from this library and not be freed; `answer_json` NUL-terminated UTF-8.
#[no_mangle]
pub unsafe extern "C" fn awslogin_operation_respond(
    operation: *const AwsloginOperation,
    answer_json: *const c_char,
) -> AwsloginStatus {
    ffi_boundary!({
        check_null!(operation, answer_json);
        // SAFETY: not NULL (checked above) and NUL-terminated (the caller's contract).
        let text = match unsafe { borrow_str(answer_json) } {
            Ok(t) => t,
            Err(s) => return s,
        };
        let answer: Answer = match serde_json::from_str(text) {
            Ok(a) => a,
            Err(_) => return AwsloginStatus::InvalidJson,
        };
        // If the flow has finished, the answer has no one to go to; that is not an error.
        // SAFETY: not NULL (checked above), from `start` and not freed (the caller's contract);
        // shared access only, and the sender is thread-safe.
        let _ = unsafe { &*operation }.answers.send(answer);
        AwsloginStatus::Ok
    })
}

/// Asks the operation to stop (Ctrl+C). It still delivers a final `done` event with the error
/// `OperationCancelled`. Safe to call from any thread, more than once.
///
/// # Safety
/// `operation` must come from this library and not be freed.
#[no_mangle]
pub unsafe extern "C" fn awslogin_operation_cancel(operation: *const AwsloginOperation) -> AwsloginStatus {
    ffi_boundary!({
        check_null!(operation);
        // SAFETY: not NULL (checked above), from `start` and not freed (the caller's contract);
        // shared access only, and `Cancel` is thread-safe.
        unsafe { &*operation }.cancel.cancel();
        AwsloginStatus::Ok
    })
}

/// Cancels the operation if it is still running and frees the handle. NULL is ignored.
///
/// # Safety
/// `operation` must be NULL or come from this library, and be freed once; no other thread may
/// use it during or after this call.
#[no_mangle]
pub unsafe extern "C" fn awslogin_operation_free(operation: *mut AwsloginOperation) {
    if operation.is_null() {
        return;
    }
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        // SAFETY: not NULL (checked above); it came from `Box::into_raw` in `start`, and the
        // caller frees it once, with no other thread using it (the documented contract).
        let op = unsafe { Box::from_raw(operation) };
        op.cancel.cancel();
        drop(op);
    }));
}
