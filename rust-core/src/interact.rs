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
    /// `confirm` (ShouldContinue: yes/no) or `choice` (one of `choices`, answered with its
    /// number or a name). `parameter` is the cmdlet parameter that gives the answer instead
    /// (`-AccountId`, `-Region`, `-Force`…), or none when only a person can answer (a code
    /// pasted from a browser): when nobody can answer, PowerShell fails at once naming it.
    #[serde(rename_all = "camelCase")]
    Prompt {
        id: String,
        kind: PromptKind,
        caption: String,
        message: String,
        default: Option<String>,
        choices: Vec<String>,
        /// The cmdlet parameter that answers this prompt (e.g. `-MfaCode`), named when nobody
        /// can answer it; null for a prompt only a person can answer.
        parameter: Option<String>,
    },
    /// The end: `result` on success, `error` on failure. Always the last event.
    Done { ok: bool, result: Option<serde_json::Value>, error: Option<Error> },
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum PromptKind {
    Text,
    Confirm,
    Choice,
}

/// PowerShell's reply to a [`Event::Prompt`]: the prompt's `id` and a value (string or bool).
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
    /// Answers given up front by id (a one-shot call's `answers`, e.g. `-MfaCode`).
    preset: Arc<std::collections::HashMap<String, serde_json::Value>>,
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
            preset: Arc::default(),
            cancel: Cancel::default(),
        };
        (i, erx, atx)
    }

    /// For a one-shot call (or a test): events are kept and can be taken with [`Self::take_events`].
    pub fn collecting() -> Interaction {
        Self::collecting_with(std::collections::HashMap::new())
    }

    /// A collecting interaction that answers prompts from `preset` (by id). A prompt it cannot
    /// answer is emitted (so PowerShell can ask and call again with the answer) and refused.
    pub fn collecting_with(preset: std::collections::HashMap<String, serde_json::Value>) -> Interaction {
        Interaction {
            events: EventSink::Collect(Arc::new(Mutex::new(Vec::new()))),
            answers: None,
            preset: Arc::new(preset),
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

    async fn ask(&self, q: Question<'_>, kind: PromptKind, choices: &[String]) -> Result<serde_json::Value> {
        if let Some(v) = self.preset.get(q.id) {
            return Ok(v.clone());
        }
        let prompt = Event::Prompt {
            id: q.id.into(),
            kind,
            caption: q.caption.into(),
            message: q.message.into(),
            default: q.default.map(Into::into),
            choices: choices.to_vec(),
            parameter: q.parameter.map(Into::into),
        };
        let Some(answers) = self.answers.as_ref() else {
            // A one-shot call: PowerShell sees the prompt among the events and may ask and call
            // again with the answer; the call itself fails naming what to pass.
            self.emit(prompt);
            let pass =
                q.parameter.map(|p| format!("give {p} instead")).unwrap_or_else(|| "run it interactively".into());
            return Err(Error::of(
                codes::INTERACTION_REQUIRED,
                format!("{} This call cannot prompt; {pass}.", q.message),
            ));
        };
        self.emit(prompt);
        let mut rx = answers.lock().await;
        loop {
            let answer = tokio::select! {
                a = rx.recv() => a,
                _ = self.cancel.cancelled() => return Err(Error::cancelled()),
            };
            match answer {
                Some(a) if a.id == q.id => return Ok(a.value),
                Some(_) => continue, // an answer to an older prompt; ignore it
                None => return Err(Error::cancelled()),
            }
        }
    }

    /// Asks for a line of text (shown as typed); an empty answer gives `q.default` (when there is one).
    pub async fn ask_text(&self, q: Question<'_>) -> Result<String> {
        let default = q.default;
        let v = self.ask(q, PromptKind::Text, &[]).await?;
        let s = v.as_str().unwrap_or_default().trim().to_string();
        Ok(if s.is_empty() { default.unwrap_or_default().to_string() } else { s })
    }

    /// Asks for a line of text that `parameter` (a cmdlet parameter such as `-MfaCode`) can give
    /// instead; an empty answer is refused naming the parameter.
    pub async fn ask_text_for(&self, id: &str, caption: &str, message: &str, parameter: &str) -> Result<String> {
        let s = self.ask_text(Question::new(id, caption, message, parameter)).await?;
        if s.is_empty() {
            return Err(Error::of(
                codes::INTERACTION_REQUIRED,
                format!("{message}: no answer was given; give the value with {parameter}."),
            ));
        }
        Ok(s)
    }

    /// Asks until the answer passes `check` (an empty answer means `q.default`), warning with
    /// the check's message in between, as the AWS cmdlets' prompts do ("Invalid input").
    /// PowerShell ends the loop when input ends or nobody can answer.
    pub async fn ask_valid<T>(&self, q: Question<'_>, check: impl Fn(&str) -> Result<T>) -> Result<T> {
        loop {
            let text = self.ask_text(q).await?;
            match check(&text) {
                Ok(v) => return Ok(v),
                Err(e) => self.warning(if text.is_empty() { "A value is required.".to_string() } else { e.message }),
            }
        }
    }

    /// Asks a yes/no question.
    pub async fn confirm(&self, q: Question<'_>) -> Result<bool> {
        let v = self.ask(q, PromptKind::Confirm, &[]).await?;
        Ok(v.as_bool().unwrap_or(false))
    }

    /// Asks the user to pick one of `choices` (shown numbered); returns its index. The answer
    /// is the number, or one of the choice's `names` (an account ID or name, a role name;
    /// case-insensitive); anything else is asked again.
    pub async fn choose(&self, q: Question<'_>, choices: &[String], names: &[Vec<String>]) -> Result<usize> {
        loop {
            let v = self.ask(q, PromptKind::Choice, choices).await?;
            if let Some(i) = pick(&v, choices.len(), names) {
                return Ok(i);
            }
            self.warning(format!(
                "'{}' is not one of the choices. Enter a number from 1 to {} or a name from the list.",
                v.as_str().map(str::trim).unwrap_or_default().escape_debug(),
                choices.len()
            ));
        }
    }
}

/// What a prompt asks: its id, texts, default, and the parameter that answers it instead.
#[derive(Debug, Clone, Copy)]
pub struct Question<'a> {
    pub id: &'a str,
    pub caption: &'a str,
    pub message: &'a str,
    pub default: Option<&'a str>,
    pub parameter: Option<&'a str>,
}

impl<'a> Question<'a> {
    /// A question answered by cmdlet parameter `parameter` (e.g. `-Region`) when not asked.
    pub fn new(id: &'a str, caption: &'a str, message: &'a str, parameter: &'a str) -> Question<'a> {
        Question { id, caption, message, default: None, parameter: Some(parameter) }
    }
    /// A question only a person can answer (no parameter gives it).
    pub fn person_only(id: &'a str, caption: &'a str, message: &'a str) -> Question<'a> {
        Question { id, caption, message, default: None, parameter: None }
    }
    pub fn default(mut self, default: Option<&'a str>) -> Question<'a> {
        self.default = default;
        self
    }
}

/// The index an answer to a choice picks: a number from 1 to `count` (or a JSON index, as
/// older module versions sent), or a name of one choice.
fn pick(answer: &serde_json::Value, count: usize, names: &[Vec<String>]) -> Option<usize> {
    if let Some(i) = answer.as_u64() {
        return usize::try_from(i).ok().filter(|i| *i < count);
    }
    let text = answer.as_str()?.trim();
    if let Ok(n) = text.parse::<usize>() {
        if (1..=count).contains(&n) {
            return Some(n - 1);
        }
    }
    if text.is_empty() {
        return None;
    }
    let matching: Vec<usize> =
        (0..count).filter(|&i| names.get(i).is_some_and(|n| n.iter().any(|n| n.eq_ignore_ascii_case(text)))).collect();
    // A name two choices share (two accounts with one name) picks neither.
    (matching.len() == 1).then(|| matching[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collecting_refuses_prompts_and_keeps_events() {
        let i = Interaction::collecting();
        i.verbose("resolved");
        let q = Question::new("region", "Region", "Which region?", "-Region").default(Some("us-east-1"));
        let err = crate::runtime::block_on(i.ask_text(q)).unwrap_err();
        assert_eq!(err.code, "InteractionRequired");
        assert!(err.message.contains("give -Region instead"), "{}", err.message);
        let events = i.take_events();
        assert_eq!(events[0], Event::Verbose { message: "resolved".into() });
        assert!(matches!(&events[1], Event::Prompt { id, parameter: Some(p), .. } if id == "region" && p == "-Region"));
    }

    #[test]
    fn collecting_answers_from_presets_and_names_the_parameter() {
        let i = Interaction::collecting_with([("mfaCode".to_string(), serde_json::json!("123456"))].into());
        assert_eq!(
            crate::runtime::block_on(i.ask_text_for("mfaCode", "MFA", "Enter MFA code", "-MfaCode")).unwrap(),
            "123456"
        );
        let i = Interaction::collecting();
        let e =
            crate::runtime::block_on(i.ask_text_for("mfaCode", "MFA", "Enter MFA code for x", "-MfaCode")).unwrap_err();
        assert!(e.code == "InteractionRequired" && e.message.contains("-MfaCode"), "{}", e.message);
        assert!(matches!(&i.take_events()[0], Event::Prompt { parameter: Some(p), .. } if p == "-MfaCode"));
    }

    #[test]
    fn channel_prompt_round_trip_and_cancel() {
        let (i, mut events, answers) = Interaction::channel();
        let i2 = i.clone();
        let h = crate::runtime::spawn(async move {
            i2.ask_text(Question::new("region", "Region", "Which?", "-Region").default(Some("us-east-1"))).await
        });
        let ev = crate::runtime::block_on(events.recv()).unwrap();
        assert!(
            matches!(ev, Event::Prompt { ref id, ref parameter, .. } if id == "region" && parameter.as_deref() == Some("-Region"))
        );
        answers.send(Answer { id: "other".into(), value: "x".into() }).unwrap();
        answers.send(Answer { id: "region".into(), value: "".into() }).unwrap();
        assert_eq!(crate::runtime::block_on(h).unwrap().unwrap(), "us-east-1");

        let i3 = i.clone();
        let h = crate::runtime::spawn(async move { i3.confirm(Question::new("c", "C", "Sure?", "-Force")).await });
        let _ = crate::runtime::block_on(events.recv());
        i.cancel.cancel();
        assert_eq!(crate::runtime::block_on(h).unwrap().unwrap_err().code, "OperationCancelled");
    }

    #[test]
    fn prompt_event_names_the_parameter() {
        let ev = Event::Prompt {
            id: "account".into(),
            kind: PromptKind::Choice,
            caption: "c".into(),
            message: "m".into(),
            default: None,
            choices: vec!["a".into()],
            parameter: Some("-AccountId".into()),
        };
        let json = serde_json::to_value(&ev).unwrap();
        assert_eq!(json["parameter"], "-AccountId");
        assert_eq!(json["type"], "prompt");
    }

    #[test]
    fn choices_by_number_or_name() {
        let names = vec![
            vec!["111122223333".to_string(), "Dev".to_string()],
            vec!["444455556666".to_string(), "Prod".to_string()],
            vec!["777788889999".to_string(), "prod".to_string()],
        ];
        assert_eq!(pick(&"2".into(), 3, &names), Some(1));
        assert_eq!(pick(&" 1 ".into(), 3, &names), Some(0));
        assert_eq!(pick(&serde_json::json!(2), 3, &names), Some(2));
        assert_eq!(pick(&"dev".into(), 3, &names), Some(0));
        assert_eq!(pick(&"444455556666".into(), 3, &names), Some(1));
        assert_eq!(pick(&"Prod".into(), 3, &names), None, "a name two choices share picks neither");
        assert_eq!(pick(&"4".into(), 3, &names), None);
        assert_eq!(pick(&"0".into(), 3, &names), None);
        assert_eq!(pick(&"".into(), 3, &names), None);

        // A wrong answer is asked again, with a warning.
        let (i, mut events, answers) = Interaction::channel();
        let i2 = i.clone();
        let names2 = names.clone();
        let h = crate::runtime::spawn(async move {
            let choices = vec!["a".to_string(), "b".to_string(), "c".to_string()];
            i2.choose(Question::new("account", "C", "Choose", "-AccountId"), &choices, &names2).await
        });
        assert!(matches!(crate::runtime::block_on(events.recv()).unwrap(), Event::Prompt { .. }));
        answers.send(Answer { id: "account".into(), value: "nine".into() }).unwrap();
        assert!(
            matches!(crate::runtime::block_on(events.recv()).unwrap(), Event::Warning { ref message } if message.contains("'nine'"))
        );
        assert!(matches!(crate::runtime::block_on(events.recv()).unwrap(), Event::Prompt { .. }));
        answers.send(Answer { id: "account".into(), value: "DEV".into() }).unwrap();
        assert_eq!(crate::runtime::block_on(h).unwrap().unwrap(), 0);
    }
}
