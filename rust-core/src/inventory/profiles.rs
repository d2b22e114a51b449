//! The profile list, shaped like the AWS Tools' `Get-AWSCredential -ListProfileDetail`
//! (`ProfileName`, `StoreTypeName`, `ProfileLocation`), with what kind of credentials each uses.
//!
//! The AWS Tools read both shared files through the AWS SDK for .NET's `SharedCredentialsFile`
//! store, so every profile they list from them has `StoreTypeName` `SharedCredentialsFile` and
//! `ProfileLocation` = that store's file path, the credentials file, even for a profile that only
//! the config file defines. Both are kept for scripts that test them; `Files` says where each
//! profile is really written.

use crate::config::{LoadedProfiles, Profile};
use serde::Serialize;

/// The .NET SDK's store type name for the shared config and credentials files.
pub const STORE_TYPE_NAME: &str = "SharedCredentialsFile";

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct ProfileEntry {
    pub profile_name: String,
    pub store_type_name: &'static str,
    pub profile_location: Option<String>,
    /// The files that define the profile, config file first.
    pub files: Vec<String>,
    /// Which credential source the profile's keys select (no value of them).
    pub credential_type: &'static str,
    pub region: Option<String>,
    pub sso_session: Option<String>,
    pub login_session: Option<String>,
}

fn get<'a>(p: &'a Profile, key: &str) -> Option<&'a str> {
    p.get(key).map(str::trim).filter(|v| !v.is_empty())
}

/// The credential source a profile's keys name, in the order the AWS CLI tries them within a
/// profile. A label only: resolving still decides (and explains) what is usable.
pub fn credential_type(p: &Profile) -> &'static str {
    if get(p, "role_arn").is_some() {
        if get(p, "web_identity_token_file").is_some() {
            "WebIdentity"
        } else {
            "AssumeRole"
        }
    } else if get(p, "sso_session").is_some() || get(p, "sso_start_url").is_some() {
        "IamIdentityCenter"
    } else if get(p, "aws_access_key_id").is_some() {
        if get(p, "aws_session_token").is_some() {
            "SessionKeys"
        } else {
            "StaticKeys"
        }
    } else if get(p, "login_session").is_some() {
        "ConsoleLogin"
    } else if get(p, "credential_process").is_some() {
        "CredentialProcess"
    } else {
        "None"
    }
}

/// Every profile, sorted by name.
pub fn list(loaded: &LoadedProfiles) -> Vec<ProfileEntry> {
    loaded
        .profiles
        .names()
        .filter_map(|name| {
            let p = loaded.profiles.profile(name)?;
            Some(ProfileEntry {
                profile_name: name.to_string(),
                store_type_name: STORE_TYPE_NAME,
                profile_location: loaded.credentials_path.clone(),
                files: loaded.source_paths(name).into_iter().map(str::to_string).collect(),
                credential_type: credential_type(p),
                region: get(p, "region").map(str::to_string),
                sso_session: get(p, "sso_session").map(str::to_string),
                login_session: get(p, "login_session").map(str::to_string),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ProfileSet;

    #[test]
    fn lists_every_profile_with_its_files_and_kind_but_no_secret() {
        let config = "[default]\nregion = eu-west-1\n[profile sso]\nsso_session = corp\n[profile web]\nlogin_session = arn:aws:iam::1:user/x\n[profile role]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = sso\n[sso-session corp]\nsso_start_url = https://x\n";
        let creds = "[default]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = SECRETVALUE\n[tmp]\naws_access_key_id = A\naws_secret_access_key = S\naws_session_token = TOKENVALUE\n";
        let loaded = LoadedProfiles {
            profiles: ProfileSet::parse(Some(config), Some(creds)).unwrap(),
            config_path: Some("/h/.aws/config".into()),
            credentials_path: Some("/h/.aws/credentials".into()),
        };
        let list = list(&loaded);
        let kinds: Vec<(&str, &str)> = list.iter().map(|e| (e.profile_name.as_str(), e.credential_type)).collect();
        assert_eq!(
            kinds,
            vec![
                ("default", "StaticKeys"),
                ("role", "AssumeRole"),
                ("sso", "IamIdentityCenter"),
                ("tmp", "SessionKeys"),
                ("web", "ConsoleLogin")
            ]
        );
        assert_eq!(list[0].files, vec!["/h/.aws/config", "/h/.aws/credentials"]);
        assert_eq!(list[2].files, vec!["/h/.aws/config"]);
        assert_eq!(list[2].profile_location.as_deref(), Some("/h/.aws/credentials"));
        assert_eq!(list[2].sso_session.as_deref(), Some("corp"));
        assert!(list.iter().all(|e| e.store_type_name == "SharedCredentialsFile"));
        let text = serde_json::to_string(&list).unwrap();
        assert!(!text.contains("SECRETVALUE") && !text.contains("TOKENVALUE"), "{text}");
    }
}
