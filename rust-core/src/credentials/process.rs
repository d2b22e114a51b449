//! `credential_process`: run the configured command and read credentials from its JSON output
//! (`Version` 1, `AccessKeyId`, `SecretAccessKey`, optional `SessionToken` and `Expiration`).
//!
//! The command runs through the platform shell, as smithy-rs does (`sh -c` / `cmd.exe /C`), with
//! the caller's environment. Its stdout holds secrets, so no error ever quotes it.

use super::{Credentials, ProvideCredentials, ProvideFuture, ProviderContext};
use crate::error::codes;
use crate::error::{Error, Result};
use crate::interact::Interaction;
use std::collections::HashMap;
use std::time::{Duration, SystemTime};

/// How long the command may run.
const TIMEOUT: Duration = Duration::from_secs(60);

/// The `credential_process` source of a profile.
pub struct CredentialProcess {
    pub profile: String,
    pub command: String,
}

impl ProvideCredentials for CredentialProcess {
    fn provide<'a>(&'a self, ctx: &'a ProviderContext<'a>) -> ProvideFuture<'a> {
        Box::pin(run(&self.profile, &self.command, ctx.env_map, ctx.ui, ctx.os.clock.now()))
    }
    fn describe(&self) -> String {
        "credential_process".to_string()
    }
}

pub async fn run(
    profile: &str,
    command: &str,
    env: Option<&HashMap<String, String>>,
    ui: &Interaction,
    now: SystemTime,
) -> Result<Credentials> {
    let mut cmd = if cfg!(windows) {
        let mut c = tokio::process::Command::new("cmd.exe");
        c.arg("/C").arg(command);
        c
    } else {
        let mut c = tokio::process::Command::new("sh");
        c.arg("-c").arg(command);
        c
    };
    if let Some(env) = env {
        cmd.env_clear().envs(env);
    }
    cmd.stdin(std::process::Stdio::null()).kill_on_drop(true);
    let fail = |why: String| {
        Error::of(
            codes::CREDENTIAL_PROCESS_FAILED,
            format!("The credential_process of profile '{profile}' failed: {why}"),
        )
    };
    let output = ui
        .cancel
        .run(async {
            match tokio::time::timeout(TIMEOUT, cmd.output()).await {
                Err(_) => Err(fail(format!("it did not finish within {} seconds.", TIMEOUT.as_secs()))),
                Ok(Err(e)) => Err(fail(format!("it could not be started ({e}). Check the command in the profile."))),
                Ok(Ok(o)) => Ok(o),
            }
        })
        .await?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let stderr = stderr.trim();
        let shown: String = stderr.chars().take(500).collect();
        let code = output.status.code().map_or("a signal".to_string(), |c| format!("code {c}"));
        return Err(fail(format!(
            "it exited with {code}{}",
            if shown.is_empty() { ".".into() } else { format!(": {shown}") }
        )));
    }
    let v: serde_json::Value = serde_json::from_slice(&output.stdout).map_err(|_| {
        fail(
            "its output is not valid JSON (expected {\"Version\": 1, \"AccessKeyId\": ..., \"SecretAccessKey\": ...})."
                .into(),
        )
    })?;
    match v.get("Version").and_then(|x| x.as_i64()) {
        Some(1) => {}
        Some(other) => return Err(fail(format!("its output has Version {other}; only Version 1 is supported."))),
        None => return Err(fail("its output has no Version (it must be 1).".into())),
    }
    let field = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_string);
    let access_key_id = field("AccessKeyId").ok_or_else(|| fail("its output has no AccessKeyId.".into()))?;
    let secret_access_key =
        field("SecretAccessKey").ok_or_else(|| fail("its output has no SecretAccessKey.".into()))?;
    let expiration = match field("Expiration") {
        None => None,
        Some(text) => Some(
            crate::util::time::parse_rfc3339(&text)
                .ok_or_else(|| fail(format!("its Expiration '{text}' is not an RFC 3339 time.")))?,
        ),
    };
    if let Some(exp) = expiration {
        if exp <= now {
            return Err(fail(format!(
                "it returned credentials that expired at {}.",
                crate::util::time::format_rfc3339(exp)
            )));
        }
    }
    ui.verbose(format!("Credentials from the credential_process of profile '{profile}'."));
    Ok(Credentials {
        access_key_id,
        secret_access_key,
        session_token: field("SessionToken"),
        expiration,
        account_id: field("AccountId"),
    })
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn now() -> SystemTime {
        crate::util::time::parse_rfc3339("2026-01-01T00:00:00Z").unwrap()
    }

    fn run_sync(cmd: &str) -> Result<Credentials> {
        crate::runtime::block_on(run("p", cmd, None, &Interaction::collecting(), now()))
    }

    #[test]
    fn good_output() {
        let c = run_sync(r#"printf '{"Version":1,"AccessKeyId":"AKID","SecretAccessKey":"S","SessionToken":"T","Expiration":"2030-01-01T00:00:00Z"}'"#).unwrap();
        assert_eq!((c.access_key_id.as_str(), c.session_token.as_deref()), ("AKID", Some("T")));
    }

    #[test]
    fn failures_are_clear_and_never_echo_stdout() {
        let e = run_sync("echo 'no such' >&2; exit 3").unwrap_err();
        assert!(e.message.contains("code 3") && e.message.contains("no such"), "{}", e.message);
        let e = run_sync("echo SECRETSTUFF").unwrap_err();
        assert!(e.message.contains("not valid JSON") && !e.message.contains("SECRETSTUFF"));
        let e = run_sync(r#"printf '{"Version":2}'"#).unwrap_err();
        assert!(e.message.contains("Version 2"));
        let e = run_sync(
            r#"printf '{"Version":1,"AccessKeyId":"A","SecretAccessKey":"S","Expiration":"2020-01-01T00:00:00Z"}'"#,
        )
        .unwrap_err();
        assert!(e.message.contains("expired"));
    }
}
