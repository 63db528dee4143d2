//! Signature nonces seen within the timestamp window (`SignatureNonceUsed` on reuse). Memory
//! stays bounded: a nonce is forgotten once its request's timestamp has left the window, since
//! a replay would then fail the timestamp check anyway.

use std::collections::HashMap;
use time::OffsetDateTime;

#[derive(Debug, Default)]
pub(crate) struct Nonces {
    /// `(access key id, nonce)` -> when it may be forgotten.
    seen: HashMap<(String, String), OffsetDateTime>,
    /// Size after the last sweep; the next sweep runs when the map has doubled.
    swept_at: usize,
}

impl Nonces {
    /// Records the nonce; `false` when it was already used and is still remembered.
    pub fn insert(
        &mut self,
        key_id: &str,
        nonce: &str,
        forget_at: OffsetDateTime,
        now: OffsetDateTime,
    ) -> bool {
        if self.seen.len() >= (2 * self.swept_at).max(1024) {
            self.seen.retain(|_, until| *until >= now);
            self.swept_at = self.seen.len();
        }
        let k = (key_id.to_string(), nonce.to_string());
        match self.seen.get(&k) {
            Some(until) if *until >= now => false,
            _ => {
                self.seen.insert(k, forget_at);
                true
            }
        }
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.seen.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::Duration;

    #[test]
    fn reuse_is_refused_and_expired_nonces_are_evicted() {
        let mut n = Nonces::default();
        let t0 = time::macros::datetime!(2020-01-01 0:00 UTC);
        let window = Duration::minutes(15);
        assert!(n.insert("k", "a", t0 + window, t0));
        assert!(!n.insert("k", "a", t0 + window, t0 + Duration::minutes(1)));
        assert!(n.insert("other", "a", t0 + window, t0));
        // Many requests later, past the window: the map is swept and stays small.
        for i in 0..5000 {
            let now = t0 + Duration::minutes(20) + Duration::seconds(i / 100);
            assert!(n.insert("k", &i.to_string(), now + window, now));
        }
        // Without eviction the two first nonces would still be held (5002).
        assert_eq!(n.len(), 5000);
        assert!(n.insert(
            "k",
            "a",
            t0 + Duration::minutes(40),
            t0 + Duration::minutes(20)
        ));
    }
}
