//! The resources: per account (access key id) and region, per family, in creation order, by
//! id. Serialisable as the state file. Status changes are stored with the times they settle
//! and applied when a resource is read.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

pub(crate) type Map = serde_json::Map<String, serde_json::Value>;

/// One resource.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub(crate) struct Resource {
    pub id: String,
    /// Creation order across the store.
    pub seq: u64,
    /// Values by item field name: what the caller set at creation or since, and what the
    /// service set (id, region, creation time).
    pub attrs: Map,
    /// The current status, if the family documents one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// States still to come, each with the Unix time (ms) it is entered.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pending: Vec<(String, u64)>,
    /// Tags, in the order they were added.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<(String, String)>,
    /// Rule lists by the list's response path (`Permissions.Permission`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub rules: BTreeMap<String, Vec<Map>>,
}

impl Resource {
    /// Enters every state whose time has come.
    pub fn settle(&mut self, now_ms: u64) {
        while let Some((state, at)) = self.pending.first() {
            if *at > now_ms {
                break;
            }
            self.status = Some(state.clone());
            self.pending.remove(0);
        }
    }

    /// Schedules `via` then `to`, each `step_ms` after the last; with `step_ms == 0` the
    /// resource is in `to` at once.
    pub fn schedule(&mut self, via: &[String], to: &str, now_ms: u64, step_ms: u64) {
        self.pending.clear();
        if step_ms == 0 {
            self.status = Some(to.to_string());
            return;
        }
        let mut at = now_ms;
        let mut first = true;
        for v in via {
            if first {
                self.status = Some(v.clone());
                first = false;
            } else {
                self.pending.push((v.clone(), at));
            }
            at += step_ms;
        }
        if first {
            self.status = Some(to.to_string());
        } else {
            self.pending.push((to.to_string(), at));
        }
    }
}

/// One family's resources in one account and region.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub(crate) struct Table {
    pub by_id: HashMap<String, Resource>,
    /// `seq` → id: creation order for listing and paging.
    #[serde(skip)]
    pub order: BTreeMap<u64, String>,
}

impl Table {
    pub fn insert(&mut self, r: Resource) {
        self.order.insert(r.seq, r.id.clone());
        self.by_id.insert(r.id.clone(), r);
    }

    pub fn remove(&mut self, id: &str) -> Option<Resource> {
        let r = self.by_id.remove(id)?;
        self.order.remove(&r.seq);
        Some(r)
    }

    fn reindex(&mut self) {
        self.order = self.by_id.values().map(|r| (r.seq, r.id.clone())).collect();
    }
}

/// Everything, as the state file holds it.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub(crate) struct Store {
    /// account → region → family noun → table.
    pub accounts: BTreeMap<String, BTreeMap<String, BTreeMap<String, Table>>>,
    pub next_seq: u64,
}

impl Store {
    pub fn table(&mut self, account: &str, region: &str, noun: &str) -> &mut Table {
        self.accounts
            .entry(account.to_string())
            .or_default()
            .entry(region.to_string())
            .or_default()
            .entry(noun.to_string())
            .or_default()
    }

    pub fn table_ref(&self, account: &str, region: &str, noun: &str) -> Option<&Table> {
        self.accounts.get(account)?.get(region)?.get(noun)
    }

    /// The family and resource of `id` in one account and region, whatever its family.
    pub fn find_any(
        &mut self,
        account: &str,
        region: &str,
        id: &str,
    ) -> Option<(String, &mut Resource)> {
        let families = self.accounts.get_mut(account)?.get_mut(region)?;
        families
            .iter_mut()
            .find_map(|(noun, t)| t.by_id.get_mut(id).map(|r| (noun.clone(), r)))
    }

    pub fn next_seq(&mut self) -> u64 {
        self.next_seq += 1;
        self.next_seq
    }

    /// Rebuilds the creation-order indexes after loading.
    pub fn reindex(&mut self) {
        for regions in self.accounts.values_mut() {
            for families in regions.values_mut() {
                for t in families.values_mut() {
                    t.reindex();
                }
            }
        }
    }

    /// Resources held, all accounts and regions.
    pub fn len(&self) -> usize {
        self.accounts
            .values()
            .flat_map(|r| r.values())
            .flat_map(|f| f.values())
            .map(|t| t.by_id.len())
            .sum()
    }
}

/// Draws ids shaped like the pages' examples from a seedable source.
#[derive(Debug)]
pub(crate) struct Ids {
    rng: fastrand::Rng,
}

impl Ids {
    pub fn new(seed: Option<u64>) -> Ids {
        Ids {
            rng: seed.map(fastrand::Rng::with_seed).unwrap_or_default(),
        }
    }

    /// `prefix` + `len` lowercase letters and digits (`sp-` + 20).
    pub fn draw(&mut self, prefix: &str, len: usize) -> String {
        const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
        let mut s = String::with_capacity(prefix.len() + len);
        s.push_str(prefix);
        for _ in 0..len {
            s.push(ALPHABET[self.rng.usize(..ALPHABET.len())] as char);
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(id: &str, seq: u64) -> Resource {
        Resource {
            id: id.into(),
            seq,
            attrs: Map::new(),
            status: None,
            pending: vec![],
            tags: vec![],
            rules: BTreeMap::new(),
        }
    }

    #[test]
    fn states_settle_at_their_times() {
        let mut x = r("i-1", 1);
        x.schedule(
            &["Stopping".into(), "Starting".into()],
            "Running",
            1000,
            100,
        );
        assert_eq!(x.status.as_deref(), Some("Stopping"));
        x.settle(1099);
        assert_eq!(x.status.as_deref(), Some("Stopping"));
        x.settle(1100);
        assert_eq!(x.status.as_deref(), Some("Starting"));
        x.settle(5000);
        assert_eq!(x.status.as_deref(), Some("Running"));
        assert!(x.pending.is_empty());
        x.schedule(&["Stopping".into()], "Stopped", 0, 0);
        assert_eq!(x.status.as_deref(), Some("Stopped"));
    }

    #[test]
    fn the_state_file_round_trips_with_its_order() {
        let mut s = Store::default();
        for (i, id) in ["b", "a", "c"].iter().enumerate() {
            s.table("k", "cn-hangzhou", "Disk")
                .insert(r(id, i as u64 + 1));
        }
        let text = serde_json::to_string(&s).unwrap();
        let mut back: Store = serde_json::from_str(&text).unwrap();
        back.reindex();
        let order: Vec<&String> = back
            .table("k", "cn-hangzhou", "Disk")
            .order
            .values()
            .collect();
        assert_eq!(order, ["b", "a", "c"]);
        assert_eq!(back.len(), 3);
    }

    #[test]
    fn seeded_ids_repeat() {
        let a = Ids::new(Some(7)).draw("sp-", 20);
        assert_eq!(a, Ids::new(Some(7)).draw("sp-", 20));
        assert_eq!(a.len(), 23);
        assert!(a.starts_with("sp-"));
    }
}
