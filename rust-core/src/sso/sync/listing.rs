//! Everything the user can reach: every account (ListAccounts, all pages), then every role of
//! every account (ListAccountRoles, all pages), a few accounts at a time. Throttling and server
//! errors are retried by the portal client's transport (`http/retry.rs`), as for every call.

use super::plan::Assignment;
use crate::error::{codes, Error, Result};
use crate::sso::portal::{AccountInfo, Portal};
use std::sync::Mutex;

/// How many accounts' roles are listed at once: enough to hide the round trips of a few hundred
/// accounts, few enough not to trip the portal's rate limit (it answers 429 when a client floods it).
pub const CONCURRENCY: usize = 6;
// `list_roles` joins this many worker futures, written out one by one.
const _: () = assert!(CONCURRENCY == 6);

/// Every (account, role) the token reaches, accounts in the portal's order, each account's
/// roles in the portal's order.
pub async fn list_assignments(portal: &Portal<'_>) -> Result<Vec<Assignment>> {
    let accounts = portal.list_accounts().await?;
    if accounts.iter().any(|a| a.account_id.trim().is_empty()) {
        return Err(Error::of(
            codes::INVALID_SSO_PORTAL_RESPONSE,
            "The IAM Identity Center portal answered ListAccounts with an account without accountId.",
        ));
    }
    portal.ui.verbose(format!("ListAccounts: {} accounts.", accounts.len()));
    let roles = list_roles(portal, &accounts).await?;
    let assignments: Vec<Assignment> = accounts
        .iter()
        .zip(roles)
        .flat_map(|(a, roles)| {
            roles.into_iter().map(move |role_name| Assignment {
                account_id: a.account_id.clone(),
                account_name: a.account_name.clone(),
                role_name,
            })
        })
        .collect();
    portal.ui.verbose(format!(
        "ListAccountRoles: {} roles in {} accounts ({CONCURRENCY} accounts at a time).",
        assignments.len(),
        accounts.len()
    ));
    Ok(assignments)
}

/// The roles of each account, in the accounts' order. Workers take the next account from a
/// shared cursor; the first failure stops them all (the rest would fail the same way).
async fn list_roles(portal: &Portal<'_>, accounts: &[AccountInfo]) -> Result<Vec<Vec<String>>> {
    let next = Mutex::new(0usize);
    let results: Mutex<Vec<Option<Vec<String>>>> = Mutex::new(vec![None; accounts.len()]);
    let failure: Mutex<Option<crate::Error>> = Mutex::new(None);
    let (next, results_ref, failure_ref) = (&next, &results, &failure);
    let worker = || async move {
        loop {
            if failure_ref.lock().unwrap_or_else(|p| p.into_inner()).is_some() {
                return;
            }
            let i = {
                let mut n = next.lock().unwrap_or_else(|p| p.into_inner());
                let i = *n;
                *n += 1;
                i
            };
            let Some(account) = accounts.get(i) else { return };
            match portal.list_account_roles(&account.account_id).await {
                Ok(roles) => results_ref.lock().unwrap_or_else(|p| p.into_inner())[i] = Some(roles),
                Err(e) => {
                    failure_ref.lock().unwrap_or_else(|p| p.into_inner()).get_or_insert(e);
                    return;
                }
            }
        }
    };
    // A fixed number of futures polled together on this task: concurrency without spawning
    // (which would need 'static borrows of the portal and the interaction).
    tokio::join!(worker(), worker(), worker(), worker(), worker(), worker());
    if let Some(e) = failure.into_inner().unwrap_or_else(|p| p.into_inner()) {
        return Err(e);
    }
    Ok(results.into_inner().unwrap_or_else(|p| p.into_inner()).into_iter().map(Option::unwrap_or_default).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::{HttpRequest, HttpResponse};
    use crate::interact::Interaction;
    use crate::sso::Transport;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    /// A portal of `n` accounts with `1 + i % 3` roles each, one item per page; every call is
    /// counted and the most calls in flight at once recorded.
    fn portal_of(n: usize, fail_account: Option<usize>) -> (Transport, Arc<AtomicUsize>) {
        let calls = Arc::new(AtomicUsize::new(0));
        let c = calls.clone();
        let t = Transport::fake(move |req: &HttpRequest| {
            c.fetch_add(1, Ordering::SeqCst);
            let q =
                |k: &str| req.url.split(['?', '&']).find_map(|p| p.strip_prefix(&format!("{k}="))).map(str::to_string);
            let start: usize = q("next_token").map(|t| t.parse().unwrap()).unwrap_or(0);
            let body = if req.url.contains("/assignment/accounts") {
                let next = (start + 1 < n).then(|| (start + 1).to_string());
                serde_json::json!({"accountList": [{"accountId": format!("{:012}", start), "accountName": format!("a{start}"), "emailAddress": ""}], "nextToken": next})
            } else {
                let account: usize = q("account_id").unwrap().parse().unwrap();
                if Some(account) == fail_account {
                    return Ok(HttpResponse { status: 401, headers: vec![], body: b"{}".to_vec() });
                }
                let roles = 1 + account % 3;
                let next = (start + 1 < roles).then(|| (start + 1).to_string());
                serde_json::json!({"roleList": [{"roleName": format!("R{start}"), "accountId": format!("{:012}", account)}], "nextToken": next})
            };
            Ok(HttpResponse { status: 200, headers: vec![], body: body.to_string().into_bytes() })
        });
        (t, calls)
    }

    #[test]
    fn every_page_of_every_account_in_order() {
        let (t, calls) = portal_of(50, None);
        let ui = Interaction::collecting();
        let p = Portal { endpoint: "http://portal", ui: &ui, http: &t, access_token: "T", relogin_hint: "" };
        let all = crate::runtime::block_on(list_assignments(&p)).unwrap();
        let expected: usize = (0..50).map(|i| 1 + i % 3).sum();
        assert_eq!(all.len(), expected);
        assert_eq!(calls.load(Ordering::SeqCst), 50 + expected, "one call per page");
        assert_eq!((all[0].account_id.as_str(), all[0].role_name.as_str()), ("000000000000", "R0"));
        assert_eq!(
            (all[1].account_id.as_str(), all[1].role_name.as_str(), all[2].role_name.as_str()),
            ("000000000001", "R0", "R1")
        );
        assert_eq!(all.last().unwrap().account_name, "a49");
    }

    #[test]
    fn the_first_failure_is_the_result() {
        let (t, _) = portal_of(20, Some(7));
        let ui = Interaction::collecting();
        let p = Portal { endpoint: "http://portal", ui: &ui, http: &t, access_token: "T", relogin_hint: "Run it." };
        let e = crate::runtime::block_on(list_assignments(&p)).unwrap_err();
        assert_eq!(e.code, "UnauthorizedSsoToken");
        assert!(e.message.contains("Run it."), "{}", e.message);
    }
}
