//! The IAM Identity Center directory the portal answers from: the accounts (id, name, email) a
//! user can reach and the roles (permission sets) assigned to them in each.
//!
//! It starts as the seed's (`ssoUsers[].assignments`, names and emails from `accounts`). A test
//! replaces one user's with `POST /_emulator/sso-directory` (a few hundred accounts, then the
//! same with one renamed and one removed) and goes back to the seed's with
//! `DELETE /_emulator/sso-directory`. The request is checked strictly: 12-digit account ids,
//! names, assignments that name a listed account, nothing twice.

use std::collections::HashSet;

use serde::Deserialize;
use serde_json::{json, Value};

use crate::seed::Seed;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectoryAccount {
    pub id: String,
    pub name: String,
    pub email: String,
}

/// One user's view of the directory.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Directory {
    /// Every account named, in ListAccounts order (only those with an assignment are listed).
    pub accounts: Vec<DirectoryAccount>,
    /// (account id, role name), in ListAccountRoles order.
    pub assignments: Vec<(String, String)>,
}

impl Directory {
    /// The seed's directory for `user`: accounts in the order of their first assignment.
    pub fn from_seed(seed: &Seed, user: &str) -> Directory {
        let assignments: Vec<(String, String)> = seed
            .sso_users
            .iter()
            .filter(|u| u.user_name == user)
            .flat_map(|u| u.assignments.iter().map(|a| (a.account_id.clone(), a.role_name.clone())))
            .collect();
        let mut accounts: Vec<DirectoryAccount> = Vec::new();
        for (id, _) in &assignments {
            if accounts.iter().any(|a| &a.id == id) {
                continue;
            }
            let seeded = seed.accounts.iter().find(|a| &a.id == id);
            accounts.push(DirectoryAccount {
                id: id.clone(),
                name: seeded.map(|a| a.name.clone()).unwrap_or_default(),
                email: seeded.map(|a| a.email.clone()).unwrap_or_default(),
            });
        }
        Directory { accounts, assignments }
    }

    /// The accounts ListAccounts answers: those with at least one assignment.
    pub fn listed_accounts(&self) -> Vec<&DirectoryAccount> {
        let assigned: HashSet<&str> = self.assignments.iter().map(|(a, _)| a.as_str()).collect();
        self.accounts.iter().filter(|a| assigned.contains(a.id.as_str())).collect()
    }

    /// The roles assigned in `account`, in order.
    pub fn roles_of(&self, account: &str) -> Vec<&str> {
        self.assignments.iter().filter(|(a, _)| a == account).map(|(_, r)| r.as_str()).collect()
    }

    pub fn has(&self, account: &str, role: &str) -> bool {
        self.assignments.iter().any(|(a, r)| a == account && r == role)
    }

    /// The summary the control API answers with.
    pub fn view(&self, user: &str) -> Value {
        json!({
            "userName": user,
            "accounts": self.accounts.iter().map(|a| json!({"id": a.id, "name": a.name, "email": a.email})).collect::<Vec<_>>(),
            "assignments": self.assignments.iter().map(|(a, r)| json!({"accountId": a, "roleName": r})).collect::<Vec<_>>(),
        })
    }
}

/// `POST /_emulator/sso-directory`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DirectoryRequest {
    /// The SSO user whose directory this becomes; the first seeded SSO user when absent.
    pub user_name: Option<String>,
    pub accounts: Vec<AccountEntry>,
    pub assignments: Vec<AssignmentEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AccountEntry {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub email: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AssignmentEntry {
    pub account_id: String,
    pub role_name: String,
}

impl DirectoryRequest {
    /// The directory this request describes, or what is wrong with it.
    pub fn into_directory(self) -> Result<Directory, String> {
        let mut ids = HashSet::new();
        let mut accounts = Vec::with_capacity(self.accounts.len());
        for a in self.accounts {
            if a.id.len() != 12 || !a.id.bytes().all(|b| b.is_ascii_digit()) {
                return Err(format!("account id {:?} is not 12 digits", a.id));
            }
            if a.name.trim().is_empty() {
                return Err(format!("account {} has no name", a.id));
            }
            if !ids.insert(a.id.clone()) {
                return Err(format!("account {} is listed twice", a.id));
            }
            let email = a.email.unwrap_or_else(|| format!("{}@example.invalid", a.id));
            accounts.push(DirectoryAccount { id: a.id, name: a.name, email });
        }
        let mut pairs = HashSet::new();
        let mut assignments = Vec::with_capacity(self.assignments.len());
        for a in self.assignments {
            if !ids.contains(&a.account_id) {
                return Err(format!("assignment to account {} which is not in accounts", a.account_id));
            }
            if a.role_name.trim().is_empty() {
                return Err(format!("an assignment in account {} has no roleName", a.account_id));
            }
            if !pairs.insert((a.account_id.clone(), a.role_name.clone())) {
                return Err(format!("role {} in account {} is assigned twice", a.role_name, a.account_id));
            }
            assignments.push((a.account_id, a.role_name));
        }
        Ok(Directory { accounts, assignments })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(v: Value) -> Result<Directory, String> {
        serde_json::from_value::<DirectoryRequest>(v).map_err(|e| e.to_string())?.into_directory()
    }

    #[test]
    fn seed_directory_lists_accounts_in_assignment_order() {
        let d = Directory::from_seed(&Seed::default_seed(), "alice");
        let ids: Vec<&str> = d.listed_accounts().iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["111122223333", "444455556666"]);
        assert_eq!(d.accounts[0].name, "emulator-main");
        assert_eq!(d.roles_of("111122223333"), ["AdministratorAccess", "ReadOnly", "SamplePermissionSet"]);
        assert!(d.has("444455556666", "ReadOnly") && !d.has("444455556666", "AdministratorAccess"));
        assert_eq!(Directory::from_seed(&Seed::default_seed(), "nobody"), Directory::default());
    }

    #[test]
    fn requests_are_checked_strictly() {
        let ok = request(json!({
            "accounts": [{"id": "000000000001", "name": "Prod (EU)"}, {"id": "000000000002", "name": "idle"}],
            "assignments": [{"accountId": "000000000001", "roleName": "Admin"}]
        }))
        .unwrap();
        assert_eq!(ok.accounts[0].email, "000000000001@example.invalid");
        // An account without an assignment is known but not listed.
        assert_eq!(ok.listed_accounts().len(), 1);
        for (bad, why) in [
            (json!({"accounts": [{"id": "1", "name": "x"}], "assignments": []}), "12 digits"),
            (json!({"accounts": [{"id": "000000000001", "name": " "}], "assignments": []}), "no name"),
            (
                json!({"accounts": [{"id": "000000000001", "name": "a"}, {"id": "000000000001", "name": "b"}], "assignments": []}),
                "twice",
            ),
            (
                json!({"accounts": [], "assignments": [{"accountId": "000000000001", "roleName": "Admin"}]}),
                "not in accounts",
            ),
            (
                json!({"accounts": [{"id": "000000000001", "name": "a"}], "assignments": [{"accountId": "000000000001", "roleName": "R"}, {"accountId": "000000000001", "roleName": "R"}]}),
                "assigned twice",
            ),
            (json!({"accounts": [], "assignments": [], "extra": 1}), "unknown field"),
        ] {
            let e = request(bad).unwrap_err();
            assert!(e.contains(why), "{e}");
        }
    }
}
