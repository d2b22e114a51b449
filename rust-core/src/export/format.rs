//! Credentials written out for other programs, byte for byte as `aws configure
//! export-credentials --format <format>` of the AWS CLI v2 writes them.
//!
//! The CLI (awscli/customizations/configure/exportcreds.py) writes, in this order,
//! `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, then `AWS_SESSION_TOKEN` and
//! `AWS_CREDENTIAL_EXPIRATION` when there are such values, one per line and unquoted (the
//! PowerShell and fish forms put the value in double quotes); `process` is `json.dumps(indent=2)`
//! of `Version`, `AccessKeyId`, `SecretAccessKey`, `SessionToken`, `Expiration` plus a newline.
//! The expiry is Python's `datetime.isoformat()` of an aware UTC time: `+00:00`, and
//! microseconds only when there are some. The POSIX shell forms always end lines with `\n`; the
//! PowerShell and cmd forms get Windows' `\r\n` on Windows, as the CLI's text-mode stdout does.

use crate::credentials::Credentials;
use crate::error::{codes, Error, Result};
use std::time::{SystemTime, UNIX_EPOCH};

/// An output format of `aws configure export-credentials`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Process,
    Env,
    EnvNoExport,
    Powershell,
    WindowsCmd,
    Fish,
}

impl Format {
    /// Every format, with the name the CLI gives it.
    pub const ALL: [(&'static str, Format); 6] = [
        ("process", Format::Process),
        ("env", Format::Env),
        ("env-no-export", Format::EnvNoExport),
        ("powershell", Format::Powershell),
        ("windows-cmd", Format::WindowsCmd),
        ("fish", Format::Fish),
    ];

    /// The format called `name` (as on the CLI's command line, case-insensitive).
    pub fn parse(name: &str) -> Result<Format> {
        let wanted = name.trim();
        Format::ALL.iter().find(|(n, _)| n.eq_ignore_ascii_case(wanted)).map(|(_, f)| *f).ok_or_else(|| {
            let names: Vec<&str> = Format::ALL.iter().map(|(n, _)| *n).collect();
            Error::of(
                codes::INVALID_CREDENTIAL_FORMAT,
                format!("'{}' is not a credential format. Use one of: {}.", wanted.escape_debug(), names.join(", ")),
            )
        })
    }

    /// The line template: `{}` for the variable name, then `{}` for its value.
    fn line(self, name: &str, value: &str) -> String {
        match self {
            Format::Env => format!("export {name}={value}"),
            Format::EnvNoExport => format!("{name}={value}"),
            Format::Powershell => format!("$Env:{name}=\"{value}\""),
            Format::WindowsCmd => format!("set {name}={value}"),
            Format::Fish => format!("set -gx {name} \"{value}\""),
            Format::Process => unreachable!("process is JSON, not lines"),
        }
    }

    /// The line ending: POSIX shells need `\n` everywhere; the others follow the platform.
    fn newline(self) -> &'static str {
        match self {
            Format::Powershell | Format::WindowsCmd if cfg!(windows) => "\r\n",
            _ => "\n",
        }
    }
}

/// `t` as Python's `datetime.isoformat()` writes an aware UTC time:
/// `2026-01-01T00:00:00+00:00`, or `2026-01-01T00:00:00.250000+00:00`.
pub fn python_isoformat_utc(t: SystemTime) -> String {
    let base = crate::util::time::format_rfc3339(t);
    let base = base.trim_end_matches('Z');
    let micros = match t.duration_since(UNIX_EPOCH) {
        Ok(d) => d.subsec_micros(),
        // Before 1970 the fraction counts backwards; no credential expires then.
        Err(_) => 0,
    };
    if micros == 0 {
        format!("{base}+00:00")
    } else {
        format!("{base}.{micros:06}+00:00")
    }
}

/// The credentials in `format`, exactly as the AWS CLI v2 prints them.
pub fn render(creds: &Credentials, format: Format) -> String {
    let expiration = creds.expiration.map(python_isoformat_utc);
    if format == Format::Process {
        let mut members: Vec<(&str, String)> = vec![
            ("AccessKeyId", json_string(&creds.access_key_id)),
            ("SecretAccessKey", json_string(&creds.secret_access_key)),
        ];
        if let Some(token) = &creds.session_token {
            members.push(("SessionToken", json_string(token)));
        }
        if let Some(exp) = &expiration {
            members.push(("Expiration", json_string(exp)));
        }
        let mut out = String::from("{\n  \"Version\": 1");
        for (name, value) in members {
            out.push_str(&format!(",\n  \"{name}\": {value}"));
        }
        out.push_str("\n}\n");
        return out;
    }
    let nl = format.newline();
    let mut out = String::new();
    let mut line = |name: &str, value: &str| {
        out.push_str(&format.line(name, value));
        out.push_str(nl);
    };
    line("AWS_ACCESS_KEY_ID", &creds.access_key_id);
    line("AWS_SECRET_ACCESS_KEY", &creds.secret_access_key);
    if let Some(token) = &creds.session_token {
        line("AWS_SESSION_TOKEN", token);
    }
    if let Some(exp) = &expiration {
        line("AWS_CREDENTIAL_EXPIRATION", exp);
    }
    out
}

/// A JSON string as Python's `json.dumps` writes it (ASCII only).
fn json_string(s: &str) -> String {
    crate::util::pyjson::dumps(&serde_json::Value::String(s.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn creds(token: bool, expiry: Option<SystemTime>) -> Credentials {
        Credentials {
            access_key_id: "ASIAEXAMPLE".into(),
            secret_access_key: "wJalr/K7MDENG+bPxRfiCY".into(),
            session_token: token.then(|| "IQoJb3JpZ2luX2VjEJ//=".into()),
            expiration: expiry,
            account_id: None,
        }
    }

    fn at(s: &str) -> SystemTime {
        crate::util::time::parse_rfc3339(s).unwrap()
    }

    #[test]
    fn isoformat_like_python() {
        assert_eq!(python_isoformat_utc(at("2026-11-30T06:05:00Z")), "2026-11-30T06:05:00+00:00");
        let t = at("2026-11-30T06:05:00Z") + Duration::from_millis(250);
        assert_eq!(python_isoformat_utc(t), "2026-11-30T06:05:00.250000+00:00");
    }

    #[test]
    fn line_formats() {
        let c = creds(true, Some(at("2026-11-30T06:05:00Z")));
        assert_eq!(
            render(&c, Format::Env),
            "export AWS_ACCESS_KEY_ID=ASIAEXAMPLE\nexport AWS_SECRET_ACCESS_KEY=wJalr/K7MDENG+bPxRfiCY\nexport AWS_SESSION_TOKEN=IQoJb3JpZ2luX2VjEJ//=\nexport AWS_CREDENTIAL_EXPIRATION=2026-11-30T06:05:00+00:00\n"
        );
        let c = creds(false, None);
        assert_eq!(
            render(&c, Format::EnvNoExport),
            "AWS_ACCESS_KEY_ID=ASIAEXAMPLE\nAWS_SECRET_ACCESS_KEY=wJalr/K7MDENG+bPxRfiCY\n"
        );
        let nl = if cfg!(windows) { "\r\n" } else { "\n" };
        assert_eq!(
            render(&c, Format::Powershell),
            format!(
                "$Env:AWS_ACCESS_KEY_ID=\"ASIAEXAMPLE\"{nl}$Env:AWS_SECRET_ACCESS_KEY=\"wJalr/K7MDENG+bPxRfiCY\"{nl}"
            )
        );
        assert_eq!(
            render(&c, Format::WindowsCmd),
            format!("set AWS_ACCESS_KEY_ID=ASIAEXAMPLE{nl}set AWS_SECRET_ACCESS_KEY=wJalr/K7MDENG+bPxRfiCY{nl}")
        );
        assert_eq!(
            render(&c, Format::Fish),
            "set -gx AWS_ACCESS_KEY_ID \"ASIAEXAMPLE\"\nset -gx AWS_SECRET_ACCESS_KEY \"wJalr/K7MDENG+bPxRfiCY\"\n"
        );
    }

    #[test]
    fn process_is_indented_json() {
        let c = creds(true, Some(at("2026-11-30T06:05:00Z")));
        assert_eq!(
            render(&c, Format::Process),
            "{\n  \"Version\": 1,\n  \"AccessKeyId\": \"ASIAEXAMPLE\",\n  \"SecretAccessKey\": \"wJalr/K7MDENG+bPxRfiCY\",\n  \"SessionToken\": \"IQoJb3JpZ2luX2VjEJ//=\",\n  \"Expiration\": \"2026-11-30T06:05:00+00:00\"\n}\n"
        );
        assert_eq!(
            render(&creds(false, None), Format::Process),
            "{\n  \"Version\": 1,\n  \"AccessKeyId\": \"ASIAEXAMPLE\",\n  \"SecretAccessKey\": \"wJalr/K7MDENG+bPxRfiCY\"\n}\n"
        );
    }

    #[test]
    fn format_names() {
        assert_eq!(Format::parse("ENV-no-export").unwrap(), Format::EnvNoExport);
        let e = Format::parse("yaml").unwrap_err();
        assert_eq!(e.code, "InvalidCredentialFormat");
        assert!(e.message.contains("windows-cmd"), "{}", e.message);
    }
}
