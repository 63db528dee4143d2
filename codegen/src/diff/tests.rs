//! Unit tests on small hand-made models; the real-history cases are in `tests/diff_history.rs`.

use super::*;
use crate::ir::{ErrorRow, Field, Page, Param, Type};
use serde_json::json;

// Models are built from their JSON form, so fields the reader may add later (with serde
// defaults) do not break these tests.

fn param(name: &str, ty: Type, required: bool, line: u32) -> Param {
    serde_json::from_value(json!({
        "name": name,
        "rust_name": heck::ToSnakeCase::to_snake_case(name),
        "type": ty,
        "required": required,
        "line": line,
    }))
    .expect("a parameter")
}

fn field(name: &str, ty: Type, line: u32, fields: Vec<Field>) -> Field {
    serde_json::from_value(json!({
        "name": name,
        "rust_name": heck::ToSnakeCase::to_snake_case(name),
        "type": ty,
        "fields": fields,
        "line": line,
    }))
    .expect("a field")
}

fn error_row(status: u16, code: &str, message: &str, line: u32) -> ErrorRow {
    serde_json::from_value(json!({
        "http_status": status,
        "code": code,
        "message": message,
        "variant": code.replace(['.', ' '], ""),
        "line": line,
    }))
    .expect("an error row")
}

fn page(params: Vec<Param>) -> Page {
    serde_json::from_value(json!({
        "file": "a.md",
        "kind": "action",
        "action": "DoIt",
        "product": "Ecs",
        "version": "2014-05-26",
        "params": params,
    }))
    .expect("a page")
}

fn kinds(d: &PageDiff) -> Vec<(Kind, &str)> {
    d.changes
        .iter()
        .map(|c| (c.kind, c.path.as_str()))
        .collect()
}

#[test]
fn a_case_only_rename_keeps_the_rust_name_and_changes_the_wire() {
    let old = page(vec![param("regionId", Type::String, true, 3)]);
    let new = page(vec![param("RegionId", Type::String, true, 4)]);
    let d = diff_pages(&old, &new);
    assert_eq!(kinds(&d), [(Kind::ParamWireRenamed, "RegionId")]);
    let c = &d.changes[0];
    assert_eq!((c.old_line, c.new_line), (Some(3), Some(4)));
    assert_eq!(
        (c.semver, c.wire, c.class),
        (Semver::None, Wire::Changed, Class::Breaking)
    );
}

#[test]
fn a_page_against_itself_is_unchanged_and_a_moved_row_is_cosmetic() {
    let p = page(vec![
        param("A", Type::String, true, 3),
        param("B", Type::Integer, false, 4),
    ]);
    assert_eq!(diff_pages(&p, &p).status, Status::Unchanged);
    let mut q = p.clone();
    q.params.reverse();
    q.params[0].description = "Reworded.".into();
    let d = diff_pages(&p, &q);
    assert_eq!(d.status, Status::Cosmetic, "{d:?}");
    assert!(
        d.notes.iter().any(|n| n == "parameter rows reordered"),
        "{:?}",
        d.notes
    );
}

#[test]
fn a_response_field_that_changes_parent_is_a_move_not_a_loss() {
    let mut old = page(Vec::new());
    old.response.fields = vec![
        field("RequestId", Type::String, 10, Vec::new()),
        field(
            "Detail",
            Type::Struct,
            11,
            vec![field("Status", Type::String, 12, Vec::new())],
        ),
    ];
    let mut new = old.clone();
    new.response.fields = vec![
        field("RequestId", Type::String, 10, Vec::new()),
        field("Status", Type::String, 11, Vec::new()),
    ];
    let d = diff_pages(&old, &new);
    assert_eq!(
        kinds(&d),
        [(Kind::FieldMoved, "Status"), (Kind::FieldRemoved, "Detail")]
    );
    assert_eq!(d.changes[0].old.as_deref(), Some("Detail.Status"));
}

#[test]
fn error_rows_pair_by_code_and_message_then_by_code() {
    let row = error_row;
    let mut old = page(Vec::new());
    old.errors = vec![row(400, "A", "m", 20), row(403, "B", "x", 21)];
    let mut new = old.clone();
    new.errors = vec![
        row(400, "A", "m", 20),
        row(400, "B", "y", 21),
        row(404, "C", "z", 22),
    ];
    let d = diff_pages(&old, &new);
    assert_eq!(
        kinds(&d),
        [
            (Kind::ErrorStatusChanged, "B"),
            (Kind::ErrorMessageChanged, "B"),
            (Kind::ErrorAdded, "C")
        ]
    );
    // A code respelt with the same message is a code change, not a removal and an addition.
    let mut respelt = old.clone();
    respelt.errors[0] = row(400, "InvalidParam. RegionId", "m", 20);
    let mut fixed = old.clone();
    fixed.errors[0] = row(400, "InvalidParam.RegionId", "m", 20);
    let d = diff_pages(&respelt, &fixed);
    assert_eq!(
        kinds(&d),
        [(Kind::ErrorCodeChanged, "InvalidParam.RegionId")]
    );
    assert_eq!(d.changes[0].class, Class::Breaking);
}

/// Variants are keyed by code: a reworded message, another row of a code that stays, and a
/// documented common code change no variant; a code that goes with all its rows is one
/// removal.
#[test]
fn error_variants_are_keyed_by_code() {
    let row = error_row;
    let mut old = page(Vec::new());
    old.errors = vec![
        row(
            400,
            "InvalidParameter",
            "The specified RegionId is invalid.",
            20,
        ),
        row(
            400,
            "InvalidParameter",
            "The specified Size is invalid.",
            21,
        ),
        row(403, "Gone", "one", 22),
        row(403, "Gone", "two", 23),
    ];
    let mut new = page(Vec::new());
    new.errors = vec![
        row(
            400,
            "InvalidParameter",
            "The RegionId you gave is not valid.",
            20,
        ),
        row(
            400,
            "InvalidParameter",
            "The specified Size is invalid.",
            21,
        ),
        row(
            400,
            "InvalidParameter",
            "The specified Name is invalid.",
            22,
        ),
        row(
            500,
            "InternalError",
            "The request processing has failed.",
            23,
        ),
    ];
    let d = diff_pages(&old, &new);
    assert_eq!(
        kinds(&d),
        [
            (Kind::ErrorMessageChanged, "InvalidParameter"),
            (Kind::ErrorRemoved, "Gone"),
            (Kind::ErrorRowAdded, "InvalidParameter"),
            (Kind::ErrorRowAdded, "InternalError"),
        ]
    );
    let breaking: Vec<Kind> = d
        .changes
        .iter()
        .filter(|c| c.class == Class::Breaking)
        .map(|c| c.kind)
        .collect();
    assert_eq!(breaking, [Kind::ErrorRemoved]);
    // Back again: the code comes back as one variant, the extra rows go as rows.
    let d = diff_pages(&new, &old);
    assert_eq!(
        kinds(&d),
        [
            (Kind::ErrorMessageChanged, "InvalidParameter"),
            (Kind::ErrorRowRemoved, "InvalidParameter"),
            (Kind::ErrorRowRemoved, "InternalError"),
            (Kind::ErrorAdded, "Gone"),
        ]
    );
    assert!(d.changes.iter().all(|c| c.class != Class::Breaking));
}

#[test]
fn folders_pair_by_action_and_language_and_report_duplicates() {
    let mut a = page(Vec::new());
    a.language = Some(crate::ir::Language::En);
    let mut b = a.clone();
    b.file = "b.md".into();
    let mut c = a.clone();
    c.action = Some("Other".into());
    let r = pair_pages(&[a.clone(), b], &[a.clone(), c]);
    assert_eq!(r.unpaired.len(), 2, "{r:?}");
    assert!(r.unpaired[0].reason.contains("2 pages for action DoIt"));
    assert_eq!(r.pages.len(), 1);
    assert_eq!(r.pages[0].status, Status::Added);
    assert!(!r.translation);
    let mut z = a.clone();
    z.language = Some(crate::ir::Language::Zh);
    let r = pair_pages(&[a], &[z]);
    assert!(r.translation);
    assert_eq!(r.pages[0].status, Status::Cosmetic);
}

#[test]
fn defaults_that_send_the_same_value_are_not_a_change() {
    let mut a = param("AutoRenew", Type::Boolean, false, 3);
    a.default = Some("False".into());
    let mut b = a.clone();
    b.default = Some("false".into());
    assert!(diff_pages(&page(vec![a.clone()]), &page(vec![b]))
        .changes
        .is_empty());
    let mut c = a.clone();
    c.default = Some("true".into());
    let d = diff_pages(&page(vec![a]), &page(vec![c]));
    assert_eq!(kinds(&d), [(Kind::DefaultChanged, "AutoRenew")]);
    assert_eq!(d.changes[0].wire, Wire::Changed);
}

#[test]
fn a_closed_string_set_is_a_rust_enum_so_a_new_value_breaks_matches() {
    let mut a = param("Category", Type::String, false, 3);
    a.constraints.enum_values =
        vec![serde_json::from_value(json!({"value": "cloud"})).expect("value")];
    let mut b = a.clone();
    b.constraints
        .enum_values
        .push(serde_json::from_value(json!({"value": "cloud_essd"})).expect("value"));
    let d = diff_pages(&page(vec![a.clone()]), &page(vec![b.clone()]));
    assert_eq!(kinds(&d), [(Kind::EnumVariantAdded, "Category")]);
    assert_eq!(d.changes[0].new.as_deref(), Some("cloud_essd"));
    // The same set on an integer is a table in Rust, not a type.
    a.ty = Type::Integer;
    b.ty = Type::Integer;
    let d = diff_pages(&page(vec![a]), &page(vec![b]));
    assert_eq!(kinds(&d), [(Kind::EnumValueAdded, "Category")]);
    assert_eq!(d.changes[0].class, Class::Additive);
}

#[test]
fn a_response_field_renamed_in_place_is_one_rename() {
    let mut old = page(Vec::new());
    let list = |name: &str, line| {
        let mut f = field(name, Type::List, line, Vec::new());
        f.item = Some(Box::new(field(
            "Item",
            Type::Struct,
            line,
            vec![field("Id", Type::String, line + 1, Vec::new())],
        )));
        f
    };
    old.response.fields = vec![list("Pairs", 10)];
    let mut new = old.clone();
    new.response.fields = vec![list("ReplicaPairs", 12)];
    let d = diff_pages(&old, &new);
    assert_eq!(kinds(&d), [(Kind::FieldRenamed, "ReplicaPairs")]);
    assert_eq!(
        (d.changes[0].old_line, d.changes[0].new_line),
        (Some(10), Some(12))
    );
}

#[test]
fn an_error_message_typeset_otherwise_is_cosmetic() {
    let row = |msg: &str| error_row(400, "InvalidSpotPriceLimit.LowerThanPublicPrice", msg, 30);
    let mut old = page(Vec::new());
    old.errors = vec![row(
        "The specified parameter \"spotPriceLimit\" can't be lower than current public price.",
    )];
    let mut new = old.clone();
    new.errors = vec![row(
        "The specified parameter spotPriceLimit can’t be lower than current public price",
    )];
    let d = diff_pages(&old, &new);
    assert_eq!(d.status, Status::Cosmetic, "{:?}", d.changes);
    assert_eq!(d.notes, ["1 error message typeset otherwise"]);
    new.errors = vec![row("The specified parameter spotPriceLimit is too low.")];
    assert_eq!(
        kinds(&diff_pages(&old, &new)),
        [(
            Kind::ErrorMessageChanged,
            "InvalidSpotPriceLimit.LowerThanPublicPrice"
        )]
    );
}
