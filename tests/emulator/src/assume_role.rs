//! STS `AssumeRole`, called by an authenticated principal (the SigV4 check is done by `sts.rs`).
//!
//! Checks, in the order AWS reports them: parameter validation (`ValidationError`, 400), then
//! authorization (`AccessDenied`, 403): the role exists in the seed and trusts the caller, the
//! `ExternalId` matches, the MFA device is the caller's and the code is the current one. The
//! duration must lie in 900..the role's MaxSessionDuration, and at most 3600 s for a session
//! assumed with another role session (role chaining). The credentials issued are accepted by
//! STS as `arn:aws:sts::ACCT:assumed-role/ROLE/SESSION`.

use hyper::{Body, Response};

use crate::encoding::xml_escape;
use crate::respond::{self, Fault, STS_NAMESPACE};
use crate::seed::Role;
use crate::state::{assumed_role_principal, parse_assumed_role_arn, AppState, IssuedCredentials, Principal};

/// AWS's limit for a session assumed with role-session credentials.
const ROLE_CHAINING_MAX_SECONDS: i64 = 3600;
const DEFAULT_DURATION_SECONDS: i64 = 3600;

fn param<'p>(params: &'p [(String, String)], name: &str) -> Option<&'p str> {
    params.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

pub fn validation_error(message: &str, rid: &str) -> Response<Body> {
    respond::sts_error(400, Fault::Sender, "ValidationError", message, rid)
}

fn access_denied(message: &str, rid: &str) -> Response<Body> {
    respond::sts_error(403, Fault::Sender, "AccessDenied", message, rid)
}

/// Checks a value against AWS's length and character-class constraints, with the shape of
/// AWS's "1 validation error detected" message.
fn check(name: &str, value: &str, min: usize, max: usize, allowed: impl Fn(char) -> bool) -> Result<(), String> {
    let len = value.chars().count();
    if len < min || len > max {
        return Err(format!(
            "1 validation error detected: Value '{}' at '{}' failed to satisfy constraint: Member must have length between {} and {}",
            value, name, min, max
        ));
    }
    if !value.chars().all(allowed) {
        return Err(format!(
            "1 validation error detected: Value '{}' at '{}' failed to satisfy constraint: Member must satisfy regular expression pattern",
            value, name
        ));
    }
    Ok(())
}

/// `[\w+=,.@-]*`, the pattern of RoleSessionName.
pub fn session_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "_+=,.@-".contains(c)
}

/// Validates `RoleSessionName` and `DurationSeconds` (shared with AssumeRoleWithWebIdentity).
pub fn session_params(params: &[(String, String)]) -> Result<(String, Option<i64>), String> {
    let session = param(params, "RoleSessionName").ok_or_else(|| {
        "1 validation error detected: Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null".to_string()
    })?;
    check("roleSessionName", session, 2, 64, session_name_char)?;
    let duration = match param(params, "DurationSeconds") {
        None => None,
        Some(d) => {
            let n: i64 = d.parse().map_err(|_| format!("Value '{}' for DurationSeconds is not an integer", d))?;
            if !(900..=43200).contains(&n) {
                return Err(format!("1 validation error detected: Value '{}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900 and less than or equal to 43200", n));
            }
            Some(n)
        }
    };
    Ok((session.to_string(), duration))
}

/// The role's ARN form (`arn:aws:iam::ACCT:role/NAME`) that trust policies name for a principal:
/// role sessions are trusted through their role, IAM users by their own ARN.
fn trust_arn(p: &Principal) -> String {
    match parse_assumed_role_arn(&p.arn) {
        Some((account, role, _)) => format!("arn:aws:iam::{}:role/{}", account, role),
        None => p.arn.clone(),
    }
}

fn trusts(role: &Role, caller: &Principal) -> bool {
    let me = trust_arn(caller);
    let root = format!("arn:aws:iam::{}:root", caller.account);
    role.trust.iter().any(|t| *t == me || *t == root)
}

/// Issues role-session credentials and renders the `<Credentials>` and `<AssumedRoleUser>`
/// members shared by AssumeRole and AssumeRoleWithWebIdentity.
pub fn issue(state: &AppState, account: &str, role: &str, session: &str, duration: i64) -> (IssuedCredentials, String) {
    let p = assumed_role_principal(account, role, session);
    let c = state.issue_session_credentials(&p.arn, &p.user_id, &p.account, duration);
    let xml = format!(
        "    <AssumedRoleUser>\n      <AssumedRoleId>{id}</AssumedRoleId>\n      <Arn>{arn}</Arn>\n    </AssumedRoleUser>\n    \
         <Credentials>\n      <AccessKeyId>{ak}</AccessKeyId>\n      <SecretAccessKey>{sk}</SecretAccessKey>\n      \
         <SessionToken>{st}</SessionToken>\n      <Expiration>{exp}</Expiration>\n    </Credentials>\n",
        id = xml_escape(&p.user_id),
        arn = xml_escape(&p.arn),
        ak = c.access_key_id,
        sk = xml_escape(&c.secret_access_key),
        st = xml_escape(&c.session_token),
        exp = c.expiration,
    );
    (c, xml)
}

/// Wraps a result body in `<{action}Response>` with its `ResponseMetadata`.
pub fn envelope(action: &str, result: &str, rid: &str) -> Response<Body> {
    let body = format!(
        "<{a}Response xmlns=\"{ns}\">\n  <{a}Result>\n{result}  </{a}Result>\n  <ResponseMetadata>\n    \
         <RequestId>{rid}</RequestId>\n  </ResponseMetadata>\n</{a}Response>\n",
        a = action,
        ns = STS_NAMESPACE,
    );
    respond::xml(200, rid, body)
}

pub fn handle(state: &AppState, caller: &Principal, params: &[(String, String)], rid: &str) -> Response<Body> {
    let role_arn = match param(params, "RoleArn") {
        Some(a) => a,
        None => return validation_error("1 validation error detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null", rid),
    };
    if let Err(m) = check("roleArn", role_arn, 20, 2048, |c| !c.is_control()) {
        return validation_error(&m, rid);
    }
    let (session, duration) = match session_params(params) {
        Ok(v) => v,
        Err(m) => return validation_error(&m, rid),
    };
    let external_id = param(params, "ExternalId");
    if let Some(e) = external_id {
        if let Err(m) = check("externalId", e, 2, 1224, |c| c.is_ascii_alphanumeric() || "_+=,.@:/-".contains(c)) {
            return validation_error(&m, rid);
        }
    }
    let (serial, code) = (param(params, "SerialNumber"), param(params, "TokenCode"));
    if let Some(s) = serial {
        if let Err(m) = check("serialNumber", s, 9, 256, |c| c.is_ascii_alphanumeric() || "_+=/:,.@-".contains(c)) {
            return validation_error(&m, rid);
        }
    }
    if let Some(c) = code {
        if let Err(m) = check("tokenCode", c, 6, 6, |c| c.is_ascii_digit()) {
            return validation_error(&m, rid);
        }
    }

    let denied = || {
        access_denied(
            &format!("User: {} is not authorized to perform: sts:AssumeRole on resource: {}", caller.arn, role_arn),
            rid,
        )
    };
    let Some((account, role)) = state.seed.role_by_arn(role_arn) else { return denied() };
    if !trusts(role, caller) {
        return denied();
    }
    if let Some(required) = role.external_id.as_deref() {
        if external_id != Some(required) {
            return denied();
        }
    }
    // A code given is always checked, as AWS does; a role that requires MFA needs one.
    match (serial, code) {
        (Some(s), Some(c)) => {
            if state.mfa_device_of(&caller.arn).as_deref() != Some(s) {
                return access_denied("MultiFactorAuthentication failed, unable to validate MFA code.", rid);
            }
            if c != state.mfa_code() {
                return access_denied("MultiFactorAuthentication failed with invalid MFA one time pass code.", rid);
            }
        }
        (None, None) if role.mfa_required => return denied(),
        (None, None) => {}
        _ => return validation_error("SerialNumber and TokenCode must be given together.", rid),
    }

    let duration = duration.unwrap_or(DEFAULT_DURATION_SECONDS);
    if duration > role.max_session_duration() {
        return validation_error(
            &format!(
                "The requested DurationSeconds exceeds the MaxSessionDuration set for this role. ({} > {})",
                duration,
                role.max_session_duration()
            ),
            rid,
        );
    }
    if parse_assumed_role_arn(&caller.arn).is_some() && duration > ROLE_CHAINING_MAX_SECONDS {
        return validation_error(
            "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.",
            rid,
        );
    }
    let (_, members) = issue(state, &account.id, &role.name, &session, duration);
    envelope("AssumeRole", &format!("{}    <PackedPolicySize>6</PackedPolicySize>\n", members), rid)
}
