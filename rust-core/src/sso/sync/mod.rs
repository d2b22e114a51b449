//! `Sync-AWSSSOProfile`: one profile per account and role an IAM Identity Center session
//! reaches, written into the config file.
//!
//! 1. The sso-session's cached token (refreshed if it can be, never a browser: a missing or
//!    expired session is the usual error telling to run Invoke-AWSSSOLogin).
//! 2. [`listing`]: every account and every role, all pages, a few accounts at a time.
//! 3. [`plan`]: names from the [`template`], compared with the profiles (pure, tested alone).
//! 4. Apply: one edit of the config file under its lock (`config::write`), planned again from the
//!    text read under the lock, so a profile another process wrote a moment ago is seen; removals
//!    ([`crate::config::remove_sections`]), updates ([`crate::config::set_properties`], which
//!    keeps keys the user added such as `region`) and new sections appended
//!    ([`crate::config::append_sections`]), checked to read back before the atomic rename.
//!    With `whatIf` the plan is returned and nothing is written.

pub mod listing;
pub mod plan;
pub mod template;

use super::{login, provider, Transport};
use crate::config::{append_sections, remove_sections, set_properties, ProfileSet, SectionRef};
use crate::error::{codes, Error, Result};
use crate::http::{resolve_endpoint, Service};
use crate::interact::Interaction;
use crate::ops::CommonRequest;
use crate::regions::validate_region;
use plan::{Action, Assignment, PlanOptions, PlannedProfile};
use serde::Deserialize;
use serde_json::{json, Value};
use std::cell::RefCell;
use std::path::Path;
use template::{NameTemplate, DEFAULT_TEMPLATE};

#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct SyncRequest {
    /// `env`, `profileLocation` (the credentials file, whose profiles can collide with a name)
    /// and `region` (written into generated profiles that have none).
    #[serde(flatten)]
    common: CommonRequest,
    session_name: Option<String>,
    name_template: Option<String>,
    prune: bool,
    what_if: bool,
}

pub async fn run(req: Value, ui: &Interaction, http: &Transport) -> Result<Value> {
    let req: SyncRequest = serde_json::from_value(req)
        .map_err(|e| Error::of(codes::INVALID_REQUEST, format!("The request is malformed: {e}")))?;
    // Everything given is checked before the network is used or a file read.
    let template_text = req.name_template.as_deref().filter(|t| !t.trim().is_empty()).unwrap_or(DEFAULT_TEMPLATE);
    let template = NameTemplate::parse(template_text)?;
    if let Some(r) = req.common.region() {
        validate_region(r)?;
    }
    let session = req.session_name.as_deref().map(str::trim).filter(|s| !s.is_empty()).ok_or_else(|| {
        Error::of(
            codes::INVALID_NAME,
            "Give the sso-session whose accounts and roles to write as profiles with -SessionName (Tab completes the sso-session names of your config file).",
        )
    })?;
    let os = req.common.os();
    let loaded = login::load(&req.common, &os)?;
    let config_path = loaded.config_path.clone().ok_or_else(|| {
        Error::of(codes::NO_CONFIG_FILE, "The shared config file cannot be located: set AWS_CONFIG_FILE or HOME.")
    })?;
    let target = login::resolve_target(&loaded, &os, None, Some(session))?;
    let token = provider::valid_token(&os, ui, http, &target).await?;
    let endpoint =
        resolve_endpoint(Service::Sso, None, os.env.as_ref(), &target.endpoints, &target.settings.sso_region)?;
    ui.verbose(format!("IAM Identity Center portal endpoint {} from {}.", endpoint.url, endpoint.source));
    let hint = target.relogin_hint();
    let portal = super::portal::Portal {
        endpoint: &endpoint.url,
        ui,
        http,
        access_token: &token.access_token,
        relogin_hint: &hint,
    };
    let assignments = listing::list_assignments(&portal).await?;

    let opts =
        PlanOptions { session_name: session, template: &template, region: req.common.region(), prune: req.prune };
    let planned = if req.what_if {
        plan::plan(&assignments, &loaded.profiles, &opts)
    } else {
        // The credentials file's profiles share names with the config file's.
        let credentials = crate::config::load::read_optional(&os, loaded.credentials_path.as_deref())?;
        apply(Path::new(&config_path), credentials.as_deref(), &assignments, &opts)?
    };
    report(ui, &planned, &config_path, req.what_if);
    Ok(json!({
        "profiles": planned,
        "configFile": config_path,
        "sessionName": session,
        "whatIf": req.what_if,
    }))
}

/// `text` with the plan's changes: removals, then updates in place, then new sections at the end.
pub fn edit_text(text: &str, planned: &[PlannedProfile], profiles: &ProfileSet, opts: &PlanOptions) -> String {
    let removed: Vec<SectionRef> =
        planned.iter().filter(|p| p.action == Action::Remove).map(|p| SectionRef::Profile(&p.profile_name)).collect();
    let mut text = remove_sections(text, &removed);
    let assignment = |p: &PlannedProfile| Assignment {
        account_id: p.account_id.clone(),
        account_name: p.account_name.clone().unwrap_or_default(),
        role_name: p.role_name.clone(),
    };
    for p in planned.iter().filter(|p| p.action == Action::Update) {
        let a = assignment(p);
        let has_region =
            profiles.profile(&p.profile_name).and_then(|x| x.get("region")).is_some_and(|r| !r.trim().is_empty());
        text = set_properties(&text, &SectionRef::Profile(&p.profile_name), &plan::profile_keys(&a, opts, !has_region));
    }
    let added: Vec<(Assignment, &str)> =
        planned.iter().filter(|p| p.action == Action::Add).map(|p| (assignment(p), p.profile_name.as_str())).collect();
    let sections: Vec<(SectionRef, Vec<(&str, &str)>)> =
        added.iter().map(|(a, name)| (SectionRef::Profile(name), plan::profile_keys(a, opts, true))).collect();
    append_sections(&text, &sections)
}

/// Plans again from the config file as read under its lock, writes the changes atomically, and
/// checks first that every profile written reads back with the keys it was given.
fn apply(
    path: &Path,
    credentials: Option<&str>,
    assignments: &[Assignment],
    opts: &PlanOptions,
) -> Result<Vec<PlannedProfile>> {
    let shown = path.display().to_string();
    let outcome: RefCell<Option<Result<Vec<PlannedProfile>>>> = RefCell::new(None);
    let pending = crate::config::write::prepare(
        path,
        |text| {
            let profiles =
                match ProfileSet::parse_labeled(Some((&shown, text)), credentials.map(|c| ("The credentials file", c)))
                {
                    Ok(p) => p,
                    Err(e) => {
                        *outcome.borrow_mut() = Some(Err(e));
                        return text.to_string();
                    }
                };
            let planned = plan::plan(assignments, &profiles, opts);
            let edited = edit_text(text, &planned, &profiles, opts);
            *outcome.borrow_mut() = Some(Ok(planned));
            edited
        },
        |written| {
            let outcome = outcome.borrow();
            let Some(Ok(planned)) = outcome.as_ref() else { return Ok(()) };
            for p in planned {
                let found = written.profile(&p.profile_name);
                let ok = match p.action {
                    Action::Add | Action::Update => found.is_some_and(|f| {
                        plan::generated_for(f, opts.session_name)
                            && f.get("sso_account_id") == Some(p.account_id.as_str())
                            && f.get("sso_role_name") == Some(p.role_name.as_str())
                    }),
                    Action::Remove => found.is_none(),
                    _ => true,
                };
                if !ok {
                    return Err(Error::of(
                        codes::CONFIG_EDIT_REFUSED,
                        format!("The profiles were not written to {shown}: the profile '{}' would not read back as written (an account or role name with characters the config format cannot hold?). Nothing was changed.", p.profile_name),
                    ));
                }
            }
            Ok(())
        },
    )?;
    // The config file did not parse under the lock: nothing was staged, say why.
    let planned = outcome.into_inner().unwrap_or_else(|| Ok(Vec::new()))?;
    pending.commit()?;
    Ok(planned)
}

/// Warnings for what was left alone, and the counts for -Verbose.
fn report(ui: &Interaction, planned: &[PlannedProfile], config_path: &str, what_if: bool) {
    let mut warned = std::collections::HashSet::new();
    for p in planned.iter().filter(|p| matches!(p.action, Action::Conflict | Action::Duplicate)) {
        // One warning per name: every assignment of a duplicate carries the same reason.
        if warned.insert(p.profile_name.as_str()) {
            ui.warning(p.reason.clone().unwrap_or_default());
        }
    }
    let count = |a: Action| planned.iter().filter(|p| p.action == a).count();
    ui.verbose(format!(
        "{} {} to add, {} to update, {} unchanged, {} conflicts, {} duplicates, {} stale, {} to remove.",
        if what_if { "Plan (nothing written):" } else { "Profiles:" },
        count(Action::Add),
        count(Action::Update),
        count(Action::Unchanged),
        count(Action::Conflict),
        count(Action::Duplicate),
        count(Action::Stale),
        count(Action::Remove)
    ));
    if !what_if {
        if planned.iter().any(|p| p.action.writes()) {
            ui.verbose(format!("Wrote {config_path} in one atomic update."));
        } else {
            ui.verbose(format!("{config_path} is already up to date; nothing was written."));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts<'a>(template: &'a NameTemplate, region: Option<&'a str>, prune: bool) -> PlanOptions<'a> {
        PlanOptions { session_name: "corp", template, region, prune }
    }

    fn a(id: &str, name: &str, role: &str) -> Assignment {
        Assignment { account_id: id.into(), account_name: name.into(), role_name: role.into() }
    }

    fn tmp() -> std::path::PathBuf {
        std::env::temp_dir().join(format!("awslogin-sync-{}", crate::util::random::uuid_v4()))
    }

    #[test]
    fn applying_twice_changes_nothing_and_keeps_every_other_byte() {
        let dir = tmp();
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("config");
        let original = "# my config\n[profile mine]\nregion = us-east-1 ; keep\n\n[sso-session corp]\nsso_region = us-east-1\nsso_start_url = https://x.awsapps.com/start\n";
        std::fs::write(&path, original).unwrap();
        let t = NameTemplate::parse(DEFAULT_TEMPLATE).unwrap();
        let listing = [
            a("111111111111", "prod (EU)", "Admin"),
            a("111111111111", "prod (EU)", "Read"),
            a("222222222222", "mine", "x"),
        ];
        let o = opts(&t, Some("eu-west-1"), false);
        let first = apply(&path, None, &listing, &o).unwrap();
        assert_eq!(first.iter().map(|p| p.action).collect::<Vec<_>>(), [Action::Add, Action::Add, Action::Add]);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with(original), "{text}");
        assert!(text.ends_with("\n[profile prod-EU.Read]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = Read\nregion = eu-west-1\nawslogin_generated = corp\n\n[profile mine.x]\nsso_session = corp\nsso_account_id = 222222222222\nsso_role_name = x\nregion = eu-west-1\nawslogin_generated = corp\n"), "{text}");

        // A key the user adds to a generated profile and a changed region survive the next run.
        let customised = text.replace(
            "sso_role_name = Admin\nregion = eu-west-1",
            "sso_role_name = Admin\nregion = ap-south-1\noutput = json",
        );
        std::fs::write(&path, &customised).unwrap();
        let again = apply(&path, None, &listing, &o).unwrap();
        assert!(again.iter().all(|p| p.action == Action::Unchanged), "{again:?}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), customised, "byte for byte");

        // A rename and a removal: stale without prune (bytes unchanged), removed with it.
        let renamed = [a("111111111111", "prod", "Admin"), a("111111111111", "prod", "Read")];
        let stale = apply(&path, None, &renamed, &o).unwrap();
        assert_eq!(stale.iter().filter(|p| p.action == Action::Stale).count(), 3);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with(&customised) && text.contains("[profile prod.Admin]"));
        let pruned = apply(&path, None, &renamed, &opts(&t, None, true)).unwrap();
        assert_eq!(pruned.iter().filter(|p| p.action == Action::Remove).count(), 3);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with(original) && !text.contains("prod-EU") && !text.contains("mine.x"), "{text}");
        assert!(text.contains("[profile prod.Admin]") && text.contains("[profile prod.Read]"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_name_that_would_not_read_back_stops_the_whole_write() {
        let dir = tmp();
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("config");
        std::fs::write(&path, "[profile mine]\n").unwrap();
        let t = NameTemplate::parse("{AccountId}").unwrap();
        // A role name no portal sends: a value with a comment would read back cut.
        let e = apply(&path, None, &[a("111111111111", "x", "Admin #x")], &opts(&t, None, false)).unwrap_err();
        assert_eq!(e.code, "ConfigEditRefused");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "[profile mine]\n");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn bad_input_is_refused_before_any_file_or_network() {
        let ui = Interaction::collecting();
        let base = json!({"env": {"HOME": "/nonexistent-awslogin-test"}, "sessionName": "corp"});
        let mut bad_template = base.clone();
        bad_template["nameTemplate"] = json!("{Nope}");
        let e = crate::runtime::block_on(crate::sso::sync_op(bad_template, &ui)).unwrap_err();
        assert_eq!(e.code, "InvalidNameTemplate");
        let mut bad_region = base.clone();
        bad_region["region"] = json!("mars-1");
        assert_eq!(crate::runtime::block_on(crate::sso::sync_op(bad_region, &ui)).unwrap_err().code, "InvalidRegion");
        let e =
            crate::runtime::block_on(crate::sso::sync_op(json!({"env": {"HOME": "/nonexistent-awslogin-test"}}), &ui))
                .unwrap_err();
        assert!(e.message.contains("-SessionName"), "{}", e.message);
        let e = crate::runtime::block_on(crate::sso::sync_op(base, &ui)).unwrap_err();
        assert_eq!(e.code, "SsoSessionNotFound");
    }
}
