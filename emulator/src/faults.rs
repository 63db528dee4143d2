//! Injected faults: a script applied to the next calls in order, then (optionally) a seeded
//! random mix for load tests. Each action call takes at most one fault.

use serde::{Deserialize, Serialize};
use std::collections::VecDeque;
use std::sync::Mutex;

/// One fault, applied to one call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Fault {
    /// HTTP 400 `Throttling.User`, with an `x-acs-retry-after` header (ms) when set. The call
    /// is not executed.
    Throttle {
        #[serde(default)]
        retry_after_ms: Option<u64>,
    },
    /// HTTP 500 `InternalError`; not executed.
    InternalError,
    /// HTTP 503 `ServiceUnavailable`; not executed.
    ServiceUnavailable,
    /// The call is answered normally after this delay.
    Delay { ms: u64 },
    /// The connection is closed before the call is executed; no response.
    DropBeforeExecute,
    /// The call is executed (it counts), then the connection is closed; no response.
    DropAfterExecute,
    /// The call is executed, then answered 200 with a body that is not JSON or XML.
    GarbageBody,
    /// The call is executed, then the body is cut in half and the connection closed.
    TruncatedBody,
    /// After the signature and validation checks, the call is answered with its page's
    /// documented error row `index` (0-based, page order: that row's code, message and HTTP
    /// status, 400 where the page states none); not executed. A call whose page has no such
    /// row is answered normally.
    ErrorRow { index: usize },
}

/// Random faults: each call without a scripted fault gets one with probability `rate`, the
/// kind drawn uniformly, reproducibly from `seed` (in call order).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FaultMix {
    pub rate: f64,
    pub seed: u64,
}

/// The fault script and random mix of one emulator.
#[derive(Debug, Default)]
pub struct Faults {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    script: VecDeque<Fault>,
    random: Option<(f64, fastrand::Rng)>,
    applied: u64,
}

impl Faults {
    fn inner(&self) -> std::sync::MutexGuard<'_, Inner> {
        match self.inner.lock() {
            Ok(i) => i,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// Queues `fault` for the next call that has none queued.
    pub fn push(&self, fault: Fault) {
        self.inner().script.push_back(fault);
    }

    /// Queues `fault` for each of the next `n` calls (throttle the next N calls).
    pub fn push_n(&self, fault: Fault, n: usize) {
        let mut inner = self.inner();
        for _ in 0..n {
            inner.script.push_back(fault);
        }
    }

    /// Random faults from now on, after the script; a rate of 0 turns them off.
    pub fn random(&self, mix: FaultMix) {
        let rate = mix.rate.clamp(0.0, 1.0);
        self.inner().random = (rate > 0.0).then(|| (rate, fastrand::Rng::with_seed(mix.seed)));
    }

    /// Drops the script and the random mix.
    pub fn clear(&self) {
        let mut inner = self.inner();
        inner.script.clear();
        inner.random = None;
    }

    /// Scripted faults not applied yet.
    pub fn pending(&self) -> usize {
        self.inner().script.len()
    }

    /// Faults applied so far (scripted and random).
    pub fn applied(&self) -> u64 {
        self.inner().applied
    }

    /// The fault for the call arriving now, if any.
    pub(crate) fn next(&self) -> Option<Fault> {
        let mut inner = self.inner();
        let fault = match inner.script.pop_front() {
            Some(f) => Some(f),
            None => match &mut inner.random {
                Some((rate, rng)) => {
                    let hit = rng.f64() < *rate;
                    hit.then(|| random_fault(rng))
                }
                None => None,
            },
        };
        if fault.is_some() {
            inner.applied += 1;
        }
        fault
    }
}

fn random_fault(rng: &mut fastrand::Rng) -> Fault {
    match rng.u8(0..9) {
        0 => Fault::Throttle {
            retry_after_ms: Some(rng.u64(1..=20)),
        },
        1 => Fault::Throttle {
            retry_after_ms: None,
        },
        2 => Fault::InternalError,
        3 => Fault::ServiceUnavailable,
        4 => Fault::Delay {
            ms: rng.u64(1..=50),
        },
        5 => Fault::DropBeforeExecute,
        6 => Fault::DropAfterExecute,
        7 => Fault::GarbageBody,
        _ => Fault::TruncatedBody,
    }
}

/// What `POST /__emulator/faults` takes: faults to queue (each `repeat` times, default 1), a
/// random mix (`rate` 0 turns it off), or `clear`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultRequest {
    #[serde(default)]
    pub clear: bool,
    #[serde(default)]
    pub push: Vec<Fault>,
    #[serde(default)]
    pub repeat: Option<usize>,
    #[serde(default)]
    pub random: Option<FaultMix>,
}

impl Faults {
    /// Applies a control request; the answer's JSON reports the pending count.
    pub fn apply(&self, req: &FaultRequest) {
        if req.clear {
            self.clear();
        }
        let n = req.repeat.unwrap_or(1).min(1_000_000);
        for f in &req.push {
            self.push_n(*f, n);
        }
        if let Some(mix) = req.random {
            self.random(mix);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_first_then_a_reproducible_mix() {
        let f = Faults::default();
        f.push_n(Fault::InternalError, 2);
        f.push(Fault::Delay { ms: 5 });
        assert_eq!(f.next(), Some(Fault::InternalError));
        assert_eq!(f.next(), Some(Fault::InternalError));
        assert_eq!(f.next(), Some(Fault::Delay { ms: 5 }));
        assert_eq!(f.next(), None);
        let draw = |seed| {
            let f = Faults::default();
            f.random(FaultMix { rate: 0.3, seed });
            (0..1000).map(|_| f.next()).collect::<Vec<_>>()
        };
        let a = draw(7);
        assert_eq!(a, draw(7));
        let hits = a.iter().filter(|x| x.is_some()).count();
        assert!((200..400).contains(&hits), "{hits} of 1000 at rate 0.3");
    }

    #[test]
    fn control_requests_parse_from_json() {
        let r: FaultRequest = serde_json::from_str(
            r#"{"push":[{"kind":"throttle","retry_after_ms":10},{"kind":"drop_after_execute"}],"repeat":2}"#,
        )
        .unwrap();
        let f = Faults::default();
        f.apply(&r);
        assert_eq!(f.pending(), 4);
        assert_eq!(
            f.next(),
            Some(Fault::Throttle {
                retry_after_ms: Some(10)
            })
        );
        assert!(serde_json::from_str::<FaultRequest>(r#"{"bogus":1}"#).is_err());
    }
}
