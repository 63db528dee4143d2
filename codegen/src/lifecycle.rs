//! Lifecycle states from the pages: which documented status values are transient, and the
//! waiters a describe page supports. Pure functions of the model ([`crate::ir::Page`]); the
//! emitter turns [`WaiterSpec`]s into `wait_until_<name>()` methods and the emulator asks
//! [`is_transient`] how long a state lasts.
//!
//! A describe page supports waiters when a list of its response, in ECS's wrapper convention
//! (`Disks.Disk[]`), holds the items the action is named after (`DescribeDisks` lists `Disk`s,
//! `DescribeAutoSnapshotPolicyEx` lists `AutoSnapshotPolicy`s; a list of something else, such
//! as `DescribeSendFileResults`' `Invocation`s, is not the action's own and gets none) and the
//! item has a status field (`Status`, or `<Item>Status` such as `DemandStatus`) with a
//! documented value set. The set is the field's own (`Field::enum_values`), else that of the
//! describe's filter parameter of the same name (DescribeInstances documents the instance
//! states only on its `Status` filter), less the filter's `All`.
//!
//! Every stable value becomes a waiter's target: success when every listed item is in it,
//! retry on the transient values, failure on the other stable values. Values spelt two ways
//! (`In_use` / `In_Use`) are one state: compared without regard to ASCII case.

use crate::ir::{EnumValue, Field, Page, Type};
use crate::names;
use crate::read::response::singular;

/// Present participles that name a steady state, not a change: an instance that is
/// `Running` stays so until someone stops it.
const STEADY_PARTICIPLES: &[&str] = &["running"];

/// Whether a documented status value names a passing state, one the resource leaves on its
/// own: `Pending`, and present participles (`Starting`, `Stopping`, `Creating`,
/// `Attaching`, `Detaching`, `ReIniting`, `Deleting`, `progressing`, `Preparing`...) except
/// the steady ones (`Running`). The last word decides (`deleted-running` is as stable as
/// `Running`). ASCII case does not matter.
///
/// This is the one rule: everything else is stable (`Running`, `Stopped`, `Available`,
/// `In_use`, `accomplished`, `failed`, and also `prepare` or `submitted`, which no grammar
/// tells apart from an outcome; a waiter that starts in such a state keeps polling on it,
/// see the runtime's waiter).
pub fn is_transient(value: &str) -> bool {
    let last = value
        .rsplit(['_', '-', ' ', '.'])
        .find(|w| !w.is_empty())
        .unwrap_or(value)
        .to_ascii_lowercase();
    last == "pending"
        || (last.len() > 4 && last.ends_with("ing") && !STEADY_PARTICIPLES.contains(&&*last))
}

/// A waiter one describe page supports: poll `action` until every item of the list at
/// `list` (+ `wrapper`) has `status` equal to `target`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaiterSpec {
    /// `<item>_<state>` in snake case: `disk_available`, `instance_running`, `disk_in_use`.
    pub name: String,
    /// The describe action polled (`DescribeDisks`).
    pub action: String,
    /// The element name of the listed items (`Disk`).
    pub item: String,
    /// Wire names from the response root to the list field (`["Disks"]`).
    pub list: Vec<String>,
    /// The list's element key in ECS's wrapper convention (`Disk` in `{"Disks": {"Disk": []}}`).
    pub wrapper: Option<String>,
    /// Wire name of the item's status field (`Status`).
    pub status: String,
    /// The stable value waited for, as the page spells it first.
    pub target: String,
    /// Transient values: keep polling.
    pub retry: Vec<String>,
    /// The other stable values: the wait fails, unless the wait started in that state.
    pub failure: Vec<String>,
    /// Page line where the value set is documented.
    pub line: u32,
}

/// The waiters of one describe page (see the module docs), in page order of lists and
/// values; names are unique within the page. Pages that are not describe pages, or whose
/// listed items document no status values, give none.
pub fn waiters(page: &Page) -> Vec<WaiterSpec> {
    let Some(action) = page.action.as_deref() else {
        return Vec::new();
    };
    let Some(noun) = action.strip_prefix("Describe") else {
        return Vec::new();
    };
    let noun = noun.strip_suffix("Ex").unwrap_or(noun);
    let mut out = Vec::new();
    let mut scope = names::Scope::default();
    let mut path = Vec::new();
    lists(&page.response.fields, &mut path, &mut |path, list, item| {
        let item_name = item_noun(list.wrapper.as_deref().unwrap_or(&item.name));
        if !(item_name.eq_ignore_ascii_case(noun)
            || item_name.eq_ignore_ascii_case(&singular(noun)))
        {
            return;
        }
        let Some((status, values, line)) = status_of(page, item, item_name) else {
            return;
        };
        let states = distinct(values);
        let (retry, stable): (Vec<&str>, Vec<&str>) =
            states.iter().copied().partition(|v| is_transient(v));
        for &target in &stable {
            out.push(WaiterSpec {
                name: scope.unique(format!(
                    "{}_{}",
                    names::snake(item_name).trim_end_matches('_'),
                    names::snake(target).trim_start_matches('_')
                )),
                action: action.to_string(),
                item: item.name.clone(),
                list: path.to_vec(),
                wrapper: list.wrapper.clone(),
                status: status.to_string(),
                target: target.to_string(),
                retry: retry.iter().map(|s| s.to_string()).collect(),
                failure: stable
                    .iter()
                    .filter(|s| !s.eq_ignore_ascii_case(target))
                    .map(|s| s.to_string())
                    .collect(),
                line,
            });
        }
    });
    out
}

/// Calls `f(path, list, item)` for every list of structs reachable from `fields` through
/// structs (not through other lists: an item's own lists are not what a describe lists).
fn lists<'a>(
    fields: &'a [Field],
    path: &mut Vec<String>,
    f: &mut dyn FnMut(&[String], &'a Field, &'a Field),
) {
    for field in fields {
        path.push(field.name.clone());
        match (&field.item, field.ty) {
            (Some(item), Type::List) if item.ty == Type::Struct => f(path, field, item),
            (None, Type::Struct) => lists(&field.fields, path, f),
            _ => {}
        }
        path.pop();
    }
}

/// `NetworkInterfaceSet` -> `NetworkInterface`, `CapacityReservationItem` ->
/// `CapacityReservation`: the element names ECS gives a listed resource.
fn item_noun(name: &str) -> &str {
    for suffix in ["Set", "Item", "Type"] {
        if let Some(base) = name.strip_suffix(suffix) {
            if !base.is_empty() {
                return base;
            }
        }
    }
    name
}

/// The item's status field (`Status`, else `<Item>Status`, a string) with its value set and
/// the line it is documented on: the field's own set, else the describe's filter parameter
/// of the same name (less `All`).
fn status_of<'a>(
    page: &'a Page,
    item: &'a Field,
    item_name: &str,
) -> Option<(&'a str, Vec<&'a str>, u32)> {
    let own = format!("{item_name}Status");
    let field = ["Status", own.as_str()].iter().find_map(|n| {
        item.fields
            .iter()
            .find(|f| f.name == *n && f.ty == Type::String)
    })?;
    let values = |set: &'a [EnumValue]| -> Vec<&'a str> {
        set.iter()
            .map(|e| e.value.as_str())
            .filter(|v| !v.eq_ignore_ascii_case("All"))
            .collect()
    };
    if !field.enum_values.is_empty() {
        return Some((&field.name, values(&field.enum_values), field.line));
    }
    let filter = page.params.iter().find(|p| p.name == field.name)?;
    let set = values(&filter.constraints.enum_values);
    (!set.is_empty()).then_some((field.name.as_str(), set, filter.line))
}

/// The values, each state once (the first spelling of values equal but for ASCII case).
fn distinct(values: Vec<&str>) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::with_capacity(values.len());
    for v in values {
        if !out.iter().any(|o| o.eq_ignore_ascii_case(v)) {
            out.push(v);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn participles_and_pending_are_transient_running_and_outcomes_are_not() {
        for v in [
            "Pending",
            "Starting",
            "Stopping",
            "Creating",
            "Attaching",
            "Detaching",
            "ReIniting",
            "Deleting",
            "progressing",
            "Preparing",
            "modifying",
            "pausing",
        ] {
            assert!(is_transient(v), "{v}");
        }
        for v in [
            "Running",
            "running",
            "deleted-running",
            "Stopped",
            "Available",
            "In_use",
            "In_Use",
            "InUse",
            "accomplished",
            "failed",
            "CreateFailed",
            "SoldOut",
            "Normal",
            "ing",
            "",
        ] {
            assert!(!is_transient(v), "{v}");
        }
    }

    /// A describe page: `list` (wire name) of `item` elements with a `Status` field
    /// documenting `values`, and optionally a `Status` filter documenting `filter`.
    fn page(action: &str, list: &str, item: &str, values: &[&str], filter: &[&str]) -> Page {
        let set = |vs: &[&str]| -> Vec<serde_json::Value> {
            vs.iter()
                .map(|v| serde_json::json!({ "value": v }))
                .collect()
        };
        serde_json::from_value(serde_json::json!({
            "file": format!("{action}.md"),
            "kind": "action",
            "action": action,
            "product": "Ecs",
            "version": "2014-05-26",
            "params": [{
                "name": "Status", "rust_name": "status", "type": "string", "required": false,
                "constraints": { "enum": set(filter) }, "line": 20
            }],
            "response": { "fields": [
                { "name": "RequestId", "rust_name": "request_id", "type": "string", "line": 40 },
                { "name": list, "rust_name": "items", "type": "list", "wrapper": item, "line": 41,
                  "item": { "name": item, "rust_name": "item", "type": "struct", "line": 41,
                    "fields": [
                      { "name": "Id", "rust_name": "id", "type": "string", "line": 42 },
                      { "name": "Status", "rust_name": "status", "type": "string", "line": 43,
                        "enum": set(values) }
                    ] } }
            ] }
        }))
        .expect("a page")
    }

    fn names_of(w: &[WaiterSpec]) -> Vec<&str> {
        w.iter().map(|w| w.name.as_str()).collect()
    }

    #[test]
    fn disks_wait_for_each_stable_state() {
        let p = page(
            "DescribeDisks",
            "Disks",
            "Disk",
            &[
                "In_use",
                "Available",
                "Attaching",
                "Detaching",
                "Creating",
                "ReIniting",
            ],
            &["All", "In_use"],
        );
        let w = waiters(&p);
        assert_eq!(names_of(&w), ["disk_in_use", "disk_available"]);
        let available = &w[1];
        assert_eq!(available.action, "DescribeDisks");
        assert_eq!(available.list, ["Disks"]);
        assert_eq!(available.wrapper.as_deref(), Some("Disk"));
        assert_eq!(available.status, "Status");
        assert_eq!(available.target, "Available");
        assert_eq!(
            available.retry,
            ["Attaching", "Detaching", "Creating", "ReIniting"]
        );
        assert_eq!(available.failure, ["In_use"]);
        assert_eq!(available.line, 43);
    }

    #[test]
    fn the_filters_set_serves_when_the_item_documents_none_and_all_is_no_state() {
        let p = page(
            "DescribeInstances",
            "Instances",
            "Instance",
            &[],
            &[
                "All", "Pending", "Running", "Starting", "Stopping", "Stopped",
            ],
        );
        let w = waiters(&p);
        assert_eq!(names_of(&w), ["instance_running", "instance_stopped"]);
        assert_eq!(w[0].retry, ["Pending", "Starting", "Stopping"]);
        assert_eq!(w[0].failure, ["Stopped"]);
        assert_eq!(w[0].line, 20);
    }

    #[test]
    fn two_spellings_are_one_state() {
        let p = page(
            "DescribeDisks",
            "Disks",
            "Disk",
            &["In_use", "Available", "In_Use", "Creating"],
            &[],
        );
        let w = waiters(&p);
        assert_eq!(names_of(&w), ["disk_in_use", "disk_available"]);
        assert_eq!(w[1].failure, ["In_use"]);
    }

    #[test]
    fn only_the_actions_own_items_and_documented_sets_get_waiters() {
        // DescribeSendFileResults lists `Invocation`s: not the action's noun.
        let p = page(
            "DescribeSendFileResults",
            "Invocations",
            "Invocation",
            &["Pending", "Running", "Success", "Failed"],
            &[],
        );
        assert!(waiters(&p).is_empty());
        // No value set anywhere: nothing to wait for.
        let p = page("DescribeImages", "Images", "Image", &[], &[]);
        assert!(waiters(&p).is_empty());
        // Not a describe action.
        let p = page("ListImages", "Images", "Image", &["Available"], &[]);
        assert!(waiters(&p).is_empty());
        // `…Ex` and `…Set` element names still name the action's noun.
        let p = page(
            "DescribeAutoSnapshotPolicyEx",
            "AutoSnapshotPolicies",
            "AutoSnapshotPolicy",
            &["Normal", "Expire"],
            &[],
        );
        assert_eq!(
            names_of(&waiters(&p)),
            ["auto_snapshot_policy_normal", "auto_snapshot_policy_expire"]
        );
        let p = page(
            "DescribeNetworkInterfaces",
            "NetworkInterfaceSets",
            "NetworkInterfaceSet",
            &["Creating", "Available", "InUse"],
            &[],
        );
        assert_eq!(
            names_of(&waiters(&p)),
            ["network_interface_available", "network_interface_in_use"]
        );
    }

    #[test]
    fn snapshots_wait_for_accomplished() {
        let p = page(
            "DescribeSnapshots",
            "Snapshots",
            "Snapshot",
            &["progressing", "accomplished", "failed"],
            &[],
        );
        let w = waiters(&p);
        assert_eq!(names_of(&w), ["snapshot_accomplished", "snapshot_failed"]);
        assert_eq!(w[0].retry, ["progressing"]);
        assert_eq!(w[0].failure, ["failed"]);
    }
}
