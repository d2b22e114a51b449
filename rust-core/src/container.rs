//! Container credentials (ECS tasks, EKS Pod Identity): an HTTP endpoint in the environment.
//!
//! `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` is a path on `http://169.254.170.2` (ECS) and wins
//! over `AWS_CONTAINER_CREDENTIALS_FULL_URI`. A full URI may use https to any host; over plain
//! http it must name a loopback address (`127.0.0.0/8`, `::1`, `localhost`) or the ECS and EKS
//! agents (`169.254.170.2`, `169.254.170.23`, `fd00:ec2::23`), as the SDKs require, so that a
//! variable cannot send the token to an arbitrary host in clear text. (The SDKs also accept a
//! host name that resolves to loopback; AwsLogin does not resolve names and refuses it.)
//! The `Authorization` header comes from `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` (re-read on
//! every call, EKS rotates it) or `AWS_CONTAINER_AUTHORIZATION_TOKEN`.

use crate::credentials::{Credentials, ProvideCredentials, ProvideFuture, ProviderContext};
use crate::error::codes;
use crate::error::{Error, Result};
use crate::http::{self, HttpRequest, RetryDecision};
use crate::interact::Interaction;
use crate::os::Os;
use std::net::IpAddr;

const ECS_HOST: &str = "http://169.254.170.2";

/// Where container credentials come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerSettings {
    pub url: String,
    /// The variable that gave the URL, for messages.
    pub source: &'static str,
}

fn var(os: &Os, name: &str) -> Option<String> {
    os.env.var(name).map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
}

fn allowed_http_host(url: &reqwest::Url) -> bool {
    let Some(host) = url.host_str() else { return false };
    match host.trim_start_matches('[').trim_end_matches(']').parse::<IpAddr>() {
        Ok(IpAddr::V4(ip)) => {
            ip.is_loopback() || ip.octets() == [169, 254, 170, 2] || ip.octets() == [169, 254, 170, 23]
        }
        Ok(IpAddr::V6(ip)) => ip.is_loopback() || ip.segments() == [0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x23],
        Err(_) => host.eq_ignore_ascii_case("localhost"),
    }
}

/// The container endpoint, when the environment configures one.
pub fn settings(os: &Os) -> Result<Option<ContainerSettings>> {
    if let Some(rel) = var(os, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") {
        let sep = if rel.starts_with('/') { "" } else { "/" };
        return Ok(Some(ContainerSettings {
            url: format!("{ECS_HOST}{sep}{rel}"),
            source: "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
        }));
    }
    let Some(full) = var(os, "AWS_CONTAINER_CREDENTIALS_FULL_URI") else { return Ok(None) };
    let bad = |why: &str| {
        Error::of(
            codes::INVALID_CONTAINER_CREDENTIALS_URI,
            format!("AWS_CONTAINER_CREDENTIALS_FULL_URI '{}' cannot be used: {why}.", full.escape_debug()),
        )
    };
    let url = reqwest::Url::parse(&full).map_err(|e| bad(&e.to_string()))?;
    match url.scheme() {
        "https" => {}
        "http" if allowed_http_host(&url) => {}
        "http" => {
            return Err(bad("over plain http it must name a loopback address or the ECS/EKS credential agent (169.254.170.2, 169.254.170.23, fd00:ec2::23); use https for any other host"))
        }
        _ => return Err(bad("the scheme must be http or https")),
    }
    Ok(Some(ContainerSettings { url: full, source: "AWS_CONTAINER_CREDENTIALS_FULL_URI" }))
}

/// The `Authorization` value, if configured.
fn authorization(os: &Os) -> Result<Option<String>> {
    let value = if let Some(file) = var(os, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE") {
        let bytes = os.fs.read(std::path::Path::new(&file)).map_err(|e| {
            Error::of(
                codes::CONTAINER_TOKEN_UNREADABLE,
                format!("Could not read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE {file}: {e}."),
            )
        })?;
        Some(String::from_utf8_lossy(&bytes).trim().to_string())
    } else {
        var(os, "AWS_CONTAINER_AUTHORIZATION_TOKEN")
    };
    if value.as_deref().is_some_and(|v| v.contains(['\r', '\n'])) {
        return Err(Error::of(
            codes::INVALID_CONTAINER_TOKEN,
            "The container authorization token contains a line break, which would split the HTTP header.",
        ));
    }
    Ok(value)
}

/// Container credentials as a source, remembered in the process until 15 minutes before expiry.
pub struct ContainerProvider {
    pub settings: ContainerSettings,
}

impl ContainerProvider {
    /// The provider, when the environment configures a container endpoint.
    pub fn from_env(os: &Os) -> Result<Option<ContainerProvider>> {
        Ok(settings(os)?.map(|settings| ContainerProvider { settings }))
    }
}

impl ProvideCredentials for ContainerProvider {
    fn provide<'a>(&'a self, ctx: &'a ProviderContext<'a>) -> ProvideFuture<'a> {
        let key = format!("container\n{}", self.settings.url);
        Box::pin(crate::credentials::memo::memoized(key, ctx.os.clock.now(), move || {
            credentials(&self.settings, ctx.os, ctx.ui)
        }))
    }
    fn describe(&self) -> String {
        format!("the container credentials endpoint (from {})", self.settings.source)
    }
}

pub async fn credentials(s: &ContainerSettings, os: &Os, ui: &Interaction) -> Result<Credentials> {
    let auth = authorization(os)?;
    ui.verbose(format!(
        "Container credentials from {} (from {}){}.",
        s.url,
        s.source,
        if auth.is_some() { ", with an authorization token" } else { "" }
    ));
    let make = || {
        Ok(HttpRequest {
            method: "GET".into(),
            url: s.url.clone(),
            headers: auth.iter().map(|a| ("authorization".to_string(), a.clone())).collect(),
            body: Vec::new(),
        })
    };
    let r = http::send_with_retry(ui, "Container credentials", make, |r| {
        if r.status >= 500 || r.status == 429 {
            RetryDecision::Retry
        } else {
            RetryDecision::Done
        }
    })
    .await?;
    if r.status != 200 {
        let denied = r.status == 401 || r.status == 403;
        let code = if denied { codes::CONTAINER_CREDENTIALS_DENIED } else { codes::CONTAINER_CREDENTIALS_FAILED };
        let hint = if denied { ": check AWS_CONTAINER_AUTHORIZATION_TOKEN(_FILE)" } else { "" };
        return Err(Error::of(
            code,
            format!("The container credentials endpoint {} answered HTTP {}{hint}.", s.url, r.status),
        )
        .with_status(r.status));
    }
    parse(&r.body).ok_or_else(|| {
        Error::of(
            codes::INVALID_CONTAINER_CREDENTIALS,
            format!("The container credentials endpoint {} answered without complete credentials.", s.url),
        )
    })
}

fn parse(body: &[u8]) -> Option<Credentials> {
    let v: serde_json::Value = serde_json::from_slice(body).ok()?;
    let s = |k: &str| v.get(k).and_then(|x| x.as_str()).filter(|x| !x.is_empty()).map(str::to_string);
    Some(Credentials {
        access_key_id: s("AccessKeyId")?,
        secret_access_key: s("SecretAccessKey")?,
        session_token: s("Token"),
        expiration: match s("Expiration") {
            Some(e) => Some(crate::util::time::parse_rfc3339(&e)?),
            None => None,
        },
        account_id: s("AccountId"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::os::{MapEnv, MapFs, SystemClock};
    use std::sync::Arc;

    fn os(pairs: &[(&str, &str)], files: &[(&str, &str)]) -> Os {
        let mut fs = MapFs::default();
        for (p, c) in files {
            fs.0.insert((*p).into(), c.as_bytes().to_vec());
        }
        Os { env: Arc::new(MapEnv::from_pairs(pairs.iter().copied())), fs: Arc::new(fs), clock: Arc::new(SystemClock) }
    }

    #[test]
    fn uri_rules() {
        assert_eq!(settings(&os(&[], &[])).unwrap(), None);
        let rel = os(
            &[
                ("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/x"),
                ("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:1/"),
            ],
            &[],
        );
        assert_eq!(settings(&rel).unwrap().unwrap().url, "http://169.254.170.2/v2/credentials/x");
        for ok in [
            "http://127.0.0.1:8080/creds",
            "http://127.9.9.9/",
            "http://localhost:1/",
            "http://[::1]:2/",
            "http://169.254.170.23/v1/credentials",
            "http://[fd00:ec2::23]/",
            "https://creds.example.com/x",
        ] {
            assert!(settings(&os(&[("AWS_CONTAINER_CREDENTIALS_FULL_URI", ok)], &[])).unwrap().is_some(), "{ok}");
        }
        for bad in [
            "http://10.0.0.1/creds",
            "http://evil.example.com/",
            "http://169.254.169.254/",
            "ftp://127.0.0.1/",
            "not a url",
        ] {
            let e = settings(&os(&[("AWS_CONTAINER_CREDENTIALS_FULL_URI", bad)], &[])).unwrap_err();
            assert_eq!(e.code, "InvalidContainerCredentialsUri", "{bad}");
        }
    }

    #[test]
    fn token_file_wins_and_is_checked() {
        let o = os(
            &[("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "/t"), ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "env")],
            &[("/t", "file-token\n")],
        );
        assert_eq!(authorization(&o).unwrap().as_deref(), Some("file-token"));
        assert_eq!(
            authorization(&os(&[("AWS_CONTAINER_AUTHORIZATION_TOKEN", "env")], &[])).unwrap().as_deref(),
            Some("env")
        );
        let o = os(&[("AWS_CONTAINER_AUTHORIZATION_TOKEN", "a\r\nX-Evil: 1")], &[]);
        assert_eq!(authorization(&o).unwrap_err().code, "InvalidContainerToken");
        assert_eq!(
            authorization(&os(&[("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "/missing")], &[])).unwrap_err().code,
            "ContainerTokenUnreadable"
        );
    }
}
