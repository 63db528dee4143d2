//! When a failed attempt is tried again, and after how long.
//!
//! # The safety rule
//! Retrying a call that already ran on the server can run it twice. So:
//! - An action with a `ClientToken` parameter gets one (a UUID v4, the same for every attempt
//!   of the call) unless the caller set it; ECS then runs it at most once per token, and the
//!   call may be retried after any retryable failure.
//! - A read-only action (`Describe*`, `List*`, `Query*`, `Get*`, `Check*`) may be retried
//!   after any retryable failure too.
//! - Any other action is retried only when the request certainly did not run: the
//!   connection could not be made, or the service refused it for flow control.
//!
//! Retryable failures: throttling, `InternalError`/`UnknownError`, `ServiceUnavailable`, 5xx
//! and 429 statuses, error rows the action's page marks as worth retrying, timeouts,
//! transport errors and unreadable answers. The wait is exponential backoff with full jitter
//! (a random delay between zero and `base * 2^(attempt-1)`, capped at `max_delay`), or the
//! service's `x-acs-retry-after` when it sends one (capped the same way).

use std::time::Duration;

/// How many attempts a call gets and how long it waits between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1 = never retry).
    pub max_attempts: u32,
    /// The backoff base: the first retry waits up to this long.
    pub base_delay: Duration,
    /// No wait is longer than this.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    /// Three attempts, 100 ms base, 20 s cap (the legacy SDK's numbers).
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(20),
        }
    }
}

impl RetryPolicy {
    /// One attempt, no retries.
    pub fn disabled() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    pub fn with_max_attempts(mut self, n: u32) -> Self {
        self.max_attempts = n.max(1);
        self
    }

    pub fn with_base_delay(mut self, d: Duration) -> Self {
        self.base_delay = d;
        self
    }

    pub fn with_max_delay(mut self, d: Duration) -> Self {
        self.max_delay = d;
        self
    }

    /// The wait before attempt `attempt + 1`, after attempt `attempt` (1-based) failed:
    /// `retry_after` when the service asked for it, else full jitter.
    pub fn delay(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        if let Some(d) = retry_after {
            return d.min(self.max_delay);
        }
        let exp = 2u32.saturating_pow(attempt.saturating_sub(1).min(30));
        let ceiling = self.base_delay.saturating_mul(exp).min(self.max_delay);
        let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(fastrand::u64(0..=nanos))
    }
}

/// How an attempt failed, as far as retrying is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// The request never reached the service (connect error, refused for flow control).
    NotExecuted,
    /// It may have run (timeout, broken connection, 5xx, unreadable answer).
    MaybeExecuted,
    /// An answer that a retry will not change (bad parameter, unknown resource...).
    Final,
}

/// Whether a call of an action that is `idempotent` (has a client token, or is read-only)
/// tries again after a failure of this kind.
pub fn should_retry(failure: Failure, idempotent: bool) -> bool {
    match failure {
        Failure::NotExecuted => true,
        Failure::MaybeExecuted => idempotent,
        Failure::Final => false,
    }
}

/// Actions that only read, by name: retrying them is always safe.
pub fn is_read_only(action: &str) -> bool {
    ["Describe", "List", "Query", "Get", "Check"]
        .iter()
        .any(|p| action.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_jitter_stays_under_the_exponential_ceiling() {
        let p = RetryPolicy::default()
            .with_base_delay(Duration::from_millis(100))
            .with_max_delay(Duration::from_millis(350));
        for _ in 0..200 {
            assert!(p.delay(1, None) <= Duration::from_millis(100));
            assert!(p.delay(2, None) <= Duration::from_millis(200));
            assert!(p.delay(3, None) <= Duration::from_millis(350));
            assert!(p.delay(40, None) <= Duration::from_millis(350));
        }
        // Full jitter spreads the waits: 200 draws under a 100 ms ceiling are not all equal.
        let draws: std::collections::HashSet<_> = (0..200).map(|_| p.delay(1, None)).collect();
        assert!(draws.len() > 1);
    }

    #[test]
    fn retry_after_wins_but_is_capped() {
        let p = RetryPolicy::default().with_max_delay(Duration::from_secs(1));
        assert_eq!(
            p.delay(1, Some(Duration::from_millis(40))),
            Duration::from_millis(40)
        );
        assert_eq!(
            p.delay(1, Some(Duration::from_secs(9))),
            Duration::from_secs(1)
        );
    }

    #[test]
    fn the_safety_rule() {
        assert!(should_retry(Failure::NotExecuted, false));
        assert!(!should_retry(Failure::MaybeExecuted, false));
        assert!(should_retry(Failure::MaybeExecuted, true));
        assert!(!should_retry(Failure::Final, true));
        assert!(is_read_only("DescribeInstances"));
        assert!(is_read_only("ListTagResources"));
        assert!(!is_read_only("CreateAutoSnapshotPolicy"));
        assert_eq!(RetryPolicy::default().with_max_attempts(0).max_attempts, 1);
    }
}
