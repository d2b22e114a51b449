//! The plan: which profile each reachable (account, role) should be, compared with what the
//! config file holds. A pure function of the listing, the profiles and the options, so every
//! case is tested without a portal or a file.
//!
//! Only profiles that carry the marker `awslogin_generated = <this sso-session>` are ever
//! changed or removed; any other profile of a wanted name is a [`Action::Conflict`], left as it
//! is. Two assignments that would get one name are both skipped ([`Action::Duplicate`]) rather
//! than one winning by chance.

use super::template::{NameTemplate, NameValues};
use crate::config::{FileKind, ProfileSet};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// The key that marks a profile as written by this command, for the sso-session it names.
/// Unknown keys are ignored by the AWS CLI, botocore and the other SDKs.
pub const MARKER_KEY: &str = "awslogin_generated";

/// One account and role the token reaches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub account_id: String,
    pub account_name: String,
    pub role_name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Action {
    /// A new profile.
    Add,
    /// A profile we wrote whose sso keys (or missing region) change.
    Update,
    /// A profile we wrote that is already right.
    Unchanged,
    /// A profile of the wanted name that we did not write for this sso-session: left alone.
    Conflict,
    /// Two or more assignments would get this name: none is written.
    Duplicate,
    /// A profile we wrote that nothing reachable wants any more (kept without -Prune).
    Stale,
    /// A stale profile, removed (-Prune).
    Remove,
}

impl Action {
    /// Whether the config file changes for this entry.
    pub fn writes(self) -> bool {
        matches!(self, Action::Add | Action::Update | Action::Remove)
    }
}

/// One line of the plan (the cmdlet's output object).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PlannedProfile {
    pub action: Action,
    pub profile_name: String,
    pub account_id: String,
    /// None for a stale profile (the portal no longer names its account, or the name is not kept).
    pub account_name: Option<String>,
    pub role_name: String,
    pub session_name: String,
    /// Why, for Update, Conflict, Duplicate, Stale and Remove.
    pub reason: Option<String>,
}

#[derive(Debug, Clone)]
pub struct PlanOptions<'a> {
    pub session_name: &'a str,
    pub template: &'a NameTemplate,
    /// `-Region`: written into profiles that have no region.
    pub region: Option<&'a str>,
    pub prune: bool,
}

/// The keys a generated profile holds, in the order they are written.
pub fn profile_keys<'a>(a: &'a Assignment, opts: &'a PlanOptions<'a>, with_region: bool) -> Vec<(&'a str, &'a str)> {
    let mut keys = vec![
        ("sso_session", opts.session_name),
        ("sso_account_id", a.account_id.as_str()),
        ("sso_role_name", a.role_name.as_str()),
    ];
    if let (true, Some(r)) = (with_region, opts.region) {
        keys.push(("region", r));
    }
    keys.push((MARKER_KEY, opts.session_name));
    keys
}

/// Whether `profile` was written by this command for `session`.
pub fn generated_for(profile: &crate::config::Profile, session: &str) -> bool {
    profile.get(MARKER_KEY).map(str::trim) == Some(session)
}

fn trimmed<'a>(p: &'a crate::config::Profile, key: &str) -> &'a str {
    p.get(key).map(str::trim).unwrap_or("")
}

/// The plan for `assignments` against `profiles`: desired profiles in the listing's order, then
/// stale ones in name order.
pub fn plan(assignments: &[Assignment], profiles: &ProfileSet, opts: &PlanOptions) -> Vec<PlannedProfile> {
    let names: Vec<String> = assignments
        .iter()
        .map(|a| {
            opts.template.render(&NameValues {
                account_name: &a.account_name,
                account_id: &a.account_id,
                role_name: &a.role_name,
                session_name: opts.session_name,
            })
        })
        .collect();
    let mut claimed: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, n) in names.iter().enumerate() {
        claimed.entry(n.as_str()).or_default().push(i);
    }
    let entry = |a: &Assignment, name: &str, action: Action, reason: Option<String>| PlannedProfile {
        action,
        profile_name: name.to_string(),
        account_id: a.account_id.clone(),
        account_name: Some(a.account_name.clone()),
        role_name: a.role_name.clone(),
        session_name: opts.session_name.to_string(),
        reason,
    };
    let mut out = Vec::with_capacity(assignments.len());
    for (a, name) in assignments.iter().zip(&names) {
        let same = &claimed[name.as_str()];
        if same.len() > 1 {
            let others: Vec<String> = same
                .iter()
                .map(|&j| {
                    format!(
                        "{} in {} ({})",
                        assignments[j].role_name, assignments[j].account_id, assignments[j].account_name
                    )
                })
                .collect();
            let reason = format!(
                "{} assignments would all be named '{name}' ({}); none of them was written. Put {{AccountId}} in -NameTemplate to tell them apart, for example -NameTemplate '{{AccountName}}-{{AccountId}}.{{RoleName}}'.",
                same.len(),
                others.join(", ")
            );
            out.push(entry(a, name, Action::Duplicate, Some(reason)));
            continue;
        }
        let Some(existing) = profiles.profile(name) else {
            out.push(entry(a, name, Action::Add, None));
            continue;
        };
        if existing.sources().contains(&FileKind::Credentials) {
            // Readers merge the two files' sections of a name; the credentials file is the user's.
            let reason = format!("The credentials file also has a profile named '{name}' (the AWS CLI and SDKs merge the two files' profiles of one name); it was left as it is. Rename it, or choose another -NameTemplate.");
            out.push(entry(a, name, Action::Conflict, Some(reason)));
            continue;
        }
        if !generated_for(existing, opts.session_name) {
            let reason = match existing.get(MARKER_KEY).map(str::trim).filter(|s| !s.is_empty()) {
                Some(other) => format!("The profile '{name}' was generated for the sso-session '{other}', not '{}'; it was left as it is.", opts.session_name),
                None => format!("A profile named '{name}' already exists and was not written by Sync-AWSSSOProfile; it was left as it is. Rename it, or choose another -NameTemplate."),
            };
            out.push(entry(a, name, Action::Conflict, Some(reason)));
            continue;
        }
        let mut changes = Vec::new();
        for (key, want) in [
            ("sso_session", opts.session_name),
            ("sso_account_id", a.account_id.as_str()),
            ("sso_role_name", a.role_name.as_str()),
        ] {
            let have = trimmed(existing, key);
            if have != want {
                changes.push(format!("{key} '{have}' -> '{want}'"));
            }
        }
        if let (Some(r), None) = (opts.region, existing.get("region").map(str::trim).filter(|r| !r.is_empty())) {
            changes.push(format!("region '' -> '{r}'"));
        }
        if changes.is_empty() {
            out.push(entry(a, name, Action::Unchanged, None));
        } else {
            out.push(entry(a, name, Action::Update, Some(changes.join(", "))));
        }
    }

    // Profiles we wrote for this session that no assignment names any more.
    let wanted: HashSet<&str> = names.iter().map(String::as_str).collect();
    let reachable: HashMap<(&str, &str), &str> = assignments
        .iter()
        .zip(&names)
        .filter(|(_, n)| claimed[n.as_str()].len() == 1)
        .map(|(a, n)| ((a.account_id.as_str(), a.role_name.as_str()), n.as_str()))
        .collect();
    let listed_accounts: HashSet<&str> = assignments.iter().map(|a| a.account_id.as_str()).collect();
    for name in profiles.names() {
        let Some(p) = profiles.profile(name) else { continue };
        if wanted.contains(name) || !generated_for(p, opts.session_name) {
            continue;
        }
        let (account, role) = (trimmed(p, "sso_account_id"), trimmed(p, "sso_role_name"));
        let why = match reachable.get(&(account, role)) {
            Some(now) => {
                format!("role {role} in account {account} is now the profile '{now}' (the account or role was renamed)")
            }
            None if listed_accounts.contains(account) => {
                format!("role {role} is no longer assigned to you in account {account}")
            }
            None => format!("account {account} is no longer assigned to you"),
        };
        let (action, reason) = if opts.prune {
            (Action::Remove, format!("Removed: {why}."))
        } else {
            (Action::Stale, format!("Stale: {why}. Run with -Prune to remove it."))
        };
        out.push(PlannedProfile {
            action,
            profile_name: name.to_string(),
            account_id: account.to_string(),
            account_name: None,
            role_name: role.to_string(),
            session_name: opts.session_name.to_string(),
            reason: Some(reason),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sso::sync::template::DEFAULT_TEMPLATE;

    fn a(id: &str, name: &str, role: &str) -> Assignment {
        Assignment { account_id: id.into(), account_name: name.into(), role_name: role.into() }
    }

    fn run(assignments: &[Assignment], config: &str, region: Option<&str>, prune: bool) -> Vec<PlannedProfile> {
        let template = NameTemplate::parse(DEFAULT_TEMPLATE).unwrap();
        let opts = PlanOptions { session_name: "corp", template: &template, region, prune };
        plan(assignments, &ProfileSet::parse(Some(config), None).unwrap(), &opts)
    }

    fn actions(p: &[PlannedProfile]) -> Vec<(Action, &str)> {
        p.iter().map(|x| (x.action, x.profile_name.as_str())).collect()
    }

    const GENERATED: &str = "[profile prod.Admin]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = Admin\nawslogin_generated = corp\n";

    #[test]
    fn new_unchanged_and_updated_profiles() {
        let listing = [a("111111111111", "prod", "Admin"), a("222222222222", "dev", "Read")];
        let p = run(&listing, "", None, false);
        assert_eq!(actions(&p), [(Action::Add, "prod.Admin"), (Action::Add, "dev.Read")]);
        assert_eq!(
            (p[1].account_name.as_deref(), p[1].session_name.as_str(), p[1].reason.as_deref()),
            (Some("dev"), "corp", None)
        );

        let p = run(&listing[..1], GENERATED, None, false);
        assert_eq!(actions(&p), [(Action::Unchanged, "prod.Admin")]);
        // A key the user added (output) changes nothing; the region they set is theirs.
        let with_user_keys = format!("{GENERATED}output = json\nregion = us-east-1\n");
        assert_eq!(
            actions(&run(&listing[..1], &with_user_keys, Some("eu-west-1"), false)),
            [(Action::Unchanged, "prod.Admin")]
        );
        // -Region fills a missing region; a changed role id is put right.
        let p = run(&listing[..1], GENERATED, Some("eu-west-1"), false);
        assert_eq!((p[0].action, p[0].reason.as_deref()), (Action::Update, Some("region '' -> 'eu-west-1'")));
        let moved = GENERATED.replace("111111111111", "999999999999");
        let p = run(&listing[..1], &moved, None, false);
        assert_eq!(
            (p[0].action, p[0].reason.as_deref()),
            (Action::Update, Some("sso_account_id '999999999999' -> '111111111111'"))
        );
    }

    #[test]
    fn hand_written_and_other_sessions_profiles_are_conflicts() {
        let listing = [a("111111111111", "prod", "Admin")];
        let p = run(&listing, "[profile prod.Admin]\nregion = us-east-1\n", None, true);
        assert_eq!(actions(&p), [(Action::Conflict, "prod.Admin")]);
        assert!(p[0].reason.as_deref().unwrap().contains("not written by Sync-AWSSSOProfile"));
        let other = GENERATED.replace("awslogin_generated = corp", "awslogin_generated = other");
        let p = run(&listing, &other, None, true);
        assert_eq!(actions(&p), [(Action::Conflict, "prod.Admin")]);
        assert!(p[0].reason.as_deref().unwrap().contains("sso-session 'other'"));
        // A profile of that name in the credentials file counts too (readers merge the two).
        let template = NameTemplate::parse(DEFAULT_TEMPLATE).unwrap();
        let opts = PlanOptions { session_name: "corp", template: &template, region: None, prune: false };
        let set = ProfileSet::parse(None, Some("[prod.Admin]\naws_access_key_id = AKIA\n")).unwrap();
        assert_eq!(actions(&plan(&listing, &set, &opts)), [(Action::Conflict, "prod.Admin")]);
        // Even beside a profile we wrote in the config file: the merged profile is not ours alone.
        let set = ProfileSet::parse(Some(GENERATED), Some("[prod.Admin]\naws_access_key_id = AKIA\n")).unwrap();
        let p = plan(&listing, &set, &opts);
        assert_eq!(actions(&p), [(Action::Conflict, "prod.Admin")]);
        assert!(p[0].reason.as_deref().unwrap().contains("credentials file also has"), "{:?}", p[0].reason);
    }

    #[test]
    fn duplicates_are_all_skipped_with_the_way_out() {
        let listing =
            [a("111111111111", "team", "Admin"), a("222222222222", "team", "Admin"), a("333333333333", "x", "Admin")];
        // Even over a profile we wrote earlier for one of them: it is neither updated nor stale.
        let p = run(&listing, &GENERATED.replace("prod.Admin", "team.Admin"), None, true);
        assert_eq!(
            actions(&p),
            [(Action::Duplicate, "team.Admin"), (Action::Duplicate, "team.Admin"), (Action::Add, "x.Admin")]
        );
        let why = p[0].reason.as_deref().unwrap();
        assert!(why.contains("{AccountId}") && why.contains("111111111111") && why.contains("222222222222"), "{why}");
    }

    #[test]
    fn stale_profiles_say_why_and_are_removed_only_with_prune() {
        let config = format!(
            "{GENERATED}[profile old-name.Read]\nsso_session = corp\nsso_account_id = 222222222222\nsso_role_name = Read\nawslogin_generated = corp\n\
             [profile prod.Gone]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = Gone\nawslogin_generated = corp\n\
             [profile closed.Admin]\nsso_session = corp\nsso_account_id = 333333333333\nsso_role_name = Admin\nawslogin_generated = corp\n\
             [profile theirs.Admin]\nsso_session = corp\nsso_account_id = 444444444444\nsso_role_name = Admin\nawslogin_generated = other\n\
             [profile mine]\nsso_session = corp\nsso_account_id = 555555555555\nsso_role_name = Admin\n"
        );
        let listing = [a("111111111111", "prod", "Admin"), a("222222222222", "new-name", "Read")];
        let p = run(&listing, &config, None, false);
        assert_eq!(
            actions(&p),
            [
                (Action::Unchanged, "prod.Admin"),
                (Action::Add, "new-name.Read"),
                (Action::Stale, "closed.Admin"),
                (Action::Stale, "old-name.Read"),
                (Action::Stale, "prod.Gone")
            ]
        );
        let reasons: Vec<&str> = p[2..].iter().map(|x| x.reason.as_deref().unwrap()).collect();
        assert!(
            reasons[0].contains("account 333333333333 is no longer assigned") && reasons[0].contains("-Prune"),
            "{}",
            reasons[0]
        );
        assert!(reasons[1].contains("now the profile 'new-name.Read'"), "{}", reasons[1]);
        assert!(
            reasons[2].contains("role Gone is no longer assigned to you in account 111111111111"),
            "{}",
            reasons[2]
        );
        assert_eq!(
            (p[3].account_id.as_str(), p[3].role_name.as_str(), p[3].account_name.as_deref()),
            ("222222222222", "Read", None)
        );

        let p = run(&listing, &config, None, true);
        assert_eq!(p.iter().filter(|x| x.action == Action::Remove).count(), 3);
        assert!(p.iter().all(|x| x.action != Action::Stale));
        assert!(!p.iter().any(|x| x.profile_name == "theirs.Admin" || x.profile_name == "mine"));
        // Nothing reachable at all: every profile we wrote for this session is stale.
        assert_eq!(run(&[], &config, None, false).len(), 4);
    }
}
