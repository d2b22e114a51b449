//! EC2 instance metadata (IMDSv2) credentials: the instance profile's role credentials.
//!
//! `PUT /latest/api/token` (TTL header) for a session token, then, with the token,
//! `GET /latest/meta-data/iam/security-credentials/` for the role name and
//! `GET …/<role>` for the credentials. Settings as the SDKs read them:
//! `AWS_EC2_METADATA_DISABLED=true` turns it off; the endpoint is
//! `AWS_EC2_METADATA_SERVICE_ENDPOINT`, else the profile's `ec2_metadata_service_endpoint`,
//! else the address for `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE` / `ec2_metadata_service_endpoint_mode`
//! (`IPv4`: `http://169.254.169.254`, `IPv6`: `http://[fd00:ec2::254]`).
//!
//! Each step gets one attempt with a one-second timeout, so that a laptop off EC2, where this is
//! the last link of the default chain, waits at most a second before hearing "no credentials".
//!
//! IMDSv1 fallback, as the AWS SDK for .NET (`EC2InstanceMetadata.FetchApiToken`) and botocore
//! (`IMDSFetcher._fetch_metadata_token`) do it: a token PUT answered 403, 404 or 405 means "this
//! service does not do IMDSv2 tokens" (a v1-only stand-in, a proxy that refuses PUT), and the
//! two GETs are sent again without a token. 400 is an error in both. Both SDKs also fall back
//! after a timeout or an exhausted retry of other statuses; AwsLogin does not (a timeout stays the
//! quick "no instance metadata" a laptop needs, and a 5xx is reported), so only those three
//! statuses fall back. `AWS_EC2_METADATA_V1_DISABLED` / the profile's `ec2_metadata_v1_disabled`
//! (`true`, any case; the variable wins over the profile, as in botocore's config chain) forbid
//! the fallback: the call fails naming the setting. smithy-rs aws-config has no v1 fallback.

use crate::config::Profile;
use crate::credentials::{Credentials, ProvideCredentials, ProvideFuture, ProviderContext};
use crate::error::codes;
use crate::error::{Error, Result};
use crate::http::{self, HttpRequest, HttpResponse};
use crate::interact::Interaction;
use crate::os::Env;
use std::time::Duration;

const STEP_TIMEOUT: Duration = Duration::from_secs(1);
const TOKEN_TTL_SECONDS: &str = "21600";
const CREDENTIALS_PATH: &str = "/latest/meta-data/iam/security-credentials/";

/// Where and whether to ask.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImdsSettings {
    pub disabled: bool,
    pub endpoint: String,
    /// Where the endpoint came from, for -Verbose.
    pub source: String,
    /// The setting that forbids IMDSv1 (`AWS_EC2_METADATA_V1_DISABLED` or the profile's
    /// `ec2_metadata_v1_disabled`), when one does.
    pub v1_disabled_by: Option<String>,
}

fn value(env: &dyn Env, var: &str, profile: Option<&Profile>, key: &str) -> Option<(String, String)> {
    if let Some(v) = env.var(var).map(|v| v.trim().to_string()).filter(|v| !v.is_empty()) {
        return Some((v, var.to_string()));
    }
    let p = profile?;
    let v = p.get(key).map(str::trim).filter(|v| !v.is_empty())?;
    Some((v.to_string(), format!("{key} in profile '{}'", p.name())))
}

/// Reads the IMDS settings from the environment and the profile in use (if any).
pub fn settings(env: &dyn Env, profile: Option<&Profile>) -> Result<ImdsSettings> {
    let disabled = env.var("AWS_EC2_METADATA_DISABLED").is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
    let v1_disabled_by = value(env, "AWS_EC2_METADATA_V1_DISABLED", profile, "ec2_metadata_v1_disabled")
        .filter(|(v, _)| v.eq_ignore_ascii_case("true"))
        .map(|(_, source)| source);
    if let Some((url, source)) =
        value(env, "AWS_EC2_METADATA_SERVICE_ENDPOINT", profile, "ec2_metadata_service_endpoint")
    {
        let url = crate::http::endpoint::validate_endpoint_url(&url, &source)?;
        return Ok(ImdsSettings { disabled, endpoint: url, source, v1_disabled_by });
    }
    let (endpoint, source) =
        match value(env, "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", profile, "ec2_metadata_service_endpoint_mode") {
            None => ("http://169.254.169.254".to_string(), "the IPv4 default".to_string()),
            Some((mode, source)) if mode.eq_ignore_ascii_case("ipv4") => ("http://169.254.169.254".to_string(), source),
            Some((mode, source)) if mode.eq_ignore_ascii_case("ipv6") => ("http://[fd00:ec2::254]".to_string(), source),
            Some((mode, source)) => {
                return Err(Error::of(
                    codes::INVALID_IMDS_ENDPOINT_MODE,
                    format!(
                        "The instance metadata endpoint mode '{}' from {source} is not IPv4 or IPv6.",
                        mode.escape_debug()
                    ),
                ))
            }
        };
    Ok(ImdsSettings { disabled, endpoint, source, v1_disabled_by })
}

/// What a token PUT's answer means.
#[derive(Debug, PartialEq, Eq)]
pub enum TokenAnswer {
    /// IMDSv2: send this token with every GET.
    Token(String),
    /// IMDSv1: send the GETs without a token.
    V1,
}

/// The SDKs' decision on the token PUT's status (see the module comment): 200 is a token;
/// 403, 404 and 405 fall back to IMDSv1 unless a setting forbids it; anything else is an error.
pub fn token_answer(s: &ImdsSettings, endpoint: &str, status: u16, body: &str) -> Result<TokenAnswer> {
    match status {
        200 => Ok(TokenAnswer::Token(body.trim().to_string())),
        403..=405 => match &s.v1_disabled_by {
            Some(by) => Err(Error::of(
                codes::IMDS_V1_DISABLED,
                format!("The instance metadata service at {endpoint} answered the IMDSv2 session token request with HTTP {status}, and IMDSv1 (no token) is turned off by {by}. Turn on IMDSv2 for the instance (or the proxy in front of it), or set {} to false to allow IMDSv1.", v1_setting_name(by)),
            )),
            None => Ok(TokenAnswer::V1),
        },
        400 => Err(unavailable(endpoint, "the session token request was refused as malformed (HTTP 400)".into())),
        _ => Err(unavailable(endpoint, format!("the session token request answered HTTP {status}"))),
    }
}

/// The variable or key alone, for "set X to false".
fn v1_setting_name(by: &str) -> &str {
    by.split_whitespace().next().unwrap_or(by)
}

fn unavailable(endpoint: &str, why: String) -> Error {
    Error::of(codes::IMDS_UNAVAILABLE,
        format!("No credentials from EC2 instance metadata at {endpoint}: {why}. Off EC2, set AWS_EC2_METADATA_DISABLED=true to skip it."),
    )
}

async fn step(ui: &Interaction, endpoint: &str, req: HttpRequest) -> Result<HttpResponse> {
    let what = format!("{} {}", req.method, req.url);
    match ui.cancel.run(async { Ok(tokio::time::timeout(STEP_TIMEOUT, http::client::send(&req)).await) }).await? {
        Err(_) => Err(unavailable(endpoint, format!("{what} did not answer within {} s", STEP_TIMEOUT.as_secs()))),
        Ok(Err(e)) => Err(unavailable(endpoint, e.message)),
        Ok(Ok(r)) => Ok(r),
    }
}

/// Instance metadata as a source (settings from the environment and the profile in use),
/// remembered in the process until 15 minutes before expiry.
pub struct ImdsProvider;

impl ProvideCredentials for ImdsProvider {
    fn provide<'a>(&'a self, ctx: &'a ProviderContext<'a>) -> ProvideFuture<'a> {
        Box::pin(async move {
            let s = settings(ctx.os.env.as_ref(), ctx.profiles.profile(ctx.profile_name))?;
            let key = format!("imds\n{}\n{}\n{:?}", s.disabled, s.endpoint, s.v1_disabled_by);
            crate::credentials::memo::memoized(key, ctx.os.clock.now(), || credentials(&s, ctx.ui)).await
        })
    }
    fn describe(&self) -> String {
        "EC2 instance metadata (the instance profile)".to_string()
    }
}

/// The instance profile's credentials.
pub async fn credentials(s: &ImdsSettings, ui: &Interaction) -> Result<Credentials> {
    if s.disabled {
        return Err(Error::of(
            codes::IMDS_DISABLED,
            "EC2 instance metadata is turned off (AWS_EC2_METADATA_DISABLED=true), so it cannot supply credentials.",
        ));
    }
    let ep = s.endpoint.trim_end_matches('/');
    ui.verbose(format!("Asking EC2 instance metadata at {ep} (from {}).", s.source));
    let token = step(
        ui,
        ep,
        HttpRequest {
            method: "PUT".into(),
            url: format!("{ep}/latest/api/token"),
            headers: vec![("x-aws-ec2-metadata-token-ttl-seconds".into(), TOKEN_TTL_SECONDS.into())],
            body: Vec::new(),
        },
    )
    .await?;
    let answer = token_answer(s, ep, token.status, &token.text())?;
    let headers = match &answer {
        TokenAnswer::Token(t) => vec![("x-aws-ec2-metadata-token".to_string(), t.clone())],
        TokenAnswer::V1 => {
            ui.verbose(format!(
                "The IMDSv2 session token request answered HTTP {}: using IMDSv1 (no token), as the AWS SDKs do. Set AWS_EC2_METADATA_V1_DISABLED=true to forbid it.",
                token.status
            ));
            Vec::new()
        }
    };
    let get = |path: String| HttpRequest {
        method: "GET".into(),
        url: format!("{ep}{path}"),
        headers: headers.clone(),
        body: Vec::new(),
    };
    let list = step(ui, ep, get(CREDENTIALS_PATH.to_string())).await?;
    if list.status == 401 && answer == TokenAnswer::V1 {
        return Err(unavailable(ep, "the IMDSv1 role listing answered HTTP 401 (the service requires an IMDSv2 token, yet refused to issue one)".into()));
    }
    if list.status == 404 {
        return Err(Error::of(
            codes::IMDS_NO_ROLE,
            format!("The EC2 instance at {ep} has no IAM role (instance profile) attached."),
        ));
    }
    if list.status != 200 {
        return Err(unavailable(ep, format!("the role listing answered HTTP {}", list.status)));
    }
    let text = list.text();
    let role = text.lines().next().unwrap_or_default().trim().to_string();
    if role.is_empty() || role.contains('/') {
        return Err(unavailable(ep, "the role listing is empty or malformed".into()));
    }
    let r = step(ui, ep, get(format!("{CREDENTIALS_PATH}{role}"))).await?;
    if r.status != 200 {
        return Err(unavailable(ep, format!("the credentials of role {role} answered HTTP {}", r.status)));
    }
    let creds =
        parse(&r.body).ok_or_else(|| unavailable(ep, format!("the credentials of role {role} are malformed")))?;
    ui.verbose(format!(
        "Instance profile credentials of role {role}, valid until {}.",
        creds.expiration.map(crate::util::time::format_rfc3339).unwrap_or_default()
    ));
    Ok(creds)
}

fn parse(body: &[u8]) -> Option<Credentials> {
    let v: serde_json::Value = serde_json::from_slice(body).ok()?;
    if v.get("Code").and_then(|c| c.as_str()) != Some("Success") {
        return None;
    }
    let s = |k: &str| v.get(k).and_then(|x| x.as_str()).filter(|x| !x.is_empty()).map(str::to_string);
    Some(Credentials {
        access_key_id: s("AccessKeyId")?,
        secret_access_key: s("SecretAccessKey")?,
        session_token: Some(s("Token")?),
        expiration: Some(crate::util::time::parse_rfc3339(&s("Expiration")?)?),
        account_id: s("AccountId"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::os::MapEnv;

    #[test]
    fn settings_follow_the_sdk_variables() {
        let s = settings(&MapEnv::default(), None).unwrap();
        assert_eq!((s.disabled, s.endpoint.as_str()), (false, "http://169.254.169.254"));
        let env = MapEnv::from_pairs([
            ("AWS_EC2_METADATA_DISABLED", "TRUE"),
            ("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv6"),
        ]);
        let s = settings(&env, None).unwrap();
        assert_eq!((s.disabled, s.endpoint.as_str()), (true, "http://[fd00:ec2::254]"));
        let env = MapEnv::from_pairs([("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:9/")]);
        assert_eq!(settings(&env, None).unwrap().endpoint, "http://127.0.0.1:9");
        let set =
            crate::config::ProfileSet::parse(Some("[default]\nec2_metadata_service_endpoint_mode = ipv5\n"), None)
                .unwrap();
        assert_eq!(settings(&MapEnv::default(), set.profile("default")).unwrap_err().code, "InvalidImdsEndpointMode");
        let set = crate::config::ProfileSet::parse(
            Some("[default]\nec2_metadata_service_endpoint = http://127.0.0.1:7\n"),
            None,
        )
        .unwrap();
        let s = settings(&MapEnv::default(), set.profile("default")).unwrap();
        assert_eq!(
            (s.endpoint.as_str(), s.source.as_str()),
            ("http://127.0.0.1:7", "ec2_metadata_service_endpoint in profile 'default'")
        );
    }

    #[test]
    fn token_statuses_fall_back_to_imdsv1_as_the_sdks_do_unless_forbidden() {
        let allowed = settings(&MapEnv::default(), None).unwrap();
        let by_env = settings(&MapEnv::from_pairs([("AWS_EC2_METADATA_V1_DISABLED", "True")]), None).unwrap();
        let set = crate::config::ProfileSet::parse(
            Some("[default]\nec2_metadata_v1_disabled = true\n[profile off]\nec2_metadata_v1_disabled = false\n"),
            None,
        )
        .unwrap();
        let by_profile = settings(&MapEnv::default(), set.profile("default")).unwrap();
        assert_eq!(by_env.v1_disabled_by.as_deref(), Some("AWS_EC2_METADATA_V1_DISABLED"));
        assert_eq!(by_profile.v1_disabled_by.as_deref(), Some("ec2_metadata_v1_disabled in profile 'default'"));
        // The variable wins over the profile, either way; "false" or anything not "true" allows v1.
        let env_false = MapEnv::from_pairs([("AWS_EC2_METADATA_V1_DISABLED", "false")]);
        assert_eq!(settings(&env_false, set.profile("default")).unwrap().v1_disabled_by, None);
        let env_true = MapEnv::from_pairs([("AWS_EC2_METADATA_V1_DISABLED", "true")]);
        assert!(settings(&env_true, set.profile("off")).unwrap().v1_disabled_by.is_some());
        assert_eq!(settings(&MapEnv::default(), set.profile("off")).unwrap().v1_disabled_by, None);

        let ep = "http://127.0.0.1:9";
        for s in [&allowed, &by_env, &by_profile] {
            assert_eq!(token_answer(s, ep, 200, " tok \n").unwrap(), TokenAnswer::Token("tok".into()));
            for status in [400, 401, 408, 429, 500, 503] {
                let e = token_answer(s, ep, status, "").unwrap_err();
                assert_eq!(e.code, "ImdsUnavailable", "HTTP {status}");
                assert!(e.message.contains(&format!("HTTP {status}")), "{}", e.message);
            }
        }
        for status in [403, 404, 405] {
            assert_eq!(token_answer(&allowed, ep, status, "").unwrap(), TokenAnswer::V1, "HTTP {status}");
            let e = token_answer(&by_env, ep, status, "").unwrap_err();
            assert_eq!((e.code.as_str(), e.kind), ("ImdsV1Disabled", crate::ErrorKind::InvalidInput));
            assert!(
                e.message.contains("AWS_EC2_METADATA_V1_DISABLED") && e.message.contains(&format!("HTTP {status}"))
            );
            let e = token_answer(&by_profile, ep, status, "").unwrap_err();
            assert_eq!(e.code, "ImdsV1Disabled");
            assert!(e.message.contains("ec2_metadata_v1_disabled in profile 'default'"), "{}", e.message);
            assert!(e.message.contains("set ec2_metadata_v1_disabled to false"), "{}", e.message);
        }
    }

    #[test]
    fn credentials_document() {
        let ok = br#"{"Code":"Success","Type":"AWS-HMAC","AccessKeyId":"ASIA","SecretAccessKey":"S","Token":"T","Expiration":"2026-01-01T00:00:00Z"}"#;
        assert_eq!(parse(ok).unwrap().session_token.as_deref(), Some("T"));
        assert!(parse(br#"{"Code":"Failure"}"#).is_none());
    }

    #[test]
    fn disabled_never_connects() {
        let s = ImdsSettings {
            disabled: true,
            endpoint: "http://169.254.169.254".into(),
            source: "test".into(),
            v1_disabled_by: None,
        };
        let e = crate::runtime::block_on(credentials(&s, &Interaction::collecting())).unwrap_err();
        assert_eq!(e.code, "ImdsDisabled");
    }
}
