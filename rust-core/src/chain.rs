//! Resolves the credentials, region and endpoint settings of a call: the provider chain.
//!
//! It sits above every source: a profile's representation ([`crate::credentials::repr`]) becomes a
//! source object in [`source_for`] (the one place that knows every source), whose
//! [`ProvideCredentials::provide`] supplies the credentials.
//!
//! Order, as the AWS Tools for PowerShell search: `-AccessKey`/`-SecretKey` (or `-Credential`),
//! then `-ProfileName`; without either, `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`, then web
//! identity from `AWS_WEB_IDENTITY_TOKEN_FILE` + `AWS_ROLE_ARN` (where the AWS SDK for .NET puts
//! it), then the profile named by `AWS_PROFILE` or `default` (with the roles it assumes,
//! [`roles`]), and with no such profile the container credentials endpoint, then EC2 instance
//! metadata, as the SDKs end their chain. Region: `-Region`, `AWS_REGION`,
//! `AWS_DEFAULT_REGION`, the profile's `region`, else `us-east-1`.

pub mod roles;

use crate::config::{configured_region, LoadedProfiles, ProfileFiles};
use crate::container::ContainerProvider;
use crate::credentials::process::CredentialProcess;
use crate::credentials::repr::BaseProvider;
use crate::credentials::source::StaticCredentials;
use crate::credentials::{Credentials, ProvideCredentials, ProviderContext};
use crate::error::codes;
use crate::error::{Error, Result};
use crate::http::endpoint::ConfiguredEndpoints;
use crate::imds::ImdsProvider;
use crate::interact::Interaction;
use crate::ops::CommonRequest;
use crate::os::Os;
use crate::regions::validate_region;
use crate::sts::web_identity::WebIdentityProvider;

/// The default region when none is configured anywhere (the SDKs sign the global STS endpoint
/// as us-east-1).
pub const FALLBACK_REGION: &str = "us-east-1";

/// Everything a call needs besides its own parameters.
#[derive(Debug)]
pub struct Resolved {
    pub credentials: Credentials,
    /// Where the credentials came from, for -Verbose (no secret).
    pub credential_source: String,
    pub region: String,
    pub region_source: String,
    /// The profile in use, if any.
    pub profile_name: Option<String>,
    /// The profile's endpoint settings, for [`crate::http::resolve_endpoint`].
    pub endpoints: ConfiguredEndpoints,
}

/// Resolves credentials, region and endpoint settings for `req`.
pub async fn resolve(req: &CommonRequest, os: &Os, ui: &Interaction) -> Result<Resolved> {
    let explicit_profile = req.profile_name().map(str::to_string);
    let env_profile = os.env.var_nonempty("AWS_PROFILE");
    let profile_name =
        explicit_profile.clone().or_else(|| env_profile.clone()).unwrap_or_else(|| "default".to_string());
    let profile_was_named = explicit_profile.is_some() || env_profile.is_some();

    let files = ProfileFiles { config_path: None, credentials_path: req.profile_location().map(str::to_string) };
    let loaded: LoadedProfiles = crate::config::load(os, &files)?;
    let profile = loaded.profiles.profile(&profile_name);

    // Region first: providers such as login need it.
    let (region, region_source) = if let Some(r) = req.region() {
        (r.to_string(), "-Region".to_string())
    } else if let Some(c) = configured_region(os.env.as_ref(), &profile_name, profile) {
        (c.name, c.source)
    } else {
        (FALLBACK_REGION.to_string(), "the fallback (no region configured)".to_string())
    };
    validate_region(&region)?;
    ui.verbose(format!("Region {region} from {region_source}."));

    let endpoints = match profile {
        Some(_) => ConfiguredEndpoints::for_profile(&loaded.profiles, &profile_name),
        None => ConfiguredEndpoints::default(),
    };

    // 1. Keys given as parameters.
    if req.access_key().is_some() || req.secret_key().is_some() || req.session_token().is_some() {
        let (Some(akid), Some(secret)) = (req.access_key(), req.secret_key()) else {
            return Err(Error::of(
                codes::INCOMPLETE_CREDENTIALS,
                "Give both -AccessKey and -SecretKey (and -SessionToken for temporary credentials), or use -ProfileName.",
            ));
        };
        return Ok(Resolved {
            credentials: Credentials {
                access_key_id: akid.to_string(),
                secret_access_key: secret.to_string(),
                session_token: req.session_token().map(str::to_string),
                expiration: None,
                account_id: None,
            },
            credential_source: "the -AccessKey/-SecretKey parameters".to_string(),
            region,
            region_source,
            profile_name: None,
            endpoints,
        });
    }

    // 2. The environment, unless a profile was asked for by name.
    if explicit_profile.is_none() {
        let akid = os.env.var_nonempty("AWS_ACCESS_KEY_ID");
        let secret = os.env.var_nonempty("AWS_SECRET_ACCESS_KEY");
        match (akid, secret) {
            (Some(akid), Some(secret)) => {
                return Ok(Resolved {
                    credentials: Credentials {
                        access_key_id: akid,
                        secret_access_key: secret,
                        session_token: os.env.var_nonempty("AWS_SESSION_TOKEN"),
                        expiration: None,
                        account_id: None,
                    },
                    credential_source: "the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)".to_string(),
                    region,
                    region_source,
                    profile_name: None,
                    endpoints,
                })
            }
            (Some(_), None) | (None, Some(_)) => ui.warning(
                "Only one of AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY is set, so the environment's keys are ignored.",
            ),
            (None, None) => {}
        }
    }

    let ctx = ProviderContext {
        os,
        ui,
        env_map: req.env.as_ref(),
        profile_name: &profile_name,
        profiles: &loaded.profiles,
        region: &region,
        endpoints: &endpoints,
    };
    let now = os.clock.now();

    // 3. Web identity from the environment, unless a profile was asked for by name (the AWS SDK
    //    for .NET's order: after the environment's keys, before the profile).
    if explicit_profile.is_none() {
        if let Some(identity) = roles::web_identity_from_env(os.env.as_ref(), now) {
            let source = WebIdentityProvider { identity };
            return Ok(Resolved {
                credentials: source.provide(&ctx).await?,
                credential_source: source.describe(),
                region,
                region_source,
                profile_name: None,
                endpoints,
            });
        }
    }

    // 4. The profile, with any roles it assumes.
    if profile.is_some() {
        let origin = loaded.source_paths(&profile_name).join(" and ");
        let source = roles::chain_source(&profile_name, &loaded.profiles, now)?;
        let credentials = source.provide(&ctx).await?;
        return Ok(Resolved {
            credentials,
            credential_source: format!("{} of profile '{profile_name}' ({origin})", source.describe()),
            region,
            region_source,
            profile_name: Some(profile_name),
            endpoints,
        });
    }
    let where_ = describe_files(&loaded);
    if profile_was_named {
        let via = if explicit_profile.is_some() { "-ProfileName" } else { "AWS_PROFILE" };
        return Err(Error::of(codes::PROFILE_NOT_FOUND,
            format!("The profile '{profile_name}' (from {via}) was not found in {where_}. Check the name, or create it with Invoke-AWSLogin -ProfileName {profile_name}, Initialize-AWSSSOConfiguration, or 'aws configure --profile {profile_name}'."),
        ));
    }

    // 5. No profile at all: the container, then EC2 instance metadata, as the SDKs end their chain.
    let source: Box<dyn ProvideCredentials> = match ContainerProvider::from_env(os)? {
        Some(container) => Box::new(container),
        None => Box::new(ImdsProvider),
    };
    match source.provide(&ctx).await {
        Ok(credentials) => Ok(Resolved {
            credentials,
            credential_source: source.describe(),
            region,
            region_source,
            profile_name: None,
            endpoints,
        }),
        // Instance metadata that is off, absent or role-less means "nothing here": the usual
        // no-credentials error, saying what was tried.
        Err(e) if e.code == "ImdsDisabled" || e.code == "ImdsUnavailable" || e.code == "ImdsNoRole" => {
            ui.verbose(e.message.clone());
            let imds = match e.code.as_str() {
                "ImdsDisabled" => "EC2 instance metadata is turned off (AWS_EC2_METADATA_DISABLED)",
                "ImdsNoRole" => "the EC2 instance has no role",
                _ => "there is no EC2 instance metadata",
            };
            Err(Error::of(codes::NO_CREDENTIALS,
                format!("No credentials specified or obtained from persisted/shell defaults: no -AccessKey/-SecretKey or -ProfileName was given, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY are not set, there is no [default] profile in {where_}, no container credentials are configured and {imds}. Give one of these, or run Invoke-AWSLogin."),
            ))
        }
        Err(e) => Err(e),
    }
}

/// The source object for a profile's representation. Adding a source adds one arm here.
pub fn source_for(profile_name: &str, repr: BaseProvider) -> Box<dyn ProvideCredentials> {
    match repr {
        BaseProvider::AccessKey { access_key_id, secret_access_key, session_token } => {
            let described =
                if session_token.is_some() { "static keys with a session token" } else { "static keys" }.to_string();
            Box::new(StaticCredentials {
                credentials: Credentials {
                    access_key_id,
                    secret_access_key,
                    session_token,
                    expiration: None,
                    account_id: None,
                },
                described,
            })
        }
        BaseProvider::CredentialProcess { command } => {
            Box::new(CredentialProcess { profile: profile_name.to_string(), command })
        }
        BaseProvider::LoginSession { session } => Box::new(crate::login::provider::LoginSessionProvider { session }),
        BaseProvider::Sso(settings) => Box::new(crate::sso::provider::SsoProvider::new(settings)),
    }
}

fn describe_files(l: &LoadedProfiles) -> String {
    match (&l.config_path, &l.credentials_path) {
        (Some(c), Some(k)) => format!("{c} or {k}"),
        (Some(one), None) | (None, Some(one)) => one.clone(),
        (None, None) => "any config file (no home folder or AWS_CONFIG_FILE)".to_string(),
    }
}
