//! Row 4 of BENCHMARKS.md, cache hits: `awslogin_core::chain::resolve` (the whole chain a
//! `Get-STSCallerIdentity -ProfileName` runs before it signs: read and parse the config files,
//! pick the provider, run it) for a `login_session` profile whose cached credentials are valid
//! and for an `sso_session` profile whose token is valid.
//!
//! It reads the real files of the environment it is started in (HOME / AWS_CONFIG_FILE, the
//! login and SSO caches) that `tools/Bench.ps1` seeded by signing in through the emulator.
//! - login: a valid cache file (more than 5 minutes left) is answered from the file, no network.
//! - SSO: the token file gives an access token, but the role credentials come from
//!   GetRoleCredentials; a new process has none, so the first resolution calls the emulator
//!   (AWS_ENDPOINT_URL) once and later ones are answered from the provider's in-memory role cache
//!   (token file still read and parsed every time). What is timed is that in-memory hit; the
//!   first, network, call is reported separately as `first_us`.
//!
//! `tools/Bench.ps1` counts the emulator's requests around this run to show no other call is made.
//!
//! Usage: cache_hit_bench LOGIN_PROFILE EXPECT_LOGIN_AKID_PREFIX SSO_PROFILE [--quick]
//! Prints one JSON object on stdout.

use awslogin_core::chain::resolve;
use awslogin_core::interact::Interaction;
use awslogin_core::ops::CommonRequest;
use awslogin_core::runtime::block_on;
use std::hint::black_box;
use std::time::{Duration, Instant};

#[path = "support/stats.rs"]
mod stats;
use stats::{summarize, Stats};

fn measure(budget: Duration, min_runs: usize, mut f: impl FnMut()) -> Stats {
    for _ in 0..3 {
        f();
    }
    let mut samples = Vec::new();
    let start = Instant::now();
    while samples.len() < min_runs || start.elapsed() < budget {
        let t = Instant::now();
        f();
        samples.push(t.elapsed().as_secs_f64() * 1e6);
        if samples.len() >= 200_000 {
            break;
        }
    }
    summarize(samples, 1)
}

fn resolve_once(profile: &str) -> awslogin_core::chain::Resolved {
    // A request like the module's: the profile by name, the process environment.
    let req = CommonRequest { profile_name: Some(profile.to_string()), ..Default::default() };
    let os = req.os();
    // A channel whose receiver is dropped: -Verbose events are discarded, nothing accumulates.
    let (ui, _events, _answers) = Interaction::channel();
    block_on(resolve(&req, &os, &ui)).unwrap_or_else(|e| panic!("resolving {profile} failed: {e:?}"))
}

fn json(name: &str, s: &Stats, first_us: Option<f64>) -> String {
    format!(
        "\"{name}\":{{\"median_us\":{:.3},\"p90_us\":{:.3},\"runs\":{}{}}}",
        s.median_us,
        s.p90_us,
        s.runs,
        first_us.map(|f| format!(",\"first_us\":{f:.1}")).unwrap_or_default()
    )
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--quick").collect();
    let quick = std::env::args().any(|a| a == "--quick");
    let [login_profile, akid_prefix, sso_profile] = &args[..] else {
        eprintln!("usage: cache_hit_bench LOGIN_PROFILE EXPECT_LOGIN_AKID_PREFIX SSO_PROFILE [--quick]");
        std::process::exit(2);
    };
    let budget = Duration::from_millis(if quick { 300 } else { 2000 });
    let min_runs = if quick { 50 } else { 200 };

    // Correctness first.
    let r = resolve_once(login_profile);
    assert!(
        r.credentials.access_key_id.starts_with(akid_prefix.as_str()),
        "login profile resolved to {}",
        r.credential_source
    );
    assert!(r.credential_source.contains("login_session"), "login profile resolved from {}", r.credential_source);
    let login = measure(budget, min_runs, || {
        black_box(resolve_once(black_box(login_profile)));
    });

    let t = Instant::now();
    let r = resolve_once(sso_profile);
    let first = t.elapsed().as_secs_f64() * 1e6;
    assert!(r.credential_source.contains("sso_session"), "SSO profile resolved from {}", r.credential_source);
    assert!(r.credentials.session_token.is_some(), "SSO role credentials have a session token");
    let sso = measure(budget, min_runs, || {
        black_box(resolve_once(black_box(sso_profile)));
    });
    println!("{{\"quick\":{quick},{},{}}}", json("login", &login, None), json("sso", &sso, Some(first)));
}
