//! The reader over the real corpus (`../shared/corpus`, or `$ECS_CORPUS`): how many action pages
//! read without an error diagnostic per folder (ECS, its history, and every product in
//! `products/`), that no historic page panics, that every name read is a plausible wire name,
//! and that the English and Chinese pages of one action read to the same parameters. Those
//! tests are skipped (one line each) without the corpus; the `fixture_` tests read the
//! project's own pages (`tests/pages/`) the same way.

use ecs_codegen::ir::{Field, Generation, Page, PageKind, Param, Severity, Type};
use ecs_codegen::page::{self, Block};
use ecs_codegen::read::response::wire_names::is_identifier;
use ecs_codegen::read::Resolver;
use ecs_codegen::table::{Col, Columns};
use std::collections::{BTreeMap, BTreeSet};

/// The error diagnostics of a page.
fn errors(p: &Page) -> impl Iterator<Item = &ecs_codegen::ir::Diagnostic> {
    p.diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
}

/// Prints each error of a page, located.
fn print_errors(p: &Page) {
    for d in errors(p) {
        println!("  {}:{}: [{}] {}", p.file, d.line, d.kind, d.message);
    }
}

/// The corpus for `test`, or `None` (skipped) without it.
fn corpus(test: &str) -> Option<std::path::PathBuf> {
    ecs_codegen::corpus(&format!("corpus::{test}"))
}

fn read_folder(corpus: &std::path::Path, sub: &str) -> Vec<Page> {
    let dir = corpus.join(sub);
    assert!(dir.is_dir(), "corpus folder {} is missing", dir.display());
    ecs_codegen::parse_dir(&dir).expect("corpus folder is readable")
}

/// The project's fixture pages (`tests/pages/`, its history included).
fn fixture_pages() -> Vec<Page> {
    ecs_codegen::parse_dir(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("pages"))
        .expect("tests/pages is readable")
}

/// The action pages of `pages`, and those of them with an error diagnostic.
fn actions_and_failing(pages: &[Page]) -> (Vec<&Page>, Vec<&Page>) {
    let actions: Vec<&Page> = pages
        .iter()
        .filter(|p| p.kind == PageKind::Action)
        .collect();
    let failing = actions
        .iter()
        .copied()
        .filter(|p| p.errors_count() > 0)
        .collect();
    (actions, failing)
}

/// At least 99% of the action pages of a folder have no error diagnostic; the rest are listed.
fn assert_clean(corpus: &std::path::Path, sub: &str) {
    let pages = read_folder(corpus, sub);
    let (actions, failing) = actions_and_failing(&pages);
    let clean = actions.len() - failing.len();
    println!(
        "{sub}: {} pages, {} action pages, {} without errors ({:.2}%)",
        pages.len(),
        actions.len(),
        clean,
        100.0 * clean as f64 / actions.len().max(1) as f64
    );
    for p in &failing {
        print_errors(p);
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
    if let Some(c) = corpus("en_us_action_pages_read_cleanly") {
        assert_clean(&c, "ecs/en-US");
    }
}

#[test]
fn zh_cn_action_pages_read_cleanly() {
    if let Some(c) = corpus("zh_cn_action_pages_read_cleanly") {
        assert_clean(&c, "ecs/zh-CN");
    }
}

#[test]
fn zh_cn_legacy_action_pages_read_cleanly() {
    if let Some(c) = corpus("zh_cn_legacy_action_pages_read_cleanly") {
        assert_clean(&c, "ecs/zh-CN-legacy");
    }
}

/// Action pages of `products/` whose errors are not the reader's to fix: (file below
/// `products/`, diagnostic kind, why).
const PRODUCT_PAGE_DEFECTS: &[(&str, &str, &str)] = &[
    // None today: every error the products' pages gave is read now. A page whose errors are
    // its own defects is listed here as (file below `products/`, kind, why).
];

/// Every product and language folder below `products/`: at least 99% of its action pages read
/// without an error diagnostic (in a folder of fewer than 100, every one), and each page that
/// does not is listed with the reason.
#[test]
fn product_action_pages_read_cleanly() {
    let Some(corpus) = corpus("product_action_pages_read_cleanly") else {
        return;
    };
    let root = corpus.join("products");
    let mut folders: Vec<String> = Vec::new();
    for product in std::fs::read_dir(&root).expect("products/").flatten() {
        if !product.path().is_dir() {
            continue;
        }
        for lang in std::fs::read_dir(product.path())
            .expect("product folder")
            .flatten()
        {
            if lang.path().is_dir() {
                let p = product.file_name().to_string_lossy().to_string();
                folders.push(format!("{p}/{}", lang.file_name().to_string_lossy()));
            }
        }
    }
    folders.sort();
    assert!(
        folders.len() >= 14,
        "only {} product folders",
        folders.len()
    );
    let mut below = Vec::new();
    let mut unlisted = Vec::new();
    let mut total = (0, 0);
    for sub in &folders {
        let pages = read_folder(&corpus, &format!("products/{sub}"));
        let (actions, failing) = actions_and_failing(&pages);
        let clean = actions.len() - failing.len();
        total = (total.0 + actions.len(), total.1 + clean);
        println!(
            "{sub}: {clean}/{} action pages without errors ({:.1}%)",
            actions.len(),
            100.0 * clean as f64 / actions.len().max(1) as f64
        );
        for p in pages.iter().filter(|p| p.kind != PageKind::Action) {
            assert!(
                p.skip_reason.is_some(),
                "{} skipped without a reason",
                p.file
            );
        }
        for p in &failing {
            for d in errors(p) {
                let listed = PRODUCT_PAGE_DEFECTS
                    .iter()
                    .find(|(f, k, _)| p.file.ends_with(f) && *k == d.kind);
                match listed {
                    Some((_, _, why)) => {
                        println!("  {}:{}: [{}] page defect: {why}", p.file, d.line, d.kind)
                    }
                    None => {
                        unlisted.push(format!("{}:{}: [{}] {}", p.file, d.line, d.kind, d.message))
                    }
                }
            }
        }
        if clean * 100 < actions.len() * 99 {
            below.push(format!("{sub}: {clean}/{}", actions.len()));
        }
    }
    println!(
        "products/: {}/{} action pages without errors",
        total.1, total.0
    );
    assert!(total.0 > 800, "only {} product action pages", total.0);
    assert!(
        unlisted.is_empty(),
        "errors that are not listed page defects: {unlisted:#?}"
    );
    assert!(below.is_empty(), "folders below 99%: {below:?}");
}

/// Every request parameter (at every depth) is an identifier, and every response field name
/// is one, or a dotted key the page's example carries, or reported by an error on its row.
#[test]
fn every_name_read_is_a_plausible_wire_name() {
    let Some(corpus) = corpus("every_name_read_is_a_plausible_wire_name") else {
        return;
    };
    let mut pages = Vec::new();
    for sub in ["ecs", "products"] {
        pages.extend(read_folder(&corpus, sub));
    }
    let checked = names_are_plausible(&pages);
    assert!(checked > 15_000, "only {checked} names");
}

#[test]
fn fixture_names_read_are_plausible_wire_names() {
    let checked = names_are_plausible(&fixture_pages());
    assert!(checked > 60, "only {checked} names");
}

/// Every request parameter (at every depth) of the action pages is an identifier, and every
/// response field name is one, or a dotted key the page's example carries, or reported by an
/// error on its row; the number of names checked.
fn names_are_plausible(pages: &[Page]) -> usize {
    fn params(ps: &[Param], out: &mut Vec<(String, u32)>) {
        for p in ps {
            out.push((p.name.clone(), p.line));
            params(&p.fields, out);
            if let Some(i) = &p.item {
                params(std::slice::from_ref(i.as_ref()), out);
            }
        }
    }
    fn fields(fs: &[Field], out: &mut Vec<(String, u32)>) {
        for f in fs {
            out.push((f.name.clone(), f.line));
            fields(&f.fields, out);
            if let Some(i) = &f.item {
                fields(std::slice::from_ref(i.as_ref()), out);
            }
        }
    }
    let mut silent = Vec::new();
    let mut checked = 0;
    {
        for p in pages.iter().filter(|p| p.kind == PageKind::Action) {
            let mut req = Vec::new();
            params(&p.params, &mut req);
            let mut resp = Vec::new();
            fields(&p.response.fields, &mut resp);
            checked += req.len() + resp.len();
            for (name, line) in req {
                if !is_identifier(&name) {
                    silent.push(format!("{}:{line}: parameter `{name}`", p.file));
                }
            }
            let literal = |name: &str| {
                name.split('.').all(is_identifier)
                    && p.examples.json.iter().any(|j| has_key(&j.value, name))
            };
            for (name, line) in resp {
                let reported = p
                    .diagnostics
                    .iter()
                    .any(|d| d.severity == Severity::Error && d.line == line);
                if !is_identifier(&name) && !literal(&name) && !reported {
                    silent.push(format!("{}:{line}: response field `{name}`", p.file));
                }
            }
        }
    }
    println!("{checked} names checked");
    assert!(
        silent.is_empty(),
        "implausible names read without an error: {silent:#?}"
    );
    checked
}

/// Every fixture page is an action page that reads without an error diagnostic or warning,
/// with its examples read.
#[test]
fn fixture_action_pages_read_cleanly() {
    let pages = fixture_pages();
    assert!(pages.len() >= 8, "only {} fixture pages", pages.len());
    for p in &pages {
        assert_eq!(p.kind, PageKind::Action, "{}", p.file);
        assert!(p.diagnostics.is_empty(), "{}: {:#?}", p.file, p.diagnostics);
        assert!(
            !p.examples.requests.is_empty(),
            "{}: no request example",
            p.file
        );
        assert!(!p.examples.json.is_empty(), "{}: no JSON example", p.file);
        assert!(!p.errors.is_empty(), "{}: no error rows", p.file);
    }
}

/// `key` occurs as an object key anywhere in `v`.
fn has_key(v: &serde_json::Value, key: &str) -> bool {
    match v {
        serde_json::Value::Object(m) => m.iter().any(|(k, v)| k == key || has_key(v, key)),
        serde_json::Value::Array(a) => a.iter().any(|v| has_key(v, key)),
        _ => false,
    }
}

/// At least 99% of the history's action pages read without an error diagnostic. Its pages
/// are earlier versions kept apart from the data-type pages of their generation, so those
/// are looked up in `ecs/zh-CN-legacy` (the 2018 generation) when not beside the page, and
/// the current version of each page (`ecs/en-US`, `ecs/zh-CN`) settles rows that two open
/// blocks explain equally well.
#[test]
fn history_action_pages_read_cleanly() {
    let Some(corpus) = corpus("history_action_pages_read_cleanly") else {
        return;
    };
    let mut files = Vec::new();
    ecs_codegen::read::collect_md(&corpus.join("history"), &mut files).expect("history");
    let mut resolver = Resolver::with_type_dirs(
        ["ecs/en-US", "ecs/zh-CN", "ecs/zh-CN-legacy"]
            .iter()
            .map(|d| corpus.join(d))
            .collect(),
    );
    let (mut actions, mut failing) = (0, Vec::new());
    for f in &files {
        let text = std::fs::read_to_string(f).expect("readable page");
        let p = ecs_codegen::read::parse_page_with(&f.to_string_lossy(), &text, &mut resolver);
        if p.kind == PageKind::Action {
            actions += 1;
            if p.errors_count() > 0 {
                failing.push(p);
            }
        }
    }
    let clean = actions - failing.len();
    println!(
        "history: {clean}/{actions} action pages without errors ({:.2}%)",
        100.0 * clean as f64 / actions.max(1) as f64
    );
    for p in &failing {
        print_errors(p);
    }
    assert!(actions > 2000, "only {actions} history action pages");
    assert!(
        clean * 100 >= actions * 99,
        "history: {clean} of {actions} action pages are clean, below 99%"
    );
}

#[test]
fn every_history_page_reads_without_panic() {
    let Some(corpus) = corpus("every_history_page_reads_without_panic") else {
        return;
    };
    let mut files = Vec::new();
    ecs_codegen::read::collect_md(&corpus.join("history"), &mut files).expect("history");
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

/// Pairs the action pages of two folders by (action, generation) and compares their parameters:
/// (pairs compared, pairs whose pages differ, pairs whose identical rows were read differently).
fn agreement(
    corpus: &std::path::Path,
    en_dir: &str,
    zh_dir: &str,
) -> (usize, Vec<String>, Vec<String>) {
    let en = read_folder(corpus, en_dir);
    let zh = read_folder(corpus, zh_dir);
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
        let diff = format!(
            "{} ({:?}): en-only {:?}, zh-only {:?}",
            key.0,
            key.1,
            a.difference(&b).collect::<Vec<_>>(),
            b.difference(&a).collect::<Vec<_>>()
        );
        if raw_rows(&e.file) != raw_rows(&z.file) {
            page_differs.push(diff);
        } else {
            reader_differs.push(format!("identical rows read differently: {diff}"));
        }
    }
    println!(
        "{en_dir} / {zh_dir}: {compared} actions in both at one generation; {} agree; {} differ because the pages differ:",
        compared - page_differs.len() - reader_differs.len(),
        page_differs.len()
    );
    for d in &page_differs {
        println!("  {d}");
    }
    (compared, page_differs, reader_differs)
}

#[test]
fn english_and_chinese_pages_agree_on_parameters() {
    let Some(corpus) = corpus("english_and_chinese_pages_agree_on_parameters") else {
        return;
    };
    let (compared, _, reader_differs) = agreement(&corpus, "ecs/en-US", "ecs/zh-CN");
    assert!(compared > 100, "only {compared} actions paired");
    assert!(reader_differs.is_empty(), "{reader_differs:#?}");
}

/// The same for every product with both an en-US and a zh-CN folder.
#[test]
fn english_and_chinese_product_pages_agree_on_parameters() {
    let Some(corpus) = corpus("english_and_chinese_product_pages_agree_on_parameters") else {
        return;
    };
    let root = corpus.join("products");
    let mut products: Vec<String> = std::fs::read_dir(&root)
        .expect("products/")
        .flatten()
        .filter(|e| e.path().join("en-US").is_dir() && e.path().join("zh-CN").is_dir())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect();
    products.sort();
    assert!(products.len() >= 6, "only {products:?} have both languages");
    let mut total = 0;
    let mut reader_differs = Vec::new();
    for p in &products {
        let (compared, _, differs) = agreement(
            &corpus,
            &format!("products/{p}/en-US"),
            &format!("products/{p}/zh-CN"),
        );
        total += compared;
        reader_differs.extend(differs.into_iter().map(|d| format!("{p}: {d}")));
    }
    assert!(total > 200, "only {total} actions paired");
    assert!(reader_differs.is_empty(), "{reader_differs:#?}");
}
