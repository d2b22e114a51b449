//! `awslogin-emulator`: a local AWS for AwsLogin's end-to-end tests.
//!
//! One HTTP listener on 127.0.0.1 serves STS (strict SigV4) and, as they are built, sign-in,
//! SSO OIDC and the SSO portal, plus a test control API under `/_emulator/` (fault injection,
//! request log, clock offset, credential issuing). See README.md beside Cargo.toml.
//!
//! ```text
//! awslogin-emulator [--port N] [--seed FILE] [--region R] [--exit-on-stdin-eof]
//! ```
//!
//! On start it prints exactly one line, `http://127.0.0.1:PORT`, to stdout; everything else goes
//! to stderr and never includes secrets.

// Handlers return a ready error `Response` as the `Err` of early checks; boxing it would only add
// noise to every `?` in the services.
#![allow(clippy::result_large_err)]

mod assume_role;
mod base64url;
mod container;
mod control;
mod encoding;
mod faults;
mod federation;
mod imds;
mod respond;
mod router;
mod seed;
mod signin;
mod sigv4_verify;
mod sso_directory;
mod sso_oidc;
mod sso_portal;
mod state;
mod sts;
mod timefmt;
mod web_identity;

use std::convert::Infallible;
use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::sync::Arc;
use std::time::Duration;

use hyper::server::conn::AddrStream;
use hyper::service::{make_service_fn, service_fn};
use hyper::Server;

use crate::seed::Seed;
use crate::state::AppState;

const USAGE: &str = "usage: awslogin-emulator [--port N] [--seed FILE] [--region R] [--exit-on-stdin-eof]";

struct Args {
    port: u16,
    seed: Option<String>,
    region: String,
    exit_on_stdin_eof: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args { port: 0, seed: None, region: "us-east-1".into(), exit_on_stdin_eof: false };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().ok_or_else(|| format!("{} needs a value", name));
        match a.as_str() {
            "--port" => {
                args.port = value("--port")?.parse().map_err(|_| "--port needs a number 0-65535".to_string())?
            }
            "--seed" => args.seed = Some(value("--seed")?),
            "--region" => args.region = value("--region")?,
            "--exit-on-stdin-eof" => args.exit_on_stdin_eof = true,
            "-h" | "--help" => {
                println!("{}", USAGE);
                std::process::exit(0);
            }
            other => return Err(format!("unknown argument '{}'", other)),
        }
    }
    Ok(args)
}

fn load_seed(path: Option<&str>) -> Result<Seed, String> {
    match path {
        None => Ok(Seed::default_seed()),
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|e| format!("cannot read seed {}: {}", p, e))?;
            Seed::parse(&text).map_err(|e| format!("{}: {}", p, e))
        }
    }
}

/// Resolves when any shutdown trigger fires: Ctrl+C, SIGTERM, `POST /_emulator/shutdown`, or
/// (with `--exit-on-stdin-eof`) stdin closing — so a test harness that dies takes us down.
async fn shutdown_signal(state: Arc<AppState>) {
    let mut rx = state.shutdown_receiver();
    let control = async move {
        while !*rx.borrow() {
            if rx.changed().await.is_err() {
                break;
            }
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = control => eprintln!("awslogin-emulator: shutdown requested"),
        _ = tokio::signal::ctrl_c() => eprintln!("awslogin-emulator: interrupted"),
        _ = term => eprintln!("awslogin-emulator: terminated"),
    }
}

/// Watches stdin on a plain thread (tokio's stdin needs a feature the workspace does not enable,
/// and a blocking read is all this needs).
fn watch_stdin(state: Arc<AppState>) {
    std::thread::spawn(move || {
        let mut buf = [0u8; 256];
        let mut stdin = std::io::stdin();
        loop {
            match stdin.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
        }
        eprintln!("awslogin-emulator: stdin closed");
        state.request_shutdown();
    });
}

#[tokio::main]
async fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("awslogin-emulator: {}\n{}", e, USAGE);
            std::process::exit(2);
        }
    };
    let seed = match load_seed(args.seed.as_deref()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("awslogin-emulator: {}", e);
            std::process::exit(2);
        }
    };
    let state = AppState::new(seed, args.region.clone());

    // Loopback only: the emulator holds fake secrets but must never be reachable from outside.
    let listener = match TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, args.port))) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("awslogin-emulator: cannot listen on 127.0.0.1:{}: {}", args.port, e);
            std::process::exit(1);
        }
    };
    let port = listener.local_addr().expect("bound socket has an address").port();
    listener.set_nonblocking(true).expect("set_nonblocking");
    let server = Server::from_tcp(listener).expect("hyper accepts a bound listener");

    let svc_state = state.clone();
    let make = make_service_fn(move |_conn: &AddrStream| {
        let state = svc_state.clone();
        async move { Ok::<_, Infallible>(service_fn(move |req| router::serve(state.clone(), req))) }
    });
    let server = server.serve(make).with_graceful_shutdown(shutdown_signal(state.clone()));

    // The one stdout line harnesses wait for; the listener is already accepting (backlog).
    {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "http://127.0.0.1:{}", port);
        let _ = out.flush();
    }
    eprintln!(
        "awslogin-emulator: listening on 127.0.0.1:{} (region {}, {} IAM user(s), {} account(s))",
        port,
        args.region,
        state.seed.iam_users.len(),
        state.seed.accounts.len()
    );
    if args.exit_on_stdin_eof {
        watch_stdin(state.clone());
    }

    let server = tokio::spawn(server);
    // Graceful shutdown waits for open connections; don't let a stuck keep-alive client hold us.
    let mut rx = state.shutdown_receiver();
    tokio::select! {
        r = server => {
            if let Ok(Err(e)) = r {
                eprintln!("awslogin-emulator: server error: {}", e);
                std::process::exit(1);
            }
        }
        _ = async {
            while !*rx.borrow() { if rx.changed().await.is_err() { break; } }
            tokio::time::sleep(Duration::from_secs(3)).await;
        } => eprintln!("awslogin-emulator: connections still open after 3 s; exiting anyway"),
    }
}
