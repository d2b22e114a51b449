//! Role chains: a profile with `role_arn` assumes its role with the credentials of its
//! `source_profile` (which may itself assume a role, to any depth) or of its
//! `credential_source` (`Environment`, `EcsContainer`, `Ec2InstanceMetadata`); a profile with
//! `web_identity_token_file` + `role_arn` exchanges a token for role credentials.
//!
//! Parse → resolve → provide, as smithy-rs `aws-config` does: [`profile_chain`] turns the files
//! into a [`ProfileChain`] (a base source and the roles to assume on top of it, in order) without
//! any I/O, and [`chain_source`] makes it one [`ProvideCredentials`]: the base source wrapped in
//! one [`AssumeRoleProvider`] per role. A role's credentials come from the AWS CLI's cache when
//! it holds a fresh entry, and only then is its source asked (so a cached role profile makes no
//! network call at all, as the CLI's deferred credentials do). The rules are botocore's (`AssumeRoleProvider`): the
//! selected profile's `role_arn` wins over its static keys; a *source* profile with static keys
//! is used as is (so a profile may name itself as `source_profile`); a profile visited twice is a
//! cycle, refused with the chain named; `source_profile` and `credential_source` together are
//! refused.
//!
//! Where the AWS SDK for .NET differs from botocore, .NET is followed (AWS Tools for PowerShell is
//! built on it): a generated session name is `aws-dotnet-sdk-session-<ticks>` (botocore:
//! `botocore-session-<seconds>`); the cache key leaves it out either way, so sessions are shared.

use crate::config::{Profile, ProfileSet};
use crate::credentials::repr::{base_provider, BaseProvider};
use crate::credentials::{Credentials, ProvideCredentials, ProvideFuture, ProviderContext};
use crate::error::codes;
use crate::error::{Error, Result};
use crate::http::endpoint::ConfiguredEndpoints;
use crate::http::{resolve_endpoint, Service};
use crate::sts::assume_role::{assume_role, AssumeRoleParams};
use crate::sts::web_identity::{WebIdentity, WebIdentityProvider};
use crate::util::time::format_rfc3339;
use std::time::SystemTime;

/// `credential_source` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NamedSource {
    Environment,
    EcsContainer,
    Ec2InstanceMetadata,
}

/// Where the first credentials of a chain come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BaseSource {
    /// A profile's own credentials (static keys, SSO, `login_session`, `credential_process`).
    Profile { profile: String, provider: BaseProvider },
    /// `web_identity_token_file` + `role_arn` (a profile) or `AWS_WEB_IDENTITY_TOKEN_FILE` + `AWS_ROLE_ARN`.
    WebIdentity { profile: Option<String>, identity: WebIdentity },
    /// `credential_source` of `profile`.
    Named { profile: String, source: NamedSource },
}

/// One `role_arn` to assume.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleLink {
    pub profile: String,
    pub params: AssumeRoleParams,
    /// False when the session name was generated (it is then left out of the cache key).
    pub session_name_configured: bool,
}

/// A resolved chain: the base source, then the roles to assume in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileChain {
    pub base: BaseSource,
    pub roles: Vec<RoleLink>,
}

fn get<'a>(p: &'a Profile, key: &str) -> Option<&'a str> {
    p.get(key).map(str::trim).filter(|v| !v.is_empty())
}

/// The session name the AWS SDK for .NET generates: `aws-dotnet-sdk-session-` + `DateTime.UtcNow.Ticks`.
pub fn generated_session_name(now: SystemTime) -> String {
    const UNIX_EPOCH_TICKS: i128 = 621_355_968_000_000_000;
    let nanos = now.duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos() as i128).unwrap_or(0);
    format!("aws-dotnet-sdk-session-{}", UNIX_EPOCH_TICKS + nanos / 100)
}

fn duration(name: &str, p: &Profile) -> Result<Option<u32>> {
    match get(p, "duration_seconds") {
        None => Ok(None),
        Some(v) => v.parse::<u32>().map(Some).map_err(|_| {
            Error::of(codes::INVALID_PROFILE,
                format!("Profile '{name}' has duration_seconds = {v}, which is not a whole number of seconds (900 to 43200)."),
            )
        }),
    }
}

fn session_name(p: &Profile, now: SystemTime) -> (String, bool) {
    match get(p, "role_session_name") {
        Some(s) => (s.to_string(), true),
        None => (generated_session_name(now), false),
    }
}

fn web_identity_of(name: &str, p: &Profile, now: SystemTime) -> Result<Option<WebIdentity>> {
    let Some(file) = get(p, "web_identity_token_file") else { return Ok(None) };
    let role_arn = get(p, "role_arn").ok_or_else(|| {
        Error::of(
            codes::INCOMPLETE_PROFILE,
            format!("Profile '{name}' has web_identity_token_file but no role_arn. Add the ARN of the role to assume."),
        )
    })?;
    Ok(Some(WebIdentity {
        role_arn: role_arn.to_string(),
        token_file: file.to_string(),
        role_session_name: session_name(p, now).0,
        duration_seconds: duration(name, p)?,
        origin: format!("profile '{name}'"),
    }))
}

/// The web identity of `AWS_WEB_IDENTITY_TOKEN_FILE` + `AWS_ROLE_ARN` (+ `AWS_ROLE_SESSION_NAME`).
pub fn web_identity_from_env(env: &dyn crate::os::Env, now: SystemTime) -> Option<WebIdentity> {
    let v = |n: &str| env.var(n).map(|x| x.trim().to_string()).filter(|x| !x.is_empty());
    Some(WebIdentity {
        token_file: v("AWS_WEB_IDENTITY_TOKEN_FILE")?,
        role_arn: v("AWS_ROLE_ARN")?,
        role_session_name: v("AWS_ROLE_SESSION_NAME").unwrap_or_else(|| generated_session_name(now)),
        duration_seconds: None,
        origin: "AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN".to_string(),
    })
}

fn has_static_keys(p: &Profile) -> bool {
    get(p, "aws_access_key_id").is_some() || get(p, "aws_secret_access_key").is_some()
}

/// Resolves the chain of profile `name` (which must exist).
pub fn profile_chain(name: &str, profiles: &ProfileSet, now: SystemTime) -> Result<ProfileChain> {
    let mut visited: Vec<String> = vec![name.to_string()];
    let mut roles = Vec::new();
    let mut current = name.to_string();
    loop {
        let p = profiles.profile(&current).ok_or_else(|| {
            Error::of(codes::SOURCE_PROFILE_NOT_FOUND,
                format!("The source_profile '{current}' named by profile '{}' does not exist. Check the name in the config file.", visited[visited.len().saturating_sub(2)]),
            )
        })?;
        let is_source = !roles.is_empty();
        // A source profile's static keys are its credentials even when it also has role_arn.
        if is_source && has_static_keys(p) {
            roles.reverse();
            let provider = base_provider_keys(&current, p)?;
            return Ok(ProfileChain { base: BaseSource::Profile { profile: current, provider }, roles });
        }
        let assumes = get(p, "role_arn").is_some() && get(p, "web_identity_token_file").is_none();
        if !assumes {
            let base = match web_identity_of(&current, p, now)? {
                Some(identity) => BaseSource::WebIdentity { profile: Some(current.clone()), identity },
                None => BaseSource::Profile { provider: base_provider(&current, p, profiles)?, profile: current },
            };
            roles.reverse();
            return Ok(ProfileChain { base, roles });
        }
        let (role_session_name, configured) = session_name(p, now);
        roles.push(RoleLink {
            profile: current.clone(),
            params: AssumeRoleParams {
                role_arn: get(p, "role_arn").unwrap_or_default().to_string(),
                role_session_name,
                external_id: get(p, "external_id").map(str::to_string),
                duration_seconds: duration(&current, p)?,
                serial_number: get(p, "mfa_serial").map(str::to_string),
                token_code: None,
            },
            session_name_configured: configured,
        });
        match (get(p, "source_profile"), get(p, "credential_source")) {
            (Some(_), Some(_)) => {
                return Err(Error::of(codes::INVALID_PROFILE,
                    format!("Profile '{current}' has both source_profile and credential_source; keep one of them."),
                ))
            }
            (None, None) => {
                return Err(Error::of(codes::INCOMPLETE_PROFILE,
                    format!("Profile '{current}' has role_arn but neither source_profile nor credential_source, so there are no credentials to assume the role with. Add one of them."),
                ))
            }
            (None, Some(cs)) => {
                let source = match cs {
                    "Environment" => NamedSource::Environment,
                    "EcsContainer" => NamedSource::EcsContainer,
                    "Ec2InstanceMetadata" => NamedSource::Ec2InstanceMetadata,
                    other => {
                        return Err(Error::of(codes::INVALID_PROFILE,
                            format!("Profile '{current}' has credential_source = {other}, which is not one of Environment, EcsContainer or Ec2InstanceMetadata."),
                        ))
                    }
                };
                roles.reverse();
                return Ok(ProfileChain { base: BaseSource::Named { profile: current, source }, roles });
            }
            (Some(src), None) => {
                if src == current && has_static_keys(p) {
                    // botocore: a profile may source its own static keys.
                    roles.reverse();
                    let provider = base_provider_keys(&current, p)?;
                    return Ok(ProfileChain { base: BaseSource::Profile { profile: current, provider }, roles });
                }
                if visited.iter().any(|v| v == src) {
                    visited.push(src.to_string());
                    return Err(Error::of(codes::PROFILE_CYCLE,
                        format!("The role chain of profile '{name}' loops: {}. Make one of these profiles hold credentials or use credential_source.", visited.join(" -> ")),
                    ));
                }
                visited.push(src.to_string());
                current = src.to_string();
            }
        }
    }
}

/// The static keys of a profile used as a source (or naming itself as its source).
fn base_provider_keys(name: &str, p: &Profile) -> Result<BaseProvider> {
    match (get(p, "aws_access_key_id"), get(p, "aws_secret_access_key")) {
        (Some(a), Some(s)) => Ok(BaseProvider::AccessKey {
            access_key_id: a.to_string(),
            secret_access_key: s.to_string(),
            session_token: get(p, "aws_session_token").map(str::to_string),
        }),
        _ => Err(Error::of(codes::INCOMPLETE_PROFILE,
            format!("Profile '{name}' is used as a source profile but has only half of aws_access_key_id / aws_secret_access_key. Add the missing key."),
        )),
    }
}

/// The credentials of `credential_source = Environment`, read when asked for.
pub struct EnvironmentCredentials {
    pub profile: String,
}

impl ProvideCredentials for EnvironmentCredentials {
    fn provide<'a>(&'a self, ctx: &'a ProviderContext<'a>) -> ProvideFuture<'a> {
        Box::pin(async move {
            let v = |n: &str| ctx.os.env.var(n).map(|x| x.trim().to_string()).filter(|x| !x.is_empty());
            match (v("AWS_ACCESS_KEY_ID"), v("AWS_SECRET_ACCESS_KEY")) {
                (Some(a), Some(s)) => Ok(Credentials {
                    access_key_id: a,
                    secret_access_key: s,
                    session_token: v("AWS_SESSION_TOKEN"),
                    expiration: None,
                    account_id: None,
                }),
                _ => Err(Error::of(codes::NO_CREDENTIALS,
                    format!("Profile '{}' takes its source credentials from the environment (credential_source = Environment), but AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not both set.", self.profile),
                )),
            }
        })
    }
    fn describe(&self) -> String {
        format!("the environment (credential_source = Environment of profile '{}')", self.profile)
    }
}

/// Container credentials required by `credential_source = EcsContainer`.
struct RequiredContainer {
    profile: String,
}

impl ProvideCredentials for RequiredContainer {
    fn provide<'a>(&'a self, ctx: &'a ProviderContext<'a>) -> ProvideFuture<'a> {
        Box::pin(async move {
            match crate::container::ContainerProvider::from_env(ctx.os)? {
                Some(p) => p.provide(ctx).await,
                None => Err(Error::of(codes::NO_CREDENTIALS,
                    format!("Profile '{}' takes its source credentials from the container (credential_source = EcsContainer), but neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor AWS_CONTAINER_CREDENTIALS_FULL_URI is set.", self.profile),
                )),
            }
        })
    }
    fn describe(&self) -> String {
        format!("container credentials (credential_source = EcsContainer of profile '{}')", self.profile)
    }
}

/// One `role_arn` assumed with the credentials of `inner` (the source profile's, or a named source).
pub struct AssumeRoleProvider {
    pub inner: Box<dyn ProvideCredentials>,
    /// What `inner` is, with the profile it belongs to, for messages ("static keys of profile 'src'").
    pub inner_desc: String,
    /// The profile whose context `inner` runs in (its endpoints, its name in messages).
    pub inner_profile: String,
    pub link: RoleLink,
}

impl ProvideCredentials for AssumeRoleProvider {
    fn provide<'a>(&'a self, ctx: &'a ProviderContext<'a>) -> ProvideFuture<'a> {
        Box::pin(async move {
            let link = &self.link;
            let endpoints = ConfiguredEndpoints::for_profile(ctx.profiles, &link.profile);
            let ep = resolve_endpoint(Service::Sts, None, ctx.os.env.as_ref(), &endpoints, ctx.region)?;
            let key = crate::sts::cli_cache::cache_key(&link.params, link.session_name_configured);
            let creds = crate::sts::cli_cache::cached_or_assume(ctx.os, ctx.ui, &key, || async {
                let inner_endpoints = ConfiguredEndpoints::for_profile(ctx.profiles, &self.inner_profile);
                let inner_ctx = ProviderContext {
                    os: ctx.os,
                    ui: ctx.ui,
                    env_map: ctx.env_map,
                    profile_name: &self.inner_profile,
                    profiles: ctx.profiles,
                    region: ctx.region,
                    endpoints: &inner_endpoints,
                };
                let source = self.inner.provide(&inner_ctx).await?;
                let source_desc = self.inner_desc.clone();
                ctx.ui.verbose(format!(
                    "Profile '{}' assumes role {} with {source_desc} (STS endpoint {} from {}).",
                    link.profile, link.params.role_arn, ep.url, ep.source
                ));
                let mut params = link.params.clone();
                if let Some(serial) = &params.serial_number {
                    let code = ctx
                        .ui
                        .ask_text_for("mfaCode", "MFA code", &format!("Enter MFA code for {serial}"), "-MfaCode")
                        .await?;
                    if !(code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit())) {
                        return Err(Error::of(
                            codes::INVALID_MFA_CODE,
                            format!("The MFA code for {serial} must be the 6 digits the device shows."),
                        ));
                    }
                    params.token_code = Some(code);
                }
                assume_role(&source, &source_desc, &params, ctx.region, &ep, ctx.ui, ctx.os.clock.as_ref()).await
            })
            .await?;
            ctx.ui.verbose(format!(
                "Role {} of profile '{}' supplied the credentials{}.",
                link.params.role_arn,
                link.profile,
                creds.expiration.map(|e| format!(" (valid until {})", format_rfc3339(e))).unwrap_or_default()
            ));
            Ok(creds)
        })
    }
    fn describe(&self) -> String {
        format!(
            "role {} (profile '{}') assumed with {}",
            self.link.params.role_arn,
            self.link.profile,
            self.inner.describe()
        )
    }
}

/// The one source object for profile `name`: its base source with its roles on top.
pub fn chain_source(name: &str, profiles: &ProfileSet, now: SystemTime) -> Result<Box<dyn ProvideCredentials>> {
    let chain = profile_chain(name, profiles, now)?;
    let (mut source, mut source_profile): (Box<dyn ProvideCredentials>, String) = match chain.base.clone() {
        BaseSource::Profile { profile, provider } => (super::source_for(&profile, provider), profile),
        BaseSource::WebIdentity { profile, identity } => {
            let p = profile.unwrap_or_else(|| name.to_string());
            (Box::new(WebIdentityProvider { identity }), p)
        }
        BaseSource::Named { profile, source } => {
            let s: Box<dyn ProvideCredentials> = match source {
                NamedSource::Environment => Box::new(EnvironmentCredentials { profile: profile.clone() }),
                NamedSource::EcsContainer => Box::new(RequiredContainer { profile: profile.clone() }),
                NamedSource::Ec2InstanceMetadata => Box::new(crate::imds::ImdsProvider),
            };
            (s, profile)
        }
    };
    let mut inner_desc = match &chain.base {
        BaseSource::Profile { profile, .. } => format!("{} of profile '{profile}'", source.describe()),
        _ => source.describe(),
    };
    for link in chain.roles {
        let profile = link.profile.clone();
        let role = AssumeRoleProvider { inner: source, inner_desc, inner_profile: source_profile, link };
        inner_desc = role.describe();
        source = Box::new(role);
        source_profile = profile;
    }
    Ok(source)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(config: &str, name: &str) -> Result<ProfileChain> {
        let set = ProfileSet::parse(Some(config), None).unwrap();
        profile_chain(name, &set, SystemTime::UNIX_EPOCH)
    }

    const KEYS: &str = "aws_access_key_id = AKID\naws_secret_access_key = S\n";

    #[test]
    fn static_then_roles_in_order() {
        let cfg = format!("[profile src]\n{KEYS}[profile a]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = src\nexternal_id = x\nduration_seconds = 1800\n[profile b]\nrole_arn = arn:aws:iam::1:role/B\nsource_profile = a\nrole_session_name = me\nmfa_serial = arn:aws:iam::1:mfa/u\n");
        let c = chain(&cfg, "b").unwrap();
        assert!(
            matches!(&c.base, BaseSource::Profile { profile, provider: BaseProvider::AccessKey { .. } } if profile == "src")
        );
        let arns: Vec<&str> = c.roles.iter().map(|r| r.params.role_arn.as_str()).collect();
        assert_eq!(arns, ["arn:aws:iam::1:role/A", "arn:aws:iam::1:role/B"]);
        assert_eq!(
            (c.roles[0].params.external_id.as_deref(), c.roles[0].params.duration_seconds),
            (Some("x"), Some(1800))
        );
        assert!(
            !c.roles[0].session_name_configured
                && c.roles[0].params.role_session_name.starts_with("aws-dotnet-sdk-session-")
        );
        assert_eq!((c.roles[1].params.role_session_name.as_str(), c.roles[1].session_name_configured), ("me", true));
        assert_eq!(c.roles[1].params.serial_number.as_deref(), Some("arn:aws:iam::1:mfa/u"));
    }

    #[test]
    fn any_base_source_and_credential_source() {
        let cfg = "[profile login]\nlogin_session = arn:aws:iam::1:user/u\n[profile r]\nrole_arn = arn:aws:iam::1:role/R\nsource_profile = login\n[profile env]\nrole_arn = arn:aws:iam::1:role/E\ncredential_source = Environment\n[profile imds]\nrole_arn = arn:aws:iam::1:role/I\ncredential_source = Ec2InstanceMetadata\n[profile bad]\nrole_arn = arn:aws:iam::1:role/X\ncredential_source = Laptop\n[profile web]\nrole_arn = arn:aws:iam::1:role/W\nweb_identity_token_file = /t\n";
        assert!(matches!(
            chain(cfg, "r").unwrap().base,
            BaseSource::Profile { provider: BaseProvider::LoginSession { .. }, .. }
        ));
        assert_eq!(
            chain(cfg, "env").unwrap().base,
            BaseSource::Named { profile: "env".into(), source: NamedSource::Environment }
        );
        assert!(matches!(
            chain(cfg, "imds").unwrap().base,
            BaseSource::Named { source: NamedSource::Ec2InstanceMetadata, .. }
        ));
        assert_eq!(chain(cfg, "bad").unwrap_err().code, "InvalidProfile");
        let w = chain(cfg, "web").unwrap();
        assert!(w.roles.is_empty());
        assert!(
            matches!(w.base, BaseSource::WebIdentity { identity: WebIdentity { ref role_arn, .. }, .. } if role_arn == "arn:aws:iam::1:role/W")
        );
    }

    #[test]
    fn cycles_are_named_and_self_source_uses_keys() {
        let cfg = "[profile a]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = b\n[profile b]\nrole_arn = arn:aws:iam::1:role/B\nsource_profile = c\n[profile c]\nrole_arn = arn:aws:iam::1:role/C\nsource_profile = a\n";
        let e = chain(cfg, "a").unwrap_err();
        assert_eq!(e.code, "ProfileCycle");
        assert!(e.message.contains("a -> b -> c -> a"), "{}", e.message);
        let cfg = format!("[profile s]\nrole_arn = arn:aws:iam::1:role/S\nsource_profile = s\n{KEYS}");
        let c = chain(&cfg, "s").unwrap();
        assert_eq!(c.roles.len(), 1);
        assert!(matches!(c.base, BaseSource::Profile { provider: BaseProvider::AccessKey { .. }, .. }));
        let cfg = "[profile s]\nrole_arn = arn:aws:iam::1:role/S\nsource_profile = s\n";
        assert_eq!(chain(cfg, "s").unwrap_err().code, "ProfileCycle");
        // A source profile with keys and a role_arn of its own is used for its keys.
        let cfg = format!("[profile top]\nrole_arn = arn:aws:iam::1:role/T\nsource_profile = mid\n[profile mid]\nrole_arn = arn:aws:iam::1:role/M\nsource_profile = nowhere\n{KEYS}");
        assert_eq!(chain(&cfg, "top").unwrap().roles.len(), 1);
    }

    #[test]
    fn incomplete_profiles_are_refused_clearly() {
        let cfg = "[profile a]\nrole_arn = arn:aws:iam::1:role/A\n[profile b]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = x\ncredential_source = Environment\n[profile c]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = missing\n[profile d]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = a\nduration_seconds = long\n";
        assert_eq!(chain(cfg, "a").unwrap_err().code, "IncompleteProfile");
        assert_eq!(chain(cfg, "b").unwrap_err().code, "InvalidProfile");
        let e = chain(cfg, "c").unwrap_err();
        assert!(
            e.code == "SourceProfileNotFound" && e.message.contains("'missing'") && e.message.contains("'c'"),
            "{}",
            e.message
        );
        assert_eq!(chain(cfg, "d").unwrap_err().code, "InvalidProfile");
    }

    #[test]
    fn dotnet_session_names() {
        // 2026-01-01T00:00:00Z is 639028224000000000 ticks.
        let t = crate::util::time::parse_rfc3339("2026-01-01T00:00:00Z").unwrap();
        assert_eq!(generated_session_name(t), "aws-dotnet-sdk-session-639028224000000000");
    }
}
