//! The emulator's clock, injectable so tests can prove the ±15 minute timestamp window: the
//! system time shifted by an offset, or a frozen instant.

use std::sync::Mutex;
use time::{Duration, OffsetDateTime};

/// Server time as the signature checks see it. Shared by the server and its handle.
#[derive(Debug, Default)]
pub struct Clock {
    state: Mutex<ClockState>,
}

#[derive(Debug, Default, Clone, Copy)]
struct ClockState {
    offset: Duration,
    frozen: Option<OffsetDateTime>,
}

impl Clock {
    fn state(&self) -> std::sync::MutexGuard<'_, ClockState> {
        match self.state.lock() {
            Ok(s) => s,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// Now, in UTC: the frozen instant if set, else the system time plus the offset.
    pub fn now(&self) -> OffsetDateTime {
        let s = *self.state();
        s.frozen
            .unwrap_or_else(|| OffsetDateTime::now_utc() + s.offset)
    }

    /// Runs the clock `offset` ahead of the system time (negative: behind); unfreezes it.
    pub fn set_offset(&self, offset: Duration) {
        let mut s = self.state();
        s.offset = offset;
        s.frozen = None;
    }

    /// Stops the clock at `at` until [`Clock::set_offset`] is called.
    pub fn freeze_at(&self, at: OffsetDateTime) {
        self.state().frozen = Some(at);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_and_freeze() {
        let c = Clock::default();
        let at = time::macros::datetime!(2020-01-01 0:00 UTC);
        c.freeze_at(at);
        assert_eq!(c.now(), at);
        c.set_offset(Duration::hours(2));
        let ahead = c.now() - OffsetDateTime::now_utc();
        assert!(ahead > Duration::minutes(119) && ahead < Duration::minutes(121));
    }
}
