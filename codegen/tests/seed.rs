//! Golden test for the seed page `specs/CreateAutoSnapshotPolicy.md`: the whole model as an
//! insta snapshot, and by hand the facts a user of the generated client relies on.

use ecs_codegen::ir::{ListEncoding, Page, PageKind, Param, Severity, Type};
use std::path::Path;

fn seed() -> Page {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/CreateAutoSnapshotPolicy.md");
    let text = std::fs::read_to_string(&path).expect("seed page");
    ecs_codegen::parse_page("specs/CreateAutoSnapshotPolicy.md", &text)
}

fn param<'a>(page: &'a Page, wire: &str) -> &'a Param {
    page.params
        .iter()
        .find(|p| p.name == wire)
        .unwrap_or_else(|| panic!("no parameter `{wire}`"))
}

#[test]
fn seed_model_snapshot() {
    insta::assert_json_snapshot!("seed_ir", seed());
}

#[test]
fn seed_page_is_an_action_without_errors() {
    let p = seed();
    assert_eq!(p.kind, PageKind::Action);
    assert_eq!(p.action.as_deref(), Some("CreateAutoSnapshotPolicy"));
    assert_eq!(
        (p.product.as_str(), p.version.as_str()),
        ("Ecs", "2014-05-26")
    );
    let errors: Vec<_> = p
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn seed_params_keep_wire_names() {
    let p = seed();
    let names: Vec<_> = p.params.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "regionId",
            "repeatWeekdays",
            "retentionDays",
            "timePoints",
            "autoSnapshotPolicyName"
        ]
    );
    let region = param(&p, "regionId");
    assert_eq!((region.ty, region.required), (Type::String, true));
    assert_eq!(region.rust_name, "region_id");
}

#[test]
fn retention_days_is_minus_one_or_a_day_count() {
    let p = seed();
    let r = param(&p, "retentionDays");
    assert_eq!(r.ty, Type::Integer);
    assert_eq!(r.constraints.ranges, [[-1, -1], [1, 65536]]);
    assert_eq!(r.default.as_deref(), Some("-1"));
    assert!(r.constraints.origin.contains_key("ranges"));
}

#[test]
fn time_points_is_a_json_list_of_hours() {
    let p = seed();
    let t = param(&p, "timePoints");
    assert_eq!((t.ty, t.encoding), (Type::List, Some(ListEncoding::Json)));
    assert_eq!(t.constraints.max_items, Some(24));
    let item = t.item.as_ref().expect("list item");
    assert_eq!(item.constraints.ranges, [[0, 23]]);
}

#[test]
fn repeat_weekdays_is_a_list_of_weekdays() {
    let p = seed();
    let w = param(&p, "repeatWeekdays");
    assert_eq!(w.ty, Type::List);
    assert_eq!(w.constraints.max_items, Some(7));
    assert_eq!(w.item.as_ref().expect("item").constraints.ranges, [[1, 7]]);
}

#[test]
fn policy_name_length_and_prefixes() {
    let p = seed();
    let n = param(&p, "autoSnapshotPolicyName");
    assert!(!n.required);
    assert_eq!(
        (n.constraints.min_len, n.constraints.max_len),
        (Some(2), Some(128))
    );
    assert_eq!(n.constraints.not_prefix, ["http://", "https://"]);
    assert!(n.constraints.pattern.is_some());
}

#[test]
fn eight_errors_five_variants_one_per_code() {
    let p = seed();
    assert_eq!(p.errors.len(), 8);
    let variants: std::collections::BTreeSet<_> = p.errors.iter().map(|e| &e.variant).collect();
    assert_eq!(variants.len(), 5);
    let invalid: Vec<_> = p
        .errors
        .iter()
        .filter(|e| e.code == "ParameterInvalid")
        .collect();
    assert_eq!(invalid.len(), 4);
    assert!(invalid.iter().all(|e| e.variant == "ParameterInvalid"));
    assert_eq!(p.errors[4].http_status, Some(403));
    assert_eq!(p.errors[5].http_status, Some(400));
}

#[test]
fn examples_are_kept() {
    let p = seed();
    let req = &p.examples.requests[0];
    assert!(req
        .params
        .contains(&("timePoints".into(), "[\"0\", \"19\"]".into())));
    assert_eq!(
        p.examples.json[0].value["AutoSnapshotPolicyId"],
        "sp-233e6yl**"
    );
}
