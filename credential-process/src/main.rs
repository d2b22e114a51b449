//! `awslogin-credential-process --profile <name>`: the `credential_process` helper shipped with
//! the AwsLogin module.
//!
//! It resolves the profile with awslogin-core's providers (the same chain as the cmdlets:
//! console login and IAM Identity Center sessions are refreshed as needed) and prints the
//! `credential_process` JSON, exactly as `aws configure export-credentials --format process`
//! does, on stdout and nothing else. Any failure is one line on stderr and exit code 1. It never
//! prompts: a session that needs a new sign-in is an error that names the command to run.

use awslogin_core::chain::resolve;
use awslogin_core::export::helper_profile::{enter_chain, CHAIN_VARIABLE};
use awslogin_core::export::{render, Format};
use awslogin_core::interact::{Event, Interaction};
use awslogin_core::ops::CommonRequest;
use std::io::Write;
use std::process::ExitCode;

const NAME: &str = "awslogin-credential-process";

const USAGE: &str = "Usage: awslogin-credential-process --profile <name> [--region <region>]

Prints the credentials of an AWS profile as credential_process JSON, refreshing its console
login or IAM Identity Center session when needed. Use it in a profile of ~/.aws/config:

  [profile dev-process]
  credential_process = \"/path/to/awslogin-credential-process\" --profile dev

or let Get-AWSCredential -ProfileName dev -WriteCredentialProcessProfile dev-process write it.
";

struct Args {
    profile: Option<String>,
    region: Option<String>,
}

fn parse_args() -> Result<Option<Args>, String> {
    let mut args = Args { profile: None, region: None };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        let mut value = |name: &str| {
            inline.clone().or_else(|| it.next()).filter(|v| !v.is_empty()).ok_or(format!("{name} needs a value."))
        };
        match flag.as_str() {
            "--profile" => args.profile = Some(value("--profile")?),
            "--region" => args.region = Some(value("--region")?),
            "-h" | "--help" => return Ok(None),
            "--version" => {
                println!("{NAME} {}", env!("CARGO_PKG_VERSION"));
                std::process::exit(0);
            }
            other => return Err(format!("unknown argument '{}'. Run {NAME} --help.", other.escape_debug())),
        }
    }
    Ok(Some(args))
}

fn fail(message: &str) -> ExitCode {
    // One line: tools show the first line of stderr.
    let line: String = message.split_whitespace().collect::<Vec<_>>().join(" ");
    eprintln!("{NAME}: {line}");
    ExitCode::FAILURE
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(Some(a)) => a,
        Ok(None) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => return fail(&e),
    };
    let profile_key = args
        .profile
        .clone()
        .or_else(|| std::env::var("AWS_PROFILE").ok().filter(|p| !p.trim().is_empty()))
        .unwrap_or_else(|| "default".to_string());
    let chain = match enter_chain(std::env::var(CHAIN_VARIABLE).ok().as_deref(), &profile_key) {
        Ok(c) => c,
        Err(e) => return fail(&e.message),
    };
    // Before any thread exists: a credential_process further down sees the chain and stops a loop.
    std::env::set_var(CHAIN_VARIABLE, chain);

    let req = CommonRequest { profile_name: args.profile, region: args.region, ..Default::default() };
    let os = req.os();
    let ui = Interaction::collecting();
    let outcome = awslogin_core::runtime::block_on(resolve(&req, &os, &ui));
    for event in ui.take_events() {
        if let Event::Warning { message } = event {
            eprintln!("{NAME}: warning: {message}");
        }
    }
    match outcome {
        Ok(resolved) => {
            let text = render(&resolved.credentials, Format::Process);
            let mut out = std::io::stdout().lock();
            if out.write_all(text.as_bytes()).and_then(|_| out.flush()).is_err() {
                return fail("could not write to stdout.");
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e.message),
    }
}
