//! Waiters: poll a describe action until what it lists reaches a state.
//!
//! The generated waiters (`client.wait_until_disk_available()`, one per stable state a
//! describe page documents for its items; bring the action's `…Waiters` trait into scope) are
//! the describe's own builder, bound to a [`Waiting`] instead of a plain client: the setters
//! are the describe's (`.disk_ids([..])`, `.region_id(..)`), and `.wait(max_wait)` polls. For
//! anything the pages do not name, [`Client::wait_for`] polls any action with a closure that
//! decides.
//!
//! # When a wait ends
//! A [`StatusWaiter`] (what the generator writes for one waiter) reads the status of every
//! item the response lists and decides, in this order:
//! - no item listed: [`WaiterError::NotFound`] at once. ECS answers a describe of unknown ids
//!   with an empty list, so waiting longer would only wait for the timeout;
//! - every item in the target state: success, the response is returned;
//! - an item in another stable state of the page (a failure state): [`WaiterError::FailureState`]
//!   at once, unless the wait started in that state (the first poll's states are where the
//!   call left the resource: a `Stopped` instance right after `StartInstances`);
//! - otherwise (transient states, the starting states, states the page does not document):
//!   poll again.
//!
//! An error of the describe call ends the wait ([`WaiterError::Operation`]): the client has
//! already retried what is worth retrying.
//!
//! # Backoff
//! Smithy's waiter backoff ([`delay`]): after poll `n`, wait a random time between
//! `min_delay` and `min(min_delay·2ⁿ⁻¹, max_delay)`; when less than `min_delay` would be left
//! after that, wait exactly what is left and poll one last time. Past `max_wait`,
//! [`WaiterError::ExceededMaxWait`] says how long and how many polls. The clock and the sleep
//! are injectable ([`TimeSource`], [`Sleep`]; [`ManualClock`] is both and never waits), so a
//! test of a 10-minute wait runs at once.

use crate::client::{decode, raw_call, retryable, RawFailure};
use crate::{Action, Client, SdkError, ValidationErrors};
use serde_json::Value;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tracing::Instrument;

/// A sleep in progress, as [`Sleep::sleep`] returns it.
pub type SleepFuture = Pin<Box<dyn Future<Output = ()> + Send>>;

/// The waiter's clock: time since any fixed origin.
pub trait TimeSource: Send + Sync {
    /// Time since this source's origin; never goes back.
    fn now(&self) -> Duration;
}

/// How the waiter sleeps between polls.
pub trait Sleep: Send + Sync {
    /// A future that completes after `duration`.
    fn sleep(&self, duration: Duration) -> SleepFuture;
}

/// The real clock: time since the source was made.
#[derive(Debug, Clone, Copy)]
pub struct SystemClock {
    origin: Instant,
}

impl Default for SystemClock {
    fn default() -> Self {
        SystemClock {
            origin: Instant::now(),
        }
    }
}

impl TimeSource for SystemClock {
    fn now(&self) -> Duration {
        self.origin.elapsed()
    }
}

/// Sleeps on the tokio timer.
#[derive(Debug, Clone, Copy, Default)]
pub struct TokioSleep;

impl Sleep for TokioSleep {
    fn sleep(&self, duration: Duration) -> SleepFuture {
        Box::pin(tokio::time::sleep(duration))
    }
}

/// A clock that moves only when told to, and a sleep that moves it instead of waiting: a
/// waiter given one ([`WaitOptions::manual_clock`]) runs its whole schedule at once. Clones
/// share the time; [`sleeps`](Self::sleeps) lists what the waiter slept.
#[derive(Debug, Clone, Default)]
pub struct ManualClock {
    state: Arc<Mutex<ManualState>>,
}

#[derive(Debug, Default)]
struct ManualState {
    now: Duration,
    sleeps: Vec<Duration>,
}

impl ManualClock {
    /// A clock at its origin.
    pub fn new() -> Self {
        Self::default()
    }

    /// Moves the time on (a poll that takes a while).
    pub fn advance(&self, by: Duration) {
        self.lock().now += by;
    }

    /// Time since the origin.
    pub fn elapsed(&self) -> Duration {
        self.lock().now
    }

    /// Every sleep asked for so far, in order.
    pub fn sleeps(&self) -> Vec<Duration> {
        self.lock().sleeps.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, ManualState> {
        // The state is two plain values: a panic elsewhere cannot leave it half-written.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl TimeSource for ManualClock {
    fn now(&self) -> Duration {
        self.elapsed()
    }
}

impl Sleep for ManualClock {
    fn sleep(&self, duration: Duration) -> SleepFuture {
        let mut s = self.lock();
        s.now += duration;
        s.sleeps.push(duration);
        Box::pin(std::future::ready(()))
    }
}

/// Smithy's default shortest delay between polls.
pub const DEFAULT_MIN_DELAY: Duration = Duration::from_secs(2);
/// Smithy's default longest delay between polls.
pub const DEFAULT_MAX_DELAY: Duration = Duration::from_secs(120);

/// How a waiter polls: the delay bounds, the clock and the sleep.
#[derive(Clone)]
pub struct WaitOptions {
    min_delay: Duration,
    max_delay: Duration,
    time: Arc<dyn TimeSource>,
    sleep: Arc<dyn Sleep>,
}

impl Default for WaitOptions {
    fn default() -> Self {
        WaitOptions {
            min_delay: DEFAULT_MIN_DELAY,
            max_delay: DEFAULT_MAX_DELAY,
            time: Arc::new(SystemClock::default()),
            sleep: Arc::new(TokioSleep),
        }
    }
}

impl fmt::Debug for WaitOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WaitOptions")
            .field("min_delay", &self.min_delay)
            .field("max_delay", &self.max_delay)
            .finish_non_exhaustive()
    }
}

impl WaitOptions {
    /// The shortest delay between polls (default 2 s; at least 1 ms). A longest delay below
    /// it is raised to it.
    pub fn min_delay(mut self, delay: Duration) -> Self {
        self.min_delay = delay.max(Duration::from_millis(1));
        self.max_delay = self.max_delay.max(self.min_delay);
        self
    }

    /// The longest delay between polls (default 120 s; not below the shortest).
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay.max(self.min_delay);
        self
    }

    /// The clock that measures the wait (default: the real one).
    pub fn time_source(mut self, time: impl TimeSource + 'static) -> Self {
        self.time = Arc::new(time);
        self
    }

    /// How to sleep between polls (default: the tokio timer).
    pub fn sleep_impl(mut self, sleep: impl Sleep + 'static) -> Self {
        self.sleep = Arc::new(sleep);
        self
    }

    /// `clock` as both the clock and the sleep: the wait runs without waiting.
    pub fn manual_clock(self, clock: &ManualClock) -> Self {
        self.time_source(clock.clone()).sleep_impl(clock.clone())
    }
}

/// The delay before poll `attempt + 1`, after `attempt` polls (Smithy's waiter backoff):
/// `min_delay·2^(attempt-1)` up to `max_delay` (from the attempt past
/// `ln(max/min)/ln 2 + 1` on, `max_delay`), drawn uniformly from `min_delay` up to that by
/// `random` in `[0, 1]`; when `remaining` minus that delay would be `min_delay` or less, the
/// delay is all of `remaining` (one last poll at the deadline).
pub fn delay(
    attempt: u32,
    min_delay: Duration,
    max_delay: Duration,
    remaining: Duration,
    random: f64,
) -> Duration {
    let min = min_delay.as_secs_f64();
    let max = max_delay.as_secs_f64().max(min);
    let ceiling = if min > 0.0 {
        (max / min).ln() / std::f64::consts::LN_2 + 1.0
    } else {
        f64::INFINITY
    };
    let top = if f64::from(attempt) > ceiling {
        max
    } else {
        (min * 2f64.powi(attempt.saturating_sub(1).min(1023) as i32)).min(max)
    };
    let chosen = min + (top - min) * random.clamp(0.0, 1.0);
    let chosen = Duration::from_secs_f64(chosen);
    if remaining.saturating_sub(chosen) <= min_delay {
        remaining
    } else {
        chosen
    }
}

/// What a poll's response means for the wait.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WaitDecision {
    /// The state is reached: return the response.
    Success,
    /// Not yet: poll again after the backoff delay.
    Retry,
    /// The resource is in a state it will not leave for the target (named).
    Failure(String),
    /// There is nothing to wait for.
    NotFound,
}

/// Why a wait ended without its state. `R` is the polled action's response, `E` its error
/// enum.
#[derive(Debug)]
#[non_exhaustive]
pub enum WaiterError<R, E> {
    /// `max_wait` went by first.
    ExceededMaxWait {
        /// The limit given to `wait`.
        max_wait: Duration,
        /// Time from the first poll to the last.
        elapsed: Duration,
        /// Polls made.
        polls: u32,
    },
    /// An item reached a state it will not leave for the target.
    FailureState {
        /// The state, as the service spells it.
        state: String,
        /// The response that showed it.
        response: Box<R>,
    },
    /// The describe call listed nothing (ECS's answer for ids it does not know).
    NotFound,
    /// The describe call failed (after the client's own retries).
    Operation(SdkError<E>),
}

impl<R, E: fmt::Display> fmt::Display for WaiterError<R, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WaiterError::ExceededMaxWait {
                max_wait,
                elapsed,
                polls,
            } => write!(
                f,
                "the state was not reached within {max_wait:?} ({polls} polls over {elapsed:?})"
            ),
            WaiterError::FailureState { state, .. } => {
                write!(f, "reached `{state}`, a state the wait cannot succeed from")
            }
            WaiterError::NotFound => write!(f, "the describe call lists nothing to wait for"),
            WaiterError::Operation(e) => write!(f, "the describe call failed: {e}"),
        }
    }
}

impl<R: fmt::Debug, E: fmt::Debug + fmt::Display + 'static> std::error::Error for WaiterError<R, E>
where
    SdkError<E>: std::error::Error + 'static,
{
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WaiterError::Operation(e) => Some(e),
            _ => None,
        }
    }
}

impl<R, E> WaiterError<R, E> {
    /// The same error with the response mapped.
    pub fn map_response<S>(self, f: impl FnOnce(R) -> S) -> WaiterError<S, E> {
        match self {
            WaiterError::ExceededMaxWait {
                max_wait,
                elapsed,
                polls,
            } => WaiterError::ExceededMaxWait {
                max_wait,
                elapsed,
                polls,
            },
            WaiterError::FailureState { state, response } => WaiterError::FailureState {
                state,
                response: Box::new(f(*response)),
            },
            WaiterError::NotFound => WaiterError::NotFound,
            WaiterError::Operation(e) => WaiterError::Operation(e),
        }
    }
}

/// Polls with `poll` until `decide` says the wait is over, sleeping [`delay`] between polls.
/// The backoff's randomness is `fastrand`'s.
pub async fn run<T, E, P, F>(
    options: &WaitOptions,
    max_wait: Duration,
    mut poll: P,
    mut decide: impl FnMut(&T) -> WaitDecision,
) -> Result<T, WaiterError<T, E>>
where
    P: FnMut() -> F,
    F: Future<Output = Result<T, SdkError<E>>>,
{
    let start = options.time.now();
    let mut polls = 0u32;
    loop {
        let response = poll().await.map_err(WaiterError::Operation)?;
        polls = polls.saturating_add(1);
        let decision = decide(&response);
        tracing::debug!(polls, ?decision, "waiter poll");
        match decision {
            WaitDecision::Success => return Ok(response),
            WaitDecision::Failure(state) => {
                return Err(WaiterError::FailureState {
                    state,
                    response: Box::new(response),
                })
            }
            WaitDecision::NotFound => return Err(WaiterError::NotFound),
            WaitDecision::Retry => {}
        }
        let elapsed = options.time.now().saturating_sub(start);
        let remaining = max_wait.saturating_sub(elapsed);
        if remaining.is_zero() {
            return Err(WaiterError::ExceededMaxWait {
                max_wait,
                elapsed,
                polls,
            });
        }
        let wait = delay(
            polls,
            options.min_delay,
            options.max_delay,
            remaining,
            fastrand::f64(),
        );
        options.sleep.sleep(wait).await;
    }
}

/// One generated waiter: the describe's list of items, their status field and the page's
/// states for it (see the module docs for how they decide). Wire names throughout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusWaiter {
    /// `disk_available`.
    pub name: &'static str,
    /// Response keys from the root to the list (`["Disks"]`).
    pub list: &'static [&'static str],
    /// The list's element key (`Disk` in `{"Disks": {"Disk": [..]}}`), when it has one.
    pub wrapper: Option<&'static str>,
    /// The item's status key (`Status`).
    pub status: &'static str,
    /// The state waited for.
    pub target: &'static str,
    /// Transient states: poll again.
    pub retry: &'static [&'static str],
    /// The other stable states: fail, unless the wait started in it.
    pub failure: &'static [&'static str],
}

/// `key` of a JSON object: exact, else ignoring ASCII case (the pages and the service do not
/// always agree on case).
fn get<'v>(v: &'v Value, key: &str) -> Option<&'v Value> {
    let o = v.as_object()?;
    o.get(key).or_else(|| {
        o.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

impl StatusWaiter {
    /// The status of every item `response` lists (`None` for an item without one). The list
    /// may come wrapped (`{"Disk": [..]}`), bare (`[..]`), or as one object (XML's single
    /// element); absent or `null` is an empty list.
    pub fn statuses<'v>(&self, response: &'v Value) -> Vec<Option<&'v str>> {
        let mut at = Some(response);
        for key in self.list {
            at = at.and_then(|v| get(v, key));
        }
        let Some(mut list) = at else {
            return Vec::new();
        };
        if let Some(inner) = self.wrapper.and_then(|w| get(list, w)) {
            list = inner;
        }
        let items: Vec<&Value> = match list {
            Value::Array(items) => items.iter().collect(),
            Value::Object(o) if o.is_empty() => Vec::new(),
            Value::Object(_) => vec![list],
            _ => Vec::new(),
        };
        items
            .into_iter()
            .map(|item| get(item, self.status).and_then(Value::as_str))
            .collect()
    }

    /// A fresh acceptor for one wait.
    pub fn acceptor(&'static self) -> StatusAcceptor {
        StatusAcceptor {
            spec: self,
            started: None,
        }
    }
}

/// A [`StatusWaiter`] during one wait: it remembers the states of the first poll.
#[derive(Debug, Clone)]
pub struct StatusAcceptor {
    spec: &'static StatusWaiter,
    started: Option<Vec<String>>,
}

impl StatusAcceptor {
    /// What `response` (the describe's JSON) means for the wait.
    pub fn decide(&mut self, response: &Value) -> WaitDecision {
        let spec = self.spec;
        let states = spec.statuses(response);
        if states.is_empty() {
            return WaitDecision::NotFound;
        }
        let is = |s: Option<&str>, v: &str| s.is_some_and(|s| s.eq_ignore_ascii_case(v));
        if states.iter().all(|&s| is(s, spec.target)) {
            return WaitDecision::Success;
        }
        let started = self.started.get_or_insert_with(|| {
            states
                .iter()
                .flatten()
                .map(|s| s.to_ascii_lowercase())
                .collect()
        });
        for s in states.iter().flatten() {
            let failed = spec.failure.iter().any(|f| f.eq_ignore_ascii_case(s));
            if failed && !started.iter().any(|t| t.eq_ignore_ascii_case(s)) {
                return WaitDecision::Failure(s.to_string());
            }
        }
        WaitDecision::Retry
    }
}

/// Sends `request` once: its typed response and the JSON it came from.
async fn poll_once<A: Action>(
    client: &Client,
    request: &A,
) -> Result<(A::Response, Value), SdkError<A::Error>> {
    let value = client
        .call_raw(raw_call::<A>(request, &retryable::<A>))
        .await
        .map_err(RawFailure::into_sdk)?;
    let typed = decode::<A>(&value).map_err(SdkError::Response)?;
    Ok((typed, value))
}

/// The client slot of a describe builder turned waiter (`XBuilder<Waiting>`): the client,
/// the generated [`StatusWaiter`] and the [`WaitOptions`]. The generated `.wait(max_wait)`,
/// `.min_delay(..)`, `.max_delay(..)`, `.time_source(..)`, `.sleep_impl(..)` forward here.
#[derive(Clone)]
pub struct Waiting {
    client: Client,
    spec: &'static StatusWaiter,
    options: WaitOptions,
}

impl fmt::Debug for Waiting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Waiting")
            .field("waiter", &self.spec.name)
            .field("target", &self.spec.target)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl Waiting {
    /// `spec`'s waiter on `client`, with the default options.
    pub fn new(client: Client, spec: &'static StatusWaiter) -> Self {
        Waiting {
            client,
            spec,
            options: WaitOptions::default(),
        }
    }

    /// The waiter this slot runs.
    pub fn spec(&self) -> &'static StatusWaiter {
        self.spec
    }

    /// The options changed by `f`.
    pub fn options(mut self, f: impl FnOnce(WaitOptions) -> WaitOptions) -> Self {
        self.options = f(self.options);
        self
    }

    /// Polls `built` (the describe request, or why it could not be built) until the waiter
    /// decides, for at most `max_wait`.
    pub async fn wait<A: Action>(
        self,
        built: Result<A, ValidationErrors>,
        max_wait: Duration,
    ) -> Result<A::Response, WaiterError<A::Response, A::Error>> {
        let request = built.map_err(|e| WaiterError::Operation(SdkError::Construction(e)))?;
        let mut acceptor = self.spec.acceptor();
        let span = tracing::debug_span!("ecs_waiter", waiter = self.spec.name);
        run(
            &self.options,
            max_wait,
            || poll_once(&self.client, &request),
            |(_, json): &(A::Response, Value)| acceptor.decide(json),
        )
        .instrument(span)
        .await
        .map(|(typed, _)| typed)
        .map_err(|e| e.map_response(|(typed, _)| typed))
    }
}

/// [`Client::wait_for`]'s builder: set the options, then `.wait(max_wait)`.
pub struct WaitFor<A, D> {
    client: Client,
    request: A,
    decide: D,
    options: WaitOptions,
}

impl<A: fmt::Debug, D> fmt::Debug for WaitFor<A, D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WaitFor")
            .field("request", &self.request)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl<A, D> WaitFor<A, D>
where
    A: Action,
    D: FnMut(&A::Response) -> WaitDecision,
{
    /// The shortest delay between polls (default 2 s).
    pub fn min_delay(mut self, delay: Duration) -> Self {
        self.options = self.options.min_delay(delay);
        self
    }

    /// The longest delay between polls (default 120 s).
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.options = self.options.max_delay(delay);
        self
    }

    /// All the options at once (clock and sleep included).
    pub fn options(mut self, options: WaitOptions) -> Self {
        self.options = options;
        self
    }

    /// Polls until the closure decides, for at most `max_wait`.
    pub async fn wait(
        self,
        max_wait: Duration,
    ) -> Result<A::Response, WaiterError<A::Response, A::Error>> {
        let WaitFor {
            client,
            request,
            mut decide,
            options,
        } = self;
        run(
            &options,
            max_wait,
            || async { poll_once(&client, &request).await.map(|(typed, _)| typed) },
            |r: &A::Response| decide(r),
        )
        .await
    }
}

impl Client {
    /// Polls `request` until `decide` says the wait is over: a waiter for whatever the pages
    /// do not name. `decide` sees each typed response.
    ///
    /// ```no_run
    /// # use ecs_client::waiter::WaitDecision;
    /// # async fn run<A: ecs_client::Action<Response = R>, R>(client: ecs_client::Client, request: A, done: impl Fn(&R) -> bool) {
    /// let result = client
    ///     .wait_for(request, |r| if done(r) { WaitDecision::Success } else { WaitDecision::Retry })
    ///     .max_delay(std::time::Duration::from_secs(30))
    ///     .wait(std::time::Duration::from_secs(600))
    ///     .await;
    /// # let _ = result; }
    /// ```
    pub fn wait_for<A, D>(&self, request: A, decide: D) -> WaitFor<A, D>
    where
        A: Action,
        D: FnMut(&A::Response) -> WaitDecision,
    {
        WaitFor {
            client: self.clone(),
            request,
            decide,
            options: WaitOptions::default(),
        }
    }
}

#[cfg(test)]
mod tests;
