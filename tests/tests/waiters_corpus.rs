//! The waiters the real en-US pages support (`ecs_codegen::lifecycle::waiters`): the ones the
//! issue names exist with the documented states, and every waiter's sets are consistent.

use ecs_codegen::lifecycle::{is_transient, waiters, WaiterSpec};
use std::collections::BTreeMap;

fn en_us_waiters() -> Option<BTreeMap<String, WaiterSpec>> {
    let dir = ecs_codegen::corpus("waiters_corpus")?.join("ecs/en-US");
    let pages = ecs_codegen::parse_dir(&dir).expect("en-US pages");
    let mut out = BTreeMap::new();
    for page in &pages {
        for w in waiters(page) {
            let prev = out.insert(w.name.clone(), w.clone());
            assert!(
                prev.is_none(),
                "waiter `{}` comes from two pages: {:?} and {}",
                w.name,
                prev.map(|p| p.action),
                w.action
            );
        }
    }
    Some(out)
}

#[test]
fn the_named_waiters_exist_with_the_documented_states() {
    let Some(all) = en_us_waiters() else { return };
    let get = |name: &str| {
        all.get(name)
            .unwrap_or_else(|| panic!("no waiter `{name}` in {:?}", all.keys()))
    };
    let running = get("instance_running");
    assert_eq!(running.action, "DescribeInstances");
    assert_eq!(running.list, ["Instances"]);
    assert_eq!(running.wrapper.as_deref(), Some("Instance"));
    assert_eq!(running.retry, ["Pending", "Starting", "Stopping"]);
    assert_eq!(running.failure, ["Stopped"]);
    assert_eq!(get("instance_stopped").failure, ["Running"]);

    let available = get("disk_available");
    assert_eq!(available.action, "DescribeDisks");
    assert_eq!(
        available.retry,
        ["Attaching", "Detaching", "Creating", "ReIniting"]
    );
    assert_eq!(available.failure, ["In_use"]);
    assert_eq!(get("disk_in_use").target, "In_use");

    let snapshot = get("snapshot_accomplished");
    assert_eq!(snapshot.action, "DescribeSnapshots");
    assert_eq!(snapshot.retry, ["progressing"]);
    assert_eq!(snapshot.failure, ["failed"]);
}

#[test]
fn every_waiter_targets_a_stable_state_and_retries_only_transient_ones() {
    let Some(all) = en_us_waiters() else { return };
    assert!(
        all.len() >= 10,
        "only {} waiters: {:?}",
        all.len(),
        all.keys()
    );
    eprintln!("{} waiters: {:?}", all.len(), all.keys());
    for w in all.values() {
        assert!(!is_transient(&w.target), "{w:?}");
        assert!(w.retry.iter().all(|v| is_transient(v)), "{w:?}");
        assert!(w.failure.iter().all(|v| !is_transient(v)), "{w:?}");
        assert!(
            !w.failure.iter().any(|v| v.eq_ignore_ascii_case(&w.target)),
            "{w:?}"
        );
        assert!(w.action.starts_with("Describe"), "{w:?}");
    }
}
