//! How a running operation talks to the person at the PowerShell prompt.
//!
//! Flows never print or read a console themselves: they send [`Event`]s (progress, verbose
//! lines, warnings, prompts) that PowerShell shows with `Write-Progress`, `Write-Verbose`,
//! `Read-Host` or `ShouldContinue`, and they wait for [`Answer`]s. That keeps prompts testable
//! (Pester answers them) and lets Ctrl+C reach the flow as a cancellation.

use crate::error::codes;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::{mpsc, Notify};

/// What an operation tells PowerShell. Serialised as `{"type": "...", ...}`.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Event {
    /// A `-Verbose` line: what was resolved from where. Never a secret.
    Verbose { message: String },
    /// A warning the user should see (`Write-Warning`).
    Warning { message: String },
    /// A line for the host (`Write-Host`), e.g. the URL to open when no browser could be started.
    Info { message: String },
    /// Progress while waiting (`Write-Progress`): e.g. waiting for the browser, with time left.
    #[serde(rename_all = "camelCase")]
    Progress { activity: String, status: String, seconds_left: Option<u64>, url: Option<String> },
    /// A question. `kind` is `text` (Read-Host, `default` used when the answer is empty),
    /// `confirm` (ShouldContinue: yes/no), `secret` (Read-Host -MaskInput) or `choice`
    /// (one of `choices`, answered with its index).
    #[serde(rename_all = "camelCase")]
    Prompt {
        id: String,
        kind: PromptKind,
        caption: String,
        message: String,
        default: Option<String>,
        choices: Vec<String>,
    },
    /// The end: `result` on success, `error` on failure. Always the last event.
    Done { ok: bool, result: Option<serde_json::Value>, error: Option<Error> },
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum PromptKind {
    Text,
    Confirm,
    Secret,
    Choice,
}

/// PowerShell's reply to a [`Event::Prompt`]: the prompt's `id` and a value (string, bool or index).
#[derive(Debug, Clone, Deserialize)]
pub struct Answer {
    pub id: String,
    pub value: serde_json::Value,
}

/// A cancellation flag that async code can wait on.
#[derive(Debug, Clone, Default)]
pub struct Cancel {
    flag: Arc<AtomicBool>,
    notify: Arc<Notify>,
}

impl Cancel {
    pub fn cancel(&self) {
        self.flag.store(true, Ordering::SeqCst);
        self.notify.notify_waiters();
    }
    pub fn is_cancelled(&self) -> bool {
        self.flag.load(Ordering::SeqCst)
    }
    /// Completes when cancelled.
    pub async fn cancelled(&self) {
        loop {
            let notified = self.notify.notified();
            if self.is_cancelled() {
                return;
            }
            notified.await;
        }
    }
    /// Runs `fut` unless cancelled first; cancellation gives [`Error::cancelled`].
    pub async fn run<T>(&self, fut: impl std::future::Future<Output = Result<T>>) -> Result<T> {
        tokio::select! {
            r = fut => r,
            _ = self.cancelled() => Err(Error::cancelled()),
        }
    }
}

/// How often [`Interaction::wait_with_progress`] updates the progress bar's time left.
pub const PROGRESS_INTERVAL: std::time::Duration = std::time::Duration::from_secs(1);

/// The flow's side of the conversation.
#[derive(Clone)]
pub struct Interaction {
    events: EventSink,
    answers: Option<Arc<tokio::sync::Mutex<mpsc::UnboundedReceiver<Answer>>>>,
    pub cancel: Cancel,
}

#[derive(Clone)]
enum EventSink {
    /// An interactive operation: events go to PowerShell as they happen.
    Channel(mpsc::UnboundedSender<Event>),
    /// A one-shot call: events are collected and returned with the result; prompts are refused.
    Collect(Arc<Mutex<Vec<Event>>>),
}

impl Interaction {
    /// For an interactive operation: returns the interaction, the event receiver and the answer sender.
    pub fn channel() -> (Interaction, mpsc::UnboundedReceiver<Event>, mpsc::UnboundedSender<Answer>) {
        let (etx, erx) = mpsc::unbounded_channel();
        let (atx, arx) = mpsc::unbounded_channel();
        let i = Interaction {
            events: EventSink::Channel(etx),
            answers: Some(Arc::new(tokio::sync::Mutex::new(arx))),
            cancel: Cancel::default(),
        };
        (i, erx, atx)
    }

    /// For a one-shot call (or a test): events are kept and can be taken with [`Self::take_events`].
    pub fn collecting() -> Interaction {
        Interaction {
            events: EventSink::Collect(Arc::new(Mutex::new(Vec::new()))),
            answers: None,
            cancel: Cancel::default(),
        }
    }

    /// The events collected so far (collecting interactions only).
    pub fn take_events(&self) -> Vec<Event> {
        match &self.events {
            EventSink::Collect(v) => std::mem::take(&mut *v.lock().unwrap_or_else(|p| p.into_inner())),
            EventSink::Channel(_) => Vec::new(),
        }
    }

    pub fn emit(&self, event: Event) {
        match &self.events {
            // A closed channel means PowerShell has gone; the flow will be cancelled shortly.
            EventSink::Channel(tx) => {
                let _ = tx.send(event);
            }
            EventSink::Collect(v) => v.lock().unwrap_or_else(|p| p.into_inner()).push(event),
        }
    }

    pub fn verbose(&self, message: impl Into<String>) {
        self.emit(Event::Verbose { message: message.into() });
    }
    pub fn warning(&self, message: impl Into<String>) {
        self.emit(Event::Warning { message: message.into() });
    }
    pub fn info(&self, message: impl Into<String>) {
        self.emit(Event::Info { message: message.into() });
    }
    pub fn progress(&self, activity: &str, status: &str, seconds_left: Option<u64>, url: Option<&str>) {
        self.emit(Event::Progress {
            activity: activity.into(),
            status: status.into(),
            seconds_left,
            url: url.map(Into::into),
        });
    }

    /// Awaits `fut`, showing progress (with the time left until `deadline`) at once and then
    /// every [`PROGRESS_INTERVAL`], while the person finishes a sign-in in the browser.
    pub async fn wait_with_progress<T>(
        &self,
        activity: &str,
        status: &str,
        url: Option<&str>,
        deadline: std::time::Instant,
        fut: impl std::future::Future<Output = T>,
    ) -> T {
        let left = || deadline.saturating_duration_since(std::time::Instant::now()).as_secs();
        self.progress(activity, status, Some(left()), url);
        tokio::pin!(fut);
        loop {
            tokio::select! {
                biased;
                r = &mut fut => return r,
                _ = tokio::time::sleep(PROGRESS_INTERVAL) => self.progress(activity, status, Some(left()), url),
            }
        }
    }

    async fn ask(
        &self,
        id: &str,
        kind: PromptKind,
        caption: &str,
        message: &str,
        default: Option<&str>,
        choices: &[String],
    ) -> Result<serde_json::Value> {
        let answers = self.answers.as_ref().ok_or_else(|| {
            Error::of(
                codes::INTERACTION_REQUIRED,
                format!("{message} This call cannot prompt; give the value as a parameter instead."),
            )
        })?;
        self.emit(Event::Prompt {
            id: id.into(),
            kind,
            caption: caption.into(),
            message: message.into(),
            default: default.map(Into::into),
            choices: choices.to_vec(),
        });
        let mut rx = answers.lock().await;
        loop {
            let answer = tokio::select! {
                a = rx.recv() => a,
                _ = self.cancel.cancelled() => return Err(Error::cancelled()),
            };
            match answer {
                Some(a) if a.id == id => return Ok(a.value),
                Some(_) => continue, // an answer to an older prompt; ignore it
                None => return Err(Error::cancelled()),
            }
        }
    }

    /// Asks for a line of text; an empty answer gives `default` (when there is one).
    pub async fn ask_text(&self, id: &str, caption: &str, message: &str, default: Option<&str>) -> Result<String> {
        let v = self.ask(id, PromptKind::Text, caption, message, default, &[]).await?;
        let s = v.as_str().unwrap_or_default().trim().to_string();
        Ok(if s.is_empty() { default.unwrap_or_default().to_string() } else { s })
    }

    /// Asks a yes/no question.
    pub async fn confirm(&self, id: &str, caption: &str, message: &str) -> Result<bool> {
        let v = self.ask(id, PromptKind::Confirm, caption, message, None, &[]).await?;
        Ok(v.as_bool().unwrap_or(false))
    }

    /// Asks for text that must not be echoed (a pasted authorization code).
    pub async fn ask_secret(&self, id: &str, caption: &str, message: &str) -> Result<String> {
        let v = self.ask(id, PromptKind::Secret, caption, message, None, &[]).await?;
        Ok(v.as_str().unwrap_or_default().trim().to_string())
    }

    /// Asks the user to pick one of `choices`; returns its index.
    pub async fn choose(&self, id: &str, caption: &str, message: &str, choices: &[String]) -> Result<usize> {
        let v = self.ask(id, PromptKind::Choice, caption, message, None, choices).await?;
        match v.as_u64() {
            Some(i) if (i as usize) < choices.len() => Ok(i as usize),
            _ => Err(Error::of(codes::INVALID_CHOICE, format!("Choose a number from 1 to {}.", choices.len()))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collecting_refuses_prompts_and_keeps_events() {
        let i = Interaction::collecting();
        i.verbose("resolved");
        let err =
            crate::runtime::block_on(i.ask_text("region", "Region", "Which region?", Some("us-east-1"))).unwrap_err();
        assert_eq!(err.code, "InteractionRequired");
        assert_eq!(i.take_events(), vec![Event::Verbose { message: "resolved".into() }]);
    }

    #[test]
    fn channel_prompt_round_trip_and_cancel() {
        let (i, mut events, answers) = Interaction::channel();
        let i2 = i.clone();
        let h =
            crate::runtime::spawn(async move { i2.ask_text("region", "Region", "Which?", Some("us-east-1")).await });
        let ev = crate::runtime::block_on(events.recv()).unwrap();
        assert!(matches!(ev, Event::Prompt { ref id, .. } if id == "region"));
        answers.send(Answer { id: "other".into(), value: "x".into() }).unwrap();
        answers.send(Answer { id: "region".into(), value: "".into() }).unwrap();
        assert_eq!(crate::runtime::block_on(h).unwrap().unwrap(), "us-east-1");

        let i3 = i.clone();
        let h = crate::runtime::spawn(async move { i3.confirm("c", "C", "Sure?").await });
        let _ = crate::runtime::block_on(events.recv());
        i.cancel.cancel();
        assert_eq!(crate::runtime::block_on(h).unwrap().unwrap_err().code, "OperationCancelled");
    }
}
