//! Counts over one or many reports: pairs by status, changes by class, semver effect, wire
//! effect and kind. What `diff --summary` and `diff --history` print.

use super::{Report, Status};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Pairs of pages diffed (both sides present).
    pub pairs: usize,
    /// Entries by status: `changed`, `cosmetic`, `unchanged`, `added`, `removed`.
    pub status: BTreeMap<&'static str, usize>,
    /// Cosmetic pairs whose format generation switched (the same model in another layout).
    pub cosmetic_generation_switches: usize,
    pub unpaired: usize,
    /// Pages left out as not action pages.
    pub skipped: usize,
    pub changes: usize,
    pub class: BTreeMap<&'static str, usize>,
    pub semver: BTreeMap<&'static str, usize>,
    pub wire: BTreeMap<&'static str, usize>,
    pub kinds: BTreeMap<&'static str, usize>,
    /// Changes whose wire effect breaks (narrowed, changed, response lost or reshaped).
    pub wire_breaking: usize,
}

impl Summary {
    pub fn of(report: &Report) -> Summary {
        let mut s = Summary::default();
        s.add(report);
        s
    }

    pub fn add(&mut self, report: &Report) {
        self.unpaired += report.unpaired.len();
        self.skipped += report.skipped;
        for p in &report.pages {
            if p.old_file.is_some() && p.new_file.is_some() {
                self.pairs += 1;
            }
            *self.status.entry(p.status.as_str()).or_default() += 1;
            if p.status == Status::Cosmetic
                && p.notes.iter().any(|n| n.starts_with("format generation"))
            {
                self.cosmetic_generation_switches += 1;
            }
            for c in &p.changes {
                self.changes += 1;
                *self.class.entry(c.class.as_str()).or_default() += 1;
                *self.semver.entry(c.semver.as_str()).or_default() += 1;
                *self.wire.entry(c.wire.as_str()).or_default() += 1;
                *self.kinds.entry(c.kind.as_str()).or_default() += 1;
                self.wire_breaking += usize::from(c.wire.is_breaking());
            }
        }
    }

    pub fn count(&self, status: Status) -> usize {
        self.status.get(status.as_str()).copied().unwrap_or(0)
    }
}
