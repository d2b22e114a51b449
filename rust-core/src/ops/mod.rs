//! The operations layer: what each C ABI export runs, JSON request in, JSON result out.
//!
//! The FFI layer only moves bytes and catches panics; this module turns a request into a call
//! of the right domain function and its outcome into the result document. [`request`] holds the
//! request document every operation shares ([`CommonRequest`]); it depends on `os` and `error`
//! only, so the domain modules read it without depending on the dispatch here.

pub mod request;

pub use request::CommonRequest;

use crate::error::Result;
use crate::interact::{Event, Interaction};
use serde_json::{json, Value};

/// The one-shot operations.
#[derive(Debug, Clone, Copy)]
pub enum OneShot {
    CallerIdentity,
    Logout,
    SsoLogout,
    Credentials,
    ListProfiles,
    WriteProcessProfile,
    /// The known regions and their names (no files, no network).
    Regions,
    Console,
}

/// The operations that converse with the user through an operation handle.
#[derive(Debug, Clone, Copy)]
pub enum Interactive {
    Login,
    SsoInit,
    SsoLogin,
    /// `Sync-AWSSSOProfile`: a profile for every account and role of an sso-session. It lists
    /// for a while (hundreds of accounts, throttling), and Ctrl+C must stop it before it writes.
    SsoSync,
}

/// Runs a one-shot operation to completion and returns its result document.
pub fn run_one_shot(op: OneShot, req: Value) -> String {
    // Answers to prompts of an earlier run of the same call (PowerShell asked the user, or took
    // them from a parameter such as -MfaCode), keyed by prompt id.
    let preset = req
        .get("answers")
        .and_then(Value::as_object)
        .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default();
    let req_verbose = req.get("verbose").and_then(Value::as_bool);
    let ui = Interaction::collecting_with(preset);
    let outcome = crate::runtime::block_on(async {
        match op {
            OneShot::CallerIdentity => crate::sts::caller_identity_op(req, &ui).await,
            OneShot::Logout => crate::login::logout_op(req, &ui).await,
            OneShot::SsoLogout => crate::sso::logout_op(req, &ui).await,
            OneShot::Credentials => crate::export::credentials_op(req, &ui).await,
            OneShot::ListProfiles => crate::inventory::list_op(req, &ui).await,
            OneShot::WriteProcessProfile => crate::export::helper_profile::write_op(req, &ui).await,
            OneShot::Regions => crate::regions::list_op(req).await,
            OneShot::Console => crate::console::console_op(req, &ui).await,
        }
    });
    let mut events: Vec<Event> = ui.take_events();
    // `"verbose": false`: the caller shows no -Verbose lines, so none travel back. A warm call
    // would otherwise carry (and PowerShell parse) its where-from lines only to drop them.
    if req_verbose == Some(false) {
        events.retain(|e| !matches!(e, Event::Verbose { .. }));
    }
    let doc = match outcome {
        Ok(result) => json!({ "ok": true, "result": result, "events": events }),
        Err(error) => json!({ "ok": false, "error": error, "events": events }),
    };
    doc.to_string()
}

/// Runs an interactive operation; events go through `ui`.
pub async fn run_interactive(op: Interactive, req: Value, ui: Interaction) -> Result<Value> {
    match op {
        Interactive::Login => crate::login::login_op(req, &ui).await,
        Interactive::SsoInit => crate::sso::init_op(req, &ui).await,
        Interactive::SsoLogin => crate::sso::login_op(req, &ui).await,
        Interactive::SsoSync => crate::sso::sync_op(req, &ui).await,
    }
}

/// The final event of an interactive operation.
pub fn done_event(outcome: Result<Value>) -> Event {
    match outcome {
        Ok(result) => Event::Done { ok: true, result: Some(result), error: None },
        Err(error) => Event::Done { ok: false, result: None, error: Some(error) },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verbose_lines(doc: &str) -> usize {
        let v: Value = serde_json::from_str(doc).unwrap();
        v["events"].as_array().unwrap().iter().filter(|e| e["type"] == "verbose").count()
    }

    #[test]
    fn verbose_lines_travel_back_only_when_the_caller_shows_them() {
        // Static keys and a closed local port: the call explains where its region, credentials
        // and endpoint came from (verbose), then fails to connect.
        let req = |verbose: Option<bool>| {
            let mut r = json!({
                "accessKey": "AKIDEXAMPLE", "secretKey": "secret", "region": "us-east-1",
                "endpointUrl": "http://127.0.0.1:9", "env": {"AWS_EC2_METADATA_DISABLED": "true"}
            });
            if let Some(v) = verbose {
                r["verbose"] = json!(v);
            }
            r
        };
        assert!(verbose_lines(&run_one_shot(OneShot::CallerIdentity, req(None))) > 0);
        assert!(verbose_lines(&run_one_shot(OneShot::CallerIdentity, req(Some(true)))) > 0);
        let quiet = run_one_shot(OneShot::CallerIdentity, req(Some(false)));
        assert_eq!(verbose_lines(&quiet), 0, "{quiet}");
        // Everything else stays: the outcome and its error.
        let v: Value = serde_json::from_str(&quiet).unwrap();
        assert_eq!(v["ok"], json!(false));
        assert!(v["error"]["code"].is_string());
    }
}
