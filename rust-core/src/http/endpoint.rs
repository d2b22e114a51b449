//! Which URL each service is called at.
//!
//! Order (botocore's `ConfiguredEndpointProvider`, the SDK reference guide): an endpoint given
//! on the command line; then, unless `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` or the profile's
//! `ignore_configured_endpoint_urls` is true, `AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`,
//! the profile's `services` section, the profile's `endpoint_url`; then the service's regional
//! default.

use crate::error::codes;
use crate::error::{Error, Result};
use crate::os::Env;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    Sts,
    Signin,
    /// The console federation endpoint (`/federation`) of the sign-in service. It shares
    /// `AWS_ENDPOINT_URL_SIGNIN` and the `signin` services key with [`Service::Signin`] (one
    /// service to AWS), but its default host is the partition's global one, not the regional.
    SigninFederation,
    /// The IAM Identity Center portal (`portal.sso`).
    Sso,
    SsoOidc,
}

impl Service {
    pub const ALL: [Service; 5] =
        [Service::Sts, Service::Signin, Service::SigninFederation, Service::Sso, Service::SsoOidc];

    /// The suffix of `AWS_ENDPOINT_URL_<SERVICE>` (serviceId upper-cased, spaces to underscores).
    pub fn env_suffix(self) -> &'static str {
        match self {
            Service::Sts => "STS",
            Service::Signin | Service::SigninFederation => "SIGNIN",
            Service::Sso => "SSO",
            Service::SsoOidc => "SSO_OIDC",
        }
    }
    /// The key in a `[services NAME]` section (underscore form; the hyphen form is read too).
    pub fn config_key(self) -> &'static str {
        match self {
            Service::Sts => "sts",
            Service::Signin | Service::SigninFederation => "signin",
            Service::Sso => "sso",
            Service::SsoOidc => "sso_oidc",
        }
    }
    fn default_url(self, region: &str) -> String {
        let partition = crate::regions::partition_of(region);
        let (china, gov) = (partition == Some("aws-cn"), partition == Some("aws-us-gov"));
        let suffix = if china { "amazonaws.com.cn" } else { "amazonaws.com" };
        match self {
            // aws-global is the SDKs' name for the legacy global endpoint.
            Service::Sts if region == "aws-global" => "https://sts.amazonaws.com".to_string(),
            Service::Sts => format!("https://sts.{region}.{suffix}"),
            Service::Sso => format!("https://portal.sso.{region}.{suffix}"),
            Service::SsoOidc => format!("https://oidc.{region}.{suffix}"),
            Service::SigninFederation => {
                if china {
                    "https://signin.amazonaws.cn".to_string()
                } else if gov {
                    "https://signin.amazonaws-us-gov.com".to_string()
                } else {
                    "https://signin.aws.amazon.com".to_string()
                }
            }
            Service::Signin => {
                if china {
                    format!("https://{region}.signin.amazonaws.cn")
                } else if gov {
                    format!("https://{region}.signin.amazonaws-us-gov.com")
                } else {
                    format!("https://{region}.signin.aws.amazon.com")
                }
            }
        }
    }
}

/// What the profile says about endpoints, extracted by the caller from the config files.
#[derive(Debug, Clone, Default)]
pub struct ConfiguredEndpoints {
    /// The profile's `endpoint_url`.
    pub profile_endpoint_url: Option<String>,
    /// `endpoint_url` under each service's key in the profile's `services` section. Kept per
    /// service because one resolution serves several: a `login_session` or SSO profile calls
    /// sign-in, the portal or SSO OIDC on the way to STS.
    pub service_endpoint_urls: Vec<(Service, String)>,
    /// The profile's `ignore_configured_endpoint_urls`.
    pub ignore_configured: bool,
    /// The profile's name, for messages.
    pub profile_name: Option<String>,
}

impl ConfiguredEndpoints {
    /// The `services` section's endpoint for `service`, if any.
    pub fn service_endpoint_url(&self, service: Service) -> Option<&str> {
        self.service_endpoint_urls.iter().find(|(s, _)| *s == service).map(|(_, u)| u.as_str())
    }

    /// The endpoint settings of profile `profile_name` for `service`: its `endpoint_url`, the
    /// service's `endpoint_url` in the profile's `services` section (the key in underscore or
    /// hyphen form), and `ignore_configured_endpoint_urls`. A missing profile has none.
    pub fn for_profile(profiles: &crate::config::ProfileSet, profile_name: &str) -> ConfiguredEndpoints {
        let Some(p) = profiles.profile(profile_name) else {
            return ConfiguredEndpoints { profile_name: Some(profile_name.to_string()), ..Default::default() };
        };
        let section = p.get("services").and_then(|svc| profiles.services(svc.trim()));
        let service_endpoint_urls = match section {
            None => Vec::new(),
            Some(s) => Service::ALL
                .iter()
                .filter_map(|&service| {
                    let key = service.config_key();
                    let url = s
                        .sub_property(key, "endpoint_url")
                        .or_else(|| s.sub_property(&key.replace('_', "-"), "endpoint_url"))?;
                    Some((service, url.to_string()))
                })
                .collect(),
        };
        ConfiguredEndpoints {
            profile_endpoint_url: p.get("endpoint_url").map(str::to_string),
            service_endpoint_urls,
            ignore_configured: p
                .get("ignore_configured_endpoint_urls")
                .is_some_and(|v| v.trim().eq_ignore_ascii_case("true")),
            profile_name: Some(profile_name.to_string()),
        }
    }
}

/// A resolved endpoint: a base URL without a trailing slash, and where it came from (for -Verbose).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub url: String,
    pub source: String,
}

/// Checks an endpoint URL: http or https, with a host, no query or fragment. Returns it without
/// a trailing slash.
pub fn validate_endpoint_url(url: &str, source: &str) -> Result<String> {
    let bad = |why: &str| {
        Error::of(
            codes::INVALID_ENDPOINT,
            format!("The endpoint '{}' from {source} is not usable: {why}. Give a URL such as https://sts.us-east-1.amazonaws.com or http://127.0.0.1:8080.", url.escape_debug()),
        )
    };
    let parsed = reqwest::Url::parse(url.trim()).map_err(|e| bad(&e.to_string()))?;
    if parsed.scheme() != "https" && parsed.scheme() != "http" {
        return Err(bad("the scheme must be http or https"));
    }
    if parsed.host_str().map_or(true, |h| h.is_empty()) {
        return Err(bad("it has no host"));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(bad("it must not have a query or fragment"));
    }
    Ok(parsed.as_str().trim_end_matches('/').to_string())
}

fn truthy(v: Option<String>) -> bool {
    v.is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
}

/// Resolves the endpoint of `service` for `region` (already validated).
pub fn resolve_endpoint(
    service: Service,
    explicit: Option<&str>,
    env: &dyn Env,
    configured: &ConfiguredEndpoints,
    region: &str,
) -> Result<Endpoint> {
    if let Some(url) = explicit.filter(|u| !u.trim().is_empty()) {
        let source = "-EndpointUrl".to_string();
        return Ok(Endpoint { url: validate_endpoint_url(url, &source)?, source });
    }
    let ignore = truthy(env.var("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")) || configured.ignore_configured;
    if !ignore {
        let per_service = format!("AWS_ENDPOINT_URL_{}", service.env_suffix());
        let profile = configured.profile_name.as_deref().unwrap_or("default");
        let candidates = [
            (env.var(&per_service), per_service.clone()),
            (env.var("AWS_ENDPOINT_URL"), "AWS_ENDPOINT_URL".to_string()),
            (
                configured.service_endpoint_url(service).map(str::to_string),
                format!("the services section of profile '{profile}'"),
            ),
            (configured.profile_endpoint_url.clone(), format!("endpoint_url in profile '{profile}'")),
        ];
        for (value, source) in candidates {
            if let Some(url) = value.filter(|u| !u.trim().is_empty()) {
                return Ok(Endpoint { url: validate_endpoint_url(&url, &source)?, source });
            }
        }
    }
    Ok(Endpoint { url: service.default_url(region), source: format!("the default for region {region}") })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::os::MapEnv;

    #[test]
    fn services_section_is_per_service() {
        // One resolution serves several services (a login_session profile calls sign-in, then
        // STS): each must get its own entry of the services section.
        let config = "[profile p]\nservices = local\nendpoint_url = http://127.0.0.1:9\n[services local]\nsts =\n  endpoint_url = http://127.0.0.1:1\nsso-oidc =\n  endpoint_url = http://127.0.0.1:3\n";
        let set = crate::config::ProfileSet::parse(Some(config), None).unwrap();
        let cfg = ConfiguredEndpoints::for_profile(&set, "p");
        let env = MapEnv::default();
        assert_eq!(resolve_endpoint(Service::Sts, None, &env, &cfg, "us-east-1").unwrap().url, "http://127.0.0.1:1");
        assert_eq!(
            resolve_endpoint(Service::SsoOidc, None, &env, &cfg, "us-east-1").unwrap().url,
            "http://127.0.0.1:3"
        );
        let signin = resolve_endpoint(Service::Signin, None, &env, &cfg, "us-east-1").unwrap();
        assert_eq!(
            (signin.url.as_str(), signin.source.as_str()),
            ("http://127.0.0.1:9", "endpoint_url in profile 'p'")
        );
        assert!(ConfiguredEndpoints::for_profile(&set, "missing").service_endpoint_urls.is_empty());
    }

    #[test]
    fn precedence() {
        let env = MapEnv::from_pairs([
            ("AWS_ENDPOINT_URL", "http://127.0.0.1:1/"),
            ("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:2"),
        ]);
        let cfg = ConfiguredEndpoints { profile_endpoint_url: Some("http://127.0.0.1:4".into()), ..Default::default() };
        assert_eq!(cfg.service_endpoint_url(Service::Sts), None);
        let e = resolve_endpoint(Service::Sts, None, &env, &cfg, "us-east-1").unwrap();
        assert_eq!(e.url, "http://127.0.0.1:2");
        assert_eq!(e.source, "AWS_ENDPOINT_URL_STS");
        let e = resolve_endpoint(Service::SsoOidc, None, &env, &cfg, "us-east-1").unwrap();
        assert_eq!(e.url, "http://127.0.0.1:1");
        let e = resolve_endpoint(Service::Sts, Some("https://x.example"), &env, &cfg, "us-east-1").unwrap();
        assert_eq!((e.url.as_str(), e.source.as_str()), ("https://x.example", "-EndpointUrl"));
        let e = resolve_endpoint(Service::Sts, None, &MapEnv::default(), &cfg, "us-east-1").unwrap();
        assert_eq!(e.url, "http://127.0.0.1:4");
        let ignore = MapEnv::from_pairs([
            ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"),
            ("AWS_ENDPOINT_URL", "http://127.0.0.1:1"),
        ]);
        let e = resolve_endpoint(Service::Sts, None, &ignore, &cfg, "eu-west-1").unwrap();
        assert_eq!(e.url, "https://sts.eu-west-1.amazonaws.com");
        assert_eq!(
            resolve_endpoint(Service::Signin, None, &ignore, &cfg, "cn-north-1").unwrap().url,
            "https://cn-north-1.signin.amazonaws.cn"
        );
        assert_eq!(
            resolve_endpoint(Service::Sts, Some("ftp://x"), &ignore, &cfg, "us-east-1").unwrap_err().code,
            "InvalidEndpoint"
        );
    }
}
