//! STS `AssumeRole`: temporary credentials of a role, signed with the source credentials.
//!
//! The parameters are the profile's `role_arn`, `role_session_name`, `external_id`,
//! `duration_seconds` and `mfa_serial` (with the code the user typed), as the SDKs send them.

use super::query;
use super::xml::element_text;
use crate::credentials::Credentials;
use crate::error::codes;
use crate::error::{Error, ErrorKind, Result};
use crate::http::Endpoint;
use crate::interact::Interaction;

/// What `AssumeRole` is asked for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AssumeRoleParams {
    pub role_arn: String,
    pub role_session_name: String,
    pub external_id: Option<String>,
    pub duration_seconds: Option<u32>,
    /// `mfa_serial`; sent with `token_code`.
    pub serial_number: Option<String>,
    pub token_code: Option<String>,
}

/// A role session: its credentials (with expiry and account) and who it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleSession {
    pub credentials: Credentials,
    /// `arn:aws:sts::ACCT:assumed-role/ROLE/SESSION`
    pub arn: String,
    /// `AROA…:SESSION`
    pub assumed_role_id: String,
}

/// Reads `Credentials` and `AssumedRoleUser` from an AssumeRole-shaped reply (AssumeRole and
/// AssumeRoleWithWebIdentity answer the same members).
pub fn parse_role_session(text: &str, operation: &str) -> Result<RoleSession> {
    let get = |name: &str| {
        element_text(text, name).filter(|v| !v.is_empty()).ok_or_else(|| {
            Error::of(
                codes::INVALID_STS_RESPONSE,
                format!("STS answered {operation} without {name}; the endpoint may not be STS."),
            )
        })
    };
    let expiration_text = get("Expiration")?;
    let expiration = crate::util::time::parse_rfc3339(&expiration_text).ok_or_else(|| {
        Error::of(codes::INVALID_STS_RESPONSE, format!("STS answered {operation} with an unreadable Expiration."))
    })?;
    let arn = get("Arn")?;
    let account_id = arn.split(':').nth(4).filter(|a| !a.is_empty()).map(str::to_string);
    Ok(RoleSession {
        credentials: Credentials {
            access_key_id: get("AccessKeyId")?,
            secret_access_key: get("SecretAccessKey")?,
            session_token: Some(get("SessionToken")?),
            expiration: Some(expiration),
            account_id,
        },
        arn,
        assumed_role_id: get("AssumedRoleId")?,
    })
}

/// Calls AssumeRole with `source` (described by `source_desc` in errors: never a secret).
pub async fn assume_role(
    source: &Credentials,
    source_desc: &str,
    p: &AssumeRoleParams,
    region: &str,
    endpoint: &Endpoint,
    ui: &Interaction,
    clock: &dyn crate::os::Clock,
) -> Result<RoleSession> {
    let duration = p.duration_seconds.map(|d| d.to_string());
    let mut params: Vec<(&str, &str)> =
        vec![("RoleArn", p.role_arn.as_str()), ("RoleSessionName", p.role_session_name.as_str())];
    if let Some(d) = &duration {
        params.push(("DurationSeconds", d));
    }
    if let Some(e) = &p.external_id {
        params.push(("ExternalId", e));
    }
    if let (Some(s), Some(c)) = (&p.serial_number, &p.token_code) {
        params.push(("SerialNumber", s));
        params.push(("TokenCode", c));
    }
    let body = query::form_body("AssumeRole", &params);
    match query::call("AssumeRole", Some(source), region, endpoint, &body, ui, clock).await {
        Ok(r) => parse_role_session(&r.text(), "AssumeRole"),
        Err(e) => Err(explain(e, p, source_desc)),
    }
}

/// Says which role, with which source, and what to check.
fn explain(mut e: Error, p: &AssumeRoleParams, source_desc: &str) -> Error {
    if e.code == "AccessDenied" {
        let mut check = vec!["that the role exists and its trust policy allows this identity"];
        if p.external_id.is_some() {
            check.push("the profile's external_id");
        }
        if p.serial_number.is_some() {
            check.push("the MFA code and mfa_serial");
        }
        e.message = format!(
            "Could not assume role {} with {source_desc}: {} Check {}.",
            p.role_arn,
            e.message,
            check.join(", ")
        );
        e.kind = ErrorKind::Authentication;
    } else if e.kind != ErrorKind::Network {
        e.message = format!("Could not assume role {} with {source_desc}: {}", p.role_arn, e.message);
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPLY: &str = r#"<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <AssumedRoleUser><AssumedRoleId>AROAX:s1</AssumedRoleId><Arn>arn:aws:sts::111122223333:assumed-role/R/s1</Arn></AssumedRoleUser>
    <Credentials><AccessKeyId>ASIAX</AccessKeyId><SecretAccessKey>S/K</SecretAccessKey><SessionToken>T&amp;1</SessionToken><Expiration>2026-11-30T06:24:11Z</Expiration></Credentials>
  </AssumeRoleResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></AssumeRoleResponse>"#;

    #[test]
    fn parses_the_session() {
        let s = parse_role_session(REPLY, "AssumeRole").unwrap();
        assert_eq!(s.arn, "arn:aws:sts::111122223333:assumed-role/R/s1");
        assert_eq!(s.credentials.session_token.as_deref(), Some("T&1"));
        assert_eq!(s.credentials.account_id.as_deref(), Some("111122223333"));
        assert_eq!(crate::util::time::format_rfc3339(s.credentials.expiration.unwrap()), "2026-11-30T06:24:11Z");
        assert_eq!(parse_role_session("<x/>", "AssumeRole").unwrap_err().code, "InvalidStsResponse");
    }

    #[test]
    fn access_denied_names_role_and_source() {
        let p = AssumeRoleParams {
            role_arn: "arn:aws:iam::1:role/R".into(),
            external_id: Some("x".into()),
            ..Default::default()
        };
        let e = explain(
            Error::of(
                codes::ACCESS_DENIED,
                "STS refused AssumeRole (HTTP 403, AccessDenied): User: arn:aws:iam::1:user/a is not authorized.",
            ),
            &p,
            "static keys of profile 'src'",
        );
        assert!(
            e.message.starts_with(
                "Could not assume role arn:aws:iam::1:role/R with static keys of profile 'src': STS refused"
            ),
            "{}",
            e.message
        );
        assert!(e.message.contains("user/a") && e.message.contains("external_id"), "{}", e.message);
    }
}
