//! The seed: who exists in the emulated AWS. Loaded from `--seed FILE` (JSON), or the built-in
//! default, which is `tests/emulator/seed.json` compiled in (one source of truth).
//!
//! Every field has a serde default and unknown fields are kept in `extra` maps, so services added
//! later can extend the schema (or read a new top-level section from [`Seed::extra`]) without
//! breaking older seed files.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The default seed: account `111122223333`, IAM user `alice` with an obviously fake key pair.
pub const DEFAULT_SEED_JSON: &str = include_str!("../seed.json");

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Seed {
    pub accounts: Vec<Account>,
    pub iam_users: Vec<IamUser>,
    pub sso_users: Vec<SsoUser>,
    /// The role the IMDS stand-in serves as the instance profile (`arn:aws:iam::ACCT:role/NAME`);
    /// none → the instance has no role (the credentials listing answers 404).
    pub instance_role_arn: Option<String>,
    /// Top-level sections this version does not know yet.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Account {
    pub id: String,
    pub name: String,
    pub email: String,
    pub roles: Vec<Role>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Role {
    pub name: String,
    /// Who may call `AssumeRole` on it: IAM user or role ARNs (a role's sessions match its role
    /// ARN), or `arn:aws:iam::ACCT:root` for every principal of that account. Empty: the role
    /// can only be reached through IAM Identity Center.
    pub trust: Vec<String>,
    /// When set, `AssumeRole` must carry exactly this `ExternalId`.
    pub external_id: Option<String>,
    /// When true, `AssumeRole` must carry the caller's MFA device and its current code.
    pub mfa_required: bool,
    /// The role's MaxSessionDuration (default 3600 s, AWS's allowed range 3600..43200).
    pub max_session_duration_seconds: Option<i64>,
    /// Trust for `AssumeRoleWithWebIdentity`: tokens from this issuer for this audience.
    pub web_identity: Option<WebIdentityTrust>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WebIdentityTrust {
    pub issuer: String,
    pub audience: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct IamUser {
    pub arn: String,
    pub user_id: String,
    pub access_key_id: String,
    pub secret_access_key: String,
    /// Defaults to the account in `arn`.
    pub account: Option<String>,
    /// The ARN of the user's virtual MFA device (`arn:aws:iam::ACCT:mfa/NAME`), if any.
    pub mfa_serial: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SsoUser {
    pub user_name: String,
    pub assignments: Vec<Assignment>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Assignment {
    pub account_id: String,
    pub role_name: String,
}

impl Role {
    /// The role's MaxSessionDuration in seconds.
    pub fn max_session_duration(&self) -> i64 {
        self.max_session_duration_seconds.unwrap_or(3600)
    }
}

impl IamUser {
    pub fn account_id(&self) -> String {
        self.account.clone().unwrap_or_else(|| account_from_arn(&self.arn).unwrap_or_default())
    }
}

/// The account field of an ARN (`arn:partition:service:region:ACCOUNT:resource`).
pub fn account_from_arn(arn: &str) -> Option<String> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    (parts.len() == 6 && parts[0] == "arn").then(|| parts[4].to_string())
}

/// Splits `arn:aws:iam::ACCT:role/NAME` into (account, name). Role paths are not modelled.
pub fn parse_role_arn(arn: &str) -> Option<(String, String)> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    if parts.len() != 6 || parts[0] != "arn" || parts[2] != "iam" || !parts[3].is_empty() {
        return None;
    }
    let name = parts[5].strip_prefix("role/")?;
    (!name.is_empty() && !name.contains('/') && parts[4].len() == 12 && parts[4].bytes().all(|b| b.is_ascii_digit()))
        .then(|| (parts[4].to_string(), name.to_string()))
}

impl Seed {
    pub fn parse(json: &str) -> Result<Seed, String> {
        let seed: Seed = serde_json::from_str(json).map_err(|e| format!("invalid seed JSON: {}", e))?;
        seed.validate()?;
        Ok(seed)
    }

    /// The account and role named by `arn:aws:iam::ACCT:role/NAME`, if the seed has it.
    pub fn role_by_arn(&self, arn: &str) -> Option<(&Account, &Role)> {
        let (account_id, name) = parse_role_arn(arn)?;
        let account = self.accounts.iter().find(|a| a.id == account_id)?;
        let role = account.roles.iter().find(|r| r.name == name)?;
        Some((account, role))
    }

    pub fn default_seed() -> Seed {
        Seed::parse(DEFAULT_SEED_JSON).expect("built-in seed.json is valid")
    }

    fn validate(&self) -> Result<(), String> {
        let mut keys = std::collections::HashSet::new();
        for u in &self.iam_users {
            if u.access_key_id.is_empty() || u.secret_access_key.is_empty() || u.arn.is_empty() {
                return Err(format!("IAM user '{}' needs arn, accessKeyId and secretAccessKey", u.arn));
            }
            if u.account_id().is_empty() {
                return Err(format!("IAM user '{}': cannot tell the account from the arn", u.arn));
            }
            if !keys.insert(u.access_key_id.clone()) {
                return Err(format!("duplicate accessKeyId {}", u.access_key_id));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_seed_has_alice() {
        let s = Seed::default_seed();
        let alice = &s.iam_users[0];
        assert_eq!(alice.arn, "arn:aws:iam::111122223333:user/alice");
        assert_eq!(alice.account_id(), "111122223333");
        assert_eq!(alice.secret_access_key.len(), 40);
        assert!(s.accounts[0].roles.len() >= 3);
        let (acct, role) = s.role_by_arn("arn:aws:iam::111122223333:role/EmulatorDeployer").unwrap();
        assert_eq!((acct.id.as_str(), role.max_session_duration()), ("111122223333", 3600));
        assert!(s.role_by_arn("arn:aws:iam::111122223333:role/Nope").is_none());
        assert_eq!(parse_role_arn("arn:aws:iam::111122223333:user/alice"), None);
    }

    #[test]
    fn unknown_sections_are_kept_and_fields_default() {
        let s = Seed::parse(r#"{"iamUsers":[{"arn":"arn:aws:iam::1:user/x","accessKeyId":"A","secretAccessKey":"S","future":1}],"later":{"a":1}}"#).unwrap();
        assert!(s.accounts.is_empty());
        assert_eq!(s.extra["later"]["a"], 1);
        assert_eq!(s.iam_users[0].extra["future"], 1);
        assert!(Seed::parse(r#"{"iamUsers":[{"arn":"x"}]}"#).is_err());
    }
}
