//! Shared state of one emulator process, handed to every service as `&AppState` (inside an `Arc`).
//!
//! Holds the test clock, the identity store (seeded IAM users plus temporary credentials issued
//! at run time), the request log, the fault queue and the shutdown signal. Locks are plain
//! `std::sync::Mutex`es held only for short, non-async sections.

use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::Serialize;
use sha2::{Digest, Sha256};
use tokio::sync::watch;

use crate::encoding::{random_string, BASE64ISH, UPPER_ALNUM};
use crate::faults::FaultQueue;
use crate::seed::Seed;
use crate::sigv4_verify::KeyMaterial;
use crate::sso_directory::Directory;
use crate::timefmt::iso8601;

/// The identity a key belongs to, as `GetCallerIdentity` reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Principal {
    pub arn: String,
    pub user_id: String,
    pub account: String,
}

/// Temporary credentials the emulator issued (the `ASIA…` kind).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IssuedCredentials {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: String,
    /// ISO 8601, as STS and the sign-in service write it.
    pub expiration: String,
    /// The same instant in Unix seconds (the SSO portal wants epoch milliseconds: multiply).
    pub expiration_epoch_seconds: i64,
    pub arn: String,
    pub user_id: String,
    pub account: String,
}

/// A key the store knows: its secret material and whose it is.
#[derive(Debug, Clone)]
pub struct KnownKey {
    pub key: KeyMaterial,
    pub principal: Principal,
}

/// One line of the request log (`GET /_emulator/requests`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestRecord {
    pub method: String,
    pub path: String,
    /// The STS Action or the service operation, when known.
    pub operation: Option<String>,
    /// The access key id of a verified SigV4 signature (never the secret): which credentials
    /// a client signed with, so tests can tell a role's source credentials apart.
    pub signed_by: Option<String>,
    /// The principal ARN that access key belongs to.
    pub caller: Option<String>,
    /// HTTP status answered; 0 when a `drop` fault closed the connection without one.
    pub status: u16,
    /// The fault applied, if any (`500`, `throttle`, `delay`, `drop`).
    pub fault: Option<String>,
    /// Emulator-clock time, ISO 8601.
    pub time: String,
}

pub struct AppState {
    /// Informational (`--region`); the verifier accepts any well-formed region in the scope.
    pub region: String,
    pub seed: Seed,
    pub faults: FaultQueue,
    /// Console sign-in tokens of the federation endpoint, issued and not yet spent.
    pub signin_tokens: crate::federation::SigninTokens,
    clock_offset: AtomicI64,
    issued: Mutex<HashMap<String, IssuedCredentials>>,
    requests: Mutex<Vec<RequestRecord>>,
    shutdown: watch::Sender<bool>,
    /// The code every virtual MFA device shows now (tests set it through the control API).
    mfa_code: Mutex<String>,
    /// The HS256 key of the emulator's own web identity issuer.
    web_identity_secret: Vec<u8>,
    /// Container credentials endpoints registered by tests, by path.
    containers: Mutex<HashMap<String, ContainerEndpoint>>,
    /// IMDSv2 session tokens and when they expire (emulator seconds).
    imds_tokens: Mutex<HashMap<String, i64>>,
    /// The instance profile role served by the IMDS stand-in (starts as the seed's).
    imds_role: Mutex<Option<String>>,
    /// IAM Identity Center directories set through the control API, by SSO user; a user without
    /// one sees the seed's.
    sso_directories: Mutex<HashMap<String, Arc<Directory>>>,
}

/// What a container credentials path serves.
#[derive(Debug, Clone)]
pub struct ContainerEndpoint {
    /// The role ARN (`arn:aws:iam::ACCT:role/NAME`) whose session credentials are served.
    pub role_arn: String,
    /// When set, requests must carry exactly this `Authorization` header value.
    pub authorization: Option<String>,
    pub ttl_seconds: i64,
}

/// The MFA code of every virtual device until a test sets another.
pub const DEFAULT_MFA_CODE: &str = "123456";

impl AppState {
    pub fn new(seed: Seed, region: String) -> Arc<AppState> {
        let (shutdown, _) = watch::channel(false);
        Arc::new(AppState {
            region,
            faults: FaultQueue::default(),
            signin_tokens: Default::default(),
            clock_offset: AtomicI64::new(0),
            issued: Mutex::new(HashMap::new()),
            requests: Mutex::new(Vec::new()),
            shutdown,
            mfa_code: Mutex::new(DEFAULT_MFA_CODE.to_string()),
            web_identity_secret: crate::encoding::random_bytes(32),
            containers: Mutex::new(HashMap::new()),
            imds_tokens: Mutex::new(HashMap::new()),
            imds_role: Mutex::new(seed.instance_role_arn.clone()),
            sso_directories: Mutex::new(HashMap::new()),
            seed,
        })
    }

    // ---- clock ----

    /// The emulator's "now" in Unix seconds: the system clock plus the test offset.
    pub fn now(&self) -> i64 {
        let sys = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0);
        sys + self.clock_offset.load(Ordering::SeqCst)
    }

    pub fn clock_offset(&self) -> i64 {
        self.clock_offset.load(Ordering::SeqCst)
    }

    /// Sets (not adds to) the offset, so tests can always return to 0.
    pub fn set_clock_offset(&self, seconds: i64) {
        self.clock_offset.store(seconds, Ordering::SeqCst);
    }

    // ---- identities ----

    /// Issues temporary credentials for `arn` valid for `ttl_seconds` from the emulator's now
    /// (negative → already expired). The key id starts with `ASIA`, as AWS's temporary ones do.
    pub fn issue_session_credentials(
        &self,
        arn: &str,
        user_id: &str,
        account: &str,
        ttl_seconds: i64,
    ) -> IssuedCredentials {
        let expires = self.now() + ttl_seconds;
        let creds = IssuedCredentials {
            access_key_id: format!("ASIA{}", random_string(UPPER_ALNUM, 16)),
            secret_access_key: random_string(BASE64ISH, 40),
            // Real session tokens are long opaque base64; length matters to clients' buffers.
            session_token: format!("EMULATORSESSION{}", random_string(BASE64ISH, 300)),
            expiration: iso8601(expires),
            expiration_epoch_seconds: expires,
            arn: arn.to_string(),
            user_id: user_id.to_string(),
            account: account.to_string(),
        };
        self.issued.lock().unwrap().insert(creds.access_key_id.clone(), creds.clone());
        creds
    }

    /// Looks up an access key among seeded IAM users and issued temporary credentials.
    pub fn lookup_access_key(&self, access_key_id: &str) -> Option<KnownKey> {
        if let Some(u) = self.seed.iam_users.iter().find(|u| u.access_key_id == access_key_id) {
            return Some(KnownKey {
                key: KeyMaterial {
                    secret_access_key: u.secret_access_key.clone(),
                    session_token: None,
                    expires_at: None,
                },
                principal: Principal { arn: u.arn.clone(), user_id: u.user_id.clone(), account: u.account_id() },
            });
        }
        let issued = self.issued.lock().unwrap();
        issued.get(access_key_id).map(|c| KnownKey {
            key: KeyMaterial {
                secret_access_key: c.secret_access_key.clone(),
                session_token: Some(c.session_token.clone()),
                expires_at: Some(c.expiration_epoch_seconds),
            },
            principal: Principal { arn: c.arn.clone(), user_id: c.user_id.clone(), account: c.account.clone() },
        })
    }

    /// The seeded IAM user with this arn, if any.
    pub fn iam_user_by_arn(&self, arn: &str) -> Option<Principal> {
        self.seed.iam_users.iter().find(|u| u.arn == arn).map(|u| Principal {
            arn: u.arn.clone(),
            user_id: u.user_id.clone(),
            account: u.account_id(),
        })
    }

    /// The MFA device of the IAM user `arn`, if it has one.
    pub fn mfa_device_of(&self, arn: &str) -> Option<String> {
        self.seed.iam_users.iter().find(|u| u.arn == arn).and_then(|u| u.mfa_serial.clone())
    }

    pub fn mfa_code(&self) -> String {
        self.mfa_code.lock().unwrap().clone()
    }

    pub fn set_mfa_code(&self, code: &str) {
        *self.mfa_code.lock().unwrap() = code.to_string();
    }

    pub fn web_identity_secret(&self) -> &[u8] {
        &self.web_identity_secret
    }

    // ---- container credentials and IMDS ----

    /// Registers a container credentials endpoint and returns its path (`/v2/credentials/<id>`,
    /// the shape of ECS's relative URIs).
    pub fn register_container(&self, endpoint: ContainerEndpoint) -> String {
        let path = format!("/v2/credentials/{}", crate::encoding::request_id());
        self.containers.lock().unwrap().insert(path.clone(), endpoint);
        path
    }

    pub fn container(&self, path: &str) -> Option<ContainerEndpoint> {
        self.containers.lock().unwrap().get(path).cloned()
    }

    /// A new IMDSv2 session token valid for `ttl` seconds.
    pub fn issue_imds_token(&self, ttl: i64) -> String {
        let token = format!("EMULATORIMDS{}", random_string(BASE64ISH, 44).replace(['+', '/'], "A"));
        self.imds_tokens.lock().unwrap().insert(token.clone(), self.now() + ttl);
        token
    }

    pub fn imds_token_valid(&self, token: &str) -> bool {
        self.imds_tokens.lock().unwrap().get(token).is_some_and(|exp| *exp > self.now())
    }

    pub fn imds_role(&self) -> Option<String> {
        self.imds_role.lock().unwrap().clone()
    }

    pub fn set_imds_role(&self, arn: Option<String>) {
        *self.imds_role.lock().unwrap() = arn;
    }

    // ---- IAM Identity Center directory ----

    /// What `user` can reach: the directory a test set, else the seed's. Shared, not copied:
    /// every portal request reads it, and a test's may hold thousands of assignments.
    pub fn sso_directory(&self, user: &str) -> Arc<Directory> {
        match self.sso_directories.lock().unwrap().get(user) {
            Some(d) => d.clone(),
            None => Arc::new(Directory::from_seed(&self.seed, user)),
        }
    }

    pub fn set_sso_directory(&self, user: &str, directory: Directory) {
        self.sso_directories.lock().unwrap().insert(user.to_string(), Arc::new(directory));
    }

    /// Back to the seed's directory for every user; returns how many were replaced.
    pub fn clear_sso_directories(&self) -> usize {
        let mut d = self.sso_directories.lock().unwrap();
        let n = d.len();
        d.clear();
        n
    }

    // ---- request log ----

    pub fn record_request(&self, record: RequestRecord) {
        self.requests.lock().unwrap().push(record);
    }

    pub fn requests(&self) -> Vec<RequestRecord> {
        self.requests.lock().unwrap().clone()
    }

    /// How many requests each operation received (any status, faulted ones included).
    pub fn request_counts(&self) -> std::collections::BTreeMap<String, u64> {
        let mut counts = std::collections::BTreeMap::new();
        for r in self.requests.lock().unwrap().iter() {
            *counts.entry(r.operation.clone().unwrap_or_else(|| "-".into())).or_insert(0) += 1;
        }
        counts
    }

    pub fn clear_requests(&self) -> usize {
        let mut r = self.requests.lock().unwrap();
        let n = r.len();
        r.clear();
        n
    }

    // ---- shutdown ----

    pub fn request_shutdown(&self) {
        // `send` would drop the value while nobody is subscribed yet (stdin can close before
        // the server's shutdown future first runs); `send_replace` always stores it.
        self.shutdown.send_replace(true);
    }

    pub fn shutdown_receiver(&self) -> watch::Receiver<bool> {
        self.shutdown.subscribe()
    }
}

/// The assumed-role identity STS reports for a role session:
/// arn `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`, user id `AROA…:SESSION`. The `AROA` id is
/// derived from the role so that every session of one role shares it, as in AWS.
pub fn assumed_role_principal(account: &str, role_name: &str, session_name: &str) -> Principal {
    let digest = Sha256::digest(format!("arn:aws:iam::{}:role/{}", account, role_name).as_bytes());
    let role_id: String =
        digest.iter().take(17).map(|b| UPPER_ALNUM[(*b as usize) % UPPER_ALNUM.len()] as char).collect();
    Principal {
        arn: format!("arn:aws:sts::{}:assumed-role/{}/{}", account, role_name, session_name),
        user_id: format!("AROA{}:{}", role_id, session_name),
        account: account.to_string(),
    }
}

/// Parses `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION` into (account, role, session).
pub fn parse_assumed_role_arn(arn: &str) -> Option<(String, String, String)> {
    let account = crate::seed::account_from_arn(arn)?;
    let resource = arn.splitn(6, ':').nth(5)?;
    let mut parts = resource.splitn(3, '/');
    (parts.next()? == "assumed-role").then_some(())?;
    let role = parts.next()?.to_string();
    let session = parts.next()?.to_string();
    Some((account, role, session))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issued_credentials_are_found_and_expire_by_ttl() {
        let s = AppState::new(Seed::default_seed(), "us-east-1".into());
        let p = assumed_role_principal("111122223333", "ReadOnly", "alice");
        assert!(p.user_id.starts_with("AROA") && p.user_id.ends_with(":alice"));
        assert_eq!(
            assumed_role_principal("111122223333", "ReadOnly", "bob").user_id.split(':').next(),
            p.user_id.split(':').next()
        );
        let c = s.issue_session_credentials(&p.arn, &p.user_id, &p.account, -10);
        assert!(c.access_key_id.starts_with("ASIA") && c.access_key_id.len() == 20);
        let k = s.lookup_access_key(&c.access_key_id).unwrap();
        assert_eq!(k.principal, p);
        assert!(k.key.expires_at.unwrap() < s.now());
        assert_eq!(parse_assumed_role_arn(&p.arn), Some(("111122223333".into(), "ReadOnly".into(), "alice".into())));
        assert!(s.lookup_access_key("AKIAEMULATORALICE001").is_some());
        assert!(s.lookup_access_key("AKIAUNKNOWN").is_none());
    }
}
