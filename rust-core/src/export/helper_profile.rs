//! Profiles for the `awslogin-credential-process` helper: writing one for the user, and the
//! guard against a helper that ends up calling itself.
//!
//! A helper profile is `credential_process = "<absolute helper path>" --profile <source>`, so that
//! any tool that knows `credential_process` (older SDKs and CLIs, Terraform) gets the source
//! profile's credentials from this module's providers. The path is quoted for `sh -c`, botocore's
//! `shlex` split and Windows' command line alike; it may not contain a double quote.

use crate::config::profile::is_identifier;
use crate::config::{set_properties, update_file, ProfileFiles, SectionRef};
use crate::error::{codes, Error, Result};
use crate::interact::Interaction;
use serde_json::{json, Value};

/// The environment variable through which nested helpers see which profiles are being resolved
/// above them (comma-separated), like the AWS CLI's `_AWS_CLI_PROFILE_CHAIN`.
pub const CHAIN_VARIABLE: &str = "AWSLOGIN_CREDENTIAL_PROCESS_CHAIN";
/// How many helpers may be nested (a profile's `credential_process` may legitimately be another
/// helper profile, a few levels deep).
pub const MAX_DEPTH: usize = 4;

/// The chain after entering `profile`, or why the helper must stop: `profile` already being
/// resolved above us (a cycle), or too deep a nesting.
pub fn enter_chain(inherited: Option<&str>, profile: &str) -> Result<String> {
    let seen: Vec<&str> = inherited.unwrap_or("").split(',').map(str::trim).filter(|s| !s.is_empty()).collect();
    if seen.contains(&profile) {
        let mut cycle = seen.clone();
        cycle.push(profile);
        return Err(Error::of(
            codes::CREDENTIAL_PROCESS_CYCLE,
            format!(
                "The credential_process helper calls itself in a loop: profile cycle {}. A profile must not get its credentials from a credential_process that resolves the same profile.",
                cycle.join(" -> ")
            ),
        ));
    }
    if seen.len() >= MAX_DEPTH {
        return Err(Error::of(
            codes::CREDENTIAL_PROCESS_TOO_DEEP,
            format!("Too many nested credential_process helpers ({MAX_DEPTH}): {} -> {profile}.", seen.join(" -> ")),
        ));
    }
    let mut chain = seen;
    chain.push(profile);
    Ok(chain.join(","))
}

/// The keys that make a profile get credentials some other way than `credential_process`.
const OTHER_SOURCES: &[&str] = &[
    "aws_access_key_id",
    "aws_secret_access_key",
    "aws_session_token",
    "role_arn",
    "web_identity_token_file",
    "credential_source",
    "sso_session",
    "sso_start_url",
    "sso_account_id",
    "sso_role_name",
    "login_session",
];

/// The `credential_process` value that runs `helper` for `profile`.
pub fn command_line(helper: &str, profile: &str) -> String {
    format!("\"{helper}\" --profile {profile}")
}

/// The `awslogin_write_process_profile` operation: writes (or updates) `[profile <target>]` with
/// the helper's `credential_process` for `profileName`, and the source's region when the target
/// has none. Request: `{"env", "profileName", "profileLocation", "targetProfile", "helperPath"}`.
pub async fn write_op(req: Value, ui: &Interaction) -> Result<Value> {
    let target = req.get("targetProfile").and_then(Value::as_str).unwrap_or("").trim().to_string();
    let helper = req.get("helperPath").and_then(Value::as_str).unwrap_or("").to_string();
    let common = crate::ops::CommonRequest::from_json(req)?;
    let source = common.profile_name().unwrap_or("").to_string();
    if source.is_empty() {
        return Err(Error::of(
            codes::PROFILE_NAME_REQUIRED,
            "Give -ProfileName: the profile whose credentials the helper profile should get.",
        ));
    }
    if !is_identifier(&target) {
        return Err(Error::of(
            codes::INVALID_PROFILE_NAME,
            format!("'{}' cannot be a profile name: use only A-Z a-z 0-9 - / . % @ _ : +.", target.escape_debug()),
        ));
    }
    if target == source {
        return Err(Error::of(
            codes::CREDENTIAL_PROCESS_CYCLE,
            format!("The helper profile cannot be '{source}' itself: its credential_process would call itself. Give another name to -WriteCredentialProcessProfile."),
        ));
    }
    let helper_path = std::path::Path::new(&helper);
    if !helper_path.is_absolute() || !helper_path.is_file() || helper.contains('"') {
        return Err(Error::of(
            codes::CREDENTIAL_PROCESS_HELPER_MISSING,
            format!("The credential_process helper {} is missing (or its path is not absolute or contains a double quote). Run ./build.ps1 Build, or reinstall the module.", helper.escape_debug()),
        ));
    }
    let os = common.os();
    let files = ProfileFiles { config_path: None, credentials_path: common.profile_location().map(str::to_string) };
    let loaded = crate::config::load(&os, &files)?;
    let Some(source_profile) = loaded.profiles.profile(&source) else {
        return Err(Error::of(
            codes::PROFILE_NOT_FOUND,
            format!("The profile '{source}' was not found. Create it first (Invoke-AWSLogin -ProfileName {source} or Initialize-AWSSSOConfiguration), then write the helper profile."),
        ));
    };
    if let Some(existing) = loaded.profiles.profile(&target) {
        let held: Vec<&str> = OTHER_SOURCES.iter().copied().filter(|k| existing.get(k).is_some()).collect();
        if !held.is_empty() {
            return Err(Error::of(
                codes::PROFILE_HAS_OTHER_CREDENTIALS,
                format!("The profile '{target}' already gets credentials another way ({}), which tools would use before credential_process. Choose another name, or remove those keys first.", held.join(", ")),
            ));
        }
    }
    let config_path = loaded.config_path.clone().ok_or_else(|| {
        Error::of(
            codes::NO_HOME_FOLDER,
            "There is no config file to write: set HOME (or USERPROFILE) or AWS_CONFIG_FILE.",
        )
    })?;
    let command = command_line(&helper, &source);
    let mut props: Vec<(&str, &str)> = vec![("credential_process", &command)];
    let region = source_profile.get("region").map(str::trim).filter(|r| !r.is_empty());
    let target_has_region = loaded.profiles.profile(&target).and_then(|p| p.get("region")).is_some();
    if let (Some(r), false) = (region, target_has_region) {
        props.push(("region", r));
    }
    update_file(std::path::Path::new(&config_path), |text| {
        set_properties(text, &SectionRef::Profile(&target), &props)
    })?;
    ui.verbose(format!(
        "Wrote profile '{target}' to {config_path}: credential_process runs the helper for profile '{source}'."
    ));
    Ok(
        json!({ "profileName": target, "sourceProfile": source, "credentialProcess": command, "configFile": config_path }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chain_refuses_cycles_and_depth() {
        assert_eq!(enter_chain(None, "dev").unwrap(), "dev");
        assert_eq!(enter_chain(Some("a,b"), "dev").unwrap(), "a,b,dev");
        let e = enter_chain(Some("dev-process,dev"), "dev").unwrap_err();
        assert_eq!(e.code, "CredentialProcessCycle");
        assert!(e.message.contains("dev-process -> dev -> dev"), "{}", e.message);
        assert_eq!(enter_chain(Some("a,b,c,d"), "e").unwrap_err().code, "CredentialProcessTooDeep");
    }

    #[test]
    fn command_line_quotes_the_path() {
        assert_eq!(command_line("/opt/x y/helper", "dev"), "\"/opt/x y/helper\" --profile dev");
    }
}
