//! The URLs of a console sign-in: the console page to land on (per partition and region), the
//! federation endpoint's `getSigninToken` request and the `login` URL that carries the token.
//! Pure functions, so every shape is unit-tested without a network.

use crate::credentials::Credentials;
use crate::error::{codes, Error, Result};
use crate::util::encoding::uri_encode;

/// The console's host for `region`: `<region>.console.aws.amazon.com` in the commercial
/// partition, the partition-wide host in China and GovCloud.
pub fn console_origin(region: &str) -> String {
    let partition = crate::regions::partition_of(region);
    if partition == Some("aws-cn") {
        "https://console.amazonaws.cn".to_string()
    } else if partition == Some("aws-us-gov") {
        "https://console.amazonaws-us-gov.com".to_string()
    } else {
        format!("https://{region}.console.aws.amazon.com")
    }
}

fn bad_destination(given: &str, why: &str) -> Error {
    Error::of(codes::INVALID_CONSOLE_DESTINATION,
        format!(
            "-Destination '{}' is not usable: {why}. Give a service name such as s3 or ec2, a console path such as /s3/home, or a console URL of the profile's partition.",
            given.escape_debug()
        ),
    )
}

/// The console URL to open for `destination` (a service name, a path starting with `/`, or a
/// full console URL of the partition) in `region`; none opens the console home. A service name
/// becomes `/<service>/home?region=<region>`; a path without a `region` query gets one.
pub fn destination_url(destination: Option<&str>, region: &str) -> Result<String> {
    let origin = console_origin(region);
    let given = destination.map(str::trim).filter(|d| !d.is_empty()).unwrap_or("console");
    if given.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(bad_destination(given, "it contains spaces or control characters"));
    }
    if given.starts_with("https://") || given.starts_with("http://") {
        // A full URL must stay on the partition's console: the token signs the user in, and the
        // destination is where that session is handed over.
        let host_ok = reqwest::Url::parse(given).ok().and_then(|u| {
            let host = u.host_str()?.to_string();
            let base = reqwest::Url::parse(&origin).ok()?;
            let suffix = base.host_str()?.trim_start_matches(&format!("{region}.")).to_string();
            Some(u.scheme() == "https" && (host == suffix || host.ends_with(&format!(".{suffix}"))))
        });
        if host_ok != Some(true) {
            return Err(bad_destination(given, &format!("a URL must be an https URL under {origin}'s domain")));
        }
        return Ok(given.to_string());
    }
    // A console path may end in a fragment (`#Instances:`), which stays after the query.
    let (given_path, fragment) = given.split_once('#').map_or((given, String::new()), |(p, f)| (p, format!("#{f}")));
    let (path, query) = if given.starts_with('/') {
        let (p, q) = given_path.split_once('?').map_or((given_path, None), |(p, q)| (p, Some(q)));
        (p.to_string(), q.map(str::to_string))
    } else if given.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
        (format!("/{given}/home"), None)
    } else {
        return Err(bad_destination(given, "a service name is lowercase letters, digits and hyphens"));
    };
    let has_region = query.as_deref().is_some_and(|q| q.split('&').any(|kv| kv.starts_with("region=")));
    let query = match (query, has_region) {
        (Some(q), true) => q,
        (Some(q), false) if !q.is_empty() => format!("{q}&region={region}"),
        _ => format!("region={region}"),
    };
    Ok(format!("{origin}{path}?{query}{fragment}"))
}

/// The `Session` parameter: the temporary credentials as the federation endpoint reads them.
pub fn session_json(creds: &Credentials) -> Result<String> {
    let token = creds.session_token.as_deref().ok_or_else(|| Error::internal("session credentials without a token"))?;
    Ok(serde_json::json!({
        "sessionId": creds.access_key_id,
        "sessionKey": creds.secret_access_key,
        "sessionToken": token,
    })
    .to_string())
}

/// `GET <base>/federation?Action=getSigninToken[&SessionDuration=N]&Session=<json>`. The URL
/// carries the secret key: it is never shown.
pub fn signin_token_url(base: &str, session_json: &str, session_duration: Option<u32>) -> String {
    let duration = session_duration.map(|d| format!("&SessionDuration={d}")).unwrap_or_default();
    format!("{base}/federation?Action=getSigninToken{duration}&Session={}", uri_encode(session_json, false))
}

/// The sign-in URL: `<base>/federation?Action=login&Issuer=AwsLogin&Destination=…&SigninToken=…`.
/// A credential until it is used (the token is good for one sign-in within 15 minutes).
pub fn login_url(base: &str, destination: &str, signin_token: &str) -> String {
    format!(
        "{base}/federation?Action=login&Issuer=AwsLogin&Destination={}&SigninToken={}",
        uri_encode(destination, false),
        uri_encode(signin_token, false)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn destinations_per_partition() {
        assert_eq!(
            destination_url(None, "eu-west-1").unwrap(),
            "https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1"
        );
        assert_eq!(
            destination_url(Some("s3"), "us-east-1").unwrap(),
            "https://us-east-1.console.aws.amazon.com/s3/home?region=us-east-1"
        );
        assert_eq!(
            destination_url(Some("/ec2/home#Instances:"), "us-west-2").unwrap(),
            "https://us-west-2.console.aws.amazon.com/ec2/home?region=us-west-2#Instances:"
        );
        assert_eq!(
            destination_url(Some("/s3/buckets?region=eu-north-1&tab=x"), "us-east-1").unwrap(),
            "https://us-east-1.console.aws.amazon.com/s3/buckets?region=eu-north-1&tab=x"
        );
        assert_eq!(
            destination_url(Some("/iam/home?x=1"), "us-east-1").unwrap(),
            "https://us-east-1.console.aws.amazon.com/iam/home?x=1&region=us-east-1"
        );
        assert_eq!(
            destination_url(Some("ec2"), "cn-north-1").unwrap(),
            "https://console.amazonaws.cn/ec2/home?region=cn-north-1"
        );
        assert_eq!(
            destination_url(Some("ec2"), "us-gov-west-1").unwrap(),
            "https://console.amazonaws-us-gov.com/ec2/home?region=us-gov-west-1"
        );
        let full = "https://us-east-1.console.aws.amazon.com/lambda/home";
        assert_eq!(destination_url(Some(full), "eu-west-1").unwrap(), full);
        for bad in [
            "S3",
            "s3 home",
            "https://evil.example/console",
            "http://console.aws.amazon.com/",
            "a/b",
            "s\u{1}3",
            "s3/home",
        ] {
            assert_eq!(destination_url(Some(bad), "us-east-1").unwrap_err().code, "InvalidConsoleDestination", "{bad}");
        }
    }

    #[test]
    fn federation_urls_encode_every_part() {
        let creds = Credentials {
            access_key_id: "ASIAX".into(),
            secret_access_key: "s/e+c=r&t".into(),
            session_token: Some("T+/=".into()),
            expiration: None,
            account_id: None,
        };
        let json = session_json(&creds).unwrap();
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v, serde_json::json!({"sessionId":"ASIAX","sessionKey":"s/e+c=r&t","sessionToken":"T+/="}));
        let url = signin_token_url("http://127.0.0.1:9", &json, Some(900));
        assert!(url.starts_with("http://127.0.0.1:9/federation?Action=getSigninToken&SessionDuration=900&Session=%7B"));
        assert!(!url[url.find("Session=").unwrap()..].contains(['&', '+', '/', '"']), "{url}");
        assert!(!signin_token_url("b", &json, None).contains("SessionDuration"));
        let login = login_url("https://signin.aws.amazon.com", "https://x/s3/home?region=r", "tok+/=");
        assert_eq!(
            login,
            "https://signin.aws.amazon.com/federation?Action=login&Issuer=AwsLogin&Destination=https%3A%2F%2Fx%2Fs3%2Fhome%3Fregion%3Dr&SigninToken=tok%2B%2F%3D"
        );
        let no_token = Credentials { session_token: None, ..creds };
        assert!(session_json(&no_token).is_err());
    }
}
