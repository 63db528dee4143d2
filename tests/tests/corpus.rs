//! The reader over the real corpus (`../shared/corpus`, or `$ECS_CORPUS`): how many action pages
//! read without an error diagnostic per folder, that no historic page panics, and that the
//! English and Chinese pages of one action read to the same parameters.

use ecs_codegen::ir::{Generation, Page, PageKind, Param, Severity, Type};
use ecs_codegen::page::{self, Block};
use ecs_codegen::table::{Col, Columns};
use std::collections::{BTreeMap, BTreeSet};

fn read_folder(sub: &str) -> Vec<Page> {
    let dir = ecs_codegen::corpus_dir().join(sub);
    assert!(
        dir.is_dir(),
        "corpus folder {} is missing (set ECS_CORPUS)",
        dir.display()
    );
    ecs_codegen::parse_dir(&dir).expect("corpus folder is readable")
}

/// At least 99% of the action pages of a folder have no error diagnostic; the rest are listed.
fn assert_clean(sub: &str) {
    let pages = read_folder(sub);
    let actions: Vec<&Page> = pages
        .iter()
        .filter(|p| p.kind == PageKind::Action)
        .collect();
    let failing: Vec<&&Page> = actions.iter().filter(|p| p.errors_count() > 0).collect();
    let clean = actions.len() - failing.len();
    println!(
        "{sub}: {} pages, {} action pages, {} without errors ({:.2}%)",
        pages.len(),
        actions.len(),
        clean,
        100.0 * clean as f64 / actions.len().max(1) as f64
    );
    for p in &failing {
        for d in p
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
        {
            println!("  {}:{}: [{}] {}", p.file, d.line, d.kind, d.message);
        }
    }
    for p in pages.iter().filter(|p| p.kind != PageKind::Action) {
        assert!(
            p.skip_reason.is_some(),
            "{} skipped without a reason",
            p.file
        );
    }
    assert!(
        actions.len() > 100,
        "{sub}: only {} action pages found",
        actions.len()
    );
    assert!(
        clean * 100 >= actions.len() * 99,
        "{sub}: {clean} of {} action pages are clean, below 99%",
        actions.len()
    );
}

#[test]
fn en_us_action_pages_read_cleanly() {
    assert_clean("ecs/en-US");
}

#[test]
fn zh_cn_action_pages_read_cleanly() {
    assert_clean("ecs/zh-CN");
}

#[test]
fn zh_cn_legacy_action_pages_read_cleanly() {
    assert_clean("ecs/zh-CN-legacy");
}

#[test]
fn every_history_page_reads_without_panic() {
    let mut files = Vec::new();
    ecs_codegen::read::collect_md(&ecs_codegen::corpus_dir().join("history"), &mut files)
        .expect("history");
    assert!(files.len() > 2000, "history has {} pages", files.len());
    let mut panicked = Vec::new();
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    let mut with_errors = 0;
    for f in &files {
        let text = std::fs::read_to_string(f).expect("readable page");
        let path = f.to_string_lossy().to_string();
        match std::panic::catch_unwind(|| ecs_codegen::parse_page(&path, &text)) {
            Ok(p) => {
                *kinds.entry(p.kind.as_str()).or_default() += 1;
                with_errors += usize::from(p.kind == PageKind::Action && p.errors_count() > 0);
            }
            Err(_) => panicked.push(path),
        }
    }
    println!(
        "history: {} pages {kinds:?}; action pages with errors: {with_errors}",
        files.len()
    );
    assert!(panicked.is_empty(), "the reader panicked on: {panicked:#?}");
}

/// Wire paths of every parameter, with type and required: `Tag.N.Key string false`.
fn flatten(params: &[Param], prefix: &str, out: &mut BTreeSet<String>) {
    for p in params {
        let path = format!("{prefix}{}", p.name);
        out.insert(format!("{path} {} {}", p.ty.as_str(), p.required));
        if let Some(item) = &p.item {
            if item.ty == Type::Struct {
                flatten(&item.fields, &format!("{path}.N."), out);
            } else {
                out.insert(format!("{path}.N {}", item.ty.as_str()));
            }
        }
        flatten(&p.fields, &format!("{path}."), out);
    }
}

/// The page's own request rows, normalised only for spelling (`.n` -> `.N`): name, type, required.
fn raw_rows(file: &str) -> BTreeSet<String> {
    let text = std::fs::read_to_string(file).expect("page");
    let doc = page::parse(&text);
    let mut out = BTreeSet::new();
    for s in &doc.sections {
        let h = s.heading.text.to_ascii_lowercase();
        if !(h.contains("请求参数") || h.starts_with("request param")) {
            continue;
        }
        for b in &s.blocks {
            if let Block::Table(t) = b {
                let cols = Columns::of(t);
                for r in &t.rows {
                    let name = cols.text(r, Col::Name).replace(".n.", ".N.");
                    let name = name
                        .strip_suffix(".n")
                        .map_or(name.clone(), |n| format!("{n}.N"));
                    if name.eq_ignore_ascii_case("action") {
                        continue;
                    }
                    let req = matches!(cols.text(r, Col::Required), "是" | "Yes" | "Yes.");
                    out.insert(format!(
                        "{name} {} {req}",
                        cols.text(r, Col::Type).to_ascii_lowercase()
                    ));
                }
            }
        }
    }
    out
}

#[test]
fn english_and_chinese_pages_agree_on_parameters() {
    let en = read_folder("ecs/en-US");
    let zh = read_folder("ecs/zh-CN");
    let index = |pages: &[Page]| -> BTreeMap<(String, Generation), Page> {
        pages
            .iter()
            .filter(|p| p.kind == PageKind::Action)
            .filter_map(|p| Some(((p.action.clone()?, p.generation?), p.clone())))
            .collect()
    };
    let (en, zh) = (index(&en), index(&zh));
    let mut compared = 0;
    let mut page_differs = Vec::new();
    let mut reader_differs = Vec::new();
    for (key, e) in &en {
        let Some(z) = zh.get(key) else { continue };
        compared += 1;
        let (mut a, mut b) = (BTreeSet::new(), BTreeSet::new());
        flatten(&e.params, "", &mut a);
        flatten(&z.params, "", &mut b);
        if a == b {
            continue;
        }
        if raw_rows(&e.file) != raw_rows(&z.file) {
            page_differs.push(format!(
                "{} ({:?}): en-only {:?}, zh-only {:?}",
                key.0,
                key.1,
                a.difference(&b).collect::<Vec<_>>(),
                b.difference(&a).collect::<Vec<_>>()
            ));
        } else {
            reader_differs.push(format!(
                "{} ({:?}): identical rows read differently: en-only {:?}, zh-only {:?}",
                key.0,
                key.1,
                a.difference(&b).collect::<Vec<_>>(),
                b.difference(&a).collect::<Vec<_>>()
            ));
        }
    }
    println!(
        "{compared} actions in both en-US and zh-CN at one generation; {} agree; {} differ because the pages differ:",
        compared - page_differs.len() - reader_differs.len(),
        page_differs.len()
    );
    for d in &page_differs {
        println!("  {d}");
    }
    assert!(compared > 100, "only {compared} actions paired");
    assert!(reader_differs.is_empty(), "{reader_differs:#?}");
}
