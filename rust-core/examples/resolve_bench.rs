//! Row 4 of BENCHMARKS.md: credential resolution alone, no network, no file I/O.
//!
//! For generated config files of 10, 1,000 and 10,000 profiles it times
//! - `parse_resolve`: `ProfileSet::parse` of the whole text, then `base_provider` of one profile
//!   (what every `Get-STSCallerIdentity -ProfileName` does before it signs), and
//! - `resolve_only`: `base_provider` on an already-parsed set (lookup + flattening),
//!
//! and prints one JSON object on stdout that `tools/Bench.ps1` reads.
//!
//! Run: `cargo run --release -p awslogin-core --example resolve_bench [-- --quick]`
//!
//! The login-cache-hit and SSO-cache-hit cases are in `cache_hit_bench.rs`: they need real cache
//! files, which `tools/Bench.ps1` makes by signing in through the emulator.

use awslogin_core::config::ProfileSet;
use awslogin_core::credentials::repr::{base_provider, BaseProvider};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// A config file in the shape people have: a mix of static-key, SSO, login_session and
/// credential_process profiles, plus a few sso-session sections. The profile that is resolved
/// (`target`) is the last one in the file, a static-keys profile; `[default]` counts as one.
fn generate(n: usize) -> String {
    let mut s = String::with_capacity(n * 160);
    s.push_str("[default]\nregion = us-east-1\noutput = json\n\n");
    let sessions = (n / 100).max(1);
    for i in 0..sessions {
        s.push_str(&format!(
            "[sso-session corp{i}]\nsso_start_url = https://d-{i:010}.awsapps.com/start\nsso_region = eu-west-1\nsso_registration_scopes = sso:account:access\n\n"
        ));
    }
    for i in 0..n.saturating_sub(2) {
        match i % 4 {
            0 => s.push_str(&format!(
                "[profile p{i}]\naws_access_key_id = AKIAEXAMPLE{i:09}\naws_secret_access_key = secret/{i:030}\nregion = us-west-2\n\n"
            )),
            1 => s.push_str(&format!(
                "[profile p{i}]\nsso_session = corp{}\nsso_account_id = {:012}\nsso_role_name = ReadOnly\nregion = eu-west-1\n\n",
                i % sessions,
                i
            )),
            2 => s.push_str(&format!(
                "[profile p{i}]\nlogin_session = arn:aws:iam::{:012}:user/u{i}\nregion = eu-central-1\n\n",
                i
            )),
            _ => s.push_str(&format!("[profile p{i}]\ncredential_process = /usr/bin/env echo {i}\n\n")),
        }
    }
    s.push_str(
        "[profile target]\naws_access_key_id = AKIAEMULATORALICE001\naws_secret_access_key = EMULATOR/fake/secret/for/alice/NOTREAL01\nregion = us-east-1\n",
    );
    s
}

#[path = "support/stats.rs"]
mod stats;
use stats::{summarize, Stats};

/// Times `f` repeatedly for about `budget` (at least `min_runs` times, after a short warm-up).
/// When one call is shorter than ~20 µs each sample is a batch, divided back to one call.
fn measure(budget: Duration, min_runs: usize, mut f: impl FnMut()) -> Stats {
    for _ in 0..3 {
        f();
    }
    let probe = Instant::now();
    f();
    let one = probe.elapsed().as_secs_f64();
    let batch = if one < 20e-6 { ((20e-6 / one.max(1e-9)).ceil() as usize).min(10_000) } else { 1 };
    let mut samples = Vec::new();
    let start = Instant::now();
    while samples.len() < min_runs || start.elapsed() < budget {
        let t = Instant::now();
        for _ in 0..batch {
            f();
        }
        samples.push(t.elapsed().as_secs_f64() * 1e6 / batch as f64);
        if samples.len() >= 100_000 {
            break;
        }
    }
    summarize(samples, batch)
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let budget = Duration::from_millis(if quick { 300 } else { 2000 });
    let min_runs = if quick { 10 } else { 30 };
    let mut rows = Vec::new();
    for n in [10usize, 1_000, 10_000] {
        let text = generate(n);
        // Correctness first: the target resolves to its static keys.
        let set = ProfileSet::parse(Some(&text), None).expect("generated config parses");
        assert_eq!(set.names().count(), n, "profile count");
        let target = set.profile("target").expect("target profile");
        match base_provider("target", target, &set).expect("target resolves") {
            BaseProvider::AccessKey { access_key_id, .. } => assert_eq!(access_key_id, "AKIAEMULATORALICE001"),
            other => panic!("unexpected provider {other:?}"),
        }

        let full = measure(budget, min_runs, || {
            let set = ProfileSet::parse(Some(black_box(&text)), None).unwrap();
            let p = set.profile("target").unwrap();
            black_box(base_provider("target", p, &set).unwrap());
        });
        let only = measure(budget, min_runs, || {
            let p = set.profile(black_box("target")).unwrap();
            black_box(base_provider("target", p, &set).unwrap());
        });
        rows.push(format!(
            "{{\"profiles\":{n},\"bytes\":{},\"parse_resolve\":{{\"median_us\":{:.3},\"p90_us\":{:.3},\"runs\":{}}},\"resolve_only\":{{\"median_us\":{:.4},\"p90_us\":{:.4},\"runs\":{}}}}}",
            text.len(),
            full.median_us,
            full.p90_us,
            full.runs,
            only.median_us,
            only.p90_us,
            only.runs
        ));
    }
    println!("{{\"quick\":{quick},\"rows\":[{}]}}", rows.join(","));
}
