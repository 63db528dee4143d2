//! The whole current English corpus: every action page loads and every action answers (skipped
//! without the corpus); the same on the project's own pages (`tests/pages/` and the seed).

mod common;
use common::*;
use std::collections::BTreeSet;

/// The English corpus pages, or `None` (skipped) without the corpus.
fn corpus_pages(test: &str) -> Option<Vec<ecs_codegen::ir::Page>> {
    let dir = ecs_codegen::corpus(&format!("emulator corpus::{test}"))?.join("ecs/en-US");
    Some(ecs_codegen::parse_dir(&dir).expect("the corpus reads"))
}

/// The seed and the top-level fixture pages of `tests/pages/` (their history left out).
fn fixture_pages() -> Vec<ecs_codegen::ir::Page> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut pages = ecs_codegen::parse_dir(&root.join("specs")).expect("the seed reads");
    let mut files: Vec<_> = std::fs::read_dir(root.join("tests/pages"))
        .expect("tests/pages")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    files.sort();
    for f in files {
        pages.push(ecs_codegen::parse_file(&f).expect("a fixture page"));
    }
    pages
}

#[tokio::test]
async fn the_english_corpus_is_served_and_every_action_answers() {
    if let Some(pages) = corpus_pages("the_english_corpus_is_served_and_every_action_answers") {
        every_action_answers(pages, 200).await;
    }
}

#[tokio::test]
async fn the_fixture_pages_are_served_and_every_action_answers() {
    every_action_answers(fixture_pages(), 5).await;
}

/// Serves `pages`; each action called without its own parameters answers with success or a
/// refusal naming what is missing, never a server error.
async fn every_action_answers(pages: Vec<ecs_codegen::ir::Page>, at_least: usize) {
    let actions: BTreeSet<&str> = pages
        .iter()
        .filter(|p| p.kind == ecs_codegen::ir::PageKind::Action)
        .filter_map(|p| p.action.as_deref())
        .collect();
    let emu = ecs_emulator::Emulator::builder()
        .pages(pages.clone())
        .access_key(ID, SECRET)
        .start()
        .await
        .expect("starts");
    let summary = emu.summary().clone();
    eprintln!(
        "{} pages, {} actions served ({} duplicate pages), {} without a JSON example: {:?}",
        summary.pages,
        summary.actions,
        summary.duplicates.len(),
        summary.without_json_example.len(),
        summary.without_json_example
    );
    assert_eq!(summary.actions, actions.len());
    assert!(summary.actions >= at_least, "{}", summary.actions);
    assert_eq!(emu.actions(), actions.iter().copied().collect::<Vec<_>>());
    // Each action called without its own parameters: a success (nothing required) or a
    // refusal naming what is missing; never a server error.
    let mut ok = 0;
    for action in &actions {
        let mut req = V3::new(Vec::new());
        req.action = action.to_string();
        let (status, v) = json(req.send(&emu).await).await;
        match status {
            200 => {
                assert!(v["RequestId"].is_string(), "{action}: {v}");
                ok += 1;
            }
            400..=499 => {
                // MissingParameter, or the page's own Missing… row.
                let code = v["Code"].as_str().unwrap_or_default();
                assert!(code.starts_with("Missing"), "{action}: {v}");
            }
            _ => panic!("{action}: {status} {v}"),
        }
    }
    eprintln!(
        "{ok} of {} actions succeed without parameters",
        actions.len()
    );
    assert_eq!(emu.total_executions(), ok);
    emu.shutdown().await;
}

/// The pages' own request examples, sent signed: most are answered with success; the rest
/// are the documentation inconsistencies the client's corpus test lists too (placeholders
/// like `…`, misspelt names, values outside a documented range).
#[tokio::test]
async fn the_pages_request_examples_mostly_succeed() {
    if let Some(pages) = corpus_pages("the_pages_request_examples_mostly_succeed") {
        let (sent, ok, not_found) = request_examples(pages).await;
        assert!(sent > 150, "{sent}");
        assert!(
            (ok + not_found) * 100 >= sent * 75,
            "{ok} + {not_found} of {sent}"
        );
        assert!(ok * 100 >= sent * 50, "{ok} of {sent}");
    }
}

/// The fixture pages' examples are consistent with their pages: every one succeeds.
#[tokio::test]
async fn every_fixture_request_example_succeeds() {
    let (sent, ok, not_found) = request_examples(fixture_pages()).await;
    assert!(sent >= 6, "{sent}");
    assert_eq!(ok + not_found, sent);
}

/// Sends every request example of `pages`, signed, to an emulator holding no resources;
/// `(sent, answered with success, answered 404 by an action that acts on state)`: an
/// example that names a resource by id finds none, as ECS would answer it.
async fn request_examples(pages: Vec<ecs_codegen::ir::Page>) -> (usize, usize, usize) {
    let emu = ecs_emulator::Emulator::builder()
        .pages(pages.clone())
        .access_key(ID, SECRET)
        .start()
        .await
        .expect("starts");
    let common = ecs_client::transport::COMMON_PARAMS;
    let stateful: BTreeSet<String> = emu
        .coverage()
        .families
        .iter()
        .flat_map(|f| f.actions.iter().map(|(a, _)| a.clone()))
        .collect();
    let (mut sent, mut ok, mut not_found) = (0, 0, 0);
    let mut refused: std::collections::BTreeMap<String, usize> = Default::default();
    for page in &pages {
        let Some(action) = page.action.as_deref() else {
            continue;
        };
        if page.kind != ecs_codegen::ir::PageKind::Action {
            continue;
        }
        for example in &page.examples.requests {
            let query: Params = example
                .params
                .iter()
                .filter(|(k, _)| !common.contains(&k.as_str()))
                .map(|(k, v)| {
                    let v = percent_encoding::percent_decode_str(v).decode_utf8_lossy();
                    (k.clone(), v.into_owned())
                })
                .collect();
            let mut req = V3::new(query);
            req.action = action.to_string();
            let (status, v) = json(req.send(&emu).await).await;
            sent += 1;
            if status == 200 {
                ok += 1;
            } else if status == 404 && stateful.contains(action) {
                not_found += 1;
            } else {
                assert!(status < 500, "{}: {status} {v}", page.file);
                *refused
                    .entry(v["Code"].as_str().unwrap_or_default().to_string())
                    .or_default() += 1;
            }
        }
    }
    eprintln!(
        "{ok} of {sent} request examples succeed, {not_found} name a resource the empty state does not hold; refused by code: {refused:?}"
    );
    emu.shutdown().await;
    (sent, ok, not_found)
}
