//! `ecs-emulator --listen 127.0.0.1:0 --specs DIR --access-key-id ID --access-key-secret SECRET`
//!
//! Serves every action page below DIR and prints `listening on http://127.0.0.1:PORT` once
//! it accepts connections. Faults are scripted through `POST /__emulator/faults`. Logs
//! (`RUST_LOG`-free: `--verbose` for debug) go to stderr and never carry the secret.
//! Parameters a page does not list are ignored, as ECS ignores them (`--strict` refuses
//! them). It binds loopback only unless `--allow-non-loopback` is given (for a container:
//! `--listen 0.0.0.0:8080 --allow-non-loopback`), and then warns at start.

use std::io::Write;
use std::net::SocketAddr;
use std::process::ExitCode;

const USAGE: &str = "usage: ecs-emulator --specs DIR --access-key-id ID --access-key-secret SECRET [--listen 127.0.0.1:0] [--sts-token TOKEN] [--seed N] [--transition-ms MS] [--state FILE] [--strict] [--allow-non-loopback] [--verbose]";

struct Args {
    listen: SocketAddr,
    specs: Vec<String>,
    key_id: String,
    secret: String,
    token: Option<String>,
    seed: Option<u64>,
    transition_ms: Option<u64>,
    state: Option<String>,
    /// Refuse parameters the page does not list (ECS ignores them).
    strict: bool,
    /// Allow a `--listen` address that is not loopback.
    allow_non_loopback: bool,
    verbose: bool,
}

fn parse(mut argv: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut listen = None;
    let mut specs = Vec::new();
    let mut key_id = None;
    let mut secret = None;
    let mut token = None;
    let mut seed = None;
    let mut transition_ms = None;
    let mut state = None;
    let mut verbose = false;
    let mut strict = false;
    let mut allow_non_loopback = false;
    while let Some(arg) = argv.next() {
        let mut value = |name: &str| argv.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--listen" => {
                let v = value("--listen")?;
                listen = Some(
                    v.parse::<SocketAddr>()
                        .map_err(|e| format!("--listen {v:?} is not an address (IP:PORT): {e}"))?,
                );
            }
            "--specs" => specs.push(value("--specs")?),
            "--access-key-id" => key_id = Some(value("--access-key-id")?),
            "--access-key-secret" => secret = Some(value("--access-key-secret")?),
            "--sts-token" => token = Some(value("--sts-token")?),
            "--seed" => {
                let v = value("--seed")?;
                seed = Some(v.parse::<u64>().map_err(|e| format!("--seed {v:?}: {e}"))?);
            }
            "--transition-ms" => {
                let v = value("--transition-ms")?;
                transition_ms = Some(
                    v.parse::<u64>()
                        .map_err(|e| format!("--transition-ms {v:?}: {e}"))?,
                );
            }
            "--state" => state = Some(value("--state")?),
            "--verbose" => verbose = true,
            "--strict" => strict = true,
            "--allow-non-loopback" => allow_non_loopback = true,
            "-h" | "--help" => return Err(USAGE.to_string()),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    if specs.is_empty() {
        return Err("--specs DIR is required".into());
    }
    Ok(Args {
        listen: listen.unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 0))),
        specs,
        key_id: key_id.ok_or("--access-key-id is required")?,
        secret: secret.ok_or("--access-key-secret is required")?,
        token,
        seed,
        transition_ms,
        state,
        strict,
        allow_non_loopback,
        verbose,
    })
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse(std::env::args().skip(1)) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("ecs-emulator: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(if args.verbose {
            tracing::Level::DEBUG
        } else {
            tracing::Level::INFO
        })
        .init();
    let mut builder = ecs_emulator::Emulator::builder()
        .listen(args.listen)
        .allow_non_loopback(args.allow_non_loopback)
        .strict(args.strict);
    for dir in &args.specs {
        builder = builder.specs_dir(dir);
    }
    if let Some(seed) = args.seed {
        builder = builder.seed(seed);
    }
    if let Some(ms) = args.transition_ms {
        builder = builder.transition_ms(ms);
    }
    if let Some(path) = &args.state {
        builder = builder.state_file(path);
    }
    builder = match args.token {
        Some(t) => builder.sts_key(args.key_id, args.secret, t),
        None => builder.access_key(args.key_id, args.secret),
    };
    let emu = match builder.start().await {
        Ok(e) => e,
        Err(e) => {
            eprintln!("ecs-emulator: {e}");
            return ExitCode::from(1);
        }
    };
    let summary = emu.summary();
    eprintln!(
        "ecs-emulator: serving {} actions from {} pages ({} without a JSON example)",
        summary.actions,
        summary.pages,
        summary.without_json_example.len()
    );
    let coverage = emu.coverage();
    eprintln!(
        "ecs-emulator: {} actions keep state in {} resource families ({} with a lifecycle), {} answer their page's example; GET /__emulator/coverage lists them",
        coverage.stateful(),
        coverage.families.len(),
        coverage.families.iter().filter(|f| !f.states.is_empty()).count(),
        coverage.example_only.len()
    );
    let mut out = std::io::stdout().lock();
    if writeln!(out, "listening on {}", emu.endpoint())
        .and_then(|_| out.flush())
        .is_err()
    {
        return ExitCode::from(1);
    }
    drop(out);
    let _ = tokio::signal::ctrl_c().await;
    emu.shutdown().await;
    ExitCode::SUCCESS
}
