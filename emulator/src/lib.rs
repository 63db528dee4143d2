//! A local ECS endpoint served from the reference pages, for testing the client end to end.
//!
//! Every action page becomes an RPC action at `http://127.0.0.1:PORT/`. A request goes through
//! what ECS does with it: signature (V1 HMAC-SHA1 or V3 ACS3-HMAC-SHA256, as the official SDKs
//! sign), the ±15 minute timestamp window, nonce reuse, the access key, the action and its
//! version, the page's documented rules (the same tables and validator the client's builders
//! use), ClientToken idempotency; the answer is the page's success example with a fresh
//! `RequestId`, or an ECS error body (JSON, or XML on `Format=XML`) with the page's matching
//! error row when there is one. Faults (throttling, 500/503, delays, dropped connections,
//! garbage and truncated bodies) are scripted through [`Faults`] or `POST /__emulator/faults`.
//!
//! ```no_run
//! # async fn demo() -> Result<(), ecs_emulator::StartError> {
//! use ecs_emulator::{Emulator, Fault};
//! let emu = Emulator::builder()
//!     .specs_dir("specs")
//!     .access_key("id", "secret")
//!     .start()
//!     .await?;
//! emu.faults().push(Fault::Throttle { retry_after_ms: Some(10) });
//! println!("{}", emu.endpoint());
//! emu.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! Control API (for the binary): `POST /__emulator/faults` with
//! `{"push":[{"kind":"throttle","retry_after_ms":10}],"repeat":3}`,
//! `{"random":{"rate":0.05,"seed":7}}` or `{"clear":true}`; `GET /__emulator/stats`;
//! `GET /__emulator/executions/{client_token}`.

#![forbid(unsafe_code)]

mod auth;
mod call;
mod catalog;
mod clock;
mod control;
mod error;
mod faults;
mod idempotency;
mod nonces;
mod params;
mod respond;
mod server;
mod state;
mod values;

pub use auth::WINDOW;
pub use catalog::CatalogSummary;
pub use clock::Clock;
pub use faults::{Fault, FaultMix, FaultRequest, Faults};
pub use params::{MAX_BODY_BYTES, MAX_PARAMS, MAX_QUERY_BYTES};
pub use state::{Coverage, FamilyCoverage, StateFileError, DEFAULT_TRANSITION_MS};

use auth::{Key, Verifier};
use ecs_client::Secret;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};

/// Why an emulator did not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("the emulator binds loopback addresses only, not {0} (allow others with allow_non_loopback, --allow-non-loopback)")]
    NotLoopback(SocketAddr),
    #[error("cannot bind {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("cannot read the pages in {path}: {source}")]
    Specs {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("no access key: give at least one with access_key()")]
    NoKeys,
    #[error(transparent)]
    State(#[from] StateFileError),
}

/// Configures and starts an [`Emulator`].
#[derive(Debug, Default)]
pub struct EmulatorBuilder {
    dirs: Vec<PathBuf>,
    pages: Vec<ecs_codegen::ir::Page>,
    keys: Vec<(String, Key)>,
    listen: Option<SocketAddr>,
    clock: Option<Arc<Clock>>,
    seed: Option<u64>,
    transition_ms: Option<u64>,
    state_file: Option<PathBuf>,
    strict: bool,
    allow_non_loopback: bool,
}

impl EmulatorBuilder {
    /// Serves every action page below `dir` (walked recursively). May be given more than once.
    pub fn specs_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.dirs.push(dir.into());
        self
    }

    /// Serves these pages (the first page of an action wins).
    pub fn pages(mut self, pages: Vec<ecs_codegen::ir::Page>) -> Self {
        self.pages.extend(pages);
        self
    }

    /// Accepts this access key. May be given more than once.
    pub fn access_key(mut self, id: impl Into<String>, secret: impl Into<Secret>) -> Self {
        self.keys.push((
            id.into(),
            Key {
                secret: secret.into(),
                token: None,
            },
        ));
        self
    }

    /// Accepts an STS key: requests signed with it must carry `token` (`SecurityToken` in V1,
    /// `x-acs-security-token` in V3).
    pub fn sts_key(
        mut self,
        id: impl Into<String>,
        secret: impl Into<Secret>,
        token: impl Into<Secret>,
    ) -> Self {
        self.keys.push((
            id.into(),
            Key {
                secret: secret.into(),
                token: Some(token.into()),
            },
        ));
        self
    }

    /// Where to listen (default `127.0.0.1:0`): a loopback address, or any other with
    /// [`EmulatorBuilder::allow_non_loopback`].
    pub fn listen(mut self, addr: SocketAddr) -> Self {
        self.listen = Some(addr);
        self
    }

    /// Allows a non-loopback `listen` address (`0.0.0.0:PORT`, for a container in a team's
    /// test setup): anyone who can reach it can call the emulator with the configured keys.
    /// A warning is logged at start.
    pub fn allow_non_loopback(mut self, allow: bool) -> Self {
        self.allow_non_loopback = allow;
        self
    }

    /// Refuses parameters the page does not list (`InvalidParameter`), where ECS, and the
    /// emulator by default, ignores them (logged at debug level and counted in
    /// [`Emulator::ignored_params`]).
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// Uses this clock (shared, so the caller can move it); default: the system time.
    pub fn clock(mut self, clock: Arc<Clock>) -> Self {
        self.clock = Some(clock);
        self
    }

    /// Draws resource ids from a source seeded with `seed`, so a run's ids repeat.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = Some(seed);
        self
    }

    /// How long each transient state (`Pending`, `Starting`, `Attaching`...) lasts; `0`
    /// settles at once. Default [`DEFAULT_TRANSITION_MS`].
    pub fn transition_ms(mut self, ms: u64) -> Self {
        self.transition_ms = Some(ms);
        self
    }

    /// Loads the resources from `path` at start (when it exists) and writes them back
    /// atomically at [`Emulator::shutdown`] and on [`Emulator::save_state`].
    pub fn state_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.state_file = Some(path.into());
        self
    }

    /// Reads the pages, binds and starts serving in the background.
    pub async fn start(self) -> Result<Emulator, StartError> {
        let addr = self
            .listen
            .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 0)));
        if !addr.ip().is_loopback() {
            if !self.allow_non_loopback {
                return Err(StartError::NotLoopback(addr));
            }
            tracing::warn!(
                "binding {addr}, not a loopback address (allowed): anyone who can reach it can call the emulator with its keys"
            );
        }
        if self.keys.is_empty() {
            return Err(StartError::NoKeys);
        }
        let mut pages = self.pages;
        for dir in self.dirs {
            let read = {
                let dir = dir.clone();
                tokio::task::spawn_blocking(move || ecs_codegen::parse_dir(&dir)).await
            };
            match read {
                Ok(Ok(p)) => pages.extend(p),
                Ok(Err(source)) => return Err(StartError::Specs { path: dir, source }),
                Err(join) => {
                    return Err(StartError::Specs {
                        path: dir,
                        source: std::io::Error::other(join.to_string()),
                    })
                }
            }
        }
        let mut catalog = catalog::Catalog::new(&pages);
        drop(pages);
        let state = state::State::new(
            std::mem::take(&mut catalog.models),
            self.seed,
            self.transition_ms.unwrap_or(DEFAULT_TRANSITION_MS),
            self.state_file,
        )?;
        let summary = &catalog.summary;
        tracing::info!(
            pages = summary.pages,
            actions = summary.actions,
            without_json_example = summary.without_json_example.len(),
            duplicates = summary.duplicates.len(),
            "pages loaded"
        );
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| StartError::Bind { addr, source })?;
        let local = listener
            .local_addr()
            .map_err(|source| StartError::Bind { addr, source })?;
        let shared = Arc::new(server::Shared {
            catalog,
            verifier: Verifier {
                keys: self.keys.into_iter().collect::<HashMap<_, _>>(),
                clock: self.clock.unwrap_or_default(),
                nonces: Mutex::new(nonces::Nonces::default()),
            },
            faults: Faults::default(),
            tokens: Mutex::new(idempotency::Tokens::default()),
            requests_seen: Default::default(),
            executions: Default::default(),
            state,
            strict: self.strict,
            ignored_params: Default::default(),
        });
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let task = tokio::spawn(server::serve(
            listener,
            server::router(shared.clone()),
            stopped,
        ));
        tracing::info!("listening on http://{local}");
        Ok(Emulator {
            addr: local,
            endpoint: format!("http://{local}"),
            shared,
            stop,
            task: Some(task),
        })
    }
}

/// A running emulator. Dropping it stops the server; [`Emulator::shutdown`] waits for that.
pub struct Emulator {
    addr: SocketAddr,
    endpoint: String,
    shared: Arc<server::Shared>,
    stop: tokio::sync::watch::Sender<bool>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl std::fmt::Debug for Emulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Emulator")
            .field("endpoint", &self.endpoint)
            .field("actions", &self.shared.catalog.summary.actions)
            .finish_non_exhaustive()
    }
}

impl Emulator {
    pub fn builder() -> EmulatorBuilder {
        EmulatorBuilder::default()
    }

    /// `http://127.0.0.1:PORT`.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The fault script and random mix.
    pub fn faults(&self) -> &Faults {
        &self.shared.faults
    }

    /// The server clock the timestamp window is checked against.
    pub fn clock(&self) -> &Clock {
        &self.shared.verifier.clock
    }

    /// How many times a request carrying this ClientToken was executed (replays do not count).
    pub fn executions(&self, client_token: &str) -> u64 {
        self.shared.tokens().executions(client_token)
    }

    /// Executions of every action, with or without a ClientToken.
    pub fn total_executions(&self) -> u64 {
        self.shared.executions.load(Ordering::Relaxed)
    }

    /// Parameters ignored because their page does not list them (see
    /// [`EmulatorBuilder::strict`]).
    pub fn ignored_params(&self) -> u64 {
        self.shared.ignored_params.load(Ordering::Relaxed)
    }

    /// ECS calls received (the control API not counted), whatever became of them.
    pub fn requests_seen(&self) -> u64 {
        self.shared.requests_seen.load(Ordering::Relaxed)
    }

    /// What loading the pages found.
    pub fn summary(&self) -> &CatalogSummary {
        &self.shared.catalog.summary
    }

    /// Names of the served actions, sorted.
    pub fn actions(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self
            .shared
            .catalog
            .actions
            .keys()
            .map(String::as_str)
            .collect();
        v.sort_unstable();
        v
    }

    /// Which actions act on state (by family) and which answer their page's example.
    pub fn coverage(&self) -> Coverage {
        self.shared.state.coverage(&self.actions())
    }

    /// Resources held, all accounts and regions.
    pub fn resources(&self) -> usize {
        self.shared.state.len()
    }

    /// Forgets every resource.
    pub fn reset_state(&self) {
        self.shared.state.reset();
    }

    /// The resources as JSON, as the state file holds them.
    pub fn dump_state(&self) -> serde_json::Value {
        self.shared.state.dump()
    }

    /// Replaces the resources with a dump.
    pub fn load_state(&self, dump: serde_json::Value) -> Result<(), serde_json::Error> {
        self.shared.state.load(dump)
    }

    /// Sets how long transient states last from now on (`0`: at once).
    pub fn set_transition_ms(&self, ms: u64) {
        self.shared.state.set_transition_ms(ms);
    }

    /// Writes the state file now (atomically); `Ok(None)` without one.
    pub fn save_state(&self) -> Result<Option<PathBuf>, StateFileError> {
        self.shared.state.save()
    }

    /// Stops accepting, closes open connections, waits for the server task and writes the
    /// state file, if one was given.
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
        if let Err(e) = self.shared.state.save() {
            tracing::warn!("{e}");
        }
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}
