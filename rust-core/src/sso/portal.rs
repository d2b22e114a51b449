//! The IAM Identity Center portal (`portal.sso.{region}.amazonaws.com`, rest-json, the bearer token
//! in `x-amz-sso_bearer_token`): GetRoleCredentials, ListAccounts, ListAccountRoles, Logout.

use super::Transport;
use crate::credentials::Credentials;
use crate::error::codes;
use crate::error::{Error, ErrorKind, Result};
use crate::http::{HttpRequest, HttpResponse, RetryPolicy};
use crate::interact::Interaction;
use crate::util::encoding::uri_encode;
use serde_json::Value;

pub struct Portal<'a> {
    /// Base URL without a trailing slash.
    pub endpoint: &'a str,
    pub ui: &'a Interaction,
    pub http: &'a Transport,
    pub access_token: &'a str,
    /// What to tell the user when the portal refuses the token, e.g.
    /// "Run Invoke-AWSSSOLogin -ProfileName dev."
    pub relogin_hint: &'a str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountInfo {
    pub account_id: String,
    pub account_name: String,
    pub email_address: String,
}

impl Portal<'_> {
    async fn call(&self, what: &str, method: &str, path_and_query: &str, policy: RetryPolicy) -> Result<HttpResponse> {
        let url = format!("{}{}", self.endpoint, path_and_query);
        let token = self.access_token.to_string();
        let r = self
            .http
            .send_with(self.ui, what, policy, || {
                Ok(HttpRequest {
                    method: method.into(),
                    url: url.clone(),
                    headers: vec![("x-amz-sso_bearer_token".into(), token.clone())],
                    body: Vec::new(),
                })
            })
            .await?;
        if (200..300).contains(&r.status) {
            return Ok(r);
        }
        let parsed: Option<Value> = serde_json::from_slice(&r.body).ok();
        let message = parsed
            .as_ref()
            .and_then(|v| v.get("message").or_else(|| v.get("Message")))
            .and_then(Value::as_str)
            .map(crate::util::text::server_text)
            .filter(|m| !m.is_empty())
            .map(|m| format!(": {m}"))
            .unwrap_or_default();
        // The exception name becomes the error code, so only a code-like one is used.
        let exception = r
            .header("x-amzn-errortype")
            .map(|h| h.split(':').next().unwrap_or(h).rsplit('#').next().unwrap_or(h))
            .and_then(crate::util::text::server_code)
            .map(str::to_string);
        Err(match r.status {
            401 => Error::of(
                codes::UNAUTHORIZED_SSO_TOKEN,
                format!("The IAM Identity Center portal refused the session's token for {what} (HTTP 401{message}): the session has expired or was signed out. {}", self.relogin_hint),
            ),
            403 => Error::of(codes::FORBIDDEN_EXCEPTION, format!("The IAM Identity Center portal denied {what} (HTTP 403{message}). Check that the account and role are assigned to you.")),
            404 => Error::of(
                codes::RESOURCE_NOT_FOUND_EXCEPTION,
                format!("The IAM Identity Center portal found no such account or role for {what} (HTTP 404{message}). Check sso_account_id and sso_role_name."),
            ),
            s => Error::from_service(
                if s == 400 { ErrorKind::InvalidInput } else { ErrorKind::Service },
                exception.unwrap_or_else(|| codes::SSO_PORTAL_ERROR.name.into()),
                format!("The IAM Identity Center portal refused {what} (HTTP {s}{message})."),
            )
            .with_status(s),
        })
    }

    fn json(r: &HttpResponse, what: &str) -> Result<Value> {
        serde_json::from_slice(&r.body).map_err(|_| {
            Error::of(
                codes::INVALID_SSO_PORTAL_RESPONSE,
                format!("The IAM Identity Center portal answered {what} with a body that is not JSON."),
            )
        })
    }

    pub async fn get_role_credentials(&self, account_id: &str, role_name: &str) -> Result<Credentials> {
        let q = format!(
            "/federation/credentials?role_name={}&account_id={}",
            uri_encode(role_name, false),
            uri_encode(account_id, false)
        );
        let r = self.call("GetRoleCredentials", "GET", &q, RetryPolicy::STANDARD).await?;
        let v = Self::json(&r, "GetRoleCredentials")?;
        let rc = v.get("roleCredentials").unwrap_or(&Value::Null);
        let s = |k: &str| rc.get(k).and_then(Value::as_str).filter(|s| !s.is_empty()).map(str::to_string);
        let (Some(access_key_id), Some(secret_access_key)) = (s("accessKeyId"), s("secretAccessKey")) else {
            return Err(Error::of(
                codes::INVALID_SSO_PORTAL_RESPONSE,
                "GetRoleCredentials' answer lacks roleCredentials.accessKeyId or secretAccessKey.",
            ));
        };
        // Epoch milliseconds.
        let expiration = rc
            .get("expiration")
            .and_then(crate::util::time::service_integer)
            .map(|ms| crate::util::time::from_epoch_seconds(ms.div_euclid(1000)));
        Ok(Credentials {
            access_key_id,
            secret_access_key,
            session_token: s("sessionToken"),
            expiration,
            account_id: Some(account_id.to_string()),
        })
    }

    /// Every item under `key` of every page of a listing: follows `nextToken` until the portal
    /// gives none. A token it gave before would make the listing endless, so that ends it with
    /// an error, never with a silently shortened list.
    async fn list_all(&self, what: &str, base_query: &str, key: &str) -> Result<Vec<Value>> {
        let mut out = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut next: Option<String> = None;
        loop {
            let mut q = base_query.to_string();
            if let Some(t) = &next {
                q.push_str(&format!("&next_token={}", uri_encode(t, false)));
            }
            let v = Self::json(&self.call(what, "GET", &q, RetryPolicy::BULK_LISTING).await?, what)?;
            out.extend(v.get(key).and_then(Value::as_array).into_iter().flatten().cloned());
            next = v.get("nextToken").and_then(Value::as_str).filter(|t| !t.is_empty()).map(str::to_string);
            match &next {
                None => return Ok(out),
                Some(t) if !seen.insert(t.clone()) => {
                    return Err(Error::of(
                        codes::INVALID_SSO_PORTAL_RESPONSE,
                        format!("The IAM Identity Center portal answered {what} with a nextToken it had given before: the listing would never end."),
                    ))
                }
                Some(_) => {}
            }
        }
    }

    /// ListAccounts, every page.
    pub async fn list_accounts(&self) -> Result<Vec<AccountInfo>> {
        let items = self.list_all("ListAccounts", "/assignment/accounts?max_result=100", "accountList").await?;
        Ok(items
            .iter()
            .map(|a| {
                let s = |k: &str| a.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
                AccountInfo {
                    account_id: s("accountId"),
                    account_name: s("accountName"),
                    email_address: s("emailAddress"),
                }
            })
            .collect())
    }

    /// ListAccountRoles, every page: the role names.
    pub async fn list_account_roles(&self, account_id: &str) -> Result<Vec<String>> {
        let q = format!("/assignment/roles?account_id={}&max_result=100", uri_encode(account_id, false));
        let items = self.list_all("ListAccountRoles", &q, "roleList").await?;
        Ok(items.iter().filter_map(|r| r.get("roleName").and_then(Value::as_str)).map(str::to_string).collect())
    }

    pub async fn logout(&self) -> Result<()> {
        self.call("Logout", "POST", "/logout", RetryPolicy::STANDARD).await.map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    #[test]
    fn pages_are_followed_and_401_is_explained() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let s2 = seen.clone();
        let t = Transport::fake(move |req| {
            s2.lock().unwrap().push(req.url.clone());
            assert_eq!(req.headers[0], ("x-amz-sso_bearer_token".to_string(), "TOK".to_string()));
            let body = if req.url.contains("next_token=p%2B2") {
                r#"{"accountList":[{"accountId":"2","accountName":"b","emailAddress":"b@x"}]}"#
            } else if req.url.contains("/assignment/accounts") {
                r#"{"nextToken":"p+2","accountList":[{"accountId":"1","accountName":"a","emailAddress":"a@x"}]}"#
            } else {
                return Ok(HttpResponse {
                    status: 401,
                    headers: vec![],
                    body: br#"{"message":"Session token not found or invalid"}"#.to_vec(),
                });
            };
            Ok(HttpResponse { status: 200, headers: vec![], body: body.as_bytes().to_vec() })
        });
        let ui = Interaction::collecting();
        let p = Portal {
            endpoint: "http://portal",
            ui: &ui,
            http: &t,
            access_token: "TOK",
            relogin_hint: "Run Invoke-AWSSSOLogin -ProfileName dev.",
        };
        let accounts = crate::runtime::block_on(p.list_accounts()).unwrap();
        assert_eq!(accounts.iter().map(|a| a.account_id.as_str()).collect::<Vec<_>>(), ["1", "2"]);
        let e = crate::runtime::block_on(p.get_role_credentials("1", "Admin")).unwrap_err();
        assert_eq!((e.code.as_str(), e.kind), ("UnauthorizedSsoToken", ErrorKind::Authentication));
        assert!(
            e.message.contains("Invoke-AWSSSOLogin -ProfileName dev") && !e.message.contains("TOK"),
            "{}",
            e.message
        );
        assert!(seen.lock().unwrap()[2].ends_with("/federation/credentials?role_name=Admin&account_id=1"));
    }

    #[test]
    fn a_listing_goes_past_a_thousand_pages_and_ends_on_a_repeated_token() {
        // 1,500 pages of one role each, then (second listing) a portal that hands back a token
        // it gave before: the first must be complete, the second must fail, not loop or cut.
        let t = Transport::fake(move |req| {
            let page: usize = req.url.split("next_token=").nth(1).map_or(0, |n| n.parse().unwrap());
            let body = if req.url.contains("account_id=loop") {
                format!(r#"{{"roleList":[{{"roleName":"R{page}"}}],"nextToken":"{}"}}"#, (page + 1) % 3)
            } else if page + 1 < 1500 {
                format!(r#"{{"roleList":[{{"roleName":"R{page}"}}],"nextToken":"{}"}}"#, page + 1)
            } else {
                format!(r#"{{"roleList":[{{"roleName":"R{page}"}}]}}"#)
            };
            Ok(HttpResponse { status: 200, headers: vec![], body: body.into_bytes() })
        });
        let ui = Interaction::collecting();
        let p = Portal { endpoint: "http://portal", ui: &ui, http: &t, access_token: "TOK", relogin_hint: "" };
        let roles = crate::runtime::block_on(p.list_account_roles("1")).unwrap();
        assert_eq!((roles.len(), roles[1499].as_str()), (1500, "R1499"));
        let e = crate::runtime::block_on(p.list_account_roles("loop")).unwrap_err();
        assert_eq!(e.code.as_str(), "InvalidSsoPortalResponse");
        assert!(e.message.contains("ListAccountRoles") && e.message.contains("never end"), "{}", e.message);
    }

    #[test]
    fn huge_messages_and_odd_exception_names_are_capped_and_not_used_as_codes() {
        let huge = serde_json::json!({"message": format!("denied\u{1b}[2J\r\n{}", "x".repeat(1_000_000))}).to_string();
        let t = Transport::fake(move |_| {
            Ok(HttpResponse {
                status: 400,
                headers: vec![("x-amzn-errortype".into(), format!("Bad Name {}", "y".repeat(5000)))],
                body: huge.clone().into_bytes(),
            })
        });
        let ui = Interaction::collecting();
        let p = Portal { endpoint: "http://portal", ui: &ui, http: &t, access_token: "TOK", relogin_hint: "" };
        let e = crate::runtime::block_on(p.list_accounts()).unwrap_err();
        assert_eq!(e.code, "SsoPortalError");
        assert!(e.message.len() < 1000 && !e.message.chars().any(char::is_control), "{}", e.message);
        assert!(e.message.contains("denied[2J xxx"), "{}", e.message);
    }
}
