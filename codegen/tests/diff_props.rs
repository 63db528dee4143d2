//! Property: one random edit of a real page's model (a parameter dropped, a range narrowed, a
//! value added to a closed set, a required flag flipped, a response field dropped, an error
//! row added, a description reworded) and `diff` reports exactly that edit, at its path, with
//! the class the rules give it. Shown on the project's pages (the seed and `tests/pages/`), and
//! on the hardest corpus pages (`$ECS_CORPUS`) when the corpus is there.

use ecs_codegen::diff::{self, Class, Kind, Semver, Status, Wire};
use ecs_codegen::ir::{ErrorRow, Page, Param, Type};
use proptest::prelude::*;
use std::path::Path;
use std::sync::LazyLock;

fn read(p: &Path) -> Page {
    ecs_codegen::parse_file(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The seed and every action page of `tests/pages/` (its history included).
static FIXTURES: LazyLock<Vec<Page>> = LazyLock::new(|| {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = vec![root.join("specs/CreateAutoSnapshotPolicy.md")];
    ecs_codegen::read::collect_md(&root.join("tests/pages"), &mut files).expect("tests/pages");
    files.iter().map(|f| read(f)).collect()
});

/// Corpus pages, or `None` without the corpus (the property's corpus half is skipped; it
/// says so once, when first asked).
static CORPUS: LazyLock<Option<Vec<Page>>> = LazyLock::new(|| {
    let c = ecs_codegen::corpus(
        "diff_props::one_edit_of_a_corpus_model_is_reported_as_exactly_that_edit",
    )?;
    Some(
        [
            "history/zh-CN/CreateAutoSnapshotPolicy/2021-03-23-184f97ae.md",
            "ecs/en-US/RunInstances.md",
            "ecs/zh-CN/DescribeInstances.md",
            "ecs/en-US/CreateLaunchTemplate.md",
        ]
        .iter()
        .map(|f| read(&c.join(f)))
        .collect(),
    )
});

/// One step down the parameter tree: a member by index, or a list's element.
#[derive(Debug, Clone, Copy)]
enum Step {
    Member(usize),
    Item,
}

/// Diff paths (`Tag.N.Key`) and locators of the parameters matching `keep`, depth first.
fn paths(ps: &[Param], keep: &dyn Fn(&Param) -> bool) -> Vec<(String, Vec<Step>)> {
    fn visit(
        p: &Param,
        path: String,
        loc: Vec<Step>,
        keep: &dyn Fn(&Param) -> bool,
        out: &mut Vec<(String, Vec<Step>)>,
    ) {
        if keep(p) {
            out.push((path.clone(), loc.clone()));
        }
        if let Some(i) = &p.item {
            let mut below = loc.clone();
            below.push(Step::Item);
            visit(i, format!("{path}.N"), below, keep, out);
        }
        for (k, f) in p.fields.iter().enumerate() {
            let mut below = loc.clone();
            below.push(Step::Member(k));
            visit(f, format!("{path}.{}", f.name), below, keep, out);
        }
    }
    let mut out = Vec::new();
    for (k, p) in ps.iter().enumerate() {
        visit(p, p.name.clone(), vec![Step::Member(k)], keep, &mut out);
    }
    out
}

/// The parameter a locator points at.
fn at<'a>(ps: &'a mut [Param], loc: &[Step]) -> &'a mut Param {
    let Some((Step::Member(first), rest)) = loc.split_first() else {
        panic!("a locator starts with a member");
    };
    let mut p = &mut ps[*first];
    for step in rest {
        p = match *step {
            Step::Member(k) => &mut p.fields[k],
            Step::Item => p.item.as_deref_mut().expect("a list"),
        };
    }
    p
}

#[derive(Debug, Clone)]
enum Edit {
    DropParam(usize),
    NarrowRange(usize),
    AddEnumValue(usize),
    FlipRequired(usize),
    DropField(usize),
    AddError,
    Reword(usize),
}

/// An edit of the page `which % pages.len()`.
fn edit() -> impl Strategy<Value = (usize, Edit)> {
    let i = any::<usize>();
    (
        any::<usize>(),
        prop_oneof![
            i.prop_map(Edit::DropParam),
            i.prop_map(Edit::NarrowRange),
            i.prop_map(Edit::AddEnumValue),
            i.prop_map(Edit::FlipRequired),
            i.prop_map(Edit::DropField),
            Just(Edit::AddError),
            i.prop_map(Edit::Reword),
        ],
    )
}

/// Applies `e` to `page`; returns the change it must produce (kind, path), or `None` for a
/// cosmetic edit, or `Err(())` when the page has nothing the edit applies to.
fn apply(page: &mut Page, e: &Edit) -> Result<Option<(Kind, String)>, ()> {
    let pick = |v: &[(String, Vec<Step>)], i: usize| {
        (!v.is_empty()).then(|| v[i % v.len()].clone()).ok_or(())
    };
    match *e {
        Edit::DropParam(i) => {
            if page.params.is_empty() {
                return Err(());
            }
            let p = page.params.remove(i % page.params.len());
            Ok(Some((Kind::ParamRemoved, p.name)))
        }
        Edit::NarrowRange(i) => {
            let v = paths(&page.params, &|p| {
                p.constraints.ranges.iter().any(|[a, b]| a < b)
            });
            let (path, loc) = pick(&v, i)?;
            let p = at(&mut page.params, &loc);
            let r = p
                .constraints
                .ranges
                .iter_mut()
                .find(|[a, b]| a < b)
                .expect("picked for it");
            r[1] -= 1;
            Ok(Some((Kind::RangeNarrowed, path)))
        }
        Edit::AddEnumValue(i) => {
            let v = paths(&page.params, &|p| !p.constraints.enum_values.is_empty());
            let (path, loc) = pick(&v, i)?;
            let p = at(&mut page.params, &loc);
            p.constraints.enum_values.push(
                serde_json::from_value(serde_json::json!({"value": "proptest-added-value"}))
                    .expect("an enum value"),
            );
            let kind = if p.ty == Type::String {
                Kind::EnumVariantAdded
            } else {
                Kind::EnumValueAdded
            };
            Ok(Some((kind, path)))
        }
        Edit::FlipRequired(i) => {
            if page.params.is_empty() {
                return Err(());
            }
            let n = page.params.len();
            let p = &mut page.params[i % n];
            p.required = !p.required;
            let kind = if p.required {
                Kind::ParamNowRequired
            } else {
                Kind::ParamNowOptional
            };
            Ok(Some((kind, p.name.clone())))
        }
        Edit::DropField(i) => {
            let f = &mut page.response.fields;
            if f.is_empty() {
                return Err(());
            }
            let gone = f.remove(i % f.len());
            Ok(Some((Kind::FieldRemoved, gone.name)))
        }
        Edit::AddError => {
            // From JSON, so fields the reader may add later do not break the test.
            let row: ErrorRow = serde_json::from_value(serde_json::json!({
                "http_status": 400,
                "code": "Proptest.NewError",
                "message": "A new documented error.",
                "variant": "ProptestNewError",
                "line": 9999,
            }))
            .expect("an error row");
            page.errors.push(row);
            Ok(Some((Kind::ErrorAdded, "Proptest.NewError".into())))
        }
        Edit::Reword(i) => {
            let v = paths(&page.params, &|_| true);
            let (_, loc) = pick(&v, i)?;
            at(&mut page.params, &loc)
                .description
                .push_str(" Reworded.");
            Ok(None)
        }
    }
}

/// The classes the rules must give each edit (spelled out here, not read from the table).
fn expected_classes(kind: Kind) -> (Semver, Wire, Class) {
    match kind {
        Kind::ParamRemoved => (Semver::Breaking, Wire::Narrowed, Class::Breaking),
        Kind::RangeNarrowed => (Semver::None, Wire::Narrowed, Class::Breaking),
        Kind::EnumVariantAdded => (Semver::Breaking, Wire::Widened, Class::Breaking),
        Kind::EnumValueAdded => (Semver::None, Wire::Widened, Class::Additive),
        Kind::ParamNowRequired => (Semver::Breaking, Wire::Narrowed, Class::Breaking),
        Kind::ParamNowOptional => (Semver::Breaking, Wire::Widened, Class::Breaking),
        Kind::FieldRemoved => (Semver::Breaking, Wire::ResponseLoses, Class::Breaking),
        Kind::ErrorAdded => (Semver::Additive, Wire::None, Class::Additive),
        other => panic!("no expectation for {}", other.as_str()),
    }
}

/// The property is not vacuous: every kind of edit applies to some page, at nested paths too.
fn every_edit_applies(pages: &[Page]) {
    for e in [
        Edit::DropParam(0),
        Edit::NarrowRange(0),
        Edit::AddEnumValue(0),
        Edit::FlipRequired(0),
        Edit::DropField(0),
        Edit::AddError,
        Edit::Reword(0),
    ] {
        assert!(
            pages.iter().any(|p| apply(&mut p.clone(), &e).is_ok()),
            "{e:?} applies to no page"
        );
    }
    let nested = pages
        .iter()
        .flat_map(|p| paths(&p.params, &|p| !p.constraints.is_empty()))
        .filter(|(path, _)| path.contains(".N"))
        .count();
    assert!(nested > 0);
}

#[test]
fn every_edit_applies_to_a_fixture_page() {
    assert!(FIXTURES.len() >= 8, "{} fixture pages", FIXTURES.len());
    every_edit_applies(&FIXTURES);
}

#[test]
fn every_edit_applies_to_a_corpus_page() {
    if ecs_codegen::corpus("diff_props::every_edit_applies_to_a_corpus_page").is_none() {
        return;
    }
    every_edit_applies(CORPUS.as_ref().expect("the corpus is there"));
}

/// `e` applied to `pages[which % len]` is reported as exactly that edit.
fn reported_as_that_edit(pages: &[Page], which: usize, e: &Edit) -> Result<(), TestCaseError> {
    let old = &pages[which % pages.len()];
    let mut new = old.clone();
    let Ok(want) = apply(&mut new, e) else {
        return Ok(());
    };
    let d = diff::diff_pages(old, &new);
    match want {
        None => {
            prop_assert!(d.changes.is_empty(), "{:?}", d.changes);
            prop_assert_eq!(d.status, Status::Cosmetic);
        }
        Some((kind, path)) => {
            prop_assert_eq!(d.changes.len(), 1, "{:?} gave {:#?}", e, d.changes);
            let c = &d.changes[0];
            prop_assert_eq!(c.kind, kind);
            prop_assert_eq!(&c.path, &path);
            prop_assert_eq!((c.semver, c.wire, c.class), expected_classes(kind));
            prop_assert_eq!(d.status, Status::Changed);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn one_edit_of_a_fixture_model_is_reported_as_exactly_that_edit((which, e) in edit()) {
        reported_as_that_edit(&FIXTURES, which, &e)?;
    }

    #[test]
    fn one_edit_of_a_corpus_model_is_reported_as_exactly_that_edit((which, e) in edit()) {
        if let Some(pages) = CORPUS.as_ref() {
            reported_as_that_edit(pages, which, &e)?;
        }
    }
}
