//! `GetCallerIdentity`: `POST /` with `Action=GetCallerIdentity&Version=2011-06-15`, SigV4
//! signed for service `sts` in the endpoint's region.

use super::xml::element_text;
use crate::credentials::Credentials;
use crate::error::codes;
use crate::error::{Error, Result};
use crate::http::{self, Endpoint, Service};
use crate::interact::Interaction;
use crate::ops::CommonRequest;
use serde::Serialize;

const BODY: &str = "Action=GetCallerIdentity&Version=2011-06-15";

/// The caller's identity, with the member names of the AWS Tools' `GetCallerIdentityResponse`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CallerIdentity {
    pub user_id: String,
    pub account: String,
    pub arn: String,
    /// `ResponseMetadata.RequestId` of the response (the .NET SDK's `ResponseMetadata`).
    pub request_id: Option<String>,
    /// The HTTP status and body length, as the .NET SDK's `AmazonWebServiceResponse` has them.
    pub http_status_code: u16,
    pub content_length: u64,
}

/// Calls GetCallerIdentity at `endpoint` with `creds`.
pub async fn get_caller_identity(
    creds: &Credentials,
    region: &str,
    endpoint: &Endpoint,
    ui: &Interaction,
    clock: &dyn crate::os::Clock,
) -> Result<CallerIdentity> {
    let r = super::query::call("GetCallerIdentity", Some(creds), region, endpoint, BODY, ui, clock).await?;
    let mut identity = parse_identity(&r.text())?;
    identity.http_status_code = r.status;
    identity.content_length = r.body.len() as u64;
    Ok(identity)
}

fn parse_identity(text: &str) -> Result<CallerIdentity> {
    let get = |name: &str| {
        element_text(text, name).ok_or_else(|| {
            Error::of(
                codes::INVALID_STS_RESPONSE,
                format!("STS answered GetCallerIdentity without {name}; the endpoint may not be STS."),
            )
        })
    };
    Ok(CallerIdentity {
        user_id: get("UserId")?,
        account: get("Account")?,
        arn: get("Arn")?,
        request_id: element_text(text, "RequestId"),
        http_status_code: 200,
        content_length: text.len() as u64,
    })
}

/// The `awslogin_caller_identity` operation.
pub async fn caller_identity_op(req: serde_json::Value, ui: &Interaction) -> Result<serde_json::Value> {
    let req = CommonRequest::from_json(req)?;
    let os = req.os();
    let resolved = crate::chain::resolve(&req, &os, ui).await?;
    ui.verbose(format!("Credentials from {}.", resolved.credential_source));
    let endpoint = http::resolve_endpoint(
        Service::Sts,
        req.endpoint_url(),
        os.env.as_ref(),
        &resolved.endpoints,
        &resolved.region,
    )?;
    ui.verbose(format!("STS endpoint {} from {}.", endpoint.url, endpoint.source));
    let identity =
        get_caller_identity(&resolved.credentials, &resolved.region, &endpoint, ui, os.clock.as_ref()).await?;
    serde_json::to_value(identity).map_err(|e| Error::internal(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::SystemTime;

    #[test]
    fn identity_needs_every_member() {
        assert_eq!(parse_identity("<x/>").unwrap_err().code, "InvalidStsResponse");
        let ok = parse_identity("<UserId>U</UserId><Account>1</Account><Arn>A</Arn>").unwrap();
        assert_eq!((ok.user_id.as_str(), ok.arn.as_str()), ("U", "A"));
    }

    #[test]
    fn request_is_signed_for_sts() {
        let creds = Credentials {
            access_key_id: "AKID".into(),
            secret_access_key: "S".into(),
            session_token: Some("T".into()),
            expiration: None,
            account_id: None,
        };
        let ep = Endpoint { url: "http://127.0.0.1:8080".into(), source: "test".into() };
        let r = super::super::query::build(Some(&creds), "eu-west-1", &ep, SystemTime::UNIX_EPOCH, BODY).unwrap();
        assert_eq!(r.url, "http://127.0.0.1:8080/");
        let auth = &r.headers.iter().find(|(k, _)| k == "authorization").unwrap().1;
        assert!(
            auth.contains("/19700101/eu-west-1/sts/aws4_request")
                && auth.contains("SignedHeaders=content-type;host;x-amz-date;x-amz-security-token"),
            "{auth}"
        );
        assert_eq!(String::from_utf8(r.body).unwrap(), BODY);
    }
}
